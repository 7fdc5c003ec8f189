// Shared helpers for the "fen" family: a seeded RNG and a timeline sorted oldest first.
import type { AnomalyType, Scenario } from "./types.js";

export type Label = AnomalyType | null;
type Log = Record<string, unknown>;

export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  private readonly r: () => number;
  constructor(seed: number, salt: string) {
    this.r = mulberry32((Math.imul(seed, 0x9e3779b1) ^ fnv(salt)) >>> 0);
  }
  next(): number {
    return this.r();
  }
  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.r();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor((hi - lo + 1) * this.r());
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)] as T;
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(0, 15)];
    return s;
  }
  upper(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789ABCDEF"[this.int(0, 15)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }
  ip(prefix?: string): string {
    return prefix ? `${prefix}.${this.int(2, 254)}` : `${this.int(23, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
  /** log-normal-ish positive value around `median` */
  around(median: number, spread = 0.35): number {
    return median * Math.exp(spread * (this.r() + this.r() + this.r() - 1.5) * 1.6);
  }
}

/** A start time (epoch ms) on some day of Feb–Apr 2026, varying with the seed. */
export function windowStart(rng: Rng): number {
  return Date.UTC(2026, 1 + rng.int(0, 2), rng.int(1, 27), rng.int(0, 21), rng.int(0, 59), rng.int(0, 59), rng.int(0, 999));
}

export const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();
export const isoMicro = (ms: number, rng: Rng): string => iso(ms).replace("Z", `${rng.int(0, 999).toString().padStart(3, "0")}Z`);
export const MIN = 60_000;

export class Timeline {
  private items: { t: number; seq: number; log: Log; label: Label }[] = [];
  constructor(
    readonly rng: Rng,
    readonly start: number,
    readonly end: number,
  ) {}
  get size(): number {
    return this.items.length;
  }
  add(t: number, log: Log, label: Label = null): void {
    this.items.push({ t, seq: this.items.length, log, label });
  }
  /** calls fn at a Poisson-like process of mean gap `gapMs` over [from, to) */
  every(gapMs: number, fn: (t: number) => void, from = this.start, to = this.end): void {
    for (let t = from + this.rng.float(0, gapMs); t < to; t += gapMs * (0.3 + 1.4 * this.rng.next())) fn(t);
  }
  /** calls fn n times, evenly spread with jitter over [from, to): a steady process */
  spread(n: number, fn: (t: number, i: number) => void, from = this.start, to = this.end): void {
    const step = (to - from) / Math.max(1, n);
    for (let i = 0; i < n; i++) fn(from + (i + this.rng.next()) * step, i);
  }
  /** how many dominant lines make them `share` of all lines, given what is already there */
  floodCount(share: number, extraPerLine = 0): number {
    return Math.round((share * this.size) / (1 - share * (1 + extraPerLine)));
  }
  build(name: string, description: string): Scenario {
    const sorted = [...this.items].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: sorted.map((x) => x.log), labels: sorted.map((x) => x.label) };
  }
}
