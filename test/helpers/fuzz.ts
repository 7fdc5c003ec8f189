import { createRandom, type Random } from "../../src/detection/forest/random.js";

/**
 * Seeded generators of bad input for the fuzz tests: the same seed gives the same cases, so a
 * failure names a case that can be replayed. Every case is invalid by construction; the tests
 * assert that the service agrees.
 */

export type Rng = Random & {
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

export function rng(seed: number): Rng {
  const r = createRandom(seed);
  return { ...r, pick: (items) => items[r.int(items.length)]!, chance: (p) => r.next() < p };
}

const SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export function safeId(g: Rng, len = 1 + g.int(30)): string {
  let s = "";
  for (let i = 0; i < len; i++) s += SAFE[g.int(SAFE.length)];
  return s;
}

/** Characters an incident id must never contain: glob and hash-tag characters, whitespace, controls, non-ASCII. */
export const FORBIDDEN_ID_CHARS = [
  "*",
  "?",
  "[",
  "]",
  "{",
  "}",
  " ",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u0001",
  "\u001b",
  "\u007f",
  "/",
  "\\",
  "%",
  "#",
  "&",
  "=",
  "+",
  ",",
  ";",
  "'",
  '"',
  "<",
  ">",
  "|",
  "!",
  "@",
  "$",
  "^",
  "`",
  "~",
  "(",
  ")",
  "é",
  "ß",
  "中",
  "🙂",
  "\u200b",
  "\u202e",
  "\ufeff",
  "\ud800",
  "İ",
  "ｆ",
] as const;

/** A string that breaks INCIDENT_ID_PATTERN: a forbidden character, a bad first character, or a bad length. */
export function badIncidentId(g: Rng): string {
  switch (g.int(5)) {
    case 0:
      return "";
    case 1:
      return safeId(g, 201 + g.int(300));
    case 2:
      return g.pick([".", "_", ":", "-"]) + safeId(g);
    case 3: {
      // Valid around a forbidden character.
      const c = g.pick(FORBIDDEN_ID_CHARS);
      return g.chance(0.3) ? c + safeId(g) : safeId(g) + c + (g.chance(0.5) ? safeId(g) : "");
    }
    default: {
      let s = safeId(g, 1);
      const n = 1 + g.int(20);
      for (let i = 0; i < n; i++) s += g.chance(0.5) ? g.pick(FORBIDDEN_ID_CHARS) : String.fromCharCode(g.int(0x3000));
      // Make sure at least one character is forbidden, whatever the draw.
      return s + g.pick(FORBIDDEN_ID_CHARS);
    }
  }
}

/** Values of the wrong JSON type for a field that wants a string or a number. */
function wrongTypeValue(g: Rng, wantNumber: boolean): unknown {
  const values: unknown[] = [
    null,
    true,
    false,
    [],
    [1, 2, 3],
    {},
    { $gt: "" },
    { incident_id: "nested" },
    deepNesting(1 + g.int(200)),
    wantNumber ? safeId(g) : 1 + g.int(1000),
    wantNumber ? "" : -1,
  ];
  if (wantNumber) values.push("NaN", "Infinity", "-Infinity", "1e999", "0x10", "24h", " ", "null", "undefined", "12,5");
  else values.push(0, 3.14, 1e308, -0);
  return g.pick(values);
}

export function deepNesting(depth: number): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** Nested arrays or objects as JSON text, built without recursion. */
export function deepNestingText(depth: number, objects: boolean): string {
  return objects ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}

/** Out-of-range numbers for time_window_hours (> 0, <= 8784). */
const BAD_WINDOWS = [0, -0, -1, -1e-9, -24, 8784.0001, 8785, 1e6, 1e308, -1e308, Number.MAX_SAFE_INTEGER, -Number.MAX_VALUE];
/** Out-of-range numbers for confidence_threshold ([0, 1]). */
const BAD_CONFIDENCES = [-1e-9, -0.5, -1, 1.0000001, 2, 100, 1e308, -1e308, Number.MAX_SAFE_INTEGER];

/**
 * A request object invalid because of a field the schema knows (never only because of an
 * unknown field), so it is invalid both as a REST body and as a stream event, whose parser
 * ignores unknown fields. Extra junk fields ride along in some cases.
 */
export function badRequestObject(g: Rng): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  if (g.chance(0.5)) obj.time_window_hours = 1 + g.int(48);
  if (g.chance(0.5)) obj.confidence_threshold = g.int(100) / 100;
  switch (g.int(6)) {
    case 0:
      // incident_id missing.
      break;
    case 1:
      obj.incident_id = wrongTypeValue(g, false);
      break;
    case 2:
      obj.incident_id = badIncidentId(g);
      break;
    case 3:
      obj.incident_id = safeId(g);
      obj.time_window_hours = g.chance(0.6) ? g.pick(BAD_WINDOWS) : wrongTypeValue(g, true);
      break;
    case 4:
      obj.incident_id = safeId(g);
      obj.confidence_threshold = g.chance(0.6) ? g.pick(BAD_CONFIDENCES) : wrongTypeValue(g, true);
      break;
    default:
      obj.incident_id = g.chance(0.5) ? badIncidentId(g) : wrongTypeValue(g, false);
      obj.time_window_hours = g.pick(BAD_WINDOWS);
      obj.confidence_threshold = g.pick(BAD_CONFIDENCES);
  }
  return obj;
}

export interface BadBody {
  kind: string;
  payload: string;
  contentType: string;
}

/** Raw JSON texts that JSON.parse reads into something the schema must refuse. */
function rawJsonTexts(g: Rng): string[] {
  const id = JSON.stringify(safeId(g));
  return [
    `{"incident_id":${id},"time_window_hours":1e999}`,
    `{"incident_id":${id},"time_window_hours":-1e999}`,
    `{"incident_id":${id},"confidence_threshold":1e999}`,
    `{"incident_id":${id},"time_window_hours":123456789012345678901234567890}`,
    `{"incident_id":${id},"__proto__":{"polluted":true}}`,
    `{"incident_id":${id},"constructor":{"prototype":{"polluted":true}}}`,
    `{"incident_id":${id},"incident_id":"dup*"}`,
    `{"incident_id":"\\u0000${safeId(g)}"}`,
    `{"incident_id":"${safeId(g)}\\ud800"}`,
  ];
}

/** Texts that are not JSON at all, or not a JSON object. */
function notJsonTexts(g: Rng): string[] {
  return [
    "",
    " ",
    "{",
    "}",
    "{oops",
    "{'incident_id': 'x'}",
    `{"incident_id": "${safeId(g)}",}`,
    "[1,2",
    "NaN",
    "undefined",
    "\u0000\u0001\u0002",
    "\ufeff{}",
    "null",
    "true",
    "42",
    `"${safeId(g)}"`,
    "[]",
    `[{"incident_id":"${safeId(g)}"}]`,
    Buffer.from(Array.from({ length: 1 + g.int(64) }, () => g.int(256))).toString("latin1"),
  ];
}

/**
 * One bad POST body: a bad request object, an unknown field, raw JSON edge cases, not JSON at
 * all, a non-object, deep nesting, or a wrong content type. All must answer 4xx.
 */
export function badBody(g: Rng): BadBody {
  const json = "application/json";
  switch (g.int(8)) {
    case 0:
    case 1:
    case 2:
      return { kind: "bad field", payload: JSON.stringify(badRequestObject(g)), contentType: json };
    case 3: {
      // Valid but for an unknown field (a typo must not pass silently).
      const obj: Record<string, unknown> = { incident_id: safeId(g) };
      obj[g.pick(["confidence_treshold", "timewindow", "incidentId", "INCIDENT_ID", "", " ", "🙂", "a".repeat(1000)])] = wrongTypeValue(g, true);
      return { kind: "unknown field", payload: JSON.stringify(obj), contentType: json };
    }
    case 4:
      return { kind: "raw json", payload: g.pick(rawJsonTexts(g)), contentType: json };
    case 5:
      return { kind: "not json / not an object", payload: g.pick(notJsonTexts(g)), contentType: json };
    case 6:
      // Up to ~60 KB: under the default body limit, so the parser has to face it.
      return {
        kind: "deep nesting",
        payload: g.chance(0.5) ? deepNestingText(10 + g.int(10_000), true) : deepNestingText(10 + g.int(30_000), false),
        contentType: json,
      };
    default:
      return {
        kind: "wrong content type",
        payload: JSON.stringify({ incident_id: safeId(g) }),
        contentType: g.pick([
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/xml",
          "image/png",
          "*/*",
          "application/jsonx",
        ]),
      };
  }
}

/**
 * An incident-created event invalid by construction, as stream fields: the bad request object
 * as a JSON `data`/`payload` field, flat fields with a bad incident id, JSON that is not an
 * object, not JSON, or binary junk.
 */
export function badEventFields(g: Rng): Array<string | Buffer> {
  switch (g.int(6)) {
    case 0:
    case 1:
      return [g.pick(["data", "payload"]), JSON.stringify(badRequestObject(g))];
    case 2: {
      const fields: Array<string | Buffer> = [];
      if (g.chance(0.7)) fields.push("incident_id", badIncidentId(g));
      if (g.chance(0.5)) fields.push("time_window_hours", String(1 + g.int(48)));
      fields.push(g.pick(["title", "severity", "source", "x"]), safeId(g));
      return fields;
    }
    case 3:
      // Flat fields whose numbers stay invalid after the parser's string-to-number step.
      return g.chance(0.5)
        ? ["incident_id", safeId(g), "time_window_hours", g.pick(["abc", "-5", "0", "1e999", "NaN", "9999999", "", "Infinity", "24h"])]
        : ["incident_id", safeId(g), "confidence_threshold", g.pick(["abc", "-0.1", "1e999", "NaN", "1.01", "", "Infinity", "2", "70%"])];
    case 4:
      return [g.pick(["data", "payload"]), g.pick([...notJsonTexts(g), "{}", '{"incident_id": null}'])];
    default: {
      // Binary junk for the incident id: at least one byte that is not a safe ASCII character.
      const bytes = Buffer.from(Array.from({ length: 1 + g.int(40) }, () => g.int(256)));
      bytes[g.int(bytes.length)] = 0x80 + g.int(128);
      return ["incident_id", bytes];
    }
  }
}
