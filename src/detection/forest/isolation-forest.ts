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
import { distinctRows, type DistinctRows } from "./distinct-rows.js";
import {
  averagePathLength,
  gatherDistinct,
  gatherRows,
  growTree,
  newScratch,
  sampleWithoutReplacement,
  type Sample,
  type TreeSlots,
} from "./isolation-tree.js";
import { createRandom } from "./random.js";
import { quantile } from "../statistics.js";

export interface ForestOptions {
  nEstimators: number;
  /** Upper bound on rows per tree; sklearn's "auto" is min(256, n). */
  maxSamples: number;
  seed: number;
}

export { distinctRows, type DistinctRows } from "./distinct-rows.js";
export { averagePathLength } from "./isolation-tree.js";

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

const MAX_DENSE_DEPTH = 16;

function checkColumns(columns: readonly Float64Array[], n: number): void {
  if (columns.length === 0) throw new RangeError("isolation forest needs at least one feature column");
  for (const c of columns) if (c.length < n) throw new RangeError(`feature column shorter than n=${n}`);
}

export function fitIsolationForest(columns: readonly Float64Array[], n: number, options: Partial<ForestOptions> = {}): IsolationForest {
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
  const out: TreeSlots = {
    feature: new Int32Array(nEstimators * internal),
    threshold: new Float64Array(nEstimators * internal),
    pathLength: new Float64Array(nEstimators * leaves),
    nodeBase: 0,
    leafBase: 0,
    internal,
    maxDepth,
  };
  const rng = createRandom(seed);
  const sample: Sample = { sub: new Float64Array(psi * d), weight: new Int32Array(psi), entries: 0 };
  const scratch = newScratch(psi, d, maxDepth);
  // Drawing all n rows without replacement takes every row (no draws): one sample for all trees.
  const shared = psi === n;
  if (shared) gatherDistinct(columns, n, sample);
  const rows = new Int32Array(psi);
  let seenCap = 16;
  while (seenCap < 2 * psi) seenCap *= 2;
  const seen = new Int32Array(shared ? 0 : seenCap);
  for (let t = 0; t < nEstimators; t++) {
    if (!shared) {
      sampleWithoutReplacement(rng, n, psi, rows, seen);
      gatherRows(columns, rows, psi, sample);
    }
    out.nodeBase = t * internal;
    out.leafBase = t * leaves;
    growTree(rng, sample, psi, psi, d, scratch, out);
  }
  return {
    nFeatures: d,
    nEstimators,
    maxSamples: psi,
    maxDepth,
    normalizer: averagePathLength(psi),
    feature: out.feature,
    threshold: out.threshold,
    pathLength: out.pathLength,
  };
}

/** Points per block: a block's rows stay in cache while every tree walks them. */
export const SCORE_BLOCK = 1024;

/** Sum over trees of the path length of each row of `x` (row-major, u rows). */
function pathSums(forest: IsolationForest, x: Float64Array, u: number): Float64Array {
  const pathSum = new Float64Array(u);
  for (let start = 0; start < u; start += SCORE_BLOCK) pathSumsOfBlock(forest, x, start, Math.min(u, start + SCORE_BLOCK), pathSum);
  return pathSum;
}

/**
 * pathSums of rows [start, end) of `x`, into pathSum: each row's sum over the trees in tree
 * order, whoever computes its block (a helper thread and the detection thread may share them).
 */
export function pathSumsOfBlock(forest: IsolationForest, x: Float64Array, start: number, end: number, pathSum: Float64Array): void {
  const d = forest.nFeatures;
  const { feature, threshold, pathLength, maxDepth, nEstimators } = forest;
  const internal = (1 << maxDepth) - 1;
  const leaves = 1 << maxDepth;
  for (let t = 0; t < nEstimators; t++) {
    const nb = t * internal;
    const lb = t * leaves - internal;
    let i = start;
    // Eight independent walks per iteration: each level is a chain of dependent loads, and
    // interleaving chains lets them overlap (eight measured faster than four, six, twelve or
    // sixteen). Every index is an int32 by construction; `| 0` says so to V8, which then drops
    // the overflow check on each addition.
    for (; i + 7 < end; i += 8) {
      const b0 = i * d;
      const b1 = (b0 + d) | 0;
      const b2 = (b1 + d) | 0;
      const b3 = (b2 + d) | 0;
      const b4 = (b3 + d) | 0;
      const b5 = (b4 + d) | 0;
      const b6 = (b5 + d) | 0;
      const b7 = (b6 + d) | 0;
      let k0 = 0;
      let k1 = 0;
      let k2 = 0;
      let k3 = 0;
      let k4 = 0;
      let k5 = 0;
      let k6 = 0;
      let k7 = 0;
      for (let level = 0; level < maxDepth; level++) {
        const s0 = (nb + k0) | 0;
        const s1 = (nb + k1) | 0;
        const s2 = (nb + k2) | 0;
        const s3 = (nb + k3) | 0;
        const s4 = (nb + k4) | 0;
        const s5 = (nb + k5) | 0;
        const s6 = (nb + k6) | 0;
        const s7 = (nb + k7) | 0;
        // +(a > b) is 0/1 without a branch.
        k0 = ((k0 << 1) + 1 + +(x[(b0 + feature[s0]!) | 0]! > threshold[s0]!)) | 0;
        k1 = ((k1 << 1) + 1 + +(x[(b1 + feature[s1]!) | 0]! > threshold[s1]!)) | 0;
        k2 = ((k2 << 1) + 1 + +(x[(b2 + feature[s2]!) | 0]! > threshold[s2]!)) | 0;
        k3 = ((k3 << 1) + 1 + +(x[(b3 + feature[s3]!) | 0]! > threshold[s3]!)) | 0;
        k4 = ((k4 << 1) + 1 + +(x[(b4 + feature[s4]!) | 0]! > threshold[s4]!)) | 0;
        k5 = ((k5 << 1) + 1 + +(x[(b5 + feature[s5]!) | 0]! > threshold[s5]!)) | 0;
        k6 = ((k6 << 1) + 1 + +(x[(b6 + feature[s6]!) | 0]! > threshold[s6]!)) | 0;
        k7 = ((k7 << 1) + 1 + +(x[(b7 + feature[s7]!) | 0]! > threshold[s7]!)) | 0;
      }
      pathSum[i] = pathSum[i]! + pathLength[(lb + k0) | 0]!;
      pathSum[i + 1] = pathSum[i + 1]! + pathLength[(lb + k1) | 0]!;
      pathSum[i + 2] = pathSum[i + 2]! + pathLength[(lb + k2) | 0]!;
      pathSum[i + 3] = pathSum[i + 3]! + pathLength[(lb + k3) | 0]!;
      pathSum[i + 4] = pathSum[i + 4]! + pathLength[(lb + k4) | 0]!;
      pathSum[i + 5] = pathSum[i + 5]! + pathLength[(lb + k5) | 0]!;
      pathSum[i + 6] = pathSum[i + 6]! + pathLength[(lb + k6) | 0]!;
      pathSum[i + 7] = pathSum[i + 7]! + pathLength[(lb + k7) | 0]!;
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

/** Anomaly score in (0, 1] per row (higher = more isolated), sklearn's -score_samples. */
export function scoreSamples(forest: IsolationForest, columns: readonly Float64Array[], n: number): Float64Array {
  const d = forest.nFeatures;
  if (columns.length !== d) throw new RangeError(`forest was fitted on ${d} features, got ${columns.length}`);
  checkColumns(columns, n);
  const rows = distinctRows(columns, n);
  return scoresFromPathSums(forest, pathSums(forest, rows.x, rows.u), rows, n);
}

/** Each row's score from its distinct row's sum of path lengths (pathSums). */
export function scoresFromPathSums(forest: IsolationForest, pathSum: Float64Array, rows: DistinctRows, n: number): Float64Array {
  const denominator = forest.nEstimators * forest.normalizer;
  const score = new Float64Array(rows.u);
  for (let k = 0; k < rows.u; k++) score[k] = 2 ** (-pathSum[k]! / denominator);
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
