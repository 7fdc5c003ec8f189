// 7) A Node.js PDF worker leaks: one of three replicas (the one that gets the
// font-embedding jobs) grows its heap by several MB a minute for hours, slows down
// under GC pressure near the limit, dies with "JavaScript heap out of memory",
// restarts and starts creeping again. Spread over ten hours.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, HOUR, arrivals, ticks, windowStart, round, ipIn, type Label } from "./lib.js";
import { pino, zap, structlog, containerLog, k8sEvent, pyJson, type PinoBase } from "./producers.js";

const MB = 1048576;

export function s07NodeHeapLeak(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(570, 630) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const leakPerMin = r.float(6.8, 8.4); // MB of heap per minute
  const crashAt = 2010; // MB of heapUsed when V8 gives up (--max-old-space-size=2048)
  const heapLimit = 2197815296; // v8.getHeapStatistics().heap_size_limit
  const start0 = 175;
  const cycleMin = (crashAt - start0) / leakPerMin;
  const crash1 = T0 + W * r.float(0.17, 0.26);
  const crashes: number[] = [];
  for (let c = crash1; c < T1 - 10 * MIN; c += cycleMin * MIN + r.int(20, 40) * 1000) crashes.push(c);
  const restartGap = (): number => r.int(14, 26) * 1000;
  const restarts = crashes.map((c) => c + restartGap());
  /** process start time of the leaky worker that is alive at t */
  const procStart = (t: number): number => {
    let s = (crashes[0] ?? T1) - cycleMin * MIN;
    for (let i = 0; i < crashes.length; i++) if (t >= (restarts[i] ?? Infinity)) s = restarts[i] ?? s;
    return s;
  };
  const down = (t: number): boolean => crashes.some((c, i) => t >= c && t < (restarts[i] ?? c));

  const rs = r.rsHash();
  const pods: PinoBase[] = [0, 1, 2].map(() => ({ pid: 1, hostname: `pdf-worker-${rs}-${r.podSuffix()}`, name: "pdf-worker" }));
  const leaky = r.int(0, 2);
  const leakyPod = pods[leaky];
  if (!leakyPod) throw new Error("no pod");
  const node = `ip-10-3-${r.int(0, 63)}-${r.int(2, 254)}.eu-west-1.compute.internal`;
  const heapOf = (p: number, t: number): number => {
    const wobble = 35 * Math.sin(t / (11 * MIN) + p * 2) + r.float(-25, 25);
    if (p !== leaky) return 190 + wobble;
    const mins = (t - procStart(t)) / MIN;
    return Math.min(crashAt - 5, start0 + leakPerMin * mins + wobble * (mins < 30 ? 1 : 0.4));
  };
  const thrash = (p: number, t: number): boolean => p === leaky && heapOf(p, t) > 1860 && !down(t);

  // ------------------------------------------------------------ memory usage every 2 minutes
  pods.forEach((pod, p) => {
    for (const t of ticks(r, T0, T1, 2 * MIN, 2000)) {
      if (p === leaky && down(t)) continue;
      const hu = heapOf(p, t);
      const ht = Math.min(hu * r.float(1.06, 1.2) + r.float(8, 30), hu + r.float(40, 75), heapLimit / MB - 12);
      const ext = r.float(3, 9);
      const ab = r.float(0.5, 2.5);
      const rss = ht + r.float(95, 150) + ext;
      const lbl: Label = p === leaky && hu > 420 ? "memory" : null;
      sink.add(
        t,
        pino(t, "info", pod, "memory usage", {
          rss: Math.round(rss * MB),
          heapTotal: Math.round(ht * MB),
          heapUsed: Math.round(hu * MB),
          external: Math.round(ext * MB),
          arrayBuffers: Math.round(ab * MB),
          heapSizeLimit: heapLimit,
        }),
        lbl,
      );
      const pct = (hu * MB) / heapLimit;
      if (pct > 0.85) {
        sink.add(
          t + 3,
          pino(t + 3, "warn", pod, "heap usage above 85% of limit", {
            heap_used_pct: round(pct * 100, 1),
            heapUsed: Math.round(hu * MB),
            heapSizeLimit: heapLimit,
          }),
          "memory",
        );
      }
    }
  });

  // ------------------------------------------------------------ jobs
  let jobN = r.int(300000, 900000);
  pods.forEach((pod, p) => {
    for (const t of arrivals(r, T0, T1, 0.5)) {
      if (p === leaky && down(t)) continue;
      const pages = r.int(1, 40);
      const fonts = r.chance(p === leaky ? 0.7 : 0.05);
      let ms = (400 + pages * r.float(60, 120)) * (fonts ? 1.4 : 1);
      const slow = thrash(p, t);
      if (slow) ms *= r.float(2.8, 6);
      const id = String(jobN++);
      sink.add(
        t + ms,
        pino(t + ms, "info", pod, "job completed", {
          jobId: id,
          queue: "pdf-render",
          template: r.pick(["invoice", "statement", "contract", "delivery-note"]),
          pages,
          embedFonts: fonts,
          durationMs: Math.round(ms),
          attempts: 1,
        }),
        slow ? "performance" : null,
      );
    }
    // routine: a malformed template now and then
    for (const t of arrivals(r, T0, T1, 0.02)) {
      if (p === leaky && down(t)) continue;
      sink.add(
        t,
        pino(t, "error", pod, "job failed", {
          jobId: String(jobN++),
          queue: "pdf-render",
          attempts: 3,
          err: {
            type: "TemplateError",
            message: 'Missing helper: "formatIban"',
            stack:
              'TemplateError: Missing helper: "formatIban"\n    at Object.helperMissing (/app/node_modules/handlebars/dist/cjs/handlebars/helpers/helper-missing.js:19:13)\n    at eval (eval at createFunctionContext)',
          },
        }),
      );
    }
  });

  // ------------------------------------------------------------ crashes
  const kube = { pod: leakyPod.hostname, ns: "documents", container: "pdf-worker", host: node, image: "registry.acme.internal/documents/pdf-worker:3.8.0" };
  let restartCount = r.int(2, 6);
  crashes.forEach((c, i) => {
    const uptimeMs = Math.round(c - procStart(c - 1));
    const addr = `0x${r.hex(7)}`;
    const lines = [
      "",
      "<--- Last few GCs --->",
      "",
      `[1:${addr}] ${uptimeMs - r.int(3000, 5000)} ms: Mark-Compact ${round(crashAt + 20 + r.float(0, 3), 1)} (${round(crashAt + 72, 1)}) -> ${round(crashAt + 18, 1)} (${round(crashAt + 73, 1)}) MB, ${round(r.float(1400, 1900), 2)} / 0.00 ms  (average mu = 0.${r.int(100, 140)}, current mu = 0.0${r.int(20, 45)}) allocation failure; scavenge might not succeed`,
      `[1:${addr}] ${uptimeMs - r.int(100, 900)} ms: Mark-Compact ${round(crashAt + 21 + r.float(0, 3), 1)} (${round(crashAt + 73, 1)}) -> ${round(crashAt + 20, 1)} (${round(crashAt + 74, 1)}) MB, ${round(r.float(1900, 2400), 2)} / 0.00 ms  (average mu = 0.0${r.int(60, 90)}, current mu = 0.0${r.int(5, 19)}) allocation failure; scavenge might not succeed`,
      "",
      "",
      "<--- JS stacktrace --->",
      "",
      "FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory",
      " 1: 0xb9c310 node::Abort() [node]",
      " 2: 0xaa27ee  [node]",
      " 3: 0xd73eb0 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, bool) [node]",
      " 4: 0xd74257 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, bool) [node]",
      " 5: 0xf515d5  [node]",
      " 6: 0xf636ad v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace, v8::internal::GarbageCollectionReason, v8::GCCallbackFlags) [node]",
      " 7: 0xf3ddae v8::internal::HeapAllocator::AllocateRawWithLightRetrySlowPath(int, v8::internal::AllocationType, v8::internal::AllocationOrigin, v8::internal::AllocationAlignment) [node]",
      " 8: 0x1905ef6  [node]",
    ];
    let t = c - 900;
    for (const l of lines) {
      t += r.float(0.2, 3);
      if (l === "") continue;
      sink.add(t, containerLog(t, l, kube, "stderr"), "memory");
    }
    restartCount++;
    const rt = restarts[i] ?? c + 20000;
    const ev = (tt: number, reason: string, msg: string): void =>
      sink.add(
        tt,
        k8sEvent(tt, {
          type: "Normal",
          reason,
          message: msg,
          kind: "Pod",
          name: leakyPod.hostname,
          ns: "documents",
          component: "kubelet",
          host: node,
          uidSeed: r.uuid(),
          fieldPath: "spec.containers{pdf-worker}",
          count: restartCount,
        }),
      );
    ev(rt - 1500, "Pulled", 'Container image "registry.acme.internal/documents/pdf-worker:3.8.0" already present on machine');
    ev(rt - 1300, "Created", "Created container pdf-worker");
    ev(rt - 900, "Started", "Started container pdf-worker");
    sink.add(rt - 300, pino(rt - 300, "info", leakyPod, "pdf-worker starting", { version: "3.8.0", node: "v20.11.1", concurrency: 2, maxOldSpaceSize: 2048 }));
    sink.add(rt - 120, pino(rt - 120, "info", leakyPod, "connected to redis", { url: "redis://documents-redis-master:6379/2" }));
    sink.add(rt - 10, pino(rt - 10, "info", leakyPod, "listening for jobs", { queue: "pdf-render", concurrency: 2 }));
  });

  // ------------------------------------------------------------ jobs-api (zap)
  const apiPods = [0, 1].map(() => `jobs-api-${r.rsHash()}-${r.podSuffix()}`);
  for (const t of arrivals(r, T0, T1, (x) => 1.4 * (1 + 0.3 * Math.sin((x - T0) / (2.3 * HOUR))))) {
    const post = r.chance(0.4);
    const lat = post ? r.logn(0.011, 0.35) : r.logn(0.003, 0.35);
    sink.add(
      t,
      zap(t, "info", post ? "render job accepted" : "render job status", {
        logger: "api",
        caller: post ? "api/jobs.go:88" : "api/jobs.go:131",
        fields: {
          method: post ? "POST" : "GET",
          path: post ? "/v1/render-jobs" : `/v1/render-jobs/${r.int(300000, 900000)}`,
          status: post ? 202 : 200,
          latency: Math.round(lat * 1e6) / 1e6,
          pod: r.pick(apiPods),
          remote: `${ipIn(r, "10.3")}:${r.int(30000, 60000)}`,
        },
      }),
    );
  }
  for (const t of arrivals(r, T0, T1, 0.05)) {
    sink.add(
      t,
      zap(t, "warn", "rejecting job: template not found", {
        logger: "api",
        caller: "api/jobs.go:97",
        fields: { template: r.pick(["invoice_v1", "statment", "contract-old"]), status: 422, pod: r.pick(apiPods) },
      }),
    );
  }

  // ------------------------------------------------------------ queue-monitor (structlog, every 10 min)
  for (const t of ticks(r, T0, T1, 10 * MIN, 5000)) {
    sink.add(
      t,
      structlog(
        t,
        "info",
        "queue depth",
        { queue: "pdf-render", waiting: r.int(0, 12), active: r.int(1, 6), delayed: r.int(0, 3), failed_24h: r.int(3, 20), completed_1h: r.int(70, 110) },
        "queue_monitor",
      ),
    );
  }

  // ------------------------------------------------------------ hourly cleanup cronjob
  for (const t of ticks(r, T0, T1, HOUR, 0)) {
    const job = `pdf-cleanup-${Math.floor(t / 60000)}`;
    const jp = `${job}-${r.podSuffix()}`;
    const ev = (tt: number, kind: string, name: string, reason: string, msg: string, component: string): void =>
      sink.add(tt, k8sEvent(tt, { type: "Normal", reason, message: msg, kind, name, ns: "documents", component, uidSeed: r.uuid() }));
    ev(t, "CronJob", "pdf-cleanup", "SuccessfulCreate", `Created job ${job}`, "cronjob-controller");
    ev(t + 30, "Job", job, "SuccessfulCreate", `Created pod: ${jp}`, "job-controller");
    const n = r.int(300, 1800);
    sink.add(
      t + 9000,
      pyJson(t + 9000, "info", "cleanup", `deleted ${n} expired render artifacts from s3://acme-documents-renders/tmp/`, {
        deleted: n,
        elapsed_ms: r.int(2000, 7000),
      }),
    );
    if (r.chance(0.4))
      sink.add(t + 9100, pyJson(t + 9100, "warn", "cleanup", `NoSuchKey while deleting tmp/${r.uuid()}.pdf, already gone`, { key: `tmp/${r.uuid()}.pdf` }));
    ev(t + r.int(15, 30) * 1000, "Job", job, "Completed", "Job completed", "job-controller");
    ev(t + r.int(31, 40) * 1000, "CronJob", "pdf-cleanup", "SawCompletedJob", `Saw completed job: ${job}, status: Complete`, "cronjob-controller");
  }

  return sink.build(
    "pdf-worker-heap-leak",
    "One of three Node.js pdf-worker replicas leaks heap for hours (memory readings creep from ~200 MB to 2 GB), slows near the limit, dies with 'JavaScript heap out of memory', restarts and creeps again.",
  );
}
