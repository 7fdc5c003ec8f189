/**
 * s01 dinner-rush-mesh: a food-delivery platform's eight services over a three-hour dinner rush,
 * each request traced across services (shared trace ids). Producers: zap (edge-gateway, `latency`
 * in seconds), pino + pino-http (order-service), Go slog (restaurant-catalog, `duration` in ns),
 * Rust tracing JSON shipped by Fluent Bit with Kubernetes metadata (courier-dispatch), log4j2
 * JsonLayout (payment-service, times in the message), logrus (pricing-service), structlog
 * (notification-service) and python-json-logger (eta-predictor, memory watchdog rss_mb/limit_mb).
 * Normal traffic carries routine WARNs (declined cards, surge caps, pruned device tokens, widened
 * courier search radii) and a few routine ERRORs (invalid phone numbers at the SMS provider,
 * missing courier features), plus periodic process-stats and worker-memory readings.
 * Fourteen short episodes (1-3 minutes) of all four types are scattered over the whole window, the
 * first in the opening minutes and the last in the closing minutes: slow pricing, slow menu
 * queries, PSP timeouts (performance); eta worker RSS near its limit, order-service heap near full
 * (memory); payment NPEs, Kafka broker loss in dispatch, order-db connection resets (error); cart
 * dumps, stray debug prints, unknown-schema records with base64 payloads (pattern).
 */
import {
  activeEpisode,
  asctime,
  dumpObject,
  type Episode,
  epochSeconds,
  HOUR,
  isoMicro,
  isoNano,
  type Label,
  ln,
  log4jInstant,
  podName,
  privateIp,
  publicIp,
  round,
  SEC,
  scatterEpisodes,
  sortedKeys,
  Timeline,
  ticks,
  uniformTimes,
  uuid,
} from "./common.js";
import { Rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

const VARIANTS: Record<AnomalyType, string[]> = {
  performance: ["pricing-slow", "catalog-slow", "psp-timeout"],
  memory: ["eta-rss", "order-heap"],
  error: ["payment-npe", "dispatch-kafka", "order-db-reset"],
  pattern: ["cart-dump", "stray-debug", "schema-zero"],
};

export function s01DinnerRushMesh(seed: number): Scenario {
  const name = "dinner-rush-mesh";
  const rng = new Rng(seed, name);
  const span = 3 * HOUR;
  const start = rng.start2026(span, 16, 18);
  const end = start + span;
  const tl = new Timeline();

  const types: AnomalyType[] = rng.shuffle([
    "performance",
    "performance",
    "performance",
    "performance",
    "memory",
    "memory",
    "memory",
    "error",
    "error",
    "error",
    "error",
    "pattern",
    "pattern",
    "pattern",
  ]);
  const kinds = types.map((ty) => rng.pick(VARIANTS[ty]));
  const episodes: Episode[] = scatterEpisodes(rng, start, end, kinds, 60 * SEC, 170 * SEC);
  const ep = (t: number): string | undefined => activeEpisode(episodes, t)?.kind;

  const pods = {
    gateway: [podName(rng, "edge-gateway"), podName(rng, "edge-gateway")],
    order: [podName(rng, "order-service"), podName(rng, "order-service"), podName(rng, "order-service")],
    catalog: [podName(rng, "restaurant-catalog"), podName(rng, "restaurant-catalog")],
    dispatch: [podName(rng, "courier-dispatch"), podName(rng, "courier-dispatch")],
    payment: [podName(rng, "payment-service"), podName(rng, "payment-service")],
    pricing: [podName(rng, "pricing-service"), podName(rng, "pricing-service")],
    notif: [podName(rng, "notification-service")],
    eta: [podName(rng, "eta-predictor"), podName(rng, "eta-predictor")],
  };
  const nodes = ["ip-10-12-3-41.eu-west-1.compute.internal", "ip-10-12-7-19.eu-west-1.compute.internal", "ip-10-12-9-202.eu-west-1.compute.internal"];
  const orderPids = new Map(pods.order.map((p) => [p, rng.int(17, 60)]));
  const zones = ["soho", "shoreditch", "camden", "brixton", "hackney", "islington", "clapham", "kensington"];
  const psps = ["adyen", "stripe"];

  // ---- producers -------------------------------------------------------------------------
  const gateway = (t: number, trace: string, method: string, path: string, status: number, sec: number, upstream: string, label: Label = null): void => {
    tl.add(
      t,
      {
        level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
        ts: epochSeconds(t),
        caller: "proxy/handler.go:214",
        msg: "request completed",
        service: "edge-gateway",
        instance: rng.pick(pods.gateway),
        trace_id: trace,
        method,
        path,
        status,
        latency: round(sec, 6),
        bytes_out: status < 300 ? rng.int(180, 24_000) : rng.int(60, 240),
        upstream,
        client_ip: publicIp(rng),
      },
      label,
    );
  };
  const pino = (t: number, level: number, msg: string, fields: Record<string, unknown>, label: Label = null, pod = rng.pick(pods.order)): void => {
    tl.add(t, { level, time: Math.round(t), pid: orderPids.get(pod), hostname: pod, name: "order-service", ...fields, msg }, label);
  };
  const pinoHttp = (t: number, trace: string, method: string, url: string, status: number, ms: number, label: Label = null): void => {
    pino(
      t,
      status >= 500 ? 50 : status >= 400 ? 40 : 30,
      status >= 500 ? "request errored" : "request completed",
      {
        reqId: rng.int(10_000, 999_999),
        trace_id: trace,
        req: { method, url, remoteAddress: privateIp(rng) },
        res: { statusCode: status },
        responseTime: Math.round(ms),
      },
      label,
    );
  };
  const slog = (t: number, level: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { time: isoNano(t), level, msg, service: "restaurant-catalog", ...fields }, label);
  };
  const rust = (t: number, level: string, target: string, fields: Record<string, unknown>, span: Record<string, unknown> | null, label: Label = null): void => {
    const pod = rng.pick(pods.dispatch);
    const log: Record<string, unknown> = { timestamp: isoMicro(t), level, fields, target };
    if (span) log.span = span;
    log.kubernetes = {
      pod_name: pod,
      namespace_name: "delivery",
      container_name: "courier-dispatch",
      host: rng.pick(nodes),
      labels: { "app.kubernetes.io/name": "courier-dispatch", "app.kubernetes.io/part-of": "dinnerdash" },
    };
    tl.add(t, log, label);
  };
  const log4j = (
    t: number,
    level: string,
    logger: string,
    message: string,
    trace: string | null,
    label: Label = null,
    thrown?: Record<string, unknown>,
  ): void => {
    const log: Record<string, unknown> = {
      instant: log4jInstant(t),
      thread: `http-nio-8080-exec-${rng.int(1, 40)}`,
      level,
      loggerName: logger,
      message,
    };
    if (thrown) log.thrown = thrown;
    log.endOfBatch = false;
    log.loggerFqcn = "org.apache.logging.slf4j.Log4jLogger";
    log.contextMap = trace ? { traceId: trace, spanId: rng.hex(16) } : {};
    log.threadId = rng.int(30, 90);
    log.threadPriority = 5;
    log.service = "payment-service";
    log.host = rng.pick(pods.payment);
    tl.add(t, log, label);
  };
  const logrus = (t: number, level: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, sortedKeys({ level, msg, service: "pricing-service", time: isoNano(t), host: rng.pick(pods.pricing), ...fields }), label);
  };
  const structlog = (t: number, level: string, event: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { event, ...fields, service: "notification-service", pod: pods.notif[0], level, timestamp: isoMicro(t) }, label);
  };
  const pyjson = (t: number, levelname: string, logger: string, message: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { asctime: asctime(t), name: logger, levelname, message, service: "eta-predictor", ...fields }, label);
  };

  // ---- traced requests ---------------------------------------------------------------------
  const request = (t: number, kind: string): void => {
    const trace = rng.hex(32);
    const e = ep(t);
    if (kind === "location") {
      const courier = `c_${rng.int(10_000, 99_999)}`;
      const ms = ln(rng, 9, 0.35, 3, 26);
      const status = rng.chance(0.01) ? 409 : 202;
      gateway(t + ms, trace, "PUT", `/v1/couriers/${courier}/location`, status, ms / 1000, "courier-dispatch");
      if (rng.chance(0.25)) {
        rust(
          t + ms * 0.6,
          "INFO",
          "dispatch::tracking",
          {
            message: "location update accepted",
            courier_id: courier,
            lat: round(rng.float(51.45, 51.56), 5),
            lon: round(rng.float(-0.2, 0.02), 5),
            elapsed_ms: round(ms * 0.5, 2),
          },
          null,
        );
      }
    } else if (kind === "menu") {
      const rid = rng.int(1000, 48_000);
      const slow = e === "catalog-slow" && rng.chance(0.75);
      const cacheMiss = rng.chance(0.18);
      let ms = cacheMiss ? ln(rng, 24, 0.35, 9, 60) : ln(rng, 6, 0.35, 2, 16);
      const label: Label = slow ? "performance" : null;
      if (slow) ms = rng.float(4200, 12_500);
      if (cacheMiss || slow) {
        slog(t + 1, "INFO", "menu cache miss, loading from postgres", { restaurant_id: rid, trace_id: trace });
        if (slow)
          slog(
            t + ms - 3,
            "WARN",
            "slow query",
            {
              query: "SELECT * FROM menu_items WHERE restaurant_id = $1 AND available",
              duration: Math.round((ms - 5) * 1e6),
              rows: rng.int(20, 180),
              trace_id: trace,
            },
            label,
          );
      }
      slog(
        t + ms,
        "INFO",
        "request handled",
        { method: "GET", path: `/v1/restaurants/${rid}/menu`, status: 200, duration: Math.round(ms * 1e6), trace_id: trace },
        label,
      );
      gateway(t + ms + 2, trace, "GET", `/v1/restaurants/${rid}/menu`, 200, (ms + rng.float(1, 4)) / 1000, "restaurant-catalog", label);
    } else if (kind === "status" || kind === "eta") {
      const oid = uuid(rng);
      const reset = e === "order-db-reset" && rng.chance(0.6);
      let ms = ln(rng, 14, 0.35, 5, 40);
      if (reset) {
        pino(
          t + 4,
          50,
          "query failed",
          {
            trace_id: trace,
            orderId: oid,
            err: {
              type: "Error",
              message: "Connection terminated unexpectedly",
              stack:
                "Error: Connection terminated unexpectedly\n    at Connection.<anonymous> (/app/node_modules/pg/lib/client.js:132:73)\n    at Object.onceWrapper (node:events:632:28)",
            },
          },
          "error",
        );
        pinoHttp(t + 6, trace, "GET", `/v1/orders/${oid}`, 500, 6, "error");
        gateway(t + 8, trace, "GET", `/v1/orders/${oid}${kind === "eta" ? "/eta" : ""}`, 500, 0.008, "order-service", "error");
        return;
      }
      if (kind === "eta") {
        const em = ln(rng, 35, 0.3, 15, 90);
        pyjson(t + 5 + em, "INFO", "eta.model", `eta predicted for order ${oid}: ${rng.int(12, 48)} min (model v${rng.int(41, 43)})`, {
          elapsed_ms: round(em, 1),
          trace_id: trace,
          worker: rng.int(1, 4),
        });
        if (rng.chance(0.05))
          pyjson(t + 3, "ERROR", "eta.features", `feature store lookup failed for courier c_${rng.int(10_000, 99_999)}: key not found, using defaults`, {
            trace_id: trace,
          });
        ms += em;
      }
      pinoHttp(t + ms, trace, "GET", `/v1/orders/${oid}${kind === "eta" ? "/eta" : ""}`, 200, ms);
      gateway(t + ms + 2, trace, "GET", `/v1/orders/${oid}${kind === "eta" ? "/eta" : ""}`, 200, (ms + rng.float(1, 4)) / 1000, "order-service");
    } else if (kind === "quote" || kind === "order") {
      const zone = rng.pick(zones);
      const items = rng.int(1, 7);
      const slowPricing = e === "pricing-slow" && rng.chance(0.8);
      const pms = slowPricing ? rng.float(2600, 9400) : ln(rng, 28, 0.35, 12, 75);
      const plabel: Label = slowPricing ? "performance" : null;
      const surge = round(rng.pick([1, 1, 1, 1.1, 1.2, 1.4, 1.8, 2.5]), 1);
      if (surge === 2.5 && rng.chance(0.5))
        logrus(t + 2, "warning", `surge multiplier capped at 2.5 for zone ${zone}`, { zone, trace_id: trace, demand_ratio: round(rng.float(3, 5), 2) });
      logrus(t + pms, "info", "quote computed", { zone, items, surge, duration_ms: round(pms, 1), trace_id: trace, total_minor: rng.int(900, 9800) }, plabel);
      if (kind === "quote") {
        if (slowPricing && pms > 8000) {
          gateway(t + 8000, trace, "POST", "/v1/cart/quote", 504, 8.0, "pricing-service", "performance");
        } else gateway(t + pms + 3, trace, "POST", "/v1/cart/quote", 200, (pms + rng.float(2, 5)) / 1000, "pricing-service", plabel);
        return;
      }
      // order placement
      const oid = uuid(rng);
      const amount = (rng.int(900, 9800) / 100).toFixed(2);
      let ms = pms + 5;
      pino(t + 3, 30, `creating order ${oid}`, { trace_id: trace, orderId: oid, restaurantId: rng.int(1000, 48_000), items });
      const e2 = ep(t + ms);
      const psp = rng.pick(psps);
      let status = 201;
      let olabel: Label = plabel;
      if (e2 === "payment-npe" && rng.chance(0.7)) {
        log4j(
          t + ms + 6,
          "ERROR",
          "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
          `Servlet.service() for servlet [dispatcherServlet] threw exception [Request processing failed: java.lang.NullPointerException: Cannot invoke "String.length()" because "billing.postcode" is null] with root cause`,
          trace,
          "error",
          {
            name: "java.lang.NullPointerException",
            message: 'Cannot invoke "String.length()" because "billing.postcode" is null',
            extendedStackTrace:
              'java.lang.NullPointerException: Cannot invoke "String.length()" because "billing.postcode" is null\n\tat com.dinnerdash.payments.risk.AvsCheck.normalise(AvsCheck.java:58)\n\tat com.dinnerdash.payments.AuthorizationService.authorize(AuthorizationService.java:131)',
          },
        );
        pino(t + ms + 12, 50, "payment authorization failed", { trace_id: trace, orderId: oid, upstream: "payment-service", statusCode: 500 }, "error");
        ms += 14;
        status = 502;
        olabel = "error";
      } else if (e2 === "psp-timeout" && rng.chance(0.7)) {
        const timedOut = rng.chance(0.6);
        if (timedOut) {
          log4j(
            t + ms + 10_000,
            "ERROR",
            "com.dinnerdash.payments.psp.PspClient",
            `PSP call to ${psp} timed out after 10000 ms (order ${oid})`,
            trace,
            "performance",
            { name: "java.net.SocketTimeoutException", message: "Read timed out" },
          );
          ms += 10_010;
          status = 504;
        } else {
          const pay = rng.float(5200, 9400);
          log4j(
            t + ms + pay,
            "INFO",
            "com.dinnerdash.payments.AuthorizationService",
            `authorization approved for order ${oid} amount=${amount} EUR psp=${psp} in ${Math.round(pay)} ms`,
            trace,
            "performance",
          );
          ms += pay + 5;
        }
        olabel = "performance";
      } else {
        const pay = ln(rng, 420, 0.35, 170, 1100);
        const declined = rng.chance(0.035);
        if (declined) {
          log4j(
            t + ms + pay,
            "WARN",
            "com.dinnerdash.payments.AuthorizationService",
            `authorization declined for order ${oid}: ${rng.pick(["insufficient_funds", "do_not_honor", "expired_card"])} (psp=${psp}, ${Math.round(pay)} ms)`,
            trace,
          );
          status = 402;
        } else
          log4j(
            t + ms + pay,
            "INFO",
            "com.dinnerdash.payments.AuthorizationService",
            `authorization approved for order ${oid} amount=${amount} EUR psp=${psp} in ${Math.round(pay)} ms`,
            trace,
          );
        ms += pay + 5;
      }
      if (status === 201) pino(t + ms + 2, 30, `order ${oid} placed: ${items} items, total ${amount} EUR`, { trace_id: trace, orderId: oid });
      pinoHttp(t + ms + 4, trace, "POST", "/v1/orders", status, ms + 4, olabel);
      gateway(t + ms + 6, trace, "POST", "/v1/orders", status, (ms + 6) / 1000, "order-service", olabel);
      if (status !== 201) return;
      // asynchronous: dispatch and notification
      const ta = t + ms + rng.float(3000, 40_000);
      const ea = ep(ta);
      if (ea === "dispatch-kafka" && rng.chance(0.8)) {
        rust(
          ta,
          "ERROR",
          "dispatch::publisher",
          {
            message: "failed to publish assignment",
            order_id: oid,
            error: "Message production error: BrokerTransportFailure (Local: Broker transport failure)",
            topic: "courier.assignments",
          },
          { name: "assign", order_id: oid },
          "error",
        );
        rust(
          ta + 5,
          "WARN",
          "dispatch::publisher",
          { message: "assignment queued for retry", order_id: oid, retry_in_ms: 5000 },
          { name: "assign", order_id: oid },
          "error",
        );
        return;
      }
      if (rng.chance(0.12))
        rust(
          ta - 800,
          "WARN",
          "dispatch::assign",
          { message: `no courier within 2km of restaurant, widening radius to 4km`, order_id: oid, zone },
          { name: "assign", order_id: oid },
        );
      rust(
        ta,
        "INFO",
        "dispatch::assign",
        {
          message: "courier assigned",
          order_id: oid,
          courier_id: `c_${rng.int(10_000, 99_999)}`,
          distance_m: rng.int(150, 3900),
          elapsed_ms: round(ln(rng, 40, 0.4, 10, 140), 1),
        },
        { name: "assign", order_id: oid },
      );
      const tn = ta + rng.float(200, 2000);
      const channel = rng.pick(["apns", "fcm", "fcm", "sms"]);
      if (channel === "sms" && rng.chance(0.12))
        structlog(tn, "error", "sms delivery failed", {
          order_id: oid,
          provider: "twilio",
          status_code: 400,
          error: "The 'To' number +44 7700 9000xx is not a valid phone number.",
        });
      else if (channel === "apns" && rng.chance(0.05))
        structlog(tn, "warning", "device token unregistered, pruning", { order_id: oid, channel, apns_status: 410 });
      else
        structlog(tn, "info", "notification sent", {
          order_id: oid,
          channel,
          template: "courier_assigned",
          latency_ms: round(ln(rng, 90, 0.4, 30, 260), 1),
          trace_id: trace,
        });
    }
  };
  const nTraces = rng.int(1600, 1760);
  for (const t of uniformTimes(rng, start, end - 90 * SEC, nTraces)) {
    request(
      t,
      rng.weighted([
        ["location", 28],
        ["menu", 24],
        ["status", 15],
        ["eta", 10],
        ["quote", 11],
        ["order", 12],
      ] as const),
    );
  }
  // Every episode gets a few requests of the kind it touches, so no episode is empty.
  const touches: Record<string, string> = {
    "pricing-slow": "quote",
    "catalog-slow": "menu",
    "psp-timeout": "order",
    "payment-npe": "order",
    "dispatch-kafka": "order",
    "order-db-reset": "status",
  };
  for (const e of episodes) {
    const k = touches[e.kind];
    if (k === undefined) continue;
    const from = e.kind === "dispatch-kafka" ? e.start - 30 * SEC : e.start;
    for (const t of uniformTimes(rng, from, e.end - (e.kind === "psp-timeout" ? 10 * SEC : 0), rng.int(4, 6))) request(t, k);
  }

  // ---- background --------------------------------------------------------------------------
  const heapTotal = 400 * 1024 * 1024;
  const processStats = (t: number, pod: string, used: number, label: Label): void => {
    pino(
      t,
      30,
      "process stats",
      { heapUsed: Math.round(heapTotal * used), heapTotal, rss: Math.round(heapTotal * rng.float(1.3, 1.6)), eventLoopDelayMs: round(rng.float(0.8, 4), 2) },
      label,
      pod,
    );
  };
  const workerMemory = (t: number, w: number, rss: number, label: Label): void => {
    pyjson(t, label ? "WARNING" : "INFO", "eta.watchdog", "worker memory", { worker: w, rss_mb: rss, limit_mb: 2048 }, label);
  };
  for (const pod of pods.order) {
    for (const t of ticks(rng, start, end, 120 * SEC, 3000)) {
      if (ep(t) === "order-heap" && pod === pods.order[0]) continue;
      processStats(t, pod, rng.float(0.46, 0.68), null);
    }
  }
  for (const w of [1, 2, 3, 4]) {
    for (const t of ticks(rng, start, end, 180 * SEC, 5000)) {
      if (ep(t) === "eta-rss" && w === 2) continue;
      workerMemory(t, w, rng.int(690, 1160), null);
    }
  }
  for (const t of ticks(rng, start, end, 300 * SEC, 2000))
    slog(t, "INFO", "menu cache refreshed", {
      restaurants: rng.int(2400, 2600),
      items: rng.int(91_000, 96_000),
      duration: Math.round(rng.float(800, 2400) * 1e6),
    });
  for (const t of ticks(rng, start, end, 600 * SEC, 2000))
    logrus(t, "info", "zone table reloaded", {
      zones: zones.length,
      source: "s3://dinnerdash-config/pricing/zones.json",
      duration_ms: round(rng.float(30, 90), 1),
    });
  for (const t of ticks(rng, start, end, 120 * SEC, 4000))
    rust(t, "INFO", "dispatch::consumer", { message: "consumer lag", topic: "orders.events", partition_lag_max: rng.int(0, 40), members: 2 }, null);
  for (const t of ticks(rng, start, end, 240 * SEC, 10_000))
    log4j(
      t,
      "INFO",
      "com.zaxxer.hikari.pool.HikariPool",
      `HikariPool-1 - Pool stats (total=20, active=${rng.int(1, 9)}, idle=${rng.int(10, 19)}, waiting=0)`,
      null,
    );
  for (const t of ticks(rng, start, end, 420 * SEC, 20_000)) structlog(t, "info", "template cache warmed", { templates: 38, locale_count: 6 });

  // ---- episode-only lines (patterns, memory side lines, dispatch broker) -------------------
  for (const e of episodes) {
    if (e.kind === "cart-dump") {
      for (const t of uniformTimes(rng, e.start, e.end, rng.int(4, 7))) {
        const oid = uuid(rng);
        pino(
          t,
          30,
          `cart state before checkout: ${dumpObject(rng, rng.int(1000, 1800), { order_id: oid, customer_id: rng.int(1e5, 9e5), basket_version: rng.int(2, 9) })}`,
          { orderId: oid },
          "pattern",
        );
      }
    } else if (e.kind === "stray-debug") {
      const prints = ["here", ">>> 1", ">>> 2", "features=None ??", "TODO remove", "x", "ok??", "len=0", "wtf"];
      for (const t of uniformTimes(rng, e.start, e.end, rng.int(5, 9))) pyjson(t, "INFO", "root", rng.pick(prints), { worker: rng.int(1, 4) }, "pattern");
    } else if (e.kind === "schema-zero") {
      for (const t of uniformTimes(rng, e.start, e.end, rng.int(4, 8))) {
        let b64 = "";
        const n = rng.int(400, 800);
        const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (let i = 0; i < n; i++) b64 += abc[rng.int(0, 63)];
        structlog(
          t,
          "info",
          `unexpected record on orders.events (schema_id=0, magic=0x00): ${b64}==`,
          { partition: rng.int(0, 11), offset: rng.int(4_000_000, 5_000_000) },
          "pattern",
        );
      }
    } else if (e.kind === "order-heap") {
      const pod = pods.order[0] as string;
      for (let t = e.start + 5 * SEC; t < e.end; t += 30 * SEC) {
        const used = rng.float(0.92, 0.985);
        processStats(t, pod, used, "memory");
        if (rng.chance(0.5))
          pino(
            t + 50,
            40,
            `heap usage ${Math.round(used * 100)}% of ${heapTotal / 1048576} MB for more than 30s`,
            { heapUsed: Math.round(heapTotal * used), heapTotal },
            "memory",
            pod,
          );
      }
    } else if (e.kind === "eta-rss") {
      let rss = rng.int(1780, 1850);
      for (let t = e.start + 5 * SEC; t < e.end - 5 * SEC; t += 25 * SEC) {
        rss = Math.min(2040, rss + rng.int(15, 60));
        workerMemory(t, 2, rss, "memory");
      }
      pyjson(
        e.end - 4 * SEC,
        "WARNING",
        "eta.watchdog",
        `worker 2 rss ${rss} MB exceeds soft limit 1900 MB, recycling after current batch`,
        { worker: 2 },
        "memory",
      );
      pyjson(e.end - 1 * SEC, "INFO", "eta.watchdog", `worker 2 recycled (pid ${rng.int(200, 900)} -> ${rng.int(900, 1400)})`, { worker: 2 }, "memory");
    } else if (e.kind === "dispatch-kafka") {
      rust(
        e.start + 200,
        "ERROR",
        "rdkafka::client",
        {
          message:
            "librdkafka: FAIL [thrd:kafka-2.kafka:9092/2]: kafka-2.kafka:9092/2: Connect to ipv4#10.12.9.77:9092 failed: Connection refused (after 0ms in state CONNECT)",
        },
        null,
        "error",
      );
      rust(e.start + 900, "ERROR", "rdkafka::client", { message: "librdkafka: ERROR [thrd:app]: 1/1 brokers are down" }, null, "error");
    } else if (e.kind === "order-db-reset") {
      pino(
        e.start + 300,
        50,
        "pg pool error",
        {
          err: {
            type: "Error",
            message: "read ECONNRESET",
            stack: "Error: read ECONNRESET\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)",
          },
          pool: "orders-primary",
        },
        "error",
      );
    } else if (e.kind === "catalog-slow") {
      slog(
        e.start + 500,
        "WARN",
        "db pool saturated",
        { in_use: 25, max: 25, wait_count: rng.int(40, 90), wait_duration: Math.round(rng.float(3, 9) * 1e9) },
        "performance",
      );
    }
  }
  return tl.build(name, "food-delivery mesh of eight traced services; fourteen short episodes of all four types scattered from the first minutes to the last");
}
