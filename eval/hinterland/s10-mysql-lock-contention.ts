// 10) A payout batch started during business hours updates account_balances in
// big transactions; billing-api's payment writes queue behind its row locks:
// lock wait timeouts (1205), deadlocks (1213) with InnoDB dumps, slow-log entries
// with huge Lock_time, and slow or failed requests. Middle of the window.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, round, ipIn, ipPublic, BROWSER_UAS, isoZ, type Label } from "./lib.js";
import { log4j2, caddyAccess, mysqlJson, filebeat, structlog, zap } from "./producers.js";

export function s10MysqlLockContention(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(84, 96) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const epStart = T0 + W * r.float(0.38, 0.48);
  const epEnd = epStart + r.int(14, 19) * MIN;
  const c = (t: number): number => {
    if (t < epStart || t >= epEnd) return 0;
    const x = (t - epStart) / (epEnd - epStart);
    return Math.min(1, x * 5) * Math.min(1, (1 - x) * 8);
  };
  const lockWaitTimeout = 50; // innodb_lock_wait_timeout, seconds

  const rs = r.rsHash();
  const pods = [0, 1, 2].map(() => `billing-api-${rs}-${r.podSuffix()}`);
  const threadN = 40;
  const app = (
    t: number,
    lv: "debug" | "info" | "warn" | "error",
    pod: string,
    logger: string,
    msg: string,
    thrown?: { name: string; message: string; frames: string[] },
    lbl: Label = null,
  ): void => {
    const th = `http-nio-8080-exec-${r.int(1, 50)}`;
    sink.add(t, log4j2(t, lv, logger, th, threadN + r.int(0, 60), msg, { service: "billing-api", pod, env: "prod" }, thrown), lbl);
  };
  const HELPER = "org.hibernate.engine.jdbc.spi.SqlExceptionHelper";
  const FRAMES_UPD = [
    "com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:124)",
    "com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping.translateException(SQLExceptionsMapping.java:122)",
    "com.mysql.cj.jdbc.ClientPreparedStatement.executeInternal(ClientPreparedStatement.java:916)",
    "com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeUpdate(HikariProxyPreparedStatement.java:61)",
    "org.hibernate.engine.jdbc.internal.ResultSetReturnImpl.executeUpdate(ResultSetReturnImpl.java:275)",
    "com.acme.billing.payments.BalanceRepository.debit(BalanceRepository.java:88)",
    "com.acme.billing.payments.PaymentService.payInvoice(PaymentService.java:142)",
  ];
  let deadlocks = 0;
  let txn = r.int(90_000_000, 99_000_000);

  // ------------------------------------------------------------ requests: caddy + billing-api
  const routes = [
    { m: "POST", p: "/v1/invoices/{id}/pay", w: 30, ms: 45, writes: true },
    { m: "POST", p: "/v1/charges", w: 15, ms: 60, writes: true },
    { m: "GET", p: "/v1/invoices/{id}", w: 35, ms: 8, writes: false },
    { m: "GET", p: "/v1/accounts/{id}/balance", w: 20, ms: 5, writes: false },
  ];
  for (const t of arrivals(r, T0, T1, (x) => 12 * (1 + 0.12 * Math.sin((x - T0) / (17 * MIN))))) {
    const rt = r.weighted(routes.map((x) => [x, x.w] as const));
    const pod = r.pick(pods);
    const id = rt.p.includes("accounts") ? String(r.int(10000, 99999)) : `in_${r.b62(14)}`;
    const uri = rt.p.replace("{id}", id);
    let ms = r.logn(rt.ms, 0.4);
    let status = rt.m === "POST" ? (rt.p === "/v1/charges" ? 201 : 200) : r.chance(0.02) ? 404 : 200;
    let lbl: Label = null;
    const k = c(t);
    if (rt.writes && k > 0 && r.chance(0.25 + 0.7 * k)) {
      // the write waits on a row lock held by the payout batch
      const wait = Math.min(lockWaitTimeout * 1000 + 5, r.exp(4000 + 40000 * k));
      const th = t + 5 + wait;
      if (wait >= lockWaitTimeout * 1000) {
        app(th, "warn", pod, HELPER, "SQL Error: 1205, SQLState: 40001", undefined, "performance");
        app(th + 0.3, "error", pod, HELPER, "Lock wait timeout exceeded; try restarting transaction", undefined, "performance");
        app(
          th + 2,
          "error",
          pod,
          "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
          `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: org.springframework.dao.CannotAcquireLockException: could not execute statement [Lock wait timeout exceeded; try restarting transaction] [update account_balances set available_minor=?, version=? where account_id=? and version=?]; SQL [update account_balances set available_minor=?, version=? where account_id=? and version=?]] with root cause`,
          {
            name: "com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException",
            message: "Lock wait timeout exceeded; try restarting transaction",
            frames: FRAMES_UPD,
          },
          "performance",
        );
        status = 503;
        ms = wait + r.float(6, 20);
        lbl = "performance";
      } else if (k > 0.3 && r.chance(0.12)) {
        // this one deadlocks against the batch and is retried
        deadlocks++;
        app(th, "warn", pod, HELPER, "SQL Error: 1213, SQLState: 40001", undefined, "error");
        app(th + 0.3, "error", pod, HELPER, "Deadlock found when trying to get lock; try restarting transaction", undefined, "error");
        app(
          th + 1,
          "info",
          pod,
          "com.acme.billing.support.RetryingTx",
          `Retrying payInvoice for ${id} after CannotAcquireLockException (attempt 2 of 3)`,
          undefined,
          "error",
        );
        mysqlDeadlock(th - 1, ++txn, id);
        ms = wait + r.float(30, 400) + rt.ms;
        lbl = ms > 1000 ? "performance" : null;
      } else {
        ms = wait + ms;
        lbl = ms > 1000 ? "performance" : null;
      }
    }
    const end = t + ms;
    app(end, "info", pod, "com.acme.billing.web.RequestLoggingFilter", `Completed ${rt.m} ${uri} ${status} in ${Math.round(ms)} ms`, undefined, lbl);
    sink.add(
      end + 1,
      caddyAccess(end + 1, {
        remoteIp: ipPublic(r),
        method: rt.m,
        host: "api.billing.example.com",
        uri,
        ua: r.pick(["acme-sdk-python/4.2.0", "acme-sdk-node/6.1.3", "Go-http-client/2.0", "curl/8.4.0"]),
        durationS: round((ms + 1.2) / 1000, 6),
        size: status >= 500 ? 86 : r.int(200, 2400),
        status,
      }),
      lbl,
    );
  }
  // non-billing caddy traffic: dashboard static assets
  for (const t of arrivals(r, T0, T1, 3)) {
    sink.add(
      t,
      caddyAccess(t, {
        remoteIp: ipPublic(r),
        method: "GET",
        host: "dashboard.billing.example.com",
        uri: r.pick(["/", "/assets/index-4f2a.js", "/assets/index-9c1e.css", "/favicon.svg", "/invoices"]),
        ua: r.pick(BROWSER_UAS),
        durationS: round(r.logn(0.002, 0.6), 6),
        size: r.int(500, 300000),
        status: r.chance(0.05) ? 304 : 200,
      }),
    );
  }

  // ------------------------------------------------------------ MySQL error log (JSON sink)
  function mysqlDeadlock(t: number, trx: number, inv: string): void {
    const th = r.int(400, 900);
    const ml = (dt: number, msg: string, code: number, sym: string): void => {
      sink.add(
        t + dt,
        mysqlJson(t + dt, "Note", {
          errCode: code,
          symbol: sym,
          subsystem: "InnoDB",
          msg,
          thread: th,
          file: "lock0lock.cc",
          fn: "print_all_deadlocks",
          line: 6480,
        }),
        "error",
      );
    };
    ml(0, "Transactions deadlock detected, dumping detailed information.", 10614, "ER_IB_MSG_646");
    ml(
      0.1,
      `\n*** (1) TRANSACTION:\n\nTRANSACTION ${trx}, ACTIVE ${r.int(8, 40)} sec starting index read\nmysql tables in use 1, locked 1\nLOCK WAIT ${r.int(40, 400)} lock struct(s), heap size ${r.int(40000, 90000)}, ${r.int(500, 4000)} row lock(s), undo log entries ${r.int(400, 3000)}\nMySQL thread id ${r.int(1000, 9000)}, OS thread handle ${r.digits(15)}, query id ${r.digits(9)} 10.60.3.${r.int(2, 250)} payout updating\nUPDATE account_balances SET available_minor = available_minor - 1250, version = version + 1 WHERE account_id IN (...)`,
      10615,
      "ER_IB_MSG_647",
    );
    ml(
      0.2,
      `\n*** (1) HOLDS THE LOCK(S):\n\nRECORD LOCKS space id ${r.int(80, 200)} page no ${r.int(1000, 9000)} n bits 200 index PRIMARY of table \`billing\`.\`account_balances\` trx id ${trx} lock_mode X locks rec but not gap`,
      10615,
      "ER_IB_MSG_647",
    );
    ml(
      0.3,
      `\n*** (2) TRANSACTION:\n\nTRANSACTION ${trx + r.int(5, 90)}, ACTIVE 0 sec starting index read\nmysql tables in use 1, locked 1\nLOCK WAIT 3 lock struct(s), heap size 1128, 2 row lock(s)\nMySQL thread id ${r.int(1000, 9000)}, OS thread handle ${r.digits(15)}, query id ${r.digits(9)} 10.60.1.${r.int(2, 250)} billing updating\nupdate account_balances set available_minor=-3400, version=${r.int(10, 900)} where account_id=${r.int(10000, 99999)} and version=${r.int(10, 900)}`,
      10615,
      "ER_IB_MSG_647",
    );
    ml(
      0.4,
      `\n*** (2) WAITING FOR THIS LOCK TO BE GRANTED:\n\nRECORD LOCKS space id ${r.int(80, 200)} page no ${r.int(1000, 9000)} n bits 200 index PRIMARY of table \`billing\`.\`account_balances\` trx id ${trx} lock_mode X locks rec but not gap waiting`,
      10615,
      "ER_IB_MSG_647",
    );
    ml(0.5, `*** WE ROLL BACK TRANSACTION (2)`, 10616, "ER_IB_MSG_648");
    void inv;
  }
  for (const t of arrivals(r, T0, T1, 0.15)) {
    sink.add(
      t,
      mysqlJson(t, "Note", {
        errCode: 10925,
        symbol: "ER_ABORTING_USER_CONNECTION",
        subsystem: "Server",
        msg: `Aborted connection ${r.int(100000, 999999)} to db: 'billing' user: 'reporting' host: '10.60.9.${r.int(2, 250)}' (Got an error reading communication packets).`,
        thread: r.int(1000, 9999),
        file: "sql_connect.cc",
        fn: "end_connection",
        line: 794,
        state: "08S01",
      }),
    );
  }
  for (const t of ticks(r, T0, T1, 30 * MIN, 60000)) {
    sink.add(
      t,
      mysqlJson(t, "System", {
        errCode: 13253,
        symbol: "ER_BINLOG_PURGE_LOGS",
        subsystem: "Repl",
        msg: `Purged binary log files up to mysql-bin.${String(r.int(4000, 4999)).padStart(6, "0")}.`,
        thread: r.int(10, 99),
        file: "binlog.cc",
        fn: "purge_logs",
        line: 6132,
      }),
    );
  }

  // ------------------------------------------------------------ MySQL slow query log via filebeat mysql module
  let slowOff = r.int(1e6, 9e6);
  const slow = (t: number, qt: number, lt: number, sent: number, exam: number, user: string, host: string, sql: string, lbl: Label): void => {
    const line = `# Time: ${isoZ(t, 6)}\n# User@Host: ${user}[${user}] @  [${host}]  Id: ${r.int(1000, 9999)}\n# Query_time: ${qt.toFixed(6)}  Lock_time: ${lt.toFixed(6)} Rows_sent: ${sent}  Rows_examined: ${exam}\nSET timestamp=${Math.floor(t / 1000)};\n${sql}`;
    slowOff += line.length + 1;
    sink.add(
      t,
      filebeat(t, line, {
        path: "/var/log/mysql/mysql-slow.log",
        host: "billing-mysql-0",
        offset: slowOff,
        parsed: {
          event: { dataset: "mysql.slowlog", module: "mysql", duration: Math.round(qt * 1e9) },
          mysql: { slowlog: { lock_time: { sec: lt }, rows_sent: sent, rows_examined: exam, query: sql, current_user: user } },
          user: { name: user },
          source: { ip: host },
          service: { type: "mysql" },
        },
      }),
      lbl,
    );
  };
  for (const t of arrivals(r, T0, T1, 0.12)) {
    slow(
      t,
      r.float(2.1, 6),
      0.00002,
      r.int(20, 400),
      r.int(200000, 3000000),
      "reporting",
      `10.60.9.${r.int(2, 250)}`,
      "SELECT DATE(created_at) d, currency, SUM(amount_minor) FROM invoices WHERE created_at >= NOW() - INTERVAL 30 DAY GROUP BY 1, 2;",
      null,
    );
  }
  for (const t of arrivals(r, epStart, epEnd, (x) => 3.5 * c(x))) {
    const lt = r.float(2, lockWaitTimeout - 1) * Math.max(0.3, c(t));
    slow(
      t,
      lt + r.float(0.001, 0.05),
      lt,
      0,
      1,
      "billing",
      `10.60.1.${r.int(2, 250)}`,
      `UPDATE account_balances SET available_minor=${-r.int(100, 90000)}, version=${r.int(10, 900)} WHERE account_id=${r.int(10000, 99999)} AND version=${r.int(10, 900)};`,
      "performance",
    );
  }

  // ------------------------------------------------------------ payout-batch (structlog): the lock holder
  const batchId = `po_${r.b62(10)}`;
  const chunks = r.int(80, 110);
  const bStart = epStart - r.int(40, 80) * 1000;
  sink.add(
    bStart,
    structlog(
      bStart,
      "info",
      "payout batch started",
      { batch_id: batchId, accounts: chunks * 500, chunks, trigger: "manual", requested_by: r.pick(["m.keller", "s.ahmed", "j.novak"]) },
      "payouts.batch",
    ),
  );
  {
    let t = bStart + r.int(3000, 6000);
    let n = 1;
    while (t < epEnd - 20000 && n <= chunks) {
      const dur = r.float(5, 12) * (1 + 1.5 * c(t));
      t += dur * 1000;
      if (c(t) > 0.3 && r.chance(0.08)) {
        sink.add(
          t,
          structlog(
            t,
            "warn",
            "chunk hit deadlock, retrying",
            { batch_id: batchId, chunk: n, attempt: 2, error: "(1213, 'Deadlock found when trying to get lock; try restarting transaction')" },
            "payouts.batch",
          ),
          "error",
        );
        t += r.float(1000, 3000);
      }
      sink.add(
        t,
        structlog(t, "info", "applied payout chunk", { batch_id: batchId, chunk: n, of: chunks, rows: 500, elapsed_s: round(dur, 2) }, "payouts.batch"),
      );
      if (dur > 10)
        slow(
          t,
          dur,
          r.float(0.0001, 0.01),
          0,
          500,
          "payout",
          "10.60.3.17",
          `UPDATE account_balances SET available_minor = available_minor - payout_minor, version = version + 1 WHERE account_id IN (${r.int(10000, 99999)}, ${r.int(10000, 99999)}, ...);`,
          c(t) > 0 ? "performance" : null,
        );
      n++;
    }
    sink.add(
      epEnd,
      structlog(
        epEnd,
        "info",
        "payout batch finished",
        { batch_id: batchId, chunks_done: n - 1, duration_s: Math.round((epEnd - bStart) / 1000) },
        "payouts.batch",
      ),
    );
  }

  // ------------------------------------------------------------ billing-worker (zap): invoice events
  const wpods = [0, 1].map(() => `billing-worker-${r.rsHash()}-${r.podSuffix()}`);
  for (const t of arrivals(r, T0, T1, 3)) {
    const ev = r.pick(["invoice.finalized", "invoice.voided", "charge.refunded"]);
    if (c(t) > 0.25 && ev !== "invoice.voided" && r.chance(0.3 * c(t))) {
      sink.add(
        t + lockWaitTimeout * 1000,
        zap(t + lockWaitTimeout * 1000, "error", "handle event failed, will retry", {
          logger: "worker",
          caller: "worker/handler.go:118",
          fields: {
            event: ev,
            pod: r.pick(wpods),
            attempt: 1,
            error: "update balance: Error 1205 (HY000): Lock wait timeout exceeded; try restarting transaction",
          },
        }),
        "performance",
      );
      continue;
    }
    sink.add(
      t,
      zap(t, "info", "event processed", {
        logger: "worker",
        caller: "worker/handler.go:96",
        fields: { event: ev, pod: r.pick(wpods), elapsed: `${round(r.logn(18, 0.4), 3)}ms`, partition: r.int(0, 11) },
      }),
    );
  }
  void deadlocks;
  void ipIn;

  return sink.build(
    "mysql-lock-contention-payouts",
    "A manually started payout batch holds row locks on account_balances; billing-api writes wait, time out (1205) and deadlock (1213), the slow log fills with huge Lock_time, and payment requests slow down or fail.",
  );
}
