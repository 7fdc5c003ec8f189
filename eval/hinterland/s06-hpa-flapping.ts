// 6) An HPA whose scale-down stabilisation window was set to 0 flaps: every few
// minutes thumbnailer scales 4 -> 7 on its own start-up CPU spike, then back to 4.
// Every line is ordinary (events, uvicorn start/stop, cluster-autoscaler); the
// sequence and its rate are the anomaly. Middle to end.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, ipIn, ipPublic, BROWSER_UAS, klogTime, type Label } from "./lib.js";
import { k8sEvent, containerLog, pyJson, zap } from "./producers.js";

const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function nginxLocal(t: number): string {
  const d = new Date(Math.floor(t));
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MON[d.getUTCMonth()] ?? "Jan"}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
function nginxErrTime(t: number): string {
  const d = new Date(Math.floor(t));
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

export function s06HpaFlapping(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(114, 124) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const flapStart = T0 + W * r.float(0.33, 0.42);
  const decoyT = T0 + W * r.float(0.08, 0.2);
  const ns = "media";
  const rs = r.rsHash();
  const image = "registry.acme.internal/media/thumbnailer:2.14.1";
  const nodes = Array.from({ length: 5 }, () => `ip-10-9-${r.int(0, 63)}-${r.int(2, 254)}.eu-west-1.compute.internal`);
  const ng = `eks-media-workers-${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;

  interface Pod {
    name: string;
    ip: string;
    node: string;
    up: number; // ready from
    down: number; // terminated at
  }
  const pods: Pod[] = [];
  const mkPod = (): Pod => ({ name: `thumbnailer-${rs}-${r.podSuffix()}`, ip: ipIn(r, "10.9"), node: r.pick(nodes), up: -Infinity, down: Infinity });
  for (let i = 0; i < 4; i++) pods.push(mkPod());

  const ev = (
    t: number,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
    kind: string,
    name: string,
    component: string,
    host: string | undefined,
    lbl: Label,
    fieldPath?: string,
    count?: number,
  ): void => {
    sink.add(t, k8sEvent(t, { type, reason, message, kind, name, ns, component, host, uidSeed: r.uuid(), fieldPath, count }), lbl);
  };
  const appLog = (t: number, p: Pod, lv: "info" | "warn" | "error", logger: string, msg: string, lbl: Label): void => {
    sink.add(t, { ...pyJson(t, lv, logger, msg), pod: p.name }, lbl);
  };

  // --------------------------------------------- one scale-up / scale-down
  let current = 4;
  let hpaCount = r.int(3, 9);
  const scaleUp = (t0: number, to: number, lbl: Label, reason: string): Pod[] => {
    const n = to - current;
    hpaCount++;
    ev(
      t0,
      "Normal",
      "SuccessfulRescale",
      `New size: ${to}; reason: ${reason}`,
      "HorizontalPodAutoscaler",
      "thumbnailer",
      "horizontal-pod-autoscaler",
      undefined,
      lbl,
      undefined,
      hpaCount,
    );
    ev(
      t0 + 15,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set thumbnailer-${rs} to ${to} from ${current}`,
      "Deployment",
      "thumbnailer",
      "deployment-controller",
      undefined,
      lbl,
    );
    const made: Pod[] = [];
    for (let k = 0; k < n; k++) {
      const p = mkPod();
      const tc = t0 + 40 + k * r.int(5, 30);
      ev(tc, "Normal", "SuccessfulCreate", `Created pod: ${p.name}`, "ReplicaSet", `thumbnailer-${rs}`, "replicaset-controller", undefined, lbl);
      ev(tc + 12, "Normal", "Scheduled", `Successfully assigned ${ns}/${p.name} to ${p.node}`, "Pod", p.name, "default-scheduler", undefined, lbl);
      const tk = tc + r.int(900, 2200);
      ev(
        tk,
        "Normal",
        "Pulled",
        `Container image "${image}" already present on machine`,
        "Pod",
        p.name,
        "kubelet",
        p.node,
        lbl,
        "spec.containers{thumbnailer}",
      );
      ev(tk + 80, "Normal", "Created", "Created container thumbnailer", "Pod", p.name, "kubelet", p.node, lbl, "spec.containers{thumbnailer}");
      ev(tk + 400, "Normal", "Started", "Started container thumbnailer", "Pod", p.name, "kubelet", p.node, lbl, "spec.containers{thumbnailer}");
      const ta = tk + r.int(1200, 1800);
      appLog(ta, p, "info", "uvicorn.error", "Started server process [1]", lbl);
      appLog(ta + 2, p, "info", "uvicorn.error", "Waiting for application startup.", lbl);
      if (r.chance(0.6))
        ev(
          ta + r.int(500, 2500),
          "Warning",
          "Unhealthy",
          `Readiness probe failed: Get "http://${p.ip}:8080/healthz/ready": dial tcp ${p.ip}:8080: connect: connection refused`,
          "Pod",
          p.name,
          "kubelet",
          p.node,
          lbl,
          "spec.containers{thumbnailer}",
        );
      appLog(
        ta + r.int(2500, 4000),
        p,
        "info",
        "thumbnailer.imaging",
        `libvips 8.15.1 initialised (concurrency=4, cache max 100 MB), warming ${r.int(40, 60)} ICC profiles`,
        lbl,
      );
      const tr = ta + r.int(5500, 8000);
      appLog(tr, p, "info", "uvicorn.error", "Application startup complete.", lbl);
      appLog(tr + 1, p, "info", "uvicorn.error", "Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)", lbl);
      p.up = tr + 3000;
      pods.push(p);
      made.push(p);
    }
    current = to;
    return made;
  };
  const scaleDown = (t0: number, to: number, victims: Pod[], lbl: Label): void => {
    hpaCount++;
    ev(
      t0,
      "Normal",
      "SuccessfulRescale",
      `New size: ${to}; reason: All metrics below target`,
      "HorizontalPodAutoscaler",
      "thumbnailer",
      "horizontal-pod-autoscaler",
      undefined,
      lbl,
      undefined,
      hpaCount,
    );
    ev(
      t0 + 12,
      "Normal",
      "ScalingReplicaSet",
      `Scaled down replica set thumbnailer-${rs} to ${to} from ${current}`,
      "Deployment",
      "thumbnailer",
      "deployment-controller",
      undefined,
      lbl,
    );
    for (const p of victims) {
      const td = t0 + 30 + r.int(0, 200);
      ev(td, "Normal", "SuccessfulDelete", `Deleted pod: ${p.name}`, "ReplicaSet", `thumbnailer-${rs}`, "replicaset-controller", undefined, lbl);
      ev(td + 60, "Normal", "Killing", "Stopping container thumbnailer", "Pod", p.name, "kubelet", p.node, lbl, "spec.containers{thumbnailer}");
      const ts = td + r.int(100, 400);
      appLog(ts, p, "info", "uvicorn.error", "Shutting down", lbl);
      appLog(ts + 3, p, "info", "uvicorn.error", "Waiting for connections to close. (CTRL+C to force quit)", lbl);
      appLog(ts + r.int(300, 1500), p, "info", "uvicorn.error", "Waiting for application shutdown.", lbl);
      appLog(ts + r.int(1600, 1900), p, "info", "uvicorn.error", "Application shutdown complete.", lbl);
      appLog(ts + r.int(1950, 2100), p, "info", "uvicorn.error", "Finished server process [1]", lbl);
      p.down = td + 60;
    }
    current = to;
  };

  // decoy: the ordinary morning scale-up 4 -> 5 that sticks
  scaleUp(decoyT, 5, null, "cpu resource utilization (percentage of request) above target");
  // ... and it is scaled back only after the real stabilisation window, later? no: traffic stays up.
  const baseline = current;

  // the flapping
  const caPod = `cluster-autoscaler-${r.rsHash()}-${r.podSuffix()}`;
  const caKube = {
    pod: caPod,
    ns: "kube-system",
    container: "cluster-autoscaler",
    host: nodes[0] ?? "",
    image: "registry.k8s.io/autoscaling/cluster-autoscaler:v1.28.2",
  };
  const ca = (t: number, sev: "I" | "W" | "E", file: string, msg: string, lbl: Label): void => {
    sink.add(t, containerLog(t, `${sev}${klogTime(t)}       1 ${file}] ${msg}`, caKube, "stderr"), lbl);
  };
  let nodeCount = nodes.length;
  for (let t = flapStart; t < T1 - 90000; ) {
    const to = baseline + r.int(2, 3);
    const made = scaleUp(t, to, "pattern", `cpu resource utilization (percentage of request) above target`);
    if (r.chance(0.35)) {
      const tp = t + 3000;
      const victim = made[0];
      if (victim) ca(tp, "I", "klogx.go:87", `Pod ${ns}/${victim.name} is unschedulable`, "pattern");
      nodeCount++;
      ca(tp + 900, "I", "scale_up.go:472", `Estimated 1 nodes needed in ${ng}`, "pattern");
      ca(tp + 950, "I", "scale_up.go:595", `Final scale-up plan: [{${ng} ${nodeCount - 1}->${nodeCount} (max: 12)}]`, "pattern");
      ca(tp + 980, "I", "auto_scaling_groups.go:248", `Setting asg ${ng} size to ${nodeCount}`, "pattern");
    }
    const down = t + r.int(150, 260) * 1000;
    if (down >= T1) break;
    scaleDown(down, baseline, made, "pattern");
    if (nodeCount > nodes.length && r.chance(0.5)) {
      const tn = down + r.int(60, 120) * 1000;
      if (tn < T1) {
        ca(tn, "I", "scale_down.go:860", `ip-10-9-${r.int(0, 63)}-${r.int(2, 254)}.eu-west-1.compute.internal was unneeded for 1m0.123s`, "pattern");
        ca(
          tn + 200,
          "I",
          "delete.go:103",
          `Successfully added ToBeDeletedTaint on node ip-10-9-${r.int(0, 63)}-${r.int(2, 254)}.eu-west-1.compute.internal`,
          "pattern",
        );
        nodeCount--;
      }
    }
    t = down + r.int(50, 110) * 1000;
  }
  // routine cluster-autoscaler chatter
  for (const t of arrivals(r, T0, T1, 0.6)) {
    const k = r.int(0, 2);
    if (k === 0) ca(t, "I", "static_autoscaler.go:547", "No unschedulable pods", null);
    else if (k === 1) ca(t, "I", "filter_out_schedulable.go:78", "Filtering out schedulables", null);
    else ca(t, "I", "scale_down.go:1012", "No candidates for scale down", null);
  }
  // routine: metrics-server fails to scrape a node now and then
  const msKube = {
    pod: `metrics-server-${r.rsHash()}-${r.podSuffix()}`,
    ns: "kube-system",
    container: "metrics-server",
    host: nodes[1] ?? "",
    image: "registry.k8s.io/metrics-server/metrics-server:v0.6.4",
  };
  for (const t of arrivals(r, T0, T1, 0.1)) {
    const n = r.pick(nodes);
    sink.add(
      t,
      containerLog(
        t,
        `E${klogTime(t)}       1 scraper.go:140] "Failed to scrape node" err="Get \\"https://${ipIn(r, "10.9")}:10250/metrics/resource\\": context deadline exceeded" node="${n}"`,
        msKube,
        "stderr",
      ),
    );
  }

  // --------------------------------------------- ingress-nginx access log (text, via fluent-bit)
  const ingKube = {
    pod: `ingress-nginx-controller-${r.rsHash()}-${r.podSuffix()}`,
    ns: "ingress-nginx",
    container: "controller",
    host: nodes[2] ?? "",
    image: "registry.k8s.io/ingress-nginx/controller:v1.9.4",
  };
  let reqN = r.int(100000, 900000);
  for (const t of arrivals(r, T0, T1, 11)) {
    const live = pods.filter((p) => p.up <= t && p.down > t - 12000);
    const p = r.pick(live.length ? live : pods);
    const cli = ipPublic(r);
    const size = r.pick([160, 320, 640, 1280]);
    const path = `/thumb/${r.hex(16)}.${r.pick(["jpg", "webp", "png"])}?w=${size}`;
    const ms = r.logn(size > 600 ? 90 : 45, 0.5);
    let status = r.chance(0.02) ? 404 : 200;
    let lbl: Label = null;
    const killed = p.down <= t;
    if (killed) {
      status = 502;
      lbl = "error";
      const te = t + r.int(1, 5);
      sink.add(
        te,
        containerLog(
          te,
          `${nginxErrTime(te)} [error] ${r.int(30, 40)}#${r.int(30, 40)}: *${reqN} connect() failed (111: Connection refused) while connecting to upstream, client: ${cli}, server: media.example.com, request: "GET ${path} HTTP/1.1", upstream: "http://${p.ip}:8080${path}", host: "media.example.com"`,
          ingKube,
          "stderr",
        ),
        "error",
      );
    }
    const rt = killed ? r.float(0.001, 0.004) : ms / 1000;
    const line = `${cli} - - [${nginxLocal(t)}] "GET ${path} HTTP/1.1" ${status} ${status === 200 ? r.int(4000, 90000) : 150} "https://shop.example.com/" "${r.pick(BROWSER_UAS)}" ${r.int(300, 700)} ${rt.toFixed(3)} [${ns}-thumbnailer-8080] [] ${p.ip}:8080 ${status === 200 ? r.int(4000, 90000) : 0} ${rt.toFixed(3)} ${status} ${r.hex(32)}`;
    sink.add(t + rt * 1000, containerLog(t + rt * 1000, line, ingKube), lbl);
    reqN++;
  }
  // routine app warnings
  for (const t of arrivals(r, T0, T1, 0.2)) {
    const live = pods.filter((p) => p.up <= t && p.down > t);
    const p = r.pick(live.length ? live : pods);
    appLog(t, p, "warn", "thumbnailer.imaging", "unsupported input image/heic via libvips, falling back to ImageMagick", null);
  }

  // --------------------------------------------- media-api (zap) - upstream of the thumbnailer
  const mediaPods = [0, 1].map(() => `media-api-${r.rsHash().slice(0, 10)}-${r.podSuffix()}`);
  for (const t of arrivals(r, T0, T1, 6)) {
    const kind = r.weighted([
      ["GET /v1/assets/{id}", 60],
      ["POST /v1/assets", 25],
      ["GET /v1/albums/{id}", 15],
    ] as const);
    const [method, route] = kind.split(" ") as [string, string];
    const path = route.replace("{id}", r.uuid());
    const lat = r.logn(method === "POST" ? 0.12 : 0.018, 0.45);
    sink.add(
      t,
      zap(t, "info", "http request", {
        logger: "http",
        caller: "middleware/logging.go:61",
        fields: {
          method,
          path,
          status: method === "POST" ? 201 : r.chance(0.03) ? 404 : 200,
          latency: Math.round(lat * 1e6) / 1e6,
          pod: r.pick(mediaPods),
          request_id: r.uuid(),
        },
      }),
    );
  }
  for (const t of ticks(r, T0, T1, 15 * MIN, 30000)) {
    sink.add(
      t,
      zap(t, "info", "presigned URL cache pruned", {
        logger: "storage",
        caller: "storage/presign.go:142",
        fields: { removed: r.int(200, 900), remaining: r.int(4000, 9000), pod: r.pick(mediaPods) },
      }),
    );
  }

  return sink.build(
    "thumbnailer-hpa-flapping",
    "An HPA with no scale-down stabilisation flaps thumbnailer between 5 and 7-8 replicas every few minutes: ordinary rescale, create, start, kill and uvicorn lines in a loop, plus a few 502s from killed pods.",
  );
}
