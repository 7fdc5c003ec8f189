/** A small seeded random source (mulberry32) with the draws the isthmus scenarios need. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both included. */
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
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the items, drawn in proportion to its weight. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of pairs) {
      r -= w;
      if (r < 0) return item;
    }
    return pairs[pairs.length - 1]![0];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal around a median: the shape of request latencies. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given mean: gaps between independent arrivals. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }

  alnum(n: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(["8", "9", "a", "b"])}${this.hex(3)}-${this.hex(12)}`;
  }

  /** A Kubernetes pod name for a Deployment: `name-<replicaset hash>-<5 chars>`. */
  pod(deployment: string): string {
    return `${deployment}-${this.alnum(9, "bcdfghjklmnpqrstvwxz2456789")}-${this.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
  }

  privateIp(prefix = "10.0"): string {
    return `${prefix}.${this.int(0, 15)}.${this.int(2, 250)}`;
  }

  publicIp(): string {
    return `${this.pick([31, 46, 62, 81, 88, 92, 109, 151, 176, 185, 193, 212, 217])}.${this.int(1, 254)}.${this.int(0, 254)}.${this.int(1, 254)}`;
  }
}

/** FNV-1a of a string: a stable 32-bit number (seeds, Serilog event ids). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The random source of one scenario of a family for one seed: scenarios do not share draws. */
export function familyRng(family: string, seed: number, scenario: string): Rng {
  return new Rng(fnv1a(`${family}:${seed}:${scenario}`));
}

/** The random source of one scenario for one seed: scenarios do not share draws. */
export function scenarioRng(seed: number, scenario: string): Rng {
  return familyRng("isthmus", seed, scenario);
}
