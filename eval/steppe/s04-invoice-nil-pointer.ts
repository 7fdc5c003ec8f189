/**
 * Subscription billing platform of five Go services logging with zap (production JSON:
 * lowercase `level`, ISO-8601 `ts`, `caller`, `msg`, structured fields). Traffic is
 * healthy all afternoon and nothing ever logs at error level, until invoices for a batch
 * of business customers without a tax-ID record start reaching invoice-renderer: its
 * template dereferences a nil TaxID and every such render fails with the same
 * "nil pointer evaluating *billing.TaxID.Country" error. The job queue retries each
 * failing invoice twice with backoff (same error each time) and then dead-letters it,
 * so the identical error appears 20-40 times in ~5,000 lines, spread from its onset to
 * the end of the window. Routine 4xx warnings, bounces and late usage records are normal.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

function isoZ(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}

export function s04InvoiceNilPointer(seed: number): Scenario {
  const rng = new Rng(seed, "s04-invoice-nil-pointer");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(140, 170);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 11, 14);
  const end = start + span;
  const scale = rng.float(0.8, 0.92);

  const zap = (
    t: number,
    service: string,
    level: string,
    logger: string,
    caller: string,
    msg: string,
    fields: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    level,
    ts: isoZ(t),
    logger,
    caller,
    msg,
    service,
    ...fields,
  });
  const trace = (): string => rng.hex(32);
  const invoiceId = (): string => `in_${rng.alnum(16)}`;
  const customerId = (): string => `cus_${rng.alnum(12)}`;
  const loop = (perMin: number, fn: (t: number) => void): void => {
    const gap = 60_000 / (perMin * scale);
    let t = start + rng.exp(gap);
    while (t < end) {
      fn(t);
      t += rng.exp(gap);
    }
  };

  // subscription-api: access log through middleware
  loop(8, (t) => {
    const r = rng.weighted([
      ["GET /v1/subscriptions/{id}", 5],
      ["POST /v1/subscriptions", 2],
      ["PATCH /v1/subscriptions/{id}", 1],
      ["GET /v1/invoices", 2],
      ["POST /v1/usage", 3],
    ] as const);
    const [method, tmpl] = r.split(" ") as [string, string];
    const path = tmpl.replace("{id}", `sub_${rng.alnum(12)}`);
    let status = method === "POST" ? 201 : 200;
    let level = "info";
    if (rng.chance(0.035)) {
      status = rng.pick([400, 404, 409, 422]);
      level = "warn";
    }
    const ms = Math.round(rng.logNormal(method === "GET" ? 18 : 36, 0.35));
    add(
      t,
      zap(t, "subscription-api", level, "http", "middleware/log.go:57", "request handled", {
        method,
        path,
        status,
        latency_ms: ms,
        trace_id: trace(),
        remote_ip: `10.${rng.int(0, 3)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      }),
      null,
    );
  });

  // tax-engine
  loop(6, (t) => {
    const ms = Math.round(rng.logNormal(6, 0.3) * 10) / 10;
    const cc = rng.pick(["DE", "FR", "NL", "US", "GB", "ES", "IT", "SE"]);
    add(
      t,
      zap(t, "tax-engine", "info", "calc", "calc/engine.go:118", "tax computed", {
        country: cc,
        rate_bps: rng.pick([1900, 2000, 2100, 0, 2500, 2200]),
        reverse_charge: rng.chance(0.2),
        latency_ms: ms,
        trace_id: trace(),
      }),
      null,
    );
    if (rng.chance(0.15)) add(t + 1, zap(t + 1, "tax-engine", "debug", "calc", "calc/rates.go:44", "rate table cache hit", { country: cc }), null);
  });

  // usage-meter
  loop(7, (t) => {
    const ms = Math.round(rng.logNormal(12, 0.35));
    add(
      t,
      zap(t, "usage-meter", "info", "flush", "meter/flush.go:93", "usage batch flushed", {
        records: rng.int(40, 900),
        partition: rng.int(0, 11),
        latency_ms: ms,
      }),
      null,
    );
    if (rng.chance(0.25)) add(t + 2, zap(t + 2, "usage-meter", "debug", "rollup", "meter/rollup.go:61", "rollup window advanced", { window: "5m" }), null);
    if (rng.chance(0.02))
      add(
        t + 3,
        zap(t + 3, "usage-meter", "warn", "ingest", "meter/ingest.go:140", "late usage record dropped", {
          lateness_s: rng.int(3700, 9000),
          subscription_id: `sub_${rng.alnum(12)}`,
        }),
        null,
      );
  });

  // mailer
  loop(3, (t) => {
    const ms = Math.round(rng.logNormal(95, 0.3));
    add(
      t,
      zap(t, "mailer", "info", "send", "mail/ses.go:77", "email sent", {
        template: rng.pick(["invoice_ready", "invoice_ready", "payment_receipt", "trial_ending"]),
        provider: "ses",
        latency_ms: ms,
        message_id: `0100${rng.hex(12)}-${rng.hex(8)}`,
      }),
      null,
    );
    if (rng.chance(0.05))
      add(
        t + 4000,
        zap(t + 4000, "mailer", "warn", "bounce", "mail/bounce.go:39", "bounce received", {
          bounce_type: rng.pick(["Permanent", "Transient"]),
          recipient_domain: rng.pick(["gmail.com", "outlook.com", "example.org"]),
        }),
        null,
      );
  });

  // invoice-renderer: normal renders
  loop(5, (t) => {
    const ms = Math.round(rng.logNormal(180, 0.3));
    const id = invoiceId();
    add(
      t,
      zap(t, "invoice-renderer", "info", "render", "renderer/render.go:188", "invoice rendered", {
        invoice_id: id,
        customer_id: customerId(),
        pages: rng.int(1, 4),
        template: "invoice.tmpl@v37",
        latency_ms: ms,
      }),
      null,
    );
    if (rng.chance(0.3))
      add(t + 3, zap(t + 3, "invoice-renderer", "debug", "render", "renderer/cache.go:22", "template cache hit", { template: "invoice.tmpl@v37" }), null);
  });
  // periodic job queue stats
  for (let t = start + rng.int(0, 59_999); t < end; t += 60_000 + rng.int(-300, 300)) {
    add(t, zap(t, "invoice-renderer", "info", "queue", "jobs/stats.go:31", "queue stats", { pending: rng.int(0, 14), in_flight: rng.int(0, 4) }), null);
  }

  // ---- the repeated failure ---------------------------------------------------
  const onset = start + Math.floor(span * rng.float(0.05, 0.5));
  const failing = rng.int(8, 13);
  const errText = 'template: invoice.tmpl:41:18: executing "tax_block" at <.Customer.TaxID.Country>: nil pointer evaluating *billing.TaxID.Country';
  const stack =
    "github.com/ledgerly/billing/renderer.(*Renderer).Render\n\t/src/renderer/render.go:212\ngithub.com/ledgerly/billing/jobs.(*Worker).handle\n\t/src/jobs/worker.go:97\ngithub.com/ledgerly/billing/jobs.(*Worker).Run\n\t/src/jobs/worker.go:64";
  let deadLetters = 0;
  for (let k = 0; k < failing; k++) {
    const id = invoiceId();
    const cus = customerId();
    let t = onset + (k === 0 ? rng.int(0, 60_000) : rng.int(0, Math.max(60_000, end - onset - 8 * 60_000)));
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (t >= end) break;
      const ms = rng.int(3, 14);
      add(
        t,
        zap(t, "invoice-renderer", "error", "render", "renderer/render.go:212", "failed to render invoice", {
          invoice_id: id,
          customer_id: cus,
          attempt,
          template: "invoice.tmpl@v37",
          latency_ms: ms,
          error: errText,
          stacktrace: stack,
        }),
        "error",
      );
      if (attempt < 3) {
        const backoff = attempt === 1 ? 60_000 : 300_000;
        add(
          t + ms + 2,
          zap(t + ms + 2, "invoice-renderer", "warn", "jobs", "jobs/worker.go:121", "job failed, scheduling retry", {
            invoice_id: id,
            attempt,
            backoff: `${backoff / 1000}s`,
          }),
          "error",
        );
        t += backoff + rng.int(0, 1500);
      } else {
        deadLetters++;
        add(
          t + ms + 2,
          zap(t + ms + 2, "invoice-renderer", "warn", "jobs", "jobs/worker.go:133", "job moved to dead letter queue", {
            invoice_id: id,
            attempts: 3,
            dead_letter_total: deadLetters,
          }),
          "error",
        );
      }
    }
  }

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s04-invoice-nil-pointer",
    description:
      "Billing platform with no errors in normal traffic, where one invoice-template nil-pointer error recurs 20-40 times (with retries and dead-lettering) from its onset to the end.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
