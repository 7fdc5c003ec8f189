// Micro-service incidents: latency tiers 100x apart, a lock in a ledger database spreading to
// its callers, a DNS outage seen by producers of every shape, a storefront of twelve services
// with a handful of scattered problems, and a CDN whose shield loses its origin.

import type { Scenario } from "../blind/types.js";
import { epochS, Incident, iso, isoMicro, isoOffset, pgTime, Rng, round, seedFor, startAt } from "./lib.js";

const PINO = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/**
 * A session cache answering in about 0.4 ms, a checkout API in about 45 ms and a reconciliation
 * batch in about half a second, all in one window. The cache has a few operations of 20-70 ms
 * scattered from the first minute (its only signal is latency_us); checkout sees a few multi-second
 * requests; the batch's 0.4-2 s chunks are its normal.
 */
export function sessionCacheLatencyTiers(seed: number): Scenario {
  const name = "session-cache-latency-tiers";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-02-11T08:00:00Z");
  const span = 45 * 60_000;
  const cacheHosts = ["sesscache-0", "sesscache-1", "sesscache-2"];
  const ops = ["GET", "GET", "GET", "GET", "SET", "TOUCH", "DEL"] as const;

  for (const t of r.times(r.int(2000, 2600), t0, t0 + span)) {
    const op = r.pick(ops);
    const us = Math.round(r.logn(op === "SET" ? 520 : 380, 0.3));
    const host = r.pick(cacheHosts);
    inc.add(t, (tt) => ({
      level: "info",
      ts: epochS(tt),
      logger: "sesscache.server",
      caller: "server/handler.go:188",
      msg: "op served",
      host,
      op,
      key: `sess:${r.hex(16)}`,
      hit: op === "GET" ? r.chance(0.93) : undefined,
      bytes: r.int(180, 2400),
      latency_us: us,
    }));
  }
  // the slow cache operations: same message, only the latency says it
  const slow = r.int(8, 14);
  for (let i = 0; i < slow; i++) {
    const t = i === 0 ? t0 + r.int(5_000, 50_000) : t0 + r.int(0, span);
    const host = r.pick(cacheHosts);
    inc.add(
      t,
      (tt) => ({
        level: "info",
        ts: epochS(tt),
        logger: "sesscache.server",
        caller: "server/handler.go:188",
        msg: "op served",
        host,
        op: "GET",
        key: `sess:${r.hex(16)}`,
        hit: true,
        bytes: r.int(180, 2400),
        latency_us: Math.round(r.range(21_000, 72_000)),
      }),
      "performance",
    );
  }
  // checkout API (pino-http)
  const routes = ["/api/cart", "/api/cart/items", "/api/checkout/quote", "/api/checkout/confirm", "/api/session"];
  for (const t of r.times(r.int(1100, 1500), t0, t0 + span)) {
    const url = r.pick(routes);
    const notFound = r.chance(0.015);
    const ms = Math.round(r.logn(url.includes("confirm") ? 90 : 42, 0.35));
    inc.add(t, (tt) => ({
      level: notFound ? PINO.warn : PINO.info,
      time: tt,
      pid: 41,
      hostname: `checkout-api-7f9c-${r.alnum(5).toLowerCase()}`,
      reqId: `req-${r.int(10000, 99999)}`,
      req: { method: url.includes("confirm") || url.includes("items") ? "POST" : "GET", url },
      res: { statusCode: notFound ? 404 : 200 },
      responseTime: ms,
      msg: "request completed",
    }));
  }
  const slowCheckout = r.int(3, 7);
  for (let i = 0; i < slowCheckout; i++) {
    const url = r.pick(routes);
    inc.add(
      t0 + r.int(60_000, span),
      (tt) => ({
        level: PINO.info,
        time: tt,
        pid: 41,
        hostname: `checkout-api-7f9c-${r.alnum(5).toLowerCase()}`,
        reqId: `req-${r.int(10000, 99999)}`,
        req: { method: "GET", url },
        res: { statusCode: 200 },
        responseTime: Math.round(r.range(2400, 6800)),
        msg: "request completed",
      }),
      "performance",
    );
  }
  // reconciliation batch (Python): slow is its normal
  let batchNo = r.int(100, 400);
  for (const t of r.times(r.int(380, 520), t0, t0 + span)) {
    const ms = round(r.logn(460, 0.45), 1);
    const n = batchNo++;
    inc.add(t, (tt) => ({
      timestamp: isoMicro(tt),
      levelname: "INFO",
      name: "recon.worker",
      process: 7,
      message: `reconciled batch ${n}`,
      batch: n,
      rows: r.int(800, 5000),
      duration_ms: ms,
    }));
  }
  const stuck = r.int(1, 2);
  for (let i = 0; i < stuck; i++) {
    const n = batchNo + 50 + i;
    inc.add(
      t0 + r.int(600_000, span),
      (tt) => ({
        timestamp: isoMicro(tt),
        levelname: "INFO",
        name: "recon.worker",
        process: 7,
        message: `reconciled batch ${n}`,
        batch: n,
        rows: r.int(800, 5000),
        duration_ms: round(r.range(38_000, 95_000), 1),
      }),
      "performance",
    );
  }
  return inc.build(
    name,
    "A 0.4 ms session cache has scattered 20-70 ms operations from the first minute, beside a 45 ms API and a half-second batch whose slowness is normal.",
  );
}

/**
 * A schema migration takes an exclusive lock on the ledger table. Postgres reports lock waits and
 * 20-40 s statements, the ledger service's pool times out, the payment API retries and fails,
 * the checkout front end and the edge proxy return 502/504. Fraud scoring and notifications keep
 * working and keep logging their routine noise.
 */
export function ledgerLockCascade(seed: number): Scenario {
  const name = "ledger-lock-cascade";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-04-02T13:00:00Z");
  const span = 60 * 60_000;
  const onset = t0 + r.int(28, 38) * 60_000;
  const clear = onset + r.int(9, 14) * 60_000;
  const during = (t: number) => t >= onset && t < clear;

  // ledger-db (PostgreSQL jsonlog): only statements above 250 ms and housekeeping are logged
  let pgLine = 1;
  for (const t of r.times(r.int(90, 140), t0, t0 + span)) {
    const ms = r.logn(380, 0.25);
    const ln = pgLine++;
    inc.add(t, (tt) => ({
      timestamp: pgTime(tt),
      user: "reporting",
      dbname: "ledger",
      pid: r.int(20000, 29999),
      remote_host: "10.4.2.31",
      session_id: `${r.hex(8)}.${r.hex(4)}`,
      line_num: ln,
      ps: "SELECT",
      backend_type: "client backend",
      error_severity: "LOG",
      message: `duration: ${ms.toFixed(3)} ms  statement: SELECT account_id, sum(amount) FROM ledger_entries WHERE booked_at >= $1 GROUP BY account_id`,
      application_name: "metabase",
    }));
  }
  for (let t = t0 + r.int(0, 300_000); t < t0 + span; t += 300_000) {
    inc.add(t, (tt) => ({ timestamp: pgTime(tt), pid: 61, backend_type: "checkpointer", error_severity: "LOG", message: "checkpoint starting: time" }));
    const w = r.range(24, 27);
    inc.add(t + 27_000, (tt) => ({
      timestamp: pgTime(tt),
      pid: 61,
      backend_type: "checkpointer",
      error_severity: "LOG",
      message: `checkpoint complete: wrote ${r.int(900, 4000)} buffers (${r.range(1, 6).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=${w.toFixed(3)} s, sync=0.004 s, total=${(w + 0.05).toFixed(3)} s; sync files=41, longest=0.002 s, average=0.001 s; distance=${r.int(8000, 30000)} kB, estimate=${r.int(20000, 32000)} kB`,
    }));
  }
  for (const t of r.times(r.int(6, 12), t0, t0 + span)) {
    inc.add(t, (tt) => ({
      timestamp: pgTime(tt),
      user: "ledger_app",
      dbname: "ledger",
      pid: r.int(20000, 29999),
      error_severity: "ERROR",
      state_code: "23505",
      message: 'duplicate key value violates unique constraint "idempotency_keys_pkey"',
      detail: `Key (key)=(${r.uuid()}) already exists.`,
      backend_type: "client backend",
    }));
  }
  inc.add(
    onset - r.int(2_000, 20_000),
    (tt) => ({
      timestamp: pgTime(tt),
      user: "migrator",
      dbname: "ledger",
      pid: 31877,
      remote_host: "10.4.9.200",
      error_severity: "LOG",
      message: "statement: ALTER TABLE ledger_entries ADD COLUMN settlement_ref text NOT NULL DEFAULT ''",
      application_name: "flyway",
      backend_type: "client backend",
    }),
    "pattern",
  );
  for (const t of r.times(r.int(25, 40), onset, clear)) {
    const waited = r.range(1000, 1001);
    inc.add(
      t,
      (tt) => ({
        timestamp: pgTime(tt),
        user: "ledger_app",
        dbname: "ledger",
        pid: r.int(20000, 29999),
        error_severity: "LOG",
        message: `process ${r.int(20000, 29999)} still waiting for RowExclusiveLock on relation 16402 of database 16384 after ${waited.toFixed(3)} ms`,
        detail: `Process holding the lock: 31877. Wait queue: ${r.int(20000, 29999)}, ${r.int(20000, 29999)}.`,
        backend_type: "client backend",
      }),
      "performance",
    );
  }
  for (const t of r.times(r.int(20, 35), onset + 20_000, clear + 30_000)) {
    inc.add(
      t,
      (tt) => ({
        timestamp: pgTime(tt),
        user: "ledger_app",
        dbname: "ledger",
        pid: r.int(20000, 29999),
        error_severity: "LOG",
        message: `duration: ${r.range(18_000, 41_000).toFixed(3)} ms  statement: INSERT INTO ledger_entries (account_id, amount, currency, booked_at) VALUES ($1, $2, $3, now())`,
        backend_type: "client backend",
      }),
      "performance",
    );
  }

  // ledger-svc (Java, logback JSON)
  const lb = (tt: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": isoOffset(tt, 120),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `http-nio-8080-exec-${r.int(1, 64)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "ledger-svc",
    ...extra,
  });
  for (const t of r.times(r.int(900, 1200), t0, t0 + span)) {
    if (during(t) && r.chance(0.75)) continue;
    inc.add(t, (tt) =>
      lb(tt, "INFO", "c.a.ledger.api.EntryController", "Posted entry", {
        trace_id: r.hex(16),
        account: `acc_${r.int(10000, 99999)}`,
        elapsed_ms: Math.round(r.logn(14, 0.4)),
      }),
    );
  }
  for (const t of r.times(r.int(60, 90), onset + 10_000, clear + 20_000)) {
    const timeout = r.chance(0.55);
    inc.add(
      t,
      (tt) =>
        timeout
          ? lb(tt, "WARN", "com.zaxxer.hikari.pool.HikariPool", "HikariPool-1 - Connection is not available, request timed out after 30000ms.")
          : lb(tt, "ERROR", "c.a.ledger.api.EntryController", "Failed to post entry", {
              trace_id: r.hex(16),
              stack_trace:
                "org.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection\n\tat org.springframework.orm.jpa.vendor.HibernateJpaDialect.convertHibernateAccessException(HibernateJpaDialect.java:275)\nCaused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            }),
      timeout ? "performance" : "error",
    );
  }

  // payment-api (Go, zap)
  const zap = (tt: number, level: string, msg: string, extra: Record<string, unknown> = {}) => ({
    level,
    ts: epochS(tt),
    logger: "payment",
    caller: "payment/authorize.go:97",
    msg,
    ...extra,
  });
  for (const t of r.times(r.int(900, 1200), t0, t0 + span)) {
    if (during(t) && r.chance(0.7)) continue;
    const declined = r.chance(0.04);
    inc.add(t, (tt) =>
      zap(tt, "info", declined ? "authorization declined" : "authorization approved", {
        payment_id: `pay_${r.alnum(14)}`,
        amount_minor: r.int(300, 90000),
        issuer_response: declined ? r.pick(["05", "51", "61"]) : "00",
        duration: `${r.logn(62, 0.3).toFixed(1)}ms`,
      }),
    );
  }
  for (const t of r.times(r.int(70, 110), onset + 15_000, clear + 40_000)) {
    const kind = r.weighted([
      ["timeout", 4],
      ["retry", 3],
      ["fail", 3],
    ] as const);
    const label = kind === "fail" ? "error" : "performance";
    inc.add(
      t,
      (tt) =>
        kind === "timeout"
          ? zap(tt, "warn", "ledger call timed out", {
              payment_id: `pay_${r.alnum(14)}`,
              duration: `${r.range(5.0, 5.02).toFixed(3)}s`,
              error: "context deadline exceeded",
            })
          : kind === "retry"
            ? zap(tt, "warn", "retrying ledger call", { payment_id: `pay_${r.alnum(14)}`, attempt: r.int(2, 3), backoff: `${r.pick([200, 400, 800])}ms` })
            : zap(tt, "error", "payment authorization failed", {
                payment_id: `pay_${r.alnum(14)}`,
                status: 502,
                error: "ledger: post entry: unexpected status 500",
              }),
      label,
    );
  }

  // checkout-web (pino) and the edge proxy (nginx JSON)
  for (const t of r.times(r.int(700, 900), t0, t0 + span)) {
    const bad = during(t + 20_000) && r.chance(0.45);
    inc.add(
      t,
      (tt) => ({
        level: bad ? PINO.error : PINO.info,
        time: tt,
        pid: 19,
        hostname: "checkout-web-5d8",
        req: { method: "POST", url: "/checkout/pay" },
        res: { statusCode: bad ? 502 : 200 },
        responseTime: bad ? Math.round(r.range(5100, 15_400)) : Math.round(r.logn(180, 0.3)),
        msg: bad ? "request errored" : "request completed",
      }),
      bad ? "error" : null,
    );
  }
  for (const t of r.times(r.int(600, 800), t0, t0 + span)) {
    const state = during(t + 25_000)
      ? r.weighted([
          ["ok", 5],
          ["502", 3],
          ["504", 2],
        ] as const)
      : "ok";
    const ok = state === "ok";
    const up = ok ? r.logn(0.19, 0.3) : state === "504" ? 60.0 : r.range(5.1, 15.4);
    inc.add(
      t,
      (tt) => ({
        ts: epochS(tt),
        remote_addr: r.ip("81."),
        request: `${r.pick(["POST /checkout/pay", "GET /checkout", "GET /cart"])} HTTP/2.0`,
        status: ok ? 200 : Number(state),
        body_bytes_sent: ok ? r.int(400, 9000) : 150,
        request_time: round(up + 0.001, 3),
        upstream_response_time: round(up, 3),
        upstream_addr: "10.4.1.17:3000",
        http_user_agent: "Mozilla/5.0",
      }),
      state === "502" ? "error" : state === "504" ? "performance" : null,
    );
  }
  // bystanders: fraud scoring (Python) and notifications (Python), with their routine warnings
  for (const t of r.times(r.int(300, 420), t0, t0 + span)) {
    const warn = r.chance(0.05);
    inc.add(t, (tt) => ({
      timestamp: isoMicro(tt),
      levelname: warn ? "WARNING" : "INFO",
      name: warn ? "fraud.features" : "fraud.score",
      message: warn ? "feature store miss for device fingerprint, using defaults" : `scored payment risk=${r.range(0, 0.6).toFixed(3)}`,
      latency_ms: round(r.logn(8, 0.3), 2),
    }));
  }
  for (const t of r.times(r.int(150, 250), t0, t0 + span)) {
    const bounce = r.chance(0.06);
    inc.add(t, (tt) => ({
      timestamp: isoMicro(tt),
      levelname: bounce ? "WARNING" : "INFO",
      name: "notify.email",
      message: bounce ? "SMTP 550 5.1.1 recipient address rejected: user unknown" : "receipt email queued",
    }));
  }
  return inc.build(
    name,
    "A migration's table lock in the ledger database spreads as lock waits, pool timeouts, retries and 502/504s up through the payment API, checkout and the edge proxy.",
  );
}

/**
 * CoreDNS's upstream forwarder stops answering after a Corefile reload; every service that
 * resolves names fails, each in its own log shape (pino, Python, zap, logback, nginx ingress,
 * OpenTelemetry collector, CoreDNS via the container runtime).
 */
export function dnsOutageMixedProducers(seed: number): Scenario {
  const name = "dns-outage-mixed-producers";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-05-19T02:00:00Z");
  const span = 40 * 60_000;
  const onset = t0 + r.int(14, 24) * 60_000;
  const end = Math.min(t0 + span, onset + r.int(8, 12) * 60_000);
  const bad = (t: number) => t >= onset && t < end;
  const names = ["api.stripe.com.", "orders-db.prod.svc.cluster.local.", "es-prod.internal.", "smtp.sendgrid.net.", "otlp.grafana.net."];

  const coredns = (tt: number, log: string) => ({
    time: iso(tt),
    stream: "stdout",
    log,
    kubernetes: { namespace_name: "kube-system", pod_name: "coredns-6d4b75cb6d-x8kqz", container_name: "coredns" },
  });
  for (const t of r.times(r.int(700, 900), t0, t0 + span)) {
    const q = r.pick(names);
    const isBad = bad(t) && !q.includes("cluster.local") && r.chance(0.8);
    inc.add(
      t,
      (tt) =>
        coredns(
          tt,
          `[INFO] 10.2.${r.int(0, 9)}.${r.int(2, 250)}:${r.int(30000, 60000)} - ${r.int(1, 65535)} "${r.pick(["A", "AAAA"])} IN ${q} udp ${r.int(30, 60)} false 512" ${isBad ? "SERVFAIL qr,rd" : "NOERROR qr,rd,ra"} ${r.int(40, 200)} ${isBad ? r.range(2.0, 2.01).toFixed(9) : r.range(0.0002, 0.004).toFixed(9)}s`,
        ),
      isBad ? "error" : null,
    );
  }
  inc.add(onset - r.int(3000, 9000), (tt) => coredns(tt, "[INFO] Reloading"), "pattern");
  inc.add(onset - r.int(1000, 2500), (tt) => coredns(tt, `[INFO] plugin/reload: Running configuration SHA512 = ${r.hex(64)}${r.hex(64)}`), "pattern");
  for (const t of r.times(r.int(30, 50), onset, end)) {
    inc.add(
      t,
      (tt) =>
        coredns(
          tt,
          `[ERROR] plugin/errors: 2 ${r.pick(names.filter((n) => !n.includes("cluster")))} A: read udp 10.2.0.10:${r.int(30000, 60000)}->10.96.0.2:53: i/o timeout`,
        ),
      "performance",
    );
  }

  // notifier (pino)
  for (const t of r.times(r.int(250, 350), t0, t0 + span)) {
    const isBad = bad(t) && r.chance(0.7);
    inc.add(
      t,
      (tt) =>
        isBad
          ? {
              level: PINO.error,
              time: tt,
              pid: 1,
              hostname: "notifier-84f",
              err: { type: "Error", message: "getaddrinfo ENOTFOUND smtp.sendgrid.net", code: "ENOTFOUND" },
              msg: "send failed",
            }
          : { level: PINO.info, time: tt, pid: 1, hostname: "notifier-84f", template: r.pick(["receipt", "shipping", "reset"]), msg: "email sent" },
      isBad ? "error" : null,
    );
  }
  // payments-worker (Python)
  for (const t of r.times(r.int(250, 350), t0, t0 + span)) {
    const isBad = bad(t) && r.chance(0.7);
    inc.add(
      t,
      (tt) =>
        isBad
          ? {
              timestamp: isoMicro(tt),
              levelname: "ERROR",
              name: "payments.capture",
              message:
                "capture failed: HTTPSConnectionPool(host='api.stripe.com', port=443): Max retries exceeded with url: /v1/payment_intents (Caused by NameResolutionError(\"Failed to resolve 'api.stripe.com' ([Errno -3] Temporary failure in name resolution)\"))",
              exc_info:
                'Traceback (most recent call last):\n  File "/app/payments/capture.py", line 88, in capture\n    intent = stripe.PaymentIntent.capture(pid)\nsocket.gaierror: [Errno -3] Temporary failure in name resolution',
            }
          : {
              timestamp: isoMicro(tt),
              levelname: "INFO",
              name: "payments.capture",
              message: `captured ${r.pick(["pi_", "ch_"])}${r.alnum(24)}`,
              elapsed_ms: round(r.logn(240, 0.3), 1),
            },
      isBad ? "error" : null,
    );
  }
  // orders (zap)
  for (const t of r.times(r.int(350, 450), t0, t0 + span)) {
    const isBad = bad(t) && r.chance(0.5);
    inc.add(
      t,
      (tt) =>
        isBad
          ? {
              level: "error",
              ts: epochS(tt),
              logger: "orders.repo",
              caller: "repo/pool.go:61",
              msg: "acquire connection",
              error: "dial tcp: lookup orders-db.prod.svc.cluster.local on 10.96.0.10:53: server misbehaving",
            }
          : {
              level: "info",
              ts: epochS(tt),
              logger: "orders.http",
              caller: "http/mw.go:40",
              msg: "handled",
              method: "GET",
              path: `/v1/orders/${r.int(100000, 999999)}`,
              status: 200,
              latency: `${r.logn(9, 0.4).toFixed(3)}ms`,
            },
      isBad ? "error" : null,
    );
  }
  // search-api (logback)
  for (const t of r.times(r.int(250, 350), t0, t0 + span)) {
    const isBad = bad(t) && r.chance(0.6);
    inc.add(
      t,
      (tt) => ({
        "@timestamp": isoOffset(tt, 0),
        "@version": "1",
        level: isBad ? "ERROR" : "INFO",
        level_value: isBad ? 40000 : 20000,
        logger_name: isBad ? "c.s.search.EsClient" : "c.s.search.SearchController",
        thread_name: `reactor-http-epoll-${r.int(1, 8)}`,
        message: isBad ? "Search request failed" : `search q.len=${r.int(2, 40)} hits=${r.int(0, 5000)}`,
        stack_trace: isBad
          ? "java.net.UnknownHostException: es-prod.internal: Temporary failure in name resolution\n\tat java.base/java.net.Inet6AddressImpl.lookupAllHostAddr(Native Method)"
          : undefined,
        took_ms: isBad ? undefined : r.int(8, 90),
      }),
      isBad ? "error" : null,
    );
  }
  // ingress (nginx JSON)
  for (const t of r.times(r.int(500, 700), t0, t0 + span)) {
    const isBad = bad(t) && r.chance(0.35);
    inc.add(
      t,
      (tt) => ({
        ts: epochS(tt),
        remote_addr: r.ip("92."),
        request_method: "GET",
        request_uri: r.pick(["/api/orders", "/api/search?q=lamp", "/api/checkout", "/", "/static/app.js"]),
        status: isBad ? 503 : r.chance(0.02) ? 404 : 200,
        request_time: round(r.logn(0.05, 0.5), 3),
        upstream_addr: `10.2.${r.int(0, 9)}.${r.int(2, 250)}:8080`,
        http_user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
      }),
      isBad ? "error" : null,
    );
  }
  // otel-collector (OpenTelemetry log records)
  for (const t of r.times(r.int(40, 60), t0, t0 + span)) {
    inc.add(t, (tt) => ({
      timestamp: iso(tt),
      severity_text: "INFO",
      severity_number: 9,
      body: "Metrics exported",
      resource: { "service.name": "otel-collector" },
      attributes: { exporter: "otlphttp/grafana", data_points: r.int(800, 4000) },
    }));
  }
  for (const t of r.times(r.int(8, 16), onset + 30_000, end)) {
    inc.add(
      t,
      (tt) => ({
        timestamp: iso(tt),
        severity_text: "ERROR",
        severity_number: 17,
        body: "Exporting failed. Will retry the request after interval.",
        resource: { "service.name": "otel-collector" },
        attributes: {
          exporter: "otlphttp/grafana",
          error: 'Post "https://otlp.grafana.net/v1/metrics": dial tcp: lookup otlp.grafana.net: i/o timeout',
          interval: "5.2s",
        },
      }),
      "error",
    );
  }
  return inc.build(
    name,
    "After a CoreDNS config reload its upstream stops answering; SERVFAILs and name-resolution failures appear in seven services, each logging in a different JSON shape.",
  );
}

/**
 * A storefront of twelve services over three hours. Nothing is on fire: a dozen or so unrelated
 * problems (one OOM-killed pod, a GC pause, an exception, a slow inventory sync, a feature flag
 * flipped by an unknown account, admin access from outside) are scattered over the window,
 * from the first minute, among everyday 404s, expired tokens and health checks.
 */
export function storefrontScatteredTwelve(seed: number): Scenario {
  const name = "storefront-scattered-twelve";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-06-07T09:00:00Z");
  const span = 3 * 3600_000;
  const svcs = ["gateway", "catalog", "cart", "pricing", "inventory", "orders", "payments", "shipping", "users", "reviews", "recommendations", "flags"];
  const med: Record<string, number> = {
    gateway: 30,
    catalog: 22,
    cart: 12,
    pricing: 6,
    inventory: 18,
    orders: 35,
    payments: 120,
    shipping: 60,
    users: 9,
    reviews: 25,
    recommendations: 70,
    flags: 2,
  };
  const line = (tt: number, svc: string, level: string, message: string, extra: Record<string, unknown> = {}) => ({
    timestamp: iso(tt),
    level,
    service: svc,
    pod: `${svc}-${r.hex(5)}`,
    message,
    ...extra,
  });
  for (const t of r.times(r.int(4200, 5200), t0, t0 + span)) {
    const svc = r.pick(svcs);
    const u = r.f();
    if (u < 0.03)
      inc.add(t, (tt) => line(tt, svc, "warn", "request failed", { status: 404, path: `/api/${svc}/${r.int(1000, 99999)}`, duration_ms: r.int(1, 20) }));
    else if (u < 0.05) inc.add(t, (tt) => line(tt, svc, "warn", "token expired, asking client to refresh", { status: 401, user_id: r.int(1000, 900000) }));
    else if (u < 0.1) inc.add(t, (tt) => line(tt, svc, "debug", "health check ok", { path: "/healthz", duration_ms: 1 }));
    else if (u < 0.105 && svc === "recommendations")
      inc.add(t, (tt) => line(tt, svc, "error", "model refresh skipped: feature snapshot not ready, retrying in 60s"));
    else
      inc.add(t, (tt) =>
        line(tt, svc, "info", "request completed", {
          method: r.pick(["GET", "GET", "POST"]),
          path: `/api/${svc}/${r.pick(["list", "get", "update", "search"])}`,
          status: 200,
          duration_ms: Math.round(r.logn(med[svc] ?? 20, 0.35)),
        }),
      );
  }
  // periodic inventory sync with its duration in words
  for (let t = t0 + r.int(0, 120_000); t < t0 + span; t += 5 * 60_000) {
    inc.add(t, (tt) => line(tt, "inventory", "info", `warehouse sync finished in ${r.range(1.6, 2.6).toFixed(1)} s, ${r.int(200, 900)} SKUs updated`));
  }
  const at = () => t0 + r.int(0, span);
  const events: [number, (tt: number) => Record<string, unknown>, "performance" | "memory" | "error" | "pattern"][] = [
    [
      t0 + r.int(10_000, 55_000),
      (tt) => line(tt, "cart", "info", "request completed", { method: "POST", path: "/api/cart/update", status: 200, duration_ms: r.int(2600, 5200) }),
      "performance",
    ],
    [
      at(),
      (tt) => line(tt, "pricing", "info", "request completed", { method: "GET", path: "/api/pricing/get", status: 200, duration_ms: r.int(700, 1500) }),
      "performance",
    ],
    [at(), (tt) => line(tt, "inventory", "warn", `warehouse sync finished in ${r.range(48, 95).toFixed(1)} s, ${r.int(200, 900)} SKUs updated`), "performance"],
    [
      at(),
      (tt) => ({
        "@timestamp": iso(tt),
        kind: "Event",
        type: "Warning",
        reason: "OOMKilling",
        source: { component: "kubelet", host: `ip-10-0-${r.int(1, 40)}-${r.int(2, 250)}` },
        involvedObject: { kind: "Pod", namespace: "shop", name: `recommendations-${r.hex(5)}` },
        message:
          "Memory cgroup out of memory: Killed process 2817 (python3) total-vm:6211892kB, anon-rss:4013560kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8260kB oom_score_adj:999",
      }),
      "memory",
    ],
    [at(), (tt) => line(tt, "orders", "warn", "GC pause (G1 Evacuation Pause) 2418 ms, heap 1.9 GiB / 2 GiB after collection"), "memory"],
    [
      at(),
      (tt) =>
        line(tt, "catalog", "error", "Unhandled exception in GET /api/catalog/get", {
          status: 500,
          stack:
            'java.lang.NullPointerException: Cannot invoke "com.shop.catalog.Variant.getPrice()" because "v" is null\n\tat com.shop.catalog.ProductMapper.toDto(ProductMapper.java:57)',
        }),
      "error",
    ],
    [at(), (tt) => line(tt, "orders", "error", "could not create order: deadlock detected", { status: 500, sql_state: "40P01" }), "error"],
    [
      at(),
      (tt) =>
        line(tt, "flags", "info", "flag updated", { flag: "checkout.skip-3ds", from: false, to: true, actor: "svc-import-legacy", source_ip: "198.51.100.23" }),
      "pattern",
    ],
    [
      at(),
      (tt) =>
        line(tt, "gateway", "info", "request completed", {
          method: "GET",
          path: "/internal/admin/users/export",
          status: 200,
          client_ip: "203.0.113.61",
          duration_ms: 412,
        }),
      "pattern",
    ],
  ];
  const extra = r.int(2, 5);
  for (let i = 0; i < extra; i++) {
    const svc = r.pick(["shipping", "reviews", "users"]);
    events.push([
      at(),
      (tt) => line(tt, svc, "error", `upstream ${svc === "shipping" ? "carrier-api" : "postgres"} returned 503, giving up after 3 attempts`, { status: 503 }),
      "error",
    ]);
  }
  for (const [t, render, label] of events) inc.add(t, render, label);
  return inc.build(
    name,
    "Twelve storefront services over three hours with about a dozen unrelated problems of all four kinds scattered from the first minute among everyday noise.",
  );
}

/**
 * CDN edge logs from ten POPs plus the shield and origin. The origin behind the Frankfurt shield
 * stalls: cache misses routed through it take 10-30 s to first byte and some end in 503 first-byte
 * timeouts, while hits everywhere stay in single-digit milliseconds.
 */
export function cdnShieldOriginStall(seed: number): Scenario {
  const name = "cdn-shield-origin-stall";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-03-21T17:00:00Z");
  const span = 30 * 60_000;
  const onset = t0 + r.int(8, 16) * 60_000;
  const pops = ["FRA", "AMS", "LHR", "CDG", "WAW", "MAD", "ARN", "MXP", "VIE", "DUB"];
  const viaFra = new Set(["FRA", "WAW", "VIE", "MXP", "ARN"]);
  const paths = ["/v3/img/p/{id}.webp", "/v3/js/app.{h}.js", "/v3/api/catalog/{id}.json", "/v3/video/seg-{id}.m4s"];
  for (const t of r.times(r.int(3400, 4600), t0, t0 + span)) {
    const pop = r.pick(pops);
    const cache = r.weighted([
      ["HIT", 88],
      ["MISS", 10],
      ["PASS", 2],
    ] as const);
    const stalled = cache !== "HIT" && viaFra.has(pop) && t >= onset && r.chance(0.7);
    const fail = stalled && r.chance(0.3);
    const ttfb = cache === "HIT" ? r.logn(2.2, 0.4) : stalled ? r.range(9_000, 30_000) : r.logn(140, 0.4);
    const path = r
      .pick(paths)
      .replace("{id}", String(r.int(10000, 999999)))
      .replace("{h}", r.hex(8));
    inc.add(
      t,
      (tt) => ({
        timestamp: iso(tt),
        service_id: "6Yq2mN0pLx",
        pop,
        server: `cache-${pop.toLowerCase()}${r.int(10000, 19999)}-${pop}`,
        client_ip: r.ip(`${r.int(31, 95)}.`),
        method: "GET",
        url: path,
        status: fail ? 503 : 200,
        cache_status: fail ? "ERROR" : cache,
        shield: viaFra.has(pop) ? "FRA" : "LHR",
        time_to_first_byte_ms: round(fail ? 15_000 : ttfb, 2),
        resp_body_size: fail ? 450 : r.int(800, 900_000),
        fastly_error: fail ? "first byte timeout" : undefined,
      }),
      fail ? "error" : stalled ? "performance" : null,
    );
  }
  // origin (the application behind the shield), Go zerolog with millisecond epoch times
  for (const t of r.times(r.int(300, 400), t0, t0 + span)) {
    const slow = t >= onset && r.chance(0.5);
    inc.add(
      t,
      (tt) => ({
        level: slow ? "warn" : "info",
        time: tt,
        service: "media-origin",
        message: slow ? "slow render" : "rendered",
        path: `/v3/img/p/${r.int(10000, 999999)}.webp`,
        render_ms: slow ? r.int(8_000, 28_000) : r.int(40, 220),
        worker_pool_busy: slow ? r.int(62, 64) : r.int(4, 30),
        worker_pool_size: 64,
      }),
      slow ? "performance" : null,
    );
  }
  inc.add(
    onset - r.int(10_000, 60_000),
    (tt) => ({ level: "warn", time: tt, service: "media-origin", message: "image resize queue saturated, new jobs will wait", queue_depth: r.int(900, 1400) }),
    "performance",
  );
  return inc.build(
    name,
    "The origin behind one CDN shield stalls: misses through five POPs take 10-30 s or fail with 503 first-byte timeouts while cache hits stay at 2 ms.",
  );
}
