import type { Level, LogRecord } from "./types.js";

/**
 * Turns what real producers write into a LogRecord: field aliases, levels in any spelling,
 * timestamps as ISO 8601 or epoch seconds/milliseconds, numbers sent as strings.
 */

const MESSAGE_KEYS = ["message", "msg", "log", "text", "body"] as const;
const LEVEL_KEYS = ["level", "severity", "lvl", "log_level", "loglevel", "levelname", "severity_text"] as const;
const TIME_KEYS = ["timestamp", "@timestamp", "time", "ts", "datetime", "date"] as const;
const SERVICE_KEYS = ["service", "service_name", "app", "application", "component", "logger", "source"] as const;
const RESPONSE_TIME_KEYS = [
  "response_time",
  "response_time_ms",
  "duration_ms",
  "latency_ms",
  "elapsed_ms",
  "took_ms",
  "responseTime",
  "latency",
  "duration",
] as const;
const MEMORY_KEYS = ["memory_usage", "memory_pct", "memory_percent", "mem_pct", "memoryUsage", "heap_used_pct"] as const;

const LEVEL_ALIASES: Record<string, Level> = {
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
};

/** syslog numeric severities (0 emergency .. 7 debug). */
const SYSLOG_LEVELS: Level[] = ["CRITICAL", "CRITICAL", "CRITICAL", "ERROR", "WARNING", "INFO", "INFO", "DEBUG"];

export function normalizeLevel(raw: unknown): Level {
  if (typeof raw === "number" && Number.isInteger(raw)) {
    // pino/bunyan numeric levels are 10..60; syslog is 0..7.
    if (raw >= 10) return raw >= 60 ? "CRITICAL" : raw >= 50 ? "ERROR" : raw >= 40 ? "WARNING" : raw >= 30 ? "INFO" : "DEBUG";
    return SYSLOG_LEVELS[raw] ?? "INFO";
  }
  if (typeof raw !== "string") return "INFO";
  const key = raw.trim().toUpperCase();
  if (/^\d+$/.test(key)) return normalizeLevel(Number(key));
  return LEVEL_ALIASES[key] ?? "INFO";
}

/** Epoch ms from ISO 8601 or an epoch number in seconds, milliseconds or microseconds. */
export function parseTimestamp(raw: unknown): number {
  if (typeof raw === "number") return epochToMs(raw);
  if (typeof raw !== "string") return Number.NaN;
  const s = raw.trim();
  if (s === "") return Number.NaN;
  if (/^-?\d+(\.\d+)?$/.test(s)) return epochToMs(Number(s));
  return Date.parse(s);
}

function epochToMs(v: number): number {
  if (!Number.isFinite(v)) return Number.NaN;
  const a = Math.abs(v);
  // Seconds until year 5138, milliseconds until then, microseconds beyond.
  if (a < 1e11) return v * 1000;
  if (a < 1e14) return v;
  return v / 1000;
}

function firstKey(obj: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
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

/**
 * `raw` is a parsed JSON value or a stream entry's flat fields. `fallbackTimeMs` is used when the
 * log itself has no timestamp (a stream entry id, a sorted-set score).
 */
export function normalizeLog(raw: unknown, index: number, fallbackTimeMs = Number.NaN): NormalizeResult {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, reason: `entry is ${raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw}, not a JSON object` };
  }
  const obj = raw as Record<string, unknown>;
  const messageRaw = firstKey(obj, MESSAGE_KEYS);
  if (messageRaw === undefined) return { ok: false, reason: "no message field (message, msg, log)" };
  const message = typeof messageRaw === "string" ? messageRaw : JSON.stringify(messageRaw);

  const timeRaw = firstKey(obj, TIME_KEYS);
  let timestampMs = timeRaw === undefined ? Number.NaN : parseTimestamp(timeRaw);
  if (Number.isNaN(timestampMs)) timestampMs = fallbackTimeMs;
  const timestamp = Number.isNaN(timestampMs) ? (typeof timeRaw === "string" ? timeRaw : "") : isoOrRaw(timestampMs, timeRaw);

  const serviceRaw = firstKey(obj, SERVICE_KEYS);
  const record: LogRecord = {
    index,
    timestampMs,
    timestamp,
    level: normalizeLevel(firstKey(obj, LEVEL_KEYS)),
    message,
    service: typeof serviceRaw === "string" ? serviceRaw : serviceRaw === undefined ? "unknown" : String(serviceRaw),
  };
  const rt = toNumber(firstKey(obj, RESPONSE_TIME_KEYS));
  if (rt !== undefined && rt >= 0) record.responseTimeMs = rt;
  const mem = toNumber(firstKey(obj, MEMORY_KEYS));
  if (mem !== undefined && mem >= 0) record.memoryPct = mem <= 1 && mem > 0 && !Number.isInteger(mem) ? mem * 100 : Math.min(mem, 100);
  return { ok: true, record };
}

/** Keep the producer's ISO string when it is one (so answers echo it); else render UTC ISO. */
function isoOrRaw(ms: number, raw: unknown): string {
  if (typeof raw === "string" && /^\d{4}-\d{2}-\d{2}T/.test(raw)) return raw;
  try {
    return new Date(ms).toISOString();
  } catch {
    return String(raw ?? "");
  }
}
