/**
 * The incident over time: lines and anomalous lines per service per time bucket, and the message
 * templates first seen in each bucket. The bucket size is the smallest round size that cuts the
 * logs' time span into at most MAX_BUCKETS buckets, so a 2-hour window gets 2-minute buckets and a
 * 5-minute one 5-second buckets; buckets start at a multiple of their size (whole minutes, hours).
 * Onset (onset.ts) and the ranking of services (root-services.ts) read these counts.
 */
import type { LogTable } from "../logs/log-table.js";

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
export const BUCKET_SIZES_MS = [
  SEC,
  5 * SEC,
  10 * SEC,
  15 * SEC,
  30 * SEC,
  MIN,
  2 * MIN,
  5 * MIN,
  10 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];
/** Enough to see a cascade unfold, few enough for a sparkline or a dashboard row. */
export const MAX_BUCKETS = 60;

export interface Timeline {
  /** Start of the first bucket (epoch ms), a multiple of bucketMs. */
  startMs: number;
  bucketMs: number;
  buckets: number;
  /** Earliest and latest timestamp of the logs. */
  firstMs: number;
  lastMs: number;
  /** Lines and anomalous lines per service per bucket: index service * buckets + bucket (LogTable's service ids). */
  lines: Int32Array;
  anomalous: Int32Array;
  /** Templates whose first line falls in each bucket. */
  newTemplates: Int32Array;
}

/** The smallest size in BUCKET_SIZES_MS giving at most MAX_BUCKETS buckets over [firstMs, lastMs]. */
export function bucketSizeFor(firstMs: number, lastMs: number): number {
  for (const size of BUCKET_SIZES_MS) {
    if (Math.floor(lastMs / size) - Math.floor(firstMs / size) + 1 <= MAX_BUCKETS) return size;
  }
  // Beyond 60 days: whole days, as many as it takes to stay within MAX_BUCKETS.
  const days = Math.ceil((lastMs - firstMs + 1) / (24 * HOUR) / (MAX_BUCKETS - 1));
  return days * 24 * HOUR;
}

/**
 * Whether a time can be drawn: a number within the range a JavaScript Date holds (±8.64e15 ms).
 * A producer's broken clock (epoch 1e308) keeps its log, but it has no place on a timeline.
 */
export const datable = (ms: number): boolean => Math.abs(ms) <= 8.64e15;

/** Bucket of a time (NaN for none). */
export const bucketOf = (t: Timeline, ms: number): number => Math.min(t.buckets - 1, Math.floor((ms - t.startMs) / t.bucketMs));

/**
 * Counts per bucket. `detectedRows` are the anomalous rows; `templateOf`/`templateFirstRow` give
 * each row's template and each template's first row. Undefined when no log has a timestamp.
 */
export function buildTimeline(logs: LogTable, detectedRows: Int32Array, templateFirstRow?: Int32Array): Timeline | undefined {
  const ts = logs.timestampMs;
  const n = logs.length;
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (!datable(t)) continue; // NaN too
    if (t < firstMs) firstMs = t;
    if (t > lastMs) lastMs = t;
  }
  if (!Number.isFinite(firstMs)) return undefined;
  const bucketMs = bucketSizeFor(firstMs, lastMs);
  const startMs = Math.floor(firstMs / bucketMs) * bucketMs;
  const buckets = Math.floor((lastMs - startMs) / bucketMs) + 1;
  const services = logs.services.length;
  const lines = new Int32Array(services * buckets);
  const anomalous = new Int32Array(services * buckets);
  const newTemplates = new Int32Array(buckets);
  const serviceOf = logs.serviceOf;
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    if (datable(t)) lines[serviceOf[i]! * buckets + Math.floor((t - startMs) / bucketMs)]!++;
  }
  for (let k = 0; k < detectedRows.length; k++) {
    const row = detectedRows[k]!;
    const t = ts[row]!;
    if (datable(t)) anomalous[serviceOf[row]! * buckets + Math.floor((t - startMs) / bucketMs)]!++;
  }
  if (templateFirstRow) {
    for (let id = 0; id < templateFirstRow.length; id++) {
      const t = ts[templateFirstRow[id]!]!;
      if (datable(t)) newTemplates[Math.floor((t - startMs) / bucketMs)]!++;
    }
  }
  return { startMs, bucketMs, buckets, firstMs, lastMs, lines, anomalous, newTemplates };
}

/** Sums over services per bucket. */
export function totals(t: Timeline): { lines: Float64Array; anomalous: Float64Array } {
  const lines = new Float64Array(t.buckets);
  const anomalous = new Float64Array(t.buckets);
  for (let i = 0; i < t.lines.length; i++) {
    const b = i % t.buckets;
    lines[b]! += t.lines[i]!;
    anomalous[b]! += t.anomalous[i]!;
  }
  return { lines, anomalous };
}

/** "2 min", "30 s", "1 h": a bucket size as people say it. */
export function sizeText(ms: number): string {
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  if (ms % MIN === 0) return `${ms / MIN} min`;
  return `${ms / SEC} s`;
}
