/**
 * Lines whose words are a concern each time they are written, judged per line because their
 * template does not say it (its digits and its varying words are masked):
 * - a change by an actor the line cannot name: a flag flipped, a configuration reloaded, a grant
 *   applied "by unknown actor" (message-metrics.ts, reportsChange and namelessActor). Every change to a running
 *   system should be attributable. A template often holds the same change by named and nameless
 *   actors alike ("flag <*> flipped by <*>"), its actor slot masked. Read once per message shape
 *   (its lines differ only in their digits);
 * - a lifetime run out: a certificate, a licence or a key that "expires in 0 days"
 *   (zeroLifetime), among the same line's everyday "expires in 87 days".
 *
 * Either is routine as a group, per template, that fills the window (in STEADY_SHARE of its bins):
 * a mesh whose day-long certificates read "0 days" at every scan, a token issued for an hour that
 * says so on every line, a service whose guests change things all day. A nameless change on a
 * clock (its gaps as regular as a timer's) is routine too: a timer made it, a reloader
 * that never knows who asked. A lifetime run out on a clock is not: the clock is its checker's,
 * and what it reports at each tick is the state to act on.
 */
import { namelessActor, reportsChange, statesLifetime, zeroLifetime } from "../features/message-metrics.js";
import type { MessageShapes } from "../features/message-shapes.js";
import { windowBins } from "../reference.js";
import { MIN_STEADY_BINS, regularGaps, STEADY_SHARE } from "../templates/patterns.js";
import type { TemplateTable } from "../templates/templates.js";

interface Rows {
  readonly messages: readonly string[];
  readonly timestampMs: Float64Array;
}

/** Per row, 1 for a nameless change that is not its template's clockwork; undefined when there is none. */
export function namelessChangeRows(table: Rows, templates: TemplateTable, shapes?: Pick<MessageShapes, "shapeOf" | "count">): Uint8Array | undefined {
  const ofShape = shapes ? new Int8Array(shapes.count).fill(-1) : undefined;
  return concernRows(table, templates, true, reportsChange, (i) => {
    if (!ofShape) return namelessActor(table.messages[i]!) !== undefined;
    const s = shapes!.shapeOf[i]!;
    if (ofShape[s] === -1) ofShape[s] = namelessActor(table.messages[i]!) !== undefined ? 1 : 0;
    return ofShape[s] === 1;
  });
}

/** Per row, 1 for a lifetime run out that is not its template's clockwork; undefined when there is none. */
export function zeroLifetimeRows(table: Rows, templates: TemplateTable): Uint8Array | undefined {
  // Read per line: "0 days" and "5 days" are one message shape.
  return concernRows(table, templates, false, statesLifetime, (i) => zeroLifetime(table.messages[i]!) !== undefined);
}

/**
 * Per row, 1 where `says(row)` holds in a template whose words pass `mayBe`, unless that
 * template's such rows fill the window, or (with `clockIsRoutine`) come on a clock; undefined
 * when none is left.
 */
function concernRows(
  table: Rows,
  templates: TemplateTable,
  clockIsRoutine: boolean,
  mayBe: (templateText: string) => boolean,
  says: (row: number) => boolean,
): Uint8Array | undefined {
  const { templateOf } = templates;
  const n = templateOf.length;
  const eligible = new Int8Array(templates.count).fill(-1);
  const byTemplate = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    if (eligible[id] === -1) eligible[id] = mayBe(templates.text(id)) ? 1 : 0;
    if (eligible[id] === 0 || !says(i)) continue;
    const rows = byTemplate.get(id);
    if (rows) rows.push(i);
    else byTemplate.set(id, [i]);
  }
  if (byTemplate.size === 0) return undefined;
  const out = new Uint8Array(n);
  let any = false;
  for (const rows of byTemplate.values()) {
    if (allThrough(rows, n) || (clockIsRoutine && onClock(rows, table.timestampMs))) continue;
    for (const i of rows) out[i] = 1;
    any = true;
  }
  return any ? out : undefined;
}

/** Whether the rows' gaps in time are regular (a timer's, patterns.ts regularGaps). */
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
  return regularGaps(k, sum, sumSq);
}

/** Whether the rows fill STEADY_SHARE of the reference's bins (windowBins), from MIN_STEADY_BINS bins. */
function allThrough(rows: readonly number[], n: number): boolean {
  const { bins, binOf } = windowBins(n);
  if (bins < MIN_STEADY_BINS) return false;
  const seen = new Uint8Array(bins);
  let present = 0;
  for (const i of rows) {
    const b = binOf(i);
    if (seen[b] === 0) {
      seen[b] = 1;
      present++;
    }
  }
  return present >= STEADY_SHARE * bins;
}
