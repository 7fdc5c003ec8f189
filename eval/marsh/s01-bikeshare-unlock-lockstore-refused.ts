// s01 bikeshare-unlock-lockstore-refused
//
// A city bike-share's dock-unlock service (Go, zap production JSON) keeps its per-dock locks
// in a Redis StatefulSet (lockstore-redis-0). The node under that pod died before the window
// opened and the pod is stuck Pending on a Multi-Attach error for its volume, so the window
// opens with every unlock failing with one identical "connection refused" ERROR and a 503 in
// the ingress access log. Other traffic (station map, active rides, ride ends in trip-recorder)
// stays healthy. Part way through (60-70 % of the window) an operator force-detaches the
// volume, Redis starts and unlocks succeed again (with a short pent-up burst).
//
// Healthy bands (per operation, latency):
//   dock-unlock "unlock granted"            latency (zap seconds) median 0.048 s, band [0.017, 0.134] s
//   ingress POST /v1/docks/<id>/unlock 200   request_time median 0.055 s, band [0.020, 0.154] s
//   ingress GET /v1/stations/nearby 200      request_time median 0.032 s
//   ingress GET /v1/rides/active 200         request_time median 0.021 s
//   ingress POST /v1/rides/<id>/end 200      request_time median 0.030 s
//   trip-recorder POST /v1/rides/<id>/end    responseTime median 24 ms
//   healthy dock-unlock never logs lock-store connection errors; ingress never returns 503.
// Labels: unlock ERROR lines and their 503s = error; kubelet FailedMount "timed out waiting
// for the condition" = performance; FailedAttachVolume Multi-Attach = error; the volume
// attach, container start, Redis startup lines and dock-unlock's "lock store reachable again"
// = pattern. Everything else null.
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, deploymentPods, epochSec, fluentBit, isoMs, k8sSuffix, redisTime, round, type Label, type Log } from "./util.js";

const NAME = "bikeshare-unlock-lockstore-refused";

export function bikeshareUnlockLockstoreRefused(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 3, 14, 7, 0) + r.int(0, 40) * MIN + r.int(0, 59) * SEC;
  const dur = 40 * MIN;
  const end = start + dur;
  const recoverAt = start + dur * r.float(0.6, 0.7);
  const outageStart = start - r.int(35, 60) * MIN;

  const unlockPods = deploymentPods(r, "dock-unlock", 3);
  const tripPods = deploymentPods(r, "trip-recorder", 2);
  const ingressPods = deploymentPods(r, "ingress-nginx-controller", 2);
  const unlockIps = unlockPods.map(() => `10.42.${r.int(1, 9)}.${r.int(2, 250)}`);
  const tripIps = tripPods.map(() => `10.42.${r.int(1, 9)}.${r.int(2, 250)}`);
  const stationIp = `10.42.${r.int(1, 9)}.${r.int(2, 250)}`;
  const redisSvcIp = `10.96.${r.int(10, 250)}.${r.int(2, 250)}`;
  const pvc = `pvc-${r.uuid()}`;
  const redisPodUid = r.uuid();
  const node = `ip-10-40-${r.int(1, 9)}-${r.int(10, 250)}.eu-west-1.compute.internal`;
  const appVersions = ["6.3.1", "6.3.0", "6.2.4"];
  const oses = ["iPhone; iOS 17.4", "iPhone; iOS 17.3.1", "Android 14; Pixel 7", "Android 13; SM-A536B", "Android 14; SM-S911B"];

  const ua = (): string => `VeloCity/${r.pick(appVersions)} (${r.pick(oses)})`;
  const clientIp = (): string => `${r.pick(["81.2", "86.139", "92.40", "109.150", "176.24"])}.${r.int(1, 254)}.${r.int(1, 254)}`;
  const station = (): string => `ST-${String(r.int(1, 640)).padStart(4, "0")}`;

  const ingress = (t: number, request: string, status: number, rt: number, upstream: string, label: Label, bytes: number): void => {
    const pod = r.pick(ingressPods);
    const log: Log = {
      time_iso8601: isoMs(t).replace(/\.\d{3}Z$/, "+00:00"),
      msec: round(t / 1000, 3),
      remote_addr: clientIp(),
      request_id: r.hex(32),
      request,
      status,
      body_bytes_sent: bytes,
      request_time: round(rt, 3),
      upstream_addr: upstream,
      upstream_status: String(status),
      upstream_response_time: String(round(Math.max(0.001, rt - 0.001), 3)),
      http_user_agent: ua(),
      http_x_forwarded_for: "",
      kubernetes: {
        pod_name: pod,
        namespace_name: "ingress-nginx",
        container_name: "controller",
        labels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" },
      },
    };
    tl.add(t, log, label);
  };

  const zap = (t: number, level: string, msg: string, fields: Log, label: Label): void => {
    tl.add(t, { level, ts: epochSec(t), msg, ...fields }, label);
  };

  const stack =
    "github.com/velocity-city/dock-unlock/internal/lock.(*Store).Acquire\n\t/src/internal/lock/store.go:61\n" +
    "github.com/velocity-city/dock-unlock/internal/api.(*Handler).Unlock\n\t/src/internal/api/unlock.go:88\n" +
    "net/http.HandlerFunc.ServeHTTP\n\t/usr/local/go/src/net/http/server.go:2166\n" +
    "github.com/go-chi/chi/v5.(*Mux).routeHTTP\n\t/go/pkg/mod/github.com/go-chi/chi/v5@v5.0.12/mux.go:444";

  // Unlock traffic: riders tap "unlock"; the app retries a failed unlock up to twice.
  const unlockRate = (t: number): number => {
    const commute = 1 + 0.25 * Math.sin(((t - start) / dur) * Math.PI);
    const burst = t > recoverAt && t < recoverAt + 3 * MIN ? 1.7 : 1;
    return 26 * commute * burst;
  };
  for (const t0 of arrivals(r, start, end, unlockRate, 60)) {
    const dock = `D-${String(r.int(1, 640)).padStart(4, "0")}-${String(r.int(1, 24)).padStart(2, "0")}`;
    const st = station();
    const rider = `r_${r.hex(12)}`;
    let t = t0;
    const attempts =
      t0 < recoverAt
        ? r.weighted([
            [1, 0.35],
            [2, 0.3],
            [3, 0.35],
          ] as const)
        : 1;
    for (let a = 1; a <= attempts; a++) {
      const i = r.int(0, unlockPods.length - 1);
      const pod = unlockPods[i] ?? "";
      const trace = r.hex(32);
      const path = `POST /v1/docks/${dock}/unlock HTTP/2.0`;
      if (t < recoverAt) {
        const lat = r.float(0.0012, 0.0045);
        zap(
          t + lat * 1000,
          "error",
          "acquire dock lock failed",
          {
            service: "dock-unlock",
            pod,
            dock_id: dock,
            station_id: st,
            rider: rider,
            trace_id: trace,
            error: `dial tcp ${redisSvcIp}:6379: connect: connection refused`,
            stacktrace: stack,
          },
          "error",
        );
        ingress(t + lat * 1000 + 0.8, path, 503, lat + 0.0009, `${unlockIps[i]}:8080`, "error", 58);
        t += r.float(2.2, 4.5) * SEC;
      } else {
        const lat = r.healthy(0.048);
        zap(
          t + lat * 1000,
          "info",
          "unlock granted",
          { service: "dock-unlock", pod, dock_id: dock, station_id: st, rider, trace_id: trace, lock_ttl_s: 30, latency: round(lat, 6) },
          null,
        );
        ingress(t + lat * 1000 + 1, path, 200, r.healthy(0.055), `${unlockIps[i]}:8080`, null, r.int(140, 190));
        break;
      }
    }
  }

  // Station map lookups (station-map service does not log requests itself).
  for (const t of arrivals(r, start, end, () => 18, 18)) {
    const lat = r.float(51.44, 51.56).toFixed(4);
    const lon = r.float(-2.66, -2.52).toFixed(4);
    ingress(t, `GET /v1/stations/nearby?lat=${lat}&lon=${lon}&r=800 HTTP/2.0`, 200, r.healthy(0.032), `${stationIp}:8080`, null, r.int(2200, 6400));
  }
  // Active-ride polling.
  for (const t of arrivals(r, start, end, () => 9, 9)) {
    ingress(t, "GET /v1/rides/active HTTP/2.0", 200, r.healthy(0.021), `${r.pick(tripIps)}:3000`, null, r.int(90, 420));
  }
  // Ride ends: rides that began before the outage keep ending; new ones taper while unlocks fail.
  const endRate = (t: number): number =>
    t < recoverAt ? 7 * Math.max(0.35, 1 - (t - start) / (recoverAt - start)) : 6 + 3 * Math.min(1, (t - recoverAt) / (8 * MIN));
  for (const t of arrivals(r, start, end, endRate, 9)) {
    const ride = r.int(4_100_000, 4_199_999);
    const i = r.int(0, tripPods.length - 1);
    const ms = r.healthy(24);
    tl.add(
      t,
      {
        level: 30,
        time: Math.floor(t),
        pid: 1,
        hostname: tripPods[i],
        name: "trip-recorder",
        req: { id: r.uuid(), method: "POST", url: `/v1/rides/${ride}/end`, remoteAddress: "10.42.0.17", remotePort: r.int(30000, 60999) },
        res: { statusCode: 200 },
        responseTime: Math.round(ms),
        rideMinutes: r.int(4, 48),
        msg: "request completed",
      },
      null,
    );
    ingress(t + ms + 1, `POST /v1/rides/${ride}/end HTTP/2.0`, 200, (ms + r.healthy(6)) / 1000, `${tripIps[i]}:3000`, null, r.int(300, 520));
  }

  // Kubernetes events for the stuck Redis pod (kubernetes-event-exporter JSON).
  let attachCount = r.int(40, 90);
  let mountCount = r.int(30, 70);
  const event = (t: number, type: string, reason: string, message: string, component: string, count: number, label: Label): void => {
    tl.add(
      t,
      {
        metadata: { name: `lockstore-redis-0.${r.hex(16)}`, namespace: "bikeshare", uid: r.uuid(), resourceVersion: String(r.int(40_000_000, 49_999_999)) },
        involvedObject: { kind: "Pod", namespace: "bikeshare", name: "lockstore-redis-0", uid: redisPodUid, apiVersion: "v1" },
        reason,
        message,
        source: component === "kubelet" ? { component, host: node } : { component },
        firstTimestamp: isoMs(outageStart + r.int(20, 90) * SEC).replace(/\.\d{3}Z$/, "Z"),
        lastTimestamp: isoMs(t).replace(/\.\d{3}Z$/, "Z"),
        count,
        type,
        eventTime: null,
        reportingComponent: component,
        reportingInstance: component === "kubelet" ? node : "",
      },
      label,
    );
  };
  for (let t = start + r.float(5, 60) * SEC; t < recoverAt; t += r.float(118, 126) * SEC) {
    event(
      t,
      "Warning",
      "FailedAttachVolume",
      `Multi-Attach error for volume "${pvc}" Volume is already exclusively attached to one node and can't be attached to another`,
      "attachdetach-controller",
      ++attachCount,
      "error",
    );
  }
  for (let t = start + r.float(20, 110) * SEC; t < recoverAt; t += r.float(119, 123) * SEC) {
    event(
      t,
      "Warning",
      "FailedMount",
      `Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data kube-api-access-${k8sSuffix(r, 5)}]: timed out waiting for the condition`,
      "kubelet",
      ++mountCount,
      "performance",
    );
  }

  // Recovery: volume attached, container starts, Redis loads its RDB, clients reconnect.
  let t = recoverAt - 9 * SEC;
  event(t, "Normal", "SuccessfulAttachVolume", `AttachVolume.Attach succeeded for volume "${pvc}"`, "attachdetach-controller", 1, "pattern");
  t += 4.1 * SEC;
  event(t, "Normal", "Pulled", 'Container image "redis:7.2.4-alpine" already present on machine', "kubelet", 1, "pattern");
  t += 0.3 * SEC;
  event(t, "Normal", "Created", "Created container redis", "kubelet", 1, "pattern");
  t += 0.4 * SEC;
  event(t, "Normal", "Started", "Started container redis", "kubelet", 1, "pattern");
  const redisK8s = { pod: "lockstore-redis-0", namespace: "bikeshare", container: "redis", app: "lockstore-redis", node };
  const redisLines = [
    "1:C {T} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
    "1:C {T} * Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started",
    "1:C {T} * Configuration loaded",
    "1:M {T} * monotonic clock: POSIX clock_gettime",
    "1:M {T} * Running mode=standalone, port=6379.",
    "1:M {T} * Server initialized",
    "1:M {T} * Loading RDB produced by version 7.2.4",
    "1:M {T} * RDB age 3217 seconds",
    "1:M {T} * RDB memory usage when created 4.12 Mb",
    "1:M {T} * Done loading RDB, keys loaded: 2841, keys expired: 2793.",
    "1:M {T} * DB loaded from disk: 0.004 seconds",
    "1:M {T} * Ready to accept connections tcp",
  ];
  t += 0.6 * SEC;
  for (const line of redisLines) {
    t += r.float(0.2, 3);
    tl.add(t, fluentBit(t, line.replace("{T}", redisTime(t)), redisK8s), "pattern");
  }
  unlockPods.forEach((pod, i) => {
    const tt = t + r.float(0.4, 2.5) * SEC + i;
    zap(
      tt,
      "info",
      "lock store reachable again",
      { service: "dock-unlock", pod, addr: `lockstore-redis.bikeshare.svc:6379`, down_for: `${Math.round((tt - outageStart) / 1000)}s` },
      "pattern",
    );
  });

  return tl.build(
    NAME,
    "Bike-share lock store (Redis) is already down when the window opens: every dock unlock fails with one identical connection-refused ERROR and a 503 until the volume is force-detached at ~65%; station and ride traffic stays healthy.",
  );
}
