import { setFlagsFromString } from "node:v8";
import { describe, expect, it } from "vitest";
import { extractFeatures } from "../../../src/detection/features/features.js";
import { tableOf } from "../../../src/logs/from-records.js";
import { messageShapes } from "../../../src/detection/features/message-shapes.js";
import { mergeRowFeatures, precomputedRows, rowFeatures, rowFeaturesPart } from "../../../src/detection/features/row-features.js";
import { FEATURE_KEYS } from "../../../src/detection/types.js";
import { log } from "./log-fixtures.js";

const MESSAGES = [
  "GET /api/users/4711 200 in 45ms",
  "Heap usage at 91% on node 3",
  "GET /api/users/12 200 in 61ms",
  "Database connection timeout after 30s",
  "Heap usage at 97% on node 1",
  "GET /api/users/4711 500 in 30000ms",
  "Payment declined for order 1234",
  "Database connection timeout after 45s",
  "Payment declined for order 99",
  "Cache miss for key user:42",
];

describe("row features of two halves", () => {
  it.each([0, 3, 5, 10])("merge into the shapes and features of all rows (cut after %i rows)", (cut) => {
    const all = tableOf(MESSAGES.map((m, i) => log(i % 3 === 0 ? "ERROR" : "INFO", m, "api", { index: i, responseTimeMs: i === 2 ? 12 : undefined })));
    const first = tableOf(all.records().slice(0, cut));
    const second = tableOf(all.records().slice(cut));
    const merged = mergeRowFeatures(rowFeatures(first), rowFeaturesPart(rowFeatures(second)));
    expect(merged.shapes).toEqual(messageShapes(all));
    expect(merged.features).toEqual(extractFeatures(all));
    // In shared memory, so the forest's helper thread reads them without a copy.
    for (const k of FEATURE_KEYS) expect(merged.features[k].buffer).toBeInstanceOf(SharedArrayBuffer);
    // With room for all rows left by the first half: the same, with the second half written after it.
    const mine = rowFeatures(first, all.length);
    expect(mine.features).toEqual(extractFeatures(first));
    const inPlace = mergeRowFeatures(mine, rowFeaturesPart(rowFeatures(second)));
    expect(inPlace.shapes).toEqual(messageShapes(all));
    expect(inPlace.features).toEqual(extractFeatures(all));
    if (cut > 0 && cut < all.length) {
      expect(inPlace.features.responseTime.buffer).toBe(mine.features.responseTime.buffer);
      expect(inPlace.shapes.shapeOf.buffer).toBe(mine.shapeOf.buffer);
    }
  });
});

describe("feature matrices", () => {
  it("have one hidden class however they are made, so the passes over their columns stay compiled", () => {
    // V8's own test of two objects' hidden classes; the flag applies to functions compiled after it.
    setFlagsFromString("--allow-natives-syntax");
    const sameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;
    const all = tableOf(MESSAGES.map((m, i) => log("INFO", m, "api", { index: i })));
    const first = tableOf(all.records().slice(0, 4));
    const second = tableOf(all.records().slice(4));
    const one = extractFeatures(all);
    const mine = rowFeatures(first, all.length);
    const merged = mergeRowFeatures(mine, rowFeaturesPart(rowFeatures(second)));
    const kinds = {
      "first rows of a two-thread read": mine.features,
      "merged halves": merged.features,
      "rows left by the window": precomputedRows(merged, 6).features,
      "a copied half": mergeRowFeatures(rowFeatures(first), rowFeaturesPart(rowFeatures(second))).features,
    };
    for (const [kind, m] of Object.entries(kinds)) expect(sameMap(one, m), kind).toBe(true);
    // The test can fail: a spread copy has another class.
    expect(sameMap(one, { ...one, n: 3 })).toBe(false);
  });
});
