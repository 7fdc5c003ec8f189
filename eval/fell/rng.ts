import type { AnomalyType } from "./types.js";

export type Rng = () => number;
export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;

/** mulberry32: small, fast, deterministic 32-bit PRNG. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG for one scenario: the seed mixed with a per-scenario salt string. */
export function rngFor(seed: number, salt: string): Rng {
  let h = 2166136261 ^ (seed >>> 0);
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 16777619);
  return mulberry32(h ^ Math.imul(seed, 0x9e3779b1));
}

export function uniform(r: Rng, a: number, b: number): number {
  return a + (b - a) * r();
}

export function int(r: Rng, a: number, b: number): number {
  return Math.floor(uniform(r, a, b + 1));
}

export function chance(r: Rng, p: number): boolean {
  return r() < p;
}

export function normal(r: Rng): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Lognormal around a median, kept within [median/3, median*3] (a healthy band). */
export function lognormal(r: Rng, median: number, sigma = 0.35): number {
  const v = median * Math.exp(sigma * normal(r));
  return Math.min(median * 2.9, Math.max(median / 2.9, v));
}

/** An anomalous value: lo..hi times the median (lo > 4). */
export function slow(r: Rng, median: number, lo = 5, hi = 30): number {
  return median * uniform(r, lo, hi);
}

export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

export function hex(r: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(r() * 16)];
  return s;
}

export function uuid(r: Rng): string {
  return `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Start of a scenario: a day in Feb-Mar 2026 at a seeded hour. */
export function startTime(r: Rng): number {
  return Date.UTC(2026, 1, 2 + int(r, 0, 40), int(r, 0, 14), int(r, 0, 59), int(r, 0, 59), int(r, 0, 999));
}

/** n uniform times in [a, b). */
export function spread(r: Rng, a: number, b: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(uniform(r, a, b));
  return out.sort((x, y) => x - y);
}

/** Roughly periodic times from a to b with jitter (fraction of the period). */
export function every(r: Rng, a: number, b: number, period: number, jitter = 0.2): number[] {
  const out: number[] = [];
  for (let t = a + period * r(); t < b; t += period * (1 + jitter * (2 * r() - 1))) out.push(t);
  return out;
}

export const MIN = 60_000;
export const HOUR = 3_600_000;

export interface Ev {
  t: number;
  label: Label;
  make: (t: number) => Log;
}

/**
 * Sorts events by time (stable), makes times strictly increasing in ms, renders the logs.
 * A rendered log may carry `_label` (a label decided by a value drawn at render time): it wins and is removed.
 */
export function assemble(evs: Ev[]): { logs: Log[]; labels: Label[] } {
  const order = evs.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i);
  const logs: Log[] = [];
  const labels: Label[] = [];
  let prev = Number.NEGATIVE_INFINITY;
  for (const { e } of order) {
    const t = Math.max(Math.round(e.t), prev + 1);
    prev = t;
    const log = e.make(t);
    if ("_label" in log) {
      const { _label, ...rest } = log;
      logs.push(rest);
      labels.push((_label as Label) ?? null);
    } else {
      logs.push(log);
      labels.push(e.label);
    }
  }
  return { logs, labels };
}
