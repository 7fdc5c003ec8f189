// Scenario assembly: collect (time, stored entry, label) rows from several sources, then sort them oldest first.

import type { AnomalyType } from "../blind/types.js";
import { type Entry, Fmt } from "./fmt.js";
import { hashSeed, Rng } from "./rng.js";
import type { WildScenario } from "./types.js";

export type Label = AnomalyType | null;

interface Row {
  t: number;
  e: Entry | (() => Entry);
  l: Label;
  i: number;
}

export class Build {
  readonly rng: Rng;
  readonly f: Fmt;
  private readonly rows: Row[] = [];
  constructor(seed: number, salt: string) {
    this.rng = new Rng(hashSeed(seed, salt));
    this.f = new Fmt(this.rng);
  }

  add(t: number, e: Entry, l: Label = null): void {
    this.rows.push({ t: Math.round(t), e, l, i: this.rows.length });
  }

  /** an entry rendered after sorting, in time order (for per-source sequence numbers and counters) */
  addLazy(t: number, e: () => Entry, l: Label = null): void {
    this.rows.push({ t: Math.round(t), e, l, i: this.rows.length });
  }

  /** Poisson arrivals in [from, to) with a rate in events per second (constant or a function of time). */
  flow(from: number, to: number, rate: number | ((t: number) => number), fn: (t: number) => void): void {
    for (let s = from; s < to; s += 1000) {
      const w = Math.min(1000, to - s);
      const r = typeof rate === "number" ? rate : rate(s);
      const n = this.rng.poisson((r * w) / 1000);
      const ts: number[] = [];
      for (let k = 0; k < n; k++) ts.push(s + Math.floor(this.rng.u() * w));
      ts.sort((a, b) => a - b);
      for (const t of ts) fn(t);
    }
  }

  /** periodic events every `period` ms with +-jitter ms */
  every(from: number, to: number, period: number, jitter: number, fn: (t: number, i: number) => void): void {
    let i = 0;
    for (let t = from; t < to; t += period) {
      const tt = Math.max(from, Math.round(t + (jitter > 0 ? this.rng.float(-jitter, jitter) : 0)));
      if (tt < to) fn(tt, i++);
    }
  }

  /** a plausible start instant in 2026 (UTC), at a whole-ish time of day chosen by the PRNG */
  start(hours: readonly number[]): number {
    const month = this.rng.int(0, 10);
    const day = this.rng.int(1, 28);
    const h = this.rng.pick(hours);
    return Date.UTC(2026, month, day, h, this.rng.int(0, 59), this.rng.int(0, 59), this.rng.int(0, 999));
  }

  finish(name: string, description: string): WildScenario {
    const rows = this.rows.slice().sort((a, b) => a.t - b.t || a.i - b.i);
    return { name, description, logs: rows.map((r) => (typeof r.e === "function" ? r.e() : r.e)), labels: rows.map((r) => r.l), times: rows.map((r) => r.t) };
  }
}

// ---------------------------------------------------------------- shared vocabulary

export const BROWSER_UA = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:134.0) Gecko/20100101 Firefox/134.0",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.6834.79 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
] as const;

export const APP_UA = [
  "okhttp/4.12.0",
  "Shop/7.14.2 (iPhone; iOS 18.2; Scale/3.00)",
  "Shop/7.14.1 (Android 14; SM-S918B)",
  "Dalvik/2.1.0 (Linux; U; Android 13; SM-A536B Build/TP1A.220624.014)",
] as const;

/** a public-looking client address (avoids reserved ranges) */
export function publicIp(rng: Rng): string {
  const first = rng.pick([31, 37, 46, 62, 77, 78, 81, 82, 84, 86, 88, 89, 90, 92, 93, 94, 109, 151, 176, 178, 185, 188, 193, 212, 213, 217]);
  return `${first}.${rng.int(1, 254)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export const ms2s = (ms: number, digits = 3): string => (ms / 1000).toFixed(digits);

// ---------------------------------------------------------------- Kubernetes pods and the shippers that wrap their lines

export interface Pod {
  name: string;
  ns: string;
  app: string;
  container: string;
  node: string;
  ip: string;
  uid: string;
  cid: string;
  image: string;
  imageDigest: string;
  rsHash: string;
}

export function mkPod(
  rng: Rng,
  ns: string,
  app: string,
  node: string,
  image: string,
  opts: { container?: string; rsHash?: string; statefulIndex?: number } = {},
): Pod {
  const rsHash = opts.rsHash ?? rng.k8s(rng.int(9, 10));
  const name = opts.statefulIndex === undefined ? `${app}-${rsHash}-${rng.k8s(5)}` : `${app}-${opts.statefulIndex}`;
  return {
    name,
    ns,
    app,
    container: opts.container ?? app,
    node,
    ip: `10.244.${rng.int(0, 15)}.${rng.int(2, 250)}`,
    uid: rng.uuid(),
    cid: rng.hex(64),
    image,
    imageDigest: `sha256:${rng.hex(64)}`,
    rsHash,
  };
}

/** same pod, new container instance (restart) */
export function restarted(rng: Rng, p: Pod): Pod {
  return { ...p, cid: rng.hex(64) };
}

/** Fluent Bit tail(cri parser) + kubernetes filter, as written by an http/json output with json_date_key "date" */
export function fluentBit(
  b: Build,
  t: number,
  p: Pod,
  stream: "stdout" | "stderr",
  log: string,
  merge?: { key?: string; keepLog?: boolean; obj: Record<string, unknown> },
): Record<string, unknown> {
  const t2 = t + b.rng.int(3, 40);
  const rec: Record<string, unknown> = { date: b.f.epochS(t2), time: b.f.nano(t), stream, _p: "F" };
  if (merge?.keepLog !== false) rec.log = log;
  if (merge) {
    if (merge.key) rec[merge.key] = merge.obj;
    else Object.assign(rec, merge.obj);
  }
  rec.kubernetes = {
    pod_name: p.name,
    namespace_name: p.ns,
    pod_id: p.uid,
    labels: { app: p.app, "pod-template-hash": p.rsHash },
    annotations: { "kubectl.kubernetes.io/restartedAt": "2026-01-05T09:12:44Z" },
    host: p.node,
    pod_ip: p.ip,
    container_name: p.container,
    docker_id: p.cid,
    container_hash: `${p.image.split(":")[0]}@${p.imageDigest}`,
    container_image: p.image,
  };
  return rec;
}

/** fluentd-kubernetes-daemonset (kubernetes_metadata filter) record */
export function fluentd(b: Build, t: number, p: Pod, stream: "stdout" | "stderr", log: string): Record<string, unknown> {
  return {
    stream,
    logtag: "F",
    log,
    time: b.f.nano(t),
    docker: { container_id: p.cid },
    kubernetes: {
      container_name: p.container,
      namespace_name: p.ns,
      pod_name: p.name,
      container_image: p.image,
      container_image_id: `${p.image.split(":")[0]}@${p.imageDigest}`,
      pod_id: p.uid,
      pod_ip: p.ip,
      host: p.node,
      labels: { app: p.app, "pod-template-hash": p.rsHash },
      master_url: "https://10.96.0.1:443/api",
      namespace_id: "3c1d9a0e-6f1b-4d0e-9d84-2a9f1f7c0b11",
      namespace_labels: { "kubernetes.io/metadata.name": p.ns },
    },
  };
}

/** Vector kubernetes_logs source event, JSON-encoded (Vector writes keys in sorted order) */
export function vector(b: Build, t: number, p: Pod, stream: "stdout" | "stderr", message: string): Record<string, unknown> {
  return {
    file: `/var/log/pods/${p.ns}_${p.name}_${p.uid}/${p.container}/0.log`,
    kubernetes: {
      container_id: `containerd://${p.cid}`,
      container_image: p.image,
      container_image_id: `${p.image.split(":")[0]}@${p.imageDigest}`,
      container_name: p.container,
      namespace_labels: { "kubernetes.io/metadata.name": p.ns },
      node_labels: { "kubernetes.io/hostname": p.node, "node.kubernetes.io/instance-type": "m6i.2xlarge", "topology.kubernetes.io/zone": "eu-west-1b" },
      pod_ip: p.ip,
      pod_ips: [p.ip],
      pod_labels: { "app.kubernetes.io/name": p.app, "pod-template-hash": p.rsHash },
      pod_name: p.name,
      pod_namespace: p.ns,
      pod_node_name: p.node,
      pod_owner: `ReplicaSet/${p.app}-${p.rsHash}`,
      pod_uid: p.uid,
    },
    message,
    source_type: "kubernetes_logs",
    stream,
    timestamp: b.f.nano(t),
  };
}

export interface GcpCtx {
  project: string;
  location: string;
  cluster: string;
}

/** Cloud Logging LogEntry for a GKE container (textPayload for text, jsonPayload when the agent parsed JSON) */
export function gcpContainer(
  b: Build,
  t: number,
  g: GcpCtx,
  p: Pod,
  stream: "stdout" | "stderr",
  payload: string | Record<string, unknown>,
  severity?: string,
): Record<string, unknown> {
  const e: Record<string, unknown> = { insertId: b.rng.alnum(16) };
  if (typeof payload === "string") e.textPayload = payload;
  else e.jsonPayload = payload;
  e.resource = {
    type: "k8s_container",
    labels: { project_id: g.project, location: g.location, cluster_name: g.cluster, namespace_name: p.ns, pod_name: p.name, container_name: p.container },
  };
  e.timestamp = b.f.nano(t);
  e.severity = severity ?? (stream === "stderr" ? "ERROR" : "INFO");
  e.labels = { "k8s-pod/app": p.app, "k8s-pod/pod-template-hash": p.rsHash, "compute.googleapis.com/resource_name": p.node };
  e.logName = `projects/${g.project}/logs/${stream}`;
  e.receiveTimestamp = b.f.nano(t + b.rng.int(400, 4000));
  return e;
}
