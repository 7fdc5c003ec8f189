import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { findServerBinary, freePort } from "../../src/valkey/local-server.js";
import { binaryIdentity } from "../../src/valkey/server-info.js";
import { transpiled, startService, tryJson, waitFor, type ServiceProcess } from "../helpers/service.js";
import { serverBinary, valkeyUrl } from "../helpers/valkey.js";
import { spawn } from "node:child_process";
import path from "node:path";
import os from "node:os";
import { mkdtempSync, symlinkSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";

let svc: ServiceProcess | undefined;
afterEach(() => {
  svc?.kill("SIGKILL");
  svc = undefined;
});

function runMain(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [transpiled("src/main.ts")], {
      env: { HOME: process.env.HOME ?? "/tmp", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    p.stdout.on("data", (b: Buffer) => (output += b.toString()));
    p.stderr.on("data", (b: Buffer) => (output += b.toString()));
    p.on("exit", (code) => resolve({ code, output }));
  });
}

describe("starting the service", () => {
  it("starts a local server when nothing answers in development, and stops it on exit", async () => {
    const port = await freePort();
    // The test server's binary is the only one on the service's PATH, under its own name.
    const binary = serverBinary();
    const bin = mkdtempSync(path.join(os.tmpdir(), "one-server-"));
    symlinkSync(binary, path.join(bin, path.basename(binary)));
    symlinkSync(process.execPath, path.join(bin, "node"));
    svc = await startService({ PATH: bin, ENVIRONMENT: "development", VALKEY_AUTOSTART: "true", VALKEY_HOST: "127.0.0.1", VALKEY_PORT: String(port) });
    const logs = svc.lines.map(tryJson);
    const started = logs.find((l) => typeof l?.msg === "string" && (l.msg as string).includes("started a local"));
    expect(started).toBeDefined();
    expect(started!.binary).toBe(path.join(bin, path.basename(binary)));
    // It says which server answered, read from INFO: Valkey's own name and version, not the redis_version it keeps for old clients.
    const connected = await waitFor(
      () => svc!.lines.map(tryJson).find((l) => typeof l?.msg === "string" && (l.msg as string).startsWith("connected to ")),
      10_000,
      "the connected-to log line",
    );
    const expected = binaryIdentity(binary)!;
    expect(connected).toMatchObject({
      level: "info",
      server: expected.name,
      server_version: expected.version,
      msg: `connected to ${expected.name} ${expected.version}`,
    });
    const localPort = Number(started!.port);
    const health = await fetch(`http://127.0.0.1:${svc.port}/health`);
    expect(health.status).toBe(200);
    svc.kill("SIGTERM");
    expect((await svc.exited).code).toBe(0);
    // The child server is gone with it.
    const probe = new Redis({ port: localPort, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  });

  it("exits with a message saying how to point at a server when there is no server and no binary", async () => {
    expect(findServerBinary()).toBeDefined();
    const port = await freePort();
    // A PATH with node but no valkey-server/redis-server.
    const bin = mkdtempSync(path.join(os.tmpdir(), "no-valkey-"));
    symlinkSync(process.execPath, path.join(bin, "node"));
    expect(findServerBinary(bin)).toBeUndefined();
    const { code, output } = await runMain({ PATH: bin, ENVIRONMENT: "development", VALKEY_AUTOSTART: "true", VALKEY_PORT: String(port), PORT: "0" });
    expect(code).toBe(1);
    expect(output).toMatch(/neither valkey-server nor redis-server is on PATH/);
    expect(output).toMatch(/VALKEY_URL=redis:\/\/host:6379/);
  });

  it("refuses a bad setting, naming the variable", async () => {
    const { code, output } = await runMain({ PATH: process.env.PATH ?? "", PORT: "eighty" });
    expect(code).toBe(1);
    expect(output).toMatch(/PORT/);
  });

  it("a port already in use: one line naming the port and the PORT setting, exit 1, no stack", async () => {
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, "127.0.0.1", resolve));
    const port = (held.address() as AddressInfo).port;
    try {
      const { code, output } = await runMain({
        PATH: process.env.PATH ?? "",
        ENVIRONMENT: "test",
        VALKEY_URL: valkeyUrl(),
        HOST: "127.0.0.1",
        PORT: String(port),
      });
      expect(code).toBe(1);
      const fatal = output
        .split("\n")
        .map(tryJson)
        .find((l) => l?.level === "fatal");
      expect(fatal).toMatchObject({ port, code: "EADDRINUSE" });
      expect(fatal!.msg).toBe(
        `cannot listen: port ${port} on 127.0.0.1 is already in use (another copy of the service?): stop that process or set PORT to a free port`,
      );
      expect(output).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(output).not.toContain('"stack"');
    } finally {
      held.close();
    }
  });
});
