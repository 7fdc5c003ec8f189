import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { buildKeys } from "../../src/valkey/keys.js";
import { startLocalServer, type LocalServer } from "../../src/valkey/local-server.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, startTestConsumer } from "../helpers/consumer.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { startService, tryJson, waitFor, type ServiceProcess } from "../helpers/service.js";
import { serverBinary, testClient, testConfig } from "../helpers/valkey.js";

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function consumerEnv(config: Config, name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MODE: "consumer",
    LOG_LEVEL: "info",
    VALKEY_URL: config.VALKEY_URL!,
    INCIDENT_LOGS_KEY: config.INCIDENT_LOGS_KEY,
    INCIDENT_STREAM: config.INCIDENT_STREAM,
    ANOMALY_STREAM: config.ANOMALY_STREAM,
    FEEDBACK_STREAM: config.FEEDBACK_STREAM,
    MEMORY: config.MEMORY,
    MEMORY_KEY_PREFIX: config.MEMORY_KEY_PREFIX,
    CONSUMER_NAME: name,
    CONSUMER_BLOCK_MS: "200",
    CLAIM_IDLE_MS: "1500",
    CLAIM_INTERVAL_MS: "200",
    NO_LOGS_RETRIES: "0",
    ...extra,
  };
}

async function publishIncidents(r: Redis, config: Config, n: number, incidents = 10): Promise<string[]> {
  const keys = buildKeys(config);
  for (let i = 0; i < incidents; i++) await storeAsList(r, keys.incidentLogs(`inc-${i}`), normalLogs(30));
  const p = r.pipeline();
  for (let i = 0; i < n; i++) p.xadd(config.INCIDENT_STREAM, "*", "incident_id", `inc-${i % incidents}`);
  const res = await p.exec();
  return res!.map(([, id]) => id as string);
}

function expectExactlyOnce(results: Record<string, string>[], ids: string[]): void {
  const seen = new Map<string, number>();
  for (const x of results) seen.set(x.source_event_id!, (seen.get(x.source_event_id!) ?? 0) + 1);
  const dup = [...seen].filter(([, n]) => n > 1);
  const lost = ids.filter((id) => !seen.has(id));
  expect({ duplicated: dup.length, lost: lost.length, total: results.length }).toEqual({ duplicated: 0, lost: 0, total: ids.length });
}

describe("consumer processes", () => {
  it("three consumers, 240 events, one killed with SIGKILL mid-run: each event has exactly one result", async () => {
    const config = testConfig();
    const r = testClient();
    cleanups.push(() => r.disconnect());
    // The group must exist before events arrive, else consumers reading "new" would miss them.
    await r.xgroup("CREATE", config.INCIDENT_STREAM, config.CONSUMER_GROUP, "$", "MKSTREAM");
    // Started together: each process's start-up (module loading, the first /health) is seconds.
    const started = await Promise.allSettled(["p1", "p2", "p3"].map((name) => startService(consumerEnv(config, name))));
    const procs: ServiceProcess[] = [];
    for (const s of started) if (s.status === "fulfilled") procs.push(s.value);
    for (const s of procs) cleanups.push(() => s.kill("SIGKILL"));
    for (const s of started) if (s.status === "rejected") throw s.reason;
    const ids = await publishIncidents(r, config, 240);
    // Kill p2 once it has done some work but not all of it.
    await waitFor(async () => ((await r.xlen(config.ANOMALY_STREAM)) >= 50 ? true : undefined), 60_000, "first results");
    procs[1]!.kill("SIGKILL");
    await procs[1]!.exited;
    const results = await waitFor(
      async () => {
        const all = await readAll(r, config.ANOMALY_STREAM);
        return all.length >= ids.length && ((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0] === 0 ? all : undefined;
      },
      120_000,
      "all results",
    );
    expectExactlyOnce(results, ids);
    expect(results.some((x) => x.consumer === "p2")).toBe(true);
    // Whatever p2 held when it died was claimed by the others (or nothing was pending).
    const claimedLogs = [procs[0]!, procs[2]!].flatMap((p) => p.lines.map(tryJson)).filter((l) => l?.msg === "claimed stale pending entries");
    const p2Pending = results.filter((x) => x.consumer === "p2").length;
    expect(p2Pending).toBeGreaterThan(0);
    expect(claimedLogs.length).toBeGreaterThan(0);
  }, 150_000);

  it("SIGTERM with work in flight drains, acknowledges and exits 0", async () => {
    const config = testConfig();
    const r = testClient();
    cleanups.push(() => r.disconnect());
    await r.xgroup("CREATE", config.INCIDENT_STREAM, config.CONSUMER_GROUP, "$", "MKSTREAM");
    const s = await startService(consumerEnv(config, "term", { CONSUMER_CONCURRENCY: "4" }));
    cleanups.push(() => s.kill("SIGKILL"));
    const ids = await publishIncidents(r, config, 200, 5);
    await waitFor(async () => ((await r.xlen(config.ANOMALY_STREAM)) >= 20 ? true : undefined), 30_000);
    s.kill("SIGTERM");
    const exit = await s.exited;
    expect(exit.code).toBe(0);
    // Everything it took is either published or still pending for another consumer: nothing lost.
    const results = await readAll(r, config.ANOMALY_STREAM);
    const pending = ((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0];
    const info = (await r.xinfo("GROUPS", config.INCIDENT_STREAM)) as unknown[][];
    const lag = Number(info[0]![info[0]!.indexOf("lag") + 1]);
    expect(results.length + pending + lag).toBe(ids.length);
    expect(pending).toBe(0);
    expect(s.lines.map(tryJson).some((l) => l?.msg === "consumer stopped")).toBe(true);
  });

  it("survives a server restart (persistence on): every event still gets its result", async () => {
    const server: LocalServer = await startLocalServer({ binary: serverBinary(), persistence: true });
    let restarted: LocalServer | undefined;
    cleanups.push(async () => {
      await restarted?.stop();
      await server.stop();
    });
    const config = testConfig({
      VALKEY_URL: server.url,
      CLAIM_IDLE_MS: "1000",
      CLAIM_INTERVAL_MS: "200",
      CONSUMER_BLOCK_MS: "200",
      NO_LOGS_RETRIES: "0",
      VALKEY_COMMAND_TIMEOUT_MS: "1000",
    });
    const r = new Redis(server.url, { maxRetriesPerRequest: null });
    r.on("error", () => {});
    cleanups.push(() => r.disconnect());
    const t: TestApp = await buildTestApp(config);
    cleanups.push(() => t.close());
    const consumer = await startTestConsumer(config, t);
    cleanups.push(() => consumer.close());

    const first = await publishIncidents(r, config, 100, 5);
    await waitFor(async () => ((await r.xlen(config.ANOMALY_STREAM)) >= 30 ? true : undefined), 30_000);
    await server.stop({ keepDir: true });
    restarted = await startLocalServer({ binary: server.binary, persistence: true, port: server.port, dir: server.dir });
    const second = await publishIncidents(r, config, 100, 5);
    const results = await waitFor(
      async () => {
        const all = await readAll(r, config.ANOMALY_STREAM);
        return all.length >= 200 && ((await r.xpending(config.INCIDENT_STREAM, config.CONSUMER_GROUP)) as [number])[0] === 0 ? all : undefined;
      },
      60_000,
      "results after restart",
    );
    expectExactlyOnce(results, [...first, ...second]);
  });

  it("works off a 1,500-event backlog", async () => {
    const config = testConfig({ CONSUMER_START_FROM: "beginning", CONSUMER_CONCURRENCY: "8" });
    const r = testClient();
    cleanups.push(() => r.disconnect());
    const ids = await publishIncidents(r, config, 1_500, 20);
    const t = await buildTestApp(config);
    cleanups.push(() => t.close());
    const consumer = await startTestConsumer(config, t);
    cleanups.push(() => consumer.close());
    await waitFor(async () => ((await r.xlen(config.ANOMALY_STREAM)) >= ids.length ? true : undefined), 170_000, "backlog worked off");
    expectExactlyOnce(await readAll(r, config.ANOMALY_STREAM), ids);
  }, 180_000);
});
