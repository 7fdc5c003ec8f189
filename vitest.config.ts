import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Every core: left to its default, vitest ran the unit files about one at a time on 2 cores
    // (91 s against 70 s for the unit project on an AMD EPYC VM). The integration files run one at
    // a time whatever this says (fileParallelism below).
    maxWorkers: "100%",
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Unit files first, then the integration files alone: side by side on 2 cores the
          // integration files' processes and servers wait on CPU and the suite took 288-317 s;
          // one after the other, about 65 s and 127 s.
          sequence: { groupOrder: 0 },
          // The unit files share no mocks, stubbed globals or environment changes: one module graph
          // per worker instead of one per file.
          isolate: false,
          // The CLI tests run the whole pipeline in-process; a loaded 2-core machine needs more than 5 s.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          globalSetup: ["test/global-setup.ts"],
          // Files share one server and some kill or restart processes: one file at a time.
          fileParallelism: false,
          // One module graph for all of them: imported once instead of once per file (about 17 s
          // less on 2 cores). The files share no mocks or stubbed globals; each builds its own app.
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
