/**
 * The headline figures, each a median of at least five runs with its spread, in one run of the
 * bench: a 100k-log incident end to end (Valkey read, detection with the memory on, HTTP) against
 * scikit-learn's IsolationForest on the five features in memory, on the same lines, interleaved
 * run by run; and a 1M-log incident end to end in a fresh service process, with its peak RSS and
 * GET /health polled ten times a second meanwhile.
 */
import type { Redis } from "ioredis";
import { detect } from "../src/detection/detect.js";
import type { LogTable } from "../src/logs/log-table.js";
import { normalizeInto } from "../src/logs/normalize.js";
import { LogTableBuilder } from "../src/logs/table-builder.js";
import { runSklearn, sklearnAvailable } from "./core.js";
import { benchBig, detectOnce, incidentId, readFloor, storeIncident } from "./e2e.js";
import { startService } from "./service.js";
import { log, median, round } from "./util.js";

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface HeadlineResult {
  e2e_100k_ms: Spread;
  /**
   * The same requests' last two rounds (late_from-th request after start onwards): a new
   * thread's code is still being compiled for about ten requests, so beside e2e_100k_ms this
   * says how much of it is the warm-up.
   */
  late_100k_ms: Spread;
  late_from: number;
  /** Each of those requests in the order made (ms), the first WARMUP_REQUESTS left out: how fast a new thread's code gets compiled. */
  e2e_100k_series_ms: number[];
  sklearn_100k_ms?: Spread;
  /** Median scikit-learn time over median end-to-end time. */
  ratio?: number;
  sklearn_note: string;
  /**
   * What the 100k request cannot go below, interleaved with it, in the bench process: the I/O
   * floor (the same LRANGE pages and JSON.parse, one thread) and detect() alone on the same logs
   * (one thread, the fastest of three runs each round). Beside the target's budget they say what
   * the ratio asks.
   */
  floor_100k_ms: Spread;
  detect_100k_ms: Spread;
  e2e_1m_ms: Spread;
  peak_rss_1m_mb: Spread;
  /** Pages of new memory the 1M-log incident touched (minor page faults), fresh process. */
  faults_1m: Spread;
  health_p99_1m_ms: Spread;
  health_checks_per_run: number;
  /** The first 100k request after the service started: its threads' code not yet optimised. */
  cold_100k_ms: number;
  /** The same with DETECTION_THREADS_READY=1: a thread already started, its code not yet optimised. */
  ready_100k_ms: number;
  /**
   * The 1M-log incident on a warm thread: the third of three back to back in one process (the
   * first two compile the thread's code and grow its heap). Beside e2e_1m_ms, what a new
   * thread costs.
   */
  warm_1m_ms: number;
}

export function spread(xs: readonly number[], digits = 1): Spread {
  return { median: round(median(xs), digits), min: round(Math.min(...xs), digits), max: round(Math.max(...xs), digits), runs: xs.length };
}

/** "median (min-max, n runs)". */
export function fmtSpread(s: Spread, unit: string): string {
  return `${s.median}${unit} (${s.min}-${s.max}${unit}, ${s.runs} runs)`;
}

const HEALTH_INTERVAL_MS = 100;
/** Requests before the measured ones (the first is reported as cold_100k_ms). */
const WARMUP_REQUESTS = 3;
/** The last two rounds' requests, reported apart as late_100k_ms. */
const LATE_RUNS = 6;

export async function benchHeadline(r: Redis, valkeyUrl: string, opts: { rounds: number; sklearn: boolean }): Promise<HeadlineResult> {
  const small = 100_000;
  const big = 1_000_000;
  await storeIncident(r, small);
  const sk = opts.sklearn ? sklearnAvailable() : { ok: false, note: "skipped (--no-sklearn)" };
  // The very lines the service reads, for the reference and for detect() alone.
  const key = `incident:${incidentId(small)}:logs`;
  const lines = await r.lrange(key, 0, -1);
  const logs = tableOf(lines);
  const floor: number[] = [];
  const alone: number[] = [];
  // Warm-up of the bench process's own reading and detection (detect() takes about five runs to
  // be optimised).
  for (let i = 0; i < 2; i++) await readFloor(r, key);
  for (let i = 0; i < 6; i++) detect(logs, { confidenceThreshold: 0.7 });
  const service = await startService({ VALKEY_URL: valkeyUrl, MODE: "api" });
  const e2e: number[] = [];
  const ref: number[] = [];
  let cold = Number.NaN;
  try {
    // Warm-up: the first requests pay for the threads' start and their code's optimisation. The
    // first one is what an incident costs on a thread started for it (after start, or after
    // DETECTION_THREAD_IDLE_MS without work), so it is reported too.
    for (let i = 0; i < WARMUP_REQUESTS; i++) {
      const t = performance.now();
      await detectOnce(service.url, small);
      if (i === 0) cold = performance.now() - t;
    }
    for (let round = 0; round < opts.rounds; round++) {
      log(`headline: round ${round + 1} of ${opts.rounds}`);
      if (sk.ok) ref.push(runSklearn(lines, 1, true).total_s * 1000);
      for (let i = 0; i < 3; i++) {
        await service.settled();
        const t = performance.now();
        await detectOnce(service.url, small);
        e2e.push(performance.now() - t);
      }
      await service.settled();
      let t = performance.now();
      await readFloor(r, key);
      floor.push(performance.now() - t);
      // The fastest of three: a floor, not what a busy minute makes of it (the bench process
      // itself holds the lines and the floor read's garbage).
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 3; k++) {
        t = performance.now();
        detect(logs, { confidenceThreshold: 0.7 });
        best = Math.min(best, performance.now() - t);
      }
      alone.push(best);
    }
  } finally {
    await service.stop();
  }
  const ready = await startService({ VALKEY_URL: valkeyUrl, MODE: "api", DETECTION_THREADS_READY: "1" });
  let readyMs = Number.NaN;
  try {
    // Once the ready thread has loaded its code the process is idle: only then is it ready.
    await ready.settled();
    const t = performance.now();
    await detectOnce(ready.url, small);
    readyMs = performance.now() - t;
  } finally {
    await ready.stop();
  }
  log(`headline: storing ${big} logs`);
  await storeIncident(r, big);
  const bigs = [];
  for (let i = 0; i < opts.rounds; i++) {
    log(`headline: 1M-log incident, run ${i + 1} of ${opts.rounds}`);
    bigs.push(await benchBig(r, valkeyUrl, big, 2, true, {}, HEALTH_INTERVAL_MS));
  }
  log("headline: 1M-log incident, three back to back in one process");
  const warm = await startService({ VALKEY_URL: valkeyUrl, MODE: "api" });
  let warmMs = Number.NaN;
  try {
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await detectOnce(warm.url, big);
      warmMs = performance.now() - t;
    }
  } finally {
    await warm.stop();
  }
  await r.del(`incident:${incidentId(big)}:logs`);
  const out: HeadlineResult = {
    e2e_100k_ms: spread(e2e),
    late_100k_ms: spread(e2e.slice(-LATE_RUNS)),
    late_from: WARMUP_REQUESTS + Math.max(0, e2e.length - LATE_RUNS) + 1,
    e2e_100k_series_ms: e2e.map((ms) => round(ms, 1)),
    sklearn_note: sk.note,
    floor_100k_ms: spread(floor),
    detect_100k_ms: spread(alone),
    e2e_1m_ms: spread(
      bigs.map((b) => b.duration_ms),
      0,
    ),
    peak_rss_1m_mb: spread(
      bigs.map((b) => b.peak_rss_mb),
      0,
    ),
    faults_1m: spread(
      bigs.map((b) => b.faults),
      0,
    ),
    health_p99_1m_ms: spread(bigs.map((b) => b.health_p99_ms)),
    health_checks_per_run: Math.round(median(bigs.map((b) => b.health_requests))),
    cold_100k_ms: round(cold, 0),
    ready_100k_ms: round(readyMs, 0),
    warm_1m_ms: round(warmMs, 0),
  };
  if (ref.length > 0) {
    out.sklearn_100k_ms = spread(ref, 0);
    out.ratio = round(median(ref) / median(e2e), 1);
  }
  return out;
}

/** The stored lines as the service's table (each a JSON log; none is skipped in the bench's data). */
function tableOf(lines: readonly string[]): LogTable {
  const b = new LogTableBuilder(lines.length);
  lines.forEach((line, i) => {
    const reason = normalizeInto(b, JSON.parse(line), i);
    if (reason !== undefined) throw new Error(`stored log ${i} does not normalise: ${reason}`);
  });
  return b.build();
}
