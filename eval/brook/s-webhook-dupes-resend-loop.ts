/**
 * webhook-dupes-resend-loop: payments-webhooks (Python, structlog) receives the payment
 * provider's webhooks; the provider delivers some events twice (its retries after a slow answer,
 * its at-least-once fan-out) and the receiver turns the second copy down: `duplicate webhook
 * delivery rejected: event already processed` at error, all day, from before the window to its
 * end. Routine. The incident is elsewhere: three fifths in, notification-worker 2.9.0 (.NET, Serilog
 * compact JSON) rolls out with its SQS client upgraded; it reads the receipt handle from the wrong
 * attribute, so every `DeleteMessage` after a send fails with `ReceiptHandleIsInvalid` and
 * nothing is ever deleted. Each message comes back when its visibility timeout lapses and the
 * customer gets the same order e-mail again, every four or five minutes, up to the queue's
 * redrive limit: the worker warns that messages are being delivered again and again, its send
 * lines multiply. Support starts getting angry mails; half an hour or more in, the on-call purges
 * the queue and rolls back to 2.8.4.
 */
import { hourlyCron, nodeName, openWindow } from "./common.js";
import { clef, kubeEvent, structlog } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "webhook-dupes-resend-loop";
const APP = "NotificationWorker";
const QUEUE = "https://sqs.eu-north-1.amazonaws.com/318845527402/order-notifications";
const EVENT_TYPES: readonly (readonly [string, number])[] = [
  ["payment_intent.succeeded", 50],
  ["charge.succeeded", 20],
  ["payment_intent.payment_failed", 6],
  ["charge.refunded", 8],
  ["customer.updated", 10],
  ["invoice.paid", 6],
];

export function webhookDupesResendLoop(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-07-08", 16, 3);

  // ── payments-webhooks: events, and duplicates turned down ──────────────────────────────────
  const hookPods = [rng.pod("payments-webhooks"), rng.pod("payments-webhooks")];
  const delivered: (readonly [string, string])[] = [];
  const deliveredAt: number[] = [];
  for (const s of arrivals(rng, start, end, rng.float(6, 6.6), shape, 1.2)) {
    const id = `evt_${rng.alnum(24)}`;
    const type = rng.weighted(EVENT_TYPES);
    const ms = rng.logNormal(45, 0.45);
    tl.add(
      s + Math.round(ms),
      structlog(s + Math.round(ms), "info", "webhooks.handler", "webhook processed", {
        event_id: id,
        event_type: type,
        livemode: true,
        latency_ms: Number(ms.toFixed(1)),
        pod: rng.pick(hookPods),
        request_id: rng.uuid(),
      }),
    );
    delivered.push([id, type]);
    deliveredAt.push(s);
  }
  // the provider delivers again an event it delivered in the last minutes
  let known = 0;
  for (const s of arrivals(rng, start, end, rng.float(1.05, 1.25))) {
    while (known < deliveredAt.length && deliveredAt[known]! < s - 5 * SECOND) known++;
    const [id, type] = known > 0 ? delivered[rng.int(Math.max(0, known - 40), known - 1)]! : [`evt_${rng.alnum(24)}`, "payment_intent.succeeded"];
    tl.add(
      s,
      structlog(s, "error", "webhooks.handler", "duplicate webhook delivery rejected: event already processed", {
        event_id: id,
        event_type: type,
        delivery_attempt: rng.int(2, 4),
        pod: rng.pick(hookPods),
        request_id: rng.uuid(),
      }),
    );
  }

  // ── notification-worker: the release that never deletes a message ──────────────────────────
  const releaseAt = tl.at(rng.float(0.58, 0.66));
  const fixedAt = releaseAt + rng.int(32, 45) * MINUTE;
  const visibility = rng.pick([240, 300]) * SECOND;
  // the queue's redrive policy moves a message to the dead-letter queue after this many receives
  const maxReceives = rng.pick([4, 5]);
  const workers = [rng.pod("notification-worker"), rng.pod("notification-worker")];
  const dep = { kind: "Deployment", name: "notification-worker", namespace: "notify" };
  for (const [at, version] of [
    [releaseAt, "2.9.0"],
    [fixedAt, "2.8.4"],
  ] as const) {
    tl.add(
      at - 40 * SECOND,
      kubeEvent(
        at - 40 * SECOND,
        "Normal",
        "ScalingReplicaSet",
        `Scaled up replica set notification-worker-${rng.hex(10)} to 2`,
        dep,
        { component: "deployment-controller" },
        rng.uuid(),
      ),
    );
    for (const w of workers) {
      const t = at - rng.int(5, 30) * SECOND;
      tl.add(
        t,
        clef(t, "Information", "Application started. Version {Version}, polling {QueueUrl}", {
          Version: version,
          QueueUrl: QUEUE,
          SourceContext: "NotificationWorker.Program",
          Application: APP,
          Pod: w,
        }),
      );
    }
    tl.add(
      at,
      kubeEvent(
        at,
        "Normal",
        "ScalingReplicaSet",
        `Scaled down replica set notification-worker-${rng.hex(10)} to 0 from 2`,
        dep,
        { component: "deployment-controller" },
        rng.uuid(),
      ),
    );
  }
  const templates = ["OrderConfirmation", "OrderConfirmation", "OrderConfirmation", "ShippingConfirmation", "RefundIssued"] as const;
  /** One receive of a message at `t`: the send, and (on 2.9.0) the failed delete and the next receive. */
  const receive = (t: number, msg: { id: string; orderId: string; template: string; to: string }, count: number): void => {
    if (t >= end) return;
    // the purge and the rollback drop every message still in flight
    if (count > 1 && t >= fixedAt) return;
    if (count > maxReceives) return;
    const w = rng.pick(workers);
    const loop = t >= releaseAt && t < fixedAt;
    const again = count > 1;
    const label: AnomalyType | null = again ? "pattern" : null;
    let at = t;
    if (again)
      tl.add(
        at,
        clef(at, "Warning", "Message {MessageId} for order {OrderId} delivered {ReceiveCount} times", {
          MessageId: msg.id,
          OrderId: msg.orderId,
          ReceiveCount: count,
          QueueUrl: QUEUE,
          SourceContext: "NotificationWorker.Queue.SqsPoller",
          Application: APP,
          Pod: w,
        }),
        "pattern",
      );
    const elapsed = rng.logNormal(180, 0.35);
    at += Math.round(elapsed);
    tl.add(
      at,
      clef(
        at,
        "Information",
        "Sent {Template} email for order {OrderId} to {Recipient} via SES in {Elapsed:0} ms",
        {
          Template: msg.template,
          OrderId: msg.orderId,
          Recipient: msg.to,
          SesMessageId: `0102018f${rng.hex(8)}-${rng.uuid()}-000000`,
          Elapsed: Number(elapsed.toFixed(2)),
          SourceContext: "NotificationWorker.Email.EmailSender",
          Application: APP,
          Pod: w,
        },
        { renderings: [elapsed.toFixed(0)] },
      ),
      label,
    );
    if (!loop) return;
    at += rng.int(8, 40);
    tl.add(
      at,
      clef(
        at,
        "Error",
        "DeleteMessage failed for {MessageId}: {ErrorCode}",
        {
          MessageId: msg.id,
          ErrorCode: "ReceiptHandleIsInvalid",
          QueueUrl: QUEUE,
          SourceContext: "NotificationWorker.Queue.SqsPoller",
          Application: APP,
          Pod: w,
        },
        {
          exception: [
            `Amazon.SQS.Model.ReceiptHandleIsInvalidException: The input receipt handle "${msg.id}" is not a valid receipt handle.`,
            "   at Amazon.Runtime.Internal.HttpErrorResponseExceptionHandler.HandleExceptionStream(IRequestContext requestContext, IWebResponseData httpErrorResponse, HttpErrorResponseException exception, Stream responseStream)",
            "   at Amazon.Runtime.Internal.ErrorHandler.InvokeAsync[T](IExecutionContext executionContext)",
            "   at NotificationWorker.Queue.SqsPoller.CompleteAsync(Message message, CancellationToken ct) in /src/NotificationWorker/Queue/SqsPoller.cs:line 97",
          ].join("\r\n"),
        },
      ),
      "error",
    );
    receive(t + visibility + rng.int(0, 20) * SECOND, msg, count + 1);
  };
  for (const s of arrivals(rng, start, end, rng.float(1.5, 1.8), shape, 1.2)) {
    receive(
      s,
      {
        id: rng.uuid(),
        orderId: `SO-${rng.int(5_000_000, 5_999_999)}`,
        template: rng.pick(templates),
        to: `${rng.alnum(1)}***@${rng.pick(["gmail.com", "outlook.com", "icloud.com", "proton.me", "yahoo.com"])}`,
      },
      1,
    );
  }
  for (const w of workers) {
    for (const t of ticks(rng, start, end, MINUTE, 5 * SECOND)) {
      tl.add(
        t,
        clef(t, "Information", "Poll cycle: {Received} received, {InFlight} in flight", {
          Received: rng.int(0, 8),
          InFlight: rng.int(0, 4),
          QueueUrl: QUEUE,
          SourceContext: "NotificationWorker.Queue.SqsPoller",
          Application: APP,
          Pod: w,
        }),
      );
    }
  }

  hourlyCron(rng, tl, [nodeName(rng, "10.53"), nodeName(rng, "10.53")]);

  return tl.build(
    NAME,
    "payments-webhooks turns down the provider's duplicate deliveries all window (`duplicate webhook delivery rejected: event already processed` at error: routine); three fifths in notification-worker 2.9.0 fails every SQS DeleteMessage (ReceiptHandleIsInvalid), so every order e-mail is sent again every few minutes up to the redrive limit until the queue is purged and the worker rolled back",
  );
}
