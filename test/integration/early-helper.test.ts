import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerDetector } from "../../src/threads/detection-pool.js";
import { buildKeys } from "../../src/valkey/keys.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { testClient, testConfig } from "../helpers/valkey.js";
import { waitFor } from "../helpers/service.js";

/**
 * A detection thread started for a large incident starts its helper thread (and the helper's
 * Valkey connection) at once, not when its split read first asks for it; one started for small
 * incidents does not start a helper at all. Seen from the server: the helper's named connection.
 */

let admin: Redis;
beforeAll(() => {
  admin = testClient();
});
afterAll(() => admin.disconnect());

async function connectionNames(): Promise<string[]> {
  const list = (await admin.call("CLIENT", "LIST")) as string;
  return list
    .split("\n")
    .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? "")
    .filter(Boolean);
}

describe("a detection thread's helper", () => {
  it.each([
    { large: true, what: "starts with a thread started for a large incident" },
    { large: false, what: "is not started by a thread that only had small incidents" },
  ])("$what", async ({ large }) => {
    const consumer = `early-${large ? "large" : "small"}-${process.pid}`;
    const config = testConfig({ CONSUMER_NAME: consumer });
    const keys = buildKeys(config);
    // Small enough that the thread never splits its read: only an early start makes a helper.
    await storeAsList(admin, keys.incidentLogs("early"), normalLogs(200));
    const pool = createWorkerDetector({ config, threads: 1 });
    try {
      const [outcome] = await pool.runBatch([{ incident_id: "early", time_window_hours: 24, confidence_threshold: 0.7 }], "api", large);
      expect(outcome!.ok).toBe(true);
      const helper = `${config.SERVICE_NAME}:${consumer}:helper`;
      const worker = `${config.SERVICE_NAME}:${consumer}:worker`;
      expect(await connectionNames()).toContain(worker);
      if (large) await waitFor(async () => ((await connectionNames()).includes(helper) ? true : undefined), 10_000, "the helper's connection");
      else expect(await connectionNames()).not.toContain(helper);
    } finally {
      await pool.close();
      await admin.del(keys.incidentLogs("early"));
    }
  });
});
