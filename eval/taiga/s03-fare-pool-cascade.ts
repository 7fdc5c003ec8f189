/**
 * s03 fare-pool-cascade: an airline's booking stack over two hours. A plan regression on the fare
 * database (PostgreSQL jsonlog via Fluent Bit) makes fare lookups take 4-9 s; the pgbouncer pool in
 * front of it fills, fare-service's HikariCP pool times out, and the fault spreads over minutes to
 * its callers (search-api, Go zap), their caller (booking-bff, pino) and the edge (Envoy JSON access
 * log). The share of connections on the bad plan ramps up over about four minutes, so the callers
 * are hit one layer after another. After 18-25 minutes a DBA re-analyses the table and the stack
 * recovers; the tail of the window is healthy again.
 * Every line caused by the fault is anomalous: slow statements, waiting clients, pool timeouts and
 * caller timeouts are performance; the failures they cause (503s, 502s, degraded results, failed
 * revalidations) are error. Unaffected traffic during the fault (cached searches, seat maps,
 * loyalty) and the DBA's remediation are normal. Routine noise: Postgres checkpoints, autovacuum,
 * routine slow statements of 500-900 ms, overlapping-fare WARNs, 404s and client cancels at the edge.
 */
import {
  asctime,
  HOUR,
  iso,
  isoMicro,
  isoMillisOffset,
  type Label,
  ln,
  MIN,
  pgTimestamp,
  podName,
  privateIp,
  publicIp,
  round,
  SEC,
  Timeline,
  ticks,
  uniformTimes,
  uuid,
} from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

export function s03FarePoolCascade(seed: number): Scenario {
  const name = "fare-pool-cascade";
  const rng = new Rng(seed, name);
  const span = 2 * HOUR;
  const start = rng.start2026(span, 7, 15);
  const end = start + span;
  const tl = new Timeline();

  const t0 = start + rng.float(0.45, 0.6) * span; // first statements on the bad plan
  const ramp = rng.float(3.5, 5) * MIN;
  const tFix = t0 + rng.float(18, 25) * MIN; // ANALYZE by the DBA
  const tClear = tFix + rng.float(50, 80) * SEC; // last waiting clients drained
  /** Share of fare lookups on the bad plan at t (0 outside the fault). */
  const sev = (t: number): number => {
    if (t < t0 || t >= tClear) return 0;
    if (t >= tFix) return Math.max(0, 1 - (t - tFix) / (tClear - tFix)) * 0.9;
    return Math.min(1, 0.08 + (t - t0) / ramp);
  };

  const airports = ["LHR", "JFK", "CDG", "AMS", "FRA", "MAD", "BCN", "DXB", "SIN", "LAX", "ORD", "YYZ", "DUB", "LIS", "ATH", "IST"];
  const carriers = ["SH", "BA", "AF", "KL", "LH", "IB", "EK"];
  const k8s = (app: string, pod: string, container: string): Record<string, unknown> => ({
    pod_name: pod,
    namespace_name: "booking",
    container_name: container,
    host: `gke-prod-pool-2-${rng.hex(8)}-${rng.alnum(4)}`,
    labels: { "app.kubernetes.io/name": app },
  });
  const farePods = [podName(rng, "fare-service"), podName(rng, "fare-service"), podName(rng, "fare-service")];
  const searchPods = [podName(rng, "search-api"), podName(rng, "search-api")];
  const bffPods = [podName(rng, "booking-bff"), podName(rng, "booking-bff")];
  const edgePods = [podName(rng, "web-edge"), podName(rng, "web-edge")];
  const bouncerPod = podName(rng, "fare-db-pgbouncer");
  const seatPod = podName(rng, "seat-map-service");
  const loyaltyPod = podName(rng, "loyalty-service");

  // ---- producers ---------------------------------------------------------------------------
  let pgLine = 1;
  const pg = (t: number, severity: string, message: string, extra: Record<string, unknown>, label: Label = null): void => {
    const log: Record<string, unknown> = {
      timestamp: pgTimestamp(t),
      user: "fare_app",
      dbname: "fares",
      pid: rng.int(4000, 9000),
      remote_host: privateIp(rng),
      session_id: `${rng.hex(8)}.${rng.hex(4)}`,
      line_num: pgLine++,
      error_severity: severity,
      message,
      application_name: "PostgreSQL JDBC Driver",
      backend_type: "client backend",
      ...extra,
      kubernetes: {
        pod_name: "fare-db-0",
        namespace_name: "booking",
        container_name: "postgres",
        labels: { "app.kubernetes.io/name": "fare-db", "statefulset.kubernetes.io/pod-name": "fare-db-0" },
      },
    };
    for (const k of Object.keys(log)) if (log[k] === undefined) delete log[k];
    tl.add(t, log, label);
  };
  const bouncer = (t: number, level: string, message: string, label: Label = null): void => {
    tl.add(t, { time: iso(t), pid: 1, level, message, kubernetes: k8s("fare-db-pgbouncer", bouncerPod, "pgbouncer") }, label);
  };
  const fare = (t: number, level: string, logger: string, message: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(
      t,
      {
        "@timestamp": isoMillisOffset(t),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: `http-nio-8080-exec-${rng.int(1, 64)}`,
        level,
        level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
        springAppName: "fare-service",
        HOSTNAME: rng.pick(farePods),
        ...fields,
      },
      label,
    );
  };
  const zap = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, ts: Math.round(t) / 1000, caller, msg, service: "search-api", pod: rng.pick(searchPods), ...fields }, label);
  };
  const pino = (t: number, level: number, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, time: Math.round(t), pid: 1, hostname: rng.pick(bffPods), name: "booking-bff", ...fields, msg }, label);
  };
  const envoy = (t: number, method: string, path: string, code: number, flags: string, ms: number, upstream: string, label: Label = null): void => {
    // Envoy stamps a request with its start; the entry is kept at that instant.
    tl.add(
      t - ms,
      {
        start_time: iso(t - ms),
        method,
        path,
        protocol: "HTTP/2",
        response_code: code,
        response_flags: flags,
        bytes_received: method === "POST" ? rng.int(300, 2400) : 0,
        bytes_sent: code === 200 ? rng.int(2000, 60_000) : rng.int(19, 120),
        duration: Math.round(ms),
        upstream_service_time: code === 504 || code === 0 ? "-" : String(Math.max(1, Math.round(ms - rng.int(0, 3)))),
        x_forwarded_for: publicIp(rng),
        user_agent: rng.pick([
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X)",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/133.0",
          "SkyHop/7.4.1 Android/15",
        ]),
        request_id: uuid(rng),
        authority: "www.skyhop.example",
        upstream_host: `${privateIp(rng)}:3000`,
        upstream_cluster: upstream,
        kubernetes: k8s("web-edge", rng.pick(edgePods), "envoy"),
      },
      label,
    );
  };

  // ---- fare lookup (fare-service + fare-db), shared by searches and revalidations -----------
  interface FareResult {
    ms: number;
    status: number;
    label: Label;
  }
  const fareLookup = (t: number, trace: string, route: string, query: string): FareResult => {
    const s = sev(t);
    const bad = rng.chance(s);
    // pool waiting grows once most connections are stuck on the bad plan
    const poolBusy = s > 0.45 && rng.chance((s - 0.35) * 0.9);
    const fields = { traceId: trace, spanId: rng.hex(16) };
    if (poolBusy) {
      fare(
        t + 5000,
        "WARN",
        "com.zaxxer.hikari.pool.HikariPool",
        `HikariPool-1 - Connection is not available, request timed out after 5000ms (total=30, active=30, idle=0, waiting=${rng.int(20, 90)})`,
        fields,
        "performance",
      );
      fare(
        t + 5003,
        "ERROR",
        "com.skyhop.fares.web.ApiExceptionHandler",
        "Failed to obtain JDBC Connection; nested exception is java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5000ms.",
        {
          ...fields,
          stack_trace:
            "org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection\n\tat org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)\n\tat com.skyhop.fares.repo.FareRuleRepository.findApplicable(FareRuleRepository.java:57)\nCaused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 5000ms.",
        },
        "error",
      );
      fare(t + 5005, "WARN", "com.skyhop.fares.web.AccessLog", `${route} -> 503 in 5005 ms`, { ...fields, status_code: 503, elapsed_ms: 5005 }, "error");
      return { ms: 5005, status: 503, label: "error" };
    }
    const wait = s > 0.3 ? rng.float(200, 3500) * s : 0;
    const q = bad ? rng.float(1200, 2600) + s * rng.float(2800, 6600) : ln(rng, 22, 0.4, 6, 80);
    const routineSlow = !bad && rng.chance(0.012);
    const qq = routineSlow ? rng.float(510, 890) : q;
    const slow = bad || wait > 600;
    if (bad) pg(t + wait + qq, "LOG", `duration: ${qq.toFixed(3)} ms  execute <unnamed>: ${query}`, { query_id: "-4128830315792203441" }, "performance");
    if (routineSlow)
      pg(
        t + wait + qq,
        "LOG",
        `duration: ${qq.toFixed(3)} ms  execute <unnamed>: SELECT r.* FROM fare_rules r JOIN fare_exceptions e USING (rule_id) WHERE r.carrier = $1 AND e.valid_to > now()`,
        { query_id: "7710393150129006402" },
      );
    const ms = wait + qq + rng.float(3, 12);
    fare(
      t + ms,
      "INFO",
      "com.skyhop.fares.web.AccessLog",
      `${route} -> 200 in ${Math.round(ms)} ms`,
      { ...fields, status_code: 200, elapsed_ms: Math.round(ms) },
      slow ? "performance" : null,
    );
    if (!slow && rng.chance(0.02))
      fare(
        t + ms - 1,
        "WARN",
        "com.skyhop.fares.rules.RuleResolver",
        `fare rule ${rng.int(1000, 9999)} has overlapping validity with rule ${rng.int(1000, 9999)}, using latest`,
        fields,
      );
    return { ms, status: 200, label: slow ? "performance" : null };
  };

  // ---- a search from the browser ---------------------------------------------------------
  const search = (t: number): void => {
    const trace = rng.hex(32);
    const o = rng.pick(airports);
    let d = rng.pick(airports);
    if (d === o) d = "LHR" === o ? "JFK" : "LHR";
    const date = `2026-${String(rng.int(4, 9)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
    const qs = `origin=${o}&destination=${d}&date=${date}&adults=${rng.int(1, 4)}`;
    const cached = rng.chance(0.35);
    let searchMs: number;
    let status = 200;
    let label: Label = null;
    if (cached) {
      searchMs = ln(rng, 35, 0.35, 12, 90);
      zap(t + searchMs, "info", "search/handler.go:141", "search served", {
        route: "/v1/search",
        origin: o,
        destination: d,
        results: rng.int(4, 60),
        fare_source: "cache",
        latency: round(searchMs / 1000, 6),
        trace_id: trace,
      });
    } else {
      const r = fareLookup(
        t + 4,
        trace,
        `GET /internal/fares?origin=${o}&destination=${d}`,
        `SELECT r.rule_id, r.fare_basis, r.amount FROM fare_rules r WHERE r.origin = $1 AND r.destination = $2 AND $3 BETWEEN r.valid_from AND r.valid_to ORDER BY r.amount LIMIT 50`,
      );
      if (r.ms > 3000) {
        zap(
          t + 3004,
          "warn",
          "search/fares.go:88",
          "fare lookup timed out",
          { upstream: "fare-service", timeout: "3s", trace_id: trace, origin: o, destination: d },
          "performance",
        );
        if (rng.chance(0.5)) {
          searchMs = 3040;
          zap(
            t + searchMs,
            "warn",
            "search/handler.go:156",
            "search degraded: fares unavailable, served stale cache",
            { route: "/v1/search", results: rng.int(1, 12), fare_source: "stale-cache", latency: round(searchMs / 1000, 6), trace_id: trace },
            "error",
          );
          label = "error";
        } else {
          searchMs = 3020;
          status = 504;
          zap(
            t + searchMs,
            "error",
            "search/handler.go:149",
            "search failed",
            { route: "/v1/search", status: 504, error: "fare-service: context deadline exceeded", latency: round(searchMs / 1000, 6), trace_id: trace },
            "performance",
          );
          label = "performance";
        }
      } else if (r.status === 503) {
        searchMs = r.ms + 10;
        status = 502;
        zap(
          t + searchMs,
          "error",
          "search/handler.go:149",
          "search failed",
          { route: "/v1/search", status: 502, error: "fare-service returned 503 Service Unavailable", latency: round(searchMs / 1000, 6), trace_id: trace },
          "error",
        );
        label = "error";
      } else {
        searchMs = r.ms + ln(rng, 30, 0.3, 12, 70);
        label = r.label;
        zap(
          t + searchMs,
          "info",
          "search/handler.go:141",
          "search served",
          {
            route: "/v1/search",
            origin: o,
            destination: d,
            results: rng.int(0, 60),
            fare_source: "fare-service",
            latency: round(searchMs / 1000, 6),
            trace_id: trace,
          },
          label,
        );
      }
    }
    const bffMs = searchMs + ln(rng, 15, 0.3, 6, 40);
    if (status === 504)
      pino(
        t + bffMs - 1,
        50,
        "search-api request failed",
        { trace_id: trace, upstream: "search-api", statusCode: 504, err: { type: "HTTPError", message: "Response code 504 (Gateway Timeout)" } },
        "performance",
      );
    if (status === 502)
      pino(
        t + bffMs - 1,
        50,
        "search-api request failed",
        { trace_id: trace, upstream: "search-api", statusCode: 502, err: { type: "HTTPError", message: "Response code 502 (Bad Gateway)" } },
        "error",
      );
    pino(
      t + bffMs,
      status >= 500 ? 50 : 30,
      status >= 500 ? "request errored" : "request completed",
      { trace_id: trace, req: { method: "GET", url: `/api/search?${qs}` }, res: { statusCode: status }, responseTime: Math.round(bffMs) },
      label,
    );
    envoy(t + bffMs + 2, "GET", `/api/search?${qs}`, status, "-", bffMs + 2, "booking-bff", label);
  };

  // ---- checkout: price revalidation against fare-service ----------------------------------
  const checkout = (t: number): void => {
    const trace = rng.hex(32);
    const booking = `SH${rng.alnum(6).toUpperCase()}`;
    const r = fareLookup(
      t + 3,
      trace,
      `POST /internal/fares/revalidate`,
      "SELECT r.rule_id, r.amount, r.currency FROM fare_rules r WHERE r.rule_id = ANY($1) AND now() BETWEEN r.sale_from AND r.sale_to",
    );
    let status = 201;
    let label: Label = r.label;
    let ms = r.ms + ln(rng, 180, 0.3, 80, 450);
    if (r.status === 503) {
      status = 502;
      label = "error";
      ms = r.ms + 15;
      pino(
        t + ms - 2,
        50,
        `price revalidation failed for ${booking}`,
        { trace_id: trace, upstream: "fare-service", statusCode: 503, err: { type: "HTTPError", message: "Response code 503 (Service Unavailable)" } },
        "error",
      );
    } else if (r.ms > 8000) {
      status = 504;
      label = "performance";
      ms = 8015;
      pino(
        t + ms - 2,
        50,
        `price revalidation failed for ${booking}`,
        { trace_id: trace, upstream: "fare-service", err: { type: "TimeoutError", message: "Timeout awaiting 'response' for 8000ms" } },
        "performance",
      );
    } else if (rng.chance(0.05)) {
      status = 402;
      pino(t + ms - 1, 40, `payment declined for ${booking}: ${rng.pick(["card_declined", "insufficient_funds", "authentication_required"])}`, {
        trace_id: trace,
      });
    } else pino(t + ms - 1, 30, `booking ${booking} confirmed: ${rng.int(1, 4)} pax, ${rng.pick(carriers)}${rng.int(10, 999)}`, { trace_id: trace });
    pino(
      t + ms,
      status >= 500 ? 50 : status >= 400 ? 40 : 30,
      status >= 500 ? "request errored" : "request completed",
      { trace_id: trace, req: { method: "POST", url: "/api/bookings" }, res: { statusCode: status }, responseTime: Math.round(ms) },
      label,
    );
    envoy(t + ms + 2, "POST", "/api/bookings", status, "-", ms + 2, "booking-bff", label);
  };

  const seatMap = (t: number): void => {
    const ms = ln(rng, 18, 0.3, 8, 45);
    const flight = `${rng.pick(carriers)}${rng.int(10, 999)}`;
    tl.add(t + ms, {
      event: "seat map rendered",
      flight,
      cabin: rng.pick(["Y", "Y", "W", "J"]),
      seats_free: rng.int(0, 180),
      duration_ms: round(ms, 2),
      service: "seat-map-service",
      pod: seatPod,
      level: "info",
      timestamp: isoMicro(t + ms),
    });
    envoy(t + ms + 3, "GET", `/api/flights/${flight}/seatmap`, 200, "-", ms + 3, "seat-map-service");
  };
  const loyalty = (t: number): void => {
    const ms = ln(rng, 40, 0.3, 15, 100);
    const member = rng.int(10_000_000, 99_999_999);
    const notFound = rng.chance(0.04);
    tl.add(t + ms, {
      asctime: asctime(t + ms),
      name: "loyalty.api",
      levelname: notFound ? "WARNING" : "INFO",
      message: notFound ? `member ${member} not found` : `balance for member ${member}: ${rng.int(0, 250_000)} miles (${rng.pick(["blue", "silver", "gold"])})`,
      service: "loyalty-service",
      hostname: loyaltyPod,
      elapsed_ms: round(ms, 1),
    });
    envoy(t + ms + 3, "GET", `/api/loyalty/members/${member}`, notFound ? 404 : 200, "-", ms + 3, "loyalty-service");
  };

  for (const t of uniformTimes(rng, start, end - 20 * SEC, rng.int(780, 850))) search(t);
  for (const t of uniformTimes(rng, start, end - 20 * SEC, rng.int(170, 200))) checkout(t);
  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(330, 380))) seatMap(t);
  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(200, 240))) loyalty(t);
  // client cancels and stray 404s at the edge
  for (const t of uniformTimes(rng, start, end, rng.int(25, 40)))
    envoy(t, "GET", rng.pick(["/wp-login.php", "/.env", "/api/flights/XX0/seatmap", "/favicon.ico"]), 404, "NR", 1, "-");
  for (const t of uniformTimes(rng, start, end, rng.int(15, 25))) {
    if (sev(t) === 0)
      envoy(t, "GET", `/api/search?origin=${rng.pick(airports)}&destination=${rng.pick(airports)}`, 0, "DC", rng.float(200, 900), "booking-bff");
  }

  // ---- database and pool housekeeping -----------------------------------------------------
  for (const t of ticks(rng, start, end, 5 * MIN, 2000)) {
    pg(t, "LOG", "checkpoint starting: time", { user: undefined, dbname: undefined, backend_type: "checkpointer", application_name: "" });
    const w = rng.float(20, 28);
    pg(
      t + w * 1000,
      "LOG",
      `checkpoint complete: wrote ${rng.int(800, 4200)} buffers (${rng.float(1, 9).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(1, 4)} recycled; write=${w.toFixed(3)} s, sync=${rng.float(0.002, 0.05).toFixed(3)} s, total=${(w + 0.05).toFixed(3)} s; sync files=${rng.int(20, 90)}, longest=0.004 s, average=0.001 s; distance=${rng.int(20_000, 90_000)} kB, estimate=${rng.int(60_000, 95_000)} kB`,
      { user: undefined, dbname: undefined, backend_type: "checkpointer", application_name: "" },
    );
  }
  const tables = ["fare_rules", "fare_exceptions", "routes", "taxes", "currency_rates"];
  for (const t of ticks(rng, start, end, 11 * MIN, 4 * MIN)) {
    const tbl = rng.pick(tables);
    pg(
      t,
      "LOG",
      `automatic vacuum of table "fares.public.${tbl}": index scans: 1\npages: 0 removed, ${rng.int(2000, 90_000)} remain, ${rng.int(10, 900)} scanned (${rng.float(0.1, 4).toFixed(2)}% of total)\ntuples: ${rng.int(100, 9000)} removed, ${rng.int(100_000, 4_000_000)} remain, 0 are dead but not yet removable`,
      { user: undefined, dbname: undefined, backend_type: "autovacuum worker", application_name: "" },
    );
  }
  // the statistics refresh that flipped the plan: routine-looking, a minute before the fault
  pg(
    t0 - rng.float(40, 90) * SEC,
    "LOG",
    `automatic analyze of table "fares.public.fare_rules"\navg read rate: ${rng.float(20, 60).toFixed(3)} MB/s, avg write rate: 0.000 MB/s\nbuffer usage: ${rng.int(9000, 20_000)} hits, ${rng.int(100, 900)} misses, 0 dirtied\nsystem usage: CPU: user: 1.12 s, system: 0.08 s, elapsed: 2.31 s`,
    { user: undefined, dbname: undefined, backend_type: "autovacuum worker", application_name: "" },
  );
  for (const t of ticks(rng, start, end, 60 * SEC, 1500)) {
    const s = sev(t);
    const label: Label = s > 0.3 ? "performance" : null;
    const waiting = s > 0.3 ? Math.round(rng.int(40, 160) * s) : 0;
    bouncer(
      t,
      "LOG",
      `stats: ${rng.int(60, 140)} xacts/s, ${rng.int(200, 500)} queries/s, in ${rng.int(30_000, 90_000)} B/s, out ${rng.int(200_000, 900_000)} B/s, xact ${label ? rng.int(2_000_000, 6_000_000) : rng.int(900, 4000)} us, query ${label ? rng.int(2_000_000, 6_000_000) : rng.int(600, 3000)} us, wait ${label ? rng.int(1_000_000, 5_000_000) : rng.int(0, 40)} us`,
      label,
    );
    if (waiting > 0)
      bouncer(t + 5, "WARNING", `pool fares/fare_app: cl_active=40 cl_waiting=${waiting} sv_active=40 sv_idle=0 maxwait=${rng.int(3, 9)}s`, "performance");
  }
  for (const t of uniformTimes(rng, t0 + ramp * 0.6, tFix, rng.int(25, 45))) {
    bouncer(t, "WARNING", `C-0x${rng.hex(12)}: fares/fare_app@${privateIp(rng)}:${rng.int(30_000, 60_000)} pooler error: query_wait_timeout`, "performance");
  }
  for (const t of ticks(rng, start, end, 4 * MIN, 10_000)) {
    const s = sev(t);
    fare(
      t,
      "INFO",
      "com.zaxxer.hikari.pool.HikariPool",
      s > 0.45
        ? `HikariPool-1 - Pool stats (total=30, active=30, idle=0, waiting=${rng.int(30, 90)})`
        : `HikariPool-1 - Pool stats (total=30, active=${rng.int(2, 11)}, idle=${rng.int(19, 28)}, waiting=0)`,
      {},
      s > 0.45 ? "performance" : null,
    );
  }
  // remediation (normal) and the all-clear
  const dba = tFix - rng.float(5, 20) * SEC;
  pg(dba, "LOG", "statement: ANALYZE VERBOSE fare_rules;", { user: "dba_oncall", application_name: "psql", remote_host: "10.20.0.14" });
  pg(
    dba + rng.float(2000, 4000),
    "INFO",
    `"fare_rules": scanned 30000 of ${rng.int(60_000, 90_000)} pages, containing ${rng.int(1_900_000, 2_400_000)} live rows and ${rng.int(100, 2000)} dead rows; 30000 rows in sample`,
    { user: "dba_oncall", application_name: "psql", remote_host: "10.20.0.14" },
  );
  for (const t of ticks(rng, start, end, 15 * MIN, 30_000))
    zap(t, "info", "search/cache.go:61", "fare cache compacted", { entries: rng.int(180_000, 240_000), evicted: rng.int(1000, 9000) });
  return tl.build(
    name,
    "fare-db plan regression fills the connection pool; timeouts and failures spread over minutes from fare-service to search, booking BFF and the edge, then recover",
  );
}
