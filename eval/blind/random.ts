// Seeded PRNG (mulberry32) and sampling helpers. Same seed -> same sequence, always.

/** Mix a numeric seed with a string key into a new 32-bit seed (murmur-style finaliser). */
export function hashSeed(seed: number, key: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An independent stream for a named purpose (does not disturb this one's future values). */
  fork(key: string): Rng {
    return new Rng(hashSeed(this.s, key));
  }

  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new Error("pick from empty array");
    return arr[Math.floor(this.next() * arr.length)] as T;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error("weighted pick from empty list");
    return last[0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median; the draw is clipped at +-clip sigmas so normal tails stay normal. */
  logNormal(median: number, sigma: number, clip = 3): number {
    const z = Math.max(-clip, Math.min(clip, this.normal()));
    return median * Math.exp(sigma * z);
  }

  /** Exponential gap for a Poisson process with `perMs` events per millisecond. */
  expGap(perMs: number): number {
    return -Math.log(1 - this.next()) / perMs;
  }

  hex(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += "0123456789abcdef"[this.int(0, 15)];
    return out;
  }

  alnum(n: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  ip(prefix = "10.0"): string {
    return `${prefix}.${this.int(0, 31)}.${this.int(2, 250)}`;
  }

  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const a = arr[i] as T;
      arr[i] = arr[j] as T;
      arr[j] = a;
    }
    return arr;
  }

  /** k distinct elements. */
  sample<T>(arr: readonly T[], k: number): T[] {
    return this.shuffle([...arr]).slice(0, Math.min(k, arr.length));
  }
}

/** Times of a Poisson process with `perMin` events per minute in [start, end). */
export function poissonTimes(r: Rng, start: number, end: number, perMin: number): number[] {
  const out: number[] = [];
  if (perMin <= 0) return out;
  const perMs = perMin / 60000;
  let t = start + r.expGap(perMs);
  while (t < end) {
    out.push(Math.floor(t));
    t += r.expGap(perMs);
  }
  return out;
}

/** n times spread over [start, end): one per equal slot, jittered inside the slot (scattered, never one block). */
export function scatteredTimes(r: Rng, start: number, end: number, n: number): number[] {
  const out: number[] = [];
  const slot = (end - start) / n;
  for (let i = 0; i < n; i++) out.push(Math.floor(start + slot * i + r.float(0.05, 0.95) * slot));
  return out;
}
