// A Node payments API writing pino (numeric levels, pino-http's request lines renamed to the
// contract's response_time_ms), and the ledger worker that consumes its events.

import type { Scenario } from "../blind/types.js";
import { arrivals, Incident, PINO, pino, rngFor, round, ticks, windowStart } from "./gen.js";

/**
 * A config push routes card-network traffic through a new egress proxy with certificate checks
 * off; minutes later the proxy resets connections and the same "card network request failed"
 * error fills the log for a few minutes until the push is rolled back.
 */
export function paymentsEgressResetStorm(seed: number): Scenario {
  const name = "payments-egress-reset-storm";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 40 * 60_000;
  const push = t0 + rng.int(17, 21) * 60_000;
  const stormStart = push + rng.int(90, 150) * 1000;
  const stormEnd = stormStart + rng.int(5, 7) * 60_000;
  const pods = ["payments-api-7f8d9c-4jw2x", "payments-api-7f8d9c-9tq5m", "payments-api-7f8d9c-zr7nd"];
  const merchants = Array.from({ length: 40 }, () => `m_${rng.alnum(10)}`);
  const networks = ["visa", "visa", "visa", "mastercard", "mastercard", "amex"] as const;

  for (const pod of pods) {
    const t = push + rng.int(0, 4000);
    inc.add(
      t,
      pino(t, PINO.info, "payments-api", pod, "config reloaded", {
        changed: ["cardNetwork.proxy", "cardNetwork.tls.rejectUnauthorized"],
        "cardNetwork.proxy": "http://egress-proxy-2.internal:3128",
        previous_proxy: "direct",
        "cardNetwork.tls.rejectUnauthorized": false,
        source: "consul:payments/prod",
      }),
      "pattern",
    );
  }
  const rollback = stormEnd + rng.int(0, 20_000);
  for (const pod of pods) {
    const t = rollback + rng.int(0, 4000);
    inc.add(
      t,
      pino(t, PINO.info, "payments-api", pod, "config reloaded", {
        changed: ["cardNetwork.proxy", "cardNetwork.tls.rejectUnauthorized"],
        "cardNetwork.proxy": "direct",
        previous_proxy: "http://egress-proxy-2.internal:3128",
        "cardNetwork.tls.rejectUnauthorized": true,
        source: "consul:payments/prod",
      }),
    );
  }

  for (const t of arrivals(rng, t0, end, 1.15)) {
    const pod = rng.pick(pods);
    const reqId = `req-${rng.alnum(6)}`;
    const merchant = rng.pick(merchants);
    const inStorm = t >= stormStart && t < stormEnd;
    const kind = rng.weighted([
      ["authorize", 4],
      ["request", 4],
      ["capture", 1.5],
      ["webhook", 1.5],
      ["3ds", 0.6],
      ["replay", 0.4],
      ["retry", 0.25],
      ["token", 0.2],
    ] as const);
    if ((kind === "authorize" || kind === "capture") && inStorm && rng.chance(0.85)) {
      // The storm: the same failure, attempt after attempt.
      const attempts = rng.int(1, 3);
      for (let a = 1; a <= attempts; a++) {
        const ta = t + (a - 1) * rng.int(150, 400);
        inc.add(
          ta,
          pino(ta, PINO.error, "payments-api", pod, "card network request failed", {
            reqId,
            network: rng.pick(networks),
            attempt: a,
            err: {
              type: "Error",
              message: "read ECONNRESET",
              code: "ECONNRESET",
              errno: -104,
              syscall: "read",
              stack: "Error: read ECONNRESET\n    at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20)",
            },
          }),
          "error",
        );
      }
      const tr = t + attempts * 400;
      inc.add(
        tr,
        pino(tr, PINO.error, "payments-api", pod, "request errored", {
          reqId,
          req: { method: "POST", url: kind === "authorize" ? "/v1/payments" : `/v1/payments/pay_${rng.alnum(14)}/capture` },
          res: { statusCode: 502 },
          err: { type: "CardNetworkUnavailableError", message: "card network unavailable, please retry" },
          response_time_ms: attempts * 400 + rng.int(5, 60),
        }),
        "error",
      );
      continue;
    }
    if (kind === "authorize") {
      const ms = rng.logNormal(240, 0.35);
      const amount = round(rng.logNormal(48, 0.9), 2);
      inc.add(
        t,
        pino(t, PINO.info, "payments-api", pod, "authorization approved", {
          reqId,
          merchant,
          network: rng.pick(networks),
          amount,
          currency: rng.pick(["EUR", "EUR", "USD", "GBP"]),
          auth_code: rng.alnum(6).toUpperCase(),
          network_latency_ms: Math.round(ms),
        }),
      );
      if (rng.chance(0.04))
        inc.add(
          t + 1,
          pino(t + 1, PINO.info, "payments-api", pod, "authorization declined", {
            reqId,
            merchant,
            reason: rng.pick(["insufficient_funds", "do_not_honor", "expired_card"]),
          }),
        );
    } else if (kind === "request") {
      const route = rng.weighted([
        ["GET /v1/payments/:id", 5],
        ["POST /v1/payments", 3],
        ["GET /v1/merchants/:id/balance", 1],
        ["POST /v1/refunds", 0.5],
      ] as const);
      const [method, path] = route.split(" ") as [string, string];
      const median = method === "POST" ? 260 : 14;
      const status = rng.chance(0.03) ? rng.pick([400, 404, 409, 422]) : method === "POST" ? 201 : 200;
      inc.add(
        t,
        pino(t, PINO.info, "payments-api", pod, "request completed", {
          reqId,
          req: { method, url: path.replace(":id", rng.pick([`pay_${rng.alnum(14)}`, merchant])), remoteAddress: `10.0.${rng.int(0, 15)}.${rng.int(2, 250)}` },
          res: { statusCode: status },
          response_time_ms: Math.round(rng.logNormal(median, 0.45)),
        }),
      );
    } else if (kind === "capture") {
      inc.add(
        t,
        pino(t, PINO.info, "payments-api", pod, "capture settled", { reqId, merchant, payment: `pay_${rng.alnum(14)}`, batch: `b-${rng.int(1000, 9999)}` }),
      );
    } else if (kind === "webhook") {
      const status = rng.chance(0.06) ? rng.pick([500, 502, 410, 404]) : 200;
      inc.add(
        t,
        pino(t, status === 200 ? PINO.info : PINO.warn, "payments-api", pod, status === 200 ? "webhook delivered" : "webhook delivery failed, will retry", {
          merchant,
          event: rng.pick(["payment.succeeded", "payment.failed", "refund.created", "payout.paid"]),
          attempt: status === 200 ? rng.int(1, 3) : rng.int(1, 8),
          status,
        }),
      );
    } else if (kind === "3ds") {
      inc.add(
        t,
        pino(t, PINO.info, "payments-api", pod, "3DS challenge required", {
          reqId,
          merchant,
          version: "2.2.0",
          acs: rng.pick(["acs.visa.example", "acs.mc.example"]),
        }),
      );
    } else if (kind === "replay") {
      inc.add(t, pino(t, PINO.info, "payments-api", pod, "idempotent replay served from cache", { reqId, idempotency_key: rng.uuid() }));
    } else if (kind === "retry") {
      // Routine: the card network drops an idle keep-alive now and then; the client retries once.
      inc.add(
        t,
        pino(t, PINO.warn, "payments-api", pod, "retrying idempotent request to card network", {
          reqId,
          network: rng.pick(networks),
          reason: "socket hang up",
          attempt: 2,
        }),
      );
    } else {
      inc.add(t, pino(t, PINO.debug, "payments-api", pod, "network gateway token refreshed", { expires_in: 3600 }));
    }
  }

  // ledger-worker: consumes payment events, batches journal entries.
  for (const t of arrivals(rng, t0, end, 0.3)) {
    const kind = rng.weighted([
      ["post", 5],
      ["batch", 1],
      ["lag", 1],
    ] as const);
    if (kind === "post")
      inc.add(
        t,
        pino(t, PINO.info, "ledger-worker", "ledger-worker-0", "journal entry posted", {
          entry: `je_${rng.alnum(12)}`,
          debit: rng.pick(["merchant_payable", "fees_receivable", "cash_clearing"]),
          credit: rng.pick(["customer_funds", "merchant_payable"]),
          amount_minor: rng.int(100, 90_000),
        }),
      );
    else if (kind === "batch")
      inc.add(
        t,
        pino(t, PINO.info, "ledger-worker", "ledger-worker-0", "batch committed", {
          entries: rng.int(20, 400),
          duration_ms: Math.round(rng.logNormal(85, 0.4)),
        }),
      );
    else
      inc.add(
        t,
        pino(t, PINO.debug, "ledger-worker", "ledger-worker-0", "consumer lag", { topic: "payments.events", partition: rng.int(0, 11), lag: rng.int(0, 40) }),
      );
  }
  for (const t of ticks(rng, t0, end, 60_000)) {
    inc.add(
      t,
      pino(t, PINO.info, "payments-api", rng.pick(pods), "health", {
        uptime_s: Math.round((t - t0) / 1000) + 86_400,
        rss_mb: rng.int(180, 230),
        event_loop_lag_ms: round(rng.logNormal(1.2, 0.3), 2),
      }),
    );
  }

  return inc.scenario(
    name,
    "A config push routes payments-api's card-network traffic through a new proxy with TLS checks off; the same ECONNRESET failure then repeats for minutes",
  );
}
