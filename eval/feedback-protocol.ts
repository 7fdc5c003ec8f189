/**
 * The feedback protocol: does an engineer's feedback on the first incidents of a sequence cut
 * the noise in the later ones without losing real anomalies?
 *
 * A sequence is incidents of one system in time order. The first `history` incidents are read
 * by a simulated on-call engineer, in order, each detected with the verdicts given so far:
 * a finding none of whose lines is labelled anomalous is noise, marked `expected` when it is a
 * pattern or error finding (the kind of line is routine) and `not_useful` when it is a
 * performance or memory one (its figures are noisy); a finding whose lines are mostly labelled
 * is marked `confirmed`. The later incidents are then detected without feedback and with it,
 * through the service's pipeline (the same code as the API, feedback rules in memory instead
 * of Valkey), at the default threshold.
 *
 * Reported per family: false-positive lines and findings per later incident, and recall and
 * precision of the labelled lines of the later incidents, before and after feedback.
 */
import type { DetectResponse } from "../src/contract/detect-response.js";
import type { AnomalyType, FeedbackRules, Verdict, VerdictRule } from "../src/detection/types.js";
import { createDetector } from "../src/pipeline/graph.js";
import type { FeedbackSource } from "../src/pipeline/nodes.js";
import { memoryLogSource } from "../src/pipeline/sources.js";
import { DEFAULT_THRESHOLD, type LabelledIncident } from "./evaluate.js";
import { fmt, row } from "./report.js";

export interface FeedbackSequence {
  name: string;
  incidents: readonly LabelledIncident[];
  /** Leading incidents the engineer gives feedback on. */
  history: number;
}

/** Verdicts kept in memory, as the service keeps them per service in Valkey (latest per template). */
class MemoryFeedback implements FeedbackSource {
  private readonly byTemplate = new Map<string, VerdictRule>();
  private readonly notUseful = new Map<string, VerdictRule>();
  given: Record<Verdict, number> = { expected: 0, not_useful: 0, confirmed: 0 };

  async rules(services: readonly string[]): Promise<FeedbackRules> {
    const wanted = new Set(services);
    const verdicts = [...this.byTemplate.values(), ...this.notUseful.values()].filter((v) => wanted.has(v.service));
    return { suppressions: [], verdicts };
  }

  give(incidentId: string, f: DetectResponse["findings"][number], verdict: Verdict): void {
    const v: VerdictRule = {
      verdict,
      service: f.service,
      templateId: f.template_id,
      anomalyType: f.anomaly_type as AnomalyType,
      incidentId,
      by: "eval",
      at: "2026-01-01T00:00:00.000Z",
    };
    if (verdict === "not_useful") this.notUseful.set(`${f.service}\u0000${f.template_id}\u0000${f.anomaly_type}`, v);
    else this.byTemplate.set(`${f.service}\u0000${f.template_id}`, v);
    this.given[verdict]++;
  }
}

async function detect(sc: LabelledIncident, feedback?: FeedbackSource): Promise<DetectResponse> {
  const detector = createDetector({ source: memoryLogSource(sc.name, sc.logs), feedback });
  return detector.run({ incident_id: sc.name, time_window_hours: 8784, confidence_threshold: DEFAULT_THRESHOLD }, "api");
}

/** Labels of each finding's listed lines. */
function linesOf(res: DetectResponse, labels: LabelledIncident["labels"]): Map<string, (AnomalyType | null)[]> {
  const out = new Map<string, (AnomalyType | null)[]>();
  for (const a of res.anomalies) {
    const list = out.get(a.finding_id) ?? [];
    list.push(labels[a.log_index] ?? null);
    out.set(a.finding_id, list);
  }
  return out;
}

export interface LaterFigures {
  incidents: number;
  anomalous: number;
  /** Lines reported whose label is null, and findings none of whose lines is labelled. */
  fpLines: number;
  fpFindings: number;
  tp: number;
  flagged: number;
  suppressedLines: number;
}

function score(res: DetectResponse, sc: LabelledIncident, into: LaterFigures): void {
  into.incidents++;
  into.anomalous += sc.labels.filter((l) => l !== null).length;
  for (const a of res.anomalies) {
    into.flagged++;
    if (sc.labels[a.log_index] === null) into.fpLines++;
    else into.tp++;
  }
  for (const lines of linesOf(res, sc.labels).values()) if (lines.every((l) => l === null)) into.fpFindings++;
  into.suppressedLines += res.summary.suppressed_lines ?? 0;
}

export interface ProtocolFigures {
  family: string;
  sequences: number;
  verdicts: Record<Verdict, number>;
  before: LaterFigures;
  after: LaterFigures;
}

const empty = (): LaterFigures => ({ incidents: 0, anomalous: 0, fpLines: 0, fpFindings: 0, tp: 0, flagged: 0, suppressedLines: 0 });

export async function runFeedbackProtocol(family: string, sequences: readonly FeedbackSequence[]): Promise<ProtocolFigures> {
  const figures: ProtocolFigures = {
    family,
    sequences: sequences.length,
    verdicts: { expected: 0, not_useful: 0, confirmed: 0 },
    before: empty(),
    after: empty(),
  };
  for (const seq of sequences) {
    const feedback = new MemoryFeedback();
    for (const sc of seq.incidents.slice(0, seq.history)) {
      const res = await detect(sc, feedback);
      const lines = linesOf(res, sc.labels);
      for (const f of res.findings) {
        const labels = lines.get(f.finding_id) ?? [];
        if (labels.length === 0) continue;
        const real = labels.filter((l) => l !== null).length;
        if (real === 0) feedback.give(sc.name, f, f.anomaly_type === "pattern" || f.anomaly_type === "error" ? "expected" : "not_useful");
        else if (real * 2 > labels.length) feedback.give(sc.name, f, "confirmed");
      }
    }
    for (const v of Object.keys(feedback.given) as Verdict[]) figures.verdicts[v] += feedback.given[v];
    for (const sc of seq.incidents.slice(seq.history)) {
      score(await detect(sc), sc, figures.before);
      score(await detect(sc, feedback), sc, figures.after);
    }
  }
  return figures;
}

const per = (n: number, d: number): string => (d > 0 ? (n / d).toFixed(1) : "–");
const ratio = (n: number, d: number): number => (d > 0 ? n / d : Number.NaN);

/** Recall may drop by at most this much with feedback. */
export const RECALL_TOLERANCE = 0.02;

export function protocolReport(all: readonly ProtocolFigures[]): string[] {
  const out = [
    "",
    `## Feedback protocol (threshold ${DEFAULT_THRESHOLD}): verdicts on the first incidents of each sequence, measured on the later ones`,
    "",
    row([
      "family",
      "sequences",
      "later incidents",
      "verdicts (expected / not_useful / confirmed)",
      "",
      "FP lines per incident",
      "FP findings per incident",
      "recall",
      "precision",
      "lines suppressed",
    ]),
    row(Array(10).fill("---")),
  ];
  for (const f of all) {
    const v = `${f.verdicts.expected} / ${f.verdicts.not_useful} / ${f.verdicts.confirmed}`;
    for (const [when, x] of [
      ["before", f.before],
      ["after", f.after],
    ] as const) {
      out.push(
        row([
          when === "before" ? f.family : "",
          when === "before" ? f.sequences : "",
          when === "before" ? x.incidents : "",
          when === "before" ? v : "",
          when,
          per(x.fpLines, x.incidents),
          per(x.fpFindings, x.incidents),
          fmt(ratio(x.tp, x.anomalous)),
          fmt(ratio(x.tp, x.flagged)),
          x.suppressedLines,
        ]),
      );
    }
  }
  return out;
}

export function protocolTargets(all: readonly ProtocolFigures[]): string[] {
  return all.map((f) => {
    const drop = ratio(f.before.fpLines, f.before.incidents) - ratio(f.after.fpLines, f.after.incidents);
    const recallLoss = ratio(f.before.tp, f.before.anomalous) - ratio(f.after.tp, f.after.anomalous);
    const ok = drop > 0 && recallLoss <= RECALL_TOLERANCE;
    return `- ${f.family}: feedback cuts FP lines per later incident (${per(f.before.fpLines, f.before.incidents)} -> ${per(f.after.fpLines, f.after.incidents)}) with recall within ${RECALL_TOLERANCE} (${fmt(ratio(f.before.tp, f.before.anomalous))} -> ${fmt(ratio(f.after.tp, f.after.anomalous))}): ${ok ? "ok" : "MISSED"}`;
  });
}
