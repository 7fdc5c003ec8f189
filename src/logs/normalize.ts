import { TIME_ISO, TIME_ISO_SECONDS, TIME_RAW, type TimeForm } from "./log-table.js";
import type { LogTableBuilder } from "./table-builder.js";
import { belowError, severityOf, type Level, type LogRecord } from "./log-record.js";
import { routeShape } from "./route.js";
import { outOfMemoryWording, parseMemoryPct, timeoutWording } from "../detection/features/message-metrics.js";

/**
 * Turns what real producers write into a LogRecord: field aliases, levels in any spelling,
 * timestamps as ISO 8601 or epoch seconds/milliseconds, numbers sent as strings.
 */

/**
 * Real producers' spellings: structlog's `event`, OpenTelemetry's and Elastic ECS's flattened
 * `service.name` and `log.level`, log4j2's JSON layout `timeMillis`, PostgreSQL's jsonlog
 * `error_severity`. Earlier names win when a log has several.
 */
/**
 * After the common names: HashiCorp's hclog JSON (Consul, Vault, Nomad: `@message`), Serilog's
 * JSON (`RenderedMessage`) and compact formats (`@m`), and, when nothing rendered it, their
 * message templates (`MessageTemplate`, `@mt`); journald's JSON export (`journalctl -o json`: `MESSAGE`).
 */
const MESSAGE_KEYS = [
  "message",
  "msg",
  "log",
  "text",
  "body",
  "event",
  "@message",
  "RenderedMessage",
  "@m",
  "MessageTemplate",
  "@mt",
  "MESSAGE",
  "Message",
  "Body",
  "textPayload",
  "short_message",
  "note",
] as const;
const LEVEL_KEYS = [
  "level",
  "severity",
  "lvl",
  "log_level",
  "loglevel",
  "levelname",
  "severity_text",
  "log.level",
  "error_severity",
  "PRIORITY",
  "severity_number",
  "@level",
  "@l",
  "Level",
  "LogLevel",
  "severityText",
  "SeverityText",
  "severityNumber",
  "SeverityNumber",
  "Severity",
  "s",
  "label",
  "type",
] as const;
/**
 * Level keys that are other things in other logs: MongoDB's `s` ("W", "E", "F"), MySQL's JSON
 * error log's `label` ("Warning", "Note"), a Kubernetes event's `type` ("Warning", "Normal").
 * Taken only when the value is a level's name.
 */
const LEVEL_ONLY_IF_NAMED = levelRanks(["s", "label", "type"]);
/** OpenTelemetry's SeverityNumber: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL. */
const OTEL_SEVERITY_RANKS = levelRanks(["severity_number", "severityNumber", "SeverityNumber"]);
/** 1 at the rank (place in LEVEL_KEYS) of each of `keys`: a flag read a log, where a Set would hash the rank. */
function levelRanks(keys: readonly (typeof LEVEL_KEYS)[number][]): Uint8Array {
  const flags = new Uint8Array(LEVEL_KEYS.length);
  for (const k of keys) flags[LEVEL_KEYS.indexOf(k)] = 1;
  return flags;
}
function otelSeverity(raw: unknown): Level {
  const n = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 24) return "INFO";
  return n >= 21 ? "CRITICAL" : n >= 17 ? "ERROR" : n >= 13 ? "WARNING" : n >= 9 ? "INFO" : "DEBUG";
}
/**
 * After the common names: Serilog's (`Timestamp`, `@t`), a Kubernetes event's (`lastTimestamp`,
 * `eventTime`, `firstTimestamp`), MongoDB's (`t`, an object holding `$date`) and journald's
 * (`__REALTIME_TIMESTAMP`, microseconds since the epoch as a string).
 */
const TIME_KEYS = [
  "timestamp",
  "@timestamp",
  "time",
  "ts",
  "datetime",
  "date",
  "timeMillis",
  "Timestamp",
  "@t",
  "lastTimestamp",
  "eventTime",
  "firstTimestamp",
  "t",
  "__REALTIME_TIMESTAMP",
  "timeUnixNano",
  "time_iso8601",
  "msec",
  "start_time",
  "asctime",
  "instant",
  "EventTime",
] as const;
/** After the service fields, a syslog line's program: per program, one daemon's routine failures are its own, not a share of the host's. */
const SERVICE_KEYS = [
  "service",
  "service_name",
  "app",
  "application",
  "component",
  "service.name",
  "logger",
  "@module",
  "source",
  "programname",
  "SYSLOG_IDENTIFIER",
  "appname",
  "app_name",
  "program",
  "Application",
  "springAppName",
  "reportingController",
  "SourceName",
] as const;
/**
 * First an end-to-end time: where a line gives one beside a step's (a push gateway's provider
 * call `latency` of 150 ms inside an `end_to_end` of 59 s spent queued), it is what the request
 * cost its caller, and the step's time would hide the wait. Last, .NET's names (Serilog's request
 * logging's `Elapsed`, ASP.NET Core's `ElapsedMilliseconds`, Polly's `ExecutionTimeMs`) and
 * Amazon API Gateway's `responseLatency`, all in milliseconds.
 */
const RESPONSE_TIME_KEYS = [
  "end_to_end_ms",
  "end_to_end_latency_ms",
  "e2e_latency_ms",
  "end_to_end",
  "response_time",
  "response_time_ms",
  "duration_ms",
  "latency_ms",
  "elapsed_ms",
  "took_ms",
  "responseTime",
  "durationMs",
  "latencyMs",
  "elapsedMs",
  "tookMs",
  "latency_us",
  "duration_us",
  "elapsed_us",
  "took_us",
  "response_time_us",
  "latency_ns",
  "duration_ns",
  "elapsed_ns",
  "event.duration",
  "duration_s",
  "elapsed_s",
  "latency_s",
  "took_s",
  "duration_seconds",
  "elapsed_seconds",
  "latency_seconds",
  "request_time",
  "time_to_first_byte_ms",
  "ttfb_ms",
  "latency",
  "duration",
  "took",
  "grpc.time_ms",
  "durationMillis",
  "took_millis",
  "elasticsearch.slowlog.took_millis",
  "elapsed",
  "Elapsed",
  "ElapsedMilliseconds",
  "ElapsedMs",
  "ExecutionTimeMs",
  "responseLatency",
] as const;
/**
 * Milliseconds per unit of a numeric response-time field, by its key's unit suffix: microseconds
 * (`latency_us`), nanoseconds (`duration_ns`, Elastic ECS's `event.duration`), seconds
 * (`duration_s`, `elapsed_seconds`). Unsuffixed keys are milliseconds. A string value with its
 * own unit ("2.66s", "PT4.89S") says its unit itself.
 */
const RESPONSE_TIME_FACTOR: readonly number[] = RESPONSE_TIME_KEYS.map((k) =>
  /_us$/.test(k) ? 1e-3 : /_ns$|^event\.duration$/.test(k) ? 1e-6 : /_s$|_seconds$|^request_time$/.test(k) ? 1000 : 1,
);
/** 1 for a response-time key that names no unit (`latency`, `elapsed`): its value's unit is the producer's. */
const UNSUFFIXED_TIME = new Uint8Array(RESPONSE_TIME_KEYS.map((k) => (/^(latency|duration|took|elapsed|end_to_end)$/.test(k) ? 1 : 0)));
/** Memory in percent as producers name it (`used_memory_pct` as cache clients report it, and the plain spellings). */
const MEMORY_KEYS = [
  "memory_usage",
  "memory_pct",
  "memory_percent",
  "mem_pct",
  "memoryUsage",
  "heap_used_pct",
  "used_memory_pct",
  "memory_used_pct",
  "mem_used_pct",
  "heap_pct",
] as const;
/**
 * Memory as a used/total pair, in one unit: Node's `process.memoryUsage()` logged as is
 * (`heapUsed`/`heapTotal`) or in MB, Redis's `used_memory`/`maxmemory`, and the snake-case
 * spellings. The pair at the same place in both lists is read together, as used / total in
 * percent, when no percent field is present: what a service reports of its own heap is its
 * memory pressure, whichever way it spells it. So is a worker's resident set against its
 * container's limit (`rss_mb`/`limit_mb`), as memory watchdogs report it; a resident set alone is
 * a size, not a pressure: it is kept as a size (Fields.memoryBytes), judged only by how it grows.
 */
const MEMORY_USED_KEYS = [
  "heapUsed",
  "heapUsedMB",
  "heap_used_mb",
  "heap_used_bytes",
  "used_memory",
  "memory_used_mb",
  "memory_used_bytes",
  "rss_mb",
  "rss_bytes",
] as const;
/** Bytes per unit of each MEMORY_USED_KEYS alias, in its order. */
const MEMORY_USED_BYTES: readonly number[] = MEMORY_USED_KEYS.map((k) => (/mb$/i.test(k) ? 1024 * 1024 : 1));
const MEMORY_TOTAL_KEYS = [
  "heapTotal",
  "heapTotalMB",
  "heap_total_mb",
  "heap_total_bytes",
  "maxmemory",
  "memory_total_mb",
  "memory_limit_bytes",
  "limit_mb",
  "limit_bytes",
] as const;
/**
 * The route a request took, as access loggers name it: OpenTelemetry's `http.route` (a template
 * already) and `url.path`, Elastic ECS's `url.path`, and the common spellings; then a `url`
 * (a string, or ECS's nested object's `path`) and pino-http's `req` object's `url`. Last, the
 * task or job a worker ran (Celery's `task_name`, ActiveJob's `job_class`, a Temporal activity's
 * type): what was asked for, as a path is.
 */
const ROUTE_KEYS = [
  "http.route",
  "route",
  "url.path",
  "path",
  "endpoint",
  "request_path",
  "uri",
  "request_uri",
  "RequestPath",
  "resourcePath",
  "url",
  "req",
  "task_name",
  "job_class",
  "temporal.activity_type",
  "ActivityType",
  "activity_type",
] as const;
/**
 * The instance of its service that wrote the log: OpenTelemetry's `service.instance.id` and
 * `k8s.pod.name`, a Kubernetes pod as log shippers name it, a container, then the host (ECS's
 * `host.name`, pino's and syslog's `hostname`), a server or a node; last the host as other
 * producers spell it (journald's `_HOSTNAME`, Serilog's `MachineName`, an environment's
 * `HOSTNAME`, WildFly's `hostName`) and ECS's `service.node.name`.
 */
const INSTANCE_KEYS = [
  "instance",
  "service.instance.id",
  "instance_id",
  "pod",
  "pod_name",
  "k8s.pod.name",
  "kubernetes.pod_name",
  "kubernetes.pod.name",
  "container_name",
  "container.name",
  "hostname",
  "host.name",
  "host",
  "server",
  "node",
  "_HOSTNAME",
  "MachineName",
  "HOSTNAME",
  "hostName",
  "service.node.name",
] as const;
/** OpenTelemetry's, Elastic ECS's, Datadog's and the common camel-case spellings. */
const TRACE_KEYS = ["trace_id", "traceId", "trace.id", "dd.trace_id", "traceid", "otelTraceID"] as const;

const LEVEL_ALIAS_LIST: Record<string, Level> = {
  TRACE: "DEBUG",
  DEBUG: "DEBUG",
  DBG: "DEBUG",
  FINE: "DEBUG",
  FINER: "DEBUG",
  FINEST: "DEBUG",
  VERBOSE: "DEBUG",
  INFO: "INFO",
  INFORMATION: "INFO",
  INFORMATIONAL: "INFO",
  NOTICE: "INFO",
  CONFIG: "INFO",
  LOG: "INFO",
  NORMAL: "INFO",
  I: "INFO",
  D: "DEBUG",
  D1: "DEBUG",
  D2: "DEBUG",
  D3: "DEBUG",
  D4: "DEBUG",
  D5: "DEBUG",
  W: "WARNING",
  E: "ERROR",
  F: "CRITICAL",
  WARN: "WARNING",
  WARNING: "WARNING",
  WRN: "WARNING",
  ERROR: "ERROR",
  ERR: "ERROR",
  EROR: "ERROR",
  SEVERE: "ERROR",
  FAIL: "ERROR",
  FAILURE: "ERROR",
  CRITICAL: "CRITICAL",
  CRIT: "CRITICAL",
  FATAL: "CRITICAL",
  ALERT: "CRITICAL",
  EMERGENCY: "CRITICAL",
  EMERG: "CRITICAL",
  PANIC: "CRITICAL",
  // zap's DPanicLevel: a panic in development, logged and survived in production.
  DPANIC: "CRITICAL",
};

const LEVEL_ALIASES = new Map<string, Level>(Object.entries(LEVEL_ALIAS_LIST));

/** syslog numeric severities (0 emergency .. 7 debug). */
const SYSLOG_LEVELS: Level[] = ["CRITICAL", "CRITICAL", "CRITICAL", "ERROR", "WARNING", "INFO", "INFO", "DEBUG"];

export function normalizeLevel(raw: unknown): Level {
  if (typeof raw === "number" && Number.isInteger(raw)) {
    // Monolog's numeric levels are 100..600 (DEBUG 100, INFO 200, NOTICE 250, WARNING 300,
    // ERROR 400, CRITICAL 500, ALERT 550, EMERGENCY 600); pino/bunyan's are 10..60; syslog's 0..7.
    if (raw >= 100) return raw >= 500 ? "CRITICAL" : raw >= 400 ? "ERROR" : raw >= 300 ? "WARNING" : raw >= 200 ? "INFO" : "DEBUG";
    if (raw >= 10) return raw >= 60 ? "CRITICAL" : raw >= 50 ? "ERROR" : raw >= 40 ? "WARNING" : raw >= 30 ? "INFO" : "DEBUG";
    return SYSLOG_LEVELS[raw] ?? "INFO";
  }
  if (typeof raw !== "string") return "INFO";
  // Most producers write a canonical name: one lookup, no new strings.
  const exact = LEVEL_ALIASES.get(raw);
  if (exact !== undefined) return exact;
  const key = raw.trim().toUpperCase();
  if (/^\d+$/.test(key)) return normalizeLevel(Number(key));
  return LEVEL_ALIASES.get(key) ?? "INFO";
}

/**
 * A raw line with no level field (a container's `log`, a syslog `text`) often says its level
 * itself: "2025/10/18 01:33:27 [error] 31#31: ...", "E1018 01:33:27.1 ...", "... WARN [main] ...".
 * A level word in brackets (after a module's name, padded: "[proxy_http:error]", "[warning  ]"),
 * .NET's console prefix ("fail: "), or an upper-case level word as its own token, in the first
 * LEVEL_PREFIX characters. An access log line ('"GET /x HTTP/1.1" 502 ...') with a 5xx status is
 * an ERROR: the server failed the request. Otherwise INFO.
 */
const LEVEL_PREFIX = 80;
const TEXT_LEVEL_RE =
  /\[(?:[\w-]+:)?(debug|info|notice|warn|warning|error|err|crit|critical|alert|emerg|fatal) *\]|(?<![A-Za-z])(DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL|PANIC|SEVERE)(?![A-Za-z])/i;
const ACCESS_RE = /"[A-Z]{3,7} [^"]* HTTP\/\d(?:\.\d)?" (\d{3}) /;

/** .NET's console logger opens a line with its level's four letters: "fail: Microsoft.EntityFrameworkCore...". */
const DOTNET_LEVEL_RE = /^(trce|dbug|info|warn|fail|crit): /;
const DOTNET_LEVELS: Record<string, Level> = { trce: "DEBUG", dbug: "DEBUG", info: "INFO", warn: "WARNING", fail: "ERROR", crit: "CRITICAL" };

export function levelFromText(message: string, accessStatus = textAccessStatus(message)): Level {
  const dotnet = message.charCodeAt(4) === 58 /* : */ ? DOTNET_LEVEL_RE.exec(message) : null;
  if (dotnet) return DOTNET_LEVELS[dotnet[1]!]!;
  const head = message.length > LEVEL_PREFIX ? message.slice(0, LEVEL_PREFIX) : message;
  const m = TEXT_LEVEL_RE.exec(head);
  if (m) {
    // Upper-case words only: "info" in prose is not a level; bracketed ones in any case.
    const word = m[1] ?? (m[2] === m[2]!.toUpperCase() ? m[2] : undefined);
    if (word !== undefined) return normalizeLevel(word);
  }
  return accessStatus >= 500 ? "ERROR" : "INFO";
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Whether some " HTTP/1.1" in the line is followed by a closing quote and a status, as ACCESS_RE
 * needs: checked by character, so the regex runs only on lines that can match it (a line that
 * names HTTP otherwise, "... HTTP/1.1" status: 200 ...", costs no regex).
 */
function statusAfterRequestLine(message: string): boolean {
  // "HTTP/" without the space before it: V8 finds a pattern that opens with a space several times slower.
  for (let i = message.indexOf("HTTP/"); i >= 0; i = message.indexOf("HTTP/", i + 5)) {
    if (message.charCodeAt(i - 1) !== 32) continue;
    let j = i + 5;
    if (!isDigitCode(message.charCodeAt(j))) continue;
    j++;
    if (message.charCodeAt(j) === 46 /* . */) {
      if (!isDigitCode(message.charCodeAt(j + 1))) continue;
      j += 2;
    }
    if (message.charCodeAt(j) !== 34 /* " */ || message.charCodeAt(j + 1) !== 32) continue;
    if (
      isDigitCode(message.charCodeAt(j + 2)) &&
      isDigitCode(message.charCodeAt(j + 3)) &&
      isDigitCode(message.charCodeAt(j + 4)) &&
      message.charCodeAt(j + 5) === 32
    )
      return true;
  }
  return false;
}

/** The status of a raw access line ('"GET /x HTTP/1.1" 401 ...'), NaN for any other line. */
function textAccessStatus(message: string): number {
  if (!statusAfterRequestLine(message)) return Number.NaN;
  const access = ACCESS_RE.exec(message);
  return access ? Number(access[1]) : Number.NaN;
}

/**
 * The request time of an access line, in ms; NaN for other lines. ingress-nginx's ('... "user
 * agent" 912 0.039 [upstream] ...': request length, then request_time in seconds); Envoy's and
 * Istio's default format ('"GET /x HTTP/1.1" 200 - via_upstream - "-" 0 1965 119 118 "-" ...':
 * status, flags, details, termination, "transport failure", bytes received and sent, then
 * %DURATION% in ms and the upstream's own time).
 */
const INGRESS_TIME_RE = /" \d+ (\d+\.\d{3}) \[/;
const ENVOY_TIME_RE = / HTTP\/[\d.]+" \d{3} \S+ \S+ \S+ "[^"]*" \d+ \d+ (\d+) (?:\d+|-) "/;
export function accessLogRequestMs(message: string): number {
  if (!message.includes(" HTTP/")) return Number.NaN;
  const m = INGRESS_TIME_RE.exec(message);
  if (m) return Number(m[1]) * 1000;
  const envoy = ENVOY_TIME_RE.exec(message);
  return envoy ? Number(envoy[1]) : Number.NaN;
}

/** Epoch ms from ISO 8601 or an epoch number in seconds, milliseconds or microseconds. */
export function parseTimestamp(raw: unknown): number {
  if (typeof raw !== "string") return parseOtherTimestamp(raw);
  const fast = parseIsoUtc(raw);
  return Number.isNaN(fast) ? parseOtherTimestamp(raw) : fast;
}

/** parseTimestamp for what parseIsoUtc does not read (it has been tried already). */
function parseOtherTimestamp(raw: unknown): number {
  if (typeof raw === "number") return epochToMs(raw);
  if (typeof raw !== "string") return Number.NaN;
  const s = raw.trim();
  if (s === "") return Number.NaN;
  if (/^-?\d+(\.\d+)?$/.test(s)) return epochToMs(Number(s));
  // Python's logging and log4j's default stamp separate the milliseconds with a comma:
  // "2026-02-21 08:01:12,345", which Date.parse refuses.
  return Date.parse(COMMA_MS_RE.test(s) ? `${s.slice(0, 19)}.${s.slice(20)}` : s);
}
const COMMA_MS_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2},\d/;

/** Value of the two ASCII digits of `s` at `at`, or -1 when one is not a digit. */
function twoDigits(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Epoch ms of `YYYY-MM-DDTHH:MM` (the first 16 characters of `s`), or NaN. */
function minuteOf(s: string): number {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Number.NaN;
  const hi = twoDigits(s, 0);
  const lo = twoDigits(s, 2);
  const mo = twoDigits(s, 5);
  const d = twoDigits(s, 8);
  const h = twoDigits(s, 11);
  const mi = twoDigits(s, 14);
  if (hi < 1 || lo < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return Number.NaN;
  return Date.UTC(hi * 100 + lo, mo - 1, d, h, mi);
}

/**
 * The minute of the last stamp parsed (`YYYY-MM-DDTHH:MM:`, as character codes): a window's logs
 * share it in runs, so most stamps only read their seconds. Codes, not a string: startsWith took
 * about 130 ns a stamp, ten times the rest of the parse (V8 compares strings out of line, and a
 * slice is not flat). Starts with codes no stamp can have.
 */
const MINUTE_LENGTH = 17;
const lastMinute = new Uint16Array(MINUTE_LENGTH);
let lastMinuteMs = Number.NaN;
/**
 * False when the last minute parsed rolled over (day 30 of February is 2 March, as Date.parse
 * has it): its stamps then cannot be rebuilt from their epoch ms, so they are kept verbatim.
 */
let lastMinuteExact = true;

/**
 * The common shapes `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` without Date.parse
 * (a third of the cost of reading a log). NaN for anything else, which then goes to Date.parse,
 * so edge cases (offsets, hour 24, out-of-range fields) keep Date.parse's meaning.
 */
function parseIsoUtc(s: string): number {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */) return Number.NaN;
  const sec = twoDigits(s, 17);
  if (sec < 0 || sec > 59) return Number.NaN;
  let ms = 0;
  if (n === 24) {
    const hi = twoDigits(s, 20);
    const last = s.charCodeAt(22) - 48;
    if (s.charCodeAt(19) !== 46 /* . */ || hi < 0 || last < 0 || last > 9) return Number.NaN;
    ms = hi * 10 + last;
  }
  if (!sameMinute(s)) {
    const minute = minuteOf(s);
    if (Number.isNaN(minute)) return Number.NaN;
    for (let i = 0; i < MINUTE_LENGTH; i++) lastMinute[i] = s.charCodeAt(i);
    lastMinuteMs = minute;
    const day = twoDigits(s, 8);
    lastMinuteExact = day <= 28 || new Date(minute).getUTCDate() === day;
  }
  return lastMinuteMs + sec * 1000 + ms;
}

/** Whether `s` opens with lastMinute; from its minute's last digit back, where stamps differ first. */
function sameMinute(s: string): boolean {
  for (let i = MINUTE_LENGTH - 1; i >= 0; i--) if (s.charCodeAt(i) !== lastMinute[i]) return false;
  return true;
}

function epochToMs(v: number): number {
  if (!Number.isFinite(v)) return Number.NaN;
  const a = Math.abs(v);
  // Seconds until year 5138, milliseconds until then, microseconds until then, nanoseconds
  // (OpenTelemetry's `timeUnixNano`) beyond.
  if (a < 1e11) return v * 1000;
  if (a < 1e14) return v;
  if (a < 1e17) return v / 1000;
  return Math.floor(v / 1e6);
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "";
}

/**
 * The HTTP status a line reports for the request it served: OpenTelemetry's and Elastic ECS's
 * names, the common spellings (Serilog's and ASP.NET Core's `StatusCode` among them), and the
 * objects loggers nest it in: pino-http's `res` (`res.statusCode`), a `response` or `request`
 * object's `status`, ECS's nested `http` object (`http.response.status_code`).
 */
const HTTP_STATUS_KEYS = [
  "http.response.status_code",
  "http.status_code",
  "status_code",
  "statusCode",
  "http_status",
  "response_status",
  "StatusCode",
  "status",
  "res",
  "response",
  "http",
  "request",
] as const;
/**
 * The DNS response code of a query log line: CoreDNS's and dnsmasq's `rcode`, Elastic ECS's
 * `dns.response_code`. SERVFAIL is the protocol's own word for a query the server failed.
 */
const DNS_RCODE_KEYS = ["rcode", "dns.response_code", "dns.rcode", "response_code"] as const;
/** A CoreDNS log-plugin line's rcode, right after its quoted question: `"A IN example.com. udp 60 false 512" SERVFAIL qr,rd`. */
const DNS_SERVFAIL_TEXT_RE = /" SERVFAIL /;
/** A cache's answer to a request as CDNs and proxies log it: nginx's `$upstream_cache_status`, CloudFront's `x_edge_result_type`, ... */
const CACHE_STATUS_KEYS = ["cache_status", "upstream_cache_status", "cacheStatus", "x_cache", "x_edge_result_type", "cache_result"] as const;
const SLOTS = [
  MESSAGE_KEYS,
  LEVEL_KEYS,
  TIME_KEYS,
  SERVICE_KEYS,
  RESPONSE_TIME_KEYS,
  MEMORY_KEYS,
  TRACE_KEYS,
  MEMORY_USED_KEYS,
  MEMORY_TOTAL_KEYS,
  HTTP_STATUS_KEYS,
  DNS_RCODE_KEYS,
  ROUTE_KEYS,
  INSTANCE_KEYS,
  CACHE_STATUS_KEYS,
] as const;
const LEVEL_SLOT = 1;
const TIME_SLOT = 2;
/** A `source` of "stdout" or "stderr" (AWS FireLens, Fluentd) is the stream a line came on, not a service. */
const SERVICE_SLOT = 3;
const RESPONSE_TIME_SLOT = 4;
const MEMORY_USED_SLOT = 7;
const MEMORY_TOTAL_SLOT = 8;
const HTTP_STATUS_SLOT = 9;
const DNS_RCODE_SLOT = 10;
const ROUTE_SLOT = 11;
const INSTANCE_SLOT = 12;
const CACHE_STATUS_SLOT = 13;
/** Longer than this, an instance field holds something else than a name. */
const MAX_INSTANCE_CHARS = 253;

/** The status of a status field (a number or a numeric string, or an object holding one), NaN when none. */
function httpStatus(v: unknown): number {
  const raw = v !== null && typeof v === "object" ? nestedStatus(v as Record<string, unknown>) : v;
  const n = toNumber(raw);
  return n !== undefined && Number.isInteger(n) && n >= 100 && n <= 599 ? n : Number.NaN;
}

/** The status an object holds (`statusCode`, `status_code`, `status`), or its `response` object's (ECS's `http`). */
function nestedStatus(o: Record<string, unknown>): unknown {
  const own = o.statusCode ?? o.status_code ?? o.status;
  if (own !== undefined || o.response === null || typeof o.response !== "object") return own;
  const r = o.response as Record<string, unknown>;
  return r.status_code ?? r.statusCode ?? r.status;
}

/**
 * Where producers put a log's own fields one level down: OpenTelemetry's `attributes` and
 * `resource`, Monolog's `context` and `extra`, MongoDB's `attr`, and the `fields`, `metadata`
 * and `properties` of other loggers, and the current `span` of Rust's tracing JSON (a request's
 * `method` and `uri`). A field there is read when the log has none of that slot
 * at its top level (a Laravel request line's `context.duration_ms`, an OpenTelemetry record's
 * `attributes.http.status_code`): without it such a producer's slow and failed requests are
 * lines without a time or a status.
 */
const CONTAINER_KEYS = [
  "attributes",
  "resource",
  "context",
  "extra",
  "attr",
  "fields",
  "metadata",
  "properties",
  "Properties",
  "span",
  "Attributes",
  "Resource",
  "jsonPayload",
  "State",
  "contextMap",
  "mdc",
] as const;
const CONTAINER_CODE = -1;

/**
 * Where producers put the exception a line reports: Python's JSON loggers (`exc_info`, `exc_type`,
 * `exc_msg`), structlog's `exception`, logstash-logback-encoder's `stack_trace`, zap's `error` and
 * `stacktrace`, Winston's `stack`, pino's and Bunyan's `err` object, Elastic ECS's `error` object
 * and its flattened `error.type`, `error.message`, `error.stack_trace`; and a `reason`, as
 * Kubernetes gives a container's end ("OOMKilled") and an event's cause. Such a line's message is
 * often only "batch failed" or "container terminated": what failed is said here.
 */
const EXCEPTION_KEYS = [
  "exc_info",
  "exc_type",
  "exc_msg",
  "exception",
  "stack_trace",
  "stacktrace",
  "stack",
  "error",
  "err",
  "error.type",
  "error.message",
  "error.stack_trace",
  "reason",
] as const;
const EXCEPTION_CODE = -2;
/** The string fields of an exception object (pino's `err`, ECS's `error`) that can say what failed. */
const EXCEPTION_TEXT_KEYS = ["type", "name", "message", "msg", "stack", "stack_trace"] as const;
/** Python puts the exception last in a traceback, Java first: a long text is read at both ends. */
const EXCEPTION_END_CHARS = 2048;

/** A DNS rcode field of SERVFAIL, or a CoreDNS query line saying it with no such field. */
function dnsServerFailure(rcode: unknown, message: string): boolean {
  if (rcode !== undefined) return typeof rcode === "string" && rcode.toUpperCase() === "SERVFAIL";
  return message.includes("SERVFAIL") && DNS_SERVFAIL_TEXT_RE.test(message);
}

const RANK_BITS = 6;
/** More aliases than this in one slot would spill into the next slot's codes. */
const RANKS = 1 << RANK_BITS;
if (SLOTS.some((keys) => keys.length >= RANKS)) throw new Error(`a slot of normalize.ts has ${RANKS} aliases or more`);
/** Alias -> slot * RANKS + rank (its place in the slot's list: lower wins); containers -> CONTAINER_CODE. */
const ALIAS_CODE = new Map<string, number>([
  ...SLOTS.flatMap((keys, slot) => keys.map((k, rank): [string, number] => [k, slot * RANKS + rank])),
  ...CONTAINER_KEYS.map((k): [string, number] => [k, CONTAINER_CODE]),
  ...EXCEPTION_KEYS.map((k): [string, number] => [k, EXCEPTION_CODE]),
]);

/**
 * The value of each slot's first alias present in `obj`, in one pass over the object's own keys
 * (a log has a handful): cheaper than probing all 40 aliases by name, most of them absent.
 */
const values: unknown[] = SLOTS.map(() => undefined);
const ranks = SLOTS.map(() => RANKS);
/** Bit s set: slot s holds a value (its rank is below RANKS) since aliasValues last cleared the slots. */
let filledSlots = 0;
/** The log's exception fields (EXCEPTION_KEYS), at most MAX_EXCEPTIONS of them. */
const exceptions: unknown[] = [];
let exceptionCount = 0;
/**
 * Go loggers whose opening keys say how they write a time.Duration (docs/stream-contract.md):
 * log/slog's JSONHandler opens every record with "time", "level", then "msg" ("source" between
 * when enabled) and writes an integer of nanoseconds (`"elapsed": 71734368` is 71.7 ms, not 20
 * hours); zap's production encoder opens with "level", then "ts" as epoch seconds, ("logger",
 * "caller" between), then "msg", and writes float seconds (Caddy's `"duration": 0.000812`).
 */
const GO_NONE = 0;
const GO_SLOG = 1;
const GO_ZAP = 2;
let goLogger = GO_NONE;
const MAX_EXCEPTIONS = 4;

/**
 * The next state of the opening check after key `k` with value `v` (see goLogger), -1 once it is
 * decided: on "msg" it sets goLogger. States: 1-3 slog's (time, level, source), 11-14 zap's
 * (level, ts, logger, caller).
 */
function openingStep(state: number, k: string, v: unknown): number {
  if (k === "msg" && (state === 2 || state === 3 || (state >= 12 && state <= 14))) {
    goLogger = state <= 3 ? GO_SLOG : GO_ZAP;
    return -1;
  }
  if (state === 0) return k === "time" ? 1 : k === "level" ? 11 : -1;
  if (state === 1) return k === "level" ? 2 : -1;
  if (state === 2) return k === "source" ? 3 : -1;
  if (state === 11) return k === "ts" && typeof v === "number" ? 12 : -1;
  if (state === 12 && k === "logger") return 13;
  if ((state === 12 || state === 13) && k === "caller") return 14;
  return -1;
}

/** Milliseconds per unit of a number a Go logger wrote for a time.Duration (see goLogger). */
function goDurationUnit(v: number): number {
  if (goLogger === GO_ZAP) return 1000;
  // A fraction is not a count of nanoseconds: whoever wrote it chose milliseconds.
  return Number.isInteger(v) ? 1e-6 : 1;
}

/**
 * The keys met at each position of the last logs, with their codes: a producer writes its keys
 * in one order, so most logs find theirs here by identity (JSON.parse's keys are internalized
 * strings) instead of by a lookup in ALIAS_CODE.
 */
const KEY_CACHE = 16;
const seenKeys: (string | undefined)[] = new Array(KEY_CACHE).fill(undefined);
const seenCodes: (number | undefined)[] = new Array(KEY_CACHE).fill(undefined);

/** Reuses one pair of arrays (reading is synchronous): no allocation per log. */
function aliasValues(obj: Record<string, unknown>): readonly unknown[] {
  // Only the slots the last log filled (a log fills a handful of the 14).
  for (let slot = 0; filledSlots !== 0; slot++, filledSlots >>>= 1) {
    if ((filledSlots & 1) === 0) continue;
    values[slot] = undefined;
    ranks[slot] = RANKS;
  }
  exceptionCount = 0;
  let containers = 0;
  let ecs = false;
  // openingStep's state: 0 before the first key, -1 once decided.
  let opening = 0;
  goLogger = GO_NONE;
  let at = 0;
  for (const k in obj) {
    if (opening >= 0) opening = openingStep(opening, k, obj[k]);
    let code: number | undefined;
    if (at < KEY_CACHE && seenKeys[at] === k) code = seenCodes[at];
    else {
      code = ALIAS_CODE.get(k);
      if (at < KEY_CACHE) {
        seenKeys[at] = k;
        seenCodes[at] = code;
      }
    }
    at++;
    if (code === undefined) continue;
    if (code === CONTAINER_CODE) {
      containers++;
      continue;
    }
    if (code === EXCEPTION_CODE) {
      if (exceptionCount < MAX_EXCEPTIONS) exceptions[exceptionCount++] = obj[k];
      continue;
    }
    const v = obj[k];
    // Elastic ECS as Filebeat and the ecs-logging libraries nest it: `"log": {"level": ...}`,
    // `"event": {"duration": ...}`. Objects, not the message those keys hold for other producers.
    if ((k === "log" || k === "event") && v !== null && typeof v === "object") {
      ecs = true;
      continue;
    }
    take(code, v);
  }
  if (containers > 0) nestedValues(obj);
  if (ecs) ecsValues(obj);
  if (ranks[0] === GELF_MESSAGE_RANK) gelfValues(obj);
  return values;
}

const GELF_MESSAGE_RANK = MESSAGE_KEYS.indexOf("short_message");
/** GELF (Graylog, Docker's gelf driver) prefixes a log's own fields with "_": `_app`, `_took_ms`, `_trace_id`. Read where the slot is empty. */
const gelfValues = (obj: Record<string, unknown>): void => fillEmptySlots(obj, (k) => (k.charCodeAt(0) === 95 /* _ */ ? k.slice(1) : undefined));

/** The slots still empty, from `obj`'s fields under the alias `alias` gives each key (undefined: not read). */
function fillEmptySlots(obj: Record<string, unknown>, alias: (k: string) => string | undefined): void {
  const filled = filledSlots;
  for (const k in obj) {
    const name = alias(k);
    const code = name === undefined ? undefined : ALIAS_CODE.get(name);
    if (code === undefined || code < 0 || (filled & (1 << (code >> RANK_BITS))) !== 0) continue;
    take(code, obj[k]);
  }
}

const ECS_LEVEL_CODE = ALIAS_CODE.get("log.level")!;
const ECS_DURATION_CODE = ALIAS_CODE.get("event.duration")!;

/**
 * ECS's nested `log.level` and `event.duration` (nanoseconds), as its flattened names rank. A log
 * with no other message keeps such an object as its message, as before.
 */
function ecsValues(obj: Record<string, unknown>): void {
  const log = obj.log as Record<string, unknown> | null;
  if (log !== null && typeof log === "object" && !Array.isArray(log)) take(ECS_LEVEL_CODE, log.level);
  const event = obj.event as Record<string, unknown> | null;
  if (event !== null && typeof event === "object" && !Array.isArray(event)) take(ECS_DURATION_CODE, event.duration);
  if (values[0] === undefined) for (const k of ["log", "event"] as const) if (k in obj) take(ALIAS_CODE.get(k)!, obj[k]);
}

function take(code: number, v: unknown): void {
  const slot = code >> RANK_BITS;
  const rank = code & (RANKS - 1);
  if (rank >= ranks[slot]!) return;
  const value =
    slot === ROUTE_SLOT
      ? routeValue(v, rank)
      : slot === INSTANCE_SLOT
        ? instanceName(v)
        : slot === LEVEL_SLOT && LEVEL_ONLY_IF_NAMED[rank] === 1
          ? namedLevel(v, rank === MONGO_SEVERITY_RANK)
          : slot === TIME_SLOT && rank === MONGO_TIME_RANK
            ? mongoDate(v)
            : slot === TIME_SLOT && rank === INSTANT_RANK
              ? log4jInstant(v)
              : slot === SERVICE_SLOT && (v === "stdout" || v === "stderr")
                ? undefined
                : v;
  if (present(value)) {
    values[slot] = value;
    ranks[slot] = rank;
    filledSlots |= 1 << slot;
  }
}

/** A level's name (LEVEL_ALIASES, any case), else undefined; single letters and D1-D5 only where `letters`. */
function namedLevel(v: unknown, letters: boolean): unknown {
  if (typeof v !== "string") return undefined;
  const key = v.trim().toUpperCase();
  // A letter is a level in MongoDB's `s` only: elsewhere `"type": "D"` is a code of something else.
  return LEVEL_ALIASES.has(key) && (letters || key.length > 2) ? v : undefined;
}
const MONGO_SEVERITY_RANK = LEVEL_KEYS.indexOf("s");

/** `t` is MongoDB's time only as its extended JSON date; in other logs it is something else. */
const MONGO_TIME_RANK = TIME_KEYS.indexOf("t");

/** log4j2's JsonLayout writes its time as `"instant": {"epochSecond": 1771588800, "nanoOfSecond": 123456000}`. */
const INSTANT_RANK = TIME_KEYS.indexOf("instant");
function log4jInstant(v: unknown): number | undefined {
  const { epochSecond, nanoOfSecond } = asObject(v) ?? {};
  if (typeof epochSecond !== "number") return undefined;
  return epochSecond * 1000 + (typeof nanoOfSecond === "number" ? Math.floor(nanoOfSecond / 1e6) : 0);
}

/** MongoDB's extended JSON date ({"$date": "2024-05-01T15:16:17.180+00:00"} or epoch ms), else undefined. */
function mongoDate(v: unknown): unknown {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
  const d = (v as Record<string, unknown>).$date;
  if (typeof d === "string" || typeof d === "number") return d;
  // Canonical extended JSON: {"$date": {"$numberLong": "1714576577180"}}.
  const long = d !== null && typeof d === "object" ? (d as Record<string, unknown>).$numberLong : undefined;
  return typeof long === "string" ? Number(long) : undefined;
}

const URL_RANK = ROUTE_KEYS.indexOf("url");
/** A route is a string; only a `url` object (ECS: its `path`) or pino-http's `req` (its `url`) holds one. */
function routeValue(v: unknown, rank: number): string | undefined {
  if (typeof v === "string") return v;
  if (rank < URL_RANK || v === null || typeof v !== "object") return undefined;
  const inner = rank === URL_RANK ? (v as Record<string, unknown>).path : (v as Record<string, unknown>).url;
  return typeof inner === "string" ? inner : undefined;
}

/** Slots the top level left empty, from its containers (CONTAINER_KEYS), in their order. */
function nestedValues(obj: Record<string, unknown>): void {
  const topLevel = filledSlots;
  for (const name of CONTAINER_KEYS) {
    const inner = obj[name];
    if (inner === null || typeof inner !== "object") continue;
    if (Array.isArray(inner)) {
      if (name === "attributes") otlpAttributeValues(inner, topLevel);
      continue;
    }
    if (name === "jsonPayload" && agentSeverity(obj.severity)) takeOwnLevel(inner as Record<string, unknown>);
    for (const k in inner as Record<string, unknown>) {
      const code = ALIAS_CODE.get(k);
      if (code === undefined || code < 0 || (topLevel & (1 << (code >> RANK_BITS))) !== 0) continue;
      take(code, (inner as Record<string, unknown>)[k]);
    }
  }
}

/**
 * Google Cloud Logging's agent sets a line's `severity` from the application's own `severity`
 * field; a logger that writes its level under another name (`lvl`, `level`) gets INFO or DEFAULT,
 * the agent's, not the application's.
 */
function agentSeverity(v: unknown): boolean {
  return typeof v === "string" && (v === "INFO" || v === "DEFAULT");
}

/** The application's level in `jsonPayload`, over the agent's severity (agentSeverity), when it writes one. */
function takeOwnLevel(payload: Record<string, unknown>): void {
  for (const k in payload) {
    const code = ALIAS_CODE.get(k);
    if (code === undefined || code < 0 || code >> RANK_BITS !== LEVEL_SLOT || !present(payload[k])) continue;
    const before = values[LEVEL_SLOT];
    const rank = ranks[LEVEL_SLOT]!;
    values[LEVEL_SLOT] = undefined;
    ranks[LEVEL_SLOT] = RANKS;
    take(code, payload[k]);
    // Not a level after all (a number where only a name counts): the agent's stays.
    if (values[LEVEL_SLOT] === undefined) {
      values[LEVEL_SLOT] = before;
      ranks[LEVEL_SLOT] = rank;
    }
    return;
  }
}

/**
 * A response time sent as a string: a number of milliseconds ("812", "812 ms"), or a duration
 * with its unit as Go and Rust loggers write it ("1233.8ms", "2.66s", "150µs", "1m3.5s").
 */
/** ISO 8601's duration, as Java's `Duration.toString()` and logstash-logback-encoder write it: "PT4.89S", "PT1M3.5S", "P1DT2H". */
const ISO_DURATION_RE = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
function isoDurationMs(s: string): number | undefined {
  const m = ISO_DURATION_RE.exec(s);
  if (m === null || s === "P" || s.endsWith("T")) return undefined;
  return (Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 3_600_000 + Number(m[3] ?? 0) * 60_000 + Number(m[4] ?? 0) * 1000;
}

const MS_SUFFIX_RE = /ms\s*$/i;
const scaled = (v: number | undefined, unit: number): number | undefined => (v === undefined ? undefined : v * unit);

const DURATION_PART_RE = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/gy;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
function durationMs(raw: string, unit: number): number | undefined {
  const plain = toNumber(raw);
  // toNumber reads "250ms" as 250: a value in ms says so, whatever its key's unit.
  if (plain !== undefined) return MS_SUFFIX_RE.test(raw) ? plain : plain * unit;
  const s = raw.trim();
  if (s.charCodeAt(0) === 80 /* P */) return isoDurationMs(s);
  DURATION_PART_RE.lastIndex = 0;
  let total = 0;
  let parts = 0;
  while (DURATION_PART_RE.lastIndex < s.length) {
    const m = DURATION_PART_RE.exec(s);
    if (m === null) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    parts++;
  }
  return parts > 0 ? total : undefined;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v.trim().replace(/\s*(ms|%)$/i, ""));
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export type NormalizeResult = { ok: true; record: LogRecord } | { ok: false; reason: string };

/** One log's fields once parsed; one instance is reused from log to log. */
interface Fields {
  message: string;
  timestampMs: number;
  /** What the answer shows as the log's timestamp. */
  timestamp: string;
  /** Whether `timestamp` can be rebuilt from timestampMs (see log-table.ts). */
  timeForm: TimeForm;
  level: Level;
  service: string;
  responseTimeMs: number;
  memoryPct: number;
  traceId: string | undefined;
  /** What its exception fields say of memory running out (EXCEPTION_KEYS), undefined when nothing. */
  memoryWording: string | undefined;
  /** What its exception fields say of a timeout (EXCEPTION_KEYS), undefined when nothing. */
  timeoutWording: string | undefined;
  /** The first line of its exception (EXCEPTION_KEYS), digits masked, undefined when it carries none. */
  exception: string | undefined;
  /** The route as the log names it (the table keeps its shape, route.ts), undefined when none. */
  route: string | undefined;
  /** The host, pod or server that wrote it (INSTANCE_KEYS), undefined when none. */
  instance: string | undefined;
  /** A used size without its total (MEMORY_USED_KEYS), in bytes, when no percent was read; else NaN. */
  memoryBytes: number;
  /** The HTTP status of the request it served (HTTP_STATUS_KEYS), 0 when none. */
  httpStatus: number;
}

const fields: Fields = {
  message: "",
  timestampMs: Number.NaN,
  timestamp: "",
  timeForm: TIME_RAW,
  level: "INFO",
  service: "",
  responseTimeMs: Number.NaN,
  memoryPct: Number.NaN,
  traceId: undefined,
  memoryWording: undefined,
  timeoutWording: undefined,
  exception: undefined,
  route: undefined,
  instance: undefined,
  memoryBytes: Number.NaN,
  httpStatus: 0,
};

/**
 * `raw` is a parsed JSON value or a stream entry's flat fields. `fallbackTimeMs` is used when the
 * log itself has no timestamp (a stream entry id, a sorted-set score).
 */
export function normalizeLog(raw: unknown, index: number, fallbackTimeMs = Number.NaN): NormalizeResult {
  const reason = parse(raw, fallbackTimeMs);
  if (reason !== undefined) return { ok: false, reason };
  const f = fields;
  const record: LogRecord = { index, timestampMs: f.timestampMs, timestamp: f.timestamp, level: f.level, message: f.message, service: f.service };
  if (!Number.isNaN(f.responseTimeMs)) record.responseTimeMs = f.responseTimeMs;
  if (!Number.isNaN(f.memoryPct)) record.memoryPct = f.memoryPct;
  if (!Number.isNaN(f.memoryBytes)) record.memoryBytes = f.memoryBytes;
  if (f.httpStatus !== 0) record.httpStatus = f.httpStatus;
  if (f.traceId !== undefined) record.traceId = f.traceId;
  if (f.memoryWording !== undefined) record.memoryWording = f.memoryWording;
  if (f.timeoutWording !== undefined) record.timeoutWording = f.timeoutWording;
  if (f.exception !== undefined) record.exception = f.exception;
  const route = f.route === undefined ? undefined : routeShape(f.route);
  if (route !== undefined) record.route = route;
  if (f.instance !== undefined) record.instance = f.instance;
  return { ok: true, record };
}

/** normalizeLog straight into a table: the reason when the entry is skipped, else undefined. */
export function normalizeInto(table: LogTableBuilder, raw: unknown, index: number, fallbackTimeMs = Number.NaN, streamId?: string): string | undefined {
  const reason = parse(raw, fallbackTimeMs);
  if (reason !== undefined) return reason;
  const f = fields;
  table.addFields(index, severityOf(f.level), f, streamId);
  return undefined;
}

function parse(raw: unknown, fallbackTimeMs: number): string | undefined {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return `entry is ${raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw}, not a JSON object`;
  }
  const obj = raw as Record<string, unknown>;
  const reason = fromAliases(obj, aliasValues(obj), fallbackTimeMs);
  if (reason === undefined && fields.message.charCodeAt(0) === 123 /* { */) embeddedLog(obj, fallbackTimeMs);
  return reason;
}

/**
 * A log whose message is the application's own JSON log as a string: Docker's json-file driver
 * (`{"log": "{\"level\":\"error\",...}\n", "stream": "stderr", "time": ...}`), Fluent Bit or
 * FireLens without a parser. The application's fields are the log (its level, time, service,
 * latency); the envelope's fill what it lacks (a time, the Kubernetes metadata). Anything else
 * (not JSON, no message of its own) leaves the envelope as it was read.
 */
function embeddedLog(obj: Record<string, unknown>, fallbackTimeMs: number): void {
  const text = fields.message;
  const key = MESSAGE_KEYS[ranks[0]!]!;
  if (obj[key] !== text || text.charCodeAt(lastNonSpace(text)) !== 125 /* } */) return;
  let inner: unknown;
  try {
    inner = JSON.parse(text);
  } catch {
    return;
  }
  const log = asObject(inner);
  if (log === undefined) return;
  const merged: Record<string, unknown> = {};
  for (const k in log) merged[k] = log[k];
  for (const k in obj) if (k !== key && !(k in merged)) merged[k] = obj[k];
  const v = aliasValues(log);
  // The slots the application's log left empty, from its envelope's fields (not the one holding it).
  fillEmptySlots(obj, (k) => (k === key ? undefined : k));
  if (fromAliases(merged, v, fallbackTimeMs) === undefined) return;
  // Not a log of its own (a payload, say): the envelope is the log, its message that JSON.
  fromAliases(obj, aliasValues(obj), fallbackTimeMs);
}

function lastNonSpace(s: string): number {
  let i = s.length - 1;
  while (i > 0 && s.charCodeAt(i) <= 32) i--;
  return i;
}

const NO_MESSAGE = "no message field (message, msg, log, text, body, event) and no request (request, or a method and a path)";
/** An access log's method, as nginx's JSON formats (`request_method`), CDNs, OpenTelemetry and Amazon API Gateway name it. */
const ACCESS_METHOD_KEYS = ["request_method", "method", "http_method", "http.request.method", "httpMethod"] as const;

/**
 * The message of an access log that writes none: nginx's `$request` ("GET /cart HTTP/2.0"), or
 * its method and the route it names (ROUTE_KEYS), then its status, as a raw access line has them ("GET /cart 504"). An
 * access log in JSON is read as the requests it records, not skipped for want of a message.
 */
function requestLine(obj: Record<string, unknown>, statusRaw: unknown, path: string | undefined): string | undefined {
  let request = typeof obj.request === "string" && obj.request !== "" ? obj.request : undefined;
  if (request === undefined) {
    const method = path ? firstString(obj, ACCESS_METHOD_KEYS) : undefined;
    if (method === undefined) return undefined;
    request = `${method} ${path}`;
  }
  // Envoy's JSON access log names its status `response_code` (read as a DNS code elsewhere).
  const status = httpStatus(statusRaw ?? obj.response_code);
  return `${Number.isNaN(status) ? request : `${request} ${status}`}${envoyFailure(obj)}`;
}

/**
 * What Envoy's access log says went wrong, as its text format writes it after the status: its
 * response flags ("UF", "UT", "UH,URX"), the upstream connection's failure ("TLS error: ...
 * CERTIFICATE_VERIFY_FAILED") and the status's details unless it came from the upstream. Without
 * them a request line says that a request failed, not why.
 */
function envoyFailure(obj: Record<string, unknown>): string {
  let out = "";
  for (const k of ["response_flags", "upstream_transport_failure_reason", "response_code_details"] as const) {
    const v = obj[k];
    if (typeof v === "string" && v !== "" && v !== "-" && v !== "via_upstream") out += ` ${v}`;
  }
  return out;
}

/**
 * A request answered by a cache is a different operation from the same request fetched from its
 * origin: a hit takes 2 ms and a miss the origin's 100 ms, every day. The cache's answer (HIT,
 * MISS, EXPIRED, ...: its first word) joins the route, so a miss is judged against misses.
 */
function withCacheStatus(route: string, status: unknown): string {
  if (typeof status !== "string") return route;
  const word = /^[A-Za-z_]{1,16}/.exec(status)?.[0];
  return word === undefined ? route : `${route} ${word.toUpperCase()}`;
}

/** Celery's worker log names the task a line is about: "Task exports.tasks.export_csv[<task id>] succeeded in 10.02s: None". */
const CELERY_TASK = /^Task ([A-Za-z_][\w.:]*)\[[^\]\s]+\]/;

/**
 * The task a Celery worker's line is about (received, succeeded, retried, raised), read as the
 * line's route: the task named is what was asked for, as a request's path is, so an export task
 * that takes seconds is judged against its own runs, not against the receipts sent in 50 ms.
 */
function celeryTask(message: string): string | undefined {
  if (message.charCodeAt(0) !== 84 || !message.startsWith("Task ")) return undefined;
  return CELERY_TASK.exec(message)?.[1];
}

function firstString(obj: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === "string" && v !== "") return v;
  }
  return undefined;
}

/** used / total in percent when both come from the same pair (MEMORY_USED_KEYS, MEMORY_TOTAL_KEYS), else undefined. */
function memoryFromPair(v: readonly unknown[]): number | undefined {
  if (v[MEMORY_USED_SLOT] === undefined || ranks[MEMORY_USED_SLOT] !== ranks[MEMORY_TOTAL_SLOT]) return undefined;
  const used = toNumber(v[MEMORY_USED_SLOT]);
  const total = toNumber(v[MEMORY_TOTAL_SLOT]);
  return used !== undefined && total !== undefined && used >= 0 && total > 0 ? (100 * used) / total : undefined;
}

/** `fields` from each slot's chosen value (message, level, time, service, response time, memory, trace id, route). */
function fromAliases(obj: Record<string, unknown>, v: readonly unknown[], fallbackTimeMs: number): string | undefined {
  // Indexed, not destructured: destructuring an array goes through its iterator, a cost a log.
  const messageRaw = v[0];
  const levelRaw = v[1];
  const timeRaw = v[2];
  const serviceRaw = v[3];
  const rtRaw = v[4];
  const memRaw = v[5];
  const traceRaw = v[6];
  const f = fields;
  if (typeof messageRaw === "string")
    f.message = ranks[0] === MESSAGE_TEMPLATE_RANK || ranks[0] === SERILOG_TEMPLATE_RANK ? rendered(messageRaw, obj) : messageRaw;
  else if (messageRaw !== undefined) f.message = otlpString(messageRaw) ?? JSON.stringify(messageRaw);
  else {
    const request = requestLine(obj, v[HTTP_STATUS_SLOT], v[ROUTE_SLOT] as string | undefined);
    if (request === undefined) return NO_MESSAGE;
    f.message = request;
  }
  // A container's raw line with no level field keeps its terminal colours ("\u001b[31mERROR\u001b[0m
  // ..."): the line, and the level word in it, are what they colour.
  if (levelRaw === undefined && f.message.includes("\u001b[")) f.message = withoutAnsi(f.message);

  // The common case first: an ISO string in UTC, kept verbatim (what isoOrRaw would keep).
  const iso = typeof timeRaw === "string" ? parseIsoUtc(timeRaw) : Number.NaN;
  if (!Number.isNaN(iso)) {
    f.timestampMs = iso;
    f.timestamp = timeRaw as string;
    f.timeForm = !lastMinuteExact ? TIME_RAW : f.timestamp.length === 24 ? TIME_ISO : TIME_ISO_SECONDS;
  } else {
    let ms = timeRaw === undefined ? Number.NaN : parseOtherTimestamp(timeRaw);
    if (Number.isNaN(ms)) {
      // A time that is there but unreadable ("not a date") would be echoed as if it were one:
      // the entry is skipped, with the reason, unless its place in the key dates it (a stream
      // entry's id, a sorted set's score). An absent or empty time leaves the log untimed.
      if (Number.isNaN(fallbackTimeMs) && hasValue(timeRaw)) return `timestamp ${preview(timeRaw)} is not a date (ISO 8601, or epoch seconds or milliseconds)`;
      ms = fallbackTimeMs;
    }
    f.timestampMs = ms;
    f.timestamp = Number.isNaN(ms) ? (typeof timeRaw === "string" ? timeRaw : "") : isoOrRaw(ms, timeRaw);
    f.timeForm = TIME_RAW;
  }
  // A raw access line's status is in its text, read once for its level and its status: a line
  // with no level field, or an access logger's JSON with a level but the status only in its
  // text (gunicorn's access log through a JSON formatter: every line "info", the request line
  // and its status in the message).
  const status = v[HTTP_STATUS_SLOT] ?? obj.response_code;
  const textStatus = levelRaw === undefined || status === undefined ? textAccessStatus(f.message) : Number.NaN;
  f.level =
    levelRaw === undefined ? levelFromText(f.message, textStatus) : OTEL_SEVERITY_RANKS[ranks[1]!] === 1 ? otelSeverity(levelRaw) : normalizeLevel(levelRaw);
  // A 5xx response is a request the server failed, whatever level its access logger writes
  // every line at (pino-http, ECS and OpenTelemetry access lines are all INFO): an ERROR, as a
  // raw access line's 5xx is (levelFromText).
  // Envoy's access log names it `response_code`, and so do SIP proxies (SIP's classes are
  // HTTP's); a DNS server's `response_code` is a word (SERVFAIL) or a number under 100, no status.
  const code = status === undefined ? textStatus : httpStatus(status);
  f.httpStatus = code >= 100 && code <= 599 ? code : 0;
  if (belowError(f.level) && code >= 500) f.level = "ERROR";
  // So is a DNS query the server failed (SERVFAIL), which a query log writes at INFO too.
  if (belowError(f.level) && dnsServerFailure(v[DNS_RCODE_SLOT], f.message)) f.level = "ERROR";
  f.service =
    typeof serviceRaw === "string"
      ? serviceRaw
      : serviceRaw === undefined
        ? (loggerName(obj) ?? tracingCrate(obj) ?? shipperService(obj) ?? "unknown")
        : serviceName(serviceRaw);
  const rank = ranks[RESPONSE_TIME_SLOT]!;
  const unit = goLogger !== GO_NONE && typeof rtRaw === "number" && UNSUFFIXED_TIME[rank] === 1 ? goDurationUnit(rtRaw) : (RESPONSE_TIME_FACTOR[rank] ?? 1);
  const rt = typeof rtRaw === "string" ? durationMs(rtRaw, unit) : scaled(toNumber(rtRaw), unit);
  f.responseTimeMs = rt !== undefined && rt >= 0 ? rt : levelRaw === undefined ? accessLogRequestMs(f.message) : Number.NaN;
  const mem = toNumber(memRaw);
  f.traceId = traceRaw === undefined ? undefined : typeof traceRaw === "string" ? traceRaw : typeof traceRaw === "number" ? String(traceRaw) : undefined;
  f.memoryPct = mem !== undefined && mem >= 0 ? (mem <= 1 && mem > 0 && !Number.isInteger(mem) ? mem * 100 : Math.min(mem, 100)) : Number.NaN;
  if (memRaw === undefined) f.memoryPct = Math.min(memoryFromPair(v) ?? Number.NaN, 100);
  f.memoryWording = exceptionCount > 0 ? exceptionWording(outOfMemoryWording) : undefined;
  f.timeoutWording = exceptionCount > 0 ? exceptionWording(timeoutWording) : undefined;
  f.exception = exceptionCount > 0 ? exceptionHead() : undefined;
  // An exception saying memory ran out is a reading, as the same words in the message are
  // (parseMemoryPct): 100 for out of memory, 98 for GC overhead or memory pressure.
  if (f.memoryWording !== undefined && Number.isNaN(f.memoryPct)) f.memoryPct = parseMemoryPct(f.memoryWording);
  f.memoryBytes = Number.isNaN(f.memoryPct) ? usedBytes(v) : Number.NaN;
  const route = v[ROUTE_SLOT] as string | undefined;
  f.route = route === undefined ? celeryTask(f.message) : withCacheStatus(route, v[CACHE_STATUS_SLOT]);
  f.instance = (v[INSTANCE_SLOT] as string | undefined) ?? podName(obj);
  return undefined;
}

/** An ANSI SGR sequence (colour, bold): ESC [ parameters m. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI sequence starts with ESC
const ANSI_RE = /\u001b\[[0-9;]*m/g;
/** The text without its terminal colours. */
export const withoutAnsi = (text: string): string => text.replace(ANSI_RE, "");

const MESSAGE_TEMPLATE_RANK = MESSAGE_KEYS.indexOf("MessageTemplate");
const SERILOG_TEMPLATE_RANK = MESSAGE_KEYS.indexOf("@mt");
/** A hole of a message template: `{Elapsed}`, `{Elapsed:0.0000}`, `{@Order}`, `{$Name}`, `{Count,5}`. */
const TEMPLATE_HOLE_RE = /(?<!\{)\{[@$]?([A-Za-z_][A-Za-z0-9_]*)(?:[,:][^{}]*)?\}/g;

/**
 * Serilog's compact JSON (`@mt`) and its JSON formatter (`MessageTemplate`, properties under
 * `Properties`) write the template and its values apart when nothing rendered it. Rendered, a
 * request's line says its time ("responded 200 in 431.22 ms"), as the same log rendered does;
 * the template alone says none. A hole whose value is not a string, a number or a boolean stays.
 */
function rendered(template: string, obj: Record<string, unknown>): string {
  if (!template.includes("{")) return template;
  const props = obj.Properties !== null && typeof obj.Properties === "object" ? (obj.Properties as Record<string, unknown>) : undefined;
  return template.replace(TEMPLATE_HOLE_RE, (hole, name: string) => {
    const value = obj[name] ?? props?.[name];
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : hole;
  });
}

/** OpenTelemetry's OTLP/JSON writes a string as `{"stringValue": "..."}` (a record's `body`, an attribute's value). */
function otlpString(v: unknown): string | undefined {
  const s = asObject(v)?.stringValue;
  return typeof s === "string" ? s : undefined;
}

/**
 * Slots the top level left empty, from a record's attributes as OTLP/JSON writes them (the
 * Collector's file exporter, an OTLP/HTTP JSON payload): a list of `{"key": "duration_ms",
 * "value": {"doubleValue": 793.1}}`, where the SDKs' own JSON has an object.
 */
function otlpAttributeValues(list: unknown[], topLevel: number): void {
  for (const a of list) {
    const o = asObject(a);
    if (o === undefined || typeof o.key !== "string") continue;
    const code = ALIAS_CODE.get(o.key);
    if (code === undefined || code < 0 || (topLevel & (1 << (code >> RANK_BITS))) !== 0) continue;
    const value = asObject(o.value);
    // int64 is a string in OTLP/JSON ("intValue": "244"); the slots read numbers from strings.
    const v = value?.stringValue ?? value?.doubleValue ?? value?.intValue ?? value?.boolValue;
    if (v !== undefined) take(code, v);
  }
}

/** OTLP/JSON's attributes are a list of `{"key": ..., "value": {"stringValue": ...}}`. */
function otlpAttribute(list: unknown[], key: string): string | undefined {
  for (const a of list) {
    const o = asObject(a);
    if (o?.key === key) return nonEmpty(otlpString(o.value));
  }
  return undefined;
}

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const nonEmpty = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * The service a log shipper's metadata names, for a log that names none itself. Kubernetes' as
 * Fluent Bit, Fluentd and Vector attach it: the pod's `app.kubernetes.io/name`, `app` or `k8s-app`
 * label (`labels`, Vector's `pod_labels`), else its container's name. Google Cloud Logging's: a
 * GKE pod's `k8s-pod/app` label, else the resource's labels (a Cloud Run service, a function,
 * a container). Without them all of a cluster's lines would be one service, "unknown".
 */
function shipperService(obj: Record<string, unknown>): string | undefined {
  const k8s = asObject(obj.kubernetes);
  if (k8s !== undefined) {
    const labels = asObject(k8s.labels) ?? asObject(k8s.pod_labels);
    return nonEmpty(labels?.["app.kubernetes.io/name"]) ?? nonEmpty(labels?.app) ?? nonEmpty(labels?.["k8s-app"]) ?? nonEmpty(k8s.container_name);
  }
  const otlp = asObject(obj.resource)?.attributes;
  if (Array.isArray(otlp)) return otlpAttribute(otlp, "service.name");
  const resource = asObject(asObject(obj.resource)?.labels);
  if (resource === undefined) return undefined;
  const labels = asObject(obj.labels);
  return (
    nonEmpty(labels?.["k8s-pod/app_kubernetes_io/name"]) ??
    nonEmpty(labels?.["k8s-pod/app"]) ??
    nonEmpty(resource.service_name) ??
    nonEmpty(resource.function_name) ??
    nonEmpty(resource.container_name)
  );
}

/** The pod a Kubernetes log shipper's metadata names (`kubernetes.pod_name`), as the instance that wrote the log. */
function podName(obj: Record<string, unknown>): string | undefined {
  const k8s = asObject(obj.kubernetes);
  return k8s === undefined ? undefined : instanceName(k8s.pod_name);
}

/** The used size of a MEMORY_USED_KEYS alias in bytes, NaN when there is none (or not a size). */
function usedBytes(v: readonly unknown[]): number {
  const used = v[MEMORY_USED_SLOT] === undefined ? undefined : toNumber(v[MEMORY_USED_SLOT]);
  return used !== undefined && used > 0 ? used * MEMORY_USED_BYTES[ranks[MEMORY_USED_SLOT]!]! : Number.NaN;
}

/**
 * pino and Bunyan name the application in `name` (`pino({ name: "payments-api" })`), beside the
 * `pid` and `hostname` both always write; elsewhere `name` is anything (a user's, an event's), so
 * it names the service only in such a log, and only when no service field does.
 */
function loggerName(obj: Record<string, unknown>): string | undefined {
  const name = obj.name;
  return typeof name === "string" && name !== "" && obj.pid !== undefined && obj.hostname !== undefined ? name : undefined;
}

/**
 * Rust's tracing-subscriber writes JSON with the message in a `fields` object and the module the
 * event came from in `target` (`game_server::session`): its first segment is the crate, the
 * program. Elsewhere `target` is anything (a URL, a host), so it names the service only in such
 * a log, and only when no service field does.
 */
function tracingCrate(obj: Record<string, unknown>): string | undefined {
  const target = obj.target;
  if (typeof target !== "string" || target === "" || asObject(obj.fields) === undefined) return undefined;
  const end = target.indexOf("::");
  return end < 0 ? target : end > 0 ? target.slice(0, end) : undefined;
}

/** A name (a string, or a number: a node id) of at most MAX_INSTANCE_CHARS, else undefined (ECS's `host` object, a flag). */
function instanceName(v: unknown): string | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : undefined;
  return typeof v === "string" && v !== "" && v.length <= MAX_INSTANCE_CHARS ? v : undefined;
}

/**
 * The first words `find` reads in the log's exception fields, or undefined: the out-of-memory or
 * memory-pressure words (outOfMemoryWording), or a timeout's (timeoutWording): zap's
 * `logger.Warn("reserve stock failed", zap.Error(err))` says what failed in the message and why
 * in the error, `context deadline exceeded`.
 */
function exceptionWording(find: (text: string) => string | undefined): string | undefined {
  for (let i = 0; i < exceptionCount; i++) {
    const words = find(exceptionText(exceptions[i]));
    if (words !== undefined) return kept(words);
  }
  return undefined;
}

/** Characters of an exception's first line kept as its head. */
const EXCEPTION_HEAD_CHARS = 120;

/**
 * The first non-empty line of the log's first exception that has any text, digits masked as "#"
 * and cut to EXCEPTION_HEAD_CHARS: what kind of failure the line reports, shared by every line
 * that reports the same kind. Undefined when its exception fields are all empty (`"error": null`,
 * `"err": {}`).
 */
function exceptionHead(): string | undefined {
  for (let i = 0; i < exceptionCount; i++) {
    const text = exceptionText(exceptions[i]);
    let from = 0;
    while (from < text.length && text.charCodeAt(from) <= 32) from++;
    if (from === text.length) continue;
    // A masked run of digits is one "#": a line of up to three times the head's length still
    // fills the head once masked.
    let to = text.indexOf("\n", from);
    if (to < 0 || to > from + 3 * EXCEPTION_HEAD_CHARS) to = Math.min(text.length, from + 3 * EXCEPTION_HEAD_CHARS);
    return kept(text.slice(from, to).replace(DIGIT_RUNS, "#").slice(0, EXCEPTION_HEAD_CHARS).trimEnd(), HEADS, MAX_HEADS);
  }
  return undefined;
}

const DIGIT_RUNS = /[0-9]+/g;

function exceptionText(v: unknown): string {
  if (typeof v === "string") return v.length <= 2 * EXCEPTION_END_CHARS ? v : `${v.slice(0, EXCEPTION_END_CHARS)}\n${v.slice(-EXCEPTION_END_CHARS)}`;
  if (v === null || typeof v !== "object" || Array.isArray(v)) return "";
  let text = "";
  for (const k of EXCEPTION_TEXT_KEYS) {
    const inner = (v as Record<string, unknown>)[k];
    if (typeof inner === "string") text += `${exceptionText(inner)}\n`;
  }
  return text;
}

/**
 * A copy of the words, shared by every row that says them: a match is a view into its whole
 * exception text (V8 slices strings), which the column would otherwise keep alive.
 */
const WORDINGS = new Map<string, string>();
const MAX_WORDINGS = 256;
/** Exception heads (exceptionHead), apart: a service's many kinds of failure do not crowd out the wordings. */
const HEADS = new Map<string, string>();
const MAX_HEADS = 4096;
function kept(words: string, known = WORDINGS, max = MAX_WORDINGS): string {
  const same = known.get(words);
  if (same !== undefined) return same;
  const copy = Buffer.from(words, "utf8").toString("utf8");
  if (known.size < max) known.set(copy, copy);
  return copy;
}

/**
 * A service sent as something other than a string. Elastic ECS nests it (`"service": {"name":
 * "orders"}`): its name. Any other object by its JSON text: String() would call the producer's own
 * "toString" (a field, not a function, in parsed JSON: a TypeError), and every object would be
 * "[object Object]", one service.
 */
function serviceName(raw: unknown): string {
  if (raw === null || typeof raw !== "object") return String(raw);
  // A Kubernetes event's `source` is `{"component": "kubelet", "host": "node-4"}`.
  const o = raw as Record<string, unknown>;
  return nonEmpty(o.name) ?? nonEmpty(o.component) ?? JSON.stringify(raw);
}

function hasValue(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");
}

/** A short JSON rendering of a bad value for a reason: `"not a date"`, `true`, `{...}`. */
function preview(v: unknown): string {
  if (typeof v === "object") return Array.isArray(v) ? "[...]" : "{...}";
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…"` : s;
}

/** Keep the producer's ISO string when it is one (so answers echo it); else render UTC ISO. */
function isoOrRaw(ms: number, raw: unknown): string {
  if (typeof raw === "string" && raw.charCodeAt(10) === 84 /* T */ && /^\d{4}-\d{2}-\d{2}T/.test(raw)) return raw;
  try {
    return new Date(ms).toISOString();
  } catch {
    return String(raw ?? "");
  }
}
