import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { bearerToken, requiredKey, secretMatches } from "../../src/http/auth.js";
import { RateLimiter } from "../../src/http/rate-limit.js";
import { aclCommands, aclKeyGrants, aclRules, aclSetUserArgs, escapeGlob } from "../../src/valkey/acl.js";

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

  it("grants read on the logs, read+write on the streams and the service's own keys, nothing else", () => {
    expect(aclKeyGrants(config).map((g) => `${g.access}${g.pattern}`)).toEqual([
      "%R~incident:*:logs",
      "~incidents:created",
      "~anomalies:detected",
      "~incidents:created:dlq",
      "~incidents:created:processed:*",
      "~anomalies:detected:latest:*",
      "~incidents:created:alive:*:*",
      "~memory:{*}:templates",
      "~memory:{*}:recency",
      "~memory:{*}:baseline",
      "~memory:{*}:learned",
      "~memory:{incidents}:recent",
      "~memory:{incidents}:signatures",
    ]);
    // With the memory off, the ACL is exactly what it was without one.
    expect(aclKeyGrants({ ...config, MEMORY: "off" }).map((g) => g.pattern)).toEqual(
      aclKeyGrants(config)
        .slice(0, 7)
        .map((g) => g.pattern),
    );
    expect(aclCommands({ ...config, MEMORY: "off" })).not.toContain("+hset");
    const commands = aclCommands(config);
    expect(commands[0]).toBe("-@all");
    for (const c of commands.slice(1)) expect(c).toMatch(/^\+[a-z]+(\|[a-z]+)?$/);
    for (const never of ["+del", "+keys", "+scan", "+flushall", "+config", "+@all", "+xgroup", "+client", "+cluster"]) expect(commands).not.toContain(never);
    expect(commands.some((c) => c.startsWith("+cluster"))).toBe(false);
    expect(aclCommands({ VALKEY_CLUSTER: true })).toEqual(expect.arrayContaining(["+cluster|slots", "+cluster|info"]));
  });

  it("follows the configured names, hash tags included, and escapes glob characters in them", () => {
    const c = loadConfig({ INCIDENT_LOGS_KEY: "logs[{incident_id}]", INCIDENT_STREAM: "{anomaly}:in*", ANOMALY_STREAM: "{anomaly}:out?", MEMORY: "off" });
    expect(aclKeyGrants(c).map((g) => g.pattern)).toEqual([
      "logs\\[*\\]",
      "{anomaly}:in\\*",
      "{anomaly}:out\\?",
      "{anomaly}:in\\*:dlq",
      "{anomaly}:in\\*:processed:*",
      "{anomaly}:out\\?:latest:*",
      "{anomaly}:in\\*:alive:*:*",
    ]);
    expect(aclKeyGrants(loadConfig({ MEMORY_KEY_PREFIX: "mem*" })).map((g) => g.pattern)).toContain("mem\\*:{*}:templates");
    expect(escapeGlob("a*b?c[d]e\\f")).toBe("a\\*b\\?c\\[d\\]e\\\\f");
  });

  it("renders an idempotent ACL SETUSER", () => {
    const args = aclSetUserArgs("svc", "pw", config);
    expect(args.slice(0, 5)).toEqual(["SETUSER", "svc", "reset", "on", ">pw"]);
    expect(args.slice(5)).toEqual(aclRules(config));
  });
});
