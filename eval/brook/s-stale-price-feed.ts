/**
 * stale-price-feed: price-sync (Python, APScheduler, python-json-logger) downloads the wholesale
 * supplier's price feed every two minutes and loads it into the price list that pricing-api
 * (Python, structlog) serves to the shop. Last night the supplier deployed a new exporter that
 * writes prices with a decimal comma ("12,50"); since then every run rejects the feed at the first
 * such row and keeps the cached list: `price feed refresh skipped: validation failed at row …
 * (unparseable price '…'); keeping cached price list …` at ERROR, every run, from before the
 * window to its end (APScheduler still reports the job `executed successfully`). pricing-api
 * logs every couple of minutes, at error, that it is serving a stale copy many hours old, and
 * order-service's margin check finds order lines selling below the supplier's new cost and uses
 * the original listed price (WARN). Nothing fails outright, every page answers 200; but the shop has sold at last
 * night's prices all morning: the skipped refresh, the stale list and the failed margin checks
 * are what the on-call must see.
 */
import { hourlyCron, nodeName, openWindow } from "./common.js";
import { nginxJson, pyJson, slog, structlog } from "./producers.js";
import { arrivals, HOUR, MINUTE, SECOND, ticks } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "stale-price-feed";
const FEED = "https://feeds.nordgross.example/v2/prices/shop-4471.csv";

/** `2026-05-19 08:14:03 UTC` as APScheduler prints a next run time. */
function apsTime(t: number): string {
  return `${new Date(t).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function stalePriceFeed(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-05-19", 8, 4);

  const lastGood = start - rng.int(9, 11) * HOUR - rng.int(0, 59) * MINUTE;
  const version = `pl-${new Date(lastGood).toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-")}`;
  const ageMin = (t: number): number => Math.round((t - lastGood) / MINUTE);
  const every = rng.pick([2, 2, 3]) * MINUTE;
  const interval = `interval[0:0${every / MINUTE}:00]`;
  const skus = Array.from({ length: 60 }, () => `NG-${rng.int(10000, 99999)}`);
  // the SKUs whose supplier cost went up in the feeds the shop never loaded
  const dearer = new Set(skus.filter(() => rng.chance(0.3)));
  const syncPod = rng.pod("price-sync");

  // ── price-sync: every run downloads the feed, rejects it and keeps the cached list ────────────
  let rows = rng.int(41_000, 43_000);
  let etag = rng.hex(16);
  for (let t = start + rng.int(0, every); t < end; t += every) {
    const due = t;
    const run = due + rng.int(2, 40);
    const name = `refresh_prices (trigger: ${interval}, next run at: ${apsTime(due + every)})`;
    tl.add(
      run,
      pyJson(run, "INFO", "apscheduler.executors.default", `Running job "${name}" (scheduled at ${new Date(due).toISOString().replace("Z", "000+00:00")})`, {
        pod: syncPod,
      }),
    );
    // the supplier republishes its feed about hourly
    if (rng.chance(every / HOUR)) {
      rows += rng.int(-40, 120);
      etag = rng.hex(16);
    }
    const got = run + Math.round(rng.logNormal(1800, 0.3));
    tl.add(
      got,
      pyJson(got, "INFO", "pricesync.feed", "supplier feed downloaded", { feed: FEED, bytes: rows * rng.int(61, 63), rows, etag: `"${etag}"`, pod: syncPod }),
    );
    const checked = got + Math.round(rng.logNormal(240, 0.3));
    const row = 2 + (Number.parseInt(etag.slice(0, 4), 16) % 60);
    const price = `${rng.int(1, 89)},${String(rng.int(0, 99)).padStart(2, "0")}`;
    tl.add(
      checked,
      pyJson(
        checked,
        "ERROR",
        "pricesync.refresh",
        `price feed refresh skipped: validation failed at row ${row} (unparseable price '${price}'); keeping cached price list ${version}`,
        { feed: FEED, row, column: "net_price", rows, price_list_version: version, price_list_age_minutes: ageMin(checked), pod: syncPod },
      ),
      "error",
    );
    tl.add(checked + 3, pyJson(checked + 3, "INFO", "apscheduler.executors.default", `Job "${name}" executed successfully`, { pod: syncPod }));
  }

  // ── pricing-api (structlog): lookups, and its staleness warning ───────────────────────────────
  const pricingPods = [rng.pod("pricing-api"), rng.pod("pricing-api")];
  for (const s of arrivals(rng, start, end, rng.float(4.4, 5.2), shape, 1.2)) {
    const sku = rng.pick(skus);
    const ms = Number(rng.logNormal(9, 0.4).toFixed(2));
    const miss = rng.chance(0.015);
    tl.add(
      s + Math.round(ms),
      structlog(s + Math.round(ms), "info", "pricing.api", "request finished", {
        method: "GET",
        path: `/v1/prices/${miss ? `NG-${rng.int(10000, 99999)}` : sku}`,
        status_code: miss ? 404 : 200,
        duration_ms: ms,
        price_list_version: version,
        request_id: rng.uuid(),
        pod: rng.pick(pricingPods),
      }),
    );
  }
  for (const pod of pricingPods) {
    for (const t of ticks(rng, start, end, 2 * MINUTE, 10 * SECOND)) {
      tl.add(
        t,
        structlog(t, "error", "pricing.pricelist", "price list older than max age, serving stale copy", {
          price_list_version: version,
          age_minutes: ageMin(t),
          max_age_minutes: 90,
          pod,
        }),
        "error",
      );
    }
  }

  // ── the shop's pages through ingress-nginx ──────────────────────────────────────────────────
  const vhost = "www.nordshop.example";
  const pages = ["/", "/c/tools", "/c/garden", "/c/kitchen", "/cart", "/search"] as const;
  const storefront = Array.from({ length: 3 }, () => `${rng.privateIp("10.46")}:8080`);
  for (const s of arrivals(rng, start, end, rng.float(3.2, 3.8), shape, 1.2)) {
    const uri = rng.chance(0.55) ? `/p/${rng.pick(skus).toLowerCase()}` : rng.pick(pages);
    const took = rng.logNormal(uri.startsWith("/p/") ? 70 : 45, 0.4);
    const status = rng.chance(0.01) ? 404 : 200;
    tl.add(
      s + Math.round(took),
      nginxJson(s + Math.round(took), {
        remoteAddr: rng.clientIp(),
        requestId: rng.hex(32),
        method: "GET",
        uri,
        status,
        requestTimeMs: took,
        bytesSent: rng.int(8000, 60000),
        userAgent: rng.pick([
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        ]),
        host: vhost,
        upstreamAddr: rng.pick(storefront),
        upstreamStatus: String(status),
        upstreamTimeMs: took - 1,
        proxyUpstreamName: "shop-storefront-8080",
      }),
    );
  }

  // ── order-service (Go, slog): orders and their margin check ────────────────────────────────
  const orderPod = rng.pod("order-service");
  for (const s of arrivals(rng, start, end, rng.float(1.4, 1.8), shape, 1.2)) {
    const orderId = `SO-${rng.int(1_200_000, 1_299_999)}`;
    const lines = Array.from({ length: rng.int(1, 4) }, () => rng.pick(skus));
    let t = s;
    for (const sku of new Set(lines)) {
      if (!dearer.has(sku)) continue;
      t += rng.int(2, 9);
      const listed = rng.float(3, 90);
      tl.add(
        t,
        slog(t, "WARN", "margin check failed for order line, using original listed price", {
          order_id: orderId,
          sku,
          listed_price: Number(listed.toFixed(2)),
          supplier_cost: Number((listed * rng.float(1.02, 1.25)).toFixed(2)),
          price_list_version: version,
          pod: orderPod,
        }),
        "error",
      );
    }
    t += rng.int(5, 30);
    tl.add(
      t,
      slog(t, "INFO", "order placed", {
        order_id: orderId,
        lines: lines.length,
        total: Number(rng.logNormal(64, 0.7).toFixed(2)),
        currency: "EUR",
        price_list_version: version,
        duration_ms: Math.round(rng.logNormal(85, 0.35)),
        pod: orderPod,
      }),
    );
  }

  hourlyCron(rng, tl, [nodeName(rng, "10.46"), nodeName(rng, "10.46")]);

  return tl.build(
    NAME,
    "since the supplier's exporter began writing decimal commas last night, price-sync skips every refresh on an unparseable price and keeps the cached price list (ERROR, every run, all window); pricing-api serves the stale list and order-service's margin check keeps below-cost prices: the shop sells at last night's prices",
  );
}
