import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { bearerToken, requiredKey, secretMatches } from "../../src/http/auth.js";
import { RateLimiter } from "../../src/http/rate-limit.js";
import { aclCommands, aclFamilies, aclRules, aclSelectors, aclSetUserArgs, escapeGlob } from "../../src/valkey/acl.js";

describe("bearer keys", () => {
  it("compares secrets exactly, whatever their lengths", () => {
    expect(secretMatches("a-long-enough-key-123", "a-long-enough-key-123")).toBe(true);
    for (const other of ["", "a", "a-long-enough-key-12", "a-long-enough-key-1234", "A-long-enough-key-123", "a-long-enough-key-123 "]) {
      expect(secretMatches(other, "a-long-enough-key-123"), JSON.stringify(other)).toBe(false);
    }
  });

  it("reads only the Bearer scheme", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("BEARER  abc ")).toBe("abc");
    for (const h of [undefined, "", "Bearer", "Bearer ", "Basic abc", "abc", "Bearer a b", "Bearerabc"]) expect(bearerToken(h), String(h)).toBeUndefined();
  });

  it("keeps /health and /livez open and gives /metrics its own key", () => {
    const c = { API_KEY: "k".repeat(16), METRICS_API_KEY: undefined, SERVICE_NAME: "s" };
    expect(requiredKey("/health", c)).toBeUndefined();
    expect(requiredKey("/livez", c)).toBeUndefined();
    expect(requiredKey("/metrics", c)).toBeUndefined();
    expect(requiredKey("/metrics", { ...c, METRICS_API_KEY: "m".repeat(16) })).toBe("m".repeat(16));
    for (const route of ["/detect-anomalies", "/anomalies/:incident_id", "/docs/json", undefined]) expect(requiredKey(route, c)).toBe(c.API_KEY);
  });

  it("refuses short keys at start-up, naming the variable", () => {
    expect(() => loadConfig({ API_KEY: "short" })).toThrow(/API_KEY: must be at least 16 characters/);
    expect(() => loadConfig({ METRICS_API_KEY: "short" })).toThrow(/METRICS_API_KEY: must be at least 16 characters/);
    expect(loadConfig({}).RATE_LIMIT_MAX).toBe(600);
  });
});

describe("RateLimiter (token bucket)", () => {
  it("allows max at once, then refills at max per window", () => {
    let now = 0;
    const l = new RateLimiter(10, 1000, () => now);
    for (let i = 0; i < 10; i++) expect(l.take("a").allowed).toBe(true);
    const refused = l.take("a");
    expect(refused).toMatchObject({ allowed: false, remaining: 0, firstRefusal: true });
    expect(refused.retryAfterMs).toBe(100);
    expect(l.take("a").firstRefusal).toBe(false);
    now = 100;
    expect(l.take("a").allowed).toBe(true);
    expect(l.take("a").allowed).toBe(false);
    now = 100_000;
    expect(l.take("a")).toMatchObject({ allowed: true, remaining: 9 });
    expect(l.take("b")).toMatchObject({ allowed: true, remaining: 9 });
  });

  it("remembers a bounded number of clients, forgetting the least recently seen", () => {
    const l = new RateLimiter(1, 60_000, () => 0, 3);
    for (const c of ["a", "b", "c"]) l.take(c);
    l.take("a"); // refused, and now the most recently seen
    l.take("d"); // evicts b
    expect(l.clients).toBe(3);
    expect(l.take("a").allowed).toBe(false);
    expect(l.take("b").allowed).toBe(true);
  });
});

describe("least-privilege ACL", () => {
  const config = loadConfig({});

  it("gives each key family its own selector with only the commands the service runs there", () => {
    expect(aclFamilies(config).map((f) => `${f.access}${f.pattern} ${f.commands.join(" ")}`)).toEqual([
      "%R~incident:*:logs type xlen xrevrange zcard zrange zcount zrevrangebyscore llen lrange",
      "~incidents:created xgroup|create xreadgroup xack xautoclaim xclaim xpending xinfo|groups",
      "~anomalies:detected xadd xrevrange",
      "~incidents:created:dlq xadd",
      "~incidents:created:processed:* get set",
      "~anomalies:detected:latest:* get set",
      "~incidents:created:alive:*:* set",
      "%W~anomalies:feedback xadd",
      "~anomalies:feedback:{suppressions}:index zrangebyscore zcount zadd zrem",
      "~anomalies:feedback:{suppressions}:records hmget hset hdel",
      "~anomalies:feedback:{suppressions}:live:* get mget set getdel",
      "~anomalies:feedback:verdicts:* hgetall hset expire",
      "~memory:{*}:templates hget hset hdel expire hgetall",
      "~memory:{*}:recency zadd zcard zpopmin expire",
      "~memory:{*}:baseline hgetall hset expire",
      "~memory:{*}:learned zscore zadd zremrangebyrank expire zrange",
      "~memory:{incidents}:recent zadd zcard zpopmin expire zrevrange",
      "~memory:{incidents}:signatures hset hdel expire hgetall",
    ]);
    // With the memory off, the ACL is exactly what it was without one.
    expect(aclFamilies({ ...config, MEMORY: "off" })).toEqual(aclFamilies(config).slice(0, 12));
    // Scripts may be given every family's keys except the logs', the heartbeats', the feedback stream's and the verdicts'.
    expect(aclSelectors({ ...config, MEMORY: "off" }).at(-1)).toBe(
      "(~incidents:created ~anomalies:detected ~incidents:created:dlq ~incidents:created:processed:* ~anomalies:detected:latest:* " +
        "~anomalies:feedback:{suppressions}:index ~anomalies:feedback:{suppressions}:records ~anomalies:feedback:{suppressions}:live:* +evalsha +eval)",
    );
    const commands = aclCommands(config);
    expect(commands).toEqual(["-@all", "+info", "+client|setname", "+ping", "+multi", "+exec"]);
    expect(aclCommands({ VALKEY_CLUSTER: true })).toEqual(expect.arrayContaining(["+cluster|slots", "+cluster|info"]));
    // SELECT only for a database other than 0 named in VALKEY_URL.
    expect(aclCommands({ VALKEY_CLUSTER: false, VALKEY_URL: "redis://cache:6379/2" })).toContain("+select");
    expect(aclCommands({ VALKEY_CLUSTER: false, VALKEY_URL: "redis://cache:6379/0" })).not.toContain("+select");
    // Keys appear only inside selectors; no root key pattern, no command on every key.
    expect(aclRules(config).filter((r) => /^%?R?~/.test(r))).toEqual([]);
  });

  it("follows the configured names, hash tags included, and escapes glob characters in them", () => {
    const c = loadConfig({ INCIDENT_LOGS_KEY: "logs[{incident_id}]", INCIDENT_STREAM: "{anomaly}:in*", ANOMALY_STREAM: "{anomaly}:out?", MEMORY: "off" });
    expect(
      aclFamilies(c)
        .map((f) => f.pattern)
        .slice(0, 7),
    ).toEqual([
      "logs\\[*\\]",
      "{anomaly}:in\\*",
      "{anomaly}:out\\?",
      "{anomaly}:in\\*:dlq",
      "{anomaly}:in\\*:processed:*",
      "{anomaly}:out\\?:latest:*",
      "{anomaly}:in\\*:alive:*:*",
    ]);
    expect(aclFamilies(loadConfig({ MEMORY_KEY_PREFIX: "mem*" })).map((f) => f.pattern)).toContain("mem\\*:{*}:templates");
    expect(escapeGlob("a*b?c[d]e\\f")).toBe("a\\*b\\?c\\[d\\]e\\\\f");
  });

  it("renders an idempotent ACL SETUSER", () => {
    const args = aclSetUserArgs("svc", "pw", config);
    expect(args.slice(0, 5)).toEqual(["SETUSER", "svc", "reset", "on", ">pw"]);
    expect(args.slice(5)).toEqual(aclRules(config));
  });
});
