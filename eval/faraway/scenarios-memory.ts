// Memory trouble in three runtimes: a JVM heap leak seen through unified GC logs, a Node.js
// leak seen through process.memoryUsage(), a Redis cache filling up without eviction.

import type { Scenario } from "../blind/types.js";
import { epochSeconds, iso, MIN, redisTime, SEC, startTime } from "./clock.js";
import { ecs, monolog, winston } from "./formats.js";
import { every, Incident, type Label, poisson, ramp, round } from "./incident.js";
import type { Rng } from "./rng.js";
import { javaStack, podName, shortId } from "./vocab.js";

/**
 * search-indexer (Java 17, G1, 4 GB heap): a slow leak raises the heap left after each young GC
 * from ~20% to full; concurrent cycles, to-space exhaustion and full GCs follow, indexing slows,
 * then OutOfMemoryError, a heap dump and a restart. GC lines as filebeat ships them from gc.log.
 */
export function jvmGcHeapLeak(rng: Rng): Scenario {
  const start = startTime(rng, 0, 23);
  const inc = new Incident(start, start + rng.int(85, 100) * MIN);
  const oom = inc.at(rng.float(0.8, 0.88));
  const restart = oom + rng.float(25, 45) * SEC;
  const pod = podName(rng, "search-indexer");
  const MAX = 4096;
  const jvmStart1 = start - rng.float(20, 40) * 3600_000;
  const leak0 = rng.float(650, 800);
  const leakAt = (t: number): number => (t < oom ? leak0 + (MAX - 120 - leak0) * ((t - start) / (oom - start)) ** 1.15 : 560 + ((t - restart) / 60000) * 4);
  const uptime = (t: number): string => `${((t - (t < oom ? jvmStart1 : restart)) / 1000).toFixed(3)}s`;
  let gcId = rng.int(18000, 26000);
  const gc = (t: number, tags: string, text: string, label: Label, level = "info"): void => {
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        message: `[${iso(t, { numericUtc: true, compactOffset: true })}][${uptime(t)}][${level}][${tags}] ${text}`,
        "log.file.path": "/var/log/search-indexer/gc.log",
        "service.name": "search-indexer",
        "host.name": pod,
        "agent.type": "filebeat",
      },
      label,
    );
  };
  const app = (
    t: number,
    level: "INFO" | "WARN" | "ERROR",
    logger: string,
    thread: string,
    msg: string,
    label: Label,
    fields: Record<string, unknown> = {},
  ): void => {
    inc.add(t, ecs(t, level, "search-indexer", logger, thread, msg, { "host.name": pod, ...fields }), label);
  };
  const heavy = (L: number): boolean => L >= 0.8 * MAX;

  // young collections, concurrent cycles, mixed collections, full GCs
  let t = start + rng.float(0, 4000);
  let cycleCountdown = rng.int(6, 12);
  while (t < inc.end) {
    if (t >= oom && t < restart + 8000) {
      t = restart + 8000;
      gcId = 0;
      continue;
    }
    const L = leakAt(t);
    const eden = Math.max(90, Math.min(1900, MAX - L - 220));
    const before = Math.round(L + eden);
    const after = Math.round(L + rng.float(25, 70));
    const pause = rng.logn(14, 0.35) * (L > 0.85 * MAX ? rng.float(3, 9) : 1);
    const lab: Label = heavy(after) ? "memory" : null;
    if (L > 0.93 * MAX && rng.chance(0.35)) {
      gc(t, "gc", `GC(${gcId}) To-space exhausted`, "memory");
      gc(
        t + 1,
        "gc",
        `GC(${gcId}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(MAX - rng.float(2, 20))}M->${Math.round(MAX - rng.float(40, 90))}M(${MAX}M) ${rng.float(120, 480).toFixed(3)}ms`,
        "memory",
      );
      gcId++;
      const full = rng.float(1400, 3800);
      gc(
        t + 500 + full,
        "gc",
        `GC(${gcId}) Pause Full (G1 Compaction Pause) ${MAX - rng.int(1, 8)}M->${Math.round(L - rng.float(10, 60))}M(${MAX}M) ${full.toFixed(3)}ms`,
        "memory",
      );
      gcId++;
      t += 500 + full + rng.float(300, 1500);
      continue;
    }
    gc(t, "gc", `GC(${gcId}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(${MAX}M) ${pause.toFixed(3)}ms`, lab);
    gcId++;
    if (L > 0.45 * MAX && --cycleCountdown <= 0) {
      cycleCountdown = Math.max(2, Math.round(rng.int(6, 12) * (1 - L / MAX) * 2));
      const c = t + rng.float(800, 2000);
      gc(
        c,
        "gc",
        `GC(${gcId}) Pause Young (Concurrent Start) (G1 Evacuation Pause) ${before}M->${after + rng.int(0, 20)}M(${MAX}M) ${(pause * 1.2).toFixed(3)}ms`,
        lab,
      );
      const markId = gcId + 1;
      gc(c + 2, "gc", `GC(${markId}) Concurrent Mark Cycle`, lab);
      const mark = rng.logn(380, 0.3) * (L / MAX + 0.5);
      gc(c + mark, "gc", `GC(${markId}) Pause Remark ${after + 40}M->${after + 30}M(${MAX}M) ${rng.float(6, 20).toFixed(3)}ms`, lab);
      gc(c + mark + 60, "gc", `GC(${markId}) Pause Cleanup ${after + 30}M->${after + 30}M(${MAX}M) ${rng.float(0.1, 0.6).toFixed(3)}ms`, lab);
      gc(c + mark + 61, "gc", `GC(${markId}) Concurrent Mark Cycle ${mark.toFixed(3)}ms`, lab);
      gcId += 2;
      const m = c + mark + rng.float(1500, 4000);
      gc(m, "gc", `GC(${gcId}) Pause Young (Prepare Mixed) (G1 Evacuation Pause) ${before}M->${after}M(${MAX}M) ${pause.toFixed(3)}ms`, lab);
      gc(
        m + rng.float(1500, 3000),
        "gc",
        `GC(${gcId + 1}) Pause Young (Mixed) (G1 Evacuation Pause) ${before - 100}M->${Math.round(after - rng.float(5, 40))}M(${MAX}M) ${(pause * 1.4).toFixed(3)}ms`,
        lab,
      );
      gcId += 2;
      t = m + 3500;
    }
    t += Math.max(1200, (eden / 380) * 1000 * rng.float(0.8, 1.2));
  }

  // the application: Kafka batches into Elasticsearch, an admin API
  poisson(rng, inc.start, inc.end, rng.float(0.3, 0.36), (t0) => {
    if (t0 >= oom && t0 < restart + 20 * SEC) return;
    const L = leakAt(t0);
    const slow = t0 < oom && L > 0.85 * MAX;
    const took = rng.logn(780, 0.3) * (slow ? rng.float(3, 14) : 1);
    const docs = rng.pick([500, 500, 500, 250, 117]);
    const thread = `indexer-worker-${rng.int(1, 4)}`;
    app(
      t0 + took,
      "INFO",
      "com.acme.indexer.BulkIndexer",
      thread,
      `Indexed batch of ${docs} documents into products-v7 in ${Math.round(took)} ms`,
      took > 2400 ? "performance" : null,
      { took_ms: Math.round(took), "event.dataset": "search-indexer.log" },
    );
    if (rng.chance(0.04))
      app(
        t0 + took + 1,
        "ERROR",
        "com.acme.indexer.DocumentMapper",
        thread,
        `Failed to map document id=${rng.int(1000000, 9999999)}: field [price] could not parse value 'N/A' as float; skipping`,
        null,
      );
  });
  poisson(rng, inc.start, inc.end, rng.float(0.12, 0.16), (t0) => {
    if (t0 >= oom && t0 < restart + 20 * SEC) return;
    const L = leakAt(t0);
    const d = rng.logn(6, 0.4) * (t0 < oom && L > 0.88 * MAX ? rng.float(20, 200) : 1);
    const path = rng.pick(["/api/index/status", "/api/index/lag", "/actuator/health", "/actuator/prometheus"]);
    app(
      t0 + d,
      "INFO",
      "com.acme.indexer.web.AccessLog",
      `http-nio-8080-exec-${rng.int(1, 10)}`,
      `GET ${path} 200 ${Math.round(d)}ms`,
      d > 250 ? "performance" : null,
      { "http.request.method": "GET", "url.path": path, "http.response.status_code": 200, "event.duration": Math.round(d * 1e6) },
    );
  });
  every(rng, inc.start, inc.end, 2 * MIN, 10 * SEC, (t0) =>
    app(
      t0,
      "WARN",
      "org.elasticsearch.client.RestClient",
      "I/O dispatcher 3",
      `request [POST http://es-data-${rng.int(0, 2)}:9200/_bulk] returned 1 warnings: [299 Elasticsearch-8.15.1 "[types removal] Specifying types in bulk requests is deprecated."]`,
      null,
    ),
  );

  // symptoms near the end of the first JVM, the OOM, the heap dump and the restart
  const pollLate = oom - rng.float(60, 120) * SEC;
  app(
    pollLate,
    "WARN",
    "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
    "kafka-coordinator-heartbeat-thread | search-indexer",
    "[Consumer clientId=search-indexer-1, groupId=search-indexer] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.",
    "performance",
  );
  app(oom, "ERROR", "com.acme.indexer.IndexerRunner", "indexer-worker-2", "Uncaught exception in indexer worker; shutting down", "memory", {
    "error.type": "java.lang.OutOfMemoryError",
    "error.message": "Java heap space",
    "error.stack_trace": javaStack("java.lang.OutOfMemoryError: Java heap space", [
      "java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
      "java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:228)",
      "com.fasterxml.jackson.core.util.TextBuffer.expandCurrentSegment(TextBuffer.java:1051)",
      "com.acme.indexer.cache.EnrichmentCache.put(EnrichmentCache.java:77)",
      "com.acme.indexer.BulkIndexer.enrich(BulkIndexer.java:142)",
    ]),
  });
  const raw = (t0: number, message: string, label: Label): void => {
    inc.add(t0, { "@timestamp": iso(t0), message, stream: "stderr", "service.name": "search-indexer", "host.name": pod }, label);
  };
  raw(oom + 3, "java.lang.OutOfMemoryError: Java heap space", "memory");
  raw(oom + 4, "Dumping heap to /dumps/java_pid1.hprof ...", "memory");
  raw(oom + 19_000, `Heap dump file created [${rng.int(4_100_000_000, 4_290_000_000)} bytes in ${rng.float(14, 22).toFixed(3)} secs]`, "memory");
  raw(oom + 19_100, "Terminating due to java.lang.OutOfMemoryError: Java heap space", "memory");
  gc(restart + 400, "gc", "Using G1", "pattern");
  gc(restart + 410, "gc,init", "Version: 17.0.12+7 (release)", null);
  gc(restart + 411, "gc,init", "Heap Region Size: 2M", null);
  gc(restart + 412, "gc,init", `Heap Initial Capacity: 1G`, null);
  gc(restart + 413, "gc,init", `Heap Max Capacity: 4G`, null);
  app(
    restart + 2500,
    "INFO",
    "com.acme.indexer.SearchIndexerApplication",
    "main",
    "Starting SearchIndexerApplication v2.14.3 using Java 17.0.12 with PID 1 (/app/app.jar started by app in /app)",
    "pattern",
  );
  app(restart + 2600, "INFO", "com.acme.indexer.SearchIndexerApplication", "main", 'The following 1 profile is active: "prod"', null);
  app(
    restart + 16_800,
    "INFO",
    "com.acme.indexer.SearchIndexerApplication",
    "main",
    `Started SearchIndexerApplication in ${rng.float(13, 16).toFixed(3)} seconds (process running for ${rng.float(16, 18).toFixed(2)})`,
    "pattern",
  );
  app(
    restart + 19_000,
    "INFO",
    "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
    "main",
    "[Consumer clientId=search-indexer-1, groupId=search-indexer] Adding newly assigned partitions: products-0, products-1, products-2, products-3",
    null,
  );

  return inc.build(
    "jvm-gc-heap-leak-oom",
    "a JVM heap leak seen in G1 unified GC logs: post-GC heap climbs, concurrent cycles, to-space exhausted, full GCs, slow batches, then OutOfMemoryError, heap dump and restart (ECS + filebeat)",
  );
}

/**
 * ws-gateway (Node 20, winston): subscriptions are never released; heapUsed climbs from ~200 MB to
 * the 2 GB limit over an hour, the event loop stalls, V8 aborts with "heap out of memory" and
 * clients reconnect in a burst. heapUsed/heapTotal stays ~90% all along: only the absolute figure
 * against the limit shows the leak.
 */
export function nodeHeapLeak(rng: Rng): Scenario {
  const start = startTime(rng, 5, 23);
  const inc = new Incident(start, start + rng.int(80, 95) * MIN);
  const crash = inc.at(rng.float(0.78, 0.86));
  const back = crash + rng.float(6, 12) * SEC;
  const LIMIT = 2048;
  const base0 = rng.float(170, 230);
  const heapUsed = (t: number): number =>
    t < crash ? base0 + (LIMIT - 20 - base0) * ((t - start) / (crash - start)) ** 1.3 : base0 + ((t - back) / 60000) * 6;
  const s = "ws-gateway";
  const pod = podName(rng, s);
  let subs = rng.int(4000, 5000);
  const w = (t: number, level: "debug" | "info" | "warn" | "error", msg: string, label: Label = null, fields: Record<string, unknown> = {}): void => {
    inc.add(t, winston(t, level, s, msg, { pod, ...fields }), label);
  };
  const stderr = (t: number, line: string, label: Label): void => {
    inc.add(t, { timestamp: iso(t, { frac: 9 }), stream: "stderr", service: s, pod, message: line }, label);
  };

  // connections, subscriptions, token requests
  poisson(rng, inc.start, inc.end, rng.float(0.55, 0.65), (t) => {
    if (t >= crash && t < back + 60 * SEC) return;
    const k = rng.weighted([
      ["conn", 3],
      ["disc", 3],
      ["sub", 2],
      ["token", 2],
    ] as const);
    const user = rng.int(100000, 999999);
    if (k === "conn")
      w(t, "info", "client connected", null, { sessionId: rng.hex(12), userId: user, transport: rng.pick(["websocket", "websocket", "polling"]) });
    else if (k === "disc")
      w(t, "info", "client disconnected", null, {
        sessionId: rng.hex(12),
        userId: user,
        reason: rng.pick(["transport close", "ping timeout", "client namespace disconnect"]),
        durationS: Math.round(rng.logn(600, 1)),
      });
    else if (k === "sub") {
      subs += 1;
      w(t, "info", "subscribed", null, {
        channel: rng.pick([`orders:${user}`, `prices:${rng.pick(["EURUSD", "BTCEUR", "AAPL", "MSFT"])}`, `chat:room-${rng.int(1, 400)}`]),
        userId: user,
      });
    } else {
      const d = rng.logn(11, 0.4) * (t < crash && heapUsed(t) > 0.85 * LIMIT ? rng.float(10, 60) : 1);
      w(t + d, "info", `POST /api/ws-token 200 ${Math.round(d)}ms`, d > 120 ? "performance" : null, {
        method: "POST",
        url: "/api/ws-token",
        status: 200,
        responseTime: Math.round(d),
      });
    }
  });

  // memory statistics and the event-loop monitor every 30 s
  every(rng, inc.start, inc.end, 30 * SEC, 400, (t) => {
    if (t >= crash && t < back) return;
    const hu = heapUsed(t) * rng.float(0.97, 1.03);
    const ht = Math.min(LIMIT + 40, hu * rng.float(1.06, 1.12) + 20);
    subs += t < crash ? rng.int(80, 140) : rng.int(-10, 20);
    if (t >= back && subs > 6000) subs = rng.int(4000, 5000);
    w(t, "info", "memory usage", hu >= 0.75 * LIMIT ? "memory" : null, {
      heapUsedMB: round(hu, 1),
      heapTotalMB: round(ht, 1),
      rssMB: round(ht + rng.float(90, 140), 1),
      externalMB: round(rng.float(18, 26), 1),
      heapSizeLimitMB: LIMIT + 48,
      activeSockets: rng.int(1900, 2300),
      subscriptions: subs,
    });
    const lag = hu > 0.8 * LIMIT ? rng.logn(120, 0.4) * (1 + (hu / LIMIT - 0.8) * 25) : rng.logn(14, 0.3);
    w(t + 5, "info", "event loop delay", lag > 150 ? "performance" : null, {
      p50Ms: round(lag * 0.4, 1),
      p99Ms: round(lag, 1),
      maxMs: round(lag * rng.float(1.3, 2.2), 1),
    });
    if (lag > 500) w(t + 6, "warn", `event loop blocked for ${Math.round(lag * 1.6)}ms`, "performance", { threshold: 500 });
  });

  // the early warning, the crash, the restart and the reconnect burst
  const early = inc.at(rng.float(0.08, 0.15));
  w(
    early,
    "warn",
    "(node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 message listeners added to [Redis]. Use emitter.setMaxListeners() to increase limit",
    "memory",
  );
  const tail = [
    "<--- Last few GCs --->",
    "",
    `[1:0x6b3c1e0] ${Math.round((crash - start) / 1000 + 86400)}123 ms: Mark-Compact (reduce) 2041.3 (2083.2) -> 2039.8 (2082.7) MB, pooled: 0 MB, 1820.41 / 0.00 ms  (average mu = 0.093, current mu = 0.012) allocation failure; scavenge might not succeed`,
    "<--- JS stacktrace --->",
    "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    "----- Native stack trace -----",
    " 1: 0xb8d0a3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]",
    " 2: 0xf03690 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
    " 3: 0xf03977 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
  ];
  tail.forEach((line, i) => {
    if (line) stderr(crash + i * 2, line, "memory");
  });
  w(back, "info", "ws-gateway 4.2.1 listening on :8080 (node v20.15.1, pid 1)", "pattern");
  w(back + 80, "info", "connected to redis sentinel master mymaster at 10.0.7.12:6379", null);
  poisson(rng, back + 300, back + rng.float(30, 40) * SEC, rng.float(3, 4), (t) => {
    w(t, "info", "client connected", "pattern", { sessionId: rng.hex(12), userId: rng.int(100000, 999999), transport: "websocket", reconnect: true });
  });

  // routine noise
  poisson(rng, inc.start, inc.end, 1 / 60, (t) =>
    w(t, "warn", "rejected connection: invalid token", null, { reason: rng.pick(["jwt expired", "jwt malformed", "invalid signature"]), ip: rng.publicIp() }),
  );
  every(rng, inc.start, inc.end, 15 * MIN, MIN, (t) =>
    w(t, "error", "presence sync failed: ReplyError: BUSYKEY Target key name already exists.", null, { key: "presence:snapshot" }),
  );

  return inc.build(
    "node-heap-leak-oom",
    "a Node.js websocket gateway leaks subscriptions: heapUsed climbs to the 2 GB limit (ratio to heapTotal stays ~90%), event loop stalls, V8 heap OOM, reconnect burst (winston)",
  );
}

/**
 * catalog-api (Symfony, Monolog) caches products in Redis; after a failover the new primary runs
 * with maxmemory-policy noeviction, fills up, writes fail with OOM, reads fall through to MySQL and
 * slow down. After the policy is fixed the cache sits at ~98% by design (normal for an LRU cache).
 */
export function redisNoevictionFill(rng: Rng): Scenario {
  const start = startTime(rng, 8, 20);
  const inc = new Incident(start, start + rng.int(65, 80) * MIN);
  const failover = inc.at(rng.float(0.12, 0.2));
  const full = inc.at(rng.float(0.5, 0.58));
  const fixed = full + rng.float(6, 10) * MIN;
  const maxmemory = 4 * 1024 ** 3;
  const used = (t: number): number =>
    (t < failover ? rng.float(0.58, 0.6) : t < full ? ramp(t, failover, full, 0.45, 0.999) : t < fixed ? rng.float(0.9995, 1.0) : rng.float(0.975, 0.985)) *
    maxmemory;
  const oomWrites = (t: number): boolean => t >= full && t < fixed;
  let current: Record<string, unknown> = {};
  const newRequest = (): void => {
    current = { app: "catalog-api", hostname: `catalog-api-${rng.int(1, 3)}`, request_id: rng.hex(16) };
  };
  const m = (t: number, lvl: "DEBUG" | "INFO" | "WARNING" | "ERROR", ch: string, msg: string, ctx: Record<string, unknown>, label: Label = null): void => {
    inc.add(t, monolog(t, lvl, ch, msg, ctx, { ...current }), label);
  };
  let pid = rng.int(1000, 9000);
  const redis = (t: number, sym: string, text: string, label: Label = null): void => {
    inc.add(
      t,
      {
        timestamp: iso(t),
        service: "redis-cache",
        level: sym === "#" ? "warning" : "notice",
        message: `1:${t < failover ? "S" : "M"} ${redisTime(t)} ${sym} ${text}`,
      },
      label,
    );
  };
  const mysqld = (t: number, prio: number, label: string, code: number, symbol: string, msg: string, lab: Label = null): void => {
    inc.add(
      t,
      {
        prio,
        err_code: code,
        source_line: rng.int(100, 9000),
        source_file: "sql_connect.cc",
        function: "end_connection",
        msg,
        time: iso(t, { frac: 6 }),
        ts: Math.floor(t),
        thread: rng.int(100, 90000),
        err_symbol: symbol,
        SQL_state: "HY000",
        subsystem: "Server",
        label,
        service: "mysqld",
      },
      lab,
    );
  };

  poisson(rng, inc.start, inc.end, rng.float(0.42, 0.48), (t) => {
    const id = rng.int(1000, 60000);
    newRequest();
    const route = rng.weighted([
      ["product_show", 60],
      ["category_list", 25],
      ["search", 15],
    ] as const);
    const uri =
      route === "product_show"
        ? `/api/products/${id}`
        : route === "category_list"
          ? `/api/categories/${rng.int(1, 80)}/products?page=${rng.int(1, 5)}`
          : `/api/search?q=${rng.pick(["tent", "stove", "boots", "lamp"])}`;
    m(t, "INFO", "request", `Matched route "${route}".`, {
      route,
      route_parameters: { _route: route, id: String(id) },
      request_uri: `https://catalog.internal${uri}`,
      method: "GET",
    });
    const cached = rng.chance(oomWrites(t) ? 0.25 : 0.9);
    let d = rng.logn(route === "product_show" ? 18 : 55, 0.4);
    let label: Label = null;
    if (!cached) {
      const q = rng.logn(14, 0.4) * (oomWrites(t) ? rng.float(8, 60) : 1);
      d += q;
      m(
        t + d - 2,
        "INFO",
        "cache",
        `Cache miss for product:${id}, loaded from MySQL in ${Math.round(q)}ms`,
        { key: `product:${id}`, duration_ms: Math.round(q) },
        q > 150 ? "performance" : null,
      );
      if (q > 1000)
        m(
          t + d - 1,
          "WARNING",
          "doctrine",
          `Slow query (${(q / 1000).toFixed(2)}s): SELECT p0_.id, p0_.sku, p0_.name, p0_.price_cents FROM product p0_ LEFT JOIN product_translation p1_ ON p0_.id = p1_.product_id WHERE p0_.id = ?`,
          { params: [id], duration_ms: Math.round(q) },
          "performance",
        );
      if (oomWrites(t))
        m(
          t + d - 1,
          "ERROR",
          "cache",
          `Failed to store product:${id} in cache: OOM command not allowed when used memory > 'maxmemory'.`,
          {
            key: `product:${id}`,
            exception: {
              class: "RedisException",
              message: "OOM command not allowed when used memory > 'maxmemory'.",
              code: 0,
              file: "/srv/app/vendor/symfony/cache/Traits/RedisTrait.php:592",
            },
          },
          "memory",
        );
      if (d > 4 * 55) label = "performance";
    }
    m(t + d, "INFO", "http", `GET ${uri.split("?")[0]} 200 ${Math.round(d)}ms`, { status: 200, duration_ms: Math.round(d) }, label);
  });

  // redis: stats every 30 s, persistence, the failover
  let evicted = 0;
  let misses = rng.int(1_000_000, 2_000_000);
  every(rng, inc.start, inc.end, 30 * SEC, 300, (t) => {
    const u = used(t);
    if (t >= fixed) evicted += rng.int(300, 1200);
    misses += oomWrites(t) ? rng.int(1500, 3000) : rng.int(100, 300);
    inc.add(
      t,
      {
        time: epochSeconds(t),
        service: "redis-monitor",
        level: "info",
        msg: "redis stats",
        used_memory: Math.round(u),
        maxmemory,
        used_memory_rss: Math.round(u * rng.float(1.08, 1.15)),
        maxmemory_policy: t >= failover && t < fixed ? "noeviction" : "allkeys-lru",
        evicted_keys: evicted,
        keyspace_misses: misses,
        connected_clients: rng.int(180, 240),
        instantaneous_ops_per_sec: rng.int(2500, 4200),
      },
      t >= failover && t < fixed && u > 0.9 * maxmemory ? "memory" : null,
    );
  });
  every(rng, inc.start, inc.end, 5 * MIN, 5 * SEC, (t) => {
    redis(t, "*", "100 changes in 300 seconds. Saving...");
    redis(t + 5, "*", `Background saving started by pid ${++pid}`);
    const d = rng.float(9, 20) * SEC;
    redis(t + d, "*", "DB saved on disk");
    redis(t + d + 2, "*", `Fork CoW for RDB: current ${rng.int(4, 20)} MB, peak ${rng.int(20, 40)} MB, average ${rng.int(4, 15)} MB`);
    redis(t + d + 80, "*", "Background saving terminated with success");
  });
  redis(failover - 3200, "#", "Connection with master lost.", "pattern");
  redis(failover - 3199, "*", "Caching the disconnected master state.", null);
  redis(
    failover,
    "*",
    `MASTER MODE enabled (user request from 'id=${rng.int(5, 40)} addr=10.0.7.${rng.int(2, 200)}:${rng.int(30000, 60000)} laddr=10.0.7.12:6379 fd=11 name=sentinel-${rng.hex(8)}-cmd age=${rng.int(1000, 90000)} idle=0 flags=x db=0 sub=0 psub=0 ssub=0 multi=4 qbuf=188 qbuf-free=20286 argv-mem=4 multi-mem=169 rbs=1024 rbp=1024 obl=45 oll=0 omem=0 tot-mem=22693 events=r cmd=exec user=default redir=-1 resp=2 lib-name= lib-ver=')`,
    "pattern",
  );
  redis(failover + 40, "*", "CONFIG REWRITE executed with success.", null);
  redis(fixed, "*", "CONFIG SET maxmemory-policy allkeys-lru (from 10.0.7.2, user default)", null);

  // mysqld: routine aborted connections, page cleaner trouble under the miss storm
  poisson(rng, inc.start, inc.end, 1 / 45, (t) =>
    mysqld(
      t,
      2,
      "Note",
      10914,
      "ER_ABORTING_USER_CONNECTION",
      `Aborted connection ${rng.int(10000, 99999)} to db: 'catalog' user: 'app' host: '10.0.2.${rng.int(10, 60)}' (Got an error reading communication packets).`,
    ),
  );
  every(rng, full + 90 * SEC, fixed, 70 * SEC, 20 * SEC, (t) =>
    mysqld(
      t,
      1,
      "Warning",
      11006,
      "ER_IB_MSG_CLEANER",
      `InnoDB: page_cleaner: 1000ms intended loop took ${rng.int(3000, 9000)}ms. The settings might not be optimal. (flushed=${rng.int(100, 400)}, during the time.)`,
      "performance",
    ),
  );

  // routine app noise
  poisson(rng, inc.start, inc.end, 1 / 150, (t) => {
    newRequest();
    m(t, "ERROR", "app", `Price feed for supplier ${shortId(rng, "sup", 6)} rejected: currency 'RUB' is not supported`, { supplier_feed: "daily" });
  });

  return inc.build(
    "redis-noeviction-cache-fill",
    "after a Redis failover the new primary has noeviction: used_memory climbs to maxmemory, cache writes fail with OOM, MySQL slows; after the fix the cache sits at ~98% by design (Monolog, Redis, mysqld JSON)",
  );
}
