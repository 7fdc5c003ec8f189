// Service-to-service incidents: a database lock cascading to its callers, a retry storm behind
// HAProxy, gRPC services whose normal latencies differ by orders of magnitude, a resolver whose
// upstreams vanish, and a CDN edge with an origin that fails now and then all day.

import type { Scenario } from "../blind/types.js";
import { arrivals, baseTime, epochS, Incident, iso, MIN, Rng, round, SEC, ticks } from "./kit.js";

/**
 * A migration runs CREATE INDEX without CONCURRENTLY on the events table: PostgreSQL (jsonlog)
 * reports lock waits and slow statements, the Phoenix API's Ecto pool runs dry and fails
 * requests, and the Node BFF that calls it reports upstream failures.
 */
export function phoenixPostgresLockCascade(seed: number): Scenario {
  const r = new Rng(seed, "phoenix-postgres-lock-cascade");
  const inc = new Incident();
  const t0 = baseTime(seed, 7);
  const end = t0 + 60 * MIN;
  const onset = t0 + 31 * MIN + r.int(0, 4) * MIN;
  const done = onset + 9 * MIN + r.int(0, 3) * MIN;
  const pg = (t: number, error_severity: string, message: string, extra: Record<string, unknown> = {}, label: "performance" | "pattern" | null = null) =>
    inc.add(
      t,
      {
        timestamp: iso(t),
        pid: r.int(2000, 9000),
        error_severity,
        service: "postgres",
        dbname: "events_prod",
        user: "events_app",
        backend_type: "client backend",
        message,
        ...extra,
      },
      label,
    );
  // Routine postgres lines: checkpoints, autovacuum, the odd slow report query.
  for (const t of ticks(r, t0, end, 5 * MIN, 2 * SEC)) {
    pg(t, "LOG", "checkpoint starting: time", { backend_type: "checkpointer", user: null, dbname: null });
    pg(
      t + r.int(20, 150) * SEC,
      "LOG",
      `checkpoint complete: wrote ${r.int(800, 6000)} buffers (${round(r.next() * 3, 1)}%); 0 WAL file(s) added, 0 removed, ${r.int(1, 4)} recycled; write=${round(r.logn(60, 0.3), 3)} s, sync=0.${r.int(10, 99)} s, total=${round(r.logn(62, 0.3), 3)} s`,
      { backend_type: "checkpointer", user: null, dbname: null },
    );
  }
  for (const t of arrivals(r, t0, end, () => 0.004, 0.004))
    pg(t, "LOG", `automatic vacuum of table "events_prod.public.${r.pick(["sessions", "device_tokens", "oban_jobs"])}": index scans: 1`, {
      backend_type: "autovacuum worker",
    });
  for (const t of arrivals(r, t0, end, () => 0.006, 0.006)) {
    const ms = r.logn(450, 0.3);
    pg(
      t,
      "LOG",
      `duration: ${ms.toFixed(3)} ms  statement: SELECT date_trunc('hour', inserted_at) AS h, count(*) FROM events WHERE account_id = $1 GROUP BY 1`,
      { duration_ms: round(ms, 3), user: "metabase" },
    );
  }
  const mig = r.int(20000, 30000);
  pg(
    onset - 2 * SEC,
    "LOG",
    "statement: CREATE INDEX index_events_on_account_id_and_kind ON events (account_id, kind)",
    { pid: mig, user: "events_migrator", application_name: "events_api_migrate" },
    "pattern",
  );
  // Phoenix API (logger_json) and the BFF (pino) in front of it.
  const phx = (t: number, severity: string, message: string, extra: Record<string, unknown> = {}, label: "performance" | "error" | null = null) =>
    inc.add(
      t,
      {
        time: iso(t),
        severity,
        service: "events-api",
        message,
        metadata: { request_id: `F${r.alnum(19)}`, node: r.pick(["events-api@10.1.4.12", "events-api@10.1.4.13"]) },
        ...extra,
      },
      label,
    );
  const routes = [
    ["POST", "/api/events", 9, 40, true],
    ["GET", "/api/accounts/:id/events", 25, 20, false],
    ["GET", "/api/accounts/:id", 6, 15, false],
    ["GET", "/health", 1, 10, false],
    ["POST", "/api/sessions", 14, 8, false],
  ] as const;
  for (const t of arrivals(r, t0, end, () => 0.75, 0.75)) {
    const [method, route, med, , touches] = r.weighted(routes.map((x) => [x, x[3]] as const));
    const path = route.replace(":id", String(r.int(1, 40000)));
    // The index build's ShareLock blocks writes to events; reads go on.
    const blocked = touches && t >= onset && t < done;
    if (blocked) {
      // INSERTs wait on the index build's ShareLock: the pool drains and checkouts time out.
      if (r.chance(0.6)) {
        phx(
          t + 2000,
          "error",
          `Postgrex.Protocol (#PID<0.${r.int(2000, 4000)}.0>) disconnected: ** (DBConnection.ConnectionError) client #PID<0.${r.int(5000, 90000)}.0> timed out because it queued and checked out the connection for longer than 15000ms`,
          {},
          "performance",
        );
      }
      phx(
        t + 2001,
        "error",
        `** (DBConnection.ConnectionError) connection not available and request was dropped from queue after 2000ms. This means requests are coming in and your connection pool cannot serve them fast enough.`,
        { duration_ms: 2001 },
        "performance",
      );
      phx(t + 2002, "info", `Sent 500 in 2002ms`, { duration_ms: 2002, request: { method, path, status: 500 } }, "error");
    } else {
      const ms = r.logn(med, 0.5);
      phx(t + ms, "info", `Sent 200 in ${ms < 1 ? `${Math.round(ms * 1000)}µs` : `${Math.round(ms)}ms`}`, {
        duration_ms: round(ms, 2),
        request: { method, path, status: 200 },
      });
    }
    if (r.chance(0.45) && route !== "/health") {
      const failed = blocked;
      const bt = t + (failed ? 2010 : r.logn(med + 4, 0.4));
      inc.add(
        bt,
        {
          level: failed ? 50 : 30,
          time: Math.floor(bt),
          pid: 1,
          hostname: `bff-${r.hex(9)}-${r.alnum(5).toLowerCase()}`,
          service: "mobile-bff",
          req: { method, url: path.replace("/api", "/v2") },
          res: { statusCode: failed ? 502 : 200 },
          duration_ms: round(failed ? 2010 + r.next() * 30 : r.logn(med + 6, 0.4), 1),
          msg: failed ? `upstream events-api responded 500 for ${method} ${path}` : "request completed",
        },
        failed ? "error" : null,
      );
    }
  }
  // Lock waits while the index builds, then the statements that waited.
  for (let t = onset + 1500; t < done; t += r.int(3, 9) * SEC) {
    const waited = t - onset + r.int(0, 500);
    pg(
      t,
      "LOG",
      `process ${r.int(10000, 19999)} still waiting for RowExclusiveLock on relation 16421 of database 16385 after ${waited > 60000 ? "1000.0" : (1000 + r.next()).toFixed(3)} ms`,
      {
        detail: `Process holding the lock: ${mig}. Wait queue: ${r.int(8, 60)} processes.`,
        statement: "INSERT INTO events (account_id, kind, payload, inserted_at) VALUES ($1, $2, $3, $4)",
      },
      "performance",
    );
  }
  pg(
    done,
    "LOG",
    `duration: ${(done - onset + 2000).toFixed(3)} ms  statement: CREATE INDEX index_events_on_account_id_and_kind ON events (account_id, kind)`,
    { pid: mig, user: "events_migrator", duration_ms: done - onset + 2000 },
    "performance",
  );
  for (let i = 0; i < 14; i++) {
    const ms = r.int(15000, done - onset);
    pg(
      done + 50 + i * 40,
      "LOG",
      `duration: ${ms.toFixed(3)} ms  statement: INSERT INTO events (account_id, kind, payload, inserted_at) VALUES ($1, $2, $3, $4)`,
      { duration_ms: ms },
      "performance",
    );
  }
  return inc.finish(
    "phoenix-postgres-lock-cascade",
    "A blocking CREATE INDEX on PostgreSQL stalls inserts: lock waits in postgres, Ecto pool timeouts and 500s in the Phoenix API, 502s in the BFF calling it",
  );
}

/**
 * HAProxy in front of an inventory service (zap JSON); checkout workers (Python) call it through
 * urllib3 with retries. A rolling restart takes every inventory pod out for a minute; the workers
 * retry with no backoff, the returning pods are flooded and shed load for several minutes.
 */
export function haproxyRetryStorm(seed: number): Scenario {
  const r = new Rng(seed, "haproxy-retry-storm");
  const inc = new Incident();
  const t0 = baseTime(seed, 15);
  const end = t0 + 50 * MIN;
  const down = t0 + 26 * MIN + r.int(0, 4) * MIN;
  const back = down + 70 * SEC;
  const calm = back + 6 * MIN + r.int(0, 120) * SEC;
  const servers = ["inv-1", "inv-2", "inv-3"];
  const hap = (t: number, path: string, status: number, ta: number, server: string, retries: number, term: string, label: "error" | null = null) =>
    inc.add(
      t,
      {
        timestamp: iso(t),
        service: "haproxy",
        level: status >= 500 ? "err" : "info",
        message: `GET ${path} ${status}`,
        frontend: "fe_internal",
        backend: "be_inventory",
        server: status === 503 && term.startsWith("SC") ? "<NOSRV>" : server,
        client_ip: r.ip("10.8."),
        Tq: 0,
        Tw: status === 503 ? r.int(0, 3) : 0,
        Tc: status === 503 ? -1 : r.int(0, 2),
        Tr: status >= 500 ? -1 : Math.round(ta),
        duration_ms: Math.round(ta),
        status_code: status,
        bytes_read: status >= 500 ? 212 : r.int(300, 1400),
        termination_state: term,
        retries,
      },
      label,
    );
  const zap = (t: number, level: string, msg: string, extra: Record<string, unknown> = {}, label: "error" | null = null) =>
    inc.add(t, { level, ts: epochS(t), caller: "server/http.go:142", service: "inventory", msg, ...extra }, label);
  const worker = (t: number, levelname: string, message: string, label: "pattern" | "error" | null = null) =>
    inc.add(t, { timestamp: iso(t), levelname, name: "urllib3.connectionpool", service: "checkout-worker", message }, label);
  for (const t of arrivals(r, t0, end, (x) => (x >= down && x < calm ? 0.3 : 0.95), 0.95)) {
    const path = `/v1/stock/${r.pick(["SKU", "SKU", "BND"])}-${r.int(10000, 99999)}`;
    const server = r.pick(servers);
    if (t >= down && t < calm) {
      // Each caller request now becomes a burst of immediate retries.
      const tries = r.int(3, 6);
      for (let k = 0; k < tries; k++) {
        const tk = t + k * r.int(5, 40);
        const failing = tk < back || r.chance(0.85);
        if (failing) {
          hap(tk, path, 503, tk < back ? r.int(0, 3) : r.logn(30, 0.5), server, 3, tk < back ? "SC--" : "sH--", "error");
          if (k < tries - 1)
            worker(
              tk + 2,
              "WARNING",
              `Retrying (Retry(total=${tries - k - 2}, connect=None, read=None, redirect=None, status=None)) after connection broken by 'RemoteDisconnected('Remote end closed connection without response')': ${path}`,
              "pattern",
            );
          else worker(tk + 2, "ERROR", `Max retries exceeded with url: ${path} (Caused by ResponseError('too many 503 error responses'))`, "error");
        } else {
          hap(tk, path, 200, r.logn(40, 0.6), server, 0, "----");
          break;
        }
      }
      continue;
    }
    const ta = r.logn(11, 0.5);
    hap(t, path, r.chance(0.006) ? 404 : 200, ta, server, 0, "----");
    if (r.chance(0.35))
      zap(t + 1, "info", "stock lookup", {
        sku: path.split("/")[3],
        warehouse: r.pick(["ams", "fra", "dub"]),
        latency_ms: round(ta * 0.7, 2),
        cache: r.pick(["hit", "hit", "miss"]),
      });
    if (r.chance(0.002))
      worker(
        t + 3,
        "WARNING",
        `Retrying (Retry(total=2, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ReadTimeoutError("HTTPConnectionPool(host='inventory', port=80): Read timed out. (read timeout=2)")': ${path}`,
      );
  }
  zap(down - 3 * SEC, "info", "shutting down: received SIGTERM", { grace_period: "15s" });
  for (const [i, s] of servers.entries()) {
    inc.add(
      down + i * 400,
      {
        timestamp: iso(down + i * 400),
        service: "haproxy",
        level: "alert",
        message: `Server be_inventory/${s} is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. ${2 - i} active and 0 backup servers left.`,
      },
      "error",
    );
  }
  inc.add(down + 1300, { timestamp: iso(down + 1300), service: "haproxy", level: "emerg", message: "backend be_inventory has no server available!" }, "error");
  for (const [i, s] of servers.entries()) {
    inc.add(back + i * 3000, {
      timestamp: iso(back + i * 3000),
      service: "haproxy",
      level: "notice",
      message: `Server be_inventory/${s} is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. ${i + 1} active and 0 backup servers online.`,
    });
    zap(back + i * 3000 - 500, "info", "http server listening", { addr: ":8080", version: "2.14.1" });
  }
  for (let t = back + 4000; t < calm; t += r.int(1, 6) * SEC)
    zap(t, "warn", "load shedding: rejecting request", { inflight: 512, limit: 512, path: `/v1/stock/SKU-${r.int(10000, 99999)}` }, "error");
  for (const t of ticks(r, t0, end, 30 * SEC)) zap(t, "debug", "cache stats", { entries: r.int(80000, 90000), hit_ratio: round(0.8 + r.next() * 0.1, 3) });
  return inc.finish(
    "haproxy-retry-storm",
    "A rolling restart empties HAProxy's inventory backend for a minute; checkout workers retry without backoff and the 503s and retries keep the service shedding load for minutes",
  );
}

/**
 * gRPC services with normal latencies three orders of magnitude apart: a feature-flag lookup
 * under a millisecond, pricing at ~8 ms and report building at over a second. The flag service's
 * backing store slows down: its calls take 30-120 ms, still far below what report-builder takes
 * every minute, and pricing's 50 ms deadline on it starts to expire.
 */
export function grpcLatencyTiers(seed: number): Scenario {
  const r = new Rng(seed, "grpc-latency-tiers");
  const inc = new Incident();
  const t0 = baseTime(seed, 10);
  const end = t0 + 45 * MIN;
  const slow = t0 + 27 * MIN + r.int(0, 3) * MIN;
  const fixed = slow + 8 * MIN + r.int(0, 2) * MIN;
  const call = (t: number, svc: string, grpcService: string, method: string, ms: number, code: string, label: "performance" | null, level = "info") =>
    inc.add(
      t,
      {
        level,
        ts: epochS(t),
        logger: "grpc",
        service: svc,
        msg: code === "OK" ? "finished unary call with code OK" : `finished unary call with code ${code}`,
        "grpc.service": grpcService,
        "grpc.method": method,
        "grpc.code": code,
        "grpc.start_time": iso(t - ms),
        latency_ms: round(ms, 3),
        "peer.address": `${r.ip("10.60.")}:${r.int(30000, 60000)}`,
      },
      label,
    );
  for (const t of arrivals(r, t0, end, () => 0.9, 0.9)) {
    const bad = t >= slow && t < fixed;
    const flagMs = bad ? r.logn(55, 0.45) : r.logn(0.6, 0.4);
    const key = r.pick(["checkout.new_tax_engine", "pricing.dynamic_discounts", "search.semantic_rerank", "ui.dark_mode"]);
    if (r.chance(0.6)) call(t, "flags", "flags.v1.FlagService", "Evaluate", flagMs, "OK", bad && flagMs > 6 ? "performance" : null, "info");
    // Pricing asks flags first, with a 50 ms deadline.
    const own = r.logn(8, 0.4);
    if (bad && flagMs > 50) {
      inc.add(
        t + 50,
        {
          level: "warn",
          ts: epochS(t + 50),
          logger: "flagsclient",
          service: "pricing",
          msg: `flag evaluation failed, using default: rpc error: code = DeadlineExceeded desc = context deadline exceeded`,
          flag: key,
          latency_ms: 50,
        },
        "performance",
      );
      call(t + 50 + own, "pricing", "pricing.v3.PricingService", "Quote", 50 + own, "OK", "performance");
    } else
      call(
        t + own + (bad ? flagMs : 0.6),
        "pricing",
        "pricing.v3.PricingService",
        "Quote",
        own + (bad ? flagMs : 0.6),
        "OK",
        bad && own + flagMs > 40 ? "performance" : null,
      );
  }
  for (const t of arrivals(r, t0, end, () => 0.12, 0.12)) {
    const ms = r.logn(1300, 0.55);
    call(
      t,
      "report-builder",
      "reports.v1.ReportService",
      r.pick(["BuildMonthly", "BuildInvoicePdf", "ExportLedger"]),
      ms,
      ms > 6000 && r.chance(0.5) ? "DeadlineExceeded" : "OK",
      null,
      ms > 6000 ? "warn" : "info",
    );
  }
  for (const t of ticks(r, t0, end, 15 * SEC))
    inc.add(t, {
      level: "debug",
      ts: epochS(t),
      logger: "store",
      service: "flags",
      msg: `flag snapshot refreshed: ${r.int(310, 316)} flags, revision ${r.hex(7)}`,
    });
  inc.add(
    slow - 30 * SEC,
    {
      level: "info",
      ts: epochS(slow - 30 * SEC),
      logger: "store",
      service: "flags",
      msg: "store backend switched to redis-flags-replica-2 (primary failover)",
    },
    "pattern",
  );
  for (let t = slow + 20 * SEC; t < fixed; t += r.int(40, 80) * SEC)
    inc.add(
      t,
      {
        level: "warn",
        ts: epochS(t),
        logger: "store",
        service: "flags",
        msg: `slow store read: HGETALL flags:ruleset took ${r.int(40, 140)}ms`,
        latency_ms: r.int(40, 140),
      },
      "performance",
    );
  return inc.finish(
    "grpc-latency-tiers",
    "gRPC flag service normally answering in under 1 ms slows to ~50 ms after a store failover while report-builder routinely takes seconds; pricing's deadline on flags expires",
  );
}

/**
 * A cluster resolver (CoreDNS, log and errors plugins, parsed by the collector) loses both
 * upstream forwarders two minutes in: every external name now fails after the timeout, and
 * external names are most of the traffic.
 */
export function dnsUpstreamsUnreachable(seed: number): Scenario {
  const r = new Rng(seed, "dns-upstreams-unreachable");
  const inc = new Incident();
  const t0 = baseTime(seed, 3);
  const end = t0 + 16 * MIN;
  const lost = t0 + 2 * MIN + r.int(0, 40) * SEC;
  const internal = [
    "payments.prod.svc.cluster.local.",
    "redis-main.cache.svc.cluster.local.",
    "kafka-0.kafka-headless.data.svc.cluster.local.",
    "postgres-rw.db.svc.cluster.local.",
    "auth.prod.svc.cluster.local.",
  ];
  const external = [
    "api.stripe.com.",
    "sqs.eu-west-1.amazonaws.com.",
    "oauth2.googleapis.com.",
    "hooks.slack.com.",
    "api.sendgrid.com.",
    "s3.eu-west-1.amazonaws.com.",
    "registry-1.docker.io.",
    "sentry.io.",
  ];
  const pods = ["coredns-5d78c9869d-4xk2p", "coredns-5d78c9869d-q8wzl"];
  const line = (t: number, level: string, message: string, extra: Record<string, unknown>, label: "error" | null = null) =>
    inc.add(t, { time: iso(t), level, service: "coredns", pod: r.pick(pods), message, ...extra }, label);
  line(t0 + 200, "info", "plugin/reload: Running configuration SHA512 = 9e1f4c0b7a3d...", {});
  for (const t of arrivals(r, t0, end, () => 3.4, 3.4)) {
    const isExt = r.chance(0.72);
    const name = isExt ? r.pick(external) : r.pick(internal);
    const type = r.chance(0.8) ? "A" : "AAAA";
    const client = `${r.ip("10.244.")}:${r.int(32000, 60999)}`;
    const id = r.int(1, 65535);
    if (isExt && t >= lost) {
      line(
        t + 2000,
        "error",
        `plugin/errors: 2 ${name} ${type}: read udp 10.244.0.${r.int(2, 9)}:${r.int(32000, 60999)}->10.0.0.${r.pick([2, 3])}:53: i/o timeout`,
        {},
        "error",
      );
      line(
        t + 2001,
        "info",
        `${client} - ${id} "${type} IN ${name} udp ${r.int(30, 60)} false 512" SERVFAIL qr,rd ${r.int(30, 60)} 2.00${r.int(1000, 9999)}s`,
        { rcode: "SERVFAIL", qname: name, duration_ms: 2000 + r.int(1, 9) },
        "error",
      );
      continue;
    }
    const ms = isExt ? r.logn(14, 0.7) : r.logn(0.2, 0.5);
    const rcode = !isExt && r.chance(0.05) ? "NXDOMAIN" : "NOERROR";
    line(
      t + ms,
      "info",
      `${client} - ${id} "${type} IN ${name} udp ${r.int(30, 60)} false 512" ${rcode} qr,aa,rd ${r.int(60, 200)} ${(ms / 1000).toFixed(6)}s`,
      { rcode, qname: name, duration_ms: round(ms, 3) },
    );
  }
  for (const t of ticks(r, lost + 30 * SEC, end, 60 * SEC))
    line(t, "warning", `plugin/health: Local health request to "http://:8080/health" took more than 1s: ${r.int(1, 3)}.${r.int(100, 999)}s`, {});
  return inc.finish(
    "dns-upstreams-unreachable",
    "CoreDNS loses both upstream forwarders two minutes in: most queries are for external names and now fail with i/o timeouts and SERVFAIL",
  );
}

/**
 * CDN edge logs from three POPs in front of two origin shards. All day, one shard fails a small
 * share of cache misses with 503 and sometimes takes over ten seconds to answer: scattered lines,
 * no single block.
 */
export function cdnOriginIntermittent(seed: number): Scenario {
  const r = new Rng(seed, "cdn-origin-intermittent");
  const inc = new Incident();
  const t0 = baseTime(seed, 0);
  const end = t0 + 6 * 60 * MIN;
  const pops = ["AMS", "FRA", "LHR"];
  const assets = [
    "/static/js/app.3f9a1c.js",
    "/static/css/main.81b2.css",
    "/img/hero-spring.webp",
    "/img/logo.svg",
    "/fonts/inter-var.woff2",
    "/static/js/vendor.77de.js",
  ];
  for (const t of arrivals(r, t0, end, () => 0.19, 0.19)) {
    const api = r.chance(0.25);
    const path = api ? r.pick(["/api/catalog?page=", "/api/product/", "/api/availability/"]) + r.int(1, 5000) : r.pick(assets);
    const cache = api
      ? r.weighted([
          ["MISS", 7],
          ["PASS", 3],
        ] as const)
      : r.weighted([
          ["HIT", 92],
          ["MISS", 6],
          ["STALE", 2],
        ] as const);
    const shard = r.pick(["origin-eu-1", "origin-eu-2"]);
    let origin = cache === "HIT" || cache === "STALE" ? 0 : r.logn(api ? 140 : 90, 0.5);
    let status = r.chance(0.004) ? 404 : 200;
    let label: "error" | "performance" | null = null;
    let level = "info";
    if (origin > 0 && shard === "origin-eu-2") {
      if (r.chance(0.025)) {
        status = 503;
        label = "error";
        level = "error";
      } else if (r.chance(0.012)) {
        origin = r.logn(13000, 0.25);
        label = "performance";
        level = "warn";
      }
    }
    const total = origin + r.logn(api ? 6 : 3, 0.5);
    inc.add(
      t,
      {
        timestamp: iso(t),
        service: "cdn-edge",
        level,
        pop: r.pick(pops),
        message: `${r.chance(0.93) ? "GET" : "HEAD"} ${path} ${status} ${cache}`,
        client_ip: r.ip(r.pick(["84.", "31.", "185.", "92."])),
        status,
        cache_status: cache,
        origin_shard: cache === "HIT" || cache === "STALE" ? null : shard,
        origin_ms: round(origin, 1),
        duration_ms: round(total, 1),
        bytes: r.int(400, 250000),
        tls: "TLSv1.3",
        ua: r.pick([
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
          "okhttp/4.12.0",
          "Mozilla/5.0 (X11; Linux x86_64)",
        ]),
      },
      label,
    );
  }
  for (const t of ticks(r, t0, end, 5 * MIN, 10 * SEC))
    inc.add(t, {
      timestamp: iso(t),
      service: "cdn-edge",
      level: "info",
      pop: r.pick(pops),
      message: `purge by surrogate key completed: keys=${r.pick(["catalog", "home", "product"])} objects=${r.int(10, 900)}`,
    });
  return inc.finish(
    "cdn-origin-intermittent",
    "CDN edge over six hours: one origin shard fails about 2% of its cache misses with 503 and sometimes answers in over ten seconds, scattered over the whole day",
  );
}
