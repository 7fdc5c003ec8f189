/**
 * config-push-keyerror: config-sync applies a pricing config revision that remaps the Nordic
 * countries to a new `nordics` region without a VAT entry; from then on every Nordic basket
 * fails in pricing-rules with KeyError: 'nordics' (a couple of dozen times to the end, an
 * error it never wrote before) and cart-api answers 502. The look-alike: the daily full
 * Google Merchant feed export starts at 12:00 and warns for each product without a GTIN,
 * steadily to the end. Earlier, search-api's queries slow down for a while.
 */
import { edgeLine } from "./common.js";
import { clef, logback, pino, pinoHttp, pyjson, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "config-push-keyerror";

export function configPushKeyError(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-02-23", 10);
  const end = start + 4 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);

  // ── config-sync (Go): polls the config repository; applies a pricing revision ─────────────
  const pushAt = tl.at(rng.float(0.28, 0.45));
  const rev = rng.int(4000, 4999);
  const author = rng.pick(["p.lindqvist", "a.haddad", "j.moreau", "k.tanaka"]);
  for (const t of ticks(rng, start, end, 2 * MINUTE, 5 * SECOND)) {
    if (Math.abs(t - pushAt) < 10 * SECOND) continue;
    const r = t < pushAt ? rev : rev + 1;
    tl.add(
      t,
      zap(t, "info", "config-sync", "sync/poll.go:52", "config repository up to date", {
        service: "config-sync",
        revision: `r${r}`,
        latency: Number(rng.logNormal(0.21, 0.3).toFixed(6)),
      }),
    );
  }
  tl.add(
    pushAt,
    zap(pushAt, "info", "config-sync", "sync/apply.go:118", `applied config revision r${rev + 1} to pricing-rules`, {
      service: "config-sync",
      author,
      files: ["regions.yaml", "country_map.yaml"],
      commit: rng.hex(40),
    }),
  );
  const reloadAt = pushAt + rng.int(3, 9) * SECOND;

  // ── pricing-rules (Python): prices baskets; Nordic ones fail after the push ─────────────────
  const pr = { service: "pricing-rules", host: rng.pod("pricing-rules") };
  const cart = [0, 1].map(() => ({ name: "cart-api", hostname: rng.pod("cart-api"), pid: 1 }));
  const broken = (t: number): boolean => t >= reloadAt + 2 * SECOND;
  tl.add(
    reloadAt,
    pyjson(reloadAt, pr, "INFO", "pricing.config", `reloaded pricing config revision r${rev + 1}: 11 regions, 4 country remaps`, { revision: `r${rev + 1}` }),
  );
  const nordic = rng.float(0.05, 0.08);
  const countries = ["DE", "FR", "NL", "AT", "BE", "IT", "ES", "PL"];
  const cartUp = `10.12.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`;
  const traceback = (basket: string): string =>
    `Traceback (most recent call last):\n  File "/app/pricing/api.py", line 88, in price\n    return engine.price_basket(basket)\n  File "/app/pricing/engine.py", line 212, in price_basket\n    rate = self.vat_rates[region]\n           ~~~~~~~~~~~~~~^^^^^^^^\nKeyError: 'nordics' (basket ${basket})`;
  for (const t of arrivals(rng, start, end, 2.1, swell(start, end, 0.2, rng.float(0, 6)), 1.2)) {
    const isNordic = rng.chance(nordic);
    const country = isNordic ? rng.pick(["SE", "DK", "FI", "NO"]) : rng.pick(countries);
    const basket = `bsk_${rng.alnum(12)}`;
    const items = rng.int(1, 9);
    const src = rng.pick(cart);
    const reqId = rng.uuid();
    let label: AnomalyType | null = null;
    let took: number;
    let status = 200;
    if (isNordic && broken(t)) {
      took = rng.logNormal(9, 0.3);
      const d = t + Math.round(took);
      tl.add(
        d,
        pyjson(d, pr, "ERROR", "pricing.api", `unhandled error pricing basket ${basket} (country=${country})`, { basket_id: basket }, traceback(basket)),
        "error",
      );
      tl.add(d + 4, pino(d + 4, src, "error", `pricing-rules returned 500 for basket ${basket}`, { basketId: basket, reqId }), "error");
      status = 502;
      label = "error";
    } else {
      took = rng.logNormal(18, 0.35);
      const d = t + Math.round(took);
      const region = isNordic ? country.toLowerCase() : country === "AT" || country === "DE" ? "dach" : country.toLowerCase();
      tl.add(
        d,
        pyjson(d, pr, "INFO", "pricing.api", `priced basket ${basket}: ${items} items, region=${region}, total ${(items * rng.float(8, 120)).toFixed(2)} EUR`, {
          basket_id: basket,
          duration_ms: Math.round(took),
        }),
      );
    }
    const total = took + rng.logNormal(14, 0.3);
    const d2 = t + Math.round(total);
    tl.add(
      d2,
      pinoHttp(d2, src, { id: reqId, method: "GET", url: `/api/cart/${basket}`, remoteAddress: `::ffff:10.12.0.${rng.int(2, 250)}` }, status, total),
      label,
    );
    const [e, entry] = edgeLine(rng, t - 3, "shop-edge", "GET", `/api/cart/${basket}`, status, total + 5, cartUp);
    tl.add(e, entry, label);
  }

  // ── feed-exporter (Java): delta feeds; the daily full export from 12:00 skips GTIN-less products ──
  const feed = { app: "feed-exporter", host: rng.pod("feed-exporter") };
  const fullAt = Math.floor(start / DAY) * DAY + 12 * HOUR + rng.int(1, 20) * SECOND;
  for (const t of ticks(rng, start, end, 10 * MINUTE, 30 * SECOND)) {
    tl.add(
      t,
      logback(
        t,
        feed,
        "INFO",
        "com.shop.feeds.DeltaFeedJob",
        "scheduling-1",
        `Delta feed pushed to Google Merchant Center: ${rng.int(3, 140)} products updated`,
      ),
    );
  }
  const runId = rng.int(900, 999);
  tl.add(
    fullAt,
    logback(fullAt, feed, "INFO", "com.shop.feeds.FullFeedJob", "scheduling-2", `Full feed export #${runId} started: ${rng.int(180000, 240000)} products`),
  );
  let batch = 0;
  for (let t = fullAt + rng.int(30, 50) * SECOND; t < end; t += rng.int(35, 50) * SECOND) {
    batch += 1;
    tl.add(t, logback(t, feed, "INFO", "com.shop.feeds.FullFeedJob", "scheduling-2", `Full feed export #${runId}: batch ${batch} (500 products) uploaded`));
  }
  for (const t of arrivals(rng, fullAt + 20 * SECOND, end, rng.float(0.4, 0.6))) {
    tl.add(
      t,
      logback(
        t,
        feed,
        "WARN",
        "com.shop.feeds.GtinValidator",
        "scheduling-2",
        `Skipping product ${rng.int(1000000, 9999999)} in Google Merchant feed: missing GTIN`,
        { feed_run: runId },
      ),
    );
  }

  // ── search-api (.NET) behind the edge: slow queries for a while ────────────────────────────
  const search = { application: "search-api", machine: rng.pod("search-api") };
  const slowFrom = tl.at(rng.float(0.12, 0.22));
  const slowTo = slowFrom + rng.int(8, 14) * MINUTE;
  const searchUp = `10.12.${rng.int(1, 60)}.${rng.int(2, 250)}:5000`;
  for (const t of arrivals(rng, start, end, 1.8)) {
    const slow = t >= slowFrom && t < slowTo;
    const took = slow ? rng.logNormal(3600, 0.35) : rng.logNormal(45, 0.4);
    const label: AnomalyType | null = took > 1000 ? "performance" : null;
    const q = rng.pick(["running shoes", "rain jacket", "tent", "headlamp", "merino socks", "backpack 30l"]);
    const d = t + Math.round(took);
    tl.add(
      d,
      clef(d, search, "Information", "SearchApi.Queries.QueryHandler", "Search {Query} returned {Hits} hits in {Elapsed:0} ms", {
        Query: q,
        Hits: rng.int(0, 400),
        Elapsed: Number(took.toFixed(3)),
      }),
      label,
    );
    const [e, entry] = edgeLine(rng, t - 2, "shop-edge", "GET", `/search?q=${encodeURIComponent(q)}`, 200, took + 3, searchUp);
    tl.add(e, entry, label);
  }

  // ── shop-edge (nginx): pages and assets ─────────────────────────────────────────────────────
  const routes = [
    ["GET /", 12],
    ["GET /p/<id>", 45],
    ["GET /api/account", 10],
    ["GET /assets/<asset>", 20],
  ] as const;
  const webUp = `10.12.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`;
  for (const s of arrivals(rng, start, end, 4.2, swell(start, end, 0.2, rng.float(0, 6)), 1.2)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", String(rng.int(10000, 99999))).replace("<asset>", `app.${rng.hex(8)}.js`);
    const status = path === "/api/account" && rng.chance(0.05) ? 401 : path.startsWith("/p/") && rng.chance(0.02) ? 404 : 200;
    const [e, entry] = edgeLine(rng, s, "shop-edge", method, uri, status, rng.logNormal(path.startsWith("/assets") ? 3 : 40, 0.5), webUp);
    tl.add(e, entry);
  }

  return tl.build(
    NAME,
    "a pricing config push remaps Nordic countries to a region with no VAT entry and pricing-rules fails every Nordic basket with KeyError to the end; a full feed export warns per GTIN-less product; search slows for a while",
  );
}
