/** The scenario type steppe's author wrote, given to this family's author as it is (eval/steppe/types.ts). */
export type { AnomalyType, Scenario } from "../steppe/types.js";
