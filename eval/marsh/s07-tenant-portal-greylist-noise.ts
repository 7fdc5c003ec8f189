// s07 tenant-portal-greylist-noise   (decoy: routine noise + a small, different incident)
//
// A residential property-management platform on a weekday morning. rent-notifier (Sidekiq 7
// JSON logs) sends reminder and statement emails; about a third of first attempts are
// greylisted by tenants' mail providers ("450 4.7.1 ... Greylisted, please try again in 300
// seconds") and retried later. That WARN is there every day at the same rate and wording
// (15-20 % of rent-notifier's lines) from the first minute to the last: routine, null.
// The real incident is small and different: a key-rotation job drops a certificate-only entry
// into lease-docs' keystore; lease-docs (Spring Boot, logback JSON) hot-reloads it, makes it
// the active signing alias, and every lease signature fails (ERROR with
// UnrecoverableKeyException; tenant-portal answers 500) until someone reverts the keystore
// 18-30 minutes later. Everything else (tenant-portal via lograge, statement PDFs) is healthy.
//
// Healthy bands:
//   tenant-portal (lograge, duration ms): GET balance median 85, GET statements 120,
//     GET maintenance_requests 60, POST maintenance_requests 140 (302), GET lease 70,
//     POST lease sign 950 (200); 401 on GET /login/session after a bad password is routine
//   rent-notifier: ReminderMailJob elapsed median 0.62 s; ~35 % of attempts greylisted (WARN + "fail")
//   lease-docs: "Lease ... signed" took_ms median 880 ms; "Statement ... rendered" median 310 ms;
//     keystore reloads happen only at rotations
// Labels: keystore reload/active-alias lines (both the bad one and the revert) = pattern;
// signing ERRORs and the portal's 500s on lease sign = error. Greylisting WARNs and their
// Sidekiq "fail" lines are routine: null. Everything else null.
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, deploymentPods, isoMs, type Label } from "./util.js";

const NAME = "tenant-portal-greylist-noise";

export function tenantPortalGreylistNoise(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 2, 17, 8, 0) + r.int(0, 90) * MIN + r.int(0, 59) * SEC;
  const dur = 4 * 60 * MIN;
  const end = start + dur;
  const badAt = start + dur * r.float(0.45, 0.7);
  const revertAt = badAt + r.float(18, 30) * MIN;

  const portalPods = deploymentPods(r, "tenant-portal", 3);
  const notifierPods = deploymentPods(r, "rent-notifier", 2);
  const docsPods = deploymentPods(r, "lease-docs", 2);
  const domains = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "web.de", "gmx.net", "btinternet.com", "hotmail.co.uk", "proton.me", "mailbox.org"];
  const greylisting = ["web.de", "gmx.net", "mailbox.org", "btinternet.com"];

  const lograge = (
    t: number,
    method: string,
    path: string,
    controller: string,
    action: string,
    status: number,
    duration: number,
    extra: Record<string, unknown>,
    label: Label,
  ): void => {
    const db = duration * r.float(0.15, 0.45);
    const view = status >= 300 ? 0 : duration * r.float(0.1, 0.3);
    tl.add(
      t,
      {
        method,
        path,
        format: path.startsWith("/api") ? "json" : "html",
        controller,
        action,
        status,
        duration: Math.round(duration * 100) / 100,
        view: Math.round(view * 100) / 100,
        db: Math.round(db * 100) / 100,
        request_id: r.uuid(),
        remote_ip: `${r.pick(["81.98", "86.4", "109.144", "176.250", "92.233"])}.${r.int(1, 254)}.${r.int(1, 254)}`,
        ...extra,
        "@timestamp": isoMs(t),
        "@version": "1",
        message: `[${status}] ${method} ${path} (${controller}#${action})`,
        app: "tenant-portal",
        host: r.pick(portalPods),
      },
      label,
    );
  };
  const logback = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown>, label: Label): void => {
    tl.add(
      t,
      {
        "@timestamp": isoMs(t),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: `http-nio-8080-exec-${r.int(1, 20)}`,
        level,
        level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
        app: "lease-docs",
        pod: r.pick(docsPods),
        ...extra,
      },
      label,
    );
  };

  // tenant-portal traffic
  const portalRate = (t: number): number => 8 + 3 * Math.sin(((t - start) / dur) * Math.PI);
  for (const t of arrivals(r, start, end, portalRate, 11)) {
    const tenant = r.int(1000, 9999);
    const op = r.weighted([
      ["bal", 28],
      ["stmt", 14],
      ["mr", 16],
      ["mrpost", 6],
      ["lease", 12],
      ["login", 18],
      ["loginfail", 3],
      ["sign", 4],
    ] as const);
    if (op === "bal") lograge(t, "GET", `/tenants/${tenant}/balance`, "BalancesController", "show", 200, r.healthy(85), {}, null);
    else if (op === "stmt") lograge(t, "GET", `/tenants/${tenant}/statements`, "StatementsController", "index", 200, r.healthy(120), {}, null);
    else if (op === "mr") lograge(t, "GET", "/maintenance_requests", "MaintenanceRequestsController", "index", 200, r.healthy(60), {}, null);
    else if (op === "mrpost")
      lograge(
        t,
        "POST",
        "/maintenance_requests",
        "MaintenanceRequestsController",
        "create",
        302,
        r.healthy(140),
        { location: `/maintenance_requests/${r.int(40000, 49999)}` },
        null,
      );
    else if (op === "lease")
      lograge(t, "GET", `/leases/L-2026-${String(r.int(1, 4800)).padStart(5, "0")}`, "LeasesController", "show", 200, r.healthy(70), {}, null);
    else if (op === "login") lograge(t, "POST", "/login/session", "SessionsController", "create", 302, r.healthy(180), { location: "/dashboard" }, null);
    else if (op === "loginfail") lograge(t, "POST", "/login/session", "SessionsController", "create", 401, r.healthy(170), {}, null);
    else {
      const lease = `L-2026-${String(r.int(1, 4800)).padStart(5, "0")}`;
      const tries = t >= badAt && t < revertAt ? r.int(1, 2) : 1;
      let tt = t;
      for (let k = 0; k < tries; k++) {
        const docsMs = r.healthy(880);
        const bad = tt >= badAt && tt < revertAt;
        if (bad) {
          const failMs = r.healthy(35);
          logback(
            tt + failMs,
            "ERROR",
            "com.homestead.leasedocs.signing.LeaseSigner",
            `Signing lease ${lease} failed`,
            {
              leaseId: lease,
              traceId: r.hex(32),
              keyAlias: "lease-sign-2026q1",
              stack_trace:
                "java.security.UnrecoverableKeyException: Get Key failed: no private key stored under alias 'lease-sign-2026q1' (trusted certificate entry)\n" +
                "\tat java.base/sun.security.pkcs12.PKCS12KeyStore.engineGetKey(PKCS12KeyStore.java:444)\n" +
                "\tat java.base/java.security.KeyStore.getKey(KeyStore.java:1057)\n" +
                "\tat com.homestead.leasedocs.signing.KeyRing.activeKey(KeyRing.kt:58)\n" +
                "\tat com.homestead.leasedocs.signing.LeaseSigner.sign(LeaseSigner.kt:91)\n" +
                "\tat com.homestead.leasedocs.web.SignController.sign(SignController.kt:37)\n",
            },
            "error",
          );
          lograge(
            tt + failMs + r.float(5, 20),
            "POST",
            `/leases/${lease}/sign`,
            "LeaseSignaturesController",
            "create",
            500,
            failMs + r.healthy(60),
            { error: "LeaseDocs::SigningFailed: lease-docs responded 500" },
            "error",
          );
          tt += r.float(20, 90) * SEC;
        } else {
          logback(
            tt + docsMs,
            "INFO",
            "com.homestead.leasedocs.signing.LeaseSigner",
            `Lease ${lease} signed and sealed (${r.int(6, 14)} pages, key lease-sign-2025q4) in ${Math.round(docsMs)} ms`,
            { leaseId: lease, traceId: r.hex(32), took_ms: Math.round(docsMs) },
            null,
          );
          lograge(tt + docsMs + r.float(5, 20), "POST", `/leases/${lease}/sign`, "LeaseSignaturesController", "create", 200, docsMs * 1.07, {}, null);
          break;
        }
      }
    }
  }

  // statement PDFs rendered by lease-docs for the portal and the notifier
  for (const t of arrivals(r, start, end, () => 1.8, 1.8)) {
    const ms = r.healthy(310);
    logback(
      t + ms,
      "INFO",
      "com.homestead.leasedocs.statements.StatementRenderer",
      `Statement ST-${r.int(100000, 999999)} rendered (${r.int(1, 4)} pages) in ${Math.round(ms)} ms`,
      { took_ms: Math.round(ms) },
      null,
    );
  }

  // key rotation: bad reload, then the revert
  logback(
    badAt - r.float(2, 6) * SEC,
    "INFO",
    "com.homestead.leasedocs.signing.KeyRing",
    "Keystore change detected at /etc/lease-docs/keys/keystore.p12; reloading",
    {},
    "pattern",
  );
  logback(
    badAt - r.float(0.2, 1.5) * SEC,
    "INFO",
    "com.homestead.leasedocs.signing.KeyRing",
    "Keystore reloaded: 4 aliases, active signing alias lease-sign-2026q1 (not before 2026-03-17T00:00:00Z)",
    { aliases: 4, activeAlias: "lease-sign-2026q1" },
    "pattern",
  );
  logback(
    revertAt - r.float(2, 6) * SEC,
    "INFO",
    "com.homestead.leasedocs.signing.KeyRing",
    "Keystore change detected at /etc/lease-docs/keys/keystore.p12; reloading",
    {},
    "pattern",
  );
  logback(
    revertAt - r.float(0.2, 1.5) * SEC,
    "INFO",
    "com.homestead.leasedocs.signing.KeyRing",
    "Keystore reloaded: 3 aliases, active signing alias lease-sign-2025q4",
    { aliases: 3, activeAlias: "lease-sign-2025q4" },
    "pattern",
  );

  // rent-notifier (Sidekiq 7 JSON): routine greylisting at ~35 % of first attempts
  const sidekiq = (t: number, pod: string, tid: string, lvl: string, msg: string, ctx: Record<string, unknown>): void => {
    tl.add(t, { ts: isoMs(t), pid: 7, tid, lvl, msg, ctx, app: "rent-notifier", pod }, null);
  };
  const jobRate = (t: number): number => 4.6 + 0.6 * Math.sin(((t - start) / (37 * MIN)) * 2 * Math.PI);
  for (const t of arrivals(r, start, end, jobRate, 5.2)) {
    const pod = r.pick(notifierPods);
    const tid = r.chars(4, "abcdefghijklmnopqrstuvwxyz0123456789");
    const jid = r.hex(24);
    const cls = r.weighted([
      ["ReminderMailJob", 6],
      ["StatementMailJob", 3],
      ["MaintenanceUpdateMailJob", 2],
    ] as const);
    const dom = r.pick(domains);
    const rcpt = `${r.chars(r.int(5, 10), "abcdefghijklmnopqrstuvwxyz")}${r.int(1, 99)}@${dom}`;
    sidekiq(t, pod, tid, "INFO", "start", { class: cls, jid, queue: "mailers" });
    const el = r.healthy(0.62);
    const grey = (greylisting.includes(dom) && r.chance(0.92)) || r.chance(0.12);
    if (grey) {
      sidekiq(
        t + el * 1000,
        pod,
        tid,
        "WARN",
        `Net::SMTPServerBusy: 450 4.7.1 <${rcpt}>: Recipient address rejected: Greylisted, please try again in 300 seconds`,
        { class: cls, jid, queue: "mailers", error_class: "Net::SMTPServerBusy", retry_count: r.pick([0, 0, 0, 1]) },
      );
      sidekiq(t + el * 1000 + 2, pod, tid, "INFO", "fail", { class: cls, jid, queue: "mailers", elapsed: el.toFixed(3) });
    } else {
      sidekiq(t + el * 1000, pod, tid, "INFO", "done", { class: cls, jid, queue: "mailers", elapsed: el.toFixed(3) });
    }
  }

  return tl.build(
    NAME,
    "Property-management platform: greylisting WARNs in the mail worker are routine all day (null); the real incident is a bad keystore reload in lease-docs that fails every lease signature (ERROR + portal 500) for ~25 minutes until reverted.",
  );
}
