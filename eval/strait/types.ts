/** The scenario shape every blind family writes (as eval/blind/types.ts), through the sound family. */
export type { AnomalyType, Scenario } from "../sound/types.js";
