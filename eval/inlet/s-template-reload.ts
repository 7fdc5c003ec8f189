/**
 * template-reload: notification-worker (Python, python-json-logger) renders and sends order
 * e-mails through the SMTP relay (Postfix, rsyslog) that forwards them to Amazon SES;
 * notification-api (python-json-logger behind ingress-nginx) enqueues them. At start-up, and
 * whenever the CMS publishes templates, the worker logs its logging format string
 * (`%(asctime)s %(levelname)s %(name)s %(message)s`) and every template it loads with its
 * subject (`"Hi {{ customer.first_name }}, ..."`): routine lines, the placeholders are the
 * templates' own. Two fifths in SES starts throttling the account (a marketing send shares
 * it): the relay defers mail with 454, its queue backs up, its smtpd slows to seconds per
 * message, the worker's sends take seconds, time out, retry, and some orders' mails fail,
 * until the marketing send is paused.
 */
import { openWindow } from "./common.js";
import { nginxJson, pyJson, rsyslog } from "./producers.js";
import { arrivals, MINUTE, SECOND } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "template-reload";
const TEMPLATES = [
  ["order_confirmation", "Thanks for your order, {{ customer.first_name }} (#{{ order.number }})"],
  ["order_shipped", "Hi {{ customer.first_name }}, order #{{ order.number }} is on its way"],
  ["order_delivered", "Delivered: order #{{ order.number }}"],
  ["refund_issued", "Your refund of {{ refund.amount | currency }} is on its way"],
  ["password_reset", "Reset your password, {{ user.first_name }}"],
  ["welcome", "Welcome to Northwind, {{ user.first_name }}!"],
  ["review_request", "How was your {{ order.items[0].name }}?"],
] as const;
const FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s";

export function templateReload(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-12", 13, 3);
  const throttleAt = tl.at(rng.float(0.38, 0.45));
  const pauseAt = tl.at(rng.float(0.7, 0.78));
  const relay = "smtp-relay-1";
  const workers = ["notification-worker-0", "notification-worker-1"].map((host) => ({ host, pid: rng.int(7, 40) }));
  const apiIp = `10.42.${rng.int(0, 63)}.${rng.int(2, 250)}`;

  const worker = (
    t: number,
    w: (typeof workers)[number],
    level: "DEBUG" | "INFO" | "WARNING" | "ERROR",
    logger: string,
    msg: string,
    extra: Record<string, unknown> = {},
    label: AnomalyType | null = null,
    exc?: string,
  ) => tl.add(t, pyJson(t, "notification-worker", level, logger, msg, { hostname: w.host, process: w.pid, ...extra }, exc), label);

  /** A worker's start-up or a template publish: the logging config (start-up only) and every template loaded. */
  const loadTemplates = (t: number, w: (typeof workers)[number], startup: boolean) => {
    let at = t;
    if (startup) {
      worker(at, w, "INFO", "notify.logging", `logging configured: handler=stdout formatter=pythonjsonlogger.jsonlogger.JsonFormatter format="${FORMAT}"`);
      at += 40;
      worker(at, w, "INFO", "notify.worker", `worker starting: queues=[emails, emails.retry] concurrency=8 smtp=${relay}.mail.svc:587`);
    } else {
      worker(at, w, "INFO", "notify.templates", `template bundle changed (cms revision ${rng.int(900, 990)}), reloading`);
    }
    for (const [name, subject] of TEMPLATES) {
      at += rng.int(5, 30);
      worker(at, w, "INFO", "notify.templates", `loaded template ${name}.html.j2: "${subject}"`, { bytes: rng.int(2400, 9800) });
    }
    worker(at + 10, w, "INFO", "notify.templates", `${TEMPLATES.length} templates compiled in ${rng.int(30, 90)} ms`);
  };
  for (const w of workers) loadTemplates(start + rng.int(1, 20) * SECOND, w, true);
  for (const t of [tl.at(rng.float(0.15, 0.25)), tl.at(rng.float(0.55, 0.65))]) for (const w of workers) loadTemplates(t + rng.int(0, 3000), w, false);
  // A routine restart of one worker (node drain) late in the window.
  const drainAt = tl.at(rng.float(0.82, 0.9));
  worker(drainAt, workers[1]!, "INFO", "notify.worker", "worker shutting down: SIGTERM received, draining 0 tasks");
  loadTemplates(drainAt + rng.int(20, 40) * SECOND, workers[1]!, true);

  const throttled = (t: number) => t >= throttleAt && t < pauseAt + 6 * MINUTE;
  for (const t0 of arrivals(rng, start, end, 4.5, shape, 1.2)) {
    const reqId = rng.hex(32);
    const kind = rng.weighted([
      ["order_confirmation", 4],
      ["order_shipped", 3],
      ["order_delivered", 2],
      ["password_reset", 1],
      ["refund_issued", 0.6],
      ["welcome", 0.6],
      ["review_request", 0.8],
    ] as const);
    const apiMs = rng.logNormal(14, 0.3);
    tl.add(
      t0 + Math.round(apiMs),
      pyJson(t0 + Math.round(apiMs), "notification-api", "INFO", "notify.api", "notification enqueued", {
        template: kind,
        request_id: reqId,
        task_id: rng.uuid(),
      }),
    );
    tl.add(
      t0 + Math.round(apiMs) + 1,
      nginxJson(t0 + Math.round(apiMs) + 1, {
        remoteAddr: `10.42.${rng.int(0, 63)}.${rng.int(2, 250)}`,
        requestId: reqId,
        method: "POST",
        uri: "/v1/notifications",
        status: 202,
        requestTimeMs: apiMs + 1,
        bytesSent: rng.int(90, 120),
        userAgent: "order-service/5.3.1 python-httpx/0.27.0",
        host: "notification-api.internal",
        upstreamAddr: `${apiIp}:8000`,
        upstreamStatus: "202",
        proxyUpstreamName: "mail-notification-api-8000",
      }),
    );
    const w = rng.pick(workers);
    const s = t0 + Math.round(apiMs) + rng.int(20, 400);
    const qid = rng.hex(10).toUpperCase();
    worker(s - rng.int(5, 15), w, "INFO", "celery.worker.strategy", `Task notify.tasks.send_email[${rng.uuid()}] received`, { template: kind });
    if (!throttled(s)) {
      const smtpMs = rng.logNormal(160, 0.35);
      worker(s + Math.round(smtpMs), w, "INFO", "notify.mailer", "email sent", { template: kind, smtp_ms: Math.round(smtpMs), queue_id: qid });
      const rt = s + Math.round(smtpMs) + rng.int(200, 900);
      tl.add(
        rt,
        rsyslog(
          rt,
          relay,
          "mail",
          "info",
          "postfix/smtp",
          rng.int(3000, 9000),
          `${qid}: to=<${rng.alnum(7)}@${rng.pick(["gmail.com", "outlook.com", "yahoo.co.uk", "web.de"])}>, relay=email-smtp.eu-west-1.amazonaws.com[52.214.${rng.int(1, 250)}.${rng.int(1, 250)}]:587, delay=${(rng.float(0.3, 0.9)).toFixed(1)}, delays=0.01/0/0.12/0.31, dsn=2.0.0, status=sent (250 Ok ${rng.hex(16)})`,
        ),
      );
      continue;
    }
    // Throttled: the relay is slow to accept, sends take seconds or time out at 30 s and retry.
    const smtpMs = rng.logNormal(9000, 0.5);
    if (smtpMs < 30000) {
      worker(
        s + Math.round(smtpMs),
        w,
        "WARNING",
        "notify.mailer",
        `slow SMTP send: ${(smtpMs / 1000).toFixed(1)}s to ${relay}.mail.svc:587`,
        { template: kind, smtp_ms: Math.round(smtpMs), queue_id: qid },
        "performance",
      );
      const rt = s + Math.round(smtpMs) + rng.int(2000, 9000);
      tl.add(
        rt,
        rsyslog(
          rt,
          relay,
          "mail",
          "info",
          "postfix/smtp",
          rng.int(3000, 9000),
          `${qid}: to=<${rng.alnum(7)}@gmail.com>, relay=email-smtp.eu-west-1.amazonaws.com[52.214.${rng.int(1, 250)}.${rng.int(1, 250)}]:587, delay=${rng.int(40, 600)}, delays=${rng.int(30, 590)}/0.1/0.2/0.4, dsn=4.0.0, status=deferred (host email-smtp.eu-west-1.amazonaws.com[52.214.${rng.int(1, 250)}.${rng.int(1, 250)}] said: 454 Throttling failure: Maximum sending rate exceeded. (in reply to end of DATA command))`,
        ),
        "error",
      );
    } else {
      const tt = s + 30000;
      const attempt = rng.int(1, 3);
      const exc = `Traceback (most recent call last):\n  File "/app/notify/mailer.py", line 88, in send\n    smtp.send_message(msg)\n  File "/usr/local/lib/python3.12/smtplib.py", line 1001, in send_message\n    return self.sendmail(from_addr, to_addrs, flatmsg, mail_options,\n  File "/usr/local/lib/python3.12/socket.py", line 720, in readinto\n    return self._sock.recv_into(b)\nTimeoutError: timed out`;
      if (attempt < 3)
        worker(
          tt,
          w,
          "WARNING",
          "notify.mailer",
          `SMTP send timed out after 30s, retrying in ${30 * 2 ** attempt}s (attempt ${attempt}/3)`,
          { template: kind, task_id: rng.uuid() },
          "performance",
        );
      else worker(tt, w, "ERROR", "notify.mailer", `giving up on ${kind} email after 3 attempts`, { template: kind, task_id: rng.uuid() }, "error", exc);
    }
  }
  // The relay's own view: smtpd slow to take mail, its queue backing up.
  for (const t of arrivals(rng, throttleAt + 2 * MINUTE, pauseAt + 5 * MINUTE, 0.5)) {
    tl.add(
      t,
      rsyslog(
        t,
        relay,
        "mail",
        "warning",
        "postfix/qmgr",
        rng.int(1000, 2000),
        `warning: mail for [email-smtp.eu-west-1.amazonaws.com]:587 is using up ${rng.int(4000, 20000)} of 20000 active queue entries`,
      ),
      "error",
    );
  }
  tl.add(
    pauseAt,
    pyJson(pauseAt, "campaign-service", "INFO", "campaigns", `campaign spring-sale-2026 paused by ${rng.pick(["m.kowalski", "j.ortega"])}`, {
      campaign_id: rng.int(300, 400),
      sent: rng.int(180000, 260000),
    }),
  );
  return tl.build(
    NAME,
    "SES throttling backs up the SMTP relay and order e-mails slow, time out and fail, among worker start-ups that log their format string and template subjects",
  );
}
