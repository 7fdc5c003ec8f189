// How real producers spell a log entry. Each function returns one JSON object
// exactly as that producer (or its shipper) writes it.
import { epochS, isoOff, isoZ, pgTime, pyAsctime } from "./lib.js";

export type Lv = "debug" | "info" | "warn" | "error" | "fatal";
export type F = Record<string, unknown>;

// ------------------------------------------------------------------ Go

/** go.uber.org/zap production JSON encoder: level, ts (epoch s float), logger, caller, msg, fields */
export function zap(t: number, lv: Lv, msg: string, o: { caller: string; logger?: string; fields?: F; stacktrace?: string; isoTs?: boolean }): F {
  const e: F = { level: lv, ts: o.isoTs ? isoZ(t, 6) : epochS(t) };
  if (o.logger !== undefined) e.logger = o.logger;
  e.caller = o.caller;
  e.msg = msg;
  if (o.fields) Object.assign(e, o.fields);
  if (o.stacktrace !== undefined) e.stacktrace = o.stacktrace;
  return e;
}

const SLOG_LV: Record<Lv, string> = { debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", fatal: "ERROR+4" };

/** log/slog JSONHandler: time (RFC 3339 nano), level, msg, attrs */
export function slog(t: number, lv: Lv, msg: string, fields?: F): F {
  return { time: isoZ(t, 9), level: SLOG_LV[lv], msg, ...fields };
}

/** sirupsen/logrus JSONFormatter: keys sorted (Go map), time to the second with offset */
export function logrus(t: number, lv: Lv, msg: string, fields?: F): F {
  const all: F = { ...fields, level: lv === "warn" ? "warning" : lv, msg, time: isoOff(t, 0, 0).replace("+00:00", "Z") };
  const out: F = {};
  for (const k of Object.keys(all).sort()) out[k] = all[k];
  return out;
}

/** hashicorp/go-hclog JSON (Consul, Vault, Nomad) */
export function hclog(t: number, lv: Lv, module: string, msg: string, fields?: F): F {
  return { "@level": lv === "warn" ? "warn" : lv, "@message": msg, "@module": module, "@timestamp": isoOff(t, 6, 0).replace("+00:00", "Z"), ...fields };
}

// ------------------------------------------------------------------ JVM

const LOGBACK_VAL: Record<Lv, number> = { debug: 10000, info: 20000, warn: 30000, error: 40000, fatal: 40000 };
const JLV: Record<Lv, string> = { debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", fatal: "FATAL" };

/** logstash-logback-encoder LogstashEncoder */
export function logstash(t: number, lv: Lv, logger: string, thread: string, msg: string, extra?: F, stack?: string): F {
  const e: F = {
    "@timestamp": isoOff(t, 3, 0),
    "@version": "1",
    message: msg,
    logger_name: logger,
    thread_name: thread,
    level: lv === "fatal" ? "ERROR" : JLV[lv],
    level_value: LOGBACK_VAL[lv],
  };
  if (stack !== undefined) e.stack_trace = stack;
  if (extra) Object.assign(e, extra);
  return e;
}

/** co.elastic.logging ecs-logging-java (EcsEncoder) */
export function ecsJava(
  t: number,
  lv: Lv,
  svc: string,
  logger: string,
  thread: string,
  msg: string,
  extra?: F,
  err?: { type: string; message: string; stack: string },
): F {
  const e: F = {
    "@timestamp": isoZ(t, 3),
    "log.level": lv === "fatal" ? "ERROR" : JLV[lv],
    message: msg,
    "ecs.version": "1.2.0",
    "service.name": svc,
    "event.dataset": `${svc}.log`,
    "process.thread.name": thread,
    "log.logger": logger,
  };
  if (extra) Object.assign(e, extra);
  if (err) {
    e["error.type"] = err.type;
    e["error.message"] = err.message;
    e["error.stack_trace"] = err.stack;
  }
  return e;
}

/** log4j2 JsonLayout (compact, eventEol, with KeyValuePair additional fields) */
export function log4j2(
  t: number,
  lv: Lv,
  logger: string,
  thread: string,
  threadId: number,
  msg: string,
  additional: F,
  thrown?: { name: string; message: string; frames: string[] },
): F {
  const e: F = { timeMillis: Math.floor(t), thread, level: JLV[lv], loggerName: logger, message: msg };
  if (thrown) {
    e.thrown = {
      commonElementCount: 0,
      localizedMessage: thrown.message,
      message: thrown.message,
      name: thrown.name,
      extendedStackTrace: thrown.frames.map((f) => {
        const m = /^(.*)\.([^.]+)\((.*):(\d+)\)$/.exec(f);
        return m
          ? { class: m[1], method: m[2], file: m[3], line: Number(m[4]), exact: false, location: "app.jar", version: "?" }
          : { class: f, method: "?", file: "?", line: -1, exact: false, location: "?", version: "?" };
      }),
    };
  }
  e.endOfBatch = false;
  e.loggerFqcn = "org.apache.logging.slf4j.Log4jLogger";
  e.threadId = threadId;
  e.threadPriority = 5;
  Object.assign(e, additional);
  return e;
}

// ------------------------------------------------------------------ .NET

const DOTNET_LV: Record<Lv, string> = { debug: "Debug", info: "Information", warn: "Warning", error: "Error", fatal: "Critical" };

/** Elastic.CommonSchema.Serilog (EcsTextFormatter) */
export function ecsDotnet(
  t: number,
  lv: Lv,
  svc: string,
  host: string,
  logger: string,
  msg: string,
  extra?: F,
  err?: { type: string; message: string; stack: string },
): F {
  const e: F = {
    "@timestamp": isoOff(t, 7, 0),
    "log.level": DOTNET_LV[lv],
    message: msg,
    "ecs.version": "8.6.0",
    log: { logger },
    service: { name: svc, type: "dotnet", version: "5.12.0" },
    host: { hostname: host },
    process: { pid: 1, name: "dotnet", thread: { id: 1 + (Math.floor(t) % 40) } },
  };
  if (extra) Object.assign(e, extra);
  if (err) e.error = { type: err.type, message: err.message, stack_trace: err.stack };
  return e;
}

// ------------------------------------------------------------------ Python

const PY_LV: Record<Lv, string> = { debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR", fatal: "CRITICAL" };

/** python-json-logger JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=True) */
export function pyJson(t: number, lv: Lv, logger: string, msg: string, extra?: F, excInfo?: string): F {
  const e: F = { asctime: pyAsctime(t), levelname: PY_LV[lv], name: logger, message: msg };
  if (extra) Object.assign(e, extra);
  if (excInfo !== undefined) e.exc_info = excInfo;
  e.timestamp = isoOff(t, 6, 0);
  return e;
}

/** structlog JSONRenderer with add_log_level, add_logger_name, TimeStamper(fmt="iso", utc=True) */
export function structlog(t: number, lv: Lv, event: string, fields?: F, logger?: string, exception?: string): F {
  const e: F = { event, ...fields };
  if (exception !== undefined) e.exception = exception;
  e.level = lv === "warn" ? "warning" : lv === "fatal" ? "critical" : lv;
  if (logger !== undefined) e.logger = logger;
  e.timestamp = isoZ(t, 6);
  return e;
}

// ------------------------------------------------------------------ Node

const PINO_LV: Record<Lv, number> = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export interface PinoBase {
  pid: number;
  hostname: string;
  name?: string;
}

/** pino: level (number), time (epoch ms), pid, hostname, [name], bindings, msg last */
export function pino(t: number, lv: Lv, base: PinoBase, msg: string, fields?: F): F {
  const e: F = { level: PINO_LV[lv], time: Math.floor(t), pid: base.pid, hostname: base.hostname };
  if (base.name !== undefined) e.name = base.name;
  if (fields) Object.assign(e, fields);
  e.msg = msg;
  return e;
}

// ------------------------------------------------------------------ Ruby

/** lograge + logstash formatter */
export function lograge(
  t: number,
  f: {
    method: string;
    path: string;
    controller: string;
    action: string;
    status: number;
    duration: number;
    view: number;
    db: number;
    request_id: string;
    remote_ip: string;
    extra?: F;
  },
): F {
  return {
    method: f.method,
    path: f.path,
    format: "json",
    controller: f.controller,
    action: f.action,
    status: f.status,
    allocations: Math.floor(f.duration * 37 + 900),
    duration: f.duration,
    view: f.view,
    db: f.db,
    request_id: f.request_id,
    remote_ip: f.remote_ip,
    ...f.extra,
    "@timestamp": isoZ(t, 3),
    "@version": "1",
    message: `[${f.status}] ${f.method} ${f.path} (${f.controller}#${f.action})`,
  };
}

/** logstash-logger (Rails.logger) for non-request lines */
export function rubyLogstash(t: number, severity: "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL", msg: string, host: string): F {
  return { message: msg, "@timestamp": isoZ(t, 3), "@version": "1", severity, host };
}

// ------------------------------------------------------------------ servers / infra

/** Caddy's access log (a zap logger) */
export function caddyAccess(
  t: number,
  f: {
    remoteIp: string;
    method: string;
    host: string;
    uri: string;
    ua: string;
    durationS: number;
    size: number;
    status: number;
  },
): F {
  return {
    level: f.status >= 500 ? "error" : "info",
    ts: epochS(t),
    logger: "http.log.access.log0",
    msg: "handled request",
    request: {
      remote_ip: f.remoteIp,
      remote_port: String(30000 + (Math.floor(t) % 30000)),
      client_ip: f.remoteIp,
      proto: "HTTP/2.0",
      method: f.method,
      host: f.host,
      uri: f.uri,
      headers: { "User-Agent": [f.ua], Accept: ["application/json"] },
      tls: { resumed: false, version: 772, cipher_suite: 4865, proto: "h2", server_name: f.host },
    },
    bytes_read: f.method === "GET" ? 0 : 180 + (Math.floor(t) % 700),
    user_id: "",
    duration: f.durationS,
    size: f.size,
    status: f.status,
    resp_headers: { Server: ["Caddy"], "Content-Type": ["application/json"] },
  };
}

/** rsyslog JSON template (omfwd / omelasticsearch style) */
export function rsyslog(t: number, host: string, severity: string, facility: string, program: string, procid: string, msg: string): F {
  return { "@timestamp": isoOff(t, 6, 0), host, severity, facility, programname: program, procid, message: msg };
}

/** Fluent Bit tail + CRI parser + kubernetes filter: a container's stdout/stderr line */
export function containerLog(
  t: number,
  line: string,
  k: { pod: string; ns: string; container: string; host: string; image: string },
  stream: "stdout" | "stderr" = "stdout",
): F {
  return {
    time: isoZ(t, 9),
    stream,
    _p: "F",
    log: line,
    kubernetes: { pod_name: k.pod, namespace_name: k.ns, container_name: k.container, host: k.host, container_image: k.image },
  };
}

/** a Kubernetes Event as kubernetes-event-exporter ships it (with the sink's @timestamp) */
export function k8sEvent(
  t: number,
  ev: {
    type: "Normal" | "Warning";
    reason: string;
    message: string;
    kind: string;
    name: string;
    ns: string;
    component: string;
    host?: string;
    count?: number;
    firstT?: number;
    uidSeed: string;
    fieldPath?: string;
  },
): F {
  const sec = isoZ(t, 0);
  const first = ev.firstT !== undefined ? isoZ(ev.firstT, 0) : sec;
  const src: F = { component: ev.component };
  if (ev.host !== undefined) src.host = ev.host;
  const obj: F = {
    kind: ev.kind,
    namespace: ev.ns,
    name: ev.name,
    uid: ev.uidSeed,
    apiVersion: ev.kind === "Pod" ? "v1" : ev.kind === "HorizontalPodAutoscaler" ? "autoscaling/v2" : "apps/v1",
  };
  if (ev.fieldPath !== undefined) obj.fieldPath = ev.fieldPath;
  return {
    "@timestamp": isoZ(t, 3),
    metadata: {
      name: `${ev.name}.${Math.floor(t * 1000)
        .toString(16)
        .slice(-16)}`,
      namespace: ev.ns,
      resourceVersion: String(Math.floor(t / 7) % 100000000),
      creationTimestamp: first,
    },
    reason: ev.reason,
    message: ev.message,
    source: src,
    firstTimestamp: first,
    lastTimestamp: sec,
    count: ev.count ?? 1,
    type: ev.type,
    eventTime: null,
    reportingComponent: ev.component,
    reportingInstance: ev.host ?? "",
    involvedObject: obj,
  };
}

/** PostgreSQL 15+ jsonlog */
export function pgJson(
  t: number,
  sev: "LOG" | "WARNING" | "ERROR" | "FATAL" | "PANIC",
  msg: string,
  o: {
    pid: number;
    backend: "client backend" | "checkpointer" | "autovacuum worker" | "postmaster" | "walwriter";
    user?: string;
    db?: string;
    remote?: string;
    app?: string;
    sessionStart?: number;
    lineNum?: number;
    state?: string;
    detail?: string;
    hint?: string;
    statement?: string;
    ps?: string;
    txid?: number;
  },
): F {
  const e: F = { timestamp: pgTime(t) };
  if (o.user !== undefined) e.user = o.user;
  if (o.db !== undefined) e.dbname = o.db;
  e.pid = o.pid;
  if (o.remote !== undefined) {
    e.remote_host = o.remote;
    e.remote_port = 30000 + (o.pid % 30000);
  }
  const ss = o.sessionStart ?? t - 3600000;
  e.session_id = `${Math.floor(ss / 1000).toString(16)}.${o.pid.toString(16)}`;
  e.line_num = o.lineNum ?? 1;
  if (o.ps !== undefined) e.ps = o.ps;
  e.session_start = pgTime(ss).replace(/\.\d{3} /, " ");
  if (o.backend === "client backend") e.vxid = `${(o.pid % 90) + 3}/${Math.floor(t / 13) % 1000000}`;
  e.txid = o.txid ?? 0;
  e.error_severity = sev;
  if (o.state !== undefined) e.state_code = o.state;
  e.message = msg;
  if (o.detail !== undefined) e.detail = o.detail;
  if (o.hint !== undefined) e.hint = o.hint;
  if (o.statement !== undefined) e.statement = o.statement;
  if (o.app !== undefined) e.application_name = o.app;
  e.backend_type = o.backend;
  e.query_id = 0;
  return e;
}

/** MySQL 8 log_sink_json error log */
export function mysqlJson(
  t: number,
  label: "Note" | "Warning" | "Error" | "System",
  o: { errCode: number; symbol: string; subsystem: string; msg: string; thread: number; file: string; fn: string; line: number; state?: string },
): F {
  const prio = label === "Error" ? 1 : label === "Warning" ? 2 : label === "System" ? 0 : 3;
  return {
    prio,
    err_code: o.errCode,
    source_line: o.line,
    source_file: o.file,
    function: o.fn,
    msg: o.msg,
    time: isoZ(t, 6),
    ts: Math.floor(t),
    thread: o.thread,
    err_symbol: o.symbol,
    SQL_state: o.state ?? "HY000",
    subsystem: o.subsystem,
    label,
  };
}

/** MongoDB 4.4+ structured log */
export function mongo(t: number, s: "I" | "W" | "E" | "F", c: string, id: number, ctx: string, msg: string, attr?: F): F {
  const e: F = { t: { $date: isoOff(t, 3, 0) }, s, c, id, ctx, msg };
  if (attr) e.attr = attr;
  return e;
}

/** OpenTelemetry log record (data-model field names) */
export function otel(t: number, sev: "INFO" | "WARN" | "ERROR", body: string, attributes: F, resource: F, trace?: { trace_id: string; span_id: string }): F {
  const num = sev === "INFO" ? 9 : sev === "WARN" ? 13 : 17;
  const e: F = {
    timestamp: isoZ(t, 9),
    observed_timestamp: isoZ(t + 0.4 + (t % 3), 9),
    severity_text: sev,
    severity_number: num,
    body,
    attributes,
    resource,
  };
  if (trace) {
    e.trace_id = trace.trace_id;
    e.span_id = trace.span_id;
    e.flags = 1;
  }
  return e;
}

/** Filebeat shipping one line of a plain-text file (ECS envelope) */
export function filebeat(t: number, line: string, o: { path: string; host: string; offset: number; fields?: F; parsed?: F }): F {
  const e: F = {
    "@timestamp": isoZ(t, 3),
    message: line,
    log: { file: { path: o.path }, offset: o.offset },
    host: { name: o.host },
    agent: { type: "filebeat", version: "8.11.3", name: o.host },
    ecs: { version: "8.0.0" },
    input: { type: "filestream" },
  };
  if (o.fields) e.fields = o.fields;
  if (o.parsed) Object.assign(e, o.parsed);
  return e;
}
