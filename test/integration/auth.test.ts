import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { freePort } from "../../src/valkey/local-server.js";
import { waitFor } from "../helpers/service.js";
import { testClient, testConfig } from "../helpers/valkey.js";

/** API_KEY / METRICS_API_KEY bearer keys and the per-client rate limit, through the real app. */

const API_KEY = "api-key-0123456789abcdef";
const METRICS_KEY = "metrics-key-0123456789abcdef";

let r: Redis;
const apps: TestApp[] = [];

async function appWith(overrides: Record<string, string>): Promise<{ t: TestApp; config: Config }> {
  const config = testConfig(overrides);
  const t = await buildTestApp(config);
  apps.push(t);
  await storeAsList(r, t.keys.incidentLogs("inc-1"), normalLogs(30));
  return { t, config };
}

beforeAll(() => {
  r = testClient();
});
afterAll(async () => {
  for (const t of apps) await t.close();
  r.disconnect();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe("API key", () => {
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await appWith({ API_KEY, RATE_LIMIT_MAX: "0" }));
  });

  it("POST /detect-anomalies and GET /anomalies/:id answer 401 without the right bearer key", async () => {
    const attempts: Array<[string, Record<string, string>]> = [
      ["no header", {}],
      ["wrong key", bearer("not-the-key-0123456789")],
      ["key with a suffix", bearer(`${API_KEY}x`)],
      ["prefix of the key", bearer(API_KEY.slice(0, -1))],
      ["empty bearer", { authorization: "Bearer " }],
      ["Basic scheme", { authorization: `Basic ${Buffer.from(`x:${API_KEY}`).toString("base64")}` }],
      ["key without scheme", { authorization: API_KEY }],
      ["key in another header", { "x-api-key": API_KEY }],
    ];
    for (const [what, headers] of attempts) {
      for (const req of [
        { method: "POST" as const, url: "/detect-anomalies", payload: { incident_id: "inc-1" } },
        { method: "GET" as const, url: "/anomalies/inc-1" },
      ]) {
        const res = await t.app.inject({ ...req, headers });
        expect(res.statusCode, `${what} ${req.url}`).toBe(401);
        expect(res.json()).toMatchObject({ error: "Unauthorized", code: "UNAUTHORIZED", statusCode: 401 });
        expect(res.json().message).toContain("API_KEY");
        expect(String(res.headers["www-authenticate"])).toMatch(/^Bearer realm="anomaly-detection-service"/);
      }
    }
  });

  it("the right key passes (scheme in any case); /health and /livez stay open", async () => {
    const ok = await t.app.inject({ method: "POST", url: "/detect-anomalies", headers: bearer(API_KEY), payload: { incident_id: "inc-1" } });
    expect(ok.statusCode, ok.body).toBe(200);
    const lower = await t.app.inject({ method: "GET", url: "/anomalies/inc-1", headers: { authorization: `bearer ${API_KEY}` } });
    expect(lower.statusCode).toBe(404); // authorised; no stored result
    const h = await t.app.inject({ method: "GET", url: "/health" });
    expect(h.statusCode).toBe(200);
    expect(h.headers["www-authenticate"]).toBeUndefined();
    expect((await t.app.inject({ method: "GET", url: "/livez" })).statusCode).toBe(200);
  });

  it("is checked before the body is read, and guards unknown routes and the docs too", async () => {
    const huge = await t.app.inject({
      method: "POST",
      url: "/detect-anomalies",
      headers: { "content-type": "application/json" },
      payload: "x".repeat(1024 * 1024),
    });
    expect(huge.statusCode).toBe(401);
    const junk = await t.app.inject({ method: "POST", url: "/detect-anomalies", headers: { "content-type": "application/json" }, payload: "{oops" });
    expect(junk.statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/admin" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/admin", headers: bearer(API_KEY) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: "/docs/json" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/docs/json", headers: bearer(API_KEY) })).statusCode).toBe(200);
  });

  it("/metrics is open unless METRICS_API_KEY is set, and then needs that key, not the API key", async () => {
    expect((await t.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(200);
    const { t: guarded } = await appWith({ API_KEY, METRICS_API_KEY: METRICS_KEY, RATE_LIMIT_MAX: "0" });
    const none = await guarded.app.inject({ method: "GET", url: "/metrics" });
    expect(none.statusCode).toBe(401);
    expect(none.json().message).toContain("METRICS_API_KEY");
    expect((await guarded.app.inject({ method: "GET", url: "/metrics", headers: bearer(API_KEY) })).statusCode).toBe(401);
    const ok = await guarded.app.inject({ method: "GET", url: "/metrics", headers: bearer(METRICS_KEY) });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("http_requests_total");
    // And the metrics key opens nothing else.
    expect(
      (await guarded.app.inject({ method: "POST", url: "/detect-anomalies", headers: bearer(METRICS_KEY), payload: { incident_id: "inc-1" } })).statusCode,
    ).toBe(401);
  });

  it("without API_KEY every route is open (the default)", async () => {
    const { t: open } = await appWith({ RATE_LIMIT_MAX: "0" });
    expect((await open.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "inc-1" } })).statusCode).toBe(200);
  });
});

describe("rate limit per client", () => {
  it("answers 429 with Retry-After once a client has used RATE_LIMIT_MAX; other clients and /health are unaffected", async () => {
    const { t } = await appWith({ RATE_LIMIT_MAX: "5", RATE_LIMIT_WINDOW_MS: "60000" });
    const a = { remoteAddress: "10.0.0.1" };
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "inc-1" }, ...a });
      expect(res.statusCode).toBe(200);
      expect(res.headers["x-ratelimit-limit"]).toBe("5");
      remaining.push(String(res.headers["x-ratelimit-remaining"]));
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);
    const limited = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "inc-1" }, ...a });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: "Too Many Requests", code: "RATE_LIMITED", statusCode: 429 });
    expect(limited.json().message).toMatch(/rate limit of 5 requests per 60 s exceeded .*retry in \d+ s/);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(12);
    // Every route but the probes and /metrics counts, unknown ones too.
    expect((await t.app.inject({ method: "GET", url: "/anomalies/inc-1", ...a })).statusCode).toBe(429);
    expect((await t.app.inject({ method: "GET", url: "/nowhere", ...a })).statusCode).toBe(429);
    for (let i = 0; i < 20; i++) {
      expect((await t.app.inject({ method: "GET", url: "/health", ...a })).statusCode).toBe(200);
      expect((await t.app.inject({ method: "GET", url: "/livez", ...a })).statusCode).toBe(200);
      expect((await t.app.inject({ method: "GET", url: "/metrics", ...a })).statusCode).toBe(200);
    }
    const b = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "inc-1" }, remoteAddress: "10.0.0.2" });
    expect(b.statusCode).toBe(200);
    // The limit shows in the request metrics.
    expect(await t.metrics.registry.getSingleMetricAsString("http_requests_total")).toMatch(/route="\/detect-anomalies",status_code="429"\} 1/);
  });

  it("throttles guessing the API key: refused attempts spend the budget", async () => {
    const { t } = await appWith({ API_KEY, RATE_LIMIT_MAX: "3" });
    const a = { remoteAddress: "10.0.0.3" };
    for (let i = 0; i < 3; i++)
      expect((await t.app.inject({ method: "GET", url: "/anomalies/inc-1", headers: bearer(`guess-${i}-0123456789abcdef`), ...a })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/anomalies/inc-1", headers: bearer(API_KEY), ...a })).statusCode).toBe(429);
  });

  it("takes the client from X-Forwarded-For only when the peer is in TRUSTED_PROXIES", async () => {
    const { t: direct } = await appWith({ RATE_LIMIT_MAX: "2" });
    const proxy = { remoteAddress: "10.1.1.1" };
    // No proxies configured: a forged header does not buy a fresh budget.
    for (let i = 0; i < 2; i++)
      expect((await direct.app.inject({ method: "GET", url: "/anomalies/inc-1", headers: { "x-forwarded-for": `192.0.2.${i}` }, ...proxy })).statusCode).toBe(
        404,
      );
    expect((await direct.app.inject({ method: "GET", url: "/anomalies/inc-1", headers: { "x-forwarded-for": "192.0.2.99" }, ...proxy })).statusCode).toBe(429);

    const { t: behind } = await appWith({ RATE_LIMIT_MAX: "2", TRUSTED_PROXIES: "10.1.0.0/16, 10.2.0.7" });
    const call = (xff: string, remoteAddress = "10.1.1.1") =>
      behind.app.inject({ method: "GET", url: "/anomalies/inc-1", headers: { "x-forwarded-for": xff }, remoteAddress });
    // The load balancer appends the real client; whatever the client put before it is ignored.
    expect((await call("6.6.6.6, 198.51.100.1")).statusCode).toBe(404);
    expect((await call("7.7.7.7, 198.51.100.1")).statusCode).toBe(404);
    expect((await call("8.8.8.8, 198.51.100.1")).statusCode).toBe(429);
    expect((await call("198.51.100.2")).statusCode).toBe(404);
    // Two trusted proxies in a row: the client is the address before both.
    expect((await call("198.51.100.3, 10.2.0.7")).statusCode).toBe(404);
    expect((await call("198.51.100.3, 10.2.0.7")).statusCode).toBe(404);
    expect((await call("198.51.100.3, 10.2.0.7")).statusCode).toBe(429);
    // A caller reaching the service directly cannot rotate the header to escape its budget.
    const outsider = "203.0.113.9";
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(`192.0.2.${i}`, outsider)).statusCode);
    expect(statuses).toEqual([404, 404, 429, 429, 429]);
  });

  it("refuses TRUST_PROXY_HOPS, naming TRUSTED_PROXIES, and a TRUSTED_PROXIES entry that is no address", () => {
    expect(() => testConfig({ TRUST_PROXY_HOPS: "1" })).toThrow(/TRUST_PROXY_HOPS: was replaced by TRUSTED_PROXIES/);
    expect(() => testConfig({ TRUSTED_PROXIES: "10.0.0.0/16,proxy.local" })).toThrow(/TRUSTED_PROXIES: proxy\.local is not an IP address or CIDR block/);
    expect(() => testConfig({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES/);
    expect(testConfig({ TRUSTED_PROXIES: " 10.0.0.0/16 , ::1 ,fd00::/8" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/16", "::1", "fd00::/8"]);
  });
});

describe("GET /health without and with the API key", () => {
  it("shows Valkey's address and raw error only to a caller presenting API_KEY", async () => {
    const port = await freePort();
    const config = testConfig({ API_KEY, VALKEY_URL: `redis://127.0.0.1:${port}`, VALKEY_CONNECT_TIMEOUT_MS: "300", VALKEY_COMMAND_TIMEOUT_MS: "300" });
    const down = await buildTestApp(config);
    apps.push(down);
    const anonymous = await waitFor(async () => {
      const res = await down.app.inject({ method: "GET", url: "/health" });
      return res.statusCode === 503 ? res : undefined;
    });
    expect(anonymous.json()).toMatchObject({ status: "unhealthy", valkey: { connected: false, reason: "unreachable" } });
    expect(anonymous.json().valkey.error).toMatch(/^cannot reach Valkey: ECONNREFUSED — check VALKEY_URL/);
    expect(anonymous.body).not.toContain(String(port));
    expect(anonymous.body).not.toContain("127.0.0.1");
    expect(anonymous.json().valkey.detail).toBeUndefined();
    const wrong = await down.app.inject({ method: "GET", url: "/health", headers: bearer("not-the-key-0123456789") });
    expect(wrong.body).not.toContain(String(port));
    const keyed = await waitFor(async () => {
      const res = await down.app.inject({ method: "GET", url: "/health", headers: bearer(API_KEY) });
      return String(res.json().valkey.detail).includes(String(port)) ? res : undefined;
    });
    expect(keyed.statusCode).toBe(503);
    expect(keyed.json().valkey.detail).toBe(
      `cannot reach Valkey at 127.0.0.1:${port}: ECONNREFUSED — check VALKEY_URL (or VALKEY_HOST and VALKEY_PORT) and that the server is running`,
    );
  });
});
