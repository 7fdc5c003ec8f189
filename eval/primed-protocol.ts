/**
 * The memory primed from healthy days, on the families written blind: each scenario of seed s is
 * detected after the memory has seen two healthy days of the same system, the scenario generated
 * from seeds s + 1000 and s + 2000 with every labelled line removed (what a team would teach it
 * from yesterday's quiet hours). A fault that fills the whole window (a heap full from the first
 * minute, a cache at its limit all day) has nothing in the incident to compare against; a healthy
 * day is what it needs. Scored with the memory and alone, per-line F1 at the default threshold.
 */
import type { Scenario } from "./blind/types.js";
import { runSequence, type ProtocolServer, type SequenceFigures } from "./memory-protocol.js";
import { fmt, row } from "./report.js";

/** The scenario's system on a day without its incident: its unlabelled lines only. */
export function healthyDay(sc: Scenario): Scenario {
  const keep = sc.labels.map((l) => l === null);
  return { ...sc, name: `${sc.name}-healthy`, logs: sc.logs.filter((_, i) => keep[i]), labels: sc.labels.filter((l) => l === null) };
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
      const history = days.map((d) => healthyDay(d[k]!));
      const seq = { name: sc.name, description: sc.description, incidents: [...history, sc], historyCount: history.length };
      out.push(await runSequence(server, family, seed, seq, { primeHistory: true }));
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
    // An incident with no labelled line has no F1 (metrics.ts): left out, as from a family's mean.
    const moves = [...byName].map(([name, e]) => ({ name, alone: e.alone / e.n, primed: e.primed / e.n })).filter((m) => !Number.isNaN(m.alone));
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
