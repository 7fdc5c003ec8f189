import { describe, expect, it } from "vitest";
import type { AnomalyType, Scenario } from "../../eval/blind/types.js";
import { normalizeLog } from "../../src/logs/normalize.js";

const TYPES = new Set(["performance", "memory", "error", "pattern", null]);
const TIME_FIELDS = ["timestamp", "time", "@timestamp", "ts", "timeMillis", "datetime"];
const NUMBER_WORDS: Record<number, string> = { 10: "ten", 12: "twelve" };

/** The entry's time in epoch ms, from whichever field its producer writes; undefined when it has none. */
function entryTime(entry: Record<string, unknown>): number | undefined {
  // MongoDB's structured log: {"t": {"$date": "2024-05-01T15:16:17.180+00:00"}, ...}.
  const mongo = entry.t;
  if (mongo !== null && typeof mongo === "object" && "$date" in mongo) {
    const ms = Date.parse(String((mongo as { $date: unknown }).$date));
    if (Number.isFinite(ms)) return ms;
  }
  for (const key of TIME_FIELDS) {
    const v = entry[key];
    if (typeof v === "number") return v < 1e11 ? v * 1000 : v;
    if (typeof v === "string") {
      const ms = Date.parse(v);
      if (Number.isFinite(ms)) return ms;
    }
  }
  // Other producers' fields (log4j2's instant, journald's __REALTIME_TIMESTAMP, OTLP's
  // timeUnixNano, Serilog's @t, ...) as the service reads them.
  const read = normalizeLog(entry, 0);
  return read.ok && Number.isFinite(read.record.timestampMs) ? read.record.timestampMs : undefined;
}

/**
 * The checks every family of scenarios written blind passes: enough scenarios, named and
 * described, labelled line by line, oldest first, deterministic for a seed; with
 * `typesInAtLeast`, each of the four types labelled in at least that many scenarios; `minLines`
 * (default 2,000) the fewest lines a scenario may have, `maxLines` (default 6,000) the most;
 * `arrivalOrder`, scenarios stored in the order their entries arrived (a service whose clock is
 * behind), whose times may go back; `allNormal`, scenarios with no anomalous line by design (a
 * healthy day: what is flagged there is all false alarm).
 */
export function describeScenarioFamily(
  family: string,
  build: (seed: number) => Scenario[],
  opts: { minScenarios: number; typesInAtLeast?: number; minLines?: number; maxLines?: number; arrivalOrder?: string[]; allNormal?: string[] },
): void {
  describe(`the ${family} scenarios`, () => {
    const seeds = [1, 2024];
    const bySeed = new Map(seeds.map((s) => [s, build(s)]));

    it(`has at least ${NUMBER_WORDS[opts.minScenarios] ?? opts.minScenarios} scenarios with unique kebab-case names and one-line descriptions`, () => {
      const all = bySeed.get(1) ?? [];
      expect(all.length).toBeGreaterThanOrEqual(opts.minScenarios);
      expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
      for (const s of all) {
        expect(s.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(s.description.length).toBeGreaterThan(10);
        expect(s.description).not.toContain("\n");
      }
    });

    const minLines = opts.minLines ?? 2000;
    const maxLines = opts.maxLines ?? 6000;
    it(`labels every line, with at least one anomalous and one normal line, ${minLines.toLocaleString("en")} to ${maxLines.toLocaleString("en")} lines each`, () => {
      // An all-normal scenario is named, so a family cannot lose its anomalies unnoticed.
      for (const [seed, all] of bySeed) {
        for (const s of all) {
          const where = `${s.name} (seed ${seed})`;
          expect(s.labels.length, where).toBe(s.logs.length);
          expect(s.logs.length, where).toBeGreaterThanOrEqual(minLines);
          expect(s.logs.length, where).toBeLessThanOrEqual(maxLines);
          expect(
            s.labels.every((l) => TYPES.has(l)),
            where,
          ).toBe(true);
          expect(
            s.labels.some((l) => l !== null),
            where,
          ).toBe(!opts.allNormal?.includes(s.name));
          expect(
            s.labels.some((l) => l === null),
            where,
          ).toBe(true);
        }
      }
    });

    const minPerType = opts.typesInAtLeast;
    if (minPerType !== undefined) {
      it(`labels each of the four types in at least ${minPerType} scenarios, for every seed`, () => {
        for (const [seed, all] of bySeed) {
          for (const type of ["performance", "memory", "error", "pattern"] as AnomalyType[]) {
            const withType = all.filter((s) => s.labels.includes(type)).map((s) => s.name);
            expect(withType.length, `${type} (seed ${seed}): ${withType.join(", ")}`).toBeGreaterThanOrEqual(minPerType);
          }
        }
      });
    }

    it("stores entries oldest first wherever they carry a time, and every entry carries one", () => {
      for (const [seed, all] of bySeed) {
        for (const s of all) {
          const ordered = !opts.arrivalOrder?.includes(s.name);
          // The first offending line, if any: one assertion per scenario (an expect per line is
          // most of this suite's time on families of 60,000 lines).
          let last = Number.NEGATIVE_INFINITY;
          let problem: string | undefined;
          for (const [i, entry] of s.logs.entries()) {
            const t = entryTime(entry);
            if (t === undefined) problem = `line ${i} has no readable time: ${JSON.stringify(entry).slice(0, 120)}`;
            // A stamp cannot be ordered within its own precision: one in whole seconds (nginx's)
            // within its second, one in ms within its millisecond (beside a producer's µs).
            else if (ordered && last - t >= 1 && !(t % 1000 === 0 && last - t < 1000)) problem = `line ${i} goes back in time`;
            if (problem !== undefined) break;
            last = Math.max(last, t!);
          }
          expect(problem, `${s.name} (seed ${seed})`).toBeUndefined();
        }
      }
    });

    it("is deterministic for a seed and different across seeds", () => {
      const again = build(1);
      const first = bySeed.get(1) ?? [];
      expect(JSON.stringify(again)).toBe(JSON.stringify(first));
      const other = bySeed.get(2024) ?? [];
      first.forEach((s, i) => {
        const o = other[i];
        expect(o?.name).toBe(s.name);
        expect(differ(o?.logs ?? [], s.logs), `${s.name} logs differ across seeds`).toBe(true);
        if (!opts.allNormal?.includes(s.name)) expect(differ(o?.labels ?? [], s.labels), `${s.name} labels differ across seeds`).toBe(true);
      });
    });
  });
}

/** Whether two lists differ, entry by entry as JSON, stopping at the first difference (a family's logs are tens of MB). */
function differ(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return true;
  return false;
}
