/**
 * Soak: N events (default 100,000) through two consumer processes, one of them SIGKILLed and
 * restarted every few seconds. Reports events lost (must be 0), duplicates (must be 0) and the
 * RSS of the consumer that is never killed, sampled over time (growth after warm-up must stay
 * under 10 %). Exits 1 when any of the three fails. Not part of `npm test`.
 *
 *   npm run soak                                  # its own redis-server/valkey-server, 100,000 events
 *   npm run soak -- --events 20000 --rate 500 --kill-every 3 --url redis://127.0.0.1:6379
 *
 * `--dist` runs dist/main.js (what `npm run soak` does, after `npm run build`); without it the
 * consumers run src/main.ts through tsx.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { startLocalServer, type LocalServer } from "../src/valkey/local-server.js";
import { startNodeArgs } from "./start-command.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const { values: opts } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    rate: { type: "string", default: "1000" },
    "kill-every": { type: "string", default: "5" },
    incidents: { type: "string", default: "50" },
    "logs-per-incident": { type: "string", default: "40" },
    "sample-every": { type: "string", default: "5" },
    "timeout-minutes": { type: "string", default: "60" },
    url: { type: "string" },
    dist: { type: "boolean", default: false },
  },
});
const EVENTS = Number(opts.events);
const RATE = Number(opts.rate);
const KILL_EVERY_MS = Number(opts["kill-every"]) * 1000;
const INCIDENTS = Number(opts.incidents);
const SAMPLE_EVERY_MS = Number(opts["sample-every"]) * 1000;
const DEADLINE = Date.now() + Number(opts["timeout-minutes"]) * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (msg: string) => process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface Consumer {
  name: string;
  child: ChildProcess;
  ready: Promise<void>;
}

function startConsumer(name: string, url: string, names: Record<string, string>): Consumer {
  const dist = path.join(ROOT, "dist/main.js");
  if (opts.dist && !existsSync(dist)) throw new Error("--dist: dist/main.js is missing; run npm run build");
  const args = opts.dist ? [...startNodeArgs(ROOT), dist] : [...startNodeArgs(ROOT), "--import", "tsx", path.join(ROOT, "src/main.ts")];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      ENVIRONMENT: "test",
      MODE: "consumer",
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      VALKEY_URL: url,
      ...names,
      CONSUMER_NAME: name,
      CONSUMER_BLOCK_MS: "500",
      CLAIM_IDLE_MS: "3000",
      CLAIM_INTERVAL_MS: "500",
      NO_LOGS_RETRIES: "0",
      ANOMALY_STREAM_MAXLEN: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => {
    if (stderr.length < 4000) stderr += b.toString();
  });
  // LOG_LEVEL=warn hides "service started": ready once its HTTP port answers would need the
  // port; the consumer's group read is what matters, and it starts right after the listener.
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", () => {});
    child.once("spawn", () => resolve());
    child.once("exit", (code, signal) => {
      if (code !== null && code !== 0) reject(new Error(`${name} exited with ${code}: ${stderr}`));
      else if (signal === null) reject(new Error(`${name} exited: ${stderr}`));
    });
  });
  ready.catch(() => {});
  return { name, child, ready };
}

async function kill(c: Consumer, signal: NodeJS.Signals): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  const exited = new Promise((r) => c.child.once("exit", r));
  c.child.kill(signal);
  await exited;
}

async function main(): Promise<void> {
  let server: LocalServer | undefined;
  let url = opts.url;
  if (!url) {
    server = await startLocalServer();
    url = server.url;
    log(`started ${server.binary} on ${url}`);
  }
  const r = new Redis(url, { maxRetriesPerRequest: null });
  const prefix = `soak-${randomBytes(3).toString("hex")}`;
  const names = {
    INCIDENT_LOGS_KEY: `${prefix}:incident:{incident_id}:logs`,
    INCIDENT_STREAM: `${prefix}:incidents:created`,
    ANOMALY_STREAM: `${prefix}:anomalies:detected`,
  };
  const dlq = `${names.INCIDENT_STREAM}:dlq`;

  // Incidents with a few anomalies each, a log a minute.
  const end = Date.parse("2025-09-19T08:00:00Z");
  const perIncident = Number(opts["logs-per-incident"]);
  for (let i = 0; i < INCIDENTS; i++) {
    const logs = Array.from({ length: perIncident }, (_, j) => ({
      timestamp: new Date(end - (perIncident - j) * 60_000).toISOString(),
      level: j === 7 + (i % 20) ? "ERROR" : "INFO",
      message: j === 7 + (i % 20) ? "Database connection timeout after 30s" : `GET /api/users/${j} 200 in ${40 + (j % 7) * 5}ms`,
      service: "user-service",
    }));
    await r.rpush(names.INCIDENT_LOGS_KEY.replace("{incident_id}", `inc-${i}`), ...logs.map((l) => JSON.stringify(l)));
  }
  await r.xgroup("CREATE", names.INCIDENT_STREAM, "anomaly-detector", "$", "MKSTREAM");

  const steady = startConsumer("soak-steady", url, names);
  let victim = startConsumer("soak-victim", url, names);
  await Promise.all([steady.ready, victim.ready]);
  const t0 = Date.now();
  log(`${EVENTS} events at ${RATE}/s; soak-victim SIGKILLed and restarted every ${KILL_EVERY_MS / 1000} s; keys ${prefix}:*`);

  // Producer: batches every 100 ms.
  let published = 0;
  const producer = (async () => {
    const perTick = Math.max(1, Math.round(RATE / 10));
    while (published < EVENTS) {
      const tick = Date.now();
      const p = r.pipeline();
      const n = Math.min(perTick, EVENTS - published);
      for (let i = 0; i < n; i++) p.xadd(names.INCIDENT_STREAM, "*", "incident_id", `inc-${(published + i) % INCIDENTS}`);
      await p.exec();
      published += n;
      await sleep(Math.max(0, 100 - (Date.now() - tick)));
    }
  })();

  // Killer.
  let kills = 0;
  let stopKilling = false;
  const killer = (async () => {
    while (!stopKilling) {
      await sleep(KILL_EVERY_MS);
      if (stopKilling) break;
      await kill(victim, "SIGKILL");
      kills++;
      victim = startConsumer("soak-victim", url!, names);
      await victim.ready.catch((err: Error) => log(`restart failed: ${err.message}`));
    }
  })();

  // Sampler, until every event has its result or dead letter and nothing is pending.
  const samples: Array<{ s: number; rssMb: number; done: number; pending: number }> = [];
  for (;;) {
    await sleep(SAMPLE_EVERY_MS);
    const done = (await r.xlen(names.ANOMALY_STREAM)) + (await r.xlen(dlq));
    const pending = ((await r.xpending(names.INCIDENT_STREAM, "anomaly-detector")) as [number])[0];
    const sample = { s: Math.round((Date.now() - t0) / 1000), rssMb: rssMb(steady.child.pid), done, pending };
    samples.push(sample);
    log(`t=${sample.s}s published=${published} results+dlq=${done} pending=${pending} kills=${kills} steady RSS=${sample.rssMb.toFixed(1)} MB`);
    if (published >= EVENTS && done >= EVENTS && pending === 0) break;
    if (Date.now() > DEADLINE) {
      log("timed out");
      break;
    }
    if (steady.child.exitCode !== null) {
      log(`soak-steady died (${steady.child.exitCode})`);
      break;
    }
  }
  stopKilling = true;
  await producer;
  await killer;
  await kill(victim, "SIGTERM");
  await kill(steady, "SIGTERM");
  const seconds = (Date.now() - t0) / 1000;

  // Exactly once: every published event has one result or one dead letter.
  const sourceIds = new Map<string, number>();
  for (const stream of [names.ANOMALY_STREAM, dlq]) {
    let from = "-";
    for (;;) {
      const page = (await r.xrange(stream, from, "+", "COUNT", 5000)) as Array<[string, string[]]>;
      for (const [, f] of page) {
        const i = f.indexOf("source_event_id");
        const id = f[i + 1]!;
        sourceIds.set(id, (sourceIds.get(id) ?? 0) + 1);
      }
      if (page.length < 5000) break;
      from = `(${page[page.length - 1]![0]}`;
    }
  }
  let lost = 0;
  let from = "-";
  for (;;) {
    const page = (await r.xrange(names.INCIDENT_STREAM, from, "+", "COUNT", 5000)) as Array<[string, string[]]>;
    for (const [id] of page) if (!sourceIds.has(id)) lost++;
    if (page.length < 5000) break;
    from = `(${page[page.length - 1]![0]}`;
  }
  const duplicates = [...sourceIds.values()].filter((n) => n > 1).length;
  const deadLettered = await r.xlen(dlq);
  const dlqReasons: Record<string, number> = {};
  for (const [, f] of (await r.xrange(dlq, "-", "+")) as Array<[string, string[]]>) {
    const reason = f[f.indexOf("reason") + 1]!;
    dlqReasons[reason] = (dlqReasons[reason] ?? 0) + 1;
  }

  // RSS: the first quarter of the run is warm-up; compare the last quarter with the second.
  const rss = samples.map((s) => s.rssMb).filter(Number.isFinite);
  const q = Math.max(1, Math.floor(rss.length / 4));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const afterWarmup = mean(rss.slice(q, 2 * q));
  const atEnd = mean(rss.slice(-q));
  const growthPct = ((atEnd - afterWarmup) / afterWarmup) * 100;
  const maxAfterWarmup = Math.max(...rss.slice(q));

  log("RSS of soak-steady over time (MB):");
  for (const s of samples) process.stdout.write(`  t=${String(s.s).padStart(5)}s  ${s.rssMb.toFixed(1).padStart(7)}  results+dlq=${s.done}\n`);
  const report = {
    events: published,
    results: [...sourceIds.values()].length - deadLettered,
    dead_lettered: deadLettered,
    dead_letter_reasons: dlqReasons,
    lost,
    duplicates,
    kills,
    seconds: Math.round(seconds),
    events_per_second: Math.round(published / seconds),
    rss_mb: {
      after_warmup_mean: +afterWarmup.toFixed(1),
      end_mean: +atEnd.toFixed(1),
      max_after_warmup: +maxAfterWarmup.toFixed(1),
      growth_pct: +growthPct.toFixed(1),
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const ok = lost === 0 && duplicates === 0 && growthPct <= 10 && published === EVENTS;
  log(ok ? "PASS: nothing lost, nothing duplicated, RSS flat after warm-up" : "FAIL");

  // Leave the server's data only when it is not ours.
  if (!server) {
    const keys = await r.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
  }
  r.disconnect();
  await server?.stop();
  process.exit(ok ? 0 : 1);
}

main().catch((err: Error) => {
  process.stderr.write(`soak failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
