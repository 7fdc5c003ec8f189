import { ServiceError } from "../errors.js";

/** What refuseOversized needs of a read (ReadLogsResult has it). */
interface ReadOutcome {
  key: string;
  logs: { length: number };
  skipped: number;
  /** Skipped entries that were over MAX_LOG_ENTRY_BYTES. */
  oversized?: number;
  truncated: boolean;
}

/**
 * The refusal of an incident of which nothing could be analysed because its entries are too
 * large: TOO_LARGE (413, dead-lettered as too_large), naming the settings, rather than "no
 * readable logs" (404, retried as if the producer were still writing). MAX_INCIDENT_BYTES is at
 * least 4 × MAX_LOG_ENTRY_BYTES, so a newest entry larger than the whole budget is one of them.
 */
export function refuseOversized<R extends ReadOutcome>(r: R, limits: { maxEntryBytes: number; maxBytes: number }): R {
  const oversized = r.oversized ?? 0;
  if (r.logs.length > 0 || oversized === 0) return r;
  const others = r.skipped - oversized;
  const stopped = r.truncated ? `; reading stopped at MAX_INCIDENT_BYTES (${limits.maxBytes} bytes)` : "";
  throw new ServiceError(
    "TOO_LARGE",
    `no log of ${r.key} could be analysed: ${oversized} ${oversized === 1 ? "entry is" : "entries are"} over MAX_LOG_ENTRY_BYTES (${limits.maxEntryBytes} bytes)` +
      `${others > 0 ? ` and ${others} unreadable` : ""}${stopped}. Raise MAX_LOG_ENTRY_BYTES or have the producer write smaller logs`,
    { key: r.key, setting: "MAX_LOG_ENTRY_BYTES", max_log_entry_bytes: limits.maxEntryBytes, oversized_logs: oversized, skipped_logs: r.skipped },
  );
}
