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
  // The table and the rows grow with the distinct rows found instead of being sized for n: rows
  // repeat (13 % distinct at 100k logs, 10 % at 1M), and a table sized for n (8 MB at 1M rows)
  // misses the cache on nearly every probe. Ids are given in order of first appearance whatever
  // the table's size, so growing changes nothing but where ids sit in the table.
  let rowCap = Math.min(n, Math.max(1024, n >> 3));
  let x = new Float64Array(rowCap * d);
  let xw = new Uint32Array(x.buffer);
  // Each id's hash: rehashing reads it, and a probe rejects another row's slot without reading
  // that row.
  let hashOf = new Int32Array(rowCap);
  const rowOf = new Int32Array(n);
  let cap = 16;
  while (cap < 2 * rowCap) cap *= 2;
  let mask = cap - 1;
  let table = new Int32Array(cap).fill(-1);
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
        if (u === rowCap) {
          rowCap = Math.min(n, 2 * rowCap);
          const grown = new Float64Array(rowCap * d);
          grown.set(x);
          x = grown;
          xw = new Uint32Array(x.buffer);
          const grownHash = new Int32Array(rowCap);
          grownHash.set(hashOf);
          hashOf = grownHash;
        }
        table[slot] = u;
        hashOf[u] = h;
        const base = u * words;
        for (let w = 0; w < words; w++) xw[base + w] = cw[w]!;
        rowOf[i] = u++;
        if (2 * u > cap) {
          cap *= 2;
          mask = cap - 1;
          table = new Int32Array(cap).fill(-1);
          for (let e = 0; e < u; e++) {
            let s = hashOf[e]! & mask;
            while (table[s]! >= 0) s = (s + 1) & mask;
            table[s] = e;
          }
        }
        break;
      }
      if (hashOf[id] === h) {
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
      }
      slot = (slot + 1) & mask;
    }
  }
  return { x: x.subarray(0, u * d), u, rowOf };
}
