/**
 * Items 1 and 2: the detection core alone (features, templates, statistics, forest,
 * classification; no I/O) at 1k-1M logs, and the reference IsolationForest method in Python with scikit-learn on
 * the same logs, in the same run.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { detect } from "../src/detection/detect.js";
import { extractFeatures, featureColumns } from "../src/detection/features/features.js";
import { distinctRows } from "../src/detection/forest/isolation-forest.js";
import { LogTableBuilder } from "../src/logs/table-builder.js";
import type { LogTable } from "../src/logs/log-table.js";
import { normalizeInto } from "../src/logs/normalize.js";
import { generateLogs, toJsonLines } from "./data.js";
import { log, median, round, timeRuns } from "./util.js";

const PYTHON = "/usr/bin/python3";
const REFERENCE = path.join(path.dirname(fileURLToPath(import.meta.url)), "sklearn_reference.py");

export interface CoreRow {
  n: number;
  runs: number;
  detect_ms: number;
  logs_per_s: number;
  /** Share of rows with a distinct feature vector (what the forest scores). */
  distinct_rows_pct: number;
  anomalies: number;
  sklearn?: { total_s: number; features_s: number; fit_s: number; score_s: number; logs_per_s: number; runs: number };
  /** Our logs/s over scikit-learn's. */
  ratio?: number;
}

export interface CoreResult {
  rows: CoreRow[];
  /** The 100k case again with every feature row distinct (no repeated rows to share work). */
  worst_case_100k?: CoreRow;
  sklearn_note: string;
  sklearn_version?: string;
}

/** The logs as the service holds them once read (a table of columns), built outside the timing. */
function table(n: number, responseTimeMs?: (i: number) => number): LogTable {
  const b = new LogTableBuilder(n);
  generateLogs(n).forEach((l, i) => {
    const reason = normalizeInto(b, responseTimeMs ? { ...l, response_time: responseTimeMs(i) } : l, i);
    if (reason !== undefined) throw new Error(`generated log ${i} does not normalise: ${reason}`);
  });
  return b.build();
}

function runsFor(n: number, quick: boolean): { runs: number; warmup: number } {
  if (quick) return { runs: 3, warmup: 1 };
  if (n <= 1_000) return { runs: 30, warmup: 10 };
  if (n <= 10_000) return { runs: 15, warmup: 3 };
  if (n <= 100_000) return { runs: 7, warmup: 2 };
  return { runs: 3, warmup: 1 };
}

export function sklearnAvailable(): { ok: boolean; note: string; version?: string } {
  if (!existsSync(PYTHON)) return { ok: false, note: `${PYTHON} not found: install Debian's python3-sklearn (apt-get install -y python3-sklearn)` };
  const r = spawnSync(PYTHON, ["-c", "import sklearn; print(sklearn.__version__)"], { encoding: "utf8" });
  if (r.status !== 0) return { ok: false, note: `scikit-learn is not importable by ${PYTHON}: apt-get install -y python3-sklearn` };
  return { ok: true, note: `scikit-learn ${r.stdout.trim()} (Debian python3-sklearn) on ${PYTHON}`, version: r.stdout.trim() };
}

export function runSklearn(lines: string[], runs: number, warmup: boolean): NonNullable<CoreRow["sklearn"]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-sklearn-"));
  try {
    const file = path.join(dir, "logs.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const args = [REFERENCE, file, "--runs", String(runs), ...(warmup ? [] : ["--no-warmup"])];
    const r = spawnSync(PYTHON, args, { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`sklearn reference failed: ${r.stderr.slice(-2000)}`);
    const out = JSON.parse(r.stdout) as { n: number; total_s: number; features_s: number; fit_s: number; score_s: number; runs: number };
    return {
      total_s: round(out.total_s, 3),
      features_s: round(out.features_s, 3),
      fit_s: round(out.fit_s, 3),
      score_s: round(out.score_s, 3),
      logs_per_s: Math.round(out.n / out.total_s),
      runs: out.runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(recs: LogTable, quick: boolean): Promise<CoreRow> {
  const n = recs.length;
  const { runs, warmup } = runsFor(n, quick);
  let anomalies = 0;
  const times = await timeRuns(runs, warmup, () => {
    anomalies = detect(recs, { confidenceThreshold: 0.7 }).anomalies.length;
  });
  const ms = median(times);
  const distinct = distinctRows(featureColumns(extractFeatures(recs)), n).u;
  return { n, runs, detect_ms: round(ms, 2), logs_per_s: Math.round((n / ms) * 1000), distinct_rows_pct: round((100 * distinct) / n, 1), anomalies };
}

export async function benchCore(opts: { sizes: number[]; quick: boolean; sklearn: boolean }): Promise<CoreResult> {
  const sk = opts.sklearn ? sklearnAvailable() : { ok: false, note: "skipped (--no-sklearn)" };
  const rows: CoreRow[] = [];
  let worst: CoreRow | undefined;
  for (const n of opts.sizes) {
    log(`core: ${n} logs`);
    const recs = table(n);
    const row = await measure(recs, opts.quick);
    if (sk.ok) {
      // At 1M one run of the reference takes tens of seconds: one run, no warm-up.
      const big = n >= 1_000_000;
      log(`core: scikit-learn reference, ${n} logs`);
      const ref = runSklearn(toJsonLines(generateLogs(n)), big || opts.quick ? 1 : 3, !big);
      row.sklearn = ref;
      if (ref) row.ratio = round(row.logs_per_s / ref.logs_per_s, 1);
    }
    rows.push(row);
    if (n === 100_000) {
      // Every response time distinct: nothing repeats, the forest scores every row.
      worst = await measure(
        table(n, (i) => 1 + i / 1000),
        opts.quick,
      );
    }
  }
  return { rows, worst_case_100k: worst, sklearn_note: sk.note, sklearn_version: "version" in sk ? sk.version : undefined };
}
