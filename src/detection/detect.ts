/**
 * detect(): features -> templates -> reference part -> baselines -> evidence -> forest (fitted
 * on the reference part, when the incident is large enough) -> confidence and type per log
 * (rules in classify.ts) -> summary. Pure and deterministic: the same records and options always
 * give the same answer.
 */
import {
  combineConfidence,
  dominantType,
  forestConfidence,
  reasonsFor,
  topTwo,
  type ForestSignal,
  type ReasonContext,
} from "./classify.js";
import { buildBaselines, computeEvidence, serviceGroups } from "./evidence.js";
import { extractFeatures, featureColumns } from "./features.js";
import { messageShapes } from "./message-shapes.js";
import { contaminationThreshold, fitIsolationForest, scoreSamples } from "./isolation-forest.js";
import { templateEvidence } from "./patterns.js";
import { chooseReference, type Reference } from "./reference.js";
import { buildSummary } from "./summary.js";
import { mineTemplates, type TemplateTable } from "./templates.js";
import type { DetectOptions, DetectionOutput, FeatureMatrix, LogRecord, ScoredAnomaly } from "./types.js";

export const DEFAULT_CONTAMINATION = 0.1;
export const DEFAULT_SEED = 42;
export const DEFAULT_MIN_FOREST_SAMPLES = 20;
export const DEFAULT_N_ESTIMATORS = 100;
/**
 * Repeats: among the candidate lines (confidence >= FOLD_CANDIDATE before folding), the ones
 * identical to FOLD_AFTER earlier candidates (same service, message text, response time and
 * memory) get their confidence multiplied by FOLD_FACTOR. A retry loop writing "ERROR IN
 * CONTACTING RM." 147 times is one finding reported five times, not 147; lines that differ
 * (a request id, a duration) are not repeats. The count is fixed by FOLD_CANDIDATE, not by the
 * request's threshold, so a higher threshold still returns a subset. The summary counts them.
 */
export const FOLD_AFTER = 5;
export const FOLD_FACTOR = 0.5;
export const FOLD_CANDIDATE = 0.7;

/** The values where mask is 1 (`size` of them), in order: a plain loop, no callback per value. */
function masked(values: Float64Array, mask: Uint8Array, size: number): Float64Array {
  const out = new Float64Array(size);
  let w = 0;
  for (let i = 0; i < values.length; i++) if (mask[i] === 1) out[w++] = values[i]!;
  return out;
}

/** The forest is fitted on the reference part (the quiet bins), then scores every log. */
function runForest(features: FeatureMatrix, reference: Reference, options: DetectOptions): ForestSignal {
  const contamination = options.contamination ?? DEFAULT_CONTAMINATION;
  const columns = featureColumns(features);
  const n = features.n;
  const minRows = Math.max(2, options.minForestSamples ?? DEFAULT_MIN_FOREST_SAMPLES);
  const useReference = reference.size >= minRows && reference.size < n;
  const fitColumns = useReference ? columns.map((c) => masked(c, reference.mask, reference.size)) : columns;
  const fitRows = useReference ? reference.size : n;
  const forest = fitIsolationForest(fitColumns, fitRows, {
    nEstimators: options.nEstimators ?? DEFAULT_N_ESTIMATORS,
    seed: options.seed ?? DEFAULT_SEED,
  });
  const scores = scoreSamples(forest, columns, n);
  const fitScores = useReference ? masked(scores, reference.mask, reference.size) : scores;
  let maxScore = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > maxScore) maxScore = scores[i]!;
  return {
    scores,
    threshold: contaminationThreshold(fitScores, contamination),
    maxScore,
    percentile: Math.round(100 * (1 - contamination)),
  };
}

export function detect(records: readonly LogRecord[], options: DetectOptions): DetectionOutput {
  // Each distinct message shape is parsed once, for the features, the templates and the evidence.
  const shapes = messageShapes(records);
  const features = extractFeatures(records, shapes);
  const n = features.n;
  // The forest needs two rows to split at all; below the minimum its quantiles mean nothing.
  const useForest = n >= Math.max(2, options.minForestSamples ?? DEFAULT_MIN_FOREST_SAMPLES);
  const { groupOf, services } = serviceGroups(records);
  const templates: TemplateTable = mineTemplates(records, shapes);
  const reference = chooseReference(features, groupOf, services.length);
  const patterns = templateEvidence(templates, groupOf, reference);
  const baselines = buildBaselines(records, features, { groupOf, services, reference, templates });
  const evidence = computeEvidence(records, features, baselines, patterns, shapes);
  const forest = useForest ? runForest(features, reference, options) : undefined;
  const ctx: ReasonContext = { features, evidence, baselines, forest, templates: patterns.stats };

  const anomalies: ScoredAnomaly[] = [];
  const candidates = new Map<string, number>();
  let foldedRepeats = 0;
  for (let row = 0; row < n; row++) {
    const id = templates.templateOf[row]!;
    const p = evidence.performance[row]!;
    const m = evidence.memory[row]!;
    const e = evidence.error[row]!;
    const l = evidence.pattern[row]!;
    const f = forest ? forestConfidence(forest.scores[row]!, forest) : 0;
    const [top, second] = topTwo([p, m, e, l, f]);
    let confidence = combineConfidence(top, second);
    let repeat = 0;
    if (confidence >= FOLD_CANDIDATE) {
      const r = records[row]!;
      const key = `${r.service}\u0000${features.responseTime[row]}\u0000${features.memoryUsage[row]}\u0000${r.message}`;
      repeat = (candidates.get(key) ?? 0) + 1;
      candidates.set(key, repeat);
      if (repeat > FOLD_AFTER) {
        const folded = Math.round(confidence * FOLD_FACTOR * 1000) / 1000;
        if (confidence >= options.confidenceThreshold && folded < options.confidenceThreshold) foldedRepeats++;
        confidence = folded;
      }
    }
    if (confidence < options.confidenceThreshold) continue;
    const reasons = reasonsFor(row, ctx);
    if (repeat > FOLD_AFTER) reasons.push(`repeat ${repeat} of an identical message: confidence halved`);
    anomalies.push({ row, confidence, anomalyType: dominantType(p, m, e, l), reasons, template: templates.text(id) });
  }
  const summary = buildSummary({
    records,
    anomalies,
    templateOf: templates.templateOf,
    templateText: (id) => templates.text(id),
    occurrences: templates.occurrences,
    baselineLogs: reference.size,
    foldedRepeats,
  });
  return { method: useForest ? "isolation_forest" : "statistical", anomalies, features, summary };
}
