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
import { datable, sizeText, totals, type Timeline } from "./timeline.js";

/** Log-likelihood gain (nats) a change must bring; below it the rate counts as steady. */
export const MIN_GAIN = 4;
/** Fewer anomalous lines than this say nothing about a rate: the first of them is the onset. */
export const MIN_RATE_LINES = 8;
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
const iso = (ms: number): string => `${new Date(Math.max(-8.64e15, Math.min(8.64e15, ms))).toISOString().slice(0, 19)}Z`;
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
export function findOnset(logs: LogTable, timeline: Timeline | undefined, detectedRows: Int32Array, templates?: TemplateRows): Onset | undefined {
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
    if (datable(t) && (earliest < 0 || t < ts[earliest]!)) earliest = row;
  }
  if (earliest < 0) return undefined;
  const seg = changedSegment(signal, lines);
  const totalX = anomalous.reduce((a, v) => a + v, 0);
  const totalN = lines.reduce((a, v) => a + v, 0);
  const sized = `${sizeText(timeline.bucketMs)} buckets`;
  if (totalX < MIN_RATE_LINES && ts[earliest]! - timeline.firstMs > FIRST_MINUTE_MS) {
    return {
      row: earliest,
      timeMs: ts[earliest]!,
      fromStart: false,
      untilMs: timeline.lastMs + 1,
      rateBefore: 0,
      rateIn: totalX / Math.max(1, totalN),
      reasons: [
        `only ${totalX} anomalous line${totalX === 1 ? "" : "s"}, too few for a change in rate: the onset is the first of them, ${Math.round((ts[earliest]! - timeline.firstMs) / 60_000)} min after the first log`,
      ],
    };
  }
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
  const rise = times.length > 0 ? times[risePoint(times, a, b)]! : ts[earliest]!;
  const { first, row } = leadIn(logs, detectedRows, rise, rowAt.get(rise) ?? earliest, timeline.bucketMs, timeline.startMs + seg.e * timeline.bucketMs);
  const surge = Math.floor((first - timeline.startMs) / timeline.bucketMs);
  const pre = precursor(timeline, surge, seg.e) ?? newKindPrecursor(logs, timeline, detectedRows, templates, first, surge, seg.e);
  if (pre !== undefined) {
    const start = timeline.startMs + pre.from * timeline.bucketMs;
    let pRow = -1;
    for (let k = 0; k < detectedRows.length; k++) {
      const r = detectedRows[k]!;
      const t = ts[r]!;
      if (logs.serviceOf[r] === pre.service && t >= start && (pRow < 0 || t < ts[pRow]!)) pRow = r;
    }
    if (pRow >= 0 && ts[pRow]! - timeline.firstMs > FIRST_MINUTE_MS) {
      const pFirst = ts[pRow]!;
      const pUntil = timeline.startMs + seg.e * timeline.bucketMs;
      const pX = sumRange(anomalous, seg.s, seg.e);
      const pN = sumRange(lines, seg.s, seg.e);
      const mainAt = first;
      const pBefore = countBefore(detectedRows, ts, pFirst);
      const reasons = [
        `${logs.services[pre.service]} changed first: ${pre.lines} anomalous lines of its own from ${iso(pFirst)}, ${Math.round((mainAt - pFirst) / 60_000)} min before the surge (${perMille(pre.rateBefore)} per 1,000 of its lines before)`,
        `then anomalous lines rose to ${perMille(pX / Math.max(1, pN))} per 1,000 lines from ${iso(mainAt)} until ${iso(pUntil)} (${pX} lines, ${sized})`,
      ];
      if (pBefore > 0)
        reasons.push(
          `${pBefore} anomalous line${pBefore === 1 ? "" : "s"} before it, at the earlier rate (the first at ${iso(ts[earliest]!)}): routine noise, not the start`,
        );
      return {
        row: pRow,
        timeMs: pFirst,
        fromStart: false,
        untilMs: pUntil,
        rateBefore: (totalX - pX) / Math.max(1, totalN - pN),
        rateIn: pX / Math.max(1, pN),
        reasons,
      };
    }
  }
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

/**
 * The rise is where anomalous lines crowd; the fault often shows a little earlier in one line of
 * a service that had none before and takes part in the rise (a pool saturating 40 s before its
 * callers' timeouts). Such lines up to one bucket earlier move the onset back to them.
 */
function leadIn(logs: LogTable, rows: Int32Array, rise: number, riseRow: number, bucketMs: number, untilMs: number): { first: number; row: number } {
  const ts = logs.timestampMs;
  const from = rise - bucketMs;
  const firstOf = new Map<number, number>();
  const rising = new Set<number>();
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const t = ts[r]!;
    const svc = logs.serviceOf[r]!;
    const known = firstOf.get(svc);
    if (known === undefined || t < known) firstOf.set(svc, t);
    if (t >= rise && t < untilMs) rising.add(svc);
  }
  let first = rise;
  let row = riseRow;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const t = ts[r]!;
    if (!(t >= from && t < first)) continue;
    const svc = logs.serviceOf[r]!;
    if (rising.has(svc) && firstOf.get(svc)! >= from) {
      first = t;
      row = r;
    }
  }
  return { first, row };
}

/** Anomalous lines a precursor needs before the surge: one or two could be chance. */
const MIN_PRECURSOR_LINES = 3;

/**
 * A slow start that the surge hides: one service whose own anomalous lines began well before the
 * surge at bucket s (a heap creeping up before the out-of-memory error that makes its callers
 * fail) and that takes part in the surge. Per service, over its own lines, the rise in [from, s)
 * against [0, from) must be worth MIN_GAIN nats, hold MIN_PRECURSOR_LINES lines or more, and run
 * up to the surge (its last line no further from it than its lines are from each other). The
 * earliest such start wins.
 */
function precursor(t: Timeline, s: number, e: number): { service: number; from: number; lines: number; rateBefore: number } | undefined {
  if (s < 1) return undefined;
  let best: { service: number; from: number; lines: number; rateBefore: number } | undefined;
  const services = t.lines.length / t.buckets;
  for (let svc = 0; svc < services; svc++) {
    const base = svc * t.buckets;
    const x = t.anomalous.subarray(base, base + t.buckets);
    if (sumRange(x, s, e) === 0) continue;
    const X = sumRange(x, 0, s);
    if (X < MIN_PRECURSOR_LINES) continue;
    const n = t.lines.subarray(base, base + t.buckets);
    const N = sumRange(n, 0, s);
    const all = ll(X, N);
    let last = s - 1;
    while (last >= 0 && x[last] === 0) last--;
    let found: { from: number; gain: number; lines: number; rateBefore: number } | undefined;
    let xin = 0;
    let nin = 0;
    for (let from = s - 1; from >= 0; from--) {
      xin += x[from]!;
      nin += n[from]!;
      if (x[from] === 0 || xin < MIN_PRECURSOR_LINES) continue;
      const xo = X - xin;
      const no = N - nin;
      if (no > 0 && xin / nin <= xo / no) continue;
      const gain = ll(xin, nin) + ll(xo, no) - all;
      const spacing = (last - from) / Math.max(1, xin - 1);
      if (s - last > Math.max(2, 1.5 * spacing + 1)) continue;
      if (gain >= MIN_GAIN && (found === undefined || gain > found.gain)) found = { from, gain, lines: xin, rateBefore: xo / Math.max(1, no) };
    }
    if (found !== undefined && (best === undefined || found.from < best.from))
      best = { service: svc, from: found.from, lines: found.lines, rateBefore: found.rateBefore };
  }
  return best;
}

/** Each row's template and each template's first row (templates.ts). */
export interface TemplateRows {
  templateOf: Int32Array;
  firstRow: Int32Array;
}

/**
 * A slow start told by a new kind of line rather than a rate: a template first seen after the
 * window's first tenth, anomalous from its first line, MIN_PRECURSOR_LINES or more of them before
 * the surge at `first`, the last close to it, in a service that takes part in the surge (a heap
 * warning repeated for twenty minutes before the out-of-memory error), crowded into the time
 * before the surge (worth MIN_GAIN nats against the same lines spread over the time before it).
 * A service whose routine noise is flagged now and then hides such a start from the rate test,
 * not from this one.
 */
function newKindPrecursor(
  logs: LogTable,
  t: Timeline,
  rows: Int32Array,
  templates: TemplateRows | undefined,
  first: number,
  s: number,
  e: number,
): { service: number; from: number; lines: number; rateBefore: number } | undefined {
  if (templates === undefined || s < 1) return undefined;
  const ts = logs.timestampMs;
  const warmEnd = t.firstMs + WARM_SHARE * (t.lastMs - t.firstMs);
  const byTemplate = new Map<number, { firstT: number; lastT: number; lines: number; service: number }>();
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const time = ts[row]!;
    if (!(time < first)) continue;
    const id = templates.templateOf[row]!;
    if (templates.firstRow[id] !== row && !byTemplate.has(id)) continue;
    let g = byTemplate.get(id);
    if (g === undefined) {
      if (!(time > warmEnd)) continue;
      g = { firstT: time, lastT: time, lines: 0, service: logs.serviceOf[row]! };
      byTemplate.set(id, g);
    }
    g.lines++;
    if (time > g.lastT) g.lastT = time;
  }
  let best: { service: number; from: number; lines: number; rateBefore: number; firstT: number } | undefined;
  for (const g of byTemplate.values()) {
    if (g.lines < MIN_PRECURSOR_LINES) continue;
    const spacing = (g.lastT - g.firstT) / (g.lines - 1);
    if (first - g.lastT > Math.max(2 * t.bucketMs, 1.5 * spacing)) continue;
    // Crowded into the time before the surge, not a routine line spread over the window.
    if (g.lines * Math.log((first - t.firstMs) / Math.max(1, first - g.firstT)) < MIN_GAIN) continue;
    const base = g.service * t.buckets;
    if (sumRange(t.anomalous.subarray(base, base + t.buckets), s, e) === 0) continue;
    if (best === undefined || g.firstT < best.firstT) {
      const from = Math.floor((g.firstT - t.startMs) / t.bucketMs);
      const x = sumRange(t.anomalous.subarray(base, base + t.buckets), 0, from);
      const n = sumRange(t.lines.subarray(base, base + t.buckets), 0, from);
      best = { service: g.service, from, lines: g.lines, rateBefore: x / Math.max(1, n), firstT: g.firstT };
    }
  }
  return best;
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
