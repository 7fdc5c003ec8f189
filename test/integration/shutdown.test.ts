import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { detectorFrom, type Detector } from "../../src/pipeline/detector.js";
import { shutdownDrainMs, shutdownReserveMs, shutdownWithin } from "../../src/shutdown.js";
import { buildKeys } from "../../src/valkey/keys.js";
import { startLocalServer } from "../../src/valkey/local-server.js";
import { buildTestApp } from "../helpers/app.js";
import { readAll, startTestConsumer } from "../helpers/consumer.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { startService, tryJson, waitFor } from "../helpers/service.js";
import { serverBinary, testClient, testConfig } from "../helpers/valkey.js";

/**
 * The graceful shutdown under one deadline (src/shutdown.ts): whatever is still running, the
 * sequence main.ts runs on SIGTERM ends within SHUTDOWN_TIMEOUT_MS.
 */

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A detector whose runs wait until the test lets them go, and report when one has started. */
function heldDetector(): { detector: Detector; started: Promise<void>; release: () => void } {
  let release = () => {};
  let started = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const hasStarted = new Promise<void>((resolve) => (started = resolve));
  const detector = detectorFrom(async () => {
    started();
    await released;
    throw new Error("released after the shutdown");
  });
  return { detector, started: hasStarted, release };
}

describe("the shutdown's deadline", () => {
  it("keeps a fifth of the timeout, at most 5 s, for the steps after the drain", () => {
    expect([25_000, 10_000, 2000, 0].map(shutdownReserveMs)).toEqual([5000, 2000, 400, 0]);
    expect([60_000, 25_000, 2000].map(shutdownDrainMs)).toEqual([55_000, 20_000, 1600]);
  });

  it("an in-flight detection that cannot finish: done within SHUTDOWN_TIMEOUT_MS, the heartbeat removed, the event left pending", async () => {
    const timeoutMs = 2000;
    const config = testConfig({ CONSUMER_NAME: "c1", CONSUMER_BLOCK_MS: "200", NO_LOGS_RETRIES: "0", SHUTDOWN_TIMEOUT_MS: String(timeoutMs) });
    const r = testClient();
    cleanups.push(() => r.disconnect());
    const held = heldDetector();
    cleanups.push(() => held.release());
    const t = await buildTestApp(config);
    cleanups.push(() => t.valkey.disconnect());
    const consumer = await startTestConsumer(config, t, held.detector);
    await storeAsList(r, t.keys.incidentLogs("held"), normalLogs(30));
    const id = (await r.xadd(config.INCIDENT_STREAM, "*", "incident_id", "held"))!;
    await held.started;
    const heartbeat = t.keys.consumerHeartbeat(config.CONSUMER_GROUP, "c1");
    expect(await r.exists(heartbeat)).toBe(1);

    const t0 = performance.now();
    const out = await shutdownWithin({ consumer, app: t.app, valkey: t.valkey }, timeoutMs, createLogger(config));
    const took = performance.now() - t0;
    expect(out).toMatchObject({ done: true });
    expect(took).toBeLessThan(timeoutMs);
    // The drain waited its share for the event, no more.
    expect(took).toBeGreaterThanOrEqual(shutdownDrainMs(timeoutMs) - 5);
    expect(await r.exists(heartbeat)).toBe(0);
    const pending = (await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP, "-", "+", 10)) as [string, string, number, number][];
    expect(pending.map(([pid, owner, , deliveries]) => [pid, owner, deliveries])).toEqual([[id, "c1", 1]]);
    expect(await readAll(r, config.ANOMALY_STREAM)).toEqual([]);
    expect(t.valkey.status).toBe("end");
  });

  it("a later step that outlives the deadline: the sequence gives up at SHUTDOWN_TIMEOUT_MS and names it", async () => {
    const timeoutMs = 1000;
    const r = testClient();
    cleanups.push(() => r.disconnect());
    const held = heldDetector();
    const t = await buildTestApp(testConfig({ RATE_LIMIT_MAX: "0" }), { detector: held.detector });
    cleanups.push(() => t.valkey.disconnect());
    await storeAsList(r, t.keys.incidentLogs("held"), normalLogs(30));
    const url = await t.app.listen({ port: 0, host: "127.0.0.1" });
    // A request whose detection is held: app.close() waits for its answer.
    const request = fetch(`${url}/detect-anomalies`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ incident_id: "held" }),
    }).then((res) => res.status);
    await held.started;

    const t0 = performance.now();
    const out = await shutdownWithin({ app: t.app, valkey: t.valkey }, timeoutMs, createLogger(testConfig()));
    const took = performance.now() - t0;
    expect(out).toMatchObject({ done: false, step: "HTTP server" });
    expect(took).toBeGreaterThanOrEqual(timeoutMs - 5);
    expect(took).toBeLessThan(timeoutMs + 500);
    held.release();
    expect(await request).toBe(500);
  });

  it("the service process exits within SHUTDOWN_TIMEOUT_MS of SIGTERM even when Valkey stops answering", async () => {
    const server = await startLocalServer({ binary: serverBinary() });
    cleanups.push(() => server.stop());
    const admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
    admin.on("error", () => {});
    cleanups.push(() => admin.disconnect());
    const config = testConfig({ VALKEY_URL: server.url });
    const timeoutMs = 2000;
    const svc = await startService({
      MODE: "consumer",
      VALKEY_URL: server.url,
      INCIDENT_LOGS_KEY: config.INCIDENT_LOGS_KEY,
      INCIDENT_STREAM: config.INCIDENT_STREAM,
      ANOMALY_STREAM: config.ANOMALY_STREAM,
      FEEDBACK_STREAM: config.FEEDBACK_STREAM,
      CONSUMER_NAME: "paused",
      CONSUMER_BLOCK_MS: "200",
      SHUTDOWN_TIMEOUT_MS: String(timeoutMs),
    });
    cleanups.push(() => svc.kill("SIGKILL"));
    const heartbeat = buildKeys(config).consumerHeartbeat(config.CONSUMER_GROUP, "paused");
    await waitFor(async () => ((await admin.exists(heartbeat)) === 1 ? true : undefined), 10_000, "the consumer's heartbeat");
    // Every command from now on waits far longer than the shutdown may take.
    await admin.call("CLIENT", "PAUSE", "30000", "ALL");
    const t0 = performance.now();
    svc.kill("SIGTERM");
    const exit = await svc.exited;
    const took = performance.now() - t0;
    expect(exit.code).toBe(1);
    // Spawning tsx is not measured, but a loaded machine delivers the signal and the exit late.
    expect(took).toBeLessThan(timeoutMs + 1000);
    const timedOut = svc.lines.map(tryJson).find((l) => l?.msg?.toString().startsWith("shutdown timed out"));
    // The drain ended in time; removing the heartbeat is what waited on the paused server.
    expect(timedOut, svc.lines.join("\n")).toMatchObject({ level: "error", timeout_ms: timeoutMs, step: "consumer" });
    // The server is still paused: stop it without waiting for its own shutdown.
    server.process.kill("SIGKILL");
  });
});
