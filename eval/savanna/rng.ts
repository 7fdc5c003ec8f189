/** The seeded PRNG steppe's author wrote, given to this family's author as it is (eval/steppe/rng.ts). */
export { Rng } from "../steppe/rng.js";
