// A fault in the database under a ledger spreading to every caller above it.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, javaStack, type Ln, MIN, nginxLine, nodeStack, podName, Rng, userAgent, windowStart, Lines } from "./kit.js";

/**
 * A table-rewriting migration on the ledger's PostgreSQL takes an exclusive lock mid-morning:
 * inserts wait on it and time out, the ledger service's pool runs dry, the payments API's calls
 * to it time out and the edge nginx answers 503s. Reads that never touch the ledger stay normal.
 */
export function ledgerMigrationCascade(seed: number): Scenario {
  const r = new Rng(seed, "ledger-migration-cascade");
  const start = windowStart(r, 8);
  const end = start + 2 * HOUR;
  const onset = start + Math.floor(r.float(0.45, 0.6) * 2 * HOUR);
  const lines = new Lines();
  const edgeHost = `edge-${r.int(1, 4)}`;
  const payPods = [podName(r, "payments-api"), podName(r, "payments-api"), podName(r, "payments-api")];
  const ledgerHosts = [podName(r, "ledger-svc"), podName(r, "ledger-svc")];
  const dbHost = "ledger-db-0";
  const table = "journal_entries";
  const relOid = r.int(16400, 17900);
  const dbOid = 16384;
  const migrationPid = r.int(20000, 30000);
  let lineNum = 1;
  const db = (t: number, lvl: Ln["lvl"], msg: string, label: Ln["label"], meta: Record<string, string | number> = {}, f: Record<string, unknown> = {}): Ln => ({
    t,
    svc: "ledger-db",
    lvl,
    msg,
    label,
    fmt: "pgjson",
    host: dbHost,
    meta: { user: "ledger", dbname: "ledger", remote_host: r.privateIp("10.0"), application_name: "PostgreSQL JDBC Driver", line_num: lineNum++, ...meta },
    f,
  });

  // ---- database housekeeping, all window ----
  for (const t of r.every(start, end, 5 * MIN, 5000)) {
    const bufs = r.int(900, 2600);
    lines.push(
      db(t, "INFO", "checkpoint starting: time", null, { user: "", dbname: "", remote_host: "", application_name: "", backend_type: "checkpointer", ps: "" }),
    );
    lines.push(
      db(
        t + r.int(265_000, 272_000),
        "INFO",
        `checkpoint complete: wrote ${bufs} buffers (${((bufs / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(1, 3)} recycled; write=${r.float(268, 271).toFixed(3)} s, sync=0.0${r.int(10, 40)} s, total=${r.float(269, 272).toFixed(3)} s; sync files=${r.int(30, 70)}, longest=0.00${r.int(2, 9)} s, average=0.001 s; distance=${r.int(12000, 19000)} kB, estimate=${r.int(15000, 19000)} kB`,
        null,
        { user: "", dbname: "", remote_host: "", application_name: "", backend_type: "checkpointer", ps: "" },
      ),
    );
  }
  for (const t of r.times(r.int(30, 45), start, end)) {
    const pid = r.int(20000, 30000);
    const host = r.privateIp("10.0");
    lines.push(
      db(t, "INFO", `connection received: host=${host} port=${r.int(40000, 60000)}`, null, {
        pid,
        remote_host: host,
        user: "[unknown]",
        dbname: "[unknown]",
        application_name: "",
      }),
    );
    lines.push(
      db(
        t + r.int(2, 9),
        "INFO",
        "connection authorized: user=ledger database=ledger application_name=PostgreSQL JDBC Driver SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)",
        null,
        { pid, remote_host: host },
      ),
    );
  }
  for (const t of r.times(r.int(10, 18), start, end))
    lines.push(
      db(
        t,
        "INFO",
        `duration: ${r.float(251, 420).toFixed(3)} ms  statement: SELECT id, account_id, amount, currency, posted_at FROM ${table} WHERE account_id = $1 ORDER BY posted_at DESC LIMIT 500`,
        null,
        { ps: "SELECT" },
      ),
    );
  for (const t of r.times(r.int(3, 5), start, onset - 10 * MIN))
    lines.push(
      db(
        t,
        "INFO",
        `automatic vacuum of table "ledger.public.idempotency_keys": index scans: 1\npages: 0 removed, ${r.int(2000, 4000)} remain, ${r.int(100, 500)} scanned (8.41% of total)\ntuples: ${r.int(2000, 9000)} removed, ${r.int(90000, 120000)} remain, 0 are dead but not yet removable`,
        null,
        { user: "", dbname: "", remote_host: "", application_name: "", backend_type: "autovacuum worker", ps: "" },
      ),
    );

  // ---- the migration: the root ----
  lines.push(
    db(onset, "INFO", `statement: ALTER TABLE ${table} ALTER COLUMN amount TYPE numeric(20,4) USING amount::numeric(20,4)`, "pattern", {
      pid: migrationPid,
      user: "migrator",
      application_name: "flyway",
      remote_host: "10.0.9.14",
      ps: "ALTER TABLE",
    }),
  );

  // ---- requests: edge -> payments -> ledger -> db ----
  const requests = r.times(r.int(1150, 1300), start, end);
  const poolDryAt = onset + r.int(6, 10) * MIN;
  for (const t0 of requests) {
    const reqId = r.hex(32);
    const ip = r.publicIp();
    const ua = userAgent(r);
    const payPod = r.pick(payPods);
    const ledgerHost = r.pick(ledgerHosts);
    const write = r.chance(0.72);
    if (!write) {
      const id = `pay_${r.alnum(14)}`;
      const ms = Math.max(2, Math.round(r.logn(9, 0.4)));
      lines.push({
        t: t0 + ms,
        svc: "payments-api",
        lvl: "INFO",
        msg: "payment fetched",
        label: null,
        fmt: "pino",
        host: payPod,
        f: { req_id: reqId, paymentId: id, duration_ms: ms },
      });
      lines.push(
        nginxLine(
          t0 + ms + 1,
          "edge-nginx",
          {
            ip,
            method: "GET",
            path: `/v1/payments/${id}`,
            status: 200,
            bytes: r.int(600, 1400),
            rt: (ms + 2) / 1000,
            ua,
            upstream: `${r.privateIp("10.0")}:3000`,
          },
          null,
          edgeHost,
        ),
      );
      continue;
    }
    const since = t0 - onset;
    const frac = since / (end - onset);
    const troubled = since > 0 && r.chance(Math.min(0.9, 0.25 + frac * 0.9));
    const entryId = r.uuid();
    const account = `acct_${r.int(100000, 999999)}`;
    if (!troubled) {
      const ledgerMs = Math.max(3, Math.round(r.logn(12, 0.35)));
      const payMs = ledgerMs + Math.max(8, Math.round(r.logn(30, 0.35)));
      lines.push({
        t: t0 + ledgerMs,
        svc: "ledger-svc",
        lvl: "INFO",
        msg: "Posted journal entry",
        label: null,
        fmt: "logback",
        host: ledgerHost,
        logger: "com.acme.ledger.JournalService",
        meta: { thread: `http-nio-8080-exec-${r.int(1, 50)}` },
        f: { trace_id: reqId, entry_id: entryId, account_id: account, elapsed_ms: ledgerMs },
      });
      lines.push({
        t: t0 + payMs,
        svc: "payments-api",
        lvl: "INFO",
        msg: "payment authorized",
        label: null,
        fmt: "pino",
        host: payPod,
        f: { req_id: reqId, amount_minor: r.int(100, 250000), currency: r.pick(["EUR", "USD"]), duration_ms: payMs },
      });
      lines.push(
        nginxLine(
          t0 + payMs + 1,
          "edge-nginx",
          {
            ip,
            method: "POST",
            path: "/v1/payments",
            status: 201,
            bytes: r.int(400, 900),
            rt: (payMs + 3) / 1000,
            ua,
            upstream: `${r.privateIp("10.0")}:3000`,
          },
          null,
          edgeHost,
        ),
      );
      continue;
    }
    const pid = r.int(20000, 30000);
    const dbMeta = { pid, ps: "INSERT", application_name: "PostgreSQL JDBC Driver" };
    const poolDry = t0 > poolDryAt && r.chance(0.35);
    let ledgerMs: number;
    let ledgerOk: boolean;
    if (poolDry) {
      ledgerMs = 30_000 + r.int(0, 40);
      ledgerOk = false;
      lines.push({
        t: t0 + ledgerMs,
        svc: "ledger-svc",
        lvl: "ERROR",
        msg: "Failed to post journal entry",
        label: "error",
        fmt: "logback",
        host: ledgerHost,
        logger: "com.acme.ledger.JournalService",
        meta: { thread: `http-nio-8080-exec-${r.int(1, 50)}` },
        f: { trace_id: reqId, entry_id: entryId, account_id: account },
        stack: javaStack(
          r,
          "org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection\nCaused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms (total=20, active=20, idle=0, waiting=41)",
          "com.acme.ledger",
          [
            "com.zaxxer.hikari.pool.HikariPool.createTimeoutException",
            "com.zaxxer.hikari.pool.HikariPool.getConnection",
            "com.acme.ledger.JournalRepository.insert",
            "com.acme.ledger.JournalService.post",
          ],
        ),
      });
    } else {
      const wait = r.float(1.5, 42) * 1000;
      lines.push(
        db(
          t0 + 1005,
          "INFO",
          `process ${pid} still waiting for RowExclusiveLock on relation ${relOid} of database ${dbOid} after 1000.${r.int(100, 999)} ms`,
          "performance",
          dbMeta,
          {
            detail: `Process holding the lock: ${migrationPid}. Wait queue: ${pid}.`,
            statement: `INSERT INTO ${table} (id, account_id, amount, currency, posted_at) VALUES ($1, $2, $3, $4, $5)`,
          },
        ),
      );
      if (wait < 30_000) {
        ledgerMs = Math.round(wait) + r.int(3, 12);
        ledgerOk = true;
        lines.push(
          db(
            t0 + Math.round(wait),
            "INFO",
            `duration: ${wait.toFixed(3)} ms  statement: INSERT INTO ${table} (id, account_id, amount, currency, posted_at) VALUES ($1, $2, $3, $4, $5)`,
            "performance",
            dbMeta,
          ),
        );
        lines.push({
          t: t0 + ledgerMs,
          svc: "ledger-svc",
          lvl: "INFO",
          msg: "Posted journal entry",
          label: "performance",
          fmt: "logback",
          host: ledgerHost,
          logger: "com.acme.ledger.JournalService",
          meta: { thread: `http-nio-8080-exec-${r.int(1, 50)}` },
          f: { trace_id: reqId, entry_id: entryId, account_id: account, elapsed_ms: ledgerMs },
        });
        if (wait > 20_000 && r.chance(0.5))
          lines.push({
            t: t0 + 20_000,
            svc: "ledger-svc",
            lvl: "WARNING",
            msg: `Connection leak detection triggered for org.postgresql.jdbc.PgConnection@${r.hex(8)} on thread http-nio-8080-exec-${r.int(1, 50)}, stack trace follows`,
            label: "pattern",
            fmt: "logback",
            host: ledgerHost,
            logger: "com.zaxxer.hikari.pool.ProxyLeakTask",
            meta: { thread: "HikariPool-1 housekeeper" },
          });
      } else {
        ledgerMs = 30_000 + r.int(5, 30);
        ledgerOk = false;
        lines.push(
          db(t0 + 30_000, "ERROR", "canceling statement due to statement timeout", "error", dbMeta, {
            state_code: "57014",
            statement: `INSERT INTO ${table} (id, account_id, amount, currency, posted_at) VALUES ($1, $2, $3, $4, $5)`,
          }),
        );
        lines.push({
          t: t0 + ledgerMs,
          svc: "ledger-svc",
          lvl: "ERROR",
          msg: "Failed to post journal entry",
          label: "error",
          fmt: "logback",
          host: ledgerHost,
          logger: "com.acme.ledger.JournalService",
          meta: { thread: `http-nio-8080-exec-${r.int(1, 50)}` },
          f: { trace_id: reqId, entry_id: entryId, account_id: account },
          stack: javaStack(
            r,
            "org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [INSERT INTO journal_entries ...]\nCaused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout",
            "com.acme.ledger",
            [
              "org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse",
              "org.postgresql.jdbc.PgPreparedStatement.executeUpdate",
              "com.acme.ledger.JournalRepository.insert",
              "com.acme.ledger.JournalService.post",
            ],
          ),
        });
      }
    }
    if (ledgerOk && ledgerMs < 10_000) {
      const payMs = ledgerMs + Math.max(8, Math.round(r.logn(30, 0.35)));
      const slow = payMs > 1000;
      lines.push({
        t: t0 + payMs,
        svc: "payments-api",
        lvl: "INFO",
        msg: "payment authorized",
        label: slow ? "performance" : null,
        fmt: "pino",
        host: payPod,
        f: { req_id: reqId, amount_minor: r.int(100, 250000), currency: "EUR", duration_ms: payMs },
      });
      lines.push(
        nginxLine(
          t0 + payMs + 1,
          "edge-nginx",
          {
            ip,
            method: "POST",
            path: "/v1/payments",
            status: 201,
            bytes: r.int(400, 900),
            rt: (payMs + 3) / 1000,
            ua,
            upstream: `${r.privateIp("10.0")}:3000`,
          },
          slow ? "performance" : null,
          edgeHost,
        ),
      );
    } else {
      const payMs = 10_000 + r.int(2, 25);
      lines.push({
        t: t0 + payMs,
        svc: "payments-api",
        lvl: "ERROR",
        msg: "ledger call failed",
        label: "error",
        fmt: "pino",
        host: payPod,
        exc: "AxiosError",
        stack: nodeStack(r, "AxiosError: timeout of 10000ms exceeded", [
          "RedirectableRequest.handleRequestTimeout",
          "LedgerClient.post",
          "PaymentsService.authorize",
        ]),
        f: { req_id: reqId, upstream: "http://ledger-svc:8080/v1/journal", code: "ECONNABORTED", duration_ms: payMs },
      });
      lines.push(
        nginxLine(
          t0 + payMs + 2,
          "edge-nginx",
          { ip, method: "POST", path: "/v1/payments", status: 503, bytes: 162, rt: (payMs + 4) / 1000, ua, upstream: `${r.privateIp("10.0")}:3000` },
          "error",
          edgeHost,
        ),
      );
    }
  }
  // clients retrying open new connections until the slots run out
  for (const t of r.times(r.int(6, 12), poolDryAt + 2 * MIN, end))
    lines.push(
      db(
        t,
        "CRITICAL",
        "remaining connection slots are reserved for non-replication superuser connections",
        "error",
        { user: "ledger", application_name: "", ps: "startup" },
        { state_code: "53300" },
      ),
    );

  return finish(
    "ledger-migration-cascade",
    "A table-rewriting migration locks the ledger's PostgreSQL table; inserts wait and time out, the ledger's pool runs dry, payments' calls time out and the edge answers 503s",
    lines,
  );
}
