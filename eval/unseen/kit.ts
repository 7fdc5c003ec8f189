// Building blocks of the unseen family: a seeded generator, time helpers, and an incident
// builder that keeps each entry beside its label and hands them back oldest first.

import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;
export type Entry = Record<string, unknown>;

/** FNV-1a over the seed and a salt, so each scenario draws its own stream from one seed. */
function hashSeed(seed: number, salt: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < salt.length; i++) {
    h ^= salt.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= Math.imul(seed | 0, 0x9e3779b1);
  return h >>> 0;
}

export class Gen {
  private s: number;

  constructor(seed: number, salt: string) {
    this.s = hashSeed(seed, salt) || 0x2545f491;
  }

  /** mulberry32 */
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
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by weight: [[item, weight], ...]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x <= 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal around a median; sigma 0.5 gives a p99 about 3x the median. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  hex(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return out;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  /** An address under a prefix of one to three octets, e.g. "10." or "10.42.". */
  ip(prefix = "10."): string {
    const given = prefix.split(".").length - 1;
    const rest = [this.int(0, 31), this.int(0, 255), this.int(2, 254)].slice(given - 1);
    return `${prefix}${rest.join(".")}`;
  }

  /** n sorted times spread at random over [start, end). */
  times(start: number, end: number, n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(start + Math.floor(this.next() * (end - start)));
    return out.sort((a, b) => a - b);
  }

  /** Times every `periodMs` from start to end, with a little jitter as real schedulers show. */
  every(start: number, end: number, periodMs: number, jitterMs = 400): number[] {
    const out: number[] = [];
    for (let t = start + this.int(0, periodMs); t < end; t += periodMs) out.push(t + this.int(0, jitterMs));
    return out;
  }
}

/** A base time for a seed: a different night of the same season for each seed, like replayed incidents. */
export function baseTime(seed: number, hourUtc: number): number {
  const day = 1 + (Math.abs(seed * 7 + 3) % 27);
  const minute = Math.abs(seed * 13) % 60;
  return Date.UTC(2026, 2, day, hourUtc, minute, 0);
}

export const MIN = 60_000;
export const SEC = 1_000;

export function iso(t: number): string {
  return new Date(t).toISOString();
}

/** ISO with a sub-millisecond tail, as Go and Rust write it; the tail never reorders lines. */
export function isoMicro(t: number, g: Gen): string {
  return `${new Date(t).toISOString().slice(0, 23)}${String(g.int(0, 999)).padStart(3, "0")}Z`;
}

export function isoNano(t: number, g: Gen): string {
  return `${new Date(t).toISOString().slice(0, 23)}${String(g.int(0, 999999)).padStart(6, "0")}Z`;
}

/** PostgreSQL's and pgbouncer's own stamp: "2026-03-10 02:00:01.123 UTC". */
export function pgStamp(t: number): string {
  return `${new Date(t).toISOString().slice(0, 23).replace("T", " ")} UTC`;
}

export class Incident {
  private readonly rows: { t: number; seq: number; entry: Entry; label: Label }[] = [];

  add(t: number, entry: Entry, label: Label = null): void {
    this.rows.push({ t, seq: this.rows.length, entry, label });
  }

  get size(): number {
    return this.rows.length;
  }

  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: rows.map((r) => r.entry), labels: rows.map((r) => r.label) };
  }
}

export const USER_AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "okhttp/4.12.0",
  "shop-ios/5.31.0 (iPhone15,2; iOS 17.4.1)",
  "Go-http-client/2.0",
  "python-requests/2.31.0",
] as const;
