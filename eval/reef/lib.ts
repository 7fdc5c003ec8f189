import type { AnomalyType, Scenario } from "./types.js";

export type Rng = () => number;
export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

function hashStr(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

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

/** One RNG per scenario: the seed salted with the scenario's name. */
export const rngFor = (seed: number, name: string): Rng => mulberry32((Math.imul(seed, 0x9e3779b1) ^ hashStr(name)) >>> 0);
export const between = (r: Rng, a: number, b: number): number => a + r() * (b - a);
export const int = (r: Rng, a: number, b: number): number => Math.floor(between(r, a, b + 1));
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const chance = (r: Rng, p: number): boolean => r() < p;
export const expGap = (r: Rng, mean: number): number => -Math.log(1 - r()) * mean;
export const hex = (r: Rng, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join("");
export const alnum = (r: Rng, n: number): string => Array.from({ length: n }, () => pick(r, "abcdefghijklmnopqrstuvwxyz0123456789".split(""))).join("");
export const round = (x: number, d = 0): number => Math.round(x * 10 ** d) / 10 ** d;
export const uuid = (r: Rng): string => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;

/** A window start: the given UTC day and hour, moved by the seed up to a few weeks and an hour. */
export const baseTime = (r: Rng, y: number, m: number, d: number, h: number): number =>
  Date.UTC(y, m - 1, d, h) + int(r, 0, 24) * DAY + int(r, 0, 59) * MIN + int(r, 0, 59) * SEC;

export const iso = (ms: number): string => new Date(Math.floor(ms)).toISOString();
export const isoSec = (ms: number): string => `${iso(ms).slice(0, 19)}Z`;
/** nginx $time_iso8601 */
export const nginxTime = (ms: number): string => `${iso(ms).slice(0, 19)}+00:00`;
/** python logging asctime: 2025-10-14 08:01:02,345 */
export const pyTime = (ms: number): string => iso(ms).slice(0, 23).replace("T", " ").replace(".", ",");
/** zap / epoch seconds with sub-second fraction */
export const epochS = (ms: number): number => Math.floor(ms) / 1000;

/** Collects entries with their times and labels; build() sorts oldest first (stable). */
export class Sink {
  private evs: { t: number; i: number; log: Log; label: Label }[] = [];
  add(t: number, log: Log, label: Label = null): void {
    this.evs.push({ t: Math.floor(t), i: this.evs.length, log, label });
  }
  build(name: string, description: string): Scenario {
    this.evs.sort((a, b) => a.t - b.t || a.i - b.i);
    return { name, description, logs: this.evs.map((e) => e.log), labels: this.evs.map((e) => e.label) };
  }
}

/** Calls fn at random times with the given mean gap over [from, to). */
export function poisson(r: Rng, from: number, to: number, meanGap: number, fn: (t: number) => void): void {
  for (let t = from + expGap(r, meanGap); t < to; t += expGap(r, meanGap)) fn(t);
}

/** Producers that stamp whole seconds (nginx's $time_iso8601, Kubernetes events) are placed on a whole second. */
export const whole = (t: number): number => Math.ceil(t / 1000) * 1000;
