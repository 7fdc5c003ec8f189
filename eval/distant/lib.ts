// Shared machinery of the distant family: a seeded PRNG, an incident builder that keeps lines
// oldest first with their labels, time formats as producers write them, and small id helpers.

import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;
export type Entry = Record<string, unknown>;

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** mulberry32: small, fast and good enough for test data. */
function mulberry32(a: number): () => number {
  let s = a >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, to derive a per-scenario stream from the family seed. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  private readonly r: () => number;
  constructor(seed: number, salt: string) {
    this.r = mulberry32((fnv1a(salt) ^ Math.imul(seed + 0x9e37, 0x85ebca6b)) >>> 0);
  }
  next(): number {
    return this.r();
  }
  /** Integer in [a, b]. */
  int(a: number, b: number): number {
    return a + Math.floor(this.r() * (b - a + 1));
  }
  float(a: number, b: number): number {
    return a + this.r() * (b - a);
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  /** Pick by weight: [[value, weight], ...]. */
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((a, [, w]) => a + w, 0);
    let x = this.r() * total;
    for (const [v, w] of xs) {
      x -= w;
      if (x <= 0) return v;
    }
    return xs[xs.length - 1]![0];
  }
  normal(mu: number, sd: number): number {
    const u = Math.max(this.r(), 1e-12);
    const v = this.r();
    return mu + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal with the given median; sigma ~0.3 is tight, ~0.8 is long-tailed. */
  logn(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.r() * 16)];
    return s;
  }
  alnum(n: number): string {
    const cs = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let s = "";
    for (let i = 0; i < n; i++) s += cs[Math.floor(this.r() * cs.length)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }
  ip(prefix = "10.42"): string {
    return `${prefix}.${this.int(0, 15)}.${this.int(2, 254)}`;
  }
  publicIp(): string {
    return `${this.pick([34, 52, 81, 89, 92, 176, 185, 203, 212])}.${this.int(1, 254)}.${this.int(0, 254)}.${this.int(1, 254)}`;
  }
  /** A Kubernetes pod suffix: replicaset hash and pod hash. */
  podSuffix(): string {
    const cs = "bcdfghjklmnpqrstvwxz2456789";
    let a = "";
    let b = "";
    for (let i = 0; i < 10; i++) a += cs[Math.floor(this.r() * cs.length)];
    for (let i = 0; i < 5; i++) b += cs[Math.floor(this.r() * cs.length)];
    return `${a}-${b}`;
  }
}

/** A start instant for a scenario: a day in 2025, a plausible hour, from the rng. */
export function startOf(rng: Rng, hourFrom = 0, hourTo = 21): number {
  return Date.UTC(2025, rng.int(0, 10), rng.int(1, 28), rng.int(hourFrom, hourTo), rng.int(0, 59), rng.int(0, 59), rng.int(0, 999));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 2025-03-14T09:12:01.123Z */
export function iso(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}
/** 2025-03-14T09:12:01Z (second resolution, as logrus and many Go loggers write it). */
export function isoSec(t: number): string {
  return `${new Date(Math.floor(t)).toISOString().slice(0, 19)}Z`;
}
/** 2025-03-14T09:12:01.123456Z: microseconds, the extra digits derived from the instant. */
export function isoMicro(t: number): string {
  const ms = Math.floor(t);
  const micro = pad(Math.floor((t - ms) * 1000), 3);
  return `${new Date(ms).toISOString().slice(0, 23)}${micro}Z`;
}
/** Docker json-file's time: nanoseconds. */
export function isoNano(t: number): string {
  const ms = Math.floor(t);
  const frac = String(Math.floor((t - ms) * 1e6)).padStart(6, "0");
  return `${new Date(ms).toISOString().slice(0, 23)}${frac}Z`;
}
/** .NET's round-trip format with an offset: 2025-03-14T09:12:01.1234567+00:00 */
export function dotnetTime(t: number): string {
  const ms = Math.floor(t);
  const frac = String(Math.floor((t - ms) * 1e4)).padStart(4, "0");
  return `${new Date(ms).toISOString().slice(0, 23)}${frac}+00:00`;
}
/** Local time with an offset: 2025-03-14T11:12:01.123+02:00 (or +0200 when compact). */
export function isoOffset(t: number, offsetMin: number, compact = false): string {
  const d = new Date(Math.floor(t) + offsetMin * MIN);
  const sign = offsetMin < 0 ? "-" : "+";
  const a = Math.abs(offsetMin);
  const off = compact ? `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}` : `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
  return `${d.toISOString().slice(0, 23)}${off}`;
}
/** Epoch seconds with microseconds, as zap and Python's time.time() write it. */
export function epochSec(t: number): number {
  return Math.round(t * 1000) / 1e6;
}
/** PostgreSQL's log timestamp: 2025-03-14 09:12:01.123 UTC */
export function pgTime(t: number): string {
  return `${iso(t).slice(0, 23).replace("T", " ")} UTC`;
}
/** Redis' own timestamp inside its log line: 14 Mar 2025 09:12:01.123 */
export function redisTime(t: number): string {
  const d = new Date(Math.floor(t));
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}
/** nginx's $time_local: 14/Mar/2025:09:12:01 +0000 */
export function nginxTime(t: number): string {
  const d = new Date(Math.floor(t));
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

const TIME_FIELDS = ["timestamp", "time", "@timestamp", "ts", "timeMillis"];

/** The instant an entry states, from the first time field it carries, in epoch ms. */
function statedTime(entry: Entry): number | undefined {
  for (const key of TIME_FIELDS) {
    const v = entry[key];
    if (typeof v === "number") return v < 1e11 ? v * 1000 : v;
    if (typeof v === "string") {
      const ms = Date.parse(v);
      if (Number.isFinite(ms)) return ms;
    }
  }
  return undefined;
}

interface Line {
  t: number;
  seq: number;
  entry: Entry;
  label: Label;
}

/**
 * Collects lines out of order, then writes them oldest first (ties keep the order they were
 * added in, so a multi-line dump stays together). `fill` tops the incident up to a line count
 * with routine traffic.
 */
export class Incident {
  private readonly lines: Line[] = [];
  private seq = 0;
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}
  get count(): number {
    return this.lines.length;
  }
  get span(): number {
    return this.end - this.start;
  }
  /** The instant at a fraction of the window. */
  at(frac: number): number {
    return this.start + frac * this.span;
  }
  add(t: number, entry: Entry, label: Label = null): void {
    this.lines.push({ t, seq: this.seq++, entry, label });
  }
  /** Call `fn` at every period from the start (with jitter), to the end. */
  every(period: number, jitter: number, rng: Rng, fn: (t: number, i: number) => void, from = this.start, to = this.end): void {
    let i = 0;
    for (let t = from + rng.float(0, period); t < to; t += period) {
      const tt = t + rng.float(-jitter, jitter);
      if (tt >= this.start && tt <= this.end) fn(tt, i++);
    }
  }
  /** Top up with routine lines at random instants until the incident holds `target` lines. */
  fill(target: number, rng: Rng, fn: (t: number) => void, from = this.start, to = this.end): void {
    let guard = 0;
    while (this.lines.length < target && guard++ < 100000) fn(rng.float(from, to));
  }
  /**
   * Oldest first by the time the entry itself states (a producer writing whole seconds states
   * an earlier instant than one writing milliseconds in the same second), then by the instant it
   * was generated at, then by insertion order.
   */
  build(name: string, description: string): Scenario {
    const keyed = this.lines.map((l) => ({ l, k: statedTime(l.entry) ?? Math.floor(l.t) }));
    keyed.sort((a, b) => a.k - b.k || a.l.t - b.l.t || a.l.seq - b.l.seq);
    const sorted = keyed.map((x) => x.l);
    if (sorted.length < 2000 || sorted.length > 6000) throw new Error(`${name}: ${sorted.length} lines, outside 2,000 to 6,000`);
    return { name, description, logs: sorted.map((l) => l.entry), labels: sorted.map((l) => l.label) };
  }
}
