/**
 * env-unsubstituted: invoice-worker (Python, python-json-logger) consumes invoice jobs from a
 * queue and writes them to Postgres; invoice-api (python-json-logger behind ingress-nginx)
 * enqueues them; Kubernetes events come from the cluster. A third in, a rollout ships a config
 * whose `envsubst` step ran without DB_HOST exported, so the new pods log
 * `connecting to postgres at ${DB_HOST}:5432/invoices`, fail to resolve it, exit, and go into
 * CrashLoopBackOff. The rollout stalls with one old pod left, the queue backs up and invoice
 * jobs wait minutes; a fixed config is rolled out late in the window.
 */
import { containerRestart, nodeName, openWindow, podMeta } from "./common.js";
import { kubeEvent, nginxJson, pyJson } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "env-unsubstituted";
// biome-ignore lint/suspicious/noTemplateCurlyInString: the variable envsubst left in the config
const HOST_PH = "${DB_HOST}";

export function envUnsubstituted(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-26", 8, 3);
  const rolloutAt = tl.at(rng.float(0.3, 0.36));
  const fixAt = tl.at(rng.float(0.7, 0.78));
  const node = nodeName(rng, "10.46");
  const oldPods = Array.from({ length: 3 }, () => podMeta(rng, "invoice-worker", "billing", "worker", node));
  const newPods = Array.from({ length: 2 }, () => podMeta(rng, "invoice-worker", "billing", "worker", node));
  const fixed = Array.from({ length: 3 }, () => podMeta(rng, "invoice-worker", "billing", "worker", node));
  const w = (
    t: number,
    pod: string,
    level: "INFO" | "WARNING" | "ERROR",
    logger: string,
    msg: string,
    extra: Record<string, unknown> = {},
    label: AnomalyType | null = null,
    exc?: string,
  ) => tl.add(t, pyJson(t, "invoice-worker", level, logger, msg, { hostname: pod, ...extra }, exc), label);

  const boot = (t: number, pod: string, host: string, label: AnomalyType | null) => {
    w(t, pod, "INFO", "invoice.worker", "invoice-worker starting", { version: label ? "2.7.0" : t > fixAt ? "2.7.0" : "2.6.4" });
    w(t + 20, pod, "INFO", "invoice.db", `connecting to postgres at ${host}:5432/invoices as invoice_rw`, {}, label);
  };

  // The old pods: running from the start; two of three are replaced by the rollout.
  let live = [...oldPods];
  for (const p of oldPods) boot(start + rng.int(1, 30) * SECOND, p.pod, "pg-billing.db.svc", null);
  const ev = (t: number, type: "Normal" | "Warning", reason: string, msg: string, name: string, kind = "Pod", label: AnomalyType | null = null, count = 1) =>
    tl.add(
      t,
      kubeEvent(
        t,
        type,
        reason,
        msg,
        { kind, name, namespace: "billing" },
        { component: kind === "Pod" ? "kubelet" : "deployment-controller", host: node },
        rng.uuid(),
        count,
      ),
      label,
    );

  ev(rolloutAt, "Normal", "ScalingReplicaSet", `Scaled up replica set invoice-worker-${rng.alnum(10)} to 1`, "invoice-worker", "Deployment");
  // The broken pods: crash-looping until the fix; one old pod is terminated for each.
  for (const [i, p] of newPods.entries()) {
    let t = rolloutAt + (i + 1) * rng.int(40, 70) * SECOND;
    if (i === 0) {
      // maxUnavailable 1: one old pod goes at once, the rollout then stalls.
      const gone = live.shift()!;
      ev(t - 5000, "Normal", "Killing", "Stopping container worker", gone.pod);
    }
    for (let n = 0; t < fixAt; n++) {
      t = containerRestart(rng, tl, t, p, "ghcr.io/acme/invoice-worker:2.7.0", n === 0 ? undefined : { count: n, label: "error" });
      boot(t + 300, p.pod, HOST_PH, "pattern");
      const exc = `Traceback (most recent call last):\n  File "/app/invoice/db.py", line 41, in connect\n    return psycopg.connect(dsn, connect_timeout=5)\n  File "/usr/local/lib/python3.12/site-packages/psycopg/connection.py", line 748, in connect\n    raise last_ex.with_traceback(None)\npsycopg.OperationalError: [Errno -2] Name or service not known`;
      w(t + 400, p.pod, "ERROR", "invoice.db", `could not translate host name "${HOST_PH}" to address: Name or service not known`, {}, "error", exc);
      w(t + 420, p.pod, "ERROR", "invoice.worker", "startup failed, exiting with status 1", {}, "error");
      t += 600 + rng.int(0, 300);
      if (n === 0)
        ev(t + 1000, "Warning", "BackOff", `Back-off restarting failed container worker in pod ${p.pod}_billing(${rng.uuid()})`, p.pod, "Pod", "error");
      t += Math.min(300, 10 * 2 ** (n + 1)) * SECOND;
    }
  }
  ev(
    rolloutAt + 10 * MINUTE + rng.int(0, 60000),
    "Warning",
    "ProgressDeadlineExceeded",
    'Deployment "invoice-worker" has timed out progressing.',
    "invoice-worker",
    "Deployment",
    "error",
  );
  ev(fixAt, "Normal", "ScalingReplicaSet", `Scaled up replica set invoice-worker-${rng.alnum(10)} to 3`, "invoice-worker", "Deployment");
  for (const p of fixed) boot(fixAt + rng.int(20, 90) * SECOND, p.pod, "pg-billing.db.svc", null);

  // Jobs: enqueued through invoice-api, processed by whichever workers are live.
  let backlog = 0;
  let last = start;
  const degraded = (t: number) => t >= rolloutAt + 2 * MINUTE && t < fixAt + 3 * MINUTE;
  for (const t0 of arrivals(rng, start, end, 6, shape, 1.2)) {
    const reqId = rng.hex(32);
    const apiMs = rng.logNormal(12, 0.3);
    tl.add(
      t0 + Math.round(apiMs),
      pyJson(t0 + Math.round(apiMs), "invoice-api", "INFO", "invoice.api", "invoice job enqueued", { request_id: reqId, customer_id: `cus_${rng.alnum(12)}` }),
    );
    tl.add(
      t0 + Math.round(apiMs) + 1,
      nginxJson(t0 + Math.round(apiMs) + 1, {
        remoteAddr: `10.46.${rng.int(0, 63)}.${rng.int(2, 250)}`,
        requestId: reqId,
        method: "POST",
        uri: "/v1/invoices",
        status: 202,
        requestTimeMs: apiMs + 1,
        bytesSent: 96,
        userAgent: "billing-scheduler/1.4.2",
        host: "invoice-api.billing.svc",
        upstreamAddr: `10.46.${rng.int(0, 63)}.${rng.int(2, 250)}:8000`,
        upstreamStatus: "202",
        proxyUpstreamName: "billing-invoice-api-8000",
      }),
    );
    const deg = degraded(t0);
    backlog = deg ? backlog + (t0 - last) / MINUTE : Math.max(0, backlog * 0.5);
    last = t0;
    const waitMs = deg ? Math.min(20 * MINUTE, backlog * rng.float(8, 14) * SECOND) : rng.logNormal(300, 0.5);
    const pod = deg ? live[live.length - 1]! : t0 > fixAt ? rng.pick(fixed) : rng.pick(live);
    const done = t0 + Math.round(waitMs) + Math.round(rng.logNormal(180, 0.3));
    const slow = waitMs > 60 * SECOND;
    w(
      done,
      pod.pod,
      slow ? "WARNING" : "INFO",
      "invoice.worker",
      slow ? `invoice job processed after waiting ${(waitMs / 1000).toFixed(0)}s in queue` : "invoice job processed",
      { request_id: reqId, queue_wait_ms: Math.round(waitMs) },
      slow ? "performance" : null,
    );
  }
  for (const t of ticks(rng, start, end, 5 * MINUTE, 20 * SECOND)) {
    const depth = degraded(t) ? rng.int(200, 900) : rng.int(0, 12);
    w(
      t,
      live[live.length - 1]!.pod,
      depth > 100 ? "WARNING" : "INFO",
      "invoice.metrics",
      `queue depth ${depth}`,
      { queue: "invoices", depth },
      depth > 100 ? "performance" : null,
    );
  }
  live = fixed;
  return tl.build(
    NAME,
    "a rollout's config leaves DB_HOST unsubstituted: new invoice-worker pods connect to the literal placeholder, crash-loop, and invoice jobs back up until the fix",
  );
}
