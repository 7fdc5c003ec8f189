// t06: last night's migration recreated billing's invoice_lines table without re-granting the
// worker's role; every post-invoice task now dies on "permission denied" (Celery's task trace,
// python-json-logger, worker at log level WARNING). Worded as a denial, it is the incident:
// no invoice gets its lines. invoice-api then answers 404 for new invoices' PDFs (slog JSON).
// Healthy: customer-portal (structlog JSON), rabbitmq-server (journald JSON export).
import type { Scenario } from "./types.js";
import { Kit, MIN, SEC, Timeline, iso, isoNs, opening, steady } from "./util.js";

export default function t06(seed: number): Scenario {
  const k = new Kit(seed, "t06");
  const t0 = opening(seed, "t06");
  const t1 = t0 + 60 * MIN;
  const tl = new Timeline();
  const table = k.pick(["invoice_lines", "invoice_line_items", "billing_lines"]);
  const task = k.pick(["billing.tasks.post_invoice_lines", "billing.tasks.finalize_invoice"]);
  const workers = [0, 1, 2].map(() => `billing-worker-${k.hex(8)}-${k.alnum(5)}`);
  let inv = k.int(40_000, 90_000);

  steady(k, t0, t1, 1.3 * SEC, (t) => {
    const id = k.uuid();
    tl.add(
      t,
      {
        timestamp: iso(t),
        levelname: "ERROR",
        name: "celery.app.trace",
        message: `Task ${task}[${id}] raised unexpected: InsufficientPrivilege('permission denied for table ${table}\\n')`,
        service: "billing-worker",
        hostname: k.pick(workers),
        processName: `ForkPoolWorker-${k.int(1, 8)}`,
        exc_info: `Traceback (most recent call last):\n  File "/app/billing/tasks.py", line 142, in post_invoice_lines\n    cur.execute(INSERT_LINES, rows)\npsycopg2.errors.InsufficientPrivilege: permission denied for table ${table}`,
        invoice_id: `INV-2025-${String(inv++).padStart(6, "0")}`,
      },
      "error",
    );
  });

  // invoice-api: log/slog JSONHandler (integer duration in ns). New invoices have no lines: 404.
  const slog = (t: number, level: string, msg: string, path: string, status: number, ms: number) => ({
    time: isoNs(t),
    level,
    msg,
    service: "invoice-api",
    method: "GET",
    path,
    status,
    duration: Math.round(ms * 1_000_000),
  });
  steady(k, t0, t1, 3 * SEC, (t) => {
    const old = `INV-2025-${String(k.int(1000, 39_000)).padStart(6, "0")}`;
    const pdf = k.chance(0.4);
    tl.add(t, slog(t, "INFO", "request served", `/v1/invoices/${old}${pdf ? "/pdf" : ""}`, 200, pdf ? k.num(60, 240) : k.num(4, 30)));
  });
  steady(k, t0, t1, 11 * SEC, (t) => {
    const fresh = `INV-2025-${String(inv - k.int(1, 400)).padStart(6, "0")}`;
    tl.add(t, slog(t, "WARN", "invoice has no posted lines; not found", `/v1/invoices/${fresh}/pdf`, 404, k.num(3, 12)), "error");
  });

  // customer-portal: structlog JSON, healthy.
  const views = ["/dashboard", "/invoices", "/settings/payment", "/usage"];
  steady(k, t0, t1, 4 * SEC, (t) => {
    tl.add(t, {
      event: "page rendered",
      level: "info",
      timestamp: iso(t),
      service: "customer-portal",
      path: k.pick(views),
      status: 200,
      duration_ms: k.num(35, 210),
    });
  });
  // rabbitmq-server: journald export (`journalctl -o json`), healthy connection churn.
  steady(k, t0, t1, 20 * SEC, (t) => {
    const open = k.chance(0.5);
    const pidx = `<0.${k.int(10_000, 99_999)}.0>`;
    const peer = `${k.ip("10.0.3")}:${k.int(30_000, 60_000)} -> 10.0.1.9:5672`;
    tl.add(t, {
      __REALTIME_TIMESTAMP: `${t}000`,
      PRIORITY: "6",
      SYSLOG_IDENTIFIER: "rabbitmq-server",
      _HOSTNAME: "mq-1",
      _PID: "912",
      MESSAGE: open ? `accepting AMQP connection ${pidx} (${peer})` : `closing AMQP connection ${pidx} (${peer}, vhost: 'billing', user: 'portal')`,
    });
  });

  return tl.build(
    "t06-billing-grant-lost",
    "A migration recreated billing's lines table without its grant: every post-invoice task is denied and new invoices' PDFs 404",
  );
}
