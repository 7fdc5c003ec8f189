// 3) A catalog import purges the whole product cache instead of a handful of keys;
// the miss storm sends every product read to PostgreSQL, which saturates: slow
// statements, pool timeouts, "too many clients", 504s at the edge. Early-middle.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, round, ipIn, ipPublic, BROWSER_UAS, isoOff, redisTime, type Label } from "./lib.js";
import { pino, pgJson, rsyslog, structlog, type PinoBase } from "./producers.js";

export function s03CacheStampede(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(42, 50) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const flushT = T0 + W * r.float(0.2, 0.34);
  const tau = r.float(3.2, 4.6) * MIN; // refill time constant
  const hitNormal = r.float(0.95, 0.972);
  const hit = (t: number): number => (t < flushT ? hitNormal : hitNormal - (hitNormal - 0.02) * Math.exp(-(t - flushT) / tau));
  /** DB slowdown from the miss load */
  const dbFactor = (t: number): number => {
    const miss = 1 - hit(t);
    return 1 + 260 * Math.max(0, miss - 0.06) ** 1.6;
  };
  const stormy = (t: number): boolean => t >= flushT && hit(t) < 0.85;

  const rs = r.rsHash();
  const pods: PinoBase[] = [0, 1, 2, 3].map(() => ({ pid: 1, hostname: `product-api-${rs}-${r.podSuffix()}`, name: "product-api" }));
  const podIp = new Map(pods.map((p) => [p.hostname, ipIn(r, "10.30")]));
  const edgeHosts = ["edge-1", "edge-2"];
  const users = Array.from({ length: 160 }, () => ({ ip: ipPublic(r), ua: r.pick(BROWSER_UAS) }));
  const hotProducts = Array.from({ length: 300 }, () => r.int(100000, 999999));

  // pg background pids
  const pgPid = { ckpt: r.int(60, 90) };
  let pgLine = 1;
  const pg = (
    t: number,
    sev: "LOG" | "WARNING" | "ERROR" | "FATAL",
    msg: string,
    o: Partial<Parameters<typeof pgJson>[3]> & { pid: number; backend: Parameters<typeof pgJson>[3]["backend"] },
    lbl: Label = null,
  ): void => {
    sink.add(t, pgJson(t, sev, msg, { lineNum: pgLine++ % 500, ...o }), lbl);
  };

  let reqId = r.int(1, 1e6);
  let edgeReq = 0;
  const edge = (
    t: number,
    u: { ip: string; ua: string },
    method: string,
    uri: string,
    status: number,
    rt: number,
    upstream: string,
    urt: string,
    lbl: Label,
  ): void => {
    sink.add(
      t,
      {
        time: isoOff(t, 0, 0),
        remote_addr: u.ip,
        remote_user: "",
        request: `${method} ${uri} HTTP/2.0`,
        status: String(status),
        body_bytes_sent: String(status === 200 ? r.int(800, 24000) : r.int(150, 600)),
        request_time: rt.toFixed(3),
        http_referer: r.chance(0.6) ? "https://shop.example.com/" : "",
        http_user_agent: u.ua,
        upstream_addr: upstream,
        upstream_status: status === 504 ? "504" : String(status),
        upstream_response_time: urt,
        request_id: r.hex(32),
        host: r.pick(edgeHosts),
      },
      lbl,
    );
    edgeReq++;
  };

  // ------------------------------------------------------------ product reads
  for (const t of arrivals(r, T0, T1, (x) => 23 * (1 + 0.1 * Math.sin((x - T0) / (9 * MIN))))) {
    const pod = r.pick(pods);
    const u = r.pick(users);
    const list = r.chance(0.25);
    const id = r.pick(hotProducts);
    const url = list ? `/products?category=${r.pick(["shoes", "jackets", "bags", "home", "garden", "toys"])}&page=${r.int(1, 4)}` : `/products/${id}`;
    const isHit = r.chance(hit(t));
    let ms: number;
    let status = 200;
    let lbl: Label = null;
    if (isHit) {
      ms = r.logn(list ? 7 : 3.5, 0.4);
    } else {
      const db = Math.min(r.logn(list ? 14 : 5, 0.45) * dbFactor(t) * r.float(0.5, 1.5), 9000);
      ms = db + r.logn(3, 0.3);
      if (db >= 250) {
        const dt = t + db - 2;
        const pid = r.int(20000, 40000);
        pg(
          dt,
          "LOG",
          `duration: ${db.toFixed(3)} ms  execute <unnamed>: SELECT p.id, p.sku, p.title, p.description, p.attrs, pr.amount, pr.currency, s.available FROM products p JOIN product_prices pr ON pr.product_id = p.id AND pr.price_list = $2 LEFT JOIN stock_levels s ON s.product_id = p.id WHERE ${list ? "p.category_slug = $1 ORDER BY p.rank LIMIT 48 OFFSET $3" : "p.id = $1"}`,
          {
            pid,
            backend: "client backend",
            user: "product_api",
            db: "shop",
            remote: podIp.get(pod.hostname) ?? "10.30.0.1",
            app: "product-api",
            ps: "SELECT",
            detail: list
              ? `parameters: $1 = '${url.split("=")[1]?.split("&")[0] ?? "shoes"}', $2 = 'retail-eur', $3 = '${48 * r.int(0, 3)}'`
              : `parameters: $1 = '${id}', $2 = 'retail-eur'`,
          },
          "performance",
        );
      }
      if (db > 3000 && r.chance(0.5)) {
        // pool acquisition timed out before the query ran
        status = 503;
        ms = 3000 + r.float(1, 20);
      }
      if (stormy(t)) lbl = "performance";
      // a cache-aside wrapper logs each miss
      sink.add(
        t + 1,
        pino(t + 1, "info", pod, "product cache miss, loading from db", {
          key: list ? `plp:${url.slice(19)}` : `product:${id}:retail-eur`,
          reqId: `req-${reqId}`,
        }),
        stormy(t) ? "pattern" : null,
      );
    }
    if (ms < 250 && lbl === "performance" && status === 200) lbl = null;
    if (status === 503) {
      lbl = "performance";
      sink.add(
        t + ms - 1,
        pino(t + ms - 1, "error", pod, "failed to load product", {
          reqId: `req-${reqId}`,
          err: {
            type: "KnexTimeoutError",
            message: "Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?",
            stack:
              "KnexTimeoutError: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?\n    at Client_PG.acquireConnection (/app/node_modules/knex/lib/client.js:312:26)\n    at async Runner.ensureConnection (/app/node_modules/knex/lib/execution/runner.js:287:28)\n    at async ProductRepo.findById (/app/dist/repo/products.js:41:21)",
          },
        }),
        "performance",
      );
    }
    const end = t + ms;
    sink.add(
      end,
      pino(end, status >= 500 ? "error" : "info", pod, "request completed", {
        reqId: `req-${reqId}`,
        req: { method: "GET", url },
        res: { statusCode: status },
        cache: isHit ? "hit" : "miss",
        responseTime: Math.round(ms),
      }),
      lbl,
    );
    reqId++;
    // the edge sees the same request (nginx times out upstreams after 5 s)
    const upstream = `${podIp.get(pod.hostname) ?? "10.30.0.1"}:3000`;
    if (ms > 5000) edge(t + 5001, u, "GET", url, 504, 5.001, upstream, "5.000", "performance");
    else edge(end + 1, u, "GET", url, status, (ms + r.float(0.5, 3)) / 1000, upstream, (ms / 1000).toFixed(3), lbl);
  }
  // "too many clients": pods growing their pools while the DB is saturated
  for (const t of arrivals(r, flushT + 40000, T1, (x) => (dbFactor(x) > 20 ? 1.6 : 0))) {
    const pod = r.pick(pods);
    const pid = r.int(20000, 40000);
    pg(
      t,
      "FATAL",
      "sorry, too many clients already",
      {
        pid,
        backend: "client backend",
        user: "product_api",
        db: "shop",
        remote: podIp.get(pod.hostname) ?? "",
        state: "53300",
        app: "[unknown]",
        sessionStart: t - 3,
      },
      "error",
    );
    sink.add(
      t + 4,
      pino(t + 4, "error", pod, "failed to load product", {
        reqId: `req-${reqId}`,
        err: {
          type: "error",
          message: "sorry, too many clients already",
          stack:
            "error: sorry, too many clients already\n    at Parser.parseErrorMessage (/app/node_modules/pg-protocol/dist/parser.js:287:98)\n    at Parser.handlePacket (/app/node_modules/pg-protocol/dist/parser.js:126:29)",
          code: "53300",
          severity: "FATAL",
        },
      }),
      "error",
    );
    const u = r.pick(users);
    const url = `/products/${r.pick(hotProducts)}`;
    sink.add(
      t + 6,
      pino(t + 6, "error", pod, "request completed", {
        reqId: `req-${reqId}`,
        req: { method: "GET", url },
        res: { statusCode: 500 },
        cache: "miss",
        responseTime: r.int(20, 80),
      }),
      "error",
    );
    edge(t + 7, u, "GET", url, 500, r.float(0.02, 0.09), `${podIp.get(pod.hostname) ?? ""}:3000`, "0.050", "error");
    reqId++;
  }

  // ------------------------------------------------------------ other edge traffic (cart, static, checkout)
  for (const t of arrivals(r, T0, T1, 10)) {
    const u = r.pick(users);
    const [m, uri, up] = r.weighted([
      [["GET", `/static/js/app.${r.hex(8)}.js`, "10.30.9.4:8080"], 30],
      [["GET", "/cart", "10.30.8.11:8080"], 25],
      [["POST", "/cart/items", "10.30.8.11:8080"], 15],
      [["GET", "/account/orders", "10.30.8.20:8080"], 10],
      [["POST", "/checkout/session", "10.30.8.31:8080"], 8],
      [["GET", "/wp-login.php", "-"], 2],
      [["GET", "/favicon.ico", "10.30.9.4:8080"], 10],
    ] as const);
    const st = uri === "/wp-login.php" ? 404 : r.chance(0.01) ? 499 : m === "POST" && r.chance(0.03) ? 422 : 200;
    const rt = r.logn(uri.startsWith("/static") ? 3 : 28, 0.5) / 1000;
    edge(t, u, m, uri, st, rt, up, up === "-" ? "-" : rt.toFixed(3), null);
  }

  // ------------------------------------------------------------ cache stats per pod
  for (const pod of pods) {
    let keys = r.int(170000, 190000);
    for (const t of ticks(r, T0, T1, 60000, 500)) {
      const h = hit(t - 30000) + r.float(-0.008, 0.008);
      const total = r.int(240, 320) * (stormy(t) ? 1.2 : 1);
      const hits = Math.round(total * h);
      if (t > flushT && t - 60000 < flushT) keys = r.int(200, 900);
      else keys = Math.min(keys + Math.round((total - hits) * 8.5), 192000) - r.int(0, 40);
      sink.add(
        t,
        pino(t, "info", pod, "cache stats", {
          window_s: 60,
          hits,
          misses: Math.round(total - hits),
          hit_ratio: round(hits / total, 3),
          keys,
          evictions: r.int(0, 12),
        }),
        stormy(t) ? "pattern" : null,
      );
    }
  }

  // ------------------------------------------------------------ catalog-importer (python structlog)
  for (const t of ticks(r, T0, T1, 10 * MIN, 40000)) {
    const run = r.hex(8);
    const rows = r.int(30, 220);
    sink.add(t, structlog(t, "info", "import started", { run_id: run, source: "pim-feed", feed: "delta" }, "catalog_importer.job"));
    sink.add(
      t + 4100,
      structlog(
        t + 4100,
        "info",
        "import batch applied",
        { run_id: run, rows_upserted: rows, rows_deleted: r.int(0, 4), elapsed_ms: r.int(1800, 4000) },
        "catalog_importer.job",
      ),
    );
    const isTheOne = Math.abs(t - flushT) < 5 * MIN && t <= flushT + 1;
    const pt = isTheOne ? flushT : t + 4500;
    const purgeAll = isTheOne;
    sink.add(
      pt,
      structlog(
        pt,
        "info",
        "cache purge",
        purgeAll
          ? { run_id: run, pattern: "product:*", purge_all: true, keys_deleted: r.int(176000, 191000), elapsed_ms: r.int(2500, 4200) }
          : { run_id: run, pattern: "product:{id}:*", purge_all: false, keys_deleted: rows * 2 + r.int(0, 6), elapsed_ms: r.int(3, 30) },
        "catalog_importer.cache",
      ),
      purgeAll ? "pattern" : null,
    );
    sink.add(
      pt + 300,
      structlog(pt + 300, "info", "import finished", { run_id: run, status: "ok", duration_s: round(r.float(4.5, 9), 2) }, "catalog_importer.job"),
    );
  }
  // routine warning from the importer
  for (const t of arrivals(r, T0, T1, 0.12)) {
    sink.add(
      t,
      structlog(t, "warn", "skipping product with missing price", { sku: `SKU-${r.int(10000, 99999)}`, price_list: "retail-chf" }, "catalog_importer.job"),
    );
  }

  // ------------------------------------------------------------ PostgreSQL background
  for (const t of ticks(r, T0, T1, 5 * MIN, 0)) {
    pg(t, "LOG", "checkpoint starting: time", { pid: pgPid.ckpt, backend: "checkpointer", sessionStart: T0 - 86400000 * 3 });
    const buf = r.int(900, 4200);
    const wr = round(r.float(80, 150), 3);
    pg(
      t + wr * 1000 + 50,
      "LOG",
      `checkpoint complete: wrote ${buf} buffers (${round(buf / 1310.72, 1)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 2)} recycled; write=${wr} s, sync=0.0${r.int(10, 99)} s, total=${round(wr + 0.05, 3)} s; sync files=${r.int(30, 90)}, longest=0.00${r.int(1, 9)} s, average=0.001 s; distance=${r.int(9000, 40000)} kB, estimate=${r.int(20000, 40000)} kB; lsn=3A/${r.hex(8).toUpperCase()}, redo lsn=3A/${r.hex(8).toUpperCase()}`,
      { pid: pgPid.ckpt, backend: "checkpointer", sessionStart: T0 - 86400000 * 3 },
    );
  }
  for (const t of arrivals(r, T0, T1, 0.35)) {
    // the BI tool's slow reporting queries are an everyday sight
    const ms = r.float(260, 1900);
    pg(
      t,
      "LOG",
      `duration: ${ms.toFixed(3)} ms  statement: SELECT date_trunc('hour', o.created_at) AS h, count(*), sum(o.total_amount) FROM orders o WHERE o.created_at >= now() - interval '${r.pick(["7", "14", "30"])} days' GROUP BY 1 ORDER BY 1`,
      {
        pid: r.int(20000, 40000),
        backend: "client backend",
        user: "metabase",
        db: "shop",
        remote: "10.30.12.7",
        app: "Metabase v0.48.1 [bd7b4a9a-...]",
        ps: "SELECT",
      },
    );
  }
  for (const t of arrivals(r, T0, T1, 0.08)) {
    pg(t, "LOG", "could not receive data from client: Connection reset by peer", {
      pid: r.int(20000, 40000),
      backend: "client backend",
      user: "cart_svc",
      db: "shop",
      remote: "10.30.8.11",
      app: "cart-svc",
    });
  }
  for (const t of arrivals(r, T0, T1, 0.05)) {
    const tbl = r.pick(["product_views", "cart_items", "sessions"]);
    pg(
      t,
      "LOG",
      `automatic vacuum of table "shop.public.${tbl}": index scans: 1\npages: 0 removed, ${r.int(5000, 60000)} remain, ${r.int(100, 900)} scanned (${round(r.float(0.5, 3), 2)}% of total)\ntuples: ${r.int(1000, 30000)} removed, ${r.int(100000, 900000)} remain, 0 are dead but not yet removable\navg read rate: ${round(r.float(1, 20), 3)} MB/s, avg write rate: ${round(r.float(1, 10), 3)} MB/s\nsystem usage: CPU: user: 0.0${r.int(1, 9)} s, system: 0.00 s, elapsed: 0.${r.int(10, 99)} s`,
      { pid: r.int(40000, 50000), backend: "autovacuum worker", sessionStart: t - 500 },
    );
  }

  // ------------------------------------------------------------ Redis via rsyslog
  const redisHost = "cache-redis-0";
  const rl = (t: number, msg: string): void => {
    sink.add(t, rsyslog(t, redisHost, "notice", "local0", "redis-server", "1", `1:M ${redisTime(t)} * ${msg}`));
  };
  for (const t of ticks(r, T0, T1, 5 * MIN, 5000)) {
    const pid = r.int(1000, 60000);
    rl(t, `${r.int(10000, 60000)} changes in 300 seconds. Saving...`);
    rl(t + 3, `Background saving started by pid ${pid}`);
    sink.add(t + 900, rsyslog(t + 900, redisHost, "notice", "local0", "redis-server", String(pid), `${pid}:C ${redisTime(t + 900)} * DB saved on disk`));
    sink.add(
      t + 902,
      rsyslog(
        t + 902,
        redisHost,
        "notice",
        "local0",
        "redis-server",
        String(pid),
        `${pid}:C ${redisTime(t + 902)} * Fork CoW for RDB: current ${r.int(1, 9)} MB, peak ${r.int(5, 14)} MB, average ${r.int(1, 6)} MB`,
      ),
    );
    rl(t + 1000, "Background saving terminated with success");
  }

  void edgeReq;
  return sink.build(
    "product-cache-flush-stampede",
    "A catalog import purges the whole product cache; the miss storm saturates PostgreSQL: slow statements, pool timeouts, too-many-clients errors and 504s until the cache refills.",
  );
}
