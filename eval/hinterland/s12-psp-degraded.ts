// 12) The card acquirer has been degraded since before the window began: its
// authorisations take seconds, time out or return 502, the circuit breaker keeps
// opening, checkout's pay requests crawl. A few minutes in the middle are healthy.
// Most of the window is the incident.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, round, ipIn, isoZ, hms, type Label } from "./lib.js";
import { pino, ecsJava, structlog, pyJson, zap, slog, type PinoBase, type F } from "./producers.js";

export function s12PspDegraded(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(28, 33) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const hA = T0 + W * r.float(0.38, 0.5);
  const hB = hA + r.int(150, 230) * 1000;
  const sinceT = T0 - r.int(25, 70) * MIN; // when the provider's trouble began
  const healthy = (t: number): boolean => t >= hA + 15000 && t < hB;
  const acq = r.pick(["Acquirer API (acq-eu.example-psp.com)", "PSP gateway (gw.cardlink-psp.example)"]);
  const acqHost = acq.includes("acq-eu") ? "acq-eu.example-psp.com" : "gw.cardlink-psp.example";

  // circuit breaker: opens a few times during the degradation
  const cbOpen: { a: number; b: number }[] = [];
  for (let t = T0 + r.int(1, 3) * MIN; t < T1 - MIN; t += r.int(3, 5) * MIN) {
    if (healthy(t) || healthy(t + 60000) || (t > hA - 60000 && t < hB + 60000)) continue;
    cbOpen.push({ a: t, b: t + r.int(30, 60) * 1000 });
  }
  const isOpen = (t: number): boolean => cbOpen.some((w) => t >= w.a && t < w.b);

  // ------------------------------------------------------------ one acquirer call
  const egressPod = `egress-gateway-${r.rsHash()}-${r.podSuffix()}`;
  const egress = (t: number, ms: number, code: number, flags: string, lbl: Label): void => {
    sink.add(
      t,
      {
        timestamp: isoZ(t, 6),
        start_time: isoZ(t - ms, 3),
        method: "POST",
        path: "/v3/payments/authorisations",
        protocol: "HTTP/1.1",
        response_code: code,
        response_flags: flags,
        bytes_received: r.int(700, 1400),
        bytes_sent: code === 200 ? r.int(500, 1100) : code === 504 ? 24 : r.int(100, 300),
        duration: Math.round(ms),
        upstream_service_time: code === 504 ? "-" : String(Math.round(ms - 3)),
        x_forwarded_for: ipIn(r, "10.11"),
        user_agent: "ReactorNetty/1.1.13",
        request_id: r.uuid(),
        authority: acqHost,
        upstream_host: `${r.pick(["203.0.113", "198.51.100"])}.${r.int(2, 250)}:443`,
        upstream_cluster: `outbound|443||${acqHost}`,
        kubernetes: { pod_name: egressPod, pod_namespace: "istio-system", container_name: "istio-proxy" },
        source_type: "kubernetes_logs",
        stream: "stdout",
      },
      lbl,
    );
  };
  type Outcome = { kind: "ok"; ms: number } | { kind: "timeout"; ms: number } | { kind: "502"; ms: number };
  const callAcquirer = (t: number): Outcome => {
    if (healthy(t)) return { kind: "ok", ms: r.logn(380, 0.3) };
    const u = r.next();
    if (u < 0.06) return { kind: "502", ms: r.logn(1200, 0.4) };
    if (u < 0.17) return { kind: "timeout", ms: 10000 };
    if (u < 0.25) return { kind: "ok", ms: r.logn(900, 0.4) };
    return { kind: "ok", ms: Math.min(9800, r.logn(4200, 0.45)) };
  };
  const slowLbl = (ms: number): Label => (ms > 2000 ? "performance" : null);

  // ------------------------------------------------------------ payments-svc (ECS java)
  const payPods = [0, 1].map(() => `payments-svc-${r.rsHash()}-${r.podSuffix()}`);
  const pay = (
    t: number,
    lv: "info" | "warn" | "error",
    logger: string,
    msg: string,
    extra: F,
    lbl: Label,
    err?: { type: string; message: string; stack: string },
  ): void => {
    sink.add(
      t,
      ecsJava(t, lv, "payments-svc", logger, `reactor-http-epoll-${r.int(1, 8)}`, msg, { "kubernetes.pod.name": r.pick(payPods), ...extra }, err),
      lbl,
    );
  };
  const AUTH = "com.acme.payments.acquirer.AuthorisationClient";
  /** returns total time and final status for checkout */
  const payment = (t: number): { ms: number; status: number; lbl: Label } => {
    const payId = `pay_${r.b62(16)}`;
    const amount = r.int(900, 25000);
    if (isOpen(t)) {
      pay(t + 2, "error", "com.acme.payments.api.PaymentController", `Payment ${payId} rejected: circuit breaker open`, { "payment.id": payId }, "error", {
        type: "io.github.resilience4j.circuitbreaker.CallNotPermittedException",
        message: "CircuitBreaker 'acquirer' is OPEN and does not permit further calls",
        stack:
          "io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'acquirer' is OPEN and does not permit further calls\n\tat io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(CallNotPermittedException.java:48)\n\tat com.acme.payments.acquirer.AuthorisationClient.authorise(AuthorisationClient.java:77)",
      });
      return { ms: r.float(4, 12), status: 503, lbl: "error" };
    }
    let tt = t + r.float(3, 8);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const o = callAcquirer(tt);
      tt += o.ms;
      if (o.kind === "ok") {
        egress(tt, o.ms, 200, "-", slowLbl(o.ms));
        const res = r.chance(0.93) ? "AUTHORISED" : "REFUSED";
        pay(
          tt + 2,
          "info",
          AUTH,
          `Acquirer authorisation completed: ${res} in ${Math.round(o.ms)} ms`,
          {
            "payment.id": payId,
            "payment.amount_minor": amount,
            "payment.currency": "EUR",
            "event.duration": Math.round(o.ms * 1e6),
            "acquirer.result": res,
            attempt,
          },
          slowLbl(o.ms),
        );
        const total = tt + 5 - t;
        return { ms: total, status: res === "AUTHORISED" ? 200 : 402, lbl: total > 2000 ? "performance" : null };
      }
      if (o.kind === "timeout") {
        egress(tt, o.ms, 504, "UT", "performance");
        if (attempt === 1) {
          pay(
            tt + 1,
            "warn",
            AUTH,
            `Acquirer call timed out after 10000 ms (attempt 1/2), retrying`,
            { "payment.id": payId, "event.duration": 10000 * 1e6 },
            "performance",
          );
          tt += 250;
          continue;
        }
        pay(tt + 1, "error", "com.acme.payments.api.PaymentController", `Payment ${payId} failed after 2 attempts`, { "payment.id": payId }, "performance", {
          type: "com.acme.payments.acquirer.AcquirerTimeoutException",
          message: "no response from acquirer within 10000 ms",
          stack:
            "com.acme.payments.acquirer.AcquirerTimeoutException: no response from acquirer within 10000 ms\n\tat com.acme.payments.acquirer.AuthorisationClient.lambda$authorise$3(AuthorisationClient.java:112)\n\tat reactor.core.publisher.Mono.timeout(Mono.java:4681)\nCaused by: java.util.concurrent.TimeoutException: Did not observe any item or terminal signal within 10000ms in 'flatMap' (and no fallback has been configured)",
        });
        return { ms: tt + 3 - t, status: 504, lbl: "performance" };
      }
      egress(tt, o.ms, 502, "-", "error");
      if (attempt === 1) {
        pay(
          tt + 1,
          "warn",
          AUTH,
          `Acquirer returned HTTP 502 Bad Gateway (attempt 1/2), retrying`,
          { "payment.id": payId, "http.response.status_code": 502 },
          "error",
        );
        tt += 250;
        continue;
      }
      pay(tt + 1, "error", "com.acme.payments.api.PaymentController", `Payment ${payId} failed after 2 attempts`, { "payment.id": payId }, "error", {
        type: "com.acme.payments.acquirer.AcquirerUnavailableException",
        message: "acquirer responded 502 Bad Gateway",
        stack:
          "com.acme.payments.acquirer.AcquirerUnavailableException: acquirer responded 502 Bad Gateway\n\tat com.acme.payments.acquirer.AuthorisationClient.mapError(AuthorisationClient.java:141)",
      });
      return { ms: tt + 3 - t, status: 502, lbl: "error" };
    }
    return { ms: tt - t, status: 500, lbl: "error" };
  };
  for (const w of cbOpen) {
    pay(
      w.a,
      "warn",
      "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
      "CircuitBreaker 'acquirer' changed state from CLOSED to OPEN",
      { "circuitbreaker.failure_rate": round(r.float(52, 78), 1) },
      "error",
    );
    pay(
      w.b,
      "info",
      "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
      "CircuitBreaker 'acquirer' changed state from OPEN to HALF_OPEN",
      {},
      "error",
    );
    pay(
      w.b + r.int(5000, 15000),
      "info",
      "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
      "CircuitBreaker 'acquirer' changed state from HALF_OPEN to CLOSED",
      {},
      "error",
    );
  }

  // ------------------------------------------------------------ checkout-web (pino-http)
  const cw: PinoBase[] = [0, 1, 2].map(() => ({ pid: 1, hostname: `checkout-web-${r.rsHash()}-${r.podSuffix()}` }));
  let rid = r.int(1, 1e6);
  const orders: { t: number; status: number }[] = [];
  for (const t of arrivals(r, T0, T1, r.float(20, 23))) {
    const b = r.pick(cw);
    const res = payment(t + 15);
    const ms = res.ms + r.float(15, 30);
    const status = res.status === 504 ? 504 : res.status === 503 ? 503 : res.status === 502 ? 502 : res.status;
    const lbl: Label = res.lbl === "error" ? "error" : res.lbl === "performance" || ms > 2000 ? "performance" : null;
    sink.add(
      t + ms,
      pino(t + ms, status >= 500 ? "error" : "info", b, "request completed", {
        req: { id: `r${(rid++).toString(36)}`, method: "POST", url: "/api/checkout/pay" },
        res: { statusCode: status },
        responseTime: Math.round(ms),
      }),
      lbl,
    );
    orders.push({ t: t + ms, status });
  }
  for (const t of arrivals(r, T0, T1, 12)) {
    const b = r.pick(cw);
    const url = r.pick([
      "/api/cart",
      "/api/cart",
      "/api/checkout/summary",
      "/api/shipping-options?country=DE",
      "/api/shipping-options?country=AT",
      "/api/addresses",
    ]);
    sink.add(
      t,
      pino(t, "info", b, "request completed", {
        req: { id: `r${(rid++).toString(36)}`, method: "GET", url },
        res: { statusCode: r.chance(0.01) ? 404 : 200 },
        responseTime: Math.round(r.logn(url.includes("shipping") ? 45 : 12, 0.4)),
      }),
    );
  }

  // ------------------------------------------------------------ order-svc (structlog): only on outcomes
  for (const o of orders) {
    const t = o.t + r.float(20, 200);
    const oid = `ord_${r.b62(12)}`;
    if (o.status === 200) {
      if (r.chance(0.45)) sink.add(t, structlog(t, "info", "order confirmed", { order_id: oid, payment_status: "AUTHORISED" }, "orders.lifecycle"));
    } else if (o.status === 504) {
      sink.add(
        t,
        structlog(
          t,
          "warn",
          "order left in PAYMENT_PENDING after acquirer timeout; status poll scheduled",
          { order_id: oid, poll_in_s: 60 },
          "orders.lifecycle",
        ),
        "performance",
      );
    }
  }

  // ------------------------------------------------------------ fraud-scoring (slog): per-minute summary
  for (const t of ticks(r, T0, T1, 60000, 1500)) {
    sink.add(
      t,
      slog(t, "info", "scoring summary", {
        window: "1m",
        scored: r.int(18, 26),
        declined: r.int(0, 2),
        review: r.int(0, 2),
        p99: Math.round(r.float(18, 35) * 1e6),
        model: "gbm-2024-11-28",
      }),
    );
  }

  // ------------------------------------------------------------ status-page poller (python logging)
  for (const t of ticks(r, T0, T1, 60000, 2000)) {
    sink.add(
      t,
      pyJson(
        t,
        "warn",
        "statuspoller.acquirer",
        `${acq} status: degraded_performance - Elevated authorisation latency for card payments in EU (since ${hms(sinceT)} UTC)`,
        { component: "card-authorisations", indicator: "minor" },
      ),
      "performance",
    );
  }

  // ------------------------------------------------------------ cart-svc (zap): unaffected background
  const carts = [0, 1].map(() => `cart-svc-${r.rsHash()}-${r.podSuffix()}`);
  for (const t of arrivals(r, T0, T1, 10)) {
    const m = r.chance(0.6) ? "GET" : "PUT";
    sink.add(
      t,
      zap(t, "info", "handled", {
        logger: "http",
        caller: "server/http.go:118",
        fields: { method: m, path: `/v1/carts/${r.uuid()}`, status: 200, duration_ms: round(r.logn(m === "GET" ? 3 : 7, 0.4), 2), pod: r.pick(carts) },
      }),
    );
  }
  for (const t of arrivals(r, T0, T1, 0.2)) {
    sink.add(
      t,
      zap(t, "warn", "cart item price changed since added", {
        logger: "pricing",
        caller: "cart/reprice.go:64",
        fields: { sku: `SKU-${r.int(10000, 99999)}`, pod: r.pick(carts) },
      }),
    );
  }

  return sink.build(
    "psp-degraded-whole-window",
    "The card acquirer is degraded for the whole window (it began earlier): multi-second authorisations, timeouts, 502s and circuit-breaker trips slow or fail checkout, except for a short healthy stretch in the middle.",
  );
}
