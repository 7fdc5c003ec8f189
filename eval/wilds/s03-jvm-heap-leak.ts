// A feature flag turns on an unbounded per-product cache in the catalog service (Spring Boot). Heap after GC climbs on
// every replica; the busiest pod thrashes in G1 full GCs, fails its liveness probe and dies with OutOfMemoryError, a
// second pod follows. The gateway times out and trips its circuit breaker; search degrades. Flag turned off at the end.

import { Build, fluentd, type Label, mkPod, type Pod, restarted } from "./build.js";
import { pad } from "./fmt.js";
import type { WildScenario } from "./types.js";

export function s03JvmHeapLeak(seed: number): WildScenario {
  const b = new Build(seed, "s03-jvm-heap-leak");
  const { rng, f } = b;
  const start = b.start([8, 9, 10, 13, 14, 15, 20]);
  const dur = rng.int(42, 60) * 60000;
  const end = start + dur;

  const nodes = ["k8s-worker-03", "k8s-worker-07", "k8s-worker-11"];
  const hash = rng.k8s(10);
  const img = "harbor.internal.acme.io/shop/catalog-service:4.12.0";
  const pods = nodes.map((n) => mkPod(rng, "shop", "catalog-service", n, img, { rsHash: hash, container: "catalog" }));
  const MAX = 2048;
  // per pod: JVM start, leak rate (MB/s) chosen so that pods 0 and 1 reach the limit inside the window
  const tOom = [start + Math.round(dur * rng.float(0.46, 0.54)), start + Math.round(dur * rng.float(0.7, 0.78))];
  const tFix = start + Math.round(dur * rng.float(0.82, 0.87));
  const tDeploy = start - rng.int(6, 14) * 60000; // rollout that enabled the flag
  const jvmStart = pods.map(() => tDeploy + rng.int(0, 90000));
  const base = 470;
  const leak = [0, 1, 2].map((i) => {
    const to = tOom[i];
    const js = jvmStart[i] ?? start;
    return to ? (2010 - base) / ((to - js) / 1000) : ((2010 - base) / ((tFix - js) / 1000)) * rng.float(0.55, 0.7);
  });
  const restartAt: (number | undefined)[] = [
    tOom[0] !== undefined ? tOom[0] + rng.int(3000, 6000) : undefined,
    tOom[1] !== undefined ? tOom[1] + rng.int(3000, 6000) : undefined,
    undefined,
  ];
  const podNow: Pod[] = pods.slice();
  const live = (i: number, t: number): number => {
    const rs = restartAt[i];
    const js = rs !== undefined && t >= rs ? rs : (jvmStart[i] ?? start);
    const until = Math.min(t, tFix);
    const l = base + (leak[i] ?? 0) * Math.max(0, (until - js) / 1000);
    return t > tFix + 20000 ? Math.min(l, base + rng.float(0, 60)) : l;
  };
  const isDown = (i: number, t: number): boolean => {
    const o = tOom[i];
    const r = restartAt[i];
    return o !== undefined && r !== undefined && t >= o && t < r + 25000;
  };
  const thrash = (i: number, t: number): boolean => live(i, t) > 1750 && !isDown(i, t);

  const log = (t: number, i: number, stream: "stdout" | "stderr", line: string, l: Label): void => b.add(t, fluentd(b, t, podNow[i] as Pod, stream, line), l);
  const jlog = (t: number, i: number, level: string, logger: string, thread: string, message: string, extra: Record<string, unknown>, l: Label): void => {
    const lv = { INFO: 20000, WARN: 30000, ERROR: 40000 }[level] ?? 20000;
    log(
      t,
      i,
      "stdout",
      JSON.stringify({ "@timestamp": f.iso(t), "@version": "1", message, logger_name: logger, thread_name: thread, level, level_value: lv, ...extra }),
      l,
    );
  };

  // ---------------------------------------------------------------- JVM unified GC logging on stdout (-Xlog:gc:stdout:time,uptime,level,tags)
  const gcN = [rng.int(800, 2000), rng.int(800, 2000), rng.int(800, 2000)];
  const gc = (t: number, i: number, msg: string, l: Label): void => {
    const rs = restartAt[i];
    const js = rs !== undefined && t >= rs ? rs : (jvmStart[i] ?? start);
    const up = ((t - js) / 1000).toFixed(3);
    log(t, i, "stdout", `[${f.isoD(t, 3, "+0000")}][${up}s][info][gc] ${msg}`, l);
  };
  for (let i = 0; i < 3; i++) {
    let t = start + rng.int(0, 15000);
    let cycle = 0;
    while (t < end) {
      if (isDown(i, t)) {
        t = (restartAt[i] ?? t) + 25000 + rng.int(1000, 8000);
        gcN[i] = 0;
        continue;
      }
      const lv = live(i, t);
      const free = MAX - lv;
      const young = Math.max(40, Math.min(900, free * 0.7));
      const after = Math.round(lv + rng.float(5, 40));
      const before = Math.round(Math.min(MAX - 1, after + young));
      const n = gcN[i] ?? 0;
      gcN[i] = n + 1;
      const lab: Label = after > MAX * 0.75 ? "memory" : null;
      if (lv > 1950) {
        gc(
          t,
          i,
          `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure) ${MAX - 1}M->${MAX - 2}M(${MAX}M) ${rng.float(40, 120).toFixed(3)}ms`,
          "memory",
        );
        gc(
          t + rng.int(100, 300),
          i,
          `GC(${n + 1}) Pause Full (G1 Compaction Pause) ${MAX - 1}M->${Math.round(lv - rng.float(0, 8))}M(${MAX}M) ${rng.float(1400, 3200).toFixed(3)}ms`,
          "memory",
        );
        gcN[i] = n + 2;
        t += rng.int(4000, 7000);
        continue;
      }
      if (lv > 1850 && rng.chance(0.5)) {
        gc(t, i, `GC(${n}) Pause Full (G1 Compaction Pause) ${before}M->${after}M(${MAX}M) ${rng.float(900, 2100).toFixed(3)}ms`, "memory");
      } else if (cycle++ % 7 === 6 && after > MAX * 0.45) {
        gc(t, i, `GC(${n}) Pause Young (Concurrent Start) (G1 Evacuation Pause) ${before}M->${after}M(${MAX}M) ${rng.float(8, 30).toFixed(3)}ms`, lab);
        gc(t + 1, i, `GC(${n + 1}) Concurrent Mark Cycle`, lab);
        const cm = Math.round(rng.float(200, 900) * (lab ? 3 : 1));
        gc(t + cm - 10, i, `GC(${n + 1}) Pause Remark ${after + 30}M->${after + 10}M(${MAX}M) ${rng.float(4, 20).toFixed(3)}ms`, lab);
        gc(t + cm - 4, i, `GC(${n + 1}) Pause Cleanup ${after + 12}M->${after + 12}M(${MAX}M) ${rng.float(0.1, 0.9).toFixed(3)}ms`, lab);
        gc(t + cm, i, `GC(${n + 1}) Concurrent Mark Cycle ${cm.toFixed(3)}ms`, lab);
        gcN[i] = n + 2;
      } else {
        const pause = lab ? rng.float(20, 90) : rng.float(3, 18);
        gc(t, i, `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(${MAX}M) ${pause.toFixed(3)}ms`, lab);
      }
      const alloc = rng.float(28, 42); // MB/s
      t += Math.max(1800, Math.round((young / alloc) * 1000 * rng.float(0.8, 1.2)));
    }
  }

  // ---------------------------------------------------------------- requests: catalog JSON log + gateway access line (+ search)
  const gwPid = 1;
  const esc = (code: string, s: string): string => `\u001b[${code}m${s}\u001b[0;39m`;
  const thread15 = (s: string): string => (s.length > 15 ? s.slice(s.length - 15) : s.padStart(15, " "));
  const logger40 = (s: string): string => (s.length > 40 ? s.slice(0, 40) : s.padEnd(40, " "));
  const gw = (t: number, level: "INFO" | "WARN" | "ERROR", thread: string, logger: string, msg: string, l: Label): void => {
    const lvl = level === "INFO" ? esc("32", " INFO") : level === "WARN" ? esc("33", " WARN") : esc("31", "ERROR");
    const line = `${esc("2", f.isoD(t, 3, "Z"))} ${lvl} ${esc("35", String(gwPid))} ${esc("2", `--- [api-gateway] [${thread15(thread)}] `)}${esc("36", logger40(logger))} ${esc("2", ":")} ${msg}`;
    b.add(t, f.crio(t, "stdout", line), l);
  };
  const gwTrace = (t: number, lines: string[], l: Label): void => {
    for (const s of lines) b.add(t, f.crio(t, "stdout", s), l);
  };
  const nio = (): string => `reactor-http-nio-${rng.int(1, 8)}`;
  const products = ["/api/products/{id}", "/api/products/{id}/details", "/api/products?category={cat}&page={p}", "/api/products/{id}/availability"];
  const cats = ["shoes", "outdoor", "kitchen", "garden", "toys", "electronics"];
  // Resilience4j-style breaker: sliding window of 20 calls, opens at >= 30% slow calls (> 1s), 20s open, 5 trial calls
  let breakerOpenUntil = 0;
  let breakerState: "CLOSED" | "OPEN" | "HALF_OPEN" = "CLOSED";
  let window: boolean[] = [];
  const breaker = (t: number, to: "CLOSED" | "OPEN" | "HALF_OPEN"): void => {
    if (breakerState === to) return;
    gw(t, "WARN", nio(), "c.a.gateway.resilience.BreakerEvents", `CircuitBreaker 'catalog' changed state from ${breakerState} to ${to}`, "pattern");
    breakerState = to;
    window = [];
    if (to === "OPEN") breakerOpenUntil = t + 20000;
  };
  const record = (t: number, slow: boolean): void => {
    window.push(slow);
    if (breakerState === "CLOSED") {
      if (window.length > 20) window.shift();
      const n = window.filter((x) => x).length;
      if (window.length >= 10 && n / window.length >= 0.3) breaker(t, "OPEN");
    } else if (breakerState === "HALF_OPEN" && window.length >= 5) {
      breaker(t, window.filter((x) => x).length >= 2 ? "OPEN" : "CLOSED");
    }
  };
  b.flow(start, end, 0.4, (t) => {
    const up = [0, 1, 2].filter((i) => !isDown(i, t));
    const i = rng.pick(up);
    const p = rng
      .pick(products)
      .replace("{id}", String(rng.int(100000, 999999)))
      .replace("{cat}", rng.pick(cats))
      .replace("{p}", String(rng.int(1, 9)));
    const traceId = rng.hex(32);
    if (breakerState === "OPEN") {
      if (t >= breakerOpenUntil) breaker(t, "HALF_OPEN");
      else {
        gw(t, "WARN", nio(), "c.a.gateway.filter.AccessLogFilter", `GET ${p} -> 503 in ${rng.int(1, 4)} ms route=catalog fallback=true`, "error");
        return;
      }
    }
    let d = rng.logn(14, 0.6);
    let l: Label = null;
    const lv = live(i, t);
    if (thrash(i, t)) {
      d = rng.logn(lv > 1900 ? 3800 : 1300, 0.6);
      l = d > 800 ? "performance" : null;
    } else if (lv > 1550 && rng.chance(0.3)) {
      d = rng.logn(300, 0.5);
    }
    const thread = `http-nio-8080-exec-${rng.int(1, 200)}`;
    const timedOut = d > 5000;
    const done = t + Math.round(timedOut ? 5000 : d);
    if (!timedOut || rng.chance(0.5)) {
      const dd = Math.round(d);
      jlog(
        t + dd,
        i,
        "INFO",
        "c.a.catalog.web.RequestLoggingFilter",
        thread,
        `GET ${p} 200 ${dd}ms`,
        { trace_id: traceId, span_id: rng.hex(16), http_method: "GET", uri: p.split("?")[0], status: 200, duration_ms: dd },
        dd > 800 ? "performance" : null,
      );
    }
    if (timedOut) {
      gw(
        done,
        "ERROR",
        nio(),
        "o.s.c.g.h.RoutePredicateHandlerMapping",
        `[${rng.hex(8)}-${rng.int(1000, 99999)}] 504 GATEWAY_TIMEOUT "Response took longer than timeout: PT5S"`,
        "performance",
      );
      gwTrace(done, ["org.springframework.cloud.gateway.support.TimeoutException: Response took longer than timeout: PT5S"], "performance");
      gw(
        done + 1,
        "WARN",
        nio(),
        "c.a.gateway.filter.AccessLogFilter",
        `GET ${p} -> 504 in 5001 ms route=catalog upstream=${podNow[i]?.ip}:8080`,
        "performance",
      );
      record(done + 2, true);
    } else {
      gw(
        done + 1,
        "INFO",
        nio(),
        "c.a.gateway.filter.AccessLogFilter",
        `GET ${p} -> 200 in ${Math.round(d) + rng.int(1, 4)} ms route=catalog upstream=${podNow[i]?.ip}:8080`,
        l,
      );
      record(done + 2, d > 1000);
    }
  });
  // other gateway routes (normal)
  b.flow(start, end, 0.18, (t) => {
    const route = rng.pick(["cart", "cart", "search", "account", "checkout"]);
    const path =
      {
        cart: `/api/cart/${rng.hex(12)}`,
        search: `/api/search?q=${rng.pick(["boots", "tent", "jacket", "kettle", "lego"])}`,
        account: "/api/account/me",
        checkout: "/api/checkout/session",
      }[route] ?? "/";
    const st = route === "account" && rng.chance(0.06) ? 401 : 200;
    gw(
      t,
      "INFO",
      nio(),
      "c.a.gateway.filter.AccessLogFilter",
      `${route === "checkout" ? "POST" : "GET"} ${path} -> ${st} in ${Math.round(rng.logn(22, 0.6))} ms route=${route}`,
      null,
    );
  });

  // ---------------------------------------------------------------- OutOfMemoryError and restarts
  for (const i of [0, 1]) {
    const o = tOom[i];
    const r = restartAt[i];
    if (o === undefined || r === undefined) continue;
    const oomStack = [
      "jakarta.servlet.ServletException: Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space",
      "\tat org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1104)",
      "\tat org.springframework.web.servlet.DispatcherServlet.doService(DispatcherServlet.java:979)",
      "\tat org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)",
      "\t... 47 common frames omitted",
      "Caused by: java.lang.OutOfMemoryError: Java heap space",
      "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
      "\tat java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:242)",
      "\tat com.fasterxml.jackson.core.util.TextBuffer.contentsAsString(TextBuffer.java:482)",
      "\tat com.acme.catalog.enrich.ProductDetailsCache.put(ProductDetailsCache.java:88)",
      "\tat com.acme.catalog.enrich.EnrichmentService.enrich(EnrichmentService.java:143)",
      "\tat com.acme.catalog.web.ProductController.details(ProductController.java:61)",
    ].join("\n");
    const nErr = rng.int(2, 4);
    for (let k = 0; k < nErr; k++) {
      const t = o - rng.int(50, 2500);
      jlog(
        t,
        i,
        "ERROR",
        "o.a.c.c.C.[Tomcat].[localhost].[/].[dispatcherServlet]",
        `http-nio-8080-exec-${rng.int(1, 200)}`,
        "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
        { stack_trace: oomStack },
        "memory",
      );
    }
    jlog(
      o - rng.int(10, 40),
      i,
      "ERROR",
      "o.s.s.s.TaskUtils$LoggingErrorHandler",
      "scheduling-1",
      "Unexpected error occurred in scheduled task",
      { stack_trace: "java.lang.OutOfMemoryError: Java heap space\n" },
      "memory",
    );
    log(o, i, "stderr", "Terminating due to java.lang.OutOfMemoryError: Java heap space", "memory");
    podNow[i] = restarted(rng, pods[i] as Pod);
    const t1 = r + rng.int(1500, 3000);
    log(t1, i, "stdout", `[${f.isoD(t1, 3, "+0000")}][0.012s][info][gc] Using G1`, null);
    jlog(
      t1 + rng.int(1500, 2500),
      i,
      "INFO",
      "c.a.catalog.CatalogApplication",
      "main",
      `Starting CatalogApplication v4.12.0 using Java 21.0.5 with PID 1 (/app/app.jar started by app in /app)`,
      {},
      null,
    );
    jlog(
      t1 + rng.int(2600, 3500),
      i,
      "INFO",
      "c.a.catalog.config.FeatureFlags",
      "main",
      "Feature flag 'pdp-enrichment-cache' is ENABLED (source=configmap:catalog-flags)",
      {},
      null,
    );
    jlog(
      t1 + rng.int(17000, 22000),
      i,
      "INFO",
      "c.a.catalog.CatalogApplication",
      "main",
      `Started CatalogApplication in ${rng.float(16, 21).toFixed(3)} seconds (process running for ${rng.float(17, 22).toFixed(3)})`,
      {},
      null,
    );
  }
  // config refresh: flag disabled, cache dropped
  for (let i = 0; i < 3; i++) {
    const t = tFix + rng.int(500, 4000);
    jlog(
      t,
      i,
      "INFO",
      "o.s.c.c.refresh.ConfigDataContextRefresher",
      "configmap-watch-1",
      "Refresh keys changed: [catalog.flags.pdp-enrichment-cache]",
      {},
      null,
    );
    jlog(
      t + rng.int(5, 30),
      i,
      "INFO",
      "c.a.catalog.config.FeatureFlags",
      "configmap-watch-1",
      "Feature flag 'pdp-enrichment-cache' is DISABLED (source=configmap:catalog-flags)",
      {},
      null,
    );
    jlog(
      t + rng.int(40, 200),
      i,
      "INFO",
      "c.a.catalog.enrich.ProductDetailsCache",
      "configmap-watch-1",
      `ProductDetailsCache cleared (${rng.int(300000, 2400000)} entries)`,
      {},
      null,
    );
  }
  // routine app noise
  b.flow(start, end, 1 / 90, (t) => {
    const i = rng.int(0, 2);
    if (isDown(i, t)) return;
    if (rng.chance(0.5))
      jlog(
        t,
        i,
        "INFO",
        "c.a.catalog.sync.PriceSyncJob",
        "scheduling-1",
        `Price sync finished: ${rng.int(0, 400)} updated, ${rng.int(0, 5)} skipped in ${rng.int(200, 2400)} ms`,
        {},
        null,
      );
    else
      jlog(
        t,
        i,
        "WARN",
        "c.a.catalog.web.ProductController",
        `http-nio-8080-exec-${rng.int(1, 200)}`,
        `Product ${rng.int(100000, 999999)} not found`,
        { status: 404 },
        null,
      );
  });

  // ---------------------------------------------------------------- kubelet on the affected nodes, exported as journald JSON
  const boot = nodes.map((n) => ({ id: rng.hex(32), at: start - rng.int(5, 60) * 86400000, pid: rng.int(900, 2000), host: n, machine: rng.hex(32) }));
  const jk = (t: number, node: number, sev: "I" | "W" | "E", file: string, msg: string, l: Label): void => {
    const bt = boot[node];
    if (!bt) return;
    b.add(
      t,
      f.journal(t, bt, {
        _MACHINE_ID: bt.machine,
        _HOSTNAME: bt.host,
        PRIORITY: sev === "E" ? "3" : sev === "W" ? "4" : "6",
        SYSLOG_FACILITY: "3",
        _UID: "0",
        _GID: "0",
        _TRANSPORT: "stdout",
        _STREAM_ID: rng.hex(32),
        SYSLOG_IDENTIFIER: "kubelet",
        _PID: String(bt.pid),
        _COMM: "kubelet",
        _EXE: "/usr/bin/kubelet",
        _CMDLINE:
          "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/crio/crio.sock",
        _SYSTEMD_CGROUP: "/system.slice/kubelet.service",
        _SYSTEMD_UNIT: "kubelet.service",
        _SYSTEMD_SLICE: "system.slice",
        MESSAGE: f.klog(t, sev, bt.pid, file, msg),
      }),
      l,
    );
  };
  b.flow(start, end, 1 / 110, (t) => {
    const n = rng.int(0, 2);
    jk(
      t,
      n,
      "E",
      "log_metrics.go:66",
      `"Failed to get pod log stats" err="open /var/log/pods/batch_nightly-export-${rng.int(29000000, 29999999)}-${rng.k8s(5)}_${rng.uuid()}: no such file or directory" pod="batch/nightly-export-${rng.int(29000000, 29999999)}-${rng.k8s(5)}"`,
      null,
    );
  });
  b.flow(start, end, 1 / 300, (t) =>
    jk(
      t,
      rng.int(0, 2),
      "I",
      "kubelet_getters.go:218",
      `"Pod status is inconsistent with cached status for pod, a reconciliation should be triggered" pod="monitoring/node-exporter-${rng.k8s(5)}"`,
      null,
    ),
  );
  for (let i = 0; i < 2; i++) {
    const p = pods[i] as Pod;
    const o = tOom[i] ?? start;
    // liveness probe (timeoutSeconds=1) starts failing during full GCs
    let failures = 0;
    for (let t = o - rng.int(100, 160) * 1000; t < o; t += 10000) {
      if (!thrash(i, t)) continue;
      if (rng.chance(0.6)) {
        failures++;
        jk(
          t + rng.int(0, 900),
          i,
          "I",
          "prober.go:107",
          `"Probe failed" probeType="Liveness" pod="${p.ns}/${p.name}" podUID="${p.uid}" containerName="catalog" probeResult="failure" output="Get \\"http://${p.ip}:8081/actuator/health/liveness\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`,
          "performance",
        );
      }
    }
    const r = restartAt[i] ?? o;
    jk(o + rng.int(300, 900), i, "I", "generic.go:334", `"Generic (PLEG): container finished" podID="${p.uid}" containerID="${p.cid}" exitCode=3`, "error");
    jk(
      o + rng.int(1000, 1600),
      i,
      "I",
      "kubelet.go:2453",
      `"SyncLoop (PLEG): event for pod" pod="${p.ns}/${p.name}" event={"ID":"${p.uid}","Type":"ContainerDied","Data":"${p.cid}"}`,
      "error",
    );
    jk(r - rng.int(500, 1500), i, "I", "scope.go:117", `"RemoveContainer" containerID="${p.cid}"`, null);
    jk(
      r,
      i,
      "I",
      "kubelet.go:2453",
      `"SyncLoop (PLEG): event for pod" pod="${p.ns}/${p.name}" event={"ID":"${p.uid}","Type":"ContainerStarted","Data":"${podNow[i]?.cid}"}`,
      null,
    );
    void failures;
  }

  // ---------------------------------------------------------------- search-api (Go, slog text) as raw CRI-O lines
  const sp = mkPod(rng, "shop", "search-api", "k8s-worker-05", "harbor.internal.acme.io/shop/search-api:1.7.2");
  b.flow(start, end, 0.2, (t) => {
    const q = rng.pick(["boots", "tent", "rain jacket", "kettle", "lego", "headlamp", "sleeping bag", "garden hose"]);
    const slowCat = [0, 1].some((i) => thrash(i, t)) && rng.chance(0.35);
    if (slowCat) {
      b.add(
        t + 800,
        f.crio(
          t + 800,
          "stderr",
          `time=${f.iso(t + 800)} level=WARN source=/src/internal/enrich/catalog.go:77 msg="catalog enrichment failed, returning partial results" q=${JSON.stringify(q)} err="Get \\"http://catalog-service.shop.svc:8080/api/products/batch\\": context deadline exceeded" timeout=800ms`,
        ),
        "performance",
      );
      b.add(
        t + 812,
        f.crio(
          t + 812,
          "stderr",
          `time=${f.iso(t + 812)} level=INFO source=/src/internal/http/log.go:31 msg="request completed" method=GET path=/search q=${JSON.stringify(q)} status=200 hits=${rng.int(0, 80)} took_ms=${rng.int(805, 830)} partial=true`,
        ),
        "performance",
      );
      return;
    }
    const took = Math.round(rng.logn(18, 0.5));
    b.add(
      t + took,
      f.crio(
        t + took,
        "stderr",
        `time=${f.iso(t + took)} level=INFO source=/src/internal/http/log.go:31 msg="request completed" method=GET path=/search q=${JSON.stringify(q)} status=200 hits=${rng.int(0, 80)} took_ms=${took} partial=false`,
      ),
    );
  });
  b.every(start + rng.int(0, 60000), end, 60000, 500, (t) => {
    b.add(
      t,
      f.crio(
        t,
        "stderr",
        `time=${f.iso(t)} level=INFO source=/src/internal/index/refresh.go:52 msg="index refreshed" index=products-v${pad(rng.int(40, 42))} docs=${rng.int(180000, 181000)} took_ms=${rng.int(40, 300)}`,
      ),
    );
  });
  void sp;

  return b.finish(
    "s03-jvm-heap-leak",
    "An unbounded cache behind a feature flag leaks heap in the Spring Boot catalog service: G1 full-GC thrash, liveness probe timeouts, OutOfMemoryError on two pods, gateway timeouts and circuit breaker flapping, degraded search.",
  );
}
