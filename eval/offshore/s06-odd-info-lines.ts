// A billing platform's afternoon with nothing failing, but three kinds of INFO line that keep
// coming back and do not belong: an export endpoint that logs a SQL statement with an IN-list
// of several hundred account ids, runtime properties flipped through the actuator by an
// unknown actor from an unfamiliar address, and the certificate watcher reporting that the
// partner bank's client certificate expires in 0 days. Everyday noise includes bounced-email
// ERRORs from the dunning mailer and config changes made by the deploy bot.
import type { Scenario } from "../blind/types.js";
import { baseDay, type Label, logback, MIN, type PinoCtx, pino, python, Rng, SEC, Story, sampleTimes, scatterTimes } from "./lib.js";

export function s06OddInfoLines(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(12 * 60, 14 * 60) * MIN + rng.int(0, 59) * SEC;
  const end = start + rng.int(270, 330) * MIN;

  const billingPods = rng.pods("billing", 3);
  const adminPods = rng.pods("admin-api", 2);
  const gw: PinoCtx[] = rng.pods("edge-gateway", 2).map((hostname) => ({ pid: 1, hostname, name: "edge-gateway" }));
  const certPod = rng.pod("cert-watcher");
  const accounts = Array.from({ length: 1200 }, () => `acc_${rng.alnum(10)}`);
  let invSeq = rng.int(200000, 260000);

  const billing = (t: number, lvl: "debug" | "info" | "warn" | "error", logger: string, msg: string, f: Record<string, unknown>, label: Label = null) =>
    story.add(
      t,
      label,
      logback(t, lvl, logger, `${rng.pick(["http-nio-8080-exec", "scheduling", "kafka-consumer"])}-${rng.int(1, 24)}`, msg, {
        app: "billing",
        pod: rng.pick(billingPods),
        ...f,
      }),
    );

  // ---------------------------------------------------------------- normal traffic
  for (const t of sampleTimes(rng, rng.int(2350, 2800), start, end)) {
    const kind = rng.weighted([
      ["invoice", 0.3],
      ["query", 0.35],
      ["admin", 0.15],
      ["gw", 0.2],
    ] as const);
    if (kind === "invoice") {
      const inv = `INV-${invSeq++}`;
      const lines = rng.int(1, 40);
      billing(
        t,
        "info",
        "com.acme.billing.invoice.InvoiceService",
        `Invoice ${inv} finalized for account ${rng.pick(accounts)} (lines=${lines}, total=${(rng.int(900, 250000) / 100).toFixed(2)} EUR)`,
        {
          invoice_id: inv,
          duration_ms: rng.int(20, 140),
        },
      );
      if (rng.chance(0.6)) {
        const t2 = t + rng.int(200, 3000);
        billing(t2, "info", "com.acme.billing.events.Publisher", `Published InvoiceFinalized for ${inv}`, {
          topic: "billing.invoices.v2",
          partition: rng.int(0, 11),
        });
      }
    } else if (kind === "query") {
      const q = rng.pick([
        "SELECT id, status, total_cents FROM invoice WHERE account_id = ? AND period = ?",
        "SELECT * FROM subscription WHERE account_id = ? AND status IN ('active','past_due')",
        "UPDATE invoice SET status = ?, finalized_at = ? WHERE id = ?",
        "INSERT INTO invoice_line (invoice_id, sku, qty, unit_cents) VALUES (?, ?, ?, ?)",
        "SELECT il.* FROM invoice_line il WHERE il.invoice_id = ? ORDER BY il.position",
      ]);
      billing(t, "debug", "com.acme.billing.db.QueryLogger", `query executed: ${q}`, { sql_duration_ms: rng.int(1, 25), rows: rng.int(0, 40) });
    } else if (kind === "admin") {
      const acc = rng.pick(accounts);
      const path = rng.pick([`/admin/accounts/${acc}`, `/admin/accounts/${acc}/invoices`, "/admin/reports/mrr", `/admin/accounts/${acc}/notes`]);
      story.add(
        t,
        null,
        python(t, "info", "admin.access", `GET ${path} 200`, {
          service: "admin-api",
          host: rng.pick(adminPods),
          user: rng.pick(["m.silva", "j.okafor", "r.meyer", "support-bot"]),
          duration_ms: rng.int(20, 180),
        }),
      );
    } else {
      const url = rng.pick(["/v1/invoices", "/v1/invoices/{id}", "/v1/subscriptions", "/v1/usage", "/v1/payment-methods"]);
      const status = rng.chance(0.04) ? rng.pick([400, 401, 404]) : 200;
      story.add(
        t,
        null,
        pino(t, status >= 400 ? "warn" : "info", rng.pick(gw), "request completed", {
          req: { id: rng.uuid(), method: url === "/v1/usage" ? "POST" : "GET", url },
          res: { statusCode: status },
          responseTime: rng.int(15, 160),
        }),
      );
    }
  }
  // Everyday noise, including ERRORs nobody acts on.
  for (const t of sampleTimes(rng, rng.int(25, 40), start, end)) {
    billing(
      t,
      "error",
      "com.acme.billing.dunning.DunningMailer",
      `Failed to send dunning email to ${rng.alnum(7)}@${rng.pick(["gmail.com", "outlook.com", "web.de", "yahoo.fr"])}: 550 5.1.1 mailbox unavailable`,
      {
        account_id: rng.pick(accounts),
      },
    );
  }
  for (const t of sampleTimes(rng, rng.int(15, 25), start, end)) {
    billing(t, "warn", "com.acme.billing.psp.WebhookVerifier", "Stripe webhook timestamp outside tolerance (312s), accepted after re-fetching event", {
      event_id: `evt_${rng.alnum(24)}`,
    });
  }
  for (let t = start + rng.int(0, 10) * MIN; t < end; t += 30 * MIN + rng.int(-60, 60) * SEC) {
    for (const [cn, days] of [
      ["api.acme-billing.example", rng.int(50, 70)],
      ["*.internal.acme.example", rng.int(200, 300)],
      ["sftp.ledger-export.example", rng.int(20, 40)],
    ] as const) {
      const tc = t + rng.int(0, 900);
      story.add(tc, null, python(tc, "info", "certwatch", `certificate check: CN=${cn} expires in ${days} days`, { service: "cert-watcher", host: certPod }));
    }
  }
  for (const t of sampleTimes(rng, 2, start, end)) {
    billing(
      t,
      "info",
      "com.acme.billing.config.RuntimeProperties",
      "Runtime property changed: billing.export.batch-size 500 -> 1000 (actor=deploy-bot, source=argocd)",
      { property: "billing.export.batch-size" },
    );
  }
  for (let t = start + rng.int(0, 5) * MIN; t < end; t += 15 * MIN + rng.int(-30, 30) * SEC) {
    billing(t, "info", "com.acme.billing.jobs.UsageRollup", `Usage rollup complete: ${rng.int(4000, 9000)} records in ${rng.int(2, 9)}s`, {
      job: "usage-rollup",
    });
  }

  // ---------------------------------------------------------------- the odd INFO lines
  // 1. The export endpoint logs its statement with a huge IN-list.
  for (const t of scatterTimes(rng, rng.int(11, 14), start + 5 * MIN, end - 5 * MIN)) {
    const ids = rng.sample(accounts, rng.int(380, 900));
    billing(
      t,
      "info",
      "com.acme.billing.db.QueryLogger",
      `query executed: SELECT il.invoice_id, il.sku, il.qty, il.unit_cents, i.account_id, i.period FROM invoice_line il JOIN invoice i ON i.id = il.invoice_id WHERE i.account_id IN (${ids.map((x) => `'${x}'`).join(", ")}) ORDER BY i.account_id, i.period`,
      { sql_duration_ms: rng.int(60, 240), rows: rng.int(20000, 90000), caller: "ExportController.exportAll" },
      "pattern",
    );
  }
  // 2. Runtime properties flipped (and flipped back) by nobody anyone knows.
  const flips: [string, string, string][] = [
    ["billing.dunning.enabled", "true", "false"],
    ["billing.tax.validate-vat-id", "true", "false"],
    ["billing.psp.capture-delay-seconds", "0", "86400"],
  ];
  const src = rng.publicIp();
  for (const [i, t] of scatterTimes(rng, rng.int(11, 13), start + 5 * MIN, end - 5 * MIN).entries()) {
    const [prop, a, b] = rng.pick(flips);
    const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
    billing(
      t,
      "info",
      "com.acme.billing.config.RuntimeProperties",
      `Runtime property changed: ${prop} ${from} -> ${to} (actor=unknown, source=${src}, via=/actuator/env)`,
      { property: prop },
      "pattern",
    );
  }
  // 3. The partner bank's client certificate expires today.
  const today = new Date(start).toISOString().slice(0, 10);
  for (const t of scatterTimes(rng, rng.int(11, 14), start + 5 * MIN, end - 5 * MIN)) {
    story.add(
      t,
      "pattern",
      python(t, "info", "certwatch", `certificate check: CN=mtls.partner-bank.example expires in 0 days (notAfter=${today}T23:59:59Z)`, {
        service: "cert-watcher",
        host: certPod,
      }),
    );
  }

  return story.build(
    "odd-info-lines",
    "A quiet billing afternoon where three kinds of INFO line keep recurring: SQL with an IN-list of hundreds of account ids, runtime properties flipped via the actuator by an unknown actor, and a partner client certificate expiring in 0 days; bounced-email ERRORs are everyday noise.",
  );
}
