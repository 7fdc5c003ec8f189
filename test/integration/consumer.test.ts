import type { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { ServiceError } from "../../src/errors.js";
import { detectorFrom, type Detector } from "../../src/pipeline/detector.js";
import { HEARTBEAT_MS, HEARTBEAT_TTL_MS, type StreamConsumer } from "../../src/stream/consumer.js";
import { liveConsumers } from "../../src/cli/results.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";
import { boundedAnswer, resultEventSchema } from "../../src/contract/result-event.js";
import { publishAndAck } from "../../src/stream/scripts.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, stable, startTestConsumer, waitForEntries } from "../helpers/consumer.js";
import { normalLogs, storeAsList, type TestLog } from "../helpers/logs.js";
import { waitFor } from "../helpers/service.js";
import { testClient, testConfig } from "../helpers/valkey.js";

let r: Redis;
let config: Config;
let t: TestApp;
let consumer: StreamConsumer | undefined;

function incidentLogs(variant: number): TestLog[] {
  const logs = normalLogs(60);
  logs[10 + (variant % 40)] = { ...logs[10]!, level: "ERROR", message: "Database connection timeout after 30s" };
  return logs;
}

async function setup(overrides: Record<string, string> = {}, detector?: Detector) {
  config = testConfig({ CONSUMER_NAME: "c1", CONSUMER_BLOCK_MS: "200", NO_LOGS_RETRIES: "0", ...overrides });
  t = await buildTestApp(config);
  consumer = await startTestConsumer(config, t, detector);
}

beforeEach(() => {
  r = testClient();
});
afterEach(async () => {
  await consumer?.close();
  consumer = undefined;
  await t?.close();
  r.disconnect();
});

describe("stream consumer", () => {
  it("publishes one result per event, equal to what POST /detect-anomalies answers", async () => {
    await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      await storeAsList(r, t.keys.incidentLogs(`inc-${i}`), incidentLogs(i));
      ids.push((await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", `inc-${i}`, "confidence_threshold", "0.5"))!);
    }
    const results = await waitFor(async () => {
      const all = await readAll(r, config.ANOMALY_STREAM);
      return all.length >= 5 ? all : undefined;
    });
    expect(results.map((x) => x.source_event_id).sort()).toEqual([...ids].sort());
    for (const res of results) {
      expect(resultEventSchema.parse(res)).toBeTruthy();
      expect(res.status).toBe("ok");
      const api = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: res.incident_id, confidence_threshold: 0.5 } });
      expect(api.statusCode).toBe(200);
      const fromStream = JSON.parse(res.result!) as DetectResponse;
      // The event's copy leaves the timeline to the whole answer.
      expect(fromStream.summary.timeline).toBeUndefined();
      expect(api.json().summary.timeline).toBeTruthy();
      expect(stable(fromStream)).toEqual(stable(boundedAnswer(api.json())));
      expect(res.onset).toBe(fromStream.summary.onset!.timestamp);
      expect(res.suspected_root_services).toBe(
        fromStream.summary
          .suspected_root_services!.slice(0, 3)
          .map((x) => x.service)
          .join(","),
      );
      expect(Number(res.anomalies_detected)).toBe((fromStream.anomalies as unknown[]).length);
      expect(Number(res.anomalies_detected)).toBeGreaterThan(0);
      // GET /anomalies/:id serves the whole latest answer, of which the event is the bounded form.
      const latest = await t.app.inject({ method: "GET", url: `/anomalies/${res.incident_id}` });
      expect(latest.statusCode).toBe(200);
      expect(boundedAnswer(latest.json())).toEqual(fromStream);
      expect(latest.json().summary.timeline).toBeDefined();
    }
    expect(await t.metrics.registry.getSingleMetricAsString("anomaly_stream_result_delay_seconds")).toMatch(/^anomaly_stream_result_delay_seconds_count 5$/m);
    const pending = (await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
    expect((await t.app.inject({ method: "GET", url: "/anomalies/never-seen" })).statusCode).toBe(404);
  });

  it("keeps a heartbeat while it waits in a blocking read, by which the CLI tells it is alive; none once stopped", async () => {
    await setup();
    const key = t.keys.consumerHeartbeat(config.CONSUMER_GROUP, "c1");
    // Set before start() resolved; a short TTL, refreshed while the consumer only waits.
    const ttl = await r.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(HEARTBEAT_TTL_MS);
    const first = await r.get(key);
    await waitFor(async () => ((await r.get(key)) !== first ? true : undefined), 3 * HEARTBEAT_MS, "a refreshed heartbeat");
    expect((await liveConsumers(r, t.keys, config.CONSUMER_GROUP, 200)).map((c) => c.name)).toEqual(["c1"]);
    await consumer!.close();
    consumer = undefined;
    expect(await r.exists(key)).toBe(0);
  });

  it("detects a backlog in batches of at most CONSUMER_BATCH_SIZE, each event still ending on its own", async () => {
    const sizes: number[] = [];
    config = testConfig({ CONSUMER_NAME: "c1", CONSUMER_BLOCK_MS: "200", NO_LOGS_RETRIES: "0", CONSUMER_START_FROM: "beginning", CONSUMER_BATCH_SIZE: "4" });
    t = await buildTestApp(config);
    const events: string[][] = [];
    for (let i = 0; i < 10; i++) {
      await storeAsList(r, t.keys.incidentLogs(`batch-${i}`), incidentLogs(i));
      events.push(["incident_id", `batch-${i}`]);
    }
    events[3] = ["incident_id", "batch-missing"];
    events[6] = ["incident_id", "bad*id"];
    for (const f of events) await r.xadd(config.INCIDENT_STREAM, "*", ...f);
    const spy: Detector = {
      run: (q, tr) => t.detector.run(q, tr),
      runBatch: (qs, tr) => {
        sizes.push(qs.length);
        return t.detector.runBatch(qs, tr);
      },
    };
    consumer = await startTestConsumer(config, t, spy);
    const results = await waitFor(async () => {
      const all = await readAll(r, config.ANOMALY_STREAM);
      return all.length >= 9 ? all : undefined;
    });
    const dead = await readAll(r, config.DEAD_LETTER_STREAM);
    expect(dead.map((d) => d.reason)).toEqual(["invalid"]);
    expect(results.filter((x) => x.status === "no_logs").map((x) => x.incident_id)).toEqual(["batch-missing"]);
    expect(results.filter((x) => x.status === "ok")).toHaveLength(8);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(9);
    expect(sizes.length).toBeLessThan(9);
    expect(((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0]).toBe(0);
  });

  it("reads a JSON `data` field and keeps created_at", async () => {
    await setup();
    await storeAsList(r, t.keys.incidentLogs("json-1"), incidentLogs(1));
    await r.xadd(config.INCIDENT_STREAM, "*", "data", JSON.stringify({ incident_id: "json-1", time_window_hours: 48, created_at: "2025-09-19T08:00:00Z" }));
    const [res] = await waitForEntries(r, config.ANOMALY_STREAM);
    expect(res!.created_at).toBe("2025-09-19T08:00:00Z");
    expect(JSON.parse(res!.result!).time_window_hours).toBe(48);
  });

  it("dead-letters invalid events with the reason and keeps consuming", async () => {
    await setup();
    const bad = [
      ["foo", "bar"],
      ["incident_id", "has spaces and *"],
      ["incident_id", "ok-1", "confidence_threshold", "2"],
      ["incident_id", "ok-1", "time_window_hours", "abc"],
      ["data", "{not json"],
      ["payload", "[1,2]"],
    ];
    for (const f of bad) await r.xadd(config.INCIDENT_STREAM, "*", ...f);
    await storeAsList(r, t.keys.incidentLogs("good"), incidentLogs(2));
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "good");
    const dlq = await waitFor(async () => {
      const all = await readAll(r, config.DEAD_LETTER_STREAM);
      return all.length >= bad.length ? all : undefined;
    });
    expect(dlq.every((d) => d.reason === "invalid" && d.error!.length > 0)).toBe(true);
    expect(dlq.map((d) => JSON.parse(d.original!))).toEqual(bad);
    expect(dlq[0]!.error).toMatch(/incident_id: is required/);
    expect(dlq[2]!.error).toMatch(/confidence_threshold/);
    expect(dlq[3]!.error).toMatch(/time_window_hours/);
    expect(dlq[4]!.error).toMatch(/data: is not valid JSON/);
    const results = await waitForEntries(r, config.ANOMALY_STREAM);
    expect(results.map((x) => x.incident_id)).toEqual(["good"]);
    expect(((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0]).toBe(0);
  });

  it("dead-letters at once what detection rejects: a validation error as invalid, an unsupported key type as such", async () => {
    const rejecting: Detector = detectorFrom(async (req, trigger) => {
      if (req.incident_id === "rejected") throw new ServiceError("VALIDATION", "time_window_hours: too wide for this key", { field: "time_window_hours" });
      return t.detector.run(req, trigger);
    });
    await setup({}, rejecting);
    await r.set(t.keys.incidentLogs("as-string"), "not a log layout");
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "rejected");
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "as-string");
    const dlq = await waitFor(async () => {
      const all = await readAll(r, config.DEAD_LETTER_STREAM);
      return all.length >= 2 ? all : undefined;
    });
    expect(dlq.map((d) => [d.incident_id, d.reason, d.deliveries])).toEqual([
      ["rejected", "invalid", "1"],
      ["as-string", "unsupported_key_type", "1"],
    ]);
    expect(dlq[0]!.error).toMatch(/too wide/);
    // The counter moves once the dead letter is written: poll it rather than read it once.
    const counts = await waitFor(async () => {
      const text = await t.metrics.registry.getSingleMetricAsString("anomaly_stream_events_dead_lettered_total");
      return text.includes('{reason="unsupported_key_type"} 1') ? text : undefined;
    });
    expect(counts).toContain('anomaly_stream_events_dead_lettered_total{reason="invalid"} 1');
    expect(counts).toContain('anomaly_stream_events_dead_lettered_total{reason="unsupported_key_type"} 1');
    expect(await r.xlen(config.ANOMALY_STREAM)).toBe(0);
  });

  it("dead-letters an event that keeps failing after MAX_DELIVERIES, with the last error", async () => {
    const failing: Detector = detectorFrom(async (req, trigger) => {
      if (req.incident_id === "poison") throw new Error("boom: detector crashed");
      return t.detector.run(req, trigger);
    });
    await setup({ MAX_DELIVERIES: "2", CLAIM_IDLE_MS: "1000", CLAIM_INTERVAL_MS: "100" }, failing);
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "poison");
    const [d] = await waitForEntries(r, config.DEAD_LETTER_STREAM, 20_000);
    expect(d!.reason).toBe("max_deliveries");
    expect(Number(d!.deliveries)).toBe(3);
    expect(d!.error).toMatch(/boom: detector crashed/);
    expect(d!.incident_id).toBe("poison");
    expect(await r.xlen(config.ANOMALY_STREAM)).toBe(0);
  });

  it("retries a failed event itself with backoff, not after CLAIM_IDLE_MS, counting the delivery", async () => {
    let calls = 0;
    let deliveriesAtRetry: number | undefined;
    const flaky: Detector = detectorFrom(async (req, trigger) => {
      if (req.incident_id === "flaky" && ++calls === 1) throw new Error("transient: detector failed once");
      const pending = (await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP, "-", "+", 1)) as [string, string, number, number][];
      deliveriesAtRetry = pending[0]?.[3];
      return t.detector.run(req, trigger);
    });
    // CLAIM_IDLE_MS at its default (60 s): a claim could not have retried it within the wait.
    await setup({ RETRY_BACKOFF_MS: "100" }, flaky);
    await storeAsList(r, t.keys.incidentLogs("flaky"), incidentLogs(9));
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "flaky");
    const [res] = await waitForEntries(r, config.ANOMALY_STREAM, 10_000, "the retried event's result");
    expect(res!.status).toBe("ok");
    expect(calls).toBe(2);
    expect(deliveriesAtRetry).toBe(2);
    expect(await t.metrics.registry.getSingleMetricAsString("anomaly_stream_events_failed_total")).toMatch(/ 1$/m);
    expect(await r.xlen(config.DEAD_LETTER_STREAM)).toBe(0);
  });

  it("publishes no_logs after retrying, and picks up logs that arrive late", async () => {
    await setup({ NO_LOGS_RETRIES: "20", NO_LOGS_RETRY_DELAY_MS: "50" });
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "late");
    // The consumer sees no logs, then they arrive while it retries.
    await waitFor(async () => ((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0] === 1 || undefined);
    await storeAsList(r, t.keys.incidentLogs("late"), incidentLogs(3));
    const [res] = await waitForEntries(r, config.ANOMALY_STREAM);
    expect(res!.status).toBe("ok");
  });

  it("publishes status no_logs when the logs never come", async () => {
    await setup({ NO_LOGS_RETRIES: "2", NO_LOGS_RETRY_DELAY_MS: "20" });
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "empty");
    const [res] = await waitForEntries(r, config.ANOMALY_STREAM);
    expect(res!.status).toBe("no_logs");
    expect(res!.anomalies_detected).toBe("0");
    expect(JSON.parse(res!.result!).logs_key).toBe(t.keys.incidentLogs("empty"));
  });

  it("recreates a deleted stream and group, and acknowledges pending entries whose entry was trimmed", async () => {
    await setup({ CLAIM_IDLE_MS: "1000", CLAIM_INTERVAL_MS: "100" });
    // A consumer that died holding an entry, which was then deleted from the stream (ours is
    // stopped meanwhile so that it cannot take the entry first).
    await consumer!.close();
    const id = (await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "gone"))!;
    await r.xreadgroup("GROUP", config.CONSUMER_GROUP, "dead", "COUNT", 1, "STREAMS", config.INCIDENT_STREAM, ">");
    await r.xdel(config.INCIDENT_STREAM, id);
    expect(((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0]).toBe(1);
    consumer = await startTestConsumer(config, t);
    await waitFor(
      async () => ((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0] === 0 || undefined,
      10_000,
      "trimmed entry acknowledged",
    );
    // The server drops the entry from the pending list before the consumer reads the reply
    // that says so and counts it: the count is polled too.
    await waitFor(
      async () => (/ 1$/m.test(await t.metrics.registry.getSingleMetricAsString("anomaly_stream_deleted_pending_total")) ? true : undefined),
      10_000,
      "trimmed entry counted",
    );

    await r.del(config.INCIDENT_STREAM);
    await waitFor(async () => ((await r.exists(config.INCIDENT_STREAM)) === 1 ? true : undefined), 10_000, "group recreated");
    await storeAsList(r, t.keys.incidentLogs("after"), incidentLogs(4));
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "after");
    const [res] = await waitForEntries(r, config.ANOMALY_STREAM);
    expect(res!.incident_id).toBe("after");
  });

  it("recreates a vanished group at the start of the stream: events written before it existed all get results", async () => {
    await setup();
    for (let i = 0; i < 20; i++) await storeAsList(r, t.keys.incidentLogs(`lost-${i}`), incidentLogs(i));
    // The server lost its data (an empty restart, a failover to an empty replica) and a producer
    // wrote before the consumer noticed: the stream exists again, without the group.
    const tx = r.multi().del(config.INCIDENT_STREAM);
    for (let i = 0; i < 20; i++) tx.xadd(config.INCIDENT_STREAM, "*", "incident_id", `lost-${i}`);
    await tx.exec();
    const results = await waitFor(
      async () => {
        const all = await readAll(r, config.ANOMALY_STREAM);
        return all.length >= 20 ? all : undefined;
      },
      20_000,
      "a result for each of the 20 events",
    );
    expect(results.map((x) => x.incident_id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `lost-${i}`).sort());
    expect(await r.xlen(config.DEAD_LETTER_STREAM)).toBe(0);
    expect(((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0]).toBe(0);
    expect(await t.metrics.registry.getSingleMetricAsString("anomaly_stream_group_recreated_total")).toMatch(/ 1$/m);
  });

  it("at start-up with CONSUMER_START_FROM=new, takes events written shortly before the group existed, not old history", async () => {
    config = testConfig({ CONSUMER_NAME: "c1", CONSUMER_BLOCK_MS: "200", NO_LOGS_RETRIES: "0" });
    t = await buildTestApp(config);
    await storeAsList(r, t.keys.incidentLogs("early"), incidentLogs(7));
    await r.xadd(config.INCIDENT_STREAM, `${Date.now() - 2 * 3600_000}-0`, "incident_id", "history");
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "early");
    consumer = await startTestConsumer(config, t);
    const [res] = await waitForEntries(r, config.ANOMALY_STREAM);
    expect(res!.incident_id).toBe("early");
    // One more event flows through after it, so the history entry had its chance to be read.
    await storeAsList(r, t.keys.incidentLogs("later"), incidentLogs(8));
    await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "later");
    await waitFor(async () => ((await r.xlen(config.ANOMALY_STREAM)) === 2 ? true : undefined));
    expect((await readAll(r, config.ANOMALY_STREAM)).map((x) => x.incident_id)).toEqual(["early", "later"]);
  });

  it("publish-and-ack is idempotent: a second delivery of a published event adds nothing", async () => {
    await setup();
    await consumer!.close();
    const id = (await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "dup"))!;
    await r.xreadgroup("GROUP", config.CONSUMER_GROUP, "a", "COUNT", 10, "STREAMS", config.INCIDENT_STREAM, ">");
    const args = (n: string) =>
      [
        {
          incidentStream: config.INCIDENT_STREAM,
          anomalyStream: config.ANOMALY_STREAM,
          marker: t.keys.processedMarker(id),
          latest: t.keys.latestResult("dup"),
        },
        { group: config.CONSUMER_GROUP, eventId: id, maxLen: 100, markerTtl: 60, latestTtl: 60, latestField: "n", fields: { incident_id: "dup", n } },
      ] as const;
    const first = await publishAndAck(t.valkey, ...args("1"));
    const second = await publishAndAck(t.valkey, ...args("2"));
    expect(first.published).toBe(true);
    expect(second).toEqual({ published: false, id: first.id });
    const all = await readAll(r, config.ANOMALY_STREAM);
    expect(all.map((x) => x.n)).toEqual(["1"]);
    expect(await r.get(t.keys.latestResult("dup"))).toBe("1");
    expect(((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0]).toBe(0);
  });

  it("stores a latest result other than the published field when given one (the whole answer beside a bounded event)", async () => {
    await setup();
    await consumer!.close();
    const id = (await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "whole"))!;
    await r.xreadgroup("GROUP", config.CONSUMER_GROUP, "a", "COUNT", 10, "STREAMS", config.INCIDENT_STREAM, ">");
    const out = await publishAndAck(
      t.valkey,
      {
        incidentStream: config.INCIDENT_STREAM,
        anomalyStream: config.ANOMALY_STREAM,
        marker: t.keys.processedMarker(id),
        latest: t.keys.latestResult("whole"),
      },
      {
        group: config.CONSUMER_GROUP,
        eventId: id,
        maxLen: 100,
        markerTtl: 60,
        latestTtl: 60,
        latestField: "result",
        latest: "whole answer",
        fields: { incident_id: "whole", result: "bounded" },
      },
    );
    expect(out.published).toBe(true);
    expect((await readAll(r, config.ANOMALY_STREAM)).map((x) => x.result)).toEqual(["bounded"]);
    expect(await r.get(t.keys.latestResult("whole"))).toBe("whole answer");
  });

  it("does not let a slow but alive consumer's work be claimed: its lease is renewed", async () => {
    let releaseSlow: () => void = () => {};
    const slowDone = new Promise<void>((resolve) => (releaseSlow = resolve));
    const slow: Detector = detectorFrom(async (req, trigger) => {
      const out = await t.detector.run(req, trigger);
      await slowDone;
      return out;
    });
    await setup({ CLAIM_IDLE_MS: "1000", CLAIM_INTERVAL_MS: "100" }, slow);
    await storeAsList(r, t.keys.incidentLogs("slow"), incidentLogs(5));
    const id = (await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "slow"))!;
    await waitFor(() => (consumer!.inFlightCount === 1 ? true : undefined));
    const c2 = await startTestConsumer({ ...config, CONSUMER_NAME: "c2" }, t);
    try {
      // Three claim periods pass: the entry stays with c1, delivered once.
      const start = Date.now();
      await waitFor(async () => (Date.now() - start > 3000 ? true : undefined), 10_000, "three claim periods");
      const pending = (await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP, "-", "+", 10)) as [string, string, number, number][];
      expect(pending.map(([pid, owner, , deliveries]) => [pid, owner, deliveries])).toEqual([[id, "c1", 1]]);
      releaseSlow();
      const [res] = await waitForEntries(r, config.ANOMALY_STREAM);
      expect(res!.consumer).toBe("c1");
    } finally {
      releaseSlow();
      await c2.close();
    }
  });

  it("publishes once when a stalled consumer finishes after its entry was claimed", async () => {
    await setup({ CLAIM_IDLE_MS: "1000", CLAIM_INTERVAL_MS: "100" });
    await consumer!.close();
    await storeAsList(r, t.keys.incidentLogs("stalled"), incidentLogs(6));
    const id = (await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "stalled"))!;
    // "stalled" takes the event and goes silent (no lease renewal), then c2 claims it.
    await r.xreadgroup("GROUP", config.CONSUMER_GROUP, "stalled", "COUNT", 1, "STREAMS", config.INCIDENT_STREAM, ">");
    consumer = await startTestConsumer({ ...config, CONSUMER_NAME: "c2" }, t);
    const [res] = await waitForEntries(r, config.ANOMALY_STREAM, 20_000);
    expect(res!.consumer).toBe("c2");
    // The stalled consumer wakes up and publishes its own result the way the consumer does.
    const late = await publishAndAck(
      t.valkey,
      {
        incidentStream: config.INCIDENT_STREAM,
        anomalyStream: config.ANOMALY_STREAM,
        marker: t.keys.processedMarker(id),
        latest: t.keys.latestResult("stalled"),
      },
      {
        group: config.CONSUMER_GROUP,
        eventId: id,
        maxLen: 100,
        markerTtl: 60,
        latestTtl: 60,
        latestField: "consumer",
        fields: { incident_id: "stalled", consumer: "stalled" },
      },
    );
    expect(late).toEqual({ published: false, id: res!._id });
    expect(await r.xlen(config.ANOMALY_STREAM)).toBe(1);
    // The latest-result key keeps the whole answer; the event its bounded form.
    expect(boundedAnswer(JSON.parse((await r.get(t.keys.latestResult("stalled")))!))).toEqual(JSON.parse(res!.result!));
  });
});
