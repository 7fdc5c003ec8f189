/**
 * Runs the service's pipeline (the LangGraph detector over an in-memory log source: the same
 * normalisation, windowing, detection and formatting as the API) and the reference
 * IsolationForest method (reference-method.ts) on labelled scenarios, and scores both per line.
 */
import type { DetectResponse } from "../src/contract/detect-response.js";
import type { AnomalyType } from "../src/detection/types.js";
import { createDetector } from "../src/pipeline/graph.js";
import { memoryLogSource } from "../src/pipeline/sources.js";
import { scoreAll, typesPresent, type Prediction, type Scores } from "./metrics.js";
import { referenceMethod } from "./reference-method.js";

export const DEFAULT_THRESHOLD = 0.7;
export const CURVE = [0.5, 0.7, 0.9];

/** A labelled incident, as both scenario families write them. */
export interface LabelledIncident {
  name: string;
  logs: readonly unknown[];
  labels: readonly (AnomalyType | null)[];
}

export async function runPipeline(name: string, logs: readonly unknown[], threshold: number): Promise<DetectResponse> {
  const detector = createDetector({ source: memoryLogSource(name, logs) });
  return detector.run({ incident_id: name, time_window_hours: 8784, confidence_threshold: threshold }, "api");
}

/** Confidence and type per stored line from an answer (0 and null for lines not reported). */
export function predictionOf(n: number, res: DetectResponse): Prediction {
  const confidence = new Float64Array(n);
  const type: (AnomalyType | null)[] = new Array<AnomalyType | null>(n).fill(null);
  for (const a of res.anomalies) {
    confidence[a.log_index] = a.confidence;
    type[a.log_index] = a.anomaly_type as AnomalyType;
  }
  return { confidence, type };
}

/** The reference method's flags (confidence 1) and its ranking (isolation score), per line. */
export async function referencePredictions(name: string, logs: readonly unknown[]): Promise<{ atDefault: Prediction; ranked: Prediction }> {
  const read = await memoryLogSource(name, logs).read({ incident_id: name, time_window_hours: 8784, confidence_threshold: 0 });
  const records = read.logs.records();
  const r = referenceMethod(records);
  const n = logs.length;
  const atDefault: Prediction = { confidence: new Float64Array(n), type: new Array<AnomalyType | null>(n).fill(null) };
  const ranked: Prediction = { confidence: new Float64Array(n), type: new Array<AnomalyType | null>(n).fill(null) };
  records.forEach((rec, row) => {
    ranked.confidence[rec.index] = r.score[row]!;
    ranked.type[rec.index] = r.type[row]!;
    if (r.flagged[row]) {
      atDefault.confidence[rec.index] = 1;
      atDefault.type[rec.index] = r.type[row]!;
    }
  });
  return { atDefault, ranked };
}

export interface ScenarioFigures {
  name: string;
  lines: number;
  anomalous: number;
  ours: Scores;
  reference: Scores;
  perType: Record<string, { ours: Scores; reference: Scores }>;
  curve: { threshold: number; precision: number; recall: number; flagged: number }[];
  /** Findings in the answer at the default threshold. */
  findings: number;
  ms: number;
}

/** Per-line predictions of both methods, kept for pooling across scenarios. */
export interface ScenarioRun {
  figures: ScenarioFigures;
  labels: readonly (AnomalyType | null)[];
  ours: Prediction;
  reference: Prediction;
}

export async function evaluateScenario(sc: LabelledIncident): Promise<ScenarioRun> {
  const t0 = performance.now();
  // Threshold 0, so every line gets its confidence (PR-AUC and the curve need them all).
  const res = await runPipeline(sc.name, sc.logs, 0).catch((err: { code?: string }) => {
    // Nothing in it could be read (a format the reader does not know): every line is missed,
    // which is what a user of the API would get (a 404), and the family's figures say so.
    if (err.code === "NOT_FOUND") return { anomalies: [] } as unknown as DetectResponse;
    throw err;
  });
  const ms = performance.now() - t0;
  const ours = predictionOf(sc.logs.length, res);
  const ref = await referencePredictions(sc.name, sc.logs);
  const reference = scoreAll(sc.labels, ref.atDefault, 1);
  reference.ap = scoreAll(sc.labels, ref.ranked, 0).ap;
  const perType: ScenarioFigures["perType"] = {};
  for (const t of typesPresent(sc.labels)) {
    const r = scoreAll(sc.labels, ref.atDefault, 1, t);
    r.ap = scoreAll(sc.labels, ref.ranked, 0, t).ap;
    perType[t] = { ours: scoreAll(sc.labels, ours, DEFAULT_THRESHOLD, t), reference: r };
  }
  const findings = new Set(res.anomalies.filter((a) => a.confidence >= DEFAULT_THRESHOLD).map((a) => a.finding_id)).size;
  return {
    figures: {
      name: sc.name,
      lines: sc.logs.length,
      anomalous: sc.labels.filter((l) => l !== null).length,
      ours: scoreAll(sc.labels, ours, DEFAULT_THRESHOLD),
      reference,
      perType,
      curve: CURVE.map((threshold) => {
        const s = scoreAll(sc.labels, ours, threshold);
        return { threshold, precision: s.precision, recall: s.recall, flagged: s.detected };
      }),
      findings,
      ms,
    },
    labels: sc.labels,
    ours,
    reference: ref.atDefault,
  };
}

/** All runs' lines as one incident: per-type and overall figures over a family. */
export interface Pooled {
  labels: (AnomalyType | null)[];
  ours: Prediction;
  reference: Prediction;
}

export function pool(runs: readonly ScenarioRun[]): Pooled {
  const labels: (AnomalyType | null)[] = [];
  const oursConf: number[] = [];
  const oursType: (AnomalyType | null)[] = [];
  const refConf: number[] = [];
  const refType: (AnomalyType | null)[] = [];
  for (const r of runs) {
    labels.push(...r.labels);
    oursConf.push(...r.ours.confidence);
    oursType.push(...r.ours.type);
    refConf.push(...r.reference.confidence);
    refType.push(...r.reference.type);
  }
  return {
    labels,
    ours: { confidence: Float64Array.from(oursConf), type: oursType },
    reference: { confidence: Float64Array.from(refConf), type: refType },
  };
}
