import { describe, expect, it } from "vitest";
import { orderedTimes } from "../../../src/detection/time-order.js";

describe("orderedTimes", () => {
  it("keeps times in order as they are", () => {
    const t = Float64Array.from([0, 10, 10, 20]);
    expect(orderedTimes(t, 4)).toBe(t);
  });

  it("reads a window with a few lines a little out of order as in order, each at the latest time so far", () => {
    const t = Float64Array.from({ length: 1000 }, (_, i) => i * 1000);
    t[500] = 499_000 - 30; // shipped 30 ms late by another producer
    expect(Array.from(orderedTimes(t, 1000)!.subarray(498, 502))).toEqual([498_000, 499_000, 499_000, 501_000]);
  });

  it("is undefined for logs stored by service or shuffled, with times missing, or all at one time", () => {
    const byService = Float64Array.from({ length: 1000 }, (_, i) => (i % 500) * 1000);
    expect(orderedTimes(byService, 1000)).toBeUndefined();
    const jumbled = Float64Array.from({ length: 1000 }, (_, i) => (i % 2 ? i - 5 : i + 5) * 1000);
    expect(orderedTimes(jumbled, 1000)).toBeUndefined();
    expect(orderedTimes(Float64Array.from([0, Number.NaN, 2]), 3)).toBeUndefined();
    expect(orderedTimes(Float64Array.from([5, 5, 5]), 3)).toBeUndefined();
    expect(orderedTimes(undefined, 3)).toBeUndefined();
  });
});
