import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * The service's sources transpiled file by file to JavaScript (what tsx does on every start,
 * done once), in a temporary directory laid out like the checkout: `<dir>/src/main.js`, the
 * page's files beside their module, package.json, node_modules linked to the checkout's, and
 * the faults tests' preload at `<dir>/test/helpers/fault-injection.js`.
 * The integration tests start their service and CLI processes from it: a process then starts
 * in about half the time it takes through tsx's loader, and there are dozens of them. Types
 * are checked by `npm run typecheck`, not here. Returns the directory; `removeSourceBuild`
 * deletes it.
 */
export async function transpileSources(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "anomaly-src-"));
  const src = path.join(ROOT, "src");
  const files = filesUnder(src);
  await build({
    // The fault-injection preload too (faults.test.ts): it imports nothing.
    entryPoints: [...files.filter((f) => f.endsWith(".ts")), path.join(ROOT, "test/helpers/fault-injection.ts")],
    outdir: dir,
    outbase: ROOT,
    bundle: false,
    platform: "node",
    target: "node20",
    format: "esm",
    logLevel: "error",
  });
  for (const f of files.filter((f) => !f.endsWith(".ts"))) {
    const to = path.join(dir, "src", path.relative(src, f));
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(f, to);
  }
  copyFileSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

export function removeSourceBuild(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
