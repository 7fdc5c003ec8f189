// A payment landscape (pino JSON) where the risk-scoring dependency slows down over about twenty
// minutes until its callers time out, trip a circuit breaker and fail orders.

import type { Scenario } from "../blind/types.js";
import { type Entry, LogBook, MIN, poissonTimes, podName, ramp, rngFor, SEC, slowLimit, startTime } from "./kit.js";

const PINO = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
type PinoLevel = keyof typeof PINO;

export function paymentDependencyCreep(seed: number): Scenario {
  const name = "payment-dependency-creep";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const checkout = r.pick(["checkout-api", "checkout-service", "storefront-checkout"]);
  const payment = r.pick(["payment-svc", "payments-core", "payment-orchestrator"]);
  const risk = r.pick(["risk-engine", "fraud-scorer", "antifraud-svc"]);
  const ledger = r.pick(["ledger-writer", "ledger-svc"]);
  const vault = r.pick(["card-vault", "tokenizer"]);
  const notifier = r.pick(["notification-svc", "receipts-mailer"]);
  const store = r.pick(["feature-store", "risk-features-db", "features-redis"]);
  const acquirer = r.pick(["adyen", "stripe", "worldpay", "checkout.com"]);
  const services = [checkout, payment, risk, ledger, vault, notifier];
  const pods = new Map(services.map((s) => [s, Array.from({ length: r.int(2, 3) }, () => podName(r, s))]));
  const pids = new Map(services.map((s) => [s, r.int(1, 40)]));

  const t0 = startTime(r);
  const onset = t0 + r.int(10, 16) * MIN;
  const creepEnd = onset + r.int(18, 22) * MIN;
  const end = creepEnd + r.int(6, 9) * MIN;
  const callTimeout = r.pick([2000, 2500, 3000]);

  const log = (t: number, label: Scenario["labels"][number], svc: string, level: PinoLevel, msg: string, extra: Entry = {}): void => {
    const hostname = r.pick(pods.get(svc) ?? [svc]);
    book.add(t, label, { level: PINO[level], time: t, pid: pids.get(svc), hostname, service: svc, ...extra, msg });
  };

  // The dependency's median latency grows geometrically from ~45 ms to ~2.5 s, then stays past the callers' timeout.
  const riskMedian = (t: number): number => {
    if (t < onset) return 45;
    if (t >= creepEnd) return 4200;
    return 45 * Math.exp(Math.log(2600 / 45) * ((t - onset) / (creepEnd - onset)));
  };
  const riskLimit = slowLimit(45, 0.35);
  const payLimit = slowLimit(260, 0.3);
  const coLimit = slowLimit(320, 0.3);

  // Circuit breaker state of the payment service's risk client.
  let cbState: "closed" | "open" | "half" = "closed";
  let cbOpenedAt = 0;
  const recentTimeouts: number[] = [];

  for (const t of poissonTimes(r, t0, end, r.float(15, 18))) {
    const reqId = `req-${r.alnum(10)}`;
    const orderId = `ORD-${r.int(1000000, 9999999)}`;
    const payId = `pay_${r.alnum(14)}`;
    const amount = Number((r.logNormal(48, 0.8) + 1).toFixed(2));
    let at = t;
    let payMs = r.logNormal(14, 0.3);
    if (r.chance(0.6)) {
      const ms = Math.round(r.logNormal(9, 0.3));
      at += ms;
      payMs += ms;
      log(at, null, vault, "info", "card tokenized", { req_id: reqId, token_type: r.pick(["network", "vault"]), duration_ms: ms });
    }

    // Risk check: one retry on timeout, fail fast while the breaker is open.
    let riskOutcome: "ok" | "timeout" | "rejected" = "ok";
    if (cbState === "open" && t - cbOpenedAt > 30 * SEC) {
      cbState = "half";
      log(t, "pattern", payment, "warn", `circuit breaker '${risk}' transitioned from OPEN to HALF_OPEN`, { breaker: risk });
    }
    if (cbState === "open") {
      riskOutcome = "rejected";
      payMs += r.logNormal(2, 0.3);
      log(at + 1, "error", payment, "error", `risk check rejected: circuit breaker '${risk}' is OPEN and does not permit further calls`, {
        req_id: reqId,
        payment_id: payId,
        breaker: risk,
      });
    } else {
      for (let attempt = 1; attempt <= 2; attempt++) {
        const ms = Math.round(r.logNormal(riskMedian(at), 0.35));
        const feature = Math.round(ms * r.float(0.55, 0.8));
        if (feature > 400)
          log(at + feature, "performance", risk, "warn", `slow feature lookup store=${store} keys=${r.int(24, 48)} duration_ms=${feature}`, { req_id: reqId });
        const label = ms > riskLimit ? "performance" : null;
        log(at + ms, label, risk, "info", "transaction scored", {
          req_id: reqId,
          payment_id: payId,
          score: r.int(1, 99),
          decision: r.chance(0.97) ? "approve" : "review",
          model: "gbm-v41",
          duration_ms: ms,
        });
        if (ms <= callTimeout) {
          at += ms;
          payMs += ms;
          riskOutcome = "ok";
          break;
        }
        at += callTimeout;
        payMs += callTimeout;
        riskOutcome = "timeout";
        log(at, "performance", payment, "warn", `call to ${risk} timed out after ${callTimeout}ms (attempt ${attempt}/2)`, {
          req_id: reqId,
          payment_id: payId,
          upstream: risk,
          timeout_ms: callTimeout,
        });
        recentTimeouts.push(at);
        while (recentTimeouts.length > 0 && (recentTimeouts[0] ?? 0) < at - MIN) recentTimeouts.shift();
        if (cbState === "half" || (cbState === "closed" && recentTimeouts.length >= 12)) {
          const from = cbState === "half" ? "HALF_OPEN" : "CLOSED";
          cbState = "open";
          cbOpenedAt = at;
          log(at + 1, "pattern", payment, "warn", `circuit breaker '${risk}' transitioned from ${from} to OPEN`, {
            breaker: risk,
            failure_rate: Number(r.float(51, 78).toFixed(1)),
          });
          break;
        }
      }
      if (riskOutcome === "ok" && cbState === "half") {
        cbState = "closed";
        recentTimeouts.length = 0;
        log(at + 1, "pattern", payment, "info", `circuit breaker '${risk}' transitioned from HALF_OPEN to CLOSED`, { breaker: risk });
      }
    }

    let status = 200;
    if (riskOutcome === "ok") {
      const acqMs = Math.round(r.logNormal(180, 0.3));
      at += acqMs;
      payMs += acqMs;
      if (r.chance(0.07)) {
        status = 402;
        log(at, null, payment, "warn", "card declined by issuer", {
          req_id: reqId,
          payment_id: payId,
          acquirer,
          decline_code: r.pick(["05", "51", "54", "61"]),
        });
      } else {
        log(at, null, payment, "info", "payment authorized", { req_id: reqId, payment_id: payId, acquirer, amount, currency: r.pick(["EUR", "USD", "GBP"]) });
        const lms = Math.round(r.logNormal(11, 0.3));
        log(at + lms, null, ledger, "info", "ledger entry committed", { req_id: reqId, payment_id: payId, entries: 2, duration_ms: lms });
      }
    } else {
      status = riskOutcome === "timeout" ? 504 : 503;
      log(
        at + 1,
        riskOutcome === "timeout" ? "performance" : "error",
        payment,
        "error",
        `authorization failed for ${payId}: risk check ${riskOutcome === "timeout" ? "timed out" : "unavailable"}`,
        {
          req_id: reqId,
          payment_id: payId,
          err: {
            type: riskOutcome === "timeout" ? "TimeoutError" : "BrokenCircuitError",
            message: riskOutcome === "timeout" ? `${risk} did not answer within ${callTimeout}ms` : "Breaker is open",
          },
        },
      );
    }
    const payRt = Math.round(payMs + r.logNormal(20, 0.3));
    const payLabel = payRt > payLimit ? "performance" : null;
    log(t + payRt, payLabel, payment, status >= 500 ? "error" : "info", "request completed", {
      req_id: reqId,
      req: { method: "POST", url: "/v1/payments/authorize" },
      res: { statusCode: status },
      responseTime: payRt,
    });
    const coRt = Math.round(payRt + r.logNormal(55, 0.3));
    if (status >= 500) {
      log(t + coRt - 1, "error", checkout, "error", `payment step failed, order ${orderId} put on hold`, {
        req_id: reqId,
        order_id: orderId,
        upstream_status: status,
      });
    } else if (status === 200) {
      log(t + coRt + r.int(20, 400), null, notifier, "info", "receipt email queued", { order_id: orderId, template: "receipt-v3" });
    }
    log(t + coRt, coRt > coLimit ? "performance" : status >= 500 ? "error" : null, checkout, status >= 500 ? "error" : "info", "request completed", {
      req_id: reqId,
      req: { method: "POST", url: "/api/checkout/confirm" },
      res: { statusCode: status === 402 ? 402 : status >= 500 ? 502 : 200 },
      responseTime: coRt,
    });
  }

  // Routine traffic around the requests.
  for (const pod of pods.get(checkout) ?? []) {
    for (let t = t0 + r.int(0, 30 * SEC); t < end; t += 30 * SEC + r.int(-200, 200)) {
      book.add(t, null, {
        level: 30,
        time: t,
        pid: pids.get(checkout),
        hostname: pod,
        service: checkout,
        req: { method: "GET", url: "/healthz" },
        res: { statusCode: 200 },
        responseTime: r.int(1, 3),
        msg: "request completed",
      });
    }
  }
  for (const t of poissonTimes(r, t0, end, 0.4)) {
    log(t, null, payment, "error", `webhook delivery failed merchant=m_${r.alnum(8)} status=${r.pick([404, 410, 500])} attempt=${r.int(1, 5)}/5`, {
      component: "webhooks",
    });
  }
  for (let t = t0 + r.int(0, MIN); t < end; t += MIN + r.int(-500, 500)) {
    log(t, null, ledger, "info", `reconciliation batch committed entries=${r.int(40, 400)}`, { duration_ms: Math.round(r.logNormal(140, 0.3)) });
  }
  for (let t = t0 + r.int(0, 15 * MIN); t < end; t += 15 * MIN) {
    log(t, null, risk, "info", `rule set refreshed version=2025.${r.int(1, 9)}.${r.int(0, 30)} rules=${r.int(380, 440)}`);
  }
  for (const t of poissonTimes(r, t0, end, 0.3)) {
    log(t, null, vault, "warn", "TLS session resumption failed, performing full handshake", { peer: `hsm-${r.int(1, 3)}.vault.internal` });
  }
  for (const t of poissonTimes(r, t0, end, 0.5)) {
    log(t, null, notifier, "warn", `smtp provider soft bounce for ${r.alnum(6)}@${r.pick(["gmail.com", "outlook.com", "yahoo.com"])}, will retry`);
  }
  // A pool saturation warning from the risk engine once its lookups back up (a kind it never writes otherwise).
  for (let t = onset + Math.round((creepEnd - onset) * 0.55); t < end; t += r.int(15, 25) * SEC) {
    log(t, "pattern", risk, "warn", `connection pool saturated pool=${store} active=64/64 pending=${Math.round(ramp(t, onset, end, 4, 180))}`);
  }
  return book.scenario(
    name,
    `the ${risk} dependency of ${payment} slows down over about 20 minutes until calls time out, a circuit breaker opens and checkouts fail`,
  );
}
