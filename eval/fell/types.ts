export type { AnomalyType, Scenario } from "../steppe/types.js";
