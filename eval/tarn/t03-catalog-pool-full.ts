// t03: catalog-sync runs 32 threads over one requests.Session whose urllib3 pool keeps 10
// connections; every request finishing above the pool size logs urllib3's WARNING that the pool
// is full and the extra connection is discarded (python-json-logger). Harmless and routine.
// The real incident: the search cluster behind search-api slows for ~10 minutes (zap production
// JSON, latency in seconds); storefront's search pages crawl with it (GELF).
import type { Scenario } from "./types.js";
import { Kit, MIN, SEC, Timeline, iso, opening, span, steady } from "./util.js";

export default function t03(seed: number): Scenario {
  const k = new Kit(seed, "t03");
  const t0 = opening(seed, "t03");
  const t1 = t0 + 60 * MIN;
  const tl = new Timeline();
  const target = k.pick(["search-indexer.catalog.svc.cluster.local", "pim-api.internal.example.com", "media-cdn-origin.catalog.svc"]);
  const size = k.pick([10, 10, 16]);

  // The routine flood from catalog-sync.
  steady(k, t0, t1, 1.4 * SEC, (t) => {
    tl.add(t, {
      timestamp: iso(t),
      levelname: "WARNING",
      name: "urllib3.connectionpool",
      message: `Connection pool is full, discarding connection: ${target}. Connection pool size: ${size}`,
      service: "catalog-sync",
      threadName: `ThreadPoolExecutor-0_${k.int(0, 31)}`,
    });
  });
  const feeds = ["supplier-acme", "supplier-nordwind", "marketplace-eu", "own-brand"];
  steady(k, t0, t1, 15 * SEC, (t) => {
    const ms = k.int(2200, 6800);
    tl.add(t, {
      timestamp: iso(t),
      levelname: "INFO",
      name: "catalog_sync.worker",
      message: `Indexed batch of 500 products from feed ${k.pick(feeds)} in ${(ms / 1000).toFixed(2)}s`,
      service: "catalog-sync",
      duration_ms: ms,
      threadName: "MainThread",
    });
  });

  // search-api: zap production encoder (level, ts first: latency in seconds).
  const [s0, s1] = span(k, t0, t1, k.int(9, 12) * MIN);
  const pods = [0, 1, 2].map(() => `search-api-${k.alnum(5)}`);
  steady(k, t0, t1, 2.5 * SEC, (t) => {
    const bad = t >= s0 && t < s1;
    const timeout = bad && k.chance(0.2);
    const lat = timeout ? 8 : bad ? k.num(2.4, 7.5, 3) : k.num(0.015, 0.12, 4);
    tl.add(
      t,
      {
        level: timeout ? "error" : bad ? "warn" : "info",
        ts: t / 1000,
        caller: timeout ? "httpapi/search.go:163" : "httpapi/search.go:141",
        msg: timeout ? "search timed out waiting for opensearch" : bad ? "slow search" : "search served",
        route: "/v1/search",
        status: timeout ? 504 : 200,
        latency: lat,
        hits: timeout ? 0 : k.int(0, 480),
        instance: k.pick(pods),
      },
      bad ? "performance" : null,
    );
  });

  // storefront: GELF over UDP from the web tier.
  const paths = [() => `/p/${k.int(100_000, 999_999)}`, () => "/search", () => "/cart", () => `/c/${k.pick(["shoes", "outdoor", "kids", "sale"])}`];
  steady(k, t0, t1, 4 * SEC, (t) => {
    const path = k.pick(paths)();
    const bad = path === "/search" && t >= s0 && t < s1;
    const status = bad && k.chance(0.25) ? 504 : 200;
    const took = bad ? k.int(2600, 8200) : k.int(40, 260);
    tl.add(
      t,
      {
        version: "1.1",
        host: `web-${k.int(1, 4)}`,
        short_message: `GET ${path} ${status}`,
        timestamp: t / 1000,
        level: status >= 500 ? 3 : 6,
        _app: "storefront",
        _path: path,
        _status: status,
        _took_ms: took,
      },
      bad ? "performance" : null,
    );
  });

  return tl.build("t03-catalog-pool-full", "catalog-sync's urllib3 pool-full warnings run all day (routine); the search cluster slows for ~10 minutes");
}
