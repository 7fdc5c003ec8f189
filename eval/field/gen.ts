// Building blocks of the field family: a seeded generator, arrival times, and the JSON shapes
// real producers write, each carrying field names the stream contract reads.

import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;

/** mulberry32: small, fast and the same on every platform, so a seed always gives the same incident. */
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

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  /** One of the items, each as likely as its weight. */
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of xs) total += w;
    let u = this.next() * total;
    for (const [x, w] of xs) {
      u -= w;
      if (u <= 0) return x;
    }
    return xs[xs.length - 1]![0];
  }

  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Latencies and sizes: log-normal around a median, sigma on the natural-log scale. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  ip(prefix = "10."): string {
    const parts = prefix.split(".").filter((p) => p !== "");
    while (parts.length < 4) parts.push(String(this.int(1, 254)));
    return parts.join(".");
  }

  alnum(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(this.next() * 36)];
    return s;
  }
}

/** A generator of its own per scenario, so adding a scenario never changes the others. */
export function rngFor(seed: number, name: string): Rng {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return new Rng((h ^ Math.imul(seed + 1, 0x9e3779b1)) >>> 0);
}

/** The start of an incident's window: a weekday morning in 2025, different for each seed. */
export function windowStart(rng: Rng): number {
  const day = rng.int(0, 200);
  const base = Date.UTC(2025, 2, 3) + day * 86_400_000;
  return base + rng.int(6 * 3600, 15 * 3600) * 1000 + rng.int(0, 999);
}

/** Poisson arrival times in [start, end) at `perSecond` on average. */
export function arrivals(rng: Rng, start: number, end: number, perSecond: number): number[] {
  const out: number[] = [];
  if (perSecond <= 0) return out;
  const meanGap = 1000 / perSecond;
  let t = start + rng.exp(meanGap);
  while (t < end) {
    out.push(Math.floor(t));
    t += rng.exp(meanGap);
  }
  return out;
}

/** Times in [start, end) every `everyMs`, with a little jitter, as timers and schedulers fire. */
export function ticks(rng: Rng, start: number, end: number, everyMs: number, jitterMs = 400): number[] {
  const out: number[] = [];
  for (let t = start + rng.int(0, everyMs - 1); t < end; t += everyMs) out.push(Math.floor(t + rng.int(0, jitterMs)));
  return out;
}

interface Line {
  t: number;
  seq: number;
  entry: Record<string, unknown>;
  label: Label;
}

/** The lines of one incident, in any order as they are made; `scenario` sorts them oldest first. */
export class Incident {
  private readonly lines: Line[] = [];

  add(t: number, entry: Record<string, unknown>, label: Label = null): void {
    this.lines.push({ t, seq: this.lines.length, entry, label });
  }

  get size(): number {
    return this.lines.length;
  }

  scenario(name: string, description: string): Scenario {
    const sorted = [...this.lines].sort((a, b) => a.t - b.t || a.seq - b.seq);
    return { name, description, logs: sorted.map((l) => l.entry), labels: sorted.map((l) => l.label) };
  }
}

export const iso = (t: number): string => new Date(t).toISOString();

/** ISO 8601 with a zone offset, as logback and .NET write local time. */
export function isoOffset(t: number, offsetMin: number, fractionDigits = 3): string {
  const local = new Date(t + offsetMin * 60_000).toISOString().slice(0, 19);
  const frac = String(t % 1000).padStart(3, "0") + "0000".slice(0, Math.max(0, fractionDigits - 3));
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${local}.${frac.slice(0, fractionDigits)}${off}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** nginx's $time_local (whole seconds, so the entry's time is $msec). */
export function timeLocal(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export const round = (x: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export type JavaLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";
const LEVEL_VALUE: Record<JavaLevel, number> = { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };

/** logstash-logback-encoder, as Spring Boot services write it. */
export function logback(
  t: number,
  app: string,
  level: JavaLevel,
  logger: string,
  thread: string,
  message: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    "@timestamp": isoOffset(t, 120),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: LEVEL_VALUE[level],
    app,
    ...extra,
  };
}

export const PINO = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** pino: numeric level, epoch-ms time, bindings, msg last. */
export function pino(t: number, level: number, service: string, pod: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { level, time: t, pid: 1, hostname: pod, service, ...extra, msg };
}

/** zap's production encoder: lower-case level, epoch-seconds ts, caller. */
export function zap(t: number, level: string, service: string, caller: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { level, ts: t / 1000, caller, msg, service, ...extra };
}

/** structlog's JSONRenderer: the message is `event`. */
export function structlog(
  t: number,
  level: string,
  service: string,
  logger: string,
  event: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { event, level, logger, timestamp: iso(t), service, ...extra };
}

/** Envoy's JSON access log with the default format's fields, its text line kept as the message. */
export function envoy(
  rng: Rng,
  t: number,
  cluster: string,
  method: string,
  path: string,
  status: number,
  durationMs: number,
  flags = "-",
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const duration = Math.max(0, Math.round(durationMs));
  const upstream = status === 504 || flags === "UF" ? null : Math.max(0, duration - rng.int(0, 2));
  const bytesSent = status >= 500 ? 24 : rng.int(180, 9000);
  const requestId = rng.uuid();
  const xff = rng.ip("172.16.");
  const host = `${rng.ip("10.42.")}:8080`;
  const message = `[${iso(t)}] "${method} ${path} HTTP/1.1" ${status} ${flags} 0 ${bytesSent} ${duration} ${upstream ?? "-"} "${xff}" "okhttp/4.12.0" "${requestId}" "api.shop.example" "${host}"`;
  return {
    timestamp: iso(t),
    message,
    method,
    path,
    protocol: "HTTP/1.1",
    response_code: status,
    response_flags: flags,
    bytes_sent: bytesSent,
    duration,
    upstream_service_time: upstream,
    x_forwarded_for: xff,
    request_id: requestId,
    upstream_cluster: cluster,
    upstream_host: host,
    service: "api-gateway",
    ...extra,
  };
}

/** nginx `log_format json escape=json` with $msec as ts, and the request time in ms added as the contract reads it. */
export function nginx(
  rng: Rng,
  t: number,
  service: string,
  method: string,
  uri: string,
  status: number,
  requestTimeMs: number,
  upstream: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const ms = Math.max(0, Math.round(requestTimeMs));
  const bytes = status >= 500 ? rng.int(150, 600) : rng.int(300, 40_000);
  return {
    ts: Number((t / 1000).toFixed(3)),
    time_local: timeLocal(t),
    remote_addr: rng.ip(rng.pick(["81.", "92.", "176.", "88."])),
    request: `${method} ${uri} HTTP/2.0`,
    status,
    body_bytes_sent: bytes,
    request_time: (ms / 1000).toFixed(3),
    upstream_addr: upstream,
    upstream_response_time: status === 504 ? "-" : (Math.max(0, ms - rng.int(0, 3)) / 1000).toFixed(3),
    http_user_agent: rng.pick(UAS),
    message: `${method} ${uri} ${status} ${bytes} ${(ms / 1000).toFixed(3)}s upstream=${upstream}`,
    latency_ms: ms,
    service,
    ...extra,
  };
}

const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "ShopApp/5.31.0 (Android 14; Pixel 8)",
  "ShopApp/5.30.2 (iOS 17.5.1; iPhone15,2)",
] as const;
