// t04: the ML team's training queue submits more jobs than the cluster has GPUs; the pending pods
// wait their turn and the scheduler records FailedScheduling for each retry (events.k8s.io/v1
// events as an event exporter writes them). That is how the queue works: routine.
// The real incident: ranker-serving crash-loops on a CUDA fault after a model push; kubelet backs
// off, its pod restarts, and recs-api's calls to it fail (structlog, zap, events).
import type { Scenario } from "./types.js";
import { Kit, type Label, type Log, MIN, SEC, Timeline, iso, isoUs, opening, span, steady } from "./util.js";

export default function t04(seed: number): Scenario {
  const k = new Kit(seed, "t04");
  const t0 = opening(seed, "t04");
  const t1 = t0 + 100 * MIN;
  const tl = new Timeline();
  const gpuNodes = k.int(4, 8);
  const cpuNodes = k.int(6, 12);
  const nodes = gpuNodes + cpuNodes;
  const note = `0/${nodes} nodes are available: ${gpuNodes} Insufficient nvidia.com/gpu, ${cpuNodes} node(s) didn't match Pod's node affinity/selector. preemption: 0/${nodes} nodes are available: ${gpuNodes} No preemption victims found for incoming pod, ${cpuNodes} Preemption is not helpful for scheduling.`;
  const event = (t: number, ns: string, pod: string, ctrl: string, reason: string, type: string, text: string, count = 1): Log => ({
    kind: "Event",
    apiVersion: "events.k8s.io/v1",
    metadata: { name: `${pod}.${k.hex(16)}`, namespace: ns, uid: k.uuid() },
    eventTime: isoUs(t),
    ...(count > 1 ? { series: { count, lastObservedTime: isoUs(t) } } : {}),
    reportingController: ctrl,
    reportingInstance: ctrl === "kubelet" ? `gpu-node-${k.int(1, gpuNodes)}` : `default-scheduler-cp-${k.int(1, 3)}`,
    action: ctrl === "kubelet" ? "Sync" : "Scheduling",
    reason,
    regarding: { kind: "Pod", namespace: ns, name: pod, apiVersion: "v1" },
    note: text,
    type,
  });

  // The routine flood: a queue of pending training pods, each retried by the scheduler.
  const jobs = ["resnet-sweep", "llm-ft", "asr-distill", "ctr-retrain", "embed-bench"];
  const pending = Array.from({ length: k.int(12, 18) }, () => ({ pod: `${k.pick(jobs)}-${k.alnum(5)}-worker-${k.int(0, 7)}`, n: k.int(20, 400) }));
  steady(k, t0, t1, 2.8 * SEC, (t) => {
    const p = k.pick(pending);
    p.n++;
    tl.add(t, event(t, "ml-training", p.pod, "default-scheduler", "FailedScheduling", "Warning", note, p.n));
  });
  // Ordinary batch pods on CPU nodes get scheduled and start.
  steady(k, t0, t1 - MIN, 30 * SEC, (t) => {
    const pod = `etl-${k.pick(["orders", "clicks", "ledger"])}-${k.int(29_000_000, 29_999_999)}-${k.alnum(5)}`;
    const img = `registry.internal/etl:${k.pick(["1.14.2", "1.14.3"])}`;
    tl.add(t, event(t, "etl", pod, "default-scheduler", "Scheduled", "Normal", `Successfully assigned etl/${pod} to cpu-node-${k.int(1, cpuNodes)}`));
    tl.add(t + 900, event(t + 900, "etl", pod, "kubelet", "Pulled", "Normal", `Container image "${img}" already present on machine`));
    tl.add(t + 1300, event(t + 1300, "etl", pod, "kubelet", "Created", "Normal", "Created container: etl"));
    tl.add(t + 1500, event(t + 1500, "etl", pod, "kubelet", "Started", "Normal", "Started container etl"));
  });

  // feature-store: go-kit logfmt lines as the shipper's logfmt parser emits them, healthy.
  steady(k, t0, t1, 5 * SEC, (t) => {
    tl.add(t, {
      ts: iso(t),
      level: "info",
      caller: "server.go:212",
      service: "feature-store",
      msg: "served online features",
      entities: k.int(1, 64),
      duration_ms: k.num(2, 14, 1),
    });
  });
  // experiments-mongo: MongoDB structured log inside a Docker envelope with Kubernetes metadata.
  let conn = k.int(10_000, 90_000);
  steady(k, t0, t1, 15 * SEC, (t) => {
    const accepted = k.chance(0.5);
    const inner = {
      t: { $date: iso(t).replace("Z", "+00:00") },
      s: "I",
      c: "NETWORK",
      id: accepted ? 22943 : 22944,
      ctx: accepted ? "listener" : `conn${conn}`,
      msg: accepted ? "Connection accepted" : "Connection ended",
      attr: { remote: `${k.ip("10.8")}:${k.int(30_000, 60_000)}`, connectionId: accepted ? ++conn : conn, connectionCount: k.int(30, 60) },
    };
    tl.add(t, {
      log: `${JSON.stringify(inner)}\n`,
      stream: "stdout",
      time: iso(t),
      kubernetes: { pod_name: "experiments-mongo-0", namespace_name: "ml", container_name: "mongod", labels: { app: "experiments-mongo" } },
    });
  });

  // Incident: ranker-serving crash loop (structlog JSON, kubelet events) and recs-api failures.
  const [c0, c1] = span(k, t0, t1, k.int(18, 24) * MIN);
  const rpod = `ranker-serving-${k.hex(9)}-${k.alnum(5)}`;
  const model = `ranker-v${k.int(30, 60)}`;
  const sl = (t: number, level: string, event: string, label: Label, extra: Log = {}) =>
    tl.add(t, { event, level, timestamp: iso(t), logger: "ranker.server", service: "ranker-serving", pod: rpod, ...extra }, label);
  let t = c0;
  let backoff = 10;
  let restarts = k.int(1, 3);
  while (t < c1 - 4 * MIN) {
    tl.add(t, event(t, "recs", rpod, "kubelet", "Started", "Normal", "Started container ranker", restarts), "pattern");
    sl(t + 1800, "info", `Loading model ${model} onto cuda:0`, "pattern");
    const up = k.int(20, 45) * SEC;
    sl(t + up, "critical", "CUDA error: an illegal memory access was encountered", "error", {
      exception:
        'Traceback (most recent call last):\n  File "/app/ranker/model.py", line 88, in score\n    logits = self.net(batch)\nRuntimeError: CUDA error: an illegal memory access was encountered',
    });
    restarts++;
    const wait = backoff * SEC;
    for (let b = t + up + 2 * SEC; b < t + up + wait; b += k.int(10, 20) * SEC)
      tl.add(
        b,
        event(b, "recs", rpod, "kubelet", "BackOff", "Warning", `Back-off restarting failed container ranker in pod ${rpod}_recs(${k.uuid()})`, restarts),
        "error",
      );
    t += up + wait + k.int(1, 3) * SEC;
    backoff = Math.min(300, backoff * 2);
  }
  // The model push is rolled back: the pod starts on the previous model and stays up.
  const cEnd = t;
  tl.add(cEnd, event(cEnd, "recs", rpod, "kubelet", "Started", "Normal", "Started container ranker", restarts), "pattern");
  sl(cEnd + 1800, "info", `Loading model ranker-v${k.int(20, 29)} onto cuda:0`, "pattern");
  steady(k, t0, t1, 6 * SEC, (tt) => {
    const bad = tt >= c0 && tt < cEnd + 5 * SEC;
    tl.add(
      tt,
      bad
        ? {
            level: "error",
            ts: tt / 1000,
            caller: "ranker/client.go:77",
            msg: "ranker call failed, serving popularity fallback",
            error: "rpc error: code = Unavailable desc = no healthy upstream",
            service: "recs-api",
            latency: k.num(0.002, 0.01, 4),
          }
        : {
            level: "info",
            ts: tt / 1000,
            caller: "api/recs.go:54",
            msg: "ranked candidates",
            service: "recs-api",
            candidates: k.int(50, 400),
            latency: k.num(0.018, 0.06, 4),
          },
      bad ? "error" : null,
    );
  });

  return tl.build(
    "t04-gpu-queue-pending",
    "Pending training pods wait for GPUs and the scheduler reports FailedScheduling all along (routine); ranker-serving crash-loops on a CUDA fault",
  );
}
