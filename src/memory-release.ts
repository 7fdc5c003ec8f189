import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Gives memory back after a large incident. V8 keeps the heap it grew to while nothing forces a
 * full collection, so one large incident would keep the process hundreds of MB above idle for
 * good. After a run that left the resident set well above where it stood after the last
 * release, one full collection is made once the thread has been quiet for a while.
 *
 * Not sooner: a forced collection frees the last incident's objects while nothing holds their
 * hidden classes, and V8 then throws away the optimised code that depended on them (traced:
 * about a hundred functions deoptimised, "weak objects"). A warm thread's next 100k-log
 * incident took 790-990 ms after that against about 500 ms without, so a collection one second
 * after each large run slowed every incident of a burst that came a few seconds apart.
 */

/** Growth of the resident set (bytes) that is worth a full collection. */
const GROWTH_BYTES = 256 * 1024 * 1024;
/**
 * Quiet time before collecting, so that the incidents of a burst keep their compiled code. Of
 * the order of V8's own memory reducer, which waits 8 s of inactivity before it shrinks a heap
 * (and likewise costs the code).
 */
export const RELEASE_QUIET_MS = 10_000;

let gc: (() => void) | undefined;
let baseline = process.memoryUsage.rss();
let timer: NodeJS.Timeout | undefined;

function collector(): () => void {
  if (gc) return gc;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === "function") gc = exposed;
  else {
    // The flag exposes `gc` to contexts created from now on; this thread's own is one of them.
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  return gc;
}

/** Called after each detection run on this thread. */
export function releaseMemoryWhenIdle(): void {
  clearTimeout(timer);
  if (process.memoryUsage.rss() - baseline < GROWTH_BYTES) return;
  timer = setTimeout(() => {
    collector()();
    baseline = process.memoryUsage.rss();
  }, RELEASE_QUIET_MS);
  timer.unref();
}
