import { createRandom } from "../../../src/detection/forest/random.js";
import type { Level, LogRecord } from "../../../src/logs/log-record.js";

export function log(level: Level, message: string, service = "user-service", extra: Partial<LogRecord> = {}): LogRecord {
  return { index: 0, timestampMs: 0, timestamp: "2025-09-19T07:49:29Z", level, message, service, ...extra };
}

export function reindex(records: LogRecord[]): LogRecord[] {
  return records.map((r, index) => ({ ...r, index }));
}

/**
 * A calm incident: INFO request lines of 100-300 ms over three services, a few WARNINGs.
 * Deterministic for a given seed.
 */
export function calmIncident(n: number, seed = 1): LogRecord[] {
  const rng = createRandom(seed);
  const services = ["user-service", "order-service", "payment-service"];
  const out: LogRecord[] = [];
  for (let i = 0; i < n; i++) {
    const service = services[i % services.length]!;
    if (rng.next() < 0.04) out.push(log("WARNING", `Slow cache lookup for key user:${1000 + i}`, service));
    else out.push(log("INFO", `GET /api/items/${1000 + i} 200 in ${Math.round(100 + rng.next() * 200)}ms`, service));
  }
  return out;
}

/** Standard normal draws (Box-Muller) from the project's PRNG. */
export function gaussian(seed: number): () => number {
  const rng = createRandom(seed);
  return () => {
    const u = 1 - rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
}
