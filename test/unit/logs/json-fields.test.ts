import { describe, expect, it } from "vitest";
import { SCAN_CONTROL, SCAN_DEEP, SCAN_DUPLICATE, SCAN_ESCAPED_KEY, SCAN_INVALID, SCAN_NESTED, SCAN_OK, SCAN_OUTCOMES } from "../../../src/logs/json-fields.js";
import { jsonScanOutcome, normalizeInto, normalizeJsonInto, skippedJson } from "../../../src/logs/normalize.js";
import { excerptOf } from "../../../src/logs/skipped.js";
import { LogTableBuilder } from "../../../src/logs/table-builder.js";
import { rng } from "../../helpers/fuzz.js";
import { benchLines, evalLines, fuzzTexts, loghubLines, NASTY_FIXED, nastyJson } from "../../helpers/json-lines.js";

/**
 * normalizeJsonInto reads a JSON text's fields without JSON.parse when it can: every column the
 * table gets, and every skipped entry's reason and sample, must be exactly what JSON.parse and
 * normalizeInto give, for any text.
 */

/** A builder that keeps every row as given to it: index, stamp, time form, raw time, severity, service, message, response time, memory, stream id, trace id. */
class Rows extends LogTableBuilder {
  readonly rows: unknown[][] = [];
  override add(...row: Parameters<LogTableBuilder["add"]>): void {
    this.rows.push(row);
  }
}

const FALLBACK_MS = 1_758_268_000_000;

/**
 * What reading line `i` gives, from the text (normalizeJsonInto) or the old way (JSON.parse, then
 * normalizeInto): its row, or its reason and sample when skipped, or the error it throws.
 */
function readLine(table: Rows, text: string, i: number, fromText: boolean): unknown[] {
  table.rows.length = 0;
  // Without and with a fallback stamp (a list's entry; a sorted set's score), with and without a stream id.
  const fallback = i % 2 === 0 ? Number.NaN : FALLBACK_MS + i;
  const streamId = i % 3 === 0 ? `${1000 + i}-0` : undefined;
  let reason: string | undefined;
  let raw: unknown = text;
  try {
    if (fromText) {
      reason = normalizeJsonInto(table, text, i, fallback, streamId);
      if (reason !== undefined) raw = skippedJson(text, reason);
    } else {
      let parsed = true;
      try {
        raw = JSON.parse(text);
      } catch {
        parsed = false;
        reason = "entry is not valid JSON";
      }
      if (parsed) reason = normalizeInto(table, raw, i, fallback, streamId);
    }
  } catch (err) {
    return ["threw", String(err), ...table.rows];
  }
  if (reason !== undefined) return ["skipped", reason, excerptOf(raw), ...table.rows];
  return table.rows.length === 1 ? table.rows[0]! : ["rows", ...table.rows];
}

/** Same values, NaN and -0 told apart as Object.is does. */
function sameRow(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

function expectSameRows(what: string, lines: readonly string[]): void {
  const table = new Rows(16);
  const diffs: unknown[] = [];
  for (let i = 0; i < lines.length && diffs.length < 5; i++) {
    const old = readLine(table, lines[i]!, i, false);
    const now = readLine(table, lines[i]!, i, true);
    if (!sameRow(old, now)) diffs.push({ line: lines[i], old, new: now });
  }
  expect(diffs, what).toEqual([]);
}

/** How many of `lines` the scanner reads itself, and why the others are parsed. */
function outcomes(lines: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) {
    const name = SCAN_OUTCOMES[jsonScanOutcome(l)]!;
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

describe("normalizeJsonInto", () => {
  it("reads a flat object of plain keys itself: every line of the benchmark and of the Loghub samples", () => {
    expect(outcomes(benchLines(20_000))).toEqual({ ok: 20_000 });
    const loghub = Object.values(loghubLines()).flat();
    expect(outcomes(loghub)).toEqual({ ok: loghub.length });
  });

  it("reads containers and object values from their own text, leaves to JSON.parse what it does not read, and says why", () => {
    const cases: [string, number][] = [
      ['{"message":"m","level":"INFO"}', SCAN_OK],
      [' {\t"message" : "m" ,\r\n"level":"INFO" } ', SCAN_CONTROL],
      ['{ "message" : "m" , "level":"INFO" } ', SCAN_OK],
      ['{"message":"a\\"b\\\\c\\u00e9\\/","pid":"x\\ny"}', SCAN_OK],
      ["{}", SCAN_OK],
      ["[]", SCAN_INVALID],
      ['"text"', SCAN_INVALID],
      ["\ufeff{}", SCAN_INVALID],
      ['{"message":"m",}', SCAN_INVALID],
      ['{"message":"m"} x', SCAN_INVALID],
      ['{"message":"m","pid":01}', SCAN_INVALID],
      ['{"message":"m","pid":1.}', SCAN_INVALID],
      ['{"message":"m","pid":.5}', SCAN_INVALID],
      ['{"message":"m","pid":-}', SCAN_INVALID],
      ['{"message":"m","pid":"\\x41"}', SCAN_INVALID],
      ['{"message":"m","pid":"\\u12G4"}', SCAN_INVALID],
      ['{"message":"m","pid":tru}', SCAN_INVALID],
      ['{"message":"m","pid":[1,]}', SCAN_INVALID],
      ['{"message":"m","pid":{"a":1,}}', SCAN_INVALID],
      ['{"message":"m","pid":"unterminated}', SCAN_INVALID],
      ['{"message":"a\u0000b"}', SCAN_CONTROL],
      ['{"mess\\u0061ge":"m"}', SCAN_ESCAPED_KEY],
      ['{"message":"m","attributes":{}}', SCAN_NESTED],
      ['{"message":"m","attributes":{"level":"ERROR"},"context":[1],"extra":"x","fields":null}', SCAN_NESTED],
      ['{"message":"m","attributes":{"level":"ERROR",}}', SCAN_INVALID],
      ['{"message":"m","attributes":tru}', SCAN_INVALID],
      [`{"message":"m","attributes":${"[".repeat(257)}${"]".repeat(257)}}`, SCAN_DEEP],
      ['{"message":{"a":1}}', SCAN_OK],
      ['{"message":"m","level":[1]}', SCAN_OK],
      ['{"message":"m","level":[1,]}', SCAN_INVALID],
      ['{"message":"a","message":"b"}', SCAN_DUPLICATE],
      ['{"pid":1,"pid":2,"message":"m"}', SCAN_OK],
      [`{"message":"m","pid":${"[".repeat(256)}${"]".repeat(256)}}`, SCAN_OK],
      [`{"message":"m","pid":${"[".repeat(257)}${"]".repeat(257)}}`, SCAN_DEEP],
    ];
    for (const [text, outcome] of cases) expect(SCAN_OUTCOMES[jsonScanOutcome(text)], text).toBe(SCAN_OUTCOMES[outcome]);
  });

  it("gives JSON.parse's and normalizeInto's rows for every Loghub line", () => {
    for (const [file, lines] of Object.entries(loghubLines())) expectSameRows(file, lines);
  });

  it("gives JSON.parse's and normalizeInto's rows for the benchmark's logs", () => {
    expectSameRows("bench", benchLines(100_000));
  });

  it("gives JSON.parse's and normalizeInto's rows for every line of every evaluation family", () => {
    for (const [family, lines] of Object.entries(evalLines(1))) expectSameRows(family, lines);
  }, 120_000);

  it("gives JSON.parse's and normalizeInto's answers for the fuzz generators' texts", () => {
    for (const seed of [1, 2, 3]) expectSameRows(`fuzz (seed ${seed})`, fuzzTexts(rng(seed), 2000));
  });

  it("gives JSON.parse's and normalizeInto's answers for nasty JSON: escapes, control characters, duplicate keys, bad numbers, nesting, broken texts", () => {
    expectSameRows("fixed", NASTY_FIXED);
    for (const seed of [1, 2, 3, 4, 5]) {
      const lines = nastyJson(rng(seed), 20_000);
      expectSameRows(`nasty (seed ${seed})`, lines);
      // The corpus reaches every way the scanner has of giving up, and has lines it reads itself.
      expect(Object.keys(outcomes(lines)).sort(), `nasty (seed ${seed})`).toEqual([...SCAN_OUTCOMES].sort());
    }
  });
});
