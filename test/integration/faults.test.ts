import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { detectorFrom, type Detector } from "../../src/pipeline/detector.js";
import { startLocalServer, type LocalServer } from "../../src/valkey/local-server.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, startTestConsumer } from "../helpers/consumer.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { startProcess } from "../helpers/process.js";
import { transpiled, tryJson, waitFor } from "../helpers/service.js";
import { serverBinary, testConfig } from "../helpers/valkey.js";

/**
 * Faults for real: a Valkey killed while a request waits on it and started again, a paused
 * (slow) Valkey against short command timeouts, a Valkey out of memory that refuses every write,
 * and a service process that meets an unhandled rejection or exception.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function ownServer(persistence = false): Promise<{ server: LocalServer; admin: Redis }> {
  const server = await startLocalServer({ binary: serverBinary(), persistence });
  const admin = new Redis(server.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  admin.on("error", () => {});
  await admin.connect();
  cleanups.push(async () => {
    admin.disconnect();
    await server.stop();
  });
  return { server, admin };
}

async function appOn(url: string, overrides: Record<string, string>): Promise<TestApp> {
  const t = await buildTestApp(testConfig({ VALKEY_URL: url, RATE_LIMIT_MAX: "0", ...overrides }));
  cleanups.push(() => t.close());
  return t;
}

const post = (t: TestApp, incident_id: string) => t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id } });
const health = (t: TestApp) => t.app.inject({ method: "GET", url: "/health" });

describe("Valkey stopped during a request", () => {
  it("answers 503 with a clear message, stays up, and answers again once Valkey is back", async () => {
    const { server, admin } = await ownServer(true);
    const t = await appOn(server.url, { VALKEY_COMMAND_TIMEOUT_MS: "2000", VALKEY_CONNECT_TIMEOUT_MS: "500" });
    await storeAsList(admin, t.keys.incidentLogs("inc-1"), normalLogs(40));
    expect((await post(t, "inc-1")).statusCode).toBe(200);

    // Hold the request inside Valkey (paused), then kill the server under it.
    await admin.call("CLIENT", "PAUSE", "10000", "ALL");
    const t0 = performance.now();
    const inFlight = post(t, "inc-1");
    // The request's first command has been sent and waits for its reply.
    await waitFor(() => ((t.valkey as Redis).commandQueue.length > 0 ? true : undefined), 5000, "the request waiting inside Valkey");
    server.process.kill("SIGKILL");
    const res = await inFlight;
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json()).toMatchObject({ error: "Service Unavailable", code: "VALKEY_UNAVAILABLE", statusCode: 503 });
    expect(res.json().message).toMatch(/^(Valkey did not answer|cannot reach Valkey at 127\.0\.0\.1:\d+: )/);
    expect(performance.now() - t0).toBeLessThan(8000);

    // While it is down: quick, clear answers, never a hang or a 500.
    const t1 = performance.now();
    const down = await post(t, "inc-1");
    expect(down.statusCode).toBe(503);
    expect(down.json().message).toMatch(/^cannot reach Valkey at 127\.0\.0\.1:\d+: ECONNREFUSED — check VALKEY_URL/);
    // At most one reconnect attempt (backoff capped at 2 s) before the request gives up.
    expect(performance.now() - t1).toBeLessThan(5000);
    const t2 = performance.now();
    const h = await health(t);
    // The connection is known to be down: no PING to wait for.
    expect(performance.now() - t2).toBeLessThan(500);
    expect(h.statusCode).toBe(503);
    expect(h.json()).toMatchObject({ status: "unhealthy", valkey: { connected: false } });
    expect(h.json().valkey.error).toMatch(/^cannot reach Valkey: ECONNREFUSED/);

    // Back on the same port with its data: the same app instance recovers by itself.
    const restarted = await startLocalServer({ binary: server.binary, persistence: true, port: server.port, dir: server.dir });
    cleanups.push(() => restarted.stop());
    await waitFor(async () => ((await health(t)).statusCode === 200 ? true : undefined), 20_000, "health back to 200");
    const again = await post(t, "inc-1");
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().processed_logs).toBe(40);
  });
});

describe("a slow Valkey", () => {
  it("command timeouts become 503s naming VALKEY_COMMAND_TIMEOUT_MS, and /health reports degraded", async () => {
    const { server, admin } = await ownServer();
    const t = await appOn(server.url, { VALKEY_COMMAND_TIMEOUT_MS: "300" });
    await storeAsList(admin, t.keys.incidentLogs("slow"), normalLogs(40));
    expect((await post(t, "slow")).statusCode).toBe(200);

    await admin.call("CLIENT", "PAUSE", "3500", "ALL");
    const t0 = performance.now();
    const res = await post(t, "slow");
    const took = performance.now() - t0;
    expect(res.statusCode, res.body).toBe(503);
    expect(res.json().code).toBe("VALKEY_UNAVAILABLE");
    expect(res.json().message).toBe("Valkey did not answer within 300 ms (VALKEY_COMMAND_TIMEOUT_MS): it is overloaded, paused or unreachable");
    // Bounded by the timeout (one retry at most), not by the 3.5 s pause.
    expect(took).toBeLessThan(1500);
    const latest = await t.app.inject({ method: "GET", url: "/anomalies/slow" });
    expect(latest.statusCode).toBe(503);
    expect(latest.json().message).toContain("VALKEY_COMMAND_TIMEOUT_MS");

    const h = await health(t);
    expect(performance.now() - t0, "still inside the pause").toBeLessThan(3500);
    expect(h.statusCode).toBe(200);
    expect(h.json()).toMatchObject({ status: "degraded", valkey: { connected: true, error: "Valkey did not answer PING within 300 ms" } });
    await waitFor(async () => ((await health(t)).json().status === "healthy" ? true : undefined), 10_000, "healthy after the pause");
    expect((await post(t, "slow")).statusCode).toBe(200);
  });

  it("a PING slower than 500 ms but inside the timeout answers 200 degraded with its latency", async () => {
    const { server, admin } = await ownServer();
    const t = await appOn(server.url, { VALKEY_COMMAND_TIMEOUT_MS: "5000" });
    await admin.call("CLIENT", "PAUSE", "900", "ALL");
    const h = await health(t);
    expect(h.statusCode).toBe(200);
    expect(h.json().status).toBe("degraded");
    expect(h.json().valkey.connected).toBe(true);
    expect(h.json().valkey.latency_ms).toBeGreaterThan(500);
    expect((await health(t)).json().status).toBe("healthy");
  });
});

/** A detector that holds every run until `open()`; the runs then go on as `inner` does them. */
function gated(inner: () => Detector): { detector: Detector; open: () => void } {
  let open: () => void = () => {};
  const gate = new Promise<void>((r) => (open = r));
  const detector = detectorFrom(async (req, trigger) => {
    await gate;
    return inner().run(req, trigger);
  });
  return { detector, open };
}

async function metricValue(t: TestApp, name: string): Promise<number> {
  const text = await t.metrics.registry.getSingleMetricAsString(name);
  return text
    .split("\n")
    .filter((l) => l.startsWith(name) && !l.startsWith("#"))
    .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
}

describe("a Valkey out of memory (noeviction)", () => {
  it("refuses every publish: events wait unspent (no dead letters), /health says degraded naming OOM, and all are published once memory is back", async () => {
    const { server, admin } = await ownServer();
    const config = testConfig({
      VALKEY_URL: server.url,
      RATE_LIMIT_MAX: "0",
      CONSUMER_NAME: "c1",
      CONSUMER_BLOCK_MS: "200",
      CONSUMER_CONCURRENCY: "32",
      MAX_DELIVERIES: "2",
      CLAIM_IDLE_MS: "1000",
      CLAIM_INTERVAL_MS: "100",
      RETRY_BACKOFF_MS: "50",
      RETRY_BACKOFF_MAX_MS: "300",
      API_KEY: "faults-test-api-key-0123456789",
    });
    const t = await buildTestApp(config);
    cleanups.push(() => t.close());
    const ids = Array.from({ length: 30 }, (_, i) => `oom-${i}`);
    for (const id of ids) await storeAsList(admin, t.keys.incidentLogs(id), normalLogs(20));
    const { detector, open } = gated(() => t.detector);
    const c1 = await startTestConsumer(config, t, detector);
    cleanups.push(() => c1.close());
    // A second consumer that would claim c1's entries if c1 let them go idle.
    const c2 = await startTestConsumer({ ...config, CONSUMER_NAME: "c2" }, t, detector);
    cleanups.push(() => c2.close());
    for (const id of ids) await admin.xadd(config.INCIDENT_STREAM, "*", "incident_id", id);
    await waitFor(() => (c1.inFlightCount + c2.inFlightCount === 30 ? true : undefined), 10_000, "all 30 events read");

    await admin.config("SET", "maxmemory-policy", "noeviction");
    await admin.config("SET", "maxmemory", "1");
    await expect(admin.set("probe", "x")).rejects.toThrow(/^OOM/);
    open();
    // Well past MAX_DELIVERIES claim periods, every event retried several times.
    const t0 = Date.now();
    await waitFor(
      async () => (Date.now() - t0 > 4000 && (await metricValue(t, "anomaly_stream_server_fault_waits_total")) >= 90 ? true : undefined),
      20_000,
      "three retries per event under OOM",
    );
    const pending = (await admin.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP, "-", "+", 100)) as [string, string, number, number][];
    expect(pending).toHaveLength(30);
    expect(pending.every(([, , , deliveries]) => deliveries === 1)).toBe(true);
    const h = await health(t);
    expect(h.statusCode).toBe(200);
    expect(h.json()).toMatchObject({ status: "degraded", valkey: { connected: true, writes: { failing: true, cause: "OOM" } } });
    expect(h.json().valkey.writes.error).toBeUndefined();
    const detailed = await t.app.inject({ method: "GET", url: "/health", headers: { authorization: "Bearer faults-test-api-key-0123456789" } });
    expect(detailed.json().valkey.writes.error).toMatch(/^OOM command not allowed/);
    expect(await metricValue(t, "anomaly_valkey_writes_failing")).toBe(1);
    expect(await t.metrics.registry.getSingleMetricAsString("anomaly_stream_server_fault_waits_total")).toMatch(/cause="OOM"/);

    await admin.config("SET", "maxmemory", "0");
    const results = await waitFor(
      async () => {
        const all = await readAll(admin, config.ANOMALY_STREAM);
        return all.length >= 30 ? all : undefined;
      },
      20_000,
      "30 results once memory is back",
    );
    expect(results.map((r) => r.incident_id).sort()).toEqual([...ids].sort());
    expect(await admin.xlen(config.DEAD_LETTER_STREAM)).toBe(0);
    expect(((await admin.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0]).toBe(0);
    expect((await health(t)).json().status).toBe("healthy");
    expect(await metricValue(t, "anomaly_valkey_writes_failing")).toBe(0);
  });
});

describe("a Valkey restart while events are in flight", () => {
  it("the consumer that holds them retries them as soon as the server is back, without waiting CLAIM_IDLE_MS", async () => {
    const { server, admin } = await ownServer(true);
    const config = testConfig({
      VALKEY_URL: server.url,
      RATE_LIMIT_MAX: "0",
      CONSUMER_NAME: "c1",
      CONSUMER_BLOCK_MS: "200",
      VALKEY_COMMAND_TIMEOUT_MS: "1000",
      VALKEY_CONNECT_TIMEOUT_MS: "500",
      RETRY_BACKOFF_MS: "100",
      RETRY_BACKOFF_MAX_MS: "1000",
    });
    const t = await buildTestApp(config);
    cleanups.push(() => t.close());
    const ids = ["restart-1", "restart-2", "restart-3"];
    for (const id of ids) await storeAsList(admin, t.keys.incidentLogs(id), normalLogs(20));
    const { detector, open } = gated(() => t.detector);
    const consumer = await startTestConsumer(config, t, detector);
    cleanups.push(() => consumer.close());
    for (const id of ids) await admin.xadd(config.INCIDENT_STREAM, "*", "incident_id", id);
    await waitFor(() => (consumer.inFlightCount === 3 ? true : undefined), 10_000, "the events read");
    // appendfsync always: the delivered entries are on disk before the kill.
    server.process.kill("SIGKILL");
    await waitFor(() => (t.valkey.status !== "ready" ? true : undefined), 5000, "the connection lost");
    open();
    await waitFor(async () => ((await metricValue(t, "anomaly_stream_server_fault_waits_total")) >= 3 ? true : undefined), 10_000, "publishes failing");
    const restarted = await startLocalServer({ binary: server.binary, persistence: true, port: server.port, dir: server.dir });
    cleanups.push(() => restarted.stop());
    const back = performance.now();
    const results = await waitFor(
      async () => {
        const all = await readAll(admin, config.ANOMALY_STREAM).catch(() => []);
        return all.length >= 3 ? all : undefined;
      },
      20_000,
      "three results after the restart",
    );
    // CLAIM_IDLE_MS is 60 s: only the owner's own retries can have been this quick.
    expect(performance.now() - back).toBeLessThan(15_000);
    expect(results.map((r) => r.incident_id).sort()).toEqual(ids);
    expect(await admin.xlen(config.DEAD_LETTER_STREAM)).toBe(0);
  });
});

describe("unhandled failures in a running service", () => {
  it.each([
    ["rejection", /unhandled promise rejection/, "injected unhandled rejection"],
    ["exception", /uncaught exception/, "injected uncaught exception"],
  ])("an unhandled %s is logged as fatal and ends the process with a non-zero code", async (kind, msg, errMessage) => {
    const config = testConfig();
    const proc = startProcess(process.execPath, ["--import", transpiled("test/helpers/fault-injection.ts"), transpiled("src/main.ts")], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        ENVIRONMENT: "test",
        LOG_LEVEL: "info",
        PORT: "0",
        HOST: "127.0.0.1",
        VALKEY_URL: config.VALKEY_URL!,
        INCIDENT_LOGS_KEY: config.INCIDENT_LOGS_KEY,
        INCIDENT_STREAM: config.INCIDENT_STREAM,
        ANOMALY_STREAM: config.ANOMALY_STREAM,
        FEEDBACK_STREAM: config.FEEDBACK_STREAM,
        MEMORY: config.MEMORY,
        MEMORY_KEY_PREFIX: config.MEMORY_KEY_PREFIX,
        CONSUMER_BLOCK_MS: "200",
        FAULT_INJECT: kind,
      },
    });
    cleanups.push(() => proc.stop("SIGKILL"));
    await waitFor(
      () =>
        proc.stdout.map(tryJson).some((l) => l?.msg === "service started") ||
        (proc.child.exitCode !== null ? Promise.reject(new Error(proc.output())) : undefined),
      60_000,
      "service started",
    );
    const t0 = performance.now();
    proc.child.kill("SIGUSR2");
    const code = await Promise.race([proc.exited, new Promise<string>((r) => setTimeout(() => r("still running after 10 s"), 10_000))]);
    expect(code, proc.output()).toBe(1);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const fatal = proc.stdout.map(tryJson).find((l) => l?.level === "fatal");
    expect(fatal, proc.output()).toBeDefined();
    expect(String(fatal!.msg)).toMatch(msg);
    expect(JSON.stringify(fatal!.err)).toContain(errMessage);
  });
});
