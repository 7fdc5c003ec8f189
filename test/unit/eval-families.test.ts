import { describe, expect, it } from "vitest";
import { blindCascades, blindScenarios, blindSequences } from "../../eval/blind/index.js";
import { cascadeFigures, type CascadeRun } from "../../eval/cascade-figures.js";
import { devCascades } from "../../eval/scenarios-cascades.js";
import { normalizeLog } from "../../src/logs/normalize.js";

const TYPES = new Set(["performance", "memory", "error", "pattern", null]);

/**
 * Every entry is read by the service as written (a message, a readable time) and labelled. One
 * assertion per scenario, naming its first offending line: an expect per line is most of the
 * time of a file that reads tens of thousands of lines.
 */
function wellFormed(sc: { name: string; logs: readonly unknown[]; labels: readonly unknown[] }): void {
  expect(sc.labels).toHaveLength(sc.logs.length);
  let last = -Infinity;
  let problem: string | undefined;
  for (const [i, entry] of sc.logs.entries()) {
    const r = normalizeLog(entry, i);
    const where = `${sc.name}[${i}] ${JSON.stringify(entry).slice(0, 120)}`;
    if (!r.ok) problem = `${where}: skipped (${r.reason})`;
    else if (!Number.isFinite(r.record.timestampMs)) problem = `${where}: no time`;
    else if (r.record.timestampMs < last - 1000) problem = `${where}: not oldest first`;
    else if (!TYPES.has(sc.labels[i] as string | null)) problem = `${where}: label ${String(sc.labels[i])}`;
    if (problem !== undefined) break;
    if (r.ok) last = Math.max(last, r.record.timestampMs);
  }
  expect(problem).toBeUndefined();
}

describe("the evaluation's scenario families", () => {
  it("the blind family is deterministic per seed, different across seeds, and read as written", () => {
    const a = blindScenarios(11);
    expect(JSON.stringify(blindScenarios(11))).toBe(JSON.stringify(a));
    expect(JSON.stringify(blindScenarios(12))).not.toBe(JSON.stringify(a));
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(new Set(a.map((s) => s.name)).size).toBe(a.length);
    for (const sc of a) wellFormed(sc);
  }, 60_000);

  it("the blind cascades name a root service among their services and start at a labelled line of it", () => {
    const cascades = blindCascades(11, 20);
    expect(cascades).toHaveLength(20);
    for (const c of cascades) {
      expect(c.services).toContain(c.rootService);
      expect(c.labels.some((l) => l !== null)).toBe(true);
    }
  }, 60_000);

  it("the development cascades vary topology, fault, onset and noise, and their root's line is labelled at the onset", () => {
    const cascades = devCascades(11);
    expect(cascades.length).toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(devCascades(11, 2))).toBe(JSON.stringify(cascades.slice(0, 2)));
    expect(new Set(cascades.map((c) => c.name.replace(/^cascade-\d+-/, ""))).size).toBeGreaterThanOrEqual(12);
    expect(cascades.filter((c) => c.description.includes("root writes few lines")).length).toBeGreaterThanOrEqual(5);
    expect(cascades.filter((c) => c.description.includes("noisy throughout")).length).toBeGreaterThanOrEqual(5);
    expect(cascades.filter((c) => c.description.includes("first minute")).length).toBeGreaterThanOrEqual(2);
    for (const c of cascades.slice(0, 3)) {
      wellFormed(c);
      expect(c.services).toContain(c.rootService);
      const atOnset = c.logs.findIndex((entry, i) => {
        const r = normalizeLog(entry, i);
        return r.ok && Math.abs(r.record.timestampMs - c.onsetMs) < 1 && r.record.service === c.rootService;
      });
      expect(atOnset, c.name).toBeGreaterThanOrEqual(0);
      expect(c.labels[atOnset]).not.toBeNull();
    }
  }, 60_000);

  it("scores root ranks and onset errors: top-1, top-3, median and 90th percentile of the absolute error", () => {
    const run = (rank: number, err: number): CascadeRun => ({ name: "c", root: "r", ranked: [], rank, onsetErrorS: err, fromStart: false });
    const f = cascadeFigures("t", [1], [run(1, 0), run(2, -10), run(1, 20), run(0, Number.NaN), run(3, 5)]);
    expect(f.top1).toBe(0.4);
    expect(f.top3).toBe(0.8);
    expect(f.medianOnsetErrorS).toBe(10);
    expect(f.p90OnsetErrorS).toBe(Number.POSITIVE_INFINITY);
  });

  it("the blind sequences have unlabelled history days before labelled ones", () => {
    for (const s of blindSequences(11)) {
      expect(s.historyCount).toBeGreaterThan(0);
      for (const inc of s.incidents.slice(0, s.historyCount)) expect(inc.labels.every((l) => l === null)).toBe(true);
      expect(s.incidents.slice(s.historyCount).some((inc) => inc.labels.some((l) => l !== null))).toBe(true);
    }
  }, 60_000);
});
