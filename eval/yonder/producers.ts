// How the producers in these scenarios write an entry: each function returns one object the way
// that logger (or its shipper) stores it. Times are epoch milliseconds.

import type { Entry } from "./timeline.js";

export type Lvl = "trace" | "debug" | "info" | "warn" | "error" | "fatal";
export type Fields = Record<string, unknown>;

export function iso(t: number): string {
  return new Date(t).toISOString();
}

/** ISO 8601 with a +00:00 offset (Java's and Python's isoformat). */
export function isoOffset(t: number): string {
  return iso(t).replace("Z", "+00:00");
}

/** Microsecond precision; the extra digits are derived from the time so that they stay stable. */
function micros(t: number): string {
  return String((t * 7919) % 1000).padStart(3, "0");
}

export function isoMicro(t: number): string {
  return `${iso(t).slice(0, 23)}${micros(t)}+00:00`;
}

/** "2024-09-19 07:12:26.123456+00:00" (RabbitMQ, Python's str(datetime)). */
export function spaceMicro(t: number): string {
  return `${iso(t).slice(0, 10)} ${iso(t).slice(11, 23)}${micros(t)}+00:00`;
}

/** "2024-09-19 07:12:26.123 UTC" (PostgreSQL's jsonlog). */
export function pgTime(t: number): string {
  return `${iso(t).slice(0, 10)} ${iso(t).slice(11, 23)} UTC`;
}

const UPPER: Record<Lvl, string> = { trace: "TRACE", debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", fatal: "FATAL" };
const PY: Record<Lvl, string> = { trace: "DEBUG", debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR", fatal: "CRITICAL" };
const PINO: Record<Lvl, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const LOGBACK: Record<Lvl, number> = { trace: 5000, debug: 10000, info: 20000, warn: 30000, error: 40000, fatal: 40000 };
const OTEL: Record<Lvl, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };
const SYSLOG: Record<Lvl, string> = { trace: "debug", debug: "debug", info: "info", warn: "warning", error: "err", fatal: "crit" };

/** The plain canonical shape: timestamp, level, service, message. */
export function canonical(t: number, service: string, level: Lvl, message: string, extra: Fields = {}): Entry {
  return { timestamp: iso(t), level: UPPER[level], service, message, ...extra };
}

export interface PinoProc {
  name: string;
  hostname: string;
  pid: number;
}

/** pino: numeric level, epoch-ms time, pid/hostname/name, bindings, msg last. */
export function pino(t: number, p: PinoProc, level: Lvl, msg: string, extra: Fields = {}): Entry {
  return { level: PINO[level], time: t, pid: p.pid, hostname: p.hostname, name: p.name, ...extra, msg };
}

/** python-json-logger with a renamed timestamp and a static service field. */
export function pyjson(t: number, service: string, logger: string, level: Lvl, message: string, extra: Fields = {}): Entry {
  return { timestamp: isoMicro(t), levelname: PY[level], name: logger, message, service, ...extra };
}

/** structlog's JSONRenderer: event first, then the bound keys. */
export function structlog(t: number, logger: string, level: Lvl, event: string, extra: Fields = {}): Entry {
  return { event, ...extra, level: level === "warn" ? "warning" : level === "fatal" ? "critical" : level, logger, timestamp: iso(t) };
}

/** zap's production encoder: level, ts in epoch seconds, caller, msg, then fields. */
export function zap(t: number, level: Lvl, caller: string, msg: string, extra: Fields = {}): Entry {
  return { level, ts: t / 1000, caller, msg, ...extra };
}

/** zap with an ISO 8601 time encoder (Temporal's server, many Go services). */
export function zapIso(t: number, level: Lvl, msg: string, extra: Fields = {}): Entry {
  return { level, ts: iso(t), msg, ...extra };
}

/** Go's log/slog JSONHandler. */
export function slog(t: number, level: Lvl, msg: string, extra: Fields = {}): Entry {
  return { time: iso(t), level: level === "warn" ? "WARN" : UPPER[level], msg, ...extra };
}

/** logstash-logback-encoder. */
export function logback(t: number, service: string, logger: string, thread: string, level: Lvl, message: string, extra: Fields = {}, stack?: string): Entry {
  const e: Entry = {
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level: UPPER[level],
    level_value: LOGBACK[level],
    service,
    ...extra,
  };
  if (stack !== undefined) e.stack_trace = stack;
  return e;
}

/** log4j2's JsonLayout (compact, with a service key/value pair). */
export function log4j2(t: number, service: string, logger: string, thread: string, level: Lvl, message: string, extra: Fields = {}): Entry {
  return {
    timeMillis: t,
    thread,
    level: UPPER[level],
    loggerName: logger,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    threadId: 40 + (message.length % 60),
    threadPriority: 5,
    service,
    ...extra,
  };
}

export interface OtelResource {
  "service.name": string;
  [key: string]: unknown;
}

/** An OpenTelemetry log record as the collector's file exporter flattens it. */
export function otel(t: number, resource: OtelResource, level: Lvl, body: string, attributes: Fields = {}, traceId?: string, spanId?: string): Entry {
  const e: Entry = {
    timestamp: iso(t),
    observed_timestamp: iso(t + 3),
    severity_text: UPPER[level],
    severity_number: OTEL[level],
    body,
    attributes,
    resource,
  };
  if (traceId !== undefined) e.trace_id = traceId;
  if (spanId !== undefined) e.span_id = spanId;
  return e;
}

/** rsyslog's JSON template (or syslog-ng's): one line of a host's syslog. */
export function syslog(t: number, host: string, program: string, pid: number | undefined, level: Lvl, facility: string, message: string): Entry {
  const e: Entry = { timestamp: isoMicro(t), host, programname: program, severity: SYSLOG[level], facility, message };
  if (pid !== undefined) e.procid = String(pid);
  return e;
}

export interface PodRef {
  pod: string;
  namespace: string;
  container: string;
  node: string;
  app: string;
}

/** Fluent Bit's record for a container's stdout/stderr line, with Kubernetes metadata and the app label lifted. */
export function fluentbit(t: number, ref: PodRef, stream: "stdout" | "stderr", log: string): Entry {
  return {
    time: `${iso(t).slice(0, 23)}${micros(t)}${String(t % 997).padStart(3, "0")}Z`,
    stream,
    _p: "F",
    log,
    app: ref.app,
    kubernetes: { pod_name: ref.pod, namespace_name: ref.namespace, container_name: ref.container, host: ref.node },
  };
}

/** A CloudWatch Logs event of a Lambda function, as a forwarder ships it (epoch-ms timestamp, service tag). */
export function lambdaEvent(t: number, fn: string, stream: string, message: string): Entry {
  return { timestamp: t, service: fn, logGroup: `/aws/lambda/${fn}`, logStream: stream, message };
}

/** klog's JSON format (kube-controller-manager, kubelet): ts in epoch ms. */
export function klog(t: number, caller: string, msg: string, extra: Fields = {}, err?: string): Entry {
  const e: Entry = { ts: t + ((t * 31) % 1000) / 1000, caller, msg };
  if (err === undefined) e.v = 0;
  Object.assign(e, extra);
  if (err !== undefined) e.err = err;
  return e;
}

/** RabbitMQ's JSON log format (3.9+), with the node name a shipper adds. */
export function rabbit(t: number, node: string, level: Lvl, msg: string, pid: string, domain?: string): Entry {
  const e: Entry = { time: spaceMicro(t), level: level === "warn" ? "warning" : level, msg, pid };
  if (domain !== undefined) e.domain = domain;
  e.host = node.replace(/^rabbit@/, "");
  e.service = "rabbitmq";
  return e;
}

/** PostgreSQL's jsonlog. */
export function pglog(t: number, host: string, pid: number, severity: "LOG" | "WARNING" | "ERROR" | "FATAL", message: string, extra: Fields = {}): Entry {
  return {
    timestamp: pgTime(t),
    user: extra.user ?? "app",
    dbname: extra.dbname ?? "app",
    pid,
    remote_host: extra.remote_host ?? "10.0.12.4",
    session_id: `${(t / 1000 - 3600).toString(16).slice(0, 8)}.${pid.toString(16)}`,
    line_num: (t % 500) + 1,
    error_severity: severity,
    message,
    application_name: extra.application_name ?? "",
    backend_type: extra.backend_type ?? "client backend",
    host,
    service: extra.service ?? "postgres",
  };
}
