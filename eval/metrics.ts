/**
 * Precision, recall, F1, average precision (the area under the precision-recall curve) and
 * type accuracy for one scenario, from per-line labels and per-line predictions.
 *
 * Overall (per scenario): a line is predicted anomalous when its confidence reaches the
 * threshold, whatever its type; positives are the labelled lines.
 * Per type T, one-vs-rest and strict: a line is predicted "T" when detected with type T, and
 * is a positive when labelled T. So recall_T counts only labelled-T lines detected with the
 * right type, precision_T only T-typed detections labelled T, and AP_T ranks lines by their
 * confidence when typed T (0 otherwise).
 * Type accuracy: detected anomalous lines (in scope) whose predicted type equals the label.
 */
import { ANOMALY_TYPES, type AnomalyType } from "../src/detection/types.js";

export interface Prediction {
  /** Confidence per line (0 when not reported). */
  confidence: Float64Array;
  /** Predicted type per line (meaningful where confidence > 0). */
  type: (AnomalyType | null)[];
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  ap: number;
  typeAccuracy: number;
  positives: number;
  detected: number;
}

const f1 = (p: number, r: number): number => (p + r > 0 ? (2 * p * r) / (p + r) : 0);
const div = (a: number, b: number): number => (b > 0 ? a / b : Number.NaN);

/** Average precision over tie groups: sum of (recall gained) x (precision at the group's end). */
export function averagePrecision(score: ArrayLike<number>, positive: ArrayLike<boolean>, include: ArrayLike<boolean>): number {
  const rows: number[] = [];
  let totalPos = 0;
  for (let i = 0; i < score.length; i++) {
    if (!include[i]) continue;
    rows.push(i);
    if (positive[i]) totalPos++;
  }
  if (totalPos === 0) return Number.NaN;
  rows.sort((a, b) => score[b]! - score[a]!);
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let k = 0; k < rows.length; ) {
    const s = score[rows[k]!]!;
    let gained = 0;
    while (k < rows.length && score[rows[k]!]! === s) {
      seen++;
      if (positive[rows[k]!]) gained++;
      k++;
    }
    tp += gained;
    if (gained > 0) ap += (gained / totalPos) * (tp / seen);
  }
  return ap;
}

export function scoreAll(labels: readonly (AnomalyType | null)[], p: Prediction, threshold: number, only?: AnomalyType): Scores {
  const n = labels.length;
  let positives = 0;
  let predicted = 0;
  let truePositives = 0;
  let detectedInScope = 0;
  let typeRight = 0;
  const score = new Float64Array(n);
  const positive: boolean[] = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i] ?? null;
    const c = p.confidence[i]!;
    const isPositive = only === undefined ? label !== null : label === only;
    const typedOk = only === undefined || p.type[i] === only;
    positive[i] = isPositive;
    score[i] = typedOk ? c : 0;
    if (isPositive) positives++;
    const hit = c > 0 && c >= threshold;
    if (!hit) continue;
    if (typedOk) {
      predicted++;
      if (isPositive) truePositives++;
    }
    if (label !== null && (only === undefined || label === only)) {
      detectedInScope++;
      if (p.type[i] === label) typeRight++;
    }
  }
  const precision = div(truePositives, predicted);
  const recall = div(truePositives, positives);
  return {
    precision,
    recall,
    // Without a labelled line there is nothing to find: F1 is undefined (a family's mean leaves
    // it out), and what such an incident says is how many lines were flagged (`detected`).
    f1: positives === 0 ? Number.NaN : f1(Number.isNaN(precision) ? 0 : precision, Number.isNaN(recall) ? 0 : recall),
    ap: averagePrecision(
      score,
      positive,
      positive.map(() => true),
    ),
    typeAccuracy: div(typeRight, detectedInScope),
    positives,
    detected: predicted,
  };
}

/** Per label, how its lines were detected at `threshold`: counts by the type given, and "missed". */
export type TypeConfusion = Record<AnomalyType, Record<AnomalyType | "missed", number>>;

export function typeConfusion(labels: readonly (AnomalyType | null)[], p: Prediction, threshold: number): TypeConfusion {
  const out = {} as TypeConfusion;
  for (const t of ANOMALY_TYPES) out[t] = { performance: 0, memory: 0, error: 0, pattern: 0, missed: 0 };
  labels.forEach((label, i) => {
    if (label === null) return;
    const c = p.confidence[i]!;
    const given = c > 0 && c >= threshold ? p.type[i] : null;
    out[label][given ?? "missed"]++;
  });
  return out;
}

export function typesPresent(labels: readonly (AnomalyType | null)[]): AnomalyType[] {
  return ANOMALY_TYPES.filter((t) => labels.includes(t));
}
