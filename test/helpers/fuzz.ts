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

/** A value of a wrong kind for a string field. */
const notAString = (g: Rng): unknown => g.pick([null, 42, true, [], {}, ["a"], { $gt: "" }]);

/**
 * A POST /suppressions body with one thing wrong: a missing or mistyped required field, a match
 * that names only the service (or nothing), an unknown field, a bad expiry, type or template id.
 */
export function badSuppressionBody(g: Rng): Record<string, unknown> {
  const body: Record<string, unknown> = { match: { service: safeId(g), message: safeId(g) }, until: "6h", reason: "r", created_by: safeId(g) };
  const match = body.match as Record<string, unknown>;
  switch (g.int(10)) {
    case 0:
      delete body[g.pick(["match", "reason", "created_by"])];
      break;
    case 1:
      body[g.pick(["reason", "created_by", "until"])] = g.chance(0.5) ? notAString(g) : g.pick(["", "   "]);
      break;
    case 2:
      body.match = { service: safeId(g) };
      break;
    case 3:
      body.match = g.chance(0.5) ? { message: safeId(g) } : g.pick([{}, null, "svc", []]);
      break;
    case 4:
      body.until = g.pick(["tomorrow", "6", "h", "-6h", "0x10h", "1y", "99999999h", "2020-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "2026-13-45T99:00:00Z"]);
      break;
    case 5:
      match.anomaly_type = g.pick(["weird", "", "PERFORMANCE", 3]);
      break;
    case 6:
      match.template_id = g.pick(["t_", "t_xyz", "f_0123456789abcdef", safeId(g), 7]);
      break;
    case 7:
      body[safeId(g, 5)] = safeId(g);
      break;
    case 8:
      match[safeId(g, 6)] = safeId(g);
      break;
    default:
      match[g.pick(["service", "message", "template"])] = g.chance(0.5) ? notAString(g) : "x".repeat(2001 + g.int(100));
  }
  return body;
}

/** A POST /anomalies/:incident_id/feedback body with one thing wrong. */
export function badFeedbackBody(g: Rng): Record<string, unknown> {
  const body: Record<string, unknown> = { finding_id: "f_0123456789abcdef", verdict: g.pick(["expected", "not_useful", "confirmed"]), by: safeId(g) };
  switch (g.int(7)) {
    case 0:
      delete body[g.pick(["finding_id", "verdict", "by"])];
      break;
    case 1:
      body.log_index = g.int(100);
      break;
    case 2:
      body.verdict = g.pick(["ok", "", "EXPECTED", "noise", notAString(g)]);
      break;
    case 3:
      body.finding_id = g.pick(["f_", "t_0123456789abcdef", safeId(g), notAString(g)]);
      break;
    case 4:
      delete body.finding_id;
      body.log_index = g.pick([-1, 1.5, "3", null, -1e6, Number.NaN]);
      break;
    case 5:
      body[safeId(g, 5)] = safeId(g);
      break;
    default:
      body[g.pick(["by", "note"])] = g.chance(0.5) ? notAString(g) : g.pick(["", "x".repeat(1001 + g.int(50))]);
  }
  return body;
}
