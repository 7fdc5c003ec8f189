// The hot "featured products" cache entries (one per locale/currency/segment) expire together. Every request misses,
// recomputes the expensive query and writes a large value back: PostgreSQL saturates (slow statements, then "too many
// clients"), gunicorn workers time out and nginx returns 502, Celery warm-up tasks are enqueued hundreds of times, and
// Redis (maxmemory, noeviction) starts refusing writes. A feature flag for stale-while-revalidate ends it.

import { BROWSER_UA, Build, type Label, publicIp } from "./build.js";
import type { WildScenario } from "./types.js";

export function s12CacheStampede(seed: number): WildScenario {
  const b = new Build(seed, "s12-cache-stampede");
  const { rng, f } = b;
  const start = b.start([7, 8, 12, 13, 18, 19, 20, 21]);
  const dur = rng.int(40, 56) * 60000;
  const end = start + dur;
  const tExp = start + Math.round(dur * rng.float(0.35, 0.48));
  const tFix = tExp + rng.int(4, 8) * 60000;
  const tCalm = tFix + rng.int(60, 120) * 1000;
  const storm = (t: number): boolean => t >= tExp && t < tFix;
  const hot = (t: number): boolean => t >= tExp + 20000 && t < tCalm; // database saturated
  const oomFrom = tExp + rng.int(70, 120) * 1000;
  const workers = [0, 1, 2, 3].map(() => rng.int(20, 99));

  // ---------------------------------------------------------------- Django app (structlog JSON lines) + gunicorn + nginx
  const dj = (t: number, level: string, logger: string, event: string, kv: Record<string, unknown>, l: Label): void =>
    b.add(t, { event, ...kv, logger, level, timestamp: f.isoD(t, 6), service: "catalog-web" }, l);
  const gu = (t: number, pid: number, level: string, msg: string, l: Label): void => b.add(t, `[${f.space(t, 0)} +0000] [${pid}] [${level}] ${msg}`, l);
  const ngx = (t: number, ip: string, req: string, st: number, bytes: number, ua: string, rt: number, urt: string, ust: string, l: Label): void =>
    b.add(
      t,
      f.combined(ip, "-", t, req, st, bytes, "https://shop.example.com/", ua, ` rt=${rt.toFixed(3)} ua="127.0.0.1:8000" us="${ust}" ut="${urt}" cs=-`),
      l,
    );
  const locales = ["en-GB", "de-DE", "fr-FR", "nl-NL", "it-IT", "es-ES"];
  const segs = ["anon", "member", "vip"];
  let ngErrCid = rng.int(100000, 900000);
  b.flow(start, end, 0.9, (t) => {
    const kind = rng.weighted([
      ["home", 5],
      ["product", 6],
      ["category", 3],
      ["static", 4],
      ["api", 2],
    ] as const);
    const ip = publicIp(rng);
    const ua = rng.pick(BROWSER_UA);
    const rid = rng.hex(32);
    if (kind === "static") {
      const rt = rng.logn(0.001, 0.4);
      ngx(t, ip, `GET /static/CACHE/css/output.${rng.hex(12)}.css HTTP/1.1`, rng.chance(0.5) ? 304 : 200, rng.int(0, 90000), ua, rt, "-", "-", null);
      return;
    }
    const path =
      kind === "home"
        ? "/"
        : kind === "product"
          ? `/p/${rng.int(10000, 99999)}/`
          : kind === "category"
            ? `/c/${rng.pick(["outdoor", "kitchen", "garden", "sale"])}/`
            : `/api/cart/${rng.hex(8)}/`;
    let ms = rng.logn(kind === "home" ? 25 : 45, 0.5);
    let st = 200;
    let l: Label = null;
    const key = `catalog:v7:featured:${rng.pick(locales)}:${rng.pick(["EUR", "GBP"])}:${rng.pick(segs)}`;
    if (kind === "home") {
      if (storm(t)) {
        dj(t + 3, "info", "catalog.cache", "cache miss", { key, request_id: rid, recompute: true }, "pattern");
        if (t >= oomFrom && rng.chance(0.35))
          dj(
            t + rng.int(3000, 20000),
            "warning",
            "catalog.cache",
            "cache set failed",
            {
              key,
              request_id: rid,
              size_bytes: rng.int(1200000, 1900000),
              error: "redis.exceptions.OutOfMemoryError: OOM command not allowed when used memory > 'maxmemory'.",
            },
            "memory",
          );
      } else if (rng.chance(0.01)) dj(t + 3, "info", "catalog.cache", "cache miss", { key, request_id: rid, recompute: true }, null);
    }
    if (hot(t) && kind !== "api" && (kind === "home" || rng.chance(storm(t) ? 0.35 : 0.15))) {
      ms = kind === "home" && storm(t) ? rng.logn(19000, 0.4) : rng.logn(3500, 0.6);
      l = ms > 1500 ? "performance" : null;
      if (ms > 30000) {
        // gunicorn kills the worker at --timeout 30; nginx sees the upstream close
        const w = rng.int(0, 3);
        const old = workers[w] ?? 50;
        const tk = t + 30000 + rng.int(0, 900);
        gu(tk, 1, "CRITICAL", `WORKER TIMEOUT (pid:${old})`, "performance");
        gu(tk + rng.int(5, 40), old, "ERROR", `Error handling request ${path}`, "error");
        gu(tk + rng.int(41, 200), old, "INFO", `Worker exiting (pid: ${old})`, "error");
        const nw = rng.int(100, 999);
        workers[w] = nw;
        gu(tk + rng.int(400, 1500), 1, "INFO", `Booting worker with pid: ${nw}`, null);
        b.add(
          tk + 2,
          f.nginxErr(
            tk + 2,
            "error",
            7,
            ngErrCid++,
            `upstream prematurely closed connection while reading response header from upstream, client: ${ip}, server: shop.example.com, request: "GET ${path} HTTP/1.1", upstream: "http://127.0.0.1:8000${path}", host: "shop.example.com"`,
          ),
          "error",
        );
        ngx(tk + 3, ip, `GET ${path} HTTP/1.1`, 502, 559, ua, (tk + 3 - t) / 1000, ((tk + 2 - t) / 1000).toFixed(3), "502", "error");
        return;
      }
      if (rng.chance(0.06)) {
        st = 500;
        l = "error";
        dj(
          t + Math.round(ms),
          "error",
          "django.request",
          `Internal Server Error: ${path}`,
          {
            request_id: rid,
            status_code: 500,
            exception: `Traceback (most recent call last):\n  File "/app/.venv/lib/python3.12/site-packages/psycopg/connection.py", line 119, in connect\n    raise last_ex.with_traceback(None)\npsycopg.OperationalError: connection failed: connection to server at "10.20.0.5", port 5432 failed: FATAL:  sorry, too many clients already`,
          },
          "error",
        );
      }
    }
    const done = t + Math.round(ms);
    if (kind !== "api" && ms > 1500)
      dj(done, "warning", "catalog.middleware", "slow request", { path, duration_ms: Math.round(ms), request_id: rid }, "performance");
    ngx(
      done + 1,
      ip,
      `${kind === "api" ? "POST" : "GET"} ${path} HTTP/1.1`,
      st,
      st === 500 ? 145 : rng.int(4000, 90000),
      ua,
      (ms + 1) / 1000,
      (ms / 1000).toFixed(3),
      String(st),
      l,
    );
  });
  b.every(start + (rng.int(0, 3600000) % 600000), end, 600000, 0, (t) => {
    const w = rng.int(0, 3);
    const old = workers[w] ?? 50;
    gu(t, old, "INFO", `Autorestarting worker after current request.`, null);
    gu(t + 200, old, "INFO", `Worker exiting (pid: ${old})`, null);
    const nw = rng.int(100, 999);
    workers[w] = nw;
    gu(t + rng.int(300, 900), 1, "INFO", `Booting worker with pid: ${nw}`, null);
  });

  // ---------------------------------------------------------------- Celery worker (default text format)
  const cel = (t: number, proc: string, level: string, msg: string, l: Label): void => b.add(t, `[${f.space(t, 3, ",")}: ${level}/${proc}] ${msg}`, l);
  b.flow(start, end, 0.06, (t) => {
    const id = rng.uuid();
    const task = rng.pick(["catalog.tasks.reindex_product", "catalog.tasks.sync_prices", "orders.tasks.send_confirmation"]);
    cel(t, "MainProcess", "INFO", `Task ${task}[${id}] received`, null);
    cel(t + rng.int(100, 3000), `ForkPoolWorker-${rng.int(1, 8)}`, "INFO", `Task ${task}[${id}] succeeded in ${rng.float(0.05, 2.5).toFixed(9)}s: None`, null);
  });
  b.flow(tExp + 2000, tFix, 0.2, (t) => {
    const id = rng.uuid();
    const loc = `${rng.pick(locales)}:${rng.pick(["EUR", "GBP"])}:${rng.pick(segs)}`;
    cel(t, "MainProcess", "INFO", `Task catalog.tasks.warm_featured[${id}] received`, "pattern");
    const d = hot(t) ? rng.float(15, 60) : rng.float(2, 6);
    cel(
      t + Math.round(d * 1000),
      `ForkPoolWorker-${rng.int(1, 8)}`,
      "INFO",
      `Task catalog.tasks.warm_featured[${id}] succeeded in ${d.toFixed(9)}s: 'catalog:v7:featured:${loc}'`,
      d > 10 ? "performance" : "pattern",
    );
  });

  // ---------------------------------------------------------------- PostgreSQL (stderr log, log_min_duration_statement = 1000)
  const pg = (t: number, pid: number, ud: string | null, level: string, msg: string, l: Label): void => b.add(t, f.pg(t, pid, ud, level, msg), l);
  const featuredSql =
    "SELECT p.id, p.title, p.slug, min(v.price_cents) AS from_price, count(r.id) AS reviews, avg(r.rating) FROM catalog_product p JOIN catalog_variant v ON v.product_id = p.id LEFT JOIN reviews_review r ON r.product_id = p.id WHERE p.is_active AND p.locale = $1 AND v.currency = $2 GROUP BY p.id ORDER BY sum(v.sold_30d) DESC LIMIT 48";
  b.flow(start, end, 1 / 150, (t) =>
    pg(
      t,
      rng.int(1000, 60000),
      "catalog@catalog",
      "LOG",
      `duration: ${rng.float(1000, 1600).toFixed(3)} ms  execute <unnamed>: SELECT count(*) FROM orders_order WHERE created_at >= $1`,
      null,
    ),
  );
  b.every(start + rng.int(0, 300000), end, 300000, 0, (t) => {
    pg(t, 68, null, "LOG", "checkpoint starting: time", null);
    pg(
      t + rng.int(60000, 200000),
      68,
      null,
      "LOG",
      `checkpoint complete: wrote ${rng.int(200, 3000)} buffers (${rng.float(1, 9).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=${rng.float(20, 200).toFixed(3)} s, sync=0.00${rng.int(1, 9)} s, total=${rng.float(20, 200).toFixed(3)} s; sync files=${rng.int(10, 60)}, longest=0.00${rng.int(1, 9)} s, average=0.001 s; distance=${rng.int(1000, 30000)} kB, estimate=${rng.int(20000, 40000)} kB; lsn=1/${rng.hex(8).toUpperCase()}, redo lsn=1/${rng.hex(8).toUpperCase()}`,
      null,
    );
  });
  b.flow(
    tExp + 3000,
    tCalm,
    (t) => (storm(t) ? 0.18 : 0.05),
    (t) => {
      const d = storm(t) ? rng.logn(18000, 0.45) : rng.logn(2500, 0.4);
      pg(t, rng.int(1000, 60000), "catalog@catalog", "LOG", `duration: ${d.toFixed(3)} ms  execute <unnamed>: ${featuredSql}`, "performance");
    },
  );
  b.flow(tExp + 60000, tFix, 0.05, (t) => pg(t, rng.int(1000, 60000), "catalog@catalog", "FATAL", "sorry, too many clients already", "error"));
  b.flow(tExp + 40000, tFix, 1 / 60, (t) => {
    const p = rng.int(1000, 60000);
    pg(
      t,
      p,
      "catalog@catalog",
      "LOG",
      `process ${p} still waiting for ShareLock on transaction ${rng.int(1000000, 9999999)} after 1000.${rng.int(100, 999)} ms`,
      "performance",
    );
  });

  // ---------------------------------------------------------------- Redis cache (maxmemory 2gb, noeviction)
  const rpid = 1;
  const rd = (t: number, role: "M" | "C", lvl: "*" | "#", msg: string, l: Label, pid = rpid): void => b.add(t, f.redis(t, pid, role, lvl, msg), l);
  b.every(start + rng.int(0, 300000), end, 300000, 3000, (t) => {
    if (t > oomFrom && t < tFix + 60000) {
      rd(t, "M", "*", "100 changes in 300 seconds. Saving...", "memory");
      rd(t + 2, "M", "#", "Can't save in background: fork: Cannot allocate memory", "memory");
      return;
    }
    const child = rng.int(100, 9000);
    rd(t, "M", "*", "100 changes in 300 seconds. Saving...", null);
    rd(t + 2, "M", "*", `Background saving started by pid ${child}`, null);
    const d = rng.int(900, 3000);
    rd(t + d, "C", "*", "DB saved on disk", null, child);
    rd(t + d + 1, "C", "*", `Fork CoW for RDB: current ${rng.int(4, 30)} MB, peak ${rng.int(30, 60)} MB, average ${rng.int(4, 30)} MB`, null, child);
    rd(t + d + 80, "M", "*", "Background saving terminated with success", null);
  });

  // ---------------------------------------------------------------- the fix: feature flag, then a warm cache
  dj(tFix, "info", "catalog.flags", "feature flag changed", { flag: "featured_stale_while_revalidate", value: true, actor: "oncall@acme.io" }, null);
  dj(
    tFix + rng.int(2000, 8000),
    "info",
    "catalog.cache",
    "serving stale value while revalidating",
    { key: `catalog:v7:featured:en-GB:GBP:anon`, age_s: Math.round((tFix - tExp) / 1000) + 3600 },
    null,
  );

  // ---------------------------------------------------------------- search-sync: ECS JSON (ecs-logging-python)
  b.flow(start, end, 0.09, (t) => {
    const slowIdx = hot(t) && rng.chance(0.4);
    b.add(
      t,
      {
        "@timestamp": f.iso(t),
        "log.level": slowIdx ? "warning" : "info",
        message: slowIdx ? "product export query exceeded budget" : "exported product batch to search",
        "ecs.version": "1.6.0",
        "service.name": "search-sync",
        "log.logger": "search_sync.exporter",
        "process.pid": 1,
        "event.duration": slowIdx ? rng.int(8000, 40000) * 1000000 : rng.int(50, 400) * 1000000,
        labels: { batch: rng.int(1, 9999), products: rng.int(50, 500) },
      },
      slowIdx ? "performance" : null,
    );
  });

  return b.finish(
    "s12-cache-stampede",
    "Hot featured-products cache keys expire together: a flood of cache misses and duplicate Celery warm-ups, PostgreSQL saturation and 'too many clients', gunicorn worker timeouts and nginx 502s, Redis refusing writes at maxmemory, until stale-while-revalidate is switched on.",
  );
}
