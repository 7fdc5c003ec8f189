/**
 * The chronological protocol of the memory across incidents. A sequence is one incident a day of
 * the same services; the first `historyCount` are normal days (with recurring noise), the later
 * ones carry labelled incidents. Each incident is detected in order by the service's pipeline
 * with a memory (a local Valkey or Redis, the memory's clock at the incident's time): the history
 * days teach it, the later days are scored. The same later incidents are also detected without
 * a memory. Per-line precision, recall and F1 at the default threshold, pooled over a sequence's
 * later incidents.
 */
import { randomBytes } from "node:crypto";
import { loadConfig } from "../src/config.js";
import { primeFromLogs } from "../src/memory/prime.js";
import { MemoryStore } from "../src/memory/store.js";
import { createDetector } from "../src/pipeline/graph.js";
import { memoryLogSource } from "../src/pipeline/sources.js";
import { createValkey, type Valkey } from "../src/valkey/client.js";
import { buildKeys } from "../src/valkey/keys.js";
import { startLocalServer, type LocalServer } from "../src/valkey/local-server.js";
import type { IncidentSequence } from "./blind/index.js";
import { DEFAULT_THRESHOLD, predictionOf, runPipeline } from "./evaluate.js";
import { scoreAll, type Prediction, type Scores } from "./metrics.js";
import { fmt, row } from "./report.js";
import type { AnomalyType } from "../src/detection/types.js";

export interface SequenceFigures {
  family: string;
  seed: number;
  name: string;
  history: number;
  scored: number;
  lines: number;
  anomalous: number;
  without: Scores;
  with: Scores;
  perIncident: { name: string; without: number; with: number }[];
}

interface Pooled {
  labels: (AnomalyType | null)[];
  confidence: number[];
  type: (AnomalyType | null)[];
}

const empty = (): Pooled => ({ labels: [], confidence: [], type: [] });

function add(p: Pooled, labels: readonly (AnomalyType | null)[], x: Prediction): void {
  p.labels.push(...labels);
  p.confidence.push(...x.confidence);
  p.type.push(...x.type);
}

const score = (p: Pooled): Scores => scoreAll(p.labels, { confidence: Float64Array.from(p.confidence), type: p.type }, DEFAULT_THRESHOLD);

/** A memory over a server of the protocol's own (or EVAL_VALKEY_URL). */
export class ProtocolServer {
  private constructor(
    readonly valkey: Valkey,
    private readonly local: LocalServer | undefined,
  ) {}

  static async start(): Promise<ProtocolServer> {
    const url = process.env.EVAL_VALKEY_URL;
    const local = url ? undefined : await startLocalServer();
    const valkey = createValkey(loadConfig({ VALKEY_URL: url ?? local!.url, LOG_LEVEL: "silent" }));
    await valkey.connect();
    return new ProtocolServer(valkey, local);
  }

  async stop(): Promise<void> {
    this.valkey.disconnect();
    await this.local?.stop();
  }
}

const WHOLE_WINDOW = { time_window_hours: 8784, confidence_threshold: 0 };

/**
 * `primeHistory`: the history days are taught as logs declared normal (POST /baselines/learn's
 * path) instead of detected, with the memory's clock at the first scored incident's newest log
 * throughout (days generated apart from it carry dates of their own).
 */
export async function runSequence(
  server: ProtocolServer,
  family: string,
  seed: number,
  seq: IncidentSequence,
  opts: { primeHistory?: boolean } = {},
): Promise<SequenceFigures> {
  const config = loadConfig({ MEMORY_KEY_PREFIX: `eval-${randomBytes(4).toString("hex")}`, LOG_LEVEL: "silent" });
  let now = 0;
  const store = new MemoryStore(server.valkey, buildKeys(config), config, () => now);
  const firstScored = seq.incidents[seq.historyCount];
  const fixedNow =
    opts.primeHistory && firstScored
      ? (await memoryLogSource(firstScored.name, firstScored.logs).read({ incident_id: firstScored.name, ...WHOLE_WINDOW })).anchorMs
      : undefined;
  const without = empty();
  const withMemory = empty();
  const perIncident: SequenceFigures["perIncident"] = [];
  let lines = 0;
  let anomalous = 0;
  for (const [i, sc] of seq.incidents.entries()) {
    const source = memoryLogSource(sc.name, sc.logs);
    // The memory's clock stands at the incident's newest log, so decay follows the sequence's days.
    const read = await source.read({ incident_id: sc.name, ...WHOLE_WINDOW });
    now = fixedNow ?? read.anchorMs;
    if (fixedNow !== undefined && i < seq.historyCount) {
      await primeFromLogs(store, `${seq.name}:${i}`, read.logs);
      continue;
    }
    const detector = createDetector({ source, memory: store });
    // Threshold 0: every line gets its confidence; what the memory learns does not depend on it.
    const res = await detector.run({ incident_id: `${seq.name}:${i}`, time_window_hours: 8784, confidence_threshold: 0 }, "api");
    if (i < seq.historyCount) continue;
    const mine = predictionOf(sc.logs.length, res);
    const alone = predictionOf(sc.logs.length, await runPipeline(sc.name, sc.logs, 0));
    add(withMemory, sc.labels, mine);
    add(without, sc.labels, alone);
    lines += sc.logs.length;
    anomalous += sc.labels.filter((l) => l !== null).length;
    perIncident.push({
      name: sc.name,
      without: scoreAll(sc.labels, alone, DEFAULT_THRESHOLD).f1,
      with: scoreAll(sc.labels, mine, DEFAULT_THRESHOLD).f1,
    });
  }
  return {
    family,
    seed,
    name: seq.name,
    history: seq.historyCount,
    scored: seq.incidents.length - seq.historyCount,
    lines,
    anomalous,
    without: score(without),
    with: score(withMemory),
    perIncident,
  };
}

export function memoryReport(figures: readonly SequenceFigures[]): string[] {
  const out = [
    "",
    `## Memory across incidents (chronological protocol; threshold ${DEFAULT_THRESHOLD})`,
    "",
    "Each sequence is one incident a day; the first days (normal, with recurring noise) teach the memory, the later days are scored, detected in order with the memory and alone.",
    "",
  ];
  out.push(
    row([
      "family",
      "sequence",
      "seed",
      "history",
      "scored",
      "anomalous lines",
      "F1 alone",
      "F1 with memory",
      "P alone → with",
      "R alone → with",
      "per scored day (F1 alone → with)",
    ]),
  );
  out.push(row(Array(11).fill("---")));
  for (const f of figures) {
    out.push(
      row([
        f.family,
        f.name,
        f.seed,
        f.history,
        f.scored,
        f.anomalous,
        fmt(f.without.f1),
        fmt(f.with.f1),
        `${fmt(f.without.precision)} → ${fmt(f.with.precision)}`,
        `${fmt(f.without.recall)} → ${fmt(f.with.recall)}`,
        f.perIncident.map((x) => `${fmt(x.without)}→${fmt(x.with)}`).join(", "),
      ]),
    );
  }
  for (const family of [...new Set(figures.map((f) => f.family))]) {
    const fs = figures.filter((f) => f.family === family);
    const mean = (k: "without" | "with") => fs.reduce((a, f) => a + f[k].f1, 0) / fs.length;
    out.push("", `- ${family}: mean F1 over ${fs.length} sequences ${fmt(mean("without"))} alone, ${fmt(mean("with"))} with memory`);
  }
  return out;
}
