// Shared helpers for the marsh family: a timeline that sorts entries oldest first,
// timestamp formatters in the shapes real producers write, arrival processes and ids.
import type { AnomalyType, Scenario } from "./types.js";
import type { Rng } from "./rng.js";

export type Label = AnomalyType | null;
export type Log = Record<string, unknown>;

export const MIN = 60_000;
export const SEC = 1_000;

interface Ev {
  t: number;
  seq: number;
  log: Log;
  label: Label;
}

/** Collects entries with their true time and label; build() sorts them oldest first (stable). */
export class Timeline {
  private evs: Ev[] = [];
  private seq = 0;

  add(t: number, log: Log, label: Label = null): void {
    this.evs.push({ t, seq: this.seq++, log, label });
  }

  get size(): number {
    return this.evs.length;
  }

  build(name: string, description: string): Scenario {
    const evs = [...this.evs].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: evs.map((e) => e.log), labels: evs.map((e) => e.label) };
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Sub-millisecond digits derived from the fractional part of t (t is ms, may be fractional). */
function micros(t: number): number {
  return Math.floor(t * 1000) % 1_000_000;
}

/** 2026-04-14T07:05:01.123Z */
export function isoMs(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}

/** 2026-04-14T07:05:01.123456Z */
export function isoUs(t: number): string {
  const d = new Date(Math.floor(t));
  return `${d.toISOString().slice(0, 19)}.${pad(micros(t), 6)}Z`;
}

/** 2026-04-14T07:05:01.123456789Z (Go, Fluent Bit) */
export function isoNs(t: number): string {
  const d = new Date(Math.floor(t));
  const extra = Math.floor(t * 1e6) % 1000;
  return `${d.toISOString().slice(0, 19)}.${pad(micros(t), 6)}${pad(Math.abs(extra), 3)}Z`;
}

/** ISO with a fixed local offset in minutes: 2026-02-27T10:30:00.123-05:00 */
export function isoOffset(t: number, offsetMin: number): string {
  const d = new Date(Math.floor(t) + offsetMin * MIN);
  const sign = offsetMin < 0 ? "-" : "+";
  const a = Math.abs(offsetMin);
  return `${d.toISOString().slice(0, 23)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** 2026-04-14T07:05:01Z (RFC 3339, seconds) */
export function isoSec(t: number): string {
  return `${new Date(Math.floor(t)).toISOString().slice(0, 19)}Z`;
}

/** 2026-05-23 08:00:01.123 UTC (PostgreSQL jsonlog) */
export function pgTs(t: number): string {
  const s = new Date(Math.floor(t)).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 23)} UTC`;
}

/** 2026-05-23 08:00:01 UTC (PostgreSQL session_start) */
export function pgSec(t: number): string {
  const s = new Date(Math.floor(t)).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)} UTC`;
}

/** 2026-05-23 08:00:01,123 (Python logging asctime) */
export function pyAsctime(t: number): string {
  const s = new Date(Math.floor(t)).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
}

/** 27/Feb/2026:15:30:01 +0000 (nginx $time_local, UTC host) */
export function clfTime(t: number): string {
  const d = new Date(Math.floor(t));
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** 14 Apr 2026 07:46:12.101 (Redis server log) */
export function redisTime(t: number): string {
  const d = new Date(Math.floor(t));
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** [2026-03-10T12:41:02.345+0000] (JVM unified logging decoration) */
export function jvmTime(t: number): string {
  return `${new Date(Math.floor(t)).toISOString().slice(0, 23)}+0000`;
}

/** Thu Jul 02 14:00:03 2026 style is not needed; day name helper for completeness. */
export function dayName(t: number): string {
  return DAYS[new Date(Math.floor(t)).getUTCDay()] ?? "Mon";
}

/** Epoch seconds with microseconds, as zap and Caddy write ts. */
export function epochSec(t: number): number {
  return Math.round(t * 1000) / 1_000_000;
}

/** Epoch microseconds as a string (journald __REALTIME_TIMESTAMP). */
export function epochUs(t: number): string {
  return String(Math.floor(t * 1000));
}

/** Epoch nanoseconds as a string (OpenTelemetry timeUnixNano). */
export function epochNs(t: number): string {
  return `${Math.floor(t * 1000)}000`;
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Arrival times of a Poisson process over [start, end) with a per-minute rate that may vary
 * with time (thinning against maxRate).
 */
export function arrivals(r: Rng, start: number, end: number, rate: (t: number) => number, maxRate: number): number[] {
  const out: number[] = [];
  if (maxRate <= 0) return out;
  const meanGap = MIN / maxRate;
  let t = start + r.exp(meanGap);
  while (t < end) {
    if (r.next() * maxRate < rate(t)) out.push(t);
    t += r.exp(meanGap);
  }
  return out;
}

/** Regular ticks every `every` ms with +-jitter ms, over [start, end). */
export function ticks(r: Rng, start: number, end: number, every: number, jitter: number, phase = 0): number[] {
  const out: number[] = [];
  for (let t = start + phase; t < end; t += every) {
    const j = t + r.float(-jitter, jitter);
    if (j >= start && j < end) out.push(j);
  }
  return out;
}

const K8S = "bcdfghjklmnpqrstvwxz2456789";

/** Deployment pod name: base-<10 char replicaset hash>-<5 char suffix>. */
export function deploymentPods(r: Rng, base: string, n: number): string[] {
  const rs = r.chars(10, K8S);
  const pods: string[] = [];
  for (let i = 0; i < n; i++) pods.push(`${base}-${rs}-${r.chars(5, K8S)}`);
  return pods;
}

export function k8sSuffix(r: Rng, n: number): string {
  return r.chars(n, K8S);
}

export function ip(r: Rng, prefix: string): string {
  return `${prefix}.${r.int(2, 254)}`;
}

/** Fluent Bit record for a container's raw stdout/stderr line, with Kubernetes metadata. */
export function fluentBit(
  t: number,
  line: string,
  k8s: { pod: string; namespace: string; container: string; app: string; node: string },
  stream: "stdout" | "stderr" = "stdout",
): Log {
  return {
    time: isoNs(t),
    stream,
    _p: "F",
    log: line,
    kubernetes: {
      pod_name: k8s.pod,
      namespace_name: k8s.namespace,
      container_name: k8s.container,
      host: k8s.node,
      labels: { app: k8s.app },
    },
  };
}
