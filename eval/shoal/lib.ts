// Shared helpers for the shoal family: seeded RNG, time formats, producer shapes, a timeline.
import type { AnomalyType } from "./types.js";

export type Rec = Record<string, unknown>;
export type Label = AnomalyType | null;
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** mulberry32 seeded from (seed, salt) via FNV-1a, so every scenario draws its own stream. */
export class Rng {
  private a: number;
  constructor(seed: number, salt: string) {
    let h = 2166136261 >>> 0;
    for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 16777619) >>> 0;
    this.a = (h ^ Math.imul(Math.floor(seed) | 0, 0x9e3779b1)) >>> 0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** exponential gap with the given mean */
  gap(mean: number): number {
    return Math.max(1, Math.round(-mean * Math.log(1 - this.next())));
  }
  /** healthy latency around a median, kept within [0.5x, 2.5x] */
  lat(median: number, digits = 1): number {
    const u = Math.max(this.next(), 1e-9);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
    const f = Math.min(2.5, Math.max(0.5, Math.exp(0.3 * z)));
    return Math.round(median * f * 10 ** digits) / 10 ** digits;
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }
  ip(): string {
    return `${this.pick([10, 172, 81, 93, 188, 46])}.${this.int(1, 254)}.${this.int(0, 254)}.${this.int(1, 254)}`;
  }
}

/** arrival times with exponential gaps in [start, end) */
export function ticks(r: Rng, start: number, end: number, meanGap: number): number[] {
  const out: number[] = [];
  for (let t = start + r.gap(meanGap); t < end; t += r.gap(meanGap)) out.push(t);
  return out;
}

export const iso = (t: number): string => new Date(t).toISOString();
/** python logging asctime, "2026-02-03 10:00:00,123" (UTC) */
export const asctime = (t: number): string => iso(t).slice(0, 23).replace("T", " ").replace(".", ",");
/** nginx $time_iso8601 has whole seconds: round a time down before writing it */
export const wholeSec = (t: number): number => Math.floor(t / SEC) * SEC;
const isoSec = (t: number): string => `${iso(t).slice(0, 19)}+00:00`;

/** Entries kept with the time each one writes; sorted oldest first, ties in insertion order. */
export class Timeline {
  private rows: { t: number; i: number; rec: Rec; label: Label }[] = [];
  add(t: number, rec: Rec, label: Label = null): void {
    this.rows.push({ t, i: this.rows.length, rec, label });
  }
  build(): { logs: Rec[]; labels: Label[] } {
    const rows = [...this.rows].sort((x, y) => x.t - y.t || x.i - y.i);
    return { logs: rows.map((r) => r.rec), labels: rows.map((r) => r.label) };
  }
}

// ---- producers, each writing its own time field -------------------------------------------
/** Elastic ECS logging (ecs-logging-nodejs / java / python) */
export const ecs = (t: number, svc: string, host: string, level: string, message: string, extra: Rec = {}): Rec => ({
  "@timestamp": iso(t),
  "log.level": level,
  message,
  "ecs.version": "8.10.0",
  "service.name": svc,
  "host.name": host,
  ...extra,
});
/** pino: numeric level, epoch-ms time, msg last */
export const pino = (t: number, name: string, host: string, level: number, msg: string, extra: Rec = {}): Rec => ({
  level,
  time: t,
  pid: 1,
  hostname: host,
  name,
  ...extra,
  msg,
});
/** python-json-logger with a static service field */
export const pyjson = (t: number, svc: string, logger: string, level: string, message: string, extra: Rec = {}): Rec => ({
  asctime: asctime(t),
  levelname: level,
  name: logger,
  message,
  service: svc,
  ...extra,
});
/** logstash-logback-encoder */
export const logback = (t: number, app: string, level: string, logger: string, thread: string, message: string, extra: Rec = {}): Rec => ({
  "@timestamp": iso(t),
  "@version": "1",
  message,
  logger_name: logger,
  thread_name: thread,
  level,
  level_value: { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 }[level] ?? 20000,
  app,
  ...extra,
});
/** zap production encoder: epoch-seconds ts */
export const zap = (t: number, level: string, logger: string, caller: string, msg: string, extra: Rec = {}): Rec => ({
  level,
  ts: t / 1000,
  logger,
  caller,
  msg,
  ...extra,
});
/** log/slog JSONHandler (milliseconds) */
export const slog = (t: number, level: string, msg: string, extra: Rec = {}): Rec => ({ time: iso(t), level, msg, ...extra });
/** Kubernetes component JSON log shipped by Fluent Bit with pod metadata */
export const k8s = (t: number, msg: string, extra: Rec, pod: string, app: string, ns = "platform"): Rec => ({
  ts: t / 1000,
  v: 0,
  msg,
  ...extra,
  kubernetes: { pod_name: pod, namespace_name: ns, container_name: app, labels: { app } },
});
/** nginx log_format escape=json (call with a whole-second time) */
export const nginx = (t: number, host: string, req: string, status: number, bytes: number, rt: number, ua: string, ip: string, extra: Rec = {}): Rec => ({
  time_iso8601: isoSec(t),
  remote_addr: ip,
  host,
  request: req,
  status,
  body_bytes_sent: bytes,
  request_time: rt,
  upstream_response_time: status === 499 ? "-" : String(Math.max(0, rt - 0.001).toFixed(3)),
  http_referer: "-",
  http_user_agent: ua,
  ...extra,
});
/** Rails lograge JSON with custom time/app options */
export const lograge = (
  t: number,
  app: string,
  method: string,
  path: string,
  ctrl: string,
  action: string,
  status: number,
  duration: number,
  extra: Rec = {},
): Rec => ({
  method,
  path,
  format: "json",
  controller: ctrl,
  action,
  status,
  duration,
  view: Math.round(duration * 0.12 * 100) / 100,
  db: Math.round(duration * 0.35 * 100) / 100,
  ...extra,
  app,
  time: iso(t),
});

export const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "okhttp/4.12.0",
];
