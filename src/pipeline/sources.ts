import type { Config } from "../config.js";
import { normalizeLog } from "../detection/normalize.js";
import { MAX_FUTURE_SKEW_MS, windowByNewest } from "../detection/window.js";
import type { LogRecord } from "../detection/types.js";
import type { DetectRequest } from "../http/schemas.js";
import type { Valkey } from "../valkey/client.js";
import type { Keys } from "../valkey/keys.js";
import { readIncidentLogs, type ReadLogsResult, type SkippedSample } from "../valkey/log-store.js";

export interface LogSource {
  read(request: DetectRequest): Promise<ReadLogsResult>;
}

export type ReadSettings = Pick<Config, "LOG_READ_PAGE_SIZE" | "MAX_LOGS_PER_INCIDENT" | "MAX_LOG_ENTRY_BYTES">;

/** The service's source: the incident's key in Valkey. */
export function valkeyLogSource(valkey: Valkey, keys: Keys, s: ReadSettings): LogSource {
  return {
    read: (request) =>
      readIncidentLogs(valkey, keys.incidentLogs(request.incident_id), {
        windowHours: request.time_window_hours,
        pageSize: s.LOG_READ_PAGE_SIZE,
        maxLogs: s.MAX_LOGS_PER_INCIDENT,
        maxEntryBytes: s.MAX_LOG_ENTRY_BYTES,
      }),
  };
}

/**
 * Logs already in memory (parsed JSON values or JSON lines), e.g. a file the CLI read: the same
 * normalisation, skipping and windowing as a Valkey list.
 */
export function memoryLogSource(name: string, entries: readonly unknown[]): LogSource {
  return {
    async read(request) {
      const records: LogRecord[] = [];
      let skipped = 0;
      let skippedSample: SkippedSample | undefined;
      for (let i = 0; i < entries.length; i++) {
        let value = entries[i];
        if (typeof value === "string") {
          try {
            value = JSON.parse(value);
          } catch {
            skipped++;
            skippedSample ??= { log_index: i, reason: "entry is not valid JSON" };
            continue;
          }
        }
        const r = normalizeLog(value, i);
        if (r.ok) records.push(r.record);
        else {
          skipped++;
          skippedSample ??= { log_index: i, reason: r.reason };
        }
      }
      const w = windowByNewest(records, request.time_window_hours, Date.now() + MAX_FUTURE_SKEW_MS);
      return {
        key: name,
        keyType: "file",
        records: w.records,
        skipped,
        skippedSample,
        totalInKey: entries.length,
        truncated: false,
        anchorMs: w.anchorMs,
        windowStartMs: w.windowStartMs,
      };
    },
  };
}
