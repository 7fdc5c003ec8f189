// The detection threads' entry files, each bundled with everything it imports (the service's own
// modules and its dependencies) into <out>/threads/bundled/, out = the first argument or dist. A
// thread loads one file instead of resolving, reading and linking about 700 modules (LangGraph
// and LangChain's core are most of them), so a thread started for an incident is ready sooner:
// the first request on a new thread, and so the first after start or after
// DETECTION_THREAD_IDLE_MS, is faster (docs/performance.md#threads). The pool starts a bundle
// when there is one (src/threads/thread-script.ts); the main thread keeps tsc's modules. The
// bundles are written beside tsc's output, never over it: an incremental tsc build re-emits only
// what changed, and a bundle built from an earlier bundle would keep its stale code.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";

const out = process.argv[2] ?? "dist";
const entries = ["threads/detection-entry.js", "threads/helper-thread.js"].map((f) => path.join(out, f));
const outdir = path.join(out, "threads/bundled");
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // CommonJS dependencies (ioredis) call require() for Node's own modules, and some read
  // __dirname (ioredis, on paths the service does not take today): an ES module has neither.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      "const __dirname = __pathDirname(__filename);",
    ].join(" "),
  },
  // tsc's source maps are followed, so a stack trace still points into src/ under --enable-source-maps.
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
});
