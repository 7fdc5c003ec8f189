/**
 * The shapes of the memory across incidents as the pure core sees them: what a service's history
 * holds when recalled (history.ts), and what one incident teaches it (lessons.ts). The store
 * (memory/store.ts) reads and writes them; nothing here does I/O.
 */
import type { Histogram } from "./histogram.js";

export interface TemplateHistory {
  id: string;
  text: string;
  /** Incidents it was seen in. */
  incidents: number;
  /** Decayed count of those incidents (half-life MEMORY_HALF_LIFE_DAYS), as of the recall. */
  weight: number;
  lastSeenMs: number;
  /** Confirmed as a problem (feedback): never routine. */
  confirmed: boolean;
  /** Declared normal (priming, feedback): routine at once. */
  expected: boolean;
  /** Incidents in which some of its lines were flagged. */
  flagged: number;
  /** Lines seen over all incidents. */
  lines: number;
  /**
   * Of those, the lines at ERROR or worse, counted since the memory kept them (undefined for a
   * template remembered before): how routine the template's failures are, not only its text.
   */
  severe?: { lines: number; of: number };
  /** Response times of its unflagged lines. */
  rt?: Histogram;
  /** Memory readings of its unflagged lines. */
  mem?: Histogram;
}

export interface ServiceHistory {
  service: string;
  /** Incidents learnt (primed ones included). */
  incidents: number;
  /** Incidents learnt from logs declared normal. */
  primed: number;
  /** Decayed count of the incidents, as of the recall. */
  weight: number;
  /** When the oldest incident still remembered was learnt, and the latest (ms). */
  firstMs: number;
  updatedMs: number;
  templates: TemplateHistory[];
  rt: Histogram;
  mem: Histogram;
  /** Decayed lines per severity 0..5. */
  levels: number[];
  /** Decayed mean of lines per minute. */
  linesPerMinute: number;
}

/** What detection is given: the histories of the incident's services (absent ones have none). */
export interface DetectionHistory {
  services: Readonly<Record<string, ServiceHistory>>;
  /** MEMORY_ROUTINE_INCIDENTS. */
  routineIncidents: number;
  /** Time of the recall (ms), for the span of days in reasons. */
  nowMs: number;
}

export interface TemplateLesson {
  /** The stable id (findings.ts templateId), or the id of the remembered template it matched (history.ts). */
  id: string;
  text: string;
  lines: number;
  /** 1 when some of its lines were at or above LEARN_THRESHOLD. */
  flagged: 0 | 1;
  /** Of its lines, those at ERROR or worse (flagged or not): the level it is written at. */
  severe: number;
  /** Response times of its unflagged lines. */
  rt?: Histogram;
  /** Memory readings of its unflagged lines. */
  mem?: Histogram;
}

export interface ServiceLesson {
  service: string;
  lines: number;
  /** Lines per minute over the service's span in the window (at least one minute). */
  linesPerMinute: number;
  /** Lines per severity 0..5. */
  levels: number[];
  rt: Histogram;
  mem: Histogram;
  templates: TemplateLesson[];
}
