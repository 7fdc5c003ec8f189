import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { resolveEndpoint, describeEndpoint } from "../../src/valkey/client.js";
import { buildKeys, checkSameSlot, hashSlot } from "../../src/valkey/keys.js";

describe("config", () => {
  it("has the original prototype's defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 8000,
      VALKEY_HOST: "127.0.0.1",
      VALKEY_PORT: 6379,
      ENVIRONMENT: "development",
      INCIDENT_LOGS_KEY: "incident:{incident_id}:logs",
      DEAD_LETTER_STREAM: "incidents:created:dlq",
    });
  });
  it.each([
    [{ PORT: "eighty" }, /PORT/],
    [{ VALKEY_PORT: "70000" }, /VALKEY_PORT/],
    [{ VALKEY_URL: "http://x" }, /VALKEY_URL: must start with redis:\/\/ or rediss:\/\//],
    [{ VALKEY_URL: "redis://cache:6379/db2" }, /VALKEY_URL: may end in a database number \/0 to \/15/],
    [{ VALKEY_URL: "redis://cache:6379/16" }, /VALKEY_URL: may end in a database number \/0 to \/15/],
    [{ VALKEY_URL: "redis://cache:6379/2", VALKEY_CLUSTER: "true" }, /VALKEY_URL: names a database other than 0, which a cluster does not have/],
    [{ ENVIRONMENT: "production" }, /VALKEY_PASSWORD: is required when ENVIRONMENT=production/],
    [{ INCIDENT_LOGS_KEY: "logs:all" }, /INCIDENT_LOGS_KEY: must contain the placeholder \{incident_id\}/],
    [{ VALKEY_TLS: "maybe" }, /VALKEY_TLS/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
  ])("stops on %j naming the variable", (env, why) => {
    expect(() => loadConfig(env)).toThrow(why);
  });
  it("bounds an incident in bytes: 256 MiB by default, never below four of the largest entries, naming the setting", () => {
    expect(loadConfig({}).MAX_INCIDENT_BYTES).toBe(256 * 1024 * 1024);
    expect(loadConfig({}).LOG_READ_PAGE_BYTES).toBe(4 * 1024 * 1024);
    expect(() => loadConfig({ MAX_INCIDENT_BYTES: String(2 * 1024 * 1024), MAX_LOG_ENTRY_BYTES: String(1024 * 1024) })).toThrow(
      /MAX_INCIDENT_BYTES: must be at least 4 × MAX_LOG_ENTRY_BYTES \(4194304\)/,
    );
  });

  it("takes the database number from VALKEY_URL's path, 0 without one", () => {
    expect(resolveEndpoint(loadConfig({ VALKEY_URL: "redis://cache:6379/2" })).db).toBe(2);
    expect(describeEndpoint(resolveEndpoint(loadConfig({ VALKEY_URL: "redis://cache:6379/2" })))).toBe("redis://cache:6379/2");
    expect(resolveEndpoint(loadConfig({ VALKEY_URL: "redis://cache:6379/" })).db).toBe(0);
    expect(resolveEndpoint(loadConfig({ VALKEY_URL: "redis://cache:6379/0", VALKEY_CLUSTER: "true" })).db).toBe(0);
    expect(resolveEndpoint(loadConfig({ VALKEY_HOST: "cache" })).db).toBe(0);
  });

  it("takes credentials from VALKEY_URL and never prints the password", () => {
    const e = resolveEndpoint(loadConfig({ VALKEY_URL: "rediss://svc:s3cret@cache.example:6380" }));
    expect(e).toEqual({ host: "cache.example", port: 6380, tls: true, username: "svc", password: "s3cret", db: 0 });
    expect(describeEndpoint(e)).toBe("rediss://svc@cache.example:6380");
  });
});

describe("keys", () => {
  it("fills the incident id into the logs template", () => {
    const k = buildKeys(loadConfig({ INCIDENT_LOGS_KEY: "logs:{incident_id}:v2" }));
    expect(k.incidentLogs("INC-9")).toBe("logs:INC-9:v2");
  });
  it("computes Valkey Cluster slots (known values) and honours hash tags", () => {
    expect(hashSlot("foo")).toBe(12182);
    expect(hashSlot("{user1000}.following")).toBe(hashSlot("{user1000}.followers"));
  });
  it("refuses plain stream names in cluster mode and accepts a shared hash tag", () => {
    expect(checkSameSlot(buildKeys(loadConfig({})))).toMatch(/INCIDENT_STREAM=incidents:created \(slot \d+\)/);
    const tagged = loadConfig({ INCIDENT_STREAM: "{anomaly}:incidents:created", ANOMALY_STREAM: "{anomaly}:anomalies:detected" });
    expect(checkSameSlot(buildKeys(tagged))).toBeUndefined();
  });
});
