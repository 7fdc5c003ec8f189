/**
 * The memory primed from healthy days, on the families written blind: each scenario of seed s is
 * detected after the memory has seen two healthy days of the same system, the scenario generated
 * from seeds s + 1000 and s + 2000 with every labelled line removed (what a team would teach it
 * from yesterday's quiet hours). A fault that fills the whole window (a heap full from the first
 * minute, a cache at its limit all day) has nothing in the incident to compare against; a healthy
 * day is what it needs. Scored with the memory and alone, per-line F1 at the default threshold.
 */
import { randomBytes } from "node:crypto";
import { loadConfig } from "../src/config.js";
import { primeFromLogs } from "../src/memory/prime.js";
import { MemoryStore } from "../src/memory/store.js";
import { createDetector } from "../src/pipeline/graph.js";
import { memoryLogSource } from "../src/pipeline/sources.js";
import { buildKeys } from "../src/valkey/keys.js";
import type { Scenario } from "./blind/types.js";
import { DEFAULT_THRESHOLD, predictionOf, runPipeline } from "./evaluate.js";
import type { ProtocolServer, SequenceFigures } from "./memory-protocol.js";
import { scoreAll } from "./metrics.js";
import { fmt, row } from "./report.js";

/** The scenario's system on a day without its incident: its unlabelled lines only. */
export function healthyDay(sc: Scenario): Scenario {
  const keep = sc.labels.map((l) => l === null);
  return { ...sc, name: `${sc.name}-healthy`, logs: sc.logs.filter((_, i) => keep[i]), labels: sc.labels.filter((l) => l === null) };
}

const WHOLE_WINDOW = { time_window_hours: 8784, confidence_threshold: 0 };

/** One scenario: primed (POST /baselines/learn's path) from its healthy days, then detected with the memory and alone. */
async function primedRun(server: ProtocolServer, family: string, seed: number, sc: Scenario, healthy: readonly Scenario[]): Promise<SequenceFigures> {
  const config = loadConfig({ MEMORY_KEY_PREFIX: `eval-${randomBytes(4).toString("hex")}`, LOG_LEVEL: "silent" });
  const source = memoryLogSource(sc.name, sc.logs);
  // The memory's clock stands at the incident's newest log: the healthy days are as fresh as it.
  const now = (await source.read({ incident_id: sc.name, ...WHOLE_WINDOW })).anchorMs;
  const store = new MemoryStore(server.valkey, buildKeys(config), config, () => now);
  for (const [d, day] of healthy.entries()) {
    const read = await memoryLogSource(day.name, day.logs).read({ incident_id: day.name, ...WHOLE_WINDOW });
    await primeFromLogs(store, `${sc.name}:healthy-${d}`, read.logs);
  }
  const res = await createDetector({ source, memory: store }).run({ incident_id: sc.name, ...WHOLE_WINDOW }, "api");
  const primed = predictionOf(sc.logs.length, res);
  const alone = predictionOf(sc.logs.length, await runPipeline(sc.name, sc.logs, 0));
  const without = scoreAll(sc.labels, alone, DEFAULT_THRESHOLD);
  const withMemory = scoreAll(sc.labels, primed, DEFAULT_THRESHOLD);
  return {
    family,
    seed,
    name: sc.name,
    history: healthy.length,
    scored: 1,
    lines: sc.logs.length,
    anomalous: sc.labels.filter((l) => l !== null).length,
    without,
    with: withMemory,
    perIncident: [{ name: sc.name, without: without.f1, with: withMemory.f1 }],
  };
}

export async function runPrimed(
  server: ProtocolServer,
  family: string,
  seeds: readonly number[],
  build: (seed: number) => Scenario[],
): Promise<SequenceFigures[]> {
  const out: SequenceFigures[] = [];
  for (const seed of seeds) {
    const days = [build(seed + 1000), build(seed + 2000)];
    for (const [k, sc] of build(seed).entries()) {
      out.push(
        await primedRun(
          server,
          family,
          seed,
          sc,
          days.map((d) => healthyDay(d[k]!)),
        ),
      );
    }
  }
  return out;
}

/** Per family: mean per-scenario F1 alone and with the primed memory, and the scenarios that moved most. */
export function primedReport(figures: readonly SequenceFigures[]): string[] {
  const out = [
    "",
    "## Memory primed from two healthy days (each scenario after the same system's two days without its incident)",
    "",
    row(["family", "scenarios", "mean F1 alone", "mean F1 primed", "largest gains", "largest losses"]),
    row(Array(6).fill("---")),
  ];
  for (const family of [...new Set(figures.map((f) => f.family))]) {
    const fs = figures.filter((f) => f.family === family);
    const byName = new Map<string, { alone: number; primed: number; n: number }>();
    for (const f of fs) {
      const e = byName.get(f.name) ?? { alone: 0, primed: 0, n: 0 };
      e.alone += f.without.f1;
      e.primed += f.with.f1;
      e.n++;
      byName.set(f.name, e);
    }
    const moves = [...byName].map(([name, e]) => ({ name, alone: e.alone / e.n, primed: e.primed / e.n }));
    const mean = (k: "alone" | "primed") => moves.reduce((a, m) => a + m[k], 0) / moves.length;
    const sorted = moves.slice().sort((a, b) => b.primed - b.alone - (a.primed - a.alone));
    const show = (ms: typeof moves) => ms.map((m) => `${m.name} ${fmt(m.alone)}→${fmt(m.primed)}`).join(", ") || "–";
    out.push(
      row([
        family,
        moves.length,
        fmt(mean("alone")),
        fmt(mean("primed")),
        show(sorted.slice(0, 3).filter((m) => m.primed - m.alone > 0.005)),
        show(sorted.slice(-3).filter((m) => m.primed - m.alone < -0.005)),
      ]),
    );
  }
  return out;
}
