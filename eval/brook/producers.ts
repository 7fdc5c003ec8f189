/**
 * The producers the brook scenarios write: the channel family's (eval/channel/producers.ts), and
 * beside them python-json-logger, Serilog's compact JSON (CLEF), OpenTelemetry log records as
 * the collector's Elasticsearch exporter stores them (mapping mode `otel`), and PostgreSQL's
 * `jsonlog` destination.
 */
import { isoMicrosOffset, isoMs } from "../channel/producers.js";

export * from "../channel/producers.js";

type Fields = Record<string, unknown>;

/** Digits past the millisecond a producer prints, stable for a time and a salt. */
function fraction(t: number, digits: number, salt = 0): string {
  const n = (Math.imul((t + salt) % 1_000_003, 2246822519) >>> 0) % 10 ** digits;
  return String(n).padStart(digits, "0");
}

// ── python-json-logger (Python), JsonFormatter("%(levelname)s %(name)s %(message)s", timestamp=True) ──
export type PyLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/** python-json-logger's line: the format's fields, the call's `extra`, the formatter's `timestamp`, `exc_info` when logged with one. */
export function pyJson(t: number, level: PyLevel, logger: string, message: string, extra: Fields = {}, excInfo?: string): Fields {
  const out: Fields = { levelname: level, name: logger, message, ...extra, timestamp: isoMicrosOffset(t) };
  if (excInfo !== undefined) out.exc_info = excInfo;
  return out;
}

// ── Serilog (.NET), CompactJsonFormatter (CLEF) ──────────────────────────────────────────────
export type SerilogLevel = "Verbose" | "Debug" | "Information" | "Warning" | "Error" | "Fatal";

/**
 * Serilog's compact JSON: `@t` in 100 ns ticks, `@mt` the message template, `@r` the renderings
 * of tokens with a format, `@l` left out for Information, `@x` the exception, then the
 * properties (the template's and the enrichers').
 */
export function clef(
  t: number,
  level: SerilogLevel,
  template: string,
  props: Fields = {},
  opts: { renderings?: string[]; exception?: string; traceId?: string; spanId?: string } = {},
): Fields {
  const out: Fields = { "@t": `${isoMs(t).slice(0, 23)}${fraction(t, 4, 7)}Z`, "@mt": template };
  if (opts.renderings !== undefined) out["@r"] = opts.renderings;
  if (level !== "Information") out["@l"] = level;
  if (opts.exception !== undefined) out["@x"] = opts.exception;
  if (opts.traceId !== undefined) out["@tr"] = opts.traceId;
  if (opts.spanId !== undefined) out["@sp"] = opts.spanId;
  return { ...out, ...props };
}

/** A .NET exception as `Exception.ToString()` writes it: `Type: message` and `   at` frames. */
export function dotnetException(type: string, message: string, frames: readonly string[]): string {
  return [`${type}: ${message}`, ...frames.map((f) => `   at ${f}`)].join("\r\n");
}

// ── OpenTelemetry log records, as the collector's Elasticsearch exporter stores them (mapping mode otel) ──
export const OTEL_SEVERITY = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;
export type OtelSeverity = keyof typeof OTEL_SEVERITY;

export interface OtelResource {
  "service.name": string;
  "service.version": string;
  [key: string]: string;
}

/** One log record: severity number and text, body, its attributes, the resource's and the scope. */
export function otelLog(
  t: number,
  severity: OtelSeverity,
  body: string,
  resource: OtelResource,
  scope: string,
  attributes: Fields = {},
  trace?: { traceId: string; spanId: string },
  observedLagMs = 3,
): Fields {
  const out: Fields = {
    "@timestamp": `${isoMs(t).slice(0, 23)}${fraction(t, 6, 3)}Z`,
    observed_timestamp: isoMs(t + observedLagMs),
    severity_number: OTEL_SEVERITY[severity],
    severity_text: severity,
    body: { text: body },
    attributes,
    resource: { attributes: resource },
    scope: { name: scope },
    data_stream: { type: "logs", dataset: "generic.otel", namespace: "default" },
  };
  if (trace !== undefined) {
    out.trace_id = trace.traceId;
    out.span_id = trace.spanId;
  }
  return out;
}

// ── PostgreSQL 15+, log_destination = 'jsonlog' ──────────────────────────────────────────────
export type PgSeverity = "DEBUG1" | "LOG" | "INFO" | "NOTICE" | "WARNING" | "ERROR" | "FATAL" | "PANIC";

/** A backend's session, or a background process (no user, database or client). */
export interface PgSession {
  pid: number;
  sessionStart: number;
  user?: string;
  dbname?: string;
  remoteHost?: string;
  remotePort?: number;
  applicationName?: string;
  backendType: string;
  vxidBackend?: number;
}

/** PostgreSQL's `log_line_prefix`-style time: `2026-05-12 10:11:12.345 UTC`. */
export function pgStamp(t: number): string {
  return `${isoMs(t).slice(0, 23).replace("T", " ")} UTC`;
}

/** One jsonlog entry: the session's fields, the severity, the message and its optional parts, in PostgreSQL's key order. */
export function pgJson(
  t: number,
  s: PgSession,
  lineNum: number,
  severity: PgSeverity,
  message: string,
  extra: { ps?: string; txid?: number; stateCode?: string; detail?: string; hint?: string; statement?: string; context?: string; queryId?: string } = {},
): Fields {
  const out: Fields = { timestamp: pgStamp(t) };
  if (s.user !== undefined) out.user = s.user;
  if (s.dbname !== undefined) out.dbname = s.dbname;
  out.pid = s.pid;
  if (s.remoteHost !== undefined) out.remote_host = s.remoteHost;
  if (s.remotePort !== undefined) out.remote_port = s.remotePort;
  out.session_id = `${Math.floor(s.sessionStart / 1000).toString(16)}.${s.pid.toString(16)}`;
  out.line_num = lineNum;
  if (extra.ps !== undefined) out.ps = extra.ps;
  out.session_start = `${isoMs(s.sessionStart).slice(0, 19).replace("T", " ")} UTC`;
  if (s.vxidBackend !== undefined) out.vxid = `${s.vxidBackend}/${lineNum + 1000}`;
  out.txid = extra.txid ?? 0;
  out.error_severity = severity;
  if (extra.stateCode !== undefined) out.state_code = extra.stateCode;
  out.message = message;
  if (extra.detail !== undefined) out.detail = extra.detail;
  if (extra.hint !== undefined) out.hint = extra.hint;
  if (extra.context !== undefined) out.context = extra.context;
  if (extra.statement !== undefined) out.statement = extra.statement;
  if (s.applicationName !== undefined) out.application_name = s.applicationName;
  out.backend_type = s.backendType;
  out.query_id = extra.queryId ?? "0";
  return out;
}
