import { describe, expect, it } from "vitest";
import { combineConfidence, dominantType, forestConfidence, formatNumber, type ForestSignal } from "../../../src/detection/evidence/classify.js";
import {
  errorEvidence,
  latencyBaseline,
  lengthEvidence,
  memoryEvidence,
  performanceEvidence,
  zEvidence,
  type Baseline,
} from "../../../src/detection/evidence/evidence.js";
import { robustStats, robustStatsInPlace } from "../../../src/detection/statistics.js";

const forest = (threshold: number, maxScore: number): ForestSignal => ({
  scores: new Float64Array(0),
  threshold,
  maxScore,
  percentile: 90,
});

const baselineOf = (values: number[], service?: string): Baseline => ({ stats: robustStats(values), service });
/** A latency baseline of the log's own message template. */
const latencyOf = (ms: number[], service?: string): Baseline => ({ ...latencyBaseline(ms, service), template: true });

describe("dominantType", () => {
  it("names the largest evidence", () => {
    expect(dominantType(0.9, 0.1, 0.3, 0.2)).toBe("performance");
    expect(dominantType(0.1, 0.9, 0.3, 0.2)).toBe("memory");
    expect(dominantType(0.1, 0.2, 0.8, 0.2)).toBe("error");
    expect(dominantType(0.1, 0.2, 0.3, 0.7)).toBe("pattern");
  });

  it("breaks ties performance > memory > error > pattern", () => {
    expect(dominantType(0.6, 0.6, 0.6, 0.6)).toBe("performance");
    expect(dominantType(0.1, 0.6, 0.6, 0.6)).toBe("memory");
    expect(dominantType(0.1, 0.1, 0.6, 0.6)).toBe("error");
  });

  it("types an unusual line that says it was slow by what it says, as one that says what failed", () => {
    // A new "feature view is stale: age 15m exceeds SLO" line: its delay words name the type.
    expect(dominantType(0.46, 0, 0, 0.96, true)).toBe("performance");
    expect(dominantType(0.46, 0, 0, 0.96, false)).toBe("pattern");
  });

  it("types an unusual line that says what failed by what it says", () => {
    // A new WARNING "Validation failed ..." (0.39 error evidence) among novel lines (0.95).
    expect(dominantType(0, 0, 0.39, 0.95, true)).toBe("error");
    expect(dominantType(0, 0, 0.35, 0.95, false)).toBe("pattern");
    expect(dominantType(0, 0, 0.2, 0.95, true)).toBe("pattern");
  });

  it("falls back to pattern when no evidence is strong enough to name a type", () => {
    expect(dominantType(0.2, 0.1, 0.24, 0)).toBe("pattern");
    expect(dominantType(0, 0, 0, 0)).toBe("pattern");
  });

  it("lets a specific type of 0.5 or more win over stronger pattern evidence", () => {
    // A new ERROR message is an error; a new slow request is a performance anomaly.
    expect(dominantType(0, 0, 0.75, 0.95)).toBe("error");
    expect(dominantType(0.6, 0, 0, 0.95)).toBe("performance");
    // A new WARNING message (error evidence 0.35) is a pattern anomaly.
    expect(dominantType(0, 0, 0.35, 0.9)).toBe("pattern");
    expect(dominantType(0, 0, 0.35, 0.3)).toBe("error");
  });
});

describe("forestConfidence", () => {
  const f = forest(0.55, 0.8);
  it("is 0 for points the forest does not flag", () => {
    expect(forestConfidence(0.55, f)).toBe(0);
    expect(forestConfidence(0.3, f)).toBe(0);
  });

  it("puts flagged points in [0.5, 0.65], growing with isolation, never enough alone for 0.7", () => {
    const barely = forestConfidence(0.551, f);
    const mid = forestConfidence(0.68, f);
    const top = forestConfidence(0.8, f);
    expect(barely).toBeGreaterThanOrEqual(0.5);
    expect(barely).toBeLessThan(0.52);
    expect(mid).toBeGreaterThan(barely);
    expect(top).toBeGreaterThan(mid);
    expect(top).toBeCloseTo(0.65, 12);
    // The same rank but a less isolated score stays lower.
    expect(forestConfidence(0.7, forest(0.55, 0.7))).toBeLessThan(top);
  });

  it("keeps the most isolated point of a bland incident low", () => {
    // Nothing scores above 0.5: the top of the flagged range is not isolated in absolute terms.
    expect(forestConfidence(0.49, forest(0.45, 0.49))).toBe(0.5);
  });
});

describe("combineConfidence", () => {
  it("keeps evidence whole without the forest and the forest whole without evidence", () => {
    expect(combineConfidence(0.83, 0)).toBe(0.83);
    expect(combineConfidence(0, 0.62)).toBe(0.62);
  });

  it("adds a little when both agree, is monotone and stays in [0, 1]", () => {
    expect(combineConfidence(0.6, 0.6)).toBeGreaterThan(0.6);
    expect(combineConfidence(0.6, 0.6)).toBeLessThan(0.75);
    let prev = -1;
    for (let e = 0; e <= 1.0001; e += 0.05) {
      const c = combineConfidence(e, 0.7);
      expect(c).toBeGreaterThanOrEqual(prev);
      expect(c).toBeLessThanOrEqual(1);
      prev = c;
    }
    expect(combineConfidence(1, 0.7)).toBe(1);
  });

  it("rounds to 3 decimals", () => {
    const c = combineConfidence(0.123456, 0);
    expect(c).toBe(0.123);
  });
});

describe("evidence curves", () => {
  it("maps robust z smoothly: nothing up to 2, about 0.5-0.7 at 3.5, near 1 past 5", () => {
    expect(zEvidence(2)).toBe(0);
    expect(zEvidence(-8)).toBe(0);
    expect(zEvidence(3.5)).toBeGreaterThanOrEqual(0.5);
    expect(zEvidence(3.5)).toBeLessThanOrEqual(0.7);
    expect(zEvidence(5)).toBeGreaterThan(0.9);
    expect(zEvidence(4)).toBeGreaterThan(zEvidence(3));
  });

  it("makes a 30 s timeout among 100-300 ms requests strong evidence", () => {
    const b = latencyOf([120, 180, 250, 300, 210, 150, 280], "user-service");
    expect(performanceEvidence(30000, false, b)).toBeGreaterThanOrEqual(0.85);
    expect(performanceEvidence(30000, true, undefined)).toBeGreaterThanOrEqual(0.85);
    expect(performanceEvidence(250, false, b)).toBe(0);
  });

  it("does not treat a small absolute difference over a tight baseline as slow", () => {
    const tight = latencyOf([100, 100, 100, 100, 100, 101]);
    expect(performanceEvidence(115, false, tight)).toBe(0);
    expect(performanceEvidence(180, false, tight)).toBe(0);
    expect(performanceEvidence(400, false, tight)).toBeGreaterThan(0.9);
  });

  it("does not call a time under a millisecond slow, however far above its usual microseconds", () => {
    const micro = latencyOf([0.001, 0.001, 0.002, 0.001, 0.001, 0.002, 0.001]);
    expect(performanceEvidence(0.005, false, micro)).toBe(0);
    expect(performanceEvidence(0.9, false, micro)).toBe(0);
    expect(performanceEvidence(50, false, micro)).toBeGreaterThan(0.9);
  });

  it("judges on a log scale: the same 700 ms is an outage at 20 ms and normal at 2 s", () => {
    const fast = latencyOf([18, 20, 22, 19, 25, 17, 21, 23]);
    const slow = latencyOf([1800, 2000, 2400, 2100, 1700, 2600, 1900, 2200]);
    expect(performanceEvidence(700, false, fast)).toBeGreaterThan(0.9);
    expect(performanceEvidence(700, false, slow)).toBe(0);
    // A request 3x its service's median is within the tail of many services: weak at most.
    expect(performanceEvidence(60, false, fast)).toBeLessThan(0.5);
  });

  it("is less sure against other messages of the service than against the log's own template", () => {
    const own = latencyOf([40, 42, 44, 41, 43, 45]);
    const others = latencyBaseline([40, 42, 44, 41, 43, 45], "api");
    // A start-up taking 8 s (about 200x a request) is strong, not near-certain...
    expect(performanceEvidence(8412, false, own)).toBeGreaterThan(0.99);
    expect(performanceEvidence(8412, false, others)).toBeGreaterThanOrEqual(0.85);
    expect(performanceEvidence(8412, false, others)).toBeLessThan(0.95);
    // ...while 700x the service's requests is certain either way.
    expect(performanceEvidence(30000, false, others)).toBeGreaterThan(0.99);
  });

  it("treats a timeout with a parsed time as strong on its own, and a long time only when unusual", () => {
    expect(performanceEvidence(500, true, undefined)).toBeGreaterThanOrEqual(0.8);
    const slowService = latencyOf([12000, 15000, 11000, 14000, 13000]);
    expect(performanceEvidence(14000, false, slowService)).toBeLessThan(0.5);
    // A routine template's timeouts (a session expiry written all day) are damped.
    expect(performanceEvidence(500, true, undefined, 1)).toBeLessThan(0.5);
    expect(performanceEvidence(500, true, undefined, 0.5)).toBeGreaterThan(performanceEvidence(500, true, undefined, 1));
  });

  it("judges a response time against how far up its message's times reach all along, so a second path is not slow", () => {
    const withTail = (ms: number[]): Baseline => {
      const logs = Float64Array.from(ms.map(Math.log));
      return { stats: robustStatsInPlace(logs, new Float64Array(logs.length), true), service: "cdn-edge", template: true };
    };
    // A CDN edge: cache hits in 3-6 ms, and a fifth of the requests miss to the origin in
    // 60-300 ms, from the first minute on and in the quiet part alike.
    const hits = [3.8, 4.1, 5.5, 2.9, 4.8, 4.0, 4.5, 3.9, 4.2, 3.7, 4.4, 4.6, 3.5, 4.9, 4.3, 3.6];
    const misses = [66, 243, 313, 99, 121, 157];
    const reference = withTail([...hits, ...misses]);
    const early = withTail([...hits.slice(0, 8), 99, 157, 243, 313]);
    // Against the fast path alone, every miss is 60x the median...
    expect(performanceEvidence(243, false, reference)).toBeGreaterThan(0.9);
    // ...against what the message's own requests reach all along, it is the everyday.
    expect(performanceEvidence(243, false, reference, 0, early)).toBeLessThan(0.5);
    // An origin answering in 12 s is still slow, and a timeout still a timeout.
    expect(performanceEvidence(12000, false, reference, 0, early)).toBeGreaterThanOrEqual(0.85);
    expect(performanceEvidence(300, true, reference, 0, early)).toBeGreaterThanOrEqual(0.8);
    // A tail in one part only is the incident: a dependency slowing over the window puts its
    // slow requests in the reference part but not in the first minutes...
    const fastEarly = withTail(hits.slice(0, 10));
    expect(performanceEvidence(243, false, reference, 0, fastEarly)).toBeGreaterThan(0.9);
    // ...and slow requests from the first minute are early, while the reference leaves them out.
    expect(performanceEvidence(243, false, withTail(hits), 0, early)).toBeGreaterThan(0.9);
    // A few slow requests scattered from the first minute (one in sixteen, 25x the median) are
    // not a path: a tenth of the requests do not reach twice the median.
    const checkout = [176, 180, 160, 200, 190, 170, 185, 210, 150, 175, 195, 165, 205, 172, 188, 4431];
    expect(performanceEvidence(4431, false, withTail(checkout), 0, withTail(checkout))).toBeGreaterThan(0.9);
  });

  it("grows memory evidence from 80% to about 0.95 at 100%", () => {
    expect(memoryEvidence(50, undefined)).toBe(0);
    expect(memoryEvidence(80, undefined)).toBe(0);
    expect(memoryEvidence(85, undefined)).toBeCloseTo(0.45, 12);
    expect(memoryEvidence(90, undefined)).toBeCloseTo(0.75, 12);
    expect(memoryEvidence(97, undefined)).toBeGreaterThan(memoryEvidence(90, undefined));
    expect(memoryEvidence(100, undefined)).toBeCloseTo(0.95, 12);
  });

  it("judges memory against the service's usual level", () => {
    // A jump well above the usual usage says something even below 85%...
    const usual = baselineOf([30, 32, 31, 29, 33, 30]);
    expect(memoryEvidence(80, usual)).toBeGreaterThan(0.7);
    expect(memoryEvidence(38, usual)).toBe(0);
    expect(memoryEvidence(45, usual)).toBeLessThan(0.5);
    // ...while a cache that always runs at 88% is not alarming at 89%.
    const cache = baselineOf([87, 88, 89, 88, 87, 88]);
    expect(memoryEvidence(89, cache)).toBeLessThan(0.5);
    expect(memoryEvidence(89, undefined)).toBeGreaterThan(0.6);
  });

  it("does not call a service routine at 95% or more, however long it has run there", () => {
    // A session cache full from the first minute: at its limit all window long.
    const full = baselineOf([98.7, 99.1, 98.9, 99.3, 99.0, 98.8]);
    expect(memoryEvidence(99.1, full)).toBeGreaterThanOrEqual(0.9);
    expect(memoryEvidence(99.1, full)).toBeCloseTo(memoryEvidence(99.1, undefined), 12);
  });

  it("judges a memory reading against how far up its series went early, not only its median", () => {
    // Per-request peaks (a Lambda's Max Memory Used): a long upper tail from the first minute.
    const requests = [22, 25, 28, 30, 30, 31, 33, 35, 40, 48, 55, 62, 68, 26, 29, 31, 27, 34];
    const peaks: Baseline = { stats: robustStats(requests), service: "resizer" };
    const earlyPeaks: Baseline = { stats: robustStatsInPlace(Float64Array.from(requests), new Float64Array(requests.length), true), service: "resizer" };
    expect(memoryEvidence(66, peaks)).toBeGreaterThan(0.7);
    expect(memoryEvidence(66, peaks, earlyPeaks)).toBeLessThan(0.5);
  });

  it("judges a creeping gauge against its own early level when the reference holds the creep", () => {
    const gauge = [43, 45, 44, 46, 42, 44, 45, 43, 47, 44];
    const early: Baseline = { stats: robustStatsInPlace(Float64Array.from(gauge), new Float64Array(gauge.length), true), service: "worker" };
    // The reference part holds much of the creep: its median has moved up with it.
    const reference = baselineOf([44, 46, 50, 52, 55, 57, 58, 60, 62, 64, 45, 48]);
    expect(memoryEvidence(72, reference)).toBeLessThan(0.5);
    expect(memoryEvidence(72, reference, early)).toBeGreaterThan(0.7);
    expect(memoryEvidence(47, reference, early)).toBe(0);
  });

  it("gives a reading under half of its limit no evidence from its rise, however far it rose", () => {
    const early: Baseline = { stats: robustStatsInPlace(Float64Array.from([20, 22, 21, 23, 19, 21, 22, 20]), new Float64Array(8), true), service: "worker" };
    const reference = baselineOf([21, 24, 27, 30, 33, 36, 39, 42, 22, 25]);
    // 24 points above its early level, but with as much room again as it uses.
    expect(memoryEvidence(45, reference, early)).toBe(0);
    expect(memoryEvidence(49.9, reference, early)).toBe(0);
    // From half on, the same rise is a leak.
    expect(memoryEvidence(52, reference, early)).toBeGreaterThan(0.7);
  });

  it("damps the error evidence of routine messages", () => {
    expect(errorEvidence(4, 0)).toBeCloseTo(0.75, 12);
    expect(errorEvidence(5, 0)).toBeCloseTo(0.9, 12);
    expect(errorEvidence(3, 0)).toBeCloseTo(0.35, 12);
    expect(errorEvidence(2, 0)).toBe(0);
    expect(errorEvidence(2, 1)).toBeGreaterThan(0);
    expect(errorEvidence(4, 2)).toBeGreaterThan(errorEvidence(4, 0));
    expect(errorEvidence(4, 0, 1)).toBeLessThan(0.5);
    // Half routine: damped half as much.
    expect(errorEvidence(4, 0, 0.5)).toBeCloseTo(0.75 * (1 - 0.55 * 0.5), 12);
    expect(errorEvidence(5, 3, 1)).toBeLessThan(0.5);
  });

  it("counts a long message a little, never enough alone, and a short one not at all", () => {
    const lengths = baselineOf([40, 42, 38, 45, 41, 39, 44]);
    expect(lengthEvidence(1200, lengths)).toBeGreaterThan(0.5);
    expect(lengthEvidence(1200, lengths)).toBeLessThan(0.7);
    expect(lengthEvidence(5, lengths)).toBe(0);
    expect(lengthEvidence(43, lengths)).toBe(0);
  });

  it("judges length against at least a short sentence, so a sentence among one-word events is not long", () => {
    // A worker that logs "start", "done", "fail" (a median of 4-5 characters).
    const events = baselineOf([4, 5, 4, 5, 5, 4, 6, 5, 4, 5]);
    // Its start-up banner and a mailer's "provider returned a soft bounce, will retry": sentences.
    expect(lengthEvidence(43, events, 1)).toBe(0);
    expect(lengthEvidence(115, events, 1)).toBeLessThan(0.6);
    // A stack trace or a dump is long as text whatever the service's usual lines.
    expect(lengthEvidence(1000, events, 1)).toBeGreaterThan(0.85);
  });
});

describe("formatNumber", () => {
  it("keeps reasons readable", () => {
    expect(formatNumber(30000)).toBe("30000");
    expect(formatNumber(247.7829)).toBe("248");
    expect(formatNumber(87.5)).toBe("87.5");
    expect(formatNumber(1.956)).toBe("1.96");
  });

  it("prints an integer as rounding it to its digits would", () => {
    const rounded = (v: number) => String(Number(v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2)));
    for (const v of [0, -0, 7, -42, 99, 100, 2 ** 53, 1e21, -1e22, 123_456_789_012]) expect(formatNumber(v)).toBe(rounded(v));
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(1e21)).toBe("1e+21");
  });
});
