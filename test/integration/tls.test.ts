import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, type Config } from "../../src/config.js";
import { aclSetUserArgs } from "../../src/valkey/acl.js";
import { createValkey } from "../../src/valkey/client.js";
import { startLocalServer, type LocalServer } from "../../src/valkey/local-server.js";
import { buildTestApp } from "../helpers/app.js";
import { startTestConsumer, waitForEntries } from "../helpers/consumer.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { waitFor } from "../helpers/service.js";
import { makeCertificates, type TestCertificates } from "../helpers/tls.js";
import { serverBinary, testConfig } from "../helpers/valkey.js";

/**
 * A real TLS-only server (no plain-text port) with certificates openssl made for this run; the
 * service connects as its least-privilege ACL user, verifying the server against the CA file.
 */

let certs: TestCertificates;
let server: LocalServer;
let admin: Redis;
const USER = "anomaly-tls";
const PASSWORD = "tls-test-password-1234";

beforeAll(async () => {
  certs = await makeCertificates();
  server = await startLocalServer({ binary: serverBinary(), tls: certs });
  admin = new Redis(server.url, { tls: { ca: readFileSync(certs.caFile) }, maxRetriesPerRequest: 1, lazyConnect: true });
  await admin.connect();
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
  certs?.remove();
});

/** A test config pointing at the TLS server, its ACL user created from the rules of that config. */
async function tlsConfig(overrides: Record<string, string>): Promise<Config> {
  const config = testConfig({ RATE_LIMIT_MAX: "0", CONSUMER_NAME: "tls", CONSUMER_BLOCK_MS: "200", NO_LOGS_RETRIES: "0", ...overrides });
  await admin.call("ACL", ...aclSetUserArgs(USER, PASSWORD, config));
  return config;
}

const port = () => String(server.port);

describe("TLS", () => {
  it("rediss:// with VALKEY_TLS_CA_FILE: the API and the consumer work as the ACL user", async () => {
    const config = await tlsConfig({ VALKEY_URL: `rediss://${USER}:${PASSWORD}@127.0.0.1:${port()}`, VALKEY_TLS_CA_FILE: certs.caFile });
    const t = await buildTestApp(config);
    try {
      const h = await t.app.inject({ method: "GET", url: "/health" });
      expect(h.statusCode, h.body).toBe(200);
      expect(h.json().status).toBe("healthy");
      await storeAsList(admin, t.keys.incidentLogs("tls-1"), normalLogs(40));
      const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "tls-1" } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().processed_logs).toBe(40);

      const consumer = await startTestConsumer(config, t);
      try {
        const id = await admin.xadd(config.INCIDENT_STREAM, "*", "incident_id", "tls-1");
        const [result] = await waitForEntries(admin, config.ANOMALY_STREAM, 20_000, "a result over TLS");
        expect(result).toMatchObject({ source_event_id: id, status: "ok", incident_id: "tls-1" });
        const latest = await t.app.inject({ method: "GET", url: "/anomalies/tls-1" });
        expect(latest.statusCode).toBe(200);
      } finally {
        await consumer.close();
      }
    } finally {
      await t.close();
    }
  });

  it("VALKEY_TLS=true with VALKEY_HOST/VALKEY_PORT and the credentials as separate settings", async () => {
    const config = await tlsConfig({
      VALKEY_URL: "",
      VALKEY_HOST: "127.0.0.1",
      VALKEY_PORT: port(),
      VALKEY_TLS: "true",
      VALKEY_TLS_CA_FILE: certs.caFile,
      VALKEY_USERNAME: USER,
      VALKEY_PASSWORD: PASSWORD,
    });
    expect(config.VALKEY_URL).toBeUndefined();
    const t = await buildTestApp(config);
    try {
      await storeAsList(admin, t.keys.incidentLogs("tls-2"), normalLogs(25));
      const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "tls-2" } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().processed_logs).toBe(25);
    } finally {
      await t.close();
    }
  });

  it("the server's certificate is verified: with no CA file or the wrong CA the service refuses the server (503)", async () => {
    for (const [what, ca, error] of [
      ["the system CAs", undefined, /self[- ]signed certificate|unable to (get|verify)/i],
      ["an unrelated CA", certs.otherCaFile, /self[- ]signed certificate|unable to (get|verify)/i],
    ] as const) {
      const config = testConfig({
        VALKEY_URL: `rediss://${USER}:${PASSWORD}@127.0.0.1:${port()}`,
        VALKEY_CONNECT_TIMEOUT_MS: "1000",
        VALKEY_COMMAND_TIMEOUT_MS: "1000",
        API_KEY: "tls-test-api-key-0123456789",
        ...(ca ? { VALKEY_TLS_CA_FILE: ca } : {}),
      });
      const t = await buildTestApp(config);
      try {
        // /health names the latest connection error to a caller with the API key (the client
        // keeps retrying in the background).
        const h = await waitFor(
          async () => {
            const res = await t.app.inject({ method: "GET", url: "/health", headers: { authorization: "Bearer tls-test-api-key-0123456789" } });
            return error.test(String(res.json().valkey.detail)) ? res : undefined;
          },
          10_000,
          `health naming the certificate problem (${what})`,
        );
        expect(h.statusCode, what).toBe(503);
        const res = await t.app.inject({
          method: "POST",
          url: "/detect-anomalies",
          payload: { incident_id: "tls-1" },
          headers: { authorization: "Bearer tls-test-api-key-0123456789" },
        });
        expect(res.statusCode, what).toBe(503);
      } finally {
        await t.close();
      }
    }
  });

  it("plain redis:// to the TLS port fails rather than talk in clear text", async () => {
    const t = await buildTestApp(
      testConfig({ VALKEY_URL: `redis://127.0.0.1:${port()}`, VALKEY_CONNECT_TIMEOUT_MS: "1000", VALKEY_COMMAND_TIMEOUT_MS: "1000" }),
    );
    try {
      const h = await t.app.inject({ method: "GET", url: "/health" });
      expect(h.statusCode).toBe(503);
      expect(h.json().status).toBe("unhealthy");
    } finally {
      await t.close();
    }
  });

  it("an unreadable VALKEY_TLS_CA_FILE is a configuration error naming the setting", () => {
    const config = testConfig({ VALKEY_URL: `rediss://127.0.0.1:${port()}`, VALKEY_TLS_CA_FILE: "/nonexistent/ca.pem" });
    expect(() => createValkey(config)).toThrow(ConfigError);
    expect(() => createValkey(config)).toThrow(/VALKEY_TLS_CA_FILE: cannot read \/nonexistent\/ca\.pem/);
  });
});
