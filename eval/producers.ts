/**
 * How real producers spell a log line. Each generated event is rendered by its service's
 * producer, so the eval goes through the service's own normalisation (field aliases, level
 * spellings, epoch units, numbers as strings, memory as a fraction).
 */

export type Severity = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

export interface Event {
  timeMs: number;
  service: string;
  level: Severity;
  message: string;
  /** Response time in ms, sent as a structured field by producers that have one. */
  responseTimeMs?: number;
  /** Memory usage in percent, sent as a structured field. */
  memoryPct?: number;
  /** Distributed-tracing id, sent as `trace_id` (`traceId` by pino) when the service traces. */
  traceId?: string;
}

export type Producer =
  | "canonical" // the original prototype's shape
  | "pino" // Node pino: numeric levels, epoch ms `time`, `msg`, `responseTime`
  | "python" // python-json-logger: `levelname`, `@timestamp`, `logger`, `duration_ms`
  | "zap" // Go zap: lower-case `level`, epoch seconds `ts`, `msg`, `app`, numbers as strings
  | "logback" // Java logstash encoder: `@timestamp` with offset, `WARN`, `application`, memory as a fraction
  | "syslog" // rsyslog JSON: `severity` err/crit/notice or numeric, `source`, `text`
  | "otel"; // OpenTelemetry-ish: `severity_text`, `body`, `service_name`, epoch microseconds

const PINO_LEVEL: Record<Severity, number> = { DEBUG: 20, INFO: 30, WARNING: 40, ERROR: 50, CRITICAL: 60 };
const ZAP_LEVEL: Record<Severity, string> = { DEBUG: "debug", INFO: "info", WARNING: "warn", ERROR: "error", CRITICAL: "fatal" };
const PY_LEVEL: Record<Severity, string> = { DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARNING", ERROR: "ERROR", CRITICAL: "CRITICAL" };
const LOGBACK_LEVEL: Record<Severity, string> = { DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARN", ERROR: "ERROR", CRITICAL: "ERROR" };
const SYSLOG_LEVEL: Record<Severity, string> = { DEBUG: "debug", INFO: "notice", WARNING: "warning", ERROR: "err", CRITICAL: "crit" };
const SYSLOG_NUMERIC: Record<Severity, string> = { DEBUG: "7", INFO: "6", WARNING: "4", ERROR: "3", CRITICAL: "2" };
const OTEL_LEVEL: Record<Severity, string> = { DEBUG: "DEBUG", INFO: "INFO", WARNING: "WARN", ERROR: "ERROR", CRITICAL: "FATAL" };

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

/** ISO 8601 with a +02:00 offset, as a JVM in Europe writes it. */
function isoWithOffset(ms: number): string {
  const local = new Date(ms + 2 * 3_600_000).toISOString().replace("Z", "");
  return `${local}+02:00`;
}

export function render(e: Event, producer: Producer, variant = 0): Record<string, unknown> {
  const o = renderFields(e, producer, variant);
  if (e.traceId !== undefined) o[producer === "pino" ? "traceId" : "trace_id"] = e.traceId;
  return o;
}

function renderFields(e: Event, producer: Producer, variant: number): Record<string, unknown> {
  switch (producer) {
    case "canonical": {
      const o: Record<string, unknown> = { timestamp: new Date(e.timeMs).toISOString(), level: e.level, message: e.message, service: e.service };
      if (e.responseTimeMs !== undefined) o.response_time = round(e.responseTimeMs, 1);
      if (e.memoryPct !== undefined) o.memory_usage = round(e.memoryPct, 1);
      return o;
    }
    case "pino": {
      const o: Record<string, unknown> = {
        level: PINO_LEVEL[e.level],
        time: e.timeMs,
        pid: 4242,
        hostname: "ip-10-0-3-17",
        service: e.service,
        msg: e.message,
      };
      if (e.responseTimeMs !== undefined) o.responseTime = Math.round(e.responseTimeMs);
      if (e.memoryPct !== undefined) o.memoryUsage = round(e.memoryPct, 1);
      return o;
    }
    case "python": {
      const o: Record<string, unknown> = {
        "@timestamp": new Date(e.timeMs).toISOString(),
        levelname: PY_LEVEL[e.level],
        logger: e.service,
        message: e.message,
      };
      if (e.responseTimeMs !== undefined) o.duration_ms = round(e.responseTimeMs, 2);
      if (e.memoryPct !== undefined) o.memory_percent = round(e.memoryPct, 1);
      return o;
    }
    case "zap": {
      const o: Record<string, unknown> = { level: ZAP_LEVEL[e.level], ts: e.timeMs / 1000, caller: "handler/http.go:88", msg: e.message, app: e.service };
      if (e.responseTimeMs !== undefined) o.latency_ms = String(Math.round(e.responseTimeMs));
      if (e.memoryPct !== undefined) o.mem_pct = String(Math.round(e.memoryPct));
      return o;
    }
    case "logback": {
      const o: Record<string, unknown> = {
        "@timestamp": isoWithOffset(e.timeMs),
        "@version": "1",
        message: e.message,
        logger_name: `com.shop.${e.service.replace(/-/g, ".")}`,
        thread_name: "http-nio-8080-exec-3",
        level: LOGBACK_LEVEL[e.level],
        level_value: 20000,
        application: e.service,
      };
      if (e.responseTimeMs !== undefined) o.elapsed_ms = Math.round(e.responseTimeMs);
      if (e.memoryPct !== undefined) o.heap_used_pct = round(e.memoryPct / 100, 3);
      return o;
    }
    case "syslog": {
      const o: Record<string, unknown> = {
        time: new Date(e.timeMs).toISOString(),
        severity: variant % 2 === 0 ? SYSLOG_LEVEL[e.level] : SYSLOG_NUMERIC[e.level],
        source: e.service,
        text: e.message,
      };
      if (e.responseTimeMs !== undefined) o.took_ms = `${Math.round(e.responseTimeMs)}ms`;
      if (e.memoryPct !== undefined) o.mem_pct = `${round(e.memoryPct, 1)}`;
      return o;
    }
    case "otel": {
      const o: Record<string, unknown> = {
        timestamp: e.timeMs * 1000,
        severity_text: OTEL_LEVEL[e.level],
        body: e.message,
        service_name: e.service,
      };
      if (e.responseTimeMs !== undefined) o.duration = round(e.responseTimeMs, 1);
      if (e.memoryPct !== undefined) o.memory_pct = round(e.memoryPct, 1);
      return o;
    }
  }
}
