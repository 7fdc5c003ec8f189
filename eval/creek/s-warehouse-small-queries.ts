/**
 * warehouse-small-queries (breaks the rule): reporting-api (Node, pino-http) answers dashboards
 * from ClickHouse. Its panels scan millions of rows at 100 to 250 M rows/s; its store pages and
 * filters read a small dictionary table or one granule, where the ~2 to 10 ms every query costs
 * dominates and ClickHouse's `Read ... rows/sec.` says a few thousand rows/s. A third in, a new
 * `store detail` dashboard is published and these small lookups multiply. warehouse-loader
 * (python-json-logger) loads the warehouse every quarter-hour: fact tables at a hundred thousand
 * rows/s and more, dimension tables of a few dozen rows at a few hundred. None of those low rates
 * is slow work: the amount of work is small. The incident is elsewhere: half-way, reporting-api
 * 4.12.0 is rolled out and every CSV export of a report that includes a store without a currency
 * fails with `TypeError` and 500 until it is rolled back.
 */
import { hourlyCron, nodeName, openWindow } from "./common.js";
import { clickhouseLine, commas, fluentMessage, type KubeMeta, kubeEvent, type PinoSource, pinoErr, pinoHttp, pino, pyJson, binarySize } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "warehouse-small-queries";

export function warehouseSmallQueries(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-10", 12, 3);
  const dashboardAt = tl.at(rng.float(0.3, 0.38));
  const releaseAt = tl.at(rng.float(0.46, 0.54));
  const rollbackAt = releaseAt + rng.int(38, 55) * MINUTE;
  const broken = (t: number): boolean => t >= releaseAt + 40 * SECOND && t < rollbackAt + 30 * SECOND;

  // ── ClickHouse: two replicas of one shard ────────────────────────────────────────────────────
  const chHosts = [nodeName(rng, "10.42"), nodeName(rng, "10.42")];
  const replicas: KubeMeta[] = [0, 1].map((i) => ({
    pod: `chi-analytics-main-0-${i}-0`,
    namespace: "clickhouse",
    container: "clickhouse",
    app: "clickhouse",
    host: chHosts[i]!,
  }));
  // reporting-api's three pods: the running ReplicaSet's, 4.12.0's after the release, the old template's again after the rollback
  const oldHash = rng.pod("reporting-api").split("-")[2]!;
  const newHash = rng.pod("reporting-api").split("-")[2]!;
  const generation = (hash: string) =>
    [0, 1, 2].map(() => ({ pod: `reporting-api-${hash}-${rng.pod("x").split("-")[2]!.slice(0, 5)}`, ip: rng.privateIp("10.42"), pid: 1 }));
  const pods = [generation(oldHash), generation(newHash), generation(oldHash)];
  const switches = [releaseAt, rollbackAt].map((t) => [0, 1, 2].map((i) => t + (i + 1) * rng.int(9, 16) * SECOND));
  /** A pod serving at `t`. */
  const podAt = (t: number) => {
    const i = rng.int(0, 2);
    const g = t >= switches[1]![i]! ? 2 : t >= switches[0]![i]! ? 1 : 0;
    return pods[g]![i]!;
  };
  type Pod = (typeof pods)[number][number];

  /** One query on a replica: the query text line and the `Read ... rows/sec.` line when it ends; returns when it ended. */
  const query = (s: number, sql: string, rows: number, bytesPerRow: number, secs: number, user: string, from: string): number => {
    const r = rng.pick(replicas);
    const qid = rng.uuid();
    const thread = rng.int(180, 960);
    tl.add(
      s,
      fluentMessage(
        s,
        clickhouseLine(s, thread, qid, "Debug", "executeQuery", `(from [::ffff:${from}]:${rng.int(32000, 60999)}, user: ${user}) ${sql} (stage: Complete)`),
        r,
        "stderr",
      ),
    );
    const d = s + Math.max(1, Math.round(secs * 1000));
    const bytes = rows * bytesPerRow;
    tl.add(
      d,
      fluentMessage(
        d,
        clickhouseLine(
          d,
          thread,
          qid,
          "Debug",
          "executeQuery",
          `Read ${rows} rows, ${binarySize(bytes)} in ${secs.toFixed(6)} sec., ${Math.round(rows / secs)} rows/sec., ${binarySize(bytes / secs)}/sec.`,
        ),
        r,
        "stderr",
      ),
    );
    if (rng.chance(0.25)) {
      tl.add(
        d,
        fluentMessage(
          d,
          clickhouseLine(d, thread, qid, "Debug", "MemoryTracker", `Peak memory usage (for query): ${binarySize(bytes * rng.float(0.3, 2.5) + 2_000_000)}.`),
          r,
          "stderr",
        ),
      );
    }
    return d;
  };

  const src = (p: Pod): PinoSource => ({ hostname: p.pod, pid: p.pid, name: "reporting-api" });
  const stores = Array.from({ length: rng.int(180, 420) }, (_, i) => 1000 + i);
  const noCurrency = new Set(stores.filter(() => rng.chance(0.06)));
  let reqSeq = rng.int(10_000, 90_000);
  const req = (method: string, url: string, p: Pod) => {
    reqSeq += rng.int(1, 4);
    return {
      id: `${p.pod.slice(-5)}-${reqSeq}`,
      method,
      url,
      remoteAddress: rng.privateIp("10.42"),
      host: "reporting.internal",
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    };
  };

  // dashboard panels: large scans
  const panels = [
    [
      "revenue_by_day",
      "SELECT toStartOfDay(created_at) AS d, store_id, sum(amount) FROM sales.orders WHERE created_at >= now() - INTERVAL 30 DAY GROUP BY d, store_id ORDER BY d FORMAT JSONCompact",
      24,
    ],
    ["basket_size", "SELECT store_id, avg(items) FROM sales.orders WHERE created_at >= now() - INTERVAL 7 DAY GROUP BY store_id FORMAT JSONCompact", 12],
    [
      "top_skus",
      "SELECT sku, sum(qty) AS q FROM sales.order_items WHERE created_at >= today() - 14 GROUP BY sku ORDER BY q DESC LIMIT 50 FORMAT JSONCompact",
      16,
    ],
    [
      "refunds",
      "SELECT toStartOfHour(created_at) AS h, count() FROM sales.refunds WHERE created_at >= now() - INTERVAL 2 DAY GROUP BY h FORMAT JSONCompact",
      8,
    ],
  ] as const;
  for (const s of arrivals(rng, start, end, 2.6, shape, 1.2)) {
    const p = podAt(s);
    const [panel, sql, bpr] = rng.pick(panels);
    const rows = Math.round(rng.logNormal(panel === "refunds" ? 1_800_000 : 9_000_000, 0.6));
    const secs = rows / rng.logNormal(160_000_000, 0.25) + rng.float(0.004, 0.012);
    const d = query(s + rng.int(2, 6), sql, rows, bpr, secs, "reporting", p.ip);
    const took = d - s + rng.int(3, 15);
    tl.add(s + took, pinoHttp(s + took, src(p), req("GET", `/api/dashboards/${rng.int(10, 40)}/panels/${panel}`, p), 200, took));
  }
  // store pages and filters: small reads where the fixed cost of a query dominates
  const small = [
    ["SELECT store_id, name, region, currency FROM sales.stores FORMAT JSONCompact", () => stores.length, 64],
    ["SELECT code, name FROM sales.regions ORDER BY name FORMAT JSONCompact", () => rng.int(9, 14), 40],
    ["SELECT * FROM sales.currencies FORMAT JSONCompact", () => rng.int(28, 34), 48],
  ] as const;
  const smallRate = (t: number): number => (t < dashboardAt ? 1 : 1 + 2.2 * Math.min(1, (t - dashboardAt) / (20 * MINUTE)));
  for (const s of arrivals(rng, start, end, 1.2, (t) => smallRate(t) * shape(t), 4)) {
    const p = podAt(s);
    const secs = rng.float(0.0021, 0.0098);
    let url: string;
    if (rng.chance(s >= dashboardAt ? 0.55 : 0.25)) {
      // one store's last orders: one granule of the orders table
      const store = rng.pick(stores);
      const sql = `SELECT order_id, created_at, amount, items FROM sales.orders WHERE store_id = ${store} ORDER BY created_at DESC LIMIT 20 FORMAT JSONCompact`;
      query(s + 2, sql, 8192 * rng.int(1, 2), 20, secs + rng.float(0.001, 0.004), "reporting", p.ip);
      url = `/api/stores/${store}/orders?limit=20`;
    } else {
      const [sql, rows, bpr] = rng.pick(small);
      query(s + 2, sql, rows(), bpr, secs, "reporting", p.ip);
      url = sql.includes("stores") ? "/api/stores" : sql.includes("regions") ? "/api/filters/regions" : "/api/filters/currencies";
    }
    const took = Math.round(secs * 1000) + rng.int(3, 12);
    tl.add(s + took, pinoHttp(s + took, src(p), req("GET", url, p), 200, took));
  }

  // report exports: a query, then CSV formatting; 4.12.0 breaks on stores without a currency
  const exportFrames = [
    "formatMoney (/app/dist/reports/format.js:41:27)",
    "Array.map (<anonymous>)",
    "toCsvRow (/app/dist/reports/csv.js:88:31)",
    "Transform.transform [as _transform] (/app/dist/reports/csv.js:112:22)",
    "Transform._write (node:internal/streams/transform:171:8)",
  ];
  for (const s of arrivals(rng, start, end, 0.9, shape, 1.2)) {
    const p = podAt(s);
    const report = rng.int(2000, 2400);
    const chosen = Array.from({ length: rng.int(3, 40) }, () => rng.pick(stores));
    const rows = Math.round(rng.logNormal(2_500_000, 0.7));
    const secs = rows / rng.logNormal(150_000_000, 0.25) + rng.float(0.004, 0.012);
    const d = query(
      s + 4,
      `SELECT order_id, store_id, created_at, amount, currency FROM sales.orders WHERE store_id IN (${chosen.slice(0, 6).join(", ")}${chosen.length > 6 ? ", ..." : ""}) AND created_at >= '2026-02-01' FORMAT CSVWithNames`,
      rows,
      28,
      secs,
      "reporting",
      p.ip,
    );
    const r = req("GET", `/api/reports/${report}/export.csv`, p);
    if (broken(s) && chosen.some((x) => noCurrency.has(x)) && rng.chance(0.85)) {
      const took = d - s + rng.int(20, 120);
      tl.add(
        s + took - 1,
        pino(s + took - 1, src(p), "error", "export failed", {
          reqId: r.id,
          reportId: report,
          stores: chosen.length,
          err: pinoErr("TypeError", "Cannot read properties of null (reading 'toFixed')", exportFrames),
        }),
        "error",
      );
      tl.add(s + took, pinoHttp(s + took, src(p), r, 500, took), "error");
      continue;
    }
    const took = d - s + Math.round(rows / rng.logNormal(400, 0.3));
    tl.add(
      s + took,
      pino(s + took, src(p), "info", "export written", { reqId: r.id, reportId: report, rows: Math.round(rows / rng.int(20, 90)), format: "csv" }),
    );
    tl.add(s + took + 1, pinoHttp(s + took + 1, src(p), r, 200, took + 1));
  }

  // the release and the rollback: routine deploy events and start-up lines
  const deploy = (g: 1 | 2, version: string, rs: string) => {
    const t = [releaseAt, rollbackAt][g - 1]!;
    tl.add(
      t,
      kubeEvent(
        t,
        "Normal",
        "ScalingReplicaSet",
        `Scaled up replica set reporting-api-${rs} to 1`,
        { kind: "Deployment", name: "reporting-api", namespace: "analytics" },
        { component: "deployment-controller" },
        rng.uuid(),
      ),
    );
    for (const [i, p] of pods[g]!.entries()) {
      const at = switches[g - 1]![i]! - rng.int(300, 2000);
      tl.add(at, pino(at, src(p), "info", "server listening", { version, port: 3000, clickhouse: "http://clickhouse-analytics.clickhouse:8123" }));
    }
  };
  deploy(1, "4.12.0", newHash);
  deploy(2, "4.11.3", oldHash);

  // ── warehouse-loader: every quarter-hour, facts and dimensions ──────────────────────────────
  const tables = [
    ["fact_orders", 180_000, 0.5, 210_000],
    ["fact_order_items", 520_000, 0.5, 260_000],
    ["fact_refunds", 3_000, 0.7, 60_000],
    ["fact_stock_moves", 90_000, 0.6, 180_000],
    ["dim_store", 40, 0.4, 0],
    ["dim_region", 12, 0.1, 0],
    ["dim_currency", 30, 0.1, 0],
    ["dim_sku", 1_400, 0.6, 0],
    ["dim_promotion", 60, 0.6, 0],
  ] as const;
  for (const t of ticks(rng, start, end, 15 * MINUTE, 40 * SECOND)) {
    const run = rng.hex(12);
    let at = t;
    tl.add(
      at,
      pyJson(at, "warehouse-loader", "INFO", "warehouse_loader.run", `starting incremental load ${run}`, {
        run_id: run,
        source: "postgres://orders-replica/orders",
      }),
    );
    let total = 0;
    for (const [table, median, sigma, rate] of tables) {
      const rows = Math.max(1, Math.round(rng.logNormal(median, sigma)));
      // a fact table loads at its own pace; a dimension is a few dozen rows behind a fixed ~0.1 s of round trips
      const secs = rate > 0 ? rows / rng.logNormal(rate, 0.2) + rng.float(0.1, 0.3) : rng.float(0.08, 0.3);
      at += Math.round(secs * 1000) + rng.int(20, 80);
      total += rows;
      tl.add(
        at,
        pyJson(
          at,
          "warehouse-loader",
          "INFO",
          "warehouse_loader.load",
          `loaded ${rows} rows into ${table} in ${secs.toFixed(3)}s (${Math.round(rows / secs)} rows/s)`,
          {
            run_id: run,
            table,
            rows,
          },
        ),
      );
    }
    at += rng.int(30, 200);
    tl.add(
      at,
      pyJson(
        at,
        "warehouse-loader",
        "INFO",
        "warehouse_loader.run",
        `load ${run} finished: ${tables.length} tables, ${commas(total)} rows in ${((at - t) / 1000).toFixed(1)}s`,
        { run_id: run },
      ),
    );
  }

  hourlyCron(rng, tl, chHosts);
  return tl.build(
    NAME,
    "ClickHouse's small lookups (a dictionary table, one granule) report a few thousand rows/s beside panel scans at 150 M rows/s, more of them once a store dashboard is published, and the loader's dimension tables load at a few hundred rows/s: small work, not slow work; half-way reporting-api 4.12.0 fails CSV exports of stores without a currency with TypeError and 500 until rolled back",
  );
}
