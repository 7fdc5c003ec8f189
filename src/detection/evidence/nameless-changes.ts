/**
 * Lines reporting a change by an actor they cannot name: a flag flipped, a configuration reloaded,
 * a grant applied "by unknown actor" (message-metrics.ts, namelessChange). Every change to a
 * running system should be attributable, so each such line is a concern however often it recurs
 * and however small its service (evidence.ts gives it CONCERN_EVIDENCE).
 *
 * Judged per line, not per template: a template often holds the same change by named and nameless
 * actors alike ("flag <*> flipped by <*>"), its actor slot masked. Its nameless lines are routine
 * only as a group that comes on a clock (their gaps within PERIODIC_CV of their mean) or all
 * through the window (in STEADY_SHARE of its bins): a reloader that never knows who asked.
 * A message shape is read once (its lines differ only in their digits).
 */
import { namelessActor, reportsChange } from "../features/message-metrics.js";
import type { MessageShapes } from "../features/message-shapes.js";
import { MAX_BINS, MIN_BIN_SIZE } from "../reference.js";
import { MIN_STEADY_BINS, PERIODIC_CV, PERIODIC_MIN_GAPS, STEADY_SHARE } from "../templates/patterns.js";
import type { TemplateTable } from "../templates/templates.js";

interface Rows {
  readonly messages: readonly string[];
  readonly timestampMs: Float64Array;
}

/** Per row, 1 for a nameless change that is not its template's clockwork; undefined when there is none. */
export function namelessChangeRows(table: Rows, templates: TemplateTable, shapes?: Pick<MessageShapes, "shapeOf" | "count">): Uint8Array | undefined {
  const { templateOf } = templates;
  const n = templateOf.length;
  const changes = new Int8Array(templates.count).fill(-1);
  const ofShape = shapes ? new Int8Array(shapes.count).fill(-1) : undefined;
  const byTemplate = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    if (changes[id] === -1) changes[id] = reportsChange(templates.text(id)) ? 1 : 0;
    if (changes[id] === 0) continue;
    let nameless: boolean;
    if (ofShape) {
      const s = shapes!.shapeOf[i]!;
      if (ofShape[s] === -1) ofShape[s] = namelessActor(table.messages[i]!) !== undefined ? 1 : 0;
      nameless = ofShape[s] === 1;
    } else nameless = namelessActor(table.messages[i]!) !== undefined;
    if (!nameless) continue;
    const rows = byTemplate.get(id);
    if (rows) rows.push(i);
    else byTemplate.set(id, [i]);
  }
  if (byTemplate.size === 0) return undefined;
  const out = new Uint8Array(n);
  let any = false;
  for (const rows of byTemplate.values()) {
    if (onClock(rows, table.timestampMs) || allThrough(rows, n)) continue;
    for (const i of rows) out[i] = 1;
    any = true;
  }
  return any ? out : undefined;
}

/** Whether the rows' gaps in time are regular (a timer's): PERIODIC_MIN_GAPS gaps or more, within PERIODIC_CV of their mean. */
function onClock(rows: readonly number[], timestampMs: Float64Array): boolean {
  let last = Number.NaN;
  let k = 0;
  let sum = 0;
  let sumSq = 0;
  for (const i of rows) {
    const ms = timestampMs[i]!;
    if (Number.isNaN(ms)) continue;
    if (!Number.isNaN(last)) {
      const gap = ms - last;
      sum += gap;
      sumSq += gap * gap;
      k++;
    }
    last = ms;
  }
  if (k < PERIODIC_MIN_GAPS) return false;
  const mean = sum / k;
  if (!(mean > 0)) return false;
  return Math.sqrt(Math.max(0, sumSq / k - mean * mean)) / mean <= PERIODIC_CV;
}

/** Whether the rows fill STEADY_SHARE of the window's bins (equal line counts, as the reference's), from MIN_STEADY_BINS bins. */
function allThrough(rows: readonly number[], n: number): boolean {
  const bins = Math.min(MAX_BINS, Math.floor(n / MIN_BIN_SIZE));
  if (bins < MIN_STEADY_BINS) return false;
  const seen = new Uint8Array(bins);
  let present = 0;
  for (const i of rows) {
    const b = Math.min(bins - 1, Math.floor((i * bins) / n));
    if (seen[b] === 0) {
      seen[b] = 1;
      present++;
    }
  }
  return present >= STEADY_SHARE * bins;
}
