/**
 * The reference IsolationForest method (the original prototype's detection), rendered faithfully
 * in TypeScript for the side-by-side figures: the five
 * features, one Isolation Forest (100 trees, max_samples = min(256, n), contamination 0.1, as
 * scikit-learn's IsolationForest(contamination=0.1)), flagged = anomaly. Its confidence is the
 * isolation score (used for the PR-AUC); its type comes from rules as simple as the prototype's
 * README implies: high response time or a timeout -> performance, high memory -> memory,
 * an error level or keyword -> error, anything else -> pattern. It gets our feature parsing
 * (response time and memory read from messages and fields), which can only help it.
 */
import { extractFeatures, featureColumns, mentionsTimeout } from "../src/detection/features/features.js";
import { contaminationThreshold, fitIsolationForest, scoreSamples } from "../src/detection/forest/isolation-forest.js";
import type { AnomalyType } from "../src/detection/types.js";
import type { LogRecord } from "../src/logs/log-record.js";

export interface ReferenceResult {
  flagged: Uint8Array;
  score: Float64Array;
  type: AnomalyType[];
}

export function referenceMethod(records: readonly LogRecord[], seed = 42): ReferenceResult {
  const m = extractFeatures(records);
  const n = m.n;
  const flagged = new Uint8Array(n);
  const type: AnomalyType[] = new Array<AnomalyType>(n).fill("pattern");
  if (n < 2) return { flagged, score: new Float64Array(n), type };
  const cols = featureColumns(m);
  const forest = fitIsolationForest(cols, n, { nEstimators: 100, maxSamples: 256, seed });
  const score = scoreSamples(forest, cols, n);
  const threshold = contaminationThreshold(score, 0.1);
  for (let i = 0; i < n; i++) {
    flagged[i] = score[i]! > threshold ? 1 : 0;
    const rt = m.responseTime[i]!;
    if (rt > 1000 || mentionsTimeout(records[i]!.message)) type[i] = "performance";
    else if (m.memoryUsage[i]! > 80) type[i] = "memory";
    else if (m.levelSeverity[i]! >= 4 || m.errorKeywords[i]! > 0) type[i] = "error";
  }
  return { flagged, score, type };
}
