import { describe, expect, it } from "vitest";
import { extractFeatures, featureColumns, featuresAt } from "../../../src/detection/features/features.js";
import { log } from "./log-fixtures.js";

describe("extractFeatures", () => {
  it("gives the original prototype's example its documented features", () => {
    const m = extractFeatures([log("ERROR", "Database connection timeout after 30s")]);
    expect(featuresAt(m, 0)).toEqual({
      message_length: "Database connection timeout after 30s".length,
      error_keywords: 1,
      level_severity: 4,
      response_time: 30000,
      memory_usage: 0,
    });
  });

  it("fills one column per feature, row by row", () => {
    const m = extractFeatures([
      log("DEBUG", "cache warm"),
      log("INFO", "GET / 200 in 12ms"),
      log("WARNING", "heap used 91%"),
      log("CRITICAL", "fatal: disk failure"),
    ]);
    expect(m.n).toBe(4);
    expect(Array.from(m.levelSeverity)).toEqual([1, 2, 3, 5]);
    expect(Array.from(m.responseTime)).toEqual([0, 12, 0, 0]);
    expect(Array.from(m.memoryUsage)).toEqual([0, 0, 91, 0]);
    expect(Array.from(m.errorKeywords)).toEqual([0, 0, 0, 2]);
    expect(Array.from(m.messageLength)).toEqual([10, 17, 13, 19]);
    expect(featureColumns(m)).toHaveLength(5);
  });

  it("prefers structured fields over the message, but not unusable ones", () => {
    const m = extractFeatures([
      log("INFO", "GET / 200 in 12ms", "a", { responseTimeMs: 40, memoryPct: 55 }),
      log("INFO", "GET / 200 in 12ms heap used 70%", "a", { responseTimeMs: Number.NaN, memoryPct: -1 }),
      log("INFO", "ok", "a", { memoryPct: 180 }),
    ]);
    expect(Array.from(m.responseTime)).toEqual([40, 12, 0]);
    expect(Array.from(m.memoryUsage)).toEqual([55, 70, 100]);
  });

  it("handles an empty incident", () => {
    const m = extractFeatures([]);
    expect(m.n).toBe(0);
    expect(m.messageLength).toHaveLength(0);
  });
});
