// A notification pipeline whose few distinct failures each repeat many times.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, type Ln, MIN, podName, pyTraceback, Rng, windowStart, Lines } from "./kit.js";

/**
 * A notifier that never logs ERROR on a good day starts failing after a credentials and template
 * push: five distinct error lines, each about twenty times, interleaved over the last hours among
 * thousands of normal sends.
 */
export function notifierRepeatedFailures(seed: number): Scenario {
  const r = new Rng(seed, "notifier-repeated-failures");
  const start = windowStart(r, 6);
  const end = start + 4 * HOUR;
  const push = start + Math.floor(r.float(0.2, 0.35) * 4 * HOUR);
  const lines = new Lines();
  const workers = [podName(r, "notifier"), podName(r, "notifier"), podName(r, "notifier")];
  const schedHost = podName(r, "scheduler");
  const prefsHost = podName(r, "prefs-api");
  const n = (t: number, lvl: Ln["lvl"], msg: string, label: Ln["label"], logger: string, f: Record<string, unknown> = {}, stack?: string): Ln => ({
    t,
    svc: "notifier",
    lvl,
    msg,
    label,
    fmt: "pylog",
    host: r.pick(workers),
    logger,
    sk: "app",
    meta: { thread: `ThreadPoolExecutor-0_${r.int(0, 7)}` },
    f: { notification_id: r.uuid(), ...f },
    ...(stack !== undefined ? { stack } : {}),
  });

  for (const t of r.times(r.int(2100, 2400), start, end)) {
    const channel = r.weighted([
      ["email", 50],
      ["push", 35],
      ["sms", 10],
      ["webhook", 5],
    ] as const);
    if (channel === "email") {
      lines.push(
        n(t, "INFO", "Rendered template", null, "notifier.templates", {
          template: r.pick(["order_shipped_v2", "password_reset_v4", "weekly_digest_v7", "welcome_v3"]),
          duration_ms: r.int(2, 14),
        }),
      );
      lines.push(
        n(t + r.int(40, 400), "INFO", "Email accepted by relay", null, "notifier.smtp", {
          relay: "smtp-relay.internal:587",
          smtp_code: 250,
          message_id: `<${r.hex(16)}@mail.acme.example>`,
        }),
      );
    } else if (channel === "push")
      lines.push(n(t, "INFO", "Push delivered", null, "notifier.push", { platform: r.pick(["apns", "fcm"]), duration_ms: r.int(30, 220) }));
    else if (channel === "sms") lines.push(n(t, "INFO", "SMS queued with provider", null, "notifier.sms", { provider: "twilio", sid: `SM${r.hex(32)}` }));
    else
      lines.push(
        n(t, "INFO", "Webhook delivered", null, "notifier.webhooks", { url: "https://hooks.partner.example/notify", status: 200, duration_ms: r.int(60, 400) }),
      );
  }
  for (const t of r.every(start, end, 20_000, 3000))
    lines.push(n(t, "INFO", "Batch dequeued from notifications.high", null, "notifier.consumer", { size: r.int(1, 50) }));
  for (const t of r.times(r.int(25, 40), start, end))
    lines.push(
      n(t, "WARNING", "Rate limit bucket low for provider; sleeping", null, "notifier.ratelimit", { provider: r.pick(["twilio", "apns"]), sleep_ms: 250 }),
    );
  for (const t of r.times(r.int(30, 50), start, end))
    lines.push(n(t, "INFO", "Recipient opted out; skipping", null, "notifier.prefs", { channel: r.pick(["email", "sms"]) }));
  for (const t of r.every(start, end, MIN, 1500))
    lines.push({
      t,
      svc: "scheduler",
      lvl: "INFO",
      msg: "Enqueued digest jobs",
      label: null,
      fmt: "pylog",
      host: schedHost,
      logger: "scheduler.digest",
      sk: "app",
      f: { cohort: r.int(0, 63), jobs: r.int(200, 900) },
    });
  for (const t of r.times(r.int(450, 550), start, end))
    lines.push({
      t,
      svc: "prefs-api",
      lvl: "INFO",
      msg: "preferences served",
      label: null,
      fmt: "pino",
      host: prefsHost,
      f: { userId: r.int(1_000_000, 9_999_999), duration_ms: Math.max(1, Math.round(r.logn(7, 0.35))) },
    });
  lines.push({
    t: push,
    svc: "notifier",
    lvl: "INFO",
    msg: "Configuration reloaded",
    label: null,
    fmt: "pylog",
    host: workers[0],
    logger: "notifier.config",
    sk: "app",
    f: { version: `cfg-${r.int(400, 499)}` },
  });

  const failures: ((t: number) => Ln)[] = [
    (t) =>
      n(
        t,
        "ERROR",
        "SMTP relay refused message: 451 4.7.1 Temporary local problem - please try later",
        "error",
        "notifier.smtp",
        { relay: "smtp-relay.internal:587" },
        pyTraceback(
          r,
          [
            ["/app/notifier/smtp.py", "send", "resp = conn.sendmail(sender, rcpts, payload)"],
            ["/usr/local/lib/python3.11/smtplib.py", "sendmail", "raise SMTPDataError(code, resp)"],
          ],
          "smtplib.SMTPDataError: (451, b'4.7.1 Temporary local problem - please try later')",
        ),
      ),
    (t) => n(t, "ERROR", "Twilio API error 20003: Authenticate", "error", "notifier.sms", { provider: "twilio", http_status: 401 }),
    (t) =>
      n(
        t,
        "ERROR",
        "Template render failed: 'dict object' has no attribute 'first_name' (template=welcome_v3)",
        "error",
        "notifier.templates",
        { template: "welcome_v3" },
        pyTraceback(
          r,
          [
            ["/app/notifier/templates.py", "render", "return tpl.render(**ctx)"],
            ["/usr/local/lib/python3.11/site-packages/jinja2/environment.py", "render", "self.environment.handle_exception()"],
            ["templates/welcome_v3.html", "top-level template code", "<p>Hi {{ user.first_name }},</p>"],
          ],
          "jinja2.exceptions.UndefinedError: 'dict object' has no attribute 'first_name'",
        ),
      ),
    (t) =>
      n(
        t,
        "ERROR",
        "Failed to publish delivery receipt to SNS: An error occurred (AuthorizationError) when calling the Publish operation: User: arn:aws:sts::123456789012:assumed-role/notifier/i-0c1d2e3f is not authorized to perform: SNS:Publish on resource: arn:aws:sns:eu-west-1:123456789012:delivery-receipts",
        "error",
        "notifier.receipts",
      ),
    (t) =>
      n(t, "ERROR", "Webhook delivery failed: POST https://hooks.partner.example/notify returned 500", "error", "notifier.webhooks", {
        url: "https://hooks.partner.example/notify",
        status: 500,
        duration_ms: r.int(80, 900),
      }),
  ];
  for (const fail of failures) for (const t of r.times(r.int(17, 23), push + r.int(1, 20) * MIN, end)) lines.push(fail(t));

  return finish(
    "notifier-repeated-failures",
    "A notifier with no ERROR on a normal day starts failing after a config push: five distinct error lines, each about twenty times, among thousands of normal sends",
    lines,
  );
}
