import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ALIAS_KEYS } from "../../src/logs/normalize.js";
import { rng, type Rng } from "./fuzz.js";

/**
 * Stored log entries for comparing the JSON field scanner with JSON.parse: the Loghub samples as
 * real producers' lines, and seeded random documents around the alias fields (escapes, non-ASCII
 * text, raw invalid UTF-8, repeated keys, nested extras, every number form, odd whitespace),
 * valid and corrupted. Entries are bytes, so invalid UTF-8 can be stored as it is.
 */

const LOGHUB = path.resolve(import.meta.dirname, "../fixtures/loghub");

export function loghubLines(): Buffer[] {
  return readdirSync(LOGHUB)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) =>
      readFileSync(path.join(LOGHUB, f), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => Buffer.from(l)),
    );
}

const STRINGS = [
  "plain message",
  "",
  "   ",
  'quote " and backslash \\ and slash /',
  "tab\tnew\nline\rcr",
  "control \u0001 \u001f",
  "naïve café ünïcode",
  "emoji 🚀 pair",
  "lone \ud800 surrogate",
  "2025-09-19T08:00:00Z",
  "2025-09-19T08:00:00.123Z",
  "2025-09-19T08:00:00+02:00",
  "1758268800",
  "1758268800123",
  "not a date",
  "ERROR",
  "warn",
  " Info ",
  "FATAL",
  "42",
  "250ms",
  "85%",
  "0.93",
  "user-service",
  "GET /api/users/12 200 in 45ms",
  '127.0.0.1 - - "GET /x HTTP/1.1" 502 10 "-" "curl" 912 0.039 [up] ',
];

const NUMBERS = ["0", "-0", "1", "-1", "12.5", "1e3", "1E-2", "-2.5e+2", "1758268800", "1758268800123", "1758268800123456", "0.5", "100", "250", "3.14159"];

function randomKey(g: Rng): string {
  if (g.chance(0.7)) return g.pick(ALIAS_KEYS);
  return g.pick(["thread", "host", "http.status", "pid", "extra", "tags", "ctx", "__proto__", "1", "k\\u0065y", "ünï"]);
}

function randomValue(g: Rng, depth: number): string {
  const u = g.next();
  if (u < 0.45) return JSON.stringify(g.pick(STRINGS));
  if (u < 0.7) return g.pick(NUMBERS);
  if (u < 0.78) return g.pick(["true", "false", "null"]);
  if (depth > 2) return "null";
  if (u < 0.89) return `{${Array.from({ length: g.int(3) }, () => `${JSON.stringify(randomKey(g))}:${randomValue(g, depth + 1)}`).join(",")}}`;
  return `[${Array.from({ length: g.int(3) }, () => randomValue(g, depth + 1)).join(",")}]`;
}

function ws(g: Rng): string {
  return g.chance(0.8) ? "" : g.pick([" ", "  ", "\n", "\t", "\r\n", " \t "]);
}

function randomDocument(g: Rng): string {
  const n = g.int(8);
  const pairs: string[] = [];
  for (let i = 0; i < n; i++) {
    // Keys are written raw: "k\u0065y" stays an escaped key.
    const key = randomKey(g);
    pairs.push(`${ws(g)}"${key}"${ws(g)}:${ws(g)}${randomValue(g, 1)}${ws(g)}`);
  }
  return `${ws(g)}{${pairs.join(",")}}${ws(g)}`;
}

/** One edit that usually breaks a document (and sometimes leaves it valid). */
function corrupt(g: Rng, doc: string): string {
  const at = g.int(doc.length + 1);
  switch (g.int(6)) {
    case 0:
      return doc.slice(0, at) + doc.slice(at + 1);
    case 1:
      return doc.slice(0, at) + g.pick([",", ":", "{", "}", "[", "]", '"', "\\", "x", "0", "-", ".", "e", "\u0000", "'"]) + doc.slice(at);
    case 2:
      return doc.slice(0, at);
    case 3:
      return doc.replace(/,/, ",,");
    case 4:
      return g.pick([
        "[1,2]",
        '"a string"',
        "42",
        "null",
        "true",
        "\ufeff{}",
        "{}",
        "{} {}",
        "{,}",
        '{"a":01}',
        '{"a":1.}',
        '{"a":.5}',
        '{"a":NaN}',
        "{'a':1}",
        '{"a":"\\x"}',
        '{"a":"\\u12g4"}',
      ]);
    default:
      return doc.replace(/:/, ":-");
  }
}

/** Raw bytes that are not UTF-8, inside a message value. */
function invalidUtf8(g: Rng): Buffer {
  const junk = Buffer.from(g.pick([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x9a], [0x80, 0x80]]));
  return Buffer.concat([Buffer.from('{"message":"bad '), junk, Buffer.from(` bytes","level":"INFO","timestamp":"2025-09-19T08:00:0${g.int(10)}Z"}`)]);
}

export function randomEntries(seed: number, count: number): Buffer[] {
  const g = rng(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const u = g.next();
    if (u < 0.05) out.push(invalidUtf8(g));
    else {
      const doc = randomDocument(g);
      out.push(Buffer.from(u < 0.35 ? corrupt(g, doc) : doc));
    }
  }
  return out;
}
