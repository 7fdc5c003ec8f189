// 2) One catalog-search JVM enters a GC death spiral: its live set grows until
// young GCs run back to back, evacuation fails, full GCs take seconds, requests
// stall, liveness probes time out and the JVM dies with OutOfMemoryError.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, ramp, round, jvmTime, ipIn, isoZ } from "./lib.js";
import { logstash, pino, structlog, filebeat, containerLog, k8sEvent, type F, type Lv } from "./producers.js";

const OOM_STACK = [
  "java.lang.OutOfMemoryError: Java heap space",
  "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
  "\tat java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:228)",
  "\tat java.base/java.lang.StringBuilder.append(StringBuilder.java:179)",
  "\tat com.fasterxml.jackson.core.util.TextBuffer.contentsAsString(TextBuffer.java:489)",
  "\tat com.acme.catalog.search.FacetAggregator.collect(FacetAggregator.java:142)",
  "\tat com.acme.catalog.search.SearchService.search(SearchService.java:88)",
  "\tat com.acme.catalog.web.SearchController.search(SearchController.java:51)",
  "\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)",
  "\t... 48 common frames omitted",
].join("\n");

export function s02GcSpiral(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(84, 96) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const onset = T0 + W * r.float(0.28, 0.38);
  const oomT = onset + W * r.float(0.36, 0.44);
  const restartT = oomT + r.int(25, 45) * 1000;
  const readyT = restartT + r.int(28, 40) * 1000;
  const MAXH = 4096;

  const rs = r.rsHash();
  const pods = [0, 1, 2].map((i) => ({ name: `catalog-search-${rs}-${r.podSuffix()}`, ip: ipIn(r, "10.12"), i }));
  const badIdx = r.int(0, 2);
  const bad = pods[badIdx];
  if (!bad) throw new Error("no pod");
  const node = (i: number): string => `ip-10-12-${40 + i}-${r.int(10, 200)}.eu-west-1.compute.internal`;
  const nodes = pods.map((p) => node(p.i));

  // Live set (old gen after GC) on the bad pod: 500 MB -> ~4000 MB at the OOM.
  const o0 = r.int(480, 620);
  const liveSet = (p: number, t: number): number => {
    if (p !== badIdx || t < onset || t >= oomT) return o0 + 80 * Math.sin(t / (9 * MIN) + p);
    const x = ramp(t, onset, oomT);
    return o0 + (MAXH - 110 - o0) * x ** 1.35;
  };
  const spiral = (p: number, t: number): boolean => p === badIdx && t >= onset && t < oomT;
  /** fraction of wall time spent in GC pauses, 0..0.9 */
  const gcFrac = (p: number, t: number): number => {
    if (!spiral(p, t)) return 0.002;
    const x = ramp(t, onset, oomT);
    return 0.002 + 0.85 * x ** 3;
  };

  // ------------------------------------------------------------ GC logs via filebeat
  const gcOff = pods.map(() => r.int(1e5, 9e6));
  const gcNum = pods.map(() => r.int(2000, 9000));
  const gcLine = (t: number, p: number, body: string, lbl: "memory" | null): void => {
    const line = `[${jvmTime(t)}][info][gc] ${body}`;
    gcOff[p] = (gcOff[p] ?? 0) + line.length + 1;
    sink.add(
      t,
      filebeat(t, line, {
        path: "/var/log/catalog-search/gc.log",
        host: pods[p]?.name ?? "",
        offset: gcOff[p] ?? 0,
        fields: { service: "catalog-search", log_type: "gc" },
      }),
      lbl,
    );
  };
  pods.forEach((_, p) => {
    let t = T0 + r.next() * 20000;
    let sinceMark = 0;
    while (t < T1) {
      if (p === badIdx && t >= oomT && t < restartT) {
        t = restartT + r.int(4000, 8000);
        gcNum[p] = 0;
        gcLine(restartT + 900, p, "Using G1", null);
        continue;
      }
      const O = liveSet(p, t);
      const eden = Math.max(60, Math.min(1500, MAXH - O - 180) * r.float(0.85, 1.0));
      const alloc = r.float(70, 95); // MB/s
      const n = gcNum[p] ?? 0;
      gcNum[p] = n + 1;
      const before = Math.round(O + eden);
      const after = Math.round(O + r.float(15, 60));
      const sp = spiral(p, t);
      const frac = after / MAXH;
      const lbl = sp && frac > 0.7 ? "memory" : null;
      if (sp && O > 3780 && r.chance(0.35)) {
        const ms = r.float(2100, 4200);
        gcLine(
          t,
          p,
          `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure) ${MAXH - r.int(1, 6)}M->${MAXH - r.int(1, 8)}M(${MAXH}M) ${round(r.float(280, 900), 3)}ms`,
          "memory",
        );
        gcNum[p] = n + 2;
        gcLine(
          t + 900,
          p,
          `GC(${n + 1}) Pause Full (G1 Compaction Pause) ${MAXH - r.int(0, 4)}M->${Math.round(O - r.float(0, 40))}M(${MAXH}M) ${round(ms, 3)}ms`,
          "memory",
        );
        if (ms > 3000 && r.chance(0.5)) {
          const th = t + ms + 200;
          sink.add(
            th,
            logstash(
              th,
              "warn",
              "com.zaxxer.hikari.pool.HikariPool",
              "HikariPool-1 housekeeper",
              `HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${r.int(31, 58)}s${r.int(100, 999)}ms).`,
              { app: "catalog-search", pod: bad.name },
            ),
            "performance",
          );
        }
        t += ms + 900 + r.float(300, 1500);
        continue;
      }
      const pause = sp ? r.float(15, 60) + 250 * ramp(t, onset, oomT) ** 2 * r.float(0.6, 1.4) : r.float(6, 24);
      const cause = O > 0.45 * MAXH && r.chance(0.25) ? "(Concurrent Start) (G1 Humongous Allocation)" : "(Normal) (G1 Evacuation Pause)";
      gcLine(t, p, `GC(${n}) Pause Young ${cause} ${before}M->${after}M(${MAXH}M) ${round(pause, 3)}ms`, lbl);
      sinceMark++;
      if (!sp && sinceMark > r.int(28, 40)) {
        // an ordinary concurrent cycle
        sinceMark = 0;
        const m = gcNum[p] ?? 0;
        gcNum[p] = m + 1;
        gcLine(t + 2, p, `GC(${m}) Concurrent Mark Cycle`, null);
        gcLine(t + 180, p, `GC(${m}) Pause Remark ${after + 40}M->${after - 30}M(${MAXH}M) ${round(r.float(3, 9), 3)}ms`, null);
        gcLine(t + 205, p, `GC(${m}) Pause Cleanup ${after - 30}M->${after - 30}M(${MAXH}M) ${round(r.float(0.1, 0.4), 3)}ms`, null);
        gcLine(t + 230, p, `GC(${m}) Concurrent Mark Cycle ${round(r.float(150, 320), 3)}ms`, null);
      }
      t += (eden / alloc) * 1000 + pause;
    }
  });

  // ------------------------------------------------------------ catalog-search app logs
  const app = (t: number, lv: Lv, p: number, logger: string, thread: string, msg: string, extra?: F, stack?: string): F =>
    logstash(t, lv, logger, thread, msg, { app: "catalog-search", version: "4.12.3", pod: pods[p]?.name, ...extra }, stack);
  const routes = [
    ["/api/v2/search", 55, 42],
    ["/api/v2/products/{id}", 30, 14],
    ["/api/v2/categories/{id}/facets", 15, 65],
  ] as const;
  const catalogLatency = (p: number, t: number, base: number): number => {
    const g = gcFrac(p, t);
    let ms = base / (1 - g);
    if (g > 0.01 && r.chance(Math.min(0.9, g * 1.5))) ms += r.float(200, 3000) * g * 4;
    return ms;
  };
  const isSlowBad = (p: number, t: number, ms: number): boolean => spiral(p, t) && ms > 400;
  pods.forEach((_pd, p) => {
    for (const t of arrivals(r, T0, T1, 4.2)) {
      if (p === badIdx && t >= oomT - 2000 && t < readyT) continue;
      const [route, , med] = r.weighted(routes.map((x) => [x, x[1]] as const));
      const base = Math.min(r.logn(med, 0.45), med * 6);
      const ms = Math.round(catalogLatency(p, t, base));
      const uri = route.replace("{id}", String(r.int(100000, 999999)));
      const status = ms > 30000 ? 503 : route.includes("products") && r.chance(0.03) ? 404 : 200;
      sink.add(
        t,
        app(t, "info", p, "com.acme.catalog.web.AccessLogFilter", `http-nio-8080-exec-${r.int(1, 40)}`, `GET ${uri} -> ${status} (${ms} ms)`, {
          http_method: "GET",
          uri,
          status,
          duration_ms: ms,
        }),
        isSlowBad(p, t, ms) ? "performance" : null,
      );
    }
    // periodic JVM memory reporter (custom, every 60 s)
    for (const t of ticks(r, T0, T1, 60000, 2000)) {
      if (p === badIdx && t >= oomT && t < readyT) continue;
      const O = liveSet(p, t);
      const eden = Math.max(40, Math.min(1500, MAXH - O - 180));
      const used = Math.round(Math.min(MAXH - 2, O + r.float(0.05, 1) * eden));
      const pct = Math.round((used / MAXH) * 100);
      const gcms = Math.round(gcFrac(p, t) * 60000 * r.float(0.8, 1.2));
      sink.add(
        t,
        app(
          t,
          "info",
          p,
          "com.acme.catalog.ops.JvmMemoryReporter",
          "jvm-reporter",
          `JVM memory: heap used ${used} MiB of ${MAXH} MiB (${pct}%), non-heap ${r.int(205, 230)} MiB, GC pause total last 60s ${gcms} ms`,
          { heap_used_mb: used, heap_max_mb: MAXH, gc_pause_ms_60s: gcms },
        ),
        spiral(p, t) && pct > 80 ? "memory" : null,
      );
    }
    // routine: client aborts happen every day
    for (const t of arrivals(r, T0, T1, 0.06)) {
      if (p === badIdx && t >= onset) continue;
      sink.add(
        t,
        app(
          t,
          "warn",
          p,
          "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
          `http-nio-8080-exec-${r.int(1, 40)}`,
          "Failure in sending response: org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe",
          {},
        ),
      );
    }
  });

  // the OOM itself
  for (let k = 0; k < r.int(2, 4); k++) {
    const t = oomT - r.int(200, 1800);
    sink.add(
      t,
      app(
        t,
        "error",
        badIdx,
        "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
        `http-nio-8080-exec-${r.int(1, 40)}`,
        "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
        {},
        OOM_STACK,
      ),
      "memory",
    );
  }
  const kube = {
    pod: bad.name,
    ns: "catalog",
    container: "catalog-search",
    host: nodes[badIdx] ?? "",
    image: "registry.acme.internal/catalog/catalog-search:4.12.3",
  };
  sink.add(oomT, containerLog(oomT, "Terminating due to java.lang.OutOfMemoryError: Java heap space", kube, "stderr"), "memory");

  // restart (recovery lines are ordinary)
  const boot: [number, string, string][] = [
    [
      0,
      "com.acme.catalog.CatalogSearchApplication",
      "Starting CatalogSearchApplication v4.12.3 using Java 17.0.9 with PID 1 (/app/app.jar started by app in /app)",
    ],
    [40, "com.acme.catalog.CatalogSearchApplication", 'The following 1 profile is active: "prod"'],
    [9000, "org.springframework.boot.web.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"],
    [14000, "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Starting..."],
    [14600, "com.zaxxer.hikari.pool.HikariPool", "HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@5b7a8c1f"],
    [14620, "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."],
    [24000, "org.springframework.boot.web.embedded.tomcat.TomcatWebServer", "Tomcat started on port 8080 (http) with context path ''"],
    [
      24100,
      "com.acme.catalog.CatalogSearchApplication",
      `Started CatalogSearchApplication in ${round(r.float(24, 33), 3)} seconds (process running for ${round(r.float(26, 35), 3)})`,
    ],
  ];
  for (const [dt, logger, msg] of boot) sink.add(restartT + 1500 + dt, app(restartT + 1500 + dt, "info", badIdx, logger, "main", msg));

  // ------------------------------------------------------------ Kubernetes events
  const ev = (t: number, e: Omit<Parameters<typeof k8sEvent>[1], "uidSeed">, lbl: "performance" | null = null): void => {
    sink.add(t, k8sEvent(t, { ...e, uidSeed: r.uuid() }), lbl);
  };
  // liveness/readiness failures during the last minutes of the spiral
  {
    let count = 0;
    for (let t = oomT - r.int(150, 240) * 1000; t < oomT; t += 10000 + r.float(-300, 300)) {
      if (gcFrac(badIdx, t) < 0.35) continue;
      count++;
      const which = count % 2 === 0 ? "Liveness" : "Readiness";
      const path = which === "Liveness" ? "/actuator/health/liveness" : "/actuator/health/readiness";
      ev(
        t,
        {
          type: "Warning",
          reason: "Unhealthy",
          message: `${which} probe failed: Get "http://${bad.ip}:8080${path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
          kind: "Pod",
          name: bad.name,
          ns: "catalog",
          component: "kubelet",
          host: nodes[badIdx],
          count: Math.ceil(count / 2),
          firstT: oomT - 240000,
          fieldPath: "spec.containers{catalog-search}",
        },
        "performance",
      );
    }
  }
  ev(restartT, {
    type: "Normal",
    reason: "Pulled",
    message: 'Container image "registry.acme.internal/catalog/catalog-search:4.12.3" already present on machine',
    kind: "Pod",
    name: bad.name,
    ns: "catalog",
    component: "kubelet",
    host: nodes[badIdx],
    fieldPath: "spec.containers{catalog-search}",
  });
  ev(restartT + 200, {
    type: "Normal",
    reason: "Created",
    message: "Created container catalog-search",
    kind: "Pod",
    name: bad.name,
    ns: "catalog",
    component: "kubelet",
    host: nodes[badIdx],
    fieldPath: "spec.containers{catalog-search}",
    count: 2,
  });
  ev(restartT + 900, {
    type: "Normal",
    reason: "Started",
    message: "Started container catalog-search",
    kind: "Pod",
    name: bad.name,
    ns: "catalog",
    component: "kubelet",
    host: nodes[badIdx],
    fieldPath: "spec.containers{catalog-search}",
    count: 2,
  });
  // routine cronjob every 15 min
  for (const t of ticks(r, T0, T1, 15 * MIN, 0)) {
    const job = `search-index-refresh-${Math.floor(t / 60000)}`;
    const jp = `${job}-${r.podSuffix()}`;
    const h = r.pick(nodes);
    ev(t, {
      type: "Normal",
      reason: "SuccessfulCreate",
      message: `Created job ${job}`,
      kind: "CronJob",
      name: "search-index-refresh",
      ns: "catalog",
      component: "cronjob-controller",
    });
    ev(t + 40, {
      type: "Normal",
      reason: "SuccessfulCreate",
      message: `Created pod: ${jp}`,
      kind: "Job",
      name: job,
      ns: "catalog",
      component: "job-controller",
    });
    ev(t + 60, {
      type: "Normal",
      reason: "Scheduled",
      message: `Successfully assigned catalog/${jp} to ${h}`,
      kind: "Pod",
      name: jp,
      ns: "catalog",
      component: "default-scheduler",
    });
    ev(t + 900, {
      type: "Normal",
      reason: "Pulled",
      message: 'Container image "registry.acme.internal/catalog/index-refresh:1.9.0" already present on machine',
      kind: "Pod",
      name: jp,
      ns: "catalog",
      component: "kubelet",
      host: h,
    });
    ev(t + 1100, {
      type: "Normal",
      reason: "Started",
      message: "Started container index-refresh",
      kind: "Pod",
      name: jp,
      ns: "catalog",
      component: "kubelet",
      host: h,
    });
    ev(t + r.int(40, 90) * 1000, {
      type: "Normal",
      reason: "Completed",
      message: "Job completed",
      kind: "Job",
      name: job,
      ns: "catalog",
      component: "job-controller",
    });
  }
  // decoy: a one-off readiness blip on another service
  {
    const t = T0 + W * r.float(0.05, 0.2);
    ev(t, {
      type: "Warning",
      reason: "Unhealthy",
      message: `Readiness probe failed: Get "http://${ipIn(r, "10.12")}:8000/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      kind: "Pod",
      name: `recs-engine-${r.rsHash()}-${r.podSuffix()}`,
      ns: "catalog",
      component: "kubelet",
      host: r.pick(nodes),
    });
  }

  // ------------------------------------------------------------ storefront-bff (pino-http) calling catalog
  const bffRs = r.rsHash();
  const bff = [0, 1].map(() => ({ pid: 1, hostname: `storefront-bff-${bffRs}-${r.podSuffix()}`, name: "storefront-bff" }));
  let rid = r.int(1, 90000);
  for (const t of arrivals(r, T0, T1, 5.5)) {
    const b = r.pick(bff);
    const p = r.int(0, 2);
    const up = p === badIdx && t >= oomT - 2000 && t < readyT ? (p + 1) % 3 : p;
    const kind = r.weighted([
      ["search", 55],
      ["product", 35],
      ["facets", 10],
    ] as const);
    const base = kind === "search" ? r.logn(42, 0.45) : kind === "product" ? r.logn(14, 0.4) : r.logn(65, 0.4);
    const cms = catalogLatency(up, t, Math.min(base, 300));
    const url =
      kind === "search"
        ? `/api/search?q=${r.pick(["boots", "rain+jacket", "linen", "sofa", "desk+lamp", "socks", "kettle"])}&page=${r.int(1, 3)}`
        : kind === "product"
          ? `/api/products/${r.int(100000, 999999)}`
          : `/api/categories/${r.int(10, 400)}/facets`;
    const slow = isSlowBad(up, t, cms);
    if (cms > 5000) {
      sink.add(
        t + 5000,
        pino(t + 5000, "error", b, "catalog-search request failed", {
          reqId: `req-${(rid++).toString(36)}`,
          upstream: `http://catalog-search.catalog.svc:8080`,
          err: {
            type: "TimeoutError",
            message: "Request timed out after 5000ms",
            stack:
              "TimeoutError: Request timed out after 5000ms\n    at Timeout._onTimeout (/app/node_modules/undici/lib/core/request.js:241:21)\n    at listOnTimeout (node:internal/timers:573:17)",
          },
        }),
        "performance",
      );
      sink.add(
        t + 5004,
        pino(t + 5004, "info", b, "request completed", {
          req: { id: `req-${(rid++).toString(36)}`, method: "GET", url },
          res: { statusCode: 504 },
          responseTime: 5004,
        }),
        "performance",
      );
      continue;
    }
    const ms = Math.round(cms + r.logn(9, 0.3));
    sink.add(
      t,
      pino(t, "info", b, "request completed", { req: { id: `req-${(rid++).toString(36)}`, method: "GET", url }, res: { statusCode: 200 }, responseTime: ms }),
      slow ? "performance" : null,
    );
  }

  // ------------------------------------------------------------ recs-engine (python structlog)
  for (const t of arrivals(r, T0, T1, 2)) {
    sink.add(
      t,
      structlog(
        t,
        "info",
        "scored candidates",
        { user_bucket: r.int(0, 63), candidates: r.int(120, 400), model: "two-tower-2024w48", elapsed_ms: round(r.logn(23, 0.3), 1) },
        "recs.scoring",
      ),
    );
  }
  for (const t of arrivals(r, T0, T1, 0.1)) {
    sink.add(
      t,
      structlog(
        t,
        "warn",
        "feature store returned stale features, using defaults",
        { staleness_s: r.int(310, 900), feature_view: "user_recent_views" },
        "recs.features",
      ),
    );
  }
  for (const t of ticks(r, T0, T1, 30 * MIN, 60000)) {
    sink.add(
      t,
      structlog(
        t,
        "info",
        "model reloaded",
        { model: "two-tower-2024w48", from: `s3://acme-ml-models/recs/two-tower/${isoZ(t, 0).slice(0, 10)}/model.onnx`, load_ms: r.int(800, 1400) },
        "recs.model",
      ),
    );
  }

  return sink.build(
    "catalog-search-gc-death-spiral",
    "One of three catalog-search JVMs fills its heap: GC pauses grow into back-to-back evacuation failures and full GCs, its requests and probes time out, and it dies with OutOfMemoryError.",
  );
}
