// Memory trouble in the styles it really shows up in: JVM unified GC log lines and a heap
// watchdog, kubelet eviction and OOM kill events with "Cannot allocate memory" in the apps on the
// node, and a Valkey instance at maxmemory whose clients get OOM replies and whose fork fails.

import type { Scenario } from "../blind/types.js";
import {
  arrivals,
  container,
  every,
  goDur,
  HOUR,
  iso,
  klogTime,
  type Label,
  Lines,
  logback,
  MIN,
  type Pod,
  pino,
  podName,
  replicas,
  pyjson,
  Rng,
  redisTime,
  round,
  SEC,
  slog,
  startTime,
  structlog,
} from "./kit.js";

const OOM_STACK = `java.lang.OutOfMemoryError: Java heap space
\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)
\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)
\tat com.acme.pricing.rules.RuleCache.remember(RuleCache.java:64)
\tat com.acme.pricing.quote.QuoteService.price(QuoteService.java:118)`;

/**
 * A pricing engine (Spring, logback) whose rule cache never forgets: its G1 GC log (unified
 * logging lines shipped by Filebeat) shows the heap after each collection creeping up, then
 * concurrent cycles, full compaction pauses of seconds and evacuation failures, requests stalled
 * by the pauses, a heap watchdog line crossing 85 %, and finally OutOfMemoryError and a restart.
 */
export function pricingHeapLeakGc(seed: number): Scenario {
  const r = new Rng(seed, "pricing-heap-leak-gc");
  const L = new Lines();
  const start = startTime(r, 4, 14);
  const end = start + r.float(4, 6) * HOUR;
  const pod = podName(r, "pricing-engine");
  const maxM = 2048;
  const leakFrom = start + r.float(0.05, 0.2) * (end - start);
  const oomAt = start + r.float(0.78, 0.88) * (end - start);
  const restartAt = oomAt + r.int(25, 60) * SEC;
  const jvmStart = start - r.int(2, 30) * HOUR;
  let gcId = r.int(2000, 9000);
  // live set after a collection: flat, then growing towards the limit by oomAt
  const live = (t: number): number => {
    if (t >= restartAt) return 380 + ((t - restartAt) / HOUR) * 40;
    if (t < leakFrom) return 390 + r.float(-15, 15);
    const f = (t - leakFrom) / (oomAt - leakFrom);
    return 390 + (maxM - 390) * (0.98 * f ** 1.6);
  };
  const gcLine = (t: number, text: string, label: Label) => {
    const up = ((t - (t >= restartAt ? restartAt : jvmStart)) / 1000).toFixed(3);
    L.add(
      t,
      {
        "@timestamp": iso(t),
        message: `[${iso(t).replace("Z", "+0000")}][${up}s][info][gc] ${text}`,
        log: { file: { path: "/var/log/pricing/gc.log" } },
        host: { name: pod },
        service: "pricing-engine",
      },
      label,
    );
  };

  // GC events: interval shrinks as the old generation fills
  const pauses: [number, number][] = [];
  for (let t = start + r.int(5, 30) * SEC; t < end; ) {
    if (t >= oomAt && t < restartAt) {
      t = restartAt + r.int(20, 60) * SEC;
      continue;
    }
    const after = live(t);
    const frac = after / maxM;
    gcId++;
    const eden = Math.max(40, (maxM - after) * r.float(0.5, 0.8));
    if (frac > 0.93 && r.chance(0.35)) {
      const p = r.float(2400, 7800);
      gcLine(
        t,
        `GC(${gcId}) Pause Full (G1 Compaction Pause) ${Math.round(after + eden)}M->${Math.round(after * r.float(0.97, 1))}M(${maxM}M) ${p.toFixed(3)}ms`,
        "memory",
      );
      pauses.push([t - p, t]);
    } else if (frac > 0.9 && r.chance(0.3)) {
      const p = r.float(300, 1200);
      gcLine(
        t,
        `GC(${gcId}) Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure) ${Math.round(after + eden)}M->${Math.round(after + eden * 0.9)}M(${maxM}M) ${p.toFixed(3)}ms`,
        "memory",
      );
      pauses.push([t - p, t]);
    } else if (frac > 0.45 && r.chance(0.12)) {
      // a concurrent cycle: routine while the old generation is moderate, trouble once it is not
      const label: Label = frac > 0.85 ? "memory" : null;
      gcLine(
        t,
        `GC(${gcId}) Pause Young (Concurrent Start) (G1 Evacuation Pause) ${Math.round(after + eden)}M->${Math.round(after)}M(${maxM}M) ${r.float(8, 40).toFixed(3)}ms`,
        label,
      );
      gcLine(t + 2, `GC(${gcId + 1}) Concurrent Mark Cycle`, label);
      gcLine(
        t + r.int(200, 900),
        `GC(${gcId + 1}) Pause Remark ${Math.round(after + 20)}M->${Math.round(after + 10)}M(${maxM}M) ${r.float(5, 20).toFixed(3)}ms`,
        label,
      );
      gcLine(
        t + r.int(950, 1200),
        `GC(${gcId + 1}) Pause Cleanup ${Math.round(after + 15)}M->${Math.round(after + 15)}M(${maxM}M) ${r.float(0.2, 1).toFixed(3)}ms`,
        label,
      );
      gcLine(t + r.int(1250, 1500), `GC(${gcId + 1}) Concurrent Mark Cycle ${r.float(300, 1400).toFixed(3)}ms`, label);
      gcId++;
    } else {
      const p = frac > 0.85 ? r.float(60, 280) : r.logn(14, 0.4);
      gcLine(
        t,
        `GC(${gcId}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(after + eden)}M->${Math.round(after + r.float(0, 20))}M(${maxM}M) ${p.toFixed(3)}ms`,
        frac > 0.85 ? "memory" : null,
      );
    }
    // allocation rate is steady, so collections come as often as eden fills
    t += Math.max(2 * SEC, (eden / 25) * SEC * r.float(0.7, 1.3));
  }
  // heap watchdog every minute
  for (const t of every(r, start, end, MIN)) {
    if (t >= oomAt && t < restartAt + MIN) continue;
    const used = Math.min(maxM - 1, live(t) + r.float(0, 60));
    const pct = (100 * used) / maxM;
    L.add(
      t,
      logback(
        t,
        pct > 85 ? "WARN" : "INFO",
        "pricing-engine",
        "c.a.pricing.ops.HeapWatchdog",
        "heap-watchdog",
        `Heap after last GC: ${pct.toFixed(1)}% (${Math.round(used)}/${maxM} MB), old gen ${Math.round(used * 0.93)} MB`,
        {
          heap_used_pct: round(pct),
          pod,
        },
      ),
      pct > 85 ? "memory" : null,
    );
  }
  // requests; those caught in a long pause wait it out
  for (const t of arrivals(r, start, end, r.int(1700, 2600))) {
    if (t >= oomAt && t < restartAt + 20 * SEC) continue;
    let ms = r.logn(24, 0.45);
    const hit = pauses.find(([a, b]) => t >= a && t < b);
    let label: Label = null;
    if (hit !== undefined) {
      ms += hit[1] - t;
      if (ms > 500) label = "performance";
    }
    L.add(
      t + Math.round(ms),
      logback(t + Math.round(ms), "INFO", "pricing-engine", "c.a.pricing.web.QuoteController", `http-nio-8080-exec-${r.int(1, 50)}`, `POST /v3/quotes 200`, {
        duration_ms: Math.round(ms),
        sku_count: r.int(1, 40),
        pod,
      }),
      label,
    );
  }
  for (const t of every(r, start, end, 10 * MIN)) {
    if (t < oomAt || t > restartAt + MIN)
      L.add(
        t,
        logback(
          t,
          "INFO",
          "pricing-engine",
          "c.a.pricing.rules.RuleLoader",
          "scheduling-1",
          `Rules refreshed from pricing-rules v${r.int(800, 900)}: ${r.int(11000, 12000)} rules`,
          { pod },
        ),
      );
  }
  // the end of the JVM, and its restart (the restart's own lines are ordinary start-up lines)
  L.add(
    oomAt,
    logback(
      oomAt,
      "ERROR",
      "pricing-engine",
      "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
      `http-nio-8080-exec-${r.int(1, 50)}`,
      "Servlet.service() for servlet [dispatcherServlet] threw exception",
      { pod },
      OOM_STACK,
    ),
    "memory",
  );
  L.add(
    oomAt + 400,
    logback(oomAt + 400, "ERROR", "pricing-engine", "c.a.pricing.rules.RuleCache", "rule-cache-1", "Failed to cache evaluated rule set", { pod }, OOM_STACK),
    "memory",
  );
  L.add(
    oomAt + 900,
    {
      "@timestamp": iso(oomAt + 900),
      message: "Terminating due to java.lang.OutOfMemoryError: Java heap space",
      stream: "stderr",
      host: { name: pod },
      service: "pricing-engine",
    },
    "memory",
  );
  L.add(
    restartAt + 14 * SEC,
    logback(
      restartAt + 14 * SEC,
      "INFO",
      "pricing-engine",
      "c.a.pricing.PricingApplication",
      "main",
      `Started PricingApplication in ${round(r.float(11, 16), 3)} seconds (process running for ${round(r.float(13, 18), 3)})`,
      { pod },
    ),
  );
  return L.scenario(
    "pricing-heap-leak-gc",
    "a pricing engine's rule cache leaks: G1 log lines creep to full compaction pauses and evacuation failures, requests stall, a watchdog crosses 85 %, then OutOfMemoryError",
  );
}

/**
 * One Kubernetes node of six: a report builder leaks, the kubelet (klog lines from journald via
 * Vector) reports memory pressure, taints the node and evicts pods, the kernel OOM-kills a
 * container, the scheduler finds no memory elsewhere, and a thumbnailer on the same node cannot
 * fork ImageMagick ("Cannot allocate memory"). Routine: CronJob pods, PLEG events, image GC and a
 * flaky readiness probe that times out now and then.
 */
export function k8sNodeMemoryPressure(seed: number): Scenario {
  const r = new Rng(seed, "k8s-node-memory-pressure");
  const L = new Lines();
  const start = startTime(r, 0, 24);
  const end = start + r.float(2.5, 4) * HOUR;
  const nodes = Array.from({ length: 6 }, () => `ip-10-0-${r.int(1, 60)}-${r.int(10, 250)}.eu-west-1.compute.internal`);
  const node = r.pick(nodes);
  const kubeletPid = r.int(1200, 3000);
  const report = podName(r, "report-builder");
  const thumbs = podName(r, "thumbnailer");
  const apiPods = replicas(r, "web-api", 3);
  const leakFrom = start + r.float(0.2, 0.35) * (end - start);
  const pressureAt = start + r.float(0.55, 0.7) * (end - start);
  const relievedAt = pressureAt + r.int(8, 16) * MIN;
  const klog = (t: number, host: string, sev: "I" | "W" | "E", file: string, text: string, label: Label = null) =>
    L.add(
      t,
      {
        timestamp: iso(t),
        host,
        message: `${sev}${klogTime(t)} ${String(kubeletPid).padStart(7, " ")} ${file}] ${text}`,
        SYSLOG_IDENTIFIER: "kubelet",
        _SYSTEMD_UNIT: "kubelet.service",
        PRIORITY: sev === "E" ? "3" : sev === "W" ? "4" : "6",
        source_type: "journald",
      },
      label,
    );
  const event = (
    t: number,
    type: "Normal" | "Warning",
    reason: string,
    object: string,
    component: string,
    message: string,
    label: Label = null,
    host = node,
    count = 1,
  ) =>
    L.add(
      t,
      { "@timestamp": iso(t), type, reason, message, namespace: object.startsWith("Node/") ? "default" : "apps", object, component, host, count },
      label,
    );

  // apps on the node
  for (const t of arrivals(r, start, end, r.int(1300, 2000))) {
    L.add(
      t,
      slog(t, "INFO", "request", {
        service: "web-api",
        pod: r.pick(apiPods),
        method: r.pick(["GET", "GET", "POST"]),
        path: r.pick(["/v1/items", "/v1/items/{id}", "/v1/search"]),
        status: 200,
        took: goDur(r.logn(30, 0.5)),
      }),
    );
  }
  const pressured = (t: number) => t >= pressureAt && t < relievedAt;
  const thumbBase = { service: "thumbnailer", hostname: thumbs, pid: 1 };
  for (const t of arrivals(r, start, end, r.int(400, 700))) {
    if (pressured(t) && r.chance(0.6)) {
      L.add(
        t,
        pino(t, "error", thumbBase, "resize failed", {
          err: { type: "Error", message: "spawn convert ENOMEM", code: "ENOMEM", errno: -12, syscall: "spawn convert" },
        }),
        "memory",
      );
      if (r.chance(0.3))
        L.add(t + 3, pino(t + 3, "error", thumbBase, "fallback to sharp failed: Cannot allocate memory", { job: `img_${r.alnum(8)}` }), "memory");
    } else {
      L.add(
        t,
        pino(t, "info", thumbBase, "thumbnail written", { job: `img_${r.alnum(8)}`, sizes: [64, 256, 1024], duration_ms: Math.round(r.logn(420, 0.4)) }),
      );
    }
  }
  // the leaking report builder: its own progress lines with memory in percent of its limit
  for (const t of every(r, start, end, 20 * SEC, 0.2)) {
    // evicted at the pressure, pending until the taint goes, then a fresh pod starts low
    if (t >= pressureAt + 40 * SEC && t < relievedAt + MIN) continue;
    const grow = t < leakFrom ? 0 : Math.min(1, (t - leakFrom) / (pressureAt - leakFrom));
    const pct = t >= relievedAt ? r.float(12, 20) : 18 + 80 * grow ** 1.3 + r.float(-2, 2);
    L.add(
      t,
      pyjson(t, "INFO", "report-builder", "reports.build", `aggregated chunk ${r.int(1, 900)} of monthly-usage`, {
        rows: r.int(20000, 90000),
        memory_percent: round(pct),
        pod: report,
      }),
      pct > 85 ? "memory" : null,
    );
  }
  // routine node life: PLEG events, CronJobs, image GC, a flaky probe elsewhere
  for (const t of arrivals(r, start, end, r.int(500, 800), () => 1)) {
    const n = r.chance(0.5) ? node : r.pick(nodes);
    klog(
      t,
      n,
      "I",
      "kubelet.go:2461",
      `"SyncLoop (PLEG): event for pod" pod="apps/${r.pick([...apiPods, thumbs, report, podName(r, "cron-sync")])}" event={"ID":"${r.uuid()}","Type":"ContainerStarted","Data":"${r.hex(64)}"}`,
    );
  }
  for (const t of every(r, start, end, 5 * MIN, 0.05)) {
    const cj = `cron-sync-${Math.floor(t / 1000)}-${r.alnum(5)}`;
    const host = r.pick(nodes.filter((n) => n !== node || !pressured(t)));
    event(t, "Normal", "Scheduled", `Pod/${cj}`, "default-scheduler", `Successfully assigned apps/${cj} to ${host}`, null, host);
    event(
      t + r.int(500, 2000),
      "Normal",
      "Pulled",
      `Pod/${cj}`,
      "kubelet",
      `Container image "registry.internal/cron-sync:1.9.3" already present on machine`,
      null,
      host,
    );
    event(t + r.int(2001, 2600), "Normal", "Created", `Pod/${cj}`, "kubelet", "Created container cron-sync", null, host);
    event(t + r.int(2601, 3200), "Normal", "Started", `Pod/${cj}`, "kubelet", "Started container cron-sync", null, host);
    event(t + r.int(20, 50) * SEC, "Normal", "Completed", `Job/${cj.replace(/-[a-z0-9]{5}$/, "")}`, "job-controller", "Job completed", null, host);
  }
  for (const t of every(r, start, end, 30 * MIN, 0.1))
    klog(
      t,
      node,
      "I",
      "image_gc_manager.go:320",
      `"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage=${r.int(81, 84)} highThreshold=80 amountToFree=${r.int(1e8, 9e8)} lowThreshold=75`,
    );
  const flaky = podName(r, "legacy-soap-bridge");
  for (const t of arrivals(r, start, end, r.int(25, 45), () => 1)) {
    event(
      t,
      "Warning",
      "Unhealthy",
      `Pod/${flaky}`,
      "kubelet",
      `Readiness probe failed: Get "http://10.42.${r.int(0, 31)}.${r.int(2, 254)}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      null,
      r.pick(nodes.filter((n) => n !== node)),
    );
  }
  // the pressure
  event(
    pressureAt - 20 * SEC,
    "Normal",
    "NodeHasInsufficientMemory",
    `Node/${node}`,
    "kubelet",
    `Node ${node} status is now: NodeHasInsufficientMemory`,
    "memory",
  );
  klog(
    pressureAt - 19 * SEC,
    node,
    "I",
    "kubelet_node_status.go:679",
    `"Recording event message for node" node="${node}" event="NodeHasInsufficientMemory"`,
    "memory",
  );
  klog(
    pressureAt - 18 * SEC,
    node,
    "I",
    "controller_utils.go:178",
    `"Adding taint" taint="node.kubernetes.io/memory-pressure:NoSchedule" node="${node}"`,
    "memory",
  );
  for (const t of every(r, pressureAt, relievedAt - 2 * MIN, 25 * SEC, 0.3)) {
    klog(t, node, "W", "eviction_manager.go:366", `"Eviction manager: attempting to reclaim" resourceName="memory"`, "memory");
    if (r.chance(0.5)) klog(t + 5, node, "I", "eviction_manager.go:377", `"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"`, "memory");
  }
  const evicted = [report, ...r.sample(apiPods, 1)];
  for (const [i, p] of evicted.entries()) {
    const t = pressureAt + (20 + i * 50) * SEC;
    klog(t, node, "I", "eviction_manager.go:395", `"Eviction manager: pods ranked for eviction" pods=["apps/${p}"]`, "memory");
    event(
      t + 100,
      "Warning",
      "Evicted",
      `Pod/${p}`,
      "kubelet",
      `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${r.int(60000, 99000)}Ki. Container ${p.replace(/-[a-z0-9]+-[a-z0-9]+$/, "")} was using ${r.int(3000000, 6000000)}Ki, request is 1Gi, has larger consumption of memory.`,
      "memory",
    );
    klog(t + 2 * SEC, node, "I", "eviction_manager.go:616", `"Eviction manager: pod is evicted successfully" pod="apps/${p}"`, "memory");
  }
  const oomT = pressureAt + r.int(60, 200) * SEC;
  event(
    oomT,
    "Warning",
    "OOMKilling",
    `Node/${node}`,
    "kernel-monitor",
    `Memory cgroup out of memory: Killed process ${r.int(10000, 60000)} (node) total-vm:${r.int(20, 40)}00000kB, anon-rss:${r.int(900, 1000)}000kB, file-rss:${r.int(10, 90)}000kB, shmem-rss:0kB, UID:1000 pgtables:${r.int(3000, 5000)}kB oom_score_adj:${r.int(900, 999)}`,
    "memory",
  );
  klog(
    oomT + 3 * SEC,
    node,
    "I",
    "kubelet.go:2461",
    `"SyncLoop (PLEG): event for pod" pod="apps/${thumbs}" event={"ID":"${r.uuid()}","Type":"ContainerDied","Data":"${r.hex(64)}"}`,
    "memory",
  );
  event(
    oomT + 4 * SEC,
    "Warning",
    "BackOff",
    `Pod/${thumbs}`,
    "kubelet",
    `Back-off restarting failed container thumbnailer in pod ${thumbs}_apps(${r.uuid()})`,
    "error",
  );
  L.add(
    oomT + 5 * SEC,
    {
      "@timestamp": iso(oomT + 5 * SEC),
      type: "Warning",
      reason: "ContainerStatus",
      message: `Container thumbnailer in pod ${thumbs} terminated: reason=OOMKilled exitCode=137 restartCount=${r.int(1, 3)}`,
      namespace: "apps",
      object: `Pod/${thumbs}`,
      component: "pod-watcher",
      host: node,
      count: 1,
    },
    "memory",
  );
  const pending = podName(r, "report-builder");
  for (const t of every(r, pressureAt + MIN, relievedAt, 90 * SEC, 0.2)) {
    event(
      t,
      "Warning",
      "FailedScheduling",
      `Pod/${pending}`,
      "default-scheduler",
      `0/${nodes.length} nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, ${nodes.length - 1} Insufficient memory. preemption: 0/${nodes.length} nodes are available: ${nodes.length} No preemption victims found for incoming pod.`,
      "memory",
      "",
    );
  }
  event(relievedAt, "Normal", "NodeHasSufficientMemory", `Node/${node}`, "kubelet", `Node ${node} status is now: NodeHasSufficientMemory`);
  klog(relievedAt + SEC, node, "I", "controller_utils.go:200", `"Removing taint" taint="node.kubernetes.io/memory-pressure:NoSchedule" node="${node}"`);
  return L.scenario(
    "k8s-node-memory-pressure",
    "a leaking report builder pushes a node into memory pressure: kubelet evictions and taint, an OOM kill, FailedScheduling for memory and ENOMEM in a neighbour",
  );
}

/**
 * A Valkey used as a job queue with maxmemory and noeviction. A worker release consumes from a
 * renamed queue, jobs pile up, a stats sidecar shows used_memory approaching maxmemory, Valkey's
 * background save cannot fork, and both the Node API (ioredis) and a Python scheduler (redis-py)
 * get OOM replies; the API answers 503 to its clients.
 */
export function valkeyMaxmemoryQueue(seed: number): Scenario {
  const r = new Rng(seed, "valkey-maxmemory-queue");
  const L = new Lines();
  const start = startTime(r, 6, 18);
  const end = start + r.float(3, 4.5) * HOUR;
  const vpod: Pod = { app: "valkey", pod: "jobs-valkey-0", namespace: "exports", node: `ip-10-30-${r.int(1, 9)}-${r.int(10, 250)}` };
  const api = { service: "export-api", hostname: podName(r, "export-api"), pid: 1 };
  const workerPods = replicas(r, "export-worker", 2);
  const releaseAt = start + r.float(0.15, 0.3) * (end - start);
  const maxmem = 4 * 1024 ** 3;
  const fullAt = start + r.float(0.7, 0.82) * (end - start);
  const baseUsed = maxmem * r.float(0.3, 0.4);
  const used = (t: number) =>
    t < releaseAt
      ? baseUsed * r.float(0.97, 1.03)
      : Math.min(maxmem * 0.9995, baseUsed + (maxmem - baseUsed) * Math.min(1, (t - releaseAt) / (fullAt - releaseAt)) ** 1.1);
  const full = (t: number) => t >= fullAt;
  const vk = (t: number, mark: string, text: string, label: Label = null, pid = "1:M") =>
    L.add(t, container(t, vpod, `${pid} ${redisTime(t)} ${mark} ${text}`), label);

  // API: enqueues exports; OOM replies once full
  for (const t of arrivals(r, start, end, r.int(1200, 1800))) {
    const job = `exp_${r.alnum(10)}`;
    if (full(t) && r.chance(0.9)) {
      L.add(
        t,
        pino(t, "error", api, "enqueue failed", {
          job,
          err: { type: "ReplyError", message: "OOM command not allowed when used memory > 'maxmemory'.", command: { name: "lpush", args: ["exports", "[…]"] } },
        }),
        "memory",
      );
      L.add(
        t + 2,
        pino(t + 2, "info", api, "request completed", { req: { method: "POST", url: "/v1/exports" }, res: { statusCode: 503 }, responseTime: r.int(2, 9) }),
        "error",
      );
      continue;
    }
    L.add(t, pino(t, "info", api, "export enqueued", { job, queue: "exports", format: r.pick(["csv", "xlsx", "parquet"]) }));
    L.add(
      t + 3,
      pino(t + 3, "info", api, "request completed", {
        req: { method: "POST", url: "/v1/exports" },
        res: { statusCode: 202 },
        responseTime: Math.round(r.logn(6, 0.4)),
      }),
    );
  }
  for (const t of arrivals(r, start, end, r.int(500, 900))) {
    L.add(
      t,
      pino(t, "info", api, "request completed", {
        req: { method: "GET", url: `/v1/exports/exp_${r.alnum(10)}` },
        res: { statusCode: r.chance(0.1) ? 404 : 200 },
        responseTime: Math.round(r.logn(4, 0.4)),
      }),
    );
  }
  // workers: process until the release, then poll an empty queue
  for (const t of arrivals(r, start, releaseAt, Math.round(r.int(250, 400) * ((releaseAt - start) / (end - start) + 0.1)))) {
    L.add(
      t,
      structlog(t, "info", "export-worker", "worker.jobs", "export finished", {
        pod: r.pick(workerPods),
        queue: "exports",
        rows: r.int(100, 500000),
        duration_ms: Math.round(r.logn(9000, 0.7)),
      }),
    );
  }
  for (const [i, p] of workerPods.entries()) {
    const t = releaseAt + i * 40 * SEC;
    L.add(
      t,
      structlog(t, "info", "export-worker", "worker.main", "worker started", { pod: p, version: "4.2.0", queues: ["exports:v2"], concurrency: 4 }),
      "pattern",
    );
  }
  // idle polling of the wrong queue: a line the workers never wrote before the release
  for (const t of every(r, releaseAt + MIN, end, 5 * MIN, 0.2)) {
    L.add(
      t,
      structlog(t, "info", "export-worker", "worker.main", "idle", { pod: r.pick(workerPods), queues: ["exports:v2"], polled: r.int(280, 300) }),
      "pattern",
    );
  }
  // a Python scheduler pushes nightly and hourly jobs
  for (const t of every(r, start, end, 2 * MIN, 0.1)) {
    if (full(t)) {
      L.add(
        t,
        pyjson(
          t,
          "ERROR",
          "export-scheduler",
          "scheduler.push",
          "failed to schedule recurring export",
          { tenant: `t-${r.int(100, 999)}` },
          "redis.exceptions.OutOfMemoryError: command not allowed when used memory > 'maxmemory'.",
        ),
        "memory",
      );
    } else {
      L.add(t, pyjson(t, "INFO", "export-scheduler", "scheduler.push", "scheduled recurring export", { tenant: `t-${r.int(100, 999)}`, queue: "exports" }));
    }
  }
  // the stats sidecar
  for (const t of every(r, start, end, 30 * SEC)) {
    const u = used(t);
    L.add(
      t,
      {
        timestamp: iso(t),
        level: "info",
        msg: "memory stats",
        service: "valkey-stats",
        used_memory: Math.round(u),
        maxmemory: maxmem,
        mem_fragmentation_ratio: round(r.float(1.02, 1.12), 2),
        evicted_keys: 0,
        queue_len: Math.round(Math.max(0, u - baseUsed) / 9000),
      },
      u / maxmem > 0.9 ? "memory" : null,
    );
  }
  // Valkey's own log: saves succeed, then fork fails
  let child = r.int(3000, 9000);
  for (const t of every(r, start, end, r.float(4, 6) * MIN, 0.3)) {
    vk(t, "*", "100 changes in 300 seconds. Saving...");
    if (used(t) / maxmem > 0.93) {
      vk(t + 3, "#", "Can't save in background: fork: Cannot allocate memory", "memory");
      continue;
    }
    child += r.int(1, 30);
    vk(t + 2, "*", `Background saving started by pid ${child}`);
    vk(t + r.int(800, 4000), "*", "DB saved on disk", null, `${child}:C`);
    vk(t + r.int(4001, 4500), "*", "Background saving terminated with success");
  }
  return L.scenario(
    "valkey-maxmemory-queue",
    "a worker release consumes a renamed queue, a noeviction Valkey fills to maxmemory, fork fails and clients get OOM replies and 503s",
  );
}
