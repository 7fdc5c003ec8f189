// A canary of notification-worker (v5.3.0, which upgrades the internal mailer library to 4.0.0)
// retains every rendered template context: its heap climbs steadily while the three stable pods
// stay flat. Past ~80 % of the V8 heap limit it spends its time in GC: jobs slow down, the event
// loop blocks for seconds, BullMQ locks expire and jobs stall. V8 aborts with "JavaScript heap out
// of memory", the container restarts and the climb starts again, until on-call aborts the rollout.
// Labelled: the canary's process-stats lines once its memory is far above its peers', the GC
// trace and fatal OOM report (memory); its slow jobs, event-loop-blocked warnings and the stalled
// jobs (performance). Decoys: the canary rollout and startup, the stable pods' stats and jobs, the
// weekly digest job that always takes seconds, an SMTP 421 retried successfully, APNs
// BadDeviceToken errors all night, a Redis reconnect, the container restart events, a template
// helper deprecation warning.

import type { Scenario } from "../blind/types.js";
import { MINUTE, nightStart, SECOND } from "./clock.js";
import { podName } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { k8sLine, kubeEvent, type PinoBase, type PodRef, pino, withPod } from "./producers.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "worker-heap-leak-after-upgrade";

interface Worker {
  base: PinoBase;
  ref: PodRef;
  canary: boolean;
}

const JOBS = [
  ["send-email", 55, 140, 0.35],
  ["send-push", 35, 45, 0.4],
  ["send-sms", 6, 230, 0.3],
  ["weekly-digest", 1.2, 4200, 0.3],
] as const;

export function workerHeapLeakAfterUpgrade(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const canaryUp = start + rng.int(2, 10) * MINUTE;
  const leakMinutes = rng.int(24, 34);
  const crash1 = canaryUp + leakMinutes * MINUTE + rng.int(0, 50) * SECOND;
  const restart1 = crash1 + rng.int(4, 9) * SECOND;
  const abort = crash1 + rng.int(13, 21) * MINUTE;
  const end = abort + rng.int(8, 14) * MINUTE;
  const stableHash = rng.kube(10);
  const canaryHash = rng.kube(10);
  const nodes = ["ip-10-8-1-33.ec2.internal", "ip-10-8-2-71.ec2.internal", "ip-10-8-3-12.ec2.internal", "ip-10-8-1-140.ec2.internal"];
  const mk = (hash: string, i: number, canary: boolean): Worker => {
    const pod = podName(rng, "notification-worker", hash);
    return {
      base: { name: "notification-worker", hostname: pod, pid: 1 },
      ref: {
        pod,
        ns: "messaging",
        container: "worker",
        node: nodes[i]!,
        app: "notification-worker",
        image: `ghcr.io/larkspur/notification-worker:${canary ? "5.3.0" : "5.2.4"}`,
      },
      canary,
    };
  };
  const workers = [mk(stableHash, 0, false), mk(stableHash, 1, false), mk(stableHash, 2, false), mk(canaryHash, 3, true)];
  const canary = workers[3]!;
  const canaryAlive = (t: number) => t >= canaryUp && t < abort && !(t >= crash1 && t < restart1 + 3 * SECOND);
  const ev = (
    t: number,
    kind: string,
    name: string,
    reason: string,
    message: string,
    type: "Normal" | "Warning" = "Normal",
    component = "rollouts-controller",
    host?: string,
  ) => tl.add(t, kubeEvent(t, { ns: "messaging", kind, name, reason, message, type, component, uid: rng.uuid(), ...(host === undefined ? {} : { host }) }));

  // --- rollout ---------------------------------------------------------------------------------
  const t0 = canaryUp - 9 * SECOND;
  ev(t0, "Rollout", "notification-worker", "RolloutUpdated", "Rollout updated to revision 42");
  ev(t0 + 100, "Rollout", "notification-worker", "NewReplicaSetCreated", `Created ReplicaSet notification-worker-${canaryHash} (revision 42)`);
  ev(t0 + 200, "Rollout", "notification-worker", "ScalingReplicaSet", `Scaled up ReplicaSet notification-worker-${canaryHash} (revision 42) from 0 to 1`);
  ev(t0 + 2400, "Pod", canary.ref.pod, "Started", "Started container worker", "Normal", "kubelet", canary.ref.node);
  ev(t0 + 2600, "Rollout", "notification-worker", "RolloutPaused", "Rollout is paused (CanaryPauseStep)");
  const startup = (t: number) => {
    tl.add(
      t,
      withPod(
        pino(t, canary.base, "info", "notification-worker starting", {
          version: "5.3.0",
          node: "v20.18.0",
          deps: { "@larkspur/mailer": "4.0.0", bullmq: "5.21.2" },
        }),
        canary.ref,
      ),
    );
    tl.add(t + 300, withPod(pino(t + 300, canary.base, "info", "connected to redis", { url: "redis://notif-redis-master.messaging.svc:6379" }), canary.ref));
    tl.add(
      t + 420,
      withPod(
        pino(t + 420, canary.base, "warn", "template 'digest-weekly' uses deprecated helper 'formatDate'; use 'date' instead", { template: "digest-weekly" }),
        canary.ref,
      ),
    );
    tl.add(t + 500, withPod(pino(t + 500, canary.base, "info", "loaded templates", { count: 48 }), canary.ref));
    tl.add(t + 600, withPod(pino(t + 600, canary.base, "info", "worker started", { queue: "notifications", concurrency: 20 }), canary.ref));
  };
  startup(canaryUp);

  // --- the canary's heap over time ---------------------------------------------------------------
  const LIMIT = 768;
  const heapAt = (t: number): number => {
    const since = t >= restart1 ? restart1 : canaryUp;
    const span = crash1 - canaryUp;
    return 112 + ((LIMIT - 112) * (t - since)) / span + rng.float(-12, 12);
  };
  const thrash = (t: number) => (canaryAlive(t) ? Math.max(0, (heapAt(t) / LIMIT - 0.78) / 0.22) : 0);

  // Stats every 30 s per pod.
  for (const wk of workers) {
    for (const t of rng.ticks(start, end, 30 * SECOND, 2 * SECOND)) {
      if (wk.canary && !canaryAlive(t)) continue;
      let heap: number;
      let label: Label = null;
      if (wk.canary) {
        heap = Math.min(heapAt(t), LIMIT - 2);
        if (heap + 95 > 345) label = "memory";
      } else heap = rng.float(95, 165);
      const rss = heap + rng.float(80, 105);
      const lag = wk.canary ? 12 + thrash(t) * rng.float(900, 2600) : rng.float(8, 25);
      tl.add(
        t,
        withPod(
          pino(t, wk.base, "info", "process stats", {
            rss_mb: Math.round(rss),
            heap_used_mb: Math.round(heap),
            heap_total_mb: Math.round(heap * 1.12 + 18),
            external_mb: rng.int(9, 16),
            limit_mb: 1024,
            eventLoopDelayP99Ms: Number(lag.toFixed(1)),
          }),
          wk.ref,
        ),
        label,
      );
      if (wk.canary && thrash(t) > 0.35) {
        const blocked = Math.round(thrash(t) * rng.float(1500, 4200));
        tl.add(
          t + 5,
          withPod(pino(t + 5, wk.base, "warn", `event loop blocked for ${blocked}ms`, { blockedMs: blocked, threshold: 500 }), wk.ref),
          "performance",
        );
      }
    }
  }

  // --- jobs ------------------------------------------------------------------------------------
  let jobId = rng.int(8_000_000, 9_000_000);
  for (const t of rng.times(start, end, rng.int(2200, 2500))) {
    jobId += 1;
    const live = workers.filter((w) => !w.canary || canaryAlive(t));
    const wk = rng.pick(live);
    const [name, , med, sigma] = rng.weighted(JOBS.map((j) => [j, j[1]] as const));
    let ms = rng.logNormal(med, sigma);
    let label: Label = null;
    if (wk.canary && thrash(t) > 0) {
      ms *= 1 + thrash(t) * rng.float(4, 18);
      if (ms > Math.max(med * Math.exp(3.2 * sigma), 250)) label = "performance";
    }
    if (name === "send-push" && rng.chance(0.02)) {
      tl.add(
        t,
        withPod(pino(t, wk.base, "error", "push delivery failed", { jobId: String(jobId), provider: "apns", reason: "BadDeviceToken", status: 400 }), wk.ref),
      );
      continue;
    }
    if (name === "send-email" && rng.chance(0.015)) {
      tl.add(
        t - Math.round(ms),
        withPod(
          pino(t - Math.round(ms), wk.base, "warn", "smtp temporary failure, retrying", {
            jobId: String(jobId),
            code: 421,
            response: "421 4.7.0 Try again later, closing connection.",
            attempt: 1,
          }),
          wk.ref,
        ),
      );
      ms += rng.logNormal(900, 0.3);
    }
    tl.add(
      t,
      withPod(
        pino(t, wk.base, "info", "job completed", { jobId: String(jobId), job: name, durationMs: Math.round(ms), attemptsMade: 1, queue: "notifications" }),
        wk.ref,
      ),
      label,
    );
    if (wk.canary && thrash(t) > 0.55 && rng.chance(0.18)) {
      const ts = t + rng.int(100, 900);
      const other = workers[rng.int(0, 2)]!;
      tl.add(
        ts,
        withPod(
          pino(ts, other.base, "warn", "job stalled, moved back to wait", { jobId: String(jobId + 7), queue: "notifications", lockDurationMs: 30000 }),
          other.ref,
        ),
        "performance",
      );
    }
  }

  // --- the OOM -------------------------------------------------------------------------------------
  const err = (t: number, text: string) => tl.add(t, k8sLine(t, canary.ref, "stderr", text), "memory");
  const up = Math.round((crash1 - canaryUp) / 1000) * 1000;
  const pid = "0x6b2c9a0";
  err(crash1 + 1, "<--- Last few GCs --->");
  err(
    crash1 + 3,
    `[1:${pid}]  ${up - 2410} ms: Mark-Compact (reduce) 763.1 (781.4) -> 762.8 (781.9) MB, pooled: 0 MB, 1190.32 / 0.00 ms  (average mu = 0.118, current mu = 0.031) allocation failure; scavenge might not succeed`,
  );
  err(
    crash1 + 4,
    `[1:${pid}]  ${up - 1120} ms: Mark-Compact (reduce) 763.4 (781.9) -> 763.1 (782.1) MB, pooled: 0 MB, 1108.77 / 0.00 ms  (average mu = 0.071, current mu = 0.012) allocation failure; GC in old space requested`,
  );
  err(crash1 + 6, "<--- JS stacktrace --->");
  err(crash1 + 8, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
  const frames = [
    "node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]",
    "v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
    "v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
    "v8::internal::Heap::FatalProcessOutOfMemory(char const*) [node]",
    "v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace, v8::internal::GarbageCollectionReason, v8::GCCallbackFlags) [node]",
    "v8::internal::Factory::NewFillerObject(int, v8::internal::AllocationAlignment, v8::internal::AllocationType, v8::internal::AllocationOrigin) [node]",
    "v8::internal::Runtime_AllocateInYoungGeneration(int, unsigned long*, v8::internal::Isolate*) [node]",
  ];
  frames.forEach((f, i) => {
    err(crash1 + 9 + i, `${String(i + 1).padStart(2, " ")}: 0x${rng.hex(6)} ${f}`);
  });
  err(crash1 + 20, ` 8: 0x7f3c${rng.hex(8)} `);
  ev(crash1 + 900, "Pod", canary.ref.pod, "Pulled", `Container image "${canary.ref.image}" already present on machine`, "Normal", "kubelet", canary.ref.node);
  ev(crash1 + 1000, "Pod", canary.ref.pod, "Created", "Created container worker", "Normal", "kubelet", canary.ref.node);
  ev(restart1, "Pod", canary.ref.pod, "Started", "Started container worker", "Normal", "kubelet", canary.ref.node);
  startup(restart1 + 200);

  // --- on-call aborts the rollout ------------------------------------------------------------------
  ev(abort, "Rollout", "notification-worker", "RolloutAborted", "Rollout aborted update to revision 42");
  ev(abort + 300, "Rollout", "notification-worker", "ScalingReplicaSet", `Scaled down ReplicaSet notification-worker-${canaryHash} (revision 42) from 1 to 0`);
  tl.add(abort + 500, withPod(pino(abort + 500, canary.base, "info", "received SIGTERM, closing worker", { inFlight: rng.int(3, 20) }), canary.ref));
  tl.add(abort + 2500, withPod(pino(abort + 2500, canary.base, "info", "worker closed"), canary.ref));

  // --- background -----------------------------------------------------------------------------------
  const redisAt = rng.int(start, end);
  const rw = workers[rng.int(0, 2)]!;
  tl.add(
    redisAt,
    withPod(
      pino(redisAt, rw.base, "warn", "redis connection lost, reconnecting", { err: { type: "Error", message: "read ECONNRESET", code: "ECONNRESET" } }),
      rw.ref,
    ),
  );
  tl.add(redisAt + 1200, withPod(pino(redisAt + 1200, rw.base, "info", "redis reconnected"), rw.ref));
  for (const t of rng.ticks(start, end, MINUTE, 5 * SECOND))
    tl.add(
      t,
      withPod(
        pino(t, workers[0]!.base, "info", "queue depth", {
          queue: "notifications",
          waiting: rng.int(0, 60),
          active: rng.int(10, 70),
          delayed: rng.int(100, 400),
        }),
        workers[0]!.ref,
      ),
    );
  return tl.scenario(NAME, "A canary worker with an upgraded mailer library leaks heap until GC thrash slows its jobs and V8 aborts out of memory.");
}
