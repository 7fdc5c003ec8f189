import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { detectResponseSchema } from "../../src/contract/detect-response.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { startTestConsumer, waitForEntries } from "../helpers/consumer.js";
import { deepNestingText, rng, safeId, type Rng } from "../helpers/fuzz.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { testClient, testConfig } from "../helpers/valkey.js";

/**
 * What producers may really leave in an incident's key: megabyte lines, binary junk, JSON that
 * is not an object, fields of the wrong type, a key of another type. Each is skipped (and
 * counted) or answered with a clear 4xx; the answer always validates against the response
 * schema; nothing crashes.
 */

const MB = 1024 * 1024;
const END = Date.parse("2025-09-19T08:00:00Z");

let r: Redis;
let config: Config;
let t: TestApp;
let big: TestApp;

beforeAll(async () => {
  r = testClient();
  config = testConfig({ RATE_LIMIT_MAX: "0" });
  t = await buildTestApp(config);
  // The same keys with a limit above a megabyte: the 1 MB lines are then read and analysed.
  big = await buildTestApp({ ...config, MAX_LOG_ENTRY_BYTES: 2 * MB });
});
afterAll(async () => {
  await t.close();
  await big.close();
  r.disconnect();
});

async function detect(app: TestApp, incident_id: string, extra: Record<string, unknown> = {}) {
  const res = await app.app.inject({
    method: "POST",
    url: "/detect-anomalies",
    payload: { incident_id, time_window_hours: 8784, confidence_threshold: 0, ...extra },
  });
  return res;
}

/** 200, and the answer is exactly the documented schema (no NaN turned null, no missing field). */
function expectValidAnswer(res: { statusCode: number; body: string }, what: string) {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 500)}`).toBe(200);
  const parsed = detectResponseSchema.safeParse(JSON.parse(res.body));
  expect(parsed.success, `${what}: ${parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3))}`).toBe(true);
  return parsed.data!;
}

const WRONG_TYPES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -1e308,
  3.5,
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "not a date",
  "0x1F",
  [],
  [1, "a"],
  {},
  { nested: { deeper: [1] } },
];

/** A log object whose fields have random wrong types (the message sometimes too). */
function wrongTypedLog(g: Rng, i: number): Record<string, unknown> {
  const log: Record<string, unknown> = { timestamp: new Date(END - i * 1000).toISOString(), level: "INFO", message: `line ${i}`, service: "svc" };
  for (const k of ["timestamp", "level", "message", "service", "response_time", "memory_usage", "duration_ms", "severity", "@timestamp", "msg"]) {
    if (g.chance(0.35)) log[k] = g.pick(WRONG_TYPES);
  }
  return log;
}

/** One stored entry of junk: binary, not JSON, JSON that is not an object, or wrong types. */
function junkEntry(g: Rng, i: number): string | Buffer {
  switch (g.int(5)) {
    case 0:
      return Buffer.from(Array.from({ length: 1 + g.int(200) }, () => g.int(256)));
    case 1:
      return g.pick(["", "{", "}{", '{"message": ', "undefined", "NaN", "\u0000", "{'message': 'single quotes'}", safeId(g)]);
    case 2:
      return g.pick(["null", "true", "42", "-1e999", '"a string"', "[]", '[{"message":"in an array"}]', deepNestingText(5000, false)]);
    default:
      return JSON.stringify(wrongTypedLog(g, i));
  }
}

describe("stored logs that are not what they should be", () => {
  it("1 MB lines: skipped with a reason under MAX_LOG_ENTRY_BYTES, analysed above it", async () => {
    const key = t.keys.incidentLogs("megabyte");
    const logs: Array<Record<string, unknown> | string> = normalLogs(30, END);
    const hugeMessage = {
      timestamp: new Date(END - 30_000).toISOString(),
      level: "ERROR",
      message: `timeout after 30s ${"x".repeat(MB)}`,
      service: "user-service",
    };
    const hugeWords = {
      timestamp: new Date(END - 20_000).toISOString(),
      level: "WARN",
      message: "retry failed error exception timeout in 45ms ".repeat(MB / 44),
      service: "user-service",
    };
    logs.splice(10, 0, hugeMessage, hugeWords, JSON.stringify(hugeMessage).slice(0, MB), deepNestingText(MB / 2, false));
    await storeAsList(r, key, logs);

    const small = expectValidAnswer(await detect(t, "megabyte"), "default limit");
    expect(small.processed_logs).toBe(30);
    expect(small.skipped_logs).toBe(4);

    const t0 = performance.now();
    const res = await detect(big, "megabyte");
    const tookMs = performance.now() - t0;
    const answer = expectValidAnswer(res, "2 MB limit");
    // The two megabyte messages are read; the truncated JSON and the nesting are not objects.
    expect(answer.processed_logs).toBe(32);
    expect(answer.skipped_logs).toBe(2);
    const flagged = answer.anomalies.find((a) => a.log_index === 10);
    expect(flagged?.features.message_length).toBe(hugeMessage.message.length);
    // Megabyte messages must not send a regular expression into a long backtrack.
    expect(tookMs).toBeLessThan(10_000);
  });

  it("binary junk, non-JSON, non-objects and wrong field types, in all three key types: skipped or read, never a failure", async () => {
    const g = rng(8001);
    for (const kind of ["list", "zset", "stream"] as const) {
      const key = t.keys.incidentLogs(`junk-${kind}`);
      await r.del(key);
      const normals = normalLogs(60, END);
      const entries: Array<string | Buffer> = [];
      for (let i = 0; i < 300; i++) entries.push(i % 5 === 0 ? JSON.stringify(normals[i / 5]!) : junkEntry(g, i));
      if (kind === "list") await r.rpush(key, ...entries);
      else if (kind === "zset") {
        const p = r.pipeline();
        // Members are unique: junk gets its position appended (normal logs are unique already).
        for (const [i, e] of entries.entries())
          p.zadd(key, END - (300 - i) * 1000, i % 5 === 0 ? e : Buffer.concat([Buffer.from(e), Buffer.from(`\u0000${i}`)]));
        // Scores a producer should never write.
        p.zadd(key, "-inf", JSON.stringify({ message: "minus infinity" }));
        p.zadd(key, 1e300, JSON.stringify({ message: "far future" }));
        await p.exec();
      } else {
        const p = r.pipeline();
        entries.forEach((e, i) => {
          const id = `${END - (300 - i) * 1000}-0`;
          // One JSON field, flat fields with junk values, or binary field names.
          if (g.chance(0.4)) p.xadd(key, id, "data", e);
          else if (g.chance(0.5)) p.xadd(key, id, "message", e, "level", junkEntry(g, i), "timestamp", junkEntry(g, i));
          else p.xadd(key, id, junkEntry(g, i), e);
        });
        await p.exec();
      }
      const answer = expectValidAnswer(await detect(t, `junk-${kind}`), kind);
      expect(answer.key_type).toBe(kind);
      expect(answer.processed_logs, kind).toBeGreaterThanOrEqual(kind === "zset" ? 1 : 60);
      // Wrong-typed timestamps (0, -1, 3.5 as epoch seconds) put a few logs outside the window.
      if (kind === "list") expect(answer.processed_logs + answer.skipped_logs).toBeGreaterThan(290);
      if (kind === "list") expect(answer.processed_logs + answer.skipped_logs).toBeLessThanOrEqual(300);
      for (const a of answer.anomalies) {
        expect(a.confidence).toBeGreaterThanOrEqual(0);
        expect(a.confidence).toBeLessThanOrEqual(1);
      }
    }
  });

  it("absurd timestamps (epoch 1e308, -1e308, beyond year 275760) are answered, not a 500", async () => {
    for (const [i, ts] of [1e308, -1e308, 8.64e15, 8.64e15 + 1, "+275760-09-13T00:00:00.000Z", 1e20].entries()) {
      const logs: Array<Record<string, unknown>> = normalLogs(30, END);
      logs.push({ timestamp: ts, level: "ERROR", message: "from a broken clock", service: "user-service" });
      await storeAsList(r, t.keys.incidentLogs(`clock-${i}`), logs);
      const answer = expectValidAnswer(await detect(t, `clock-${i}`), `timestamp ${ts}`);
      expect(answer.processed_logs, `timestamp ${ts}`).toBeGreaterThanOrEqual(1);
    }
  });

  it("a key of an unsupported type answers 422 naming the key and type; a stream event for it is dead-lettered", async () => {
    const arrange: Record<string, () => Promise<unknown>> = {
      hash: () => r.hset(t.keys.incidentLogs("as-hash"), "message", "hello"),
      string: () => r.set(t.keys.incidentLogs("as-string"), JSON.stringify({ message: "hello" })),
      set: () => r.sadd(t.keys.incidentLogs("as-set"), JSON.stringify({ message: "hello" })),
    };
    for (const [type, store] of Object.entries(arrange)) {
      await store();
      const res = await detect(t, `as-${type}`);
      expect(res.statusCode, type).toBe(422);
      expect(res.json()).toMatchObject({ code: "UNSUPPORTED_KEY_TYPE", key: t.keys.incidentLogs(`as-${type}`) });
      expect(res.json().message).toContain(`holds a ${type}`);
    }
    const cfg = { ...config, CONSUMER_NAME: "fuzz-logs", CONSUMER_BLOCK_MS: 200, NO_LOGS_RETRIES: 0 };
    await r.xgroup("CREATE", cfg.INCIDENT_STREAM, cfg.CONSUMER_GROUP, "$", "MKSTREAM");
    const consumer = await startTestConsumer(cfg, t);
    try {
      await storeAsList(r, t.keys.incidentLogs("after-hash"), normalLogs(30, END));
      const bad = await r.xadd(cfg.INCIDENT_STREAM, "*", "incident_id", "as-hash");
      const good = await r.xadd(cfg.INCIDENT_STREAM, "*", "incident_id", "after-hash");
      const [d] = await waitForEntries(r, cfg.DEAD_LETTER_STREAM, 20_000, "dead letter");
      expect(d).toMatchObject({ source_event_id: bad, reason: "unsupported_key_type", incident_id: "as-hash" });
      expect(d!.error).toContain("holds a hash");
      const [res] = await waitForEntries(r, cfg.ANOMALY_STREAM, 20_000, "result after the dead letter");
      expect(res).toMatchObject({ source_event_id: good, status: "ok" });
    } finally {
      await consumer.close();
    }
  });

  it("MAX_LOGS_PER_INCIDENT caps the logs read and the answer says it truncated", async () => {
    await storeAsList(r, t.keys.incidentLogs("capped"), normalLogs(80, END));
    const capped = await buildTestApp({ ...config, MAX_LOGS_PER_INCIDENT: 50 });
    try {
      const answer = expectValidAnswer(await detect(capped, "capped"), "capped");
      expect(answer.truncated).toBe(true);
      expect(answer.processed_logs).toBe(50);
      const all = expectValidAnswer(await detect(t, "capped"), "uncapped");
      expect(all.truncated).toBe(false);
      expect(all.processed_logs).toBe(80);
    } finally {
      await capped.close();
    }
  });

  it("a key holding only unreadable entries answers 404 saying how many were skipped", async () => {
    await storeAsList(r, t.keys.incidentLogs("only-arrays"), ["[1]", "null", "42", '"x"', Buffer.from([0xff, 0xfe, 0x00]).toString("latin1")]);
    const only = await detect(t, "only-arrays");
    expect(only.statusCode).toBe(404);
    expect(only.json().message).toContain("(5 unreadable entries skipped)");
  });
});
