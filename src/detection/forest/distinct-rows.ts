/**
 * Distinct feature rows. Log features repeat a lot (the same template, length and level; many
 * logs without a time or memory figure), and an isolation tree treats equal rows alike, so the
 * forest grows on and scores distinct rows: the same work once.
 */

export interface DistinctRows {
  /** Distinct rows, row-major (u * d values), in order of first appearance. */
  x: Float64Array;
  /** Number of distinct rows. */
  u: number;
  /** Distinct row of each input row. */
  rowOf: Int32Array;
}

/** Distinct rows of the columns (bitwise equality, -0 counted as 0). */
export function distinctRows(columns: readonly Float64Array[], n: number): DistinctRows {
  const d = columns.length;
  const words = 2 * d;
  const x = new Float64Array(n * d);
  const xw = new Uint32Array(x.buffer);
  const rowOf = new Int32Array(n);
  let cap = 16;
  while (cap < 2 * n) cap *= 2;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const cell = new Float64Array(d);
  const cw = new Uint32Array(cell.buffer);
  let u = 0;
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) cell[f] = columns[f]![i]! + 0;
    let h = 0x9e3779b9 | 0;
    for (let w = 0; w < words; w++) {
      h = Math.imul(h ^ cw[w]!, 0x85ebca6b);
      h ^= h >>> 13;
    }
    h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const id = table[slot]!;
      if (id < 0) {
        table[slot] = u;
        const base = u * words;
        for (let w = 0; w < words; w++) xw[base + w] = cw[w]!;
        rowOf[i] = u++;
        break;
      }
      const base = id * words;
      let same = true;
      for (let w = 0; w < words; w++) {
        if (xw[base + w] !== cw[w]) {
          same = false;
          break;
        }
      }
      if (same) {
        rowOf[i] = id;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { x: x.subarray(0, u * d), u, rowOf };
}
