// Where anomalies fall in time: scattered over a whole window, or in bursts.

import type { Rng } from "./prng.js";

/**
 * n times scattered over [t0, t1): one in each of n equal slots, jittered, so they cover the
 * whole window; with `early`, the first falls in the first minute.
 */
export function scatter(r: Rng, n: number, t0: number, t1: number, early = true): number[] {
  const out: number[] = [];
  const slot = (t1 - t0) / Math.max(1, n);
  for (let i = 0; i < n; i++) out.push(Math.floor(t0 + slot * (i + r.float(0.05, 0.95))));
  if (early && n > 0) out[0] = t0 + r.int(2_000, 58_000);
  return out.sort((a, b) => a - b);
}

/** n times in a burst starting at t, gaps exponential with mean `gapMs`. */
export function burst(r: Rng, n: number, t: number, gapMs: number): number[] {
  const out: number[] = [];
  let at = t;
  for (let i = 0; i < n; i++) {
    out.push(Math.floor(at));
    at += r.exp(gapMs);
  }
  return out;
}

/** n times uniform in [t0, t1), sorted. */
export function within(r: Rng, n: number, t0: number, t1: number): number[] {
  return r.times(n, t0, t1);
}

export const MIN = 60_000;
export const HOUR = 3_600_000;
