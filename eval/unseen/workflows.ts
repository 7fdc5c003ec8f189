// Workflows and notifications: a Temporal worker whose card-charge activity has been timing out
// since before the window opened, and an SMS sender drowning in one provider error.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, iso, type Label, MIN, SEC } from "./kit.js";

/**
 * The fraud-scoring dependency of ChargeCard is slow all window long (the page came in late):
 * a share of activities run to their 30 s StartToClose timeout, Temporal retries them, and
 * workflows that exhaust their attempts fail. Temporal's own long-poll timeouts are routine.
 */
export function temporalActivityTimeouts(seed: number): Scenario {
  const g = new Gen(seed, "temporal-activity-timeouts");
  const inc = new Incident();
  const start = baseTime(seed, 19);
  const end = start + 45 * MIN;
  const workers = [0, 1, 2].map(() => `payments-worker-${g.hex(9)}-${g.hex(5)}`);

  const zap = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>, label: Label = null, service = "payments-worker") => {
    inc.add(t, { level, ts: iso(t), caller, msg, service, ...fields }, label);
  };
  const ctx = (wf: string, type: string, attempt: number) => ({
    Namespace: "payments",
    TaskQueue: "payments-tq",
    WorkerID: `1@${g.pick(workers)}@`,
    ActivityType: type,
    WorkflowType: "OrderPaymentWorkflow",
    WorkflowID: wf,
    RunID: g.uuid(),
    Attempt: attempt,
  });

  for (const t of g.times(start, end, 1100)) {
    const wf = `order-payment-${g.int(4_000_000, 4_999_999)}`;
    zap(t, "info", "workflows/payment.go:64", "workflow started", {
      Namespace: "payments",
      WorkflowType: "OrderPaymentWorkflow",
      WorkflowID: wf,
      RunID: g.uuid(),
    });
    zap(t + g.int(20, 90), "info", "activities/stock.go:41", "activity finished", {
      ...ctx(wf, "ReserveStock", 1),
      duration_ms: Math.round(g.logNormal(35, 0.4)),
    });
    let at = t + g.int(100, 300);
    let ok = false;
    for (let attempt = 1; attempt <= 3 && !ok; attempt++) {
      if (g.chance(0.17)) {
        zap(
          at + 30 * SEC,
          "warn",
          "internal/internal_task_handlers.go:1145",
          "Activity error.",
          { ...ctx(wf, "ChargeCard", attempt), Error: "activity StartToClose timeout", TimeoutType: "StartToClose", duration_ms: 30000 },
          "performance",
        );
        zap(
          at + 29 * SEC + g.int(100, 900),
          "warn",
          "activities/charge.go:112",
          "fraud score call timed out",
          { ...ctx(wf, "ChargeCard", attempt), endpoint: "http://fraud-score.risk.svc:8080/v3/score", latency_ms: 29000 + g.int(0, 900) },
          "performance",
        );
        at += 30 * SEC + 2 ** attempt * SEC;
      } else {
        const slow = g.chance(0.2);
        const d = Math.round(slow ? g.logNormal(14000, 0.3) : g.logNormal(420, 0.35));
        zap(
          at + d,
          "info",
          "activities/charge.go:97",
          "activity finished",
          { ...ctx(wf, "ChargeCard", attempt), duration_ms: d, psp: g.pick(["adyen", "stripe"]) },
          d > 3000 ? "performance" : null,
        );
        at += d + g.int(50, 200);
        ok = true;
      }
    }
    if (!ok) {
      zap(
        at,
        "error",
        "workflows/payment.go:131",
        "Workflow failed",
        {
          Namespace: "payments",
          WorkflowType: "OrderPaymentWorkflow",
          WorkflowID: wf,
          Error:
            "activity error (type: ChargeCard, scheduledEventID: 11, startedEventID: 12, identity: 1@payments-worker@): activity StartToClose timeout (type: StartToClose)",
        },
        "error",
      );
      continue;
    }
    zap(at + g.int(30, 120), "info", "activities/receipt.go:28", "activity finished", {
      ...ctx(wf, "SendReceipt", 1),
      duration_ms: Math.round(g.logNormal(60, 0.4)),
    });
  }

  // Temporal server: long polls that time out empty are how matching works; shard movements.
  for (const t of g.times(start, end, 420)) {
    const [level, msg, extra] = g.weighted([
      [
        ["info", "matching client long poll timeout", { "wf-task-queue-name": "payments-tq", "wf-namespace": "payments", "logging-call-at": "client.go:212" }],
        45,
      ],
      [
        [
          "info",
          "history client encountered error",
          { error: "context deadline exceeded", "service-error-type": "serviceerror.DeadlineExceeded", "logging-call-at": "metric_client.go:104" },
        ],
        8,
      ],
      [
        [
          "info",
          "Range updated for shardID",
          {
            "shard-id": g.int(1, 512),
            "shard-range-id": g.int(100, 900),
            "previous-shard-range-id": g.int(100, 900),
            "logging-call-at": "context_impl.go:1290",
          },
        ],
        20,
      ],
      [
        [
          "warn",
          "Persistent store operation failure",
          {
            "store-operation": "update-shard",
            error: "Failed to update shard.  previous_range_id: 512, columns: (range_id=513)",
            "logging-call-at": "context_impl.go:1305",
          },
        ],
        2,
      ],
    ] as const);
    zap(t, level, String(extra["logging-call-at"]), msg, { ...extra, service: "history" }, null, "temporal-history");
  }

  return inc.build(
    "temporal-activity-timeouts",
    "A slow fraud-scoring call makes a Temporal ChargeCard activity time out from the first minute; retries and failed workflows follow",
  );
}

/**
 * The SMS provider answers 503 for most of the window: the sender logs the same failure for
 * nearly every message, delivery lag grows, the e-mail channel carries on normally.
 */
export function smsProvider503Flood(seed: number): Scenario {
  const g = new Gen(seed, "sms-provider-503-flood");
  const inc = new Incident();
  const start = baseTime(seed, 7);
  const end = start + 40 * MIN;
  const outage = start + (2 + g.int(0, 2)) * MIN;

  const sl = (t: number, level: string, logger: string, event: string, extra: Record<string, unknown> = {}, label: Label = null) => {
    inc.add(t, { event, level, logger, timestamp: iso(t), service: "notifier", worker: `notifier-worker-${g.int(0, 5)}`, ...extra }, label);
  };

  for (const t of g.times(start, end, 3300)) {
    const channel = g.chance(0.75) ? "sms" : "email";
    const msgId = `ntf_${g.hex(20)}`;
    const template = g.pick(["otp_login", "order_shipped", "delivery_window", "payment_failed_reminder", "otp_login"]);
    if (channel === "email") {
      sl(t, "info", "notifier.email", "email sent", {
        message_id: msgId,
        template,
        provider: "ses",
        duration_ms: Math.round(g.logNormal(140, 0.4)),
        status_code: 200,
      });
      continue;
    }
    if (t > outage) {
      if (g.chance(0.93)) {
        sl(
          t,
          "error",
          "notifier.sms",
          "sms send failed",
          {
            message_id: msgId,
            template,
            provider: "twilio",
            status_code: 503,
            error: 'HTTP 503 Service Unavailable: {"code": 20500, "message": "Service Unavailable"}',
            attempt: g.int(1, 6),
            retry_in_s: g.pick([30, 60, 120, 240, 480]),
            duration_ms: Math.round(g.logNormal(2100, 0.3)),
          },
          "error",
        );
      } else {
        sl(t, "info", "notifier.sms", "sms sent", {
          message_id: msgId,
          template,
          provider: "twilio",
          sid: `SM${g.hex(32)}`,
          status_code: 201,
          duration_ms: Math.round(g.logNormal(260, 0.4)),
        });
      }
    } else {
      const r = g.next();
      if (r < 0.015)
        sl(t, "warning", "notifier.sms", "sms rejected by provider", {
          message_id: msgId,
          template,
          provider: "twilio",
          status_code: 400,
          error: "21211 Invalid 'To' Phone Number",
        });
      else
        sl(t, "info", "notifier.sms", "sms sent", {
          message_id: msgId,
          template,
          provider: "twilio",
          sid: `SM${g.hex(32)}`,
          status_code: 201,
          duration_ms: Math.round(g.logNormal(260, 0.4)),
        });
    }
  }

  // Delivery lag gauge, once a minute.
  for (const t of g.every(start, end, MIN, 300)) {
    const lag = t > outage + MIN ? Math.round(60_000 + ((t - outage) / MIN) * 45_000 * (0.8 + g.next() * 0.4)) : Math.round(g.logNormal(1800, 0.3));
    sl(
      t,
      "info",
      "notifier.metrics",
      "sms delivery lag",
      { p95_latency_ms: lag, latency_ms: lag, queue_depth: t > outage ? g.int(2000, 9000) : g.int(0, 40) },
      lag > 20_000 ? "performance" : null,
    );
  }
  sl(
    outage + 30 * SEC,
    "warning",
    "notifier.health",
    "provider health check degraded",
    { provider: "twilio", consecutive_failures: 25, status_code: 503 },
    "error",
  );

  return inc.build(
    "sms-provider-503-flood",
    "The SMS provider answers 503 for almost the whole window: one failure line repeated thousands of times while e-mail carries on",
  );
}
