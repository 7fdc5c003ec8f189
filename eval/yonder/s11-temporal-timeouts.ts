// Workflow activity timeouts: the fraud-screening provider behind a Temporal activity starts
// hanging; ScreenTransaction attempts hit their 30 s StartToClose timeout, the server retries them
// with backoff, late completions are rejected, and payments whose five attempts all time out fail.
// The provider recovers near the end.
// Decoys: Temporal's routine "service failures" errors (signals to completed workflows), receipts
// that fail once on an SMTP 421 and succeed on the second attempt, history shard housekeeping.

import type { Scenario } from "../blind/types.js";
import { canonical, type Lvl, logback, otel, zapIso } from "./producers.js";
import { Rng } from "./rng.js";
import { every, type Label, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

const NAMESPACE = "payments";
const QUEUE = "payments-main";

export function temporalActivityTimeouts(seed: number): Scenario {
  const rng = new Rng(seed, "temporal-activity-timeouts");
  const start = pickStart(rng, [9, 10, 12, 13, 15, 16, 18]);
  const tl = new Timeline(start, start + rng.int(54, 66) * MIN);
  const end = tl.end;
  const onset = tl.at(rng.float(0.42, 0.58));
  const recover = tl.at(rng.float(0.8, 0.9));
  const peakTimeoutShare = rng.float(0.5, 0.62);
  /** share of screening calls that hang past the 30 s timeout */
  const hang = (t: number) => {
    if (t < onset || t > recover) return 0;
    return peakTimeoutShare * Math.min(1, (t - onset) / (4 * MIN));
  };

  const wRng = rng.fork("workers");
  const payPods = [0, 1, 2].map(() => wRng.pod("payments-worker"));
  const notifPods = [0, 1].map(() => wRng.pod("notifications-worker"));
  const res = (pod: string) => ({
    "service.name": "payments-worker",
    "service.version": "3.9.2",
    "k8s.pod.name": pod,
    "telemetry.sdk.language": "go",
    "temporal.sdk.version": "1.26.1",
  });
  const pw = (t: number, pod: string, level: Lvl, body: string, attrs: Record<string, unknown>, trace?: string) =>
    otel(t, res(pod), level, body, attrs, trace, trace === undefined ? undefined : wRng.hex(16));
  const nw = (t: number, pod: string, level: Lvl, message: string, extra: Record<string, unknown>) =>
    canonical(t, "notifications-worker", level, message, { sdkComponent: "activity", taskQueue: "notifications", pod, ...extra });
  const fRng = rng.fork("fraud-gateway");
  const fg = (t: number, level: Lvl, msg: string, extra: Record<string, unknown>) =>
    logback(t, "fraud-gateway", "com.acme.fraud.ProviderClient", `http-nio-8443-exec-${fRng.int(1, 64)}`, level, msg, extra);

  const slowCalls: number[] = [];
  // --- one ProcessPayment workflow
  poisson(wRng, start - 3 * MIN, end, 6200, (t0) => {
    const order = `ord_${wRng.base62(16)}`;
    const wfId = `payment-${order}`;
    const runId = wRng.uuid();
    const trace = wRng.hex(32);
    const pod = wRng.pick(payPods);
    const base = {
      "temporal.namespace": NAMESPACE,
      "temporal.task_queue": QUEUE,
      "temporal.workflow_type": "ProcessPayment",
      "temporal.workflow_id": wfId,
      "temporal.run_id": runId,
    };
    const worker = `1@${pod}@`;
    tl.add(t0, (tt) => pw(tt, pod, "info", "Payment workflow started", { ...base, order_id: order, amount: round(wRng.logn(70, 0.8), 2) }, trace));
    // ScreenTransaction, up to five attempts
    let t = t0 + wRng.int(40, 200);
    let ok = false;
    let scheduled = 11;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const apod = wRng.pick(payPods);
      const hangs = wRng.chance(hang(t));
      const actBase = {
        ...base,
        "temporal.activity_type": "ScreenTransaction",
        "temporal.activity_id": String(scheduled - 6),
        "temporal.attempt": attempt,
        worker_id: `1@${apod}@`,
      };
      if (!hangs) {
        const slowish = t > onset && t < recover;
        const d = slowish ? wRng.logn(2600, 0.7) : wRng.logn(520, 0.4);
        const dur = Math.min(d, 29_000);
        const label: Label = slowish && dur > 4000 ? "performance" : null;
        if (dur > 2000) slowCalls.push(t + dur);
        tl.add(
          t + dur,
          (tt) =>
            pw(
              tt,
              apod,
              "info",
              "Activity completed",
              {
                ...actBase,
                duration_ms: Math.round(dur),
                decision: wRng.weighted([
                  ["approve", 95],
                  ["review", 4],
                  ["decline", 1],
                ] as const),
              },
              trace,
            ),
          label,
        );
        if (label !== null && dur > 10_000) {
          const ms = Math.round(dur - 30);
          tl.add(
            t + dur - 20,
            (tt) =>
              fg(tt, "warn", `Slow response from provider fraudshield: POST /v3/screen took ${ms} ms`, {
                order_id: order,
                duration_ms: ms,
                provider: "fraudshield",
              }),
            "performance",
          );
        }
        t += dur;
        ok = true;
        break;
      }
      // The call hangs; the activity's context deadline (StartToClose 30 s) cancels it.
      const deadline = t + 30_000;
      slowCalls.push(deadline);
      tl.add(
        deadline + wRng.int(2, 60),
        (tt) =>
          pw(tt, apod, "warn", "Activity error.", { ...actBase, Error: 'Post "https://api.fraudshield.example/v3/screen": context deadline exceeded' }, trace),
        "performance",
      );
      if (wRng.chance(0.3))
        tl.add(
          deadline - wRng.int(0, 30),
          (tt) =>
            fg(tt, "error", "Provider call cancelled by client after 30000 ms", {
              order_id: order,
              duration_ms: 30000,
              provider: "fraudshield",
              upstream_status: "none",
            }),
          "performance",
        );
      if (wRng.chance(0.35)) {
        // the provider answered later; the late completion is rejected
        const late = deadline + wRng.int(2, 25) * SEC;
        tl.add(
          late,
          (tt) =>
            pw(
              tt,
              apod,
              "warn",
              "Failed to report activity completion",
              { ...actBase, Error: "NotFound: invalid activityID or activity already timed out" },
              trace,
            ),
          "error",
        );
      }
      scheduled += 2;
      t = deadline + 1000 * 2 ** (attempt - 1) + wRng.int(10, 300);
    }
    if (!ok) {
      const at = t;
      const msg = `activity error (type: ScreenTransaction, scheduledEventID: ${scheduled - 2}, startedEventID: ${scheduled - 1}, identity: ${worker}): activity StartToClose timeout (type: StartToClose)`;
      tl.add(at, (tt) => pw(tt, pod, "error", "Payment workflow failed", { ...base, order_id: order, error: msg }, trace), "error");
      tl.add(
        at + wRng.int(30, 300),
        (tt) =>
          logback(
            tt,
            "order-service",
            "com.acme.orders.payment.PaymentResultListener",
            "temporal-result-1",
            "error",
            `Payment for ${order} failed: workflow ${wfId} failed`,
            { order_id: order, workflow_id: wfId, cause: "ActivityError: ScreenTransaction StartToClose timeout" },
          ),
        "error",
      );
      return;
    }
    // ChargeCard
    const charge = wRng.logn(420, 0.35);
    t += wRng.int(10, 80);
    tl.add(t + charge, (tt) =>
      pw(
        tt,
        wRng.pick(payPods),
        "info",
        "Activity completed",
        { ...base, "temporal.activity_type": "ChargeCard", "temporal.attempt": 1, duration_ms: Math.round(charge), psp: wRng.pick(["adyen", "stripe"]) },
        trace,
      ),
    );
    t += charge;
    // SendReceipt on the notifications worker (TypeScript SDK)
    const np = wRng.pick(notifPods);
    t += wRng.int(20, 120);
    if (wRng.chance(0.02)) {
      tl.add(t + 300, (tt) =>
        nw(tt, np, "warn", "Activity failed", {
          activityType: "SendReceipt",
          workflowId: wfId,
          attempt: 1,
          error: "SMTPResponseError: 421 4.7.0 Try again later",
        }),
      );
      t += 1300;
    }
    const mail = wRng.logn(240, 0.4);
    tl.add(t + mail, (tt) => nw(tt, np, "info", "Activity completed", { activityType: "SendReceipt", workflowId: wfId, durationMs: Math.round(mail) }));
    t += mail + wRng.int(5, 40);
    tl.add(t, (tt) => pw(tt, pod, "info", "Payment workflow completed", { ...base, order_id: order, duration_ms: Math.round(t - t0) }, trace));
  });

  // --- order-service requests (they start the payment workflows) and refund workflows on the same worker
  const oRng = rng.fork("order-service");
  const oPods = [oRng.pod("order-service"), oRng.pod("order-service"), oRng.pod("order-service")];
  poisson(oRng, start, end, 4200, (t) => {
    const route = oRng.weighted([
      ["POST /api/orders", 3],
      ["GET /api/orders/{id}", 5],
      ["GET /api/orders?customer={id}", 2],
      ["POST /api/orders/{id}/cancel", 0.3],
    ] as const);
    const status = route.startsWith("POST /api/orders/") ? (oRng.chance(0.1) ? 409 : 200) : route.startsWith("POST") ? 201 : oRng.chance(0.03) ? 404 : 200;
    const ms = Math.round(oRng.logn(route.startsWith("POST") ? 85 : 22, 0.45));
    const path = route.replace("{id}", `ord_${oRng.base62(16)}`).replace("{id}", `C-${oRng.int(100000, 999999)}`);
    tl.add(t, (tt) =>
      logback(tt, "order-service", "com.acme.orders.web.AccessLog", `http-nio-8080-exec-${oRng.int(1, 60)}`, "info", `${path} ${status} ${ms}ms`, {
        pod: oRng.pick(oPods),
        http_status: status,
        duration_ms: ms,
      }),
    );
  });
  poisson(oRng, start, end, 45_000, (t) => {
    const pod = oRng.pick(payPods);
    const wfId = `refund-ord_${oRng.base62(16)}`;
    const base = {
      "temporal.namespace": NAMESPACE,
      "temporal.task_queue": QUEUE,
      "temporal.workflow_type": "ProcessRefund",
      "temporal.workflow_id": wfId,
      "temporal.run_id": oRng.uuid(),
    };
    const d = oRng.logn(380, 0.4);
    tl.add(t, (tt) => pw(tt, pod, "info", "Refund workflow started", base));
    tl.add(t + d, (tt) =>
      pw(tt, pod, "info", "Activity completed", { ...base, "temporal.activity_type": "RefundCharge", "temporal.attempt": 1, duration_ms: Math.round(d) }),
    );
    tl.add(t + d + oRng.int(20, 90), (tt) => pw(tt, pod, "info", "Refund workflow completed", base));
  });

  // --- fraud-gateway health summaries (every 30 s)
  every(fRng, start + fRng.int(0, 30) * SEC, end, 30 * SEC, 500, (t) => {
    const recent = slowCalls.filter((x) => x > t - 30 * SEC && x <= t).length;
    const bad = t > onset && t < recover && recent > 0;
    const p50 = bad ? fRng.int(2500, 9000) : fRng.int(380, 620);
    const p99 = bad ? 30000 : fRng.int(900, 2400);
    tl.add(
      t,
      (tt) =>
        fg(tt, bad ? "warn" : "info", `provider fraudshield latency p50=${p50}ms p99=${p99}ms timeouts=${bad ? recent : 0}`, {
          provider: "fraudshield",
          p50_ms: p50,
          p99_ms: p99,
        }),
      bad ? "performance" : null,
    );
  });

  // --- Temporal server (zap, ISO time): routine lines and routine "service failures"
  const sRng = rng.fork("server");
  const hist = ["temporal-history-0", "temporal-history-1"];
  poisson(sRng, start, end, 75_000, (t) => {
    const op = sRng.pick(["SignalWorkflowExecution", "SignalWorkflowExecution", "RequestCancelWorkflowExecution", "TerminateWorkflowExecution"]);
    tl.add(t, (tt) =>
      zapIso(tt, "error", "service failures", {
        service: "frontend",
        pod: "temporal-frontend-0",
        operation: op,
        "wf-namespace": NAMESPACE,
        error: "workflow execution already completed",
        "logging-call-at": "telemetry.go:341",
        stacktrace:
          "go.temporal.io/server/common/log.(*zapLogger).Error\n\t/home/runner/work/temporal/temporal/common/log/zap_logger.go:156\ngo.temporal.io/server/common/rpc/interceptor.(*TelemetryInterceptor).handleError\n\t/home/runner/work/temporal/temporal/common/rpc/interceptor/telemetry.go:341",
      }),
    );
  });
  poisson(sRng, start, end, 4 * MIN, (t) => {
    const shard = sRng.int(1, 512);
    tl.add(t, (tt) =>
      zapIso(tt, "info", "Range updated for shardID", {
        service: "history",
        pod: sRng.pick(hist),
        "shard-id": shard,
        address: `10.4.${sRng.int(0, 9)}.${sRng.int(2, 250)}:7234`,
        "shard-range-id": sRng.int(100, 900),
        "previous-shard-range-id": sRng.int(100, 900),
        number: 0,
        "next-number": 0,
        "logging-call-at": "context_impl.go:1201",
      }),
    );
  });
  every(sRng, start + sRng.int(0, 60) * SEC, end, 60 * SEC, 2000, (t) => {
    tl.add(t, (tt) =>
      zapIso(tt, "info", "matching task queue stats", {
        service: "matching",
        pod: "temporal-matching-0",
        "wf-namespace": NAMESPACE,
        "wf-task-queue-name": QUEUE,
        backlog: sRng.int(0, 12),
        pollers: 6,
        "logging-call-at": "task_queue_manager.go:512",
      }),
    );
  });

  return tl.build(
    "temporal-activity-timeouts",
    "The fraud provider behind a Temporal activity starts hanging; ScreenTransaction attempts hit their 30 s StartToClose timeout and are retried until some payment workflows fail, while Temporal's routine service-failure errors continue",
    rng,
  );
}
