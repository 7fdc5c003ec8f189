// Shared helpers for the tarn family: a seeded RNG, time formatting and a timeline that keeps
// entries oldest first by the time each entry carries (ties keep insertion order).
import type { AnomalyType, Scenario } from "./types.js";

export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;
export const SEC = 1000;
export const MIN = 60_000;

function hash(seed: number, salt: string): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function mulberry32(a0: number): () => number {
  let a = a0 >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Kit {
  readonly r: () => number;
  constructor(seed: number, salt: string) {
    this.r = mulberry32(hash(seed, salt));
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.r() * (b - a + 1));
  }
  num(a: number, b: number, digits = 1): number {
    return Number((a + this.r() * (b - a)).toFixed(digits));
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.r() * xs.length)];
    if (x === undefined) throw new Error("pick from empty list");
    return x;
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(0, 15)];
    return s;
  }
  alnum(n: number): string {
    const abc = "bcdfghjklmnpqrstvwxz2456789";
    let s = "";
    for (let i = 0; i < n; i++) s += abc[this.int(0, abc.length - 1)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }
  ip(prefix = "10.0"): string {
    const parts = prefix.split(".").length;
    let s = prefix;
    for (let i = parts; i < 4; i++) s += `.${this.int(2, 250)}`;
    return s;
  }
}

/** Window opening, somewhere in autumn 2025, different per seed and scenario. */
export function opening(seed: number, salt: string): number {
  const k = new Kit(seed, `${salt}:opening`);
  return Date.UTC(2025, 8, 1) + k.int(0, 110) * 86_400_000 + k.int(0, 23) * 3_600_000 + k.int(0, 3_599_999);
}

/** A sub-window of length len placed between from and to, away from both ends. */
export function span(k: Kit, from: number, to: number, len: number): [number, number] {
  const s = Math.round(from + (to - from - len) * (0.2 + 0.6 * k.r()));
  return [s, s + len];
}

export const iso = (t: number): string => new Date(t).toISOString();
export const isoS = (t: number): string => iso(t).replace(/\.\d{3}Z$/, "Z");
export const isoUs = (t: number): string => iso(t).replace("Z", "000Z");
export const isoNs = (t: number): string => iso(t).replace("Z", "000000Z");
export const iso7 = (t: number): string => iso(t).replace("Z", "0000Z");
export const nsStr = (t: number): string => `${t}000000`;
export const floorS = (t: number): number => Math.floor(t / SEC) * SEC;

/** Steady arrivals with jittered gaps from `from` to `to`; times are whole milliseconds. */
export function steady(k: Kit, from: number, to: number, gap: number, fn: (t: number) => void): void {
  let t = from + k.r() * gap;
  while (t < to) {
    fn(Math.round(t));
    t += gap * (0.3 + 1.4 * k.r());
  }
}

export class Timeline {
  private rows: { t: number; n: number; log: Log; label: Label }[] = [];
  add(t: number, log: Log, label: Label = null): void {
    this.rows.push({ t, n: this.rows.length, log, label });
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.n - b.n);
    return { name, description, logs: rows.map((r) => r.log), labels: rows.map((r) => r.label) };
  }
}
