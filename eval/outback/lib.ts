// Shared helpers for the outback scenarios: a seeded PRNG, a timeline that keeps lines in time
// order with their labels, and the time spellings real producers write.
import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;
export type Entry = Record<string, unknown>;

/** mulberry32: small, fast, deterministic 32-bit PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export class Rand {
  private readonly next: () => number;
  constructor(seed: number, salt: string) {
    this.next = mulberry32((hashString(salt) ^ Math.imul(seed + 0x9e3779b9, 2654435761)) >>> 0);
  }
  /** uniform in [0, 1) */
  u(): number {
    return this.next();
  }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error("pick from empty list");
    return v;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error("weighted pick from empty list");
    return last[0];
  }
  normal(mu: number, sd: number): number {
    const u1 = Math.max(this.next(), 1e-12);
    const u2 = this.next();
    return mu + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  /** log-normal with the given median; sigma is the spread of ln(x) */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }
  alnum(n: number): string {
    const chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    let s = "";
    for (let i = 0; i < n; i++) s += chars[Math.floor(this.next() * chars.length)];
    return s;
  }
  ip(prefix = "10."): string {
    const parts = prefix.split(".").filter((p) => p !== "").length;
    const rest: number[] = [];
    for (let i = parts; i < 4; i++) rest.push(this.int(1, 254));
    return `${prefix}${rest.join(".")}`;
  }
  /** n uniform times in [t0, t1) (unsorted; the timeline sorts) */
  times(n: number, t0: number, t1: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(t0 + this.next() * (t1 - t0));
    return out;
  }
  /** k distinct indices in [0, n) */
  indices(k: number, n: number): Set<number> {
    const out = new Set<number>();
    const want = Math.min(k, n);
    while (out.size < want) out.add(Math.floor(this.next() * n));
    return out;
  }
  /** times of a Poisson-ish stream with a mean gap, from t0 to t1 */
  stream(meanGapMs: number, t0: number, t1: number): number[] {
    const out: number[] = [];
    let t = t0 + this.next() * meanGapMs;
    while (t < t1) {
      out.push(t);
      t += -Math.log(Math.max(this.next(), 1e-9)) * meanGapMs;
    }
    return out;
  }
}

interface Row {
  t: number;
  seq: number;
  entry: Entry;
  label: Label;
}

/** Collects lines at their times and hands them back oldest first (stable on ties). */
export class Timeline {
  private readonly rows: Row[] = [];
  add(t: number, entry: Entry, label: Label = null): void {
    this.rows.push({ t, seq: this.rows.length, entry, label });
  }
  get size(): number {
    return this.rows.length;
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: rows.map((r) => r.entry), labels: rows.map((r) => r.label) };
  }
}

/** A window start somewhere in 2024, moved by the seed, on a whole minute. */
export function windowStart(r: Rand, hourLo = 0, hourHi = 23): number {
  const day = r.int(0, 300);
  const hour = r.int(hourLo, hourHi);
  const minute = r.int(0, 59);
  return Date.UTC(2024, 0, 8) + day * 86_400_000 + hour * 3_600_000 + minute * 60_000;
}

export const MIN = 60_000;
export const HOUR = 3_600_000;

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** 2024-05-01T10:00:00.123Z */
export function isoMs(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}

/** 2024-05-01T10:00:00.123456+00:00 (Python isoformat, Serilog) */
export function isoMicro(t: number, sep = "T"): string {
  const ms = Math.floor(t);
  const us = Math.min(999, Math.floor((t - ms) * 1000));
  const base = new Date(ms).toISOString().replace("T", sep);
  return `${base.slice(0, -1)}${pad(us, 3)}+00:00`;
}

/** 2024-05-01T10:00:00.123456789Z (Docker json-file, RFC3339Nano) */
export function isoNano(t: number): string {
  const ms = Math.floor(t);
  const ns = Math.min(999_999, Math.floor((t - ms) * 1_000_000));
  return `${new Date(ms).toISOString().slice(0, -1)}${pad(ns, 6)}Z`;
}

/** 2024-05-01T10:00:01+00:00 (nginx $time_iso8601, whole seconds) */
export function isoSec(t: number): string {
  return `${new Date(Math.floor(t / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** epoch seconds with microseconds, as zap and many Go/Python loggers write */
export function epochSec(t: number): number {
  return Math.floor(t * 1000) / 1_000_000;
}

/** epoch ms integer (pino, log4j2 timeMillis) */
export function epochMs(t: number): number {
  return Math.floor(t);
}

/** "01/May/2024:10:00:01 +0000" */
export function clf(t: number): string {
  const d = new Date(Math.floor(t));
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${pad(d.getUTCDate(), 2)}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)} +0000`;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
