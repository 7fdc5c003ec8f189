import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { demoIncidentLogs } from "../../src/cli/demo-incident.js";
import { incidentListSchema } from "../../src/contract/incident-list.js";
import { resultEventSchema } from "../../src/contract/result-event.js";
import { PAGE_CSP } from "../../src/http/routes/incident-page.js";
import type { StreamConsumer } from "../../src/stream/consumer.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, startTestConsumer } from "../helpers/consumer.js";
import { analyseThroughStream } from "../helpers/incidents.js";
import { normalLogs } from "../helpers/logs.js";
import { testClient, testConfig } from "../helpers/valkey.js";

/** The incident pages' routes, the recent-incidents list and view_url, through the real app and consumer. */

const API_KEY = "page-key-0123456789abcdef";
const PUBLIC_URL = "https://anomaly.example.com/tools/";
const auth = { authorization: `Bearer ${API_KEY}` };

let r: Redis;
let config: Config;
let t: TestApp;
let consumer: StreamConsumer;

beforeAll(async () => {
  r = testClient();
  config = testConfig({ API_KEY, PUBLIC_URL, RATE_LIMIT_MAX: "0" });
  t = await buildTestApp(config);
  consumer = await startTestConsumer(config, t);
  const end = Date.parse("2025-09-19T08:00:00Z");
  const quiet = normalLogs(120, end, "catalog-service");
  await analyseThroughStream(r, config, [
    { id: "INC-A", logs: demoIncidentLogs(end) },
    { id: "INC-B", logs: quiet },
    { id: "INC-C", logs: demoIncidentLogs(end + 3_600_000, 150, 11) },
  ]);
});
afterAll(async () => {
  await consumer.close();
  await t.close();
  r.disconnect();
});

describe("the incident pages", () => {
  it("serve their HTML and files without the key, with a CSP that allows no inline script", async () => {
    for (const url of ["/incidents", "/incidents/INC-A", "/ui/incident.js", "/ui/page.css", "/ui/icon.svg"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-security-policy"], url).toBe(PAGE_CSP);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    }
    expect(PAGE_CSP).toContain("script-src 'self'");
    expect(PAGE_CSP).not.toContain("unsafe-inline");
    const html = (await t.app.inject({ method: "GET", url: "/incidents/INC-A" })).body;
    expect(html).toContain('<script type="module" src="../ui/incident.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script element
    expect((await t.app.inject({ method: "GET", url: "/ui/incident.js" })).headers["content-type"]).toContain("text/javascript");
  });

  it("serve only their own files, answer 304 to a current ETag, and validate the incident id", async () => {
    for (const url of ["/ui/incident.html", "/ui/..%2Fpage-assets.ts", "/ui/nothing.js", "/ui/%2e%2e%2fconfig.ts"]) {
      expect((await t.app.inject({ method: "GET", url })).statusCode, url).toBe(404);
    }
    const first = await t.app.inject({ method: "GET", url: "/ui/api.js" });
    const again = await t.app.inject({ method: "GET", url: "/ui/api.js", headers: { "if-none-match": first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    const bad = await t.app.inject({ method: "GET", url: "/incidents/..%2Fsecret" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("incident_id");
  });

  it("leave the data behind the key: the JSON routes still need it", async () => {
    expect((await t.app.inject({ method: "GET", url: "/anomalies/INC-A" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/anomalies" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/anomalies/INC-A", headers: auth })).statusCode).toBe(200);
  });
});

describe("GET /anomalies/:incident_id narrowed for the page", () => {
  it("leaves the lines out with lines=none and keeps one finding's with finding_id; the rest is the whole answer", async () => {
    const whole = (await t.app.inject({ method: "GET", url: "/anomalies/INC-A", headers: auth })).json();
    const none = (await t.app.inject({ method: "GET", url: "/anomalies/INC-A?lines=none", headers: auth })).json();
    expect(whole.anomalies.length).toBeGreaterThan(1);
    expect(none).toEqual({ ...whole, anomalies: [] });
    const finding = whole.findings[1];
    const one = (await t.app.inject({ method: "GET", url: `/anomalies/INC-A?finding_id=${finding.finding_id}`, headers: auth })).json();
    expect(one.anomalies.length).toBe(finding.count);
    expect(one).toEqual({ ...whole, anomalies: whole.anomalies.filter((a: { finding_id: string }) => a.finding_id === finding.finding_id) });
    const bad = await t.app.inject({ method: "GET", url: "/anomalies/INC-A?lines=some", headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("lines");
  });
});

describe("GET /anomalies (recent incidents)", () => {
  it("lists each analysed incident once, newest first, with its strongest finding", async () => {
    const res = await t.app.inject({ method: "GET", url: "/anomalies", headers: auth });
    expect(res.statusCode).toBe(200);
    const list = incidentListSchema.parse(res.json());
    expect(list.incidents.map((x) => x.incident_id)).toEqual(["INC-C", "INC-B", "INC-A"]);
    expect(list.complete).toBe(true);
    const a = JSON.parse((await r.get(t.keys.latestResult("INC-A")))!);
    const itemA = list.incidents.find((x) => x.incident_id === "INC-A")!;
    expect(itemA.anomalies_detected).toBe(a.anomalies_detected);
    expect(itemA.findings).toBe(a.findings.length);
    expect(itemA.top_finding?.finding_id).toBe(a.findings[0].finding_id);
    expect(itemA.view_url).toBe("https://anomaly.example.com/tools/incidents/INC-A");
    expect(list.incidents.find((x) => x.incident_id === "INC-B")!.top_finding).toBeNull();
  });

  it("keeps only an incident's newest result and filters by service", async () => {
    await analyseThroughStream(r, config, [{ id: "INC-B", logs: demoIncidentLogs(Date.parse("2025-09-20T08:00:00Z")) }]);
    await expect
      .poll(async () =>
        (await t.app.inject({ method: "GET", url: "/anomalies", headers: auth })).json().incidents.map((x: { incident_id: string }) => x.incident_id),
      )
      .toEqual(["INC-B", "INC-C", "INC-A"]);
    const filtered = (await t.app.inject({ method: "GET", url: "/anomalies?service=payment-service&limit=2", headers: auth })).json();
    expect(filtered.incidents).toHaveLength(2);
    for (const x of filtered.incidents) expect(x.services).toContain("payment-service");
    const none = (await t.app.inject({ method: "GET", url: "/anomalies?service=catalog-service", headers: auth })).json();
    expect(none).toMatchObject({ incidents: [], complete: true });
  });

  it("answers 400 naming the field for a bad query", async () => {
    for (const [url, field] of [
      ["/anomalies?limit=0", "limit"],
      ["/anomalies?limit=x", "limit"],
      ["/anomalies?servce=a", "servce"],
    ] as const) {
      const res = await t.app.inject({ method: "GET", url, headers: auth });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message, url).toContain(field);
    }
  });
});

describe("view_url", () => {
  it("is in the REST answer, the stored result and the result event when PUBLIC_URL is set", async () => {
    const res = await t.app.inject({ method: "POST", url: "/detect-anomalies", headers: auth, payload: { incident_id: "INC-A" } });
    expect(res.json().view_url).toBe("https://anomaly.example.com/tools/incidents/INC-A");
    expect(JSON.parse((await r.get(t.keys.latestResult("INC-A")))!).view_url).toBe("https://anomaly.example.com/tools/incidents/INC-A");
    const events = (await readAll(r, config.ANOMALY_STREAM)).filter((e) => e.incident_id === "INC-A");
    const event = resultEventSchema.parse(events[0]);
    expect(event.view_url).toBe("https://anomaly.example.com/tools/incidents/INC-A");
    expect(JSON.parse(event.result).view_url).toBe(event.view_url);
  });

  it("is absent when PUBLIC_URL is not set", async () => {
    const plain = await buildTestApp(testConfig({ ANOMALY_STREAM: config.ANOMALY_STREAM, INCIDENT_LOGS_KEY: config.INCIDENT_LOGS_KEY }));
    try {
      const res = await plain.app.inject({ method: "POST", url: "/detect-anomalies", payload: { incident_id: "INC-A" } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).not.toHaveProperty("view_url");
    } finally {
      await plain.close();
    }
  });
});
