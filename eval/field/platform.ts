// Platform incidents: Kubernetes events (as kubernetes-event-exporter writes them) beside the Go
// services on the node, and a Kafka producer flooding its log when a broker is lost.

import type { Scenario } from "../blind/types.js";
import { arrivals, Incident, type Label, type Rng, rngFor, round, ticks, windowStart, zap } from "./gen.js";

function k8sEvent(
  rng: Rng,
  t: number,
  component: string,
  type: "Normal" | "Warning",
  reason: string,
  kind: string,
  obj: string,
  message: string,
  host?: string,
): Record<string, unknown> {
  return {
    timestamp: new Date(t).toISOString(),
    component,
    level: type === "Normal" ? "info" : "warning",
    type,
    reason,
    message,
    involvedObject: { kind, namespace: kind === "Node" ? "" : "prod", name: obj, uid: rng.uuid() },
    source: host ? { component, host } : { component },
    count: 1,
  };
}

/**
 * A feature-building batch pod without a memory limit grows on one node: the node reports memory
 * pressure, kubelet evicts the recommendations pods next to it, the kernel OOM-kills the batch
 * process, and pods cannot be scheduled back while the taint holds.
 */
export function k8sNodeMemoryPressure(seed: number): Scenario {
  const name = "k8s-node-memory-pressure-evictions";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 40 * 60_000;
  const pressure = t0 + rng.int(20, 25) * 60_000;
  const node = `ip-10-0-${rng.int(1, 9)}-${rng.int(10, 250)}.eu-west-1.compute.internal`;
  const otherNodes = Array.from({ length: 5 }, () => `ip-10-0-${rng.int(1, 9)}-${rng.int(10, 250)}.eu-west-1.compute.internal`);
  const recPods = Array.from({ length: 4 }, () => `recommendations-7b9c4d-${rng.alnum(5)}`);
  const builder = `feature-builder-${rng.int(28_000_000, 29_000_000)}-${rng.alnum(5)}`;
  const ev = (
    t: number,
    component: string,
    type: "Normal" | "Warning",
    reason: string,
    kind: string,
    obj: string,
    msg: string,
    label: Label = null,
    host?: string,
  ) => inc.add(t, k8sEvent(rng, t, component, type, reason, kind, obj, msg, host), label);

  // Routine cluster life: cron jobs every 5 minutes, a flaky readiness probe, the HPA.
  for (const t of ticks(rng, t0, end, 5 * 60_000, 2000)) {
    const job = `session-cleanup-${Math.floor(t / 60_000)}`;
    const pod = `${job}-${rng.alnum(5)}`;
    const n = rng.pick(otherNodes);
    ev(t, "cronjob-controller", "Normal", "SuccessfulCreate", "CronJob", "session-cleanup", `Created job ${job}`);
    ev(t + 40, "job-controller", "Normal", "SuccessfulCreate", "Job", job, `Created pod: ${pod}`);
    ev(t + 90, "default-scheduler", "Normal", "Scheduled", "Pod", pod, `Successfully assigned prod/${pod} to ${n}`);
    ev(t + 900, "kubelet", "Normal", "Pulled", "Pod", pod, `Container image "registry.example.com/session-cleanup:1.8.2" already present on machine`, null, n);
    ev(t + 1100, "kubelet", "Normal", "Created", "Pod", pod, "Created container cleanup", null, n);
    ev(t + 1300, "kubelet", "Normal", "Started", "Pod", pod, "Started container cleanup", null, n);
    ev(t + rng.int(8000, 20000), "job-controller", "Normal", "Completed", "Job", job, "Job completed");
  }
  for (const t of arrivals(rng, t0, end, 0.006)) {
    const pod = `search-api-5d7f9-${rng.alnum(5)}`;
    ev(t, "kubelet", "Warning", "Unhealthy", "Pod", pod, "Readiness probe failed: HTTP probe failed with statuscode: 503", null, rng.pick(otherNodes));
  }
  for (const t of arrivals(rng, t0, end, 0.002)) {
    const size = rng.int(4, 8);
    ev(
      t,
      "horizontal-pod-autoscaler",
      "Normal",
      "SuccessfulRescale",
      "HorizontalPodAutoscaler",
      "search-api",
      `New size: ${size}; reason: cpu resource utilization (percentage of request) above target`,
    );
  }

  // The incident, in the order the node tells it.
  const bStart = pressure - rng.int(12, 15) * 60_000;
  ev(bStart, "default-scheduler", "Normal", "Scheduled", "Pod", builder, `Successfully assigned prod/${builder} to ${node}`);
  ev(bStart + 1200, "kubelet", "Normal", "Started", "Pod", builder, "Started container builder", null, node);
  ev(pressure, "kubelet", "Normal", "NodeHasInsufficientMemory", "Node", node, `Node ${node} status is now: NodeHasInsufficientMemory`, "memory", node);
  ev(pressure + 2000, "kubelet", "Warning", "EvictionThresholdMet", "Node", node, "Attempting to reclaim memory", "memory", node);
  const evicted = recPods.slice(0, 2);
  evicted.forEach((pod, i) => {
    const t = pressure + 8000 + i * rng.int(3000, 9000);
    const using = rng.int(900, 1500);
    ev(
      t,
      "kubelet",
      "Warning",
      "Evicted",
      "Pod",
      pod,
      `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${rng.int(40_000, 98_000)}Ki. Container recommendations was using ${using}Mi, request is 512Mi, has larger consumption of memory.`,
      "memory",
      node,
    );
    ev(t + 300, "kubelet", "Normal", "Killing", "Pod", pod, "Stopping container recommendations", null, node);
  });
  const oom = pressure + rng.int(60, 120) * 1000;
  const pid = rng.int(10_000, 60_000);
  ev(
    oom,
    "kernel-monitor",
    "Warning",
    "OOMKilling",
    "Node",
    node,
    `Out of memory: Killed process ${pid} (python3) total-vm:${rng.int(14_000_000, 16_000_000)}kB, anon-rss:${rng.int(12_000_000, 13_500_000)}kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(24_000, 30_000)}kB oom_score_adj:1000`,
    "memory",
    node,
  );
  ev(oom + 1500, "kubelet", "Warning", "BackOff", "Pod", builder, `Back-off restarting failed container builder in pod ${builder}_prod`, null, node);
  ev(oom + 1600, "kubelet", "Normal", "ContainerStatus", "Pod", builder, "Container builder terminated: reason=OOMKilled exitCode=137", "memory", node);
  // Replacements cannot land on the tainted node and the others are full.
  for (const i of evicted.keys()) {
    const repl = `recommendations-7b9c4d-${rng.alnum(5)}`;
    const t = pressure + 12_000 + i * 4000;
    ev(t, "replicaset-controller", "Normal", "SuccessfulCreate", "ReplicaSet", "recommendations-7b9c4d", `Created pod: ${repl}`);
    for (let k = 0; k < rng.int(3, 5); k++) {
      const tk = t + 1000 + k * rng.int(20_000, 60_000);
      ev(
        tk,
        "default-scheduler",
        "Warning",
        "FailedScheduling",
        "Pod",
        repl,
        `0/6 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 5 Insufficient memory. preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod.`,
        "memory",
      );
    }
    const placed = oom + rng.int(90, 200) * 1000;
    const n = rng.pick(otherNodes);
    ev(placed, "default-scheduler", "Normal", "Scheduled", "Pod", repl, `Successfully assigned prod/${repl} to ${n}`);
    ev(
      placed + 900,
      "kubelet",
      "Normal",
      "Pulled",
      "Pod",
      repl,
      `Container image "registry.example.com/recommendations:4.12.0" already present on machine`,
      null,
      n,
    );
    ev(placed + 1500, "kubelet", "Normal", "Started", "Pod", repl, "Started container recommendations", null, n);
  }
  ev(
    oom + rng.int(30, 60) * 1000,
    "kubelet",
    "Normal",
    "NodeHasSufficientMemory",
    "Node",
    node,
    `Node ${node} status is now: NodeHasSufficientMemory`,
    null,
    node,
  );

  // recommendations (Go, zap) and ingest beside it.
  const lost = new Set(evicted);
  for (const t of arrivals(rng, t0, end, 1.0)) {
    const live = recPods.filter((p) => !(lost.has(p) && t > pressure + 8000));
    const pod = rng.pick(live);
    const kind = rng.weighted([
      ["serve", 6],
      ["model", 0.3],
      ["cache", 1],
      ["feature", 1],
    ] as const);
    if (kind === "serve") {
      inc.add(
        t,
        zap(t, "info", "recommendations", "http/server.go:212", "served recommendations", {
          pod,
          user_id: rng.int(1, 5_000_000),
          slot: rng.pick(["home_carousel", "pdp_similar", "cart_upsell", "email_digest"]),
          items: rng.int(4, 24),
          latency_ms: Math.round(rng.logNormal(32, 0.45)),
        }),
      );
    } else if (kind === "model") {
      inc.add(t, zap(t, "info", "recommendations", "model/registry.go:77", "model version check", { pod, model: "two-tower-v31", up_to_date: true }));
    } else if (kind === "cache") {
      inc.add(
        t,
        zap(t, "debug", "recommendations", "cache/lru.go:54", "embedding cache stats", {
          pod,
          size: rng.int(180_000, 200_000),
          hit_ratio: round(0.85 + rng.next() * 0.1, 3),
        }),
      );
    } else {
      inc.add(
        t,
        zap(t, "info", "recommendations", "features/client.go:98", "feature vector fetched", {
          pod,
          keys: rng.int(1, 60),
          took_ms: Math.round(rng.logNormal(6, 0.5)),
        }),
      );
    }
  }
  for (const [i, pod] of evicted.entries()) {
    const t = pressure + 8300 + i * 10;
    inc.add(t, zap(t, "info", "recommendations", "cmd/server/main.go:141", "received signal, shutting down", { pod, signal: "terminated" }));
    inc.add(t + 400, zap(t + 400, "info", "recommendations", "cmd/server/main.go:156", "server stopped", { pod, drained_requests: rng.int(3, 40) }));
  }
  for (const t of arrivals(rng, t0, end, 0.45)) {
    inc.add(
      t,
      zap(t, "info", "ingest", "consumer/batch.go:63", "batch written", {
        pod: "ingest-0",
        topic: rng.pick(["clicks", "views", "add_to_cart"]),
        records: rng.int(200, 5000),
        took_ms: Math.round(rng.logNormal(80, 0.4)),
        lag: rng.int(0, 900),
      }),
    );
  }

  return inc.scenario(
    name,
    "A batch pod without a memory limit drives a node into memory pressure: evictions, an OOM kill and FailedScheduling, told through Kubernetes events",
  );
}

/**
 * A broker dies; topics with min.insync.replicas=2 and two replicas reject every write, and the
 * Go producer logs the same NOT_ENOUGH_REPLICAS failure for nearly every record until the broker
 * is back: most of the window is the failure.
 */
export function kafkaNotEnoughReplicasFlood(seed: number): Scenario {
  const name = "kafka-not-enough-replicas-flood";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 20 * 60_000;
  const down = t0 + rng.int(100, 150) * 1000;
  const back = end - rng.int(60, 100) * 1000;
  const pods = ["order-events-publisher-0", "order-events-publisher-1", "order-events-publisher-2"];
  const topics = ["orders.created", "orders.updated", "payments.captured"];

  for (const t of arrivals(rng, t0, end, 3.4)) {
    const pod = rng.pick(pods);
    const topic = rng.pick(topics);
    const partition = rng.int(0, 11);
    // Partitions whose replicas include the lost broker: two thirds of them.
    const hit = partition % 3 !== 0 && t >= down && t < back;
    if (hit) {
      inc.add(
        t,
        zap(t, "error", "order-events-publisher", "publisher/producer.go:118", "failed to produce record", {
          pod,
          topic,
          partition,
          error: "NOT_ENOUGH_REPLICAS: Messages are rejected since there are fewer in-sync replicas than required.",
        }),
        "error",
      );
      continue;
    }
    const kind = rng.weighted([
      ["flush", 5],
      ["outbox", 2],
      ["meta", 0.2],
    ] as const);
    if (kind === "flush")
      inc.add(
        t,
        zap(t, "debug", "order-events-publisher", "publisher/producer.go:96", "batch flushed", {
          pod,
          topic,
          partition,
          records: rng.int(1, 40),
          latency_ms: Math.round(rng.logNormal(7, 0.5)),
        }),
      );
    else if (kind === "outbox")
      inc.add(
        t,
        zap(t, "info", "order-events-publisher", "outbox/poller.go:52", "outbox rows claimed", {
          pod,
          rows: rng.int(1, 100),
          oldest_age_ms: Math.round(rng.logNormal(120, 0.6)),
        }),
      );
    else inc.add(t, zap(t, "info", "order-events-publisher", "publisher/metadata.go:31", "metadata refreshed", { pod, brokers: 3, topics: 3 }));
  }
  // The outbox backs up while writes are rejected.
  for (const pod of pods) {
    for (const t of ticks(rng, down + 60_000, back, 30_000, 2000)) {
      const rows = Math.round(((t - down) / 1000) * rng.logNormal(95, 0.1));
      inc.add(
        t,
        zap(t, "warn", "order-events-publisher", "outbox/poller.go:71", "outbox backlog growing", { pod, pending_rows: rows, oldest_age_ms: t - down }),
        "pattern",
      );
    }
  }

  // The brokers' log4j2 JSON.
  const kafka = (t: number, broker: number, level: string, logger: string, message: string, label: Label = null) =>
    inc.add(
      t,
      {
        "@timestamp": new Date(t).toISOString(),
        level,
        logger_name: logger,
        thread_name: `data-plane-kafka-request-handler-${rng.int(0, 7)}`,
        message,
        service: `kafka-${broker}`,
      },
      label,
    );
  for (const b of [0, 1, 2]) {
    for (const t of ticks(rng, t0, end, 60_000, 3000)) {
      if (b === 2 && t >= down && t < back) continue;
      kafka(
        t,
        b,
        "INFO",
        "kafka.log.LogCleaner",
        `[kafka-log-cleaner-thread-0]: Log cleaner thread 0 cleaned log __consumer_offsets-${rng.int(0, 49)} (dirty section = [${rng.int(1e6, 9e6)}, ${rng.int(1e7, 2e7)}])`,
      );
      kafka(
        t + 500,
        b,
        "INFO",
        "kafka.coordinator.group.GroupMetadataManager",
        `[GroupMetadataManager brokerId=${b}] Removed 0 expired offsets in ${rng.int(0, 3)} milliseconds.`,
      );
    }
  }
  for (const p of Array.from({ length: 12 }, (_, i) => i).filter((i) => i % 3 !== 0)) {
    for (const topic of topics) {
      const leader = p % 3 === 1 ? 0 : 1;
      const t = down + rng.int(10_000, 30_000);
      kafka(
        t,
        leader,
        "INFO",
        "kafka.cluster.Partition",
        `[Partition ${topic}-${p} broker=${leader}] Shrinking ISR from ${leader},2 to ${leader}. Leader: (highWatermark: ${rng.int(1e6, 9e6)}, endOffset: ${rng.int(1e6, 9e6)}). Out of sync replicas: (brokerId: 2, endOffset: ${rng.int(1e6, 9e6)}, lastCaughtUpTimeMs: ${down}).`,
        "pattern",
      );
      const tb = back + rng.int(5000, 30_000);
      kafka(
        tb,
        leader,
        "INFO",
        "kafka.cluster.Partition",
        `[Partition ${topic}-${p} broker=${leader}] ISR updated to ${leader},2 and version updated to ${rng.int(10, 90)}`,
      );
    }
  }

  return inc.scenario(
    name,
    "A Kafka broker is lost and producers to two-replica topics log NOT_ENOUGH_REPLICAS for nearly every record: most of the window is the failure",
  );
}
