// Shared types: the public interface (re-exported by index.ts) and the internal event shape.

export type AnomalyType = "performance" | "memory" | "error" | "pattern";

export interface Scenario {
  name: string; // kebab-case, unique
  description: string; // one line: what happens in it
  logs: Record<string, unknown>[]; // stored entries, OLDEST FIRST, as producers wrote them
  labels: (AnomalyType | null)[]; // same length: anomaly type of each line, null = normal
}

export interface CascadeScenario extends Scenario {
  rootService: string; // the service where the fault started
  onsetMs: number; // epoch ms when the incident began (first departure from normal)
  services: string[]; // all services in the incident
}

export interface IncidentSequence {
  name: string;
  description: string;
  /** incidents in time order (days apart), each a full Scenario; earlier ones are mostly normal days */
  incidents: Scenario[];
  /** how many leading incidents are "history" (normal operation, maybe with recurring harmless noise) */
  historyCount: number;
}

/** Canonical level before a producer spells it. */
export type Level = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

export type ProducerName = "canonical" | "pino" | "python" | "zap" | "logback" | "syslog" | "otel" | "k8s" | "docker-nginx" | "ras" | "gclog";

/** One log line before a producer writes it. */
export interface Ev {
  t: number; // epoch ms
  svc: string;
  level: Level;
  msg: string;
  label: AnomalyType | null;
  prod: ProducerName;
  inst?: string; // host / pod / node location
  logger?: string; // logger, class or module name
  f?: Record<string, unknown>; // structured extras (duration_ms, memory_pct, trace_id, http fields, ...)
  stack?: string; // stack trace / traceback
  rawLevel?: string; // producer-specific level spelling that overrides the mapping (e.g. "FATAL", "SEVERE")
  req?: boolean; // generator bookkeeping: a normal request line (never written out)
}
