import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // The CLI tests run the whole pipeline in-process; a loaded 2-core machine needs more than 5 s.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
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
