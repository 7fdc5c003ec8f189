// The PostgreSQL primary (pg-0) loses its network, Patroni fails over to pg-1. The Java orders service sees broken
// connections and pool timeouts, the billing worker retries, the reconnect storm hits the new primary, whose cold
// cache makes queries slow for a few minutes. pg-0 comes back as a replica and briefly rejects stale writes.

import { APP_UA, BROWSER_UA, Build, type Label, publicIp } from "./build.js";
import type { WildScenario } from "./types.js";

export function s02PostgresFailover(seed: number): WildScenario {
  const b = new Build(seed, "s02-postgres-failover");
  const { rng, f } = b;
  const start = b.start([6, 7, 8, 11, 12, 16, 17, 19]);
  const dur = rng.int(40, 62) * 60000;
  const end = start + dur;

  const tFail = start + Math.round(dur * rng.float(0.42, 0.55)); // pg-0 partitioned
  const tDemote = tFail + rng.int(19000, 26000); // pg-0 Patroni gives up the leader role (DCS unreachable)
  const tPromote = tFail + rng.int(33000, 42000); // pg-1 takes the leader key
  const tReady = tPromote + rng.int(900, 2200);
  const tHeal = tFail + rng.int(200, 320) * 1000; // partition heals, pg-0 rejoins as replica
  const tWarm = tReady + rng.int(240, 400) * 1000; // new primary's cache warm again
  const tl = rng.int(5, 9);
  const pg0Ip = `10.0.2.${rng.int(10, 60)}`;
  const appIps = [`10.0.4.${rng.int(10, 99)}`, `10.0.4.${rng.int(100, 200)}`];
  const etcd = `10.0.1.${rng.int(5, 9)}`;

  // ---------------------------------------------------------------- PostgreSQL via rsyslog (RFC 5424)
  const pgPid = { "pg-0": rng.int(900, 1400), "pg-1": rng.int(900, 1400) };
  const seq = { "pg-0": rng.int(10000, 90000), "pg-1": rng.int(10000, 90000) };
  const pg = (
    t: number,
    host: "pg-0" | "pg-1",
    pid: number,
    prefix: string,
    level: string,
    msg: string,
    l: Label = null,
    extra: [string, string][] = [],
  ): void => {
    const sev = level === "LOG" ? 6 : level === "WARNING" ? 4 : level === "ERROR" ? 3 : 2;
    const text = [`${prefix}${level}:  ${msg}`, ...extra.map(([lv, m]) => `${prefix}${lv}:  ${m}`)].join("\n");
    // PostgreSQL's syslog output splits multi-line messages into numbered continuation lines; rsyslog escapes tabs as #011
    let ts = "";
    let n = 0;
    text.split("\n").forEach((part, i) => {
      b.addLazy(
        t,
        () => {
          if (i === 0) {
            ts = f.isoD(t, 6, "+00:00");
            n = ++seq[host];
          }
          return f.syslog5424(t, 16 * 8 + sev, host, "postgres", pid, "-", "-", `[${n}-${i + 1}] ${part.replace(/\t/g, "#011")}`, ts);
        },
        l,
      );
    });
  };
  const sess = (_host: "pg-0" | "pg-1", app: string, ip: string): string =>
    `user=${app === "billing-worker" ? "billing" : "orders_app"},db=orders,app=${app},client=${ip} `;
  const backend = (): number => rng.int(20000, 99999);
  const primaryAt = (t: number): "pg-0" | "pg-1" | null => (t < tDemote ? "pg-0" : t > tReady ? "pg-1" : null);

  // checkpoints every 5 minutes on both servers (restartpoints on the replica)
  for (const host of ["pg-0", "pg-1"] as const) {
    const ckp = rng.int(800, 900);
    b.every(start + rng.int(0, 300000), end, 300000, 0, (t) => {
      if (host === "pg-0" && t > tDemote - 240000 && t < tHeal + 30000) return;
      if (host === "pg-1" && t > tDemote - 240000 && t < tReady) return;
      const primary = primaryAt(t) === host;
      const w = rng.int(600, 9000);
      const kind = primary ? "checkpoint" : "restartpoint";
      pg(t, host, ckp, "", "LOG", `${kind} starting: time`);
      const t2 = t + rng.int(200000, 270000);
      pg(
        t2,
        host,
        ckp,
        "",
        "LOG",
        `${kind} complete: wrote ${w} buffers (${((w / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(1, 4)} recycled; write=${rng.float(200, 269).toFixed(3)} s, sync=0.0${rng.int(10, 99)} s, total=${rng.float(269, 270).toFixed(3)} s; sync files=${rng.int(20, 90)}, longest=0.00${rng.int(1, 9)} s, average=0.001 s; distance=${rng.int(8000, 60000)} kB, estimate=${rng.int(30000, 60000)} kB; lsn=${rng.int(5, 6).toString(16).toUpperCase()}/${rng.hex(8).toUpperCase()}, redo lsn=${rng.int(5, 6).toString(16).toUpperCase()}/${rng.hex(8).toUpperCase()}`,
      );
    });
  }
  // autovacuum, routine slow report query, routine constraint violations (all normal)
  b.flow(start, end, 1 / 200, (t) => {
    const host = primaryAt(t);
    if (!host) return;
    const tab = rng.pick(["order_items", "orders", "outbox_events", "payments", "invoice_lines"]);
    pg(
      t,
      host,
      backend(),
      "",
      "LOG",
      `automatic vacuum of table "orders.public.${tab}": index scans: 1\n\tpages: 0 removed, ${rng.int(2000, 90000)} remain, ${rng.int(100, 2000)} scanned (${rng.float(0.5, 9).toFixed(2)}% of total)\n\ttuples: ${rng.int(100, 9000)} removed, ${rng.int(100000, 2000000)} remain, 0 are dead but not yet removable\n\tavg read rate: ${rng.float(0, 4).toFixed(3)} MB/s, avg write rate: ${rng.float(0, 3).toFixed(3)} MB/s\n\tbuffer usage: ${rng.int(2000, 20000)} hits, ${rng.int(0, 300)} misses, ${rng.int(10, 400)} dirtied\n\tsystem usage: CPU: user: 0.${rng.int(1, 9)}0 s, system: 0.0${rng.int(0, 9)} s, elapsed: ${rng.float(0.2, 3).toFixed(2)} s`,
    );
  });
  b.flow(start, end, 1 / 170, (t) => {
    const host = primaryAt(t);
    if (!host) return;
    pg(
      t,
      host,
      backend(),
      sess(host, "metabase", "10.0.5.40"),
      "LOG",
      `duration: ${rng.float(520, 1400).toFixed(3)} ms  execute <unnamed>: SELECT date_trunc('hour', o.created_at) AS h, count(*), sum(o.total_cents) FROM orders o WHERE o.created_at >= $1 GROUP BY 1 ORDER BY 1`,
    );
  });
  b.flow(start, end, 1 / 260, (t) => {
    const host = primaryAt(t);
    if (!host) return;
    pg(
      t,
      host,
      backend(),
      sess(host, "orders-service", rng.pick(appIps)),
      "ERROR",
      `duplicate key value violates unique constraint "orders_idempotency_key_key"`,
      null,
      [
        ["DETAIL", `Key (idempotency_key)=(${rng.uuid()}) already exists.`],
        ["STATEMENT", "insert into orders (created_at,customer_id,idempotency_key,status,total_cents,id) values ($1,$2,$3,$4,$5,$6)"],
      ],
    );
  });

  // ---------------------------------------------------------------- Patroni via rsyslog (RFC 3164); its own asctime inside
  const patPid = { "pg-0": rng.int(700, 899), "pg-1": rng.int(700, 899) };
  const pat = (t: number, host: "pg-0" | "pg-1", level: string, msg: string, l: Label = null): void =>
    b.add(t, f.syslog(t, host, "patroni", patPid[host], `${f.space(t, 3, ",")} ${level}: ${msg}`), l);
  for (const host of ["pg-0", "pg-1"] as const) {
    b.every(start + rng.int(0, 10000), end, 10000, 40, (t) => {
      if (host === "pg-0") {
        if (t < tFail) pat(t, host, "INFO", "no action. I am (pg-0), the leader with the lock");
        else if (t > tHeal + 60000) pat(t, host, "INFO", "no action. I am (pg-0), a secondary, and following a leader (pg-1)");
      } else {
        if (t < tFail + 10000) pat(t, host, "INFO", "no action. I am (pg-1), a secondary, and following a leader (pg-0)");
        else if (t > tPromote + 10000) pat(t, host, "INFO", "no action. I am (pg-1), the leader with the lock");
      }
    });
  }
  // pg-0 loses its route to etcd (DCS): it keeps serving clients until Patroni demotes it
  const maxRetry = (t: number): void =>
    pat(
      t,
      "pg-0",
      "ERROR",
      `Request to server http://${etcd}:2379 failed: MaxRetryError("HTTPConnectionPool(host='${etcd}', port=2379): Max retries exceeded with url: /v3/kv/put (Caused by ConnectTimeoutError(<urllib3.connection.HTTPConnection object at 0x7f${rng.hex(10)}>, 'Connection to ${etcd} timed out. (connect timeout=1.6666666666666667)'))")`,
      "error",
    );
  maxRetry(tFail + rng.int(2000, 4000));
  pat(
    tFail + rng.int(4500, 6000),
    "pg-0",
    "INFO",
    `Retrying (Retry(total=0, connect=None, read=None, redirect=0, status=None)) after connection broken by 'ConnectTimeoutError(<urllib3.connection.HTTPConnection object at 0x7f${rng.hex(10)}>, 'Connection to ${etcd} timed out. (connect timeout=1.6666666666666667)')': /v3/kv/put`,
    "pattern",
  );
  maxRetry(tFail + rng.int(7000, 9000));
  pat(tFail + rng.int(9500, 10500), "pg-0", "ERROR", "Error communicating with DCS", "error");
  pat(tDemote - rng.int(300, 900), "pg-0", "WARNING", "Loop time exceeded, rescheduling immediately.", "performance");
  pat(tDemote, "pg-0", "INFO", "Demoting self (offline)", "error");
  pat(tDemote + 2, "pg-0", "WARNING", "DCS is not accessible and I was a leader, demoting self", "error");
  for (let t = tDemote + 10000; t < tHeal; t += 10000 + rng.int(-200, 200)) {
    maxRetry(t);
    pat(t + rng.int(1, 8), "pg-0", "INFO", "DCS is not accessible", "error");
  }
  // pg-0 postgres shuts down and drops every client
  const ckp0 = rng.int(800, 900);
  pg(tDemote + rng.int(50, 150), "pg-0", pgPid["pg-0"], "", "LOG", "received fast shutdown request", "error");
  pg(tDemote + rng.int(160, 220), "pg-0", pgPid["pg-0"], "", "LOG", "aborting any active transactions", "error");
  const nKill = rng.int(14, 24);
  for (let i = 0; i < nKill; i++) {
    const app = rng.chance(0.8) ? "orders-service" : "billing-worker";
    pg(
      tDemote + rng.int(220, 400),
      "pg-0",
      backend(),
      sess("pg-0", app, rng.pick(appIps)),
      "FATAL",
      "terminating connection due to administrator command",
      "error",
    );
  }
  pg(
    tDemote + rng.int(500, 700),
    "pg-0",
    pgPid["pg-0"],
    "",
    "LOG",
    `background worker "logical replication launcher" (PID ${rng.int(1000, 1999)}) exited with exit code 1`,
    "error",
  );
  pg(tDemote + rng.int(800, 1200), "pg-0", ckp0, "", "LOG", "shutting down", "error");
  pg(tDemote + rng.int(1500, 2500), "pg-0", pgPid["pg-0"], "", "LOG", "database system is shut down", "error");

  // pg-1: the primary went away; it waits for the leader key to expire, then promotes
  const wr = rng.int(1500, 1999);
  pg(tDemote + rng.int(300, 500), "pg-1", wr, "", "LOG", "replication terminated by primary server", "error", [
    ["DETAIL", `End of WAL reached on timeline ${tl - 1} at 5/${rng.hex(8).toUpperCase()}.`],
  ]);
  pg(
    tDemote + rng.int(521, 560),
    "pg-1",
    wr,
    "",
    "FATAL",
    "could not send end-of-streaming message to primary: SSL connection has been closed unexpectedly\nno COPY in progress",
    "error",
  );
  pg(tDemote + rng.int(561, 600), "pg-1", pgPid["pg-1"] + 3, "", "LOG", `waiting for WAL to become available at 5/${rng.hex(8).toUpperCase()}`, "error");
  for (let t = tDemote + 5000; t < tPromote; t += 5000) {
    pg(
      t + rng.int(0, 40),
      "pg-1",
      rng.int(2000, 9999),
      "",
      "FATAL",
      `could not connect to the primary server: connection to server at "${pg0Ip}", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?`,
      "pattern",
    );
  }
  pat(tPromote - rng.int(3000, 6000), "pg-1", "INFO", "no action. I am (pg-1), a secondary, and following a leader (pg-0)", null);
  pat(
    tPromote - rng.int(800, 1500),
    "pg-1",
    "INFO",
    `Got response from pg-0 https://${pg0Ip}:8008/patroni: {"state": "stopped", "role": "replica", "dcs_last_seen": ${Math.floor(tFail / 1000)}, "database_system_identifier": "7${rng.int(100000000, 999999999)}${rng.int(100000000, 999999999)}", "patroni": {"version": "3.3.2", "scope": "orders-pg", "name": "pg-0"}}`,
    "pattern",
  );
  pat(
    tPromote,
    "pg-1",
    "WARNING",
    "Could not activate Linux watchdog device: Can't open watchdog device: [Errno 2] No such file or directory: '/dev/watchdog'",
    null,
  );
  pat(tPromote + 5, "pg-1", "INFO", "promoted self to leader by acquiring session lock", "pattern");
  pat(tPromote + rng.int(100, 300), "pg-1", "INFO", "Lock owner: pg-1; I am pg-1", "pattern");
  pat(tPromote + rng.int(400, 700), "pg-1", "INFO", "updated leader lock during promote", "pattern");
  const pm1 = pgPid["pg-1"];
  pg(tPromote + rng.int(300, 500), "pg-1", pm1 + 3, "", "LOG", "received promote request", "pattern");
  pg(
    tPromote + rng.int(510, 600),
    "pg-1",
    pm1 + 3,
    "",
    "LOG",
    `redo done at 5/${rng.hex(8).toUpperCase()} system usage: CPU: user: 0.00 s, system: 0.00 s, elapsed: 0.01 s`,
    "pattern",
  );
  pg(tPromote + rng.int(610, 700), "pg-1", pm1 + 3, "", "LOG", `last completed transaction was at log time ${f.space(tDemote + 100, 6, ".")}+00`, "pattern");
  pg(tPromote + rng.int(710, 800), "pg-1", pm1 + 3, "", "LOG", `selected new timeline ID: ${tl}`, "pattern");
  pg(tPromote + rng.int(810, 880), "pg-1", pm1 + 3, "", "LOG", "archive recovery complete", "pattern");
  pg(tReady - 5, "pg-1", pm1 + 7, "", "LOG", "checkpoint starting: force", null);
  pg(tReady, "pg-1", pm1, "", "LOG", "database system is ready to accept connections", "pattern");

  // reconnect storm on the new primary (log_connections = on)
  const nConn = rng.int(45, 70);
  for (let i = 0; i < nConn; i++) {
    const t = tReady + Math.round(rng.exp(6000));
    const ip = rng.pick(appIps);
    const p = backend();
    pg(t, "pg-1", p, "", "LOG", `connection received: host=${ip} port=${rng.int(32768, 60999)}`, "pattern");
    pg(
      t + rng.int(2, 9),
      "pg-1",
      p,
      "",
      "LOG",
      `connection authorized: user=orders_app database=orders application_name=PostgreSQL JDBC Driver SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)`,
      "pattern",
    );
  }
  // cold cache on the new primary: slow statements
  const slowRate = (t: number): number => (t > tReady && t < tWarm ? 0.22 * (1 - (t - tReady) / (tWarm - tReady)) + 0.02 : 0);
  b.flow(tReady, tWarm, slowRate, (t) => {
    const q = rng.pick([
      "SELECT o.id, o.status, o.total_cents, i.sku, i.qty FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 20",
      "SELECT * FROM payments WHERE order_id = $1 FOR UPDATE",
      "UPDATE orders SET status = $1, updated_at = now() WHERE id = $2",
      "SELECT count(*) FROM outbox_events WHERE published_at IS NULL",
    ]);
    pg(
      t,
      "pg-1",
      backend(),
      sess("pg-1", "orders-service", rng.pick(appIps)),
      "LOG",
      `duration: ${rng.logn(2600, 0.5).toFixed(3)} ms  execute <unnamed>: ${q}`,
      "performance",
    );
  });
  // DCS reachable again: pg-0 rewinds and follows pg-1
  const tBack = tHeal + rng.int(22600, 23500);
  pat(tHeal, "pg-0", "INFO", "Lock owner: pg-1; I am pg-0", null);
  pat(tHeal + rng.int(500, 1500), "pg-0", "INFO", "running pg_rewind from pg-1", "pattern");
  pat(tHeal + rng.int(9000, 15000), "pg-0", "INFO", "pg_rewind exited with code=0", "pattern");
  pat(tHeal + rng.int(16000, 19000), "pg-0", "INFO", "starting as a secondary", "pattern");
  pg(
    tHeal + rng.int(20000, 21000),
    "pg-0",
    pgPid["pg-0"] + 50,
    "",
    "LOG",
    `database system was shut down in recovery at ${f.space(tHeal + 15000, 0)} UTC`,
    null,
  );
  pg(tHeal + rng.int(21100, 21500), "pg-0", pgPid["pg-0"] + 50, "", "LOG", "entering standby mode", null);
  pg(tHeal + rng.int(21600, 22500), "pg-0", pgPid["pg-0"] + 50, "", "LOG", `consistent recovery state reached at 5/${rng.hex(8).toUpperCase()}`, null);
  pg(tBack, "pg-0", pgPid["pg-0"] + 49, "", "LOG", "database system is ready to accept read-only connections", null);
  pg(
    tBack + rng.int(600, 1500),
    "pg-0",
    pgPid["pg-0"] + 55,
    "",
    "LOG",
    `started streaming WAL from primary at 5/${rng.hex(6).toUpperCase()}00 on timeline ${tl}`,
    null,
  );

  // ---------------------------------------------------------------- orders-service: logback text in Docker json-file, one entry per line
  const dk = (t: number, line: string, l: Label = null, stream: "stdout" | "stderr" = "stdout", subNs?: number): void =>
    b.add(t, f.docker(t, stream, line, subNs), l);
  const java = (t: number, thread: string, level: string, logger: string, msg: string, l: Label = null, stack: string[] = []): void => {
    const base = rng.int(0, 400000);
    dk(t, f.logback(t, thread, level, logger, msg), l, "stdout", base);
    stack.forEach((s, i) => {
      dk(t, s, l, "stdout", base + (i + 1) * rng.int(9000, 20000));
    });
  };
  const exec = (): string => `http-nio-8080-exec-${rng.int(1, 40)}`;
  const conn = (): string => `org.postgresql.jdbc.PgConnection@${rng.hex(8).replace(/^0+/, "")}`;
  let orderId = rng.int(4000000, 4900000);
  const down = (t: number): boolean => t > tDemote && t < tReady;
  b.flow(start, end, 0.16, (t) => {
    if (down(t)) return;
    const k = rng.weighted([
      ["created", 5],
      ["paid", 4],
      ["shipped", 2],
      ["outbox", 3],
    ] as const);
    if (k === "created")
      java(
        t,
        exec(),
        "INFO",
        "c.a.orders.api.OrderController",
        `Order ${orderId++} created for customer ${rng.int(10000, 999999)} (${rng.int(1, 6)} items, total ${rng.float(9, 400).toFixed(2)} EUR)`,
      );
    else if (k === "paid")
      java(t, exec(), "INFO", "c.a.orders.payment.PaymentService", `Payment ${rng.alnum(10)} authorized for order ${orderId - rng.int(1, 40)}`);
    else if (k === "shipped")
      java(
        t,
        "kafka-listener-1",
        "INFO",
        "c.a.orders.events.ShipmentListener",
        `Order ${orderId - rng.int(50, 400)} marked SHIPPED (carrier=${rng.pick(["DHL", "UPS", "GLS"])})`,
      );
    else java(t, "scheduling-1", "INFO", "c.a.orders.outbox.OutboxRelay", `Relayed ${rng.int(1, 30)} outbox events in ${rng.int(8, 90)} ms`);
  });
  b.flow(start, end, 1 / 260, (t) => {
    java(t, exec(), "WARN", "o.h.engine.jdbc.spi.SqlExceptionHelper", "SQL Error: 0, SQLState: 23505");
    java(
      t + 1,
      exec(),
      "ERROR",
      "o.h.engine.jdbc.spi.SqlExceptionHelper",
      `ERROR: duplicate key value violates unique constraint "orders_idempotency_key_key"\n  Detail: Key (idempotency_key)=(${rng.uuid()}) already exists.`,
    );
  });
  // broken connections as pg-0 shuts its sessions down
  const brokenStack = [
    "org.postgresql.util.PSQLException: FATAL: terminating connection due to administrator command",
    "\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2733)",
    "\tat org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2420)",
    "\tat org.postgresql.core.v3.QueryExecutorImpl.execute(QueryExecutorImpl.java:372)",
    "\tat org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:518)",
    "\tat org.postgresql.jdbc.PgPreparedStatement.executeWithFlags(PgPreparedStatement.java:194)",
    "\tat com.zaxxer.hikari.pool.ProxyPreparedStatement.executeQuery(ProxyPreparedStatement.java:52)",
    "\tat org.hibernate.sql.results.jdbc.internal.DeferredResultSetAccess.executeQuery(DeferredResultSetAccess.java:246)",
    "\t... 118 common frames omitted",
  ];
  const nBroken = rng.int(4, 8);
  for (let i = 0; i < nBroken; i++) {
    const t = tDemote + rng.int(250, 2500);
    java(
      t,
      exec(),
      "WARN",
      "com.zaxxer.hikari.pool.ProxyConnection",
      `HikariPool-1 - Connection ${conn()} marked as broken because of SQLSTATE(57P01), ErrorCode(0)`,
      "error",
      i < 2 ? brokenStack : [],
    );
  }
  for (let t = tDemote + rng.int(600, 1500); t < tReady; t += rng.int(2500, 6000)) {
    java(
      t,
      "HikariPool-1 connection adder",
      "WARN",
      "com.zaxxer.hikari.pool.PoolBase",
      `HikariPool-1 - Pool is empty, failed to create/setup connection (${rng.uuid()})`,
      "error",
      [
        `org.postgresql.util.PSQLException: Connection to ${pg0Ip}:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.`,
        "\tat org.postgresql.core.v3.ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:352)",
        "\tat org.postgresql.core.ConnectionFactory.openConnection(ConnectionFactory.java:54)",
        "\tat org.postgresql.jdbc.PgConnection.<init>(PgConnection.java:273)",
        "\t... 6 common frames omitted",
      ],
    );
  }
  // requests waiting for a connection give up after connectionTimeout=5000
  b.flow(tDemote + 5000, tReady + 400, 0.55, (t) => {
    const waiting = rng.int(15, 60);
    java(t, exec(), "WARN", "o.h.engine.jdbc.spi.SqlExceptionHelper", "SQL Error: 0, SQLState: 08001", "performance");
    java(
      t,
      exec(),
      "ERROR",
      "o.h.engine.jdbc.spi.SqlExceptionHelper",
      `HikariPool-1 - Connection is not available, request timed out after 5000ms (total=0, active=0, idle=0, waiting=${waiting})`,
      "performance",
    );
    java(
      t + rng.int(2, 10),
      exec(),
      "ERROR",
      "o.a.c.c.C.[.[.[/].[dispatcherServlet]",
      `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection [HikariPool-1 - Connection is not available, request timed out after 5000ms (total=0, active=0, idle=0, waiting=${waiting})] [n/a]] with root cause`,
      "error",
      [
        `java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5000ms (total=0, active=0, idle=0, waiting=${waiting})`,
        "\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)",
        "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)",
        "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:144)",
        "\tat com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:127)",
        "\t... 96 common frames omitted",
      ],
    );
  });
  java(
    tReady + rng.int(300, 2000),
    "HikariPool-1 housekeeper",
    "INFO",
    "com.zaxxer.hikari.pool.HikariPool",
    "HikariPool-1 - Pool stats (total=20, active=9, idle=11, waiting=0)",
    null,
  );

  // ---------------------------------------------------------------- billing-worker: structlog JSON in Docker json-file; hard-wired to pg-0
  const tFix = tBack + rng.int(150, 260) * 1000;
  const sl = (t: number, level: string, event: string, fields: Record<string, unknown>, l: Label = null): void =>
    dk(t, JSON.stringify({ ...fields, event, level, logger: "billing.worker", timestamp: f.isoD(t, 6) }), l, "stderr");
  b.flow(start, end, 0.05, (t) => {
    if (t > tDemote && t < tFix) return;
    sl(t, "info", "invoice batch committed", { batch_id: rng.int(100000, 999999), invoices: rng.int(1, 40), duration_ms: rng.int(40, 400) });
  });
  {
    let i = 0;
    for (let t = tDemote + rng.int(300, 900); t < tBack; i++) {
      const backoff = Math.min(30, 0.5 * 2 ** (i % 7));
      sl(
        t,
        "warning",
        "db operation failed, retrying",
        {
          attempt: (i % 7) + 1,
          backoff_s: backoff,
          error: `psycopg.OperationalError: connection failed: connection to server at "${pg0Ip}", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?`,
        },
        "pattern",
      );
      if (i % 7 === 6) sl(t + 3, "error", "invoice batch failed", { batch_id: rng.int(100000, 999999), error: "giving up after 7 attempts" }, "error");
      t += Math.round(backoff * 1000) + rng.int(5, 40);
    }
  }
  b.flow(tBack + 500, tFix, 1 / 20, (t) => {
    pg(t, "pg-0", backend(), sess("pg-0", "billing-worker", appIps[1] ?? "10.0.4.100"), "ERROR", "cannot execute INSERT in a read-only transaction", "error", [
      ["STATEMENT", "INSERT INTO invoice_lines (invoice_id, order_id, amount_cents, vat_cents) VALUES ($1, $2, $3, $4)"],
    ]);
    sl(
      t + rng.int(2, 9),
      "error",
      "invoice batch failed",
      { batch_id: rng.int(100000, 999999), error: "psycopg.errors.ReadOnlySqlTransaction: cannot execute INSERT in a read-only transaction" },
      "error",
    );
  });
  sl(tFix, "info", "received SIGTERM, finishing current batch", {});
  sl(tFix + rng.int(3000, 6000), "info", "worker starting", {
    version: "2.7.1",
    db_host: "orders-pg-primary.service.consul",
    queues: ["invoices", "credit-notes"],
  });

  // ---------------------------------------------------------------- nginx access log in front of orders-service (plain text file)
  const routes: [string, number][] = [
    ["GET /api/orders/{id}", 30],
    ["GET /api/customers/{cid}/orders?page=1", 14],
    ["POST /api/orders", 12],
    ["POST /api/orders/{id}/payment", 8],
    ["GET /api/orders/{id}/invoice.pdf", 3],
    ["GET /actuator/health", 10],
  ];
  b.flow(start, end, 0.5, (t) => {
    const [m, p0] = rng.weighted(routes).split(" ") as [string, string];
    const path = p0.replace("{id}", String(rng.int(4000000, 4900000))).replace("{cid}", String(rng.int(10000, 999999)));
    const health = path === "/actuator/health";
    let st = m === "POST" && path === "/api/orders" ? 201 : 200;
    let urt = health ? rng.logn(0.003, 0.3) : rng.logn(0.035, 0.5);
    let l: Label = null;
    if (!health && down(t)) {
      if (rng.chance(0.75)) {
        urt = rng.float(5.0, 5.05);
        st = 500;
        l = "error";
      } else {
        urt = Math.max(0.8, (tReady - t) / 1000 + rng.float(0.05, 0.3));
        l = urt > 1 ? "performance" : null;
      }
    } else if (health && down(t)) {
      st = 503;
      urt = rng.float(1, 3);
      l = "error";
    } else if (!health && t > tReady && t < tWarm && rng.chance(0.5 * (1 - (t - tReady) / (tWarm - tReady)) + 0.1)) {
      urt = rng.logn(2.4, 0.5);
      l = urt > 1 ? "performance" : null;
    }
    if (l === null && !health && rng.chance(0.008)) st = 404;
    const done = t + Math.round(urt * 1000) + 1;
    const uct = rng.float(0, 0.001).toFixed(3);
    const uht = Math.max(0, urt - rng.float(0, 0.002)).toFixed(3);
    const ua = health ? "ELB-HealthChecker/2.0" : rng.chance(0.6) ? rng.pick(APP_UA) : rng.pick(BROWSER_UA);
    const ip = health ? `10.0.0.${rng.int(10, 250)}` : publicIp(rng);
    const bytes = st === 500 ? 178 : st === 503 ? 197 : st === 404 ? 153 : rng.int(80, 6000);
    b.add(
      done,
      f.combined(
        ip,
        "-",
        done,
        `${m} ${path} HTTP/1.1`,
        st,
        bytes,
        "-",
        ua,
        ` rt=${((done - t) / 1000).toFixed(3)} uct="${uct}" uht="${uht}" urt="${urt.toFixed(3)}"`,
      ),
      l,
    );
  });

  return b.finish(
    "s02-postgres-failover",
    "Patroni fails PostgreSQL over from a partitioned pg-0 to pg-1: broken and exhausted JDBC pools, billing retries, a reconnect storm and a cold cache on the new primary, stale writes to the demoted node.",
  );
}
