import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { arrayReply } from "../../src/valkey/array-reply.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";

let r: Redis;
let valkey: Valkey;

beforeAll(async () => {
  r = testClient();
  valkey = createValkey(testConfig({ VALKEY_URL: valkeyUrl() }));
  await valkey.connect();
});
afterAll(async () => {
  r.disconnect();
  valkey.disconnect();
});

// Entries as producers write them: ASCII, accents, CJK, emoji, an empty one, one over a socket chunk.
const entries = [
  '{"message":"GET /api 200 in 12ms"}',
  '{"message":"café déjà vu"}',
  '{"message":"数据库超时"}',
  '{"message":"🔥 heap"}',
  "",
  `{"message":"${"x".repeat(70_000)}"}`,
];

describe("arrayReply", () => {
  it("gives a list's range exactly as ioredis's own LRANGE does", async () => {
    const key = "array-reply:list";
    await r.del(key);
    for (let i = 0; i < 300; i++) await r.rpush(key, entries[i % entries.length]!);
    for (const [from, last] of [
      [0, -1],
      [5, 17],
      [290, 400],
      [500, 600],
    ] as const) {
      expect(await arrayReply(valkey, "lrange", [key, from, last])).toEqual(await valkey.lrange(key, from, last));
    }
  });

  it("gives a sorted set's members with their scores as ZRANGE WITHSCORES does", async () => {
    const key = "array-reply:zset";
    await r.del(key);
    await r.zadd(key, ...entries.flatMap((e, i) => [1_700_000_000_000 + i, e]));
    const reply = await arrayReply(valkey, "zrange", [key, "0", "-1", "WITHSCORES"]);
    expect(reply).toEqual(await valkey.zrange(key, "0", "-1", "WITHSCORES"));
    expect(reply).toHaveLength(2 * entries.length);
  });

  it("gives a stream's entries, fields and values nested, as XREVRANGE does", async () => {
    const key = "array-reply:stream";
    await r.del(key);
    for (const e of entries) await r.xadd(key, "*", "data", e, "service", "api");
    const args = [key, "+", "-", "COUNT", 4] as const;
    const reply = await arrayReply(valkey, "xrevrange", [...args]);
    expect(reply).toEqual(await valkey.xrevrange(...args));
    expect(reply).toHaveLength(4);
  });

  it("rejects with the server's error, naming it", async () => {
    const key = "array-reply:not-a-list";
    await r.set(key, "plain");
    await expect(arrayReply(valkey, "lrange", [key, 0, -1])).rejects.toThrow(/WRONGTYPE/);
  });
});
