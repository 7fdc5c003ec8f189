// A CSV export job without a memory limit grows on a shared node until the kubelet evicts its
// neighbours: the checkout API on that node goes away for a minute and the frontend's calls fail.
// kubelet writes klog's JSON (epoch-seconds `ts`, no level; errors carry `err`).

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, iso, isoNano, type Label, MIN, SEC } from "./kit.js";

export function nodeMemoryEviction(seed: number): Scenario {
  const g = new Gen(seed, "node-memory-eviction");
  const inc = new Incident();
  const start = baseTime(seed, 12);
  const end = start + 60 * MIN;
  const jobStart = start + (18 + g.int(0, 6)) * MIN;
  const evict = jobStart + (19 + g.int(0, 4)) * MIN;
  const back = evict + 70 * SEC + g.int(0, 20) * SEC;
  const node = `ip-10-0-${g.int(1, 9)}-${g.int(10, 250)}.eu-west-1.compute.internal`;
  const oldPod = `checkout-api-6d8f9b7c5-${g.hex(5)}`;
  const newPod = `checkout-api-6d8f9b7c5-${g.hex(5)}`;
  const exportPod = `csv-export-${g.int(28000000, 28999999)}-${g.hex(5)}`;

  const klog = (t: number, caller: string, msg: string, kv: Record<string, unknown>, label: Label = null, err?: string) => {
    const e: Record<string, unknown> = { ts: Math.round(t) / 1000, caller, msg, component: "kubelet", node };
    if (err === undefined) e.v = 0;
    else e.err = err;
    inc.add(t, { ...e, ...kv }, label);
  };
  const slog = (t: number, level: string, msg: string, attrs: Record<string, unknown>, label: Label = null) => {
    inc.add(t, { time: isoNano(t, g), level, msg, service: "checkout-api", ...attrs }, label);
  };
  const pino = (t: number, level: number, msg: string, extra: Record<string, unknown>, label: Label = null) => {
    inc.add(t, { level, time: t, pid: 1, hostname: `web-frontend-${g.hex(5)}`, service: "web-frontend", msg, ...extra }, label);
  };

  // Routine kubelet lines, including a readiness probe of a legacy pod that fails every so often.
  for (const t of g.times(start, end, 700)) {
    const [caller, msg, kv, err] = g.weighted([
      [
        [
          "kubelet/kubelet.go:2436",
          "SyncLoop (PLEG): event for pod",
          { pod: `shop/${g.pick(["cart", "catalog", "checkout-api", "legacy-cms"])}-${g.hex(5)}`, event: { Type: "ContainerStarted", Data: g.hex(64) } },
          undefined,
        ],
        10,
      ],
      [
        [
          "kubelet/kubelet.go:2542",
          "SyncLoop (probe)",
          { probe: "readiness", status: "ready", pod: `shop/${g.pick(["cart", "catalog"])}-${g.hex(5)}` },
          undefined,
        ],
        40,
      ],
      [
        [
          "prober/prober.go:107",
          "Probe failed",
          {
            probeType: "Readiness",
            pod: "shop/legacy-cms-5f7b8c-qz2lx",
            containerName: "cms",
            probeResult: "failure",
            output: 'Get "http://10.0.7.21:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
          },
          undefined,
        ],
        6,
      ],
      [["images/image_gc_manager.go:321", "Image garbage collection succeeded", { freedBytes: g.int(0, 900_000_000) }, undefined], 2],
      [
        [
          "kuberuntime/kuberuntime_manager.go:1029",
          "Error syncing pod, skipping",
          { pod: "shop/legacy-cms-5f7b8c-qz2lx" },
          'failed to "StartContainer" for "cms-sidecar" with CrashLoopBackOff: "back-off 5m0s restarting failed container"',
        ],
        3,
      ],
      [["volumemanager/volume_manager.go:434", "Waiting for volumes to attach and mount for pod", { pod: `batch/${exportPod}` }, undefined], 0.5],
    ] as const);
    klog(t, caller, msg, kv, null, err);
  }

  // Checkout API on the node: down between the eviction and the replacement pod becoming ready.
  for (const t of g.times(start, end, 1800)) {
    if (t >= evict && t < back) continue;
    const pod = t < evict ? oldPod : newPod;
    const [path, median] = g.weighted([
      [["/v1/checkout/quote", 24], 50],
      [["/v1/checkout/submit", 70], 20],
      [["/v1/checkout/session", 8], 25],
      [["/healthz", 0.4], 5],
    ] as const);
    const status = path === "/v1/checkout/submit" && g.chance(0.03) ? 402 : 200;
    slog(t, "INFO", "request", {
      method: path === "/v1/checkout/submit" ? "POST" : "GET",
      path,
      status,
      latency_ms: Math.round(g.logNormal(median, 0.45) * 10) / 10,
      pod,
      trace_id: g.hex(32),
    });
  }
  slog(evict + 150, "INFO", "shutdown signal received, draining", { signal: "terminated", pod: oldPod });
  slog(back - 2 * SEC, "INFO", "listening", { addr: ":8080", version: "1.42.3", pod: newPod });

  // The frontend calls checkout; during the gap those calls fail.
  for (const t of g.times(start, end, 1200)) {
    const gap = t >= evict && t < back;
    if (gap && g.chance(0.8)) {
      pino(
        t,
        50,
        "checkout call failed",
        {
          err: { type: "Error", message: `connect ECONNREFUSED 172.20.${g.int(0, 255)}.${g.int(2, 250)}:8080`, code: "ECONNREFUSED" },
          req: { method: "POST", url: "/checkout" },
          res: { statusCode: 502 },
        },
        "error",
      );
    } else {
      const d = Math.round(g.logNormal(85, 0.45));
      pino(t, 30, "request completed", {
        req: { method: g.pick(["GET", "GET", "POST"]), url: g.pick(["/", "/cart", "/checkout", `/p/${g.int(10000, 99999)}`]) },
        res: { statusCode: 200 },
        responseTime: d,
        latency_ms: d,
      });
    }
  }

  // The export job: rows per chunk and its own memory reading (no limit, so against the node's 16 GiB).
  let rows = 0;
  for (let t = jobStart + 5 * SEC; t < evict - 10 * SEC; t += 6 * SEC + g.int(0, 3000)) {
    rows += g.int(40_000, 60_000);
    const used = Math.round(380 + ((t - jobStart) / (evict - jobStart)) ** 1.3 * 14_900 + g.normal() * 40);
    inc.add(
      t,
      {
        event: "chunk exported",
        level: "info",
        timestamp: iso(t),
        logger: "export.writer",
        service: "csv-export",
        rows_total: rows,
        memory_used_mb: used,
        memory_total_mb: 16_384,
        pod: exportPod,
      },
      used > 8000 ? "memory" : null,
    );
  }

  // Memory pressure and eviction.
  const pressure = evict - 40 * SEC;
  klog(
    pressure,
    "nodestatus/setters.go:593",
    "Node condition changed",
    {
      node,
      condition: { type: "MemoryPressure", status: "True", reason: "KubeletHasInsufficientMemory", message: "kubelet has insufficient memory available" },
    },
    "memory",
  );
  inc.add(
    pressure + 20,
    {
      time: iso(pressure + 20),
      level: "warning",
      component: "kubelet",
      message: `Node ${node} status is now: NodeHasInsufficientMemory`,
      reason: "NodeHasInsufficientMemory",
      involvedObject: { kind: "Node", name: node },
      type: "Normal",
    },
    "memory",
  );
  klog(evict - 2 * SEC, "eviction/eviction_manager.go:366", "Eviction manager: attempting to reclaim", { resourceName: "memory" }, "memory");
  klog(evict - SEC, "eviction/eviction_manager.go:377", "Eviction manager: must evict pod(s) to reclaim", { resourceName: "memory" }, "memory");
  klog(
    evict - 900,
    "eviction/eviction_manager.go:395",
    "Eviction manager: pods ranked for eviction",
    { pods: [`shop/${oldPod}`, `batch/${exportPod}`, "shop/legacy-cms-5f7b8c-qz2lx"] },
    "memory",
  );
  klog(evict, "eviction/eviction_manager.go:612", "Eviction manager: pod is evicted successfully", { pod: `shop/${oldPod}` }, "memory");
  inc.add(
    evict + 10,
    {
      time: iso(evict + 10),
      level: "warning",
      component: "kubelet",
      message: `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${g.int(60, 98)}Mi. Container checkout-api was using ${g.int(180, 260)}Mi, request is 256Mi, has larger consumption of memory. Container istio-proxy was using ${g.int(60, 90)}Mi, request is 128Mi.`,
      reason: "Evicted",
      involvedObject: { kind: "Pod", name: oldPod, namespace: "shop" },
      type: "Warning",
    },
    "memory",
  );
  klog(evict + 8 * SEC, "eviction/eviction_manager.go:366", "Eviction manager: attempting to reclaim", { resourceName: "memory" }, "memory");
  klog(evict + 9 * SEC, "eviction/eviction_manager.go:612", "Eviction manager: pod is evicted successfully", { pod: `batch/${exportPod}` }, "memory");
  klog(evict + 40 * SEC, "nodestatus/setters.go:593", "Node condition cleared", {
    node,
    condition: { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory" },
  });

  return inc.build(
    "node-memory-eviction",
    "An unbounded CSV export fills a shared node's memory; the kubelet evicts the checkout API and the frontend's checkout calls fail for a minute",
  );
}
