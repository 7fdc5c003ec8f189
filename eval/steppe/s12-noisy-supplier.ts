/**
 * Travel booking platform. supplier-sync talks to a flaky hotel-supplier API all day
 * and writes ERRORs with stack traces every few minutes (503s, 10-second read timeouts,
 * malformed XML, retries) - the team has long accepted that noise. The incident is
 * elsewhere: a booking-api release creates web sessions without an expiry
 * (maxInactiveInterval=PT-1S instead of PT30M). Session keys pile up in the session
 * Redis, whose exporter reports used memory climbing from its usual ~60% to 100% of
 * maxmemory (policy noeviction). Once it is full, booking-api's session writes are
 * rejected with "OOM command not allowed when used memory > 'maxmemory'", bookings fail
 * with 500s, users lose their sessions, some Redis calls time out; after 15-35 minutes an
 * ops cleanup deletes the keys without TTL and memory falls back. search-api,
 * payment-svc and notification-svc are unaffected.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

function isoOff(t: number): string {
  return new Date(Math.floor(t)).toISOString().replace("Z", "+00:00");
}

export function s12NoisySupplier(seed: number): Scenario {
  const rng = new Rng(seed, "s12-noisy-supplier");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(120, 170);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 6, 15);
  const end = start + span;
  const D = start + Math.floor(span * rng.float(0.1, 0.35)); // release goes out
  const memBase = rng.float(56, 62);
  const F = D + rng.int(25, 55) * 60_000; // redis full
  const B = Math.min(end - 6 * 60_000, F + rng.int(15, 35) * 60_000); // cleanup
  const memAt = (t: number): number => {
    if (t < D || t >= B) return memBase + rng.normal(0, 1.6);
    if (t >= F) return 100;
    return memBase + (100 - memBase) * ((t - D) / (F - D)) + rng.normal(0, 0.4);
  };
  const full = (t: number): boolean => t >= F && t < B;

  const java = (t: number, app: string, level: string, logger: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "@timestamp": isoOff(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: app === "supplier-sync" ? `supplier-pool-${rng.int(1, 16)}` : `http-nio-8080-exec-${rng.int(1, 64)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : level === "DEBUG" ? 10000 : 20000,
    app,
    ...extra,
  });
  const loop = (perMin: number, fn: (t: number) => void): void => {
    const gap = 60_000 / perMin;
    let t = start + rng.exp(gap);
    while (t < end) {
      fn(t);
      t += rng.exp(gap);
    }
  };
  const hotel = (): string => `H${rng.int(100000, 999999)}`;
  const dest = (): string => rng.pick(["BCN", "LIS", "ATH", "PMI", "NCE", "DBV", "FCO", "TFS"]);
  const booking = (): string => `BK-${rng.alnum(8).toUpperCase()}`;

  // ---- supplier-sync: the noisy neighbour ---------------------------------------------------------
  loop(rng.float(9, 11), (t) => {
    const r = rng.weighted([
      ["ok", 84],
      ["503", 6],
      ["timeout", 5],
      ["xml", 2],
      ["retry", 3],
    ] as const);
    const h = hotel();
    if (r === "ok") {
      const ms = Math.round(rng.logNormal(620, 0.35));
      add(
        t,
        java(
          t,
          "supplier-sync",
          "INFO",
          "com.tripnest.supplier.hbx.AvailabilityClient",
          `HBX availability refreshed hotel=${h} dest=${dest()} rooms=${rng.int(2, 40)} in ${ms}ms`,
          { duration_ms: ms, supplier: "HBX" },
        ),
        null,
      );
    } else if (r === "503") {
      add(
        t,
        java(
          t,
          "supplier-sync",
          "ERROR",
          "com.tripnest.supplier.hbx.AvailabilityClient",
          `Supplier HBX availability call failed for hotel=${h}: HTTP 503 Service Unavailable (attempt ${rng.int(1, 3)}/3)`,
          {
            supplier: "HBX",
            stack_trace:
              'org.springframework.web.client.HttpServerErrorException$ServiceUnavailable: 503 Service Unavailable: "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>"\n\tat org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:116)\n\tat com.tripnest.supplier.hbx.AvailabilityClient.fetch(AvailabilityClient.java:93)',
          },
        ),
        null,
      );
    } else if (r === "timeout") {
      add(
        t + 10_000,
        java(
          t + 10_000,
          "supplier-sync",
          "ERROR",
          "com.tripnest.supplier.hbx.AvailabilityClient",
          `SupplierTimeoutException: HBX read timed out after 10000 ms (hotel=${h})`,
          {
            supplier: "HBX",
            duration_ms: 10000,
            stack_trace:
              "com.tripnest.supplier.SupplierTimeoutException: HBX read timed out after 10000 ms\n\tat com.tripnest.supplier.hbx.AvailabilityClient.fetch(AvailabilityClient.java:101)\nCaused by: java.net.SocketTimeoutException: Read timed out",
          },
        ),
        null,
      );
    } else if (r === "xml") {
      add(
        t,
        java(
          t,
          "supplier-sync",
          "ERROR",
          "com.tripnest.supplier.hbx.AvailabilityParser",
          `Supplier HBX returned malformed XML for hotel=${h}: Unexpected close tag </Room>; expected </RoomRate>`,
          {
            supplier: "HBX",
            stack_trace:
              "com.fasterxml.jackson.dataformat.xml.JacksonXmlParseException: Unexpected close tag </Room>; expected </RoomRate>.\n at [row,col {unknown-source}]: [1,8812]\n\tat com.tripnest.supplier.hbx.AvailabilityParser.parse(AvailabilityParser.java:47)",
          },
        ),
        null,
      );
    } else {
      add(
        t,
        java(
          t,
          "supplier-sync",
          "WARN",
          "com.tripnest.supplier.RetryScheduler",
          `Requeued ${rng.int(5, 60)} hotels for ${dest()} after supplier errors, next attempt in ${rng.pick([60, 120, 300])}s`,
          { supplier: "HBX" },
        ),
        null,
      );
    }
  });

  // ---- booking-api -------------------------------------------------------------------------------------
  loop(rng.float(6, 8), (t) => {
    const r = rng.weighted([
      ["book", 2],
      ["get", 4],
      ["session", 2],
    ] as const);
    const trace = rng.hex(16);
    if (full(t)) {
      if (r === "book" || r === "session") {
        const sess = `spring:session:sessions:${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
        if (rng.chance(0.12)) {
          add(
            t + 2000,
            java(t + 2000, "booking-api", "ERROR", "io.lettuce.core.protocol.CommandHandler", `Redis command timed out after 2000ms (HSET ${sess})`, {
              traceId: trace,
              duration_ms: 2000,
            }),
            "performance",
          );
          add(
            t + 2010,
            java(
              t + 2010,
              "booking-api",
              "INFO",
              "com.tripnest.booking.web.AccessLog",
              `${r === "book" ? "POST /api/bookings" : "POST /api/session/refresh"} 500 in 2010ms`,
              { traceId: trace, status: 500, duration_ms: 2010 },
            ),
            "performance",
          );
          return;
        }
        add(
          t + 6,
          java(t + 6, "booking-api", "ERROR", "org.springframework.session.data.redis.RedisIndexedSessionRepository", `Failed to save session ${sess}`, {
            traceId: trace,
            stack_trace:
              "org.springframework.data.redis.RedisSystemException: Error in execution; nested exception is io.lettuce.core.RedisCommandExecutionException: OOM command not allowed when used memory > 'maxmemory'.\n\tat org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter.convert(LettuceExceptionConverter.java:54)\nCaused by: io.lettuce.core.RedisCommandExecutionException: OOM command not allowed when used memory > 'maxmemory'.",
          }),
          "error",
        );
        const ms = rng.int(9, 40);
        add(
          t + ms,
          java(
            t + ms,
            "booking-api",
            "INFO",
            "com.tripnest.booking.web.AccessLog",
            `${r === "book" ? "POST /api/bookings" : "POST /api/session/refresh"} 500 in ${ms}ms`,
            { traceId: trace, status: 500, duration_ms: ms },
          ),
          "error",
        );
      } else {
        const ms = rng.int(5, 20);
        add(
          t + ms,
          java(
            t + ms,
            "booking-api",
            "WARN",
            "com.tripnest.booking.web.SessionGuard",
            `Session not found for request GET /api/bookings/${booking()}, redirecting to login`,
            { traceId: trace, status: 401, duration_ms: ms },
          ),
          "error",
        );
      }
      return;
    }
    if (r === "book") {
      const ms = Math.round(rng.logNormal(240, 0.3));
      add(
        t + ms,
        java(t + ms, "booking-api", "INFO", "com.tripnest.booking.web.AccessLog", `POST /api/bookings 201 in ${ms}ms`, {
          traceId: trace,
          status: 201,
          duration_ms: ms,
          booking: booking(),
        }),
        null,
      );
    } else if (r === "get") {
      const ms = Math.round(rng.logNormal(35, 0.3));
      add(
        t + ms,
        java(t + ms, "booking-api", "INFO", "com.tripnest.booking.web.AccessLog", `GET /api/bookings/${booking()} 200 in ${ms}ms`, {
          traceId: trace,
          status: 200,
          duration_ms: ms,
        }),
        null,
      );
    } else {
      const ms = Math.round(rng.logNormal(18, 0.3));
      add(
        t + ms,
        java(t + ms, "booking-api", "INFO", "com.tripnest.booking.web.AccessLog", `POST /api/session/refresh 200 in ${ms}ms`, {
          traceId: trace,
          status: 200,
          duration_ms: ms,
        }),
        null,
      );
    }
  });
  loop(1, (t) => {
    if (full(t)) return;
    const leaky = t >= D && t < B;
    add(
      t,
      java(
        t,
        "booking-api",
        "INFO",
        "com.tripnest.booking.session.SessionConfigListener",
        `session created id=${rng.hex(8)}-${rng.hex(4)} maxInactiveInterval=${leaky ? "PT-1S" : "PT30M"} user=${rng.chance(0.4) ? "anonymous" : `u${rng.int(100000, 999999)}`}`,
      ),
      leaky ? "pattern" : null,
    );
  });
  loop(0.12, (t) =>
    add(
      t,
      java(t, "booking-api", "WARN", "com.tripnest.booking.web.AccessLog", `POST /api/bookings 409 in ${rng.int(20, 60)}ms: price changed since quote`, {
        status: 409,
      }),
      null,
    ),
  );
  add(
    D,
    java(
      D,
      "booking-api",
      "INFO",
      "com.tripnest.booking.BookingApiApplication",
      `Started BookingApiApplication in ${rng.float(9, 15).toFixed(3)} seconds (process running for ${rng.float(10, 16).toFixed(3)})`,
      { thread_name: "main", version: "7.3.0" },
    ),
    null,
  );

  // ---- session redis exporter ------------------------------------------------------------------------------
  for (let t = start + rng.int(0, 59_999); t < end; t += 60_000) {
    const m = Math.min(100, memAt(t));
    const pct = Math.round(m * 10) / 10;
    const used = ((2 * pct) / 100).toFixed(2);
    add(
      t,
      {
        time: isoOff(t),
        level: "info",
        service: "session-redis",
        msg: `used_memory=${used}G maxmemory=2.00G (${pct}%) policy=noeviction keys=${Math.round(380_000 + (pct - memBase) * 60_000)} rejected_writes=${full(t) ? rng.int(200, 900) : 0}`,
        memory_usage: pct,
      },
      pct >= 72 ? "memory" : null,
    );
  }
  add(
    B - 30_000,
    {
      time: isoOff(B - 30_000),
      level: "warn",
      service: "session-redis",
      msg: `ops-cleanup: deleted ${rng.int(900_000, 1_400_000)} keys matching spring:session:* without TTL (requested by sre-oncall)`,
    },
    "pattern",
  );

  // ---- bystanders ------------------------------------------------------------------------------------------------
  loop(rng.float(7, 9), (t) => {
    const ms = Math.round(rng.logNormal(140, 0.3));
    add(
      t,
      {
        timestamp: isoOff(t),
        levelname: "INFO",
        service: "search-api",
        name: "search.hotels",
        message: `search dest=${dest()} nights=${rng.int(1, 14)} results=${rng.int(0, 600)} in ${ms}ms`,
        duration_ms: ms,
      },
      null,
    );
  });
  loop(rng.float(1.5, 2.5), (t) => {
    const ms = Math.round(rng.logNormal(310, 0.3));
    add(
      t,
      {
        level: "info",
        ts: new Date(Math.floor(t)).toISOString(),
        caller: "psp/adyen.go:133",
        msg: "payment authorised",
        service: "payment-svc",
        latency_ms: ms,
        psp: "adyen",
      },
      null,
    );
    if (rng.chance(0.06))
      add(
        t + 5,
        {
          level: "warn",
          ts: new Date(Math.floor(t + 5)).toISOString(),
          caller: "psp/adyen.go:151",
          msg: "payment refused by issuer",
          service: "payment-svc",
          reason: rng.pick(["Refused", "Not enough balance", "CVC Declined"]),
        },
        null,
      );
  });
  loop(rng.float(1.5, 2.5), (t) =>
    add(
      t,
      { timestamp: isoOff(t), levelname: "INFO", service: "notification-svc", name: "notify.mail", message: `confirmation email queued for ${booking()}` },
      null,
    ),
  );

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s12-noisy-supplier",
    description:
      "Booking platform where supplier-sync logs supplier ERRORs all day as routine noise, while a booking-api release fills the session Redis (no TTL) until session writes fail with OOM errors and bookings return 500s.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
