// A shared dependency fails and every instance of a service degrades together.

import type { Scenario } from "../blind/types.js";
import { type Lvl, zap } from "./producers.js";
import { hashSeed, Rng } from "./rng.js";
import { type Label, MIN, SEC, startTime, Timeline } from "./timeline.js";
import { eachRequest, every, type Inst, route } from "./traffic.js";

const seconds = (ms: number) => Number((ms / 1000).toFixed(6));

export function ordersPostgresFailoverFleetwide(seed: number): Scenario {
  const name = "orders-postgres-failover-fleetwide";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 65 * MIN;

  const ec2 = () => `i-0${r.hex(16)}`;
  const orders: Inst[] = Array.from({ length: 6 }, () => ({ name: ec2() }));
  const inventory: Inst[] = Array.from({ length: 4 }, () => ({ name: ec2() }));
  const notifier: Inst[] = Array.from({ length: 2 }, () => ({ name: ec2() }));
  const outage = start + r.int(28, 40) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);
  const refused = outage + r.int(40, 90) * SEC; // primary gone, connections refused
  const recovered = outage + r.int(6, 10) * MIN; // replica promoted, pools reconnect
  const oldPrimary = "10.20.0.14";
  const newPrimary = "10.20.0.15";
  const during = (t: number) => t >= outage && t < recovered;
  const log = (t: number, svc: string, inst: string, lvl: Lvl, caller: string, msg: string, f: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, zap(t, { lvl, caller, msg, f: { service: svc, instance: inst, env: "prod", ...f } }), label);

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 34,
      insts: orders,
      routes: [
        route("POST", "/v2/orders", 65, 3, () => "", { ok: 201 }),
        route("GET", "/v2/orders/{id}", 12, 6, (x) => `ord_${x.alnum(18)}`),
        route("GET", "/v2/customers/{id}/orders", 40, 2, (x) => `cus_${x.alnum(14)}`),
        route("PATCH", "/v2/orders/{id}/status", 30, 1, (x) => `ord_${x.alnum(18)}`),
      ],
    },
    (q) => {
      const requestId = r.uuid();
      const writes = q.route.method !== "GET"; // reads go to the replicas and are unaffected
      let dur = q.dur;
      let status = q.status;
      let label: Label = null;
      if (writes && during(q.t)) {
        if (q.t < refused || r.chance(0.45)) {
          const err =
            q.t < refused
              ? `failed to connect to \`host=orders-pg.internal user=orders database=orders\`: dial error (dial tcp ${oldPrimary}:5432: connect: connection refused)`
              : r.chance(0.5)
                ? "ERROR: cannot execute INSERT in a read-only transaction (SQLSTATE 25006)"
                : "FATAL: the database system is in recovery mode (SQLSTATE 57P03)";
          dur = q.t < refused ? r.float(2, 30) : r.logNormal(900, 0.5);
          status = 503;
          label = "error";
          log(
            q.t + dur - 0.5,
            "orders",
            q.inst.name,
            "error",
            "orders/service.go:141",
            q.route.method === "POST" ? "create order failed" : "update order status failed",
            { request_id: requestId, error: err },
            "error",
          );
        } else {
          // Writes that get through wait for a connection from the churning pool.
          dur = q.dur * r.float(12, 60);
          if (dur > 3 * q.route.med) label = "performance";
        }
      } else if (q.route.method === "POST" && r.chance(0.025)) {
        log(q.t + dur - 0.5, "orders", q.inst.name, "warn", "orders/service.go:118", "order already exists, returning existing", {
          request_id: requestId,
          error: 'ERROR: duplicate key value violates unique constraint "orders_idempotency_key_key" (SQLSTATE 23505)',
          idempotency_key: r.uuid(),
        });
        status = 200;
      }
      log(
        q.t + dur,
        "orders",
        q.inst.name,
        status >= 500 ? "error" : "info",
        "httpserver/middleware.go:64",
        "request served",
        { request_id: requestId, method: q.route.method, path: q.path, status, latency: seconds(dur), bytes_out: status >= 500 ? 61 : r.int(180, 4200) },
        label,
      );
    },
  );

  // Each orders instance's pool health check, every 20 s; it fails through the outage.
  for (const o of orders) {
    every(r, outage + r.float(1, 15) * SEC, recovered, 20 * SEC, (t) => {
      const err =
        t < refused
          ? `failed to connect to \`host=orders-pg.internal user=orders database=orders\`: dial error (dial tcp ${oldPrimary}:5432: connect: connection refused)`
          : "FATAL: the database system is in recovery mode (SQLSTATE 57P03)";
      log(
        t,
        "orders",
        o.name,
        "error",
        "db/pool.go:88",
        "database health check failed",
        { error: err, pool_total: 20, pool_idle: 0, pool_waiting: r.int(4, 40) },
        "error",
      );
    });
    const back = recovered + r.float(2, 25) * SEC;
    log(
      back,
      "orders",
      o.name,
      "info",
      "db/pool.go:102",
      `database pool recovered, primary is now ${newPrimary}:5432`,
      { pool_total: 20, pool_idle: r.int(10, 18) },
      "pattern",
    );
  }

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 16,
      insts: inventory,
      routes: [route("POST", "/v1/reservations", 28, 3, () => "", { ok: 201 }), route("GET", "/v1/stock/{id}", 7, 5, (x) => `SKU-${x.int(10000, 99999)}`)],
    },
    (q) => {
      if (q.route.method === "POST" && r.chance(0.02)) {
        log(q.t + q.dur - 0.3, "inventory", q.inst.name, "warn", "reserve/handler.go:77", "reservation already held for order line, skipping", {
          error: 'ERROR: duplicate key value violates unique constraint "reservations_order_line_key" (SQLSTATE 23505)',
        });
      }
      log(q.t + q.dur, "inventory", q.inst.name, "info", "httpserver/middleware.go:64", "request served", {
        request_id: r.uuid(),
        method: q.route.method,
        path: q.path,
        status: q.status,
        latency: seconds(q.dur),
        bytes_out: r.int(90, 900),
      });
    },
  );

  // notifier: order confirmation e-mails from the order events (fewer while writes fail).
  eachRequest(r, { start, end, perMin: 7, insts: notifier, routes: [route("SEND", "email", 210, 1)], rateAt: (t) => (during(t) ? 0.5 : 1) }, (q) => {
    const softFail = r.chance(0.015);
    log(
      q.t + q.dur,
      "notifier",
      q.inst.name,
      softFail ? "warn" : "info",
      "mail/sender.go:59",
      softFail ? "order confirmation deferred: 421 4.7.0 Try again later" : "order confirmation sent",
      { order_id: `ord_${r.alnum(18)}`, provider: "ses", latency: seconds(q.dur) },
    );
  });

  return tl.scenario(
    name,
    "mid-window the shared orders Postgres primary fails over and all six orders instances fail writes with connection-refused and read-only/recovery errors, slow pool waits and failing health checks for several minutes, then reconnect; their replica reads, routine duplicate-key warnings and other services stay normal (zap, instance)",
  );
}
