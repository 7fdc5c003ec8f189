import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { groupConsumers } from "../../src/cli/results.js";
import { renewLease } from "../../src/stream/scripts.js";
import { binaryIdentity, meetsMinimum, parseServerInfo } from "../../src/valkey/server-info.js";
import { newTestPrefix } from "../helpers/test-keys.js";
import { testClient } from "../helpers/valkey.js";

/**
 * The answers the code reads that Valkey and Redis give differently, on the test server itself
 * (`.ci/run` runs this file against Valkey 8 and against Redis 7).
 */

let r: Redis;
let prefix: string;
beforeAll(() => {
  r = testClient();
  prefix = newTestPrefix();
});
afterAll(async () => {
  const mine = await r.keys(`${prefix}*`);
  if (mine.length) await r.del(...mine);
  r.disconnect();
});

describe("the test server", () => {
  it("names itself in INFO as its binary does, and is new enough", async () => {
    const info = await r.info("server");
    const id = parseServerInfo(info);
    expect(id).toEqual(inject("valkeyServer"));
    expect(["valkey", "redis"]).toContain(id.name);
    expect(id.mode).toBe("standalone");
    const binary = inject("valkeyBinary");
    if (binary && !process.env.VALKEY_TEST_URL) expect(binaryIdentity(binary)).toEqual({ name: id.name, version: id.version });
    // Valkey keeps a redis_version for old clients: the Redis version it is compatible with, not its own.
    const redisVersion = /^redis_version:(\S+)/m.exec(info)?.[1];
    if (id.name === "valkey") expect(redisVersion).not.toBe(id.version);
    else expect(redisVersion).toBe(id.version);
    expect(meetsMinimum(id)).toBe(true);
  });

  it("answers with the error codes the consumer matches: BUSYGROUP, NOGROUP, NOSCRIPT", async () => {
    const stream = `${prefix}:incidents:created`;
    await r.xgroup("CREATE", stream, "g", "$", "MKSTREAM");
    await expect(r.xgroup("CREATE", stream, "g", "$")).rejects.toThrow(/^BUSYGROUP/);
    await expect(r.xreadgroup("GROUP", "missing", "c", "STREAMS", stream, ">")).rejects.toThrow(/^NOGROUP/);
    await expect(r.evalsha("0".repeat(40), 0)).rejects.toThrow(/^NOSCRIPT/);
  });

  it("a script the server forgot (SCRIPT FLUSH) is sent again with EVAL", async () => {
    const stream = `${prefix}:lease`;
    const id = await r.xadd(stream, "*", "incident_id", "a");
    await r.xgroup("CREATE", stream, "g", "0");
    await r.xreadgroup("GROUP", "g", "c", "STREAMS", stream, ">");
    expect(await renewLease(r, stream, "g", "c", [id!])).toBe(1);
    await r.script("FLUSH");
    expect(await renewLease(r, stream, "g", "c", [id!])).toBe(1);
  });

  it("XINFO GROUPS has lag; XINFO CONSUMERS reads the same whatever fields the server adds", async () => {
    const stream = `${prefix}:xinfo`;
    await r.xadd(stream, "*", "a", "1");
    await r.xadd(stream, "*", "a", "2");
    await r.xgroup("CREATE", stream, "g", "0");
    await r.xreadgroup("GROUP", "g", "c", "COUNT", "1", "STREAMS", stream, ">");
    const [group] = (await r.xinfo("GROUPS", stream)) as unknown[][];
    expect(group![group!.indexOf("lag") + 1]).toBe(1);
    expect(group![group!.indexOf("pending") + 1]).toBe(1);
    const [consumer] = await groupConsumers(r, stream, "g");
    expect(consumer).toMatchObject({ name: "c", pending: 1 });
    expect(consumer!.idle).toBeGreaterThanOrEqual(0);
    expect(await groupConsumers(r, `${prefix}:none`, "g")).toEqual([]);
  });
});
