import { Redis } from "ioredis";
import { inject } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { newTestPrefix, testKeyNames } from "./test-keys.js";

/** The test server as its administrator: for arranging and inspecting data. */
export function valkeyUrl(): string {
  return inject("valkeyUrl");
}

/**
 * The test server as the service's least-privilege ACL user (src/valkey/acl.ts), which the
 * global setup created; the admin URL when the server would not take ACL SETUSER.
 */
export function serviceUrl(): string {
  return inject("valkeyServiceUrl");
}

/**
 * The server binary (TEST_SERVER_BIN, else valkey-server/redis-server on PATH) for tests that
 * start servers of their own: TLS, restarts, fault injection, clusters.
 */
export function serverBinary(): string {
  const binary = inject("valkeyBinary");
  if (!binary) throw new Error("this test starts its own server: set TEST_SERVER_BIN, or put valkey-server or redis-server on PATH");
  return binary;
}

/** A plain admin client for arranging and inspecting data; callers quit it. */
export function testClient(url = valkeyUrl()): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
}

/**
 * Config of a test: its own key prefix, so tests never see each other's keys, and the service's
 * ACL user, so every integration test also proves the documented ACL is enough. Pass
 * VALKEY_URL: valkeyUrl() for a service that must run as admin. The memory across incidents is
 * off unless a test asks for it (MEMORY: "on"): other tests' answers must not depend on the
 * order they ran in.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    ENVIRONMENT: "test",
    LOG_LEVEL: "silent",
    MEMORY: "off",
    // A ready thread's warm-up is seconds of CPU the other files' tests would wait on; its own tests turn it on.
    DETECTION_THREAD_WARMUP_ROUNDS: "0",
    VALKEY_URL: serviceUrl(),
    ...testKeyNames(newTestPrefix()),
    ...overrides,
  });
}
