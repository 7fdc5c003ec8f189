import type { LogRecord } from "./types.js";

/**
 * For logs without a range query (a list, a file): the anchor is the newest timestamp found,
 * and logs older than anchor - hours are dropped. Logs without a timestamp are kept: nothing
 * says they are outside the window.
 */
export function windowByNewest(records: LogRecord[], windowHours: number): { records: LogRecord[]; anchorMs: number; windowStartMs: number } {
  let anchorMs = Number.NaN;
  for (const r of records) if (r.timestampMs > anchorMs || Number.isNaN(anchorMs)) anchorMs = r.timestampMs;
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
