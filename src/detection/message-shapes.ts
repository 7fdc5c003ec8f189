/**
 * Message shapes: messages equal up to their digits ("GET /api/users/4711 200 in 45ms" and
 * "GET /api/users/1234 200 in 61ms"). An incident repeats a few hundred shapes, and everything
 * read from a message's text except the values of its numbers is the same for every message of a
 * shape: error keywords, which numbers may be a response time and in which unit, whether a memory
 * or timeout wording is present, the template skeleton. So each shape is parsed once and its
 * messages only read their numbers (features.ts); the parsers themselves stay in
 * message-metrics.ts and templates.ts.
 *
 * Shapes are compared exactly (a hash only finds the candidates), so sharing never changes an
 * answer.
 */
import { countErrorKeywords, mayMentionMemory, mentionsTimeout, responseTimePlan } from "./message-metrics.js";
import { LogTable } from "./log-table.js";
import { skeletonKey } from "./templates.js";

export interface MessageShapes {
  /** Shape id of each row; ids are 0..count-1 in order of first appearance. */
  shapeOf: Int32Array;
  count: number;
  /** Error keywords per shape. */
  keywords: Int32Array;
  /** 1 when a memory wording may be present (parseMemoryPct must run), per shape. */
  memory: Uint8Array;
  /** 1 when the message reports a timeout (mentionsTimeout), per shape. */
  timeout: Uint8Array;
  /** Template skeleton key (templates.ts skeletonKey) per shape. */
  skeleton: Float64Array;
  /** Response time plan of shape s: planPool[planStart[s] .. planStart[s + 1]) (message-metrics.ts). */
  planStart: Int32Array;
  planPool: readonly number[];
}

/**
 * Shapes are hashed and compared on the message's UTF-8 bytes (encodeInto): a byte loop over a
 * typed array runs at the same speed whatever V8's internal representation of the string (a
 * concatenated message is a rope, and charCodeAt on it is much slower). Digits are single bytes
 * in UTF-8 and never part of a multi-byte character, so "equal up to digits" is the same on
 * bytes as on characters. (encodeInto writes a lone surrogate as U+FFFD; no parser tells those
 * apart either: none of them is a letter, digit or blank.)
 */
const ENCODER = new TextEncoder();

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Growable byte store of one sample message per shape. */
class SampleBytes {
  bytes = new Uint8Array(4096);
  used = 0;
  readonly start: number[] = [];
  readonly length: number[] = [];

  add(src: Uint8Array, length: number): void {
    if (this.used + length > this.bytes.length) {
      const b = new Uint8Array(2 * (this.used + length));
      b.set(this.bytes.subarray(0, this.used));
      this.bytes = b;
    }
    this.bytes.set(src.subarray(0, length), this.used);
    this.start.push(this.used);
    this.length.push(length);
    this.used += length;
  }

  /** Whether shape s's sample equals src[0, length) up to digits. */
  matches(s: number, src: Uint8Array, length: number): boolean {
    if (this.length[s] !== length) return false;
    const bytes = this.bytes;
    const base = this.start[s]!;
    for (let k = 0; k < length; k++) {
      const x = bytes[base + k]!;
      const y = src[k]!;
      if (x !== y && !(isDigit(x) && isDigit(y))) return false;
    }
    return true;
  }
}

/** Hash of src[0, length) with every digit read as "0". */
function shapeHash(src: Uint8Array, length: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = 0; k < length; k++) {
    const c = src[k]!;
    h = Math.imul(h ^ (isDigit(c) ? 48 : c), 0x01000193);
  }
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** Typed-array copy with room for `size` entries (shapes are appended one at a time). */
function grown<T extends Int32Array | Uint8Array | Float64Array>(a: T, size: number): T {
  if (size <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, 2 * a.length));
  b.set(a);
  return b;
}

export function messageShapes(logs: LogTable | readonly { message: string }[]): MessageShapes {
  const messages: readonly unknown[] = logs instanceof LogTable ? logs.messages : logs.map((l) => l.message);
  const n = messages.length;
  const shapeOf = new Int32Array(n);
  const initial = Math.min(n, 256) + 1;
  let keywords = new Int32Array(initial);
  let memory = new Uint8Array(initial);
  let timeout = new Uint8Array(initial);
  let skeleton = new Float64Array(initial);
  let planStart = new Int32Array(initial + 1);
  let next = new Int32Array(initial);
  const samples = new SampleBytes();
  const planPool: number[] = [];
  /** First shape id per hash; `next` chains shapes whose hashes are equal. */
  const byHash = new Map<number, number>();
  let buf = new Uint8Array(1024);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const raw = messages[i];
    const message = typeof raw === "string" ? raw : "";
    // A UTF-16 code unit takes at most 3 bytes.
    if (3 * message.length > buf.length) buf = new Uint8Array(3 * message.length + 1024);
    const length = ENCODER.encodeInto(message, buf).written;
    const h = shapeHash(buf, length);
    const first = byHash.get(h);
    let s = first ?? -1;
    while (s >= 0 && !samples.matches(s, buf, length)) s = next[s]!;
    if (s < 0) {
      s = count++;
      keywords = grown(keywords, s + 1);
      memory = grown(memory, s + 1);
      timeout = grown(timeout, s + 1);
      skeleton = grown(skeleton, s + 1);
      next = grown(next, s + 1);
      planStart = grown(planStart, s + 2);
      samples.add(buf, length);
      keywords[s] = countErrorKeywords(message);
      memory[s] = mayMentionMemory(message) ? 1 : 0;
      timeout[s] = mentionsTimeout(message) ? 1 : 0;
      skeleton[s] = skeletonKey(message);
      for (const x of responseTimePlan(message)) planPool.push(x);
      planStart[s + 1] = planPool.length;
      next[s] = first ?? -1;
      byHash.set(h, s);
    }
    shapeOf[i] = s;
  }
  return { shapeOf, count, keywords, memory, timeout, skeleton, planStart, planPool };
}
