// Security and audit oddities among routine audit events, and a retry storm: a routine
// warning that floods when a dependency stalls.

import type { Ev, Scenario } from "../blind/types.js";
import { assemble } from "./assemble.js";
import { gcPressure, memoryHigh, slowRequest } from "./faults.js";
import { type Rng, round } from "./prng.js";
import { fill, sprinkle } from "./scattered.js";
import { ev, type Gen, makeSvc, requestLine, startTime } from "./services.js";
import { burst, HOUR, MIN, within } from "./timeline.js";

const STAFF = ["alice.m", "bob.t", "carol.w", "deepak.r", "elena.s", "farid.k", "grace.o", "henrik.j"];
const corp = (u: string) => `${u}@corp.example`;

function auditTrail(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 2 * HOUR;
  const audit = makeSvc(r, "iam-audit", "pricing", "python", { weight: 1.4, reqShare: 0, pods: 2 });
  const office = () => `10.20.${r.int(0, 15)}.${r.int(2, 254)}`;
  const routine: [Gen, number][] = [
    [
      (rr) => ({ level: "INFO", msg: "user login", f: { actor: corp(rr.pick(STAFF)), method: "sso", source_ip: office(), mfa: "passed", result: "success" } }),
      10,
    ],
    [(rr) => ({ level: "INFO", msg: "user logout", f: { actor: corp(rr.pick(STAFF)), source_ip: office() } }), 5],
    [
      (rr) => ({
        level: "WARNING",
        msg: "user login",
        f: { actor: corp(rr.pick(STAFF)), method: "sso", source_ip: office(), mfa: "failed", result: "failure", reason: "wrong otp" },
      }),
      1,
    ],
    [
      (rr) => ({
        level: "INFO",
        msg: "role granted",
        f: {
          actor: corp(rr.pick(STAFF.slice(0, 2))),
          subject: corp(rr.pick(STAFF)),
          role: rr.pick(["viewer", "support", "analyst"]),
          ticket: `ACC-${rr.int(1000, 9999)}`,
        },
      }),
      1.2,
    ],
    [
      (rr) => ({
        level: "INFO",
        msg: "api key rotated",
        f: { actor: "ci-deployer", service_account: rr.pick(["orders-sync", "search-indexer", "metrics-exporter"]), scopes: ["read"], ticket: "auto" },
      }),
      0.8,
    ],
    [
      (rr) => ({
        level: "INFO",
        msg: "report exported",
        f: { actor: corp(rr.pick(STAFF)), report: rr.pick(["orders-weekly", "refunds", "support-sla"]), rows: rr.int(200, 40000), destination: "download" },
      }),
      2,
    ],
    [(rr) => ({ level: "INFO", msg: "password changed", f: { actor: corp(rr.pick(STAFF)), source_ip: office() } }), 0.4],
    [
      (rr) => ({
        level: "INFO",
        msg: "customer record viewed",
        f: { actor: corp(rr.pick(STAFF)), customer_id: rr.int(100000, 999999), reason: rr.pick(["ticket", "refund", "chargeback"]) },
      }),
      6,
    ],
  ];
  audit.bg = routine;
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.4 });
  const orders = makeSvc(r, "orders", "checkout", "logback", { weight: 0.9 });
  const portal = makeSvc(r, "admin-portal", "catalog", "pino", { weight: 0.8 });
  const cust = makeSvc(r, "customers", "auth", "zap", { weight: 0.8 });
  const svcs = [audit, gw, orders, portal, cust];
  const admin = corp("ops-admin");
  const torIp = `185.220.10${r.int(0, 1)}.${r.int(2, 250)}`;
  const at = t0 + r.int(25, 50) * MIN;
  const a: Ev[] = [];
  const A = (t: number, level: "INFO" | "WARNING", msg: string, f: Record<string, unknown>) => a.push(ev(r, audit, t, { level, msg, f }, "pattern"));
  for (const t of burst(r, r.int(28, 40), at, 3500))
    A(t, "WARNING", "user login", { actor: admin, method: "password", source_ip: torIp, result: "failure", reason: "invalid password" });
  let t = at + r.int(3, 5) * MIN;
  A(t, "INFO", "user login", {
    actor: admin,
    method: "password",
    source_ip: torIp,
    result: "success",
    mfa: "not required",
    note: "legacy password login enabled for break-glass account",
  });
  t += r.int(20, 90) * 1000;
  A(t, "INFO", "mfa disabled", { actor: admin, subject: admin, source_ip: torIp });
  t += r.int(30, 120) * 1000;
  A(t, "INFO", "role granted", { actor: admin, subject: "ext-contractor-9@gmail.com", role: "owner", ticket: null });
  t += r.int(30, 120) * 1000;
  A(t, "INFO", "api key created", { actor: admin, service_account: "legacy-sync", scopes: ["*"], expires: "never" });
  t += r.int(60, 240) * 1000;
  A(t, "INFO", "audit retention changed", { actor: admin, from: "365d", to: "1d" });
  const exportAt = t + r.int(60, 200) * 1000;
  A(exportAt, "INFO", "report exported", {
    actor: admin,
    report: "customers-full",
    rows: r.int(1_100_000, 1_400_000),
    destination: `s3://tmp-${r.hex(6)}-transfer/`,
  });
  // the export scans the customers table: customers and the portal slow while it runs
  a.push(...within(r, r.int(8, 12), exportAt + 10_000, exportAt + 12 * MIN).map((x) => ev(r, cust, x, slowRequest(r, cust, r.float(40, 150)), "performance")));
  a.push(
    ...within(r, r.int(3, 5), exportAt + 20_000, exportAt + 12 * MIN).map((x) => ev(r, portal, x, slowRequest(r, portal, r.float(30, 80)), "performance")),
  );
  a.push(
    ...within(r, r.int(2, 3), exportAt + 60_000, exportAt + 12 * MIN).map((x) => ev(r, cust, x, memoryHigh(r, cust, round(r.float(91, 96), 1)), "memory")),
  );
  a.push(...within(r, r.int(2, 4), exportAt + 60_000, exportAt + 12 * MIN).map((x) => ev(r, portal, x, requestLine(r, portal, { status: 502 }), "error")));
  return assemble(
    "audit-trail-oddities",
    "Two hours of routine IAM audit events (SSO logins, ticketed grants, key rotations, exports) where a break-glass admin account is brute-forced from a Tor exit, disables MFA, grants an outside owner, mints a never-expiring key, cuts audit retention and exports the customer table, slowing the services it scans",
    fill(r, svcs, t0, t1, 4000, a),
  );
}

function retryStorm(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 45 * MIN;
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.6 });
  const checkout = makeSvc(r, "checkout", "checkout", "zap", { weight: 1.3 });
  const cart = makeSvc(r, "cart", "cart", "zap", { weight: 1.1 });
  const inv = makeSvc(r, "inventory", "inventory", "logback", { weight: 1.3 });
  const cat = makeSvc(r, "catalog", "catalog", "zap", { weight: 1 });
  const search = makeSvc(r, "search", "search", "logback", { weight: 0.8 });
  const retryLine = (rr: Rng, attempt: number) => ({
    level: "WARNING" as const,
    msg: "retrying request to inventory",
    f: { attempt, max_attempts: 3, backoff: `${rr.int(50, 200)}ms`, reason: "context deadline exceeded" },
  });
  checkout.bg.push([(rr) => retryLine(rr, rr.pick([1, 1, 2])), 0.25]);
  cart.bg.push([(rr) => retryLine(rr, 1), 0.2]);
  const svcs = [gw, checkout, cart, inv, cat, search];
  const stall = t0 + r.int(15, 25) * MIN;
  const end = stall + r.int(5, 8) * MIN;
  const a: Ev[] = [];
  // inventory stalls on a long GC; its callers retry without jitter and multiply the load
  a.push(ev(r, inv, stall - r.int(5000, 20000), gcPressure(r, inv), "memory"));
  a.push(...within(r, r.int(3, 5), stall, end).map((x) => ev(r, inv, x, memoryHigh(r, inv, round(r.float(92, 98), 1)), "memory")));
  for (const s of [checkout, cart]) {
    for (const x of within(r, s === checkout ? r.int(260, 340) : r.int(150, 210), stall + 5000, end))
      a.push(
        ev(
          r,
          s,
          x,
          retryLine(
            r,
            r.weighted([
              [1, 5],
              [2, 3],
              [3, 2],
            ] as const),
          ),
          "pattern",
        ),
      );
    for (const x of within(r, r.int(10, 20), stall + 60_000, end))
      a.push(
        ev(
          r,
          s,
          x,
          {
            level: "ERROR",
            msg: "giving up on inventory after 3 attempts",
            f: { error: "context deadline exceeded", latency: `${r.float(3.1, 3.9).toFixed(3)}s` },
          },
          "performance",
        ),
      );
  }
  a.push(...within(r, r.int(25, 40), stall + 20_000, end).map((x) => ev(r, inv, x, slowRequest(r, inv, r.float(80, 400)), "performance")));
  a.push(
    ...within(r, r.int(15, 25), stall + 90_000, end).map((x) =>
      ev(
        r,
        inv,
        x,
        {
          level: "WARNING",
          msg: "rejecting request: 512 requests in flight exceeds limit 500, shedding load",
          logger: "com.example.inventory.web.ConcurrencyLimitFilter",
          f: { status: 503 },
        },
        "error",
      ),
    ),
  );
  a.push(
    ev(
      r,
      checkout,
      stall + r.int(100, 160) * 1000,
      { level: "WARNING", msg: "circuit breaker inventory changed state from CLOSED to OPEN", f: { failure_rate: `${r.int(55, 80)}%` } },
      "pattern",
    ),
  );
  a.push(ev(r, checkout, end + r.int(20, 40) * 1000, { level: "INFO", msg: "circuit breaker inventory changed state from OPEN to HALF_OPEN" }, "pattern"));
  a.push(ev(r, checkout, end + r.int(50, 80) * 1000, { level: "INFO", msg: "circuit breaker inventory changed state from HALF_OPEN to CLOSED" }, "pattern"));
  a.push(
    ...within(r, r.int(15, 25), stall + 30_000, end).map((x) =>
      ev(r, gw, x, requestLine(r, gw, { route: { m: "POST", p: () => "/api/checkout", w: 1 }, status: 503, dur: r.float(3000, 4000) }), "error"),
    ),
  );
  a.push(...sprinkle(r, search, r.int(3, 4), t0, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(20, 40)), false));
  const events = fill(r, svcs, t0, t1, 5000, a);
  return assemble(
    "retry-storm-flood",
    "A routine 'retrying request to inventory' warning, a few an hour, floods by the hundred when inventory stalls on GC: callers retry without jitter, inventory sheds load, checkout's breaker opens and the gateway returns 503s",
    events,
  );
}

export function securityScenarios(r: Rng): Scenario[] {
  return [auditTrail(r.fork("audit")), retryStorm(r.fork("retry"))];
}
