/**
 * A lasting rise of one template: from some bin to the end of the window, its share of its
 * service's lines is several times what it was before, in most of those bins. A burst is judged
 * against the reference part, and a rise that lasts the rest of the window fills much of it (a
 * rate limit misconfigured for every tenant, a scanner that keeps going): the reference rises
 * with it. Before and after the split the template is the same line the service always wrote,
 * so its novelty is nothing either; only its rate says the incident started.
 *
 * The split is the bin boundary that best separates the two shares (binomial likelihood ratio),
 * no earlier than SHIFT_EARLY of the bins and with at least SHIFT_MIN_AFTER_BINS after it. What
 * makes a share before meaningful is its lines (SHIFT_MIN_BEFORE of the template, SHIFT_MIN_SERVICE_BEFORE
 * of its service, SHIFT_MIN_BEFORE_BINS bins), not how far into the window it ends: a storm that
 * began an eighth of the way in, split no earlier than a quarter, counted its own first part as
 * "before" and halved its rise. Bins hold equal
 * numbers of the window's lines, and shares are of the template's own service, so a service or
 * a window that gets busier as a whole does not rise. Evidence log(ratio / SHIFT_NONE) /
 * log(SHIFT_FULL / SHIFT_NONE): twice the share is within what real logs drift by, eight times
 * is a change for certain.
 */
import type { Reference } from "../reference.js";
import { clamp01, groupCount } from "../statistics.js";

/** Bins the window needs for a before and an after. */
export const SHIFT_MIN_BINS = 10;
export const SHIFT_EARLY = 0.1;
export const SHIFT_MIN_AFTER_BINS = 3;
/** Lines of the template after the split, and before it (else it is new: novelty judges it). */
export const SHIFT_MIN_AFTER = 30;
export const SHIFT_MIN_BEFORE = 3;
/** Bins from the template's first to the split, for a rate before it. */
export const SHIFT_MIN_BEFORE_BINS = 2;
/** Lines of its service before the split, for its share there to mean anything. */
export const SHIFT_MIN_SERVICE_BEFORE = 200;
export const SHIFT_NONE = 2;
export const SHIFT_FULL = 8;
/** Share of the bins after the split whose own share is at least SHIFT_NONE times the share before. */
export const SHIFT_SUSTAINED = 0.6;
/** Share of its service after the split above which the service, not the template, changed. */
export const SHIFT_MAX_SHARE = 0.5;
const PATTERN_CAP = 0.95;

export interface ShiftStats {
  /** Per template, the first bin of its rise, -1 when it did not rise. */
  fromBin: Int32Array;
  /** Per template, its share of its service's lines before the split and after it. */
  before: Float64Array;
  after: Float64Array;
  /** Per template, the evidence its lines from fromBin on carry. */
  evidence: Float64Array;
  /** Bins of the window. */
  bins: number;
}

const xlogy = (x: number, y: number): number => (x > 0 ? x * Math.log(y) : 0);

/** Binomial log-likelihood ratio of two shares against one. */
export function splitScore(c1: number, s1: number, c2: number, s2: number): number {
  const p1 = c1 / s1;
  const p2 = c2 / s2;
  const p = (c1 + c2) / (s1 + s2);
  return xlogy(c1, p1 / p) + xlogy(s1 - c1, (1 - p1) / (1 - p)) + xlogy(c2, p2 / p) + xlogy(s2 - c2, (1 - p2) / (1 - p));
}

export function shiftStats(
  templateOf: Int32Array,
  templates: number,
  occurrences: Int32Array,
  serviceOf: Int32Array,
  reference: Reference,
  periodic: Uint8Array,
  timestampMs?: Float64Array,
  levelSeverity?: ArrayLike<number>,
): ShiftStats {
  const fromBin = new Int32Array(templates).fill(-1);
  const before = new Float64Array(templates);
  const after = new Float64Array(templates);
  const evidence = new Float64Array(templates);
  const bins = reference.bins;
  const n = templateOf.length;
  if (bins < SHIFT_MIN_BINS) return { fromBin, before, after, evidence, bins };
  // A rise of lines marked WARNING or worse is their failure's to judge (error evidence, with
  // its routineness); this is for the ordinary line whose rate is all that changed.
  const warnings = new Int32Array(templates);
  if (levelSeverity) for (let i = 0; i < n; i++) if (levelSeverity[i]! >= 3) warnings[templateOf[i]!]!++;
  // Only templates with enough lines to rise are counted per bin. A timer's line does not rise:
  // its share does when the rest of its service falls quiet.
  const slot = new Int32Array(templates).fill(-1);
  let counted = 0;
  for (let id = 0; id < templates; id++)
    if (occurrences[id]! >= SHIFT_MIN_AFTER + SHIFT_MIN_BEFORE && !periodic[id] && 2 * warnings[id]! <= occurrences[id]!) slot[id] = counted++;
  if (counted === 0) return { fromBin, before, after, evidence, bins };
  const services = groupCount(serviceOf, n);
  const perBin = new Int32Array(counted * bins);
  const servicePerBin = new Int32Array(services * bins);
  const serviceOfSlot = new Int32Array(counted);
  // Each bin's earliest and latest time: the parts' spans for their lines per unit of time.
  const binLo = new Float64Array(bins).fill(Infinity);
  const binHi = new Float64Array(bins).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const b = reference.binOf(i);
    servicePerBin[serviceOf[i]! * bins + b]!++;
    const ms = timestampMs ? timestampMs[i]! : Number.NaN;
    if (ms < binLo[b]!) binLo[b] = ms;
    if (ms > binHi[b]!) binHi[b] = ms;
    const k = slot[templateOf[i]!]!;
    if (k < 0) continue;
    perBin[k * bins + b]!++;
    serviceOfSlot[k] = serviceOf[i]!;
  }
  const first = Math.ceil(SHIFT_EARLY * bins);
  for (let id = 0; id < templates; id++) {
    const k = slot[id]!;
    if (k < 0) continue;
    const s = serviceOfSlot[k]!;
    let total = 0;
    let serviceTotal = 0;
    for (let b = 0; b < bins; b++) {
      total += perBin[k * bins + b]!;
      serviceTotal += servicePerBin[s * bins + b]!;
    }
    // Its rate before is measured from its first bins: a template that began within the window at
    // one rate and kept it is a new phase (novelty judges it), one that began as a trickle and
    // then multiplied has risen. Its first bin, when not the window's, holds it only from
    // somewhere inside: left out.
    let start = 0;
    while (perBin[k * bins + start] === 0) start++;
    if (start > 0) start++;
    const serviceAfterStart = serviceTotal - beforeStart(servicePerBin, s * bins, start);
    let c1 = 0;
    let s1 = 0;
    let best = 0;
    let split = -1;
    let c = 0;
    let sv = 0;
    for (let b = start; b < bins - SHIFT_MIN_AFTER_BINS; b++) {
      c1 += perBin[k * bins + b]!;
      s1 += servicePerBin[s * bins + b]!;
      if (b + 1 < first || b + 1 - start < SHIFT_MIN_BEFORE_BINS) continue;
      const c2 = total - c1;
      const s2 = serviceAfterStart - s1;
      if (c1 < SHIFT_MIN_BEFORE || c2 < SHIFT_MIN_AFTER || s1 < SHIFT_MIN_SERVICE_BEFORE || s2 <= 0 || c2 / s2 <= c1 / s1) continue;
      const score = splitScore(c1, s1, c2, s2);
      if (score > best) {
        best = score;
        split = b + 1;
        c = c1;
        sv = s1;
      }
    }
    if (split < 0) continue;
    const shareBefore = c / sv;
    const shareAfter = (total - c) / (serviceAfterStart - sv);
    // The rise must be one in time too: a share also rises when the rest of the service falls
    // quiet (a phone's broadcast receiver at night, its minute ticks as frequent as before).
    const inTime = timeRatio(binLo, binHi, start, split, c, total - c);
    if (inTime < SHIFT_NONE) continue;
    // Most bins after the split must hold the rise: one burst inside them is a burst (bursts.ts).
    let risen = 0;
    for (let b = split; b < bins; b++) {
      const inBin = servicePerBin[s * bins + b]!;
      if (inBin > 0 && perBin[k * bins + b]! / inBin >= SHIFT_NONE * shareBefore) risen++;
    }
    // A template that becomes most of its service is its service changing (a component that
    // now only retries), which the service's failures and bursts judge, not one line rising in it.
    if (risen < SHIFT_SUSTAINED * (bins - split) || shareAfter > SHIFT_MAX_SHARE) continue;
    const ratio = Number.isNaN(inTime) ? shareAfter / shareBefore : Math.min(inTime, shareAfter / shareBefore);
    const ev = riseEvidence(ratio);
    if (ev <= 0) continue;
    fromBin[id] = split;
    before[id] = shareBefore;
    after[id] = shareAfter;
    evidence[id] = ev;
  }
  return { fromBin, before, after, evidence, bins };
}

/** The evidence of a share risen `ratio` times: none at SHIFT_NONE, full at SHIFT_FULL. */
export function riseEvidence(ratio: number): number {
  return PATTERN_CAP * clamp01(Math.log(ratio / SHIFT_NONE) / Math.log(SHIFT_FULL / SHIFT_NONE));
}

/**
 * Lines per unit of time after bin `split` over from bin `start` to it (`before` and `after` lines), each
 * part's time being its bins' span; NaN when a part has no span (no times).
 */
function timeRatio(binLo: Float64Array, binHi: Float64Array, start: number, split: number, before: number, after: number): number {
  const span = (from: number, to: number): number => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let b = from; b < to; b++) {
      if (binLo[b]! < lo) lo = binLo[b]!;
      if (binHi[b]! > hi) hi = binHi[b]!;
    }
    return hi - lo;
  };
  const span1 = span(start, split);
  const span2 = span(split, binLo.length);
  if (!(span1 > 0) || !(span2 > 0)) return Number.NaN;
  return after / span2 / (before / span1);
}

/** Lines of a service in its bins before `start` (row offset `at` into the per-bin counts). */
function beforeStart(servicePerBin: Int32Array, at: number, start: number): number {
  let lines = 0;
  for (let b = 0; b < start; b++) lines += servicePerBin[at + b]!;
  return lines;
}
