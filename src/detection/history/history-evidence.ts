/**
 * The incident's evidence (evidence.ts) adjusted by the services' histories (history.ts):
 *
 * - A routine template's odd lines weigh less: its novelty, words of concern and message length
 *   times HISTORY_ROUTINE_WEIGHT, its level and timeouts damped as a template its service writes
 *   all day. Its bursts and its numbers still speak: a routine warning at 30 times its rate, a
 *   routine request at 40 times its usual time, or refused 30 times as often as in the rest of
 *   the window (refusals.ts), is the incident.
 * - A template the history does not hold (once ready) is pattern evidence, up to
 *   NEW_TEMPLATE_EVIDENCE times its rarity in the window: a line kind never seen in 14 incidents
 *   is new, however early in the window it comes.
 * - Response times against the history's own quantiles, once it holds HISTORY_MIN_SAMPLES of
 *   them: only above the history's 95th percentile, with the median as the centre and the
 *   p50-p95 distance as the spread. The template's own history replaces the incident's judgement
 *   (its usual times are known); the service's history adds to it (the larger evidence counts).
 * - Memory readings (percent) against the history's band, once it holds
 *   HISTORY_MIN_MEMORY_SAMPLES of them: the template's own readings when it has that many (a GC
 *   line's heap after collection and a stats line's heap in use are two measures of one
 *   service), else the service's. Above the band's 95th percentile the reading is judged as
 *   memoryEvidence judges it within an incident, with the history's median as the centre and the
 *   p50-p95 distance as the spread, and the larger of that and the incident's evidence counts.
 *   At or below it the reading is routine for the service: its evidence times
 *   HISTORY_ROUTINE_WEIGHT. Out of memory (OUT_OF_MEMORY_EVIDENCE) is never damped.
 */
import {
  errorEvidence,
  memoryEvidence,
  OUT_OF_MEMORY_EVIDENCE,
  OUTAGE_REFUSALS,
  performanceEvidence,
  ratioFactor,
  routineDamping,
  TIMEOUT_EVIDENCE,
  ROUTINE_WEIGHT,
  type Baseline,
  type Evidence,
} from "../evidence/evidence.js";
import { LEVEL_SEVERITY } from "../../logs/log-record.js";
import { delayIsFailure } from "../features/message-metrics.js";
import { commonness, MIN_HISTORY, rarityOf, type TemplateStats } from "../templates/patterns.js";
import type { FeatureMatrix } from "../types.js";
import { memoryBin, memoryOfBin, quantileBins, timeOfBinOrNaN, total, type Histogram } from "./histogram.js";
import { historyReady, incidentVerdicts, type DetectionHistory, type ServiceHistory, type TemplateVerdict } from "./history.js";

export const HISTORY_ROUTINE_WEIGHT = 0.45;
export const NEW_TEMPLATE_EVIDENCE = 0.8;
/** Response times a history needs (decayed weight) before it judges them. */
export const HISTORY_MIN_SAMPLES = 30;
/**
 * Memory readings a history needs (decayed weight) before it judges them: about three incidents
 * of a health line every quarter of an hour, as many as HISTORY_MIN_SAMPLES asks of times.
 */
export const HISTORY_MIN_MEMORY_SAMPLES = 30;
/** The normal quantile at 0.95: (ln p95 - ln p50) / this estimates the log-scale spread. */
const Z95 = 1.645;
/** The two quantiles a remembered baseline is made of. */
const MEDIAN_AND_95TH = [0.5, 0.95] as const;

export interface HistoryBaseline {
  p50: number;
  p95: number;
  /** Baseline in the shape performanceEvidence reads (stats of ln(ms)). */
  baseline: Baseline;
}

/** A history's memory band, in whole percents (the histogram's bins). */
export interface MemoryBand {
  p50: number;
  p95: number;
  samples: number;
  /** Baseline in the shape memoryEvidence reads (stats of the percent). */
  baseline: Baseline;
}

export interface HistoryEvidence {
  history: DetectionHistory;
  /** By incident template index. */
  verdicts: TemplateVerdict[];
  /** The remembered id of each incident template, for the lesson (so ids stay stable). */
  rememberedId: (string | undefined)[];
  /** By service group: its history, when it has one. */
  services: (ServiceHistory | undefined)[];
  /** Per row: 0 the incident judged its time, 1 the service's history, 2 the template's history. */
  perfSource: Uint8Array;
  serviceRt: (HistoryBaseline | undefined)[];
  templateRt: (HistoryBaseline | undefined)[];
  /** Per row: evidence of a template new to the history. */
  newTemplate: Float64Array;
  /** Per row: 0 no history judged its memory reading, 1 the service's, 2 the template's. */
  memSource: Uint8Array;
  /** Per row: 1 when the reading was within the band (memSource's) and its evidence damped. */
  memRoutine: Uint8Array;
  serviceMem: (MemoryBand | undefined)[];
  templateMem: (MemoryBand | undefined)[];
}

function historyBaseline(h: Histogram | undefined, service: string, template: boolean): HistoryBaseline | undefined {
  const count = total(h);
  if (!(count >= HISTORY_MIN_SAMPLES)) return undefined;
  const [b50, b95] = quantileBins(h, MEDIAN_AND_95TH);
  const p50 = timeOfBinOrNaN(b50!);
  const p95 = timeOfBinOrNaN(b95!);
  const scale = Math.max((Math.log(p95) - Math.log(p50)) / Z95, 0);
  return { p50, p95, baseline: { stats: { count, median: Math.log(p50), mad: scale, meanAbsDev: scale, scale }, service, template } };
}

export function memoryBand(h: Histogram | undefined, service: string, template: boolean): MemoryBand | undefined {
  const samples = total(h);
  if (!(samples >= HISTORY_MIN_MEMORY_SAMPLES)) return undefined;
  const [p50, p95] = quantileBins(h, MEDIAN_AND_95TH) as [number, number];
  // Readings in bin b lie in [b, b + 1): the spread is taken between the bins' middles.
  const median = memoryOfBin(p50);
  const scale = Math.max((memoryOfBin(p95) - median) / Z95, 0);
  return { p50, p95, samples, baseline: { stats: { count: samples, median, mad: scale, meanAbsDev: scale, scale }, service, template } };
}

/** Whether a reading lies above the band (its bin beyond the 95th percentile's). */
export const aboveBand = (pct: number, b: MemoryBand): boolean => memoryBin(pct) > b.p95;

/**
 * The memory evidence of a reading given the incident's (`incident`) and a history's band: above
 * the band the larger of the two, within it the incident's times HISTORY_ROUTINE_WEIGHT (out of
 * memory is never damped).
 */
export function memoryAgainstHistory(pct: number, incident: number, b: MemoryBand): number {
  if (aboveBand(pct, b)) return Math.max(incident, memoryEvidence(pct, b.baseline));
  return incident >= OUT_OF_MEMORY_EVIDENCE ? incident : incident * HISTORY_ROUTINE_WEIGHT;
}

/** Evidence of a time against a history: nothing up to its p95 but a timeout's wording. */
function againstHistory(rt: number, timeout: boolean, b: HistoryBaseline, routine: number): number {
  if (rt <= b.p95) return timeout ? TIMEOUT_EVIDENCE * routineDamping(routine) : 0;
  // A history with two paths (a CDN's hits in 4 ms, its misses in 200 ms) has a wide spread, so
  // z alone would call 10 s among them mild: a time is also slow as a multiple of the history's
  // top, nothing below 3x its 95th percentile (a few healthy days do not show a service's whole
  // tail), certain from 10x.
  return Math.max(performanceEvidence(rt, timeout, b.baseline, routine), ratioFactor(rt / b.p95, 3, 10));
}

/**
 * How routine a routine template's failure is: fully, unless the history shows the level it is
 * written at. A template the service writes every day at INFO ("GET <*> <*> MISS", its 200s)
 * that now comes at ERROR (a 5xx) is not its everyday failure: as routine as the share of its
 * remembered lines at ERROR or worse is common (commonness: none under 5 %, fully from 20 %).
 */
function failureRoutine(v: TemplateVerdict, severity: number): number {
  const severe = v.match?.severe;
  if (severity < LEVEL_SEVERITY.ERROR || severe === undefined || severe.of <= 0) return 1;
  return commonness(severe.lines / severe.of);
}

export interface HistoryInputs {
  history: DetectionHistory;
  features: FeatureMatrix;
  groupOf: Int32Array;
  services: readonly string[];
  templates: TemplateStats;
  evidence: Evidence;
  /**
   * Whether the incident judged a row's time against its own route (evidence.ts, routes): 0 no,
   * 1 yes, 2 on a route slower than its template's median (slowerRoute: that operation's everyday).
   */
  onRoute?: (row: number) => number;
}

/** The history's baselines of one incident, per service and per template (undefined where it has none). */
interface HistoryBaselines {
  serviceRt: (HistoryBaseline | undefined)[];
  templateRt: (HistoryBaseline | undefined)[];
  serviceMem: (MemoryBand | undefined)[];
  templateMem: (MemoryBand | undefined)[];
}

/**
 * applyHistory's pass over every row, in a function of its own: V8 compiles it once, while the
 * per-template work around it, whose objects change shape as the memory learns, stays cheap to
 * recompile.
 */
function historyRows(
  x: HistoryInputs,
  templateOf: Int32Array,
  verdicts: readonly TemplateVerdict[],
  newPerTemplate: readonly number[],
  bases: HistoryBaselines,
): { perfSource: Uint8Array; newTemplate: Float64Array; memSource: Uint8Array; memRoutine: Uint8Array } {
  const { features: m, groupOf, evidence: ev } = x;
  const { serviceRt, templateRt, serviceMem, templateMem } = bases;
  const n = m.n;
  const perfSource = new Uint8Array(n);
  const newTemplate = new Float64Array(n);
  const memSource = new Uint8Array(n);
  const memRoutine = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    const v = verdicts[id]!;
    const routine = v.routine ? 1 : ev.routine[i]!;
    if (v.routine) {
      ev.novelty[i] = ev.novelty[i]! * HISTORY_ROUTINE_WEIGHT;
      ev.concern[i] = ev.concern[i]! * HISTORY_ROUTINE_WEIGHT;
      ev.length[i] = ev.length[i]! * HISTORY_ROUTINE_WEIGHT;
      const sev = Math.max(0, Math.min(5, m.levelSeverity[i]!));
      if (ev.error[i]! > 0 && ev.outage[i] !== OUTAGE_REFUSALS)
        ev.error[i] = Math.min(ev.error[i]!, errorEvidence(sev, m.errorKeywords[i]!, failureRoutine(v, sev)));
      if (delayIsFailure(ev.timeout[i]!) && ev.performance[i]! <= TIMEOUT_EVIDENCE)
        ev.performance[i] = Math.min(ev.performance[i]!, TIMEOUT_EVIDENCE * ROUTINE_WEIGHT);
    }
    const fresh = newPerTemplate[id]!;
    if (fresh > 0) {
      newTemplate[i] = fresh;
      if (fresh > ev.novelty[i]!) ev.novelty[i] = fresh;
    }
    const rt = m.responseTime[i]!;
    if (rt > 0) {
      const own = templateRt[id];
      const svc = serviceRt[groupOf[i]!];
      if (own) {
        const e = againstHistory(rt, delayIsFailure(ev.timeout[i]!), own, routine);
        // The remembered quantiles are the message's over all its routes: a line the incident
        // judged on its own route keeps that judgement where it says more (a 700 ms search is
        // not excused by the exports of the same message in the history's 95th percentile), and
        // on a route slower than the message's median keeps it whatever the history says (a 7 s
        // export is not 3,000x the 2 ms flag lookups that make up the remembered median).
        const route = x.onRoute?.(i) ?? 0;
        if (!((route > 0 && e < ev.performance[i]!) || route === 2)) {
          ev.performance[i] = e;
          perfSource[i] = 2;
        }
      } else if (svc) {
        const e = againstHistory(rt, delayIsFailure(ev.timeout[i]!), svc, routine);
        if (e > ev.performance[i]!) {
          ev.performance[i] = e;
          perfSource[i] = 1;
        }
      }
    }
    const pct = m.memoryUsage[i]!;
    if (pct > 0) {
      const own = templateMem[id];
      const band = own ?? serviceMem[groupOf[i]!];
      if (band) {
        const before = ev.memory[i]!;
        ev.memory[i] = memoryAgainstHistory(pct, before, band);
        memSource[i] = own ? 2 : 1;
        memRoutine[i] = ev.memory[i]! < before ? 1 : 0;
      }
    }
    ev.pattern[i] = Math.max(ev.length[i]!, ev.novelty[i]!, ev.burst[i]!, ev.concern[i]!, ev.oddValue[i]!);
  }
  return { perfSource, newTemplate, memSource, memRoutine };
}

/** Adjusts `evidence` in place (see above) and says what the history said, for reasons and lessons. */
export function applyHistory(x: HistoryInputs): HistoryEvidence {
  const { history, groupOf, templates: stats } = x;
  const table = stats.table;
  const serviceOfTemplate = (id: number) => x.services[groupOf[table.firstRow[id]!]!]!;
  const { verdicts, plain } = incidentVerdicts(history, table, serviceOfTemplate);
  const services = x.services.map((s) => history.services[s]);
  const ready = services.map((h) => historyReady(h, history.routineIncidents));
  const serviceRt = services.map((h, g) => (h && ready[g] ? historyBaseline(h.rt, h.service, false) : undefined));
  const templateRt = plain.map((match, id) =>
    match && ready[groupOf[table.firstRow[id]!]!] ? historyBaseline(match.rt, serviceOfTemplate(id), true) : undefined,
  );
  // Rarity for new templates: a share of the service's lines, from MIN_HISTORY lines (patterns.ts
  // asks more of a service before calling anything rare within one window).
  const newPerTemplate = verdicts.map((v, id) => (v.isNew && stats.serviceLogs[id]! >= MIN_HISTORY ? NEW_TEMPLATE_EVIDENCE * rarityOf(stats.share[id]!) : 0));
  const serviceMem = services.map((h, g) => (h && ready[g] ? memoryBand(h.mem, h.service, false) : undefined));
  const templateMem = plain.map((match, id) =>
    match && ready[groupOf[table.firstRow[id]!]!] ? memoryBand(match.mem, serviceOfTemplate(id), true) : undefined,
  );
  const { perfSource, newTemplate, memSource, memRoutine } = historyRows(x, table.templateOf, verdicts, newPerTemplate, {
    serviceRt,
    templateRt,
    serviceMem,
    templateMem,
  });
  return {
    history,
    verdicts,
    rememberedId: verdicts.map((v) => v.match?.id),
    services,
    perfSource,
    serviceRt,
    templateRt,
    newTemplate,
    memSource,
    memRoutine,
    serviceMem,
    templateMem,
  };
}
