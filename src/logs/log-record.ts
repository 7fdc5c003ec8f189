/** Canonical severity names; the numbers are the reference method's `level_severity`. */
export const LEVEL_SEVERITY = {
  DEBUG: 1,
  INFO: 2,
  WARNING: 3,
  ERROR: 4,
  CRITICAL: 5,
} as const;
export type Level = keyof typeof LEVEL_SEVERITY;

/**
 * LEVEL_SEVERITY[level], by name, the common level first: reading a log, an object lookup by a
 * varying key is a hash probe, a comparison of internalized names is not.
 */
export const severityOf = (level: Level): number =>
  level === "INFO"
    ? LEVEL_SEVERITY.INFO
    : level === "ERROR"
      ? LEVEL_SEVERITY.ERROR
      : level === "WARNING"
        ? LEVEL_SEVERITY.WARNING
        : level === "DEBUG"
          ? LEVEL_SEVERITY.DEBUG
          : LEVEL_SEVERITY.CRITICAL;

/** Whether a level is below ERROR, by name (see severityOf). */
export const belowError = (level: Level): boolean => level !== "ERROR" && level !== "CRITICAL";

/**
 * One log after normalisation (aliases resolved, level canonicalised, timestamp parsed).
 * Built by `normalize.ts` from whatever a producer wrote.
 */
export interface LogRecord {
  /** 0-based position in the stored key, skipped entries counted (the answer's `log_index`). */
  index: number;
  /** Epoch milliseconds; NaN when the log carried no readable timestamp. */
  timestampMs: number;
  /** ISO 8601 UTC rendering of `timestampMs`, or the raw value when it could not be parsed. */
  timestamp: string;
  level: Level;
  message: string;
  service: string;
  /** Stream entry id when the log was read from a stream. */
  streamId?: string;
  /** Response time in ms from a structured field, when the producer sent one. */
  responseTimeMs?: number;
  /** Memory usage in percent (0-100) from a structured field, when the producer sent one. */
  memoryPct?: number;
  /** Distributed-tracing id (trace_id, traceId, ...), when the producer sent one. */
  traceId?: string;
  /** What the log's exception fields say of memory running out ("OutOfMemoryError"), when they do. */
  memoryWording?: string;
  /** What the log's exception fields say of a timeout ("context deadline exceeded"), when they do. */
  timeoutWording?: string;
  /** The first line of the log's exception, digits masked as "#" ("dial tcp #.#.#.#:#: connect: connection refused"), when it carries one. */
  exception?: string;
  /** The route a request took, as its shape (route.ts: ids masked), when a field names it. */
  route?: string;
  /** The host, pod or server that wrote the log (hostname, pod_name, instance, ...), when a field names it. */
  instance?: string;
  /**
   * A memory size the log reports without its limit (`rss_bytes`, `heap_used_mb`, ...), in bytes,
   * when it reports no percent: a size, not a pressure, judged by how it grows.
   */
  memoryBytes?: number;
  /** The HTTP status the log reports for the request it served, when a field names it. */
  httpStatus?: number;
}
