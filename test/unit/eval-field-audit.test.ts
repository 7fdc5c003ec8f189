import { describe, expect, it } from "vitest";
import { fieldGaps } from "../../eval/field-audit.js";

const at = (i: number) => new Date(Date.parse("2026-03-02T10:00:00Z") + i * 1000).toISOString();

describe("eval:fields, the reader's unread fields by name and count", () => {
  it("reports a duration, a status, a warning level or a host the reader took nothing from", () => {
    const logs = Array.from({ length: 30 }, (_, i) => ({
      timestamp: at(i),
      service: "api",
      message: "served",
      queue_wait_ms: 40 + i,
      reply_code: i % 2 ? 200 : 503,
      severity_word: i < 5 ? "WARN" : "INFO",
      box_host: "web-1",
    }));
    const gaps = fieldGaps(logs).map((g) => [g.field, g.kind, g.lines, g.read]);
    expect(gaps).toEqual(
      expect.arrayContaining([
        ["queue_wait_ms", "duration", 30, 0],
        ["reply_code", "status", 30, 0],
        ["severity_word", "level", 5, 0],
        ["box_host", "instance", 30, 0],
      ]),
    );
  });

  it("says nothing of the fields the reader takes", () => {
    const logs = Array.from({ length: 30 }, (_, i) => ({
      timestamp: at(i),
      service: "api",
      level: i < 5 ? "warn" : "info",
      message: "served",
      duration_ms: 40 + i,
      status: 200,
      hostname: "web-1",
      fields: { Elapsed: 12.5, StatusCode: 200 },
    }));
    expect(fieldGaps(logs)).toEqual([]);
  });

  it("leaves out a field too few lines carry", () => {
    const logs = Array.from({ length: 30 }, (_, i) => ({ timestamp: at(i), message: "m", ...(i < 5 ? { queue_wait_ms: 3 } : {}) }));
    expect(fieldGaps(logs)).toEqual([]);
  });
});
