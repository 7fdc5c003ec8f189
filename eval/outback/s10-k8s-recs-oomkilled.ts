// Kubernetes container logs as Fluent Bit ships them (CRI `time`/`stream`/`logtag`, the app's own
// JSON line as a string in `log`, a `kubernetes` metadata object), plus events from an event
// exporter. Release 2.14.0 of a Go recommendations API loads per-tenant embedding indexes into
// memory; pods climb to their 512Mi limit, are OOM-killed, back off, fail readiness on warm-up,
// and the storefront BFF's Envoy sidecar returns 503s with trace ids.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoMs, isoNano, type Label, MIN, Rand, round, Timeline, windowStart } from "./lib.js";

interface Life {
  up: number; // ready from
  down: number; // OOM-killed at (Infinity if survives)
  start: number; // container start
}

export function k8sRecsOomkilled(seed: number): Scenario {
  const r = new Rand(seed, "s10-k8s");
  const tl = new Timeline();
  const t0 = windowStart(r, 8, 18);
  const t1 = t0 + 3 * HOUR;
  const rollout = t0 + r.float(18, 28) * MIN;
  const ns = "storefront";
  const nodeHosts = Array.from({ length: 3 }, () => `ip-10-1-${r.int(0, 63)}-${r.int(2, 250)}.eu-west-1.compute.internal`);
  const oldHash = r.alnum(10);
  const newHash = r.alnum(10);
  const limitMi = 512;

  interface Pod {
    name: string;
    node: string;
    ip: string;
    uid: string;
    lives: Life[];
    hash: string;
    image: string;
  }
  const mkPod = (hash: string, image: string): Pod => ({
    name: `recs-api-${hash}-${r.alnum(5)}`,
    node: r.pick(nodeHosts),
    ip: r.ip("10.1."),
    uid: r.uuid(),
    lives: [],
    hash,
    image,
  });
  const oldPods = Array.from({ length: 4 }, () => mkPod(oldHash, "registry.example.com/storefront/recs-api:2.13.4"));
  const newPods = Array.from({ length: 4 }, () => mkPod(newHash, "registry.example.com/storefront/recs-api:2.14.0"));
  for (const p of oldPods) p.lives.push({ start: t0 - 5 * HOUR, up: t0 - 5 * HOUR, down: Number.POSITIVE_INFINITY });
  const oldGone: number[] = [];
  newPods.forEach((p, i) => {
    const start = rollout + i * r.float(35_000, 50_000);
    oldGone.push(start + 30_000);
    let s = start;
    let restarts = 0;
    let up = s + r.float(14_000, 22_000);
    while (s < t1) {
      const life = r.float(restarts === 0 ? 30 : 14, restarts === 0 ? 55 : 26) * MIN;
      const down = up + life;
      p.lives.push({ start: s, up, down });
      const backoff = Math.min(300_000, 10_000 * 2 ** restarts);
      restarts++;
      s = down + backoff;
      up = s + r.float(30_000, 70_000); // warm-up reloads indexes; readiness times out meanwhile
    }
  });
  const heapMi = (p: Pod, l: Life, t: number): number => {
    if (p.hash === oldHash) return 150 + r.normal(0, 8);
    const f = (t - l.start) / (l.down - l.start);
    return 95 + (limitMi - 95) * Math.min(1, f) ** 0.8;
  };
  const liveAt = (p: Pod, t: number): Life | undefined => p.lives.find((l) => t >= l.up && t < l.down);
  // Endpoints: ready pods, plus a killed pod for the ~20 s before its endpoint is withdrawn.
  const endpointsAt = (t: number): Pod[] => [
    ...oldPods.filter((_, i) => t < (oldGone[i] ?? 0)),
    ...newPods.filter((p) => liveAt(p, t) || p.lives.some((l) => t >= l.down && t < l.down + 20_000)),
  ];

  const kmeta = (p: Pod, container: string) => ({
    pod_name: p.name,
    namespace_name: ns,
    pod_id: p.uid,
    labels: { app: p.name.startsWith("recs") ? "recs-api" : "storefront-bff", "pod-template-hash": p.hash, version: p.image.split(":")[1] },
    host: p.node,
    container_name: container,
    docker_id: r.hex(64),
    container_image: p.image,
  });
  const container = (t: number, p: Pod, name: string, inner: Record<string, unknown> | string, label: Label, stream = "stdout") =>
    tl.add(t, { time: isoNano(t), stream, logtag: "F", log: typeof inner === "string" ? inner : JSON.stringify(inner), kubernetes: kmeta(p, name) }, label);
  const event = (t: number, type: string, reason: string, obj: string, kind: string, message: string, label: Label, count = 1) =>
    tl.add(
      t,
      {
        "@timestamp": isoMs(t),
        metadata: { name: `${obj}.${r.hex(16)}`, namespace: ns, uid: r.uuid(), creationTimestamp: isoMs(t).replace(/\.\d+Z$/, "Z") },
        reason,
        message,
        source: { component: reason === "OOMKilling" ? "kernel-monitor" : "kubelet", host: r.pick(nodeHosts) },
        firstTimestamp: isoMs(t).replace(/\.\d+Z$/, "Z"),
        lastTimestamp: isoMs(t).replace(/\.\d+Z$/, "Z"),
        count,
        type,
        involvedObject: {
          kind,
          namespace: kind === "Node" ? "" : ns,
          name: obj,
          apiVersion: "v1",
          fieldPath: kind === "Pod" ? "spec.containers{recs-api}" : undefined,
        },
        reportingComponent: "kubelet",
      },
      label,
    );

  // Rollout events (routine), including the usual startup readiness refusal.
  for (const p of newPods) {
    const l = p.lives[0];
    if (!l) continue;
    event(l.start - 4000, "Normal", "Scheduled", p.name, "Pod", `Successfully assigned ${ns}/${p.name} to ${p.node}`, null);
    event(l.start - 2500, "Normal", "Pulled", p.name, "Pod", `Successfully pulled image "${p.image}" in 1.84s (1.84s including waiting)`, null);
    event(l.start - 400, "Normal", "Created", p.name, "Pod", "Created container recs-api", null);
    event(l.start, "Normal", "Started", p.name, "Pod", "Started container recs-api", null);
    event(
      l.start + 5000,
      "Warning",
      "Unhealthy",
      p.name,
      "Pod",
      `Readiness probe failed: Get "http://${p.ip}:8080/readyz": dial tcp ${p.ip}:8080: connect: connection refused`,
      null,
    );
    container(
      l.start + 300,
      p,
      "recs-api",
      {
        level: "info",
        ts: isoMs(l.start + 300),
        logger: "main",
        caller: "cmd/recs/main.go:61",
        msg: "starting recs-api",
        version: "2.14.0",
        go_version: "go1.22.3",
        gomemlimit: "460MiB",
      },
      null,
    );
  }
  oldPods.forEach((p, i) => {
    event((oldGone[i] ?? 0) - 28_000, "Normal", "Killing", p.name, "Pod", "Stopping container recs-api", null);
  });

  // Restarts after OOM kills: the incident.
  for (const p of newPods) {
    p.lives.forEach((l, k) => {
      if (l.down < t1) {
        const pid = r.int(2000, 60000);
        event(
          l.down,
          "Warning",
          "OOMKilling",
          p.node,
          "Node",
          `Memory cgroup out of memory: Killed process ${pid} (recs-api) total-vm:${r.int(1_900_000, 2_300_000)}kB, anon-rss:${r.int(518_000, 524_000)}kB, file-rss:${r.int(8000, 20000)}kB, shmem-rss:0kB, UID:65532 pgtables:${r.int(1200, 1800)}kB oom_score_adj:${r.pick([-997, 999])}`,
          "memory",
        );
        event(
          l.down + r.float(1000, 3000),
          "Warning",
          "BackOff",
          p.name,
          "Pod",
          `Back-off restarting failed container recs-api in pod ${p.name}_${ns}(${p.uid})`,
          "error",
          k + 1,
        );
      }
      if (k > 0) {
        event(l.start - 300, "Normal", "Pulled", p.name, "Pod", `Container image "${p.image}" already present on machine`, "pattern");
        event(l.start - 150, "Normal", "Created", p.name, "Pod", "Created container recs-api", "pattern");
        event(l.start, "Normal", "Started", p.name, "Pod", "Started container recs-api", "pattern");
        container(
          l.start + 300,
          p,
          "recs-api",
          {
            level: "info",
            ts: isoMs(l.start + 300),
            logger: "main",
            caller: "cmd/recs/main.go:61",
            msg: "starting recs-api",
            version: "2.14.0",
            go_version: "go1.22.3",
            gomemlimit: "460MiB",
            restart_count: k,
          },
          "pattern",
        );
        for (let tp = l.start + 10_000; tp < l.up; tp += 10_000) {
          event(
            tp,
            "Warning",
            "Unhealthy",
            p.name,
            "Pod",
            `Readiness probe failed: Get "http://${p.ip}:8080/readyz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
            "performance",
          );
        }
      }
      // Index loading through the life; memory pressure warnings near the limit.
      for (let ti = l.start + r.float(20_000, 40_000); ti < Math.min(l.down, t1); ti += r.float(90_000, 240_000)) {
        const h = heapMi(p, l, ti);
        container(
          ti,
          p,
          "recs-api",
          {
            level: "info",
            ts: isoMs(ti),
            logger: "index",
            caller: "internal/index/loader.go:112",
            msg: "loaded embedding index",
            tenant: `t-${r.int(100, 999)}`,
            index_mib: round(r.float(18, 64), 1),
            heap_inuse_bytes: Math.round(h * 1048576),
            resident_indexes: Math.round((h - 90) / 35),
          },
          h > 0.85 * limitMi ? "memory" : null,
        );
        if (h > 0.85 * limitMi) {
          container(
            ti + 2000,
            p,
            "recs-api",
            {
              level: "warn",
              ts: isoMs(ti + 2000),
              logger: "memwatch",
              caller: "internal/memwatch/watch.go:47",
              msg: "memory pressure: heap close to container limit",
              heap_inuse_bytes: Math.round(h * 1048576),
              limit_bytes: limitMi * 1048576,
              gc_cpu_fraction: round(r.float(0.2, 0.6), 3),
            },
            "memory",
          );
        }
      }
    });
  }

  // Traffic: BFF (pino in its container) calls recs-api through its Envoy sidecar.
  const bff: Pod = {
    name: `storefront-bff-${r.alnum(10)}-${r.alnum(5)}`,
    node: r.pick(nodeHosts),
    ip: r.ip("10.1."),
    uid: r.uuid(),
    lives: [],
    hash: r.alnum(10),
    image: "registry.example.com/storefront/bff:8.3.1",
  };
  for (const t of r.stream(5200, t0, t1)) {
    const traceId = r.hex(32);
    const spanId = r.hex(16);
    const tenant = `t-${r.int(100, 999)}`;
    const eps = endpointsAt(t);
    const p = eps.length > 0 ? r.pick(eps) : undefined;
    if (!p || (p.hash === newHash && !liveAt(p, t))) {
      const dur = r.int(0, 3);
      container(
        t + dur,
        bff,
        "istio-proxy",
        {
          start_time: isoMs(t),
          method: "GET",
          path: `/v1/recommendations?tenant=${tenant}&slot=home`,
          protocol: "HTTP/1.1",
          response_code: 503,
          response_flags: "UF,URX",
          bytes_received: 0,
          bytes_sent: 91,
          duration: dur,
          upstream_cluster: "outbound|8080||recs-api.storefront.svc.cluster.local",
          upstream_host: null,
          upstream_transport_failure_reason: "delayed connect error: 111",
          x_forwarded_for: null,
          request_id: r.uuid(),
          authority: "recs-api.storefront.svc.cluster.local:8080",
          traceparent: `00-${traceId}-${spanId}-01`,
        },
        "error",
      );
      container(
        t + dur + 2,
        bff,
        "storefront-bff",
        {
          level: 40,
          time: Math.floor(t + dur + 2),
          pid: 1,
          hostname: bff.name,
          trace_id: traceId,
          span_id: spanId,
          tenant,
          err: {
            type: "UpstreamError",
            message:
              "upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111",
            statusCode: 503,
          },
          msg: "recommendations unavailable, serving bestsellers fallback",
        },
        "error",
      );
      continue;
    }
    const life = liveAt(p, t);
    const h = life ? heapMi(p, life, t) : 150;
    const thrash = p.hash === newHash && h > 0.97 * limitMi;
    const ms = thrash ? r.float(900, 4500) : r.logNormal(24, 0.35);
    container(
      t + ms,
      p,
      "recs-api",
      {
        level: "info",
        ts: isoMs(t + ms),
        logger: "http",
        caller: "internal/http/log.go:33",
        msg: "served recommendations",
        method: "GET",
        path: "/v1/recommendations",
        tenant,
        items: r.int(8, 24),
        status: 200,
        latency_ms: round(ms, 2),
        trace_id: traceId,
        span_id: r.hex(16),
      },
      thrash ? "performance" : null,
    );
    container(
      t + ms + 2,
      bff,
      "storefront-bff",
      {
        level: 30,
        time: Math.floor(t + ms + 2),
        pid: 1,
        hostname: bff.name,
        trace_id: traceId,
        span_id: spanId,
        tenant,
        upstream: "recs-api",
        responseTime: Math.round(ms + 3),
        msg: "recommendations fetched",
      },
      thrash ? "performance" : null,
    );
  }

  return tl.build(
    "k8s-recs-oomkilled",
    "Fluent Bit-shipped Kubernetes container logs and events: a recs-api release loads embedding indexes until pods are OOM-killed, back off, fail readiness, and the BFF's Envoy sidecar returns 503s.",
  );
}
