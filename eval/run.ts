/**
 * `npm run eval`: the detector and the reference IsolationForest method on the families of
 * labelled incidents, then the unlabelled Loghub samples, as markdown tables.
 *
 *   npm run eval                          every family and the Loghub samples
 *   npm run eval -- --family dev          one family (dev, blind, or one of LATER_FAMILIES and TEXT_FAMILIES below)
 *   npm run eval -- --seed 7              the development family from another seed
 *   npm run eval -- --blind-seeds 21,22   the blind family from other seeds (default 21,22,23)
 *   npm run eval -- --holdout-seeds 5,6   a later family from other seeds (default 1,2,3); likewise
 *                                         --field-, --sealed-, --unseen-, --reserve-, --untried-,
 *                                         --novel-, --foreign-, --uncharted-, --distant-,
 *                                         --remote-, --abroad-, --faraway-, --fleet-,
 *                                         --yonder-, --frontier-, --hinterland-,
 *                                         --offshore-, --outback-, --tundra-, --steppe-, --taiga-,
 *                                         --savanna-, --delta-, --estuary-, --lagoon-, --moor-,
 *                                         --heath-, --fell-, --marsh-, --bog-, --fen-, --tarn-,
 *                                         --mere-, --dune-, --cove-, --shoal-, --reef-, --atoll-,
 *                                         --isthmus-, --sound-, --bay-, --strait-, --channel-, --inlet-, --creek-, --brook-, --wilds-seeds
 *   npm run eval -- --no-loghub           scenarios only
 *   npm run eval -- --no-cascades         without the root-service and onset figures
 *   npm run eval -- --loghub DIR          Loghub samples from DIR (default test/fixtures/loghub)
 *   npm run eval -- --json out.json       also write the figures as JSON
 *   npm run eval -- --no-memory           without the memory protocol (it starts a local server)
 *   npm run eval -- --memory-only         the memory protocol alone (memory-protocol.ts)
 *   npm run eval -- --primed              also each later family's scenarios after two healthy days (primed-protocol.ts)
 *   npm run eval -- --no-feedback         without the feedback protocol
 *   npm run eval -- --feedback-only       the feedback protocol alone (feedback-protocol.ts)
 *
 * The development family (scenarios*.ts) is what the detector was tuned on. The blind family
 * (blind/) was written from the log format and the four type definitions only, by an author who
 * never saw the detector; it is reported, not tuned on. Its default seeds 21-23 have since been
 * looked at for the misses of the per-line detection; seeds nothing was looked at for are
 * reported beside them (docs/evaluation.md, fresh seeds). The holdout family (holdout/) was
 * written the same way by another author, after the blind family had been looked at; its seeds
 * 1-3 have since been looked at for the misses (docs/evaluation.md), seeds 61-63 not. The field
 * family (field/) was written blind by a third author, in real producers' formats, and first run
 * after the holdout's rules were in: its first figures are the least biased ones. The sealed
 * family (sealed/) was written blind by a fourth author while the field family's misses were
 * looked at, and looked at itself after its first run. The unseen family (unseen/), written blind
 * by a fifth author meanwhile, is run for reporting only: nothing has been changed for it.
 * The novel family (novel/) was written blind by another author, from the log format and the
 * four type definitions only, in the JSON real producers write, and is a reporting set.
 * The foreign family (foreign/) was written blind from the log format and the type definitions
 * only, in producers' and shippers' own JSON; its first run was reported, then its seeds 1-3
 * were looked at for the reader's misses, seeds 71-73 not (docs/evaluation.md).
 * The uncharted family (uncharted/) was written blind from the prototype's design, the log
 * layouts and the type definitions only; its first run was reported, then its seeds 1-3 were
 * looked at for the misses (docs/evaluation.md).
 * The distant family (distant/) was written blind from the same documents, rich in memory
 * incidents as real producers write them; its first run was reported, then its seeds 1-3 were
 * looked at for the misses, seeds 71-73 not (docs/evaluation.md).
 * The remote family (remote/) was written blind from the same documents, rich in pattern
 * anomalies as real systems produce them, and is a reporting set: nothing is changed for it.
 * The abroad family (abroad/) was written blind from the same documents, in the kinds of incident
 * an outside evaluation uses (scattered faults, latencies 100x apart, cascades, RAS and cluster
 * syslogs, routine severity), and is a reporting set too.
 * The faraway family (faraway/) was written blind from the same documents by a fifteenth author,
 * in real producers' formats (access logs, GC logs, OpenTelemetry, database and host logs), and
 * is a reporting set: nothing is changed for it.
 * The fleet family (fleet/) was written blind on services run as several instances; its first run
 * was reported, then it was looked at. The yonder family (yonder/) was written blind on
 * asynchronous and scheduled work (queues, serverless functions, batch and cron jobs, webhooks).
 * The frontier family (frontier/) was written blind from the same documents on the incidents an
 * on-call team meets at a SaaS company (deploys, flags, certificates, DNS, failovers, disks,
 * clocks, leaks, pools, runaway jobs, credential stuffing), and is a reporting set. The
 * hinterland family (hinterland/) was written blind from the same documents, each incident in
 * its producers' own JSON; a reporting set, whose author's note on formats the reader did not
 * know was acted on (docs/evaluation.md). The offshore family (offshore/) was written blind from the
 * prototype's design and the type definitions only, in the kinds of incident an outside evaluation
 * uses (scattered faults, latencies 100x apart, a cascade, a RAS log, a quiet syslog day, recurring
 * odd INFO lines, mostly anomalous incidents, access, GC and Kubernetes logs): a reporting set.
 * The savanna family (savanna/) was written blind from the reader's field list and the four type
 * definitions only, in the same kinds of incident with new domains and producers: a reporting set.
 * The delta family (delta/) was written blind from the prototype's design, the reader's field
 * list and the four type definitions only, in the same kinds of incident, in domains and
 * producers of its author's choosing: a reporting set. The estuary family (estuary/) was
 * written blind from the prototype's design, the reader's field list and the four type
 * definitions only, in the same kinds of incident, in domains none of the others used (airline,
 * telecom, warehouse robots, streaming, grid telemetry, adtech, payroll, an observatory): a
 * reporting set. The lagoon family (lagoon/) was written blind from the same documents, in yet
 * other domains (orchards, ride dispatch, port cranes, a newsroom, couriers, a library, a
 * lottery, genomics, chat, DNS, parking, a water utility), weighted to the kinds the others miss
 * most (scattered faults, repeats, cascades, odd INFO lines, routine severity, slow leaks,
 * mostly anomalous incidents); its first run was reported, then its seeds 1-3 were looked at for
 * the misses, seeds 71-73 not (docs/evaluation.md). The moor family (moor/) was written blind
 * from the prototype's design, the reader's field list and the Scenario type only, in other
 * domains again (ski lifts, a pharmacy robot, crew rostering, an HPC machine, a ground station, a
 * brewery, elevators, a print farm, stadium gates, a CDN, bike docks, tolling gantries), in the
 * kinds an outside evaluation uses: a reporting set. So is the heath family (heath/), written the
 * same way in other domains again (ferries, seismographs, a museum, hospital pagers, satellite TV,
 * vineyards, a library, a blood bank, online chess, port cranes, fire panels, tide gauges), and
 * the fell family (fell/), in others again (baggage sorters, a radio telescope, ski kiosks,
 * milking robots, a call centre, a timetable solver, bus validators, an auction house,
 * greenhouses, wind farms). The marsh family (marsh/) was written blind the same way, weighted to
 * one kind: a failure that fills most of the window from its first minute (a store already
 * refusing, a cache already gone, a crash loop already running), beside decoys whose frequent
 * WARN or ERROR line is everyday noise and a healthy day; its first run was reported, then its
 * seeds 1-3 were looked at for the misses, seeds 71-73 not (docs/evaluation.md). The bog family
 * (bog/), written blind the same way after the rules marsh led to, tries to break them: windows
 * where one failure-looking message fills a third to a half of the lines, everyday in five of
 * its eight incidents and the incident in three; a reporting set. The fen family (fen/), written
 * blind the same way before the rule on what a dominant failure's words say failed, has ten windows
 * of that shape, five everyday and five the incident; a reporting set. The tarn family (tarn/),
 * written blind after that rule and told of it, tries to break it: everyday floods worded as a
 * dependency's or a resource's failure, incidents worded as requests turned down, and windows
 * where the rule is right; a reporting set. The mere family (mere/), written the same way after
 * the rule was narrowed on tarn's misses, tries again; a reporting set. The dune family (dune/),
 * written blind the same way after all of that, holds ten incidents in the kinds an outside
 * evaluation uses; a reporting set. The cove family (cove/), written blind the same way, holds
 * unusual INFO lines that recur among look-alikes of their own (a body echoed whole beside one-line
 * summaries, an IN list of hundreds of ids beside lists of a few, a certificate with a day left
 * beside ones with months), and three windows whose odd-looking lines are their services'
 * everyday; a tuning set for that kind, whose lines were read. The shoal family (shoal/), written blind the
 * same way after the rules on a value or a length a message rarely has and told of them, tries to
 * break them with everyday odd values and long lines, and holds four windows where they are
 * right; a reporting set. The reef family (reef/), written blind the same way and told of a rule
 * then tried (a new message counts for less in a service that begins new messages all through
 * the window's quiet part), tries to break it with services whose vocabulary grows all day and
 * whose trouble shows as a new INFO line, and holds four windows where it is right; it broke the
 * rule, which was dropped (docs/evaluation.md); a reporting set. The atoll family (atoll/),
 * written blind the same way, holds ten incidents in the kinds an outside evaluation uses
 * (scattered anomalies, latencies 100x apart, a cascade, one error many times, odd INFO lines,
 * routine severity in a system log, a majority outage, Kubernetes, nginx, a healthy syslog); a
 * reporting set. The isthmus family (isthmus/), written blind the same way and told of two rules
 * (a change by an actor the line cannot name, a lifetime run out), tries to break them with
 * everyday look-alikes and holds four windows where they are right; a reporting set. The sound
 * family (sound/), written blind the same way and told that a template whose first line comes
 * late is settled only when that is likely at its steady rate measured over the whole window and
 * from its first line on, tries to break it with failures that begin on a schedule and recur to
 * the end, and holds three windows where it is right; a reporting set. The bay family (bay/),
 * written blind the same way on one failure repeated many times (an exception per call, a poison
 * message redelivered, a dependency dead from the first minute, a new error among routine ones),
 * was looked at for the misses from its first run.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { blindCascades, blindScenarios, blindSequences } from "./blind/index.js";
import type { Scenario as BlindScenario } from "./blind/types.js";
import { holdoutScenarios } from "./holdout/index.js";
import { fieldScenarios } from "./field/index.js";
import { sealedScenarios } from "./sealed/index.js";
import { unseenScenarios } from "./unseen/index.js";
import { reserveScenarios } from "./reserve/index.js";
import { untriedScenarios } from "./untried/index.js";
import { novelScenarios } from "./novel/index.js";
import { foreignScenarios } from "./foreign/index.js";
import { unchartedScenarios } from "./uncharted/index.js";
import { distantScenarios } from "./distant/index.js";
import { remoteScenarios } from "./remote/index.js";
import { abroadScenarios } from "./abroad/index.js";
import { farawayScenarios } from "./faraway/index.js";
import { fleetScenarios } from "./fleet/index.js";
import { yonderScenarios } from "./yonder/index.js";
import { frontierScenarios } from "./frontier/index.js";
import { hinterlandScenarios } from "./hinterland/index.js";
import { offshoreScenarios } from "./offshore/index.js";
import { outbackScenarios } from "./outback/index.js";
import { wildsScenarios } from "./wilds/index.js";
import { tundraScenarios } from "./tundra/index.js";
import { steppeScenarios } from "./steppe/index.js";
import { taigaScenarios } from "./taiga/index.js";
import { savannaScenarios } from "./savanna/index.js";
import { deltaScenarios } from "./delta/index.js";
import { estuaryScenarios } from "./estuary/index.js";
import { lagoonScenarios } from "./lagoon/index.js";
import { moorScenarios } from "./moor/index.js";
import { heathScenarios } from "./heath/index.js";
import { fellScenarios } from "./fell/index.js";
import { marshScenarios } from "./marsh/index.js";
import { bogScenarios } from "./bog/index.js";
import { fenScenarios } from "./fen/index.js";
import { tarnScenarios } from "./tarn/index.js";
import { mereScenarios } from "./mere/index.js";
import { coveScenarios } from "./cove/index.js";
import { shoalScenarios } from "./shoal/index.js";
import { reefScenarios } from "./reef/index.js";
import { atollScenarios } from "./atoll/index.js";
import { isthmusScenarios } from "./isthmus/index.js";
import { soundScenarios } from "./sound/index.js";
import { bayScenarios } from "./bay/index.js";
import { straitScenarios } from "./strait/index.js";
import { channelScenarios } from "./channel/index.js";
import { inletScenarios } from "./inlet/index.js";
import { creekScenarios } from "./creek/index.js";
import { brookScenarios } from "./brook/index.js";
import { duneScenarios } from "./dune/index.js";
import { cascadeFigures, cascadeReport, runCascade, type Cascade, type CascadeFigures } from "./cascade-figures.js";
import { protocolReport, protocolTargets, runFeedbackProtocol, type FeedbackSequence, type ProtocolFigures } from "./feedback-protocol.js";
import { DEFAULT_THRESHOLD, evaluateScenario, referencePredictions, runPipeline, type LabelledIncident, type ScenarioRun } from "./evaluate.js";
import { familyFigures, familyReport, fmt, row, type FamilyFigures } from "./report.js";
import { allScenarios } from "./scenarios.js";
import { devSequences } from "./sequences.js";
import { memoryReport, ProtocolServer, runSequence, type SequenceFigures } from "./memory-protocol.js";
import { primedReport, runPrimed } from "./primed-protocol.js";
import { devCascades } from "./scenarios-cascades.js";

/** At most this share of a real log's lines flagged, on logs without labelled alerts. */
const LOGHUB_MAX_SHARE = 0.03;
const DEFAULT_BLIND_SEEDS = [21, 22, 23];
/** The families written blind after the blind one, in the order they were written; each has --<name>-seeds (default 1,2,3). */
const LATER_FAMILIES: { name: string; build: (seed: number) => BlindScenario[] }[] = [
  { name: "holdout", build: holdoutScenarios },
  { name: "field", build: fieldScenarios },
  { name: "sealed", build: sealedScenarios },
  { name: "unseen", build: unseenScenarios },
  { name: "reserve", build: reserveScenarios },
  { name: "untried", build: untriedScenarios },
  { name: "novel", build: novelScenarios },
  { name: "foreign", build: foreignScenarios },
  { name: "uncharted", build: unchartedScenarios },
  { name: "distant", build: distantScenarios },
  { name: "remote", build: remoteScenarios },
  { name: "abroad", build: abroadScenarios },
  { name: "faraway", build: farawayScenarios },
  { name: "fleet", build: fleetScenarios },
  { name: "yonder", build: yonderScenarios },
  { name: "frontier", build: frontierScenarios },
  { name: "hinterland", build: hinterlandScenarios },
  { name: "offshore", build: offshoreScenarios },
  { name: "outback", build: outbackScenarios },
  { name: "tundra", build: tundraScenarios },
  { name: "steppe", build: steppeScenarios },
  { name: "taiga", build: taigaScenarios },
  { name: "savanna", build: savannaScenarios },
  { name: "delta", build: deltaScenarios },
  { name: "estuary", build: estuaryScenarios },
  { name: "lagoon", build: lagoonScenarios },
  { name: "moor", build: moorScenarios },
  { name: "heath", build: heathScenarios },
  { name: "fell", build: fellScenarios },
  { name: "marsh", build: marshScenarios },
  { name: "bog", build: bogScenarios },
  { name: "fen", build: fenScenarios },
  { name: "tarn", build: tarnScenarios },
  { name: "mere", build: mereScenarios },
  { name: "dune", build: duneScenarios },
  { name: "cove", build: coveScenarios },
  { name: "shoal", build: shoalScenarios },
  { name: "reef", build: reefScenarios },
  { name: "atoll", build: atollScenarios },
  { name: "isthmus", build: isthmusScenarios },
  { name: "sound", build: soundScenarios },
  { name: "bay", build: bayScenarios },
  { name: "strait", build: straitScenarios },
  { name: "channel", build: channelScenarios },
  { name: "inlet", build: inletScenarios },
  { name: "creek", build: creekScenarios },
  { name: "brook", build: brookScenarios },
];

const args = process.argv.slice(2);
const flagValue = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const family = flagValue("--family") ?? "all";
/**
 * Families whose entries include lines of text (not only JSON objects), stored as they are: run
 * like the later families, but not primed (the memory protocol stores JSON objects).
 */
const TEXT_FAMILIES: { name: string; build: (seed: number) => LabelledIncident[] }[] = [{ name: "wilds", build: wildsScenarios }];
const FAMILIES = ["dev", "blind", ...LATER_FAMILIES.map((f) => f.name), ...TEXT_FAMILIES.map((f) => f.name)];
if (family !== "all" && !FAMILIES.includes(family)) throw new Error(`--family: expected ${FAMILIES.join(", ")} or all, got ${family}`);
const wants = (f: string): boolean => family === "all" || family === f;
const devSeed = flagValue("--seed") === undefined ? undefined : Number(flagValue("--seed"));
const blindSeeds = flagValue("--blind-seeds")?.split(",").map(Number) ?? DEFAULT_BLIND_SEEDS;
const seedsOf = (name: string): number[] => flagValue(`--${name}-seeds`)?.split(",").map(Number) ?? [1, 2, 3];
const loghubDir = path.resolve(flagValue("--loghub") ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "../test/fixtures/loghub"));
const jsonOut = flagValue("--json");

interface LoghubFigures {
  file: string;
  lines: number;
  flagged: number;
  findings: number;
  byType: Record<string, number>;
  referenceFlagged: number;
}

async function runFamily(
  name: string,
  seeds: number[],
  scenarios: (seed: number) => { name: string; logs: readonly unknown[]; labels: readonly (string | null)[] }[],
) {
  const runs: ScenarioRun[] = [];
  for (const seed of seeds) for (const sc of scenarios(seed)) runs.push(await evaluateScenario(sc as Parameters<typeof evaluateScenario>[0]));
  return { figures: familyFigures(name, seeds, runs), runs };
}

async function loghub(out: string[]): Promise<LoghubFigures[]> {
  const figures: LoghubFigures[] = [];
  out.push("", `## Loghub samples (real logs, no labels; threshold ${DEFAULT_THRESHOLD}; at most ${100 * LOGHUB_MAX_SHARE}% of lines flagged)`, "");
  out.push(row(["file", "lines", "flagged", "share", "findings", "by type", "ref flagged"]));
  out.push(row(Array(7).fill("---")));
  const tops: string[] = [];
  for (const file of readdirSync(loghubDir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    const lines = readFileSync(path.join(loghubDir, file), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const res = await runPipeline(file, lines, DEFAULT_THRESHOLD);
    const ref = await referencePredictions(file, lines);
    const referenceFlagged = ref.atDefault.confidence.reduce((a, c) => a + (c > 0 ? 1 : 0), 0);
    const byType: Record<string, number> = {};
    for (const a of res.anomalies) byType[a.anomaly_type] = (byType[a.anomaly_type] ?? 0) + 1;
    figures.push({ file, lines: lines.length, flagged: res.anomalies_detected, findings: res.findings.length, byType, referenceFlagged });
    const types =
      Object.entries(byType)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "–";
    out.push(
      row([
        file,
        lines.length,
        res.anomalies_detected,
        `${((100 * res.anomalies_detected) / lines.length).toFixed(1)}%`,
        res.findings.length,
        types,
        referenceFlagged,
      ]),
    );
    tops.push("", `**${file}**: ${res.findings.length} findings${res.findings.length ? "; the strongest:" : ""}`, "");
    for (const f of res.findings.slice(0, 3))
      tops.push(
        `- ${f.anomaly_type} ${f.max_confidence.toFixed(2)}, ${f.count} line${f.count === 1 ? "" : "s"}: \`${f.template.slice(0, 90)}\` — ${f.reasons[0] ?? ""}`,
      );
  }
  out.push(...tops);
  return figures;
}

/** The feedback protocol's development sequences: each scenario generated from four seeds, as four incidents of one system; feedback on the first two. */
function feedbackDevSequences(seed: number): FeedbackSequence[] {
  const generations = [0, 1, 2, 3].map((k) => allScenarios(seed + 1000 * k));
  return generations[0]!.map((sc, i) => ({ name: sc.name, incidents: generations.map((g) => g[i]!), history: 2 }));
}

async function feedbackProtocol(): Promise<ProtocolFigures[]> {
  const out: ProtocolFigures[] = [];
  if (wants("dev")) out.push(await runFeedbackProtocol("development", feedbackDevSequences(devSeed ?? 20250919)));
  if (wants("blind")) {
    const sequences = blindSeeds.flatMap((seed) => blindSequences(seed).map((q) => ({ name: q.name, incidents: q.incidents, history: q.historyCount })));
    out.push(await runFeedbackProtocol("blind", sequences));
  }
  return out;
}

async function runCascades(family: string, seeds: number[], make: (seed: number) => Cascade[]): Promise<CascadeFigures> {
  const runs = [];
  // Names repeat across seeds: the seed tells them apart.
  for (const seed of seeds) for (const sc of make(seed)) runs.push(await runCascade(seeds.length > 1 ? { ...sc, name: `${seed}/${sc.name}` } : sc));
  return cascadeFigures(family, seeds, runs);
}

function targets(families: FamilyFigures[], hub: LoghubFigures[], cascades: CascadeFigures[]): string[] {
  const ok = (b: boolean): string => (b ? "ok" : "MISSED");
  const out = ["", "## Targets", ""];
  for (const f of families) {
    out.push(`- ${f.family}: mean F1 >= 0.75: ${fmt(f.meanF1)} ${ok(f.meanF1 >= 0.75)}`);
    const weak = f.scenarios.filter((s) => s.gain < 0.25);
    out.push(
      `- ${f.family}: F1 >= the reference method's + 0.25 in every scenario: ${weak.length === 0 ? "ok" : `MISSED in ${weak.map((s) => `${s.name} (${fmt(s.gain)})`).join(", ")}`}`,
    );
    const recall = Object.entries(f.pooledType).map(([t, s]) => `${t} ${fmt(s.recall)}${s.recall >= 0.8 ? "" : " MISSED"}`);
    out.push(`- ${f.family}: recall >= 0.8 per type (pooled): ${recall.join(", ")}`);
    out.push(`- ${f.family}: type right >= 0.95 of detected lines (pooled): ${fmt(f.pooledAll.typeAccuracy)} ${ok(f.pooledAll.typeAccuracy >= 0.95)}`);
    const c = f.pooledCurve;
    const rising = c.every((x, k) => k === 0 || x.precision >= c[k - 1]!.precision);
    out.push(`- ${f.family}: precision rises with the threshold (${c.map((x) => fmt(x.precision)).join(" -> ")}): ${ok(rising)}`);
  }
  for (const c of cascades) {
    out.push(
      `- ${c.family}: root service top-1 >= 0.85: ${fmt(c.top1)} ${ok(c.top1 >= 0.85)}; top-3 >= 0.95: ${fmt(c.top3)} ${ok(c.top3 >= 0.95)}; median onset error <= 30 s: ${c.medianOnsetErrorS.toFixed(0)} s ${ok(c.medianOnsetErrorS <= 30)} (p90 ${c.p90OnsetErrorS.toFixed(0)} s)`,
    );
  }
  if (hub.length) {
    const over = hub.filter((h) => h.flagged > LOGHUB_MAX_SHARE * h.lines);
    out.push(
      `- at most ${100 * LOGHUB_MAX_SHARE}% of lines flagged per Loghub sample: ${over.length === 0 ? "ok" : `MISSED in ${over.map((h) => `${h.file.replace(".jsonl", "")} ${((100 * h.flagged) / h.lines).toFixed(1)}%`).join(", ")}`}`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  const out: string[] = [];
  const families: FamilyFigures[] = [];
  const cascades: CascadeFigures[] = [];
  const withCascades = !args.includes("--no-cascades");
  const json: Record<string, unknown> = {};
  if (args.includes("--feedback-only")) {
    const protocol = await feedbackProtocol();
    out.push(...protocolReport(protocol), "", "## Targets", "", ...protocolTargets(protocol));
    process.stdout.write(`${out.join("\n")}\n`);
    if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ feedback: protocol }, null, 2)}\n`);
    return;
  }
  const memoryOnly = args.includes("--memory-only");
  if (wants("dev") && !memoryOnly) {
    const seed = devSeed ?? 20250919;
    const { figures, runs } = await runFamily("development", [seed], (s) => allScenarios(s));
    families.push(figures);
    out.push(...familyReport(figures, runs), "");
    json.development = { figures, scenarios: runs.map((r) => r.figures) };
    if (withCascades) {
      const c = await runCascades("development", [seed], (s) => devCascades(s));
      cascades.push(c);
      out.push(...cascadeReport(c), "");
      json.developmentCascades = c;
    }
  }
  if (wants("blind") && !memoryOnly) {
    const { figures, runs } = await runFamily("blind", blindSeeds, (s) => blindScenarios(s));
    families.push(figures);
    out.push(...familyReport(figures, runs), "");
    json.blind = { figures, scenarios: runs.map((r) => r.figures) };
    if (withCascades) {
      const c = await runCascades("blind", blindSeeds, (s) => blindCascades(s, 20));
      cascades.push(c);
      out.push(...cascadeReport(c), "");
      json.blindCascades = c;
    }
  }
  for (const later of [...LATER_FAMILIES, ...TEXT_FAMILIES]) {
    if (!wants(later.name) || memoryOnly) continue;
    const { figures, runs } = await runFamily(later.name, seedsOf(later.name), later.build);
    families.push(figures);
    out.push(...familyReport(figures, runs), "");
    json[later.name] = { figures, scenarios: runs.map((r) => r.figures) };
  }
  if (!args.includes("--no-memory") && (wants("dev") || wants("blind"))) {
    const figures: SequenceFigures[] = [];
    const server = await ProtocolServer.start();
    try {
      if (wants("dev")) for (const seq of devSequences(devSeed ?? 20250919)) figures.push(await runSequence(server, "development", devSeed ?? 20250919, seq));
      if (wants("blind")) for (const seed of blindSeeds) for (const seq of blindSequences(seed)) figures.push(await runSequence(server, "blind", seed, seq));
    } finally {
      await server.stop();
    }
    out.push(...memoryReport(figures), "");
    json.memory = figures;
  }
  if (args.includes("--primed")) {
    const figures: SequenceFigures[] = [];
    const server = await ProtocolServer.start();
    try {
      for (const later of LATER_FAMILIES) if (wants(later.name)) figures.push(...(await runPrimed(server, later.name, seedsOf(later.name), later.build)));
    } finally {
      await server.stop();
    }
    out.push(...primedReport(figures), "");
    json.primed = figures;
  }
  if (memoryOnly) {
    process.stdout.write(`${out.join("\n")}\n`);
    if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const hub = args.includes("--no-loghub") ? [] : await loghub(out);
  json.loghub = hub;
  const protocol = args.includes("--no-feedback") ? [] : await feedbackProtocol();
  if (protocol.length) out.push(...protocolReport(protocol));
  json.feedback = protocol;
  out.push(...targets(families, hub, cascades), ...protocolTargets(protocol));
  process.stdout.write(`${out.join("\n")}\n`);
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(json, null, 2)}\n`);
}

await main();
