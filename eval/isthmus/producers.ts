/**
 * Lines as real producers write them, each from the time it was written (epoch ms) and what
 * the producer knows; fields are the ones docs/stream-contract.md lists, in each producer's
 * own spelling and order.
 */
import { fnv1a } from "./rng.js";

type Fields = Record<string, unknown>;

const pad = (n: number, w: number): string => String(n).padStart(w, "0");

/** ISO 8601 in UTC with milliseconds: `2026-03-04T10:11:12.345Z`. */
export function isoMs(t: number): string {
  return new Date(t).toISOString();
}

/** ISO 8601 in whole seconds with an offset, as nginx's `$time_iso8601`: `2026-03-04T10:11:12+00:00`. */
export function isoSeconds(t: number, offset = "+00:00"): string {
  return `${new Date(t).toISOString().slice(0, 19)}${offset}`;
}

/** ISO 8601 in whole seconds with Z, as logrus and Kubernetes write it. */
export function isoSecondsZ(t: number): string {
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}

/** Sub-millisecond digits that do not move the millisecond: stable for a time. */
function subMs(t: number, digits: number): string {
  return pad(fnv1a(String(t)) % 10 ** digits, digits);
}

/** ISO 8601 with microseconds and an offset, as Python's `isoformat()` and rsyslog write it. */
export function isoMicros(t: number, offset = "+00:00"): string {
  return `${new Date(t).toISOString().slice(0, 23)}${subMs(t, 3)}${offset}`;
}

/** ISO 8601 with microseconds and Z, as hclog writes it. */
export function isoMicrosZ(t: number): string {
  return isoMicros(t, "Z");
}

/** ISO 8601 with seven fraction digits, as .NET writes a DateTimeOffset in CLEF. */
export function isoTicks(t: number): string {
  return `${new Date(t).toISOString().slice(0, 23)}${subMs(t, 4)}Z`;
}

// ── pino (Node) ─────────────────────────────────────────────────────────────────────────────
export type PinoLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";
const PINO_LEVELS: Record<PinoLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
export interface PinoSource {
  name: string;
  hostname: string;
  pid: number;
}

export function pino(t: number, src: PinoSource, level: PinoLevel, msg: string, fields: Fields = {}): Fields {
  return { level: PINO_LEVELS[level], time: t, pid: src.pid, hostname: src.hostname, name: src.name, ...fields, msg };
}

/** pino-http's completion line: `req`, `res`, `responseTime`, then the message. */
export function pinoHttp(
  t: number,
  src: PinoSource,
  req: { id: string; method: string; url: string; remoteAddress: string },
  statusCode: number,
  responseTime: number,
  fields: Fields = {},
): Fields {
  // customLogLevel as pino-http's README shows it: 5xx at error, 4xx at warn.
  const level: PinoLevel = statusCode >= 500 ? "error" : statusCode >= 400 ? "warn" : "info";
  return {
    level: PINO_LEVELS[level],
    time: t,
    pid: src.pid,
    hostname: src.hostname,
    name: src.name,
    req: { id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress, remotePort: 40000 + (fnv1a(req.id) % 20000) },
    res: { statusCode },
    responseTime: Math.round(responseTime),
    ...fields,
    msg: "request completed",
  };
}

// ── Logback with logstash-logback-encoder (Java) ─────────────────────────────────────────────
export type LogbackLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";
const LOGBACK_VALUES: Record<LogbackLevel, number> = { TRACE: 5000, DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };
export interface LogbackSource {
  app: string;
  host: string;
}

export function logback(
  t: number,
  src: LogbackSource,
  level: LogbackLevel,
  logger: string,
  thread: string,
  message: string,
  mdc: Fields = {},
  stackTrace?: string,
): Fields {
  const out: Fields = {
    "@timestamp": isoMs(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: LOGBACK_VALUES[level],
    HOSTNAME: src.host,
    ...mdc,
    app: src.app,
  };
  if (stackTrace !== undefined) out.stack_trace = stackTrace;
  return out;
}

// ── python-json-logger ───────────────────────────────────────────────────────────────────────
export type PyLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";
export interface PySource {
  service: string;
  host: string;
}

/** `JsonFormatter("%(levelname)s %(name)s %(message)s", timestamp=True, static_fields={"service": ...})`. */
export function pyjson(t: number, src: PySource, level: PyLevel, logger: string, message: string, extra: Fields = {}, excInfo?: string): Fields {
  const out: Fields = { levelname: level, name: logger, message, ...extra };
  if (excInfo !== undefined) out.exc_info = excInfo;
  out.service = src.service;
  out.hostname = src.host;
  out.timestamp = isoMicros(t);
  return out;
}

// ── zap production encoder (Go) ──────────────────────────────────────────────────────────────
export type ZapLevel = "debug" | "info" | "warn" | "error" | "dpanic" | "panic" | "fatal";

export function zap(t: number, level: ZapLevel, logger: string, caller: string, msg: string, fields: Fields = {}): Fields {
  const ts = Number(`${Math.floor(t / 1000)}.${pad(t % 1000, 3)}${subMs(t, 4)}`);
  return { level, ts, logger, caller, msg, ...fields };
}

// ── Serilog, RenderedCompactJsonFormatter (.NET) ─────────────────────────────────────────────
export type SerilogLevel = "Verbose" | "Debug" | "Information" | "Warning" | "Error" | "Fatal";

/** Renders a message template as Serilog does: strings quoted unless `:l`, numbers with their format. */
export function renderTemplate(template: string, props: Fields): string {
  return template.replace(/\{([A-Za-z0-9_]+)(?::([^}]+))?\}/g, (_m, name: string, format: string | undefined) => {
    const v = props[name];
    if (typeof v === "number") {
      const decimals = format?.match(/^0\.(0+)$/)?.[1]?.length;
      return decimals !== undefined ? v.toFixed(decimals) : String(v);
    }
    if (typeof v === "string") return format === "l" ? v : `"${v}"`;
    return String(v);
  });
}

export function clef(
  t: number,
  app: { application: string; machine: string },
  level: SerilogLevel,
  sourceContext: string,
  template: string,
  props: Fields,
  exception?: string,
): Fields {
  const out: Fields = { "@t": isoTicks(t), "@m": renderTemplate(template, props), "@i": fnv1a(template).toString(16).padStart(8, "0") };
  if (level !== "Information") out["@l"] = level;
  if (exception !== undefined) out["@x"] = exception;
  return { ...out, ...props, SourceContext: sourceContext, MachineName: app.machine, Application: app.application };
}

// ── nginx, log_format json escape=json ───────────────────────────────────────────────────────
export interface NginxRequest {
  remote: string;
  method: string;
  uri: string;
  status: number;
  bytes: number;
  requestTime: number; // seconds
  upstream?: string;
  upstreamTime?: number; // seconds
  userAgent: string;
  requestId: string;
  referer?: string;
}

export function nginx(t: number, service: string, r: NginxRequest): Fields {
  return {
    time: isoSeconds(t),
    service,
    remote_addr: r.remote,
    request_id: r.requestId,
    request: `${r.method} ${r.uri} HTTP/1.1`,
    status: String(r.status),
    body_bytes_sent: String(r.bytes),
    request_time: r.requestTime.toFixed(3),
    upstream_addr: r.upstream ?? "-",
    upstream_response_time: r.upstreamTime === undefined ? "-" : r.upstreamTime.toFixed(3),
    http_referer: r.referer ?? "-",
    http_user_agent: r.userAgent,
  };
}

export const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
  "ShopApp/5.12.0 (iOS 17.3; iPhone14,2)",
  "ShopApp/5.12.1 (Android 14; SM-S911B)",
];

// ── rsyslog, template with option.jsonf (syslog as JSON) ─────────────────────────────────────
export type SyslogSeverity = "debug" | "info" | "notice" | "warning" | "err" | "crit" | "alert" | "emerg";

export function rsyslog(
  t: number,
  host: string,
  facility: string,
  severity: SyslogSeverity,
  program: string,
  pid: number | undefined,
  message: string,
): Fields {
  return {
    "@timestamp": isoMicros(t),
    host,
    severity,
    facility,
    syslogtag: pid === undefined ? `${program}:` : `${program}[${pid}]:`,
    programname: program,
    procid: pid === undefined ? "-" : String(pid),
    message,
  };
}

// ── hclog JSON (Vault, Consul, Nomad) ────────────────────────────────────────────────────────
export function hclog(t: number, level: "trace" | "debug" | "info" | "warn" | "error", module: string, message: string, fields: Fields = {}): Fields {
  return { "@level": level, "@message": message, "@module": module, "@timestamp": isoMicrosZ(t), ...fields };
}

// ── logrus JSON merged by Fluent Bit's kubernetes filter (SPIRE, Argo CD) ────────────────────
export interface KubeMeta {
  pod: string;
  namespace: string;
  container: string;
  app: string;
  host: string;
}

/** The pod's metadata as Fluent Bit's kubernetes filter adds it to a shipped line. */
export function fluentKubernetes(k8s: KubeMeta): Fields {
  return {
    pod_name: k8s.pod,
    namespace_name: k8s.namespace,
    container_name: k8s.container,
    host: k8s.host,
    labels: { "app.kubernetes.io/name": k8s.app },
  };
}

export function logrusK8s(t: number, level: "debug" | "info" | "warning" | "error" | "fatal", msg: string, fields: Fields, k8s: KubeMeta): Fields {
  return {
    level,
    msg,
    ...fields,
    time: isoSecondsZ(t),
    stream: "stderr",
    kubernetes: fluentKubernetes(k8s),
  };
}

// ── Kubernetes events, as kubernetes-event-exporter writes them ──────────────────────────────
export function kubeEvent(
  t: number,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
  object: { kind: string; name: string; namespace: string },
  source: { component: string; host?: string },
  uid: string,
  count = 1,
): Fields {
  return {
    metadata: { name: `${object.name}.${uid.slice(0, 16)}`, namespace: object.namespace, uid },
    reason,
    message,
    type,
    count,
    source,
    involvedObject: { kind: object.kind, name: object.name, namespace: object.namespace },
    firstTimestamp: isoSecondsZ(t),
    lastTimestamp: isoSecondsZ(t),
  };
}
