// Shared helpers for the cove family: a seeded RNG, time formats, producer formats and a
// timeline that stores entries sorted by their own time.
import type { AnomalyType, Scenario } from "./types.js";

export type Rec = Record<string, unknown>;
/** One entry as its producer wrote it, with the time (epoch ms) written in it. */
export interface E {
  t: number;
  log: Rec;
}

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

export function hashStr(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const HEX = "0123456789abcdef";
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const B64 = `${ALNUM}+/`;

export class Rng {
  private readonly f: () => number;
  constructor(seed: number, salt: string) {
    this.f = mulberry32((hashStr(salt) ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0);
  }
  next(): number {
    return this.f();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.f() * (hi - lo + 1));
  }
  real(lo: number, hi: number): number {
    return lo + this.f() * (hi - lo);
  }
  chance(p: number): boolean {
    return this.f() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.f() * a.length)]!;
  }
  normal(mu: number, sd: number): number {
    const u = 1 - this.f();
    const v = this.f();
    return mu + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal around a median: a healthy latency or size. */
  logn(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }
  exp(mean: number): number {
    return -Math.log(1 - this.f()) * mean;
  }
  str(n: number, alphabet: string): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.f() * alphabet.length)];
    return s;
  }
  hex(n: number): string {
    return this.str(n, HEX);
  }
  alnum(n: number): string {
    return this.str(n, ALNUM);
  }
  b64(n: number): string {
    const s = this.str(n - (n % 4), B64);
    return n % 4 ? `${s}${this.str(2, B64)}==` : s;
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
  ip(): string {
    return `10.${this.int(0, 31)}.${this.int(0, 255)}.${this.int(2, 254)}`;
  }
  publicIp(): string {
    return `${this.pick([31, 62, 77, 81, 85, 92, 109, 151, 176, 188, 213])}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(2, 254)}`;
  }
}

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const round = (x: number, d = 0): number => Math.round(x * 10 ** d) / 10 ** d;

/** Window start: a day in autumn 2025 at the given UTC hour, minute and second from the RNG. */
export function windowStart(r: Rng, hourUtc: number): number {
  return Date.UTC(2025, 9, 6 + r.int(0, 45), hourUtc, r.int(0, 59), r.int(0, 59), r.int(0, 999));
}

export const iso = (t: number): string => new Date(t).toISOString();
/** ISO with sub-millisecond digits derived from the time (they never change its millisecond). */
export const isoMicro = (t: number): string => iso(t).replace("Z", `${String((t * 7919) % 1000).padStart(3, "0")}Z`);
export const isoNano = (t: number): string => iso(t).replace("Z", `${String((t * 104729) % 1000000).padStart(6, "0")}Z`);
export const isoOffset = (t: number): string => iso(t).replace("Z", "+00:00");
export const pyTime = (t: number): string =>
  iso(t)
    .replace("T", " ")
    .replace(/\.(\d{3})Z$/, ",$1");

export class Timeline {
  private readonly rows: { t: number; i: number; log: Rec; label: AnomalyType | null }[] = [];
  add(e: E, label: AnomalyType | null = null): void {
    this.rows.push({ t: e.t, i: this.rows.length, log: e.log, label });
  }
  build(name: string, description: string): Scenario {
    const s = [...this.rows].sort((a, b) => a.t - b.t || a.i - b.i);
    return { name, description, logs: s.map((x) => x.log), labels: s.map((x) => x.label) };
  }
}

/** Poisson arrivals in [t0, t1) with the given mean gap. */
export function poisson(r: Rng, t0: number, t1: number, meanGap: number, fn: (t: number) => void): void {
  for (let t = t0 + r.exp(meanGap); t < t1; t += r.exp(meanGap)) fn(Math.floor(t));
}
/** A fixed cadence with a little jitter. */
export function periodic(r: Rng, t0: number, t1: number, period: number, jitter: number, fn: (t: number, k: number) => void): void {
  let k = 0;
  for (let t = t0 + r.int(0, period); t < t1; t += period) fn(Math.min(t1 - 1, Math.floor(t + r.int(0, jitter))), k++);
}
/** n times scattered over the window; with `early`, the first lands in the window's first minute. */
export function scatter(r: Rng, t0: number, t1: number, n: number, early: boolean, fn: (t: number, k: number) => void): void {
  for (let k = 0; k < n; k++) fn(k === 0 && early ? t0 + r.int(2 * SEC, 55 * SEC) : r.int(t0, t1 - 1), k);
}

// ---- producers: each returns the entry as written and the time written in it ----

/** Elastic ECS JSON (ecs-logging). */
export const ecs = (t: number, service: string, level: string, message: string, extra: Rec = {}): E => ({
  t,
  log: { "@timestamp": iso(t), "log.level": level, message, "ecs.version": "1.6.0", "service.name": service, ...extra },
});
/** pino: numeric levels, epoch ms, msg last. */
export const pino = (t: number, name: string, host: string, level: number, msg: string, extra: Rec = {}): E => ({
  t,
  log: { level, time: t, pid: 1, hostname: host, name, ...extra, msg },
});
/** structlog JSONRenderer with TimeStamper(fmt="iso", utc=True). */
export const structlog = (t: number, logger: string, level: string, event: string, extra: Rec = {}): E => ({
  t,
  log: { event, ...extra, logger, level, timestamp: isoMicro(t) },
});
/** python-json-logger with asctime, a static service field. */
export const pyjson = (t: number, service: string, name: string, levelname: string, message: string, extra: Rec = {}): E => ({
  t,
  log: { asctime: pyTime(t), name, levelname, message, service, ...extra },
});
/** logstash-logback-encoder. */
export const logback = (t: number, app: string, logger: string, thread: string, level: string, message: string, extra: Rec = {}): E => ({
  t,
  log: {
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: { TRACE: 5000, DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 }[level] ?? 20000,
    app,
    ...extra,
  },
});
/** An application's JSON line enriched by Fluent Bit's kubernetes filter, with trace ids. */
export const k8s = (t: number, app: string, pod: string, ns: string, level: string, message: string, r: Rng, extra: Rec = {}): E => ({
  t,
  log: {
    timestamp: iso(t),
    level,
    message,
    trace_id: r.hex(32),
    span_id: r.hex(16),
    ...extra,
    stream: "stdout",
    kubernetes: {
      namespace_name: ns,
      pod_name: pod,
      container_name: app,
      labels: { app, "pod-template-hash": pod.split("-").at(-2) ?? "" },
      host: `ip-10-0-${hashStr(pod) % 64}-${hashStr(app) % 250}.ec2.internal`,
    },
  },
});
/** zap's production JSON encoder: epoch seconds as a float. */
export const zap = (t: number, logger: string, caller: string, level: string, msg: string, extra: Rec = {}): E => ({
  t,
  log: { level, ts: t / 1000, logger, caller, msg, ...extra },
});
/** Go log/slog JSONHandler. */
export const slog = (t: number, level: string, msg: string, extra: Rec = {}): E => ({ t, log: { time: isoNano(t), level, msg, ...extra } });
/** nginx `log_format json escape=json` with $time_iso8601 (whole seconds). */
export function nginx(t: number, r: Rng, host: string, method: string, uri: string, status: number, reqTime: number, ua: string, extra: Rec = {}): E {
  const ts = Math.floor(t / 1000) * 1000;
  return {
    t: ts,
    log: {
      time_iso8601: new Date(ts).toISOString().replace(/\.\d{3}Z$/, "+00:00"),
      remote_addr: r.publicIp(),
      request: `${method} ${uri} HTTP/1.1`,
      status,
      body_bytes_sent: status === 304 ? 0 : Math.round(r.logn(2400, 0.9)),
      request_time: round(reqTime, 3),
      upstream_response_time: String(round(Math.max(0, reqTime - 0.001), 3)),
      http_referer: "-",
      http_user_agent: ua,
      host,
      request_id: r.hex(32),
      ...extra,
    },
  };
}
/** Rails lograge (Json formatter) with custom_options adding time, host and request_id. */
export const lograge = (
  t: number,
  r: Rng,
  method: string,
  path: string,
  controller: string,
  action: string,
  status: number,
  duration: number,
  extra: Rec = {},
): E => ({
  t,
  log: {
    method,
    path,
    format: "json",
    controller,
    action,
    status,
    duration: round(duration, 2),
    view: round(duration * r.real(0.05, 0.3), 2),
    db: round(duration * r.real(0.2, 0.6), 2),
    ...extra,
    time: iso(t),
    request_id: r.uuid(),
  },
});
/** An rsyslog JSON template line. */
export const syslogJson = (t: number, host: string, program: string, pid: number, severity: string, facility: string, message: string): E => ({
  t,
  log: { "@timestamp": isoMicro(t).replace("Z", "+00:00"), host, severity, facility, programname: program, procid: String(pid), message: ` ${message}` },
});

export const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.100 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
];
/** A pod name: deployment-replicasethash-suffix. */
export const podName = (r: Rng, deploy: string): string => `${deploy}-${r.str(10, "bcdfghjklmnpqrstvwxz2456789")}-${r.str(5, "bcdfghjklmnpqrstvwxz2456789")}`;
