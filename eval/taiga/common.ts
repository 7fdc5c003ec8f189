/**
 * Helpers shared by the taiga scenarios: a timeline that keeps every line with its label and
 * hands them back oldest first, the time formats producers write, and the ids they log.
 * Instants are whole milliseconds and producers that write finer stamps write zeros below the
 * millisecond, so stamps of different precisions never disagree about the order of two lines.
 */
import type { Rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;

export const SEC = 1000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

interface Item {
  t: number;
  seq: number;
  log: Log;
  label: Label;
}

/** Lines of one incident with their labels; `build` sorts them by instant (stable). */
export class Timeline {
  private readonly items: Item[] = [];

  add(t: number, log: Log, label: Label = null): void {
    this.items.push({ t: Math.round(t), seq: this.items.length, log, label });
  }

  get length(): number {
    return this.items.length;
  }

  build(name: string, description: string): Scenario {
    const sorted = [...this.items].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: sorted.map((i) => i.log), labels: sorted.map((i) => i.label) };
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** Digits below the millisecond: the hosts' clocks tick in milliseconds. */
const subMs = (_t: number): number => 0;

/** 2026-03-01T12:00:00.123Z */
export function iso(t: number): string {
  return new Date(Math.round(t)).toISOString();
}

/** 2026-03-01T12:00:00Z (RFC 3339, seconds, as logrus writes it by default) */
export function isoSeconds(t: number): string {
  return `${iso(t).slice(0, 19)}Z`;
}

/** 2026-03-01T12:00:00.123456Z */
export function isoMicro(t: number): string {
  return `${iso(t).slice(0, 23)}${pad(subMs(t), 3)}Z`;
}

/** 2026-03-01T12:00:00.123456789Z (Go's time.RFC3339Nano as slog writes it) */
export function isoNano(t: number): string {
  return `${iso(t).slice(0, 23)}${pad(subMs(t), 3)}000Z`;
}

/** 2026-03-01T12:00:00+00:00 (nginx's $time_iso8601) */
export function isoOffset(t: number): string {
  return `${iso(t).slice(0, 19)}+00:00`;
}

/** 2026-03-01T12:00:00.123+00:00 (logback / logstash-logback-encoder) */
export function isoMillisOffset(t: number): string {
  return `${iso(t).slice(0, 23)}+00:00`;
}

/** 2026-03-01 12:00:00,123 (Python logging's asctime) */
export function asctime(t: number): string {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
}

/** 2026-03-01 12:00:00.123 UTC (PostgreSQL's jsonlog) */
export function pgTimestamp(t: number): string {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 23)} UTC`;
}

/** Epoch seconds with milliseconds (zap's `ts`). */
export function epochSeconds(t: number): number {
  return Math.round(t) / 1000;
}

/** Epoch microseconds as a string (journald's __REALTIME_TIMESTAMP). */
export function epochMicros(t: number): string {
  return String(Math.round(t) * 1000 + subMs(t));
}

/** Epoch nanoseconds as a string (OpenTelemetry's timeUnixNano). */
export function epochNanos(t: number): string {
  return (BigInt(Math.round(t)) * 1_000_000n + BigInt(subMs(t) * 1000)).toString();
}

/** log4j2's `instant`. */
export function log4jInstant(t: number): { epochSecond: number; nanoOfSecond: number } {
  const ms = Math.round(t);
  return { epochSecond: Math.floor(ms / 1000), nanoOfSecond: (ms % 1000) * 1_000_000 + subMs(t) * 1000 };
}

/** Keys sorted as Go's encoding/json writes a map (logrus' JSONFormatter). */
export function sortedKeys(o: Log): Log {
  const out: Log = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

export function uuid(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(["8", "9", "a", "b"])}${rng.hex(3)}-${rng.hex(12)}`;
}

/** A Deployment's pod name: app-<replicaset hash>-<suffix>. */
export function podName(rng: Rng, app: string): string {
  return `${app}-${rng.alnum(rng.int(9, 10))}-${rng.alnum(5)}`;
}

export function privateIp(rng: Rng): string {
  return `10.${rng.int(0, 31)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
}

export function publicIp(rng: Rng): string {
  const first = rng.pick([31, 37, 45, 62, 77, 81, 85, 89, 92, 103, 109, 141, 151, 176, 185, 188, 193, 212, 217]);
  return `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** n instants uniform in [start, end), sorted. */
export function uniformTimes(rng: Rng, start: number, end: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(rng.float(start, end)));
  return out.sort((a, b) => a - b);
}

/** A Poisson process of the given mean gap over [start, end). */
export function poissonTimes(rng: Rng, start: number, end: number, meanGapMs: number): number[] {
  const out: number[] = [];
  let t = start + rng.exp(meanGapMs);
  while (t < end) {
    out.push(Math.floor(t));
    t += rng.exp(meanGapMs);
  }
  return out;
}

/** Periodic ticks every `everyMs` with a little jitter, from a random phase. */
export function ticks(rng: Rng, start: number, end: number, everyMs: number, jitterMs = 0): number[] {
  const out: number[] = [];
  for (let t = start + rng.float(0, everyMs); t < end; t += everyMs) out.push(Math.floor(Math.min(end - 1, t + rng.float(0, jitterMs))));
  return out.sort((a, b) => a - b);
}

/** Log-normal draw around `median`, clamped to [lo, hi]. */
export function ln(rng: Rng, median: number, sigma: number, lo: number, hi: number): number {
  const v = median * Math.exp(sigma * rng.gauss());
  return Math.max(lo, Math.min(hi, v));
}

export function round(v: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export interface Episode {
  kind: string;
  start: number;
  end: number;
}

/**
 * n short episodes spread over [start, end): the first opens in the first minutes, the last
 * closes in the last minutes, the others evenly spaced with jitter; kinds in the given order.
 */
export function scatterEpisodes(rng: Rng, start: number, end: number, kinds: string[], minLen: number, maxLen: number): Episode[] {
  const n = kinds.length;
  const out: Episode[] = [];
  const firstStart = start + rng.int(40, 180) * SEC;
  const lastEnd = end - rng.int(40, 150) * SEC;
  for (let i = 0; i < n; i++) {
    const len = rng.int(minLen, maxLen);
    let s: number;
    if (i === 0) s = firstStart;
    else if (i === n - 1) s = lastEnd - len;
    else {
      const slot = (lastEnd - firstStart) / (n - 1);
      s = firstStart + slot * i + rng.float(-0.3, 0.3) * slot;
    }
    out.push({ kind: kinds[i] as string, start: Math.floor(s), end: Math.floor(s + len) });
  }
  return out;
}

export function activeEpisode(episodes: Episode[], t: number): Episode | undefined {
  return episodes.find((e) => t >= e.start && t < e.end);
}

/** A JSON-looking blob of roughly `chars` characters (a dumped object). */
export function dumpObject(rng: Rng, chars: number, seedFields: Log = {}): string {
  const obj: Log = { ...seedFields };
  let i = 0;
  const keys = ["sku", "qty", "unit_price", "currency", "promo", "note", "variant", "added_at", "source", "tax_code", "flags", "meta"];
  const items: Log[] = [];
  obj.items = items;
  while (JSON.stringify(obj).length < chars) {
    const it: Log = {};
    for (const k of keys) {
      if (rng.chance(0.7)) it[k] = k === "qty" ? rng.int(1, 6) : k === "unit_price" ? round(rng.float(0.5, 40), 2) : `${k}-${rng.alnum(rng.int(4, 12))}`;
    }
    it.line = i++;
    items.push(it);
  }
  return JSON.stringify(obj);
}
