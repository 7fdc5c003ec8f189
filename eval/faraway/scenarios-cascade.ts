// Micro-services whose trouble travels from one service to its callers.

import type { Scenario } from "../blind/types.js";
import { MIN, SEC, startTime } from "./clock.js";
import { pino, type PinoBase, type PinoLevel, zap } from "./formats.js";
import { every, Incident, type Label, poisson, poissonVar, round } from "./incident.js";
import type { Rng } from "./rng.js";
import { nodeStack, podName, shortId, sku } from "./vocab.js";

/**
 * inventory-service's Postgres pool is exhausted by one long query; its stock checks time out,
 * checkout fails reservations and answers 503, cart degrades gracefully, the gateway reports
 * 502/503 and slow requests. pino / pino-http lines.
 */
export function checkoutCascade(rng: Rng): Scenario {
  const start = startTime(rng, 10, 19);
  const inc = new Incident(start, start + rng.int(60, 72) * MIN);
  const onset = inc.at(rng.float(0.45, 0.6));
  const recover = onset + rng.float(7, 11) * MIN;
  const pods = (service: string, n: number): PinoBase[] => Array.from({ length: n }, () => ({ pid: 1, hostname: podName(rng, service), service }));
  const gw = pods("edge-gateway", 3);
  const checkout = pods("checkout-service", 2);
  const inventory = pods("inventory-service", 2);
  const cart = pods("cart-service", 2);
  const users = pods("user-service", 2);

  /** how bad inventory's pool is at t: 0 healthy, up to 0.9 */
  const trouble = (t: number): number => {
    if (t < onset || t >= recover) return 0;
    const rampUp = Math.min(1, (t - onset) / (70 * SEC));
    const rampDown = Math.min(1, (recover - t) / (40 * SEC));
    return 0.9 * Math.min(rampUp, rampDown);
  };

  const http = (
    t: number,
    pod: PinoBase,
    reqId: string,
    method: string,
    url: string,
    status: number,
    rt: number,
    label: Label,
    extra: Record<string, unknown> = {},
  ): void => {
    const level: PinoLevel = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    const msg = extra.err ? "request errored" : "request completed";
    inc.add(
      t,
      pino(
        t,
        level,
        pod,
        { req: { id: reqId, method, url, remoteAddress: `::ffff:${rng.ip("10.42")}` }, res: { statusCode: status }, responseTime: Math.round(rt), ...extra },
        msg,
      ),
      label,
    );
  };

  /** an inventory request at t0 (start); logs it, returns its latency and whether it failed */
  const inventoryCall = (t0: number, reqId: string, method: string, url: string, base: number): { rt: number; failed: boolean } => {
    const pod = rng.pick(inventory);
    const p = trouble(t0);
    if (p > 0 && rng.chance(p)) {
      if (rng.chance(0.45)) {
        const rt = 5000 + rng.float(1, 30);
        http(t0 + rt, pod, reqId, method, url, 500, rt, "performance", {
          err: {
            type: "Error",
            message: "timeout exceeded when trying to connect",
            stack: nodeStack("Error: timeout exceeded when trying to connect", [
              "/app/node_modules/pg-pool/index.js:45:11",
              "async StockRepository.findBySku (/app/dist/stock/repository.js:31:22)",
              "async /app/dist/stock/routes.js:18:19",
            ]),
          },
        });
        return { rt, failed: true };
      }
      const rt = Math.min(4950, rng.logn(2800, 0.45));
      http(t0 + rt, pod, reqId, method, url, method === "POST" ? 201 : 200, rt, rt > 600 ? "performance" : null);
      return { rt, failed: false };
    }
    const rt = rng.logn(base, 0.4) * (p > 0 ? 2 : 1);
    http(t0 + rt, pod, reqId, method, url, method === "POST" ? 201 : 200, rt, null);
    return { rt, failed: false };
  };

  poisson(rng, inc.start, inc.end, rng.float(0.45, 0.6), (t) => {
    const reqId = rng.uuid();
    const user = rng.int(100000, 999999);
    const route = rng.weighted([
      ["list", 30],
      ["product", 18],
      ["cart", 14],
      ["addItem", 8],
      ["stock", 7],
      ["checkout", 5],
      ["me", 12],
      ["refresh", 6],
    ] as const);
    const g = rng.pick(gw);
    const hop = rng.logn(4, 0.3);
    switch (route) {
      case "list": {
        const rt = rng.logn(48, 0.45);
        http(t + rt, g, reqId, "GET", `/api/products?page=${rng.int(1, 12)}&sort=${rng.pick(["popular", "price_asc", "new"])}`, 200, rt, null);
        break;
      }
      case "product": {
        const rt = rng.logn(31, 0.4);
        http(t + rt, g, reqId, "GET", `/api/products/${sku(rng)}`, rng.chance(0.02) ? 404 : 200, rt, null);
        break;
      }
      case "cart": {
        const d = rng.logn(18, 0.4);
        http(t + hop + d, rng.pick(cart), reqId, "GET", `/carts/${user}`, 200, d, null);
        http(t + 2 * hop + d, g, reqId, "GET", "/api/cart", 200, d + 2 * hop, null);
        break;
      }
      case "addItem": {
        const c = rng.pick(cart);
        const s = sku(rng);
        const inv = inventoryCall(t + hop + 3, reqId, "GET", `/stock/${s}`, 12);
        let d: number;
        let label: Label = null;
        if (inv.failed || inv.rt > 2000) {
          d = 2000 + rng.float(8, 25);
          inc.add(
            t + hop + d - 2,
            pino(
              t + hop + d - 2,
              "warn",
              c,
              { reqId, sku: s, err: { type: "TimeoutError", message: "The operation was aborted due to timeout" } },
              "stock check failed, accepting item optimistically",
            ),
            "performance",
          );
          label = "performance";
        } else {
          d = inv.rt + rng.logn(14, 0.3);
          if (d > 700) label = "performance";
        }
        http(t + hop + d, c, reqId, "POST", `/carts/${user}/items`, 201, d, label);
        http(t + 2 * hop + d, g, reqId, "POST", "/api/cart/items", 201, d + 2 * hop, label);
        break;
      }
      case "stock": {
        const s = sku(rng);
        const inv = inventoryCall(t + hop, reqId, "GET", `/stock/${s}`, 12);
        const rt = inv.rt + 2 * hop;
        if (inv.failed) http(t + rt, g, reqId, "GET", `/api/inventory/${s}`, 502, rt, "error", { upstream: "inventory-service" });
        else http(t + rt, g, reqId, "GET", `/api/inventory/${s}`, 200, rt, inv.rt > 600 ? "performance" : null);
        break;
      }
      case "checkout": {
        const c = rng.pick(checkout);
        const u = rng.logn(14, 0.35);
        http(t + hop + u, rng.pick(users), reqId, "GET", `/users/${user}`, 200, u, null);
        const inv = inventoryCall(t + hop + u + 2, reqId, "POST", "/reservations", 35);
        if (inv.failed || inv.rt > 3000) {
          const d = u + 3000 + rng.float(5, 20);
          inc.add(
            t + hop + d - 1,
            pino(
              t + hop + d - 1,
              "error",
              c,
              {
                reqId,
                orderDraftId: shortId(rng, "od", 10),
                items: rng.int(1, 5),
                elapsedMs: 3001,
                err: {
                  type: "TimeoutError",
                  message: "The operation was aborted due to timeout",
                  stack: nodeStack("TimeoutError: The operation was aborted due to timeout", [
                    "node:internal/deps/undici/undici:13185:13",
                    "async InventoryClient.reserve (/app/dist/clients/inventory.js:58:21)",
                    "async CheckoutService.place (/app/dist/checkout/service.js:112:9)",
                  ]),
                },
              },
              "inventory reservation failed",
            ),
            "performance",
          );
          http(t + hop + d, c, reqId, "POST", "/checkouts", 503, d, "error", { code: "INVENTORY_UNAVAILABLE" });
          http(t + 2 * hop + d, g, reqId, "POST", "/api/checkout", 503, d + 2 * hop, "error", { upstream: "checkout-service" });
        } else {
          const pay = rng.logn(140, 0.3);
          const d = u + inv.rt + pay + rng.logn(12, 0.3);
          const label: Label = inv.rt > 600 ? "performance" : null;
          const order = `ORD-${rng.int(1000000, 9999999)}`;
          inc.add(
            t + hop + d - 1,
            pino(t + hop + d - 1, "info", c, { reqId, orderId: order, items: rng.int(1, 5), totalCents: rng.int(899, 45999), currency: "EUR" }, "order placed"),
          );
          http(t + hop + d, c, reqId, "POST", "/checkouts", 201, d, label);
          http(t + 2 * hop + d, g, reqId, "POST", "/api/checkout", 201, d + 2 * hop, label);
        }
        break;
      }
      case "me": {
        const d = rng.logn(15, 0.35);
        http(t + hop + d, rng.pick(users), reqId, "GET", "/users/me", 200, d, null);
        http(t + 2 * hop + d, g, reqId, "GET", "/api/me", 200, d + 2 * hop, null);
        break;
      }
      case "refresh": {
        const d = rng.logn(38, 0.3);
        const status = rng.chance(0.04) ? 401 : 200;
        http(t + hop + d, rng.pick(users), reqId, "POST", "/tokens/refresh", status, d, null);
        http(t + 2 * hop + d, g, reqId, "POST", "/api/auth/refresh", status, d + 2 * hop, null);
        break;
      }
    }
  });

  // load balancer health checks against the gateway pods
  for (const g of gw)
    every(rng, inc.start, inc.end, 30 * SEC, 300, (t) => http(t, g, String(rng.int(1, 99999)), "GET", "/healthz", 200, rng.float(0.4, 2.5), null));

  // inventory: pool statistics, warehouse sync, and the pool monitor during the incident
  for (const pod of inventory) {
    every(rng, inc.start, inc.end, 60 * SEC, 500, (t) => {
      const p = trouble(t);
      if (p > 0.2) inc.add(t, pino(t, "info", pod, { totalCount: 20, idleCount: 0, waitingCount: rng.int(18, 64) }, "pg pool stats"), "performance");
      else inc.add(t, pino(t, "info", pod, { totalCount: rng.int(6, 12), idleCount: rng.int(3, 9), waitingCount: 0 }, "pg pool stats"));
    });
    poisson(rng, onset + 20 * SEC, recover - 30 * SEC, 1 / 6, (t) => {
      inc.add(
        t,
        pino(
          t,
          "warn",
          pod,
          { totalCount: 20, idleCount: 0, waitingCount: rng.int(22, 71), maxWaitMs: rng.int(3000, 5000) },
          "pg pool exhausted, requests are queueing",
        ),
        "performance",
      );
    });
  }
  every(rng, inc.start, inc.end, 2 * MIN, 2000, (t) => {
    const slow = trouble(t) > 0.2;
    const d = slow ? rng.logn(14000, 0.3) : rng.logn(850, 0.3);
    inc.add(
      t + d,
      pino(t + d, "info", rng.pick(inventory), { job: "warehouse-sync", updates: rng.int(40, 260), durationMs: Math.round(d) }, "warehouse stock sync applied"),
      slow ? "performance" : null,
    );
  });
  const hog = rng.pick(inventory);
  inc.add(
    recover - 8 * SEC,
    pino(
      recover - 8 * SEC,
      "warn",
      hog,
      {
        durationMs: Math.round(recover - 8 * SEC - onset + 40 * SEC),
        rows: rng.int(2_000_000, 9_000_000),
        query:
          "SELECT m.sku, w.region, sum(m.qty) AS moved FROM stock_movements m JOIN warehouses w ON w.id = m.warehouse_id WHERE m.created_at > $1 GROUP BY m.sku, w.region",
        caller: "GET /admin/reports/movements",
      },
      "slow query",
    ),
    "performance",
  );
  inc.add(recover + 5 * SEC, pino(recover + 5 * SEC, "info", hog, { totalCount: 20, idleCount: 14, waitingCount: 0 }, "pg pool drained its queue"));

  // routine chatter elsewhere
  every(rng, inc.start, inc.end, 10 * MIN, 5000, (t) =>
    inc.add(t, pino(t, "info", rng.pick(users), { keys: 3, url: "https://auth.internal/.well-known/jwks.json" }, "jwks refreshed")),
  );
  poisson(rng, inc.start, inc.end, 1 / 170, (t) => {
    inc.add(
      t,
      pino(
        t,
        "error",
        rng.pick(checkout),
        { err: { type: "AxiosError", message: "Request failed with status code 429", code: "ERR_BAD_REQUEST" }, event: "checkout_started" },
        "failed to send analytics event",
      ),
    );
  });
  poisson(rng, inc.start, inc.end, 1 / 90, (t) => {
    inc.add(
      t,
      pino(
        t,
        "warn",
        rng.pick(cart),
        { code: rng.pick(["SUMMER10", "WELCOME5", "FREESHIP", "BLACKFRIDAY", "XMAS24"]), status: 404 },
        "coupon lookup returned no match",
      ),
    );
  });

  return inc.build(
    "checkout-inventory-pool-cascade",
    "inventory's Postgres pool is exhausted by one long query; stock checks time out, checkout returns 503, cart degrades, gateway reports 502/slow (pino-http)",
  );
}

/**
 * payments-service retries ledger calls; a ledger deploy makes it slow, retries go from a couple a
 * minute to ~20x that, the circuit breaker opens, payments slow down. zap production JSON.
 */
export function ledgerRetryStorm(rng: Rng): Scenario {
  const start = startTime(rng, 8, 20);
  const inc = new Incident(start, start + rng.int(50, 65) * MIN);
  const onset = inc.at(rng.float(0.5, 0.62));
  const stormEnd = onset + rng.float(5, 7) * MIN;
  const storming = (t: number): boolean => t >= onset && t < stormEnd;
  const payHosts = [`payments-7f9c6d9b8-${rng.alnum(5)}`, `payments-7f9c6d9b8-${rng.alnum(5)}`, `payments-7f9c6d9b8-${rng.alnum(5)}`];
  const ledgerHosts = [`ledger-5b7d4c8f6-${rng.alnum(5)}`, `ledger-5b7d4c8f6-${rng.alnum(5)}`];
  const baseRetryRate = rng.float(1.5, 2.5) / 60; // per second, across all pods

  // payment authorisations
  poisson(rng, inc.start, inc.end, rng.float(0.55, 0.65), (t) => {
    const host = rng.pick(payHosts);
    const storm = storming(t);
    const ledgerMs = storm ? rng.logn(900, 0.6) : rng.logn(22, 0.35);
    const total = ledgerMs + rng.logn(95, 0.3) + (storm && rng.chance(0.5) ? rng.float(200, 1600) : 0);
    const failed = storm && rng.chance(0.18);
    const fields = {
      service: "payments",
      host,
      request_id: rng.uuid(),
      method: "POST",
      path: "/v1/payments/authorize",
      merchant: `m_${rng.int(1000, 9999)}`,
      amount_minor: rng.int(100, 250000),
      status: failed ? 503 : 200,
      latency: round(total / 1000, 6),
    };
    const label: Label = failed ? "error" : storm && total > 600 ? "performance" : null;
    inc.add(
      t + total,
      zap(
        t + total,
        failed ? "error" : "info",
        "httpx/middleware.go:87",
        failed ? "request failed" : "request served",
        failed ? { ...fields, error: "ledger: circuit breaker is open" } : fields,
      ),
      label,
    );
  });

  // ledger's own request lines and its slowness after the deploy
  poisson(rng, inc.start, inc.end, rng.float(0.35, 0.45), (t) => {
    const storm = storming(t);
    const d = storm ? rng.logn(1100, 0.7) : rng.logn(18, 0.35);
    const timeout = storm && d > 2000;
    const fields = {
      service: "ledger",
      host: rng.pick(ledgerHosts),
      method: "POST",
      path: "/internal/v2/entries",
      status: timeout ? 503 : 201,
      latency: round(Math.min(d, 2000) / 1000, 6),
    };
    inc.add(
      t + d,
      zap(t + d, timeout ? "warn" : "info", "server/http.go:211", timeout ? "request timed out waiting for entries_lock" : "request served", fields),
      timeout ? "performance" : storm && d > 400 ? "performance" : null,
    );
  });
  inc.add(
    onset - 25 * SEC,
    zap(onset - 25 * SEC, "info", "cmd/ledger/main.go:64", "starting ledger", {
      service: "ledger",
      host: ledgerHosts[0],
      version: "v3.18.0",
      commit: rng.hex(7),
      go: "go1.22.5",
    }),
  );
  inc.add(
    onset - 20 * SEC,
    zap(onset - 20 * SEC, "info", "store/migrate.go:40", "schema up to date", { service: "ledger", host: ledgerHosts[0], version: 212 }),
  );

  // the retry line: routine at a low rate, ~20x during the storm
  poissonVar(
    rng,
    inc.start,
    inc.end,
    baseRetryRate * 24,
    (t) => (storming(t) ? baseRetryRate * 22 : baseRetryRate),
    (t) => {
      const storm = storming(t);
      const attempt = storm ? rng.int(1, 4) : 1;
      const host = rng.pick(payHosts);
      const cause = storm
        ? rng.pick(["context deadline exceeded", "ledger returned 503", "ledger returned 503"])
        : rng.pick(["ledger returned 503", "connection reset by peer"]);
      inc.add(
        t,
        zap(t, "warn", "ledger/client.go:142", "retrying ledger request", {
          service: "payments",
          host,
          attempt,
          backoff: round(0.1 * 2 ** (attempt - 1) * rng.float(0.8, 1.2), 3),
          cause,
        }),
        storm ? "pattern" : null,
      );
    },
  );

  // the breaker opens and closes
  const open1 = onset + rng.float(2.5, 4) * MIN;
  for (const host of payHosts) {
    const o = open1 + rng.float(0, 20) * SEC;
    inc.add(
      o,
      zap(o, "error", "breaker/breaker.go:77", "circuit breaker state changed", {
        service: "payments",
        host,
        breaker: "ledger",
        from: "closed",
        to: "open",
        failures: rng.int(50, 80),
        window: "10s",
      }),
      "error",
    );
    let t = o;
    while (t < stormEnd) {
      t += 30 * SEC;
      const closing = t >= stormEnd;
      inc.add(
        t,
        zap(t, "info", "breaker/breaker.go:77", "circuit breaker state changed", {
          service: "payments",
          host,
          breaker: "ledger",
          from: "open",
          to: "half-open",
        }),
        "pattern",
      );
      const t2 = t + rng.float(1, 4) * SEC;
      inc.add(
        t2,
        zap(t2, closing ? "info" : "warn", "breaker/breaker.go:77", "circuit breaker state changed", {
          service: "payments",
          host,
          breaker: "ledger",
          from: "half-open",
          to: closing ? "closed" : "open",
        }),
        closing ? null : "pattern",
      );
    }
  }

  // routine background: settlement batch, fx cache, metrics flush, a noisy deprecation error
  every(rng, inc.start, inc.end, 60 * SEC, 800, (t) =>
    inc.add(
      t,
      zap(t, "info", "fx/cache.go:55", "fx rates refreshed", { service: "payments", host: rng.pick(payHosts), pairs: 164, age: round(rng.float(0.2, 1.5), 3) }),
    ),
  );
  every(rng, inc.start, inc.end, 5 * MIN, 3000, (t) => {
    const n = rng.int(300, 1200);
    inc.add(
      t,
      zap(t, "info", "settlement/batch.go:118", "settlement batch submitted", {
        service: "payments",
        host: payHosts[0],
        entries: n,
        latency: round(rng.logn(1.4, 0.3), 3),
      }),
    );
  });
  poisson(rng, inc.start, inc.end, 1 / 75, (t) => {
    inc.add(
      t,
      zap(t, "error", "webhooks/dispatch.go:203", "webhook delivery failed", {
        service: "payments",
        host: rng.pick(payHosts),
        merchant: `m_${rng.int(1000, 9999)}`,
        url: `https://${rng.pick(["hooks", "api", "shop"])}.merchant-${rng.int(10, 99)}.example/payments`,
        status: rng.pick([404, 410, 500, 502]),
        attempt: rng.int(1, 8),
        will_retry: true,
      }),
    );
  });
  poisson(rng, inc.start, inc.end, 1 / 40, (t) => {
    inc.add(
      t,
      zap(t, "debug", "ledger/pool.go:66", "ledger connection pool", {
        service: "payments",
        host: rng.pick(payHosts),
        idle: rng.int(2, 8),
        in_use: rng.int(0, 4),
      }),
    );
  });

  return inc.build(
    "ledger-retry-storm",
    "after a ledger deploy its latency rises, payments' retry line goes from ~2/min to ~20x, the breaker flaps; routine retries and webhook errors stay normal (zap)",
  );
}
