// Slowness in the styles producers report it: Lambda REPORT lines and "Task timed out", API
// Gateway access logs, MySQL's slow query log with php-fpm and nginx timeouts, and Go and Rust
// services whose durations come in nanoseconds, microseconds, strings and p99 summaries.

import type { Scenario } from "../blind/types.js";
import {
  arrivals,
  bunyan,
  container,
  every,
  goDur,
  HOUR,
  iso,
  isoMicro,
  type Label,
  Lines,
  MIN,
  nginxErrTime,
  nginxTime,
  type Pod,
  podName,
  replicas,
  powertools,
  publicIp,
  Rng,
  round,
  SEC,
  slog,
  startTime,
  USER_AGENTS,
  zap,
} from "./kit.js";

/**
 * Two Lambda functions behind an HTTP API (CloudWatch Logs events: START/END/REPORT, Powertools
 * JSON, API Gateway access logs as JSON strings). The image resizer's origin fetches slow down
 * for half an hour: durations of 8-29 s, "Task timed out after 30.03 seconds", 504s with
 * integration latency near 29 s; a few huge TIFFs exhaust its memory (Max Memory Used equals the
 * size, Runtime.ExitError). Cold starts and unsupported-format warnings are routine.
 */
export function lambdaImageTimeouts(seed: number): Scenario {
  const r = new Rng(seed, "lambda-image-timeouts");
  const L = new Lines();
  const start = startTime(r, 7, 17);
  const end = start + r.float(2.5, 4) * HOUR;
  const resizer = { name: "image-resizer", memory: 1024, arn: `arn:aws:lambda:eu-central-1:${r.int(1e11, 9e11)}:function:image-resizer`, timeout: 30 };
  const webhook = { name: "order-webhook", memory: 256, arn: `arn:aws:lambda:eu-central-1:${r.int(1e11, 9e11)}:function:order-webhook`, timeout: 10 };
  const slowFrom = start + r.float(0.3, 0.55) * (end - start);
  const slowTo = slowFrom + r.float(22, 38) * MIN;
  const streams = new Map<string, string[]>();
  const streamOf = (fn: string) => {
    const list = streams.get(fn) ?? [];
    if (list.length === 0 || r.chance(0.02)) list.push(`${new Date(start).toISOString().slice(0, 10).replace(/-/g, "/")}/[$LATEST]${r.hex(32)}`);
    streams.set(fn, list);
    return r.pick(list);
  };
  const cw = (t: number, fn: string, stream: string, message: string, label: Label = null) =>
    L.add(t, { timestamp: t, message, logGroup: `/aws/lambda/${fn}`, logStream: stream, service: fn }, label);
  const apigw = (t: number, route: string, status: number, integrationMs: number, label: Label = null) => {
    const msg = JSON.stringify({
      requestId: `${r.alnum(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}=`,
      ip: publicIp(r),
      requestTime: nginxTime(t),
      httpMethod: "POST",
      routeKey: route,
      status: String(status),
      protocol: "HTTP/1.1",
      responseLength: String(status === 200 ? r.int(200, 900) : 32),
      integrationLatency: String(Math.round(integrationMs)),
      responseLatency: String(Math.round(integrationMs + r.int(1, 12))),
    });
    L.add(t, { timestamp: t, message: msg, logGroup: "/aws/apigateway/images-api", logStream: `${r.hex(32)}`, service: "images-api" }, label);
  };
  const invoke = (
    t0: number,
    fn: typeof resizer,
    work: () => { ms: number; label: Label; app: (t: number, id: string) => void; mem: number; killed?: boolean },
  ) => {
    const id = r.uuid();
    const stream = streamOf(fn.name);
    const cold = r.chance(0.03);
    const init = cold ? r.float(380, 950) : 0;
    cw(t0, fn.name, stream, `START RequestId: ${id} Version: $LATEST`);
    const w = work();
    w.app(t0 + Math.round(init) + 5, id);
    const dur = Math.min(w.ms, fn.timeout * 1000 + 30);
    const tEnd = t0 + Math.round(init + dur);
    const timedOut = w.ms >= fn.timeout * 1000;
    if (timedOut) cw(tEnd - 1, fn.name, stream, `${iso(tEnd - 1)} ${id} Task timed out after ${(dur / 1000).toFixed(2)} seconds`, "performance");
    if (w.killed) cw(tEnd - 1, fn.name, stream, `RequestId: ${id} Error: Runtime exited with error: signal: killed\nRuntime.ExitError`, "memory");
    cw(tEnd, fn.name, stream, `END RequestId: ${id}`);
    const status = timedOut ? "\tStatus: timeout" : w.killed ? "\tStatus: error\tError Type: Runtime.ExitError" : "";
    const report = `REPORT RequestId: ${id}\tDuration: ${dur.toFixed(2)} ms\tBilled Duration: ${Math.ceil(dur + init)} ms\tMemory Size: ${fn.memory} MB\tMax Memory Used: ${Math.round(w.mem)} MB\t${cold ? `Init Duration: ${init.toFixed(2)} ms\t` : ""}${status}`;
    cw(tEnd + 1, fn.name, stream, report, w.killed ? "memory" : timedOut || w.label === "performance" ? "performance" : null);
    return { tEnd, timedOut, killed: w.killed === true };
  };

  const calls = arrivals(r, start, end, r.int(430, 650));
  // two to four huge TIFFs, outside the slow half hour
  const calm = calls.filter((t) => t < slowFrom - MIN || t >= slowTo + MIN);
  const hugeAt = new Set(r.sample(calm, r.int(2, 4)));
  for (const t of calls) {
    const huge = hugeAt.has(t);
    const slow = !huge && t >= slowFrom && t < slowTo && r.chance(0.85);
    const res = invoke(t, resizer, () => {
      const fetchMs = slow ? r.float(7000, 36000) : r.logn(120, 0.5);
      const resizeMs = r.logn(260, 0.35);
      const mem = huge ? resizer.memory : r.float(170, 290);
      const key = `uploads/${r.alnum(6)}/${r.alnum(12)}.${huge ? "tiff" : r.pick(["jpg", "jpg", "png", "webp", "heic"])}`;
      return {
        ms: huge ? r.float(2000, 5000) : fetchMs + resizeMs + r.float(5, 20),
        label: slow ? "performance" : null,
        mem,
        killed: huge,
        app: (ta, id) => {
          if (huge) {
            L.add(ta, powertools(ta, "INFO", resizer, "resizing", id, { key, megapixels: r.int(180, 400) }), "memory");
            return;
          }
          if (!slow && r.chance(0.02)) {
            L.add(ta, powertools(ta, "WARN", resizer, "unsupported image format, skipping", id, { key, detected: "image/x-canon-cr2" }));
            return;
          }
          L.add(
            ta + Math.round(Math.min(fetchMs, 29900)),
            powertools(ta + Math.round(Math.min(fetchMs, 29900)), "INFO", resizer, "fetched original", id, {
              key,
              bytes: r.int(80000, 9000000),
              duration_ms: Math.round(fetchMs),
            }),
            slow ? "performance" : null,
          );
          if (fetchMs + resizeMs < 29900)
            L.add(
              ta + Math.round(fetchMs + resizeMs),
              powertools(ta + Math.round(fetchMs + resizeMs), "INFO", resizer, "resized", id, {
                key,
                sizes: [320, 960, 1920],
                duration_ms: Math.round(resizeMs),
              }),
            );
        },
      };
    });
    const integ = res.timedOut ? r.float(29000, 29050) : res.tEnd - t + r.int(3, 15);
    apigw(
      res.tEnd + 2,
      "POST /resize",
      res.timedOut ? 504 : res.killed ? 502 : 200,
      integ,
      res.timedOut ? "performance" : res.killed ? "error" : slow ? "performance" : null,
    );
  }
  for (const t of arrivals(r, start, end, r.int(280, 420))) {
    const res = invoke(t, webhook, () => ({
      ms: r.logn(45, 0.5),
      label: null,
      mem: r.float(70, 95),
      app: (ta, id) => L.add(ta, powertools(ta, "INFO", webhook, "order event forwarded", id, { order_id: `ord_${r.alnum(10)}`, target: "erp" })),
    }));
    apigw(res.tEnd + 2, "POST /webhooks/orders", 200, res.tEnd - t + r.int(3, 10));
  }
  return L.scenario(
    "lambda-image-timeouts",
    "an image-resizing Lambda's origin fetches slow to 8-30 s with Task timed out and 504s in API Gateway logs, and a few huge TIFFs kill it for memory",
  );
}

const ORDERS_SQL = (r: Rng) =>
  `SELECT o.id, o.created_at, o.total, o.status, COUNT(oi.id) AS items FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.customer_id = ${r.int(100000, 999999)} GROUP BY o.id ORDER BY o.created_at DESC LIMIT 20`;

/**
 * A PHP storefront (Monolog's LogstashFormatter) on MySQL (slow query log through Filebeat's
 * mysql module: multi-line message, event.duration in ns) behind ingress-nginx, with php-fpm's
 * slow-request warnings. A release drops an index on orders.customer_id; the account-orders page
 * then scans millions of rows: slow-log entries of 6-45 s, fpm "executing too slow", nginx 504
 * and "upstream timed out". The hourly report query and search queries in the slow log are routine.
 */
export function storefrontMysqlSlowQueries(seed: number): Scenario {
  const r = new Rng(seed, "storefront-mysql-slow-queries");
  const L = new Lines();
  const start = startTime(r, 6, 15);
  const end = start + r.float(3, 5) * HOUR;
  const releaseAt = start + r.float(0.35, 0.55) * (end - start);
  const fixedAt = releaseAt + r.float(40, 70) * MIN;
  const webPods: Pod[] = replicas(r, "storefront", 3).map((pod) => ({
    app: "storefront",
    pod,
    namespace: "shop",
    node: `ip-10-20-${r.int(1, 9)}-${r.int(10, 250)}`,
  }));
  const igPod: Pod = {
    app: "ingress-nginx",
    pod: podName(r, "ingress-nginx-controller"),
    namespace: "ingress-nginx",
    node: `ip-10-20-${r.int(1, 9)}-${r.int(10, 250)}`,
    container: "controller",
  };
  const broken = (t: number) => t >= releaseAt && t < fixedAt;
  const mono = (
    t: number,
    level: "INFO" | "WARNING" | "ERROR" | "NOTICE",
    message: string,
    context: Record<string, unknown>,
    pod: string,
    label: Label = null,
  ) =>
    L.add(
      t,
      {
        "@timestamp": isoMicro(t).replace("Z", "+00:00"),
        "@version": 1,
        host: pod,
        message,
        type: "storefront",
        channel: "app",
        level,
        monolog_level: { INFO: 200, NOTICE: 250, WARNING: 300, ERROR: 400 }[level],
        context,
        extra: { service: "storefront", request_id: r.hex(16) },
      },
      label,
    );
  const slowlog = (t: number, queryS: number, rowsExamined: number, rowsSent: number, sql: string, label: Label = null) => {
    const lock = r.float(0.00005, 0.0004);
    L.add(
      t,
      {
        "@timestamp": iso(t),
        message: `# Time: ${isoMicro(t)}\n# User@Host: shop[shop] @  [10.42.${r.int(0, 31)}.${r.int(2, 254)}]  Id: ${r.int(100000, 999999)}\n# Query_time: ${queryS.toFixed(6)}  Lock_time: ${lock.toFixed(6)} Rows_sent: ${rowsSent}  Rows_examined: ${rowsExamined}\nSET timestamp=${Math.floor(t / 1000)};\n${sql};`,
        event: { dataset: "mysql.slowlog", module: "mysql", duration: Math.round(queryS * 1e9) },
        mysql: { slowlog: { lock_time: { sec: round(lock, 6) }, rows_sent: rowsSent, rows_examined: rowsExamined, query: `${sql};` } },
        user: { name: "shop" },
        service: { type: "mysql" },
        host: { name: "mysql-primary-0" },
        log: { file: { path: "/var/log/mysql/mysql-slow.log" } },
      },
      label,
    );
  };
  const ingress = (t: number, method: string, path: string, status: number, secs: number, label: Label) => {
    const bytes = status === 504 ? 160 : r.int(4000, 60000);
    const line = `${publicIp(r)} - - [${nginxTime(t)}] "${method} ${path} HTTP/2.0" ${status} ${bytes} "https://www.shop.example.com/" "${r.pick(USER_AGENTS)}" ${r.int(300, 900)} ${secs.toFixed(3)} [shop-storefront-80] [] 10.42.${r.int(0, 31)}.${r.int(2, 254)}:80 ${bytes} ${secs.toFixed(3)} ${status} ${r.hex(32)}`;
    L.add(t, container(t, igPod, line), label);
  };
  // php-fpm's error log date: 19-Sep-2025 07:12:26
  const fpmTime = (t: number) =>
    nginxTime(t)
      .replace(" +0000", "")
      .replace(/\//g, "-")
      .replace(/^(\S+?-\d{4}):/, "$1 ");

  for (const t of arrivals(r, start, end, r.int(1100, 1700))) {
    const page = r.weighted([
      ["home", 25],
      ["product", 35],
      ["search", 15],
      ["cart", 10],
      ["orders", 15],
    ] as const);
    const pod = r.pick(webPods);
    let ms = r.logn(page === "search" ? 160 : 70, 0.45);
    let label: Label = null;
    const path = {
      home: "/",
      product: `/p/${r.int(10000, 99999)}`,
      search: `/search?q=${r.pick(["sofa", "lamp", "rug", "desk"])}`,
      cart: "/cart",
      orders: "/account/orders",
    }[page];
    if (page === "orders" && broken(t)) {
      const q = r.float(6, 45);
      ms = q * 1000 + r.logn(60, 0.3);
      label = "performance";
      slowlog(t + Math.round(q * 1000), q, r.int(4200000, 5100000), 20, ORDERS_SQL(r), "performance");
      if (ms > 5000) {
        const at = t + 5000;
        L.add(
          at,
          container(
            at,
            { ...pod, container: "php-fpm" },
            `[${fpmTime(at)}] WARNING: [pool www] child ${r.int(20, 400)}, script '/var/www/public/index.php' (request: "GET /index.php") executing too slow (5.${r.int(100000, 999999)} sec), logging`,
            {},
            "stderr",
          ),
          "performance",
        );
      }
      if (ms > 30000) {
        const at = t + 30000;
        L.add(
          at,
          container(
            at,
            igPod,
            `${nginxErrTime(at)} [error] ${r.int(30, 60)}#${r.int(30, 60)}: *${r.int(100000, 999999)} upstream timed out (110: Operation timed out) while reading response header from upstream, client: ${publicIp(r)}, server: www.shop.example.com, request: "GET /account/orders HTTP/2.0", upstream: "http://10.42.${r.int(0, 31)}.${r.int(2, 254)}:80/account/orders", host: "www.shop.example.com"`,
            {},
            "stderr",
          ),
          "performance",
        );
        ingress(at + 1, "GET", path, 504, 30.001, "performance");
        mono(t + Math.round(ms), "INFO", "Rendered account orders", { duration_ms: Math.round(ms), orders: 20 }, pod.pod, "performance");
        continue;
      }
    }
    mono(
      t + Math.round(ms),
      "INFO",
      page === "orders" ? "Rendered account orders" : `Rendered ${page} page`,
      { duration_ms: Math.round(ms), route: page },
      pod.pod,
      label,
    );
    ingress(t + Math.round(ms) + 2, "GET", path, 200, (ms + 2) / 1000, label);
  }
  // routine slow-log entries: search LIKE queries of a second or two, the hourly report
  for (const t of arrivals(r, start, end, r.int(30, 60))) {
    slowlog(
      t,
      r.float(1.05, 2.6),
      r.int(200000, 900000),
      r.int(0, 48),
      `SELECT p.id, p.name FROM products p WHERE p.name LIKE '%${r.pick(["sofa", "lamp", "rug", "desk"])}%' OR p.description LIKE '%${r.pick(["oak", "linen", "brass"])}%' LIMIT 48`,
    );
  }
  for (const t of every(r, start, end, HOUR, 0.01)) {
    slowlog(
      t + r.int(3000, 8000),
      r.float(3, 8),
      r.int(8e6, 9e6),
      r.int(20, 40),
      "SELECT DATE(created_at) d, SUM(total) FROM orders WHERE created_at >= NOW() - INTERVAL 30 DAY GROUP BY d",
    );
    mono(t, "INFO", "Scheduled task report:daily-revenue finished", { duration_ms: r.int(3000, 9000) }, r.pick(webPods).pod);
  }
  for (const t of arrivals(r, start, end, r.int(15, 30)))
    mono(t, "WARNING", "Payment provider returned soft decline, asking customer to retry", { code: "05" }, r.pick(webPods).pod);
  // the release and the fix
  mono(
    releaseAt - 2 * MIN,
    "NOTICE",
    "Migration applied: 2025_10_02_114500_drop_orders_customer_id_index",
    { batch: r.int(300, 400), duration_ms: r.int(400, 2000) },
    r.pick(webPods).pod,
    "pattern",
  );
  mono(
    fixedAt - MIN,
    "NOTICE",
    "Migration applied: 2025_10_02_131000_restore_orders_customer_id_index",
    { batch: r.int(401, 500), duration_ms: r.int(60000, 180000) },
    r.pick(webPods).pod,
    "pattern",
  );
  return L.scenario(
    "storefront-mysql-slow-queries",
    "a release drops an index: account-order queries of 6-45 s in the MySQL slow log, php-fpm slow warnings, nginx 504s and upstream timeouts, beside routine slow-log entries",
  );
}

/**
 * A ride-hailing dispatch path: geo-index (zap with durations in integer nanoseconds), matcher
 * (Rust tracing JSON, latency in microseconds, message nested in fields), pricing (slog with Go
 * duration strings) and a gateway (Bunyan) that writes p50/p95/p99 summaries every 30 s. A map
 * data push rebuilds the spatial index at peak: lookups go from ~300 µs to 40-250 ms, matches from
 * ~3 ms to seconds with deadline errors, and the gateway's p99 climbs; pricing stays normal.
 */
export function dispatchMixedDurationUnits(seed: number): Scenario {
  const r = new Rng(seed, "dispatch-mixed-duration-units");
  const L = new Lines();
  const start = startTime(r, 14, 18);
  const end = start + r.float(2, 3) * HOUR;
  const pushAt = start + r.float(0.3, 0.6) * (end - start);
  const rebuiltAt = pushAt + r.float(18, 32) * MIN;
  const slow = (t: number) => t >= pushAt + 30 * SEC && t < rebuiltAt;
  const geoPod = podName(r, "geo-index");
  const gw = { name: "dispatch-gw", hostname: podName(r, "dispatch-gw"), pid: 1, component: "http" };
  const gwMetrics = { ...gw, component: "metrics" };
  const cities = ["berlin", "hamburg", "munich", "cologne"];
  const tracing = (t: number, level: "INFO" | "WARN" | "ERROR", target: string, fields: Record<string, unknown>, label: Label = null) =>
    L.add(
      t,
      {
        timestamp: isoMicro(t),
        level,
        fields,
        target,
        span: { name: "match", ride_id: `r_${r.alnum(10)}` },
        threadId: `ThreadId(${r.int(2, 17)})`,
        service: "matcher",
      },
      label,
    );

  for (const t of arrivals(r, start, end, r.int(800, 1150))) {
    const city = r.pick(cities);
    const bad = slow(t) && r.chance(0.9);
    const lookups = r.int(1, 3);
    let geoMs = 0;
    for (let i = 0; i < lookups; i++) {
      const ns = bad ? r.float(40e6, 250e6) : r.logn(300e3, 0.4);
      geoMs += ns / 1e6;
      L.add(
        t + Math.round(geoMs),
        zap(t + Math.round(geoMs), "info", "geo", "index/query.go:58", "nearest drivers", {
          service: "geo-index",
          pod: geoPod,
          city,
          k: 20,
          found: r.int(3, 20),
          elapsed: Math.round(ns),
        }),
        bad ? "performance" : null,
      );
    }
    const matchUs = bad ? geoMs * 1000 + r.float(2e5, 3e6) : geoMs * 1000 + r.logn(2500, 0.4);
    const tm = t + Math.round(matchUs / 1000);
    if (bad && matchUs > 2.5e6) {
      tracing(
        tm,
        "ERROR",
        "matcher::engine",
        {
          message: "match failed",
          error: 'status: DeadlineExceeded, message: "Deadline expired before operation could complete"',
          latency_us: Math.round(matchUs),
        },
        "performance",
      );
    } else {
      tracing(tm, "INFO", "matcher::engine", { message: "match found", candidates: r.int(3, 20), latency_us: Math.round(matchUs) }, bad ? "performance" : null);
    }
    if (!bad || r.chance(0.5)) {
      const pt = tm + r.int(1, 5);
      L.add(pt, slog(pt, "INFO", "quote computed", { service: "pricing", city, surge: round(r.float(1, 1.6), 2), took: goDur(r.logn(4, 0.4)) }));
    }
    if (r.chance(0.02)) tracing(tm + 2, "WARN", "matcher::engine", { message: "driver declined, rematching", attempt: 2 });
  }
  // gateway request lines and its p99 summaries
  for (const t of arrivals(r, start, end, r.int(600, 900))) {
    const bad = slow(t) && r.chance(0.8);
    const ms = bad ? r.float(1500, 9000) : r.logn(45, 0.4);
    L.add(
      t + Math.round(ms),
      bunyan(t + Math.round(ms), "info", gw, "request", { route: "POST /v1/rides", status: bad && ms > 5000 ? 504 : 200, latency: Math.round(ms) }),
      bad ? "performance" : null,
    );
  }
  for (const t of every(r, start, end, 30 * SEC)) {
    const s = slow(t);
    const p50 = s ? r.int(900, 2500) : r.int(35, 55);
    const p95 = s ? r.int(4000, 7000) : r.int(110, 160);
    const p99 = s ? r.int(7000, 9800) : r.int(220, 380);
    L.add(
      t,
      bunyan(t, "info", gwMetrics, `latency report p50=${p50}ms p95=${p95}ms p99=${p99}ms (n=${r.int(200, 600)}, window=30s)`),
      s ? "performance" : null,
    );
  }
  // routine geo-index lines and the push
  for (const t of every(r, start, end, 2 * MIN))
    L.add(
      t,
      zap(t, "info", "geo", "index/drivers.go:31", "driver positions applied", {
        service: "geo-index",
        pod: geoPod,
        updates: r.int(8000, 20000),
        elapsed: Math.round(r.logn(40e6, 0.3)),
      }),
    );
  L.add(
    pushAt,
    zap(pushAt, "info", "geo", "index/loader.go:112", "map data update received, rebuilding spatial index in place", {
      service: "geo-index",
      pod: geoPod,
      version: `osm-${new Date(pushAt).toISOString().slice(0, 10)}`,
      segments: r.int(1700000, 1900000),
    }),
    "pattern",
  );
  L.add(
    pushAt + 30 * SEC,
    zap(pushAt + 30 * SEC, "warn", "geo", "index/query.go:77", "index rebuild in progress, falling back to linear scan for unindexed cells", {
      service: "geo-index",
      pod: geoPod,
    }),
    "performance",
  );
  L.add(
    rebuiltAt,
    zap(rebuiltAt, "info", "geo", "index/loader.go:140", "spatial index rebuilt", {
      service: "geo-index",
      pod: geoPod,
      elapsed: Math.round(rebuiltAt - pushAt) * 1e6,
    }),
  );
  return L.scenario(
    "dispatch-mixed-duration-units",
    "a spatial index rebuild at peak slows geo lookups (ns), matches (µs, Rust tracing) and the gateway's p99 summaries, while pricing's Go duration strings stay normal",
  );
}
