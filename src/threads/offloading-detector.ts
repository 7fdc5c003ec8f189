import type { DetectRequest } from "../contract/detect-request.js";
import { batchDetector, type Detector, type Outcome, type Trigger } from "../pipeline/detector.js";
import type { WorkerDetector } from "./detection-pool.js";

/** Runs at most `slots` tasks at once, the others in arrival order. */
function limiter(slots: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next waiter, so none can jump the queue.
    if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * Where each run goes. Large incidents (at least `minLogs` logs, counted in one round trip)
 * always go to the pool: on this thread a 100k-log one would hold the event loop for hundreds
 * of milliseconds. Small ones run here while this thread has no other detection in flight (a
 * worker round trip costs more CPU than detecting a 100-log incident); when it is busy they go
 * to the pool too, so concurrent requests and events use every core. When counting fails the
 * run stays here and reports the error as usual.
 */
export function createOffloadingDetector(opts: {
  inline: Detector;
  pool: Pick<WorkerDetector, "runBatch">;
  size: (request: DetectRequest) => Promise<number>;
  minLogs: number;
  /** Detections run at once on this thread before small ones go to the pool too; default 1. */
  inlineSlots?: number;
  /**
   * Large incidents detected at once; the next wait their turn. Peak memory then grows with the
   * threads, not with CONSUMER_CONCURRENCY or the number of concurrent requests. Default: no limit.
   */
  largeSlots?: number;
}): Detector {
  const slots = opts.inlineSlots ?? 1;
  const large = limiter(opts.largeSlots ?? Number.POSITIVE_INFINITY);
  let inlineRuns = 0;
  const runSmall = async (requests: readonly DetectRequest[], trigger: Trigger): Promise<Outcome[]> => {
    if (inlineRuns >= slots) return opts.pool.runBatch(requests, trigger);
    inlineRuns++;
    try {
      return await opts.inline.runBatch(requests, trigger);
    } finally {
      inlineRuns--;
    }
  };
  /** Outcomes of a sub-batch, written into `into` at `at`; a broken run fails just its part. */
  const settle = async (run: Promise<Outcome[]>, at: number[], into: Outcome[]): Promise<void> => {
    try {
      for (const [k, o] of (await run).entries()) into[at[k]!] = o;
    } catch (error) {
      for (const i of at) into[i] = { ok: false, error };
    }
  };
  const runBatch = async (requests: readonly DetectRequest[], trigger: Trigger): Promise<Outcome[]> => {
    const sizes = await Promise.all(requests.map((r) => opts.size(r).catch(() => 0)));
    const outcomes: Outcome[] = new Array(requests.length);
    const small: number[] = [];
    const runs: Promise<void>[] = [];
    requests.forEach((request, i) => {
      // Each large one alone, so that several spread over the threads.
      if (sizes[i]! >= opts.minLogs)
        runs.push(
          settle(
            large(() => opts.pool.runBatch([request], trigger, true)),
            [i],
            outcomes,
          ),
        );
      else small.push(i);
    });
    if (small.length > 0)
      runs.push(
        settle(
          runSmall(
            small.map((i) => requests[i]!),
            trigger,
          ),
          small,
          outcomes,
        ),
      );
    await Promise.all(runs);
    return outcomes;
  };
  return batchDetector(runBatch);
}
