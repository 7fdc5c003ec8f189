import { describe, expect, it } from "vitest";
import { healthyDay } from "../../eval/primed-protocol.js";
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
