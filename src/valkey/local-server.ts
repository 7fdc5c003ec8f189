import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * Starts a throwaway valkey-server/redis-server from PATH on a free loopback port: the
 * development fallback of `npm start` and the test setup's server when no Docker engine runs.
 */

export function findServerBinary(pathEnv = process.env.PATH ?? ""): string | undefined {
  for (const bin of ["valkey-server", "redis-server"]) {
    for (const dir of pathEnv.split(path.delimiter)) {
      if (!dir) continue;
      const candidate = path.join(dir, bin);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** True when something accepts a TCP connection at host:port within the timeout. */
export function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export interface LocalServer {
  host: string;
  port: number;
  url: string;
  binary: string;
  dir: string;
  process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its directory unless kept. */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
}

export interface LocalServerOptions {
  port?: number;
  /** Keep data across restarts (appendonly); off by default. */
  persistence?: boolean;
  /** Reuse a data directory (for a restart with persistence). */
  dir?: string;
  extraArgs?: string[];
  binary?: string;
  /** Serve TLS only (no plain-text port): PEM files of the server's certificate, key and CA. */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

export async function startLocalServer(opts: LocalServerOptions = {}): Promise<LocalServer> {
  const binary = opts.binary ?? findServerBinary();
  if (!binary) throw new Error("neither valkey-server nor redis-server is on PATH");
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), "anomaly-valkey-"));
  const listen = opts.tls
    ? [
        "--port",
        "0",
        "--tls-port",
        String(port),
        "--tls-cert-file",
        opts.tls.certFile,
        "--tls-key-file",
        opts.tls.keyFile,
        "--tls-ca-cert-file",
        opts.tls.caFile,
        "--tls-auth-clients",
        "no",
      ]
    : ["--port", String(port)];
  const args = [
    ...listen,
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    opts.persistence ? "yes" : "no",
    "--appendfsync",
    "always",
    "--daemonize",
    "no",
    "--protected-mode",
    "no",
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (b: Buffer) => {
    if (output.length < 10_000) output += b.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const deadline = Date.now() + 10_000;
  while (!(await portAnswers("127.0.0.1", port, 200))) {
    if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}: ${output.slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${binary} did not listen on port ${port} within 10 s: ${output.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.stdout?.removeAllListeners("data").resume();
  child.stderr?.removeAllListeners("data").resume();

  let stopped: Promise<void> | undefined;
  return {
    host: "127.0.0.1",
    port,
    url: `${opts.tls ? "rediss" : "redis"}://127.0.0.1:${port}`,
    binary,
    dir,
    process: child,
    stop(stopOpts = {}) {
      stopped ??= new Promise<void>((resolve) => {
        const finish = () => {
          if (!stopOpts.keepDir && !opts.dir) rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return finish();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          finish();
        });
        child.kill("SIGTERM");
      });
      return stopped;
    },
  };
}
