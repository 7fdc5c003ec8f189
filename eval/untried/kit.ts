// Shared pieces of the untried family: a seeded generator, a timeline that sorts lines oldest
// first with their labels, and the record shapes real producers write.

import type { AnomalyType, Scenario } from "../blind/types.js";

export type Label = AnomalyType | null;
export type Lv = "debug" | "info" | "warn" | "error" | "fatal";

export interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  gauss(): number;
  /** log-normal around a median, sigma in log space */
  logn(median: number, sigma: number): number;
  hex(n: number): string;
  ip(prefix?: string): string;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** mulberry32 over an FNV-1a hash of the seed and a salt (the scenario name). */
export function rng(seed: number, salt: string): Rng {
  let h = 2166136261;
  for (const c of `${seed}/${salt}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  let a = h >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const gauss = (): number => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
    gauss,
    logn: (median: number, sigma: number) => median * Math.exp(sigma * gauss()),
    hex: (n: number) => {
      let s = "";
      while (s.length < n) {
        const x = (next() * 4294967296) >>> 0;
        s += (BYTE_HEX[x & 255] as string) + BYTE_HEX[(x >>> 8) & 255] + BYTE_HEX[(x >>> 16) & 255] + BYTE_HEX[x >>> 24];
      }
      return s.length === n ? s : s.slice(0, n);
    },
    ip: (prefix = "10.") => {
      let dots = 0;
      for (const c of prefix) if (c === ".") dots++;
      let s = prefix + int(1, 254);
      for (let i = dots + 1; i < 4; i++) s += `.${int(1, 254)}`;
      return s;
    },
  };
}

/** Lines in the order they were produced; `scenario` sorts them by time (stable) with their labels. */
export class Timeline {
  private rows: { t: number; e: Record<string, unknown>; l: Label }[] = [];
  add(t: number, e: Record<string, unknown>, l: Label = null): void {
    this.rows.push({ t, e, l });
  }
  get size(): number {
    return this.rows.length;
  }
  scenario(name: string, description: string): Scenario {
    const rows = this.rows.sort((a, b) => a.t - b.t); // stable: equal times keep the order they were added in
    return { name, description, logs: rows.map((r) => r.e), labels: rows.map((r) => r.l) };
  }
}

/** A window start somewhere in October 2025, different per seed and scenario. */
export function windowStart(r: Rng): number {
  return Date.UTC(2025, 9, r.int(1, 27), r.int(0, 21), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
}

/** n sorted uniform times in [t0, t1), whole milliseconds. */
export function times(r: Rng, n: number, t0: number, t1: number): number[] {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(t0 + r.next() * (t1 - t0));
  return Array.from(out.sort());
}

export const MIN = 60_000;
const DAYS = new Map<number, string>();
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** toISOString, without a Date per call: the day's prefix is cached. */
export function iso(t: number): string {
  const ms = Math.floor(t);
  const day = Math.floor(ms / 86_400_000);
  let prefix = DAYS.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    DAYS.set(day, prefix);
  }
  const rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const sec = Math.floor((rest % 60_000) / 1000);
  const milli = rest % 1000;
  return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}Z`;
}

/** A process that writes logs: service name, host or pod, pid. */
export interface Src {
  svc: string;
  host: string;
  pid: number;
  ns: string;
  /** metadata every line of this process shares (built once) */
  k8sMeta?: Record<string, unknown>;
  otelResource?: Record<string, unknown>;
}

export function pod(r: Rng, svc: string, ns = "prod"): Src {
  const alnum = "bcdfghjklmnpqrstvwxz2456789";
  let tail = "";
  for (let i = 0; i < 5; i++) tail += r.pick(alnum.split(""));
  return { svc, host: `${svc}-${r.hex(9)}-${tail}`, pid: 1, ns };
}

export function vm(r: Rng, svc: string, host: string): Src {
  return { svc, host, pid: r.int(900, 64000), ns: "" };
}

const PINO: Record<Lv, number> = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** pino: numeric level, epoch ms, msg. */
export function pino(s: Src, t: number, lv: Lv, msg: string, f: Record<string, unknown> = {}): Record<string, unknown> {
  return { level: PINO[lv], time: Math.floor(t), pid: s.pid, hostname: s.host, name: s.svc, ...f, msg };
}

/** zap's production encoder: ts in epoch seconds (float), caller, msg. */
export function zap(s: Src, t: number, lv: Lv, caller: string, msg: string, f: Record<string, unknown> = {}): Record<string, unknown> {
  const level = lv === "warn" ? "warn" : lv === "fatal" ? "fatal" : lv;
  return { level, ts: t / 1000, logger: s.svc, caller, msg, ...f };
}

/** structlog's JSONRenderer with add_log_level, TimeStamper(fmt="iso") and bound context. */
export function structlog(s: Src, t: number, lv: Lv, event: string, f: Record<string, unknown> = {}): Record<string, unknown> {
  const level = lv === "warn" ? "warning" : lv === "fatal" ? "critical" : lv;
  return { event, ...f, service: s.svc, level, timestamp: iso(t) };
}

/** python-json-logger with a timestamp, as Airflow or gunicorn configure it. */
export function pyjson(s: Src, t: number, lv: Lv, logger: string, message: string, f: Record<string, unknown> = {}): Record<string, unknown> {
  const levelname = { debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR", fatal: "CRITICAL" }[lv];
  return { timestamp: iso(t), levelname, name: logger, message, process: s.pid, hostname: s.host, ...f };
}

const LOGBACK: Record<Lv, [string, number]> = {
  debug: ["DEBUG", 10000],
  info: ["INFO", 20000],
  warn: ["WARN", 30000],
  error: ["ERROR", 40000],
  fatal: ["ERROR", 40000],
};

/** logstash-logback-encoder: @timestamp, logger_name, thread_name, level_value, MDC fields, stack_trace. */
export function logstash(
  s: Src,
  t: number,
  lv: Lv,
  logger: string,
  thread: string,
  message: string,
  f: Record<string, unknown> = {},
  stack?: string,
): Record<string, unknown> {
  const [level, level_value] = LOGBACK[lv];
  const e: Record<string, unknown> = {
    "@timestamp": iso(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value,
    app: s.svc,
    HOSTNAME: s.host,
    ...f,
  };
  if (stack !== undefined) e.stack_trace = stack;
  return e;
}

/** log4j2's JsonLayout (compact, eventEol): timeMillis, loggerName, thrown. */
export function log4j2(
  s: Src,
  t: number,
  level: "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL",
  logger: string,
  thread: string,
  message: string,
  thrown?: { name: string; message: string; frames: string[] },
  ctx: Record<string, string> = {},
): Record<string, unknown> {
  const e: Record<string, unknown> = {
    timeMillis: Math.floor(t),
    thread,
    level,
    loggerName: logger,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.log4j.spi.AbstractLogger",
    threadId: 30 + (thread.length % 40),
    threadPriority: 5,
    contextMap: { application: s.svc, host: s.host, ...ctx },
  };
  if (thrown !== undefined) {
    e.thrown = {
      commonElementCount: 0,
      localizedMessage: thrown.message,
      message: thrown.message,
      name: thrown.name,
      extendedStackTrace: thrown.frames.map((fr) => ({
        class: fr.replace(/\.[^.]+$/, ""),
        method: fr.replace(/^.*\./, ""),
        file: `${fr.split(".").at(-2) ?? "Main"}.java`,
        line: 40 + ((fr.length * 7) % 300),
        exact: true,
        location: `${s.svc}.jar`,
        version: "?",
      })),
    };
  }
  return e;
}

const SERILOG: Record<Lv, string> = { debug: "Debug", info: "Information", warn: "Warning", error: "Error", fatal: "Fatal" };

/** Serilog's Elasticsearch sink: @timestamp, level, messageTemplate, rendered message, fields, exceptions. */
export function serilog(
  s: Src,
  t: number,
  lv: Lv,
  template: string,
  props: Record<string, unknown>,
  exception?: { ClassName: string; Message: string; StackTraceString: string },
): Record<string, unknown> {
  const message = template.replace(/\{(\w+)(?::[^}]*)?\}/g, (_, k: string) => {
    const v = props[k];
    return typeof v === "string" ? `"${v}"` : String(v);
  });
  const e: Record<string, unknown> = {
    "@timestamp": new Date(Math.floor(t)).toISOString().replace("Z", "+00:00"),
    level: SERILOG[lv],
    messageTemplate: template,
    message,
    fields: { ...props, MachineName: s.host, Application: s.svc, EnvironmentName: "Production" },
  };
  if (exception !== undefined) e.exceptions = [{ Depth: 0, HResult: -2146233088, Source: s.svc, ...exception }];
  return e;
}

const MONOLOG: Record<Lv, [number, string]> = {
  debug: [100, "DEBUG"],
  info: [200, "INFO"],
  warn: [300, "WARNING"],
  error: [400, "ERROR"],
  fatal: [500, "CRITICAL"],
};

/** Monolog's JsonFormatter as shipped by Filebeat (which adds @timestamp). */
export function monolog(
  t: number,
  lv: Lv,
  channel: string,
  message: string,
  context: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const [level, level_name] = MONOLOG[lv];
  const micro = String((t % 1000) * 1000).padStart(6, "0");
  return { "@timestamp": iso(t), message, context, level, level_name, channel, datetime: `${iso(t).slice(0, 19)}.${micro}+00:00`, extra };
}

const OTEL: Record<Lv, [string, number]> = { debug: ["DEBUG", 5], info: ["INFO", 9], warn: ["WARN", 13], error: ["ERROR", 17], fatal: ["FATAL", 21] };

/** An OpenTelemetry log record as the collector's file exporter flattens it. */
export function otel(
  s: Src,
  t: number,
  lv: Lv,
  body: string,
  attributes: Record<string, unknown>,
  trace?: { trace_id: string; span_id: string },
): Record<string, unknown> {
  const [severity_text, severity_number] = OTEL[lv];
  s.otelResource ??= { "service.name": s.svc, "service.namespace": s.ns, "k8s.pod.name": s.host, "telemetry.sdk.language": "python" };
  return {
    timestamp: iso(t),
    observed_timestamp: iso(t + 3),
    severity_text,
    severity_number,
    body,
    attributes,
    resource: s.otelResource,
    ...(trace ? { trace_id: trace.trace_id, span_id: trace.span_id, flags: 1 } : {}),
  };
}

/** A container's line as fluent-bit ships it from Kubernetes: the raw line in `log`, pod metadata, parsed fields merged. */
export function k8s(s: Src, t: number, line: string, parsed: Record<string, unknown> = {}, stream: "stdout" | "stderr" = "stdout"): Record<string, unknown> {
  s.k8sMeta ??= {
    pod_name: s.host,
    namespace_name: s.ns,
    container_name: s.svc,
    host: `ip-10-0-${(s.host.length * 13) % 250}-${(s.host.charCodeAt(s.host.length - 1) * 7) % 250}.ec2.internal`,
    labels: { app: s.svc },
  };
  return { time: iso(t), stream, _p: "F", log: line, ...parsed, kubernetes: s.k8sMeta };
}

/** rsyslog's JSON template: numeric severity, program in `app`. */
export function syslog(t: number, host: string, app: string, pid: number | null, severity: number, facility: string, message: string): Record<string, unknown> {
  return { "@timestamp": iso(t), host, app, ...(pid !== null ? { pid } : {}), facility, severity, message };
}

/** An ECS document from Filebeat reading a plain log file (GC logs, daemon logs). */
export function ecs(s: Src, t: number, path: string, message: string): Record<string, unknown> {
  return {
    "@timestamp": iso(t),
    message,
    ecs: { version: "8.11.0" },
    log: { file: { path }, offset: (t * 7) % 9_000_000 },
    host: { name: s.host },
    service: { name: s.svc },
    agent: { type: "filebeat", version: "8.11.3" },
    input: { type: "filestream" },
  };
}

/** PostgreSQL 15+ jsonlog. */
export function pgjson(
  t: number,
  pid: number,
  severity: "LOG" | "WARNING" | "ERROR" | "FATAL" | "PANIC",
  message: string,
  f: Record<string, unknown> = {},
): Record<string, unknown> {
  const d = iso(t);
  return {
    timestamp: `${d.slice(0, 10)} ${d.slice(11, 23)} UTC`,
    user: "ledger",
    dbname: "ledger",
    pid,
    remote_host: "10.0.7.41",
    remote_port: 40000 + (pid % 20000),
    session_id: `${pid.toString(16)}.${(pid * 31).toString(16)}`,
    line_num: 1 + (t % 997),
    ps: "idle",
    backend_type: "client backend",
    error_severity: severity,
    message,
    application_name: "ledger-svc",
    query_id: 0,
    ...f,
  };
}

/** nginx's combined format with request and upstream times. */
export function nginxLine(
  t: number,
  ip: string,
  method: string,
  uri: string,
  status: number,
  bytes: number,
  ua: string,
  rt: number,
  urt: number | null,
): string {
  const d = new Date(t);
  const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
  return `${ip} - - [${stamp}] "${method} ${uri} HTTP/1.1" ${status} ${bytes} "-" "${ua}" rt=${rt.toFixed(3)} uct="0.000" uht="${urt === null ? "-" : urt.toFixed(3)}" urt="${urt === null ? "-" : urt.toFixed(3)}"`;
}

export const UAS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
  "okhttp/4.12.0",
  "ShopApp/5.31.2 (Android 14; Pixel 8)",
];

export const traceIds = (r: Rng): { trace_id: string; span_id: string } => ({ trace_id: r.hex(32), span_id: r.hex(16) });

/** Weighted choice: [weight, value] pairs. */
export function weighted<T>(r: Rng, items: readonly (readonly [number, T])[]): T {
  const total = items.reduce((a, [w]) => a + w, 0);
  let x = r.next() * total;
  for (const [w, v] of items) {
    x -= w;
    if (x < 0) return v;
  }
  return (items.at(-1) as readonly [number, T])[1];
}

export const uuid = (r: Rng): string => `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${r.pick(["8", "9", "a", "b"])}${r.hex(3)}-${r.hex(12)}`;

/** Fill the window with `n` normal lines, each written by `line(t)`. */
export function fill(tl: Timeline, r: Rng, n: number, t0: number, t1: number, line: (t: number) => Record<string, unknown>): void {
  for (const t of times(r, n, t0, t1)) tl.add(t, line(t));
}
