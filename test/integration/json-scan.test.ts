import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogRecord } from "../../src/logs/log-record.js";
import { normalizeLog } from "../../src/logs/normalize.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { readIncidentLogs, type ReadLogsOptions } from "../../src/valkey/log-store.js";
import { loghubLines, randomEntries } from "../helpers/json-corpus.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";

/**
 * Reading logs from their bytes (the JSON field scanner, with JSON.parse for what it leaves)
 * gives exactly the rows and skip reasons that decoding each entry and JSON.parse give, through
 * a real server: Loghub's lines, seeded random documents valid and corrupted, raw invalid UTF-8,
 * and entries at the size limit in bytes but not in characters.
 */

const MAX_ENTRY = 400;
const opts: ReadLogsOptions = { windowHours: 1e7, pageSize: 500, maxLogs: 1_000_000, maxEntryBytes: MAX_ENTRY, maxBytes: 1 << 30, pageBytes: 1 << 20 };
let r: Redis;
let valkey: Valkey;
let prefix: string;

beforeAll(async () => {
  r = testClient();
  const config = testConfig({ VALKEY_URL: valkeyUrl() });
  prefix = config.INCIDENT_LOGS_KEY.split(":")[0]!;
  valkey = createValkey(config);
  await valkey.connect();
});
afterAll(async () => {
  r.disconnect();
  valkey.disconnect();
});

/** What decoding each entry and JSON.parse make of the entries: kept rows and skip reasons. */
function oracle(entries: Buffer[], fallback: (i: number) => number): { records: LogRecord[]; reasons: Map<number, string> } {
  const records: LogRecord[] = [];
  const reasons = new Map<number, string>();
  entries.forEach((bytes, i) => {
    const text = bytes.toString();
    if (text.length > MAX_ENTRY) {
      reasons.set(i, `entry of ${text.length} bytes is over MAX_LOG_ENTRY_BYTES (${MAX_ENTRY})`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      reasons.set(i, "entry is not valid JSON");
      return;
    }
    const n = normalizeLog(value, i, fallback(i));
    if (n.ok) records.push(n.record);
    else reasons.set(i, n.reason);
  });
  return { records, reasons };
}

function corpus(): Buffer[] {
  const sized = [
    // Over the limit in bytes, within it in characters: kept, as before.
    Buffer.from(JSON.stringify({ message: "é".repeat(MAX_ENTRY - 40), level: "INFO", timestamp: "2025-09-19T08:00:00Z" })),
    Buffer.from(JSON.stringify({ message: "x".repeat(MAX_ENTRY), level: "INFO" })),
  ];
  return [...loghubLines().filter((_, i) => i % 5 === 0), ...randomEntries(7, 3000), ...sized];
}

function expectSame(out: Awaited<ReturnType<typeof readIncidentLogs>>, want: ReturnType<typeof oracle>) {
  const got = out.logs.records().sort((a, b) => a.index - b.index);
  expect(got.length).toBe(want.records.length);
  for (let i = 0; i < got.length; i++) if (JSON.stringify(got[i]) !== JSON.stringify(want.records[i])) expect(got[i]).toEqual(want.records[i]);
  expect(out.skipped).toBe(want.reasons.size);
  for (const s of out.skippedSamples) expect(s.reason).toBe(want.reasons.get(s.log_index));
}

describe("reading logs from their bytes", () => {
  it("keeps exactly the rows and reasons of JSON.parse, from a list", async () => {
    const entries = corpus();
    const key = `${prefix}:scan:list`;
    await r.del(key);
    for (let i = 0; i < entries.length; i += 1000) await r.rpush(key, ...entries.slice(i, i + 1000));
    const want = oracle(entries, () => Number.NaN);
    expect(want.records.length).toBeGreaterThan(4000);
    expect(want.reasons.size).toBeGreaterThan(500);
    expectSame(await readIncidentLogs(valkey, key, opts), want);
  });

  it("keeps exactly the rows and reasons of JSON.parse, from a sorted set (scores as fallback stamps)", async () => {
    const seen = new Set<string>();
    const entries = corpus().filter((b) => {
      const k = b.toString("base64");
      return !seen.has(k) && seen.add(k);
    });
    const key = `${prefix}:scan:zset`;
    await r.del(key);
    const base = Date.parse("2025-09-19T00:00:00Z");
    for (let i = 0; i < entries.length; i += 1000) {
      const args: (string | Buffer)[] = [];
      entries.slice(i, i + 1000).forEach((b, j) => {
        args.push(String(base + (i + j) * 1000), b);
      });
      await r.zadd(key, ...args);
    }
    const want = oracle(entries, (i) => base + i * 1000);
    expectSame(await readIncidentLogs(valkey, key, opts), want);
  });
});
