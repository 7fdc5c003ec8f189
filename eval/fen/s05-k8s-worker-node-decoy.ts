// One Kubernetes worker node: kubelet, containerd and the kernel read from journald, pod logs
// through Fluent Bit, cluster events from an event exporter. Routine: the kubelet's housekeeping
// complains every cycle about orphaned pod volume dirs left by an old CSI bug (null). Incident:
// a nightly export CronJob exceeds its memory limit, is OOM-killed, restarted and killed again.
import { MIN, Rng, Timeline, iso, windowStart } from "./common.js";
import type { Label } from "./common.js";
import type { Scenario } from "./types.js";

export default function k8sNodeDecoy(seed: number): Scenario {
  const rng = new Rng(seed, "s05-k8s-node");
  const start = windowStart(rng);
  const end = start + rng.int(40, 60) * MIN;
  const tl = new Timeline(rng, start, end);
  const node = `ip-10-${rng.int(0, 3)}-${rng.int(1, 250)}-${rng.int(1, 250)}.eu-west-1.compute.internal`;
  const boot = rng.hex(32);
  const klog = (t: number, sev: string, file: string, msg: string) => {
    const d = new Date(t);
    const p2 = (n: number) => String(n).padStart(2, "0");
    return `${sev}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, "0")}${rng.int(100, 999)}    2231 ${file}] ${msg}`;
  };
  const jd = (t: number, ident: string, msg: string, prio = 6, label: Label = null) =>
    tl.add(
      t,
      {
        __REALTIME_TIMESTAMP: String(Math.round(t * 1000)),
        _BOOT_ID: boot,
        _HOSTNAME: node,
        PRIORITY: String(prio),
        SYSLOG_IDENTIFIER: ident,
        ...(ident === "kernel" ? { _TRANSPORT: "kernel" } : { _SYSTEMD_UNIT: `${ident}.service` }),
        MESSAGE: msg,
      },
      label,
    );
  const pod = (app: string) => `${app}-${rng.int(5, 8)}${rng.hex(8)}-${rng.hex(5)}`;
  const apiPods = [pod("orders-api"), pod("orders-api")];
  const fb = (t: number, app: string, podName: string, ns: string, line: string, label: Label = null) =>
    tl.add(
      t,
      {
        time: iso(t),
        stream: "stdout",
        logtag: "F",
        log: line,
        kubernetes: { pod_name: podName, namespace_name: ns, container_name: app, host: node, labels: { app } },
      },
      label,
    );
  const event = (t: number, type: string, reason: string, obj: string, ns: string, msg: string, label: Label) =>
    tl.add(
      t,
      {
        metadata: { name: `${obj}.${rng.hex(16)}`, namespace: ns },
        involvedObject: { kind: "Pod", name: obj, namespace: ns },
        reason,
        message: msg,
        source: { component: "kubelet", host: node },
        firstTimestamp: iso(t),
        lastTimestamp: iso(t),
        count: 1,
        type,
      },
      label,
    );

  // Normal pod traffic: two API replicas (slog JSON, duration in ns) and an nginx sidecar.
  tl.every(rng.float(4, 6) * 1000, (t) => {
    const path = rng.pick(["/v1/orders", `/v1/orders/${rng.int(100000, 999999)}`, "/v1/orders/search", "/healthz"]);
    const ms = rng.around(path === "/v1/orders/search" ? 45 : 12);
    fb(
      t,
      "orders-api",
      rng.pick(apiPods),
      "shop",
      JSON.stringify({
        time: iso(t),
        level: "INFO",
        msg: "request",
        method: "GET",
        path,
        status: 200,
        duration: Math.round(ms * 1e6),
        bytes: rng.int(200, 9000),
      }),
    );
  });
  const wh = pod("stock-sync");
  tl.every(rng.float(5, 8) * 1000, (t) =>
    fb(
      t,
      "stock-sync",
      wh,
      "shop",
      JSON.stringify({
        asctime: iso(t),
        levelname: "INFO",
        name: "stock_sync.worker",
        message: rng.pick([
          `synced ${rng.int(10, 400)} SKUs from warehouse ${rng.pick(["DUB1", "AMS2", "WAW1"])}`,
          `reservation ${rng.hex(10)} released after checkout`,
          `price list v${rng.int(300, 400)} already current`,
        ]),
      }),
    ),
  );
  tl.every(rng.float(20, 40) * 1000, (t) =>
    jd(t, "kubelet", klog(t, "I", "kubelet.go:2453", `"SyncLoop (probe)" probe="readiness" status="ready" pod="shop/${rng.pick(apiPods)}"`)),
  );
  tl.every(rng.float(60, 90) * 1000, (t) =>
    jd(
      t,
      "containerd",
      `time="${iso(t)}" level=info msg="ImageCreate event name:\\"sha256:${rng.hex(64)}\\" labels:{key:\\"io.cri-containerd.image\\" value:\\"managed\\"}"`,
    ),
  );
  tl.every(5 * MIN, (t) => jd(t, "kubelet", klog(t, "I", "container_gc.go:88", `"Attempting to delete unused containers"`)));

  // The incident: export CronJob pod grows its heap, is OOM-killed, restarts, is killed again.
  const jobPod = `invoice-export-${rng.int(28000000, 29999999)}-${rng.hex(5)}`;
  let t = start + rng.float(0.3, 0.5) * (end - start);
  jd(t, "kubelet", klog(t, "I", "kubelet.go:2414", `"SyncLoop ADD" source="api" pods=["batch/${jobPod}"]`));
  for (let attempt = 0; attempt < 3; attempt++) {
    jd(
      t + 2000,
      "containerd",
      `time="${iso(t + 2000)}" level=info msg="StartContainer for \\"${rng.hex(64)}\\" returns successfully"`,
      6,
      attempt ? "pattern" : null,
    );
    if (attempt) event(t + 2100, "Normal", "Started", jobPod, "batch", "Started container invoice-export", "pattern");
    const steps = rng.int(5, 8);
    for (let i = 0; i < steps; i++) {
      const u = t + 5000 + i * rng.int(15, 25) * 1000,
        pct = 40 + (58 * i) / (steps - 1);
      fb(
        u,
        "invoice-export",
        jobPod,
        "batch",
        `[${iso(u)}][info][gc] GC(${i * 3 + 1}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(pct * 14.3)}M->${Math.round(pct * 13.9)}M(1434M) ${rng.around(pct > 85 ? 180 : 12).toFixed(3)}ms`,
        pct > 85 ? "memory" : null,
      );
      t = u;
    }
    fb(t + 900, "invoice-export", jobPod, "batch", `[${iso(t + 900)}][info][gc] GC(${steps * 3 + 2}) To-space exhausted`, "memory");
    jd(
      t + 2000,
      "kernel",
      `Memory cgroup out of memory: Killed process ${rng.int(10000, 60000)} (java) total-vm:${rng.int(4000000, 5000000)}kB, anon-rss:${rng.int(1530000, 1570000)}kB, file-rss:${rng.int(20000, 30000)}kB, shmem-rss:0kB, UID:1000 pgtables:3600kB oom_score_adj:999`,
      3,
      "memory",
    );
    jd(
      t + 2400,
      "kubelet",
      klog(
        t + 2400,
        "I",
        "kubelet.go:2481",
        `"SyncLoop (PLEG): event for pod" pod="batch/${jobPod}" event={"ID":"${rng.uuid()}","Type":"ContainerDied","Data":"${rng.hex(64)}"}`,
      ),
      6,
      "memory",
    );
    event(t + 2500, "Warning", "OOMKilled", jobPod, "batch", "Container invoice-export was OOMKilled (exit code 137), memory limit 1536Mi", "memory");
    if (attempt < 2) {
      event(
        t + 3000,
        "Warning",
        "BackOff",
        jobPod,
        "batch",
        `Back-off restarting failed container invoice-export in pod ${jobPod}_batch(${rng.uuid()})`,
        "error",
      );
      jd(
        t + 3100,
        "kubelet",
        klog(
          t + 3100,
          "E",
          "pod_workers.go:1298",
          `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"invoice-export\\" with CrashLoopBackOff: \\"back-off ${10 * 2 ** attempt}s restarting failed container=invoice-export pod=${jobPod}_batch\\"" pod="batch/${jobPod}"`,
        ),
        6,
        "error",
      );
      t += (10 * 2 ** attempt + rng.int(1, 4)) * 1000;
    }
  }
  tl.add(
    t + 4000,
    {
      metadata: { name: `invoice-export-${rng.hex(8)}`, namespace: "batch" },
      involvedObject: { kind: "Job", name: jobPod.slice(0, -6), namespace: "batch" },
      reason: "BackoffLimitExceeded",
      message: "Job has reached the specified backoff limit",
      source: { component: "job-controller" },
      firstTimestamp: iso(t + 4000),
      lastTimestamp: iso(t + 4000),
      count: 1,
      type: "Warning",
    },
    "error",
  );

  // Routine flood: orphaned pod volume dirs reported by every housekeeping cycle (2 s).
  const orphans = Array.from({ length: rng.int(2, 4) }, () => rng.uuid());
  tl.spread(Math.round(((end - start) / 2000) * rng.float(0.85, 1)), (u) =>
    jd(
      u,
      "kubelet",
      klog(
        u,
        "E",
        "kubelet_volumes.go:263",
        `"There were many similar errors. Turn up verbosity to see them." err="orphaned pod \\"${rng.pick(orphans)}\\" found, but error not a directory occurred when trying to remove the volumes dir" numErrs=${orphans.length}`,
      ),
    ),
  );
  return tl.build(
    "s05-k8s-worker-node-decoy",
    "Kubernetes worker node: routine kubelet orphaned-volume errors every housekeeping cycle; an export CronJob is OOM-killed twice and its Job fails",
  );
}
