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
 * - Error: the level, damped for templates the service writes all day (patterns.ts "routine").
 * - Pattern: template novelty and bursts (patterns.ts), and message length within the service.
 */
import { mentionsTimeout } from "../features/message-metrics.js";
import type { MessageShapes } from "../features/message-shapes.js";
import type { PatternEvidence } from "../templates/patterns.js";
import type { Reference } from "../reference.js";
import type { TemplateTable } from "../templates/templates.js";
import { clamp01, groupedRobustStats, robustStats, robustZ, type GroupedStats, type RobustStats } from "../statistics.js";
import { asTable, type Logs } from "../../logs/from-records.js";
import type { FeatureMatrix } from "../types.js";

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
  memory: ServiceBaselines;
  messageLength: ServiceBaselines;
  /** Raw share of logs at or above each severity (index = severity 0..5). */
  severityShare: Float64Array;
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
  /** 1 where the message reports a timeout with a parsed time. */
  timeout: Uint8Array;
  /** 1 where the log's template is routine (written throughout the reference part). */
  routine: Uint8Array;
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
}

export function buildBaselines(logs: Logs, m: FeatureMatrix, inputs: BaselineInputs = {}): Baselines {
  const table = asTable(logs);
  const n = m.n;
  const { groupOf, services } = inputs.groupOf && inputs.services ? { groupOf: inputs.groupOf, services: inputs.services } : serviceGroups(table);
  const ref = inputs.reference?.mask;
  const logTime = new Float64Array(n);
  const hasTime = new Uint8Array(n);
  const hasTimeRef = new Uint8Array(n);
  const hasMemory = new Uint8Array(n);
  const hasMemoryRef = new Uint8Array(n);
  const atLeast = new Float64Array(7);
  for (let i = 0; i < n; i++) {
    const rt = m.responseTime[i]!;
    if (rt > 0) {
      logTime[i] = Math.log(rt);
      hasTime[i] = 1;
      hasTimeRef[i] = !ref || ref[i] ? 1 : 0;
    }
    if (m.memoryUsage[i]! > 0) {
      hasMemory[i] = 1;
      hasMemoryRef[i] = !ref || ref[i] ? 1 : 0;
    }
    const sev = Math.max(0, Math.min(5, m.levelSeverity[i]!));
    atLeast[sev] = atLeast[sev]! + 1;
  }
  for (let s = 4; s >= 0; s--) atLeast[s] = atLeast[s]! + atLeast[s + 1]!;
  const severityShare = new Float64Array(6);
  for (let s = 0; s <= 5; s++) severityShare[s] = n > 0 ? atLeast[s]! / n : 0;
  const groups = services.length;
  const timeRef = groupedRobustStats(logTime, groupOf, groups, hasTimeRef);
  const memRef = groupedRobustStats(m.memoryUsage, groupOf, groups, hasMemoryRef);
  const lengths = groupedRobustStats(m.messageLength, groupOf, groups, ref);
  const whole = (values: Float64Array, mask: Uint8Array | undefined, refStats: GroupedStats) => (): GroupedStats =>
    ref ? groupedRobustStats(values, groupOf, groups, mask) : refStats;

  let templateResponseTime: (Baseline | undefined)[] = [];
  const t = inputs.templates;
  if (t && t.count > 0) {
    const byTemplate = groupedRobustStats(logTime, t.templateOf, t.count, hasTimeRef);
    templateResponseTime = byTemplate.groups.map((stats, id) =>
      stats.count < TEMPLATE_BASELINE ? undefined : { stats, service: table.services[table.serviceOf[t.firstRow[id]!]!], template: true },
    );
  }
  return {
    groupOf,
    services,
    responseTime: resolveAll(timeRef, whole(logTime, hasTime, timeRef), services),
    templateResponseTime,
    memory: resolveAll(memRef, whole(m.memoryUsage, hasMemory, memRef), services),
    messageLength: resolveAll(lengths, whole(m.messageLength, undefined, lengths), services),
    severityShare,
    referenceSize: inputs.reference?.size ?? n,
  };
}

// ---------------------------------------------------------------------------------------
// Performance
// ---------------------------------------------------------------------------------------

/** A response time this long is strong evidence on its own (unless it is usual for its baseline). */
export const SLOW_ABSOLUTE_MS = 10_000;
const TIMEOUT_EVIDENCE = 0.8;
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
/** Evidence of a routine template (written all day) is multiplied by this. */
export const ROUTINE_WEIGHT = 0.45;

/** The baseline's median in ms (its stats are of ln(ms)). */
export const medianMs = (b: Baseline): number => Math.exp(b.stats.median);

/**
 * z on ln(ms) against the baseline (spread at least MIN_LOG_SCALE), mapped by zEvidence, times a
 * ratio factor (nothing below 2x the median, full from 4x): a request 3x its usual time is
 * within the tail of many services. Against a service (not the log's own template) at most
 * otherMessagesCap(ratio). A time >= SLOW_ABSOLUTE_MS that is >= 3x the median counts
 * 0.85-0.95 on its own; a timeout with a parsed time 0.8. A routine template's timeouts are damped.
 */
export function performanceEvidence(rt: number, timeout: boolean, baseline: Baseline | undefined, routine = false): number {
  if (!(rt > 0)) return 0;
  let ev = 0;
  let ratio = Infinity;
  if (baseline) {
    const s = baseline.stats;
    const scale = Math.max(s.scale, MIN_LOG_SCALE);
    const z = (Math.log(rt) - s.median) / scale;
    ratio = rt / Math.exp(s.median);
    ev = zEvidence(z) * ratioFactor(ratio, 2, 4) * (baseline.template ? 1 : otherMessagesCap(ratio));
  }
  if (rt >= SLOW_ABSOLUTE_MS && ratio >= 3) {
    // 10 s -> 0.85, 60 s and beyond -> 0.95.
    ev = Math.max(ev, 0.85 + 0.1 * clamp01(Math.log(rt / SLOW_ABSOLUTE_MS) / Math.log(6)));
  }
  if (timeout) ev = Math.max(ev, TIMEOUT_EVIDENCE * (routine ? ROUTINE_WEIGHT : 1));
  return ev;
}

// ---------------------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------------------

export const HIGH_MEMORY_PCT = 85;

/** Absolute scale: 80% -> 0, 85% -> 0.45, 90% -> 0.75, 100% (OOM) -> 0.95. */
export function memoryLevel(pct: number): number {
  if (pct <= 80) return 0;
  if (pct <= 85) return (0.45 * (pct - 80)) / 5;
  if (pct <= 90) return 0.45 + (0.3 * (pct - 85)) / 5;
  return 0.75 + (0.2 * (Math.min(pct, 100) - 90)) / 10;
}

/**
 * max(absolute level, 0.9 x jump above the service's usual level): the jump counts from 10
 * points above the median (full at 25) when it is also far in robust z (spread >= 2 points).
 * A service that always runs this high (within 5 points of its median) gets half the level.
 */
export function memoryEvidence(pct: number, baseline: Baseline | undefined): number {
  if (!(pct > 0)) return 0;
  let level = memoryLevel(pct);
  if (!baseline) return level;
  const s = baseline.stats;
  const jumpPts = pct - s.median;
  if (jumpPts < 5) level *= 0.5;
  const z = jumpPts / Math.max(s.scale, 2);
  const jump = 0.9 * zEvidence(z) * clamp01((jumpPts - 10) / 15);
  return Math.max(level, jump);
}

// ---------------------------------------------------------------------------------------
// Error
// ---------------------------------------------------------------------------------------

const LEVEL_BASE = [0, 0, 0, 0.35, 0.75, 0.9];
/** DEBUG/INFO lines that still carry error words ("payment failed") get a little. */
const KEYWORD_ONLY_BASE = 0.25;

/** Level base (+0.04 per error keyword, at most 0.12), times ROUTINE_WEIGHT for routine templates. */
export function errorEvidence(severity: number, keywords: number, routine = false): number {
  const sev = Math.max(0, Math.min(5, severity));
  let base = LEVEL_BASE[sev]!;
  if (base === 0) {
    if (keywords === 0) return 0;
    base = KEYWORD_ONLY_BASE;
  }
  return Math.min(1, (base + Math.min(0.12, 0.04 * keywords)) * (routine ? ROUTINE_WEIGHT : 1));
}

// ---------------------------------------------------------------------------------------
// Pattern: message length (novelty and bursts come from patterns.ts)
// ---------------------------------------------------------------------------------------

/**
 * The most a message length alone can say: below the default threshold, so a long line (a stack
 * trace, a dump) is reported only with other evidence; a short line says nothing.
 */
export const LENGTH_EVIDENCE_CAP = 0.6;

export function lengthEvidence(len: number, baseline: Baseline | undefined): number {
  if (!baseline) return 0;
  const med = baseline.stats.median;
  if (!(len > med)) return 0;
  const z = robustZ(len, baseline.stats);
  return LENGTH_EVIDENCE_CAP * zEvidence(z) * ratioFactor(len / Math.max(med, 1), 1.5, 3);
}

/** `shapes`, when given, is messageShapes(records): its timeout flags spare a regex per log. */
export function computeEvidence(logs: Logs, m: FeatureMatrix, b: Baselines, patterns?: PatternEvidence, shapes?: MessageShapes): Evidence {
  const n = m.n;
  const messages = shapes ? [] : asTable(logs).messages;
  const ev: Evidence = {
    performance: new Float64Array(n),
    memory: new Float64Array(n),
    error: new Float64Array(n),
    pattern: new Float64Array(n),
    novelty: patterns?.novelty ?? new Float64Array(n),
    burst: patterns?.burst ?? new Float64Array(n),
    length: new Float64Array(n),
    timeout: new Uint8Array(n),
    routine: patterns?.routine ?? new Uint8Array(n),
  };
  const templateOf = patterns?.stats.table.templateOf;
  for (let i = 0; i < n; i++) {
    const g = b.groupOf[i]!;
    const routine = ev.routine[i] === 1;
    const rt = m.responseTime[i]!;
    if (rt > 0) {
      const timeout = shapes ? shapes.timeout[shapes.shapeOf[i]!] === 1 : mentionsTimeout(messages[i]!);
      ev.timeout[i] = timeout ? 1 : 0;
      const base = (templateOf ? b.templateResponseTime[templateOf[i]!] : undefined) ?? b.responseTime[g];
      ev.performance[i] = performanceEvidence(rt, timeout, base, routine);
    }
    const mem = m.memoryUsage[i]!;
    if (mem > 0) ev.memory[i] = memoryEvidence(mem, b.memory[g]);
    ev.error[i] = errorEvidence(m.levelSeverity[i]!, m.errorKeywords[i]!, routine);
    const len = lengthEvidence(m.messageLength[i]!, b.messageLength[g]);
    ev.length[i] = len;
    ev.pattern[i] = Math.max(len, ev.novelty[i]!, ev.burst[i]!);
  }
  return ev;
}
