/**
 * report-licence-runs-out: report-service checks its reporting engine's licence at start-up and
 * every hour, and for its last day every check says `0 days left`; at midnight it runs out and
 * the nightly scheduled exports and every on-demand report fail until someone uploads the
 * renewed licence. Around it, zeros that mean nothing: the directory sync reports service
 * accounts whose passwords never expire as `expires in 0 days`, the scheduler counts down to
 * its next runs in days, and the API gateway says when a key was last rotated.
 */
import { logback, nginx, pino, pyjson, USER_AGENTS, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "report-licence-runs-out";

const hms = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600) % 24).padStart(2, "0")}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
};

export function reportLicenceRunsOut(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-03-23", 21);
  const end = start + 4 * HOUR + rng.int(-5, 15) * MINUTE;
  const tl = new Timeline(start, end);
  const expiry = Math.ceil(start / DAY) * DAY; // the licence ends at midnight UTC
  const renewedAt = expiry + rng.int(48, 66) * MINUTE;
  const licensed = (t: number): boolean => t < expiry || t >= renewedAt;
  const rolloutAt = tl.at(rng.float(0.18, 0.3));
  const apiIps = [rng.privateIp("10.14"), rng.privateIp("10.14")];

  // ── report-service (Spring Boot, 2 pods; replaced by a rollout early in the window) ────────
  const oldPods = [rng.pod("report-service"), rng.pod("report-service")];
  const newPods = [rng.pod("report-service"), rng.pod("report-service")];
  const podAt = (t: number, i: number): string => (t < rolloutAt + i * 50 * SECOND ? oldPods[i]! : newPods[i]!);
  const licenceLine = (t: number, host: string): void => {
    const exp = t < renewedAt ? expiry : expiry + 365 * DAY;
    const left = Math.floor((exp - t) / DAY);
    if (t >= exp) return;
    tl.add(
      t,
      logback(
        t,
        { app: "report-service", host },
        "INFO",
        "com.shop.reports.licensing.LicenceVerifier",
        "licence-check",
        `ReportForge licence verified: edition=Enterprise, seats=25, ${left} days left (expires ${new Date(exp).toISOString()})`,
      ),
      left === 0 ? "pattern" : null,
    );
  };
  for (let i = 0; i < 2; i++) {
    // Hourly checks from the pod's start; the rollout's new pods check at start-up.
    for (let t = start + rng.int(0, 59) * MINUTE; t < end; t += HOUR + rng.int(-20, 20) * SECOND) licenceLine(t, podAt(t, i));
    const up = rolloutAt + i * 50 * SECOND;
    const host = newPods[i]!;
    tl.add(
      up - 21000,
      logback(
        up - 21000,
        { app: "report-service", host },
        "INFO",
        "com.shop.reports.ReportServiceApplication",
        "main",
        "Starting ReportServiceApplication v2.31.0 using Java 17.0.10 with PID 1",
      ),
    );
    tl.add(
      up,
      logback(
        up,
        { app: "report-service", host },
        "INFO",
        "com.shop.reports.ReportServiceApplication",
        "main",
        `Started ReportServiceApplication in ${(rng.float(17, 23)).toFixed(3)} seconds (process running for ${(rng.float(23, 26)).toFixed(3)})`,
      ),
    );
    licenceLine(up + rng.int(200, 900), host);
  }
  // The renewed licence is uploaded; both pods reload it.
  for (let i = 0; i < 2; i++) {
    const t = renewedAt + rng.int(1000, 20000);
    tl.add(
      t,
      logback(
        t,
        { app: "report-service", host: newPods[i]! },
        "INFO",
        "com.shop.reports.licensing.LicenceVerifier",
        "licence-watcher",
        "Licence file /etc/reportforge/licence.lic changed, reloading",
      ),
    );
    licenceLine(t + 300, newPods[i]!);
  }

  const expiredTrace =
    "com.reportforge.licensing.LicenseExpiredException: Licence RF-ENT-20931 expired on <date>\n\tat com.reportforge.licensing.LicenseGuard.check(LicenseGuard.java:61)\n\tat com.reportforge.engine.ReportEngine.fill(ReportEngine.java:208)\n\tat com.shop.reports.render.ReportRenderer.render(ReportRenderer.java:74)";
  const reportTypes = ["sales-summary", "inventory-aging", "tax-vat-return", "customer-ledger", "payout-reconciliation", "returns-by-reason"];
  const generate = (t: number, host: string, thread: string, report: string, tenant: string): { ok: boolean; took: number } => {
    const src = { app: "report-service", host };
    if (!licensed(t)) {
      const e = t + rng.int(20, 80);
      tl.add(
        e,
        logback(
          e,
          src,
          "ERROR",
          "com.shop.reports.render.ReportRenderer",
          thread,
          `Report generation failed for ${report} (tenant ${tenant})`,
          {},
          expiredTrace.replace("<date>", new Date(expiry).toISOString()),
        ),
        "error",
      );
      return { ok: false, took: e - t };
    }
    const took = Math.round(rng.logNormal(report === "tax-vat-return" ? 2400 : 900, 0.4));
    tl.add(
      t + took,
      logback(
        t + took,
        src,
        "INFO",
        "com.shop.reports.render.ReportRenderer",
        thread,
        `Generated report ${report} for tenant ${tenant} (${rng.int(1, 60)} pages) in ${took} ms`,
      ),
    );
    return { ok: true, took };
  };

  // On-demand reports through the API, and the rest of the API.
  const routes = [
    ["POST /api/reports", 30],
    ["GET /api/reports/<id>", 25],
    ["GET /api/dashboard", 30],
    ["GET /api/tenants/<t>/settings", 15],
  ] as const;
  for (const s of arrivals(rng, start, end, 6.2)) {
    const route = rng.weighted(routes);
    const [method, path] = route.split(" ") as [string, string];
    const tenant = `t_${rng.alnum(6)}`;
    let uri = path.replace("<id>", `rep_${rng.alnum(12)}`).replace("<t>", tenant);
    let status = 200;
    let took = rng.logNormal(30, 0.4);
    let label: AnomalyType | null = null;
    if (path === "/api/reports") {
      const i = rng.int(0, 1);
      const r = generate(s + 5, podAt(s, i), `http-nio-8080-exec-${rng.int(1, 40)}`, rng.pick(reportTypes), tenant);
      took = r.took + 12;
      status = r.ok ? 201 : 500;
      if (!r.ok) label = "error";
      uri = "/api/reports";
    }
    const e = s + Math.round(took);
    tl.add(
      e,
      nginx(e, "reports-edge", {
        remote: rng.publicIp(),
        method,
        uri,
        status,
        bytes: status < 300 ? rng.int(300, 12000) : 312,
        requestTime: took / 1000,
        upstream: `${rng.pick(apiIps)}:8080`,
        upstreamTime: took / 1000,
        userAgent: rng.pick(USER_AGENTS),
        requestId: rng.hex(32),
      }),
      label,
    );
  }

  // ── scheduler (Go, zap): nightly exports at midnight; its countdown every 15 minutes ───────
  const jobs = [
    { name: "nightly-exports", at: expiry },
    { name: "weekly-sales-digest", at: expiry + rng.int(2, 5) * DAY + 6 * HOUR },
    { name: "monthly-vat-prep", at: expiry + rng.int(6, 20) * DAY + 2 * HOUR },
    { name: "hourly-usage-rollup", at: 0 },
  ];
  for (let t = start + rng.int(0, 899) * SECOND; t < end; t += 15 * MINUTE + rng.int(-500, 500)) {
    let u = t;
    for (const j of jobs) {
      let next = j.at;
      if (j.name === "hourly-usage-rollup") next = Math.ceil(u / HOUR) * HOUR;
      if (j.name === "nightly-exports" && next <= u) next += DAY;
      const left = next - u;
      u += rng.int(1, 6);
      tl.add(
        u,
        zap(u, "info", "scheduler", "cron/plan.go:73", `job ${j.name} next run in ${Math.floor(left / DAY)} days ${hms(left)}`, {
          job: j.name,
          next_run: new Date(next).toISOString(),
        }),
      );
    }
  }
  const exportsN = rng.int(36, 54);
  const sched = rng.pod("report-scheduler");
  tl.add(
    expiry + 150,
    zap(expiry + 150, "info", "scheduler", "cron/run.go:41", `job nightly-exports started: ${exportsN} scheduled exports queued`, {
      job: "nightly-exports",
      pod: sched,
    }),
  );
  let q = expiry + 1200;
  let failed = 0;
  for (let k = 0; k < exportsN; k++) {
    const i = k % 2;
    const r = generate(q, newPods[i]!, `export-worker-${(k % 4) + 1}`, rng.pick(reportTypes), `t_${rng.alnum(6)}`);
    if (!r.ok) failed += 1;
    q += r.took + rng.int(400, 9000);
  }
  tl.add(
    q + 500,
    zap(
      q + 500,
      failed > 0 ? "error" : "info",
      "scheduler",
      "cron/run.go:88",
      `job nightly-exports finished: ${exportsN - failed} succeeded, ${failed} failed`,
      { job: "nightly-exports" },
    ),
    failed > 0 ? "error" : null,
  );

  // ── directory-sync (Python): service accounts whose passwords never expire ─────────────────
  const dir = { service: "directory-sync", host: rng.pod("directory-sync") };
  const svcAccounts = ["svc-reports", "svc-backup", "svc-scanner", "svc-erp-bridge", "svc-printer", "svc-monitoring"];
  const users = rng.int(1240, 1320);
  for (let t = start + rng.int(0, 1799) * SECOND; t < end; t += 30 * MINUTE + rng.int(-3000, 3000)) {
    let u = t;
    for (const a of svcAccounts) {
      u += rng.int(5, 60);
      tl.add(
        u,
        pyjson(u, dir, "INFO", "dirsync.accounts", `user ${a}: password expires in 0 days (password_never_expires=true)`, {
          ou: "OU=Service Accounts,DC=corp,DC=example",
        }),
      );
    }
    u += rng.int(300, 2500);
    tl.add(u, pyjson(u, dir, "INFO", "dirsync.run", `sync complete: ${users} users, 37 groups, ${rng.int(0, 3)} changes`, { duration_ms: u - t }));
  }

  // ── api-gateway (Node): API keys checked on every partner call ─────────────────────────────
  const gw = [0, 1].map(() => ({ name: "api-gateway", hostname: rng.pod("api-gateway"), pid: 1 }));
  const keys = Array.from({ length: 8 }, () => ({ id: `ak_live_${rng.alnum(8)}`, age: rng.int(0, 80) }));
  for (const t of arrivals(rng, start, end, 1.6)) {
    const k = rng.pick(keys);
    tl.add(
      t,
      pino(t, rng.pick(gw), "debug", `api key ${k.id} validated (partner ${k.id.slice(8, 11)}, last rotated ${k.age} days ago)`, {
        route: rng.pick(["/partner/v1/orders", "/partner/v1/stock", "/partner/v1/reports"]),
      }),
    );
  }

  return tl.build(
    NAME,
    "the reporting engine's licence says 0 days left on every check, runs out at midnight and fails the nightly exports; passwords that never expire say 0 days",
  );
}
