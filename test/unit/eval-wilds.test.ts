import { describe, expect, it } from "vitest";
import type { AnomalyType } from "../../eval/blind/types.js";
import { wildsScenarios } from "../../eval/wilds/index.js";

/**
 * The wilds family stores lines of text beside JSON objects, so its entries carry no time field
 * the other families' checks could read: its scenarios give each line's time beside it.
 */
describe("the wilds scenarios", () => {
  const seeds = [1, 2024];
  const bySeed = new Map(seeds.map((s) => [s, wildsScenarios(s)]));

  it("has twelve scenarios with unique kebab-case names and one-line descriptions", () => {
    const all = bySeed.get(1)!;
    expect(all.length).toBe(12);
    expect(new Set(all.map((s) => s.name)).size).toBe(12);
    for (const s of all) {
      expect(s.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.description).not.toContain("\n");
    }
  });

  it("labels every line and times it, oldest first, with text lines and JSON objects in each seed", () => {
    for (const [seed, all] of bySeed) {
      let text = 0;
      let objects = 0;
      for (const s of all) {
        const where = `${s.name} (seed ${seed})`;
        expect(s.labels.length, where).toBe(s.logs.length);
        expect(s.times.length, where).toBe(s.logs.length);
        expect(s.logs.length, where).toBeGreaterThanOrEqual(2000);
        expect(s.logs.length, where).toBeLessThanOrEqual(6000);
        expect(s.labels.some((l) => l !== null) && s.labels.some((l) => l === null), where).toBe(true);
        expect(
          s.times.every((t, i) => Number.isFinite(t) && (i === 0 || t >= s.times[i - 1]!)),
          where,
        ).toBe(true);
        for (const e of s.logs) typeof e === "string" ? text++ : objects++;
      }
      expect(text, `seed ${seed}`).toBeGreaterThan(0);
      expect(objects, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it("labels each of the four types in at least three scenarios, for every seed", () => {
    for (const [seed, all] of bySeed) {
      for (const type of ["performance", "memory", "error", "pattern"] as AnomalyType[]) {
        expect(all.filter((s) => s.labels.includes(type)).length, `${type} (seed ${seed})`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("is deterministic for a seed and different across seeds", () => {
    expect(JSON.stringify(wildsScenarios(1))).toBe(JSON.stringify(bySeed.get(1)));
    const other = bySeed.get(2024)!;
    for (const [i, s] of bySeed.get(1)!.entries()) {
      expect(other[i]!.name).toBe(s.name);
      expect(JSON.stringify(other[i]!.logs), s.name).not.toBe(JSON.stringify(s.logs));
    }
  });
});
