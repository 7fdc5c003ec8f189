// A fault in one service spreading to its callers: a schema migration's lock in the inventory
// database stalls inventory, whose callers time out, trip their circuit breaker and fail.

import type { Scenario } from "../blind/types.js";
import {
  arrivals,
  container,
  every,
  goDur,
  HOUR,
  ip,
  klogTime,
  type Label,
  Lines,
  logback,
  MIN,
  nginxErrTime,
  nginxTime,
  type Pod,
  pgJson,
  replicas,
  publicIp,
  Rng,
  round,
  SEC,
  startTime,
  traceId,
  USER_AGENTS,
  zap,
} from "./kit.js";

const HIKARI_STACK = `java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=20, active=20, idle=0, waiting=41)
\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)
\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)
\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)
\tat org.springframework.jdbc.datasource.DataSourceUtils.fetchConnection(DataSourceUtils.java:160)
\tat com.acme.inventory.stock.StockRepository.reserve(StockRepository.java:88)`;

/**
 * Checkout path ingress-nginx → orders (Go, zap, with an Envoy sidecar) → inventory (Spring,
 * logback) → PostgreSQL (jsonlog). A migration's ALTER TABLE waits for and then holds an
 * ACCESS EXCLUSIVE lock; inventory's queries queue behind it, orders' 3 s deadline expires, its
 * sidecar's circuit breaker opens (503 UO) and the ingress answers 503/504 until the lock goes.
 */
export function inventoryLockCascade(seed: number): Scenario {
  const r = new Rng(seed, "inventory-lock-cascade");
  const L = new Lines();
  const start = startTime(r, 8, 18);
  const end = start + r.float(2, 3) * HOUR;
  const onset = Math.floor(start + r.float(0.4, 0.6) * (end - start));
  const breakerAt = onset + r.int(90, 200) * SEC;
  const recover = onset + r.int(14, 26) * MIN;
  const ingressPods: Pod[] = replicas(r, "ingress-nginx-controller", 2).map((pod) => ({
    app: "ingress-nginx",
    pod,
    namespace: "ingress-nginx",
    node: `ip-10-20-${r.int(1, 9)}-${r.int(10, 250)}`,
    container: "controller",
  }));
  const ordersPods: Pod[] = replicas(r, "orders", 3).map((pod) => ({
    app: "orders",
    pod,
    namespace: "shop",
    node: `ip-10-20-${r.int(1, 9)}-${r.int(10, 250)}`,
  }));
  const invPods: Pod[] = replicas(r, "inventory", 2).map((pod) => ({
    app: "inventory",
    pod,
    namespace: "shop",
    node: `ip-10-20-${r.int(1, 9)}-${r.int(10, 250)}`,
  }));
  const podIp = new Map([...ordersPods, ...invPods].map((p) => [p.pod, ip(r, "10.42")]));
  const db = { service: "inventory-db", dbname: "inventory", user: "inventory_app", host: ip(r, "10.42") };
  const skus = Array.from({ length: 400 }, () => `SKU-${r.int(10000, 99999)}`);
  const migrationPid = r.int(20000, 29999);

  const ingress = (t: number, pod: Pod, method: string, path: string, status: number, secs: number, upstream: string, upAddr: string, label: Label) => {
    const req = r.hex(32);
    const bytes = status >= 500 ? r.int(150, 190) : r.int(300, 4000);
    const line = `${publicIp(r)} - - [${nginxTime(t)}] "${method} ${path} HTTP/2.0" ${status} ${bytes} "https://shop.example.com/checkout" "${r.pick(USER_AGENTS)}" ${r.int(300, 1400)} ${secs.toFixed(3)} [${upstream}] [] ${upAddr} ${bytes} ${secs.toFixed(3)} ${status} ${req}`;
    L.add(t, container(t, pod, line), label);
  };
  const envoy = (t: number, pod: Pod, code: number, flags: string, ms: number, upstreamMs: number | null, sku: string, label: Label) => {
    const inv = r.pick(invPods);
    const fields = {
      start_time: new Date(t - Math.round(ms)).toISOString(),
      method: "POST",
      path: `/internal/stock/${sku}/reservations`,
      protocol: "HTTP/1.1",
      response_code: code,
      response_flags: flags,
      bytes_received: r.int(80, 140),
      bytes_sent: code === 200 ? r.int(90, 130) : code === 503 ? 81 : 24,
      duration: Math.round(ms),
      upstream_service_time: upstreamMs === null ? null : String(Math.round(upstreamMs)),
      x_forwarded_for: null,
      user_agent: "Go-http-client/1.1",
      request_id: r.uuid(),
      authority: "inventory.shop.svc.cluster.local:8080",
      upstream_host: flags === "UO" ? null : `${podIp.get(inv.pod)}:8080`,
      upstream_cluster: "outbound|8080||inventory.shop.svc.cluster.local",
      route_name: "default",
    };
    L.add(t, container(t, { ...pod, container: "istio-proxy" }, JSON.stringify(fields), fields), label);
  };
  const pg = (t: number, severity: "LOG" | "ERROR", message: string, label: Label, extra: Record<string, unknown> = {}) =>
    L.add(t, pgJson(t, db, extra.pid !== undefined ? Number(extra.pid) : r.int(1000, 9999), severity, message, extra), label);

  // --- checkout requests through the chain ----------------------------------------------------
  const n = r.int(650, 900);
  for (const t0 of arrivals(r, start, end, n)) {
    const ig = r.pick(ingressPods);
    const op = r.pick(ordersPods);
    const ip0 = r.pick(invPods);
    const sku = r.pick(skus);
    const trace = traceId(r);
    const order = `ord_${r.alnum(10)}`;
    const inFault = t0 >= onset && t0 < recover;
    if (!inFault) {
      const dbMs = r.logn(6, 0.5);
      const invMs = dbMs + r.logn(4, 0.4);
      const ordMs = invMs + r.logn(60, 0.4);
      if (r.chance(0.02))
        pg(
          t0 + 1,
          "LOG",
          `duration: ${(r.float(510, 900)).toFixed(3)} ms  statement: SELECT sku, on_hand, reserved FROM stock_levels WHERE warehouse_id = $1 FOR UPDATE`,
          null,
        );
      L.add(
        t0 + Math.round(invMs),
        logback(
          t0 + Math.round(invMs),
          "INFO",
          "inventory",
          "c.a.inventory.stock.ReservationController",
          `http-nio-8080-exec-${r.int(1, 40)}`,
          `Reserved ${r.int(1, 3)} x ${sku} for ${order}`,
          {
            duration_ms: Math.round(invMs),
            trace_id: trace,
            pod: ip0.pod,
          },
        ),
      );
      envoy(t0 + Math.round(invMs) + 1, op, 200, "-", invMs + 1, invMs, sku, null);
      if (r.chance(0.015))
        L.add(
          t0 + 2,
          zap(t0 + 2, "warn", "orders.inventory", "inventory/client.go:91", "retrying reservation", {
            service: "orders",
            attempt: 2,
            reason: "409 Conflict",
            trace_id: trace,
          }),
        );
      L.add(
        t0 + Math.round(ordMs),
        zap(t0 + Math.round(ordMs), "info", "orders.api", "api/orders.go:118", "order created", {
          service: "orders",
          pod: op.pod,
          order_id: order,
          items: r.int(1, 5),
          latency: goDur(ordMs),
          trace_id: trace,
        }),
      );
      ingress(t0 + Math.round(ordMs) + 2, ig, "POST", "/api/orders", 201, (ordMs + 2) / 1000, "shop-orders-8080", `${podIp.get(op.pod)}:8080`, null);
      continue;
    }
    if (t0 < breakerAt) {
      // lock wait: inventory's query queues; orders gives up after 3 s
      const invMs = r.float(3500, 30000);
      const deadline = 3000 + r.float(0, 15);
      L.add(
        t0 + Math.round(deadline),
        zap(t0 + Math.round(deadline), "warn", "orders.inventory", "inventory/client.go:74", "inventory reservation timed out", {
          service: "orders",
          pod: op.pod,
          error: "context deadline exceeded",
          latency: goDur(deadline),
          trace_id: trace,
        }),
        "performance",
      );
      envoy(t0 + Math.round(deadline) + 1, op, 504, "UT", deadline, null, sku, "performance");
      L.add(
        t0 + Math.round(deadline) + 3,
        zap(t0 + Math.round(deadline) + 3, "error", "orders.api", "api/orders.go:131", "order failed", {
          service: "orders",
          pod: op.pod,
          order_id: order,
          error: "reserve stock: context deadline exceeded",
          status: 503,
          trace_id: trace,
        }),
        "error",
      );
      ingress(t0 + Math.round(deadline) + 5, ig, "POST", "/api/orders", 503, (deadline + 5) / 1000, "shop-orders-8080", `${podIp.get(op.pod)}:8080`, "error");
      if (invMs < 30000) {
        L.add(
          t0 + Math.round(invMs),
          logback(
            t0 + Math.round(invMs),
            "INFO",
            "inventory",
            "c.a.inventory.stock.ReservationController",
            `http-nio-8080-exec-${r.int(1, 200)}`,
            `Reserved ${r.int(1, 3)} x ${sku} for ${order}`,
            {
              duration_ms: Math.round(invMs),
              trace_id: trace,
              pod: ip0.pod,
            },
          ),
          "performance",
        );
      } else {
        L.add(
          t0 + 30000,
          logback(
            t0 + 30000,
            "ERROR",
            "inventory",
            "c.a.inventory.web.ErrorHandler",
            `http-nio-8080-exec-${r.int(1, 200)}`,
            `Request failed: POST /internal/stock/${sku}/reservations`,
            { trace_id: trace, pod: ip0.pod },
            HIKARI_STACK,
          ),
          "performance",
        );
      }
    } else {
      // circuit breaker open: the sidecar refuses at once
      envoy(t0 + 1, op, 503, "UO", r.float(0, 1), null, sku, "error");
      L.add(
        t0 + 2,
        zap(t0 + 2, "error", "orders.api", "api/orders.go:131", "order failed", {
          service: "orders",
          pod: op.pod,
          order_id: order,
          error: "reserve stock: upstream connect error or disconnect/reset before headers. reset reason: overflow",
          status: 503,
          trace_id: trace,
        }),
        "error",
      );
      ingress(t0 + 4, ig, "POST", "/api/orders", 503, r.float(0.004, 0.02), "shop-orders-8080", `${podIp.get(op.pod)}:8080`, "error");
    }
  }
  // browsing traffic through the ingress to the catalog, unaffected
  for (const t of arrivals(r, start, end, r.int(900, 1400))) {
    const path = r.pick(["/api/products", `/api/products/${r.int(1000, 99999)}`, "/api/search?q=lamp", "/static/app.js", "/api/cart"]);
    ingress(
      t,
      r.pick(ingressPods),
      "GET",
      path,
      r.chance(0.03) ? 404 : 200,
      r.logn(0.03, 0.5),
      path.startsWith("/static") ? "shop-web-80" : "shop-catalog-8080",
      `${ip(r, "10.42")}:8080`,
      null,
    );
  }
  // inventory's own background: stock sync and health
  for (const t of every(r, start, end, 5 * MIN)) {
    const stalled = t >= onset && t < recover;
    L.add(
      t,
      logback(
        t,
        stalled ? "WARN" : "INFO",
        "inventory",
        "c.a.inventory.sync.WarehouseSync",
        "scheduling-1",
        stalled ? "Warehouse sync skipped: previous run still holding connections" : `Warehouse sync done: ${r.int(40, 400)} rows`,
        {
          duration_ms: stalled ? r.int(60000, 120000) : r.int(300, 900),
        },
      ),
      stalled ? "performance" : null,
    );
  }
  for (const t of every(r, start, end, 30 * SEC)) {
    const p = r.pick(invPods);
    const stalled = t >= onset + 60 * SEC && t < recover;
    const line = `${podIp.get(p.pod)} - - [${nginxTime(t)}] "GET /actuator/health/readiness HTTP/1.1" ${stalled ? 503 : 200} ${stalled ? 49 : 15}`;
    // readiness answered by the embedded server, logged by the access valve
    L.add(t, container(t, p, line), stalled ? "error" : null);
  }
  // PostgreSQL background: checkpoints, autovacuum
  for (const t of every(r, start, end, 5 * MIN)) {
    pg(t, "LOG", "checkpoint starting: time", null, { pid: 68 });
    pg(
      t + r.int(20000, 60000),
      "LOG",
      `checkpoint complete: wrote ${r.int(800, 4000)} buffers (${round(r.float(2, 9))}%); 0 WAL file(s) added, 0 removed, ${r.int(1, 3)} recycled; write=${round(r.float(20, 54), 3)} s, sync=${round(r.float(0.002, 0.3), 3)} s, total=${round(r.float(21, 55), 3)} s`,
      null,
      { pid: 68 },
    );
  }
  for (const t of every(r, start, end, 17 * MIN, 0.3)) {
    pg(t, "LOG", `automatic vacuum of table "inventory.public.${r.pick(["stock_movements", "reservations", "outbox"])}": index scans: 1`, null, {
      pid: r.int(30000, 39999),
      backend_type: "autovacuum worker",
    });
  }
  // the fault in the database
  pg(onset - r.int(20, 40) * SEC, "LOG", "statement: ALTER TABLE stock_levels ADD COLUMN reserved_until timestamptz NOT NULL DEFAULT now()", "pattern", {
    pid: migrationPid,
    user: "flyway",
    application_name: "flyway",
  });
  for (const t of every(r, onset, onset + 8 * MIN, 9 * SEC, 0.3)) {
    const waiter = r.int(1000, 9999);
    pg(
      t,
      "LOG",
      `process ${waiter} still waiting for RowExclusiveLock on relation 16431 of database 16384 after ${round(r.float(1000, 1010), 3)} ms`,
      "performance",
      {
        pid: waiter,
        detail: `Process holding the lock: ${migrationPid}. Wait queue: ${waiter}.`,
        statement: "UPDATE stock_levels SET reserved = reserved + $1 WHERE sku = $2",
      },
    );
  }
  for (const t of every(r, onset + 30 * SEC, recover, 20 * SEC, 0.4)) {
    pg(t, "ERROR", "canceling statement due to lock timeout", "performance", { statement: "UPDATE stock_levels SET reserved = reserved + $1 WHERE sku = $2" });
  }
  pg(
    recover - 2 * SEC,
    "LOG",
    `duration: ${round(recover - onset + r.float(20000, 40000), 3)} ms  statement: ALTER TABLE stock_levels ADD COLUMN reserved_until timestamptz NOT NULL DEFAULT now()`,
    "performance",
    {
      pid: migrationPid,
      user: "flyway",
    },
  );
  // after the lock: orders replays what it deferred (an automatic recovery notice, not itself a fault)
  const replay = recover + r.int(20, 50) * SEC;
  L.add(
    replay,
    zap(replay, "info", "orders.outbox", "outbox/replayer.go:40", "replayed deferred reservations", {
      service: "orders",
      pod: r.pick(ordersPods).pod,
      count: r.int(20, 80),
    }),
  );
  // the ingress controller's error log for the timed-out upstream
  for (const t of every(r, onset + 5 * SEC, breakerAt, 15 * SEC, 0.4)) {
    const ig = r.pick(ingressPods);
    const line = `${nginxErrTime(t)} [error] ${r.int(30, 60)}#${r.int(30, 60)}: *${r.int(100000, 999999)} upstream prematurely closed connection while reading response header from upstream, client: ${publicIp(r)}, server: shop.example.com, request: "POST /api/orders HTTP/2.0", upstream: "http://${ip(r, "10.42")}:8080/api/orders", host: "shop.example.com"`;
    L.add(t, container(t, ig, line, {}, "stderr"), "error");
  }
  return L.scenario(
    "inventory-lock-cascade",
    "a migration's ACCESS EXCLUSIVE lock in the inventory database stalls inventory, whose caller orders times out, trips its sidecar's breaker and fails at the ingress",
  );
}

/**
 * The payments service's mesh certificate is issued by cert-manager from Vault. A Vault policy
 * change makes every renewal fail for hours (cert-manager's klog errors, a rare line); when the
 * certificate expires, checkout's Envoy sidecar fails the TLS handshake (503 UF with a transport
 * failure reason), checkout's authorisations fail, and refunds (direct TLS from Java) throw
 * SSLHandshakeException with CertificateExpiredException, until the policy is fixed and a new
 * certificate is issued. The payments service itself only goes quiet.
 */
export function paymentsCertExpiry(seed: number): Scenario {
  const r = new Rng(seed, "payments-cert-expiry");
  const L = new Lines();
  const start = startTime(r, 4, 14);
  const end = start + r.float(3, 5) * HOUR;
  const expiry = Math.floor(start + r.float(0.45, 0.65) * (end - start));
  const fixed = expiry + r.int(18, 40) * MIN;
  const broken = (t: number) => t >= expiry && t < fixed;
  const cm: Pod = {
    app: "cert-manager",
    pod: replicas(r, "cert-manager", 1)[0]!,
    namespace: "cert-manager",
    node: `ip-10-20-${r.int(1, 9)}-${r.int(10, 250)}`,
  };
  const checkoutPods: Pod[] = replicas(r, "checkout", 3).map((pod) => ({
    app: "checkout",
    pod,
    namespace: "shop",
    node: `ip-10-20-${r.int(1, 9)}-${r.int(10, 250)}`,
  }));
  const payPods = replicas(r, "payments", 2);
  const payIps = payPods.map(() => ip(r, "10.42"));
  const refundsPod = replicas(r, "refunds", 1)[0]!;
  const notAfter = new Date(expiry).toUTCString().replace("GMT", "UTC");
  const TLS_REASON = "TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end";
  const klog = (t: number, sev: "I" | "E", file: string, text: string, label: Label = null) =>
    L.add(t, container(t, cm, `${sev}${klogTime(t)}       1 ${file}] ${text}`, {}, sev === "E" ? "stderr" : "stdout"), label);

  // checkout authorises payments through its sidecar
  for (const t of arrivals(r, start, end, r.int(900, 1300))) {
    const pod = r.pick(checkoutPods);
    const trace = traceId(r);
    const order = `ord_${r.alnum(10)}`;
    if (broken(t)) {
      const ms = r.float(2, 12);
      const fields = {
        start_time: new Date(t).toISOString(),
        method: "POST",
        path: "/v1/authorizations",
        protocol: "HTTP/2",
        response_code: 503,
        response_flags: "UF",
        bytes_received: 0,
        bytes_sent: 190,
        duration: Math.round(ms),
        upstream_service_time: null,
        upstream_host: `${r.pick(payIps)}:8443`,
        upstream_cluster: "outbound|8443||payments.payments.svc.cluster.local",
        upstream_transport_failure_reason: TLS_REASON,
        request_id: r.uuid(),
        authority: "payments.payments.svc.cluster.local:8443",
      };
      L.add(t + Math.round(ms), container(t + Math.round(ms), { ...pod, container: "istio-proxy" }, JSON.stringify(fields), fields), "error");
      L.add(
        t + Math.round(ms) + 2,
        zap(t + Math.round(ms) + 2, "error", "checkout.payments", "payments/client.go:96", "payment authorization failed", {
          service: "checkout",
          pod: pod.pod,
          order_id: order,
          error: `rpc error: code = Unavailable desc = upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: ${TLS_REASON}`,
          trace_id: trace,
        }),
        "error",
      );
      continue;
    }
    const ms = r.logn(260, 0.35);
    const declined = r.chance(0.04);
    const fields = {
      start_time: new Date(t).toISOString(),
      method: "POST",
      path: "/v1/authorizations",
      protocol: "HTTP/2",
      response_code: declined ? 402 : 200,
      response_flags: "-",
      bytes_received: r.int(300, 500),
      bytes_sent: r.int(200, 400),
      duration: Math.round(ms),
      upstream_service_time: String(Math.round(ms - 2)),
      upstream_host: `${r.pick(payIps)}:8443`,
      upstream_cluster: "outbound|8443||payments.payments.svc.cluster.local",
      upstream_transport_failure_reason: null,
      request_id: r.uuid(),
      authority: "payments.payments.svc.cluster.local:8443",
    };
    L.add(t + Math.round(ms), container(t + Math.round(ms), { ...pod, container: "istio-proxy" }, JSON.stringify(fields), fields));
    L.add(
      t + Math.round(ms) + 2,
      declined
        ? zap(t + Math.round(ms) + 2, "warn", "checkout.payments", "payments/client.go:88", "card declined", {
            service: "checkout",
            pod: pod.pod,
            order_id: order,
            code: "insufficient_funds",
            trace_id: trace,
          })
        : zap(t + Math.round(ms) + 2, "info", "checkout.payments", "payments/client.go:81", "payment authorized", {
            service: "checkout",
            pod: pod.pod,
            order_id: order,
            latency: goDur(ms),
            trace_id: trace,
          }),
    );
    // the payments service logs what reaches it
    L.add(
      t + Math.round(ms) - 1,
      logback(
        t + Math.round(ms) - 1,
        "INFO",
        "payments",
        "c.a.payments.api.AuthorizationController",
        `http-nio-8443-exec-${r.int(1, 40)}`,
        declined ? "Authorization declined" : "Authorization approved",
        { duration_ms: Math.round(ms - 4), trace_id: trace, pod: r.pick(payPods) },
      ),
    );
  }
  // refunds call payments directly over TLS
  for (const t of arrivals(r, start, end, r.int(200, 350))) {
    const refund = `rf_${r.alnum(10)}`;
    if (broken(t)) {
      L.add(
        t,
        logback(
          t,
          "ERROR",
          "refunds",
          "c.a.refunds.PaymentsGateway",
          `refund-worker-${r.int(1, 4)}`,
          `Refund ${refund} failed: I/O error on POST request for "https://payments.payments.svc.cluster.local:8443/v1/refunds"`,
          { pod: refundsPod },
          `org.springframework.web.client.ResourceAccessException: I/O error on POST request for "https://payments.payments.svc.cluster.local:8443/v1/refunds": PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed
\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)
Caused by: javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed
Caused by: java.security.cert.CertificateExpiredException: NotAfter: ${notAfter}`,
        ),
        "error",
      );
      L.add(
        t + 5,
        logback(t + 5, "WARN", "refunds", "c.a.refunds.RefundWorker", `refund-worker-${r.int(1, 4)}`, `Refund ${refund} re-queued, next attempt in 60s`, {
          pod: refundsPod,
        }),
        "error",
      );
      continue;
    }
    L.add(
      t,
      logback(
        t,
        "INFO",
        "refunds",
        "c.a.refunds.RefundWorker",
        `refund-worker-${r.int(1, 4)}`,
        `Refund ${refund} processed: ${(r.logn(30, 0.8) + 1).toFixed(2)} EUR`,
        { pod: refundsPod, duration_ms: Math.round(r.logn(300, 0.35)) },
      ),
    );
  }
  // cert-manager: routine checks, then the failing renewal of payments-mtls from the start
  const certs = ["shop/checkout-mtls", "shop/web-tls", "refunds/refunds-mtls", "payments/payments-mtls", "ingress-nginx/wildcard-tls"];
  for (const t of every(r, start, end, 4 * MIN, 0.3)) {
    klog(
      t,
      "I",
      "trigger_controller.go:194",
      `"Not re-issuing certificate as conditions are satisfied" logger="cert-manager.certificates-trigger" key="${r.pick(certs.filter((c) => c !== "payments/payments-mtls"))}"`,
    );
  }
  let attempt = 0;
  for (let t = start + r.int(1, 8) * MIN; t < fixed - 2 * MIN; attempt++) {
    const req = `payments-mtls-${r.int(2, 9)}`;
    klog(
      t,
      "E",
      "sync.go:270",
      `"error processing certificate request" err="failed to sign certificate by vault: Error making API request.\\n\\nURL: PUT https://vault.internal:8200/v1/pki_int/sign/payments\\nCode: 403. Errors:\\n\\n* 1 error occurred:\\n\\t* permission denied\\n\\n" logger="cert-manager.certificaterequests-issuer-vault" resource_name="${req}" resource_namespace="payments" resource_kind="CertificateRequest" resource_version="v1"`,
      "error",
    );
    t += Math.min(60 * MIN, 2 ** Math.min(attempt, 6) * MIN) * r.float(0.8, 1.2);
  }
  klog(
    fixed - 60 * SEC,
    "I",
    "sync.go:290",
    `"certificate issued" logger="cert-manager.certificaterequests-issuer-vault" resource_name="payments-mtls-${r.int(10, 20)}" resource_namespace="payments" resource_kind="CertificateRequest" resource_version="v1"`,
  );
  klog(fixed - 58 * SEC, "I", "issuing_controller.go:199", `"Issued certificate" logger="cert-manager.certificates-issuing" key="payments/payments-mtls"`);
  return L.scenario(
    "payments-cert-expiry",
    "cert-manager cannot renew the payments mesh certificate from Vault; when it expires checkout's sidecar and refunds fail TLS until a new certificate is issued",
  );
}
