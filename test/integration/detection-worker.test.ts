import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { isServiceError } from "../../src/errors.js";
import { createDetector, type Detector } from "../../src/pipeline/graph.js";
import { valkeyLogSource } from "../../src/pipeline/sources.js";
import { createOffloadingDetector, createWorkerDetector, type WorkerDetector } from "../../src/pipeline/worker-pool.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { buildKeys, type Keys } from "../../src/valkey/keys.js";
import { countIncidentLogs } from "../../src/valkey/log-store.js";
import { stable } from "../helpers/consumer.js";
import { normalLogs, storeAsList, storeAsStream, storeAsZset, type TestLog } from "../helpers/logs.js";
import { testClient, testConfig } from "../helpers/valkey.js";

let r: Redis;
let config: Config;
let valkey: Valkey;
let keys: Keys;
let inline: Detector;
let pool: WorkerDetector;

/** 400 calm request lines with a few slow, failing and out-of-memory ones among them. */
function incident(): TestLog[] {
  const logs: TestLog[] = normalLogs(400);
  logs[50] = { ...logs[50], level: "ERROR", message: "Database connection timeout after 30s" };
  logs[120] = { ...logs[120], message: "GET /api/users/7 200 in 9800ms" };
  logs[300] = { ...logs[300], level: "CRITICAL", message: "OutOfMemoryError: Java heap space" };
  logs[301] = "not json" as unknown as TestLog;
  return logs;
}

beforeAll(async () => {
  r = testClient();
  config = testConfig();
  valkey = createValkey(config);
  valkey.on("error", () => {});
  await valkey.connect();
  keys = buildKeys(config);
  inline = createDetector({ source: valkeyLogSource(valkey, keys, config) });
  pool = createWorkerDetector({ config, threads: 1 });
});
afterAll(async () => {
  await pool.close();
  valkey.disconnect();
  r.disconnect();
});

const request = (incident_id: string) => ({ incident_id, time_window_hours: 24, confidence_threshold: 0.7 });

describe("detection in a worker thread", () => {
  it("answers exactly as the main thread does", async () => {
    await storeAsList(r, keys.incidentLogs("same"), incident());
    const here = await inline.run(request("same"), "api");
    const there = await pool.run(request("same"), "api");
    expect(here.anomalies_detected).toBeGreaterThan(0);
    expect(here.skipped_logs).toBe(1);
    expect(stable(there as unknown as Record<string, unknown>)).toEqual(stable(here as unknown as Record<string, unknown>));
    expect(pool.size).toBe(1);
  });

  it("reports the service's errors with their codes (a missing incident is NOT_FOUND)", async () => {
    const err = await pool.run(request("missing"), "api").catch((e: unknown) => e);
    expect(isServiceError(err, "NOT_FOUND")).toBe(true);
    expect((err as Error).message).toContain(keys.incidentLogs("missing"));
  });

  it("sends only incidents of at least minLogs logs to the pool", async () => {
    await storeAsList(r, keys.incidentLogs("small"), normalLogs(30));
    const used: string[] = [];
    const spy = (name: string, d: Detector): Detector => ({ run: (q, t) => (used.push(name), d.run(q, t)) });
    const detector = createOffloadingDetector({ inline: spy("inline", inline), pool: spy("pool", pool), minLogs: 100, size: (q) => countIncidentLogs(valkey, keys.incidentLogs(q.incident_id)) });
    await detector.run(request("small"), "api");
    await detector.run(request("same"), "api");
    expect(used).toEqual(["inline", "pool"]);
  });

  it("sends small incidents to the pool too while this thread is already detecting", async () => {
    const used: string[] = [];
    const spy = (name: string, d: Detector): Detector => ({ run: (q, t) => (used.push(name), d.run(q, t)) });
    const detector = createOffloadingDetector({ inline: spy("inline", inline), pool: spy("pool", pool), minLogs: 1_000_000, size: async () => 30 });
    const [a, b] = await Promise.all([detector.run(request("small"), "api"), detector.run(request("small"), "api")]);
    expect(used.sort()).toEqual(["inline", "pool"]);
    expect(stable(b as unknown as Record<string, unknown>)).toEqual(stable(a as unknown as Record<string, unknown>));
  });
});

describe("countIncidentLogs", () => {
  it("counts a list, a sorted set and a stream; 0 for a missing key or another type", async () => {
    const logs = normalLogs(12);
    await storeAsList(r, keys.incidentLogs("l"), logs);
    await storeAsZset(r, keys.incidentLogs("z"), logs);
    await storeAsStream(r, keys.incidentLogs("s"), logs);
    await r.set(keys.incidentLogs("str"), "x");
    expect(await countIncidentLogs(valkey, keys.incidentLogs("l"))).toBe(12);
    expect(await countIncidentLogs(valkey, keys.incidentLogs("z"))).toBe(12);
    expect(await countIncidentLogs(valkey, keys.incidentLogs("s"))).toBe(12);
    expect(await countIncidentLogs(valkey, keys.incidentLogs("none"))).toBe(0);
    expect(await countIncidentLogs(valkey, keys.incidentLogs("str"))).toBe(0);
  });
});
