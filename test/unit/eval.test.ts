import { describe, expect, it } from "vitest";
import { evaluateScenario, type ScenarioFigures } from "../../eval/evaluate.js";
import { familyFigures, familyReport } from "../../eval/report.js";
import { averagePrecision, scoreAll, typeConfusion } from "../../eval/metrics.js";
import { allScenarios } from "../../eval/scenarios.js";
import { normalizeLog } from "../../src/logs/normalize.js";
import type { AnomalyType } from "../../src/detection/types.js";

describe("eval scenarios (smoke)", () => {
  const scenarios = allScenarios();

  it("are seeded: the same seed gives the same logs, another seed other logs", () => {
    expect(JSON.stringify(allScenarios()[3]!.logs)).toBe(JSON.stringify(scenarios[3]!.logs));
    expect(JSON.stringify(allScenarios(7)[3]!.logs)).not.toBe(JSON.stringify(scenarios[3]!.logs));
  });

  it("label every line, cover the four types and the hard cases", () => {
    const types = new Set<AnomalyType>();
    for (const s of scenarios) {
      expect(s.labels).toHaveLength(s.logs.length);
      for (const l of s.labels) if (l) types.add(l);
    }
    expect([...types].sort()).toEqual(["error", "memory", "pattern", "performance"]);
    const outage = scenarios.find((s) => s.name === "outage-dominant")!;
    expect(outage.labels.filter(Boolean).length / outage.labels.length).toBeGreaterThan(0.3);
  });

  it("write lines the service can read, spelled as several producers spell them", () => {
    const keys = new Set<string>();
    for (const s of scenarios) {
      s.logs.forEach((entry, i) => {
        for (const k of Object.keys(entry)) keys.add(k);
        expect(normalizeLog(JSON.parse(JSON.stringify(entry)), i).ok).toBe(true);
      });
    }
    for (const k of ["msg", "levelname", "severity", "severity_text", "body", "@timestamp", "ts", "app", "source", "heap_used_pct", "latency_ms"])
      expect(keys).toContain(k);
  });
});

describe("eval metrics", () => {
  it("computes average precision over tie groups", () => {
    expect(averagePrecision([0.9, 0.8, 0.1], [true, false, true], [true, true, true])).toBeCloseTo((1 / 2) * 1 + (1 / 2) * (2 / 3), 12);
    expect(averagePrecision([0.5, 0.5], [true, false], [true, true])).toBeCloseTo(0.5, 12);
  });

  it("scores per type strictly: the type must be right to count", () => {
    const labels: (AnomalyType | null)[] = ["error", "error", null, "pattern"];
    const p = { confidence: Float64Array.from([0.9, 0.8, 0.75, 0.2]), type: ["error", "pattern", "error", "pattern"] as AnomalyType[] };
    const all = scoreAll(labels, p, 0.7);
    expect([all.precision, all.recall, all.typeAccuracy]).toEqual([2 / 3, 2 / 3, 1 / 2]);
    const err = scoreAll(labels, p, 0.7, "error");
    expect([err.precision, err.recall]).toEqual([1 / 2, 1 / 2]);
  });

  it("gives an incident with no labelled line no F1, and a family's mean leaves it out", () => {
    const quiet = scoreAll([null, null, null], { confidence: Float64Array.from([0.9, 0.1, 0]), type: ["error", null, null] }, 0.7);
    expect(quiet.f1).toBeNaN();
    expect(quiet.detected).toBe(1);
    const figures = (name: string, labels: (AnomalyType | null)[], confidence: number[]): ScenarioFigures => {
      const ours = scoreAll(labels, { confidence: Float64Array.from(confidence), type: confidence.map((c) => (c > 0 ? "error" : null)) }, 0.7);
      return {
        name,
        lines: labels.length,
        anomalous: labels.filter((l) => l !== null).length,
        ours,
        reference: ours,
        perType: {},
        curve: [],
        findings: 0,
        ms: 0,
      };
    };
    const runs = [figures("loud", ["error", null], [0.9, 0]), figures("quiet", [null, null], [0.8, 0])].map((f) => ({
      figures: f,
      labels: [],
      ours: { confidence: new Float64Array(0), type: [] },
      reference: { confidence: new Float64Array(0), type: [] },
    }));
    const family = familyFigures("test", [1], runs);
    expect(family.meanF1).toBe(1);
    expect(familyReport(family, runs).join("\n")).toContain("quiet: no labelled anomaly; 1 of 2 lines flagged (50.0%)");
  });

  it("counts labelled lines by the type they were given, and those missed", () => {
    const labels: (AnomalyType | null)[] = ["error", "error", null, "pattern", "memory"];
    const p = {
      confidence: Float64Array.from([0.9, 0.8, 0.75, 0.2, 0.7]),
      type: ["error", "pattern", "error", "pattern", "performance"] as AnomalyType[],
    };
    const c = typeConfusion(labels, p, 0.7);
    expect(c.error).toEqual({ performance: 0, memory: 0, error: 1, pattern: 1, missed: 0 });
    expect(c.pattern).toEqual({ performance: 0, memory: 0, error: 0, pattern: 0, missed: 1 });
    expect(c.memory).toEqual({ performance: 1, memory: 0, error: 0, pattern: 0, missed: 0 });
    expect(c.performance).toEqual({ performance: 0, memory: 0, error: 0, pattern: 0, missed: 0 });
  });
});

describe("eval scoring of an incident nothing in which can be read", () => {
  it("scores every labelled line as missed instead of stopping the run", async () => {
    const logs = Array.from({ length: 40 }, (_, i) => ({ WHAT: `line ${i}` }));
    const labels = logs.map((_, i) => (i % 10 === 0 ? ("error" as const) : null));
    const run = await evaluateScenario({ name: "unreadable", logs, labels });
    expect(run.figures.ours).toMatchObject({ recall: 0, detected: 0, positives: 4 });
  });
});
