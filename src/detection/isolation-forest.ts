/**
 * Isolation Forest with scikit-learn's semantics (IsolationForest, bootstrap=False,
 * max_features=1.0): each tree grows on max_samples rows drawn without replacement, splits on
 * a random non-constant feature (drawn as sklearn's random splitter does: features in random
 * order until one is not constant) at a threshold uniform in [min, max), stops at depth
 * ceil(log2(max_samples)) or at one row; a point's path length is its leaf depth plus c(leaf
 * size), and its score is 2^(-E[h] / c(max_samples)), i.e. sklearn's -score_samples.
 *
 * Layout: every tree is stored as a complete binary tree of depth maxDepth in flat typed
 * arrays (children of k are 2k+1 and 2k+2). A leaf reached early is padded with pass-through
 * splits (threshold +Infinity, always left) down to the last level, where its path length is
 * stored. Scoring then walks exactly maxDepth levels with no data-dependent branch, so the CPU
 * does not stall on mispredicted left/right decisions.
 */
import { createRandom, type Random } from "./random.js";
import { quantile } from "./statistics.js";

export interface ForestOptions {
  nEstimators: number;
  /** Upper bound on rows per tree; sklearn's "auto" is min(256, n). */
  maxSamples: number;
  seed: number;
}

export const DEFAULT_FOREST_OPTIONS: Readonly<ForestOptions> = Object.freeze({ nEstimators: 100, maxSamples: 256, seed: 42 });

export interface IsolationForest {
  readonly nFeatures: number;
  readonly nEstimators: number;
  /** Effective rows per tree, min(maxSamples, n). */
  readonly maxSamples: number;
  readonly maxDepth: number;
  /** c(maxSamples): the path length that maps to a score of 0.5. */
  readonly normalizer: number;
  /** Split feature per internal slot, (2^maxDepth - 1) slots per tree. */
  readonly feature: Int32Array;
  /** Split threshold per internal slot; go left when x <= threshold. */
  readonly threshold: Float64Array;
  /** Path length (depth + c(size)) per last-level slot, 2^maxDepth slots per tree. */
  readonly pathLength: Float64Array;
}

const EULER_GAMMA = 0.5772156649;
/** sklearn treats a feature whose node range is below this as constant. */
const FEATURE_THRESHOLD = 1e-7;
const MAX_DENSE_DEPTH = 16;

/** c(n): mean path length of an unsuccessful BST search, sklearn's _average_path_length. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/**
 * k distinct row ids out of n (Floyd's algorithm: k draws, no n-sized scratch). `seen` is an
 * open-addressing set of capacity >= 2k (a power of two), -1 when empty; it is cleared here.
 */
function sampleWithoutReplacement(rng: Random, n: number, k: number, out: Int32Array, seen: Int32Array): void {
  if (k === n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return;
  }
  seen.fill(-1);
  const mask = seen.length - 1;
  let w = 0;
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    // Floyd: take t unless already taken, then j (which cannot be: only values < j were drawn).
    let slot = Math.imul(t, 0x9e3779b1) & mask;
    let found = false;
    while (seen[slot] !== -1) {
      if (seen[slot] === t) {
        found = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
    const pick = found ? j : t;
    if (found) {
      slot = Math.imul(j, 0x9e3779b1) & mask;
      while (seen[slot] !== -1) slot = (slot + 1) & mask;
    }
    seen[slot] = pick;
    out[w++] = pick;
  }
}

function checkColumns(columns: readonly Float64Array[], n: number): void {
  if (columns.length === 0) throw new RangeError("isolation forest needs at least one feature column");
  for (const c of columns) if (c.length < n) throw new RangeError(`feature column shorter than n=${n}`);
}

export function fitIsolationForest(
  columns: readonly Float64Array[],
  n: number,
  options: Partial<ForestOptions> = {},
): IsolationForest {
  const { nEstimators, maxSamples, seed } = { ...DEFAULT_FOREST_OPTIONS, ...options };
  if (n < 2) throw new RangeError("isolation forest needs at least 2 rows");
  if (nEstimators < 1 || maxSamples < 2) throw new RangeError("nEstimators must be >= 1 and maxSamples >= 2");
  checkColumns(columns, n);
  const d = columns.length;
  const psi = Math.min(maxSamples, n);
  const maxDepth = Math.ceil(Math.log2(psi));
  // The dense layout costs 2^maxDepth slots per tree: fine for sklearn-sized samples only.
  if (maxDepth > MAX_DENSE_DEPTH) throw new RangeError(`maxSamples above ${2 ** MAX_DENSE_DEPTH} is not supported`);
  const internal = (1 << maxDepth) - 1;
  const leaves = 1 << maxDepth;
  const feature = new Int32Array(nEstimators * internal);
  const threshold = new Float64Array(nEstimators * internal);
  const pathLength = new Float64Array(nEstimators * leaves);
  const rng = createRandom(seed);

  const rows = new Int32Array(psi);
  let seenCap = 16;
  while (seenCap < 2 * psi) seenCap *= 2;
  const seen = new Int32Array(seenCap);
  // The tree's rows, column-major (feature f of row r at f * psi + r); `idx` lists the rows
  // of each node contiguously, partitioning moves only these ids.
  const sub = new Float64Array(psi * d);
  const idx = new Int32Array(psi);
  const order = new Int32Array(d);
  // Depth-first, left subtree first (the order of the random draws, hence of the trees).
  const depthCap = 2 * maxDepth + 2;
  const stackNode = new Int32Array(depthCap);
  const stackStart = new Int32Array(depthCap);
  const stackEnd = new Int32Array(depthCap);
  const stackDepth = new Int32Array(depthCap);

  for (let t = 0; t < nEstimators; t++) {
    sampleWithoutReplacement(rng, n, psi, rows, seen);
    for (let f = 0; f < d; f++) {
      const col = columns[f]!;
      const base = f * psi;
      for (let r = 0; r < psi; r++) sub[base + r] = col[rows[r]!]!;
    }
    for (let r = 0; r < psi; r++) idx[r] = r;
    const nodeBase = t * internal;
    const leafBase = t * leaves;
    stackNode[0] = 0;
    stackStart[0] = 0;
    stackEnd[0] = psi;
    stackDepth[0] = 0;
    let top = 1;
    while (top > 0) {
      top--;
      const node = stackNode[top]!;
      const start = stackStart[top]!;
      const end = stackEnd[top]!;
      const depth = stackDepth[top]!;
      const size = end - start;
      let f = -1;
      let lo = 0;
      let hi = 0;
      if (depth < maxDepth && size > 1) {
        // As sklearn's random splitter: draw features without replacement until one is not
        // constant in the node. The first non-constant feature of a random order is uniform
        // over the non-constant ones, and usually only one or two ranges are scanned.
        for (let g = 0; g < d; g++) order[g] = g;
        for (let left = d; left > 0; left--) {
          const j = rng.int(left);
          const g = order[j]!;
          order[j] = order[left - 1]!;
          order[left - 1] = g;
          const base = g * psi;
          lo = sub[base + idx[start]!]!;
          hi = lo;
          for (let k = start + 1; k < end; k++) {
            const v = sub[base + idx[k]!]!;
            if (v < lo) lo = v;
            else if (v > hi) hi = v;
          }
          if (hi > lo + FEATURE_THRESHOLD) {
            f = g;
            break;
          }
        }
      }
      if (f < 0) {
        // Leaf: pass-through splits down to the last level, where the path length is stored.
        let k = node;
        for (let level = depth; level < maxDepth; level++) {
          feature[nodeBase + k] = 0;
          threshold[nodeBase + k] = Infinity;
          k = 2 * k + 1;
        }
        pathLength[leafBase + k - internal] = depth + averagePathLength(size);
        continue;
      }
      let split = lo + rng.next() * (hi - lo);
      // As sklearn: rounding can land on max, which would leave the right side empty.
      if (split >= hi) split = lo;
      const fb = f * psi;
      let i = start;
      let j = end - 1;
      while (i <= j) {
        const r = idx[i]!;
        if (sub[fb + r]! <= split) i++;
        else {
          idx[i] = idx[j]!;
          idx[j--] = r;
        }
      }
      feature[nodeBase + node] = f;
      threshold[nodeBase + node] = split;
      // Right pushed first so the left subtree is grown (and draws) first.
      stackNode[top] = 2 * node + 2;
      stackStart[top] = i;
      stackEnd[top] = end;
      stackDepth[top++] = depth + 1;
      stackNode[top] = 2 * node + 1;
      stackStart[top] = start;
      stackEnd[top] = i;
      stackDepth[top++] = depth + 1;
    }
  }

  return {
    nFeatures: d,
    nEstimators,
    maxSamples: psi,
    maxDepth,
    normalizer: averagePathLength(psi),
    feature,
    threshold,
    pathLength,
  };
}

/** Points per block: a block's rows stay in cache while every tree walks them. */
const BLOCK = 1024;

export interface DistinctRows {
  /** Distinct rows, row-major (u * d values), in order of first appearance. */
  x: Float64Array;
  /** Number of distinct rows. */
  u: number;
  /** Distinct row of each input row. */
  rowOf: Int32Array;
}

/**
 * Distinct rows of the columns (bitwise equality, -0 counted as 0). Log features repeat a lot
 * (the same template, length and level; many logs without a time or memory figure), and a
 * score depends only on the row's values, so scoring distinct rows does the same work once.
 */
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

/** Sum over trees of the path length of each row of `x` (row-major, u rows). */
function pathSums(forest: IsolationForest, x: Float64Array, u: number): Float64Array {
  const d = forest.nFeatures;
  const { feature, threshold, pathLength, maxDepth, nEstimators } = forest;
  const internal = (1 << maxDepth) - 1;
  const leaves = 1 << maxDepth;
  const pathSum = new Float64Array(u);
  for (let start = 0; start < u; start += BLOCK) {
    const end = Math.min(u, start + BLOCK);
    for (let t = 0; t < nEstimators; t++) {
      const nb = t * internal;
      const lb = t * leaves - internal;
      let i = start;
      // Four independent walks per iteration: each level is a chain of dependent loads, and
      // interleaving chains lets them overlap (about 2x over one walk at a time).
      for (; i + 3 < end; i += 4) {
        const b0 = i * d;
        const b1 = b0 + d;
        const b2 = b1 + d;
        const b3 = b2 + d;
        let k0 = 0;
        let k1 = 0;
        let k2 = 0;
        let k3 = 0;
        for (let level = 0; level < maxDepth; level++) {
          const s0 = nb + k0;
          const s1 = nb + k1;
          const s2 = nb + k2;
          const s3 = nb + k3;
          // +(a > b) is 0/1 without a branch.
          k0 = 2 * k0 + 1 + +(x[b0 + feature[s0]!]! > threshold[s0]!);
          k1 = 2 * k1 + 1 + +(x[b1 + feature[s1]!]! > threshold[s1]!);
          k2 = 2 * k2 + 1 + +(x[b2 + feature[s2]!]! > threshold[s2]!);
          k3 = 2 * k3 + 1 + +(x[b3 + feature[s3]!]! > threshold[s3]!);
        }
        pathSum[i] = pathSum[i]! + pathLength[lb + k0]!;
        pathSum[i + 1] = pathSum[i + 1]! + pathLength[lb + k1]!;
        pathSum[i + 2] = pathSum[i + 2]! + pathLength[lb + k2]!;
        pathSum[i + 3] = pathSum[i + 3]! + pathLength[lb + k3]!;
      }
      for (; i < end; i++) {
        const b = i * d;
        let k = 0;
        for (let level = 0; level < maxDepth; level++) {
          const s = nb + k;
          k = 2 * k + 1 + +(x[b + feature[s]!]! > threshold[s]!);
        }
        pathSum[i] = pathSum[i]! + pathLength[lb + k]!;
      }
    }
  }
  return pathSum;
}

/** Anomaly score in (0, 1] per row (higher = more isolated), sklearn's -score_samples. */
export function scoreSamples(forest: IsolationForest, columns: readonly Float64Array[], n: number): Float64Array {
  const d = forest.nFeatures;
  if (columns.length !== d) throw new RangeError(`forest was fitted on ${d} features, got ${columns.length}`);
  checkColumns(columns, n);
  const rows = distinctRows(columns, n);
  const pathSum = pathSums(forest, rows.x, rows.u);
  const denominator = forest.nEstimators * forest.normalizer;
  const score = new Float64Array(rows.u);
  for (let k = 0; k < rows.u; k++) score[k] = Math.pow(2, -pathSum[k]! / denominator);
  const out = new Float64Array(n);
  const rowOf = rows.rowOf;
  for (let i = 0; i < n; i++) out[i] = score[rowOf[i]!]!;
  return out;
}

/**
 * Score above which a point is an outlier: the (1 - contamination) quantile of the training
 * scores, the mirror of sklearn's offset_ = percentile(score_samples, 100 * contamination).
 * Flag with `score > threshold`, as sklearn's predict does.
 */
export function contaminationThreshold(scores: Float64Array, contamination: number): number {
  return quantile(scores, 1 - contamination);
}
