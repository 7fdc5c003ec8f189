// Building blocks shared by the holdout scenarios: a log book that keeps entries in time order
// with their labels, timestamp spellings of real producers, and name pools.

import { hashSeed, Rng } from "../blind/random.js";
import type { AnomalyType, Scenario } from "../blind/types.js";

export { poissonTimes, Rng } from "../blind/random.js";

export type Label = AnomalyType | null;
export type Entry = Record<string, unknown>;

interface Pending {
  t: number;
  seq: number;
  label: Label;
  entry: Entry;
}

/** Entries written by several producers, stored oldest first the way a log shipper lands them. */
export class LogBook {
  private readonly items: Pending[] = [];

  add(t: number, label: Label, entry: Entry): void {
    this.items.push({ t, seq: this.items.length, label, entry });
  }

  /** Several lines a producer writes at once (a stack trace split by the container runtime). */
  addAll(t: number, label: Label, entries: Entry[]): void {
    for (const e of entries) this.add(t, label, e);
  }

  get size(): number {
    return this.items.length;
  }

  scenario(name: string, description: string): Scenario {
    const sorted = [...this.items].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: sorted.map((p) => p.entry), labels: sorted.map((p) => p.label) };
  }
}

/** A generator's own random stream, independent of the other scenarios'. */
export function rngFor(seed: number, name: string): Rng {
  return new Rng(hashSeed(seed, `holdout:${name}`));
}

/** A start time somewhere in 2025, on a whole second. */
export function startTime(r: Rng): number {
  return Date.UTC(2025, r.int(0, 10), r.int(1, 28), r.int(0, 23), r.int(0, 59), r.int(0, 59));
}

export const MIN = 60_000;
export const SEC = 1000;

export function iso(t: number): string {
  return new Date(t).toISOString();
}

/** ISO with a numeric offset, as logback writes local time ("2025-03-04T13:00:01.123+01:00"). */
export function isoOffset(t: number, offsetMin: number): string {
  const local = new Date(t + offsetMin * MIN).toISOString().slice(0, 23);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Python's datetime.isoformat() in UTC: microseconds and "+00:00". */
export function pyIso(t: number, r: Rng): string {
  return `${new Date(t).toISOString().slice(0, 23)}${String(r.int(0, 999)).padStart(3, "0")}+00:00`;
}

/** A latency well beyond anything the log-normal draw of normal traffic produces (3 sigma clip, then half again). */
export function slowLimit(median: number, sigma: number): number {
  return median * Math.exp(3 * sigma) * 1.5;
}

/** RFC 3339 with nanoseconds, as the container runtime stamps each line. */
export function isoNano(t: number, r: Rng): string {
  return `${new Date(t).toISOString().slice(0, 23)}${String(r.int(0, 999999)).padStart(6, "0")}Z`;
}

/** Epoch seconds as a float, as zap and klog write `ts`. */
export function epochSec(t: number): number {
  return t / 1000;
}

/** PostgreSQL's log_line_prefix / jsonlog time: "2025-03-04 12:00:01.123 UTC". */
export function pgTime(t: number): string {
  const s = new Date(t).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 23)} UTC`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** nginx $time_local in UTC: "04/Mar/2025:12:00:01 +0000". */
export function nginxTime(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Redis's own prefix time: "04 Mar 2025 12:00:01.123". */
export function redisTime(t: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Linear ramp from a to b as t goes from t0 to t1, clamped. */
export function ramp(t: number, t0: number, t1: number, a: number, b: number): number {
  if (t <= t0) return a;
  if (t >= t1) return b;
  return a + ((t - t0) / (t1 - t0)) * (b - a);
}

export function podName(r: Rng, deployment: string): string {
  return `${deployment}-${r.alnum(9, "bcdfghjklmnpqrstvwxz2456789")}-${r.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
}

export function traceId(r: Rng): string {
  return r.hex(32);
}

export function spanId(r: Rng): string {
  return r.hex(16);
}
