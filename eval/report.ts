/**
 * Markdown tables of the evaluation: a family's scenarios (averaged over its seeds when it ran
 * on several), per type, pooled, the confidence curve, and the targets.
 */
import { ANOMALY_TYPES } from "../src/detection/types.js";
import { CURVE, DEFAULT_THRESHOLD, pool, type ScenarioFigures, type ScenarioRun } from "./evaluate.js";
import { scoreAll, typeConfusion, typesPresent, type Scores, type TypeConfusion } from "./metrics.js";

export const fmt = (v: number): string => (Number.isNaN(v) ? "–" : v.toFixed(2));
export const row = (cells: (string | number)[]): string => `| ${cells.join(" | ")} |`;
const rule = (n: number): string => row(Array(n).fill("---"));
const signed = (v: number): string => `${v >= 0 ? "+" : ""}${fmt(v)}`;

const mean = (xs: readonly number[]): number => {
  const ok = xs.filter((x) => !Number.isNaN(x));
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : Number.NaN;
};

/** A scenario's figures over the seeds it ran with (one run: its own figures). */
export interface ScenarioSummary {
  name: string;
  runs: number;
  lines: number;
  anomalousShare: number;
  precision: number;
  recall: number;
  f1: number;
  minF1: number;
  ap: number;
  typeRight: number;
  findings: number;
  /** Lines flagged at the default threshold, and by the reference method (mean over the runs). */
  flagged: number;
  refFlagged: number;
  refF1: number;
  refAp: number;
  gain: number;
  minGain: number;
}

export function summarise(figures: readonly ScenarioFigures[]): ScenarioSummary[] {
  const names = [...new Set(figures.map((f) => f.name))];
  return names.map((name) => {
    const fs = figures.filter((f) => f.name === name);
    return {
      name,
      runs: fs.length,
      lines: Math.round(mean(fs.map((f) => f.lines))),
      anomalousShare: mean(fs.map((f) => f.anomalous / f.lines)),
      precision: mean(fs.map((f) => f.ours.precision)),
      recall: mean(fs.map((f) => f.ours.recall)),
      f1: mean(fs.map((f) => f.ours.f1)),
      minF1: Math.min(...fs.map((f) => f.ours.f1)),
      ap: mean(fs.map((f) => f.ours.ap)),
      typeRight: mean(fs.map((f) => f.ours.typeAccuracy)),
      findings: mean(fs.map((f) => f.findings)),
      flagged: mean(fs.map((f) => f.ours.detected)),
      refFlagged: mean(fs.map((f) => f.reference.detected)),
      refF1: mean(fs.map((f) => f.reference.f1)),
      refAp: mean(fs.map((f) => f.reference.ap)),
      gain: mean(fs.map((f) => f.ours.f1 - f.reference.f1)),
      minGain: Math.min(...fs.map((f) => f.ours.f1 - f.reference.f1)),
    };
  });
}

export interface FamilyFigures {
  family: string;
  seeds: number[];
  scenarios: ScenarioSummary[];
  meanF1: number;
  refMeanF1: number;
  pooledType: Record<string, Scores>;
  pooledAll: Scores;
  pooledCurve: Scores[];
  /** Per label, the detected lines by the type given (and those missed), at the default threshold. */
  typeConfusion: TypeConfusion;
}

export function familyFigures(family: string, seeds: number[], runs: readonly ScenarioRun[]): FamilyFigures {
  const scenarios = summarise(runs.map((r) => r.figures));
  const p = pool(runs);
  const pooledType: Record<string, Scores> = {};
  for (const t of typesPresent(p.labels)) pooledType[t] = scoreAll(p.labels, p.ours, DEFAULT_THRESHOLD, t);
  return {
    family,
    seeds,
    scenarios,
    meanF1: mean(scenarios.map((s) => s.f1)),
    refMeanF1: mean(scenarios.map((s) => s.refF1)),
    pooledType,
    pooledAll: scoreAll(p.labels, p.ours, DEFAULT_THRESHOLD),
    pooledCurve: CURVE.map((t) => scoreAll(p.labels, p.ours, t)),
    typeConfusion: typeConfusion(p.labels, p.ours, DEFAULT_THRESHOLD),
  };
}

/** The family's tables: scenarios, pooled per type, the confidence curve. */
export function familyReport(f: FamilyFigures, runs: readonly ScenarioRun[]): string[] {
  const several = f.seeds.length > 1;
  const out: string[] = [];
  out.push(`## ${f.family} family (seed${several ? "s" : ""} ${f.seeds.join(", ")}; threshold ${DEFAULT_THRESHOLD})`, "");
  if (several) out.push(`Each row is the mean over ${f.seeds.length} incidents generated with different seeds; "min F1" is the worst of them.`, "");
  out.push(
    row(
      ["scenario", "lines", "anomalous", "P", "R", "F1", several ? "min F1" : "", "PR-AUC", "type right", "findings", "ref F1", "ref PR-AUC", "F1 gain"].filter(
        (c) => c !== "",
      ),
    ),
  );
  out.push(rule(several ? 13 : 12));
  for (const s of f.scenarios) {
    const cells = [
      s.name,
      s.lines,
      `${(100 * s.anomalousShare).toFixed(1)}%`,
      fmt(s.precision),
      fmt(s.recall),
      fmt(s.f1),
      ...(several ? [fmt(s.minF1)] : []),
      fmt(s.ap),
      fmt(s.typeRight),
      Math.round(s.findings),
      fmt(s.refF1),
      fmt(s.refAp),
      signed(s.gain),
    ];
    out.push(row(cells));
  }
  out.push(
    row([`**mean**`, "", "", "", "", `**${fmt(f.meanF1)}**`, ...(several ? [""] : []), "", "", "", fmt(f.refMeanF1), "", signed(f.meanF1 - f.refMeanF1)]),
  );
  // An incident with no labelled line has no F1 (left out of the mean): its lines flagged say how it went.
  const quiet = f.scenarios.filter((s) => s.anomalousShare === 0);
  if (quiet.length > 0) out.push("");
  for (const s of quiet)
    out.push(
      `${s.name}: no labelled anomaly; ${Math.round(s.flagged)} of ${s.lines} lines flagged (${((100 * s.flagged) / s.lines).toFixed(1)}%), the reference method ${Math.round(s.refFlagged)} (${((100 * s.refFlagged) / s.lines).toFixed(1)}%)${several ? ", means over the seeds" : ""}.`,
    );

  const p = pool(runs);
  out.push("", "Pooled over the family, per type (strict: a line counts for its type only when typed so):", "");
  out.push(row(["type", "lines", "P", "R", "F1", "PR-AUC", "type right", "ref P", "ref R", "ref F1"]));
  out.push(rule(10));
  for (const t of ANOMALY_TYPES) {
    const s = f.pooledType[t];
    if (!s) continue;
    const r = scoreAll(p.labels, p.reference, 1, t);
    out.push(row([t, s.positives, fmt(s.precision), fmt(s.recall), fmt(s.f1), fmt(s.ap), fmt(s.typeAccuracy), fmt(r.precision), fmt(r.recall), fmt(r.f1)]));
  }
  const a = f.pooledAll;
  const r = scoreAll(p.labels, p.reference, 1);
  out.push(row(["all", a.positives, fmt(a.precision), fmt(a.recall), fmt(a.f1), fmt(a.ap), fmt(a.typeAccuracy), fmt(r.precision), fmt(r.recall), fmt(r.f1)]));
  out.push("", "Confidence curve, pooled (precision / recall / lines flagged):", "");
  out.push(row(CURVE.map((t) => `>= ${t}`)));
  out.push(rule(CURVE.length));
  out.push(row(f.pooledCurve.map((c) => `${fmt(c.precision)} / ${fmt(c.recall)} / ${c.detected}`)));
  out.push("", "Labelled lines by the type they were given (rows: the author's label):", "");
  out.push(row(["label", ...ANOMALY_TYPES, "missed"]));
  out.push(rule(ANOMALY_TYPES.length + 2));
  for (const t of ANOMALY_TYPES) {
    const c = f.typeConfusion[t];
    if (ANOMALY_TYPES.every((g) => c[g] === 0) && c.missed === 0) continue;
    out.push(row([t, ...ANOMALY_TYPES.map((g) => c[g]), c.missed]));
  }
  return out;
}
