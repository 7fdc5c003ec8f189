import { describe, expect, it } from "vitest";
import { normalizeLevel, normalizeLog, parseTimestamp } from "../../src/detection/normalize.js";

describe("normalizeLevel", () => {
  it.each([
    ["WARN", "WARNING"],
    ["warning", "WARNING"],
    ["Fatal", "CRITICAL"],
    ["SEVERE", "ERROR"],
    ["notice", "INFO"],
    ["emerg", "CRITICAL"],
    ["trace", "DEBUG"],
    [" err ", "ERROR"],
    [50, "ERROR"],
    ["3", "ERROR"],
    ["something-else", "INFO"],
  ])("%s -> %s", (raw, want) => {
    expect(normalizeLevel(raw)).toBe(want);
  });
});

describe("parseTimestamp", () => {
  const ms = Date.parse("2025-09-19T07:49:29Z");
  it.each([
    ["2025-09-19T07:49:29Z", ms],
    ["2025-09-19T09:49:29+02:00", ms],
    [ms / 1000, ms],
    [String(ms / 1000), ms],
    [ms, ms],
    [String(ms), ms],
    [ms * 1000, ms],
  ])("%s", (raw, want) => {
    expect(parseTimestamp(raw)).toBe(want);
  });
  it("is NaN for junk", () => {
    expect(parseTimestamp("yesterday-ish")).toBeNaN();
    expect(parseTimestamp({})).toBeNaN();
  });
});

describe("normalizeLog", () => {
  it("rejects non-objects and messageless entries with a reason", () => {
    expect(normalizeLog(null, 0)).toEqual({ ok: false, reason: "entry is null, not a JSON object" });
    expect(normalizeLog([1], 0)).toMatchObject({ ok: false, reason: expect.stringContaining("array") });
    expect(normalizeLog({ level: "INFO" }, 0)).toMatchObject({ ok: false, reason: expect.stringContaining("no message") });
  });
  it("uses the fallback time when the log has none, and keeps the producer's ISO string", () => {
    const a = normalizeLog({ message: "m" }, 3, 1_700_000_000_000);
    expect(a.ok && a.record.timestamp).toBe("2023-11-14T22:13:20.000Z");
    const b = normalizeLog({ message: "m", timestamp: "2025-09-19T07:49:29Z" }, 3);
    expect(b.ok && b.record.timestamp).toBe("2025-09-19T07:49:29Z");
    expect(b.ok && b.record.service).toBe("unknown");
  });
  it("reads a memory fraction as a percentage", () => {
    const r = normalizeLog({ message: "m", memory_usage: 0.93 }, 0);
    expect(r.ok && r.record.memoryPct).toBeCloseTo(93);
  });
});
