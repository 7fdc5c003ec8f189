/**
 * Payments stack of a web shop. A schema migration (ALTER TABLE ledger_entries ...) is
 * started mid-afternoon while a long analytics query holds a share lock on the same
 * table. The migration's AccessExclusiveLock request queues behind it and every ledger
 * read and write queues behind the migration. Postgres logs lock waits and statement
 * timeouts; ledger-service (Spring, logstash JSON) runs out of pool connections and times
 * out; payments-api times out on ledger calls, then its circuit breaker opens and it
 * rejects payments fast; checkout-bff (Node) returns 502/504 to shoppers. After 10-22
 * minutes a DBA cancels the analytics query, the migration finishes, the queue drains
 * with a few very slow completions and the breaker closes again. fraud-scorer and
 * notification-svc are not involved. Postgres jsonlog is shipped with an added
 * `level`/`service`; the other services use their own loggers (logback, pino, Python,
 * zap).
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

function isoZ(t: number): string {
  return new Date(Math.floor(t)).toISOString();
}
function isoOff(t: number): string {
  return new Date(Math.floor(t)).toISOString().replace("Z", "+00:00");
}

export function s03LedgerLockCascade(seed: number): Scenario {
  const rng = new Rng(seed, "s03-ledger-lock-cascade");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(70, 105);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 12, 16);
  const end = start + span;
  const T0 = start + Math.floor(span * rng.float(0.3, 0.55));
  const T1 = T0 + rng.int(10 * 60, 22 * 60) * 1000;
  const incident = (t: number): boolean => t >= T0 && t < T1;

  const relId = rng.int(16400, 16499);
  const dbId = rng.int(16384, 16390);
  const anaPid = rng.int(2000, 9000);
  const migPid = anaPid + rng.int(50, 900);
  let nextPid = rng.int(10000, 20000);
  const ledgerPods = [`ledger-service-${rng.alnum(9)}-${rng.alnum(5)}`, `ledger-service-${rng.alnum(9)}-${rng.alnum(5)}`];
  const paymentsPod = `payments-api-${rng.alnum(9)}-${rng.alnum(5)}`;

  // ---- producers ------------------------------------------------------------
  const pg = (t: number, sev: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => {
    const level = sev === "LOG" ? "INFO" : sev === "PANIC" ? "FATAL" : sev;
    return {
      timestamp: isoZ(t),
      service: "ledger-db",
      level,
      error_severity: sev,
      dbname: "ledger",
      user: "ledger_app",
      backend_type: "client backend",
      message,
      ...extra,
    };
  };
  const logback = (
    t: number,
    app: string,
    level: string,
    logger: string,
    thread: string,
    message: string,
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> => ({
    "@timestamp": isoOff(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: thread,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app,
    HOSTNAME: app === "payments-api" ? paymentsPod : rng.pick(ledgerPods),
    ...extra,
  });
  const bff = (t: number, level: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    time: isoZ(t),
    service: "checkout-bff",
    hostname: "checkout-bff-7f9c6d8b5-" + (["x2kqp", "m8dtw", "r4vzn"] as const)[Math.floor(t / 1000) % 3],
    ...extra,
    msg,
  });
  const fraud = (t: number, level: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    timestamp: isoOff(t),
    levelname: level,
    name: "fraud.scoring",
    service: "fraud-scorer",
    message,
    ...extra,
  });
  const notif = (t: number, level: string, caller: string, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    level,
    ts: isoZ(t),
    caller,
    msg,
    service: "notification-svc",
    ...extra,
  });

  const traceId = (): string => rng.hex(32);
  const payId = (): string => `pay_${rng.alnum(14)}`;
  const acct = (): string => `acct-${rng.int(100000, 999999)}`;
  const ledgerThread = (): string => `http-nio-8080-exec-${rng.int(1, 40)}`;
  const payThread = (): string => `http-nio-8080-exec-${rng.int(1, 60)}`;

  // ---- circuit breaker state in payments-api ---------------------------------
  let cb: "CLOSED" | "OPEN" | "HALF_OPEN" = "CLOSED";
  let openedAt = 0;
  let recent: boolean[] = [];
  let halfCalls = 0;
  const cbLine = (t: number, from: string, to: string): void => {
    add(
      t,
      logback(
        t,
        "payments-api",
        "WARN",
        "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
        payThread(),
        `CircuitBreaker 'ledger' changed state from ${from} to ${to}`,
      ),
      "error",
    );
  };

  // ledger request while the table lock queue is blocked
  const ledgerBlocked = (ts: number, tr: string, kind: "post" | "balance"): void => {
    const sinceT0 = ts - T0;
    const poolExhausted = sinceT0 > 90_000 && rng.chance(0.55);
    if (poolExhausted) {
      const tt = ts + 30_000 + rng.int(0, 40);
      if (tt < T1 + 500) {
        add(
          tt,
          logback(
            tt,
            "ledger-service",
            "ERROR",
            "com.zaxxer.hikari.pool.HikariPool",
            ledgerThread(),
            "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            {
              traceId: tr,
              duration_ms: 30000,
              stack_trace:
                "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\n\tat com.shopco.ledger.repo.EntryRepository.insert(EntryRepository.java:57)",
            },
          ),
          "performance",
        );
      } else {
        const w = Math.max(200, T1 - ts + rng.int(50, 2500));
        const tt2 = ts + w;
        add(
          tt2,
          logback(
            tt2,
            "ledger-service",
            "WARN",
            "com.shopco.ledger.api.EntryController",
            ledgerThread(),
            kind === "post" ? `Posted entry txn=${payId()} account=${acct()} in ${w}ms` : `Balance lookup account=${acct()} in ${w}ms`,
            { traceId: tr, duration_ms: w },
          ),
          "performance",
        );
      }
      return;
    }
    const pid = nextPid++;
    const lockMode = kind === "post" ? "RowExclusiveLock" : "AccessShareLock";
    const tw = ts + 1000 + rng.int(0, 20);
    add(
      tw,
      pg(
        tw,
        "LOG",
        `process ${pid} still waiting for ${lockMode} on relation ${relId} of database ${dbId} after ${(1000 + rng.float(0.01, 0.2)).toFixed(3)} ms`,
        { pid, detail: `Process holding the lock: ${anaPid}. Wait queue: ${migPid}, ${pid}.`, application_name: "PostgreSQL JDBC Driver" },
      ),
      "performance",
    );
    if (ts + 45_000 < T1) {
      const tc = ts + 45_000 + rng.int(0, 30);
      add(
        tc,
        pg(tc, "ERROR", "canceling statement due to statement timeout", {
          pid,
          statement:
            kind === "post"
              ? "INSERT INTO ledger_entries (id, account_id, amount_minor, currency, txn_ref, created_at) VALUES ($1,$2,$3,$4,$5,now())"
              : "SELECT sum(amount_minor) FROM ledger_entries WHERE account_id = $1",
          application_name: "PostgreSQL JDBC Driver",
        }),
        "performance",
      );
      add(
        tc + 3,
        logback(
          tc + 3,
          "ledger-service",
          "ERROR",
          "com.shopco.ledger.api.ErrorHandler",
          ledgerThread(),
          `Request failed: ${kind === "post" ? "POST /v1/entries" : "GET /v1/accounts/balance"}`,
          {
            traceId: tr,
            duration_ms: 45003,
            stack_trace:
              "org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [INSERT INTO ledger_entries ...]; ERROR: canceling statement due to statement timeout\n\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:99)\nCaused by: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout",
          },
        ),
        "performance",
      );
    } else {
      const ta = T1 + rng.int(300, 2500);
      const waited = ta - ts;
      add(
        ta,
        pg(ta, "LOG", `process ${pid} acquired ${lockMode} on relation ${relId} of database ${dbId} after ${(waited - 1).toFixed(3)} ms`, {
          pid,
          application_name: "PostgreSQL JDBC Driver",
        }),
        "performance",
      );
      add(
        ta + 4,
        logback(
          ta + 4,
          "ledger-service",
          "WARN",
          "com.shopco.ledger.api.EntryController",
          ledgerThread(),
          kind === "post" ? `Posted entry txn=${payId()} account=${acct()} in ${waited + 4}ms` : `Balance lookup account=${acct()} in ${waited + 4}ms`,
          { traceId: tr, duration_ms: waited + 4 },
        ),
        "performance",
      );
    }
  };

  // ---- checkout traffic drives payments, fraud, ledger and notifications -----
  const coGap = 60_000 / rng.float(7, 9);
  let t = start + rng.exp(coGap);
  while (t < end) {
    const tr = traceId();
    const cart = `cart_${rng.alnum(10)}`;
    const p = payId();
    const tp = t + rng.int(15, 60);
    // fraud check always happens first
    const fms = Math.round(rng.logNormal(22, 0.3));
    add(
      tp + 2,
      fraud(tp + 2, "INFO", `score computed payment=${p} score=${rng.float(0.01, 0.4).toFixed(3)} rules_hit=${rng.int(0, 3)} in ${fms}ms`, {
        trace_id: tr,
        duration_ms: fms,
      }),
      null,
    );
    const tl = tp + fms + rng.int(3, 10);

    if (cb === "OPEN" && tl >= openedAt + 60_000) {
      cb = "HALF_OPEN";
      halfCalls = 0;
      cbLine(openedAt + 60_000, "OPEN", "HALF_OPEN");
    }
    if (cb === "OPEN") {
      add(
        tl + 1,
        logback(
          tl + 1,
          "payments-api",
          "WARN",
          "com.shopco.payments.LedgerClient",
          payThread(),
          `Ledger posting rejected for ${p}: CircuitBreaker 'ledger' is OPEN and does not permit further calls`,
          { traceId: tr },
        ),
        "error",
      );
      const pms = tl + 3 - tp;
      add(
        tl + 3,
        logback(tl + 3, "payments-api", "INFO", "com.shopco.payments.web.AccessLog", payThread(), `POST /v2/payments 503 in ${pms}ms`, {
          traceId: tr,
          duration_ms: pms,
          status: 503,
        }),
        "error",
      );
      const bms = tl + 3 - t + rng.int(10, 40);
      add(
        t + bms,
        bff(t + bms, "error", `POST /api/checkout 502 in ${bms}ms`, {
          traceId: tr,
          cartId: cart,
          latency_ms: bms,
          err: { type: "UpstreamError", message: "payments-api responded 503 Service Unavailable" },
        }),
        "error",
      );
    } else {
      const fail = incident(tl);
      if (cb === "HALF_OPEN") {
        halfCalls++;
        if (fail) {
          cb = "OPEN";
          openedAt = tl + 10_000;
          cbLine(openedAt, "HALF_OPEN", "OPEN");
        } else if (halfCalls >= 3) {
          cb = "CLOSED";
          recent = [];
          cbLine(tl + 40, "HALF_OPEN", "CLOSED");
        }
      } else {
        recent.push(fail);
        if (recent.length > 10) recent.shift();
        if (recent.filter((x) => x).length >= 5) {
          cb = "OPEN";
          openedAt = tl + 10_000;
          cbLine(openedAt, "CLOSED", "OPEN");
        }
      }
      if (fail) {
        ledgerBlocked(tl, tr, "post");
        const tto = tl + 10_000 + rng.int(0, 20);
        add(
          tto,
          logback(
            tto,
            "payments-api",
            "ERROR",
            "com.shopco.payments.LedgerClient",
            payThread(),
            `Ledger call failed for ${p}: I/O error on POST request for "http://ledger-service:8080/v1/entries": Read timed out`,
            {
              traceId: tr,
              stack_trace:
                'org.springframework.web.client.ResourceAccessException: I/O error on POST request for "http://ledger-service:8080/v1/entries": Read timed out\nCaused by: java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)',
            },
          ),
          "performance",
        );
        const pms = tto + 4 - tp;
        add(
          tto + 4,
          logback(tto + 4, "payments-api", "WARN", "com.shopco.payments.web.AccessLog", payThread(), `POST /v2/payments 503 in ${pms}ms`, {
            traceId: tr,
            duration_ms: pms,
            status: 503,
          }),
          "performance",
        );
        const bms = tto + 4 - t + rng.int(10, 40);
        add(
          t + bms,
          bff(t + bms, "error", `POST /api/checkout 502 in ${bms}ms`, {
            traceId: tr,
            cartId: cart,
            latency_ms: bms,
            err: { type: "UpstreamError", message: "payments-api responded 503 Service Unavailable" },
          }),
          "performance",
        );
      } else {
        const lms = Math.round(rng.logNormal(9, 0.35));
        add(
          tl + lms,
          logback(
            tl + lms,
            "ledger-service",
            "INFO",
            "com.shopco.ledger.api.EntryController",
            ledgerThread(),
            `Posted entry txn=${p} account=${acct()} in ${lms}ms`,
            { traceId: tr, duration_ms: lms },
          ),
          null,
        );
        const pend = tl + lms + rng.int(60, 160);
        const pms = pend - tp;
        add(
          pend,
          logback(pend, "payments-api", "INFO", "com.shopco.payments.web.AccessLog", payThread(), `POST /v2/payments 201 in ${pms}ms`, {
            traceId: tr,
            duration_ms: pms,
            status: 201,
          }),
          null,
        );
        const bend = pend + rng.int(80, 260);
        const bms = bend - t;
        add(bend, bff(bend, "info", `POST /api/checkout 200 in ${bms}ms`, { traceId: tr, cartId: cart, latency_ms: bms }), null);
        if (rng.chance(0.9)) {
          const tn = bend + rng.int(200, 1500);
          add(tn, notif(tn, "info", "mailer/queue.go:88", "receipt email queued", { payment_id: p, template: "receipt_v4", latency_ms: rng.int(2, 12) }), null);
        }
      }
    }
    t += rng.exp(coGap);
  }

  // ---- wallet balance page: bff -> ledger directly --------------------------
  const balGap = 60_000 / rng.float(3, 4.5);
  t = start + rng.exp(balGap);
  while (t < end) {
    const tr = traceId();
    const tl = t + rng.int(5, 20);
    if (incident(tl)) {
      ledgerBlocked(tl, tr, "balance");
      const tt = t + 15_000 + rng.int(0, 20);
      add(
        tt,
        bff(tt, "error", `GET /api/wallet/balance 504 in ${tt - t}ms`, {
          traceId: tr,
          latency_ms: tt - t,
          err: { type: "TimeoutError", message: "ledger-service did not respond within 15000ms" },
        }),
        "performance",
      );
    } else {
      const lms = Math.round(rng.logNormal(4, 0.35));
      add(
        tl + lms,
        logback(tl + lms, "ledger-service", "INFO", "com.shopco.ledger.api.BalanceController", ledgerThread(), `Balance lookup account=${acct()} in ${lms}ms`, {
          traceId: tr,
          duration_ms: lms,
        }),
        null,
      );
      const b = tl + lms + rng.int(8, 30);
      add(b, bff(b, "info", `GET /api/wallet/balance 200 in ${b - t}ms`, { traceId: tr, latency_ms: b - t }), null);
    }
    t += rng.exp(balGap);
  }

  // ---- payments status polling (no ledger) ---------------------------------
  const stGap = 60_000 / rng.float(4, 6);
  t = start + rng.exp(stGap);
  while (t < end) {
    const ms = Math.round(rng.logNormal(16, 0.3));
    add(
      t,
      logback(t, "payments-api", "INFO", "com.shopco.payments.web.AccessLog", payThread(), `GET /v2/payments/${payId()} 200 in ${ms}ms`, {
        traceId: traceId(),
        duration_ms: ms,
        status: 200,
      }),
      null,
    );
    t += rng.exp(stGap);
  }

  // ---- routine chatter -------------------------------------------------------
  const every = (mean: number, fn: (tt: number) => void): void => {
    let tt = start + rng.exp(mean);
    while (tt < end) {
      fn(tt);
      tt += rng.exp(mean);
    }
  };
  // checkpoints every 5 minutes
  for (let c = start + rng.int(0, 299_999); c < end; c += 300_000) {
    add(c, pg(c, "LOG", "checkpoint starting: time", { pid: 61, user: "", dbname: "", backend_type: "checkpointer" }), null);
    const w = rng.float(150, 200);
    add(
      c + w * 1000,
      pg(
        c + w * 1000,
        "LOG",
        `checkpoint complete: wrote ${rng.int(900, 4200)} buffers (${rng.float(0.6, 3.1).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(1, 4)} recycled; write=${w.toFixed(3)} s, sync=0.00${rng.int(2, 9)} s, total=${(w + 0.01).toFixed(3)} s; sync files=${rng.int(20, 80)}, longest=0.00${rng.int(1, 4)} s, average=0.001 s; distance=${rng.int(20000, 90000)} kB, estimate=${rng.int(60000, 95000)} kB`,
        { pid: 61, user: "", dbname: "", backend_type: "checkpointer" },
      ),
      null,
    );
  }
  every(240_000, (tt) => {
    if (incident(tt)) return;
    const tbl = rng.pick(["idempotency_keys", "payment_intents", "outbox_events"]);
    add(
      tt,
      pg(
        tt,
        "LOG",
        `automatic vacuum of table "ledger.public.${tbl}": index scans: 1\npages: 0 removed, ${rng.int(400, 3000)} remain, ${rng.int(10, 200)} scanned\ntuples: ${rng.int(500, 9000)} removed, ${rng.int(40000, 200000)} remain, 0 are dead but not yet removable`,
        { pid: nextPid++, user: "", backend_type: "autovacuum worker" },
      ),
      null,
    );
  });
  every(420_000, (tt) => {
    if (incident(tt)) return;
    const d = rng.float(205, 640);
    add(
      tt,
      pg(
        tt,
        "LOG",
        `duration: ${d.toFixed(3)} ms  execute <unnamed>: SELECT id, amount_minor, currency, txn_ref FROM ledger_entries WHERE account_id = $1 ORDER BY created_at DESC LIMIT 200`,
        { pid: nextPid++, application_name: "PostgreSQL JDBC Driver" },
      ),
      null,
    );
  });
  every(180_000, (tt) => {
    add(
      tt,
      pg(
        tt,
        "LOG",
        `connection authorized: user=${rng.pick(["ledger_app", "ledger_app", "readonly_bi"])} database=ledger application_name=${rng.pick(["PostgreSQL JDBC Driver", "metabase"])}`,
        { pid: nextPid++ },
      ),
      null,
    );
  });
  every(480_000, (tt) =>
    add(
      tt,
      logback(
        tt,
        "payments-api",
        "WARN",
        "com.shopco.payments.IdempotencyFilter",
        payThread(),
        `Idempotency key reuse detected for ${payId()}, returning stored response`,
      ),
      null,
    ),
  );
  every(300_000, (tt) =>
    add(
      tt,
      logback(
        tt,
        "payments-api",
        "INFO",
        "com.shopco.payments.ThreeDs",
        payThread(),
        `3DS challenge required for ${payId()} (issuer ${rng.pick(["BNPP", "ING", "REVOLUT", "N26"])})`,
      ),
      null,
    ),
  );
  every(200_000, (tt) => add(tt, bff(tt, "warn", `cart cart_${rng.alnum(10)} price changed since add-to-cart, repriced ${rng.int(1, 3)} item(s)`), null));
  every(600_000, (tt) => add(tt, fraud(tt, "INFO", `model cache refreshed version=fraud-gbm-2026.${rng.int(1, 12)}.${rng.int(1, 28)}`), null));
  every(420_000, (tt) =>
    add(tt, notif(tt, "warn", "mailer/smtp.go:141", `SMTP 4xx deferral from mx${rng.int(1, 4)}.mail.example.net, will retry`, { code: 421 }), null),
  );

  // ---- the lock chain itself ---------------------------------------------------
  add(
    T0,
    pg(T0, "LOG", "statement: ALTER TABLE ledger_entries ADD COLUMN settlement_ref text NOT NULL DEFAULT ''", {
      pid: migPid,
      user: "flyway",
      application_name: "flyway-9.22",
    }),
    "pattern",
  );
  add(
    T0 + 1000,
    pg(T0 + 1000, "LOG", `process ${migPid} still waiting for AccessExclusiveLock on relation ${relId} of database ${dbId} after 1000.0${rng.int(10, 99)} ms`, {
      pid: migPid,
      user: "flyway",
      application_name: "flyway-9.22",
      detail: `Process holding the lock: ${anaPid}. Wait queue: ${migPid}.`,
    }),
    "performance",
  );
  const anaStartedMs = T1 - T0 + rng.int(6, 40) * 60_000;
  add(
    T1,
    pg(T1, "ERROR", "canceling statement due to user request", {
      pid: anaPid,
      user: "readonly_bi",
      application_name: "metabase",
      statement:
        "SELECT date_trunc('day', le.created_at) AS d, a.segment, sum(le.amount_minor) FROM ledger_entries le JOIN accounts a ON a.id = le.account_id GROUP BY 1, 2 ORDER BY 1",
    }),
    "error",
  );
  add(
    T1 + 2,
    pg(
      T1 + 2,
      "LOG",
      `duration: ${(anaStartedMs + rng.float(0, 1)).toFixed(3)} ms  statement: SELECT date_trunc('day', le.created_at) AS d, a.segment, sum(le.amount_minor) FROM ledger_entries le JOIN accounts a ON a.id = le.account_id GROUP BY 1, 2 ORDER BY 1`,
      { pid: anaPid, user: "readonly_bi", application_name: "metabase" },
    ),
    "performance",
  );
  add(
    T1 + 5,
    pg(T1 + 5, "LOG", `process ${migPid} acquired AccessExclusiveLock on relation ${relId} of database ${dbId} after ${(T1 - T0 + 5).toFixed(3)} ms`, {
      pid: migPid,
      user: "flyway",
      application_name: "flyway-9.22",
    }),
    "performance",
  );
  const migDone = T1 + rng.int(200, 900);
  add(
    migDone,
    pg(migDone, "LOG", `duration: ${(migDone - T0).toFixed(3)} ms  statement: ALTER TABLE ledger_entries ADD COLUMN settlement_ref text NOT NULL DEFAULT ''`, {
      pid: migPid,
      user: "flyway",
      application_name: "flyway-9.22",
    }),
    "performance",
  );

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s03-ledger-lock-cascade",
    description:
      "A migration's table lock queued behind an analytics query blocks the ledger database; ledger-service, then payments-api (circuit breaker) and checkout-bff fail until the query is cancelled.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
