// h01: shield cache admits no-store responses with ttl=0s (null); h02: CDC loader's final partial batch (null).
import { ecs, HOUR, MIN, nginx, pino, pyjson, Rng, slog, Timeline, ticks, UAS, wholeSec, k8s, SEC } from "./lib.js";
import type { Scenario } from "./types.js";

export function h01(seed: number): Scenario {
  const name = "h01-shield-cache-no-store-ttl-zero";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 3, 7, 0, 0);
  const t1 = t0 + 3 * HOUR;
  const inc0 = t0 + r.int(60, 150) * MIN; // catalog-api loses its database for ~6 min
  const inc1 = inc0 + 6 * MIN;
  const cacheable: [string, number][] = [
    ["/api/catalog/list?page=", 300],
    ["/api/catalog/item/", 600],
    ["/api/search?q=", 120],
    ["/api/banners/home", 900],
  ];
  const noStore = ["/api/account/summary", "/api/checkout/quote", "/api/promo/preview"];
  for (const t of ticks(r, t0, t1, 8 * SEC)) {
    const host = r.pick(["shield-fra-1", "shield-fra-2"]);
    const ns = r.chance(0.03);
    let key: string;
    let ttl: number;
    if (ns) [key, ttl] = [r.pick(noStore), 0];
    else {
      const [p, tt] = r.pick(cacheable);
      key = p.endsWith("=")
        ? `${p}${p.includes("q=") ? r.pick(["boots", "rain+jacket", "socks", "tent", "headlamp"]) : r.int(1, 40)}`
        : p.endsWith("/")
          ? `${p}${r.int(10000, 99999)}`
          : p;
      ttl = tt;
    }
    const om = Math.round(r.lat(45, 0));
    tl.add(t, ecs(t, "cdn-shield", host, "info", `cache admit key=${key} ttl=${ttl}s origin_ms=${om}`, { "event.dataset": "cdn-shield.cache" }));
  }
  for (const t0n of ticks(r, t0, t1, 6 * SEC)) {
    const t = wholeSec(t0n);
    const p = r.pick(["/", "/c/outdoor", "/p/", "/api/catalog/list?page=2", "/static/app.js", "/api/search?q=tent"]);
    const path = p === "/p/" ? `/p/${r.int(10000, 99999)}` : p;
    const inInc = t >= inc0 && t < inc1 && path.startsWith("/api") && r.chance(0.35);
    const status = inInc ? 504 : r.chance(0.015) ? 404 : 200;
    const rt = inInc ? 10.0 : r.lat(0.04, 3);
    tl.add(
      t,
      nginx(t, "shop.example.eu", `GET ${path} HTTP/2.0`, status, status === 200 ? r.int(900, 48000) : 160, rt, r.pick(UAS), r.ip(), {
        upstream_cache_status: r.pick(["HIT", "HIT", "MISS"]),
      }),
      status === 504 ? "error" : null,
    );
  }
  const routes = ["/v1/catalog/list", "/v1/catalog/item/:id", "/v1/search", "/v1/banners"];
  for (const t of ticks(r, t0, t1, 10 * SEC)) {
    const pod = `catalog-api-6f7c9-${r.pick(["x2k4", "p9d1", "m7q3"])}`;
    tl.add(
      t,
      pino(t, "catalog-api", pod, 30, "request completed", {
        reqId: `req-${r.hex(6)}`,
        req: { method: "GET", url: r.pick(routes) },
        res: { statusCode: 200 },
        responseTime: r.lat(38, 0),
      }),
    );
  }
  // the real incident: pg connections time out on catalog-api, slow requests, edge 504s
  for (let i = 0; i < 6; i++) {
    const t = inc0 + r.int(10, 340) * SEC;
    tl.add(
      t,
      pino(t, "catalog-api", "catalog-api-6f7c9-p9d1", 50, "query failed: Connection terminated due to connection timeout", {
        err: {
          type: "Error",
          message: "Connection terminated due to connection timeout",
          stack: "Error: Connection terminated due to connection timeout\n    at Client._connectionCallback (node_modules/pg/lib/client.js:132:24)",
        },
        query: "catalog.list_items",
      }),
      "error",
    );
  }
  for (let i = 0; i < 4; i++) {
    const t = inc0 + r.int(20, 350) * SEC;
    tl.add(
      t,
      pino(t, "catalog-api", "catalog-api-6f7c9-p9d1", 30, "request completed", {
        reqId: `req-${r.hex(6)}`,
        req: { method: "GET", url: "/v1/catalog/list" },
        res: { statusCode: 200 },
        responseTime: r.int(6200, 9800),
      }),
      "performance",
    );
  }
  return {
    name,
    description:
      "Edge shield admits no-store API responses with ttl=0s among ttl=120-900s (everyday); catalog-api loses Postgres for 6 min: query errors, slow requests, edge 504s",
    ...tl.build(),
  };
}

export function h02(seed: number): Scenario {
  const name = "h02-cdc-loader-tail-batch-rows";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 5, 1, 0, 0);
  const t1 = t0 + 4 * HOUR;
  const badRun = r.int(5, 12);
  let run = 0;
  for (let rs = t0 + r.int(1, 4) * MIN; rs < t1 - 12 * MIN; rs += 15 * MIN, run++) {
    const rid = r.hex(8);
    let t = rs;
    tl.add(t, pyjson(t, "orders-loader", "loader.run", "INFO", `sync run started job=orders_sync run_id=${rid}`));
    let rowsTotal = 0;
    let batches = 0;
    for (const table of ["analytics.orders", "analytics.order_items"]) {
      const full = r.int(30, 38);
      for (let b = 0; b < full; b++) {
        t += r.int(6, 11) * SEC;
        if (run === badRun && table === "analytics.orders" && b === 12) {
          tl.add(
            t,
            pyjson(
              t,
              "orders-loader",
              "loader.memory",
              "WARNING",
              `memory usage high memory_pct=${(91 + r.next() * 4).toFixed(1)} rss_mb=${r.int(1860, 1950)} limit_mb=2048`,
            ),
            "memory",
          );
          t += 20 * SEC;
          tl.add(
            t,
            pyjson(
              t,
              "orders-loader",
              "loader.memory",
              "WARNING",
              `memory usage high memory_pct=${(95 + r.next() * 3).toFixed(1)} rss_mb=${r.int(1950, 2010)} limit_mb=2048`,
            ),
            "memory",
          );
          t += 15 * SEC;
          for (let k = 0; k < 2; k++) {
            tl.add(
              t,
              pyjson(
                t,
                "orders-loader",
                "loader.copy",
                "ERROR",
                'COPY into analytics.orders failed: could not extend file "base/16384/2619": No space left on device',
                { exc_info: 'psycopg2.errors.DiskFull: could not extend file "base/16384/2619": No space left on device\nHINT:  Check free disk space.' },
              ),
              "error",
            );
            t += 30 * SEC;
          }
          tl.add(t, pyjson(t, "orders-loader", "loader.run", "ERROR", `sync run failed job=orders_sync run_id=${rid} error=DiskFull`), "error");
          break;
        }
        tl.add(t, pyjson(t, "orders-loader", "loader.copy", "INFO", `flushed batch table=${table} rows=5000 took_ms=${Math.round(r.lat(900, 0))}`));
        rowsTotal += 5000;
        batches++;
      }
      if (run === badRun) break;
      // the tail: rows that arrived during the run's last poll, a small batch every run
      const tail = r.int(3, 95);
      t += r.int(2, 5) * SEC;
      tl.add(t, pyjson(t, "orders-loader", "loader.copy", "INFO", `flushed batch table=${table} rows=${tail} took_ms=${Math.round(r.lat(60, 0))}`));
      rowsTotal += tail;
      batches++;
    }
    if (run !== badRun) {
      t += r.int(1, 3) * SEC;
      tl.add(t, pyjson(t, "orders-loader", "loader.run", "INFO", `sync run finished job=orders_sync run_id=${rid} batches=${batches} rows=${rowsTotal}`));
    }
    const jt = rs - 2 * SEC;
    tl.add(
      jt,
      k8s(
        jt,
        "Job created",
        { job: `orders-sync-${Math.floor(rs / 1000)}`, controller: "cronjob" },
        "kube-controller-manager-cp-1",
        "kube-controller-manager",
        "kube-system",
      ),
    );
  }
  for (const t of ticks(r, t0, t1, 5 * SEC)) {
    tl.add(
      t,
      slog(t, "INFO", "relayed events", {
        topic: r.pick(["cdc.orders", "cdc.order_items"]),
        count: r.int(1, 60),
        lag_ms: r.int(80, 900),
        service: "cdc-relay",
        partition: r.int(0, 5),
      }),
    );
  }
  return {
    name,
    description:
      "CDC loader flushes rows=5000 batches and a small tail batch (rows=3-95) each run (everyday); one run's warehouse disk fills: memory warnings, COPY failures",
    ...tl.build(),
  };
}
