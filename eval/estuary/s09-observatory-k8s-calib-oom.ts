// s09: radio-telescope data pipeline on Kubernetes, shipped by Fluent Bit (CRI parser with
// Time_Keep, Merge_Log On: the app's JSON fields at the top level plus the `kubernetes` metadata
// object), with trace ids on every app line, and Kubernetes core/v1 events from an event exporter.
// Producers: ingest-gateway (Go zerolog), calib-worker (Python python-json-logger with OpenTelemetry
// logging fields otelTraceID/otelSpanID/otelServiceName), obs-scheduler (log4j2 EcsLayout, dotted keys).
// Incident: a wide-band observation (65536 channels) is routed to two calibration workers; their
// resident memory climbs chunk by chunk to the 16 GiB limit, the kernel OOM-kills them, kubelet
// restarts them into CrashLoopBackOff as the scheduler keeps re-queuing the chunks, the backlog grows
// and the ingest gateway applies backpressure; the operator finally quarantines the observation.
// Healthy bands: calib-worker RSS 31-65% of its limit, chunk time median 18 s; backlog 5-60 chunks,
// oldest under 300 s. Judged per component: archive-sync's routine pod start events stay normal.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, every, hashSeed, healthy, iso, poisson, round, startTime } from "./rng.js";

interface Pod {
  name: string;
  uid: string;
  node: string;
  hash: string;
  docker: string;
}

export function s09ObservatoryK8sCalibOom(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s09-observatory"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 9, 8, 20, 0));
  const end = start + 4 * HOUR;
  const incStart = start + rng.float(0.35, 0.5) * (end - start);
  const ns = "radio-pipeline";
  const GiB = 1024 ** 3;
  const limit = 16 * GiB;
  const obsNormal = ["SB-58190", "SB-58197", "SB-58201", "SB-58206"] as const;
  const wide = `SB-${rng.int(58210, 58260)}`;

  const mkPod = (deploy: string, hash: string, node: string): Pod => ({
    name: `${deploy}-${hash}-${rng.k8s(5)}`,
    uid: rng.uuid(),
    node,
    hash,
    docker: rng.hex(64),
  });
  const calibHash = rng.k8s(10);
  const calibPods: Pod[] = [];
  for (let i = 0; i < 6; i++) calibPods.push(mkPod("calib-worker", calibHash, `node-gpu-0${(i % 3) + 1}`));
  const ingestHash = rng.k8s(10);
  const ingestPods = [mkPod("ingest-gateway", ingestHash, "node-cpu-01"), mkPod("ingest-gateway", ingestHash, "node-cpu-02")];
  const schedPod = mkPod("obs-scheduler", rng.k8s(10), "node-cpu-02");
  const images: Record<string, string> = {
    "calib-worker": "registry.obs.example/pipeline/calib-worker:2.14.1",
    "ingest-gateway": "registry.obs.example/pipeline/ingest-gateway:1.9.0",
    "obs-scheduler": "registry.obs.example/pipeline/obs-scheduler:3.2.7",
    "archive-sync": "registry.obs.example/pipeline/archive-sync:0.8.2",
  };
  const kube = (pod: Pod, app: string) => ({
    pod_name: pod.name,
    namespace_name: ns,
    pod_id: pod.uid,
    labels: { app, "pod-template-hash": pod.hash },
    host: pod.node,
    container_name: app,
    docker_id: pod.docker,
    container_hash: `${images[app] ?? app}@sha256:${rng.hex(64)}`,
    container_image: images[app] ?? app,
  });
  const fb = (t: number, pod: Pod, app: string, fields: Record<string, unknown>, label: AnomalyType | null, stream = "stdout") => {
    tl.add(t, { time: iso(t + rng.float(0.2, 3), 9), stream, _p: "F", ...fields, kubernetes: kube(pod, app) }, label);
  };
  let rv = rng.int(40_000_000, 60_000_000);
  const event = (
    t: number,
    type: string,
    reason: string,
    message: string,
    component: string,
    host: string,
    obj: { kind: string; name: string; uid: string; fieldPath?: string },
    label: AnomalyType | null,
  ) => {
    rv += rng.int(1, 40);
    const ts = iso(t, 0);
    const involved: Record<string, unknown> = {
      kind: obj.kind,
      namespace: obj.kind === "Node" ? "" : ns,
      name: obj.name,
      uid: obj.uid,
      apiVersion: obj.kind === "Pod" ? "v1" : obj.kind === "Node" ? "v1" : "batch/v1",
      resourceVersion: String(rv - rng.int(100, 5000)),
    };
    if (obj.fieldPath) involved.fieldPath = obj.fieldPath;
    tl.add(
      t,
      {
        metadata: {
          name: `${obj.name}.${rng.hex(16)}`,
          namespace: obj.kind === "Node" ? "default" : ns,
          uid: rng.uuid(),
          resourceVersion: String(rv),
          creationTimestamp: ts,
        },
        involvedObject: involved,
        reason,
        message,
        source: host ? { component, host } : { component },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: host,
      },
      label,
    );
  };

  // ---- calib-worker pods
  const affected = [calibPods[1], calibPods[4]].filter((p): p is Pod => p !== undefined);
  let chunkSeq = rng.int(100, 900);
  const chunkLine = (t: number, pod: Pod, obs: string, channels: number, rssFrac: number, dur: number, label: AnomalyType | null) => {
    const chunk = `chunk-${String(chunkSeq++ % 10000).padStart(4, "0")}`;
    fb(
      t,
      pod,
      "calib-worker",
      {
        asctime: iso(t, 3).replace("T", " ").replace("Z", "").replace(".", ","),
        levelname: "INFO",
        name: "calib.pipeline",
        message: "chunk calibrated",
        obs_id: obs,
        chunk,
        channels,
        rss_bytes: Math.round(rssFrac * limit),
        limit_bytes: limit,
        duration_ms: Math.round(dur),
        otelTraceID: rng.hex(32),
        otelSpanID: rng.hex(16),
        otelServiceName: "calib-worker",
        otelTraceSampled: true,
      },
      label,
    );
  };
  const calibLog = (t: number, pod: Pod, levelname: string, message: string, extra: Record<string, unknown>, label: AnomalyType | null) => {
    fb(
      t,
      pod,
      "calib-worker",
      {
        asctime: iso(t, 3).replace("T", " ").replace("Z", "").replace(".", ","),
        levelname,
        name: "calib.worker",
        message,
        ...extra,
        otelTraceID: rng.hex(32),
        otelSpanID: rng.hex(16),
        otelServiceName: "calib-worker",
        otelTraceSampled: true,
      },
      label,
    );
  };
  const oomTimes: { t: number; pod: Pod }[] = [];
  let incEnd = incStart;
  for (const pod of calibPods) {
    const hit = affected.includes(pod);
    let t = start + rng.float(0, 40) * SEC;
    let attempts = 0;
    let backoff = 10 * SEC;
    let rss = rng.float(0.33, 0.45);
    while (t < end) {
      if (hit && t >= incStart + rng.float(0, 3) * MIN && attempts < 4) {
        // a wide-band chunk: memory climbs with every sub-band
        rss = rng.float(0.5, 0.62);
        let k = t;
        while (rss < 0.985 && k < end) {
          const label: AnomalyType | null = rss > 0.7 ? "memory" : null;
          chunkLine(k, pod, wide, 65536, rss, healthy(rng, 18000, 0.3), label);
          if (rss > 0.88 && rng.chance(0.5))
            calibLog(
              k + 900,
              pod,
              "WARNING",
              `resident memory ${(rss * 16).toFixed(1)}GiB of 16.0GiB, flagging table not released`,
              { obs_id: wide, rss_bytes: Math.round(rss * limit), limit_bytes: limit },
              "memory",
            );
          rss += rng.float(0.045, 0.08);
          k += rng.float(36, 46) * SEC;
        }
        const oom = k;
        attempts++;
        oomTimes.push({ t: oom, pod });
        const killed = rng.int(20000, 90000);
        event(
          oom,
          "Warning",
          "OOMKilling",
          `Memory cgroup out of memory: Killed process ${killed} (python3) total-vm:${rng.int(19_000_000, 21_000_000)}kB, anon-rss:${rng.int(16_600_000, 16_770_000)}kB, file-rss:${rng.int(9000, 12000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(32000, 34000)}kB oom_score_adj:999`,
          "kernel-monitor",
          pod.node,
          { kind: "Node", name: pod.node, uid: pod.node },
          "memory",
        );
        const restart = oom + backoff;
        if (attempts >= 2) {
          event(
            oom + rng.float(2, 8) * SEC,
            "Warning",
            "BackOff",
            `Back-off restarting failed container calib-worker in pod ${pod.name}_${ns}(${pod.uid})`,
            "kubelet",
            pod.node,
            { kind: "Pod", name: pod.name, uid: pod.uid, fieldPath: "spec.containers{calib-worker}" },
            "error",
          );
        }
        const ref = { kind: "Pod", name: pod.name, uid: pod.uid, fieldPath: "spec.containers{calib-worker}" };
        event(restart, "Normal", "Pulled", `Container image "${images["calib-worker"]}" already present on machine`, "kubelet", pod.node, ref, "pattern");
        event(restart + 300, "Normal", "Created", "Created container calib-worker", "kubelet", pod.node, ref, "pattern");
        event(restart + 900, "Normal", "Started", "Started container calib-worker", "kubelet", pod.node, ref, "pattern");
        calibLog(restart + rng.float(3, 6) * SEC, pod, "INFO", "worker starting", { version: "2.14.1", threads: 16, casacore: "3.6.1" }, "pattern");
        calibLog(restart + rng.float(7, 10) * SEC, pod, "INFO", "registered with scheduler", { scheduler: "obs-scheduler:7070" }, "pattern");
        backoff *= 2;
        t = restart + rng.float(12, 20) * SEC;
        incEnd = Math.max(incEnd, t);
        continue;
      }
      rss = Math.min(0.64, Math.max(0.32, rss + rng.float(-0.04, 0.04)));
      chunkLine(t, pod, rng.pick(obsNormal), rng.pick([4096, 8192, 16384]), rss, healthy(rng, 18000, 0.3), null);
      t += rng.float(34, 48) * SEC;
    }
  }
  poisson(rng, start, end, 25 * MIN, (t) => {
    calibLog(
      t,
      rng.pick(calibPods),
      "WARNING",
      "RFI flagging removed more than 20% of visibilities in chunk",
      { flagged_pct: round(rng.float(20, 34), 1) },
      null,
    );
  });

  // ---- obs-scheduler (log4j2 EcsLayout)
  const ecs = (t: number, level: string, logger: string, thread: string, message: string, extra: Record<string, unknown>, label: AnomalyType | null) => {
    fb(
      t,
      schedPod,
      "obs-scheduler",
      {
        "@timestamp": iso(t, 3),
        "log.level": level,
        message,
        "ecs.version": "1.2.0",
        "service.name": "obs-scheduler",
        "event.dataset": "obs-scheduler",
        "process.thread.name": thread,
        "log.logger": logger,
        "trace.id": rng.hex(32),
        "span.id": rng.hex(16),
        ...extra,
      },
      label,
    );
  };
  for (const { t, pod } of oomTimes) {
    const chunk = `chunk-${String(rng.int(0, 9999)).padStart(4, "0")}`;
    ecs(
      t + rng.float(3, 9) * SEC,
      "WARN",
      "org.obs.scheduler.TaskTracker",
      "heartbeat-monitor",
      `Task calib/${wide}/${chunk} lost worker ${pod.name}, rescheduling (attempt ${rng.int(2, 4)}/4)`,
      {},
      "error",
    );
  }
  const lastOom = oomTimes.reduce((m, o) => Math.max(m, o.t), incStart);
  ecs(
    lastOom + rng.float(20, 60) * SEC,
    "ERROR",
    "org.obs.scheduler.TaskTracker",
    "heartbeat-monitor",
    `Task calib/${wide}/chunk-${String(rng.int(0, 9999)).padStart(4, "0")} failed after 4 attempts: WorkerLost(OOMKilled)`,
    { "error.type": "org.obs.scheduler.WorkerLostException", "error.message": "worker exited with code 137" },
    "error",
  );
  const quarantine = Math.min(end - 5 * SEC, Math.max(incEnd, lastOom) + rng.float(2, 6) * MIN);
  ecs(
    quarantine,
    "INFO",
    "org.obs.scheduler.admin.ObservationAdmin",
    "admin-api-3",
    `Observation ${wide} quarantined by operator (reason: "exceeds calib memory budget, needs sub-band split")`,
    { "user.name": "duty-astronomer" },
    "pattern",
  );
  every(rng, start, end, MIN, 2 * SEC, (t) => {
    const bad = t > incStart + 10 * MIN && t < quarantine + 6 * MIN;
    const pending = bad ? rng.int(160, 520) : rng.int(5, 60);
    const oldest = bad ? rng.int(700, 3600) : rng.int(20, 280);
    ecs(
      t,
      bad ? "WARN" : "INFO",
      "org.obs.scheduler.BacklogMonitor",
      "backlog-monitor",
      `Ingest backlog: ${pending} chunks pending, oldest ${oldest}s`,
      { "labels.pending": pending, "labels.oldest_s": oldest },
      bad ? "performance" : null,
    );
  });
  poisson(rng, start, end, 30 * SEC, (t) => {
    ecs(
      t,
      "INFO",
      "org.obs.scheduler.Dispatcher",
      `dispatcher-${rng.int(1, 4)}`,
      `Dispatched ${rng.int(1, 6)} calibration tasks`,
      { "labels.queue": "calib" },
      null,
    );
  });

  // ---- ingest-gateway (zerolog)
  const zl = (t: number, pod: Pod, level: string, message: string, fields: Record<string, unknown>, label: AnomalyType | null) => {
    fb(
      t,
      pod,
      "ingest-gateway",
      { level, time: iso(t, 3), service: "ingest-gateway", trace_id: rng.hex(32), span_id: rng.hex(16), ...fields, message },
      label,
      level === "info" ? "stdout" : "stderr",
    );
  };
  poisson(rng, start, end, 21 * SEC, (t) => {
    const pod = rng.pick(ingestPods);
    zl(
      t,
      pod,
      "info",
      "visibility chunk received",
      {
        obs_id: t > incStart ? rng.pick([...obsNormal, wide]) : rng.pick(obsNormal),
        correlator: `corr-${rng.int(1, 3)}`,
        bytes: rng.int(180_000_000, 900_000_000),
        duration_ms: Math.round(healthy(rng, 2400, 0.3)),
      },
      null,
    );
  });
  poisson(rng, start, end, 40 * MIN, (t) => {
    zl(t, rng.pick(ingestPods), "warn", "correlator heartbeat late", { correlator: `corr-${rng.int(1, 3)}`, late_ms: rng.int(1100, 2900) }, null);
  });
  poisson(rng, incStart + 14 * MIN, Math.min(end, quarantine + 4 * MIN), 2.5 * MIN, (t) => {
    zl(
      t,
      rng.pick(ingestPods),
      "warn",
      "backpressure: scheduler queue above high-water mark, pausing correlator stream",
      { high_water: 150, paused_s: rng.int(20, 90) },
      "performance",
    );
  });

  // ---- routine Kubernetes events: the archive-sync CronJob every 15 min and HPA noise
  every(rng, start, end, 15 * MIN, 0, (t) => {
    const jobName = `archive-sync-${Math.floor(t / MIN)}`;
    const podName = `${jobName}-${rng.k8s(5)}`;
    const podUid = rng.uuid();
    const jobUid = rng.uuid();
    const node = rng.pick(["node-cpu-01", "node-cpu-02"]);
    event(
      t,
      "Normal",
      "SuccessfulCreate",
      `Created job ${jobName}`,
      "cronjob-controller",
      "",
      { kind: "CronJob", name: "archive-sync", uid: "archive-sync" },
      null,
    );
    event(t + 40, "Normal", "SuccessfulCreate", `Created pod: ${podName}`, "job-controller", "", { kind: "Job", name: jobName, uid: jobUid }, null);
    event(
      t + 60,
      "Normal",
      "Scheduled",
      `Successfully assigned ${ns}/${podName} to ${node}`,
      "default-scheduler",
      "",
      { kind: "Pod", name: podName, uid: podUid },
      null,
    );
    const ref = { kind: "Pod", name: podName, uid: podUid, fieldPath: "spec.containers{archive-sync}" };
    event(t + 1200, "Normal", "Pulled", `Container image "${images["archive-sync"]}" already present on machine`, "kubelet", node, ref, null);
    event(t + 1500, "Normal", "Created", "Created container archive-sync", "kubelet", node, ref, null);
    event(t + 2100, "Normal", "Started", "Started container archive-sync", "kubelet", node, ref, null);
    const done = t + rng.float(40, 160) * SEC;
    event(done, "Normal", "Completed", "Job completed", "job-controller", "", { kind: "Job", name: jobName, uid: jobUid }, null);
    event(
      done + 2 * SEC,
      "Normal",
      "SawCompletedJob",
      `Saw completed job: ${jobName}, status: Complete`,
      "cronjob-controller",
      "",
      { kind: "CronJob", name: "archive-sync", uid: "archive-sync" },
      null,
    );
  });
  poisson(rng, start, end, 22 * MIN, (t) => {
    event(
      t,
      "Warning",
      "FailedGetResourceMetric",
      "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API",
      "horizontal-pod-autoscaler",
      "",
      { kind: "HorizontalPodAutoscaler", name: "ingest-gateway", uid: "ingest-gateway-hpa" },
      null,
    );
  });

  return tl.build(
    "observatory-k8s-calib-worker-oom-loop",
    "Radio-telescope pipeline on Kubernetes: a wide-band observation drives two calibration pods' RSS to the limit, OOM kills and CrashLoopBackOff, re-queued chunks and a growing backlog (Fluent Bit k8s metadata, trace ids, core/v1 events).",
  );
}
