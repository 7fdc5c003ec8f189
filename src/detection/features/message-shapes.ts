/**
 * Message shapes: messages equal up to their digits ("GET /api/users/4711 200 in 45ms" and
 * "GET /api/users/1234 200 in 61ms"). An incident repeats a few hundred shapes, and everything
 * read from a message's text except the values of its numbers is the same for every message of a
 * shape: error keywords, which numbers may be a response time and in which unit, whether a memory
 * or timeout wording is present, the template skeleton. So each shape is parsed once and its
 * messages only read their numbers (features.ts). The number and keyword parsers stay in
 * message-metrics.ts; the template skeleton (skeletonKey) is here, and the miner in templates.ts
 * reads it per shape.
 *
 * Shapes are compared exactly (a hash only finds the candidates), so sharing never changes an
 * answer.
 */
import { countErrorKeywords, delayWords, mayMentionMemory, responseTimePlan } from "./message-metrics.js";
import { LogTable } from "../../logs/log-table.js";

export interface MessageShapes {
  /** Shape id of each row; ids are 0..count-1 in order of first appearance. */
  shapeOf: Int32Array;
  count: number;
  /** Error keywords per shape. */
  keywords: Int32Array;
  /** 1 when a memory wording may be present (parseMemoryPct must run), per shape. */
  memory: Uint8Array;
  /** How the message reports a delay (delayWords: none, a timeout, slow in words), per shape. */
  timeout: Uint8Array;
  /** Template skeleton key (skeletonKey) per shape. */
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

/**
 * One thread's shapes, as it posts them to another (ShapeBuilder.merge): the samples, hashes and
 * what was parsed of each shape, so the other side never parses them again.
 */
export interface ShapesPart extends Omit<MessageShapes, "shapeOf"> {
  hashes: Int32Array;
  sampleBytes: Uint8Array;
  sampleStart: number[];
  sampleLength: number[];
}

/** Shapes found so far, one message at a time. */
export class ShapeBuilder {
  count = 0;
  private keywords = new Int32Array(257);
  private memory = new Uint8Array(257);
  private timeout = new Uint8Array(257);
  private skeleton = new Float64Array(257);
  private planStart = new Int32Array(258);
  private hashes = new Int32Array(257);
  /** Chains shapes whose hashes are equal, from byHash's first. */
  private next = new Int32Array(257);
  private readonly samples = new SampleBytes();
  private readonly planPool: number[] = [];
  private readonly byHash = new Map<number, number>();
  private buf = new Uint8Array(1024);

  /** The shape id of `message`, parsing it when its shape is new. */
  add(message: string): number {
    // A UTF-16 code unit takes at most 3 bytes.
    if (3 * message.length > this.buf.length) this.buf = new Uint8Array(3 * message.length + 1024);
    const buf = this.buf;
    const length = ENCODER.encodeInto(message, buf).written;
    const h = shapeHash(buf, length);
    const s = this.find(h, buf, length);
    if (s >= 0) return s;
    const plan = responseTimePlan(message);
    return this.append(
      h,
      buf,
      length,
      countErrorKeywords(message),
      mayMentionMemory(message) ? 1 : 0,
      delayWords(message),
      skeletonKey(message),
      plan,
      0,
      plan.length,
    );
  }

  /**
   * Another builder's shapes, for rows that come after this one's: the id here of each of its
   * shapes (those new here are appended in its order, so ids stay in order of first appearance).
   */
  merge(o: ShapesPart): Int32Array {
    const ids = new Int32Array(o.count);
    for (let t = 0; t < o.count; t++) {
      const start = o.sampleStart[t]!;
      const length = o.sampleLength[t]!;
      const sample = o.sampleBytes.subarray(start, start + length);
      const s = this.find(o.hashes[t]!, sample, length);
      ids[t] =
        s >= 0
          ? s
          : this.append(
              o.hashes[t]!,
              sample,
              length,
              o.keywords[t]!,
              o.memory[t]!,
              o.timeout[t]!,
              o.skeleton[t]!,
              o.planPool,
              o.planStart[t]!,
              o.planStart[t + 1]!,
            );
    }
    return ids;
  }

  part(): ShapesPart {
    const n = this.count;
    return {
      count: n,
      keywords: this.keywords.slice(0, n),
      memory: this.memory.slice(0, n),
      timeout: this.timeout.slice(0, n),
      skeleton: this.skeleton.slice(0, n),
      planStart: this.planStart.slice(0, n + 1),
      planPool: this.planPool,
      hashes: this.hashes.slice(0, n),
      sampleBytes: this.samples.bytes.slice(0, this.samples.used),
      sampleStart: this.samples.start,
      sampleLength: this.samples.length,
    };
  }

  /** The shapes of rows whose shape ids are `shapeOf`. */
  shapes(shapeOf: Int32Array): MessageShapes {
    const { count, keywords, memory, timeout, skeleton, planStart, planPool } = this;
    return { shapeOf, count, keywords, memory, timeout, skeleton, planStart, planPool };
  }

  private find(h: number, bytes: Uint8Array, length: number): number {
    let s = this.byHash.get(h) ?? -1;
    while (s >= 0 && !this.samples.matches(s, bytes, length)) s = this.next[s]!;
    return s;
  }

  private append(
    h: number,
    bytes: Uint8Array,
    length: number,
    keywords: number,
    memory: number,
    timeout: number,
    skeleton: number,
    planPool: readonly number[],
    planFrom: number,
    planTo: number,
  ): number {
    const s = this.count++;
    this.keywords = grown(this.keywords, s + 1);
    this.memory = grown(this.memory, s + 1);
    this.timeout = grown(this.timeout, s + 1);
    this.skeleton = grown(this.skeleton, s + 1);
    this.hashes = grown(this.hashes, s + 1);
    this.next = grown(this.next, s + 1);
    this.planStart = grown(this.planStart, s + 2);
    this.samples.add(bytes, length);
    this.keywords[s] = keywords;
    this.memory[s] = memory;
    this.timeout[s] = timeout;
    this.skeleton[s] = skeleton;
    this.hashes[s] = h;
    for (let k = planFrom; k < planTo; k++) this.planPool.push(planPool[k]!);
    this.planStart[s + 1] = this.planPool.length;
    this.next[s] = this.byHash.get(h) ?? -1;
    this.byHash.set(h, s);
    return s;
  }
}

export function messageShapes(logs: LogTable | readonly { message: string }[]): MessageShapes {
  const messages: readonly unknown[] = logs instanceof LogTable ? logs.messages : logs.map((l) => l.message);
  const b = new ShapeBuilder();
  const shapeOf = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const raw = messages[i];
    shapeOf[i] = b.add(typeof raw === "string" ? raw : "");
  }
  return b.shapes(shapeOf);
}

/**
 * A 53-bit hash of a message's skeleton (whitespace-separated tokens, a token holding a digit
 * replaced by a mask), computed in one scan without slicing: two 32-bit multiplicative
 * hashes, so equal skeletons always collide and different ones practically never.
 */
export function skeletonKey(message: string): number {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x2545f491 | 0;
  let t1 = 0;
  let t2 = 0;
  let inToken = false;
  let digit = false;
  const n = message.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? message.charCodeAt(i) : 32;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (inToken) {
        const a = digit ? 0x5f3759df : t1;
        const b = digit ? 0x1b873593 : t2;
        h1 = Math.imul(h1 ^ a, 0x01000193);
        h2 = Math.imul(h2 ^ b, 0x5bd1e995);
        h2 ^= h2 >>> 15;
        inToken = false;
        digit = false;
      }
    } else {
      if (!inToken) {
        inToken = true;
        t1 = 0x811c9dc5 | 0;
        t2 = 0x9747b28c | 0;
      }
      if (c >= 48 && c <= 57) digit = true;
      t1 = Math.imul(t1 ^ c, 0x01000193);
      t2 = Math.imul(t2 ^ c, 0xcc9e2d51);
    }
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 0x1fffff);
}

/** Each shape's skeleton as a dense id (shapes of one skeleton key share it), and how many there are. */
export function skeletonIds(shapes: Pick<MessageShapes, "count" | "skeleton">): { ofShape: Int32Array; count: number } {
  const ids = new Map<number, number>();
  const ofShape = new Int32Array(shapes.count);
  for (let s = 0; s < shapes.count; s++) {
    const key = shapes.skeleton[s]!;
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    ofShape[s] = id;
  }
  return { ofShape, count: ids.size };
}

/** The skeleton skeletonKey hashes, as text: tokens joined by one space, a token holding a digit as `<*>`. */
export function skeletonText(message: string): string {
  return message
    .split(/[ \t\n\r]+/)
    .filter((t) => t !== "")
    .map((t) => (/[0-9]/.test(t) ? "<*>" : t))
    .join(" ");
}
