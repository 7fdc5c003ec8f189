// Building blocks shared by the sealed scenarios: a seeded generator, Poisson arrivals and an
// incident under construction whose lines are sorted by time when it is finished.

import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;

/** mulberry32 seeded from the scenario name and the seed, so scenarios do not share streams. */
export class Rng {
  private s: number;

  constructor(seed: number, salt: string) {
    let h = 2166136261 ^ seed;
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 16777619);
    this.s = (h ^ Math.imul(seed + 0x9e3779b9, 0x85ebca6b)) >>> 0;
    for (let i = 0; i < 4; i++) this.next();
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight: `[[item, weight], ...]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r <= 0) return item;
    }
    return items[items.length - 1]![0];
  }

  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median and log-space sigma. */
  logn(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exp(mean: number): number {
    return -mean * Math.log(Math.max(this.next(), 1e-12));
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }

  alnum(n: number): string {
    const a = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let s = "";
    for (let i = 0; i < n; i++) s += a[Math.floor(this.next() * a.length)];
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  ip(prefix = "10."): string {
    const parts = prefix.split(".").filter((p) => p !== "").length;
    let s = prefix.endsWith(".") ? prefix : `${prefix}.`;
    for (let i = parts; i < 4; i++) s += `${this.int(1, 254)}${i < 3 ? "." : ""}`;
    return s;
  }
}

/**
 * Arrival times of a Poisson process over [start, end) whose rate (per second) may vary with
 * time; thinned against `maxRate`.
 */
export function arrivals(rng: Rng, start: number, end: number, rate: (t: number) => number, maxRate: number): number[] {
  const out: number[] = [];
  let t = start;
  for (;;) {
    t += rng.exp(1000 / maxRate);
    if (t >= end) return out;
    if (rng.next() * maxRate < rate(t)) out.push(Math.floor(t));
  }
}

/** Evenly spaced ticks with a little jitter, for periodic jobs and telemetry. */
export function ticks(rng: Rng, start: number, end: number, everyMs: number, jitterMs = 0): number[] {
  const out: number[] = [];
  for (let t = start + rng.next() * everyMs; t < end; t += everyMs) out.push(Math.floor(t + (jitterMs ? rng.next() * jitterMs : 0)));
  return out;
}

export const iso = (t: number): string => new Date(t).toISOString();
/** ISO 8601 with a numeric offset, as Python's isoformat writes it. */
export const isoPy = (t: number): string => `${new Date(t).toISOString().slice(0, 23)}000+00:00`;
export const epochS = (t: number): number => Math.floor(t) / 1000;
export const round = (x: number, digits = 0): number => {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
};

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** A fixed base day per seed so that timestamps differ across seeds but stay plausible. */
export function baseTime(seed: number, hourOfDay: number): number {
  const day = Date.UTC(2025, 2, 3) + (Math.abs(seed * 7919) % 200) * 24 * HOUR;
  return day + hourOfDay * HOUR + (Math.abs(seed * 104729) % 3600) * SEC;
}

interface Row {
  t: number;
  seq: number;
  entry: Record<string, unknown>;
  label: Label;
}

/** An incident under construction: lines may be added in any order, `finish` sorts them by time. */
export class Incident {
  private rows: Row[] = [];

  add(t: number, entry: Record<string, unknown>, label: Label = null): void {
    // Producers write whole milliseconds, so lines are ordered by the time they show.
    this.rows.push({ t: Math.floor(t), seq: this.rows.length, entry, label });
  }

  get size(): number {
    return this.rows.length;
  }

  finish(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    if (rows.length < 2000 || rows.length > 6000) throw new Error(`${name}: ${rows.length} lines, outside 2,000-6,000`);
    return { name, description, logs: rows.map((r) => r.entry), labels: rows.map((r) => r.label) };
  }
}
