import type { Config } from "../config.js";
import { LogTableBuilder } from "../logs/table-builder.js";
import { normalizeInto } from "../logs/normalize.js";
import { BROKEN_JSON, BROKEN_JSON_REASON, entryValue } from "../logs/text-line.js";
import { MAX_FUTURE_SKEW_MS, windowByNewest } from "../logs/window.js";
import type { DetectRequest } from "../contract/detect-request.js";
import type { Valkey } from "../valkey/client.js";
import type { Keys } from "../valkey/keys.js";
import { SkippedSamples } from "../logs/skipped.js";
import { readIncidentLogs, type RangeReader, type ReadLogsOptions, type ReadLogsResult } from "../valkey/log-store.js";

export interface LogSource {
  read(request: DetectRequest): Promise<ReadLogsResult>;
}

export type ReadSettings = Pick<Config, "LOG_READ_PAGE_SIZE" | "LOG_READ_PAGE_BYTES" | "MAX_LOGS_PER_INCIDENT" | "MAX_INCIDENT_BYTES" | "MAX_LOG_ENTRY_BYTES">;

/**
 * The service's source: the incident's key in Valkey. `helper`, asked once per read, may give
 * another thread to read half of a large list or sorted set.
 */
export function valkeyLogSource(valkey: Valkey, keys: Keys, s: ReadSettings, helper?: () => RangeReader | undefined): LogSource {
  return {
    read: (request) => readIncidentLogs(valkey, keys.incidentLogs(request.incident_id), { ...readOptions(s, request), helper: helper?.() }),
  };
}

/** How the settings read a request's logs (the helper aside). */
export function readOptions(s: ReadSettings, request: DetectRequest): ReadLogsOptions {
  return {
    windowHours: request.time_window_hours,
    pageSize: s.LOG_READ_PAGE_SIZE,
    maxLogs: s.MAX_LOGS_PER_INCIDENT,
    maxEntryBytes: s.MAX_LOG_ENTRY_BYTES,
    maxBytes: s.MAX_INCIDENT_BYTES,
    pageBytes: s.LOG_READ_PAGE_BYTES,
  };
}

/**
 * Logs already in memory (parsed JSON values or JSON lines), e.g. a file the CLI read: the same
 * normalisation, skipping and windowing as a Valkey list.
 */
export function memoryLogSource(name: string, entries: readonly unknown[]): LogSource {
  return {
    async read(request) {
      const table = new LogTableBuilder(entries.length);
      let skipped = 0;
      const samples = new SkippedSamples();
      const skip = (i: number, reason: string, raw: unknown) => {
        skipped++;
        samples.add(i, reason, raw);
      };
      for (let i = 0; i < entries.length; i++) {
        let value = entries[i];
        if (typeof value === "string") {
          value = entryValue(value);
          if (value === BROKEN_JSON) {
            skip(i, BROKEN_JSON_REASON, entries[i]);
            continue;
          }
        }
        const reason = normalizeInto(table, value, i);
        if (reason !== undefined) skip(i, reason, value);
      }
      const w = windowByNewest(table.timestamps(), request.time_window_hours, Date.now() + MAX_FUTURE_SKEW_MS);
      table.dropBefore(w.windowStartMs);
      return {
        key: name,
        keyType: "file",
        logs: table.build(),
        skipped,
        skippedSamples: samples.samples,
        totalInKey: entries.length,
        truncated: false,
        anchorMs: w.anchorMs,
        windowStartMs: w.windowStartMs,
      };
    },
  };
}
