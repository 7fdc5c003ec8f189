import { describe, expect, it } from "vitest";
import { buildSummary, summaryToJson } from "../../../src/detection/summary.js";
import { ANOMALY_TYPES, type AnomalyType } from "../../../src/detection/types.js";
import type { LogRecord } from "../../../src/logs/log-record.js";
import { log, reindex } from "./log-fixtures.js";

const detected = (list: [number, AnomalyType][]) => ({
  rows: Int32Array.from(list.map(([row]) => row)),
  type: Uint8Array.from(list.map(([, t]) => ANOMALY_TYPES.indexOf(t))),
});

describe("buildSummary", () => {
  const records: LogRecord[] = reindex([
    log("INFO", "a", "api", { timestampMs: 3000, timestamp: "t3" }),
    log("ERROR", "b", "db", { timestampMs: 1000, timestamp: "t1" }),
    log("ERROR", "c", "db", { timestampMs: 2000, timestamp: "t2" }),
    log("INFO", "d", "api", { timestampMs: Number.NaN, timestamp: "" }),
  ]);
  const templateOf = Int32Array.from([0, 1, 1, 2]);
  const texts = ["a", "b <*>", "d"];

  it("counts by type, ranks services and templates, and finds the earliest anomaly by time", () => {
    const s = buildSummary({
      logs: records,
      detected: detected([
        [0, "pattern"],
        [1, "error"],
        [2, "error"],
        [3, "performance"],
      ]),
      templateOf,
      templateText: (id) => texts[id]!,
      occurrences: Int32Array.from([1, 40, 1]),
      baselineLogs: 3,
      findings: 3,
    });
    expect(s.byType).toEqual({ performance: 1, memory: 0, error: 2, pattern: 1 });
    // Ties keep the order of first appearance.
    expect(s.topServices.map((x) => [x.service, x.anomalies])).toEqual([
      ["api", 2],
      ["db", 2],
    ]);
    expect(s.topTemplates[0]).toEqual({ template: "b <*>", service: "db", anomalies: 2, occurrences: 40, anomalyType: "error" });
    expect(s.firstAnomalyRow).toBe(1);
    expect(s.firstAnomalyType).toBe("error");
    const json = summaryToJson(s, records);
    expect(json.first_anomaly).toEqual({ log_index: 1, timestamp: "t1", service: "db", anomaly_type: "error", message: "b" });
    expect(json).toMatchObject({ baseline_logs: 3, findings: 3, by_type: { error: 2 } });
    expect(json.top_templates[0]).toMatchObject({ template: "b <*>", anomaly_type: "error" });
  });

  it("keeps at most five services and templates", () => {
    const many = reindex(Array.from({ length: 8 }, (_, i) => log("ERROR", `m${i}`, `s${i}`)));
    const s = buildSummary({
      logs: many,
      detected: detected(many.map((_, i) => [i, "error"])),
      templateOf: Int32Array.from(many.map((_, i) => i)),
      templateText: (id) => `m${id}`,
      baselineLogs: 8,
      findings: 8,
    });
    expect(s.topServices).toHaveLength(5);
    expect(s.topTemplates.map((t) => t.template)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
  });

  it("renders an absent summary as an empty one", () => {
    expect(summaryToJson(undefined, records)).toEqual({
      by_type: { performance: 0, memory: 0, error: 0, pattern: 0 },
      top_services: [],
      top_templates: [],
      first_anomaly: null,
      baseline_logs: 0,
      findings: 0,
    });
  });
});
