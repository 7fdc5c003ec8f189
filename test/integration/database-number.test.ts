import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { createFeedback } from "../../src/feedback/feedback.js";
import { createDetector } from "../../src/pipeline/graph.js";
import { valkeyLogSource } from "../../src/pipeline/sources.js";
import { createWorkerDetector, type WorkerDetector } from "../../src/threads/detection-pool.js";
import { aclSetUserArgs } from "../../src/valkey/acl.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { buildKeys } from "../../src/valkey/keys.js";
import { stable } from "../helpers/consumer.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";

/**
 * A VALKEY_URL ending in a database number (redis://host:6379/3) is where every connection
 * reads and writes: the main thread's and a detection thread's alike, as the ACL user rendered
 * for that config (which then may SELECT).
 */

const DB = 3;
let admin: Redis;
let inDb: Redis;
let config: Config;
let valkey: Valkey;
let pool: WorkerDetector;
let user: string;

function userUrl(password: string): string {
  const u = new URL(valkeyUrl());
  u.username = user;
  u.password = password;
  u.pathname = `/${DB}`;
  return u.toString();
}

beforeAll(async () => {
  admin = testClient();
  const u = new URL(valkeyUrl());
  u.pathname = `/${DB}`;
  inDb = testClient(u.toString());
  user = `anomaly-db-${randomBytes(3).toString("hex")}`;
  const password = randomBytes(16).toString("hex");
  const base = testConfig();
  config = { ...base, VALKEY_URL: userUrl(password) };
  await admin.call("ACL", ...aclSetUserArgs(user, password, config));
  valkey = createValkey(config);
  valkey.on("error", () => {});
  await valkey.connect();
  pool = createWorkerDetector({ config, threads: 1 });
});
afterAll(async () => {
  await pool.close();
  valkey.disconnect();
  await admin.call("ACL", "DELUSER", user);
  admin.disconnect();
  inDb.disconnect();
});

describe("a database number in VALKEY_URL", () => {
  it("is where the main thread and a detection thread read the incident, not database 0", async () => {
    const keys = buildKeys(config);
    const logs = normalLogs(300);
    logs[150] = { ...logs[150]!, level: "ERROR", message: "Database connection timeout after 30s" };
    await storeAsList(inDb, keys.incidentLogs("in-db"), logs);
    // The same key in database 0 holds other logs: reading it there would answer differently.
    await storeAsList(admin, keys.incidentLogs("in-db"), normalLogs(40));
    const request = { incident_id: "in-db", time_window_hours: 24, confidence_threshold: 0.7 };
    const inline = await createDetector({ source: valkeyLogSource(valkey, keys, config), feedback: createFeedback(valkey, keys, config).source }).run(
      request,
      "api",
    );
    expect(inline.processed_logs).toBe(300);
    expect(inline.anomalies.map((a) => a.log_index)).toContain(150);
    const there = await pool.run(request, "api");
    expect(stable(there as unknown as Record<string, unknown>)).toEqual(stable(inline as unknown as Record<string, unknown>));
    await admin.del(keys.incidentLogs("in-db"));
  });

  it("is granted to the ACL user rendered for it (SELECT), and nothing more (no FLUSHDB)", async () => {
    const denied = (await admin.call("ACL", "DRYRUN", user, "FLUSHDB").catch((e: Error) => e.message)) as string;
    expect(denied).toMatch(/no permissions|not allowed|permission/i);
    const ok = (await admin.call("ACL", "DRYRUN", user, "SELECT", String(DB)).catch((e: Error) => e.message)) as string;
    expect(ok).toBe("OK");
  });
});
