import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { detectorFrom, type Detector } from "../../src/pipeline/detector.js";
import { aclKeyGrants, aclSetUserArgs } from "../../src/valkey/acl.js";
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

  it("the rules name exactly this config's keys", () => {
    const grants = aclKeyGrants(config);
    expect(grants.map((g) => `${g.access}${g.pattern}`)).toEqual([
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
