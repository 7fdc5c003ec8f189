/**
 * The reference part of a window: the logs baselines are fitted on, so an outage that fills
 * half the window cannot become "normal".
 *
 * The window is cut into up to MAX_BINS bins of equal log count (in log order). A log is hot when
 * it is an ERROR/CRITICAL line, a WARNING line with an error keyword (a failure its producer
 * writes at WARNING: a stretch of them is no quieter for their level), reports memory at or
 * above HOT_MEMORY_PCT, or a response time at least HOT_RT_RATIO times its service's 25th
 * percentile (a low quantile, so it stays put while up to three quarters of a service's
 * requests are slow). A bin's heat is its share of hot logs.
 * The reference is every bin whose heat is within binomial noise of the coolest bin, and at least
 * MIN_REFERENCE_SHARE of the bins (the coolest ones); MIN_QUIET_SHARE when the other bins are one
 * unbroken stretch (an outage that holds most of the window). On a steady window that is nearly
 * all of it; on an outage, the part before (or after) it.
 *
 * A bin whose logs came BUSY_RATIO times faster than the median bin's (logs in time order) is a
 * flood, not the window's usual pace: a credential-stuffing attack or a retry storm writes
 * hundreds of benign-looking lines that dilute its bins' hot share, and would otherwise make the
 * flood the coolest part, its lines the baseline they are judged against. Such bins come after
 * all the others, and join the reference only to make up MIN_REFERENCE_SHARE.
 */
import { quantile } from "./statistics.js";
import { orderedTimes } from "./time-order.js";
import type { FeatureMatrix } from "./types.js";

export const MAX_BINS = 20;
/** Logs per bin at least; fewer logs than two bins' worth means one bin (the whole window). */
export const MIN_BIN_SIZE = 50;
export const MIN_REFERENCE_SHARE = 0.3;
/**
 * The floor when the bins outside the noise of the coolest form one unbroken run: an incident
 * that holds most of the window, with its quiet part before it, after it or both. Those bins are
 * the incident, so filling MIN_REFERENCE_SHARE with the least hot of them would make part of the
 * incident the baseline it is judged by.
 */
export const MIN_QUIET_SHARE = 0.1;
export const HOT_MEMORY_PCT = 90;
export const HOT_RT_RATIO = 10;
export const BUSY_RATIO = 3;

export interface Reference {
  /** 1 for logs in the reference part. */
  mask: Uint8Array;
  /** Logs in the reference part. */
  size: number;
  bins: number;
  binSize: number;
  /** Bin of each log is floor(row / binSize), capped at bins - 1. */
  binOf(row: number): number;
  /** 1 for reference bins. */
  quietBins: Uint8Array;
}

/** Row to bin: floor(row / binSize), capped at bins - 1. */
function binsOf(bins: number, binSize: number): (row: number) => number {
  return (row) => Math.min(bins - 1, Math.floor(row / binSize));
}

/** A reference without its bin function, as it crosses to another thread (structured clone drops functions). */
export type ReferenceData = Omit<Reference, "binOf">;

/** The reference again from its data, with the same bins. */
export function referenceFrom(data: ReferenceData): Reference {
  return { mask: data.mask, size: data.size, bins: data.bins, binSize: data.binSize, quietBins: data.quietBins, binOf: binsOf(data.bins, data.binSize) };
}

/** 25th percentile of the positive values per group (NaN when a group has fewer than 5). */
function lowQuantilePerGroup(values: Float64Array, groupOf: Int32Array, groups: number): Float64Array {
  const n = values.length;
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) if (values[i]! > 0) start[groupOf[i]! + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const sorted = new Float64Array(start[groups]!);
  const fill = start.slice(0, groups);
  for (let i = 0; i < n; i++) if (values[i]! > 0) sorted[fill[groupOf[i]!]!++] = values[i]!;
  const out = new Float64Array(groups).fill(Number.NaN);
  for (let g = 0; g < groups; g++) {
    const len = start[g + 1]! - start[g]!;
    if (len >= 5) out[g] = quantile(sorted.subarray(start[g]!, start[g + 1]!), 0.25);
  }
  return out;
}

/** 1 for bins whose time span is under 1 / BUSY_RATIO of the median bin's; none when the logs are not in time order (time-order.ts). */
function busyBins(timestampMs: Float64Array | undefined, n: number, bins: number, binSize: number): Uint8Array {
  const busy = new Uint8Array(bins);
  const times = orderedTimes(timestampMs, n);
  if (!times) return busy;
  const span = new Float64Array(bins);
  for (let b = 0; b < bins; b++) span[b] = times[Math.min(n - 1, (b + 1) * binSize - 1)]! - times[Math.min(n - 1, b * binSize)]!;
  const median = quantile(Float64Array.from(span).sort(), 0.5);
  if (!(median > 0)) return busy;
  for (let b = 0; b < bins; b++) if (span[b]! * BUSY_RATIO < median) busy[b] = 1;
  return busy;
}

/**
 * True when the bins that are not quiet are one unbroken run (at least one of them, and at least
 * one quiet bin). Routine noise that is hotter in some bins than binomial noise allows scatters
 * its hot bins over the window; an incident's are one stretch.
 */
function oneHotRun(bins: number, quiet: (b: number) => boolean): boolean {
  let first = -1;
  let last = -1;
  let hotBins = 0;
  for (let b = 0; b < bins; b++) {
    if (quiet(b)) continue;
    if (first < 0) first = b;
    last = b;
    hotBins++;
  }
  return hotBins > 0 && hotBins < bins && last - first + 1 === hotBins;
}

/** The window of `n` logs cut into up to MAX_BINS bins of equal log count (the reference's bins). */
export function windowBins(n: number): { bins: number; binSize: number; binOf: (row: number) => number } {
  const bins = Math.max(1, Math.min(MAX_BINS, Math.floor(n / MIN_BIN_SIZE)));
  const binSize = Math.max(1, Math.ceil(n / bins));
  return { bins, binSize, binOf: binsOf(bins, binSize) };
}

export function chooseReference(m: FeatureMatrix, groupOf: Int32Array, groups: number, timestampMs?: Float64Array): Reference {
  const n = m.n;
  const { bins, binSize, binOf } = windowBins(n);
  const mask = new Uint8Array(n);
  const quietBins = new Uint8Array(bins);
  if (bins < 2) {
    mask.fill(1);
    quietBins.fill(1);
    return { mask, size: n, bins, binSize, binOf, quietBins };
  }
  const p25 = lowQuantilePerGroup(m.responseTime, groupOf, groups);
  const hot = new Float64Array(bins);
  const count = new Float64Array(bins);
  const { responseTime, levelSeverity, errorKeywords, memoryUsage } = m;
  // Bin by bin (binSize * bins >= n, so the cap of binOf never applies to a row): no division per row.
  for (let b = 0; b < bins; b++) {
    const end = Math.min(n, (b + 1) * binSize);
    let hotRows = 0;
    for (let i = b * binSize; i < end; i++) {
      const rt = responseTime[i]!;
      const low = p25[groupOf[i]!]!;
      const sev = levelSeverity[i]!;
      if (sev >= 4 || (sev === 3 && errorKeywords[i]! > 0) || memoryUsage[i]! >= HOT_MEMORY_PCT || (rt > 0 && low > 0 && rt >= HOT_RT_RATIO * low)) hotRows++;
    }
    hot[b] = hotRows;
    count[b] = Math.max(0, end - b * binSize);
  }
  const heat = new Float64Array(bins);
  for (let b = 0; b < bins; b++) heat[b] = hot[b]! / Math.max(1, count[b]!);
  const busy = busyBins(timestampMs, n, bins, binSize);
  const order = Array.from({ length: bins }, (_, b) => b).sort((a, b) => busy[a]! - busy[b]! || heat[a]! - heat[b]! || a - b);
  const coolest = heat[order[0]!]!;
  const size = binSize;
  // Within two binomial standard deviations of the coolest bin (plus a little slack).
  const tolerance = coolest + 2 * Math.sqrt((Math.max(coolest, 1 / size) * (1 - coolest)) / size) + 0.02;
  const quiet = (b: number): boolean => heat[b]! <= tolerance && !busy[b];
  const minBins = Math.ceil((oneHotRun(bins, quiet) ? MIN_QUIET_SHARE : MIN_REFERENCE_SHARE) * bins);
  order.forEach((b, k) => {
    if (k < minBins || quiet(b)) quietBins[b] = 1;
  });
  let total = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.min(n, b * binSize);
    const end = Math.min(n, (b + 1) * binSize);
    if (!quietBins[b] || end <= from) continue;
    mask.fill(1, from, end);
    total += end - from;
  }
  return { mask, size: total, bins, binSize, binOf, quietBins };
}
