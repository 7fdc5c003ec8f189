import { describe, expect, it } from "vitest";
import { detect } from "../../../src/detection/detect.js";
import { templateId } from "../../../src/detection/findings.js";
import { add, quantileBin, timeBin, timeQuantile } from "../../../src/detection/history/histogram.js";
import { indexTemplates, isNew, isRoutine, matchTemplate, type ServiceHistory, type TemplateHistory } from "../../../src/detection/history/history.js";
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
});
