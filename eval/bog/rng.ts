// Deterministic seeded PRNG: mulberry32, seeded from (seed, per-scenario salt) via FNV-1a.
export interface Rng {
  next(): number;
  int(a: number, b: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  gap(meanMs: number): number;
  norm(): number;
  /** healthy latency: median * factor, factor kept within [0.45, 2.6] (so within 3x of median) */
  lat(median: number, digits?: number): number;
  hex(n: number): string;
}

export function makeRng(seed: number, salt: string): Rng {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < salt.length; i++) {
    h ^= salt.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  let a = (h ^ Math.imul(Math.floor(seed) | 0, 0x9e3779b1)) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)] as (typeof xs)[number],
    chance: (p) => next() < p,
    gap: (mean) => Math.max(1, -mean * Math.log(1 - next())),
    norm: () => {
      const u = Math.max(next(), 1e-9);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    lat: (median, digits = 1) => {
      const f = Math.min(2.6, Math.max(0.45, Math.exp(0.3 * rng.norm())));
      return round(median * f, digits);
    },
    hex: (n) => {
      let s = "";
      for (let i = 0; i < n; i++) s += Math.floor(next() * 16).toString(16);
      return s;
    },
  };
  return rng;
}
