// Another team's feature backfill (a Kubernetes Job without resource limits) lands on node
// ip-10-12-4-77 next to one of the three search-api pods. It saturates the node's CPUs and loads
// partition after partition into memory; once the node is short of memory, reclaim stalls
// everything on it: search-api's pod there slows to seconds (readiness probes time out, the
// kubelet's PLEG falls behind) while its peers on other nodes stay fast. The kubelet evicts the
// backfill, the Job controller reschedules it onto the same node and the cycle repeats, until
// on-call suspends the Job.
// Labelled: the backfill's lines once its resident set is huge, the eviction manager's reclaim
// messages, NodeHasInsufficientMemory and the eviction events (memory); the slow requests of the
// pod on that node, its probe timeouts and PLEG warnings (performance). Decoys: the backfill's
// startup and early partitions, the peers' requests, the export endpoint that always takes
// seconds, 400s for bad queries, a routine cron job's pods, kubelet chatter on the other nodes,
// NodeHasSufficientMemory after the eviction, the Job suspension.

import type { Scenario } from "../blind/types.js";
import { klogTime, MINUTE, nightStart, SECOND } from "./clock.js";
import { podIp, podName, traffic, isSlow } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { kubeEvent, type PodRef, pyJson, rsyslog, slog, withPod } from "./producers.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "noisy-neighbour-node-pressure";
const NODES = ["ip-10-12-1-20.ec2.internal", "ip-10-12-2-143.ec2.internal", "ip-10-12-4-77.ec2.internal"];
const BAD = 2;
const GIB = 1024 ** 3;

export function noisyNeighbourNodePressure(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const jobStart = start + rng.int(5, 25) * MINUTE;
  const rate = rng.float(0.62, 0.8); // GiB per minute
  const cycle = ((12.8 - 1.5) / rate) * MINUTE;
  const evict1 = jobStart + cycle;
  const pod2Start = evict1 + rng.int(15, 30) * SECOND;
  const suspend = evict1 + rng.int(9, 14) * MINUTE;
  const end = suspend + rng.int(10, 18) * MINUTE;
  const jobName = `ml-feature-backfill-${rng.int(29000000, 29999999)}`;
  const jobPods = [`${jobName}-${rng.kube(5)}`, `${jobName}-${rng.kube(5)}`];
  const cycles = [
    { pod: jobPods[0]!, from: jobStart, to: evict1 },
    { pod: jobPods[1]!, from: pod2Start, to: suspend },
  ];
  const rssAt = (t: number): number => {
    for (const c of cycles) if (t >= c.from && t < c.to) return 1.5 + (rate * (t - c.from)) / MINUTE;
    return 0;
  };
  const running = (t: number) => rssAt(t) > 0;
  /** How much slower the pod next to the backfill is at t. */
  const slowdown = (t: number): number => {
    const rss = rssAt(t);
    if (rss === 0) return 1;
    if (rss < 9) return rng.float(1.1, 1.6);
    return 1 + ((rss - 9) / 3.8) * rng.float(8, 40);
  };

  const kubelet = (n: number, t: number, sev: "I" | "W" | "E", file: string, text: string, label: Label = null) =>
    tl.add(
      t,
      rsyslog(
        t,
        NODES[n]!.replace(".ec2.internal", ""),
        "kubelet",
        2143,
        sev === "I" ? "info" : sev === "W" ? "warning" : "err",
        "daemon",
        `${sev}${klogTime(t)}    2143 ${file}] ${text}`,
      ),
      label,
    );
  const ev = (
    t: number,
    ns: string,
    kind: string,
    name: string,
    reason: string,
    message: string,
    type: "Normal" | "Warning",
    component: string,
    label: Label = null,
  ) => tl.add(t, kubeEvent(t, { ns, kind, name, reason, message, type, component, host: NODES[BAD]!, uid: rng.uuid() }), label);

  // --- search-api -------------------------------------------------------------------------------
  const hash = rng.kube(10);
  const pods: PodRef[] = NODES.map((node) => ({
    pod: podName(rng, "search-api", hash),
    ns: "search",
    container: "search-api",
    node,
    app: "search-api",
    image: "ghcr.io/larkspur/search-api:3.14.0",
  }));
  const podIps = pods.map(() => podIp(rng));
  const reqs = traffic(rng, {
    start,
    end,
    count: rng.int(2700, 3100),
    insts: ["0", "1", "2"],
    ips: Array.from({ length: 40 }, () => podIp(rng)),
    uas: ["Go-http-client/2.0"],
    routes: [
      { method: "GET", route: "search", path: () => "/v1/search", weight: 50, med: 28, sigma: 0.45, statuses: [[400, 0.01]] },
      { method: "GET", route: "suggest", path: () => "/v1/suggest", weight: 35, med: 6, sigma: 0.4 },
      { method: "GET", route: "similar", path: (r) => `/v1/products/${r.int(10000, 99999)}/similar`, weight: 12, med: 40, sigma: 0.4, statuses: [[404, 0.02]] },
      { method: "POST", route: "export", path: () => "/v1/search/export", weight: 0.5, med: 2600, sigma: 0.35 },
    ],
  });
  for (const q of reqs) {
    const n = Number(q.inst);
    const p = pods[n]!;
    if (n === BAD && running(q.t)) {
      q.ms *= slowdown(q.t);
      q.hit = true;
      if (isSlow(q)) q.label = "performance";
    }
    const lvl = q.status >= 500 ? "error" : q.status >= 400 ? "warn" : "info";
    tl.add(
      q.t,
      withPod(
        slog(q.t, lvl, "request", {
          service: "search-api",
          method: q.method,
          path: q.path,
          status: q.status,
          duration: Math.round(q.ms * 1e6),
          bytes: q.bytes,
          remote: q.ip,
          request_id: q.id,
        }),
        p,
      ),
      q.label,
    );
    if (q.status === 400)
      tl.add(q.t - 1, withPod(slog(q.t - 1, "warn", "invalid query", { service: "search-api", error: "query: unbalanced quotes", request_id: q.id }), p));
  }
  // Probe timeouts and PLEG on the crowded node.
  for (const t of rng.ticks(start, end, 10 * SECOND, 1000)) {
    if (slowdown(t) > 6 && rng.chance(0.45))
      ev(
        t,
        "search",
        "Pod",
        pods[BAD]!.pod,
        "Unhealthy",
        `Readiness probe failed: Get "http://${podIps[BAD]}:8080/readyz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        "Warning",
        "kubelet",
        "performance",
      );
    if (rssAt(t) > 11 && rng.chance(0.15))
      kubelet(
        BAD,
        t + 300,
        "E",
        "kubelet.go:2376",
        `"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active ${3 + rng.int(0, 1)}m${rng.float(0, 59).toFixed(6)}s ago; threshold is 3m0s"`,
        "performance",
      );
  }

  // --- the backfill ------------------------------------------------------------------------------
  const bf = (t: number, pod: string, lvl: "info" | "warn", msg: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(t, pyJson(t, "ml-feature-backfill", lvl, "backfill.runner", msg, { pod, ...extra }), label);
  const day0 = Date.UTC(2025, 9, 1);
  cycles.forEach((c, ci) => {
    ev(c.from - 4000, "data", "Job", jobName, "SuccessfulCreate", `Created pod: ${c.pod}`, "Normal", "job-controller");
    ev(c.from - 3800, "data", "Pod", c.pod, "Scheduled", `Successfully assigned data/${c.pod} to ${NODES[BAD]}`, "Normal", "default-scheduler");
    bf(c.from, c.pod, "info", "backfill starting", { features: "user_engagement_v4", partitions: 45, resume_from: ci === 0 ? null : "dt=2025-10-01" });
    let k = 0;
    for (let t = c.from + rng.int(20, 40) * SECOND; t < c.to; t += rng.int(25, 50) * SECOND) {
      const rss = rssAt(t);
      const rows = rng.int(3_800_000, 4_400_000);
      const dt = new Date(day0 + k * 86_400_000).toISOString().slice(0, 10);
      k += 1;
      bf(
        t,
        c.pod,
        "info",
        `loaded partition dt=${dt} (${rows.toLocaleString("en")} rows) in ${rng.float(18, 45).toFixed(1)}s; process rss ${rss.toFixed(1)} GiB`,
        { partition: dt, rows, rss_bytes: Math.round(rss * GIB) },
        rss >= 8 ? "memory" : null,
      );
    }
    const tp = c.from + ((9.6 - 1.5) / rate) * MINUTE;
    if (tp < c.to)
      ev(
        tp,
        "default",
        "Node",
        NODES[BAD]!,
        "NodeHasInsufficientMemory",
        `Node ${NODES[BAD]} status is now: NodeHasInsufficientMemory`,
        "Normal",
        "kubelet",
        "memory",
      );
    const te = c.from + ((11.9 - 1.5) / rate) * MINUTE;
    for (let t = te; t < c.to; t += 10 * SECOND) {
      kubelet(BAD, t, "W", "eviction_manager.go:366", `"Eviction manager: attempting to reclaim" resourceName="memory"`, "memory");
      kubelet(BAD, t + 2, "I", "eviction_manager.go:377", `"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"`, "memory");
      kubelet(
        BAD,
        t + 4,
        "I",
        "eviction_manager.go:395",
        `"Eviction manager: pods ranked for eviction" pods=["data/${c.pod}","search/${pods[BAD]!.pod}","monitoring/node-exporter-${rng.kube(5)}","logging/fluent-bit-${rng.kube(5)}"]`,
        "memory",
      );
    }
  });
  // The first pod is evicted; the second is stopped by the suspension.
  const c0 = cycles[0]!;
  ev(
    evict1,
    "data",
    "Pod",
    c0.pod,
    "Evicted",
    `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${rng.int(60000, 99000)}Ki. Container backfill was using ${rng.int(13000000, 13400000)}Ki, request is 2Gi, has larger consumption of memory.`,
    "Warning",
    "kubelet",
    "memory",
  );
  kubelet(BAD, evict1 + 300, "I", "eviction_manager.go:616", `"Eviction manager: pod is evicted successfully" pod="data/${c0.pod}"`, "memory");
  ev(
    evict1 + 9000,
    "default",
    "Node",
    NODES[BAD]!,
    "NodeHasSufficientMemory",
    `Node ${NODES[BAD]} status is now: NodeHasSufficientMemory`,
    "Normal",
    "kubelet",
  );
  ev(suspend, "data", "Job", jobName, "Suspended", "Job suspended", "Normal", "job-controller");
  ev(suspend + 400, "data", "Job", jobName, "SuccessfulDelete", `Deleted pod: ${cycles[1]!.pod}`, "Normal", "job-controller");
  if (rssAt(suspend - 1) > 9.6)
    ev(
      suspend + 12000,
      "default",
      "Node",
      NODES[BAD]!,
      "NodeHasSufficientMemory",
      `Node ${NODES[BAD]} status is now: NodeHasSufficientMemory`,
      "Normal",
      "kubelet",
    );

  // --- routine: a cron job's pods and kubelet chatter ----------------------------------------------
  for (let t = start + rng.int(0, 9) * MINUTE; t < end; t += 10 * MINUTE) {
    const jn = `sitemap-refresh-${Math.floor(t / MINUTE)}`;
    const jp = `${jn}-${rng.kube(5)}`;
    const node = rng.int(0, 1);
    tl.add(
      t,
      kubeEvent(t, {
        ns: "web",
        kind: "CronJob",
        name: "sitemap-refresh",
        reason: "SuccessfulCreate",
        message: `Created job ${jn}`,
        type: "Normal",
        component: "cronjob-controller",
        uid: rng.uuid(),
      }),
    );
    tl.add(
      t + 2000,
      kubeEvent(t + 2000, {
        ns: "web",
        kind: "Pod",
        name: jp,
        reason: "Scheduled",
        message: `Successfully assigned web/${jp} to ${NODES[node]}`,
        type: "Normal",
        component: "default-scheduler",
        uid: rng.uuid(),
      }),
    );
    tl.add(
      t + 41000,
      kubeEvent(t + 41000, {
        ns: "web",
        kind: "Job",
        name: jn,
        reason: "Completed",
        message: "Job completed",
        type: "Normal",
        component: "job-controller",
        uid: rng.uuid(),
      }),
    );
    kubelet(node, t + 42000, "I", "kubelet.go:2453", `"SyncLoop DELETE" source="api" pods=["web/${jp}"]`);
  }
  for (let n = 0; n < 3; n++) {
    for (const t of rng.ticks(start, end, 4 * MINUTE, 30 * SECOND))
      kubelet(n, t, "I", "kubelet.go:2453", `"SyncLoop (probe)" probe="readiness" status="ready" pod="search/${pods[n]!.pod}"`);
  }
  return tl.scenario(
    NAME,
    "A memory-hungry backfill job without limits crowds a node: the search-api pod there slows to seconds and the kubelet evicts the job repeatedly.",
  );
}
