// A schema migration on the inventory database starts during business hours and holds a lock
// on stock_level for ~40 minutes. Stock reservations (writes) queue behind it: Postgres logs
// lock waits, inventory's Hikari pool drains, orders' 5 s deadline expires and it retries,
// then its circuit breaker opens and every order is short-circuited; the web BFF returns 503s.
// Reads (stock lookups, search) stay healthy throughout. When the migration finishes the
// breaker's probe succeeds and traffic recovers.
import type { CascadeScenario } from "../blind/types.js";
import { baseDay, javaStack, type Label, logback, MIN, type PinoCtx, pgJson, pino, python, Rng, round, SEC, Story, sampleTimes, zap } from "./lib.js";

export function s03InventoryLockCascade(seed: number): CascadeScenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(10 * 60, 13 * 60) * MIN + rng.int(0, 59) * SEC;
  const win = rng.int(150, 180) * MIN;
  const end = start + win;
  const onset = start + Math.round(win * rng.float(0.38, 0.5));
  const migrationEnd = onset + rng.int(32, 46) * MIN + rng.int(0, 59) * SEC;
  const openAt = onset + rng.int(100, 200) * SEC;
  const probeEvery = rng.int(45, 75) * SEC;
  // The first probe after the migration ends closes the breaker.
  const probes: number[] = [];
  for (let t = openAt + probeEvery; ; t += probeEvery) {
    probes.push(t);
    if (t > migrationEnd + 2 * SEC) break;
  }
  const closedAt = probes[probes.length - 1] ?? migrationEnd;

  const bff: PinoCtx[] = rng.pods("web-bff", 2).map((hostname) => ({ pid: 1, hostname, name: "web-bff" }));
  const ordersPods = rng.pods("orders", 3);
  const invPods = rng.pods("inventory", 3);
  const searchPods = rng.pods("search", 2);
  const shippingPod = rng.pod("shipping");
  const migratePod = `inventory-migrate-${rng.int(28400000, 28499999)}-${rng.alnum(5)}`;
  const skus = Array.from({ length: 220 }, () => `${rng.pick(["TS", "HD", "BK", "LT", "CB"])}-${rng.int(1000, 9999)}`);
  let orderSeq = rng.int(7_100_000, 7_300_000);
  let pgPid = rng.int(20000, 30000);
  const warehouses = ["ams1", "fra2", "waw1"];

  const bffLine = (t: number, method: string, url: string, status: number, rt: number, label: Label) =>
    story.add(
      t,
      label,
      pino(t, status >= 500 ? "error" : status >= 400 ? "warn" : "info", rng.pick(bff), "request completed", {
        req: { id: rng.uuid(), method, url },
        res: { statusCode: status },
        responseTime: Math.round(rt),
      }),
    );
  const ordersLine = (t: number, lvl: "info" | "warn" | "error", caller: string, msg: string, f: Record<string, unknown>, label: Label) =>
    story.add(t, label, zap(t, lvl, caller, msg, { service: "orders", pod: rng.pick(ordersPods), ...f }));
  const invLine = (
    t: number,
    lvl: "debug" | "info" | "warn" | "error",
    logger: string,
    msg: string,
    f: Record<string, unknown>,
    label: Label,
    stack?: string,
    pod?: string,
  ) =>
    story.add(
      t,
      label,
      logback(
        t,
        lvl,
        logger,
        logger.includes("hikari") ? "HikariPool-1 housekeeper" : logger.includes("flyway") ? "main" : `http-nio-8080-exec-${rng.int(1, 200)}`,
        msg,
        { app: "inventory", pod: pod ?? rng.pick(invPods), ...f },
        stack,
      ),
    );
  const pg = (
    t: number,
    severity: string,
    message: string,
    label: Label,
    extra: { detail?: string; statement?: string; ps?: string; sqlState?: string } = {},
  ) => story.add(t, label, pgJson(t, { user: "inventory", dbname: "inventory", pid: pgPid++, severity, message, ...extra }));

  const reserveSql = "UPDATE stock_level SET reserved = reserved + $1 WHERE sku = $2 AND warehouse_id = $3";

  // ---------------------------------------------------------------- flows
  for (const t0 of sampleTimes(rng, rng.int(1150, 1350), start, end)) {
    const kind = rng.weighted([
      ["browse", 0.5],
      ["stock", 0.2],
      ["order", 0.3],
    ] as const);
    if (kind === "browse") {
      const q = rng.pick(["hoodie", "boots", "lamp", "desk", "cable", "tshirt", "backpack"]);
      const d = rng.logn(45, 0.35);
      const t1 = t0 + Math.round(d);
      story.add(
        t1,
        null,
        python(t1, "info", "search.api", `GET /search?q=${q} 200`, {
          service: "search",
          host: rng.pick(searchPods),
          duration_ms: round(d, 1),
          hits: rng.int(0, 300),
        }),
      );
      bffLine(t1 + 3, "GET", `/api/search?q=${q}`, 200, d + 4, null);
      continue;
    }
    if (kind === "stock") {
      const sku = rng.pick(skus);
      const d = rng.logn(9, 0.35);
      const t1 = t0 + Math.round(d);
      invLine(t1, "info", "com.shop.inventory.api.StockController", `GET /stock/${sku} 200`, { sku, duration_ms: Math.round(d), replica: true }, null);
      bffLine(t1 + 2, "GET", `/api/products/${sku}/stock`, 200, d + 3, null);
      continue;
    }
    const order = `o-${orderSeq++}`;
    const ordPod = rng.pick(ordersPods);
    const sku = rng.pick(skus);
    const qty = rng.int(1, 3);
    const wh = rng.pick(warehouses);
    const blocked = t0 >= onset && t0 < migrationEnd;
    const open = t0 >= openAt && t0 < closedAt;
    if (open) {
      // Breaker open: orders refuses without calling inventory.
      ordersLine(
        t0 + 1,
        "error",
        "reserve/client.go:118",
        "inventory reserve short-circuited",
        { pod: ordPod, order_id: order, breaker: "inventory-reserve", error: "circuit breaker is open" },
        "error",
      );
      bffLine(t0 + rng.int(8, 20), "POST", "/api/orders", 503, rng.int(8, 20), "error");
      continue;
    }
    if (blocked) {
      if (rng.chance(0.3)) {
        // Lock granted just inside the deadline: the order goes through, slowly.
        const d = rng.int(2600, 4800);
        pg(
          t0 + d - 5,
          "LOG",
          `process ${pgPid} acquired RowExclusiveLock on relation 16412 of database 16385 after ${(d - 20 + rng.next()).toFixed(3)} ms`,
          "performance",
          {
            statement: reserveSql,
            ps: "UPDATE",
          },
        );
        invLine(
          t0 + d,
          "info",
          "com.shop.inventory.reserve.ReservationService",
          `Reserved ${qty} x ${sku} at ${wh} for order ${order}`,
          { order_id: order, duration_ms: d },
          "performance",
        );
        ordersLine(
          t0 + d + 6,
          "info",
          "reserve/client.go:97",
          "stock reserved",
          { pod: ordPod, order_id: order, latency: round((d + 6) / 1000, 6) },
          "performance",
        );
        bffLine(t0 + d + 15, "POST", "/api/orders", 201, d + 15, "performance");
        continue;
      }
      // Three attempts of 5 s each, then give up.
      for (let attempt = 1; attempt <= 3; attempt++) {
        const ta = t0 + attempt * 5000 + (attempt - 1) * 200;
        ordersLine(
          ta,
          "warn",
          "reserve/client.go:104",
          "inventory reserve timed out",
          { pod: ordPod, order_id: order, attempt, latency: round(5 + rng.float(0, 0.004), 6), error: "context deadline exceeded" },
          "performance",
        );
        if (attempt < 3)
          ordersLine(
            ta + 200,
            "info",
            "reserve/retry.go:41",
            "retrying inventory reserve",
            { pod: ordPod, order_id: order, attempt: attempt + 1, backoff: 0.2 },
            "pattern",
          );
      }
      ordersLine(
        t0 + 15_410,
        "error",
        "api/orders.go:212",
        "create order failed",
        { pod: ordPod, order_id: order, status: 503, error: "inventory unavailable after 3 attempts" },
        "error",
      );
      bffLine(t0 + 15_430, "POST", "/api/orders", 503, 15_430, "error");
      // The abandoned statements give up on the inventory side later.
      for (let attempt = 0; attempt < 3; attempt++) {
        const tf = t0 + attempt * 5200 + rng.int(29_000, 31_000);
        if (tf >= migrationEnd) break;
        if (rng.chance(0.5)) {
          invLine(
            tf,
            "error",
            "com.shop.inventory.reserve.ReservationService",
            `Reserve failed for order ${order}: HikariPool-1 - Connection is not available, request timed out after 30000ms.`,
            { order_id: order },
            "error",
            javaStack("java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.", [
              "com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)",
              "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)",
              "com.shop.inventory.reserve.ReservationService.reserve(ReservationService.java:74)",
            ]),
          );
        } else {
          pg(tf - 3, "ERROR", "canceling statement due to lock timeout", "error", { statement: reserveSql, sqlState: "55P03", ps: "UPDATE waiting" });
          invLine(
            tf,
            "error",
            "com.shop.inventory.reserve.ReservationService",
            `Reserve failed for order ${order}: ERROR: canceling statement due to lock timeout`,
            { order_id: order, sql_state: "55P03" },
            "error",
          );
        }
      }
      continue;
    }
    // Normal order.
    const dInv = rng.logn(24, 0.3);
    const dOrd = dInv + rng.logn(14, 0.3);
    invLine(
      t0 + Math.round(dInv),
      "info",
      "com.shop.inventory.reserve.ReservationService",
      `Reserved ${qty} x ${sku} at ${wh} for order ${order}`,
      { order_id: order, duration_ms: Math.round(dInv) },
      null,
    );
    ordersLine(t0 + Math.round(dOrd), "info", "reserve/client.go:97", "stock reserved", { pod: ordPod, order_id: order, latency: round(dOrd / 1000, 6) }, null);
    bffLine(t0 + Math.round(dOrd) + 6, "POST", "/api/orders", 201, dOrd + 6, null);
    if (rng.chance(0.5)) {
      const ts = t0 + rng.int(2, 20) * SEC;
      story.add(
        ts,
        null,
        logback(
          ts,
          "info",
          "com.shop.shipping.LabelService",
          "shipping-worker-1",
          `Label created for order ${order} (carrier=${rng.pick(["dhl", "ups", "postnl"])})`,
          {
            app: "shipping",
            pod: shippingPod,
          },
        ),
      );
    }
  }

  // ---------------------------------------------------------------- the incident's own lines
  invLine(
    onset,
    "info",
    "org.flywaydb.core.internal.command.DbMigrate",
    'Migrating schema "public" to version "87 - backfill reservation expiry"',
    { job: "inventory-migrate" },
    "pattern",
    undefined,
    migratePod,
  );
  pg(
    onset + 40,
    "LOG",
    "statement: ALTER TABLE stock_level ADD COLUMN reserved_until timestamptz; UPDATE stock_level SET reserved_until = updated_at + interval '30 minutes'",
    "pattern",
    {
      ps: "ALTER TABLE",
    },
  );
  for (let t = onset + rng.int(2, 6) * SEC; t < migrationEnd; t += rng.int(5, 14) * SEC) {
    pg(t, "LOG", `process ${pgPid} still waiting for RowExclusiveLock on relation 16412 of database 16385 after 1000.${rng.int(10, 99)} ms`, "performance", {
      detail: `Process holding the lock: ${rng.int(9000, 9999)}. Wait queue: ${Array.from({ length: rng.int(3, 18) }, () => rng.int(20000, 30000)).join(", ")}.`,
      statement: reserveSql,
      ps: "UPDATE waiting",
    });
  }
  pg(
    migrationEnd - 30,
    "LOG",
    `duration: ${round(migrationEnd - onset - 70, 3)} ms  statement: UPDATE stock_level SET reserved_until = updated_at + interval '30 minutes'`,
    "performance",
    { ps: "UPDATE" },
  );
  invLine(
    migrationEnd,
    "info",
    "org.flywaydb.core.internal.command.DbMigrate",
    `Successfully applied 1 migration to schema "public", now at version v87 (execution time ${Math.floor((migrationEnd - onset) / MIN)}:${String(Math.floor(((migrationEnd - onset) % MIN) / SEC)).padStart(2, "0")}.${rng.int(100, 999)}s)`,
    { job: "inventory-migrate" },
    "pattern",
    undefined,
    migratePod,
  );
  // Breaker transitions.
  ordersLine(
    openAt,
    "warn",
    "breaker/breaker.go:88",
    "circuit breaker state changed",
    { breaker: "inventory-reserve", from: "closed", to: "open", failure_ratio: round(rng.float(0.6, 0.8), 2) },
    "pattern",
  );
  for (const p of probes) {
    ordersLine(p, "info", "breaker/breaker.go:88", "circuit breaker state changed", { breaker: "inventory-reserve", from: "open", to: "half-open" }, "pattern");
    if (p < closedAt) {
      ordersLine(
        p + 5000,
        "warn",
        "reserve/client.go:104",
        "inventory reserve timed out",
        { probe: true, latency: 5.0002, error: "context deadline exceeded" },
        "performance",
      );
      ordersLine(
        p + 5003,
        "warn",
        "breaker/breaker.go:88",
        "circuit breaker state changed",
        { breaker: "inventory-reserve", from: "half-open", to: "open" },
        "pattern",
      );
    } else {
      ordersLine(
        p + rng.int(20, 40),
        "info",
        "breaker/breaker.go:88",
        "circuit breaker state changed",
        { breaker: "inventory-reserve", from: "half-open", to: "closed" },
        "pattern",
      );
    }
  }

  // ---------------------------------------------------------------- background
  for (const [i, pod] of invPods.slice(0, 2).entries()) {
    for (let t = start + i * 17 * SEC + rng.int(0, 15) * SEC; t < end; t += 60 * SEC + rng.int(-300, 300)) {
      const jammed = t >= onset + 20 * SEC && t < migrationEnd + 5 * SEC;
      const active = jammed ? 20 : rng.int(1, 6);
      invLine(
        t,
        "debug",
        "com.zaxxer.hikari.pool.HikariPool",
        `HikariPool-1 - Pool stats (total=20, active=${active}, idle=${20 - active}, waiting=${jammed ? rng.int(12, 60) : 0})`,
        {},
        jammed ? "performance" : null,
        undefined,
        pod,
      );
    }
  }
  for (let t = start + rng.int(0, 4) * MIN; t < end; t += 5 * MIN) {
    story.add(t, null, pgJson(t, { pid: 61, severity: "LOG", message: "checkpoint starting: time", backend: "checkpointer" }));
    const w = rng.int(600, 4200);
    const t2 = t + rng.int(25, 90) * SEC;
    story.add(
      t2,
      null,
      pgJson(t2, {
        pid: 61,
        severity: "LOG",
        message: `checkpoint complete: wrote ${w} buffers (${round(w / 163.84, 1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 3)} recycled; write=${round(rng.float(20, 80), 3)} s, sync=${round(rng.float(0.002, 0.05), 3)} s, total=${round(rng.float(21, 82), 3)} s`,
        backend: "checkpointer",
      }),
    );
  }
  for (const t of sampleTimes(rng, rng.int(6, 10), start, end)) {
    story.add(
      t,
      null,
      pgJson(t, {
        pid: rng.int(30000, 40000),
        severity: "LOG",
        message: `automatic vacuum of table "inventory.public.${rng.pick(["stock_movement", "reservation", "audit_event"])}": index scans: 1`,
        backend: "autovacuum worker",
      }),
    );
  }
  for (const t of sampleTimes(rng, rng.int(8, 14), start, end)) {
    ordersLine(t, "warn", "pricing/client.go:63", "price cache stale, refreshing inline", { age: round(rng.float(300, 340), 1) }, null);
  }

  const s = story.build(
    "inventory-lock-cascade",
    "A mid-day schema migration locks inventory's stock table for ~40 minutes: Postgres lock waits and a drained Hikari pool, orders' reserve calls time out and retry, its circuit breaker opens and the BFF returns 503s until the migration completes.",
  );
  return { ...s, rootService: "inventory", onsetMs: onset, services: ["inventory", "orders", "web-bff"] };
}
