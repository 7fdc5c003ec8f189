// Small seeded PRNG (mulberry32) and the random helpers the scenarios draw from.

/** A 32-bit seed from a numeric seed and a tag (FNV-1a over the tag, mixed with the seed). */
export function hashSeed(seed: number, tag: string): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < tag.length; i++) {
    h ^= tag.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

const KUBE_CHARS = "bcdfghjklmnpqrstvwxz2456789";

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
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

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [v, w] of items) {
      x -= w;
      if (x < 0) return v;
    }
    return items[items.length - 1]![0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }

  /** Characters Kubernetes uses in generated names. */
  kube(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += KUBE_CHARS[Math.floor(this.next() * KUBE_CHARS.length)];
    return s;
  }

  alnum(n: number): string {
    const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let s = "";
    for (let i = 0; i < n; i++) s += chars[Math.floor(this.next() * chars.length)];
    return s;
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = "89ab"[Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** n times in [start, end), sorted. */
  times(start: number, end: number, n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(Math.floor(this.float(start, end)));
    return out.sort((a, b) => a - b);
  }

  /** Times from `start` to `end` every `every` ms, each moved by up to `jitter` ms. */
  ticks(start: number, end: number, every: number, jitter = 0): number[] {
    const out: number[] = [];
    for (let t = start + this.float(0, every); t < end; t += every) out.push(Math.floor(t + this.float(0, jitter)));
    return out;
  }
}
