/**
 * The producers the channel and inlet scenarios write, each as its library or server writes a line: pino
 * and pino-http, Winston, nginx's and ingress-nginx's JSON access logs, Envoy's (Istio's) JSON
 * access log as Fluent Bit ships it, Traefik's JSON access log, zap, Go's log/slog JSON handler,
 * Logback's LogstashEncoder and logback-access' LogstashAccessEncoder, structlog, Elasticsearch
 * 8's ECS server and slow logs, Kubernetes events as kubernetes-event-exporter dumps them,
 * rsyslog's JSON template, and raw container output as Fluent Bit's tail input ships it.
 */

type Fields = Record<string, unknown>;

// ── times as producers spell them ────────────────────────────────────────────────────────────

/** ISO 8601 in ms, UTC: `2026-04-06T14:03:07.123Z`. */
export function isoMs(t: number): string {
  return new Date(t).toISOString();
}

/** nginx's `$time_iso8601`: whole seconds with the offset, `2026-04-06T14:03:07+00:00`. */
export function isoSec(t: number): string {
  return `${new Date(t).toISOString().slice(0, 19)}+00:00`;
}

/** Sub-millisecond digits a producer prints past the ms, stable for a time. */
function subMs(t: number, digits: number): string {
  const n = (Math.imul(t % 1_000_003, 2654435761) >>> 0) % 10 ** digits;
  return String(n).padStart(digits, "0");
}

/** ISO 8601 in µs with `Z` (structlog's TimeStamper(fmt="iso", utc=True)). */
export function isoMicrosZ(t: number): string {
  return `${new Date(t).toISOString().slice(0, 23)}${subMs(t, 3)}Z`;
}

/** ISO 8601 in µs with `+00:00` (rsyslog's date-rfc3339). */
export function isoMicrosOffset(t: number): string {
  return `${new Date(t).toISOString().slice(0, 23)}${subMs(t, 3)}+00:00`;
}

/** RFC 3339 in ns as Go's time.RFC3339Nano writes it (trailing zeros dropped). */
export function isoNanos(t: number): string {
  const frac = `${new Date(t).toISOString().slice(20, 23)}${subMs(t, 6)}`.replace(/0+$/, "");
  return `${new Date(t).toISOString().slice(0, 19)}${frac === "" ? "" : `.${frac}`}Z`;
}

/** zap's `ts`: epoch seconds as a float. */
export function epochSec(t: number): number {
  return Number(`${Math.floor(t / 1000)}.${String(t % 1000).padStart(3, "0")}${subMs(t, 4)}`);
}

/** Common Log Format's time: `06/Apr/2026:14:03:07 +0000`. */
export function clfStamp(t: number): string {
  const d = new Date(t);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${String(d.getUTCDate()).padStart(2, "0")}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
}

// ── pino and pino-http (Node) ────────────────────────────────────────────────────────────────
export type PinoLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";
const PINO_LEVELS: Record<PinoLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export interface PinoSource {
  hostname: string;
  pid: number;
  name?: string;
}

/** pino's line: level number, time in epoch ms, pid, hostname, name, the call's fields, msg. */
export function pino(t: number, src: PinoSource, level: PinoLevel, msg: string, fields: Fields = {}): Fields {
  const out: Fields = { level: PINO_LEVELS[level], time: t, pid: src.pid, hostname: src.hostname };
  if (src.name !== undefined) out.name = src.name;
  return { ...out, ...fields, msg };
}

/** A Node error's stack: `Type: message` and `    at` frames. */
export function nodeStack(type: string, message: string, frames: readonly string[]): string {
  return [`${type}: ${message}`, ...frames.map((f) => `    at ${f}`)].join("\n");
}

/** An Error as pino's `err` serialiser writes it: type, message, stack, its own properties. */
export function pinoErr(type: string, message: string, frames: readonly string[], props: Fields = {}): Fields {
  return { type, message, stack: nodeStack(type, message, frames), ...props };
}

export interface HttpRequest {
  id: string | number;
  method: string;
  url: string;
  remoteAddress: string;
  userAgent?: string;
  host?: string;
}

const PINO_HTTP_FRAMES = [
  "ServerResponse.onResFinished (/app/node_modules/pino-http/logger.js:113:40)",
  "ServerResponse.emit (node:events:530:35)",
  "emitCloseNT (node:_http_server:1011:10)",
  "process.processTicksAndRejections (node:internal/process/task_queues:81:21)",
];

/**
 * pino-http's line when a response ends: `request completed` (info, below 500), `request errored`
 * (error, 500 and up, with the error pino-http makes of the status), or `request aborted` (error,
 * when the socket closed before the response was written: no status sent).
 */
export function pinoHttp(t: number, src: PinoSource, req: HttpRequest, status: number, responseTimeMs: number, outcome: "done" | "aborted" = "done"): Fields {
  const query = req.url.split("?")[1] ?? "";
  const headers: Fields = { host: req.host ?? "api.internal", "user-agent": req.userAgent ?? "Mozilla/5.0", accept: "application/json" };
  const r = {
    id: req.id,
    method: req.method,
    url: req.url,
    query: Object.fromEntries(new URLSearchParams(query)),
    params: {},
    headers,
    remoteAddress: req.remoteAddress,
    remotePort: 30000 + (Number.parseInt(String(req.id).replace(/\D/g, "").slice(-4) || "0", 10) % 30000),
  };
  const responseTime = Math.round(responseTimeMs);
  if (outcome === "aborted") {
    return pino(t, src, "error", "request aborted", {
      req: r,
      res: { statusCode: null, headers: {} },
      err: pinoErr("Error", "Aborted", PINO_HTTP_FRAMES),
      responseTime,
    });
  }
  const res = { statusCode: status, headers: { "content-type": "application/json; charset=utf-8", "x-request-id": String(req.id) } };
  if (status >= 500) {
    return pino(t, src, "error", "request errored", {
      req: r,
      res,
      err: pinoErr("Error", `failed with status code ${status}`, PINO_HTTP_FRAMES.slice(0, 2)),
      responseTime,
    });
  }
  return pino(t, src, "info", "request completed", { req: r, res, responseTime });
}

// ── Winston 3 (Node), format.combine(timestamp(), json()) ────────────────────────────────────
export type WinstonLevel = "error" | "warn" | "info" | "http" | "verbose" | "debug";

export function winston(t: number, service: string, level: WinstonLevel, message: string, meta: Fields = {}): Fields {
  return { level, message, service, ...meta, timestamp: isoMs(t) };
}

// ── nginx / ingress-nginx JSON access log (log_format escape=json) ──────────────────────────
export interface NginxRequest {
  remoteAddr: string;
  requestId: string;
  method: string;
  uri: string;
  status: number;
  requestTimeMs: number;
  bytesSent: number;
  userAgent: string;
  host: string;
  /** `ip:port`, or "" when nginx answered without an upstream */
  upstreamAddr: string;
  /** the upstream's status, "-" when it gave none (the client left first) */
  upstreamStatus: string;
  upstreamTimeMs?: number;
  proxyUpstreamName: string;
  referer?: string;
  requestLength?: number;
}

/** ingress-nginx's JSON access log line, written when the request ends. */
export function nginxJson(t: number, r: NginxRequest): Fields {
  const [path, query = ""] = r.uri.split("?") as [string, string?];
  const secs = (ms: number): number => Number((Math.max(0, ms) / 1000).toFixed(3));
  return {
    time: isoSec(t),
    remote_addr: r.remoteAddr,
    x_forwarded_for: r.remoteAddr,
    request_id: r.requestId,
    remote_user: "",
    bytes_sent: r.bytesSent,
    request_time: secs(r.requestTimeMs),
    status: r.status,
    vhost: r.host,
    request_proto: "HTTP/2.0",
    path,
    request_query: query,
    request_length: r.requestLength ?? 80 + (r.uri.length % 40) * 3,
    duration: secs(r.requestTimeMs),
    method: r.method,
    http_referrer: r.referer ?? "",
    http_user_agent: r.userAgent,
    upstream_addr: r.upstreamAddr,
    upstream_status: r.upstreamStatus,
    upstream_response_time: r.upstreamAddr === "" ? "" : String(secs(r.upstreamTimeMs ?? r.requestTimeMs - 1)),
    proxy_upstream_name: r.proxyUpstreamName,
  };
}

// ── Envoy's access log in Istio's JSON format, as Fluent Bit ships it ───────────────────────
export interface EnvoyRequest {
  method: string;
  path: string;
  authority: string;
  protocol?: string;
  responseCode: number;
  responseFlags: string;
  responseCodeDetails: string;
  connectionTerminationDetails?: string;
  upstreamTransportFailureReason?: string;
  durationMs: number;
  upstreamServiceTimeMs?: number;
  bytesReceived?: number;
  bytesSent: number;
  requestId: string;
  userAgent: string;
  xForwardedFor: string;
  downstreamRemote: string;
  downstreamLocal: string;
  upstreamHost?: string;
  upstreamCluster: string;
  upstreamLocal?: string;
  routeName?: string;
  requestedServerName?: string;
}

/**
 * One request's Envoy access log entry, `start_time` when it began; `@timestamp` is when the
 * line was written (the request's end) as the Fluent Bit pipeline stamps it.
 */
export function envoyJson(start: number, r: EnvoyRequest, k8s?: KubeMeta): Fields {
  const durationMs = Math.max(0, Math.round(r.durationMs));
  const out: Fields = {
    "@timestamp": isoMs(start + durationMs),
    authority: r.authority,
    bytes_received: r.bytesReceived ?? 0,
    bytes_sent: r.bytesSent,
    connection_termination_details: r.connectionTerminationDetails ?? null,
    downstream_local_address: r.downstreamLocal,
    downstream_remote_address: r.downstreamRemote,
    duration: durationMs,
    method: r.method,
    path: r.path,
    protocol: r.protocol ?? "HTTP/2",
    request_id: r.requestId,
    requested_server_name: r.requestedServerName ?? null,
    response_code: r.responseCode,
    response_code_details: r.responseCodeDetails,
    response_flags: r.responseFlags,
    route_name: r.routeName ?? "default",
    start_time: isoMs(start),
    upstream_cluster: r.upstreamCluster,
    upstream_host: r.upstreamHost ?? null,
    upstream_local_address: r.upstreamLocal ?? null,
    upstream_service_time: r.upstreamServiceTimeMs === undefined ? null : String(Math.round(r.upstreamServiceTimeMs)),
    upstream_transport_failure_reason: r.upstreamTransportFailureReason ?? null,
    user_agent: r.userAgent,
    x_forwarded_for: r.xForwardedFor,
  };
  if (k8s !== undefined) out.kubernetes = kubeFields(k8s);
  return out;
}

// ── Traefik v2 JSON access log ───────────────────────────────────────────────────────────────
export interface TraefikRequest {
  clientHost: string;
  clientPort: number;
  method: string;
  path: string;
  host: string;
  downstreamStatus: number;
  originStatus: number;
  durationMs: number;
  originDurationMs: number;
  downstreamSize: number;
  routerName: string;
  serviceName: string;
  serviceAddr: string;
  requestCount: number;
}

/** Traefik's access log entry, written when the request ends; durations in ns. */
export function traefikJson(start: number, r: TraefikRequest): Fields {
  const ns = (ms: number): number => Math.round(ms * 1e6) + (r.requestCount % 997);
  return {
    ClientAddr: `${r.clientHost}:${r.clientPort}`,
    ClientHost: r.clientHost,
    ClientPort: String(r.clientPort),
    ClientUsername: "-",
    DownstreamContentSize: r.downstreamSize,
    DownstreamStatus: r.downstreamStatus,
    Duration: ns(r.durationMs),
    OriginContentSize: r.originStatus === 0 ? 0 : r.downstreamSize,
    OriginDuration: ns(r.originDurationMs),
    OriginStatus: r.originStatus,
    Overhead: ns(Math.max(0.05, r.durationMs - r.originDurationMs)),
    RequestAddr: r.host,
    RequestContentSize: r.method === "GET" ? 0 : 180 + (r.requestCount % 300),
    RequestCount: r.requestCount,
    RequestHost: r.host,
    RequestMethod: r.method,
    RequestPath: r.path,
    RequestPort: "-",
    RequestProtocol: "HTTP/2.0",
    RequestScheme: "https",
    RetryAttempts: 0,
    RouterName: r.routerName,
    ServiceAddr: r.serviceAddr,
    ServiceName: r.serviceName,
    ServiceURL: `http://${r.serviceAddr}`,
    StartLocal: isoNanos(start),
    StartUTC: isoNanos(start),
    entryPointName: "websecure",
    level: "info",
    msg: "",
    time: isoSec(start + Math.round(r.durationMs)).replace("+00:00", "Z"),
  };
}

// ── zap (Go), production JSON encoder ────────────────────────────────────────────────────────
export type ZapLevel = "debug" | "info" | "warn" | "error" | "dpanic" | "panic" | "fatal";

/** zap's line: level, ts (epoch s), logger, caller, msg, the fields, stacktrace last (error and up). */
export function zap(t: number, level: ZapLevel, logger: string | undefined, caller: string, msg: string, fields: Fields = {}, stacktrace?: string): Fields {
  const out: Fields = { level, ts: epochSec(t) };
  if (logger !== undefined) out.logger = logger;
  Object.assign(out, { caller, msg }, fields);
  if (stacktrace !== undefined) out.stacktrace = stacktrace;
  return out;
}

// ── Go's log/slog JSON handler ───────────────────────────────────────────────────────────────
export type SlogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

export function slog(t: number, level: SlogLevel, msg: string, attrs: Fields = {}): Fields {
  return { time: isoNanos(t), level, msg, ...attrs };
}

// ── Logback with logstash-logback-encoder (Java) ─────────────────────────────────────────────
export type LogbackLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";
const LOGBACK_VALUES: Record<LogbackLevel, number> = { TRACE: 5000, DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };

/** LogstashEncoder's line: @timestamp, @version, message, logger, thread, level, MDC and arguments, stack_trace. */
export function logstash(t: number, level: LogbackLevel, logger: string, thread: string, message: string, fields: Fields = {}, stackTrace?: string): Fields {
  const out: Fields = {
    "@timestamp": isoMs(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: LOGBACK_VALUES[level],
    ...fields,
  };
  if (stackTrace !== undefined) out.stack_trace = stackTrace;
  return out;
}

/** A Java stack trace as the encoder's throwable converter writes it. */
export function javaTrace(exception: string, message: string, frames: readonly string[], causedBy?: string, omitted = 28): string {
  const lines = [`${exception}: ${message}`, ...frames.map((f) => `\tat ${f}`)];
  if (causedBy !== undefined) lines.push(`Caused by: ${causedBy}`, `\t... ${omitted} common frames omitted`);
  return lines.join("\n");
}

/** logback-access' LogstashAccessEncoder line for one request, written when it ends. */
export function logstashAccess(
  t: number,
  r: { remoteHost: string; method: string; uri: string; query?: string; status: number; contentLength: number; elapsedMs: number },
): Fields {
  const url = `${r.method} ${r.uri}${r.query ? `?${r.query}` : ""} HTTP/1.1`;
  return {
    "@timestamp": isoMs(t),
    "@version": "1",
    message: `${r.remoteHost} - - [${clfStamp(t)}] "${url}" ${r.status} ${r.contentLength}`,
    method: r.method,
    protocol: "HTTP/1.1",
    status_code: r.status,
    requested_url: url,
    requested_uri: r.uri,
    remote_host: r.remoteHost,
    remote_user: "-",
    content_length: r.contentLength,
    elapsed_time: Math.round(r.elapsedMs),
  };
}

// ── structlog (Python), JSONRenderer after add_log_level and TimeStamper(fmt="iso") ───────────
export type StructlogLevel = "debug" | "info" | "warning" | "error" | "critical";

export function structlog(t: number, level: StructlogLevel, logger: string, event: string, fields: Fields = {}, exception?: string): Fields {
  const out: Fields = { ...fields, event, logger, level, timestamp: isoMicrosZ(t) };
  if (exception !== undefined) out.exception = exception;
  return out;
}

/** A Python traceback: frames are [file, line, function, source]. */
export function pyTraceback(frames: readonly (readonly [string, number, string, string])[], last: string): string {
  const body = frames.map(([file, line, fn, src]) => `  File "${file}", line ${line}, in ${fn}\n    ${src}`);
  return ["Traceback (most recent call last):", ...body, last].join("\n");
}

// ── Elasticsearch 8 (ECS JSON server and slow logs) ──────────────────────────────────────────
export interface EsNode {
  cluster: string;
  clusterUuid: string;
  node: string;
  nodeId: string;
}

export function esServer(t: number, es: EsNode, level: "INFO" | "WARN" | "ERROR", logger: string, thread: string, message: string): Fields {
  return {
    "@timestamp": isoMs(t),
    "log.level": level,
    message,
    "ecs.version": "1.2.0",
    "service.name": "ES_ECS",
    "event.dataset": "elasticsearch.server",
    "process.thread.name": thread,
    "log.logger": logger,
    "elasticsearch.cluster.uuid": es.clusterUuid,
    "elasticsearch.node.id": es.nodeId,
    "elasticsearch.node.name": es.node,
    "elasticsearch.cluster.name": es.cluster,
  };
}

/** A query-phase search slow log entry for one shard. */
export function esSearchSlowlog(
  t: number,
  es: EsNode,
  level: "INFO" | "WARN",
  index: string,
  shard: number,
  tookMs: number,
  hits: number,
  source: string,
): Fields {
  const took = tookMs >= 1000 ? `${(tookMs / 1000).toFixed(1)}s` : `${Math.round(tookMs)}ms`;
  return {
    "@timestamp": isoMs(t),
    "log.level": level,
    "elasticsearch.slowlog.id": null,
    "elasticsearch.slowlog.message": `[${index}][${shard}]`,
    "elasticsearch.slowlog.search_type": "QUERY_THEN_FETCH",
    "elasticsearch.slowlog.source": source,
    "elasticsearch.slowlog.stats": "[]",
    "elasticsearch.slowlog.took": took,
    "elasticsearch.slowlog.took_millis": String(Math.round(tookMs)),
    "elasticsearch.slowlog.total_hits": `${hits}+ hits`,
    "elasticsearch.slowlog.total_shards": "3",
    "ecs.version": "1.2.0",
    "service.name": "ES_ECS",
    "event.dataset": "elasticsearch.index_search_slowlog",
    "process.thread.name": `elasticsearch[${es.node}][search][T#${1 + (Math.round(tookMs) % 13)}]`,
    "log.logger": "index.search.slowlog.query",
    "elasticsearch.cluster.uuid": es.clusterUuid,
    "elasticsearch.node.id": es.nodeId,
    "elasticsearch.node.name": es.node,
    "elasticsearch.cluster.name": es.cluster,
  };
}

// ── Kubernetes: pod metadata, events, raw container output ───────────────────────────────────
export interface KubeMeta {
  pod: string;
  namespace: string;
  container: string;
  app: string;
  host: string;
}

/** The pod metadata Fluent Bit's kubernetes filter adds to a shipped line. */
export function kubeFields(k: KubeMeta): Fields {
  return { pod_name: k.pod, namespace_name: k.namespace, container_name: k.container, host: k.host, labels: { app: k.app } };
}

/** A raw container line as Fluent Bit's tail input (CRI parser) and kubernetes filter ship it. */
export function fluentRaw(t: number, log: string, k8s: KubeMeta, stream: "stdout" | "stderr" = "stderr"): Fields {
  return { time: isoNanos(t), stream, _p: "F", log, kubernetes: kubeFields(k8s) };
}

export interface KubeObject {
  kind: string;
  name: string;
  namespace: string;
  fieldPath?: string;
}

/** One event as kubernetes-event-exporter dumps it, `@timestamp` stamped by the pipeline. */
export function kubeEvent(
  t: number,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
  object: KubeObject,
  source: { component: string; host?: string },
  uid: string,
  count = 1,
  firstSeen?: number,
): Fields {
  const first = isoSec(firstSeen ?? t).replace("+00:00", "Z");
  const last = isoSec(t).replace("+00:00", "Z");
  const involved: Fields = { kind: object.kind, namespace: object.namespace, name: object.name, apiVersion: "v1" };
  if (object.fieldPath !== undefined) involved.fieldPath = object.fieldPath;
  return {
    "@timestamp": isoMs(t),
    metadata: { name: `${object.name}.${uid.replaceAll("-", "").slice(0, 16)}`, namespace: object.namespace || "default", uid, creationTimestamp: first },
    reason,
    message,
    source,
    firstTimestamp: first,
    lastTimestamp: last,
    count,
    type,
    involvedObject: involved,
    reportingComponent: source.component,
    reportingInstance: source.host ?? "",
  };
}

// ── rsyslog's JSON template ──────────────────────────────────────────────────────────────────
export type SyslogSeverity = "emerg" | "alert" | "crit" | "err" | "warning" | "notice" | "info" | "debug";

export function rsyslog(
  t: number,
  host: string,
  facility: string,
  severity: SyslogSeverity,
  program: string,
  pid: number | undefined,
  message: string,
): Fields {
  const out: Fields = { "@timestamp": isoMicrosOffset(t), host, severity, facility, programname: program };
  if (pid !== undefined) out.procid = String(pid);
  out.message = message;
  return out;
}
