// Entry shapes as the producers write them: structured loggers (pino, zap, slog, logback's
// logstash encoder, python-json-logger, structlog, OpenTelemetry log records), and text lines
// wrapped by a shipper (Kubernetes container logs through Fluent Bit, rsyslog's JSON template,
// journald through Vector), plus access logs (nginx JSON, Envoy) and Kubernetes events.

import { isoMicro, isoMicroOffset, isoMs, isoNano, isoOffset, isoSec } from "./clock.js";

export type Lvl = "trace" | "debug" | "info" | "warn" | "error" | "fatal";
export type Entry = Record<string, unknown>;

const PINO_LEVEL: Record<Lvl, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const UPPER: Record<Lvl, string> = { trace: "TRACE", debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", fatal: "FATAL" };
const PY: Record<Lvl, string> = { trace: "DEBUG", debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR", fatal: "CRITICAL" };
const LOGBACK_VALUE: Record<Lvl, number> = { trace: 5000, debug: 10000, info: 20000, warn: 30000, error: 40000, fatal: 40000 };
const OTEL_NUMBER: Record<Lvl, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };

// ---- Node: pino ------------------------------------------------------------------------------

export interface PinoBase {
  name: string;
  hostname: string;
  pid: number;
}

export function pino(t: number, b: PinoBase, lvl: Lvl, msg: string, fields: Entry = {}): Entry {
  return { level: PINO_LEVEL[lvl], time: Math.floor(t), pid: b.pid, hostname: b.hostname, name: b.name, ...fields, msg };
}

/** pino's serialised error. */
export function pinoErr(type: string, message: string, stack: string, extra: Entry = {}): Entry {
  return { type, message, stack, ...extra };
}

export interface HttpReq {
  id: string;
  method: string;
  url: string;
  status: number;
  ms: number;
  ip: string;
  ua: string;
}

/** pino-http's completion line (default levels: 4xx warn, 5xx error). */
export function pinoHttp(t: number, b: PinoBase, r: HttpReq, extra: Entry = {}): Entry {
  const lvl: Lvl = r.status >= 500 ? "error" : r.status >= 400 ? "warn" : "info";
  return pino(t, b, lvl, r.status >= 500 ? "request errored" : "request completed", {
    req: { id: r.id, method: r.method, url: r.url, remoteAddress: `::ffff:${r.ip}`, headers: { "user-agent": r.ua } },
    res: { statusCode: r.status },
    ...extra,
    responseTime: Math.round(r.ms),
  });
}

// ---- Go: zap (production encoder) and log/slog ------------------------------------------------

export function zap(t: number, lvl: Lvl, caller: string, msg: string, fields: Entry = {}, opts: { logger?: string; stack?: string } = {}): Entry {
  const e: Entry = { level: lvl === "fatal" ? "fatal" : lvl, ts: (Math.floor(t) + (((Math.floor(t) % 997) * 7) % 997) / 1000) / 1000 };
  if (opts.logger !== undefined) e.logger = opts.logger;
  e.caller = caller;
  e.msg = msg;
  Object.assign(e, fields);
  if (opts.stack !== undefined) e.stacktrace = opts.stack;
  return e;
}

export function slog(t: number, lvl: Lvl, msg: string, fields: Entry = {}): Entry {
  const level = lvl === "fatal" ? "ERROR" : lvl === "trace" ? "DEBUG" : UPPER[lvl];
  return { time: isoNano(t), level, msg, ...fields };
}

// ---- Java: logstash-logback-encoder ------------------------------------------------------------

export interface JavaBase {
  app: string;
  host: string;
}

export function logback(t: number, b: JavaBase, lvl: Lvl, logger: string, thread: string, msg: string, mdc: Entry = {}, stack?: string): Entry {
  const e: Entry = {
    "@timestamp": isoOffset(t),
    "@version": "1",
    message: msg,
    logger_name: logger,
    thread_name: thread,
    level: lvl === "fatal" ? "ERROR" : UPPER[lvl],
    level_value: LOGBACK_VALUE[lvl],
    ...mdc,
  };
  if (stack !== undefined) e.stack_trace = stack;
  e.app = b.app;
  e.HOSTNAME = b.host;
  return e;
}

// ---- Python: python-json-logger and structlog ---------------------------------------------------

export function pyJson(t: number, service: string, lvl: Lvl, logger: string, msg: string, extra: Entry = {}, exc?: string): Entry {
  const e: Entry = { timestamp: isoMicroOffset(t), levelname: PY[lvl], name: logger, message: msg, service, ...extra };
  if (exc !== undefined) e.exc_info = exc;
  return e;
}

export function structlog(t: number, service: string, lvl: Lvl, logger: string, event: string, kv: Entry = {}, exception?: string): Entry {
  const e: Entry = { event, ...kv, service, logger, level: PY[lvl].toLowerCase() };
  if (exception !== undefined) e.exception = exception;
  e.timestamp = isoMicro(t);
  return e;
}

// ---- OpenTelemetry log record (one record per entry, as exported to a log store) ---------------

export function otel(
  t: number,
  resource: Entry,
  scope: string,
  lvl: Lvl,
  body: string,
  attributes: Entry = {},
  trace?: { traceId: string; spanId: string },
): Entry {
  const e: Entry = {
    timestamp: isoNano(t),
    observed_timestamp: isoNano(t + 3),
    severity_text: UPPER[lvl],
    severity_number: OTEL_NUMBER[lvl],
    body,
    attributes,
    resource,
    instrumentation_scope: { name: scope },
  };
  if (trace !== undefined) {
    e.trace_id = trace.traceId;
    e.span_id = trace.spanId;
    e.flags = 1;
  }
  return e;
}

// ---- Shippers --------------------------------------------------------------------------------

export interface PodRef {
  pod: string;
  ns: string;
  container: string;
  node: string;
  app: string;
  image: string;
}

/** A container's text line as Fluent Bit ships it with its Kubernetes metadata. */
export function k8sLine(t: number, p: PodRef, stream: "stdout" | "stderr", text: string): Entry {
  return {
    time: isoNano(t),
    stream,
    _p: "F",
    log: text,
    kubernetes: { pod_name: p.pod, namespace_name: p.ns, container_name: p.container, host: p.node, labels: { app: p.app }, container_image: p.image },
  };
}

export type SyslogSeverity = "emerg" | "alert" | "crit" | "err" | "warning" | "notice" | "info" | "debug";

/** rsyslog's JSON template (timereported in RFC 3339). */
export function rsyslog(t: number, host: string, program: string, pid: number | undefined, severity: SyslogSeverity, facility: string, msg: string): Entry {
  return {
    timestamp: isoMicroOffset(t),
    host,
    severity,
    facility,
    "syslog-tag": pid === undefined ? `${program}:` : `${program}[${pid}]:`,
    programname: program,
    message: msg,
  };
}

/** A journald entry as Vector's journald source forwards it. */
export function journald(t: number, host: string, ident: string, priority: number, msg: string, unit?: string, pid?: number, transport = "syslog"): Entry {
  const e: Entry = { timestamp: isoMicro(t), host, message: msg, PRIORITY: String(priority), SYSLOG_IDENTIFIER: ident };
  if (unit !== undefined) e._SYSTEMD_UNIT = unit;
  if (pid !== undefined) e._PID = String(pid);
  e._TRANSPORT = transport;
  e.source_type = "journald";
  return e;
}

// ---- Access logs ----------------------------------------------------------------------------

export interface AccessLine {
  remote: string;
  method: string;
  uri: string;
  status: number;
  bytes: number;
  seconds: number;
  upstreamSeconds?: number | undefined;
  upstream?: string | undefined;
  ua: string;
  host: string;
  requestId: string;
  referer?: string;
}

/** nginx `log_format json escape=json` with $time_iso8601 (seconds) and $request_time. */
export function nginxJson(t: number, a: AccessLine): Entry {
  return {
    time: isoSec(t),
    remote_addr: a.remote,
    request_id: a.requestId,
    request: `${a.method} ${a.uri} HTTP/1.1`,
    status: a.status,
    body_bytes_sent: a.bytes,
    request_time: Number(a.seconds.toFixed(3)),
    upstream_response_time: a.upstreamSeconds === undefined ? "-" : a.upstreamSeconds.toFixed(3),
    upstream_addr: a.upstream ?? "-",
    http_referer: a.referer ?? "",
    http_user_agent: a.ua,
    host: a.host,
  };
}

export interface EnvoyLine {
  method: string;
  path: string;
  status: number;
  flags: string;
  details: string;
  ms: number;
  upstreamMs?: number | undefined;
  bytesIn: number;
  bytesOut: number;
  xff: string;
  ua: string;
  requestId: string;
  authority: string;
  upstreamHost?: string | undefined;
  cluster: string;
}

/** Istio/Envoy JSON access log; the shipper adds `timestamp` (the time the line was written). */
export function envoy(t: number, a: EnvoyLine): Entry {
  return {
    timestamp: isoMs(t),
    start_time: isoMs(t - Math.round(a.ms)),
    method: a.method,
    path: a.path,
    protocol: "HTTP/2",
    response_code: a.status,
    response_flags: a.flags,
    response_code_details: a.details,
    bytes_received: a.bytesIn,
    bytes_sent: a.bytesOut,
    duration: Math.round(a.ms),
    upstream_service_time: a.upstreamMs === undefined ? null : String(Math.round(a.upstreamMs)),
    x_forwarded_for: a.xff,
    user_agent: a.ua,
    request_id: a.requestId,
    authority: a.authority,
    upstream_host: a.upstreamHost ?? null,
    upstream_cluster: a.cluster,
  };
}

export interface KubeEvent {
  ns: string;
  kind: string;
  name: string;
  reason: string;
  message: string;
  type: "Normal" | "Warning";
  component: string;
  host?: string;
  count?: number;
  uid: string;
}

/** A Kubernetes event as kubernetes-event-exporter writes it to Elasticsearch. */
export function kubeEvent(t: number, e: KubeEvent): Entry {
  return {
    "@timestamp": isoMs(t),
    metadata: { name: `${e.name}.${e.uid.replaceAll("-", "").slice(0, 16)}`, namespace: e.ns, uid: e.uid },
    reason: e.reason,
    message: e.message,
    source: e.host === undefined ? { component: e.component } : { component: e.component, host: e.host },
    firstTimestamp: isoSec(t),
    lastTimestamp: isoSec(t),
    count: e.count ?? 1,
    type: e.type,
    involvedObject: { kind: e.kind, namespace: e.ns, name: e.name },
    reportingComponent: e.component,
  };
}

/** A structured line from a container after Fluent Bit merged it and added the pod's metadata. */
export function withPod(entry: Entry, p: PodRef): Entry {
  return { ...entry, kubernetes: { pod_name: p.pod, namespace_name: p.ns, container_name: p.container, host: p.node, labels: { app: p.app } } };
}
