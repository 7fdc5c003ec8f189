/**
 * perpetual-licence-and-trials: a night of billing. The PDF engine's licence agent reports
 * its perpetual site licence as `days_left=0` (the vendor's "no end date"), the nightly batch
 * converts every trial that reached `trial_days_left=0`, and the token signer rotates its daily
 * key at midnight when it reaches `days_left=0`: zeros that are the design. The incident is
 * report-renderer's memory: its font cache grows through the invoice run until the kernel kills
 * it, and the invoices rendered meanwhile fail.
 */
import { clef, logback, nginx, pyjson, rsyslog, USER_AGENTS, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "perpetual-licence-and-trials";
const LIMIT_MB = 4096;

export function perpetualLicenceAndTrials(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-03-04", 23);
  const end = start + 8 * HOUR - rng.int(0, 25) * MINUTE;
  const tl = new Timeline(start, end);
  const midnight = Math.ceil(start / DAY) * DAY;
  const runDate = new Date(midnight).toISOString().slice(0, 10);

  // The nightly billing job starts at 01:00 UTC; invoices from its second step.
  const jobStart = midnight + HOUR + rng.int(0, 20) * SECOND;
  const trialsEnd = jobStart + rng.int(110, 160) * SECOND;
  const invoicesStart = trialsEnd + rng.int(1, 4) * SECOND;
  const invoicesEnd = invoicesStart + rng.int(78, 92) * MINUTE;
  // The renderer's working set climbs with every invoice; it is killed ~70 % into the run.
  const oomAt = invoicesStart + Math.round((invoicesEnd - invoicesStart) * rng.float(0.66, 0.74));
  const backAt = oomAt + rng.int(45, 70) * SECOND;

  const renderer = { application: "report-renderer", machine: rng.pod("report-renderer") };
  const rendererNode = "ip-10-30-2-77";
  const workingSet = (t: number): number => {
    const base = 1350 + 180 * Math.sin(t / (37 * MINUTE));
    if (t < invoicesStart || t >= backAt) return base + (t >= backAt ? 0 : rng.float(-40, 40));
    if (t < oomAt) return base + (4040 - base) * ((t - invoicesStart) / (oomAt - invoicesStart)) ** 1.6;
    return 0;
  };

  // ── report-renderer (.NET, Serilog CLEF): memory every minute, renders ─────────────────────
  for (let t = start + rng.int(0, 59) * SECOND; t < end; t += MINUTE + rng.int(-800, 800)) {
    if (t >= oomAt && t < backAt) continue;
    const ws = Math.round(workingSet(t));
    const heap = Math.round(ws * rng.float(0.62, 0.7));
    const label: AnomalyType | null = ws / LIMIT_MB >= 0.88 ? "memory" : null;
    tl.add(
      t,
      clef(
        t,
        renderer,
        ws / LIMIT_MB >= 0.88 ? "Warning" : "Information",
        "ReportRenderer.Diagnostics.MemoryReporter",
        "Process memory: working set {WorkingSetMB} MB of {LimitMB} MB limit, GC heap {GcHeapMB} MB",
        {
          WorkingSetMB: ws,
          LimitMB: LIMIT_MB,
          GcHeapMB: heap,
        },
      ),
      label,
    );
  }
  const render = (t: number, kind: string, id: string, label: AnomalyType | null = null): void => {
    tl.add(
      t,
      clef(t, renderer, "Information", "ReportRenderer.Pdf.RenderService", "Rendered {DocumentType} {DocumentId} ({Pages} pages) in {Elapsed:0.0} ms", {
        DocumentType: kind,
        DocumentId: id,
        Pages: rng.int(1, 4),
        Elapsed: rng.logNormal(kind === "invoice" ? 420 : 610, 0.3),
      }),
      label,
    );
  };
  // The kernel's OOM killer and the restart.
  const pid = rng.int(2000, 40000);
  tl.add(
    oomAt,
    rsyslog(
      oomAt,
      rendererNode,
      "kern",
      "err",
      "kernel",
      undefined,
      `Memory cgroup out of memory: Killed process ${pid} (dotnet) total-vm:${rng.int(11000000, 12500000)}kB, anon-rss:${rng.int(4150000, 4190000)}kB, file-rss:${rng.int(30000, 60000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(9000, 12000)}kB oom_score_adj:984`,
    ),
    "memory",
  );
  tl.add(
    oomAt + 2,
    rsyslog(
      oomAt + 2,
      rendererNode,
      "kern",
      "info",
      "kernel",
      undefined,
      `oom_reaper: reaped process ${pid} (dotnet), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`,
    ),
    "memory",
  );
  tl.add(
    backAt - 3000,
    clef(backAt - 3000, renderer, "Information", "Microsoft.Hosting.Lifetime", "Now listening on: {address}", { address: "http://[::]:8080" }),
  );
  tl.add(backAt - 2990, clef(backAt - 2990, renderer, "Information", "Microsoft.Hosting.Lifetime", "Application started. Press Ctrl+C to shut down.", {}));
  tl.add(
    backAt - 2980,
    clef(backAt - 2980, renderer, "Information", "Microsoft.Hosting.Lifetime", "Hosting environment: {envName}", { envName: "Production" }),
  );

  // ── licence-agent (Python sidecar of the renderer) ─────────────────────────────────────────
  const lic = { service: "licence-agent", host: renderer.machine };
  const licenceCheck = (t: number): void => {
    tl.add(
      t,
      pyjson(
        t,
        lic,
        "INFO",
        "licence_agent.check",
        `licence check ok: product=pdfkit-server edition=site perpetual=true days_left=0 seats_in_use=${rng.int(1, 4)}/16`,
        { licence_id: "PK-SITE-77341" },
      ),
    );
  };
  for (let t = start + rng.int(0, 59) * MINUTE; t < end; t += HOUR + rng.int(-30, 30) * SECOND) licenceCheck(t);
  licenceCheck(backAt + rng.int(500, 2000));
  for (let t = start + rng.int(0, 599) * SECOND; t < end; t += 10 * MINUTE + rng.int(-1500, 1500)) {
    if (t >= oomAt && t < backAt) continue;
    tl.add(
      t,
      pyjson(t, lic, "DEBUG", "licence_agent.heartbeat", "licence heartbeat acknowledged by licensing.pdfkit.example (lease 600s)", {
        duration_ms: Math.round(rng.logNormal(95, 0.3)),
      }),
    );
  }

  // ── billing-batch (Spring Batch) ───────────────────────────────────────────────────────────
  const billing = { app: "billing-batch", host: rng.pod("billing-batch") };
  const jobLogger = "org.springframework.batch.core.launch.support.SimpleJobLauncher";
  const stepLogger = "org.springframework.batch.core.step.AbstractStep";
  const jobExecLogger = "org.springframework.batch.core.job.SimpleStepHandler";
  tl.add(
    jobStart,
    logback(
      jobStart,
      billing,
      "INFO",
      jobLogger,
      "main",
      `Job: [FlowJob: [name=nightlyBilling]] launched with the following parameters: [{'run.date':'{value=${runDate}, type=class java.lang.String, identifying=true}'}]`,
    ),
  );
  tl.add(jobStart + 40, logback(jobStart + 40, billing, "INFO", jobExecLogger, "main", "Executing step: [convertTrials]"));
  const trials = rng.int(38, 64);
  for (let i = 0; i < trials; i++) {
    const t = jobStart + 500 + Math.round(((trialsEnd - jobStart - 1000) * (i + rng.next())) / trials);
    const plan = rng.weighted([
      ["starter", 6],
      ["team", 2],
      ["free", 3],
    ] as const);
    tl.add(
      t,
      logback(
        t,
        billing,
        "INFO",
        "com.shop.billing.trials.TrialConversionWriter",
        "main",
        `Trial ended for account acct_${rng.alnum(12)}: trial_days_left=0, plan set to ${plan} (auto-convert)`,
      ),
    );
  }
  tl.add(trialsEnd, logback(trialsEnd, billing, "INFO", stepLogger, "main", `Step: [convertTrials] executed in ${Math.round((trialsEnd - jobStart) / 1000)}s`));
  tl.add(invoicesStart, logback(invoicesStart, billing, "INFO", jobExecLogger, "main", "Executing step: [generateInvoices]"));
  let invoiceNo = rng.int(180000, 240000);
  let skipped = 0;
  for (const t of arrivals(rng, invoicesStart + 2000, invoicesEnd, 5.5)) {
    invoiceNo += 1;
    const inv = `INV-${runDate.slice(0, 4)}-${invoiceNo}`;
    const rendered = t + Math.round(rng.logNormal(430, 0.3));
    if (t >= oomAt - 800 && t < backAt) {
      // Three attempts a second apart, then the item is skipped.
      for (let a = 1; a <= 3; a++) {
        const at = t + (a - 1) * 1000 + rng.int(5, 60);
        if (at >= backAt) break;
        const cause = at < oomAt + 1500 ? "Connection reset" : "Connection refused";
        tl.add(
          at,
          logback(
            at,
            billing,
            a < 3 ? "WARN" : "ERROR",
            "com.shop.billing.invoices.InvoicePdfProcessor",
            "main",
            a < 3 ? `Render attempt ${a}/3 for invoice ${inv} failed: ${cause}, retrying` : `Rendering failed for invoice ${inv} after 3 attempts`,
            {},
            a < 3
              ? undefined
              : `org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://report-renderer:8080/render": ${cause}\n\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)\n\tat com.shop.billing.invoices.RendererClient.render(RendererClient.java:44)`,
          ),
          "error",
        );
        if (a === 3) {
          skipped += 1;
          tl.add(
            at + 5,
            logback(
              at + 5,
              billing,
              "WARN",
              "org.springframework.batch.core.step.item.FaultTolerantChunkProcessor",
              "main",
              `Skipping item ${inv} after RenderException (skip ${skipped} of 50)`,
            ),
            "error",
          );
        }
      }
      continue;
    }
    render(rendered, "invoice", inv);
    const w = rendered + rng.int(20, 90);
    tl.add(
      w,
      logback(
        w,
        billing,
        "INFO",
        "com.shop.billing.invoices.InvoiceWriter",
        "main",
        `Invoice ${inv} generated for account acct_${rng.alnum(12)} (${(rng.int(900, 240000) / 100).toFixed(2)} EUR, ${rng.int(1, 14)} lines)`,
      ),
    );
  }
  const took = invoicesEnd + 3000 - invoicesStart;
  tl.add(
    invoicesEnd + 3000,
    logback(
      invoicesEnd + 3000,
      billing,
      "INFO",
      stepLogger,
      "main",
      `Step: [generateInvoices] executed in ${Math.floor(took / HOUR)}h${Math.floor((took % HOUR) / MINUTE)}m${Math.floor((took % MINUTE) / 1000)}s`,
    ),
  );
  const jobTook = invoicesEnd + 3400 - jobStart;
  tl.add(
    invoicesEnd + 3400,
    logback(
      invoicesEnd + 3400,
      billing,
      "INFO",
      jobLogger,
      "main",
      `Job: [FlowJob: [name=nightlyBilling]] completed with the following parameters: [{'run.date':'{value=${runDate}, type=class java.lang.String, identifying=true}'}] and the following status: [COMPLETED] in ${Math.floor(jobTook / HOUR)}h${Math.floor((jobTook % HOUR) / MINUTE)}m${Math.floor((jobTook % MINUTE) / 1000)}s`,
    ),
  );

  // ── jwks-rotator (Go, zap): a signing key a day, rotated when it reaches zero ──────────────
  const kid = (t: number): string => `sk-${new Date(t).toISOString().slice(0, 10)}`;
  for (let t = start + rng.int(0, 299) * SECOND; t < end; t += 5 * MINUTE + rng.int(-400, 400)) {
    tl.add(t, zap(t, "info", "jwks", "jwks/publish.go:58", "jwks published", { keys: 3, active_kid: kid(t), etag: rng.hex(16) }));
  }
  const rot = midnight + rng.int(2000, 6000);
  tl.add(
    rot,
    zap(
      rot,
      "info",
      "jwks.rotator",
      "jwks/rotate.go:102",
      `signing key ${kid(rot - DAY)} reached days_left=0, rotated to ${kid(rot)} (valid for 1 days, previous kept 2 days for verification)`,
      {
        alg: "ES256",
      },
    ),
  );

  // ── batch node syslog: cron, sysstat ───────────────────────────────────────────────────────
  for (let t = start + rng.int(0, 599) * SECOND; t < end; t += 10 * MINUTE) {
    const cronPid = rng.int(100000, 999999);
    tl.add(t, rsyslog(t, rendererNode, "authpriv", "info", "CRON", cronPid, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"));
    tl.add(t + 2, rsyslog(t + 2, rendererNode, "cron", "info", "CRON", cronPid, "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"));
    tl.add(t + 40, rsyslog(t + 40, rendererNode, "authpriv", "info", "CRON", cronPid, "pam_unix(cron:session): session closed for user root"));
  }

  // ── customer portal API at night: statements rendered on demand ────────────────────────────
  const portalIps = [rng.privateIp("10.30"), rng.privateIp("10.30")];
  for (const s of arrivals(rng, start, end, 2.2)) {
    const r = rng.weighted([
      ["GET /api/account", 40],
      ["GET /api/usage", 30],
      ["GET /api/invoices", 20],
      ["GET /api/invoices/<id>/pdf", 10],
    ] as const);
    const [method, path] = r.split(" ") as [string, string];
    let uri = path;
    let took = rng.logNormal(35, 0.4);
    let status = 200;
    let label: AnomalyType | null = null;
    if (path.includes("<id>")) {
      const id = `INV-${runDate.slice(0, 4)}-${rng.int(100000, 179999)}`;
      uri = `/api/invoices/${id}/pdf`;
      took = rng.logNormal(640, 0.3);
      if (s >= oomAt && s < backAt) {
        status = 502;
        took = rng.int(3, 40);
        label = "error";
      } else render(s + Math.round(took) - 10, "statement", id);
    }
    const e = s + Math.round(took);
    tl.add(
      e,
      nginx(e, "portal-edge", {
        remote: rng.publicIp(),
        method,
        uri,
        status,
        bytes: status === 200 ? rng.int(500, 90000) : 157,
        requestTime: took / 1000,
        upstream: `${rng.pick(portalIps)}:8080`,
        upstreamTime: took / 1000,
        userAgent: rng.pick(USER_AGENTS),
        requestId: rng.hex(32),
      }),
      label,
    );
  }

  return tl.build(
    NAME,
    "perpetual licence reported as days_left=0, trials converted at trial_days_left=0, the daily key rotated at days_left=0; the PDF renderer is OOM-killed mid-run",
  );
}
