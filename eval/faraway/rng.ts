// A small seeded PRNG (mulberry32) and the draws the scenarios need. No Math.random anywhere.

export function mixSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = String(p);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x7f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private s: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  float(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  /** integer in [a, b], both included */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error("pick from an empty list");
    return xs[Math.floor(this.next() * xs.length)] as T;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let u = this.next() * total;
    for (const [x, w] of items) {
      u -= w;
      if (u < 0) return x;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** log-normal with the given median and sigma (of the log) */
  logn(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** exponential waiting time for a rate (per unit) */
  exp(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }

  alnum(n: number, alphabet = "bcdfghjklmnpqrstvwxz2456789"): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  /** a private IPv4 address under the prefix, e.g. "10.0.3" */
  ip(prefix = "10.0"): string {
    const parts = prefix.split(".").length;
    let s = prefix;
    for (let i = parts; i < 4; i++) s += `.${this.int(i === 3 ? 2 : 0, 254)}`;
    return s;
  }

  publicIp(): string {
    return `${this.pick([23, 31, 45, 62, 77, 81, 89, 91, 103, 109, 141, 176, 185, 193, 203, 212])}.${this.int(1, 254)}.${this.int(0, 254)}.${this.int(1, 254)}`;
  }

  fork(label: string | number): Rng {
    return new Rng(mixSeed(this.s, label));
  }
}
