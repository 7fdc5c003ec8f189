/**
 * A detection thread's helper thread, and how the detection thread uses it. Beside the detection
 * thread, for a large incident, the helper computes the templates' bursts, fits and scores the
 * Isolation Forest and computes the lessons for the memory, and it reads the newer half of a
 * large list or sorted set on its own Valkey connection.
 *
 * In detect(), the forest (fit and score, about a third of detection at 100k logs) needs only the
 * feature columns and the reference part, and the quality work (templates, baselines, evidence)
 * needs no forest. A detection thread therefore hands the forest to its helper and does
 * the quality work meanwhile: two cores instead of one for the largest part of an incident's CPU.
 * The bursts (patterns.ts, runBursts) likewise need only the templates and typed columns, and
 * are needed only after the baselines, which the detection thread builds meanwhile; the lessons
 * need only the flagged lines, and are needed only by the memory, after conclude.
 * The answer is the same as detect()'s, bit for bit (the forest is seeded and every input copied).
 *
 * The reads: the helper reads the newer half of a large list or sorted set while the detection
 * thread reads the older half (log-store.ts, readSplit).
 *
 * If the helper fails or exits, that incident's forest, bursts and lessons (or half of the logs)
 * are computed here instead, and the next incident starts a new helper. When the pool has more
 * runs in flight than the cores can carry with helpers (spareCore), the detection thread does
 * all of it.
 */
import type { Worker } from "node:worker_threads";
import {
  assess,
  baselinesOf,
  conclude,
  detect,
  finishAssess,
  prepare,
  preparedLogs,
  runForest,
  startAssess,
  type DetectInput,
  type ForestInput,
} from "../detection/detect.js";
import type { ForestSignal } from "../detection/evidence/classify.js";
import { runBursts, type BurstInput } from "../detection/templates/patterns.js";
import { lessonsFromColumns, type LessonColumns } from "../detection/history/lessons.js";
import type { ServiceLesson } from "../detection/history/shapes.js";
import type { BurstStats } from "../detection/templates/bursts.js";
import type { DetectOptions, DetectionOutput } from "../detection/types.js";
import type { Config } from "../config.js";
import type { RangePart, RangeRequest } from "../valkey/log-store.js";
import { newHelperWorker } from "./early-helper.js";
import { scoreBlocks, scoringControl, type SharedScoring } from "./shared-scoring.js";
import { inRootScope } from "./root-scope.js";

/** Below this many logs a thread hop costs more than it saves. */
export const FOREST_THREAD_MIN_LOGS = 10_000;

/** From this many logs in a list or sorted set, the helper reads the newer half. */
export const SPLIT_READ_MIN_LOGS = 20_000;

/**
 * Whether a detection may use its helper now: only while a core is free for it. Each run in
 * flight in the worker pool keeps a core busy and a run with its helper two. With two cores, a
 * second large incident at the same time makes the helpers a cost, not a gain (two concurrent
 * 1M-log incidents: 6.3 s and 1272 MB peak with helpers, 5.4 s and 1126 MB without).
 */
export function spareCore(runsInFlight: number, cores: number): boolean {
  return runsInFlight * 2 <= cores;
}

type HelperWork = { input: ForestInput; control?: Int32Array } | { bursts: BurstInput } | { lessons: LessonColumns } | { read: RangeRequest };
export type HelperRequest = HelperWork & { id: number };
/** From the helper while it scores a forest: the shared arrays, for this thread to score blocks too (shared-scoring.ts). */
export type ScoringOffer = { id: number; scoring: SharedScoring };
export type HelperReply =
  | { id: number; ok: true; signal: ForestSignal }
  | { id: number; ok: true; bursts: BurstStats }
  | { id: number; ok: true; lessons: ServiceLesson[] }
  | { id: number; ok: true; range: RangePart }
  | { id: number; ok: false; message: string };

export interface ForestRunner {
  /** The forest's signal from the helper thread; rejects when the helper fails. */
  run(input: ForestInput): Promise<ForestSignal>;
  /** The templates' bursts (runBursts) from the helper thread; rejects when the helper fails. */
  bursts(input: BurstInput): Promise<BurstStats>;
  /** The incident's lessons for the memory (lessonsFromColumns) from the helper thread; rejects when the helper fails. */
  lessons(input: LessonColumns): Promise<ServiceLesson[]>;
  /** Stops the helper (a later run starts a new one). */
  close(): Promise<void>;
  /** Forests the helper has returned so far. */
  readonly completed: number;
}

/** A helper that also reads half of a large incident's logs, on its own Valkey connection. */
export interface HelperThread extends ForestRunner {
  read(req: RangeRequest): Promise<RangePart>;
  /** Ranges the helper has returned so far. */
  readonly ranges: number;
  /** Blocks of a forest's rows this thread scored while it waited for that forest. */
  readonly blocksScoredHere: number;
}

/**
 * The helper thread. With `config`, it can read (createValkey on first use, in the helper);
 * without, only the forest is asked of it.
 */
export function createHelperThread(config?: Config, early?: Worker): HelperThread {
  let worker: Worker | undefined;
  const pending = new Map<number, { resolve: (r: HelperReply & { ok: true }) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let completed = 0;
  let ranges = 0;
  let blocksScoredHere = 0;

  /** Listens to `w` as the helper (a new one, or one started early by early-helper.ts). */
  const adopt = (w: Worker): Worker => {
    const fail = (err: Error) => {
      if (worker === w) worker = undefined;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    w.on("message", (reply: HelperReply | ScoringOffer) => {
      // This thread waits for that forest only once its own work is done: it scores blocks too.
      if ("scoring" in reply) {
        blocksScoredHere += scoreBlocks(reply.scoring);
        return;
      }
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (!reply.ok) return p.reject(new Error(`helper thread: ${reply.message}`));
      p.resolve(reply);
    });
    w.on("error", (err) => fail(new Error(`helper thread failed: ${err.message}`)));
    w.on("exit", (code) => fail(new Error(`helper thread exited with code ${code}`)));
    return w;
  };
  // Started during a detection run, it must not keep that run alive (root-scope.ts).
  const start = (): Worker => adopt(inRootScope(() => newHelperWorker(config)));
  if (early) worker = adopt(early);

  const ask = (msg: HelperWork, transfer: ArrayBuffer[] = []): Promise<HelperReply & { ok: true }> => {
    worker ??= start();
    const id = nextId++;
    const w = worker;
    // Referenced only while it has work: an idle helper must not keep a finished process alive.
    w.ref();
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      try {
        w.postMessage({ id, ...msg } satisfies HelperRequest, transfer);
      } catch (err) {
        pending.delete(id);
        reject(err as Error);
      }
    });
  };

  return {
    async run(input) {
      const copy = transferableCopy(input);
      const reply = await ask({ input: copy.input, control: scoringControl() }, copy.transfer);
      if (!("signal" in reply)) throw new Error("helper thread: answered a forest with a range");
      completed++;
      return reply.signal;
    },
    async bursts(input) {
      const copy = transferableBursts(input);
      const reply = await ask({ bursts: copy.input }, copy.transfer);
      if (!("bursts" in reply)) throw new Error("helper thread: answered bursts with something else");
      return reply.bursts;
    },
    async lessons(input) {
      const copy = transferableLessons(input);
      const reply = await ask({ lessons: copy.input }, copy.transfer);
      if (!("lessons" in reply)) throw new Error("helper thread: answered lessons with something else");
      return reply.lessons;
    },
    async read(req) {
      if (!config) throw new Error("helper thread: started without a Valkey configuration");
      const reply = await ask({ read: req });
      if (!("range" in reply)) throw new Error("helper thread: answered a range with a forest");
      ranges++;
      return reply.range;
    },
    get completed() {
      return completed;
    },
    get ranges() {
      return ranges;
    },
    get blocksScoredHere() {
      return blocksScoredHere;
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

/**
 * The forest's input for the helper. Columns in shared memory go as they are. Others are copied
 * into buffers of their own and moved rather than cloned: the detection thread keeps reading its
 * columns, and a structured clone of them costs far more than one copy (at 1M logs, 150 ms of
 * the detection thread's time against about 10 for the copy, plus the page faults of 40 MB of
 * new memory, which the shared columns of a two-thread read also save).
 */
function transferableCopy(input: ForestInput): { input: ForestInput; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const moved = movedCopy(transfer);
  const columns = input.columns.map(moved);
  const fitMask = input.fitMask && moved(input.fitMask);
  return { input: { ...input, columns, fitMask }, transfer };
}

/**
 * A copy of `c` in a buffer of its own, listed in `transfer` (moved, not cloned); columns in
 * shared memory (two threads read the incident: features/row-features.ts) as they are: the
 * helper reads them, nothing writes them while it does.
 */
function movedCopy(transfer: ArrayBuffer[]): <T extends Float64Array | Int32Array | Uint8Array>(c: T) => T {
  return (c) => {
    if (c.buffer instanceof SharedArrayBuffer) return c;
    const copy = c.slice() as typeof c;
    transfer.push(copy.buffer as ArrayBuffer);
    return copy;
  };
}

/** The lessons' input for the helper: its columns cut to the rows, copied and moved as the forest's are (transferableCopy). */
function transferableLessons(input: LessonColumns): { input: LessonColumns; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const moved = movedCopy(transfer);
  const rows = <T extends Float64Array | Int32Array | Uint8Array>(c: T): T => moved(c.subarray(0, input.n) as T);
  const out: LessonColumns = {
    ...input,
    serviceOf: rows(input.serviceOf),
    timestampMs: rows(input.timestampMs),
    levelSeverity: rows(input.levelSeverity),
    responseTime: rows(input.responseTime),
    memoryUsage: rows(input.memoryUsage),
    templateOf: rows(input.templateOf),
  };
  if (input.flagged) out.flagged = rows(input.flagged);
  return { input: out, transfer };
}

/** The bursts' input for the helper, copied and moved as the forest's is (transferableCopy). */
function transferableBursts(input: BurstInput): { input: BurstInput; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const moved = movedCopy(transfer);
  const n = input.templateOf.length;
  const { reference, wordings } = input;
  return {
    input: {
      ...input,
      templateOf: moved(input.templateOf),
      occurrences: moved(input.occurrences),
      inReference: moved(input.inReference),
      serviceOf: moved(input.serviceOf),
      reference: { ...reference, mask: moved(reference.mask), quietBins: moved(reference.quietBins) },
      timestampMs: input.timestampMs && moved(input.timestampMs),
      routeOf: input.routeOf && moved(input.routeOf),
      // Only the rows' shapes are read: a column sized for more rows crosses cut to them.
      wordings: wordings && { ...wordings, shapeOf: moved(wordings.shapeOf.subarray(0, n)), skeletonOfShape: moved(wordings.skeletonOfShape) },
      periodic: moved(input.periodic),
      levelSeverity: input.levelSeverity && moved(input.levelSeverity),
    },
    transfer,
  };
}

/**
 * detect(), with the forest on `thread` when the incident has at least `minLogs` logs (below
 * that, a thread hop costs more than the forest).
 */
export async function detectBeside(
  thread: ForestRunner,
  minLogs: number,
  logs: DetectInput,
  options: DetectOptions,
  onHelperFailure?: (err: Error) => void,
): Promise<DetectionOutput> {
  if (preparedLogs(logs).table.length < minLogs) return detect(logs, options);
  const p = prepare(logs, options);
  if (!p.forest) return conclude(p, assess(p), undefined);
  const input = p.forest;
  // A failed helper costs time, not the answer: its work is done here, and the failure reported once.
  let failed = false;
  const fallBack =
    <T>(work: () => T) =>
    (err: Error): T => {
      if (!failed) onHelperFailure?.(err);
      failed = true;
      return work();
    };
  const started = startAssess(p);
  // Both posted before the rest of the quality work starts, so that both threads work at once:
  // the bursts first, as they are needed first (templates' evidence), the forest last (conclude).
  const bursts = thread.bursts(started.bursts).catch(fallBack(() => runBursts(started.bursts)));
  const forest = thread.run(input).catch(fallBack(() => runForest(input)));
  const baselined = baselinesOf(p, started);
  const a = finishAssess(p, baselined, await bursts);
  // The lessons are asked for as soon as conclude knows the lines they leave out, and computed
  // there while conclude types the lines and writes their reasons.
  let lessons: Promise<ServiceLesson[]> | undefined;
  const out = conclude(p, a, await forest, (columns) => {
    lessons = thread.lessons(columns).catch(fallBack(() => lessonsFromColumns(columns)));
  });
  if (lessons) out.lessons = await lessons;
  return out;
}
