// Small building blocks shared by the uncharted incidents: a seeded PRNG, time formats as
// real producers write them, and an incident buffer that keeps lines oldest first.

import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed always gives the same sequence. */
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

/** FNV-1a of a name mixed with the family seed, so every incident draws its own sequence. */
export function seedFor(name: string, seed: number): number {
  let h = 0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  f(): number {
    return this.next();
  }
  /** integer in [lo, hi], both included */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** pick by weight: [[item, weight], ...] */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }
  gauss(): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** log-normal around a median: most values within a factor exp(sigma) of it */
  logn(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.gauss());
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }
  alnum(n: number): string {
    const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let s = "";
    for (let i = 0; i < n; i++) s += abc[Math.floor(this.next() * abc.length)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }
  ip(prefix = "10."): string {
    const parts = prefix.split(".").filter((p) => p !== "").length;
    let s = prefix;
    for (let i = parts; i < 4; i++) s += `${this.int(1, 254)}${i < 3 ? "." : ""}`;
    return s;
  }
  /** n sorted times spread uniformly over [start, end) */
  times(n: number, start: number, end: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(start + Math.floor(this.next() * (end - start)));
    return out.sort((a, b) => a - b);
  }
}

/** A start time for an incident: a fixed day plus a seed-dependent shift, whole minutes. */
export function startAt(r: Rng, isoDay: string): number {
  return Date.parse(isoDay) + r.int(0, 600) * 60_000;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

export const iso = (t: number): string => new Date(t).toISOString();
/** ISO 8601 with microseconds and a numeric offset, as Python's isoformat() writes it */
export const isoMicro = (t: number): string => `${new Date(t).toISOString().slice(0, 23)}${pad(Math.floor((t * 7) % 1000), 3)}+00:00`;
/** ISO 8601 in a local offset, as logback's LogstashEncoder writes it */
export function isoOffset(t: number, offsetMin: number): string {
  const d = new Date(t + offsetMin * 60_000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const o = Math.abs(offsetMin);
  return `${d.toISOString().slice(0, 23)}${sign}${pad(Math.floor(o / 60))}:${pad(o % 60)}`;
}
/** PostgreSQL's jsonlog time: "2025-03-04 10:12:13.123 UTC" */
export const pgTime = (t: number): string => `${new Date(t).toISOString().slice(0, 23).replace("T", " ")} UTC`;
/** epoch seconds with millisecond resolution, as zap, nginx's $msec and Python's time.time() give */
export const epochS = (t: number): number => Math.round(t) / 1000;

interface Row {
  t: number;
  seq: number;
  render: (t: number) => Log;
  label: Label;
}

/**
 * The lines of one incident. Lines are added in any order with their time; build() sorts them
 * oldest first (ties keep insertion order), nudges equal times apart by a millisecond so every
 * producer's format stays strictly ordered, then renders each line at its final time.
 */
export class Incident {
  private readonly rows: Row[] = [];
  add(t: number, render: (t: number) => Log, label: Label = null): void {
    this.rows.push({ t: Math.round(t), seq: this.rows.length, render, label });
  }
  get size(): number {
    return this.rows.length;
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    const logs: Log[] = [];
    const labels: Label[] = [];
    let last = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      const t = row.t <= last ? last + 1 : row.t;
      last = t;
      logs.push(row.render(t));
      labels.push(row.label);
    }
    return { name, description, logs, labels };
  }
}

/** Round to a number of decimals, as a producer printing a float would. */
export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
