import { describe, expect, it } from "vitest";
import { runForest, type ForestInput } from "../../../src/detection/detect.js";
import { createRandom } from "../../../src/detection/forest/random.js";
import { runForestShared, scoreBlocks, scoringControl } from "../../../src/threads/shared-scoring.js";

function input(n: number, seed: number): ForestInput {
  const rng = createRandom(seed);
  const columns = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => Math.round(rng.next() * 50)));
  const fitMask = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
  const fitRows = fitMask.reduce((a, b) => a + b, 0);
  return { columns, n, fitMask, fitRows, contamination: 0.1, nEstimators: 100, seed: 7 };
}

describe("runForestShared", () => {
  it("gives runForest's signal when the helper scores every block itself", () => {
    const x = input(9_000, 1);
    const offers: number[] = [];
    const signal = runForestShared(x, scoringControl(), (s) => offers.push(s.u));
    expect(offers.length).toBe(1);
    expect(offers[0]).toBeGreaterThan(2 * 1024);
    expect(signal).toEqual(runForest(x));
  });

  it("gives runForest's signal when the other side scores the blocks first", () => {
    const x = input(9_000, 2);
    let theirs = 0;
    const signal = runForestShared(x, scoringControl(), (s) => {
      theirs = scoreBlocks(s);
    });
    expect(theirs).toBeGreaterThan(1);
    expect(signal).toEqual(runForest(x));
  });
});
