/**
 * Helpers the channel and inlet scenarios share: a window and its traffic swell, node and pod names, a
 * container's restart events, kernel and cron lines as rsyslog ships them, the kernel's cgroup
 * OOM kill, and a web client's request ids and user agents.
 */
import { type KubeMeta, type KubeObject, kubeEvent, rsyslog, type SyslogSeverity } from "./producers.js";
import { familyRng, type Rng } from "./rng.js";
import { HOUR, MINUTE, swell, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType } from "./types.js";

/**
 * One scenario's window: its random source, a start on `isoDay` at `hourUtc` moved by the seed,
 * about `hours` long (moved by up to ten minutes), its timeline, and a gentle swell of traffic;
 * its random source is `family`'s (the inlet family shares these helpers).
 */
export function openWindow(seed: number, name: string, isoDay: string, hourUtc: number, hours: number, family = "channel") {
  const rng = familyRng(family, seed, name);
  const start = windowStart(rng, isoDay, hourUtc);
  const end = start + hours * HOUR + rng.int(-10, 10) * MINUTE;
  return { rng, start, end, tl: new Timeline(start, end), shape: swell(start, end, 0.2, rng.float(0, 6)) };
}

/** An EC2 node's name in `region`: `ip-10-42-17-203.eu-west-1.compute.internal`. */
export function nodeName(rng: Rng, prefix: string, region = "eu-west-1"): string {
  return `ip-${prefix.replace(".", "-")}-${rng.int(0, 63)}-${rng.int(2, 250)}.${region}.compute.internal`;
}

/** A pod of `deployment` on a node: its Kubernetes metadata as the log shipper adds it. */
export function podMeta(rng: Rng, deployment: string, namespace: string, container: string, host: string): KubeMeta {
  return { pod: rng.pod(deployment), namespace, container, app: deployment, host };
}

/** The kubelet's events as a container that exited is started again in place, from `t`; returns when it runs. */
export function containerRestart(
  rng: Rng,
  tl: Timeline,
  t: number,
  k8s: KubeMeta,
  image: string,
  backOff?: { count: number; label: AnomalyType | null },
): number {
  const object: KubeObject = { kind: "Pod", name: k8s.pod, namespace: k8s.namespace, fieldPath: `spec.containers{${k8s.container}}` };
  const source = { component: "kubelet", host: k8s.host };
  let at = t;
  if (backOff !== undefined) {
    at = t + rng.int(1, 3) * 1000;
    tl.add(
      at,
      kubeEvent(
        at,
        "Warning",
        "BackOff",
        `Back-off restarting failed container ${k8s.container} in pod ${k8s.pod}_${k8s.namespace}(${rng.uuid()})`,
        object,
        source,
        rng.uuid(),
        backOff.count,
      ),
      backOff.label,
    );
    at += Math.min(300, 10 * 2 ** backOff.count) * 1000;
  }
  const pulled = at + rng.int(400, 1500);
  const created = pulled + rng.int(60, 200);
  const started = created + rng.int(250, 700);
  tl.add(pulled, kubeEvent(pulled, "Normal", "Pulled", `Container image "${image}" already present on machine`, object, source, rng.uuid()));
  tl.add(created, kubeEvent(created, "Normal", "Created", `Created container ${k8s.container}`, object, source, rng.uuid()));
  tl.add(started, kubeEvent(started, "Normal", "Started", `Started container ${k8s.container}`, object, source, rng.uuid()));
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
 * killed at `t`, and node-problem-detector's OOMKilling event; labelled `label` (memory).
 */
export function cgroupOomKill(
  rng: Rng,
  tl: Timeline,
  t: number,
  host: string,
  node: string,
  process: string,
  pid: number,
  limitMb: number,
  label: AnomalyType = "memory",
): void {
  const anon = Math.round(limitMb * 1024 * rng.float(0.985, 0.998));
  const adj = rng.int(900, 999);
  tl.add(t - 4, kernel(t - 4, host, "warning", `${process} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=${adj}`), label);
  tl.add(
    t - 2,
    kernel(
      t - 2,
      host,
      "err",
      `Memory cgroup out of memory: Killed process ${pid} (${process}) total-vm:${anon + rng.int(200000, 400000)}kB, anon-rss:${anon}kB, file-rss:${rng.int(9000, 30000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(3000, 9000)}kB oom_score_adj:${adj}`,
    ),
    label,
  );
  tl.add(t, kernel(t, host, "info", `oom_reaper: reaped process ${pid} (${process}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`), label);
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
    label,
  );
}

// ── clients ──────────────────────────────────────────────────────────────────────────────────

const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
];

/** A browser's user agent. */
export function browser(rng: Rng): string {
  return rng.pick(BROWSERS);
}

/** A search term people type, with the prefixes a typeahead sends on the way. */
export const SEARCH_TERMS = [
  "running shoes",
  "rain jacket",
  "usb-c charger",
  "espresso machine",
  "wool socks",
  "standing desk",
  "noise cancelling headphones",
  "yoga mat",
  "winter tyres",
  "garden hose",
  "kids bike",
  "air fryer",
  "backpack",
  "led strip",
  "coffee grinder",
  "sleeping bag",
] as const;

/** The query string of a search term as a browser encodes it. */
export function q(term: string): string {
  return encodeURIComponent(term).replaceAll("%20", "+");
}
