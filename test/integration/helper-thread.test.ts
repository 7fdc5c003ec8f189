import { afterAll, describe, expect, it } from "vitest";
import { generateLogs } from "../../bench/data.js";
import { detect, prepare, runForest, startAssess } from "../../src/detection/detect.js";
import { runBursts } from "../../src/detection/templates/patterns.js";
import { createRandom } from "../../src/detection/forest/random.js";
import { normalizeLog } from "../../src/logs/normalize.js";
import type { LogRecord } from "../../src/logs/log-record.js";
import { createHelperThread, detectBeside, spareCore } from "../../src/threads/helper.js";

/** 12k generated microservice logs (slow requests, memory reports, errors among them). */
const records: LogRecord[] = generateLogs(12_000, 7).map((log, i) => {
  const r = normalizeLog(log, i);
  if (!r.ok) throw new Error(r.reason);
  return r.record;
});
const options = { confidenceThreshold: 0.6 };
const thread = createHelperThread();
afterAll(() => thread.close());

describe("the forest on a helper thread", () => {
  it("gives detect()'s answer, bit for bit", async () => {
    const here = detect(records, options);
    const beside = await detectBeside(thread, 10_000, records, options);
    expect(thread.completed).toBe(1);
    expect(here.method).toBe("isolation_forest");
    expect(here.anomalies.length).toBeGreaterThan(10);
    expect(beside).toEqual(here);
  });

  it("moves a copy of the forest's input, so the caller's columns stay whole", async () => {
    // Fitted on every other row, so the mask crosses too.
    const fitMask = Uint8Array.from(records, (_, i) => i % 2);
    const input = { ...prepare(records, options).forest!, fitMask, fitRows: records.length / 2 };
    const before = input.columns.map((c) => Array.from(c));
    const mask = Array.from(fitMask);
    const signal = await thread.run(input);
    expect(input.columns.map((c) => Array.from(c))).toEqual(before);
    expect(Array.from(fitMask)).toEqual(mask);
    expect(signal).toEqual(runForest(input));
  });

  it("reads columns in shared memory as they are, and answers as on this thread", async () => {
    const input = prepare(records, options).forest!;
    const columns = input.columns.map((c) => {
      const shared = new Float64Array(new SharedArrayBuffer(c.byteLength));
      shared.set(c);
      return shared;
    });
    const sharedInput = { ...input, columns };
    const signal = await thread.run(sharedInput);
    // Posted, not moved: still readable here, and unchanged.
    expect(columns.map((c) => c.length)).toEqual(input.columns.map((c) => c.length));
    expect(columns.map((c) => Array.from(c))).toEqual(input.columns.map((c) => Array.from(c)));
    expect(signal).toEqual(runForest(input));
  });

  it("gives detect()'s lessons for the memory, computed on the helper", async () => {
    const learning = { ...options, learn: true };
    const here = detect(records, learning);
    const beside = await detectBeside(thread, 10_000, records, learning);
    expect(here.lessons!.length).toBeGreaterThan(1);
    expect(here.lessons!.some((l) => l.templates.some((t) => t.flagged === 1))).toBe(true);
    expect(beside).toEqual(here);
    expect(Object.keys(beside)).toEqual(Object.keys(here));
  });

  it("computes the bursts as this thread would, from a copy of their input", async () => {
    const input = startAssess(prepare(records, options)).bursts;
    const before = [input.templateOf, input.serviceOf, input.timestampMs!, input.reference.mask, input.wordings!.shapeOf].map((c) => Array.from(c));
    const bursts = await thread.bursts(input);
    const here = runBursts(input);
    expect(here.evidence.some((e) => e > 0)).toBe(true);
    expect(bursts).toEqual(here);
    expect([input.templateOf, input.serviceOf, input.timestampMs!, input.reference.mask, input.wordings!.shapeOf].map((c) => Array.from(c))).toEqual(before);
  });

  it("scores the forest's rows on both threads when this one waits, with the same signal", async () => {
    // Many distinct rows (random features), so the scoring has many blocks to share.
    const rng = createRandom(11);
    const n = 60_000;
    const columns = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng.next()));
    const input = { columns, n, fitMask: undefined, fitRows: n, contamination: 0.1, nEstimators: 100, seed: 42 };
    const before = thread.blocksScoredHere;
    const signal = await thread.run(input);
    expect(thread.blocksScoredHere).toBeGreaterThan(before);
    expect(signal).toEqual(runForest(input));
  });

  it("stays on this thread below the minimum", async () => {
    const before = thread.completed;
    const small = records.slice(0, 5_000);
    expect(await detectBeside(thread, 10_000, small, options)).toEqual(detect(small, options));
    expect(thread.completed).toBe(before);
  });

  it("computes the forest, bursts and lessons here when the helper fails, and reports the failure once", async () => {
    const learning = { ...options, learn: true };
    const exited = () => Promise.reject(new Error("helper thread exited with code 1"));
    const broken = { run: exited, bursts: exited, lessons: exited, close: async () => {}, completed: 0 };
    const failures: string[] = [];
    const here = detect(records, learning);
    expect(here.lessons!.length).toBeGreaterThan(1);
    expect(await detectBeside(broken, 10_000, records, learning, (err) => failures.push(err.message))).toEqual(here);
    expect(failures).toEqual(["helper thread exited with code 1"]);
  });

  it("starts a new helper after the last one stopped", async () => {
    const before = thread.completed;
    await thread.close();
    expect(await detectBeside(thread, 10_000, records, options)).toEqual(detect(records, options));
    expect(thread.completed).toBe(before + 1);
  });
});

describe("spareCore", () => {
  it("lets a run use its helper only while every run in flight can have a second core", () => {
    expect(spareCore(1, 2)).toBe(true);
    expect(spareCore(2, 2)).toBe(false);
    expect(spareCore(2, 4)).toBe(true);
    expect(spareCore(3, 4)).toBe(false);
    expect(spareCore(1, 1)).toBe(false);
  });
});
