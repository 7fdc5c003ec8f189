// s12: micromobility (e-scooter fleet). Envoy edge proxy JSON access log (start_time, method, path,
// response_code, response_flags, duration in ms, upstream_service_time, upstream_host, ...) and the
// telemetry-ingest Node service logging with winston (level, message, service, timestamp) plus a
// process-stats line every 2 minutes (heapUsed/heapTotal/rss in bytes). V8's raw fatal output reaches
// the log store through Fluent Bit as {"log": ..., "stream": "stderr", ...} records.
// Incident: the canary pod (v2.8.0) leaks: a per-vehicle dedupe map is never pruned, its heap climbs
// slowly from ~150 MB over five hours while its three peers stay at 110-190 MB; near the 2 GB limit
// GC thrashes, event-loop lag and flush times explode, Envoy sees upstream timeouts, V8 aborts with
// "JavaScript heap out of memory", Envoy gets connection failures until the pod is back.
// Healthy: heapUsed 110-190 MB (memory is labelled above 260 MB), flush median 40 ms,
// telemetry POST 7 ms, rides/vehicles API 25-60 ms.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, every, hashSeed, healthy, iso, poisson, round, slow, startTime } from "./rng.js";

export function s12ScooterTelemetryHeapLeak(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s12-scooter"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 7, 15, 10, 0));
  const end = start + 6 * HOUR;
  const MB = 1024 * 1024;
  const crashAt = start + rng.float(0.84, 0.92) * (end - start);
  const thrashFrom = crashAt - rng.float(14, 22) * MIN;
  const backAt = crashAt + rng.float(25, 40) * SEC;
  const hash = rng.k8s(9);
  const canaryHash = rng.k8s(9);
  const pods = [`telemetry-ingest-${hash}-${rng.k8s(5)}`, `telemetry-ingest-${hash}-${rng.k8s(5)}`, `telemetry-ingest-${hash}-${rng.k8s(5)}`];
  const canary = `telemetry-ingest-${canaryHash}-${rng.k8s(5)}`;
  const allPods = [...pods, canary];
  const podIp = new Map<string, string>();
  for (const p of allPods) podIp.set(p, `10.42.${rng.int(1, 6)}.${rng.int(2, 250)}`);
  const leakHeap = (t: number) => {
    const f = Math.max(0, (t - start) / (crashAt - start));
    return (150 + 1850 * f ** 1.15) * MB; // ~150 MB to ~2000 MB
  };
  const inThrash = (t: number) => t >= thrashFrom && t < crashAt;
  const down = (t: number) => t >= crashAt && t < backAt;

  // ---- winston
  const win = (t: number, pod: string, level: string, message: string, meta: Record<string, unknown>, label: AnomalyType | null) => {
    tl.add(t, { level, message, service: "telemetry-ingest", pod, version: pod === canary ? "2.8.0" : "2.7.4", ...meta, timestamp: iso(t) }, label);
  };
  for (const pod of allPods) {
    const leaking = pod === canary;
    every(rng, start, end, 60 * SEC, 3 * SEC, (t) => {
      if (leaking && down(t)) return;
      const batch = rng.int(380, 520);
      let d = healthy(rng, 40);
      let label: AnomalyType | null = null;
      if (leaking && inThrash(t) && t < crashAt) {
        d = slow(rng, 40, 8, 80);
        label = "performance";
      }
      win(
        t,
        pod,
        "info",
        "batch flushed to kafka",
        { topic: "scooter.telemetry.v3", batchSize: batch, partition: rng.int(0, 23), durationMs: Math.round(d) },
        label,
      );
    });
    every(rng, start, end, 2 * MIN, 5 * SEC, (t) => {
      if (leaking && down(t)) return;
      const afterRestart = leaking && t >= backAt;
      const heapUsed = leaking && !afterRestart ? leakHeap(t) * rng.float(0.97, 1.0) : rng.float(110, 190) * MB;
      const heapTotal = heapUsed * rng.float(1.06, 1.18);
      const lag = leaking && inThrash(t) ? rng.float(400, 2600) : healthy(rng, 3);
      const label: AnomalyType | null = leaking && !afterRestart && heapUsed > 260 * MB ? "memory" : null;
      win(
        t,
        pod,
        "info",
        "process stats",
        {
          heapUsed: Math.round(heapUsed),
          heapTotal: Math.round(heapTotal),
          rss: Math.round(heapTotal + rng.float(60, 90) * MB),
          external: Math.round(rng.float(2, 5) * MB),
          eventLoopLagMs: round(lag, 2),
          vehiclesTracked: rng.int(5200, 6100),
        },
        label,
      );
    });
  }
  poisson(rng, start, end, 3 * MIN, (t) => {
    win(
      t,
      rng.pick(allPods),
      "warn",
      "dropping telemetry with invalid GPS fix",
      { vehicleId: `SCT-${rng.hex(6).toUpperCase()}`, hdop: round(rng.float(9, 30), 1), sats: rng.int(0, 3) },
      null,
    );
  });
  poisson(rng, start, end, 25 * MIN, (t) => {
    win(
      t,
      rng.pick(allPods),
      "warn",
      "kafka producer retrying after NOT_LEADER_FOR_PARTITION",
      { topic: "scooter.telemetry.v3", partition: rng.int(0, 23), attempt: 1 },
      null,
    );
  });
  // V8's fatal output, through Fluent Bit
  const fbRaw = (t: number, line: string, label: AnomalyType | null) => {
    tl.add(
      t,
      {
        time: iso(t, 9),
        stream: "stderr",
        _p: "F",
        log: line,
        kubernetes: {
          pod_name: canary,
          namespace_name: "fleet",
          container_name: "telemetry-ingest",
          labels: { app: "telemetry-ingest", track: "canary" },
          host: `ip-10-42-${rng.int(1, 6)}-${rng.int(2, 250)}.eu-west-1.compute.internal`,
        },
      },
      label,
    );
  };
  const uptime = Math.round((crashAt - start) / 1000 + rng.int(600, 3000));
  fbRaw(crashAt - 899, "<--- Last few GCs --->", "memory");
  fbRaw(
    crashAt - 898,
    `[1:0x${rng.hex(7)}] ${uptime * 1000 - 3100} ms: Mark-Compact (reduce) 2031.4 (2083.5) -> 2029.8 (2084.2) MB, ${rng.float(1500, 2100).toFixed(2)} / 0.00 ms  (average mu = 0.114, current mu = 0.021) allocation failure; scavenge might not succeed`,
    "memory",
  );
  fbRaw(
    crashAt - 897,
    `[1:0x${rng.hex(7)}] ${uptime * 1000 - 1200} ms: Mark-Compact (reduce) 2030.9 (2084.2) -> 2030.1 (2084.7) MB, ${rng.float(1500, 2100).toFixed(2)} / 0.00 ms  (average mu = 0.071, current mu = 0.009) allocation failure; GC in old space requested`,
    "memory",
  );
  fbRaw(crashAt - 2, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "memory");
  fbRaw(crashAt - 1, " 1: 0xb8d0a3 node::Abort() [node]", "memory");
  fbRaw(crashAt, " 2: 0xa96e70 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]", "memory");
  win(backAt - 2 * SEC, canary, "info", "telemetry-ingest listening", { port: 8080, node: "v20.17.0" }, "pattern");
  win(backAt - 1 * SEC, canary, "info", "kafka producer connected", { brokers: 6, clientId: canary }, "pattern");

  // ---- Envoy access log
  const envoy = (
    t: number,
    method: string,
    path: string,
    code: number,
    flags: string,
    duration: number,
    upstream: string | null,
    details: string,
    extra: Record<string, unknown>,
    label: AnomalyType | null,
  ) => {
    tl.add(
      t,
      {
        start_time: iso(t),
        method,
        path,
        protocol: "HTTP/1.1",
        response_code: code,
        response_flags: flags,
        response_code_details: details,
        bytes_received: method === "POST" ? rng.int(300, 1400) : 0,
        bytes_sent: code >= 500 ? rng.int(19, 95) : rng.int(0, 2400),
        duration: Math.round(duration),
        upstream_service_time: upstream && code < 500 ? String(Math.max(0, Math.round(duration) - 1)) : null,
        x_forwarded_for: rng.ip("100.64"),
        user_agent: path.startsWith("/v1/telemetry")
          ? `ScooterFW/5.3.${rng.int(0, 4)}`
          : rng.pick(["RideApp/12.4.0 (iOS 18.2)", "RideApp/12.3.8 (Android 15)"]),
        request_id: rng.uuid(),
        authority: "api.glide-fleet.example",
        upstream_host: upstream ?? null,
        upstream_cluster: path.startsWith("/v1/telemetry") ? "telemetry-ingest" : "rides-api",
        route_name: path.startsWith("/v1/telemetry") ? "telemetry" : "rides",
        ...extra,
      },
      label,
    );
  };
  poisson(rng, start, end, 11 * SEC, (t) => {
    const pod = rng.pick(allPods);
    const up = `${podIp.get(pod) ?? "10.42.1.2"}:8080`;
    const path = "/v1/telemetry";
    if (pod === canary) {
      if (down(t)) {
        envoy(
          t,
          "POST",
          path,
          503,
          "UF",
          rng.float(0.4, 3),
          up,
          "upstream_reset_before_response_started{connection_failure}",
          { upstream_transport_failure_reason: "delayed connect error: 111" },
          "error",
        );
        return;
      }
      if (inThrash(t) && rng.chance(0.7)) {
        if (rng.chance(0.35)) {
          envoy(t, "POST", path, 504, "UT", 15000 + rng.float(0, 5), up, "response_timeout", {}, "performance");
        } else {
          envoy(t, "POST", path, 202, "-", slow(rng, 7, 10, 400), up, "via_upstream", {}, "performance");
        }
        return;
      }
    }
    envoy(t, "POST", path, rng.chance(0.01) ? 400 : 202, "-", healthy(rng, 7), up, "via_upstream", {}, null);
  });
  // while the canary is down, Envoy's health checking has not ejected it yet: connection failures
  poisson(rng, crashAt + 0.5 * SEC, backAt, 1.6 * SEC, (t) => {
    const up = `${podIp.get(canary) ?? "10.42.1.2"}:8080`;
    envoy(
      t,
      "POST",
      "/v1/telemetry",
      503,
      "UF",
      rng.float(0.4, 3),
      up,
      "upstream_reset_before_response_started{connection_failure}",
      { upstream_transport_failure_reason: "delayed connect error: 111" },
      "error",
    );
  });
  const rides = [
    ["POST", () => `/v1/rides/${rng.uuid()}/start`, 60],
    ["POST", () => `/v1/rides/${rng.uuid()}/end`, 55],
    ["GET", () => `/v1/vehicles/nearby?lat=53.${rng.digits(4)}&lon=-6.${rng.digits(4)}`, 25],
  ] as const;
  poisson(rng, start, end, 24 * SEC, (t) => {
    const [m, p, med] = rng.pick(rides);
    const code = rng.weighted([
      [200, 95],
      [404, 2],
      [409, 2],
      [401, 1],
    ] as const);
    envoy(t, m, p(), code, "-", healthy(rng, med), `10.42.${rng.int(1, 6)}.${rng.int(2, 250)}:8080`, "via_upstream", {}, null);
  });
  poisson(rng, start, end, 40 * MIN, (t) => {
    envoy(t, "GET", "/v1/vehicles/nearby", 429, "RL", 0, null, "request_rate_limited", {}, null);
  });

  return tl.build(
    "scooter-telemetry-canary-heap-leak",
    "E-scooter telemetry: the canary ingest pod's heap climbs slowly for hours while peers stay flat, then GC thrash, Envoy timeouts, V8 heap OOM and connection failures (winston heapUsed/heapTotal, Envoy JSON, Fluent Bit raw stderr).",
  );
}
