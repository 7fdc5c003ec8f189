// Data-layer incidents: mongod's structured log (its own fields kept, time, level, service and
// duration added as the contract reads them) under a Python API, and a nightly ETL batch job.

import type { Scenario } from "../blind/types.js";
import { arrivals, Incident, type Label, rngFor, round, structlog, ticks, windowStart } from "./gen.js";

function mongo(
  t: number,
  s: "I" | "W" | "E",
  c: string,
  id: number,
  ctx: string,
  msg: string,
  attr: Record<string, unknown>,
  durationMs?: number,
): Record<string, unknown> {
  return {
    timestamp: new Date(t).toISOString().replace("Z", "+00:00"),
    level: s === "I" ? "info" : s === "W" ? "warning" : "error",
    s,
    c,
    id,
    ctx,
    msg,
    attr,
    service: "orders-mongo",
    ...(durationMs !== undefined ? { duration_ms: durationMs } : {}),
  };
}

/**
 * A cleanup script drops the {customerId, createdAt} index on shop.orders: the order-history
 * query turns into a collection scan taking seconds, mongod's slow-query log fills with COLLSCAN,
 * and the API behind it slows and hits its maxTimeMS.
 */
export function mongoDroppedIndexCollscan(seed: number): Scenario {
  const name = "mongo-dropped-index-collscan";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 40 * 60_000;
  const drop = t0 + rng.int(18, 26) * 60_000 + rng.int(0, 59_999);
  let conn = rng.int(180_000, 190_000);

  inc.add(
    drop,
    mongo(drop, "I", "COMMAND", 20344, `conn${conn - 12}`, "CMD: dropIndexes", {
      namespace: "shop.orders",
      uuid: { $uuid: rng.uuid() },
      indexes: '"customerId_1_createdAt_-1"',
    }),
    "pattern",
  );

  // Routine mongod chatter: connections from pooled drivers, checkpoints, and reporting queries that
  // always cross slowms (100 ms).
  for (const t of arrivals(rng, t0, end, 0.16)) {
    const kind = rng.weighted([
      ["accepted", 2],
      ["metadata", 2],
      ["ended", 2],
      ["auth", 1],
    ] as const);
    const remote = `10.8.${rng.int(0, 7)}.${rng.int(2, 250)}:${rng.int(30_000, 60_000)}`;
    if (kind === "accepted")
      inc.add(
        t,
        mongo(t, "I", "NETWORK", 22943, "listener", "Connection accepted", {
          remote,
          uuid: { uuid: { $uuid: rng.uuid() } },
          connectionId: ++conn,
          connectionCount: rng.int(180, 240),
        }),
      );
    else if (kind === "metadata")
      inc.add(
        t,
        mongo(t, "I", "NETWORK", 51800, `conn${conn}`, "client metadata", {
          remote,
          client: `conn${conn}`,
          doc: {
            driver: { name: "PyMongo", version: "4.8.0" },
            os: { type: "Linux", name: "Linux", architecture: "x86_64" },
            platform: "CPython 3.12.4.final.0",
          },
        }),
      );
    else if (kind === "ended")
      inc.add(
        t,
        mongo(t, "I", "NETWORK", 22944, `conn${conn - rng.int(1, 50)}`, "Connection ended", {
          remote,
          connectionId: conn - rng.int(1, 50),
          connectionCount: rng.int(180, 240),
        }),
      );
    else
      inc.add(
        t,
        mongo(t, "I", "ACCESS", 5286306, `conn${conn}`, "Successfully authenticated", {
          client: remote,
          mechanism: "SCRAM-SHA-256",
          user: "order-history",
          db: "admin",
        }),
      );
  }
  for (const t of ticks(rng, t0, end, 60_000, 500)) {
    inc.add(
      t,
      mongo(t, "I", "WTCHKPT", 22430, "Checkpointer", "WiredTiger message", {
        message: {
          ts_sec: Math.floor(t / 1000),
          ts_usec: (t % 1000) * 1000,
          thread: "1:0x7f",
          session_name: "WT_SESSION.checkpoint",
          category: "WT_VERB_CHECKPOINT_PROGRESS",
          verbose_level: "DEBUG_1",
          msg: `saving checkpoint snapshot min: ${rng.int(1e6, 9e6)}, snapshot max: ${rng.int(1e6, 9e6)} snapshot count: 0, oldest timestamp: (0, 0) , meta checkpoint timestamp: (0, 0) base write gen: ${rng.int(1e6, 9e6)}`,
        },
      }),
    );
  }
  const slowQuery = (t: number, ns: string, command: Record<string, unknown>, plan: string, keys: number, docs: number, n: number, ms: number, label: Label) =>
    inc.add(
      t,
      mongo(
        t,
        "I",
        "COMMAND",
        51803,
        `conn${conn - rng.int(0, 200)}`,
        "Slow query",
        {
          type: "command",
          ns,
          command,
          planSummary: plan,
          keysExamined: keys,
          docsExamined: docs,
          nreturned: n,
          queryHash: rng.hex(8).toUpperCase(),
          numYields: Math.floor(ms / 10),
          durationMillis: ms,
        },
        ms,
      ),
      label,
    );
  for (const t of arrivals(rng, t0, end, 0.03)) {
    const ms = Math.round(Math.max(101, rng.logNormal(240, 0.4)));
    slowQuery(
      t,
      "shop.orders",
      { aggregate: "orders", pipeline: [{ $match: { createdAt: { $gte: "?" } } }, { $group: { _id: "$status", n: { $sum: 1 } } }] },
      "IXSCAN { createdAt: 1 }",
      rng.int(80_000, 200_000),
      rng.int(80_000, 200_000),
      rng.int(4, 9),
      ms,
      null,
    );
  }

  // order-history (Python, structlog, PyMongo with maxTimeMS=5000).
  const pods = ["order-history-7bd9-2xkcs", "order-history-7bd9-f8r2m"];
  for (const t of arrivals(rng, t0, end, 0.95)) {
    const pod = rng.pick(pods);
    const rid = rng.uuid();
    const customer = rng.int(100_000, 9_999_999);
    const kind = rng.weighted([
      ["history", 4],
      ["detail", 4],
      ["invoice", 1],
      ["health", 0.5],
    ] as const);
    if (kind === "history") {
      if (t >= drop) {
        const ms = rng.logNormal(3800, 0.35);
        if (ms >= 5000) {
          slowQuery(
            t + 5000,
            "shop.orders",
            { find: "orders", filter: { customerId: customer }, sort: { createdAt: -1 }, limit: 20, maxTimeMS: 5000 },
            "COLLSCAN",
            0,
            rng.int(3_000_000, 4_800_000),
            0,
            5000 + rng.int(0, 30),
            "performance",
          );
          inc.add(
            t + 5005,
            structlog(t + 5005, "error", "order-history", "order_history.api", "query_timeout", {
              pod,
              request_id: rid,
              customer_id: customer,
              exception:
                "pymongo.errors.ExecutionTimeout: operation exceeded time limit, full error: {'ok': 0.0, 'errmsg': 'operation exceeded time limit', 'code': 50, 'codeName': 'MaxTimeMSExpired'}",
            }),
            "performance",
          );
          inc.add(
            t + 5008,
            structlog(t + 5008, "info", "order-history", "order_history.http", "request_finished", {
              pod,
              request_id: rid,
              method: "GET",
              path: "/v1/customers/{id}/orders",
              status: 504,
              duration_ms: round(5008 + rng.next() * 5, 2),
            }),
            "performance",
          );
          continue;
        }
        slowQuery(
          t + ms,
          "shop.orders",
          { find: "orders", filter: { customerId: customer }, sort: { createdAt: -1 }, limit: 20, maxTimeMS: 5000 },
          "COLLSCAN",
          0,
          rng.int(3_000_000, 4_800_000),
          rng.int(0, 20),
          Math.round(ms),
          "performance",
        );
        inc.add(
          t + ms + 4,
          structlog(t + ms + 4, "info", "order-history", "order_history.http", "request_finished", {
            pod,
            request_id: rid,
            method: "GET",
            path: "/v1/customers/{id}/orders",
            status: 200,
            duration_ms: round(ms + 4, 2),
          }),
          "performance",
        );
        continue;
      }
      const ms = rng.logNormal(9, 0.5);
      inc.add(
        t + ms,
        structlog(t + ms, "info", "order-history", "order_history.http", "request_finished", {
          pod,
          request_id: rid,
          method: "GET",
          path: "/v1/customers/{id}/orders",
          status: 200,
          duration_ms: round(ms + 3, 2),
        }),
      );
    } else if (kind === "detail") {
      const ms = rng.logNormal(4, 0.5);
      const status = rng.chance(0.02) ? 404 : 200;
      inc.add(
        t + ms,
        structlog(t + ms, status === 404 ? "warning" : "info", "order-history", "order_history.http", "request_finished", {
          pod,
          request_id: rid,
          method: "GET",
          path: "/v1/orders/{id}",
          status,
          duration_ms: round(ms + 2, 2),
        }),
      );
    } else if (kind === "invoice") {
      inc.add(
        t,
        structlog(t, "info", "order-history", "order_history.invoices", "invoice_url_signed", {
          pod,
          request_id: rid,
          order_id: `o_${rng.alnum(12)}`,
          expires_in: 300,
        }),
      );
    } else {
      inc.add(
        t,
        structlog(t, "debug", "order-history", "order_history.health", "mongo_ping", {
          pod,
          rtt_ms: round(rng.logNormal(0.6, 0.3), 3),
          pool_in_use: rng.int(0, 12),
        }),
      );
    }
  }

  return inc.scenario(
    name,
    "A cleanup script drops an index on shop.orders; the order-history query turns into a multi-second COLLSCAN and the API behind it slows and times out",
  );
}

/**
 * A night of a quiet catalog API; at 02:00 cron starts the ETL job, which warns that its scratch
 * volume is nearly full and then fails writing a partition with "No space left on device".
 */
export function nightlyEtlScratchFull(seed: number): Scenario {
  const name = "nightly-etl-scratch-full";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const day = Date.UTC(2025, 3, 1) + rng.int(0, 120) * 86_400_000;
  const t0 = day + 0.5 * 3_600_000 + rng.int(0, 600_000);
  const jobStart = day + 2 * 3_600_000 + rng.int(0, 20) * 1000;
  const end = jobStart + rng.int(45, 55) * 60_000;
  const runId = `etl-${new Date(jobStart).toISOString().slice(0, 10).replaceAll("-", "")}-${rng.hex(6)}`;

  // catalog-api overnight: crawlers, a few insomniacs, the cache warmer.
  const paths = ["/v2/products/{id}", "/v2/categories/{slug}", "/v2/search", "/v2/products/{id}/reviews", "/v2/brands/{slug}", "/v2/sitemap/{page}.xml"];
  for (const t of arrivals(rng, t0, end, 0.36)) {
    const path = rng.weighted(paths.map((p, i) => [p, [5, 2, 2, 1, 1, 0.6][i]!] as const));
    const bot = rng.chance(0.35);
    const median = path.includes("search") ? 85 : path.includes("sitemap") ? 240 : 18;
    const status = rng.chance(0.03) ? 404 : 200;
    inc.add(
      t,
      structlog(t, status === 404 ? "warning" : "info", "catalog-api", "catalog.http", "request_finished", {
        method: "GET",
        path,
        status,
        duration_ms: round(rng.logNormal(median, 0.5), 2),
        client: bot ? rng.pick(["Googlebot/2.1", "bingbot/2.0", "AhrefsBot/7.0"]) : "web",
        request_id: rng.uuid(),
      }),
    );
    if (rng.chance(0.05))
      inc.add(t + 1, structlog(t + 1, "info", "catalog-api", "catalog.cache", "cache_refill", { key: `product:${rng.int(1, 400_000)}`, ttl_s: 3600 }));
  }
  for (const t of ticks(rng, t0, end, 5 * 60_000, 3000)) {
    inc.add(
      t,
      structlog(t, "info", "catalog-api", "catalog.warmer", "cache_warm_cycle_done", {
        keys: rng.int(9_000, 12_000),
        took_ms: Math.round(rng.logNormal(4200, 0.2)),
      }),
    );
  }

  // The ETL job (python-json-logger with timestamp renamed; levelname as Python writes it).
  const etl = (t: number, levelname: string, logger: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    inc.add(
      t,
      { timestamp: new Date(t).toISOString(), levelname, name: logger, message, service: "etl-nightly", run_id: runId, host: "batch-runner-2", ...extra },
      label,
    );
  etl(jobStart, "INFO", "etl.main", `Starting etl-nightly run ${runId} (schedule "0 2 * * *", trigger=cron)`);
  etl(
    jobStart + 400,
    "INFO",
    "etl.main",
    "Configuration: source=postgres://orders-replica/orders target=s3://dwh-stage/ scratch=/scratch/etl workers=4 partition_date=" +
      new Date(day - 86_400_000).toISOString().slice(0, 10),
  );
  const tables = ["orders", "order_lines", "payments", "refunds", "shipments", "customers", "products", "stock_moves", "returns", "coupons"];
  let t = jobStart + 2000;
  let usedPct = rng.int(58, 64);
  const failAt = rng.int(6, 8); // the table whose write runs out of space
  for (let i = 0; i < tables.length; i++) {
    const table = tables[i]!;
    const rows = Math.round(rng.logNormal(i < 3 ? 1_200_000 : 220_000, 0.4));
    const chunks = Math.max(4, Math.round(rows / 50_000));
    etl(t, "INFO", "etl.extract", `Extracting ${table} for ${new Date(day - 86_400_000).toISOString().slice(0, 10)}`, { table });
    for (let c = 1; c <= Math.min(chunks, 40); c++) {
      t += rng.int(1500, 4000);
      etl(t, "DEBUG", "etl.extract", `Fetched chunk ${c}/${Math.min(chunks, 40)} of ${table} (${rng.int(45_000, 50_000)} rows)`, { table, chunk: c });
    }
    t += rng.int(2000, 5000);
    etl(t, "INFO", "etl.extract", `Extracted ${rows.toLocaleString("en-US")} rows from ${table} in ${round((t - jobStart) / 1000, 1)}s`, { table, rows });
    usedPct += rng.int(3, 6);
    if (usedPct >= 90 && i < failAt)
      etl(
        t + 200,
        "WARNING",
        "etl.scratch",
        `Scratch volume /scratch is ${usedPct}% full (${round(((100 - usedPct) / 100) * 200, 1)} GiB free), continuing`,
        { used_pct: usedPct },
        "pattern",
      );
    if (i === failAt) {
      const file = `/scratch/etl/${runId}/${table}/part-00${rng.int(10, 99)}.parquet`;
      etl(
        t + 900,
        "ERROR",
        "etl.transform",
        `Failed to write ${file}: [Errno 28] No space left on device`,
        {
          table,
          exc_info: `Traceback (most recent call last):\n  File "/app/etl/transform.py", line 214, in write_partition\n    pq.write_table(tbl, path, compression="zstd")\n  File "/usr/local/lib/python3.11/site-packages/pyarrow/parquet/core.py", line 1909, in write_table\n    writer.write_table(table, row_group_size=row_group_size)\nOSError: [Errno 28] No space left on device`,
        },
        "error",
      );
      etl(
        t + 1100,
        "ERROR",
        "etl.main",
        `Run ${runId} failed at step transform:${table} after ${Math.round((t + 1100 - jobStart) / 1000)}s`,
        { exit_code: 1 },
        "error",
      );
      etl(t + 1300, "INFO", "etl.main", `Cleaned up scratch directory /scratch/etl/${runId}`);
      etl(t + 1400, "WARNING", "etl.notify", `Posted failure of ${runId} to #data-alerts`);
      // cron's wrapper retries once after five minutes; it fails at the first write.
      const r = t + 5 * 60_000 + rng.int(0, 5000);
      etl(r, "INFO", "etl.main", `Starting etl-nightly run ${runId} (attempt 2, trigger=retry)`);
      etl(r + 3000, "WARNING", "etl.scratch", `Scratch volume /scratch is 97% full (6.0 GiB free), continuing`, { used_pct: 97 }, "pattern");
      etl(
        r + 90_000,
        "ERROR",
        "etl.transform",
        `Failed to write /scratch/etl/${runId}/orders/part-0001.parquet: [Errno 28] No space left on device`,
        { table: "orders" },
        "error",
      );
      etl(r + 90_200, "ERROR", "etl.main", `Run ${runId} failed at step transform:orders after 90s; giving up after 2 attempts`, { exit_code: 1 }, "error");
      break;
    }
    t += rng.int(1000, 3000);
    etl(t, "INFO", "etl.transform", `Wrote ${table} to /scratch/etl/${runId}/${table}/ (${Math.ceil(rows / 250_000)} files, ${round(rows / 9000, 1)} MiB)`, {
      table,
    });
    t += rng.int(4000, 15_000);
    etl(t, "INFO", "etl.load", `Uploaded ${table} to s3://dwh-stage/${table}/dt=${new Date(day - 86_400_000).toISOString().slice(0, 10)}/`, { table });
  }

  return inc.scenario(
    name,
    "A quiet night of catalog-api traffic, then the 02:00 ETL job warns its scratch volume is nearly full and fails twice with No space left on device",
  );
}
