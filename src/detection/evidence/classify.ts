/**
 * How evidence and the forest become one confidence and one anomaly type.
 *
 * Evidence (evidence.ts, patterns.ts) is per type, each in [0, 1]: performance, memory, error,
 * pattern (template novelty, bursts, message length). The forest adds a signal in
 * [0.5, 0.65] for the logs it flags (forestConfidence), never enough alone for the default
 * threshold 0.7: it cannot say why a log is isolated.
 *
 * Confidence: with e1 >= e2 the two strongest signals (evidence of any type, forest),
 *   confidence = 1 - (1 - e1) * (1 - 0.3 * e2),
 * so one strong signal is kept whole and agreement adds a little. Rounded to 3 decimals.
 *
 * Type: performance, memory or error when the strongest of those three reaches 0.5 (ties
 * performance > memory > error): a slow request, a full heap or a failure is what an on-call
 * engineer acts on, even when its message is also new. Otherwise pattern when the pattern
 * evidence is at least as strong, else the strongest type from 0.25, else pattern (only the
 * forest or the message shape speaks).
 */
import {
  earlyMemoryBaseline,
  medianMs,
  memoryBaseline,
  memoryEvidenceParts,
  levelTailIndex,
  OUTAGE_CRASH_LOOP,
  OUTAGE_DOMINANT,
  OUTAGE_REFUSALS,
  OUTAGE_ROUTE,
  OUTAGE_SERVICE,
  type Baseline,
  type Baselines,
  type Evidence,
} from "./evidence.js";
import type { GrowthSeries } from "./memory-growth.js";
import {
  concernWord,
  namelessActor,
  zeroLifetime,
  DELAY_LOCK_WAIT,
  DELAY_SLOW,
  DELAY_TIMEOUT,
  GC_OVERHEAD_SHARE,
  gcTimeShare,
  gcTimeText,
  MEMORY_PRESSURE_RE,
  mentionsTimeout,
  statedLimit,
} from "../features/message-metrics.js";
import { commonness, newInWindow, type TemplateStats } from "../templates/patterns.js";
import { oddPairOf, tokenAt } from "../templates/odd-values.js";
import type { LogTable } from "../../logs/log-table.js";
import { LEVEL_SEVERITY } from "../../logs/log-record.js";
import { skeletonText } from "../features/message-shapes.js";
import { clamp01 } from "../statistics.js";
import type { AnomalyType, FeatureMatrix } from "../types.js";
import { aboveBand, type HistoryEvidence } from "../history/history-evidence.js";
import { historyDays } from "../history/history.js";

export interface ForestSignal {
  scores: Float64Array;
  threshold: number;
  maxScore: number;
  /** 100 * (1 - contamination), for the reason sentence. */
  percentile: number;
}

/** Below this no evidence names the type. */
export const MIN_TYPED_EVIDENCE = 0.25;
/** Evidence below this is not worth a sentence. */
const MIN_REASON_EVIDENCE = 0.1;
/** Specific evidence from this names the type even when the pattern evidence is higher. */
export const SPECIFIC_TYPE_EVIDENCE = 0.5;
const FOREST_BASE = 0.5;
const FOREST_SPAN = 0.15;
/** sklearn score from which a point counts as fully isolated. */
const CLEARLY_ISOLATED = 0.8;
const AGREEMENT = 0.3;

/** 0 for a point the forest does not flag, else its confidence from isolation alone. */
export function forestConfidence(score: number, forest: ForestSignal): number {
  if (!(score > forest.threshold)) return 0;
  const span = forest.maxScore - forest.threshold;
  const depth = span > 0 ? clamp01((score - forest.threshold) / span) : 1;
  return FOREST_BASE + FOREST_SPAN * depth * clamp01((score - 0.5) / (CLEARLY_ISOLATED - 0.5));
}

/**
 * Whether the forest's agreement is left out for a line: its failure was damped because its
 * level is routine in its service. The forest sees the whole incident, not the service, so a
 * level routine there (an ERROR on 7 % of a database's lines) is still rare among all lines and
 * isolates the line: the same level seen without its service, not a second signal.
 */
export function forestRepeatsLevel(ev: Evidence, row: number): boolean {
  return ev.levelDamped[row] === 1 && commonness(ev.levelShare[row]!) > 0;
}

/** The two strongest signals, in either order. */
export function combineConfidence(a: number, b: number): number {
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  const c = 1 - (1 - hi) * (1 - AGREEMENT * lo);
  return Math.round(clamp01(c) * 1000) / 1000;
}

/**
 * `saysWhat`: the line carries an error keyword, or says it was slow or timed out. An unusual
 * line that says what went wrong is typed by what it says: a new "Validation failed for ..."
 * WARNING is an error, a new "feature view is stale: age 15m exceeds SLO" a performance
 * anomaly, not a pattern.
 */
export function dominantType(performance: number, memory: number, error: number, pattern: number, saysWhat = false): AnomalyType {
  const specific = Math.max(performance, memory, error);
  const named = (): AnomalyType => (performance === specific ? "performance" : memory === specific ? "memory" : "error");
  if (specific >= SPECIFIC_TYPE_EVIDENCE) return named();
  if (saysWhat && specific >= MIN_TYPED_EVIDENCE) return named();
  if (pattern >= MIN_TYPED_EVIDENCE && pattern >= specific) return "pattern";
  if (specific >= MIN_TYPED_EVIDENCE) return named();
  return "pattern";
}

/**
 * combineConfidence of the largest and second largest of a log's five signals (performance,
 * memory, error, pattern, forest). Unrolled: it runs for every log, and an array per log was a
 * sixth of conclude()'s time.
 */
export function strongestTwo(p: number, m: number, e: number, l: number, f: number): number {
  let a = 0;
  let b = 0;
  if (p > a) {
    b = a;
    a = p;
  } else if (p > b) b = p;
  if (m > a) {
    b = a;
    a = m;
  } else if (m > b) b = m;
  if (e > a) {
    b = a;
    a = e;
  } else if (e > b) b = e;
  if (l > a) {
    b = a;
    a = l;
  } else if (l > b) b = l;
  if (f > a) {
    b = a;
    a = f;
  } else if (f > b) b = f;
  return combineConfidence(a, b);
}

// ---------------------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------------------

const LEVEL_NAMES = ["UNKNOWN", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

/** Up to 2 decimals under 10, 1 under 100, integers above; no trailing zeros. */
export function formatNumber(v: number): string {
  // An integer prints as itself (toFixed and back would give the same string, slower).
  if (Number.isInteger(v)) return String(v);
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return String(Number(v.toFixed(digits)));
}

function ordinal(k: number): string {
  const tens = k % 100;
  if (tens >= 11 && tens <= 13) return `${k}th`;
  return `${k}${["th", "st", "nd", "rd"][k % 10] ?? "th"}`;
}

const scopeName = (service: string | undefined): string => (service === undefined ? "the incident" : service === "" ? "the logs without a service" : service);

function ratioText(value: number, median: number): string {
  const r = value / median;
  return r >= 10 ? `${Math.round(r)}x` : `${formatNumber(r)}x`;
}

export interface ReasonContext {
  /** The incident's logs: where a value came from (a field or the message) and its wording. */
  logs?: LogTable;
  features: FeatureMatrix;
  evidence: Evidence;
  baselines: Baselines;
  forest: ForestSignal | undefined;
  /** Template statistics, when templates were mined. */
  templates?: TemplateStats;
  /** What the services' histories said (history-evidence.ts). */
  history?: HistoryEvidence;
}

/** Template text for a sentence: quoted, at most 80 characters. */
export function quoteTemplate(text: string): string {
  return `"${text.length > 80 ? `${text.slice(0, 79)}…` : text}"`;
}

function templateId(row: number, ctx: ReasonContext): number | undefined {
  return ctx.templates?.table.templateOf[row];
}

/** The quoted skeleton of each skeleton class a reason named, per incident: every line of a class has the same. */
const operationTexts = new WeakMap<Baselines, Map<number, string>>();
function routeOperation(row: number, k: number, logs: LogTable, b: Baselines): string {
  let texts = operationTexts.get(b);
  if (texts === undefined) {
    texts = new Map();
    operationTexts.set(b, texts);
  }
  let text = texts.get(k);
  if (text === undefined) {
    text = quoteTemplate(skeletonText(logs.messages[row]!));
    texts.set(k, text);
  }
  return text;
}

function performanceReason(row: number, ctx: ReasonContext): string {
  const rt = ctx.features.responseTime[row]!;
  // The time in a lock wait's line is its producer's threshold, not a measure of the wait.
  if (ctx.evidence.timeout[row] === DELAY_LOCK_WAIT)
    return `${rt > 0 ? `still waiting for a lock after ${formatNumber(rt)} ms` : "still waiting for a lock"}: a wait its producer reports only past a threshold of its own`;
  const said = ctx.evidence.timeout[row] === DELAY_SLOW ? "reported as slow" : `reported as a timeout${timeoutInException(row, ctx)}`;
  if (!(rt > 0)) return `${said}, with no duration in the line`;
  const id = templateId(row, ctx);
  const skeleton = ctx.evidence.perfSkeleton[row]!;
  const base =
    (skeleton > 0 ? ctx.baselines.skeletonResponseTime[skeleton - 1] : undefined) ??
    (id === undefined ? undefined : ctx.baselines.templateResponseTime[id]) ??
    ctx.baselines.responseTime[ctx.baselines.groupOf[row]!];
  let s = `response time ${formatNumber(rt)} ms`;
  const limit = ctx.logs === undefined ? 0 : statedLimit(ctx.logs.messages[row]!);
  if (limit > 0 && rt > limit) return `${s} is ${ratioText(rt, limit)} the limit the line states (${formatNumber(limit)} ms)`;
  const peer = ctx.evidence.perfPeer[row]!;
  const h = ctx.history;
  const source = h?.perfSource[row] ?? 0;
  if (peer > 0) {
    const pb = ctx.evidence.peers!.baselines[peer - 1]!;
    const med = medianMs(pb);
    s +=
      pb.peers === 0
        ? ` on ${pb.instance} is ${ratioText(rt, med)} the median of this message on ${pb.instance} (${formatNumber(med)} ms), which adds a fixed delay to its calls`
        : ` on ${pb.instance} is ${ratioText(rt, med)} the median of this message on ${scopeName(pb.service)}'s ${pb.peers} other instances (${formatNumber(med)} ms)`;
  } else if (h && source > 0) {
    const g = ctx.baselines.groupOf[row]!;
    const svc = h.services[g]!;
    const hb = source === 2 ? h.templateRt[id!]! : h.serviceRt[g]!;
    const days = historyDays(svc, h.history.nowMs);
    const scope = source === 2 ? `the ${days}-day median of this message in ${scopeName(svc.service)}` : `${scopeName(svc.service)}'s ${days}-day median`;
    s += ` is ${ratioText(rt, hb.p50)} ${scope} (${formatNumber(hb.p50)} ms; 95th percentile ${formatNumber(hb.p95)} ms over ${svc.incidents} incidents)`;
  } else if (ctx.evidence.perfEarly[row] === 1 && id !== undefined && ctx.baselines.templateEarlyResponseTime[id] !== undefined) {
    const early = medianMs(ctx.baselines.templateEarlyResponseTime[id]!);
    const scope = base?.service === undefined ? "" : ` in ${scopeName(base.service)}`;
    s += ` is ${ratioText(rt, early)} the median of this message${scope} early in the window (${formatNumber(early)} ms; ${formatNumber(medianMs(base!))} ms since, as its times crept up)`;
  } else if (base) {
    const med = medianMs(base);
    // A route's baseline names its operation: the message's words on that route.
    const message =
      base.route !== undefined && ctx.logs !== undefined ? `${routeOperation(row, skeleton - 1, ctx.logs, ctx.baselines)} on ${base.route}` : "this message";
    const scope = base.template ? `${message} in ${scopeName(base.service)}` : scopeName(base.service);
    s += ` is ${ratioText(rt, med)} the median of ${scope} (${formatNumber(med)} ms)`;
  }
  if (ctx.evidence.timeout[row] === DELAY_TIMEOUT) s += `, reported as a timeout${timeoutInException(row, ctx)}`;
  return s;
}

/** Where the line's timeout was said in its exception and not its message: the words, quoted, as where they were read. */
function timeoutInException(row: number, ctx: ReasonContext): string {
  const words = ctx.logs?.timeoutWording(row);
  return words === undefined || mentionsTimeout(ctx.logs!.messages[row]!) ? "" : ` ("${words}" in the log's exception)`;
}

/** The out-of-memory wording of a message, quoted, or undefined. */
const OOM_WORDING =
  /out[\s_-]?of[\s_-]?memory(?:error)?|OOM[\s_-]?kill\w*|(?<![a-z])OOM(?![a-z])|MemoryError|cannot allocate memory|GC overhead limit exceeded|memory exhausted|heap exhausted/i;

/** Reasons quote only numbers the log holds: a field's value, a number in the message, or the wording. */
function memoryReason(row: number, ctx: ReasonContext): string {
  const pct = ctx.features.memoryUsage[row]!;
  const climbing = ctx.evidence.growth?.of[row] ?? 0;
  if (climbing > 0 && !(pct > 0)) return growthReason(row, ctx.evidence.growth!.series[climbing - 1]!, ctx);
  const id = templateId(row, ctx);
  const g = ctx.baselines.groupOf[row]!;
  const base = memoryBaseline(ctx.baselines, id, g);
  const early = earlyMemoryBaseline(ctx.baselines, id, g);
  const fromField = ctx.logs !== undefined && Number.isFinite(ctx.logs.memoryPct[row]!);
  const inException = ctx.logs?.memoryWording(row);
  if (inException !== undefined) return `${OOM_WORDING.test(inException) ? "out of memory" : "memory pressure"}: "${inException}" in the log's exception`;
  const wording = fromField || ctx.logs === undefined ? undefined : OOM_WORDING.exec(ctx.logs.messages[row]!)?.[0];
  if (wording !== undefined) return `out of memory: "${wording}" in the message`;
  const pressure = fromField || ctx.logs === undefined ? undefined : MEMORY_PRESSURE_RE.exec(ctx.logs.messages[row]!)?.[0];
  if (pressure !== undefined) return `memory pressure: "${pressure}" in the message`;
  const gcShare = fromField || ctx.logs === undefined ? 0 : gcTimeShare(ctx.logs.messages[row]!);
  if (gcShare >= GC_OVERHEAD_SHARE)
    return withMedian(`garbage collection took ${percent(gcShare)} of the time ("${gcTimeText(ctx.logs!.messages[row]!)}" in the message)`, pct, base);
  // A percentage the message states is quoted as such; one worked out of sizes ("1900MiB of
  // 2048MiB", a GC line's heap) says so.
  const stated = fromField || ctx.logs === undefined || /\d\s?%/.test(ctx.logs.messages[row]!);
  const source = fromField ? "(a field of the log)" : stated ? "(in the message)" : "(computed from the sizes in the message)";
  const s = `memory usage ${formatNumber(pct)}% ${source}`;
  if (ctx.history && ctx.history.memSource[row]! > 0) return `${s}${memoryHistoryText(row, pct, ctx.history, ctx)}`;
  // A leak's readings climb through the window, so its median has moved up with them: a reading
  // judged against where the series started says so, not only its median since.
  const parts = memoryEvidenceParts(pct, base, early);
  if (early && base && parts.creep > Math.max(parts.level, parts.jump)) {
    const of = early.template ? "this message" : scopeName(early.service);
    const scope = early.template ? ` in ${scopeName(early.service)}` : "";
    return `${s} is ${formatNumber(pct - early.stats.median)} points above the median of ${of}${scope} early in the window (${formatNumber(early.stats.median)}%; ${formatNumber(base.stats.median)}% since, as its readings climbed)`;
  }
  return withMedian(s, pct, base);
}

/** A size without its limit that climbs (memory-growth.ts): how far above its early level, and its peers. */
function growthReason(row: number, s: GrowthSeries, ctx: ReasonContext): string {
  const bytes = ctx.logs!.memoryBytes![row]!;
  const service = scopeName(ctx.baselines.services[s.group]);
  const on = s.instance === undefined ? ` in ${service}` : ` on ${s.instance}`;
  const peers = s.peers === 1 ? "other instance" : `${s.peers} other instances`;
  return `memory ${sizeText(bytes)}${on} (a field of the log) is ${ratioText(bytes, s.early)} its level early in the window (${sizeText(s.early)}) and climbed through it, while ${service}'s ${peers} stayed within ${formatNumber(s.peersGrowth)}x of theirs`;
}

function sizeText(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1024 ? `${formatNumber(mib / 1024)} GiB` : mib >= 1 ? `${formatNumber(mib)} MiB` : `${formatNumber(bytes / 1024)} KiB`;
}

/** A memory reason with its baseline's median, when the reading is 5 points or more from it. */
function withMedian(s: string, pct: number, base: Baseline | undefined): string {
  const of = base?.template ? "of this message " : "";
  return base && Math.abs(pct - base.stats.median) >= 5 ? `${s} (median ${formatNumber(base.stats.median)}% ${of}in ${scopeName(base.service)})` : s;
}

function percent(share: number): string {
  return `${formatNumber(100 * share)}%`;
}

/** Why a level or template was damped: it is routine for the service (numbers from the window). */
function routineNote(row: number, ctx: ReasonContext, levelRoutine: number): string {
  const service = scopeName(ctx.baselines.services[ctx.baselines.groupOf[row]!]);
  const id = templateId(row, ctx);
  const templateRoutine = ctx.evidence.routine[row]!;
  if (templateRoutine >= levelRoutine && templateRoutine > 0 && id !== undefined) {
    const t = ctx.templates!;
    const clock = t.clocked[id] === 1 && t.established[id] !== 1 ? " on a regular clock" : "";
    return `, a message${clock} that is ${percent(t.share[id]!)} of ${service}'s lines (${howRoutine(templateRoutine)} there)`;
  }
  const before = id === undefined ? 0 : (ctx.templates?.switchedAfter[id] ?? 0);
  if (before > 0) return `, a message ${service} switched to: the ${before} lines it wrote before, of messages it never wrote again, stopped at the switch`;
  return levelRoutine > 0 ? ` (${howRoutine(levelRoutine)} for ${service})` : "";
}

/** Why a failure was not damped as routine: its route or its service's timed calls fail a fifth of the time or more, or it is its service's only line and a quarter of the window. */
function outageNote(row: number, ctx: ReasonContext): string {
  const ev = ctx.evidence;
  const g = ctx.baselines.groupOf[row]!;
  const rate = (failed: number, calls: number): string => `${failed} of its ${calls}`;
  if (ev.outage[row] === OUTAGE_ROUTE && ev.routeFailures && ctx.logs) {
    const r = ctx.logs.routeOf![row]!;
    const { failed, calls } = ev.routeFailures;
    return `, on ${ctx.logs.routes[r]}, which failed ${rate(failed[r]!, calls[r]!)} calls in the window (${percent(failed[r]! / calls[r]!)}): down, not routine`;
  }
  if (ev.outage[row] === OUTAGE_SERVICE && ev.serviceFailures) {
    const { failed, calls } = ev.serviceFailures;
    const service = scopeName(ctx.baselines.services[g]);
    return `, and ${service} failed ${rate(failed[g]!, calls[g]!)} timed calls in the window (${percent(failed[g]! / calls[g]!)}): down, not routine`;
  }
  if (ev.outage[row] === OUTAGE_CRASH_LOOP && ev.crashLoops) {
    const unit = ev.crashLoops.units[ev.crashLoops.unitOf[row]! - 1]!;
    return `, and ${unit.name} is in a crash loop in the window ("${unit.sign}"): down, not routine`;
  }
  const id = templateId(row, ctx);
  if (ev.outage[row] === OUTAGE_DOMINANT && id !== undefined) {
    const t = ctx.templates!.table;
    const service = scopeName(ctx.baselines.services[g]);
    const window = percent(t.occurrences[id]! / t.templateOf.length);
    if (ctx.baselines.levelTail[levelTailIndex(g, LEVEL_SEVERITY.ERROR)] === 1)
      return `, a failure that is all ${service} writes and ${window} of the window's lines: the window's main event, not routine`;
    return `, a failure of something ${service} needs, ${window} of the window's lines, from a service whose lines are mostly failures: the window's main event, not routine`;
  }
  return "";
}

/** A line damped by less than half of what a fully routine one is still stands out: its reason says "partly". */
const howRoutine = (routine: number): string => (routine >= 0.5 ? "routine" : "partly routine");

function errorReason(row: number, ctx: ReasonContext): string {
  if (ctx.evidence.outage[row] === OUTAGE_REFUSALS) return refusalReason(row, ctx);
  const sev = Math.max(0, Math.min(5, ctx.features.levelSeverity[row]!));
  const k = ctx.features.errorKeywords[row]!;
  const words = k === 1 ? "1 error keyword" : `${k} error keywords`;
  const share = ctx.evidence.levelShare[row]!;
  const service = scopeName(ctx.baselines.services[ctx.baselines.groupOf[row]!]);
  const levelRoutine = ctx.evidence.levelDamped[row] === 1 ? commonness(share) : 0;
  const levelName = sev >= 3 ? `${LEVEL_NAMES[sev]}${sev < 5 ? " or worse" : ""}` : "any level";
  const scope = Number.isNaN(share) || sev < 3 ? "" : ` (${percent(share)} of ${service}'s lines are ${levelName})`;
  const note =
    ctx.evidence.lone[row] === 1
      ? `, written only on ${ctx.logs?.instance(row)}: ${ctx.evidence.lonePeers![ctx.baselines.groupOf[row]!]} hosts running the same other programs are silent in ${service}`
      : ctx.evidence.lone[row] === 2
        ? `, written only on ${ctx.logs?.instance(row)}: ${service}'s ${ctx.evidence.loneTemplatePeers![templateId(row, ctx)!]} other instances, with as many lines, never write it`
        : ctx.evidence.outage[row] !== 0
          ? outageNote(row, ctx)
          : routineNote(row, ctx, levelRoutine);
  if (sev < 3) return `${words} in a ${LEVEL_NAMES[sev]} line${scope}${note}`;
  return `${LEVEL_NAMES[sev]} level${k > 0 ? `, ${words}` : ""}${scope}${note}`;
}

/** "refused with 401: 48% of orders-api's requests from the start to 83% into the window, against 1.8% in the rest (27x)". */
function refusalReason(row: number, ctx: ReasonContext): string {
  const r = ctx.evidence.refusals!;
  const rise = r.rises[r.riseOf[row]!]!;
  const service = scopeName(ctx.baselines.services[rise.group]);
  const from = rise.from === 0 ? "from the start" : `from ${Math.round(100 * rise.from)}% into the window`;
  const to = rise.to === 1 ? "to the end" : `to ${Math.round(100 * rise.to)}%`;
  const rest = rise.outside > 0 ? `against ${percent(rise.outside)} in the rest (${ratioText(rise.inside, rise.outside)})` : "never in the rest";
  return `refused with ${rise.status}: ${percent(rise.inside)} of ${service}'s requests ${from} ${to}, ${rest}`;
}

/**
 * The row's template, quoted; for a line mined apart by its exception (templates.ts
 * mineTemplates), its exception too: the text alone names the everyday line.
 */
function quotedTemplateOf(row: number, ctx: ReasonContext): string {
  const table = ctx.templates!.table;
  const id = table.templateOf[row]!;
  const text = quoteTemplate(table.text(id));
  const apart = (table.plainTwin?.[id] ?? -1) >= 0 || table.exceptionType?.[id] !== undefined;
  const head = apart ? ctx.logs?.exception(row) : undefined;
  return head === undefined ? text : `${text} with an exception ("${head}")`;
}

function noveltyReason(row: number, ctx: ReasonContext): string {
  const t = ctx.templates!;
  const id = t.table.templateOf[row]!;
  const loops = ctx.evidence.crashLoops;
  if (loops !== undefined && loops.restartOf[row]! > 0) {
    const unit = loops.units[loops.restartOf[row]! - 1]!;
    return `message template ${quoteTemplate(t.table.text(id))} written ${t.table.occurrences[id]} times, once at each restart of ${unit.name}, which is in a crash loop in the window ("${unit.sign}", ${unit.failures} failures)`;
  }
  const history = t.history[id]!;
  const logs = t.serviceLogs[id]!;
  const n = t.table.occurrences[id]!;
  const service = scopeName(ctx.baselines.services[ctx.baselines.groupOf[row]!]);
  const times = n === 1 ? "once" : `${n} times`;
  if (t.lateArrival[id]! > t.arrival[id]!) {
    const before = t.table.firstRow[id]!;
    const all = t.table.templateOf.length;
    return `new message template ${quotedTemplateOf(row, ctx)} from ${service}, which had written ${history === 0 ? "nothing" : history === 1 ? "one line" : `${history} lines`} before: first seen after ${before} of ${all} logs of the incident (${Math.round((100 * before) / Math.max(1, all))}%), ${times} in the window`;
  }
  return `new message template ${quotedTemplateOf(row, ctx)}: first seen after ${history} of ${logs} logs of ${service} (${Math.round((100 * history) / Math.max(1, logs))}%), ${times} in the window`;
}

function burstReason(row: number, ctx: ReasonContext): string {
  const t = ctx.templates!;
  const id = t.table.templateOf[row]!;
  const b = t.bursts;
  const refused = ctx.evidence.refusals?.evidence[row] ?? 0;
  if (refused > 0 && refused === ctx.evidence.burst[row]! && ctx.evidence.outage[row] !== OUTAGE_REFUSALS) return refusalReason(row, ctx);
  if (b.byShift?.[row] === 1 && b.shifts) {
    const service = scopeName(ctx.baselines.services[ctx.baselines.groupOf[row]!]);
    const from = b.shifts.fromBin[id]!;
    const mark = Math.round((100 * from) / b.shifts.bins);
    const before = b.shifts.before[id]!;
    const after = b.shifts.after[id]!;
    return `lasting rise of message template ${quoteTemplate(t.table.text(id))}: ${percent(after)} of ${service}'s lines from ${mark}% into the window on, against ${percent(before)} before (${ratioText(after, before)})`;
  }
  const around = b.inTime ? `within ${durationText(b.span[row]!)} around it` : `in the ${Math.round(b.span[row]!)} logs around it`;
  const route = b.byRoute?.[row] === 1 ? ctx.logs?.route(row) : undefined;
  if (route !== undefined) return `burst of requests to ${route}: ${b.localCount[row]} times ${around}, usually at most ${formatNumber(b.usual[row]!)}`;
  if (b.bySkeleton?.[row] === 1 && ctx.logs) {
    // Its wording, numbers masked; where that reads as the template does, the template's other
    // wordings differ in a token that holds a number here.
    const wording = skeletonText(ctx.logs.messages[row]!);
    const template = t.table.text(id);
    const what =
      wording === template
        ? `message template ${quoteTemplate(template)} in this wording`
        : `${quoteTemplate(wording)} (a wording of message template ${quoteTemplate(template)})`;
    return `burst of ${what}: ${b.localCount[row]} times ${around}, usually at most ${formatNumber(b.usual[row]!)}`;
  }
  return `burst of message template ${quotedTemplateOf(row, ctx)}: ${b.localCount[row]} times ${around}, usually at most ${formatNumber(b.usual[row]!)}`;
}

/** "45 s", "6.5 min", "2.1 h". */
function durationText(ms: number): string {
  if (ms < 120_000) return `${formatNumber(ms / 1000)} s`;
  if (ms < 7_200_000) return `${formatNumber(ms / 60_000)} min`;
  return `${formatNumber(ms / 3_600_000)} h`;
}

function lengthReason(row: number, ctx: ReasonContext): string {
  const len = ctx.features.messageLength[row]!;
  const base = ctx.baselines.messageLength[ctx.baselines.groupOf[row]!];
  const med = base?.stats.median ?? 0;
  const ratio = med > 0 ? ` (${ratioText(len, med)})` : "";
  return `message length ${len} characters vs median ${formatNumber(med)} in ${scopeName(base?.service)}${ratio}${rareNote(row, ctx)}`;
}

/**
 * ", a rare message: 12 of 700 logs of S" for a rare template; ", a message new in the window:
 * first seen after 1152 of 3498 logs of S" for one that arrived in it; else "". What lets a
 * line's length speak beyond what a routinely long line's may (lengthEvidence).
 */
function rareNote(row: number, ctx: ReasonContext): string {
  const t = ctx.templates;
  const id = templateId(row, ctx);
  if (!t || id === undefined) return "";
  const service = scopeName(ctx.baselines.services[ctx.baselines.groupOf[row]!]);
  const rarity = t.rarity[id]!;
  const arrival = newInWindow(t, id);
  if (rarity > 0 && rarity >= arrival) return `, a rare message: ${t.table.occurrences[id]} of ${t.serviceLogs[id]} logs of ${service}`;
  if (arrival >= 0.5) return `, a message new in the window: first seen after ${t.history[id]} of ${t.serviceLogs[id]} logs of ${service}`;
  return "";
}

function concernReason(row: number, ctx: ReasonContext): string {
  const t = ctx.templates!;
  const id = t.table.templateOf[row]!;
  const service = scopeName(ctx.baselines.services[ctx.baselines.groupOf[row]!]);
  if (ctx.evidence.oddValue[row]! > ctx.evidence.concern[row]!) return oddValueReason(row, id, service, ctx);
  const ranOut = ctx.evidence.ranOut?.[row] === 1 && ctx.logs !== undefined ? zeroLifetime(ctx.logs.messages[row]!) : undefined;
  if (ranOut !== undefined)
    return `a lifetime run out ("${ranOut}") in message template ${quoteTemplate(t.table.text(id))}: ${t.table.occurrences[id]} of ${t.serviceLogs[id]} logs of ${service}`;
  const actor = ctx.evidence.nameless?.[row] === 1 && ctx.logs !== undefined ? namelessActor(ctx.logs.messages[row]!) : undefined;
  if (actor !== undefined)
    return `a change by an actor it cannot name ("${actor}") in message template ${quoteTemplate(t.table.text(id))}: ${t.table.occurrences[id]} of ${t.serviceLogs[id]} logs of ${service}, neither on a clock nor all through the window`;
  const word = concernWord(t.table.text(id)) ?? "";
  return `rare message template ${quoteTemplate(t.table.text(id))} with a word of concern ("${word}"): ${t.table.occurrences[id]} of ${t.serviceLogs[id]} logs of ${service} (${percent(t.share[id]!)} of its usual lines)`;
}

/**
 * 'a value its message rarely carries: "ttl=0s" in 2 of 1184 lines of "issued service token <*>
 * <*>" in token-svc (0.17%)', or 'a length its message rarely has: 1480 characters, 18x the usual
 * 80 of "psp response <*> <*>" in checkout (9 of its 500 lines so long)'.
 */
function oddValueReason(row: number, id: number, service: string, ctx: ReasonContext): string {
  const odd = ctx.evidence.oddValues!;
  const pair = oddPairOf(odd, row, id);
  const alike = odd.alike[pair]!;
  const lines = odd.lines[pair]!;
  if (odd.position[pair] === -1) {
    const len = ctx.features.messageLength[row]!;
    const usual = odd.usualLength[pair]!;
    return `a length its message rarely has: ${len} characters, ${ratioText(len, usual)} the usual ${formatNumber(usual)} of ${quoteTemplate(ctx.templates!.table.text(id))} in ${service} (${alike} of its ${lines} lines so long)`;
  }
  const value = ctx.logs ? tokenAt(ctx.logs.messages[row]!, odd.position[pair]!) : "";
  return `a value its message rarely carries: "${value.length > 60 ? `${value.slice(0, 59)}…` : value}" in ${alike} of ${lines} lines of ${quoteTemplate(ctx.templates!.table.text(id))} in ${service} (${percent(alike / lines)})`;
}

/** The kinds of reason a line can carry, in the order that breaks ties of equal evidence. */
const REASON_PERFORMANCE = 0;
const REASON_MEMORY = 1;
const REASON_ERROR = 2;
const REASON_NOVELTY = 3;
const REASON_BURST = 4;
const REASON_CONCERN = 5;
const REASON_LENGTH = 6;
const REASON_NEVER_SEEN = 7;
const REASON_KINDS = 8;
/** Reused by reasonsFor (synchronous): the kinds that count for one line and their evidence. */
const reasonKinds = new Int32Array(REASON_KINDS);
const reasonValues = new Float64Array(REASON_KINDS);

function reasonText(kind: number, row: number, ctx: ReasonContext): string {
  switch (kind) {
    case REASON_PERFORMANCE:
      return performanceReason(row, ctx);
    case REASON_MEMORY:
      return memoryReason(row, ctx);
    case REASON_ERROR:
      return errorReason(row, ctx);
    case REASON_NOVELTY:
      return noveltyReason(row, ctx);
    case REASON_BURST:
      return burstReason(row, ctx);
    case REASON_CONCERN:
      return concernReason(row, ctx);
    case REASON_LENGTH:
      return lengthReason(row, ctx);
    default:
      return neverSeenReason(row, ctx.history!, ctx);
  }
}

/**
 * Sentences for the evidence that speaks, strongest first (equal evidence in REASON_* order),
 * then the forest's. Written for every listed line of a large incident, so nothing is allocated
 * per kind of reason.
 */
export function reasonsFor(row: number, ctx: ReasonContext): string[] {
  const { evidence: e } = ctx;
  const h = ctx.history;
  let count = 0;
  for (let kind = 0; kind < REASON_KINDS; kind++) {
    let v: number;
    if (kind === REASON_PERFORMANCE) v = e.performance[row]!;
    else if (kind === REASON_MEMORY) v = e.memory[row]!;
    else if (kind === REASON_ERROR) v = e.error[row]!;
    else if (kind === REASON_LENGTH) v = e.length[row]!;
    else if (kind === REASON_NEVER_SEEN) v = h ? h.newTemplate[row]! : 0;
    else if (!ctx.templates) continue;
    else v = kind === REASON_NOVELTY ? e.novelty[row]! : kind === REASON_BURST ? e.burst[row]! : Math.max(e.concern[row]!, e.oddValue[row]!);
    if (!(v >= MIN_REASON_EVIDENCE)) continue;
    // Insertion by evidence, after any equal one: the order of a stable sort, descending.
    let at = count++;
    while (at > 0 && reasonValues[at - 1]! < v) {
      reasonValues[at] = reasonValues[at - 1]!;
      reasonKinds[at] = reasonKinds[at - 1]!;
      at--;
    }
    reasonValues[at] = v;
    reasonKinds[at] = kind;
  }
  // The order leaves the shared arrays before any text is written, so no reason can disturb it.
  let order = 0;
  for (let k = 0; k < count; k++) order |= reasonKinds[k]! << (3 * k);
  const out: string[] = [];
  for (let k = 0; k < count; k++) out.push(reasonText((order >> (3 * k)) & 7, row, ctx));
  if (h && out.length > 0) {
    const note = routineHistoryNote(row, h, ctx);
    if (note) out.push(note);
  }
  const f = ctx.forest;
  if (f && f.scores[row]! > f.threshold && !forestRepeatsLevel(ctx.evidence, row)) {
    out.push(`isolation score ${f.scores[row]!.toFixed(3)} above the baseline's ${ordinal(f.percentile)} percentile (${f.threshold.toFixed(3)})`);
  }
  return out;
}

/** "template never seen in checkout over the last 14 incidents (30 days)". */
function neverSeenReason(row: number, h: HistoryEvidence, ctx: ReasonContext): string {
  const svc = h.services[ctx.baselines.groupOf[row]!]!;
  const id = templateId(row, ctx);
  const text = id === undefined || !ctx.templates ? "" : ` ${quoteTemplate(ctx.templates.table.text(id))}`;
  return `template${text} never seen in ${scopeName(svc.service)} over the last ${svc.incidents} incidents (${historyDays(svc, h.history.nowMs)} days)`;
}

/**
 * " is above inventory's 30-day 95th percentile (61%; median 48% over 14 incidents)", or for a
 * reading within that band ", within inventory's usual 30-day band (...; weighed less)".
 */
function memoryHistoryText(row: number, pct: number, h: HistoryEvidence, ctx: ReasonContext): string {
  const g = ctx.baselines.groupOf[row]!;
  const svc = h.services[g]!;
  const template = h.memSource[row] === 2;
  const band = template ? h.templateMem[templateId(row, ctx)!]! : h.serviceMem[g]!;
  const days = historyDays(svc, h.history.nowMs);
  const figures = `${band.p95}%; median ${band.p50}% over ${svc.incidents} incidents`;
  const service = scopeName(svc.service);
  if (aboveBand(pct, band)) {
    const of = template ? `the ${days}-day 95th percentile of this message in ${service}` : `${service}'s ${days}-day 95th percentile`;
    return ` is above ${of} (${figures})`;
  }
  const of = template ? `the usual ${days}-day band of this message in ${service}` : `${service}'s usual ${days}-day band`;
  return `, within ${of} (95th percentile ${figures}${h.memRoutine[row] ? "; weighed less" : ""})`;
}

/** "seen in 12 of the last 14 incidents of checkout (routine there)" for a template the history calls routine. */
function routineHistoryNote(row: number, h: HistoryEvidence, ctx: ReasonContext): string | undefined {
  const id = templateId(row, ctx);
  const v = id === undefined ? undefined : h.verdicts[id];
  if (!v?.routine || !v.match) return undefined;
  const svc = h.services[ctx.baselines.groupOf[row]!]!;
  const how = v.match.expected && v.match.incidents < h.history.routineIncidents ? "declared normal" : "routine there";
  return `seen in ${v.match.incidents} of the last ${svc.incidents} incidents of ${scopeName(svc.service)} (${how}; weighed less)`;
}
