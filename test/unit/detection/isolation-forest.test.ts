import { describe, expect, it } from "vitest";
import { averagePathLength, contaminationThreshold, fitIsolationForest, scoreSamples } from "../../../src/detection/forest/isolation-forest.js";
import { createRandom } from "../../../src/detection/forest/random.js";
import { median } from "../../../src/detection/statistics.js";
import { gaussian } from "./log-fixtures.js";

function normalColumns(n: number, d: number, seed: number): Float64Array[] {
  const g = gaussian(seed);
  return Array.from({ length: d }, () => Float64Array.from({ length: n }, () => g()));
}

function uniformColumns(n: number, d: number, seed: number): Float64Array[] {
  const rng = createRandom(seed);
  return Array.from({ length: d }, () => Float64Array.from({ length: n }, () => rng.next()));
}

describe("random", () => {
  it("repeats for a seed and differs across seeds", () => {
    const a = createRandom(9);
    const b = createRandom(9);
    const c = createRandom(10);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe("averagePathLength (sklearn's c(n))", () => {
  it("matches the closed form", () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(3)).toBeCloseTo(2 * (Math.log(2) + 0.5772156649) - 4 / 3, 12);
    expect(averagePathLength(256)).toBeCloseTo(10.2448, 4);
  });
});

describe("fitIsolationForest / scoreSamples", () => {
  it("follows sklearn's sizing: max_samples = min(256, n), depth = ceil(log2(max_samples))", () => {
    const big = fitIsolationForest(uniformColumns(1000, 2, 1), 1000, { nEstimators: 3, seed: 1 });
    expect(big.maxSamples).toBe(256);
    expect(big.maxDepth).toBe(8);
    expect(big.normalizer).toBeCloseTo(averagePathLength(256), 12);
    const small = fitIsolationForest(uniformColumns(100, 2, 1), 100, { nEstimators: 3, seed: 1 });
    expect(small.maxSamples).toBe(100);
    expect(small.maxDepth).toBe(7);
  });

  it("is deterministic for a seed and changes with the seed", () => {
    const cols = normalColumns(500, 3, 2);
    const a = scoreSamples(fitIsolationForest(cols, 500, { seed: 7 }), cols, 500);
    const b = scoreSamples(fitIsolationForest(cols, 500, { seed: 7 }), cols, 500);
    const c = scoreSamples(fitIsolationForest(cols, 500, { seed: 8 }), cols, 500);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it("scores in (0, 1], below 0.5 for most of a gaussian cloud, higher at its edge than its centre", () => {
    const n = 2000;
    const cols = normalColumns(n, 3, 3);
    const s = scoreSamples(fitIsolationForest(cols, n, { seed: 1 }), cols, n);
    const norm = (i: number): number => Math.hypot(cols[0]![i]!, cols[1]![i]!, cols[2]![i]!);
    let centre = 0;
    let edge = 0;
    for (let i = 0; i < n; i++) {
      expect(s[i]).toBeGreaterThan(0);
      expect(s[i]).toBeLessThanOrEqual(1);
      if (norm(i) < norm(centre)) centre = i;
      if (norm(i) > norm(edge)) edge = i;
    }
    expect(median(s)).toBeLessThan(0.5);
    expect(s[edge]).toBeGreaterThan(s[centre]! + 0.15);
  });

  it("flags about `contamination` of random data", () => {
    for (const contamination of [0.05, 0.1, 0.2]) {
      const n = 3000;
      const cols = normalColumns(n, 4, 4);
      const s = scoreSamples(fitIsolationForest(cols, n, { seed: 3 }), cols, n);
      const threshold = contaminationThreshold(s, contamination);
      const flagged = s.filter((v) => v > threshold).length;
      expect(Math.abs(flagged / n - contamination)).toBeLessThan(0.01);
    }
  });

  it("gives planted far outliers the top scores and flags them", () => {
    const n = 1005;
    const cols = normalColumns(n, 3, 11);
    const planted = [100, 333, 500, 777, 1004];
    planted.forEach((row, k) => {
      for (let f = 0; f < 3; f++) cols[f]![row] = (k % 2 ? -1 : 1) * (8 + k);
    });
    const s = scoreSamples(fitIsolationForest(cols, n, { seed: 5 }), cols, n);
    const top = Array.from(s.keys())
      .sort((a, b) => s[b]! - s[a]!)
      .slice(0, planted.length);
    expect(top.sort((a, b) => a - b)).toEqual(planted);
    const threshold = contaminationThreshold(s, 0.1);
    for (const row of planted) expect(s[row]).toBeGreaterThan(threshold);
  });

  it("isolates a single odd value along one feature among constant ones", () => {
    const n = 300;
    const cols = [new Float64Array(n).fill(1), new Float64Array(n).fill(2)];
    cols[1]![42] = 50;
    const s = scoreSamples(fitIsolationForest(cols, n, { seed: 1 }), cols, n);
    for (let i = 0; i < n; i++) if (i !== 42) expect(s[42]).toBeGreaterThan(s[i]!);
  });

  it("gives identical rows identical scores and flags nothing when all rows are equal", () => {
    const n = 50;
    const cols = [new Float64Array(n).fill(3), new Float64Array(n).fill(4)];
    const s = scoreSamples(fitIsolationForest(cols, n, { seed: 1 }), cols, n);
    expect(new Set(s).size).toBe(1);
    // c(50) of the root leaf over c(50): exactly 2^-1.
    expect(s[0]).toBeCloseTo(0.5, 12);
    const threshold = contaminationThreshold(s, 0.1);
    expect(s.filter((v) => v > threshold).length).toBe(0);
  });

  it("accepts any number of feature columns and checks them", () => {
    const cols = uniformColumns(100, 7, 2);
    const forest = fitIsolationForest(cols, 100, { nEstimators: 10, seed: 1 });
    expect(scoreSamples(forest, cols, 100)).toHaveLength(100);
    expect(() => scoreSamples(forest, cols.slice(0, 6), 100)).toThrow(RangeError);
    expect(() => fitIsolationForest(cols, 1)).toThrow(RangeError);
  });
});
