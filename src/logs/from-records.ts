/**
 * Records or a table: detection's entry points take both, since tests and tools build records
 * (LogRecord) while the service reads straight into a table.
 */
import { LEVEL_SEVERITY, type LogRecord } from "./log-record.js";
import { LogTable, TIME_RAW } from "./log-table.js";
import { LogTableBuilder } from "./table-builder.js";

export type Logs = LogTable | readonly LogRecord[];

export function asTable(logs: Logs): LogTable {
  return logs instanceof LogTable ? logs : tableOf(logs);
}

/** A table of records built elsewhere (tests, the CLI's files); every stamp kept verbatim. */
export function tableOf(records: readonly LogRecord[]): LogTable {
  const b = new LogTableBuilder(records.length);
  for (const r of records) {
    b.add(
      r.index,
      r.timestampMs,
      TIME_RAW,
      r.timestamp,
      LEVEL_SEVERITY[r.level] ?? 0,
      r.service,
      typeof r.message === "string" ? r.message : "",
      r.responseTimeMs ?? Number.NaN,
      r.memoryPct ?? Number.NaN,
      r.streamId,
      r.traceId,
      r.route,
      r.memoryWording,
      r.instance,
      r.memoryBytes ?? Number.NaN,
    );
  }
  return b.build();
}
