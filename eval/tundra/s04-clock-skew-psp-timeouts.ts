/*
 * clock-skew-psp-timeouts
 *
 * A checkout platform: checkout-api (Node, pino), payment-gateway (Go, zap),
 * fraud-scorer (Python) and order-sync (Spring Boot, logstash JSON), plus a
 * ledger-writer (Go, slog). The host running order-sync has a broken NTP
 * setup: its clock runs 4-7 minutes behind everyone else. Entries are stored in
 * the order the collector received them, so order-sync's timestamps jump back
 * by several minutes every time one of its lines arrives.
 *
 * The incident: payment-gateway's card processor (PSP) starts hanging. The
 * gateway's authorise calls time out at 10 s or crawl, a minority fail with
 * 503 from the PSP, then the gateway's circuit breaker opens and it rejects
 * authorisations fast until a half-open probe succeeds. Callers see it too:
 * checkout-api requests time out at 12 s or get 503s, and order-sync's capture
 * calls time out or get 503s (with its skewed timestamps, these appear to
 * happen several minutes before the gateway started failing).
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number; // arrival (true) time
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const iso = (t: number): string => new Date(Math.floor(t)).toISOString();
const isoOffset = (t: number): string => iso(t).replace("Z", "+00:00");
const pyTimestamp = (t: number): string => iso(t).replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};

type Phase = "normal" | "hanging" | "open" | "halfopen";

export function s04ClockSkewPspTimeouts(seed: number): Scenario {
  const r = rng(seed, "tundra/s04");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(8, 21), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(55, 75) * 60_000;
  const end = start + windowMs;
  const skewMs = r.int(240, 420) * 1000 + r.int(0, 999);
  const incAt = start + windowMs * r.float(0.35, 0.62);
  const hangMs = r.int(200, 330) * 1000;
  const openAt = incAt + hangMs;
  const openMs = r.int(120, 240) * 1000;
  const closeAt = openAt + openMs;
  const tClosed = closeAt + r.int(300, 900);
  const phase = (t: number): Phase => {
    if (t < incAt || t >= tClosed) return "normal";
    if (t < openAt) return "hanging";
    if (t < closeAt) return "open";
    return "halfopen";
  };

  // --- producers ---
  const coHosts = [0, 1, 2].map(() => `checkout-api-${r.hex(10)}-${r.alnum(5)}`);
  const co = (t: number, level: number, msg: string, extra: Record<string, unknown>, host?: string): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: host ?? r.pick(coHosts),
    service: "checkout-api",
    ...extra,
    msg,
  });
  const pgPods = [0, 1].map(() => `payment-gateway-${r.hex(10)}-${r.alnum(5)}`);
  const pg = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller,
    msg,
    service: "payment-gateway",
    pod: r.pick(pgPods),
    ...fields,
  });
  const fraud = (t: number, levelname: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name: "fraud.scoring",
    message,
    service: "fraud-scorer",
    ...extra,
    timestamp: pyTimestamp(t),
  });
  const osThreads = Array.from({ length: 4 }, (_, i) => `capture-worker-${i + 1}`);
  // order-sync writes its own (skewed) clock into @timestamp
  const os = (trueT: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "@timestamp": isoOffset(trueT - skewMs),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: logger.endsWith("CaptureScheduler") ? "scheduling-1" : r.pick(osThreads),
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "order-sync",
    host: "ip-10-20-7-41.eu-west-1.compute.internal",
    ...extra,
  });

  const pspUrl = "https://checkout-live.psp.example/v71/payments";
  const pspTimeoutErr = `Post "${pspUrl}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;

  // gateway handling of one authorise/capture call; returns outcome for the caller
  const gatewayCall = (t: number, op: "authorise" | "capture", ref: string): { status: number; ms: number; label: AnomalyType | null } => {
    const ph = phase(t);
    const path = op === "authorise" ? "/v1/authorise" : "/v1/capture";
    const reqId = r.hex(16);
    if (ph === "normal") {
      const psp = r.logn(op === "authorise" ? 320 : 180, 0.35);
      const ms = psp + r.float(3, 12);
      push(
        t + psp,
        pg(t + psp, "info", "psp/client.go:143", `psp ${op} ok`, {
          request_id: reqId,
          ref,
          psp_status: 200,
          result:
            op === "authorise"
              ? r.weighted([
                  ["Authorised", 96],
                  ["Refused", 4],
                ] as const)
              : "Received",
          psp_latency_ms: Math.round(psp),
        }),
      );
      push(t + ms, pg(t + ms, "info", "httpapi/log.go:52", "request", { request_id: reqId, method: "POST", path, status: 200, latency_ms: Math.round(ms) }));
      return { status: 200, ms, label: null };
    }
    if (ph === "hanging") {
      const roll = r.next();
      if (roll < 0.6) {
        const ms = 10_000 + r.float(2, 40);
        push(
          t + ms,
          pg(t + ms, "error", "psp/client.go:151", "psp call failed", { request_id: reqId, ref, op, error: pspTimeoutErr, psp_latency_ms: Math.round(ms) }),
          "performance",
        );
        push(
          t + ms + 1,
          pg(t + ms + 1, "warn", "httpapi/log.go:52", "request", { request_id: reqId, method: "POST", path, status: 504, latency_ms: Math.round(ms + 1) }),
          "performance",
        );
        return { status: 504, ms: ms + 1, label: "performance" };
      } else if (roll < 0.85) {
        const psp = r.float(2800, 9200);
        push(
          t + psp,
          pg(t + psp, "info", "psp/client.go:143", `psp ${op} ok`, {
            request_id: reqId,
            ref,
            psp_status: 200,
            result: op === "authorise" ? "Authorised" : "Received",
            psp_latency_ms: Math.round(psp),
          }),
          "performance",
        );
        push(
          t + psp + 4,
          pg(t + psp + 4, "info", "httpapi/log.go:52", "request", { request_id: reqId, method: "POST", path, status: 200, latency_ms: Math.round(psp + 4) }),
          "performance",
        );
        return { status: 200, ms: psp + 4, label: "performance" };
      } else {
        const psp = r.float(400, 2500);
        push(
          t + psp,
          pg(t + psp, "error", "psp/client.go:160", "psp call failed", {
            request_id: reqId,
            ref,
            op,
            error: 'unexpected status 503 Service Unavailable: {"status":503,"errorCode":"000","message":"Unable to process request","errorType":"internal"}',
            psp_latency_ms: Math.round(psp),
          }),
          "error",
        );
        push(
          t + psp + 2,
          pg(t + psp + 2, "error", "httpapi/log.go:52", "request", { request_id: reqId, method: "POST", path, status: 502, latency_ms: Math.round(psp + 2) }),
          "error",
        );
        return { status: 502, ms: psp + 2, label: "error" };
      }
    }
    // breaker open: fail fast
    const ms = r.float(0.3, 2);
    push(
      t + ms,
      pg(t + ms, "warn", "httpapi/log.go:52", "request", {
        request_id: reqId,
        method: "POST",
        path,
        status: 503,
        latency_ms: Number(ms.toFixed(2)),
        error: "circuit breaker psp-eu is open",
      }),
      "error",
    );
    return { status: 503, ms, label: "error" };
  };

  // breaker transitions
  push(
    openAt,
    pg(openAt, "error", "breaker/breaker.go:88", "circuit breaker state changed", {
      breaker: "psp-eu",
      from: "closed",
      to: "open",
      failure_ratio: Number(r.float(0.62, 0.83).toFixed(2)),
      window_calls: 50,
    }),
    "error",
  );
  const probes = Math.max(1, Math.floor(openMs / 30_000));
  for (let i = 1; i <= probes; i++) {
    const tp = openAt + i * 30_000;
    if (tp >= closeAt - 12_000) break;
    push(tp, pg(tp, "warn", "breaker/breaker.go:88", "circuit breaker state changed", { breaker: "psp-eu", from: "open", to: "half-open" }), "error");
    push(
      tp + 10_003,
      pg(tp + 10_003, "error", "breaker/breaker.go:101", "half-open probe failed, reopening", { breaker: "psp-eu", error: pspTimeoutErr }),
      "performance",
    );
  }
  push(closeAt, pg(closeAt, "warn", "breaker/breaker.go:88", "circuit breaker state changed", { breaker: "psp-eu", from: "open", to: "half-open" }), "error");
  push(tClosed, pg(tClosed, "info", "breaker/breaker.go:88", "circuit breaker state changed", { breaker: "psp-eu", from: "half-open", to: "closed" }));

  // --- checkout-api traffic ---
  for (let t = start + r.exp(3000); t < end; t += r.exp(r.float(3300, 3900))) {
    const kind = r.weighted([
      ["checkout", 35],
      ["cart", 30],
      ["shipping", 20],
      ["coupon", 15],
    ] as const);
    const host = r.pick(coHosts);
    const reqId = r.uuid();
    if (kind !== "checkout") {
      const [method, url, med] =
        kind === "cart" ? ["GET", "/api/cart", 38] : kind === "shipping" ? ["POST", "/api/shipping/quote", 95] : ["POST", "/api/cart/coupon", 44];
      const ms = Math.round(r.logn(med as number, 0.35));
      const bad = kind === "coupon" && r.chance(0.12);
      push(
        t + ms,
        co(t + ms, bad ? 40 : 30, "request completed", { reqId, req: { method, url }, res: { statusCode: bad ? 422 : 200 }, responseTime: ms }, host),
      );
      continue;
    }
    const orderRef = `ORD-${r.int(2_000_000, 2_999_999)}`;
    // fraud score first
    const fs = r.logn(18, 0.3);
    const score = r.chance(0.97) ? r.float(0.01, 0.4) : r.float(0.6, 0.95);
    push(
      t + fs,
      fraud(
        t + fs,
        score > 0.8 ? "WARNING" : "INFO",
        `score=${score.toFixed(3)} decision=${score > 0.8 ? "review" : "accept"} order=${orderRef} rules_hit=${score > 0.5 ? r.int(2, 5) : r.int(0, 1)} took ${fs.toFixed(1)}ms`,
      ),
    );
    const tg = t + fs + r.float(2, 6);
    const res = gatewayCall(tg, "authorise", orderRef);
    if (res.status === 504 || (res.status === 200 && res.ms > 12_000)) {
      // checkout's own 12 s timeout fires before the gateway's 504 reaches it
      const tt = tg + 12_000;
      push(
        tt,
        co(
          tt,
          50,
          "payment authorisation failed",
          {
            reqId,
            order: orderRef,
            err: {
              type: "TimeoutError",
              message: "payment-gateway did not respond within 12000ms",
              stack:
                "TimeoutError: payment-gateway did not respond within 12000ms\n    at PaymentClient.authorise (/app/dist/payments/client.js:88:19)\n    at async CheckoutService.placeOrder (/app/dist/checkout/service.js:142:25)",
            },
          },
          host,
        ),
        "performance",
      );
      push(
        tt + 3,
        co(
          tt + 3,
          50,
          "request completed",
          { reqId, req: { method: "POST", url: "/api/checkout" }, res: { statusCode: 504 }, responseTime: Math.round(tt + 3 - t) },
          host,
        ),
        "performance",
      );
    } else if (res.status >= 500) {
      const tt = tg + res.ms + r.float(1, 4);
      push(
        tt,
        co(
          tt,
          50,
          "payment authorisation failed",
          {
            reqId,
            order: orderRef,
            err: {
              type: "HTTPError",
              message: `Response code ${res.status} (${res.status === 503 ? "Service Unavailable" : "Bad Gateway"})`,
              statusCode: res.status,
            },
          },
          host,
        ),
        "error",
      );
      push(
        tt + 2,
        co(
          tt + 2,
          50,
          "request completed",
          { reqId, req: { method: "POST", url: "/api/checkout" }, res: { statusCode: 503 }, responseTime: Math.round(tt + 2 - t) },
          host,
        ),
        "error",
      );
    } else {
      const tt = tg + res.ms + r.float(8, 30);
      push(
        tt,
        co(
          tt,
          30,
          "request completed",
          { reqId, req: { method: "POST", url: "/api/checkout" }, res: { statusCode: 201 }, responseTime: Math.round(tt - t) },
          host,
        ),
        res.label,
      );
    }
  }

  // --- order-sync: capture scheduler (skewed clock) ---
  for (let t = start + r.int(0, 20_000); t < end; t += 20_000 + r.int(-30, 30)) {
    const n = r.int(1, 3);
    push(t, os(t, "INFO", "com.acme.ordersync.CaptureScheduler", `Polled ${n} orders ready for capture`));
    let tc = t + r.int(20, 200);
    for (let i = 0; i < n; i++) {
      const orderRef = `ORD-${r.int(2_000_000, 2_999_999)}`;
      const res = gatewayCall(tc, "capture", orderRef);
      if (res.status === 504 || res.ms > 8000) {
        const tt = tc + 8000;
        push(
          tt,
          os(tt, "WARN", "com.acme.ordersync.capture.CaptureService", `Capture failed for order ${orderRef}, rescheduling in 60s (attempt ${r.int(1, 3)}/5)`, {
            stack_trace:
              "java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)\n\tat org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)\n\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:891)\n\tat com.acme.ordersync.capture.GatewayClient.capture(GatewayClient.java:64)\n\t... 12 common frames omitted",
          }),
          "performance",
        );
        tc = tt + r.int(5, 40);
      } else if (res.status >= 500) {
        const tt = tc + res.ms + r.float(1, 5);
        push(
          tt,
          os(
            tt,
            "ERROR",
            "com.acme.ordersync.capture.CaptureService",
            `Capture failed for order ${orderRef}: ${res.status} ${res.status === 503 ? "Service Unavailable" : "Bad Gateway"} from payment-gateway, rescheduling in 60s`,
            {
              stack_trace: `org.springframework.web.client.HttpServerErrorException$${res.status === 503 ? "ServiceUnavailable: 503 Service Unavailable" : "BadGateway: 502 Bad Gateway"}: [no body]\n\tat org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:116)\n\tat org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:183)\n\tat com.acme.ordersync.capture.GatewayClient.capture(GatewayClient.java:64)\n\t... 12 common frames omitted`,
            },
          ),
          "error",
        );
        tc = tt + r.int(5, 40);
      } else {
        const tt = tc + res.ms + r.float(2, 8);
        push(
          tt,
          os(
            tt,
            "INFO",
            "com.acme.ordersync.capture.CaptureService",
            `Captured payment for order ${orderRef} via payment-gateway in ${Math.round(tt - tc)} ms`,
          ),
          res.label,
        );
        // ledger entry
        const tl = tt + r.float(5, 60);
        push(tl, {
          time: iso(tl),
          level: "INFO",
          msg: "ledger entry written",
          service: "ledger-writer",
          order: orderRef,
          entry_id: r.uuid(),
          amount_minor: r.int(599, 45_000),
          currency: r.pick(["EUR", "EUR", "GBP", "PLN"]),
        });
        tc = tt + r.int(5, 40);
      }
    }
  }

  // fraud-scorer housekeeping
  for (let t = start + r.int(0, 300_000); t < end; t += 300_000) {
    push(t, fraud(t, "INFO", `model reloaded: fraud-gbm v${r.pick(["41", "41", "42"])} features=212 auc=0.9${r.int(10, 40)}`));
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "clock-skew-psp-timeouts",
    description:
      "PSP hangs behind payment-gateway (timeouts, 503s, circuit opens) with checkout-api and order-sync callers failing; order-sync's clock is minutes behind and its entries arrive out of timestamp order.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
