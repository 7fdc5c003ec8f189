/**
 * mail-auth-cause-change: notification-service (Logback, ECS encoder) logs `Failed to send
 * email` with `error.*` a few times an hour all window: recipients the relay rejects as unknown
 * (550 5.1.1), routine. A fifth to three tenths in, the weekly rotation job changes the relay's
 * SMTP password; the service keeps the old one, and from then on every send fails on the same
 * message with a different cause (MailAuthenticationException, 535 5.7.8) while the relay logs
 * each failed SASL login, until the on-call restarts the service and it reads the new secret.
 * Late in the window a worker node's kernel reports a soft lockup and an RCU stall.
 */
import { edgeTraffic, kernel, openWindow, rollout, upstreamAddr, viaEdge } from "./common.js";
import { ecsLogback, javaTrace, pino, pinoHttp, rsyslog, structlog } from "./producers.js";
import { arrivals, HOUR, MINUTE, SECOND, ticks } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "mail-auth-cause-change";

export function mailAuthCauseChange(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-04-13", 8, 5);

  // ── the rotation job changes the relay's password; the on-call restarts the service later ──
  const rotateAt = tl.at(rng.float(0.2, 0.3));
  const rotator = { pod: rng.pod("secret-rotator") };
  tl.add(
    rotateAt - 1500,
    structlog(rotateAt - 1500, "info", "rotator", "rotation started", { secret: "platform/smtp-relay", schedule: "weekly", pod: rotator.pod }),
  );
  tl.add(rotateAt, structlog(rotateAt, "info", "rotator", "credential rotated", { secret: "platform/smtp-relay", version: rng.int(40, 90), pod: rotator.pod }));
  const restartAt = tl.at(rng.float(0.55, 0.65));
  const node = `ip-10-16-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-west-1.compute.internal`;
  const oldPod = rng.pod("notification-service");
  const newPod = rng.pod("notification-service");
  const events = rollout(rng, restartAt, "platform", "notification-service", "registry.internal/notification-service:3.12.0", oldPod, newPod, node);
  for (const [t, e] of events) tl.add(t, e);
  const fixedAt = (events[events.length - 3]?.[0] ?? restartAt) + rng.int(12, 20) * SECOND;
  const broken = (t: number): boolean => t >= rotateAt + 2 * SECOND && t < fixedAt;

  // ── notification-service (Java, ECS): sends through the relay ─────────────────────────────
  const svc = (t: number) => ({ service: "notification-service", host: t < fixedAt ? oldPod : newPod, environment: "production" });
  tl.add(
    fixedAt - 200,
    ecsLogback(
      fixedAt - 200,
      svc(fixedAt),
      "INFO",
      "com.shop.notify.NotificationApplication",
      "main",
      `Started NotificationApplication in ${rng.int(8, 14)}.${rng.int(100, 999)} seconds`,
    ),
  );
  const relayHost = "smtp-relay-01";
  const clientIp = `10.16.${rng.int(1, 60)}.${rng.int(2, 250)}`;
  const templates = ["order-confirmation", "shipping-update", "password-reset", "invoice-ready"];
  const frames = [
    "org.springframework.mail.javamail.JavaMailSenderImpl.doSend(JavaMailSenderImpl.java:440)",
    "org.springframework.mail.javamail.JavaMailSenderImpl.send(JavaMailSenderImpl.java:361)",
    "com.shop.notify.mail.MailDispatcher.dispatch(MailDispatcher.java:73)",
  ];
  const sendFailed = (t: number, template: string, error: { type: string; message: string; cause: string }) =>
    ecsLogback(
      t,
      svc(t),
      "ERROR",
      "com.shop.notify.mail.MailDispatcher",
      `mail-dispatch-${rng.int(1, 4)}`,
      "Failed to send email",
      { "labels.template": template },
      {
        type: error.type,
        message: error.message,
        stackTrace: javaTrace(error.type, error.message, frames, error.cause),
      },
    );
  for (const t of arrivals(rng, start, end, 1.5, shape, 1.25)) {
    const template = rng.pick(templates);
    if (broken(t)) {
      tl.add(
        t + 240,
        sendFailed(t + 240, template, {
          type: "org.springframework.mail.MailAuthenticationException",
          message: "Authentication failed",
          cause: "jakarta.mail.AuthenticationFailedException: 535 5.7.8 Error: authentication failed: authentication failure",
        }),
        "error",
      );
      tl.add(
        t + 200,
        rsyslog(
          t + 200,
          relayHost,
          "mail",
          "warning",
          "postfix/submission/smtpd",
          rng.int(10000, 60000),
          `warning: unknown[${clientIp}]: SASL LOGIN authentication failed: authentication failure`,
        ),
        "error",
      );
      continue;
    }
    const took = Math.round(rng.logNormal(420, 0.3));
    if (rng.chance(0.06)) {
      const to = `${rng.alnum(rng.int(4, 9))}@${rng.pick(["gmail.com", "outlook.com", "web.de", "yahoo.com"])}`;
      tl.add(
        t + took,
        sendFailed(t + took, template, {
          type: "org.springframework.mail.MailSendException",
          message: "Failed messages: jakarta.mail.SendFailedException: Invalid Addresses",
          cause: `org.eclipse.angus.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table`,
        }),
      );
      continue;
    }
    tl.add(
      t + took,
      ecsLogback(
        t + took,
        svc(t),
        "INFO",
        "com.shop.notify.mail.MailDispatcher",
        `mail-dispatch-${rng.int(1, 4)}`,
        `Email sent (template ${template}) in ${took} ms`,
        {
          "labels.template": template,
          "event.duration": took * 1000000,
        },
      ),
    );
  }
  for (const t of ticks(rng, start, end, HOUR, 2 * MINUTE)) {
    tl.add(
      t,
      rsyslog(
        t,
        relayHost,
        "mail",
        "info",
        "postfix/anvil",
        rng.int(800, 999),
        `statistics: max connection rate ${rng.int(3, 19)}/60s for (submission:${clientIp}) at ${new Date(t - rng.int(1, 50) * MINUTE).toUTCString().slice(5, 25)}`,
      ),
    );
  }

  // ── account-api (Node): the requests that queue emails, through the edge ──────────────────
  const acct = [0, 1].map(() => ({ name: "account-api", hostname: rng.pod("account-api"), pid: 1 }));
  const acctUp = upstreamAddr(rng, "10.16", 3000);
  const routes = ["/api/account", "/api/account/orders", "/api/account/password-reset", "/api/account/addresses"];
  for (const s of arrivals(rng, start, end, 2.2, shape, 1.25)) {
    const src = rng.pick(acct);
    const url = rng.weighted(routes.map((r, i) => [r, [50, 30, 5, 15][i] ?? 1] as const));
    const post = url.endsWith("password-reset");
    const took = rng.logNormal(post ? 60 : 30, 0.4);
    const status = !post && rng.chance(0.04) ? 401 : post ? 202 : 200;
    const d = s + Math.round(took);
    if (post) tl.add(d - 1, pino(d - 1, src, "info", "password reset email queued", { template: "password-reset" }));
    tl.add(d, pinoHttp(d, src, { id: rng.uuid(), method: post ? "POST" : "GET", url, remoteAddress: `::ffff:${rng.privateIp("10.16")}` }, status, took));
    viaEdge(rng, tl, s - 2, "account-edge", { method: post ? "POST" : "GET", uri: url, status, tookMs: took + 3, upstream: acctUp });
  }
  edgeTraffic(rng, tl, {
    service: "account-edge",
    perMinute: 1.8,
    routes: [
      ["GET /", 30],
      ["GET /static/<asset>", 50],
      ["GET /help/<id>", 20],
    ],
    upstream: upstreamAddr(rng, "10.16", 8080),
    shape,
    peak: 1.25,
  });

  // ── a worker node's kernel: a soft lockup and an RCU stall, late ──────────────────────────
  const host = node.split(".")[0] ?? "worker";
  const lockAt = tl.at(rng.float(0.76, 0.88));
  const cpu = rng.int(2, 7);
  const comm = `kworker/${cpu}:${rng.int(0, 3)}`;
  let u = lockAt;
  for (let i = 0; i < rng.int(3, 5); i++) {
    tl.add(u, kernel(u, host, "emerg", `watchdog: BUG: soft lockup - CPU#${cpu} stuck for ${22 + 4 * i}s! [${comm}:${rng.int(100, 30000)}]`), "pattern");
    if (i === 1) {
      tl.add(u + 300, kernel(u + 300, host, "err", `rcu: INFO: rcu_preempt self-detected stall on CPU`), "pattern");
      tl.add(
        u + 301,
        kernel(
          u + 301,
          host,
          "err",
          `rcu: \t${cpu}-....: (${rng.int(20000, 30000)} ticks this GP) idle=${rng.hex(4)}/1/0x4000000000000000 softirq=${rng.int(1000000, 9999999)} fqs=${rng.int(5000, 9000)}`,
        ),
        "pattern",
      );
      tl.add(u + 305, kernel(u + 305, host, "warning", `NMI backtrace for cpu ${cpu}`), "pattern");
    }
    u += rng.int(24, 30) * SECOND;
  }
  for (const t of ticks(rng, start, end, 10 * MINUTE, 5 * SECOND)) {
    tl.add(t, rsyslog(t, host, "daemon", "info", "systemd", 1, "Started sysstat-collect.service - system activity accounting tool."));
  }

  return tl.build(
    NAME,
    "notification-service's routine failed-send ERROR (unknown recipients) changes cause after an SMTP password rotation: every send fails on authentication until a restart; late, a node's kernel reports a soft lockup and an RCU stall",
  );
}
