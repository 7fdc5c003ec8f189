import type { Redis } from "ioredis";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { createDetector } from "../../src/pipeline/graph.js";
import { valkeyLogSource } from "../../src/pipeline/sources.js";
import { createWorkerDetector } from "../../src/threads/detection-pool.js";
import { createHelperThread, detectBeside } from "../../src/threads/helper.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { buildKeys, type Keys } from "../../src/valkey/keys.js";
import { generateLogs } from "../../bench/data.js";
import { normalLogs, storeAsList, type TestLog } from "../helpers/logs.js";
import { waitFor } from "../helpers/service.js";
import { testClient, testConfig } from "../helpers/valkey.js";

/**
 * Memory given back after a large incident: nothing a detection run starts keeps the run's logs
 * alive, and a detection thread that has been idle for DETECTION_THREAD_IDLE_MS is stopped, so
 * its heap goes back to the system.
 */

let r: Redis;
let config: Config;
let valkey: Valkey;
let keys: Keys;

beforeAll(async () => {
  r = testClient();
  config = testConfig();
  valkey = createValkey(config);
  valkey.on("error", () => {});
  await valkey.connect();
  keys = buildKeys(config);
});
afterAll(() => {
  valkey.disconnect();
  r.disconnect();
});

const request = (incident_id: string) => ({ incident_id, time_window_hours: 24, confidence_threshold: 0.7 });

function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("memory after a run", () => {
  it("the helper thread a run starts does not keep that run's logs alive", async () => {
    const logs: TestLog[] = generateLogs(2_000, 5).map((l) => ({ ...l }));
    await storeAsList(r, keys.incidentLogs("kept"), logs);
    const source = valkeyLogSource(valkey, keys, config);
    let table: WeakRef<object> | undefined;
    // The helper starts inside the run, as a detection thread's does for its first large incident.
    const helper = createHelperThread();
    const detector = createDetector({
      source: {
        read: async (q) => {
          const out = await source.read(q);
          table = new WeakRef(out.logs);
          return out;
        },
      },
      detect: (input, options) => detectBeside(helper, 1, input, options),
    });
    try {
      const answer = await detector.run(request("kept"), "api");
      expect(answer.method).toBe("isolation_forest");
      expect(helper.completed).toBe(1);
      // A macrotask later the run is over; only something started during it could still hold it.
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      expect(table?.deref(), "the run's log table is still reachable").toBeUndefined();
    } finally {
      await helper.close();
    }
  });

  it("a detection thread idle for idleMs is stopped, and the next run starts another", async () => {
    await storeAsList(r, keys.incidentLogs("idle"), normalLogs(50));
    const pool = createWorkerDetector({ config, threads: 1, idleMs: 300 });
    try {
      expect((await pool.run(request("idle"), "api")).processed_logs).toBe(50);
      expect(pool.size).toBe(1);
      await waitFor(() => (pool.size === 0 ? true : undefined), 20_000, "the idle thread to stop");
      expect((await pool.run(request("idle"), "api")).processed_logs).toBe(50);
      expect(pool.size).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it("a ready thread starts with the pool, serves the first run, and a fresh one replaces it once it has been idle", async () => {
    await storeAsList(r, keys.incidentLogs("ready"), normalLogs(50));
    const pool = createWorkerDetector({ config, threads: 2, idleMs: 300, ready: 1 });
    try {
      expect(pool.size).toBe(1);
      expect(pool.started).toBe(1);
      expect((await pool.run(request("ready"), "api")).processed_logs).toBe(50);
      // The run went to the ready thread: no other was started for it.
      expect(pool.started).toBe(1);
      await waitFor(() => (pool.started === 2 ? true : undefined), 20_000, "the used thread to be replaced");
      expect(pool.size).toBe(1);
      expect((await pool.run(request("ready"), "api")).processed_logs).toBe(50);
      expect(pool.started).toBe(2);
    } finally {
      await pool.close();
    }
    expect(pool.size).toBe(0);
  });

  it("never keeps more threads ready than the pool has", async () => {
    const pool = createWorkerDetector({ config, threads: 1, ready: 3 });
    try {
      expect(pool.size).toBe(1);
      expect(pool.started).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
