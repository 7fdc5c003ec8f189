/**
 * A Detector that runs the pipeline in worker threads (detection-worker.ts). Detection of a
 * 1M-log incident is seconds of CPU; on the main thread it would stall /health, /metrics and
 * the consumer's bookkeeping for all that time. Workers start on first use (idle RSS stays
 * that of the main thread), each serves several runs at once (fetching is I/O), and a run goes
 * to the worker with the fewest runs in flight. A worker that dies fails only its own runs and
 * is replaced on the next one.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import { ServiceError, type ErrorCode } from "../errors.js";
import type { DetectRequest, DetectResponse } from "../http/schemas.js";
import type { Metrics } from "../metrics.js";
import { recordRun, type Detector, type Trigger } from "./graph.js";

export interface WorkerRequest {
  id: number;
  request: DetectRequest;
  trigger: Trigger;
}

export type WorkerError =
  | { name: "ServiceError"; message: string; code: ErrorCode; details?: Record<string, unknown> }
  | { name: string; message: string; stack?: string };

export type WorkerReply = { id: number; ok: true; response: DetectResponse } | { id: number; ok: false; error: WorkerError };

export interface WorkerDetector extends Detector {
  /** Threads started so far. */
  readonly size: number;
  /** Lets the runs in flight finish, then stops the threads. Idempotent. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (r: DetectResponse) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** The worker's script: the built .js, or under tsx/vitest (sources are .ts) a bootstrap that registers tsx first. */
function workerScript(): { script: string; eval: boolean } {
  const url = new URL("./detection-worker.js", import.meta.url);
  if (!import.meta.url.endsWith(".ts")) return { script: fileURLToPath(url), eval: false };
  const ts = new URL("./detection-worker.ts", import.meta.url).href;
  // require.resolve gives the CommonJS build; its ES module twin sits beside it.
  const api = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  return { script: `import(${JSON.stringify(api)}).then((m) => m.register()).then(() => import(${JSON.stringify(ts)}));`, eval: true };
}

function toError(e: WorkerError): Error {
  if (e.name === "ServiceError" && "code" in e) return new ServiceError(e.code, e.message, e.details);
  const err = new Error(e.message);
  err.name = e.name;
  if ("stack" in e && e.stack) err.stack = e.stack;
  return err;
}

export function createWorkerDetector(opts: { config: Config; threads: number; metrics?: Metrics }): WorkerDetector {
  const threads = Math.max(1, opts.threads);
  const slots: Slot[] = [];
  let nextId = 1;
  let closing: Promise<void> | undefined;
  const inFlight = new Set<Promise<DetectResponse>>();
  const entry = workerScript();

  const spawn = (): Slot => {
    const worker = new Worker(entry.script, { eval: entry.eval, workerData: { config: opts.config } });
    const slot: Slot = { worker, pending: new Map() };
    const fail = (err: Error) => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on("message", (reply: WorkerReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.response);
      else p.reject(toError(reply.error));
    });
    worker.on("error", (err) => fail(new Error(`detection worker failed: ${err.message}`)));
    worker.on("exit", (code) => fail(new Error(`detection worker exited with code ${code}`)));
    slots.push(slot);
    return slot;
  };

  const pick = (): Slot => {
    let best: Slot | undefined;
    for (const s of slots) if (!best || s.pending.size < best.pending.size) best = s;
    // Start another thread only when every running one is busy.
    if (slots.length < threads && (!best || best.pending.size > 0)) return spawn();
    return best ?? spawn();
  };

  return {
    get size() {
      return slots.length;
    },
    async run(request, trigger) {
      if (closing) throw new Error("detector is closed");
      const startedAt = performance.now();
      const slot = pick();
      const id = nextId++;
      const done = new Promise<DetectResponse>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, request, trigger } satisfies WorkerRequest);
      });
      inFlight.add(done);
      try {
        const response = await done;
        recordRun(opts.metrics, trigger, startedAt, { response });
        return response;
      } catch (err) {
        recordRun(opts.metrics, trigger, startedAt, { error: err });
        throw err;
      } finally {
        inFlight.delete(done);
      }
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        await Promise.all(slots.map((s) => s.worker.terminate()));
        slots.length = 0;
      })();
      return closing;
    },
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
  pool: Detector;
  size: (request: DetectRequest) => Promise<number>;
  minLogs: number;
  /** Detections run at once on this thread before small ones go to the pool too; default 1. */
  inlineSlots?: number;
}): Detector {
  const slots = opts.inlineSlots ?? 1;
  let inlineRuns = 0;
  return {
    async run(request, trigger) {
      let n = 0;
      try {
        n = await opts.size(request);
      } catch {
        n = 0;
      }
      if (n >= opts.minLogs || inlineRuns >= slots) return opts.pool.run(request, trigger);
      inlineRuns++;
      try {
        return await opts.inline.run(request, trigger);
      } finally {
        inlineRuns--;
      }
    },
  };
}
