import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { createValkey } from "../../src/valkey/client.js";
import { AUTH_RETRY_MS } from "../../src/valkey/connection-errors.js";
import { freePort, startLocalServer, type LocalServer } from "../../src/valkey/local-server.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { serverBinary, testConfig } from "../helpers/valkey.js";

/**
 * What the service and the CLI say when Valkey cannot be used: nothing listening, a missing
 * password, a wrong one. One server of its own with `requirepass`.
 */

const PASSWORD = "s3cret-for-tests";
let server: LocalServer;
const apps: TestApp[] = [];

beforeAll(async () => {
  server = await startLocalServer({ binary: serverBinary(), extraArgs: ["--requirepass", PASSWORD] });
});
afterAll(async () => {
  for (const t of apps) await t.close();
  await server.stop();
});

const API_KEY = "connection-errors-key-0123456789";
const keyed = { authorization: `Bearer ${API_KEY}` };

async function appOn(url: string): Promise<TestApp> {
  const t = await buildTestApp(
    testConfig({ VALKEY_URL: url, RATE_LIMIT_MAX: "0", VALKEY_CONNECT_TIMEOUT_MS: "1000", VALKEY_COMMAND_TIMEOUT_MS: "1000", API_KEY }),
  );
  apps.push(t);
  return t;
}

async function cli(args: string[], env: Record<string, string>) {
  let stderr = "";
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from([]),
    env,
    signal: new AbortController().signal,
  };
  return { code: await runCli(args, io), stderr };
}

describe("nothing listens at the configured address", () => {
  it("the 503 answer and /health name the address, ECONNREFUSED and VALKEY_URL", async () => {
    const port = await freePort();
    const t = await appOn(`redis://127.0.0.1:${port}`);
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "inc-1" }, headers: keyed });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: "VALKEY_UNAVAILABLE", reason: "unreachable" });
    expect(res.json().message).toBe(
      `cannot reach Valkey at 127.0.0.1:${port}: ECONNREFUSED — check VALKEY_URL (or VALKEY_HOST and VALKEY_PORT) and that the server is running`,
    );
    expect(res.body).not.toMatch(/Connection is closed|maxRetriesPerRequest/);
    const h = await t.app.inject({ method: "GET", url: "/health", headers: keyed });
    expect(h.statusCode).toBe(503);
    expect(h.json().valkey).toMatchObject({ connected: false, reason: "unreachable" });
    expect(h.json().valkey.detail).toContain(`cannot reach Valkey at 127.0.0.1:${port}: ECONNREFUSED`);
    // Without the key: the cause and the settings, not the address.
    const anonymous = await t.app.inject({ method: "GET", url: "/health" });
    expect(anonymous.json().valkey.error).toBe(
      "cannot reach Valkey: ECONNREFUSED — check VALKEY_URL (or VALKEY_HOST and VALKEY_PORT) and that the server is running",
    );
    expect(anonymous.body).not.toContain(String(port));
  });
});

describe("a server that requires a password", () => {
  it("no password: an authentication failure naming the settings, retried slowly", async () => {
    const t = await appOn(server.url);
    const h = await t.app.inject({ method: "GET", url: "/health", headers: keyed });
    expect(h.statusCode).toBe(503);
    expect(h.json().valkey.reason).toBe("auth_failed");
    expect(h.json().valkey.detail).toContain(`authentication failed at Valkey 127.0.0.1:${server.port} (NOAUTH`);
    expect(h.json().valkey.error).toContain("authentication failed at Valkey (NOAUTH");
    expect(h.json().valkey.error).toContain("VALKEY_USERNAME and VALKEY_PASSWORD, or the user info in VALKEY_URL");
    expect(h.json().valkey.error).not.toMatch(/unreachable/);
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "inc-1" }, headers: keyed });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: "VALKEY_UNAVAILABLE", reason: "auth_failed" });
    expect(res.json().message).toMatch(/^authentication failed at Valkey .* \(NOAUTH: the server requires a password and none was sent\)/);
  });

  it("a refused password is retried every AUTH_RETRY_MS, not at the fast backoff", async () => {
    const client = createValkey(testConfig({ VALKEY_URL: server.url }));
    client.on("error", () => {});
    const delay = new Promise<number>((resolve) => client.once("reconnecting", resolve));
    await client.connect().catch(() => {});
    expect(await delay).toBe(AUTH_RETRY_MS);
    expect(AUTH_RETRY_MS).toBeGreaterThanOrEqual(10_000);
    client.disconnect();
  });

  it("a wrong password: WRONGPASS, in the answer and in the CLI", async () => {
    const url = `redis://default:wrong@127.0.0.1:${server.port}`;
    const t = await appOn(url);
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "inc-1" }, headers: keyed });
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain("(WRONGPASS: the server refused the username or password)");
    const out = await cli(["dlq", "list"], { ENVIRONMENT: "test", VALKEY_URL: url });
    expect(out.code).toBe(EXIT.UNREACHABLE);
    expect(out.stderr).toContain(`authentication failed at Valkey redis://default@127.0.0.1:${server.port} (WRONGPASS`);
    expect(out.stderr).toContain("VALKEY_PASSWORD");
    expect(out.stderr).not.toContain("wrong");
    expect(out.stderr).not.toMatch(/Point the CLI at/);
  });

  it("the right password works", async () => {
    const t = await appOn(`redis://:${PASSWORD}@127.0.0.1:${server.port}`);
    expect((await t.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });
});
