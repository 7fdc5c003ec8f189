/**
 * s03: an airline booking system. A non-concurrent CREATE INDEX on the seat inventory table
 * blocks writes in PostgreSQL; seat-inventory's connection pool starves, fare-service times
 * out and retries, then its circuit breaker opens, booking-api fails its callers and the Envoy
 * edge answers 502/503/504. Java services log with logstash-logback-encoder, PostgreSQL with
 * jsonlog, Envoy with its JSON access log; the Kubernetes metadata is Fluent Bit's.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, code, every, isoMs, podName, privateIp, publicIp, spanId, traceId, uuid, type Label, type Log } from "./common.js";

const NAME = "seat-cascade";

const LEVEL_VALUE: Record<string, number> = { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };
const AIRPORTS = ["LHR", "CDG", "AMS", "FRA", "MAD", "FCO", "BCN", "DUB", "CPH", "ARN", "LIS", "VIE", "ZRH", "JFK", "BOS", "YUL"];
const CABINS = ["Y", "W", "J"];

type Stage = "healthy" | "timeouts" | "open" | "db-recovered";

export function s03SeatCascade(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(100, 140) * MIN;
  const start = rng.start2026(span, 5, 19);
  const end = start + span;
  const tl = new Timeline();

  // incident timeline
  const f0 = start + span * rng.float(0.42, 0.58); // CREATE INDEX starts
  const breakerOpen = f0 + rng.float(100, 170) * SEC; // fare-service breaker opens
  const f1 = f0 + rng.int(16, 26) * MIN; // index build finishes, locks released
  // the breaker lets a probe through every 60 s; the first probe after f1 succeeds
  const probes = Math.ceil((f1 - breakerOpen) / MIN);
  const closedAt = breakerOpen + probes * MIN + 400;
  const stage = (t: number): Stage => (t < f0 ? "healthy" : t < breakerOpen ? "timeouts" : t < f1 ? "open" : t < closedAt ? "db-recovered" : "healthy");
  const dbBlocked = (t: number): boolean => t >= f0 && t < f1;

  const pods = (app: string, n: number): string[] => {
    const rs = rng.alnum(10);
    return Array.from({ length: n }, () => podName(rng, app, rs));
  };
  const P: Record<string, string[]> = {
    "seat-inventory": pods("seat-inventory", 3),
    "fare-service": pods("fare-service", 3),
    "booking-api": pods("booking-api", 4),
    "flight-search": pods("flight-search", 3),
    "loyalty-service": pods("loyalty-service", 2),
    "edge-envoy": pods("edge-envoy", 2),
  };
  const node = (): string => `ip-10-8-${rng.int(0, 15)}-${rng.int(2, 250)}.eu-west-1.compute.internal`;
  const k8s = (app: string, pod: string, container: string): Log => ({
    pod_name: pod,
    namespace_name: app === "edge-envoy" ? "edge" : "booking",
    container_name: container,
    host: node(),
    labels: { app, "pod-template-hash": pod.split("-").slice(-2, -1)[0] ?? "" },
  });

  // ------------------------------------------------------------ producers
  const java = (t: number, service: string, logger: string, level: string, message: string, fields: Log = {}, stack?: string, trace?: string): Log => {
    const pod = rng.pick(P[service] ?? [service]);
    const log: Log = {
      "@timestamp": isoMs(t),
      "@version": "1",
      message,
      logger_name: logger,
      thread_name: level === "DEBUG" ? "HikariPool-1 housekeeper" : `http-nio-8080-exec-${rng.int(1, 200)}`,
      level,
      level_value: LEVEL_VALUE[level] ?? 20000,
      service,
      env: "prod",
      traceId: trace ?? traceId(rng),
      spanId: spanId(rng),
      ...fields,
    };
    if (stack !== undefined) log.stack_trace = stack;
    log.kubernetes = k8s(service, pod, service);
    return log;
  };
  const envoy = (t: number, method: string, path: string, code_: number, duration: number, upstream: string, trace: string, flags = "-"): Log => ({
    start_time: isoMs(t),
    method,
    path,
    protocol: "HTTP/2",
    response_code: code_,
    response_flags: flags,
    bytes_received: method === "POST" ? rng.int(300, 2400) : 0,
    bytes_sent: code_ < 400 ? rng.int(800, 24000) : rng.int(19, 180),
    duration: Math.round(duration),
    upstream_service_time: flags === "UT" ? "-" : String(Math.max(1, Math.round(duration) - rng.int(0, 2))),
    x_forwarded_for: publicIp(rng),
    user_agent: rng.pick([
      "SkylarkApp/5.14.2 (iPhone; iOS 17.4)",
      "SkylarkApp/5.14.1 (Android 14)",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Safari/605.1.15",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0 Safari/537.36",
    ]),
    request_id: uuid(rng),
    authority: "api.skylark-air.example",
    upstream_host: `${privateIp(rng, "10.8")}:8080`,
    upstream_cluster: upstream,
    route_name: `${upstream}-route`,
    "x-b3-traceid": trace,
    kubernetes: k8s("edge-envoy", rng.pick(P["edge-envoy"] ?? []), "envoy"),
  });
  let pgLine = 1;
  const pg = (t: number, severity: string, message: string, extra: Log = {}): Log => ({
    timestamp: `${isoMs(t).slice(0, 23).replace("T", " ")} UTC`,
    user: "seat_inventory",
    dbname: "seats",
    pid: rng.int(20000, 60000),
    remote_host: privateIp(rng, "10.8"),
    remote_port: rng.int(30000, 60000),
    session_id: `${rng.hex(8)}.${rng.hex(4)}`,
    line_num: pgLine++,
    ps: "idle",
    session_start: `${isoMs(t - rng.int(60, 3600) * SEC)
      .slice(0, 19)
      .replace("T", " ")} UTC`,
    vxid: `${rng.int(3, 40)}/${rng.int(1000, 90000)}`,
    txid: 0,
    error_severity: severity,
    message,
    application_name: "PostgreSQL JDBC Driver",
    backend_type: "client backend",
    query_id: 0,
    ...extra,
    kubernetes: {
      pod_name: "inventory-db-0",
      namespace_name: "booking",
      container_name: "postgres",
      host: "ip-10-8-3-41.eu-west-1.compute.internal",
      labels: { app: "inventory-db", "statefulset.kubernetes.io/pod-name": "inventory-db-0" },
    },
  });

  const hikariTimeout =
    "org.springframework.transaction.CannotCreateTransactionException: Could not open JPA EntityManager for transaction\n\tat org.springframework.orm.jpa.JpaTransactionManager.doBegin(JpaTransactionManager.java:466)\n\tat org.springframework.transaction.support.AbstractPlatformTransactionManager.startTransaction(AbstractPlatformTransactionManager.java:531)\n\t... 87 common frames omitted\nCaused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 3000ms (total=20, active=20, idle=0, waiting=41)\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:686)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)";
  const readTimeout = (url: string): string =>
    `org.springframework.web.client.ResourceAccessException: I/O error on POST request for "${url}": Read timed out\n\tat org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:915)\n\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:895)\nCaused by: java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:66)`;
  const breakerOpenStack =
    "io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'seatInventory' is OPEN and does not permit further calls\n\tat io.github.resilience4j.circuitbreaker.CallNotPermittedException.createCallNotPermittedException(CallNotPermittedException.java:48)\n\tat com.skylark.fares.inventory.InventoryClient.checkBucket(InventoryClient.java:71)";

  const flight = (): string => `SW${rng.int(100, 989)}`;
  const route = (): [string, string] => {
    const a = rng.pick(AIRPORTS);
    let b = rng.pick(AIRPORTS);
    while (b === a) b = rng.pick(AIRPORTS);
    return [a, b];
  };

  // ------------------------------------------------------------ seat-inventory call (shared by flows)
  /** Emits seat-inventory's line for one call at time t; returns its duration and outcome. */
  const inventoryCall = (t: number, op: "bucket" | "hold" | "seatmap", trace: string): { ms: number; ok: boolean } => {
    const path = op === "bucket" ? "/internal/inventory/buckets/check" : op === "hold" ? "/internal/holds" : "/internal/seatmaps";
    if (!dbBlocked(t)) {
      const ms = rng.logNormal(op === "seatmap" ? 24 : 14, 0.35, 2.2);
      const msg = op === "bucket" ? "Bucket availability checked" : op === "hold" ? "Seat hold created" : "Seat map served";
      tl.add(
        t + ms,
        java(
          t + ms,
          "seat-inventory",
          `com.skylark.inventory.api.${op === "hold" ? "HoldController" : "InventoryController"}`,
          "INFO",
          msg,
          { flight: flight(), cabin: rng.pick(CABINS), uri: path, status: op === "hold" ? 201 : 200, took_ms: Math.round(ms) },
          undefined,
          trace,
        ),
      );
      return { ms, ok: true };
    }
    const ms = 3000 + rng.float(1, 12);
    tl.add(
      t + ms,
      java(
        t + ms,
        "seat-inventory",
        "com.skylark.inventory.api.GlobalExceptionHandler",
        "ERROR",
        `Request failed: POST ${path}`,
        { uri: path, status: 503, took_ms: Math.round(ms) },
        hikariTimeout,
        trace,
      ),
      "performance",
    );
    return { ms, ok: false };
  };

  /** fare-service quote (calls seat-inventory). Returns duration and status. */
  const fareQuote = (t: number, trace: string): { ms: number; status: number } => {
    const st = stage(t);
    const basis = `${rng.pick(["Y", "B", "M", "H", "K", "Q"])}${rng.pick(["LOW", "FLX", "STD", "SAV"])}${rng.pick(["EU", "UK", "US"])}`;
    if (st === "open" || st === "db-recovered") {
      const ms = rng.float(3, 12);
      tl.add(
        t + ms,
        java(
          t + ms,
          "fare-service",
          "com.skylark.fares.quote.QuoteService",
          "ERROR",
          `Fare quote failed for ${basis}: seat inventory unavailable`,
          { fareBasis: basis, status: 503, elapsed_ms: Math.round(ms) },
          breakerOpenStack,
          trace,
        ),
        "error",
      );
      return { ms, status: 503 };
    }
    if (st === "timeouts") {
      // two read timeouts of 2 s and a third attempt after 250 ms backoff
      let at = t;
      for (let attempt = 1; attempt <= 3; attempt++) {
        inventoryCall(at + rng.float(1, 4), "bucket", trace);
        at += 2000 + rng.float(1, 8);
        if (attempt < 3) {
          tl.add(
            at,
            java(
              at,
              "fare-service",
              "com.skylark.fares.inventory.InventoryClient",
              "WARN",
              `Retrying call to seat-inventory after ResourceAccessException: Read timed out (attempt ${attempt}/3)`,
              { fareBasis: basis, attempt },
              undefined,
              trace,
            ),
            "performance",
          );
          at += 250;
        }
      }
      tl.add(
        at + 1,
        java(
          at + 1,
          "fare-service",
          "com.skylark.fares.quote.QuoteService",
          "ERROR",
          `Fare quote failed for ${basis}: seat inventory unavailable`,
          { fareBasis: basis, status: 503, elapsed_ms: Math.round(at + 1 - t) },
          readTimeout("http://seat-inventory.booking.svc:8080/internal/inventory/buckets/check"),
          trace,
        ),
        "performance",
      );
      return { ms: at + 1 - t, status: 503 };
    }
    const inv = inventoryCall(t + rng.float(3, 8), "bucket", trace);
    const ms = inv.ms + rng.logNormal(38, 0.3, 2);
    const [o, d] = route();
    tl.add(
      t + ms,
      java(
        t + ms,
        "fare-service",
        "com.skylark.fares.quote.QuoteService",
        "INFO",
        `Fare quoted ${o}-${d} ${basis}`,
        { fareBasis: basis, origin: o, destination: d, amount: Math.round(rng.float(49, 1900) * 100) / 100, currency: "EUR", elapsed_ms: Math.round(ms) },
        undefined,
        trace,
      ),
    );
    return { ms, status: 200 };
  };

  /** booking-api completion line. */
  const bookingDone = (t: number, method: string, uri: string, status: number, ms: number, trace: string, label: Label, stack?: string): void => {
    const level = status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO";
    tl.add(
      t,
      java(
        t,
        "booking-api",
        "com.skylark.booking.web.RequestLoggingFilter",
        level,
        `Completed ${method} ${uri} ${status} in ${Math.round(ms)} ms`,
        { http_method: method, uri, status },
        stack,
        trace,
      ),
      label,
    );
  };
  /** label of a caller's line: slower than the operation ever is healthy -> performance, else failure -> error. */
  const callerLabel = (ms: number, normalMaxMs: number, status: number): Label => (ms > normalMaxMs * 2 ? "performance" : status >= 500 ? "error" : null);

  // ------------------------------------------------------------ flows
  const flow = (t: number): void => {
    const trace = traceId(rng);
    const kind = rng.weighted([
      ["search", 25],
      ["seatmap", 14],
      ["quote", 20],
      ["book", 10],
      ["pnr", 16],
      ["loyalty", 11],
    ] as const);
    if (kind === "search") {
      const [o, d] = route();
      const partial = rng.chance(0.02);
      const ms = rng.logNormal(260, 0.35, 2.3);
      tl.add(
        t + ms,
        java(
          t + ms,
          "flight-search",
          "com.skylark.search.SearchService",
          partial ? "WARN" : "INFO",
          partial ? `GDS response partial for ${o}-${d}: carrier feed timed out, using cached schedules` : `Search completed ${o}-${d}`,
          { origin: o, destination: d, results: rng.int(0, 60), elapsed_ms: Math.round(ms) },
          undefined,
          trace,
        ),
      );
      const q = `/api/flights/search?from=${o}&to=${d}&date=2026-${rng.int(1, 12).toString().padStart(2, "0")}-${rng.int(1, 28).toString().padStart(2, "0")}&pax=${rng.int(1, 4)}`;
      tl.add(t, envoy(t, "GET", q, rng.chance(0.004) ? 429 : 200, ms + 3, "flight-search", trace));
      return;
    }
    if (kind === "loyalty") {
      const ms = rng.logNormal(30, 0.35, 2.2);
      const id = rng.int(10_000_000, 99_999_999);
      const st = rng.chance(0.015) ? 404 : 200;
      tl.add(
        t + ms,
        java(
          t + ms,
          "loyalty-service",
          "com.skylark.loyalty.MemberController",
          st === 200 ? "INFO" : "WARN",
          st === 200 ? `Member ${id} tier=${rng.pick(["BLUE", "SILVER", "GOLD", "PLATINUM"])} balance served` : `Member ${id} not found`,
          { memberId: id, status: st, elapsed_ms: Math.round(ms) },
          undefined,
          trace,
        ),
      );
      tl.add(t, envoy(t, "GET", `/api/loyalty/members/${id}`, st, ms + 2, "loyalty-service", trace));
      return;
    }
    if (kind === "pnr") {
      const ms = rng.logNormal(22, 0.35, 2.2);
      const pnr = code(rng, 6);
      const st = rng.chance(0.03) ? 404 : rng.chance(0.01) ? 401 : 200;
      bookingDone(t + ms, "GET", `/api/bookings/${pnr}`, st, ms, trace, null);
      tl.add(t, envoy(t, "GET", `/api/bookings/${pnr}`, st, ms + 2, "booking-api", trace));
      return;
    }
    if (kind === "seatmap") {
      const f = flight();
      const inv = inventoryCall(t + 2, "seatmap", trace);
      const uri = `/api/flights/${f}/seatmap`;
      if (inv.ok) {
        const ms = inv.ms + rng.logNormal(12, 0.3, 2);
        bookingDone(t + ms, "GET", uri, 200, ms, trace, null);
        tl.add(t, envoy(t, "GET", uri, 200, ms + 2, "booking-api", trace));
      } else {
        const ms = inv.ms + rng.float(4, 15);
        tl.add(
          t + ms - 1,
          java(
            t + ms - 1,
            "booking-api",
            "com.skylark.booking.seats.SeatMapService",
            "ERROR",
            `Seat map for ${f} unavailable: seat-inventory responded 503 after ${Math.round(inv.ms)} ms`,
            { flight: f },
            undefined,
            trace,
          ),
          "performance",
        );
        bookingDone(t + ms, "GET", uri, 503, ms, trace, callerLabel(ms, 150, 503));
        tl.add(t, envoy(t, "GET", uri, 503, ms + 2, "booking-api", trace), callerLabel(ms, 150, 503));
      }
      return;
    }
    // quote / book: booking-api -> fare-service -> seat-inventory (+ a hold for bookings)
    const uri = kind === "quote" ? "/api/fares/quote" : "/api/bookings";
    const fq = fareQuote(t + 3, trace);
    if (fq.status !== 200) {
      const timedOut = fq.ms > 5000;
      const ms = timedOut ? 5000 + rng.float(2, 9) : fq.ms + rng.float(3, 9);
      const st = timedOut ? 504 : 502;
      const errMsg = timedOut
        ? "Fare quote call to fare-service failed: Read timed out after 5000 ms"
        : 'Fare quote call to fare-service failed: 503 Service Unavailable: "seat inventory unavailable"';
      tl.add(
        t + ms - 1,
        java(
          t + ms - 1,
          "booking-api",
          "com.skylark.booking.fares.FareClient",
          "ERROR",
          errMsg,
          { status: st },
          timedOut ? readTimeout("http://fare-service.booking.svc:8080/internal/quotes") : undefined,
          trace,
        ),
        timedOut ? "performance" : "error",
      );
      bookingDone(t + ms, "POST", uri, st, ms, trace, callerLabel(ms, 600, st));
      tl.add(t, envoy(t, "POST", uri, st, ms + 2, "booking-api", trace), timedOut ? "performance" : "error");
      return;
    }
    if (kind === "quote") {
      const ms = fq.ms + rng.logNormal(15, 0.3, 2);
      bookingDone(t + ms, "POST", uri, 200, ms, trace, null);
      tl.add(t, envoy(t, "POST", uri, 200, ms + 2, "booking-api", trace));
      return;
    }
    const hold = inventoryCall(t + fq.ms + 5, "hold", trace);
    if (!hold.ok) {
      const ms = fq.ms + hold.ms + rng.float(6, 20);
      tl.add(
        t + ms - 1,
        java(
          t + ms - 1,
          "booking-api",
          "com.skylark.booking.BookingService",
          "ERROR",
          `Booking failed: seat hold rejected by seat-inventory (503 after ${Math.round(hold.ms)} ms)`,
          { status: 503 },
          undefined,
          trace,
        ),
        "performance",
      );
      bookingDone(t + ms, "POST", uri, 503, ms, trace, callerLabel(ms, 600, 503));
      tl.add(t, envoy(t, "POST", uri, 503, ms + 2, "booking-api", trace), callerLabel(ms, 600, 503));
      return;
    }
    const conflict = rng.chance(0.03);
    const ms = fq.ms + hold.ms + rng.logNormal(45, 0.3, 2);
    const pnr = code(rng, 6);
    if (conflict) {
      tl.add(
        t + ms - 1,
        java(
          t + ms - 1,
          "booking-api",
          "com.skylark.booking.BookingService",
          "WARN",
          `Seat ${rng.int(1, 40)}${rng.pick(["A", "B", "C", "D", "E", "F"])} no longer available (hold conflict)`,
          { status: 409 },
          undefined,
          trace,
        ),
      );
      bookingDone(t + ms, "POST", uri, 409, ms, trace, null);
      tl.add(t, envoy(t, "POST", uri, 409, ms + 2, "booking-api", trace));
      return;
    }
    tl.add(
      t + ms - 1,
      java(
        t + ms - 1,
        "booking-api",
        "com.skylark.booking.BookingService",
        "INFO",
        `Booking created PNR ${pnr}`,
        { pnr, passengers: rng.int(1, 5), status: 201 },
        undefined,
        trace,
      ),
    );
    bookingDone(t + ms, "POST", uri, 201, ms, trace, null);
    tl.add(t, envoy(t, "POST", uri, 201, ms + 2, "booking-api", trace));
  };

  for (const t of arrivals(rng, start, end, span / 1650)) flow(t);

  // ------------------------------------------------------------ background lines
  for (const t of every(rng, start, end, 30 * SEC, 500)) {
    const blocked = dbBlocked(t) && t > f0 + 20 * SEC;
    const waiting = blocked ? rng.int(25, 60) : 0;
    const active = blocked ? 20 : rng.int(1, 7);
    tl.add(
      t,
      java(
        t,
        "seat-inventory",
        "com.zaxxer.hikari.pool.HikariPool",
        "DEBUG",
        `HikariPool-1 - Pool stats (total=20, active=${active}, idle=${20 - active}, waiting=${waiting})`,
      ),
      blocked ? "performance" : null,
    );
  }
  for (const t of every(rng, start, end, 5 * MIN, 3 * SEC)) {
    tl.add(t, pg(t, "LOG", "checkpoint starting: time", { backend_type: "checkpointer", user: "", dbname: "", application_name: "" }));
    const t2 = t + rng.float(20, 150) * SEC;
    tl.add(
      t2,
      pg(
        t2,
        "LOG",
        `checkpoint complete: wrote ${rng.int(300, 4000)} buffers (${(rng.float(0.5, 6)).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 3)} recycled; write=${(rng.float(20, 140)).toFixed(3)} s, sync=${(rng.float(0.002, 0.09)).toFixed(3)} s, total=${(rng.float(20, 150)).toFixed(3)} s; sync files=${rng.int(20, 90)}, longest=0.0${rng.int(10, 99)} s, average=0.00${rng.int(1, 9)} s; distance=${rng.int(9000, 90000)} kB, estimate=${rng.int(40000, 95000)} kB`,
        { backend_type: "checkpointer", user: "", dbname: "", application_name: "" },
      ),
    );
  }
  for (const t of arrivals(rng, start, end, 9 * MIN)) {
    if (dbBlocked(t)) continue;
    tl.add(
      t,
      pg(
        t,
        "LOG",
        `automatic vacuum of table "seats.public.seat_holds": index scans: 1\npages: 0 removed, ${rng.int(800, 4000)} remain, ${rng.int(100, 900)} scanned\ntuples: ${rng.int(1000, 30000)} removed, ${rng.int(100000, 400000)} remain, 0 are dead but not yet removable`,
        { backend_type: "autovacuum worker", user: "", application_name: "" },
      ),
    );
  }
  for (const t of arrivals(rng, start, end, 3 * MIN)) {
    if (dbBlocked(t)) continue;
    tl.add(
      t,
      pg(
        t,
        "LOG",
        `duration: ${rng.float(250, 480).toFixed(3)} ms  execute <unnamed>: SELECT s.seat_no, s.status FROM seat_inventory s WHERE s.flight_id = $1 AND s.cabin_class = $2 ORDER BY s.seat_no`,
        { ps: "SELECT" },
      ),
    );
  }
  for (const t of arrivals(rng, start, end, 6 * MIN)) {
    tl.add(
      t,
      java(
        t,
        "loyalty-service",
        "com.skylark.loyalty.partner.AccrualSync",
        "ERROR",
        `Partner accrual sync failed for partner ${rng.pick(["HOTELCO", "CARHIRE24", "RAILPASS"])}: 400 Bad Request "member id format rejected"`,
        { batch: rng.int(10, 300) },
        'org.springframework.web.client.HttpClientErrorException$BadRequest: 400 Bad Request: "member id format rejected"\n\tat org.springframework.web.client.HttpClientErrorException.create(HttpClientErrorException.java:103)',
      ),
    );
  }

  // ------------------------------------------------------------ the fault itself
  const dba = { user: "dba_oncall", application_name: "psql", ps: "CREATE INDEX" };
  tl.add(
    f0,
    pg(f0, "LOG", "statement: CREATE INDEX seat_inventory_flight_cabin_bucket_idx ON seat_inventory (flight_id, cabin_class, fare_bucket);", dba),
    "pattern",
  );
  for (const t of arrivals(rng, f0 + 2 * SEC, f1, 14 * SEC)) {
    const pid = rng.int(20000, 60000);
    if (rng.chance(0.55)) {
      tl.add(
        t,
        pg(
          t,
          "LOG",
          `process ${pid} still waiting for RowExclusiveLock on relation 16423 of database 16384 after ${(1000 + rng.float(0, 0.9)).toFixed(3)} ms`,
          { pid, ps: "UPDATE", detail: `Process holding the lock: ${rng.int(20000, 60000)}. Wait queue: ${pid}.` },
        ),
        "performance",
      );
    } else {
      tl.add(
        t,
        pg(t, "ERROR", "canceling statement due to lock timeout", {
          pid,
          ps: "UPDATE",
          state_code: "55P03",
          statement: "UPDATE seat_inventory SET status = $1, hold_id = $2 WHERE flight_id = $3 AND seat_no = $4",
        }),
        "performance",
      );
    }
  }
  tl.add(
    f1,
    pg(
      f1,
      "LOG",
      `duration: ${(f1 - f0).toFixed(3)} ms  statement: CREATE INDEX seat_inventory_flight_cabin_bucket_idx ON seat_inventory (flight_id, cabin_class, fare_bucket);`,
      dba,
    ),
    "performance",
  );

  // fare-service breaker transitions
  const fareBreaker = (t: number, from: string, to: string, label: Label): void => {
    const fields: Log = { circuitBreaker: "seatInventory" };
    if (to === "OPEN") fields.failureRate = `${rng.int(55, 100)}.0%`;
    tl.add(
      t,
      java(
        t,
        "fare-service",
        "com.skylark.fares.config.ResilienceConfig",
        to === "OPEN" ? "WARN" : "INFO",
        `CircuitBreaker 'seatInventory' changed state from ${from} to ${to}`,
        fields,
      ),
      label,
    );
  };
  fareBreaker(breakerOpen, "CLOSED", "OPEN", "error");
  for (let k = 1; k < probes; k++) {
    const p = breakerOpen + k * MIN;
    fareBreaker(p, "OPEN", "HALF_OPEN", "pattern");
    fareBreaker(p + 2010, "HALF_OPEN", "OPEN", "error");
  }
  fareBreaker(closedAt - 400, "OPEN", "HALF_OPEN", "pattern");
  fareBreaker(closedAt, "HALF_OPEN", "CLOSED", "pattern");

  return tl.build(
    NAME,
    "Airline booking: a blocking CREATE INDEX stalls seat-inventory's database; timeouts, retries, an open breaker and 5xx spread through fare-service, booking-api and the Envoy edge.",
  );
}
