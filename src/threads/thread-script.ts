import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Heap limits of the detection threads. A young generation of 96 MB (V8's default for a worker is
 * 48) lets most of a large read's garbage die before it is copied: a 100k-log request took
 * 7-24 ms less (interleaved A/B, 15-21 requests a side), for 30 MB more peak RSS at 1M logs.
 */
export const DETECTION_THREAD_LIMITS = { maxYoungGenerationSizeMb: 96 } as const;

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
