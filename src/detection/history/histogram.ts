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
 * The q-quantile's bin (lowest bin whose cumulative weight reaches q of the total), NaN for an
 * empty histogram.
 */
export function quantileBin(h: Histogram | undefined, q: number): number {
  if (!h) return Number.NaN;
  const bins = Object.keys(h)
    .map(Number)
    .filter((b) => h[String(b)]! > 0)
    .sort((a, b) => a - b);
  const sum = total(h);
  if (!(sum > 0)) return Number.NaN;
  let acc = 0;
  for (const b of bins) {
    acc += h[String(b)]!;
    if (acc >= q * sum - 1e-9) return b;
  }
  return bins[bins.length - 1]!;
}

/** The q-quantile of a response-time histogram in ms (the bin's middle), NaN when empty. */
export function timeQuantile(h: Histogram | undefined, q: number): number {
  const b = quantileBin(h, q);
  return Number.isNaN(b) ? b : timeOfBin(b);
}

/** The q-quantile of a memory histogram in percent (the bin's middle), NaN when empty. */
export function memoryQuantile(h: Histogram | undefined, q: number): number {
  const b = quantileBin(h, q);
  return Number.isNaN(b) ? b : Math.min(100, b + 0.5);
}
