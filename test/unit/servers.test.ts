import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { groupConsumers } from "../../src/cli/results.js";
import { renewLease } from "../../src/stream/scripts.js";
import type { Valkey } from "../../src/valkey/client.js";
import { findServerBinary } from "../../src/valkey/local-server.js";
import { binaryIdentity, compareVersions, meetsMinimum, parseServerInfo, parseVersionOutput } from "../../src/valkey/server-info.js";
import { chooseServerBinary } from "../helpers/server-binary.js";

/**
 * Where Valkey 8 and Redis 7 answer differently, with the answers the real servers gave
 * (Valkey 8.0.1 built from source, Debian's Redis 7.0.15).
 */

const VALKEY_8_INFO = [
  "# Server",
  "redis_version:7.2.4",
  "server_name:valkey",
  "valkey_version:8.0.1",
  "redis_git_sha1:00000000",
  "redis_git_dirty:1",
  "redis_build_id:3617c3802978529",
  "server_mode:standalone",
  "os:Linux 6.18.44 x86_64",
  "",
].join("\r\n");

const REDIS_7_INFO = [
  "# Server",
  "redis_version:7.0.15",
  "redis_git_sha1:00000000",
  "redis_git_dirty:0",
  "redis_build_id:ae4d7c971a948f0",
  "redis_mode:standalone",
  "os:Linux 6.18.44 x86_64",
  "",
].join("\r\n");

describe("which server answers (INFO server)", () => {
  it("Valkey 8: its own name and version, not the redis_version 7.2.4 it keeps for old clients; server_mode", () => {
    expect(parseServerInfo(VALKEY_8_INFO)).toEqual({ name: "valkey", version: "8.0.1", mode: "standalone" });
  });
  it("Redis 7.0: redis_version and redis_mode", () => {
    expect(parseServerInfo(REDIS_7_INFO)).toEqual({ name: "redis", version: "7.0.15", mode: "standalone" });
  });
  it("`--version` of either binary", () => {
    expect(parseVersionOutput("Valkey server v=8.0.1 sha=00000000:1 malloc=libc bits=64 build=3617c3802978529\n")).toEqual({
      name: "valkey",
      version: "8.0.1",
    });
    expect(parseVersionOutput("Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ae4d7c971a948f0\n")).toEqual({
      name: "redis",
      version: "7.0.15",
    });
    expect(parseVersionOutput("node v20\n")).toBeUndefined();
  });
  it("the minimum is 6.2 (XAUTOCLAIM): Redis 6.0 is too old, Redis 6.2, 7.0 and every Valkey are not", () => {
    expect(compareVersions("7.0.15", "6.2.0")).toBeGreaterThan(0);
    expect(compareVersions("6.2", "6.2.0")).toBe(0);
    expect(meetsMinimum({ name: "redis", version: "6.0.16" })).toBe(false);
    expect(meetsMinimum({ name: "redis", version: "6.2.0" })).toBe(true);
    expect(meetsMinimum(parseServerInfo(REDIS_7_INFO))).toBe(true);
    expect(meetsMinimum(parseServerInfo(VALKEY_8_INFO))).toBe(true);
  });
});

describe("error texts and replies that differ", () => {
  it.each([
    ["Valkey 8", "NOSCRIPT No matching script."],
    ["Redis 7.0", "NOSCRIPT No matching script. Please use EVAL."],
  ])("a script the server does not know is sent with EVAL (%s: %s)", async (_server, text) => {
    const calls: string[] = [];
    const client = {
      evalsha: async () => {
        calls.push("evalsha");
        throw new Error(text);
      },
      eval: async () => {
        calls.push("eval");
        return 1;
      },
    } as unknown as Pick<Valkey, "evalsha" | "eval">;
    expect(await renewLease(client, "s", "g", "c", ["1-0"])).toBe(1);
    expect(calls).toEqual(["evalsha", "eval"]);
  });

  it("XINFO CONSUMERS: Valkey 8 adds `inactive`; both read the same", async () => {
    const valkeyRow = ["name", "c", "pending", 1, "idle", 18, "inactive", 18];
    const redisRow = ["name", "c", "pending", 1, "idle", 19];
    for (const [row, idle] of [
      [valkeyRow, 18],
      [redisRow, 19],
    ] as const) {
      const client = { xinfo: async () => [row] } as unknown as Valkey;
      expect(await groupConsumers(client, "s", "g")).toEqual([{ name: "c", pending: 1, idle }]);
    }
  });
});

describe("choosing the server binary", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  /** A directory with fake server binaries that answer --version like the real ones. */
  function fakeBin(servers: Record<string, string>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "fake-servers-"));
    dirs.push(dir);
    for (const [name, version] of Object.entries(servers)) {
      const file = path.join(dir, name);
      writeFileSync(file, `#!/bin/sh\necho "${version} sha=00000000:0 malloc=libc bits=64 build=0"\n`);
      chmodSync(file, 0o755);
    }
    return dir;
  }

  it("npm start's fallback prefers valkey-server on PATH, even after redis-server's directory", () => {
    const redisDir = fakeBin({ "redis-server": "Redis server v=7.0.15" });
    const valkeyDir = fakeBin({ "valkey-server": "Valkey server v=8.0.1" });
    expect(findServerBinary([redisDir, valkeyDir].join(path.delimiter))).toBe(path.join(valkeyDir, "valkey-server"));
    expect(findServerBinary(redisDir)).toBe(path.join(redisDir, "redis-server"));
    expect(findServerBinary(fakeBin({}))).toBeUndefined();
  });

  it("tests take TEST_SERVER_BIN when set, else the same order on PATH", () => {
    const redisDir = fakeBin({ "redis-server": "Redis server v=7.0.15" });
    const valkeyDir = fakeBin({ "valkey-server": "Valkey server v=8.0.1" });
    const PATH = [valkeyDir, redisDir].join(path.delimiter);
    expect(chooseServerBinary({ PATH })).toMatchObject({ binary: path.join(valkeyDir, "valkey-server"), identity: { name: "valkey", version: "8.0.1" } });
    expect(chooseServerBinary({ PATH, TEST_SERVER_BIN: path.join(redisDir, "redis-server") })).toMatchObject({
      binary: path.join(redisDir, "redis-server"),
      identity: { name: "redis", version: "7.0.15" },
      source: "TEST_SERVER_BIN",
    });
    // A bare name is looked up on PATH.
    expect(chooseServerBinary({ PATH, TEST_SERVER_BIN: "redis-server" })?.binary).toBe(path.join(redisDir, "redis-server"));
    expect(chooseServerBinary({ PATH: fakeBin({}) })).toBeUndefined();
  });

  it("a TEST_SERVER_BIN that is not a server stops the run, naming the setting", () => {
    expect(() => chooseServerBinary({ PATH: "", TEST_SERVER_BIN: "/nonexistent/valkey-server" })).toThrow(
      /TEST_SERVER_BIN=\/nonexistent\/valkey-server: not a runnable/,
    );
    expect(() => chooseServerBinary({ PATH: "", TEST_SERVER_BIN: "/bin/true" })).toThrow(/TEST_SERVER_BIN/);
    expect(binaryIdentity("/bin/true")).toBeUndefined();
  });
});
