// A video-transcode batch pod without CPU limits lands on a GKE node shared with latency-sensitive services. CPU
// starvation makes the Go search API and the Rails profile app slow, probes time out (readiness flaps, one liveness
// restart), the Redis replica on the node loses its master link repeatedly, and Rails requests hit Redis timeouts.
// The node is cordoned and the job evicted; latency returns to normal.

import { Build, fluentBit, type GcpCtx, gcpContainer, type Label, mkPod, type Pod } from "./build.js";
import { logfmt } from "./fmt.js";
import type { WildScenario } from "./types.js";

export function s11NoisyNeighbourCpu(seed: number): WildScenario {
  const b = new Build(seed, "s11-noisy-neighbour-cpu");
  const { rng, f } = b;
  const start = b.start([9, 10, 11, 14, 15, 16, 17]);
  const dur = rng.int(34, 50) * 60000;
  const end = start + dur;
  const tJob = start + Math.round(dur * rng.float(0.3, 0.4));
  const tEvict = tJob + rng.int(13, 19) * 60000;
  const hot = (t: number): boolean => t > tJob + 20000 && t < tEvict + 10000;
  const g: GcpCtx = { project: "acme-social-prod", location: "us-central1", cluster: "social-prod" };
  const node = `gke-social-prod-pool-2-${rng.hex(8)}-${rng.k8s(4)}`;
  const otherNode = `gke-social-prod-pool-2-${rng.hex(8)}-${rng.k8s(4)}`;
  const search = mkPod(rng, "social", "search-api", node, "us-docker.pkg.dev/acme-social-prod/apps/search-api:3.2.0");
  const profile = mkPod(rng, "social", "profile-web", node, "us-docker.pkg.dev/acme-social-prod/apps/profile-web:2026.04.2", { container: "web" });
  const transcode = {
    ...mkPod(rng, "media", "video-transcode", node, "us-docker.pkg.dev/acme-social-prod/batch/video-transcode:1.4.0"),
    name: `video-transcode-${rng.int(29000000, 29999999)}-${rng.k8s(5)}`,
  };
  const kubeletPid = rng.int(1500, 3000);
  const bootId = rng.hex(32);

  // ---------------------------------------------------------------- kubelet, from Cloud Logging (k8s_node, journald fields)
  const kubelet = (t: number, sev: "I" | "W" | "E", file: string, msg: string, l: Label): void =>
    b.add(
      t,
      {
        insertId: rng.alnum(20),
        jsonPayload: {
          _BOOT_ID: bootId,
          PRIORITY: sev === "E" ? "3" : sev === "W" ? "4" : "6",
          SYSLOG_FACILITY: "3",
          SYSLOG_IDENTIFIER: "kubelet",
          _PID: String(kubeletPid),
          _SYSTEMD_UNIT: "kubelet.service",
          _HOSTNAME: node,
          _TRANSPORT: "stdout",
          _COMM: "kubelet",
          MESSAGE: f.klog(t, sev, kubeletPid, file, msg),
        },
        resource: { type: "k8s_node", labels: { project_id: g.project, location: g.location, cluster_name: g.cluster, node_name: node } },
        timestamp: f.nano(t),
        severity: sev === "E" ? "ERROR" : sev === "W" ? "WARNING" : "INFO",
        logName: `projects/${g.project}/logs/kubelet`,
        receiveTimestamp: f.nano(t + rng.int(500, 4000)),
      },
      l,
    );
  b.flow(start, end, 1 / 80, (t) =>
    kubelet(
      t,
      "E",
      "cadvisor_stats_provider.go:525",
      `"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"/kubepods/burstable/pod${rng.uuid()}/${rng.hex(64)}\\": RecentStats: unable to find data in memory cache]"`,
      null,
    ),
  );
  b.flow(start, end, 1 / 240, (t) =>
    kubelet(t, "I", "kubelet_getters.go:218", `"Pod status updated" pod="kube-system/fluentbit-gke-${rng.k8s(5)}" status="Running"`, null),
  );
  kubelet(tJob - rng.int(800, 2000), "I", "kubelet.go:2433", `"SyncLoop ADD" source="api" pods=["media/${transcode.name}"]`, "pattern");
  kubelet(
    tJob + rng.int(500, 3000),
    "I",
    "kubelet.go:2465",
    `"SyncLoop (PLEG): event for pod" pod="media/${transcode.name}" event={"ID":"${transcode.uid}","Type":"ContainerStarted","Data":"${transcode.cid}"}`,
    "pattern",
  );
  kubelet(tEvict, "I", "kubelet.go:2449", `"SyncLoop DELETE" source="api" pods=["media/${transcode.name}"]`, null);
  kubelet(
    tEvict + rng.int(100, 400),
    "I",
    "kuberuntime_container.go:779",
    `"Killing container with a grace period" pod="media/${transcode.name}" podUID="${transcode.uid}" containerName="video-transcode" containerID="containerd://${transcode.cid}" gracePeriod=30`,
    null,
  );
  // probes under CPU starvation
  const probeFail = (t: number, p: Pod, kind: "Readiness" | "Liveness", port: number, path: string): void =>
    kubelet(
      t,
      "I",
      "prober.go:107",
      `"Probe failed" probeType="${kind}" pod="${p.ns}/${p.name}" podUID="${p.uid}" containerName="${p.container}" probeResult="failure" output="Get \\"http://${p.ip}:${port}${path}\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`,
      kind === "Liveness" ? "performance" : "pattern",
    );
  for (const [p, port, path] of [
    [search, 8080, "/readyz"],
    [profile, 3000, "/up"],
  ] as const) {
    let ready = true;
    for (let t = tJob + rng.int(40000, 90000); t < tEvict + 20000; t += rng.int(15000, 50000)) {
      if (ready) probeFail(t, p, "Readiness", port, path);
      ready = !ready;
      kubelet(
        t + rng.int(1, 30),
        "I",
        "kubelet.go:2542",
        `"SyncLoop (probe)" probe="readiness" status="${ready ? "ready" : ""}" pod="${p.ns}/${p.name}"`,
        "pattern",
      );
    }
    if (!ready)
      kubelet(tEvict + rng.int(20000, 40000), "I", "kubelet.go:2542", `"SyncLoop (probe)" probe="readiness" status="ready" pod="${p.ns}/${p.name}"`, "pattern");
  }
  // the search API fails liveness three times in a row once and is restarted
  const tLive = tJob + rng.int(5, 9) * 60000;
  for (let k = 0; k < 3; k++) probeFail(tLive + k * 10000, search, "Liveness", 8080, "/healthz");
  kubelet(
    tLive + 20050,
    "I",
    "kuberuntime_manager.go:1056",
    `"Message for Container of pod" containerName="search-api" containerStatusID={"Type":"containerd","ID":"${search.cid}"} pod="${search.ns}/${search.name}" containerMessage="Container search-api failed liveness probe, will be restarted"`,
    "error",
  );
  kubelet(
    tLive + 20100,
    "I",
    "kuberuntime_container.go:779",
    `"Killing container with a grace period" pod="${search.ns}/${search.name}" podUID="${search.uid}" containerName="search-api" containerID="containerd://${search.cid}" gracePeriod=30`,
    "error",
  );

  // ---------------------------------------------------------------- search-api: Go slog text (logfmt), raw lines
  const slog = (t: number, level: string, msg: string, kv: [string, unknown][], l: Label): void =>
    b.add(t, logfmt([["time", f.isoD(t, 3, "Z")], ["level", level], ["msg", msg], ["service", "search-api"], ...kv]), l);
  const searchDown = (t: number): boolean => t > tLive + 20100 && t < tLive + 26000;
  b.flow(start, end, 0.5, (t) => {
    if (searchDown(t)) return;
    const q = rng.pick(["alice", "bob smith", "rust meetup", "berlin", "photography", "#running", "marathon training", "cats"]);
    let ms = rng.logn(14, 0.5);
    let l: Label = null;
    if (hot(t)) {
      ms = rng.chance(0.7) ? rng.logn(900, 0.6) : rng.logn(60, 0.5);
      l = ms > 500 ? "performance" : null;
    }
    const status = ms > 5000 ? 504 : 200;
    if (status === 504) ms = 5000 + rng.float(0, 3);
    slog(
      t + Math.round(ms),
      status === 504 ? "WARN" : "INFO",
      status === 504 ? "request timed out" : "request",
      [
        ["method", "GET"],
        ["path", "/v1/search"],
        ["q", q],
        ["status", status],
        ["dur", `${ms.toFixed(3)}ms`],
        ["hits", status === 504 ? 0 : rng.int(0, 200)],
      ],
      l ?? (status === 504 ? "performance" : null),
    );
  });
  b.every(start + rng.int(0, 15000), end, 15000, 200, (t) => {
    if (searchDown(t)) return;
    const lag = hot(t) ? rng.float(80, 900) : rng.float(0.05, 2);
    slog(
      t,
      hot(t) && lag > 100 ? "WARN" : "INFO",
      "runtime",
      [
        ["goroutines", rng.int(40, 90)],
        ["heap_mb", rng.int(80, 140)],
        ["gc_pause_p99", `${(hot(t) ? rng.float(5, 40) : rng.float(0.1, 0.6)).toFixed(3)}ms`],
        ["sched_latency_p99", `${lag.toFixed(3)}ms`],
      ],
      hot(t) && lag > 100 ? "performance" : null,
    );
  });
  slog(
    tLive + 26000,
    "INFO",
    "starting search-api",
    [
      ["version", "3.2.0"],
      ["commit", rng.hex(7)],
      ["gomaxprocs", 2],
    ],
    null,
  );
  slog(
    tLive + 26400,
    "INFO",
    "index loaded",
    [
      ["docs", rng.int(9000000, 9100000)],
      ["took", `${rng.float(2, 4).toFixed(3)}s`],
    ],
    null,
  );
  slog(tLive + 27000, "INFO", "listening", [["addr", ":8080"]], null);

  // ---------------------------------------------------------------- profile-web: Rails (Ruby Logger, colorized SQL), raw lines
  const ruby = (t: number, sev: string, msg: string, l: Label): void => b.add(t, f.ruby(t, 1, sev, "", msg), l);
  const E = "\u001b";
  b.flow(start, end, 0.14, (t) => {
    const rid = rng.uuid();
    const uid = rng.int(1000, 9999999);
    const [path, ctrl] = rng.pick([
      [`/u/${uid}`, "ProfilesController#show"],
      [`/u/${uid}/followers`, "FollowersController#index"],
      ["/settings", "SettingsController#show"],
    ] as const);
    const ip = `10.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    ruby(t, "INFO", `[${rid}] Started GET "${path}" for ${ip} at ${f.space(t, 0)} +0000`, null);
    ruby(t + 2, "INFO", `[${rid}] Processing by ${ctrl} as HTML`, null);
    if (hot(t) && rng.chance(0.18)) {
      ruby(
        t + 1003,
        "INFO",
        `[${rid}]   ${E}[1m${E}[36mUser Load (${rng.float(0.3, 3).toFixed(1)}ms)${E}[0m  ${E}[1m${E}[34mSELECT "users".* FROM "users" WHERE "users"."id" = $1 LIMIT $2${E}[0m  [["id", ${uid}], ["LIMIT", 1]]`,
        null,
      );
      ruby(t + 6010, "FATAL", `[${rid}]   `, "performance");
      ruby(t + 6010, "FATAL", `[${rid}] Redis::TimeoutError (Connection timed out):`, "performance");
      ruby(t + 6010, "FATAL", `[${rid}]   `, "performance");
      ruby(t + 6011, "FATAL", `[${rid}] app/models/session_cache.rb:18:in \`fetch'`, "performance");
      ruby(t + 6011, "FATAL", `[${rid}] app/controllers/application_controller.rb:41:in \`current_viewer'`, "performance");
      ruby(
        t + 6012,
        "INFO",
        `[${rid}] Completed 500 Internal Server Error in ${rng.int(6005, 6030)}ms (ActiveRecord: ${rng.float(0.3, 3).toFixed(1)}ms | Allocations: ${rng.int(2000, 9000)})`,
        "error",
      );
      return;
    }
    const starve = hot(t) ? rng.float(4, 30) : 1;
    const sql = rng.float(0.2, 2.5);
    ruby(
      t + 3 + Math.round(sql * starve),
      "INFO",
      `[${rid}]   ${E}[1m${E}[36mUser Load (${(sql * (hot(t) ? rng.float(1, 3) : 1)).toFixed(1)}ms)${E}[0m  ${E}[1m${E}[34mSELECT "users".* FROM "users" WHERE "users"."id" = $1 LIMIT $2${E}[0m  [["id", ${uid}], ["LIMIT", 1]]`,
      null,
    );
    const view = rng.float(8, 40) * starve;
    const total = Math.round(view + sql + rng.float(2, 10) * starve);
    ruby(
      t + 3 + Math.round(view),
      "INFO",
      `[${rid}]   Rendered ${ctrl.split("#")[0]?.replace("Controller", "").toLowerCase()}/${ctrl.split("#")[1]}.html.erb within layouts/application (Duration: ${view.toFixed(1)}ms | Allocations: ${rng.int(2000, 20000)})`,
      null,
    );
    ruby(
      t + total,
      "INFO",
      `[${rid}] Completed 200 OK in ${total}ms (Views: ${view.toFixed(1)}ms | ActiveRecord: ${sql.toFixed(1)}ms | Allocations: ${rng.int(4000, 40000)})`,
      total > 700 ? "performance" : null,
    );
  });
  for (let t = tJob + rng.int(4, 8) * 60000; t < tEvict; t += rng.int(5, 9) * 60000) {
    const w = rng.int(0, 3);
    b.add(t, `[1] ! Terminating timed out worker (Worker ${w} failed to check in within 60 seconds): ${rng.int(20, 90)}`, "performance");
    b.add(t + rng.int(2000, 6000), `[1] - Worker ${w} (PID: ${rng.int(90, 400)}) booted in ${rng.float(3, 9).toFixed(2)}s, phase: 0`, null);
  }

  // ---------------------------------------------------------------- session-store Redis replica on the node (plain log)
  const rpid = 1;
  const redis = (t: number, lvl: "*" | "#", msg: string, l: Label): void => b.add(t, f.redis(t, rpid, "S", lvl, msg), l);
  const master = `10.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  b.every(start + rng.int(0, 300000), end, 300000, 2000, (t) => {
    const child = rng.int(1000, 9000);
    redis(t, "*", "100 changes in 300 seconds. Saving...", null);
    redis(t + 1, "*", `Background saving started by pid ${child}`, null);
    b.add(t + rng.int(200, 800), f.redis(t + 600, child, "C", "*", "DB saved on disk"), null);
    redis(t + rng.int(900, 1200), "*", "Background saving terminated with success", null);
  });
  for (let t = tJob + rng.int(90, 200) * 1000; t < tEvict; t += rng.int(3, 6) * 60000) {
    redis(t, "#", "MASTER timeout: no data nor PING received...", "pattern");
    redis(t + 1, "#", "Connection with master lost.", "pattern");
    redis(t + 2, "*", "Caching the disconnected master state.", "pattern");
    redis(t + 3, "*", `Reconnecting to MASTER ${master}:6379 after failure`, "pattern");
    redis(t + 300 + rng.int(0, 900), "*", `Connecting to MASTER ${master}:6379`, "pattern");
    redis(t + 1300 + rng.int(0, 900), "*", "MASTER <-> REPLICA sync started", "pattern");
    redis(t + 2300 + rng.int(0, 900), "*", "Non blocking connect for SYNC fired the event.", "pattern");
    redis(t + 3300 + rng.int(0, 900), "*", "Master replied to PING, replication can continue...", "pattern");
    redis(t + 4300 + rng.int(0, 900), "*", `Trying a partial resynchronization (request ${rng.hex(40)}:${rng.int(100000000, 999999999)}).`, "pattern");
    redis(t + 5300 + rng.int(0, 900), "*", "Successful partial resynchronization with master.", "pattern");
    redis(t + 5301 + rng.int(0, 900), "*", "MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.", "pattern");
  }

  // ---------------------------------------------------------------- video-transcode: structlog JSON, Fluent Bit (Merge_Log, Keep_Log On)
  const tc = (t: number, level: string, event: string, kv: Record<string, unknown>, l: Label): void => {
    const obj = { event, ...kv, level, timestamp: f.isoD(t, 6) };
    b.add(t, fluentBit(b, t, transcode, "stderr", JSON.stringify(obj), { obj }), l);
  };
  tc(
    tJob + rng.int(1000, 4000),
    "info",
    "job started",
    {
      job_id: `tj_${rng.alnum(10)}`,
      input: `gs://acme-media-ingest/uploads/${rng.uuid()}.mov`,
      renditions: ["1080p", "720p", "480p", "360p"],
      ffmpeg_threads: 0,
    },
    "pattern",
  );
  b.flow(tJob + 5000, tEvict, 1 / 20, (t) =>
    tc(
      t,
      "info",
      "segment encoded",
      {
        rendition: rng.pick(["1080p", "720p", "480p", "360p"]),
        segment: rng.int(1, 900),
        fps: Number(rng.float(40, 120).toFixed(1)),
        cpu_pct: rng.int(680, 795),
      },
      null,
    ),
  );
  tc(tEvict + rng.int(200, 800), "warning", "received SIGTERM, checkpointing", { segments_done: rng.int(300, 700) }, null);
  // other pods on a healthy node (background only)
  const feed = mkPod(rng, "social", "feed-ranker", otherNode, "us-docker.pkg.dev/acme-social-prod/apps/feed-ranker:5.1.0");
  b.flow(start, end, 0.12, (t) =>
    b.add(
      t,
      gcpContainer(b, t, g, feed, "stdout", {
        message: "ranked feed",
        user: rng.int(1000, 9999999),
        candidates: rng.int(200, 800),
        took_ms: rng.int(8, 40),
        model: "ltr-v14",
      }),
      null,
    ),
  );

  return b.finish(
    "s11-noisy-neighbour-cpu",
    "A limit-less video-transcode pod starves a shared GKE node of CPU: slow Go search API and Rails app, readiness flapping and a liveness restart, Puma worker timeouts, Redis replica link flapping and Redis timeouts, until the job is evicted.",
  );
}
