/**
 * An incident's logs as columns: numbers in typed arrays, services as ids into a small table,
 * messages as one array of strings. Detection reads columns, never one object per log, and a
 * 100k-log window keeps 100k message strings alive instead of 100k records with three strings
 * each: less to allocate while reading, less for the garbage collector to copy and mark.
 */
import type { FeatureSource } from "./features.js";
import type { Precomputed } from "./row-features.js";
import { FEATURE_KEYS, LEVEL_SEVERITY, type Level, type LogRecord } from "./types.js";

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
    /** Shapes and features already computed while reading (row-features.ts), for prepare(). */
    readonly precomputed?: Precomputed,
  ) {}

  static empty(): LogTable {
    return new LogTableBuilder(0).build();
  }

  /** A table of records built elsewhere (tests, the CLI's files); every stamp kept verbatim. */
  static from(records: readonly LogRecord[]): LogTable {
    const b = new LogTableBuilder(records.length);
    for (const r of records) {
      b.add(r.index, r.timestampMs, TIME_RAW, r.timestamp, LEVEL_SEVERITY[r.level] ?? 0, r.service, typeof r.message === "string" ? r.message : "", r.responseTimeMs ?? Number.NaN, r.memoryPct ?? Number.NaN, r.streamId);
    }
    return b.build();
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
    if (!Number.isNaN(this.responseTimeMs[row]!)) r.responseTimeMs = this.responseTimeMs[row]!;
    if (!Number.isNaN(this.memoryPct[row]!)) r.memoryPct = this.memoryPct[row]!;
    return r;
  }
}

/** Records or a table: detection's entry points take both; tests and tools build records. */
export type Logs = LogTable | readonly LogRecord[];

export function asTable(logs: Logs): LogTable {
  return logs instanceof LogTable ? logs : LogTable.from(logs);
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Rows read by another thread, as it posts them: typed arrays (their buffers transferred, not
 * copied) and arrays of strings (cloned: about 4 ms for 50k messages).
 */
export interface TablePart {
  length: number;
  index: Float64Array;
  timestampMs: Float64Array;
  severity: Uint8Array;
  serviceOf: Int32Array;
  services: string[];
  messages: string[];
  responseTimeMs: Float64Array;
  memoryPct: Float64Array;
  timeForm: Uint8Array;
  rawTime: (string | undefined)[] | undefined;
  streamIds: (string | undefined)[] | undefined;
}

/** The buffers of a part, for postMessage's transfer list. */
export function partBuffers(p: TablePart): ArrayBuffer[] {
  return [p.index, p.timestampMs, p.severity, p.serviceOf, p.responseTimeMs, p.memoryPct, p.timeForm].map((a) => a.buffer as ArrayBuffer);
}

/** Appends rows one at a time; columns double as needed. */
export class LogTableBuilder {
  length = 0;
  private index: Float64Array;
  private timestampMs: Float64Array;
  private severity: Uint8Array;
  private serviceOf: Int32Array;
  private responseTimeMs: Float64Array;
  private memoryPct: Float64Array;
  private timeForm: Uint8Array;
  private messages: string[] = [];
  /** Created when the first row needs one, then one slot per row. */
  private rawTime: (string | undefined)[] | undefined;
  private streamIds: (string | undefined)[] | undefined;
  private services: string[] = [];
  private serviceIds = new Map<string, number>();
  /** Valid for exactly the rows there are: dropBefore keeps it in step, other changes drop it. */
  private precomputed: Precomputed | undefined;

  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.index = new Float64Array(c);
    this.timestampMs = new Float64Array(c);
    this.severity = new Uint8Array(c);
    this.serviceOf = new Int32Array(c);
    this.responseTimeMs = new Float64Array(c);
    this.memoryPct = new Float64Array(c);
    this.timeForm = new Uint8Array(c);
  }

  add(
    index: number,
    timestampMs: number,
    timeForm: TimeForm,
    rawTime: string | undefined,
    severity: number,
    service: string,
    message: string,
    responseTimeMs: number,
    memoryPct: number,
    streamId?: string,
  ): void {
    const i = this.length++;
    this.precomputed = undefined;
    if (i === this.index.length) this.resize(2 * i);
    this.index[i] = index;
    this.timestampMs[i] = timestampMs;
    this.severity[i] = severity;
    this.responseTimeMs[i] = responseTimeMs;
    this.memoryPct[i] = memoryPct;
    this.timeForm[i] = timeForm;
    if (timeForm === TIME_RAW || this.rawTime) (this.rawTime ??= new Array<string | undefined>(i).fill(undefined)).push(timeForm === TIME_RAW ? rawTime : undefined);
    let s = this.serviceIds.get(service);
    if (s === undefined) {
      s = this.services.length;
      this.serviceIds.set(service, s);
      this.services.push(service);
    }
    this.serviceOf[i] = s;
    this.messages.push(message);
    if (streamId !== undefined || this.streamIds) (this.streamIds ??= new Array<string | undefined>(i).fill(undefined)).push(streamId);
  }

  private resize(size: number): void {
    this.index = grow(this.index, size);
    this.timestampMs = grow(this.timestampMs, size);
    this.severity = grow(this.severity, size);
    this.serviceOf = grow(this.serviceOf, size);
    this.responseTimeMs = grow(this.responseTimeMs, size);
    this.memoryPct = grow(this.memoryPct, size);
    this.timeForm = grow(this.timeForm, size);
  }

  /** Rows in the opposite order (a stream is read newest first). */
  reverse(): void {
    const n = this.length;
    this.precomputed = undefined;
    this.index.subarray(0, n).reverse();
    this.timestampMs.subarray(0, n).reverse();
    this.severity.subarray(0, n).reverse();
    this.serviceOf.subarray(0, n).reverse();
    this.responseTimeMs.subarray(0, n).reverse();
    this.memoryPct.subarray(0, n).reverse();
    this.timeForm.subarray(0, n).reverse();
    this.messages.reverse();
    this.rawTime?.reverse();
    this.streamIds?.reverse();
  }

  /** Drops the rows stamped before `startMs` (rows without a stamp stay), keeping order. */
  dropBefore(startMs: number): void {
    const t = this.timestampMs;
    const pre = this.precomputed;
    let w = 0;
    for (let i = 0; i < this.length; i++) {
      if (t[i]! < startMs) continue;
      if (w !== i) {
        this.moveRow(i, w);
        if (pre) movePrecomputedRow(pre, i, w);
      }
      w++;
    }
    // Shapes are read per row (shapeOf), so a shape left without rows is harmless.
    if (pre && w < this.length) this.precomputed = precomputedRows(pre, w);
    this.length = w;
    this.messages.length = w;
    if (this.rawTime) this.rawTime.length = w;
    if (this.streamIds) this.streamIds.length = w;
  }

  private moveRow(from: number, to: number): void {
    this.index[to] = this.index[from]!;
    this.timestampMs[to] = this.timestampMs[from]!;
    this.severity[to] = this.severity[from]!;
    this.serviceOf[to] = this.serviceOf[from]!;
    this.responseTimeMs[to] = this.responseTimeMs[from]!;
    this.memoryPct[to] = this.memoryPct[from]!;
    this.timeForm[to] = this.timeForm[from]!;
    this.messages[to] = this.messages[from]!;
    if (this.rawTime) this.rawTime[to] = this.rawTime[from];
    if (this.streamIds) this.streamIds[to] = this.streamIds[from];
  }

  /** The rows so far as a part for another thread; this builder is spent afterwards. */
  part(): TablePart {
    const n = this.length;
    // Exact-length copies: a transferred buffer goes whole, spare capacity included.
    return {
      length: n,
      index: this.index.slice(0, n),
      timestampMs: this.timestampMs.slice(0, n),
      severity: this.severity.slice(0, n),
      serviceOf: this.serviceOf.slice(0, n),
      services: this.services,
      messages: this.messages,
      responseTimeMs: this.responseTimeMs.slice(0, n),
      memoryPct: this.memoryPct.slice(0, n),
      timeForm: this.timeForm.slice(0, n),
      rawTime: this.rawTime,
      streamIds: this.streamIds,
    };
  }

  /** Appends another thread's rows after these, as if added here one by one. */
  append(p: TablePart): void {
    const at = this.length;
    this.precomputed = undefined;
    const n = at + p.length;
    if (n > this.index.length) this.resize(Math.max(n, 2 * this.index.length));
    this.index.set(p.index, at);
    this.timestampMs.set(p.timestampMs, at);
    this.severity.set(p.severity, at);
    this.responseTimeMs.set(p.responseTimeMs, at);
    this.memoryPct.set(p.memoryPct, at);
    this.timeForm.set(p.timeForm, at);
    const ids = p.services.map((service) => {
      let s = this.serviceIds.get(service);
      if (s === undefined) {
        s = this.services.length;
        this.serviceIds.set(service, s);
        this.services.push(service);
      }
      return s;
    });
    for (let i = 0; i < p.length; i++) this.serviceOf[at + i] = ids[p.serviceOf[i]!]!;
    for (const m of p.messages) this.messages.push(m);
    this.rawTime = appendColumn(this.rawTime, p.rawTime, at, p.length);
    this.streamIds = appendColumn(this.streamIds, p.streamIds, at, p.length);
    this.length = n;
  }

  /** Shapes and features of exactly the rows there are now. */
  attach(p: Precomputed): void {
    if (p.features.n !== this.length) throw new Error(`features of ${p.features.n} rows attached to ${this.length} rows`);
    this.precomputed = p;
  }

  /** The rows so far, as features read them. */
  view(): FeatureSource {
    const n = this.length;
    return {
      length: n,
      messages: this.messages,
      severity: this.severity.subarray(0, n),
      responseTimeMs: this.responseTimeMs.subarray(0, n),
      memoryPct: this.memoryPct.subarray(0, n),
    };
  }

  /** Stamps of the rows so far (for the window's anchor). */
  timestamps(): Float64Array {
    return this.timestampMs.subarray(0, this.length);
  }

  /**
   * The table. Services are renumbered by first appearance in the final order (after reverse
   * and dropBefore), and ones left without rows are dropped.
   */
  build(): LogTable {
    const n = this.length;
    const { serviceOf, services } = renumbered(this.serviceOf.subarray(0, n), this.services);
    return new LogTable(
      n,
      this.index.subarray(0, n),
      this.timestampMs.subarray(0, n),
      this.severity.subarray(0, n),
      serviceOf,
      services,
      this.messages,
      this.responseTimeMs.subarray(0, n),
      this.memoryPct.subarray(0, n),
      this.timeForm.subarray(0, n),
      this.rawTime,
      this.streamIds,
      this.precomputed,
    );
  }
}

/** An optional column after appending `added` rows, created (undefined-filled) when one side has it. */
function appendColumn(
  mine: (string | undefined)[] | undefined,
  theirs: (string | undefined)[] | undefined,
  at: number,
  added: number,
): (string | undefined)[] | undefined {
  if (!mine && !theirs) return undefined;
  const out = mine ?? new Array<string | undefined>(at).fill(undefined);
  if (theirs) for (const v of theirs) out.push(v);
  else for (let i = 0; i < added; i++) out.push(undefined);
  return out;
}

function renumbered(serviceOf: Int32Array, services: readonly string[]): { serviceOf: Int32Array; services: string[] } {
  const next = new Int32Array(services.length).fill(-1);
  const kept: string[] = [];
  for (let i = 0; i < serviceOf.length; i++) {
    const s = serviceOf[i]!;
    let t = next[s]!;
    if (t < 0) {
      t = next[s] = kept.length;
      kept.push(services[s]!);
    }
    serviceOf[i] = t;
  }
  return { serviceOf, services: kept };
}

function movePrecomputedRow(p: Precomputed, from: number, to: number): void {
  p.shapes.shapeOf[to] = p.shapes.shapeOf[from]!;
  for (const k of FEATURE_KEYS) p.features[k][to] = p.features[k][from]!;
}

/** The first n rows' shapes and features. */
function precomputedRows(p: Precomputed, n: number): Precomputed {
  const features = { ...p.features, n };
  for (const k of FEATURE_KEYS) features[k] = p.features[k].subarray(0, n);
  return { shapes: { ...p.shapes, shapeOf: p.shapes.shapeOf.subarray(0, n) }, features };
}
