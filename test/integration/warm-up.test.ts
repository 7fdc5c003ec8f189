import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema, type Config } from "../../src/config.js";
import { createMetrics } from "../../src/metrics.js";
import { createWorkerDetector } from "../../src/threads/detection-pool.js";
import { createHelperThread, SPLIT_READ_MIN_LOGS } from "../../src/threads/helper.js";
import { warmUpIncident } from "../../src/threads/warm-up.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { buildKeys } from "../../src/valkey/keys.js";
import { readHeldEntries, readIncidentLogs, type ReadLogsOptions, type ReadLogsResult } from "../../src/valkey/log-store.js";
import { generateLogs } from "../../bench/data.js";
import { normalLogs, storeAsList, type TestLog } from "../helpers/logs.js";
import { waitFor } from "../helpers/service.js";
import { testClient, testConfig } from "../helpers/valkey.js";

/** The rounds a ready thread warms up for by default. */
const WARM_UP_ROUNDS = configSchema.parse({}).DETECTION_THREAD_WARMUP_ROUNDS;

/**
 * A ready detection thread warms its code up on an incident of its own, held in memory: the
 * same read (with its helper), detection and answer as a real incident's, and nothing of it
 * leaves the thread.
 */

let r: Redis;
let valkey: Valkey;

beforeAll(async () => {
  r = testClient();
  valkey = createValkey(testConfig());
  valkey.on("error", () => {});
  await valkey.connect();
});
afterAll(() => {
  valkey.disconnect();
  r.disconnect();
});

/** An incident with anomalies of every type, for answers worth comparing. */
const incident: TestLog[] = generateLogs(3_000, 5).map((l) => ({ ...l }));

const request = (incident_id: string) => ({ incident_id, time_window_hours: 24, confidence_threshold: 0.7 });

/** Every key under a test configuration's prefix. */
async function keysOf(config: Config): Promise<string[]> {
  return r.keys(`${config.MEMORY_KEY_PREFIX.replace(/:memory$/, "")}*`);
}

/** What a read gives, as plain values to compare. */
function readView(out: ReadLogsResult) {
  const { logs, precomputed } = out;
  return {
    rows: Array.from({ length: logs.length }, (_, i) => [logs.timestampMs[i], logs.service(i), logs.level(i), logs.messages[i]]),
    shapes: precomputed && Array.from(precomputed.shapes.shapeOf),
    features: precomputed && Object.fromEntries(Object.entries(precomputed.features).map(([k, v]) => [k, typeof v === "number" ? v : Array.from(v)])),
    skipped: out.skipped,
    windowStartMs: out.windowStartMs,
  };
}

describe("reading entries held in memory", () => {
  it("gives what reading the same entries from a list gives, halves read by the helper included", async () => {
    const config = testConfig();
    const entries = warmUpIncident(SPLIT_READ_MIN_LOGS + 500);
    const key = buildKeys(config).incidentLogs("held");
    await storeAsList(r, key, entries);
    const helper = createHelperThread(config);
    const opts = (): ReadLogsOptions => ({
      windowHours: 24,
      pageSize: 1000,
      maxLogs: 1_000_000,
      maxEntryBytes: 65_536,
      maxBytes: 1 << 28,
      pageBytes: 1 << 22,
      helper: { minLogs: SPLIT_READ_MIN_LOGS, read: (q) => helper.read(q) },
    });
    try {
      const stored = await readIncidentLogs(valkey, key, opts());
      const held = await readHeldEntries(valkey, "held", entries, opts());
      // Both split between the threads: the helper read a half each time.
      expect(helper.ranges).toBe(2);
      expect(held.precomputed).toBeDefined();
      expect(held.logs.length).toBe(entries.length);
      expect(readView(held)).toEqual(readView(stored));
    } finally {
      await helper.close();
      await r.del(key);
    }
  });
});

describe("a ready thread's warm-up", () => {
  it("runs its rounds without a key, a metric or the memory, the thread then answers as a cold one does, and none runs when off", async () => {
    const config = testConfig({ MEMORY: "on", DETECTION_THREAD_WARMUP_ROUNDS: "2" });
    const metrics = createMetrics();
    const warmed: number[] = [];
    const pool = createWorkerDetector({ config, threads: 1, ready: 1, metrics, onWarmedUp: ({ rounds }) => warmed.push(rounds) });
    try {
      await waitFor(() => (pool.warmedUp === 1 ? true : undefined), 120_000, "the ready thread to warm up");
      expect(warmed).toEqual([2]);
      expect(await keysOf(config)).toEqual([]);
      expect(await metrics.registry.getSingleMetricAsString("anomaly_detections_total")).not.toMatch(/^anomaly_detections_total\{[^}]*\} [1-9]/m);
      await storeAsList(r, buildKeys(config).incidentLogs("after"), incident);
      const warm = await pool.run(request("after"), "api");
      // The memory had seen no incident before this one: the warm-up taught it nothing.
      expect(warm.anomalies.length).toBeGreaterThan(0);
      expect(Object.values(warm.baselines ?? {}).map((b) => b.incidents)).toEqual(Object.keys(warm.baselines ?? {}).map(() => 0));
      const coldConfig = testConfig({ MEMORY: "on", DETECTION_THREAD_WARMUP_ROUNDS: "0" });
      await storeAsList(r, buildKeys(coldConfig).incidentLogs("after"), incident);
      // A ready thread too, but with the warm-up off: none is run.
      const cold = createWorkerDetector({ config: coldConfig, threads: 1, ready: 1 });
      try {
        expect(stable(await cold.run(request("after"), "api"))).toEqual(stable(warm));
        expect(cold.warmedUp).toBe(0);
      } finally {
        await cold.close();
      }
    } finally {
      await pool.close();
    }
  });

  it("stops after the round in progress when an incident comes", async () => {
    const config = testConfig({ DETECTION_THREAD_WARMUP_ROUNDS: String(WARM_UP_ROUNDS) });
    await storeAsList(r, buildKeys(config).incidentLogs("early"), normalLogs(300));
    const warmed: number[] = [];
    const pool = createWorkerDetector({ config, threads: 1, ready: 1, onWarmedUp: ({ rounds }) => warmed.push(rounds) });
    try {
      expect((await pool.run(request("early"), "api")).processed_logs).toBe(300);
      await waitFor(() => (warmed.length === 1 ? true : undefined), 60_000, "the warm-up's report");
      expect(warmed[0]).toBeLessThan(WARM_UP_ROUNDS);
    } finally {
      await pool.close();
    }
  });
});

/** An answer without what differs from run to run or key to key (its duration, when it was made, the key it read). */
function stable(answer: object): unknown {
  return JSON.parse(JSON.stringify(answer, (k, v) => (k === "duration_ms" || k === "analysis_timestamp" || k === "logs_key" ? undefined : v)));
}
