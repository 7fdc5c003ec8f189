import { afterEach, describe, expect, it, vi } from "vitest";

/** The module as a thread loads it, with `gc` and the resident set under the test's control. */
async function load(rss: { now: number }) {
  vi.resetModules();
  vi.spyOn(process.memoryUsage, "rss").mockImplementation(() => rss.now);
  const collections: number[] = [];
  (globalThis as { gc?: () => void }).gc = () => collections.push(Date.now());
  const mod = await import("../../src/memory-release.js");
  return { ...mod, collections };
}

const MB = 1024 * 1024;

/** The module with fake timers, after a run that took the resident set from 100 MB to `mb`. */
async function afterRun(mb: number) {
  vi.useFakeTimers();
  const rss = { now: 100 * MB };
  const mod = await load(rss);
  rss.now = mb * MB;
  return mod;
}

describe("releaseMemoryWhenIdle", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    delete (globalThis as { gc?: () => void }).gc;
  });

  it("collects once the thread has been quiet for the whole quiet time after a large run", async () => {
    const { releaseMemoryWhenIdle, RELEASE_QUIET_MS, collections } = await afterRun(500);
    releaseMemoryWhenIdle();
    vi.advanceTimersByTime(RELEASE_QUIET_MS - 1);
    expect(collections).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(collections).toHaveLength(1);
  });

  it("does not collect between the incidents of a burst a few seconds apart", async () => {
    const { releaseMemoryWhenIdle, RELEASE_QUIET_MS, collections } = await afterRun(500);
    // A collection throws away the thread's optimised code: none while runs keep coming.
    for (let i = 0; i < 5; i++) {
      releaseMemoryWhenIdle();
      vi.advanceTimersByTime(3000);
    }
    expect(collections).toHaveLength(0);
    vi.advanceTimersByTime(RELEASE_QUIET_MS);
    expect(collections).toHaveLength(1);
  });

  it("does not collect after a run that left the resident set near where it was", async () => {
    const { releaseMemoryWhenIdle, RELEASE_QUIET_MS, collections } = await afterRun(200);
    releaseMemoryWhenIdle();
    vi.advanceTimersByTime(2 * RELEASE_QUIET_MS);
    expect(collections).toHaveLength(0);
  });
});
