import { describe, expect, it } from "vitest";
import {
  COLLECTOR_PAUSE_REASON,
  DELAY_WORDS_REASON,
  LAG_WORDS_REASON,
  MEMORY_FAILURE_REASON,
  MEMORY_WORDS_REASON,
  SLOW_WORDS_REASON,
  STACK_FRAME_REASON,
  detect,
} from "../../../src/detection/detect.js";
import { templateId } from "../../../src/detection/findings.js";
import { WITH_EXCEPTION } from "../../../src/detection/history/history.js";
import type { ServiceHistory, TemplateHistory } from "../../../src/detection/history/history.js";
import { add, timeBin } from "../../../src/detection/history/histogram.js";
import { featuresAt } from "../../../src/detection/features/features.js";
import type { LogRecord } from "../../../src/logs/log-record.js";
import { createRandom } from "../../../src/detection/forest/random.js";
import { normalizeLog } from "../../../src/logs/normalize.js";
import { calmIncident, gaussian, log, reindex } from "./log-fixtures.js";

const PROTOTYPE_MESSAGE = "Database connection timeout after 30s";

function withPlanted(planted: LogRecord[], n = 150): { records: LogRecord[]; rows: number[] } {
  const base = calmIncident(n);
  const rows: number[] = [];
  planted.forEach((p, k) => {
    const at = 20 + k * 31;
    base.splice(at, 0, p);
    rows.push(at);
  });
  return { records: reindex(base), rows };
}

const find = (out: ReturnType<typeof detect>, row: number) => out.anomalies.find((a) => a.row === row);

describe("detect: the original prototype's example", () => {
  it("reports the 30 s database timeout as a confident performance anomaly", () => {
    const { records, rows } = withPlanted([log("ERROR", PROTOTYPE_MESSAGE, "user-service")]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(out.method).toBe("isolation_forest");
    const a = find(out, rows[0]!);
    expect(a).toBeDefined();
    expect(a!.anomalyType).toBe("performance");
    expect(a!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(featuresAt(out.features, a!.row).response_time).toBe(30000);
    expect(a!.reasons[0]).toMatch(/^response time 30000 ms is \d+x the median of user-service \(\d+ ms\)/);
    expect(a!.reasons.some((r) => /^isolation score 0\.\d{3} above the baseline's 90th percentile/.test(r))).toBe(true);
    expect(a!.template).toBe("Database connection timeout after <*>");
  });

  it("reports it on its own too, by the statistical path", () => {
    const out = detect([log("ERROR", PROTOTYPE_MESSAGE)], { confidenceThreshold: 0.7 });
    expect(out.method).toBe("statistical");
    expect(out.anomalies).toHaveLength(1);
    expect(out.anomalies[0]!.anomalyType).toBe("performance");
    expect(out.anomalies[0]!.confidence).toBeGreaterThanOrEqual(0.8);
  });
});

describe("detect: types", () => {
  it("classifies OOM and FATAL among INFO lines", () => {
    const { records, rows } = withPlanted([
      log("ERROR", "java.lang.OutOfMemoryError: Java heap space", "order-service"),
      log("CRITICAL", "ledger checksum mismatch, halting writes", "payment-service"),
    ]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    const [oom, fatal] = rows.map((r) => find(out, r));
    expect(oom?.anomalyType).toBe("memory");
    expect(oom!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(oom!.reasons[0]).toBe('out of memory: "OutOfMemoryError" in the message');
    expect(fatal?.anomalyType).toBe("error");
    expect(fatal!.confidence).toBeGreaterThanOrEqual(0.8);
    expect(fatal!.reasons[0]).toMatch(/^CRITICAL level/);
  });

  it("says when a memory percentage was computed from sizes rather than stated", () => {
    const { records, rows } = withPlanted([log("WARNING", "heap used=1900MiB committed=2000MiB max=2048MiB", "order-service")]);
    const out = detect(records, { confidenceThreshold: 0 });
    const mem = find(out, rows[0]!);
    expect(mem?.anomalyType).toBe("memory");
    expect(mem!.reasons[0]).toMatch(/^memory usage 92\.8% \(computed from the sizes in the message\)/);
  });

  it("gives a huge message pattern evidence that needs company to be reported", () => {
    const { records, rows } = withPlanted([log("INFO", `payload dump ${"ab".repeat(600)}`, "order-service")]);
    const alone = find(detect(records, { confidenceThreshold: 0, minForestSamples: 10_000 }), rows[0]!)!;
    expect(alone.anomalyType).toBe("pattern");
    expect(alone.reasons[0]).toMatch(/^message length 1213 characters vs median \d+ in order-service/);
    expect(alone.confidence).toBeGreaterThan(0.5);
    expect(alone.confidence).toBeLessThan(0.7);
    // The forest isolates it too: agreement lifts it over the default threshold.
    const withForest = find(detect(records, { confidenceThreshold: 0 }), rows[0]!)!;
    expect(withForest.reasons.some((r) => r.startsWith("isolation score"))).toBe(true);
    expect(withForest.confidence).toBeGreaterThanOrEqual(0.7);
  });

  it("lets the length of a long message new in the window speak, not that of one the service always writes", () => {
    // A debug dump switched on a third of the way in: 100 lines ten times the service's usual length.
    const routes = ["quotes", "quotes/summary", "fx", "fx/rates/latest", "health"];
    const dump = (i: number) => log("INFO", `response body dump id=${i} ${"x".repeat(600)}`, "quote");
    const usual = (i: number) => log("INFO", `GET /api/${routes[i % 5]}/${i} 200 in ${40 + (i % 9)}ms`, "quote");
    const late: LogRecord[] = [];
    for (let i = 0; i < 900; i++) late.push(i >= 300 && i % 6 === 0 ? dump(i) : usual(i));
    const lateOut = detect(reindex(late), { confidenceThreshold: 0, minForestSamples: 10_000 });
    const first = lateOut.anomalies.find((a) => a.row === 300)!;
    expect(first.anomalyType).toBe("pattern");
    expect(first.confidence).toBeGreaterThanOrEqual(0.7);
    expect(first.reasons[0]).toMatch(
      /^message length \d+ characters vs median \d+ in quote \(\d+(\.\d+)?x\), a message new in the window: first seen after \d+ of 900 logs of quote$/,
    );
    // The same dumps all through the window are what the service writes: length alone stays low.
    const always: LogRecord[] = [];
    for (let i = 0; i < 900; i++) always.push(i % 6 === 0 ? dump(i) : usual(i));
    const alwaysOut = detect(reindex(always), { confidenceThreshold: 0, minForestSamples: 10_000 });
    expect(alwaysOut.anomalies.find((a) => a.row === 300)?.confidence ?? 0).toBeLessThan(0.7);
  });

  it("judges response times within their service", () => {
    // 900 ms is ordinary for the slow report service but far out for the fast API.
    const records: LogRecord[] = [];
    for (let i = 0; i < 40; i++) {
      records.push(log("INFO", `GET /api/${i} 200 in ${40 + (i % 7) * 5}ms`, "api"));
      records.push(log("INFO", `report ${i} built in ${800 + (i % 5) * 60}ms`, "reports"));
    }
    records.push(log("INFO", "GET /api/x 200 in 900ms", "api"));
    records.push(log("INFO", "report x built in 900ms", "reports"));
    const out = detect(reindex(records), { confidenceThreshold: 0.5 });
    const api = find(out, records.length - 2);
    expect(api?.anomalyType).toBe("performance");
    expect(api!.reasons[0]).toMatch(/the median of (this message in )?api \(/);
    expect(find(out, records.length - 1)?.anomalyType ?? "none").not.toBe("performance");
  });

  it("judges an endpoint against its own message shape when its template merges it with slower ones", () => {
    // One template for the storefront's request lines, whose endpoints differ by their path and
    // controller only: a stock lookup (about 17 ms) beside an order page (about 90 ms).
    const records: LogRecord[] = [];
    const jitter = createRandom(3);
    for (let i = 0; i < 60; i++) {
      records.push(
        log("INFO", `[200] GET /api/v2/stock/${1000 + i} (Api::V2::StockController#show) in ${(14 + jitter.next() * 6).toFixed(1)}ms`, "storefront"),
      );
      records.push(log("INFO", `[200] GET /orders/${5000 + i} (OrdersController#show) in ${(80 + jitter.next() * 20).toFixed(1)}ms`, "storefront"));
    }
    records.push(log("INFO", "[200] GET /api/v2/stock/4711 (Api::V2::StockController#show) in 210.0ms", "storefront"));
    records.push(log("INFO", "[200] GET /orders/4711 (OrdersController#show) in 210.0ms", "storefront"));
    const out = detect(reindex(records), { confidenceThreshold: 0.5 });
    const stock = find(out, records.length - 2);
    expect(stock?.anomalyType).toBe("performance");
    // About 12x the stock lookups' median, not 4x the template's.
    expect(stock!.reasons[0]).toMatch(/is 1[0-3](\.\d+)?x the median of this message in storefront \(1\d(\.\d+)? ms\)/);
    // The order page's 210 ms is a little over twice its own median: not slow for it.
    expect(find(out, records.length - 1)?.anomalyType ?? "none").not.toBe("performance");
  });

  /**
   * One access logger's "search ok" for two routes 40x apart, the route in a field of the log:
   * searches of about 50 ms and exports of about 2 s, one export every `exportEvery` lines, and
   * a 700 ms search at `slow`.
   */
  function twoRoutes(exportEvery: number, withRoute = true): { records: LogRecord[]; slow: number; exports: number[] } {
    const g = gaussian(5);
    const records: LogRecord[] = [];
    const exports: number[] = [];
    for (let i = 0; i < 480; i++) {
      const exporting = i % exportEvery === 0;
      if (exporting) exports.push(i);
      const responseTimeMs = Math.round((exporting ? 2000 : 50) * Math.exp(0.25 * g()));
      const route = exporting ? "/search/export" : "/search/logs";
      records.push(
        log("INFO", "search ok", "search-api", { timestampMs: Date.parse("2025-09-19T07:00:00Z") + i * 1000, responseTimeMs, ...(withRoute ? { route } : {}) }),
      );
    }
    const slow = 301;
    records[slow] = { ...records[slow]!, responseTimeMs: 700 };
    return { records: reindex(records), slow, exports };
  }

  it("judges a request against its own route's times when a field names the route and one message reports two", () => {
    // Half the lines are exports: the template's 90th percentile is an export, so its "two paths"
    // rule would excuse any search up to its 95th percentile, the 700 ms one included.
    const { records, slow, exports } = twoRoutes(2);
    const out = detect(records, { confidenceThreshold: 0.7 });
    const search = find(out, slow);
    expect(search?.anomalyType).toBe("performance");
    expect(search!.reasons[0]).toMatch(/^response time 700 ms is 1\dx the median of "search ok" on \/search\/logs in search-api \(\d+(\.\d+)? ms\)$/);
    expect(exports.filter((row) => find(out, row)?.anomalyType === "performance")).toEqual([]);
    // Without the route the same lines are one operation, and the 700 ms search one of its paths.
    expect(find(detect(twoRoutes(2, false).records, { confidenceThreshold: 0.7 }), slow)?.anomalyType).not.toBe("performance");
  });

  it("keeps a route's judgement against a history that remembers the message over all its routes", () => {
    // The memory's quantiles are the message's: half its remembered calls are exports of 2 s.
    const rt = {};
    for (let i = 0; i < 100; i++) add(rt, timeBin(i % 2 === 0 ? 1900 + (i % 7) * 30 : 45 + (i % 9)));
    const history = {
      services: {
        "search-api": {
          service: "search-api",
          incidents: 4,
          primed: 0,
          weight: 4,
          firstMs: Date.parse("2025-08-20T07:00:00Z"),
          updatedMs: 0,
          templates: [
            {
              id: templateId("search ok"),
              text: "search ok",
              incidents: 4,
              weight: 4,
              lastSeenMs: 0,
              confirmed: false,
              expected: false,
              flagged: 0,
              lines: 100,
              rt,
            },
          ],
          rt: {},
          mem: {},
          levels: [0, 0, 0, 0, 0, 0],
          linesPerMinute: 0,
        },
      },
      routineIncidents: 3,
      nowMs: Date.parse("2025-09-19T08:00:00Z"),
    };
    const { records, slow } = twoRoutes(2);
    const out = detect(records, { confidenceThreshold: 0.7, history });
    const search = find(out, slow);
    expect(search?.anomalyType).toBe("performance");
    expect(search!.reasons[0]).toMatch(/on \/search\/logs in search-api/);
    // Without routes the history's 95th percentile, an export, excuses it.
    expect(find(detect(twoRoutes(2, false).records, { confidenceThreshold: 0.7, history }), slow)?.anomalyType).not.toBe("performance");
  });

  it("judges a batch step that recurs over the window against its own runs, though the reference part leaves them out", () => {
    // A request a second at about 15 ms; five runs of a batch, each 100 bulk posts in 10 s at
    // about 250 ms: every run fills a bin ten times faster than the usual pace, so no run is in
    // the reference part, and against the requests each post would be 16x the median.
    const records: LogRecord[] = [];
    const runs = [20, 700, 1400, 2100, 2800];
    for (let s = 0; s < 3000; s++) {
      records.push(log("INFO", `GET /v1/accounts/${s}/balance 200 in ${12 + (s % 7)}ms`, "ledger", { timestampMs: s * 1000 }));
      if (runs.includes(s))
        for (let k = 0; k < 100; k++)
          records.push(
            log("INFO", `bulk posted ${40 + (k % 9)} journal entries in ${230 + (k % 11) * 4}ms`, "ledger", { timestampMs: s * 1000 + 100 * k + 50 }),
          );
    }
    records.sort((a, b) => a.timestampMs - b.timestampMs);
    const bulk = records.flatMap((r, row) => (r.message.startsWith("bulk") ? [row] : []));
    const slow = bulk[250]!;
    records[slow] = { ...records[slow]!, message: "bulk posted 44 journal entries in 2600ms" };
    const out = detect(reindex(records), { confidenceThreshold: 0.7 });
    expect(bulk.filter((row) => row !== slow && find(out, row) !== undefined)).toEqual([]);
    const a = find(out, slow);
    expect(a?.anomalyType).toBe("performance");
    expect(a!.reasons[0]).toMatch(/the median of this message in ledger \(2\d\d ms\)/);
  });

  it("takes a slower route's times as its everyday, however few of the message's lines it is", () => {
    // One line in sixteen is an export: no second path in the template's percentiles, and every
    // export would be 40x the template's median. Its own route says it is not slow.
    const { records, slow, exports } = twoRoutes(16);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(find(out, slow)?.anomalyType).toBe("performance");
    expect(exports.filter((row) => find(out, row)?.anomalyType === "performance")).toEqual([]);
    const plain = detect(twoRoutes(16, false).records, { confidenceThreshold: 0.7 });
    expect(exports.filter((row) => find(plain, row)?.anomalyType === "performance").length).toBeGreaterThan(exports.length / 2);
    // A slow export is still slow against its own route.
    const late = twoRoutes(16);
    const at = exports[25]!;
    late.records[at] = { ...late.records[at]!, responseTimeMs: 9000 };
    const a = find(detect(late.records, { confidenceThreshold: 0.7 }), at);
    expect(a?.anomalyType).toBe("performance");
    expect(a!.reasons[0]).toMatch(/the median of "search ok" on \/search\/export in search-api \(/);
  });

  /**
   * A Celery worker's trace lines as it writes them: a receipt task of about 50 ms every few
   * seconds and, one line in `exportEvery`, an export task of about 10 s; read by the reader,
   * which names each line's task. `named` false writes the export without its task's name.
   */
  function celeryWorker(exportEvery: number, named = true): { records: LogRecord[]; exports: number[]; slow: number } {
    const g = gaussian(17);
    const records: LogRecord[] = [];
    const exports: number[] = [];
    for (let i = 0; i < 600; i++) {
      const exporting = i % exportEvery === 3;
      const seconds = (exporting ? 10 : 0.05) * Math.exp(0.2 * g());
      const task = exporting ? (named ? "exports.tasks.export_csv" : "exports.tasks.send_receipt") : "exports.tasks.send_receipt";
      const raw = {
        event: `Task ${task}[${(0x10000000 + i * 7919).toString(16)}-feba-49f7-8e33-f5ba4c7187c2] succeeded in ${seconds.toFixed(6)}s: None`,
        level: "info",
        logger: "celery.app.trace",
        timestamp: new Date(Date.parse("2025-06-27T10:00:00Z") + i * 5000).toISOString(),
      };
      const r = normalizeLog(raw, i);
      if (!r.ok) throw new Error(r.reason);
      if (exporting) exports.push(i);
      records.push(r.record);
    }
    const slow = exports[30]!;
    records[slow] = { ...records[slow]!, responseTimeMs: 120_000 };
    return { records, exports, slow };
  }

  it("judges a Celery task against its own runs: a 10 s export is not slow beside 50 ms receipts", () => {
    const { records, exports, slow } = celeryWorker(12);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(exports.filter((row) => row !== slow && find(out, row)?.anomalyType === "performance")).toEqual([]);
    // A two-minute export is slow against the exports.
    const a = find(out, slow);
    expect(a?.anomalyType).toBe("performance");
    expect(a!.reasons[0]).toMatch(/on exports\.tasks\.export_csv in celery\.app\.trace/);
    // Without the task's name the exports are one message with the receipts, 200x its median.
    const plain = celeryWorker(12, false);
    const plainOut = detect(plain.records, { confidenceThreshold: 0.7 });
    const flagged = plain.exports.filter((row) => find(plainOut, row)?.anomalyType === "performance");
    expect(flagged.length).toBeGreaterThan(plain.exports.length / 2);
  });

  /**
   * A consumer's "Processed batch" every second for an hour, about 80 ms for its first fifth,
   * then creeping up to `top` ms by the end; beside it a steady "heartbeat ok" line.
   */
  function creeping(top: number): { records: LogRecord[]; batches: number[]; times: number[] } {
    const g = gaussian(11);
    const records: LogRecord[] = [];
    const batches: number[] = [];
    const times: number[] = [];
    const n = 3600;
    for (let i = 0; i < n; i++) {
      const at = { timestampMs: Date.parse("2025-12-03T06:00:00Z") + i * 1000 };
      const creep = i < 0.2 * n ? 0 : (i - 0.2 * n) / (0.8 * n);
      const ms = Math.round(80 * (top / 80) ** creep * Math.exp(0.1 * g()));
      batches.push(records.length);
      times.push(ms);
      records.push(log("INFO", "Processed batch", "billing-aggregator", { ...at, responseTimeMs: ms }));
      if (i % 10 === 0) records.push(log("INFO", "heartbeat ok", "billing-aggregator", at));
    }
    return { records: reindex(records), batches, times };
  }

  it("judges a message whose times crept up against its early times, which the reference part's have left behind", () => {
    const { records, batches, times } = creeping(3000);
    const out = detect(records, { confidenceThreshold: 0.7 });
    // Three to six times its early 80 ms: within the reference part's widened spread.
    const middle = batches.filter((_, k) => times[k]! >= 240 && times[k]! <= 480);
    expect(middle.length).toBeGreaterThan(400);
    const found = middle.filter((row) => find(out, row)?.anomalyType === "performance");
    expect(found.length).toBeGreaterThan(middle.length * 0.7);
    expect(find(out, found[0]!)!.reasons[0]).toMatch(
      /^response time \d+ ms is \d+(\.\d+)?x the median of this message in billing-aggregator early in the window \(\d+(\.\d+)? ms; \d+(\.\d+)? ms since, as its times crept up\)$/,
    );
    // The early times themselves are not slow.
    const early = batches.filter((_, k) => k < 700);
    expect(early.filter((row) => find(out, row) !== undefined)).toEqual([]);
  });

  it("leaves a message whose times did not creep to its reference part", () => {
    const { records, batches } = creeping(80);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(batches.filter((row) => find(out, row)?.anomalyType === "performance")).toEqual([]);
    // Stages of a batch in one message: up for the second, down again for the third. Not a climb.
    const staged = creeping(80);
    const second = staged.batches.filter((_, k) => k >= 720 && k < 2880);
    for (const row of second) staged.records[row] = { ...staged.records[row]!, responseTimeMs: 4 * staged.records[row]!.responseTimeMs! };
    const judged = detect(staged.records, { confidenceThreshold: 0.7 });
    expect(judged.anomalies.filter((a) => a.reasons.some((r) => r.includes("early in the window")))).toEqual([]);
  });

  it("takes a bank's refusals at ERROR for the system working, and a defect as many times for an error", () => {
    const base = calmIncident(600, 5);
    const records: LogRecord[] = [];
    const declined: number[] = [];
    const npe: number[] = [];
    base.forEach((r, i) => {
      records.push(r);
      if (i % 30 === 7) {
        declined.push(records.length);
        records.push(log("ERROR", `Payment for order ${90000 + i} failed: provider returned 402 card_declined`, "order-service"));
      }
      if (i % 30 === 21) {
        npe.push(records.length);
        records.push(log("ERROR", `NullPointerException in OrderAssembler.totals for order ${90000 + i}`, "order-service"));
      }
    });
    const out = detect(reindex(records), { confidenceThreshold: 0.7 });
    for (const row of declined) expect(find(out, row)?.anomalyType ?? "none").not.toBe("error");
    for (const row of npe) expect(find(out, row)?.anomalyType).toBe("error");
  });

  it("does not find an error among errors unusual", () => {
    const line = (): LogRecord => log("ERROR", "Charge failed for order 4242: upstream connection reset", "payment-service");
    const calm = withPlanted([line()]);
    // Half of every service's lines are this error, all window long: routine there.
    const noisyBase = calmIncident(600).map((r, i) => (i % 2 ? log("ERROR", `Charge failed for order ${4000 + i}: upstream connection reset`, r.service) : r));
    noisyBase.splice(40, 0, line());
    const noisy = reindex(noisyBase);
    const inCalm = find(detect(calm.records, { confidenceThreshold: 0 }), calm.rows[0]!);
    const inNoisy = find(detect(noisy, { confidenceThreshold: 0 }), 40);
    expect(inCalm!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(inCalm!.anomalyType).toBe("error");
    expect(inNoisy!.confidence).toBeLessThan(0.5);
    expect(detect(noisy, { confidenceThreshold: 0.7 }).anomalies.some((a) => a.row === 40)).toBe(false);
  });

  it("finds a service that writes nothing but one failure, when it is a quarter of the window", () => {
    // An agent whose only line is "Vault is sealed", retried every few seconds from before the
    // window: a third of every line, or a tenth (a background failure among the rest).
    const build = (every: number): LogRecord[] => {
      const rng = createRandom(4);
      return reindex(
        calmIncident(900).map((r, i) =>
          i % every === 0
            ? log("ERROR", `error authenticating: Code: 503. Vault is sealed backoff=${(2 + 4 * rng.next()).toFixed(2)}s`, "vault-agent", {
                timestampMs: r.timestampMs,
              })
            : r,
        ),
      );
    };
    const sealed = (records: LogRecord[]) => detect(records, { confidenceThreshold: 0.7 }).anomalies.filter((a) => records[a.row]!.service === "vault-agent");
    const dominant = build(3);
    expect(sealed(dominant).length).toBe(dominant.filter((r) => r.service === "vault-agent").length);
    expect(sealed(dominant).every((a) => a.anomalyType === "error")).toBe(true);
    // Its reason says why it is not the routine its template's share would make it.
    expect(sealed(dominant)[0]!.reasons.join(" | ")).toMatch(
      /a failure that is all vault-agent writes and [\d.]+% of the window's lines: the window's main event, not routine/,
    );
    expect(sealed(build(10))).toHaveLength(0);
  });

  it("finds a failure that is a quarter of the window when most of its service's lines are failures on its own side, at any level", () => {
    // An outbox relay whose publishes are all rejected from before the window, at WARN, because the
    // stream they feed is full, beside the filings it still accepts: `failing` of every four intake
    // lines are the rejection.
    const build = (failing: number, message = (k: number) => `Outbox record ${9000 + k} publish attempt ${1 + (k % 5)} rejected: maximum messages exceeded`) =>
      reindex(
        calmIncident(1200).map((r, i) => {
          if (i % 2 === 0) return r;
          const k = (i - 1) / 2;
          return k % 4 < failing
            ? log("WARNING", message(k), "filing-intake", { timestampMs: r.timestampMs })
            : log("INFO", `Filing F-${k} accepted: ${1 + (k % 3)} document(s)`, "filing-intake", { timestampMs: r.timestampMs });
        }),
      );
    const flagged = (records: LogRecord[]) =>
      detect(records, { confidenceThreshold: 0.7 }).anomalies.filter((a) => records[a.row]!.service === "filing-intake" && records[a.row]!.level === "WARNING");
    const rejected = build(3);
    const warnings = rejected.filter((r) => r.service === "filing-intake" && r.level === "WARNING").length;
    expect(flagged(rejected)).toHaveLength(warnings);
    expect(flagged(rejected).every((a) => a.anomalyType === "error")).toBe(true);
    expect(flagged(rejected)[0]!.reasons.join(" | ")).toMatch(
      /a failure of something filing-intake needs, [\d.]+% of the window's lines, from a service whose lines are mostly failures: the window's main event, not routine/,
    );
    // A dependency refusing is the same main event.
    expect(flagged(build(3, (k) => `Publish of record ${9000 + k} failed: connection refused by broker nats-${k % 3}:4222`)).length).toBeGreaterThan(0);
    // Half of the service's lines: not most of them; a routine failure beside its healthy work.
    expect(flagged(build(2))).toHaveLength(0);
    // Requests turned down for what they carry: the service doing its work, however often.
    expect(flagged(build(3, (k) => `Filing F-${9000 + k} rejected: invalid docket number in field ${1 + (k % 5)}`))).toHaveLength(0);
    // A level most of its service's lines carry, on words that name no failure, is its producer's habit.
    expect(flagged(build(3, (k) => `Outbox record ${9000 + k} batch closed after ${1 + (k % 5)} s`))).toHaveLength(0);
  });

  /**
   * A checkout service's calls to its payment provider, every third line of a calm window from the
   * first minute, failing one call in `failEvery`: an outage under way before the window began
   * when it fails often. Successes carry their time (unless `untimedSuccess`); calls on `route`;
   * failures timed when `timed`, in the words `failure` gives (an upstream's reset by default).
   */
  const paymentCalls = (failEvery: number, o: { route?: string; timed?: boolean; untimedSuccess?: boolean; failure?: (call: number) => string }): LogRecord[] =>
    reindex(
      calmIncident(900).map((r, i) => {
        if (i % 3 !== 0) return r;
        const call = i / 3;
        const at = { timestampMs: r.timestampMs, ...(o.route ? { route: o.route } : {}) };
        return call % failEvery === 0
          ? log(
              "ERROR",
              o.failure?.(call) ?? `payment call failed for order ${70000 + call}: upstream connection reset`,
              "checkout",
              o.timed ? { ...at, responseTimeMs: 12 + (call % 7) } : at,
            )
          : log("INFO", `payment call ok for order ${70000 + call}`, "checkout", o.untimedSuccess ? at : { ...at, responseTimeMs: 80 + (call % 13) });
      }),
    );
  const failedCalls = (records: LogRecord[]) => records.filter((r) => r.service === "checkout" && r.level === "ERROR").map((r) => r.index);
  /** How many of the failed calls are detected as errors. */
  const foundFailedCalls = (records: LogRecord[]) => {
    const rows = new Set(
      detect(records, { confidenceThreshold: 0.7 })
        .anomalies.filter((a) => a.anomalyType === "error")
        .map((a) => a.row),
    );
    return failedCalls(records).filter((row) => rows.has(row)).length;
  };

  /** The reasons of the first failed call's anomaly. */
  const failedCallReasons = (records: LogRecord[]) => {
    const first = failedCalls(records)[0];
    return (
      detect(records, { confidenceThreshold: 0.7 })
        .anomalies.find((a) => a.row === first)
        ?.reasons.join(" | ") ?? ""
    );
  };

  it("finds the failed calls of a route that fails a third of its calls all window, which without the route are routine", () => {
    const down = paymentCalls(3, { route: "/api/payments" });
    expect(foundFailedCalls(down)).toBe(failedCalls(down).length);
    // Its reason says why it is not routine, with the route's numbers.
    expect(failedCallReasons(down)).toContain("on /api/payments, which failed 100 of its 300 calls in the window (33.3%): down, not routine");
    // Without a route (and without times) the same failures are mostly a routine share of their service's lines.
    const unrouted = paymentCalls(3, {});
    expect(foundFailedCalls(unrouted)).toBeLessThan(failedCalls(unrouted).length / 2);
  });

  it("does not take a route whose clients end a third of its calls for a route that is down", () => {
    // The same ERROR lines, a third of the route's calls, in the words of a request its client
    // ended: the client hung up, the route did not fail it. Routine, as without a route.
    const aborted = (call: number) => `request aborted by client for order ${70000 + call}`;
    const hungUp = paymentCalls(3, { route: "/api/payments", failure: aborted });
    expect(foundFailedCalls(hungUp)).toBeLessThan(failedCalls(hungUp).length / 2);
    expect(failedCallReasons(hungUp)).not.toContain("down, not routine");
    // Real failures a fifth of the calls or more still take the route down, aborts beside them or not.
    const mixed = paymentCalls(2, {
      route: "/api/payments",
      failure: (call) => (call % 4 === 0 ? `payment call failed for order ${70000 + call}: upstream connection reset` : aborted(call)),
    });
    expect(failedCallReasons(mixed)).toContain("on /api/payments, which failed 75 of its 300 calls in the window (25%): down, not routine");
  });

  it("takes a failure its service lives with, in every stretch of the window, for its everyday, and not one that fails or begins late", () => {
    // Every 80th line, from the first to the last, order-service turns a webhook down for what
    // it carried: how the service runs all day, not what changed.
    const steady = (message: (i: number) => string, from = 0) =>
      reindex(calmIncident(2000).map((r, i) => (i >= from && i % 80 === 7 ? log("ERROR", message(i), "order-service") : r)));
    const failures = (records: LogRecord[]) => records.filter((r) => r.level === "ERROR").length;
    const flagged = (records: LogRecord[]) => detect(records, { confidenceThreshold: 0.7 }).anomalies.filter((a) => records[a.row]!.level === "ERROR").length;
    const livedWith = steady((i) => `webhook ${9000 + i} rejected: invalid signature, skipping`);
    expect(failures(livedWith)).toBe(25);
    expect(flagged(livedWith)).toBe(0);
    // The same failure in words that say only that it failed is news every time.
    const failed = steady((i) => `webhook ${9000 + i} failed: signature check error`);
    expect(flagged(failed)).toBe(25);
    // So is one whose words name a dependency failing, retried or not.
    const dependency = steady((i) => `webhook ${9000 + i} not delivered: connection refused, will retry`);
    expect(flagged(dependency)).toBe(25);
    // And the same lived-with failure beginning half way through the window is what changed.
    const late = steady((i) => `webhook ${9000 + i} rejected: invalid signature, skipping`, 1000);
    expect(flagged(late)).toBe(failures(late));
  });

  it("finds the failed calls of a service that fails a third of its timed calls all window, with no route to tell them apart", () => {
    const down = paymentCalls(3, { timed: true });
    expect(foundFailedCalls(down)).toBe(failedCalls(down).length);
    expect(failedCallReasons(down)).toContain("and checkout failed 100 of its 300 timed calls in the window (33.3%): down, not routine");
    // One call in ten failing is within what such a service lives with.
    const background = paymentCalls(10, { timed: true });
    expect(foundFailedCalls(background)).toBeLessThan(failedCalls(background).length / 2);
    // A service that writes a time only on its failures has no failure rate to read.
    const failuresOnly = paymentCalls(3, { timed: true, untimedSuccess: true });
    expect(foundFailedCalls(failuresOnly)).toBeLessThan(failedCalls(failuresOnly).length / 2);
  });

  it("finds a defect in the code however routine a broken deploy has made it, at whatever level it is logged", () => {
    // Every other line, from the first minute, a job raises NoMethodError, logged at WARN; the
    // same share of a dependency's failures is routine (the test above).
    const records = reindex(
      calmIncident(600).map((r, i) => (i % 2 ? log("WARNING", `NoMethodError: undefined method 'signing_secret' for nil (job ${9000 + i})`, r.service) : r)),
    );
    const out = detect(records, { confidenceThreshold: 0.7 });
    const defects = out.anomalies.filter((a) => records[a.row]!.message.startsWith("NoMethodError"));
    expect(defects.length).toBe(300);
    expect(defects.every((a) => a.anomalyType === "error")).toBe(true);
    // A routine failure of a dependency at the same level and share stays routine.
    const timeouts = reindex(
      calmIncident(600).map((r, i) => (i % 2 ? log("WARNING", `upstream feed sync failed for job ${9000 + i}, will retry`, r.service) : r)),
    );
    expect(detect(timeouts, { confidenceThreshold: 0.7 }).anomalies.filter((a) => a.row % 2 === 1)).toHaveLength(0);
  });

  it("calls a flood of an everyday failure line a pattern: the burst is what is odd, not the line", () => {
    const records: LogRecord[] = [];
    for (let s = 0; s < 2000; s++) {
      const at = { timestampMs: s * 1000 };
      records.push(log("INFO", `GET /items/${s} 200 in ${40 + (s % 7)}ms`, "auth", at));
      if (s % 97 === 0) records.push(log("WARNING", "login failed", "auth", { timestampMs: s * 1000 + 500 }));
      if (s >= 1000 && s < 1060) for (let k = 1; k <= 8; k++) records.push(log("WARNING", "login failed", "auth", { timestampMs: s * 1000 + k * 100 }));
    }
    const all = reindex(records);
    const out = detect(all, { confidenceThreshold: 0.7 });
    const flood = out.anomalies.filter(
      (a) => all[a.row]!.message === "login failed" && all[a.row]!.timestampMs >= 1_000_000 && all[a.row]!.timestampMs < 1_060_000,
    );
    expect(flood.length).toBeGreaterThan(400);
    expect(flood.every((a) => a.anomalyType === "pattern")).toBe(true);
    expect(flood[0]!.reasons.some((r) => r.startsWith("burst of message template"))).toBe(true);
  });

  it("reports a line its producer calls too slow as a performance anomaly, with or without a duration it can read", () => {
    const { records, rows } = withPlanted([log("WARNING", "apply request took too long", "etcd"), log("INFO", "slow fdatasync", "etcd")]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    for (const row of rows) {
      const a = find(out, row);
      expect(a?.anomalyType).toBe("performance");
      expect(a!.reasons[0]).toMatch(/^reported as slow, with no duration in the line/);
    }
  });

  it("calls a forest-only outlier a pattern anomaly below the default threshold", () => {
    // A lone DEBUG line without a response time: isolated, yet no evidence speaks for it.
    const { records, rows } = withPlanted([log("DEBUG", "cache warm for key user:1234", "user-service")]);
    const out = detect(records, { confidenceThreshold: 0 });
    const a = find(out, rows[0]!)!;
    expect(a.anomalyType).toBe("pattern");
    expect(a.confidence).toBeGreaterThanOrEqual(0.5);
    expect(a.confidence).toBeLessThan(0.7);
    expect(a.reasons).toHaveLength(1);
    expect(a.reasons[0]).toMatch(/^isolation score/);
  });

  it("keeps a calm incident quiet: no ordinary request is reported and nothing is confident", () => {
    const records = calmIncident(300);
    // Flagged rows start at 0.5; ordinary requests must stay near that floor.
    const out = detect(records, { confidenceThreshold: 0.6 });
    for (const a of out.anomalies) {
      expect(records[a.row]!.level).not.toBe("INFO");
      expect(a.confidence).toBeLessThan(0.8);
    }
  });
});

describe("detect: threshold, order, method, determinism", () => {
  const { records } = withPlanted([
    log("ERROR", PROTOTYPE_MESSAGE),
    log("WARNING", "heap used 91%", "order-service"),
    log("CRITICAL", "disk failure on /dev/sda", "payment-service"),
  ]);

  it("returns only anomalies at or above the threshold, in row order", () => {
    const loose = detect(records, { confidenceThreshold: 0.3 });
    const strict = detect(records, { confidenceThreshold: 0.85 });
    expect(strict.anomalies.length).toBeGreaterThan(0);
    expect(strict.anomalies.length).toBeLessThan(loose.anomalies.length);
    for (const out of [loose, strict]) {
      const rows = out.anomalies.map((a) => a.row);
      expect(rows).toEqual([...rows].sort((x, y) => x - y));
    }
    for (const a of strict.anomalies) expect(a.confidence).toBeGreaterThanOrEqual(0.85);
    const looseRows = new Set(loose.anomalies.map((a) => a.row));
    for (const a of strict.anomalies) expect(looseRows.has(a.row)).toBe(true);
    expect(detect(records, { confidenceThreshold: 0 }).anomalies).toHaveLength(records.length);
    expect(detect(records, { confidenceThreshold: 1.01 }).anomalies).toHaveLength(0);
  });

  it("keeps confidences in [0, 1] with at most 3 decimals", () => {
    for (const a of detect(records, { confidenceThreshold: 0 }).anomalies) {
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
      expect(Math.round(a.confidence * 1000) / 1000).toBe(a.confidence);
    }
  });

  it("uses the statistical path below minForestSamples", () => {
    expect(detect(records.slice(0, 19), { confidenceThreshold: 0.7 }).method).toBe("statistical");
    expect(detect(records.slice(0, 20), { confidenceThreshold: 0.7 }).method).toBe("isolation_forest");
    expect(detect(records.slice(0, 10), { confidenceThreshold: 0.7, minForestSamples: 5 }).method).toBe("isolation_forest");
    const empty = detect([], { confidenceThreshold: 0.7 });
    expect(empty.method).toBe("statistical");
    expect(empty.anomalies).toEqual([]);
  });

  it("gives the same answer for the same input and seed", () => {
    const a = detect(records, { confidenceThreshold: 0, seed: 3 });
    const b = detect(records, { confidenceThreshold: 0, seed: 3 });
    expect(b.anomalies).toEqual(a.anomalies);
  });
});

/** Request lines of several services with latencies of their own (ms medians). */
function traffic(n: number, seed = 11): LogRecord[] {
  const rng = createRandom(seed);
  const services: [string, number][] = [
    ["search", 12],
    ["api", 60],
    ["reports", 2400],
  ];
  return Array.from({ length: n }, (_, i) => {
    const [service, median] = services[i % 3]!;
    return log("INFO", `GET /${service}/${1000 + i} 200 in ${Math.round(median * (0.8 + 0.4 * rng.next()))}ms`, service);
  });
}

describe("detect: robustness when anomalies dominate", () => {
  it("keeps an outage that fills half the window confident, and judges latency against the calm half", () => {
    const records = traffic(900);
    for (let i = 0; i < 900; i++) {
      if (i % 3 === 0) records.push(log("ERROR", `Payment ${5000 + i} failed: could not connect to db:5432 (connection refused)`, "api"));
      else if (i % 3 === 1) records.push(log("INFO", `GET /api/${i} 504 in ${30000 + i}ms`, "api"));
      else records.push(traffic(1, i)[0]!);
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const errors = rows.filter((r) => r.level === "ERROR").length;
    const slow = rows.filter((r) => r.message.includes(" 504 in ")).length;
    const byType = out.summary!.byType;
    expect(byType.error).toBeGreaterThanOrEqual(0.95 * errors);
    expect(byType.performance).toBeGreaterThanOrEqual(0.95 * slow);
    expect(out.summary!.baselineLogs).toBeLessThan(rows.length);
    const first = out.anomalies[0]!;
    expect(first.row).toBeGreaterThanOrEqual(900);
    // Slow lines are compared with the api's calm median (about 60 ms), not with the outage.
    const slowOne = out.anomalies.find((a) => rows[a.row]!.message.includes(" 504 in "))!;
    expect(slowOne.reasons[0]).toMatch(/is \d+x the median of (this message in )?api \((4|5|6|7)\d ms\)/);
  });
});

describe("detect: templates", () => {
  it("reports a new message of ordinary length and level as a pattern anomaly, with its template", () => {
    const records = traffic(1500);
    for (let k = 0; k < 12; k++) records.splice(1000 + 40 * k, 0, log("INFO", `Order ${700 + k} routed to backup acquirer adyen-eu`, "api"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const hits = out.anomalies.filter((a) => rows[a.row]!.message.includes("backup acquirer"));
    expect(hits).toHaveLength(12);
    for (const a of hits) {
      expect(a.anomalyType).toBe("pattern");
      expect(a.template).toBe("Order <*> routed to backup acquirer adyen-eu");
      expect(a.reasons[0]).toMatch(/^new message template "Order <\*> routed to backup acquirer adyen-eu": first seen after \d+ of \d+ logs of api/);
    }
    expect(out.anomalies.every((a) => a.template !== undefined)).toBe(true);
    expect(out.summary!.topTemplates[0]).toMatchObject({
      template: "Order <*> routed to backup acquirer adyen-eu",
      anomalies: 12,
      occurrences: 12,
      anomalyType: "pattern",
    });
  });

  it("types a new line about memory that carries no reading as memory, one about something else as a pattern", () => {
    const records = traffic(1500);
    for (let k = 0; k < 12; k++) records.splice(1000 + 40 * k, 0, log("WARNING", `process_memory_high on broker-${k % 3}, shedding new sessions`, "api"));
    for (let k = 0; k < 12; k++) records.splice(1020 + 40 * k, 0, log("WARNING", `process_queue_high on broker-${k % 3}, shedding new sessions`, "api"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const typesOf = (text: string) => new Set(out.anomalies.filter((a) => rows[a.row]!.message.includes(text)).map((a) => a.anomalyType));
    expect(typesOf("process_memory_high")).toEqual(new Set(["memory"]));
    const memoryLine = out.anomalies.find((a) => rows[a.row]!.message.includes("process_memory_high"))!;
    expect(memoryLine.reasons).toContain(MEMORY_WORDS_REASON);
    expect(out.anomalies.find((a) => rows[a.row]!.message.includes("process_queue_high"))!.reasons).not.toContain(MEMORY_WORDS_REASON);
    expect(typesOf("process_queue_high")).toEqual(new Set(["pattern"]));
  });

  it("says a line typed memory by its words has a reading when it has one, an unremarkable one", () => {
    const records = traffic(1500);
    for (let k = 0; k < 12; k++) records.splice(1000 + 40 * k, 0, log("WARNING", `heap report from broker-${k % 3}: heap at 41% after collection`, "api"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const lines = out.anomalies.filter((a) => rows[a.row]!.message.includes("heap report"));
    expect(lines.length).toBeGreaterThan(0);
    for (const a of lines) {
      expect(a.anomalyType).toBe("memory");
      expect(a.reasons).not.toContain(MEMORY_WORDS_REASON);
      expect(a.reasons).toContain("typed memory by its words (memory, heap, GC, RSS, swap); its reading, 41%, is not unusual");
    }
  });

  it("types a new line about lag that carries no time as performance", () => {
    const records = traffic(1500);
    for (let k = 0; k < 12; k++) records.splice(1000 + 40 * k, 0, log("WARNING", `Consumer lag on partition ${k % 3} of usage-events`, "api"));
    for (let k = 0; k < 12; k++) records.splice(1020 + 40 * k, 0, log("WARNING", `Consumer rebalance on partition ${k % 3} of usage-events`, "api"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const of = (text: string) => out.anomalies.filter((a) => rows[a.row]!.message.includes(text));
    expect(of("Consumer lag").length).toBeGreaterThan(0);
    for (const a of of("Consumer lag")) {
      expect(a.anomalyType).toBe("performance");
      expect(a.reasons).toContain(LAG_WORDS_REASON);
    }
    expect(new Set(of("Consumer rebalance").map((a) => a.anomalyType))).toEqual(new Set(["pattern"]));
  });

  it("types a garbage collector's long pauses as memory, and another line's long times as performance", () => {
    // The collector reports each pause all window at ~20 ms; late, as the heap fills, at 1.5 s.
    const build = (message: string) => {
      const records = traffic(1500);
      for (let k = 0; k < 60; k++) records.splice(40 + 20 * k, 0, log("INFO", message, "api", { responseTimeMs: 18 + (k % 7) }));
      for (let k = 0; k < 12; k++) records.splice(1300 + 12 * k, 0, log("INFO", message, "api", { responseTimeMs: 1500 + 40 * k }));
      const rows = reindex(records);
      const out = detect(rows, { confidenceThreshold: 0.7 });
      return out.anomalies.filter((a) => rows[a.row]!.message === message && rows[a.row]!.responseTimeMs! >= 1500);
    };
    const pauses = build("long GC pause kind=mark-sweep-compact");
    expect(pauses.length).toBeGreaterThan(6);
    for (const a of pauses) {
      expect(a.anomalyType).toBe("memory");
      expect(a.reasons).toContain(COLLECTOR_PAUSE_REASON);
    }
    const refreshes = build("price cache refresh kind=full");
    expect(refreshes.length).toBeGreaterThan(6);
    for (const a of refreshes) expect(a.anomalyType).toBe("performance");
  });

  it("types the lines of a stack trace, each its own entry, as the error they trace", () => {
    const records = traffic(1500);
    const trace = [
      "panic: runtime error: index out of range [3] with length 3",
      "goroutine 24860 [running]:",
      "github.com/shop/geo/rates.(*Zone).Prefix(...)",
      "\t/src/rates/zone.go:137 +0x1d",
      "main.main()",
    ];
    for (let k = 0; k < 12; k++) records.splice(1000 + 40 * k, 0, ...trace.map((m) => log("INFO", m, "api")));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const frames = out.anomalies.filter((a) => trace.slice(1).includes(rows[a.row]!.message));
    expect(frames.length).toBeGreaterThan(0);
    for (const a of frames) {
      expect(a.anomalyType).toBe("error");
      expect(a.reasons).toContain(STACK_FRAME_REASON);
    }
  });

  it("types a new line that says it holds work back as performance", () => {
    const records = traffic(1500);
    for (let k = 0; k < 12; k++)
      records.splice(1000 + 40 * k, 0, log("INFO", `Delaying inserting block by ${100 + k} ms. because there are ${300 + k} parts`, "api"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const delayed = out.anomalies.filter((a) => rows[a.row]!.message.startsWith("Delaying"));
    expect(delayed.length).toBeGreaterThan(0);
    for (const a of delayed) expect(a.anomalyType).toBe("performance");
  });

  it("types a new line that says it was slow as performance, however usual its time among its kind", () => {
    // A database's slow-statement log writes a line only past its threshold: each is about 600 ms,
    // as the service's reports usually take.
    const records = Array.from({ length: 1500 }, (_, i) => log("INFO", `GET /api/reports/${i} 200 in ${550 + (i % 100)}ms`, "api"));
    for (let k = 0; k < 12; k++)
      records.splice(1000 + 40 * k, 0, log("INFO", `duration: ${600 + k}.4 ms  execute <unnamed>: SELECT id, payload FROM outbox WHERE sent = false`, "api"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const slow = out.anomalies.filter((a) => rows[a.row]!.message.startsWith("duration:"));
    expect(slow.length).toBeGreaterThan(0);
    for (const a of slow) {
      expect(a.anomalyType).toBe("performance");
      expect(a.reasons).toContain(DELAY_WORDS_REASON);
    }
  });

  it("flags lock waits a database reports past its threshold, though every one carries that threshold as its time", () => {
    // PostgreSQL writes "still waiting" when deadlock_timeout (1 s) expires: forty waits from
    // 40 % of the window on, each "after" about 1000 ms, among the server's everyday lines.
    const records = Array.from({ length: 1500 }, (_, i) =>
      log(
        "INFO",
        i % 5 === 0 ? `checkpoint complete: wrote ${100 + (i % 37)} buffers` : `connection authorized: user=app database=orders application_name=api-${i % 9}`,
        "postgres",
      ),
    );
    for (let k = 0; k < 40; k++)
      records.splice(
        600 + 20 * k,
        0,
        log("INFO", `process ${4000 + k} still waiting for ShareLock on transaction ${9000 + k} after 1000.0${k % 10} ms`, "postgres"),
      );
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const waits = out.anomalies.filter((a) => rows[a.row]!.message.includes("still waiting"));
    expect(waits).toHaveLength(40);
    for (const a of waits) {
      expect(a.anomalyType).toBe("performance");
      expect(
        a.reasons.some((r) => /^still waiting for a lock after 1,?000(\.\d+)? ms: a wait its producer reports only past a threshold of its own$/.test(r)),
      ).toBe(true);
    }
  });

  it("types a WARNING that says it was slow, and names no failure, as performance", () => {
    // The provider's calls usually take about 10 s; the new WARNINGs' times are as usual: their
    // level, not their time, is what stands out, and their words say what kind it is.
    const records = Array.from({ length: 1500 }, (_, i) => log("INFO", `provider call POST /v3/screen ${i} done in ${9500 + (i % 100) * 10} ms`, "gateway"));
    for (let k = 0; k < 12; k++)
      records.splice(1000 + 40 * k, 0, log("WARNING", `Slow response from provider fraudshield: POST /v3/screen took ${10_100 + k} ms`, "gateway"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const slow = out.anomalies.filter((a) => rows[a.row]!.message.startsWith("Slow response"));
    expect(slow.length).toBeGreaterThan(0);
    for (const a of slow) {
      expect(a.anomalyType).toBe("performance");
      expect(a.reasons).toContain(SLOW_WORDS_REASON);
    }
  });

  it("says a timeout without a duration is one, without quoting a time", () => {
    const records = traffic(600);
    records.splice(450, 0, log("INFO", "Notification time out waiting for peer", "search"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const timeout = out.anomalies.find((a) => rows[a.row]!.message.startsWith("Notification"));
    expect(timeout?.anomalyType).toBe("performance");
    expect(timeout!.reasons).toContain("reported as a timeout, with no duration in the line");
  });

  it("takes a timeout without a duration that its service writes all through the window as its everyday, and one new in it as a problem", () => {
    // A worker's retry line, about one in 20 of its lines from the first minute to the last, at WARNING;
    // then another service's calls start timing out three quarters of the way in.
    const records = traffic(3000);
    const rng = createRandom(12);
    // At irregular times: not a timer's tick (those are routine by another rule).
    for (let k = 0; k < 50; k++)
      records.splice(k * 60 + rng.int(50), 0, log("WARNING", `Task sync retry: Read timed out (read timeout=10) for job ${k}`, "search"));
    for (let k = 0; k < 6; k++) records.splice(2400 + k * 40, 0, log("INFO", `upstream ledger call timed out for order ${k}`, "api"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const of = (text: string) => out.anomalies.filter((a) => rows[a.row]!.message.includes(text));
    expect(of("Task sync retry")).toHaveLength(0);
    expect(of("upstream ledger call").length).toBeGreaterThanOrEqual(5);
    for (const a of of("upstream ledger call")) expect(a.reasons).toContain("reported as a timeout, with no duration in the line");
  });

  it("judges request times against the requests that did not fail when an outage fills the whole window", () => {
    const rng = createRandom(8);
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const ms = Math.round(20 + 10 * rng.next());
      if (rng.next() < 0.3) records.push(log("INFO", `POST /api/orders 201`, "orders", { responseTimeMs: ms }));
      else if (rng.next() < 0.5) records.push(log("ERROR", `POST /api/orders 500`, "orders", { responseTimeMs: 30_000 + Math.round(50 * rng.next()) }));
      else records.push(log("WARNING", `Connection is not available, request timed out after 30000ms`, "orders"));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const failed = rows.filter((r) => r.message === "POST /api/orders 500").length;
    const slow = out.anomalies.filter((a) => rows[a.row]!.message === "POST /api/orders 500");
    expect(slow).toHaveLength(failed);
    expect(slow.every((a) => a.anomalyType === "performance")).toBe(true);
    expect(slow[0]!.reasons[0]).toMatch(/^response time 300\d\d ms is \d+x the median of /);
  });

  it("reports a new WARNING line that fills a share of the window after a deploy, not a new INFO phase", () => {
    for (const level of ["WARNING", "INFO"] as const) {
      const records = traffic(3000);
      // From a third of the window on, every sixth line: 8% of the window.
      for (let i = 1000; i < 3000; i += 6) records[i] = log(level, `Feature flag 'checkout.v${i % 4}' not found, falling back to default=false`, "api");
      const rows = reindex(records);
      const out = detect(rows, { confidenceThreshold: 0.7 });
      const flags = out.anomalies.filter((a) => rows[a.row]!.message.startsWith("Feature flag"));
      if (level === "WARNING") {
        expect(flags).toHaveLength(334);
        expect(flags.every((a) => a.anomalyType === "pattern")).toBe(true);
        expect(flags[0]!.reasons[0]).toMatch(/^new message template "Feature flag <\*> not found, falling back to default=false": first seen after/);
      } else expect(flags).toHaveLength(0);
    }
  });

  it("reports a burst of an otherwise normal message as a pattern anomaly", () => {
    const rng = createRandom(4);
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const burst = i >= 2000 && i < 2080;
      if (burst || rng.next() < 0.02) records.push(log("INFO", `Session refreshed for user ${100000 + i}`, "search"));
      else records.push(traffic(1, i)[0]!);
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const inBurst = out.anomalies.filter((a) => a.row >= 2000 && a.row < 2080);
    expect(inBurst.length).toBeGreaterThanOrEqual(70);
    expect(inBurst.every((a) => a.anomalyType === "pattern")).toBe(true);
    expect(inBurst[10]!.reasons[0]).toMatch(
      /^burst of message template "Session refreshed for user <\*>": \d+ times in the 100 logs around it, usually at most [\d.]+/,
    );
    const usual = out.anomalies.filter((a) => a.row < 1900 && rows[a.row]!.message.startsWith("Session"));
    expect(usual).toHaveLength(0);
  });

  it("reports a burst of requests to one route whose lines share their template with every route", () => {
    // An admin API's access lines, one template for all its routes ("GET <*> <*>"); an export
    // job pages through one route 150 times in a row, a route otherwise asked about 3 % of the time.
    const rng = createRandom(9);
    const routes = ["/admin/customers/<*>", "/admin/orders/<*>", "/admin/customers", "/admin/tickets/<*>"];
    const build = (withRoutes: boolean): LogRecord[] => {
      const records: LogRecord[] = [];
      for (let i = 0; i < 3000; i++) {
        const paging = i >= 2000 && i < 2150;
        const r = paging ? 2 : rng.next() < 0.03 ? 2 : rng.next() < 0.6 ? 0 : rng.next() < 0.7 ? 1 : 3;
        const path = r === 2 ? (paging ? `/admin/customers?page=${i - 1999}` : `/admin/customers?q=${i}`) : routes[r]!.replace("<*>", String(1000 + i));
        records.push(log("INFO", `GET ${path} 200`, "admin-api", withRoutes ? { route: routes[r] } : {}));
      }
      return reindex(records);
    };
    const paged = (out: ReturnType<typeof detect>) => out.anomalies.filter((a) => a.row >= 2000 && a.row < 2150);
    const out = detect(build(true), { confidenceThreshold: 0.7 });
    expect(paged(out).length).toBeGreaterThanOrEqual(140);
    expect(paged(out).every((a) => a.anomalyType === "pattern")).toBe(true);
    expect(paged(out)[20]!.reasons[0]).toMatch(/^burst of requests to \/admin\/customers: \d+ times in the 100 logs around it, usually at most [\d.]+/);
    expect(out.anomalies.filter((a) => a.row < 1900)).toHaveLength(0);
    // The template alone is nearly all the service's lines: it cannot rise above it.
    expect(paged(detect(build(false), { confidenceThreshold: 0.7 })).length).toBeLessThan(20);
  });

  it("reports a burst of one wording of a template that joins two", () => {
    // A registrar's "REGISTER accepted" and "REGISTER challenged" are one template, "REGISTER <*>";
    // a scanner's 300 challenges in a row are a flood of one of its wordings.
    const rng = createRandom(11);
    const records: LogRecord[] = [];
    for (let i = 0; i < 3300; i++) {
      const scan = i >= 2000 && i < 2300;
      const r = rng.next();
      const message = scan
        ? "REGISTER challenged"
        : r < 0.2
          ? "REGISTER accepted"
          : r < 0.3
            ? "REGISTER challenged"
            : r < 0.65
              ? `INVITE final response ${200 + (i % 3)}`
              : `OPTIONS keepalive ok from 10.0.0.${i % 50}`;
      records.push(log("INFO", message, "registrar"));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const scanned = out.anomalies.filter((a) => a.row >= 2000 && a.row < 2300);
    expect(scanned.length).toBeGreaterThanOrEqual(200);
    expect(scanned.every((a) => a.anomalyType === "pattern")).toBe(true);
    expect(scanned[100]!.reasons[0]).toMatch(
      /^burst of "REGISTER challenged" \(a wording of message template "REGISTER <\*>"\): \d+ times in the 100 logs around it, usually at most [\d.]+/,
    );
    expect(out.anomalies.filter((a) => a.row < 1900)).toHaveLength(0);
  });

  it("types a kernel's out-of-memory kill as memory, however loud its level", () => {
    // A RAS log where FATAL is everyday: its error evidence is routine, its memory is not.
    const records = traffic(1500);
    for (let k = 0; k < 60; k++) records.splice(20 * k + 5, 0, log("CRITICAL", `ciod: failed to read message prefix on control stream ${k}`, "ras"));
    records.splice(1200, 0, log("CRITICAL", "kernel panic: out of memory: Killed process 4211 (raptor) rss 511.8 MiB of 512 MiB per node", "ras"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const oom = out.anomalies.find((a) => rows[a.row]!.message.startsWith("kernel panic"));
    expect(oom?.anomalyType).toBe("memory");
    expect(oom!.reasons).toContain(MEMORY_FAILURE_REASON);
  });

  it("types a process killed outright just after its service's memory reading hit the limit as memory", () => {
    // A function's invocations report their memory, 40-60% of its size; one reaches 100% and the
    // runtime is killed 2 ms later. Another kill, after an ordinary reading, is a failure.
    const t0 = Date.parse("2025-10-25T18:30:00Z");
    const records: LogRecord[] = [];
    for (let i = 0; i < 600; i++) {
      const at = t0 + i * 5000;
      records.push(log("INFO", `GET /api/${1000 + i} 200 in ${40 + (i % 9)}ms`, "api", { timestampMs: at }));
      if (i % 3 === 0) records.push(log("INFO", "REPORT invocation done", "image-resize", { timestampMs: at + 1, memoryPct: 40 + (i % 21) }));
    }
    const at = (i: number) => t0 + i * 5000;
    records.splice(901, 0, log("INFO", "REPORT invocation done", "image-resize", { timestampMs: at(600) + 1, memoryPct: 100 }));
    records.splice(902, 0, log("ERROR", "Error: Runtime exited with error: signal: killed", "image-resize", { timestampMs: at(600) + 3 }));
    records.splice(400, 0, log("ERROR", "Error: Runtime exited with error: signal: killed", "image-resize", { timestampMs: at(266) + 2500 }));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const kills = out.anomalies.filter((a) => rows[a.row]!.message.includes("signal: killed"));
    expect(kills.map((a) => a.anomalyType)).toEqual(["error", "memory"]);
    expect(kills[1]!.reasons).toContain("typed memory: killed (SIGKILL) 2 ms after a memory reading of 100% in image-resize, as an out-of-memory killer does");
  });

  it("says a climbing reading was judged against where its series started, not only its median since", () => {
    // A heap left after each GC, creeping from 20% to 80% over the window: past the middle, a
    // reading near the window's median is already more than 20 points above its early level.
    const records: LogRecord[] = [];
    const t0 = Date.parse("2025-11-27T07:00:00Z");
    for (let i = 0; i < 1200; i++) {
      records.push(log("INFO", `GET /quotes/${i} 200 in ${20 + (i % 7)}ms`, "quote-engine", { timestampMs: t0 + i * 10_000 }));
      if (i % 4 === 0) records.push(log("INFO", "heap after GC", "quote-engine", { timestampMs: t0 + i * 10_000 + 5, memoryPct: 20 + (60 * i) / 1200 }));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.5 });
    const mid = out.anomalies.find(
      (a) => a.anomalyType === "memory" && rows[a.row]!.memoryPct! >= 50 && rows[a.row]!.memoryPct! < 58 && a.reasons.some((r) => r.startsWith("memory usage")),
    );
    expect(mid).toBeDefined();
    expect(mid!.reasons.find((r) => r.startsWith("memory usage"))).toMatch(
      /^memory usage [\d.]+% \(a field of the log\) is [\d.]+ points above the median of this message in quote-engine early in the window \([\d.]+%; [\d.]+% since, as its readings climbed\)$/,
    );
  });

  it("types an OutOfMemoryError as memory in a service that always runs near full, quoting where its value came from", () => {
    const records = traffic(600);
    for (let i = 0; i < 120; i++) records.splice(5 * i, 0, log("INFO", `cache stats ${i}`, "cache", { memoryPct: 97 + (i % 3) }));
    records.splice(500, 0, log("ERROR", "java.lang.OutOfMemoryError: Java heap space", "cache", { memoryPct: 99 }));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const oom = out.anomalies.find((a) => rows[a.row]!.message.startsWith("java.lang.OutOfMemoryError"));
    expect(oom?.anomalyType).toBe("memory");
    expect(oom!.reasons[0]).toMatch(/^memory usage 99% \(a field of the log\)/);
  });

  it("types a failure as memory when its exception says memory ran out, however common the failures are", () => {
    // A model server whose batches fail all the time: what failed this time is in the exception.
    const records = traffic(600);
    for (let i = 0; i < 60; i++) {
      const oom = i % 10 === 7;
      const raw = {
        msg: "batch failed",
        level: "error",
        service: "ranker",
        exc_type: oom ? "torch.cuda.OutOfMemoryError" : "ValueError",
        exc_msg: oom ? "CUDA out of memory" : "bad shape",
      };
      const r = normalizeLog(raw, 0);
      if (!r.ok) throw new Error(r.reason);
      records.splice(10 * i + 3, 0, { ...r.record, timestamp: records[10 * i]!.timestamp, timestampMs: records[10 * i]!.timestampMs });
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const oomRows = rows.flatMap((r, row) => (r.memoryWording !== undefined ? [row] : []));
    expect(oomRows).toHaveLength(6);
    for (const row of oomRows) {
      const a = find(out, row);
      expect(a?.anomalyType).toBe("memory");
      expect(a!.reasons[0]).toBe('out of memory: "OutOfMemory" in the log\'s exception');
    }
    const others = out.anomalies.filter((a) => rows[a.row]!.service === "ranker" && rows[a.row]!.memoryWording === undefined);
    expect(others.every((a) => a.anomalyType !== "memory")).toBe(true);
  });

  it("types a failure whose exception says it timed out as a timeout, and not a connection closed at INFO for idling", () => {
    // A Go client that logs only its failed reservations, its reason in zap's error field; a
    // broker that logs at INFO every connection it closes, some for idling.
    const records = traffic(600);
    const zapped = (raw: Record<string, unknown>, at: number) => {
      const r = normalizeLog(raw, 0);
      if (!r.ok) throw new Error(r.reason);
      return { ...r.record, timestamp: records[at]!.timestamp, timestampMs: records[at]!.timestampMs };
    };
    for (let i = 0; i < 30; i++)
      records.splice(
        300 + 9 * i,
        0,
        zapped(
          { msg: "reserve stock failed", level: "warn", service: "cart", error: "rpc error: code = DeadlineExceeded desc = context deadline exceeded" },
          300 + 9 * i,
        ),
      );
    for (let i = 0; i < 40; i++)
      records.splice(
        15 * i + 7,
        0,
        zapped({ msg: "subscription closed", level: "info", service: "broker", reason: i % 2 ? "idle timeout" : "client gone" }, 15 * i + 7),
      );
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const failures = rows.flatMap((r, row) => (r.service === "cart" ? [row] : []));
    expect(failures).toHaveLength(30);
    for (const row of failures) {
      const a = find(out, row);
      expect(a?.anomalyType).toBe("performance");
      expect(a!.reasons[0]).toBe('reported as a timeout ("DeadlineExceeded" in the log\'s exception), with no duration in the line');
    }
    expect(out.anomalies.filter((a) => rows[a.row]!.service === "broker")).toEqual([]);
  });

  it("finds a failure that carries an exception among the same message's routine warnings that carry none", () => {
    // A webhook dispatcher retries a partner's 429s all window, with no error; from 60 % in, one
    // partner refuses connections and the same retry line carries the dial error each time.
    const rng = createRandom(5);
    const records = traffic(2400).map((r, i) => (i % 4 === 0 ? log("INFO", `webhook delivered in ${100 + rng.int(80)} ms`, "dispatcher") : r));
    const retry = (at: number, raw: Record<string, unknown>) => {
      const r = normalizeLog({ msg: "webhook delivery failed, will retry", level: "warn", service: "dispatcher", ...raw }, 0);
      if (!r.ok) throw new Error(r.reason);
      records.splice(at, 0, { ...r.record, timestamp: records[at]!.timestamp, timestampMs: records[at]!.timestampMs });
    };
    for (let k = 0; k < 60; k++) retry(k * 40 + rng.int(30), { status_code: 429, partner: `p${k % 7}` });
    for (let k = 0; k < 25; k++)
      retry(1500 + k * 36 + rng.int(20), {
        partner: "acme",
        error: 'Post "https://erp.acme.example/hooks": dial tcp 10.4.0.17:443: connect: connection refused',
      });
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const flagged = (refused: boolean) =>
      out.anomalies.filter((a) => rows[a.row]!.service === "dispatcher" && (rows[a.row]!.exception !== undefined) === refused);
    expect(flagged(true).length).toBeGreaterThanOrEqual(24);
    for (const a of flagged(true)) {
      expect(a.anomalyType).toBe("error");
      // The text alone would name the everyday retry: the reason says which lines are new.
      expect(a.reasons[0]).toContain(
        'new message template "webhook delivery failed, will retry" with an exception ("Post "https://erp.acme.example/hooks": dial tcp #.#.#.#:#: connect: connection refused")',
      );
    }
    expect(flagged(false)).toEqual([]);
    // Their own finding, under the text and id the memory keeps them by.
    const refused = out.findings!.filter((f) => f.service === "dispatcher");
    expect(refused.map((f) => f.template)).toEqual([`webhook delivery failed, will retry${WITH_EXCEPTION}`]);
    expect(refused[0]!.templateId).toBe(templateId(`webhook delivery failed, will retry${WITH_EXCEPTION}`));
    expect(refused[0]!.count).toBe(flagged(true).length);
  });

  it("takes a line that began carrying an exception with a release, at its old rate, for the same line; one that came faster for a new failure", () => {
    // profile-api's release a third of the way in attaches `redis: nil` to each cache miss it
    // logged before; a partner's occasional 429 retry turns into a refused connection on every call.
    const rng = createRandom(7);
    const records = traffic(2400).map((r, i) =>
      i % 6 === 0 ? log("INFO", `profile ${1000 + rng.int(9000)} served in ${20 + rng.int(30)} ms`, "profile-api") : r,
    );
    const add = (at: number, raw: Record<string, unknown>) => {
      const r = normalizeLog(raw, 0);
      if (!r.ok) throw new Error(r.reason);
      records.splice(at, 0, { ...r.record, timestamp: records[at]!.timestamp, timestampMs: records[at]!.timestampMs });
    };
    for (let k = 0; k < 80; k++) {
      const at = k * 30 + rng.int(20);
      add(at, { msg: "profile cache miss", level: "info", service: "profile-api", ...(at > 800 ? { error: "redis: nil" } : {}) });
    }
    for (let k = 0; k < 30; k++) add(k * 55 + rng.int(20), { msg: "retrying partner request", level: "warn", service: "partner-gw", status: 429 });
    for (let k = 0; k < 60; k++)
      add(1700 + k * 12, {
        msg: "retrying partner request",
        level: "warn",
        service: "partner-gw",
        error: "proxyconnect tcp: dial tcp 10.0.3.4:3128: connect: connection refused",
      });
    for (let i = 0; i < records.length; i += 5)
      if (records[i]!.service === "search") records[i] = { ...records[i]!, service: "partner-gw", message: "partner quote served" };
    // Its access line: from the release on, each 404 carries the error; its 200s go on without one.
    for (let k = 0; k < 400; k++) {
      const at = k * 6 + rng.int(4);
      const notFound = k % 10 === 3;
      add(at, {
        msg: "request completed",
        level: "info",
        service: "profile-api.http",
        status: notFound ? 404 : 200,
        duration_ms: 10 + rng.int(20),
        ...(notFound && at > 800 ? { error: `profile ${k}: not found` } : {}),
      });
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const flagged = (service: string, withException: boolean) =>
      out.anomalies.filter((a) => rows[a.row]!.service === service && (rows[a.row]!.exception !== undefined) === withException);
    expect(flagged("profile-api", true)).toEqual([]);
    expect(rows.filter((r) => r.service === "profile-api.http" && r.exception !== undefined).length).toBeGreaterThan(20);
    expect(flagged("profile-api.http", true)).toEqual([]);
    expect(flagged("partner-gw", true).length).toBeGreaterThanOrEqual(55);
  });

  it("finds a new exception type on a message that fails routinely with another", () => {
    // An unknown recipient now and then all window; after a password rotation half way in, every
    // send fails to authenticate, on the same message.
    const rng = createRandom(9);
    const records = traffic(2400).map((r, i) => (i % 4 === 0 ? log("INFO", `email queued for user ${rng.int(100000)}`, "notify") : r));
    const fail = (at: number, exception: Record<string, unknown>) => {
      const r = normalizeLog({ message: "Failed to send email", level: "ERROR", service: "notify", ...exception }, 0);
      if (!r.ok) throw new Error(r.reason);
      records.splice(at, 0, { ...r.record, timestamp: records[at]!.timestamp, timestampMs: records[at]!.timestampMs });
    };
    for (let k = 0; k < 30; k++)
      fail(k * 80 + rng.int(60), { "error.type": "org.springframework.mail.MailSendException", "error.message": "550 5.1.1 Recipient address rejected" });
    for (let k = 0; k < 40; k++)
      fail(1300 + k * 25 + rng.int(10), {
        "error.type": "org.springframework.mail.MailAuthenticationException",
        "error.message": "535 5.7.8 Authentication failed",
      });
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const flagged = (type: string) => out.anomalies.filter((a) => rows[a.row]!.exception?.includes(type));
    expect(flagged("MailAuthenticationException").length).toBeGreaterThanOrEqual(38);
    // The text alone names the everyday failure: the reason names the exception too.
    for (const a of flagged("MailAuthenticationException"))
      expect(a.reasons.join(" | ")).toContain('"Failed to send email" with an exception ("org.springframework.mail.MailAuthenticationException")');
    expect(flagged("MailSendException")).toEqual([]);
    // A finding per type, under the text the memory keeps each by.
    expect(out.findings!.filter((f) => f.service === "notify" && f.anomalyType === "error").map((f) => f.template)).toEqual([
      "Failed to send email (with org.springframework.mail.MailAuthenticationException)",
    ]);
  });

  it("judges a failed call's time against the same message's calls without an exception, however many failed that way", () => {
    // Deliveries to one endpoint time out after 10 s from before the window: a third of the
    // dispatcher's retry lines, each with the client's timeout error; the rest fail fast.
    const rng = createRandom(6);
    const records = traffic(1800).map((r, i) => (i % 4 === 0 ? log("INFO", "webhook delivered", "dispatcher", { responseTimeMs: 100 + rng.int(80) }) : r));
    const retry = (at: number, ms: number, raw: Record<string, unknown>) => {
      const r = normalizeLog({ msg: "webhook delivery failed; retry scheduled", level: "warn", service: "dispatcher", durationMs: ms, ...raw }, 0);
      if (!r.ok) throw new Error(r.reason);
      records.splice(at, 0, { ...r.record, timestamp: records[at]!.timestamp, timestampMs: records[at]!.timestampMs });
    };
    for (let k = 0; k < 90; k++) {
      if (k % 3 === 0) retry(k * 20, 10_000 + k, { err: { type: "AxiosError", message: "timeout of 10000ms exceeded" } });
      else retry(k * 20, 80 + (k % 7) * 5, { attempt: 2 + (k % 4) });
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const slow = rows.flatMap((r, row) => (r.service === "dispatcher" && r.exception !== undefined ? [row] : []));
    expect(slow).toHaveLength(30);
    for (const row of slow) expect(find(out, row)?.anomalyType).toBe("performance");
  });

  it("types memory pressure told only in words as memory, even where the service's other lines are all about it", () => {
    // Kubernetes events carry no memory figure: the node's condition and its evictions say it.
    const records = traffic(600);
    for (let i = 0; i < 40; i++) records.splice(15 * i, 0, log("INFO", `Node ip-10-0-${i % 5}-9 status is now: NodeHasSufficientMemory`, "kubelet"));
    records.splice(520, 0, log("WARNING", "Attempting to reclaim memory", "kubelet"));
    records.splice(530, 0, log("WARNING", "The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki.", "kubelet"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    for (const text of ["Attempting to reclaim memory", "The node was low on resource"]) {
      const a = out.anomalies.find((x) => rows[x.row]!.message.startsWith(text));
      expect(a?.anomalyType).toBe("memory");
      expect(a!.reasons[0]).toMatch(/^memory pressure: "(reclaim memory|low on resource: memory)" in the message/);
    }
    expect(out.anomalies.filter((a) => rows[a.row]!.message.includes("SufficientMemory"))).toHaveLength(0);
  });

  it("reports every identical repeat at the same confidence, as one finding", () => {
    const records = traffic(1200);
    for (let k = 0; k < 30; k++) records.splice(800 + 10 * k, 0, log("ERROR", "ERROR IN CONTACTING RM.", "allocator"));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const repeats = out.anomalies.filter((a) => rows[a.row]!.message === "ERROR IN CONTACTING RM.");
    expect(repeats).toHaveLength(30);
    expect(new Set(repeats.map((a) => a.confidence)).size).toBe(1);
    const findings = out.findings.filter((f) => f.template === "ERROR IN CONTACTING RM.");
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ service: "allocator", anomalyType: "error", count: 30, firstRow: repeats[0]!.row, lastRow: repeats.at(-1)!.row });
    expect(f.maxConfidence).toBe(repeats[0]!.confidence);
    expect(f.reasons).toEqual(repeats[0]!.reasons);
    expect(repeats.every((a) => a.findingId === f.id)).toBe(true);
  });

  it("lists at most maxListed lines, the strongest, while findings stay complete", () => {
    const records = traffic(1200);
    for (let k = 0; k < 30; k++) records.splice(800 + 10 * k, 0, log("ERROR", `Payment ${k} failed: upstream unavailable`, "allocator"));
    const rows = reindex(records);
    const all = detect(rows, { confidenceThreshold: 0.7 });
    const capped = detect(rows, { confidenceThreshold: 0.7, maxListed: 5 });
    expect(capped.detectedCount).toBe(all.detectedCount);
    expect(capped.findings).toEqual(all.findings);
    expect(capped.anomalies.length).toBe(Math.max(5, all.findings.length));
    const strongest = [...all.anomalies].sort((a, b) => b.confidence - a.confidence)[0]!;
    expect(capped.anomalies.map((a) => a.row)).toContain(strongest.row);
    for (const f of all.findings) expect(capped.anomalies.map((a) => a.row)).toContain(f.strongestRow);
    expect(capped.summary!.byType).toEqual(all.summary!.byType);
  });
});

describe("detect: summary and thresholds", () => {
  const records = traffic(900);
  records.splice(600, 0, log("ERROR", "Database connection timeout after 30s", "api"));
  records.splice(700, 0, log("CRITICAL", "Disk /var/lib/pg is full", "reports"));
  records.splice(750, 0, log("WARNING", "heap used 97%", "api"));
  const rows = reindex(records);

  it("counts anomalies by type and service and names the first one", () => {
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const s = out.summary!;
    const counted = s.byType.performance + s.byType.memory + s.byType.error + s.byType.pattern;
    expect(counted).toBe(out.anomalies.length);
    expect(out.detectedCount).toBe(out.anomalies.length);
    expect(out.findings.reduce((n, f) => n + f.count, 0)).toBe(out.anomalies.length);
    expect(s.byType.performance).toBeGreaterThanOrEqual(1);
    expect(s.byType.memory).toBeGreaterThanOrEqual(1);
    expect(s.byType.error).toBeGreaterThanOrEqual(1);
    expect(s.topServices[0]!.service).toBe("api");
    expect(s.firstAnomalyRow).toBe(out.anomalies[0]!.row);
    expect(s.firstAnomalyType).toBe(out.anomalies[0]!.anomalyType);
  });

  it("returns a subset at a higher threshold, and the same answer twice", () => {
    const low = detect(rows, { confidenceThreshold: 0.5 });
    const high = detect(rows, { confidenceThreshold: 0.9 });
    const lowRows = new Map(low.anomalies.map((a) => [a.row, a.confidence]));
    for (const a of high.anomalies) expect(lowRows.get(a.row)).toBe(a.confidence);
    expect(detect(rows, { confidenceThreshold: 0.5 })).toEqual(low);
  });

  it("has an empty summary when nothing is reported", () => {
    const out = detect(reindex(traffic(300)), { confidenceThreshold: 0.99 });
    expect(out.anomalies).toEqual([]);
    expect(out.summary).toMatchObject({
      byType: { performance: 0, memory: 0, error: 0, pattern: 0 },
      topServices: [],
      topTemplates: [],
      firstAnomalyRow: undefined,
    });
  });
});

describe("detect: a message written at ERROR where the service writes it at INFO", () => {
  it("judges the failing lines as a kind of their own, not as the everyday message", () => {
    const rng = createRandom(5);
    const records: LogRecord[] = [];
    for (let i = 0; i < 1500; i++) {
      const t = { timestampMs: 1_758_268_800_000 + i * 1000 };
      const failing = i >= 1000 && rng.next() < 0.2;
      const code = failing ? 500 : 201;
      records.push(log(failing ? "ERROR" : "INFO", `POST /api/orders completed ${code} in ${Math.round(40 + 20 * rng.next())} ms`, "orders", t));
      if (i % 4 === 0) records.push(log("INFO", `cache refreshed ${i}`, "catalog", t));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const failing = rows.filter((r) => r.level === "ERROR").map((r) => r.index);
    const found = new Set(out.anomalies.filter((a) => a.anomalyType === "error").map((a) => a.row));
    expect(failing.length).toBeGreaterThan(50);
    expect(failing.filter((row) => found.has(row)).length).toBeGreaterThanOrEqual(0.9 * failing.length);
    // The everyday lines of the same message stay quiet.
    expect(out.anomalies.filter((a) => rows[a.row]!.level === "INFO").length).toBeLessThan(10);
  });
});

describe("detect: a timeout the service writes all day", () => {
  it("is damped as the same line's error is, where its level is routine for the service; a new timeout is not", () => {
    const rng = createRandom(9);
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const t = { timestampMs: 1_758_268_800_000 + i * 1000 };
      const u = rng.next();
      if (u < 0.03) records.push(log("WARNING", `MFA challenge timed out for u${10000 + i}`, "auth", t));
      else if (u < 0.15) records.push(log("WARNING", `invalid credentials for u${10000 + i} (attempt ${1 + (i % 3)})`, "auth", t));
      else records.push(log("INFO", `login succeeded for u${10000 + i} via sso`, "auth", t));
      if (i === 2500) records.push(log("WARNING", "call to directory timed out", "auth", t));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const flagged = out.anomalies.map((a) => rows[a.row]!.message);
    expect(flagged.filter((m) => m.startsWith("MFA challenge")).length).toBe(0);
    expect(flagged).toContain("call to directory timed out");
  });
});

describe("detect: a failure a timer writes on every tick", () => {
  it("is routine when it ticks from before the window; a few evenly spaced failures are not a timer", () => {
    // Requests every second; a metrics exporter denied at every 15 s scrape all window (about 6 %
    // of the service's lines, rare by share); late, a new failure.
    const records: LogRecord[] = [];
    for (let s = 0; s < 3000; s++) {
      records.push(log("INFO", `GET /v1/secret/${s % 40} 200 in ${20 + (s % 9)}ms`, "vault", { timestampMs: s * 1000 }));
      if (s % 15 === 7) records.push(log("ERROR", "read sys/metrics by metrics-exporter: permission denied", "vault", { timestampMs: s * 1000 + 500 }));
      if (s >= 2600 && s % 50 === 0) records.push(log("ERROR", `unseal key share ${s} rejected: permission denied`, "vault", { timestampMs: s * 1000 + 700 }));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const reported = (text: string) => out.anomalies.filter((a) => rows[a.row]!.message.includes(text)).length;
    expect(reported("metrics-exporter")).toBe(0);
    expect(reported("unseal key share")).toBe(8);
    // Five evenly spaced failures over the window are scattered events, still reported.
    const few = records.filter((r) => !r.message.includes("metrics-exporter"));
    for (const s of [300, 900, 1500, 2100, 2700])
      few.push(log("ERROR", "read sys/metrics by metrics-exporter: permission denied", "vault", { timestampMs: s * 1000 + 500 }));
    few.sort((a, b) => a.timestampMs - b.timestampMs);
    const fewRows = reindex(few);
    const fewOut = detect(fewRows, { confidenceThreshold: 0.7 });
    expect(fewOut.anomalies.filter((a) => fewRows[a.row]!.message.includes("metrics-exporter")).length).toBe(5);
  });

  it("is not routine when its process is in a crash loop: the failures of each start, and the lines that restart it", () => {
    // A telemetry daemon that dies at each start since before the window, every 15 s, beside a
    // chiller's healthy readings every second; `restarts` says whether systemd's lines are there.
    const build = (restarts: boolean): LogRecord[] => {
      const records: LogRecord[] = [];
      let counter = 400;
      for (let s = 0; s < 3000; s++) {
        records.push(log("INFO", `chiller loop ${s % 4}: supply ${(4 + (s % 7) / 10).toFixed(1)}C`, "chillerd", { timestampMs: s * 1000 }));
        if (s % 15 !== 7) continue;
        const at = s * 1000 + 200;
        records.push(log("INFO", "fermentd 2.4.1 starting", "fermentd", { timestampMs: at }));
        records.push(log("CRITICAL", "fatal: no serial link to tank controllers, exiting with status 1", "fermentd", { timestampMs: at + 10 }));
        if (!restarts) continue;
        records.push(log("INFO", "fermentd.service: Main process exited, code=exited, status=1/FAILURE", "systemd", { timestampMs: at + 20 }));
        records.push(log("INFO", `fermentd.service: Scheduled restart job, restart counter is at ${++counter}.`, "systemd", { timestampMs: at + 5000 }));
      }
      return reindex(records);
    };
    const reported = (rows: LogRecord[], text: string) =>
      detect(rows, { confidenceThreshold: 0.7 }).anomalies.filter((a) => rows[a.row]!.message.includes(text) && a.anomalyType === "error");
    const looping = build(true);
    const fatal = reported(looping, "no serial link");
    expect(fatal).toHaveLength(200);
    expect(fatal[0]!.reasons.join(" | ")).toMatch(/fermentd is in a crash loop in the window \("restart counter is at \d+"\): down, not routine/);
    expect(reported(looping, "restart counter")).toHaveLength(200);
    expect(reported(looping, "Main process exited")).toHaveLength(200);
    // The daemon's start-up line names no failure: not an error, but the loop's turning, once at
    // each restart, a pattern.
    expect(reported(looping, "starting")).toHaveLength(0);
    const starts = detect(looping, { confidenceThreshold: 0.7 }).anomalies.filter((a) => looping[a.row]!.message.includes("starting"));
    expect(starts).toHaveLength(200);
    expect(starts.every((a) => a.anomalyType === "pattern")).toBe(true);
    expect(starts[0]!.reasons[0]).toMatch(
      /written 200 times, once at each restart of fermentd, which is in a crash loop in the window \("restart counter is at \d+", 200 failures\)/,
    );
    // Without a crash loop, the same start-up line is the daemon's everyday.
    const plain = build(false);
    expect(detect(plain, { confidenceThreshold: 0.7 }).anomalies.filter((a) => plain[a.row]!.message.includes("starting"))).toHaveLength(0);
    // Without what restarts it, the same failure on a clock is a timer's tick: routine.
    expect(reported(build(false), "no serial link")).toHaveLength(0);
  });
});

describe("detect: a time over the limit its own line states", () => {
  it("is a performance anomaly however routine the line, and a soft limit is not such a bar", () => {
    const rng = createRandom(11);
    const records: LogRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      const t = { timestampMs: 1_758_268_800_000 + i * 1000 };
      const u = rng.next();
      // Overruns all window, at a level the service writes routinely: no quiet part to compare with.
      if (u < 0.1) records.push(log("WARNING", `tick overrun: tick ${i} took ${(70 + 20 * rng.next()).toFixed(1)}ms (budget 33.3ms)`, "match", t));
      else if (u < 0.2) records.push(log("WARNING", `bulk request took ${1000 + Math.round(100 * rng.next())} ms, exceeding soft limit of 500 ms`, "match", t));
      else records.push(log("INFO", `player ${i} moved to zone ${i % 7}`, "match", t));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const overruns = rows.filter((r) => r.message.startsWith("tick overrun")).length;
    const flagged = out.anomalies.filter((a) => rows[a.row]!.message.startsWith("tick overrun"));
    expect(flagged.length).toBe(overruns);
    expect(flagged.every((a) => a.anomalyType === "performance")).toBe(true);
    expect(flagged[0]!.reasons[0]).toMatch(/^response time \d+(\.\d+)? ms is 2\.\d+x the limit the line states \(33\.3 ms\)$/);
    expect(out.anomalies.filter((a) => rows[a.row]!.message.startsWith("bulk request")).length).toBe(0);
  });
});

describe("detect: garbage collection taking most of the time", () => {
  it("is a memory anomaly, said with the share of time and the words it was read from", () => {
    const rng = createRandom(12);
    const records: LogRecord[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = { timestampMs: 1_758_268_800_000 + i * 1000 };
      const u = rng.next();
      if (i > 1800 && u < 0.05)
        records.push(log("WARNING", `[gc][${i}] overhead, spent [${(4.5 + rng.next()).toFixed(1)}s] collecting in the last [6s]`, "es", t));
      else if (u < 0.1) records.push(log("INFO", `[gc][${i}] overhead, spent [${200 + Math.round(200 * rng.next())}ms] collecting in the last [1s]`, "es", t));
      else records.push(log("INFO", `indexed ${i} documents into logs-${i % 5}`, "es", t));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const heavy = out.anomalies.filter((a) => rows[a.row]!.level === "WARNING");
    expect(heavy.length).toBe(rows.filter((r) => r.level === "WARNING").length);
    expect(heavy.every((a) => a.anomalyType === "memory")).toBe(true);
    expect(heavy[0]!.reasons.find((r) => r.startsWith("garbage collection"))).toMatch(
      /^garbage collection took \d+(\.\d+)?% of the time \("spent \[\d\.\ds\] collecting in the last \[6s\]" in the message\)/,
    );
    expect(out.anomalies.filter((a) => rows[a.row]!.message.includes("collecting in the last [1s]")).length).toBe(0);
  });
});

describe("detect: a logger that speaks only when something is wrong", () => {
  /** Requests every second from "quotes"; from 1200 s on, a lag monitor's WARNING every 20 s; `noise` WARNING lines per 10 s from "peers". */
  function lagMonitor(noise: number): LogRecord[] {
    const records: LogRecord[] = [];
    for (let s = 0; s < 3000; s++) {
      const t = s * 1000;
      records.push(log("INFO", `GET /v2/quotes/${s % 50} 200 in ${8 + (s % 5)}ms`, "quotes", { timestampMs: t }));
      if (s % 10 < noise)
        records.push(log("WARNING", `Cannot open channel to ${s % 3} at election address 10.0.0.${s % 3}:3888`, "peers", { timestampMs: t + 200 }));
      if (s >= 1200 && s % 20 === 0) records.push(log("WARNING", "event loop lag", "quotes.lagmon", { timestampMs: t + 500 }));
    }
    return reindex(records);
  }

  it("reports its late lines as new against the incident's, since it has none of its own before them", () => {
    const rows = lagMonitor(0);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const lag = out.anomalies.filter((a) => rows[a.row]!.service === "quotes.lagmon");
    expect(lag.length).toBe(rows.filter((r) => r.service === "quotes.lagmon").length);
    expect(lag[0]!.reasons).toContainEqual(
      expect.stringMatching(
        /^new message template "event loop lag" from quotes\.lagmon, which had written nothing before: first seen after 1201 of 3090 logs of the incident \(39%\), 90 times in the window$/,
      ),
    );
  });

  it("does not where the incident's components warn all day", () => {
    // Peers warn on most seconds from the start: a component speaking late among them is not news.
    const rows = lagMonitor(8);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    expect(out.anomalies.filter((a) => rows[a.row]!.service === "quotes.lagmon").length).toBe(0);
  });
});

describe("detect: a lasting rise of an ordinary line", () => {
  /** Requests every second; "rate limit applied" on one second in fifty, from 1300 s on one in seven; and a minute tick. */
  function rateLimited(rest: (s: number) => boolean): LogRecord[] {
    const records: LogRecord[] = [];
    for (let s = 0; s < 3000; s++) {
      const t = s * 1000;
      if (rest(s)) records.push(log("INFO", `GET /v1/orders/${s % 40} 200 in ${20 + (s % 9)}ms`, "public-api", { timestampMs: t }));
      const every = s >= 1300 ? 7 : 50;
      if (s % every === 3) records.push(log("INFO", `rate limit applied to client cl_${s % 13} (bucket tenant)`, "public-api", { timestampMs: t + 400 }));
      if (s % 60 === 0) records.push(log("INFO", "broadcast TIME_TICK handled", "public-api", { timestampMs: t + 700 }));
    }
    return reindex(records);
  }

  it("is reported from where it began, with the shares before and after", () => {
    const rows = rateLimited(() => true);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const limited = out.anomalies.filter((a) => rows[a.row]!.message.startsWith("rate limit applied"));
    const late = rows.filter((r) => r.message.startsWith("rate limit applied") && r.timestampMs >= 1_400_000).length;
    expect(limited.length).toBeGreaterThanOrEqual(late);
    expect(limited.every((a) => rows[a.row]!.timestampMs >= 1_000_000)).toBe(true);
    expect(limited[0]!.reasons[0]).toMatch(
      /^lasting rise of message template "rate limit applied to client <\*> \(bucket tenant\)": \d+\.\d+% of public-api's lines from \d+% into the window on, against \d\.\d+% before \(\d+(\.\d+)?x\)$/,
    );
    expect(out.anomalies.filter((a) => rows[a.row]!.message.startsWith("GET")).length).toBe(0);
  });

  it("is not a line whose share rises only because the rest of its service fell quiet", () => {
    // The requests stop for most seconds from 1300 s on; the minute tick keeps its pace.
    const rows = rateLimited((s) => s < 1300 || s % 10 === 0);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    expect(out.anomalies.filter((a) => rows[a.row]!.message.startsWith("broadcast TIME_TICK")).length).toBe(0);
  });
});

describe("detect: a line that only states a value", () => {
  /** A kernel's lines: a core file every 7 s; five crashes early in the window, each a CRITICAL event then its registers at CRITICAL. */
  function crashReports(): LogRecord[] {
    const records: LogRecord[] = [];
    const crashes = new Set([300, 360, 420, 480, 540]);
    for (let s = 0; s < 3600; s++) {
      const t = s * 1000;
      if (s % 7 === 0) records.push(log("INFO", `generating core.${1000 + (s % 97)}`, "kernel", { timestampMs: t }));
      if (s % 13 === 0) records.push(log("INFO", "instruction cache parity error corrected", "kernel", { timestampMs: t + 300 }));
      if (!crashes.has(s)) continue;
      records.push(log("CRITICAL", "data storage interrupt", "kernel", { timestampMs: t + 500 }));
      for (const [k, line] of [
        "instruction address: 0x00004ed8",
        "machine state register: 0x00002000",
        "core configuration register: 0x00002000",
        "floating point instr. enabled.....1",
      ].entries())
        for (let r = 0; r < 8; r++) records.push(log("CRITICAL", line, "kernel", { timestampMs: t + 600 + 10 * k + r }));
    }
    return reindex(records);
  }

  it("carries its report's level, as common as that level is in the service", () => {
    const rows = crashReports();
    const critical = rows.filter((r) => r.level === "CRITICAL").length;
    expect(critical / rows.length).toBeGreaterThan(0.15);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const flagged = out.anomalies.map((a) => rows[a.row]!.message);
    expect(flagged.filter((m) => /address|register|enabled/.test(m))).toEqual([]);
    expect(flagged.filter((m) => m === "data storage interrupt").length).toBe(5);
  });
});

describe("detect: a service short of memory all through the window", () => {
  /**
   * "served" takes 40 ms or, on one request in three, 3 s, from the first minute: by its
   * percentiles a second path. Every `pressureEvery`-th line of the service is a G1 evacuation
   * failure ("To-space exhausted"), or none when 0.
   */
  function served(pressureEvery: number): { records: LogRecord[]; slow: number[] } {
    const g = gaussian(11);
    const records: LogRecord[] = [];
    const slow: number[] = [];
    const t0 = Date.parse("2025-10-05T19:00:00Z");
    for (let i = 0; i < 600; i++) {
      const timestampMs = t0 + i * 2000;
      if (pressureEvery > 0 && i % pressureEvery === 7) {
        records.push(log("INFO", `[gc] GC(${2000 + i}) To-space exhausted`, "orders", { timestampMs }));
        continue;
      }
      const stalled = i % 3 === 1;
      if (stalled) slow.push(i);
      const responseTimeMs = Math.round((stalled ? 3000 : 40) * Math.exp(0.2 * g()));
      records.push(log("INFO", "Served order history", "orders", { timestampMs, responseTimeMs }));
    }
    return { records: reindex(records), slow };
  }
  const slowFlagged = (pressureEvery: number): number => {
    const { records, slow } = served(pressureEvery);
    const out = detect(records, { confidenceThreshold: 0.7 });
    return slow.filter((row) => find(out, row)?.anomalyType === "performance").length / slow.length;
  };

  it("does not take its slow share of requests for a second path", () => {
    expect(slowFlagged(20)).toBeGreaterThan(0.9);
  });

  it("grants the second path to a service with no memory trouble, or a few scattered lines of it", () => {
    expect(slowFlagged(0)).toBe(0);
    // Two evacuation failures in 600 lines are events, not a standing condition.
    expect(slowFlagged(300)).toBe(0);
  });
});

describe("detect: a level routine in its service, among services that never write it", () => {
  /** Four kinds of ERROR, so that no one message is routine by itself: the level is. */
  const PG_ERRORS = [
    'ERROR:  duplicate key value violates unique constraint "carts_user_id_active_key"',
    'ERROR:  null value in column "email" of relation "users" violates not-null constraint',
    "ERROR:  could not serialize access due to concurrent update",
    "ERROR:  canceling statement due to user request",
  ];
  /** A database that writes an ERROR on one line in `every`, beside a web tier of INFO only. */
  function incident(every: number): { records: LogRecord[]; errors: number[] } {
    const g = gaussian(3);
    const records: LogRecord[] = [];
    const errors: number[] = [];
    const t0 = Date.parse("2025-02-25T12:00:00Z");
    for (let i = 0; i < 3600; i++) {
      const timestampMs = t0 + i * 2000;
      if (i % 5 !== 0) {
        records.push(log("INFO", `GET /api/carts/${1000 + (i % 97)} 200`, "web", { timestampMs, responseTimeMs: Math.round(30 * Math.exp(0.2 * g())) }));
        continue;
      }
      const k = i / 5;
      if (k % every === 3) {
        errors.push(i);
        records.push(log("ERROR", PG_ERRORS[errors.length % PG_ERRORS.length]!, "postgres", { timestampMs }));
      } else records.push(log("INFO", `LOG:  checkpoint complete: wrote ${100 + (k % 50)} buffers`, "postgres", { timestampMs }));
    }
    return { records: reindex(records), errors };
  }
  const flaggedShare = (every: number): number => {
    const { records, errors } = incident(every);
    const out = detect(records, { confidenceThreshold: 0.7 });
    return errors.filter((row) => find(out, row) !== undefined).length / errors.length;
  };

  it("is not lifted over the threshold by the forest, which sees the level without its service", () => {
    // One postgres line in 14 is the ERROR (7 %): routine there, rare among all lines.
    expect(flaggedShare(14)).toBe(0);
  });

  it("still reports a failure that is rare in its service", () => {
    // One postgres line in 60: under the share where a level counts as routine.
    expect(flaggedShare(60)).toBe(1);
  });
});

describe("detect: a failure reported over several lines", () => {
  /**
   * A job worker: "start" and "done" for most jobs; a failed job's report is four lines within
   * 2 ms ("fail", the exception's context as JSON, its class and message, its backtrace). Jobs
   * time out now and then all day (routine); from the middle on, a deploy's defect fails others.
   */
  function worker(wholeSeconds = false): { records: LogRecord[]; defect: number[]; routine: number[] } {
    const records: LogRecord[] = [];
    const defect: number[] = [];
    const routine: number[] = [];
    const t0 = Date.parse("2025-03-22T12:00:00.000Z");
    let t = t0;
    const at = (ms: number): number => (wholeSeconds ? Math.floor(ms / 1000) * 1000 : ms);
    const add = (level: LogRecord["level"], message: string, ms: number, into?: number[]): void => {
      into?.push(records.length);
      records.push(log(level, message, "sidekiq", { timestampMs: at(ms) }));
    };
    for (let job = 0; job < 900; job++) {
      t += 1000 + (job % 7) * 137;
      add("INFO", "start", t);
      const broken = job >= 450 && job % 9 === 0;
      const timedOut = job % 40 === 5;
      if (!broken && !timedOut) {
        add("INFO", "done", t + 30);
        continue;
      }
      const into = broken ? defect : routine;
      const error = broken ? "NoMethodError: undefined method `signing_secret' for nil" : "Net::ReadTimeout: Net::ReadTimeout with #<TCPSocket:(closed)>";
      add("INFO", "fail", t + 30, into);
      add("WARNING", `{"context":"Job raised exception","job":{"class":"WebhookDeliveryJob","jid":"${(1e12 + job).toString(16)}"}}`, t + 31, into);
      records.push(log("WARNING", error, "sidekiq", { timestampMs: at(t + 31) }));
      add(
        "WARNING",
        "/app/app/jobs/webhook_delivery_job.rb:23:in `perform'\n/app/vendor/bundle/ruby/3.3.0/gems/sidekiq-7.2.4/lib/sidekiq/processor.rb:220:in `execute_job'",
        t + 32,
        into,
      );
    }
    return { records: reindex(records), defect, routine };
  }

  it("reports the lines around a confident failure as part of its report, typed as it is", () => {
    const { records, defect, routine } = worker();
    const out = detect(records, { confidenceThreshold: 0.7 });
    const found = defect.map((row) => find(out, row));
    expect(found.every((a) => a?.anomalyType === "error")).toBe(true);
    expect(found[0]!.reasons[0]).toMatch(
      /^part of one failure report: written by sidekiq within [0-2] ms of "NoMethodError: undefined method .*" \(confidence 0\.\d{3}\)$/,
    );
    // The same lines around a routine timeout stay routine.
    expect(routine.filter((row) => find(out, row) !== undefined)).toEqual([]);
  });

  it("types the frames of an out-of-memory crash's trace as memory, part of its report", () => {
    // A Go service's stderr: request lines, then the runtime's fatal error and its trace, each
    // line its own entry within a millisecond, at no level.
    const records: LogRecord[] = [];
    const t0 = Date.parse("2025-09-25T21:00:00.000Z");
    for (let i = 0; i < 2000; i++) records.push(log("INFO", `POST /api/v1/push 204 in ${4 + (i % 5)}ms`, "ingester", { timestampMs: t0 + i * 1000 + (i % 7) }));
    const crash = t0 + 1_800_000 + 123;
    const trace = [
      "fatal error: runtime: out of memory",
      "goroutine 53167 [running]:",
      "runtime.throw({0x2b8c1e5?, 0x2000?})",
      "\t/usr/local/go/src/runtime/panic.go:1077 +0x5c fp=0x7ffc8b1e2c48 sp=0x7ffc8b1e2c18 pc=0x43d81c",
      "runtime.(*mheap).grow(0x4d2f2e0, 0x8000)",
    ];
    const at = 1800;
    records.splice(at, 0, ...trace.map((m, k) => log("INFO", m, "ingester", { timestampMs: crash + k * 0.05 })));
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const frames = trace.slice(1).map((_, k) => find(out, at + 1 + k));
    expect(find(out, at)?.anomalyType).toBe("memory");
    for (const f of frames) {
      expect(f?.anomalyType).toBe("memory");
      expect(f!.reasons[0]).toMatch(/^part of one failure report: written by ingester within [0-9.]+ ms of "fatal error: runtime: out of memory"/);
    }
  });

  it("does not take the lines of one second for one report", () => {
    const { records, defect } = worker(true);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(defect.filter((row) => find(out, row)?.reasons[0]?.startsWith("part of one failure report"))).toEqual([]);
  });
});

describe("detect: instances of one service against each other", () => {
  /**
   * A game service run on `servers` servers, each writing a tick summary every 10 s for 30
   * minutes; the servers in `slow` take five times as long from the first tick. With `twoPaths`
   * every server's ticks take 9 ms or 60 ms in turn (the message's everyday on all of them).
   */
  function fleet(servers: number, slow: readonly number[], twoPaths = false): { records: LogRecord[]; slowRows: number[] } {
    const noise = gaussian(7);
    const records: LogRecord[] = [];
    const slowRows: number[] = [];
    const t0 = Date.parse("2025-06-30T20:00:00.000Z");
    for (let tick = 0; tick < 180; tick++) {
      for (let s = 0; s < servers; s++) {
        const isSlow = slow.includes(s);
        const usual = twoPaths && tick % 2 === 1 ? 60 : 9;
        const ms = Math.round(usual * (isSlow ? 5 : 1) * Math.exp(0.15 * noise()) * 10) / 10;
        if (isSlow) slowRows.push(records.length);
        records.push(
          log("INFO", `tick stats: 300 ticks avg ${ms}ms players ${10 + (tick % 7)}`, "match-server", {
            timestampMs: t0 + tick * 10_000 + s * 37,
            responseTimeMs: ms,
            instance: `gs-${s + 1}`,
          }),
        );
      }
    }
    return { records: reindex(records), slowRows };
  }

  it("finds the few servers slower than their peers from the first minute, and says against whom", () => {
    const { records, slowRows } = fleet(12, [3, 8]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    const found = slowRows.map((row) => find(out, row));
    expect(found.filter((a) => a?.anomalyType === "performance").length).toBeGreaterThan(0.9 * slowRows.length);
    expect(found.find((a) => a !== undefined)!.reasons[0]).toMatch(
      /^response time [\d.]+ ms on gs-(4|9) is [\d.]+x the median of this message on match-server's 10 other instances \([\d.]+ ms\)$/,
    );
    // The peers' own ticks stay normal.
    expect(out.anomalies.filter((a) => !slowRows.includes(a.row))).toEqual([]);
  });

  /**
   * Eleven game servers each writing a 4 ms heartbeat and a 12 ms stats flush every 10 s for 30
   * minutes; `far` (gs-1) takes `extra` ms more for both, or `times` as long, from the first one.
   */
  function region(far: { extra: number } | { times: number }): { records: LogRecord[]; farRows: number[] } {
    const noise = gaussian(23);
    const records: LogRecord[] = [];
    const farRows: number[] = [];
    const t0 = Date.parse("2025-10-01T05:00:00.000Z");
    for (let tick = 0; tick < 180; tick++) {
      for (let s = 0; s < 11; s++) {
        for (const [message, usual] of [
          ["allocator heartbeat ok", 4],
          ["stats flushed to stats-api", 12],
        ] as const) {
          let ms = usual * Math.exp(0.15 * noise());
          if (s === 0) {
            ms = "extra" in far ? ms + far.extra * Math.exp(0.03 * noise()) : ms * far.times;
            farRows.push(records.length);
          }
          records.push(
            log("INFO", message, "gameserver", {
              timestampMs: t0 + tick * 10_000 + s * 37 + (usual === 4 ? 0 : 5),
              responseTimeMs: ms,
              instance: `gs-${s + 1}`,
            }),
          );
        }
      }
    }
    return { records: reindex(records), farRows };
  }

  it("takes a server that adds the same delay to every call for a distant one, judged by its own times", () => {
    // 180 ms more on a 4 ms heartbeat and on a 12 ms flush: a round trip, every day.
    const far = region({ extra: 180 });
    const out = detect(far.records, { confidenceThreshold: 0.7 });
    expect(far.farRows.filter((row) => find(out, row)?.anomalyType === "performance")).toEqual([]);
    // Still slow against its own times.
    const slow = region({ extra: 180 });
    const at = slow.farRows[201]!;
    slow.records[at] = { ...slow.records[at]!, responseTimeMs: 2500 };
    const a = find(detect(slow.records, { confidenceThreshold: 0.7 }), at);
    expect(a?.anomalyType).toBe("performance");
    expect(a!.reasons[0]).toMatch(
      /^response time 2500 ms on gs-1 is [\d.]+x the median of this message on gs-1 \([\d.]+ ms\), which adds a fixed delay to its calls$/,
    );
    // Ten times as long for both is a slower pace, not a distance: slow, and not by its own times.
    const pace = region({ times: 10 });
    const paced = detect(pace.records, { confidenceThreshold: 0.7 });
    expect(pace.farRows.filter((row) => find(paced, row)?.anomalyType === "performance").length).toBeGreaterThan(0.9 * pace.farRows.length);
    expect(paced.anomalies.filter((a) => a.reasons[0]?.includes("fixed delay"))).toEqual([]);
  });

  it("needs the slow ones to be a minority with peers enough to compare with", () => {
    // Half the fleet slow: which half is the odd one is not for the logs to say.
    const half = detect(fleet(8, [0, 1, 2, 3]).records, { confidenceThreshold: 0.7 });
    expect(half.anomalies.some((a) => a.reasons[0]?.includes("other instances"))).toBe(false);
    // One slow server beside two others: too few peers.
    const few = detect(fleet(3, [0]).records, { confidenceThreshold: 0.7 });
    expect(few.anomalies.some((a) => a.reasons[0]?.includes("other instances"))).toBe(false);
    // Without instance fields the same times are one message's two paths, as before.
    const plain = fleet(12, [3, 8]).records.map(({ instance: _, ...r }) => r);
    expect(detect(plain, { confidenceThreshold: 0.7 }).anomalies.some((a) => a.reasons[0]?.includes("other instances"))).toBe(false);
  });

  it("grants a slow server's message the two paths its peers' has, as the message's own baseline would", () => {
    // Every server's ticks take 9 or 60 ms in turn; one server's 45 or 300 ms.
    const { records, slowRows } = fleet(12, [5], true);
    const out = detect(records, { confidenceThreshold: 0.7 });
    // Its fast path, under the peers' slow one, is not slow against them.
    const fastOnSlow = slowRows.filter((row) => records[row]!.responseTimeMs! < 60);
    expect(fastOnSlow.length).toBeGreaterThan(50);
    expect(fastOnSlow.filter((row) => find(out, row) !== undefined)).toEqual([]);
    // The peers' slow path is their everyday.
    expect(out.anomalies.filter((a) => !slowRows.includes(a.row))).toEqual([]);
  });
});

describe("detect: a memory size that climbs", () => {
  const MiB = 1024 * 1024;
  /**
   * A worker service on `pods` pods, each writing a batch line with its resident set every 20 s
   * for an hour (180 lines a pod); `size(pod, k)` gives pod `pod`'s size in MiB at its k-th line.
   */
  function pods(n: number, size: (pod: number, k: number) => number, withInstances = true): LogRecord[] {
    const noise = gaussian(11);
    const records: LogRecord[] = [];
    const t0 = Date.parse("2025-02-18T13:00:00.000Z");
    for (let k = 0; k < 180; k++) {
      for (let p = 0; p < n; p++) {
        records.push(
          log("INFO", `processed batch of ${20 + ((k * 7 + p) % 40)} images`, "thumbnailer", {
            timestampMs: t0 + k * 20_000 + p * 211,
            memoryBytes: Math.round(size(p, k) * (1 + 0.01 * noise()) * MiB),
            ...(withInstances ? { instance: `thumb-${p}` } : {}),
          }),
        );
      }
    }
    return reindex(records);
  }
  const leaking = (p: number, k: number) => (p === 2 ? 400 + 8 * k : 420 + 20 * p);

  it("finds one pod's resident set climbing while its peers stay flat, and says from where", () => {
    const records = pods(3, leaking);
    const out = detect(records, { confidenceThreshold: 0.7 });
    const late = records.filter((r) => r.instance === "thumb-2" && r.memoryBytes! > 2.2 * 400 * MiB).map((r) => r.index);
    expect(late.length).toBeGreaterThan(50);
    expect(late.every((row) => find(out, row)?.anomalyType === "memory")).toBe(true);
    expect(find(out, late[0]!)!.reasons[0]).toMatch(
      /^memory [\d.]+ MiB on thumb-2 \(a field of the log\) is [\d.]+x its level early in the window \([\d.]+ MiB\) and climbed through it, while thumbnailer's 2 other instances stayed within [\d.]+x of theirs$/,
    );
    // Its early lines, near where it started, and every line of the flat pods stay normal.
    expect(out.anomalies.filter((a) => records[a.row]!.instance !== "thumb-2")).toEqual([]);
    expect(out.anomalies.filter((a) => records[a.row]!.memoryBytes! < 1.3 * 400 * MiB)).toEqual([]);
  });

  it("needs peers that stay flat: one process's climb alone is its work growing, for all its size says", () => {
    expect(
      detect(
        pods(1, (_, k) => 300 + 6 * k),
        { confidenceThreshold: 0.7 },
      ).anomalies,
    ).toEqual([]);
    // Without instance fields the three pods are one series, climbing on average and not steadily.
    expect(detect(pods(3, leaking, false), { confidenceThreshold: 0.7 }).anomalies).toEqual([]);
  });

  it("leaves a size that levels off, falls back, or climbs on every pod alike", () => {
    // A cache warming for the first third, then flat, on one pod of three.
    const warmup = pods(3, (p, k) => (p === 0 ? 300 + 8 * Math.min(k, 60) : 300));
    // A collector's sawtooth: up 6 MiB a line for 30 lines, then back.
    const sawtooth = pods(3, (p, k) => (p === 0 ? 300 + 6 * (k % 30) : 300));
    // A heap's long sawtooth: one full collection two thirds of the way in, climbing again at the end.
    const longSawtooth = pods(3, (p, k) => (p === 0 ? 300 + 5 * (k % 100) : 300));
    // Every pod climbing alike: how the service runs, not one pod leaking.
    const everyPod = pods(4, (p, k) => 300 + 10 * p + 5 * k);
    for (const records of [warmup, sawtooth, longSawtooth, everyPod]) {
      expect(detect(records, { confidenceThreshold: 0.7 }).anomalies.filter((a) => a.anomalyType === "memory")).toEqual([]);
    }
    // Sizes alone, at any level, are no evidence: a flat 1.9 GiB is a big process, not a full one.
    expect(
      detect(
        pods(3, () => 1900),
        { confidenceThreshold: 0.7 },
      ).anomalies,
    ).toEqual([]);
  });
});

describe("detect: a failure only one instance of a service writes", () => {
  /**
   * Four gateways polling their probes for two hours, every gateway a few WARNING lines of its
   * own (a slow poll, a retried publish), so WARNING is everyday for the service; the gateways
   * in `failing` also fail a read now and then, from the first minute to the last.
   */
  function gateways(failing: readonly number[]): { records: LogRecord[]; failures: number[] } {
    const records: LogRecord[] = [];
    const failures: number[] = [];
    const t0 = Date.parse("2026-01-21T04:00:00.000Z");
    for (let k = 0; k < 240; k++) {
      for (let h = 0; h < 4; h++) {
        const at = (s: number) => ({ timestampMs: t0 + k * 30_000 + h * 997 + s, instance: `gw-${h}` });
        records.push(log("INFO", `polled ${12 + ((k + h) % 5)} probes in ${40 + ((k * 3 + h) % 9)} ms`, "probe-gateway", at(0)));
        records.push(log("INFO", `published ${12 + ((k + h) % 5)} readings`, "probe-gateway", at(1)));
        if ((k + h) % 8 === 0) records.push(log("WARNING", `publish retried for batch ${k * 4 + h}: broker busy`, "probe-gateway", at(2)));
        if (failing.includes(h) && (k * 7 + h) % 11 < 2) {
          failures.push(records.length);
          records.push(log("WARNING", `modbus read failed on probe e-${k % 16}: request timed out`, "probe-gateway", at(3)));
        }
      }
    }
    return { records: reindex(records), failures };
  }

  it("does not call them routine when its peers, doing the same work, never write them", () => {
    const { records, failures } = gateways([2]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(failures.filter((row) => find(out, row) !== undefined).length).toBeGreaterThan(0.9 * failures.length);
    expect(find(out, failures[0]!)!.reasons.join(" | ")).toContain(
      "written only on gw-2: probe-gateway's 3 other instances, with as many lines, never write it",
    );
  });

  it("leaves them as routine as before where two instances write them", () => {
    const { records, failures } = gateways([1, 2]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(out.anomalies.some((a) => failures.includes(a.row) && a.reasons.join(" ").includes("written only on"))).toBe(false);
  });

  it("does not say it of a message written once: one line is on one instance, whatever it is", () => {
    // A RAS log names a node per line (most nodes write one line in the window); a message
    // written once is on one node, and its peers' silence says nothing of it.
    const t0 = Date.parse("2026-01-21T04:00:00.000Z");
    const records: LogRecord[] = [];
    for (let k = 0; k < 600; k++) {
      const at = { timestampMs: t0 + k * 7_000, instance: `R${k % 40}-M${k % 2}-N${k % 7}` };
      if (k % 6 === 0) records.push(log("CRITICAL", `machine check interrupt on core ${k % 4}`, "kernel", at));
      else records.push(log("INFO", `instruction cache parity error corrected on core ${k % 4}`, "kernel", at));
    }
    const once = records.length;
    records.push(log("CRITICAL", "rts internal error", "kernel", { timestampMs: t0 + 300 * 7_000 + 1, instance: "R99-M0-N0" }));
    const out = detect(reindex(records), { confidenceThreshold: 0 });
    expect(find(out, once)!.reasons.join(" | ")).not.toContain("written only on");
  });
});

describe("detect: a program only one host of a fleet writes", () => {
  /**
   * Eight storage hosts, each running a daemon, cron and a time service for an hour; on `kernelOn`
   * hosts the kernel also reports disk errors (two ERROR lines and an INFO one) at irregular
   * times, from the first minute to the last. With `alike` false each host runs a daemon of its
   * own instead.
   */
  function storage(kernelOn: readonly number[], alike = true): { records: LogRecord[]; kernelErrors: number[] } {
    const records: LogRecord[] = [];
    const kernelErrors: number[] = [];
    const t0 = Date.parse("2025-03-02T14:00:00.000Z");
    for (let k = 0; k < 120; k++) {
      for (let h = 0; h < 8; h++) {
        const host = `stor-node-0${h + 1}`;
        const at = (s: number) => ({ timestampMs: t0 + k * 30_000 + h * 997 + s, instance: host });
        records.push(log("INFO", `chunk ${k * 8 + h} read in ${3 + ((k + h) % 5)} ms`, alike ? "blobd" : `blobd-${h}`, at(0)));
        records.push(log("INFO", `chunk ${k * 8 + h + 1} written`, alike ? "blobd" : `blobd-${h}`, at(1)));
        if (k % 4 === 0) records.push(log("INFO", `(root) CMD (run-parts /etc/cron.hourly/${h})`, "CRON", at(2)));
        if (k % 6 === 0) records.push(log("INFO", `System clock wrong by ${(0.001 * ((k + h) % 9)).toFixed(3)} seconds`, "chronyd", at(3)));
        if (!kernelOn.includes(h) || (k * 7) % 5 >= 3) continue;
        const jitter = ((k * 37) % 29) * 1000;
        const atKernel = (s: number) => at(jitter + s);
        kernelErrors.push(records.length);
        records.push(log("ERROR", `ata2.00: exception Emask 0x0 SAct 0x${(k * 7919 + h).toString(16)} SErr 0x0 action 0x0`, "kernel", atKernel(4)));
        kernelErrors.push(records.length);
        records.push(log("ERROR", `blk_update_request: I/O error, dev sdb, sector ${754758981 + k * 131}`, "kernel", atKernel(5)));
        records.push(log("INFO", "ata2: EH complete", "kernel", atKernel(6)));
      }
    }
    return { records: reindex(records), kernelErrors };
  }

  it("does not call its failures routine when the other hosts, running the same programs, are silent in it", () => {
    const { records, kernelErrors } = storage([6]);
    const out = detect(records, { confidenceThreshold: 0.7 });
    const found = kernelErrors.filter((row) => find(out, row)?.anomalyType === "error");
    expect(found.length).toBeGreaterThan(0.9 * kernelErrors.length);
    expect(find(out, kernelErrors[0]!)!.reasons.join(" ")).not.toContain("routine");
  });

  it("leaves it routine where the program speaks on several hosts, or the hosts run different things", () => {
    for (const { records, kernelErrors } of [storage([1, 6]), storage([6], false)]) {
      const out = detect(records, { confidenceThreshold: 0.7 });
      expect(kernelErrors.filter((row) => find(out, row) !== undefined).length).toBeLessThan(0.1 * kernelErrors.length);
    }
  });
});

describe("detect: a service that switches from its everyday work to one failure", () => {
  /**
   * A garage for an hour: lanes log their exits every few seconds; the payment bridge logs its
   * authorisations and keepalives, then from the fifth minute only its reconnect timer's failures
   * (with `resumes`, one more authorisation half an hour in: nothing it wrote stopped).
   */
  function garage(resumes: boolean): { records: LogRecord[]; failures: number[] } {
    const t0 = Date.parse("2026-01-07T18:00:00.000Z");
    const records: LogRecord[] = [];
    for (let s = 0; s < 3600; s += 6)
      records.push(log("INFO", `lane EXIT-${(s / 6) % 3} vehicle out, plate read ${s % 89}`, "barrierd", { timestampMs: t0 + s * 1000 }));
    for (let k = 0; k < 8; k++) {
      const message = k % 2 ? `acquirer keepalive ok rtt ${20 + k} ms` : `authorized payment ref ${4100 + k}`;
      records.push(log("INFO", message, "pay-bridge", { timestampMs: t0 + 1500 + k * 31_000 }));
    }
    if (resumes) records.push(log("INFO", "authorized payment ref 4999", "pay-bridge", { timestampMs: t0 + 1_800_500 }));
    for (let s = 270, k = 1; s < 3600; s += 25, k++)
      records.push(log("ERROR", `reconnect to acquirer failed, attempt ${k}`, "pay-bridge", { timestampMs: t0 + s * 1000 + 300 }));
    records.sort((a, b) => a.timestampMs - b.timestampMs);
    const rows = reindex(records);
    return { records: rows, failures: rows.flatMap((r, i) => (r.level === "ERROR" ? [i] : [])) };
  }

  it("flags the failure however early it began, saying what stopped", () => {
    const { records, failures } = garage(false);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(failures.filter((row) => find(out, row)?.anomalyType === "error").length).toBeGreaterThan(0.9 * failures.length);
    expect(find(out, failures[0]!)!.reasons.join(" ")).toContain(
      "a message pay-bridge switched to: the 8 lines it wrote before, of messages it never wrote again, stopped at the switch",
    );
  });

  it("leaves it routine when the service's everyday work goes on beside it", () => {
    const { records, failures } = garage(true);
    const out = detect(records, { confidenceThreshold: 0.7 });
    expect(failures.filter((row) => find(out, row) !== undefined).length).toBeLessThan(0.1 * failures.length);
  });
});

describe("refusals rising", () => {
  /**
   * A gateway's access lines, one "request" message: 200s, a steady 1.5% of 401s on every
   * route, and from row `from` to `to` a third of /v1/orders and of /v1/login refused.
   */
  function gateway(n: number, from: number, to: number): LogRecord[] {
    const rng = createRandom(5);
    const t0 = Date.parse("2025-06-02T10:00:00.000Z");
    const routes = ["/v1/orders", "/v1/login", "/v1/catalogue"];
    const records: LogRecord[] = [];
    for (let i = 0; i < n; i++) {
      const route = routes[i % 3]!;
      const rising = i >= from && i < to && route !== "/v1/catalogue";
      const status = rng.next() < (rising ? 0.35 : 0.015) ? 401 : 200;
      records.push(
        log(status === 401 ? "WARNING" : "INFO", "request", "gateway", {
          timestampMs: t0 + i * 1000,
          route,
          httpStatus: status,
          responseTimeMs: status === 401 ? 1 + rng.next() : 20 + 10 * rng.next(),
        }),
      );
    }
    return reindex(records);
  }

  it("flags the refused requests of the stretch where their share rose: a route's as errors, a login's as a pattern", () => {
    const records = gateway(6000, 2000, 4200);
    const out = detect(records, { confidenceThreshold: 0.7 });
    const refusedIn = (route: string) => records.filter((r) => r.route === route && r.httpStatus === 401 && r.index >= 2200 && r.index < 4000);
    const orders = refusedIn("/v1/orders");
    const logins = refusedIn("/v1/login");
    expect(orders.length).toBeGreaterThan(150);
    expect(orders.every((r) => find(out, r.index)?.anomalyType === "error")).toBe(true);
    expect(logins.every((r) => find(out, r.index)?.anomalyType === "pattern")).toBe(true);
    expect(find(out, orders[0]!.index)!.reasons[0]).toMatch(
      /^refused with 401: [\d.]+% of gateway's requests from 3\d% into the window to [67]\d%, against [\d.]+% in the rest \(\d+x\)$/,
    );
    // The routine refusals before and after the stretch, and every request served, stay normal.
    const outside = records.filter((r) => r.httpStatus === 401 && (r.index < 1800 || r.index >= 4400));
    expect(outside.length).toBeGreaterThan(20);
    expect(outside.filter((r) => find(out, r.index))).toEqual([]);
    expect(out.anomalies.filter((a) => records[a.row]!.httpStatus === 200)).toEqual([]);
  });

  it("keeps a refusal's rise where the history holds its message as routine: a rate, as a burst is", () => {
    const records = gateway(6000, 2000, 4200);
    const request: TemplateHistory = {
      id: templateId("request"),
      text: "request",
      incidents: 4,
      weight: 4,
      lastSeenMs: 0,
      confirmed: false,
      expected: false,
      flagged: 0,
      lines: 6000,
    };
    const gatewayHistory: ServiceHistory = {
      service: "gateway",
      incidents: 4,
      primed: 0,
      weight: 4,
      firstMs: 0,
      updatedMs: 0,
      templates: [request],
      rt: {},
      mem: {},
      levels: [0, 0, 0, 0, 0, 0],
      linesPerMinute: 0,
    };
    const out = detect(records, { confidenceThreshold: 0.7, history: { services: { gateway: gatewayHistory }, routineIncidents: 3, nowMs: 0 } });
    expect(out.baselines?.find((b) => b.service === "gateway")?.baseline).toBe("history");
    const orders = records.filter((r) => r.route === "/v1/orders" && r.httpStatus === 401 && r.index >= 2200 && r.index < 4000);
    expect(orders.every((r) => find(out, r.index)?.anomalyType === "error")).toBe(true);
  });

  it("finds nothing where the share of refusals holds", () => {
    const out = detect(gateway(6000, 0, 0), { confidenceThreshold: 0.7 });
    expect(out.anomalies).toEqual([]);
  });
});

describe("detect: a value its message rarely carries", () => {
  it("flags a setting of another magnitude in a common INFO line with its value in the reason, and not the same line at its usual values", () => {
    const records: LogRecord[] = [];
    const subjects = ["orders", "billing", "search", "notify"];
    // The issuer writes every fourth line, so its lines all name orders.
    for (let i = 0; i < 2000; i++) {
      const t = { timestampMs: 1_758_268_800_000 + i * 1000 };
      const sub = subjects[i % 4];
      // A token issuer whose TTLs are 900 s or 3600 s, but for four lines of 0 s and four of ten years.
      if (i % 4 === 0)
        records.push(
          log(
            "INFO",
            `issued service token sub=svc:${sub} ttl=${i % 250 === 8 ? "0s" : i % 250 === 128 ? "315360000s" : i % 3 === 0 ? "3600s" : "900s"}`,
            "token-svc",
            t,
          ),
        );
      else records.push(log("INFO", `GET /api/${sub}/${i} 200 in ${20 + (i % 17)}ms`, "gateway", t));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const flagged = out.anomalies.filter((a) => rows[a.row]!.service === "token-svc");
    const odd = rows.filter((r) => / ttl=(0|315360000)s$/.test(r.message));
    expect(odd).toHaveLength(8);
    expect(flagged.map((a) => a.row).sort((x, y) => x - y)).toEqual(odd.map((r) => r.index));
    expect(flagged.every((a) => a.anomalyType === "pattern")).toBe(true);
    expect(flagged[0]!.reasons[0]).toMatch(
      /^a value its message rarely carries: "ttl=(0|315360000)s" in 4 of 500 lines of "issued service token sub=svc:orders <\*>" in token-svc \(0\.8%\)$/,
    );
  });
});

describe("detect: a length its message rarely has", () => {
  it("flags a payload echoed whole where the same message usually carries a short one, and says how long against what", () => {
    const records: LogRecord[] = [];
    const items = Array.from({ length: 30 }, (_, k) => ({ sku: `SKU-${k}`, qty: 1 + (k % 3), price_cents: 1999 }));
    for (let i = 0; i < 2000; i++) {
      const t = { timestampMs: 1_758_268_800_000 + i * 1000 };
      // One checkout line in sixty carries the whole cart: 9 of its 500.
      const echoed = Math.floor(i / 4) % 60 === 7;
      if (i % 4 === 1)
        records.push(
          log("INFO", `psp response order=${i} body=${JSON.stringify(echoed ? { status: "captured", items } : { status: "captured" })}`, "checkout", t),
        );
      else records.push(log("INFO", `GET /api/cart/${i} 200 in ${20 + (i % 17)}ms`, "gateway", t));
    }
    const rows = reindex(records);
    const out = detect(rows, { confidenceThreshold: 0.7 });
    const long = rows.filter((r) => r.message.length > 500);
    expect(long).toHaveLength(9);
    const flagged = out.anomalies.filter((a) => rows[a.row]!.service === "checkout");
    expect(flagged.map((a) => a.row).sort((x, y) => x - y)).toEqual(long.map((r) => r.index));
    expect(flagged[0]!.anomalyType).toBe("pattern");
    expect(flagged[0]!.reasons[0]).toMatch(
      /^a length its message rarely has: \d+ characters, \d+x the usual \d+ of "psp response <\*> <\*>" in checkout \(9 of its 500 lines so long\)$/,
    );
  });
});
