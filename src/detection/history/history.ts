/**
 * A service's history as the memory recalls it (memory/store.ts), and what detection concludes
 * from it about each template of an incident.
 *
 * Routine: a template seen in at least `routineIncidents` incidents (MEMORY_ROUTINE_INCIDENTS)
 * whose decayed weight is at least half the service's (it was in about half of the service's
 * recent incidents, recency-weighted), or declared expected (priming, feedback); never one
 * confirmed as a problem. Its odd lines weigh less (evidence/history-evidence.ts).
 * New: a template the service's history does not hold, once the history is ready (that many
 * incidents, or primed from known-good logs).
 *
 * Matching: the same text gives the same id (findings.ts templateId). Template mining depends on
 * the lines an incident holds ("Shard a relocated" alone, "Shard <*> relocated" beside "Shard b
 * relocated"), so a template without an exact match is matched as Drain matches within an
 * incident: same token count, same first token, and at least SIMILARITY of the remembered
 * template's tokens equal (its wildcards match anything). The remembered id is kept, so ids stay
 * stable from one incident to the next.
 */
import { startsWithFailure } from "../features/message-metrics.js";
import { templateId } from "../findings.js";
import { SIMILARITY, type TemplateTable } from "../templates/templates.js";
import type { DetectionHistory, ServiceHistory, TemplateHistory } from "./shapes.js";

export type { DetectionHistory, ServiceHistory, TemplateHistory };

/** The history speaks for a service once it has this many incidents, or was primed. */
export function historyReady(h: ServiceHistory | undefined, routineIncidents: number): h is ServiceHistory {
  return h !== undefined && (h.incidents >= routineIncidents || h.primed > 0);
}

export function isRoutine(t: TemplateHistory, service: ServiceHistory, routineIncidents: number): boolean {
  if (t.confirmed) return false;
  if (t.expected) return true;
  return t.incidents >= routineIncidents && t.weight >= 0.5 * service.weight;
}

/** True when the service's history is ready and does not hold the template. */
export function isNew(match: TemplateHistory | undefined, service: ServiceHistory | undefined, routineIncidents: number): boolean {
  return match === undefined && historyReady(service, routineIncidents);
}

const WILD = "<*>";

/** Remembered templates of a service by token count and first token, for matching. */
export interface TemplateIndex {
  byId: Map<string, TemplateHistory>;
  byShape: Map<string, { tokens: string[]; t: TemplateHistory }[]>;
}

const shapeKey = (tokens: readonly string[], first: string) => `${tokens.length}\u0000${first}`;

export function indexTemplates(h: ServiceHistory): TemplateIndex {
  const byId = new Map<string, TemplateHistory>();
  const byShape = new Map<string, { tokens: string[]; t: TemplateHistory }[]>();
  for (const t of h.templates) {
    byId.set(t.id, t);
    const tokens = t.text.split(" ");
    const key = shapeKey(tokens, tokens[0] ?? "");
    let list = byShape.get(key);
    if (list === undefined) {
      list = [];
      byShape.set(key, list);
    }
    list.push({ tokens, t });
  }
  return { byId, byShape };
}

/** The remembered template an incident template is (see above), or undefined. */
export function matchTemplate(index: TemplateIndex, id: string, text: string): TemplateHistory | undefined {
  const exact = index.byId.get(id);
  if (exact) return exact;
  const mark = exceptionMark(text);
  const tokens = text.split(" ");
  const first = tokens[0] ?? "";
  // A remembered wildcard first token routes as Drain's wildcard child does.
  const candidates = [...(index.byShape.get(shapeKey(tokens, first)) ?? []), ...(first === WILD ? [] : (index.byShape.get(shapeKey(tokens, WILD)) ?? []))];
  let best: TemplateHistory | undefined;
  let bestSim = -1;
  scan: for (const c of candidates) {
    // Another exception type is another failure of the message, however alike the rest.
    if (exceptionMark(c.t.text) !== mark) continue;
    let equal = 0;
    for (let i = 0; i < c.tokens.length; i++) {
      if (c.tokens[i] === WILD || c.tokens[i] === tokens[i]) equal++;
      // "carrier call failed" is not "carrier call ok": a word of failure where the remembered
      // template says something else makes another message, however much else is alike.
      else if (startsWithFailure(tokens[i]!) && !startsWithFailure(c.tokens[i]!)) continue scan;
    }
    const sim = c.tokens.length === 0 ? 1 : equal / c.tokens.length;
    if (sim > bestSim || (sim === bestSim && best !== undefined && c.t.weight > best.weight)) {
      best = c.t;
      bestSim = sim;
    }
  }
  return bestSim >= SIMILARITY ? best : undefined;
}

/** What the history says of one incident template. */
export interface TemplateVerdict {
  /** The remembered template it matched. */
  match: TemplateHistory | undefined;
  routine: boolean;
  isNew: boolean;
}

/**
 * Appended to the text the memory keeps a message's lines with an exception under: remembered
 * apart from the same message without one, as an incident mines them apart (templates.ts), so
 * that a partner's everyday 429 retries do not make a refused connection on the same retry line
 * routine. Where the exception names its type, the type instead: an hourly `MailSendException`
 * does not make a `MailAuthenticationException` on the same message routine.
 */
export const WITH_EXCEPTION = " (with an exception)";

/** The exception a remembered text names at its end (rememberedText), or "". */
function exceptionMark(text: string): string {
  const at = text.lastIndexOf(" (with ");
  return at >= 0 && text.endsWith(")") ? text.slice(at) : "";
}

/** The text the memory keeps the template under (WITH_EXCEPTION). */
export function rememberedText(table: TemplateTable, id: number): string {
  if (table.withException?.[id] !== 1) return table.text(id);
  const type = table.exceptionType?.[id];
  return type === undefined ? `${table.text(id)}${WITH_EXCEPTION}` : `${table.text(id)} (with ${type})`;
}

/**
 * A verdict per incident template (templateVerdicts), with a message's lines with an exception
 * matched apart from its lines without one: routine only by their own record; never seen only
 * when the message was never seen in either form (a memory kept before the two were remembered
 * apart holds them as one). `plain` is each template's match under its text alone, whose times
 * and memory readings are the message's (evidence.ts buildBaselines judges a failed call's time
 * against the same call's).
 */
export function incidentVerdicts(
  history: DetectionHistory,
  table: TemplateTable,
  serviceOfTemplate: (id: number) => string,
): { verdicts: TemplateVerdict[]; plain: (TemplateHistory | undefined)[] } {
  const entry = (id: number, text: string) => ({ service: serviceOfTemplate(id), id: templateId(text), text });
  const verdicts = templateVerdicts(
    history,
    Array.from({ length: table.count }, (_, id) => entry(id, table.text(id))),
  ).verdicts;
  const plain = verdicts.map((v) => v.match);
  const apart = table.withException ? Array.from(table.withException.keys()).filter((id) => table.withException![id] === 1) : [];
  if (apart.length === 0) return { verdicts, plain };
  const own = templateVerdicts(
    history,
    apart.map((id) => entry(id, rememberedText(table, id))),
  ).verdicts;
  apart.forEach((id, k) => {
    verdicts[id] = { ...own[k]!, isNew: own[k]!.isNew && verdicts[id]!.isNew };
  });
  return { verdicts, plain };
}

/** A verdict per incident template, given each template's service, id and text. */
export function templateVerdicts(
  history: DetectionHistory,
  templates: readonly { service: string; id: string; text: string }[],
): { verdicts: TemplateVerdict[]; indexes: Map<string, TemplateIndex> } {
  const indexes = new Map<string, TemplateIndex>();
  const verdicts = templates.map(({ service, id, text }): TemplateVerdict => {
    const h = history.services[service];
    if (h === undefined) return { match: undefined, routine: false, isNew: false };
    let index = indexes.get(service);
    if (index === undefined) {
      index = indexTemplates(h);
      indexes.set(service, index);
    }
    const match = matchTemplate(index, id, text);
    return {
      match,
      routine: match !== undefined && isRoutine(match, h, history.routineIncidents),
      isNew: isNew(match, h, history.routineIncidents),
    };
  });
  return { verdicts, indexes };
}

/** Days between the oldest remembered incident and now, at least 1. */
export function historyDays(h: ServiceHistory, nowMs: number): number {
  return Math.max(1, Math.round((nowMs - h.firstMs) / 86_400_000));
}
