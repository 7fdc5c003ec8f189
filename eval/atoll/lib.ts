// Small helpers for the atoll scenarios: a seeded RNG salted per scenario, time helpers, and a
// Story that collects entries with their times and labels and hands them back oldest first.
import type { AnomalyType, Scenario } from "./types.js";

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

function hashSalt(salt: string): number {
  let h = 2166136261;
  for (let i = 0; i < salt.length; i++) {
    h ^= salt.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** mulberry32 over (seed, salt): every scenario gets its own stream, so adding one does not shift another. */
export class Rng {
  private s: number;
  constructor(seed: number, salt: string) {
    this.s = (Math.imul(seed | 0, 2654435761) ^ hashSalt(salt)) >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.next() * a.length)]!;
  }
  /** weighted pick: [[value, weight], ...] */
  weighted<T>(a: readonly (readonly [T, number])[]): T {
    const total = a.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of a) {
      x -= w;
      if (x < 0) return v;
    }
    return a[a.length - 1]![0];
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** log-normal around a median; sigma 0.3 keeps ~95 % within 0.55x..1.8x */
  around(median: number, sigma = 0.3): number {
    return median * Math.exp(sigma * this.normal());
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }
  alnum(n: number): string {
    const c = "abcdefghijklmnopqrstuvwxyz0123456789";
    let s = "";
    for (let i = 0; i < n; i++) s += c[Math.floor(this.next() * c.length)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }
  ip(prefix = "10.0"): string {
    return `${prefix}.${this.int(0, 31)}.${this.int(2, 250)}`;
  }
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

/** A start time in 2025, on the minute, different per seed. */
export function startTime(r: Rng): number {
  return Date.UTC(2025, r.int(0, 10), r.int(1, 28), r.int(0, 20), r.int(0, 59), 0) + r.int(0, 59) * SEC;
}

export const iso = (ms: number): string => new Date(Math.round(ms)).toISOString();
/** nginx's $time_iso8601: seconds, with an offset */
export const isoSec = (ms: number): string => `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;

/** n times spread uniformly over [start, end), sorted */
export function spread(r: Rng, n: number, start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(start + r.next() * (end - start));
  return out.sort((a, b) => a - b);
}

/** n times, one in each of n equal slots of [start, end): scattered over the whole window, no quiet stretch */
export function stratified(r: Rng, n: number, start: number, end: number): number[] {
  const w = (end - start) / n;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(start + i * w + r.float(0.05, 0.95) * w);
  return out;
}

type Row = { t: number; seq: number; log: Record<string, unknown>; label: AnomalyType | null };

export class Story {
  private rows: Row[] = [];
  add(t: number, log: Record<string, unknown>, label: AnomalyType | null = null): void {
    this.rows.push({ t, seq: this.rows.length, log, label });
  }
  get size(): number {
    return this.rows.length;
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    if (rows.length < 2000 || rows.length > 6000) throw new Error(`${name}: ${rows.length} lines, outside 2000-6000`);
    return { name, description, logs: rows.map((x) => x.log), labels: rows.map((x) => x.label) };
  }
}
