import { describe, expect, it } from "vitest";
import { excerptOf, SKIPPED_EXCERPT_CHARS, SKIPPED_SAMPLE_SIZE, SkippedSamples } from "../../../src/logs/skipped.js";
import { normalizeLog } from "../../../src/logs/normalize.js";

describe("skipped samples", () => {
  it("keeps the earliest entries by position, whatever order they arrive in", () => {
    const s = new SkippedSamples();
    for (const i of [90, 7, 55, 3, 70, 12, 40, 1]) s.add(i, `r${i}`, `entry ${i}`);
    expect(s.samples.map((x) => x.log_index)).toEqual([1, 3, 7, 12, 40].slice(0, SKIPPED_SAMPLE_SIZE));
    expect(s.samples[0]).toEqual({ log_index: 1, reason: "r1", excerpt: "entry 1" });
    const other = new SkippedSamples();
    other.add(0, "r0", "zero");
    other.merge(s.samples);
    expect(other.samples.map((x) => x.log_index)).toEqual([0, 1, 3, 7, 12]);
  });

  it("excerpts are short and safe to print: control characters replaced, cut with an ellipsis", () => {
    expect(excerptOf("a\u001b[31mred\u0000\n")).toBe("a\ufffd[31mred\ufffd\ufffd");
    const long = excerptOf("y".repeat(10_000));
    expect(long).toBe(`${"y".repeat(SKIPPED_EXCERPT_CHARS)}…`);
    expect(excerptOf({ level: "INFO" })).toBe('{"level":"INFO"}');
    expect(excerptOf(null)).toBe("null");
    // Deep or huge entries are rendered only as far as the excerpt goes.
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(excerptOf(deep)).toBe("[[[[…]]]]");
    const huge = { message: "m".repeat(1_000_000), n: 1 };
    expect(excerptOf(huge)).toBe(`{"message":"${"m".repeat(SKIPPED_EXCERPT_CHARS - 12)}…`);
    expect(excerptOf("\ud800 lone surrogate")).toBe("\ufffd lone surrogate");
  });
});

describe("a time that is not a date", () => {
  it("skips the entry with a reason naming the value, unless the key layout dates it", () => {
    expect(normalizeLog({ message: "m", timestamp: "not a date" }, 0)).toEqual({
      ok: false,
      reason: 'timestamp "not a date" is not a date (ISO 8601, or epoch seconds or milliseconds)',
    });
    expect(normalizeLog({ message: "m", time: true }, 0)).toMatchObject({ ok: false, reason: expect.stringMatching(/^timestamp true is not a date/) });
    // A stream entry id or a sorted-set score gives the time: kept, dated by it, not echoing the junk.
    const dated = normalizeLog({ message: "m", timestamp: "not a date" }, 0, 1_700_000_000_000);
    expect(dated.ok && dated.record.timestamp).toBe("2023-11-14T22:13:20.000Z");
    // No time at all, or an empty one: an untimed log, kept.
    expect(normalizeLog({ message: "m" }, 0).ok).toBe(true);
    expect(normalizeLog({ message: "m", timestamp: "" }, 0).ok).toBe(true);
  });
});
