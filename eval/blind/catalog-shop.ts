// Normal behaviour of the web-shop services: routes, latency spreads, routine lines, start-up, one-offs.

import { customer, hosts, maskedEmail, money, orderId, pods, SEARCH_TERMS, sku, warehouse } from "./ids.js";
import type { Rng } from "./random.js";
import type { Line, Svc } from "./traffic.js";
import type { ProducerName } from "./types.js";

const q = (r: Rng): string => encodeURIComponent(r.pick(SEARCH_TERMS)).replace(/%20/g, "+");

export function apiGateway(r: Rng, prod: ProducerName = "canonical", name = "api-gateway"): Svc {
  return {
    name,
    prod,
    lang: "go",
    insts: pods(r, name, 3),
    reqPerMin: 14,
    lat: "text",
    deps: ["orders", "auth", "search", "cart"],
    routes: [
      { m: "GET", path: (r) => `/api/products?page=${r.int(1, 20)}`, med: 35, sig: 0.5, w: 6 },
      { m: "GET", path: (r) => `/api/products/${sku(r)}`, med: 24, sig: 0.45, w: 8 },
      { m: "POST", path: () => "/api/cart/items", med: 58, sig: 0.45, w: 3 },
      { m: "GET", path: (r) => `/api/orders/${orderId(r)}`, med: 42, sig: 0.5, w: 2 },
      { m: "POST", path: () => "/api/orders", med: 185, sig: 0.45, w: 1 },
      { m: "POST", path: () => "/api/auth/login", med: 120, sig: 0.4, w: 1 },
      { m: "GET", path: (r) => `/api/search?q=${q(r)}`, med: 88, sig: 0.55, w: 4 },
      { m: "GET", path: () => "/api/users/me", med: 19, sig: 0.4, w: 3 },
    ],
    bg: [
      { perHour: 18, level: "WARNING", gen: (r) => `client closed connection before response was sent (499) path=/api/search?q=${q(r)}` },
      { perHour: 12, level: "WARNING", gen: (r) => `JWT expired for subject user-${customer(r)}, returning 401` },
      { perHour: 4, level: "ERROR", gen: (r) => `http: TLS handshake error from 198.51.100.${r.int(2, 250)}:${r.int(30000, 65000)}: EOF` },
      { perHour: 2, level: "WARNING", gen: (r) => `rate limit exceeded for client 203.0.113.${r.int(2, 250)} (limit=50 burst=100), returning 429` },
    ],
    periodic: [
      { everySec: 30, level: "INFO", gen: (r) => `GET /healthz 200 in ${(0.2 + r.next() * 0.6).toFixed(1)}ms` },
      {
        everySec: 60,
        level: "INFO",
        gen: (r) => `upstream pool stats: orders=${r.int(2, 12)}/64 auth=${r.int(1, 6)}/64 search=${r.int(2, 9)}/64 cart=${r.int(1, 8)}/64`,
      },
    ],
    startup: [
      "loading routes from /etc/gateway/routes.yaml (42 routes)",
      "connected to redis at redis-master.shop.svc:6379 (db=0)",
      "listening on :8080 (http) and :9090 (metrics)",
    ],
    oneOffs: [
      "SIGHUP received: reloaded TLS certificate for *.acme.io (not after 2026-01-14T23:59:59Z)",
      "route table updated: 42 -> 43 routes (added GET /api/v2/wishlist)",
      "access log sampling changed from 5% to 10% by ops@acme.io",
    ],
  };
}

export function orders(r: Rng, prod: ProducerName = "logback", name = "orders"): Svc {
  const cls = "com.acme.orders";
  return {
    name,
    prod,
    lang: "java",
    insts: pods(r, name, 3),
    reqPerMin: 7,
    lat: "duration_ms",
    deps: ["payments", "inventory", "pricing"],
    routes: [
      { m: "POST", path: () => "/api/orders", med: 140, sig: 0.45, w: 2 },
      { m: "GET", path: (r) => `/api/orders/${orderId(r)}`, med: 18, sig: 0.5, w: 5 },
      { m: "GET", path: (r) => `/api/orders?customerId=${customer(r)}&page=0&size=20`, med: 36, sig: 0.5, w: 3 },
      { m: "PATCH", path: (r) => `/api/orders/${orderId(r)}/status`, med: 40, sig: 0.45, w: 1 },
    ],
    bg: [
      {
        perHour: 40,
        level: "INFO",
        logger: `${cls}.service.OrderService`,
        gen: (r) => `Order ${orderId(r)} created for customer ${customer(r)} total=${money(r)} EUR items=${r.int(1, 6)}`,
      },
      {
        perHour: 25,
        level: "INFO",
        logger: `${cls}.service.OrderService`,
        gen: (r) => `Order ${orderId(r)} status changed ${r.pick(["PAID -> FULFILLING", "FULFILLING -> SHIPPED", "CREATED -> PAID"])}`,
      },
      { perHour: 3, level: "WARNING", gen: (r) => `Optimistic lock conflict on Order#${orderId(r)} (version ${r.int(2, 5)}), retrying` },
      { perHour: 2, level: "WARNING", gen: (r) => `Payment callback for order ${orderId(r)} arrived before commit, requeued (delay=2s)` },
      {
        perHour: 1.5,
        level: "ERROR",
        logger: "org.apache.kafka.clients.producer.internals.Sender",
        gen: () => "[Producer clientId=orders-producer-1] Got error produce response on topic-partition orders.v1-3, retrying. Error: NOT_LEADER_OR_FOLLOWER",
      },
    ],
    periodic: [
      {
        everySec: 30,
        level: "INFO",
        logger: `${cls}.outbox.OutboxPublisher`,
        gen: (r) => ({ msg: `OutboxPublisher: published ${r.int(0, 14)} events in ${r.int(3, 40)}ms`, f: { _thread: "scheduling-1" } }),
      },
      {
        everySec: 60,
        level: "DEBUG",
        logger: "com.zaxxer.hikari.pool.HikariPool",
        gen: (r) => {
          const a = r.int(0, 5);
          return { msg: `HikariPool-1 - Pool stats (total=20, active=${a}, idle=${20 - a}, waiting=0)`, f: { _thread: "HikariPool-1 housekeeper" } };
        },
      },
    ],
    mem: {
      everySec: 60,
      lo: 34,
      hi: 68,
      render: (p) => ({
        msg: `JVM heap: used=${Math.round(p * 20.48)}MiB committed=1536MiB max=2048MiB`,
        f: { heap_used_pct: p, _thread: "metrics-reporter" },
        logger: `${cls}.metrics.JvmStatsReporter`,
      }),
    },
    startup: [
      "Starting OrdersApplication v2.14.3 using Java 17.0.8 with PID 1 (/app/orders.jar started by app in /app)",
      'The following 1 profile is active: "prod"',
      "HikariPool-1 - Start completed.",
      "Tomcat started on port(s): 8080 (http) with context path ''",
      "Started OrdersApplication in 9.412 seconds (process running for 10.31)",
    ],
    oneOffs: [
      'Flyway Community Edition 9.22.3 by Redgate: Schema "orders" is up to date. No migration necessary.',
      "Log level of com.acme.orders.pricing changed to DEBUG via /actuator/loggers by ops-bot",
      "Cache 'productCache' cleared via /actuator/caches by ops-bot",
    ],
  };
}

export function payments(r: Rng, prod: ProducerName = "python", name = "payments"): Svc {
  return {
    name,
    prod,
    lang: "python",
    insts: pods(r, name, 2),
    reqPerMin: 5,
    lat: "duration_ms",
    deps: ["stripe-api", "ledger"],
    routes: [
      {
        m: "POST",
        path: () => "/v1/charges",
        med: 320,
        sig: 0.45,
        w: 4,
        render: (r, ms, st) => ({
          msg: st < 400 ? `charge ch_${r.alnum(14)} succeeded amount=${Math.round(Number(money(r)) * 100)} currency=eur` : `POST /v1/charges ${st}`,
          f: { duration_ms: Math.round(ms), http_status: st },
          logger: "payments.api.charges",
        }),
      },
      { m: "POST", path: () => "/v1/refunds", med: 280, sig: 0.45, w: 1 },
      { m: "GET", path: (r) => `/v1/charges/ch_${r.alnum(14)}`, med: 28, sig: 0.5, w: 3 },
    ],
    bg: [
      { perHour: 10, level: "WARNING", logger: "payments.api.charges", gen: (r) => `card declined for customer cus_${r.alnum(14)}: insufficient_funds` },
      { perHour: 6, level: "INFO", gen: (r) => `3DS challenge required for charge ch_${r.alnum(14)}, awaiting customer` },
      { perHour: 30, level: "INFO", logger: "payments.webhooks", gen: (r) => `webhook payment_intent.succeeded received id=evt_${r.alnum(24)}` },
      {
        perHour: 1,
        level: "ERROR",
        logger: "payments.receipts",
        gen: (r) => `Failed to send receipt email to ${maskedEmail(r)}: SMTPRecipientsRefused 450 4.2.1 mailbox temporarily unavailable`,
      },
    ],
    periodic: [{ everySec: 120, level: "INFO", logger: "payments.settlement", gen: (r) => `settlement poll: ${r.int(0, 2)} pending payouts` }],
    mem: {
      everySec: 60,
      lo: 18,
      hi: 35,
      render: (p) => ({ msg: `worker rss=${Math.round(p * 20.48)}MiB`, f: { memory_percent: p }, logger: "payments.health" }),
    },
    startup: [
      "Starting gunicorn 21.2.0",
      "Listening at: http://0.0.0.0:8000 (1)",
      "Using worker: uvicorn.workers.UvicornWorker",
      "Booting worker with pid: 12",
      "Application startup complete.",
    ],
    oneOffs: [
      "Stripe API version pinned to 2023-10-16 (account default is 2024-06-20)",
      "rotated webhook signing secret whsec_**** (previous secret valid for 24h)",
    ],
  };
}

export function inventory(r: Rng, prod: ProducerName = "zap", name = "inventory"): Svc {
  return {
    name,
    prod,
    lang: "go",
    insts: pods(r, name, 3),
    reqPerMin: 10,
    lat: "latency_ms",
    deps: ["inventory-db"],
    routes: [
      { m: "GET", path: (r) => `/v1/stock/${sku(r)}`, med: 4, sig: 0.55, w: 8 },
      { m: "POST", path: () => "/v1/reservations", med: 22, sig: 0.5, w: 3 },
      { m: "DELETE", path: (r) => `/v1/reservations/res_${r.alnum(10)}`, med: 15, sig: 0.5, w: 1 },
    ],
    bg: [
      { perHour: 40, level: "INFO", gen: (r) => `reserved ${r.int(1, 4)} units of sku=${sku(r)} warehouse=${warehouse(r)}` },
      { perHour: 12, level: "INFO", gen: (r) => `released reservation res_${r.alnum(10)} (expired after 15m0s)` },
      { perHour: 4, level: "WARNING", gen: (r) => `stock for sku=${sku(r)} below reorder point (${r.int(0, 9)} < 10)` },
    ],
    periodic: [
      { everySec: 300, level: "INFO", gen: (r) => `reconciled ${r.int(4700, 4900)} sku counts with warehouse feed in ${(1.2 + r.next()).toFixed(2)}s` },
      { everySec: 60, level: "INFO", gen: (r) => `kafka consumer lag topic=stock-events partition=${r.int(0, 5)} lag=${r.int(0, 12)}` },
    ],
    startup: [
      "starting inventory version=v1.31.0 commit=9f2c1ab go=go1.22.5",
      "connected to postgres host=inventory-db.shop.svc:5432 pool_max=30",
      "http server listening addr=:8080",
    ],
    oneOffs: ["warehouse feed FRA-2 switched to backup endpoint (planned maintenance window)", "pprof endpoint enabled on :6060 by flag"],
  };
}

export function auth(r: Rng, prod: ProducerName = "pino", name = "auth"): Svc {
  return {
    name,
    prod,
    lang: "node",
    insts: pods(r, name, 2),
    reqPerMin: 9,
    lat: "response_time",
    warn4xx: true,
    deps: ["users-db"],
    routes: [
      { m: "POST", path: () => "/oauth/token", med: 45, sig: 0.45, w: 6 },
      { m: "POST", path: () => "/login", med: 110, sig: 0.35, w: 2 },
      { m: "GET", path: () => "/.well-known/jwks.json", med: 1.8, sig: 0.4, w: 2 },
      { m: "POST", path: () => "/logout", med: 8, sig: 0.4, w: 1 },
    ],
    bg: [
      { perHour: 30, level: "INFO", gen: (r) => ({ msg: "login succeeded", f: { user_id: customer(r), method: r.pick(["password", "google", "apple"]) } }) },
      { perHour: 12, level: "WARNING", gen: (r) => ({ msg: "login failed: invalid password", f: { user_id: customer(r), attempts: r.int(1, 4) } }) },
      { perHour: 40, level: "INFO", gen: (r) => `token refreshed for client_id=${r.pick(["mobile-ios", "mobile-android", "web"])}` },
      { perHour: 1, level: "WARNING", gen: (r) => `refresh token reuse detected for session s_${r.alnum(12)}, revoking token family` },
    ],
    periodic: [{ everySec: 300, level: "INFO", gen: () => "jwks cache refreshed keys=2" }],
    startup: ["auth v5.2.1 starting (node v20.11.1)", "loaded 2 signing keys (kid=2025-07, kid=2025-09)", "server listening on port 3000"],
    oneOffs: ["signing key kid=2025-09 promoted to primary", "admin ops@acme.io granted role 'support' to user 88213"],
  };
}

export function search(r: Rng, prod: ProducerName = "canonical", name = "search"): Svc {
  return {
    name,
    prod,
    lang: "python",
    insts: pods(r, name, 2),
    reqPerMin: 8,
    lat: "kv",
    deps: ["opensearch"],
    routes: [
      { m: "GET", path: (r) => `/search?q=${q(r)}&page=${r.int(1, 3)}`, med: 70, sig: 0.55, w: 5 },
      { m: "GET", path: (r) => `/suggest?q=${q(r).slice(0, 4)}`, med: 12, sig: 0.5, w: 4 },
    ],
    bg: [
      { perHour: 2, level: "WARNING", gen: (r) => `slow query: q="${r.pick(SEARCH_TERMS)}" took ${r.int(760, 980)}ms (threshold 750ms)` },
      {
        perHour: 5,
        level: "INFO",
        gen: (r) => `zero results for q="${r.pick(["lgeo", "runing shoes", "iphnoe case", "cofee"])}", suggesting spelling correction`,
      },
    ],
    periodic: [{ everySec: 60, level: "INFO", gen: (r) => `index refresh completed index=products_v7 segments=${r.int(34, 41)}` }],
    startup: ["loading synonyms from s3://acme-search/synonyms.txt (2341 entries)", "search ready, index=products_v7 docs=184223"],
    oneOffs: ["alias products -> products_v7 verified (no change)", "circuit breaker settings reloaded: failure_threshold=50% window=30s"],
  };
}

export function cart(r: Rng, prod: ProducerName = "pino", name = "cart"): Svc {
  return {
    name,
    prod,
    lang: "node",
    insts: pods(r, name, 2),
    reqPerMin: 9,
    lat: "elapsed_ms",
    deps: ["inventory", "pricing", "session-cache"],
    routes: [
      { m: "GET", path: (r) => `/cart/${r.uuid()}`, med: 14, sig: 0.5, w: 5 },
      { m: "POST", path: (r) => `/cart/${r.uuid()}/items`, med: 38, sig: 0.5, w: 3 },
      { m: "DELETE", path: (r) => `/cart/${r.uuid()}/items/${sku(r)}`, med: 20, sig: 0.5, w: 1 },
    ],
    bg: [
      { perHour: 20, level: "INFO", gen: (r) => `cart merged after login anonymous=${r.uuid().slice(0, 8)} items=${r.int(1, 5)}` },
      { perHour: 3, level: "WARNING", gen: (r) => `price changed since item was added sku=${sku(r)} old=${money(r)} new=${money(r)}` },
    ],
    periodic: [{ everySec: 600, level: "INFO", gen: (r) => `expired carts purged count=${r.int(80, 400)}` }],
    startup: ["cart service starting (node v20.11.1, pid 1)", "redis connected session-cache.shop.svc:6379", "listening on 0.0.0.0:3000"],
    oneOffs: ["feature flag cart.saveForLater evaluated for the first time (default=false)"],
  };
}

export function notifications(r: Rng, prod: ProducerName = "python", name = "notifications"): Svc {
  return {
    name,
    prod,
    lang: "python",
    insts: pods(r, name, 2),
    reqPerMin: 0.3,
    lat: "duration_ms",
    deps: ["fcm", "ses"],
    routes: [{ m: "POST", path: () => "/internal/notify", med: 9, sig: 0.4, w: 1 }],
    bg: [
      {
        perHour: 90,
        level: "INFO",
        logger: "notifications.push",
        gen: (r) => ({
          msg: `sent push notification via ${r.pick(["fcm", "apns"])}`,
          f: { template: r.pick(["order_shipped", "order_paid", "price_drop"]), duration_ms: Math.round(r.logNormal(120, 0.5)) },
        }),
      },
      {
        perHour: 40,
        level: "INFO",
        logger: "notifications.email",
        gen: (r) => `email queued template=${r.pick(["order_confirmation", "shipping_update", "password_reset"])} to=${maskedEmail(r)}`,
      },
      { perHour: 6, level: "WARNING", logger: "notifications.push", gen: (r) => `APNs token invalid (410 Unregistered), removing device d_${r.alnum(16)}` },
      {
        perHour: 1,
        level: "ERROR",
        logger: "notifications.email",
        gen: () => "SES throttled request (Throttling: Maximum sending rate exceeded), message requeued",
      },
    ],
    periodic: [{ everySec: 30, level: "DEBUG", logger: "notifications.worker", gen: (r) => `poll sqs queue=notify-jobs received=${r.int(0, 10)}` }],
    startup: ["celery@notifications ready.", "Connected to sqs://notify-jobs", "mingle: all alone"],
    oneOffs: ["template order_shipped.html reloaded from s3 (etag changed)"],
  };
}

export function sessionCache(r: Rng, prod: ProducerName = "zap", name = "session-cache"): Svc {
  return {
    name,
    prod,
    lang: "go",
    insts: pods(r, name, 2),
    reqPerMin: 16,
    lat: "took_ms",
    deps: [],
    routes: [
      {
        m: "GET",
        path: (r) => `session:${r.alnum(20)}`,
        med: 2.4,
        sig: 0.45,
        w: 8,
        render: (r, ms, _st, p) => ({ msg: `GET ${p} ${r.chance(0.93) ? "hit" : "miss"} ${fmt(ms)}`, f: { latency_ms: Math.round(ms * 100) / 100 } }),
      },
      {
        m: "SET",
        path: (r) => `session:${r.alnum(20)}`,
        med: 3.1,
        sig: 0.45,
        w: 2,
        render: (_r, ms, _st, p) => ({ msg: `SET ${p} ttl=1800s ${fmt(ms)}`, f: { latency_ms: Math.round(ms * 100) / 100 } }),
      },
    ],
    bg: [{ perHour: 6, level: "INFO", gen: (r) => `evicted ${r.int(100, 900)} keys (maxmemory-policy=allkeys-lru)` }],
    periodic: [{ everySec: 120, level: "INFO", gen: (r) => `stats keys=${r.int(180000, 190000)} hit_ratio=0.9${r.int(1, 4)} ops_per_sec=${r.int(800, 1400)}` }],
    startup: ["session-cache v0.9.4 starting", "warm-up loaded 182331 keys from snapshot in 1.9s"],
    oneOffs: ["replica session-cache-1 resynced (partial, offset 8812331)"],
  };
}

function fmt(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)}ms` : `${Math.round(ms)}ms`;
}

export function reportService(_r: Rng, prod: ProducerName = "logback", name = "report-service"): Svc {
  const reports = ["sales-daily", "stock-valuation", "returns-by-reason", "vat-summary", "marketing-attribution"];
  return {
    name,
    prod,
    lang: "java",
    insts: hosts(name, 2),
    reqPerMin: 1.6,
    lat: "duration_ms",
    deps: ["warehouse-db"],
    routes: [
      {
        m: "POST",
        path: (r) => `/reports/${r.pick(reports)}`,
        med: 2100,
        sig: 0.4,
        w: 1,
        render: (r, ms, st, p) => ({
          msg: st < 400 ? `report ${p.slice(9)} generated rows=${r.int(2000, 90000)} in ${(ms / 1000).toFixed(2)} s` : `POST ${p} ${st}`,
          f: { duration_ms: Math.round(ms) },
          logger: "com.acme.reports.ReportRunner",
        }),
      },
    ],
    bg: [{ perHour: 6, level: "INFO", gen: (r) => `report cache hit for ${r.pick(reports)} (age ${r.int(1, 59)}m)` }],
    periodic: [{ everySec: 300, level: "INFO", gen: (r) => `warehouse-db connection pool: active=${r.int(0, 3)} idle=5 max=8` }],
    startup: ["Starting ReportServiceApplication v3.2.0 using Java 21.0.2", "Started ReportServiceApplication in 14.2 seconds"],
    oneOffs: ["JasperReports font cache rebuilt (212 fonts)"],
  };
}

export function pricing(r: Rng, prod: ProducerName = "zap", name = "pricing"): Svc {
  return {
    name,
    prod,
    lang: "go",
    insts: pods(r, name, 2),
    reqPerMin: 11,
    lat: "duration_ms",
    deps: ["pricing-db"],
    routes: [
      { m: "POST", path: () => "/v2/quote", med: 40, sig: 0.45, w: 4 },
      { m: "GET", path: (r) => `/v2/price/${sku(r)}`, med: 9, sig: 0.5, w: 5 },
    ],
    bg: [{ perHour: 8, level: "INFO", gen: (r) => `promotion ${r.pick(["AUTUMN10", "FREESHIP", "BUNDLE3"])} applied to quote q_${r.alnum(8)}` }],
    periodic: [{ everySec: 180, level: "INFO", gen: (r) => `price table refreshed version=${r.int(4100, 4199)} rows=184223` }],
    startup: ["pricing v2.8.1 starting", "loaded 184223 prices in 2.4s"],
    oneOffs: ["currency rates refreshed from ECB feed (31 currencies)"],
  };
}

export function shipping(r: Rng, prod: ProducerName = "otel", name = "shipping"): Svc {
  return {
    name,
    prod,
    lang: "java",
    insts: pods(r, name, 2),
    reqPerMin: 3,
    lat: "text",
    tracing: true,
    deps: ["carrier-dhl", "carrier-ups"],
    routes: [
      { m: "POST", path: () => "/shipments", med: 640, sig: 0.4, w: 2 },
      { m: "GET", path: (r) => `/shipments/shp_${r.alnum(10)}/tracking`, med: 75, sig: 0.5, w: 3 },
    ],
    bg: [
      { perHour: 20, level: "INFO", gen: (r) => `label created for shipment shp_${r.alnum(10)} carrier=${r.pick(["DHL", "UPS", "DPD"])}` },
      { perHour: 3, level: "WARNING", gen: () => "carrier DPD returned 429, using cached tracking status" },
    ],
    periodic: [{ everySec: 600, level: "INFO", gen: (r) => `tracking sync finished updated=${r.int(200, 900)}` }],
    startup: ["shipping service started (otel java agent 2.6.0)"],
    oneOffs: ["DHL API credentials rotated (vault lease renewed)"],
  };
}

/** An extra line template helper: a line with explicit level. */
export const L = (msg: string, level: Line["level"] = "INFO", f?: Record<string, unknown>): Line => (f ? { msg, level, f } : { msg, level });
