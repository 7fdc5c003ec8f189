import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * How to start the worker thread whose entry module is `name` (beside this file): the built .js,
 * or under tsx/vitest (sources are .ts) a bootstrap that registers tsx first.
 */
export function workerScript(name: string): { script: string; eval: boolean } {
  const url = new URL(`./${name}.js`, import.meta.url);
  if (!import.meta.url.endsWith(".ts")) return { script: fileURLToPath(url), eval: false };
  const ts = new URL(`./${name}.ts`, import.meta.url).href;
  // require.resolve gives the CommonJS build; its ES module twin sits beside it.
  const api = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  return { script: `import(${JSON.stringify(api)}).then((m) => m.register()).then(() => import(${JSON.stringify(ts)}));`, eval: true };
}
