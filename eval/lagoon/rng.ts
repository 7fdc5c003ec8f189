// Seeded randomness, arrival processes, timestamp formats and a timeline that keeps logs oldest
// first. Everything is deterministic from the seed: nothing here reads the clock or Math.random.
import type { AnomalyType, Scenario } from "./types.js";

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** FNV-1a over a string, used to give every scenario its own stream for the same seed. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = "0123456789abcdef";
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const K8S = "bcdfghjklmnpqrstvwxz2456789";

/** mulberry32 with a few helpers. */
export class Rng {
  private state: number;

  constructor(seed: number, salt = "") {
    this.state = (hashString(salt) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < 4; i++) this.next();
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error("pick from an empty list");
    return v;
  }

  /** Pick by weight: [[value, weight], ...]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * A healthy value of an operation whose median is `median`: lognormal, bounded to
   * [median / 2.5, median * 2.5], so it stays under 3x the median (a sample's median too).
   */
  healthy(median: number, sigma = 0.35): number {
    const v = median * Math.exp(sigma * this.normal());
    return Math.min(median * 2.5, Math.max(median / 2.5, v));
  }

  /** An anomalous value: between lo and hi times the median (log-uniform), lo >= 4.5. */
  slow(median: number, lo = 5, hi = 20): number {
    return median * lo * (hi / lo) ** this.next();
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += HEX[Math.floor(this.next() * 16)];
    return s;
  }

  alnum(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += ALNUM[Math.floor(this.next() * ALNUM.length)];
    return s;
  }

  digits(n: number): string {
    let s = String(this.int(1, 9));
    for (let i = 1; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = "89ab"[this.int(0, 3)] ?? "8";
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  traceId(): string {
    return this.hex(32);
  }

  spanId(): string {
    return this.hex(16);
  }

  /** A Kubernetes ReplicaSet pod suffix such as "7d9f8c6b5d-x2k4p". */
  podSuffix(): string {
    let a = "";
    for (let i = 0; i < 10; i++) a += K8S[Math.floor(this.next() * K8S.length)];
    let b = "";
    for (let i = 0; i < 5; i++) b += K8S[Math.floor(this.next() * K8S.length)];
    return `${a}-${b}`;
  }

  ip(prefix: string): string {
    const parts = prefix.split(".").length;
    let s = prefix;
    for (let i = parts; i < 4; i++) s += `.${this.int(i === 3 ? 2 : 0, 254)}`;
    return s;
  }

  port(): number {
    return this.int(32768, 60999);
  }
}

/** Round a time to whole microseconds (times are float milliseconds). */
export function us(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/** A start time between 2026-01-05 and early April, at an hour in [hourLo, hourHi). */
export function startTime(r: Rng, hourLo: number, hourHi: number): number {
  const day = Date.UTC(2026, 0, 5) + r.int(0, 88) * 24 * HOUR;
  return us(day + r.float(hourLo, hourHi) * HOUR + r.float(0, 59_999));
}

/** Poisson arrivals at `perMin` a minute in [from, to). */
export function arrivals(r: Rng, from: number, to: number, perMin: number): number[] {
  const out: number[] = [];
  if (perMin <= 0) return out;
  let t = from;
  for (;;) {
    t += r.exp(MIN / perMin);
    if (t >= to) return out;
    out.push(us(t));
  }
}

/** Every `period` ms in [from, to), each shifted by up to +-jitter ms. */
export function ticks(r: Rng, from: number, to: number, period: number, jitter = 0): number[] {
  const out: number[] = [];
  for (let t = from + r.float(0, period); t < to; t += period) {
    const v = us(t + (jitter > 0 ? r.float(-jitter, jitter) : 0));
    if (v >= from && v < to) out.push(v);
  }
  return out;
}

/**
 * `n` instants spread over the whole of [from, to): the first in its first minute, the last in
 * its last minute, the others uniformly between, sorted.
 */
export function scatter(r: Rng, from: number, to: number, n: number): number[] {
  const out = [us(from + r.float(2 * SEC, 50 * SEC)), us(to - r.float(5 * SEC, 50 * SEC))];
  for (let i = 2; i < n; i++) out.push(us(r.float(from + MIN, to - MIN)));
  return out.sort((a, b) => a - b);
}

// ---- timestamp formats (UTC) -------------------------------------------------------------

const microsOf = (t: number): number => Math.floor(t * 1000 + 1e-6);
const frac3 = (t: number): string => String(microsOf(t) % 1000).padStart(3, "0");

/** 2026-02-10T14:05:00.123Z */
export const isoMs = (t: number): string => new Date(Math.floor(t)).toISOString();
/** 2026-02-10T14:05:00.123456Z */
export const isoUs = (t: number): string => `${isoMs(t).slice(0, 23)}${frac3(t)}Z`;
/** 2026-02-10T14:05:00.123456789Z (Go's RFC3339Nano; the last three digits vary below the microsecond). */
export const isoNs = (t: number): string => `${isoMs(t).slice(0, 23)}${frac3(t)}${String(((microsOf(t) % 1000) * 7 + 3) % 1000).padStart(3, "0")}Z`;
/** 2026-02-10T14:05:00.1234560Z (.NET's seven digits) */
export const isoTicks = (t: number): string => `${isoMs(t).slice(0, 23)}${frac3(t)}0Z`;
/** 2026-02-10T14:05:00Z */
export const isoSec = (t: number): string => `${isoMs(t).slice(0, 19)}Z`;
/** 2026-02-10T14:05:00+00:00 */
export const isoSecOffset = (t: number): string => `${isoMs(t).slice(0, 19)}+00:00`;
/** 2026-02-10T14:05:00.123+00:00 */
export const isoMsOffset = (t: number): string => `${isoMs(t).slice(0, 23)}+00:00`;
/** 2026-02-10T14:05:00.123456+00:00 */
export const isoUsOffset = (t: number): string => `${isoMs(t).slice(0, 23)}${frac3(t)}+00:00`;
/** 2026-02-10T14:05:00.123+0000 (JVM unified logging) */
export const jvmTime = (t: number): string => `${isoMs(t).slice(0, 23)}+0000`;
/** 2026-02-10 14:05:00,123 (Python's logging asctime) */
export const pyTime = (t: number): string => {
  const s = isoMs(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};
/** 2026-02-10 14:05:00.123 UTC (PostgreSQL) */
export const pgTime = (t: number): string => {
  const s = isoMs(t);
  return `${s.slice(0, 10)} ${s.slice(11, 23)} UTC`;
};
/** Epoch seconds with microseconds, as a number (zap, Caddy). */
export const epochS6 = (t: number): number => microsOf(t) / 1e6;
/** Epoch seconds with milliseconds, as a number (GELF). */
export const epochS3 = (t: number): number => Math.floor(t) / 1000;
/** Epoch milliseconds (pino). */
export const epochMs = (t: number): number => Math.floor(t);
/** Epoch microseconds as a string (journald's __REALTIME_TIMESTAMP). */
export const epochUsStr = (t: number): string => String(microsOf(t));
/** Epoch nanoseconds as a string (OpenTelemetry). */
export const epochNsStr = (t: number): string => `${microsOf(t)}000`;

/** Round to `d` decimals, as a number. */
export const round = (v: number, d = 0): number => {
  const f = 10 ** d;
  return Math.round(v * f) / f;
};

// ---- timeline ------------------------------------------------------------------------------

/** The resolution a producer writes its time in: the timeline orders lines by the written time. */
export type Res = "s" | "ms" | "us";

function written(t: number, res: Res): number {
  if (res === "s") return Math.floor(t / 1000) * 1000;
  if (res === "ms") return Math.floor(t);
  return microsOf(t) / 1000;
}

interface Row {
  key: number;
  seq: number;
  log: Record<string, unknown>;
  label: AnomalyType | null;
}

/** Collects lines from several producers and returns them oldest first (stable). */
export class Timeline {
  private rows: Row[] = [];

  add(t: number, res: Res, log: Record<string, unknown>, label: AnomalyType | null = null): void {
    this.rows.push({ key: written(t, res), seq: this.rows.length, log, label });
  }

  get size(): number {
    return this.rows.length;
  }

  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.key - b.key || a.seq - b.seq);
    return { name, description, logs: rows.map((r) => r.log), labels: rows.map((r) => r.label) };
  }
}
