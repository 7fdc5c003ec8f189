/**
 * The incident's evidence (evidence.ts) adjusted by the services' histories (history.ts):
 *
 * - A routine template's odd lines weigh less: its novelty, words of concern and message length
 *   times HISTORY_ROUTINE_WEIGHT, its level and timeouts damped as a template its service writes
 *   all day. Its bursts and its numbers still speak: a routine warning at 30 times its rate, or
 *   a routine request at 40 times its usual time, is the incident.
 * - A template the history does not hold (once ready) is pattern evidence, up to
 *   NEW_TEMPLATE_EVIDENCE times its rarity in the window: a line kind never seen in 14 incidents
 *   is new, however early in the window it comes.
 * - Response times against the history's own quantiles, once it holds HISTORY_MIN_SAMPLES of
 *   them: only above the history's 95th percentile, with the median as the centre and the
 *   p50-p95 distance as the spread. The template's own history replaces the incident's judgement
 *   (its usual times are known); the service's history adds to it (the larger evidence counts).
 */
import { errorEvidence, performanceEvidence, routineDamping, TIMEOUT_EVIDENCE, ROUTINE_WEIGHT, type Baseline, type Evidence } from "../evidence/evidence.js";
import { templateId } from "../findings.js";
import { MIN_HISTORY, rarityOf, type TemplateStats } from "../templates/patterns.js";
import type { FeatureMatrix } from "../types.js";
import { timeQuantile, total, type Histogram } from "./histogram.js";
import { historyReady, templateVerdicts, type DetectionHistory, type ServiceHistory, type TemplateVerdict } from "./history.js";

export const HISTORY_ROUTINE_WEIGHT = 0.45;
export const NEW_TEMPLATE_EVIDENCE = 0.8;
/** Response times a history needs (decayed weight) before it judges them. */
export const HISTORY_MIN_SAMPLES = 30;
/** The normal quantile at 0.95: (ln p95 - ln p50) / this estimates the log-scale spread. */
const Z95 = 1.645;

export interface HistoryBaseline {
  p50: number;
  p95: number;
  /** Baseline in the shape performanceEvidence reads (stats of ln(ms)). */
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
}

function historyBaseline(h: Histogram | undefined, service: string, template: boolean): HistoryBaseline | undefined {
  if (!(total(h) >= HISTORY_MIN_SAMPLES)) return undefined;
  const p50 = timeQuantile(h, 0.5);
  const p95 = timeQuantile(h, 0.95);
  const scale = Math.max((Math.log(p95) - Math.log(p50)) / Z95, 0);
  return { p50, p95, baseline: { stats: { count: total(h), median: Math.log(p50), mad: scale, meanAbsDev: scale, scale }, service, template } };
}

/** Evidence of a time against a history: nothing up to its p95 but a timeout's wording. */
function againstHistory(rt: number, timeout: boolean, b: HistoryBaseline, routine: number): number {
  if (rt <= b.p95) return timeout ? TIMEOUT_EVIDENCE * routineDamping(routine) : 0;
  return performanceEvidence(rt, timeout, b.baseline, routine);
}

export interface HistoryInputs {
  history: DetectionHistory;
  features: FeatureMatrix;
  groupOf: Int32Array;
  services: readonly string[];
  templates: TemplateStats;
  evidence: Evidence;
}

/** Adjusts `evidence` in place (see above) and says what the history said, for reasons and lessons. */
export function applyHistory(x: HistoryInputs): HistoryEvidence {
  const { history, features: m, groupOf, evidence: ev, templates: stats } = x;
  const table = stats.table;
  const n = m.n;
  const serviceOfTemplate = (id: number) => x.services[groupOf[table.firstRow[id]!]!]!;
  const list = Array.from({ length: table.count }, (_, id) => {
    const text = table.text(id);
    return { service: serviceOfTemplate(id), id: templateId(text), text };
  });
  const { verdicts } = templateVerdicts(history, list);
  const services = x.services.map((s) => history.services[s]);
  const ready = services.map((h) => historyReady(h, history.routineIncidents));
  const serviceRt = services.map((h, g) => (h && ready[g] ? historyBaseline(h.rt, h.service, false) : undefined));
  const templateRt = verdicts.map((v, id) =>
    v.match && ready[groupOf[table.firstRow[id]!]!] ? historyBaseline(v.match.rt, list[id]!.service, true) : undefined,
  );
  // Rarity for new templates: a share of the service's lines, from MIN_HISTORY lines (patterns.ts
  // asks more of a service before calling anything rare within one window).
  const newPerTemplate = verdicts.map((v, id) => (v.isNew && stats.serviceLogs[id]! >= MIN_HISTORY ? NEW_TEMPLATE_EVIDENCE * rarityOf(stats.share[id]!) : 0));
  const perfSource = new Uint8Array(n);
  const newTemplate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const id = table.templateOf[i]!;
    const v = verdicts[id]!;
    const routine = v.routine ? 1 : ev.routine[i]!;
    if (v.routine) {
      ev.novelty[i] = ev.novelty[i]! * HISTORY_ROUTINE_WEIGHT;
      ev.concern[i] = ev.concern[i]! * HISTORY_ROUTINE_WEIGHT;
      ev.length[i] = ev.length[i]! * HISTORY_ROUTINE_WEIGHT;
      const sev = Math.max(0, Math.min(5, m.levelSeverity[i]!));
      if (ev.error[i]! > 0) ev.error[i] = Math.min(ev.error[i]!, errorEvidence(sev, m.errorKeywords[i]!, 1));
      if (ev.timeout[i] && ev.performance[i]! <= TIMEOUT_EVIDENCE) ev.performance[i] = Math.min(ev.performance[i]!, TIMEOUT_EVIDENCE * ROUTINE_WEIGHT);
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
        ev.performance[i] = againstHistory(rt, ev.timeout[i] === 1, own, routine);
        perfSource[i] = 2;
      } else if (svc) {
        const e = againstHistory(rt, ev.timeout[i] === 1, svc, routine);
        if (e > ev.performance[i]!) {
          ev.performance[i] = e;
          perfSource[i] = 1;
        }
      }
    }
    ev.pattern[i] = Math.max(ev.length[i]!, ev.novelty[i]!, ev.burst[i]!, ev.concern[i]!);
  }
  return {
    history,
    verdicts,
    rememberedId: verdicts.map((v) => v.match?.id),
    services,
    perfSource,
    serviceRt,
    templateRt,
    newTemplate,
  };
}
