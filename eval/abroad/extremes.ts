// The edges: an incident that is mostly anomalous (a database failover that does not
// finish), a quiet night with three to five anomalous lines among thousands and many rare
// routine decoys (backups, log rotation, reindexing), and a deploy day whose start-up lines
// are routine while the problem is elsewhere.

import type { AnomalyType, Ev, Scenario } from "../blind/types.js";
import { assemble } from "./assemble.js";
import { javaStack, memoryHigh, slowRequest, timeout } from "./faults.js";
import { type Rng, round } from "./prng.js";
import { fill, sprinkle } from "./scattered.js";
import { ev, makeSvc, requestLine, type Route, type Svc, startTime, traffic } from "./services.js";
import { cluster, sysEv } from "./syslog.js";
import { HOUR, MIN, scatter, within } from "./timeline.js";
import { orderId, podName } from "./words.js";

const route = (m: string, path: string): Route => ({ m, p: () => path, w: 1 });

function dbFailoverOutage(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 25 * MIN;
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 2 });
  const orders = makeSvc(r, "orders", "checkout", "logback", { weight: 1.3 });
  const cart = makeSvc(r, "cart", "cart", "pino", { weight: 1.3 });
  const auth = makeSvc(r, "auth", "auth", "k8s", { weight: 1 });
  const inv = makeSvc(r, "inventory", "inventory", "zap", { weight: 1.1 });
  const cat = makeSvc(r, "catalog", "catalog", "zap", { weight: 0.6 });
  const patroni = makeSvc(r, "patroni", "pricing", "python", { weight: 0.5, pods: 3, reqShare: 0 });
  const members = ["pg-0", "pg-1", "pg-2"];
  patroni.pods = members;
  patroni.bg = [
    [
      (rr) => ({
        level: "INFO",
        msg: rr.chance(0.34)
          ? "no action. I am (pg-0), the leader with the lock"
          : `no action. I am (${rr.pick(["pg-1", "pg-2"])}), a secondary, and following a leader (pg-0)`,
      }),
      1,
    ],
  ];
  const svcs = [gw, orders, cart, auth, inv, cat, patroni];
  const onset = t0 + r.int(90, 150) * 1000;
  const events = traffic(r, svcs, t0, t1, 3000);
  const out: Ev[] = [];
  const dbSvcs = new Set([orders.name, cart.name, auth.name, inv.name]);
  for (const e of events) {
    if (e.t < onset) {
      out.push(e);
      continue;
    }
    const s = svcs.find((x) => x.name === e.svc) as Svc;
    if (s === patroni) {
      const m = e.inst ?? "pg-1";
      const line =
        m === "pg-0"
          ? null
          : r.weighted<[string, string, AnomalyType]>([
              [
                [
                  "WARNING",
                  `Request failed to pg-0: GET http://10.0.1.${r.int(10, 20)}:8008/patroni (HTTPConnectionPool(host='10.0.1.11', port=8008): Max retries exceeded with url: /patroni (Caused by ConnectTimeoutError(...)))`,
                  "error",
                ],
                3,
              ],
              [["ERROR", "failed to update leader lock", "error"], 2],
              [["INFO", `following a different leader because i am not the healthiest node`, "pattern"], 1.5],
              [["WARNING", "Loop time exceeded, rescheduling immediately.", "performance"], 1.5],
              [["INFO", `Lock owner: None; I am ${m}`, "pattern"], 1],
              [["ERROR", "Exception when called state_handler.is_leader()", "error"], 1],
            ]);
      if (line === null) continue; // the old primary's node is gone: it logs nothing
      out.push(ev(r, s, e.t, { level: line[0] as "INFO", msg: line[1] }, line[2], m));
      continue;
    }
    if (dbSvcs.has(s.name) && r.chance(0.93)) {
      const x = r.next();
      if (s === orders) {
        if (x < 0.4)
          out.push(
            ev(
              r,
              s,
              e.t,
              {
                level: "ERROR",
                msg: "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
                logger: "com.zaxxer.hikari.pool.HikariPool",
                stack: javaStack(
                  r,
                  s,
                  "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
                  "org.postgresql.util.PSQLException: Connection to postgres-rw.prod.svc:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.",
                ),
                f: { elapsed_ms: 30001 },
              },
              "performance",
            ),
          );
        else out.push(ev(r, s, e.t, requestLine(r, s, { status: 500, dur: r.float(10, 30000) }), "error"));
      } else if (s === cart) {
        out.push(
          ev(
            r,
            s,
            e.t,
            x < 0.5
              ? {
                  level: "ERROR",
                  msg: "query failed",
                  stack: "Error: connect ECONNREFUSED 10.0.1.11:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)",
                }
              : requestLine(r, s, { status: 500 }),
            "error",
          ),
        );
      } else if (s === auth) {
        out.push(
          ev(
            r,
            s,
            e.t,
            x < 0.5
              ? { level: "ERROR", msg: "session store unavailable", f: { error: "dial tcp 10.0.1.11:5432: connect: connection refused" } }
              : requestLine(r, s, { status: 503 }),
            "error",
          ),
        );
      } else {
        out.push(
          ev(
            r,
            s,
            e.t,
            x < 0.6
              ? { level: "ERROR", msg: "stock lookup failed", f: { error: "pq: the database system is in recovery mode" } }
              : requestLine(r, s, { status: 503 }),
            "error",
          ),
        );
      }
      continue;
    }
    if (s === gw && e.req && r.chance(0.8)) {
      const path = r.pick(["/api/checkout", `/api/cart/${r.uuid()}`, "/api/users/me", "/api/auth/token", `/api/cart/${r.uuid()}/items`]);
      const rt = route(path === "/api/users/me" || (!path.endsWith("items") && path.startsWith("/api/cart")) ? "GET" : "POST", path);
      if (r.chance(0.3)) out.push(ev(r, s, e.t, requestLine(r, s, { route: rt, status: 504, dur: 30000 + r.int(0, 9) }), "performance"));
      else out.push(ev(r, s, e.t, requestLine(r, s, { route: rt, status: r.pick([500, 502, 503]), dur: r.float(2, 900) }), "error"));
      continue;
    }
    out.push(e);
  }
  out.push(ev(r, patroni, onset - r.int(100, 900), { level: "WARNING", msg: "PostgreSQL is not running.", f: { node: "pg-0" } }, "error", "pg-0"));
  return assemble(
    "mostly-anomalous-db-failover",
    "The primary database dies two minutes in and the failover never completes: almost every line after that is a refused connection, a pool timeout, a 5xx or Patroni failing to take the lock; only cached catalog reads and health checks stay normal",
    out,
  );
}

function quietNight(r: Rng): Scenario {
  const day = Date.UTC(2024, 0, 1) + r.int(0, 500) * 86_400_000;
  const t0 = day + 1 * HOUR + r.int(0, 1800) * 1000;
  const t1 = t0 + 3 * HOUR;
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.6 });
  const orders = makeSvc(r, "orders", "checkout", "logback", { weight: 0.7 });
  const cart = makeSvc(r, "cart", "cart", "pino", { weight: 0.8 });
  const search = makeSvc(r, "search", "search", "logback", { weight: 0.9 });
  const auth = makeSvc(r, "auth", "auth", "k8s", { weight: 0.7 });
  const reports = makeSvc(r, "report-worker", "report-worker", "python", { weight: 0.35 });
  const backup = makeSvc(r, "backup-runner", "pricing", "python", { weight: 0.0001, pods: 1, reqShare: 0 });
  const svcs = [gw, orders, cart, search, auth, reports];
  const c = cluster(r, 6);
  const a: Ev[] = [];
  // decoys: the nightly base backup (forty minutes), its upload, and a WAL archive warning
  const b0 = day + 2 * HOUR + r.int(0, 300) * 1000;
  const dur = r.int(2300, 2700);
  a.push(ev(r, backup, b0, { level: "INFO", msg: "starting nightly base backup of postgres-rw (pg_basebackup -Ft -z -X stream)" }));
  a.push(ev(r, backup, b0 + 2000, { level: "INFO", msg: "pg_basebackup: checkpoint completed" }));
  a.push(ev(r, backup, b0 + 3000, { level: "WARNING", msg: "pg_basebackup: write-ahead log archiving may lag during backup" }));
  a.push(
    ev(r, backup, b0 + dur * 1000, {
      level: "INFO",
      msg: `base backup finished: ${round(r.float(44, 52), 1)} GiB in ${Math.floor(dur / 60)}m${dur % 60}s`,
      f: { duration_s: dur, bytes: r.int(47e9, 56e9) },
    }),
  );
  a.push(
    ev(r, backup, b0 + dur * 1000 + r.int(60_000, 300_000), {
      level: "INFO",
      msg: "uploaded backup to s3://db-backups-prod/base/ (multipart, 12 parts)",
      f: { duration_s: r.int(60, 280) },
    }),
  );
  // decoys: nightly reindex of search, the daily report batch, log rotation, certbot
  const ri = day + 3 * HOUR + r.int(0, 600) * 1000;
  const v = r.int(40, 90);
  a.push(ev(r, search, ri, { level: "INFO", msg: `nightly reindex started: products_v${v} -> products_v${v + 1}`, logger: "com.example.search.Reindexer" }));
  a.push(
    ev(r, search, ri + r.int(14, 22) * MIN, {
      level: "INFO",
      msg: `reindex completed: ${r.int(1_100_000, 1_300_000)} documents in ${r.int(14, 22)}m, alias products switched to products_v${v + 1}`,
      logger: "com.example.search.Reindexer",
      f: { elapsed_ms: r.int(14, 22) * 60_000 },
    }),
  );
  a.push(ev(r, search, ri + 23 * MIN, { level: "INFO", msg: `deleted old index products_v${v}`, logger: "com.example.search.Reindexer" }));
  for (const [i, job] of ["sales-daily", "inventory-aging", "payout-summary"].entries()) {
    const t = day + 2 * HOUR + i * 5 * MIN + r.int(0, 60_000);
    a.push(
      ev(r, reports, t, {
        level: "INFO",
        msg: `report ${job} completed`,
        f: { job_id: `job-${r.int(100000, 999999)}`, report: job, rows: r.int(100_000, 900_000), format: "csv", duration_ms: r.int(120_000, 260_000) },
      }),
    );
  }
  for (const host of [...c.login, c.mgmt, ...c.compute.slice(0, 3)]) {
    const t = day + 3 * HOUR + r.int(0, 120_000);
    a.push(sysEv(t, ["systemd", "INFO", host, "Starting Rotate log files...", "daemon"], null));
    a.push(
      sysEv(
        t + r.int(200, 900),
        [
          "rsyslogd",
          "INFO",
          host,
          `[origin software="rsyslogd" swVersion="8.2102.0-105.el9" x-pid="${r.int(800, 1900)}" x-info="https://www.rsyslog.com"] rsyslogd was HUPed`,
          "syslog",
        ],
        null,
      ),
    );
    a.push(sysEv(t + r.int(1000, 3000), ["systemd", "INFO", host, "logrotate.service: Deactivated successfully.", "daemon"], null));
  }
  a.push(sysEv(day + 2 * HOUR + r.int(0, 3000) * 1000, ["certbot", "INFO", c.mgmt, "Certificate not yet due for renewal; no action taken.", "daemon"], null));
  for (const t of within(r, 40, t0, t1))
    a.push(sysEv(t, ["CROND", "INFO", r.pick([...c.compute, ...c.login]), "(root) CMD (/usr/lib64/sa/sa1 1 1)", "cron"], null));
  // the anomalies: three to five single lines
  const at = scatter(r, 5, t0 + 5 * MIN, t1 - 5 * MIN, false);
  a.push(ev(r, cart, at[0] as number, memoryHigh(r, cart, round(r.float(96, 99), 1)), "memory"));
  a.push(
    ev(
      r,
      orders,
      at[1] as number,
      {
        level: "ERROR",
        msg: `payment reconciliation failed: ${r.int(2, 5)} settlements in provider report have no matching order`,
        logger: "com.example.orders.recon.ReconciliationJob",
        f: { provider: "adyen", batch: `settle_${r.int(1000, 9999)}` },
      },
      "error",
    ),
  );
  a.push(ev(r, gw, at[2] as number, requestLine(r, gw, { route: route("POST", "/api/checkout"), status: 504, dur: 30000 + r.int(0, 20) }), "performance"));
  if (r.chance(0.7))
    a.push(
      ev(
        r,
        auth,
        at[3] as number,
        { level: "INFO", msg: "role admin granted", f: { subject: `svc-tmp-${r.int(1000, 9999)}`, granted_by: "unknown", source_ip: r.ip() } },
        "pattern",
      ),
    );
  if (r.chance(0.5))
    a.push(
      sysEv(at[4] as number, ["sshd", "INFO", c.mgmt, `Accepted password for root from ${r.ip()} port ${r.int(40000, 65000)} ssh2`, "authpriv"], "pattern"),
    );
  return assemble(
    "quiet-night-with-decoys",
    "Three night hours of low traffic full of rare routine jobs (a forty-minute base backup, a search reindex, report batches, log rotation, certbot) with only three to five anomalous lines: a heap at 97 %, a reconciliation failure, one 30 s checkout, an admin grant by an unknown actor, a root password login",
    fill(r, svcs, t0, t1, 4500, a),
  );
}

function deployDay(r: Rng): Scenario {
  const t0 = startTime(r);
  const t1 = t0 + 60 * MIN;
  const gw = makeSvc(r, "api-gateway", "gateway", "k8s", { weight: 1.8 });
  const cart = makeSvc(r, "cart", "cart", "logback", { weight: 1.2 });
  const checkout = makeSvc(r, "checkout", "checkout", "pino", { weight: 0.8 });
  const pay = makeSvc(r, "payment", "payment", "logback", { weight: 0.6 });
  const rec = makeSvc(r, "recommendation", "recommendation", "python", { weight: 1 });
  const search = makeSvc(r, "search", "search", "logback", { weight: 0.9 });
  const svcs = [gw, cart, checkout, pay, rec, search];
  const a: Ev[] = [];
  // cart v2.14.0 rolls out pod by pod: old pod drains, new pod starts (routine, normal)
  const roll = t0 + r.int(8, 15) * MIN;
  const replaced = new Map<string, [string, number]>();
  cart.pods.forEach((old, i) => {
    const t = roll + i * r.int(60, 100) * 1000;
    const pod = podName("cart", r);
    replaced.set(old, [pod, t]);
    const L = (dt: number, msg: string, logger: string, level: "INFO" | "WARNING" = "INFO") =>
      a.push(ev(r, cart, t + dt, { level, msg, logger, f: { thread_name: "main" } }, null, pod));
    a.push(
      ev(
        r,
        cart,
        t - 2000,
        {
          level: "INFO",
          msg: "Commencing graceful shutdown. Waiting for active requests to complete",
          logger: "org.springframework.boot.web.embedded.tomcat.GracefulShutdown",
        },
        null,
        old,
      ),
    );
    a.push(
      ev(
        r,
        cart,
        t - 500,
        { level: "INFO", msg: "Graceful shutdown complete", logger: "org.springframework.boot.web.embedded.tomcat.GracefulShutdown" },
        null,
        old,
      ),
    );
    L(0, `Starting CartApplication v2.14.0 using Java 21.0.3 with PID 1 (/app/app.jar started by app in /app)`, "com.example.cart.CartApplication");
    L(60, 'No active profile set, falling back to 1 default profile: "default"', "com.example.cart.CartApplication");
    L(2100, "Tomcat initialized with port 8080 (http)", "org.springframework.boot.web.embedded.tomcat.TomcatWebServer");
    L(4200, "HikariPool-1 - Starting...", "com.zaxxer.hikari.HikariDataSource");
    L(4900, `HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@${r.hex(8)}`, "com.zaxxer.hikari.pool.HikariPool");
    L(5000, "HikariPool-1 - Start completed.", "com.zaxxer.hikari.HikariDataSource");
    L(6100, `Migrating schema "public" to version "214 - add cart expiry index"`, "org.flywaydb.core.internal.command.DbMigrate");
    L(
      6900,
      'Successfully applied 1 migration to schema "public", now at version v214 (execution time 00:00.512s)',
      "org.flywaydb.core.internal.command.DbMigrate",
    );
    L(
      9000,
      "spring.jpa.open-in-view is enabled by default. Therefore, database queries may be performed during view rendering. Explicitly configure spring.jpa.open-in-view to disable this warning",
      "org.springframework.boot.autoconfigure.orm.jpa.JpaBaseConfiguration$JpaWebConfiguration",
      "WARNING",
    );
    L(12_400, "Tomcat started on port 8080 (http) with context path ''", "org.springframework.boot.web.embedded.tomcat.TomcatWebServer");
    L(
      12_600,
      `Started CartApplication in ${round(r.float(12, 15), 3)} seconds (process running for ${round(r.float(13, 16), 3)})`,
      "com.example.cart.CartApplication",
    );
  });
  // a config change by a known person with a ticket (routine), and checkout's feature flag
  a.push(
    ev(r, checkout, roll + 20 * MIN, {
      level: "INFO",
      msg: "config updated: checkout.express_pay.enabled false -> true",
      f: { actor: "maria.k@corp.example", change_id: `CHG-${r.int(10000, 99999)}` },
    }),
  );
  // the problem, elsewhere: recommendation's memory climbs and its responses slow; payment idempotency collisions
  a.push(...scatter(r, 9, t0 + 15 * MIN, t1, false).map((t, i) => ev(r, rec, t, memoryHigh(r, rec, round(86 + i * 1.4 + r.float(0, 0.8), 1)), "memory")));
  a.push(...sprinkle(r, rec, r.int(5, 7), t0 + 30 * MIN, t1, "performance", (rr, s) => slowRequest(rr, s, rr.float(12, 40)), false));
  a.push(...sprinkle(r, gw, r.int(2, 3), t0 + 35 * MIN, t1, "performance", (rr, s) => timeout(rr, s, "recommendation", 3000), false));
  a.push(
    ...sprinkle(r, pay, r.int(6, 9), t0, t1, "error", (rr) => ({
      level: "ERROR",
      msg: `idempotency key collision for charge request: key reused with a different payload`,
      logger: "com.example.payment.IdempotencyFilter",
      f: { order_id: orderId(rr), status: 409 },
    })),
  );
  const events = fill(r, svcs, t0, t1, 5000, a);
  // the old cart pods stop logging once replaced; their successors carry on
  for (const e of events) {
    const next = e.svc === cart.name && e.inst !== undefined ? replaced.get(e.inst) : undefined;
    if (next !== undefined && e.t > next[1]) e.inst = next[0];
  }
  return assemble(
    "deploy-day-decoys",
    "A rolling deploy of cart (Spring start-up, Flyway migration, graceful shutdowns) and a ticketed config change, all routine, while recommendation's memory climbs and its responses slow and payment logs idempotency collisions",
    events,
  );
}

export function extremeScenarios(r: Rng): Scenario[] {
  return [dbFailoverOutage(r.fork("failover")), quietNight(r.fork("quiet")), deployDay(r.fork("deploy"))];
}
