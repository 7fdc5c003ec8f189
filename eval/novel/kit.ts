// The novel family's kit: a seeded random generator, arrival times that follow the day, the
// time formats producers print, the records real producers write, and a collector that returns
// a scenario's lines oldest first with their labels.

import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;
export type Rec = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Random numbers

/** mulberry32, its state mixed from the seed and a name so each scenario draws its own stream. */
export class Rng {
  private s: number;

  constructor(seed: number, name = "") {
    let h = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
    for (let i = 0; i < name.length; i++) {
      h = Math.imul(h ^ name.charCodeAt(i), 0xcc9e2d51);
      h = ((h << 15) | (h >>> 17)) >>> 0;
    }
    this.s = h >>> 0;
    for (let i = 0; i < 3; i++) this.next();
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A generator of its own for one part of a scenario, so adding draws elsewhere leaves it alone. */
  fork(name: string): Rng {
    return new Rng(Math.floor(this.next() * 2 ** 31), name);
  }

  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
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

  normal(mean = 0, sd = 1): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median; sigma is the spread of its logarithm. */
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

  alnum(n: number, alphabet = "bcdfghjklmnpqrstvwxz2456789"): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }

  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, Math.min(k, items.length));
  }
}

// ---------------------------------------------------------------------------------------------
// Ids and addresses

export const traceId = (r: Rng): string => r.hex(32);
export const spanId = (r: Rng): string => r.hex(16);
export const ip = (r: Rng, prefix = "10.42"): string =>
  prefix.split(".").length === 2 ? `${prefix}.${r.int(0, 31)}.${r.int(2, 254)}` : `${prefix}.${r.int(2, 254)}`;

/** A client address on the internet: mostly a few busy networks, some scattered. */
export function publicIp(r: Rng): string {
  const nets = ["84.17", "91.203", "176.58", "203.0", "66.249", "185.12", "31.13", "2.58", "78.46", "94.140"];
  return `${r.pick(nets)}.${r.int(1, 254)}.${r.int(1, 254)}`;
}

/** A Deployment's pod name: app-<replicaset hash>-<5 chars>. */
export const podName = (r: Rng, app: string): string => `${app}-${r.alnum(10, "bcdf6789")}-${r.alnum(5)}`;

/** n pods of one Deployment: the same ReplicaSet hash, each its own suffix. */
export function replicas(r: Rng, app: string, n: number): string[] {
  const hash = r.alnum(10, "bcdf6789");
  return Array.from({ length: n }, () => `${app}-${hash}-${r.alnum(5)}`);
}

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Mobile Safari/537.36",
  "okhttp/4.12.0",
  "ShopApp/5.14.2 (iOS 17.4; iPhone15,2)",
  "Go-http-client/1.1",
];

// ---------------------------------------------------------------------------------------------
// Time

export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number): string => String(n).padStart(2, "0");
const p3 = (n: number): string => String(n).padStart(3, "0");

/** A start time in 2025 on a random day, at an hour in [fromHour, toHour) UTC, whole seconds plus a few ms. */
export function startTime(r: Rng, fromHour = 0, toHour = 24): number {
  const day = Date.UTC(2025, 0, 6) + r.int(0, 290) * 24 * HOUR;
  return day + r.int(fromHour * 60, toHour * 60 - 1) * MIN + r.int(0, 59) * SEC + r.int(0, 999);
}

/** Traffic through the day: quiet at night, busiest in the afternoon (hours UTC), in (0.25, 1]. */
export function diurnal(t: number, peakHour = 15): number {
  const h = (t / HOUR) % 24;
  return 0.25 + 0.75 * (0.5 + 0.5 * Math.cos(((h - peakHour) / 24) * 2 * Math.PI)) ** 1.5;
}

/** n times in [start, end), oldest first, with density following shape (default: the day's traffic). */
export function arrivals(r: Rng, start: number, end: number, n: number, shape: (t: number) => number = diurnal): number[] {
  let max = 0;
  for (let t = start; t <= end; t += (end - start) / 200) max = Math.max(max, shape(t));
  const out: number[] = [];
  let guard = 0;
  while (out.length < n && guard++ < n * 200) {
    const t = start + r.next() * (end - start);
    if (r.next() * max <= shape(t)) out.push(Math.floor(t));
  }
  while (out.length < n) out.push(Math.floor(start + r.next() * (end - start)));
  return out.sort((a, b) => a - b);
}

/** Every step ms from start (with a little jitter) until end: health checks, scrapes, cron. */
export function every(r: Rng, start: number, end: number, step: number, jitter = 0.02): number[] {
  const out: number[] = [];
  for (let t = start + r.float(0, step); t < end; t += step * (1 + r.float(-jitter, jitter))) out.push(Math.floor(t));
  return out;
}

/** n times clustered after at (an exponential tail of mean spread ms), oldest first. */
export function burst(r: Rng, at: number, n: number, spread: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(at + r.exp(spread)));
  return out.sort((a, b) => a - b);
}

export const iso = (t: number): string => new Date(t).toISOString();
/** A container runtime's nanosecond timestamp: the ms time plus six digits derived from it. */
export const isoNano = (t: number): string => iso(t).replace("Z", `${String((Math.imul(t % 1e9, 2654435761) >>> 0) % 1e6).padStart(6, "0")}Z`);
export const isoMicro = (t: number): string => iso(t).replace("Z", `${p3((Math.imul(t % 1e9, 40503) >>> 0) % 1000)}Z`);
/** logstash-logback-encoder and Serilog print the zone as an offset. */
export const isoOffset = (t: number): string => iso(t).replace("Z", "+00:00");
export const epochSec = (t: number): number => t / 1000;

function parts(t: number) {
  const d = new Date(t);
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth(),
    d: d.getUTCDate(),
    h: p2(d.getUTCHours()),
    mi: p2(d.getUTCMinutes()),
    s: p2(d.getUTCSeconds()),
    ms: p3(d.getUTCMilliseconds()),
  };
}

/** 2025-09-19 07:12:26,123 (log4j, Kafka, Python logging) */
export function log4jTime(t: number): string {
  const p = parts(t);
  return `${p.y}-${p2(p.mo + 1)}-${p2(p.d)} ${p.h}:${p.mi}:${p.s},${p.ms}`;
}
/** Sep 19 07:12:26 (BSD syslog) */
export function syslogTime(t: number): string {
  const p = parts(t);
  return `${MONTHS[p.mo]} ${String(p.d).padStart(2, " ")} ${p.h}:${p.mi}:${p.s}`;
}
/** 19 Sep 2025 07:12:26.123 (Redis, Valkey) */
export function redisTime(t: number): string {
  const p = parts(t);
  return `${p2(p.d)} ${MONTHS[p.mo]} ${p.y} ${p.h}:${p.mi}:${p.s}.${p.ms}`;
}
/** 19/Sep/2025:07:12:26 +0000 (nginx $time_local) */
export function nginxTime(t: number): string {
  const p = parts(t);
  return `${p2(p.d)}/${MONTHS[p.mo]}/${p.y}:${p.h}:${p.mi}:${p.s} +0000`;
}
/** 2025/09/19 07:12:26 (nginx error log) */
export function nginxErrTime(t: number): string {
  const p = parts(t);
  return `${p.y}/${p2(p.mo + 1)}/${p2(p.d)} ${p.h}:${p.mi}:${p.s}`;
}
/** 2025-09-19 07:12:26.123 UTC (PostgreSQL log_line_prefix %m, jsonlog's timestamp) */
export function pgTime(t: number): string {
  const p = parts(t);
  return `${p.y}-${p2(p.mo + 1)}-${p2(p.d)} ${p.h}:${p.mi}:${p.s}.${p.ms} UTC`;
}
/** I0919 07:12:26.123456 (klog header date) */
export function klogTime(t: number): string {
  const p = parts(t);
  return `${p2(p.mo + 1)}${p2(p.d)} ${p.h}:${p.mi}:${p.s}.${p.ms}${p3((t * 7) % 1000)}`;
}
/** 2005-06-03-15.42.50.675872 (Blue Gene RAS) */
export function rasTime(t: number): string {
  const p = parts(t);
  return `${p.y}-${p2(p.mo + 1)}-${p2(p.d)}-${p.h}.${p.mi}.${p.s}.${p.ms}${p3((t * 13) % 1000)}`;
}
/** 2025.06.03 (Blue Gene RAS date column) */
export function rasDate(t: number): string {
  const p = parts(t);
  return `${p.y}.${p2(p.mo + 1)}.${p2(p.d)}`;
}

// ---------------------------------------------------------------------------------------------
// The collector

interface Item {
  t: number;
  k: number;
  rec: Rec;
  label: Label;
}

/** A scenario's lines in any order; `scenario()` returns them oldest first (ties in insertion order). */
export class Lines {
  private items: Item[] = [];

  add(t: number, rec: Rec, label: Label = null): void {
    this.items.push({ t, k: this.items.length, rec, label });
  }

  get size(): number {
    return this.items.length;
  }

  labelled(): number {
    return this.items.filter((i) => i.label !== null).length;
  }

  scenario(name: string, description: string): Scenario {
    const sorted = [...this.items].sort((a, b) => a.t - b.t || a.k - b.k);
    return { name, description, logs: sorted.map((i) => i.rec), labels: sorted.map((i) => i.label) };
  }
}

// ---------------------------------------------------------------------------------------------
// Producers: each returns the JSON object that producer writes (or that its shipper stores).

export const PINO_LEVEL = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type PinoLevel = keyof typeof PINO_LEVEL;

/** pino: numeric level, epoch-ms time, base fields, msg last. */
export function pino(t: number, level: PinoLevel, base: { service: string; hostname: string; pid: number }, msg: string, extra: Rec = {}): Rec {
  return { level: PINO_LEVEL[level], time: t, pid: base.pid, hostname: base.hostname, service: base.service, ...extra, msg };
}

/** Bunyan: name, hostname, pid, numeric level, ISO time, v: 0; child loggers add component. */
export function bunyan(
  t: number,
  level: PinoLevel,
  base: { name: string; hostname: string; pid: number; component?: string },
  msg: string,
  extra: Rec = {},
): Rec {
  const rec: Rec = { name: base.name, hostname: base.hostname, pid: base.pid };
  if (base.component !== undefined) rec.component = base.component;
  return { ...rec, level: PINO_LEVEL[level], ...extra, msg, time: iso(t), v: 0 };
}

export type ZapLevel = "debug" | "info" | "warn" | "error" | "dpanic" | "panic" | "fatal";

/** zap's production encoder: level, ts in epoch seconds, logger, caller, msg, fields, stacktrace on error. */
export function zap(t: number, level: ZapLevel, logger: string, caller: string, msg: string, fields: Rec = {}, stacktrace?: string): Rec {
  const rec: Rec = { level, ts: epochSec(t), logger, caller, msg, ...fields };
  if (stacktrace !== undefined) rec.stacktrace = stacktrace;
  return rec;
}

export type SlogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** Go log/slog JSONHandler: time with nanoseconds, level, msg, attributes. */
export function slog(t: number, level: SlogLevel, msg: string, attrs: Rec = {}): Rec {
  return { time: isoNano(t), level, msg, ...attrs };
}

export type JavaLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";
const LEVEL_VALUE: Record<JavaLevel, number> = { TRACE: 5000, DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };

/** logstash-logback-encoder: @timestamp with offset, @version, message, logger, thread, level, MDC, stack_trace. */
export function logback(t: number, level: JavaLevel, app: string, logger: string, thread: string, message: string, mdc: Rec = {}, stack?: string): Rec {
  const rec: Rec = {
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: LEVEL_VALUE[level],
    app,
    ...mdc,
  };
  if (stack !== undefined) rec.stack_trace = stack;
  return rec;
}

/** log4j2 JsonLayout (compact, with a service KeyValuePair): timeMillis, thread, level, loggerName, message, thrown. */
export function log4j2(
  t: number,
  level: JavaLevel | "FATAL",
  service: string,
  loggerName: string,
  thread: string,
  message: string,
  thrown?: { name: string; message: string; frames: string[] },
): Rec {
  const rec: Rec = {
    timeMillis: t,
    thread,
    level,
    loggerName,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    threadId: 40 + (thread.length % 30),
    threadPriority: 5,
    service,
  };
  if (thrown !== undefined) {
    rec.thrown = {
      commonElementCount: 0,
      localizedMessage: thrown.message,
      message: thrown.message,
      name: thrown.name,
      extendedStackTrace: thrown.frames.map((f) => ({
        class: f.replace(/\.[^.]+\(.*$/, ""),
        method: f.replace(/^.*\.([^.(]+)\(.*$/, "$1"),
        file: f.replace(/^.*\((.*):\d+\)$/, "$1"),
        line: Number(f.replace(/^.*:(\d+)\)$/, "$1")) || 0,
        exact: true,
        location: "app.jar",
        version: "?",
      })),
    };
  }
  return rec;
}

/** ECS JSON as log4j2's EcsLayout writes it: flat dotted keys. */
export function ecsLog4j(t: number, level: JavaLevel | "FATAL", service: string, logger: string, thread: string, message: string, extra: Rec = {}): Rec {
  return {
    "@timestamp": iso(t),
    "log.level": level,
    message,
    "ecs.version": "1.2.0",
    "service.name": service,
    "event.dataset": `${service}.log`,
    "process.thread.name": thread,
    "log.logger": logger,
    ...extra,
  };
}

export type PyLevel = "debug" | "info" | "warning" | "error" | "critical";

/** structlog's JSONRenderer: event, level, timestamp (ISO, Z), logger, bound key-values. */
export function structlog(t: number, level: PyLevel, service: string, logger: string, event: string, kv: Rec = {}): Rec {
  return { service, logger, ...kv, event, level, timestamp: iso(t) };
}

/** python-json-logger with rename_fields asctime→timestamp and a static service field. */
export function pyjson(
  t: number,
  levelname: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL",
  service: string,
  name: string,
  message: string,
  extra: Rec = {},
  excInfo?: string,
): Rec {
  const rec: Rec = { timestamp: iso(t), levelname, name, message, service, ...extra };
  if (excInfo !== undefined) rec.exc_info = excInfo;
  return rec;
}

const OTEL_SEVERITY: Record<string, number> = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };

/** An OpenTelemetry log record as the collector's file exporter flattens it: resource and attributes nested. */
export function otel(
  t: number,
  severity: "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL",
  resource: Rec,
  body: string,
  attributes: Rec = {},
  trace?: { traceId: string; spanId: string },
): Rec {
  const rec: Rec = {
    timestamp: iso(t),
    observed_timestamp: iso(t + 3),
    severity_text: severity,
    severity_number: OTEL_SEVERITY[severity],
    body,
    resource,
    attributes,
  };
  if (trace !== undefined) {
    rec.trace_id = trace.traceId;
    rec.span_id = trace.spanId;
    rec.flags = 1;
  }
  return rec;
}

export interface Pod {
  app: string;
  pod: string;
  namespace: string;
  node: string;
  container?: string;
}

/** A container's line as Fluent Bit ships it: CRI time and stream, the raw log, Kubernetes metadata, app from the pod's label; `merged` are the fields a parser lifted out of the line (Merge_Log). */
export function container(t: number, pod: Pod, log: string, merged: Rec = {}, stream: "stdout" | "stderr" = "stdout"): Rec {
  return {
    time: isoNano(t),
    stream,
    _p: "F",
    log,
    ...merged,
    app: pod.app,
    kubernetes: {
      pod_name: pod.pod,
      namespace_name: pod.namespace,
      container_name: pod.container ?? pod.app,
      host: pod.node,
      labels: { app: pod.app },
    },
  };
}

/** Winston's json format with defaultMeta { service } and the timestamp format. */
export function winston(t: number, level: "error" | "warn" | "info" | "http" | "verbose" | "debug", service: string, message: string, meta: Rec = {}): Rec {
  return { level, message, service, ...meta, timestamp: iso(t) };
}

/** Serilog through its Elasticsearch sink: @timestamp, level name, template, rendered message, properties under fields. */
export function serilog(
  t: number,
  level: "Verbose" | "Debug" | "Information" | "Warning" | "Error" | "Fatal",
  template: string,
  message: string,
  fields: Rec,
  exception?: { ClassName: string; Message: string; StackTraceString: string },
): Rec {
  const rec: Rec = { "@timestamp": isoOffset(t), level, messageTemplate: template, message, fields };
  if (exception !== undefined) rec.exceptions = [{ Depth: 0, ...exception, HResult: -2146233088, Source: "Billing.Core" }];
  return rec;
}

/** A line from a host shipped as rsyslog's JSON template writes it. */
export function rsyslog(
  t: number,
  host: string,
  facility: string,
  severity: "emerg" | "alert" | "crit" | "err" | "warning" | "notice" | "info" | "debug",
  app: string,
  procid: string | number,
  message: string,
): Rec {
  return { timestamp: isoOffset(t), host, facility, severity, app, procid: String(procid), message };
}

/** A CloudWatch Logs event forwarded from a Lambda function's log group. */
export function cloudwatch(t: number, fn: string, stream: string, message: string): Rec {
  return { timestamp: t, message, logGroup: `/aws/lambda/${fn}`, logStream: stream, service: fn };
}

/** Powertools for AWS Lambda (TypeScript) structured logger. */
export function powertools(
  t: number,
  level: "DEBUG" | "INFO" | "WARN" | "ERROR" | "CRITICAL",
  fn: { name: string; memory: number; arn: string },
  message: string,
  requestId: string,
  extra: Rec = {},
): Rec {
  return {
    level,
    message,
    sampling_rate: 0,
    service: fn.name,
    timestamp: iso(t),
    xray_trace_id: `1-${Math.floor(t / 1000).toString(16)}-${requestId.replace(/-/g, "").slice(0, 24)}`,
    cold_start: false,
    function_arn: fn.arn,
    function_memory_size: String(fn.memory),
    function_name: fn.name,
    function_request_id: requestId,
    ...extra,
  };
}

/** PostgreSQL's jsonlog (log_destination = jsonlog), with the service name the shipper adds. */
export function pgJson(
  t: number,
  db: { service: string; dbname: string; user: string; host: string },
  pid: number,
  severity: "LOG" | "WARNING" | "ERROR" | "FATAL" | "PANIC",
  message: string,
  extra: Rec = {},
): Rec {
  return {
    timestamp: pgTime(t),
    user: db.user,
    dbname: db.dbname,
    pid,
    remote_host: db.host,
    session_id: `${(Math.floor(t / 1000) - 3600).toString(16)}.${pid.toString(16)}`,
    line_num: 1 + (pid % 97),
    error_severity: severity,
    message,
    ...extra,
    backend_type: "client backend",
    service: db.service,
  };
}

// ---------------------------------------------------------------------------------------------
// Small formatters

/** A duration as Go's time.Duration.String() prints it: 850.3µs, 12.345ms, 1.234567s, 1m3.5s. */
export function goDur(ms: number): string {
  if (ms < 1) return `${Number((ms * 1000).toFixed(3))}µs`;
  if (ms < 1000) return `${Number(ms.toFixed(6))}ms`;
  if (ms < 60000) return `${Number((ms / 1000).toFixed(6))}s`;
  const m = Math.floor(ms / 60000);
  return `${m}m${Number(((ms - m * 60000) / 1000).toFixed(6))}s`;
}

export const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
export const money = (r: Rng): string => (r.logn(38, 0.8) + 1).toFixed(2);

/** n items, the first at most firstWithin ms after start, the rest spread over the window, oldest first. */
export function scatter(r: Rng, start: number, end: number, n: number, firstWithin = 60 * SEC): number[] {
  const out = [start + r.int(2 * SEC, firstWithin)];
  for (let i = 1; i < n; i++) out.push(Math.floor(r.float(start + firstWithin, end - MIN)));
  return out.sort((a, b) => a - b);
}
