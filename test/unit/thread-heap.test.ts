import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * The start of both scripts below: threadLimits() and `run`, which starts a thread on `code`
 * with `resourceLimits` and resolves with its one message.
 */
const PRELUDE = `
import { Worker } from "node:worker_threads";
import { threadLimits } from ${JSON.stringify(new URL("../../src/threads/thread-script.ts", import.meta.url).href)};
const run = (code, resourceLimits) =>
  new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, resourceLimits });
    w.once("message", (m) => { resolve(m); void w.terminate(); });
    w.once("error", reject);
  });
`;

/**
 * In a process of its own (V8's flags are process-wide, and this one's may have been set by
 * another test), the same thread twice: started with plain resource limits, then with
 * threadLimits(). Its heap grows from nothing to about 100 MB of live objects among as much
 * garbage, as a detection thread's does while it reads an incident, and it answers with the
 * number of full (mark-compact) collections it made meanwhile.
 */
const SCRIPT = `${PRELUDE}
const GROWING_HEAP = \`(async () => {
const { parentPort } = await import("node:worker_threads");
const { PerformanceObserver, constants } = await import("node:perf_hooks");
let full = 0;
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail && e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++;
});
observer.observe({ entryTypes: ["gc"] });
const kept = [];
for (let i = 0; i < 2000000; i++) {
  const line = { row: i, message: "GET /api/orders/" + i + " 200 in " + (i % 97) + "ms" };
  if (i % 2 === 0) kept.push(line);
}
// GC entries are delivered after the collection, on a later turn of the event loop.
setTimeout(() => { observer.disconnect(); parentPort.postMessage({ full, kept: kept.length }); }, 50);
})();\`;
const plain = await run(GROWING_HEAP, { maxYoungGenerationSizeMb: 96 });
const configured = await run(GROWING_HEAP, threadLimits());
console.log(JSON.stringify({ plain, configured }));
`;

/**
 * In a process started as the service is (its start command caps the main thread's semi-spaces
 * at 8 MB), a thread that churns through short-lived objects, started before threadLimits() and
 * with it: the size its young generation grew to.
 */
const YOUNG_SCRIPT = `${PRELUDE}
const CHURN = \`(async () => {
const v8 = await import("node:v8");
const { parentPort } = await import("node:worker_threads");
let batch = [];
for (let i = 0; i < 4000000; i++) { batch.push({ row: i, text: "line " + i }); if (batch.length > 100000) batch = []; }
parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size);
})();\`;
const before = await run(CHURN, { maxYoungGenerationSizeMb: 96 });
const configured = await run(CHURN, threadLimits());
console.log(JSON.stringify({ before, configured }));
`;

describe("detection threads' heaps", () => {
  it("keep their own young generation when the process is started with a small one for its main thread", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--max-semi-space-size=8", "--import", "tsx", "--input-type=module", "-e", YOUNG_SCRIPT]);
    const { before, configured } = JSON.parse(stdout) as Record<"before" | "configured", number>;
    const MB = 2 ** 20;
    // The command-line cap overrides a thread's resourceLimits...
    expect(before).toBeLessThanOrEqual(16 * MB);
    // ...until threadLimits() lifts it for the heaps made after.
    expect(configured).toBeGreaterThan(16 * MB);
  });

  it("start with an old generation large enough that a growing heap is not fully collected again and again", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT]);
    const { plain, configured } = JSON.parse(stdout) as Record<"plain" | "configured", { full: number; kept: number }>;
    expect(plain.kept).toBe(1_000_000);
    expect(configured.kept).toBe(1_000_000);
    // V8's default for a new heap: the same growth costs full collections.
    expect(plain.full).toBeGreaterThanOrEqual(1);
    expect(configured.full).toBe(0);
  });
});
