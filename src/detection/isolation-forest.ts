/**
 * Isolation Forest with scikit-learn's semantics (IsolationForest, bootstrap=False,
 * max_features=1.0): each tree grows on max_samples rows drawn without replacement, splits on
 * a random non-constant feature at a threshold uniform in [min, max), stops at depth
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

/** k distinct row ids out of n (Floyd's algorithm: k draws, no n-sized scratch). */
function sampleWithoutReplacement(rng: Random, n: number, k: number, out: Int32Array): void {
  if (k === n) {
    for (let i = 0; i < n; i++) out[i] = i;
    return;
  }
  const chosen = new Set<number>();
  let w = 0;
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    const pick = chosen.has(t) ? j : t;
    chosen.add(pick);
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
  const sub = new Float64Array(psi * d); // the tree's rows, row-major
  const idx = new Int32Array(psi);
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  const candidates = new Int32Array(d);
  let nodeBase = 0;
  let leafBase = 0;

  const makeLeaf = (node: number, depth: number, size: number): void => {
    let k = node;
    for (let level = depth; level < maxDepth; level++) {
      feature[nodeBase + k] = 0;
      threshold[nodeBase + k] = Infinity;
      k = 2 * k + 1;
    }
    pathLength[leafBase + k - internal] = depth + averagePathLength(size);
  };

  const grow = (node: number, start: number, end: number, depth: number): void => {
    const size = end - start;
    if (depth >= maxDepth || size <= 1) return makeLeaf(node, depth, size);
    lo.fill(Infinity);
    hi.fill(-Infinity);
    for (let k = start; k < end; k++) {
      const base = idx[k]! * d;
      for (let f = 0; f < d; f++) {
        const v = sub[base + f]!;
        if (v < lo[f]!) lo[f] = v;
        if (v > hi[f]!) hi[f] = v;
      }
    }
    let nc = 0;
    for (let f = 0; f < d; f++) if (hi[f]! > lo[f]! + FEATURE_THRESHOLD) candidates[nc++] = f;
    if (nc === 0) return makeLeaf(node, depth, size);
    const f = candidates[rng.int(nc)]!;
    const min = lo[f]!;
    const max = hi[f]!;
    let split = min + rng.next() * (max - min);
    // As sklearn: rounding can land on max, which would leave the right side empty.
    if (split >= max) split = min;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (sub[idx[i]! * d + f]! <= split) i++;
      else {
        const t = idx[i]!;
        idx[i] = idx[j]!;
        idx[j--] = t;
      }
    }
    feature[nodeBase + node] = f;
    threshold[nodeBase + node] = split;
    grow(2 * node + 1, start, i, depth + 1);
    grow(2 * node + 2, i, end, depth + 1);
  };

  for (let t = 0; t < nEstimators; t++) {
    sampleWithoutReplacement(rng, n, psi, rows);
    for (let r = 0; r < psi; r++) {
      const row = rows[r]!;
      for (let f = 0; f < d; f++) sub[r * d + f] = columns[f]![row]!;
      idx[r] = r;
    }
    nodeBase = t * internal;
    leafBase = t * leaves;
    grow(0, 0, psi, 0);
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

/** Anomaly score in (0, 1] per row (higher = more isolated), sklearn's -score_samples. */
export function scoreSamples(forest: IsolationForest, columns: readonly Float64Array[], n: number): Float64Array {
  const d = forest.nFeatures;
  if (columns.length !== d) throw new RangeError(`forest was fitted on ${d} features, got ${columns.length}`);
  checkColumns(columns, n);
  const x = new Float64Array(n * d);
  for (let f = 0; f < d; f++) {
    const col = columns[f]!;
    for (let i = 0; i < n; i++) x[i * d + f] = col[i]!;
  }
  const { feature, threshold, pathLength, maxDepth, nEstimators } = forest;
  const internal = (1 << maxDepth) - 1;
  const leaves = 1 << maxDepth;
  const pathSum = new Float64Array(n);
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
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
  const out = new Float64Array(n);
  const denominator = forest.nEstimators * forest.normalizer;
  for (let i = 0; i < n; i++) out[i] = Math.pow(2, -pathSum[i]! / denominator);
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
