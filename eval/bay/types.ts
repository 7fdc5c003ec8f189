export type AnomalyType = "performance" | "memory" | "error" | "pattern";
export interface Scenario {
  name: string; // kebab-case, unique
  description: string; // one line: what happens in it
  logs: Record<string, unknown>[]; // stored entries, OLDEST FIRST, as producers wrote them
  labels: (AnomalyType | null)[]; // same length: anomaly type of each line, null = normal
}
