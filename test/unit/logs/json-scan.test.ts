import { describe, expect, it } from "vitest";
import { JsonFieldScanner } from "../../../src/logs/json-scan.js";
import { ALIAS_KEYS } from "../../../src/logs/normalize.js";
import { loghubLines, randomEntries } from "../../helpers/json-corpus.js";

/**
 * The scanner against JSON.parse: whatever it reads itself must be what JSON.parse gives, and
 * whatever JSON.parse refuses (or is not an object) it must refuse too, so those take the
 * JSON.parse path with its reason.
 */

const scanner = new JsonFieldScanner(ALIAS_KEYS);

function parsed(bytes: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(bytes.toString()) };
  } catch {
    return { ok: false };
  }
}

/** Checks one entry; true when the scanner read it itself. */
function agrees(bytes: Buffer): boolean {
  const read = scanner.scan(bytes);
  const p = parsed(bytes);
  const isObject = p.ok && p.value !== null && typeof p.value === "object" && !Array.isArray(p.value);
  if (!isObject) {
    expect(read, `scanner accepted what JSON.parse gives no object for: ${bytes.toString()}`).toBe(false);
    return false;
  }
  if (!read) return false;
  const obj = p.value as Record<string, unknown>;
  for (let i = 0; i < ALIAS_KEYS.length; i++) {
    const k = ALIAS_KEYS[i]!;
    const want = Object.hasOwn(obj, k) ? obj[k] : undefined;
    // One expect per mismatch only: a call per field of 20,000 lines would be most of the test.
    if (!Object.is(scanner.values[i], want)) expect(scanner.values[i], `${k} in ${bytes.toString()}`).toBe(want);
  }
  return true;
}

describe("the JSON field scanner", () => {
  it("reads every Loghub line itself, with JSON.parse's values", () => {
    const lines = loghubLines();
    expect(lines.length).toBeGreaterThan(20_000);
    const own = lines.filter((l) => agrees(l)).length;
    expect(own).toBe(lines.length);
  });

  it("agrees with JSON.parse on random documents, valid and corrupted", () => {
    let own = 0;
    let refused = 0;
    for (const seed of [1, 2, 3]) {
      for (const e of randomEntries(seed, 4000)) {
        if (agrees(e)) own++;
        else refused++;
      }
    }
    // Both paths are exercised: most valid documents are read by the scanner.
    expect(own).toBeGreaterThan(3000);
    expect(refused).toBeGreaterThan(2000);
  });

  it.each([
    ['{"message":"a","message":"b"}', "b"],
    ['{"message":"a","message":""}', ""],
    ['{"message":"caf\\u00e9 \\"q\\""}', 'café "q"'],
    ['{"message":"😀"}', "😀"],
    ['  {"message" : "x" }  ', "x"],
    ['{"message":-0}', -0],
    ['{"message":1e400}', Number.POSITIVE_INFINITY],
  ])("reads %s", (doc, want) => {
    expect(scanner.scan(Buffer.from(doc))).toBe(true);
    expect(Object.is(scanner.values[ALIAS_KEYS.indexOf("message")], want)).toBe(true);
  });

  it.each([
    "",
    "[]",
    "{} x",
    '{"message":"a",}',
    '{"message":01}',
    '{"message":"\\x"}',
    '{"message":"tab\tin"}',
    '{"k\\u0065y":1}',
    '{"message":{"nested":1}}',
    "\ufeff{}",
    `${"[".repeat(40)}${"]".repeat(40)}`,
  ])("leaves %j to JSON.parse", (doc) => {
    expect(scanner.scan(Buffer.from(doc))).toBe(false);
  });

  it("validates nesting it skips, to its depth limit", () => {
    const deep = (d: number) => `{"x":${"[".repeat(d)}${"]".repeat(d)},"message":"m"}`;
    expect(scanner.scan(Buffer.from(deep(10)))).toBe(true);
    expect(scanner.scan(Buffer.from(deep(100)))).toBe(false);
    expect(scanner.scan(Buffer.from('{"x":[1,2,{"a":[true,null]}],"message":"m"}'))).toBe(true);
    expect(scanner.scan(Buffer.from('{"x":[1,2,{"a":[true,nul]}],"message":"m"}'))).toBe(false);
  });
});
