// The foreign family's own kit: a seeded generator, time formats as producers print them, and an
// incident that keeps each entry beside its label and hands them back oldest first.
import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;
export type Entry = Record<string, unknown>;

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** mulberry32: small, fast and the same on every platform, which is all a labelled set needs. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1]![0];
  }
  normal(mean: number, sd: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal around a median: the shape request latencies have. */
  logn(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }
  exp(mean: number): number {
    return -mean * Math.log(Math.max(this.next(), 1e-12));
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }
  alnum(n: number, alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789"): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }
  ip(prefix: string): string {
    const parts = prefix.split(".").length;
    let s = prefix;
    for (let i = parts; i < 4; i++) s += `.${this.int(i === 3 ? 2 : 0, 254)}`;
    return s;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/** One generator per scenario, so adding or changing a scenario leaves the others' logs as they were. */
export function rngFor(seed: number, name: string): Rng {
  let h = 0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  const r = new Rng(h >>> 0);
  r.next();
  return r;
}

/** A start time between January 2024 and November 2025, at a whole second. */
export function startTime(rng: Rng, hourLo = 0, hourHi = 23): number {
  const day = Date.UTC(2024, 0, 8) + rng.int(0, 680) * 24 * HOUR;
  return day + rng.int(hourLo, hourHi) * HOUR + rng.int(0, 59) * MIN + rng.int(0, 59) * SEC;
}

/** n times spread at random over [start, end), oldest first, whole milliseconds. */
export function times(rng: Rng, start: number, end: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(rng.float(start, end)));
  return out.sort((a, b) => a - b);
}

/** Times every `period` with up to `jitter` either way. */
export function ticks(rng: Rng, start: number, end: number, period: number, jitter = 0): number[] {
  const out: number[] = [];
  for (let t = start; t < end; t += period) out.push(Math.max(start, Math.floor(t + (jitter ? rng.float(-jitter, jitter) : 0))));
  return out.sort((a, b) => a - b);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Sub-millisecond digits that depend only on the millisecond, so they never reorder lines. */
const subMs = (t: number, digits: number): string => pad((Math.floor(t) * 7919 + 13) % 10 ** digits, digits);

export const iso = (t: number): string => new Date(t).toISOString();
export const isoSec = (t: number): string => `${new Date(t).toISOString().slice(0, 19)}Z`;
export const isoUs = (t: number): string => `${new Date(t).toISOString().slice(0, 23)}${subMs(t, 3)}Z`;
export const isoNs = (t: number): string => `${new Date(t).toISOString().slice(0, 23)}${subMs(t, 6)}Z`;

/** Local time with its offset as `2024-05-01T12:00:00.123+02:00`; digits 0, 3 or 6 after the second. */
export function isoOffset(t: number, offsetMin: number, digits: 0 | 3 | 6 = 3): string {
  const d = new Date(t + offsetMin * MIN).toISOString();
  const frac = digits === 0 ? "" : digits === 3 ? d.slice(19, 23) : `${d.slice(19, 23)}${subMs(t, 3)}`;
  const sign = offsetMin < 0 ? "-" : "+";
  const off = Math.abs(offsetMin);
  return `${d.slice(0, 19)}${frac}${sign}${pad(Math.floor(off / 60))}:${pad(off % 60)}`;
}

/** `2024-05-01 10:00:00.123 UTC`, as PostgreSQL's jsonlog prints it. */
export const pgTime = (t: number): string => `${new Date(t).toISOString().slice(0, 23).replace("T", " ")} UTC`;
/** `2024-05-01 10:00:00,123`, log4j's and Python's default. */
export const commaTime = (t: number): string => new Date(t).toISOString().slice(0, 23).replace("T", " ").replace(".", ",");
/** `01-May-2024 10:00:00`, PHP-FPM's. */
export function dmyTime(t: number): string {
  const d = new Date(t);
  return `${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${d.toISOString().slice(11, 19)}`;
}
/** `2024/05/01 10:00:00`, nginx's error log. */
export const slashTime = (t: number): string => new Date(t).toISOString().slice(0, 19).replace("T", " ").replace(/-/g, "/");
/** `2024-05-01 10:00:00`, IIS's W3C fields. */
export const spaceTime = (t: number): string => new Date(t).toISOString().slice(0, 19).replace("T", " ");
/** `May  1 10:00:00`, classic syslog. */
export function syslogTime(t: number): string {
  const d = new Date(t);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${d.toISOString().slice(11, 19)}`;
}
export const floorSec = (t: number): number => Math.floor(t / SEC) * SEC;

/** ISO 8601 duration as java.time.Duration prints it: PT3.2S, PT4M12.5S, PT1H2M. */
export function isoDuration(ms: number): string {
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const sec = Math.round(s * 1000) / 1000;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${sec || (!h && !m) ? `${sec}S` : ""}`;
}

/** Go's time.Duration.String(): 12.345ms, 1.2s, 1m3.5s, 150µs. */
export function goDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${Math.round(ms * 1000) / 1000}ms`;
  const s = ms / 1000;
  if (s < 60) return `${Math.round(s * 1000) / 1000}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round((s - m * 60) * 1000) / 1000}s`;
}

export const round = (x: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

const TIME_FIELDS = ["timestamp", "time", "@timestamp", "ts", "timeMillis"];

function entryTime(entry: Entry): number | undefined {
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

interface Row {
  t: number;
  seq: number;
  entry: Entry;
  label: Label;
}

export const MIN_LINES = 2000;
export const MAX_LINES = 6000;

/** The lines of one incident with their labels; `finish` sorts them by time, keeping insertion order on ties. */
export class Incident {
  private readonly rows: Row[] = [];
  constructor(
    readonly name: string,
    readonly description: string,
  ) {}
  add(t: number, entry: Entry, label: Label = null): void {
    this.rows.push({ t, seq: this.rows.length, entry, label });
  }
  get size(): number {
    return this.rows.length;
  }
  finish(): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.seq - b.seq);
    let last = Number.NEGATIVE_INFINITY;
    for (const [i, r] of rows.entries()) {
      const t = entryTime(r.entry);
      if (t === undefined || t < last) throw new Error(`${this.name}: line ${i} has no time or goes back: ${JSON.stringify(r.entry).slice(0, 160)}`);
      last = t;
    }
    if (rows.length < MIN_LINES || rows.length > MAX_LINES) throw new Error(`${this.name}: ${rows.length} lines`);
    return { name: this.name, description: this.description, logs: rows.map((r) => r.entry), labels: rows.map((r) => r.label) };
  }
}
