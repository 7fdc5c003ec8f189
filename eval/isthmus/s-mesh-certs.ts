/**
 * mesh-certs-zero-days: a service mesh whose workload certificates (SPIFFE X.509-SVIDs) live
 * 24 hours and are rotated at half-life, so the certificate exporter says `expires in 0 days`
 * for each of them on every scan, and orders-service, whose database credentials are now
 * one-hour Vault leases, says `valid for 0 days` on every rotation: lifetimes short by design.
 * The incident is a lock pile-up on the stock table: slow orders, some timed out, some failed.
 */
import { hclog, logback, logrusK8s, nginx, pyjson, USER_AGENTS, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, swell, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "mesh-certs-zero-days";

export function meshCertsZeroDays(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-02-16", 6);
  const end = start + 6 * HOUR + rng.int(-15, 15) * MINUTE;
  const tl = new Timeline(start, end);

  const lockFrom = tl.at(rng.float(0.58, 0.66));
  const lockTo = lockFrom + rng.int(11, 15) * MINUTE;
  const inLocks = (t: number): boolean => t >= lockFrom && t < lockTo;

  // ── cert-exporter (Python): every 10 minutes, each certificate it watches ──────────────────
  const exporter = { service: "cert-exporter", host: rng.pod("cert-exporter") };
  const workloads = ["orders-service", "inventory-service", "payments-service", "cart-service", "api-gateway"];
  // SPIRE rotates an SVID at half its 24-hour lifetime, so each has 12 to 24 hours left; the
  // rotation that falls inside the window (at most one in 6 hours) gives it a fresh 24 hours.
  const svids = workloads.map((w) => {
    const notAfter = start + rng.int(12 * 60, 24 * 60) * MINUTE;
    const rotateAt = notAfter - 12 * HOUR + rng.int(-300, 300) * SECOND;
    return { w, notAfter, rotateAt, renewedNotAfter: rotateAt + 24 * HOUR };
  });
  const longLived = [
    {
      subject: "CN=shop.example.com",
      issuer: "R11 (Let's Encrypt)",
      source: "secret/ingress/shop-example-com-tls",
      notAfter: start + rng.int(58, 66) * DAY + rng.int(0, 23) * HOUR,
    },
    {
      subject: "CN=api.shop.example.com",
      issuer: "R11 (Let's Encrypt)",
      source: "secret/ingress/api-shop-example-com-tls",
      notAfter: start + rng.int(58, 66) * DAY + rng.int(0, 23) * HOUR,
    },
    {
      subject: "CN=shop-payouts-client,O=Shop GmbH",
      issuer: "Partner Bank Client CA G2",
      source: "secret/payments/partner-mtls",
      notAfter: start + rng.int(200, 230) * DAY,
    },
    { subject: "CN=Shop Internal Root CA", issuer: "self-signed", source: "configmap/kube-system/internal-ca", notAfter: start + rng.int(2700, 2900) * DAY },
  ];
  for (let t = start + rng.int(0, 599) * SECOND; t < end; t += 10 * MINUTE + rng.int(-2000, 2000)) {
    let u = t;
    for (const { w, notAfter, rotateAt, renewedNotAfter } of svids) {
      u += rng.int(3, 25);
      const na = u >= rotateAt ? renewedNotAfter : notAfter;
      const days = Math.floor((na - u) / DAY);
      tl.add(
        u,
        pyjson(u, exporter, "INFO", "cert_exporter.scan", `certificate spiffe://prod.shop/ns/shop/sa/${w} expires in ${days} days`, {
          not_after: new Date(na).toISOString(),
          issuer: "spiffe://prod.shop (SPIRE intermediate)",
          source: "spire-agent workload API",
          ttl_hours: 24,
        }),
      );
    }
    for (const c of longLived) {
      u += rng.int(3, 25);
      tl.add(
        u,
        pyjson(u, exporter, "INFO", "cert_exporter.scan", `certificate ${c.subject} expires in ${Math.floor((c.notAfter - u) / DAY)} days`, {
          not_after: new Date(c.notAfter).toISOString(),
          issuer: c.issuer,
          source: c.source,
        }),
      );
    }
    u += rng.int(5, 40);
    tl.add(
      u,
      pyjson(
        u,
        exporter,
        "INFO",
        "cert_exporter.scan",
        `scan complete: ${workloads.length + longLived.length} certificates, 0 below the 14-day threshold (${workloads.length} short-lived SVIDs exempt)`,
        { duration_ms: u - t },
      ),
    );
  }

  // ── spire-agent (logrus, shipped by Fluent Bit): the rotations themselves ──────────────────
  const spireNodes = ["ip-10-12-3-41.eu-central-1.compute.internal", "ip-10-12-7-18.eu-central-1.compute.internal"];
  const spirePods = spireNodes.map(() => `spire-agent-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`);
  for (const { w, rotateAt } of svids) {
    const n = rng.int(0, 1);
    tl.add(
      rotateAt,
      logrusK8s(
        rotateAt,
        "info",
        "Renewing X509-SVID",
        { spiffe_id: `spiffe://prod.shop/ns/shop/sa/${w}`, subsystem_name: "manager", entry_id: rng.uuid() },
        { pod: spirePods[n]!, namespace: "spire", container: "spire-agent", app: "spire-agent", host: spireNodes[n]! },
      ),
    );
  }

  // ── orders-service (Spring Boot) with a Vault agent sidecar ────────────────────────────────
  const ordersHosts = [rng.pod("orders-service"), rng.pod("orders-service")];
  const ordersIps = ordersHosts.map(() => rng.privateIp("10.12"));
  const inventoryIps = [rng.privateIp("10.12"), rng.privateIp("10.12")];
  for (const host of ordersHosts) {
    const src = { app: "orders-service", host };
    // One-hour database leases, renewed by the agent and picked up by the service; the service
    // still prints the lifetime in whole days, as it did for the 30-day static passwords.
    for (let t = start + rng.int(0, 50) * MINUTE; t < end; t += rng.int(44, 52) * MINUTE) {
      tl.add(t, hclog(t, "info", "agent.template.runner", `(runner) rendered "/vault/templates/db.ctmpl" => "/vault/secrets/db.properties"`));
      const leaseId = `database/creds/orders-rw/${rng.alnum(24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
      const r = t + rng.int(800, 2500);
      tl.add(
        r,
        logback(
          r,
          src,
          "INFO",
          "com.shop.orders.config.VaultCredentialsWatcher",
          "vault-watcher",
          `Rotated datasource credentials (role orders-rw, lease ${leaseId}): valid for 0 days`,
          { leaseDuration: "PT1H" },
        ),
      );
      const h = r + rng.int(200, 900);
      tl.add(
        h,
        logback(
          h,
          src,
          "INFO",
          "com.zaxxer.hikari.pool.HikariPool",
          "vault-watcher",
          "HikariPool-1 - Soft-evicting connections after credential rotation (total=20, active=2, idle=18)",
        ),
      );
    }
    for (let t = start + rng.int(0, 1200) * SECOND; t < end; t += 20 * MINUTE + rng.int(-20, 20) * SECOND) {
      tl.add(t, hclog(t, "info", "agent.auth.handler", "renewed auth token"));
    }
  }

  // ── the API: orders and inventory behind nginx ─────────────────────────────────────────────
  const routes = [
    ["GET /api/orders/<id>", 30],
    ["POST /api/orders", 20],
    ["GET /api/orders", 15],
    ["GET /api/inventory/<sku>", 35],
  ] as const;
  const shape = swell(start, end, 0.25, rng.float(3, 4));
  // A flash sale on a few SKUs during the pile-up: extra orders on the same stock rows.
  const requests = [
    ...arrivals(rng, start, end, 3.3, shape, 1.25).map((s) => ({ s, route: rng.weighted(routes) as string })),
    ...arrivals(rng, lockFrom - 2 * MINUTE, lockTo, 1.8).map((s) => ({ s, route: "POST /api/orders" })),
  ].sort((a, b) => a.s - b.s);
  for (const { s, route } of requests) {
    const [method, path] = route.split(" ") as [string, string];
    const reqId = rng.uuid();
    const traceId = rng.hex(32);
    let status = 200;
    let label: AnomalyType | null = null;
    let took: number;
    let uri: string;
    let upstream: string;
    if (path.startsWith("/api/inventory")) {
      uri = `/api/inventory/${rng.int(100, 999)}-${rng.int(100, 999)}`;
      took = rng.logNormal(9, 0.4);
      upstream = rng.pick(inventoryIps);
      const done = s + Math.round(took);
      tl.add(
        done,
        zap(done, "info", "inventory.http", "http/handler.go:64", "stock level served", {
          path: "/api/inventory/{sku}",
          status: 200,
          latency: Number((took / 1000).toFixed(6)),
          trace_id: traceId,
        }),
      );
    } else {
      const pod = rng.int(0, 1);
      const src = { app: "orders-service", host: ordersHosts[pod]! };
      upstream = ordersIps[pod]!;
      const thread = `http-nio-8080-exec-${rng.int(1, 50)}`;
      uri = path.includes("<id>")
        ? `/api/orders/${rng.int(4000000, 4999999)}`
        : path === "/api/orders" && method === "GET"
          ? `/api/orders?customer=${rng.int(10000, 99999)}&page=1`
          : "/api/orders";
      took = rng.logNormal(method === "POST" ? 78 : 21, 0.4);
      if (method === "POST") {
        status = 201;
        // Reserving stock: inventory-service updates the stock rows in the orders transaction.
        const invAt = s + Math.round(took * 0.3);
        let reserve = inLocks(s) ? rng.logNormal(6800, 0.6) : rng.logNormal(14, 0.4);
        if (reserve > 1000) label = "performance";
        if (reserve > 10000) {
          // Lock wait timeout (lock_timeout = 10s): the order fails.
          reserve = 10000 + rng.int(2, 40);
          status = 500;
          label = "error";
          const e = invAt + Math.round(reserve);
          tl.add(
            e,
            zap(e, "error", "inventory.reserve", "reserve/tx.go:118", "reserve failed", {
              error: "ERROR: canceling statement due to lock timeout (SQLSTATE 55P03)",
              sku_count: rng.int(1, 6),
              latency: Number((reserve / 1000).toFixed(6)),
              trace_id: traceId,
            }),
            "error",
          );
          tl.add(
            e + 6,
            logback(
              e + 6,
              src,
              "ERROR",
              "com.shop.orders.web.GlobalExceptionHandler",
              thread,
              "Order placement failed: could not reserve stock",
              { traceId },
              "org.springframework.dao.CannotAcquireLockException: reserve stock for order: lock timeout\n\tat com.shop.orders.inventory.InventoryClient.reserve(InventoryClient.java:77)\n\tat com.shop.orders.service.OrderService.place(OrderService.java:131)\n\tat com.shop.orders.web.OrderController.create(OrderController.java:58)",
            ),
            "error",
          );
        } else {
          const r = invAt + Math.round(reserve);
          tl.add(
            r,
            zap(r, reserve > 1000 ? "warn" : "info", "inventory.reserve", "reserve/tx.go:96", reserve > 1000 ? "slow stock reservation" : "stock reserved", {
              sku_count: rng.int(1, 6),
              latency: Number((reserve / 1000).toFixed(6)),
              trace_id: traceId,
            }),
            reserve > 1000 ? "performance" : null,
          );
          if (reserve > 3000 && rng.chance(0.5)) {
            const q = r + 3;
            tl.add(
              q,
              logback(
                q,
                { app: "orders-service", host: src.host },
                "WARN",
                "com.shop.orders.db.SlowQueryInterceptor",
                thread,
                `Slow query (${Math.round(reserve)} ms): UPDATE stock_item SET reserved = reserved + ? WHERE sku = ? AND warehouse_id = ?`,
                { traceId },
              ),
              "performance",
            );
          }
        }
        took += reserve;
      }
      const done = s + Math.round(took);
      tl.add(
        done,
        logback(
          done,
          src,
          status >= 500 ? "ERROR" : "INFO",
          "com.shop.orders.web.RequestLogFilter",
          thread,
          `Completed ${method} ${uri.split("?")[0]} ${status} in ${Math.round(took)} ms`,
          { traceId, requestId: reqId },
        ),
        label,
      );
    }
    const edgeAt = s + Math.round(took) + rng.int(1, 3);
    tl.add(
      edgeAt,
      nginx(edgeAt, "api-edge", {
        remote: rng.privateIp("10.20"),
        method,
        uri,
        status,
        bytes: status < 300 ? rng.int(300, 9000) : rng.int(120, 260),
        requestTime: (took + 2) / 1000,
        upstream: `${upstream}:8080`,
        upstreamTime: took / 1000,
        userAgent: rng.pick(["shop-web/2026.03 (node-fetch)", "ShopApp/5.12.0 (iOS 17.3; iPhone14,2)", USER_AGENTS[0]!]),
        requestId: reqId.replaceAll("-", ""),
      }),
      label,
    );
  }

  return tl.build(
    NAME,
    "24-hour mesh SVIDs say expires in 0 days on every scan and one-hour Vault leases valid for 0 days; a stock-table lock pile-up slows and fails orders",
  );
}
