import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { detectorFrom, type Detector } from "../../src/pipeline/detector.js";
import { aclFamilies, aclSetUserArgs } from "../../src/valkey/acl.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, startTestConsumer } from "../helpers/consumer.js";
import { normalLogs, storeAsList, storeAsStream, storeAsZset } from "../helpers/logs.js";
import { waitFor } from "../helpers/service.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";

/**
 * The least-privilege ACL, rendered from this test's own config exactly (no widened prefix):
 * every API and consumer path runs as that user without one denied command (checked in the
 * server's ACL LOG), and the user can do nothing else.
 */

let admin: Redis;
let config: Config;
let user: string;
let password: string;
let t: TestApp;

function userUrl(): string {
  const u = new URL(valkeyUrl());
  u.username = user;
  u.password = password;
  return u.toString();
}

/** ACL LOG entries (denied commands or keys) of this test's user. */
async function denials(): Promise<string[]> {
  const log = (await admin.call("ACL", "LOG", "256")) as unknown[][];
  return log
    .map((entry) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i + 1 < entry.length; i += 2) o[String(entry[i])] = entry[i + 1];
      return o;
    })
    .filter((o) => o.username === user)
    .map((o) => `${o.reason} ${o.object} (${o.context})`);
}

beforeAll(async () => {
  admin = testClient();
  user = `anomaly-acl-${randomBytes(3).toString("hex")}`;
  password = randomBytes(16).toString("hex");
  const base = testConfig();
  await admin.call("ACL", ...aclSetUserArgs(user, password, base));
  config = {
    ...base,
    VALKEY_URL: userUrl(),
    RATE_LIMIT_MAX: 0,
    CONSUMER_NAME: "acl-1",
    CONSUMER_BLOCK_MS: 200,
    NO_LOGS_RETRIES: 1,
    NO_LOGS_RETRY_DELAY_MS: 10,
    CLAIM_IDLE_MS: 1000,
    CLAIM_INTERVAL_MS: 100,
    MAX_DELIVERIES: 1,
  };
  t = await buildTestApp(config);
});
afterAll(async () => {
  await t?.close();
  await admin.call("ACL", "DELUSER", user);
  admin.disconnect();
});

describe("the service's least-privilege ACL user", () => {
  it("runs every API path without a denied command", async () => {
    const logs = normalLogs(30);
    await storeAsList(admin, t.keys.incidentLogs("as-list"), logs);
    await storeAsZset(admin, t.keys.incidentLogs("as-zset"), logs);
    await storeAsStream(admin, t.keys.incidentLogs("as-stream"), logs);
    await admin.hset(t.keys.incidentLogs("as-hash"), "a", "b");
    expect((await t.app.inject({ method: "GET", url: "/health" })).json().status).toBe("healthy");
    for (const id of ["as-list", "as-zset", "as-stream"]) {
      const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: id } });
      expect(res.statusCode, `${id}: ${res.body}`).toBe(200);
    }
    expect((await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "none" } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "as-hash" } })).statusCode).toBe(422);
    expect((await t.app.inject({ method: "GET", url: "/anomalies/none" })).statusCode).toBe(404);
    expect(await denials()).toEqual([]);
  });

  it("runs every consumer path without a denied command: results, no_logs, dead letters, claims, a recreated group", async () => {
    await storeAsList(admin, t.keys.incidentLogs("ok"), normalLogs(30));
    const failing: Detector = detectorFrom(async (req, trigger) => {
      if (req.incident_id === "poison") throw new Error("boom");
      return t.detector.run(req, trigger);
    });
    await admin.xgroup("CREATE", config.INCIDENT_STREAM, config.CONSUMER_GROUP, "$", "MKSTREAM");
    const consumer = await startTestConsumer(config, t, failing);
    try {
      const events = [
        ["incident_id", "ok"],
        ["incident_id", "no-logs"],
        ["incident_id", "bad*"],
        ["incident_id", "as-hash"],
        ["incident_id", "poison"],
      ];
      await admin.hset(t.keys.incidentLogs("as-hash"), "a", "b");
      for (const f of events) await admin.xadd(config.INCIDENT_STREAM, "*", ...f);
      const done = await waitFor(
        async () => {
          const results = await readAll(admin, config.ANOMALY_STREAM);
          const dead = await readAll(admin, config.DEAD_LETTER_STREAM);
          return results.length + dead.length >= events.length ? { results, dead } : undefined;
        },
        30_000,
        "every event published or dead-lettered",
      );
      expect(done.results.map((x) => [x.incident_id, x.status]).sort()).toEqual([
        ["no-logs", "no_logs"],
        ["ok", "ok"],
      ]);
      expect(done.dead.map((x) => [x.incident_id, x.reason]).sort()).toEqual([
        ["as-hash", "unsupported_key_type"],
        ["bad*", "invalid"],
        ["poison", "max_deliveries"],
      ]);
      expect((await t.app.inject({ method: "GET", url: "/anomalies/ok" })).statusCode).toBe(200);

      // The stream deleted under the consumer: it recreates stream and group (XGROUP CREATE MKSTREAM).
      await admin.del(config.INCIDENT_STREAM);
      await waitFor(async () => ((await admin.exists(config.INCIDENT_STREAM)) === 1 ? true : undefined), 10_000, "group recreated");
      await admin.xadd(config.INCIDENT_STREAM, "*", "incident_id", "ok");
      await waitFor(async () => ((await admin.xlen(config.ANOMALY_STREAM)) === 3 ? true : undefined), 10_000, "result after the recreation");
    } finally {
      await consumer.close();
    }
    expect(await denials()).toEqual([]);
  });

  it("can do nothing else: other keys, other commands, writes to logs, scripts reaching further", async () => {
    const svc = new Redis(userUrl(), { maxRetriesPerRequest: 1 });
    const sub = svc.duplicate();
    try {
      const other = `${config.INCIDENT_STREAM.split(":")[0]}-other:secret`;
      await admin.set(other, "s3cret");
      const refused: Array<[string, () => Promise<unknown>]> = [
        ["GET another key", () => svc.get(other)],
        ["SET another key", () => svc.set(other, "x")],
        ["write the logs key", () => svc.rpush(t.keys.incidentLogs("ok"), "{}")],
        ["delete the logs key", () => svc.del(t.keys.incidentLogs("ok"))],
        ["read another incident stream", () => svc.xrange("incidents:created", "-", "+")],
        ["KEYS", () => svc.keys("*")],
        ["SCAN", () => svc.scan("0")],
        ["FLUSHALL", () => svc.flushall()],
        ["CONFIG GET", () => svc.config("GET", "*")],
        ["CLIENT LIST", () => svc.client("LIST")],
        ["SCRIPT FLUSH", () => svc.script("FLUSH")],
        ["ACL LIST", () => svc.call("ACL", "LIST")],
        ["SUBSCRIBE", () => sub.subscribe("anything")],
        ["XGROUP DESTROY", () => svc.xgroup("DESTROY", config.INCIDENT_STREAM, config.CONSUMER_GROUP)],
        ["EVAL reading another key", () => svc.eval("return redis.call('GET', KEYS[1])", 1, other)],
        ["EVAL calling FLUSHALL", () => svc.eval("return redis.call('FLUSHALL')", 0)],
        ["EVAL reaching an undeclared key", () => svc.eval(`return redis.call('GET', '${other}')`, 0)],
      ];
      for (const [what, attempt] of refused) await expect(attempt(), what).rejects.toThrow(/NOPERM|no permissions|user executing the script can't/i);
      expect(await admin.get(other)).toBe("s3cret");
      expect(await admin.llen(t.keys.incidentLogs("ok"))).toBe(30);
    } finally {
      svc.disconnect();
      sub.disconnect();
    }
  });

  it("refuses on each key family every command the service does not run there, directly or through a script", async () => {
    const svc = new Redis(userUrl(), { maxRetriesPerRequest: 1 });
    try {
      const incidents = config.INCIDENT_STREAM;
      const results = config.ANOMALY_STREAM;
      const dlq = config.DEAD_LETTER_STREAM;
      const marker = t.keys.processedMarker("1-0");
      const latest = t.keys.latestResult("acl-forged");
      await admin.xadd(incidents, "*", "incident_id", "kept");
      await admin.xadd(results, "*", "incident_id", "kept");
      await admin.xadd(dlq, "*", "incident_id", "kept");
      const before = [await admin.xlen(incidents), await admin.xlen(results), await admin.xlen(dlq)];
      const script =
        (body: string, ...keys: string[]) =>
        () =>
          svc.eval(body, keys.length, ...keys);
      const refused: Array<[string, () => Promise<unknown>]> = [
        ["XADD MAXLEN 0 on the incident stream", () => svc.xadd(incidents, "MAXLEN", "0", "*", "a", "b")],
        ["XTRIM the incident stream", () => svc.xtrim(incidents, "MAXLEN", 0)],
        ["XDEL on the incident stream", () => svc.xdel(incidents, "0-1")],
        ["DEL the incident stream", () => svc.del(incidents)],
        ["SET over the incident stream", () => svc.set(incidents, "x")],
        ["XGROUP DESTROY", () => svc.xgroup("DESTROY", incidents, config.CONSUMER_GROUP)],
        ["XGROUP SETID", () => svc.xgroup("SETID", incidents, config.CONSUMER_GROUP, "$")],
        ["XGROUP DELCONSUMER", () => svc.xgroup("DELCONSUMER", incidents, config.CONSUMER_GROUP, "acl-1")],
        ["XTRIM the result stream", () => svc.xtrim(results, "MAXLEN", 0)],
        ["DEL the result stream", () => svc.del(results)],
        ["SET over the result stream", () => svc.set(results, "x")],
        ["XRANGE the result stream", () => svc.xrange(results, "-", "+")],
        ["XGROUP CREATE on the result stream", () => svc.xgroup("CREATE", results, "g", "$")],
        ["XTRIM the dead-letter stream", () => svc.xtrim(dlq, "MAXLEN", 0)],
        ["XDEL on the dead-letter stream", () => svc.xdel(dlq, "0-1")],
        ["SET over the dead-letter stream", () => svc.set(dlq, "x")],
        ["XADD on a marker key", () => svc.xadd(marker, "*", "a", "b")],
        ["DEL a marker", () => svc.del(marker)],
        ["EXPIRE a latest result", () => svc.expire(latest, 1)],
        ["XADD on the logs key", () => svc.xadd(t.keys.incidentLogs("ok"), "*", "a", "b")],
        ["a script's XADD MAXLEN 0 on the incident stream", script("return redis.call('XADD', KEYS[1], 'MAXLEN', '0', '*', 'a', 'b')", incidents)],
        ["a script's XTRIM of the result stream", script("return redis.call('XTRIM', KEYS[1], 'MAXLEN', '0')", results)],
        ["a script's DEL of the dead-letter stream", script("return redis.call('DEL', KEYS[1])", dlq)],
        ["a script's SET over the incident stream", script("return redis.call('SET', KEYS[1], 'x')", incidents)],
        ["EVAL on a logs key", script("return 1", t.keys.incidentLogs("ok"))],
      ];
      const allowed: string[] = [];
      for (const [what, attempt] of refused) {
        const outcome = await attempt().then(
          () => "allowed",
          (err: Error) => err.message,
        );
        if (!/NOPERM|no permissions|user executing the script can't/i.test(outcome)) allowed.push(`${what}: ${outcome}`);
      }
      expect(allowed).toEqual([]);
      expect([await admin.xlen(incidents), await admin.xlen(results), await admin.xlen(dlq)]).toEqual(before);
      expect(await admin.type(incidents)).toBe("stream");

      // What stays possible, because the service itself does it (docs/security.md): adding to the
      // result and dead-letter streams (MAXLEN included), setting markers and latest results.
      await expect(svc.xadd(results, "MAXLEN", "~", "1000", "*", "incident_id", "forged")).resolves.toBeTruthy();
      await expect(svc.set(latest, "{}", "EX", 60)).resolves.toBe("OK");
      await expect(svc.set(marker, "x", "EX", 60)).resolves.toBe("OK");
    } finally {
      svc.disconnect();
    }
  });

  it("the selectors name exactly this config's keys", () => {
    expect(aclFamilies(config).map((f) => `${f.access}${f.pattern}`)).toEqual([
      `%R~${config.INCIDENT_LOGS_KEY.replace("{incident_id}", "*")}`,
      `~${config.INCIDENT_STREAM}`,
      `~${config.ANOMALY_STREAM}`,
      `~${config.DEAD_LETTER_STREAM}`,
      `~${config.INCIDENT_STREAM}:processed:*`,
      `~${config.ANOMALY_STREAM}:latest:*`,
      `~${config.INCIDENT_STREAM}:alive:*:*`,
    ]);
  });
});

describe("the least-privilege ACL user with the memory on", () => {
  let memUser: string;
  let mem: TestApp;
  beforeAll(async () => {
    memUser = `anomaly-acl-mem-${randomBytes(3).toString("hex")}`;
    const base = testConfig({ MEMORY: "on", MEMORY_CACHE_MS: "0" });
    await admin.call("ACL", ...aclSetUserArgs(memUser, password, base));
    const u = new URL(valkeyUrl());
    u.username = memUser;
    u.password = password;
    mem = await buildTestApp({ ...base, VALKEY_URL: u.toString(), RATE_LIMIT_MAX: 0 });
  });
  afterAll(async () => {
    await mem?.close();
    await admin.call("ACL", "DELUSER", memUser);
  });

  it("learns, recalls, primes, shows baselines and finds similar incidents without a denied command", async () => {
    const logs = normalLogs(60);
    for (const id of ["m-1", "m-2", "m-3"]) await storeAsList(admin, mem.keys.incidentLogs(id), logs);
    for (const id of ["m-1", "m-2"]) {
      const res = await mem.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: id } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().baselines).toBeDefined();
    }
    const learn = await mem.app.inject({ method: "POST", url: "/baselines/learn", payload: { incident_id: "m-3" } });
    expect(learn.statusCode, learn.body).toBe(200);
    const service = logs[0]!.service as string;
    const view = await mem.app.inject({ method: "GET", url: `/baselines/${service}` });
    expect(view.statusCode, view.body).toBe(200);
    const log = (await admin.call("ACL", "LOG", "256")) as unknown[][];
    const denied = log.filter((entry) => entry.some((v, i) => v === "username" && entry[i + 1] === memUser));
    expect(denied).toEqual([]);
  });
});
