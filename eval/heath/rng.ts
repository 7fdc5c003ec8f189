// Seeded randomness and small helpers shared by the heath scenarios. Everything here is a pure function of the
// seed it is given: no Date.now(), no Math.random().
import type { AnomalyType } from "./types.js";

export type Log = Record<string, unknown>;
export type Label = AnomalyType | null;

export const SEC = 1_000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

/** mulberry32: a tiny 32-bit PRNG, uniform in [0, 1). */
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

/** Mixes a seed with a per-scenario salt so that scenarios sharing a seed do not share a stream. */
function mix(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const POD = "bcdfghjklmnpqrstvwxz2456789";

export class Rng {
  private readonly u: () => number;
  private spare: number | null = null;

  constructor(seed: number, salt: number) {
    this.u = mulberry32(mix(seed, salt));
  }

  next(): number {
    return this.u();
  }

  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.u();
  }

  /** Integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return Math.floor(lo + (hi - lo + 1) * this.u());
  }

  chance(p: number): boolean {
    return this.u() < p;
  }

  /** Gaussian (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return mean + sd * s;
    }
    const u1 = Math.max(this.u(), 1e-12);
    const u2 = this.u();
    const m = Math.sqrt(-2 * Math.log(u1));
    this.spare = m * Math.sin(2 * Math.PI * u2);
    return mean + sd * m * Math.cos(2 * Math.PI * u2);
  }

  /**
   * A healthy value of an operation: lognormal around `median`, redrawn until it lies within
   * [median / 2.5, median * 2.5], so that no healthy value comes near 3x its median (the margin covers a
   * small sample whose own median sits a little below the true one).
   */
  healthy(median: number, sigma = 0.3): number {
    for (let i = 0; i < 64; i++) {
      const v = median * Math.exp(this.normal(0, sigma));
      if (v >= median / 2.5 && v <= median * 2.5) return v;
    }
    return median;
  }

  /** An anomalous value: log-uniform between lo x and hi x the median (lo must be above 4). */
  slow(median: number, lo = 6, hi = 30): number {
    const f = Math.exp(this.float(Math.log(Math.max(lo, 4.2)), Math.log(hi)));
    return median * f;
  }

  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.u() * xs.length)];
    if (x === undefined) throw new Error("pick from an empty list");
    return x;
  }

  /** Picks by weight: pairs of [value, weight]. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, p) => s + p[1], 0);
    let x = this.u() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    const last = pairs[pairs.length - 1];
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.u() * (i + 1));
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += Math.floor(this.u() * 16).toString(16);
    return s;
  }

  lower(n: number): string {
    return this.fromAlphabet(LOWER, n);
  }

  upper(n: number): string {
    return this.fromAlphabet(UPPER, n);
  }

  digits(n: number): string {
    return this.fromAlphabet("0123456789", n);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A public-looking IPv4 address. */
  ip(): string {
    return `${this.int(30, 220)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  /** A Kubernetes Deployment pod name: app-<hash>-<suffix>. */
  pod(app: string): string {
    return `${app}-${this.fromAlphabet(POD, 10)}-${this.fromAlphabet(POD, 5)}`;
  }

  private fromAlphabet(alphabet: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet.charAt(Math.floor(this.u() * alphabet.length));
    return s;
  }
}

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A plausible incident start in 2025, to the second. */
export function startOf(r: Rng): number {
  return Date.UTC(2025, r.int(0, 10), r.int(1, 28), r.int(0, 23), r.int(0, 59), r.int(0, 59), r.int(0, 999));
}

/** Sub-millisecond digits derived from the millisecond, so that stamps stay deterministic. */
function subMs(ms: number, n: number): string {
  const v = (Math.imul(ms % 1_000_003, 2654435761) >>> 0) % 10 ** n;
  return String(v).padStart(n, "0");
}

/** 2025-03-04T10:11:12.123Z */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** 2025-03-04T10:11:12.123456Z (Python, Rust) */
export function isoMicro(ms: number): string {
  return `${iso(ms).slice(0, 23)}${subMs(ms, 3)}Z`;
}

/** 2025-03-04T10:11:12.1234567Z (.NET) */
export function isoTicks(ms: number): string {
  return `${iso(ms).slice(0, 23)}${subMs(ms, 4)}Z`;
}

/** 2025-03-04T10:11:12.123456789Z (Go) */
export function isoNano(ms: number): string {
  return `${iso(ms).slice(0, 23)}${subMs(ms, 6)}Z`;
}

/** 2025-03-04T10:11:12.123+00:00 (logstash-logback-encoder) */
export function isoOffset(ms: number): string {
  return `${iso(ms).slice(0, 23)}+00:00`;
}

/** 2025-03-04T10:11:12.123+0000 (JVM unified logging decorations) */
export function isoJvm(ms: number): string {
  return `${iso(ms).slice(0, 23)}+0000`;
}

/** Epoch seconds with milliseconds (zap, GELF). */
export function epochS(ms: number): number {
  return round(ms / 1000, 3);
}

/** Epoch microseconds as a string (journald's __REALTIME_TIMESTAMP). */
export function epochUs(ms: number): string {
  return `${ms}${subMs(ms, 3)}`;
}

/** Poisson arrivals at `perMin` a minute in [from, to). */
export function arrivals(r: Rng, from: number, to: number, perMin: number): number[] {
  const out: number[] = [];
  if (perMin <= 0) return out;
  let t = from;
  for (;;) {
    t += (-Math.log(Math.max(r.next(), 1e-12)) / perMin) * MIN;
    if (t >= to) return out;
    out.push(t);
  }
}

/** Periodic ticks every `everyMs` in [from, to), each jittered by up to +-jitter of the period. */
export function ticks(r: Rng, from: number, to: number, everyMs: number, jitter = 0.05): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += everyMs) {
    const j = Math.max(from, t + r.float(-jitter, jitter) * everyMs);
    if (j < to) out.push(j);
  }
  return out;
}

type Make = (t: number) => Log;

/**
 * Collects lines in any order and returns them oldest first. Each line is rendered from its final time, which is
 * made strictly increasing (a tie moves the later line on by a millisecond).
 */
export class LogBook {
  private readonly rows: { t: number; i: number; label: Label; make: Make }[] = [];

  add(t: number, label: Label, make: Make): void {
    this.rows.push({ t, i: this.rows.length, label, make });
  }

  get size(): number {
    return this.rows.length;
  }

  build(): { logs: Log[]; labels: Label[] } {
    const sorted = [...this.rows].sort((a, b) => a.t - b.t || a.i - b.i);
    const logs: Log[] = [];
    const labels: Label[] = [];
    let prev = Number.NEGATIVE_INFINITY;
    for (const row of sorted) {
      const t = Math.max(Math.round(row.t), prev + 1);
      prev = t;
      logs.push(row.make(t));
      labels.push(row.label);
    }
    return { logs, labels };
  }
}

/** Zero-pads to two digits. */
export function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
