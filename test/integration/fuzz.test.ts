import { STATUS_CODES } from "node:http";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { INCIDENT_ID_PATTERN } from "../../src/contract/detect-request.js";
import type { StreamConsumer } from "../../src/stream/consumer.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, startTestConsumer } from "../helpers/consumer.js";
import { FORBIDDEN_ID_CHARS, badBody, badEventFields, badFeedbackBody, badIncidentId, badSuppressionBody, rng, safeId } from "../helpers/fuzz.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { waitFor } from "../helpers/service.js";
import { testClient, testConfig } from "../helpers/valkey.js";

/**
 * Generated bad input against the real app and a real consumer: every case answers 4xx with a
 * clear message (never 5xx), every bad event is dead-lettered with its reason, and the service
 * keeps working afterwards.
 */

const CASES = 1200;

let r: Redis;
let config: Config;
let t: TestApp;

beforeAll(async () => {
  r = testClient();
  // The fuzz sends thousands of requests from one address: no rate limit here (auth.test.ts covers it).
  config = testConfig({ RATE_LIMIT_MAX: "0" });
  t = await buildTestApp(config);
  await storeAsList(r, t.keys.incidentLogs("fuzz-ok"), normalLogs(40));
});
afterAll(async () => {
  await t.close();
  r.disconnect();
});

/** A 4xx with the error contract: reason phrase, a non-empty message, the status repeated. */
function expectClear4xx(res: { statusCode: number; body: string; headers: Record<string, unknown> }, what: string): Record<string, unknown> {
  expect(res.statusCode, `${what} -> ${res.statusCode} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${what} -> ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  expect(String(res.headers["content-type"]), what).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body.statusCode, what).toBe(res.statusCode);
  expect(body.error, what).toBe(STATUS_CODES[res.statusCode]);
  expect(typeof body.message === "string" && body.message.length > 0, what).toBe(true);
  return body;
}

/** Percent-encodes every byte, so even lone surrogates and "/" reach the route as one parameter. */
function pathSegment(s: string): string {
  return [...Buffer.from(s, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
}

async function stillHealthy(): Promise<void> {
  const h = await t.app.inject({ method: "GET", url: "/health" });
  expect(h.statusCode).toBe(200);
  expect(h.json().status).toBe("healthy");
  const ok = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "fuzz-ok" } });
  expect(ok.statusCode).toBe(200);
  expect(ok.json().processed_logs).toBe(40);
}

describe("REST fuzz", () => {
  it(`POST /detect-anomalies: ${CASES} generated bad bodies all answer 4xx naming the problem`, async () => {
    const g = rng(7001);
    const statuses = new Map<number, number>();
    const kinds = new Set<string>();
    for (let i = 0; i < CASES; i++) {
      const b = badBody(g);
      kinds.add(b.kind);
      const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", headers: { "content-type": b.contentType }, payload: b.payload });
      const what = `case ${i} (${b.kind}, ${b.contentType}): ${JSON.stringify(b.payload.slice(0, 200))}`;
      const body = expectClear4xx(res, what);
      // Nothing invalid may get as far as looking up logs (that would be a 404).
      expect([400, 415], what).toContain(res.statusCode);
      if (body.code === "VALIDATION") {
        expect(typeof body.field, what).toBe("string");
        if (body.field !== "(body)") expect(String(body.message), what).toContain(String(body.field));
      }
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    }
    expect(kinds.size).toBe(6);
    expect(statuses.get(400)).toBeGreaterThan(CASES / 2);
    expect(statuses.get(415)).toBeGreaterThan(0);
    await stillHealthy();
  });

  it("bodies over BODY_LIMIT_BYTES answer 413, however malformed; a body at the limit is read", async () => {
    const g = rng(7002);
    const limit = config.BODY_LIMIT_BYTES;
    for (let i = 0; i < 60; i++) {
      const size = limit + 1 + g.int(limit * 3);
      const payload = g.pick([
        () => JSON.stringify({ incident_id: safeId(g), junk: "x".repeat(size) }),
        () => "{".repeat(size),
        () => Buffer.from(Array.from({ length: size }, () => g.int(256))).toString("latin1"),
        () => JSON.stringify({ incident_id: "x".repeat(size) }),
      ])();
      const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", headers: { "content-type": "application/json" }, payload });
      expectClear4xx(res, `oversized case ${i}`);
      expect(res.statusCode, `oversized case ${i}`).toBe(413);
    }
    // Exactly at the limit: read and validated (400 for the padding field), not refused as too large.
    const base = JSON.stringify({ incident_id: "fuzz-ok", pad: "" });
    const atLimit = JSON.stringify({ incident_id: "fuzz-ok", pad: "p".repeat(limit - base.length) });
    expect(Buffer.byteLength(atLimit)).toBe(limit);
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", headers: { "content-type": "application/json" }, payload: atLimit });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/pad: unknown field/);
    await stillHealthy();
  });

  it(`GET /anomalies/:incident_id: ${CASES} generated bad ids answer 400; valid ids up to 200 characters reach the lookup`, async () => {
    const g = rng(7003);
    for (let i = 0; i < CASES; i++) {
      const id = badIncidentId(g);
      const url = `/anomalies/${pathSegment(id)}${g.chance(0.2) ? `?${pathSegment(safeId(g))}=${pathSegment(badIncidentId(g))}` : ""}`;
      const res = await t.app.inject({ method: "GET", url });
      const what = `case ${i}: ${JSON.stringify(id)}`;
      const body = expectClear4xx(res, what);
      expect(res.statusCode, what).toBe(400);
      expect(body.field, what).toBe("incident_id");
    }
    for (const len of [1, 100, 101, 150, 200]) {
      const id = safeId(g, len);
      const res = await t.app.inject({ method: "GET", url: `/anomalies/${id}` });
      expect(res.statusCode, `valid id of ${len}`).toBe(404);
      expect(res.json().message).toContain(`no anomaly result stored for incident ${id}`);
    }
    await stillHealthy();
  });

  it.each(["/health", "/metrics"])(`GET %s: ${CASES} junk query strings, headers and bodies change nothing`, async (url) => {
    const g = rng(7004 + url.length);
    for (let i = 0; i < CASES; i++) {
      const query = g.chance(0.7) ? `?${pathSegment(badIncidentId(g))}=${pathSegment(badIncidentId(g))}&${safeId(g)}` : "";
      const b = badBody(g);
      const res = await t.app.inject({
        method: "GET",
        url: url + query,
        headers: {
          "content-type": b.contentType,
          accept: g.pick(["*/*", "text/html", "application/xml", "\u0000", "x".repeat(500)]),
          "x-request-id": g.pick([safeId(g), badIncidentId(g).replace(/[^\x20-\x7e]/g, "")]),
        },
        payload: g.chance(0.5) ? b.payload : undefined,
      });
      expect(res.statusCode, `case ${i}: ${url}${query}`).toBe(200);
      if (url === "/health") expect(res.json().status).toBe("healthy");
      else expect(res.body).toContain("http_requests_total");
      // A caller's x-request-id is echoed only when it is sane; otherwise a fresh one.
      expect(String(res.headers["x-request-id"])).toMatch(/^[\w.:-]{1,128}$/);
    }
  });

  it.each([
    ["POST /suppressions", "/suppressions", badSuppressionBody],
    ["POST /anomalies/:incident_id/feedback", "/anomalies/fuzz-ok/feedback", badFeedbackBody],
  ] as const)(`%s: ${CASES / 4} near-valid bodies and ${CASES / 4} junk bodies answer 400 naming the field`, async (_name, url, near) => {
    const g = rng(7010 + url.length);
    for (let i = 0; i < CASES / 2; i++) {
      const junk = i % 2 === 1 ? badBody(g) : undefined;
      const payload = junk ? junk.payload : JSON.stringify(near(g));
      const res = await t.app.inject({ method: "POST", url, headers: { "content-type": junk?.contentType ?? "application/json" }, payload });
      const what = `case ${i}: ${payload.slice(0, 200)}`;
      const body = expectClear4xx(res, what);
      expect([400, 415], what).toContain(res.statusCode);
      if (body.code === "VALIDATION") {
        expect(typeof body.field, what).toBe("string");
        if (body.field !== "(body)") expect(String(body.message), what).toContain(String(body.field));
      }
    }
    // None of them created anything.
    expect((await t.app.inject({ method: "GET", url: "/suppressions" })).json().active).toEqual([]);
    await stillHealthy();
  });

  it(`DELETE /suppressions/:id and the feedback route's incident id: ${CASES / 4} bad ids each answer 400`, async () => {
    const g = rng(7012);
    for (let i = 0; i < CASES / 4; i++) {
      const id = g.chance(0.5) ? badIncidentId(g) : `s_${safeId(g, g.int(20))}`;
      const del = await t.app.inject({ method: "DELETE", url: `/suppressions/${pathSegment(id)}` });
      expect(expectClear4xx(del, `delete ${JSON.stringify(id)}`).field).toBe("id");
      const fb = await t.app.inject({
        method: "POST",
        url: `/anomalies/${pathSegment(badIncidentId(g))}/feedback`,
        payload: { finding_id: "f_0123456789abcdef", verdict: "expected", by: "x" },
      });
      expect(expectClear4xx(fb, `feedback ${i}`).field).toBe("incident_id");
    }
  });

  it("an incident id can never address another key: the pattern admits only safe characters", () => {
    const g = rng(7005);
    for (const c of FORBIDDEN_ID_CHARS) expect(INCIDENT_ID_PATTERN.test(`a${c}b`), JSON.stringify(c)).toBe(false);
    for (let i = 0; i < 5000; i++) {
      const id = badIncidentId(g);
      expect(INCIDENT_ID_PATTERN.test(id), JSON.stringify(id)).toBe(false);
    }
    // Whatever passes builds a key with no glob or hash-tag character and no whitespace.
    for (let i = 0; i < 5000; i++) {
      const id = Array.from({ length: 1 + g.int(12) }, () => String.fromCharCode(g.int(128))).join("");
      if (!INCIDENT_ID_PATTERN.test(id)) continue;
      expect(t.keys.incidentLogs(id)).toBe(config.INCIDENT_LOGS_KEY.replace("{incident_id}", id));
      expect(id).not.toMatch(/[*?[\]{}\\\s\x00-\x1f\x7f]/);
    }
  });
});

describe("stream event fuzz", () => {
  let consumer: StreamConsumer | undefined;
  afterAll(async () => {
    await consumer?.close();
  });

  it(`${CASES} generated bad events all end in the dead-letter stream with their reason; the consumer keeps consuming`, async () => {
    const cfg = testConfig({
      CONSUMER_NAME: "fuzz",
      CONSUMER_BLOCK_MS: "200",
      CONSUMER_CONCURRENCY: "16",
      NO_LOGS_RETRIES: "0",
      CONSUMER_START_FROM: "beginning",
    });
    const app = await buildTestApp(cfg);
    try {
      await storeAsList(r, app.keys.incidentLogs("good"), normalLogs(30));
      const g = rng(7006);
      const bad = new Set<string>();
      const good = new Set<string>();
      const p = r.pipeline();
      const order: Array<"bad" | "good"> = [];
      for (let i = 0; i < CASES; i++) {
        if (i % 100 === 50) {
          p.xadd(cfg.INCIDENT_STREAM, "*", "incident_id", "good");
          order.push("good");
        }
        p.xadd(cfg.INCIDENT_STREAM, "*", ...badEventFields(g));
        order.push("bad");
      }
      const replies = await p.exec();
      replies!.forEach(([err, id], i) => {
        expect(err).toBeNull();
        (order[i] === "bad" ? bad : good).add(id as string);
      });
      consumer = await startTestConsumer(cfg, app);
      const dlq = await waitFor(
        async () => {
          const all = await readAll(r, cfg.DEAD_LETTER_STREAM);
          return all.length >= bad.size ? all : undefined;
        },
        60_000,
        "every bad event dead-lettered",
      );
      expect(dlq.length).toBe(bad.size);
      expect(new Set(dlq.map((d) => d.source_event_id))).toEqual(bad);
      for (const d of dlq) {
        expect(d.reason, JSON.stringify(d)).toBe("invalid");
        expect(d.error, JSON.stringify(d)).toMatch(/^(incident_id|time_window_hours|confidence_threshold|data|payload|\(body\))[:.]/);
        expect(() => JSON.parse(d.original!)).not.toThrow();
      }
      // The good events in between, and one sent after the garbage, got their results.
      const late = (await r.xadd(cfg.INCIDENT_STREAM, "*", "incident_id", "good"))!;
      good.add(late);
      const results = await waitFor(
        async () => {
          const all = await readAll(r, cfg.ANOMALY_STREAM);
          return all.length >= good.size ? all : undefined;
        },
        30_000,
        "results of the good events",
      );
      expect(new Set(results.map((x) => x.source_event_id))).toEqual(good);
      expect(results.every((x) => x.status === "ok")).toBe(true);
      expect(((await r.xpending(cfg.INCIDENT_STREAM, cfg.CONSUMER_GROUP)) as [number])[0]).toBe(0);
      expect(await app.metrics.registry.getSingleMetricAsString("anomaly_stream_events_dead_lettered_total")).toContain(
        `anomaly_stream_events_dead_lettered_total{reason="invalid"} ${bad.size}`,
      );
    } finally {
      await consumer?.close();
      consumer = undefined;
      await app.close();
    }
  });
});
