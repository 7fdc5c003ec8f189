// Spring Boot incidents: a lock held in MySQL that creeps up into checkout and the gateway, and a
// JVM heap that fills until garbage collection thrashes and callers time out.

import type { Scenario } from "../blind/types.js";
import { arrivals, envoy, Incident, type Label, logback, nginx, PINO, pino, type Rng, rngFor, round, ticks, windowStart } from "./gen.js";

const SKUS = (rng: Rng, n: number): string[] => Array.from({ length: n }, () => `SKU-${rng.int(10000, 99999)}`);

/**
 * A long transaction holds row locks on inventory_reservations; UPDATEs wait longer and longer in
 * MySQL, checkout requests slow down, Hikari's pool runs dry and the gateway times out, until the
 * DBA kills the blocking session.
 */
export function mysqlLockCreepCascade(seed: number): Scenario {
  const name = "mysql-lock-creep-checkout-cascade";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 45 * 60_000;
  const onset = t0 + rng.int(22, 26) * 60_000; // the blocking transaction starts
  const stall = onset + rng.int(7, 9) * 60_000; // waits reach innodb_lock_wait_timeout
  const killed = stall + rng.int(5, 7) * 60_000; // the blocker is killed, traffic drains
  const skus = SKUS(rng, 60);
  const pods = ["checkout-7d9f6c5b8-2xkqp", "checkout-7d9f6c5b8-h8r4n", "checkout-7d9f6c5b8-w5zvd"];
  const thread = () => `http-nio-8080-exec-${rng.int(1, 48)}`;

  // How long a reservation UPDATE waits for its row lock at time t.
  const lockWait = (t: number): number => {
    if (t < onset || t >= killed) return 0;
    if (t < stall) return 0.4 * 2 ** ((t - onset) / 60_000) * rng.logNormal(1, 0.35) * 1000;
    return Math.min(50_000, rng.logNormal(42_000, 0.15));
  };

  // MySQL: the slow query log (long_query_time = 0.5 s: reports and exports show up all day) and the error log.
  const normalSlowQueries = [
    ["SELECT o.*, l.* FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.customer_id = ? ORDER BY o.created_at DESC", 0.7],
    ["SELECT sku, SUM(qty) FROM order_lines WHERE created_at >= ? GROUP BY sku", 1.4],
    ["SELECT * FROM customers WHERE email LIKE ? LIMIT 50", 0.9],
    ["INSERT INTO order_events (order_id, kind, payload) SELECT id, 'export', JSON_OBJECT(...) FROM orders WHERE exported_at IS NULL", 1.1],
  ] as const;
  for (const t of arrivals(rng, t0, end, 0.05)) {
    const [sql, median] = rng.pick(normalSlowQueries);
    const q = Math.max(0.5, rng.logNormal(median, 0.35));
    inc.add(t, mysqlSlow(rng, t, sql, q, rng.chance(0.1) ? rng.next() * 0.01 : 0, rng.int(1, 200), rng.int(1000, 400_000)));
  }
  for (const t of arrivals(rng, t0, end, 0.012)) {
    inc.add(t, {
      timestamp: new Date(t).toISOString().replace("Z", "000Z"),
      service: "orders-mysql",
      level: "Note",
      message: `Aborted connection ${rng.int(40_000, 60_000)} to db: 'orders' user: 'reporting' host: '10.20.${rng.int(1, 9)}.${rng.int(2, 250)}' (Got timeout reading communication packets)`,
      err_code: "MY-010914",
      subsystem: "Server",
    });
  }
  // The reservation UPDATEs that waited on the lock long enough to reach the slow log.
  for (const t of arrivals(rng, onset, killed, 0.35)) {
    const wait = lockWait(t);
    const q = wait / 1000 + rng.logNormal(0.004, 0.4);
    if (q < 0.5) continue;
    const sql = "UPDATE inventory_reservations SET qty = qty + ?, updated_at = NOW(6) WHERE sku = ? AND warehouse_id = ?";
    inc.add(t, mysqlSlow(rng, t, sql, q, wait / 1000, 0, 1), q > 3.5 ? "performance" : null);
  }

  // checkout-service.
  const reqMedian = 120;
  const checkoutLine = (t: number, level: "INFO" | "WARN" | "ERROR", logger: string, msg: string, extra: Record<string, unknown> = {}) =>
    logback(t, "checkout-service", level, logger, thread(), msg, { pod: rng.pick(pods), trace_id: rng.hex(32), span_id: rng.hex(16), ...extra });
  for (const t of arrivals(rng, t0, end, 0.85)) {
    const wait = lockWait(t);
    const kind = rng.weighted([
      ["checkout", 3],
      ["order", 2],
      ["payment", 2],
      ["cart", 3],
      ["price", 1],
      ["mail", 1],
    ] as const);
    const orderId = `ORD-${rng.int(1_000_000, 9_999_999)}`;
    if (kind === "checkout") {
      const base = rng.chance(0.02) ? rng.logNormal(reqMedian * 4, 0.3) : rng.logNormal(reqMedian, 0.45);
      if (wait > 30_000) {
        inc.add(
          t,
          checkoutLine(t, "ERROR", "com.zaxxer.hikari.pool.HikariPool", "HikariPool-1 - Connection is not available, request timed out after 30000ms.", {
            stack_trace: `java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\n\tat com.shop.checkout.ReservationRepository.reserve(ReservationRepository.java:88)`,
          }),
          "error",
        );
        inc.add(
          t + 3,
          checkoutLine(t + 3, "ERROR", "com.shop.checkout.web.RequestLogFilter", "Completed POST /api/v1/checkout status=500", {
            http_method: "POST",
            uri: "/api/v1/checkout",
            status: 500,
            duration_ms: 30_000 + rng.int(2, 40),
          }),
          "error",
        );
        continue;
      }
      if (wait > 20_000 && rng.chance(0.5)) {
        inc.add(
          t,
          checkoutLine(
            t,
            "ERROR",
            "com.shop.checkout.CheckoutService",
            `Reservation failed for order ${orderId}: Lock wait timeout exceeded; try restarting transaction`,
            {
              stack_trace: `com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException: Lock wait timeout exceeded; try restarting transaction\n\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:123)\n\tat com.mysql.cj.jdbc.ClientPreparedStatement.executeUpdateInternal(ClientPreparedStatement.java:1061)\n\tat com.shop.checkout.ReservationRepository.reserve(ReservationRepository.java:91)`,
            },
          ),
          "error",
        );
        continue;
      }
      const d = base + wait;
      inc.add(
        t,
        checkoutLine(t, "INFO", "com.shop.checkout.web.RequestLogFilter", `Completed POST /api/v1/checkout status=200`, {
          http_method: "POST",
          uri: "/api/v1/checkout",
          status: 200,
          duration_ms: Math.round(d),
        }),
        d > 1500 ? "performance" : null,
      );
    } else if (kind === "order") {
      inc.add(
        t,
        checkoutLine(
          t,
          "INFO",
          "com.shop.checkout.OrderService",
          `Created order ${orderId} for customer C${rng.int(100_000, 999_999)} with ${rng.int(1, 7)} lines`,
        ),
      );
    } else if (kind === "payment") {
      const amount = round(rng.logNormal(64, 0.8), 2);
      inc.add(
        t,
        checkoutLine(
          t,
          "INFO",
          "com.shop.checkout.payment.PaymentClient",
          `Payment authorized for order ${orderId} amount=${amount.toFixed(2)} currency=${rng.pick(["EUR", "EUR", "GBP", "SEK"])} psp=${rng.pick(["adyen", "adyen", "stripe"])}`,
          { duration_ms: Math.round(rng.logNormal(310, 0.35)) },
        ),
      );
    } else if (kind === "cart") {
      const d = rng.logNormal(18, 0.5);
      inc.add(
        t,
        checkoutLine(t, "INFO", "com.shop.checkout.web.RequestLogFilter", `Completed GET /api/v1/cart/${rng.uuid()} status=200`, {
          http_method: "GET",
          uri: "/api/v1/cart/{id}",
          status: 200,
          duration_ms: Math.round(d),
        }),
      );
    } else if (kind === "price") {
      if (rng.chance(0.15)) {
        inc.add(
          t,
          checkoutLine(
            t,
            "WARN",
            "com.shop.checkout.pricing.PriceClient",
            `Price lookup for ${rng.pick(skus)} took too long, using cached price (age ${rng.int(40, 900)}s)`,
          ),
        );
      } else {
        inc.add(
          t,
          checkoutLine(
            t,
            "INFO",
            "com.shop.checkout.pricing.PriceCache",
            `Cache miss for price list ${rng.pick(["de-DE", "fr-FR", "sv-SE", "en-GB"])}, loaded ${rng.int(800, 4200)} prices`,
          ),
        );
      }
    } else {
      inc.add(
        t,
        checkoutLine(t, "INFO", "com.shop.checkout.mail.ConfirmationMailer", `Queued confirmation mail for order ${orderId} (template order-confirmation-v7)`),
      );
    }
  }
  // Hikari's housekeeper, every 30 s per pod.
  for (const pod of pods) {
    for (const t of ticks(rng, t0, end, 30_000)) {
      const wait = lockWait(t);
      const active = wait > 2_000 ? Math.min(20, Math.round(4 + wait / 1500)) : rng.int(0, 4);
      const waiting = active >= 20 ? rng.int(5, 60) : 0;
      inc.add(
        t,
        logback(
          t,
          "checkout-service",
          "DEBUG",
          "com.zaxxer.hikari.pool.HikariPool",
          "HikariPool-1 housekeeper",
          `HikariPool-1 - Pool stats (total=20, active=${active}, idle=${20 - active}, waiting=${waiting})`,
          {
            pod,
          },
        ),
        waiting > 0 ? "performance" : null,
      );
    }
  }

  // api-gateway: Envoy in front of checkout and the rest of the shop.
  const routes = [
    ["catalog", "GET", () => `/api/v1/products/${rng.pick(skus)}`, 22],
    ["catalog", "GET", () => `/api/v1/search?q=${rng.pick(["shoes", "jacket", "lamp", "desk", "socks"])}&page=${rng.int(1, 5)}`, 65],
    ["checkout", "GET", () => `/api/v1/cart/${rng.uuid()}`, 20],
    ["checkout", "POST", () => "/api/v1/checkout", reqMedian],
    ["accounts", "GET", () => "/api/v1/me", 9],
  ] as const;
  for (const t of arrivals(rng, t0, end, 0.7)) {
    const [cluster, method, path, median] = rng.weighted(routes.map((r) => [r, r[0] === "checkout" && r[1] === "POST" ? 2 : 3] as const));
    let d = rng.chance(0.015) ? rng.logNormal(median * 4, 0.3) : rng.logNormal(median, 0.45);
    let status = rng.chance(0.004) ? 503 : 200;
    let flags = status === 503 ? "UC" : "-";
    let label: Label = null;
    if (cluster === "checkout" && method === "POST") {
      const wait = lockWait(t);
      d += wait;
      if (d > 15_000) {
        d = 15_000 + rng.int(0, 4);
        status = 504;
        flags = "UT";
      }
      if (d > 1500) label = "performance";
    }
    inc.add(t, envoy(rng, t, cluster, method, path(), status, d, flags), label);
  }

  return inc.scenario(
    name,
    "A long MySQL transaction blocks reservation UPDATEs: lock waits creep up in the slow log, checkout slows and fails on pool and lock timeouts, Envoy times out",
  );
}

function mysqlSlow(rng: Rng, t: number, sql: string, queryS: number, lockS: number, rowsSent: number, rowsExamined: number): Record<string, unknown> {
  const q = round(queryS, 6);
  return {
    timestamp: new Date(t).toISOString().replace("Z", "000Z"),
    service: "orders-mysql",
    message: `# Query_time: ${q.toFixed(6)}  Lock_time: ${lockS.toFixed(6)} Rows_sent: ${rowsSent}  Rows_examined: ${rowsExamined}\n${sql};`,
    user_host: `app[app] @ [10.20.${rng.int(1, 9)}.${rng.int(2, 250)}]`,
    thread_id: rng.int(40_000, 60_000),
    db: "orders",
    query_time_s: q,
    lock_time_s: round(lockS, 6),
    rows_sent: rowsSent,
    rows_examined: rowsExamined,
    duration_ms: round(q * 1000, 1),
  };
}

/**
 * inventory-service's heap fills with a cache that never evicts: young collections keep less and
 * less free, full collections take seconds, the JVM gives up with "GC overhead limit exceeded",
 * and cart-api and the edge time out waiting for it.
 */
export function inventoryGcThrashCascade(seed: number): Scenario {
  const name = "inventory-gc-thrash-cascade";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 40 * 60_000;
  const leak = t0 + rng.int(8, 12) * 60_000; // the cache starts to grow without bound
  const thrash = leak + rng.int(16, 19) * 60_000; // live data near the heap's size
  const skus = SKUS(rng, 80);
  const heapMax = 2048;

  // Live data after a collection, MB: flat, then growing, then pinned at the top.
  const live = (t: number): number => {
    if (t < leak) return rng.logNormal(310, 0.12);
    if (t < thrash) return 310 + (1620 * (t - leak)) / (thrash - leak) + rng.normal() * 25;
    return heapMax - rng.int(8, 60);
  };
  const pause = (t: number): number => (t < thrash ? 0 : rng.logNormal(2600, 0.3));

  // GC log (-Xlog:gc), shipped line by line.
  let gcId = rng.int(800, 3000);
  for (const t of ticks(rng, t0, end, 9_000, 6_000)) {
    const l = live(t);
    const before = Math.min(heapMax, Math.round(l + rng.logNormal(500, 0.2)));
    const after = Math.round(l);
    const gc = (t2: number, msg: string, label: Label) =>
      inc.add(
        t2,
        { timestamp: new Date(t2).toISOString(), service: "inventory-service", level: "info", logger: "gc", pod: "inventory-5c8d7-qm2lx", message: msg },
        label,
      );
    if (t >= thrash) {
      const p = pause(t);
      gc(
        t,
        `[gc] GC(${gcId++}) Pause Young (Normal) (G1 Evacuation Pause) ${heapMax - 4}M->${after}M(${heapMax}M) ${round(rng.logNormal(180, 0.3), 3)}ms`,
        "memory",
      );
      gc(t + 300, `[gc] GC(${gcId++}) Pause Full (G1 Compaction Pause) ${heapMax - 2}M->${after - rng.int(0, 5)}M(${heapMax}M) ${round(p, 3)}ms`, "memory");
      continue;
    }
    const label: Label = after > 800 ? "memory" : null;
    const cause = after > 1300 && rng.chance(0.4) ? "(Concurrent Start) (G1 Humongous Allocation)" : "(Normal) (G1 Evacuation Pause)";
    gc(t, `[gc] GC(${gcId++}) Pause Young ${cause} ${before}M->${after}M(${heapMax}M) ${round(rng.logNormal(14, 0.35), 3)}ms`, label);
  }

  // inventory-service application log.
  const thread = () => `http-nio-8081-exec-${rng.int(1, 64)}`;
  const invLine = (t: number, level: "INFO" | "WARN" | "ERROR", logger: string, msg: string, extra: Record<string, unknown> = {}) =>
    logback(t, "inventory-service", level, logger, thread(), msg, { pod: "inventory-5c8d7-qm2lx", trace_id: rng.hex(32), ...extra });
  for (const t of arrivals(rng, t0, end, 0.75)) {
    const p = pause(t);
    const kind = rng.weighted([
      ["stock", 5],
      ["reserve", 2],
      ["sync", 1],
      ["cache", 1],
    ] as const);
    if (kind === "stock") {
      const d = rng.logNormal(11, 0.5) + (p > 0 ? rng.next() * p * 1.5 : 0);
      inc.add(
        t,
        invLine(t, "INFO", "com.shop.inventory.web.StockController", `GET /stock/${rng.pick(skus)} -> 200`, { duration_ms: Math.round(d), status: 200 }),
        d > 250 ? "performance" : null,
      );
    } else if (kind === "reserve") {
      const d = rng.logNormal(35, 0.5) + (p > 0 ? rng.next() * p * 1.5 : 0);
      inc.add(
        t,
        invLine(
          t,
          "INFO",
          "com.shop.inventory.ReservationService",
          `Reserved ${rng.int(1, 4)} x ${rng.pick(skus)} in warehouse ${rng.pick(["FRA1", "FRA2", "AMS1"])}`,
          {
            duration_ms: Math.round(d),
          },
        ),
        d > 600 ? "performance" : null,
      );
    } else if (kind === "sync") {
      inc.add(
        t,
        invLine(
          t,
          "INFO",
          "com.shop.inventory.sync.WarehouseSync",
          `Applied ${rng.int(3, 400)} stock deltas from ${rng.pick(["FRA1", "FRA2", "AMS1"])} (offset ${rng.int(1e6, 9e6)})`,
        ),
      );
    } else {
      inc.add(t, invLine(t, "INFO", "com.shop.inventory.cache.AvailabilityCache", `Availability cache size=${Math.round((live(t) - 250) * 95)} entries`));
    }
  }
  // The JVM gives up, repeatedly, once collection is all it does.
  for (const t of arrivals(rng, thrash + 60_000, end, 0.06)) {
    inc.add(
      t,
      invLine(
        t,
        "ERROR",
        "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
        "Servlet.service() for servlet [dispatcherServlet] threw exception",
        {
          stack_trace:
            "java.lang.OutOfMemoryError: GC overhead limit exceeded\n\tat java.base/java.util.HashMap.resize(HashMap.java:710)\n\tat com.shop.inventory.cache.AvailabilityCache.put(AvailabilityCache.java:57)",
        },
      ),
      "memory",
    );
  }
  inc.add(
    thrash + 30_000,
    invLine(thrash + 30_000, "WARN", "com.shop.inventory.health.MemoryHealthIndicator", `Heap usage above 95% after full GC (${heapMax - 20}M of ${heapMax}M)`),
    "memory",
  );

  // cart-api (Node, pino) calls inventory with a 2 s timeout.
  const cartPods = ["cart-api-66b9f-8kqzt", "cart-api-66b9f-xw2pl"];
  for (const t of arrivals(rng, t0, end, 0.55)) {
    const p = pause(t);
    const pod = rng.pick(cartPods);
    const reqId = rng.hex(16);
    const kind = rng.weighted([
      ["get", 4],
      ["add", 2],
      ["promo", 1],
      ["session", 1],
    ] as const);
    if ((kind === "get" || kind === "add") && p > 0 && rng.chance(0.55)) {
      inc.add(
        t,
        pino(t, PINO.warn, "cart-api", pod, `inventory lookup timed out after 2000ms`, {
          reqId,
          upstream: "inventory-service",
          duration_ms: 2000 + rng.int(0, 9),
        }),
        "performance",
      );
      if (rng.chance(0.5))
        inc.add(
          t + 2,
          pino(t + 2, PINO.error, "cart-api", pod, "request failed", {
            reqId,
            req: { method: "POST", url: "/cart/items" },
            res: { statusCode: 503 },
            err: { type: "TimeoutError", message: "inventory lookup timed out after 2000ms" },
            responseTime: 2010,
          }),
          "error",
        );
      continue;
    }
    if (kind === "get") {
      const d = rng.logNormal(28, 0.45);
      inc.add(
        t,
        pino(t, PINO.info, "cart-api", pod, "request completed", {
          reqId,
          req: { method: "GET", url: `/cart/${rng.uuid()}` },
          res: { statusCode: 200 },
          duration_ms: Math.round(d),
        }),
      );
    } else if (kind === "add") {
      const d = rng.logNormal(45, 0.45);
      inc.add(
        t,
        pino(t, PINO.info, "cart-api", pod, "request completed", {
          reqId,
          req: { method: "POST", url: "/cart/items" },
          res: { statusCode: 201 },
          duration_ms: Math.round(d),
        }),
      );
    } else if (kind === "promo") {
      inc.add(t, pino(t, PINO.info, "cart-api", pod, `applied promotion ${rng.pick(["WELCOME10", "FREESHIP", "AUTUMN25"])} to cart`, { reqId }));
    } else {
      inc.add(t, pino(t, PINO.debug, "cart-api", pod, "session refreshed", { reqId, ttl_s: 1800 }));
    }
  }

  // The edge.
  for (const t of arrivals(rng, t0, end, 0.45)) {
    const p = pause(t);
    const cart = rng.chance(0.5);
    const uri = cart
      ? rng.pick(["/cart", "/cart/items", "/checkout/summary"])
      : rng.pick(["/", "/c/women/shoes", `/p/${rng.pick(skus)}`, "/static/app.9f2c1.js"]);
    let d = cart ? rng.logNormal(40, 0.45) : rng.logNormal(12, 0.6);
    let status = 200;
    let label: Label = null;
    if (cart && p > 0 && rng.chance(0.5)) {
      d = 2000 + rng.logNormal(20, 0.3);
      status = rng.chance(0.5) ? 503 : 504;
      label = status === 504 ? "performance" : "error";
    }
    inc.add(t, nginx(rng, t, "edge-nginx", rng.chance(0.3) && cart ? "POST" : "GET", uri, status, d, cart ? "10.42.3.17:3000" : "10.42.1.9:8080"), label);
  }

  return inc.scenario(name, "inventory-service's heap fills until G1 runs back-to-back full GCs and OOMs on GC overhead; cart-api and nginx time out on it");
}
