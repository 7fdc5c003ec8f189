// Micro-service meshes: faults of every type scattered over the whole window, services whose
// normal latencies are two orders of magnitude apart, and a gateway whose anomalies live in
// structured fields while the message text never changes.

import type { Scenario } from "../blind/types.js";
import {
  arrivals,
  every,
  goDur,
  HOUR,
  ip,
  type Label,
  Lines,
  log4j2,
  logback,
  MIN,
  money,
  pino,
  podName,
  publicIp,
  Rng,
  round,
  SEC,
  scatter,
  slog,
  spanId,
  startTime,
  structlog,
  traceId,
  winston,
  zap,
} from "./kit.js";

const PAY_FRAMES = [
  "com.acme.payments.psp.AdyenClient.authorise(AdyenClient.java:211)",
  "com.acme.payments.service.AuthorizationService.authorize(AuthorizationService.java:94)",
  "com.acme.payments.api.PaymentController.create(PaymentController.java:57)",
  "org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)",
];

/**
 * Eight services of a shop (pino, zap, logback, log4j2, structlog, slog, Winston) at their
 * daily traffic, with unrelated faults of all four types from the first minute to the last:
 * slow requests, heap trouble, exceptions and odd one-off lines.
 */
export function shopMeshScatteredFaults(seed: number): Scenario {
  const r = new Rng(seed, "shop-mesh-scattered-faults");
  const L = new Lines();
  const start = startTime(r, 5, 13);
  const end = start + r.float(4, 6.5) * HOUR;
  const bff = { service: "web-bff", hostname: podName(r, "web-bff"), pid: 1 };
  const checkoutPod = podName(r, "checkout");
  const cartPod = podName(r, "cart");
  const invPod = podName(r, "inventory");
  const catalogThreads = Array.from({ length: 12 }, (_, i) => `http-nio-8080-exec-${i + 1}`);
  const paymentThreads = Array.from({ length: 8 }, (_, i) => `reactor-http-epoll-${i + 1}`);
  const skus = Array.from({ length: 300 }, () => `SKU-${r.int(10000, 99999)}`);
  const users = Array.from({ length: 900 }, () => `u_${r.alnum(8)}`);
  const paths = ["/api/products", "/api/cart", "/api/checkout", "/api/recommendations", "/api/search", "/api/account"];

  // --- normal traffic -------------------------------------------------------------------------
  const n = r.int(3000, 4300);
  for (const t of arrivals(r, start, end, n)) {
    const svc = r.weighted([
      ["bff", 24],
      ["checkout", 8],
      ["cart", 16],
      ["catalog", 18],
      ["payments", 6],
      ["recs", 12],
      ["inventory", 10],
      ["notify", 6],
    ] as const);
    const trace = traceId(r);
    switch (svc) {
      case "bff": {
        const status = r.weighted([
          [200, 90],
          [304, 5],
          [404, 3],
          [401, 2],
        ] as const);
        const url = `${r.pick(paths)}${r.chance(0.5) ? `/${r.int(1000, 99999)}` : ""}`;
        L.add(
          t,
          pino(t, "info", bff, "request completed", {
            reqId: `req-${r.alnum(6)}`,
            req: { method: r.pick(["GET", "GET", "GET", "POST"]), url, remoteAddress: publicIp(r), remotePort: r.int(30000, 65000) },
            res: { statusCode: status },
            responseTime: Math.round(r.logn(42, 0.45)),
          }),
        );
        break;
      }
      case "checkout": {
        const ms = r.logn(120, 0.4);
        if (r.chance(0.012)) {
          L.add(
            t,
            zap(t, "warn", "checkout.inventory", "inventory/client.go:77", "retrying inventory reservation", {
              service: "checkout",
              attempt: 2,
              backoff: "200ms",
              trace_id: trace,
            }),
          );
        }
        L.add(
          t + 1,
          zap(t + 1, "info", "checkout.http", "httpserver/middleware.go:88", "request served", {
            service: "checkout",
            pod: checkoutPod,
            method: "POST",
            path: "/v1/orders",
            status: r.chance(0.02) ? 422 : 201,
            latency: goDur(ms),
            trace_id: trace,
          }),
        );
        break;
      }
      case "cart":
        L.add(
          t,
          zap(t, "info", "cart.http", "httpserver/middleware.go:88", "request served", {
            service: "cart",
            pod: cartPod,
            method: r.pick(["GET", "GET", "PUT", "DELETE"]),
            path: "/v1/cart",
            status: 200,
            latency: goDur(r.logn(7, 0.5)),
            user_id: r.pick(users),
          }),
        );
        break;
      case "catalog":
        L.add(
          t,
          logback(t, "INFO", "catalog", "c.a.catalog.web.ProductController", r.pick(catalogThreads), `GET /api/products/${r.int(1000, 99999)} completed`, {
            duration_ms: Math.round(r.logn(35, 0.5)),
            http_status: r.chance(0.03) ? 404 : 200,
            trace_id: trace,
            span_id: spanId(r),
          }),
        );
        break;
      case "payments": {
        const ms = Math.round(r.logn(310, 0.35));
        if (r.chance(0.04)) {
          L.add(
            t,
            log4j2(
              t,
              "WARN",
              "payments",
              "com.acme.payments.service.AuthorizationService",
              r.pick(paymentThreads),
              `3-D Secure challenge required for pay_${r.alnum(14)}, redirecting shopper`,
            ),
          );
        } else {
          L.add(
            t,
            log4j2(
              t,
              "INFO",
              "payments",
              "com.acme.payments.service.AuthorizationService",
              r.pick(paymentThreads),
              `Authorised pay_${r.alnum(14)} amount=${money(r)} EUR psp=adyen in ${ms} ms`,
            ),
          );
        }
        break;
      }
      case "recs":
        L.add(
          t,
          structlog(t, "info", "recommendations", "recs.api", "recommendations served", {
            user_id: r.pick(users),
            n_items: r.pick([8, 12, 24]),
            model_version: "als-2025.36",
            duration_ms: round(r.logn(58, 0.35)),
          }),
        );
        break;
      case "inventory":
        L.add(
          t,
          slog(t, "INFO", "reservation committed", { service: "inventory", pod: invPod, sku: r.pick(skus), qty: r.int(1, 3), took: goDur(r.logn(5.5, 0.5)) }),
        );
        break;
      case "notify":
        if (r.chance(0.05)) {
          L.add(
            t,
            winston(
              t,
              "warn",
              "notifications",
              `recipient bounced: ${r.pick(users)}@${r.pick(["gmail.com", "web.de", "outlook.com"])} (550 5.1.1 user unknown)`,
            ),
          );
        } else {
          L.add(
            t,
            winston(t, "info", "notifications", "email queued", {
              template: r.pick(["order-confirmation", "shipping-update", "password-reset"]),
              provider: "ses",
              latency_ms: Math.round(r.logn(85, 0.4)),
            }),
          );
        }
        break;
    }
  }
  // periodic lines
  for (const t of every(r, start, end, 60 * SEC))
    L.add(t, slog(t, "INFO", "health check passed", { service: "inventory", pod: invPod, db: "ok", took: goDur(r.logn(1.2, 0.3)) }));
  for (const t of every(r, start, end, 15 * MIN)) {
    L.add(
      t,
      logback(t, "INFO", "catalog", "c.a.catalog.cache.ProductCacheLoader", "scheduling-1", `Product cache refreshed: ${r.int(48000, 48600)} products`, {
        duration_ms: r.int(900, 1600),
      }),
    );
  }
  for (const t of every(r, start, end, 10 * MIN))
    L.add(t, structlog(t, "info", "recommendations", "recs.model", "model refresh skipped: no new version", { current: "als-2025.36" }));

  // --- scattered faults -----------------------------------------------------------------------
  type Episode = (t: number) => void;
  const perf: Episode[] = [
    (t) =>
      L.add(
        t,
        zap(t, "info", "checkout.http", "httpserver/middleware.go:88", "request served", {
          service: "checkout",
          pod: checkoutPod,
          method: "POST",
          path: "/v1/orders",
          status: 201,
          latency: goDur(r.float(4200, 11000)),
          trace_id: traceId(r),
        }),
        "performance",
      ),
    (t) =>
      L.add(
        t,
        logback(
          t,
          "WARN",
          "catalog",
          "o.h.engine.jdbc.spi.SqlStatementLogger",
          r.pick(catalogThreads),
          `SlowQuery: ${r.int(3100, 8800)} milliseconds. SQL: 'select p1_0.id,p1_0.sku,p1_0.title from product p1_0 left join price pr1_0 on p1_0.id=pr1_0.product_id where lower(p1_0.title) like ?'`,
          { trace_id: traceId(r) },
        ),
        "performance",
      ),
    (t) =>
      L.add(
        t,
        zap(t, "warn", "cart.redis", "store/redis.go:142", "redis command slow", {
          service: "cart",
          pod: cartPod,
          cmd: "HGETALL",
          key: `cart:${r.pick(users)}`,
          latency: goDur(r.float(900, 2600)),
        }),
        "performance",
      ),
    (t) =>
      L.add(
        t,
        structlog(t, "warning", "recommendations", "recs.api", "inference over latency budget", {
          user_id: r.pick(users),
          budget_ms: 250,
          duration_ms: round(r.float(2400, 7000)),
        }),
        "performance",
      ),
    (t) =>
      L.add(
        t,
        pino(t, "info", bff, "request completed", {
          reqId: `req-${r.alnum(6)}`,
          req: { method: "GET", url: `/api/search?q=${r.pick(["shoes", "lamp", "desk"])}`, remoteAddress: publicIp(r), remotePort: r.int(30000, 65000) },
          res: { statusCode: 200 },
          responseTime: r.int(6500, 14000),
        }),
        "performance",
      ),
  ];
  const memory: Episode[] = [
    (t) => {
      const pct = r.float(91, 97);
      L.add(
        t,
        logback(
          t,
          "WARN",
          "catalog",
          "c.a.catalog.ops.HeapWatchdog",
          "heap-watchdog",
          `Old gen still ${pct.toFixed(1)}% full after full GC (${Math.round(pct * 20.48)} MB of 2048 MB)`,
          { heap_used_pct: round(pct) },
        ),
        "memory",
      );
    },
    (t) =>
      L.add(
        t,
        log4j2(t, "ERROR", "payments", "com.acme.payments.batch.SettlementExporter", "settlement-export-1", "Settlement export aborted", {
          name: "java.lang.OutOfMemoryError",
          message: "GC overhead limit exceeded",
          frames: ["java.util.Arrays.copyOf(Arrays.java:3537)", "com.acme.payments.batch.SettlementExporter.buffer(SettlementExporter.java:118)"],
        }),
        "memory",
      ),
    (t) => {
      const total = 2048 * 1024 * 1024;
      L.add(
        t,
        winston(t, "warn", "notifications", "heap usage high", {
          heapUsed: Math.round(total * r.float(0.92, 0.97)),
          heapTotal: total,
          rss: Math.round(total * 1.18),
        }),
        "memory",
      );
    },
    (t) =>
      L.add(
        t,
        structlog(t, "error", "recommendations", "recs.worker", "worker killed: out of memory", {
          worker_pid: r.int(200, 900),
          rss_mb: r.int(3900, 4090),
          limit_mb: 4096,
        }),
        "memory",
      ),
    (t) => {
      const total = 1536 * 1024 * 1024;
      L.add(t, pino(t, "warn", bff, "memory pressure: heap near limit", { heapUsed: Math.round(total * r.float(0.93, 0.98)), heapTotal: total }), "memory");
    },
  ];
  const error: Episode[] = [
    (t) =>
      L.add(
        t,
        log4j2(t, "ERROR", "payments", "com.acme.payments.api.PaymentController", r.pick(paymentThreads), `Authorisation failed for pay_${r.alnum(14)}`, {
          name: "java.lang.NullPointerException",
          message: 'Cannot invoke "com.acme.payments.psp.CardDetails.getBin()" because "details" is null',
          frames: PAY_FRAMES,
        }),
        "error",
      ),
    (t) =>
      L.add(t, slog(t, "ERROR", "reservation commit failed", { service: "inventory", pod: invPod, sku: r.pick(skus), err: "pq: deadlock detected" }), "error"),
    (t) =>
      L.add(
        t,
        pino(t, "error", bff, "upstream request failed", {
          reqId: `req-${r.alnum(6)}`,
          err: { type: "FetchError", message: "request to http://checkout.shop.svc:8080/v1/orders failed, reason: socket hang up", code: "ECONNRESET" },
          res: { statusCode: 502 },
        }),
        "error",
      ),
    (t) =>
      L.add(
        t,
        winston(t, "error", "notifications", `Error: connect ECONNREFUSED ${ip(r)}:587`, { template: "order-confirmation", provider: "smtp-fallback" }),
        "error",
      ),
    (t) =>
      L.add(
        t,
        zap(
          t,
          "error",
          "checkout.orders",
          "orders/service.go:203",
          "order placement failed",
          {
            service: "checkout",
            pod: checkoutPod,
            error: "rpc error: code = Internal desc = ledger write rejected: constraint violation",
            trace_id: traceId(r),
          },
          "main.(*OrderService).Place\n\t/src/orders/service.go:203\nmain.(*Handler).CreateOrder\n\t/src/httpserver/orders.go:61",
        ),
        "error",
      ),
  ];
  const pattern: Episode[] = [
    (t) =>
      L.add(
        t,
        logback(
          t,
          "INFO",
          "catalog",
          "c.a.catalog.flags.FlagRefresher",
          "flag-refresher",
          "Feature flag catalog.search.backend changed 'opensearch' -> 'legacy-sql' (actor=null, source=unknown)",
        ),
        "pattern",
      ),
    (t) => {
      const scanner = publicIp(r);
      for (const [i, p] of ["/.env", "/.git/config", "/wp-login.php", "/actuator/env"].entries()) {
        L.add(
          t + i * 180,
          pino(t + i * 180, "info", bff, "request completed", {
            reqId: `req-${r.alnum(6)}`,
            req: { method: "GET", url: p, remoteAddress: scanner, remotePort: r.int(30000, 65000) },
            res: { statusCode: 404 },
            responseTime: r.int(1, 4),
          }),
          "pattern",
        );
      }
    },
    (t) =>
      L.add(
        t,
        zap(t, "warn", "cart.events", "events/consumer.go:54", "unknown event type on cart-events, skipping", {
          service: "cart",
          pod: cartPod,
          type: "CartMergedV0",
          partition: r.int(0, 11),
        }),
        "pattern",
      ),
    (t) =>
      L.add(
        t,
        log4j2(
          t,
          "INFO",
          "payments",
          "com.acme.payments.admin.LimitsController",
          r.pick(paymentThreads),
          "Refund limit for merchant ACME-EU changed from 5000 to 250000 EUR by service-account ci-deployer",
        ),
        "pattern",
      ),
    (t) => L.add(t, slog(t, "INFO", "stock snapshot", { service: "inventory", pod: invPod, skus: r.sample(skus, 180).join(","), source: "manual" }), "pattern"),
  ];
  const episodes: Episode[] = [];
  const take = (list: Episode[], k: number) => {
    for (let i = 0; i < k; i++) episodes.push(list[i % list.length]!);
  };
  take(r.shuffle(perf), r.int(5, 8));
  take(r.shuffle(memory), r.int(4, 6));
  take(r.shuffle(error), r.int(5, 8));
  take(r.shuffle(pattern), r.int(4, 6));
  const order = r.shuffle(episodes);
  const when = scatter(r, start, end, order.length);
  for (const [i, ep] of order.entries()) ep(when[i]!);
  return L.scenario(
    "shop-mesh-scattered-faults",
    "eight shop services at daily traffic with unrelated slow requests, heap trouble, exceptions and odd lines scattered from the first minute",
  );
}

/**
 * Latency tiers two orders of magnitude apart: a session cache answering in about 2 ms, an
 * auth service in 20 ms, search in 200 ms, a report service in 2 s and a PDF renderer in 8 s.
 * The cache slows to 60-200 ms (still faster than search's normal) and the report service
 * takes 40-90 s; the renderer's normal 8 s jobs and the cache's slowness are judged per service.
 */
export function latencyTiers100x(seed: number): Scenario {
  const r = new Rng(seed, "latency-tiers-100x");
  const L = new Lines();
  const start = startTime(r, 7, 12);
  const end = start + r.float(3, 5) * HOUR;
  const cachePod = podName(r, "session-cache");
  const authPod = podName(r, "auth");
  const reportHosts = ["report-worker-0", "report-worker-1", "report-worker-2"];
  const tenants = Array.from({ length: 40 }, () => `t-${r.alnum(6)}`);
  const reports = ["monthly-revenue", "inventory-aging", "tax-summary", "customer-cohorts", "sla-breaches"];

  const cacheSlow: [number, number] = [start + r.float(0.15, 0.35) * (end - start), 0];
  cacheSlow[1] = cacheSlow[0] + r.float(6, 14) * MIN;
  const slowHost = r.pick(reportHosts);
  const reportSlowFrom = start + r.float(0.55, 0.7) * (end - start);
  const reportSlowTo = reportSlowFrom + r.float(20, 35) * MIN;
  const inCacheSlow = (t: number) => t >= cacheSlow[0] && t < cacheSlow[1];

  const n = r.int(3200, 4600);
  for (const t of arrivals(r, start, end, n)) {
    const svc = r.weighted([
      ["cache", 40],
      ["auth", 25],
      ["search", 20],
      ["report", 6],
      ["pdf", 4],
    ] as const);
    const trace = traceId(r);
    switch (svc) {
      case "cache": {
        const slow = inCacheSlow(t) && r.chance(0.8);
        const ms = slow ? r.float(60, 200) : r.logn(1.8, 0.35);
        L.add(
          t,
          zap(t, "info", "sessioncache", "server/grpc.go:64", "GetSession", {
            service: "session-cache",
            pod: cachePod,
            grpc_code: "OK",
            latency: goDur(ms),
            hit: r.chance(0.93),
          }),
          slow ? "performance" : null,
        );
        break;
      }
      case "auth": {
        // auth keeps validated tokens in process: the cache's slowness does not reach it
        const ms = r.logn(19, 0.35);
        L.add(
          t,
          structlog(t, "info", "auth", "auth.tokens", "token validated", {
            pod: authPod,
            client_id: `cli_${r.alnum(5)}`,
            duration_ms: round(ms, 2),
            trace_id: trace,
          }),
        );
        break;
      }
      case "search":
        L.add(
          t,
          logback(t, "INFO", "search", "c.a.search.QueryService", `http-nio-8080-exec-${r.int(1, 24)}`, "search query served", {
            duration_ms: Math.round(r.logn(190, 0.4)),
            hits: r.int(0, 800),
            trace_id: trace,
          }),
        );
        break;
      case "report": {
        const host = r.pick(reportHosts);
        const slow = host === slowHost && t >= reportSlowFrom && t < reportSlowTo;
        const ms = slow ? r.float(40000, 90000) : r.logn(2100, 0.35);
        const rec = pino(t, "info", { service: "report-service", hostname: host, pid: r.int(20, 40) }, "report generated", {
          tenant: r.pick(tenants),
          report: r.pick(reports),
          rows: r.int(200, 90000),
          duration_ms: Math.round(ms),
        });
        L.add(t, rec, slow ? "performance" : null);
        if (slow && r.chance(0.25)) {
          L.add(
            t + 5,
            pino(t + 5, "warn", { service: "report-service", hostname: host, pid: 31 }, "statement_timeout approaching, query still running", {
              query_ms: Math.round(ms - 2000),
            }),
            "performance",
          );
        }
        break;
      }
      case "pdf":
        L.add(
          t,
          structlog(t, "info", "pdf-renderer", "renderer.jobs", "pdf rendered", {
            pages: r.int(1, 60),
            duration_ms: round(r.logn(8000, 0.3)),
            queue: "default",
          }),
        );
        break;
    }
  }
  for (const t of every(r, start, end, 30 * SEC))
    L.add(
      t,
      zap(t, "debug", "sessioncache", "server/health.go:22", "health probe", { service: "session-cache", pod: cachePod, latency: goDur(r.logn(0.3, 0.3)) }),
    );
  for (const t of every(r, start, end, 5 * MIN))
    L.add(t, structlog(t, "info", "pdf-renderer", "renderer.pool", "chromium pool recycled", { workers: 4, duration_ms: round(r.logn(2600, 0.2)) }));
  // one-off trouble elsewhere, each judged against its own service's normal
  for (const t of scatter(r, start, end, r.int(3, 5))) {
    L.add(
      t,
      structlog(t, "warning", "auth", "auth.tokens", "token validated", {
        pod: authPod,
        client_id: `cli_${r.alnum(5)}`,
        duration_ms: round(r.float(350, 900), 2),
        trace_id: traceId(r),
      }),
      "performance",
    );
  }
  for (const t of scatter(r, start, end, r.int(2, 4), 20 * MIN)) {
    L.add(
      t,
      logback(t, "INFO", "search", "c.a.search.QueryService", `http-nio-8080-exec-${r.int(1, 24)}`, "search query served", {
        duration_ms: r.int(4000, 9000),
        hits: r.int(0, 800),
        trace_id: traceId(r),
      }),
      "performance",
    );
  }
  for (const t of scatter(r, start, end, r.int(1, 3), 30 * MIN)) {
    L.add(
      t,
      structlog(t, "info", "pdf-renderer", "renderer.jobs", "pdf rendered", {
        pages: r.int(300, 900),
        duration_ms: round(r.float(70000, 140000)),
        queue: "default",
      }),
      "performance",
    );
  }
  for (const t of scatter(r, start, end, r.int(1, 2), 40 * MIN)) {
    L.add(
      t,
      structlog(t, "error", "pdf-renderer", "renderer.pool", "chromium renderer crashed: out of memory", {
        worker: r.int(0, 3),
        rss_mb: r.int(1900, 2048),
        limit_mb: 2048,
      }),
      "memory",
    );
  }
  for (const t of scatter(r, start, end, r.int(1, 2), 50 * MIN)) {
    L.add(
      t,
      structlog(t, "error", "auth", "auth.jwks", "JWKS refresh failed", {
        pod: authPod,
        issuer: "https://idp.example.com",
        status: 503,
        error: "upstream unavailable",
      }),
      "error",
    );
  }
  // the cache's own view: eviction storm after a key-space change
  L.add(
    cacheSlow[0] - 20 * SEC,
    zap(cacheSlow[0] - 20 * SEC, "info", "sessioncache", "store/lru.go:91", "resized LRU shards", {
      service: "session-cache",
      pod: cachePod,
      shards: 4,
      previous: 64,
    }),
    "pattern",
  );
  for (const t of every(r, cacheSlow[0], cacheSlow[1], 40 * SEC, 0.2)) {
    L.add(
      t,
      zap(t, "warn", "sessioncache", "store/lru.go:140", "shard lock contention", {
        service: "session-cache",
        pod: cachePod,
        wait: goDur(r.float(40, 180)),
        shard: r.int(0, 3),
      }),
      "performance",
    );
  }
  L.add(
    cacheSlow[1] + 30 * SEC,
    zap(cacheSlow[1] + 30 * SEC, "info", "sessioncache", "store/lru.go:91", "resized LRU shards", {
      service: "session-cache",
      pod: cachePod,
      shards: 64,
      previous: 4,
    }),
    "pattern",
  );
  // the slow report worker: a query plan change
  L.add(
    reportSlowFrom - 40 * SEC,
    pino(
      reportSlowFrom - 40 * SEC,
      "warn",
      { service: "report-service", hostname: slowHost, pid: 31 },
      "planner statistics stale for table ledger_entries, analyze skipped (lock not available)",
    ),
    "pattern",
  );
  return L.scenario(
    "latency-tiers-100x",
    "a 2 ms session cache slowing to 60-200 ms and a 2 s report service taking 40-90 s on one worker, beside 200 ms search and 8 s PDF jobs that are normal",
  );
}

/**
 * An API gateway whose every request line says `request completed`: the trouble is only in the
 * structured fields (http.response.status_code 503, error.type, duration in ns and ms) of
 * OpenTelemetry-shaped records, while a backend's own log names nothing.
 */
export function gatewayFieldSignals(seed: number): Scenario {
  const r = new Rng(seed, "gateway-field-signals");
  const L = new Lines();
  const start = startTime(r, 8, 16);
  const end = start + r.float(2.5, 4) * HOUR;
  const routes = [
    { route: "/v2/quotes", upstream: "pricing", median: 45 },
    { route: "/v2/policies/{id}", upstream: "policy", median: 80 },
    { route: "/v2/claims", upstream: "claims", median: 140 },
    { route: "/v2/documents/{id}", upstream: "documents", median: 260 },
    { route: "/v2/customers/{id}", upstream: "crm", median: 60 },
  ];
  const gwPods = ["gateway-0", "gateway-1", "gateway-2"];
  const resource = (pod: string) => ({
    "service.name": "api-gateway",
    "service.version": "3.18.2",
    "k8s.pod.name": pod,
    "k8s.namespace.name": "edge",
    "cloud.region": "eu-west-1",
  });
  const claimsSlow = start + r.float(0.2, 0.35) * (end - start);
  const claimsSlowEnd = claimsSlow + r.float(12, 25) * MIN;
  const policy503 = start + r.float(0.55, 0.7) * (end - start);
  const policy503End = policy503 + r.float(6, 12) * MIN;
  const authBadFrom = start + r.float(0.8, 0.88) * (end - start);
  const authBadTo = authBadFrom + r.float(3, 6) * MIN;

  const n = r.int(2600, 4000);
  for (const t of arrivals(r, start, end, n)) {
    const rt = r.weighted(routes.map((x) => [x, x.route === "/v2/quotes" ? 35 : 15] as const));
    const pod = r.pick(gwPods);
    let status = r.weighted([
      [200, 93],
      [201, 3],
      [404, 2],
      [429, 1],
      [400, 1],
    ] as const) as number;
    let ms = r.logn(rt.median, 0.4);
    let label: Label = null;
    const attrs: Record<string, unknown> = {};
    if (rt.upstream === "claims" && t >= claimsSlow && t < claimsSlowEnd && r.chance(0.85)) {
      ms = r.float(3500, 9800);
      label = "performance";
    }
    if (rt.upstream === "policy" && t >= policy503 && t < policy503End && r.chance(0.7)) {
      status = 503;
      ms = r.logn(3, 0.4);
      attrs["error.type"] = "upstream_unavailable";
      attrs["upstream.host"] = `10.60.${r.int(1, 3)}.${r.int(10, 40)}:8080`;
      label = "error";
    }
    if (t >= authBadFrom && t < authBadTo && r.chance(0.5)) {
      status = 500;
      attrs["error.type"] = "jwks_fetch_failed";
      label = "error";
    }
    L.add(
      t,
      {
        timestamp: new Date(t).toISOString(),
        severity_text: "INFO",
        severity_number: 9,
        body: "request completed",
        resource: resource(pod),
        attributes: {
          "http.request.method": rt.route.startsWith("/v2/quotes") || rt.route === "/v2/claims" ? "POST" : "GET",
          "http.route": rt.route,
          "http.response.status_code": status,
          "url.path": rt.route.replace("{id}", String(r.int(100000, 999999))),
          "client.address": publicIp(r),
          "upstream.cluster": rt.upstream,
          "event.duration": Math.round(ms * 1e6),
          duration_ms: round(ms, 2),
          ...attrs,
        },
        trace_id: traceId(r),
        span_id: spanId(r),
      },
      label,
    );
  }
  // routine gateway lines: config polls and rate-limit summaries
  for (const t of every(r, start, end, 2 * MIN)) {
    L.add(t, {
      timestamp: new Date(t).toISOString(),
      severity_text: "INFO",
      severity_number: 9,
      body: "route table unchanged",
      resource: resource(r.pick(gwPods)),
      attributes: { "config.version": 4127, routes: routes.length },
    });
  }
  for (const t of every(r, start, end, 5 * MIN)) {
    L.add(t, {
      timestamp: new Date(t).toISOString(),
      severity_text: "WARN",
      severity_number: 13,
      body: "rate limit applied",
      resource: resource(r.pick(gwPods)),
      attributes: { "client.id": `partner-${r.int(1, 9)}`, rejected: r.int(3, 40), window_s: 60 },
    });
  }
  // the claims backend's view: its p99 report, healthy-looking text with large numbers
  for (const t of every(r, start, end, MIN)) {
    const slow = t >= claimsSlow && t < claimsSlowEnd;
    L.add(
      t,
      structlog(t, slow ? "info" : "info", "claims", "claims.metrics", "latency summary", {
        window_s: 60,
        p50_ms: slow ? r.int(1800, 3000) : r.int(110, 160),
        p99_ms: slow ? r.int(8000, 12000) : r.int(300, 520),
        requests: r.int(40, 140),
      }),
      slow ? "performance" : null,
    );
  }
  return L.scenario(
    "gateway-field-signals",
    "API gateway records whose message never changes: 503s with error.type, slow claims in duration fields, a JWKS failure burst as status 500",
  );
}
