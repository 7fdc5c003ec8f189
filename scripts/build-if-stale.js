// `npm start` builds only when the sources changed since the last build: a full TypeScript build
// takes tens of seconds on a small machine, a check of modification times a few milliseconds.
// Stale: dist/.build-stamp is missing, or something under src/ (a file, or a folder whose
// entries were added or removed), a tsconfig or package-lock.json is newer than it.
import { execSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const STAMP = "dist/.build-stamp";
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

/** Newest modification time (ms) under `p`, folders included; 0 when it does not exist. */
function newest(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  let t = st.mtimeMs;
  if (st.isDirectory()) for (const name of readdirSync(p)) t = Math.max(t, newest(path.join(p, name)));
  return t;
}

/** The first input newer than the stamp (why a build is needed), or undefined when dist/ is current. */
export function staleBecause(root) {
  const stamp = newest(path.join(root, STAMP));
  if (stamp === 0) return `no ${STAMP}`;
  for (const input of INPUTS) if (newest(path.join(root, input)) > stamp) return `${input} changed`;
  return undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = process.cwd();
  const why = staleBecause(root);
  if (why === undefined) {
    process.stderr.write("dist/ is up to date with src/: not rebuilding (npm run build forces a build)\n");
  } else {
    process.stderr.write(`building dist/ (${why})…\n`);
    const started = Date.now();
    execSync("npm run build", { stdio: "inherit", cwd: root });
    writeFileSync(path.join(root, STAMP), `${new Date().toISOString()}\n`);
    process.stderr.write(`built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
