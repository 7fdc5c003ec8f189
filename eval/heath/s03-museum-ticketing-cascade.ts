// Museum timed-entry ticketing, about two hours and ~6,000 lines. A bulk import of school-group bookings is started
// during opening hours and holds row locks on the slot table. slot-inventory's reservations slow down, then its
// connection pool starves; ticket-api's calls to it time out, its circuit breaker opens and it fast-fails with 503;
// the kiosk edge (nginx) and the member portal, its callers, fail in turn. The import is cancelled, slot-inventory
// recovers and the breaker closes. Exhibition pages and static assets, which do not touch slot-inventory, stay fine.
//
// Producers: kiosk-edge (nginx JSON access log with Fluent Bit Kubernetes metadata), ticket-api (pino + pino-http),
// slot-inventory (logback JSON, HikariCP), member-portal (Serilog compact JSON), group-import (structlog).
// Healthy bands (median; healthy values stay within 3x of it):
//   slot-inventory "Reserved timed-entry slots" 30 ms (durationMs)
//   ticket-api POST /v1/tickets 250 ms, GET /v1/slots 60 ms (responseTime)
//   kiosk-edge POST /api/tickets ~255 ms, GET /api/slots ~62 ms, GET /api/exhibitions 20 ms, GET /assets 2 ms
//   member-portal "Member reserved tickets" 320 ms (Elapsed)
// Routine noise (null): declined card payments (ERROR), expired promo codes (WARN), stale capacity cache (WARN),
// expired memberships (Warning), 404s at the edge.
// Labelled: the import's lines (pattern), slow reservations / lock waits / pool timeouts and the slow or timed-out
// requests they cause up the chain (performance), fast-failed 503s and the member portal's failures (error),
// circuit-breaker transitions (pattern).
import { arrivals, HOUR, isoMicro, isoOffset, isoTicks, type Label, LogBook, type Log, MIN } from "./rng.js";
import { Rng, round, SEC, startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function museumTicketingCascade(seed: number): Scenario {
  const r = new Rng(seed, 303);
  const t0 = startOf(r);
  const span = 2 * HOUR + r.int(-6, 6) * MIN;
  const end = t0 + span;
  const at = (f: number): number => t0 + span * f;
  const book = new LogBook();

  const importAt = at(r.float(0.31, 0.35));
  const slowFrom = importAt + r.int(60, 150) * SEC;
  const poolFrom = at(r.float(0.44, 0.46));
  const openAt = at(r.float(0.49, 0.51));
  const cancelAt = at(r.float(0.77, 0.8));
  const recoverAt = cancelAt + r.int(40, 90) * SEC;
  // The breaker probes every 60 s; the first probe after recovery closes it.
  const probes = Math.ceil((recoverAt - openAt) / MIN);
  const closeAt = openAt + MIN * probes;
  const phase = (t: number): "ok" | "slow" | "pool" | "open" => {
    if (t < slowFrom || t >= closeAt) return "ok";
    if (t >= openAt) return "open";
    if (t >= poolFrom) return "pool";
    return "slow";
  };

  const galleries = ["Egyptian Wing", "Impressionists", "Dinosaur Hall", "Textiles", "Modern Sculpture"];
  const session = (): string => `${r.pick(["EGY", "IMP", "DIN", "TEX", "MOD"])}-${r.int(9, 17)}${r.pick(["00", "30"])}`;
  const edgePods = [r.pod("kiosk-edge"), r.pod("kiosk-edge")];
  const apiHost = r.pod("ticket-api");
  const apiPid = r.int(1, 30);
  const slotHost = r.pod("slot-inventory");
  let reqId = r.int(1_000, 50_000);

  const nginx = (method: string, uri: string, status: number, sec: number, upstream: string | null) => (t: number) => ({
    time_iso8601: `${new Date(t).toISOString().slice(0, 19)}+00:00`,
    msec: (t / 1000).toFixed(3),
    remote_addr: `10.60.${r.int(0, 3)}.${r.int(10, 200)}`,
    request: `${method} ${uri} HTTP/1.1`,
    status,
    body_bytes_sent: status >= 400 ? r.int(150, 400) : r.int(400, 9_000),
    request_time: round(sec, 3),
    upstream_response_time: upstream,
    http_user_agent: r.pick(["MuseumKiosk/3.2 (Android 12)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4)"]),
    request_id: r.hex(32),
    kubernetes: {
      namespace_name: "tickets",
      pod_name: r.pick(edgePods),
      container_name: "nginx",
      labels: { app: "kiosk-edge" },
    },
  });
  const pino = (level: number, msg: string, extra: Log) => (t: number) => ({
    level,
    time: t,
    pid: apiPid,
    hostname: apiHost,
    name: "ticket-api",
    ...extra,
    msg,
  });
  const http = (method: string, url: string, status: number, ms: number): Log => ({
    req: { id: reqId++, method, url },
    res: { statusCode: status },
    responseTime: Math.max(1, Math.round(ms)),
  });
  const logback = (level: string, logger: string, message: string, extra: Log) => (t: number) => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `http-nio-8080-exec-${r.int(1, 40)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "slot-inventory",
    host: slotHost,
    ...extra,
  });
  const clef = (level: string | null, template: string, props: Log) => (t: number) => ({
    "@t": isoTicks(t),
    "@mt": template,
    ...(level === null ? {} : { "@l": level }),
    ...props,
    SourceContext: "MemberPortal.Reservations.ReservationClient",
    Application: "member-portal",
  });
  const importer = (level: string, event: string, extra: Log) => (t: number) => ({
    event,
    service: "group-import",
    ...extra,
    level,
    logger: "imports.school_groups",
    timestamp: isoMicro(t),
  });
  const RESERVE = "org.museum.slots.ReservationService";
  const POOL_TIMEOUT = "HikariPool-1 - Connection is not available, request timed out after 30000ms.";

  // One ticket purchase through ticket-api; returns the time ticket-api answered, its status and latency.
  const purchase = (t: number): { status: number; ms: number; label: Label } => {
    const p = phase(t);
    const sess = session();
    const count = r.int(1, 6);
    const reserveMsg = `Reserved ${count} timed-entry slots for session ${sess}`;
    if (p === "open") {
      const ms = r.float(1, 4);
      book.add(t + ms, "error", pino(30, "request completed", http("POST", "/v1/tickets", 503, ms)));
      return { status: 503, ms, label: "error" };
    }
    const timeout = p === "pool" && r.chance(0.7);
    if (timeout) {
      book.add(
        t + 30_000 + r.int(0, 40),
        "performance",
        logback("ERROR", "com.zaxxer.hikari.pool.HikariPool", POOL_TIMEOUT, {
          stack_trace:
            "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out " +
            "after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n" +
            `\tat ${RESERVE}.reserve(ReservationService.java:88)`,
        }),
      );
      const ms = 5_000 + r.float(1, 12);
      const err = { type: "TimeoutError", message: "slot-inventory did not answer within 5000ms" };
      book.add(t + ms - 1, "performance", pino(50, "upstream slot-inventory timed out after 5000ms", { err }));
      book.add(t + ms, "performance", pino(30, "request completed", http("POST", "/v1/tickets", 503, ms)));
      return { status: 503, ms, label: "performance" };
    }
    const slow = p === "pool" || (p === "slow" && r.chance(0.8));
    const reserve = slow ? r.slow(30, 50, 150) : r.healthy(30);
    const ms = slow ? r.healthy(220) + reserve : Math.max(r.healthy(250), reserve + 15);
    const label: Label = slow ? "performance" : null;
    const reserveFields = { durationMs: Math.round(reserve), session: sess };
    book.add(t + reserve, label, logback("INFO", RESERVE, reserveMsg, reserveFields));
    if (r.chance(0.03)) {
      const decl = `card payment declined for order ${r.upper(8)}: 05 do not honour`;
      book.add(t + ms - 2, null, pino(50, decl, { acquirer: "adyen" }));
      book.add(t + ms, label, pino(30, "request completed", http("POST", "/v1/tickets", 402, ms)));
      return { status: 402, ms, label };
    }
    book.add(t + ms, label, pino(30, "request completed", http("POST", "/v1/tickets", 201, ms)));
    return { status: 201, ms, label };
  };

  const availability = (t: number): { status: number; ms: number; label: Label } => {
    const p = phase(t);
    const url = `/v1/slots?date=today&gallery=${encodeURIComponent(r.pick(galleries))}`;
    if (p === "open") {
      const ms = r.float(1, 4);
      book.add(t + ms, "error", pino(30, "request completed", http("GET", url, 503, ms)));
      return { status: 503, ms, label: "error" };
    }
    if (p === "pool" && r.chance(0.7)) {
      const ms = 5_000 + r.float(1, 12);
      const err = { type: "TimeoutError", message: "slot-inventory did not answer within 5000ms" };
      book.add(t + ms - 1, "performance", pino(50, "upstream slot-inventory timed out after 5000ms", { err }));
      book.add(t + ms, "performance", pino(30, "request completed", http("GET", url, 503, ms)));
      return { status: 503, ms, label: "performance" };
    }
    const ms = r.healthy(60);
    book.add(t + ms, null, pino(30, "request completed", http("GET", url, 200, ms)));
    return { status: 200, ms, label: null };
  };

  const edge = (t: number, method: string, uri: string, res: { status: number; ms: number; label: Label }) => {
    const sec = (res.ms + r.float(0.5, 3)) / 1000;
    const up = (res.ms / 1000).toFixed(3);
    book.add(t + sec * 1000, res.label, nginx(method, uri, res.status, sec, up));
  };

  for (const t of arrivals(r, t0, end, 6)) edge(t, "POST", "/api/tickets", purchase(t + 1));
  for (const t of arrivals(r, t0, end, 7.5)) {
    const gallery = encodeURIComponent(r.pick(galleries));
    edge(t, "GET", `/api/slots?date=today&gallery=${gallery}`, availability(t + 1));
  }
  for (const t of arrivals(r, t0, end, 8)) {
    const ms = r.healthy(20);
    const status = r.chance(0.02) ? 404 : 200;
    const uri = `/api/exhibitions/${r.int(100, 990)}`;
    book.add(t + ms, null, nginx("GET", uri, status, ms / 1000, (ms / 1000).toFixed(3)));
  }
  for (const t of arrivals(r, t0, end, 5)) {
    const ms = r.healthy(2);
    const asset = r.pick(["app.3f9c1a.js", "kiosk.css", "map-floor1.svg", "fonts/inter.woff2", "favicon.ico"]);
    book.add(t + ms, null, nginx("GET", `/assets/${asset}`, r.chance(0.01) ? 404 : 200, ms / 1000, null));
  }

  // Member portal reservations call ticket-api directly.
  for (const t of arrivals(r, t0, end, 1.5)) {
    const member = r.int(100_000, 999_999);
    const res = purchase(t + 2);
    if (res.status === 503) {
      const label: Label = res.label === "performance" ? "performance" : "error";
      const tpl = "Reservation for member {MemberId} failed: ticket-api returned {StatusCode} after {Elapsed:0.00} ms";
      const props = { MemberId: member, StatusCode: 503, Elapsed: round(res.ms + 4, 2) };
      book.add(t + res.ms + 5, label, clef("Error", tpl, props));
    } else if (res.status === 201) {
      const elapsed = res.ms + r.healthy(70);
      const tpl = "Member {MemberId} reserved {Count} tickets in {Elapsed:0.00} ms";
      const props = { MemberId: member, Count: r.int(1, 4), Elapsed: round(elapsed, 2) };
      book.add(t + elapsed, res.label, clef(null, tpl, props));
    }
  }
  for (const t of arrivals(r, t0, end, 0.15)) {
    const tpl = "Membership {MembershipId} expired on {Expiry}, offering renewal";
    book.add(t, null, clef("Warning", tpl, { MembershipId: `M-${r.digits(7)}`, Expiry: "2025-01-31" }));
  }

  // ticket-api and slot-inventory routine noise.
  for (const t of arrivals(r, t0, end, 0.25)) {
    book.add(t, null, pino(40, `promo code ${r.upper(6)} expired, ignoring`, {}));
  }
  for (const t of arrivals(r, t0, end, 0.1)) {
    const g = r.pick(galleries);
    const msg = `Stale capacity cache for gallery ${g}, refreshing`;
    book.add(t, null, logback("WARN", "org.museum.slots.CapacityCache", msg, {}));
  }

  // The import: started in opening hours, holding row locks until it is cancelled.
  const rows = r.int(3_800, 5_200);
  const batches = Math.ceil(rows / 100);
  book.add(
    importAt,
    "pattern",
    importer("info", "bulk import of school-group bookings started", {
      rows,
      batches,
      source: `sftp://partners/schools/export-${r.digits(6)}.csv`,
      isolation: "serializable",
    }),
  );
  let batch = 1;
  for (const t of ticks(r, importAt + 2 * MIN, cancelAt, r.int(150, 220) * SEC, 0.1)) {
    book.add(t, "pattern", importer("info", "imported batch", { batch: batch++, batches, rows_in_batch: 100 }));
  }
  book.add(
    cancelAt,
    "pattern",
    importer("warning", "bulk import cancelled by operator, transaction rolled back", {
      batches_done: batch - 1,
      batches,
      operator: r.pick(["jdoe", "mkhan", "alee", "spetrov"]),
    }),
  );
  for (const t of arrivals(r, slowFrom, recoverAt, 2)) {
    const ms = phase(t) === "slow" ? r.slow(30, 60, 200) : r.slow(30, 300, 1000);
    const msg = `Lock wait on timed_entry_slot for session ${session()} took ${Math.round(ms)} ms`;
    book.add(t, "performance", logback("WARN", RESERVE, msg, { lockWaitMs: Math.round(ms) }));
  }

  // ticket-api's breaker: opens, probes every minute, closes once slot-inventory answers again.
  const breaker = (state: string, msg: string) => {
    return pino(state === "closed" ? 30 : 40, msg, { breaker: "slot-inventory", state });
  };
  book.add(openAt - 200, "pattern", breaker("open", "circuit breaker slot-inventory opened after 50% failures"));
  for (let k = 1; k <= probes; k++) {
    const t = openAt + MIN * k;
    book.add(t, "pattern", breaker("half-open", "circuit breaker slot-inventory half-open, sending trial request"));
    if (k === probes) break;
    book.add(t + 5_000, "performance", pino(50, "upstream slot-inventory timed out after 5000ms", {}));
    book.add(t + 5_010, "pattern", breaker("open", "circuit breaker slot-inventory opened after failed trial"));
  }
  book.add(closeAt + 300, "pattern", breaker("closed", "circuit breaker slot-inventory closed"));

  return {
    name: "museum-ticketing-cascade",
    description: "School-group import locks museum slots: slot-inventory slows and starves, ticket-api and edge fail",
    ...book.build(),
  };
}
