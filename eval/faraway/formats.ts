// How each producer writes one line: field names, level spellings and time formats of real
// logging libraries, all within what the stream contract accepts.

import { epochSeconds, iso } from "./clock.js";

type Obj = Record<string, unknown>;

// ---- Node ----------------------------------------------------------------------------------

export type PinoLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal";
const PINO: Record<PinoLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export interface PinoBase {
  pid: number;
  hostname: string;
  service: string;
}

/** pino: numeric level, epoch ms `time`, bindings, fields, then msg */
export function pino(t: number, level: PinoLevel, base: PinoBase, fields: Obj, msg: string): Obj {
  return { level: PINO[level], time: Math.floor(t), pid: base.pid, hostname: base.hostname, service: base.service, ...fields, msg };
}

/** winston's json format with defaultMeta { service } and the timestamp format */
export function winston(t: number, level: "debug" | "info" | "warn" | "error", service: string, message: string, fields: Obj = {}): Obj {
  return { level, message, service, ...fields, timestamp: iso(t) };
}

// ---- JVM -----------------------------------------------------------------------------------

export type JavaLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR";
const LEVEL_VALUE: Record<JavaLevel, number> = { TRACE: 5000, DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };

/** logstash-logback-encoder */
export function logback(t: number, level: JavaLevel, app: string, logger: string, thread: string, message: string, fields: Obj = {}, stack?: string): Obj {
  const o: Obj = {
    "@timestamp": iso(t, { numericUtc: true }),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: LEVEL_VALUE[level],
    app,
    ...fields,
  };
  if (stack) o.stack_trace = stack;
  return o;
}

/** ecs-logging-java (flattened dotted keys) */
export function ecs(t: number, level: JavaLevel, service: string, logger: string, thread: string, message: string, fields: Obj = {}): Obj {
  return {
    "@timestamp": iso(t),
    "log.level": level,
    message,
    "ecs.version": "1.2.0",
    "service.name": service,
    "event.dataset": `${service}.log`,
    "process.thread.name": thread,
    "log.logger": logger,
    ...fields,
  };
}

/** log4j2 JsonLayout with compact=true, eventEol=true and a KeyValuePair for the application */
export function log4j2(
  t: number,
  level: JavaLevel | "FATAL",
  application: string,
  logger: string,
  thread: string,
  message: string,
  context: Obj = {},
  thrown?: Obj,
): Obj {
  const o: Obj = {
    timeMillis: Math.floor(t),
    thread,
    level,
    loggerName: logger,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    contextMap: context,
    threadId: 40 + ((thread.length * 7) % 60),
    threadPriority: 5,
    application,
  };
  if (thrown) o.thrown = thrown;
  return o;
}

// ---- Go ------------------------------------------------------------------------------------

/** zap's production JSON encoder: level, ts (epoch seconds), caller, msg, then fields */
export function zap(t: number, level: "debug" | "info" | "warn" | "error" | "dpanic" | "fatal", caller: string, msg: string, fields: Obj = {}): Obj {
  return { level, ts: epochSeconds(t), caller, msg, ...fields };
}

/** log/slog's JSONHandler: time (RFC 3339 with nanoseconds and the local offset), level, msg */
export function slog(t: number, offsetMin: number, level: "DEBUG" | "INFO" | "WARN" | "ERROR", msg: string, fields: Obj = {}): Obj {
  return { time: iso(t, { frac: 9, offsetMin }), level, msg, ...fields };
}

/** zerolog: level, fields, RFC 3339 time in seconds, message */
export function zerolog(t: number, level: "debug" | "info" | "warn" | "error" | "fatal", fields: Obj, message: string): Obj {
  return { level, ...fields, time: iso(t, { frac: 0 }), message };
}

// ---- Python --------------------------------------------------------------------------------

/** structlog's JSONRenderer with TimeStamper(fmt="iso", utc=True) and add_log_level */
export function structlog(t: number, level: "debug" | "info" | "warning" | "error" | "critical", event: string, fields: Obj = {}): Obj {
  return { event, ...fields, level, timestamp: iso(t, { frac: 6 }) };
}

/** python-json-logger with fmt "%(asctime)s %(levelname)s %(name)s %(message)s", asctime renamed */
export function pyjson(t: number, levelname: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL", name: string, message: string, fields: Obj = {}): Obj {
  return { timestamp: iso(t, { numericUtc: true }), levelname, name, message, ...fields };
}

// ---- PHP -----------------------------------------------------------------------------------

const MONOLOG: Record<string, number> = { DEBUG: 100, INFO: 200, NOTICE: 250, WARNING: 300, ERROR: 400, CRITICAL: 500, ALERT: 550 };

/** Monolog's JsonFormatter */
export function monolog(t: number, levelName: keyof typeof MONOLOG & string, channel: string, message: string, context: Obj, extra: Obj): Obj {
  return { message, context, level: MONOLOG[levelName], level_name: levelName, channel, datetime: iso(t, { frac: 6, numericUtc: true }), extra };
}

// ---- OpenTelemetry / Kubernetes --------------------------------------------------------------

const OTEL_NUMBER: Record<string, number> = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 };

/** an OTLP log record exported as JSON by the collector's file exporter (flattened a little) */
export function otel(
  t: number,
  severity: "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL",
  body: string,
  resource: Obj,
  attributes: Obj,
  traceId?: string,
  spanId?: string,
): Obj {
  const o: Obj = {
    timestamp: iso(t, { frac: 9 }),
    observed_timestamp: iso(t + 3, { frac: 9 }),
    severity_text: severity,
    severity_number: OTEL_NUMBER[severity],
    body,
    resource,
    attributes,
  };
  if (traceId) {
    o.trace_id = traceId;
    o.span_id = spanId;
    o.flags = 1;
  }
  return o;
}

/** fluent-bit's kubernetes filter output with the kubernetes block and the app label lifted */
export function fluentbit(t: number, line: string, app: string, k8s: Obj, stream: "stdout" | "stderr" = "stdout"): Obj {
  return { time: iso(t, { frac: 9 }), stream, _p: "F", log: line, app, kubernetes: k8s };
}

// ---- syslog --------------------------------------------------------------------------------

export type SyslogSeverity = "emerg" | "alert" | "crit" | "err" | "warning" | "notice" | "info" | "debug";

/** rsyslog with a JSON template (the usual Logstash/Elastic shipping template) */
export function rsyslog(t: number, host: string, severity: SyslogSeverity, facility: string, programname: string, procid: string | null, message: string): Obj {
  return {
    "@timestamp": iso(t, { frac: 6, numericUtc: true }),
    host,
    severity,
    facility,
    programname,
    procid: procid ?? "-",
    message: message.startsWith(" ") ? message : ` ${message}`,
  };
}
