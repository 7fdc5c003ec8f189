import type { AnomalyType } from "../blind/types.js";

/** One scenario of the "wilds" family: incident logs exactly as they are stored in the wild. */
export interface WildScenario {
  name: string;
  description: string;
  /** stored entries, OLDEST FIRST: a string is a plain-text line as stored, an object a JSON entry as stored */
  logs: (string | Record<string, unknown>)[];
  /** one per line: anomaly type, null = normal */
  labels: (AnomalyType | null)[];
  /** one per line: true event time in epoch ms, non-decreasing */
  times: number[];
}
