import type { Redis } from "ioredis";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { readIncidentLogs } from "../../src/valkey/log-store.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, startTestConsumer, waitForEntries } from "../helpers/consumer.js";
import { normalLogs, storeAsList, storeAsStream } from "../helpers/logs.js";
import { waitFor } from "../helpers/service.js";
import { testClient, testConfig } from "../helpers/valkey.js";

/**
 * The byte budget: an incident of which nothing can be analysed because its entries are too large
 * (each over MAX_LOG_ENTRY_BYTES, or a newest entry over the whole MAX_INCIDENT_BYTES) is
 * refused naming the setting, 413 on the API and a `too_large` dead letter on the stream, not
 * answered "no readable logs" and retried as if its producer were still writing.
 */

const KB = 1024;
const MB = 1024 * KB;
const END = Date.parse("2025-09-19T08:00:00Z");

let r: Redis;
let config: Config;
let t: TestApp;

/** A log whose JSON text is about `bytes` long. */
function logOf(bytes: number, at: number, message = "payload") {
  return { timestamp: new Date(at).toISOString(), level: "INFO", service: "user-service", message: `${message} ${"x".repeat(bytes)}` };
}

beforeAll(async () => {
  r = testClient();
  // The smallest budget the settings allow for these entries: 4 × MAX_LOG_ENTRY_BYTES.
  config = testConfig({ RATE_LIMIT_MAX: "0", MAX_LOG_ENTRY_BYTES: String(256 * KB), MAX_INCIDENT_BYTES: String(1 * MB) });
  t = await buildTestApp(config);
});
afterAll(async () => {
  await t.close();
  r.disconnect();
});

async function detect(incident_id: string) {
  return t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id, time_window_hours: 8784 } });
}

describe("entries too large to analyse", () => {
  it("an incident whose every entry is over MAX_LOG_ENTRY_BYTES answers 413 naming the setting", async () => {
    const key = t.keys.incidentLogs("all-oversized");
    await storeAsList(
      r,
      key,
      [0, 1, 2].map((i) => logOf(300 * KB, END - i * 60_000)),
    );
    const res = await detect("all-oversized");
    expect(res.statusCode, res.body.slice(0, 300)).toBe(413);
    const body = res.json();
    expect(body).toMatchObject({ code: "TOO_LARGE", key, setting: "MAX_LOG_ENTRY_BYTES", max_log_entry_bytes: 256 * KB, oversized_logs: 3, skipped_logs: 3 });
    expect(body.message).toContain("3 entries are over MAX_LOG_ENTRY_BYTES (262144 bytes)");
  });

  it("a stream whose newest entry alone is over MAX_INCIDENT_BYTES answers 413 naming both settings", async () => {
    const key = t.keys.incidentLogs("newest-huge");
    // Older logs are fine; the newest one is larger than the whole budget, so reading stops there.
    await storeAsStream(r, key, [...normalLogs(20, END - 60_000), logOf(1.2 * MB, END)]);
    const res = await detect("newest-huge");
    expect(res.statusCode, res.body.slice(0, 300)).toBe(413);
    const body = res.json();
    expect(body).toMatchObject({ code: "TOO_LARGE", key, oversized_logs: 1 });
    expect(body.message).toContain("MAX_LOG_ENTRY_BYTES (262144 bytes)");
    expect(body.message).toContain("reading stopped at MAX_INCIDENT_BYTES (1048576 bytes)");
  });

  it("oversized entries beside readable ones are skipped with their reason, not refused", async () => {
    await storeAsList(r, t.keys.incidentLogs("some-oversized"), [...normalLogs(30, END - 60_000), logOf(300 * KB, END)]);
    const res = await detect("some-oversized");
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json();
    expect(body.processed_logs).toBe(30);
    expect(body.skipped_logs).toBe(1);
    expect(body.skipped_sample[0].reason).toContain("over MAX_LOG_ENTRY_BYTES");
  });

  it("a stream event for such an incident is dead-lettered as too_large at once, and the next one is answered", async () => {
    await storeAsList(r, t.keys.incidentLogs("ev-oversized"), [logOf(300 * KB, END)]);
    await storeAsList(r, t.keys.incidentLogs("ev-fine"), normalLogs(30, END));
    // No-logs retries would be the old answer: two of them, slow enough to tell apart.
    const cfg = { ...config, CONSUMER_NAME: "byte-budget", CONSUMER_BLOCK_MS: 200, NO_LOGS_RETRIES: 2, NO_LOGS_RETRY_DELAY_MS: 200 };
    await r.xgroup("CREATE", cfg.INCIDENT_STREAM, cfg.CONSUMER_GROUP, "$", "MKSTREAM");
    const consumer = await startTestConsumer(cfg, t);
    try {
      const bad = await r.xadd(cfg.INCIDENT_STREAM, "*", "incident_id", "ev-oversized");
      const good = await r.xadd(cfg.INCIDENT_STREAM, "*", "incident_id", "ev-fine");
      const results = await waitFor(
        async () => {
          const all = await readAll(r, cfg.ANOMALY_STREAM);
          return all.some((e) => e.source_event_id === good) ? all : undefined;
        },
        20_000,
        "the result of the good event",
      );
      const [dead] = await waitForEntries(r, cfg.DEAD_LETTER_STREAM, 20_000, "the dead letter");
      expect(dead).toMatchObject({ source_event_id: bad, reason: "too_large", incident_id: "ev-oversized" });
      expect(dead!.error).toContain("over MAX_LOG_ENTRY_BYTES");
      // Refused, not published as no_logs.
      expect(results.filter((e) => e.source_event_id === bad)).toEqual([]);
      const metrics = (await t.app.inject({ method: "GET", url: "/metrics" })).body;
      expect(metrics).toContain('anomaly_stream_events_dead_lettered_total{reason="too_large"} 1');
    } finally {
      await consumer.close();
    }
  });
});

describe("holding each entry once", () => {
  let valkey: Valkey;
  beforeAll(async () => {
    valkey = createValkey(config);
    valkey.on("error", () => {});
    await valkey.connect();
  });
  afterAll(() => valkey.disconnect());

  /** Heap in use after a full collection, a macrotask later (no reply left on the stack). */
  async function heapAfterGc(): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    setFlagsFromString("--expose-gc");
    (runInNewContext("gc") as () => void)();
    return process.memoryUsage().heapUsed;
  }

  it("the excerpt of a skipped entry does not keep the whole entry alive", async () => {
    // Five skipped entries of 8 MB: an excerpt sliced from each (a view into its parent in V8)
    // would hold 40 MB until the answer is gone.
    const key = t.keys.incidentLogs("excerpts");
    await storeAsList(r, key, [...[0, 1, 2, 3, 4].map((i) => logOf(8 * MB, END - (10 - i) * 60_000)), ...normalLogs(5, END)]);
    const opts = { windowHours: 8784, pageSize: 1, maxLogs: 100, maxEntryBytes: 256 * KB, maxBytes: 1 << 30, pageBytes: 64 * KB };
    const before = await heapAfterGc();
    const out = await readIncidentLogs(valkey, key, opts);
    const held = (await heapAfterGc()) - before;
    expect(out.skipped).toBe(5);
    expect(out.skippedSamples).toHaveLength(5);
    expect(out.logs.length).toBe(5);
    expect(held, `${Math.round(held / MB)} MB held by the result`).toBeLessThan(8 * MB);
  });
});
