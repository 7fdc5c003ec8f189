/**
 * The channel and inlet families' random source: mulberry32 seeded by an FNV-1a hash of the family, the seed
 * and the scenario's name, so scenarios do not share draws and a seed moves every one of them.
 */

/** FNV-1a, 32 bits, of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const HEX = "0123456789abcdef";
const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const POD_SUFFIX = "bcdfghjklmnpqrstvwxz2456789";

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A float in [lo, hi). */
  float(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** An integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of `items`, drawn by weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal draw around `median`, spread `sigma`. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** An exponential draw with mean `mean`. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  hex(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += HEX[Math.floor(this.next() * 16)];
    return out;
  }

  alnum(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += ALNUM[Math.floor(this.next() * ALNUM.length)];
    return out;
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = HEX[8 + Math.floor(this.next() * 4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A Deployment's pod name: `<deployment>-<replicaset hash>-<5 chars>`. */
  pod(deployment: string): string {
    let hash = "";
    for (let i = 0; i < 10; i++) hash += POD_SUFFIX[Math.floor(this.next() * POD_SUFFIX.length)];
    let tail = "";
    for (let i = 0; i < 5; i++) tail += POD_SUFFIX[Math.floor(this.next() * POD_SUFFIX.length)];
    return `${deployment}-${hash}-${tail}`;
  }

  /** An address in `prefix` (two octets, "10.42"). */
  privateIp(prefix: string): string {
    return `${prefix}.${this.int(0, 63)}.${this.int(2, 250)}`;
  }

  /** A public client address from documentation and carrier-grade ranges. */
  clientIp(): string {
    const first = this.pick([31, 46, 77, 82, 89, 93, 109, 141, 176, 185, 188, 212, 217]);
    return `${first}.${this.int(1, 254)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
}

/** The random source of one scenario of `family` for one seed: families and scenarios do not share draws. */
export function familyRng(family: string, seed: number, scenario: string): Rng {
  return new Rng(fnv1a(`${family}/${seed}/${scenario}`));
}
