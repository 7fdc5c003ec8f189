/**
 * The incident page in headless Chromium (Debian's, as the browser tests use): a 100k-log
 * incident goes through the stream consumer of a service process, then the page is opened
 * several times; "rendered" is the browser's own time from navigation start to the end of the
 * page's first full draw (the `incident-rendered` mark), the JSON fetch included.
 */
import type { Redis } from "ioredis";
import { chromium } from "playwright-core";
import { incidentId, storeIncident } from "./e2e.js";
import { startService } from "./service.js";
import { log, median, round } from "./util.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageResult {
  n: number;
  runs: number;
  result_bytes: number;
  anomalies_listed: number;
  findings: number;
  rendered_p50_ms: number;
  rendered_max_ms: number;
  /** Expanding the finding with the most lines: click to its lines drawn. */
  expand_p50_ms: number;
  browser: string;
}

export async function benchPage(r: Redis, valkeyUrl: string, n: number, quick: boolean): Promise<PageResult> {
  const id = incidentId(n);
  log(`page: storing ${n} logs`);
  await storeIncident(r, n);
  const service = await startService({ VALKEY_URL: valkeyUrl, CONSUMER_GROUP: `bench-page-${Date.now()}`, CONSUMER_START_FROM: "new" });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const latest = `anomalies:detected:latest:${id}`;
    await r.del(latest);
    await r.xadd("incidents:created", "*", "incident_id", id);
    let raw: string | null = null;
    const deadline = Date.now() + 120_000;
    while (raw === null) {
      if (Date.now() > deadline) throw new Error(`no result for ${id} within 120 s`);
      await new Promise((res) => setTimeout(res, 100));
      raw = await r.get(latest);
    }
    const result = JSON.parse(raw) as { anomalies: Array<{ finding_id: string }>; findings: Array<{ finding_id: string; count: number }> };
    const biggest = [...result.findings].sort((a, b) => b.count - a.count)[0];
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const runs = quick ? 3 : 7;
    const rendered: number[] = [];
    const expand: number[] = [];
    for (let k = 0; k < runs + 1; k++) {
      await page.goto(`${service.url}/incidents/${id}`);
      await page.waitForSelector("html[data-rendered='true']", { timeout: 30_000 });
      const ms = await page.evaluate<number>("performance.getEntriesByName('incident-rendered')[0].startTime");
      let expandMs = 0;
      if (biggest) {
        expandMs = await page.evaluate<number, string>((fid) => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): { click(): void } | null } }).document;
          const t0 = performance.now();
          doc.querySelector(`tr.finding[data-finding-id="${fid}"] button.expand`)?.click();
          return performance.now() - t0;
        }, biggest.finding_id);
      }
      // The first load warms the browser's caches and compiles the scripts: not counted.
      if (k > 0) {
        rendered.push(ms);
        expand.push(expandMs);
      }
    }
    const out: PageResult = {
      n,
      runs,
      result_bytes: Buffer.byteLength(raw),
      anomalies_listed: result.anomalies.length,
      findings: result.findings.length,
      rendered_p50_ms: round(median(rendered)),
      rendered_max_ms: round(Math.max(...rendered)),
      expand_p50_ms: round(median(expand)),
      browser: browser.version(),
    };
    log(`page: ${n} logs, rendered p50 ${out.rendered_p50_ms} ms`);
    return out;
  } finally {
    await browser.close();
    await service.stop();
  }
}
