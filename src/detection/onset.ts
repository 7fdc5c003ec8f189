/**
 * Onset: the moment an incident departs from its own earlier behaviour. Not the first flagged
 * line, which may be routine noise that was there all along, but a change point in the rate of
 * anomalous lines (and of templates never seen before) per line written.
 *
 * Two steps. Over the timeline's buckets, the segment [s, e) whose rate differs most from the rest
 * of the window (a Poisson likelihood split with the lines written as exposure: an "epidemic"
 * change, since incidents also end); its gain must exceed MIN_GAIN nats, else the rate was steady.
 * Then, within the bucket before s and bucket s, the anomalous lines' times are split once more
 * (a rate change in a point process), which places the onset at a line rather than a bucket edge.
 * Anomalies from the first minute of the logs make the onset the start of the window: the incident
 * was under way before the logs begin, and the reason says so.
 */
import type { LogTable } from "../logs/log-table.js";
import { sizeText, totals, type Timeline } from "./timeline.js";

/** Log-likelihood gain (nats) a change must bring; below it the rate counts as steady. */
export const MIN_GAIN = 4;
/** Anomalies starting this close to the first log mean the incident predates the window. */
export const FIRST_MINUTE_MS = 60_000;
/** Templates first seen in the first tenth of the window are the service's routine, not news. */
const WARM_SHARE = 0.1;

export interface Onset {
  /** The first anomalous line of the change (or, when `fromStart`, the earliest anomalous line). */
  row: number;
  /** The onset time: that line's, or the first log's when `fromStart`. */
  timeMs: number;
  /** Anomalies from the first minute, or at a steady rate all along: the onset is the window start. */
  fromStart: boolean;
  /** End of the changed segment (epoch ms, exclusive). */
  untilMs: number;
  /** Anomalous lines per line before / outside the segment and inside it. */
  rateBefore: number;
  rateIn: number;
  reasons: string[];
}

const ll = (x: number, n: number): number => (x > 0 && n > 0 ? x * Math.log(x / n) : 0);
const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const perMille = (r: number): string => {
  const v = r * 1000;
  return v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2);
};

/** The segment of buckets whose anomaly rate stands out most, or undefined when none does. */
function changedSegment(x: Float64Array, n: Float64Array): { s: number; e: number; gain: number } | undefined {
  const b = x.length;
  const px = new Float64Array(b + 1);
  const pn = new Float64Array(b + 1);
  for (let i = 0; i < b; i++) {
    px[i + 1] = px[i]! + x[i]!;
    pn[i + 1] = pn[i]! + n[i]!;
  }
  const X = px[b]!;
  const N = pn[b]!;
  const base = ll(X, N);
  let best: { s: number; e: number; gain: number } | undefined;
  for (let s = 0; s < b; s++) {
    for (let e = s + 1; e <= b; e++) {
      const xi = px[e]! - px[s]!;
      const ni = pn[e]! - pn[s]!;
      const xo = X - xi;
      const no = N - ni;
      if (ni <= 0 || xi <= 0) continue;
      // A rise only: a segment quieter than the rest is the window's routine, not the incident.
      if (no > 0 && xi / ni <= xo / no) continue;
      const gain = ll(xi, ni) + ll(xo, no) - base;
      if (best === undefined || gain > best.gain + 1e-9) best = { s, e, gain };
    }
  }
  return best !== undefined && best.gain >= MIN_GAIN ? best : undefined;
}

/** Index (into sorted `times`) where the event rate on [a, b) rises most: a one-change split. */
function risePoint(times: Float64Array, a: number, b: number): number {
  const m = times.length;
  let bestJ = 0;
  let bestLl = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < m; j++) {
    const tau = times[j]!;
    const t1 = tau - a;
    const t2 = b - tau;
    if (t2 <= 0) break;
    if (j > 0 && t1 > 0 && j / t1 >= (m - j) / t2) continue;
    const v = ll(j, t1) + ll(m - j, t2);
    if (v > bestLl + 1e-9) {
      bestLl = v;
      bestJ = j;
    }
  }
  return bestJ;
}

/**
 * The onset of an incident, from its timeline and its anomalous rows (in row order); undefined
 * when nothing is anomalous or no log has a timestamp.
 */
export function findOnset(logs: LogTable, timeline: Timeline | undefined, detectedRows: Int32Array): Onset | undefined {
  if (timeline === undefined || detectedRows.length === 0) return undefined;
  const ts = logs.timestampMs;
  const { lines, anomalous } = totals(timeline);
  const warm = Math.max(1, Math.ceil(WARM_SHARE * timeline.buckets));
  const signal = Float64Array.from(anomalous);
  for (let b = warm; b < timeline.buckets; b++) signal[b]! += timeline.newTemplates[b]!;
  let earliest = -1;
  for (let k = 0; k < detectedRows.length; k++) {
    const row = detectedRows[k]!;
    const t = ts[row]!;
    if (!Number.isNaN(t) && (earliest < 0 || t < ts[earliest]!)) earliest = row;
  }
  if (earliest < 0) return undefined;
  const seg = changedSegment(signal, lines);
  const totalX = anomalous.reduce((a, v) => a + v, 0);
  const totalN = lines.reduce((a, v) => a + v, 0);
  const sized = `${sizeText(timeline.bucketMs)} buckets`;
  if (seg === undefined) {
    const rate = totalX / Math.max(1, totalN);
    return {
      row: earliest,
      timeMs: timeline.firstMs,
      fromStart: true,
      untilMs: timeline.lastMs + 1,
      rateBefore: rate,
      rateIn: rate,
      reasons: [
        `anomalous lines at a steady rate over the whole window (about ${perMille(rate)} per 1,000 lines, ${sized}), no change point: the onset is taken as the window start (${iso(timeline.firstMs)}); the incident may have begun before it`,
      ],
    };
  }
  const a = timeline.startMs + Math.max(0, seg.s - 1) * timeline.bucketMs;
  const b = timeline.startMs + (seg.s + 1) * timeline.bucketMs;
  const local: number[] = [];
  const rowAt = new Map<number, number>();
  for (let k = 0; k < detectedRows.length; k++) {
    const row = detectedRows[k]!;
    const t = ts[row]!;
    if (t >= a && t < b) {
      local.push(t);
      if (!rowAt.has(t)) rowAt.set(t, row);
    }
  }
  const times = Float64Array.from(local).sort();
  const first = times.length > 0 ? times[risePoint(times, a, b)]! : ts[earliest]!;
  const row = rowAt.get(first) ?? earliest;
  const untilMs = timeline.startMs + seg.e * timeline.bucketMs;
  const inX = sumRange(anomalous, seg.s, seg.e);
  const inN = sumRange(lines, seg.s, seg.e);
  const rateIn = inX / Math.max(1, inN);
  const rateBefore = (totalX - inX) / Math.max(1, totalN - inN);
  const before = countBefore(detectedRows, ts, first);
  const fresh = sumRange(timeline.newTemplates, Math.max(seg.s, warm), seg.e);
  const newText = fresh > 0 ? `; ${fresh} message template${fresh === 1 ? "" : "s"} never seen before appeared in it` : "";
  if (first - timeline.firstMs <= FIRST_MINUTE_MS) {
    return {
      row,
      timeMs: timeline.firstMs,
      fromStart: true,
      untilMs,
      rateBefore,
      rateIn,
      reasons: [
        `anomalous lines from the first minute of the logs (the first ${Math.round((first - timeline.firstMs) / 1000)} s after ${iso(timeline.firstMs)}): the incident was under way when the window starts, so the onset is the window start; it may have begun earlier`,
        `${inX} anomalous lines, ${perMille(rateIn)} per 1,000 lines, until ${iso(untilMs)} (${sized})${newText}`,
      ],
    };
  }
  const reasons = [
    `anomalous lines rose from ${perMille(rateBefore)} to ${perMille(rateIn)} per 1,000 lines at ${iso(first)} and stayed there until ${iso(untilMs)} (${inX} lines, ${sized})${newText}`,
  ];
  if (before > 0)
    reasons.push(
      `${before} anomalous line${before === 1 ? "" : "s"} before it, at the earlier rate (the first at ${iso(ts[earliest]!)}): routine noise, not the start`,
    );
  return { row, timeMs: first, fromStart: false, untilMs, rateBefore, rateIn, reasons };
}

function sumRange(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s;
}

function countBefore(rows: Int32Array, ts: Float64Array, t: number): number {
  let c = 0;
  for (let k = 0; k < rows.length; k++) if (ts[rows[k]!]! < t) c++;
  return c;
}
