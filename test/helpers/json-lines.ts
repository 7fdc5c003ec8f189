import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateLogs, toJsonLines } from "../../bench/data.js";
import { blindCascades, blindScenarios } from "../../eval/blind/index.js";
import { fieldScenarios } from "../../eval/field/index.js";
import { holdoutScenarios } from "../../eval/holdout/index.js";
import { novelScenarios } from "../../eval/novel/index.js";
import { reserveScenarios } from "../../eval/reserve/index.js";
import { allScenarios } from "../../eval/scenarios.js";
import { devCascades } from "../../eval/scenarios-cascades.js";
import { spreadScenarios } from "../../eval/scenarios-spread.js";
import { sealedScenarios } from "../../eval/sealed/index.js";
import { unseenScenarios } from "../../eval/unseen/index.js";
import { untriedScenarios } from "../../eval/untried/index.js";
import { badBody, badEventFields, badRequestObject, deepNestingText, type Rng } from "./fuzz.js";

/**
 * JSON lines as producers store them, and as they should not: the Loghub samples, every
 * evaluation family's scenarios, the benchmark's logs, the fuzz generators' texts, and a corpus
 * of nasty JSON. For comparing the readers of a JSON text line by line.
 */

const LOGHUB = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/loghub");

/** Each Loghub sample's non-empty lines, by file name. */
export function loghubLines(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of readdirSync(LOGHUB)
    .filter((f) => f.endsWith(".jsonl"))
    .sort())
    out[file] = readFileSync(path.join(LOGHUB, file), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
  return out;
}

type Family = (seed: number) => readonly { logs: readonly unknown[] }[];
const FAMILIES: Record<string, Family> = {
  dev: (s) => allScenarios(s),
  "dev-spread": (s) => spreadScenarios(s),
  "dev-cascades": (s) => devCascades(s),
  blind: blindScenarios,
  "blind-cascades": (s) => blindCascades(s),
  holdout: holdoutScenarios,
  field: fieldScenarios,
  sealed: sealedScenarios,
  unseen: unseenScenarios,
  reserve: reserveScenarios,
  untried: untriedScenarios,
  novel: novelScenarios,
};

/** Every scenario line of every evaluation family at `seed`, as the JSON text a producer stores, by family. */
export function evalLines(seed: number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, build] of Object.entries(FAMILIES)) out[name] = build(seed).flatMap((sc) => sc.logs.map((l) => JSON.stringify(l)));
  return out;
}

/** The benchmark's incident of `n` logs, as stored. */
export function benchLines(n: number): string[] {
  return toJsonLines(generateLogs(n));
}

/** Texts of the fuzz generators: request bodies, event fields, deep nesting. */
export function fuzzTexts(g: Rng, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(badBody(g).payload, JSON.stringify(badRequestObject(g)));
    for (const f of badEventFields(g)) out.push(typeof f === "string" ? f : f.toString("latin1"));
    if (i % 50 === 0) out.push(deepNestingText(1 + g.int(2000), g.chance(0.5)));
  }
  return out;
}

/** Keys a log reader looks for (aliases and containers), and others, some of them hostile. */
const KEYS = [
  "message",
  "msg",
  "log",
  "text",
  "body",
  "event",
  "level",
  "severity",
  "lvl",
  "levelname",
  "log.level",
  "timestamp",
  "@timestamp",
  "time",
  "ts",
  "timeMillis",
  "service",
  "service.name",
  "app",
  "logger",
  "response_time",
  "response_time_ms",
  "duration",
  "latency",
  "duration_ms",
  "memory_usage",
  "memory_pct",
  "heapUsed",
  "heapTotal",
  "used_memory",
  "maxmemory",
  "trace_id",
  "traceId",
  "status",
  "statusCode",
  "res",
  "http.response.status_code",
  "rcode",
  "attributes",
  "context",
  "extra",
  "fields",
  "resource",
  "Properties",
  "pid",
  "thread",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "",
  "0",
  "1",
  "-1",
  "a b",
  "é",
  "🙂",
  "MESSAGE",
  "message ",
  "Message",
  "mess\u0000age",
  "x".repeat(60),
];

/** Number texts of JSON's grammar. */
const NUMBERS = [
  "0",
  "-0",
  "1",
  "-1",
  "42",
  "812",
  "0.5",
  "-0.0",
  "1.5",
  "12.0",
  "1e3",
  "1E+2",
  "1e-2",
  "0.1e-7",
  "1e400",
  "-1e400",
  "1e-400",
  "9007199254740993",
  "123456789012345",
  "1234567890123456",
  "123456789012345678901234567890",
  "1758268172",
  "1758268172123",
  "1758268172123456",
  // 17 digits whose value, accumulated digit by digit in doubles, rounds twice (and differs).
  "76045184542061656",
  "-44506861522088264",
  "100000000000000000000",
  "1.7976931348623157e308",
  "5e-324",
  "2.2250738585072011e-308",
  "0.30000000000000004",
  "0.999",
  "99.5",
  "200",
  "503",
  "40",
  "-5",
];
/** Number-like texts JSON's grammar refuses. */
const BAD_NUMBERS = ["01", "-01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1_000", "1.2.3", "--1", "1e5.5"];

/** String contents (before escaping) a log may carry. */
const STRINGS = [
  "",
  " ",
  "hello",
  "GET /api/users 200 in 45ms",
  "2025-09-19T07:49:29.123Z",
  "2025-09-19T07:49:30Z",
  "2025-02-30T00:00:00Z",
  "2025-09-19T09:49:31+02:00",
  "not a date",
  "1758268172",
  "ERROR",
  "warn",
  " Error ",
  "50",
  "12ms",
  "1.5s",
  "1m3.5s",
  "812 ms",
  "55%",
  "SERVFAIL",
  "503",
  "user-service",
  "line\nbreak",
  "tab\there",
  'quote " inside',
  "back\\slash",
  "slash / and \u2028 \u2029",
  "\u0000nul",
  "\u001f",
  "\u007f",
  "\ud800 lone high",
  "lone low \udc00",
  "🙂 emoji",
  "é ü 中文",
  "\ufeffbom",
  "C:\\Windows\\winsxs",
  '10.0.0.1 "GET /v2 HTTP/1.1" 502 12 0.039 [up]',
  "E1018 01:33:27.1 failed",
  '"A IN example.com. udp 60 false 512" SERVFAIL qr,rd',
];

/** A JSON string token for `s`, escaped in one of the ways JSON allows (or raw where it must not be). */
function stringToken(g: Rng, s: string): string {
  switch (g.int(6)) {
    case 0: {
      // Every character as \uXXXX, in either case.
      let out = '"';
      for (let i = 0; i < s.length; i++) {
        const hex = s.charCodeAt(i).toString(16).padStart(4, "0");
        out += `\\u${g.chance(0.5) ? hex : hex.toUpperCase()}`;
      }
      return `${out}"`;
    }
    case 1:
      // `/` as `\/`, and a few characters as \uXXXX.
      return JSON.stringify(s)
        .replaceAll("/", "\\/")
        .replace(/[a-e]/g, (c) => (g.chance(0.3) ? `\\u00${c.charCodeAt(0).toString(16)}` : c));
    case 2:
      // Raw: control characters and quotes unescaped (mostly not JSON).
      if (g.chance(0.7)) return JSON.stringify(s);
      return g.chance(0.5) ? `"${s}"` : JSON.stringify(s).replace(/\\n/g, "\n").replace(/\\t/g, "\t");
    default:
      return JSON.stringify(s);
  }
}

/** A JSON value token of any type, nested values included (`depth` levels at most). */
function valueToken(g: Rng, depth: number): string {
  switch (g.int(depth > 0 ? 9 : 7)) {
    case 0:
    case 1:
    case 2:
      return stringToken(g, g.pick(STRINGS));
    case 3:
    case 4:
      return g.chance(0.9) ? g.pick(NUMBERS) : g.pick(BAD_NUMBERS);
    case 5:
      return g.chance(0.9) ? g.pick(["true", "false", "null"]) : g.pick(["True", "nul", "nulll", "undefined", "tru", "NULL"]);
    case 6:
      return stringToken(g, String.fromCharCode(...Array.from({ length: g.int(12) }, () => g.int(0x3000))));
    case 7: {
      const items = Array.from({ length: g.int(4) }, () => valueToken(g, depth - 1));
      return `[${items.join(g.pick([",", ", ", " , "]))}]`;
    }
    default:
      return objectText(g, depth - 1, g.int(4));
  }
}

/** Whitespace between tokens: spaces in most lines, tabs and line breaks (control characters) in some. */
const SPACES = ["", "", "", " ", "  "];
const PRETTY = ["", " ", "  ", "\t", "\n", "\r\n", " \n "];
let space = SPACES;

/** An object's text of `n` members, keys drawn from KEYS (alias keys often), with random whitespace. */
function objectText(g: Rng, depth: number, n: number): string {
  const ws = (): string => (g.chance(0.8) ? "" : g.pick(space));
  const members: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = g.pick(KEYS);
    members.push(`${ws()}${g.chance(0.9) ? JSON.stringify(key) : stringToken(g, key)}${ws()}:${ws()}${valueToken(g, depth)}${ws()}`);
  }
  return `{${members.join(",")}}`;
}

/** A log line: the usual fields with values of every JSON type, sometimes others and nested ones. */
function logText(g: Rng): string {
  const parts: string[] = [];
  const ws = (): string => (g.chance(0.85) ? "" : g.pick(space));
  const member = (key: string, value: string): string => `${ws()}${JSON.stringify(key)}${ws()}:${ws()}${value}${ws()}`;
  // The fields a reader looks for: nested values (which it parses instead) in a few lines only.
  const depth = (): number => (g.chance(0.1) ? 1 : 0);
  if (g.chance(0.9))
    parts.push(member(g.pick(["message", "msg", "log", "text", "body", "event"]), g.chance(0.8) ? stringToken(g, g.pick(STRINGS)) : valueToken(g, depth())));
  if (g.chance(0.8))
    parts.push(
      member(
        g.pick(["timestamp", "@timestamp", "time", "ts", "timeMillis"]),
        g.chance(0.5) ? JSON.stringify(g.pick(STRINGS.slice(4, 10))) : valueToken(g, depth()),
      ),
    );
  if (g.chance(0.7))
    parts.push(
      member(
        g.pick(["level", "severity", "lvl", "levelname"]),
        g.chance(0.6) ? JSON.stringify(g.pick(["INFO", "ERROR", "warn", "Debug", "50"])) : valueToken(g, depth()),
      ),
    );
  if (g.chance(0.7)) parts.push(member(g.pick(["service", "app", "logger", "service.name"]), valueToken(g, depth())));
  if (g.chance(0.3))
    parts.push(
      member(g.pick(["response_time_ms", "duration", "latency", "memory_usage", "heapUsed", "heapTotal", "status", "trace_id"]), valueToken(g, depth())),
    );
  for (let i = g.int(4); i > 0; i--)
    parts.push(member(g.chance(0.5) ? g.pick(["pid", "thread", "host", "__proto__", "0", "é", "a b"]) : g.pick(KEYS), valueToken(g, 2)));
  if (g.chance(0.05)) parts.push(member("nested", `${"[".repeat(250 + g.int(20))}1${"]".repeat(250 + g.int(20))}`));
  // Shuffle the members: order must not matter.
  for (let i = parts.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  }
  return `${ws()}{${parts.join(",")}}${ws()}`;
}

/** `text` broken or bent in one of the ways JSON.parse must decide on. */
function mutate(g: Rng, text: string): string {
  const at = g.int(text.length + 1);
  switch (g.int(12)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return (
        text.slice(0, at) +
        g.pick([",", "}", "]", "{", "[", '"', "\\", "/", "*", ":", "\u0000", "\ufeff", "x", "0", " ", "\u00a0", "\u2028", "'"]) +
        text.slice(at)
      );
    case 2:
      return text.slice(0, at) + text.slice(at + 1);
    case 3:
      return text.replace(/}\s*$/, ",}");
    case 4:
      return text.replace(/^\s*{/, g.pick(["{/* c */", "{// c\n", "\ufeff{", "[{", "{{"]));
    case 5:
      return `\ufeff${text}`;
    case 6:
      return `${text}${g.pick(["x", "}", ",", "\u0000", " //", "\n\n", "{}", "1"])}`;
    case 7:
      // A key written twice (the second wins in JSON.parse).
      return text.replace(
        /^(\s*{)/,
        `$1"${g.pick(["message", "level", "timestamp", "service", "msg", "response_time_ms", "pid", "attributes", "context"])}":${g.chance(0.8) ? valueToken(g, 0) : objectText(g, 1, 1 + g.int(3))},`,
      );
    case 8:
      return text.replace(/"(\w+)":/, (_m, k: string) => (g.chance(0.5) ? `'${k}':` : `${k}:`));
    case 9:
      return text.replace(/\\u([0-9a-fA-F]{4})/, g.pick(["\\u00", "\\x41", "\\U0041", "\\u12G4", "\\a", "\\'", "\\0"]));
    case 10:
      return text.replace(/:\s*(-?\d[\d.eE+-]*)/, `:${g.pick([...NUMBERS, ...BAD_NUMBERS])}`);
    default:
      return text.replace(/"/, "'");
  }
}

/** `n` nasty JSON texts: log lines of every shape, half of them broken in some way, and tops that are not objects. */
export function nastyJson(g: Rng, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    space = g.chance(0.1) ? PRETTY : SPACES;
    const text = g.chance(0.85) ? logText(g) : g.chance(0.5) ? objectText(g, 3, g.int(8)) : valueToken(g, 3);
    out.push(g.chance(0.6) ? text : mutate(g, text));
  }
  return out;
}

/** Hand-written cases, each a known edge of JSON or of the log reader. */
export const NASTY_FIXED: readonly string[] = [
  "",
  " ",
  "{}",
  " {} ",
  "{ }",
  "\t{\n}\r\n",
  "\ufeff{}",
  '{"message":"m"}',
  '{"message":"m",}',
  '{,"message":"m"}',
  '{"message":"m" "level":"INFO"}',
  '{"message":"m"}}',
  '{"message":"m"} {"message":"n"}',
  '{"message":"m"}\u0000',
  '{"message":"m"}\u00a0',
  '{"message":"m"} // comment',
  '/* c */{"message":"m"}',
  '{"message":"a\\u0000b"}',
  '{"message":"a\u0000b"}',
  '{"message":"tab\there"}',
  '{"message":"\\ud800"}',
  '{"message":"\ud800"}',
  '{"message":"\\uDFFF\\uD83D\\uDE42"}',
  '{"message":"\\u00e9"}',
  '{"message":"\\u00G9"}',
  '{"message":"\\u00e"}',
  '{"message":"\\x41"}',
  '{"message":"\\\'"}',
  '{"message":"\\/\\b\\f\\n\\r\\t\\"\\\\"}',
  '{"message":"ends with backslash\\\\"}',
  '{"message":"escaped quote \\" then more"}',
  '{"message":"\\\\\\"still inside"}',
  '{"message":"unterminated}',
  '{"message":"unterminated\\"}',
  '{"mess\\u0061ge":"escaped key"}',
  '{"mess\\u0061ge":"escaped key","message":"plain"}',
  '{"\\u006d\\u0065\\u0073\\u0073\\u0061\\u0067\\u0065":"all escaped"}',
  '{"message":"first","message":"second"}',
  '{"message":"","message":"second"}',
  '{"message":"first","message":null}',
  '{"msg":"a","message":"b","msg":"c"}',
  '{"level":"ERROR","level":"INFO","message":"m"}',
  '{"pid":1,"pid":2,"message":"m"}',
  '{"__proto__":{"message":"polluted"},"msg":"own"}',
  '{"__proto__":"x","message":"m"}',
  '{"constructor":{"prototype":{"message":"p"}},"message":"m"}',
  '{"message":"m","response_time_ms":-0}',
  '{"message":"m","response_time_ms":1e400}',
  '{"message":"m","response_time_ms":-1e400}',
  '{"message":"m","response_time_ms":0.1e-7}',
  '{"message":"m","response_time_ms":01}',
  '{"message":"m","response_time_ms":1.}',
  '{"message":"m","response_time_ms":.5}',
  '{"message":"m","response_time_ms":+1}',
  '{"message":"m","response_time_ms":1e}',
  '{"message":"m","response_time_ms":-}',
  '{"message":"m","response_time_ms":1E+2}',
  '{"message":"m","response_time_ms":9007199254740993}',
  '{"message":"m","memory_usage":0.5}',
  '{"message":"m","memory_usage":"55%"}',
  '{"message":"m","memory_usage":[55]}',
  '{"message":"m","memory_usage":{"pct":55}}',
  '{"message":"m","heapUsed":50,"heapTotal":200}',
  '{"message":"m","heapUsed":50,"maxmemory":200}',
  '{"message":"m","used_memory":50,"maxmemory":200}',
  '{"message":{"nested":"object"}}',
  '{"message":["a",1]}',
  '{"message":42}',
  '{"message":true}',
  '{"message":null}',
  '{"message":null,"msg":"fallback"}',
  '{"message":"","msg":"fallback"}',
  '{"message":" ","msg":"fallback"}',
  '{"msg":"m","timestamp":"not a date"}',
  '{"msg":"m","timestamp":true}',
  '{"msg":"m","timestamp":{}}',
  '{"msg":"m","timestamp":[]}',
  '{"msg":"m","timestamp":1758268172}',
  '{"msg":"m","timestamp":"1758268172"}',
  '{"msg":"m","timestamp":1758268172123.5}',
  '{"msg":"m","time":"2025-09-19T07:49:29.123Z","timestamp":"2025-09-19T07:49:30Z"}',
  '{"msg":"m","level":40}',
  '{"msg":"m","level":"40"}',
  '{"msg":"m","level":3.5}',
  '{"msg":"m","level":false}',
  '{"msg":"m","level":[1]}',
  '{"msg":"m","status":503}',
  '{"msg":"m","status":"503"}',
  '{"msg":"m","res":{"statusCode":503}}',
  '{"msg":"m","rcode":"SERVFAIL"}',
  '{"msg":"m","trace_id":123}',
  '{"msg":"m","trace_id":true}',
  '{"msg":"m","service":42}',
  '{"msg":"m","service":null}',
  '{"msg":"m","service":false}',
  '{"msg":"m","attributes":{"duration_ms":12}}',
  '{"msg":"m","attributes":"not an object"}',
  '{"msg":"m","context":{"level":"ERROR"},"extra":[1]}',
  '{"msg":"m","Properties":{}}',
  '{"msg":"m","attributes":{"level":"INFO"},"attributes":{"level":"ERROR"}}',
  '{"msg":"m","context":{"duration_ms":12},"context":null}',
  '{"msg":"m","extra":{"duration_ms":12},"context":{"duration_ms":15,"level":"warn"},"attributes":{"message":{"x":1}}}',
  '{"attributes":{"message":"only inside"},"resource":{"service.name":"svc"}}',
  '{"msg":"m","attributes":{"level":"ERROR","level":"INFO"}}',
  '{"msg":"m","other":{"a":[1,{"b":[true,false,null,"x\\"y"]}],"c":{}}}',
  '{"msg":"m","other":{"a":1,}}',
  '{"msg":"m","other":[1,]}',
  '{"msg":"m","other":[1 2]}',
  '{"msg":"m","other":{"a" 1}}',
  '{"msg":"m","other":{1:2}}',
  '{"msg":"m","other":[}',
  '{"msg":"m","other":{]}',
  `{"msg":"m","other":${"[".repeat(255)}${"]".repeat(255)}}`,
  `{"msg":"m","other":${"[".repeat(256)}${"]".repeat(256)}}`,
  `{"msg":"m","other":${"[".repeat(257)}${"]".repeat(257)}}`,
  `{"msg":"m","other":${'{"a":'.repeat(300)}1${"}".repeat(300)}}`,
  `{"msg":"m","other":${"[".repeat(300)}${"]".repeat(299)}}`,
  '{"msg":"m","flag":True}',
  '{"msg":"m","flag":nul}',
  '{"msg":"m","flag":undefined}',
  '{"msg":"m","flag":NaN}',
  "{'msg':'m'}",
  '{msg:"m"}',
  "{\"msg\":'m'}",
  '["msg","m"]',
  '[{"msg":"m"}]',
  '"a string"',
  "42",
  "null",
  "true",
  '{"msg":"m"',
  '{"msg":"m',
  '{"msg":',
  '{"msg"',
  '{"',
  "{",
  '{"msg":"m"\n,\n"level"\t:\r"ERROR"}',
  '{"msg":"m","\u0000":1}',
  '{"msg":"m","":""}',
  '{"msg":"m","x":1e5.5}',
  '{"timestamp":"2025-09-19T07:49:29.123Z","level":"INFO","message":"caf\u00e9 \u4e2d\u6587 🙂","service":"s"}',
  '{"timestamp":"2025-09-19T07:49:29.123Z","level":"INFO","message":"\u2028\u2029","service":"s"}',
];
