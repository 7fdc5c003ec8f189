/** A log stamped later than now + this comes from a broken clock and cannot anchor the window. */
export const MAX_FUTURE_SKEW_MS = 24 * 3_600_000;

/**
 * For logs without a range query (a list, a file): the anchor is the newest timestamp found,
 * and logs older than anchor - hours fall outside the window. Logs without a timestamp stay:
 * nothing says they are outside the window. Timestamps after `latestAnchorMs` (now + a day)
 * are not taken as the anchor, so one producer with a broken clock cannot push every other log
 * out of the window; such logs stay in the analysis.
 */
export function windowByNewest(
  timestampsMs: ArrayLike<number>,
  windowHours: number,
  latestAnchorMs = Number.POSITIVE_INFINITY,
): { anchorMs: number; windowStartMs: number } {
  let anchorMs = Number.NaN;
  let newestAny = Number.NaN;
  for (let i = 0; i < timestampsMs.length; i++) {
    const t = timestampsMs[i]!;
    if (t > newestAny || Number.isNaN(newestAny)) newestAny = t;
    if (t <= latestAnchorMs && (t > anchorMs || Number.isNaN(anchorMs))) anchorMs = t;
  }
  if (Number.isNaN(anchorMs)) anchorMs = newestAny;
  return { anchorMs, windowStartMs: anchorMs - windowHours * 3_600_000 };
}
