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
    b.addFields(
      r.index,
      LEVEL_SEVERITY[r.level] ?? 0,
      {
        timestampMs: r.timestampMs,
        timeForm: TIME_RAW,
        timestamp: r.timestamp,
        service: r.service,
        message: typeof r.message === "string" ? r.message : "",
        responseTimeMs: r.responseTimeMs ?? Number.NaN,
        memoryPct: r.memoryPct ?? Number.NaN,
        traceId: r.traceId,
        route: r.route,
        memoryWording: r.memoryWording,
        timeoutWording: r.timeoutWording,
        exception: r.exception,
        instance: r.instance,
        memoryBytes: r.memoryBytes ?? Number.NaN,
        httpStatus: r.httpStatus ?? 0,
      },
      r.streamId,
    );
  }
  return b.build();
}
