/**
 * Builds a LogTable row by row as logs are read, and moves rows between threads: a reader
 * thread posts its rows as a TablePart, the other appends them.
 */
import { LogTable, TIME_RAW, type RowColumns, type TimeForm } from "./log-table.js";
import { RouteShapes } from "./route.js";

/**
 * Distinct route shapes an incident may hold. Beyond this its routes name no operations (every
 * request its own page: a slug, a file), and the column is dropped whole: all or nothing, so a
 * table read by two threads keeps the same routes as one read by one.
 */
export const MAX_ROUTES = 20_000;

/** Service names shorter than this are looked up by length first (LogTableBuilder.serviceId). */
const SERVICE_LENGTHS = 64;

function grow<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(a: T, size: number): T {
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
  traceIds?: (string | undefined)[] | undefined;
  memoryWordings?: (string | undefined)[] | undefined;
  timeoutWordings?: (string | undefined)[] | undefined;
  exceptions?: (string | undefined)[] | undefined;
  instances?: (string | undefined)[] | undefined;
  /** Route ids (-1: none) into `routes`, when some row named its route. */
  routeOf?: Int32Array | undefined;
  routes?: string[];
  /** The part's rows named more than MAX_ROUTES routes. */
  tooManyRoutes?: boolean;
  /** Memory sizes without their limit, in bytes (NaN: none), when some row reported one. */
  memoryBytes?: Float64Array | undefined;
  /** HTTP statuses (0: none), when some row reported one. */
  httpStatus?: Uint16Array | undefined;
}

/** The buffers of a part, for postMessage's transfer list. */
export function partBuffers(p: TablePart): ArrayBuffer[] {
  const columns = [
    p.index,
    p.timestampMs,
    p.severity,
    p.serviceOf,
    p.responseTimeMs,
    p.memoryPct,
    p.timeForm,
    ...(p.routeOf ? [p.routeOf] : []),
    ...(p.memoryBytes ? [p.memoryBytes] : []),
    ...(p.httpStatus ? [p.httpStatus] : []),
  ];
  return columns.map((a) => a.buffer as ArrayBuffer);
}

/** One log's values for LogTableBuilder.addFields (normalize.ts keeps one such object per thread). */
export interface RowFields {
  timestampMs: number;
  timeForm: TimeForm;
  /** The log's timestamp as written; kept when timeForm is TIME_RAW. */
  timestamp: string | undefined;
  service: string;
  message: string;
  responseTimeMs: number;
  memoryPct: number;
  traceId: string | undefined;
  route: string | undefined;
  memoryWording: string | undefined;
  /** The words of the log's exception fields saying it timed out ("context deadline exceeded"), when they do. */
  timeoutWording: string | undefined;
  /** The first line of the log's exception, digits masked, when it carries one. */
  exception: string | undefined;
  instance: string | undefined;
  memoryBytes: number;
  /** The HTTP status the log reports for the request it served, 0 for none. */
  httpStatus: number;
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
  private traceIds: (string | undefined)[] | undefined;
  private memoryWordings: (string | undefined)[] | undefined;
  private timeoutWordings: (string | undefined)[] | undefined;
  private exceptions: (string | undefined)[] | undefined;
  private instances: (string | undefined)[] | undefined;
  private services: string[] = [];
  private serviceIds = new Map<string, number>();
  /**
   * The last service name seen of each length, and its id: a name read from a log is a new string
   * each time, which a Map lookup hashes whole; most logs name one of a few services, told apart
   * by their length, and comparing the name with the one seen before costs less.
   */
  private readonly lastOfLength: (string | undefined)[] = new Array(SERVICE_LENGTHS).fill(undefined);
  private readonly lastIdOfLength = new Int32Array(SERVICE_LENGTHS);
  /** Created when the first row names a route (-1 for the rows before), then one id per row. */
  private routeOf: Int32Array | undefined;
  private routes = new RouteShapes();
  private tooManyRoutes = false;
  /** Created when the first row reports a memory size (NaN for the rows before). */
  private memoryBytes: Float64Array | undefined;
  /** Created when the first row reports an HTTP status (0 for the rows before). */
  private httpStatus: Uint16Array | undefined;

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

  /** The id of a service name, a new one for a name not seen before. */
  private serviceId(service: string): number {
    const length = service.length;
    if (length < SERVICE_LENGTHS && this.lastOfLength[length] === service) return this.lastIdOfLength[length]!;
    let s = this.serviceIds.get(service);
    if (s === undefined) {
      s = this.services.length;
      this.serviceIds.set(service, s);
      this.services.push(service);
    }
    if (length < SERVICE_LENGTHS) {
      this.lastOfLength[length] = service;
      this.lastIdOfLength[length] = s;
    }
    return s;
  }

  /**
   * Appends one log. Its values come in an object (the reader reuses one, normalize.ts), not as
   * arguments: V8 would box each number passed (64 bytes of garbage a log).
   */
  addFields(index: number, severity: number, f: RowFields, streamId?: string): void {
    const {
      timestampMs,
      timeForm,
      service,
      message,
      responseTimeMs,
      memoryPct,
      traceId,
      route,
      memoryWording,
      timeoutWording,
      exception,
      instance,
      memoryBytes,
      httpStatus,
    } = f;
    const rawTime = f.timestamp;
    const i = this.length++;
    if (i === this.index.length) this.resize(2 * i);
    this.index[i] = index;
    this.timestampMs[i] = timestampMs;
    this.severity[i] = severity;
    this.responseTimeMs[i] = responseTimeMs;
    this.memoryPct[i] = memoryPct;
    this.timeForm[i] = timeForm;
    this.rawTime = pushSparse(this.rawTime, timeForm === TIME_RAW ? rawTime : undefined, i);
    this.serviceOf[i] = this.serviceId(service);
    this.messages.push(message);
    this.streamIds = pushSparse(this.streamIds, streamId, i);
    this.traceIds = pushSparse(this.traceIds, traceId, i);
    this.memoryWordings = pushSparse(this.memoryWordings, memoryWording, i);
    this.timeoutWordings = pushSparse(this.timeoutWordings, timeoutWording, i);
    this.exceptions = pushSparse(this.exceptions, exception, i);
    this.instances = pushSparse(this.instances, instance, i);
    if (!Number.isNaN(memoryBytes) || this.memoryBytes) {
      this.memoryBytes ??= new Float64Array(this.index.length).fill(Number.NaN);
      this.memoryBytes[i] = memoryBytes;
    }
    if (httpStatus !== 0 || this.httpStatus) {
      this.httpStatus ??= new Uint16Array(this.index.length);
      this.httpStatus[i] = httpStatus;
    }
    if ((route !== undefined || this.routeOf) && !this.tooManyRoutes) {
      const r = route === undefined ? -1 : this.routeId(route);
      if (!this.tooManyRoutes) {
        this.routeOf ??= new Int32Array(this.index.length).fill(-1);
        this.routeOf[i] = r;
      }
    }
  }

  /** The id of a route's shape, numbered by first appearance (-1: none); all dropped once there are too many. */
  private routeId(route: string): number {
    const r = this.routes.id(route);
    if (this.routes.size > MAX_ROUTES) this.dropRoutes();
    return r;
  }

  private dropRoutes(): void {
    this.tooManyRoutes = true;
    this.routeOf = undefined;
    this.routes = new RouteShapes();
  }

  private resize(size: number): void {
    this.index = grow(this.index, size);
    this.timestampMs = grow(this.timestampMs, size);
    this.severity = grow(this.severity, size);
    this.serviceOf = grow(this.serviceOf, size);
    this.responseTimeMs = grow(this.responseTimeMs, size);
    this.memoryPct = grow(this.memoryPct, size);
    this.timeForm = grow(this.timeForm, size);
    if (this.routeOf) this.routeOf = grow(this.routeOf, size);
    if (this.memoryBytes) this.memoryBytes = grow(this.memoryBytes, size).fill(Number.NaN, this.memoryBytes.length);
    if (this.httpStatus) this.httpStatus = grow(this.httpStatus, size);
  }

  /** Rows in the opposite order (a stream is read newest first). */
  reverse(): void {
    const n = this.length;
    this.index.subarray(0, n).reverse();
    this.timestampMs.subarray(0, n).reverse();
    this.severity.subarray(0, n).reverse();
    this.serviceOf.subarray(0, n).reverse();
    this.responseTimeMs.subarray(0, n).reverse();
    this.memoryPct.subarray(0, n).reverse();
    this.timeForm.subarray(0, n).reverse();
    this.routeOf?.subarray(0, n).reverse();
    this.memoryBytes?.subarray(0, n).reverse();
    this.httpStatus?.subarray(0, n).reverse();
    this.messages.reverse();
    this.rawTime?.reverse();
    this.streamIds?.reverse();
    this.traceIds?.reverse();
    this.memoryWordings?.reverse();
    this.timeoutWordings?.reverse();
    this.exceptions?.reverse();
    this.instances?.reverse();
  }

  /**
   * Drops the rows stamped before `startMs` (rows without a stamp stay), keeping order. Whoever
   * keeps something per row beside the table moves it along in `onMove` (row `from` is now `to`).
   */
  dropBefore(startMs: number, onMove?: (from: number, to: number) => void): void {
    const t = this.timestampMs;
    let w = 0;
    for (let i = 0; i < this.length; i++) {
      if (t[i]! < startMs) continue;
      if (w !== i) {
        this.moveRow(i, w);
        onMove?.(i, w);
      }
      w++;
    }
    this.length = w;
    this.messages.length = w;
    if (this.rawTime) this.rawTime.length = w;
    if (this.streamIds) this.streamIds.length = w;
    if (this.traceIds) this.traceIds.length = w;
    if (this.memoryWordings) this.memoryWordings.length = w;
    if (this.timeoutWordings) this.timeoutWordings.length = w;
    if (this.exceptions) this.exceptions.length = w;
    if (this.instances) this.instances.length = w;
  }

  private moveRow(from: number, to: number): void {
    this.index[to] = this.index[from]!;
    this.timestampMs[to] = this.timestampMs[from]!;
    this.severity[to] = this.severity[from]!;
    this.serviceOf[to] = this.serviceOf[from]!;
    this.responseTimeMs[to] = this.responseTimeMs[from]!;
    this.memoryPct[to] = this.memoryPct[from]!;
    this.timeForm[to] = this.timeForm[from]!;
    if (this.routeOf) this.routeOf[to] = this.routeOf[from]!;
    if (this.memoryBytes) this.memoryBytes[to] = this.memoryBytes[from]!;
    if (this.httpStatus) this.httpStatus[to] = this.httpStatus[from]!;
    this.messages[to] = this.messages[from]!;
    if (this.rawTime) this.rawTime[to] = this.rawTime[from];
    if (this.streamIds) this.streamIds[to] = this.streamIds[from];
    if (this.traceIds) this.traceIds[to] = this.traceIds[from];
    if (this.memoryWordings) this.memoryWordings[to] = this.memoryWordings[from];
    if (this.timeoutWordings) this.timeoutWordings[to] = this.timeoutWordings[from];
    if (this.exceptions) this.exceptions[to] = this.exceptions[from];
    if (this.instances) this.instances[to] = this.instances[from];
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
      traceIds: this.traceIds,
      memoryWordings: this.memoryWordings,
      timeoutWordings: this.timeoutWordings,
      exceptions: this.exceptions,
      instances: this.instances,
      routeOf: this.routeOf?.slice(0, n),
      routes: this.routes.names,
      tooManyRoutes: this.tooManyRoutes,
      memoryBytes: this.memoryBytes?.slice(0, n),
      httpStatus: this.httpStatus?.slice(0, n),
    };
  }

  /** Appends another thread's rows after these, as if added here one by one. */
  append(p: TablePart): void {
    const at = this.length;
    const n = at + p.length;
    if (n > this.index.length) this.resize(Math.max(n, 2 * this.index.length));
    this.index.set(p.index, at);
    this.timestampMs.set(p.timestampMs, at);
    this.severity.set(p.severity, at);
    this.responseTimeMs.set(p.responseTimeMs, at);
    this.memoryPct.set(p.memoryPct, at);
    this.timeForm.set(p.timeForm, at);
    const ids = p.services.map((service) => this.serviceId(service));
    for (let i = 0; i < p.length; i++) this.serviceOf[at + i] = ids[p.serviceOf[i]!]!;
    // One copy in C++, not a push per row (about 30 ms against 75 ms for 500k messages).
    this.messages = this.messages.concat(p.messages);
    this.rawTime = appendColumn(this.rawTime, p.rawTime, at, p.length);
    this.streamIds = appendColumn(this.streamIds, p.streamIds, at, p.length);
    this.traceIds = appendColumn(this.traceIds, p.traceIds, at, p.length);
    this.memoryWordings = appendColumn(this.memoryWordings, p.memoryWordings, at, p.length);
    this.timeoutWordings = appendColumn(this.timeoutWordings, p.timeoutWordings, at, p.length);
    this.exceptions = appendColumn(this.exceptions, p.exceptions, at, p.length);
    this.instances = appendColumn(this.instances, p.instances, at, p.length);
    this.appendRoutes(p, at);
    if (p.memoryBytes || this.memoryBytes) {
      this.memoryBytes ??= new Float64Array(this.index.length).fill(Number.NaN);
      if (p.memoryBytes) this.memoryBytes.set(p.memoryBytes, at);
      else this.memoryBytes.fill(Number.NaN, at, n);
    }
    if (p.httpStatus || this.httpStatus) {
      this.httpStatus ??= new Uint16Array(this.index.length);
      if (p.httpStatus) this.httpStatus.set(p.httpStatus, at);
      else this.httpStatus.fill(0, at, n);
    }
    this.length = n;
  }

  /** The part's route ids as ids here (routes new here numbered in the part's order). */
  private appendRoutes(p: TablePart, at: number): void {
    if (p.tooManyRoutes) this.dropRoutes();
    if (this.tooManyRoutes || (!p.routeOf && !this.routeOf)) return;
    this.routeOf ??= new Int32Array(this.index.length).fill(-1);
    if (!p.routeOf) {
      this.routeOf.fill(-1, at, at + p.length);
      return;
    }
    const ids = new Int32Array(p.routes?.length ?? 0);
    for (let r = 0; r < ids.length; r++) {
      ids[r] = this.routeId(p.routes![r]!);
      if (this.tooManyRoutes) return;
    }
    const theirs = p.routeOf;
    const mine = this.routeOf;
    for (let i = 0; i < p.length; i++) {
      const r = theirs[i]!;
      mine[at + i] = r < 0 ? -1 : ids[r]!;
    }
  }

  /** The rows so far, as per-row work reads them. */
  view(): RowColumns {
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
   * The table. Services and routes are renumbered by first appearance in the final order (after
   * reverse and dropBefore), and ones left without rows are dropped.
   */
  build(): LogTable {
    const n = this.length;
    const services = renumbered(this.serviceOf.subarray(0, n), this.services);
    const routes = this.routeOf ? renumbered(this.routeOf.subarray(0, n), this.routes.names) : undefined;
    return new LogTable(
      n,
      this.index.subarray(0, n),
      this.timestampMs.subarray(0, n),
      this.severity.subarray(0, n),
      services.ids,
      services.names,
      this.messages,
      this.responseTimeMs.subarray(0, n),
      this.memoryPct.subarray(0, n),
      this.timeForm.subarray(0, n),
      this.rawTime,
      this.streamIds,
      this.traceIds,
      routes && routes.names.length > 0 ? routes.ids : undefined,
      routes?.names,
      this.memoryWordings,
      this.instances,
      this.memoryBytes?.subarray(0, n),
      this.timeoutWordings,
      this.httpStatus?.subarray(0, n),
      this.exceptions,
    );
  }
}

/** An optional column after appending `added` rows, created (undefined-filled) when one side has it. */
/**
 * Row `row`'s value of a column most rows leave empty: the column is created (empty for the rows
 * before) when the first value comes, and then holds one slot per row.
 */
function pushSparse(column: (string | undefined)[] | undefined, value: string | undefined, row: number): (string | undefined)[] | undefined {
  if (value === undefined && !column) return undefined;
  const out = column ?? new Array<string | undefined>(row).fill(undefined);
  out.push(value);
  return out;
}

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

/** Ids renumbered by first appearance, names without rows dropped (a route id of -1 stays -1). */
function renumbered(ids: Int32Array, names: readonly string[]): { ids: Int32Array; names: string[] } {
  const next = new Int32Array(names.length).fill(-1);
  const kept: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s < 0) continue;
    let t = next[s]!;
    if (t < 0) {
      t = next[s] = kept.length;
      kept.push(names[s]!);
    }
    ids[i] = t;
  }
  return { ids, names: kept };
}
