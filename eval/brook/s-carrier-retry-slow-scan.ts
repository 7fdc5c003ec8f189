/**
 * carrier-retry-slow-scan: shipping-quotes (Go, zap) asks three carriers for rates on every
 * checkout; one carrier's rate limiter answers 429 now and then, and the service retries and gets
 * its quote: `carrier quote attempt failed, will retry` at error, a steady trickle from before
 * the window to its end, healthy. The incident is elsewhere: half-way, order-api 7.4.0
 * (Spring Boot, Logback's LogstashEncoder and logback-access) rolls out with a stock-reservation
 * check that filters `order_items` by SKU and status, which no index covers. On orders-db
 * (PostgreSQL 16, jsonlog) every checkout now runs a sequential scan for seconds, logged by
 * `log_min_duration_statement`, inside the transaction that holds the SKU's stock row; so
 * concurrent checkouts of a popular SKU wait on that row's lock (`log_lock_waits`), some hit the 5 s statement timeout and their checkouts fail with 500, and
 * checkout takes seconds where it took a fifth of one. Late in the window a DBA builds the index
 * concurrently and checkout is fast again.
 */
import { openWindow } from "./common.js";
import { javaTrace, logstash, logstashAccess, type PgSession, pgJson, zap } from "./producers.js";
import { arrivals, HOUR, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "carrier-retry-slow-scan";
const STOCK_CHECK = "SELECT oi.order_id, oi.qty FROM order_items oi WHERE oi.sku = $1 AND oi.status = 'open'";
const RESERVE = "UPDATE stock_levels SET reserved = reserved + $1, updated_at = now() WHERE sku = $2";

export function carrierRetrySlowScan(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-06-23", 11, 4);

  const releaseAt = tl.at(rng.float(0.5, 0.58));
  const indexedAt = tl.at(rng.float(0.8, 0.87));
  const slow = (t: number): boolean => t >= releaseAt && t < indexedAt;

  // ── shipping-quotes: three carriers, one with a twitchy rate limiter ────────────────────────
  const quotePods = [rng.pod("shipping-quotes"), rng.pod("shipping-quotes")];
  const carriers = ["dhl-express", "ups", "postnord"] as const;
  const twitchy = rng.pick(carriers);
  for (const s of arrivals(rng, start, end, rng.float(3.6, 4.2), shape, 1.2)) {
    const pod = rng.pick(quotePods);
    const reqId = rng.uuid();
    let t = s;
    let worst = 0;
    for (const carrier of carriers) {
      const took = rng.logNormal(carrier === "postnord" ? 160 : 110, 0.35);
      worst = Math.max(worst, took);
    }
    if (rng.chance(0.12)) {
      const at = s + Math.round(rng.logNormal(60, 0.3));
      tl.add(
        at,
        zap(
          at,
          "error",
          "carriers",
          "carriers/client.go:142",
          "carrier quote attempt failed, will retry",
          { carrier: twitchy, attempt: 1, backoff: "250ms", error: `unexpected status 429 Too Many Requests from ${twitchy}`, request_id: reqId, pod },
          "github.com/shop/shipping-quotes/internal/carriers.(*Client).Quote\n\t/src/internal/carriers/client.go:142\ngithub.com/shop/shipping-quotes/internal/quotes.(*Service).Collect.func1\n\t/src/internal/quotes/service.go:88",
        ),
      );
      worst = Math.max(worst, 250 + 60 + rng.logNormal(110, 0.35));
    }
    t = s + Math.round(worst) + rng.int(1, 4);
    tl.add(
      t,
      zap(t, "info", "quotes", "quotes/service.go:104", "carrier quotes collected", {
        carriers: carriers.length,
        cheapest: rng.pick(carriers),
        cheapest_minor: rng.int(390, 1490),
        latency: Number((worst / 1000).toFixed(6)),
        request_id: reqId,
        pod,
      }),
    );
  }

  // ── orders-db: background processes and its sessions ─────────────────────────────────────────
  const lineNums = new Map<number, number>();
  const pg = (
    t: number,
    s: PgSession,
    severity: Parameters<typeof pgJson>[3],
    message: string,
    extra: Parameters<typeof pgJson>[5] = {},
    label: AnomalyType | null = null,
  ) => {
    const n = (lineNums.get(s.pid) ?? rng.int(1, 900)) + 1;
    lineNums.set(s.pid, n);
    tl.add(t, pgJson(t, s, n, severity, message, extra), label);
  };
  const checkpointer: PgSession = { pid: rng.int(60, 90), sessionStart: start - rng.int(20, 40) * 24 * HOUR, backendType: "checkpointer" };
  for (const t of ticks(rng, start, end, 5 * MINUTE, 2 * SECOND)) {
    const buffers = rng.int(800, 6000);
    const write = rng.float(20, 270);
    pg(t, checkpointer, "LOG", "checkpoint starting: time");
    const done = t + Math.round(write * 1000) + rng.int(10, 900);
    pg(
      done,
      checkpointer,
      "LOG",
      `checkpoint complete: wrote ${buffers} buffers (${(buffers / 1310.72).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 3)} recycled; write=${write.toFixed(3)} s, sync=${rng.float(0.001, 0.09).toFixed(3)} s, total=${(write + rng.float(0.01, 0.1)).toFixed(3)} s; sync files=${rng.int(20, 90)}, longest=${rng.float(0.001, 0.02).toFixed(3)} s, average=${rng.float(0.001, 0.004).toFixed(3)} s; distance=${rng.int(9000, 90000)} kB, estimate=${rng.int(40000, 90000)} kB; lsn=2A/${rng.hex(8).toUpperCase()}, redo lsn=2A/${rng.hex(8).toUpperCase()}`,
    );
  }
  for (const t of ticks(rng, start, end, 17 * MINUTE, 5 * MINUTE)) {
    const av: PgSession = {
      pid: rng.int(100000, 200000),
      sessionStart: t - rng.int(5, 60) * SECOND,
      backendType: "autovacuum worker",
      vxidBackend: rng.int(40, 60),
    };
    const table = rng.pick(["order_events", "carts", "stock_levels", "payments"]);
    pg(
      t,
      av,
      "LOG",
      `automatic vacuum of table "orders.public.${table}": index scans: 1\npages: 0 removed, ${rng.int(2000, 90000)} remain, ${rng.int(100, 2000)} scanned (${rng.float(0.5, 9).toFixed(2)}% of total)\ntuples: ${rng.int(200, 9000)} removed, ${rng.int(90000, 900000)} remain, 0 are dead but not yet removable\navg read rate: ${rng.float(0.1, 9).toFixed(3)} MB/s, avg write rate: ${rng.float(0.1, 4).toFixed(3)} MB/s\nsystem usage: CPU: user: ${rng.float(0.01, 0.4).toFixed(2)} s, system: 0.00 s, elapsed: ${rng.float(0.1, 3).toFixed(2)} s`,
    );
  }
  const appSessions: PgSession[] = Array.from({ length: 12 }, () => ({
    pid: rng.int(200000, 400000),
    sessionStart: start - rng.int(1, 20) * HOUR,
    user: "order_api",
    dbname: "orders",
    remoteHost: rng.privateIp("10.49"),
    remotePort: rng.int(30000, 60000),
    applicationName: "PostgreSQL JDBC Driver",
    backendType: "client backend",
    vxidBackend: rng.int(3, 40),
  }));
  const reporting: PgSession = {
    pid: rng.int(400000, 500000),
    sessionStart: start - rng.int(1, 5) * HOUR,
    user: "metabase",
    dbname: "orders",
    remoteHost: rng.privateIp("10.49"),
    remotePort: rng.int(30000, 60000),
    applicationName: "Metabase v0.49.7 [a1b2c3d4-e5f6-4789-abcd-ef0123456789]",
    backendType: "client backend",
    vxidBackend: rng.int(41, 60),
  };
  for (const t of arrivals(rng, start, end, 0.1)) {
    const ms = rng.float(520, 2400);
    pg(
      t + Math.round(ms),
      reporting,
      "LOG",
      `duration: ${ms.toFixed(3)} ms  execute <unnamed>: SELECT date_trunc('day', o.created_at) AS day, count(*) AS orders, sum(o.total_minor) AS revenue FROM orders o WHERE o.created_at >= $1 GROUP BY 1 ORDER BY 1`,
      { ps: "SELECT", detail: `parameters: $1 = '${new Date(t - 30 * 24 * HOUR).toISOString().slice(0, 10)} 00:00:00+00'` },
    );
  }

  // ── order-api: checkout (with the stock check) and order reads ─────────────────────────────
  const apiPods = [rng.pod("order-api"), rng.pod("order-api"), rng.pod("order-api")];
  // the week's promoted products
  const hot = Array.from({ length: 2 }, () => `SKU-${rng.int(100000, 999999)}`);
  const skus = [...hot, ...Array.from({ length: 80 }, () => `SKU-${rng.int(100000, 999999)}`)];
  /** When each SKU's stock row is held by an open checkout transaction, for lock waits. */
  const heldUntil = new Map<string, number>();
  let txid = rng.int(88_000_000, 89_000_000);
  for (const s of arrivals(rng, start, end, rng.float(2.6, 3.2), shape, 1.2)) {
    const pod = rng.pick(apiPods);
    const session = rng.pick(appSessions);
    const sku = rng.chance(0.45) ? rng.pick(hot) : rng.pick(skus);
    const orderId = `o-${rng.int(40_000_000, 49_999_999)}`;
    const thread = `http-nio-8080-exec-${rng.int(1, 40)}`;
    txid += rng.int(1, 30);
    let took = rng.logNormal(120, 0.35);
    let failed = false;
    let label: AnomalyType | null = null;
    const lines = rng.int(1, 5);
    if (slow(s)) {
      label = "performance";
      /** A statement of this checkout cancelled by the 5 s statement timeout at `at`, and its 500. */
      const timedOut = (at: number, statement: string, waiting: boolean) => {
        failed = true;
        pg(
          at,
          session,
          "ERROR",
          "canceling statement due to statement timeout",
          waiting
            ? {
                ps: "UPDATE waiting",
                txid,
                stateCode: "57014",
                context: `while updating tuple (${rng.int(100, 9000)},${rng.int(1, 40)}) in relation "stock_levels"`,
                statement,
              }
            : { ps: "SELECT", txid, stateCode: "57014", statement },
          "performance",
        );
        took = at - s + rng.logNormal(40, 0.3);
        tl.add(
          s + Math.round(took) - 2,
          logstash(
            s + Math.round(took) - 2,
            "ERROR",
            "com.shop.orders.checkout.CheckoutController",
            thread,
            `Checkout failed for order ${orderId}`,
            { orderId, sku, pod, traceId: rng.hex(32) },
            javaTrace(
              "org.springframework.dao.QueryTimeoutException",
              `PreparedStatementCallback; SQL [${statement.replace("$1", "?").replace("$2", "?")}]; ERROR: canceling statement due to statement timeout`,
              [
                "org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:116)",
                `org.springframework.jdbc.core.JdbcTemplate.${waiting ? "update(JdbcTemplate.java:1023)" : "query(JdbcTemplate.java:733)"}`,
                `com.shop.orders.stock.StockReservationRepository.${waiting ? "reserve(StockReservationRepository.java:74)" : "openReservations(StockReservationRepository.java:57)"}`,
                "com.shop.orders.stock.StockReservationService.reserve(StockReservationService.java:41)",
                "com.shop.orders.checkout.CheckoutService.place(CheckoutService.java:88)",
              ],
              "org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout",
              64,
            ),
          ),
          "performance",
        );
      };
      // the sequential scan for the first line's SKU
      const scan = rng.logNormal(2600, 0.45);
      if (scan >= 5000) timedOut(s + 5000 + rng.int(0, 20), STOCK_CHECK, false);
      else {
        let at = s + Math.round(scan);
        pg(
          at,
          session,
          "LOG",
          `duration: ${scan.toFixed(3)} ms  execute S_${rng.int(3, 9)}: ${STOCK_CHECK}`,
          { ps: "SELECT", txid, detail: `parameters: $1 = '${sku}'` },
          "performance",
        );
        // then its stock row, which another checkout may still hold
        const holder = heldUntil.get(sku);
        const wait = holder !== undefined && holder > at ? holder - at : 0;
        if (wait > 1000) {
          const other = rng.pick(appSessions.filter((x) => x !== session));
          pg(
            at + 1000 + rng.int(0, 3),
            session,
            "LOG",
            `process ${session.pid} still waiting for ShareLock on transaction ${txid - rng.int(1, 25)} after ${(1000 + rng.float(0, 2)).toFixed(3)} ms`,
            {
              ps: "UPDATE waiting",
              txid,
              detail: `Process holding the lock: ${other.pid}. Wait queue: ${session.pid}.`,
              context: `while updating tuple (${rng.int(100, 9000)},${rng.int(1, 40)}) in relation "stock_levels"`,
              statement: RESERVE,
            },
            "performance",
          );
        }
        if (wait >= 5000) timedOut(at + 5000 + rng.int(0, 20), RESERVE, true);
        else {
          at += wait + rng.int(1, 4);
          // the row stays locked while the other lines' SKUs are scanned, until commit
          const rest = lines > 1 ? rng.logNormal(2600, 0.45) * (lines - 1) * 0.6 : rng.int(3, 20);
          heldUntil.set(sku, at + Math.round(rest));
          took = at - s + rest + rng.logNormal(110, 0.35);
        }
      }
    }
    const d = s + Math.round(took);
    if (!failed)
      tl.add(
        d - 1,
        logstash(d - 1, "INFO", "com.shop.orders.checkout.CheckoutService", thread, `Order ${orderId} placed`, {
          orderId,
          sku,
          lines,
          totalMinor: Math.round(rng.logNormal(6100, 0.7)),
          stockCheckMs: Math.round(took - 100),
          pod,
        }),
        label,
      );
    tl.add(
      d,
      {
        ...logstashAccess(d, {
          remoteHost: rng.privateIp("10.49"),
          method: "POST",
          uri: "/api/checkout",
          status: failed ? 500 : 201,
          contentLength: failed ? 118 : rng.int(300, 700),
          elapsedMs: took,
        }),
        pod,
      },
      label,
    );
  }
  for (const s of arrivals(rng, start, end, rng.float(2.2, 2.8), shape, 1.2)) {
    const took = rng.logNormal(16, 0.4);
    const status = rng.chance(0.02) ? 404 : 200;
    tl.add(s + Math.round(took), {
      ...logstashAccess(s + Math.round(took), {
        remoteHost: rng.privateIp("10.49"),
        method: "GET",
        uri: `/api/orders/o-${rng.int(40_000_000, 49_999_999)}`,
        status,
        contentLength: status === 200 ? rng.int(600, 3000) : 98,
        elapsedMs: took,
      }),
      pod: rng.pick(apiPods),
    });
  }
  // the release and the index that ends it
  for (const pod of apiPods) {
    const t = releaseAt + rng.int(-60, 60) * SECOND;
    tl.add(
      t,
      logstash(
        t,
        "INFO",
        "com.shop.orders.OrderApiApplication",
        "main",
        `Started OrderApiApplication in ${rng.float(9, 14).toFixed(3)} seconds (process running for ${rng.float(10, 15).toFixed(3)})`,
        { version: "7.4.0", pod },
      ),
    );
  }
  const dba: PgSession = {
    pid: rng.int(500000, 600000),
    sessionStart: indexedAt - rng.int(2, 6) * MINUTE,
    user: "postgres",
    dbname: "orders",
    remoteHost: rng.privateIp("10.49"),
    remotePort: rng.int(30000, 60000),
    applicationName: "psql",
    backendType: "client backend",
    vxidBackend: 61,
  };
  pg(
    indexedAt,
    dba,
    "LOG",
    `duration: ${rng.float(60_000, 140_000).toFixed(3)} ms  statement: CREATE INDEX CONCURRENTLY order_items_sku_open_idx ON order_items (sku) WHERE status = 'open';`,
    { ps: "CREATE INDEX" },
  );

  return tl.build(
    NAME,
    "a carrier's 429s retried by shipping-quotes all window (`carrier quote attempt failed, will retry` at error: routine); half-way order-api 7.4.0's stock check scans order_items without an index, checkouts take seconds, wait on row locks and hit the statement timeout until a DBA builds the index",
  );
}
