/** The isthmus family's random source (mulberry32), drawn per scenario of the strait family. */
import { familyRng, type Rng } from "../isthmus/rng.js";

export { fnv1a, Rng } from "../isthmus/rng.js";

/** The random source of one scenario for one seed: scenarios do not share draws. */
export function scenarioRng(seed: number, scenario: string): Rng {
  return familyRng("strait", seed, scenario);
}
