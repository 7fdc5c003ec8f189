import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isServiceError } from "../../src/errors.js";
import { createValkey, type Valkey } from "../../src/valkey/client.js";
import { readIncidentLogs, type ReadLogsOptions } from "../../src/valkey/log-store.js";
import { normalLogs, storeAsList, storeAsStream, storeAsZset, type TestLog } from "../helpers/logs.js";
import { testClient, testConfig, valkeyUrl } from "../helpers/valkey.js";

const opts: ReadLogsOptions = { windowHours: 24, pageSize: 7, maxLogs: 1_000_000, maxEntryBytes: 10_000, maxBytes: 1 << 30, pageBytes: 1 << 20 };
let r: Redis;
let valkey: Valkey;
let prefix: string;

beforeAll(async () => {
  r = testClient();
  // Keys of its own naming (prefix:kind:case), outside the service ACL's key patterns: admin.
  const config = testConfig({ VALKEY_URL: valkeyUrl() });
  prefix = config.INCIDENT_LOGS_KEY.split(":")[0]!;
  valkey = createValkey(config);
  await valkey.connect();
});
afterAll(async () => {
  r.disconnect();
  valkey.disconnect();
});

const PAGE_COMMANDS = ["lrange", "zrange", "xrevrange"];

/** `send` (the client's sendCommand), telling `taken` of each reply a reader takes off its command (arrayReply). */
function watchingTakes(target: Valkey, send: (...a: unknown[]) => unknown, taken: (name: string, reply: unknown[]) => void) {
  return (command: { name: string; take?: () => unknown[] }, ...rest: unknown[]) => {
    const take = command.take?.bind(command);
    if (take)
      command.take = () => {
        const reply = take();
        taken(command.name, reply);
        return reply;
      };
    return send.apply(target, [command, ...rest]);
  };
}

/** The client, with the bytes of each log page it returns (LRANGE, ZRANGE, XREVRANGE) noted. */
function countingReplies(client: Valkey, replies: number[]): Valkey {
  const size = (v: unknown): number =>
    typeof v === "string" || Buffer.isBuffer(v) ? v.length : Array.isArray(v) ? v.reduce((n: number, x) => n + size(x), 0) : 0;
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function") return value;
      // Pages read through arrayReply: counted when the reader takes the reply off the command.
      if (prop === "sendCommand")
        return watchingTakes(target, value as (...a: unknown[]) => unknown, (name, reply) => {
          if (PAGE_COMMANDS.includes(name)) replies.push(size(reply));
        });
      // Smaller pages through ioredis's own sending: `call(name, ...args)`, or the method itself.
      if (prop !== "call" && !PAGE_COMMANDS.includes(String(prop))) return value.bind(target);
      return async (...args: unknown[]) => {
        if (prop === "call" && !PAGE_COMMANDS.includes(String(args[0]))) return (value as (...a: unknown[]) => unknown).apply(target, args);
        const reply = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        replies.push(size(reply));
        return reply;
      };
    },
  });
}

const stores = {
  list: (k: string, l: TestLog[]) => storeAsList(r, k, l),
  zset: (k: string, l: TestLog[]) => storeAsZset(r, k, l),
  stream: (k: string, l: TestLog[]) => storeAsStream(r, k, l, "json"),
  "stream (flat fields)": (k: string, l: TestLog[]) => storeAsStream(r, k, l, "flat"),
} as const;

describe.each(Object.entries(stores))("a %s key", (kind, store) => {
  it("reads every log in order across pages, with positions in the key", async () => {
    const key = `${prefix}:${kind}:all`;
    const logs = normalLogs(30);
    await store(key, logs);
    const out = await readIncidentLogs(valkey, key, opts);
    expect(out.keyType).toBe(kind.startsWith("stream") ? "stream" : kind);
    expect(out.logs.records().map((x) => x.message)).toEqual(logs.map((l) => l.message));
    expect(out.logs.records().map((x) => x.index)).toEqual(logs.map((_, i) => i));
    expect(out.logs.records()[0]!.timestampMs).toBe(Date.parse(String(logs[0]!.timestamp)));
    expect(out.skipped).toBe(0);
    if (kind.startsWith("stream")) expect(out.logs.records()[3]!.streamId).toMatch(/^\d+-\d+$/);
  });

  it("keeps only [newest - window, newest], anchored at the newest log, not at now", async () => {
    const key = `${prefix}:${kind}:window`;
    // 60 logs an hour apart: with a 24 h window the newest 25 (inclusive bounds) remain.
    const end = Date.parse("2020-01-10T00:00:00Z");
    const logs = Array.from({ length: 60 }, (_, i) => ({
      timestamp: new Date(end - (59 - i) * 3_600_000).toISOString(),
      level: "INFO",
      message: `tick ${i}`,
      service: "clock",
    }));
    await store(key, logs);
    const out = await readIncidentLogs(valkey, key, opts);
    expect(out.logs.records().length).toBe(25);
    expect(out.logs.records()[0]!.message).toBe("tick 35");
    expect(out.logs.records()[0]!.index).toBe(35);
    expect(out.anchorMs).toBe(end);
    const narrow = await readIncidentLogs(valkey, key, { ...opts, windowHours: 2.5 });
    expect(narrow.logs.records().map((x) => x.message)).toEqual(["tick 57", "tick 58", "tick 59"]);
  });

  it("caps logs per incident, keeping the newest and saying it truncated", async () => {
    const key = `${prefix}:${kind}:cap`;
    await store(key, normalLogs(20));
    const out = await readIncidentLogs(valkey, key, { ...opts, maxLogs: 8 });
    expect(out.truncated).toBe(true);
    expect(out.logs.records().length).toBe(8);
    expect(out.logs.records()[0]!.index).toBe(12);
    const all = await readIncidentLogs(valkey, key, { ...opts, maxLogs: 20 });
    expect(all.truncated).toBe(false);
  });

  it("caps an incident in bytes, keeping the newest, and bounds each read in bytes", async () => {
    const key = `${prefix}:${kind}:bytes`;
    const logs = normalLogs(40).map((l, i) => ({ ...l, message: `${l.message} ${"x".repeat(2000)} ${i}` }));
    await store(key, logs);
    // The bytes of the oldest entry as stored (field names and values for a stream).
    const stored =
      kind === "list"
        ? [(await r.lindex(key, 0))!]
        : kind === "zset"
          ? await r.zrange(key, "0", "0")
          : ((await r.xrange(key, "-", "+", "COUNT", 1)) as [string, string[]][])[0]![1];
    const entryBytes = stored.join("").length;
    const replies: number[] = [];
    const counting = countingReplies(valkey, replies);
    const out = await readIncidentLogs(counting, key, { ...opts, pageSize: 1000, maxBytes: Math.floor(20.5 * entryBytes), pageBytes: 6 * entryBytes });
    expect(out.truncated).toBe(true);
    const records = out.logs.records();
    expect(records.length).toBe(20);
    expect(records[0]!.index).toBe(20);
    expect(records.at(-1)!.message).toMatch(/ 39$/);
    // The first read learns the size (up to 100 entries); every later one holds about 6 entries.
    expect(replies.slice(1).every((n) => n <= 6 * (entryBytes + 10))).toBe(true);
    expect(replies.length).toBeGreaterThan(2);
    const all = await readIncidentLogs(valkey, key, { ...opts, maxBytes: 41 * entryBytes });
    expect(all.truncated).toBe(false);
    expect(all.logs.length).toBe(40);
  });
});

describe("pages of a thousand entries or more", () => {
  it.each(Object.entries(stores))("of a %s are taken off their commands, every log in order", async (kind, store) => {
    const key = `${prefix}:kept-pages:${kind}`;
    const logs = normalLogs(2_600);
    await store(key, logs);
    const taken: string[] = [];
    const watching = new Proxy(valkey, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        if (prop !== "sendCommand") return value.bind(target);
        return watchingTakes(target, value as (...a: unknown[]) => unknown, (name) => taken.push(name));
      },
    });
    const out = await readIncidentLogs(watching, key, { ...opts, pageSize: 1000, windowHours: 24 * 365 });
    expect(out.logs.records().map((x) => x.message)).toEqual(logs.map((l) => l.message));
    expect(out.logs.records().map((x) => x.index)).toEqual(logs.map((_, i) => i));
    // The size probe (100 entries) and the short last page go through ioredis's own methods.
    expect(taken.length).toBeGreaterThanOrEqual(2);
    expect(new Set(taken)).toEqual(new Set([kind === "list" ? "lrange" : kind === "zset" ? "zrange" : "xrevrange"]));
  });
});

describe("a small incident", () => {
  it.each(["list", "zset"] as const)("is read from a %s once: the size probe is the read", async (kind) => {
    const key = `${prefix}:small-once:${kind}`;
    await stores[kind](key, normalLogs(60));
    const replies: number[] = [];
    const out = await readIncidentLogs(countingReplies(valkey, replies), key, { ...opts, pageSize: 5000 });
    expect(out.logs.length).toBe(60);
    expect(out.logs.records().map((l) => l.index)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(replies.length).toBe(1);
  });
});

describe("a small stream", () => {
  it("is read with the snapshot: its newest entries come in the same MULTI", async () => {
    const key = `${prefix}:small-once:stream`;
    await storeAsStream(r, key, normalLogs(8), "json");
    const replies: number[] = [];
    const out = await readIncidentLogs(countingReplies(valkey, replies), key, { ...opts, pageSize: 5000 });
    expect(out.logs.records().map((l) => l.index)).toEqual(Array.from({ length: 8 }, (_, i) => i));
    expect(replies.length).toBe(0);
    // One more page for the rest of a longer one, however small its pages' COUNT allows.
    const longer = `${prefix}:small-twice:stream`;
    await storeAsStream(r, longer, normalLogs(60), "json");
    const more = await readIncidentLogs(countingReplies(valkey, replies), longer, { ...opts, pageSize: 5000 });
    expect(more.logs.length).toBe(60);
    expect(replies.length).toBe(1);
  });
});

describe("a producer with a broken clock", () => {
  it.each(["list", "zset", "stream"] as const)("cannot push the other logs of a %s out of the window", async (kind) => {
    const key = `${prefix}:future:${kind}`;
    const logs: TestLog[] = normalLogs(30);
    logs.push({ timestamp: "2999-01-01T00:00:00Z", level: "INFO", message: "clock skew", service: "broken" });
    await stores[kind](key, logs);
    const out = await readIncidentLogs(valkey, key, opts);
    // The anchor is the newest sane log; the future-dated one is still analysed.
    expect(out.anchorMs).toBe(Date.parse(String(logs[29]!.timestamp)));
    expect(out.logs.records().map((x) => x.message)).toEqual(logs.map((l) => l.message));
  });
});

describe("what real producers write", () => {
  it("reads aliases, string numbers and odd levels; skips unreadable entries but counts their positions", async () => {
    const key = `${prefix}:aliases`;
    await storeAsList(r, key, [
      { "@timestamp": "2025-09-19T07:00:00Z", severity: "warn", msg: "slow query", app: "db", duration_ms: "812" },
      '{"level": "error", "mess',
      { ts: 1758265260, lvl: "FATAL", log: "worker died", component: "queue" },
      '["an", "array"]',
      { time: 1758265320000, level: "notice", message: "ok", service_name: "api", memory_usage: "91.5" },
      { level: "ERROR", service: "x" },
    ]);
    const out = await readIncidentLogs(valkey, key, opts);
    expect(out.skipped).toBe(3);
    expect(out.skippedSamples).toEqual([
      { log_index: 1, reason: "entry is not valid JSON", excerpt: '{"level": "error", "mess' },
      { log_index: 3, reason: "entry is an array, not a JSON object", excerpt: '["an","array"]' },
      {
        log_index: 5,
        reason: "no message field (message, msg, log, text, body, event) and no request (request, or a method and a path)",
        excerpt: '{"level":"ERROR","service":"x"}',
      },
    ]);
    expect(out.logs.records().map((x) => [x.index, x.level, x.service, x.message])).toEqual([
      [0, "WARNING", "db", "slow query"],
      [2, "CRITICAL", "queue", "worker died"],
      [4, "INFO", "api", "ok"],
    ]);
    expect(out.logs.records()[0]!.responseTimeMs).toBe(812);
    expect(out.logs.records()[1]!.timestampMs).toBe(1758265260_000);
    expect(out.logs.records()[2]!.memoryPct).toBe(91.5);
  });

  it("skips an entry over the size limit with a reason", async () => {
    const key = `${prefix}:huge`;
    await storeAsList(r, key, [
      { message: "x".repeat(20_000), level: "INFO" },
      { message: "small", level: "INFO" },
    ]);
    const out = await readIncidentLogs(valkey, key, opts);
    expect(out.logs.records().map((x) => x.index)).toEqual([1]);
    expect(out.skippedSamples[0]?.reason).toMatch(/over MAX_LOG_ENTRY_BYTES/);
    // The excerpt is the start of the entry, cut.
    expect(out.skippedSamples[0]?.excerpt).toBe(`{"message":"${"x".repeat(68)}…`);
  });

  it("says which key is missing and which type is unsupported", async () => {
    await expect(readIncidentLogs(valkey, `${prefix}:missing`, opts)).rejects.toSatisfy(
      (e) => isServiceError(e, "NOT_FOUND") && e.message.includes(`${prefix}:missing`),
    );
    await r.hset(`${prefix}:hash`, "a", "b");
    await expect(readIncidentLogs(valkey, `${prefix}:hash`, opts)).rejects.toSatisfy(
      (e) => isServiceError(e, "UNSUPPORTED_KEY_TYPE") && e.message.includes("hash"),
    );
  });
});
