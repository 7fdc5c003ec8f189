/**
 * The forest's scoring shared between the helper thread and the detection thread. The helper
 * fits the forest, finds the distinct rows, puts both in shared memory and tells the detection
 * thread; then both take blocks of rows from a shared counter until none is left, whichever is
 * free: the detection thread only once it waits for the forest (its own work done), the helper
 * from the start. Each row's sum over the trees is computed by one thread, in tree order, so
 * the scores are the same bit for bit whoever computed which block.
 */
import { distinctRows, pathSumsOfBlock, SCORE_BLOCK, scoresFromPathSums, type IsolationForest } from "../detection/forest/isolation-forest.js";
import { fitForest, forestSignal, type ForestInput } from "../detection/detect.js";
import type { ForestSignal } from "../detection/evidence/classify.js";

/** Slots of the control array: the next block to take, the blocks done. */
const NEXT = 0;
const DONE = 1;

/** A new control array, one per forest (the detection thread makes it and posts it with the input). */
export function scoringControl(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/** What both threads score from: every array in shared memory. */
export interface SharedScoring {
  forest: IsolationForest;
  x: Float64Array;
  u: number;
  pathSum: Float64Array;
  control: Int32Array;
}

/** A copy of `a` in shared memory. */
function shared<T extends Float64Array | Int32Array>(a: T): T {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** Takes blocks until none is left; returns how many this thread scored. */
export function scoreBlocks(s: SharedScoring): number {
  const blocks = Math.ceil(s.u / SCORE_BLOCK);
  let mine = 0;
  for (;;) {
    const b = Atomics.add(s.control, NEXT, 1);
    if (b >= blocks) return mine;
    const start = b * SCORE_BLOCK;
    pathSumsOfBlock(s.forest, s.x, start, Math.min(s.u, start + SCORE_BLOCK), s.pathSum);
    Atomics.add(s.control, DONE, 1);
    Atomics.notify(s.control, DONE);
    mine++;
  }
}

/**
 * runForest on the helper, its scoring shared: `announce` posts the shared arrays to the
 * detection thread, which joins in with scoreBlocks when it is free. Waits for the blocks the
 * other thread took before it scores the rows.
 */
export function runForestShared(input: ForestInput, control: Int32Array, announce: (s: SharedScoring) => void): ForestSignal {
  const fitted = fitForest(input);
  const rows = distinctRows(input.columns, input.n);
  const forest: IsolationForest = {
    ...fitted,
    feature: shared(fitted.feature),
    threshold: shared(fitted.threshold),
    pathLength: shared(fitted.pathLength),
  };
  const s: SharedScoring = { forest, x: shared(rows.x), u: rows.u, pathSum: new Float64Array(new SharedArrayBuffer(8 * rows.u)), control };
  announce(s);
  scoreBlocks(s);
  const blocks = Math.ceil(s.u / SCORE_BLOCK);
  for (let done = Atomics.load(control, DONE); done < blocks; done = Atomics.load(control, DONE)) Atomics.wait(control, DONE, done, 50);
  return forestSignal(input, scoresFromPathSums(forest, s.pathSum, rows, input.n));
}
