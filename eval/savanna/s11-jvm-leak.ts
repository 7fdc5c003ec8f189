/**
 * s11: a real-estate listings search service on the JVM, three replicas on Kubernetes, shipped
 * by Fluent Bit (Merge_Log on): the application logs in log4j2's JsonLayout, the JVM's unified
 * GC log is plain text in `log`, and node/pod events come from an event exporter. One replica
 * leaks saved-search websocket sessions (heap objects pinning direct buffers): its heap after
 * each collection climbs, G1 thrashes into full collections and to-space exhaustion, requests
 * slow, OutOfMemoryErrors appear, and the kernel's cgroup OOM killer ends it; the container
 * restarts and the replica comes back healthy.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { HOUR, MIN, SEC, Timeline, arrivals, isoMs, isoSec, podName, privateIp, spanId, traceId, uuid, type Label, type Log } from "./common.js";

const NAME = "jvm-leak";

interface Pod {
  name: string;
  node: string;
  ip: string;
  jvmStart: number; // uptime origin of the current JVM
  gcId: number;
  leaks: boolean;
}

export function s11JvmLeak(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(3, 4) * HOUR + rng.int(0, 40) * MIN;
  const start = rng.start2026(span);
  const end = start + span;
  const tl = new Timeline();

  const rs = rng.alnum(10);
  const pods: Pod[] = Array.from({ length: 3 }, (_, i) => ({
    name: podName(rng, "listing-search", rs),
    node: `ip-10-3-${rng.int(0, 63)}-${rng.int(2, 250)}.eu-central-1.compute.internal`,
    ip: privateIp(rng, "10.3"),
    jvmStart: start - rng.int(20, 90) * HOUR,
    gcId: rng.int(4000, 30000),
    leaks: i === 0,
  }));
  const leaky = pods[0] as Pod;

  const L0 = start + span * rng.float(0.12, 0.2); // leak begins (a deploy of the notifier change earlier)
  const kill = start + span * rng.float(0.8, 0.87); // cgroup OOM kill
  const restart = kill + rng.float(2, 5) * SEC;
  const ready = restart + rng.float(40, 60) * SEC;
  const jvm2 = restart + 1200; // the replacement JVM's start
  const HEAP = 4096;
  const LIMIT = 5120;

  /** after-GC heap occupancy (MiB) of a pod at t. */
  const liveHeap = (p: Pod, t: number): number => {
    const base = 980 + 160 * Math.sin((t - start) / (37 * MIN)) + rng.float(-60, 60);
    if (!p.leaks || t < L0 || t >= restart) return base;
    const f = Math.min(1, (t - L0) / (kill - L0));
    return Math.min(4050, base + (3990 - base) * f ** 1.35);
  };
  const leakLabel = (after: number): Label => (after > 1600 ? "memory" : null);

  // ------------------------------------------------------------ envelopes
  const kube = (p: Pod): Log => ({
    pod_name: p.name,
    namespace_name: "search",
    pod_id: uuid(rng),
    labels: { app: "listing-search", "pod-template-hash": rs, "app.kubernetes.io/version": "4.12.0" },
    host: p.node,
    container_name: "listing-search",
    docker_id: rng.hex(64),
    container_image: "registry.homefinder.example/search/listing-search:4.12.0",
  });
  const gcLine = (t: number, p: Pod, level: string, tags: string, text: string, label: Label): void => {
    const origin = p.leaks && t >= restart ? jvm2 : p.jvmStart;
    const up = ((t - origin) / 1000).toFixed(3);
    tl.add(
      t,
      { "@timestamp": isoMs(t), log: `[${isoMs(t).slice(0, 23)}+0000][${up}s][${level}][${tags}] ${text}\n`, stream: "stdout", kubernetes: kube(p) },
      label,
    );
  };
  const app = (t: number, p: Pod, level: string, logger: string, thread: string, message: string, ctx: Log = {}, thrown?: Log, label: Label = null): void => {
    const log: Log = {
      "@timestamp": isoMs(t),
      instant: { epochSecond: Math.floor(t / 1000), nanoOfSecond: Math.floor((t % 1000) * 1e6) },
      thread,
      level,
      loggerName: logger,
      message,
      endOfBatch: false,
      loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
      contextMap: { traceId: traceId(rng), spanId: spanId(rng), ...ctx },
      threadId: rng.int(30, 260),
      threadPriority: 5,
    };
    if (thrown) log.thrown = thrown;
    log.stream = "stdout";
    log.kubernetes = kube(p);
    tl.add(t, log, label);
  };
  const event = (t: number, reason: string, type: string, message: string, component: string, obj: Log, label: Label): void => {
    const ts = Math.floor(t / 1000) * 1000;
    tl.add(
      ts,
      {
        metadata: {
          name: `${String(obj.name)}.${rng.hex(16)}`,
          namespace: obj.kind === "Node" ? "default" : "search",
          uid: uuid(rng),
          resourceVersion: String(rng.int(10_000_000, 99_999_999)),
          creationTimestamp: isoSec(ts),
        },
        involvedObject: obj,
        reason,
        message,
        source: { component, host: leaky.node },
        firstTimestamp: isoSec(ts),
        lastTimestamp: isoSec(ts),
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: leaky.node,
      },
      label,
    );
  };
  const podObj = (p: Pod): Log => ({
    kind: "Pod",
    namespace: "search",
    name: p.name,
    uid: uuid(rng),
    apiVersion: "v1",
    fieldPath: "spec.containers{listing-search}",
  });

  const up = (p: Pod, t: number): boolean => !(p.leaks && t >= kill && t < restart);
  const degraded = (p: Pod, t: number): boolean => p.leaks && liveHeap(p, t) > 3300 && t < kill;

  // ------------------------------------------------------------ GC log
  for (const p of pods) {
    let t = start + rng.float(0, 20) * SEC;
    let restarted = false;
    while (t < end) {
      if (p.leaks && !restarted && t >= kill) {
        // the replacement JVM numbers its collections from zero; its first comes after startup
        restarted = true;
        t = restart + rng.float(25, 40) * SEC;
        p.gcId = -1;
        continue;
      }
      const after = liveHeap(p, t);
      const young = Math.max(60, Math.min(1500, (HEAP - after) * 0.55)) * rng.float(0.85, 1.1);
      const before = Math.min(HEAP, after + young);
      const label = leakLabel(after);
      const free = HEAP - after;
      p.gcId += 1;
      if (p.leaks && free < 300 && rng.chance(0.6)) {
        gcLine(t, p, "info", "gc", `GC(${p.gcId}) To-space exhausted`, "memory");
        gcLine(
          t + 0.4,
          p,
          "info",
          "gc",
          `GC(${p.gcId}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(HEAP - rng.int(0, 8))}M->${Math.round(after + rng.int(20, 60))}M(${HEAP}M) ${(rng.float(180, 650)).toFixed(3)}ms`,
          "memory",
        );
        const tf = t + rng.float(0.7, 1.5) * SEC;
        p.gcId += 1;
        gcLine(
          tf,
          p,
          "info",
          "gc",
          `GC(${p.gcId}) Pause Full (G1 Compaction Pause) ${Math.round(HEAP - rng.int(0, 12))}M->${Math.round(after)}M(${HEAP}M) ${(rng.float(1800, 4200)).toFixed(3)}ms`,
          "memory",
        );
        t = tf + rng.float(2, 9) * SEC;
        continue;
      }
      const kind = rng.weighted([
        ["normal", 85],
        ["concurrent", after > 1800 ? 20 : 5],
        ["mixed", after > 1800 ? 12 : 4],
      ] as const);
      const pause = (after > 3000 ? rng.float(60, 320) : rng.logNormal(9, 0.4, 2.5)).toFixed(3);
      if (kind === "normal") {
        gcLine(
          t,
          p,
          "info",
          "gc",
          `GC(${p.gcId}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(before)}M->${Math.round(after)}M(${HEAP}M) ${pause}ms`,
          label,
        );
      } else if (kind === "mixed") {
        gcLine(
          t,
          p,
          "info",
          "gc",
          `GC(${p.gcId}) Pause Young (Mixed) (G1 Evacuation Pause) ${Math.round(before)}M->${Math.round(after * rng.float(0.96, 0.995))}M(${HEAP}M) ${pause}ms`,
          label,
        );
      } else {
        const humongous = after > 2500 && rng.chance(0.5);
        gcLine(
          t,
          p,
          "info",
          "gc",
          `GC(${p.gcId}) Pause Young (Concurrent Start) (${humongous ? "G1 Humongous Allocation" : "G1 Evacuation Pause"}) ${Math.round(before)}M->${Math.round(after)}M(${HEAP}M) ${pause}ms`,
          label,
        );
        const cid = p.gcId + 1;
        p.gcId += 1;
        gcLine(t + 2, p, "info", "gc", `GC(${cid}) Concurrent Mark Cycle`, label);
        const tr = t + rng.float(0.3, after > 3000 ? 6 : 1.2) * SEC;
        gcLine(
          tr,
          p,
          "info",
          "gc",
          `GC(${cid}) Pause Remark ${Math.round(after + rng.int(40, 200))}M->${Math.round(after + rng.int(0, 30))}M(${HEAP}M) ${rng.logNormal(6, 0.4, 2.5).toFixed(3)}ms`,
          label,
        );
        gcLine(
          tr + rng.float(50, 300),
          p,
          "info",
          "gc",
          `GC(${cid}) Pause Cleanup ${Math.round(after + rng.int(0, 30))}M->${Math.round(after + rng.int(0, 30))}M(${HEAP}M) ${rng.float(0.1, 0.9).toFixed(3)}ms`,
          label,
        );
        gcLine(tr + rng.float(300, 900), p, "info", "gc", `GC(${cid}) Concurrent Mark Cycle ${(tr - t + rng.float(20, 200)).toFixed(3)}ms`, label);
      }
      // allocation rate is steady, so the emptier the young space, the sooner the next pause
      const gap = Math.max(2, 28 * (young / 1500)) * rng.float(0.7, 1.3);
      t += gap * SEC;
    }
  }

  // ------------------------------------------------------------ JVM metrics reporter (every minute)
  for (const p of pods) {
    for (let t = start + rng.float(0, 60) * SEC; t < end; t += 60 * SEC) {
      if (!up(p, t) || (p.leaks && t >= restart && t < ready)) continue;
      const after = liveHeap(p, t);
      const used = Math.min(HEAP - 5, after + rng.float(80, 900));
      const direct = p.leaks && t >= L0 && t < restart ? 180 + ((after - 980) / 3010) * 720 : rng.float(150, 230);
      const rss = Math.min(LIMIT - 4, Math.min(HEAP, 2600 + used * 0.35) + 220 + direct + 150 + rng.float(-30, 30));
      const label: Label = p.leaks && after > 1600 && t < restart ? "memory" : null;
      app(
        t,
        p,
        "INFO",
        "com.homefinder.search.ops.JvmMetricsReporter",
        "metrics-reporter-1",
        `JVM memory: heap ${Math.round(used)}/${HEAP} MiB, non-heap ${Math.round(rng.float(205, 225))} MiB, direct ${Math.round(direct)} MiB, process RSS ${Math.round(rss)} MiB of ${LIMIT} MiB limit, threads ${rng.int(80, 96)}`,
        {},
        undefined,
        label,
      );
    }
  }

  // ------------------------------------------------------------ application traffic
  const sessions: Record<string, number> = Object.fromEntries(pods.map((p) => [p.name, rng.int(300, 600)]));
  for (const t of arrivals(rng, start, end, span / 1700)) {
    const p = rng.pick(pods);
    if (!up(p, t) || (p.leaks && t >= restart && t < ready)) continue;
    const slow = degraded(p, t);
    const k = rng.weighted([
      ["search", 10],
      ["detail", 7],
      ["notify", 2],
      ["index", 3],
      ["geo", 0.4],
    ] as const);
    const thread = `http-nio-8080-exec-${rng.int(1, 200)}`;
    if (k === "search" || k === "detail") {
      const route = k === "search" ? "/api/listings/search" : "/api/listings/{id}";
      const path = k === "search" ? "/api/listings/search" : `/api/listings/${rng.int(1_000_000, 9_999_999)}`;
      if (slow && rng.chance(0.08)) {
        app(
          t,
          p,
          "ERROR",
          "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
          thread,
          "Servlet.service() for servlet [dispatcherServlet] threw exception",
          { route },
          {
            commonElementCount: 0,
            localizedMessage: "Java heap space",
            message: "Java heap space",
            name: "java.lang.OutOfMemoryError",
            extendedStackTrace: [
              { class: "java.util.Arrays", method: "copyOf", file: "Arrays.java", line: 3537, exact: false, location: "?", version: "?" },
              {
                class: "com.homefinder.search.notify.SubscriptionRegistry",
                method: "register",
                file: "SubscriptionRegistry.java",
                line: 88,
                exact: false,
                location: "listing-search-4.12.0.jar",
                version: "4.12.0",
              },
            ],
          },
          "memory",
        );
        continue;
      }
      const median = k === "search" ? 70 : 14;
      const ms = slow ? rng.float(1800, 9000) : rng.logNormal(median, 0.4, 2.5);
      const st = k === "detail" && rng.chance(0.02) ? 404 : 200;
      app(
        t + ms,
        p,
        "INFO",
        "com.homefinder.search.web.RequestLogFilter",
        thread,
        `${"GET"} ${path} ${st} in ${Math.round(ms)} ms`,
        { route, status: String(st), durationMs: String(Math.round(ms)) },
        undefined,
        slow ? "performance" : null,
      );
    } else if (k === "notify") {
      if (p.leaks && t >= L0 && t < restart) sessions[p.name] = (sessions[p.name] ?? 0) + rng.int(20, 60);
      else sessions[p.name] = Math.max(200, (sessions[p.name] ?? 500) + rng.int(-30, 30));
      app(
        t,
        p,
        "INFO",
        "com.homefinder.search.notify.SavedSearchNotifier",
        "notifier-1",
        `Pushed ${rng.int(0, 60)} new matches to saved-search subscribers (websocket sessions=${sessions[p.name]})`,
      );
    } else if (k === "index") {
      const ms = slow ? rng.float(3000, 12000) : rng.logNormal(420, 0.35, 2.2);
      app(
        t,
        p,
        "INFO",
        "com.homefinder.search.index.KafkaIndexer",
        "indexer-0",
        `Indexed batch of ${rng.pick([250, 500, 500])} listings from partition ${rng.int(0, 11)} (offset ${rng.int(10_000_000, 40_000_000)}) in ${Math.round(ms)} ms`,
        {},
        undefined,
        slow ? "performance" : null,
      );
    } else {
      app(
        t,
        p,
        "WARN",
        "com.homefinder.search.geo.GeocodeClient",
        thread,
        `Geocoder returned no result for '${rng.pick(["Am Anger 3a", "Hinterhof 12, 2. OG", "Gewerbepark Nord o.Nr.", "Flurstück 118/4"])}', listing kept without coordinates`,
      );
    }
  }

  // ------------------------------------------------------------ the end: liveness timeouts, cgroup OOM kill, restart
  const pObj = podObj(leaky);
  for (let t = kill - rng.float(80, 140) * SEC; t < kill - 5 * SEC; t += 10 * SEC + rng.float(-1, 1) * SEC) {
    event(
      t,
      "Unhealthy",
      "Warning",
      `Liveness probe failed: Get "http://${leaky.ip}:8080/actuator/health/liveness": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      "kubelet",
      pObj,
      "performance",
    );
  }
  event(
    kill,
    "OOMKilling",
    "Warning",
    `Memory cgroup out of memory: Killed process ${rng.int(2000, 3000)} (java) total-vm:${rng.int(9_000_000, 9_900_000)}kB, anon-rss:${LIMIT * 1024 - rng.int(2000, 9000)}kB, file-rss:${rng.int(20000, 40000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(10000, 14000)}kB oom_score_adj:${rng.int(900, 999)}`,
    "kernel-monitor",
    { kind: "Node", name: leaky.node, uid: leaky.node, apiVersion: "v1" },
    "memory",
  );
  event(
    restart,
    "Pulled",
    "Normal",
    'Container image "registry.homefinder.example/search/listing-search:4.12.0" already present on machine',
    "kubelet",
    pObj,
    "pattern",
  );
  event(restart + 300, "Created", "Normal", "Created container listing-search", "kubelet", pObj, "pattern");
  event(restart + 700, "Started", "Normal", "Started container listing-search", "kubelet", pObj, "pattern");
  const boot = jvm2 + 8;
  const init = [
    "Version: 21.0.3+9-LTS (release)",
    "Using G1",
    "CPUs: 2 total, 2 available",
    "Memory: 5120M",
    "Large Page Support: Disabled",
    "NUMA Support: Disabled",
    "Compressed Oops: Enabled (Zero based)",
    "Heap Region Size: 2M",
    "Heap Min Capacity: 4G",
    "Heap Initial Capacity: 4G",
    "Heap Max Capacity: 4G",
    "Pre-touch: Disabled",
    "Parallel Workers: 2",
    "Concurrent Workers: 1",
    "Periodic GC: Disabled",
  ];
  init.forEach((line, i) => {
    gcLine(boot + i * 0.3, leaky, "info", "gc,init", line, "pattern");
  });
  const a0 = boot + rng.float(2.5, 4) * SEC;
  app(
    a0,
    leaky,
    "INFO",
    "com.homefinder.search.ListingSearchApplication",
    "main",
    `Starting ListingSearchApplication v4.12.0 using Java 21.0.3 with PID 1 (/app/listing-search.jar started by app in /app)`,
    {},
    undefined,
    "pattern",
  );
  app(a0 + 40, leaky, "INFO", "com.homefinder.search.ListingSearchApplication", "main", 'The following 1 profile is active: "prod"', {}, undefined, "pattern");
  app(
    a0 + rng.float(5, 8) * SEC,
    leaky,
    "INFO",
    "org.springframework.boot.web.embedded.tomcat.TomcatWebServer",
    "main",
    "Tomcat initialized with port 8080 (http)",
    {},
    undefined,
    "pattern",
  );
  for (let t = restart + 12 * SEC; t < ready - 3 * SEC; t += 10 * SEC) {
    event(t, "Unhealthy", "Warning", "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet", pObj, "error");
  }
  const started = ready - rng.float(1, 3) * SEC;
  app(
    started,
    leaky,
    "INFO",
    "com.homefinder.search.ListingSearchApplication",
    "main",
    `Started ListingSearchApplication in ${((started - a0) / 1000 + 1.2).toFixed(3)} seconds (process running for ${((started - jvm2) / 1000).toFixed(3)})`,
    {},
    undefined,
    "pattern",
  );
  // routine: hourly reindex CronJob
  for (let t = start + rng.float(0, 60) * MIN; t < end; t += HOUR) {
    event(
      t,
      "SuccessfulCreate",
      "Normal",
      `Created job listing-reindex-${Math.floor(t / 60000)}`,
      "cronjob-controller",
      { kind: "CronJob", namespace: "search", name: "listing-reindex", uid: uuid(rng), apiVersion: "batch/v1" },
      null,
    );
    event(
      t + rng.float(3, 8) * MIN,
      "Completed",
      "Normal",
      "Job completed",
      "job-controller",
      { kind: "Job", namespace: "search", name: `listing-reindex-${Math.floor(t / 60000)}`, uid: uuid(rng), apiVersion: "batch/v1" },
      null,
    );
  }

  return tl.build(
    NAME,
    "JVM listings search on Kubernetes: one replica leaks (after-GC heap climbing, full GCs, OutOfMemoryError, slow requests) until the cgroup OOM killer ends it; the container restarts healthy.",
  );
}
