// Shared helpers for the "dune" family: a seeded RNG (mulberry32), time helpers and a timeline
// that stores entries oldest first by the time each entry carries.
import type { AnomalyType, Scenario } from "./types.js";

export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

export class Rng {
  private s: number;
  constructor(seed: number, salt: string) {
    let h = 2166136261 ^ (seed >>> 0);
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 16777619);
    this.s = (h ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  float(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error("pick from empty list");
    return x;
  }
  normal(mu: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mu + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** log-normal around a median; sigma is the spread of its logarithm */
  logn(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
  gap(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}

export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
export const iso = (t: number): string => new Date(t).toISOString();

/** a start time in the first quarter of 2026, to the millisecond, from the seed */
export function startTime(r: Rng): number {
  return Date.UTC(2026, 0, 5) + r.int(0, 80) * 24 * HOUR + r.int(0, 20) * HOUR + r.int(0, 3599_999);
}

/** Poisson arrivals in [from, to) with the given mean gap, integer ms (or whole seconds) */
export function arrivals(r: Rng, from: number, to: number, meanGap: number, unit = 1): number[] {
  const out: number[] = [];
  let t = from + r.gap(meanGap);
  while (t < to) {
    out.push(Math.floor(t / unit) * unit);
    t += r.gap(meanGap);
  }
  return out;
}

/** n times spread uniformly at random over [from, to) */
export function scatter(r: Rng, from: number, to: number, n: number, unit = 1): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(r.float(from, to) / unit) * unit);
  return out.sort((a, b) => a - b);
}

export class Timeline {
  private items: { t: number; seq: number; log: Log; label: Label }[] = [];
  /** t must be the exact time the entry carries, in integer epoch ms */
  add(t: number, log: Log, label: Label = null): void {
    if (!Number.isInteger(t)) throw new Error(`non-integer time ${t}`);
    this.items.push({ t, seq: this.items.length, log, label });
  }
  build(name: string, description: string): Scenario {
    const sorted = [...this.items].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: sorted.map((x) => x.log), labels: sorted.map((x) => x.label) };
  }
}
