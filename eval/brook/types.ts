/** The scenario shape every blind family writes (as eval/blind/types.ts). */
export type { AnomalyType, Scenario } from "../blind/types.js";
