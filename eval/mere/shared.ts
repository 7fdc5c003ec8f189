// Shared helpers for the "mere" family: a seeded RNG per scenario, a timeline sorted oldest first.
import type { AnomalyType, Scenario } from "./types.js";

export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;
export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function mulberry32(a: number): Rng {
  let s = a >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An RNG from the seed and a per-scenario salt (FNV-1a of the salt mixed with the seed). */
export function rngFor(seed: number, salt: string): Rng {
  let h = 0x811c9dc5;
  for (const c of salt) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return mulberry32((h ^ Math.imul(seed + 0x9e3779b9, 0x85ebca6b)) >>> 0);
}

export const int = (r: Rng, a: number, b: number): number => a + Math.floor(r() * (b - a + 1));
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
export const chance = (r: Rng, p: number): boolean => r() < p;
export const gauss = (r: Rng): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
/** A log-normal-ish positive value around `median`, spread `sd` (in log space). */
export const around = (r: Rng, median: number, sd = 0.25): number => median * Math.exp(gauss(r) * sd);
export const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
export const hex = (r: Rng, n: number): string => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");
export const alnum = (r: Rng, n: number): string =>
  Array.from({ length: n }, () => "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"[Math.floor(r() * 57)]).join("");
export const uuid = (r: Rng): string => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
export const ip = (r: Rng, prefix = "10.42"): string => `${prefix}.${int(r, 0, 15)}.${int(r, 2, 250)}`;

/** Window start: a whole second on a working day in early 2026, different per seed and scenario. */
export function windowStart(seed: number, salt: string): number {
  const r = rngFor(seed, `${salt}/start`);
  return Date.UTC(2026, 0, 5) + int(r, 0, 70) * 86_400_000 + int(r, 0, 23) * 3_600_000 + int(r, 0, 3599) * 1000;
}

export const iso = (t: number): string => new Date(t).toISOString();
/** Python logging asctime: `2026-02-03 10:00:01,123` (UTC). */
export const pyAsc = (t: number): string => iso(t).slice(0, 23).replace("T", " ").replace(".", ",");
/** Microsecond ISO stamp with an explicit offset (Monolog, Rust tracing): the extra digits are zeros. */
export const isoMicro = (t: number): string => `${iso(t).slice(0, 23)}000+00:00`;

/** Calls fn at Poisson-spaced whole-millisecond times in [from, to), `perSec` on average. */
export function poisson(r: Rng, from: number, to: number, perSec: number, fn: (t: number) => void): void {
  if (perSec <= 0) return;
  let t = from + (-Math.log(1 - r()) / perSec) * 1000;
  while (t < to) {
    fn(Math.floor(t));
    t += (-Math.log(1 - r()) / perSec) * 1000;
  }
}

/** Calls fn every `everyMs` (with a little jitter) in [from, to). */
export function every(r: Rng, from: number, to: number, everyMs: number, fn: (t: number) => void): void {
  for (let t = from + Math.floor(r() * everyMs); t < to; t += everyMs) fn(t + int(r, 0, 40));
}

/** Entries with the time they carry; stored oldest first by that time (ties keep insertion order). */
export class Timeline {
  private rows: { t: number; n: number; log: Log; label: Label }[] = [];
  add(t: number, log: Log, label: Label = null): void {
    this.rows.push({ t, n: this.rows.length, log, label });
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.n - b.n);
    return { name, description, logs: rows.map((x) => x.log), labels: rows.map((x) => x.label) };
  }
}
