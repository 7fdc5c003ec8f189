/** The isthmus family's random source (mulberry32), with the bay family's own draws. */
import { familyRng, type Rng } from "../isthmus/rng.js";

export { fnv1a, Rng } from "../isthmus/rng.js";

/** The random source of one scenario for one seed: scenarios do not share draws. */
export function scenarioRng(seed: number, scenario: string): Rng {
  return familyRng("bay", seed, scenario);
}
