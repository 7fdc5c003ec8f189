// Seeded randomness and small timeline helpers shared by the delta scenarios.
// Everything is deterministic: the same seed always yields byte-identical logs.
import type { AnomalyType, Scenario } from "./types.js";

export type Label = AnomalyType | null;

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** mulberry32: tiny 32-bit PRNG, good enough for synthetic logs. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a numeric seed with a salt (FNV-1a) so every scenario has its own stream. */
export function seedFor(seed: number, salt: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < salt.length; i++) {
    h ^= salt.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.floor(seed / 4294967296);
  return Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

export class Rng {
  private readonly f: () => number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.f = mulberry32(seed);
  }

  next(): number {
    return this.f();
  }

  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.f();
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor((hi - lo + 1) * this.f());
  }

  chance(p: number): boolean {
    return this.f() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.f() * xs.length)] as T;
  }

  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of xs) total += w;
    let u = this.f() * total;
    for (const [v, w] of xs) {
      u -= w;
      if (u < 0) return v;
    }
    return (xs[xs.length - 1] as readonly [T, number])[0];
  }

  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.f();
    const v = this.f();
    const m = Math.sqrt(-2 * Math.log(u));
    this.spare = m * Math.sin(2 * Math.PI * v);
    return mean + sd * m * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median; sigma is the spread in log space. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.f());
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += HEX[Math.floor(this.f() * 16)];
    return s;
  }

  alnum(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += ALNUM[Math.floor(this.f() * 36)];
    return s;
  }

  upper(n: number): string {
    return this.alnum(n).toUpperCase();
  }

  digits(n: number): string {
    let s = String(1 + Math.floor(this.f() * 9));
    for (let i = 1; i < n; i++) s += String(Math.floor(this.f() * 10));
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  /** Kubernetes-style pod suffix: replica-set hash + 5 chars. */
  podName(deploy: string): string {
    const rs = "bcdfghjklmnpqrstvwxz2456789";
    let h = "";
    for (let i = 0; i < 10; i++) h += rs[Math.floor(this.f() * rs.length)];
    let p = "";
    for (let i = 0; i < 5; i++) p += rs[Math.floor(this.f() * rs.length)];
    return `${deploy}-${h}-${p}`;
  }

  ip(prefix = "10"): string {
    const parts = prefix.split(".");
    while (parts.length < 4) parts.push(String(this.int(1, 254)));
    return parts.join(".");
  }

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.f() * (i + 1));
      const a = xs[i] as T;
      xs[i] = xs[j] as T;
      xs[j] = a;
    }
    return xs;
  }
}

/** A start time on a working day of 2025, between the given UTC hours. */
export function baseTime(r: Rng, hourLo: number, hourHi: number): number {
  const day = Date.UTC(2025, 0, 6) + r.int(0, 320) * 24 * HOUR;
  return day + r.int(hourLo * 60, hourHi * 60) * MIN + r.int(0, 59) * SEC + r.int(0, 999);
}

/** Event times of a Poisson process (mean gap in ms), thinned by an optional weight in [0, maxWeight]. */
export function arrivals(r: Rng, start: number, end: number, meanGapMs: number, weight?: (t: number) => number, maxWeight = 1): number[] {
  const out: number[] = [];
  const gap = meanGapMs / maxWeight;
  let t = start + r.exp(gap);
  while (t < end) {
    if (!weight || r.next() * maxWeight < weight(t)) out.push(t);
    t += r.exp(gap);
  }
  return out;
}

/** Periodic times with a little jitter (a scrape, a cron, a heartbeat). */
export function every(r: Rng, start: number, end: number, periodMs: number, jitterMs = 0): number[] {
  const out: number[] = [];
  let t = start + r.float(0, periodMs);
  while (t < end) {
    out.push(Math.max(start, t + r.float(-jitterMs, jitterMs)));
    t += periodMs;
  }
  return out.sort((a, b) => a - b);
}

export function between(t: number, a: number, b: number): boolean {
  return t >= a && t < b;
}

/** Fraction of the way from a to b, clamped to [0, 1]. */
export function progress(t: number, a: number, b: number): number {
  if (b <= a) return t >= b ? 1 : 0;
  return Math.min(1, Math.max(0, (t - a) / (b - a)));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

export function iso(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}

/** ISO 8601 with microseconds (the sub-millisecond digits come from t's fraction). */
export function isoMicro(t: number): string {
  const micro = Math.floor((t - Math.floor(t)) * 1000);
  return iso(t).replace("Z", `${pad(micro, 3)}Z`);
}

/** ISO 8601 with nanoseconds, as Docker and Go write it. */
export function isoNano(t: number): string {
  const frac = Math.floor((t - Math.floor(t)) * 1e6);
  return iso(t).replace("Z", `${pad(frac, 6)}Z`);
}

/** "2025-03-04 10:11:12,345" (Python logging's asctime). */
export function pyTime(t: number): string {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
}

/** "2025-03-04 10:11:12.345" */
export function spaceTime(t: number): string {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 23)}`;
}

/** "2025/03/04 10:11:12" (nginx error log, Go's log package). */
export function slashTime(t: number): string {
  const s = iso(t);
  return `${s.slice(0, 4)}/${s.slice(5, 7)}/${s.slice(8, 10)} ${s.slice(11, 19)}`;
}

/** klog header time: "0304 10:11:12.123456". */
export function klogTime(t: number): string {
  const s = isoMicro(t);
  return `${s.slice(5, 7)}${s.slice(8, 10)} ${s.slice(11, 26)}`;
}

export function fixed(x: number, d: number): number {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

/** Collects entries with their times and labels, then sorts them oldest first (stable). */
export class Timeline {
  private rows: { t: number; n: number; log: Record<string, unknown>; label: Label }[] = [];

  add(t: number, log: Record<string, unknown>, label: Label = null): void {
    this.rows.push({ t, n: this.rows.length, log, label });
  }

  get size(): number {
    return this.rows.length;
  }

  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.n - b.n);
    return {
      name,
      description,
      logs: rows.map((x) => x.log),
      labels: rows.map((x) => x.label),
    };
  }
}
