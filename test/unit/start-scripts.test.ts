import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript scripts, run by npm before the build exists
import { STAMP, staleBecause } from "../../scripts/build-if-stale.js";
// @ts-expect-error see above
import { prettyLine } from "../../scripts/pretty-logs.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A checkout with src/, a tsconfig and a build stamp, every file dated `at` (seconds). */
function checkout(at: number): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "start-"));
  dirs.push(root);
  mkdirSync(path.join(root, "src/http"), { recursive: true });
  mkdirSync(path.join(root, "dist"));
  for (const f of ["src/main.ts", "src/http/server.ts", "tsconfig.json", STAMP]) writeFileSync(path.join(root, f), "x");
  for (const f of ["src/main.ts", "src/http/server.ts", "src/http", "src", "tsconfig.json", STAMP]) utimesSync(path.join(root, f), at, at);
  return root;
}

describe("npm start builds only when the sources changed", () => {
  it("is current when nothing is newer than the stamp", () => {
    expect(staleBecause(checkout(1_700_000_000))).toBeUndefined();
  });

  it("rebuilds without a stamp, after an edit, an added or removed file, or a tsconfig change", () => {
    const t = 1_700_000_000;
    const noStamp = checkout(t);
    rmSync(path.join(noStamp, STAMP));
    expect(staleBecause(noStamp)).toBe(`no ${STAMP}`);

    const edited = checkout(t);
    utimesSync(path.join(edited, "src/http/server.ts"), t + 5, t + 5);
    expect(staleBecause(edited)).toBe("src changed");

    const removed = checkout(t);
    rmSync(path.join(removed, "src/http/server.ts"));
    // Removing an entry dates its folder now.
    expect(staleBecause(removed)).toBe("src changed");

    const config = checkout(t);
    utimesSync(path.join(config, "tsconfig.json"), t + 5, t + 5);
    expect(staleBecause(config)).toBe("tsconfig.json changed");
  });
});

describe("npm run dev's log lines", () => {
  it("shows time, level, message and the fields, not the boilerplate", () => {
    const line = JSON.stringify({
      level: "info",
      time: "2026-12-02T12:04:31.123Z",
      service: "s",
      environment: "development",
      pid: 1,
      port: 8000,
      valkey: "redis://127.0.0.1:6379",
      msg: "service started",
    });
    expect(prettyLine(line)).toBe("12:04:31 INFO  service started  port=8000 valkey=redis://127.0.0.1:6379");
    expect(prettyLine(JSON.stringify({ level: "warn", time: "2026-12-02T12:04:31Z", msg: "m", err: "a b" }))).toBe('12:04:31 WARN  m  err="a b"');
    expect(prettyLine("not json")).toBe("not json");
    expect(prettyLine("[1,2]")).toBe("[1,2]");
  });
});
