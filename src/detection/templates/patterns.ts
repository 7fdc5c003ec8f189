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
 * Bursts: see bursts.ts.
 *
 * Share: a template's part of its service's lines in the window. One ramp says how common a
 * share is (commonness): under RARE_SHARE (5%) of a service's lines is rare, from ROUTINE_SHARE
 * (20%) on it is routine, log-linear between. The same ramp judges levels (evidence.ts).
 *
 * Established: a template that recurs over the window (its first and last bins at least SPREAD
 * of the window apart, and present in SPREAD of the bins or in at least ROUTINE_MIN_EPISODES
 * separate runs of bins) and is not
 * new in it (settledTemplates: by the time of its first line in the window), nor ended in it (its
 * lines stop while its service writes on, for longer than any silence it had while it ran), nor
 * a failure its service switched to (switchedTemplates: all it wrote before stopped there). An
 * outage's lines arrive late; an alert comes in one or two bursts; a failure under way when the
 * window opened stops when it is fixed; none is established, however many lines it has. A job
 * that logs in batches all day is.
 *
 * Routine (per log, in [0, 1]): for a template not new in the window and not bursting at that
 * log, the commonness of its share. A periodic template that recurs over the window (clocked: a
 * poll, a heartbeat, a retry timer) is routine by its share even when it began within the
 * window: a timer that writes the same line every two seconds reports one state on every tick,
 * and a line that is a third of its service's output that way is what the service now writes. Error and timeout evidence is damped by it, and, for an
 * established template, by the commonness of its level in the service (evidence.ts): an error
 * the service writes all day is not the incident; one it writes on 2% of its lines still is
 * worth a look, and so is a rare line type of an everyday level that comes in one burst.
 *
 * Rarity (per template, in [0, 1]): 1 up to VERY_RARE_SHARE (2%) of its service's lines, 0 from
 * RARE_SHARE, for services with at least MIN_RARITY_LOGS logs (in a small service nothing is
 * rare), and 0 for a periodic template (at least five lines, gaps within PERIODIC_CV of their
 * mean: a scheduled job) or a steady one (STEADY_SHARE). A rare template is not evidence alone
 * (real logs have long tails of rare messages); with a message much longer than the service's
 * usual, or words of concern, it is (evidence.ts).
 */
import { burstStats, routeBurstStats, skeletonBurstStats, skeletonsOfShapes, type BurstStats, type SkeletonsOfShapes } from "./bursts.js";
import { shiftStats, type ShiftStats } from "./shifts.js";
import { BUSY_RATIO, referenceFrom, type Reference, type ReferenceData } from "../reference.js";
import { clamp01, groupCount } from "../statistics.js";
import type { MessageShapes } from "../features/message-shapes.js";
import type { TemplateTable } from "./templates.js";

export const NOVELTY_PRIOR_ODDS = 0.11;
export const MIN_HISTORY = 20;
export const FULL_HISTORY = 80;
export const EARLY_SHARE = 0.1;
export const SETTLED_SHARE = 0.25;
export const COMMON_SHARE = 0.03;
export const UBIQUITOUS_SHARE = 0.12;
export const RARE_SHARE = 0.05;
export const ROUTINE_SHARE = 0.2;
export const VERY_RARE_SHARE = 0.02;
/** Logs a service needs in the window before any of its templates is called rare or routine (MIN_HISTORY for one established over the window from its first tenth). */
export const MIN_RARITY_LOGS = 100;
/** Share of the window between a recurring template's first and last bins. */
export const SPREAD = 0.5;
/** Separate runs of bins a recurring template appears in. */
export const ROUTINE_MIN_EPISODES = 3;
/**
 * A template written in at least this share of the window's bins is the steady output of its
 * service, not rare, however small its share of the lines (a long status line every few
 * seconds among a chatty service's short ones): a dozen lines scattered over the window are in
 * about half the bins. Judged from MIN_STEADY_BINS bins (about 500 logs).
 */
export const STEADY_SHARE = 0.9;
export const MIN_STEADY_BINS = 10;
/**
 * Coefficient of variation of the gaps below which a template is periodic. A timer's gaps vary
 * by a few percent (cron to the second, a systemd timer's jitter, a poll's work between ticks);
 * a line written a dozen times, once in each stretch of the window at no set point of it, has
 * gaps whose coefficient is about 0.35, and below 0.25 in one window in fifteen (below 0.15
 * almost never): such a line is rare, not a timer's.
 */
export const PERIODIC_CV = 0.15;
/** Gaps needed to call a template periodic: two or three random gaps are alike too often. */
export const PERIODIC_MIN_GAPS = 4;
/** A template ended in the window when its lines stop for this share of it, while its service writes on... */
export const ENDED_SHARE = 0.1;
/** ...and for this many times its longest silence while it ran. */
export const ENDED_SILENCE = 3;
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
  /** 1 for a periodic template that recurs over the window (a timer's line; routine by its share even when new). */
  clocked: Uint8Array;
  /** 1 for a template written in STEADY_SHARE of the window's bins or more (from MIN_STEADY_BINS bins): its service's steady output. */
  steady: Uint8Array;
  /** Novelty evidence per template. */
  novelty: Float64Array;
  /** Novelty evidence per template without its rarity in the window (for lines of WARNING or worse). */
  arrival: Float64Array;
  /**
   * For a template its service had too few lines before to judge (history under MIN_HISTORY),
   * its arrival judged against the whole incident's lines instead, else 0 (for lines of WARNING
   * or worse: a logger that speaks only when something is wrong).
   */
  lateArrival: Float64Array;
  /**
   * For a failure its service switched to (switchedTemplates), the lines the service wrote before
   * the switch, all of messages that then stopped; else 0.
   */
  switchedAfter: Int32Array;
  /** Local counts and usual bands of the bursts (bursts.ts). */
  bursts: BurstStats;
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

/**
 * How surely template `id` is new in the window, in [0, 1]: its arrival evidence (the novelty
 * posterior without its rarity factor) without the cap template evidence keeps.
 */
export function newInWindow(stats: TemplateStats, id: number): number {
  return stats.arrival[id]! / PATTERN_CAP;
}

/**
 * windowLogs 0 leaves out the rarity factor (TemplateStats.arrival, newInWindow). `span`, the
 * share of the window from the template's first line to its last, bounds the share it fills: a
 * new message that fills much of the window is a new phase of it (a job's next step), but 200
 * lines in 45 s of a 40-minute window fill 2 % of it, however many lines they are: a flood.
 */
export function noveltyEvidence(history: number, serviceLogs: number, occurrences: number, windowLogs: number, span = 1): number {
  if (serviceLogs <= 0 || occurrences <= 0) return 0;
  // How far into the service's other lines it first came: a template that floods its service
  // (a retry storm) would otherwise make its own first line look early in the service's count.
  const others = serviceLogs - occurrences;
  const f = others > 0 ? Math.min(1, history / others) : 0;
  const p = (1 - f) ** occurrences;
  const odds = NOVELTY_PRIOR_ODDS / Math.max(p, 1e-12);
  const surprise = odds / (1 + odds);
  // Enough history: logs of the service before it, and a share of the window (a template first
  // seen in the first tenth has not been preceded by enough of the service's normal).
  const enoughHistory = Math.min(clamp01((history - MIN_HISTORY) / (FULL_HISTORY - MIN_HISTORY)), clamp01((f - EARLY_SHARE) / (SETTLED_SHARE - EARLY_SHARE)));
  const share = Math.min(occurrences / Math.max(1, windowLogs), span);
  const rare = windowLogs === 0 ? 1 : 1 - clamp01((share - COMMON_SHARE) / (UBIQUITOUS_SHARE - COMMON_SHARE));
  return PATTERN_CAP * surprise * enoughHistory * rare;
}

/** 1 when the template's gaps (ms, in log order) are regular: a scheduled job (PERIODIC_MIN_GAPS + 1 lines at least). */
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
  for (let id = 0; id < t; id++) if (regularGaps(gaps[id]!, sum[id]!, sumSq[id]!)) out[id] = 1;
  return out;
}

/** Whether `gaps` gaps in time of sum `sum` and sum of squares `sumSq` are a timer's: PERIODIC_MIN_GAPS or more, within PERIODIC_CV of their mean. */
export function regularGaps(gaps: number, sum: number, sumSq: number): boolean {
  if (gaps < PERIODIC_MIN_GAPS) return false;
  const mean = sum / gaps;
  if (!(mean > 0)) return false;
  return Math.sqrt(Math.max(0, sumSq / gaps - mean * mean)) / mean <= PERIODIC_CV;
}

/**
 * Occurrences a template would have at its steady rate, two ways: the trimmed mean of its count
 * per bin (the busiest fifth of the bins dropped) times the bins, over the whole window; and the
 * same from its first bin on. Each at most its occurrences. A burst cannot make a template's
 * steady rate look higher than it is (and so its first line look late). Over the whole window the
 * empty stretch before a template's first line lowers its rate, and so makes that stretch look
 * likely: a new error fifteen times from a third of the way in reads as a template at 8.75 lines
 * a window. From its first bin on, the tail of a storm that spills into a neighbouring bin can
 * read as a trickle that began there. settledTemplates asks both.
 */
function steadyCounts(table: TemplateTable, reference: Reference): { whole: Float64Array; fromFirst: Float64Array } {
  const bins = reference.bins;
  const perBin = new Int32Array(table.count * bins);
  const { templateOf, occurrences } = table;
  for (let i = 0; i < templateOf.length; i++) perBin[templateOf[i]! * bins + reference.binOf(i)]!++;
  const whole = new Float64Array(table.count);
  const fromFirst = new Float64Array(table.count);
  const counts = new Int32Array(bins);
  for (let id = 0; id < table.count; id++) {
    const own = perBin.subarray(id * bins, (id + 1) * bins);
    let first = 0;
    while (first < bins - 1 && own[first] === 0) first++;
    counts.set(own);
    whole[id] = Math.min(occurrences[id]!, trimmedRate(counts) * bins);
    const since = counts.subarray(0, bins - first);
    since.set(own.subarray(first));
    fromFirst[id] = Math.min(occurrences[id]!, trimmedRate(since) * bins);
  }
  return { whole, fromFirst };
}

/** The mean of `counts` without its busiest fifth (sorts `counts` in place). */
function trimmedRate(counts: Int32Array): number {
  counts.sort();
  const keep = Math.max(1, counts.length - Math.floor(0.2 * counts.length));
  let sum = 0;
  for (let b = 0; b < keep; b++) sum += counts[b]!;
  return sum / keep;
}

/**
 * 1 for a template that is not new in the window. Its first line comes after a share f of the
 * window's time span (of its lines, when times are missing). Were the template a steady part of
 * the window, its first line would come at f with density c (1 - f)^(c-1); were it new, starting
 * anywhere in the window, with density 1. The posterior odds that it is new are
 * NOVELTY_PRIOR_ODDS over that ratio. The density, not the chance (1 - f)^c that no line falls
 * before f: a line on every sixteenth log whose first comes after 80 logs is a 1 % gap for a
 * steady template, and a template starting exactly there is no likelier (the tail chance called
 * it new, and a mail relay's routine CRITICAL greylisting an unsettled template). Novelty keeps
 * the tail chance: one line late in the window has density 1 either way, and is still worth a
 * look. Unlike novelty, no share of the window is required before it, only
 * MIN_HISTORY..FULL_HISTORY lines: an outage that starts a few minutes in and fills the rest of
 * the window (density 500 x 0.95^499) is new, not routine.
 * Time, not the service's own lines: an outage multiplies its service's lines, so by that count
 * its first line would look early; another service's flood would do the same by position.
 * Settled when the first line is likely at both steady rates (steadyCounts): over the whole
 * window, and from the template's first bin on. `byWindow` asks the first alone: whether a
 * recurring operation has its own latency baseline does not depend on when it began (a batch's
 * bulk step from a third of the way in is still its own operation).
 */
function settledTemplates(
  table: TemplateTable,
  serviceOf: Int32Array,
  services: number,
  timestampMs: Float64Array | undefined,
  reference: Reference,
): { settled: Uint8Array; byWindow: Uint8Array; early: Uint8Array; lastRow: Int32Array; span: Float64Array } {
  const { templateOf, firstRow, count, occurrences } = table;
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
  // Each row's place in the window, 0..1: by time, or by position where its time is missing.
  const place = new Float64Array(n);
  const perMs = byTime ? 1 / (hi - lo) : 0;
  const perRow = 1 / Math.max(1, n);
  for (let i = 0; i < n; i++) {
    const ms = byTime ? timestampMs![i]! : Number.NaN;
    place[i] = Number.isNaN(ms) ? i * perRow : (ms - lo) * perMs;
  }
  // Each template's last line and longest silence between its lines; each service's last line
  // and how many of its lines follow the template's last.
  const serviceEnd = new Float64Array(services);
  const serviceSeen = new Int32Array(services);
  const lastAt = new Float64Array(count).fill(-1);
  const longestGap = new Float64Array(count);
  const seenAtLast = new Int32Array(count);
  const lastRow = new Int32Array(count);
  let windowEnd = 0;
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    const s = serviceOf[i]!;
    const at = place[i]!;
    if (at > serviceEnd[s]!) serviceEnd[s] = at;
    if (at > windowEnd) windowEnd = at;
    lastRow[id] = i;
    const seen = ++serviceSeen[s]!;
    const prev = lastAt[id]!;
    if (prev >= 0 && at - prev > longestGap[id]!) longestGap[id] = at - prev;
    lastAt[id] = at;
    seenAtLast[id] = seen;
  }
  const out = new Uint8Array(count);
  const byWindow = new Uint8Array(count);
  const early = new Uint8Array(count);
  // Each template's share of the window from its first line to its last.
  const span = new Float64Array(count);
  for (let id = 0; id < count; id++) {
    const row = firstRow[id]!;
    if (row >= n) continue;
    const f = place[row]!;
    span[id] = lastAt[id]! - f;
    const history = clamp01((row - MIN_HISTORY) / (FULL_HISTORY - MIN_HISTORY));
    const arrival = newChance(steady.whole[id]!, f) * history;
    const arrivalSince = newChance(steady.fromFirst[id]!, f) * history;
    // Ended: a template whose lines stop while its service goes on writing, for longer than
    // ENDED_SILENCE times any silence it had while it ran, and at least ENDED_SHARE of the window.
    // A failure that fills a service from before the window and stops was a condition that
    // ended (a key rotated back, a dependency recovered), not the service's everyday. Silences,
    // not a rate: lines that come in clumps (a register dump after each event) are silent
    // between clumps as long as after the last one.
    // A template that is all its service writes ends when the window writes on without it: such
    // a service speaks only to report one thing (a client that logs only its failed calls), and
    // its silence after the last one is its everyday, not a service gone quiet.
    const s = serviceOf[row]!;
    const sole = occurrences[id]! === serviceSeen[s]!;
    const trailing = (sole ? windowEnd : serviceEnd[s]!) - lastAt[id]!;
    const after = sole ? n - 1 - lastRow[id]! : serviceSeen[s]! - seenAtLast[id]!;
    const ended = occurrences[id]! >= MIN_HISTORY && after >= MIN_HISTORY && trailing >= ENDED_SHARE && trailing >= ENDED_SILENCE * longestGap[id]!;
    early[id] = arrival < 0.5 && arrivalSince < 0.5 ? 1 : 0;
    byWindow[id] = arrival < 0.5 && !ended ? 1 : 0;
    out[id] = byWindow[id] && arrivalSince < 0.5 ? 1 : 0;
  }
  return { settled: out, byWindow, early, lastRow, span };
}

/** Bins of overlap a hand-over may have (a rollout's old and new pods writing side by side). */
const HANDOVER_OVERLAP_BINS = 1;
/** How much faster than its plain form a form with an exception may come and still be the same line. */
const HANDOVER_RATE = 2;

/** Statuses told apart per template with an exception; a template whose lines carry more is compared with all its twin's lines. */
const HANDOVER_STATUSES = 8;

/**
 * Per template of lines with an exception, its plain twin (TemplateTable.plainTwin) when it took
 * over from it, else -1: the twin's lines like it stopped within HANDOVER_OVERLAP_BINS of its
 * first bin, and its lines come at most HANDOVER_RATE times as fast as those did. A release that
 * attaches an error to a line it already wrote (`redis: nil` on each cache miss, `not found` on
 * each 404 of an access line whose 200s go on as they were) changes the line's form, not its
 * rate; an outage that turns a partner's occasional 429 into a refused connection on every call
 * multiplies it, and one that fails some calls leaves the plain lines going on. Where the lines
 * with an exception report HTTP statuses, the twin's lines like them are those of the same
 * statuses (its 404s, not its 200s); without, all of the twin's lines.
 */
function handovers(table: TemplateTable, presence: Presence, reference: Reference, httpStatus: Uint16Array | undefined): Int32Array {
  const twin = table.plainTwin;
  const out = new Int32Array(table.count).fill(-1);
  if (twin === undefined) return out;
  const { templateOf } = table;
  const n = templateOf.length;
  // The statuses each template with a twin reports (undefined: more than HANDOVER_STATUSES).
  const statuses = new Map<number, Set<number> | undefined>();
  const variantOf = new Map<number, number>();
  for (let v = 0; v < table.count; v++) if (twin[v]! >= 0) variantOf.set(twin[v]!, v);
  if (variantOf.size === 0) return out;
  if (httpStatus)
    for (let i = 0; i < n; i++) {
      const v = templateOf[i]!;
      if (twin[v]! < 0) continue;
      let set = statuses.get(v);
      if (!statuses.has(v)) {
        set = new Set();
        statuses.set(v, set);
      }
      if (set === undefined) continue;
      set.add(httpStatus[i]!);
      if (set.size > HANDOVER_STATUSES) statuses.set(v, undefined);
    }
  // The twin's lines like each template's: their count and first and last bins.
  const count = new Int32Array(table.count);
  const first = new Int32Array(table.count).fill(-1);
  const last = new Int32Array(table.count).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = variantOf.get(templateOf[i]!);
    if (v === undefined) continue;
    const set = statuses.get(v);
    if (set !== undefined && !set.has(httpStatus![i]!)) continue;
    const b = reference.binOf(i);
    if (first[v] === -1) first[v] = b;
    last[v] = b;
    count[v]!++;
  }
  const { firstBin, lastAnyBin } = presence;
  const rate = (lines: number, from: number, to: number) => lines / (to - from + 1);
  for (let v = 0; v < table.count; v++) {
    if (twin[v]! < 0 || count[v] === 0 || lastAnyBin[v]! < 0) continue;
    const took = first[v]! < firstBin[v]! && last[v]! <= firstBin[v]! + HANDOVER_OVERLAP_BINS && lastAnyBin[v]! > last[v]!;
    if (took && rate(table.occurrences[v]!, firstBin[v]!, lastAnyBin[v]!) <= HANDOVER_RATE * rate(count[v]!, first[v]!, last[v]!)) out[v] = twin[v]!;
  }
  return out;
}

/** The posterior that a template with `c` lines at its steady rate, first seen at `f` of the window, is new there. */
function newChance(c: number, f: number): number {
  const density = c * (1 - Math.min(f, 1)) ** Math.max(0, c - 1);
  const odds = NOVELTY_PRIOR_ODDS / Math.max(Math.min(density, 1e12), 1e-12);
  return odds / (1 + odds);
}

export const SWITCH_MIN_BEFORE = 5;
export const SWITCH_MIN_RECURRING = 3;

/**
 * A service whose lines split at one row into two parts with no template in common: everything
 * it wrote before (SWITCH_MIN_BEFORE lines at least, one of its messages SWITCH_MIN_RECURRING
 * times: its everyday work) stops for good, and from there on it writes only messages it had not
 * written (MIN_HISTORY lines at least). Were the service's output the same all along, the chance
 * that all k lines of the earlier messages come first among its n is 1 / C(n, k): 1 in 50,000 for
 * 5 of 25. The failures (WARNING or worse) that begin there are new, however early in the window
 * the switch came and however few lines came before it: a payment bridge that logged its
 * authorisations and keepalives for four minutes, then only "acquirer link down". (The failures
 * it writes from there on, that is: each message after the switch is one it had not written.)
 * Not when the lines before came BUSY_RATIO times faster than the service writes after: that is
 * a start-up (modules loaded, shards opened within seconds), and what follows is its everyday.
 */
function switchedTemplates(
  table: TemplateTable,
  serviceOf: Int32Array,
  services: number,
  levelSeverity: ArrayLike<number>,
  timestampMs: Float64Array | undefined,
  lastRow: Int32Array,
  serviceLines: Int32Array,
): Int32Array {
  const { templateOf, firstRow, occurrences, count } = table;
  const n = templateOf.length;
  const out = new Int32Array(count);
  // A template is one service's (templates.ts), so a service's last row is its templates' last.
  const serviceLast = new Int32Array(services).fill(-1);
  for (let id = 0; id < count; id++) {
    if (firstRow[id]! >= n) continue;
    const s = serviceOf[firstRow[id]!]!;
    if (lastRow[id]! > serviceLast[s]!) serviceLast[s] = lastRow[id]!;
  }
  const seen = new Int32Array(services);
  const maxLast = new Int32Array(services).fill(-1);
  const maxOccurrences = new Int32Array(services);
  const cut = new Int32Array(services).fill(-1);
  const beforeSpan = new Float64Array(services);
  const firstMs = new Float64Array(services).fill(Number.NaN);
  const lastMs = new Float64Array(services).fill(Number.NaN);
  // A service is settled once it has its cut, or once a message it wrote lasts to its last line
  // (no later row can then follow all its earlier messages' ends): usually within its first lines.
  const settled = new Uint8Array(services);
  let open = 0;
  for (let s = 0; s < services; s++) if (serviceLast[s]! >= 0) open++;
  for (let i = 0; i < n && open > 0; i++) {
    const s = serviceOf[i]!;
    if (settled[s]) continue;
    const ms = timestampMs ? timestampMs[i]! : Number.NaN;
    if (seen[s]! >= SWITCH_MIN_BEFORE && maxLast[s]! < i && maxOccurrences[s]! >= SWITCH_MIN_RECURRING) {
      cut[s] = i;
      beforeSpan[s] = lastMs[s]! - firstMs[s]!;
      settled[s] = 1;
      open--;
      continue;
    }
    seen[s]!++;
    if (!Number.isNaN(ms)) {
      if (Number.isNaN(firstMs[s]!)) firstMs[s] = ms;
      lastMs[s] = ms;
    }
    const id = templateOf[i]!;
    if (lastRow[id]! > maxLast[s]!) maxLast[s] = lastRow[id]!;
    if (occurrences[id]! > maxOccurrences[s]!) maxOccurrences[s] = occurrences[id]!;
    if (maxLast[s]! >= serviceLast[s]!) {
      settled[s] = 1;
      open--;
    }
  }
  const switches = new Uint8Array(services);
  for (let s = 0; s < services; s++) {
    if (cut[s]! < 0) continue;
    const after = serviceLines[s]! - seen[s]!;
    if (after < MIN_HISTORY) continue;
    // Lines per ms before the cut and from it on; a missing time leaves the pace unjudged.
    const afterSpan = timestampMs ? timestampMs[serviceLast[s]!]! - timestampMs[cut[s]!]! : Number.NaN;
    const startUp = (seen[s]! - 1) * afterSpan > BUSY_RATIO * (after - 1) * beforeSpan[s]!;
    switches[s] = startUp ? 0 : 1;
  }
  for (let id = 0; id < count; id++) {
    const row = firstRow[id]!;
    if (row >= n) continue;
    const s = serviceOf[row]!;
    if (switches[s] && row >= cut[s]! && levelSeverity[row]! >= 3) out[id] = seen[s]!;
  }
  return out;
}

/** The requests' routes (LogTable.routeOf and the number of distinct routes), when some log names one. */
export interface RouteInput {
  routeOf: Int32Array | undefined;
  routes: number;
}

/** Where a route's (or a wording's) burst is stronger than the line's so far, the line's burst is that one. */
function adoptStrongerBursts(into: BurstStats, other: BurstStats, by: "byRoute" | "bySkeleton"): void {
  const flag = new Uint8Array(into.evidence.length);
  for (let i = 0; i < flag.length; i++) {
    if (!(other.evidence[i]! > into.evidence[i]!)) continue;
    into.evidence[i] = other.evidence[i]!;
    into.localCount[i] = other.localCount[i]!;
    into.usual[i] = other.usual[i]!;
    into.span[i] = other.span[i]!;
    flag[i] = 1;
    if (by === "bySkeleton" && into.byRoute) into.byRoute[i] = 0;
  }
  into[by] = flag;
}

/** A template's lasting rise (shifts.ts) where it says more than its bursts, from its first bin on. */
function adoptShifts(into: BurstStats, shifts: ShiftStats, templateOf: Int32Array, reference: Reference): void {
  const flag = new Uint8Array(into.evidence.length);
  for (let i = 0; i < flag.length; i++) {
    const id = templateOf[i]!;
    const from = shifts.fromBin[id]!;
    if (from < 0 || reference.binOf(i) < from || !(shifts.evidence[id]! > into.evidence[i]!)) continue;
    into.evidence[i] = shifts.evidence[id]!;
    flag[i] = 1;
  }
  into.byShift = flag;
  into.shifts = shifts;
}

export function templateEvidence(
  table: TemplateTable,
  serviceOf: Int32Array,
  reference: Reference,
  timestampMs?: Float64Array,
  route?: RouteInput,
  levelSeverity?: Float64Array,
  shapes?: Pick<MessageShapes, "shapeOf" | "count" | "skeleton">,
): PatternEvidence {
  const presence = templatePresence(table, serviceOf, reference, timestampMs);
  const facts = templateFacts(table, serviceOf, reference, presence, timestampMs, levelSeverity);
  const bursts = runBursts(burstInput(table, serviceOf, reference, presence, timestampMs, route, shapes, levelSeverity));
  return withBursts(facts, bursts);
}

/** Where each template appears (presenceOf), which are periodic, and the services' count: what the bursts need of the templates. */
export interface TemplatePresence {
  services: number;
  presence: Presence;
  periodic: Uint8Array;
}

/**
 * templateEvidence in stages, so that a helper thread can compute the bursts (the costliest
 * part, and pure numbers) while the caller does the rest: templatePresence, then burstInput for
 * runBursts, templateFacts meanwhile, and withBursts once the bursts are back. The answer is the
 * same as templateEvidence's, bit for bit.
 */
export function templatePresence(table: TemplateTable, serviceOf: Int32Array, reference: Reference, timestampMs: Float64Array | undefined): TemplatePresence {
  // Each pass is a function of its own: V8 compiles small functions once, instead of this one
  // again whenever a later pass meets values the earlier compile had not seen.
  const services = groupCount(serviceOf, table.templateOf.length);
  return { services, presence: presenceOf(table, serviceOf, services, reference), periodic: periodicTemplates(table, timestampMs) };
}

/** Per template everything but its bursts: periodic, settled, rarity, established, novelty. */
export interface TemplateFacts extends Omit<TemplateStats, "bursts"> {
  serviceOf: Int32Array;
  reference: Reference;
  timestampMs: Float64Array | undefined;
  presence: Presence;
  settled: Uint8Array;
  /** Established by the whole-window arrival test alone (settledTemplates' byWindow): which operations get their own latency baseline. */
  operations: Uint8Array;
}

export function templateFacts(
  table: TemplateTable,
  serviceOf: Int32Array,
  reference: Reference,
  { services, presence, periodic }: TemplatePresence,
  timestampMs: Float64Array | undefined,
  levelSeverity?: ArrayLike<number>,
  httpStatus?: Uint16Array,
): TemplateFacts {
  const { history, inReference } = presence;
  const { settled, byWindow, early, lastRow, span } = settledTemplates(table, serviceOf, services, timestampMs, reference);
  // A line that took over from its plain form is that line, settled as it was: the plain form
  // did not end, it changed.
  const handedOver = handovers(table, presence, reference, httpStatus);
  for (let v = 0; v < table.count; v++) {
    const p = handedOver[v]!;
    if (p < 0) continue;
    settled[v] = byWindow[v] = settled[p] = byWindow[p] = early[p]!;
  }
  const switchedAfter = levelSeverity
    ? switchedTemplates(table, serviceOf, services, levelSeverity, timestampMs, lastRow, presence.seen)
    : new Int32Array(table.count);
  for (let id = 0; id < table.count; id++) if (switchedAfter[id]) settled[id] = byWindow[id] = 0;
  const { serviceLogs, share, rarity, established, operations, clocked, steady } = templateVerdicts(
    table,
    serviceOf,
    reference,
    presence,
    periodic,
    settled,
    byWindow,
  );
  // A retry timer that is all a switched service writes reports the failure on every tick.
  for (let id = 0; id < table.count; id++) if (switchedAfter[id]) clocked[id] = 0;
  const { novelty, arrival, lateArrival } = arrivalsOf(table, history, serviceLogs, span);
  for (let v = 0; v < table.count; v++) {
    const p = handedOver[v]!;
    if (p < 0) continue;
    novelty[v] = novelty[p]!;
    arrival[v] = arrival[p]!;
    lateArrival[v] = lateArrival[p]!;
  }
  return {
    table,
    history,
    serviceLogs,
    inReference,
    share,
    rarity,
    established,
    operations,
    periodic,
    clocked,
    steady,
    novelty,
    arrival,
    lateArrival,
    switchedAfter,
    serviceOf,
    reference,
    timestampMs,
    presence,
    settled,
  };
}

/**
 * What runBursts reads: typed arrays and numbers only, so that it crosses to another thread as
 * it is. The reference without its bin function (referenceFrom rebuilds it).
 */
export interface BurstInput {
  templateOf: Int32Array;
  templates: number;
  occurrences: Int32Array;
  inReference: Int32Array;
  serviceOf: Int32Array;
  reference: ReferenceData;
  timestampMs: Float64Array | undefined;
  routeOf: Int32Array | undefined;
  routes: number;
  wordings: SkeletonsOfShapes | undefined;
  /** For the lasting rises (shifts.ts). */
  periodic: Uint8Array;
  levelSeverity: Float64Array | undefined;
}

export function burstInput(
  table: TemplateTable,
  serviceOf: Int32Array,
  reference: Reference,
  { presence, periodic }: TemplatePresence,
  timestampMs: Float64Array | undefined,
  route: RouteInput | undefined,
  shapes: Pick<MessageShapes, "shapeOf" | "count" | "skeleton"> | undefined,
  levelSeverity: Float64Array | undefined,
): BurstInput {
  const { binOf: _, ...referenceData } = reference;
  return {
    templateOf: table.templateOf,
    templates: table.count,
    occurrences: table.occurrences,
    inReference: presence.inReference,
    serviceOf,
    reference: referenceData,
    timestampMs,
    routeOf: route?.routeOf,
    routes: route?.routes ?? 0,
    wordings: shapes && skeletonsOfShapes(shapes),
    periodic,
    levelSeverity,
  };
}

/** The bursts of templates, of routes and of wordings, each line's the strongest, and the templates' lasting rises. */
export function runBursts(input: BurstInput): BurstStats {
  const { templateOf, templates, occurrences, serviceOf, timestampMs } = input;
  const reference = referenceFrom(input.reference);
  const bursts = burstStats({ templateOf, count: templates, occurrences }, reference, timestampMs, input.inReference, serviceOf);
  const byRoute = routeBurstStats(input.routeOf, input.routes, reference, timestampMs, serviceOf);
  if (byRoute) adoptStrongerBursts(bursts, byRoute, "byRoute");
  const bySkeleton = input.wordings && skeletonBurstStats(templateOf, templates, input.wordings, reference, timestampMs, serviceOf);
  if (bySkeleton) adoptStrongerBursts(bursts, bySkeleton, "bySkeleton");
  const shifts = shiftStats(templateOf, templates, occurrences, serviceOf, reference, input.periodic, timestampMs, input.levelSeverity);
  adoptShifts(bursts, shifts, templateOf, reference);
  return bursts;
}

/** The template evidence from its facts and its bursts (runBursts). */
export function withBursts(facts: TemplateFacts, bursts: BurstStats): PatternEvidence {
  const { table, reference, presence, periodic, serviceLogs, share, established, settled, clocked, steady, novelty } = facts;
  const t = table.count;
  const { templateOf } = table;
  const burst = bursts.evidence;
  const templateRoutine = templateRoutines(t, reference, presence, serviceLogs, share, established, settled, clocked);
  const { routine, noveltyPerLog } = perLogEvidence(templateOf, novelty, burst, templateRoutine);
  const { history, inReference, rarity, arrival, lateArrival, switchedAfter } = facts;
  return {
    stats: {
      table,
      history,
      serviceLogs,
      inReference,
      share,
      rarity,
      established,
      periodic,
      clocked,
      steady,
      novelty,
      arrival,
      lateArrival,
      switchedAfter,
      bursts,
    },
    novelty: noveltyPerLog,
    burst,
    routine,
  };
}

/** Where each template appears, from one pass over the rows. */
interface Presence {
  /** Per service, its lines. */
  seen: Int32Array;
  /** Per template, its service's lines before its first. */
  history: Int32Array;
  inReference: Int32Array;
  /** Runs of consecutive reference bins the template appears in. */
  episodes: Int32Array;
  binsPresent: Int32Array;
  firstBin: Int32Array;
  lastAnyBin: Int32Array;
}

function presenceOf(table: TemplateTable, serviceOf: Int32Array, services: number, reference: Reference): Presence {
  const n = table.templateOf.length;
  const t = table.count;
  const { templateOf, firstRow } = table;
  const p: Presence = {
    seen: new Int32Array(services),
    history: new Int32Array(t),
    inReference: new Int32Array(t),
    episodes: new Int32Array(t),
    binsPresent: new Int32Array(t),
    firstBin: new Int32Array(t),
    lastAnyBin: new Int32Array(t).fill(-1),
  };
  const { seen, history, inReference, episodes, binsPresent, firstBin, lastAnyBin } = p;
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
    if (reference.mask[i]) inReference[id]!++;
  }
  return p;
}

/** Per template: its service's lines, its share of them, its rarity, and whether it is established or clocked. */
function templateVerdicts(
  table: TemplateTable,
  serviceOf: Int32Array,
  reference: Reference,
  presence: Presence,
  periodic: Uint8Array,
  settled: Uint8Array,
  byWindow: Uint8Array,
): {
  serviceLogs: Int32Array;
  share: Float64Array;
  rarity: Float64Array;
  established: Uint8Array;
  operations: Uint8Array;
  clocked: Uint8Array;
  steady: Uint8Array;
} {
  const n = table.templateOf.length;
  const t = table.count;
  const { occurrences, firstRow } = table;
  const { seen, binsPresent, lastAnyBin, firstBin, episodes } = presence;
  const serviceLogs = new Int32Array(t);
  const share = new Float64Array(t);
  const rarity = new Float64Array(t);
  const established = new Uint8Array(t);
  const operations = new Uint8Array(t);
  const clocked = new Uint8Array(t);
  const steady = new Uint8Array(t);
  for (let id = 0; id < t; id++) {
    const row = firstRow[id]!;
    if (row >= n) continue;
    const logs = seen[serviceOf[row]!]!;
    serviceLogs[id] = logs;
    share[id] = occurrences[id]! / Math.max(1, logs);
    steady[id] = reference.bins >= MIN_STEADY_BINS && binsPresent[id]! >= STEADY_SHARE * reference.bins ? 1 : 0;
    rarity[id] = logs >= MIN_RARITY_LOGS && !periodic[id] && !steady[id] ? rarityOf(share[id]!) : 0;
    const recurs =
      lastAnyBin[id]! - firstBin[id]! + 1 >= SPREAD * reference.bins && (episodes[id]! >= ROUTINE_MIN_EPISODES || binsPresent[id]! >= SPREAD * reference.bins);
    // Arrival by position in the whole window: an outage multiplies its service's lines, so the
    // service's own count would make its first line look early.
    established[id] = reference.bins < 2 || (recurs && settled[id]) ? 1 : 0;
    operations[id] = reference.bins < 2 || (recurs && byWindow[id]) ? 1 : 0;
    clocked[id] = recurs && periodic[id]! ? 1 : 0;
  }
  return { serviceLogs, share, rarity, established, operations, clocked, steady };
}

/** Per template, how new it is in its service, how early it arrived, and how late a quiet logger spoke. */
function arrivalsOf(
  table: TemplateTable,
  history: Int32Array,
  serviceLogs: Int32Array,
  span: Float64Array,
): { novelty: Float64Array; arrival: Float64Array; lateArrival: Float64Array } {
  const n = table.templateOf.length;
  const t = table.count;
  const { occurrences, firstRow } = table;
  const novelty = new Float64Array(t);
  const arrival = new Float64Array(t);
  const lateArrival = new Float64Array(t);
  for (let id = 0; id < t; id++) {
    novelty[id] = noveltyEvidence(history[id]!, serviceLogs[id]!, occurrences[id]!, n, span[id]!);
    arrival[id] = noveltyEvidence(history[id]!, serviceLogs[id]!, occurrences[id]!, 0);
    // A logger that writes only when something is wrong (a lag monitor, asyncio's slow-callback
    // warning) has no lines of its own before its first: what came before it is the incident's.
    if (history[id]! < MIN_HISTORY && firstRow[id]! < n) lateArrival[id] = noveltyEvidence(firstRow[id]!, n, occurrences[id]!, n);
  }
  return { novelty, arrival, lateArrival };
}

/** Per template, how routine its lines are (0 when it is neither settled nor clocked). */
function templateRoutines(
  t: number,
  reference: Reference,
  presence: Presence,
  serviceLogs: Int32Array,
  share: Float64Array,
  established: Uint8Array,
  settled: Uint8Array,
  clocked: Uint8Array,
): Float64Array {
  const templateRoutine = new Float64Array(t);
  for (let id = 0; id < t; id++) {
    // A timer's line (periodic over half the window) is routine by its share even when it began
    // within the window: what it reports is one state, again on every tick. A small service's
    // share says little: its few lines cannot tell a steady rate from one that began a fifth of
    // the way in. Only a template established over the window from its first tenth is routine
    // there (an updater whose forty lines of the day are all the same failure).
    const fromStart = established[id] === 1 && presence.firstBin[id]! < EARLY_SHARE * reference.bins;
    const enoughLogs = serviceLogs[id]! >= MIN_RARITY_LOGS || (fromStart && serviceLogs[id]! >= MIN_HISTORY);
    templateRoutine[id] = (settled[id] || clocked[id]) && enoughLogs ? commonness(share[id]!) : 0;
  }
  return templateRoutine;
}

/** Per line, its template's novelty, and its template's routineness unless the line bursts. */
function perLogEvidence(
  templateOf: Int32Array,
  novelty: Float64Array,
  burst: Float64Array,
  templateRoutine: Float64Array,
): { routine: Float64Array; noveltyPerLog: Float64Array } {
  const n = templateOf.length;
  const routine = new Float64Array(n);
  const noveltyPerLog = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    noveltyPerLog[i] = novelty[id]!;
    if (burst[i]! < 0.5) routine[i] = templateRoutine[id]!;
  }
  return { routine, noveltyPerLog };
}
