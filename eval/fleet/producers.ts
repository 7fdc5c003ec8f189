// How each producer writes a line: the field names, level spellings and time formats real
// loggers and shippers use. Each takes the line's time in epoch ms.

import { epochSeconds, isoMicro, isoMs, isoMsOffset } from "./timeline.js";

export type Lvl = "debug" | "info" | "warn" | "error" | "fatal";
type Fields = Record<string, unknown>;

const PINO_LEVEL: Record<Lvl, number> = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** pino (Node): numeric level, epoch ms `time`, `pid`, `hostname`, the logger's `name`, then bindings and `msg`. */
export function pino(t: number, o: { name: string; hostname: string; pid?: number; lvl: Lvl; msg: string; f?: Fields }): Fields {
  return { level: PINO_LEVEL[o.lvl], time: Math.floor(t), pid: o.pid ?? 1, hostname: o.hostname, name: o.name, ...o.f, msg: o.msg };
}

const LOGBACK_LEVEL: Record<Lvl, [string, number]> = {
  debug: ["DEBUG", 10000],
  info: ["INFO", 20000],
  warn: ["WARN", 30000],
  error: ["ERROR", 40000],
  fatal: ["ERROR", 40000],
};

/** logstash-logback-encoder: `@timestamp`, `@version`, `message`, `logger_name`, `thread_name`, `level`, `level_value`, MDC, `stack_trace`. */
export function logback(
  t: number,
  o: { logger: string; thread: string; lvl: Lvl; msg: string; mdc?: Fields; f?: Fields; stack?: string; after?: Fields },
): Fields {
  const [level, value] = LOGBACK_LEVEL[o.lvl];
  const e: Fields = {
    "@timestamp": isoMsOffset(t),
    "@version": "1",
    message: o.msg,
    logger_name: o.logger,
    thread_name: o.thread,
    level,
    level_value: value,
    ...o.mdc,
    ...o.f,
  };
  if (o.stack !== undefined) e.stack_trace = o.stack;
  return { ...e, ...o.after };
}

const PY_LEVEL: Record<Lvl, string> = { debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR", fatal: "CRITICAL" };

/** python-json-logger with `timestamp=True`: `timestamp`, `levelname`, `name` (the logger), `message`, extras, `exc_info`. */
export function pyjson(t: number, o: { logger: string; lvl: Lvl; msg: string; f?: Fields; exc?: string }): Fields {
  const e: Fields = { timestamp: isoMicro(t), levelname: PY_LEVEL[o.lvl], name: o.logger, message: o.msg, ...o.f };
  if (o.exc !== undefined) e.exc_info = o.exc;
  return e;
}

const ZAP_LEVEL: Record<Lvl, string> = { debug: "debug", info: "info", warn: "warn", error: "error", fatal: "fatal" };

/** zap's production encoder: `level`, `ts` in epoch seconds, `caller`, `msg`, fields (durations in seconds), `stacktrace`. */
export function zap(t: number, o: { lvl: Lvl; caller: string; msg: string; f?: Fields; stacktrace?: string }): Fields {
  const e: Fields = { level: ZAP_LEVEL[o.lvl], ts: epochSeconds(t), caller: o.caller, msg: o.msg, ...o.f };
  if (o.stacktrace !== undefined) e.stacktrace = o.stacktrace;
  return e;
}

const SLOG_LEVEL: Record<Lvl, string> = { debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", fatal: "ERROR" };

/** Go's log/slog JSONHandler: `time`, `level`, `msg`, then attributes (a time.Duration as integer nanoseconds). */
export function slog(t: number, o: { lvl: Lvl; msg: string; f?: Fields }): Fields {
  return { time: isoMs(t), level: SLOG_LEVEL[o.lvl], msg: o.msg, ...o.f };
}

export type SyslogSeverity = "emerg" | "alert" | "crit" | "err" | "warning" | "notice" | "info" | "debug";

/** rsyslog's JSON template: RFC 3339 `timestamp`, `host`, `severity`, `facility`, `programname`, `procid`, `msg`. */
export function rsyslogJson(t: number, o: { host: string; program: string; severity: SyslogSeverity; facility: string; pid?: number; msg: string }): Fields {
  return {
    timestamp: isoMicro(t),
    host: o.host,
    severity: o.severity,
    facility: o.facility,
    programname: o.program,
    procid: o.pid === undefined ? "-" : String(o.pid),
    msg: o.msg,
  };
}

/** Vector's journald source: `timestamp`, `host`, `message`, journald's own upper-case fields. */
export function journald(t: number, o: { host: string; ident: string; priority: number; pid: number; msg: string; unit?: string }): Fields {
  const e: Fields = {
    timestamp: isoMicro(t, "Z"),
    host: o.host,
    message: o.msg,
    PRIORITY: String(o.priority),
    SYSLOG_FACILITY: "3",
    SYSLOG_IDENTIFIER: o.ident,
    _PID: String(o.pid),
    _TRANSPORT: "syslog",
    source_type: "journald",
  };
  if (o.unit !== undefined) e._SYSTEMD_UNIT = o.unit;
  return e;
}

const OTEL_SEVERITY: Record<Lvl, [string, number]> = { debug: ["DEBUG", 5], info: ["INFO", 9], warn: ["WARN", 13], error: ["ERROR", 17], fatal: ["FATAL", 21] };

/** An OpenTelemetry log record as a collector's file exporter writes it flattened: resource, attributes, body. */
export function otel(
  t: number,
  o: { lvl: Lvl; body: string; resource: Fields; attributes?: Fields; traceId?: string; spanId?: string; scope?: string },
): Fields {
  const [text, num] = OTEL_SEVERITY[o.lvl];
  const e: Fields = { timestamp: isoMicro(t, "Z"), observed_timestamp: isoMicro(t + 0.35, "Z"), severity_text: text, severity_number: num, body: o.body };
  if (o.traceId !== undefined) e.trace_id = o.traceId;
  if (o.spanId !== undefined) e.span_id = o.spanId;
  e.resource = o.resource;
  if (o.scope !== undefined) e.scope = { name: o.scope };
  e.attributes = o.attributes ?? {};
  return e;
}

const STRUCTLOG_LEVEL: Record<Lvl, string> = { debug: "debug", info: "info", warn: "warning", error: "error", fatal: "critical" };

/** structlog's JSONRenderer with TimeStamper(fmt="iso"): `event`, `level`, `timestamp`, `logger`, bound keys. */
export function structlog(t: number, o: { event: string; lvl: Lvl; logger: string; f?: Fields; exception?: string }): Fields {
  const e: Fields = { event: o.event, level: STRUCTLOG_LEVEL[o.lvl], timestamp: isoMicro(t, "Z"), logger: o.logger, ...o.f };
  if (o.exception !== undefined) e.exception = o.exception;
  return e;
}

const TRACING_LEVEL: Record<Lvl, string> = { debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", fatal: "ERROR" };

/** Rust tracing-subscriber's JSON format (`fields` holds the message), with the service and node Vector adds. */
export function tracingJson(
  t: number,
  o: { lvl: Lvl; target: string; message: string; fields?: Fields; span?: Fields; service: string; node: string; region?: string },
): Fields {
  const e: Fields = { timestamp: isoMicro(t, "Z"), level: TRACING_LEVEL[o.lvl], fields: { message: o.message, ...o.fields }, target: o.target };
  if (o.span !== undefined) e.span = o.span;
  e.service = o.service;
  e.node = o.node;
  if (o.region !== undefined) e.region = o.region;
  return e;
}
