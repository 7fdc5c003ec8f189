/**
 * Seeded PRNG: the same incident with the same seed must always give the same forest, so
 * answers are reproducible and tests can pin behaviour. mulberry32 keeps one 32-bit word of
 * state and is far cheaper than anything cryptographic, which the forest does not need.
 */

export interface Random {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, bound). */
  int(bound: number): number;
}

const TWO_POW_32 = 4294967296;

export function createRandom(seed: number): Random {
  // Truncate instead of hashing a float seed: callers pass small integers.
  let state = Math.trunc(seed) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  };
  return { next, int: (bound: number): number => Math.floor(next() * bound) };
}
