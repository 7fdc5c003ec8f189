import type { LogRecord } from "./types.js";

/** A log stamped later than now + this comes from a broken clock and cannot anchor the window. */
export const MAX_FUTURE_SKEW_MS = 24 * 3_600_000;

/**
 * For logs without a range query (a list, a file): the anchor is the newest timestamp found,
 * and logs older than anchor - hours are dropped. Logs without a timestamp are kept: nothing
 * says they are outside the window. Timestamps after `latestAnchorMs` (now + a day) are not
 * taken as the anchor, so one producer with a broken clock cannot push every other log out of
 * the window; such logs stay in the analysis.
 */
export function windowByNewest(
  records: LogRecord[],
  windowHours: number,
  latestAnchorMs = Number.POSITIVE_INFINITY,
): { records: LogRecord[]; anchorMs: number; windowStartMs: number } {
  let anchorMs = Number.NaN;
  let newestAny = Number.NaN;
  for (const r of records) {
    const t = r.timestampMs;
    if (t > newestAny || Number.isNaN(newestAny)) newestAny = t;
    if (t <= latestAnchorMs && (t > anchorMs || Number.isNaN(anchorMs))) anchorMs = t;
  }
  if (Number.isNaN(anchorMs)) anchorMs = newestAny;
  const windowStartMs = anchorMs - windowHours * 3_600_000;
  if (Number.isNaN(anchorMs)) return { records, anchorMs, windowStartMs };
  let keepAll = true;
  for (const r of records) if (r.timestampMs < windowStartMs) keepAll = false;
  return {
    records: keepAll ? records : records.filter((r) => !(r.timestampMs < windowStartMs)),
    anchorMs,
    windowStartMs,
  };
}
