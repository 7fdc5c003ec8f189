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
import { startTestConsumer } from "../helpers/consumer.js";
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
const requests: Request[] = [];
const pageErrors: string[] = [];

const fmt = (n: number) => new Intl.NumberFormat("en").format(n);

async function open(url: string): Promise<void> {
  await page.goto(`${base}${url}`);
  await page.waitForSelector("html[data-rendered]");
}

beforeAll(async () => {
  r = testClient();
  config = testConfig({ API_KEY, RATE_LIMIT_MAX: "0" });
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
  ]);
  demo = results[0]!;
  injected = results[1]!;
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

  it("draws one series per service of the timeline, and the onset when there is one", async () => {
    // Fields of later versions, read loosely until the contract has them.
    const summary = demo.summary as { timeline?: { services: unknown[] }; onset?: unknown };
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
});

describe("the list of recent incidents", () => {
  it("lists what GET /anomalies gives, newest first, and filters by service without a reload", async () => {
    await open("/incidents");
    expect(await page.locator("tr.incident").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-incident")))).toEqual(["INJ", "DEMO"]);
    await page.locator("#service").fill("payment-service");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("tr.incident").count()).toBe(1);
    expect(page.url()).toContain("?service=payment-service");
    await page.locator("tr.incident a").click();
    await page.waitForSelector("html[data-rendered='true']");
    expect(new URL(page.url()).pathname).toBe("/incidents/DEMO");
  });
});
