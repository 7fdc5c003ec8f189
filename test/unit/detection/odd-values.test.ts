import { describe, expect, it } from "vitest";
import { messageShapes } from "../../../src/detection/features/message-shapes.js";
import {
  MAX_PAIRS,
  MIN_SLOT_LINES,
  ODD_VALUE_EVIDENCE,
  oddEvidenceOf,
  oddPairOf,
  oddValues,
  rawTokens,
  tokenAt,
} from "../../../src/detection/templates/odd-values.js";
import { MAX_TOKENS, mineTemplates } from "../../../src/detection/templates/templates.js";

/** Per message, the odd-value evidence of its template and shape (0 when none was judged). */
function judge(messages: string[], services?: string[]): number[] {
  const rows = messages.map((message, i) => ({ service: services?.[i] ?? "svc", message, level: "INFO" as const }));
  const templates = mineTemplates(rows);
  const shapes = messageShapes(rows);
  const odd = oddValues(templates, shapes, messages);
  return messages.map((_, i) => {
    if (!odd) return 0;
    const e = oddEvidenceOf(odd, i, templates.templateOf[i]!);
    // The per-template flag only spares lookups: the pair says the same.
    expect(e).toBe(odd.evidence[oddPairOf(odd, i, templates.templateOf[i]!)] ?? 0);
    return e;
  });
}

/** n messages from make(i), with `odd` put in place of every k-th from the 7th. */
function withOdd(n: number, make: (i: number) => string, odd: (i: number) => string, every: number): string[] {
  return Array.from({ length: n }, (_, i) => (i >= 7 && (i - 7) % every === 0 ? odd(i) : make(i)));
}

describe("rawTokens and tokenAt", () => {
  it("split on whitespace and keep each token as written", () => {
    const out: string[] = [];
    expect(rawTokens("  issued token ttl=900s\tsub=svc:a ", out)).toBe(4);
    expect(out).toEqual(["issued", "token", "ttl=900s", "sub=svc:a"]);
    expect(tokenAt("  issued token ttl=900s\tsub=svc:a ", 2)).toBe("ttl=900s");
    expect(tokenAt("issued token", 5)).toBe("");
    // A long message is counted only past MAX_TOKENS: enough to tell it is longer.
    expect(rawTokens(Array.from({ length: MAX_TOKENS + 50 }, (_, i) => `w${i}`).join(" "), out)).toBe(MAX_TOKENS + 1);
    expect(out).toHaveLength(MAX_TOKENS);
  });
});

describe("oddValues", () => {
  const tokenLine = (ttl: string) => (i: number) => `issued service token sub=svc:api-${"abcdefgh"[i % 8]} ttl=${ttl}`;

  it("flags a setting of another magnitude: a TTL of 0 s or of ten years among 900 s and 3600 s", () => {
    const messages = withOdd(
      400,
      (i) => tokenLine(i % 3 === 0 ? "3600s" : "900s")(i),
      (i) => tokenLine(i % 2 === 0 ? "0s" : "315360000s")(i),
      80,
    );
    const e = judge(messages);
    const odd = messages.map((m, i) => (m.endsWith("ttl=0s") || m.endsWith("ttl=315360000s") ? i : -1)).filter((i) => i >= 0);
    expect(odd.length).toBe(5);
    for (const i of odd) expect(e[i]).toBeCloseTo(ODD_VALUE_EVIDENCE, 6);
    expect(e.filter((v, i) => v > 0 && !odd.includes(i))).toEqual([]);
  });

  it("leaves a measurement or a counter alone: many distinct numbers, some of another magnitude", () => {
    // A sequence number restarting on a new device: 3 digits among 6, but no setting.
    const messages = withOdd(
      400,
      (i) => `frame accepted seq=${100000 + i * 37} bytes=236`,
      (i) => `frame accepted seq=${100 + i}`.concat(" bytes=236"),
      80,
    );
    expect(judge(messages).every((v) => v === 0)).toBe(true);
  });

  it("leaves a number within one digit of its usual magnitudes alone: a prefetch of 5 or 0 among 50", () => {
    const messages = withOdd(
      400,
      () => "consumer heartbeat prefetch=50",
      (i) => `consumer heartbeat prefetch=${i % 2}`,
      80,
    );
    expect(judge(messages).every((v) => v === 0)).toBe(true);
  });

  it("flags a rare value saying its subject is unknown ('role=unknown'), not another rare word (a cache's STALE, '1 mismatch')", () => {
    const roles = ["nurse", "physician", "pharmacist"];
    const audit = withOdd(
      400,
      (i) => `AUDIT actor=dr-${"xyz"[i % 3]} role=${roles[i % 3]} action=READ`,
      () => "AUDIT actor=dr-x role=unknown action=READ",
      80,
    );
    const e = judge(audit);
    for (const [i, m] of audit.entries()) expect(e[i], m).toBe(m.includes("unknown") ? ODD_VALUE_EVIDENCE : 0);
    const cache = withOdd(
      400,
      (i) => `GET /img/a.png ${i % 2 === 0 ? "HIT" : "MISS"}`,
      () => "GET /img/a.png STALE",
      80,
    );
    expect(judge(cache).every((v) => v === 0)).toBe(true);
    const counts = withOdd(
      400,
      (i) => `chunk reconciled: ${i} accounts, 0 mismatches`,
      (i) => `chunk reconciled: ${i} accounts, 1 mismatch`,
      80,
    );
    expect(judge(counts).every((v) => v === 0)).toBe(true);
  });

  it("says nothing of a slot whose rare values are its everyday: a long tail", () => {
    // One user in ten is a one-off: 10% of the lines carry a rare value, more than MAX_TAIL_SHARE.
    const messages = Array.from(
      { length: 400 },
      (_, i) =>
        `login ok user=${i % 10 === 0 ? `unknown-${"abcdefghijklmnopqrstuvwxyz"[i % 26]}${"abcdefghijklmnopqrstuvwxyz"[(i * 7) % 26]}` : ["alice", "bob"][i % 2]}`,
    );
    expect(judge(messages).every((v) => v === 0)).toBe(true);
  });

  it("judges each service's template on its own lines, though services write the same message shapes", () => {
    // A writes the usual TTLs first, so every usual shape is first seen in A; B's odd lines are
    // judged against B's own 400 lines.
    const a = Array.from({ length: 200 }, (_, i) => tokenLine(i % 3 === 0 ? "3600s" : "900s")(i));
    const b = withOdd(
      400,
      (i) => tokenLine(i % 3 === 0 ? "3600s" : "900s")(i),
      (i) => tokenLine("0s")(i),
      80,
    );
    const e = judge([...a, ...b], [...a.map(() => "a"), ...b.map(() => "b")]);
    const odd = b.map((m, i) => (m.endsWith("ttl=0s") ? 200 + i : -1)).filter((i) => i >= 0);
    expect(odd.length).toBe(5);
    for (const i of odd) expect(e[i]).toBeCloseTo(ODD_VALUE_EVIDENCE, 6);
    expect(e.filter((v, i) => v > 0 && !odd.includes(i))).toEqual([]);
  });

  it("flags a line many times its message's usual length, where such lines are rare: a body echoed whole in one token", () => {
    const body = (i: number) => JSON.stringify({ id: i, items: Array.from({ length: 40 }, (_, k) => ({ sku: `SKU-${k}`, qty: k % 3 })) });
    const messages = withOdd(
      400,
      (i) => `psp response order=${i} body=${JSON.stringify({ status: "ok" })}`,
      (i) => `psp response order=${i} body=${body(i)}`,
      80,
    );
    const e = judge(messages);
    const long = messages.map((m, i) => (m.length > 500 ? i : -1)).filter((i) => i >= 0);
    expect(long.length).toBe(5);
    // 0.9 at ten times the usual length: these are more.
    for (const i of long) expect(e[i]).toBeCloseTo(0.9, 6);
    expect(e.filter((v, i) => v > 0 && !long.includes(i))).toEqual([]);
    // Where long lines are a fifth of the message's, long is its everyday.
    const everyday = Array.from({ length: 400 }, (_, i) => `psp response order=${i} body=${i % 5 === 0 ? body(i) : JSON.stringify({ status: "ok" })}`);
    expect(judge(everyday).every((v) => v === 0)).toBe(true);
  });

  it(`keeps at most ${MAX_PAIRS.toLocaleString("en")} (template, shape) pairs: a template met past them is not judged, one met before still is`, () => {
    const letters = "abcdefghijklmnopqrstuvwxyz";
    // Every line a shape of its own: a request id in letters.
    const ids = Array.from(
      { length: MAX_PAIRS + 10 },
      (_, i) =>
        `request served id=${letters[i % 26]}${letters[Math.floor(i / 26) % 26]}${letters[Math.floor(i / 676) % 26]}${letters[Math.floor(i / 17576) % 26]}`,
    );
    const tokens = withOdd(
      400,
      (i) => tokenLine(i % 3 === 0 ? "3600s" : "900s")(i),
      (i) => tokenLine(i % 2 === 0 ? "0s" : "315360000s")(i),
      80,
    );
    const odd = (e: number[], offset: number) => tokens.filter((m, i) => /ttl=(0|315360000)s$/.test(m) && e[offset + i]! > 0).length;
    expect(odd(judge([...tokens, ...ids]), 0)).toBe(5);
    expect(odd(judge([...ids, ...tokens]), ids.length)).toBe(0);
  });

  it(`needs ${MIN_SLOT_LINES} lines of a template before a value of it is rare`, () => {
    const few = withOdd(
      MIN_SLOT_LINES - 1,
      (i) => tokenLine("900s")(i),
      (i) => tokenLine("0s")(i),
      40,
    );
    expect(judge(few).every((v) => v === 0)).toBe(true);
  });
});
