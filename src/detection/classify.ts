/**
 * How evidence and the forest become one confidence and one anomaly type.
 *
 * Evidence (evidence.ts) is per type, each in [0, 1]: performance, memory, error, pattern
 * (message length). E = the largest of the four.
 *
 * Forest path: a log the forest flags (score above the (1 - contamination) quantile) gets
 *   F = clamp((s - threshold) / (maxScore - threshold)) * clamp((s - 0.5) / 0.3)
 * (how far into the flagged range it sits, times how isolated it is in absolute terms: sklearn
 * scores near 0.5 mean "nothing stands out", 0.8 and above mean clearly isolated), and
 *   forest = 0.5 + 0.2 * F  (0 when not flagged),
 *   confidence = 1 - (1 - max(E, forest)) * (1 - 0.3 * min(E, forest)).
 * So a flagged log with no evidence lands in [0.5, 0.7] (at the default 0.7 only the most
 * isolated pass), strong evidence alone is kept whole, and agreement between the two adds a
 * little (a WARNING, evidence 0.35, the forest isolates fully: 0.73). Statistical path:
 * confidence = E. Rounded to 3 decimals.
 *
 * Type: the type of the largest evidence, ties broken performance > memory > error > pattern.
 * The forest does not say why a point is isolated, so when no evidence reaches 0.25 the type
 * is "pattern" (only the forest or the message shape speaks).
 */
import type { Baselines, Evidence } from "./evidence.js";
import type { AnomalyType, FeatureMatrix } from "./types.js";

export interface ForestSignal {
  scores: Float64Array;
  threshold: number;
  maxScore: number;
  /** 100 * (1 - contamination), for the reason sentence. */
  percentile: number;
}

/** Below this no evidence names the type. */
export const MIN_TYPED_EVIDENCE = 0.25;
/** Evidence below this is not worth a sentence. */
const MIN_REASON_EVIDENCE = 0.1;
const FOREST_BASE = 0.5;
const FOREST_SPAN = 0.2;
/** sklearn score from which a point counts as fully isolated. */
const CLEARLY_ISOLATED = 0.8;
const AGREEMENT = 0.3;

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/** 0 for a point the forest does not flag, else its confidence from isolation alone. */
export function forestConfidence(score: number, forest: ForestSignal): number {
  if (!(score > forest.threshold)) return 0;
  const span = forest.maxScore - forest.threshold;
  const depth = span > 0 ? clamp01((score - forest.threshold) / span) : 1;
  return FOREST_BASE + FOREST_SPAN * depth * clamp01((score - 0.5) / (CLEARLY_ISOLATED - 0.5));
}

export function combineConfidence(evidenceMax: number, forest: number): number {
  const hi = Math.max(evidenceMax, forest);
  const lo = Math.min(evidenceMax, forest);
  const c = 1 - (1 - hi) * (1 - AGREEMENT * lo);
  return Math.round(clamp01(c) * 1000) / 1000;
}

export function dominantType(performance: number, memory: number, error: number, pattern: number): AnomalyType {
  const top = Math.max(performance, memory, error, pattern);
  if (!(top >= MIN_TYPED_EVIDENCE)) return "pattern";
  if (performance === top) return "performance";
  if (memory === top) return "memory";
  if (error === top) return "error";
  return "pattern";
}

// ---------------------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------------------

const LEVEL_NAMES = ["UNKNOWN", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];
const SHARE_LABEL = ["", "", "", "warning-or-worse", "error", "critical"];

/** Up to 2 decimals under 10, 1 under 100, integers above; no trailing zeros. */
export function formatNumber(v: number): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return String(Number(v.toFixed(digits)));
}

function ordinal(k: number): string {
  const tens = k % 100;
  if (tens >= 11 && tens <= 13) return `${k}th`;
  return `${k}${["th", "st", "nd", "rd"][k % 10] ?? "th"}`;
}

const scopeName = (service: string | undefined): string =>
  service === undefined ? "the incident" : service === "" ? "the logs without a service" : service;

function ratioText(value: number, median: number): string {
  const r = value / median;
  return r >= 10 ? `${Math.round(r)}x` : `${formatNumber(r)}x`;
}

export interface ReasonContext {
  features: FeatureMatrix;
  evidence: Evidence;
  baselines: Baselines;
  forest: ForestSignal | undefined;
}

function performanceReason(row: number, ctx: ReasonContext): string {
  const rt = ctx.features.responseTime[row]!;
  const base = ctx.baselines.responseTime[ctx.baselines.groupOf[row]!];
  let s = `response time ${formatNumber(rt)} ms`;
  if (base) {
    const med = base.stats.median;
    s += ` is ${ratioText(rt, med)} the median of ${scopeName(base.service)} (${formatNumber(med)} ms)`;
  }
  if (ctx.evidence.timeout[row]) s += ", reported as a timeout";
  return s;
}

function memoryReason(row: number, ctx: ReasonContext): string {
  const pct = ctx.features.memoryUsage[row]!;
  const base = ctx.baselines.memory[ctx.baselines.groupOf[row]!];
  const s = `memory usage ${formatNumber(pct)}%`;
  return base && pct - base.stats.median >= 5
    ? `${s} (median ${formatNumber(base.stats.median)}% in ${scopeName(base.service)})`
    : s;
}

function errorReason(row: number, ctx: ReasonContext): string {
  const sev = Math.max(0, Math.min(5, ctx.features.levelSeverity[row]!));
  const k = ctx.features.errorKeywords[row]!;
  const words = k === 1 ? "1 error keyword" : `${k} error keywords`;
  if (sev < 3) return `${words} in a ${LEVEL_NAMES[sev]} line`;
  const pct = 100 * ctx.baselines.severityShare[sev]!;
  const s = `${LEVEL_NAMES[sev]} level among ${formatNumber(pct)}% ${SHARE_LABEL[sev]} lines`;
  return k > 0 ? `${s}, ${words}` : s;
}

function patternReason(row: number, ctx: ReasonContext): string {
  const len = ctx.features.messageLength[row]!;
  const base = ctx.baselines.messageLength[ctx.baselines.groupOf[row]!];
  const med = base?.stats.median ?? 0;
  return `message length ${len} characters vs median ${formatNumber(med)} in ${scopeName(base?.service)}`;
}

/** Sentences for the evidence that speaks, strongest first, then the forest's. */
export function reasonsFor(row: number, ctx: ReasonContext): string[] {
  const { evidence: e } = ctx;
  const parts: [number, () => string][] = [
    [e.performance[row]!, () => performanceReason(row, ctx)],
    [e.memory[row]!, () => memoryReason(row, ctx)],
    [e.error[row]!, () => errorReason(row, ctx)],
    [e.pattern[row]!, () => patternReason(row, ctx)],
  ];
  const out = parts
    .filter(([v]) => v >= MIN_REASON_EVIDENCE)
    .sort((a, b) => b[0] - a[0]) // stable: equal evidence keeps the tie order
    .map(([, text]) => text());
  const f = ctx.forest;
  if (f && f.scores[row]! > f.threshold) {
    out.push(
      `isolation score ${f.scores[row]!.toFixed(3)} above the incident's ${ordinal(f.percentile)} percentile (${f.threshold.toFixed(3)})`,
    );
  }
  return out;
}
