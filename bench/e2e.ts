/**
 * Items 3, 5, 6 and 7: the service as a process, through POST /detect-anomalies, against a
 * real server holding the incidents as lists of JSON strings (the original prototype's layout).
 */
import { Worker } from "node:worker_threads";
import autocannon from "autocannon";
import type { Redis } from "ioredis";
import { generateLogs, toJsonLines } from "./data.js";
import { startService, type Service } from "./service.js";
import { fmtMs, log, median, percentile, round } from "./util.js";

export const incidentId = (n: number): string => `bench-${n}`;
const logsKey = (n: number): string => `incident:${incidentId(n)}:logs`;

/** Stores `n` generated logs as the incident's list (RPUSH in chunks). */
export async function storeIncident(r: Redis, n: number, id = incidentId(n)): Promise<void> {
  const key = `incident:${id}:logs`;
  await r.del(key);
  const chunk = 10_000;
  for (let i = 0; i < n; i += chunk) {
    await r.rpush(
      key,
      ...toJsonLines(generateLogs(Math.min(chunk, n - i), 42 + i, Date.parse("2025-09-19T08:00:00Z") - (n - i - Math.min(chunk, n - i)) * 50)),
    );
  }
}

export async function detectOnce(url: string, n: number): Promise<void> {
  const r = await fetch(`${url}/detect-anomalies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ incident_id: incidentId(n), time_window_hours: 24, confidence_threshold: 0.7 }),
  });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`POST /detect-anomalies for ${n} logs answered ${r.status}`);
}

/** The I/O floor: the same pages as the service reads (LRANGE, 4 in flight) and JSON.parse. */
export async function readFloor(r: Redis, key: string, pageSize = 5000): Promise<number> {
  const total = await r.llen(key);
  const pages = Math.ceil(total / pageSize);
  const ahead: Promise<string[]>[] = [];
  let requested = 0;
  let parsed = 0;
  for (let p = 0; p < pages; p++) {
    while (requested < pages && requested - p < 4) {
      const i = requested++ * pageSize;
      ahead.push(r.lrange(key, i, Math.min(total, i + pageSize) - 1));
    }
    const page = await ahead.shift()!;
    for (const s of page) if (JSON.parse(s) !== null) parsed++;
  }
  return parsed;
}

export interface E2eRow {
  n: number;
  runs: number;
  p50_ms: number;
  p95_ms: number;
  floor_ms: number;
  ratio: number;
  /**
   * CPU per request, all threads of the service process (HTTP, detection worker, helper thread,
   * V8's garbage-collection threads), counted until it went idle again; and the same for the
   * floor read in the bench process. Against 2 cores, it says how far threads can still help.
   */
  cpu_ms: number;
  /** Minor page faults per request (median), counted as cpu_ms is: new memory the request touched. */
  faults: number;
  floor_cpu_ms: number;
  /** p50 of a second service with DETECTION_FOREST_THREAD=false, same runs interleaved (100k and up). */
  p50_forest_thread_off_ms?: number;
}

function e2eRuns(n: number, quick: boolean): { runs: number; warmup: number } {
  if (quick) return { runs: 5, warmup: 1 };
  if (n <= 1_000) return { runs: 60, warmup: 10 };
  if (n <= 10_000) return { runs: 30, warmup: 5 };
  return { runs: 15, warmup: 3 };
}

/** Sizes from which the forest helper thread is compared with the forest on the worker. */
const FOREST_COMPARE_MIN = 100_000;

/**
 * Each run times one request, then (from 100k) the same request to a service without the forest
 * helper thread, then the I/O floor: interleaved, so a slower minute of the machine weighs on
 * all three alike. Before each, the services are let go idle, so none pays for the tail of the
 * one before (garbage collection after a 100k-log answer).
 */
export async function benchE2e(r: Redis, valkeyUrl: string, sizes: number[], quick: boolean): Promise<{ rows: E2eRow[]; service: Service }> {
  for (const n of sizes) await storeIncident(r, n);
  const service = await startService({ VALKEY_URL: valkeyUrl, MODE: "api" });
  const compare = sizes.some((n) => n >= FOREST_COMPARE_MIN)
    ? await startService({ VALKEY_URL: valkeyUrl, MODE: "api", DETECTION_FOREST_THREAD: "false" })
    : undefined;
  const rows: E2eRow[] = [];
  try {
    for (const n of sizes) {
      log(`e2e: ${n} logs`);
      const { runs, warmup } = e2eRuns(n, quick);
      const other = n >= FOREST_COMPARE_MIN ? compare : undefined;
      const times: number[] = [];
      const off: number[] = [];
      const floor: number[] = [];
      const cpu: number[] = [];
      const faults: number[] = [];
      const floorCpu: number[] = [];
      const quiet = () => Promise.all([service.settled(), other?.settled()]);
      /** Wall time of `f` once the services are idle, and this process's CPU meanwhile. */
      const timed = async (f: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> => {
        await quiet();
        const u0 = process.cpuUsage();
        const t = performance.now();
        await f();
        const ms = performance.now() - t;
        const u = process.cpuUsage(u0);
        return { ms, cpuMs: (u.user + u.system) / 1000 };
      };
      for (let i = 0; i < warmup + runs; i++) {
        const c0 = service.cpuMs();
        const f0 = service.faults();
        const a = (await timed(() => detectOnce(service.url, n))).ms;
        // Counted until the service is idle again: the garbage collection after an answer is its cost too.
        await service.settled();
        const c1 = service.cpuMs();
        const f1 = service.faults();
        const b = other ? (await timed(() => detectOnce(other.url, n))).ms : 0;
        const f = await timed(() => readFloor(r, logsKey(n)));
        if (i < warmup) continue;
        times.push(a);
        cpu.push(c1 - c0);
        faults.push(f1 - f0);
        floorCpu.push(f.cpuMs);
        if (other) off.push(b);
        floor.push(f.ms);
      }
      const p50 = median(times);
      const row: E2eRow = {
        n,
        runs,
        p50_ms: round(p50, 1),
        p95_ms: round(percentile(times, 95), 1),
        floor_ms: round(median(floor), 1),
        ratio: round(p50 / median(floor), 2),
        cpu_ms: round(median(cpu), 0),
        faults: median(faults),
        floor_cpu_ms: round(median(floorCpu), 0),
      };
      if (other) row.p50_forest_thread_off_ms = round(median(off), 1);
      rows.push(row);
      log(`e2e: ${n} logs p50 ${fmtMs(p50)}, floor ${fmtMs(median(floor))}${other ? `, helper thread off ${fmtMs(median(off))}` : ""}`);
    }
  } finally {
    await compare?.stop();
  }
  return { rows, service };
}

export interface LoadResult {
  seconds: number;
  connections: number;
  requests_per_s: number;
  requests: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non2xx: number;
  timeouts: number;
}

/** Item 7: concurrent POST /detect-anomalies on the 1k-log incident. */
export async function benchLoad(service: Service, seconds: number, connections = 10): Promise<LoadResult> {
  log(`load: ${seconds} s, ${connections} connections`);
  const res = await autocannon({
    url: `${service.url}/detect-anomalies`,
    connections,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ incident_id: incidentId(1000), time_window_hours: 24, confidence_threshold: 0.7 }),
  });
  return {
    seconds,
    connections,
    requests_per_s: round(res.requests.average, 1),
    requests: res.requests.total,
    p50_ms: res.latency.p50,
    p99_ms: res.latency.p99,
    errors: res.errors,
    non2xx: res.non2xx,
    timeouts: res.timeouts,
  };
}

export interface IdleResult {
  /** RSS 1 s after start and five health checks, as the memory section's rows measure it. */
  started_mb: number;
  /** RSS once the service has rested REST_MS: V8's memory reducer has shrunk the start-up heap by then. */
  rested_mb: number;
  rested_after_ms: number;
}

/** A fresh service's RSS after five health checks and a second: the "idle RSS" of every row. */
async function startedRss(service: Service): Promise<number> {
  for (let i = 0; i < 5; i++) await fetch(`${service.url}/health`).then((x) => x.arrayBuffer());
  await new Promise((res) => setTimeout(res, 1000));
  return service.rssMb();
}

/** How long a fresh service is left alone before its resting RSS is read. */
const REST_MS = 20_000;

/**
 * A fresh service's resident set just after start and once at rest. The memory section reads
 * idle RSS 1 s after start (so that the 1M-log run that follows starts from the same heap
 * every time), when V8 still holds the heap its start grew; left alone, V8's memory reducer
 * gives most of that back within 10-20 s (about 120 MB to about 80 on a 2-core Intel Xeon VM).
 */
export async function benchIdle(valkeyUrl: string): Promise<IdleResult> {
  const service = await startService({ VALKEY_URL: valkeyUrl, MODE: "api" });
  try {
    const started = await startedRss(service);
    await new Promise((res) => setTimeout(res, REST_MS - 1000));
    const rested = service.rssMb();
    log(`idle: RSS ${Math.round(started)} MB 1 s after start, ${Math.round(rested)} MB after ${REST_MS / 1000} s`);
    return { started_mb: Math.round(started), rested_mb: Math.round(rested), rested_after_ms: REST_MS };
  } finally {
    await service.stop();
  }
}

export interface BigResult {
  n: number;
  detection_threads: number;
  forest_thread: boolean;
  idle_rss_mb: number;
  peak_rss_mb: number;
  duration_ms: number;
  /** Minor page faults during the detection: pages of new memory it touched. */
  faults: number;
  health_requests: number;
  health_p50_ms: number;
  health_p99_ms: number;
  health_max_ms: number;
}

/**
 * Polls GET /health from a thread of its own. Polled from the thread that also receives the
 * 1M-log answer (7.7 MB), a check would wait while that thread reads it, and the figure would
 * be the bench's own delay, not the service's.
 */
class HealthPoller {
  private constructor(private readonly worker: Worker) {}

  /** Resolves once the poller's first checks are done (its HTTP client warm) and timing has begun. */
  static async start(url: string, intervalMs: number): Promise<HealthPoller> {
    const worker = new Worker(POLLER_SOURCE, { eval: true, workerData: { url, intervalMs } });
    await new Promise((res, rej) => worker.once("message", res).once("error", rej));
    return new HealthPoller(worker);
  }

  /** Stops polling; the time each check took, ms. */
  async stop(): Promise<number[]> {
    const took = new Promise<number[]>((res, rej) => this.worker.once("message", res).once("error", rej));
    this.worker.postMessage("stop");
    const out = await took;
    await this.worker.terminate();
    return out;
  }
}

const POLLER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { url, intervalMs } = workerData;
let stopping = false;
parentPort.once("message", () => { stopping = true; });
(async () => {
  for (let i = 0; i < 5; i++) await fetch(url + "/health").then((r) => r.arrayBuffer());
  parentPort.postMessage("ready");
  const took = [];
  while (!stopping) {
    const t = performance.now();
    const r = await fetch(url + "/health");
    await r.arrayBuffer();
    const ms = performance.now() - t;
    took.push(ms);
    await new Promise((res) => setTimeout(res, Math.max(0, intervalMs - ms)));
  }
  parentPort.postMessage(took);
})();
`;

/**
 * Items 5 and 6: a fresh service (so its peak RSS is this incident's), idle RSS once started,
 * then one 1M-log detection while /health is polled back to back.
 */
export async function benchBig(
  r: Redis,
  valkeyUrl: string,
  n: number,
  threads: number,
  stored: boolean,
  env: Record<string, string> = {},
  /** Pause between health checks; each starts at most this long after the last one started. */
  healthIntervalMs = 10,
): Promise<BigResult> {
  if (!stored) {
    log(`big: storing ${n} logs`);
    await storeIncident(r, n);
  }
  const service = await startService({ VALKEY_URL: valkeyUrl, MODE: "api", DETECTION_THREADS: String(threads), ...env });
  try {
    const idle = await startedRss(service);
    log(`big: ${n} logs, DETECTION_THREADS=${threads}, idle RSS ${Math.round(idle)} MB`);
    const poller = await HealthPoller.start(service.url, healthIntervalMs);
    const f0 = service.faults();
    const t0 = performance.now();
    await detectOnce(service.url, n);
    const duration = performance.now() - t0;
    const faults = service.faults() - f0;
    const health = await poller.stop();
    return {
      n,
      detection_threads: threads,
      forest_thread: threads > 0 && env.DETECTION_FOREST_THREAD !== "false",
      idle_rss_mb: Math.round(idle),
      peak_rss_mb: Math.round(service.peakRssMb()),
      duration_ms: Math.round(duration),
      faults,
      health_requests: health.length,
      health_p50_ms: round(median(health), 1),
      health_p99_ms: round(percentile(health, 99), 1),
      health_max_ms: round(Math.max(...health), 1),
    };
  } finally {
    await service.stop();
  }
}
