import { describe, expect, it } from "vitest";
import { detect } from "../../../src/detection/detect.js";
import { templateId } from "../../../src/detection/findings.js";
import { add, memoryBin, quantileBin, quantileBins, timeBin, timeQuantile, type Histogram } from "../../../src/detection/history/histogram.js";
import { HISTORY_MIN_MEMORY_SAMPLES, HISTORY_ROUTINE_WEIGHT, memoryAgainstHistory, memoryBand } from "../../../src/detection/history/history-evidence.js";
import {
  WITH_EXCEPTION,
  incidentVerdicts,
  indexTemplates,
  isNew,
  isRoutine,
  matchTemplate,
  rememberedText,
  type ServiceHistory,
  type TemplateHistory,
} from "../../../src/detection/history/history.js";
import { mineTemplates } from "../../../src/detection/templates/templates.js";
import { lessonsFromNormal } from "../../../src/detection/history/lessons.js";
import { tableOf } from "../../../src/logs/from-records.js";
import type { LogRecord } from "../../../src/logs/log-record.js";

const tpl = (text: string, o: Partial<TemplateHistory> = {}): TemplateHistory => ({
  id: templateId(text),
  text,
  incidents: 3,
  weight: 3,
  lastSeenMs: 0,
  confirmed: false,
  expected: false,
  flagged: 0,
  lines: 10,
  ...o,
});

const service = (templates: TemplateHistory[], o: Partial<ServiceHistory> = {}): ServiceHistory => ({
  service: "checkout",
  incidents: 4,
  primed: 0,
  weight: 4,
  firstMs: 0,
  updatedMs: 0,
  templates,
  rt: {},
  mem: {},
  levels: [0, 0, 0, 0, 0, 0],
  linesPerMinute: 0,
  ...o,
});

describe("what a history says of a template", () => {
  it("routine: seen in enough incidents and about half the service's recent ones; never when confirmed; at once when expected", () => {
    const h = service([]);
    expect(isRoutine(tpl("a"), h, 3)).toBe(true);
    expect(isRoutine(tpl("a", { incidents: 2 }), h, 3)).toBe(false);
    // Seen in three incidents long ago: faded below half the service's weight.
    expect(isRoutine(tpl("a", { weight: 1.5 }), h, 3)).toBe(false);
    expect(isRoutine(tpl("a", { confirmed: true }), h, 3)).toBe(false);
    expect(isRoutine(tpl("a", { incidents: 1, weight: 1, expected: true }), h, 3)).toBe(true);
  });

  it("new: only once the service's history is ready (enough incidents, or primed)", () => {
    expect(isNew(undefined, service([]), 3)).toBe(true);
    expect(isNew(undefined, service([], { incidents: 2 }), 3)).toBe(false);
    expect(isNew(undefined, service([], { incidents: 1, primed: 1 }), 3)).toBe(true);
    expect(isNew(undefined, undefined, 3)).toBe(false);
    expect(isNew(tpl("a"), service([]), 3)).toBe(false);
  });

  it("matches a template mined with other wildcards to the remembered one, as the miner would", () => {
    const remembered = tpl("Shard <*> relocated to node <*>");
    const index = indexTemplates(service([remembered, tpl("GET <*> 200 in <*>")]));
    expect(matchTemplate(index, templateId("Shard a relocated to node <*>"), "Shard a relocated to node <*>")).toBe(remembered);
    expect(matchTemplate(index, remembered.id, remembered.text)).toBe(remembered);
    // Another first token, or another length: another template.
    expect(matchTemplate(index, "x", "Replica a relocated to node <*>")).toBeUndefined();
    expect(matchTemplate(index, "x", "Shard a relocated")).toBeUndefined();
  });

  it("keeps a message's lines with an exception apart from its lines without one, never new while the message is known", () => {
    const retry = "webhook delivery failed, will retry";
    const table = mineTemplates([
      { service: "checkout", message: retry, level: "WARNING" },
      { service: "checkout", message: retry, level: "WARNING", exception: "dial tcp #.#.#.#:#: connect: connection refused" },
    ]);
    expect(rememberedText(table, 1)).toBe(`${retry}${WITH_EXCEPTION}`);
    const verdictsWith = (templates: TemplateHistory[]) =>
      incidentVerdicts({ services: { checkout: service(templates) }, routineIncidents: 3, nowMs: 0 }, table, () => "checkout");
    // A memory of the everyday retries (or one kept before the two were remembered apart): the
    // refused ones are neither routine nor never seen; their times are the message's.
    const everyday = tpl(retry, { incidents: 4, weight: 4 });
    const before = verdictsWith([everyday]);
    expect(before.verdicts[0]).toMatchObject({ match: everyday, routine: true, isNew: false });
    expect(before.verdicts[1]).toMatchObject({ match: undefined, routine: false, isNew: false });
    expect(before.plain[1]).toBe(everyday);
    // Once remembered apart, each form by its own record; a form never seen of a message never seen is new.
    const refused = tpl(`${retry}${WITH_EXCEPTION}`, { incidents: 1, weight: 1 });
    expect(verdictsWith([everyday, refused]).verdicts[1]).toMatchObject({ match: refused, routine: false, isNew: false });
    expect(verdictsWith([tpl("other line")]).verdicts.map((v) => v.isNew)).toEqual([true, true]);
    // Another exception type of the same message is not matched as a template mined with other wildcards would be.
    const index = indexTemplates(service([tpl("Failed to send email (with MailSendException)")]));
    expect(matchTemplate(index, "x", "Failed to send email (with MailAuthenticationException)")).toBeUndefined();
    expect(matchTemplate(index, "x", "Failed to send <*> (with MailSendException)")?.text).toBe("Failed to send email (with MailSendException)");
  });

  it("does not take a failure for the success it otherwise reads like", () => {
    const ok = tpl("carrier call ok");
    const index = indexTemplates(service([ok, tpl("sync <*> done in <*>")]));
    expect(matchTemplate(index, "x", "carrier call succeeded")).toBe(ok);
    expect(matchTemplate(index, "x", "carrier call failed")).toBeUndefined();
    expect(matchTemplate(index, "x", "carrier call errored")).toBeUndefined();
    expect(matchTemplate(index, "x", "sync <*> failed in <*>")).toBeUndefined();
  });
});

describe("a routine template's failures", () => {
  const atError = (severe?: { lines: number; of: number }) => {
    const text = "GET /api/catalog?page=<*> status <*> MISS";
    const history = {
      services: { checkout: service([tpl(text, { incidents: 6, weight: 6, severe })]) },
      routineIncidents: 3,
      nowMs: Date.parse("2025-09-01T08:00:00Z"),
    };
    const lines: Partial<LogRecord>[] = [];
    for (let i = 0; i < 40; i++) lines.push({ message: `GET /api/catalog?page=${i} status 200 MISS`, level: "INFO" });
    lines.push({ message: "GET /api/catalog?page=7 status 503 MISS", level: "ERROR" });
    const logs = tableOf(records(200, lines));
    return detect(logs, { confidenceThreshold: 0, history }).anomalies.find((a) => a.row === 240)!;
  };

  it("are damped as routine only as far as the history shows the template at that level", () => {
    // Remembered at INFO (its 200s): a 503 now is not its everyday failure.
    const infoBefore = atError({ lines: 0, of: 600 });
    expect(infoBefore.anomalyType).toBe("error");
    expect(infoBefore.confidence).toBeGreaterThanOrEqual(0.7);
    // Remembered at ERROR a fifth of the time or more: routine.
    expect(atError({ lines: 200, of: 600 }).confidence).toBeLessThan(0.7);
    // A record from before the memory kept levels: damped as before.
    expect(atError(undefined).confidence).toBeLessThan(0.7);
  });
});

describe("histograms", () => {
  it("give quantiles within a bin (about 10%) of the values", () => {
    const h = {};
    for (let ms = 10; ms <= 1000; ms += 10) add(h, timeBin(ms));
    expect(timeQuantile(h, 0.5)).toBeGreaterThan(470);
    expect(timeQuantile(h, 0.5)).toBeLessThan(560);
    expect(timeQuantile(h, 0.95)).toBeGreaterThan(900);
    expect(timeQuantile(h, 0.95)).toBeLessThan(1060);
    expect(Number.isNaN(quantileBin({}, 0.5))).toBe(true);
  });

  it("find several quantiles in one pass, each the lowest bin whose cumulative weight reaches it", () => {
    // Decayed weights, negative bins (times under 1 ms), and a zero-weight bin that must not count.
    const h: Histogram = { "-4": 0.5, "-1": 1.25, "3": 0, "7": 2.5, "12": 0.75 };
    const sum = 5;
    const cumulative: [number, number][] = [
      [-4, 0.5],
      [-1, 1.75],
      [7, 4.25],
      [12, 5],
    ];
    const expected = (q: number) => cumulative.find(([, acc]) => acc >= q * sum)![0];
    const qs = [0, 0.1, 0.35, 0.5, 0.85, 0.9, 0.95, 1];
    expect(quantileBins(h, qs)).toEqual(qs.map(expected));
    for (const q of qs) expect(quantileBin(h, q)).toBe(expected(q));
    expect(quantileBins(undefined, [0.5, 0.95]).every(Number.isNaN)).toBe(true);
    expect(quantileBins({ "5": 0 }, [0.5]).every(Number.isNaN)).toBe(true);
  });
});

describe("template ids", () => {
  it("are the same for the same text however many others came between, and differ between texts", () => {
    const first = templateId("GET <*> 200 in <*>");
    // Enough other texts to start the kept ids over more than once.
    for (let k = 0; k < 30_000; k++) templateId(`job ${k} finished after <*> ${"x".repeat(80)}`);
    expect(templateId("GET <*> 200 in <*>")).toBe(first);
    expect(templateId("GET <*> 500 in <*>")).not.toBe(first);
    expect(first).toMatch(/^t_[0-9a-f]{16}$/);
  });
});

const records = (n: number, extra: Partial<LogRecord>[] = []): LogRecord[] =>
  [
    ...Array.from({ length: n }, (_, i) => ({ message: `GET /cart/${i} 200 in ${40 + (i % 9)}ms`, level: "INFO" as const })),
    ...extra.map((x) => ({ message: "", level: "INFO" as const, ...x })),
  ].map((x, index) => ({
    index,
    timestampMs: Date.parse("2025-09-01T08:00:00Z") + index * 20_000,
    timestamp: "",
    service: "checkout",
    ...x,
  }));

describe("lessons", () => {
  it("from normal logs: every line teaches, per template and per service", () => {
    const [l] = lessonsFromNormal(tableOf(records(60)));
    expect(l).toMatchObject({ service: "checkout", lines: 60 });
    expect(l!.templates).toHaveLength(1);
    expect(l!.templates[0]!.flagged).toBe(0);
    expect(Object.values(l!.rt).reduce((a, b) => a + b, 0)).toBe(60);
    expect(l!.levels[2]).toBe(60);
    // A message's lines with an exception teach a template of their own.
    const retry = { message: "carrier call failed, retrying", level: "WARNING" as const };
    const [m] = lessonsFromNormal(tableOf(records(60, [retry, { ...retry, exception: "context deadline exceeded" }, retry])));
    expect(new Map(m!.templates.map((t) => [t.text, t.lines]))).toEqual(
      new Map([
        ["GET <*> <*> in <*>", 60],
        [retry.message, 2],
        [`${retry.message}${WITH_EXCEPTION}`, 1],
      ]),
    );
  });

  it("from a detection: flagged lines mark their template and leave the numbers alone", () => {
    const logs = records(200, [{ message: "GET /cart/9 200 in 30000ms", level: "INFO" }]);
    const out = detect(tableOf(logs), { confidenceThreshold: 0.7, learn: true, history: { services: {}, routineIncidents: 3, nowMs: 0 } });
    expect(out.anomalies.map((a) => a.row)).toContain(200);
    const [l] = out.lessons!;
    expect(l!.templates.some((t) => t.flagged === 1)).toBe(true);
    // The 30 s request is not in the service's times.
    expect(
      Object.keys(l!.rt)
        .map(Number)
        .every((bin) => bin < timeBin(1000)),
    ).toBe(true);
    expect(out.baselines).toEqual([{ service: "checkout", baseline: "incident", incidents: 0 }]);
  });

  it("teach a remembered template once per incident, however many of the incident's templates matched it", () => {
    const remembered = tpl("Shard <*> relocated to node <*>");
    const history = { services: { checkout: service([remembered]) }, routineIncidents: 3, nowMs: 0 };
    // Two templates in this incident that the miner keeps apart, both matching the remembered one.
    const lines: Partial<LogRecord>[] = [];
    for (let i = 0; i < 30; i++)
      lines.push({ message: `Shard a relocated to node n${i}`, level: "INFO" }, { message: `Shard b drained at rack r${i}`, level: "INFO" });
    const [l] = lessonsFromNormal(tableOf(records(100, lines)), history);
    const taught = l!.templates.filter((t) => t.id === remembered.id);
    expect(taught).toHaveLength(1);
    expect(taught[0]!.lines).toBe(60);
  });

  it("an empty history changes nothing: the first incident is answered as without a memory", () => {
    const logs = tableOf(records(200, [{ message: "payment provider rejected token", level: "ERROR" }]));
    const alone = detect(logs, { confidenceThreshold: 0.5 });
    const first = detect(logs, { confidenceThreshold: 0.5, learn: true, history: { services: {}, routineIncidents: 3, nowMs: 0 } });
    expect(first.anomalies).toEqual(alone.anomalies);
    expect(first.findings).toEqual(alone.findings);
  });
});

describe("response times against the history", () => {
  it("judge a line by its template's remembered times, above their 95th percentile, and say so", () => {
    const rt = {};
    for (let i = 0; i < 100; i++) add(rt, timeBin(40 + (i % 9)));
    const text = "GET /cart/<*> 200 in <*>";
    const history = {
      services: { checkout: service([tpl(text, { rt })], { firstMs: Date.parse("2025-08-02T08:00:00Z") }) },
      routineIncidents: 3,
      nowMs: Date.parse("2025-09-01T08:00:00Z"),
    };
    const logs = tableOf(records(200, [{ message: "GET /cart/9 200 in 2000ms", level: "INFO" }]));
    const out = detect(logs, { confidenceThreshold: 0.7, history });
    const slow = out.anomalies.find((a) => a.row === 200)!;
    expect(slow.anomalyType).toBe("performance");
    expect(slow.reasons[0]).toMatch(
      /^response time 2000 ms is \d+x the 30-day median of this message in checkout \(\d+(\.\d+)? ms; 95th percentile \d+(\.\d+)? ms over 4 incidents\)/,
    );
    expect(out.baselines).toEqual([{ service: "checkout", baseline: "history", incidents: 4 }]);
  });

  it("call a time far above a two-path history's top slow, however wide its spread", () => {
    // A CDN's remembered hits in about 4 ms and misses in about 200 ms.
    const rt = {};
    for (let i = 0; i < 100; i++) add(rt, timeBin(i % 5 === 0 ? 180 + (i % 7) * 5 : 3 + (i % 3)));
    const text = "GET /api/catalog?page=<*> <*> MISS in <*>";
    const history = {
      services: { "cdn-edge": service([tpl(text, { rt })], { firstMs: Date.parse("2025-08-02T08:00:00Z") }) },
      routineIncidents: 3,
      nowMs: Date.parse("2025-09-01T08:00:00Z"),
    };
    const planted = (ms: number) => ({ message: `GET /api/catalog?page=7 200 MISS in ${ms}ms`, level: "INFO" as const, service: "cdn-edge" });
    const logs = tableOf(records(200, [planted(9863), planted(400)]).map((r) => ({ ...r, service: "cdn-edge" })));
    const out = detect(logs, { confidenceThreshold: 0.7, history });
    expect(out.anomalies.find((a) => a.row === 200)?.anomalyType).toBe("performance");
    // Twice the history's 95th percentile is within what a few healthy days show of a tail.
    expect(out.anomalies.some((a) => a.row === 201)).toBe(false);
  });
});

describe("response times on a route slower than their message", () => {
  it("leave an export on its own route to the incident, while a flag lookup of the same message is judged by the history", () => {
    // One message for two operations: flag lookups in about 2 ms on most lines, exports in 3-8 s on
    // every eighth, from the first minute. The history remembers the message's times, nearly
    // all lookups (its 95th percentile far below an export).
    const rt = {};
    for (let i = 0; i < 100; i++) add(rt, timeBin(i % 40 === 0 ? 4000 : 1.5 + (i % 4) * 0.3));
    const history = {
      services: { "config-api": service([tpl("request served", { rt })], { service: "config-api", firstMs: Date.parse("2025-08-02T08:00:00Z") }) },
      routineIncidents: 3,
      nowMs: Date.parse("2025-09-01T08:00:00Z"),
    };
    const lines: LogRecord[] = Array.from({ length: 400 }, (_, i) => ({
      index: i,
      timestampMs: Date.parse("2025-09-01T08:00:00Z") + i * 10_000,
      timestamp: "",
      service: "config-api",
      level: "INFO" as const,
      message: "request served",
      ...(i % 8 === 7 ? { route: "/export", responseTimeMs: 3000 + ((i * 37) % 5000) } : { route: "/flags/<*>", responseTimeMs: 1.5 + (i % 4) * 0.3 }),
    }));
    lines[300] = { ...lines[300]!, route: "/flags/<*>", responseTimeMs: 650 };
    const out = detect(tableOf(lines), { confidenceThreshold: 0.7, history });
    expect(out.anomalies.filter((a) => lines[a.row]!.route === "/export")).toEqual([]);
    expect(out.anomalies.find((a) => a.row === 300)?.anomalyType).toBe("performance");
  });
});

/** A memory histogram of `n` readings spread evenly over [lo, hi]. */
function readings(lo: number, hi: number, n = 100): Histogram {
  const h: Histogram = {};
  for (let i = 0; i < n; i++) add(h, memoryBin(lo + ((hi - lo) * i) / (n - 1)));
  return h;
}

/**
 * 200 requests with lines carrying a memory field (heap_used_pct, as a producer sends it) spread
 * evenly among them; `last` is the row of the last reading.
 */
function withMemory(pcts: number[], message = (p: number) => `Heap stats: ${p} percent in use`): { logs: LogRecord[]; last: number } {
  const base = records(200);
  const out: Partial<LogRecord>[] = [];
  let last = -1;
  base.forEach((r, i) => {
    out.push({ message: r.message, level: r.level });
    const k = Math.floor(((i + 1) * pcts.length) / 200) - 1;
    if (k >= 0 && k < pcts.length && Math.floor((i * pcts.length) / 200) - 1 < k) {
      last = out.length;
      out.push({ message: message(pcts[k]!), level: "INFO", memoryPct: pcts[k]! });
    }
  });
  const logs = out.map((x, index) => ({
    index,
    timestampMs: Date.parse("2025-09-01T08:00:00Z") + index * 20_000,
    timestamp: "",
    service: "checkout",
    level: "INFO" as const,
    message: "",
    ...x,
  }));
  return { logs, last };
}

describe("memory readings against the history", () => {
  const days = { firstMs: Date.parse("2025-08-02T08:00:00Z") };
  const nowMs = Date.parse("2025-09-01T08:00:00Z");

  it("need HISTORY_MIN_MEMORY_SAMPLES readings; above the band's 95th percentile they are judged against its median, within it they weigh less", () => {
    expect(memoryBand(readings(40, 60, HISTORY_MIN_MEMORY_SAMPLES - 1), "s", false)).toBeUndefined();
    const band = memoryBand(readings(40, 60), "s", false)!;
    // Bins of whole percents: 100 readings from 40 to 60 have their median in 49, p95 in 58.
    expect(band.p50).toBe(49);
    expect(band.p95).toBe(58);
    // Far above: strong whatever the incident said; just above: the incident's say stands.
    expect(memoryAgainstHistory(93, 0, band)).toBeGreaterThan(0.85);
    expect(memoryAgainstHistory(61, 0.2, band)).toBe(0.2);
    expect(memoryAgainstHistory(75, 0, band)).toBeGreaterThan(memoryAgainstHistory(66, 0, band));
    // Within the band: routine for the service.
    expect(memoryAgainstHistory(58.9, 0.6, band)).toBeCloseTo(0.6 * HISTORY_ROUTINE_WEIGHT);
    // Out of memory is never routine, whatever the history holds.
    expect(memoryAgainstHistory(99, 0.95, memoryBand(readings(90, 100), "s", false)!)).toBe(0.95);
  });

  it("flag a reading above the service's band, saying which history judged it", () => {
    const history = { services: { checkout: service([], { mem: readings(40, 60), ...days }) }, routineIncidents: 3, nowMs };
    // In the window the heap already runs high (a leak since the window's start): alone, 84% is
    // within 5 points of nothing odd; against 30 days of 40-60% it is not.
    const { logs: recs, last } = withMemory([75, 76, 74, 77, 75, 76, 75, 74, 76, 75, 84]);
    const logs = tableOf(recs);
    const alone = detect(logs, { confidenceThreshold: 0.7 });
    expect(alone.anomalies.map((a) => a.row)).not.toContain(last);
    const out = detect(logs, { confidenceThreshold: 0.7, history });
    const high = out.anomalies.find((a) => a.row === last)!;
    expect(high.anomalyType).toBe("memory");
    expect(high.reasons[0]).toBe("memory usage 84% (a field of the log) is above checkout's 30-day 95th percentile (58%; median 49% over 4 incidents)");
  });

  it("weigh a reading within the service's usual band less than the incident alone would", () => {
    // A cache that runs at 80-90% every day; today most of its readings are lower.
    const history = { services: { checkout: service([], { mem: readings(80, 90), ...days }) }, routineIncidents: 3, nowMs };
    const { logs: recs, last } = withMemory([60, 61, 59, 60, 62, 60, 61, 59, 60, 61, 88]);
    const logs = tableOf(recs);
    expect(detect(logs, { confidenceThreshold: 0.7 }).anomalies.map((a) => a.row)).toContain(last);
    const out = detect(logs, { confidenceThreshold: 0.7, history });
    expect(out.anomalies.map((a) => a.row)).not.toContain(last);
    const low = detect(logs, { confidenceThreshold: 0.1, history }).anomalies.find((a) => a.row === last)!;
    expect(low.reasons[0]).toBe(
      "memory usage 88% (a field of the log), within checkout's usual 30-day band (95th percentile 89%; median 84% over 4 incidents; weighed less)",
    );
  });

  it("judge a template by its own readings when it has enough: a GC line's 75% is high though the service's stats lines run at 78%", () => {
    const gc = "GC finished, heap after collection <*> percent";
    const mem = { ...readings(40, 50, 50) };
    for (const [k, v] of Object.entries(readings(75, 80, 50))) mem[k] = (mem[k] ?? 0) + v;
    const history = {
      services: { checkout: service([tpl(gc, { mem: readings(40, 50) })], { mem, ...days }) },
      routineIncidents: 3,
      nowMs,
    };
    const { logs: recs, last } = withMemory([45, 44, 46, 45, 44, 45, 46, 44, 45, 75], (p) => `GC finished, heap after collection ${p} percent`);
    const out = detect(tableOf(recs), { confidenceThreshold: 0.5, history });
    const high = out.anomalies.find((a) => a.row === last)!;
    expect(high.reasons[0]).toBe(
      "memory usage 75% (a field of the log) is above the 30-day 95th percentile of this message in checkout (49%; median 44% over 4 incidents)",
    );
    // Against the service's readings alone (the stats lines' 75-80% among them) it is within the band.
    const serviceOnly = { ...history, services: { checkout: service([tpl(gc)], { mem, ...days }) } };
    const low = detect(tableOf(recs), { confidenceThreshold: 0.1, history: serviceOnly }).anomalies.find((a) => a.row === last)!;
    expect(low.reasons[0]).toMatch(
      /^memory usage 75% \(a field of the log\), within checkout's usual 30-day band \(95th percentile \d+%; median \d+% over 4 incidents; weighed less\)$/,
    );
    expect(low.confidence).toBeLessThan(high.confidence);
  });

  it("leave a service without enough readings to the incident", () => {
    const { logs: recs, last } = withMemory([60, 61, 59, 60, 62, 60, 61, 59, 60, 61, 88]);
    const logs = tableOf(recs);
    const thin = { services: { checkout: service([], { mem: readings(80, 90, HISTORY_MIN_MEMORY_SAMPLES - 1) }) }, routineIncidents: 3, nowMs };
    const alone = detect(logs, { confidenceThreshold: 0.1 });
    const withThin = detect(logs, { confidenceThreshold: 0.1, history: thin });
    expect(alone.anomalies.map((a) => a.row)).toContain(last);
    expect(withThin.anomalies).toEqual(alone.anomalies);
  });

  it("lessons keep each template's unflagged readings", () => {
    const { logs: recs, last } = withMemory([45, 46, 45, 46, 97]);
    const logs = tableOf(recs);
    const out = detect(logs, { confidenceThreshold: 0.7, learn: true, history: { services: {}, routineIncidents: 3, nowMs } });
    const [l] = out.lessons!;
    const stats = l!.templates.find((t) => t.text.startsWith("Heap stats"))!;
    expect(out.anomalies.map((a) => a.row)).toContain(last);
    expect(stats.mem).toEqual({ "45": 2, "46": 2 });
    expect(l!.mem).toEqual({ "45": 2, "46": 2 });
  });
});
