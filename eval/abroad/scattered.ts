// Micro-service incidents whose anomalies of all four types are scattered over the whole
// window from the first minute: a repeated error line where normal traffic has no ERROR,
// recurring odd INFO lines (huge SQL IN lists, very long messages, a certificate about to
// expire, config changes by an actor nobody knows), slow calls, memory pressure.

import type { AnomalyType, Ev, Scenario } from "../blind/types.js";
import { assemble } from "./assemble.js";
import { gcPressure, memoryHigh, outOfMemory, slowRequest, timeout } from "./faults.js";
import { type Rng, round } from "./prng.js";
import { ev, type Line, makeSvc, type Svc, startTime, traffic } from "./services.js";
import { MIN, scatter } from "./timeline.js";
import { orderId, query, sku, userId } from "./words.js";

type Maker = (r: Rng, s: Svc, i: number) => Line;

/** n anomalous events of one kind, scattered over the window. */
export function sprinkle(r: Rng, s: Svc, n: number, t0: number, t1: number, label: AnomalyType, make: Maker, early = true): Ev[] {
  return scatter(r, n, t0, t1, early).map((t, i) => ev(r, s, t, make(r, s, i), label));
}

/** Fills the window with normal traffic so that the incident has `total` lines. */
export function fill(r: Rng, svcs: Svc[], t0: number, t1: number, total: number, anomalies: Ev[]): Ev[] {
  return anomalies.concat(traffic(r, svcs, t0, t1, total - anomalies.length));
}

export function idList(r: Rng, n: number): string {
  const ids: number[] = [];
  let id = r.int(10000, 90000);
  for (let i = 0; i < n; i++) {
    id += r.int(1, 40);
    ids.push(id);
  }
  return ids.join(", ");
}

function bigPayload(r: Rng): string {
  const items = Array.from({ length: r.int(25, 70) }, () => ({
    sku: sku(r),
    qty: r.int(1, 4),
    title: `${query(r)} ${r.pick(["black", "blue", "xl", "2-pack", "refurbished", "pro"])}`,
    attrs: { color: r.pick(["black", "white", "red", "navy"]), size: r.pick(["S", "M", "L", "XL", "42", "44"]) },
    price: { amount: Number((r.lognormal(30, 0.8) + 1).toFixed(2)), currency: "EUR" },
  }));
  return JSON.stringify({ query: query(r), filters: { brand: [], price: [0, 500], inStock: true }, session: r.hex(24), userId: userId(r), items });
}

function shopScatteredRepeatedError(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 70 * MIN;
  const o = { routineErrors: false };
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { ...o, weight: 2.2 });
  const cart = makeSvc(r, "cart-service", "cart", "pino", { ...o, weight: 1.3 });
  const checkout = makeSvc(r, "checkout-service", "checkout", "pino", { ...o, weight: 0.8 });
  const pay = makeSvc(r, "payment-service", "payment", "logback", { ...o, weight: 0.7 });
  const inv = makeSvc(r, "inventory-service", "inventory", "otel", { ...o, weight: 1.1 });
  const cat = makeSvc(r, "catalog-service", "catalog", "zap", { ...o, weight: 1.4 });
  const rec = makeSvc(r, "recommendation-service", "recommendation", "python", { ...o, weight: 0.9 });
  const price = makeSvc(r, "pricing-service", "pricing", "zap", { ...o, weight: 1.2 });
  const svcs = [gw, cart, checkout, pay, inv, cat, rec, price];

  const err = "charge request to acquirer failed: upstream connect error or disconnect/reset before headers. reset reason: connection failure";
  const a: Ev[] = [
    ...sprinkle(r, pay, r.int(18, 22), t0, t1, "error", (rr) => ({ level: "ERROR", msg: err, f: { order_id: orderId(rr), acquirer: "adyen-eu" } })),
    ...sprinkle(r, inv, r.int(4, 6), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(40, 120)), false),
    ...sprinkle(r, checkout, r.int(3, 5), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(15, 35))),
    ...sprinkle(r, cart, r.int(2, 3), t0, t1, "performance", (rr, s) => timeout(rr, s, "inventory-service", 5000), false),
    ...sprinkle(r, price, r.int(3, 4), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(50, 150)), false),
    ...sprinkle(r, rec, r.int(6, 8), t0, t1, "memory", (rr, s) => memoryHigh(rr, s, round(rr.float(91, 98), 1))),
    ...sprinkle(r, rec, r.int(2, 3), t0, t1, "memory", (rr, s) => gcPressure(rr, s), false),
    ...sprinkle(r, cat, r.int(11, 13), t0, t1, "pattern", (rr) => {
      const n = rr.int(110, 190);
      return {
        level: "INFO",
        msg: `executing query: SELECT p.id, p.sku, p.title, p.price_cents, p.stock FROM products p WHERE p.id IN (${idList(rr, n)}) ORDER BY p.id`,
        f: { rows: n - rr.int(0, 6), db: "catalog" },
      };
    }),
  ];
  return assemble(
    "shop-scattered-repeated-error",
    "Eight-service shop with no ERROR in normal traffic: one acquirer error repeated ~20 times, huge SQL IN lists, slow calls and heap pressure scattered from the first minute",
    fill(r, svcs, t0, t1, 5000, a),
  );
}

function marketplaceScatteredOddInfo(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 80 * MIN;
  const gw = makeSvc(r, "edge-gateway", "gateway", "k8s", { weight: 2 });
  const cat = makeSvc(r, "catalog", "catalog", "zap", { weight: 1.3 });
  const search = makeSvc(r, "search", "search", "logback", { weight: 1.2 });
  const cart = makeSvc(r, "cart", "cart", "pino", { weight: 1 });
  const checkout = makeSvc(r, "checkout", "checkout", "pino", { weight: 0.7 });
  const pay = makeSvc(r, "payments", "payment", "logback", { weight: 0.6 });
  const inv = makeSvc(r, "inventory", "inventory", "otel", { weight: 1 });
  const ship = makeSvc(r, "shipping", "shipping", "python", { weight: 0.6 });
  const notif = makeSvc(r, "notifications", "notification", "python", { weight: 0.6 });
  const auth = makeSvc(r, "auth", "auth", "k8s", { weight: 0.8 });
  const svcs = [gw, cat, search, cart, checkout, pay, inv, ship, notif, auth];

  const notAfter = new Date(t1 + 3 * 3600_000).toUTCString().replace(/\d\d:\d\d:\d\d GMT/, "23:59:59 GMT");
  const serial = Array.from({ length: 8 }, () => r.hex(2).toUpperCase()).join(":");
  const keys: [string, string, string][] = [
    ["checkout.payment.retry_max_attempts", "3", "30"],
    ["checkout.fraud.score_threshold", "0.82", "0.99"],
    ["checkout.tax.provider", "avalara", "manual"],
    ["checkout.order.max_items", "50", "5000"],
    ["checkout.discounts.stacking_enabled", "false", "true"],
    ["checkout.audit.enabled", "true", "false"],
  ];
  const actorIp = r.privateIp();
  const stack = "org.springframework.orm.ObjectOptimisticLockingFailureException";
  const a: Ev[] = [
    ...sprinkle(r, search, r.int(11, 13), t0, t1, "pattern", (rr) => ({
      level: "INFO",
      msg: `Search request payload: ${bigPayload(rr)}`,
      logger: "com.example.search.web.SearchController",
    })),
    ...sprinkle(
      r,
      pay,
      r.int(11, 13),
      t0,
      t1,
      "pattern",
      () => ({
        level: "INFO",
        msg: `TLS certificate CN=api.partner-bank.example (serial ${serial}) expires in 0 days (notAfter=${notAfter})`,
        logger: "com.example.payments.tls.CertificateWatcher",
      }),
      false,
    ),
    ...sprinkle(r, checkout, r.int(11, 13), t0, t1, "pattern", (rr, _s, i) => {
      const [k, from, to] = keys[i % keys.length] as [string, string, string];
      return {
        level: "INFO",
        msg: `config updated: ${k} ${from} -> ${to} by actor svc-7f3a-ops from ${actorIp}`,
        f: { actor: "svc-7f3a-ops", source: "config-api", change_id: `chg_${rr.alnum(10)}` },
      };
    }),
    ...sprinkle(r, inv, r.int(18, 22), t0, t1, "error", (rr) => ({
      level: "ERROR",
      msg: "could not serialize access due to concurrent update",
      stack: `${stack}: Row was updated or deleted by another transaction (or unsaved-value mapping was incorrect) : [com.example.inventory.StockLevel#${rr.int(1000, 99999)}]\n\tat com.example.inventory.StockService.reserve(StockService.java:212)\n\tat com.example.inventory.web.ReservationController.create(ReservationController.java:58)`,
    })),
    ...sprinkle(r, ship, r.int(9, 11), t0, t1, "performance", (rr, s) => timeout(rr, s, "api.carrier-rates.example", 10000), false),
    ...sprinkle(r, checkout, r.int(4, 6), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(20, 45))),
    ...sprinkle(r, search, r.int(5, 7), t0, t1, "memory", (rr, s) => memoryHigh(rr, s, round(rr.float(92, 99), 1)), false),
    ...sprinkle(r, search, r.int(2, 3), t0, t1, "memory", (rr, s) => gcPressure(rr, s), false),
  ];
  return assemble(
    "marketplace-scattered-odd-info",
    "Ten services with routine warnings and errors; odd INFO lines recur a dozen times each (multi-KB payload dumps, a certificate expiring in 0 days, config changes by an unknown actor) beside scattered lock errors, carrier timeouts and search heap pressure",
    fill(r, svcs, t0, t1, 5000, a),
  );
}

function bookingsScatteredGoPython(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 60 * MIN;
  const edge = makeSvc(r, "edge", "gateway", "k8s", { weight: 2 });
  const avail = makeSvc(r, "availability", "inventory", "zap", { weight: 1.6 });
  const booking = makeSvc(r, "booking", "checkout", "python", { weight: 0.9 });
  const pay = makeSvc(r, "payments", "payment", "python", { weight: 0.6 });
  const price = makeSvc(r, "pricing", "pricing", "zap", { weight: 1.5 });
  const prof = makeSvc(r, "profile", "profile", "zap", { weight: 1 });
  const notif = makeSvc(r, "notifications", "notification", "python", { weight: 0.5 });
  const svcs = [edge, avail, booking, pay, price, prof, notif];

  const a: Ev[] = [
    ...sprinkle(r, avail, r.int(19, 21), t0, t1, "error", (rr) => ({
      level: "ERROR",
      msg: "panic recovered",
      f: {
        error: "runtime error: index out of range [3] with length 3",
        path: `/stock/${sku(rr)}`,
        stack: "goroutine 8812 [running]:\nmain.(*RoomIndex).Nights(...)\n\t/src/availability/index.go:214 +0x2a5",
      },
    })),
    ...sprinkle(r, price, r.int(13, 16), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(90, 260))),
    ...sprinkle(r, booking, r.int(3, 4), t0, t1, "performance", (rr, s) => timeout(rr, s, "payments", 8000), false),
    ...sprinkle(r, booking, r.int(5, 7), t0, t1, "memory", (rr, s) => memoryHigh(rr, s, round(rr.float(90, 97), 1)), false),
    ...sprinkle(r, booking, 2, t0, t1, "memory", (rr, s) => outOfMemory(rr, s), false),
    ...sprinkle(
      r,
      edge,
      r.int(11, 13),
      t0,
      t1,
      "pattern",
      () => ({
        level: "INFO",
        msg: "x509 certificate for upstream payments.internal.svc expires in 0 days, renewal not scheduled",
        f: { issuer: "internal-ca-2021", not_after: new Date(t1 + 7200_000).toISOString() },
      }),
      false,
    ),
    ...sprinkle(
      r,
      prof,
      r.int(9, 11),
      t0,
      t1,
      "pattern",
      (rr) => ({
        level: "INFO",
        msg: `admin token issued: subject=svc-backup-legacy scopes=[profiles:*] ttl=720h requested_by=unknown`,
        f: { token_id: `tok_${rr.alnum(12)}`, client_ip: rr.ip() },
      }),
      false,
    ),
  ];
  return assemble(
    "bookings-scattered-go-python",
    "Seven Go and Python booking services: a panic repeated ~20 times, pricing calls 100x slower than usual, a booking worker near its memory limit and killed, odd certificate and admin-token lines, all scattered",
    fill(r, svcs, t0, t1, 5000, a),
  );
}

export function scatteredScenarios(r: Rng): Scenario[] {
  return [shopScatteredRepeatedError(r.fork("shop")), marketplaceScatteredOddInfo(r.fork("marketplace")), bookingsScatteredGoPython(r.fork("bookings"))];
}
