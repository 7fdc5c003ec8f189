// Small self-contained helpers for the "hinterland" scenario family:
// a seeded PRNG, time formatting in the styles real producers use, and a sink
// that collects (time, entry, label) rows and emits them oldest first.
import type { Scenario, AnomalyType } from "../blind/types.js";

export type Label = AnomalyType | null;

/** mulberry32: tiny, fast, good enough for test data. */
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

/** FNV-1a over a salt and the seed: independent streams per scenario / per purpose. */
export function mixSeed(seed: number, salt: string): number {
  const s = Number.isFinite(seed) ? Math.floor(seed) : 0;
  let h = 0x811c9dc5;
  const feed = (b: number): void => {
    h ^= b & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  const lo = s >>> 0;
  const hi = Math.floor(s / 4294967296) >>> 0;
  for (let i = 0; i < 4; i++) feed(lo >>> (8 * i));
  for (let i = 0; i < 4; i++) feed(hi >>> (8 * i));
  for (let i = 0; i < salt.length; i++) feed(salt.charCodeAt(i));
  return h >>> 0;
}

const K8S_ALPHA = "bcdfghjklmnpqrstvwxz2456789";
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class Rng {
  private readonly f: () => number;
  constructor(seed: number) {
    this.f = mulberry32(seed);
  }
  next(): number {
    return this.f();
  }
  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.f();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor((hi - lo + 1) * this.f());
  }
  chance(p: number): boolean {
    return this.f() < p;
  }
  pick<T>(a: readonly T[]): T {
    const v = a[Math.floor(this.f() * a.length)];
    if (v === undefined) throw new Error("pick from an empty list");
    return v;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.f() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[0];
  }
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.f();
    const v = this.f();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** log-normal around a median; sigma ~0.3 tight, ~0.8 heavy tail */
  logn(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  exp(mean: number): number {
    return -Math.log(1 - this.f()) * mean;
  }
  fromAlphabet(n: number, alphabet: string): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet.charAt(Math.floor(this.f() * alphabet.length));
    return s;
  }
  hex(n: number): string {
    return this.fromAlphabet(n, "0123456789abcdef");
  }
  alnum(n: number): string {
    return this.fromAlphabet(n, ALNUM);
  }
  b62(n: number): string {
    return this.fromAlphabet(n, B62);
  }
  digits(n: number): string {
    return this.fromAlphabet(1, "123456789") + this.fromAlphabet(n - 1, "0123456789");
  }
  uuid(): string {
    const h = this.hex(32);
    const v = "89ab".charAt(this.int(0, 3));
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** a Kubernetes ReplicaSet pod-template-hash (10 chars) */
  rsHash(): string {
    return this.fromAlphabet(10, K8S_ALPHA);
  }
  /** a pod-name suffix (5 chars) */
  podSuffix(): string {
    return this.fromAlphabet(5, K8S_ALPHA);
  }
  fork(salt: string): Rng {
    return new Rng(mixSeed(Math.floor(this.f() * 4294967296), salt));
  }
}

// ---------------------------------------------------------------- time formats

const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

interface Parts {
  Y: number;
  M: string;
  D: string;
  h: string;
  m: string;
  s: string;
  ms: string;
  mon: string;
}

function parts(t: number, offMin = 0): Parts {
  const d = new Date(Math.floor(t) + offMin * 60000);
  return {
    Y: d.getUTCFullYear(),
    M: pad(d.getUTCMonth() + 1),
    D: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()),
    m: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
    ms: pad(d.getUTCMilliseconds(), 3),
    mon: MON[d.getUTCMonth()] ?? "Jan",
  };
}

/** digits below the millisecond, from the fractional part of a float ms time */
function sub(t: number, digits: number): string {
  if (digits <= 0) return "";
  const frac = t - Math.floor(t);
  return pad(Math.floor(frac * 10 ** digits), digits);
}

function fracStr(t: number, p: Parts, frac: number): string {
  if (frac <= 0) return "";
  if (frac <= 3) return `.${p.ms.slice(0, frac)}`;
  return `.${p.ms}${sub(t, frac - 3)}`;
}

/** 2024-12-04T10:13:22.123Z (frac = 0, 3, 6, 7, 9 digits) */
export function isoZ(t: number, frac = 3): string {
  const p = parts(t);
  return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}${fracStr(t, p, frac)}Z`;
}

/** 2024-12-04T11:13:22.123+01:00 (local time with its offset) */
export function isoOff(t: number, frac = 3, offMin = 0): string {
  const p = parts(t, offMin);
  const sign = offMin < 0 ? "-" : "+";
  const a = Math.abs(offMin);
  return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}${fracStr(t, p, frac)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** PostgreSQL jsonlog: 2024-12-04 10:13:22.123 UTC */
export function pgTime(t: number): string {
  const p = parts(t);
  return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s}.${p.ms} UTC`;
}

/** Python logging asctime: 2024-12-04 10:13:22,123 */
export function pyAsctime(t: number, offMin = 0): string {
  const p = parts(t, offMin);
  return `${p.Y}-${p.M}-${p.D} ${p.h}:${p.m}:${p.s},${p.ms}`;
}

/** log4j / Kafka pattern: 2024-12-04 10:13:22,123 */
export const log4jTime = pyAsctime;

/** epoch seconds as a float (zap, Caddy) */
export function epochS(t: number): number {
  return Math.round(t * 1000) / 1e6;
}

/** klog header time: 1204 10:13:22.123456 */
export function klogTime(t: number): string {
  const p = parts(t);
  return `${p.M}${p.D} ${p.h}:${p.m}:${p.s}.${p.ms}${sub(t, 3)}`;
}

/** Redis: 04 Dec 2024 10:13:22.123 */
export function redisTime(t: number): string {
  const p = parts(t);
  return `${p.D} ${p.mon} ${p.Y} ${p.h}:${p.m}:${p.s}.${p.ms}`;
}

/** MySQL slow log header: 2024-12-04T10:13:22.123456Z */
export function mysqlTime(t: number): string {
  return isoZ(t, 6);
}

/** JVM unified logging decoration: 2024-12-04T10:13:22.123+0000 */
export function jvmTime(t: number): string {
  const p = parts(t);
  return `${p.Y}-${p.M}-${p.D}T${p.h}:${p.m}:${p.s}.${p.ms}+0000`;
}

/** a YYYY.MM.DD-style date for index names and file names */
export function ymd(t: number, sep = "-"): string {
  const p = parts(t);
  return `${p.Y}${sep}${p.M}${sep}${p.D}`;
}

export function hms(t: number): string {
  const p = parts(t);
  return `${p.h}:${p.m}:${p.s}`;
}

export const MIN = 60_000;
export const HOUR = 3_600_000;

/** A window start somewhere between 2024-02 and 2025-10, at any time of day. */
export function windowStart(r: Rng): number {
  const from = Date.UTC(2024, 1, 1);
  const days = r.int(0, 620);
  return from + days * 86_400_000 + r.int(0, 86_399) * 1000 + r.int(0, 999) + r.next();
}

// ---------------------------------------------------------------- arrivals

/** Poisson arrivals with a (slowly varying) rate in events per minute. */
export function arrivals(r: Rng, start: number, end: number, perMin: number | ((t: number) => number)): number[] {
  const out: number[] = [];
  let t = start;
  for (;;) {
    const rate = typeof perMin === "number" ? perMin : perMin(t);
    if (rate <= 0.0001) {
      t += 5000;
      if (t >= end) break;
      continue;
    }
    t += r.exp(MIN / rate);
    if (t >= end) break;
    out.push(t);
  }
  return out;
}

/** Periodic ticks with jitter, starting at a random phase. */
export function ticks(r: Rng, start: number, end: number, periodMs: number, jitterMs = 0): number[] {
  const out: number[] = [];
  for (let t = start + r.next() * periodMs; t < end; t += periodMs) {
    const j = jitterMs > 0 ? r.float(-jitterMs, jitterMs) : 0;
    const x = Math.min(Math.max(t + j, start), end - 1);
    out.push(x + r.next() * 0.999);
  }
  return out;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** 0 before a, 1 after b, linear between */
export function ramp(t: number, a: number, b: number): number {
  if (t <= a) return 0;
  if (t >= b) return 1;
  return (t - a) / (b - a);
}

export function round(x: number, d = 0): number {
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

// ---------------------------------------------------------------- sink

interface Row {
  t: number;
  i: number;
  log: Record<string, unknown>;
  label: Label;
}

export class Sink {
  private readonly rows: Row[] = [];
  add(t: number, log: Record<string, unknown>, label: Label = null): void {
    this.rows.push({ t, i: this.rows.length, log, label });
  }
  get size(): number {
    return this.rows.length;
  }
  build(name: string, description: string): Scenario {
    const rows = [...this.rows].sort((a, b) => a.t - b.t || a.i - b.i);
    return {
      name,
      description,
      logs: rows.map((r) => r.log),
      labels: rows.map((r) => r.label),
    };
  }
}

// ---------------------------------------------------------------- fake data

const PUBLIC_FIRST = [31, 37, 46, 62, 77, 78, 81, 84, 85, 86, 88, 89, 91, 92, 93, 94, 95, 109, 145, 151, 176, 178, 188, 193, 212, 213, 217] as const;

export function ipPublic(r: Rng): string {
  return `${r.pick(PUBLIC_FIRST)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

export function ipIn(r: Rng, prefix: string): string {
  const n = prefix.split(".").length;
  const rest: number[] = [];
  for (let i = n; i < 4; i++) rest.push(i === 3 ? r.int(2, 254) : r.int(0, 255));
  return [prefix, ...rest].join(".");
}

export const BROWSER_UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 Edg/119.0.2151.97",
] as const;

export function traceId(r: Rng): string {
  return r.hex(32);
}
export function spanId(r: Rng): string {
  return r.hex(16);
}

export function podName(r: Rng, deploy: string, rsHash?: string): string {
  return `${deploy}-${rsHash ?? r.rsHash()}-${r.podSuffix()}`;
}

export function ec2Node(r: Rng, region = "eu-west-1", second = r.int(0, 63)): string {
  return `ip-10-${second}-${r.int(0, 255)}-${r.int(2, 254)}.${region}.compute.internal`;
}

/** an id-ish number within a range, as a string */
export function idNum(r: Rng, lo: number, hi: number): string {
  return String(r.int(lo, hi));
}
