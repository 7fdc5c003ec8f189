/**
 * Times of a window's logs as positions on one axis, when they are (nearly) in time order.
 *
 * Logs gathered from several producers are stored in the order they arrived, so a line may come
 * a few milliseconds before the one stored above it (clocks differ, shippers batch). Spans and
 * rates measured in time stay right under that jitter: each log takes the latest time seen so
 * far, which is non-decreasing. A window out of order in more than MAX_DISORDER of its
 * neighbouring pairs, or going back more than MAX_BACKSTEP of its span, is not in time order
 * (logs stored by service, or shuffled): undefined, and callers count in lines.
 */
export const MAX_DISORDER = 0.01;
export const MAX_BACKSTEP = 0.01;

export function orderedTimes(timestampMs: Float64Array | undefined, n: number): Float64Array | undefined {
  if (!timestampMs || timestampMs.length !== n || n < 2) return undefined;
  let backward = 0;
  let deepest = 0;
  let latest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = timestampMs[i]!;
    if (!Number.isFinite(t)) return undefined;
    if (t < latest) {
      backward++;
      deepest = Math.max(deepest, latest - t);
    } else latest = t;
  }
  if (backward === 0) return latest > timestampMs[0]! ? timestampMs : undefined;
  const span = latest - timestampMs[0]!;
  if (!(span > 0) || backward > MAX_DISORDER * (n - 1) || deepest > MAX_BACKSTEP * span) return undefined;
  const out = new Float64Array(n);
  let run = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    run = Math.max(run, timestampMs[i]!);
    out[i] = run;
  }
  return out;
}
