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
 * is not bursting). Evidence 1 - usual / k: the chance that a line of the burst is an extra one.
 *
 * Routine: a template seen at least ROUTINE_MIN_REFERENCE times in the reference part, in at
 * least ROUTINE_MIN_BINS of its bins, not novel, and not bursting at that log. Error and
 * timeout evidence of routine templates is damped (an error the service writes all day is not
 * the incident).
 */
import type { Reference } from "../reference.js";
import { clamp01 } from "../statistics.js";
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
/** Reference bins a template must appear in to be judged for bursts (else novelty judges it). */
export const MIN_BURST_BINS = 3;
export const ROUTINE_MIN_REFERENCE = 3;
export const ROUTINE_MIN_BINS = 3;
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
  /** 1 where the log's template is routine (see above). */
  routine: Uint8Array;
}

export function noveltyEvidence(history: number, serviceLogs: number, occurrences: number, windowLogs: number): number {
  if (serviceLogs <= 0 || occurrences <= 0) return 0;
  const f = history / serviceLogs;
  const p = (1 - f) ** occurrences;
  const odds = NOVELTY_PRIOR_ODDS / Math.max(p, 1e-12);
  const surprise = odds / (1 + odds);
  // Enough history: logs of the service before it, and a share of the window (a template first
  // seen in the first tenth has not been preceded by enough of the service's normal).
  const enoughHistory = Math.min(clamp01((history - MIN_HISTORY) / (FULL_HISTORY - MIN_HISTORY)), clamp01((f - EARLY_SHARE) / (SETTLED_SHARE - EARLY_SHARE)));
  const share = occurrences / Math.max(1, windowLogs);
  const rare = 1 - clamp01((share - COMMON_SHARE) / (UBIQUITOUS_SHARE - COMMON_SHARE));
  return PATTERN_CAP * surprise * enoughHistory * rare;
}

/** Chance that one line among `local` occurrences is above the `usual` band (0 below MIN_BURST). */
export function burstEvidence(local: number, usual: number): number {
  if (local < MIN_BURST) return 0;
  return PATTERN_CAP * clamp01(1 - usual / local);
}

export function templateEvidence(table: TemplateTable, serviceOf: Int32Array, reference: Reference): PatternEvidence {
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
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    const s = serviceOf[i]!;
    if (firstRow[id] === i) history[id] = seen[s]!;
    seen[s]!++;
    if (reference.mask[i]) {
      inReference[id]!++;
      const b = reference.binOf(i);
      if (b !== lastBin[id]) {
        lastBin[id] = b;
        referenceBins[id]!++;
      }
    }
  }
  const serviceLogs = new Int32Array(t);
  for (let id = 0; id < t; id++) {
    const row = firstRow[id]!;
    serviceLogs[id] = row < n ? seen[serviceOf[row]!]! : 0;
  }

  const novelty = new Float64Array(t);
  for (let id = 0; id < t; id++) novelty[id] = noveltyEvidence(history[id]!, serviceLogs[id]!, occurrences[id]!, n);

  // Local counts: occurrences of the same template among the `window` logs around each log.
  const window = Math.min(BURST_WINDOW, Math.max(10, Math.floor(n / 2)));
  const localCount = new Int32Array(n);
  const start = new Int32Array(t + 1);
  for (let id = 0; id < t; id++) start[id + 1] = start[id]! + occurrences[id]!;
  const rows = new Int32Array(n);
  const fill = start.slice(0, t);
  for (let i = 0; i < n; i++) rows[fill[templateOf[i]!]!++] = i;
  const half = window >> 1;
  for (let id = 0; id < t; id++) {
    const from = start[id]!;
    const to = start[id + 1]!;
    let lo = from;
    let hi = from;
    for (let k = from; k < to; k++) {
      const row = rows[k]!;
      while (rows[lo]! < row - half) lo++;
      while (hi < to && rows[hi]! <= row + half) hi++;
      localCount[row] = hi - lo;
    }
  }

  // Usual local count per template (0 = not a burst candidate), from the reference bins only.
  const usualPerWindow = new Float64Array(t);
  const bins = reference.bins;
  const quiet: number[] = [];
  for (let b = 0; b < bins; b++) if (reference.quietBins[b]) quiet.push(b);
  const keep = Math.max(1, quiet.length - Math.floor(0.2 * quiet.length));
  const counts = new Float64Array(quiet.length);
  const peak = new Int32Array(bins);
  const perBin = new Int32Array(bins);
  for (let id = 0; id < t; id++) {
    if (occurrences[id]! < MIN_BURST || inReference[id]! < MIN_BURST) continue;
    perBin.fill(0);
    peak.fill(0);
    for (let k = start[id]!; k < start[id + 1]!; k++) {
      const row = rows[k]!;
      if (!reference.mask[row]) continue;
      const b = reference.binOf(row);
      perBin[b]!++;
      if (localCount[row]! > peak[b]!) peak[b] = localCount[row]!;
    }
    let present = 0;
    quiet.forEach((b, j) => {
      counts[j] = perBin[b]!;
      if (perBin[b]! > 0) present++;
    });
    if (present < MIN_BURST_BINS) continue;
    // Trimmed mean of the per-bin counts (the busiest 20% of bins dropped), as a rate.
    counts.sort();
    let sum = 0;
    for (let j = 0; j < keep; j++) sum += counts[j]!;
    const mu = (Math.max(sum, 0.5) / (keep * reference.binSize)) * window;
    // How clustered the template already is: the median over the reference bins it appears in
    // of its highest local count there (a burst in a few bins cannot move a median).
    const peaks = quiet
      .filter((b) => perBin[b]! > 0)
      .map((b) => peak[b]!)
      .sort((a, b) => a - b);
    const clustered = peaks[(peaks.length - 1) >> 1] ?? 0;
    usualPerWindow[id] = Math.max(mu + 2 * Math.sqrt(mu) + 1, clustered);
  }

  const burst = new Float64Array(n);
  const routine = new Uint8Array(n);
  const noveltyPerLog = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    noveltyPerLog[i] = novelty[id]!;
    if (usualPerWindow[id]! > 0) burst[i] = burstEvidence(localCount[i]!, usualPerWindow[id]!);
    if (inReference[id]! >= ROUTINE_MIN_REFERENCE && referenceBins[id]! >= ROUTINE_MIN_BINS && novelty[id]! < 0.5 && burst[i]! < 0.5) routine[i] = 1;
  }
  return {
    stats: { table, history, serviceLogs, inReference, usualPerWindow, novelty, window, localCount },
    novelty: noveltyPerLog,
    burst,
    routine,
  };
}
