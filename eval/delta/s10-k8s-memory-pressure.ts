// s10: a logistics fleet-tracking platform on Kubernetes. Application logs carry OpenTelemetry
// style fields (trace_id, span_id, k8s.pod.name, k8s.namespace.name, k8s.node.name; a Go
// service logs with zap, latency in seconds), Kubernetes events come from an event exporter
// (events.k8s.io/v1: note, reason, regarding, reportingController, eventTime) and the kubelet's
// klog lines from the node journal. A route-optimisation job with a low memory request grows
// to 11 GiB on one node; the node goes under memory pressure, the kubelet evicts pods, probes
// time out, callers see refused connections, replacements are scheduled elsewhere.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, between, every, isoMicro, klogTime, progress, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

interface AppPod {
  name: string;
  node: string;
  ip: string;
  evictedAt: number | null;
}

export function k8sMemoryPressure(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s10-k8s-memory-pressure"));
  const tl = new Timeline();
  const start = baseTime(r, 5, 16);
  const end = start + r.int(130, 190) * MIN;
  const vol = r.float(0.85, 1.15);
  const nodeName = () => `ip-10-42-${r.int(1, 9)}-${r.int(10, 250)}.eu-west-1.compute.internal`;
  const nodes = Array.from({ length: 6 }, nodeName);
  const bad = nodes[2] as string;
  const badIpPrefix = `10.42.${r.int(100, 199)}`;
  const tJob = start + (end - start) * r.float(0.2, 0.35);
  const tPressure = tJob + r.int(35, 55) * MIN;
  const tRecover = tPressure + r.int(7, 12) * MIN;
  const ns = { prod: "fleet-prod", batch: "fleet-batch", mon: "monitoring" };
  const mkPod = (deploy: string, node: string): AppPod => ({
    name: r.podName(deploy),
    node,
    ip: node === bad ? `${badIpPrefix}.${r.int(2, 250)}` : `10.42.${r.int(10, 99)}.${r.int(2, 250)}`,
    evictedAt: null,
  });
  const api = [mkPod("telemetry-api", nodes[0] as string), mkPod("telemetry-api", bad), mkPod("telemetry-api", nodes[4] as string)];
  const geo = [mkPod("geofence-engine", bad), mkPod("geofence-engine", nodes[1] as string)];
  const optimizer = mkPod("route-optimizer-replan", bad);
  optimizer.name = `route-optimizer-replan-${Math.floor(tJob / 60000)}-${r.alnum(5)}`;
  const apiRepl = mkPod("telemetry-api", nodes[3] as string);
  const geoRepl = mkPod("geofence-engine", nodes[5] as string);
  const trace = () => r.hex(32);
  const span = () => r.hex(16);
  const vehicles = Array.from({ length: 300 }, () => `veh-${r.alnum(8)}`);
  const fleets = Array.from({ length: 12 }, () => `fleet-${r.int(100, 999)}`);

  // ---------- producers ----------
  const otel = (t: number, pod: AppPod, sev: string, body: string, attrs: Record<string, unknown>, label: Label = null) =>
    tl.add(
      t,
      {
        timestamp: isoMicro(t),
        severity_text: sev,
        body,
        "service.name": "telemetry-api",
        trace_id: trace(),
        span_id: span(),
        "k8s.pod.name": pod.name,
        "k8s.namespace.name": ns.prod,
        "k8s.node.name": pod.node,
        ...attrs,
      },
      label,
    );
  const zap = (t: number, pod: AppPod, level: string, caller: string, msg: string, fields: Record<string, unknown>, label: Label = null) =>
    tl.add(
      t,
      {
        level,
        ts: Number((t / 1000).toFixed(6)),
        caller,
        msg,
        service: "geofence-engine",
        trace_id: trace(),
        span_id: span(),
        pod: pod.name,
        namespace: ns.prod,
        node: pod.node,
        ...fields,
      },
      label,
    );
  let rv = r.int(10000000, 90000000);
  const event = (
    t: number,
    type: "Normal" | "Warning",
    reason: string,
    note: string,
    regarding: { kind: string; namespace?: string; name: string },
    controller = "kubelet",
    instance = bad,
    label: Label = null,
  ) =>
    tl.add(
      t,
      {
        kind: "Event",
        apiVersion: "events.k8s.io/v1",
        metadata: {
          name: `${regarding.name}.${r.hex(16)}`,
          namespace: regarding.namespace ?? "default",
          resourceVersion: String(rv++),
        },
        eventTime: isoMicro(t),
        reportingController: controller,
        reportingInstance: instance,
        action: reason === "Evicted" ? "Evicting" : reason,
        reason,
        regarding: { ...regarding, apiVersion: regarding.kind === "Node" ? "v1" : regarding.kind === "Job" ? "batch/v1" : "v1" },
        note,
        type,
      },
      label,
    );
  const kubelet = (t: number, node: string, sev: "I" | "W" | "E", src: string, text: string, label: Label = null) => {
    const micros = Math.floor(t) * 1000 + r.int(0, 999);
    tl.add(
      t,
      {
        __REALTIME_TIMESTAMP: String(micros),
        _HOSTNAME: node,
        SYSLOG_IDENTIFIER: "kubelet",
        _SYSTEMD_UNIT: "kubelet.service",
        PRIORITY: "6",
        _PID: "2231",
        MESSAGE: `${sev}${klogTime(t)}    2231 ${src}] ${text}`,
      },
      label,
    );
  };
  const alive = (p: AppPod, t: number) => p.evictedAt === null || t < p.evictedAt;

  // ---------- the incident timeline ----------
  const evictOrder: [AppPod, string, number][] = [
    [optimizer, "route-optimizer", r.int(9800, 11400)],
    [api[1] as AppPod, "telemetry-api", r.int(540, 700)],
    [geo[0] as AppPod, "geofence-engine", r.int(380, 520)],
  ];
  const evictTimes = [tPressure + r.int(8, 20) * SEC, tPressure + r.int(60, 120) * SEC, tPressure + r.int(150, 260) * SEC];
  evictOrder.forEach(([p], i) => {
    p.evictedAt = evictTimes[i] as number;
  });
  const pressure = (t: number) => between(t, tPressure, tRecover);
  const strained = (t: number) => between(t, tPressure - 6 * MIN, tRecover);

  // The job starts (a normal lifecycle).
  event(
    tJob,
    "Normal",
    "SuccessfulCreate",
    `Created pod: ${optimizer.name}`,
    { kind: "Job", namespace: ns.batch, name: optimizer.name.replace(/-[a-z0-9]{5}$/, "") },
    "job-controller",
    "kube-controller-manager",
  );
  event(
    tJob + 300,
    "Normal",
    "Scheduled",
    `Successfully assigned ${ns.batch}/${optimizer.name} to ${bad}`,
    { kind: "Pod", namespace: ns.batch, name: optimizer.name },
    "default-scheduler",
    "default-scheduler-control-plane",
  );
  event(tJob + 1500, "Normal", "Pulled", 'Container image "registry.internal/route-optimizer:2.14.1" already present on machine', {
    kind: "Pod",
    namespace: ns.batch,
    name: optimizer.name,
  });
  event(tJob + 1700, "Normal", "Created", "Created container optimizer", { kind: "Pod", namespace: ns.batch, name: optimizer.name });
  event(tJob + 2100, "Normal", "Started", "Started container optimizer", { kind: "Pod", namespace: ns.batch, name: optimizer.name });

  // Optimizer: progress and its memory watchdog (limit 12 GiB, request 2 GiB).
  const rssAt = (t: number) => 900 + 10300 * progress(t, tJob, tPressure + 10 * SEC) ** 1.3;
  const optLog = (t: number, level: string, message: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(
      t,
      {
        timestamp: isoMicro(t),
        level,
        service: "route-optimizer",
        message,
        "k8s.pod.name": optimizer.name,
        "k8s.namespace.name": ns.batch,
        "k8s.node.name": bad,
        ...extra,
      },
      label,
    );
  for (const t of every(r, tJob + 20 * SEC, (optimizer.evictedAt as number) - SEC, 30 * SEC, SEC)) {
    const rss = rssAt(t);
    const pct = rss / 12288;
    const label: Label = pct > 0.45 ? "memory" : null;
    optLog(
      t,
      pct > 0.75 ? "warning" : "info",
      "memory watchdog",
      { rss_mb: Math.round(rss), limit_mb: 12288, matrix_cache_entries: Math.round(rss * 1800) },
      label,
    );
  }
  let batchNo = 0;
  const totalBatches = r.int(70, 110);
  for (const t of arrivals(r, tJob + MIN, (optimizer.evictedAt as number) - SEC, 40 * SEC)) {
    batchNo++;
    optLog(
      t,
      "info",
      `solved VRP batch ${batchNo}/${totalBatches}: ${r.int(120, 480)} stops, ${r.int(8, 40)} vehicles, cost=${r.float(1000, 9000).toFixed(1)}`,
      { duration_ms: Math.round(r.logNormal(32000, 0.3) * (1 + 2 * progress(t, tJob, tPressure))) },
    );
  }

  // Node pressure: kubelet eviction manager and node conditions.
  const tp0 = tPressure;
  event(
    tp0,
    "Normal",
    "NodeHasInsufficientMemory",
    `Node ${bad} status is now: NodeHasInsufficientMemory`,
    { kind: "Node", name: bad },
    "kubelet",
    bad,
    "memory",
  );
  event(tp0 + 200, "Warning", "EvictionThresholdMet", "Attempting to reclaim memory", { kind: "Node", name: bad }, "kubelet", bad, "memory");
  for (const t of every(r, tp0, (evictTimes[2] as number) + 40 * SEC, 10 * SEC, 0)) {
    kubelet(t, bad, "W", "eviction_manager.go:366", '"Eviction manager: attempting to reclaim" resourceName="memory"', "memory");
    kubelet(t + 5, bad, "I", "eviction_manager.go:377", '"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"', "memory");
  }
  for (const [i, [p, container, usedMi]] of evictOrder.entries()) {
    const t = evictTimes[i] as number;
    const namespace = p === optimizer ? ns.batch : ns.prod;
    const req = p === optimizer ? "2Gi" : container === "telemetry-api" ? "256Mi" : "192Mi";
    kubelet(
      t - 200,
      bad,
      "I",
      "eviction_manager.go:395",
      `"Eviction manager: pods ranked for eviction" pods=["${namespace}/${p.name}",${evictOrder
        .slice(i + 1)
        .map(([q]) => `"${q === optimizer ? ns.batch : ns.prod}/${q.name}"`)
        .join(",")}]`,
      "memory",
    );
    event(
      t,
      "Warning",
      "Evicted",
      `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${r.int(40000, 98000)}Ki. Container ${container === "route-optimizer" ? "optimizer" : container} was using ${usedMi}Mi, request is ${req}, has larger consumption of memory.`,
      { kind: "Pod", namespace, name: p.name },
      "kubelet",
      bad,
      "memory",
    );
    event(
      t + 100,
      "Normal",
      "Killing",
      `Stopping container ${container === "route-optimizer" ? "optimizer" : container}`,
      { kind: "Pod", namespace, name: p.name },
      "kubelet",
      bad,
      "memory",
    );
    kubelet(t + 3000, bad, "I", "eviction_manager.go:615", `"Eviction manager: pod is evicted successfully" pod="${namespace}/${p.name}"`, "memory");
  }
  event(
    (evictTimes[0] as number) + 5 * SEC,
    "Warning",
    "FailedScheduling",
    "0/6 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 5 Insufficient memory. preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.",
    { kind: "Pod", namespace: ns.batch, name: `${optimizer.name.slice(0, -5)}${r.alnum(5)}` },
    "default-scheduler",
    "default-scheduler-control-plane",
    "memory",
  );
  event(
    (evictTimes[0] as number) + 30 * SEC,
    "Warning",
    "BackoffLimitExceeded",
    "Job has reached the specified backoff limit",
    { kind: "Job", namespace: ns.batch, name: optimizer.name.replace(/-[a-z0-9]{5}$/, "") },
    "job-controller",
    "kube-controller-manager",
    "error",
  );
  // Probes on the strained node time out before the evictions.
  for (const t of arrivals(r, tPressure - 4 * MIN, tRecover, 25 * SEC)) {
    const p = r.pick([api[1] as AppPod, geo[0] as AppPod]);
    if (!alive(p, t)) continue;
    const port = p === api[1] ? 8080 : 8081;
    event(
      t,
      "Warning",
      "Unhealthy",
      `Readiness probe failed: Get "http://${p.ip}:${port}/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      { kind: "Pod", namespace: ns.prod, name: p.name },
      "kubelet",
      bad,
      "performance",
    );
  }
  // Replacements come up elsewhere.
  for (const [old, repl, container] of [
    [api[1] as AppPod, apiRepl, "telemetry-api"],
    [geo[0] as AppPod, geoRepl, "geofence-engine"],
  ] as const) {
    const t = (old.evictedAt as number) + r.int(1, 4) * SEC;
    event(
      t,
      "Normal",
      "SuccessfulCreate",
      `Created pod: ${repl.name}`,
      { kind: "ReplicaSet", namespace: ns.prod, name: repl.name.slice(0, -6) },
      "replicaset-controller",
      "kube-controller-manager",
      "pattern",
    );
    event(
      t + 400,
      "Normal",
      "Scheduled",
      `Successfully assigned ${ns.prod}/${repl.name} to ${repl.node}`,
      { kind: "Pod", namespace: ns.prod, name: repl.name },
      "default-scheduler",
      "default-scheduler-control-plane",
      "pattern",
    );
    event(
      t + 2200,
      "Normal",
      "Pulling",
      `Pulling image "registry.internal/${container}:3.${r.int(2, 9)}.${r.int(0, 9)}"`,
      { kind: "Pod", namespace: ns.prod, name: repl.name },
      "kubelet",
      repl.node,
      "pattern",
    );
    event(
      t + 9000,
      "Normal",
      "Pulled",
      `Successfully pulled image "registry.internal/${container}" in ${r.float(4, 9).toFixed(3)}s (${r.float(4, 9).toFixed(3)}s including waiting)`,
      { kind: "Pod", namespace: ns.prod, name: repl.name },
      "kubelet",
      repl.node,
      "pattern",
    );
    event(
      t + 9300,
      "Normal",
      "Created",
      `Created container ${container}`,
      { kind: "Pod", namespace: ns.prod, name: repl.name },
      "kubelet",
      repl.node,
      "pattern",
    );
    event(
      t + 9800,
      "Normal",
      "Started",
      `Started container ${container}`,
      { kind: "Pod", namespace: ns.prod, name: repl.name },
      "kubelet",
      repl.node,
      "pattern",
    );
    if (container === "telemetry-api") otel(t + 12000, repl, "INFO", "telemetry-api listening on :8080 (workers=4)", {}, "pattern");
    else
      zap(
        t + 11000,
        repl,
        "info",
        "cmd/server/main.go:61",
        "geofence index loaded",
        { fences: r.int(2000, 4000), latency: Number(r.float(0.8, 2.4).toFixed(4)) },
        "pattern",
      );
  }
  const tr = tRecover;
  event(tr, "Normal", "NodeHasSufficientMemory", `Node ${bad} status is now: NodeHasSufficientMemory`, { kind: "Node", name: bad }, "kubelet", bad, "pattern");
  kubelet(tr + 500, bad, "I", "eviction_manager.go:351", '"Eviction manager: no resources are starved"', "pattern");

  // ---------- normal application traffic ----------
  const liveApi = (t: number) => [...api.filter((p) => alive(p, t)), ...(t > ((api[1] as AppPod).evictedAt as number) + 12 * SEC ? [apiRepl] : [])];
  for (const t of arrivals(r, start, end, 3400 / vol)) {
    const pods = liveApi(t);
    const p = r.pick(pods);
    const k = r.next();
    let route: string;
    let method = "GET";
    let ms: number;
    let status = 200;
    if (k < 0.6) {
      route = "/v1/vehicles/:vehicleId/positions";
      method = "POST";
      status = 202;
      ms = r.logNormal(7, 0.35);
    } else if (k < 0.88) {
      route = "/v1/vehicles/:vehicleId/track";
      ms = r.logNormal(44, 0.3);
    } else {
      route = "/v1/fleets/:fleetId/summary";
      ms = r.logNormal(118, 0.3);
    }
    let label: Label = null;
    if (p.node === bad && strained(t)) {
      ms *= r.float(6, 40);
      label = "performance";
    }
    const target = route.includes("fleet") ? `/v1/fleets/${r.pick(fleets)}/summary` : route.replace(":vehicleId", r.pick(vehicles));
    otel(
      t,
      p,
      "INFO",
      `${method} ${target} ${status} ${ms.toFixed(1)}ms`,
      { "http.request.method": method, "http.route": route, "http.response.status_code": status, duration_ms: Number(ms.toFixed(2)) },
      label,
    );
    // Positions are forwarded to the geofence engine; calls to an evicted pod fail.
    if (method === "POST" && r.chance(0.3)) {
      const g = (geo[0] as AppPod).evictedAt;
      if (g !== null && between(t, g, g + 45 * SEC) && r.chance(0.5)) {
        otel(
          t + 2,
          p,
          "ERROR",
          `forward to geofence-engine failed: connect ECONNREFUSED ${(geo[0] as AppPod).ip}:8081`,
          { "error.type": "ECONNREFUSED", "peer.service": "geofence-engine" },
          "error",
        );
      }
    }
  }
  // Calls to the evicted telemetry pod that were in flight.
  const a1 = (api[1] as AppPod).evictedAt as number;
  for (let i = 0; i < r.int(4, 9); i++) {
    const t = a1 + r.int(0, 2000);
    zap(
      t,
      geo[1] as AppPod,
      "error",
      "client/telemetry.go:118",
      "telemetry callback failed",
      {
        error: `Post "http://${(api[1] as AppPod).ip}:8080/v1/internal/geofence-events": read tcp 10.42.${r.int(10, 99)}.${r.int(2, 250)}:${r.int(30000, 60000)}->${(api[1] as AppPod).ip}:8080: read: connection reset by peer`,
        latency: Number(r.float(0.001, 0.05).toFixed(6)),
      },
      "error",
    );
  }
  const liveGeo = (t: number) => [...geo.filter((p) => alive(p, t)), ...(t > ((geo[0] as AppPod).evictedAt as number) + 12 * SEC ? [geoRepl] : [])];
  for (const t of arrivals(r, start, end, 4200 / vol)) {
    const p = r.pick(liveGeo(t));
    let lat = r.logNormal(0.0042, 0.35);
    let label: Label = null;
    if (p.node === bad && strained(t)) {
      lat *= r.float(8, 60);
      label = "performance";
    }
    zap(
      t,
      p,
      "info",
      "engine/evaluate.go:142",
      "geofence evaluated",
      { vehicle_id: r.pick(vehicles), fences: r.int(1, 30), entered: r.int(0, 2), latency: Number(lat.toFixed(6)) },
      label,
    );
  }
  for (const t of arrivals(r, start, end, 6 * MIN)) {
    zap(t, r.pick(liveGeo(t)), "warn", "engine/evaluate.go:97", "position older than 5m, skipping", { vehicle_id: r.pick(vehicles), age_s: r.int(300, 4000) });
  }
  for (const t of arrivals(r, start, end, 9 * MIN)) {
    otel(t, r.pick(liveApi(t)), "ERROR", "invalid payload from device: speed out of range", {
      "http.route": "/v1/vehicles/:vehicleId/positions",
      "http.response.status_code": 422,
      "device.firmware": `tk-${r.int(3, 5)}.${r.int(0, 9)}`,
    });
  }

  // ---------- normal cluster background ----------
  for (const t of every(r, start, end, 15 * MIN, 20 * SEC)) {
    const job = `fleet-metrics-rollup-${Math.floor(t / 60000)}`;
    const pod = `${job}-${r.alnum(5)}`;
    const node = r.pick(nodes.filter((n) => n !== bad || !pressure(t)));
    event(
      t,
      "Normal",
      "SuccessfulCreate",
      `Created job ${job}`,
      { kind: "CronJob", namespace: ns.batch, name: "fleet-metrics-rollup" },
      "cronjob-controller",
      "kube-controller-manager",
    );
    event(
      t + 300,
      "Normal",
      "Scheduled",
      `Successfully assigned ${ns.batch}/${pod} to ${node}`,
      { kind: "Pod", namespace: ns.batch, name: pod },
      "default-scheduler",
      "default-scheduler-control-plane",
    );
    event(
      t + 1500,
      "Normal",
      "Pulled",
      'Container image "registry.internal/metrics-rollup:1.4.0" already present on machine',
      { kind: "Pod", namespace: ns.batch, name: pod },
      "kubelet",
      node,
    );
    event(t + 1700, "Normal", "Created", "Created container rollup", { kind: "Pod", namespace: ns.batch, name: pod }, "kubelet", node);
    event(t + 2000, "Normal", "Started", "Started container rollup", { kind: "Pod", namespace: ns.batch, name: pod }, "kubelet", node);
    event(
      t + r.int(40, 90) * SEC,
      "Normal",
      "Completed",
      `Job completed`,
      { kind: "Job", namespace: ns.batch, name: job },
      "job-controller",
      "kube-controller-manager",
    );
  }
  // A known flaky readiness probe (loki) and a crash-looping debug pod nobody cleaned up.
  const loki = `loki-${r.int(0, 2)}`;
  for (const t of arrivals(r, start, end, 7 * MIN)) {
    event(
      t,
      "Warning",
      "Unhealthy",
      `Readiness probe failed: HTTP probe failed with statuscode: 503`,
      { kind: "Pod", namespace: ns.mon, name: loki },
      "kubelet",
      nodes[5] as string,
    );
  }
  const debugPod = r.podName("netshoot-debug");
  for (const t of arrivals(r, start, end, 5 * MIN)) {
    event(
      t,
      "Warning",
      "BackOff",
      "Back-off restarting failed container netshoot in pod",
      { kind: "Pod", namespace: "default", name: debugPod },
      "kubelet",
      nodes[1] as string,
    );
  }
  for (const n of nodes) {
    for (const t of arrivals(r, start, end, 4 * MIN)) {
      const k = r.next();
      if (k < 0.4)
        kubelet(t, n, "I", "kubelet.go:2453", `"SyncLoop (probe)" probe="readiness" status="ready" pod="${ns.prod}/${r.pick([...api, ...geo]).name}"`);
      else if (k < 0.7)
        kubelet(
          t,
          n,
          "I",
          "reconciler_common.go:258",
          `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${r.alnum(5)}\\""`,
        );
      else if (k < 0.9)
        kubelet(
          t,
          n,
          "I",
          "pod_startup_latency_tracker.go:102",
          `"Observed pod startup duration" pod="${ns.batch}/fleet-metrics-rollup-${r.digits(8)}-${r.alnum(5)}" podStartSLOduration=${r.float(1, 4).toFixed(6)}`,
        );
      else kubelet(t, n, "W", "container_manager_linux.go:854", '"CPUAccounting not enabled for process" pid=2231');
    }
  }

  return tl.build(
    "fleet-tracking-node-memory-pressure",
    "Fleet tracking on Kubernetes (OTel-style app JSON, zap, events.k8s.io, kubelet journal): a batch job's memory growth puts a node under memory pressure; pods are evicted, probes time out, calls are refused, replacements start elsewhere.",
  );
}
