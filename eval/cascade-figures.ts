/**
 * Root service and onset on cascades: for each incident with a known root and onset, whether the
 * answer's suspected_root_services puts the root first (top-1) or among the first three (top-3),
 * and how far summary.onset is from the true onset, in seconds.
 */
import { DEFAULT_THRESHOLD, runPipeline } from "./evaluate.js";
import { fmt, row } from "./report.js";

export interface Cascade {
  name: string;
  logs: readonly unknown[];
  rootService: string;
  onsetMs: number;
}

export interface CascadeRun {
  name: string;
  root: string;
  /** Suspected services, most likely first. */
  ranked: string[];
  rank: number;
  /** summary.onset minus the true onset, seconds (NaN when the answer has no onset). */
  onsetErrorS: number;
  fromStart: boolean;
}

export interface CascadeFigures {
  family: string;
  seeds: number[];
  cascades: number;
  top1: number;
  top3: number;
  medianOnsetErrorS: number;
  p90OnsetErrorS: number;
  runs: CascadeRun[];
}

export async function runCascade(sc: Cascade): Promise<CascadeRun> {
  const res = await runPipeline(sc.name, sc.logs, DEFAULT_THRESHOLD);
  const ranked = (res.summary.suspected_root_services ?? []).map((r) => r.service);
  const onset = res.summary.onset;
  return {
    name: sc.name,
    root: sc.rootService,
    ranked,
    rank: ranked.indexOf(sc.rootService) + 1,
    onsetErrorS: onset ? (Date.parse(onset.timestamp) - sc.onsetMs) / 1000 : Number.NaN,
    fromStart: onset?.from_window_start ?? false,
  };
}

/** Nearest-rank quantile of the absolute errors (a missing onset counts as infinitely wrong). */
function quantileAbs(xs: number[], q: number): number {
  const a = xs.map((x) => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : Math.abs(x))).sort((x, y) => x - y);
  return a.length === 0 ? Number.NaN : a[Math.min(a.length - 1, Math.max(0, Math.ceil(q * a.length) - 1))]!;
}

export function cascadeFigures(family: string, seeds: number[], runs: CascadeRun[]): CascadeFigures {
  const n = runs.length;
  return {
    family,
    seeds,
    cascades: n,
    top1: n ? runs.filter((r) => r.rank === 1).length / n : Number.NaN,
    top3: n ? runs.filter((r) => r.rank >= 1 && r.rank <= 3).length / n : Number.NaN,
    medianOnsetErrorS: quantileAbs(
      runs.map((r) => r.onsetErrorS),
      0.5,
    ),
    p90OnsetErrorS: quantileAbs(
      runs.map((r) => r.onsetErrorS),
      0.9,
    ),
    runs,
  };
}

export function cascadeReport(f: CascadeFigures): string[] {
  const out = [
    `### ${f.family}: root service and onset on ${f.cascades} cascades (seed${f.seeds.length === 1 ? "" : "s"} ${f.seeds.join(", ")})`,
    "",
    `top-1 ${fmt(f.top1)}, top-3 ${fmt(f.top3)}, onset error median ${f.medianOnsetErrorS.toFixed(0)} s, p90 ${f.p90OnsetErrorS.toFixed(0)} s`,
    "",
    row(["cascade", "root", "rank", "ranked first", "onset error"]),
    row(Array(5).fill("---")),
  ];
  for (const r of f.runs)
    out.push(
      row([
        r.name,
        r.root,
        r.rank === 0 ? "–" : r.rank,
        r.ranked.slice(0, 3).join(", "),
        Number.isNaN(r.onsetErrorS) ? "none" : `${r.onsetErrorS.toFixed(0)} s${r.fromStart ? " (window start)" : ""}`,
      ]),
    );
  return out;
}
