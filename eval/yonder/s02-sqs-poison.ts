// Poison messages on an SQS queue: a billing-api release starts sending a discount as an object
// where the worker expects a decimal; each such message fails on every receive until the redrive
// policy moves it to the dead-letter queue, and the DLQ alarm fires.
// Decoys: another queue whose DLQ takes a steady trickle of known-bad ledger entries all day,
// transient tax-service timeouts that succeed on the second receive, the release itself.

import type { Scenario } from "../blind/types.js";
import { canonical, type Lvl, pino, type PinoProc, pyjson, structlog, zap } from "./producers.js";
import { Rng } from "./rng.js";
import { every, type Label, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

const QUEUE = "invoice-events";
const DLQ = "invoice-events-dlq";
const ACCOUNT = "418295730164";
const REGION = "eu-west-1";

export function sqsPoisonMessages(seed: number): Scenario {
  const rng = new Rng(seed, "sqs-poison-messages");
  const start = pickStart(rng, [7, 9, 11, 12, 14, 16, 19]);
  const tl = new Timeline(start, start + rng.int(52, 68) * MIN);
  const end = tl.end;
  const onset = tl.at(rng.float(0.3, 0.55));
  const poisonShare = rng.float(0.05, 0.08);
  const visibility = 60 * SEC;
  const queueUrl = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${QUEUE}`;

  const workers = [0, 1, 2].map(() => rng.pod("invoice-worker"));
  const w = (t: number, pod: string, logger: string, level: Lvl, message: string, extra: Record<string, unknown> = {}) =>
    pyjson(t, "invoice-worker", logger, level, message, { pod, queue: QUEUE, ...extra });

  // --- billing-api (pino): the producer, released at the onset
  const apiRng = rng.fork("billing-api");
  const apiPodsOld: PinoProc[] = [0, 1].map(() => ({ name: "billing-api", hostname: apiRng.pod("billing-api"), pid: 1 }));
  const apiPodsNew: PinoProc[] = [0, 1].map(() => ({ name: "billing-api", hostname: apiRng.pod("billing-api"), pid: 1 }));
  const releaseAt = onset - apiRng.int(30, 70) * SEC;
  for (const [i, p] of apiPodsOld.entries()) tl.add(releaseAt + i * 25 * SEC, (t) => pino(t, p, "info", "received SIGTERM; closing server"));
  apiPodsNew.forEach((p, i) => {
    tl.add(releaseAt + i * 25 * SEC - 4000, (t) => pino(t, p, "info", "billing-api v2.31.0 starting", { commit: "9f3e2c1", node: "v20.12.2" }));
    tl.add(releaseAt + i * 25 * SEC - 1500, (t) => pino(t, p, "info", "Server listening at http://0.0.0.0:3000"));
  });

  interface Msg {
    id: string;
    invoice: string;
    tenant: string;
    sentAt: number;
    poison: boolean;
    transient: boolean;
    kind: string;
  }
  const msgs: Msg[] = [];
  const tenants = Array.from({ length: 40 }, () => `ten_${apiRng.base62(10)}`);
  poisson(apiRng, start - 5 * MIN, end, 3500, (t) => {
    const kind = apiRng.weighted([
      ["InvoiceCreated", 6],
      ["InvoiceFinalized", 3],
      ["InvoiceVoided", 0.5],
      ["CreditNoteIssued", 0.6],
    ] as const);
    const poison = t > releaseAt + 20 * SEC && kind === "InvoiceCreated" && apiRng.chance(poisonShare * 1.6);
    const m: Msg = {
      id: apiRng.uuid(),
      invoice: `in_${apiRng.base62(16)}`,
      tenant: apiRng.pick(tenants),
      sentAt: t,
      poison,
      transient: !poison && apiRng.chance(0.018),
      kind,
    };
    msgs.push(m);
    const p = t < releaseAt ? apiRng.pick(apiPodsOld) : apiRng.pick(apiPodsNew);
    if (kind === "InvoiceCreated" || kind === "CreditNoteIssued") {
      const route = kind === "InvoiceCreated" ? "/v1/invoices" : "/v1/credit-notes";
      const status = apiRng.chance(0.015) ? 409 : 201;
      tl.add(t - apiRng.int(20, 120), (tt) =>
        pino(tt, p, "info", "request completed", {
          reqId: `req-${apiRng.base62(8)}`,
          req: { method: "POST", url: route },
          res: { statusCode: status },
          responseTime: round(apiRng.logn(48, 0.4), 2),
          tenant: m.tenant,
        }),
      );
    }
  });
  poisson(apiRng, start, end, 15000, (t) => {
    const p = t < releaseAt ? apiRng.pick(apiPodsOld) : apiRng.pick(apiPodsNew);
    const route = apiRng.pick(["/v1/invoices", "/v1/invoices/{id}", "/v1/tenants/{id}/balance"]).replace("{id}", `in_${apiRng.base62(16)}`);
    const status = apiRng.chance(0.04) ? 404 : 200;
    tl.add(t, (tt) =>
      pino(tt, p, status === 404 ? "warn" : "info", "request completed", {
        reqId: `req-${apiRng.base62(8)}`,
        req: { method: "GET", url: route },
        res: { statusCode: status },
        responseTime: round(apiRng.logn(22, 0.5), 2),
      }),
    );
  });

  // --- invoice-worker: receive loop; each message delivered until deleted or moved to the DLQ
  const wRng = rng.fork("worker");
  interface Delivery {
    t: number;
    msg: Msg;
    count: number;
  }
  const deliveries: Delivery[] = [];
  for (const m of msgs) {
    let t = m.sentAt + wRng.int(30, 2500);
    const maxTries = m.poison ? 5 : m.transient ? 2 : 1;
    for (let c = 1; c <= maxTries; c++) {
      deliveries.push({ t, msg: m, count: c });
      t += visibility + wRng.int(200, 20_000);
    }
  }
  deliveries.sort((a, b) => a.t - b.t);
  // Group deliveries into receives of up to 10 messages per worker.
  let i = 0;
  const dlqEvents: number[] = [];
  while (i < deliveries.length) {
    const first = deliveries[i];
    if (first === undefined) break;
    const batch: Delivery[] = [first];
    i++;
    while (i < deliveries.length && batch.length < 10 && (deliveries[i]?.t ?? Infinity) - first.t < 800) {
      batch.push(deliveries[i] as Delivery);
      i++;
    }
    const pod = wRng.pick(workers);
    const recvAt = (batch[batch.length - 1] as Delivery).t + wRng.int(5, 60);
    const reqId = wRng.uuid();
    tl.add(recvAt, (t) =>
      w(t, pod, "invoice_worker.consumer", "info", `Received ${batch.length} message${batch.length === 1 ? "" : "s"} from ${QUEUE}`, {
        count: batch.length,
        aws_request_id: reqId,
      }),
    );
    let t = recvAt + wRng.int(2, 20);
    let deleted = 0;
    for (const d of batch) {
      const m = d.msg;
      const attrs = { message_id: m.id, receive_count: d.count, event_type: m.kind, tenant_id: m.tenant, invoice_id: m.invoice };
      if (m.poison) {
        const dur = wRng.logn(9, 0.3);
        t += dur;
        const exc = `Traceback (most recent call last):\n  File "/app/invoice_worker/handlers.py", line 88, in handle\n    event = InvoiceCreated.model_validate_json(body)\n            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  File "/usr/local/lib/python3.12/site-packages/pydantic/main.py", line 580, in model_validate_json\n    return cls.__pydantic_validator__.validate_json(json_data, strict=strict, context=context)\n           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\npydantic_core._pydantic_core.ValidationError: 1 validation error for InvoiceCreated\nlines.${wRng.int(0, 4)}.discount\n  Input should be a valid decimal [type=decimal_parsing, input_value={'amount': '${wRng.int(1, 90)}.${wRng.int(10, 99)}', 'currency': '${wRng.pick(["EUR", "GBP", "USD"])}'}, input_type=dict]\n    For further information visit https://errors.pydantic.dev/2.6/v/decimal_parsing`;
        tl.add(
          t,
          (tt) =>
            w(tt, pod, "invoice_worker.handlers", "error", `Failed to process message ${m.id}; leaving it for redelivery after the visibility timeout`, {
              ...attrs,
              exc_info: exc,
            }),
          "error",
        );
        if (d.count === 5) {
          tl.add(
            t + 2,
            (tt) =>
              w(
                tt,
                pod,
                "invoice_worker.consumer",
                "warn",
                `Message ${m.id} failed on receive ${d.count} of maxReceiveCount=5; the redrive policy will move it to ${DLQ}`,
                attrs,
              ),
            "pattern",
          );
          dlqEvents.push(t + visibility + wRng.int(0, 5000));
        }
      } else if (m.transient && d.count === 1) {
        const dur = 5000 + wRng.int(1, 40);
        t += dur;
        tl.add(t, (tt) =>
          w(tt, pod, "invoice_worker.tax", "warn", `tax-service quote timed out after 5.0s for ${m.invoice}; message will be retried on redelivery`, {
            ...attrs,
            duration_ms: dur,
          }),
        );
      } else {
        const dur = wRng.logn(m.kind === "InvoiceCreated" ? 140 : 60, 0.45);
        t += dur;
        tl.add(t, (tt) => w(tt, pod, "invoice_worker.handlers", "info", `Processed ${m.kind} for ${m.invoice}`, { ...attrs, duration_ms: round(dur, 1) }));
        deleted++;
      }
    }
    if (deleted > 1) {
      const n = deleted;
      tl.add(t + wRng.int(5, 40), (tt) => w(tt, pod, "invoice_worker.consumer", "debug", `Deleted ${n} messages from ${QUEUE}`, { count: n }));
    }
  }
  // Worker heartbeat / idle lines and process stats.
  for (const pod of workers) {
    every(wRng, start + wRng.int(0, 300_000), end, 5 * MIN, 2000, (t) => {
      tl.add(t, (tt) =>
        w(tt, pod, "invoice_worker.health", "info", "worker alive", {
          inflight: wRng.int(0, 4),
          processed_total: Math.round((tt - start) / 9000) + wRng.int(1000, 1100),
          rss_mb: wRng.int(180, 240),
        }),
      );
    });
  }

  // --- tax-service (zap): quotes for the worker, with the slow ones the worker gave up on
  const taxRng = rng.fork("tax");
  const taxPods = [taxRng.pod("tax-service"), taxRng.pod("tax-service")];
  poisson(taxRng, start, end, 4800, (t) => {
    const slow = taxRng.chance(0.02);
    const lat = slow ? taxRng.float(5.2, 7.5) : taxRng.logn(0.06, 0.4);
    tl.add(t, (tt) =>
      zap(tt, "info", "server/http.go:114", "handled request", {
        service: "tax-service",
        pod: taxRng.pick(taxPods),
        method: "POST",
        path: "/v1/quotes",
        status: 200,
        latency: round(lat, 6),
        country: taxRng.pick(["DE", "FR", "NL", "GB", "ES", "IT", "IE"]),
      }),
    );
  });
  every(taxRng, start + 60_000, end, 10 * MIN, 5000, (t) => {
    tl.add(t, (tt) =>
      zap(tt, "info", "rates/cache.go:52", "refreshed VAT rate cache", {
        service: "tax-service",
        pod: taxRng.pick(taxPods),
        rates: 1234 + taxRng.int(0, 3),
        took: round(taxRng.float(0.2, 0.6), 4),
      }),
    );
  });

  // --- ledger-sync (structlog): a legacy queue whose DLQ gets known-bad entries all day
  const lsRng = rng.fork("ledger");
  const lsPod = lsRng.pod("legacy-ledger-sync");
  const ledgerDlq = lsRng.int(40, 180);
  const ledgerDlqEvents: number[] = [];
  poisson(lsRng, start, end, 22_000, (t) => {
    const entry = `le_${lsRng.int(1_000_000, 9_999_999)}`;
    tl.add(t, (tt) =>
      structlog(tt, "ledger_sync.worker", "info", "ledger entry synced", {
        service: "legacy-ledger-sync",
        pod: lsPod,
        entry_id: entry,
        batch: lsRng.int(1, 40),
        duration_ms: round(lsRng.logn(85, 0.4), 1),
      }),
    );
  });
  poisson(lsRng, start - 4 * MIN, end, 5.5 * MIN, (t) => {
    const entry = `le_${lsRng.int(1_000_000, 9_999_999)}`;
    const code = lsRng.pick(["XXX", "ZWL", "VEF", "HRK"]);
    for (let c = 1; c <= 3; c++) {
      const at = t + (c - 1) * (30 * SEC + lsRng.int(0, 10_000));
      tl.add(at, (tt) =>
        structlog(tt, "ledger_sync.worker", "error", "unsupported currency code in ledger entry", {
          service: "legacy-ledger-sync",
          pod: lsPod,
          entry_id: entry,
          currency: code,
          receive_count: c,
          exception: `ledger_sync.errors.UnsupportedCurrency: ${code} is not an ISO 4217 active code`,
        }),
      );
    }
    ledgerDlqEvents.push(t + 95 * SEC);
  });

  // --- dlq-monitor (zap): depth of every DLQ each minute
  const mRng = rng.fork("monitor");
  const dlqSorted = dlqEvents.sort((a, b) => a - b);
  const ledgerSorted = ledgerDlqEvents.sort((a, b) => a - b);
  let alarmed = false;
  let prevInvoice = 0;
  every(mRng, start + mRng.int(0, 60_000), end, 60_000, 300, (t) => {
    const inv = dlqSorted.filter((x) => x <= t).length;
    const led = ledgerDlq + ledgerSorted.filter((x) => x <= t).length;
    const invLabel: Label = inv > 0 ? "pattern" : null;
    const fresh = inv - prevInvoice;
    const oldest = inv > 0 ? Math.round((t - (dlqSorted[0] ?? t)) / 1000) : 0;
    tl.add(
      t,
      (tt) =>
        zap(tt, fresh > 0 ? "warn" : "info", "monitor/dlq.go:77", fresh > 0 ? "dead-letter queue received messages" : "dead-letter queue depth", {
          service: "dlq-monitor",
          queue: DLQ,
          depth: inv,
          new: fresh,
          oldest_age_s: oldest,
        }),
      invLabel,
    );
    tl.add(t + 15, (tt) =>
      zap(tt, "info", "monitor/dlq.go:77", "dead-letter queue depth", {
        service: "dlq-monitor",
        queue: "ledger-sync-dlq",
        depth: led,
        new: 0,
        oldest_age_s: 86400 + Math.round((t - start) / 1000),
      }),
    );
    tl.add(t + 30, (tt) =>
      zap(tt, "info", "monitor/dlq.go:77", "dead-letter queue depth", { service: "dlq-monitor", queue: "email-outbox-dlq", depth: 0, new: 0, oldest_age_s: 0 }),
    );
    if (inv > 0 && !alarmed) {
      alarmed = true;
      tl.add(
        t + mRng.int(40, 70) * SEC,
        (tt) =>
          canonical(
            tt,
            "cloudwatch-alarms",
            "warn",
            `ALARM: "${DLQ}-not-empty" in EU (Ireland): Threshold Crossed: 1 datapoint [${inv}.0] was greater than or equal to the threshold (1.0).`,
            { alarm: `${DLQ}-not-empty`, previous_state: "OK", state: "ALARM", metric: "ApproximateNumberOfMessagesVisible", queue_url: queueUrl },
          ),
        "pattern",
      );
    }
    prevInvoice = inv;
  });

  return tl.build(
    "sqs-poison-messages",
    "After a billing-api release some invoice events carry a discount object the SQS worker cannot parse; each fails on every receive until the redrive policy dead-letters it, while a legacy DLQ keeps its usual trickle",
    rng,
  );
}
