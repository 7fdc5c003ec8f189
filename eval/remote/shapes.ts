// Lines of an odd size or shape: a statement with hundreds of ids, a stack flattened into an INFO line, a config dumped on every reload.

import type { Scenario } from "../blind/types.js";
import { HOUR, Incident, MIN, SEC, goroutineDump, health, http, httpEv, line, svc, tpl } from "./kit.js";

export function giantInListQuery(seed: number): Scenario {
  const name = "giant-in-list-query";
  const inc = Incident.open(seed, name, 40 * MIN, 90 * MIN);
  const r = inc.r;
  const reporting = svc(r, "reporting-service", "logback", 2);
  const sql = { ...reporting, logger: "org.hibernate.SQL" };
  const pool = { ...reporting, logger: "com.zaxxer.hikari.pool.HikariPool" };
  const orders = svc(r, "orders-service", "logback", 3);
  const customers = svc(r, "customers-service", "logback", 2);
  const gateway = svc(r, "api-gateway", "logback", 2, "reactor.netty.http.server.AccessLog");
  const auth = svc(r, "auth-service", "logback", 2);
  const sched = svc(r, "report-scheduler", "logback", 1);
  const onset = inc.at(r.float(0.3, 0.7));
  inc.scatter(r.int(20, 60), onset, inc.end, (t) => {
    const ids: number[] = [];
    const n = r.int(300, 900);
    for (let i = 0; i < n; i++) ids.push(r.int(100000, 999999));
    return line(
      r,
      sql,
      t,
      "DEBUG",
      `select o1_0.id,o1_0.customer_id,o1_0.status,o1_0.total,o1_0.created_at from orders o1_0 where o1_0.customer_id in (${ids.join(",")}) order by o1_0.created_at desc`,
      "pattern",
    );
  });
  inc.scatter(r.int(20, 60), onset + 10 * SEC, inc.end, (t) =>
    httpEv(r, reporting, t, "GET", `/reports/customer-orders?segment=${r.pick(["enterprise", "smb", "all"])}`, 200, r.int(4000, 14000), "performance"),
  );
  inc.scatter(r.int(5, 20), onset + MIN, inc.end, (t) =>
    line(
      r,
      pool,
      t,
      "WARNING",
      "HikariPool-1 - Connection is not available, request timed out after 30001ms (total=10, active=10, idle=0, waiting=14)",
      "performance",
      { elapsed_ms: 30001 },
    ),
  );
  inc.scatter(r.int(15, 50), onset + 20 * SEC, inc.end, (t) =>
    httpEv(r, gateway, t, "GET", "/api/reports/customer-orders", 200, r.int(5000, 15000), "performance"),
  );
  inc.fillTo(r.int(2600, 5200), [
    {
      g: tpl(r, sql, "DEBUG", [
        "select c1_0.id,c1_0.email,c1_0.segment from customers c1_0 where c1_0.id=?",
        "select o1_0.id,o1_0.status,o1_0.total from orders o1_0 where o1_0.id=?",
        "insert into report_runs (id,kind,started_at) values (?,?,?)",
      ]),
      w: 10,
    },
    { g: http(r, reporting, [{ m: "GET", p: "/reports/{pick:daily-sales|refunds|top-skus}", ms: 180 }]), w: 6 },
    {
      g: http(r, orders, [
        { m: "GET", p: "/orders/{id}", ms: 14, w: 3 },
        { m: "POST", p: "/orders", ms: 95 },
      ]),
      w: 22,
    },
    {
      g: http(r, customers, [
        { m: "GET", p: "/customers/{id}", ms: 11 },
        { m: "GET", p: "/customers/{id}/addresses", ms: 16 },
      ]),
      w: 14,
    },
    {
      g: http(r, gateway, [
        { m: "GET", p: "/api/orders/{id}", ms: 20, w: 3 },
        { m: "GET", p: "/api/customers/{id}", ms: 16, w: 2 },
        { m: "GET", p: "/api/reports/{pick:daily-sales|refunds|top-skus}", ms: 190 },
      ]),
      w: 24,
    },
    { g: tpl(r, auth, "INFO", ["Issued access token for client {pick:web|mobile|partner-api} subject={user}", "JWKS cache refreshed ({int:2-3} keys)"]), w: 6 },
    { g: tpl(r, auth, "WARNING", ["Rejected expired token for subject {user}"]), w: 0.8 },
    {
      g: tpl(r, sched, "INFO", [
        "Scheduled report {pick:daily-sales|refunds|top-skus} for tenant {tenant} queued",
        "Report run {uuid} finished in {ms:2500}ms",
      ]),
      w: 3,
    },
    { g: tpl(r, pool, "DEBUG", ["HikariPool-1 - Pool stats (total=10, active={int:0-4}, idle={int:6-10}, waiting=0)"]), w: 2 },
    { g: health(r, orders, "/actuator/health"), w: 2 },
  ]);
  return inc.build(
    name,
    "A new report builds one SQL statement per request with hundreds of customer ids inlined; the pool runs dry and the report route slows to seconds.",
  );
}

export function panicStackAtInfo(seed: number): Scenario {
  const name = "panic-stack-at-info";
  const inc = Incident.open(seed, name, 20 * MIN, 60 * MIN);
  const r = inc.r;
  const quote = svc(r, "quote-service", "zap", 3, "http");
  const rules = svc(r, "pricing-rules", "zap", 2, "rules");
  const gw = svc(r, "api-gateway", "zap", 2, "proxy");
  const session = svc(r, "session-svc", "zap", 2, "session");
  const ledger = svc(r, "ledger", "zap", 2, "ledger");
  const onset = inc.at(r.float(0.2, 0.6));
  inc.scatter(r.int(30, 90), onset, inc.end, (t) =>
    line(
      r,
      quote,
      t,
      "INFO",
      `recovered in handler /v1/quotes, continuing: runtime error: index out of range [${r.int(3, 9)}] with length ${r.int(0, 3)} | ${goroutineDump(r, r.int(8, 24))}`,
      "pattern",
      { request_id: r.hex(16) },
    ),
  );
  const crash = onset + Math.round((inc.end - onset) * r.float(0.4, 0.7));
  inc.scatter(r.int(2, 6), crash, inc.end, (t) => ({
    ...line(
      r,
      quote,
      t,
      "CRITICAL",
      "panic: runtime error: invalid memory address or nil pointer dereference [signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6f2c3a]",
      "error",
    ),
    rawLevel: "panic",
  }));
  inc.scatter(r.int(10, 40), crash, inc.end, (t) =>
    line(
      r,
      quote,
      t,
      "ERROR",
      `http: panic serving 10.0.${r.int(1, 9)}.${r.int(2, 250)}:${r.int(30000, 60000)}: runtime error: invalid memory address or nil pointer dereference`,
      "error",
      undefined,
      goroutineDump(r, 6).split(" | ").join("\n"),
    ),
  );
  inc.scatter(r.int(20, 60), crash, inc.end, (t) => {
    const e = httpEv(r, gw, t, "POST", "/api/quotes", 502, r.int(2, 30), "error");
    e.msg = "upstream quote-service returned 502";
    return e;
  });
  inc.fillTo(r.int(2400, 4800), [
    {
      g: http(r, quote, [
        { m: "POST", p: "/v1/quotes", ms: 24, w: 3 },
        { m: "GET", p: "/v1/quotes/{uuid}", ms: 4 },
      ]),
      w: 24,
    },
    {
      g: tpl(r, rules, "INFO", [
        "rule set {int:300-320} evaluated for product {pick:home|motor|travel} in {ms:2}ms",
        "rules cache reloaded: {int:800-900} rules",
      ]),
      w: 10,
    },
    {
      g: http(r, gw, [
        { m: "POST", p: "/api/quotes", ms: 30 },
        { m: "GET", p: "/api/session", ms: 6, w: 2 },
        { m: "POST", p: "/api/policies", ms: 120 },
      ]),
      w: 26,
    },
    { g: tpl(r, session, "DEBUG", ["session {hex:16} touched ttl=1800s", "session {hex:16} created for {user}"]), w: 8 },
    {
      g: tpl(r, ledger, "INFO", ["posted premium entry {uuid} amount={int:20-900}.{int:10-99} EUR", "balance snapshot written for {int:100-300} accounts"]),
      w: 6,
    },
    {
      g: tpl(r, gw, "WARNING", ["client closed request before upstream responded path=/api/quotes", "rate limited client {hex:8} ({int:100-120} req/min)"]),
      w: 0.8,
    },
    { g: health(r, quote, "/livez"), w: 2 },
  ]);
  return inc.build(
    name,
    "quote-service recovers panics at INFO and logs each with a whole goroutine trace flattened into one very long line; later the panics escape and the gateway sees 502s.",
  );
}

function configJson(r: ReturnType<typeof Incident.open>["r"], minChars: number): string {
  const cfg: Record<string, unknown> = {
    server: { port: 8080, shutdown: "graceful", tomcat: { threads: { max: 200, "min-spare": 10 }, "accept-count": 100 } },
    spring: {
      datasource: { url: "jdbc:postgresql://settlement-db:5432/settlement", hikari: { "maximum-pool-size": 20, "connection-timeout": 30000 } },
      kafka: { "bootstrap-servers": "kafka-0:9092,kafka-1:9092,kafka-2:9092" },
    },
    settlement: { "cutoff-time": "16:30", "batch-size": 500, currencies: ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN"] },
  };
  const limits: Record<string, unknown> = {};
  cfg.limits = limits;
  while (JSON.stringify(cfg).length < minChars)
    limits[`merchant-${r.int(10000, 99999)}`] = {
      daily: r.int(1000, 900000),
      perTxn: r.int(100, 20000),
      currency: r.pick(["EUR", "USD", "GBP"]),
      holdDays: r.int(0, 7),
    };
  return JSON.stringify(cfg);
}

export function configDumpReloadLoop(seed: number): Scenario {
  const name = "config-dump-reload-loop";
  const inc = Incident.open(seed, name, 1 * HOUR, 3 * HOUR);
  const r = inc.r;
  const engine = svc(r, "settlement-engine", "logback", 2);
  const refresh = { ...engine, logger: "org.springframework.cloud.kubernetes.commons.config.reload.ConfigReloadUtil" };
  const jvm = { ...engine, logger: "com.acme.settlement.JvmMetricsLogger" };
  const fx = svc(r, "fx-rates", "logback", 1);
  const ledger = svc(r, "ledger-api", "logback", 3);
  const audit = svc(r, "audit-service", "logback", 1);
  const onset = inc.at(r.float(0.2, 0.5));
  let rv = r.int(4000000, 9000000);
  for (let t = onset; t < inc.end; t += r.int(25, 50) * SEC) {
    rv += r.int(1, 3);
    inc.add(line(r, refresh, t, "INFO", `Reloading using strategy: REFRESH, ConfigMap settlement-engine-config changed (resourceVersion ${rv})`, "pattern"));
    inc.add(line(r, refresh, t + r.int(200, 900), "INFO", `Effective configuration after refresh: ${configJson(r, r.int(2500, 6000))}`, "pattern"));
  }
  // Heap after each minute: routine before the loop, climbing with every retained context afterwards.
  const max = 4096;
  inc.every(MIN, inc.start + r.int(0, 59) * SEC, inc.end, (t) => {
    const base = r.float(38, 55);
    const pct = t < onset ? base : Math.min(98.5, base + ((t - onset) / (inc.end - onset)) * r.float(48, 56));
    const used = Math.round((pct / 100) * max);
    return line(
      r,
      jvm,
      t,
      pct >= 90 ? "WARNING" : "INFO",
      `JVM heap usage ${pct.toFixed(1)}% (${used}MiB of ${max}MiB), gc_count=${r.int(10, 90)}`,
      pct >= 85 ? "memory" : null,
      { heap_used_pct: Math.round(pct * 10) / 10 },
    );
  });
  inc.scatter(r.int(2, 8), inc.end - 4 * MIN, inc.end, (t) =>
    line(
      r,
      engine,
      t,
      "ERROR",
      "Unexpected error in settlement batch",
      "memory",
      undefined,
      `java.lang.OutOfMemoryError: GC overhead limit exceeded\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n\tat com.fasterxml.jackson.core.util.TextBuffer.expand(TextBuffer.java:${r.int(900, 990)})\n\tat com.acme.settlement.BatchRunner.run(BatchRunner.java:${r.int(40, 140)})`,
    ),
  );
  inc.fillTo(r.int(2600, 5000), [
    {
      g: tpl(r, engine, "INFO", [
        "Settled batch {int:10000-99999}: {int:50-500} transfers, {pick:EUR|USD|GBP} net {int:1000-90000}.{int:10-99}",
        "Fetched {int:0-500} pending transfers for cutoff 16:30",
        "Published SettlementCompleted for batch {int:10000-99999}",
      ]),
      w: 16,
    },
    {
      g: tpl(r, fx, "INFO", [
        "Refreshed {int:30-33} rates from provider in {ms:140}ms",
        "Served {pick:EUR|USD|GBP}/{pick:CHF|SEK|PLN} rate {int:0-9}.{int:1000-9999}",
      ]),
      w: 8,
    },
    {
      g: http(r, ledger, [
        { m: "POST", p: "/entries", ms: 18, w: 3 },
        { m: "GET", p: "/accounts/{id}/balance", ms: 7, w: 4 },
      ]),
      w: 30,
    },
    { g: tpl(r, audit, "INFO", ["Audit event {uuid} stored (type={pick:transfer.created|transfer.settled|payout.sent})"]), w: 8 },
    { g: tpl(r, ledger, "WARNING", ["Optimistic lock conflict on account {id}, retrying (1/3)"]), w: 0.6 },
    { g: health(r, engine, "/actuator/health/liveness"), w: 2 },
  ]);
  return inc.build(
    name,
    "A flapping ConfigMap makes settlement-engine reload every half minute and dump its whole effective configuration in one line each time; the retained contexts fill the heap until GC overhead errors.",
  );
}
