import { ServiceError, asUnavailable } from "../errors.js";
import { LogTableBuilder, type TablePart } from "../logs/table-builder.js";
import type { LogTable } from "../logs/log-table.js";
import { normalizeInto } from "../logs/normalize.js";
import { BROKEN_JSON, BROKEN_JSON_REASON, entryValue } from "../logs/text-line.js";
import {
  mergeRowFeatures,
  movePrecomputedRow,
  precomputedRows,
  rowFeatures,
  rowFeaturesPart,
  type Precomputed,
  type RowFeaturesPart,
} from "../detection/features/row-features.js";
import { MAX_FUTURE_SKEW_MS, windowByNewest } from "../logs/window.js";
import { SkippedSamples, type SkippedSample } from "../logs/skipped.js";
import type { Valkey } from "./client.js";
import { pageReply } from "./array-reply.js";
import { refuseOversized } from "./oversized.js";

/**
 * Reads an incident's logs from whichever structure the producer chose:
 * - stream: entry id = epoch ms; one JSON field (data/log/json/payload/...) or flat fields;
 * - sorted set: score = epoch ms, member = JSON;
 * - list: JSON strings, oldest first.
 * Reads in pages from the newest log backwards, so a cap keeps the newest logs and the time
 * window [anchor - hours, anchor] ends where reading starts. Pages are bounded in bytes as well
 * as entries (COUNT follows the average entry size seen), and an incident in bytes
 * (maxBytes, newest kept): a few large logs must not fill the server's output buffer or this
 * process's memory as many small ones would not.
 */

export type LogKeyType = "stream" | "zset" | "list" | "file";

export interface ReadLogsOptions {
  windowHours: number;
  pageSize: number;
  maxLogs: number;
  maxEntryBytes: number;
  /** Bytes of stored entries read at most per incident (MAX_INCIDENT_BYTES); the newest are kept. */
  maxBytes: number;
  /** Bytes one read command should return at most (LOG_READ_PAGE_BYTES); COUNT follows. */
  pageBytes: number;
  /** Reads the newer half of a large list or sorted set on another thread meanwhile. */
  helper?: RangeReader;
}

/** Ranks [from, to) of a list or sorted set, read and normalised the same way on any thread. */
export interface RangeRequest {
  key: string;
  keyType: "list" | "zset";
  from: number;
  to: number;
  pageSize: number;
  maxEntryBytes: number;
  /** Entries held in memory that the ranks index, read instead of the key's (readHeldEntries). */
  held?: readonly string[];
}

export interface RangePart {
  part: TablePart;
  skipped: number;
  /** Of the skipped, those over MAX_LOG_ENTRY_BYTES. */
  oversized: number;
  skippedSamples: SkippedSample[];
  /** Shapes and features of the range's rows, computed by the thread that read them. */
  rows: RowFeaturesPart;
}

/** Another thread with its own connection (a detection thread's helper, threads/helper.ts). */
export interface RangeReader {
  /** Ranges shorter than this are read here: a thread hop would cost more than it saves. */
  minLogs: number;
  read(req: RangeRequest): Promise<RangePart>;
  /** Told when the helper failed; the range is then read here instead. */
  onFailure?: (err: Error) => void;
}

export type { SkippedSample };

export interface ReadLogsResult {
  key: string;
  keyType: LogKeyType;
  /** In log order (oldest first). */
  logs: LogTable;
  /** Shapes and features of exactly these rows, when two threads read them (readSplit). */
  precomputed?: Precomputed;
  skipped: number;
  /** Of the skipped, those over MAX_LOG_ENTRY_BYTES (an incident of nothing else is refused). */
  oversized?: number;
  /** The first few skipped entries by position, with their reasons (logs/skipped.ts). */
  skippedSamples: SkippedSample[];
  /** Entries in the key when reading started. */
  totalInKey: number;
  /** True when MAX_LOGS_PER_INCIDENT or MAX_INCIDENT_BYTES cut older logs of the window. */
  truncated: boolean;
  anchorMs: number;
  windowStartMs: number;
}

const JSON_FIELDS = new Set(["data", "json", "payload", "log", "entry", "record", "event"]);

class Collector {
  readonly table: LogTableBuilder;
  /** Set once the rows are all read (readSplit); dropBefore keeps it in step with them. */
  precomputed: Precomputed | undefined;
  skipped = 0;
  oversized = 0;
  readonly skippedSamples = new SkippedSamples();
  constructor(
    private readonly maxEntryBytes: number,
    expected: number,
  ) {
    this.table = new LogTableBuilder(expected);
  }

  /** The samples are the earliest skipped entries in the key, whatever order pages arrive in. */
  skip(index: number, reason: string, raw: unknown): void {
    this.skipped++;
    this.skippedSamples.add(index, reason, raw);
  }

  skipOversized(index: number, bytes: number, raw: unknown): void {
    this.oversized++;
    this.skip(index, `entry of ${bytes} bytes is over MAX_LOG_ENTRY_BYTES (${this.maxEntryBytes})`, raw);
  }

  /** A JSON document (list element, sorted-set member, or a stream's JSON field). */
  addJson(text: string, index: number, fallbackMs: number, streamId?: string): void {
    if (text.length > this.maxEntryBytes) {
      this.skipOversized(index, text.length, text);
      return;
    }
    const value = entryValue(text);
    if (value === BROKEN_JSON) this.skip(index, BROKEN_JSON_REASON, text);
    else this.addValue(value, index, fallbackMs, streamId);
  }

  addValue(value: unknown, index: number, fallbackMs: number, streamId?: string): void {
    const reason = normalizeInto(this.table, value, index, fallbackMs, streamId);
    if (reason !== undefined) this.skip(index, reason, value);
  }

  /** Rows another thread read (a range after all of these), with its skipped entries. */
  merge(r: RangePart): void {
    this.table.append(r.part);
    this.skipped += r.skipped;
    this.oversized += r.oversized;
    this.skippedSamples.merge(r.skippedSamples);
  }

  /** Drops the rows stamped before `startMs` from the table and from what was computed of them. */
  dropBefore(startMs: number): void {
    const pre = this.precomputed;
    this.table.dropBefore(startMs, pre && ((from, to) => movePrecomputedRow(pre, from, to)));
    if (pre && this.table.length < pre.features.n) this.precomputed = precomputedRows(pre, this.table.length);
  }

  /** `size`: the entry's fields and values in characters (streamEntryBytes). */
  addStreamEntry(id: string, fields: string[], index: number, size: number): void {
    const ms = Number(id.slice(0, id.indexOf("-")));
    if (fields.length === 2 && JSON_FIELDS.has(fields[0]!) && fields[1]!.trimStart().startsWith("{")) {
      this.addJson(fields[1]!, index, ms, id);
      return;
    }
    if (size > this.maxEntryBytes) {
      this.skipOversized(
        index,
        size,
        fields
          .slice(0, 8)
          .map((f) => f.slice(0, 100))
          .join(" "),
      );
      return;
    }
    const obj: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) obj[fields[i]!] = fields[i + 1]!;
    this.addValue(obj, index, ms, id);
  }
}

export async function readIncidentLogs(client: Valkey, key: string, opts: ReadLogsOptions): Promise<ReadLogsResult> {
  try {
    const type = await client.type(key);
    if (type === "none") throw new ServiceError("NOT_FOUND", `no logs found at key ${key}`, { key });
    const read = type === "stream" ? readStream : type === "zset" ? readSortedSet : type === "list" ? readList : undefined;
    if (!read) throw new ServiceError("UNSUPPORTED_KEY_TYPE", `key ${key} holds a ${type}; incident logs must be a stream, sorted set or list`, { key, type });
    return refuseOversized(await read(client, key, opts), opts);
  } catch (err) {
    throw asUnavailable(err, client);
  }
}

/**
 * Entries in the incident's key (0 when it does not exist or is not a log layout), in one round
 * trip: the detector uses it to decide where to run an incident before reading it.
 */
export async function countIncidentLogs(client: Valkey, key: string): Promise<number> {
  const r = await client.pipeline().type(key).llen(key).zcard(key).xlen(key).exec();
  const type = r?.[0]?.[1];
  const at = type === "list" ? 1 : type === "zset" ? 2 : type === "stream" ? 3 : -1;
  if (at < 0) return 0;
  const [err, n] = r?.[at] ?? [];
  return err ? 0 : Number(n ?? 0);
}

function finish(
  key: string,
  keyType: LogKeyType,
  c: Collector,
  totalInKey: number,
  truncated: boolean,
  anchorMs: number,
  windowStartMs: number,
): ReadLogsResult {
  const logs = c.table.build();
  if (c.precomputed && c.precomputed.features.n !== logs.length)
    throw new Error(`features of ${c.precomputed.features.n} rows read beside ${logs.length} rows`);
  return {
    key,
    keyType,
    logs,
    ...(c.precomputed ? { precomputed: c.precomputed } : {}),
    skipped: c.skipped,
    oversized: c.oversized,
    skippedSamples: c.skippedSamples.samples,
    totalInKey,
    truncated,
    anchorMs,
    windowStartMs,
  };
}

type StreamEntry = [id: string, fields: string[]];

/** Newest entries of a list or sorted set read first to learn their size (COUNT, the byte cap). */
const PROBE_ENTRIES = 100;
/** A stream's first page, before its entries' size is known: small, so large entries cannot fill it. */
const FIRST_PAGE_ENTRIES = 10;

/** Entries per read command: at most `pageSize`, and about `pageBytes` at `avgBytes` each. */
export function pageCount(pageSize: number, pageBytes: number, avgBytes: number): number {
  if (!(avgBytes > 0)) return Math.min(pageSize, FIRST_PAGE_ENTRIES);
  return Math.max(1, Math.min(pageSize, Math.floor(pageBytes / avgBytes)));
}

function streamEntryBytes(fields: string[]): number {
  let n = 0;
  for (const f of fields) n += f.length;
  return n;
}

/**
 * Pages requested ahead of the one being parsed: the server prepares the next reply meanwhile.
 * Two, not more: when two threads read an incident's halves from one server, which runs one
 * command at a time, each connection's pages ahead queue behind the other's. With four ahead the
 * older half's reader took the server for several pages at a time and finished well before the
 * newer half's, then waited for it (44 ms of a 100k request at the median); with two the halves
 * advance together. One reader alone reads as fast with two ahead as with four.
 */
const PAGES_IN_FLIGHT = 2;

/**
 * Fetches pages 0..count-1 with up to PAGES_IN_FLIGHT requests outstanding (one pipeline on the
 * connection) and hands them to `onPage` in order. Each page is parsed and dropped before the
 * next, so raw replies never pile up and the event loop runs between pages.
 */
async function readPages<T>(count: number, fetchPage: (p: number) => Promise<T>, onPage: (page: T, p: number) => void): Promise<void> {
  const ahead: Promise<T>[] = [];
  let requested = 0;
  for (let p = 0; p < count; p++) {
    while (requested < count && requested - p < PAGES_IN_FLIGHT) ahead.push(fetchPage(requested++));
    const page = await ahead.shift()!;
    onPage(page, p);
  }
}

async function readStream(client: Valkey, key: string, o: ReadLogsOptions): Promise<ReadLogsResult> {
  // One MULTI so the length, the newest id and the newest sane id describe the same moment.
  // An id set by a producer with a broken clock (after now + a day) is read but cannot anchor
  // the window, or it would push every other log out of it.
  const latest = String(Math.floor(Date.now() + MAX_FUTURE_SKEW_MS));
  // The newest entries come with it as the first page: a small stream is read in one round trip.
  const snap = await client.multi().xlen(key).xrevrange(key, "+", "-", "COUNT", FIRST_PAGE_ENTRIES).xrevrange(key, latest, "-", "COUNT", 1).exec();
  const total = Number(snap?.[0]?.[1] ?? 0);
  let firstPage = snap?.[1]?.[1] as StreamEntry[] | undefined;
  const newest = firstPage?.[0];
  const sane = (snap?.[2]?.[1] as StreamEntry[] | undefined)?.[0] ?? newest;
  const c = new Collector(o.maxEntryBytes, Math.min(total, o.maxLogs));
  if (!newest || !sane) return finish(key, "stream", c, 0, false, Number.NaN, Number.NaN);
  const anchorMs = Number(sane[0].split("-")[0]);
  const startMs = Math.max(0, anchorMs - o.windowHours * 3_600_000);
  let end = newest[0];
  let read = 0;
  let bytes = 0;
  let truncated = false;
  // Each page starts where the previous ended, so pages cannot be requested ahead. Entries are
  // normalised page by page, newest first; the j-th newest is at position total - 1 - j.
  for (;;) {
    const avg = read > 0 ? bytes / read : 0;
    // The first page learns the entries' size; later ones stop where the budget would.
    const byBytes = avg > 0 ? Math.floor((o.maxBytes - bytes) / avg) : Number.POSITIVE_INFINITY;
    const count = Math.min(pageCount(o.pageSize, o.pageBytes, avg), o.maxLogs - read, byBytes);
    const page = firstPage
      ? withinFirst(firstPage, Math.floor(startMs), count)
      : ((await pageReply(client, count, "xrevrange", [key, end, String(Math.floor(startMs)), "COUNT", count])) as StreamEntry[]);
    firstPage = undefined;
    let full = false;
    for (const [id, fields] of page) {
      const size = streamEntryBytes(fields);
      // The newest entry is always read; an older one only while the budget holds it.
      if (read > 0 && bytes + size > o.maxBytes) {
        full = true;
        break;
      }
      bytes += size;
      c.addStreamEntry(id, fields, total - 1 - read++, size);
    }
    if (full) {
      truncated = true;
      break;
    }
    if (page.length < count) break;
    if (read >= o.maxLogs || o.maxBytes - bytes < bytes / read) {
      const more = (await client.xrevrange(key, `(${page[page.length - 1]![0]}`, String(Math.floor(startMs)), "COUNT", 1)) as StreamEntry[];
      truncated = more.length > 0;
      break;
    }
    end = `(${page[page.length - 1]![0]}`;
  }
  c.table.reverse();
  return finish(key, "stream", c, total, truncated, anchorMs, startMs);
}

/** What XREVRANGE key <newest> <fromMs> COUNT count returns, from the newest entries already read. */
function withinFirst(newestFirst: StreamEntry[], fromMs: number, count: number): StreamEntry[] {
  const out: StreamEntry[] = [];
  for (const e of newestFirst) {
    if (out.length >= count || Number(e[0].slice(0, e[0].indexOf("-"))) < fromMs) break;
    out.push(e);
  }
  return out;
}

async function readSortedSet(client: Valkey, key: string, o: ReadLogsOptions): Promise<ReadLogsResult> {
  const snap = await client.multi().zcard(key).zrange(key, "-1", "-1", "WITHSCORES").exec();
  const total = Number(snap?.[0]?.[1] ?? 0);
  const top = snap?.[1]?.[1] as string[] | undefined;
  const c = new Collector(o.maxEntryBytes, Math.min(total, o.maxLogs));
  if (!top || top.length < 2) return finish(key, "zset", c, 0, false, Number.NaN, Number.NaN);
  let anchorMs = Number(top[1]);
  const latest = Date.now() + MAX_FUTURE_SKEW_MS;
  if (anchorMs > latest) {
    // A score from a broken clock must not anchor the window (its log is still read).
    const sane = await client.zrevrangebyscore(key, String(latest), "-inf", "WITHSCORES", "LIMIT", 0, 1);
    if (sane.length >= 2) anchorMs = Number(sane[1]);
  }
  const startMs = anchorMs - o.windowHours * 3_600_000;
  // Ranks are stable under concurrent additions of newer logs, unlike score offsets.
  const before = await client.zcount(key, "-inf", `(${startMs}`);
  const plan = await planRanks(client, key, "zset", Math.max(before, total - o.maxLogs), total, o);
  const truncated = plan.from > before;
  if (plan.probe) addRankPage(c, plan.probe);
  else
    await readSplit(
      client,
      { key, keyType: "zset", from: plan.from, to: Math.max(plan.from, total), pageSize: plan.pageSize, maxEntryBytes: o.maxEntryBytes },
      c,
      o.helper,
    );
  return finish(key, "zset", c, total, truncated, anchorMs, startMs);
}

async function readList(client: Valkey, key: string, o: ReadLogsOptions): Promise<ReadLogsResult> {
  const total = await client.llen(key);
  const c = new Collector(o.maxEntryBytes, Math.min(total, o.maxLogs));
  const plan = await planRanks(client, key, "list", Math.max(0, total - o.maxLogs), total, o);
  const first = plan.from;
  if (plan.probe) addRankPage(c, plan.probe);
  else await readSplit(client, { key, keyType: "list", from: first, to: total, pageSize: plan.pageSize, maxEntryBytes: o.maxEntryBytes }, c, o.helper);
  return finishList(key, c, total, first > 0, o.windowHours);
}

/** A list has no range query by time: its window is anchored at the newest timestamp read. */
function finishList(key: string, c: Collector, total: number, truncated: boolean, windowHours: number): ReadLogsResult {
  const w = windowByNewest(c.table.timestamps(), windowHours, Date.now() + MAX_FUTURE_SKEW_MS);
  c.dropBefore(w.windowStartMs);
  return finish(key, "list", c, total, truncated, w.anchorMs, w.windowStartMs);
}

/** Entries of a list or sorted set: members, and scores for a sorted set. */
interface RankPage {
  /** Rank of the first entry. */
  from: number;
  entries: string[];
  scores?: string[];
}

/**
 * Where to start reading ranks [from, to) of a list or sorted set, and how many entries a page
 * holds, from the size of the newest PROBE_ENTRIES: the cap in bytes moves the start up (the
 * newest are kept), COUNT shrinks for large entries. Older entries much larger than the newest
 * would be read beyond the cap by that ratio. The probe's entries come back too: when they are
 * the whole range (a small incident), nothing is read twice.
 */
async function planRanks(
  client: Valkey,
  key: string,
  keyType: "list" | "zset",
  from: number,
  to: number,
  o: ReadLogsOptions,
): Promise<{ from: number; pageSize: number; probe?: RankPage }> {
  if (to - from <= 0) return { from, pageSize: o.pageSize };
  const probeFrom = Math.max(from, to - PROBE_ENTRIES);
  const probe = await fetchRanks(client, key, keyType, probeFrom, to - 1);
  let bytes = 0;
  for (const e of probe.entries) bytes += e.length;
  const avg = probe.entries.length > 0 ? bytes / probe.entries.length : 0;
  if (!(avg > 0)) return { from, pageSize: o.pageSize };
  const fit = Math.max(1, Math.floor(o.maxBytes / avg));
  const start = Math.max(from, to - fit);
  // Only a probe of exactly the planned range can stand for it (the cap may start it later).
  const whole = probeFrom === start && probe.entries.length === to - start;
  return { from: start, pageSize: pageCount(o.pageSize, o.pageBytes, avg), ...(whole ? { probe } : {}) };
}

/** Ranks [from, last] of a list or sorted set, or of the entries `held` in memory. */
async function fetchRanks(client: Valkey, key: string, keyType: "list" | "zset", from: number, last: number, held?: readonly string[]): Promise<RankPage> {
  if (held) return { from, entries: held.slice(from, last + 1) };
  const size = last - from + 1;
  if (keyType === "list") return { from, entries: (await pageReply(client, size, "lrange", [key, from, last])) as string[] };
  const flat = (await pageReply(client, size, "zrange", [key, String(from), String(last), "WITHSCORES"])) as string[];
  const entries: string[] = [];
  const scores: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    entries.push(flat[i]!);
    scores.push(flat[i + 1]!);
  }
  return { from, entries, scores };
}

function addRankPage(c: Collector, page: RankPage): void {
  const { from, entries, scores } = page;
  for (let j = 0; j < entries.length; j++) c.addJson(entries[j]!, from + j, scores ? Number(scores[j]) : Number.NaN);
}

/** Ranks [from, to) into `c`, page by page (a sorted set's scores are the fallback stamps). */
async function readRanks(client: Valkey, req: RangeRequest, c: Collector): Promise<void> {
  const { key, keyType, from, to, pageSize, held } = req;
  await readPages(
    Math.ceil((to - from) / pageSize),
    (p) => {
      const r = from + p * pageSize;
      return fetchRanks(client, key, keyType, r, Math.min(to, r + pageSize) - 1, held);
    },
    (page) => addRankPage(c, page),
  );
}

/**
 * Entries held in memory, read as readList reads a list of them (pages, the newer half by the
 * helper, the window anchored at the newest), with no key and no round trip: a ready thread's
 * warm-up (threads/warm-up.ts) runs a read's own code on an incident of its own this way.
 */
export async function readHeldEntries(client: Valkey, name: string, entries: readonly string[], o: ReadLogsOptions): Promise<ReadLogsResult> {
  const c = new Collector(o.maxEntryBytes, entries.length);
  let bytes = 0;
  for (const e of entries) bytes += e.length;
  const pageSize = pageCount(o.pageSize, o.pageBytes, entries.length > 0 ? bytes / entries.length : 0);
  const req: RangeRequest = { key: name, keyType: "list", from: 0, to: entries.length, pageSize, maxEntryBytes: o.maxEntryBytes, held: entries };
  await readSplit(client, req, c, o.helper);
  return finishList(name, c, entries.length, false, o.windowHours);
}

/** A range read on this connection, as a part for the thread that asked (the helper's side). */
export async function readRange(client: Valkey, req: RangeRequest): Promise<RangePart> {
  const c = new Collector(req.maxEntryBytes, req.to - req.from);
  try {
    await readRanks(client, req, c);
  } catch (err) {
    throw asUnavailable(err, client);
  }
  const rows = rowFeaturesPart(rowFeatures(c.table.view()));
  return { part: c.table.part(), skipped: c.skipped, oversized: c.oversized, skippedSamples: c.skippedSamples.samples, rows };
}

/**
 * Ranks [from, to) into `c`. With a helper and enough logs, the helper reads the newer half on
 * its own connection while this thread reads the older one: reading and normalising is most
 * of a large incident's time, and two cores do it in about two thirds of the time of one. If the
 * helper fails, its half is read here.
 */
async function readSplit(client: Valkey, req: RangeRequest, c: Collector, helper: RangeReader | undefined): Promise<void> {
  const count = req.to - req.from;
  if (!helper || count < helper.minLogs) return readRanks(client, req, c);
  // On a page boundary, so neither half reads a short page in the middle.
  const mid = req.from + Math.ceil(count / 2 / req.pageSize) * req.pageSize;
  // A page as large as the range leaves nothing to share.
  if (mid >= req.to) return readRanks(client, req, c);
  const newer: RangeRequest = { ...req, from: mid };
  const theirs = helper.read(newer).catch((err: Error) => {
    helper.onFailure?.(err);
    return undefined;
  });
  await readRanks(client, { ...req, to: mid }, c);
  // This half's shapes and features while the helper finishes its own: prepare() then skips them.
  const mine = rowFeatures(c.table.view(), count);
  const got = await theirs;
  if (!got) return readRanks(client, newer, c);
  c.merge(got);
  c.precomputed = mergeRowFeatures(mine, got.rows);
}
