// Performance and error incidents in request-serving systems: tail latency in one endpoint, a
// dropped index, gRPC deadlines from the first minute, a new exception class after a deploy,
// an SMTP provider throttling, a signing-key rotation the verifiers did not pick up.

import type { Scenario } from "../blind/types.js";
import { type Entry, Incident, iso, isoOffset, isoSec, type Label, MIN, nginxTime, Rng, SEC, startOf } from "./lib.js";

/** checkout: the fraud-check provider slows down and only /api/v2/checkout/confirm feels it, more and more of its requests. */
export function checkoutConfirmTailLatency(seed: number): Scenario {
  const rng = new Rng(seed, "checkout-confirm-tail-latency-creep");
  const start = startOf(rng, 9, 19);
  const inc = new Incident(start, start + rng.int(90, 130) * MIN);
  const creepFrom = inc.at(rng.float(0.25, 0.4));
  const slowShare = (t: number): number => (t < creepFrom ? 0 : Math.min(0.55, ((t - creepFrom) / (inc.end - creepFrom)) * 0.6));
  const upstreams = ["10.42.3.17:8080", "10.42.5.102:8080", "10.42.9.44:8080"];
  const access = (t: number, method: string, uri: string, status: number, secs: number, ua: string, label: Label = null, bytes = 0): void => {
    const up = uri.startsWith("/api") ? rng.pick(upstreams) : "-";
    inc.add(
      t,
      {
        time: `${isoOffset(t, 0).slice(0, 19)}+00:00`,
        time_local: nginxTime(t),
        remote_addr: rng.publicIp(),
        request_method: method,
        request_uri: uri,
        status,
        body_bytes_sent: bytes || rng.int(200, 18000),
        request_time: secs.toFixed(3),
        upstream_response_time: up === "-" ? "-" : Math.max(0, secs - 0.001).toFixed(3),
        upstream_addr: up,
        http_user_agent: ua,
        request_id: rng.hex(32),
        host: "shop.example.com",
      },
      label,
    );
  };
  const zap = (t: number, level: string, msg: string, fields: Entry, label: Label = null): void =>
    inc.add(t, { level, ts: iso(t), logger: "checkout", caller: "confirm/handler.go:88", msg, ...fields }, label);

  // ELB health checks on each target.
  for (let i = 0; i < upstreams.length; i++)
    inc.every(30 * SEC, 300, rng, (t) => access(t, "GET", "/healthz", 200, rng.float(0.0, 0.002), "ELB-HealthChecker/2.0", null, 2));
  const uas = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
    "ShopApp/5.12.1 (Android 14; Pixel 8)",
  ];
  const routes: [string, string, number, number][] = [
    ["GET", "/api/v2/cart", 0.035, 0.25],
    ["POST", "/api/v2/cart/items", 0.06, 0.15],
    ["GET", "/api/v2/products/{id}", 0.025, 0.3],
    ["POST", "/api/v2/checkout/start", 0.12, 0.06],
    ["POST", "/api/v2/checkout/confirm", 0.21, 0.1],
    ["GET", "/api/v2/orders/export", 2.6, 0.01],
    ["GET", "/static/js/app.{id}.js", 0.002, 0.1],
    ["GET", "/robots.txt", 0.001, 0.01],
  ];
  inc.fill(rng.int(3200, 4800), rng, (t) => {
    const [method, route, median] = rng.weighted(routes.map((r) => [r, r[3]] as const));
    const uri = route.replace("{id}", rng.hex(8));
    const ua = rng.pick(uas);
    let secs = rng.logn(median, 0.4);
    let status = method === "POST" && route.endsWith("/items") ? 201 : 200;
    if (route === "/robots.txt") status = 404;
    else if (route === "/api/v2/products/{id}" && rng.chance(0.03)) status = 404;
    else if (rng.chance(0.006)) {
      status = 499;
      secs = rng.float(0.5, 3);
    }
    let label: Label = null;
    if (route === "/api/v2/checkout/confirm") {
      const order = `ord_${rng.alnum(14)}`;
      let fraudMs = rng.logn(140, 0.35);
      if (rng.chance(slowShare(t))) {
        fraudMs = rng.float(1400, 5200) + (t - creepFrom) / 2000;
        label = "performance";
      }
      secs = fraudMs / 1000 + rng.logn(0.06, 0.3);
      if (rng.chance(0.05)) {
        status = 402;
        zap(t - 5, "warn", "payment declined", { order_id: order, decline_code: rng.pick(["insufficient_funds", "do_not_honor", "card_declined"]) });
      }
      zap(
        t - 3,
        fraudMs > 1000 ? "warn" : "debug",
        "fraud score fetched",
        { order_id: order, provider: "riskwall", score: rng.int(1, 99), duration: `${fraudMs.toFixed(1)}ms` },
        label,
      );
    }
    access(t, method, uri, status, secs, ua, label);
  });

  return inc.build(
    "checkout-confirm-tail-latency-creep",
    "checkout: the fraud-score provider slows down for a growing share of calls; only POST /api/v2/checkout/confirm's tail latency creeps from ~0.3 s to 2-6 s while every other route stays fast",
  );
}

// ---------------------------------------------------------------------------------------------

/** orders-api: a migration drops the index that served customer order history; the query becomes a scan. */
export function mysqlSlowQueryIndexDrop(seed: number): Scenario {
  const rng = new Rng(seed, "mysql-slow-query-after-index-drop");
  const start = startOf(rng, 7, 18);
  const inc = new Incident(start, start + rng.int(120, 170) * MIN);
  const dropAt = inc.at(rng.float(0.3, 0.5));
  const logrus = (t: number, level: string, msg: string, fields: Entry, label: Label = null): void =>
    inc.add(t, { time: isoSec(t), level, msg, service: "orders-api", ...fields }, label);
  const slowlog = (t: number, secs: number, sql: string, rowsExamined: number, rowsSent: number, label: Label = null): void =>
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        message: sql,
        event: { dataset: "mysql.slowlog", module: "mysql", duration: Math.round(secs * 1e9) },
        mysql: {
          slowlog: {
            lock_time: { sec: rng.float(0, 0.0004) },
            rows_examined: rowsExamined,
            rows_sent: rowsSent,
            current_user: "orders",
            query: sql,
            schema: "shop",
          },
        },
        user: { name: "orders" },
        source: { ip: rng.ip() },
        host: { name: "mysql-orders-1" },
        fileset: { name: "slowlog" },
      },
      label,
    );

  inc.add(
    dropAt - 4 * SEC,
    {
      time: isoSec(dropAt - 4 * SEC),
      level: "info",
      msg: "applying migration 20250314_0912_cleanup_orders_indexes",
      service: "schema-migrator",
      version: 20250314091200,
    },
    null,
  );
  inc.add(
    dropAt,
    {
      time: isoSec(dropAt),
      level: "info",
      msg: "ALTER TABLE orders DROP INDEX idx_orders_customer_created, ADD INDEX idx_orders_created (created_at)",
      service: "schema-migrator",
      duration: `${rng.float(40, 90).toFixed(1)}s`,
    },
    "pattern",
  );
  inc.add(
    dropAt + 1.5 * SEC,
    { time: isoSec(dropAt + 1.5 * SEC), level: "info", msg: "migration applied", service: "schema-migrator", version: 20250314091200 },
    null,
  );

  // Routine slow log: the nightly-ish report queries, a few a minute.
  inc.every(40 * SEC, 15 * SEC, rng, (t) => {
    if (rng.chance(0.5))
      slowlog(
        t,
        rng.float(1.0, 2.4),
        `SELECT sku, SUM(qty) FROM order_items WHERE created_at >= '${iso(t - 86400000).slice(0, 10)}' GROUP BY sku`,
        rng.int(200000, 600000),
        rng.int(3000, 9000),
      );
  });

  const history = "SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT 20";
  let poolWarned = 0;
  inc.fill(rng.int(3000, 4600), rng, (t) => {
    const r = rng.next();
    const req = rng.uuid();
    if (r < 0.3) {
      const cust = rng.int(1000, 9_999_999);
      if (t > dropAt) {
        const secs = rng.float(2.2, 9.5);
        slowlog(t, secs, history.replace("?", String(cust)), rng.int(3_800_000, 4_200_000), 20, "performance");
        if (secs > 5)
          logrus(
            t + 5,
            "error",
            "query failed",
            { path: `/v1/customers/${cust}/orders`, request_id: req, error: "context deadline exceeded", elapsed_ms: 5000 },
            "performance",
          );
        else
          logrus(
            t + 5,
            "info",
            "request",
            { method: "GET", path: `/v1/customers/${cust}/orders`, status: 200, request_id: req, latency_ms: Math.round(secs * 1000 + rng.float(3, 9)) },
            "performance",
          );
        if (t - poolWarned > 40 * SEC && rng.chance(0.15)) {
          poolWarned = t;
          logrus(t + 6, "warning", "db pool exhausted, waiting for connection", { in_use: 50, max_open: 50, wait_count: rng.int(100, 4000) }, "performance");
        }
        return;
      }
      logrus(t, "info", "request", {
        method: "GET",
        path: `/v1/customers/${cust}/orders`,
        status: 200,
        request_id: req,
        latency_ms: Math.round(rng.logn(9, 0.4)),
      });
      return;
    }
    const id = rng.int(10_000_000, 99_999_999);
    if (r < 0.55)
      logrus(t, "info", "request", {
        method: "GET",
        path: `/v1/orders/${id}`,
        status: rng.chance(0.03) ? 404 : 200,
        request_id: req,
        latency_ms: Math.round(rng.logn(6, 0.4)),
      });
    else if (r < 0.75)
      logrus(t, "info", "request", { method: "POST", path: "/v1/orders", status: 201, request_id: req, latency_ms: Math.round(rng.logn(35, 0.4)) });
    else if (r < 0.78)
      logrus(t, "warning", "request", {
        method: "POST",
        path: "/v1/orders",
        status: 409,
        request_id: req,
        latency_ms: Math.round(rng.logn(12, 0.4)),
        error: "idempotency key reused with different payload",
      });
    else if (r < 0.79)
      logrus(t, "error", "publish order event failed, will retry", {
        topic: "orders.created",
        request_id: req,
        error: "kafka: client has run out of available brokers to talk to (Is your cluster reachable?)",
      });
    else
      logrus(t, "info", "request", {
        method: "PATCH",
        path: `/v1/orders/${id}/status`,
        status: 200,
        request_id: req,
        latency_ms: Math.round(rng.logn(14, 0.4)),
      });
  });

  return inc.build(
    "mysql-slow-query-after-index-drop",
    "orders-api: a cleanup migration drops idx_orders_customer_created; the customer order-history query becomes a 4M-row scan (2-9 s in the slow log), requests hit the 5 s deadline and the DB pool runs dry",
  );
}

// ---------------------------------------------------------------------------------------------

/** inventory: a flash sale on one SKU serialises Reserve on a row lock; most calls miss their 800 ms deadline from the first minute. */
export function inventoryGrpcDeadlines(seed: number): Scenario {
  const rng = new Rng(seed, "inventory-grpc-deadline-exceeded-flash-sale");
  const start = startOf(rng, 10, 20);
  const inc = new Incident(start, start + rng.int(40, 60) * MIN);
  const calmAt = inc.at(rng.float(0.85, 0.95));
  const hot = `SKU-${rng.int(100000, 999999)}`;
  const zap = (t: number, svc: string, level: string, msg: string, fields: Entry, label: Label = null): void =>
    inc.add(
      t,
      {
        level,
        ts: Math.round(t) / 1000,
        logger: svc,
        caller: svc === "inventory" ? "grpclog/interceptors.go:142" : "cartclient/client.go:77",
        msg,
        service: svc,
        ...fields,
      },
      label,
    );
  zap(start + 2 * SEC, "inventory", "info", "flash sale window opened", { sku: hot, campaign: "spring-drop" });
  const methods: [string, number, number][] = [
    ["inventory.v1.Inventory/Reserve", 18, 0.4],
    ["inventory.v1.Inventory/GetStock", 4, 0.35],
    ["inventory.v1.Inventory/Release", 12, 0.1],
    ["inventory.v1.Inventory/ListWarehouses", 6, 0.05],
  ];
  inc.fill(rng.int(2400, 3600), rng, (t) => {
    const [full, median] = rng.weighted(methods.map((m) => [m, m[2]] as const));
    const [service, method] = full.split("/") as [string, string];
    const hotCall = method === "Reserve" && t > start + 3 * SEC && t < calmAt && rng.chance(0.85);
    let ms = rng.logn(median, 0.45);
    let code = "OK";
    let label: Label = null;
    if (hotCall) {
      ms = rng.chance(0.7) ? 800 + rng.float(0, 4) : rng.float(300, 790);
      code = ms >= 800 ? "DeadlineExceeded" : "OK";
      label = "performance";
    } else if (method === "GetStock" && rng.chance(0.02)) code = "NotFound";
    const fields: Entry = {
      "grpc.service": service,
      "grpc.method": method,
      "grpc.code": code,
      "grpc.time_ms": Math.round(ms * 1000) / 1000,
      "grpc.start_time": iso(t - ms),
      "grpc.request.deadline": iso(t - ms + 800),
      "peer.address": `${rng.ip()}:${rng.int(30000, 60000)}`,
    };
    if (hotCall) fields.sku = hot;
    zap(t, "inventory", code === "OK" ? "info" : code === "NotFound" ? "info" : "warn", `finished unary call with code ${code}`, fields, label);
    if (code === "DeadlineExceeded")
      zap(
        t + 1,
        "cart",
        "warn",
        "reserve stock failed, item left in cart unreserved",
        { sku: hot, error: "rpc error: code = DeadlineExceeded desc = context deadline exceeded", attempt: rng.int(1, 3) },
        "performance",
      );
  });
  zap(calmAt, "inventory", "info", "flash sale window closed", { sku: hot, reserved: rng.int(4000, 9000) });

  return inc.build(
    "inventory-grpc-deadline-exceeded-flash-sale",
    `inventory: from the first minute a flash sale on ${hot} serialises Reserve on one row lock; most Reserve calls take 300-800 ms and hit DeadlineExceeded, the cart logs failed reservations, other methods stay fast`,
  );
}

// ---------------------------------------------------------------------------------------------

/** payments (Java, ECS nested as Filebeat writes it): v2.14.0 dereferences a postal code that some countries don't have. */
export function paymentsNpeAfterDeploy(seed: number): Scenario {
  const rng = new Rng(seed, "payments-new-npe-after-deploy");
  const start = startOf(rng, 8, 18);
  const inc = new Incident(start, start + rng.int(100, 150) * MIN);
  const deployAt = inc.at(rng.float(0.3, 0.45));
  const ecs = (t: number, level: string, logger: string, message: string, extra: Entry = {}, label: Label = null): void =>
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        log: { level, logger },
        message,
        service: { name: "payments", version: t < deployAt ? "2.13.4" : "2.14.0" },
        ecs: { version: "8.11" },
        ...extra,
      },
      label,
    );
  ecs(deployAt, "INFO", "com.acme.payments.PaymentsApplication", "Started PaymentsApplication in 9.412 seconds (process running for 10.6)");
  const countries: [string, number][] = [
    ["US", 0.35],
    ["GB", 0.15],
    ["DE", 0.15],
    ["FR", 0.1],
    ["IE", 0.06],
    ["HK", 0.04],
    ["NL", 0.08],
    ["AE", 0.03],
    ["ES", 0.04],
  ];
  const noPostcode = new Set(["IE", "HK", "AE"]);
  inc.every(MIN, 3 * SEC, rng, (t) =>
    ecs(t, "INFO", "com.acme.payments.webhooks.WebhookDispatcher", `Dispatched ${rng.int(0, 30)} webhook deliveries, ${rng.int(0, 2)} retried`),
  );
  inc.fill(rng.int(3000, 4600), rng, (t) => {
    const country = rng.weighted(countries);
    const pi = `pi_${rng.alnum(24)}`;
    const trace = { trace: { id: rng.hex(32) }, transaction: { id: rng.hex(16) } };
    const r = rng.next();
    let status = 200;
    let label: Label = null;
    if (t >= deployAt && noPostcode.has(country) && rng.chance(0.85)) {
      status = 500;
      label = "error";
      ecs(
        t - 3,
        "ERROR",
        "com.acme.payments.api.GlobalExceptionHandler",
        "Unhandled exception in POST /v1/payment_intents/{id}/confirm",
        {
          ...trace,
          error: {
            type: "java.lang.NullPointerException",
            message: 'Cannot invoke "String.length()" because the return value of "com.acme.payments.model.BillingAddress.getPostalCode()" is null',
            stack_trace:
              'java.lang.NullPointerException: Cannot invoke "String.length()" because the return value of "com.acme.payments.model.BillingAddress.getPostalCode()" is null\n\tat com.acme.payments.avs.AvsNormalizer.normalize(AvsNormalizer.java:42)\n\tat com.acme.payments.service.ConfirmService.confirm(ConfirmService.java:118)',
          },
          payment_intent: pi,
          country,
        },
        "error",
      );
    } else if (r < 0.06) {
      status = 402;
      ecs(
        t - 2,
        "WARN",
        "com.acme.payments.service.ConfirmService",
        `Card declined for ${pi}: ${rng.pick(["insufficient_funds", "do_not_honor", "lost_card", "expired_card"])}`,
        { ...trace, country },
      );
    } else if (r < 0.09) {
      ecs(t - 2, "INFO", "com.acme.payments.threeds.ThreeDsService", `3DS challenge required for ${pi}`, { ...trace, country });
    } else if (r < 0.1) {
      status = 409;
      ecs(t - 2, "WARN", "com.acme.payments.api.IdempotencyFilter", "Idempotency-Key already used with a different request body", trace);
    } else if (r < 0.104) {
      status = 502;
      ecs(t - 2, "ERROR", "com.acme.payments.acquirer.AcquirerClient", "Acquirer returned 502 Bad Gateway, payment left in requires_action", {
        ...trace,
        error: { type: "com.acme.payments.acquirer.AcquirerUnavailableException", message: "502 Bad Gateway from acquirer-eu" },
      });
    }
    ecs(
      t,
      status >= 500 ? "ERROR" : "INFO",
      "com.acme.payments.web.AccessLog",
      `POST /v1/payment_intents/${pi}/confirm ${status}`,
      {
        ...trace,
        http: { request: { method: "POST" }, response: { status_code: status } },
        url: { path: `/v1/payment_intents/${pi}/confirm` },
        event: { duration: Math.round(rng.logn(180, 0.4) * 1e6) },
        country,
      },
      label,
    );
  });

  return inc.build(
    "payments-new-npe-after-deploy",
    "payments: after deploying 2.14.0, confirming a payment with a billing address lacking a postal code (IE, HK, AE) throws a new NullPointerException in AvsNormalizer and returns 500, among the usual declines and acquirer 502s",
  );
}

// ---------------------------------------------------------------------------------------------

/** mailer (Node, Bunyan): the SMTP relay starts throttling; 421 deferrals that were a trickle become a third of all sends. */
export function mailerSmtpThrottling(seed: number): Scenario {
  const rng = new Rng(seed, "mailer-smtp-421-error-rate-rise");
  const start = startOf(rng, 6, 16);
  const inc = new Incident(start, start + rng.int(150, 210) * MIN);
  const onset = inc.at(rng.float(0.4, 0.6));
  const hostname = `mailer-${rng.podSuffix()}`;
  const rate = (t: number): number => (t < onset ? 0.006 : Math.min(0.42, 0.05 + ((t - onset) / (20 * MIN)) * 0.37));
  const bunyan = (t: number, level: number, msg: string, fields: Entry = {}, label: Label = null): void =>
    inc.add(t, { name: "mailer", hostname, pid: 17, level, ...fields, msg, time: iso(t), v: 0 }, label);
  inc.every(MIN, 2 * SEC, rng, (t) => bunyan(t, 30, "queue stats", { pending: rng.int(0, 120), sent_last_min: rng.int(80, 160) }));
  inc.every(15 * MIN, MIN, rng, (t) => bunyan(t, 30, "suppression list synced", { entries: rng.int(48000, 49000) }));
  inc.fill(rng.int(3000, 4500), rng, (t) => {
    const id = `msg_${rng.alnum(16)}`;
    const tpl = rng.pick(["order_confirmation", "password_reset", "shipping_update", "weekly_digest", "receipt"]);
    const domain = rng.pick(["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "web.de", "example.org"]);
    const r = rng.next();
    if (r < rate(t)) {
      bunyan(
        t,
        50,
        "smtp send failed, deferring",
        {
          messageId: id,
          template: tpl,
          rcptDomain: domain,
          smtpCode: 421,
          response: "421 4.7.0 Try again later, closing connection. (TS01) throttled",
          retryInSec: rng.pick([60, 120, 300]),
        },
        t >= onset ? "error" : null,
      );
      return;
    }
    if (r < rate(t) + 0.012) {
      bunyan(t, 50, "smtp send failed, bouncing", {
        messageId: id,
        template: tpl,
        rcptDomain: domain,
        smtpCode: 550,
        response: "550 5.1.1 The email account that you tried to reach does not exist.",
      });
      return;
    }
    if (r < rate(t) + 0.02) {
      bunyan(t, 40, "recipient on suppression list, skipped", { messageId: id, template: tpl, rcptDomain: domain });
      return;
    }
    bunyan(t, 30, "message sent", { messageId: id, template: tpl, rcptDomain: domain, smtpCode: 250, latency_ms: Math.round(rng.logn(320, 0.4)) });
  });

  return inc.build(
    "mailer-smtp-421-error-rate-rise",
    "mailer: the SMTP relay begins throttling; 421 4.7.0 deferrals, normally a trickle among 550 bounces, climb to about 40% of sends within twenty minutes and stay there",
  );
}

// ---------------------------------------------------------------------------------------------

/** identity rotated its signing key; profile-api and orders-api still hold the old JWKS and reject every new token. */
export function jwksRotationInvalidSignature(seed: number): Scenario {
  const rng = new Rng(seed, "jwks-rotation-unknown-kid-401s");
  const start = startOf(rng, 8, 20);
  const inc = new Incident(start, start + rng.int(60, 90) * MIN);
  const fixedAt = inc.at(rng.float(0.65, 0.8));
  const newKid = `${iso(start).slice(0, 7)}-b`;
  const oldKid = `${iso(start - 40 * 86400000).slice(0, 7)}-a`;
  // Share of tokens signed with the new key: grows as users refresh.
  const newShare = (t: number): number => Math.min(0.9, 0.35 + ((t - start) / (fixedAt - start)) * 0.55);
  const zerolog = (t: number, svc: string, level: string, message: string, fields: Entry = {}, label: Label = null): void =>
    inc.add(t, { level, service: svc, ...fields, time: isoSec(t), message }, label);
  const rotatedAt = start + rng.int(5, 30) * SEC;
  zerolog(rotatedAt, "identity", "info", "signing key rotated", { kid: newKid, previous_kid: oldKid, alg: "RS256" });
  for (const svc of ["profile-api", "orders-api"]) {
    zerolog(fixedAt + rng.int(0, 90) * SEC, svc, "info", "JWKS refreshed", {
      keys: 2,
      kids: [oldKid, newKid],
      source: "https://identity.internal/.well-known/jwks.json",
    });
  }
  inc.every(30 * SEC, 2 * SEC, rng, (t) =>
    zerolog(t, "identity", "info", "token issued", {
      grant_type: rng.pick(["refresh_token", "authorization_code", "password"]),
      kid: t > rotatedAt ? newKid : oldKid,
      client_id: rng.pick(["web", "ios", "android"]),
    }),
  );
  inc.fill(rng.int(2400, 3600), rng, (t) => {
    const svc = rng.pick(["profile-api", "orders-api", "catalog-api"]);
    const path =
      svc === "profile-api"
        ? rng.pick(["/v1/me", "/v1/me/addresses", "/v1/me/preferences"])
        : svc === "orders-api"
          ? rng.pick(["/v1/orders", "/v1/orders/recent"])
          : rng.pick(["/v1/products", "/v1/categories"]);
    const sub = `usr_${rng.alnum(12)}`;
    const latency = Math.round(rng.logn(22, 0.45) * 1000) / 1000;
    if (svc !== "catalog-api" && t > rotatedAt + 10 * SEC && t < fixedAt && rng.chance(newShare(t))) {
      zerolog(t, svc, "error", "token verification failed", { error: `jwt: no key found for kid "${newKid}"`, path, kid: newKid }, "error");
      zerolog(t + 0.5, svc, "warn", "request", { method: "GET", path, status: 401, latency_ms: Math.round(rng.float(0.3, 2) * 100) / 100 }, "error");
      return;
    }
    if (rng.chance(0.03)) {
      zerolog(t, svc, "info", "token rejected", { error: "token is expired", path, sub });
      zerolog(t + 0.5, svc, "warn", "request", { method: "GET", path, status: 401, latency_ms: Math.round(rng.float(0.3, 2) * 100) / 100 });
      return;
    }
    zerolog(t, svc, "info", "request", { method: "GET", path, status: 200, latency_ms: latency, sub });
  });

  return inc.build(
    "jwks-rotation-unknown-kid-401s",
    `identity rotated its signing key to ${newKid}; from the first minutes profile-api and orders-api, still caching the old JWKS, reject new tokens with no key found for kid and answer 401 until their JWKS refresh`,
  );
}
