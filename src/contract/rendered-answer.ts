import type { DetectResponse } from "./detect-response.js";

/**
 * An answer rendered to JSON by the thread that computed it. A large incident's answer lists up
 * to MAX_LISTED_ANOMALIES lines (megabytes of JSON): copied to the main thread as objects and
 * serialised there, it would hold the event loop (health checks, the consumer) for tens of
 * milliseconds. Rendered in the detection thread, it crosses as bytes (transferred, not copied),
 * the main thread receives everything but the listed anomalies as objects, and the HTTP reply
 * and the stored result are the bytes as they are. `anomalies` is still there for code that
 * reads it: decoded from the bytes on first access.
 */
export interface RenderedAnswer {
  /** The answer without `anomalies`, in its key order. */
  head: Omit<DetectResponse, "anomalies">;
  /** Key order of the whole answer (where `anomalies` goes). */
  keys: string[];
  /** JSON of the whole answer, UTF-8. */
  json: Uint8Array;
  /** JSON of the answer as the result event carries it (boundedAnswer), for stream runs. */
  bounded?: string;
}

/** Each answer made from a rendering, with its JSON as a Buffer over the moved bytes. */
const utf8 = new TextEncoder();

const renderings = new WeakMap<object, { json: Buffer; bounded?: string }>();

/**
 * `bounded`: the answer as the result event carries it (result-event.ts, boundedAnswer); only a
 * stream run publishes one, so an API run leaves it out.
 */
export function renderAnswer(response: DetectResponse, bounded?: DetectResponse): RenderedAnswer {
  const { anomalies: _, ...head } = response;
  const out: RenderedAnswer = { head, keys: Object.keys(response), json: answerBytes(response) };
  if (bounded) out.bounded = JSON.stringify(bounded);
  return out;
}

/** Listed lines per JSON.stringify call (answerBytes). */
export const RENDER_CHUNK = 64;

/** The byte between two chunks of listed lines. */
const COMMA = 0x2c;

/**
 * Exactly the UTF-8 of JSON.stringify(response), with the listed lines serialised a chunk at a
 * time. One character beyond Latin-1 anywhere (the "…" of a long template quoted in a reason)
 * makes V8 build the whole 3 MB string two bytes per character, and its UTF-8 then costs 10-20
 * ms instead of 2; in chunks only the chunks that hold one pay for it. Each chunk's lines are a
 * slice of its JSON, which flattens the rope JSON.stringify builds once; the comma between chunks
 * is written as a byte, since a string "," + slice would be a new rope, flattened again (a 3 MB
 * copy) by the size count. Bytes of their own (a small Buffer would share Node's pool, which
 * cannot be moved).
 */
export function answerBytes(response: DetectResponse): Uint8Array {
  const record = response as unknown as Record<string, unknown>;
  const keys = Object.keys(record);
  const at = keys.indexOf("anomalies");
  const anomalies = record.anomalies;
  if (at < 0 || !Array.isArray(anomalies)) return utf8.encode(JSON.stringify(response));
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (let k = 0; k < keys.length; k++) {
    if (k < at) before[keys[k]!] = record[keys[k]!];
    else if (k > at) after[keys[k]!] = record[keys[k]!];
  }
  const head = JSON.stringify(before);
  const tail = JSON.stringify(after);
  const open = head === "{}" ? '{"anomalies":[' : `${head.slice(0, -1)},"anomalies":[`;
  const close = tail === "{}" ? "]}" : `],${tail.slice(1)}`;
  const chunks: string[] = [];
  for (let i = 0; i < anomalies.length; i += RENDER_CHUNK) chunks.push(JSON.stringify(anomalies.slice(i, i + RENDER_CHUNK)).slice(1, -1));
  let size = Buffer.byteLength(open, "utf8") + Buffer.byteLength(close, "utf8") + Math.max(0, chunks.length - 1);
  for (const c of chunks) size += Buffer.byteLength(c, "utf8");
  const bytes = new Uint8Array(size);
  let written = utf8.encodeInto(open, bytes).written;
  for (let k = 0; k < chunks.length; k++) {
    if (k > 0) bytes[written++] = COMMA;
    written += utf8.encodeInto(chunks[k]!, bytes.subarray(written)).written;
  }
  utf8.encodeInto(close, bytes.subarray(written));
  return bytes;
}

/** The answer for code on this thread; its JSON is kept beside it (answerJson, renderedBounded). */
export function answerFromRendered(r: RenderedAnswer): DetectResponse {
  // A Buffer crosses threads as a plain Uint8Array: viewed as a Buffer again, without a copy.
  const json = Buffer.from(r.json.buffer, r.json.byteOffset, r.json.byteLength);
  const out = {} as DetectResponse;
  const head = r.head as Record<string, unknown>;
  for (const k of r.keys) {
    if (k === "anomalies") lazyAnomalies(out, json);
    else (out as unknown as Record<string, unknown>)[k] = head[k];
  }
  renderings.set(out, { json, bounded: r.bounded });
  return out;
}

function lazyAnomalies(target: DetectResponse, json: Buffer): void {
  Object.defineProperty(target, "anomalies", {
    enumerable: true,
    configurable: true,
    get(this: DetectResponse) {
      const anomalies = (JSON.parse(json.toString()) as DetectResponse).anomalies;
      Object.defineProperty(this, "anomalies", { value: anomalies, enumerable: true, configurable: true, writable: true });
      return anomalies;
    },
  });
}

/** The answer's JSON: as rendered when it was, else serialised here. */
export function answerJson(response: DetectResponse): Buffer | string {
  return renderings.get(response)?.json ?? JSON.stringify(response);
}

/** JSON of the answer as the result event carries it, when it was rendered. */
export function renderedBounded(response: DetectResponse): string | undefined {
  return renderings.get(response)?.bounded;
}
