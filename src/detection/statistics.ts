/**
 * Robust location/scale over Float64Arrays. Medians come from an introselect (O(n) expected,
 * O(n log n) worst because it falls back to a sort) on scratch copies, so the caller's
 * columns are never reordered.
 */

export interface RobustStats {
  count: number;
  median: number;
  /** Median absolute deviation from the median. */
  mad: number;
  /** Mean absolute deviation from the median (the fallback when MAD is 0). */
  meanAbsDev: number;
  /** Divisor of the robust z-score; 0 when every value equals the median. */
  scale: number;
  /** The 90th percentile, when asked for (groupedRobustStats' `upper`). */
  p90?: number;
  /** The 95th percentile, with p90. */
  p95?: number;
}

export interface GroupedStats {
  groups: RobustStats[];
  overall: RobustStats;
}

/** v limited to [0, 1] (evidence and confidence scales). */
export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

export const EMPTY_STATS: RobustStats = Object.freeze({ count: 0, median: 0, mad: 0, meanAbsDev: 0, scale: 0 });

/** 0.6745 is the normal quantile at 0.75, so MAD / 0.6745 estimates sigma for normal data. */
const MAD_TO_SIGMA = 0.6745;
/** sqrt(pi/2): mean absolute deviation times this estimates sigma for normal data. */
const MEAN_AD_TO_SIGMA = 1.2533;
/** Finite stand-in for "different from a constant baseline", so downstream curves saturate without Infinity. */
export const DEGENERATE_Z = 10;

/**
 * Puts the k-th smallest of a[lo..hi] (inclusive) at a[k] and partitions around it.
 * The iteration budget bounds adversarial inputs: past it the range is simply sorted.
 */
export function selectInPlace(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  let budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (hi > lo) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return a[k]!;
    }
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!,
      y = a[mid]!,
      z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function minOf(a: Float64Array, from: number, to: number): number {
  let m = Infinity;
  for (let i = from; i < to; i++) if (a[i]! < m) m = a[i]!;
  return m;
}

/** Median of a scratch buffer; reorders it. */
export function medianInPlace(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return NaN;
  const k = (n - 1) >>> 1;
  const lower = selectInPlace(a, k);
  return n % 2 === 1 ? lower : (lower + minOf(a, k + 1, n)) / 2;
}

export function median(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values));
}

/** Medians of `values` cut into `parts` parts of equal count, in their order. */
export function partMedians(values: readonly number[], parts: number): number[] {
  const m = values.length;
  const out: number[] = [];
  for (let p = 0; p < parts; p++) out.push(median(values.slice(Math.floor((p * m) / parts), Math.floor(((p + 1) * m) / parts))));
  return out;
}

/** Whether each of `medians` holds at least `hold` of the one before: a climb, with its noise. */
export function neverFalls(medians: readonly number[], hold: number): boolean {
  return medians.every((v, p) => p === 0 || v >= hold * medians[p - 1]!);
}

/** Linear-interpolated quantile, numpy's default ("linear") definition. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const a = Float64Array.from(values);
  const n = a.length;
  if (n === 0) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const k = Math.floor(pos);
  const lower = selectInPlace(a, k);
  if (k + 1 >= n || pos === k) return lower;
  const upper = minOf(a, k + 1, n);
  return lower + (pos - k) * (upper - lower);
}

/**
 * Writes |buf[i] - med| into dev and returns their sum. A loop of its own: inlined in its caller,
 * the caller's on-stack-replaced code was compiled before the code after the loop had run, and
 * V8 left that code in place, deoptimising at the same point on every later call (about 130
 * times in the first 100k-log detection).
 */
function absDeviationsInto(buf: Float64Array, med: number, dev: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < buf.length; i++) {
    const d = Math.abs(buf[i]! - med);
    dev[i] = d;
    sum += d;
  }
  return sum;
}

/**
 * Stats of `buf`, using it and `scratch` (length >= buf.length) as working space; with `upper`,
 * also the 90th and 95th percentiles (selected within the part the median, then the 90th, left
 * above them).
 */
export function robustStatsInPlace(buf: Float64Array, scratch: Float64Array, upper = false): RobustStats {
  const n = buf.length;
  if (n === 0) return EMPTY_STATS;
  const med = medianInPlace(buf);
  // medianInPlace partitioned buf around index (n-1)/2: the 90th percentile is in the upper part.
  const at90 = Math.floor(0.9 * (n - 1));
  const p90 = upper ? selectInPlace(buf, at90, (n - 1) >>> 1, n - 1) : undefined;
  const p95 = upper ? selectInPlace(buf, Math.floor(0.95 * (n - 1)), at90, n - 1) : undefined;
  const dev = scratch.subarray(0, n);
  const meanAbsDev = absDeviationsInto(buf, med, dev) / n;
  const mad = medianInPlace(dev);
  const scale = mad > 0 ? mad / MAD_TO_SIGMA : meanAbsDev > 0 ? meanAbsDev * MEAN_AD_TO_SIGMA : 0;
  return p90 === undefined ? { count: n, median: med, mad, meanAbsDev, scale } : { count: n, median: med, mad, meanAbsDev, scale, p90, p95 };
}

export function robustStats(values: ArrayLike<number>): RobustStats {
  return robustStatsInPlace(Float64Array.from(values), new Float64Array(values.length));
}

/**
 * 0.6745 (x - median) / MAD; with MAD 0, (x - median) / (1.2533 mean absolute deviation);
 * with both 0, +-DEGENERATE_Z for any value off the median.
 */
export function robustZ(x: number, stats: RobustStats): number {
  const d = x - stats.median;
  if (stats.scale > 0) return d / stats.scale;
  return d === 0 ? 0 : d > 0 ? DEGENERATE_Z : -DEGENERATE_Z;
}

/**
 * Working space for a series of groupedRobustStats calls (the baselines make about ten, each
 * needing two arrays as long as its rows): two buffers grown as needed and reused, instead of
 * two new arrays a call. At 1M rows each new array was up to 8 MB of new pages, and a page
 * fault costs microseconds on a VM (docs/performance.md). Nothing returned points into it.
 */
export class StatsSpace {
  private sorted = new Float64Array(0);
  private work = new Float64Array(0);

  /** n values for the rows sorted by group. */
  sortedOf(n: number): Float64Array {
    if (this.sorted.length < n) this.sorted = new Float64Array(grownLength(this.sorted.length, n));
    return this.sorted.subarray(0, n);
  }

  /** n values of scratch, apart from sortedOf's. */
  workOf(n: number): Float64Array {
    if (this.work.length < n) this.work = new Float64Array(grownLength(this.work.length, n));
    return this.work.subarray(0, n);
  }
}

function grownLength(now: number, needed: number): number {
  return Math.max(needed, Math.min(2 * now, needed + (needed >>> 1)));
}

/**
 * Per-group and overall stats of `values`, counting only rows where `mask` is 1 (all rows
 * without a mask). `groupOf[i]` is in [0, groupCount). `upper` adds each one's 90th percentile.
 * The overall stats are read from `values`, `groupOf` and `mask` when first asked for: they must
 * not change before then. `space`: working space shared with the caller's other calls.
 */
export function groupedRobustStats(
  values: Float64Array,
  groupOf: Int32Array,
  groupCount: number,
  mask?: Uint8Array,
  upper = false,
  space?: StatsSpace,
): GroupedStats {
  // Each pass over the rows is a function of its own, for the reason given at absDeviationsInto.
  const start = groupStarts(groupOf, groupCount, mask);
  const rows = start[groupCount]!;
  const byGroup = sortedByGroup(values, groupOf, groupCount, start, mask, space ? space.sortedOf(rows) : new Float64Array(rows));
  const work = (): Float64Array => (space ? space.workOf(rows) : new Float64Array(rows));
  let overall: RobustStats | undefined;
  const groups = statsPerGroup(byGroup, start, groupCount, work(), upper);
  return {
    groups,
    // A fallback few callers read (a service with too few lines of its own): computed on first
    // use, from the rows sorted by group again, in the same order as before the groups reordered
    // their parts, so it is what computing it first would give. Not a copy kept for every call:
    // at 1M rows that was up to 8 MB a call, about ten calls an incident.
    get overall(): RobustStats {
      overall ??= robustStatsInPlace(sortedByGroup(values, groupOf, groupCount, start, mask, new Float64Array(rows)), work(), upper);
      return overall;
    },
  };
}

/** Where each group starts in the rows sorted by group (mask 1 only), and the total at the end. */
export function groupStarts(groupOf: Int32Array, groupCount: number, mask: Uint8Array | undefined): Int32Array {
  const start = countsAfterFirst(groupOf, groupCount, mask);
  for (let g = 0; g < groupCount; g++) start[g + 1]! += start[g]!;
  return start;
}

/** start[g + 1] = rows of group g (mask 1 only); start[0] = 0. */
function countsAfterFirst(groupOf: Int32Array, groupCount: number, mask: Uint8Array | undefined): Int32Array {
  const start = new Int32Array(groupCount + 1);
  for (let i = 0; i < groupOf.length; i++) if (!mask || mask[i]) start[groupOf[i]! + 1]!++;
  return start;
}

/** Counting sort by group into `byGroup` (start[groupCount] long), so each group is one contiguous subarray. */
function sortedByGroup(
  values: Float64Array,
  groupOf: Int32Array,
  groupCount: number,
  start: Int32Array,
  mask: Uint8Array | undefined,
  byGroup: Float64Array,
): Float64Array {
  const fill = start.slice(0, groupCount);
  for (let i = 0; i < values.length; i++) if (!mask || mask[i]) byGroup[fill[groupOf[i]!]!++] = values[i]!;
  return byGroup;
}

function statsPerGroup(byGroup: Float64Array, start: Int32Array, groupCount: number, scratch: Float64Array, upper: boolean): RobustStats[] {
  const groups: RobustStats[] = new Array<RobustStats>(groupCount);
  for (let g = 0; g < groupCount; g++) groups[g] = robustStatsInPlace(byGroup.subarray(start[g]!, start[g + 1]!), scratch, upper);
  return groups;
}

/** Number of groups among the first n rows of `groupOf` (service ids, say): the highest id + 1. */
export function groupCount(groupOf: Int32Array, n: number = groupOf.length): number {
  let groups = 0;
  for (let i = 0; i < n; i++) if (groupOf[i]! >= groups) groups = groupOf[i]! + 1;
  return groups;
}
