// A Spring Boot inventory service logging ECS JSON (co.elastic.logging), with its G1 unified GC
// log shipped as ECS JSON beside it. After a deploy an unbounded cache grows: heap after GC climbs
// from ~400 MB toward the 2 GB max, young pauses come faster, full GCs stall requests for seconds,
// and the JVM dies with OutOfMemoryError and restarts healthy.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoMs, type Label, MIN, Rand, round, Timeline, windowStart } from "./lib.js";

export function jvmHeapLeakGc(seed: number): Scenario {
  const r = new Rand(seed, "s09-jvm");
  const tl = new Timeline();
  const t0 = windowStart(r, 6, 20);
  const t1 = t0 + 2 * HOUR;
  const deploy = t0 + r.float(20, 30) * MIN;
  const oom = deploy + r.float(62, 75) * MIN;
  const restartAt = oom + r.float(40, 70) * 1000;
  const maxM = 2048;
  const base = r.int(360, 420);
  const hostName = `inv-sync-${r.int(1, 3)}.prod.internal`;
  let jvmStart = t0 - r.float(2, 30) * HOUR;

  const live = (t: number): number => {
    if (t < deploy || t >= restartAt) return base + r.normal(0, 18);
    const f = Math.min(1, (t - deploy) / (oom - deploy));
    return base + (1990 - base) * f ** 1.15 + r.normal(0, 12);
  };

  const app = (t: number, level: string, logger: string, thread: string, message: string, extra: Record<string, unknown>, label: Label) => {
    tl.add(
      t,
      {
        "@timestamp": isoMs(t),
        "log.level": level,
        message,
        "ecs.version": "1.2.0",
        "service.name": "inventory-sync",
        "service.version": t < deploy ? "4.18.2" : "4.19.0",
        "event.dataset": "inventory-sync",
        "process.thread.name": thread,
        "log.logger": logger,
        "host.name": hostName,
        ...extra,
      },
      label,
    );
  };
  const gc = (t: number, line: string, label: Label) => {
    const up = ((t - jvmStart) / 1000).toFixed(3);
    tl.add(
      t,
      {
        "@timestamp": isoMs(t),
        "log.level": "info",
        message: `[${isoMs(t).replace("Z", "+0000")}][${up}s][info][gc] ${line}`,
        "log.file.path": "/var/log/inventory-sync/gc.log",
        "service.name": "inventory-sync",
        "event.dataset": "jvm.gc",
        "host.name": hostName,
      },
      label,
    );
  };

  // GC log.
  let gcId = r.int(2000, 9000);
  const fullGcs: [number, number][] = [];
  let t = t0 + r.float(0, 10_000);
  while (t < t1) {
    if (t >= deploy && jvmStart < deploy - 13_000) {
      jvmStart = deploy - 12_000;
      gcId = 0;
    }
    if (t >= oom && t < restartAt) {
      t = restartAt + r.float(8000, 15000);
      jvmStart = restartAt;
      gcId = 0;
      continue;
    }
    const l = Math.max(200, live(t));
    const before = Math.min(maxM - 8, l + r.float(0.85, 0.95) * (maxM - l) * 0.6);
    const memLabel: Label = l > 1250 ? "memory" : null;
    if (l > 1840 && r.chance(0.3)) {
      const pause = r.float(1800, 6500);
      gc(t, `GC(${gcId}) To-space exhausted`, "memory");
      gc(t + pause, `GC(${gcId}) Pause Full (G1 Compaction Pause) ${Math.round(maxM - 3)}M->${Math.round(l)}M(${maxM}M) ${pause.toFixed(3)}ms`, "memory");
      fullGcs.push([t, t + pause]);
      t += pause;
    } else {
      const humongous = l > 1500 && r.chance(0.25);
      const pause = l > 1100 ? r.float(40, 240) : r.logNormal(9, 0.3);
      const kind = humongous ? "Pause Young (Concurrent Start) (G1 Humongous Allocation)" : "Pause Young (Normal) (G1 Evacuation Pause)";
      gc(t, `GC(${gcId}) ${kind} ${Math.round(before)}M->${Math.round(l)}M(${maxM}M) ${pause.toFixed(3)}ms`, memLabel);
      if (humongous || (l < 1100 && r.chance(0.04))) {
        gcId++;
        gc(t + 5, `GC(${gcId}) Concurrent Mark Cycle`, memLabel);
        gc(t + r.float(300, 900), `GC(${gcId}) Pause Remark ${Math.round(l + 40)}M->${Math.round(l + 10)}M(${maxM}M) ${r.float(3, 30).toFixed(3)}ms`, memLabel);
        gc(
          t + r.float(950, 1200),
          `GC(${gcId}) Pause Cleanup ${Math.round(l + 12)}M->${Math.round(l + 12)}M(${maxM}M) ${r.float(0.1, 1).toFixed(3)}ms`,
          memLabel,
        );
        gc(t + r.float(1300, 1600), `GC(${gcId}) Concurrent Mark Cycle ${r.float(900, 1600).toFixed(3)}ms`, memLabel);
      }
    }
    gcId++;
    const interval = Math.max(7000, 18_000 * ((maxM - l) / (maxM - base)));
    t += interval * r.float(0.8, 1.2);
  }

  // Application requests.
  for (const tr of r.stream(2300, t0, t1)) {
    if (tr >= oom && tr < restartAt + 20_000) continue;
    const [m, p] = r.pick([
      ["GET", "/api/stock/{sku}"],
      ["GET", "/api/stock/{sku}/locations"],
      ["POST", "/api/reservations"],
      ["GET", "/api/availability?sku={sku}"],
    ] as const);
    const path = p.replace("{sku}", String(r.int(100000, 999999)));
    let ms = r.logNormal(m === "POST" ? 28 : 12, 0.4);
    let label: Label = null;
    const stall = fullGcs.find(([a, b]) => tr >= a - 200 && tr < b);
    if (stall) {
      ms += stall[1] - tr;
      label = "performance";
    }
    app(
      tr + ms,
      "INFO",
      "com.acme.inventory.web.AccessLogFilter",
      `http-nio-8080-exec-${r.int(1, 50)}`,
      `${m} ${path} ${m === "POST" ? 201 : 200} ${Math.round(ms)}ms`,
      {
        "trace.id": r.hex(32),
        "http.request.method": m,
        "url.path": path,
        "http.response.status_code": m === "POST" ? 201 : 200,
        "event.duration": Math.round(ms * 1e6),
      },
      label,
    );
  }
  // The cache that leaks reports its size every five minutes.
  for (let tc = t0 + r.float(0, 5 * MIN); tc < t1; tc += 5 * MIN) {
    if (tc >= oom && tc < restartAt) continue;
    const grown = tc >= deploy && tc < oom;
    const size = grown ? Math.round(40_000 + ((tc - deploy) / (oom - deploy)) * r.float(2.6e6, 3.2e6)) : r.int(38_000, 46_000);
    app(
      tc,
      "INFO",
      "com.acme.inventory.cache.CacheStatsReporter",
      "scheduling-1",
      `cache skuAvailability size=${size} evictions=${grown ? 0 : r.int(900, 3000)} hitRate=${(grown ? r.float(0.05, 0.2) : r.float(0.82, 0.9)).toFixed(3)}`,
      { "cache.name": "skuAvailability", "cache.size": size },
      grown && size > 400_000 ? "memory" : null,
    );
  }
  // Actuator heap warning once usage is high.
  for (let th = deploy + 30 * MIN; th < oom; th += r.float(60_000, 120_000)) {
    const l = live(th);
    if (l < 1400) continue;
    const pct = Math.min(99.4, (l / maxM) * 100 + r.float(2, 6));
    app(
      th,
      "WARN",
      "com.acme.inventory.health.HeapHealthIndicator",
      "health-check-1",
      `heap usage ${pct.toFixed(1)}% of ${maxM}MB exceeds warning threshold 85%`,
      { "jvm.memory.heap.used_pct": round(pct, 1), "jvm.memory.heap.max_mb": maxM },
      "memory",
    );
  }
  // Death by OOM and restart.
  const oomStack =
    "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.HashMap.resize(HashMap.java:702)\n\tat java.base/java.util.HashMap.putVal(HashMap.java:661)\n\tat java.base/java.util.concurrent.ConcurrentHashMap.putVal(ConcurrentHashMap.java:1075)\n\tat com.acme.inventory.cache.AvailabilityCache.put(AvailabilityCache.java:58)\n\tat com.acme.inventory.service.StockService.availability(StockService.java:131)";
  const oomCount = r.int(3, 6);
  for (let i = 0; i < oomCount; i++) {
    app(
      oom - r.float(0, 20_000),
      "ERROR",
      "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
      `http-nio-8080-exec-${r.int(1, 50)}`,
      "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
      { "error.type": "java.lang.OutOfMemoryError", "error.message": "Java heap space", "error.stack_trace": oomStack },
      "error",
    );
  }
  gc(oom + 50, `GC(${gcId}) Pause Full (G1 Compaction Pause) ${maxM - 1}M->${maxM - 4}M(${maxM}M) ${r.float(5000, 9000).toFixed(3)}ms`, "memory");
  app(
    oom + 9200,
    "ERROR",
    "com.acme.inventory.lifecycle.ShutdownHook",
    "SIGTERM handler",
    "Terminating due to java.lang.OutOfMemoryError: Java heap space (ExitOnOutOfMemoryError)",
    { "error.type": "java.lang.OutOfMemoryError" },
    "error",
  );
  app(
    restartAt + 2000,
    "INFO",
    "org.springframework.boot.StartupInfoLogger",
    "main",
    `Starting InventorySyncApplication v4.19.0 using Java 21.0.3 with PID ${r.int(1, 90)}`,
    {},
    null,
  );
  app(
    restartAt + r.float(9000, 14000),
    "INFO",
    "org.springframework.boot.StartupInfoLogger",
    "main",
    `Started InventorySyncApplication in ${r.float(9, 14).toFixed(3)} seconds (process running for ${r.float(10, 15).toFixed(3)})`,
    {},
    null,
  );
  // The deploy itself: ordinary.
  app(
    deploy - 15_000,
    "INFO",
    "org.springframework.boot.StartupInfoLogger",
    "main",
    "Started InventorySyncApplication in 11.204 seconds (process running for 12.01)",
    { "service.version": "4.19.0" },
    null,
  );

  return tl.build(
    "jvm-heap-leak-gc",
    "ECS JSON from a Spring Boot service plus its G1 GC log: after a deploy a cache leaks, heap after GC climbs to the max, full GCs stall requests, and the JVM dies with OutOfMemoryError.",
  );
}
