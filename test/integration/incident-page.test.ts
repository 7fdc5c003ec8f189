import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Redis } from "ioredis";
import { type Browser, chromium, type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoIncidentLogs } from "../../src/cli/demo-incident.js";
import type { Config } from "../../src/config.js";
import type { DetectResponse } from "../../src/contract/detect-response.js";
import type { StreamConsumer } from "../../src/stream/consumer.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { readAll, startTestConsumer } from "../helpers/consumer.js";
import { analyseThroughStream } from "../helpers/incidents.js";
import { normalLogs } from "../helpers/logs.js";
import { testClient, testConfig } from "../helpers/valkey.js";

/**
 * The incident pages in a real browser (Debian's Chromium, headless, driven by playwright-core)
 * against the real app and consumer: one browser and one tab for the whole file. Screenshots go
 * to test-results/.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-results");
const API_KEY = "browser-key-0123456789abcdef";
const INJECTION = "<img src=x onerror=window.__pwned=1><script>window.__pwned=1</script>";

let r: Redis;
let config: Config;
let t: TestApp;
let consumer: StreamConsumer;
let browser: Browser;
let page: Page;
let base: string;
let demo: DetectResponse;
let injected: DetectResponse;
let again: DetectResponse;
const requests: Request[] = [];
const pageErrors: string[] = [];

const fmt = (n: number) => new Intl.NumberFormat("en").format(n);

async function open(url: string): Promise<void> {
  await page.goto(`${base}${url}`);
  await page.waitForSelector("html[data-rendered]");
}

beforeAll(async () => {
  r = testClient();
  config = testConfig({ API_KEY, RATE_LIMIT_MAX: "0", MEMORY: "on" });
  t = await buildTestApp(config);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  consumer = await startTestConsumer(config, t);
  const end = Date.parse("2025-09-19T08:00:00Z");
  const hostile = normalLogs(150, end, "web");
  hostile[100] = { timestamp: hostile[100]!.timestamp, level: "ERROR", service: "web", message: `Unhandled exception while rendering ${INJECTION}` };
  const results = await analyseThroughStream(r, config, [
    { id: "DEMO", logs: demoIncidentLogs(end) },
    { id: "INJ", logs: hostile },
    // The same kind of incident a day later: the memory names DEMO as similar.
    { id: "DEMO-2", logs: demoIncidentLogs(end + 86_400_000, 150, 9) },
  ]);
  demo = results[0]!;
  injected = results[1]!;
  again = results[2]!;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on("request", (req) => requests.push(req));
  page.on("pageerror", (err) => pageErrors.push(err.message));
});
afterAll(async () => {
  await browser?.close();
  await consumer?.close();
  await t?.close();
  r?.disconnect();
});

describe("the incident page", () => {
  it("asks for the API key once and sends it as a Bearer header, never in a URL", async () => {
    await page.goto(`${base}/incidents/DEMO`);
    await page.locator("#key-input").fill(API_KEY);
    await page.keyboard.press("Enter");
    await page.waitForSelector("html[data-rendered='true']");
    const data = requests.filter((q) => new URL(q.url()).pathname === "/anomalies/DEMO");
    expect(data.length).toBeGreaterThan(1);
    expect(data.map((q) => q.headers().authorization)).toEqual([undefined, ...data.slice(1).map(() => `Bearer ${API_KEY}`)]);
    expect(requests.filter((q) => q.url().includes(API_KEY))).toEqual([]);
    await open("/incidents/DEMO");
    expect(await page.locator("#key-form").isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("shows the counts the API gives", async () => {
    const count = (key: string) => page.locator(`[data-count='${key}']`).textContent();
    expect(await count("processed_logs")).toContain(fmt(demo.processed_logs));
    expect(await count("anomalies_detected")).toContain(fmt(demo.anomalies_detected));
    expect(await count("findings")).toContain(fmt(demo.findings.length));
    expect(await page.locator("tr.finding").count()).toBe(demo.findings.length);
  });

  it("shows the onset and the suspected services in the API's order, with their reasons", async () => {
    const { onset, suspected_root_services: ranked } = demo.summary;
    expect(onset, "the demo incident has an onset").toBeTruthy();
    expect(await page.locator("[data-onset]").getAttribute("data-onset")).toBe(onset!.timestamp);
    expect(await page.locator("#onset").textContent()).toContain(onset!.reasons[0]!);
    expect(await page.locator("#suspects > li").evaluateAll((items) => items.map((li) => li.getAttribute("data-service")))).toEqual(
      ranked!.map((x) => x.service),
    );
    expect(await page.locator("#suspects > li").first().textContent()).toContain(ranked![0]!.reasons[0]!);
  });

  it("draws one series per service of the timeline, and the onset when there is one", async () => {
    const summary = demo.summary;
    const services = summary.timeline ? summary.timeline.services.length : new Set(demo.anomalies.map((a) => a.service)).size;
    // Without a timeline in the result the chart is drawn from the lines, fetched after the first draw.
    if (!summary.timeline) await page.waitForSelector("html[data-plotted='true']");
    expect(await page.locator("svg.timeline path.series-anomalous").count()).toBe(Math.min(12, services));
    expect(await page.locator("svg.timeline path.series-lines").count()).toBe(summary.timeline ? Math.min(12, services) : 0);
    expect(await page.locator("svg.timeline line.onset").count()).toBe(summary.onset ? 1 : 0);
  });

  it("expands a finding to its lines from the keyboard, and sorts by service", async () => {
    const strongest = demo.findings[0]!;
    const row = page.locator(`tr.finding[data-finding-id='${strongest.finding_id}']`);
    await row.locator("button.expand").focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => row.locator("button.expand").getAttribute("aria-expanded")).toBe("true");
    const lines = page.locator("tr.detail-row:not([hidden]) tr.line");
    const mine = demo.anomalies.filter((a) => a.finding_id === strongest.finding_id);
    await expect.poll(() => lines.count()).toBe(Math.min(50, mine.length));
    expect(await lines.first().textContent()).toContain(mine[0]!.message);
    expect(await page.locator("tr.detail-row:not([hidden]) code.template").first().textContent()).toBe(strongest.template);
    await page.locator("button[data-sort='service']").click();
    const shown = await page.locator("tr.finding td:nth-child(4)").allTextContents();
    expect(shown).toEqual([...demo.findings.map((f) => f.service)].sort((a, b) => a.localeCompare(b)));
  });

  it("reads in a light and a dark theme (screenshots in test-results/)", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const background = () => page.evaluate<string>("getComputedStyle(document.body).backgroundColor");
    await page.emulateMedia({ colorScheme: "light" });
    const light = await background();
    await page.screenshot({ path: path.join(ARTIFACTS, "incident-page.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await background()).not.toBe(light);
    await page.screenshot({ path: path.join(ARTIFACTS, "incident-page-dark.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("shows an injected log line as text and runs none of it", async () => {
    const finding = injected.findings.find((f) => f.template.includes("<img"));
    expect(finding, "the hostile line is a finding").toBeDefined();
    await open("/incidents/INJ");
    for (const button of await page.locator("button.expand").all()) await button.click();
    await expect
      .poll(() => page.locator("tr.detail-row:not([hidden]) .message").allTextContents())
      .toContain(`Unhandled exception while rendering ${INJECTION}`);
    expect(await page.evaluate("window.__pwned")).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("links the similar past incidents to their pages", async () => {
    expect(again.similar_incidents?.map((x) => x.incident_id)).toContain("DEMO");
    await open("/incidents/DEMO-2");
    const items = page.locator("#similar > li[data-incident]");
    expect(await items.evaluateAll((li) => li.map((x) => x.getAttribute("data-incident")))).toEqual(again.similar_incidents!.map((x) => x.incident_id));
    await page.locator("#similar a", { hasText: /^DEMO$/ }).click();
    await page.waitForSelector("html[data-rendered='true']");
    expect(new URL(page.url()).pathname).toBe("/incidents/DEMO");
  });
});

describe("the list of recent incidents", () => {
  it("lists what GET /anomalies gives, newest first, and filters by service without a reload", async () => {
    await open("/incidents");
    expect(await page.locator("tr.incident").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-incident")))).toEqual(["DEMO-2", "INJ", "DEMO"]);
    await page.locator("#service").fill("payment-service");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("tr.incident").count()).toBe(2);
    expect(page.url()).toContain("?service=payment-service");
    await page.locator("tr.incident a", { hasText: /^DEMO$/ }).click();
    await page.waitForSelector("html[data-rendered='true']");
    expect(new URL(page.url()).pathname).toBe("/incidents/DEMO");
  });
});

describe("actions on a finding", () => {
  it("marking a finding expected moves it to suppressed without a reload, and the next result leaves it out as the API says", async () => {
    await open("/incidents/DEMO");
    await page.locator("#who").fill("Ada");
    await page.locator("#who").dispatchEvent("change");
    const target = demo.findings.find((f) => f.anomaly_type === "error")!;
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => navigations.push(frame.url()));
    await page.locator(`tr.finding[data-finding-id='${target.finding_id}'] button[data-verdict='expected']`).click();
    await page.waitForSelector(`#suppressed li.moved[data-finding-id='${target.finding_id}']`);
    expect(await page.locator(`tr.finding[data-finding-id='${target.finding_id}']`).count()).toBe(0);
    expect(await page.locator("#action-status").textContent()).toContain("by Ada");
    expect(navigations).toEqual([]);
    const verdicts = (await readAll(r, t.keys.feedbackStream)).filter((e) => e.finding_id === target.finding_id);
    expect(verdicts.map((e) => [e.verdict, e.by])).toEqual([["expected", "Ada"]]);
    // The service's next result of this incident lists the finding as suppressed by the verdict.
    await r.del(t.keys.latestResult("DEMO"));
    const [next] = await analyseThroughStream(r, config, [{ id: "DEMO", logs: demoIncidentLogs(Date.parse("2025-09-19T08:00:00Z")) }]);
    // Taken out of the findings: listed as suppressed by the verdict when still detected, or no
    // longer detected at all once the memory learned the template as routine.
    expect(next!.findings.map((f) => f.finding_id)).not.toContain(target.finding_id);
    const listed = next!.suppressed?.find((x) => x.finding_id === target.finding_id);
    if (listed) expect(listed.suppressed_by).toBe("expected");
    await open("/incidents/DEMO");
    expect(await page.locator("tr.finding").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-finding-id")))).toEqual(
      next!.findings.map((f) => f.finding_id),
    );
    expect(
      await page
        .locator("#suppressed li")
        .evaluateAll((items) => items.map((li) => [li.getAttribute("data-finding-id"), li.getAttribute("data-suppressed-by")])),
    ).toEqual((next!.suppressed ?? []).map((x) => [x.finding_id, x.suppressed_by]));
  });

  it("suppresses a finding for the chosen time through POST /suppressions", async () => {
    const target = demo.findings.find((f) => f.anomaly_type === "memory")!;
    const row = page.locator(`tr.finding[data-finding-id='${target.finding_id}']`);
    await row.locator("select.until").selectOption("1h");
    await row.locator("button[data-action='suppress']").click();
    await page.waitForSelector(`#suppressed li.moved[data-finding-id='${target.finding_id}']`);
    const list = (await t.app.inject({ method: "GET", url: "/suppressions", headers: { authorization: `Bearer ${API_KEY}` } })).json();
    const made = list.active.find((x: { match: { template_id?: string } }) => x.match.template_id === target.template_id);
    expect(made).toMatchObject({ match: { service: target.service, anomaly_type: target.anomaly_type }, created_by: "Ada" });
    const left = Date.parse(made.until) - Date.now();
    expect(left).toBeGreaterThan(55 * 60_000);
    expect(left).toBeLessThanOrEqual(60 * 60_000);
  });
});
