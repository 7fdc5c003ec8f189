import { randomBytes } from "node:crypto";

/**
 * Key names of a test: a random prefix per testConfig() call, so tests never see each other's
 * keys. Shared by the helpers and the global setup, which renders the service's ACL for every
 * such prefix (the prefix widened to TEST_PREFIX_GLOB, the rest exactly as in production).
 */

export const TEST_PREFIX_GLOB = "t????????";

export function newTestPrefix(): string {
  return `t${randomBytes(4).toString("hex")}`;
}

export function testKeyNames(
  prefix: string,
): Record<"INCIDENT_LOGS_KEY" | "INCIDENT_STREAM" | "ANOMALY_STREAM" | "MEMORY_KEY_PREFIX" | "FEEDBACK_STREAM", string> {
  return {
    FEEDBACK_STREAM: `${prefix}:anomalies:feedback`,
    INCIDENT_LOGS_KEY: `${prefix}:incident:{incident_id}:logs`,
    INCIDENT_STREAM: `${prefix}:incidents:created`,
    ANOMALY_STREAM: `${prefix}:anomalies:detected`,
    MEMORY_KEY_PREFIX: `${prefix}:memory`,
  };
}
