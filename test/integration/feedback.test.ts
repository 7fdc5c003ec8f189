import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";
import type { StreamConsumer } from "../../src/stream/consumer.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, startTestConsumer } from "../helpers/consumer.js";
import { normalLogs, storeAsList } from "../helpers/logs.js";
import { waitFor } from "../helpers/service.js";
import { testClient, testConfig } from "../helpers/valkey.js";
import { isRoutine } from "../../src/detection/history/history.js";

let r: Redis;
let config: Config;
let t: TestApp;

beforeAll(async () => {
  r = testClient();
  config = testConfig({ MAX_ACTIVE_SUPPRESSIONS: "3" });
  t = await buildTestApp(config);
});
afterAll(async () => {
  await t.close();
  r.disconnect();
});

const END = Date.parse("2025-09-19T08:00:00Z");

/** Calm user-service traffic with a database timeout and, in order-service, an out-of-memory error. */
function incidentLogs() {
  const logs: Record<string, unknown>[] = [...normalLogs(120, END), ...normalLogs(60, END - 30_000, "order-service")];
  logs.push({
    timestamp: new Date(END - 40 * 60_000).toISOString(),
    level: "ERROR",
    message: "Database connection timeout after 30s",
    service: "user-service",
  });
  logs.push({
    timestamp: new Date(END - 20 * 60_000).toISOString(),
    level: "ERROR",
    message: "java.lang.OutOfMemoryError: Java heap space",
    service: "order-service",
  });
  return logs;
}

async function detect(incident: string): Promise<DetectResponse> {
  await storeAsList(r, t.keys.incidentLogs(incident), incidentLogs());
  const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: incident } });
  expect(res.statusCode).toBe(200);
  return res.json() as DetectResponse;
}

/** A result as the consumer stores it, for the feedback route to resolve findings against. */
async function publish(incident: string): Promise<DetectResponse> {
  const answer = await detect(incident);
  await r.set(t.keys.latestResult(incident), JSON.stringify(answer));
  return answer;
}

const finding = (a: DetectResponse, type: string) => a.findings.find((f) => f.anomaly_type === type)!;
const post = (url: string, payload: unknown) => t.app.inject({ method: "POST", url, payload: payload as object });

describe("suppressions", () => {
  it("a suppression hides its finding and only that one, and the answer lists it under suppressed[]", async () => {
    const before = await detect("INC-s1");
    const timeout = finding(before, "performance");
    const oom = finding(before, "memory");
    expect(timeout.service).toBe("user-service");
    expect(before.suppressed).toEqual([]);
    expect(before.summary.suppressed_lines).toBe(0);

    const created = await post("/suppressions", {
      match: { service: "user-service", template_id: timeout.template_id },
      until: "1h",
      reason: "database migration tonight",
      created_by: "alice",
    });
    expect(created.statusCode).toBe(201);
    const s = created.json();
    expect(s.id).toMatch(/^s_[0-9a-f]{16}$/);
    expect(Date.parse(s.until) - Date.now()).toBeGreaterThan(3_590_000);
    expect(await r.pttl(t.keys.suppression(s.id))).toBeGreaterThan(3_590_000);

    const after = await detect("INC-s1");
    expect(after.findings.map((f) => f.finding_id)).not.toContain(timeout.finding_id);
    expect(after.findings.map((f) => f.finding_id)).toContain(oom.finding_id);
    expect(after.anomalies.map((a) => a.finding_id)).not.toContain(timeout.finding_id);
    expect(after.anomalies_detected).toBe(before.anomalies_detected - timeout.count);
    expect(after.summary.suppressed_lines).toBe(timeout.count);
    expect(after.suppressed).toEqual([
      expect.objectContaining({
        finding_id: timeout.finding_id,
        suppressed_by: "suppression",
        suppression_id: s.id,
        reason: "database migration tonight",
        count: timeout.count,
      }),
    ]);

    const list = (await t.app.inject({ method: "GET", url: "/suppressions" })).json();
    expect(list.active.map((x: { id: string }) => x.id)).toEqual([s.id]);
    const del = await t.app.inject({ method: "DELETE", url: `/suppressions/${s.id}?by=bob` });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ id: s.id, deleted_by: "bob" });
    expect((await detect("INC-s1")).findings.map((f) => f.finding_id)).toContain(timeout.finding_id);
    const ended = (await t.app.inject({ method: "GET", url: "/suppressions" })).json();
    expect(ended.active).toEqual([]);
    expect(ended.ended).toEqual([expect.objectContaining({ id: s.id, status: "deleted" })]);
    expect((await t.app.inject({ method: "DELETE", url: `/suppressions/${s.id}` })).statusCode).toBe(404);
  });

  it("an expired suppression lets its finding come back by itself, and is listed as expired", async () => {
    const before = await detect("INC-s2");
    const oom = finding(before, "memory");
    const s = (
      await post("/suppressions", { match: { service: "order-service", message: "OutOfMemoryError" }, until: "1s", reason: "known leak", created_by: "alice" })
    ).json();
    expect((await detect("INC-s2")).findings.map((f) => f.finding_id)).not.toContain(oom.finding_id);
    // Poll the key's TTL ending, then detect: no sleep decides the outcome.
    await waitFor(async () => ((await r.exists(t.keys.suppression(s.id))) === 0 ? true : undefined), 5000, "the suppression's key to expire");
    const back = await detect("INC-s2");
    expect(back.findings.map((f) => f.finding_id)).toContain(oom.finding_id);
    expect(back.suppressed).toEqual([]);
    const list = (await t.app.inject({ method: "GET", url: "/suppressions" })).json();
    expect(list.ended).toEqual(expect.arrayContaining([expect.objectContaining({ id: s.id, status: "expired" })]));
  });

  it("a permanent suppression has no TTL and survives a restart of the service", async () => {
    const before = await detect("INC-s3");
    const oom = finding(before, "memory");
    const s = (
      await post("/suppressions", { match: { service: "order-service", anomaly_type: "memory" }, reason: "capacity ticket OPS-12", created_by: "carol" })
    ).json();
    expect(s.until).toBeNull();
    expect(await r.ttl(t.keys.suppression(s.id))).toBe(-1);
    await t.close();
    t = await buildTestApp(config);
    const after = await detect("INC-s3");
    expect(after.findings.map((f) => f.finding_id)).not.toContain(oom.finding_id);
    expect(after.suppressed![0]).toMatchObject({ suppression_id: s.id });
    expect((await t.app.inject({ method: "DELETE", url: `/suppressions/${s.id}?by=carol` })).statusCode).toBe(200);
  });

  it("refuses a suppression that would match a whole service, and one over MAX_ACTIVE_SUPPRESSIONS", async () => {
    const whole = await post("/suppressions", { match: { service: "user-service" }, reason: "r", created_by: "x" });
    expect(whole.statusCode).toBe(400);
    expect(whole.json().message).toMatch(/^match: must name at least one of template_id, template, anomaly_type, message/);
    const noService = await post("/suppressions", { match: { message: "timeout" }, reason: "r", created_by: "x" });
    expect(noService.statusCode).toBe(400);
    expect(noService.json().field).toBe("match.service");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post("/suppressions", { match: { service: `svc-${i}`, message: "x" }, until: "10m", reason: "r", created_by: "x" });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
    }
    const over = await post("/suppressions", { match: { service: "svc-4", message: "x" }, until: "10m", reason: "r", created_by: "x" });
    expect(over.statusCode).toBe(409);
    expect(over.json().message).toMatch(/MAX_ACTIVE_SUPPRESSIONS/);
    for (const id of ids) expect((await t.app.inject({ method: "DELETE", url: `/suppressions/${id}` })).statusCode).toBe(200);
  });

  it("bad bodies get a 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ match: { service: "a", message: "b" }, until: "tomorrow", reason: "r", created_by: "x" }, "until"],
      [{ match: { service: "a", message: "b" }, until: "2020-01-01T00:00:00Z", reason: "r", created_by: "x" }, "until"],
      [{ match: { service: "a", anomaly_type: "weird" }, reason: "r", created_by: "x" }, "match.anomaly_type"],
      [{ match: { service: "a", template_id: "nope" }, reason: "r", created_by: "x" }, "match.template_id"],
      [{ match: { service: "a", message: "b" }, created_by: "x" }, "reason"],
      [{ match: { service: "a", message: "b" }, reason: "r" }, "created_by"],
      [{ match: { service: "a", message: "b" }, reason: "r", created_by: "x", extra: 1 }, "extra"],
    ];
    for (const [body, field] of cases) {
      const res = await post("/suppressions", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().field, JSON.stringify(body)).toBe(field);
    }
    expect((await t.app.inject({ method: "DELETE", url: "/suppressions/not-an-id" })).json().field).toBe("id");
  });
});

describe("feedback on a result", () => {
  it("expected takes the finding out of later incidents as routine, listed as such", async () => {
    const first = await publish("INC-f1");
    const oom = finding(first, "memory");
    const res = await post("/anomalies/INC-f1/feedback", { finding_id: oom.finding_id, verdict: "expected", by: "dave", note: "load test tonight" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ verdict: "expected", service: "order-service", template_id: oom.template_id, by: "dave", incident_id: "INC-f1" });
    const later = await detect("INC-f2");
    expect(later.findings.map((f) => f.finding_id)).not.toContain(oom.finding_id);
    expect(later.suppressed).toEqual([
      expect.objectContaining({
        finding_id: oom.finding_id,
        suppressed_by: "expected",
        feedback_incident_id: "INC-f1",
        reason: expect.stringMatching(/by dave on INC-f1.*load test tonight/),
      }),
    ]);
  });

  it("confirmed marks the finding in every later incident and keeps it reported", async () => {
    const first = await publish("INC-c1");
    const timeout = finding(first, "performance");
    const res = await post("/anomalies/INC-c1/feedback", { log_index: timeout.log_index, verdict: "confirmed", created_by: "erin" });
    expect(res.statusCode).toBe(201);
    expect(res.json().finding_id).toBe(timeout.finding_id);
    for (const incident of ["INC-c2", "INC-c3", "INC-c4"]) {
      const later = await detect(incident);
      const f = later.findings.find((x) => x.finding_id === timeout.finding_id)!;
      expect(f.confirmed).toMatchObject({ incident_id: "INC-c1", by: "erin" });
      expect(f.reasons[0]).toMatch(/^confirmed as a problem in INC-c1 by erin/);
    }
    // An expected verdict on another type of the template does not hide a confirmed template.
    const expectedElsewhere = await post("/anomalies/INC-c1/feedback", { finding_id: timeout.finding_id, verdict: "not_useful", by: "frank" });
    expect(expectedElsewhere.statusCode).toBe(201);
    expect((await detect("INC-c5")).findings.map((f) => f.finding_id)).toContain(timeout.finding_id);
  });

  it("the feedback stream holds every verdict with who, when and what", async () => {
    const entries = (await readAll(r, t.keys.feedbackStream)).filter((e) => e.kind === "verdict");
    expect(entries.map((e) => [e.incident_id, e.verdict, e.by])).toEqual([
      ["INC-f1", "expected", "dave"],
      ["INC-c1", "confirmed", "erin"],
      ["INC-c1", "not_useful", "frank"],
    ]);
    for (const e of entries) {
      expect(Date.parse(e.at!)).not.toBeNaN();
      expect(e.finding_id).toMatch(/^f_/);
      expect(e.template_id).toMatch(/^t_/);
    }
    const changes = (await readAll(r, t.keys.feedbackStream)).filter((e) => e.kind !== "verdict").map((e) => e.kind);
    expect(changes).toContain("suppression_created");
    expect(changes).toContain("suppression_deleted");
    const metrics = await t.metrics.registry.getSingleMetricAsString("anomaly_feedback_total");
    expect(metrics).toMatch(/anomaly_feedback_total\{verdict="confirmed"\} 1/);
  });

  it("bad bodies get a 400 naming the field; unknown incidents and findings a 404", async () => {
    const cases: [unknown, string][] = [
      [{ verdict: "expected", by: "x" }, "finding_id"],
      [{ finding_id: "f_0000000000000000", log_index: 3, verdict: "expected", by: "x" }, "finding_id"],
      [{ finding_id: "f_0000000000000000", verdict: "great", by: "x" }, "verdict"],
      [{ finding_id: "f_0000000000000000", verdict: "expected" }, "by"],
      [{ log_index: -1, verdict: "expected", by: "x" }, "log_index"],
      [{ finding_id: "nope", verdict: "expected", by: "x" }, "finding_id"],
    ];
    for (const [body, field] of cases) {
      const res = await post("/anomalies/INC-f1/feedback", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().field, JSON.stringify(body)).toBe(field);
    }
    expect((await post("/anomalies/INC-none/feedback", { finding_id: "f_0000000000000000", verdict: "expected", by: "x" })).statusCode).toBe(404);
    const unknown = await post("/anomalies/INC-f1/feedback", { finding_id: "f_0000000000000000", verdict: "expected", by: "x" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/is not a finding of incident INC-f1/);
  });
});

describe("the stream path", () => {
  let consumer: StreamConsumer;
  afterAll(async () => consumer?.close());

  it("a result event carries suppressed[] with the suppression id, and its answer is what feedback resolves against", async () => {
    const s = (
      await post("/suppressions", {
        match: { service: "user-service", message: "Database connection timeout" },
        until: "1h",
        reason: "migration",
        created_by: "gina",
      })
    ).json();
    consumer = await startTestConsumer(config, t);
    await storeAsList(r, t.keys.incidentLogs("INC-st1"), incidentLogs());
    await r.xadd(t.keys.incidentStream, "*", "incident_id", "INC-st1");
    const event = await waitFor(async () => (await readAll(r, t.keys.anomalyStream)).find((e) => e.incident_id === "INC-st1"), 20_000, "the result event");
    const result = JSON.parse(event.result!) as DetectResponse;
    // The order-service OOM is still expected (an earlier test's verdict): both are listed.
    expect(result.suppressed).toEqual([
      expect.objectContaining({ suppression_id: s.id, suppressed_by: "suppression", reason: "migration" }),
      expect.objectContaining({ suppressed_by: "expected", feedback_incident_id: "INC-f1" }),
    ]);
    expect(result.summary.suppressed_lines).toBe(2);
    const verdict = await post("/anomalies/INC-st1/feedback", { finding_id: result.suppressed![0]!.finding_id, verdict: "confirmed", by: "gina" });
    expect(verdict.statusCode).toBe(201);
  });
});

describe("with the memory across incidents", () => {
  let m: TestApp;
  beforeAll(async () => {
    m = await buildTestApp(testConfig({ MEMORY: "on", MEMORY_ROUTINE_INCIDENTS: "2", MEMORY_CACHE_MS: "0" }));
  });
  afterAll(async () => m.close());

  const detectOn = async (incident: string): Promise<DetectResponse> => {
    await storeAsList(r, m.keys.incidentLogs(incident), incidentLogs());
    const answer = (await m.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: incident } })).json() as DetectResponse;
    await r.set(m.keys.latestResult(incident), JSON.stringify(answer));
    return answer;
  };

  it("a confirmed finding is never learned as normal, while an unconfirmed one recurring as often is; expected is learned at once", async () => {
    const first = await detectOn("INC-m1");
    const timeout = finding(first, "performance");
    const oom = finding(first, "memory");
    const res = await m.app.inject({
      method: "POST",
      url: "/anomalies/INC-m1/feedback",
      payload: { finding_id: timeout.finding_id, verdict: "confirmed", by: "hal" },
    });
    expect(res.statusCode).toBe(201);
    let last = first;
    for (const incident of ["INC-m2", "INC-m3", "INC-m4", "INC-m5"]) last = await detectOn(incident);
    const memory = m.memory!;
    const users = (await memory.read("user-service"))!;
    const orders = (await memory.read("order-service"))!;
    const confirmed = users.templates.find((x) => x.id === timeout.template_id)!;
    expect(confirmed.confirmed).toBe(true);
    expect(confirmed.incidents).toBeGreaterThanOrEqual(2);
    expect(isRoutine(confirmed, users, memory.routineIncidents)).toBe(false);
    // The same recurrence makes the unconfirmed template routine.
    const control = orders.templates.find((x) => x.id === oom.template_id)!;
    expect(control.incidents).toBeGreaterThanOrEqual(2);
    expect(isRoutine(control, orders, memory.routineIncidents)).toBe(true);
    const still = last.findings.find((x) => x.finding_id === timeout.finding_id)!;
    expect(still.confirmed).toMatchObject({ incident_id: "INC-m1", by: "hal" });

    const expected = await m.app.inject({
      method: "POST",
      url: "/anomalies/INC-m5/feedback",
      payload: { finding_id: timeout.finding_id, verdict: "expected", by: "hal" },
    });
    expect(expected.statusCode).toBe(201);
    const after = (await memory.read("user-service"))!.templates.find((x) => x.id === timeout.template_id)!;
    expect(after).toMatchObject({ expected: true, confirmed: false });
  });
});
