import { describe, expect, it } from "vitest";
import { groupFindings } from "../../../src/detection/findings.js";

describe("groupFindings", () => {
  it("makes one finding of a message mined apart by level: one per service x text x type, with one id", () => {
    // Templates 0 and 1 share a text (the INFO and the WARNING lines of one message), 2 differs;
    // rows 0-2 are api's, row 3 is worker's with the same text.
    const texts = ["login failed", "login failed", "account locked"];
    const { findings, findingOf } = groupFindings({
      rows: Int32Array.from([0, 1, 2, 3]),
      confidence: Float64Array.from([0.8, 0.9, 0.75, 0.7]),
      type: Uint8Array.from([3, 3, 3, 3]),
      templateOf: Int32Array.from([0, 1, 2, 1]),
      templateText: (id) => texts[id]!,
      serviceOf: Int32Array.from([0, 0, 0, 1]),
      services: ["api", "worker"],
      timestampMs: Float64Array.from([1, 2, 3, 4]),
    });
    expect(findings).toHaveLength(3);
    expect(new Set(findings.map((f) => f.id)).size).toBe(3);
    const login = findings.find((f) => f.service === "api" && f.template === "login failed")!;
    expect(login.count).toBe(2);
    expect(login.maxConfidence).toBe(0.9);
    expect(findingOf[0]).toBe(findingOf[1]);
    expect(findingOf[3]).not.toBe(findingOf[0]);
  });
});
