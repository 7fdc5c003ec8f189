/**
 * `npm run eval`: runs the service's pipeline (the LangGraph detector over an in-memory log
 * source, the same normalisation and detection as the API) and the reference IsolationForest
 * method (reference-method.ts) on every
 * labelled scenario, then on the Loghub samples, and prints markdown tables.
 *
 *   npm run eval                 all of it
 *   npm run eval -- --no-loghub  scenarios only
 *   npm run eval -- --loghub DIR  Loghub samples from DIR (default test/fixtures/loghub)
 *   npm run eval -- --json out.json   also write the figures as JSON
 *   npm run eval -- --seed 7     other random scenarios (the default seed is the documented run)
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AnomalyType } from "../src/detection/types.js";
import type { DetectResponse } from "../src/contract/detect-response.js";
import { createDetector } from "../src/pipeline/graph.js";
import { memoryLogSource } from "../src/pipeline/sources.js";
import { scoreAll, typesPresent, type Prediction, type Scores } from "./metrics.js";
import { allScenarios } from "./scenarios.js";
import { referenceMethod } from "./reference-method.js";

const DEFAULT_THRESHOLD = 0.7;
const CURVE = [0.5, 0.7, 0.9];
const args = process.argv.slice(2);
const LOGHUB_DIR = args.includes("--loghub")
  ? path.resolve(args[args.indexOf("--loghub") + 1] ?? "")
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../test/fixtures/loghub");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : undefined;
const seedArg = args.includes("--seed") ? Number(args[args.indexOf("--seed") + 1]) : undefined;

async function runPipeline(name: string, logs: readonly unknown[], threshold: number): Promise<DetectResponse> {
  const detector = createDetector({ source: memoryLogSource(name, logs) });
  return detector.run({ incident_id: name, time_window_hours: 8784, confidence_threshold: threshold }, "api");
}

function ours(n: number, res: DetectResponse): Prediction {
  const confidence = new Float64Array(n);
  const type: (AnomalyType | null)[] = new Array<AnomalyType | null>(n).fill(null);
  for (const a of res.anomalies) {
    confidence[a.log_index] = a.confidence;
    type[a.log_index] = a.anomaly_type as AnomalyType;
  }
  return { confidence, type };
}

async function referencePredictions(name: string, logs: readonly unknown[]): Promise<{ atDefault: Prediction; ranked: Prediction }> {
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

const fmt = (v: number): string => (Number.isNaN(v) ? "–" : v.toFixed(2));
const row = (cells: (string | number)[]): string => `| ${cells.join(" | ")} |`;

interface ScenarioFigures {
  name: string;
  lines: number;
  anomalous: number;
  ours: Scores;
  reference: Scores;
  perType: Record<string, { ours: Scores; reference: Scores }>;
  curve: { threshold: number; precision: number; recall: number; flagged: number }[];
  ms: number;
}

async function main(): Promise<void> {
  const scenarios = seedArg === undefined ? allScenarios() : allScenarios(seedArg);
  const figures: ScenarioFigures[] = [];
  const pooledLabels: (AnomalyType | null)[] = [];
  const pooledOurs: Prediction = { confidence: new Float64Array(0), type: [] };
  const pooledReference: Prediction = { confidence: new Float64Array(0), type: [] };
  const pooledReferenceRanked: Prediction = { confidence: new Float64Array(0), type: [] };
  const concat = (a: Prediction, b: Prediction): Prediction => ({
    confidence: Float64Array.from([...a.confidence, ...b.confidence]),
    type: [...a.type, ...b.type],
  });
  let pooled = { ours: pooledOurs, reference: pooledReference, referenceRanked: pooledReferenceRanked };

  for (const sc of scenarios) {
    const t0 = performance.now();
    const res = await runPipeline(sc.name, sc.logs, 0);
    const ms = performance.now() - t0;
    const p = ours(sc.logs.length, res);
    const ref = await referencePredictions(sc.name, sc.logs);
    const referenceScores = scoreAll(sc.labels, ref.atDefault, 1);
    referenceScores.ap = scoreAll(sc.labels, ref.ranked, 0).ap;
    const perType: ScenarioFigures["perType"] = {};
    for (const t of typesPresent(sc.labels)) {
      const s = scoreAll(sc.labels, ref.atDefault, 1, t);
      s.ap = scoreAll(sc.labels, ref.ranked, 0, t).ap;
      perType[t] = { ours: scoreAll(sc.labels, p, DEFAULT_THRESHOLD, t), reference: s };
    }
    figures.push({
      name: sc.name,
      lines: sc.logs.length,
      anomalous: sc.labels.filter((l) => l !== null).length,
      ours: scoreAll(sc.labels, p, DEFAULT_THRESHOLD),
      reference: referenceScores,
      perType,
      curve: CURVE.map((threshold) => {
        const s = scoreAll(sc.labels, p, threshold);
        return { threshold, precision: s.precision, recall: s.recall, flagged: s.detected };
      }),
      ms,
    });
    pooledLabels.push(...sc.labels);
    pooled = { ours: concat(pooled.ours, p), reference: concat(pooled.reference, ref.atDefault), referenceRanked: concat(pooled.referenceRanked, ref.ranked) };
  }

  const out: string[] = [];
  out.push(`## Scenarios (threshold ${DEFAULT_THRESHOLD}; ref = the reference method: IsolationForest(contamination=0.1) on the five features)`, "");
  out.push(
    row(["scenario", "lines", "anomalous", "P", "R", "F1", "PR-AUC", "type right", "ref P", "ref R", "ref F1", "ref PR-AUC", "ref type right", "F1 gain"]),
  );
  out.push(row(Array(14).fill("---")));
  for (const f of figures) {
    out.push(
      row([
        f.name,
        f.lines,
        `${f.anomalous} (${((100 * f.anomalous) / f.lines).toFixed(1)}%)`,
        fmt(f.ours.precision),
        fmt(f.ours.recall),
        fmt(f.ours.f1),
        fmt(f.ours.ap),
        fmt(f.ours.typeAccuracy),
        fmt(f.reference.precision),
        fmt(f.reference.recall),
        fmt(f.reference.f1),
        fmt(f.reference.ap),
        fmt(f.reference.typeAccuracy),
        `${f.ours.f1 - f.reference.f1 >= 0 ? "+" : ""}${fmt(f.ours.f1 - f.reference.f1)}`,
      ]),
    );
  }
  out.push("", "### Per scenario and type", "");
  out.push(row(["scenario", "type", "lines", "P", "R", "F1", "PR-AUC", "type right", "ref P", "ref R", "ref F1", "ref PR-AUC"]));
  out.push(row(Array(12).fill("---")));
  for (const f of figures) {
    for (const [t, s] of Object.entries(f.perType)) {
      out.push(
        row([
          f.name,
          t,
          s.ours.positives,
          fmt(s.ours.precision),
          fmt(s.ours.recall),
          fmt(s.ours.f1),
          fmt(s.ours.ap),
          fmt(s.ours.typeAccuracy),
          fmt(s.reference.precision),
          fmt(s.reference.recall),
          fmt(s.reference.f1),
          fmt(s.reference.ap),
        ]),
      );
    }
  }
  out.push("", "### All scenarios pooled, per type", "");
  out.push(row(["type", "lines", "P", "R", "F1", "PR-AUC", "type right", "ref P", "ref R", "ref F1"]));
  out.push(row(Array(10).fill("---")));
  const pooledType: Record<string, Scores> = {};
  for (const t of typesPresent(pooledLabels)) {
    const s = scoreAll(pooledLabels, pooled.ours, DEFAULT_THRESHOLD, t);
    pooledType[t] = s;
    const r = scoreAll(pooledLabels, pooled.reference, 1, t);
    out.push(row([t, s.positives, fmt(s.precision), fmt(s.recall), fmt(s.f1), fmt(s.ap), fmt(s.typeAccuracy), fmt(r.precision), fmt(r.recall), fmt(r.f1)]));
  }
  const all = scoreAll(pooledLabels, pooled.ours, DEFAULT_THRESHOLD);
  const allReference = scoreAll(pooledLabels, pooled.reference, 1);
  out.push(
    row([
      "all",
      all.positives,
      fmt(all.precision),
      fmt(all.recall),
      fmt(all.f1),
      fmt(all.ap),
      fmt(all.typeAccuracy),
      fmt(allReference.precision),
      fmt(allReference.recall),
      fmt(allReference.f1),
    ]),
  );

  out.push("", "### Confidence curve (precision / recall / lines flagged)", "");
  out.push(row(["scenario", ...CURVE.map((t) => `>= ${t}`)]));
  out.push(row(Array(CURVE.length + 1).fill("---")));
  for (const f of figures) out.push(row([f.name, ...f.curve.map((c) => `${fmt(c.precision)} / ${fmt(c.recall)} / ${c.flagged}`)]));
  const pooledCurve = CURVE.map((t) => scoreAll(pooledLabels, pooled.ours, t));
  out.push(row(["pooled", ...pooledCurve.map((c) => `${fmt(c.precision)} / ${fmt(c.recall)} / ${c.detected}`)]));

  const loghub: { file: string; lines: number; flagged: number; byType: Record<string, number>; referenceFlagged: number }[] = [];
  if (!args.includes("--no-loghub")) {
    out.push("", `## Loghub samples (no labels; threshold ${DEFAULT_THRESHOLD}; target <= 5% flagged)`, "");
    out.push(row(["file", "lines", "flagged", "share", "by type", "ref flagged"]));
    out.push(row(Array(6).fill("---")));
    const tops: string[] = [];
    for (const file of readdirSync(LOGHUB_DIR)
      .filter((f) => f.endsWith(".jsonl"))
      .sort()) {
      const lines = readFileSync(path.join(LOGHUB_DIR, file), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
      const res = await runPipeline(file, lines, DEFAULT_THRESHOLD);
      const ref = await referencePredictions(file, lines);
      const referenceFlagged = ref.atDefault.confidence.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
      const byType: Record<string, number> = {};
      for (const a of res.anomalies) byType[a.anomaly_type] = (byType[a.anomaly_type] ?? 0) + 1;
      loghub.push({ file, lines: lines.length, flagged: res.anomalies.length, byType, referenceFlagged });
      out.push(
        row([
          file,
          lines.length,
          res.anomalies.length,
          `${((100 * res.anomalies.length) / lines.length).toFixed(1)}%`,
          Object.entries(byType)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ") || "–",
          referenceFlagged,
        ]),
      );
      const top = [...res.anomalies].sort((a, b) => b.confidence - a.confidence || a.log_index - b.log_index).slice(0, 5);
      tops.push("", `**${file}** top ${top.length}:`, "");
      for (const a of top) tops.push(`- #${a.log_index} ${a.confidence.toFixed(2)} ${a.anomaly_type}: \`${a.message.slice(0, 100)}\` — ${a.reasons[0] ?? ""}`);
    }
    out.push(...tops);
  }

  out.push("", "## Targets", "");
  const typeOk = Object.entries(pooledType).map(
    ([t, s]) => `${t}: P ${fmt(s.precision)} R ${fmt(s.recall)} type ${fmt(s.typeAccuracy)} ${s.recall >= 0.9 && s.precision >= 0.85 ? "ok" : "MISSED"}`,
  );
  out.push(`- every type recall >= 0.9 and precision >= 0.85 (pooled): ${typeOk.join("; ")}`);
  out.push(`- type right >= 90% of detected (pooled): ${fmt(all.typeAccuracy)} ${all.typeAccuracy >= 0.9 ? "ok" : "MISSED"}`);
  out.push(
    `- F1 >= reference + 0.25 in every scenario: ${figures.map((f) => `${f.name} ${f.ours.f1 - f.reference.f1 >= 0.25 ? "ok" : "MISSED"} (+${fmt(f.ours.f1 - f.reference.f1)})`).join(", ")}`,
  );
  const rising = pooledCurve.every((c, k) => k === 0 || c.precision >= pooledCurve[k - 1]!.precision);
  out.push(`- precision rises with the threshold (pooled ${pooledCurve.map((c) => c.precision.toFixed(4)).join(" -> ")}): ${rising ? "ok" : "MISSED"}`);
  if (loghub.length)
    out.push(
      `- <= 5% flagged per Loghub sample: ${loghub.map((l) => `${l.file.replace(".jsonl", "")} ${((100 * l.flagged) / l.lines).toFixed(1)}%${l.flagged <= 0.05 * l.lines ? "" : " MISSED"}`).join(", ")}`,
    );
  out.push(`- pipeline time per scenario (ms, threshold 0 so every line is formatted): ${figures.map((f) => `${f.name} ${Math.round(f.ms)}`).join(", ")}`);

  process.stdout.write(`${out.join("\n")}\n`);
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ figures, pooledType, loghub }, null, 2)}\n`);
}

await main();
