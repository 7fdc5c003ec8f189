/**
 * What people said about earlier results, applied to a detection: suppressions hide what they
 * match, verdicts change how a kind of line counts in its service. Pure: the rules come in as
 * data (src/feedback/ reads them from Valkey), and nothing is dropped without a trace: every
 * line taken out of the anomalies is accounted for in a suppressed group with its reason.
 *
 * - A suppression (service, and any of template id, template text, anomaly type, a substring
 *   of the message, all that are given must match) takes its lines out.
 * - `expected` says a template is routine for its service: its lines are taken out unless they
 *   stand out for a reason the verdict did not cover: a burst of it, or a response time or
 *   memory figure that alone reaches the threshold when the verdict was given on a finding of
 *   another type (a routine message can still be slow).
 * - `not_useful` lowers the confidence of that service's lines of that template and type by
 *   NOT_USEFUL_WEIGHT; those that fall below the threshold are taken out.
 * - `confirmed` marks later findings of that service's template as a known problem; they are
 *   never taken out by `expected` or `not_useful`.
 * Suppressions come first (an explicit decision), then verdicts; one verdict per service and
 * template, the latest (src/feedback/verdicts.ts), and not_useful per template and type.
 */
import { groupFindings, templateId, type FindingInputs } from "./findings.js";
import type { AnomalyType, DetectionOutput, FeedbackRules, SuppressedBy, SuppressedFinding, SuppressionRule, VerdictRule } from "./types.js";

/** Confidence of a not_useful kind of line is multiplied by this: only its strongest lines stay. */
export const NOT_USEFUL_WEIGHT = 0.75;

/** What feedback makes of one detected line. */
export type Judgement = { keep: true; confidence: number; note?: string; confirmed?: VerdictRule } | { keep: false; why: SuppressedBy; key: string };

/** What a detected line offers the rules. */
export interface JudgedLine {
  service: string;
  template: string;
  type: AnomalyType;
  message: () => string;
  confidence: number;
  /** Evidence that may speak for a line of a routine template: a burst of it, its figures. */
  burst: number;
  performance: number;
  memory: number;
}

/**
 * Whether a line of a template marked expected still stands out: it bursts, or a figure of a
 * type the verdict was not given on (a routine message that is now slow) reaches the threshold.
 */
function standsOut(line: JudgedLine, v: VerdictRule, threshold: number): boolean {
  if (line.burst >= threshold) return true;
  if (v.anomalyType !== "performance" && line.performance >= threshold) return true;
  return v.anomalyType !== "memory" && line.memory >= threshold;
}

const verdictKey = (service: string, tpl: string, type?: AnomalyType) => `${service}\u0000${tpl}${type === undefined ? "" : `\u0000${type}`}`;

/** A judge over one incident's lines: the rules indexed once, template ids hashed once per template. */
export function compileFeedback(rules: FeedbackRules, threshold: number): (line: JudgedLine) => Judgement {
  const byService = new Map<string, SuppressionRule[]>();
  for (const s of rules.suppressions) {
    const list = byService.get(s.match.service) ?? [];
    list.push(s);
    byService.set(s.match.service, list);
  }
  const template = new Map<string, VerdictRule>();
  const notUseful = new Map<string, VerdictRule>();
  for (const v of rules.verdicts) {
    if (v.verdict === "not_useful") notUseful.set(verdictKey(v.service, v.templateId, v.anomalyType), v);
    else template.set(verdictKey(v.service, v.templateId), v);
  }
  const ids = new Map<string, string>();
  const idOf = (text: string): string => {
    let id = ids.get(text);
    if (id === undefined) {
      id = templateId(text);
      ids.set(text, id);
    }
    return id;
  };
  return (line) => {
    const tplId = idOf(line.template);
    for (const s of byService.get(line.service) ?? []) {
      const m = s.match;
      if (m.template_id !== undefined && m.template_id !== tplId) continue;
      if (m.template !== undefined && m.template !== line.template) continue;
      if (m.anomaly_type !== undefined && m.anomaly_type !== line.type) continue;
      if (m.message !== undefined && !line.message().toLowerCase().includes(m.message.toLowerCase())) continue;
      return { keep: false, key: `s:${s.id}`, why: { by: "suppression", suppressionId: s.id, reason: s.reason } };
    }
    const v = template.get(verdictKey(line.service, tplId));
    if (v?.verdict === "confirmed") return { keep: true, confidence: line.confidence, confirmed: v };
    if (v?.verdict === "expected" && !standsOut(line, v, threshold)) {
      return {
        keep: false,
        key: `e:${verdictKey(line.service, tplId)}`,
        why: { by: "expected", verdict: v, reason: `expected for ${line.service}: ${describe(v)}` },
      };
    }
    const n = notUseful.get(verdictKey(line.service, tplId, line.type));
    if (n) {
      const confidence = line.confidence * NOT_USEFUL_WEIGHT;
      const reason = `weight lowered to ${NOT_USEFUL_WEIGHT}x: ${line.type} evidence of this kind was ${describe(n)}`;
      if (confidence < threshold)
        return {
          keep: false,
          key: `n:${verdictKey(line.service, tplId, line.type)}`,
          why: { by: "not_useful", verdict: n, reason: `not useful for ${line.service}: ${describe(n)}` },
        };
      return { keep: true, confidence, note: reason };
    }
    return { keep: true, confidence: line.confidence };
  };
}

function describe(v: VerdictRule): string {
  const what = v.verdict === "not_useful" ? "marked not useful" : `marked ${v.verdict}`;
  return `${what} by ${v.by} on ${v.incidentId} (${v.at.slice(0, 10)})${v.note ? `: ${v.note}` : ""}`;
}

/** The sentence a confirmed finding carries in later incidents. */
export function confirmedReason(v: VerdictRule): string {
  return `confirmed as a problem in ${v.incidentId} by ${v.by} (${v.at.slice(0, 10)})${v.note ? `: ${v.note}` : ""}`;
}

/** Inputs of groupFindings besides the rows (findings.ts). */
type GroupInputs = Omit<FindingInputs, "rows" | "confidence" | "type">;

/** Detected lines feedback took out, per rule, grouped into findings when the detection ends. */
export class HeldBack {
  private readonly byKey = new Map<string, { why: SuppressedBy; rows: number[]; confidence: number[]; type: number[] }>();

  add(key: string, why: SuppressedBy, row: number, confidence: number, typeIndex: number): void {
    let g = this.byKey.get(key);
    if (!g) {
      g = { why, rows: [], confidence: [], type: [] };
      this.byKey.set(key, g);
    }
    g.rows.push(row);
    g.confidence.push(confidence);
    g.type.push(typeIndex);
  }

  /** One group per rule and finding, the most lines first. */
  groups(inputs: GroupInputs, reasonsFor: (row: number) => string[]): SuppressedFinding[] {
    const out: SuppressedFinding[] = [];
    for (const g of this.byKey.values()) {
      const { findings } = groupFindings({
        ...inputs,
        rows: Int32Array.from(g.rows),
        confidence: Float64Array.from(g.confidence),
        type: Uint8Array.from(g.type),
      });
      for (const f of findings) out.push({ ...f, reasons: reasonsFor(f.strongestRow), why: g.why });
    }
    return out.sort((a, b) => b.count - a.count || b.maxConfidence - a.maxConfidence);
  }
}

/** Marks the findings (and their listed lines) of confirmed templates; keys are service + "\u0000" + template. */
export function markConfirmed(out: DetectionOutput, confirmed: ReadonlyMap<string, VerdictRule>): void {
  if (confirmed.size === 0) return;
  const marked = new Map<string, string>();
  for (const f of out.findings) {
    const v = confirmed.get(`${f.service}\u0000${f.template}`);
    if (!v) continue;
    const reason = confirmedReason(v);
    f.confirmed = v;
    f.reasons = [reason, ...f.reasons];
    marked.set(f.id, reason);
  }
  for (const a of out.anomalies) {
    const reason = a.findingId === undefined ? undefined : marked.get(a.findingId);
    if (reason !== undefined) a.reasons = [reason, ...a.reasons];
  }
}
