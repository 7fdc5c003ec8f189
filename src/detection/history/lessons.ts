/**
 * What one incident teaches the memory of each of its services: per template its lines, whether
 * it was flagged, its response times and memory readings; per service the level mix, lines per minute and the
 * response-time and memory histograms. The store merges a lesson with decay (memory/scripts.ts).
 *
 * Flagged lines teach slowly: the numbers of a line at or above LEARN_THRESHOLD stay out of the
 * histograms (an outage's 30 s timeouts must not become the service's normal), and its template
 * counts as seen but flagged; it becomes routine only after MEMORY_ROUTINE_INCIDENTS incidents
 * (history.ts), never when confirmed as a problem.
 */
import { LEVEL_SEVERITY } from "../../logs/log-record.js";
import type { LogTable } from "../../logs/log-table.js";
import { mineTemplates, type TemplateTable } from "../templates/templates.js";
import type { FeatureMatrix } from "../types.js";
import { templateId } from "../findings.js";
import { extractFeatures } from "../features/features.js";
import { messageShapes } from "../features/message-shapes.js";
import { add, memoryBin, timeBin } from "./histogram.js";
import type { ServiceLesson, TemplateLesson } from "./shapes.js";

export type { ServiceLesson, TemplateLesson };
import { incidentVerdicts, rememberedText, type DetectionHistory } from "./history.js";

/** Lines at or above this confidence teach nothing of their numbers (the default threshold). */
export const LEARN_THRESHOLD = 0.7;
/** Template texts are kept up to this many characters. */
export const MAX_TEMPLATE_TEXT = 500;

export interface LessonInputs {
  logs: LogTable;
  features: FeatureMatrix;
  templates: TemplateTable;
  /** 1 for lines at or above LEARN_THRESHOLD; absent when every line is declared normal. */
  flagged?: Uint8Array;
  /** The remembered id each incident template matched (history.ts matchTemplates), by template index. */
  rememberedId?: readonly (string | undefined)[];
}

/**
 * What lessonsFrom reads, as typed columns (the rows', `n` of them) and the templates' texts, so
 * that it crosses to another thread as it is (threads/helper.ts).
 */
export interface LessonColumns {
  n: number;
  services: readonly string[];
  serviceOf: Int32Array;
  timestampMs: Float64Array;
  levelSeverity: Float64Array;
  responseTime: Float64Array;
  memoryUsage: Float64Array;
  templateOf: Int32Array;
  /** Per template its whole text. */
  texts: readonly string[];
  flagged?: Uint8Array;
  rememberedId?: readonly (string | undefined)[];
}

export function lessonColumns(x: LessonInputs): LessonColumns {
  const { logs, features, templates } = x;
  const texts = Array.from({ length: templates.count }, (_, id) => rememberedText(templates, id));
  const out: LessonColumns = {
    n: logs.length,
    services: logs.services,
    serviceOf: logs.serviceOf,
    timestampMs: logs.timestampMs,
    levelSeverity: features.levelSeverity,
    responseTime: features.responseTime,
    memoryUsage: features.memoryUsage,
    templateOf: templates.templateOf,
    texts,
  };
  if (x.flagged) out.flagged = x.flagged;
  if (x.rememberedId) out.rememberedId = x.rememberedId;
  return out;
}

/**
 * lessonsFrom's pass over every row, into `out` (per service) and the per-template lessons. A
 * function of its own: V8 compiles it once, apart from the per-service work around it.
 */
function learnRows(
  x: LessonColumns,
  out: ServiceLesson[],
  perTemplate: (TemplateLesson | undefined)[],
  byId: Map<string, TemplateLesson>[],
  first: Float64Array,
  last: Float64Array,
): void {
  const { serviceOf, timestampMs, levelSeverity, responseTime, memoryUsage, templateOf, texts } = x;
  for (let i = 0; i < x.n; i++) {
    const s = serviceOf[i]!;
    const lesson = out[s]!;
    lesson.lines++;
    lesson.levels[Math.max(0, Math.min(5, levelSeverity[i]!))]!++;
    const ms = timestampMs[i]!;
    if (Number.isFinite(ms)) {
      if (ms < first[s]!) first[s] = ms;
      if (ms > last[s]!) last[s] = ms;
    }
    const id = templateOf[i]!;
    let t = perTemplate[id];
    if (t === undefined) {
      const text = texts[id]!.slice(0, MAX_TEMPLATE_TEXT);
      const key = x.rememberedId?.[id] ?? templateId(texts[id]!);
      t = byId[s]!.get(key);
      if (t === undefined) {
        // Its readings present from the start (undefined until it has some): one object shape
        // for every lesson, so this pass is not recompiled as templates gain readings.
        t = { id: key, text, lines: 0, flagged: 0, severe: 0, rt: undefined, mem: undefined };
        byId[s]!.set(key, t);
        lesson.templates.push(t);
      }
      perTemplate[id] = t;
    }
    t.lines++;
    if (levelSeverity[i]! >= LEVEL_SEVERITY.ERROR) t.severe++;
    if (x.flagged?.[i] === 1) {
      t.flagged = 1;
      continue;
    }
    const rt = responseTime[i]!;
    if (rt > 0) {
      const bin = timeBin(rt);
      add(lesson.rt, bin);
      t.rt ??= {};
      add(t.rt, bin);
    }
    const mem = memoryUsage[i]!;
    if (mem > 0) {
      const bin = memoryBin(mem);
      add(lesson.mem, bin);
      t.mem ??= {};
      add(t.mem, bin);
    }
  }
}

/** One lesson per service of the incident, in the table's service order. */
export function lessonsFrom(x: LessonInputs): ServiceLesson[] {
  return lessonsFromColumns(lessonColumns(x));
}

export function lessonsFromColumns(x: LessonColumns): ServiceLesson[] {
  const services = x.services.length;
  const out: ServiceLesson[] = x.services.map((service) => ({
    service,
    lines: 0,
    linesPerMinute: 0,
    levels: [0, 0, 0, 0, 0, 0],
    rt: {},
    mem: {},
    templates: [],
  }));
  const first = new Float64Array(services).fill(Number.POSITIVE_INFINITY);
  const last = new Float64Array(services).fill(Number.NEGATIVE_INFINITY);
  const perTemplate: (TemplateLesson | undefined)[] = new Array(x.texts.length);
  // By service, its lessons by id: two of the incident's templates can match one remembered
  // template ("Shard a relocated" and "Shard b relocated" beside "Shard <*> relocated"), and
  // teach it once, as one incident seen.
  const byId = out.map(() => new Map<string, TemplateLesson>());
  learnRows(x, out, perTemplate, byId, first, last);
  for (let s = 0; s < services; s++) {
    const span = last[s]! - first[s]!;
    const minutes = Number.isFinite(span) ? Math.max(1, span / 60_000) : 1;
    out[s]!.linesPerMinute = out[s]!.lines / minutes;
  }
  return out.filter((l) => l.lines > 0);
}

/**
 * Lessons from logs declared normal (priming): every line teaches, nothing is flagged. Templates
 * the history already holds keep their remembered ids.
 */
export function lessonsFromNormal(logs: LogTable, history?: DetectionHistory): ServiceLesson[] {
  const shapes = messageShapes(logs);
  const features = extractFeatures(logs, shapes);
  const templates = mineTemplates(logs, shapes);
  let rememberedId: (string | undefined)[] | undefined;
  if (history) rememberedId = incidentVerdicts(history, templates, (id) => logs.service(templates.firstRow[id]!)).verdicts.map((v) => v.match?.id);
  return lessonsFrom({ logs, features, templates, rememberedId });
}
