import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";

export function valkeyUrl(): string {
  return inject("valkeyUrl");
}

/** A plain client for arranging and inspecting data; callers quit it. */
export function testClient(url = valkeyUrl()): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
}

/** Config of a test: its own key prefix, so tests never see each other's keys. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const prefix = `t${randomBytes(4).toString("hex")}`;
  return loadConfig({
    ENVIRONMENT: "test",
    LOG_LEVEL: "silent",
    VALKEY_URL: valkeyUrl(),
    INCIDENT_LOGS_KEY: `${prefix}:incident:{incident_id}:logs`,
    INCIDENT_STREAM: `${prefix}:incidents:created`,
    ANOMALY_STREAM: `${prefix}:anomalies:detected`,
    ...overrides,
  });
}
