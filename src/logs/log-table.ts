/**
 * An incident's logs as columns: numbers in typed arrays, services as ids into a small table,
 * messages as one array of strings. Detection reads columns, never one object per log, and a
 * 100k-log window keeps 100k message strings alive instead of 100k records with three strings
 * each: less to allocate while reading, less for the garbage collector to copy and mark.
 */
import { LEVEL_SEVERITY, type Level, type LogRecord } from "./log-record.js";

const LEVEL_OF: readonly Level[] = [];
for (const [name, severity] of Object.entries(LEVEL_SEVERITY)) (LEVEL_OF as Level[])[severity] = name as Level;

/**
 * How a row's `timestamp` string is kept. The common producer stamps (ISO 8601 UTC, with or
 * without milliseconds) are rebuilt from timestampMs when an answer needs them, exactly as
 * written; anything else is kept verbatim.
 */
export const TIME_ISO = 0;
export const TIME_ISO_SECONDS = 1;
export const TIME_RAW = 2;
export type TimeForm = typeof TIME_ISO | typeof TIME_ISO_SECONDS | typeof TIME_RAW;

export class LogTable {
  constructor(
    readonly length: number,
    /** 0-based position in the stored key (the answer's `log_index`). */
    readonly index: Float64Array,
    /** Epoch ms; NaN when the log had no readable timestamp. */
    readonly timestampMs: Float64Array,
    /** LEVEL_SEVERITY of the canonical level (1 DEBUG .. 5 CRITICAL). */
    readonly severity: Uint8Array,
    /** Id into `services`, numbered by first appearance. */
    readonly serviceOf: Int32Array,
    readonly services: readonly string[],
    readonly messages: readonly string[],
    /** From a structured field; NaN when the producer sent none. */
    readonly responseTimeMs: Float64Array,
    /** Percent 0-100 from a structured field; NaN when the producer sent none. */
    readonly memoryPct: Float64Array,
    private readonly timeForm: Uint8Array,
    /** The verbatim stamp of TIME_RAW rows; undefined when no row needs one. */
    private readonly rawTime: readonly (string | undefined)[] | undefined,
    /** Stream entry ids, when the logs came from a stream. */
    private readonly streamIds: readonly (string | undefined)[] | undefined,
    /** Trace ids, when some log carried one. */
    private readonly traceIds?: readonly (string | undefined)[] | undefined,
    /** Id into `routes` (-1: none), when some log named its route; undefined otherwise. */
    readonly routeOf?: Int32Array | undefined,
    /** Distinct route shapes (route.ts), numbered by first appearance. */
    readonly routes: readonly string[] = [],
    /** What a row's exception fields say of memory running out, when some row's do. */
    private readonly memoryWordings?: readonly (string | undefined)[] | undefined,
    /** The host, pod or server that wrote each row, when some log named one. */
    private readonly instances?: readonly (string | undefined)[] | undefined,
    /** Memory sizes without their limit, in bytes (NaN: none), when some log reported one. */
    readonly memoryBytes?: Float64Array | undefined,
    /** What a row's exception fields say of a timeout, when some row's do. */
    private readonly timeoutWordings?: readonly (string | undefined)[] | undefined,
    /** The HTTP status each row reports (0: none), when some log reported one. */
    readonly httpStatus?: Uint16Array | undefined,
    /** The first line of each row's exception, digits masked, when some row carried one. */
    private readonly exceptions?: readonly (string | undefined)[] | undefined,
  ) {}

  /** The host, pod or server that wrote the row (a field of the log names it), or undefined. */
  instance(row: number): string | undefined {
    return this.instances?.[row];
  }

  /** Whether any log named the instance that wrote it. */
  get hasInstances(): boolean {
    return this.instances !== undefined;
  }

  /** The instance of every row (undefined where a log named none), when some log named one: for per-row passes. */
  get instanceColumn(): readonly (string | undefined)[] | undefined {
    return this.instances;
  }

  /** The words of the row's exception saying memory ran out ("OutOfMemoryError"), or undefined. */
  memoryWording(row: number): string | undefined {
    return this.memoryWordings?.[row];
  }

  /** The words of the row's exception saying it timed out ("context deadline exceeded"), or undefined. */
  timeoutWording(row: number): string | undefined {
    return this.timeoutWordings?.[row];
  }

  /** Whether any log carried an exception. */
  get hasExceptions(): boolean {
    return this.exceptions !== undefined;
  }

  /** The first line of the row's exception, digits masked ("dial tcp #.#.#.#:#: connect: connection refused"), or undefined. */
  exception(row: number): string | undefined {
    return this.exceptions?.[row];
  }

  route(row: number): string | undefined {
    const r = this.routeOf?.[row] ?? -1;
    return r < 0 ? undefined : this.routes[r];
  }

  /** Whether any log carried a trace id. */
  get hasTraceIds(): boolean {
    return this.traceIds !== undefined;
  }

  traceId(row: number): string | undefined {
    return this.traceIds?.[row];
  }

  level(row: number): Level {
    return LEVEL_OF[this.severity[row]!] ?? "INFO";
  }

  service(row: number): string {
    return this.services[this.serviceOf[row]!]!;
  }

  timestamp(row: number): string {
    const form = this.timeForm[row];
    if (form === TIME_RAW) return this.rawTime?.[row] ?? "";
    const iso = new Date(this.timestampMs[row]!).toISOString();
    return form === TIME_ISO ? iso : `${iso.slice(0, 19)}Z`;
  }

  streamId(row: number): string | undefined {
    return this.streamIds?.[row];
  }

  /** Every row as a record: for tests and tools, not for the service's path. */
  records(): LogRecord[] {
    return Array.from({ length: this.length }, (_, row) => this.record(row));
  }

  /** One row as a record (for answers: a few rows, never the whole table). */
  record(row: number): LogRecord {
    const r: LogRecord = {
      index: this.index[row]!,
      timestampMs: this.timestampMs[row]!,
      timestamp: this.timestamp(row),
      level: this.level(row),
      message: this.messages[row]!,
      service: this.service(row),
    };
    const streamId = this.streamId(row);
    if (streamId !== undefined) r.streamId = streamId;
    const traceId = this.traceId(row);
    if (traceId !== undefined) r.traceId = traceId;
    const route = this.route(row);
    if (route !== undefined) r.route = route;
    const memoryWording = this.memoryWording(row);
    if (memoryWording !== undefined) r.memoryWording = memoryWording;
    const timeoutWording = this.timeoutWording(row);
    if (timeoutWording !== undefined) r.timeoutWording = timeoutWording;
    const exception = this.exception(row);
    if (exception !== undefined) r.exception = exception;
    const instance = this.instance(row);
    if (instance !== undefined) r.instance = instance;
    if (!Number.isNaN(this.responseTimeMs[row]!)) r.responseTimeMs = this.responseTimeMs[row]!;
    if (!Number.isNaN(this.memoryPct[row]!)) r.memoryPct = this.memoryPct[row]!;
    const bytes = this.memoryBytes?.[row] ?? Number.NaN;
    if (!Number.isNaN(bytes)) r.memoryBytes = bytes;
    const status = this.httpStatus?.[row] ?? 0;
    if (status !== 0) r.httpStatus = status;
    return r;
  }
}

/**
 * The columns that per-row work (message shapes, features) reads: a LogTable's, or the rows a
 * builder holds so far (LogTableBuilder.view).
 */
export interface RowColumns {
  length: number;
  messages: readonly string[];
  severity: Uint8Array;
  responseTimeMs: Float64Array;
  memoryPct: Float64Array;
}
