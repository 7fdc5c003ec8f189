import type { TestLog } from "./logs.js";

/** A small deterministic generator: the same seed gives the same day. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface DayOptions {
  day: number;
  service?: string;
  /** Three "file has vanished" ERROR lines mid-window: odd, and routine in every day of the service. */
  noise?: boolean;
  /** Four lines of a WARNING template never written before, late in the window. */
  newTemplate?: boolean;
  /** Lines of the day (default 300). */
  lines?: number;
  /** The health lines carry a `memory_pct` field around this percent (within 4 points). */
  heap?: number;
  /** One more health line, mid-window, with this `memory_pct`. */
  heapSpike?: number;
}

/**
 * Two hours of a checkout service: requests at 30-60 ms, a health line every minute, and what
 * the options add. Day d starts d days after 2025-09-01.
 */
export function serviceDay(o: DayOptions): TestLog[] {
  const service = o.service ?? "checkout";
  const r = rng(1000 + o.day);
  const n = o.lines ?? 300;
  const start = Date.parse("2025-09-01T08:00:00Z") + o.day * 86_400_000;
  const span = 2 * 3_600_000;
  const at = (f: number) => new Date(start + Math.floor(f * span)).toISOString();
  const out: { t: number; log: TestLog }[] = [];
  for (let i = 0; i < n; i++) {
    const f = i / n;
    const ms = Math.round(30 + r() * 30);
    const log: TestLog =
      i % 10 === 0
        ? { timestamp: at(f), level: "INFO", message: `health check ok in ${Math.round(2 + r() * 3)}ms`, service }
        : { timestamp: at(f), level: "INFO", message: `GET /api/cart/${Math.floor(r() * 9000) + 1000} 200 in ${ms}ms`, service };
    if (o.heap !== undefined && i % 10 === 0) log.memory_pct = Math.round((o.heap - 4 + r() * 8) * 10) / 10;
    out.push({ t: f, log });
  }
  if (o.heapSpike !== undefined) {
    out.push({ t: 0.6, log: { timestamp: at(0.6), level: "INFO", message: "health check ok in 3ms", service, memory_pct: o.heapSpike } });
  }
  if (o.noise) {
    for (const f of [0.42, 0.47, 0.52]) {
      out.push({
        t: f,
        log: { timestamp: at(f), level: "ERROR", message: `rsync: file has vanished: "/var/tmp/upload-${Math.floor(r() * 9000)}.part" (code 24)`, service },
      });
    }
  }
  if (o.newTemplate) {
    for (const f of [0.82, 0.85, 0.88, 0.91]) {
      out.push({
        t: f,
        log: { timestamp: at(f), level: "WARNING", message: `ledger adjustment posted by unknown account acc_${Math.floor(r() * 9000)}`, service },
      });
    }
  }
  return out.sort((a, b) => a.t - b.t).map((x) => x.log);
}
