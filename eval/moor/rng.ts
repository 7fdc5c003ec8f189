// Small seeded RNG and helpers for the "moor" family (written for this family, no dependencies).
// mulberry32 core; every scenario is a pure function of its seed.
import type { AnomalyType, Scenario } from "./types.js";

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  float(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  normal(mean?: number, sd?: number): number;
  exp(mean: number): number;
  /** bounded lognormal around `median`: always within [median/2.5, median*2.5] */
  band(median: number, sigma?: number): number;
  /** anomalous value: `median` times a factor in [lo, hi] (default 6-30), always > 4x */
  slow(median: number, lo?: number, hi?: number): number;
  hex(n: number): string;
  alnum(n: number): string;
  digits(n: number): string;
  uuid(): string;
  shuffle<T>(xs: T[]): T[];
}

export function makeRng(seed: number): Rng {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < 8; i++) next();
  const normal = (mean = 0, sd = 1): number => {
    const u = Math.max(next(), 1e-12);
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const chars = "abcdefghijklmnopqrstuvwxyz0123456789";
  const r: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    float: (lo, hi) => lo + next() * (hi - lo),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)] as (typeof xs)[number],
    weighted: (items) => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of items) {
        x -= w;
        if (x <= 0) return v;
      }
      return (items[items.length - 1] as readonly [unknown, number])[0] as never;
    },
    normal,
    exp: (mean) => -mean * Math.log(1 - next()),
    band: (median, sigma = 0.3) => {
      for (let i = 0; i < 20; i++) {
        const v = median * Math.exp(normal(0, sigma));
        if (v >= median / 2.5 && v <= median * 2.5) return v;
      }
      return median;
    },
    slow: (median, lo = 6, hi = 30) => median * Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo))),
    hex: (n) => {
      let s = "";
      for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(next() * 16)];
      return s;
    },
    alnum: (n) => {
      let s = "";
      for (let i = 0; i < n; i++) s += chars[Math.floor(next() * chars.length)];
      return s;
    },
    digits: (n) => {
      let s = String(1 + Math.floor(next() * 9));
      for (let i = 1; i < n; i++) s += String(Math.floor(next() * 10));
      return s;
    },
    uuid: () => {
      const h = r.hex(32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    },
    shuffle: (xs) => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [xs[i], xs[j]] = [xs[j] as never, xs[i] as never];
      }
      return xs;
    },
  };
  return r;
}

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** A start time somewhere in 2025 or early 2026 (whole ms), hour of day in [hLo, hHi). */
export function startTime(rng: Rng, hLo = 0, hHi = 24): number {
  const day = rng.int(0, 480);
  return Date.UTC(2025, 0, 1) + day * 24 * HOUR + rng.int(hLo * 60, hHi * 60 - 1) * MIN + rng.int(0, 59_999);
}

/** Times of a Poisson process with mean gap `gap` in [t0, t1). */
export function poisson(rng: Rng, t0: number, t1: number, gap: number): number[] {
  const out: number[] = [];
  for (let t = t0 + rng.exp(gap); t < t1; t += rng.exp(gap)) out.push(Math.round(t * 1000) / 1000);
  return out;
}

/** Regular ticks every `every` ms with a little jitter, in [t0, t1). */
export function ticks(rng: Rng, t0: number, t1: number, every: number, jitter = 0.05): number[] {
  const out: number[] = [];
  for (let t = t0 + rng.float(0, every); t < t1; t += every * (1 + rng.float(-jitter, jitter))) out.push(Math.round(t * 1000) / 1000);
  return out;
}

/** `n` uniform sorted times in [t0, t1). */
export function spread(rng: Rng, t0: number, t1: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.round(rng.float(t0, t1) * 1000) / 1000);
  return out.sort((x, y) => x - y);
}

const p2 = (n: number) => String(n).padStart(2, "0");
const p3 = (n: number) => String(n).padStart(3, "0");
const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** Times are ms since epoch with a microsecond fraction; producers print what their precision allows. */
const us = (t: number): number => Math.round(t * 1000) % 1000;

/** 2025-03-04T10:11:12.345Z */
export const iso = (t: number): string => new Date(Math.floor(t)).toISOString();
/** 2025-03-04T10:11:12.345+00:00 (logback / nginx / Monolog style) */
export const isoOff = (t: number): string => `${iso(t).slice(0, 23)}+00:00`;
/** 2025-03-04T10:11:12.345678Z */
export const isoMicro = (t: number): string => `${iso(t).slice(0, 23)}${p3(us(t))}Z`;
/** 2025-03-04T10:11:12.345678+00:00 (rsyslog date-rfc3339) */
export const isoMicroOff = (t: number): string => `${iso(t).slice(0, 23)}${p3(us(t))}+00:00`;
/** 2025-03-04 10:11:12,345 (log4j / python asctime) */
export const log4jTime = (t: number): string => `${iso(t).slice(0, 10)} ${iso(t).slice(11, 19)},${iso(t).slice(20, 23)}`;
/** 2025-03-04T10:11:12.345+0000 (JVM unified logging) */
export const jvmTime = (t: number): string => `${iso(t).slice(0, 23)}+0000`;
/** epoch seconds with microseconds (zap) */
export const epochS = (t: number): number => Math.round(t * 1000) / 1e6;
/** epoch ms (pino, log4j2 timeMillis) */
export const epochMs = (t: number): number => Math.floor(t);
/** journald __REALTIME_TIMESTAMP */
export const journalTs = (t: number): string => String(Math.round(t * 1000));
/** Mar  4 10:11:12 */
export function bsdTime(t: number): string {
  const d = new Date(Math.floor(t));
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

export const round = (x: number, d = 0): number => {
  const f = 10 ** d;
  return Math.round(x * f) / f;
};

interface Row {
  t: number;
  seq: number;
  log: Record<string, unknown>;
  label: AnomalyType | null;
}

/** Collects lines with their time (ms, as the producer stamped it) and label; builds oldest first. */
export class Timeline {
  private rows: Row[] = [];
  add(t: number, log: Record<string, unknown>, label: AnomalyType | null = null): void {
    this.rows.push({ t, seq: this.rows.length, log, label });
  }
  get size(): number {
    return this.rows.length;
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: rows.map((r) => r.log), labels: rows.map((r) => r.label) };
  }
}
