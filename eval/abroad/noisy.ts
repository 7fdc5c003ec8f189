// Incidents where ERROR and CRITICAL are routine noise: a legacy service writing CRITICAL on
// about 15 % of its lines, an import worker logging ERROR for every bad feed row. The
// anomaly is something else.

import type { Ev, Scenario } from "../blind/types.js";
import { assemble } from "./assemble.js";
import { memoryHigh, slowRequest, timeout } from "./faults.js";
import { type Rng, round } from "./prng.js";
import { sprinkle } from "./scattered.js";
import { ev, type Gen, makeSvc, type Svc, startTime, traffic } from "./services.js";
import { burst, MIN, scatter, within } from "./timeline.js";
import { goDuration, sku } from "./words.js";

const tenant = (r: Rng) => `t-${r.pick(["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "tyrell", "soylent"])}-${r.int(1, 40)}`;
const invoice = (r: Rng) => `INV-${r.int(2024000, 2099999)}`;

function billingSvc(r: Rng): Svc {
  const s = makeSvc(r, "billing-legacy", "checkout", "python", { weight: 1.6, reqShare: 0, pods: 2 });
  s.limitMb = 2048;
  s.memCenter = 45;
  const crit: Gen[] = [
    (rr) => ({ level: "CRITICAL", msg: `Tenant config key 'invoice.footer' missing for ${tenant(rr)}, using default` }),
    (rr) => ({ level: "CRITICAL", msg: `Currency rounding adjusted by 0.01 on ${invoice(rr)}` }),
    (rr) => ({ level: "CRITICAL", msg: `PDF renderer used fallback font for glyph U+${rr.hex(4).toUpperCase()} on ${invoice(rr)}` }),
    (rr) => ({ level: "CRITICAL", msg: `Customer ${rr.int(10000, 99999)} has no VAT id, invoice ${invoice(rr)} issued without reverse charge` }),
  ];
  s.bg = [
    [
      (rr) => {
        const n = rr.int(20, 80);
        return {
          level: "INFO",
          msg: `invoice batch ${rr.int(1000, 9999)} processed: ${n} invoices`,
          f: { invoices: n, elapsed_ms: Math.round(rr.latency(420, 0.4)), tenant: tenant(rr) },
        };
      },
      28,
    ],
    [(rr) => ({ level: "INFO", msg: `invoice ${invoice(rr)} emailed to billing contact`, f: { tenant: tenant(rr) } }), 18],
    [
      (rr) => ({
        level: "INFO",
        msg: `ledger entry posted for ${invoice(rr)}`,
        f: { amount: (rr.lognormal(300, 1) + 5).toFixed(2), currency: rr.pick(["EUR", "USD", "GBP"]) },
      }),
      16,
    ],
    [(rr) => ({ level: "DEBUG", msg: `tax bridge request ${rr.uuid()} sent`, f: { elapsed_ms: Math.round(rr.latency(90, 0.5)) } }), 8],
    [(rr) => ({ level: "WARNING", msg: `dunning reminder ${rr.int(1, 3)} sent for overdue ${invoice(rr)}` }), 6],
    [
      (rr) => ({
        level: "ERROR",
        msg: "SOAP fault from tax bridge: Server was unable to process request. ---> Value cannot be null. Parameter name: exemptionCode",
        f: { tenant: tenant(rr) },
      }),
      5,
    ],
    ...crit.map((g) => [g, 4.25] as const),
    [
      (rr, sv) => ({
        level: "INFO",
        msg: `worker stats: rss=${Math.round((sv.limitMb * rr.normal(45, 5)) / 100)}MiB`,
        f: { memory_pct: round(rr.normal(45, 5), 1), rss_mb: Math.round((sv.limitMb * 45) / 100) },
      }),
      2,
    ],
  ];
  return s;
}

function legacyCriticalNoise(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 80 * MIN;
  const billing = billingSvc(r);
  const ledger = makeSvc(r, "ledger", "payment", "logback", { weight: 0.9 });
  const api = makeSvc(r, "invoices-api", "catalog", "k8s", { weight: 1.2 });
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.2 });
  const notif = makeSvc(r, "notifications", "notification", "python", { weight: 0.6 });
  const reports = makeSvc(r, "report-worker", "report-worker", "python", { weight: 0.4 });
  const svcs = [billing, ledger, api, gw, notif, reports];

  const slowFrom = t0 + r.int(25, 35) * MIN;
  const slowTo = slowFrom + r.int(18, 26) * MIN;
  const a: Ev[] = [];
  // the invoice run slows down: a lock on the ledger table (an unindexed foreign key after a migration)
  for (const t of within(r, r.int(40, 55), slowFrom, slowTo)) {
    const n = r.int(20, 80);
    a.push(
      ev(
        r,
        billing,
        t,
        {
          level: "INFO",
          msg: `invoice batch ${r.int(1000, 9999)} processed: ${n} invoices`,
          f: { invoices: n, elapsed_ms: Math.round(r.float(6000, 32000)), tenant: tenant(r) },
        },
        "performance",
      ),
    );
  }
  for (const t of within(r, r.int(6, 10), slowFrom + 3 * MIN, slowTo))
    a.push(
      ev(
        r,
        billing,
        t,
        {
          level: "ERROR",
          msg: "psycopg2.errors.QueryCanceled: canceling statement due to statement timeout",
          f: { statement: "UPDATE ledger_lines SET invoice_id = %s WHERE customer_id = %s AND period = %s", elapsed_ms: 30000 },
        },
        "performance",
      ),
    );
  for (const t of within(r, r.int(8, 12), slowFrom + 2 * MIN, slowTo)) a.push(ev(r, ledger, t, slowRequest(r, ledger, r.float(25, 80)), "performance"));
  for (const t of within(r, r.int(3, 5), slowFrom + 4 * MIN, slowTo)) a.push(ev(r, api, t, timeout(r, api, "ledger", 10000), "performance"));
  // meanwhile the billing workers' memory grows: every batch keeps its rendered PDFs
  for (const [i, t] of scatter(r, 10, slowFrom, t1, false).entries())
    a.push(ev(r, billing, t, memoryHigh(r, billing, round(86 + i * 1.2 + r.float(0, 1), 1)), "memory"));
  // and invoices with a zero total start to appear for one tenant
  const zt = tenant(r);
  for (const t of within(r, r.int(12, 16), slowFrom + 5 * MIN, t1))
    a.push(
      ev(r, billing, t, { level: "INFO", msg: `invoice ${invoice(r)} issued with total 0.00 for ${zt}`, f: { tenant: zt, lines: r.int(3, 40) } }, "pattern"),
    );
  const events = a.concat(traffic(r, svcs, t0, t1, 5000 - a.length));
  return assemble(
    "legacy-billing-critical-noise",
    "A legacy billing worker writes CRITICAL on ~15 % of its lines and routine SOAP faults; the real problems are an invoice run slowing 20-70x on a ledger lock, its memory climbing and zero-total invoices for one tenant",
    events,
  );
}

function importerSvc(r: Rng): Svc {
  const s = makeSvc(r, "feed-importer", "catalog", "zap", { weight: 2.2, reqShare: 0, pods: 3 });
  s.bg = [
    [
      (rr) => ({
        level: "INFO",
        msg: "feed row imported",
        f: { feed: rr.pick(["acme-eu", "globex-us", "initech-uk"]), sku: sku(rr), latency: goDuration(rr.latency(9, 0.6)) },
      }),
      40,
    ],
    [
      (rr) => ({
        level: "ERROR",
        msg: "fetch failed for feed item",
        f: { url: `https://cdn.partner-${rr.int(1, 9)}.example/img/${rr.hex(12)}.jpg`, error: "unexpected status 404 Not Found" },
      }),
      10,
    ],
    [
      (rr) => ({
        level: "ERROR",
        msg: "parse error in product feed",
        f: { row: rr.int(1, 90000), error: rr.pick(["invalid GTIN checksum", "missing required field 'title'", "price is not a number: 'N/A'"]) },
      }),
      9,
    ],
    [
      (rr) => ({
        level: "ERROR",
        msg: "image download failed",
        f: {
          url: `https://cdn.partner-${rr.int(1, 9)}.example/img/${rr.hex(12)}.jpg`,
          error: "context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
        },
      }),
      4,
    ],
    [(rr) => ({ level: "WARNING", msg: "duplicate sku in feed, keeping the newest row", f: { sku: sku(rr) } }), 5],
    [(rr) => ({ level: "INFO", msg: "feed batch committed", f: { rows: rr.int(200, 2000), latency: goDuration(rr.latency(800, 0.5)) } }), 4],
    [() => ({ level: "INFO", msg: "cache invalidated for prefix product:*" }), 0.6],
  ];
  return s;
}

function feedErrorNoise(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 60 * MIN;
  const imp = importerSvc(r);
  const crawler = makeSvc(r, "price-crawler", "search", "python", { weight: 1, reqShare: 0 });
  crawler.bg = [
    [
      (rr) => ({
        level: "INFO",
        msg: `crawled ${rr.pick(["amazon", "bestbuy", "otto", "argos", "fnac"])} listing for ${sku(rr)}`,
        f: { duration_ms: Math.round(rr.latency(900, 0.6)) },
      }),
      10,
    ],
    [
      (rr) => ({
        level: "ERROR",
        msg: `HTTPError 403 Forbidden for https://www.${rr.pick(["amazon.de", "bestbuy.com", "otto.de"])}/dp/${rr.alnum(10).toUpperCase()}`,
      }),
      4,
    ],
    [(rr) => ({ level: "ERROR", msg: `captcha page returned for ${rr.pick(["amazon", "otto"])}, backing off ${rr.int(30, 120)}s` }), 2],
  ];
  const cat = makeSvc(r, "catalog", "catalog", "zap", { weight: 1.4 });
  const search = makeSvc(r, "search", "search", "logback", { weight: 1 });
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.4 });
  const svcs = [imp, crawler, cat, search, gw];
  const change = t0 + r.int(18, 30) * MIN;
  const mirror = `http://feeds.${r.pick(["partner-cdn", "acme-sync", "feedhub"])}.example.net:8081/v3/export.xml`;
  const a: Ev[] = [
    ev(
      r,
      imp,
      change,
      { level: "INFO", msg: "feed source switched", f: { feed: "acme-eu", from: "https://feeds.acme.example/v2/export.xml", to: mirror, reason: "redirect" } },
      "pattern",
    ),
    ...within(r, r.int(24, 30), change + 20_000, t1).map((t) =>
      ev(
        r,
        imp,
        t,
        { level: "ERROR", msg: "schema validation failed", f: { feed: "acme-eu", error: "unknown field 'price_cents' (feed schema v3, importer expects v2)" } },
        "error",
      ),
    ),
    ...within(r, r.int(5, 8), change + 30_000, t1).map((t) =>
      ev(r, imp, t, { level: "WARNING", msg: "feed row imported with zero price", f: { feed: "acme-eu", sku: sku(r), price: 0 } }, "pattern"),
    ),
    ...burst(r, r.int(180, 240), change + r.int(4, 8) * MIN, 600).map((t) =>
      ev(r, imp, t, { level: "INFO", msg: "cache invalidated for prefix product:*" }, "pattern"),
    ),
    ...within(r, r.int(8, 12), change + 5 * MIN, change + 14 * MIN).map((t) => ev(r, search, t, slowRequest(r, search, r.float(15, 40)), "performance")),
    ...within(r, r.int(5, 8), change + 5 * MIN, change + 14 * MIN).map((t) => ev(r, cat, t, slowRequest(r, cat, r.float(20, 60)), "performance")),
    ...sprinkle(r, search, r.int(3, 4), change + 5 * MIN, t1, "memory", (rr, s) => memoryHigh(rr, s, round(rr.float(90, 96), 1)), false),
  ];
  const events = a.concat(traffic(r, svcs, t0, t1, 5000 - a.length));
  return assemble(
    "feed-import-error-noise",
    "An import worker and a crawler log ERROR on a quarter of their lines as routine; the problem is a feed switched to an unknown mirror: schema errors, zero prices, a flood of cache invalidations and slow catalog and search",
    events,
  );
}

export function noisyScenarios(r: Rng): Scenario[] {
  return [legacyCriticalNoise(r.fork("billing")), feedErrorNoise(r.fork("feed"))];
}
