// s03 crew-roster-pool-cascade: an airline's crew-rostering platform. Mid-window the monthly roster
// publication run starts with a parallelism override and holds most of legality-engine's HikariCP pool;
// legality checks queue for connections and time out, roster-api's calls to legality-engine time out
// and its Resilience4j breaker opens, the Envoy gateway answers 504/503 (visible only in response_code)
// and the mobile BFF fails. The run is cancelled, the breaker half-opens and closes, traffic recovers.
// About 6,000 lines.
//
// Producers: crew-gateway (Envoy JSON access log, no message, Fluent Bit kubernetes metadata),
// roster-api and legality-engine and roster-publisher (Spring Boot, logstash-logback-encoder JSON),
// crew-bff (pino / pino-http).
// Healthy bands:
//   Envoy duration: GET /v1/rosters/:crew/month median 130 ms; POST /v1/swaps median 210 ms;
//     GET /v1/pairings/:id median 25 ms; POST /v1/auth/token median 60 ms (all within 2.5x).
//   roster-api duration_ms: GET roster month median 110 ms; POST swaps median 190 ms.
//   legality-engine "Legality check ... passed" duration_ms median 38 ms; HikariCP pool stats
//     active 1-8 of 20, waiting=0.
//   crew-bff responseTime: GET /bff/home median 180 ms; POST /bff/swap median 260 ms.
//   Routine noise: legality-engine WARN "FTL rule set cache miss, reloading" (~4/h), roster-api WARN
//     "Deprecated client header X-Crew-App-Version < 7 from ..." (~10/h), crew-bff 401s (~2 % of home).
// Evidence: slow requests (> 4x) and timeouts and pool stats with waiting > 0 (performance), 5xx and
// failed calls (error), breaker transitions, the run's start warning and its cancellation (pattern).
import { HOUR, MIN, SEC, Timeline, isoOff, makeRng, poisson, round, startTime, ticks } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export function crewRosterPoolCascade(seed: number): Scenario {
  const rng = makeRng(seed * 3571 + 303);
  const tl = new Timeline();
  const t0 = startTime(rng, 5, 14);
  const t1 = t0 + 2 * HOUR + rng.int(0, 15) * MIN;
  const run = t0 + rng.int(40, 55) * MIN; // publication run starts
  const sat = run + rng.int(90, 150) * SEC; // pool saturated
  const open = sat + rng.int(4, 7) * MIN; // breaker opens
  const cancel = run + rng.int(42, 52) * MIN; // run cancelled
  const closed = cancel + rng.int(3, 5) * MIN; // breaker closed again
  const phase = (t: number) => (t < sat ? "ok" : t < open ? "sat" : t < cancel ? "open" : t < closed ? "rec" : "ok");
  const crew = () => String(rng.int(10000, 99999));
  const lb = (t: number, app: string, level: string, logger: string, message: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": isoOff(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `http-nio-8080-exec-${rng.int(1, 40)}`,
    level,
    level_value: { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 }[level] ?? 20000,
    app,
    traceId: rng.hex(32),
    spanId: rng.hex(16),
    ...extra,
  });

  // ---- Envoy gateway
  const gwPod = `crew-gateway-${rng.hex(10)}-${rng.alnum(5)}`;
  for (const t of poisson(rng, t0, t1, 3.5 * SEC)) {
    const r = rng.weighted([
      ["roster", 5],
      ["swap", 1.5],
      ["pairing", 3],
      ["auth", 1],
    ] as const);
    const med = { roster: 130, swap: 210, pairing: 25, auth: 60 }[r];
    const path =
      r === "roster"
        ? `/v1/rosters/${crew()}/month?period=${rng.pick(["2025-07", "2025-08"])}`
        : r === "swap"
          ? "/v1/swaps"
          : r === "pairing"
            ? `/v1/pairings/P${rng.int(1000, 9999)}`
            : "/v1/auth/token";
    const method = r === "roster" || r === "pairing" ? "GET" : "POST";
    let code = 200;
    let flags = "-";
    let details = "via_upstream";
    let dur = rng.band(med);
    let label: AnomalyType | null = null;
    const ph = phase(t);
    if ((r === "roster" || r === "swap") && ph !== "ok") {
      const x = rng.next();
      if (ph === "sat" || ph === "rec") {
        if (x < 0.3) [code, flags, details, dur, label] = [504, "UT", "upstream_response_timeout", 15000 + rng.int(0, 40), "performance"];
        else if (x < 0.65) [dur, label] = [rng.slow(med, 8, 60), "performance"];
      } else if (x < 0.5) [code, dur, label] = [503, rng.band(med / 4), "error"];
      else if (x < 0.65) [code, flags, details, dur, label] = [504, "UT", "upstream_response_timeout", 15000 + rng.int(0, 40), "performance"];
      else if (x < 0.75) [dur, label] = [rng.slow(med, 8, 40), "performance"];
    }
    tl.add(
      t,
      {
        start_time: isoOff(t).replace("+00:00", "Z"),
        method,
        path,
        protocol: "HTTP/2",
        response_code: code,
        response_flags: flags,
        response_code_details: details,
        bytes_received: method === "POST" ? rng.int(200, 1400) : 0,
        bytes_sent: code === 200 ? rng.int(800, 24000) : code === 503 ? 91 : 24,
        duration: Math.round(dur),
        upstream_service_time: code === 504 ? "-" : String(Math.max(1, Math.round(dur) - rng.int(0, 3))),
        x_forwarded_for: `100.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
        user_agent: rng.pick(["CrewLink/7.4.1 (iPhone; iOS 18.3)", "CrewLink/7.4.0 (Android 14)", "CrewLink/7.3.9 (iPad; iOS 17.6)"]),
        request_id: rng.uuid(),
        authority: "crew.api.example-air.net",
        upstream_host: `10.60.${rng.int(1, 4)}.${rng.int(10, 90)}:8080`,
        upstream_cluster: r === "roster" || r === "swap" ? "roster-api" : r === "pairing" ? "pairing-service" : "crew-auth",
        kubernetes: { pod_name: gwPod, namespace_name: "crew", container_name: "envoy", labels: { app: "crew-gateway" } },
      },
      label,
    );
  }

  // ---- roster-api
  for (const t of poisson(rng, t0, t1, 5.2 * SEC)) {
    const swap = rng.chance(0.25);
    const med = swap ? 190 : 110;
    const uri = swap ? "/v1/swaps" : "/v1/rosters/{crewId}/month";
    const method = swap ? "POST" : "GET";
    const ph = phase(t);
    const base = { "http.method": method, uri, crew_id: crew() };
    const x = rng.next();
    if (ph === "open" && x < 0.5) {
      tl.add(
        t,
        lb(
          t,
          "roster-api",
          "ERROR",
          "org.examplair.roster.web.ApiExceptionHandler",
          `Request failed: io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'legality' is OPEN and does not permit further calls`,
          { ...base, status: 503, duration_ms: round(rng.band(med / 5), 1) },
        ),
        "error",
      );
    } else if (ph !== "ok" && x < 0.78) {
      const tw = t + rng.int(0, 200);
      if (rng.chance(0.55)) {
        tl.add(
          tw,
          lb(
            tw,
            "roster-api",
            "WARN",
            "org.examplair.roster.client.LegalityClient",
            "Call to legality-engine failed: java.net.SocketTimeoutException: Read timed out",
            {
              ...base,
              timeout_ms: 10000,
              stack_trace:
                "java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\n\tat org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)\n\tat org.examplair.roster.client.LegalityClient.check(LegalityClient.java:88)",
            },
          ),
          "performance",
        );
        tl.add(
          tw + 1,
          lb(tw + 1, "roster-api", "INFO", "org.examplair.roster.web.RequestLog", "Request completed", {
            ...base,
            status: 503,
            duration_ms: round(10000 + rng.float(5, 60), 1),
          }),
          "performance",
        );
      } else {
        tl.add(
          t,
          lb(t, "roster-api", "INFO", "org.examplair.roster.web.RequestLog", "Request completed", {
            ...base,
            status: 200,
            duration_ms: round(rng.slow(med, 8, 45), 1),
          }),
          "performance",
        );
      }
    } else {
      tl.add(
        t,
        lb(t, "roster-api", "INFO", "org.examplair.roster.web.RequestLog", "Request completed", { ...base, status: 200, duration_ms: round(rng.band(med), 1) }),
      );
    }
  }
  for (const t of poisson(rng, t0, t1, 6 * MIN)) {
    const v = `7.${rng.int(0, 3)}`;
    tl.add(
      t,
      lb(
        t,
        "roster-api",
        "WARN",
        "org.examplair.roster.web.ClientVersionFilter",
        `Deprecated client header X-Crew-App-Version < 7 from 6.${rng.int(2, 9)}.${rng.int(0, 9)}; upgrade to ${v}`,
      ),
    );
  }
  const cb = (t: number, from: string, to: string) =>
    tl.add(
      t,
      lb(
        t,
        "roster-api",
        "WARN",
        "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
        `CircuitBreaker 'legality' changed state from ${from} to ${to}`,
        { thread_name: "resilience4j-scheduler-1" },
      ),
      "pattern",
    );
  cb(open, "CLOSED", "OPEN");
  for (let t = open + 60 * SEC; t < cancel; t += 60 * SEC + rng.int(0, 900)) {
    cb(t, "OPEN", "HALF_OPEN");
    cb(t + rng.int(1500, 6000), "HALF_OPEN", "OPEN");
  }
  cb(cancel + 70 * SEC, "OPEN", "HALF_OPEN");
  cb(closed, "HALF_OPEN", "CLOSED");

  // ---- legality-engine
  for (const t of poisson(rng, t0, t1, 7 * SEC)) {
    const ph = phase(t);
    const c = crew();
    const p = `P${rng.int(1000, 9999)}`;
    if (ph !== "ok" && rng.chance(ph === "rec" ? 0.4 : 0.7)) {
      if (rng.chance(0.5)) {
        tl.add(
          t,
          lb(
            t,
            "legality-engine",
            "WARN",
            "com.zaxxer.hikari.pool.HikariPool",
            "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            {
              stack_trace:
                "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.\n\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)\n\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)",
            },
          ),
          "performance",
        );
        tl.add(
          t + 2,
          lb(
            t + 2,
            "legality-engine",
            "ERROR",
            "org.examplair.legality.LegalityService",
            `Legality check for crew ${c} pairing ${p} failed: CannotCreateTransactionException: Could not open JPA EntityManager for transaction`,
            { crew_id: c, pairing: p },
          ),
          "error",
        );
      } else {
        tl.add(
          t,
          lb(t, "legality-engine", "INFO", "org.examplair.legality.LegalityService", `Legality check for crew ${c} pairing ${p} passed`, {
            crew_id: c,
            pairing: p,
            duration_ms: round(rng.slow(38, 10, 200), 1),
          }),
          "performance",
        );
      }
    } else {
      tl.add(
        t,
        lb(t, "legality-engine", "INFO", "org.examplair.legality.LegalityService", `Legality check for crew ${c} pairing ${p} passed`, {
          crew_id: c,
          pairing: p,
          duration_ms: round(rng.band(38), 1),
        }),
      );
    }
  }
  for (const t of ticks(rng, t0, t1, 30 * SEC, 0.01)) {
    const ph = phase(t);
    const starving = ph === "sat" || ph === "open" || (ph === "rec" && t < cancel + 90 * SEC);
    const active = starving ? 20 : rng.int(1, 8);
    const waiting = starving ? rng.int(14, 96) : 0;
    tl.add(
      t,
      lb(
        t,
        "legality-engine",
        "DEBUG",
        "com.zaxxer.hikari.pool.HikariPool",
        `HikariPool-1 - Pool stats (total=20, active=${active}, idle=${20 - active}, waiting=${waiting})`,
        { thread_name: "HikariPool-1 housekeeper" },
      ),
      starving ? "performance" : null,
    );
  }
  for (const t of poisson(rng, t0, t1, 15 * MIN)) {
    tl.add(
      t,
      lb(t, "legality-engine", "WARN", "org.examplair.legality.rules.RuleSetCache", "FTL rule set 'EASA-ORO.FTL.210' cache miss, reloading", {
        thread_name: "rules-refresh-1",
      }),
    );
  }

  // ---- roster-publisher (the monthly run)
  const runId = `RP-${new Date(run).toISOString().slice(0, 7)}-${rng.int(1, 3)}`;
  const chunks = rng.int(110, 130);
  tl.add(
    run,
    lb(
      run,
      "roster-publisher",
      "INFO",
      "org.examplair.publish.PublicationRun",
      `Roster publication run ${runId} started: crews=${rng.int(13000, 15000)} pairings=${rng.int(2700, 3100)} chunks=${chunks}`,
      { thread_name: "publish-main" },
    ),
  );
  tl.add(
    run + 40,
    lb(
      run + 40,
      "roster-publisher",
      "WARN",
      "org.examplair.publish.PublicationRun",
      `Run ${runId}: parallelism override publish.parallelism=32 exceeds datasource share (max 6), using 32 workers on HikariPool-1`,
      { thread_name: "publish-main" },
    ),
    "pattern",
  );
  let k = 1;
  for (let t = run + 70 * SEC; t < cancel; t += rng.int(18, 28) * SEC) {
    tl.add(
      t,
      lb(t, "roster-publisher", "INFO", "org.examplair.publish.ChunkWriter", `Publication chunk ${k}/${chunks} committed`, {
        thread_name: `publish-worker-${rng.int(1, 32)}`,
        rows: rng.int(90, 140),
      }),
    );
    k++;
  }
  tl.add(
    cancel,
    lb(
      cancel,
      "roster-publisher",
      "WARN",
      "org.examplair.publish.PublicationRun",
      `Run ${runId} cancelled by operator ops-${rng.pick(["mkowalski", "jtan", "rfernandes"])} at chunk ${k}/${chunks}; releasing 32 connections`,
      { thread_name: "publish-main" },
    ),
    "pattern",
  );

  // ---- crew-bff (pino-http)
  const bffHost = `crew-bff-${rng.hex(9)}-${rng.alnum(5)}`;
  for (const t of poisson(rng, t0, t1, 9.5 * SEC)) {
    const swap = rng.chance(0.2);
    const med = swap ? 260 : 180;
    const url = swap ? "/bff/swap" : "/bff/home";
    let status = 200;
    let rt = rng.band(med);
    let label: AnomalyType | null = null;
    let msg = "request completed";
    let err: Record<string, unknown> | undefined;
    const ph = phase(t);
    const x = rng.next();
    if (ph !== "ok" && x < 0.7) {
      if (x < 0.3)
        [status, rt, label, msg, err] = [
          504,
          15000 + rng.int(20, 200),
          "performance",
          "request errored",
          { type: "UpstreamError", message: "upstream request timeout", statusCode: 504 },
        ];
      else if (ph === "open" && x < 0.55)
        [status, rt, label, msg, err] = [
          502,
          rng.band(med / 3),
          "error",
          "request errored",
          { type: "UpstreamError", message: "roster-api answered 503 Service Unavailable", statusCode: 502 },
        ];
      else [rt, label] = [rng.slow(med, 8, 40), "performance"];
    } else if (!swap && rng.chance(0.02)) status = 401;
    const o: Record<string, unknown> = {
      level: status >= 500 ? 50 : status >= 400 ? 40 : 30,
      time: Math.floor(t),
      pid: 1,
      hostname: bffHost,
      name: "crew-bff",
      req: { id: rng.int(1, 9_999_999), method: swap ? "POST" : "GET", url, headers: { "x-request-id": rng.uuid() } },
      res: { statusCode: status },
      responseTime: Math.round(rt),
      msg,
    };
    if (err) o.err = err;
    tl.add(t, o, label);
  }
  return tl.build(
    "crew-roster-pool-cascade",
    "monthly roster publication run starves legality-engine's connection pool; timeouts cascade to roster-api (breaker opens), the Envoy gateway (504/503) and the mobile BFF until the run is cancelled",
  );
}
