// Incidents written by particular real producers: pino (numeric levels, pino-http req/res),
// logstash-logback-encoder with stack traces, OpenTelemetry log records and the collector,
// nginx access and error logs, a JVM GC log, Kubernetes app logs with trace ids and events,
// and one incident with a service for every producer.

import type { AnomalyType, Ev, Scenario } from "../blind/types.js";
import { assemble } from "./assemble.js";
import { javaStack, memoryHigh, outOfMemory, slowRequest, timeout } from "./faults.js";
import { gcEv, type Jvm, jvmStart, youngPause } from "./gclog.js";
import { accessEv, errorLogEv, normalAccess, routineErrorLog } from "./nginx.js";
import { type Rng, round } from "./prng.js";
import { fill, sprinkle } from "./scattered.js";
import { ev, type Line, makeSvc, memStats, requestLine, type Route, type Svc, startTime, traffic, withoutRuntimeStats } from "./services.js";
import { cluster, ROUTINE, sysEv } from "./syslog.js";
import { burst, MIN, scatter, within } from "./timeline.js";
import { orderId, podName, spanId, traceId, userId } from "./words.js";

const route = (m: string, path: string): Route => ({ m, p: () => path, w: 1 });

/** Periodic memory lines of each pod of s, the percentage given by pct(pod, t); labelled when bad(p). */
function memorySeries(
  r: Rng,
  s: Svc,
  t0: number,
  t1: number,
  every: number,
  pct: (pod: string, t: number) => number | null,
  bad: (p: number) => AnomalyType | null,
  warnAt = 93,
): Ev[] {
  const out: Ev[] = [];
  for (const pod of s.pods) {
    for (let t = t0 + r.int(0, every); t < t1; t += every + r.int(-every / 10, every / 10)) {
      const p = pct(pod, t);
      if (p === null) continue;
      const v = round(Math.min(99.7, p), 1);
      const line = v >= warnAt ? memoryHigh(r, s, v) : memStats(r, s, v);
      out.push(ev(r, s, Math.floor(t), line, bad(v), pod));
    }
  }
  return out;
}

function pinoBffHeapLeak(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 75 * MIN;
  const bff = makeSvc(r, "web-bff", "gateway", "pino", { weight: 2.4, pods: 3 });
  bff.limitMb = 1536;
  withoutRuntimeStats(bff);
  const cart = makeSvc(r, "cart", "cart", "pino", { weight: 1.2 });
  const checkout = makeSvc(r, "checkout", "checkout", "pino", { weight: 0.7 });
  const auth = makeSvc(r, "auth", "auth", "pino", { weight: 0.9 });
  const notif = makeSvc(r, "notifications", "notification", "pino", { weight: 0.5 });
  const cat = makeSvc(r, "catalog", "catalog", "zap", { weight: 1 });
  const svcs = [bff, cart, checkout, auth, notif, cat];
  const deploy = t0 + r.int(3, 6) * MIN;
  const pods = bff.pods;
  // the new release caches every rendered page per session and never evicts
  const rate = new Map<string, number>(pods.map((p, i) => [p, [0.85, 0.62, 0.45][i] ?? 0.45]));
  const crashAt = deploy + Math.round((49 / 0.85) * MIN) + r.int(0, 30_000);
  const pctOf = (pod: string, t: number): number | null => {
    if (t < deploy) return r.normal(48, 3);
    const mins = (t - (pod === pods[0] && t > crashAt ? crashAt + 12_000 : deploy)) / MIN;
    if (pod === pods[0] && t > crashAt && t < crashAt + 12_000) return null;
    return 50 + mins * (rate.get(pod) ?? 0.45) + r.normal(0, 1);
  };
  const a: Ev[] = memorySeries(r, bff, t0, t1, 15_000, pctOf, (v) => (v >= 85 ? "memory" : null));
  // the deploy itself: routine start-up lines on each pod
  for (const pod of pods) {
    const t = deploy + r.int(0, 60_000);
    a.push(ev(r, bff, t, { level: "INFO", msg: "web-bff v4.2.0 starting (node v20.12.2, NODE_ENV=production)" }, null, pod));
    a.push(ev(r, bff, t + r.int(300, 900), { level: "INFO", msg: "connected to redis at redis-master.prod:6379" }, null, pod));
    a.push(ev(r, bff, t + r.int(1000, 1800), { level: "INFO", msg: "Server listening at http://0.0.0.0:3000" }, null, pod));
  }
  // GC and event-loop trouble as the heap fills; the worst pod dies and restarts
  const events = a.concat(traffic(r, svcs, t0, t1, 5000 - a.length - 40));
  const hot = (e: Ev) => {
    if (e.svc !== bff.name || e.inst === undefined) return 0;
    const p = pctOf(e.inst, e.t);
    return p === null ? 0 : p;
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as Ev;
    if (!e.req || e.label !== null) continue;
    const p = hot(e);
    if (p >= 90 && r.chance((p - 88) / 12)) events[i] = ev(r, bff, e.t, slowRequest(r, bff, r.float(6, 40)), "performance", e.inst);
  }
  for (const pod of pods) {
    for (const t of within(r, 25, deploy, t1)) {
      const p = pctOf(pod, t);
      if (p === null || p < 88) continue;
      if (r.chance(0.5))
        events.push(
          ev(
            r,
            bff,
            t,
            { level: "WARNING", msg: `long GC pause: mark-compact ${r.int(300, 1800)} ms, heap ${Math.round((bff.limitMb * p) / 100)}MB of ${bff.limitMb}MB` },
            "memory",
            pod,
          ),
        );
      else events.push(ev(r, bff, t, { level: "WARNING", msg: "event loop blocked", f: { eventLoopDelayMs: r.int(400, 2600) } }, "performance", pod));
    }
  }
  const p0 = pods[0] as string;
  events.push(
    ev(
      r,
      bff,
      crashAt,
      { level: "CRITICAL", rawLevel: "60", msg: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory" },
      "memory",
      p0,
    ),
  );
  events.push(
    ev(r, bff, crashAt + 2, { level: "CRITICAL", rawLevel: "60", msg: "uncaught exception, exiting", f: { signal: "SIGABRT", exitCode: 134 } }, "error", p0),
  );
  events.push(
    ev(
      r,
      bff,
      crashAt + r.int(7000, 9000),
      { level: "INFO", msg: "web-bff v4.2.0 starting (node v20.12.2, NODE_ENV=production)", f: { restartCount: 1 } },
      "pattern",
      p0,
    ),
  );
  events.push(ev(r, bff, crashAt + r.int(9500, 11500), { level: "INFO", msg: "Server listening at http://0.0.0.0:3000" }, "pattern", p0));
  return assemble(
    "pino-bff-heap-leak",
    "Node services logging with pino (numeric levels, pino-http req/res): a release of the web BFF leaks heap on every pod; memory past 85 %, GC pauses, a blocked event loop and slow requests, then one pod dies out of memory and restarts",
    events,
  );
}

function logbackOrdersKafka(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 70 * MIN;
  const orders = makeSvc(r, "orders-service", "checkout", "logback", { weight: 1.6 });
  const pay = makeSvc(r, "payments-service", "payment", "logback", { weight: 0.8 });
  const inv = makeSvc(r, "inventory-service", "inventory", "logback", { weight: 1.2 });
  const cust = makeSvc(r, "customers-service", "auth", "logback", { weight: 0.9 });
  const ship = makeSvc(r, "shipping-service", "shipping", "logback", { weight: 0.8 });
  const svcs = [orders, pay, inv, cust, ship];
  const broker = `kafka-2.kafka-headless.prod.svc.cluster.local/10.0.${r.int(1, 9)}.${r.int(10, 250)}:9092`;
  const a: Ev[] = [];
  // the outbox relay reports its backlog every 30 s: routine while small
  const down = t0 + r.int(28, 36) * MIN;
  const back = down + r.int(14, 20) * MIN;
  const perSecond = r.int(3, 6);
  for (let t = t0 + r.int(0, 30_000); t < t1; t += 30_000) {
    const during = t >= down + 60_000 && t < back + 3 * MIN;
    const pending = during ? Math.round(((Math.min(t, back) - down) / 1000) * perSecond) + r.int(0, 9) : r.int(0, 12);
    a.push(
      ev(
        r,
        orders,
        t,
        {
          level: during ? "WARNING" : "INFO",
          msg: `outbox relay: ${pending} pending events (oldest ${during ? Math.round((t - down) / 1000) : r.int(0, 2)}s)`,
          logger: "com.example.orders.outbox.OutboxRelay",
          f: { thread_name: "outbox-relay-1" },
        },
        during ? "performance" : null,
      ),
    );
  }
  const ordersLogger = "org.apache.kafka.clients.NetworkClient";
  let t = down;
  for (let i = 0; t < back; i++) {
    a.push(
      ev(
        r,
        orders,
        Math.floor(t),
        {
          level: "WARNING",
          msg: `[Producer clientId=orders-producer-1] Connection to node 2 (${broker}) could not be established. Broker may not be available.`,
          logger: ordersLogger,
          f: { thread_name: "kafka-producer-network-thread | orders-producer-1" },
        },
        "error",
      ),
    );
    t += Math.min(32_000, 1000 * 2 ** Math.min(5, i)) + r.int(0, 800);
  }
  for (const tt of within(r, r.int(12, 18), down + 60_000, back)) {
    const o = orderId(r);
    a.push(
      ev(
        r,
        orders,
        tt,
        {
          level: "ERROR",
          msg: `Failed to publish OrderPlaced for ${o}, left in outbox`,
          logger: "com.example.orders.outbox.OutboxRelay",
          stack: javaStack(
            r,
            orders,
            "org.apache.kafka.common.errors.TimeoutException: Expiring 12 record(s) for orders.events-2:120001 ms has passed since batch creation",
          ),
        },
        "error",
      ),
    );
  }
  for (const tt of within(r, r.int(8, 12), down + 30_000, back))
    a.push(ev(r, orders, tt, requestLine(r, orders, { route: route("POST", "/api/orders"), dur: r.float(58_000, 61_000), status: 200 }), "performance"));
  for (const tt of within(r, r.int(10, 14), down + 20_000, back)) {
    a.push(
      ev(
        r,
        ship,
        tt,
        r.chance(0.5)
          ? {
              level: "INFO",
              msg: `[Consumer clientId=shipping-consumer-1, groupId=shipping] Group coordinator ${broker} (id: 2147483645 rack: null) is unavailable or invalid due to cause: coordinator unavailable. isDisconnected: true. Rediscovery will be attempted.`,
              logger: "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
            }
          : {
              level: "INFO",
              msg: `[Consumer clientId=shipping-consumer-1, groupId=shipping] Revoke previously assigned partitions orders.events-0, orders.events-1, orders.events-2, orders.events-3`,
              logger: "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
            },
        "pattern",
      ),
    );
  }
  for (const tt of within(r, r.int(5, 8), down + 3 * MIN, back + 2 * MIN))
    a.push(
      ev(
        r,
        ship,
        tt,
        { level: "WARNING", msg: `consumer lag on orders.events-${r.int(0, 3)}: ${r.int(4000, 40000)} records`, logger: "com.example.shipping.LagMonitor" },
        "performance",
      ),
    );
  a.push(
    ev(r, orders, back + r.int(1000, 5000), { level: "INFO", msg: `[Producer clientId=orders-producer-1] Node 2 reconnected`, logger: ordersLogger }, null),
  );
  // routine Kafka client lines on healthy days
  for (const tt of within(r, 30, t0, t1))
    a.push(
      ev(
        r,
        ship,
        tt,
        {
          level: "INFO",
          msg: `[Consumer clientId=shipping-consumer-1, groupId=shipping] Committed offset ${r.int(1e6, 9e6)} for partition orders.events-${r.int(0, 3)}`,
          logger: "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
        },
        null,
      ),
    );
  // one unrelated JVM in trouble: customers-service heap
  a.push(...sprinkle(r, cust, r.int(4, 6), t0, t1, "memory", (rr, s) => memoryHigh(rr, s, round(rr.float(91, 97), 1)), false));
  return assemble(
    "logback-orders-kafka",
    "Spring services logging through logstash-logback-encoder: a Kafka broker goes away, the orders producer reconnects with backoff, the outbox backlog and order latency grow, shipping's consumer group rebalances and lags; customers-service heap runs high",
    fill(r, svcs, t0, t1, 5000, a),
  );
}

function otelCollectorBackpressure(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 50 * MIN;
  const cart = makeSvc(r, "cart", "cart", "otel", { weight: 1.2 });
  const checkout = makeSvc(r, "checkout", "checkout", "otel", { weight: 0.8 });
  const pay = makeSvc(r, "payment", "payment", "otel", { weight: 0.7 });
  const inv = makeSvc(r, "inventory", "inventory", "otel", { weight: 1.1 });
  const search = makeSvc(r, "search", "search", "otel", { weight: 1 });
  const col = makeSvc(r, "otel-collector", "pricing", "zap", { weight: 0.1, pods: 2, reqShare: 0 });
  col.bg = [[() => ({ level: "INFO", msg: "Health Check state change", f: { caller: "healthcheck/handler.go:132", status: "ready" } }), 1]];
  const svcs = [cart, checkout, pay, inv, search, col];
  const a: Ev[] = [];
  for (const pod of col.pods) {
    const t = t0 + r.int(0, 20_000);
    for (const [i, m] of [
      "Setting up own telemetry...",
      "Starting otelcol-contrib...",
      "Starting extensions...",
      "Starting exporters...",
      "Starting processors...",
      "Starting receivers...",
      "Everything is ready. Begin running and processing data.",
    ].entries())
      a.push(ev(r, col, t + i * 40, { level: "INFO", msg: m, f: { caller: "service@v0.98.0/service.go:169", Version: "0.98.0", NumCPU: 4 } }, null, pod));
  }
  const down = t0 + r.int(18, 25) * MIN;
  const back = down + r.int(12, 18) * MIN;
  for (const tt of burst(r, r.int(35, 45), down, 15_000).filter((x) => x < back)) {
    a.push(
      ev(
        r,
        col,
        tt,
        {
          level: "INFO",
          msg: "Exporting failed. Will retry the request after interval.",
          f: {
            caller: "exporterhelper/retry_sender.go:118",
            kind: "exporter",
            data_type: "traces",
            name: "otlp/tempo",
            error:
              'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.0.7.21:4317: connect: connection refused"',
            interval: `${round(r.float(2, 30), 2)}s`,
          },
        },
        "error",
      ),
    );
  }
  for (const tt of within(r, r.int(8, 12), down + 3 * MIN, back))
    a.push(
      ev(
        r,
        col,
        tt,
        {
          level: "ERROR",
          msg: "Exporting failed. Dropping data.",
          f: {
            caller: "exporterhelper/queue_sender.go:101",
            kind: "exporter",
            data_type: "traces",
            name: "otlp/tempo",
            error: "no more retries left: rpc error: code = Unavailable",
            dropped_items: r.int(200, 4096),
          },
        },
        "error",
      ),
    );
  for (const tt of within(r, r.int(12, 18), down + 4 * MIN, back))
    a.push(
      ev(
        r,
        col,
        tt,
        {
          level: "ERROR",
          msg: "Dropping data because sending_queue is full. Try increasing queue_size.",
          f: { caller: "exporterhelper/queue_sender.go:153", kind: "exporter", data_type: "traces", name: "otlp/tempo", dropped_items: r.int(100, 2048) },
        },
        "error",
      ),
    );
  for (const tt of within(r, r.int(7, 10), down + 5 * MIN, back)) {
    const cur = r.int(1620, 1790);
    a.push(
      ev(
        r,
        col,
        tt,
        {
          level: "WARNING",
          msg: "Memory usage is above soft limit. Forcing a GC.",
          f: { caller: "memorylimiter/memorylimiter.go:222", kind: "processor", name: "memory_limiter", pipeline: "traces", cur_mem_mib: cur },
        },
        "memory",
      ),
    );
    a.push(
      ev(
        r,
        col,
        tt + r.int(300, 900),
        {
          level: "INFO",
          msg: "Memory usage after GC.",
          f: { caller: "memorylimiter/memorylimiter.go:191", kind: "processor", name: "memory_limiter", pipeline: "traces", cur_mem_mib: cur - r.int(10, 60) },
        },
        "memory",
      ),
    );
  }
  // the applications' SDK exporters time out against the back-pressured collector
  for (const s of [cart, checkout, pay, inv, search]) {
    for (const tt of within(r, r.int(3, 6), down + 4 * MIN, back))
      a.push(
        ev(
          r,
          s,
          tt,
          {
            level: "ERROR",
            rawLevel: "SEVERE",
            msg: "Failed to export spans. The request could not be executed. Full error message: timeout",
            f: { "code.namespace": "io.opentelemetry.exporter.internal.grpc.GrpcExporter", duration_ms: 10000 + r.int(0, 40) },
          },
          "performance",
        ),
      );
  }
  // a release of search a while earlier left one slow endpoint, scattered over the window
  a.push(...sprinkle(r, search, r.int(6, 9), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(15, 40))));
  const events = fill(r, svcs, t0, t1, 4200, a);
  // inventory's .NET SDK writes severity_number only
  for (const e of events) if (e.svc === inv.name && e.rawLevel === undefined) e.rawLevel = "";
  return assemble(
    "otel-collector-backpressure",
    "OpenTelemetry log records (severity_number, attributes, resource) from five services and the collector: the trace backend goes down, exports retry and drop, the memory limiter forces GCs and the SDK exporters time out",
    events,
  );
}

function nginxEdge(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 60 * MIN;
  const ng = "edge-nginx";
  const app = makeSvc(r, "shop-web", "catalog", "python", { weight: 1, pods: 2, reqShare: 0.3 });
  app.bg.push([(rr) => ({ level: "INFO", msg: `[${rr.int(8, 40)}] [INFO] Booting worker with pid: ${rr.int(100, 900)}`, logger: "gunicorn.error" }), 0.02]);
  const a: Ev[] = [];
  // a scanner sweeps the site from one address
  const scanIp = r.ip();
  const scanUa = r.pick([
    "Mozilla/5.0 zgrab/0.x",
    "python-requests/2.31.0",
    "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))",
  ]);
  const probes = [
    "/.env",
    "/.git/config",
    "/wp-login.php",
    "/xmlrpc.php",
    "/phpmyadmin/index.php",
    "/admin/config.php",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
    "/cgi-bin/luci/;stok=/locale",
    "/?XDEBUG_SESSION_START=phpstorm",
    "/api/../../../../etc/passwd",
    "/actuator/env",
    "/server-status",
    "/.aws/credentials",
    "/backup.zip",
    "/wp-content/plugins/revslider/temp/update_extract/revslider/",
    "/boaform/admin/formLogin",
    "/HNAP1/",
    "/owa/auth/logon.aspx",
  ];
  const scanAt = t0 + r.int(5, 45) * MIN;
  for (const tt of burst(r, r.int(40, 55), scanAt, 1800))
    a.push(
      accessEv(
        r,
        ng,
        tt,
        {
          method: r.chance(0.85) ? "GET" : "POST",
          path: r.pick(probes),
          status: r.pick([404, 404, 404, 403, 400]),
          rt: r.lognormal(0.002, 0.5),
          ua: scanUa,
          ip: scanIp,
          upstream: null,
        },
        "pattern",
      ),
    );
  // app workers killed out of memory: 502s around each kill
  for (const tt of scatter(r, r.int(3, 4), t0 + 8 * MIN, t1 - 3 * MIN, false)) {
    const pid = r.int(100, 900);
    const pod = r.pick(app.pods);
    const master = r.int(7, 9);
    const upstream = `10.0.2.${r.int(10, 40)}:8000`;
    a.push(ev(r, app, tt - r.int(20_000, 60_000), memoryHigh(r, app, round(r.float(93, 98), 1)), "memory", pod));
    a.push(ev(r, app, tt, { level: "CRITICAL", msg: `[${master}] [CRITICAL] WORKER TIMEOUT (pid:${pid})`, logger: "gunicorn.error" }, "performance", pod));
    a.push(
      ev(
        r,
        app,
        tt + 200,
        { level: "ERROR", msg: `[${master}] [ERROR] Worker (pid:${pid}) was sent SIGKILL! Perhaps out of memory?`, logger: "gunicorn.error" },
        "memory",
        pod,
      ),
    );
    a.push(
      ev(
        r,
        app,
        tt + r.int(400, 1500),
        { level: "INFO", msg: `[${master}] [INFO] Booting worker with pid: ${r.int(100, 900)}`, logger: "gunicorn.error" },
        "pattern",
        pod,
      ),
    );
    for (const x of burst(r, r.int(3, 6), tt - r.int(0, 2000), 400)) {
      const path = r.pick(["/api/cart", `/api/products/${r.int(1000, 99999)}`, "/api/session"]);
      const ip = r.ip();
      a.push(accessEv(r, ng, x, { method: "GET", path, status: 502, rt: r.float(0.001, 0.05), ip, upstream }, "error"));
      a.push(
        errorLogEv(
          r,
          ng,
          x,
          "error",
          `upstream prematurely closed connection while reading response header from upstream, client: ${ip}, server: shop.example.com, request: "GET ${path} HTTP/2.0", upstream: "http://${upstream}${path}", host: "shop.example.com"`,
          "error",
        ),
      );
    }
  }
  // slow search: scattered 504s and slow successes
  for (const tt of scatter(r, r.int(10, 14), t0, t1)) {
    const q = `/api/search?q=${encodeURIComponent(r.pick(["shoes", "lamp", "usb c", "jacket"]))}`;
    if (r.chance(0.5)) {
      const ip = r.ip();
      const upstream = `10.0.2.${r.int(10, 40)}:8000`;
      a.push(accessEv(r, ng, tt, { method: "GET", path: q, status: 504, rt: 60.001 + r.float(0, 0.01), ip, upstream }, "performance"));
      a.push(
        errorLogEv(
          r,
          ng,
          tt,
          "error",
          `upstream timed out (110: Connection timed out) while reading response header from upstream, client: ${ip}, server: shop.example.com, request: "GET ${q} HTTP/2.0", upstream: "http://${upstream}${q}", host: "shop.example.com"`,
          "performance",
        ),
      );
    } else a.push(accessEv(r, ng, tt, { method: "GET", path: q, status: 200, rt: r.float(8, 45) }, "performance"));
  }
  const n = 5000 - a.length;
  const times = r.times(n, t0, t1);
  const normal = times.map((tt) => {
    const x = r.next();
    if (x < 0.72) return normalAccess(r, ng, tt);
    if (x < 0.745) return routineErrorLog(r, ng, tt);
    const e = ev(r, app, tt, r.chance(app.reqShare) ? requestLine(r, app) : r.weighted(app.bg)(r, app));
    return e;
  });
  return assemble(
    "nginx-edge-access",
    "nginx JSON access and error logs in front of a Python app, with routine 404s, favicon errors and health checks: a scanner sweeps exploit paths, app workers are killed out of memory behind bursts of 502s, and search requests time out with 504s",
    [...a, ...normal],
  );
}

function jvmGcHeapExhaustion(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 90 * MIN;
  const api = makeSvc(r, "orders-api", "checkout", "logback", { weight: 1.6, pods: 2 });
  api.limitMb = 4096;
  withoutRuntimeStats(api);
  const inv = makeSvc(r, "inventory-api", "inventory", "logback", { weight: 1 });
  const pay = makeSvc(r, "payments-api", "payment", "logback", { weight: 0.7 });
  const svcs = [api, inv, pay];
  const [podA, podB] = api.pods as [string, string];
  const jA: Jvm = { svc: "orders-api", inst: podA, maxMb: 4096, gc: r.int(800, 3000) };
  const jB: Jvm = { svc: "orders-api", inst: podB, maxMb: 4096, gc: r.int(800, 3000) };
  const a: Ev[] = [];
  // pod B: healthy, after-GC occupancy steady around 15-20 %
  for (let t = t0 + r.int(0, 9000); t < t1; t += r.int(8000, 22000)) a.push(...youngPause(r, jB, t, r.normal(700, 60), null));
  // pod A: old generation grows (a cache of order snapshots); Full GCs, then OOM and a restart
  const leakStart = t0 + r.int(0, 10) * MIN;
  const oom = t0 + r.int(68, 78) * MIN;
  const fullGc: number[] = [];
  for (let t = t0 + r.int(0, 9000); t < oom; ) {
    const frac = Math.max(0, (t - leakStart) / (oom - leakStart));
    const after = Math.min(4050, 700 + 3350 * frac ** 1.4 + r.normal(0, 30));
    const bad = after / 4096 > 0.72;
    if (after / 4096 > 0.9 && r.chance(0.35)) {
      const id = jA.gc++;
      a.push(gcEv(jA, t, `GC(${id}) To-space exhausted`, "memory", "gc,ergo", "WARNING"));
      const ms = r.float(1800, 7200);
      a.push(
        gcEv(
          jA,
          t + 1,
          `GC(${id}) Pause Young (Normal) (G1 Evacuation Pause) ${4090}M->${Math.round(after + 20)}M(4096M) ${r.float(200, 900).toFixed(3)}ms`,
          "memory",
        ),
      );
      a.push(gcEv(jA, t + 2, `GC(${id + 1}) Pause Full (G1 Compaction Pause) ${4095}M->${Math.round(after)}M(4096M) ${ms.toFixed(3)}ms`, "memory"));
      jA.gc++;
      fullGc.push(t);
      t += Math.round(ms) + r.int(1500, 5000);
    } else {
      a.push(...youngPause(r, jA, t, after, bad ? "memory" : null, bad && r.chance(0.2) ? "G1 Humongous Allocation" : "G1 Evacuation Pause"));
      t += Math.max(1500, Math.round(r.int(8000, 22000) * (1 - 0.8 * frac)));
    }
  }
  a.push(ev(r, api, oom, outOfMemory(r, api), "memory", podA));
  a.push(ev(r, api, oom + 5, { level: "ERROR", msg: "Terminating due to java.lang.OutOfMemoryError: Java heap space", logger: "jvm" }, "memory", podA));
  a.push(...jvmStart(r, jA, oom + r.int(20_000, 30_000), "pattern"));
  const restarted = oom + 45_000;
  a.push(
    ev(
      r,
      api,
      restarted,
      { level: "INFO", msg: "Started OrdersApiApplication in 17.3 seconds (process running for 18.4)", logger: "com.example.ordersapi.OrdersApiApplication" },
      "pattern",
      podA,
    ),
  );
  for (let t = restarted + r.int(5000, 15000); t < t1; t += r.int(8000, 22000)) a.push(...youngPause(r, jA, t, r.normal(650, 50), null));
  // requests on pod A stall during full collections
  for (const g of fullGc)
    for (const tt of within(r, r.int(1, 3), g, g + 3000)) a.push(ev(r, api, tt + 4000, slowRequest(r, api, r.float(25, 60)), "performance", podA));
  for (const tt of within(r, r.int(3, 5), oom - 10_000, oom + 30_000)) a.push(ev(r, inv, tt, timeout(r, inv, "orders-api", 10000), "performance"));
  // routine GC-log start of pod B far earlier is not in the window; deploy-time G1 lines are not either
  return assemble(
    "jvm-gc-heap-exhaustion",
    "A JVM's unified GC log beside its Spring application logs: on one pod the heap left after each young pause climbs to the limit, humongous allocations, to-space exhaustion and multi-second Full GCs stall requests, then OutOfMemoryError and a restart; the other pod stays healthy",
    fill(r, svcs, t0, t1, 4500, a),
  );
}

function k8sRecommenderOom(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 60 * MIN;
  const ns = "shop";
  const fe = makeSvc(r, "frontend", "gateway", "k8s", { weight: 2.2, ns });
  const rec = makeSvc(r, "recommender", "recommendation", "k8s", { weight: 1.2, ns, pods: 2 });
  withoutRuntimeStats(rec);
  rec.limitMb = 1024;
  const cart = makeSvc(r, "cart", "cart", "k8s", { weight: 1, ns });
  const cat = makeSvc(r, "catalog", "catalog", "k8s", { weight: 1.2, ns });
  const checkout = makeSvc(r, "checkout", "checkout", "k8s", { weight: 0.6, ns });
  const kev = makeSvc(r, "kube-events", "pricing", "k8s", { weight: 0.05, ns: "monitoring", pods: 1, reqShare: 0 });
  const node = `ip-10-0-${r.int(1, 9)}-${r.int(10, 250)}.eu-west-1.compute.internal`;
  const kEv = (t: number, type: "Normal" | "Warning", reason: string, msg: string, kind: string, name: string, label: AnomalyType | null) =>
    ev(
      r,
      kev,
      t,
      {
        level: type === "Warning" ? "WARNING" : "INFO",
        msg,
        f: {
          reason,
          type,
          involvedObject: { kind, name, namespace: kind === "Node" ? "" : ns },
          source: { component: reason === "OOMKilling" ? "kernel-monitor" : "kubelet", host: node },
          ns: "monitoring",
        },
      },
      label,
    );
  kev.bg = [
    [
      (rr) => ({
        level: "INFO",
        msg: `Successfully pulled image "registry.example.com/shop/${rr.pick(["cart", "catalog", "frontend"])}:1.${rr.int(40, 60)}.${rr.int(0, 9)}" in ${rr.int(400, 3000)}ms`,
        f: { reason: "Pulled", type: "Normal", ns: "monitoring" },
      }),
      1,
    ],
    [
      (rr) => ({
        level: "INFO",
        msg: `New size: ${rr.int(3, 6)}; reason: cpu resource utilization (percentage of request) above target`,
        f: { reason: "SuccessfulRescale", type: "Normal", involvedObject: { kind: "HorizontalPodAutoscaler", name: "frontend" }, ns: "monitoring" },
      }),
      0.6,
    ],
    [
      (rr) => ({
        level: "INFO",
        msg: `Created pod: frontend-${rr.int(5, 7)}${rr.hex(9)}-${rr.alnum(5)}`,
        f: { reason: "SuccessfulCreate", type: "Normal", ns: "monitoring" },
      }),
      0.6,
    ],
  ];
  const svcs = [fe, rec, cart, cat, checkout, kev];
  const a: Ev[] = [];
  const [r1, r2] = rec.pods as [string, string];
  const kills: [string, number][] = [];
  // recommender r1 loads a new embedding table every refresh and never frees the old one
  const leakFrom = t0 + r.int(5, 12) * MIN;
  let life = leakFrom;
  const pctR1 = (t: number) => {
    const last =
      kills
        .filter(([, k]) => k <= t)
        .map(([, k]) => k)
        .pop() ?? life;
    return 40 + ((t - last) / MIN) * 3.2;
  };
  for (let t = t0 + r.int(0, 20_000); t < t1; t += 20_000) {
    if (t > leakFrom) {
      const p = pctR1(t);
      if (p >= 99) {
        kills.push([r1, t + r.int(0, 8000)]);
        life = t;
        continue;
      }
      a.push(ev(r, rec, t, memStats(r, rec, round(p, 1), p >= 90 ? "WARNING" : "INFO"), p >= 85 ? "memory" : null, r1));
    } else a.push(ev(r, rec, t, memStats(r, rec, round(r.normal(40, 2), 1)), null, r1));
    a.push(ev(r, rec, t + r.int(0, 5000), memStats(r, rec, round(r.normal(41, 2), 1)), null, r2));
  }
  for (const [i0, [pod, k]] of kills.entries()) {
    a.push(
      kEv(
        k,
        "Warning",
        "OOMKilling",
        `Memory cgroup out of memory: Killed process ${r.int(1000, 9000)} (python) total-vm:${r.int(1.4e6, 1.8e6)}kB, anon-rss:${r.int(1.02e6, 1.05e6)}kB, file-rss:${r.int(1e4, 5e4)}kB, shmem-rss:0kB, UID:1000 pgtables:${r.int(2500, 4000)}kB oom_score_adj:${r.int(900, 999)}`,
        "Node",
        node,
        "memory",
      ),
    );
    a.push(
      kEv(
        k + r.int(500, 2000),
        "Normal",
        "Pulled",
        `Container image "registry.example.com/shop/recommender:2.7.1" already present on machine`,
        "Pod",
        pod,
        "pattern",
      ),
    );
    a.push(kEv(k + r.int(2001, 3000), "Normal", "Started", "Started container recommender", "Pod", pod, "pattern"));
    for (let i = 0, n = r.int(2, 4); i < n; i++)
      a.push(
        kEv(k + 3000 + i * r.int(5000, 10000), "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", "Pod", pod, "error"),
      );
    if (i0 > 0)
      a.push(
        kEv(
          k + r.int(12_000, 20_000),
          "Warning",
          "BackOff",
          `Back-off restarting failed container recommender in pod ${pod}_${ns}(${r.uuid()})`,
          "Pod",
          pod,
          "pattern",
        ),
      );
    for (let i = 0, n = r.int(2, 4); i < n; i++)
      a.push(ev(r, rec, k + 3000 + i * 4000, { level: "INFO", msg: "loading embedding table", f: { rows: 2_400_000, dim: 256 } }, "pattern", pod));
    // frontend calls in the gap fail
    for (const tt of burst(r, r.int(4, 8), k, 2500)) {
      const tid = traceId(r);
      a.push(
        ev(
          r,
          fe,
          tt,
          {
            level: "ERROR",
            msg: "request failed",
            f: {
              trace_id: tid,
              span_id: spanId(r),
              method: "GET",
              route: `/api/recommendations?user=${userId(r)}`,
              status_code: 503,
              latency_ms: round(r.float(1, 8), 1),
              error: "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
            },
          },
          "error",
        ),
      );
      a.push(
        ev(r, fe, tt + 2, { level: "WARNING", msg: "recommendations unavailable, rendering page without slot", f: { trace_id: tid, slot: "home" } }, "error"),
      );
    }
  }
  // the node runs short of memory; kubelet evicts a neighbour
  const squeeze = kills[1]?.[1] ?? kills[0]?.[1] ?? t0 + 40 * MIN;
  a.push(
    kEv(
      squeeze - r.int(30_000, 60_000),
      "Normal",
      "NodeHasInsufficientMemory",
      `Node ${node} status is now: NodeHasInsufficientMemory`,
      "Node",
      node,
      "memory",
    ),
  );
  a.push(kEv(squeeze - r.int(20_000, 29_000), "Warning", "EvictionThresholdMet", "Attempting to reclaim memory", "Node", node, "memory"));
  const victim = cart.pods[0] as string;
  a.push(
    kEv(
      squeeze - r.int(10_000, 19_000),
      "Warning",
      "Evicted",
      `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${r.int(60000, 99000)}Ki. Container cart was using ${r.int(300, 480)}Mi, request is 256Mi, has larger consumption of memory.`,
      "Pod",
      victim,
      "memory",
    ),
  );
  a.push(kEv(squeeze - r.int(5000, 9000), "Normal", "Killing", "Stopping container cart", "Pod", victim, "memory"));
  a.push(
    kEv(squeeze + r.int(30_000, 60_000), "Normal", "NodeHasSufficientMemory", `Node ${node} status is now: NodeHasSufficientMemory`, "Node", node, "memory"),
  );
  // routine: a scale-up of frontend earlier, pods starting normally
  const scale = t0 + r.int(2, 8) * MIN;
  const newPod = podName("frontend", r);
  a.push(
    kEv(
      scale,
      "Normal",
      "SuccessfulRescale",
      "New size: 5; reason: cpu resource utilization (percentage of request) above target",
      "HorizontalPodAutoscaler",
      "frontend",
      null,
    ),
  );
  a.push(kEv(scale + 400, "Normal", "Scheduled", `Successfully assigned ${ns}/${newPod} to ${node}`, "Pod", newPod, null));
  a.push(kEv(scale + 2400, "Normal", "Pulled", `Container image "registry.example.com/shop/frontend:1.52.3" already present on machine`, "Pod", newPod, null));
  a.push(kEv(scale + 2900, "Normal", "Started", "Started container frontend", "Pod", newPod, null));
  a.push(
    kEv(
      scale + 5200,
      "Warning",
      "Unhealthy",
      'Readiness probe failed: Get "http://10.0.3.91:8080/ready": dial tcp 10.0.3.91:8080: connect: connection refused',
      "Pod",
      newPod,
      null,
    ),
  );
  return assemble(
    "k8s-recommender-oomkill",
    "Kubernetes JSON app logs with trace ids and cluster events: a recommender pod's memory climbs until it is OOM-killed, again and again into back-off; the frontend's calls fail with 503 while the node runs short of memory and evicts a cart pod; an earlier autoscale is routine",
    fill(r, svcs, t0, t1, 5000, a),
  );
}

function mixedProducers(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 60 * MIN;
  const bff = makeSvc(r, "web-bff", "gateway", "pino", { weight: 1.6 });
  const acc = makeSvc(r, "accounts", "auth", "python", { weight: 1 });
  const orders = makeSvc(r, "orders", "checkout", "logback", { weight: 0.9 });
  const ledger = makeSvc(r, "ledger", "payment", "otel", { weight: 0.7 });
  const price = makeSvc(r, "pricing", "pricing", "zap", { weight: 1.3 });
  const ship = makeSvc(r, "shipping", "shipping", "k8s", { weight: 0.7 });
  const legacy = makeSvc(r, "stock-sync", "inventory", "canonical", { weight: 0.6 });
  const svcs = [bff, acc, orders, ledger, price, ship, legacy];
  const ng = "edge-nginx";
  const jvm: Jvm = { svc: "orders", inst: orders.pods[0] as string, maxMb: 2048, gc: r.int(100, 900) };
  const c = cluster(r, 8);
  const a: Ev[] = [
    ...sprinkle(r, acc, r.int(18, 22), t0, t1, "error", () => ({
      level: "ERROR",
      msg: "Failed to refresh OAuth token for provider google: invalid_grant (Token has been expired or revoked.)",
      logger: "accounts.oauth",
    })),
    ...sprinkle(r, bff, r.int(5, 7), t0, t1, "memory", (rr, s) => memoryHigh(rr, s, round(rr.float(92, 98), 1)), false),
    ...sprinkle(r, orders, r.int(5, 7), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(15, 40)), false),
    ...sprinkle(
      r,
      ledger,
      r.int(4, 6),
      t0,
      t1,
      "error",
      (rr, s) => ({
        level: "ERROR",
        msg: "posting rejected: ledger balance check failed",
        f: { account: `acct_${rr.alnum(10)}`, delta: `-${(rr.lognormal(200, 1) + 1).toFixed(2)}` },
        stack: javaStack(rr, s, "com.example.ledger.BalanceInvariantViolation: debit exceeds available balance"),
      }),
      false,
    ),
    ...sprinkle(r, price, r.int(10, 12), t0, t1, "pattern", (rr) => ({
      level: "INFO",
      msg: "feature flag override applied",
      f: { flag: "pricing.engine.v2", rollout: "100%", actor: "unknown:api-key-7c1e", previous: "5%", request_id: rr.alnum(12) },
    })),
    ...sprinkle(r, ship, r.int(4, 5), t0, t1, "performance", (rr, s) => timeout(rr, s, "api.dhl.com", 15000), false),
    ...sprinkle(
      r,
      legacy,
      r.int(3, 4),
      t0,
      t1,
      "error",
      () => ({ level: "ERROR", msg: "stock sync failed: SFTP connection to wh-3.partner.example refused" }),
      false,
    ),
    ...scatter(r, r.int(4, 6), t0, t1, false).map((tt) =>
      accessEv(r, ng, tt, { method: "POST", path: "/api/checkout", status: 504, rt: 30.001 + r.float(0, 0.004) }, "performance"),
    ),
    ...scatter(r, r.int(2, 3), t0 + 10 * MIN, t1, false).map((tt) =>
      gcEv(jvm, tt, `GC(${jvm.gc++}) Pause Full (G1 Compaction Pause) ${2040}M->${r.int(1900, 1990)}M(2048M) ${r.float(1500, 4000).toFixed(3)}ms`, "memory"),
    ),
    sysEv(
      r.int(t0 + 5 * MIN, t1 - 5 * MIN),
      ["sshd", "INFO", c.mgmt, `Accepted password for root from ${r.ip()} port ${r.int(40000, 65000)} ssh2`, "authpriv"],
      "pattern",
    ),
  ];
  const n = 5000 - a.length;
  const times = r.times(n, t0, t1);
  const ws = svcs.map((s) => [s, s.weight] as const);
  const normal = times.map((tt) => {
    const x = r.next();
    if (x < 0.16) return normalAccess(r, ng, tt);
    if (x < 0.19) return youngPause(r, jvm, tt, r.normal(520, 50), null)[0] as Ev;
    if (x < 0.23) return sysEv(tt, r.weighted(ROUTINE)(r, c), null);
    const s = r.weighted(ws);
    return ev(r, s, tt, r.chance(s.reqShare) ? requestLine(r, s) : r.weighted(s.bg)(r, s));
  });
  return assemble(
    "platform-mixed-producers",
    "One incident written by every producer at once (nginx, pino, python-json-logger, logback, OpenTelemetry, zap, Kubernetes JSON, a GC log, rsyslog, a plain JSON logger) with anomalies of all four types scattered",
    [...a, ...normal],
  );
}

export function producerScenarios(r: Rng): Scenario[] {
  return [
    pinoBffHeapLeak(r.fork("pino")),
    logbackOrdersKafka(r.fork("logback")),
    otelCollectorBackpressure(r.fork("otel")),
    nginxEdge(r.fork("nginx")),
    jvmGcHeapExhaustion(r.fork("gc")),
    k8sRecommenderOom(r.fork("k8s")),
    mixedProducers(r.fork("mixed")),
  ];
}

export type { Line };
