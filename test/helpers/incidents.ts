import type { Redis } from "ioredis";
import type { Config } from "../../src/config.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";
import { buildKeys } from "../../src/valkey/keys.js";
import { storeAsList, type TestLog } from "./logs.js";
import { waitFor } from "./service.js";

/**
 * Stores each incident's logs, announces them on the incident stream in order, and waits until a
 * running consumer has published every result; returns the stored latest results.
 */
export async function analyseThroughStream(r: Redis, config: Config, incidents: Array<{ id: string; logs: readonly object[] }>): Promise<DetectResponse[]> {
  const keys = buildKeys(config);
  for (const { id, logs } of incidents) {
    await storeAsList(r, keys.incidentLogs(id), logs as TestLog[]);
    await r.xadd(keys.incidentStream, "*", "incident_id", id);
  }
  return waitFor(
    async () => {
      const raw = await Promise.all(incidents.map(({ id }) => r.get(keys.latestResult(id))));
      return raw.every((x) => x !== null) ? raw.map((x) => JSON.parse(x!) as DetectResponse) : undefined;
    },
    30_000,
    "the consumer's results",
  );
}
