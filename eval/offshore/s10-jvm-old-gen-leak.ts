// Two instances of a Java orders service (G1, 4 GiB heap) ship their unified GC logs through
// filebeat alongside the application's logstash JSON. A release flag turns on a per-tenant
// price snapshot cache that is never evicted; on orders-2 the live set climbs steadily: the
// floor after each young GC rises, concurrent marking runs back to back, mixed collections
// reclaim almost nothing, eden shrinks so collections come faster, then to-space exhaustion
// and multi-second full GCs, requests stall, and the JVM dies of OutOfMemoryError. It is
// restarted and on-call turns the flag off. orders-1 stays healthy throughout.
import type { Scenario } from "../blind/types.js";
import { baseDay, diurnal, type GcSource, gcLine, javaStack, type Label, logback, MIN, Rng, SEC, Story, sampleTimes } from "./lib.js";

const HEAP = 4096;
const IHOP = Math.round(HEAP * 0.45);

export function s10JvmOldGenLeak(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(7 * 60, 10 * 60) * MIN + rng.int(0, 59) * SEC;
  const win = rng.int(190, 230) * MIN;
  const end = start + win;
  const onset = start + Math.round(win * rng.float(0.25, 0.35));
  const oomAt = onset + Math.round(win * rng.float(0.42, 0.5));
  const restartAt = oomAt + rng.int(25, 45) * SEC;
  const flagOff = restartAt + rng.int(3, 6) * MIN;

  const hosts = ["orders-1.prod.internal", "orders-2.prod.internal"];
  const jvmStart = [start - rng.int(20, 60) * 3600 * SEC, start - rng.int(20, 60) * 3600 * SEC];
  const srcs: GcSource[] = hosts.map((h, i) => ({
    host: h,
    service: "orders",
    path: "/var/log/orders/gc.log",
    startMs: jvmStart[i] ?? start,
    offset: rng.int(8e6, 4e7),
  }));
  const gcId = [rng.int(3000, 9000), rng.int(3000, 9000)];

  const app = (
    t: number,
    i: number,
    lvl: "info" | "warn" | "error",
    logger: string,
    thread: string,
    msg: string,
    f: Record<string, unknown>,
    label: Label,
    stack?: string,
  ) => story.add(t, label, logback(t, lvl, logger, thread, msg, { app: "orders", host: { name: hosts[i] }, ...f }, stack));

  // ---------------------------------------------------------------- GC logs
  // Old-generation live set of each instance over time (MB).
  const live = (i: number, t: number) => {
    if (i === 1 && t >= onset && t < oomAt) return Math.round(620 + (3460 * (t - onset)) / (oomAt - onset));
    return 620;
  };
  const pauseLog: { t: number; i: number; ms: number }[] = [];
  for (let i = 0; i < 2; i++) {
    const src = srcs[i] as GcSource;
    let old = rng.int(650, 900);
    let surv = rng.int(20, 60);
    let marking = false;
    let mixedLeft = 0;
    let t = start + rng.int(0, 50) * SEC;
    let restarted = false;
    while (t < end) {
      if (i === 1 && t >= oomAt && !restarted) {
        // The JVM is gone; a new one starts with a fresh heap and GC log.
        restarted = true;
        t = restartAt;
        src.startMs = restartAt - 1800;
        src.offset = 0;
        gcId[i] = 0;
        old = 40;
        surv = 0;
        marking = false;
        mixedLeft = 0;
        const header: [string, string][] = [
          ["gc,init", "Version: 17.0.10+7 (release)"],
          ["gc", "Using G1"],
          ["gc,init", "Heap Region Size: 2M"],
          ["gc,init", "Heap Min Capacity: 4G"],
          ["gc,init", "Heap Initial Capacity: 4G"],
          ["gc,init", "Heap Max Capacity: 4G"],
          ["gc,init", "Periodic GC: Disabled"],
        ];
        header.forEach(([tags, text], k) => {
          story.add(restartAt + k, "pattern", gcLine(restartAt + k, src, "info", tags, text));
        });
        t = restartAt + rng.int(20, 40) * SEC;
        continue;
      }
      const L = live(i, t);
      const leaking = i === 1 && t >= onset && t < oomAt;
      const eden = Math.max(90, Math.min(2400, HEAP - old - 300));
      const id = gcId[i] ?? 0;
      gcId[i] = id + 1;
      const before = old + surv + eden;
      const promoted = rng.int(6, 22);
      let kind = "Pause Young (Normal) (G1 Evacuation Pause)";
      if (mixedLeft > 0) {
        kind = mixedLeft === 99 ? "Pause Young (Prepare Mixed) (G1 Evacuation Pause)" : "Pause Young (Mixed) (G1 Evacuation Pause)";
        const target = L + rng.int(40, 140);
        old = Math.max(target, old - rng.int(250, 600));
        mixedLeft = mixedLeft === 99 ? rng.int(3, 6) : mixedLeft - 1;
      } else if (old > IHOP && !marking) {
        kind = "Pause Young (Concurrent Start) (G1 Evacuation Pause)";
        marking = true;
      }
      old = Math.max(old + promoted, L);
      surv = leaking && old > 3000 ? rng.int(0, 12) : rng.int(18, 70);
      old = Math.min(old, HEAP - surv - 8);
      let after = Math.min(old + surv, before - rng.int(4, 30));
      const exhausted = leaking && HEAP - old < 260;
      let pause = leaking ? rng.float(8, 30) * (1 + (3 * old) / HEAP) : rng.float(5, 24);
      const aboveNormal = leaking && after > 1500;
      const memLabel: Label = aboveNormal ? "memory" : null;
      if (exhausted) {
        story.add(t, "memory", gcLine(t, src, "info", "gc", `GC(${id}) To-space exhausted`));
        pause = rng.float(60, 220);
      }
      story.add(t + 1, memLabel, gcLine(t + 1, src, "info", "gc", `GC(${id}) ${kind} ${before}M->${after}M(${HEAP}M) ${pause.toFixed(3)}ms`));
      const real = pause / 1000;
      story.add(
        t + 2,
        real >= 0.2 ? "performance" : null,
        gcLine(
          t + 2,
          src,
          "info",
          "gc,cpu",
          `GC(${id}) User=${(real * rng.float(5, 8)).toFixed(2)}s Sys=${(real * rng.float(0.1, 0.5)).toFixed(2)}s Real=${real.toFixed(2)}s`,
        ),
      );
      pauseLog.push({ t, i, ms: pause });
      if (exhausted) {
        const fid = gcId[i] ?? 0;
        gcId[i] = fid + 1;
        const full = rng.float(2400, 6200);
        const tf = t + Math.round(pause) + 5;
        const reclaimed = Math.min(HEAP - 12, Math.max(L + 20, after - rng.int(60, 200)));
        story.add(
          tf,
          "memory",
          gcLine(
            tf,
            src,
            "info",
            "gc",
            `GC(${fid}) Pause Full (G1 Compaction Pause) ${Math.min(HEAP, after + rng.int(40, 90))}M->${reclaimed}M(${HEAP}M) ${full.toFixed(3)}ms`,
          ),
        );
        story.add(
          tf + Math.round(full),
          "performance",
          gcLine(
            tf + Math.round(full),
            src,
            "info",
            "gc,cpu",
            `GC(${fid}) User=${((full / 1000) * 7.6).toFixed(2)}s Sys=0.0${rng.int(1, 9)}s Real=${(full / 1000).toFixed(2)}s`,
          ),
        );
        pauseLog.push({ t: tf, i, ms: full });
        old = reclaimed - 30;
        after = reclaimed;
        t = tf + Math.round(full);
      }
      if (kind.includes("Concurrent Start")) {
        const tm = t + Math.round(pause) + 3;
        const markMs = rng.float(300, 1400) * (leaking ? 2 : 1);
        const label: Label = leaking ? "memory" : null;
        story.add(tm, label, gcLine(tm, src, "info", "gc,marking", `GC(${id}) Concurrent Mark Cycle`));
        const tr = tm + Math.round(markMs);
        story.add(
          tr,
          label,
          gcLine(
            tr,
            src,
            "info",
            "gc",
            `GC(${id}) Pause Remark ${Math.min(HEAP, after + 40)}M->${Math.min(HEAP, after + 20)}M(${HEAP}M) ${rng.float(4, 30).toFixed(3)}ms`,
          ),
        );
        story.add(
          tr + 40,
          label,
          gcLine(
            tr + 40,
            src,
            "info",
            "gc",
            `GC(${id}) Pause Cleanup ${Math.min(HEAP, after + 22)}M->${Math.min(HEAP, after + 22)}M(${HEAP}M) ${rng.float(0.2, 1.2).toFixed(3)}ms`,
          ),
        );
        story.add(tr + 60, label, gcLine(tr + 60, src, "info", "gc,marking", `GC(${id}) Concurrent Mark Cycle ${(markMs + 60).toFixed(3)}ms`));
        marking = false;
        mixedLeft = 99;
      }
      // Allocation rate follows traffic.
      const rate = 34 * (0.6 + 0.5 * diurnal(t));
      const nextEden = Math.max(90, Math.min(2400, HEAP - old - 300));
      t += Math.max(800, Math.round((nextEden / rate) * 1000 * rng.float(0.85, 1.15)));
    }
  }

  // ---------------------------------------------------------------- application logs
  const stallAt = (i: number, t: number) => {
    let ms = 0;
    for (const p of pauseLog) if (p.i === i && p.t <= t && p.t + p.ms > t) ms = Math.max(ms, p.t + p.ms - t);
    return ms;
  };
  const pressure = (i: number, t: number) => (i === 1 && t >= onset && t < oomAt ? (live(i, t) - 620) / 3460 : 0);
  for (const t0 of sampleTimes(rng, rng.int(2100, 2600), start, end)) {
    let i = rng.int(0, 1);
    if (i === 1 && t0 >= oomAt && t0 < restartAt + 20 * SEC) i = 0;
    const route = rng.weighted([
      ["GET /api/orders/{id}", 0.45],
      ["POST /api/orders", 0.25],
      ["GET /api/orders?customer={id}", 0.2],
      ["PUT /api/orders/{id}/status", 0.1],
    ] as const);
    const base = route.startsWith("POST") ? rng.logn(48, 0.3) : rng.logn(18, 0.3);
    const pr = pressure(i, t0);
    const stall = stallAt(i, t0);
    const slow = pr > 0.6 || stall > 150;
    const dur = Math.round(base * (1 + (pr > 0.6 ? rng.float(3, 30) * (pr - 0.5) : 0)) + stall);
    const status = route.startsWith("POST") ? 201 : rng.chance(0.02) ? 404 : 200;
    app(
      t0 + dur,
      i,
      status === 404 ? "warn" : "info",
      "com.acme.orders.web.RequestLogFilter",
      `http-nio-8080-exec-${rng.int(1, 200)}`,
      `Completed ${route.split(" ")[0]} ${route.split(" ")[1]?.replace("{id}", String(rng.int(1e6, 9e6)))} ${status} in ${dur} ms`,
      { duration_ms: dur, status },
      slow && dur > base * 3 ? "performance" : null,
    );
  }
  for (let i = 0; i < 2; i++) {
    for (let t = start + rng.int(0, 60) * SEC; t < end; t += 5 * MIN + rng.int(-10, 10) * SEC) {
      if (i === 1 && t >= oomAt && t < restartAt + 30 * SEC) continue;
      app(t, i, "info", "com.acme.orders.jobs.OutboxRelay", "scheduling-1", `Outbox relay published ${rng.int(40, 400)} events`, { job: "outbox-relay" }, null);
    }
  }
  for (const p of pauseLog) {
    if (p.ms < 1000) continue;
    const tw = p.t + Math.round(p.ms) + rng.int(50, 400);
    app(
      tw,
      p.i,
      "warn",
      "com.acme.orders.ops.JvmPauseMonitor",
      "JvmPauseMonitor",
      `Detected pause in JVM or host machine (eg GC): pause of approximately ${Math.round(p.ms + 30)}ms`,
      { pause_ms: Math.round(p.ms + 30) },
      "performance",
    );
  }
  // Routine warnings.
  for (const t of sampleTimes(rng, rng.int(10, 18), start, end)) {
    app(
      t,
      rng.int(0, 1),
      "warn",
      "org.apache.kafka.clients.NetworkClient",
      "kafka-producer-network-thread | orders",
      "[Producer clientId=orders] Node 2 disconnected.",
      {},
      null,
    );
  }

  // ---------------------------------------------------------------- the story's own events
  app(
    onset - rng.int(5, 40) * SEC,
    1,
    "info",
    "com.acme.orders.config.FeatureFlags",
    "main",
    "Feature flag pricing.tenant-snapshot-cache changed false -> true (actor=release-2024.19)",
    {},
    "pattern",
  );
  app(
    onset - rng.int(41, 90) * SEC,
    0,
    "info",
    "com.acme.orders.config.FeatureFlags",
    "main",
    "Feature flag pricing.tenant-snapshot-cache changed false -> true (actor=release-2024.19)",
    {},
    "pattern",
  );
  app(
    oomAt - 900,
    1,
    "error",
    "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
    `http-nio-8080-exec-${rng.int(1, 200)}`,
    "Servlet.service() for servlet [dispatcherServlet] threw exception",
    {},
    "error",
    javaStack("java.lang.OutOfMemoryError: Java heap space", [
      "java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
      "com.acme.orders.pricing.TenantSnapshotCache.put(TenantSnapshotCache.java:88)",
      "com.acme.orders.pricing.PriceService.quote(PriceService.java:142)",
    ]),
  );
  app(
    oomAt - 400,
    1,
    "error",
    "com.acme.orders.jobs.OutboxRelay",
    "scheduling-1",
    "Unexpected error in scheduled task",
    {},
    "error",
    javaStack("java.lang.OutOfMemoryError: Java heap space", ["com.acme.orders.jobs.OutboxRelay.run(OutboxRelay.java:51)"]),
  );
  app(oomAt, 1, "error", "jvm", "main", "Terminating due to java.lang.OutOfMemoryError: Java heap space", {}, "error");
  app(
    restartAt + 1200,
    1,
    "info",
    "com.acme.orders.OrdersApplication",
    "main",
    "Starting OrdersApplication v4.12.0 using Java 17.0.10 with PID 1",
    {},
    "pattern",
  );
  app(
    restartAt + rng.int(14, 19) * SEC,
    1,
    "info",
    "com.acme.orders.OrdersApplication",
    "main",
    `Started OrdersApplication in ${rng.float(13, 18).toFixed(3)} seconds (process running for ${rng.float(14, 19).toFixed(3)})`,
    {},
    "pattern",
  );
  for (let i = 0; i < 2; i++) {
    app(
      flagOff + i * rng.int(200, 900),
      i,
      "info",
      "com.acme.orders.config.FeatureFlags",
      "main",
      "Feature flag pricing.tenant-snapshot-cache changed true -> false (actor=oncall:m.berg)",
      {},
      "pattern",
    );
  }

  return story.build(
    "jvm-old-gen-leak",
    "G1 GC logs and app logs of two Java order services: after a release flag enables an unbounded cache, orders-2's post-GC heap floor climbs, marking runs back to back, to-space exhaustion and multi-second full GCs stall requests, and the JVM dies of OutOfMemoryError and is restarted.",
  );
}
