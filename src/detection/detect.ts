/**
 * detect(): features -> baselines -> evidence -> (forest when the incident is large enough)
 * -> confidence and type per log (rules in classify.ts). Pure and deterministic: the same
 * records and options always give the same answer.
 */
import {
  combineConfidence,
  dominantType,
  forestConfidence,
  reasonsFor,
  type ForestSignal,
  type ReasonContext,
} from "./classify.js";
import { buildBaselines, computeEvidence } from "./evidence.js";
import { extractFeatures, featureColumns } from "./features.js";
import { contaminationThreshold, fitIsolationForest, scoreSamples } from "./isolation-forest.js";
import type { DetectOptions, DetectionOutput, FeatureMatrix, LogRecord, ScoredAnomaly } from "./types.js";

export const DEFAULT_CONTAMINATION = 0.1;
export const DEFAULT_SEED = 42;
export const DEFAULT_MIN_FOREST_SAMPLES = 20;
export const DEFAULT_N_ESTIMATORS = 100;

function runForest(features: FeatureMatrix, options: DetectOptions): ForestSignal {
  const contamination = options.contamination ?? DEFAULT_CONTAMINATION;
  const columns = featureColumns(features);
  const forest = fitIsolationForest(columns, features.n, {
    nEstimators: options.nEstimators ?? DEFAULT_N_ESTIMATORS,
    seed: options.seed ?? DEFAULT_SEED,
  });
  const scores = scoreSamples(forest, columns, features.n);
  let maxScore = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > maxScore) maxScore = scores[i]!;
  return {
    scores,
    threshold: contaminationThreshold(scores, contamination),
    maxScore,
    percentile: Math.round(100 * (1 - contamination)),
  };
}

export function detect(records: readonly LogRecord[], options: DetectOptions): DetectionOutput {
  const features = extractFeatures(records);
  const n = features.n;
  // The forest needs two rows to split at all; below the minimum its quantiles mean nothing.
  const useForest = n >= Math.max(2, options.minForestSamples ?? DEFAULT_MIN_FOREST_SAMPLES);
  const baselines = buildBaselines(records, features);
  const evidence = computeEvidence(records, features, baselines);
  const forest = useForest ? runForest(features, options) : undefined;
  const ctx: ReasonContext = { features, evidence, baselines, forest };

  const anomalies: ScoredAnomaly[] = [];
  for (let row = 0; row < n; row++) {
    const p = evidence.performance[row]!;
    const m = evidence.memory[row]!;
    const e = evidence.error[row]!;
    const l = evidence.pattern[row]!;
    const f = forest ? forestConfidence(forest.scores[row]!, forest) : 0;
    const confidence = combineConfidence(Math.max(p, m, e, l), f);
    if (confidence < options.confidenceThreshold) continue;
    anomalies.push({ row, confidence, anomalyType: dominantType(p, m, e, l), reasons: reasonsFor(row, ctx) });
  }
  return { method: useForest ? "isolation_forest" : "statistical", anomalies, features };
}
