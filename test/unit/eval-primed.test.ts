import { describe, expect, it } from "vitest";
import { healthyDay, primedReport } from "../../eval/primed-protocol.js";
import { untriedScenarios } from "../../eval/untried/index.js";

describe("the primed protocol's healthy day", () => {
  it("is the scenario's system without a labelled line, in order", () => {
    const sc = untriedScenarios(1001).find((s) => s.name === "order-history-leak-from-first-minute")!;
    const day = healthyDay(sc);
    const normal = sc.logs.filter((_, i) => sc.labels[i] === null);
    expect(day.logs).toEqual(normal);
    expect(day.labels.every((l) => l === null)).toBe(true);
    expect(day.logs.length).toBeLessThan(sc.logs.length);
    expect(day.name).not.toBe(sc.name);
  });
});

describe("the primed protocol's report", () => {
  it("leaves an incident with no labelled line out of the means, as a family's mean does", () => {
    const scores = (f1: number) => ({ precision: f1, recall: f1, f1, ap: f1, typeAccuracy: 1, positives: 1, detected: 1 });
    const figures = (name: string, alone: number, primed: number) => ({
      family: "f",
      seed: 1,
      name,
      history: 2,
      scored: 1,
      lines: 10,
      anomalous: 1,
      without: scores(alone),
      with: scores(primed),
      perIncident: [],
    });
    const table = primedReport([figures("a", 0.5, 0.7), figures("quiet", Number.NaN, Number.NaN)]).join("\n");
    expect(table).toContain("| f | 1 | 0.50 | 0.70 |");
  });
});
