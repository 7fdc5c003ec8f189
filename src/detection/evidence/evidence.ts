/**
 * Per-log evidence in [0, 1] for each anomaly type, judged against baselines fitted on the
 * reference part of the window (reference.ts), so an outage filling half the window is not
 * learnt as normal.
 *
 * - Response time: on a log scale (latencies are skewed and services differ 100x), against the
 *   log's own template within its service when that template has TEMPLATE_BASELINE reference
 *   samples (an export endpoint and a health check of one service differ), else its service,
 *   else the incident.
 * - Memory: against its service's usual level, plus an absolute scale from 80%.
 * - Error: the level, damped when lines at least this bad are common in the service (its level
 *   mix) or the template is routine there (patterns.ts commonness): evidence is relative to
 *   what is routine for the service.
 * - Pattern: template novelty and bursts (patterns.ts), message length within the service, and
 *   words of concern in a rare template.
 */
import {
  concernWord,
  crashLoopSign,
  customerRefusal,
  DELAY_NONE,
  DELAY_TIMEOUT,
  delayIsFailure,
  defectName,
  delayWords,
  GC_OVERHEAD_SHARE,
  gcTimeShare,
  mentionsOutOfMemory,
  namesFailure,
  failsOnOwnSide,
  livedWith,
  restartSign,
  SHORT_SENTENCE_CHARS,
  statedLimit,
  statedLimitFromPlan,
  statesOnlyAValue,
} from "../features/message-metrics.js";
import { skeletonIds, type MessageShapes } from "../features/message-shapes.js";
import { PairIds } from "../pair-ids.js";
import { commonness, MIN_RARITY_LOGS, newInWindow, type PatternEvidence } from "../templates/patterns.js";
import { oddEvidenceOf, oddValues, type OddValues } from "../templates/odd-values.js";
import type { Reference } from "../reference.js";
import type { TemplateTable } from "../templates/templates.js";
import { clamp01, groupedRobustStats, neverFalls, partMedians, robustStats, robustZ, StatsSpace, type GroupedStats, type RobustStats } from "../statistics.js";
import { asTable, type Logs } from "../../logs/from-records.js";
import { memoryGrowth, type MemoryGrowth } from "./memory-growth.js";
import { namelessChangeRows, zeroLifetimeRows } from "./concern-lines.js";
import { instanceIds, loneOnHost, loneOnInstance, peerBaselines, type PeerBaselines } from "./peers.js";
import type { LogTable } from "../../logs/log-table.js";
import { LEVEL_SEVERITY } from "../../logs/log-record.js";
import type { FeatureMatrix } from "../types.js";
import { judgesCaller, refusalRises, type RefusalRises } from "./refusals.js";
import { crashLoops, type CrashLoops } from "./crash-loops.js";

/** Fewer samples than this in a service: judge against the incident instead. */
export const MIN_SERVICE_BASELINE = 5;
/** Fewer samples than this in the incident: no baseline, only absolute rules speak. */
export const MIN_INCIDENT_BASELINE = 3;
/** Reference samples a template needs to be its own latency baseline. */
export const TEMPLATE_BASELINE = 20;
/** Smallest log-scale spread: a 10% wobble is never "many sigmas". */
const MIN_LOG_SCALE = 0.1;

export interface Baseline {
  /** Robust stats of the baseline's samples (of ln(ms) for response times). */
  stats: RobustStats;
  /** Service name, or undefined when the incident-wide baseline was used. */
  service: string | undefined;
  /** True when the baseline is the log's own message template within its service. */
  template?: boolean;
  /** The route (route.ts) of a skeleton baseline kept per route: the operation's own times. */
  route?: string;
}

/** Baseline per service id (resolved once, not per log). */
export type ServiceBaselines = readonly (Baseline | undefined)[];

export interface Baselines {
  groupOf: Int32Array;
  services: string[];
  /** Log-scale response time baseline per service. */
  responseTime: ServiceBaselines;
  /** Log-scale response time baseline per template id (only templates with enough samples). */
  templateResponseTime: readonly (Baseline | undefined)[];
  /**
   * Memory baseline per template id, for templates with TEMPLATE_BASELINE reference samples: a
   * GC line's heap after collection and a stats line's heap in use are two measures of one
   * service.
   */
  templateMemory: readonly (Baseline | undefined)[];
  memory: ServiceBaselines;
  /**
   * Memory readings of the window's first fifth (EARLY_MEMORY_SHARE), per service and per
   * template, with their 90th percentile: where a series started and how far up it went then.
   */
  earlyMemory: ServiceBaselines;
  templateEarlyMemory: readonly (Baseline | undefined)[];
  /**
   * Usual (not failed) response times of the window's first fifth per template, with their 90th
   * percentile: how far up the message's times already reached before anything could have
   * crept (performanceEvidence).
   */
  templateEarlyResponseTime: readonly (Baseline | undefined)[];
  /**
   * Log-scale response time baseline per message skeleton (its words, every token holding a digit
   * masked: skeletonKey), for skeletons of one service with TEMPLATE_BASELINE reference samples,
   * and its first fifth: one endpoint among the others a template merges ("[200] GET
   * /api/v2/stock/<n> (StockController#show)" beside "[200] GET /orders/<n> (OrdersController#show)").
   * A line whose route is a field of the log (`{"msg":"search ok","path":"/search/logs"}`) is
   * of the skeleton on that route: the endpoint its message does not name.
   */
  skeletonOf: Int32Array;
  skeletonResponseTime: readonly (Baseline | undefined)[];
  skeletonEarlyResponseTime: readonly (Baseline | undefined)[];
  messageLength: ServiceBaselines;
  /** Raw share of logs at or above each severity (index = severity 0..5). */
  severityShare: Float64Array;
  /**
   * Per service, the share of its lines in the window at or above each severity (index
   * g * 6 + severity); NaN for a service with fewer than MIN_RARITY_LOGS lines (too few to say
   * what is routine for it).
   */
  levelTail: Float64Array;
  /** Logs the baselines were fitted on. */
  referenceSize: number;
}

export interface Evidence {
  performance: Float64Array;
  memory: Float64Array;
  error: Float64Array;
  /** max(novelty, burst, length). */
  pattern: Float64Array;
  novelty: Float64Array;
  burst: Float64Array;
  length: Float64Array;
  /** How the message reports a delay, per log (message-metrics.ts delayWords: none, a timeout, slow in words). */
  timeout: Uint8Array;
  /** Skeleton id + 1 when the line's time was judged against its own message skeleton (fasterSkeleton), else 0. */
  perfSkeleton: Int32Array;
  /** Index + 1 into `peers.baselines` when the line's time was judged against its instance's peers (peers.ts), else 0. */
  perfPeer: Int32Array;
  /** 1 when the line's performance evidence is against its message's early times (creepingTimes). */
  perfEarly: Uint8Array;
  /** The other instances' times of the messages some instances are slow at, when any are. */
  peers: PeerBaselines | undefined;
  /** Per service group: the silent peers of the one host a program is written on, 0 when not such a program (peers.ts loneOnHost). */
  lonePeers: Int32Array | undefined;
  /** Per template: the silent peers of the one instance of its service that writes it, 0 when not such a message (peers.ts loneOnInstance). */
  loneTemplatePeers: Int32Array | undefined;
  /** 1 where a failure's routineness was set aside because only its host writes its program, 2 because only its instance writes its message. */
  lone: Uint8Array;
  /** Where a failure's routineness was set aside because its unit of work is down: OUTAGE_ROUTE, OUTAGE_SERVICE, OUTAGE_DOMINANT, OUTAGE_CRASH_LOOP; OUTAGE_REFUSALS where a refused request's error is its refusal's rise; else 0. */
  outage: Uint8Array;
  /** Calls and failures per route (failingRoutes) and per service group (failingServices), when some fail. */
  routeFailures: UnitFailures | undefined;
  serviceFailures: UnitFailures | undefined;
  /** Refusals whose share of their service's requests rose (refusals.ts), when some did. */
  refusals: RefusalRises | undefined;
  /** The units in a crash loop and their failing lines (crash-loops.ts), when a line says a process is crash-looping. */
  crashLoops: CrashLoops | undefined;
  /** Memory sizes climbing through the window (memory-growth.ts), when some are. */
  growth: MemoryGrowth | undefined;
  /** Words of concern in a rare template (pattern). */
  concern: Float64Array;
  /** A value or a length its template's lines rarely have, in an INFO or DEBUG line (pattern; odd-values.ts). */
  oddValue: Float64Array;
  /** The odd values and lengths found per template and message shape (odd-values.ts), for the reasons; undefined when none was judged. */
  oddValues: OddValues | undefined;
  /** 1 for a line reporting a change by an actor it cannot name, not its template's clockwork (concern-lines.ts); undefined when none. */
  nameless: Uint8Array | undefined;
  /** 1 for a line saying a lifetime has run out ("expires in 0 days"), not its template's clockwork (concern-lines.ts); undefined when none. */
  ranOut: Uint8Array | undefined;
  /** How routine the log's template is in its service, in [0, 1] (patterns.ts). */
  routine: Float64Array;
  /** Share of the service's lines at or above this line's level (levelTail), NaN when unknown. */
  levelShare: Float64Array;
  /** 1 where that share's commonness damped the line's failure (an established template, or a line that only states a value). */
  levelDamped: Uint8Array;
}

export const levelTailIndex = (g: number, severity: number): number => g * 6 + severity;

/**
 * levelTail of every service over the whole window: a level is routine for a service when it
 * writes it all day, which the reference part (its quiet bins) cannot show. Only established
 * templates are damped by it (patterns.ts), so an outage's new lines are not.
 */
function levelTails(m: FeatureMatrix, groupOf: Int32Array, groups: number): Float64Array {
  const counts = new Float64Array(groups * 6);
  const total = new Float64Array(groups);
  for (let i = 0; i < m.n; i++) {
    const g = groupOf[i]!;
    counts[levelTailIndex(g, Math.max(0, Math.min(5, m.levelSeverity[i]!)))]!++;
    total[g]!++;
  }
  const tail = new Float64Array(groups * 6).fill(Number.NaN);
  for (let g = 0; g < groups; g++) {
    if (total[g]! < MIN_RARITY_LOGS) continue;
    let atLeast = 0;
    for (let sev = 5; sev >= 0; sev--) {
      atLeast += counts[levelTailIndex(g, sev)]!;
      tail[levelTailIndex(g, sev)] = atLeast / total[g]!;
    }
  }
  return tail;
}

/**
 * Robust z to evidence: 0 up to z = 2, then 1 - exp(-(z-2)^2 / 2.88), smooth at 2.
 * z 3 -> 0.29, 3.5 -> 0.54, 4 -> 0.75, 5 -> 0.96.
 */
export function zEvidence(z: number): number {
  if (!(z > 2)) return 0;
  const e = z - 2;
  return 1 - Math.exp(-(e * e) / 2.88);
}

/** The normal distribution's 90th percentile in sigmas: (p90 - median) / this is a spread. */
const P90_SIGMAS = 1.2816;

/** How far up a series' readings reach, as a spread: (p90 - median) / P90_SIGMAS (0 without a p90). */
const upperSpread = (early: Baseline | undefined): number => (early?.stats.p90 === undefined ? 0 : (early.stats.p90 - early.stats.median) / P90_SIGMAS);

/** 0 at `from`x the median, 1 at `full`x. */
export function ratioFactor(ratio: number, from: number, full: number): number {
  return clamp01((ratio - from) / (full - from));
}

/** Stats of ln(ms) for tests and callers holding plain latencies. */
export function latencyBaseline(ms: readonly number[], service?: string): Baseline {
  return { stats: robustStats(ms.filter((v) => v > 0).map(Math.log)), service };
}

/**
 * Per service: its reference samples when it has MIN_SERVICE_BASELINE of them, else all its
 * samples (a service that only logs during the incident), else the incident's reference.
 * `all` is computed only when some service needs it.
 */
function resolveAll(ref: GroupedStats, all: () => GroupedStats, services: readonly string[]): (Baseline | undefined)[] {
  let everything: GroupedStats | undefined;
  return services.map((service, g) => {
    const own = ref.groups[g];
    if (own && own.count >= MIN_SERVICE_BASELINE) return { stats: own, service };
    everything ??= all();
    const ownAll = everything.groups[g];
    if (ownAll && ownAll.count >= MIN_SERVICE_BASELINE) return { stats: ownAll, service };
    if (ref.overall.count >= MIN_INCIDENT_BASELINE) return { stats: ref.overall, service: undefined };
    return undefined;
  });
}

/** Service of each log as a group number (by first appearance): the table's own service ids. */
export function serviceGroups(logs: Logs): { groupOf: Int32Array; services: string[] } {
  const t = asTable(logs);
  return { groupOf: t.serviceOf, services: t.services.slice() };
}

export interface BaselineInputs {
  groupOf?: Int32Array;
  services?: string[];
  /** Logs to fit on (1 = use); all logs when absent. */
  reference?: Reference;
  /** Templates of the logs, for per-template latency baselines. */
  templates?: TemplateTable;
  /** 1 for periodic templates (patterns.ts): a scheduled job is judged against its own runs. */
  periodic?: Uint8Array;
  /**
   * 1 for established templates (patterns.ts): one that recurs over the window but has too few
   * lines in the reference part for a baseline there is judged against those few (from
   * PERIODIC_BASELINE), else against all its lines that did not fail.
   */
  established?: Uint8Array;
  /** Message shapes: a line that reports a timeout is not a sample of the usual time. */
  shapes?: MessageShapes;
}

/**
 * Each row's skeleton (MessageShapes.skeleton) as a dense id, computed per shape; a row naming its
 * route (LogTable.routeOf) is of its skeleton on that route, a class numbered after the plain
 * skeletons. `route` gives each class's route id, -1 for a plain skeleton. Without routes the
 * classes are the plain skeletons, numbered as they always were.
 */
function skeletonClasses(shapes: MessageShapes, routeOf: Int32Array | undefined, routes: number): { of: Int32Array; count: number; route: Int32Array } {
  const { ofShape, count: plain } = skeletonIds(shapes);
  const of = new Int32Array(shapes.shapeOf.length);
  for (let i = 0; i < of.length; i++) of[i] = ofShape[shapes.shapeOf[i]!]!;
  if (!routeOf) return { of, count: plain, route: new Int32Array(plain).fill(-1) };
  const classOf = new PairIds(plain, routes);
  const routeOfClass: number[] = [];
  for (let i = 0; i < of.length; i++) {
    const r = routeOf[i]!;
    if (r < 0) continue;
    let id = classOf.get(of[i]!, r);
    if (id < 0) {
      id = plain + routeOfClass.length;
      routeOfClass.push(r);
      classOf.set(of[i]!, r, id);
    }
    of[i] = id;
  }
  const route = new Int32Array(plain + routeOfClass.length).fill(-1);
  route.set(routeOfClass, plain);
  return { of, count: route.length, route };
}

/** The service of each group's timed lines, -1 when it has none or lines of several services. */
function oneService(of: Int32Array, count: number, groupOf: Int32Array, hasTime: Uint8Array): Int32Array {
  const out = new Int32Array(count).fill(-1);
  const mixed = new Uint8Array(count);
  for (let i = 0; i < hasTime.length; i++) {
    if (hasTime[i] === 0) continue;
    const id = of[i]!;
    const g = groupOf[i]!;
    if (out[id] === -1) out[id] = g;
    else if (out[id] !== g) mixed[id] = 1;
  }
  for (let id = 0; id < count; id++) if (mixed[id] === 1) out[id] = -1;
  return out;
}

/** What buildBaselines reads of each row, in one pass (a function of its own: see statistics.ts). */
interface BaselineRows {
  logTime: Float64Array;
  hasTime: Uint8Array;
  hasTimeRef: Uint8Array;
  /** A time that is a sample of the usual (not of a failed or timed-out request). */
  usualTime: Uint8Array;
  hasMemory: Uint8Array;
  hasMemoryRef: Uint8Array;
  /** Lines at each severity or above (filled per severity; summed by the caller). */
  atLeast: Float64Array;
  // The readings of the window's first fifth, compacted: where each series started (memoryEvidence).
  earlyValues: Float64Array;
  earlyGroup: Int32Array;
  earlyTemplate: Int32Array;
  early: number;
  earlyTimes: Float64Array;
  earlyTimeTemplate: Int32Array;
  earlyTimeSkeleton: Int32Array;
  earlyTime: number;
}

function baselineRows(
  m: FeatureMatrix,
  groupOf: Int32Array,
  ref: Uint8Array | undefined,
  shapes: MessageShapes | undefined,
  skeletonOf: Int32Array | undefined,
  templateOf: Int32Array | undefined,
): BaselineRows {
  const n = m.n;
  const logTime = new Float64Array(n);
  const hasTime = new Uint8Array(n);
  const hasTimeRef = new Uint8Array(n);
  /** A time that is a sample of the usual (not of a failed or timed-out request). */
  const usualTime = new Uint8Array(n);
  const hasMemory = new Uint8Array(n);
  const hasMemoryRef = new Uint8Array(n);
  // The readings of the window's first fifth, compacted: where each series started (memoryEvidence).
  const earlyRows = Math.floor(EARLY_MEMORY_SHARE * n);
  const earlyValues = new Float64Array(earlyRows);
  const earlyGroup = new Int32Array(earlyRows);
  const earlyTemplate = new Int32Array(earlyRows);
  let early = 0;
  const earlyTimes = new Float64Array(earlyRows);
  const earlyTimeTemplate = new Int32Array(earlyRows);
  let earlyTime = 0;
  const earlyTimeSkeleton = new Int32Array(earlyRows);
  const atLeast = new Float64Array(7);
  for (let i = 0; i < n; i++) {
    const rt = m.responseTime[i]!;
    if (rt > 0) {
      logTime[i] = Math.log(rt);
      hasTime[i] = 1;
      // A failed or timed-out request's time is not a sample of the usual time: where an outage
      // fills most of the window, the reference holds it too, and its 30 s timeouts would become
      // the median.
      const failed = m.levelSeverity[i]! >= 4 || (shapes !== undefined && delayIsFailure(shapes.timeout[shapes.shapeOf[i]!]!));
      hasTimeRef[i] = (!ref || ref[i]) && !failed ? 1 : 0;
      usualTime[i] = failed ? 0 : 1;
      if (i < earlyRows && !failed) {
        earlyTimes[earlyTime] = logTime[i]!;
        earlyTimeSkeleton[earlyTime] = skeletonOf ? skeletonOf[i]! : 0;
        earlyTimeTemplate[earlyTime++] = templateOf ? templateOf[i]! : 0;
      }
    }
    if (m.memoryUsage[i]! > 0) {
      hasMemory[i] = 1;
      hasMemoryRef[i] = !ref || ref[i] ? 1 : 0;
      if (i < earlyRows) {
        earlyValues[early] = m.memoryUsage[i]!;
        earlyGroup[early] = groupOf[i]!;
        earlyTemplate[early++] = templateOf ? templateOf[i]! : 0;
      }
    }
    const sev = Math.max(0, Math.min(5, m.levelSeverity[i]!));
    atLeast[sev] = atLeast[sev]! + 1;
  }
  return {
    logTime,
    hasTime,
    hasTimeRef,
    usualTime,
    hasMemory,
    hasMemoryRef,
    atLeast,
    earlyValues,
    earlyGroup,
    earlyTemplate,
    early,
    earlyTimes,
    earlyTimeTemplate,
    earlyTimeSkeleton,
    earlyTime,
  };
}

/** Each job's times (its timed lines, or its usual ones when it is not periodic), in row order. */
function collectJobTimes(jobs: Map<number, number[]>, n: number, templateOf: Int32Array, periodic: Uint8Array | undefined, rows: BaselineRows): void {
  const { hasTime, usualTime, logTime } = rows;
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    if (periodic?.[id] === 1 ? hasTime[i] : usualTime[i]) jobs.get(id)?.push(logTime[i]!);
  }
}

/** Each row's template, or its template's plain twin where it has one (TemplateTable.plainTwin). */
function withTwins(templateOf: Int32Array, twin: Int32Array): Int32Array {
  const out = new Int32Array(templateOf.length);
  for (let i = 0; i < out.length; i++) {
    const id = templateOf[i]!;
    out[i] = twin[id]! >= 0 ? twin[id]! : id;
  }
  return out;
}

/** A template with a plain twin takes its twin's baseline. */
function fromTwins(perTemplate: (Baseline | undefined)[], twin: Int32Array): void {
  for (let id = 0; id < twin.length; id++) if (twin[id]! >= 0) perTemplate[id] = perTemplate[twin[id]!];
}

/** Runs a periodic template needs to be its own latency baseline. */
export const PERIODIC_BASELINE = 3;

export function buildBaselines(logs: Logs, m: FeatureMatrix, inputs: BaselineInputs = {}): Baselines {
  const table = asTable(logs);
  const n = m.n;
  const { groupOf, services } = inputs.groupOf && inputs.services ? { groupOf: inputs.groupOf, services: inputs.services } : serviceGroups(table);
  const ref = inputs.reference?.mask;
  const shapes = inputs.shapes;
  const skeletons = shapes ? skeletonClasses(shapes, table.routeOf, table.routes.length) : undefined;
  const t = inputs.templates;
  // A message's lines with an exception are a template of their own for what is new and routine
  // (templates.ts mineTemplates), not for time and memory: a call that failed with a timeout
  // took long against what the same call usually takes, however many failed that way.
  const templateOf = t?.plainTwin ? withTwins(t.templateOf, t.plainTwin) : t?.templateOf;
  const rows = baselineRows(m, groupOf, ref, shapes, skeletons?.of, templateOf);
  const { logTime, hasTime, hasTimeRef, hasMemory, hasMemoryRef, atLeast } = rows;
  const { earlyValues, earlyGroup, earlyTemplate, early, earlyTimes, earlyTimeTemplate, earlyTime, earlyTimeSkeleton } = rows;
  for (let s = 4; s >= 0; s--) atLeast[s] = atLeast[s]! + atLeast[s + 1]!;
  const severityShare = new Float64Array(6);
  for (let s = 0; s <= 5; s++) severityShare[s] = n > 0 ? atLeast[s]! / n : 0;
  const groups = services.length;
  // One working space for all the grouped statistics below.
  const space = new StatsSpace();
  const timeRef = groupedRobustStats(logTime, groupOf, groups, hasTimeRef, false, space);
  const memRef = groupedRobustStats(m.memoryUsage, groupOf, groups, hasMemoryRef, false, space);
  const lengths = groupedRobustStats(m.messageLength, groupOf, groups, ref, false, space);
  const whole = (values: Float64Array, mask: Uint8Array | undefined, refStats: GroupedStats) => (): GroupedStats =>
    ref ? groupedRobustStats(values, groupOf, groups, mask, false, space) : refStats;

  const earlyOf = (values: Float64Array, of: Int32Array, count: number, name: (g: number) => string | undefined, template: boolean) =>
    groupedRobustStats(values, of, count, undefined, true, space).groups.map((stats, g): Baseline | undefined =>
      stats.count < MIN_SERVICE_BASELINE ? undefined : { stats, service: name(g), template },
    );
  const earlyMemory = earlyOf(earlyValues.subarray(0, early), earlyGroup.subarray(0, early), groups, (g) => services[g], false);
  let templateEarlyResponseTime: (Baseline | undefined)[] = [];
  let templateEarlyMemory: (Baseline | undefined)[] = [];
  let templateResponseTime: (Baseline | undefined)[] = [];
  let templateMemory: (Baseline | undefined)[] = [];
  if (t && templateOf && t.count > 0) {
    // With the 90th percentile: how far up the message's usual times reach (performanceEvidence).
    const byTemplate = groupedRobustStats(logTime, templateOf, t.count, hasTimeRef, true, space);
    const serviceOfTemplate = (id: number) => table.services[table.serviceOf[t.firstRow[id]!]!];
    const own = (stats: RobustStats, id: number): Baseline => ({ stats, service: serviceOfTemplate(id), template: true });
    templateResponseTime = byTemplate.groups.map((stats, id) => (stats.count < TEMPLATE_BASELINE ? undefined : own(stats, id)));
    // An operation that recurs over the window (established) is judged against its own usual
    // times rather than other messages': its few lines in the reference part when it has some
    // there, else all its lines (a batch's bulk step, which the reference leaves out with the
    // busy minutes of each run).
    const recurring = inputs.established;
    const fewInReference = new Uint8Array(t.count);
    if (recurring)
      byTemplate.groups.forEach((stats, id) => {
        if (recurring[id] !== 1 || stats.count >= TEMPLATE_BASELINE) return;
        if (stats.count >= PERIODIC_BASELINE) templateResponseTime[id] = own(stats, id);
        else fewInReference[id] = 1;
      });
    templateMemory = groupedRobustStats(m.memoryUsage, templateOf, t.count, hasMemoryRef, false, space).groups.map((stats, id) =>
      stats.count < TEMPLATE_BASELINE ? undefined : own(stats, id),
    );
    templateEarlyMemory = earlyOf(earlyValues.subarray(0, early), earlyTemplate.subarray(0, early), t.count, serviceOfTemplate, true);
    templateEarlyResponseTime = earlyOf(earlyTimes.subarray(0, earlyTime), earlyTimeTemplate.subarray(0, earlyTime), t.count, serviceOfTemplate, true);
    // A scheduled job's duration is its own: judged against all its runs in the window.
    const jobs = new Map<number, number[]>();
    const periodic = inputs.periodic;
    for (let id = 0; id < t.count; id++) {
      if (templateResponseTime[id] === undefined && (periodic?.[id] === 1 || fewInReference[id] === 1)) jobs.set(id, []);
    }
    if (jobs.size > 0) {
      collectJobTimes(jobs, n, templateOf, periodic, rows);
      for (const [id, times] of jobs) {
        const least = periodic?.[id] === 1 ? PERIODIC_BASELINE : TEMPLATE_BASELINE;
        if (times.length >= least) templateResponseTime[id] = own(robustStats(times), id);
      }
    }
    if (t.plainTwin)
      for (const perTemplate of [templateResponseTime, templateMemory, templateEarlyMemory, templateEarlyResponseTime]) fromTwins(perTemplate, t.plainTwin);
  }
  let skeletonResponseTime: (Baseline | undefined)[] = [];
  let skeletonEarlyResponseTime: (Baseline | undefined)[] = [];
  if (skeletons && skeletons.count > 0) {
    const serviceOf = oneService(skeletons.of, skeletons.count, groupOf, hasTime);
    const name = (id: number) => (serviceOf[id]! >= 0 ? services[serviceOf[id]!] : undefined);
    const own = (stats: RobustStats, id: number): Baseline => {
      const r = skeletons.route[id]!;
      return r < 0 ? { stats, service: name(id), template: true } : { stats, service: name(id), template: true, route: table.routes[r] };
    };
    skeletonResponseTime = groupedRobustStats(logTime, skeletons.of, skeletons.count, hasTimeRef, true, space).groups.map((stats, id) =>
      stats.count < TEMPLATE_BASELINE || serviceOf[id]! < 0 ? undefined : own(stats, id),
    );
    skeletonEarlyResponseTime = earlyOf(earlyTimes.subarray(0, earlyTime), earlyTimeSkeleton.subarray(0, earlyTime), skeletons.count, name, true);
  }
  return {
    groupOf,
    services,
    responseTime: resolveAll(timeRef, whole(logTime, hasTime, timeRef), services),
    templateResponseTime,
    templateMemory,
    memory: resolveAll(memRef, whole(m.memoryUsage, hasMemory, memRef), services),
    earlyMemory,
    templateEarlyMemory,
    templateEarlyResponseTime,
    skeletonOf: skeletons?.of ?? new Int32Array(0),
    skeletonResponseTime,
    skeletonEarlyResponseTime,
    messageLength: resolveAll(lengths, whole(m.messageLength, undefined, lengths), services),
    severityShare,
    levelTail: levelTails(m, groupOf, groups),
    referenceSize: inputs.reference?.size ?? n,
  };
}

// ---------------------------------------------------------------------------------------
// Performance
// ---------------------------------------------------------------------------------------

/** A response time this long is strong evidence on its own (unless it is usual for its baseline). */
export const SLOW_ABSOLUTE_MS = 10_000;
/** The shortest time that can be slow (performanceEvidence). */
export const SLOW_MIN_MS = 1;
export const TIMEOUT_EVIDENCE = 0.8;
/**
 * A share of time spent collecting garbage, on the runtimes' own marks: Elasticsearch warns from
 * half of the time (nothing yet), the JVM gives up at 98 % ("GC overhead limit exceeded"): 0.95.
 */
export function gcTimeEvidence(share: number): number {
  return 0.95 * ratioFactor(share, GC_OVERHEAD_SHARE, 0.98);
}
/**
 * A time against the limit its own line states ("took 88.6ms (budget 33.3ms)"): the producer's
 * bar, so no baseline is needed and a service that overruns all window is not excused by its
 * routine. Over the limit by less than half is within what such limits allow for; twice the
 * limit is certain.
 */
export const OVER_LIMIT_EVIDENCE = 0.9;
export function overLimitEvidence(rt: number, limit: number): number {
  return OVER_LIMIT_EVIDENCE * ratioFactor(rt / limit, 1, 2);
}
/**
 * The most a comparison with other messages of the service can say: a time with no baseline of
 * its own template may be another kind of operation (a start-up taking 100x a request is
 * common), so OTHER_MESSAGES_CAP up to 100x the median, rising to 1 at 500x (a 30 s timeout
 * among 40 ms requests is certain).
 */
export const OTHER_MESSAGES_CAP = 0.85;
export function otherMessagesCap(ratio: number): number {
  return OTHER_MESSAGES_CAP + (1 - OTHER_MESSAGES_CAP) * clamp01(Math.log(ratio / 100) / Math.log(5));
}
/**
 * Lines a periodic template needs before its failures count as a timer's (routine): a handful of
 * evenly spaced failures may be scattered events; twenty regular ticks are a clock.
 */
export const TIMER_TICKS = 20;
/** Evidence of a fully routine template or level (written all day) is multiplied by this. */
export const ROUTINE_WEIGHT = 0.45;

/** 1 for nothing routine, ROUTINE_WEIGHT for fully routine, linear between. */
export const routineDamping = (routine: number): number => 1 - (1 - ROUTINE_WEIGHT) * clamp01(routine);

/** The baseline's median in ms (its stats are of ln(ms)). */
export const medianMs = (b: Baseline): number => Math.exp(b.stats.median);

/**
 * z on ln(ms) against the baseline (spread at least MIN_LOG_SCALE), mapped by zEvidence, times a
 * ratio factor (nothing below 2x the median, full from 4x): a request 3x its usual time is
 * within the tail of many services. Against a service (not the log's own template) at most
 * otherMessagesCap(ratio); a time under SLOW_MIN_MS is not judged so. A time >= SLOW_ABSOLUTE_MS that is >= 3x the median counts
 * 0.85-0.95 on its own; a timeout with a parsed time 0.8. A routine template's timeouts are damped.
 */
export function performanceEvidence(rt: number, timeout: boolean, baseline: Baseline | undefined, routine = 0, early?: Baseline): number {
  if (!(rt > 0)) return 0;
  let ev = 0;
  let ratio = Infinity;
  // Under a millisecond nothing is slow for a caller: ratios among microsecond timings (a
  // kernel's "power up complete - took 5 us" against its usual 1 us) are the timer's grain.
  if (baseline && rt >= SLOW_MIN_MS) {
    const s = baseline.stats;
    const scale = Math.max(s.scale, MIN_LOG_SCALE);
    const z = (Math.log(rt) - s.median) / scale;
    ratio = rt / Math.exp(s.median);
    ev = zEvidence(z) * ratioFactor(ratio, 2, 4) * (baseline.template ? 1 : otherMessagesCap(ratio));
    // A message whose requests take two paths all day (a CDN's cache hits in 4 ms and its
    // misses to the origin in 250 ms, a secret read from cache or from storage) has a median
    // and MAD of its fast path only, and its slow path would be 60x "the median" on every miss.
    // When a tenth of the message's usual requests take twice its median or more (its 90th
    // percentile: where the ratio factor starts calling a time slow), both in the reference part
    // and in the window's first fifth, they are not outliers but a second path, its everyday: a
    // time is slow only as a multiple of the path's top, the 95th percentile (nothing below 2x,
    // certain from 4x). The 95th, not the 90th: a message of many endpoints has a continuous
    // tail (a sitemap at 350 ms among product pages at 20 ms) that runs past its 90th. A few
    // slow requests scattered over the window (one in sixteen) are not a path: the 90th
    // percentile stays near the median, and they are judged as before. Both parts, for the
    // two ways a tail can be the incident: a dependency slowing over twenty minutes puts its
    // slow requests in the reference part but not in the first minutes; slow requests from the
    // first minute are in the first fifth, but the reference part leaves out their hot bins.
    if (early?.stats.p95 !== undefined && s.p95 !== undefined && s.p90 !== undefined && early.stats.p90 !== undefined) {
      const path = Math.min(s.p90, early.stats.p90);
      const usualTop = Math.min(s.p95, early.stats.p95);
      if (path - s.median >= Math.LN2) ev = Math.min(ev, ratioFactor(rt / Math.exp(usualTop), 2, 4));
    }
  }
  if (rt >= SLOW_ABSOLUTE_MS && ratio >= 3) {
    // 10 s -> 0.85, 60 s and beyond -> 0.95.
    ev = Math.max(ev, 0.85 + 0.1 * clamp01(Math.log(rt / SLOW_ABSOLUTE_MS) / Math.log(6)));
  }
  if (timeout) ev = Math.max(ev, TIMEOUT_EVIDENCE * routineDamping(routine));
  return ev;
}

/** Early readings a message needs before its early times may judge it (creepingTimes). */
const EARLY_TIME_BASELINE = 20;
/** How far the reference part's median must lie above the early one: ln 1.25. */
const CREEP_LOG_RATIO = Math.log(1.25);

/**
 * Whether a message's times crept up over the window: its early times (the window's first
 * fifth, at least EARLY_TIME_BASELINE of them) have a median at least 1.25x lower than the
 * reference part's. A dependency degrading over an hour puts half its slowdown in the reference
 * part, whose median and spread then rise with it (a batch at 80 ms, then 300 ms, then 3 s: the
 * reference's median 110 ms, its 90th percentile 490 ms), so a line three times its early
 * median is within them; the early times have not moved. As for memory's creep, such a line is
 * also judged against its message's early times, and the larger evidence counts.
 */
export function creepingTimes(reference: Baseline, early: Baseline): boolean {
  return early.stats.count >= EARLY_TIME_BASELINE && reference.stats.median - early.stats.median >= CREEP_LOG_RATIO;
}

/** Parts a message's times are cut into (in log order) to see them climb. */
const CREEP_PARTS = 5;
/** Each part's median holds at least this share of the one before: a climb, with its noise. */
const CREEP_HOLD = 0.98;

/**
 * Per template, 1 when its times crept (creepingTimes) and climbed through the window: cut into
 * CREEP_PARTS parts of equal count in log order, each part's median at least CREEP_HOLD of the
 * one before. A batch's stages in one message (Spark's "Finished task ... in stage 3.0 in 6695
 * ms", its second stage three times its first, its third as fast as the first) step up and
 * down: different work, not a dependency degrading.
 */
function creptTemplates(b: Baselines, templateOf: Int32Array, responseTime: Float64Array): Uint8Array | undefined {
  const count = b.templateResponseTime.length;
  const times = new Map<number, number[]>();
  for (let id = 0; id < count; id++) {
    const own = b.templateResponseTime[id];
    const early = b.templateEarlyResponseTime[id];
    if (own !== undefined && early !== undefined && creepingTimes(own, early)) times.set(id, []);
  }
  if (times.size === 0) return undefined;
  for (let i = 0; i < templateOf.length; i++) {
    const rt = responseTime[i]!;
    if (rt > 0) times.get(templateOf[i]!)?.push(rt);
  }
  const out = new Uint8Array(count);
  for (const [id, ts] of times) {
    if (ts.length >= CREEP_PARTS * MIN_SERVICE_BASELINE && neverFalls(partMedians(ts, CREEP_PARTS), CREEP_HOLD)) out[id] = 1;
  }
  return out;
}

/**
 * The line's own message skeleton as a latency baseline, when it is a faster operation than the
 * baseline its template or service gives (a template that merges a 17 ms stock lookup with an
 * 80 ms order page has a median between them): judged against its own skeleton too, a stock
 * lookup at 200 ms is 12x its usual, not 4x. Only ever added to the evidence, never to excuse a
 * line: a skeleton slower than its template says nothing more.
 */
export function fasterSkeleton(b: Baselines, row: number, base: Baseline | undefined): Baseline | undefined {
  if (base === undefined || row >= b.skeletonOf.length) return undefined;
  const own = b.skeletonResponseTime[b.skeletonOf[row]!];
  return own !== undefined && own.stats.median < base.stats.median ? own : undefined;
}

/**
 * The line's skeleton on its own route (a field of the log names it), when that operation is
 * slower than its template's median and was as slow in the window's first fifth: it then
 * replaces the template as the line's baseline, for the "two paths" judgement too, and may
 * excuse what the template calls slow. A route is what the request asked for, not what happened
 * to it, so a route slower than the template that merges it with others is that operation's
 * everyday: a 2.5 s export beside 50 ms searches in one message, whether the exports are a fifth
 * of its lines (the template's two paths, its 95th percentile, would excuse them, and a 700 ms
 * search with them) or a twentieth (nothing would, and every export would be 50x "the median").
 * A skeleton slower than its template has no such standing: its words may be the outcome
 * ("slow request"), so it only ever adds (fasterSkeleton), as a faster route does. The first
 * fifth must agree (the reference median at most twice the early one), as for the two paths: a
 * route that slows over the window holds its slow calls in the reference part too, and its
 * template still judges it.
 */
export function slowerRoute(b: Baselines, row: number, base: Baseline | undefined): Baseline | undefined {
  if (base === undefined || row >= b.skeletonOf.length) return undefined;
  const k = b.skeletonOf[row]!;
  const own = b.skeletonResponseTime[k];
  if (own?.route === undefined || own.stats.median < base.stats.median) return undefined;
  const early = b.skeletonEarlyResponseTime[k];
  return early !== undefined && own.stats.median - early.stats.median <= Math.LN2 ? own : undefined;
}

// ---------------------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------------------

export const HIGH_MEMORY_PCT = 85;
/**
 * From here a reading is trouble however long it has been so: a service may run at 88% all day,
 * but at 95% a spike, a larger request or the next cache entry has no room, and a heap that
 * still holds 95% after a collection is all live data.
 */
export const NO_HEADROOM_PCT = 95;
/** What parseMemoryPct gives "GC overhead limit exceeded" and memory pressure in words (98), and out-of-memory wording (100). */
const GC_OVERHEAD_PCT = 98;
export const OUT_OF_MEMORY_EVIDENCE = 0.95;
/** Below this a reading has as much room again as it uses: however far it rose, it is not high usage. */
export const ROOM_PCT = 50;

/** Absolute scale: 80% -> 0, 85% -> 0.45, 90% -> 0.75, 100% (OOM) -> 0.95. */
export function memoryLevel(pct: number): number {
  if (pct <= 80) return 0;
  if (pct <= 85) return (0.45 * (pct - 80)) / 5;
  if (pct <= 90) return 0.45 + (0.3 * (pct - 85)) / 5;
  return 0.75 + (0.2 * (Math.min(pct, 100) - 90)) / 10;
}

/** The window's first fifth: where a memory series started (Baselines.earlyMemory). */
export const EARLY_MEMORY_SHARE = 0.2;

/** 0.9 x a jump of 10 to 25 points above `median`, when it is also far by `spread` (>= 2 points). */
function memoryJump(pct: number, median: number, spread: number): number {
  const jumpPts = pct - median;
  const z = jumpPts / Math.max(spread, 2);
  return 0.9 * zEvidence(z) * clamp01((jumpPts - 10) / 15);
}

/**
 * max(absolute level, 0.9 x jump above the service's usual level): the jump counts from 10
 * points above the median (full at 25) when it is also far in robust z (spread >= 2 points).
 * A service that always runs this high (within 5 points of its median) gets half the level,
 * below NO_HEADROOM_PCT.
 *
 * `early`, the same series in the window's first fifth, says two more things. How far up its
 * readings went then: the memory a request uses depends on its input, so per-request readings (a
 * Lambda's `Max Memory Used`, a job's peak) have a long upper tail the MAD does not see, and a
 * reading within it is not a jump (the spread is the larger of the two). And where it started: a
 * leak creeps, so by the time it is noticed the reference part holds much of the creep and its
 * median has moved up with it; a gauge far above its own early level (44 % then, 70 % now) has
 * jumped as surely as one far above the reference's median.
 */
export function memoryEvidence(pct: number, baseline: Baseline | undefined, early?: Baseline): number {
  const { level, jump, creep } = memoryEvidenceParts(pct, baseline, early);
  return Math.max(level, jump, creep);
}

/**
 * The baseline a memory reading is judged by: its message's own readings in its service when it
 * has enough of them (Baselines.templateMemory), else its service's. Template `id`, group `g`.
 */
export function memoryBaseline(b: Baselines, id: number | undefined, g: number): Baseline | undefined {
  return (id === undefined ? undefined : b.templateMemory[id]) ?? b.memory[g];
}

/** The same series early in the window (EARLY_MEMORY_SHARE): the message's own when memoryBaseline took it. */
export function earlyMemoryBaseline(b: Baselines, id: number | undefined, g: number): Baseline | undefined {
  return id !== undefined && b.templateMemory[id] ? b.templateEarlyMemory[id] : b.earlyMemory[g];
}

/** memoryEvidence's three terms: the absolute level, the jump above the median, the creep above the early level. */
export function memoryEvidenceParts(pct: number, baseline: Baseline | undefined, early?: Baseline): { level: number; jump: number; creep: number } {
  if (!(pct > 0)) return { level: 0, jump: 0, creep: 0 };
  let level = memoryLevel(pct);
  if (!baseline || pct < ROOM_PCT) return { level, jump: 0, creep: 0 };
  const s = baseline.stats;
  if (pct - s.median < 5 && pct < NO_HEADROOM_PCT) level *= 0.5;
  const tail = upperSpread(early);
  const jump = memoryJump(pct, s.median, Math.max(s.scale, tail));
  const creep = early ? memoryJump(pct, early.stats.median, Math.max(early.stats.scale, tail)) : 0;
  return { level, jump, creep };
}

// ---------------------------------------------------------------------------------------
// Error
// ---------------------------------------------------------------------------------------

const LEVEL_BASE = [0, 0, 0, 0.35, 0.75, 0.9];
/** DEBUG/INFO lines that still carry error words ("payment failed") get a little. */
const KEYWORD_ONLY_BASE = 0.25;

/** Level base (+0.04 per error keyword, at most 0.12), damped by how routine it is (routineDamping). */
export function errorEvidence(severity: number, keywords: number, routine = 0): number {
  const sev = Math.max(0, Math.min(5, severity));
  let base = LEVEL_BASE[sev]!;
  if (base === 0) {
    if (keywords === 0) return 0;
    base = KEYWORD_ONLY_BASE;
  }
  return Math.min(1, (base + Math.min(0.12, 0.04 * keywords)) * routineDamping(routine));
}

// ---------------------------------------------------------------------------------------
// Pattern: message length (novelty and bursts come from patterns.ts)
// ---------------------------------------------------------------------------------------

/**
 * The most a message length can say of a line whose template is common in its service: below the
 * default threshold, so a service's routinely long lines (stack traces, dumps) are reported only
 * with other evidence.
 */
export const LENGTH_EVIDENCE_CAP = 0.6;
/** The most it can say of a rare template's line that is many times the service's usual length. */
export const RARE_LENGTH_CAP = 0.9;
/** Length ratio to the service's median from which a rare line gets RARE_LENGTH_CAP. */
const FULL_LENGTH_RATIO = 10;

/**
 * From 1.5x the service's median length (and far in robust z) up to LENGTH_EVIDENCE_CAP at 3x;
 * a rare template, or one new in the window (rarity in [0, 1]: the caller passes the larger of
 * the two), goes on rising to RARE_LENGTH_CAP at 10x: a 1,000-character line among 60-character
 * lines, written a dozen times in a day, is an odd pattern on its own.
 */
export function lengthEvidence(len: number, baseline: Baseline | undefined, rarity = 0): number {
  if (!baseline) return 0;
  const med = baseline.stats.median;
  if (!(len > med)) return 0;
  const ratio = len / Math.max(med, SHORT_SENTENCE_CHARS);
  const z = robustZ(len, baseline.stats);
  const far = zEvidence(z) * ratioFactor(ratio, 1.5, 3);
  const beyond = clamp01(Math.log(ratio / 3) / Math.log(FULL_LENGTH_RATIO / 3));
  return far * (LENGTH_EVIDENCE_CAP + (RARE_LENGTH_CAP - LENGTH_EVIDENCE_CAP) * rarity * beyond);
}

/**
 * A rare template whose text holds a word of concern ("expires", "unknown", "mismatch"): up to
 * CONCERN_EVIDENCE, times its rarity. Asked of INFO and DEBUG lines only: a WARNING or worse has
 * said its concern already, and error evidence judges it.
 */
export const CONCERN_EVIDENCE = 0.75;

/** Concern evidence per template: rarity x CONCERN_EVIDENCE when its text holds a word of concern. */
function concernPerTemplate(patterns: PatternEvidence): Float64Array {
  const { table, rarity } = patterns.stats;
  const out = new Float64Array(table.count);
  for (let id = 0; id < table.count; id++) {
    if (rarity[id]! > 0 && concernWord(table.text(id)) !== undefined) out[id] = CONCERN_EVIDENCE * rarity[id]!;
  }
  return out;
}

/** DEFECT_CODE for a template whose text names a programming error (defectName), DEFECT_CRASH_LOOP for one that says its process is crash-looping (crashLoopSign), DEFECT_RESTART for one that counts a restart (restartSign), else 0. */
function defectPerTemplate(patterns: PatternEvidence): Uint8Array {
  const { table } = patterns.stats;
  const out = new Uint8Array(table.count);
  for (let id = 0; id < table.count; id++) {
    const text = table.text(id);
    if (defectName(text) !== undefined) out[id] = DEFECT_CODE;
    else if (crashLoopSign(text) !== undefined) out[id] = DEFECT_CRASH_LOOP;
    else if (restartSign(text) !== undefined) out[id] = DEFECT_RESTART;
  }
  return out;
}
const DEFECT_CODE = 1;
/** DEFECT_CRASH_LOOP and DEFECT_RESTART are the crash loop's signs: `>= DEFECT_CRASH_LOOP`. */
const DEFECT_CRASH_LOOP = 2;
const DEFECT_RESTART = 3;

/** Share of the n lines at WARNING or worse. */
function warningShare(levelSeverity: ArrayLike<number>, n: number): number {
  let warnings = 0;
  for (let i = 0; i < n; i++) if (levelSeverity[i]! >= 3) warnings++;
  return warnings / Math.max(1, n);
}

/** Calls of a route in the window before its failure rate says anything. */
export const MIN_ROUTE_CALLS = 20;
/**
 * Share of a route's calls that fail (ERROR or worse, a 5xx answer) from which its failures are
 * an outage, not background. A service's error budget is a fraction of a percent to a few
 * percent of its calls; a route failing one call in five all through the window is down for
 * those callers, however steadily it fails.
 */
export const ROUTE_OUTAGE_SHARE = 0.2;

/** Calls and failures per unit of work (a route, a service), and which units are down. */
export interface UnitFailures {
  /** 1 for a unit that fails: at least ROUTE_OUTAGE_SHARE of its MIN_ROUTE_CALLS or more calls. */
  down: Uint8Array;
  calls: Int32Array;
  failed: Int32Array;
}

/**
 * Per unit of work, whether at least ROUTE_OUTAGE_SHARE of its MIN_ROUTE_CALLS or more calls
 * failed (ERROR or worse), with `minSucceeded` calls at least that did not; undefined when no unit
 * is down. `calls` and `failed` are counted per unit by the caller, in a loop of its own over the
 * lines: no callback per line, whose call site the routes' and the services' callbacks shared.
 */
function failingUnits(calls: Int32Array, failed: Int32Array, minSucceeded = 0): UnitFailures | undefined {
  const units = calls.length;
  const out = new Uint8Array(units);
  let any = false;
  for (let u = 0; u < units; u++) {
    if (calls[u]! >= MIN_ROUTE_CALLS && failed[u]! >= ROUTE_OUTAGE_SHARE * calls[u]! && calls[u]! - failed[u]! >= minSucceeded) {
      out[u] = 1;
      any = true;
    }
  }
  return any ? { down: out, calls, failed } : undefined;
}

/**
 * Per route (LogTable.routeOf), 1 when it fails (failingUnits); undefined when no route does.
 * What a route is asked is the same work every time, so its failure rate is an outage's measure
 * whether the outage began in the window or before it, where a template's share of its service
 * is not: a component whose every line is an exception (a RAS monitor) has no calls that
 * succeed beside them. A call whose words say its client ended it (`clientEnded`: pino-http's
 * "request aborted", "client closed request") is a call and not a failure: the client hung up,
 * the route did not fail it, and a report or export route whose users leave a fifth of its
 * slow calls unfinished all day is not down. An upstream's "connection reset by peer" names no
 * side and stays a failure.
 */
export function failingRoutes(
  routeOf: Int32Array | undefined,
  routes: number,
  severity: ArrayLike<number>,
  clientEnded?: (row: number) => boolean,
): UnitFailures | undefined {
  if (!routeOf || routes === 0) return undefined;
  const calls = new Int32Array(routes);
  const failed = new Int32Array(routes);
  for (let i = 0; i < routeOf.length; i++) {
    const u = routeOf[i]!;
    if (u < 0) continue;
    calls[u]!++;
    if (severity[i]! >= LEVEL_SEVERITY.ERROR && !clientEnded?.(i)) failed[u]!++;
  }
  return failingUnits(calls, failed);
}

/** Words of a request its client ended (aborted, closed or cancelled by the client, a client that went away). */
const CLIENT_ENDED_RE =
  /\b(?:(?:aborted|closed|cancel(?:l)?ed|reset) by (?:the )?(?:client|caller|user agent)|client (?:closed|aborted|disconnected|went away|hung up|gone)|request aborted)\b/i;

/**
 * A test of a row's words, asked once per template when there are templates (a template's lines
 * share their words), else of each row.
 */
function oncePerTemplate(
  messages: readonly string[],
  templateOf: Int32Array | undefined,
  templates: number,
  test: (message: string) => boolean,
): (row: number) => boolean {
  if (templateOf === undefined) return (row) => test(messages[row]!);
  const known = new Int8Array(templates).fill(-1);
  return (row) => {
    const id = templateOf[row]!;
    if (known[id] === -1) known[id] = test(messages[row]!) ? 1 : 0;
    return known[id] === 1;
  };
}

/**
 * Per service group, 1 when its timed calls that name no route fail (failingUnits); undefined
 * when none does. A line with a response time is a call answered; without routes to tell its
 * kinds apart, the service's calls are its work, and a service failing one in five of them is
 * down, whether the outage began in the window or before it. Lines without a time (a RAS
 * monitor's exceptions) are not calls and count nowhere. A rate needs both outcomes timed: a
 * service that writes a time only when a call fails ("lookup failed after 5019 ms") has no
 * failure rate to read, so it needs MIN_ROUTE_CALLS timed calls that did not fail too. A call
 * its client ended is not a failure here either (failingRoutes).
 */
export function failingServices(
  groupOf: Int32Array,
  groups: number,
  routeOf: Int32Array | undefined,
  responseTime: Float64Array,
  severity: ArrayLike<number>,
  clientEnded?: (row: number) => boolean,
): UnitFailures | undefined {
  const calls = new Int32Array(groups);
  const failed = new Int32Array(groups);
  for (let i = 0; i < groupOf.length; i++) {
    if (!unroutedTimedCall(i, routeOf, responseTime)) continue;
    const u = groupOf[i]!;
    calls[u]!++;
    if (severity[i]! >= LEVEL_SEVERITY.ERROR && !clientEnded?.(i)) failed[u]!++;
  }
  return failingUnits(calls, failed, MIN_ROUTE_CALLS);
}

/** Whether line i is a call a service's failure rate counts (failingServices): it has a time and names no route. */
function unroutedTimedCall(i: number, routeOf: Int32Array | undefined, responseTime: Float64Array): boolean {
  return responseTime[i]! > 0 && !(routeOf !== undefined && routeOf[i]! >= 0);
}

/**
 * Evidence.outage: a failure not routine because its route fails, its service's timed calls do,
 * or it is all its service writes and a quarter of the window (DOMINANT_FAILURE_SHARE).
 */
export const OUTAGE_ROUTE = 1;
export const OUTAGE_SERVICE = 2;
export const OUTAGE_DOMINANT = 3;
export const OUTAGE_REFUSALS = 4;
export const OUTAGE_CRASH_LOOP = 5;

/** The pattern evidence of a line a unit in a crash loop writes at each restart. */
export const RESTART_LINE_EVIDENCE = 0.8;

/** Share of the window's lines from which a service's only failure is its main event, not its routine. */
export const DOMINANT_FAILURE_SHARE = 0.25;
/** Share of a service's lines at WARNING or worse above which its failures are most of what it writes (dominantFailure). */
export const DOMINANT_SERVICE_FAILURES = 0.5;

/**
 * A service short of memory all through the window: at least STARVED_SHARE of its lines (and
 * STARVED_LINES) are confident memory anomalies (an evacuation failure, GC overhead, a heap with
 * no headroom). Its slow share of requests is then not a second path of its everyday (see
 * performanceEvidence): a heap that fills stalls whichever requests meet a collection, from the
 * first minute if the leak began before the window. A few scattered out-of-memory lines do not
 * make a standing condition.
 */
const STARVED_MEMORY_EVIDENCE = 0.9;
const STARVED_LINES = 3;
const STARVED_SHARE = 0.02;

/**
 * Each line's memory evidence into `out`, and per service whether it is starved (above). Every
 * line's first: whether its service is starved decides how a line's time is judged.
 */
function memoryOfLines(
  table: LogTable,
  m: FeatureMatrix,
  b: Baselines,
  templateOf: Int32Array | undefined,
  out: Float64Array,
  growth: MemoryGrowth | undefined,
): boolean[] {
  const starved = new Int32Array(b.services.length);
  const linesOf = new Int32Array(b.services.length);
  for (let i = 0; i < m.n; i++) {
    const g = b.groupOf[i]!;
    linesOf[g] = linesOf[g]! + 1;
    const mem = m.memoryUsage[i]!;
    if (!(mem > 0)) {
      // A size without its limit has no level of its own: only its climb counts.
      const climb = growth ? growth.evidence[i]! : 0;
      out[i] = climb;
      if (climb >= STARVED_MEMORY_EVIDENCE) starved[g] = starved[g]! + 1;
      continue;
    }
    const id = templateOf ? templateOf[i]! : -1;
    // A GC time share is a reading of at least half (parseMemoryPct): only such readings ask.
    const gcShare = mem >= 100 * GC_OVERHEAD_SHARE ? gcTimeShare(table.messages[i]!) : 0;
    if (gcShare >= GC_OVERHEAD_SHARE) out[i] = gcTimeEvidence(gcShare);
    else {
      const t = templateOf ? id : undefined;
      out[i] = memoryEvidence(mem, memoryBaseline(b, t, g), earlyMemoryBaseline(b, t, g));
    }
    // Out of memory (or a node saying memory ran short) is a memory anomaly even in a service that
    // always runs near full.
    if (mem >= GC_OVERHEAD_PCT && (mentionsOutOfMemory(table.messages[i]!) || table.memoryWording(i) !== undefined))
      out[i] = Math.max(out[i]!, OUT_OF_MEMORY_EVIDENCE);
    if (out[i]! >= STARVED_MEMORY_EVIDENCE) starved[g] = starved[g]! + 1;
  }
  return Array.from(starved, (k, g) => k >= Math.max(STARVED_LINES, STARVED_SHARE * linesOf[g]!));
}

/** `shapes`, when given, is messageShapes(records): its timeout flags spare a regex per log. */
export function computeEvidence(logs: Logs, m: FeatureMatrix, b: Baselines, patterns?: PatternEvidence, shapes?: MessageShapes): Evidence {
  const n = m.n;
  const ev: Evidence = {
    performance: new Float64Array(n),
    memory: new Float64Array(n),
    error: new Float64Array(n),
    pattern: new Float64Array(n),
    novelty: patterns?.novelty ?? new Float64Array(n),
    burst: patterns?.burst ?? new Float64Array(n),
    length: new Float64Array(n),
    concern: new Float64Array(n),
    oddValue: new Float64Array(n),
    oddValues: undefined,
    nameless: undefined,
    ranOut: undefined,
    timeout: new Uint8Array(n),
    perfSkeleton: new Int32Array(n),
    perfPeer: new Int32Array(n),
    perfEarly: new Uint8Array(n),
    peers: undefined,
    lonePeers: undefined,
    loneTemplatePeers: undefined,
    lone: new Uint8Array(n),
    outage: new Uint8Array(n),
    routeFailures: undefined,
    serviceFailures: undefined,
    refusals: undefined,
    crashLoops: undefined,
    growth: undefined,
    routine: patterns?.routine ?? new Float64Array(n),
    levelShare: new Float64Array(n).fill(Number.NaN),
    levelDamped: new Uint8Array(n),
  };
  const scan = new EvidenceScan(asTable(logs), m, b, ev, patterns, shapes);
  for (let i = 0; i < n; i++) judgeRow(scan, i);
  return ev;
}

/**
 * What computeEvidence reads while it judges one row after another, set up once per call. The
 * work per row is in functions of their own, the rarer cases apart from the common one: V8 then
 * compiles small functions once, instead of one long loop again whenever a row takes a branch no
 * row before it took.
 */
class EvidenceScan {
  readonly n: number;
  /** The messages, for a line's delay words when there are no message shapes. */
  readonly messages: readonly string[];
  readonly templateOf: Int32Array | undefined;
  readonly rarity: Float64Array | undefined;
  readonly established: Uint8Array | undefined;
  readonly clocked: Uint8Array | undefined;
  readonly steady: Uint8Array | undefined;
  readonly occurrences: Int32Array | undefined;
  readonly concern: Float64Array | undefined;
  readonly odd: OddValues | undefined;
  readonly defect: Uint8Array | undefined;
  readonly crashLoops: CrashLoops | undefined;
  readonly arrival: Float64Array | undefined;
  readonly lateArrival: Float64Array | undefined;
  readonly crept: Uint8Array | undefined;
  readonly routeOutage: UnitFailures | undefined;
  readonly serviceOutage: UnitFailures | undefined;
  /** Per message shape when there are shapes (-1 = not yet looked at): one regex per shape. */
  readonly refusalOfShape: Int8Array | undefined;
  readonly valueOfShape: Int8Array | undefined;
  /** Whether a row's words say its service failed on its own side (failsOnOwnSide), or lived with its failure (livedWith): one regex per template. */
  readonly ownSide: (row: number) => boolean;
  readonly livedWith: (row: number) => boolean;
  /**
   * A logger speaking late is news in a log where warnings are rare, not in one where its
   * components warn all day (ZooKeeper's quorum chatter, two thirds of its lines WARN).
   */
  readonly lateQuiet: number;
  readonly starvedService: boolean[];
  readonly peers: PeerBaselines | undefined;
  readonly lone: Int32Array | undefined;
  readonly loneTemplate: Int32Array | undefined;

  constructor(
    readonly table: LogTable,
    readonly m: FeatureMatrix,
    readonly b: Baselines,
    readonly ev: Evidence,
    readonly patterns: PatternEvidence | undefined,
    readonly shapes: MessageShapes | undefined,
  ) {
    const n = m.n;
    this.n = n;
    this.messages = shapes ? [] : table.messages;
    this.templateOf = patterns?.stats.table.templateOf;
    this.rarity = patterns?.stats.rarity;
    this.established = patterns?.stats.established;
    this.clocked = patterns?.stats.clocked;
    this.steady = patterns?.stats.steady;
    this.occurrences = patterns?.stats.table.occurrences;
    this.concern = patterns ? concernPerTemplate(patterns) : undefined;
    ev.nameless = patterns ? namelessChangeRows(table, patterns.stats.table, shapes) : undefined;
    ev.ranOut = patterns ? zeroLifetimeRows(table, patterns.stats.table) : undefined;
    this.odd = patterns && shapes ? oddValues(patterns.stats.table, shapes, table.messages) : undefined;
    ev.oddValues = this.odd;
    this.defect = patterns ? defectPerTemplate(patterns) : undefined;
    const texts = patterns?.stats.table;
    this.crashLoops =
      (this.defect?.includes(DEFECT_CRASH_LOOP) || this.defect?.includes(DEFECT_RESTART)) && this.templateOf && texts
        ? crashLoops({
            messages: table.messages,
            templateOf: this.templateOf,
            loops: (id) => this.defect![id] === DEFECT_CRASH_LOOP,
            restarts: (id) => this.defect![id] === DEFECT_RESTART,
            signIn: (message) => crashLoopSign(message) ?? restartSign(message),
            services: b.services,
            groupOf: b.groupOf,
            instances: table.instanceColumn,
            // A failure at ERROR or worse, or one whose words name it: a looping pod's routine
            // fallback WARN before each death is not its crash.
            failing: (i) =>
              m.levelSeverity[i]! >= LEVEL_SEVERITY.ERROR || ((m.levelSeverity[i]! >= 3 || m.errorKeywords[i]! > 0) && namesFailure(table.messages[i]!)),
          })
        : undefined;
    ev.crashLoops = this.crashLoops;
    this.arrival = patterns?.stats.arrival;
    this.lateArrival = patterns?.stats.lateArrival;
    this.crept = this.templateOf ? creptTemplates(b, this.templateOf, m.responseTime) : undefined;
    const templates = this.occurrences?.length ?? 0;
    const clientEnded = oncePerTemplate(table.messages, this.templateOf, templates, (message) => CLIENT_ENDED_RE.test(message));
    this.routeOutage = failingRoutes(table.routeOf, table.routes.length, m.levelSeverity, clientEnded);
    this.serviceOutage = failingServices(b.groupOf, b.services.length, table.routeOf, m.responseTime, m.levelSeverity, clientEnded);
    ev.routeFailures = this.routeOutage;
    ev.serviceFailures = this.serviceOutage;
    ev.refusals = refusalRises(table.httpStatus, b.groupOf, b.services.length, this.templateOf);
    this.refusalOfShape = shapes ? new Int8Array(shapes.count).fill(-1) : undefined;
    this.valueOfShape = shapes ? new Int8Array(shapes.count).fill(-1) : undefined;
    this.ownSide = oncePerTemplate(table.messages, this.templateOf, templates, failsOnOwnSide);
    this.livedWith = oncePerTemplate(table.messages, this.templateOf, templates, livedWith);
    this.lateQuiet = this.lateArrival ? 1 - commonness(warningShare(m.levelSeverity, n)) : 0;
    // The instances' names interned once for the three comparisons of instances below.
    const instances = table.instanceColumn && instanceIds(table.instanceColumn);
    ev.growth = table.memoryBytes && memoryGrowth(table.memoryBytes, b.groupOf, instances);
    this.starvedService = memoryOfLines(table, m, b, this.templateOf, ev.memory, ev.growth);
    // Per operation (skeleton on its route), not per template: a template merges requests of
    // different routes and speeds. Without message shapes there are no skeletons to compare.
    this.peers =
      instances && b.skeletonOf.length === n
        ? peerBaselines({ n, responseTime: m.responseTime, groupOf: b.groupOf, operationOf: b.skeletonOf, instances, services: b.services })
        : undefined;
    ev.peers = this.peers;
    this.lone = instances ? loneOnHost(b.groupOf, instances, b.services.length) : undefined;
    ev.lonePeers = this.lone;
    this.loneTemplate =
      instances && this.templateOf && patterns
        ? loneOnInstance(this.templateOf, patterns.stats.table.count, b.groupOf, b.services.length, instances)
        : undefined;
    ev.loneTemplatePeers = this.loneTemplate;
  }

  refused(i: number): boolean {
    if (!this.refusalOfShape) return customerRefusal(this.table.messages[i]!);
    const s = this.shapes!.shapeOf[i]!;
    if (this.refusalOfShape[s] === -1) this.refusalOfShape[s] = customerRefusal(this.table.messages[i]!) ? 1 : 0;
    return this.refusalOfShape[s] === 1;
  }

  valueOnly(i: number): boolean {
    if (!this.valueOfShape) return statesOnlyAValue(this.table.messages[i]!);
    const s = this.shapes!.shapeOf[i]!;
    if (this.valueOfShape[s] === -1) this.valueOfShape[s] = statesOnlyAValue(this.table.messages[i]!) ? 1 : 0;
    return this.valueOfShape[s] === 1;
  }

  /** The limit a line states; the shape's plan holds the limit's place, so only its digits are read per line. */
  limitOf(i: number): number {
    const message = this.table.messages[i]!;
    if (!this.shapes) return statedLimit(message);
    const s = this.shapes.shapeOf[i]!;
    return statedLimitFromPlan(message, this.shapes.planPool, this.shapes.planStart[s]!, this.shapes.planStart[s + 1]!);
  }
}

function judgeRow(s: EvidenceScan, i: number): void {
  const { m, b, ev } = s;
  const g = b.groupOf[i]!;
  const id = s.templateOf ? s.templateOf[i]! : -1;
  const routine = ev.routine[i]!;
  const sev = Math.max(0, Math.min(5, m.levelSeverity[i]!));
  const keywords = m.errorKeywords[i]!;
  // How routine the line's failure is: its template's routineness and, for an established
  // template not bursting here, the commonness of its level in the service.
  const failureRoutine = sev >= 3 || keywords > 0 ? failureRoutineOf(s, i, g, id, sev, routine) : routine;
  const rt = m.responseTime[i]!;
  // A line that says it timed out, or that it was slow by its producer's own threshold. A
  // timeout is a failure whatever its time; a slow line's time, when it has one, says how
  // slow (a database's slow-query log is routine at its usual durations).
  let delay = s.shapes ? s.shapes.timeout[s.shapes.shapeOf[i]!]! : delayWords(s.messages[i]!);
  // A failure whose exception says it timed out is a timeout, as the words in its message would
  // be: zap's `logger.Warn("reserve stock failed", zap.Error(err))` says what failed in the
  // message and why in the error, `context deadline exceeded`. Below WARNING, a `reason: idle
  // timeout` is how a connection routinely closes, not a failure.
  if (delay === DELAY_NONE && sev >= 3 && s.table.timeoutWording(i) !== undefined) delay = DELAY_TIMEOUT;
  ev.timeout[i] = delay;
  // A timeout is damped as the line's failure is: one a service writes all day, in a message
  // established over the window at a level it writes routinely (a user's MFA challenge timing
  // out, a WARNING on 3% of its lines), is its everyday, as the same line's error is.
  if (rt > 0) timedPerformance(s, i, g, id, rt, delayIsFailure(delay), failureRoutine);
  else if (delay !== DELAY_NONE) {
    // A timeout, or a line saying it was too slow, is a performance anomaly with or without
    // its duration in the line.
    // A timeout the service writes all through the window, at its usual rate here, is its
    // everyday (a retry's read timeout, a probe's deadline): the incident did not change it.
    // Its line says nothing more than that it happened; a duration would say how bad it was.
    // A failure only its host or its instance writes has silence as its everyday (failureRoutineOf).
    const steady = s.established !== undefined && s.established[id] === 1 && ev.burst[i]! < 0.5 && ev.lone[i] === 0;
    ev.performance[i] = TIMEOUT_EVIDENCE * routineDamping(steady ? 1 : failureRoutine);
  }
  // A new template that fills much of the window is a new phase when its lines are INFO (a
  // job's next step), a regression when its producer marks them WARNING or worse: its novelty
  // is not limited by its share of the window, only damped when it is routine (a timer's line).
  if (s.arrival && sev >= 3) ev.novelty[i] = Math.max(ev.novelty[i]!, Math.max(s.arrival[id]!, s.lateArrival![id]! * s.lateQuiet) * routineDamping(routine));
  // A line a unit in a crash loop writes once at each restart (crash-loops.ts restartLines) is
  // the loop's turning, not its everyday start-up: routine only to a unit that does not die.
  if (s.crashLoops !== undefined && s.crashLoops.restartOf[i]! > 0) ev.novelty[i] = Math.max(ev.novelty[i]!, RESTART_LINE_EVIDENCE);
  if (sev >= 3 || keywords > 0) ev.error[i] = errorEvidence(sev, keywords, failureRoutine);
  // A defect in the code is an error at any level it is logged at (Sidekiq retries a job that
  // raised NoMethodError at WARN), and is never routine: a deploy that breaks every job makes
  // it common from the first minute, not normal.
  if (s.defect !== undefined && s.defect[id] === DEFECT_CODE && (sev >= 3 || keywords > 0)) ev.error[i] = errorEvidence(Math.max(sev, 4), keywords, 0);
  // A failure of a unit in a crash loop (failureRoutineOf), and the line saying the unit is
  // looping, is its incident's failure at whatever level it is written (systemd's "Main process
  // exited, ... status=1/FAILURE" at NOTICE, its restart counter at INFO); a failure that says
  // more of memory than of failure keeps its type (a looping pod's OOMKilled).
  const sign = s.crashLoops !== undefined && s.crashLoops.unitOf[i]! > 0 && s.defect![id]! >= DEFECT_CRASH_LOOP;
  if (sign || (ev.outage[i] === OUTAGE_CRASH_LOOP && !(ev.memory[i]! > ev.error[i]!))) {
    ev.error[i] = errorEvidence(Math.max(sev, LEVEL_SEVERITY.ERROR), keywords, 0);
    ev.outage[i] = OUTAGE_CRASH_LOOP;
  }
  // So is the window's main event (dominantFailure): an outbox's publish rejected at WARN
  // because the stream it feeds is full, thousands of times.
  if (ev.outage[i] === OUTAGE_DOMINANT && !(ev.memory[i]! > ev.error[i]!)) ev.error[i] = errorEvidence(Math.max(sev, LEVEL_SEVERITY.ERROR), keywords, 0);
  // A service's routinely long lines need other evidence; a rare template's or one new in the
  // window (a debug dump switched on mid-incident) are not routine, and their length speaks.
  const len = lengthEvidence(m.messageLength[i]!, b.messageLength[g], s.rarity ? Math.max(s.rarity[id]!, newInWindow(s.patterns!.stats, id)) : 0);
  ev.length[i] = len;
  // A line its producer marked WARNING or worse has said its concern already (error evidence).
  if (s.concern && sev <= 2) ev.concern[i] = s.concern[id]!;
  if (ev.nameless !== undefined && ev.nameless[i] === 1 && sev <= 2) ev.concern[i] = CONCERN_EVIDENCE;
  if (ev.ranOut !== undefined && ev.ranOut[i] === 1 && sev <= 2) ev.concern[i] = CONCERN_EVIDENCE;
  if (s.odd && sev <= 2) ev.oddValue[i] = oddEvidenceOf(s.odd, i, id);
  if (ev.refusals !== undefined && ev.refusals.evidence[i]! > 0) refusedRow(s, i);
  ev.pattern[i] = Math.max(len, ev.novelty[i]!, ev.burst[i]!, ev.concern[i]!, ev.oddValue[i]!);
}

/**
 * A request refused while its refusal's share rose (refusals.ts). Its routine wording cannot say
 * how unusual it is; the rise does. One that judges its caller, on a service's own access line,
 * is unusual traffic, a rate's rise as a burst is; any other is a failed request, at whatever
 * level its access logger writes it.
 */
function refusedRow(s: EvidenceScan, i: number): void {
  const ev = s.ev;
  const evidence = ev.refusals!.evidence[i]!;
  const r = s.table.routeOf?.[i] ?? -1;
  // A line whose words say its call failed reports the answer it got, a client's failure.
  if (s.m.errorKeywords[i] === 0 && judgesCaller(s.table.httpStatus![i]!, r < 0 ? undefined : s.table.routes[r])) {
    if (evidence > ev.burst[i]!) ev.burst[i] = evidence;
  } else if (evidence > ev.error[i]!) {
    ev.error[i] = evidence;
    ev.outage[i] = OUTAGE_REFUSALS;
  }
}

/**
 * Whether a failure a quarter of the window's lines write can be its service's main event: it is
 * all the service writes, or most of what the service writes is WARNING or worse and its words
 * say the service failed on its own side, a dependency it cannot reach or a resource it ran out
 * of (failsOnOwnSide). A service that cannot do its work fails whatever it is asked; one that
 * turns requests down for what they carry (a validator's rejects, a crawler's dead links, a
 * firewall's denied probes) is doing its work, however much of the window that fills. A level
 * most of a service's lines carry is its producer's habit, not news (a mediation logging every
 * batch at FATAL).
 */
function dominantFailure(s: EvidenceScan, i: number, g: number): boolean {
  const tail = s.b.levelTail;
  if (tail[levelTailIndex(g, LEVEL_SEVERITY.ERROR)] === 1) return true;
  if (!(tail[levelTailIndex(g, LEVEL_SEVERITY.WARNING)]! > DOMINANT_SERVICE_FAILURES)) return false;
  return s.ownSide(i);
}

/** How routine a failing line's failure is (its level WARNING or worse, or a failure named). */
function failureRoutineOf(s: EvidenceScan, i: number, g: number, id: number, sev: number, routine: number): number {
  const { b, ev } = s;
  let failureRoutine = routine;
  const share = b.levelTail[levelTailIndex(g, sev)]!;
  ev.levelShare[i] = share;
  // The level's commonness damps only established templates not bursting here.
  const settled = s.established !== undefined && s.established[id] === 1 && ev.burst[i]! < 0.5;
  // So does a line that only states a value (a register in a kernel's crash report): it
  // carries its report's level, as common as that level is in the service, bursting or not.
  if (!Number.isNaN(share) && (settled || s.valueOnly(i))) {
    failureRoutine = Math.max(routine, commonness(share));
    ev.levelDamped[i] = 1;
  }
  // A failure is routine as background to what the rest of the window says. One that is all
  // its service writes and a quarter of every line is the window's main event: a service
  // down (an agent retrying "Vault is sealed" from before the window), not its everyday. A
  // RAS monitor whose one line is an exception, among the other components' lines, stays
  // routine, and so does a timer's failing tick (below).
  if (s.occurrences !== undefined && s.occurrences[id]! >= DOMINANT_FAILURE_SHARE * s.n && dominantFailure(s, i, g)) {
    failureRoutine = 0;
    ev.outage[i] = OUTAGE_DOMINANT;
  }
  // So is a failed call to a route that fails a fifth of its calls or more: that route is down.
  if (s.routeOutage !== undefined && sev >= LEVEL_SEVERITY.ERROR && s.routeOutage.down[s.table.routeOf![i]!] === 1) {
    failureRoutine = 0;
    ev.outage[i] = OUTAGE_ROUTE;
  }
  // So is a failed timed call of a service whose timed calls fail that often.
  if (
    s.serviceOutage !== undefined &&
    sev >= LEVEL_SEVERITY.ERROR &&
    s.serviceOutage.down[g] === 1 &&
    unroutedTimedCall(i, s.table.routeOf, s.m.responseTime)
  ) {
    failureRoutine = 0;
    ev.outage[i] = OUTAGE_SERVICE;
  }
  // So is a failure of a unit in a crash loop: it fails at each start, as regularly as a timer ticks.
  const looping = s.crashLoops !== undefined && s.crashLoops.unitOf[i]! > 0;
  if (looping) {
    failureRoutine = 0;
    ev.outage[i] = OUTAGE_CRASH_LOOP;
  }
  if (s.refused(i)) failureRoutine = 1;
  // A failure written in nearly every stretch of the window, at its usual rate here, is a
  // standing condition of its service, not what changed: its everyday, as a timer's failing
  // tick is, unless its unit of work is down (above) or it is a defect in the code (judgeRow).
  if (settled && !looping && ev.outage[i] === 0 && s.steady?.[id] === 1 && s.livedWith(i)) failureRoutine = 1;
  // A failure a timer writes on every tick since before the window (an exporter denied at
  // each scrape, a probe failing each minute) is a standing condition, not the incident.
  const ticking = settled && !looping && s.clocked?.[id] === 1 && s.occurrences![id]! >= TIMER_TICKS;
  if (ticking) failureRoutine = 1;
  // A program only one host of a fleet writes has silence as its everyday (peers.ts): how
  // much of its own output is failures says nothing. A refusal or a timer's tick stays routine.
  else if (s.lone !== undefined && s.lone[g]! > 0 && !s.refused(i)) {
    failureRoutine = 0;
    ev.levelDamped[i] = 0;
    ev.lone[i] = 1;
  }
  // So does a message only one instance of a service writes while its peers, doing the same
  // work, never do (peers.ts loneOnInstance).
  else if (s.loneTemplate !== undefined && s.loneTemplate[id]! > 0 && !s.refused(i)) {
    failureRoutine = 0;
    ev.levelDamped[i] = 0;
    ev.lone[i] = 2;
  }
  // A refusal or a timer's tick stays routine whatever its unit of work does.
  if (failureRoutine !== 0) ev.outage[i] = 0;
  return failureRoutine;
}

/** The performance evidence of a line with a time: against its template, route, skeleton, stated limit and peers. */
function timedPerformance(s: EvidenceScan, i: number, g: number, id: number, rt: number, timeout: boolean, failureRoutine: number): void {
  const { b, ev } = s;
  const own = s.templateOf ? b.templateResponseTime[id] : undefined;
  const base = own ?? b.responseTime[g];
  const route = slowerRoute(b, i, base);
  if (route !== undefined) {
    const k = b.skeletonOf[i]!;
    ev.performance[i] = performanceEvidence(rt, timeout, route, failureRoutine, b.skeletonEarlyResponseTime[k]);
    ev.perfSkeleton[i] = k + 1;
  } else {
    // Only a message's own early times say how far up it usually goes: against the service,
    // the early tail is other messages' (a report endpoint's seconds beside a cache's 5 ms).
    // Without the early times, no second path is granted (a starved service's slow share).
    const early = own && !s.starvedService[g] ? b.templateEarlyResponseTime[id] : undefined;
    ev.performance[i] = performanceEvidence(rt, timeout, base, failureRoutine, early);
    if (early !== undefined && s.crept?.[id] === 1) {
      const byEarly = performanceEvidence(rt, timeout, early, failureRoutine, early);
      if (byEarly > ev.performance[i]!) {
        ev.performance[i] = byEarly;
        ev.perfEarly[i] = 1;
      }
    }
  }
  const limit = s.limitOf(i);
  if (limit > 0) ev.performance[i] = Math.max(ev.performance[i]!, overLimitEvidence(rt, limit));
  const skeleton = route === undefined ? fasterSkeleton(b, i, base) : undefined;
  if (skeleton !== undefined) {
    const k = b.skeletonOf[i]!;
    const bySkeleton = performanceEvidence(rt, timeout, skeleton, failureRoutine, b.skeletonEarlyResponseTime[k]);
    if (bySkeleton > ev.performance[i]!) {
      ev.performance[i] = bySkeleton;
      ev.perfSkeleton[i] = k + 1;
    }
  }
  // Against its peers the line's message may have two paths too, but only as they have.
  const peer = s.peers ? s.peers.of[i]! : 0;
  if (peer > 0) peerPerformance(s, i, rt, timeout, failureRoutine, limit, peer);
}

function peerPerformance(s: EvidenceScan, i: number, rt: number, timeout: boolean, failureRoutine: number, limit: number, peer: number): void {
  const { ev } = s;
  const base = s.peers!.baselines[peer - 1]!;
  const byPeers = performanceEvidence(rt, timeout, base, failureRoutine, base);
  // An instance that adds a fixed delay to every call (peers.ts) is judged by its own
  // times instead: what its message and its service call slow is its distance.
  if (base.peers === 0) {
    ev.performance[i] = limit > 0 ? Math.max(byPeers, overLimitEvidence(rt, limit)) : byPeers;
    ev.perfPeer[i] = peer;
    ev.perfSkeleton[i] = 0;
  } else if (byPeers > ev.performance[i]!) {
    ev.performance[i] = byPeers;
    ev.perfPeer[i] = peer;
    ev.perfSkeleton[i] = 0;
  }
}
