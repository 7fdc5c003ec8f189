// billing-usage-export runs every 30 minutes as a Kubernetes CronJob and normally finishes in a
// couple of minutes. Version 2.8.0 dropped the day filter from its query: the first run with it
// streams the whole usage history, logs a "rate table missing" warning for every row of legacy
// plans (thousands a minute, in bursts), grows until the kernel's memory cgroup kills it, is
// restarted by the Job and starts over. The pod has no CPU limit and saturates its node, so the
// invoice-api pod next to it slows down. The next schedule is skipped (JobAlreadyActive). On-call
// deletes the job.
// Labelled: the run's progress lines once its resident set is far beyond a normal run's and the
// kernel monitor's OOMKilling events (memory); the tight-loop warnings and the skipped schedule
// (pattern); the slow requests of the invoice-api pod on that node (performance). Decoys: the
// earlier runs of the export with the previous version, the usage-rollup job every 15 minutes,
// session cleanup, CronJob/Job events, container restarts, the invoice PDF endpoint that always
// takes seconds, 404s, a few "rate table missing" warnings in normal runs (a handful of legacy rows).

import type { Scenario } from "../blind/types.js";
import { MINUTE, nightStart, pyAsctime, SECOND } from "./clock.js";
import { podName, traffic, isSlow } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { k8sLine, kubeEvent, otel, type PodRef } from "./producers.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "runaway-cron-export";
const NODES = ["ip-10-60-1-12.ec2.internal", "ip-10-60-2-98.ec2.internal", "ip-10-60-3-51.ec2.internal"];
const BAD = 1;
const LEGACY = ["legacy-2019", "legacy-2019-annual", "startup-2018", "partner-2020"];

export function runawayCronExport(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const firstSlot = Math.ceil((start + 2 * MINUTE) / (30 * MINUTE)) * 30 * MINUTE;
  const slots: number[] = [];
  for (let s = firstSlot; s < start + 4 * 60 * MINUTE; s += 30 * MINUTE) slots.push(s);
  const runaway = slots[1]!;
  const deleted = runaway + rng.int(34, 46) * MINUTE;
  const end = deleted + rng.int(10, 16) * MINUTE;
  const ev = (
    t: number,
    ns: string,
    kind: string,
    name: string,
    reason: string,
    message: string,
    type: "Normal" | "Warning",
    component: string,
    label: Label = null,
    host?: string,
  ) => tl.add(t, kubeEvent(t, { ns, kind, name, reason, message, type, component, uid: rng.uuid(), ...(host === undefined ? {} : { host }) }), label);
  const py = (t: number, p: PodRef, lvl: "INFO" | "WARNING" | "ERROR", logger: string, msg: string, label: Label = null) =>
    tl.add(t, k8sLine(t, p, "stderr", `${pyAsctime(t)} ${lvl} ${logger}: ${msg}`), label);

  // --- the export runs -------------------------------------------------------------------------
  const cycleRss: { from: number; to: number; pod: PodRef }[] = [];
  for (const slot of slots.filter((s) => s < end)) {
    const jobName = `billing-usage-export-${Math.floor(slot / MINUTE)}`;
    const pod: PodRef = {
      pod: `${jobName}-${rng.kube(5)}`,
      ns: "billing",
      container: "export",
      node: NODES[slot === runaway ? BAD : rng.int(0, 2)]!,
      app: "billing-usage-export",
      image: `ghcr.io/larkspur/billing-export:${slot >= runaway ? "2.8.0" : "2.7.3"}`,
    };
    const t0 = slot + rng.int(0, 900);
    if (slot > runaway && slot < deleted) {
      ev(
        t0,
        "billing",
        "CronJob",
        "billing-usage-export",
        "JobAlreadyActive",
        "Not starting job because prior execution is running and concurrency policy is Forbid",
        "Normal",
        "cronjob-controller",
        "pattern",
      );
      continue;
    }
    if (slot > runaway && slot >= deleted) continue;
    ev(t0, "billing", "CronJob", "billing-usage-export", "SuccessfulCreate", `Created job ${jobName}`, "Normal", "cronjob-controller");
    ev(t0 + 60, "billing", "Job", jobName, "SuccessfulCreate", `Created pod: ${pod.pod}`, "Normal", "job-controller");
    ev(t0 + 200, "billing", "Pod", pod.pod, "Scheduled", `Successfully assigned billing/${pod.pod} to ${pod.node}`, "Normal", "default-scheduler");
    const runStart = t0 + rng.int(3000, 6000);
    const version = slot >= runaway ? "2.8.0" : "2.7.3";
    const day = new Date(slot - 86_400_000).toISOString().slice(0, 10);
    if (slot !== runaway) {
      py(runStart, pod, "INFO", "billing_export.main", `billing-export ${version} starting: usage window ${day}, accounts=all`);
      let rows = 0;
      const steps = rng.int(3, 6);
      let t = runStart;
      for (let i = 0; i < steps; i++) {
        t += rng.int(18, 35) * SECOND;
        rows += rng.int(60_000, 110_000);
        py(
          t,
          pod,
          "INFO",
          "billing_export.stream",
          `processed ${rows.toLocaleString("en")} rows (rss=${rng.int(280, 420)} MiB, ${rng.int(3000, 5200).toLocaleString("en")} rows/s)`,
        );
        if (rng.chance(0.4))
          py(t + 900, pod, "WARNING", "billing_export.rating", `rate table missing for plan_id=${rng.pick(LEGACY)}; falling back to default rate`);
      }
      py(
        t + 2000,
        pod,
        "INFO",
        "billing_export.upload",
        `uploaded s3://larkspur-billing-exports/usage/${day}/part-${String(Math.floor(slot / MINUTE) % 1000).padStart(4, "0")}.parquet (${rng.float(8, 30).toFixed(1)} MiB)`,
      );
      py(t + 2100, pod, "INFO", "billing_export.main", `export finished in ${Math.round((t + 2100 - runStart) / 1000)}s`);
      ev(t + 6000, "billing", "Job", jobName, "Completed", "Job completed", "Normal", "job-controller");
      ev(
        t + 6100,
        "billing",
        "CronJob",
        "billing-usage-export",
        "SawCompletedJob",
        `Saw completed job: ${jobName}, condition: Complete`,
        "Normal",
        "cronjob-controller",
      );
      continue;
    }
    // The runaway: restarted in place after each OOM kill, until deleted.
    let at = runStart;
    while (at < deleted) {
      const growth = rng.float(0.16, 0.24); // GiB per 30 s
      const limit = 4;
      const oomAt = at + Math.round(((limit - 0.35) / growth) * 30 * SECOND);
      const stop = Math.min(oomAt, deleted);
      cycleRss.push({ from: at, to: stop, pod });
      py(at, pod, "INFO", "billing_export.main", `billing-export ${version} starting: usage window ${day}, accounts=all`);
      py(at + 1500, pod, "INFO", "billing_export.stream", "query opened server-side cursor usage_export_cur (fetch size 50000)");
      let rows = 0;
      for (let t = at + 30 * SECOND; t < stop; t += 30 * SECOND + rng.int(-2000, 2000)) {
        rows += rng.int(520_000, 700_000);
        const rss = 0.35 + ((t - at) / (30 * SECOND)) * growth;
        py(
          t,
          pod,
          "INFO",
          "billing_export.stream",
          `processed ${rows.toLocaleString("en")} rows (rss=${rss < 1 ? `${Math.round(rss * 1024)} MiB` : `${rss.toFixed(2)} GiB`}, ${rng.int(17000, 23500).toLocaleString("en")} rows/s)`,
          rss >= 1.2 ? "memory" : null,
        );
        // Bursts of per-row warnings when the cursor reaches legacy accounts.
        if (rng.chance(0.35)) {
          const n = rng.int(8, 30);
          const plan = rng.pick(LEGACY);
          for (let i = 0; i < n; i++)
            py(
              t + 1000 + i * rng.int(1, 6),
              pod,
              "WARNING",
              "billing_export.rating",
              `rate table missing for plan_id=${plan}; falling back to default rate`,
              "pattern",
            );
        }
      }
      if (oomAt < deleted) {
        ev(
          oomAt,
          "billing",
          "Node",
          pod.node,
          "OOMKilling",
          `Memory cgroup out of memory: Killed process ${rng.int(20000, 60000)} (python) total-vm:${rng.int(5_000_000, 5_400_000)}kB, anon-rss:${rng.int(4_150_000, 4_190_000)}kB, file-rss:${rng.int(1000, 9000)}kB, shmem-rss:0kB, UID:10001 pgtables:${rng.int(8000, 9000)}kB oom_score_adj:${rng.int(900, 999)}`,
          "Warning",
          "kernel-monitor",
          "memory",
          pod.node,
        );
        const back = oomAt + rng.int(8, 25) * SECOND;
        ev(back - 400, "billing", "Pod", pod.pod, "Pulled", `Container image "${pod.image}" already present on machine`, "Normal", "kubelet", null, pod.node);
        ev(back - 200, "billing", "Pod", pod.pod, "Created", "Created container export", "Normal", "kubelet", null, pod.node);
        ev(back, "billing", "Pod", pod.pod, "Started", "Started container export", "Normal", "kubelet", null, pod.node);
        at = back + 1500;
      } else at = deleted;
    }
    ev(deleted, "billing", "Job", jobName, "SuccessfulDelete", `Deleted pod: ${pod.pod}`, "Normal", "job-controller");
  }
  const exportRunning = (t: number) => cycleRss.some((c) => t >= c.from && t < c.to);

  // --- usage-rollup every 15 minutes, session cleanup hourly ----------------------------------------
  for (let s = Math.ceil(start / (15 * MINUTE)) * 15 * MINUTE; s < end; s += 15 * MINUTE) {
    const jn = `usage-rollup-${Math.floor(s / MINUTE)}`;
    const p: PodRef = {
      pod: `${jn}-${rng.kube(5)}`,
      ns: "billing",
      container: "rollup",
      node: NODES[rng.int(0, 2)]!,
      app: "usage-rollup",
      image: "ghcr.io/larkspur/usage-rollup:1.4.2",
    };
    ev(s + 300, "billing", "CronJob", "usage-rollup", "SuccessfulCreate", `Created job ${jn}`, "Normal", "cronjob-controller");
    const t = s + rng.int(4, 8) * SECOND;
    py(t, p, "INFO", "rollup", `rolling up usage for window ending ${new Date(s).toISOString()}`);
    py(t + rng.int(5, 20) * SECOND, p, "INFO", "rollup", `upserted ${rng.int(8000, 40000)} rows into usage_hourly in ${rng.float(4, 19).toFixed(1)}s`);
    ev(t + 25 * SECOND, "billing", "Job", jn, "Completed", "Job completed", "Normal", "job-controller");
    if (s % (60 * MINUTE) === 0) {
      const sp: PodRef = { ...p, pod: `session-cleanup-${Math.floor(s / MINUTE)}-${rng.kube(5)}`, container: "cleanup", app: "session-cleanup" };
      py(s + 9 * SECOND, sp, "INFO", "cleanup", `deleted ${rng.int(1000, 9000)} expired sessions`);
    }
  }

  // --- invoice-api (ASP.NET Core, OpenTelemetry logs) ------------------------------------------------
  const hash = rng.kube(10);
  const inv = NODES.map((node) => ({
    "service.name": "invoice-api",
    "service.version": "3.1.7",
    "service.instance.id": podName(rng, "invoice-api", hash),
    "k8s.node.name": node,
    "k8s.namespace.name": "billing",
    "telemetry.sdk.language": "dotnet",
  }));
  const reqs = traffic(rng, {
    start,
    end,
    count: rng.int(2300, 2700),
    insts: ["0", "1", "2"],
    ips: ["10.244.1.14", "10.244.2.201", "10.244.3.8"],
    routes: [
      { method: "GET", route: "invoice", path: (r) => `/v1/invoices/inv_${r.alnum(14)}`, weight: 40, med: 14, sigma: 0.4, statuses: [[404, 0.03]] },
      { method: "GET", route: "list", path: (r) => `/v1/accounts/acct_${r.alnum(10)}/invoices`, weight: 30, med: 26, sigma: 0.4 },
      { method: "POST", route: "preview", path: () => "/v1/invoices/preview", weight: 12, med: 60, sigma: 0.35, statuses: [[400, 0.03]] },
      { method: "GET", route: "pdf", path: (r) => `/v1/invoices/inv_${r.alnum(14)}/pdf`, weight: 4, med: 1800, sigma: 0.35, bytes: 90000 },
    ],
  });
  for (const q of reqs) {
    const n = Number(q.inst);
    if (n === BAD && exportRunning(q.t)) {
      q.ms *= rng.float(3, 22);
      if (isSlow(q)) q.label = "performance";
    }
    const ct = q.route === "pdf" ? "application/pdf" : "application/json; charset=utf-8";
    tl.add(
      q.t,
      otel(
        q.t,
        inv[n]!,
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "info",
        `Request finished HTTP/1.1 ${q.method} http://invoice-api.billing.svc:8080${q.path} - ${q.status} ${q.status === 404 ? 0 : q.bytes} ${q.status === 404 ? "-" : ct} ${q.ms.toFixed(4)}ms`,
        {
          ElapsedMilliseconds: Number(q.ms.toFixed(4)),
          StatusCode: q.status,
          ContentType: q.status === 404 ? null : ct,
          ContentLength: q.status === 404 ? 0 : q.bytes,
          Protocol: "HTTP/1.1",
          Method: q.method,
          Scheme: "http",
          Host: "invoice-api.billing.svc:8080",
          PathBase: "",
          Path: q.path,
          QueryString: "",
        },
        { traceId: rng.hex(32), spanId: rng.hex(16) },
      ),
      q.label,
    );
  }
  return tl.scenario(
    NAME,
    "A billing export cron job loses its day filter, streams the whole history, floods per-row warnings, is OOM-killed in a loop and starves an API pod of CPU.",
  );
}
