/**
 * Web shop on Kubernetes. Every container logs JSON enriched by the node's log agent
 * with pod, namespace, node and container; the shop services carry OpenTelemetry trace
 * and span ids. A batch job (image-resizer, no memory limit) scheduled onto one worker
 * node balloons. The node hits MemoryPressure, kubelet's eviction manager ranks and
 * evicts pods (recommendations first, later a cart and a catalog replica), the kernel
 * OOM-kills the resizer, which restarts, backs off, and causes a second wave. While the
 * node thrashes, requests served by pods on it slow down; right after each eviction
 * requests still routed to the dead endpoint fail with connection resets and 503s in
 * storefront and checkout; replacement pods start elsewhere. Once the job is deleted the
 * condition clears. Kubelet's routine housekeeping warnings, image pulls for CronJobs and
 * the usual 404s are part of normal life.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

interface Pod {
  svc: string;
  name: string;
  node: string;
  from: number;
  evictAt: number;
}

function iso(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}

export function s09K8sNodeEviction(seed: number): Scenario {
  const rng = new Rng(seed, "s09-k8s-node-eviction");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(70, 110);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 9, 18);
  const end = start + span;
  const az = rng.pick(["eu-central-1", "eu-west-1", "us-east-2"]);
  const nodeName = (): string => `ip-10-0-${rng.int(1, 3)}-${rng.int(10, 250)}.${az}.compute.internal`;
  const nodes = [nodeName(), nodeName(), nodeName(), nodeName()];
  const bad = nodes[1] as string;
  const good = [nodes[0], nodes[2], nodes[3]] as string[];
  const rs = (): string => rng.alnum(9);
  const suffix = (): string => rng.alnum(5);

  // ---- incident timing -------------------------------------------------------------------
  const jobStart = start + Math.floor(span * rng.float(0.2, 0.5));
  const P1 = jobStart + rng.int(6, 12) * 60_000; // MemoryPressure=True
  const E1 = P1 + rng.int(20, 60) * 1000; // recommendations evicted
  const oomKill = E1 + rng.int(60, 180) * 1000;
  const P2 = oomKill + rng.int(3, 6) * 60_000; // second wave
  const E2a = P2 + rng.int(15, 45) * 1000; // cart evicted
  const E2b = E2a + rng.int(20, 70) * 1000; // catalog evicted
  const jobDeleted = E2b + rng.int(3, 8) * 60_000;
  const pressureEnd = jobDeleted + rng.int(20, 60) * 1000;
  const thrash = (t: number): boolean => (t >= P1 - 90_000 && t < oomKill) || (t >= P2 - 90_000 && t < pressureEnd);

  const pods: Pod[] = [];
  const mk = (svc: string, count: number, onBad: boolean): void => {
    const r = rs();
    for (let i = 0; i < count; i++)
      pods.push({ svc, name: `${svc}-${r}-${suffix()}`, node: i === 0 && onBad ? bad : rng.pick(good), from: -Infinity, evictAt: Infinity });
  };
  mk("storefront", 3, false);
  mk("cart", 3, true);
  mk("catalog", 3, true);
  mk("recommendations", 2, true);
  mk("checkout", 2, false);
  const badPod = (svc: string): Pod => pods.find((p) => p.svc === svc && p.node === bad) as Pod;
  badPod("recommendations").evictAt = E1;
  badPod("cart").evictAt = E2a;
  badPod("catalog").evictAt = E2b;
  const replacements: Pod[] = [];
  for (const p of pods.filter((x) => x.evictAt < Infinity)) {
    const r = {
      svc: p.svc,
      name: `${p.name.slice(0, p.name.lastIndexOf("-"))}-${suffix()}`,
      node: rng.pick(good),
      from: p.evictAt + rng.int(25, 80) * 1000,
      evictAt: Infinity,
    };
    replacements.push(r);
  }
  pods.push(...replacements);
  const endpointLag = (): number => rng.int(15_000, 45_000);
  const lagBySvc: Record<string, number> = { recommendations: endpointLag(), cart: endpointLag(), catalog: endpointLag() };
  const pickPod = (svc: string, t: number): Pod => {
    const cands = pods.filter((p) => p.svc === svc && p.from <= t && t < p.evictAt + (lagBySvc[svc] ?? 0));
    return rng.pick(cands);
  };

  const app = (t: number, p: Pod, level: string, msg: string, trace: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    time: iso(t),
    severity: level,
    "service.name": p.svc,
    msg,
    trace_id: trace,
    span_id: rng.hex(16),
    pod: p.name,
    namespace: "shop",
    node: p.node,
    container: p.svc,
    ...extra,
  });
  const kubelet = (t: number, level: string, caller: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    time: iso(t),
    level,
    service: "kubelet",
    node: bad,
    caller,
    msg,
    ...extra,
  });
  const kubeletOn = (t: number, node: string, level: string, caller: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    ...kubelet(t, level, caller, msg, extra),
    node,
  });
  const event = (t: number, type: string, reason: string, obj: string, ns: string, msg: string, node: string): Record<string, unknown> => ({
    time: iso(t),
    level: type === "Warning" ? "WARNING" : "INFO",
    service: "event-exporter",
    reason,
    type,
    involvedObject: { kind: obj.includes("/") ? "Pod" : "Node", name: obj.includes("/") ? obj.split("/")[1] : obj, namespace: ns },
    node,
    msg,
  });

  // ---- request traffic through storefront ----------------------------------------------------
  const call = (t: number, svc: string, trace: string, route: string, base: number): { end: number; ok: boolean; slow: boolean } => {
    const p = pickPod(svc, t);
    if (t >= p.evictAt) {
      return { end: t + rng.int(1, 30), ok: false, slow: false };
    }
    let ms = rng.logNormal(base, 0.3);
    const slow = p.node === bad && thrash(t);
    if (slow) ms *= rng.float(12, 45);
    ms = Math.round(ms);
    add(
      t + ms,
      app(t + ms, p, "INFO", `${route} 200`, trace, {
        "http.method": route.split(" ")[0],
        "http.route": route.split(" ")[1],
        "http.status_code": 200,
        duration_ms: ms,
      }),
      slow ? "performance" : null,
    );
    return { end: t + ms, ok: true, slow };
  };
  const sfGap = 60_000 / rng.float(12, 16);
  let t = start + rng.exp(sfGap);
  while (t < end) {
    const trace = rng.hex(32);
    const sf = pickPod("storefront", t);
    const page = rng.weighted([
      ["home", 3],
      ["product", 5],
      ["cart", 3],
      ["checkout", 1],
    ] as const);
    let tt = t + rng.int(1, 4);
    let failed: string | null = null;
    let slowAny = false;
    const deps: [string, string, number][] =
      page === "home"
        ? [
            ["recommendations", "GET /recommendations", 45],
            ["catalog", "GET /products/featured", 20],
          ]
        : page === "product"
          ? [
              ["catalog", "GET /products/{id}", 18],
              ["recommendations", "GET /recommendations", 45],
            ]
          : page === "cart"
            ? [["cart", "GET /cart/{id}", 9]]
            : [["cart", "GET /cart/{id}", 9]];
    let recoFailed = false;
    for (const [svc, route, base] of deps) {
      const r = call(tt, svc, trace, route, base);
      tt = r.end + rng.int(1, 3);
      slowAny = slowAny || r.slow;
      if (!r.ok) {
        if (svc === "recommendations") {
          recoFailed = true;
          add(
            tt,
            app(tt, sf, "WARN", "recommendations unavailable, rendering page without them", trace, {
              error: "upstream connect error or disconnect/reset before headers. reset reason: connection termination",
              "peer.service": "recommendations",
            }),
            "error",
          );
        } else {
          failed = svc;
          break;
        }
      }
    }
    if (page === "checkout" && !failed) {
      const ck = pickPod("checkout", tt);
      const ms = Math.round(rng.logNormal(120, 0.3));
      add(
        tt + ms,
        app(tt + ms, ck, "INFO", "POST /checkout 201", trace, { "http.method": "POST", "http.route": "/checkout", "http.status_code": 201, duration_ms: ms }),
        null,
      );
      tt += ms;
    } else if (page === "checkout" && failed) {
      const ck = pickPod("checkout", tt);
      add(
        tt + 2,
        app(tt + 2, ck, "ERROR", "failed to load cart for checkout", trace, {
          error:
            'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 10.42.1.17:8080: connect: connection refused"',
          "peer.service": "cart",
        }),
        "error",
      );
      tt += 3;
    }
    const total = tt - t + rng.int(2, 8);
    const route = page === "home" ? "GET /" : page === "product" ? `GET /product/{id}` : page === "cart" ? "GET /cart" : "POST /checkout";
    if (failed) {
      add(
        t + total,
        app(t + total, sf, "ERROR", `${route} 503`, trace, {
          "http.method": route.split(" ")[0],
          "http.route": route.split(" ")[1],
          "http.status_code": 503,
          duration_ms: total,
          error: `${failed}: upstream connect error or disconnect/reset before headers. reset reason: connection termination`,
        }),
        "error",
      );
    } else {
      add(
        t + total,
        app(t + total, sf, "INFO", `${route} 200`, trace, {
          "http.method": route.split(" ")[0],
          "http.route": route.split(" ")[1],
          "http.status_code": 200,
          duration_ms: total,
          ...(recoFailed ? { degraded: true } : {}),
        }),
        slowAny ? "performance" : null,
      );
    }
    t += rng.exp(sfGap);
  }
  // routine 404s
  let t2 = start + rng.exp(200_000);
  while (t2 < end) {
    const sf = pickPod("storefront", t2);
    add(
      t2,
      app(t2, sf, "WARN", "GET /product/{id} 404", rng.hex(32), {
        "http.method": "GET",
        "http.route": "/product/{id}",
        "http.status_code": 404,
        duration_ms: rng.int(5, 20),
        error: "product not found",
      }),
      null,
    );
    t2 += rng.exp(200_000);
  }

  // ---- kubelet & events: routine ------------------------------------------------------------------
  const every = (mean: number, fn: (tt: number) => void): void => {
    let tt = start + rng.exp(mean);
    while (tt < end) {
      fn(tt);
      tt += rng.exp(mean);
    }
  };
  every(240_000, (tt) =>
    add(
      tt,
      kubeletOn(tt, rng.pick(nodes), "WARN", "kubelet/kubelet.go:2474", "Housekeeping took longer than expected", {
        expected: "1s",
        actual: `${(1 + rng.float(0.01, 0.6)).toFixed(3)}s`,
      }),
      null,
    ),
  );
  every(420_000, (tt) =>
    add(
      tt,
      kubeletOn(tt, rng.pick(nodes), "INFO", "kuberuntime/kuberuntime_manager.go:1062", "RemoveStaleState removing state", {
        podUID: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
        containerName: rng.pick(["sync", "report"]),
      }),
      null,
    ),
  );
  every(600_000, (tt) => {
    const nd = rng.pick(good);
    const job = `${rng.pick(["stock-sync", "sitemap-builder", "price-export"])}-${rng.int(29_000_000, 29_999_999)}-${suffix()}`;
    add(tt, event(tt, "Normal", "Scheduled", `jobs/${job}`, "jobs", `Successfully assigned jobs/${job} to ${nd}`, nd), null);
    add(
      tt + 900,
      event(tt + 900, "Normal", "Pulled", `jobs/${job}`, "jobs", `Container image "registry.internal/jobs/runner:2.8.1" already present on machine`, nd),
      null,
    );
    add(tt + 1200, event(tt + 1200, "Normal", "Started", `jobs/${job}`, "jobs", "Started container runner", nd), null);
  });

  // ---- the incident: kubelet, events, app side effects ----------------------------------------------
  const jobPod = `image-resizer-${rng.int(29_000_000, 29_999_999)}-${suffix()}`;
  add(jobStart, event(jobStart, "Normal", "Scheduled", `batch/${jobPod}`, "batch", `Successfully assigned batch/${jobPod} to ${bad}`, bad), null);
  add(jobStart + 1500, event(jobStart + 1500, "Normal", "Started", `batch/${jobPod}`, "batch", "Started container resizer", bad), null);

  const pressure = (from: number, to: number): void => {
    add(from, kubelet(from, "INFO", "nodestatus/setters.go:606", "Node condition status changed", { condition: "MemoryPressure", status: "True" }), "memory");
    add(from + 50, event(from + 50, "Warning", "NodeHasInsufficientMemory", bad, "", `Node ${bad} status is now: NodeHasInsufficientMemory`, bad), "memory");
    for (let tt = from + rng.int(2000, 8000); tt < to; tt += rng.int(10_000, 20_000)) {
      add(
        tt,
        kubelet(tt, "INFO", "eviction/eviction_manager.go:349", "Eviction manager: attempting to reclaim", {
          resourceName: "memory",
          available: `${rng.int(60, 99)}Mi`,
          threshold: "100Mi",
        }),
        "memory",
      );
    }
  };
  const evict = (p: Pod): void => {
    const te = p.evictAt;
    add(
      te - 1500,
      kubelet(te - 1500, "INFO", "eviction/eviction_manager.go:367", "Eviction manager: pods ranked for eviction", {
        pods: [`shop/${p.name}`, `batch/${jobPod}`, ...pods.filter((x) => x.node === bad && x !== p && x.evictAt >= te).map((x) => `shop/${x.name}`)],
      }),
      "memory",
    );
    const used = rng.int(300_000, 900_000);
    add(
      te - 200,
      event(
        te - 200,
        "Warning",
        "Evicted",
        `shop/${p.name}`,
        "shop",
        `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${rng.int(60_000, 99_000)}Ki. Container ${p.svc} was using ${used}Ki, request is 256Mi, has larger consumption of memory.`,
        bad,
      ),
      "memory",
    );
    add(te - 150, event(te - 150, "Normal", "Killing", `shop/${p.name}`, "shop", `Stopping container ${p.svc}`, bad), "memory");
    add(te, kubelet(te, "INFO", "eviction/eviction_manager.go:594", "Eviction manager: pod is evicted successfully", { pod: `shop/${p.name}` }), "memory");
    add(te - 120, app(te - 120, p, "INFO", "received SIGTERM, draining connections", "0".repeat(32), { grace_period_s: 0 }), "pattern");
    const inflight = rng.int(1, 4);
    for (let i = 0; i < inflight; i++)
      add(te - 100 + i, app(te - 100 + i, p, "ERROR", "request aborted: context canceled", rng.hex(32), { "http.status_code": 499 }), "error");
    const r = replacements.find((x) => x.svc === p.svc) as Pod;
    add(
      r.from - 3000,
      event(r.from - 3000, "Normal", "Scheduled", `shop/${r.name}`, "shop", `Successfully assigned shop/${r.name} to ${r.node}`, r.node),
      "pattern",
    );
    add(
      r.from - 400,
      app(r.from - 400, r, "INFO", `${p.svc} starting, version=2026.${rng.int(1, 12)}.${rng.int(1, 28)} listen=:8080`, "0".repeat(32)),
      "pattern",
    );
    add(r.from, app(r.from, r, "INFO", "ready: warmed caches", "0".repeat(32), { warmup_ms: rng.int(2000, 9000) }), "pattern");
  };
  pressure(P1, oomKill + 10_000);
  evict(badPod("recommendations"));
  add(
    oomKill,
    event(
      oomKill,
      "Warning",
      "OOMKilling",
      bad,
      "",
      `Memory cgroup out of memory: Killed process ${rng.int(20000, 60000)} (resizer) total-vm:${rng.int(9_000_000, 14_000_000)}kB, anon-rss:${rng.int(7_000_000, 9_000_000)}kB, file-rss:${rng.int(1000, 9000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(14000, 22000)}kB oom_score_adj:1000`,
      bad,
    ),
    "memory",
  );
  add(
    oomKill + 2000,
    kubelet(oomKill + 2000, "INFO", "nodestatus/setters.go:606", "Node condition status changed", { condition: "MemoryPressure", status: "False" }),
    "memory",
  );
  add(
    oomKill + 30_000,
    event(oomKill + 30_000, "Warning", "BackOff", `batch/${jobPod}`, "batch", "Back-off restarting failed container resizer in pod " + jobPod, bad),
    "error",
  );
  add(P2 - 60_000, event(P2 - 60_000, "Normal", "Started", `batch/${jobPod}`, "batch", "Started container resizer", bad), null);
  pressure(P2, pressureEnd);
  evict(badPod("cart"));
  evict(badPod("catalog"));
  add(jobDeleted, event(jobDeleted, "Normal", "Killing", `batch/${jobPod}`, "batch", "Stopping container resizer", bad), "memory");
  add(
    pressureEnd,
    kubelet(pressureEnd, "INFO", "nodestatus/setters.go:606", "Node condition status changed", { condition: "MemoryPressure", status: "False" }),
    "memory",
  );
  add(
    pressureEnd + 40,
    event(pressureEnd + 40, "Normal", "NodeHasSufficientMemory", bad, "", `Node ${bad} status is now: NodeHasSufficientMemory`, bad),
    "memory",
  );

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s09-k8s-node-eviction",
    description:
      "Kubernetes shop where a memory-hungry batch pod puts a node under MemoryPressure: kubelet evicts shop pods in two waves, pods on the node slow down, and storefront/checkout see resets and 503s.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
