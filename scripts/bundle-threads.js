// The detection threads' entry files, each bundled in place with everything it imports (the
// service's own modules and its dependencies): <out>/threads/detection-entry.js and
// <out>/threads/helper-thread.js, out = the first argument or dist. A thread loads one file
// instead of resolving, reading and linking several hundred modules (LangGraph and LangChain's
// core are most of them), so a thread started for an incident is ready sooner: the first request
// on a new thread, and so the first after start or after DETECTION_THREAD_IDLE_MS, is faster
// (docs/performance.md#threads). The main thread keeps the compiled modules as tsc wrote them.
import { build } from "esbuild";
import path from "node:path";

const out = process.argv[2] ?? "dist";
const entries = ["threads/detection-entry.js", "threads/helper-thread.js"].map((f) => path.join(out, f));

await build({
  entryPoints: entries,
  outdir: path.join(out, "threads"),
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // CommonJS dependencies (ioredis) call require() for Node's own modules: an ES module has none.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // tsc's source maps are followed, so a stack trace still points into src/ under --enable-source-maps.
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning",
});
