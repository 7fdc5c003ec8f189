// Kubernetes container logs (fluent-bit, merged JSON) from a shop namespace where the
// recommender (Node.js) leaks heap in the version deployed the day before. Its three replicas
// are at different points of the same loop when the window opens, so from the first minute one
// of them is near its heap limit: long Mark-Compact pauses, slow responses and failed readiness
// probes, then a V8 heap OOM or a cgroup OOM kill, a container restart, and the climb again.
// The frontend renders pages without recommendations when calls time out. Cart and the
// recommender's fresh replicas behave normally.
import type { Scenario } from "../blind/types.js";
import { baseDay, type KubeMeta, klog, kube, kubeEvent, type Label, MIN, Rng, round, SEC, Story, sampleTimes } from "./lib.js";

interface Cycle {
  from: number; // container start
  to: number; // OOM
  oomKind: "v8" | "cgroup";
}

export function s08RecommenderLeakLoop(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(8 * 60, 20 * 60) * MIN + rng.int(0, 59) * SEC;
  const end = start + rng.int(65, 85) * MIN;
  const ns = "shop";
  const nodes = Array.from({ length: 4 }, () => `ip-10-1-${rng.int(16, 63)}-${rng.int(4, 250)}.eu-central-1.compute.internal`);
  const meta = (app: string, pod: string, node: string, image: string): KubeMeta => ({
    pod,
    namespace: ns,
    container: app,
    app,
    node,
    image,
    podId: rng.uuid(),
  });

  const recImage = "registry.internal/shop/recommender:3.8.0";
  const recPods = rng.pods("recommender", 3).map((p) => meta("recommender", p, rng.pick(nodes), recImage));
  const fePods = rng.pods("frontend", 3).map((p) => meta("frontend", p, rng.pick(nodes), "registry.internal/shop/frontend:2.41.3"));
  const cartPods = rng.pods("cart", 2).map((p) => meta("cart", p, rng.pick(nodes), "registry.internal/shop/cart:1.19.0"));
  const podIps = recPods.map(() => `172.20.${rng.int(0, 63)}.${rng.int(2, 250)}`);
  const HEAP_LIMIT = 1536;

  // Each replica's container lifetimes, staggered so one is always near the end of its climb.
  const cycles: Cycle[][] = recPods.map((_, i) => {
    const out: Cycle[] = [];
    const len0 = rng.int(19, 27) * MIN;
    const phase0 = i === 0 ? rng.float(0.9, 0.96) : rng.float(0.15 + 0.3 * (i - 1), 0.35 + 0.3 * (i - 1));
    let from = start - Math.round(phase0 * len0);
    let len = len0;
    while (from < end) {
      out.push({ from, to: from + len, oomKind: rng.chance(0.55) ? "v8" : "cgroup" });
      from = from + len + rng.int(8, 25) * SEC;
      len = rng.int(19, 27) * MIN;
    }
    return out;
  });
  const restartCount = recPods.map(() => rng.int(28, 40));
  const phaseOf = (i: number, t: number): number | undefined => {
    for (const c of cycles[i] ?? []) if (t >= c.from && t < c.to) return (t - c.from) / (c.to - c.from);
    return undefined;
  };
  const heapMb = (p: number) => 170 + (HEAP_LIMIT - 190) * p ** 1.08;

  const rec = (t: number, i: number, app: Record<string, unknown>, label: Label, stream: "stdout" | "stderr" = "stdout") => {
    const m = recPods[i];
    if (m) story.add(t, label, kube(t, m, app, stream));
  };

  // ---------------------------------------------------------------- page views through the frontend
  for (const t0 of sampleTimes(rng, rng.int(1350, 1650), start, end)) {
    const fe = rng.pick(fePods);
    const trace = rng.hex(32);
    const up = [0, 1, 2].filter((i) => phaseOf(i, t0) !== undefined && (phaseOf(i, t0) ?? 1) < 0.985);
    const product = `p-${rng.int(10000, 99999)}`;
    if (up.length === 0) {
      const t1 = t0 + rng.int(2, 6);
      story.add(
        t1,
        "error",
        kube(t1, fe, {
          level: "error",
          caller: "reco/client.go:71",
          msg: "recommendations fetch failed",
          error: `dial tcp ${rng.pick(podIps)}:8080: connect: connection refused`,
          trace_id: trace,
          span_id: rng.hex(16),
        }),
      );
      continue;
    }
    const i = rng.pick(up);
    const p = phaseOf(i, t0) ?? 0;
    const gcBound = p > 0.72;
    const lat = gcBound ? rng.float(250, 2600) * (0.6 + p) : rng.logn(38, 0.3);
    const label: Label = gcBound ? "performance" : null;
    const t1 = t0 + Math.round(Math.min(lat, 800));
    if (lat < 800) {
      rec(
        t0 + Math.round(lat),
        i,
        {
          level: 30,
          pid: 1,
          hostname: recPods[i]?.pod,
          msg: "request completed",
          req: { method: "GET", url: `/v1/recommendations?product=${product}&n=12` },
          res: { statusCode: 200 },
          responseTime: Math.round(lat),
          trace_id: trace,
        },
        label,
      );
      const page = lat + rng.logn(70, 0.3);
      story.add(
        t0 + Math.round(page),
        label,
        kube(t0 + Math.round(page), fe, {
          level: "info",
          caller: "web/handler.go:214",
          msg: "page rendered",
          http: { method: "GET", path: `/product/${product}`, status: 200 },
          duration_ms: round(page, 1),
          trace_id: trace,
          span_id: rng.hex(16),
        }),
      );
    } else {
      story.add(
        t1,
        "performance",
        kube(t1, fe, {
          level: "warn",
          caller: "reco/client.go:64",
          msg: "recommendations fetch timed out, rendering without",
          timeout_ms: 800,
          trace_id: trace,
          span_id: rng.hex(16),
        }),
      );
      rec(
        t0 + Math.round(lat),
        i,
        {
          level: 30,
          pid: 1,
          hostname: recPods[i]?.pod,
          msg: "request completed",
          req: { method: "GET", url: `/v1/recommendations?product=${product}&n=12` },
          res: { statusCode: 200 },
          responseTime: Math.round(lat),
          trace_id: trace,
        },
        "performance",
      );
    }
  }

  // ---------------------------------------------------------------- cart (unaffected)
  for (const t of sampleTimes(rng, rng.int(380, 480), start, end)) {
    const c = rng.pick(cartPods);
    story.add(
      t,
      null,
      kube(t, c, {
        level: rng.chance(0.03) ? "warning" : "info",
        logger: "cart.api",
        event: rng.pick(["cart.item_added", "cart.viewed", "cart.item_removed", "cart.merged_guest_cart"]),
        cart_id: `c_${rng.alnum(12)}`,
        duration_ms: round(rng.logn(11, 0.3), 2),
      }),
    );
  }

  // ---------------------------------------------------------------- each replica's heap, GC and restarts
  recPods.forEach((m, i) => {
    for (const c of cycles[i] ?? []) {
      const isolate = `${rng.int(1, 9)}${rng.hex(6)}`;
      const from = Math.max(c.from, start);
      const to = Math.min(c.to, end);
      if (c.from >= start) {
        // A restart inside the window: events, kubelet, app startup.
        const rc = restartCount[i] ?? 30;
        restartCount[i] = rc + 1;
        const obj = { kind: "Pod", name: m.pod, namespace: ns };
        story.add(
          c.from - 3 * SEC,
          "pattern",
          kubeEvent(
            c.from - 3 * SEC,
            "Normal",
            "Pulled",
            `Container image "${recImage}" already present on machine`,
            obj,
            { component: "kubelet", host: m.node },
            rc,
          ),
        );
        story.add(
          c.from - 2 * SEC,
          "pattern",
          kubeEvent(c.from - 2 * SEC, "Normal", "Created", "Created container recommender", obj, { component: "kubelet", host: m.node }, rc),
        );
        story.add(
          c.from - 1 * SEC,
          "pattern",
          kubeEvent(c.from - 1 * SEC, "Normal", "Started", "Started container recommender", obj, { component: "kubelet", host: m.node }, rc),
        );
        rec(
          c.from + rng.int(300, 900),
          i,
          { level: 30, pid: 1, hostname: m.pod, msg: "recommender 3.8.0 starting", node_version: "v20.12.2", max_old_space_size: HEAP_LIMIT },
          "pattern",
        );
        rec(
          c.from + rng.int(6000, 9000),
          i,
          { level: 30, pid: 1, hostname: m.pod, msg: `loaded item embeddings (${rng.int(400000, 420000)} items)`, load_ms: rng.int(5200, 8600) },
          "pattern",
        );
        rec(c.from + rng.int(9100, 9800), i, { level: 30, pid: 1, hostname: m.pod, msg: "server listening", address: "0.0.0.0:8080" }, "pattern");
      }
      // Heap stats every 30 s.
      for (let t = from + rng.int(0, 30) * SEC; t < to; t += 30 * SEC) {
        const p = (t - c.from) / (c.to - c.from);
        if (p < 0.01) continue;
        const used = heapMb(p);
        const pct = round((used / HEAP_LIMIT) * 100, 1);
        rec(
          t,
          i,
          {
            level: pct >= 85 ? 40 : 30,
            pid: 1,
            hostname: m.pod,
            msg: "heap stats",
            heap_used_mb: Math.round(used),
            heap_limit_mb: HEAP_LIMIT,
            heap_used_percent: pct,
            rss_mb: Math.round(used * 1.18 + 90),
            event_loop_lag_ms: round(p > 0.72 ? rng.float(80, 900) * p : rng.float(0.4, 3), 1),
          },
          pct >= 75 ? "memory" : null,
        );
      }
      // --trace-gc output on stdout (plain text, so it lands in `log`).
      for (let t = from + rng.int(0, 40) * SEC; t < to; ) {
        const p = (t - c.from) / (c.to - c.from);
        const used = heapMb(Math.max(p, 0.01));
        const upMs = t - c.from;
        const mc = p > 0.6 && rng.chance(0.3 + p * 0.5);
        const label: Label = p > 0.6 ? "memory" : null;
        const line = mc
          ? `[1:0x${isolate}] ${upMs} ms: Mark-Compact ${used.toFixed(1)} (${(used + 40).toFixed(1)}) -> ${(used - rng.float(2, 12)).toFixed(1)} (${(used + 38).toFixed(1)}) MB, ${(rng.float(300, 1800) * p).toFixed(2)} / 0.00 ms  (average mu = ${round(0.5 - p * 0.35, 3)}, current mu = ${round(0.4 - p * 0.35, 3)}) allocation failure; scavenge might not succeed`
          : `[1:0x${isolate}] ${upMs} ms: Scavenge ${used.toFixed(1)} (${(used + 40).toFixed(1)}) -> ${(used - rng.float(8, 14)).toFixed(1)} (${(used + 42).toFixed(1)}) MB, ${rng.float(1.2, 6).toFixed(2)} / 0.00 ms  (average mu = 0.99${rng.int(0, 9)}, current mu = 0.98${rng.int(0, 9)}) allocation failure;`;
        rec(t, i, { log: line }, label);
        t += p > 0.6 ? rng.int(6, 25) * SEC : rng.int(35, 90) * SEC;
      }
      // Readiness probes fail as the event loop stalls.
      for (let t = c.from + Math.round((c.to - c.from) * 0.93); t < to; t += 10 * SEC) {
        if (t < start) continue;
        story.add(
          t,
          "performance",
          klog(t, "prober/prober.go:107", "Probe failed", {
            probeType: "Readiness",
            pod: { name: m.pod, namespace: ns },
            containerName: "recommender",
            probeResult: "failure",
            output: `Get "http://${podIps[i]}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
          }),
        );
      }
      if (c.to < end && c.to >= start) {
        const obj = { kind: "Pod", name: m.pod, namespace: ns };
        if (c.oomKind === "v8") {
          const t = c.to;
          rec(t, i, { log: "<--- Last few GCs --->" }, "memory", "stderr");
          rec(
            t + 1,
            i,
            {
              log: `[1:0x${isolate}] ${c.to - c.from - 2100} ms: Mark-Compact 1530.1 (1541.2) -> 1528.7 (1542.0) MB, 2011.54 / 0.00 ms  (average mu = 0.087, current mu = 0.031) allocation failure; GC in old space requested`,
            },
            "memory",
            "stderr",
          );
          rec(t + 2, i, { log: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory" }, "memory", "stderr");
          story.add(
            t + 900,
            "error",
            kubeEvent(t + 900, "Warning", "BackOff", `Back-off restarting failed container recommender in pod ${m.pod}`, obj, {
              component: "kubelet",
              host: m.node,
            }),
          );
        } else {
          story.add(
            c.to,
            "memory",
            kubeEvent(
              c.to,
              "Warning",
              "OOMKilling",
              `Memory cgroup out of memory: Killed process ${rng.int(3000, 99999)} (node) total-vm:${rng.int(2600000, 2900000)}kB, anon-rss:${rng.int(2080000, 2097152)}kB, file-rss:${rng.int(30000, 60000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(4800, 5600)}kB oom_score_adj:${rng.int(900, 999)}`,
              { kind: "Node", name: m.node, namespace: "" },
              { component: "kernel-monitor", host: m.node },
            ),
          );
          story.add(
            c.to + 400,
            "memory",
            klog(c.to + 400, "kuberuntime/kuberuntime_container.go:745", "Container exited", {
              pod: { name: m.pod, namespace: ns },
              containerName: "recommender",
              exitCode: 137,
              reason: "OOMKilled",
            }),
          );
        }
      }
    }
  });

  return story.build(
    "recommender-leak-loop",
    "From the first minute, one of three leaking Node.js recommender replicas is near its heap limit: long Mark-Compact GCs, slow responses, failed readiness probes, heap OOMs or cgroup OOM kills and restarts in a loop, with the frontend rendering pages without recommendations.",
  );
}
