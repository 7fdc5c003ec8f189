// A cron that stops firing: one run of the partner-feed-export CronJob hangs waiting for an
// advisory lock held by a forgotten session; with concurrencyPolicy Forbid every later schedule is
// skipped (JobAlreadyActive), the feeds go stale, the uploader finds nothing new, the freshness
// checker escalates. Nothing errors loudly; the signal is what stops appearing and what replaces it.
// Decoys: other CronJobs completing on schedule (one heavy hourly backup), host cron lines, a busy
// partner API, routine 404s and slow-client warnings.

import type { Scenario } from "../blind/types.js";
import { canonical, type Lvl, pglog, pino, type PinoProc, pyjson, syslog, zap } from "./producers.js";
import { Rng } from "./rng.js";
import { every, type Label, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

const NS = "feeds";

export function stuckCronjob(seed: number): Scenario {
  const rng = new Rng(seed, "stuck-cronjob");
  const start = pickStart(rng, [5, 6, 8, 9, 13, 17, 20]);
  const tl = new Timeline(start, start + rng.int(96, 116) * MIN);
  const end = tl.end;
  const partners = rng.shuffle(["globex", "initech", "acme-travel", "umbrella", "hooli", "soylent", "vandelay"]).slice(0, 3);
  const hangRun = Math.ceil((start + rng.float(0.08, 0.2) * (end - start)) / (10 * MIN)) * 10 * MIN;
  const holderPid = rng.int(30000, 60000);

  const ev = (t: number, type: "Normal" | "Warning", reason: string, kind: string, name: string, message: string, component: string, label: Label = null) =>
    tl.add(
      t,
      (tt) =>
        canonical(tt, "k8s-event-exporter", type === "Normal" ? "info" : "warn", message, {
          reason,
          type,
          involvedObject: { kind, namespace: NS, name },
          source: { component },
          count: 1,
        }),
      label,
    );

  // --- CronJobs: partner-feed-export (*/10), cache-warmer (*/5), session-cleanup (*/15), db-backup (hourly :30)
  const lastExport = new Map<string, number>();
  const exportedAt: number[] = [];
  const cronRuns = (name: string, period: number, offset: number, run: (sched: number, job: string, pod: string, r: Rng) => number | undefined) => {
    const r = rng.fork(`cron-${name}`);
    const first = Math.floor((start - 2 * period) / period) * period + offset;
    const history: string[] = [];
    for (let sched = first; sched < end; sched += period) {
      const job = `${name}-${Math.floor(sched / MIN)}`;
      const pod = r.podSuffix(job);
      const at = sched + r.int(200, 2500);
      if (name === "partner-feed-export" && sched > hangRun) {
        ev(
          at,
          "Normal",
          "JobAlreadyActive",
          "CronJob",
          name,
          "Not starting job because prior execution is running and concurrency policy is Forbid",
          "cronjob-controller",
          "pattern",
        );
        continue;
      }
      ev(at, "Normal", "SuccessfulCreate", "CronJob", name, `Created job ${job}`, "cronjob-controller");
      ev(at + r.int(30, 200), "Normal", "SuccessfulCreate", "Job", job, `Created pod: ${pod}`, "job-controller");
      ev(
        at + r.int(300, 900),
        "Normal",
        "Scheduled",
        "Pod",
        pod,
        `Successfully assigned ${NS}/${pod} to ip-10-${r.int(0, 40)}-${r.int(0, 255)}-${r.int(2, 254)}.ec2.internal`,
        "default-scheduler",
      );
      ev(at + r.int(2500, 4000), "Normal", "Started", "Pod", pod, `Started container ${name}`, "kubelet");
      const done = run(sched, job, pod, r);
      if (done === undefined) continue;
      ev(done + r.int(300, 1500), "Normal", "Completed", "Job", job, "Job completed", "job-controller");
      ev(done + r.int(1600, 9000), "Normal", "SawCompletedJob", "CronJob", name, `Saw completed job: ${job}, status: Complete`, "cronjob-controller");
      history.push(job);
      if (history.length > 3) {
        const old = history.shift() as string;
        ev(done + r.int(9100, 9800), "Normal", "SuccessfulDelete", "CronJob", name, `Deleted job ${old}`, "cronjob-controller");
      }
    }
  };

  cronRuns("partner-feed-export", 10 * MIN, 0, (sched, job, pod, r) => {
    const log = (t: number, level: Lvl, msg: string, extra: Record<string, unknown> = {}, label: Label = null) =>
      tl.add(t, (tt) => pyjson(tt, "partner-feed-export", "feeds.export", level, msg, { pod, job, ...extra }), label);
    let t = sched + r.int(5, 8) * SEC;
    log(t, "info", `Starting export for partners: ${partners.join(", ")}`, { schedule: new Date(sched).toISOString() });
    t += 400;
    log(t, "info", "Acquiring advisory lock feed_export");
    if (sched === hangRun) {
      // The lock never comes; the job logs its wait every five minutes.
      const pgAt = t + 1000;
      const waiter = r.int(50000, 65000);
      const after = r.int(100, 999);
      tl.add(
        pgAt,
        (tt) =>
          pglog(
            tt,
            "feeds-db-0",
            waiter,
            "LOG",
            `process ${waiter} still waiting for ExclusiveLock on advisory lock [16402,0,7340112,1] after 1000.${after} ms`,
            { user: "feeds_export", dbname: "feeds", application_name: "partner-feed-export", service: "feeds-db" },
          ),
        "performance",
      );
      tl.add(
        pgAt + 2,
        (tt) =>
          pglog(tt, "feeds-db-0", waiter, "LOG", `Process holding the lock: ${holderPid}. Wait queue: ${waiter}.`, {
            user: "feeds_export",
            dbname: "feeds",
            application_name: "partner-feed-export",
            service: "feeds-db",
          }),
        "performance",
      );
      for (let w = 5; t + w * MIN < end; w += 5) {
        const waited = w * 60;
        log(
          t + w * MIN + r.int(0, 900),
          "warn",
          `Still waiting for advisory lock feed_export (waited ${waited}s; held by pid ${holderPid}, state 'idle in transaction', application 'psql')`,
          { waited_s: waited, holder_pid: holderPid },
          "performance",
        );
      }
      return undefined;
    }
    t += r.int(20, 90);
    log(t, "info", "Lock acquired");
    for (const p of partners) {
      const offers = r.int(8000, 60000);
      const ms = r.int(12_000, 35_000);
      t += ms;
      log(
        t,
        "info",
        `Exported ${offers.toLocaleString("en-US")} offers for ${p} to s3://acme-partner-feeds/${p}/offers-${Math.floor(sched / MIN)}.xml.gz (${round(offers / 21000, 1)} MB)`,
        { partner: p, offers, duration_ms: ms },
      );
      lastExport.set(p, t);
    }
    t += r.int(200, 900);
    log(t, "info", "Manifest written; releasing lock");
    const took = round((t - sched) / 1000, 1);
    t += 100;
    log(t, "info", `Export finished in ${took}s`, { duration_s: took });
    exportedAt.push(t);
    return t;
  });

  cronRuns("cache-warmer", 5 * MIN, 0, (sched, job, pod, r) => {
    let t = sched + r.int(4, 7) * SEC;
    const n = r.int(1800, 2600);
    tl.add(t, (tt) => pino(tt, { name: "cache-warmer", hostname: pod, pid: 1 }, "info", "warming product and price caches", { job, keys: n }));
    t += r.int(15, 40) * SEC;
    const misses = r.int(0, 30);
    tl.add(t, (tt) =>
      pino(tt, { name: "cache-warmer", hostname: pod, pid: 1 }, misses > 25 ? "warn" : "info", "cache warm complete", {
        job,
        keys: n,
        misses,
        durationMs: Math.round(t - sched),
      }),
    );
    return t;
  });

  cronRuns("session-cleanup", 15 * MIN, 2 * MIN, (sched, _job, pod, r) => {
    let t = sched + r.int(4, 7) * SEC;
    t += r.int(3, 12) * SEC;
    const n = r.int(1200, 9000);
    tl.add(t, (tt) =>
      zap(tt, "info", "cleanup/main.go:44", "expired sessions deleted", { service: "session-cleanup", pod, deleted: n, took: round(r.float(1.2, 7), 3) }),
    );
    return t;
  });

  cronRuns("db-backup", 60 * MIN, 30 * MIN, (sched, job, pod, r) => {
    let t = sched + r.int(4, 7) * SEC;
    tl.add(t, (tt) => pyjson(tt, "db-backup", "backup", "info", "pg_basebackup starting for feeds-db", { pod, job }));
    const mins = r.float(11, 16);
    for (let k = 1; k <= 4; k++) {
      const frac = k / 5;
      tl.add(t + mins * frac * MIN, (tt) =>
        pyjson(tt, "db-backup", "backup", "info", `backup progress ${Math.round(frac * 100)}%`, { pod, job, bytes_done: Math.round(frac * 48e9) }),
      );
    }
    t += mins * MIN;
    tl.add(t, (tt) =>
      pyjson(tt, "db-backup", "backup", "info", `backup complete in ${round(mins * 60, 1)}s; uploaded to s3://acme-db-backups/feeds/`, {
        pod,
        job,
        duration_s: round(mins * 60, 1),
      }),
    );
    return t;
  });

  // --- uploader on the batch host: cron fires every 10 min (+5), pushes the newest export over SFTP
  const uRng = rng.fork("uploader");
  const host = "batch-01";
  every(uRng, Math.floor(start / (10 * MIN)) * 10 * MIN + 5 * MIN, end, 10 * MIN, 0, (t) => {
    const pid = uRng.int(10000, 60000);
    tl.add(t + uRng.int(0, 400), (tt) =>
      syslog(tt, host, "CRON", pid, "info", "cron", "(feeds) CMD (/opt/feeds/bin/upload-feeds.sh >> /var/log/feeds/upload.log 2>&1)"),
    );
    for (const p of partners) {
      const at = t + uRng.int(3, 25) * SEC;
      const last = exportedAt.filter((x) => x < at).pop();
      const stale = last === undefined || at - last > 12 * MIN;
      if (!stale) {
        tl.add(at, (tt) =>
          syslog(
            tt,
            host,
            "upload-feeds",
            pid,
            "info",
            "local0",
            `uploaded ${p}/offers.xml.gz to sftp://feeds.${p}.example.com/in/ (${round(uRng.float(0.5, 3), 1)} MB in ${round(uRng.float(0.8, 4), 2)}s)`,
          ),
        );
      } else {
        const lastIso = last === undefined ? "unknown" : new Date(last).toISOString().slice(0, 19);
        tl.add(at, (tt) => syslog(tt, host, "upload-feeds", pid, "warn", "local0", `no new export for ${p} since ${lastIso}Z; skipping upload`), "pattern");
      }
    }
  });
  // routine host noise
  every(uRng, start + uRng.int(0, 60) * SEC, end, 10 * MIN, 30_000, (t) => {
    tl.add(t, (tt) => syslog(tt, host, "CRON", uRng.int(10000, 60000), "info", "cron", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"));
  });
  poisson(uRng, start, end, 9 * MIN, (t) => {
    const ip = `10.0.${uRng.int(0, 9)}.${uRng.int(2, 250)}`;
    tl.add(t, (tt) =>
      syslog(
        tt,
        host,
        "sshd",
        uRng.int(10000, 60000),
        "info",
        "auth",
        `Accepted publickey for deploy from ${ip} port ${uRng.int(30000, 60000)} ssh2: ED25519 SHA256:${uRng.base62(43)}`,
      ),
    );
    tl.add(t + 150, (tt) => syslog(tt, host, "systemd-logind", 611, "info", "auth", `New session ${uRng.int(1000, 9000)} of user deploy.`));
  });

  // --- freshness checker (zap), every 5 min per partner feed
  const fRng = rng.fork("freshness");
  every(fRng, start + fRng.int(0, 300) * SEC, end, 5 * MIN, 2000, (t) => {
    for (const p of partners) {
      const last = exportedAt.filter((x) => x < t).pop() ?? lastExport.get(p) ?? t - 8 * MIN;
      const age = Math.round((t - last) / 1000);
      const at = t + fRng.int(10, 900);
      if (age <= 900) {
        tl.add(at, (tt) => zap(tt, "info", "freshness/check.go:61", "feed fresh", { service: "feed-freshness", partner: p, age_s: age, threshold_s: 900 }));
      } else {
        const sla = age > 1800;
        tl.add(
          at,
          (tt) =>
            zap(tt, sla ? "error" : "warn", "freshness/check.go:67", sla ? "feed stale beyond SLA; paging" : "feed stale", {
              service: "feed-freshness",
              partner: p,
              age_s: age,
              threshold_s: 900,
              sla_s: 1800,
            }),
          "pattern",
        );
      }
    }
  });

  // --- partner-api (pino): partners fetch feeds and offers
  const aRng = rng.fork("partner-api");
  const aPods: PinoProc[] = [0, 1, 2].map(() => ({ name: "partner-api", hostname: aRng.pod("partner-api"), pid: 1 }));
  poisson(aRng, start, end, 2700, (t) => {
    const p = aRng.pick(partners);
    const route = aRng.weighted([
      [`/v2/feeds/${p}/latest`, 2],
      [`/v2/offers/${aRng.int(100000, 999999)}`, 6],
      [`/v2/offers?partner=${p}&page=${aRng.int(1, 40)}`, 3],
      [`/v2/availability/${aRng.int(100000, 999999)}`, 4],
    ] as const);
    const status = route.includes("/offers/") && aRng.chance(0.04) ? 404 : route.includes("latest") && aRng.chance(0.4) ? 304 : 200;
    const rt = round(aRng.logn(route.includes("page") ? 95 : 24, 0.5), 2);
    tl.add(t, (tt) =>
      pino(tt, aRng.pick(aPods), status === 404 ? "warn" : "info", "request completed", {
        req: { method: "GET", url: route, headers: { "x-partner-id": p } },
        res: { statusCode: status },
        responseTime: rt,
      }),
    );
    if (aRng.chance(0.004)) tl.add(t + 5, (tt) => pino(tt, aRng.pick(aPods), "warn", "client closed connection before response was sent", { partner: p }));
  });

  // --- feeds-db routine lines
  const dRng = rng.fork("db");
  every(dRng, start + dRng.int(0, 300) * SEC, end, 5 * MIN, 3000, (t) => {
    tl.add(t, (tt) =>
      pglog(tt, "feeds-db-0", 57, "LOG", "checkpoint starting: time", { user: "", dbname: "", backend_type: "checkpointer", service: "feeds-db" }),
    );
  });
  poisson(dRng, start, end, 12 * MIN, (t) => {
    tl.add(t, (tt) =>
      pglog(
        tt,
        "feeds-db-0",
        dRng.int(20000, 60000),
        "LOG",
        `duration: ${round(dRng.logn(1400, 0.4), 3)} ms  statement: SELECT partner, count(*) FROM offers WHERE updated_at > now() - interval '1 day' GROUP BY partner`,
        { user: "analyst", dbname: "feeds", application_name: "DBeaver 24.1.0", service: "feeds-db" },
      ),
    );
  });

  return tl.build(
    "stuck-cronjob",
    "One run of a ten-minute CronJob hangs on an advisory lock; with concurrencyPolicy Forbid every later schedule is skipped, partner feeds go stale and uploads are skipped while other CronJobs keep completing",
    rng,
  );
}
