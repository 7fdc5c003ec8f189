import { describe, expect, it } from "vitest";
import { extractFeatures } from "../../../src/detection/features/features.js";
import { messageShapes, skeletonKey } from "../../../src/detection/features/message-shapes.js";
import {
  countErrorKeywords,
  mentionsTimeout,
  parseMemoryPct,
  parseResponseTimeMs,
  responseTimeFromPlan,
  responseTimePlan,
} from "../../../src/detection/features/message-metrics.js";
import { log } from "./log-fixtures.js";

const MESSAGES = [
  "GET /api/users/4711 200 in 45ms",
  "GET /api/users/1234 200 in 61ms",
  "GET /api/users/1234 200 in 0ms then 7ms",
  '10.11.10.7 "GET /v2/42/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829',
  '10.11.10.8 "GET /v2/41/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.0000000',
  "Database connection timeout after 30s",
  "Database connection timeout after 90s",
  "Retrying request to gateway in 5s",
  "Memory usage at 55%",
  "Memory usage at 97%, GC overhead limit exceeded",
  "heap 1950MB of 2048MB",
  "took 123456789012345678 ms",
  "latency\u00a0=\u00a012ms µs 5µs",
  "time: 0.1234567890123456",
  "lone \ud800 surrogate took 12ms",
  "lone \ufffd replacement took 34ms",
  "",
];

describe("messageShapes", () => {
  it("groups messages that differ only in their digits, and nothing else", () => {
    const s = messageShapes(MESSAGES.map((message) => ({ message })));
    expect(s.shapeOf[0]).toBe(s.shapeOf[1]);
    expect(s.shapeOf[3]).toBe(s.shapeOf[4]);
    expect(s.shapeOf[5]).toBe(s.shapeOf[6]);
    expect(s.shapeOf[2]).not.toBe(s.shapeOf[1]);
    expect(s.shapeOf[7]).not.toBe(s.shapeOf[5]);
    expect(s.count).toBe(MESSAGES.length - 3);
  });

  it("numbers shapes by first appearance of the text with its digits masked, ASCII or not", () => {
    const texts = [
      ...MESSAGES,
      "café 12 ouvert",
      "café 99 ouvert",
      "cafe 12 ouvert",
      "GET /api/users/9 200 in 45ms",
      "GET /api/users/4711 200 in 45ms",
      "naïve 1",
      "naive 1",
      "lone \ud800 surrogate took 99ms",
      "Database connection timeout after 31s",
    ];
    const s = messageShapes(texts.map((message) => ({ message })));
    // The same texts in UTF-8 bytes with every digit read as 0 (a lone surrogate encodes as U+FFFD).
    const masked = texts.map((t) => Buffer.from(t, "utf8").toString("latin1").replace(/[0-9]/g, "0"));
    const first = new Map<string, number>();
    const expected = masked.map((m) => {
      if (!first.has(m)) first.set(m, first.size);
      return first.get(m)!;
    });
    expect(Array.from(s.shapeOf)).toEqual(expected);
    expect(s.count).toBe(first.size);
  });

  it("gives every message what parsing it alone gives", () => {
    const s = messageShapes(MESSAGES.map((message) => ({ message })));
    MESSAGES.forEach((message, i) => {
      const shape = s.shapeOf[i]!;
      expect(s.keywords[shape]).toBe(countErrorKeywords(message));
      expect(s.timeout[shape] === 1).toBe(mentionsTimeout(message));
      expect(s.skeleton[shape]).toBe(skeletonKey(message));
      const time = responseTimeFromPlan(message, s.planPool, s.planStart[shape]!, s.planStart[shape + 1]!);
      expect(time).toBe(parseResponseTimeMs(message));
      if (s.memory[shape] === 0) expect(parseMemoryPct(message)).toBe(0);
    });
  });

  it("reads a plan's numbers as Number() does, and skips a zero for the next candidate", () => {
    expect(responseTimePlan("took 0ms then took 7ms")).toHaveLength(6);
    expect(parseResponseTimeMs("took 0ms then took 7ms")).toBe(7);
    expect(parseResponseTimeMs("time: 0.2477829")).toBe(Number("0.2477829") * 1000);
    expect(parseResponseTimeMs("time: 0.1234567890123456")).toBe(Number("0.1234567890123456") * 1000);
  });

  it("feeds extractFeatures the same numbers as the parsers", () => {
    const m = extractFeatures(MESSAGES.map((message) => log("INFO", message)));
    MESSAGES.forEach((message, i) => {
      expect(m.responseTime[i]).toBe(parseResponseTimeMs(message));
      expect(m.memoryUsage[i]).toBe(parseMemoryPct(message));
      expect(m.errorKeywords[i]).toBe(countErrorKeywords(message));
    });
  });
});
