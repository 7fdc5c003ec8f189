import { describe, expect, it } from "vitest";
import { distinctRows, fitIsolationForest, scoreSamples, type IsolationForest } from "../../../src/detection/forest/isolation-forest.js";
import { createRandom } from "../../../src/detection/forest/random.js";

/** The textbook walk, one row and one tree at a time: what the fast scorer must reproduce. */
function naiveScores(forest: IsolationForest, columns: Float64Array[], n: number): number[] {
  const internal = (1 << forest.maxDepth) - 1;
  const leaves = 1 << forest.maxDepth;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let t = 0; t < forest.nEstimators; t++) {
      let k = 0;
      for (let level = 0; level < forest.maxDepth; level++) {
        const s = t * internal + k;
        k = columns[forest.feature[s]!]![i]! <= forest.threshold[s]! ? 2 * k + 1 : 2 * k + 2;
      }
      sum += forest.pathLength[t * leaves + k - internal]!;
    }
    out.push(2 ** (-sum / (forest.nEstimators * forest.normalizer)));
  }
  return out;
}

/** Log-like columns: few distinct values, so many rows repeat. */
function repetitiveColumns(n: number, seed: number): Float64Array[] {
  const rng = createRandom(seed);
  return [
    Float64Array.from({ length: n }, () => 30 + rng.int(5)),
    Float64Array.from({ length: n }, () => (rng.next() < 0.9 ? 0 : 1)),
    Float64Array.from({ length: n }, () => 2 + (rng.next() < 0.1 ? 2 : 0)),
    Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 0 : 40 + rng.int(4) * 5)),
    Float64Array.from({ length: n }, (_, i) => (i === 7 ? -0 : 0)),
  ];
}

describe("distinctRows", () => {
  it("maps every row to an equal distinct row, first appearance first, -0 equal to 0", () => {
    const n = 2000;
    const cols = repetitiveColumns(n, 1);
    const { x, u, rowOf } = distinctRows(cols, n);
    expect(u).toBeLessThan(200);
    expect(rowOf[0]).toBe(0);
    const keys = new Set<string>();
    for (let i = 0; i < n; i++) {
      const k = rowOf[i]!;
      for (let f = 0; f < cols.length; f++) expect(x[k * cols.length + f]).toBe(cols[f]![i]! + 0);
      keys.add(cols.map((c) => c[i]! + 0).join(","));
    }
    expect(keys.size).toBe(u);
  });

  it("matches a map of bit patterns, ids in order of first appearance, as its table and rows grow", () => {
    // From 1,024 rows up the table and the rows are grown while rows are read; ids must not move.
    const n = 20_000;
    const rng = createRandom(4);
    const cols = [
      Float64Array.from({ length: n }, () => rng.int(3000)),
      Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? -0 : rng.int(3))),
      Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Number.NaN : rng.int(2))),
    ];
    // The second half repeats rows of the first, so ids given before a growth are looked up after it.
    for (let i = n / 2; i < n; i++) {
      const j = i === n / 2 ? 0 : rng.int(n / 2);
      for (const c of cols) c[i] = c[j]!;
    }
    const ids = new Map<string, number>();
    const firstRow: number[] = [];
    const expected = new Int32Array(n);
    const bits = new Uint32Array(new Float64Array(1).buffer);
    const cell = new Float64Array(bits.buffer);
    for (let i = 0; i < n; i++) {
      const key = cols
        .map((c) => {
          cell[0] = c[i]! + 0;
          return `${bits[0]}:${bits[1]}`;
        })
        .join(",");
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
        firstRow.push(i);
      }
      expected[i] = id;
    }
    const { x, u, rowOf } = distinctRows(cols, n);
    expect(u).toBe(ids.size);
    expect(u).toBeGreaterThan(4 * 1024);
    expect(Array.from(rowOf)).toEqual(Array.from(expected));
    for (let k = 0; k < u; k++) for (let f = 0; f < cols.length; f++) expect(Object.is(x[k * cols.length + f], cols[f]![firstRow[k]!]! + 0)).toBe(true);
  });

  it("keeps every row when all differ", () => {
    for (const n of [500, 5000]) {
      const cols = [Float64Array.from({ length: n }, (_, i) => i / 7), new Float64Array(n)];
      const { x, u, rowOf } = distinctRows(cols, n);
      expect(u).toBe(n);
      for (let i = 0; i < n; i++) {
        expect(rowOf[i]).toBe(i);
        expect(x[2 * i]).toBe(i / 7);
      }
    }
  });
});

describe("scoreSamples", () => {
  it("gives exactly the textbook walk's scores, with and without repeated rows", () => {
    for (const [cols, n] of [
      [repetitiveColumns(3000, 2), 3000],
      [Array.from({ length: 3 }, (_, f) => Float64Array.from({ length: 1003 }, (_, i) => Math.sin(i * (f + 1)))), 1003],
      // Distinct rows over two blocks, neither a multiple of the interleaved walks.
      [Array.from({ length: 5 }, (_, f) => Float64Array.from({ length: 2053 }, (_, i) => Math.cos(i * (f + 2)))), 2053],
    ] as const) {
      const forest = fitIsolationForest(cols, n, { nEstimators: 25, seed: 3 });
      expect(Array.from(scoreSamples(forest, cols, n))).toEqual(naiveScores(forest, cols, n));
    }
  });
});
