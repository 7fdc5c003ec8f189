/**
 * The node options the service is deployed with, read from package.json's start script (the
 * Dockerfile's CMD carries the same, which a test checks), so that the bench and the soak test
 * run the process as it is deployed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

/** The words between `node` and the script in package.json's start script. */
export function startNodeArgs(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { main: string; scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words[0] !== "node" || words.at(-1) !== pkg.main)
    throw new Error(`package.json's start script is not "node [options] ${pkg.main}": ${pkg.scripts.start}`);
  return words.slice(1, -1);
}
