// Incidents whose lines are hard to tell apart by level: a line repeated hundreds of times, odd
// INFO lines that recur, routine ERROR/CRITICAL noise around a quiet real problem, a quiet night.

import type { Scenario } from "../blind/types.js";
import { day, epochSeconds, iso, MIN, SEC, startTime } from "./clock.js";
import { type JavaLevel, logback, pyjson } from "./formats.js";
import { every, Incident, type Label, poisson } from "./incident.js";
import type { Rng } from "./rng.js";
import { FIRST_NAMES, javaStack, podName, pythonTraceback, shortId } from "./vocab.js";

/**
 * order-service (Spring Boot, logstash-logback-encoder) loses the leader of some Kafka partitions;
 * its outbox relay writes the same ERROR line every 5 s on every pod until the broker is back.
 */
export function kafkaOutboxRepeatedError(rng: Rng): Scenario {
  const start = startTime(rng, 9, 20);
  const inc = new Incident(start, start + rng.int(55, 65) * MIN);
  const onset = inc.at(rng.float(0.4, 0.55));
  const recover = onset + rng.float(6, 10) * MIN;
  const broken = (t: number): boolean => t >= onset && t < recover;
  const badPartitions = new Set([1, 4, 7].map((p) => (p + rng.int(0, 1)) % 8));
  const pods = Array.from({ length: 3 }, () => podName(rng, "order-service"));
  const notif = podName(rng, "notification-service");
  const offsets = Array.from({ length: 8 }, () => rng.int(800000, 900000));
  let correlation = rng.int(20000, 60000);
  const o = (
    t: number,
    level: JavaLevel,
    pod: string,
    logger: string,
    thread: string,
    msg: string,
    label: Label = null,
    fields: Record<string, unknown> = {},
    stack?: string,
  ): void => {
    inc.add(t, logback(t, level, "order-service", logger, thread, msg, { HOSTNAME: pod, ...fields }, stack), label);
  };
  const n = (t: number, level: JavaLevel, msg: string, fields: Record<string, unknown> = {}): void => {
    inc.add(
      t,
      logback(
        t,
        level,
        "notification-service",
        "com.acme.notify.OrderEventsListener",
        "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1",
        msg,
        { HOSTNAME: notif, ...fields },
      ),
    );
  };
  const exec = (): string => `http-nio-8080-exec-${rng.int(1, 20)}`;
  const pendingPerPod = new Map<string, number>(pods.map((p) => [p, 0]));

  poisson(rng, inc.start, inc.end, rng.float(0.45, 0.55), (t) => {
    const pod = rng.pick(pods);
    const kind = rng.weighted([
      ["create", 25],
      ["get", 45],
      ["list", 20],
      ["cancel", 3],
      ["status", 7],
    ] as const);
    const traceId = rng.hex(32);
    if (kind === "create") {
      const d = rng.logn(120, 0.35);
      const orderId = `ORD-${rng.int(1000000, 9999999)}`;
      o(t + d, "INFO", pod, "com.acme.orders.web.RequestLoggingFilter", exec(), `POST /api/orders -> 201 (${Math.round(d)} ms)`, null, {
        method: "POST",
        uri: "/api/orders",
        status: 201,
        elapsed_ms: Math.round(d),
        traceId,
      });
      const p = rng.int(0, 7);
      const tp = t + d + rng.float(3, 30);
      if (broken(tp) && badPartitions.has(p)) {
        const retries = rng.int(2, 4);
        for (let i = 0; i < retries; i++) {
          const tr = tp + 100 * (i + 1) + rng.float(0, 40);
          o(
            tr,
            "WARN",
            pod,
            "org.apache.kafka.clients.producer.internals.Sender",
            "kafka-producer-network-thread | order-service-producer-1",
            `[Producer clientId=order-service-producer-1] Got error produce response with correlation id ${correlation++} on topic-partition orders.v1-${p}, retrying (${2147483646 - i} attempts left). Error: NOT_LEADER_OR_FOLLOWER`,
            "error",
          );
          if (i === 0) {
            o(
              tr + 1,
              "WARN",
              pod,
              "org.apache.kafka.clients.producer.internals.Sender",
              "kafka-producer-network-thread | order-service-producer-1",
              `[Producer clientId=order-service-producer-1] Received invalid metadata error in produce request on partition orders.v1-${p} due to org.apache.kafka.common.errors.NotLeaderOrFollowerException: For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.. Going to request metadata update now`,
              "error",
            );
          }
        }
        const te = tp + 30000 + rng.float(5, 60);
        o(
          te,
          "ERROR",
          pod,
          "com.acme.orders.events.OrderEventPublisher",
          "kafka-producer-network-thread | order-service-producer-1",
          "Failed to publish OrderCreated event; keeping it in the outbox",
          "error",
          { orderId, topic: "orders.v1", partition: p, traceId },
          javaStack(`org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for orders.v1-${p}:30012 ms has passed since batch creation`, [
            "org.apache.kafka.clients.producer.internals.ProducerBatch.completeFutureAndFireCallbacks(ProducerBatch.java:283)",
            "org.apache.kafka.clients.producer.internals.Sender.sendProducerData(Sender.java:399)",
            "org.apache.kafka.clients.producer.internals.Sender.runOnce(Sender.java:331)",
          ]),
        );
        pendingPerPod.set(pod, (pendingPerPod.get(pod) ?? 0) + 1);
      } else {
        const off = (offsets[p] ?? 0) + 1;
        offsets[p] = off;
        o(
          tp,
          "INFO",
          pod,
          "com.acme.orders.events.OrderEventPublisher",
          "kafka-producer-network-thread | order-service-producer-1",
          `Published OrderCreated orderId=${orderId} to orders.v1-${p}@${off}`,
          null,
          { traceId },
        );
        const tc = tp + rng.logn(40, 0.5);
        n(tc, "INFO", `Consumed OrderCreated orderId=${orderId} partition=${p} offset=${off} lag=0`, { traceId });
        const dm = rng.logn(210, 0.3);
        n(
          tc + dm,
          "INFO",
          `Sent order_confirmation email to ${rng.pick(FIRST_NAMES).slice(0, 1)}***@${rng.pick(["gmail.com", "outlook.com", "web.de", "icloud.com"])} via ses in ${Math.round(dm)} ms`,
          { traceId },
        );
      }
      return;
    }
    const d = kind === "get" ? rng.logn(14, 0.35) : kind === "list" ? rng.logn(45, 0.4) : kind === "cancel" ? rng.logn(90, 0.3) : rng.logn(11, 0.3);
    const uri =
      kind === "get"
        ? `/api/orders/ORD-${rng.int(1000000, 9999999)}`
        : kind === "list"
          ? `/api/orders?customer=${rng.int(100000, 999999)}&page=0&size=20`
          : kind === "cancel"
            ? `/api/orders/ORD-${rng.int(1000000, 9999999)}/cancel`
            : `/api/orders/ORD-${rng.int(1000000, 9999999)}/status`;
    const method = kind === "cancel" ? "PATCH" : "GET";
    const status = kind === "get" && rng.chance(0.03) ? 404 : kind === "cancel" && rng.chance(0.2) ? 409 : 200;
    o(t + d, "INFO", pod, "com.acme.orders.web.RequestLoggingFilter", exec(), `${method} ${uri.split("?")[0]} -> ${status} (${Math.round(d)} ms)`, null, {
      method,
      uri,
      status,
      elapsed_ms: Math.round(d),
      traceId,
    });
  });

  // the outbox relay: the repeated line
  for (const pod of pods) {
    every(rng, inc.start, inc.end, 5 * SEC, 60, (t) => {
      const pending = pendingPerPod.get(pod) ?? 0;
      if (broken(t) && t > onset + 35 * SEC) {
        o(t, "ERROR", pod, "com.acme.orders.outbox.OutboxRelay", "scheduling-1", "Outbox relay: publish failed, will retry in 5000 ms", "error");
      } else if (pending > 0 && t >= recover) {
        o(t, "INFO", pod, "com.acme.orders.outbox.OutboxRelay", "scheduling-1", `Outbox relay: flushed ${pending + rng.int(3, 20)} pending events`);
        pendingPerPod.set(pod, 0);
      }
    });
    every(rng, inc.start, inc.end, 30 * SEC, 200, (t) => {
      const active = rng.int(0, 3);
      o(
        t,
        "DEBUG",
        pod,
        "com.zaxxer.hikari.pool.HikariPool",
        "HikariPool-1 housekeeper",
        `HikariPool-1 - Pool stats (total=10, active=${active}, idle=${10 - active}, waiting=0)`,
      );
    });
    const rec = recover + rng.float(1, 20) * SEC;
    o(
      rec,
      "INFO",
      pod,
      "org.apache.kafka.clients.Metadata",
      "kafka-producer-network-thread | order-service-producer-1",
      `[Producer clientId=order-service-producer-1] Resetting the last seen epoch of partition orders.v1-${[...badPartitions][0]} to ${rng.int(20, 40)} since the associated topicId changed from null to ${rng.alnum(22, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`,
    );
  }
  poisson(rng, inc.start, inc.end, 1 / 240, (t) =>
    o(
      t,
      "ERROR",
      rng.pick(pods),
      "com.acme.orders.i18n.StatusLabels",
      exec(),
      `Failed to resolve message for code 'order.status.LEGACY_HOLD' for locale '${rng.pick(["pt_BR", "tr_TR", "cs_CZ"])}'`,
    ),
  );
  poisson(rng, inc.start, inc.end, 1 / 1500, (t) =>
    o(
      t,
      "WARN",
      rng.pick(pods),
      "com.zaxxer.hikari.pool.HikariPool",
      "HikariPool-1 housekeeper",
      `HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${rng.int(1, 2)}m${rng.int(1, 59)}s${rng.int(1, 999)}ms).`,
    ),
  );
  every(rng, inc.start, inc.end, 60 * SEC, 2000, (t) => n(t, "INFO", `Consumer group notifications: partitions=8 lag=${rng.int(0, 3)}`));

  return inc.build(
    "kafka-outbox-repeated-error",
    "order-service loses Kafka partition leaders; its outbox relay logs one identical ERROR line every 5 s on each pod for minutes, with producer NOT_LEADER warnings (logback)",
  );
}

/**
 * storefront (Rails, lograge in logstash format): after a deploy, a feature-flag dump of ~1.5 KB
 * appears at INFO on many requests, and one host starts writing ANSI-coloured SQL debug lines.
 * Puma's long stats line every minute is routine.
 */
export function railsOddInfoLines(rng: Rng): Scenario {
  const start = startTime(rng, 8, 21);
  const inc = new Incident(start, start + rng.int(55, 65) * MIN);
  const deploy = inc.at(rng.float(0.35, 0.45));
  const hosts = ["web-1", "web-2", "web-3", "web-4"].map((h) => `storefront-${h}`);
  const noisyHost = rng.pick(hosts);
  const release = `${day(start).replaceAll("-", ".")}-${rng.int(2, 5)}`;
  const sha = rng.hex(7);
  const rails = (
    t: number,
    host: string,
    severity: "DEBUG" | "INFO" | "WARN" | "ERROR",
    message: string,
    label: Label = null,
    extra: Record<string, unknown> = {},
  ): void => {
    inc.add(t, { message, "@timestamp": iso(t, { numericUtc: true }), "@version": "1", severity, host, app: "storefront", ...extra }, label);
  };
  const routes = [
    { m: "GET", p: () => "/", c: "HomeController", a: "index", med: 120, w: 18, tbl: "Banner" },
    { m: "GET", p: () => `/products/${rng.int(1000, 48000)}`, c: "ProductsController", a: "show", med: 80, w: 30, tbl: "Product" },
    {
      m: "GET",
      p: () => `/products?category=${rng.pick(["shoes", "bags", "outdoor", "kids", "sale"])}`,
      c: "ProductsController",
      a: "index",
      med: 140,
      w: 18,
      tbl: "Product",
    },
    { m: "POST", p: () => "/cart/items", c: "CartItemsController", a: "create", med: 60, w: 10, tbl: "CartItem" },
    { m: "GET", p: () => "/cart", c: "CartsController", a: "show", med: 70, w: 10, tbl: "Cart" },
    { m: "POST", p: () => "/checkout", c: "CheckoutsController", a: "create", med: 380, w: 3, tbl: "Order" },
    { m: "GET", p: () => "/account", c: "AccountsController", a: "show", med: 90, w: 6, tbl: "User" },
    { m: "GET", p: () => "/up", c: "Rails::HealthController", a: "show", med: 1.5, w: 5, tbl: "" },
  ];
  const flagDump = (user: number): string => {
    const flags: Record<string, unknown> = {};
    for (const f of [
      "new_checkout_flow",
      "pdp_reviews_v2",
      "search_autocomplete_ml",
      "free_shipping_banner",
      "klarna_payments",
      "recommendations_carousel",
      "size_guide_modal",
      "one_click_reorder",
      "cart_upsell",
      "loyalty_points_v3",
      "dark_mode",
      "gift_wrap",
    ]) {
      flags[f] = {
        enabled: rng.chance(0.5),
        gate: rng.pick(["percentage_of_actors", "actors", "groups", "boolean"]),
        value: rng.pick([true, false, 25, 50, "beta_testers", "staff"]),
        evaluated_in_us: rng.int(3, 90),
      };
    }
    return `[Flipper] flags evaluated for User#${user} (session ${rng.hex(16)}): ${JSON.stringify(flags)}`;
  };

  poisson(rng, inc.start, inc.end, rng.float(0.75, 0.85), (t) => {
    const host = rng.pick(hosts);
    const r = rng.weighted(routes.map((x) => [x, x.w] as const));
    const d = rng.logn(r.med, 0.4);
    const db = r.med > 2 ? d * rng.float(0.2, 0.5) : 0;
    const view = r.med > 2 ? d * rng.float(0.2, 0.4) : 0;
    const status =
      r.c === "CartItemsController" && rng.chance(0.05)
        ? 422
        : r.c === "ProductsController" && r.a === "show" && rng.chance(0.02)
          ? 404
          : r.m === "POST" && r.c === "CheckoutsController"
            ? 302
            : 200;
    const path = r.p();
    const after = t >= deploy;
    const user = rng.int(10000, 99999);
    if (after && r.med > 2 && rng.chance(0.07)) rails(t + 2, host, "INFO", flagDump(user), "pattern");
    if (after && host === noisyHost && r.tbl && rng.chance(0.35)) {
      const k = rng.int(1, 2);
      for (let i = 0; i < k; i++) {
        const ms = rng.logn(1.2, 0.6).toFixed(1);
        const table = r.tbl === "Product" ? "products" : r.tbl === "Banner" ? "banners" : r.tbl === "CartItem" ? "cart_items" : `${r.tbl.toLowerCase()}s`;
        rails(
          t + 5 + (i * db) / 2,
          host,
          "DEBUG",
          `  \u001b[1m\u001b[36m${r.tbl} Load (${ms}ms)\u001b[0m  \u001b[1m\u001b[34mSELECT "${table}".* FROM "${table}" WHERE "${table}"."id" = $1 LIMIT $2\u001b[0m  [["id", ${rng.int(1, 48000)}], ["LIMIT", 1]]\n  \u21b3 app/controllers/${r.c
            .replace("Controller", "")
            .replace(/([a-z])([A-Z])/g, "$1_$2")
            .toLowerCase()}_controller.rb:${rng.int(8, 60)}:in \`${r.a}'`,
          "pattern",
        );
      }
    }
    inc.add(t + d, {
      method: r.m,
      path: path.split("?")[0],
      format: r.c.startsWith("Rails") ? "*/*" : "html",
      controller: r.c,
      action: r.a,
      status,
      allocations: Math.round(r.med * rng.float(150, 320)),
      duration: Number(d.toFixed(2)),
      view: Number(view.toFixed(2)),
      db: Number(db.toFixed(2)),
      request_id: rng.uuid(),
      remote_ip: r.c.startsWith("Rails") ? rng.ip("10.0.0") : rng.publicIp(),
      user_id: r.c.startsWith("Rails") ? null : user,
      "@timestamp": iso(t + d, { numericUtc: true }),
      "@version": "1",
      message: `[${status}] ${r.m} ${path} (${r.c}#${r.a})`,
      severity: "INFO",
      host,
      app: "storefront",
    });
  });

  // Puma stats, a long line every minute on every host: routine
  for (const host of hosts) {
    let requests = rng.int(20000, 90000);
    every(rng, inc.start, inc.end, 60 * SEC, 500, (t) => {
      const workers = [0, 1, 2, 3].map((i) => {
        requests += rng.int(10, 30);
        return {
          started_at: iso(start - rng.int(2, 30) * 3600_000, { frac: 0 }),
          pid: 100 + i * 7,
          index: i,
          phase: t >= deploy ? 1 : 0,
          booted: true,
          last_checkin: iso(t - rng.int(1, 4000), { frac: 0 }),
          last_status: { backlog: 0, running: 5, pool_capacity: rng.int(3, 5), max_threads: 5, requests_count: requests },
        };
      });
      rails(
        t,
        host,
        "INFO",
        `Puma stats: ${JSON.stringify({ started_at: iso(start - 9 * 3600_000, { frac: 0 }), workers: 4, phase: t >= deploy ? 1 : 0, booted_workers: 4, old_workers: 0, worker_status: workers })}`,
      );
    });
  }
  // the deploy itself (phased restart): context, not an anomaly
  for (const host of hosts) {
    const t = deploy + rng.float(0, 40) * SEC;
    rails(t, host, "INFO", `- Starting phased worker restart, phase: 1 (release ${release}, ${sha})`);
    for (let i = 0; i < 4; i++)
      rails(t + (i + 1) * rng.float(2, 4) * SEC, host, "INFO", `- Worker ${i} (PID: ${200 + i * 11}) booted in ${rng.float(1.8, 3.2).toFixed(2)}s, phase: 1`);
  }
  // sidekiq jobs and the odd routine warning
  poisson(rng, inc.start, inc.end, 1 / 12, (t) => {
    const job = rng.weighted([
      ["SendOrderConfirmationJob", 4],
      ["SyncInventoryJob", 3],
      ["RecomputeRecommendationsJob", 1],
      ["AbandonedCartReminderJob", 2],
    ] as const);
    const d = rng.logn(job === "RecomputeRecommendationsJob" ? 4000 : 600, 0.4);
    const jid = rng.hex(24);
    rails(
      t,
      "storefront-worker-1",
      "INFO",
      `Performing ${job} (Job ID: ${rng.uuid()}) from Sidekiq(${job.startsWith("Send") ? "mailers" : "default"}) enqueued at ${iso(t - rng.int(50, 4000))}`,
      null,
      { jid },
    );
    rails(
      t + d,
      "storefront-worker-1",
      "INFO",
      `Performed ${job} (Job ID: ${rng.uuid()}) from Sidekiq(${job.startsWith("Send") ? "mailers" : "default"}) in ${d.toFixed(2)}ms`,
      null,
      { jid },
    );
  });
  poisson(rng, inc.start, inc.end, 1 / 200, (t) =>
    rails(t, rng.pick(hosts), "WARN", `Rack::Attack throttled ${rng.publicIp()} (rule: req/ip, limit 300/5min)`),
  );
  poisson(rng, inc.start, inc.end, 1 / 400, (t) =>
    rails(
      t,
      rng.pick(hosts),
      "ERROR",
      `ActionController::RoutingError (No route matches [GET] "/${rng.pick(["wp-login.php", ".env", "xmlrpc.php", "admin/config.php", "vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"])}")`,
    ),
  );

  return inc.build(
    "rails-odd-info-lines-after-deploy",
    "after a deploy a 1.5 KB feature-flag dump recurs at INFO and one host writes ANSI-coloured multi-line SQL debug lines; Puma's long stats line is routine (lograge)",
  );
}

/**
 * billing (Python, python-json-logger) logs CRITICAL and ERROR all day for known, harmless
 * reasons; the real problem is a webhook consumer whose RabbitMQ channel was closed, visible only
 * in a WARNING, heartbeat lines reporting zero work and a queue monitor with no consumer.
 */
export function billingNoisyErrorsQuietStall(rng: Rng): Scenario {
  const start = startTime(rng, 6, 16);
  const inc = new Incident(start, start + rng.int(100, 120) * MIN);
  const stall = inc.at(rng.float(0.55, 0.66));
  const host = podName(rng, "billing-core");
  const consumerHost = podName(rng, "webhook-consumer");
  const workerPids = [rng.int(8, 12), rng.int(13, 17), rng.int(18, 22), rng.int(23, 27)];
  const b = (
    t: number,
    level: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL",
    name: string,
    message: string,
    label: Label = null,
    fields: Record<string, unknown> = {},
  ): void => {
    inc.add(
      t,
      pyjson(t, level, name, message, {
        service: name.startsWith("webhooks") || name.startsWith("pika") ? "webhook-consumer" : "billing-core",
        hostname: name.startsWith("webhooks") || name.startsWith("pika") ? consumerHost : host,
        process: name.startsWith("webhooks") || name.startsWith("pika") ? 1 : rng.pick(workerPids),
        ...fields,
      }),
      label,
    );
  };

  poisson(rng, inc.start, inc.end, rng.float(0.28, 0.33), (t) => {
    const kind = rng.weighted([
      ["inv", 45],
      ["list", 20],
      ["status", 15],
      ["pdf", 10],
      ["create", 10],
    ] as const);
    const inv = shortId(rng, "inv", 12);
    const [method, path, med] =
      kind === "inv"
        ? ["GET", `/v1/invoices/${inv}`, 60]
        : kind === "list"
          ? ["GET", `/v1/invoices?customer=cus_${rng.alnum(10)}&status=${rng.pick(["open", "paid", "all"])}`, 180]
          : kind === "status"
            ? ["GET", `/v1/invoices/${inv}/payment-status`, 25]
            : kind === "pdf"
              ? ["GET", `/v1/invoices/${inv}/pdf`, 420]
              : ["POST", "/v1/invoices", 240];
    const d = rng.logn(med as number, 0.4);
    const status = kind === "create" ? 201 : rng.chance(0.01) ? 404 : 200;
    b(t + d, "INFO", "billing.access", `${method} ${String(path).split("?")[0]} ${status} ${Math.round(d)}ms`, null, {
      method,
      path,
      status,
      duration_ms: Math.round(d),
      request_id: rng.uuid(),
    });
    if (d > 1200) b(t + d + 1, "WARNING", "billing.api", `Slow request ${method} ${String(path).split("?")[0]} took ${(d / 1000).toFixed(1)}s`);
    if (kind === "status" && t > stall + 5 * MIN && rng.chance(0.35)) {
      b(
        t + d - 1,
        "INFO",
        "billing.payments",
        `payment confirmation for ${inv} still pending after ${Math.round((t - stall) / 1000 + rng.int(0, 60))}s; showing 'processing' to the customer`,
        "pattern",
      );
    }
  });

  // routine ERROR / CRITICAL noise
  every(rng, inc.start, inc.end, 2 * MIN, 2 * SEC, (t) =>
    b(t, "CRITICAL", "billing.license", `License server licensing.vendor.example:27000 unreachable; running in grace mode (days_left=${23})`),
  );
  every(rng, inc.start, inc.end, 60 * SEC, 3 * SEC, (t) =>
    b(t, "ERROR", "billing.metrics", "Failed to flush metrics to statsd-exporter:9125: [Errno 111] Connection refused"),
  );
  every(rng, inc.start, inc.end, 5 * MIN, 10 * SEC, (t) =>
    b(t, "ERROR", "billing.api", "Unhandled exception on GET /v1/legacy/export", null, {
      exc_info: pythonTraceback(
        [
          ["/usr/local/lib/python3.11/site-packages/flask/app.py", 1484, "full_dispatch_request", "rv = self.dispatch_request()"],
          ["/app/billing/api/legacy.py", 31, "export", 'raise NotImplementedError("legacy export removed in 4.0; use /v2/exports")'],
        ],
        "NotImplementedError: legacy export removed in 4.0; use /v2/exports",
      ),
      client: "partner-sync-bot/1.3",
    }),
  );
  poisson(rng, inc.start, inc.end, 1 / 900, (t) =>
    b(t, "ERROR", "billing.tax", `Tax provider SOAP fault (Server.Busy) for quote ${shortId(rng, "txq", 10)}; retried successfully after 1 attempt(s)`),
  );

  // the webhook consumer
  poisson(rng, inc.start, stall, rng.float(0.22, 0.28), (t) => {
    const d = rng.logn(45, 0.4);
    b(
      t + d,
      "INFO",
      "webhooks.consumer",
      `processed webhook ${shortId(rng, "evt", 16)} type=${rng.pick(["invoice.paid", "invoice.paid", "charge.succeeded", "charge.refunded", "customer.updated"])} in ${Math.round(d)}ms`,
    );
  });
  let depth = 0;
  let oldest = 0;
  every(rng, inc.start, inc.end, 30 * SEC, 300, (t) => {
    if (t < stall) {
      const processed = rng.int(4, 12);
      b(t, "INFO", "webhooks.consumer", `heartbeat: processed=${processed} acked=${processed} in last 30s`);
      b(t + 2, "INFO", "webhooks.monitor", `queue webhooks.inbound depth=${rng.int(0, 9)} oldest_age_s=${rng.int(0, 4)} consumers=1`);
    } else {
      depth += rng.int(4, 12);
      oldest = Math.round((t - stall) / 1000) + rng.int(0, 3);
      b(t, "INFO", "webhooks.consumer", "heartbeat: processed=0 acked=0 in last 30s", "pattern");
      b(t + 2, "INFO", "webhooks.monitor", `queue webhooks.inbound depth=${depth} oldest_age_s=${oldest} consumers=0`, "performance");
    }
  });
  b(
    stall - rng.float(0.5, 3) * SEC,
    "WARNING",
    "pika.channel",
    'Received remote Channel.Close (406): "PRECONDITION_FAILED - delivery acknowledgement on channel 1 timed out. Timeout value used: 1800000 ms. This timeout value can be configured, see consumers doc guide to learn more" on <Channel number=1 OPEN conn=<SelectConnection OPEN transport=<pika.adapters.utils.io_services_utils._AsyncPlaintextTransport object at 0x7f3c2a1e5d10> params=<URLParameters host=rabbitmq.internal port=5672 virtual_host=/ ssl=False>>>',
    "error",
  );
  b(
    stall + rng.float(1, 5) * SEC,
    "WARNING",
    "webhooks.consumer",
    "basic_ack failed for delivery_tag=48213: ChannelWrongStateError('Channel is closed.')",
    "error",
  );

  return inc.build(
    "billing-noisy-errors-quiet-consumer-stall",
    "CRITICAL/ERROR lines are routine all day; the real problem is a webhook consumer silently stalled after a RabbitMQ channel close (a WARNING, zero-work heartbeats, a growing queue)",
  );
}

/**
 * A quiet night: little traffic, cron-style jobs, and a 45-second database failover that
 * produces a handful of errors. Python logging, epoch-second timestamps.
 */
export function quietNightFailover(rng: Rng): Scenario {
  const start = startTime(rng, 1, 3);
  const inc = new Incident(start, start + rng.int(130, 150) * MIN);
  const blip = inc.at(rng.float(0.55, 0.8));
  const blipEnd = blip + rng.float(35, 55) * SEC;
  const inBlip = (t: number): boolean => t >= blip && t < blipEnd;
  const dbHost = `orders-db.cluster-${rng.alnum(12, "abcdefghijklmnopqrstuvwxyz0123456789")}.eu-west-1.rds.amazonaws.com`;
  const l = (
    t: number,
    levelname: "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL",
    logger: string,
    service: string,
    message: string,
    label: Label = null,
    fields: Record<string, unknown> = {},
  ): void => {
    inc.add(t, { time: epochSeconds(t), levelname, logger, service, host: `${service}-0`, message, ...fields }, label);
  };
  const opErr =
    "psycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.";

  // a trickle of API traffic
  poisson(rng, inc.start, inc.end, rng.float(0.14, 0.17), (t) => {
    const path = rng.pick(["/v1/status", "/v1/orders/recent", "/v1/me", "/v1/orders/{id}", "/v1/catalog/changes"]);
    const d = rng.logn(path === "/v1/catalog/changes" ? 150 : 35, 0.4);
    if (inBlip(t + d)) {
      l(t + d + 3000, "ERROR", "api.views", "api", `GET ${path} 500 ${Math.round(d + 3000)}ms`, "error", {
        status: 500,
        duration_ms: Math.round(d + 3000),
        exc_info: pythonTraceback([["/app/api/db.py", 52, "execute", "cur.execute(sql, params)"]], opErr),
      });
      return;
    }
    l(t + d, "INFO", "api.access", "api", `GET ${path} 200 ${Math.round(d)}ms`, null, { status: 200, duration_ms: Math.round(d) });
  });
  // workers, beat, jobs
  every(rng, inc.start, inc.end, 60 * SEC, 1000, (t) =>
    l(
      t,
      "INFO",
      "worker.health",
      "worker",
      `heartbeat ok: active=0 reserved=0 scheduled=${rng.int(0, 3)} uptime_s=${Math.round((t - start) / 1000) + 86400 * 3}`,
    ),
  );
  const tasks = [
    ["reports.refresh_materialized_views", 5],
    ["catalog.sync_prices", 10],
    ["billing.retry_failed_charges", 15],
    ["search.reindex_changed", 5],
    ["cleanup.expire_sessions", 30],
  ] as const;
  for (const [task, everyMin] of tasks) {
    every(rng, inc.start, inc.end, everyMin * MIN, 200, (t) => {
      const id = rng.uuid();
      l(t, "INFO", "celery.beat", "beat", `Scheduler: Sending due task ${task.split(".")[1]} (${task})`);
      const tr = t + rng.float(20, 300);
      l(tr, "INFO", "celery.worker.strategy", "worker", `Task ${task}[${id}] received`);
      if (inBlip(tr + 50)) {
        l(
          tr + 60,
          "ERROR",
          "celery.app.trace",
          "worker",
          `Task ${task}[${id}] raised unexpected: OperationalError('could not connect to server: Connection refused\\n\\tIs the server running on host "${dbHost}" (10.20.${rng.int(1, 3)}.${rng.int(10, 200)}) and accepting\\n\\tTCP/IP connections on port 5432?\\n')`,
          "error",
        );
        l(
          tr + 61,
          "WARNING",
          "celery.app.trace",
          "worker",
          `Task ${task}[${id}] retry: Retry in 30s: OperationalError('could not connect to server: Connection refused')`,
          "error",
        );
        return;
      }
      const d = rng.logn(task.startsWith("reports") ? 8000 : task.startsWith("search") ? 2500 : 400, 0.35);
      l(
        tr + d,
        "INFO",
        "celery.app.trace",
        "worker",
        `Task ${task}[${id}] succeeded in ${(d / 1000).toFixed(9)}s: ${rng.pick(["None", String(rng.int(0, 40)), `{'updated': ${rng.int(0, 300)}}`])}`,
      );
    });
  }
  // the nightly backup: long, with progress lines
  const backupStart = inc.at(rng.float(0.1, 0.2));
  l(backupStart, "INFO", "jobs.backup", "nightly-jobs", `pg_dump of orders started (target s3://acme-backups/orders/${day(start)}/)`);
  const parts = rng.int(30, 45);
  for (let i = 1; i <= parts; i++)
    l(
      backupStart + i * 30 * SEC + rng.float(0, 2000),
      "INFO",
      "jobs.backup",
      "nightly-jobs",
      `uploaded part ${i} (${rng.int(95, 105)} MiB) in ${rng.float(1.5, 3.4).toFixed(1)}s`,
    );
  l(
    backupStart + (parts + 1) * 30 * SEC,
    "INFO",
    "jobs.backup",
    "nightly-jobs",
    `pg_dump of orders finished: ${parts} parts, ${(parts * 0.1).toFixed(1)} GiB, checksum ok`,
  );
  every(rng, inc.start, inc.end, 30 * MIN, 5 * SEC, (t) =>
    l(t, "ERROR", "jobs.geoip", "nightly-jobs", "GeoIP database refresh failed: HTTP 304 Not Modified (treating as error)"),
  );
  every(rng, inc.start, inc.end, 15 * MIN, 10 * SEC, (t) =>
    l(
      t,
      "INFO",
      "jobs.reports",
      "nightly-jobs",
      `generated report hourly_sales for ${iso(t - 3600_000, { frac: 0 }).slice(0, 13)}:00 (${rng.int(40, 400)} rows)`,
    ),
  );

  // the failover
  l(
    blip + 400,
    "WARNING",
    "sqlalchemy.pool.impl.QueuePool",
    "api",
    `Invalidating connection pool: ${rng.int(3, 6)} connections after disconnect (${dbHost})`,
    "error",
  );
  l(blip + 900, "ERROR", "api.db", "api", `database unreachable: ${opErr.split("\n")[0]}`, "error", { attempt: 1 });
  l(blip + 16_000, "ERROR", "api.db", "api", `database unreachable: could not connect to server: Connection refused (host=${dbHost})`, "error", { attempt: 2 });
  every(rng, blip + 2000, blipEnd, 10 * SEC, 500, (t) =>
    l(t, "WARNING", "api.health", "api", `readiness check failed: database: timeout after 5.0s (${dbHost}:5432)`, "error"),
  );
  l(
    blipEnd + 2000,
    "INFO",
    "api.db",
    "api",
    `database connection re-established after failover (host=${dbHost}, new writer ip 10.20.${rng.int(1, 3)}.${rng.int(10, 200)})`,
    "pattern",
  );
  l(blipEnd + 5000, "INFO", "worker.db", "worker", "database connection re-established after failover; resuming task retries", "pattern");

  return inc.build(
    "quiet-night-db-failover",
    "a quiet night of cron jobs and little traffic; a 45-second database failover produces a handful of errors (Python logging, epoch seconds)",
  );
}
