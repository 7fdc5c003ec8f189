// A small seeded PRNG (sfc32 seeded through splitmix32) and the random helpers the generators use.

/** FNV-1a hash of a string, as an unsigned 32-bit integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const HEX = "0123456789abcdef";
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const sm = splitmix32(seed);
    this.a = sm();
    this.b = sm();
    this.c = sm();
    this.d = sm();
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A child generator, independent of later draws on this one. */
  fork(label: string): Rng {
    return new Rng((this.u32() ^ hashString(label)) >>> 0);
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  float(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error("pick from an empty list");
    return v;
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
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  normal(mu = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mu + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A latency in ms: lognormal body with a small heavier tail, as real request timings have. */
  latency(median: number, sigma = 0.45, tailP = 0.03, tailMul = 3.5): number {
    let v = this.lognormal(median, sigma);
    if (this.chance(tailP)) v *= this.float(1.5, tailMul);
    return v;
  }

  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += HEX[this.u32() & 15];
    return s;
  }

  alnum(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += ALNUM[this.int(0, ALNUM.length - 1)];
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  ip(): string {
    return `${this.int(11, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  privateIp(): string {
    return `10.${this.int(0, 31)}.${this.int(0, 255)}.${this.int(2, 254)}`;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const a = items[i] as T;
      items[i] = items[j] as T;
      items[j] = a;
    }
    return items;
  }

  /** n sorted times, uniform in [t0, t1). */
  times(n: number, t0: number, t1: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(t0 + Math.floor(this.next() * (t1 - t0)));
    return out.sort((x, y) => x - y);
  }
}

/** Round to d decimals. */
export function round(v: number, d = 1): number {
  const m = 10 ** d;
  return Math.round(v * m) / m;
}
