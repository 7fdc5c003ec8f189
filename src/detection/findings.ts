/**
 * Findings: the anomalous lines of an incident grouped by service x message template x anomaly
 * type. Confidence says how anomalous each line is, however many identical lines came before it;
 * a finding says "this kind of line, N times, from then to then", so a retry loop writing one
 * error 147 times is one finding of 147 lines rather than 147 things to read.
 *
 * Ids are stable: a template's id is a hash of its text, a finding's a hash of its service,
 * template id and type, so the same kind of line gets the same ids in every incident, after a
 * restart and on every replica (feedback and suppressions refer to them).
 */
import { createHash } from "node:crypto";
import { ANOMALY_TYPES, type AnomalyType, type Finding } from "./types.js";

/** 16 hex characters of SHA-256: ids people can paste, collisions practically impossible. */
function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/**
 * Template texts come back incident after incident: their ids are kept (up to TEMPLATE_ID_CHARS
 * characters of text, then begun again) instead of hashed each time, a tenth of the memory's
 * cost per small incident.
 */
const templateIds = new Map<string, string>();
const TEMPLATE_ID_CHARS = 1_000_000;
let templateIdChars = 0;

/** The stable id of a message template (its text, wildcards as "<*>"). */
export function templateId(template: string): string {
  let id = templateIds.get(template);
  if (id === undefined) {
    id = `t_${shortHash(template)}`;
    if (templateIdChars + template.length > TEMPLATE_ID_CHARS) {
      templateIds.clear();
      templateIdChars = 0;
    }
    templateIds.set(template, id);
    templateIdChars += template.length;
  }
  return id;
}

/** The stable id of a finding: its service, template and type. */
export function findingId(service: string, template: string, type: AnomalyType): string {
  return `f_${shortHash(`${service}\u0000${template}\u0000${type}`)}`;
}

/** What grouping needs of the detected lines and the incident. */
export interface FindingInputs {
  /** Detected rows in row order, with their confidence and type index (ANOMALY_TYPES). */
  rows: Int32Array;
  confidence: Float64Array;
  type: Uint8Array;
  templateOf: Int32Array;
  templateText: (id: number) => string;
  serviceOf: Int32Array;
  services: readonly string[];
  timestampMs: Float64Array;
}

/** By timestamp when both have one, else by position. */
export function earlierRow(timestampMs: Float64Array, a: number, b: number): boolean {
  const ta = timestampMs[a]!;
  const tb = timestampMs[b]!;
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta < tb;
  return a < b;
}

/**
 * One finding per service x template x type, strongest first (highest confidence, then most
 * lines, then earliest). Each finding also gets the index it has in the answer, per detected row
 * (`findingOf`, aligned with `rows`).
 */
export function groupFindings(d: FindingInputs): { findings: Finding[]; findingOf: Int32Array } {
  const byKey = new Map<number, number>();
  const out: Finding[] = [];
  const findingOf = new Int32Array(d.rows.length);
  const types = ANOMALY_TYPES.length;
  // A message is mined apart by level (templates.ts), so two templates of one service may share
  // a text: a finding is one per service x text x type, as its id says.
  const byText = new Map<string, number>();
  const canonical = new Map<number, number>();
  const canonicalOf = (tpl: number): number => {
    let c = canonical.get(tpl);
    if (c === undefined) {
      const text = d.templateText(tpl);
      c = byText.get(text) ?? tpl;
      byText.set(text, c);
      canonical.set(tpl, c);
    }
    return c;
  };
  for (let k = 0; k < d.rows.length; k++) {
    const row = d.rows[k]!;
    const tpl = canonicalOf(d.templateOf[row]!);
    const svc = d.serviceOf[row]!;
    const type = d.type[k]!;
    // Templates are mined per service, but a template id may still be shared by two services'
    // identical texts; the key keeps them apart.
    const key = (tpl * (d.services.length + 1) + svc) * types + type;
    let f = byKey.get(key);
    const conf = d.confidence[k]!;
    if (f === undefined) {
      f = out.length;
      byKey.set(key, f);
      const service = d.services[svc]!;
      const template = d.templateText(tpl);
      const anomalyType = ANOMALY_TYPES[type]!;
      out.push({
        id: findingId(service, template, anomalyType),
        service,
        template,
        templateId: templateId(template),
        anomalyType,
        count: 0,
        firstRow: row,
        lastRow: row,
        maxConfidence: conf,
        strongestRow: row,
      });
    }
    const x = out[f]!;
    x.count++;
    if (earlierRow(d.timestampMs, row, x.firstRow)) x.firstRow = row;
    if (earlierRow(d.timestampMs, x.lastRow, row)) x.lastRow = row;
    if (conf > x.maxConfidence) {
      x.maxConfidence = conf;
      x.strongestRow = row;
    }
    findingOf[k] = f;
  }
  const order = out
    .map((_, i) => i)
    .sort((a, b) => {
      const x = out[a]!;
      const y = out[b]!;
      return y.maxConfidence - x.maxConfidence || y.count - x.count || (earlierRow(d.timestampMs, x.firstRow, y.firstRow) ? -1 : 1);
    });
  const rank = new Int32Array(out.length);
  order.forEach((f, r) => {
    rank[f] = r;
  });
  for (let k = 0; k < findingOf.length; k++) findingOf[k] = rank[findingOf[k]!]!;
  return { findings: order.map((f) => out[f]!), findingOf };
}

/**
 * The rows to list when at most `cap` may be: the highest confidences (earliest on ties), plus
 * every finding's strongest line, in row order. All rows when they fit.
 */
export function listedRows(rows: Int32Array, confidence: Float64Array, findings: readonly Finding[], cap: number): Int32Array {
  if (rows.length <= cap) return rows;
  const order = Array.from(rows.keys()).sort((a, b) => confidence[b]! - confidence[a]! || a - b);
  const keep = new Set<number>(findings.map((f) => f.strongestRow));
  for (const k of order) {
    if (keep.size >= cap) break;
    keep.add(rows[k]!);
  }
  return Int32Array.from(keep).sort();
}
