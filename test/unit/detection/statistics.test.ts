import { describe, expect, it } from "vitest";
import { DEGENERATE_Z, groupedRobustStats, median, quantile, robustStats, robustZ, selectInPlace, StatsSpace } from "../../../src/detection/statistics.js";
import { createRandom } from "../../../src/detection/forest/random.js";

describe("median and quantile", () => {
  it("handles odd, even, empty and duplicate-heavy inputs", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(median([7, 7, 7, 7, 1, 7, 9])).toBe(7);
  });

  it("matches a sort-based reference on random data", () => {
    const rng = createRandom(5);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + rng.int(300);
      const values = Array.from({ length: n }, () => Math.round(rng.next() * 50));
      const sorted = [...values].sort((a, b) => a - b);
      const ref = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
      expect(median(values)).toBe(ref);
      const q = rng.next();
      const pos = q * (n - 1);
      const lo = Math.floor(pos);
      const refQ = sorted[lo]! + (pos - lo) * ((sorted[Math.min(lo + 1, n - 1)] ?? 0) - sorted[lo]!);
      expect(quantile(values, q)).toBeCloseTo(refQ, 9);
    }
  });

  it("does not reorder the caller's array", () => {
    const values = Float64Array.from([3, 1, 2]);
    median(values);
    expect(Array.from(values)).toEqual([3, 1, 2]);
  });

  it("selects the k-th smallest and partitions around it", () => {
    const a = Float64Array.from([9, 2, 7, 4, 4, 8, 1]);
    expect(selectInPlace(a, 3)).toBe(4);
    for (let i = 0; i < 3; i++) expect(a[i]).toBeLessThanOrEqual(4);
    for (let i = 4; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(4);
  });
});

describe("robust z-score", () => {
  it("uses 0.6745 (x - median) / MAD", () => {
    const s = robustStats([1, 2, 3, 4, 100]);
    expect(s.median).toBe(3);
    expect(s.mad).toBe(1);
    expect(robustZ(100, s)).toBeCloseTo(0.6745 * 97, 9);
    expect(robustZ(3, s)).toBe(0);
  });

  it("falls back to the mean absolute deviation when MAD is 0", () => {
    const s = robustStats([5, 5, 5, 5, 15]);
    expect(s.mad).toBe(0);
    expect(s.meanAbsDev).toBe(2);
    expect(robustZ(15, s)).toBeCloseTo(10 / (1.2533 * 2), 9);
  });

  it("is finite and signed when every value is the median", () => {
    const s = robustStats([5, 5, 5]);
    expect(robustZ(6, s)).toBe(DEGENERATE_Z);
    expect(robustZ(4, s)).toBe(-DEGENERATE_Z);
    expect(robustZ(5, s)).toBe(0);
  });
});

describe("groupedRobustStats", () => {
  it("computes per-group and overall stats, honouring the mask", () => {
    const values = Float64Array.from([1, 100, 2, 200, 3, 300, 0]);
    const groups = Int32Array.from([0, 1, 0, 1, 0, 1, 0]);
    const mask = Uint8Array.from([1, 1, 1, 1, 1, 1, 0]);
    const g = groupedRobustStats(values, groups, 2, mask);
    expect(g.groups[0]!.count).toBe(3);
    expect(g.groups[0]!.median).toBe(2);
    expect(g.groups[1]!.median).toBe(200);
    expect(g.overall.count).toBe(6);
    expect(g.overall.median).toBe(51.5);
    const unmasked = groupedRobustStats(values, groups, 2);
    expect(unmasked.groups[0]!.count).toBe(4);
    expect(unmasked.groups[0]!.median).toBe(1.5);
  });

  it("gives the overall stats bit for bit as robustStats of the rows, however late they are read", () => {
    // Values whose deviations sum differently in different orders: the overall must keep the
    // order of the rows sorted by group, not of the groups after they were reordered.
    const values = Float64Array.from({ length: 301 }, (_, i) => Math.exp(((i * 7919) % 301) / 8) / 3);
    const groups = Int32Array.from({ length: 301 }, (_, i) => (i * 31) % 5);
    const mask = Uint8Array.from({ length: 301 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const byGroup: number[] = [];
    for (let g = 0; g < 5; g++) for (let i = 0; i < 301; i++) if (mask[i] && groups[i] === g) byGroup.push(values[i]!);
    const expected = robustStats(byGroup);
    const g = groupedRobustStats(values, groups, 5, mask);
    expect(g.groups[2]!.count).toBeGreaterThan(0);
    expect(g.overall).toEqual(expected);
    expect(g.overall).toBe(g.overall);
  });

  it("gives the same stats with a working space shared by several calls, the overall read last", () => {
    const space = new StatsSpace();
    const inputs = [301, 40, 977, 5].map((n, k) => ({
      values: Float64Array.from({ length: n }, (_, i) => Math.exp(((i * 7919 + k) % n) / 8) / 3),
      groups: Int32Array.from({ length: n }, (_, i) => (i * 31 + k) % 4),
      mask: Uint8Array.from({ length: n }, (_, i) => (i % 5 === k % 5 ? 0 : 1)),
    }));
    const shared = inputs.map(({ values, groups, mask }, k) => groupedRobustStats(values, groups, 4, mask, k % 2 === 0, space));
    const alone = inputs.map(({ values, groups, mask }, k) => groupedRobustStats(values, groups, 4, mask, k % 2 === 0));
    expect(shared.map((g) => g.groups)).toEqual(alone.map((g) => g.groups));
    expect(shared.map((g) => g.overall)).toEqual(alone.map((g) => g.overall));
  });

  it("reports empty groups with count 0", () => {
    const g = groupedRobustStats(Float64Array.from([1, 2]), Int32Array.from([0, 0]), 2);
    expect(g.groups[1]!.count).toBe(0);
  });

  it("gives each group's 90th and 95th percentiles when asked, as quantile's lower order statistics", () => {
    const values = Float64Array.from({ length: 41 }, (_, i) => (i * 17) % 41);
    const g = groupedRobustStats(values, new Int32Array(41), 1, undefined, true).groups[0]!;
    expect(g.p90).toBe(36);
    expect(g.p95).toBe(38);
    expect(groupedRobustStats(values, new Int32Array(41), 1).groups[0]!.p95).toBeUndefined();
  });
});
