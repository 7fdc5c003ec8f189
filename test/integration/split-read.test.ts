import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detect } from "../../src/detection/detect.js";
import { extractFeatures } from "../../src/detection/features/features.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { readIncidentLogs, readRange, type RangeReader, type ReadLogsOptions } from "../../src/valkey/log-store.js";
import { createHelperThread, type HelperThread } from "../../src/threads/helper.js";
import { normalLogs, storeAsList, type TestLog } from "../helpers/logs.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";

let r: Redis;
let valkey: Valkey;
let helper: HelperThread;
let prefix: string;
const opts: ReadLogsOptions = { windowHours: 24, pageSize: 50, maxLogs: 1_000_000, maxEntryBytes: 10_000, maxBytes: 1 << 30, pageBytes: 1 << 20 };

beforeAll(async () => {
  r = testClient();
  const config = testConfig({ VALKEY_URL: valkeyUrl() });
  prefix = config.INCIDENT_LOGS_KEY.split(":")[0]!;
  valkey = createValkey(config);
  await valkey.connect();
  helper = createHelperThread(config);
});
afterAll(async () => {
  await helper.close();
  r.disconnect();
  valkey.disconnect();
});

/**
 * 1,500 logs of three services, a day older ones first (outside the window), unreadable
 * entries in both halves: what both threads must agree on. Routes: the api's in a `path`
 * field, the cache's in OpenTelemetry's attributes, the db names none; the old logs name one
 * of their own (dropped with them), and the newest a route of their own (only the helper reads it).
 * The db's newer lines report a resident set without its limit (a size column only the helper's
 * half creates).
 */
function entries(): string[] {
  const old = normalLogs(20, Date.parse("2025-09-17T08:00:00Z"), "batch").map((l) => ({ ...l, path: "/batch/nightly" }));
  const logs: TestLog[] = [
    ...normalLogs(500, undefined, "api").map((l, i) => ({
      ...l,
      path: i % 3 === 0 ? `/api/users/${1000 + i}` : "/api/search",
      status: i % 7 === 0 ? 401 : 200,
    })),
    ...normalLogs(500, undefined, "db").map((l, i) => (i >= 350 ? { ...l, rss_mb: 200 + i } : l)),
    ...normalLogs(480, undefined, "cache").map((l, i) => ({ ...l, attributes: { "http.route": i < 400 ? "/cache/{key}" : "/cache/flush" } })),
  ];
  logs.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
  const lines = [...old, ...logs].map((l) => JSON.stringify(l));
  lines[300] = "{not json";
  lines[1100] = JSON.stringify({ level: "ERROR" });
  lines[1400] = "[1,2]";
  return lines;
}

const reader = (minLogs: number, failures?: string[]): RangeReader => ({
  minLogs,
  read: (req) => helper.read(req),
  onFailure: (err) => failures?.push(err.message),
});

async function storeZset(key: string, lines: string[]): Promise<void> {
  await r.del(key);
  const args: (string | number)[] = [];
  for (const [i, line] of lines.entries()) args.push(Date.parse("2025-09-17T07:00:00Z") + i * 100_000, line);
  await r.zadd(key, ...args);
}

describe("reading half of an incident on the helper thread", () => {
  it.each(["list", "zset"] as const)("gives a %s's logs, skipped entries and window exactly as one thread does", async (kind) => {
    const key = `${prefix}:split:${kind}`;
    const lines = entries();
    if (kind === "list") await storeAsList(r, key, lines);
    else await storeZset(key, lines);
    const before = helper.ranges;
    const alone = await readIncidentLogs(valkey, key, opts);
    const split = await readIncidentLogs(valkey, key, { ...opts, helper: reader(100) });
    expect(helper.ranges).toBe(before + 1);
    expect(split.logs.records()).toEqual(alone.logs.records());
    expect(split.logs.services).toEqual(alone.logs.services);
    expect(split.logs.routes).toEqual(alone.logs.routes);
    expect(split.logs.routeOf).toEqual(alone.logs.routeOf);
    expect(split.logs.memoryBytes).toEqual(alone.logs.memoryBytes);
    expect(split.logs.httpStatus).toEqual(alone.logs.httpStatus);
    expect(alone.logs.httpStatus?.filter((v) => v === 401).length).toBeGreaterThan(30);
    expect(alone.logs.memoryBytes?.filter((v) => v > 0).length).toBe(150);
    expect(alone.logs.routes).toEqual(expect.arrayContaining(["/api/search", "/api/users/<*>", "/cache/{key}", "/cache/flush"]));
    expect(alone.logs.routes).not.toContain("/batch/nightly");
    const { logs: _a, ...restAlone } = alone;
    const { logs: _b, precomputed: _p, ...restSplit } = split;
    expect(restSplit).toEqual(restAlone);
    // The halves' shapes and features, merged, give detect() the same answer; the list's
    // window dropped older rows, and the merged features were kept in step with them.
    expect(split.precomputed?.features.n).toBe(split.logs.length);
    expect(alone.precomputed).toBeUndefined();
    expect(split.precomputed!.features).toEqual(extractFeatures(alone.logs));
    expect(detect({ table: split.logs, precomputed: split.precomputed }, { confidenceThreshold: 0 })).toEqual(detect(alone.logs, { confidenceThreshold: 0 }));
    // Unreadable entries on both sides of the cut (the sorted set's window starts at rank 656).
    expect(alone.skipped).toBe(kind === "list" ? 3 : 2);
    expect(alone.skippedSamples[0]?.log_index).toBe(kind === "list" ? 300 : 1100);
    expect(split.skippedSamples).toEqual(alone.skippedSamples);
  });

  it("merges the halves' shapes and features into what one thread computes over all rows", async () => {
    const key = `${prefix}:split:features`;
    // Shapes that appear only in the newer half, and one shared by both.
    const lines = entries().slice(20);
    lines.push(JSON.stringify({ message: "Heap usage at 93% on node 4", level: "WARNING", service: "db", timestamp: "2025-09-19T07:59:59.000Z" }));
    lines.push(JSON.stringify({ message: "Request timeout after 30000ms", level: "ERROR", service: "api", timestamp: "2025-09-19T07:59:59.500Z" }));
    await storeAsList(r, key, lines);
    const split = await readIncidentLogs(valkey, key, { ...opts, helper: reader(100) });
    const alone = await readIncidentLogs(valkey, key, opts);
    const pre = split.precomputed!;
    expect(pre).toBeDefined();
    const o = { confidenceThreshold: 0 };
    const here = detect(alone.logs, o);
    expect(pre.features).toEqual(here.features);
    expect(detect({ table: split.logs, precomputed: pre }, o)).toEqual(here);
    expect(pre.features.memoryUsage[pre.features.n - 2]).toBe(93);
    expect(pre.features.responseTime[pre.features.n - 1]).toBe(30000);
  });

  it("reads below the helper's minimum, or in pages as large as the range, on this thread alone", async () => {
    const key = `${prefix}:split:small`;
    await storeAsList(r, key, entries().slice(0, 90));
    const before = helper.ranges;
    await readIncidentLogs(valkey, key, { ...opts, helper: reader(100) });
    expect(helper.ranges).toBe(before);
    await storeAsList(r, key, entries().slice(0, 300));
    const out = await readIncidentLogs(valkey, key, { ...opts, pageSize: 300, helper: reader(100) });
    expect(helper.ranges).toBe(before);
    expect(out.logs.length).toBe(280);
  });

  it("reads the helper's half here when the helper fails, and says so", async () => {
    const key = `${prefix}:split:failing`;
    await storeAsList(r, key, entries());
    const failures: string[] = [];
    const broken: RangeReader = {
      minLogs: 100,
      read: () => Promise.reject(new Error("helper thread exited with code 1")),
      onFailure: (e) => failures.push(e.message),
    };
    const out = await readIncidentLogs(valkey, key, { ...opts, helper: broken });
    expect(out.logs.records()).toEqual((await readIncidentLogs(valkey, key, opts)).logs.records());
    expect(failures).toEqual(["helper thread exited with code 1"]);
  });

  it("hands a range over as columns the reading thread can append", async () => {
    const key = `${prefix}:split:range`;
    await storeAsList(r, key, entries());
    const range = await readRange(valkey, { key, keyType: "list", from: 290, to: 310, pageSize: 7, maxEntryBytes: 10_000 });
    expect(range.part.length).toBe(19);
    expect(range.skipped).toBe(1);
    expect(range.skippedSamples).toMatchObject([{ log_index: 300, reason: "entry is not valid JSON" }]);
    expect(Array.from(range.part.index).slice(9, 11)).toEqual([299, 301]);
  });
});
