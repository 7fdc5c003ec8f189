// Seeded randomness and small helpers shared by the estuary scenarios.
// mulberry32 PRNG (public-domain algorithm by Tommy Ettinger), written out here; no dependencies.
import type { AnomalyType, Scenario } from "./types.js";

export const SEC = 1_000;
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** FNV-1a over a salt string, mixed with the numeric seed, so every scenario draws its own stream. */
export function hashSeed(seed: number, salt: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  const s = `${salt}#${seed}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = "0123456789abcdef";
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const K8S = "bcdfghjklmnpqrstvwxz2456789";

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** uniform in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  float(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  /** integer in [a, b] inclusive */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error("weighted pick from empty list");
    return last[0];
  }
  /** standard normal (Box-Muller) */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** exponential gap with the given mean */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += HEX[Math.floor(this.next() * 16)];
    return s;
  }
  alnum(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += ALNUM[Math.floor(this.next() * ALNUM.length)];
    return s;
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
  uuid(): string {
    const v = this.hex(32);
    const variant = "89ab"[Math.floor(this.next() * 4)] ?? "8";
    return `${v.slice(0, 8)}-${v.slice(8, 12)}-4${v.slice(13, 16)}-${variant}${v.slice(17, 20)}-${v.slice(20, 32)}`;
  }
  /** Kubernetes-style random suffix */
  k8s(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += K8S[Math.floor(this.next() * K8S.length)];
    return s;
  }
  ip(prefix: string): string {
    const parts = prefix.split(".").length;
    const rest: number[] = [];
    for (let i = parts; i < 4; i++) rest.push(this.int(1, 254));
    return [prefix, ...rest].join(".");
  }
}

/**
 * Healthy latency for an operation with the given median: log-normal, clamped so that a healthy
 * value never exceeds 3x the median (labelling rule P: slow means more than 4x the healthy median).
 */
export function healthy(rng: Rng, median: number, spread = 0.4): number {
  let z = rng.normal();
  if (z > 2.6) z = 2.6;
  if (z < -2.6) z = -2.6;
  const f = Math.exp(spread * z);
  return median * Math.min(f, 2.9);
}

/** Anomalously slow latency: log-uniform between lo x and hi x the healthy median (lo >= 5). */
export function slow(rng: Rng, median: number, lo = 6, hi = 40): number {
  return median * Math.exp(rng.float(Math.log(lo), Math.log(hi)));
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

function parts(ms: number, offsetMin: number) {
  const whole = Math.floor(ms);
  const d = new Date(whole + offsetMin * MIN);
  return {
    y: d.getUTCFullYear(),
    mo: pad(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()),
    mi: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
    ms3: pad(d.getUTCMilliseconds(), 3),
    frac: ms - whole,
  };
}

function fracDigits(ms: number, digits: number): string {
  // digits after the second: 3 (ms), 6 (us) or 9 (ns); sub-ms part comes from the float time
  const p = parts(ms, 0);
  if (digits <= 3) return p.ms3.slice(0, digits);
  const sub = Math.floor(p.frac * 1e6);
  return (p.ms3 + pad(sub, 6)).slice(0, digits);
}

function offsetText(offsetMin: number, colon = true): string {
  if (offsetMin === 0) return "Z";
  const sign = offsetMin > 0 ? "+" : "-";
  const a = Math.abs(offsetMin);
  return `${sign}${pad(Math.floor(a / 60))}${colon ? ":" : ""}${pad(a % 60)}`;
}

/** ISO 8601, `digits` fractional digits (0, 3, 6 or 9), UTC "Z" or a local offset. */
export function iso(ms: number, digits = 3, offsetMin = 0): string {
  const p = parts(ms, offsetMin);
  const fr = digits > 0 ? "." + fracDigits(ms, digits) : "";
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}${fr}${offsetText(offsetMin)}`;
}

/** ISO with a numeric offset even for UTC (+00:00 / +0000), as Java and PHP print it. */
export function isoNumeric(ms: number, digits: number, offsetMin: number, colon = true): string {
  const p = parts(ms, offsetMin);
  const fr = digits > 0 ? "." + fracDigits(ms, digits) : "";
  const sign = offsetMin >= 0 ? "+" : "-";
  const a = Math.abs(offsetMin);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}${fr}${sign}${pad(Math.floor(a / 60))}${colon ? ":" : ""}${pad(a % 60)}`;
}

/** Python logging's asctime: 2025-03-04 10:00:00,123 (local wall clock) */
export function asctime(ms: number, offsetMin = 0): string {
  const p = parts(ms, offsetMin);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s},${p.ms3}`;
}

/** "2025-03-04 10:00:00.123 UTC" as PostgreSQL's jsonlog writes it */
export function pgTime(ms: number, withMs = true): string {
  const p = parts(ms, 0);
  return `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}${withMs ? "." + p.ms3 : ""} UTC`;
}

/** epoch seconds with microseconds, as zap and GELF write it */
export function epochSeconds(ms: number, digits = 6): number {
  return round(ms / 1000, digits);
}

/** epoch microseconds as a decimal string (journald __REALTIME_TIMESTAMP) */
export function epochMicros(ms: number): string {
  const whole = Math.floor(ms);
  const sub = Math.floor((ms - whole) * 1000);
  return `${whole}${pad(sub, 3)}`;
}

/** Poisson arrivals with the given mean gap; calls fn for each arrival time. */
export function poisson(rng: Rng, start: number, end: number, meanGap: number, fn: (t: number) => void): void {
  for (let t = start + rng.exp(meanGap); t < end; t += rng.exp(meanGap)) fn(t);
}

/** Poisson arrivals whose rate follows shape(t) in [0, 1] (thinning); meanGap is the gap at shape 1. */
export function poissonShaped(rng: Rng, start: number, end: number, meanGap: number, shape: (t: number) => number, fn: (t: number) => void): void {
  for (let t = start + rng.exp(meanGap); t < end; t += rng.exp(meanGap)) {
    if (rng.next() < shape(t)) fn(t);
  }
}

/** A periodic job with jitter: first run at start + phase. */
export function every(rng: Rng, start: number, end: number, period: number, jitter: number, fn: (t: number, i: number) => void): void {
  let i = 0;
  for (let t = start + rng.float(0, period); t < end; t += period) {
    const at = t + rng.float(-jitter, jitter);
    if (at >= start && at < end) fn(at, i);
    i++;
  }
}

interface Row {
  t: number;
  seq: number;
  log: Record<string, unknown>;
  label: AnomalyType | null;
}

/** Collects log lines at their times, then sorts them oldest first (stable for equal times). */
export class Timeline {
  private rows: Row[] = [];
  private seq = 0;
  add(t: number, log: Record<string, unknown>, label: AnomalyType | null = null): void {
    this.rows.push({ t, seq: this.seq++, log, label });
  }
  get size(): number {
    return this.rows.length;
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: rows.map((r) => r.log), labels: rows.map((r) => r.label) };
  }
}

/** A fixed base date moved by the seed: 0-27 days later and 0-59 minutes later. */
export function startTime(rng: Rng, baseUtcMs: number): number {
  return baseUtcMs + rng.int(0, 27) * DAY + rng.int(0, 59) * MIN + rng.int(0, 59) * SEC + rng.int(0, 999);
}
