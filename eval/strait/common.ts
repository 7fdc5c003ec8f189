/**
 * Helpers the strait scenarios share: an edge proxy's everyday traffic and one request through
 * it, a pod's restart events, kernel and cron lines as rsyslog ships them.
 */
import { edgeLine } from "../sound/common.js";
import { type KubeMeta, kubeEvent, logrusK8s, rsyslog, type SyslogSeverity } from "./producers.js";
import { type Rng, scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType } from "./types.js";

export { edgeLine, rollout } from "../sound/common.js";

/**
 * One scenario's window: its random source, a start on `isoDay` at `hourUtc` moved by the seed,
 * about `hours` long, its timeline, and a gentle swell of traffic over it.
 */
export function openWindow(seed: number, name: string, isoDay: string, hourUtc: number, hours: number) {
  const rng = scenarioRng(seed, name);
  const start = windowStart(rng, isoDay, hourUtc);
  const end = start + hours * HOUR + rng.int(-10, 10) * MINUTE;
  return { rng, start, end, tl: new Timeline(start, end), shape: swell(start, end, 0.2, rng.float(0, 6)) };
}

/**
 * Argo CD's application controller as Fluent Bit ships it, reconciling `apps` every few minutes
 * all window; returns its Kubernetes metadata, and a writer of its lines about one app.
 */
export function argoController(rng: Rng, tl: Timeline, nodePrefix: string, namespace: string, apps: readonly string[]) {
  const argo: KubeMeta = {
    pod: "argocd-application-controller-0",
    namespace: "argocd",
    container: "argocd-application-controller",
    app: "argocd-application-controller",
    host: `${nodePrefix}-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-west-1.compute.internal`,
  };
  const say = (t: number, app: string, msg: string, fields: Record<string, unknown> = {}): void =>
    tl.add(t, logrusK8s(t, "info", msg, { application: `argocd/${app}`, dest_namespace: namespace, ...fields }, argo));
  for (const t of ticks(rng, tl.start, tl.end, 3 * MINUTE, 20 * SECOND)) say(t, rng.pick(apps), "Reconciliation completed", { time_ms: rng.int(80, 420) });
  return say;
}

/** An address inside the cluster: `prefix.<a>.<b>:port`. */
export function upstreamAddr(rng: Rng, prefix: string, port: number): string {
  return `${prefix}.${rng.int(1, 60)}.${rng.int(2, 250)}:${port}`;
}

/** One request through the edge proxy: its nginx line, written when it ends, with the request's label. */
export function viaEdge(
  rng: Rng,
  tl: Timeline,
  start: number,
  service: string,
  request: { method: string; uri: string; status: number; tookMs: number; upstream: string },
  label: AnomalyType | null = null,
): void {
  const [t, entry] = edgeLine(rng, start, service, request.method, request.uri, request.status, request.tookMs, request.upstream);
  tl.add(t, entry, label);
}

/**
 * An edge proxy's everyday traffic between `from` and `to`: routes drawn by weight (`<id>` and
 * `<asset>` filled in), assets fast, pages and API calls tens of ms, a few 404s on item pages.
 */
export function edgeTraffic(
  rng: Rng,
  tl: Timeline,
  opts: {
    service: string;
    perMinute: number;
    routes: readonly (readonly [string, number])[];
    upstream: string;
    shape?: (t: number) => number;
    peak?: number;
    from?: number;
    to?: number;
  },
): void {
  for (const s of arrivals(rng, opts.from ?? tl.start, opts.to ?? tl.end, opts.perMinute, opts.shape, opts.peak ?? 1)) {
    const [method, path] = rng.weighted(opts.routes).split(" ") as [string, string];
    const uri = path.replace("<id>", String(rng.int(10000, 99999))).replace("<asset>", `app.${rng.hex(8)}.js`);
    const asset = path.includes("<asset>");
    const status = path.includes("<id>") && rng.chance(0.03) ? 404 : 200;
    viaEdge(rng, tl, s, opts.service, { method, uri, status, tookMs: rng.logNormal(asset ? 4 : 42, 0.5), upstream: opts.upstream });
  }
}

export interface PodRef {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  node: string;
}

/** The kubelet's events as a crashed container is started again in place, from `t`; returns when it runs. */
export function podRestart(rng: Rng, tl: Timeline, t: number, ref: PodRef): number {
  const object = { kind: "Pod", name: ref.pod, namespace: ref.namespace };
  const source = { component: "kubelet", host: ref.node };
  const pulled = t + rng.int(600, 2500);
  const created = pulled + rng.int(60, 200);
  const started = created + rng.int(250, 700);
  tl.add(pulled, kubeEvent(pulled, "Normal", "Pulled", `Container image "${ref.image}" already present on machine`, object, source, rng.uuid()));
  tl.add(created, kubeEvent(created, "Normal", "Created", `Created container ${ref.container}`, object, source, rng.uuid()));
  tl.add(started, kubeEvent(started, "Normal", "Started", `Started container ${ref.container}`, object, source, rng.uuid()));
  return started;
}

/** A kernel line as rsyslog ships it from a host. */
export function kernel(t: number, host: string, severity: SyslogSeverity, message: string) {
  return rsyslog(t, host, "kern", severity, "kernel", undefined, message);
}

/** cron's hourly run-parts line on each host, at a minute of its own. */
export function hourlyCron(rng: Rng, tl: Timeline, hosts: readonly string[]): void {
  for (const h of hosts) {
    for (let t = Math.ceil(tl.start / HOUR) * HOUR + 17 * MINUTE + rng.int(0, 900); t < tl.end; t += HOUR) {
      tl.add(t, rsyslog(t, h, "cron", "info", "CRON", rng.int(20000, 40000), "(root) CMD (cd / && run-parts --report /etc/cron.hourly)"));
    }
  }
}

/**
 * The kernel's lines as a container's cgroup runs out of memory and `process` (pid `pid`) is
 * killed at `t`, and node-problem-detector's OOMKilling event: all memory.
 */
export function cgroupOomKill(rng: Rng, tl: Timeline, t: number, host: string, node: string, process: string, pid: number, limitMb: number): void {
  const anon = Math.round(limitMb * 1024 * rng.float(0.985, 0.998));
  const adj = rng.int(900, 999);
  tl.add(t - 4, kernel(t - 4, host, "warning", `${process} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${adj}`), "memory");
  tl.add(
    t - 2,
    kernel(
      t - 2,
      host,
      "err",
      `Memory cgroup out of memory: Killed process ${pid} (${process}) total-vm:${anon + rng.int(200000, 400000)}kB, anon-rss:${anon}kB, file-rss:${rng.int(9000, 30000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(8000, 9000)}kB oom_score_adj:${adj}`,
    ),
    "memory",
  );
  tl.add(t, kernel(t, host, "info", `oom_reaper: reaped process ${pid} (${process}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`), "memory");
  tl.add(
    t + 300,
    kubeEvent(
      t + 300,
      "Warning",
      "OOMKilling",
      `Memory cgroup out of memory: Killed process ${pid} (${process})`,
      { kind: "Node", name: node, namespace: "" },
      { component: "kernel-monitor", host: node },
      rng.uuid(),
    ),
    "memory",
  );
}
