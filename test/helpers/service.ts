import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ServiceProcess {
  proc: ChildProcess;
  /** Log lines (JSON) written so far. */
  lines: string[];
  port: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * A module of the checkout (`"src/main.ts"`, `"src/cli/main.ts"`) in the transpiled copy the
 * integration tests' global setup made (helpers/source-build.ts), for `node` to run.
 */
export function transpiled(module: string): string {
  return path.join(inject("sourceBuild"), module.replace(/\.ts$/, ".js"));
}

/**
 * Runs src/main.ts as a real process (transpiled by the global setup, no build needed) and resolves once it logs
 * "service started" with the port it listens on.
 */
export async function startService(env: Record<string, string>, timeoutMs = 30_000): Promise<ServiceProcess> {
  const proc = spawn(process.execPath, [transpiled("src/main.ts")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ENVIRONMENT: "test",
      MEMORY: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let buf = "";
  let stderr = "";
  proc.stdout!.on("data", (b: Buffer) => {
    buf += b.toString();
    const parts = buf.split("\n");
    buf = parts.pop()!;
    lines.push(...parts);
  });
  proc.stderr!.on("data", (b: Buffer) => {
    if (stderr.length < 20_000) stderr += b.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const started = lines.map(tryJson).find((l) => l?.msg === "service started");
    if (started) {
      const port = Number(started.port);
      return { proc, lines, port, exited, kill: (s = "SIGTERM") => void proc.kill(s) };
    }
    if (proc.exitCode !== null) throw new Error(`service exited with ${proc.exitCode}: ${stderr}\n${lines.join("\n")}`);
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`service did not start within ${timeoutMs} ms: ${stderr}\n${lines.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function tryJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Polls `check` until it returns a value that is not undefined, or fails after the deadline. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
