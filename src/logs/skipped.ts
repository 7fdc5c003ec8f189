/**
 * Entries that could not be read, shown to whoever asked: the first few by position in the key,
 * with the reason and the start of the entry, so `skipped_logs: 4` explains itself.
 */

/** How many skipped entries an answer shows (the earliest in the key). */
export const SKIPPED_SAMPLE_SIZE = 5;
/** How much of a skipped entry is shown: enough to recognise it, never a whole payload. */
export const SKIPPED_EXCERPT_CHARS = 80;

export interface SkippedSample {
  /** 0-based position in the key (or line of the file), like an anomaly's log_index. */
  log_index: number;
  reason: string;
  /** The entry's first characters, control characters replaced, "…" when cut. */
  excerpt: string;
}

/** The start of an entry, safe to put in JSON, a log line or a terminal. */
export function excerptOf(raw: unknown): string {
  const text = (typeof raw === "string" ? raw : shallowJson(raw, 0)).slice(0, SKIPPED_EXCERPT_CHARS + 1);
  // Control characters (a terminal's escape sequences among them) and lone surrogates.
  const clean = text.replace(/[\p{Cc}\p{Cs}]/gu, "\ufffd");
  return detached(clean.length > SKIPPED_EXCERPT_CHARS ? `${clean.slice(0, SKIPPED_EXCERPT_CHARS)}…` : clean);
}

/**
 * A copy of a short string that shares no memory with the string it was cut from. V8 makes a
 * slice of a long string a view that keeps the whole parent alive: the excerpt of a skipped
 * 100 MB entry would hold the 100 MB for as long as the answer lives.
 */
function detached(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/**
 * JSON text of a parsed entry, only as far as an excerpt needs: a skipped entry may be a
 * megabyte object or an array nested a million deep, which JSON.stringify would copy whole or
 * overflow the stack on.
 */
function shallowJson(v: unknown, depth: number): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? String(v);
  if (depth >= 3) return Array.isArray(v) ? "[…]" : "{…}";
  const parts: string[] = [];
  let length = 0;
  const entries = Array.isArray(v) ? v.entries() : Object.entries(v as Record<string, unknown>).values();
  for (const [k, x] of entries) {
    const part = Array.isArray(v) ? shallowJson(x, depth + 1) : `${JSON.stringify(k)}:${shallowJson(x, depth + 1)}`;
    parts.push(part);
    length += part.length + 1;
    if (length > SKIPPED_EXCERPT_CHARS) break;
  }
  return Array.isArray(v) ? `[${parts.join(",")}]` : `{${parts.join(",")}}`;
}

/** Keeps the SKIPPED_SAMPLE_SIZE earliest skipped entries, whatever order they arrive in. */
export class SkippedSamples {
  readonly samples: SkippedSample[] = [];

  /** `raw` is turned into an excerpt only when the entry is kept. */
  add(index: number, reason: string, raw: unknown): void {
    const s = this.samples;
    if (s.length >= SKIPPED_SAMPLE_SIZE && index > s[s.length - 1]!.log_index) return;
    this.insert({ log_index: index, reason, excerpt: excerptOf(raw) });
  }

  merge(others: readonly SkippedSample[]): void {
    for (const o of others) this.insert(o);
  }

  private insert(sample: SkippedSample): void {
    const s = this.samples;
    let at = s.length;
    while (at > 0 && s[at - 1]!.log_index > sample.log_index) at--;
    s.splice(at, 0, sample);
    if (s.length > SKIPPED_SAMPLE_SIZE) s.pop();
  }
}
