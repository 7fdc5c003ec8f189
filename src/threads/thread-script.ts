import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";

/**
 * Heap limits of the detection threads. A young generation of 96 MB (V8's default for a worker is
 * 48) lets most of a large read's garbage die before it is copied: a 100k-log request took
 * 7-24 ms less (interleaved A/B, 15-21 requests a side), for 30 MB more peak RSS at 1M logs.
 */
const DETECTION_THREAD_LIMITS = { maxYoungGenerationSizeMb: 96 } as const;

/** The old generation a detection or helper thread's heap starts with, MB (threadLimits). */
const THREAD_INITIAL_OLD_SPACE_MB = 256;

let flagsSet = false;

/**
 * The `resourceLimits` of a new detection or helper thread, after making sure its heap will start
 * with an old generation of THREAD_INITIAL_OLD_SPACE_MB. Unless the embedder gives a heap an
 * initial size, V8 lowers its first full-collection limit to a little above what it holds while
 * young objects mostly die, which is right for a small heap and wrong for a thread whose heap
 * grows from nothing to hundreds of MB within one incident: it marked its whole old generation
 * again and again (25 full collections in twelve warm 100k-log requests of one service; 2 with
 * the initial size). Node's resourceLimits has no initial size, so it is V8's flag, set once
 * before the first thread starts. V8 reads it when it creates a heap: it applies to the threads
 * started afterwards, not to the main thread's heap, made before.
 *
 * The start command's --max-semi-space-size (package.json, the Dockerfile) is for the main
 * thread's heap, but V8 lets that flag override every later heap's resourceLimits too: the
 * threads would get a young generation of 16 MB instead of 96. It is lifted (0: unset) here, for
 * the heaps made from now on; the main thread's keeps its own.
 */
export function threadLimits(): typeof DETECTION_THREAD_LIMITS {
  if (!flagsSet) {
    setFlagsFromString(`--initial-old-space-size=${THREAD_INITIAL_OLD_SPACE_MB}`);
    setFlagsFromString("--max-semi-space-size=0");
    flagsSet = true;
  }
  return DETECTION_THREAD_LIMITS;
}

/**
 * How to start the worker thread whose entry module is `name` (beside this file): the built
 * entry bundled into one file (bundled/, scripts/bundle-threads.js) when the build made one, else
 * the built .js; under tsx/vitest (sources are .ts) a bootstrap that registers tsx first. Inside a
 * bundle this file is the bundle itself, in bundled/, so `./name.js` is the other bundle.
 */
export function workerScript(name: string): { script: string; eval: boolean } {
  if (!import.meta.url.endsWith(".ts")) {
    const bundled = fileURLToPath(new URL(`./bundled/${name}.js`, import.meta.url));
    return { script: existsSync(bundled) ? bundled : fileURLToPath(new URL(`./${name}.js`, import.meta.url)), eval: false };
  }
  const ts = new URL(`./${name}.ts`, import.meta.url).href;
  // require.resolve gives the CommonJS build; its ES module twin sits beside it.
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  return { script: `import(${JSON.stringify(api)}).then((m) => m.register()).then(() => import(${JSON.stringify(ts)}));`, eval: true };
}
