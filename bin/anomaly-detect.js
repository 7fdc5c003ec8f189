#!/usr/bin/env node
// The operator CLI (src/cli/). In a checkout with its dev dependencies it runs the TypeScript
// sources through tsx, so it is never older than the code beside it and needs no build; where
// tsx is absent (an install with --omit=dev, the Docker image) it runs the compiled dist/.
import { existsSync } from "node:fs";

const src = new URL("../src/cli/main.ts", import.meta.url);
const dist = new URL("../dist/cli/main.js", import.meta.url);

let entry;
if (existsSync(src)) {
  try {
    const { register } = await import("tsx/esm/api");
    register();
    entry = src;
  } catch {
    // no tsx: fall through to dist/
  }
}
entry ??= existsSync(dist) ? dist : undefined;
if (!entry) {
  process.stderr.write("anomaly-detect: neither tsx (npm ci) nor a build (npm run build) is available\n");
  process.exit(2);
}
await import(entry.href);
