/**
 * Evidence from message templates (templates.ts): novelty, bursts, and which templates are
 * routine. All of it per template or per log, in O(n).
 *
 * Novelty: a template first seen after k logs of its service, with c occurrences in the
 * window. If the template were a steady part of the service, the chance that none of its c
 * occurrences falls in the first f = k / n_s of the service's logs is p = (1 - f)^c; if it is
 * new, that chance is 1. With prior odds NOVELTY_PRIOR_ODDS (about one late template in ten
 * is an anomaly), the posterior odds are NOVELTY_PRIOR_ODDS / p and the evidence their
 * probability: p = 0.1 (a singleton 90% into the window) gives 0.5, p = 0.01 gives 0.92.
 * Times how much history the service had (nothing before MIN_HISTORY logs or EARLY_SHARE of
 * its logs, full from FULL_HISTORY logs and SETTLED_SHARE: a service that just started says
 * nothing new, and a change a tenth into the window is not the incident), times rarity (a
 * template over COMMON_SHARE of the window is common, not a pattern anomaly; errors among
 * those are judged by error evidence).
 *
 * Bursts: a template established in the reference part (reference.ts: at least MIN_BURST times,
 * in at least MIN_BURST_BINS of its bins) whose count k among the BURST_WINDOW logs around a
 * log is far above its usual. The usual is the larger of a Poisson upper band
 * mu + 2 sqrt(mu) + 1 of its rate (a trimmed mean of its count per reference bin, so a burst
 * cannot raise its own baseline) and how clustered it already is (the median, over the
 * reference bins it appears in, of its highest local count there: a job that logs in batches
 * is not bursting), and the height it reaches in RECURRING_BURSTS separate places of the window
 * (recurringPeak: a log that bursts all day, as UIs and retry loops do, bursts as a rhythm).
 * Evidence log(k / usual) / log(BURST_FULL_RATIO): a rate an order of magnitude above its usual
 * band is a burst for certain; real logs (UIs, retry loops) often run at 2-4x their usual band.
 *
 * Share: a template's part of its service's lines in the window. One ramp says how common a
 * share is (commonness): under RARE_SHARE (5%) of a service's lines is rare, from ROUTINE_SHARE
 * (20%) on it is routine, log-linear between. The same ramp judges levels (evidence.ts).
 *
 * Established: a template that recurs over the window (its first and last bins at least SPREAD
 * of the window apart, and present in SPREAD of the bins or in at least ROUTINE_MIN_EPISODES
 * separate runs of bins) and is not
 * new in it (settledTemplates: by the time of its first line in the window). An outage's lines arrive late; an alert comes in one or
 * two bursts; neither is established, however many lines it has. A job that logs in batches all
 * day is.
 *
 * Routine (per log, in [0, 1]): for a template not new in the window and not bursting at that
 * log, the commonness of its share. Error and timeout evidence is damped by it, and, for an
 * established template, by the commonness of its level in the service (evidence.ts): an error
 * the service writes all day is not the incident; one it writes on 2% of its lines still is
 * worth a look, and so is a rare line type of an everyday level that comes in one burst.
 *
 * Rarity (per template, in [0, 1]): 1 up to VERY_RARE_SHARE (1%) of its service's lines, 0 from
 * RARE_SHARE, for services with at least MIN_RARITY_LOGS logs (in a small service nothing is
 * rare), and 0 for a periodic template (gaps between occurrences within PERIODIC_CV of their
 * mean: a scheduled job). A rare template is not evidence alone (real logs have long tails of
 * rare messages); with a message much longer than the service's usual, or words of concern, it
 * is (evidence.ts).
 */
import type { Reference } from "./reference.js";
import { clamp01 } from "./statistics.js";
import type { TemplateTable } from "./templates.js";

export const NOVELTY_PRIOR_ODDS = 0.11;
export const MIN_HISTORY = 20;
export const FULL_HISTORY = 80;
export const EARLY_SHARE = 0.1;
export const SETTLED_SHARE = 0.25;
export const COMMON_SHARE = 0.03;
export const UBIQUITOUS_SHARE = 0.12;
export const BURST_WINDOW = 100;
export const MIN_BURST = 5;
/** A burst this many times its usual band is full evidence (an order of magnitude). */
export const BURST_FULL_RATIO = 10;
/** Separate places a template must burst in for its bursts to be its usual. */
export const RECURRING_BURSTS = 3;
/** Reference bins a template must appear in to be judged for bursts (else novelty judges it). */
export const MIN_BURST_BINS = 3;
export const RARE_SHARE = 0.05;
export const ROUTINE_SHARE = 0.2;
export const VERY_RARE_SHARE = 0.01;
/** Logs a service needs in the window before any of its templates is called rare or routine. */
export const MIN_RARITY_LOGS = 100;
/** Share of the window between a recurring template's first and last bins. */
export const SPREAD = 0.5;
/** Separate runs of bins a recurring template appears in. */
export const ROUTINE_MIN_EPISODES = 3;
/** Coefficient of variation of the gaps below which a template is periodic. */
export const PERIODIC_CV = 0.25;
/** Template evidence never claims certainty. */
export const PATTERN_CAP = 0.95;

export interface TemplateStats {
  table: TemplateTable;
  /** Logs of the service seen before the template's first occurrence. */
  history: Int32Array;
  /** Logs of the template's service in the window. */
  serviceLogs: Int32Array;
  /** Occurrences in the reference part. */
  inReference: Int32Array;
  /** Share of its service's lines in the window. */
  share: Float64Array;
  /** Rarity per template (see above). */
  rarity: Float64Array;
  /** 1 for an established template (see above). */
  established: Uint8Array;
  /** 1 for a periodic template. */
  periodic: Uint8Array;
  /** Usual occurrences among the `window` logs around a log: the band a burst must exceed. */
  usualPerWindow: Float64Array;
  /** Novelty evidence per template. */
  novelty: Float64Array;
  /** Logs in the window around each log that local counts are taken over. */
  window: number;
  /** Occurrences of the log's template among the `window` logs around it (itself included). */
  localCount: Int32Array;
}

export interface PatternEvidence {
  stats: TemplateStats;
  /** Novelty evidence per log (its template's). */
  novelty: Float64Array;
  /** Burst evidence per log. */
  burst: Float64Array;
  /** How routine the log's template is, in [0, 1] (see above). */
  routine: Float64Array;
}

/** 0 for a share under RARE_SHARE of a service's lines, 1 from ROUTINE_SHARE, log-linear between. */
export function commonness(share: number): number {
  if (!(share > RARE_SHARE)) return 0;
  return clamp01(Math.log(share / RARE_SHARE) / Math.log(ROUTINE_SHARE / RARE_SHARE));
}

/** 1 up to VERY_RARE_SHARE, 0 from RARE_SHARE, log-linear between. */
export function rarityOf(share: number): number {
  if (!(share > VERY_RARE_SHARE)) return 1;
  return clamp01(Math.log(RARE_SHARE / share) / Math.log(RARE_SHARE / VERY_RARE_SHARE));
}

/** How surely a template is new in the window: the novelty posterior without its rarity factor. */
export function arrivalEvidence(history: number, serviceLogs: number, occurrences: number): number {
  return noveltyEvidence(history, serviceLogs, occurrences, 0) / PATTERN_CAP;
}

/** windowLogs 0 leaves out the rarity factor (arrivalEvidence). */
export function noveltyEvidence(history: number, serviceLogs: number, occurrences: number, windowLogs: number): number {
  if (serviceLogs <= 0 || occurrences <= 0) return 0;
  const f = history / serviceLogs;
  const p = Math.pow(1 - f, occurrences);
  const odds = NOVELTY_PRIOR_ODDS / Math.max(p, 1e-12);
  const surprise = odds / (1 + odds);
  // Enough history: logs of the service before it, and a share of the window (a template first
  // seen in the first tenth has not been preceded by enough of the service's normal).
  const enoughHistory = Math.min(
    clamp01((history - MIN_HISTORY) / (FULL_HISTORY - MIN_HISTORY)),
    clamp01((f - EARLY_SHARE) / (SETTLED_SHARE - EARLY_SHARE)),
  );
  const share = occurrences / Math.max(1, windowLogs);
  const rare = windowLogs === 0 ? 1 : 1 - clamp01((share - COMMON_SHARE) / (UBIQUITOUS_SHARE - COMMON_SHARE));
  return PATTERN_CAP * surprise * enoughHistory * rare;
}

/** Chance that one line among `local` occurrences is above the `usual` band (0 below MIN_BURST). */
export function burstEvidence(local: number, usual: number): number {
  if (local < MIN_BURST || !(local > usual)) return 0;
  return PATTERN_CAP * clamp01(Math.log(local / usual) / Math.log(BURST_FULL_RATIO));
}

/** 1 when the template's gaps (ms, in log order) are regular: a scheduled job. Needs 3 occurrences. */
function periodicTemplates(table: TemplateTable, timestampMs: Float64Array | undefined): Uint8Array {
  const t = table.count;
  const out = new Uint8Array(t);
  if (!timestampMs) return out;
  const last = new Float64Array(t).fill(Number.NaN);
  const sum = new Float64Array(t);
  const sumSq = new Float64Array(t);
  const gaps = new Int32Array(t);
  const { templateOf } = table;
  for (let i = 0; i < templateOf.length; i++) {
    const id = templateOf[i]!;
    const ms = timestampMs[i]!;
    if (Number.isNaN(ms)) continue;
    const prev = last[id]!;
    if (!Number.isNaN(prev)) {
      const gap = ms - prev;
      sum[id]! += gap;
      sumSq[id]! += gap * gap;
      gaps[id]!++;
    }
    last[id] = ms;
  }
  for (let id = 0; id < t; id++) {
    const k = gaps[id]!;
    if (k < 2) continue;
    const mean = sum[id]! / k;
    if (!(mean > 0)) continue;
    const sd = Math.sqrt(Math.max(0, sumSq[id]! / k - mean * mean));
    if (sd / mean <= PERIODIC_CV) out[id] = 1;
  }
  return out;
}

/** Times of the logs when they are all known and in order, else their positions. */
function burstPositions(timestampMs: Float64Array | undefined, n: number): Float64Array {
  if (timestampMs && timestampMs.length === n) {
    let ordered = n > 1;
    for (let i = 0; i < n && ordered; i++) {
      const t = timestampMs[i]!;
      if (!Number.isFinite(t) || (i > 0 && t < timestampMs[i - 1]!)) ordered = false;
    }
    if (ordered && timestampMs[n - 1]! > timestampMs[0]!) return timestampMs;
  }
  return Float64Array.from({ length: n }, (_, i) => i);
}

/**
 * The k-th highest of the per-bin peaks, taking no two bins next to each other (one burst may
 * straddle two bins): a template that peaks this high in k separate places of the window bursts
 * as a rhythm, not as an event. 0 when there are fewer than k such places.
 */
export function recurringPeak(peakPerBin: Int32Array, k: number): number {
  const order = Array.from(peakPerBin.keys()).filter((b) => peakPerBin[b]! > 0).sort((a, b) => peakPerBin[b]! - peakPerBin[a]! || a - b);
  const taken: number[] = [];
  for (const b of order) {
    if (taken.some((x) => Math.abs(x - b) <= 1)) continue;
    taken.push(b);
    if (taken.length === k) return peakPerBin[b]!;
  }
  return 0;
}

/**
 * Occurrences a template would have at its steady rate: the trimmed mean of its count per bin
 * (the busiest fifth of the bins dropped) times the bins, at most its occurrences. A burst
 * cannot make a template's steady rate look higher than it is (and so its first line look late).
 */
function steadyCounts(table: TemplateTable, reference: Reference): Float64Array {
  const bins = reference.bins;
  const perBin = new Int32Array(table.count * bins);
  const { templateOf } = table;
  for (let i = 0; i < templateOf.length; i++) perBin[templateOf[i]! * bins + reference.binOf(i)]!++;
  const keep = Math.max(1, bins - Math.floor(0.2 * bins));
  const out = new Float64Array(table.count);
  const counts = new Int32Array(bins);
  for (let id = 0; id < table.count; id++) {
    counts.set(perBin.subarray(id * bins, (id + 1) * bins));
    counts.sort();
    let sum = 0;
    for (let b = 0; b < keep; b++) sum += counts[b]!;
    out[id] = Math.min(table.occurrences[id]!, (sum / keep) * bins);
  }
  return out;
}

/**
 * 1 for a template that is not new in the window. Its first line comes after a share f of the
 * window's time span (of its lines, when times are missing); were the template a steady part of
 * the window, none of its c lines would fall before f with chance p = (1 - f)^c, and the
 * posterior that it is new is NOVELTY_PRIOR_ODDS / p as odds. Unlike novelty, no share of the
 * window is required before it, only MIN_HISTORY..FULL_HISTORY lines: an outage that starts a
 * few minutes in and fills the rest of the window (p = 0.95^500) is new, not routine.
 * Time, not the service's own lines: an outage multiplies its service's lines, so by that count
 * its first line would look early; another service's flood would do the same by position.
 */
function settledTemplates(table: TemplateTable, timestampMs: Float64Array | undefined, reference: Reference): Uint8Array {
  const { templateOf, firstRow, count } = table;
  const n = templateOf.length;
  const steady = steadyCounts(table, reference);
  let lo = Infinity;
  let hi = -Infinity;
  if (timestampMs) {
    for (let i = 0; i < n; i++) {
      const ms = timestampMs[i]!;
      if (ms < lo) lo = ms;
      if (ms > hi) hi = ms;
    }
  }
  const byTime = hi > lo;
  const out = new Uint8Array(count);
  for (let id = 0; id < count; id++) {
    const row = firstRow[id]!;
    const ms = byTime ? timestampMs![row]! : Number.NaN;
    const f = Number.isFinite(ms) ? (ms - lo) / (hi - lo) : row / Math.max(1, n);
    const p = Math.pow(1 - Math.min(f, 1), steady[id]!);
    const odds = NOVELTY_PRIOR_ODDS / Math.max(p, 1e-12);
    const arrival = (odds / (1 + odds)) * clamp01((row - MIN_HISTORY) / (FULL_HISTORY - MIN_HISTORY));
    out[id] = arrival < 0.5 ? 1 : 0;
  }
  return out;
}

export function templateEvidence(table: TemplateTable, serviceOf: Int32Array, reference: Reference, timestampMs?: Float64Array): PatternEvidence {
  const n = table.templateOf.length;
  const t = table.count;
  const { templateOf, occurrences, firstRow } = table;

  // Position of each log within its service, and service sizes.
  let services = 0;
  for (let i = 0; i < n; i++) if (serviceOf[i]! + 1 > services) services = serviceOf[i]! + 1;
  const seen = new Int32Array(services);
  const history = new Int32Array(t);
  const inReference = new Int32Array(t);
  const referenceBins = new Int32Array(t);
  const lastBin = new Int32Array(t).fill(-1);
  const episodes = new Int32Array(t);
  const binsPresent = new Int32Array(t);
  const firstBin = new Int32Array(t);
  const lastAnyBin = new Int32Array(t).fill(-1);
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    const s = serviceOf[i]!;
    if (firstRow[id] === i) history[id] = seen[s]!;
    seen[s]!++;
    const b = reference.binOf(i);
    if (b !== lastAnyBin[id]) {
      if (lastAnyBin[id] === -1) firstBin[id] = b;
      if (b !== lastAnyBin[id]! + 1) episodes[id]!++;
      binsPresent[id]!++;
      lastAnyBin[id] = b;
    }
    if (reference.mask[i]) {
      inReference[id]!++;
      if (b !== lastBin[id]) {
        lastBin[id] = b;
        referenceBins[id]!++;
      }
    }
  }
  const periodic = periodicTemplates(table, timestampMs);
  const settled = settledTemplates(table, timestampMs, reference);
  const serviceLogs = new Int32Array(t);
  const share = new Float64Array(t);
  const rarity = new Float64Array(t);
  const established = new Uint8Array(t);
  for (let id = 0; id < t; id++) {
    const row = firstRow[id]!;
    if (row >= n) continue;
    const logs = seen[serviceOf[row]!]!;
    serviceLogs[id] = logs;
    share[id] = occurrences[id]! / Math.max(1, logs);
    rarity[id] = logs >= MIN_RARITY_LOGS && !periodic[id] ? rarityOf(share[id]!) : 0;
    const recurs =
      lastAnyBin[id]! - firstBin[id]! + 1 >= SPREAD * reference.bins && (episodes[id]! >= ROUTINE_MIN_EPISODES || binsPresent[id]! >= SPREAD * reference.bins);
    // Arrival by position in the whole window: an outage multiplies its service's lines, so the
    // service's own count would make its first line look early.
    established[id] = reference.bins < 2 || (recurs && settled[id]) ? 1 : 0;
  }
  const novelty = new Float64Array(t);
  for (let id = 0; id < t; id++) novelty[id] = noveltyEvidence(history[id]!, serviceLogs[id]!, occurrences[id]!, n);

  // Local counts: occurrences of the same template within the span `window` average logs take
  // around each log: in time when the logs are in time order (a burst of a message that is
  // already a third of the traffic can only triple its share of 100 lines, while its rate jumps
  // 30x), else in lines.
  const window = Math.min(BURST_WINDOW, Math.max(10, Math.floor(n / 2)));
  const pos = burstPositions(timestampMs, n);
  const span = n > 1 ? pos[n - 1]! - pos[0]! : 0;
  const half = span > 0 ? (span * window) / (2 * n) : window / 2;
  const localCount = new Int32Array(n);
  const start = new Int32Array(t + 1);
  for (let id = 0; id < t; id++) start[id + 1] = start[id]! + occurrences[id]!;
  const rows = new Int32Array(n);
  const fill = start.slice(0, t);
  for (let i = 0; i < n; i++) rows[fill[templateOf[i]!]!++] = i;
  for (let id = 0; id < t; id++) {
    const from = start[id]!;
    const to = start[id + 1]!;
    let lo = from;
    let hi = from;
    for (let k = from; k < to; k++) {
      const at = pos[rows[k]!]!;
      while (pos[rows[lo]!]! < at - half) lo++;
      while (hi < to && pos[rows[hi]!]! <= at + half) hi++;
      localCount[rows[k]!] = hi - lo;
    }
  }

  // Usual local count per template (0 = not a burst candidate), from the reference bins only.
  const usualPerWindow = new Float64Array(t);
  const bins = reference.bins;
  // Each bin's span in the same unit as `half` (at least one average log's worth).
  const binSpan = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    const first = Math.min(n - 1, b * reference.binSize);
    const last = Math.min(n - 1, (b + 1) * reference.binSize - 1);
    binSpan[b] = Math.max(pos[last]! - pos[first]!, span > 0 ? span / n : 1);
  }
  // Half an occurrence over the kept bins is the least rate a template present there has.
  const averageBinSpan = (span > 0 ? span : n) / bins;
  const quiet: number[] = [];
  for (let b = 0; b < bins; b++) if (reference.quietBins[b]) quiet.push(b);
  const keep = Math.max(1, quiet.length - Math.floor(0.2 * quiet.length));
  const rates = new Float64Array(quiet.length);
  const peak = new Int32Array(bins);
  const anyPeak = new Int32Array(bins);
  const perBin = new Int32Array(bins);
  for (let id = 0; id < t; id++) {
    if (occurrences[id]! < MIN_BURST || inReference[id]! < MIN_BURST) continue;
    perBin.fill(0);
    peak.fill(0);
    anyPeak.fill(0);
    for (let k = start[id]!; k < start[id + 1]!; k++) {
      const row = rows[k]!;
      const b = reference.binOf(row);
      if (localCount[row]! > anyPeak[b]!) anyPeak[b] = localCount[row]!;
      if (!reference.mask[row]) continue;
      perBin[b]!++;
      if (localCount[row]! > peak[b]!) peak[b] = localCount[row]!;
    }
    let present = 0;
    quiet.forEach((b, j) => {
      rates[j] = perBin[b]! / binSpan[b]!;
      if (perBin[b]! > 0) present++;
    });
    if (present < MIN_BURST_BINS) continue;
    // Trimmed mean of the per-bin rates (the busiest 20% of bins dropped), over the window.
    rates.sort();
    let sum = 0;
    for (let j = 0; j < keep; j++) sum += rates[j]!;
    const mu = Math.max(sum / keep, 0.5 / (keep * averageBinSpan)) * 2 * half;
    // How clustered the template already is: the median over the reference bins it appears in
    // of its highest local count there (a burst in a few bins cannot move a median).
    const peaks = quiet.filter((b) => perBin[b]! > 0).map((b) => peak[b]!).sort((a, b) => a - b);
    const clustered = peaks[(peaks.length - 1) >> 1] ?? 0;
    usualPerWindow[id] = Math.max(mu + 2 * Math.sqrt(mu) + 1, clustered, recurringPeak(anyPeak, RECURRING_BURSTS));
  }

  const burst = new Float64Array(n);
  const routine = new Float64Array(n);
  const noveltyPerLog = new Float64Array(n);
  const templateRoutine = new Float64Array(t);
  for (let id = 0; id < t; id++) {
    templateRoutine[id] = settled[id] && serviceLogs[id]! >= MIN_RARITY_LOGS ? commonness(share[id]!) : 0;
  }
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    noveltyPerLog[i] = novelty[id]!;
    if (usualPerWindow[id]! > 0) burst[i] = burstEvidence(localCount[i]!, usualPerWindow[id]!);
    if (burst[i]! < 0.5) routine[i] = templateRoutine[id]!;
  }
  return {
    stats: { table, history, serviceLogs, inReference, share, rarity, established, periodic, usualPerWindow, novelty, window, localCount },
    novelty: noveltyPerLog,
    burst,
    routine,
  };
}
