// s08: genomics variant-calling pipeline on Kubernetes, 6 h. variant-caller-2 leaks: a per-sample
// reference cache keeps every decoded contig, so its G1 heap after collection climbs steadily from
// ~1.4 GB to the 8 GB heap over five hours while its three peers stay flat. Concurrent marking
// starts, young GCs come faster, then to-space exhaustion, full GCs, OutOfMemoryError and an exit
// (ExitOnOutOfMemoryError); kubelet restarts the container, the orchestrator requeues its shards,
// and the new JVM starts leaking again from a low base.
//
// Producers: variant-caller (JVM unified GC log lines and log4j2 EcsLayout JSON, both as strings in
// Fluent Bit's Kubernetes envelope with CRI fields), pipeline-orchestrator (python-json-logger),
// Kubernetes events (core/v1 Event objects from an event exporter).
// Healthy bands: heap after a GC <= 2048M of 8192M (peers 1250-1700M); the 5-minute "JVM heap" reading
// heap_used_mb <= 3400 MB (peers 1300-3200 MB); young pause 22 ms median; shard 300 s median.
import { HOUR, isoMs, isoNs, jvmTime, MIN, pyTime, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;
interface Pod {
  name: string;
  uid: string;
  docker: string;
  leak: boolean;
}

const SAMPLES = ["S2291", "S2292", "S2293", "S2294", "S2295", "S2296"] as const;
const HEAP = 8192;

export function genomicsHeapLeak(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s08");
  const tl = new Timeline();
  const from = startTime(r, 0, 6);
  const to = from + 6 * HOUR;
  const tOom = us(from + r.float(5.0, 5.4) * HOUR);
  const restart = us(tOom + r.float(3, 6) * SEC);
  const ready = us(restart + r.float(14, 18) * SEC);
  const slope = 6600 / (tOom - from); // MB of live heap per ms on the leaking JVM
  const node = `gke-genomics-pool-2-${r.hex(8)}-${r.alnum(4)}`;
  const makePod = (i: number): Pod => ({ name: `variant-caller-${i}`, uid: r.uuid(), docker: r.hex(64), leak: i === 2 });
  const vc2 = makePod(2);
  const pods = [makePod(0), makePod(1), vc2, makePod(3)];
  const image = "europe-west2-docker.pkg.dev/genomics-prod/pipelines/variant-caller:2.8.1";

  /** Live heap (MB) of a pod at time t. */
  const live = (leak: boolean, t: number): number => {
    if (!leak) return r.healthy(1450, 0.05);
    const start = t < tOom ? from : ready;
    return Math.min(8120, 1400 + slope * (t - start) ** 1.0);
  };

  // ---- producers -----------------------------------------------------------------------------------------
  const fluent = (t: number, pod: Pod, log: string, stream = "stdout", label: Label = null): void => {
    tl.add(
      t,
      "ms",
      {
        time: isoNs(Math.floor(t)),
        stream,
        logtag: "F",
        log,
        kubernetes: {
          pod_name: pod.name,
          namespace_name: "genomics",
          pod_id: pod.uid,
          labels: { app: "variant-caller", "controller-revision-hash": "variant-caller-6d8f7c9b54", "statefulset.kubernetes.io/pod-name": pod.name },
          host: node,
          container_name: "variant-caller",
          docker_id: pod.docker,
          container_hash: `${image}@sha256:${"3f9a1c".padEnd(64, "0")}`,
          container_image: image,
        },
      },
      label,
    );
  };
  const app = (
    t: number,
    pod: Pod,
    level: string,
    logger: string,
    thread: string,
    message: string,
    extra: Record<string, unknown> = {},
    label: Label = null,
  ): void => {
    const line = JSON.stringify({
      "@timestamp": isoMs(t),
      "log.level": level,
      message,
      "ecs.version": "1.2.0",
      "service.name": "variant-caller",
      "event.dataset": "variant-caller.log",
      "process.thread.name": thread,
      "log.logger": logger,
      ...extra,
    });
    fluent(t, pod, `${line}\n`, "stdout", label);
  };
  const gc = (t: number, pod: Pod, text: string, label: Label): void => fluent(t, pod, `[${jvmTime(t)}][info][gc] ${text}\n`, "stdout", label);
  const orch = (t: number, level: string, message: string, extra: Record<string, unknown> = {}, label: Label = null): void => {
    tl.add(t, "ms", { asctime: pyTime(t), name: "orchestrator.scheduler", levelname: level, message, service: "pipeline-orchestrator", ...extra }, label);
  };
  let rv = r.int(80_000_000, 90_000_000);
  const event = (
    t: number,
    reason: string,
    message: string,
    obj: { kind: string; name: string; uid: string },
    component: string,
    type = "Normal",
    label: Label = null,
  ): void => {
    const ts = `${isoMs(t).slice(0, 19)}Z`;
    tl.add(
      t,
      "s",
      {
        kind: "Event",
        apiVersion: "v1",
        metadata: { name: `${obj.name}.${r.hex(16)}`, namespace: "genomics", uid: r.uuid(), resourceVersion: String(rv++), creationTimestamp: ts },
        involvedObject: {
          kind: obj.kind,
          namespace: "genomics",
          name: obj.name,
          uid: obj.uid,
          apiVersion: obj.kind === "Pod" ? "v1" : "batch/v1",
          ...(obj.kind === "Pod" ? { fieldPath: "spec.containers{variant-caller}" } : {}),
        },
        reason,
        message,
        source: { component, ...(component === "kubelet" ? { host: node } : {}) },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: component === "kubelet" ? node : "",
      },
      label,
    );
  };

  // ---- garbage collection -------------------------------------------------------------------------------------
  for (const pod of pods) {
    let n = r.int(4000, 9000);
    let t = us(from + r.float(0, 40) * SEC);
    while (t < to) {
      if (pod.leak && t >= tOom && t < ready) {
        t = ready;
        n = 0;
        continue;
      }
      const after = live(pod.leak, t);
      const mem: Label = Math.round(after) > 2048 ? "memory" : null;
      const eden = Math.max(120, Math.min(1700 + r.float(-150, 150), HEAP - after - 300));
      const before = Math.round(after + eden);
      const pause = r.healthy(22, 0.3) * (pod.leak ? 1 + (after - 1400) / 1500 : 1);
      if (after > 7300 && r.chance(0.5)) {
        gc(t, pod, `GC(${n}) To-space exhausted`, "memory");
        gc(
          us(t + 0.2),
          pod,
          `GC(${n}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${Math.round(after + eden * 0.8)}M(${HEAP}M) ${(pause * 8).toFixed(3)}ms`,
          "memory",
        );
        n += 1;
        const fullMs = r.float(2500, 5200);
        gc(
          us(t + pause * 8 + 5),
          pod,
          `GC(${n}) Pause Full (G1 Compaction Pause) ${Math.round(after + eden * 0.8)}M->${Math.round(after)}M(${HEAP}M) ${fullMs.toFixed(3)}ms`,
          "memory",
        );
        t = us(t + pause * 8 + fullMs + r.float(0.5, 3) * SEC);
        n += 1;
        continue;
      }
      const concurrent = after > 3700 && n % 4 === 0;
      gc(
        t,
        pod,
        `GC(${n}) Pause Young (${concurrent ? "Concurrent Start" : "Normal"}) (G1 Evacuation Pause) ${before}M->${Math.round(after)}M(${HEAP}M) ${pause.toFixed(3)}ms`,
        mem,
      );
      if (concurrent) {
        const markMs = r.float(900, 2400) * (after / 4000);
        gc(
          us(t + markMs),
          pod,
          `GC(${n + 1}) Pause Remark ${Math.round(after + 200)}M->${Math.round(after + 150)}M(${HEAP}M) ${r.float(9, 25).toFixed(3)}ms`,
          "memory",
        );
        gc(
          us(t + markMs + 400),
          pod,
          `GC(${n + 1}) Pause Cleanup ${Math.round(after + 160)}M->${Math.round(after + 160)}M(${HEAP}M) ${r.float(0.2, 0.9).toFixed(3)}ms`,
          "memory",
        );
        gc(us(t + markMs + 420), pod, `GC(${n + 1}) Concurrent Mark Cycle ${markMs.toFixed(3)}ms`, "memory");
        n += 1;
      }
      n += 1;
      // the less room the leak leaves for new objects, the sooner eden fills up again
      t = us(t + 40 * SEC * Math.max(0.2, eden / 1700) * r.float(0.8, 1.2));
    }
  }

  // ---- the end of the leaking JVM ------------------------------------------------------------------------------
  app(
    us(tOom - 40),
    vc2,
    "ERROR",
    "org.genomics.vc.ShardRunner",
    "shard-worker-1",
    "Shard failed: java.lang.OutOfMemoryError: Java heap space",
    {
      "error.type": "java.lang.OutOfMemoryError",
      "error.message": "Java heap space",
      "error.stack_trace":
        "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n\tat org.genomics.vc.ref.ContigCache.decode(ContigCache.java:118)\n\tat org.genomics.vc.ref.ContigCache.get(ContigCache.java:74)\n\tat org.genomics.vc.ShardRunner.call(ShardRunner.java:203)",
    },
    "memory",
  );
  fluent(tOom, vc2, "Terminating due to java.lang.OutOfMemoryError: Java heap space\n", "stderr", "memory");
  const podRef = { kind: "Pod", name: vc2.name, uid: vc2.uid };
  event(us(restart - 500), "Pulled", `Container image "${image}" already present on machine`, podRef, "kubelet", "Normal", "pattern");
  event(us(restart - 200), "Created", "Created container variant-caller", podRef, "kubelet", "Normal", "pattern");
  event(restart, "Started", "Started container variant-caller", podRef, "kubelet", "Normal", "pattern");
  app(
    ready,
    vc2,
    "INFO",
    "org.genomics.vc.VariantCallerApplication",
    "main",
    `Started VariantCallerApplication in ${((ready - restart) / 1000).toFixed(3)} seconds (process running for ${((ready - restart) / 1000 + 0.9).toFixed(3)})`,
    {},
    "pattern",
  );

  // ---- shards, heap readings and the orchestrator ----------------------------------------------------------------
  let pending = r.int(700, 760);
  for (const pod of pods) {
    for (let slot = 1; slot <= 2; slot++) {
      let t = us(from + r.float(0, 300) * SEC);
      while (t < to) {
        const at = r.int(0, 39) * 5_000_000;
        const region = `chr${r.int(1, 22)}:${at + 1}-${at + 5_000_000}`;
        const sample = r.pick(SAMPLES);
        const thread = `shard-worker-${slot}`;
        const trace = { "trace.id": r.traceId() };
        orch(us(t - r.float(200, 900)), "INFO", `Dispatched shard ${region} of sample ${sample} to ${pod.name}`, { shard: region, sample });
        app(t, pod, "INFO", "org.genomics.vc.ShardRunner", thread, `Starting shard ${region} for sample ${sample}`, trace);
        const thrash = pod.leak && live(true, t) > 7000;
        const dur = thrash ? r.float(4.5, 9) * 300 : r.healthy(300, 0.3);
        const end = us(t + dur * 1000);
        if (pod.leak && t < tOom && end >= tOom) {
          orch(
            us(tOom + r.float(2, 4) * SEC),
            "ERROR",
            `Shard ${region} of sample ${sample} failed on ${pod.name}: worker connection lost (pod restarted); requeued (attempt 2/3)`,
            { shard: region, sample },
            "error",
          );
          t = us(ready + r.float(2, 10) * SEC);
          continue;
        }
        if (r.chance(0.15))
          app(
            us(t + r.float(1, 5) * SEC),
            pod,
            "WARN",
            "org.genomics.vc.io.BamHeaderReader",
            thread,
            `Read group RG${r.int(1, 4)} has no PL tag; assuming ILLUMINA`,
            trace,
          );
        app(
          end,
          pod,
          "INFO",
          "org.genomics.vc.ShardRunner",
          thread,
          `Completed shard ${region} for sample ${sample} in ${dur.toFixed(1)} s`,
          { ...trace, duration_s: round(dur, 1) },
          thrash ? "performance" : null,
        );
        pending -= 1;
        t = us(end + r.float(2, 6) * SEC);
      }
    }
    for (const t of ticks(r, from, to, 5 * MIN, 5 * SEC)) {
      if (pod.leak && t >= tOom && t < ready) continue;
      const used = Math.round(live(pod.leak, t) + r.float(0, 1650));
      const shown = Math.min(used, HEAP);
      app(
        t,
        pod,
        "INFO",
        "org.genomics.vc.ResourceMonitor",
        "resource-monitor",
        `JVM heap ${shown} MB of ${HEAP} MB, ${r.int(44, 52)} threads`,
        { heap_used_mb: shown, heap_total_mb: HEAP },
        shown > 3400 ? "memory" : null,
      );
    }
    for (const t of ticks(r, from, to, 35 * MIN, 10 * MIN)) {
      app(t, pod, "ERROR", "org.genomics.vc.annot.AnnotationClient", "annot-1", "Failed to fetch annotations from annot-cache, recomputing locally", {
        "error.type": "java.net.http.HttpConnectTimeoutException",
        "error.message": "HTTP connect timed out",
      });
    }
  }
  for (const t of ticks(r, from, to, 5 * MIN, 10 * SEC)) {
    const requeued = t > tOom && t - tOom < 5 * MIN;
    orch(
      t,
      "INFO",
      `Queue status: pending=${Math.max(0, pending + Math.round((to - t) / (30 * SEC)))} running=8 requeued=${requeued ? 2 : 0}`,
      {},
      requeued ? "pattern" : null,
    );
  }

  // ---- routine events: the hourly reference-cache refresh CronJob ---------------------------------------------
  for (const t of ticks(r, from, to, HOUR, 0)) {
    const job = `ref-cache-refresh-${Math.floor(t / MIN)}`;
    const podName = `${job}-${r.podSuffix().slice(11)}`;
    const pref = { kind: "Pod", name: podName, uid: r.uuid() };
    event(t, "SuccessfulCreate", `Created job ${job}`, { kind: "CronJob", name: "ref-cache-refresh", uid: r.uuid() }, "cronjob-controller");
    event(us(t + 1200), "Scheduled", `Successfully assigned genomics/${podName} to ${node}`, pref, "default-scheduler");
    event(
      us(t + 2600),
      "Pulled",
      'Container image "europe-west2-docker.pkg.dev/genomics-prod/pipelines/ref-cache:1.4.0" already present on machine',
      pref,
      "kubelet",
    );
    event(us(t + 2800), "Created", "Created container refresh", pref, "kubelet");
    event(us(t + 3100), "Started", "Started container refresh", pref, "kubelet");
    event(us(t + r.float(40, 80) * SEC), "Completed", "Job completed", { kind: "Job", name: job, uid: r.uuid() }, "job-controller");
  }

  return tl.build(
    "genomics-variant-caller-heap-leak",
    "Genomics pipeline: one variant-caller JVM's heap after GC climbs from 1.4 GB to 8 GB over five hours while its peers stay flat, then concurrent marking, to-space exhaustion, full GCs, OutOfMemoryError, a container restart and requeued shards.",
  );
}
