/**
 * One very large incident against a real service process: N logs of S bytes each (default
 * 50,000 × 20 KB, about 1 GB) in a list on a server of its own, then one POST /detect-anomalies.
 * Prints the answer's status, processed_logs and truncated, the time to answer, the service's
 * RSS when idle, at its peak (sampled every 100 ms, and VmHWM) and a minute after the answer.
 * Needs about twice the data size in free memory. Not part of `npm test`.
 *
 *   npx tsx scripts/large-incident.ts
 *   npx tsx scripts/large-incident.ts --logs 50000 --bytes 20000 --env MAX_INCIDENT_BYTES=1073741824
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { findServerBinary, freePort, startLocalServer } from "../src/valkey/local-server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    logs: { type: "string", default: "50000" },
    bytes: { type: "string", default: "20000" },
    "settle-seconds": { type: "string", default: "60" },
    env: { type: "string", multiple: true, default: [] },
  },
});
const LOGS = Number(opts.logs);
const BYTES = Number(opts.bytes);
// Split at the first "=" only: a value may hold one (NODE_OPTIONS=--report-directory=/tmp).
const extraEnv = Object.fromEntries(opts.env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));

const mb = (kb: number) => Math.round(kb / 1024);
function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : 0;
}

const binary = findServerBinary();
if (!binary) throw new Error("needs valkey-server or redis-server on PATH");
const server = await startLocalServer({ binary });
const admin = new Redis(server.url);
const key = "incident:large-1:logs";
try {
  const pad = "x".repeat(Math.max(0, BYTES - 200));
  const start = Date.parse("2025-09-19T08:00:00Z") - LOGS * 1000;
  for (let i = 0; i < LOGS; i += 500) {
    const batch: string[] = [];
    for (let j = i; j < Math.min(LOGS, i + 500); j++) {
      const level = j % 997 === 0 ? "ERROR" : "INFO";
      batch.push(JSON.stringify({ timestamp: new Date(start + j * 1000).toISOString(), level, service: `svc-${j % 7}`, message: `request ${j} done ${pad}` }));
    }
    await admin.rpush(key, ...batch);
  }
  const used = /used_memory_human:(\S+)/.exec(await admin.info("memory"))?.[1];
  process.stdout.write(`stored ${LOGS} logs of about ${BYTES} bytes (server memory ${used})\n`);

  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENVIRONMENT: "test",
      LOG_LEVEL: "warn",
      MODE: "api",
      HOST: "127.0.0.1",
      PORT: String(port),
      VALKEY_URL: server.url,
      RATE_LIMIT_MAX: "0",
      ...extraEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if ((await fetch(`${base}/livez`).catch(() => undefined))?.ok) break;
    if (i > 600) throw new Error("service did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 3000));
  process.stdout.write(`service pid ${proc.pid}\n`);
  const idle = statusKb(proc.pid!, "VmRSS");
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, statusKb(proc.pid!, "VmRSS"))), 100);
  const t0 = performance.now();
  const res = await fetch(`${base}/detect-anomalies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ incident_id: "large-1", time_window_hours: 8784 }),
    signal: AbortSignal.timeout(600_000),
  });
  const seconds = (performance.now() - t0) / 1000;
  const body = (await res.json()) as Record<string, unknown>;
  clearInterval(sampler);
  const hwm = statusKb(proc.pid!, "VmHWM");
  process.stdout.write(
    `answer ${res.status} in ${seconds.toFixed(1)} s: processed_logs=${body.processed_logs} truncated=${body.truncated} anomalies=${body.anomalies_detected}${res.status >= 400 ? ` ${JSON.stringify(body)}` : ""}\n`,
  );
  process.stdout.write(`RSS idle ${mb(idle)} MB, peak ${mb(peak)} MB (VmHWM ${mb(hwm)} MB)\n`);
  const settle = Number(opts["settle-seconds"]);
  for (let s = 10; s < settle; s += 10) {
    await new Promise((r) => setTimeout(r, 10_000));
    process.stdout.write(`  RSS ${s} s later ${mb(statusKb(proc.pid!, "VmRSS"))} MB\n`);
  }
  await new Promise((r) => setTimeout(r, (settle % 10 || 10) * 1000));
  const after = statusKb(proc.pid!, "VmRSS");
  process.stdout.write(`RSS ${opts["settle-seconds"]} s later ${mb(after)} MB (${Math.round((after / idle - 1) * 100)} % over idle)\n`);
  proc.kill("SIGTERM");
  await new Promise((r) => proc.once("exit", r));
} finally {
  admin.disconnect();
  await server.stop();
}
