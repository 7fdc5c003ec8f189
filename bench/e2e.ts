/**
 * Items 3, 5, 6 and 7: the service as a process, through POST /detect-anomalies, against a
 * real server holding the incidents as lists of JSON strings (the seed's layout).
 */
import autocannon from "autocannon";
import type { Redis } from "ioredis";
import { generateLogs, toJsonLines } from "./data.js";
import { startService, type Service } from "./service.js";
import { fmtMs, log, median, percentile, round, timeRuns } from "./util.js";

export const incidentId = (n: number): string => `bench-${n}`;
const logsKey = (n: number): string => `incident:${incidentId(n)}:logs`;

/** Stores `n` generated logs as the incident's list (RPUSH in chunks). */
export async function storeIncident(r: Redis, n: number, id = incidentId(n)): Promise<void> {
  const key = `incident:${id}:logs`;
  await r.del(key);
  const chunk = 10_000;
  for (let i = 0; i < n; i += chunk) {
    await r.rpush(key, ...toJsonLines(generateLogs(Math.min(chunk, n - i), 42 + i, Date.parse("2025-09-19T08:00:00Z") - (n - i - Math.min(chunk, n - i)) * 50)));
  }
}

async function detectOnce(url: string, n: number): Promise<void> {
  const r = await fetch(`${url}/detect-anomalies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ incident_id: incidentId(n), time_window_hours: 24, confidence_threshold: 0.7 }),
  });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`POST /detect-anomalies for ${n} logs answered ${r.status}`);
}

/** The I/O floor: the same pages as the service reads (LRANGE, 4 in flight) and JSON.parse. */
async function readFloor(r: Redis, key: string, pageSize = 5000): Promise<number> {
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
}

function e2eRuns(n: number, quick: boolean): { runs: number; warmup: number } {
  if (quick) return { runs: 5, warmup: 1 };
  if (n <= 1_000) return { runs: 60, warmup: 10 };
  if (n <= 10_000) return { runs: 30, warmup: 5 };
  return { runs: 11, warmup: 2 };
}

export async function benchE2e(r: Redis, valkeyUrl: string, sizes: number[], quick: boolean): Promise<{ rows: E2eRow[]; service: Service }> {
  for (const n of sizes) await storeIncident(r, n);
  const service = await startService({ VALKEY_URL: valkeyUrl, MODE: "api" });
  const rows: E2eRow[] = [];
  for (const n of sizes) {
    log(`e2e: ${n} logs`);
    const { runs, warmup } = e2eRuns(n, quick);
    const times = await timeRuns(runs, warmup, () => detectOnce(service.url, n));
    const floor = median(await timeRuns(runs, warmup, () => readFloor(r, logsKey(n))));
    const p50 = median(times);
    rows.push({ n, runs, p50_ms: round(p50, 1), p95_ms: round(percentile(times, 95), 1), floor_ms: round(floor, 1), ratio: round(p50 / floor, 2) });
    log(`e2e: ${n} logs p50 ${fmtMs(p50)}, floor ${fmtMs(floor)}`);
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

export interface BigResult {
  n: number;
  detection_threads: number;
  idle_rss_mb: number;
  peak_rss_mb: number;
  duration_ms: number;
  health_requests: number;
  health_p50_ms: number;
  health_p99_ms: number;
  health_max_ms: number;
}

/**
 * Items 5 and 6: a fresh service (so its peak RSS is this incident's), idle RSS once started,
 * then one 1M-log detection while /health is polled back to back.
 */
export async function benchBig(r: Redis, valkeyUrl: string, n: number, threads: number, stored: boolean): Promise<BigResult> {
  if (!stored) {
    log(`big: storing ${n} logs`);
    await storeIncident(r, n);
  }
  const service = await startService({ VALKEY_URL: valkeyUrl, MODE: "api", DETECTION_THREADS: String(threads) });
  try {
    for (let i = 0; i < 5; i++) await fetch(`${service.url}/health`).then((x) => x.arrayBuffer());
    await new Promise((res) => setTimeout(res, 1000));
    const idle = service.rssMb();
    log(`big: ${n} logs, DETECTION_THREADS=${threads}, idle RSS ${Math.round(idle)} MB`);
    let done = false;
    const t0 = performance.now();
    const detection = detectOnce(service.url, n).finally(() => (done = true));
    const health: number[] = [];
    while (!done) {
      const t = performance.now();
      const h = await fetch(`${service.url}/health`);
      await h.arrayBuffer();
      health.push(performance.now() - t);
      await new Promise((res) => setTimeout(res, 10));
    }
    await detection;
    const duration = performance.now() - t0;
    return {
      n,
      detection_threads: threads,
      idle_rss_mb: Math.round(idle),
      peak_rss_mb: Math.round(service.peakRssMb()),
      duration_ms: Math.round(duration),
      health_requests: health.length,
      health_p50_ms: round(median(health), 1),
      health_p99_ms: round(percentile(health, 99), 1),
      health_max_ms: round(Math.max(...health), 1),
    };
  } finally {
    await service.stop();
  }
}
