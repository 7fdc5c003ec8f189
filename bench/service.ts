/**
 * The service under test as a real process (the built dist/main.js, as deployed), on a port of
 * its own, against the benchmark's Valkey/Redis server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startNodeArgs } from "../scripts/start-command.js";
import { freePort } from "../src/valkey/local-server.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Service {
  proc: ChildProcess;
  port: number;
  url: string;
  /** Resident set now, MB (the whole process: main thread and detection workers). */
  rssMb(): number;
  /** Peak resident set since start (VmHWM), MB. */
  peakRssMb(): number;
  /** Resolves once the process (all its threads) has used no CPU for 40 ms, or after 2 s. */
  settled(): Promise<void>;
  /** CPU time the process (all its threads) has used since start, ms (10 ms resolution). */
  cpuMs(): number;
  /** Minor page faults of the process (all its threads) since start: pages touched for the first time. */
  faults(): number;
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** Linux USER_HZ is 100 on every architecture Node supports. */
const TICK_MS = 10;

/** The fields of /proc/<pid>/stat after the command's name (state first). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** CPU time of a process in clock ticks (utime + stime of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const fields = statFields(pid);
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU time a process (all its threads) has used since start, ms (10 ms resolution). */
export const processCpuMs = (pid: number): number => cpuTicks(pid) * TICK_MS;

/**
 * After an answer the service may still be collecting garbage or finishing a thread's work; a
 * measurement started then (the next request, or the I/O floor read in this process) would pay
 * for it. Ticks are 10 ms, so 40 ms without one means idle.
 */
async function settled(pid: number): Promise<void> {
  const deadline = performance.now() + 2000;
  let last = cpuTicks(pid);
  while (performance.now() < deadline) {
    await new Promise((res) => setTimeout(res, 40));
    const now = cpuTicks(pid);
    if (now === last) return;
    last = now;
  }
}

/** `root`: the checkout whose build (`dist/`) runs; this one unless another is compared (pairs.ts). */
export async function startService(env: Record<string, string>, nodeArgs: string[] = [], root = ROOT): Promise<Service> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...startNodeArgs(root), ...nodeArgs, path.join(root, "dist/main.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      ENVIRONMENT: "staging",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      // The bench is the only client; the per-client rate limit would turn the load test into 429s.
      RATE_LIMIT_MAX: "0",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr!.on("data", (b: Buffer) => {
    if (stderr.length < 20_000) stderr += b.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`service exited with ${proc.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`service did not answer /health within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    proc,
    port,
    url,
    rssMb: () => statusField(proc.pid!, "VmRSS"),
    peakRssMb: () => statusField(proc.pid!, "VmHWM"),
    settled: () => settled(proc.pid!),
    cpuMs: () => processCpuMs(proc.pid!),
    faults: () => Number(statFields(proc.pid!)[7]),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
        proc.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill("SIGTERM");
      }),
  };
}
