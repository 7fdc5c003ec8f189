// Micro-service meshes whose trouble is spread over the whole window rather than one block.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, type Ln, MIN, nodeStack, podName, pyTraceback, Rng, windowStart, Lines } from "./kit.js";

const PRODUCT_PATHS = ["/api/products", "/api/products/{id}", "/api/cart", "/api/cart/items", "/api/quote", "/api/search", "/api/recommendations"];

/**
 * A storefront of six services (Node, Go, Python, JVM, an OpenTelemetry-instrumented ranker)
 * where slow requests, heap pressure, failures and odd events each turn up at random moments
 * all through three hours, never as one block.
 */
export function scatteredStorefrontStalls(seed: number): Scenario {
  const r = new Rng(seed, "scattered-storefront-stalls");
  const start = windowStart(r, 9);
  const end = start + 3 * HOUR;
  const lines = new Lines();
  const gwPods = [podName(r, "storefront-gw"), podName(r, "storefront-gw")];
  const catalogPod = podName(r, "catalog");
  const cartPods = [podName(r, "cart"), podName(r, "cart")];
  const pricingHost = podName(r, "pricing");
  const searchHost = `search-${r.int(0, 2)}`;
  const recoPod = podName(r, "recommendations");
  const tr = () => ({ trace_id: r.hex(32), span_id: r.hex(16) });

  // ---- normal traffic ----
  for (const t of r.times(r.int(1000, 1200), start, end)) {
    const path = r.pick(PRODUCT_PATHS).replace("{id}", String(r.int(10000, 99999)));
    const status = r.weighted([
      [200, 90],
      [404, 4],
      [304, 4],
      [499, 2],
    ] as const);
    const ms = Math.max(1, Math.round(r.logn(24, 0.45)));
    const msg = status === 499 ? "client closed connection before response was written" : "request completed";
    lines.push({
      t,
      svc: "storefront-gw",
      lvl: status === 499 ? "WARNING" : "INFO",
      msg,
      label: null,
      fmt: "k8s",
      host: r.pick(gwPods),
      f: { method: path.includes("cart/items") ? "POST" : "GET", path, status_code: status, latency_ms: ms, bytes_out: r.int(300, 24000), ...tr() },
    });
  }
  for (const t of r.every(start, end, MIN, 2000)) {
    for (const pod of gwPods)
      lines.push({
        t: t + r.int(0, 900),
        svc: "storefront-gw",
        lvl: "INFO",
        msg: "request completed",
        label: null,
        fmt: "k8s",
        host: pod,
        f: { method: "GET", path: "/healthz", status_code: 200, latency_ms: r.int(0, 2), user_agent: "kube-probe/1.29" },
      });
  }
  for (const t of r.times(r.int(650, 750), start, end)) {
    const id = r.int(10000, 99999);
    lines.push({
      t,
      svc: "catalog",
      lvl: "INFO",
      msg: "served product",
      label: null,
      fmt: "zap",
      host: catalogPod,
      logger: "http",
      meta: { caller: "httpapi/products.go:88" },
      f: { product_id: id, variants: r.int(1, 24), elapsed_ms: Math.max(1, Math.round(r.logn(11, 0.4))), cache: r.chance(0.8) ? "hit" : "miss" },
    });
  }
  for (const t of r.every(start, end, 5 * MIN, 20_000)) {
    lines.push({
      t,
      svc: "catalog",
      lvl: "INFO",
      msg: "catalog cache refreshed",
      label: null,
      fmt: "zap",
      host: catalogPod,
      logger: "cache",
      meta: { caller: "cache/refresher.go:61" },
      f: { products: r.int(18000, 18400), elapsed_ms: Math.round(r.logn(820, 0.15)) },
    });
  }
  for (const t of r.times(r.int(550, 650), start, end)) {
    const op = r.weighted([
      ["cart fetched", 55],
      ["item added to cart", 30],
      ["item removed from cart", 10],
      ["coupon code not found", 5],
    ] as const);
    lines.push({
      t,
      svc: "cart",
      lvl: op === "coupon code not found" ? "WARNING" : "INFO",
      msg: op,
      label: null,
      fmt: "pino",
      host: r.pick(cartPods),
      f: {
        cartId: `cart_${r.alnum(10)}`,
        items: r.int(1, 9),
        duration_ms: Math.max(1, Math.round(r.logn(17, 0.4))),
        ...(op === "coupon code not found" ? { coupon: r.pick(["SPRING10", "WELCOME5", "FREESHIP"]) } : {}),
      },
    });
  }
  for (const t of r.times(r.int(450, 550), start, end)) {
    lines.push({
      t,
      svc: "pricing",
      lvl: "INFO",
      msg: "quote computed",
      label: null,
      fmt: "structlog",
      host: pricingHost,
      logger: "pricing.quotes",
      f: { request_id: r.uuid(), sku_count: r.int(1, 9), currency: r.pick(["EUR", "USD", "GBP"]), took_ms: Math.max(2, Math.round(r.logn(31, 0.35))) },
    });
  }
  for (const t of r.times(r.int(550, 650), start, end)) {
    const hits = r.int(0, 480);
    const ms = Math.max(4, Math.round(r.logn(58, 0.4)));
    lines.push({
      t,
      svc: "search",
      lvl: "INFO",
      msg: `Search query executed hits=${hits} elapsed_ms=${ms}`,
      label: null,
      fmt: "logback",
      host: searchHost,
      logger: "com.shop.search.QueryService",
      meta: { thread: `http-nio-8080-exec-${r.int(1, 40)}` },
      f: { hits, elapsed_ms: ms, index: "products-v7" },
    });
  }
  const heapLine = (t: number, pct: number, label: Ln["label"]): Ln => ({
    t,
    svc: "search",
    lvl: pct >= 90 ? "WARNING" : "INFO",
    msg: `heap usage ${pct}% of 4096MB after GC`,
    label,
    fmt: "logback",
    host: searchHost,
    logger: "com.shop.search.metrics.JvmReporter",
    meta: { thread: "jvm-reporter" },
    f: { heap_used_pct: pct },
  });
  for (const t of r.every(start, end, MIN, 3000)) lines.push(heapLine(t, r.int(41, 66), null));
  for (const t of r.times(r.int(380, 440), start, end)) {
    lines.push({
      t,
      svc: "recommendations",
      lvl: "INFO",
      msg: "GET /recommendations",
      label: null,
      fmt: "otel",
      host: recoPod,
      f: {
        "http.request.method": "GET",
        "http.route": "/recommendations",
        "http.response.status_code": 200,
        latency_ms: Math.max(3, Math.round(r.logn(44, 0.35))),
        model: "two-tower-v12",
        ...tr(),
      },
    });
  }
  for (const t of r.every(start, end, HOUR, MIN)) {
    lines.push({
      t,
      svc: "recommendations",
      lvl: "INFO",
      msg: "model two-tower-v12 reloaded from gs://models/reco/two-tower-v12",
      label: null,
      fmt: "otel",
      host: recoPod,
      f: { latency_ms: r.int(2100, 2600) },
    });
  }

  // ---- anomalies, each at its own random moment ----
  const spread = (n: number) => r.times(n, start + 2 * MIN, end);
  for (const t of spread(r.int(18, 26))) {
    const where = r.pick(["pricing", "search", "cart", "gw"] as const);
    if (where === "pricing") {
      if (r.chance(0.5))
        lines.push({
          t,
          svc: "pricing",
          lvl: "INFO",
          msg: "quote computed",
          label: "performance",
          fmt: "structlog",
          host: pricingHost,
          logger: "pricing.quotes",
          f: { request_id: r.uuid(), sku_count: r.int(1, 9), currency: "EUR", took_ms: r.int(1800, 6200) },
        });
      else
        lines.push({
          t,
          svc: "pricing",
          lvl: "WARNING",
          msg: "slow query on price_rules",
          label: "performance",
          fmt: "structlog",
          host: pricingHost,
          logger: "pricing.db",
          f: { took_ms: r.int(2500, 7000), rows: r.int(1, 40), statement: "SELECT * FROM price_rules WHERE sku = ANY(%s) AND valid_at <= now()" },
        });
    } else if (where === "search") {
      const ms = r.int(3000, 9500);
      lines.push({
        t,
        svc: "search",
        lvl: "INFO",
        msg: `Search query executed hits=${r.int(0, 480)} elapsed_ms=${ms}`,
        label: "performance",
        fmt: "logback",
        host: searchHost,
        logger: "com.shop.search.QueryService",
        meta: { thread: `http-nio-8080-exec-${r.int(1, 40)}` },
        f: { elapsed_ms: ms, index: "products-v7" },
      });
    } else if (where === "cart") {
      lines.push({
        t,
        svc: "cart",
        lvl: "INFO",
        msg: "cart fetched",
        label: "performance",
        fmt: "pino",
        host: r.pick(cartPods),
        f: { cartId: `cart_${r.alnum(10)}`, items: r.int(1, 9), duration_ms: r.int(2100, 4300) },
      });
    } else {
      lines.push({
        t,
        svc: "storefront-gw",
        lvl: "INFO",
        msg: "request completed",
        label: "performance",
        fmt: "k8s",
        host: r.pick(gwPods),
        f: { method: "GET", path: "/api/quote", status_code: 200, latency_ms: r.int(2400, 7800), bytes_out: r.int(300, 2000), ...tr() },
      });
    }
  }
  for (const t of spread(r.int(8, 12))) {
    if (r.chance(0.6)) lines.push(heapLine(t, r.int(91, 97), "memory"));
    else
      lines.push({
        t,
        svc: "recommendations",
        lvl: "WARNING",
        msg: `container memory usage ${r.int(92, 98)}% of limit (${r.float(1.84, 1.97).toFixed(2)}Gi/2Gi); embedding cache not shrinking`,
        label: "memory",
        fmt: "otel",
        host: recoPod,
        f: { memory_used_bytes: r.int(1_975_000_000, 2_110_000_000), memory_limit_bytes: 2_147_483_648 },
      });
  }
  for (const t of spread(r.int(10, 16))) {
    const kind = r.int(0, 3);
    if (kind === 0)
      lines.push({
        t,
        svc: "storefront-gw",
        lvl: "ERROR",
        msg: "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
        label: "error",
        fmt: "k8s",
        host: r.pick(gwPods),
        f: { method: "POST", path: "/api/quote", status_code: 503, upstream: "pricing.prod.svc.cluster.local:8000", latency_ms: r.int(3, 40), ...tr() },
      });
    else if (kind === 1)
      lines.push({
        t,
        svc: "cart",
        lvl: "ERROR",
        msg: "failed to reserve stock for cart",
        label: "error",
        fmt: "pino",
        host: r.pick(cartPods),
        exc: "FetchError",
        stack: nodeStack(r, "FetchError: request to http://inventory:8080/v2/reservations failed, reason: socket hang up", [
          "ClientRequest.<anonymous>",
          "InventoryClient.reserve",
          "CartService.checkoutPrepare",
        ]),
        f: { cartId: `cart_${r.alnum(10)}` },
      });
    else if (kind === 2)
      lines.push({
        t,
        svc: "pricing",
        lvl: "ERROR",
        msg: "quote failed",
        label: "error",
        fmt: "structlog",
        host: pricingHost,
        logger: "pricing.quotes",
        stack: pyTraceback(
          r,
          [
            ["/app/pricing/quotes.py", "compute", "rules = await self.repo.rules_for(skus)"],
            ["/usr/local/lib/python3.12/site-packages/psycopg/cursor_async.py", "execute", "raise ex.with_traceback(None)"],
          ],
          "psycopg.OperationalError: consuming input failed: server closed the connection unexpectedly",
        ),
        f: { request_id: r.uuid() },
      });
    else
      lines.push({
        t,
        svc: "catalog",
        lvl: "ERROR",
        msg: "failed to load product from store",
        label: "error",
        fmt: "zap",
        host: catalogPod,
        logger: "store",
        meta: { caller: "store/products.go:214" },
        f: {
          product_id: r.int(10000, 99999),
          error: 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.0.7.21:5432: i/o timeout"',
        },
        stack: "main.(*Store).Product\n\t/src/store/products.go:214\nmain.(*API).getProduct\n\t/src/httpapi/products.go:71",
      });
  }
  const oddities = [
    (t: number): Ln => ({
      t,
      svc: "storefront-gw",
      lvl: "INFO",
      msg: "request completed",
      label: "pattern",
      fmt: "k8s",
      host: r.pick(gwPods),
      f: { method: "GET", path: "/internal/debug/pprof/heap?debug=1", status_code: 200, latency_ms: r.int(30, 90), remote_ip: r.publicIp(), ...tr() },
    }),
    (t: number): Ln => ({
      t,
      svc: "catalog",
      lvl: "WARNING",
      msg: "product variant count above limit, response truncated",
      label: "pattern",
      fmt: "zap",
      host: catalogPod,
      logger: "http",
      meta: { caller: "httpapi/products.go:97" },
      f: { product_id: r.int(10000, 99999), variants: r.int(1700, 2400), limit: 500 },
    }),
    (t: number): Ln => ({
      t,
      svc: "pricing",
      lvl: "INFO",
      msg: "feature flag evaluated to unknown variant; falling back to control",
      label: "pattern",
      fmt: "structlog",
      host: pricingHost,
      logger: "pricing.flags",
      f: { flag: "dynamic-pricing-v2", variant: "treatment-c" },
    }),
    (t: number): Ln => ({
      t,
      svc: "cart",
      lvl: "INFO",
      msg: "cart restored from snapshot",
      label: "pattern",
      fmt: "pino",
      host: r.pick(cartPods),
      f: { cartId: `cart_${r.alnum(10)}`, snapshot_age_days: r.int(380, 700), items: r.int(40, 120) },
    }),
  ];
  for (const t of spread(r.int(5, 8))) lines.push(r.pick(oddities)(t));

  return finish(
    "scattered-storefront-stalls",
    "Six storefront services where slow requests, heap pressure, failed calls and odd events each appear at random moments over three hours, never as one block",
    lines,
  );
}

/**
 * Five services whose normal latencies are two orders of magnitude apart (a flag cache under a
 * millisecond, a PDF renderer at seconds): each one's slow lines are slow for it, so a flag
 * lookup at 40 ms is anomalous while a three-second PDF is routine.
 */
export function latencyTiersHundredfold(seed: number): Scenario {
  const r = new Rng(seed, "latency-tiers-hundredfold");
  const start = windowStart(r, 13);
  const end = start + 4 * HOUR;
  const lines = new Lines();
  const flagPods = [podName(r, "flag-cache"), podName(r, "flag-cache")];
  const sessionHost = podName(r, "session-store");
  const searchHost = `search-api-${r.int(1, 3)}`;
  const pdfHost = podName(r, "pdf-export");
  const mlHost = podName(r, "ml-scoring");
  const spread = (n: number) => r.times(n, start + MIN, end);

  const flag = (t: number, ms: number, label: Ln["label"]): Ln => ({
    t,
    svc: "flag-cache",
    lvl: "DEBUG",
    msg: "flag lookup",
    label,
    fmt: "zap",
    host: r.pick(flagPods),
    logger: "flags",
    meta: { caller: "flags/cache.go:77" },
    f: { flag: r.pick(["checkout.v3", "search.rerank", "pdf.async", "promo.banner", "reco.diversity"]), hit: true, latency_ms: Number(ms.toFixed(3)) },
  });
  for (const t of r.times(r.int(1700, 1900), start, end)) lines.push(flag(t, r.logn(0.45, 0.35), null));
  const session = (t: number, ms: number, label: Ln["label"]): Ln => ({
    t,
    svc: "session-store",
    lvl: "INFO",
    msg: "session resolved",
    label,
    fmt: "pino",
    host: sessionHost,
    f: { sid: r.alnum(24), duration_ms: Math.max(1, Math.round(ms)) },
  });
  for (const t of r.times(r.int(1000, 1150), start, end)) lines.push(session(t, r.logn(6, 0.35), null));
  const search = (t: number, ms: number, label: Ln["label"]): Ln => {
    const hits = r.int(0, 900);
    const elapsed = Math.round(ms);
    return {
      t,
      svc: "search-api",
      lvl: "INFO",
      msg: `query took ${elapsed} ms, ${hits} hits`,
      label,
      fmt: "logback",
      host: searchHost,
      logger: "io.acme.search.web.SearchController",
      meta: { thread: `http-nio-8080-exec-${r.int(1, 64)}` },
      f: { elapsed_ms: elapsed, hits, tenant: `t-${r.int(100, 180)}` },
    };
  };
  for (const t of r.times(r.int(700, 800), start, end)) lines.push(search(t, r.logn(72, 0.35), null));
  const pdf = (t: number, ms: number, label: Ln["label"]): Ln => {
    const pages = r.int(1, 40);
    return {
      t,
      svc: "pdf-export",
      lvl: "INFO",
      msg: `rendered report ${r.pick(["invoice", "statement", "usage", "audit"])} (${pages} pages) in ${Math.round(ms)} ms`,
      label,
      fmt: "pylog",
      host: pdfHost,
      logger: "exporter.render",
      sk: "app",
      f: { duration_ms: Math.round(ms), pages, job_id: r.uuid() },
    };
  };
  for (const t of r.times(r.int(220, 260), start, end)) lines.push(pdf(t, r.logn(2800, 0.3), null));
  const score = (t: number, ms: number, label: Ln["label"]): Ln => ({
    t,
    svc: "ml-scoring",
    lvl: "INFO",
    msg: "scored batch",
    label,
    fmt: "otel",
    host: mlHost,
    f: {
      "model.name": "fraud-gbm",
      "model.version": "2025.3",
      "batch.size": r.pick([16, 32, 64]),
      latency: Math.round(ms),
      trace_id: r.hex(32),
      span_id: r.hex(16),
    },
  });
  for (const t of r.times(r.int(420, 480), start, end)) lines.push(score(t, r.logn(340, 0.3), null));
  // routine warnings in each tier
  for (const t of r.times(r.int(10, 20), start, end))
    lines.push({
      t,
      svc: "pdf-export",
      lvl: "WARNING",
      msg: "font 'Helvetica Neue' not embedded, substituting 'Liberation Sans'",
      label: null,
      fmt: "pylog",
      host: pdfHost,
      logger: "exporter.fonts",
      sk: "app",
    });
  for (const t of r.times(r.int(15, 30), start, end))
    lines.push({
      t,
      svc: "flag-cache",
      lvl: "INFO",
      msg: "flag snapshot refreshed",
      label: null,
      fmt: "zap",
      host: r.pick(flagPods),
      logger: "flags",
      meta: { caller: "flags/sync.go:40" },
      f: { flags: r.int(210, 230), latency_ms: Number(r.logn(3.5, 0.3).toFixed(3)) },
    });

  // each tier's own slow lines, spread over the window
  for (const t of spread(r.int(9, 13))) lines.push(flag(t, r.float(22, 65), "performance"));
  for (const t of spread(r.int(7, 10))) lines.push(session(t, r.float(380, 950), "performance"));
  for (const t of spread(r.int(7, 10))) lines.push(search(t, r.float(2600, 6500), "performance"));
  for (const t of spread(r.int(4, 6))) lines.push(pdf(t, r.float(61_000, 118_000), "performance"));
  for (const t of spread(r.int(5, 8))) lines.push(score(t, r.float(9_000, 21_000), "performance"));
  for (const t of spread(r.int(2, 3)))
    lines.push({
      t,
      svc: "pdf-export",
      lvl: "ERROR",
      msg: "render worker killed after exceeding its deadline; job will be retried",
      label: "error",
      fmt: "pylog",
      host: pdfHost,
      logger: "exporter.pool",
      sk: "app",
      f: { job_id: r.uuid(), worker_pid: r.int(200, 900), exit_signal: "SIGKILL" },
    });
  for (const t of spread(r.int(2, 3)))
    lines.push({
      t,
      svc: "pdf-export",
      lvl: "WARNING",
      msg: `chromium renderer RSS ${r.float(1.85, 1.97).toFixed(2)} GiB of 2 GiB limit`,
      label: "memory",
      fmt: "pylog",
      host: pdfHost,
      logger: "exporter.pool",
      sk: "app",
      f: { memory_pct: r.int(93, 98) },
    });

  return finish(
    "latency-tiers-hundredfold",
    "Five services with normal latencies from under 1 ms to about 3 s, each with a few requests slow for itself (a 40 ms flag lookup, a 90 s PDF), scattered over four hours",
    lines,
  );
}
