import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { pino } from "pino";
import { buildApp } from "../../src/http/server.js";
import { freePort } from "../../src/valkey/local-server.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { loghubLines, normalLogs, storeAsList, storeAsStream, storeAsZset } from "../helpers/logs.js";
import { testClient, testConfig } from "../helpers/valkey.js";

let r: Redis;
let config: Config;
let t: TestApp;

beforeAll(async () => {
  r = testClient();
  config = testConfig();
  t = await buildTestApp(config);
});
afterAll(async () => {
  await t.close();
  r.disconnect();
});

const PROTOTYPE_LOG = {
  timestamp: "2025-09-19T07:49:29Z",
  level: "ERROR",
  message: "Database connection timeout after 30s",
  service: "user-service",
};

function prototypeIncident() {
  // A log a minute, the prototype's example log at position 42 and in time order (sorted sets order by time).
  const logs: Record<string, unknown>[] = normalLogs(150, Date.parse(PROTOTYPE_LOG.timestamp) + 107 * 60_000);
  logs[42] = PROTOTYPE_LOG;
  return logs;
}

describe("GET /health", () => {
  it("answers 200 with Valkey's round trip when Valkey answers", async () => {
    const res = await t.app.inject({ method: "GET", url: "/health" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe("healthy");
    expect(body.valkey.connected).toBe(true);
    expect(body.valkey.latency_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(body.timestamp)).not.toBeNaN();
  });
});

describe("GET /livez", () => {
  it("answers 200 alive without a key or a rate-limit count, and is documented", async () => {
    const res = await t.app.inject({ method: "GET", url: "/livez" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "alive" });
    const doc = (await t.app.inject({ method: "GET", url: "/docs/json" })).json();
    expect(doc.paths).toHaveProperty("/livez");
  });
});

describe("POST /detect-anomalies", () => {
  it("answers the original prototype's example with the prototype's shape", async () => {
    await storeAsList(r, t.keys.incidentLogs("bugraid-INC-6825"), prototypeIncident());
    const res = await t.app.inject({
      method: "POST",
      url: "/detect-anomalies",
      payload: { incident_id: "bugraid-INC-6825", time_window_hours: 24, confidence_threshold: 0.7 },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    for (const k of ["incident_id", "anomalies_detected", "anomalies", "processed_logs", "analysis_timestamp"]) expect(body).toHaveProperty(k);
    expect(body.incident_id).toBe("bugraid-INC-6825");
    expect(body.processed_logs).toBe(150);
    expect(body.anomalies_detected).toBe(body.anomalies.length);
    const hit = body.anomalies.find((a: { log_index: number }) => a.log_index === 42);
    expect(hit).toMatchObject({
      timestamp: "2025-09-19T07:49:29Z",
      level: "ERROR",
      message: "Database connection timeout after 30s",
      service: "user-service",
      anomaly_type: "performance",
      features: { message_length: 37, level_severity: 4, response_time: 30000, memory_usage: 0 },
    });
    expect(hit.confidence).toBeGreaterThanOrEqual(0.7);
    expect(hit.confidence).toBeLessThanOrEqual(1);
    expect(hit.reasons.length).toBeGreaterThan(0);
    expect(body.method).toBe("isolation_forest");
    expect(res.headers["x-request-id"]).toBeTruthy();
  });

  it("uses the defaults (24 h, 0.7) and gives the same answer for all three key types", async () => {
    const logs = prototypeIncident();
    await storeAsList(r, t.keys.incidentLogs("as-list"), logs);
    await storeAsZset(r, t.keys.incidentLogs("as-zset"), logs as never);
    await storeAsStream(r, t.keys.incidentLogs("as-stream"), logs as never);
    const answers = [];
    for (const id of ["as-list", "as-zset", "as-stream"]) {
      const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: id } });
      expect(res.statusCode).toBe(200);
      const b = res.json();
      expect(b.confidence_threshold).toBe(0.7);
      expect(b.time_window_hours).toBe(24);
      answers.push(b.anomalies.map((a: Record<string, unknown>) => [a.log_index, a.anomaly_type, a.confidence]));
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]!.length).toBeGreaterThan(0);
  });

  it("answers 400 naming the offending field", async () => {
    const cases: Array<[unknown, string]> = [
      [{}, "incident_id"],
      [{ incident_id: 42 }, "incident_id"],
      [{ incident_id: "a b" }, "incident_id"],
      [{ incident_id: "x*" }, "incident_id"],
      [{ incident_id: "{x}" }, "incident_id"],
      [{ incident_id: "ok", time_window_hours: -1 }, "time_window_hours"],
      [{ incident_id: "ok", time_window_hours: "24" }, "time_window_hours"],
      [{ incident_id: "ok", confidence_threshold: 1.5 }, "confidence_threshold"],
      [{ incident_id: "ok", confidence_treshold: 0.5 }, "confidence_treshold"],
      [[1, 2], "(body)"],
    ];
    for (const [payload, field] of cases) {
      const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().field).toBe(field);
      expect(res.json().message).toContain(field === "(body)" ? "" : field);
    }
    const notJson = await t.app.inject({ method: "POST", url: "/detect-anomalies", headers: { "content-type": "application/json" }, payload: "{oops" });
    expect(notJson.statusCode).toBe(400);
    const huge = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "x".repeat(config.BODY_LIMIT_BYTES) } });
    expect(huge.statusCode).toBe(413);
  });

  it("a typo in a field name: the closest valid field is suggested", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/detect-anomalies",
      payload: { incident_id: "ok", confidence_treshold: 0.5, time_window: 2, zzz: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe("confidence_treshold");
    expect(res.json().message).toBe(
      "confidence_treshold: unknown field (did you mean confidence_threshold?); time_window: unknown field (did you mean time_window_hours?); zzz: unknown field",
    );
  });

  it("a body without Content-Type: 415 saying the route takes JSON", async () => {
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: '{"incident_id":"x"}', headers: { "content-type": "" } });
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toBe("POST /detect-anomalies takes a JSON body: send it with Content-Type: application/json (the request had no Content-Type)");
    const form = await t.app.inject({
      method: "POST",
      url: "/detect-anomalies",
      payload: "incident_id=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().message).toContain("got application/x-www-form-urlencoded");
  });

  it("GET /detect-anomalies: 405 with Allow: POST and what the route takes", async () => {
    const res = await t.app.inject({ method: "GET", url: "/detect-anomalies" });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe("POST");
    expect(res.json().message).toMatch(
      /^\/detect-anomalies takes POST with a JSON body such as \{"incident_id":"INC-1"\}, not GET; GET \/anomalies\/INCIDENT_ID/,
    );
  });

  it("skipped entries: at most five in the answer, the first logged once with the request, a time that is not a date among them", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(l) });
    const app = buildApp({ config, logger, valkey: t.valkey, keys: t.keys, detector: t.detector, metrics: t.metrics });
    try {
      const logs: Array<Record<string, unknown> | string> = normalLogs(30);
      logs.splice(3, 0, { message: "when?", timestamp: "not a date" }, ...Array.from({ length: 7 }, (_, k) => `{junk ${k}`));
      await storeAsList(r, t.keys.incidentLogs("skips"), logs);
      const res = await app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "skips" } });
      expect(res.statusCode).toBe(200);
      expect(res.json().skipped_logs).toBe(8);
      const sample = res.json().skipped_sample;
      expect(sample).toHaveLength(5);
      expect(sample[0]).toEqual({
        log_index: 3,
        reason: 'timestamp "not a date" is not a date (ISO 8601, or epoch seconds or milliseconds)',
        excerpt: '{"message":"when?","timestamp":"not a date"}',
      });
      expect(sample.map((x: { log_index: number }) => x.log_index)).toEqual([3, 4, 5, 6, 7]);
      // Nothing echoes "not a date" as a time.
      expect(JSON.stringify(res.json().anomalies)).not.toContain("not a date");
      const finished = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "detection finished");
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({ skipped_logs: 8, skipped_first: sample[0] });
      // None skipped: no sample in the answer.
      await storeAsList(r, t.keys.incidentLogs("clean"), normalLogs(30));
      expect((await app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "clean" } })).json()).not.toHaveProperty("skipped_sample");
    } finally {
      await app.close();
    }
  });

  it("answers 404 naming the key when the incident has no logs", async () => {
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "nothing-here" } });
    expect(res.statusCode).toBe(404);
    expect(res.json().key).toBe(t.keys.incidentLogs("nothing-here"));
    expect(res.json().message).toContain(t.keys.incidentLogs("nothing-here"));
  });

  it("answers 422 for a key of another type and counts unreadable entries without failing", async () => {
    await r.set(t.keys.incidentLogs("a-string"), "hello");
    expect((await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "a-string" } })).statusCode).toBe(422);
    const logs: Array<Record<string, unknown> | string> = normalLogs(30);
    logs.splice(5, 0, '{"garbage', '{"no_message": true}');
    await storeAsList(r, t.keys.incidentLogs("mixed"), logs);
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "mixed", confidence_threshold: 0 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().skipped_logs).toBe(2);
    expect(res.json().processed_logs).toBe(30);
    // The answer says which entries were skipped and why.
    expect(res.json().skipped_sample).toEqual([
      { log_index: 5, reason: "entry is not valid JSON", excerpt: '{"garbage' },
      {
        log_index: 6,
        reason: "no message field (message, msg, log, text, body, event) and no request (request, or a method and a path)",
        excerpt: '{"no_message":true}',
      },
    ]);
    // Positions count the skipped entries, so LINDEX finds each reported log.
    for (const a of res.json().anomalies.slice(0, 5)) {
      const stored = JSON.parse((await r.lindex(t.keys.incidentLogs("mixed"), a.log_index))!);
      expect(stored.message).toBe(a.message);
    }
  });

  it.each(["apache_2k", "hadoop_2k", "hdfs_2k", "openstack_2k", "spark_2k", "zookeeper_2k"])("analyses the Loghub sample %s", async (name) => {
    const lines = loghubLines(`${name}.jsonl`);
    await storeAsList(r, t.keys.incidentLogs(name), lines);
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: name, time_window_hours: 24 * 366 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.processed_logs + body.skipped_logs).toBe(lines.length);
    expect(body.skipped_logs).toBe(0);
    expect(body.anomalies_detected).toBeLessThan(lines.length * 0.2);
    for (const a of body.anomalies) {
      expect(JSON.parse(lines[a.log_index]!).message).toBe(a.message);
      expect(a.confidence).toBeGreaterThanOrEqual(0.7);
    }
  });
});

describe("when Valkey is down", () => {
  it("answers 503 on /health and /detect-anomalies, with a clear message, while /livez stays 200", async () => {
    const down = await buildTestApp(
      testConfig({ VALKEY_URL: `redis://127.0.0.1:${await freePort()}`, VALKEY_COMMAND_TIMEOUT_MS: "500", VALKEY_CONNECT_TIMEOUT_MS: "500" }),
    );
    try {
      const h = await down.app.inject({ method: "GET", url: "/health" });
      expect(h.statusCode).toBe(503);
      expect(h.json()).toMatchObject({ status: "unhealthy", valkey: { connected: false } });
      const live = await down.app.inject({ method: "GET", url: "/livez" });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: "alive" });
      const d = await down.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "x" } });
      expect(d.statusCode).toBe(503);
      expect(d.json().message).toMatch(/cannot reach Valkey at 127\.0\.0\.1:\d+: ECONNREFUSED/);
    } finally {
      await down.close();
    }
  });
});

describe("metrics and docs", () => {
  it("exports request, detection, log and anomaly series", async () => {
    const res = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/detect-anomalies",status_code="200"\} \d+/);
    expect(text).toMatch(/anomaly_detection_duration_seconds_bucket\{le="[^"]+",trigger="api"\}/);
    expect(text).toMatch(/anomaly_logs_processed_total\{trigger="api"\} \d+/);
    expect(text).toMatch(/anomalies_detected_total\{type="performance",trigger="api"\} \d+/);
    expect(text).toMatch(/anomaly_detections_total\{trigger="api",outcome="no_logs"\} 1/);
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("serves the OpenAPI document generated from the zod schemas", async () => {
    const res = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.schemas.DetectRequest.required).toEqual(["incident_id"]);
    expect(doc.components.schemas.DetectResponse.properties).toHaveProperty("anomalies");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/health",
        "/detect-anomalies",
        "/anomalies/{incident_id}",
        "/suppressions",
        "/suppressions/{id}",
        "/anomalies/{incident_id}/feedback",
      ]),
    );
    expect(doc.components.schemas.SuppressionRequest.required).toEqual(["match", "reason", "created_by"]);
  });
});
