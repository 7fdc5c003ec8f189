// A PostgreSQL primary (jsonlog, shipped with a service field) and its main client (logback JSON):
// WAL archiving breaks, the data volume fills, writes fail with ENOSPC, the server crashes and
// recovers, then a disk guard puts the cluster read-only.

import type { Scenario } from "../blind/types.js";
import { type Entry, isoOffset, type Label, LogBook, MIN, pgTime, poissonTimes, ramp, rngFor, SEC, startTime } from "./kit.js";

export function postgresDiskFull(seed: number): Scenario {
  const name = "postgres-disk-full";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const db = r.pick(["orders-db", "pg-orders", "billing-postgres"]);
  const dbname = db.includes("billing") ? "billing" : "orders";
  const app = r.pick(["orders-api", "order-service", "fulfilment-api"]);
  const agent = r.pick(["node-agent", "disk-guard", "host-sentinel"]);
  const host = `${db}-0`;
  const tz = r.pick([0, 60, 120, -300]);
  const t0 = startTime(r);
  const onset = t0 + r.int(3, 6) * MIN; // archive_command starts failing
  const full = onset + r.int(22, 28) * MIN; // the volume is full
  const crash = full + r.int(40, 90) * SEC;
  const recovered = crash + r.int(20, 45) * SEC;
  const readOnly = recovered + r.int(60, 150) * SEC;
  const end = readOnly + r.int(6, 10) * MIN;
  const usedPct = (t: number): number => (t < onset ? 74 : Math.min(100, ramp(t, onset, full, 74, 100)));
  const wal = r.int(0x10, 0x40) * 256 + r.int(0, 200);
  const walName = (): string =>
    `00000001000000${(wal >> 8).toString(16).toUpperCase().padStart(2, "0")}000000${(wal & 0xff).toString(16).toUpperCase().padStart(2, "0")}`;

  const pids = new Map<string, number>();
  const pidOf = (key: string): number => {
    let p = pids.get(key);
    if (p === undefined) {
      p = r.int(1000, 99999);
      pids.set(key, p);
    }
    return p;
  };
  const pg = (t: number, label: Label, sev: string, message: string, extra: Entry = {}, client = true): void => {
    const pid = client ? r.int(1000, 99999) : pidOf(String(extra.backend_type ?? "postmaster"));
    const base: Entry = client
      ? {
          timestamp: pgTime(t),
          user: "app",
          dbname,
          pid,
          remote_host: `10.4.${r.int(0, 15)}.${r.int(2, 250)}`,
          session_id: `${r.hex(8)}.${r.hex(4)}`,
          error_severity: sev,
        }
      : { timestamp: pgTime(t), pid, session_id: `${(t0 / 1000).toString(16).slice(0, 8)}.${pid.toString(16)}`, error_severity: sev };
    book.add(t, label, { ...base, message, ...extra, service: db, host, backend_type: extra.backend_type ?? (client ? "client backend" : "postmaster") });
  };
  const java = (t: number, label: Label, level: string, logger: string, message: string, extra: Entry = {}): void => {
    book.add(t, label, {
      "@timestamp": isoOffset(t, tz),
      "@version": "1",
      message,
      logger_name: logger,
      thread_name: `http-nio-8080-exec-${r.int(1, 40)}`,
      level,
      level_value: { TRACE: 5000, DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 }[level],
      service: app,
      ...extra,
    });
  };

  // Application traffic: reads always work, writes fail once the disk is full.
  for (const t of poissonTimes(r, t0, end, r.float(46, 58))) {
    const write = r.chance(0.35);
    const down = t >= crash && t < recovered;
    const traceId = r.hex(16);
    if (!write) {
      if (down) {
        java(t + 5, "error", "ERROR", "com.zaxxer.hikari.pool.HikariPool", "HikariPool-1 - Exception during pool initialization.", {
          trace_id: traceId,
          stack_trace:
            "org.postgresql.util.PSQLException: FATAL: the database system is in recovery mode\n\tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:693)\n\tat com.zaxxer.hikari.pool.HikariPool.createPoolEntry(HikariPool.java:476)",
        });
        pg(t + 4, "error", "FATAL", "the database system is in recovery mode", { state_code: "57P03", application_name: "" });
        continue;
      }
      const ms = Math.round(r.logNormal(18, 0.4));
      java(t + ms, null, "INFO", "c.s.orders.web.RequestLogFilter", `GET /api/orders/${r.int(100000, 999999)} completed 200 in ${ms} ms`, {
        trace_id: traceId,
        http_status: 200,
        duration_ms: ms,
      });
      continue;
    }
    const ms = Math.round(r.logNormal(42, 0.4));
    if (t >= full && t < crash) {
      const rel = `${r.int(16000, 16999)}/${r.int(24000, 26000)}${r.chance(0.5) ? `.${r.int(1, 9)}` : ""}`;
      pg(t + ms - 2, "error", "ERROR", `could not extend file "base/${rel}": No space left on device`, {
        state_code: "53100",
        hint: "Check free disk space.",
        statement: "insert into order_line (order_id, sku, qty, price_cents) values ($1, $2, $3, $4)",
        application_name: "PostgreSQL JDBC Driver",
      });
      java(
        t + ms,
        "error",
        "ERROR",
        "o.h.engine.jdbc.spi.SqlExceptionHelper",
        `ERROR: could not extend file "base/${rel}": No space left on device\n  Hint: Check free disk space.`,
        { trace_id: traceId },
      );
      java(t + ms + 1, "error", "ERROR", "c.s.orders.web.RequestLogFilter", `POST /api/orders completed 500 in ${ms + 1} ms`, {
        trace_id: traceId,
        http_status: 500,
        duration_ms: ms + 1,
      });
      continue;
    }
    if (down) {
      java(t + 5, "error", "ERROR", "c.s.orders.web.RequestLogFilter", "POST /api/orders completed 503 in 5 ms", {
        trace_id: traceId,
        http_status: 503,
        duration_ms: 5,
      });
      continue;
    }
    if (t >= readOnly) {
      pg(t + ms - 2, "error", "ERROR", "cannot execute INSERT in a read-only transaction", {
        state_code: "25006",
        statement: "insert into orders (id, customer_id, status, total_cents, created_at) values ($1, $2, $3, $4, $5)",
        application_name: "PostgreSQL JDBC Driver",
      });
      java(t + ms, "error", "ERROR", "c.s.orders.api.OrderController", "Failed to place order", {
        trace_id: traceId,
        stack_trace:
          "org.springframework.dao.InvalidDataAccessResourceUsageException: could not execute statement; SQL [n/a]\nCaused by: org.postgresql.util.PSQLException: ERROR: cannot execute INSERT in a read-only transaction\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)\n\tat org.postgresql.jdbc.PgPreparedStatement.executeUpdate(PgPreparedStatement.java:152)",
      });
      java(t + ms + 1, "error", "ERROR", "c.s.orders.web.RequestLogFilter", `POST /api/orders completed 500 in ${ms + 1} ms`, {
        trace_id: traceId,
        http_status: 500,
        duration_ms: ms + 1,
      });
      continue;
    }
    if (r.chance(0.03)) {
      // A client retrying with the same idempotency key: routine.
      pg(t + ms - 1, null, "ERROR", 'duplicate key value violates unique constraint "orders_idempotency_key_key"', {
        state_code: "23505",
        detail: `Key (idempotency_key)=(${r.uuid()}) already exists.`,
        statement: "insert into orders (id, customer_id, status, total_cents, created_at, idempotency_key) values ($1, $2, $3, $4, $5, $6)",
        application_name: "PostgreSQL JDBC Driver",
      });
      java(t + ms, null, "WARN", "c.s.orders.api.OrderController", "Duplicate order submission ignored (idempotency key reused)", { trace_id: traceId });
      java(t + ms + 1, null, "INFO", "c.s.orders.web.RequestLogFilter", `POST /api/orders completed 200 in ${ms + 1} ms`, {
        trace_id: traceId,
        http_status: 200,
        duration_ms: ms + 1,
      });
      continue;
    }
    java(t + ms, null, "INFO", "c.s.orders.web.RequestLogFilter", `POST /api/orders completed 201 in ${ms} ms`, {
      trace_id: traceId,
      http_status: 201,
      duration_ms: ms,
    });
  }

  // Server housekeeping.
  for (let t = t0 + r.int(0, 5 * MIN); t < end; t += 5 * MIN) {
    if (t >= crash && t < recovered + MIN) continue;
    pg(t, null, "LOG", "checkpoint starting: time", { backend_type: "checkpointer" }, false);
    const bufs = r.int(900, 9000);
    const w = r.float(200, 269);
    pg(
      t + Math.round(w * 1000),
      null,
      "LOG",
      `checkpoint complete: wrote ${bufs} buffers (${((bufs / 131072) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${t > onset ? 0 : r.int(1, 4)} recycled; write=${w.toFixed(3)} s, sync=0.00${r.int(1, 9)} s, total=${(w + 0.01).toFixed(3)} s; sync files=${r.int(20, 90)}, longest=0.00${r.int(1, 4)} s, average=0.001 s; distance=${r.int(8000, 90000)} kB, estimate=${r.int(60000, 95000)} kB`,
      { backend_type: "checkpointer" },
      false,
    );
  }
  for (const t of poissonTimes(r, t0, end, 0.6)) {
    if (t >= crash && t < recovered) continue;
    const table = r.pick(["order_line", "orders", "shipment_event", "outbox"]);
    pg(
      t,
      null,
      "LOG",
      `automatic vacuum of table "${dbname}.public.${table}": index scans: ${r.int(0, 1)}\npages: 0 removed, ${r.int(2000, 90000)} remain, ${r.int(10, 900)} scanned (${r.float(0.1, 4).toFixed(2)}% of total)\ntuples: ${r.int(100, 9000)} removed, ${r.int(100000, 9000000)} remain, 0 are dead but not yet removable`,
      { backend_type: "autovacuum worker" },
      false,
    );
  }
  for (const t of poissonTimes(r, t0, end, 1.1)) {
    if (t >= crash && t < recovered) continue;
    const d = r.float(500, 1900);
    pg(
      t,
      null,
      "LOG",
      `duration: ${d.toFixed(3)} ms  execute <unnamed>: select o.id, o.status, sum(l.qty * l.price_cents) from orders o join order_line l on l.order_id = o.id where o.customer_id = $1 group by o.id`,
      { application_name: "PostgreSQL JDBC Driver" },
    );
  }

  // The root cause: archive_command fails every minute from the onset, so WAL is never removed.
  // The archiver retries the same segment until it succeeds.
  for (let t = onset; t < crash; t += MIN + r.int(-800, 800)) {
    for (let k = 0; k < 3; k++) {
      pg(
        t + k * SEC,
        "error",
        "LOG",
        "archive command failed with exit code 1",
        { detail: `The failed archive command was: wal-g wal-push pg_wal/${walName()}`, backend_type: "archiver" },
        false,
      );
    }
    pg(
      t + 3 * SEC,
      "error",
      "WARNING",
      `archiving write-ahead log file "${walName()}" failed too many times, will try again later`,
      { backend_type: "archiver" },
      false,
    );
  }

  // The crash on a failed WAL write, and the recovery.
  pg(crash, "error", "PANIC", `could not write to file "pg_wal/xlogtemp.${r.int(1000, 99999)}": No space left on device`, { backend_type: "walwriter" }, false);
  pg(crash + 40, "error", "LOG", `WAL writer process (PID ${pidOf("walwriter")}) was terminated by signal 6: Aborted`, {}, false);
  pg(crash + 41, "error", "LOG", "terminating any other active server processes", {}, false);
  pg(crash + 900, "error", "LOG", "all server processes terminated; reinitializing", {}, false);
  pg(
    crash + 1200,
    "error",
    "LOG",
    `database system was interrupted; last known up at ${pgTime(crash - r.int(60, 280) * SEC).slice(0, 19)} UTC`,
    { backend_type: "startup" },
    false,
  );
  pg(crash + 1900, "error", "LOG", "database system was not properly shut down; automatic recovery in progress", { backend_type: "startup" }, false);
  pg(crash + 1950, "pattern", "LOG", `redo starts at ${(wal >> 8).toString(16).toUpperCase()}/${r.hex(8).toUpperCase()}`, { backend_type: "startup" }, false);
  pg(
    recovered - 300,
    "pattern",
    "LOG",
    `redo done at ${(wal >> 8).toString(16).toUpperCase()}/${r.hex(8).toUpperCase()} system usage: CPU: user: ${r.float(1, 9).toFixed(2)} s, system: ${r.float(0.5, 3).toFixed(2)} s, elapsed: ${r.float(10, 40).toFixed(2)} s`,
    { backend_type: "startup" },
    false,
  );
  pg(recovered, "pattern", "LOG", "database system is ready to accept connections", {}, false);

  // The disk guard: heartbeats, then threshold crossings, then the read-only switch.
  const agentLog = (t: number, label: Label, level: string, msg: string, extra: Entry = {}): void => {
    book.add(t, label, { ts: isoOffset(t, 0), level, caller: "guard/watch.go:88", msg, service: agent, host, ...extra });
  };
  let warned = false;
  let critical = false;
  let lastReminder = 0;
  for (let t = t0 + r.int(0, 30 * SEC); t < end; t += 30 * SEC) {
    const u = usedPct(t);
    agentLog(t, null, "info", "heartbeat sent", { checks: 12 });
    if (!warned && u >= 85) {
      warned = true;
      agentLog(t + 5, "pattern", "warn", `filesystem usage above warning threshold mount=/var/lib/postgresql used_pct=${u.toFixed(1)} threshold=85`, {
        used_pct: Number(u.toFixed(1)),
      });
    }
    if (!critical && u >= 95) {
      critical = true;
      lastReminder = t;
      agentLog(t + 5, "pattern", "error", `filesystem usage above critical threshold mount=/var/lib/postgresql used_pct=${u.toFixed(1)} threshold=95`, {
        used_pct: Number(u.toFixed(1)),
      });
    } else if (critical && t - lastReminder >= 2 * MIN) {
      lastReminder = t;
      agentLog(t + 5, "pattern", "error", `filesystem still above critical threshold mount=/var/lib/postgresql used_pct=${u.toFixed(1)}`, {
        used_pct: Number(u.toFixed(1)),
      });
    }
  }
  agentLog(readOnly - 800, "pattern", "warn", `storage protection engaged: setting default_transaction_read_only=on for cluster ${db}`, {
    action: "read_only",
  });
  pg(readOnly - 500, "pattern", "LOG", "received SIGHUP, reloading configuration files", {}, false);
  pg(readOnly - 499, "pattern", "LOG", 'parameter "default_transaction_read_only" changed to "on"', {}, false);
  // An earlier, routine reload of an unrelated parameter.
  const routine = t0 + r.int(1, Math.max(2, Math.floor((onset - t0) / MIN))) * MIN - 20 * SEC;
  pg(routine, null, "LOG", "received SIGHUP, reloading configuration files", {}, false);
  pg(routine + 1, null, "LOG", 'parameter "log_min_duration_statement" changed to "500"', {}, false);

  return book.scenario(
    name,
    `WAL archiving of ${db} fails, its volume fills, writes from ${app} fail with ENOSPC, the server crashes and recovers, then it is switched read-only`,
  );
}
