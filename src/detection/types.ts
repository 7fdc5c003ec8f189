/**
 * Shapes shared by the pure detection core. Nothing here knows about Valkey, HTTP or LangGraph.
 */
import type { DetectionHistory, ServiceLesson } from "./history/shapes.js";
import type { Onset } from "./onset.js";
import type { SuspectedRoot } from "./root-services.js";
import type { Timeline } from "./timeline.js";

export type AnomalyType = "performance" | "memory" | "error" | "pattern";
export const ANOMALY_TYPES: readonly AnomalyType[] = ["performance", "memory", "error", "pattern"];

/** The reference method's five features, as they appear in the answer (snake_case). */
export interface Features {
  message_length: number;
  error_keywords: number;
  level_severity: number;
  response_time: number;
  memory_usage: number;
}

/** The columns of a FeatureMatrix, in the reference method's feature order. */
export const FEATURE_KEYS = ["messageLength", "errorKeywords", "levelSeverity", "responseTime", "memoryUsage"] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

/** Column-major feature matrix: one Float64Array per feature, all of length n. */
export interface FeatureMatrix {
  n: number;
  messageLength: Float64Array;
  errorKeywords: Float64Array;
  levelSeverity: Float64Array;
  responseTime: Float64Array;
  memoryUsage: Float64Array;
}

export type DetectionMethod = "isolation_forest" | "statistical";

export interface ScoredAnomaly {
  /** Row in the records array given to `detect` (not the stored log_index). */
  row: number;
  confidence: number;
  anomalyType: AnomalyType;
  /** Plain sentences with the numbers, e.g. "response time 30000 ms is 42x the median of user-service (712 ms)". */
  reasons: string[];
  /** The log's message template, variable parts as "<*>". */
  template?: string;
  /** The finding this line belongs to (findings.ts). */
  findingId?: string;
}

/** Anomalous lines of one service x template x type (findings.ts). */
export interface Finding {
  id: string;
  service: string;
  template: string;
  templateId: string;
  anomalyType: AnomalyType;
  /** Anomalous lines in the finding. */
  count: number;
  /** Rows of its earliest and latest lines (by timestamp, then position). */
  firstRow: number;
  lastRow: number;
  maxConfidence: number;
  /** Row of its strongest line (highest confidence, earliest on ties): its reasons speak for it. */
  strongestRow: number;
}

/** A finding (findings.ts) with the reasons of its strongest line. */
export interface DetectionFinding extends Finding {
  reasons: string[];
  /** The `confirmed` verdict of its service and template, when there is one (feedback.ts). */
  confirmed?: VerdictRule;
}

/** Detected lines taken out of the anomalies by feedback (feedback.ts), grouped like a finding. */
export interface SuppressedFinding extends DetectionFinding {
  why: SuppressedBy;
}

export interface DetectOptions {
  /** Only anomalies with confidence >= threshold are returned. */
  confidenceThreshold: number;
  /** Isolation Forest contamination (flagged fraction); default 0.1 as in the reference method. */
  contamination?: number;
  /** Seed of the forest's random generator; default fixed so answers are reproducible. */
  seed?: number;
  /** At most this many anomalies are listed (highest confidence first); findings stay complete. */
  maxListed?: number;
  /** Below this many logs the statistical path decides; default 20. */
  minForestSamples?: number;
  /** Number of trees; default 100. */
  nEstimators?: number;
  /** Suppressions and verdicts that apply to this incident's services (feedback.ts). */
  feedback?: FeedbackRules;
  /** The services' memory across incidents (history/history.ts); absent: the incident alone speaks. */
  history?: DetectionHistory;
  /** Also say what the incident teaches the memory (DetectionOutput.lessons). */
  learn?: boolean;
}

/** Which baseline judged a service: its history (with that many incidents behind it) or the incident alone. */
export interface ServiceBaselineUse {
  service: string;
  baseline: "history" | "incident";
  incidents: number;
}

export interface DetectionOutput {
  method: DetectionMethod;
  /** Listed anomalies at or above the threshold (all of them unless capped by maxListed), in row order. */
  anomalies: ScoredAnomaly[];
  /** Lines at or above the threshold, listed or not. */
  detectedCount: number;
  /** Service x template x type groups of every detected line, strongest first. */
  findings: DetectionFinding[];
  features: FeatureMatrix;
  /** Counts and leaders of the reported anomalies. */
  summary?: DetectionSummary;
  /** Lines at or above the threshold that feedback took out, by finding and rule; absent without feedback. */
  suppressed?: SuppressedFinding[];
  /** Per service, the baseline used; only when a history was given. */
  baselines?: ServiceBaselineUse[];
  /** What the incident teaches each service's memory; only when asked (DetectOptions.learn). */
  lessons?: ServiceLesson[];
}

/** What the answer's `summary` is built from (rows, not log indexes). */
export interface DetectionSummary {
  byType: Record<AnomalyType, number>;
  /** Services with the most anomalies, most first (at most 5). */
  topServices: { service: string; anomalies: number; byType: Record<AnomalyType, number> }[];
  /** Templates with the most anomalies, most first (at most 5); `occurrences` counts all its logs. */
  topTemplates: { template: string; service: string; anomalies: number; occurrences: number; anomalyType: AnomalyType }[];
  /** Row of the earliest anomaly (by timestamp, then position), undefined when none. */
  firstAnomalyRow: number | undefined;
  firstAnomalyType: AnomalyType | undefined;
  /** Logs the baselines were fitted on (the quiet part of the window). */
  baselineLogs: number;
  /** Findings of the detected lines. */
  findings: number;
  /** When the incident departed from its earlier behaviour (onset.ts), with the template of its line. */
  onset?: Onset & { template: string };
  /** Services with findings, most likely origin first (root-services.ts). */
  suspectedRoots?: SuspectedRoot[];
  /** Lines and anomalous lines per service per bucket (timeline.ts). */
  timeline?: Timeline;
}

/** What people said about earlier results (feedback.ts applies it; src/feedback/ stores it). */
export type Verdict = "expected" | "not_useful" | "confirmed";
export const VERDICTS: readonly Verdict[] = ["expected", "not_useful", "confirmed"];

export interface SuppressionMatch {
  service: string;
  template_id?: string;
  template?: string;
  anomaly_type?: AnomalyType;
  /** Substring of the message, case-insensitive. */
  message?: string;
}

export interface SuppressionRule {
  id: string;
  match: SuppressionMatch;
  reason: string;
}

export interface VerdictRule {
  verdict: Verdict;
  service: string;
  templateId: string;
  /** The type of the finding the verdict was given on; not_useful applies to it only. */
  anomalyType: AnomalyType;
  /** Incident whose result the verdict was given on. */
  incidentId: string;
  by: string;
  at: string;
  note?: string;
}

export interface FeedbackRules {
  suppressions: readonly SuppressionRule[];
  verdicts: readonly VerdictRule[];
}

/** Why a group of lines is not among the anomalies. */
export type SuppressedBy =
  | { by: "suppression"; suppressionId: string; reason: string }
  | { by: "expected" | "not_useful"; verdict: VerdictRule; reason: string };
