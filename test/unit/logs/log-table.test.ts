import { describe, expect, it } from "vitest";
import { tableOf } from "../../../src/logs/from-records.js";
import { LogTableBuilder, MAX_ROUTES, type TablePart } from "../../../src/logs/table-builder.js";
import type { LogTable } from "../../../src/logs/log-table.js";
import { normalizeInto, normalizeLog } from "../../../src/logs/normalize.js";
import { extractFeatures } from "../../../src/detection/features/features.js";
import { messageShapes } from "../../../src/detection/features/message-shapes.js";
import { movePrecomputedRow, precomputedRows, rowFeatures } from "../../../src/detection/features/row-features.js";

/** The table built the service's way, and the records normalizeLog makes of the same entries. */
function both(entries: unknown[]) {
  const b = new LogTableBuilder(2);
  const reasons = entries.map((e, i) => normalizeInto(b, e, i, 1_700_000_000_000, `${i}-0`));
  const records = entries.flatMap((e, i) => {
    const r = normalizeLog(e, i, 1_700_000_000_000);
    return r.ok ? [{ ...r.record, streamId: `${i}-0` }] : [];
  });
  return { b, reasons, records };
}

const ENTRIES = [
  { message: "ms stamp", timestamp: "2025-09-19T07:49:29.123Z", level: "warn", service: "api" },
  { message: "seconds stamp", timestamp: "2025-09-19T07:49:30Z", service: "db" },
  { message: "rolls over", timestamp: "2025-02-30T00:00:00Z", service: "api" },
  { message: "offset", timestamp: "2025-09-19T09:49:31+02:00", service: "db", response_time: 12 },
  { message: "epoch", timestamp: 1_758_268_172, memory_usage: 0.5 },
  { msg: "no stamp at all" },
  { level: "ERROR" },
];

describe("LogTable", () => {
  it("gives back, row for row, the records normalizeLog makes (stamps as written, numbers, levels)", () => {
    const { b, reasons, records } = both(ENTRIES);
    expect(reasons[6]).toMatch(/no message/);
    expect(b.build().records()).toEqual(records);
    expect(records[0]!.timestamp).toBe("2025-09-19T07:49:29.123Z");
    expect(records[1]!.timestamp).toBe("2025-09-19T07:49:30Z");
    expect(records[2]!.timestamp).toBe("2025-02-30T00:00:00Z");
  });

  it("numbers services by first appearance and keeps no service without rows", () => {
    const { b } = both(ENTRIES);
    b.dropBefore(Date.parse("2025-09-19T07:49:30Z"));
    const t = b.build();
    // "no stamp at all" took the fallback stamp (2023), so it is dropped too.
    expect(t.messages).toEqual(["seconds stamp", "offset", "epoch"]);
    expect(t.services).toEqual(["db", "unknown"]);
    expect(Array.from(t.serviceOf)).toEqual([0, 0, 1]);
  });

  it("gives a service the same id whichever names of its length came between, also across another thread's rows", () => {
    // "api-a" and "api-b" share a length, as "user-service" and "auth-service" do.
    const names = ["api-a", "api-b", "api-a", "db", "api-b", "api-b", "a".repeat(80), "api-a", "a".repeat(80), "db"];
    const { b } = both(names.map((service, i) => ({ message: `m${i}`, service })));
    const other = both(["api-b", "cache", "api-a", "cache"].map((service, i) => ({ message: `o${i}`, service }))).b;
    b.append(other.part());
    const t = b.build();
    expect(t.services).toEqual(["api-a", "api-b", "db", "a".repeat(80), "cache"]);
    expect(t.records().map((r) => r.service)).toEqual([...names, "api-b", "cache", "api-a", "cache"]);
  });

  it("keeps rows without a stamp when dropping older ones, and every column in step", () => {
    const b = new LogTableBuilder(1);
    for (let i = 0; i < 40; i++)
      normalizeInto(b, { message: `m${i}`, timestamp: i % 5 === 0 ? undefined : 1_758_268_000 + i, service: `s${i % 3}` }, i, Number.NaN, `${i}-1`);
    b.dropBefore((1_758_268_000 + 30) * 1000);
    const rows = b.build().records();
    expect(rows.map((r) => r.index)).toEqual([0, 5, 10, 15, 20, 25, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    for (const r of rows) {
      expect(r.message).toBe(`m${r.index}`);
      expect(r.service).toBe(`s${r.index % 3}`);
      expect(r.streamId).toBe(`${r.index}-1`);
    }
  });

  it("tells who keeps shapes and features beside it which rows moved, so they stay in step", () => {
    const b = new LogTableBuilder(1);
    for (let i = 0; i < 40; i++) {
      const message = i % 4 === 0 ? `request ${i} took ${100 + i} ms` : i % 4 === 1 ? `heap at ${50 + i}%` : `user ${i} logged in`;
      normalizeInto(b, { message, timestamp: i % 5 === 0 ? undefined : 1_758_268_000 + i, level: i % 3 ? "INFO" : "ERROR" }, i);
    }
    const r = rowFeatures(b.view());
    const all = { shapes: r.builder.shapes(r.shapeOf), features: r.features };
    b.dropBefore((1_758_268_000 + 30) * 1000, (from, to) => movePrecomputedRow(all, from, to));
    const t = b.build();
    const pre = precomputedRows(all, t.length);
    expect(pre.features).toEqual(extractFeatures(t.records()));
    const fresh = messageShapes(t);
    for (let row = 0; row < t.length; row++) {
      expect(pre.shapes.skeleton[pre.shapes.shapeOf[row]!]).toBe(fresh.skeleton[fresh.shapeOf[row]!]);
      expect(pre.shapes.timeout[pre.shapes.shapeOf[row]!]).toBe(fresh.timeout[fresh.shapeOf[row]!]);
    }
  });

  it("reverses every column together (a stream is read newest first)", () => {
    const { b, records } = both(ENTRIES);
    b.reverse();
    const t = b.build();
    expect(t.records()).toEqual(records.slice().reverse());
    expect(t.services[0]).toBe(t.service(0));
  });

  it("keeps a route per row as an id into a table of route shapes, in step through reverse and dropBefore", () => {
    const b = new LogTableBuilder(1);
    for (let i = 0; i < 30; i++) {
      const path = i % 3 === 0 ? undefined : i % 3 === 1 ? `/v1/accounts/${1000 + i}/entries` : "/search/logs";
      normalizeInto(b, { message: `m${i}`, timestamp: 1_758_268_000 + i, path }, i);
    }
    b.reverse();
    b.dropBefore((1_758_268_000 + 10) * 1000);
    const t = b.build();
    expect(t.routes).toEqual(["/search/logs", "/v<*>/accounts/<*>/entries"]);
    for (let row = 0; row < t.length; row++) {
      const i = t.index[row]!;
      expect(t.route(row)).toBe(i % 3 === 0 ? undefined : i % 3 === 1 ? "/v<*>/accounts/<*>/entries" : "/search/logs");
      expect(t.routeOf![row]).toBe(i % 3 === 0 ? -1 : i % 3 === 1 ? 1 : 0);
    }
    // No column at all when no log names a route: nothing per row for the logs that never do.
    const none = both(ENTRIES).b.build();
    expect(none.routeOf).toBeUndefined();
    expect(none.routes).toEqual([]);
  });

  /** Rows [0, n) read by one builder, or split at `cut` into two whose second is posted as a part and appended. */
  function oneAndTwo(n: number, cut: number, path: (i: number) => string | undefined) {
    const add = (b: LogTableBuilder, i: number) => normalizeInto(b, { message: `m${i}`, timestamp: 1_758_268_000 + i, path: path(i) }, i);
    const one = new LogTableBuilder(1);
    const first = new LogTableBuilder(1);
    const second = new LogTableBuilder(1);
    for (let i = 0; i < n; i++) {
      add(one, i);
      add(i < cut ? first : second, i);
    }
    // As the helper thread posts it: the typed arrays and arrays of strings, cloned.
    first.append(structuredClone(second.part()) as TablePart);
    return { one: one.build(), two: first.build() };
  }

  it("appends another thread's routes as if its rows were added here, routes new here numbered in its order", () => {
    const path = (i: number) => (i % 4 === 0 ? undefined : `/r${i % 7}/x`);
    for (const cut of [0, 5, 20, 40]) {
      const { one, two } = oneAndTwo(40, cut, path);
      expect(two.records()).toEqual(one.records());
      expect(two.routes).toEqual(one.routes);
      expect(Array.from(two.routeOf!)).toEqual(Array.from(one.routeOf!));
    }
    // Only one side names routes.
    const early = oneAndTwo(40, 20, (i) => (i < 20 ? "/a" : undefined));
    expect(Array.from(early.two.routeOf!)).toEqual(Array.from(early.one.routeOf!));
    const late = oneAndTwo(40, 20, (i) => (i >= 20 ? "/b" : undefined));
    expect(Array.from(late.two.routeOf!)).toEqual(Array.from(late.one.routeOf!));
  });

  /**
   * 20 entries read by one builder, and split at `cut` between two whose second is posted and
   * appended; both reversed and cut at the seventh second. Returns both tables.
   */
  function splitThenCut(entry: (i: number) => Record<string, unknown>, cut: number): { one: LogTable; two: LogTable } {
    const one = new LogTableBuilder(1);
    const first = new LogTableBuilder(1);
    const second = new LogTableBuilder(1);
    for (let i = 0; i < 20; i++) {
      normalizeInto(one, entry(i), i);
      normalizeInto(i < cut ? first : second, entry(i), i);
    }
    first.append(structuredClone(second.part()) as TablePart);
    const built = (x: LogTableBuilder) => {
      x.reverse();
      x.dropBefore(1_758_268_006_000);
      return x.build();
    };
    return { one: built(one), two: built(first) };
  }

  it("keeps what a row's exception says of memory in step through another thread's rows, reverse and dropBefore", () => {
    const entry = (i: number) => ({ message: `m${i}`, timestamp: 1_758_268_000 + i, ...(i % 5 === 3 ? { exc_msg: "CUDA out of memory" } : {}) });
    for (const cut of [0, 4, 10, 20]) {
      const { one: a, two: b } = splitThenCut(entry, cut);
      expect(b.records()).toEqual(a.records());
      expect(Array.from({ length: a.length }, (_, row) => a.memoryWording(row))).toEqual(
        Array.from({ length: a.length }, (_, row) => (a.index[row]! % 5 === 3 ? "out of memory" : undefined)),
      );
    }
  });

  it("keeps what a row's exception says of a timeout, and its first line, in step through another thread's rows, reverse and dropBefore", () => {
    const entry = (i: number) => ({
      message: `m${i}`,
      timestamp: 1_758_268_000 + i,
      ...(i % 6 === 1 ? { error: "context deadline exceeded" } : i % 6 === 4 ? { error: `pool ${i} exhausted` } : {}),
    });
    for (const cut of [0, 4, 10, 20]) {
      const { one: a, two: b } = splitThenCut(entry, cut);
      expect(b.records()).toEqual(a.records());
      expect(Array.from({ length: a.length }, (_, row) => a.timeoutWording(row))).toEqual(
        Array.from({ length: a.length }, (_, row) => (a.index[row]! % 6 === 1 ? "deadline exceeded" : undefined)),
      );
      const head = (i: number) => (i % 6 === 1 ? "context deadline exceeded" : i % 6 === 4 ? "pool # exhausted" : undefined);
      expect(Array.from({ length: a.length }, (_, row) => a.exception(row))).toEqual(Array.from({ length: a.length }, (_, row) => head(a.index[row]!)));
    }
  });

  it("keeps the instance that wrote each row in step through another thread's rows, reverse and dropBefore", () => {
    const entry = (i: number) => ({ message: `m${i}`, timestamp: 1_758_268_000 + i, ...(i % 4 === 0 ? {} : { pod: `api-${i % 3}` }) });
    for (const cut of [0, 4, 10, 20]) {
      const { one: a, two: b } = splitThenCut(entry, cut);
      expect(b.records()).toEqual(a.records());
      expect(a.hasInstances).toBe(true);
      expect(Array.from({ length: a.length }, (_, row) => a.instance(row))).toEqual(
        Array.from({ length: a.length }, (_, row) => (a.index[row]! % 4 === 0 ? undefined : `api-${a.index[row]! % 3}`)),
      );
    }
    // No column when no log names its instance.
    const none = new LogTableBuilder(1);
    normalizeInto(none, { message: "m", timestamp: 1_758_268_000 }, 0);
    expect(none.build().hasInstances).toBe(false);
  });

  it("keeps a memory size without its limit in step through another thread's rows, reverse and dropBefore", () => {
    // The first sizes come late (after row 6), so the column is created mid-table on either thread.
    const entry = (i: number) => ({ message: `m${i}`, timestamp: 1_758_268_000 + i, ...(i > 6 && i % 3 !== 0 ? { rss_mb: i } : {}) });
    for (const cut of [0, 4, 10, 20]) {
      const { one: a, two: b } = splitThenCut(entry, cut);
      expect(b.records()).toEqual(a.records());
      expect(Array.from(b.memoryBytes ?? [], (v) => (Number.isNaN(v) ? undefined : v))).toEqual(
        Array.from({ length: a.length }, (_, row) => {
          const i = a.index[row]!;
          return i > 6 && i % 3 !== 0 ? i * 1024 * 1024 : undefined;
        }),
      );
    }
    // No column when no log reports a size.
    const none = new LogTableBuilder(1);
    normalizeInto(none, { message: "m", timestamp: 1_758_268_000 }, 0);
    expect(none.build().memoryBytes).toBeUndefined();
  });

  it("keeps the HTTP status each row reports in step through another thread's rows, reverse and dropBefore", () => {
    // The first statuses come late (after row 5), so the column is created mid-table on either thread.
    const status = (i: number): number | undefined => (i > 5 && i % 4 !== 0 ? (i % 2 === 0 ? 401 : 200) : undefined);
    const entry = (i: number) => ({ message: `m${i}`, timestamp: 1_758_268_000 + i, ...(status(i) === undefined ? {} : { status: status(i) }) });
    for (const cut of [0, 4, 10, 20]) {
      const { one: a, two: b } = splitThenCut(entry, cut);
      expect(b.records()).toEqual(a.records());
      expect(Array.from(b.httpStatus ?? [])).toEqual(Array.from({ length: a.length }, (_, row) => status(a.index[row]!) ?? 0));
    }
    // No column when no log reports a status.
    const none = new LogTableBuilder(1);
    normalizeInto(none, { message: "m", timestamp: 1_758_268_000 }, 0);
    expect(none.build().httpStatus).toBeUndefined();
  });

  it("drops the routes whole when there are more than MAX_ROUTES of them, however the rows were split", () => {
    const n = MAX_ROUTES + 10;
    // Every row its own page: routes that name no operation.
    const page = (i: number) => `/blog/${[0, 1, 2, 3].map((k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join("")}`;
    for (const cut of [10, MAX_ROUTES / 2, n - 10]) {
      const { one, two } = oneAndTwo(n, cut, page);
      expect(one.routeOf).toBeUndefined();
      expect(two.routeOf).toBeUndefined();
    }
    // At the limit they are kept.
    const { one, two } = oneAndTwo(MAX_ROUTES, MAX_ROUTES / 2, page);
    expect(one.routes.length).toBe(MAX_ROUTES);
    expect(two.routes).toEqual(one.routes);
  });

  it("from() keeps records' stamps verbatim and defaults missing numbers to NaN", () => {
    const t = tableOf([{ index: 7, timestampMs: 0, timestamp: "yesterday", level: "CRITICAL", message: "m", service: "s" }]);
    expect(t.timestamp(0)).toBe("yesterday");
    expect(t.level(0)).toBe("CRITICAL");
    expect(t.severity[0]).toBe(5);
    expect(Number.isNaN(t.responseTimeMs[0]!)).toBe(true);
    expect(t.streamId(0)).toBeUndefined();
    expect(tableOf([]).length).toBe(0);
  });
});
