// Kind 7: a session Redis hits maxmemory and logins fail for most of the hour.
// Kind 8: Kubernetes JSON (Fluent Bit metadata, trace ids, kubelet, kernel, events): a leaking JVM
// pushes its node into memory pressure, evictions, two OOM kills and a crash loop.
import { iso, MIN, Rng, round, Story, SEC, spread, startTime } from "./lib.js";
import type { AnomalyType, Scenario } from "./types.js";

export function sessionRedisOutage(seed: number): Scenario {
  const r = new Rng(seed, "redisoutage");
  const t0 = startTime(r);
  const W = 60 * MIN;
  const end = t0 + W;
  const oS = t0 + r.float(0.1, 0.16) * W;
  const oE = oS + r.float(0.66, 0.74) * W;
  const st = new Story();
  const out = (t: number) => t >= oS && t < oE;
  const max = 4 * 1024 ** 3;
  // redis INFO sidecar every 15 s
  let used = r.float(0.42, 0.5);
  for (let t = t0 + r.int(0, 14) * SEC; t < end; t += 15 * SEC) {
    const nearing = t >= oS - 6 * MIN && t < oS;
    used = out(t)
      ? r.float(0.9995, 1)
      : nearing
        ? Math.min(0.985, used + 0.04)
        : t >= oE
          ? r.float(0.55, 0.62)
          : Math.max(0.4, Math.min(0.56, used + r.float(-0.01, 0.012)));
    const full = out(t);
    st.add(
      t,
      {
        ts: iso(t),
        level: full ? "warn" : "info",
        component: "session-redis-watch",
        msg: full ? "used_memory at maxmemory, maxmemory-policy noeviction: rejecting writes" : "redis stats",
        used_memory: Math.round(used * max),
        maxmemory: max,
        evicted_keys: 0,
        connected_clients: r.int(180, 240) + (full ? r.int(200, 600) : 0),
        instance: "session-redis-0",
      },
      full || (nearing && used > 0.9) ? "memory" : null,
    );
  }
  st.add(oE - 20 * SEC, {
    ts: iso(oE - 20 * SEC),
    level: "info",
    component: "session-redis-watch",
    msg: "CONFIG SET maxmemory-policy volatile-lru by ops",
    instance: "session-redis-0",
  });
  const pods = [1, 2, 3].map(() => `login-api-${r.alnum(5)}`);
  const slog = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    time: iso(t),
    level,
    msg,
    service: "login-api",
    pod: r.pick(pods),
    trace_id: r.hex(32),
    ...extra,
  });
  const edge = (t: number, path: string, status: number, ms: number, upstream: string) => ({
    timestamp: iso(t),
    level: status >= 500 ? "error" : "info",
    service: "web-edge",
    message: `${path.startsWith("/login") || path.startsWith("/session") ? "POST" : "GET"} ${path} ${status}`,
    status,
    latency_ms: round(ms, 1),
    upstream,
    client_ip: r.ip("100.64"),
  });
  // ordinary traffic all hour: logins, the edge, cart reading sessions (reads keep working)
  for (const t of spread(r, r.int(1300, 1500), t0, end)) {
    const v = r.next();
    if (out(t) && v < 0.45) continue; // logins mostly fail in the outage, their lines come below
    if (v < 0.45) {
      st.add(t, slog(t, "INFO", "login ok", { method: "POST", path: "/login", status: 200, duration_ms: round(r.around(38, 0.35), 1) }));
      st.add(t + 2, edge(t + 2, "/login", 200, r.around(45, 0.35), "login-api"));
    } else if (v < 0.8)
      st.add(t, edge(t, r.pick(["/", "/static/app.js", "/static/app.css", "/catalog", "/cart"]), 200, r.around(12, 0.5), r.pick(["static", "cart-api"])));
    else
      st.add(t, {
        time: iso(t),
        level: "INFO",
        msg: "cart loaded",
        service: "cart-api",
        pod: `cart-api-${r.alnum(5)}`,
        items: r.int(0, 9),
        duration_ms: round(r.around(22, 0.4), 1),
      });
  }
  // the outage: clients retry, so failing logins write several lines each
  for (const t of spread(r, Math.round(((oE - oS) / MIN) * r.int(36, 44)), oS, oE)) {
    const v = r.next();
    let ty: AnomalyType = "memory";
    if (v < 0.55)
      st.add(
        t,
        slog(t, "ERROR", "session write failed", {
          error: "OOM command not allowed when used memory > 'maxmemory'.",
          method: "POST",
          path: "/login",
          status: 503,
          duration_ms: round(r.around(3, 0.4), 1),
        }),
        "memory",
      );
    else if (v < 0.85) {
      st.add(
        t,
        slog(t, "ERROR", "session write failed", {
          error: "redis: i/o timeout",
          method: "POST",
          path: "/login",
          status: 504,
          duration_ms: round(2000 + r.float(0, 40), 1),
        }),
        "performance",
      );
      ty = "performance";
    } else
      st.add(
        t,
        slog(t, "WARN", "retrying session write", { attempt: r.int(2, 3), error: "OOM command not allowed when used memory > 'maxmemory'." }),
        "memory",
      );
    if (v < 0.85)
      st.add(
        t + 3,
        edge(t + 3, "/login", ty === "performance" ? 504 : 503, ty === "performance" ? 2010 + r.int(0, 30) : r.around(6, 0.3), "login-api"),
        ty === "performance" ? "performance" : "error",
      );
  }
  return st.build(
    "atoll-session-redis-maxmemory-outage",
    "session-redis-0 fills to maxmemory (noeviction); for ~70% of the hour logins fail with OOM rejections, i/o timeouts and 503/504 at the edge",
  );
}

export function k8sNodeMemoryPressure(seed: number): Scenario {
  const r = new Rng(seed, "k8soom");
  const t0 = startTime(r);
  const W = 120 * MIN;
  const end = t0 + W;
  const st = new Story();
  const node = `ip-10-42-${r.int(1, 30)}-${r.int(10, 250)}.ec2.internal`;
  const other = `ip-10-42-${r.int(31, 60)}-${r.int(10, 250)}.ec2.internal`;
  const rs = r.alnum(9);
  const recsysPod = `recsys-api-${rs}-${r.alnum(5)}`;
  const cartPods = [`cart-ui-${r.alnum(9)}-${r.alnum(5)}`, `cart-ui-${r.alnum(9)}-${r.alnum(5)}`];
  const searchPod = `search-api-${r.alnum(9)}-${r.alnum(5)}`;
  const podId = new Map<string, string>();
  const k8s = (pod: string, container: string, host: string, app: string) => {
    if (!podId.has(pod)) podId.set(pod, r.uuid());
    return {
      namespace_name: "shop",
      pod_name: pod,
      container_name: container,
      host,
      pod_id: podId.get(pod),
      labels: pod.split("-").length > 3 ? { app, "pod-template-hash": pod.split("-").slice(-2, -1)[0] } : { app },
    };
  };
  const appLog = (t: number, level: string, logger: string, message: string, pod: string, app: string, host: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": iso(t),
    level,
    logger,
    message,
    trace_id: r.hex(32),
    span_id: r.hex(16),
    stream: "stdout",
    kubernetes: k8s(pod, app, host, app),
    ...extra,
  });
  const kubelet = (t: number, msg: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": iso(t),
    ts: round(t / 1000, 6),
    caller: "kubelet/kubelet.go:2458",
    msg,
    v: 0,
    host: node,
    systemd_unit: "kubelet.service",
    ...extra,
  });
  const event = (t: number, type: string, reason: string, note: string, pod: string) => ({
    "@timestamp": iso(t),
    eventTime: iso(t),
    kind: "Event",
    type,
    reason,
    note,
    regarding: { kind: "Pod", namespace: "shop", name: pod },
    reportingController: "kubelet",
    reportingInstance: node,
  });

  // timeline
  const L = t0 + r.float(0.12, 0.2) * W; // leak starts (a cache without eviction after a flag flip)
  const oom1 = t0 + r.float(0.48, 0.55) * W;
  const up1 = oom1 + r.int(60, 100) * SEC;
  const oom2 = t0 + r.float(0.82, 0.88) * W;
  const heapMax = 2048;
  const heapAt = (t: number): number | null => {
    if (t < L) return 0.58 + 0.04 * Math.sin(t / 400000);
    if (t < oom1) return 0.6 + ((t - L) / (oom1 - L)) * 0.39;
    if (t < up1) return null;
    if (t < oom2) return 0.5 + ((t - up1) / (oom2 - up1)) * 0.49;
    return null; // crash loop: the container never stays up long enough to report
  };
  const recsysUp = (t: number) => heapAt(t) !== null;

  // recsys heap reports every 30 s
  for (let t = t0 + r.int(0, 29) * SEC; t < end; t += 30 * SEC) {
    const h = heapAt(t);
    if (h === null) continue;
    const pct = h * 100 + r.float(-1, 1);
    const hot = pct >= 85;
    st.add(
      t,
      appLog(
        t,
        hot ? "WARN" : "INFO",
        "com.shop.recsys.JvmStats",
        hot ? `GC overhead ${r.int(35, 80)}% in last 60s, old gen not shrinking` : "jvm memory",
        recsysPod,
        "recsys-api",
        node,
        {
          heap_used_mb: Math.round((pct / 100) * heapMax),
          heap_total_mb: heapMax,
        },
      ),
      hot ? "memory" : null,
    );
  }
  // application traffic
  for (const t of spread(r, r.int(900, 1100), t0, end)) {
    const h = heapAt(t);
    if (h === null) continue;
    const slow = h >= 0.9;
    const ms = slow ? r.around(40, 0.3) * r.float(8, 40) : r.around(40, 0.35);
    st.add(
      t,
      appLog(
        t,
        slow ? "WARN" : "INFO",
        "com.shop.recsys.http",
        `GET /v1/recommendations/${r.int(1e5, 9e5)} ${slow ? "completed slowly" : "ok"}`,
        recsysPod,
        "recsys-api",
        node,
        { duration_ms: round(ms, 1), status: 200 },
      ),
      slow ? "performance" : null,
    );
  }
  for (const t of spread(r, r.int(1300, 1600), t0, end)) {
    const pod = r.pick(cartPods);
    const host = pod === cartPods[0] ? node : other;
    if (!recsysUp(t) && r.chance(0.5)) {
      st.add(
        t,
        appLog(t, "ERROR", "cart.recommendations", `recommendations unavailable: connect ECONNREFUSED ${r.ip("10.42")}:8080`, pod, "cart-ui", host, {
          status: 502,
          duration_ms: r.int(1, 4),
        }),
        "error",
      );
    } else st.add(t, appLog(t, "INFO", "cart.http", `GET /cart ${200}`, pod, "cart-ui", host, { status: 200, duration_ms: round(r.around(60, 0.35), 1) }));
  }
  for (const t of spread(r, r.int(600, 800), t0, end)) {
    st.add(
      t,
      appLog(
        t,
        "INFO",
        "search.query",
        `query "${r.pick(["boots", "tent", "stove", "rain jacket", "headlamp"])}" -> ${r.int(0, 400)} hits`,
        searchPod,
        "search-api",
        other,
        { duration_ms: round(r.around(25, 0.4), 1) },
      ),
    );
  }
  for (let t = t0 + r.int(0, 59) * SEC; t < end; t += MIN) {
    st.add(t, {
      "@timestamp": iso(t),
      level: "info",
      message: `[output:es:es.0] flushed ${r.int(200, 2600)} records`,
      kubernetes: k8s(`fluent-bit-${r.alnum(5)}`, "fluent-bit", node, "fluent-bit"),
    });
  }
  // kubelet chatter, and memory pressure as the node fills
  for (const t of spread(r, r.int(250, 330), t0, end))
    st.add(t, kubelet(t, "SyncLoop (PLEG): event for pod", { pod: `shop/${r.pick([recsysPod, ...cartPods])}`, event: "ContainerStarted" }));
  const pressure = (from: number, to: number) => {
    for (const t of spread(r, r.int(8, 14), from, to)) {
      st.add(t, kubelet(t, "Eviction manager: attempting to reclaim", { caller: "eviction/eviction_manager.go:349", resourceName: "memory" }), "memory");
    }
    const te = from + r.int(20, 60) * SEC;
    st.add(te, event(te, "Normal", "NodeHasInsufficientMemory", `Node ${node} status is now: NodeHasInsufficientMemory`, node), "memory");
  };
  pressure(oom1 - r.int(5, 8) * MIN, oom1);
  const tev = oom1 - r.int(60, 120) * SEC;
  st.add(
    tev,
    event(
      tev,
      "Warning",
      "Evicted",
      "The node was low on resource: memory. Threshold quantity: 100Mi, available: 81244Ki. Container cart-ui was using 312Mi, request is 256Mi.",
      cartPods[0]!,
    ),
    "memory",
  );
  const ooms = (t: number, n: number) => {
    st.add(
      t,
      {
        "@timestamp": iso(t),
        host: node,
        ident: "kernel",
        message: `Memory cgroup out of memory: Killed process ${r.int(3000, 60000)} (java) total-vm:${r.int(5, 7)}123456kB, anon-rss:2094${r.int(100, 999)}kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:4620kB oom_score_adj:${r.int(900, 999)}`,
      },
      "memory",
    );
    st.add(
      t + 400,
      event(t + 400, "Warning", "OOMKilling", `Container recsys-api in pod ${recsysPod} was OOMKilled (exit code 137), restart count ${n}`, recsysPod),
      "memory",
    );
    st.add(
      t + 900,
      appLog(t + 900, "WARN", "kube-state", "container terminated", recsysPod, "recsys-api", node, { reason: "OOMKilled", exitCode: 137, restartCount: n }),
      "memory",
    );
  };
  ooms(oom1, 1);
  st.add(
    up1,
    appLog(
      up1,
      "INFO",
      "org.springframework.boot.StartupInfoLogger",
      `Started RecsysApplication in ${r.float(18, 32).toFixed(3)} seconds`,
      recsysPod,
      "recsys-api",
      node,
    ),
  );
  pressure(oom2 - r.int(4, 7) * MIN, oom2);
  ooms(oom2, 2);
  // crash loop for the rest of the window: each start dies within seconds
  let n = 3;
  for (let t = oom2 + r.int(20, 40) * SEC; t < end; t += Math.min(5 * MIN, 10 * SEC * 2 ** (n - 2)) + r.int(0, 10) * SEC) {
    st.add(t, event(t, "Warning", "BackOff", `Back-off restarting failed container recsys-api in pod ${recsysPod}`, recsysPod), "error");
    st.add(
      t + 1500,
      appLog(
        t + 1500,
        "ERROR",
        "com.shop.recsys.Boot",
        "java.lang.OutOfMemoryError: Java heap space while warming recommendation cache",
        recsysPod,
        "recsys-api",
        node,
        { restartCount: n },
      ),
      "memory",
    );
    n++;
  }
  return st.build(
    "atoll-k8s-node-mempressure-oomkill",
    "recsys-api leaks heap on its node: GC thrash and slow requests, kubelet evictions, two OOM kills, then a crash loop while cart-ui gets ECONNREFUSED",
  );
}
