/**
 * Shared helpers for the savanna scenarios: a timeline that keeps entries in the order their
 * producers wrote them, timestamp renderings as real producers print them, and ids.
 * Times are epoch milliseconds as floats (the fraction carries micro/nanoseconds).
 */
import type { Rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;

export const SEC = 1_000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

/** Collects entries with their instant and label; `build` returns them oldest first. */
export class Timeline {
  private readonly items: { t: number; seq: number; log: Log; label: Label }[] = [];

  add(t: number, log: Log, label: Label = null): void {
    this.items.push({ t, seq: this.items.length, log, label });
  }

  get length(): number {
    return this.items.length;
  }

  build(name: string, description: string): Scenario {
    const sorted = [...this.items].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return {
      name,
      description,
      logs: sorted.map((x) => x.log),
      labels: sorted.map((x) => x.label),
    };
  }
}

/** Poisson arrival instants in [from, to) with the given mean gap. */
export function arrivals(rng: Rng, from: number, to: number, meanGapMs: number): number[] {
  const out: number[] = [];
  let t = from + rng.exp(meanGapMs);
  while (t < to) {
    out.push(t);
    t += rng.exp(meanGapMs);
  }
  return out;
}

/** A periodic schedule with a little jitter (cron-like reporters, scrapes, stats lines). */
export function every(rng: Rng, from: number, to: number, periodMs: number, jitterMs = 0): number[] {
  const out: number[] = [];
  let t = from + rng.float(0, periodMs);
  while (t < to) {
    out.push(t + (jitterMs ? rng.float(0, jitterMs) : 0));
    t += periodMs;
  }
  return out;
}

/** `n` instants spread over [from, to) with jitter, sorted. */
export function spread(rng: Rng, from: number, to: number, n: number): number[] {
  const out: number[] = [];
  const step = (to - from) / n;
  for (let i = 0; i < n; i++) out.push(from + step * i + rng.float(0, step));
  return out.sort((a, b) => a - b);
}

export function round(v: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function pad(n: number, width = 2): string {
  return String(Math.floor(n)).padStart(width, "0");
}

// ---------------------------------------------------------------- timestamps

/** `2026-03-04T10:11:12.345Z` (JS, winston, logstash on UTC hosts, Kubernetes). */
export function isoMs(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}

/** `2026-03-04T10:11:12Z` (Kubernetes events, seconds precision). */
export function isoSec(t: number): string {
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** `2026-03-04T10:11:12.345678Z` (Rust tracing, structlog, Fluent Bit). */
export function isoUs(t: number): string {
  const us = Math.floor((t - Math.floor(t)) * 1000);
  return `${isoMs(t).slice(0, 23)}${pad(us, 3)}Z`;
}

/** Go's RFC3339Nano: nine digits with trailing zeros trimmed (slog, Kubernetes). */
export function isoNano(t: number): string {
  const sub = Math.floor((t - Math.floor(t)) * 1e6);
  let frac = `${isoMs(t).slice(20, 23)}${pad(sub, 6)}`.replace(/0+$/, "");
  if (frac) frac = `.${frac}`;
  return `${isoMs(t).slice(0, 19)}${frac}Z`;
}

/** Local time with an offset, `2026-03-04T11:11:12.345+01:00` (logstash-logback-encoder). */
export function isoOffset(t: number, offsetMin: number, compact = false): string {
  const local = new Date(Math.floor(t) + offsetMin * MIN).toISOString().slice(0, 23);
  const sign = offsetMin < 0 ? "-" : "+";
  const a = Math.abs(offsetMin);
  return `${local}${sign}${pad(a / 60)}${compact ? "" : ":"}${pad(a % 60)}`;
}

/** Python logging's asctime, `2026-03-04 10:11:12,345`. */
export function pyAsctime(t: number): string {
  return isoMs(t).slice(0, 23).replace("T", " ").replace(".", ",");
}

/** Epoch seconds with microseconds (zap, Caddy). */
export function epochSeconds(t: number): number {
  return Math.round(t * 1000) / 1e6;
}

export function epochMicros(t: number): string {
  return String(Math.floor(t * 1000));
}

export function epochNanos(t: number): string {
  return `${Math.floor(t)}${pad(Math.floor((t - Math.floor(t)) * 1e6), 6)}`;
}

// ---------------------------------------------------------------- ids

export function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${rng.pick(["8", "9", "a", "b"])}${h.slice(17, 20)}-${h.slice(20)}`;
}

export function traceId(rng: Rng): string {
  return rng.hex(32);
}

export function spanId(rng: Rng): string {
  return rng.hex(16);
}

export function privateIp(rng: Rng, prefix = "10.0"): string {
  return `${prefix}.${rng.int(0, 31)}.${rng.int(2, 254)}`;
}

export function publicIp(rng: Rng): string {
  return `${rng.pick([31, 45, 62, 77, 81, 89, 91, 103, 141, 151, 176, 185, 193, 203])}.${rng.int(1, 254)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** A Kubernetes pod name of a Deployment: `<app>-<rs hash>-<5>`. */
export function podName(rng: Rng, app: string, rsHash?: string): string {
  return `${app}-${rsHash ?? rng.alnum(10)}-${rng.alnum(5)}`;
}

/** Upper-case airline-style or ticket-style reference. */
export function code(rng: Rng, n: number): string {
  const abc = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let s = "";
  for (let i = 0; i < n; i++) s += abc[rng.int(0, abc.length - 1)];
  return s;
}

export function within(t: number, from: number, to: number): boolean {
  return t >= from && t < to;
}
