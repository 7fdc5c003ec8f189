/**
 * s12: a telehealth scheduling platform on Kubernetes. Application logs are Go `log/slog` JSON
 * shipped by Fluent Bit with Kubernetes metadata (Merge_Log on), the ingress is ingress-nginx
 * with a JSON log format, and cluster events come as events.k8s.io/v1 objects. A rollout of
 * appointment-svc 2.32.0 renames a required environment variable: the new pods start, fail
 * configuration validation and crash-loop with failing readiness probes, the old ReplicaSet runs
 * one pod short and slows down, until the rollout is undone.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, isoMs, isoNano, isoUs, privateIp, publicIp, spanId, traceId, uuid, type Label, type Log } from "./common.js";

const NAME = "rollout-crashloop";

interface Pod {
  name: string;
  app: string;
  version: string;
  hash: string;
  ip: string;
  node: string;
  uid: string;
}

export function s12RolloutCrashloop(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(75, 110) * MIN;
  const start = rng.start2026(span, 7, 17);
  const end = start + span;
  const tl = new Timeline();

  const R0 = start + span * rng.float(0.35, 0.45); // rollout starts
  const R1 = R0 + rng.float(13, 20) * MIN; // kubectl rollout undo
  const nodes = Array.from({ length: 5 }, () => `aks-pool1-${rng.int(10000000, 99999999)}-vmss0000${rng.int(0, 9)}${rng.alnum(1)}`);
  const mkPod = (app: string, version: string, hash: string): Pod => ({
    name: `${app}-${hash}-${rng.alnum(5)}`,
    app,
    version,
    hash,
    ip: privateIp(rng, "10.244"),
    node: rng.pick(nodes),
    uid: uuid(rng),
  });
  const oldHash = rng.alnum(10);
  const newHash = rng.alnum(10);
  const oldPods = Array.from({ length: 4 }, () => mkPod("appointment-svc", "2.31.0", oldHash));
  const newPods = Array.from({ length: 2 }, () => mkPod("appointment-svc", "2.32.0", newHash));
  const victim = oldPods[3] as Pod; // scaled down at R0
  const replacement = mkPod("appointment-svc", "2.31.0", oldHash); // scaled back up at R1
  const others: Pod[] = [
    ...Array.from({ length: 2 }, () => mkPod("patient-profile", "1.44.2", "7f9c6d5b8d")),
    ...Array.from({ length: 2 }, () => mkPod("video-session", "3.8.0", "5d6b7c9f44")),
    mkPod("notification-worker", "1.12.1", "66c8b9d7f5"),
  ];
  const ingressPods = Array.from({ length: 2 }, () => mkPod("ingress-nginx-controller", "1.10.1", "6b9d8f7c5"));

  const kube = (p: Pod): Log => ({
    pod_name: p.name,
    namespace_name: p.app.startsWith("ingress") ? "ingress-nginx" : "care",
    pod_id: p.uid,
    labels: p.app.startsWith("ingress")
      ? { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller", "pod-template-hash": p.hash }
      : { app: p.app, "pod-template-hash": p.hash, version: p.version },
    annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": "9090" },
    host: p.node,
    container_name: p.app.startsWith("ingress") ? "controller" : p.app,
    docker_id: rng.hex(64),
    container_hash: `ghcr.io/carebridge/${p.app}@sha256:${rng.hex(64)}`,
    container_image: p.app.startsWith("ingress") ? "registry.k8s.io/ingress-nginx/controller:v1.10.1" : `ghcr.io/carebridge/${p.app}:${p.version}`,
  });
  /** slog JSONHandler line (time, level, msg, attrs) merged by Fluent Bit. */
  const slog = (t: number, p: Pod, level: string, msg: string, attrs: Log, label: Label, trace = true): void => {
    const log: Log = { time: isoNano(t), level, msg, ...attrs };
    if (trace) {
      log.trace_id = traceId(rng);
      log.span_id = spanId(rng);
    }
    log.stream = "stderr";
    log.kubernetes = kube(p);
    tl.add(t, log, label);
  };
  const event = (t: number, reason: string, type: string, note: string, controller: string, regarding: Log, label: Label, count = 1): void => {
    tl.add(
      t,
      {
        kind: "Event",
        apiVersion: "events.k8s.io/v1",
        metadata: {
          name: `${String(regarding.name)}.${rng.hex(16)}`,
          namespace: "care",
          uid: uuid(rng),
          resourceVersion: String(rng.int(40_000_000, 90_000_000)),
          creationTimestamp: isoMs(t).slice(0, 19) + "Z",
        },
        eventTime: isoUs(t),
        reportingController: controller,
        reportingInstance: controller === "kubelet" ? String(regarding.node ?? rng.pick(nodes)) : `${controller}-leader`,
        action: reason === "ScalingReplicaSet" ? "Scaling" : reason === "BackOff" ? "Restarting" : reason,
        reason,
        regarding: {
          kind: regarding.kind,
          namespace: "care",
          name: regarding.name,
          uid: regarding.uid ?? uuid(rng),
          apiVersion: regarding.kind === "Pod" ? "v1" : "apps/v1",
        },
        note,
        type,
        deprecatedCount: count,
      },
      label,
    );
  };
  /** ingress-nginx access line (log-format-upstream as JSON). */
  const ingress = (t: number, method: string, path: string, status: number, ms: number, upstream: Pod, upstreamName: string, label: Label): void => {
    const ip = publicIp(rng);
    tl.add(
      t,
      {
        time: isoMs(t).replace("Z", "+00:00"),
        remote_addr: ip,
        x_forwarded_for: ip,
        request_id: rng.hex(32),
        remote_user: "",
        bytes_sent: status >= 500 ? 150 : rng.int(300, 9000),
        request_time: Math.round(ms + 0.4) / 1000,
        status,
        vhost: "api.carebridge.example",
        request_proto: "HTTP/2.0",
        path: path.split("?")[0],
        request_query: path.includes("?") ? path.split("?")[1] : "",
        request_length: rng.int(80, 1800),
        method,
        http_referrer: "https://app.carebridge.example/",
        http_user_agent: rng.pick([
          "CareBridge/4.3.0 (iOS 17.5)",
          "CareBridge/4.3.0 (Android 14)",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
        ]),
        upstream_addr: `${upstream.ip}:8080`,
        upstream_status: String(status),
        upstream_response_time: status === 502 ? "0.000" : (ms / 1000).toFixed(3),
        proxy_upstream_name: upstreamName,
        stream: "stdout",
        kubernetes: kube(rng.pick(ingressPods)),
      },
      label,
    );
  };
  const podRef = (p: Pod): Log => ({ kind: "Pod", name: p.name, uid: p.uid, node: p.node });
  const deploy: Log = { kind: "Deployment", name: "appointment-svc", uid: uuid(rng) };

  // ------------------------------------------------------------ request traffic (ingress + services)
  const ROUTES = [
    { app: "appointment-svc", method: "GET", path: () => `/v1/appointments/${uuid(rng)}`, route: "/v1/appointments/{id}", ms: 14, w: 20 },
    { app: "appointment-svc", method: "GET", path: () => `/v1/appointments?patient_id=${rng.int(100000, 999999)}`, route: "/v1/appointments", ms: 38, w: 12 },
    { app: "appointment-svc", method: "POST", path: () => "/v1/appointments", route: "/v1/appointments", ms: 70, w: 6 },
    {
      app: "appointment-svc",
      method: "GET",
      path: () => `/v1/slots?clinic_id=${rng.int(10, 400)}&date=${new Date(start).toISOString().slice(0, 10)}`,
      route: "/v1/slots",
      ms: 55,
      w: 14,
    },
    { app: "patient-profile", method: "GET", path: () => `/v1/patients/${rng.int(100000, 999999)}`, route: "/v1/patients/{id}", ms: 11, w: 14 },
    { app: "video-session", method: "POST", path: () => "/v1/sessions", route: "/v1/sessions", ms: 45, w: 5 },
    { app: "video-session", method: "GET", path: () => `/v1/sessions/${uuid(rng)}/token`, route: "/v1/sessions/{id}/token", ms: 9, w: 6 },
  ] as const;
  const CAP = 2.4;
  const servingOld = (t: number): Pod[] => (t < R0 ? oldPods : t < R1 + 40 * SEC ? oldPods.slice(0, 3) : [...oldPods.slice(0, 3), replacement]);

  for (const t0 of arrivals(rng, start, end, span / 1500)) {
    const r = rng.weighted(ROUTES.map((x) => [x, x.w] as const));
    const path = r.path();
    const short = r.app === "appointment-svc" && t0 >= R0 && t0 < R1 + 40 * SEC;
    const pod = r.app === "appointment-svc" ? rng.pick(servingOld(t0)) : rng.pick(others.filter((o) => o.app === r.app));
    let ms = rng.logNormal(r.ms, 0.35, CAP);
    // three pods carry four pods' load: queueing on the busiest requests
    if (short) ms *= rng.chance(0.45) ? rng.float(2.5, 9) : rng.float(1, 1.4);
    const slow = ms > r.ms * CAP * 2; // clearly beyond the most this route takes when healthy
    const label: Label = slow ? "performance" : null;
    const status = r.method === "POST" ? (rng.chance(0.03) ? 422 : 201) : rng.chance(0.015) ? 404 : rng.chance(0.008) ? 401 : 200;
    const tEnd = t0 + ms;
    slog(
      tEnd,
      pod,
      status >= 500 ? "ERROR" : "INFO",
      "request completed",
      {
        method: r.method,
        path,
        route: r.route,
        status,
        duration: Math.round(ms * 1e6),
        remote_addr: `${privateIp(rng, "10.244")}:${rng.int(30000, 60000)}`,
        user_agent: "ingress-nginx",
      },
      label,
    );
    ingress(tEnd + 0.4, r.method, path, status, ms, pod, `care-${r.app}-8080`, label);
  }
  // background work lines
  for (const t of arrivals(rng, start, end, span / 450)) {
    const p = rng.pick(others.filter((o) => o.app === "notification-worker"));
    const k = rng.weighted([
      ["sent", 8],
      ["reminder", 3],
      ["bounce", 1],
    ] as const);
    if (k === "sent")
      slog(
        t,
        p,
        "INFO",
        "notification sent",
        {
          channel: rng.pick(["sms", "email", "push"]),
          template: rng.pick(["appointment-confirmed", "appointment-reminder-24h", "visit-summary"]),
          provider_latency: Math.round(rng.logNormal(180, 0.4, 2.5) * 1e6),
        },
        null,
      );
    else if (k === "reminder") slog(t, p, "INFO", "reminder batch scheduled", { count: rng.int(20, 400), window: "24h" }, null, false);
    else
      slog(
        t,
        p,
        "WARN",
        "sms delivery failed, will not retry",
        { provider: "twilio", error_code: rng.pick([30003, 30005, 30006]), error: "Unreachable destination handset" },
        null,
      );
  }
  for (const p of oldPods) {
    for (let t = start + rng.float(0, 60) * SEC; t < end; t += 60 * SEC) {
      if (p === victim && t >= R0) break;
      slog(t, p, "INFO", "db pool stats", { open: rng.int(4, 12), in_use: rng.int(1, 6), idle: rng.int(2, 8), wait_count: 0 }, null, false);
    }
  }

  // ------------------------------------------------------------ the rollout
  event(R0, "ScalingReplicaSet", "Normal", `Scaled up replica set appointment-svc-${newHash} to 2`, "deployment-controller", deploy, "pattern");
  event(R0 + 120, "ScalingReplicaSet", "Normal", `Scaled down replica set appointment-svc-${oldHash} to 3 from 4`, "deployment-controller", deploy, "pattern");
  event(R0 + 300, "Killing", "Normal", "Stopping container appointment-svc", "kubelet", podRef(victim), "pattern");
  slog(R0 + 420, victim, "INFO", "shutting down: received terminated signal", { grace_period: "30s" }, "pattern", false);
  // in-flight requests cut by the scale-down
  for (let i = rng.int(3, 7); i > 0; i--) {
    const t = R0 + rng.float(0.5, 3) * SEC;
    ingress(t, "GET", `/v1/appointments/${uuid(rng)}`, 502, rng.float(400, 2500), victim, "care-appointment-svc-8080", "error");
  }

  for (const p of newPods) {
    let t = R0 + rng.float(2, 6) * SEC;
    event(t, "Scheduled", "Normal", `Successfully assigned care/${p.name} to ${p.node}`, "default-scheduler", podRef(p), "pattern");
    t += rng.float(1, 3) * SEC;
    event(t, "Pulling", "Normal", `Pulling image "ghcr.io/carebridge/appointment-svc:2.32.0"`, "kubelet", podRef(p), "pattern");
    t += rng.float(4, 12) * SEC;
    const pull = rng.float(4, 12);
    event(
      t,
      "Pulled",
      "Normal",
      `Successfully pulled image "ghcr.io/carebridge/appointment-svc:2.32.0" in ${pull.toFixed(3)}s (${(pull + rng.float(0, 3)).toFixed(3)}s including waiting). Image size: 48213344 bytes.`,
      "kubelet",
      podRef(p),
      "pattern",
    );
    let backoff = 10;
    let restarts = 0;
    while (t < R1) {
      event(t + 200, "Created", "Normal", "Created container appointment-svc", "kubelet", podRef(p), "pattern");
      event(t + 500, "Started", "Normal", "Started container appointment-svc", "kubelet", podRef(p), "pattern");
      let a = t + rng.float(600, 900);
      slog(a, p, "INFO", "starting appointment-svc", { version: "2.32.0", commit: "9f1c2ab", go_version: "go1.22.4", gomaxprocs: 2 }, "pattern", false);
      a += rng.float(2, 6);
      slog(a, p, "INFO", "loading configuration", { source: "env", keys: 23 }, "pattern", false);
      a += rng.float(20, 120);
      slog(
        a,
        p,
        "INFO",
        "connected to postgres",
        { host: "care-db-rw.care.svc", database: "appointments", pool_max: 20, duration: Math.round(rng.float(8, 40) * 1e6) },
        "pattern",
        false,
      );
      a += rng.float(1, 5);
      slog(a, p, "ERROR", "invalid configuration", { error: "calendar: CALENDAR_SYNC_URL is required (renamed from CALENDAR_URL in 2.32.0)" }, "error", false);
      slog(a + 0.3, p, "ERROR", "exiting", { exit_code: 1 }, "error", false);
      if (rng.chance(0.7))
        event(
          a - 100,
          "Unhealthy",
          "Warning",
          `Readiness probe failed: Get "http://${p.ip}:8080/readyz": dial tcp ${p.ip}:8080: connect: connection refused`,
          "kubelet",
          podRef(p),
          "error",
        );
      restarts += 1;
      // kubelet restarts after back-off; each back-off is reported as the event repeats
      const bt = a + rng.float(1, 3) * SEC;
      event(
        bt,
        "BackOff",
        "Warning",
        `Back-off restarting failed container appointment-svc in pod ${p.name}_care(${p.uid})`,
        "kubelet",
        podRef(p),
        "error",
        restarts,
      );
      t = a + backoff * SEC;
      if (backoff >= 40) {
        const mid = a + (backoff * SEC) / 2;
        event(
          mid,
          "BackOff",
          "Warning",
          `Back-off restarting failed container appointment-svc in pod ${p.name}_care(${p.uid})`,
          "kubelet",
          podRef(p),
          "error",
          restarts,
        );
      }
      backoff = Math.min(300, backoff * 2);
    }
  }
  // the Deployment reports the stalled rollout
  const stall = R0 + 10 * MIN + rng.float(5, 30) * SEC;
  if (stall < R1)
    event(
      stall,
      "ProgressDeadlineExceeded",
      "Warning",
      `Deployment "appointment-svc" has timed out progressing: ReplicaSet "appointment-svc-${newHash}" has timed out progressing.`,
      "deployment-controller",
      deploy,
      "error",
    );

  // ------------------------------------------------------------ rollback
  event(R1, "DeploymentRollback", "Normal", 'Rolled back deployment "appointment-svc" to revision 41', "deployment-controller", deploy, "pattern");
  event(R1 + 150, "ScalingReplicaSet", "Normal", `Scaled up replica set appointment-svc-${oldHash} to 4 from 3`, "deployment-controller", deploy, "pattern");
  event(R1 + 400, "ScalingReplicaSet", "Normal", `Scaled down replica set appointment-svc-${newHash} to 0 from 2`, "deployment-controller", deploy, "pattern");
  for (const p of newPods) event(R1 + rng.float(0.5, 2) * SEC, "Killing", "Normal", "Stopping container appointment-svc", "kubelet", podRef(p), "pattern");
  let t = R1 + rng.float(2, 4) * SEC;
  event(t, "Scheduled", "Normal", `Successfully assigned care/${replacement.name} to ${replacement.node}`, "default-scheduler", podRef(replacement), "pattern");
  t += rng.float(2, 5) * SEC;
  event(
    t,
    "Pulled",
    "Normal",
    'Container image "ghcr.io/carebridge/appointment-svc:2.31.0" already present on machine',
    "kubelet",
    podRef(replacement),
    "pattern",
  );
  event(t + 200, "Created", "Normal", "Created container appointment-svc", "kubelet", podRef(replacement), "pattern");
  event(t + 500, "Started", "Normal", "Started container appointment-svc", "kubelet", podRef(replacement), "pattern");
  slog(
    t + 800,
    replacement,
    "INFO",
    "starting appointment-svc",
    { version: "2.31.0", commit: "e41d07b", go_version: "go1.22.4", gomaxprocs: 2 },
    "pattern",
    false,
  );
  slog(t + 900, replacement, "INFO", "loading configuration", { source: "env", keys: 23 }, "pattern", false);
  slog(
    t + 1000,
    replacement,
    "INFO",
    "connected to postgres",
    { host: "care-db-rw.care.svc", database: "appointments", pool_max: 20, duration: Math.round(rng.float(8, 40) * 1e6) },
    "pattern",
    false,
  );
  slog(t + 1100, replacement, "INFO", "listening", { addr: ":8080" }, "pattern", false);
  for (let tt = t + 60 * SEC; tt < end; tt += 60 * SEC)
    slog(tt, replacement, "INFO", "db pool stats", { open: rng.int(4, 12), in_use: rng.int(1, 6), idle: rng.int(2, 8), wait_count: 0 }, null, false);

  return tl.build(
    NAME,
    "Kubernetes rollout of appointment-svc 2.32.0: new pods fail config validation and crash-loop with failing probes, the short-handed old ReplicaSet slows, then the rollout is undone.",
  );
}
