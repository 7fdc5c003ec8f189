/**
 * Sparse histograms the memory keeps per service and per template: bin index (as a string, the
 * way JSON and Lua's cjson keep object keys) -> weight. Response times are binned on a log scale
 * (LOG_BIN wide in ln(ms), about 10% per bin), memory by whole percent. Weights decay in the
 * store (scripts.ts), so a bin's weight is a recency-weighted count.
 */

export type Histogram = Record<string, number>;

/** Width of a response-time bin in ln(ms). */
export const LOG_BIN = 0.1;
/** Times below this (ms) share the lowest bin. */
const MIN_MS = 0.01;

export function timeBin(ms: number): number {
  return Math.floor(Math.log(Math.max(ms, MIN_MS)) / LOG_BIN);
}

/** The middle of a time bin, in ms. */
export function timeOfBin(bin: number): number {
  return Math.exp((bin + 0.5) * LOG_BIN);
}

export function memoryBin(pct: number): number {
  return Math.max(0, Math.min(100, Math.floor(pct)));
}

/**
 * A number as a property key is its string (the same key as String(bin)); kept a number, V8
 * reaches an integer key without building the string, once per line with a time or memory reading.
 */
export function add(h: Histogram, bin: number, weight = 1): void {
  h[bin] = (h[bin] ?? 0) + weight;
}

export function total(h: Histogram | undefined): number {
  let sum = 0;
  if (h) for (const v of Object.values(h)) sum += v;
  return sum;
}

/**
 * The bins of the q-quantiles, `qs` ascending (each the lowest bin whose cumulative weight
 * reaches q of the total), NaN each for an empty histogram. One sort of the bins for all of
 * them: a memory's histograms are judged per template per incident.
 */
export function quantileBins(h: Histogram | undefined, qs: readonly number[]): number[] {
  const out = qs.map(() => Number.NaN);
  if (!h) return out;
  let sum = 0;
  const bins: number[] = [];
  for (const key in h) {
    const v = h[key]!;
    sum += v;
    if (v > 0) bins.push(Number(key));
  }
  if (!(sum > 0)) return out;
  bins.sort((a, b) => a - b);
  let acc = 0;
  let i = 0;
  for (const b of bins) {
    acc += h[b]!;
    while (i < qs.length && acc >= qs[i]! * sum - 1e-9) out[i++] = b;
    if (i === qs.length) return out;
  }
  while (i < qs.length) out[i++] = bins[bins.length - 1]!;
  return out;
}

/** The q-quantile's bin, NaN for an empty histogram (quantileBins). */
export function quantileBin(h: Histogram | undefined, q: number): number {
  return quantileBins(h, [q])[0]!;
}

/** A response-time bin's middle in ms, NaN for NaN. */
export const timeOfBinOrNaN = (b: number): number => (Number.isNaN(b) ? b : timeOfBin(b));

/** A memory bin's middle in percent, NaN for NaN. */
export const memoryOfBin = (b: number): number => (Number.isNaN(b) ? b : Math.min(100, b + 0.5));

/** The q-quantile of a response-time histogram in ms (the bin's middle), NaN when empty. */
export function timeQuantile(h: Histogram | undefined, q: number): number {
  return timeOfBinOrNaN(quantileBin(h, q));
}

/** The q-quantile of a memory histogram in percent (the bin's middle), NaN when empty. */
export function memoryQuantile(h: Histogram | undefined, q: number): number {
  return memoryOfBin(quantileBin(h, q));
}
