// s09: an insurance quote engine on the JVM (G1, 4 GiB heap), two pods, shipped by Fluent Bit
// (`date` in epoch seconds, `log`, Kubernetes metadata). The application writes log4j2's
// JSONLayout (instant, level, loggerName, message, contextMap) and the JVM its unified GC log
// as text. A config change makes the rate-table cache unbounded: after-GC occupancy climbs,
// young pauses lengthen, concurrent cycles and mixed collections reclaim nothing, evacuation
// fails, full GCs stop the world for seconds, quotes get slow, and one pod dies of
// OutOfMemoryError and restarts (and starts leaking again).
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, every, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

interface Pod {
  name: string;
  ip: string;
  gcId: number;
  // Old-generation live data (MiB) as a function of time.
  old: (t: number) => number;
  restartAt: number | null;
}

export function jvmGcLeak(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s09-jvm-gc-leak"));
  const tl = new Timeline();
  const start = baseTime(r, 6, 14);
  const end = start + r.int(150, 230) * MIN;
  const vol = r.float(0.85, 1.15);
  const tChange = start + (end - start) * r.float(0.1, 0.2);
  const tOom = start + (end - start) * r.float(0.62, 0.74);
  const tRestart = tOom + r.int(40, 90) * SEC;
  const HEAP = 4096;
  const base0 = r.float(1000, 1250);
  const base1 = r.float(1000, 1250);
  const rate0 = (4050 - base0) / (tOom - tChange); // MiB per ms until the OOM
  const rate1 = (r.float(3550, 3750) - base1) / (end - tChange);
  const version = `4.${r.int(8, 15)}.${r.int(0, 9)}`;
  const pods: Pod[] = [
    {
      name: "quote-engine-0",
      ip: `10.42.${r.int(1, 9)}.${r.int(10, 250)}`,
      gcId: r.int(800, 3000),
      restartAt: tRestart,
      old: (t) => {
        if (t >= tRestart) return 420 + Math.min(base0 - 420, (t - tRestart) * 0.02) + Math.max(0, t - tRestart - 4 * MIN) * rate0;
        return base0 + Math.max(0, t - tChange) * rate0;
      },
    },
    {
      name: "quote-engine-1",
      ip: `10.42.${r.int(1, 9)}.${r.int(10, 250)}`,
      gcId: r.int(800, 3000),
      restartAt: null,
      old: (t) => base1 + Math.max(0, t - tChange) * rate1,
    },
  ];
  // Healthy after-GC occupancy stays below ~35 %; above 52 % (and climbing) it is labelled memory.
  const LEAK = 0.52;

  const k8s = (pod: Pod) => ({
    pod_name: pod.name,
    namespace_name: "quotes",
    pod_ip: pod.ip,
    container_name: "quote-engine",
    labels: { app: "quote-engine", "app.kubernetes.io/version": version },
    host: `ip-10-42-0-${r.int(10, 99)}.eu-west-1.compute.internal`,
  });
  const fb = (t: number, pod: Pod, log: string, stream = "stdout", file?: string) => {
    const rec: Record<string, unknown> = { date: Number((t / 1000).toFixed(6)) };
    if (file) rec.file = file;
    rec.log = log;
    rec.stream = stream;
    rec.kubernetes = k8s(pod);
    return rec;
  };
  const gcTime = (t: number) => `[${new Date(Math.floor(t)).toISOString().replace("Z", "+0000")}]`;
  const gc = (t: number, pod: Pod, text: string, label: Label, tag = "gc") =>
    tl.add(t, fb(t, pod, `${gcTime(t)}[info][${tag}] ${text}`, "stdout", "/var/log/jvm/gc.log"), label);
  const app = (
    t: number,
    pod: Pod,
    level: string,
    logger: string,
    message: string,
    ctx: Record<string, string> = {},
    label: Label = null,
    thread = `http-nio-8443-exec-${r.int(1, 48)}`,
  ) => {
    const inner = {
      instant: { epochSecond: Math.floor(t / 1000), nanoOfSecond: Math.floor((t % 1000) * 1e6) },
      thread,
      level,
      loggerName: logger,
      message,
      endOfBatch: false,
      loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
      contextMap: { service: "quote-engine", pod: pod.name, ...ctx },
      threadId: r.int(20, 200),
      threadPriority: 5,
    };
    tl.add(t, fb(t, pod, JSON.stringify(inner)), label);
  };
  const alive = (pod: Pod, t: number) => !(pod.restartAt !== null && t >= tOom && t < pod.restartAt + 25 * SEC);

  // ---------- the change ----------
  app(
    tChange,
    pods[0] as Pod,
    "INFO",
    "c.h.quotes.config.RateTableCacheConfig",
    "Rate table cache configuration reloaded: maximumSize=unbounded (was 250000), expireAfterWrite=none (was PT6H)",
    { configVersion: String(r.int(100, 400)) },
    "pattern",
    "config-watcher-1",
  );
  app(
    tChange + r.int(1, 4) * SEC,
    pods[1] as Pod,
    "INFO",
    "c.h.quotes.config.RateTableCacheConfig",
    "Rate table cache configuration reloaded: maximumSize=unbounded (was 250000), expireAfterWrite=none (was PT6H)",
    { configVersion: String(r.int(100, 400)) },
    "pattern",
    "config-watcher-1",
  );

  // ---------- GC log per pod ----------
  const fullGcWindows = new Map<string, [number, number][]>();
  for (const pod of pods) {
    const windows: [number, number][] = [];
    fullGcWindows.set(pod.name, windows);
    let t = start + r.float(0, 20) * SEC;
    let young = 0;
    let mixedPending = 0;
    while (t < end) {
      if (!alive(pod, t)) {
        t = (pod.restartAt as number) + 25 * SEC;
        pod.gcId = 0;
        // JVM start-up banner in the GC log.
        const b = (pod.restartAt as number) + 2 * SEC;
        gc(b, pod, "Using G1", "pattern");
        gc(b + 1, pod, "Version: 17.0.10+7 (release)", "pattern", "gc,init");
        gc(b + 2, pod, "CPUs: 4 total, 4 available", "pattern", "gc,init");
        gc(b + 3, pod, "Memory: 7680M", "pattern", "gc,init");
        gc(b + 4, pod, "Heap Region Size: 2M", "pattern", "gc,init");
        gc(b + 5, pod, "Heap Min Capacity: 4G", "pattern", "gc,init");
        gc(b + 6, pod, "Heap Initial Capacity: 4G", "pattern", "gc,init");
        gc(b + 7, pod, "Heap Max Capacity: 4G", "pattern", "gc,init");
        continue;
      }
      const old = Math.min(HEAP - 30, pod.old(t));
      const occ = old / HEAP;
      const label: Label = occ > LEAK ? "memory" : null;
      const id = pod.gcId++;
      if (occ > 0.965) {
        // Back-to-back full collections reclaiming almost nothing.
        const before = HEAP - r.int(1, 6);
        const after = Math.round(old - r.float(0, 20));
        const pause = r.float(2800, 8900);
        gc(t, pod, `GC(${id}) To-space exhausted`, "memory");
        gc(t + pause, pod, `GC(${id}) Pause Full (G1 Compaction Pause) ${before}M->${after}M(${HEAP}M) ${pause.toFixed(3)}ms`, "memory");
        windows.push([t, t + pause]);
        t += pause + r.float(200, 3000);
        continue;
      }
      const eden = Math.max(60, Math.min(1900, (HEAP - old) * 0.62));
      const before = Math.round(old + eden);
      const surv = r.float(18, 70);
      const after = Math.round(old + surv);
      let pause = r.logNormal(14, 0.3) * (1 + 9 * Math.max(0, occ - 0.6));
      let kind = "Pause Young (Normal) (G1 Evacuation Pause)";
      young++;
      if (mixedPending > 0) {
        kind = "Pause Young (Mixed) (G1 Evacuation Pause)";
        mixedPending--;
        pause *= 1.4;
      } else if (occ > 0.45 && young % 4 === 0) {
        kind = "Pause Young (Concurrent Start) (G1 Evacuation Pause)";
      } else if (occ <= 0.45 && r.chance(0.03)) {
        kind = "Pause Young (Concurrent Start) (G1 Humongous Allocation)";
      }
      if (occ > 0.88 && r.chance(0.35)) {
        gc(t, pod, `GC(${id}) To-space exhausted`, "memory");
        kind = "Pause Young (Normal) (G1 Evacuation Pause)";
        pause = r.float(180, 900);
      }
      gc(t + pause, pod, `GC(${id}) ${kind} ${before}M->${after}M(${HEAP}M) ${pause.toFixed(3)}ms`, label);
      if (kind.includes("Concurrent Start")) {
        const cm = t + pause + r.float(150, 900);
        const markMs = r.float(120, 600) * (1 + 3 * Math.max(0, occ - 0.5));
        const mid = pod.gcId++;
        gc(cm, pod, `GC(${mid}) Concurrent Mark Cycle`, label);
        gc(cm + markMs, pod, `GC(${mid}) Pause Remark ${after + r.int(20, 90)}M->${after + r.int(5, 19)}M(${HEAP}M) ${r.float(4, 25).toFixed(3)}ms`, label);
        gc(
          cm + markMs + 40,
          pod,
          `GC(${mid}) Pause Cleanup ${after + r.int(5, 19)}M->${after + r.int(1, 4)}M(${HEAP}M) ${r.float(0.2, 1.2).toFixed(3)}ms`,
          label,
        );
        gc(cm + markMs + 50, pod, `GC(${mid}) Concurrent Mark Cycle ${markMs.toFixed(3)}ms`, label);
        mixedPending = occ > 0.45 ? r.int(1, 3) : 0;
      }
      // Allocation rate is steady; a fuller heap means a smaller eden and more frequent GCs.
      const gap = Math.max(5, 40 * (eden / 1900)) * SEC * r.float(0.7, 1.3);
      t += gap;
    }
  }

  // ---------- application ----------
  const products = ["TERM_LIFE_10", "TERM_LIFE_20", "TERM_LIFE_30", "WHOLE_LIFE", "CRITICAL_ILLNESS", "INCOME_PROTECT"];
  const inFullGc = (pod: Pod, t: number) => (fullGcWindows.get(pod.name) ?? []).find(([a, b]) => t >= a && t < b);
  for (const t of arrivals(r, start, end, 3600 / vol)) {
    const pod = r.pick(pods);
    if (!alive(pod, t)) continue;
    const occ = Math.min(HEAP - 30, pod.old(t)) / HEAP;
    let ms = r.logNormal(85, 0.35);
    let slowed = false;
    const fw = inFullGc(pod, t);
    if (fw) {
      ms += fw[1] - t;
      slowed = true;
    } else if (occ > 0.8) {
      ms *= r.float(1.5, 2 + 20 * (occ - 0.8));
      slowed = true;
    }
    const label: Label = slowed && ms > 320 ? "performance" : null;
    const p = r.pick(products);
    const age = r.int(18, 70);
    const reqId = r.uuid();
    if (r.chance(0.03)) {
      app(t, pod, "WARN", "c.h.quotes.api.QuoteController", `Quote request rejected: applicant age ${r.int(14, 17)} below minimum 18 for ${p}`, {
        requestId: reqId,
      });
      continue;
    }
    app(
      t + ms,
      pod,
      "INFO",
      "c.h.quotes.api.QuoteController",
      `Quote computed product=${p} age=${age} sumAssured=${r.int(5, 100) * 10000} premium=${r.float(8, 240).toFixed(2)} in ${Math.round(ms)} ms`,
      { requestId: reqId, durationMs: String(Math.round(ms)) },
      label,
    );
  }
  for (const pod of pods) {
    // Heap monitor every minute.
    for (const t of every(r, start, end, 60 * SEC, 2 * SEC)) {
      if (!alive(pod, t)) continue;
      const old = Math.min(HEAP - 30, pod.old(t));
      const pct = Math.round((old / HEAP) * 100);
      const label: Label = old / HEAP > LEAK ? "memory" : null;
      app(
        t,
        pod,
        label ? "WARN" : "INFO",
        "c.h.quotes.ops.HeapMonitor",
        `Heap after last GC: ${Math.round(old)} MiB of ${HEAP} MiB (${pct}%)`,
        {},
        label,
        "heap-monitor",
      );
    }
    // Rate table refresh and cache stats: bounded at 250,000 entries until the change.
    for (const t of every(r, start, end, 5 * MIN, 10 * SEC)) {
      if (!alive(pod, t)) continue;
      const since = pod.restartAt !== null && t >= pod.restartAt ? pod.restartAt : tChange;
      const size = t < tChange ? r.int(238000, 250000) : 248000 + Math.round(((t - since) / MIN) * r.int(15500, 16500));
      const label: Label = size > 300000 ? "pattern" : null;
      app(
        t,
        pod,
        "INFO",
        "c.h.quotes.rates.RateTableCache",
        `Rate table cache stats: size=${size}, hitRate=${r.float(0.9, 0.97).toFixed(3)}, evictions=${t < tChange ? r.int(2000, 9000) : 0}`,
        {},
        label,
        "rate-refresh-1",
      );
      app(
        t + 400,
        pod,
        "INFO",
        "c.h.quotes.rates.RateTableLoader",
        `Rate tables refreshed from pricing-db: ${r.int(800, 2400)} rows changed in ${r.int(180, 600)} ms`,
        {},
        null,
        "rate-refresh-1",
      );
    }
  }
  for (const t of arrivals(r, start, end, 13 * MIN)) {
    const pod = r.pick(pods);
    if (!alive(pod, t)) continue;
    app(
      t,
      pod,
      "ERROR",
      "c.h.quotes.events.QuoteEventPublisher",
      "Failed to publish QuoteIssued event, will retry: org.apache.kafka.common.errors.NotLeaderOrFollowerException: For requests intended only for the leader, this error indicates that the broker is not the current leader.",
      {},
      null,
      "kafka-producer-network-thread | quote-engine",
    );
  }

  // ---------- the OOM and restart of pod 0 ----------
  const p0 = pods[0] as Pod;
  app(
    tOom - 2000,
    p0,
    "ERROR",
    "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
    "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
    {},
    "memory",
  );
  app(
    tOom - 1200,
    p0,
    "ERROR",
    "c.h.quotes.rates.RateTableLoader",
    "Rate table refresh failed: java.lang.OutOfMemoryError: Java heap space",
    {},
    "memory",
    "rate-refresh-1",
  );
  tl.add(tOom - 300, fb(tOom - 300, p0, "java.lang.OutOfMemoryError: Java heap space", "stderr"), "memory");
  tl.add(tOom - 250, fb(tOom - 250, p0, "Dumping heap to /var/dumps/java_pid1.hprof ...", "stderr"), "memory");
  tl.add(tOom, fb(tOom, p0, `Heap dump file created [${r.int(4100, 4300)}123456 bytes in ${r.float(9, 20).toFixed(3)} secs]`, "stderr"), "memory");
  tl.add(tOom + 200, fb(tOom + 200, p0, "Terminating due to java.lang.OutOfMemoryError: Java heap space", "stderr"), "memory");
  const s0 = tRestart + 4 * SEC;
  app(
    s0,
    p0,
    "INFO",
    "c.h.quotes.QuoteEngineApplication",
    `Starting QuoteEngineApplication v${version} using Java 17.0.10 with PID 1 (/app/quote-engine.jar started by app in /app)`,
    {},
    "pattern",
    "main",
  );
  app(s0 + 200, p0, "INFO", "c.h.quotes.QuoteEngineApplication", 'The following 1 profile is active: "prod"', {}, "pattern", "main");
  app(
    s0 + 9000,
    p0,
    "INFO",
    "c.h.quotes.rates.RateTableLoader",
    `Rate table cache warmed: ${r.int(240000, 250000)} entries (maximumSize=unbounded)`,
    {},
    "pattern",
    "main",
  );
  app(
    s0 + 18000,
    p0,
    "INFO",
    "c.h.quotes.QuoteEngineApplication",
    `Started QuoteEngineApplication in ${r.float(17, 24).toFixed(3)} seconds (process running for ${r.float(19, 26).toFixed(3)})`,
    {},
    "pattern",
    "main",
  );

  return tl.build(
    "quote-engine-jvm-heap-leak-oom",
    "Insurance quote engine on the JVM (log4j2 JSON + G1 GC log via Fluent Bit): an unbounded cache leaks the heap, GC pauses and full GCs grow, quotes slow, one pod dies of OutOfMemoryError and restarts.",
  );
}
