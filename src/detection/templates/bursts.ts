/**
 * Bursts of a message template: its count k near a log far above its usual.
 *
A template established in the reference part (reference.ts: at least MIN_BURST times,
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
 * Counts are taken over the span BURST_WINDOW average logs take around a log (SCALES). Spans are in time when
 * the logs are in time order (a burst of a message that is already a third of the traffic can
 * only triple its share of 100 lines, while its rate jumps 30x), else in lines.
 *
 * A burst is also a rise of the template against its own service's lines: its share of them in
 * the span, over its share in the reference part, must reach SHARE_RISE_FULL for full evidence
 * (none at 1). A template that is nearly all of its service cannot rise above it: when that
 * service writes more, it is the service that is busier (an election, a batch, a quiet stretch
 * of the other services' logs), not one of its messages that bursts. A third of a service's
 * lines bursting tenfold doubles its share and keeps its evidence.
 */
import type { Reference } from "../reference.js";
import { clamp01, groupCount, groupStarts } from "../statistics.js";
import type { TemplateTable } from "./templates.js";
import { orderedTimes } from "../time-order.js";
import { PairIds } from "../pair-ids.js";
import type { ShiftStats } from "./shifts.js";
import { skeletonIds, type MessageShapes } from "../features/message-shapes.js";

export const BURST_WINDOW = 100;
export const MIN_BURST = 5;
/** A burst this many times its usual band is full evidence (an order of magnitude). */
export const BURST_FULL_RATIO = 10;
/** Separate places a template must burst in for its bursts to be its usual. */
export const RECURRING_BURSTS = 3;
/** Reference bins a template must appear in to be judged for bursts (else novelty judges it). */
export const MIN_BURST_BINS = 3;
/** Rise of a template's share of its service's lines (in the span, over the reference) for full burst evidence. */
export const SHARE_RISE_FULL = 2;
/** Template evidence never claims certainty (as patterns.ts). */
const PATTERN_CAP = 0.95;
/**
 * Window scales, as shares of BURST_WINDOW average logs: a one-minute burst is diluted in the span
 * of 100 average logs (25-45 times its rate reads as 4x its band at full scale). Real logs are
 * bursty at small scales, a phone's UI animations write 25 lines in 2 s; what keeps them out is
 * the rise against their own service (shareRiseFactor): such a line is nearly all its service's
 * output in those seconds.
 */
const SCALES = [1, 0.25];

export interface BurstStats {
  /** Burst evidence per log. */
  evidence: Float64Array;
  /** Per log, at the scale whose evidence won: occurrences of its template in the span around it. */
  localCount: Int32Array;
  /** Per log, the usual count there (0 where it does not burst). */
  usual: Float64Array;
  /** Per log, the span counted over: ms when inTime, else logs. */
  span: Float64Array;
  inTime: boolean;
  /** Per log, 1 where the winning burst is of its route (routeBurstStats), not of its template. */
  byRoute?: Uint8Array;
  /** Per log, 1 where the winning burst is of its wording (skeletonBurstStats), not of its template. */
  bySkeleton?: Uint8Array;
  /** Per log, 1 where the winning evidence is its template's lasting rise (shifts.ts), with the rises. */
  byShift?: Uint8Array;
  shifts?: ShiftStats;
}

/** The buffers of the bursts' columns, each once (to move them to another thread). */
export function burstBuffers(b: BurstStats): ArrayBuffer[] {
  const s = b.shifts;
  const columns = [b.evidence, b.localCount, b.usual, b.span, b.byRoute, b.bySkeleton, b.byShift, s?.fromBin, s?.before, s?.after, s?.evidence];
  return [...new Set(columns.flatMap((c) => (c ? [c.buffer as ArrayBuffer] : [])))];
}

/** Between two episodes a template falls to at most this share of their height. */
export const EPISODE_GAP_SHARE = 0.5;

/**
 * The height a template reaches in k separate episodes of the window: the highest h such that
 * its per-bin peaks reach h in k runs of bins with a bin at most h * EPISODE_GAP_SHARE between
 * each two. A template that peaks this high in k separate places bursts as a rhythm, not as an
 * event; one surge that lasts a third of the window (a credential-stuffing attack, a retry
 * storm) is one episode, not a rhythm, however many bins it spans and however its height
 * wobbles from bin to bin. 0 when there are fewer than k episodes at any height.
 */
export function recurringPeak(peakPerBin: Int32Array, k: number): number {
  const heights = [...new Set(peakPerBin)].filter((h) => h > 0).sort((a, b) => b - a);
  for (const h of heights) {
    let episodes = 0;
    let inside = false;
    for (const p of peakPerBin) {
      if (p >= h && !inside) {
        episodes++;
        inside = true;
      } else if (p <= h * EPISODE_GAP_SHARE) inside = false;
    }
    if (episodes >= k) return h;
  }
  return 0;
}

/** Chance that one line among `local` occurrences is above the `usual` band (0 below MIN_BURST). */
export function burstEvidence(local: number, usual: number): number {
  if (local < MIN_BURST || !(local > usual)) return 0;
  return PATTERN_CAP * clamp01(Math.log(local / usual) / Math.log(BURST_FULL_RATIO));
}

/** 0 when a template's share of its service did not rise in the span, 1 from SHARE_RISE_FULL times its reference share. */
export function shareRiseFactor(local: number, serviceLocal: number, referenceShare: number): number {
  if (!(serviceLocal > 0) || !(referenceShare > 0)) return 1;
  return clamp01(Math.log(local / serviceLocal / referenceShare) / Math.log(SHARE_RISE_FULL));
}

/** No groups yet (BurstScan.byService before it is asked for). */
const NO_GROUPS = { start: new Int32Array(0), rows: new Int32Array(0) };

/** Rows of each group (template or service), in log order: rows[start[g] .. start[g + 1]). */
function rowsByGroup(groupOf: Int32Array, groups: number): { start: Int32Array; rows: Int32Array } {
  const start = groupStarts(groupOf, groups, undefined);
  const rows = new Int32Array(groupOf.length);
  const fill = start.slice(0, groups);
  for (let i = 0; i < groupOf.length; i++) rows[fill[groupOf[i]!]!++] = i;
  return { start, rows };
}

/**
 * rowsByGroup, with each row's position and bin written beside it (at[k] = pos[rows[k]], binAt[k]
 * its bin) in the same pass: reading the rows in log order and writing to each group's place
 * costs less than gathering positions by row afterwards (30 against 13 ms for 1M rows in 300
 * groups), whose reads jump about the column.
 */
function rowsByGroupAt(
  groupOf: Int32Array,
  groups: number,
  pos: Float64Array,
  reference: Reference,
  at: Float64Array,
  binAt: Uint8Array,
): { start: Int32Array; rows: Int32Array } {
  const start = groupStarts(groupOf, groups, undefined);
  const rows = new Int32Array(groupOf.length);
  const fill = start.slice(0, groups);
  for (let i = 0; i < groupOf.length; i++) {
    const k = fill[groupOf[i]!]!++;
    rows[k] = i;
    at[k] = pos[i]!;
    binAt[k] = reference.binOf(i);
  }
  return { start, rows };
}

/** For each k in [from, to), how many of at[from..to) (ascending) lie within `half` of at[k], into out[k]. */
function localCounts(at: Float64Array, from: number, to: number, half: number, out: Int32Array): void {
  let lo = from;
  let hi = from;
  for (let k = from; k < to; k++) {
    const x = at[k]!;
    while (at[lo]! < x - half) lo++;
    while (hi < to && at[hi]! <= x + half) hi++;
    out[k] = hi - lo;
  }
}

/** 0, 1, ..., n - 1: a loop (Float64Array.from with a callback costs several times more). */
function lineNumbers(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** First k in [from, to) with pos[rows[k]] past `value` (strictly when `after`, else at or past). */
function searchPos(pos: Float64Array, rows: Int32Array, from: number, to: number, value: number, after: boolean): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = pos[rows[mid]!]!;
    if (after ? v <= value : v < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What burstStats groups lines by: a template table, or the (service, route) pairs of routeBurstStats. */
export type BurstGroups = Pick<TemplateTable, "templateOf" | "count" | "occurrences">;

export function burstStats(
  table: BurstGroups,
  reference: Reference,
  timestampMs: Float64Array | undefined,
  inReference: Int32Array,
  serviceOf: Int32Array,
): BurstStats {
  const scan = new BurstScan(table, reference, timestampMs, inReference, serviceOf);
  for (let id = 0; id < table.count; id++) {
    if (table.occurrences[id]! < MIN_BURST || inReference[id]! < MIN_BURST) continue;
    burstsOfTemplate(scan, id);
  }
  return scan.out;
}

/** Number of services (the highest id + 1) and each one's lines in the reference part. */
function servicesInReference(serviceOf: Int32Array, mask: Uint8Array): Int32Array {
  const n = serviceOf.length;
  const inReference = new Int32Array(groupCount(serviceOf, n));
  for (let i = 0; i < n; i++) if (mask[i]) inReference[serviceOf[i]!]!++;
  return inReference;
}

/**
 * What burstStats reads while it judges one template after another, set up once per call. The
 * passes over every row and the work per template are functions of their own: V8 then compiles
 * small functions once instead of this whole computation again as a thread warms up.
 */
class BurstScan {
  readonly start: Int32Array;
  readonly rows: Int32Array;
  readonly serviceInReference: Int32Array;
  /**
   * Lines of each service, for its count around a burst (asked only where a template bursts).
   * NO_GROUPS until then, not undefined: the field keeps one kind of value, so code reading the
   * scan is not deoptimised when it is filled.
   */
  byService: { start: Int32Array; rows: Int32Array } = NO_GROUPS;
  /** In time when the logs are (nearly) in time order, else in lines. */
  readonly pos: Float64Array;
  readonly total: number;
  readonly window: number;
  /** Each bin's span in the unit of pos (at least one average log's worth). */
  readonly binSpan: Float64Array;
  /** Half an occurrence over the kept bins is the least rate a template present there has. */
  readonly averageBinSpan: number;
  readonly quiet: number[] = [];
  readonly keep: number;
  readonly rates: Float64Array;
  readonly peak: Int32Array;
  readonly anyPeak: Int32Array;
  readonly perBin: Int32Array;
  readonly out: BurstStats;
  /** Per row in template order: its position and its bin (rows of a template ascend). */
  readonly at: Float64Array;
  readonly binAt: Uint8Array;
  readonly local: Int32Array;

  constructor(
    table: BurstGroups,
    readonly reference: Reference,
    timestampMs: Float64Array | undefined,
    readonly inReference: Int32Array,
    readonly serviceOf: Int32Array,
  ) {
    const n = table.templateOf.length;
    this.serviceInReference = servicesInReference(serviceOf, reference.mask);
    const times = orderedTimes(timestampMs, n);
    const pos = times ?? lineNumbers(n);
    this.pos = pos;
    this.at = new Float64Array(n);
    this.binAt = new Uint8Array(n);
    ({ start: this.start, rows: this.rows } = rowsByGroupAt(table.templateOf, table.count, pos, reference, this.at, this.binAt));
    const total = n > 1 ? pos[n - 1]! - pos[0]! : 0;
    this.total = total;
    this.window = Math.min(BURST_WINDOW, Math.max(10, Math.floor(n / 2)));
    const bins = reference.bins;
    this.binSpan = new Float64Array(bins);
    for (let b = 0; b < bins; b++) {
      const first = Math.min(n - 1, b * reference.binSize);
      const last = Math.min(n - 1, (b + 1) * reference.binSize - 1);
      this.binSpan[b] = Math.max(pos[last]! - pos[first]!, total > 0 ? total / n : 1);
    }
    this.averageBinSpan = (total > 0 ? total : n) / bins;
    for (let b = 0; b < bins; b++) if (reference.quietBins[b]) this.quiet.push(b);
    this.keep = Math.max(1, this.quiet.length - Math.floor(0.2 * this.quiet.length));
    this.rates = new Float64Array(this.quiet.length);
    this.peak = new Int32Array(bins);
    this.anyPeak = new Int32Array(bins);
    this.perBin = new Int32Array(bins);
    this.out = {
      evidence: new Float64Array(n),
      localCount: new Int32Array(n),
      usual: new Float64Array(n),
      span: new Float64Array(n),
      inTime: times !== undefined,
    };
    this.local = new Int32Array(n);
  }

  /** Lines of `row`'s service within `half` of it. */
  serviceCount(row: number, half: number): number {
    if (this.byService === NO_GROUPS) this.byService = rowsByGroup(this.serviceOf, this.serviceInReference.length);
    const s = this.serviceOf[row]!;
    const from = this.byService.start[s]!;
    const to = this.byService.start[s + 1]!;
    const at = this.pos[row]!;
    return searchPos(this.pos, this.byService.rows, from, to, at + half, true) - searchPos(this.pos, this.byService.rows, from, to, at - half, false);
  }
}

/**
 * Template `id`'s bursts, at each scale, into scan.out where stronger than what is there. Each
 * step is a function of its own, so that V8 compiles small functions once instead of this one
 * again whenever a template takes a branch none before it took.
 */
function burstsOfTemplate(scan: BurstScan, id: number): void {
  const from = scan.start[id]!;
  const to = scan.start[id + 1]!;
  // Its rate in the reference bins does not depend on the scale.
  const rate = referenceRate(scan, from, to);
  if (rate < 0) return;
  const service = scan.serviceOf[scan.rows[from]!]!;
  const referenceShare = scan.inReference[id]! / scan.serviceInReference[service]!;
  for (const scale of SCALES) {
    const half = scan.total > 0 ? (scan.total * scan.window * scale) / (2 * scan.rows.length) : (scan.window * scale) / 2;
    burstsAtScale(scan, from, to, rate, half, referenceShare);
  }
}

/**
 * The template's rate in the reference's quiet bins: the trimmed mean of its per-bin rates (the
 * busiest 20% of bins dropped), at least half an occurrence over the kept bins; -1 when it is
 * present in fewer than MIN_BURST_BINS of them. Leaves its count per bin in scan.perBin.
 */
function referenceRate(scan: BurstScan, from: number, to: number): number {
  const { rows, reference, perBin, binAt, quiet, rates, binSpan } = scan;
  perBin.fill(0);
  for (let k = from; k < to; k++) if (reference.mask[rows[k]!]) perBin[binAt[k]!]!++;
  let present = 0;
  for (let j = 0; j < quiet.length; j++) {
    const b = quiet[j]!;
    rates[j] = perBin[b]! / binSpan[b]!;
    if (perBin[b]! > 0) present++;
  }
  if (present < MIN_BURST_BINS) return -1;
  rates.sort();
  let sum = 0;
  for (let j = 0; j < scan.keep; j++) sum += rates[j]!;
  return Math.max(sum / scan.keep, 0.5 / (scan.keep * scan.averageBinSpan));
}

/** The template's bursts over spans of 2 * half around each of its lines. */
function burstsAtScale(scan: BurstScan, from: number, to: number, rate: number, half: number, referenceShare: number): void {
  // Local counts: occurrences of the same template within half a span on either side.
  localCounts(scan.at, from, to, half, scan.local);
  const mu = rate * 2 * half;
  const band = mu + 2 * Math.sqrt(mu) + 1;
  const most = largestCount(scan.local, from, to);
  // The usual is at least the band: nothing above it, no burst at this scale.
  if (most < MIN_BURST || most <= band) return;
  const usual = usualCount(scan, from, to, band);
  if (most <= usual) return;
  markBursts(scan, from, to, usual, half, referenceShare);
}

function largestCount(local: Int32Array, from: number, to: number): number {
  let most = 0;
  for (let k = from; k < to; k++) if (local[k]! > most) most = local[k]!;
  return most;
}

/**
 * The count above which a line bursts: the band, how clustered the template already is (the
 * median over the reference bins it appears in of its highest local count there: a burst in a
 * few bins cannot move a median), and its recurring peaks anywhere.
 */
function usualCount(scan: BurstScan, from: number, to: number, band: number): number {
  const { rows, reference, binAt, local, peak, anyPeak, perBin, quiet } = scan;
  peak.fill(0);
  anyPeak.fill(0);
  for (let k = from; k < to; k++) {
    const b = binAt[k]!;
    const c = local[k]!;
    if (c > anyPeak[b]!) anyPeak[b] = c;
    if (c > peak[b]! && reference.mask[rows[k]!]) peak[b] = c;
  }
  const peaks = quiet
    .filter((b) => perBin[b]! > 0)
    .map((b) => peak[b]!)
    .sort((a, b) => a - b);
  const clustered = peaks[(peaks.length - 1) >> 1] ?? 0;
  return Math.max(band, clustered, recurringPeak(anyPeak, RECURRING_BURSTS));
}

/** Each line above `usual` at this scale, into scan.out where its evidence is stronger than what is there. */
function markBursts(scan: BurstScan, from: number, to: number, usual: number, half: number, referenceShare: number): void {
  const { rows, local, out } = scan;
  for (let k = from; k < to; k++) {
    const c = local[k]!;
    if (c <= usual) continue;
    const row = rows[k]!;
    const ev = burstEvidence(c, usual) * shareRiseFactor(c, scan.serviceCount(row, half), referenceShare);
    if (ev > out.evidence[row]!) {
      out.evidence[row] = ev;
      out.localCount[row] = c;
      out.usual[row] = usual;
      out.span[row] = 2 * half;
    }
  }
}

/**
 * Bursts of requests to one route of a service (the route a structured field names, route.ts),
 * judged as a template's are. A route's requests often share one message template with every
 * other route ("GET <*> <*>"), so a template that is nearly all of its service cannot rise
 * above it (shareRiseFactor), while an export job paging through one endpoint, a scraper or a
 * retry storm on one route multiplies that route's share of its service. Rows without a route
 * are in group 0, never judged. Undefined when no log names a route.
 */
export function routeBurstStats(
  routeOf: Int32Array | undefined,
  routes: number,
  reference: Reference,
  timestampMs: Float64Array | undefined,
  serviceOf: Int32Array,
): BurstStats | undefined {
  if (!routeOf || routes === 0) return undefined;
  return pairBurstStats(routeOf, routes, reference, timestampMs, serviceOf);
}

/**
 * Bursts of one wording of a template: a template joins messages that differ in a word ("REGISTER
 * accepted" and "REGISTER challenged" are one template, "REGISTER <*>"), and a scanner's flood of
 * challenges is then half as steep against the template's usual as against its own. A line's
 * skeleton (its words, numbers masked) within a template of several skeletons is judged as a
 * template is; rows of a template with one skeleton are not judged again. Undefined when no
 * template has two skeletons.
 */
export function skeletonBurstStats(
  templateOf: Int32Array,
  templates: number,
  wordings: SkeletonsOfShapes,
  reference: Reference,
  timestampMs: Float64Array | undefined,
  serviceOf: Int32Array,
): BurstStats | undefined {
  const n = templateOf.length;
  const { shapeOf, skeletonOfShape, skeletons } = wordings;
  // Per template its first skeleton, and whether it has another (-2).
  const first = new Int32Array(templates).fill(-1);
  for (let i = 0; i < n; i++) {
    const t = templateOf[i]!;
    const k = skeletonOfShape[shapeOf[i]!]!;
    if (first[t] === -1) first[t] = k;
    else if (first[t] !== k) first[t] = -2;
  }
  let several = false;
  const keyOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (first[templateOf[i]!] !== -2) keyOf[i] = -1;
    else {
      keyOf[i] = skeletonOfShape[shapeOf[i]!]!;
      several = true;
    }
  }
  return several ? pairBurstStats(keyOf, skeletons, reference, timestampMs, serviceOf) : undefined;
}

/** Per row its message shape, per shape its skeleton's id (skeletonIds), and how many skeletons. */
export interface SkeletonsOfShapes {
  shapeOf: Int32Array;
  skeletonOfShape: Int32Array;
  skeletons: number;
}

/** The skeletons of `shapes` as skeletonBurstStats reads them. */
export function skeletonsOfShapes(shapes: Pick<MessageShapes, "shapeOf" | "count" | "skeleton">): SkeletonsOfShapes {
  const { ofShape, count } = skeletonIds(shapes);
  return { shapeOf: shapes.shapeOf, skeletonOfShape: ofShape, skeletons: count };
}

/** Bursts of (service, key) pairs; rows whose key is negative are in group 0, never judged. */
function pairBurstStats(
  keyOf: Int32Array,
  keys: number,
  reference: Reference,
  timestampMs: Float64Array | undefined,
  serviceOf: Int32Array,
): BurstStats | undefined {
  const n = keyOf.length;
  const services = groupCount(serviceOf, n);
  // Group ids by (service, key) pair, numbered on first sight; 0 is the rows not judged.
  const groupOfPair = new PairIds(services, keys);
  const groupOf = new Int32Array(n);
  const occurrences: number[] = [0];
  const inReference: number[] = [0];
  for (let i = 0; i < n; i++) {
    const r = keyOf[i]!;
    if (r < 0) {
      occurrences[0]!++;
      continue;
    }
    let g = groupOfPair.get(serviceOf[i]!, r);
    if (g < 0) {
      g = occurrences.length;
      groupOfPair.set(serviceOf[i]!, r, g);
      occurrences.push(0);
      inReference.push(0);
    }
    groupOf[i] = g;
    occurrences[g]!++;
    if (reference.mask[i]) inReference[g]!++;
  }
  // One key in a service is its template's business: its share of its service cannot rise.
  if (occurrences.length < 3) return undefined;
  const groups: BurstGroups = { templateOf: groupOf, count: occurrences.length, occurrences: Int32Array.from(occurrences) };
  return burstStats(groups, reference, timestampMs, Int32Array.from(inReference), serviceOf);
}
