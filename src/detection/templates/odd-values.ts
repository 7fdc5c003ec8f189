/**
 * Values a template's slot rarely carries. A template its service writes many times has variable
 * positions ("session started platform=<*> role=<*>", "issued service token ... ttl=<*>"). Where a
 * position's rare values together are at most MAX_TAIL_SHARE of its lines (a slot of a few values;
 * one of ids, user names or free text has a long tail, which is its everyday), a line carrying a
 * value its template's lines almost never carry is odd, however common its template, in two cases:
 * - a number of another magnitude in a slot that holds a setting: two or more digits from every
 *   digit count the slot usually carries, where its usual lines carry few distinct numbers (a TTL
 *   of 0 s or of ten years among 900 s and 3600 s, a prefetch of 65535 among 50; not one of 0,
 *   within a digit of 50). A sequence number, a size or a latency takes many values; its extremes
 *   are the business of the rules for times and memory, or nobody's;
 * - a word saying the slot's subject is unknown where the slot names it on nearly every line
 *   (`role=unknown` among nurses and physicians). Another rare word is not odd by itself: a
 *   cache's STALE among its HITs and MISSes is as rare, and is its everyday.
 *
 * A line many times its template's usual length, where such lines are rare, is odd too
 * (judgeLength): a payload echoed whole in one token where the same message usually carries a
 * short one.
 *
 * The work is per message shape (message-shapes.ts), not per line: the lines of one shape differ
 * only in their digits' values, so they carry the same value in every position once digits are
 * read by count. A (template, shape) pair is counted and tokenised once, at most MAX_PAIRS of them
 * an incident: a template whose every line is a shape of its own (a request id in each) costs a
 * pair per line, and one that meets a new pair once the cap is reached is not judged, so a
 * million such lines hold 50,000 pairs (about 3 MB), not a million.
 */
import { SHORT_SENTENCE_CHARS } from "../features/message-metrics.js";
import type { MessageShapes } from "../features/message-shapes.js";
import { MAX_TOKENS, OVERFLOW_TEMPLATE, type TemplateTable } from "./templates.js";
import { RARE_SHARE, rarityOf } from "./patterns.js";
import { PairIds } from "../pair-ids.js";

/** Lines a template needs before a value of it can be rare: a share of a few lines says nothing. */
export const MIN_SLOT_LINES = 50;
/** Share of a slot's lines that may carry rare values before its rare values are its everyday. */
export const MAX_TAIL_SHARE = 0.05;
/** The most an odd value says of a line: a line worth a look, as a word of concern in a rare line is. */
export const ODD_VALUE_EVIDENCE = 0.75;
/** Usual lines read to tell a setting (few distinct numbers) from a measurement or a counter. */
const VALUE_SAMPLE = 256;
/** Distinct numbers a setting's usual lines may carry. */
const FEW_VALUES = 8;
/** Slots whose usual numbers are sampled per incident. */
const MAX_VALUE_SAMPLES = 64;
/** A value saying the system could not tell who or what it is, where its slot usually names it. */
const NAMELESS_RE = /(?<![A-Za-z])(?:unknown|unrecogni[sz]ed|unidentified|untrusted)(?![A-Za-z])/i;
/** A line this many times its template's usual length is long for it; LONG_LINE_EVIDENCE from FULL_LONG_RATIO. */
const LONG_FROM_RATIO = 3;
const FULL_LONG_RATIO = 10;
/** As much as a rare template's line many times its service's usual length (evidence.ts RARE_LENGTH_CAP). */
const LONG_LINE_EVIDENCE = 0.9;
/** (Template, message shape) pairs counted and judged per incident. */
export const MAX_PAIRS = 50_000;
/** Digit counts told apart; longer numbers count as this many. */
const MAX_DIGITS = 24;

export interface OddValues {
  /** The message shape of each row (MessageShapes.shapeOf). */
  shapeOf: Int32Array;
  /** Id of each (template, shape) pair seen: a shape is not a service's, a template is. */
  pairs: PairIds;
  /** Per pair: ODD_VALUE_EVIDENCE x the rarity of its value in its template's slot; 0 for most. */
  evidence: Float64Array;
  /** Per pair with evidence: the token position of that slot, or -1 for a line of another length. */
  position: Int16Array;
  /** Per pair with evidence: lines of its template carrying a value alike to its own there. */
  alike: Int32Array;
  /** Per pair with evidence: lines of its template judged with it. */
  lines: Int32Array;
  /** Per pair of another length: the usual length of its template's lines (their median, at least SHORT_SENTENCE_CHARS). */
  usualLength: Float64Array;
  /** Per template, 1 when some pair of it has evidence: a row of any other needs no lookup. */
  flagged: Uint8Array;
}

/** The (template, shape) pair of a row of template `template` (-1 when none was seen). */
export function oddPairOf(odd: OddValues, row: number, template: number): number {
  return odd.pairs.get(template, odd.shapeOf[row]!);
}

/** The evidence of a row of template `template` that it carries an odd value or length (0 for most). */
export function oddEvidenceOf(odd: OddValues, row: number, template: number): number {
  if (odd.flagged[template] !== 1) return 0;
  const pair = oddPairOf(odd, row, template);
  return pair < 0 ? 0 : odd.evidence[pair]!;
}

/** A token's value with its digits read by count: each run of digits as "#", and the digit count of its only run (0: none, or several). */
function valueKey(token: string): { key: string; digits: number } {
  let key = "";
  let runs = 0;
  let digits = 0;
  let from = 0;
  let i = 0;
  const n = token.length;
  while (i < n) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && token.charCodeAt(end) >= 48 && token.charCodeAt(end) <= 57) end++;
    key += `${token.slice(from, i)}#`;
    runs++;
    digits = end - i;
    from = end;
    i = end;
  }
  if (runs === 0) return { key: token, digits: 0 };
  return { key: key + token.slice(from), digits: runs === 1 ? Math.min(digits, MAX_DIGITS) : 0 };
}

/**
 * Whitespace tokens of a message as written (digits kept), at most MAX_TOKENS; returns their
 * count, counted up to MAX_TOKENS + 1 only (a stack trace is not read to its end).
 */
export function rawTokens(message: string, out: string[]): number {
  out.length = 0;
  let total = 0;
  let start = -1;
  const n = message.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? message.charCodeAt(i) : 32;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (start >= 0) {
        if (total < MAX_TOKENS) out.push(message.slice(start, i));
        total++;
        if (total > MAX_TOKENS) return total;
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  return total;
}

/** Reused by tokenAt (synchronous). */
const tokenBuffer: string[] = [];

/** The whitespace token at `position` (below MAX_TOKENS) of a message as written ("" when it has fewer). */
export function tokenAt(message: string, position: number): string {
  rawTokens(message, tokenBuffer);
  return tokenBuffer[position] ?? "";
}

interface SlotValue {
  lines: number;
  /** Lines per digit count of its only number; undefined for a value without one. */
  byDigits: Int32Array | undefined;
}

/** What judging a template's slots reads beside the shapes' values. */
interface SlotScan {
  shapeOf: Int32Array;
  /** Per shape, 1 while it is one of the slot's usual shapes; all 0 between uses (one buffer an incident). */
  usual: Uint8Array;
  /** The shape of each (template, shape) pair. */
  pairShape: readonly number[];
  messages: readonly string[];
  /** The template's first rows (up to VALUE_SAMPLE), kept by the pass over the rows. */
  rows: Int32Array;
  /** Sampled slots left for this incident. */
  samples: { left: number };
}

/**
 * Whether the usual lines of a slot (those of the shapes in `usual`) carry at most FEW_VALUES
 * distinct numbers, read from the template's first VALUE_SAMPLE lines: a setting or a state (a
 * TTL, a capacity, a prefetch count, days left on a licence), not a measurement or a counter.
 */
function fewValues(scan: SlotScan, position: number, usual: Uint8Array): boolean {
  if (scan.samples.left <= 0) return false;
  scan.samples.left--;
  const { shapeOf, messages, rows } = scan;
  const seen = new Set<string>();
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (usual[shapeOf[i]!] !== 1) continue;
    seen.add(tokenAt(messages[i]!, position));
    if (seen.size > FEW_VALUES) return false;
  }
  return true;
}

/** Per (template, shape) pair, whether its value in one slot of the template is one the template's lines almost never carry. */
function judgeSlot(
  pairIds: readonly number[],
  values: readonly { key: string; digits: number }[],
  weight: Int32Array,
  total: number,
  out: OddValues,
  position: number,
  scan: SlotScan,
): void {
  const byKey = new Map<string, SlotValue>();
  for (let j = 0; j < pairIds.length; j++) {
    const v = values[j]!;
    let slot = byKey.get(v.key);
    if (slot === undefined) {
      slot = { lines: 0, byDigits: undefined };
      byKey.set(v.key, slot);
    }
    const w = weight[pairIds[j]!]!;
    slot.lines += w;
    if (v.digits > 0) {
      slot.byDigits ??= new Int32Array(MAX_DIGITS + 1);
      slot.byDigits[v.digits] = slot.byDigits[v.digits]! + w;
    }
  }
  const alike = new Int32Array(pairIds.length);
  // 1: rare by its key; 2: its key is common, its number of another magnitude.
  const rare = new Uint8Array(pairIds.length);
  let rareLines = 0;
  for (let j = 0; j < pairIds.length; j++) {
    const v = values[j]!;
    const slot = byKey.get(v.key)!;
    let lines = slot.lines;
    let kind = 1;
    const byDigits = slot.byDigits;
    if (byDigits !== undefined && v.digits > 0 && slot.lines >= RARE_SHARE * total) {
      // The digit counts this key usually carries, and whether this number is within one of them.
      let lo = MAX_DIGITS + 1;
      let hi = -1;
      for (let d = 1; d <= MAX_DIGITS; d++) {
        if (byDigits[d]! >= RARE_SHARE * total) {
          if (d < lo) lo = d;
          hi = d;
        }
      }
      if (hi >= 0 && (v.digits < lo - 1 || v.digits > hi + 1)) {
        lines = 0;
        for (let d = Math.max(1, v.digits - 1); d <= Math.min(MAX_DIGITS, v.digits + 1); d++) lines += byDigits[d]!;
        kind = 2;
      }
    }
    alike[j] = lines;
    if (lines < RARE_SHARE * total) {
      rare[j] = kind;
      rareLines += weight[pairIds[j]!]!;
    }
  }
  if (rareLines === 0 || rareLines > MAX_TAIL_SHARE * total) return;
  let settingLike: boolean | undefined;
  for (let j = 0; j < pairIds.length; j++) {
    if (rare[j] === 0) continue;
    // A rare word in a slot is odd only where it says the slot's subject is unknown ("role=unknown"
    // among nurses and physicians): a cache's STALE among its HITs and MISSes is as rare, and is
    // its everyday, and "1 mismatch" beside "0 mismatches" is a count.
    if (rare[j] === 1 && !NAMELESS_RE.test(values[j]!.key)) continue;
    if (rare[j] === 2) {
      if (settingLike === undefined) {
        const usual = scan.usual;
        for (let q = 0; q < pairIds.length; q++) if (rare[q] === 0) usual[scan.pairShape[pairIds[q]!]!] = 1;
        settingLike = fewValues(scan, position, usual);
        for (let q = 0; q < pairIds.length; q++) usual[scan.pairShape[pairIds[q]!]!] = 0;
      }
      if (!settingLike) continue;
    }
    const p = pairIds[j]!;
    const e = ODD_VALUE_EVIDENCE * rarityOf(alike[j]! / total);
    if (e > out.evidence[p]!) {
      out.evidence[p] = e;
      out.position[p] = position;
      out.alike[p] = alike[j]!;
      out.lines[p] = total;
    }
  }
}

/**
 * Per (template, shape) pair, whether its lines are LONG_FROM_RATIO times or more the usual length
 * of its template's (the median, at least SHORT_SENTENCE_CHARS), where such lines are rare in it:
 * a payload echoed whole in one token ("webhook body: {...}") where its siblings carry a short
 * one. The template's words are the same; its length is of another kind. Evidence as a rare
 * template's length (lengthEvidence's RARE_LENGTH_CAP at 10x), times the rarity of the long lines.
 * A template of MAX_TOKENS tokens or more (a stack trace) is not pinned to a length by its words.
 */
function judgeLength(
  pairIds: readonly number[],
  pairRow: readonly number[],
  messages: readonly string[],
  weight: Int32Array,
  total: number,
  out: OddValues,
): void {
  const lengths = pairIds.map((p) => messages[pairRow[p]!]!.length);
  const order = pairIds.map((_, j) => j).sort((x, y) => lengths[x]! - lengths[y]!);
  let seen = 0;
  let median = 0;
  for (const j of order) {
    seen += weight[pairIds[j]!]!;
    if (2 * seen >= total) {
      median = lengths[j]!;
      break;
    }
  }
  const usual = Math.max(median, SHORT_SENTENCE_CHARS);
  let longLines = 0;
  for (let j = 0; j < pairIds.length; j++) if (lengths[j]! >= LONG_FROM_RATIO * usual) longLines += weight[pairIds[j]!]!;
  if (longLines === 0 || longLines > MAX_TAIL_SHARE * total) return;
  const rarity = rarityOf(longLines / total);
  for (let j = 0; j < pairIds.length; j++) {
    const ratio = lengths[j]! / usual;
    if (ratio < LONG_FROM_RATIO) continue;
    const p = pairIds[j]!;
    const e = LONG_LINE_EVIDENCE * rarity * Math.min(1, Math.log(ratio / LONG_FROM_RATIO) / Math.log(FULL_LONG_RATIO / LONG_FROM_RATIO));
    if (e > out.evidence[p]!) {
      out.evidence[p] = e;
      out.position[p] = -1;
      out.alike[p] = longLines;
      out.lines[p] = total;
      out.usualLength[p] = usual;
    }
  }
}

/**
 * Per (template, shape) pair, the evidence that its lines carry a value their template's slot
 * rarely carries (see above). Undefined when no template has MIN_SLOT_LINES lines and a variable position.
 */
export function oddValues(templates: TemplateTable, shapes: Pick<MessageShapes, "shapeOf" | "count">, messages: readonly string[]): OddValues | undefined {
  const { templateOf, occurrences } = templates;
  const { shapeOf, count: shapeCount } = shapes;
  const n = shapeOf.length;
  const t = templates.count;
  // Each template that may be judged keeps its first VALUE_SAMPLE rows, for fewValues.
  const sampleBase = new Int32Array(t).fill(-1);
  let eligible = 0;
  for (let id = 0; id < t; id++) if (occurrences[id]! >= MIN_SLOT_LINES) sampleBase[id] = VALUE_SAMPLE * eligible++;
  if (eligible === 0) return undefined;
  const sampleRows = new Int32Array(VALUE_SAMPLE * eligible);
  const sampled = new Int32Array(t);
  // The (template, shape) pairs of the judged templates: their first row and their lines.
  const pairs = new PairIds(t, shapeCount);
  const pairRow: number[] = [];
  const pairTemplate: number[] = [];
  const pairShape: number[] = [];
  let weight = new Int32Array(1024);
  // A shape most often belongs to one template (one service writes it): its last pair is
  // remembered, so most rows find theirs without a lookup.
  const lastPair = new Int32Array(shapeCount).fill(-1);
  // Templates that met a new pair past MAX_PAIRS: their counts would be partial, so not judged.
  const overflow = new Uint8Array(t);
  for (let i = 0; i < n; i++) {
    const id = templateOf[i]!;
    const base = sampleBase[id]!;
    if (base < 0 || overflow[id] === 1) continue;
    if (sampled[id]! < VALUE_SAMPLE) sampleRows[base + sampled[id]!++] = i;
    const s = shapeOf[i]!;
    let p = lastPair[s]!;
    if (p < 0 || pairTemplate[p] !== id) {
      p = pairs.get(id, s);
      if (p < 0) {
        if (pairRow.length >= MAX_PAIRS) {
          overflow[id] = 1;
          continue;
        }
        p = pairRow.length;
        pairs.set(id, s, p);
        pairRow.push(i);
        pairTemplate.push(id);
        pairShape.push(s);
        if (p === weight.length) {
          const grown = new Int32Array(2 * p);
          grown.set(weight);
          weight = grown;
        }
      }
      lastPair[s] = p;
    }
    weight[p]!++;
  }
  const pairCount = pairRow.length;
  // The pairs of each template, grouped by a counting sort.
  const start = new Int32Array(t + 1);
  for (let p = 0; p < pairCount; p++) start[pairTemplate[p]! + 1]!++;
  for (let id = 0; id < t; id++) start[id + 1] = start[id + 1]! + start[id]!;
  const order = new Int32Array(pairCount);
  const fill = start.slice(0, t);
  for (let p = 0; p < pairCount; p++) order[fill[pairTemplate[p]!]!++] = p;

  const out: OddValues = {
    shapeOf,
    pairs,
    evidence: new Float64Array(pairCount),
    position: new Int16Array(pairCount),
    alike: new Int32Array(pairCount),
    lines: new Int32Array(pairCount),
    usualLength: new Float64Array(pairCount),
    flagged: new Uint8Array(t),
  };
  let judged = false;
  const samples = { left: MAX_VALUE_SAMPLES };
  const usual = new Uint8Array(shapeCount);
  const tokens: string[] = [];
  for (let id = 0; id < t; id++) {
    const pairTotal = start[id + 1]! - start[id]!;
    if (occurrences[id]! < MIN_SLOT_LINES || pairTotal < 2 || overflow[id] === 1) continue;
    const text = templates.text(id);
    if (text === OVERFLOW_TEMPLATE) continue;
    const parts = text.split(" ");
    const slots: number[] = [];
    for (let k = 0; k < parts.length && k < MAX_TOKENS; k++) if (parts[k] === "<*>") slots.push(k);
    if (slots.length === 0) continue;
    // Shapes whose tokens line up with the template's: the same count (a template of MAX_TOKENS
    // tokens compares only its first MAX_TOKENS).
    const aligned: number[] = [];
    const valuesAt: { key: string; digits: number }[][] = slots.map(() => []);
    let total = 0;
    for (let j = start[id]!; j < start[id + 1]!; j++) {
      const p = order[j]!;
      const count = rawTokens(messages[pairRow[p]!]!, tokens);
      if (parts.length < MAX_TOKENS ? count !== parts.length : count < MAX_TOKENS) continue;
      aligned.push(p);
      total += weight[p]!;
      for (let k = 0; k < slots.length; k++) valuesAt[k]!.push(valueKey(tokens[slots[k]!]!));
    }
    if (total < MIN_SLOT_LINES || aligned.length < 2) continue;
    judged = true;
    if (parts.length < MAX_TOKENS) judgeLength(aligned, pairRow, messages, weight, total, out);
    const rows = sampleRows.subarray(sampleBase[id]!, sampleBase[id]! + sampled[id]!);
    const scan: SlotScan = { shapeOf, usual, pairShape, messages, rows, samples };
    for (let k = 0; k < slots.length; k++) judgeSlot(aligned, valuesAt[k]!, weight, total, out, slots[k]!, scan);
  }
  if (!judged) return undefined;
  for (let p = 0; p < pairCount; p++) if (out.evidence[p]! > 0) out.flagged[pairTemplate[p]!] = 1;
  return out;
}
