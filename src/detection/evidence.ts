/**
 * Per-log evidence in [0, 1] for each anomaly type, from robust baselines of the incident.
 * Baselines are per service when the service has enough samples, otherwise the whole
 * incident: a service with three requests says little about what is slow for it.
 */
import { mentionsTimeout } from "./message-metrics.js";
import { groupedRobustStats, robustZ, type GroupedStats, type RobustStats } from "./statistics.js";
import type { FeatureMatrix, LogRecord } from "./types.js";

/** Fewer samples than this in a service: judge against the incident instead. */
export const MIN_SERVICE_BASELINE = 5;
/** Fewer samples than this in the incident: no baseline, only absolute rules speak. */
export const MIN_INCIDENT_BASELINE = 3;

export interface Baseline {
  stats: RobustStats;
  /** Service name, or undefined when the incident-wide baseline was used. */
  service: string | undefined;
}

/** Baseline per service id (resolved once, not per log). */
export type ServiceBaselines = readonly (Baseline | undefined)[];

export interface Baselines {
  groupOf: Int32Array;
  services: string[];
  responseTime: ServiceBaselines;
  memory: ServiceBaselines;
  messageLength: ServiceBaselines;
  /** Raw share of logs at or above each severity (index = severity 0..5). */
  severityShare: Float64Array;
  /** The same share shrunk towards a prior, so two logs do not make a "common" level. */
  severityRarityShare: Float64Array;
  keywordRarityShare: number;
}

export interface Evidence {
  performance: Float64Array;
  memory: Float64Array;
  error: Float64Array;
  pattern: Float64Array;
  /** 1 where the message reports a timeout with a parsed time. */
  timeout: Uint8Array;
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * Robust z to evidence: 0 up to z = 2, then 1 - exp(-(z-2)^2 / 2.88), smooth at 2.
 * z 3 -> 0.29, 3.5 -> 0.54, 4 -> 0.75, 5 -> 0.96.
 */
export function zEvidence(z: number): number {
  if (!(z > 2)) return 0;
  const e = z - 2;
  return 1 - Math.exp(-(e * e) / 2.88);
}

/**
 * Tiny spreads make tiny differences look extreme (120 ms among a wall of 100 ms is z = 10),
 * so z-based evidence is also scaled by how far the value is from the median in ratio terms:
 * 0 at `from`x the median, 1 at `full`x.
 */
export function ratioFactor(ratio: number, from: number, full: number): number {
  return clamp01((ratio - from) / (full - from));
}

/**
 * Rarity weight of a level: 1 while at most 10% of the incident is at that level or worse,
 * falling linearly to 0.4 at 50% and beyond. The share is smoothed as
 * (count + 0.05 * 10) / (n + 10), a prior of 5% worth ten logs.
 */
export function rarityWeight(share: number): number {
  return 1 - 0.6 * clamp01((share - 0.1) / 0.4);
}

const RARITY_PRIOR = 0.05;
const RARITY_PRIOR_WEIGHT = 10;
const smoothedShare = (count: number, n: number): number =>
  (count + RARITY_PRIOR * RARITY_PRIOR_WEIGHT) / (n + RARITY_PRIOR_WEIGHT);

export function buildBaselines(records: readonly LogRecord[], m: FeatureMatrix): Baselines {
  const n = m.n;
  const ids = new Map<string, number>();
  const services: string[] = [];
  const groupOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = records[i]!.service;
    let g = ids.get(s);
    if (g === undefined) {
      g = services.length;
      ids.set(s, g);
      services.push(s);
    }
    groupOf[i] = g;
  }
  const hasTime = new Uint8Array(n);
  const hasMemory = new Uint8Array(n);
  const atLeast = new Float64Array(7);
  let withKeywords = 0;
  for (let i = 0; i < n; i++) {
    hasTime[i] = m.responseTime[i]! > 0 ? 1 : 0;
    hasMemory[i] = m.memoryUsage[i]! > 0 ? 1 : 0;
    const sev = Math.max(0, Math.min(5, m.levelSeverity[i]!));
    atLeast[sev] = atLeast[sev]! + 1;
    if (m.errorKeywords[i]! > 0) withKeywords++;
  }
  for (let s = 4; s >= 0; s--) atLeast[s] = atLeast[s]! + atLeast[s + 1]!;
  const severityShare = new Float64Array(6);
  const severityRarityShare = new Float64Array(6);
  for (let s = 0; s <= 5; s++) {
    severityShare[s] = n > 0 ? atLeast[s]! / n : 0;
    severityRarityShare[s] = smoothedShare(atLeast[s]!, n);
  }
  const groups = services.length;
  const resolve = (stats: GroupedStats): ServiceBaselines =>
    services.map((_, g) => pickBaseline(stats, g, services));
  return {
    groupOf,
    services,
    responseTime: resolve(groupedRobustStats(m.responseTime, groupOf, groups, hasTime)),
    memory: resolve(groupedRobustStats(m.memoryUsage, groupOf, groups, hasMemory)),
    messageLength: resolve(groupedRobustStats(m.messageLength, groupOf, groups)),
    severityShare,
    severityRarityShare,
    keywordRarityShare: smoothedShare(withKeywords, n),
  };
}

export function pickBaseline(stats: GroupedStats, group: number, services: readonly string[]): Baseline | undefined {
  const own = stats.groups[group];
  if (own && own.count >= MIN_SERVICE_BASELINE) return { stats: own, service: services[group] };
  if (stats.overall.count >= MIN_INCIDENT_BASELINE) return { stats: stats.overall, service: undefined };
  return undefined;
}

/** A response time this long is strong evidence on its own (unless it is the service's normal). */
export const SLOW_ABSOLUTE_MS = 10_000;
const TIMEOUT_EVIDENCE = 0.8;

export function performanceEvidence(rt: number, timeout: boolean, baseline: Baseline | undefined): number {
  if (!(rt > 0)) return 0;
  let ev = 0;
  const median = baseline?.stats.median ?? 0;
  if (baseline) ev = zEvidence(robustZ(rt, baseline.stats)) * ratioFactor(rt / median, 1.2, 2);
  if (rt >= SLOW_ABSOLUTE_MS && (!baseline || rt >= 2 * median)) {
    // 10 s -> 0.85, 60 s and beyond -> 0.95.
    ev = Math.max(ev, 0.85 + 0.1 * clamp01(Math.log(rt / SLOW_ABSOLUTE_MS) / Math.log(6)));
  }
  if (timeout) ev = Math.max(ev, TIMEOUT_EVIDENCE);
  return ev;
}

export const HIGH_MEMORY_PCT = 85;

export function memoryEvidence(pct: number, baseline: Baseline | undefined): number {
  if (!(pct > 0)) return 0;
  // 85% -> 0.5, linearly to 0.95 at 100% (OOM).
  const level = pct >= HIGH_MEMORY_PCT ? 0.5 + (0.45 * (Math.min(pct, 100) - HIGH_MEMORY_PCT)) / 15 : 0;
  if (!baseline) return level;
  // A jump well above the service's usual usage counts, but below 85% it is never alarming alone.
  const jump = 0.7 * zEvidence(robustZ(pct, baseline.stats)) * clamp01((pct - baseline.stats.median - 5) / 15);
  return Math.max(level, jump);
}

const LEVEL_BASE = [0, 0, 0, 0.35, 0.75, 0.9];
/** DEBUG/INFO lines that still carry error words ("payment failed") get a little. */
const KEYWORD_ONLY_BASE = 0.25;

export function errorEvidence(severity: number, keywords: number, b: Baselines): number {
  const sev = Math.max(0, Math.min(5, severity));
  let base = LEVEL_BASE[sev]!;
  let share = b.severityRarityShare[sev]!;
  if (base === 0) {
    if (keywords === 0) return 0;
    base = KEYWORD_ONLY_BASE;
    share = b.keywordRarityShare;
  }
  return Math.min(1, base * rarityWeight(share) + Math.min(0.12, 0.04 * keywords));
}

/** The most a message length alone can say: long stack traces are notable, not alarming. */
const LENGTH_EVIDENCE_CAP = 0.75;

export function lengthEvidence(len: number, baseline: Baseline | undefined): number {
  if (!baseline) return 0;
  const med = baseline.stats.median;
  const z = Math.abs(robustZ(len, baseline.stats));
  const ratio = len >= med ? len / Math.max(med, 1) : med / Math.max(len, 1);
  return LENGTH_EVIDENCE_CAP * zEvidence(z) * ratioFactor(ratio, 1.5, 3);
}

export function computeEvidence(records: readonly LogRecord[], m: FeatureMatrix, b: Baselines): Evidence {
  const n = m.n;
  const ev: Evidence = {
    performance: new Float64Array(n),
    memory: new Float64Array(n),
    error: new Float64Array(n),
    pattern: new Float64Array(n),
    timeout: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const g = b.groupOf[i]!;
    const rt = m.responseTime[i]!;
    if (rt > 0) {
      const timeout = mentionsTimeout(records[i]!.message);
      ev.timeout[i] = timeout ? 1 : 0;
      ev.performance[i] = performanceEvidence(rt, timeout, b.responseTime[g]);
    }
    const mem = m.memoryUsage[i]!;
    if (mem > 0) ev.memory[i] = memoryEvidence(mem, b.memory[g]);
    ev.error[i] = errorEvidence(m.levelSeverity[i]!, m.errorKeywords[i]!, b);
    ev.pattern[i] = lengthEvidence(m.messageLength[i]!, b.messageLength[g]);
  }
  return ev;
}
