import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Gives memory back after a large incident. V8 keeps the heap it grew to while nothing forces a
 * full collection, so one large incident would keep the process hundreds of MB above idle for
 * good. After a run that left the resident set well above where it stood after the last
 * release, one full collection is made once the thread has been idle for a moment.
 */

/** Growth of the resident set (bytes) that is worth a full collection. */
const GROWTH_BYTES = 256 * 1024 * 1024;
/** Quiet time before collecting, so a burst of runs is not slowed by collections between them. */
const IDLE_MS = 1000;

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
  }, IDLE_MS);
  timer.unref();
}
