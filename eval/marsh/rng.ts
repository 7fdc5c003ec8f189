// Deterministic seeded PRNG for the marsh family: mulberry32 over a seed mixed with a
// per-scenario salt (FNV-1a of the salt string), so scenarios with the same seed do not
// share random streams. No Math.random, no clocks.

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number, salt: string) {
    const s = (Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ fnv1a(salt)) >>> 0;
    this.state = s === 0 ? 0x6d2b79f5 : s;
    for (let i = 0; i < 4; i++) this.next();
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    const x = xs[Math.floor(this.next() * xs.length)];
    if (x === undefined) throw new Error("pick from empty list");
    return x;
  }

  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let u = this.next() * total;
    for (const [v, w] of pairs) {
      u -= w;
      if (u < 0) return v;
    }
    const last = pairs[pairs.length - 1];
    if (last === undefined) throw new Error("weighted from empty list");
    return last[0];
  }

  normal(): number {
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal with the given median, resampled until inside [lo, hi] (clamped after 20 tries). */
  lognormal(median: number, sigma: number, lo: number, hi: number): number {
    for (let i = 0; i < 20; i++) {
      const x = median * Math.exp(sigma * this.normal());
      if (x >= lo && x <= hi) return x;
    }
    return Math.min(hi, Math.max(lo, median));
  }

  /** Healthy latency: lognormal around the median, within [median/2.8, median*2.8] (inside 3x). */
  healthy(median: number, sigma = 0.35): number {
    return this.lognormal(median, sigma, median / 2.8, median * 2.8);
  }

  /** Anomalous latency: lognormal around median*factor, never below 4.5x the healthy median. */
  slow(healthyMedian: number, factor: number, sigma = 0.4, maxFactor = 60): number {
    return this.lognormal(healthyMedian * factor, sigma, healthyMedian * 4.5, healthyMedian * maxFactor);
  }

  /** Exponential gap with the given mean. */
  exp(mean: number): number {
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    return -Math.log(u) * mean;
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }

  chars(n: number, alphabet: string): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = "89ab"[Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
