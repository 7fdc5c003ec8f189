// s06 brewery-aggregator-leak-oom: a brewery's fermentation-tank monitoring over a long shift. The Python
// aggregator that folds the tanks' gravity/temperature readings into windows leaks memory from the start
// (a per-batch cache never evicted). Its resident set climbs past its band, it warns about the high
// watermark, its queries slow down, the kernel OOM-kills it, Kubernetes restarts it, it replays a
// backlog, and it starts leaking again (not reaching the limit a second time in the window).
//
// Producers: ferment-aggregator (structlog JSON), tank-gateway (zap production JSON), brew-dashboard
// (PHP Monolog JSON), Kubernetes events (kubelet, node-problem-detector) as kubectl writes them.
// Healthy bands:
//   ferment-aggregator "process stats" rss_mb / limit_mb 2048: 30-55 % (about 615-1126 MB).
//   "window flushed" duration_ms median 85 ms, backlog 0-40; "query served" duration_ms median 35 ms.
//   tank-gateway "batch published" latency (zap: seconds) median 0.004 s.
//   brew-dashboard "GET /tanks/overview rendered" duration_ms median 240 ms.
//   Routine noise: aggregator WARN "late reading discarded" (~5/h), ERROR "implausible gravity reading,
//   ignored" (~2/h); gateway WARN "mqtt keepalive missed, reconnecting" (~2/h).
// Evidence: rss above 55 % and high-watermark warnings and the OOM kill (memory); slow queries and
// dashboard renders > 4x and the replay backlog (performance); connection refused / 502 (error);
// container restart, startup and replay lines (pattern).
import { HOUR, MIN, SEC, Timeline, epochS, isoMicro, isoOff, makeRng, poisson, round, startTime, ticks } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export function breweryAggregatorLeakOom(seed: number): Scenario {
  const rng = makeRng(seed * 1223 + 606);
  const tl = new Timeline();
  const t0 = startTime(rng, 0, 8);
  const t1 = t0 + 10 * HOUR + rng.int(0, 60) * MIN;
  const oom = t0 + Math.floor((t1 - t0) * rng.float(0.58, 0.72));
  const up = oom + rng.int(40, 90) * SEC;
  const replayEnd = up + rng.int(6, 10) * MIN;
  const limit = 2048;
  const start1 = rng.float(640, 720);
  const start2 = rng.float(620, 700);
  const slope1 = (2048 * 0.995 - start1) / (oom - t0);
  const slope2 = slope1 * rng.float(0.45, 0.6);
  const rss = (t: number) => (t < oom ? start1 + slope1 * (t - t0) : start2 + slope2 * (t - up)) * rng.float(0.985, 1.01);
  const alive = (t: number) => t < oom || t >= up;
  const pod = `ferment-aggregator-7c9f${rng.hex(6)}-${rng.alnum(5)}`;
  const agg = (t: number, level: string, event: string, extra: Record<string, unknown> = {}) => ({
    event,
    level,
    timestamp: isoMicro(t),
    logger: "ferment.aggregator",
    app: "ferment-aggregator",
    pod,
    ...extra,
  });
  const tanks = Array.from({ length: 24 }, (_, i) => `FV${String(i + 1).padStart(2, "0")}`);

  for (const t of ticks(rng, t0, t1, 60 * SEC, 0.01)) {
    if (!alive(t)) continue;
    const r = rss(t);
    const pct = r / limit;
    tl.add(
      t,
      agg(t, "info", "process stats", { rss_mb: round(r, 1), limit_mb: limit, open_batches: rng.int(18, 24), cached_windows: Math.round(r * 14.2) }),
      pct > 0.55 ? "memory" : null,
    );
    const replay = t >= up && t < replayEnd;
    const tf = t + rng.int(200, 900);
    tl.add(
      tf,
      agg(tf, "info", "window flushed", {
        tanks: 24,
        readings: rng.int(1380, 1460),
        duration_ms: round(replay ? rng.slow(85, 6, 14) : rng.band(85), 1),
        backlog: replay ? rng.int(1800, 9000) : rng.int(0, 40),
      }),
      replay ? "performance" : null,
    );
    if (pct > 0.85 && t % (5 * MIN) < 62 * SEC) {
      tl.add(t + 5, agg(t + 5, "warning", "memory high watermark exceeded", { rss_mb: round(r, 1), limit_mb: limit, watermark_pct: 85 }), "memory");
    }
  }
  // the OOM and the restart
  const oomS = Math.floor(oom / 1000) * 1000;
  const node = `brew-node-${rng.int(1, 3)}`;
  tl.add(
    oomS,
    {
      kind: "Event",
      apiVersion: "v1",
      type: "Warning",
      reason: "OOMKilling",
      message: `Memory cgroup out of memory: Killed process ${rng.int(8, 40)} (python3) total-vm:${rng.int(2300000, 2500000)}kB, anon-rss:${rng.int(2080000, 2096000)}kB, file-rss:${rng.int(9000, 16000)}kB, shmem-rss:0kB`,
      source: { component: "kernel-monitor", host: node },
      involvedObject: { kind: "Node", name: node },
      firstTimestamp: new Date(oomS).toISOString().replace(".000", ""),
      lastTimestamp: new Date(oomS).toISOString().replace(".000", ""),
      count: 1,
    },
    "memory",
  );
  const tk = Math.floor((oom + 3000) / 1000) * 1000;
  tl.add(
    tk,
    {
      kind: "Event",
      apiVersion: "v1",
      type: "Normal",
      reason: "Pulled",
      message: 'Container image "registry.brewery.local/ferment-aggregator:2.14.1" already present on machine',
      source: { component: "kubelet", host: node },
      involvedObject: { kind: "Pod", name: pod, fieldPath: "spec.containers{aggregator}" },
      lastTimestamp: new Date(tk).toISOString().replace(".000", ""),
      count: 1,
    },
    "pattern",
  );
  const ts = Math.floor((up - 8000) / 1000) * 1000;
  tl.add(
    ts,
    {
      kind: "Event",
      apiVersion: "v1",
      type: "Normal",
      reason: "Started",
      message: "Started container aggregator",
      source: { component: "kubelet", host: node },
      involvedObject: { kind: "Pod", name: pod, fieldPath: "spec.containers{aggregator}" },
      lastTimestamp: new Date(ts).toISOString().replace(".000", ""),
      count: 2,
    },
    "pattern",
  );
  tl.add(up - 5000, agg(up - 5000, "info", "aggregator starting", { version: "2.14.1", restart_count: 1, last_state: "OOMKilled" }), "pattern");
  tl.add(
    up - 1000,
    agg(up - 1000, "warning", "replaying readings from mqtt persistent session", { since: isoMicro(oom - 60 * SEC), pending_msgs: rng.int(4000, 9000) }),
    "pattern",
  );
  tl.add(replayEnd + 20 * SEC, agg(replayEnd + 20 * SEC, "info", "replay complete, live", { replayed_msgs: rng.int(4000, 9000) }), "pattern");

  // aggregator queries and routine noise
  for (const t of poisson(rng, t0, t1, 50 * SEC)) {
    if (!alive(t)) continue;
    const pct = rss(t) / limit;
    const slow = pct > 0.9 && rng.chance(0.8);
    tl.add(
      t,
      agg(t, "info", "query served", {
        path: rng.pick(["/api/tanks", "/api/tanks/{tank}/curve", "/api/alerts"]),
        duration_ms: round(slow ? rng.slow(35, 6, 25) : rng.band(35), 1),
      }),
      slow ? "performance" : null,
    );
  }
  for (const t of poisson(rng, t0, t1, 12 * MIN))
    if (alive(t)) tl.add(t, agg(t, "warning", "late reading discarded", { tank: rng.pick(tanks), lag_s: rng.int(95, 300) }));
  for (const t of poisson(rng, t0, t1, 30 * MIN))
    if (alive(t)) tl.add(t, agg(t, "error", "implausible gravity reading, ignored", { tank: rng.pick(tanks), sg: 0.0, probe: `tilt-${rng.hex(4)}` }));

  // tank-gateway (zap)
  for (const t of ticks(rng, t0, t1, 30 * SEC, 0.02)) {
    tl.add(t, {
      level: "info",
      ts: epochS(t),
      logger: "tank-gateway",
      caller: "mqtt/publish.go:142",
      msg: "batch published",
      topic: "brewery/tanks/readings",
      msgs: 24 * rng.int(1, 2),
      latency: round(rng.band(0.004), 5),
    });
  }
  for (const t of poisson(rng, t0, t1, 30 * MIN)) {
    tl.add(t, {
      level: "warn",
      ts: epochS(t),
      logger: "tank-gateway",
      caller: "mqtt/conn.go:77",
      msg: "mqtt keepalive missed, reconnecting",
      broker: "tcp://mosquitto.brewery.svc:1883",
      missed: 1,
    });
  }

  // brew-dashboard (Monolog): the brewers' wall screen refreshes; a few refreshes land in the outage
  const outage = Array.from({ length: rng.int(2, 4) }, () => rng.float(oom + 2 * SEC, up + 15 * SEC)).map((x) => Math.round(x * 1000) / 1000);
  for (const t of [...poisson(rng, t0, t1, 75 * SEC), ...outage]) {
    const base = {
      channel: "dashboard",
      extra: { app: "brew-dashboard", url: "/tanks/overview", ip: `10.20.${rng.int(1, 9)}.${rng.int(2, 250)}`, http_method: "GET", uid: rng.hex(7) },
    };
    let label: AnomalyType | null = null;
    if (!alive(t) || (t >= oom && t < up + 20 * SEC)) {
      tl.add(
        t,
        {
          message: "Upstream aggregator unavailable: cURL error 7: Failed to connect to ferment-aggregator port 8080 after 1 ms: Connection refused",
          context: { status: 502 },
          level: 400,
          level_name: "ERROR",
          datetime: isoOff(t),
          ...base,
        },
        "error",
      );
      continue;
    }
    const pct = rss(t) / limit;
    const slow = pct > 0.9 && rng.chance(0.7);
    if (slow) label = "performance";
    tl.add(
      t,
      {
        message: "GET /tanks/overview rendered",
        context: { status: 200, duration_ms: round(slow ? rng.slow(240, 6, 20) : rng.band(240), 1), tanks: 24 },
        level: 200,
        level_name: "INFO",
        datetime: isoOff(t),
        ...base,
      },
      label,
    );
  }
  return tl.build(
    "brewery-aggregator-leak-oom",
    "fermentation-tank aggregator leaks memory for hours, warns, slows, is OOM-killed and restarted by Kubernetes, replays its backlog and starts leaking again",
  );
}
