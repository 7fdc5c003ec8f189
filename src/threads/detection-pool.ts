/**
 * A Detector that runs the pipeline in detection threads (detection-thread.ts). Detection of a
 * 1M-log incident is seconds of CPU; on the main thread it would stall /health, /metrics and
 * the consumer's bookkeeping for all that time. `ready` workers start with the pool and are kept
 * started, the others start on first use; each serves several runs at once (fetching is I/O),
 * and a run goes to the worker with the fewest runs in flight. A worker that dies fails only its
 * own runs and is replaced on the next one.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import { isServiceError, ServiceError, type ErrorCode } from "../errors.js";
import type { DetectRequest } from "../contract/detect-request.js";
import { answerFromRendered, type RenderedAnswer } from "../contract/rendered-answer.js";
import type { Metrics } from "../metrics.js";
import { batchDetector, recordRun, type Detector, type Outcome, type Trigger } from "../pipeline/detector.js";
import { threadLimits, workerScript } from "./thread-script.js";
import { inRootScope } from "./root-scope.js";

export interface WorkerRequest {
  id: number;
  requests: DetectRequest[];
  trigger: Trigger;
}

export type WorkerError =
  | { name: "ServiceError"; message: string; code: ErrorCode; details?: Record<string, unknown> }
  | { name: string; message: string; stack?: string };

export type WireOutcome = { ok: true; rendered: RenderedAnswer } | { ok: false; error: WorkerError };

/** A batch's outcomes, or the error that broke the whole run. */
export type WorkerReply = { id: number; ok: true; outcomes: WireOutcome[] } | { id: number; ok: false; error: WorkerError };

/** Something a worker noticed outside any one answer (its helper thread failed), for the log. */
export interface WorkerWarning {
  warning: string;
}

/** From a ready thread once its warm-up is over (warm-up.ts): the rounds it ran and how long they took. */
export interface WorkerWarmedUp {
  warmedUp: { rounds: number; ms: number };
}

/** An error as it can cross a thread boundary (structured clone keeps no class). */
export function toWorkerError(err: unknown): WorkerError {
  const e = err as Error;
  return isServiceError(err)
    ? { name: "ServiceError", message: e.message, code: err.code, details: err.details }
    : { name: e?.name ?? "Error", message: e?.message ?? String(err), stack: e?.stack };
}

export interface WorkerDetector extends Detector {
  /**
   * As Detector's; `large`: the batch is one incident of at least DETECTION_OFFLOAD_MIN_LOGS logs,
   * so a thread started for it starts its helper thread at once (early-helper.ts).
   */
  runBatch(requests: readonly DetectRequest[], trigger: Trigger, large?: boolean): Promise<Outcome[]>;
  /** Threads running now. */
  readonly size: number;
  /** Threads started since the pool was created (replacements included). */
  readonly started: number;
  /** Ready threads that have finished their warm-up (warm-up.ts). */
  readonly warmedUp: number;
  /** Lets the runs in flight finish, then stops the threads. Idempotent. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (r: WireOutcome[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Stops the worker once it has been idle for idleMs. */
  idle?: NodeJS.Timeout;
}

function toError(e: WorkerError): Error {
  if (e.name === "ServiceError" && "code" in e) return new ServiceError(e.code, e.message, e.details);
  const err = new Error(e.message);
  err.name = e.name;
  if ("stack" in e && e.stack) err.stack = e.stack;
  return err;
}

export function createWorkerDetector(opts: {
  config: Config;
  threads: number;
  metrics?: Metrics;
  /** Called with what a worker reports outside its answers (see WorkerWarning). */
  onWarning?: (message: string) => void;
  /** Called when a ready thread has warmed up (WorkerWarmedUp). */
  onWarmedUp?: (info: WorkerWarmedUp["warmedUp"]) => void;
  /**
   * A worker without runs for this long is stopped (DETECTION_THREAD_IDLE_MS; 0: never). Its heap,
   * grown by a large incident, is given back only so: V8 keeps a thread's pages committed.
   */
  idleMs?: number;
  /**
   * Threads started with the pool, before any run, and kept started (DETECTION_THREADS_READY;
   * at most `threads`). A large incident on a new thread waits for it to load its code and start
   * its helper: a 100k-log one took 1.9-2.8 s against 1.4-1.6 s on a thread started beforehand.
   * One stopped after idleMs is replaced at once, so a ready thread holds no incident's heap:
   * about 80 MB of idle RSS with its helper, 45 MB without.
   */
  ready?: number;
}): WorkerDetector {
  const threads = Math.max(1, opts.threads);
  const slots: Slot[] = [];
  let nextId = 1;
  let closing: Promise<void> | undefined;
  const inFlight = new Set<Promise<WireOutcome[]>>();
  const entry = workerScript("detection-entry");
  // Runs in flight across the pool, for the workers to read (helper.ts, spareCore).
  const busy = new Int32Array(new SharedArrayBuffer(4));
  const ready = Math.min(threads, Math.max(0, opts.ready ?? 0));
  let started = 0;
  let warmedUp = 0;

  /** `ready`: started to wait for the next large incident (keepReady), which it warms up for (warm-up.ts). */
  const spawn = (large: boolean, ready = false): Slot => {
    const worker = inRootScope(
      () => new Worker(entry.script, { eval: entry.eval, workerData: { config: opts.config, busy, large, ready }, resourceLimits: threadLimits() }),
    );
    const slot: Slot = { worker, pending: new Map() };
    started++;
    const fail = (err: Error) => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on("message", (reply: WorkerReply | WorkerWarning | WorkerWarmedUp) => {
      if ("warning" in reply) return opts.onWarning?.(reply.warning);
      if ("warmedUp" in reply) {
        warmedUp++;
        return opts.onWarmedUp?.(reply.warmedUp);
      }
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.outcomes);
      else p.reject(toError(reply.error));
    });
    worker.on("error", (err) => fail(new Error(`detection worker failed: ${err.message}`)));
    worker.on("exit", (code) => fail(new Error(`detection worker exited with code ${code}`)));
    slots.push(slot);
    return slot;
  };

  const idleMs = opts.idleMs ?? 0;
  /** Starts threads until `ready` run. The helper starts with each (large): it is what a large incident needs first. */
  const keepReady = () => {
    while (!closing && slots.length < ready) spawn(true, true);
  };
  const retire = (slot: Slot) => {
    if (slot.pending.size > 0) return;
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    void slot.worker.terminate();
    // Its heap goes back to the system; a new thread, which holds none, is ready in its place.
    keepReady();
  };
  const releaseWhenIdle = (slot: Slot) => {
    if (idleMs <= 0 || slot.pending.size > 0 || closing) return;
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => retire(slot), idleMs);
    slot.idle.unref();
  };

  const pick = (large: boolean): Slot => {
    let best: Slot | undefined;
    for (const s of slots) if (!best || s.pending.size < best.pending.size) best = s;
    // Start another thread only when every running one is busy.
    if (slots.length < threads && (!best || best.pending.size > 0)) return spawn(large);
    return best ?? spawn(large);
  };

  const runBatch = async (requests: readonly DetectRequest[], trigger: Trigger, large = false): Promise<Outcome[]> => {
    if (closing) throw new Error("detector is closed");
    const startedAt = performance.now();
    const slot = pick(large);
    clearTimeout(slot.idle);
    const id = nextId++;
    // Counted before the worker can see the request.
    Atomics.store(busy, 0, inFlight.size + 1);
    const done = new Promise<WireOutcome[]>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, requests: [...requests], trigger } satisfies WorkerRequest);
    });
    inFlight.add(done);
    try {
      const wire = await done;
      return wire.map((w): Outcome => {
        const outcome: Outcome = w.ok ? { ok: true, response: answerFromRendered(w.rendered) } : { ok: false, error: toError(w.error) };
        recordRun(opts.metrics, trigger, startedAt, outcome.ok ? { response: outcome.response } : { error: outcome.error });
        return outcome;
      });
    } catch (error) {
      for (let i = 0; i < requests.length; i++) recordRun(opts.metrics, trigger, startedAt, { error });
      throw error;
    } finally {
      inFlight.delete(done);
      Atomics.store(busy, 0, inFlight.size);
      releaseWhenIdle(slot);
    }
  };
  keepReady();
  return {
    ...batchDetector(runBatch),
    runBatch,
    get size() {
      return slots.length;
    },
    get started() {
      return started;
    },
    get warmedUp() {
      return warmedUp;
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        for (const s of slots) clearTimeout(s.idle);
        await Promise.all(slots.map((s) => s.worker.terminate()));
        slots.length = 0;
      })();
      return closing;
    },
  };
}
