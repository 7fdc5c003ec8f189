import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { isServiceError } from "../../src/errors.js";
import { createDetector } from "../../src/pipeline/graph.js";
import { createFeedback } from "../../src/feedback/feedback.js";
import type { Detector } from "../../src/pipeline/detector.js";
import { valkeyLogSource } from "../../src/pipeline/sources.js";
import { createOffloadingDetector } from "../../src/threads/offloading-detector.js";
import { createWorkerDetector, type WorkerDetector } from "../../src/threads/detection-pool.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { buildKeys, type Keys } from "../../src/valkey/keys.js";
import { countIncidentLogs } from "../../src/valkey/log-store.js";
import { generateLogs } from "../../bench/data.js";
import { stable } from "../helpers/consumer.js";
import { normalLogs, storeAsList, storeAsStream, storeAsZset, type TestLog } from "../helpers/logs.js";
import { testClient, testConfig } from "../helpers/valkey.js";
import { buildTestApp } from "../helpers/app.js";
import { answerJson, renderedBounded } from "../../src/contract/rendered-answer.js";
import { boundedAnswer } from "../../src/contract/result-event.js";

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
  logs[301] = "{not json" as unknown as TestLog;
  return logs;
}

beforeAll(async () => {
  r = testClient();
  config = testConfig();
  valkey = createValkey(config);
  valkey.on("error", () => {});
  await valkey.connect();
  keys = buildKeys(config);
  // Wired as main.ts wires the main thread's detector, so both answer alike (suppressed[] included).
  inline = createDetector({ source: valkeyLogSource(valkey, keys, config), feedback: createFeedback(valkey, keys, config).source });
  pool = createWorkerDetector({ config, threads: 1 });
});
afterAll(async () => {
  await pool.close();
  valkey.disconnect();
  r.disconnect();
});

const request = (incident_id: string) => ({ incident_id, time_window_hours: 24, confidence_threshold: 0.7 });

describe("answers rendered in a worker thread", () => {
  it("cross as JSON bytes, and POST /detect-anomalies sends them as they are, in slices when large", async () => {
    // The bench's mix of lines, a few hundred of them anomalous: an answer of several 256 KB slices.
    const logs: TestLog[] = generateLogs(12_000, 5).map((l) => ({ ...l }));
    await storeAsList(r, keys.incidentLogs("rendered"), logs);
    const here = await inline.run(request("rendered"), "api");
    const there = await pool.run(request("rendered"), "api");
    const bytes = answerJson(there);
    expect(typeof bytes).not.toBe("string");
    const fromBytes = JSON.parse(bytes.toString()) as Record<string, unknown>;
    expect(stable(fromBytes)).toEqual(stable(here as unknown as Record<string, unknown>));
    // Read back from the bytes on first use, for code that reads the listed lines.
    expect(there.anomalies).toEqual(here.anomalies);
    // The result event's bounded copy is rendered for stream runs only, and is what boundedAnswer gives.
    expect(renderedBounded(there)).toBeUndefined();
    const streamed = await pool.run(request("rendered"), "stream");
    const bounded = JSON.parse(renderedBounded(streamed)!) as Record<string, unknown>;
    expect(stable(bounded)).toEqual(stable(boundedAnswer(here) as unknown as Record<string, unknown>));
    const app = await buildTestApp(config, { detector: pool });
    try {
      const res = await app.app.inject({ method: "POST", url: "/detect-anomalies", payload: request("rendered") });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(res.rawPayload.length, res.body.slice(0, 1500)).toBeGreaterThan(256 * 1024);
      expect(Number(res.headers["content-length"])).toBe(res.rawPayload.length);
      expect(stable(res.json() as Record<string, unknown>)).toEqual(stable(here as unknown as Record<string, unknown>));
    } finally {
      await app.close();
    }
  });
});

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

  it("answers a large incident exactly as the main thread does, with the helper thread reading half and fitting the forest", async () => {
    // 24k logs: over SPLIT_READ_MIN_LOGS, so the helper reads the newer half on its own connection.
    const logs: TestLog[] = generateLogs(24_000, 11).map((l) => ({ ...l }));
    await storeAsList(r, keys.incidentLogs("large"), logs);
    const eager = createWorkerDetector({ config: { ...config, DETECTION_OFFLOAD_MIN_LOGS: 0, DETECTION_FOREST_THREAD: true }, threads: 1 });
    try {
      const there = await eager.run(request("large"), "api");
      const clients = (await r.client("LIST")) as string;
      expect(clients).toContain(`name=${config.SERVICE_NAME}:${config.CONSUMER_NAME}:helper`);
      const here = await inline.run(request("large"), "api");
      expect(here.method).toBe("isolation_forest");
      expect(here.processed_logs).toBe(24_000);
      expect(stable(there as unknown as Record<string, unknown>)).toEqual(stable(here as unknown as Record<string, unknown>));
    } finally {
      await eager.close();
    }
  });

  it("reports the service's errors with their codes (a missing incident is NOT_FOUND)", async () => {
    const err = await pool.run(request("missing"), "api").catch((e: unknown) => e);
    expect(isServiceError(err, "NOT_FOUND")).toBe(true);
    expect((err as Error).message).toContain(keys.incidentLogs("missing"));
  });

  it("sends only incidents of at least minLogs logs to the pool", async () => {
    await storeAsList(r, keys.incidentLogs("small"), normalLogs(30));
    const used: string[] = [];
    const spy = (name: string, d: Detector): Detector => ({
      run: (q, t) => {
        used.push(name);
        return d.run(q, t);
      },
      runBatch: (qs, t) => {
        used.push(name);
        return d.runBatch(qs, t);
      },
    });
    const detector = createOffloadingDetector({
      inline: spy("inline", inline),
      pool: spy("pool", pool),
      minLogs: 100,
      size: (q) => countIncidentLogs(valkey, keys.incidentLogs(q.incident_id)),
    });
    await detector.run(request("small"), "api");
    await detector.run(request("same"), "api");
    expect(used).toEqual(["inline", "pool"]);
  });

  it("sends small incidents to the pool too while this thread is already detecting", async () => {
    const used: string[] = [];
    const spy = (name: string, d: Detector): Detector => ({
      run: (q, t) => {
        used.push(name);
        return d.run(q, t);
      },
      runBatch: (qs, t) => {
        used.push(name);
        return d.runBatch(qs, t);
      },
    });
    const detector = createOffloadingDetector({ inline: spy("inline", inline), pool: spy("pool", pool), minLogs: 1_000_000, size: async () => 30 });
    const [a, b] = await Promise.all([detector.run(request("small"), "api"), detector.run(request("small"), "api")]);
    expect(used.sort()).toEqual(["inline", "pool"]);
    expect(stable(b as unknown as Record<string, unknown>)).toEqual(stable(a as unknown as Record<string, unknown>));
  });
});

describe("a batch of incidents in one pipeline run", () => {
  it("answers each request as a run of its own would, and fails only the incident that fails", async () => {
    await storeAsList(r, keys.incidentLogs("batch-a"), incident());
    await storeAsList(r, keys.incidentLogs("batch-b"), normalLogs(60));
    await r.hset(keys.incidentLogs("batch-hash"), "a", "b");
    const requests = [request("batch-a"), request("batch-missing"), request("batch-b"), request("batch-hash")];
    for (const d of [inline, pool]) {
      const outcomes = await d.runBatch(requests, "stream");
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, false]);
      const [a, missing, b, hash] = outcomes;
      expect(a!.ok && a!.response.incident_id).toBe("batch-a");
      expect(stable((a!.ok ? a!.response : {}) as Record<string, unknown>)).toEqual(
        stable((await inline.run(request("batch-a"), "stream")) as unknown as Record<string, unknown>),
      );
      expect(b!.ok && b!.response.processed_logs).toBe(60);
      expect(!missing!.ok && isServiceError(missing!.error, "NOT_FOUND")).toBe(true);
      expect(!hash!.ok && isServiceError(hash!.error, "UNSUPPORTED_KEY_TYPE")).toBe(true);
    }
  });

  it("sends the small incidents of a batch together and each large one alone, large ones at most largeSlots at a time", async () => {
    const calls: string[][] = [];
    let running = 0;
    let peak = 0;
    const slowPool: Detector = {
      run: (q, t) => pool.run(q, t),
      runBatch: async (qs, t) => {
        calls.push(qs.map((q) => q.incident_id));
        peak = Math.max(peak, ++running);
        try {
          return await pool.runBatch(qs, t);
        } finally {
          running--;
        }
      },
    };
    const spyInline: Detector = {
      run: (q, t) => inline.run(q, t),
      runBatch: (qs, t) => {
        calls.push(["inline", ...qs.map((q) => q.incident_id)]);
        return inline.runBatch(qs, t);
      },
    };
    const sizes: Record<string, number> = { s1: 10, s2: 10, l1: 500, l2: 500, l3: 500 };
    for (const id of Object.keys(sizes)) await storeAsList(r, keys.incidentLogs(id), normalLogs(30));
    const detector = createOffloadingDetector({ inline: spyInline, pool: slowPool, minLogs: 100, largeSlots: 1, size: async (q) => sizes[q.incident_id]! });
    const outcomes = await detector.runBatch(["l1", "s1", "l2", "s2", "l3"].map(request), "stream");
    expect(outcomes.map((o) => o.ok && o.response.incident_id)).toEqual(["l1", "s1", "l2", "s2", "l3"]);
    expect(calls).toContainEqual(["inline", "s1", "s2"]);
    expect(calls.filter((c) => c[0] !== "inline").sort()).toEqual([["l1"], ["l2"], ["l3"]]);
    expect(peak).toBe(1);
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
