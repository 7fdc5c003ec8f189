/**
 * etl-lock-held (holds the rule): orders-etl (python-json-logger) consumes the orders database's
 * change stream (Debezium on Kafka Connect) and upserts it into the warehouse's Postgres in
 * batches every few seconds, at some ten thousand rows/s; warehouse-api (Go, zap) serves queries
 * on the warehouse; Postgres logs checkpoints and autovacuum through rsyslog. Late in the window
 * a data engineer starts tax-backfill (structlog), which rewrites old order lines fifty thousand
 * rows a transaction, each transaction holding its rows for a minute or more. Every ETL batch that
 * updates one of those rows waits for the backfill's transaction: Postgres logs the lock waits,
 * the batches report a hundred rows/s where they did ten thousand, some hit the 90 s statement
 * timeout and are retried, the consumer lag climbs, and the ETL's buffer of fetched rows climbs
 * to its memory limit until it pauses consumption. The on-call finds the backfill and it is
 * stopped; the ETL catches up in full batches.
 */
import { hourlyCron, openWindow, replicaPods } from "./common.js";
import { fluentMessage, type KubeMeta, pyJson, pyTraceback, rsyslog, structlog, zap } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "etl-lock-held";
const BUFFER_LIMIT_MB = 2048;
const MAX_BATCH = 5000;

export function etlLockHeld(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-24", 7, 2.5);
  const backfillAt = tl.at(rng.float(0.68, 0.74));
  const stopAt = tl.at(rng.float(0.88, 0.92));
  const pgHost = "pg-warehouse-1.db.internal";
  const pgSeq: Record<number, number> = {};
  const pg = (t: number, pid: number, prefix: string, msg: string, label: AnomalyType | null = null) => {
    pgSeq[pid] = (pgSeq[pid] ?? 0) + 1;
    const severity = /^(ERROR|FATAL)/.test(msg) ? "err" : "info";
    tl.add(t, rsyslog(t, pgHost, "local0", severity, "postgres", pid, `[${pid}-${pgSeq[pid]}] ${prefix}${msg}`), label);
  };
  const etlPid = rng.int(30000, 40000);
  const etlPrefix = "user=etl,db=warehouse,app=orders-etl ";
  const backfillPid = rng.int(40001, 50000);
  const backfillPrefix = "user=dana,db=warehouse,app=tax-backfill ";

  // ── the backfill: transactions of 50,000 rows, one every minute or two ──────────────────────
  const txns: { from: number; to: number; xid: number }[] = [];
  const backfillLog = (t: number, level: "info" | "warning", event: string, fields: Record<string, unknown>) =>
    tl.add(t, structlog(t, level, "backfill.tax", event, { job: "tax-backfill", host: "dana-workstation", ...fields }));
  backfillLog(backfillAt, "info", "backfill started", { table: "staging.order_lines", batches: 840, batch_rows: 50000, since: "2025-01-01" });
  let xid = rng.int(90_000_000, 99_000_000);
  let bt = backfillAt + rng.int(2, 5) * SECOND;
  let batchNo = 0;
  while (bt < stopAt) {
    const secs = rng.float(55, 110);
    const to = Math.min(stopAt, bt + Math.round(secs * 1000));
    txns.push({ from: bt, to, xid: ++xid });
    xid += rng.int(40, 400);
    if (to < stopAt) {
      batchNo++;
      backfillLog(to, "info", "batch committed", { batch: batchNo, rows: 50000, elapsed_s: Number(secs.toFixed(1)) });
    }
    bt = to + rng.int(200, 900);
  }
  pg(stopAt + 300, backfillPid, backfillPrefix, "FATAL:  terminating connection due to administrator command");
  backfillLog(stopAt + 900, "warning", "backfill interrupted", { batch: batchNo + 1, error: "server closed the connection unexpectedly" });
  const holder = (t: number) => txns.find((x) => t >= x.from && t < x.to);

  // ── orders-etl: the loader loop ──────────────────────────────────────────────────────────────
  const etlPod = rng.pod("orders-etl");
  const etl = (
    t: number,
    level: "INFO" | "WARNING" | "ERROR",
    logger: string,
    msg: string,
    extra: Record<string, unknown> = {},
    label: AnomalyType | null = null,
    exc?: string,
  ) => tl.add(t, pyJson(t, "orders-etl", level, logger, msg, { pod: etlPod, ...extra }, exc), label);
  const inflow = (t: number): number => 520 * shape(t) * rng.float(0.9, 1.1); // change events a second
  let lag = rng.int(200, 1500);
  let t = start + rng.int(1, 5) * SECOND;
  let batch = rng.int(180_000, 260_000);
  let lastLagAt = t;
  while (t < end) {
    const tBefore = t;
    const lagBefore = lag;
    const pending = lag;
    const rows = Math.max(50, Math.min(MAX_BATCH, pending));
    const h = holder(t);
    const conflicts = h !== undefined && h.to - t > 1500 && rng.chance(0.85);
    let took = rows / rng.logNormal(11500, 0.12) + rng.float(0.05, 0.15);
    let failed = false;
    if (conflicts) {
      const wait = (h.to - t) / 1000;
      const pid = etlPid;
      pg(t + 1000, pid, etlPrefix, `LOG:  process ${pid} still waiting for ShareLock on transaction ${h.xid} after 1000.0${rng.int(10, 99)} ms`, "performance");
      pg(t + 1001, pid, etlPrefix, `DETAIL:  Process holding the lock: ${backfillPid}. Wait queue: ${pid}.`, "performance");
      pg(
        t + 1002,
        pid,
        etlPrefix,
        `CONTEXT:  while inserting index tuple (${rng.int(1000, 900000)},${rng.int(1, 60)}) in relation "order_lines_pkey"`,
        "performance",
      );
      if (wait >= 90) {
        took = 90 + rng.float(0, 0.05);
        failed = true;
        pg(t + 90_000, pid, etlPrefix, "ERROR:  canceling statement due to statement timeout", "error");
        pg(t + 90_001, pid, etlPrefix, `CONTEXT:  while updating tuple (${rng.int(1000, 900000)},${rng.int(1, 60)}) in relation "order_lines"`, "error");
      } else {
        took = wait + rows / rng.logNormal(11500, 0.12);
        pg(
          t + Math.round(wait * 1000),
          pid,
          etlPrefix,
          `LOG:  process ${pid} acquired ShareLock on transaction ${h.xid} after ${(wait * 1000).toFixed(3)} ms`,
          "performance",
        );
        pg(
          t + Math.round(took * 1000),
          pid,
          etlPrefix,
          `LOG:  duration: ${(took * 1000).toFixed(3)} ms  execute upsert_order_lines: INSERT INTO staging.order_lines (id, order_id, sku, qty, price_cents, tax_cents, updated_at) SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET qty = EXCLUDED.qty, price_cents = EXCLUDED.price_cents, tax_cents = EXCLUDED.tax_cents, updated_at = EXCLUDED.updated_at`,
          "performance",
        );
      }
    }
    const done = t + Math.round(took * 1000);
    if (done >= end) break;
    batch++;
    if (failed) {
      etl(
        done + 20,
        "ERROR",
        "orders_etl.loader",
        `batch ${batch} failed, will retry: canceling statement due to statement timeout`,
        { table: "staging.order_lines", rows },
        "error",
        pyTraceback(
          [
            ["/app/orders_etl/loader.py", 142, "load_batch", "cur.execute(UPSERT_ORDER_LINES, columns)"],
            ["/usr/local/lib/python3.12/site-packages/psycopg/cursor.py", 732, "execute", "raise ex.with_traceback(None)"],
          ],
          "psycopg.errors.QueryCanceled: canceling statement due to statement timeout",
        ),
      );
    } else {
      const label: AnomalyType | null = conflicts ? "performance" : null;
      etl(
        done,
        "INFO",
        "orders_etl.loader",
        `upserted ${rows} rows into staging.order_lines in ${took.toFixed(2)}s (${Math.round(rows / took)} rows/s)`,
        { batch, table: "staging.order_lines", rows },
        label,
      );
      lag -= rows;
    }
    // the change events that came in meanwhile; the consumer pauses when its buffer is full
    const rate = inflow(t);
    lag += Math.round((rate * (done - t)) / 1000);
    const idle = rng.int(60, 400) + (lag < MAX_BATCH * 0.9 ? Math.round(((MAX_BATCH * 0.9 - lag) / rate) * 1000 * rng.float(0.9, 1.1)) : 0);
    lag += Math.round((rate * idle) / 1000);
    t = done + idle;
    // the per-minute consumer and memory stats
    while (lastLagAt + MINUTE <= t && lastLagAt + MINUTE < end) {
      lastLagAt += MINUTE + rng.int(0, 200);
      // the lag at that moment, between the batch's start and now
      const lagNow = Math.max(0, Math.round(lagBefore + ((lag - lagBefore) * (lastLagAt - tBefore)) / Math.max(1, t - tBefore)));
      const buffered = Math.min(lagNow, 190_000);
      const bufMb = Math.min(BUFFER_LIMIT_MB * rng.float(0.965, 0.995), 280 + buffered * rng.float(0.0085, 0.0095));
      const high = bufMb >= BUFFER_LIMIT_MB * 0.8;
      const behind = lagNow > 20000;
      etl(
        lastLagAt,
        behind ? "WARNING" : "INFO",
        "orders_etl.consumer",
        `consumer lag ${lagNow} messages on orders.public.order_lines`,
        { group: "orders-etl", partitions: 6, lag: lagNow },
        behind ? "performance" : null,
      );
      etl(
        lastLagAt + 2,
        high ? "WARNING" : "INFO",
        "orders_etl.memory",
        high
          ? `fetch buffer at ${Math.round((bufMb / BUFFER_LIMIT_MB) * 100)}% of limit (${Math.round(bufMb)} MiB of ${BUFFER_LIMIT_MB} MiB), pausing partitions`
          : `fetch buffer ${Math.round(bufMb)} MiB, ${buffered} rows`,
        { buffered_rows: buffered, buffer_mb: Math.round(bufMb) },
        high ? "memory" : null,
      );
    }
  }

  // ── Debezium on Kafka Connect: records sent per minute ──────────────────────────────────────
  const connect: KubeMeta = {
    pod: "orders-connect-connect-0",
    namespace: "kafka",
    container: "orders-connect-connect",
    app: "kafka-connect",
    host: "ip-10-44-12-90.eu-west-1.compute.internal",
  };
  let lsn = rng.int(0x2000000, 0x3000000) * 256;
  for (let at = start + rng.int(0, 59) * SECOND; at < end; at += MINUTE + rng.int(0, 40)) {
    const n = Math.round(520 * shape(at) * 60 * rng.float(0.9, 1.1));
    lsn += n * rng.int(300, 500);
    const stamp = new Date(at).toISOString().replace("T", " ").replace("Z", "").replace(".", ",");
    tl.add(
      at,
      fluentMessage(
        at,
        `[${stamp}] INFO [orders-cdc|task-0] ${n} records sent during previous 00:01:00.${String(rng.int(0, 999)).padStart(3, "0")}, last recorded offset of {server=orders} partition is {lsn_proc=${lsn}, lsn_commit=${lsn - rng.int(100, 900)}, lsn=${lsn}, txId=${rng.int(9e7, 9.9e7)}, ts_usec=${at * 1000 + rng.int(0, 999)}} (io.debezium.connector.common.BaseSourceTask:213)`,
        connect,
        "stdout",
      ),
    );
  }

  // ── warehouse-api: queries on the warehouse ─────────────────────────────────────────────────
  const apiPods = replicaPods(rng, "warehouse-api", 2);
  const routes = ["/v1/sales/daily", "/v1/sales/by-store", "/v1/customers/cohorts", "/v1/inventory/turnover"];
  for (const s of arrivals(rng, start, end, 6.5, shape, 1.2)) {
    const route = rng.pick(routes);
    const took = rng.logNormal(route.includes("cohorts") ? 420 : 85, 0.45);
    const d = s + Math.round(took);
    tl.add(
      d,
      zap(d, "info", "http", "server/middleware.go:77", "request served", {
        service: "warehouse-api",
        method: "GET",
        path: route,
        status: 200,
        duration_ms: Number(took.toFixed(1)),
        rows: rng.int(10, 5000),
        pod: rng.pick(apiPods),
      }),
    );
  }

  // ── Postgres: checkpoints and autovacuum ────────────────────────────────────────────────────
  const ckptPid = rng.int(800, 1200);
  for (const at of ticks(rng, start, end, 5 * MINUTE, 10 * SECOND)) {
    const write = rng.float(269, 271);
    pg(
      at,
      ckptPid,
      "",
      `LOG:  checkpoint complete: wrote ${rng.int(2000, 20000)} buffers (${rng.float(1, 9).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(4, 30)} recycled; write=${write.toFixed(3)} s, sync=${rng.float(0.05, 0.8).toFixed(3)} s, total=${(write + 0.6).toFixed(3)} s; sync files=${rng.int(40, 300)}, longest=${rng.float(0.01, 0.2).toFixed(3)} s, average=${rng.float(0.001, 0.01).toFixed(3)} s; distance=${rng.int(90000, 400000)} kB, estimate=${rng.int(200000, 400000)} kB`,
    );
  }
  for (const at of ticks(rng, start, end, 9 * MINUTE, 4 * MINUTE)) {
    const table = rng.pick(["staging.orders", "staging.order_lines", "staging.shipments", "marts.daily_sales"]);
    pg(
      at,
      rng.int(50000, 60000),
      "",
      `LOG:  automatic vacuum of table "warehouse.${table}": index scans: 1, pages: 0 removed, ${rng.int(20000, 900000)} remain, ${rng.int(2000, 60000)} scanned (${rng.float(1, 12).toFixed(2)}% of total), tuples: ${rng.int(1000, 90000)} removed, ${rng.int(1e6, 9e7)} remain, 0 are dead but not yet removable`,
    );
  }

  hourlyCron(rng, tl, [pgHost]);
  return tl.build(
    NAME,
    "late, a data engineer's backfill rewrites old order lines in transactions that hold their rows for a minute or more: orders-etl's upserts wait on the locks (Postgres lock waits, statement timeouts), its batches drop from ten thousand rows/s to a hundred, its consumer lag and fetch buffer climb to the memory limit, until the backfill is stopped and the ETL catches up",
  );
}
