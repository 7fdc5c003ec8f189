/**
 * s02 neobank-latency-tiers: a retail bank's mobile back end over four hours, six services whose
 * normal latencies are two orders of magnitude apart: session-cache (Go zap, `elapsed_us`, 1-3 ms),
 * fx-rates (structlog, 5-15 ms), auth-service (pino, 10-40 ms), ledger (Go slog, `duration` ns,
 * 15-60 ms), accounts-api (Serilog compact JSON, `Elapsed` rendered into the message template,
 * 30-150 ms) and statement-report (ECS JSON from ecs-logging-java, `event.duration` ns and the time
 * in the message, 3-20 s). Requests are traced across services.
 * Twelve short episodes of all four types are scattered over the window: a slow session cache
 * (25-60 ms: anomalous although faster than any normal API call), a slow accounts-api (1.2-4 s:
 * anomalous although faster than any normal statement), statements taking 75-180 s, slow logins;
 * Redis memory at its maxmemory with evictions, statement-report heap near full; accounts-api
 * exceptions with HTTP 500, JWKS fetch failures in auth, a failing ECB feed in fx-rates; absurd
 * zero FX rates, a giant username probe, request header dumps. Routine: 401s, declined transfers,
 * rate-limit WARNs, cache misses, a few routine report-queue WARNs.
 */
import {
  activeEpisode,
  type Episode,
  epochSeconds,
  HOUR,
  iso,
  isoMicro,
  isoNano,
  type Label,
  ln,
  podName,
  round,
  SEC,
  scatterEpisodes,
  Timeline,
  ticks,
  uniformTimes,
  uuid,
} from "./common.js";
import { Rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

const VARIANTS: Record<AnomalyType, string[]> = {
  performance: ["cache-slow", "api-slow", "report-slow", "auth-slow"],
  memory: ["redis-maxmemory", "report-heap"],
  error: ["api-exception", "jwks-fail", "fx-feed"],
  pattern: ["fx-zero", "giant-username", "header-dump"],
};

export function s02NeobankLatencyTiers(seed: number): Scenario {
  const name = "neobank-latency-tiers";
  const rng = new Rng(seed, name);
  const span = 4 * HOUR;
  const start = rng.start2026(span, 6, 14);
  const end = start + span;
  const tl = new Timeline();

  const types: AnomalyType[] = rng.shuffle([
    "performance",
    "performance",
    "performance",
    "performance",
    "memory",
    "memory",
    "error",
    "error",
    "error",
    "pattern",
    "pattern",
    "pattern",
  ]);
  // Slow cache and slow API episodes are the point of this incident: make sure both occur.
  const kinds = types.map((ty) => rng.pick(VARIANTS[ty]));
  const perfIdx = types.map((ty, i) => (ty === "performance" ? i : -1)).filter((i) => i >= 0);
  kinds[perfIdx[0] as number] = "cache-slow";
  kinds[perfIdx[1] as number] = "api-slow";
  kinds[perfIdx[2] as number] = "report-slow";
  const episodes: Episode[] = scatterEpisodes(rng, start, end, kinds, 90 * SEC, 240 * SEC);
  const ep = (t: number): string | undefined => activeEpisode(episodes, t)?.kind;

  const cachePods = [podName(rng, "session-cache"), podName(rng, "session-cache")];
  const apiPods = [podName(rng, "accounts-api"), podName(rng, "accounts-api"), podName(rng, "accounts-api")];
  const authPod = podName(rng, "auth-service");
  const ledgerPods = [podName(rng, "ledger"), podName(rng, "ledger")];
  const reportPods = [podName(rng, "statement-report"), podName(rng, "statement-report")];
  const fxPod = podName(rng, "fx-rates");
  const currencies = ["GBP", "USD", "CHF", "PLN", "SEK", "NOK", "CZK", "HUF", "JPY"];

  // ---- producers -------------------------------------------------------------------------
  const zap = (t: number, level: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, ts: epochSeconds(t), caller: "cache/session.go:97", msg, service: "session-cache", pod: rng.pick(cachePods), ...fields }, label);
  };
  const serilog = (t: number, level: string | null, mt: string, props: Record<string, unknown>, label: Label = null, exception?: string): void => {
    const log: Record<string, unknown> = { "@t": iso(t), "@mt": mt };
    if (level) log["@l"] = level;
    if (exception) log["@x"] = exception;
    Object.assign(log, props, { Application: "accounts-api", MachineName: rng.pick(apiPods) });
    tl.add(t, log, label);
  };
  const pino = (t: number, level: number, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(Math.round(t), { level, time: Math.round(t), pid: 1, hostname: authPod, name: "auth-service", ...fields, msg }, label);
  };
  const slog = (t: number, level: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { time: isoNano(t), level, msg, service: "ledger", instance: rng.pick(ledgerPods), ...fields }, label);
  };
  const ecs = (t: number, level: string, logger: string, message: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(
      t,
      {
        "@timestamp": iso(t),
        "log.level": level,
        message,
        "ecs.version": "1.2.0",
        "service.name": "statement-report",
        "service.node.name": rng.pick(reportPods),
        "event.dataset": "statement-report.log",
        "process.thread.name": `report-worker-${rng.int(1, 8)}`,
        "log.logger": logger,
        ...fields,
      },
      label,
    );
  };
  const structlog = (t: number, level: string, event: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { event, ...fields, service: "fx-rates", host: fxPod, level, timestamp: isoMicro(t) }, label);
  };

  const cacheCall = (t: number, op: string, key: string, trace: string): number => {
    const slow = ep(t) === "cache-slow" && rng.chance(0.85);
    const ms = slow ? rng.float(25, 60) : ln(rng, 1.7, 0.25, 1.0, 3.0);
    const hit = op !== "SET" && rng.chance(0.93);
    zap(
      t + ms,
      "info",
      op === "SET" ? "session stored" : hit ? "session hit" : "session miss",
      { op, key, trace_id: trace, elapsed_us: Math.round(ms * 1000) },
      slow ? "performance" : null,
    );
    return ms;
  };

  // ---- API traffic ------------------------------------------------------------------------
  const apiRequest = (t: number): void => {
    const trace = rng.hex(32);
    const customer = rng.int(100_000, 999_999);
    const session = `sess:${rng.hex(24)}`;
    const route = rng.weighted([
      ["GET /api/v2/accounts/{id}/balance", 34],
      ["GET /api/v2/accounts/{id}/transactions", 26],
      ["POST /api/v2/transfers", 10],
      ["GET /api/v2/cards", 12],
      ["POST /api/v2/cards/{id}/freeze", 3],
      ["GET /api/v2/fx/quote", 15],
    ] as const);
    const [method, tmpl] = route.split(" ") as [string, string];
    const path = tmpl.replace("{id}", String(rng.int(10_000_000, 99_999_999)));
    const e = ep(t);
    cacheCall(t + 1, "GET", session, trace);
    if (rng.chance(0.025)) {
      serilog(t + 4, "Warning", "Session {SessionKey} expired for customer {CustomerId}", { SessionKey: session, CustomerId: customer, TraceId: trace });
      serilog(t + 5, null, "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", {
        RequestMethod: method,
        RequestPath: path,
        StatusCode: 401,
        Elapsed: round(rng.float(3, 9), 4),
        SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
        TraceId: trace,
      });
      return;
    }
    let ms = ln(rng, 70, 0.35, 30, 150);
    let label: Label = null;
    let status = method === "POST" ? 201 : 200;
    if (tmpl.includes("transactions") || tmpl.includes("balance") || tmpl.includes("transfers")) {
      const lms = ln(rng, 30, 0.35, 15, 60);
      slog(t + 5 + lms, "INFO", tmpl.includes("transfers") ? "posting written" : "ledger query", {
        account: path.split("/")[4],
        entries: rng.int(1, 200),
        duration: Math.round(lms * 1e6),
        trace_id: trace,
      });
      if (tmpl.includes("transfers") && rng.chance(0.06)) {
        slog(t + 6 + lms, "WARN", "transfer declined: insufficient available balance", { account: rng.int(10_000_000, 99_999_999), trace_id: trace });
        status = 422;
      }
    }
    if (tmpl.includes("fx")) {
      const pair = `EUR${rng.pick(currencies)}`;
      const fms = ln(rng, 8, 0.3, 5, 15);
      const zero = e === "fx-zero" && rng.chance(0.7);
      structlog(
        t + 3 + fms,
        "info",
        "rate served",
        {
          pair,
          rate: zero ? 0 : round(rng.float(0.8, 160), 5),
          source: zero ? "cache" : rng.pick(["ecb", "cache", "cache"]),
          latency_ms: round(fms, 2),
          trace_id: trace,
        },
        zero ? "pattern" : null,
      );
    }
    if (e === "api-slow" && rng.chance(0.8)) {
      ms = rng.float(1200, 4000);
      label = "performance";
    } else if (e === "api-exception" && rng.chance(0.45)) {
      serilog(
        t + ms - 2,
        "Error",
        "An unhandled exception has occurred while executing the request.",
        { SourceContext: "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", RequestPath: path, TraceId: trace },
        "error",
        "System.InvalidOperationException: Sequence contains no elements\n   at System.Linq.ThrowHelper.ThrowNoElementsException()\n   at Bank.Accounts.Services.OverdraftService.GetActiveArrangement(Int64 accountId) in /src/Accounts/Services/OverdraftService.cs:line 88\n   at Bank.Accounts.Controllers.BalanceController.Get(Int64 id)",
      );
      status = 500;
      label = "error";
    }
    serilog(
      t + ms,
      null,
      "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
      {
        RequestMethod: method,
        RequestPath: path,
        StatusCode: status,
        Elapsed: round(ms, 4),
        SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
        TraceId: trace,
      },
      label,
    );
  };

  const login = (t: number): void => {
    const trace = rng.hex(32);
    const e = ep(t);
    const slow = e === "auth-slow" && rng.chance(0.8);
    const ms = slow ? rng.float(900, 2600) : ln(rng, 22, 0.3, 10, 40);
    const fail = rng.chance(0.07);
    const status = fail ? 401 : 200;
    if (fail) pino(t + ms - 1, 40, "login failed: invalid credentials", { trace_id: trace, user: `u${rng.int(100_000, 999_999)}`, attempts: rng.int(1, 4) });
    pino(
      t + ms,
      fail ? 40 : 30,
      "request completed",
      { trace_id: trace, req: { method: "POST", url: "/oauth/token" }, res: { statusCode: status }, responseTime: Math.round(ms) },
      slow ? "performance" : null,
    );
    if (!fail) cacheCall(t + ms + 1, "SET", `sess:${rng.hex(24)}`, trace);
  };

  const statement = (t: number): void => {
    const account = rng.int(10_000_000, 99_999_999);
    const id = uuid(rng);
    const e = ep(t);
    const slow = e === "report-slow" && rng.chance(0.85);
    const s = slow ? rng.float(75, 180) : ln(rng, 8, 0.45, 3, 20);
    const pages = rng.int(1, 24);
    ecs(
      t,
      "INFO",
      "com.bank.statements.StatementJob",
      `statement ${id} requested for account ${account} (period ${rng.pick(["2025-12", "2026-01", "2026-02", "2026-03"])})`,
      { "labels.statement_id": id },
    );
    if (slow)
      ecs(
        t + 60_000,
        "WARN",
        "com.bank.statements.StatementJob",
        `statement ${id} still rendering after 60 s (SLA 30 s)`,
        { "labels.statement_id": id },
        "performance",
      );
    ecs(
      t + s * 1000,
      "INFO",
      "com.bank.statements.StatementJob",
      `statement ${id} generated for account ${account}: ${pages} pages in ${s.toFixed(3)} s`,
      { "event.duration": Math.round(s * 1e9), "labels.statement_id": id },
      slow ? "performance" : null,
    );
  };

  const nApi = rng.int(1150, 1300);
  for (const t of uniformTimes(rng, start, end - 30 * SEC, nApi)) apiRequest(t);
  for (const t of uniformTimes(rng, start, end - 30 * SEC, rng.int(230, 280))) login(t);
  for (const t of uniformTimes(rng, start, end - 200 * SEC, rng.int(230, 270))) statement(t);
  // Each episode gets enough of the traffic it touches.
  for (const e of episodes) {
    const n = rng.int(4, 6);
    if (e.kind === "cache-slow" || e.kind === "api-slow" || e.kind === "api-exception" || e.kind === "fx-zero")
      for (const t of uniformTimes(rng, e.start, e.end, n)) apiRequest(t);
    if (e.kind === "auth-slow") for (const t of uniformTimes(rng, e.start, e.end, n)) login(t);
    if (e.kind === "report-slow") for (const t of uniformTimes(rng, e.start, e.end, 3)) statement(t);
  }

  // ---- background ---------------------------------------------------------------------------
  const redisMem = (t: number, pct: number, label: Label, evicted: number): void => {
    const maxmemory = 4 * 1024 ** 3;
    zap(
      t,
      label ? "warn" : "info",
      "redis memory",
      { used_memory: Math.round(maxmemory * pct), maxmemory, evicted_keys: evicted, connected_clients: rng.int(40, 70) },
      label,
    );
  };
  let evicted = 0;
  for (const t of ticks(rng, start, end, 60 * SEC, 2000)) {
    if (ep(t) === "redis-maxmemory") continue;
    redisMem(t, rng.float(0.38, 0.61), null, evicted);
  }
  const jvmHeap = (t: number, pct: number, label: Label): void => {
    const max = 2048;
    const used = Math.round(max * pct);
    ecs(t, label ? "WARN" : "INFO", "com.bank.statements.metrics.JvmReporter", `jvm heap ${used}MiB of ${max}MiB, gc count ${rng.int(10, 400)}`, {}, label);
  };
  for (const t of ticks(rng, start, end, 120 * SEC, 3000)) if (ep(t) !== "report-heap") jvmHeap(t, rng.float(0.35, 0.66), null);
  for (const t of ticks(rng, start, end, 300 * SEC, 5000)) {
    for (const c of rng.shuffle([...currencies]).slice(0, 4))
      structlog(t + rng.int(0, 900), "info", "rate refreshed", {
        pair: `EUR${c}`,
        rate: round(rng.float(0.8, 160), 5),
        source: "ecb",
        latency_ms: round(ln(rng, 120, 0.3, 60, 300), 1),
      });
  }
  for (const t of ticks(rng, start, end, 600 * SEC, 20_000)) pino(t, 30, "JWKS refreshed", { keys: 3, kid: `k-${rng.hex(8)}` });
  for (const t of uniformTimes(rng, start, end, rng.int(10, 18)))
    serilog(t, "Warning", "Rate limit reached for client {ClientId}; {Remaining} requests left in window", {
      ClientId: rng.pick(["ios-4.12", "android-4.11", "web-2026.2"]),
      Remaining: 0,
    });
  for (const t of ticks(rng, start, end, 900 * SEC, 60_000))
    ecs(t, "WARN", "com.bank.statements.QueueMonitor", `statement queue depth ${rng.int(8, 25)} above soft limit 8`, {});

  // ---- episode-only lines ---------------------------------------------------------------------
  for (const e of episodes) {
    if (e.kind === "redis-maxmemory") {
      for (let t = e.start + 3 * SEC; t < e.end; t += 20 * SEC) {
        evicted += rng.int(800, 6000);
        redisMem(t, rng.float(0.985, 1.0), "memory", evicted);
      }
      zap(e.start + 30 * SEC, "warn", "OOM command not allowed when used memory > 'maxmemory'", { op: "SET", key: `sess:${rng.hex(24)}` }, "memory");
    } else if (e.kind === "report-heap") {
      for (let t = e.start + 3 * SEC; t < e.end; t += 30 * SEC) jvmHeap(t, rng.float(0.93, 0.99), "memory");
      ecs(e.start + 45 * SEC, "WARN", "com.bank.statements.metrics.JvmReporter", "GC overhead high: 41% of the last 60 s spent in collection", {}, "memory");
    } else if (e.kind === "jwks-fail") {
      for (const t of uniformTimes(rng, e.start, e.end, rng.int(5, 9))) {
        pino(
          t,
          50,
          "token verification failed",
          {
            err: {
              type: "JWKSNoMatchingKey",
              message: "no applicable key found in the JSON Web Key Set",
              stack:
                "JWKSNoMatchingKey: no applicable key found in the JSON Web Key Set\n    at RemoteJWKSet.getKey (/app/node_modules/jose/dist/node/cjs/jwks/local.js:67:19)",
            },
            kid: `k-${rng.hex(8)}`,
          },
          "error",
        );
        pino(
          t + 2,
          40,
          "request completed",
          { req: { method: "GET", url: "/oauth/introspect" }, res: { statusCode: 503 }, responseTime: rng.int(15, 40) },
          "error",
        );
      }
    } else if (e.kind === "fx-feed") {
      for (const t of uniformTimes(rng, e.start, e.end, rng.int(5, 8)))
        structlog(
          t,
          "error",
          "rate refresh failed",
          {
            provider: "ecb",
            status_code: 503,
            error: "HTTPStatusError: Server error '503 Service Unavailable' for url 'https://data-api.ecb.europa.eu/service/data/EXR/D..EUR.SP00.A'",
          },
          "error",
        );
      structlog(e.end - 5 * SEC, "warning", "serving stale rates", { age_s: Math.round((e.end - e.start) / 1000) + 300 }, "error");
    } else if (e.kind === "giant-username") {
      for (const t of uniformTimes(rng, e.start, e.end, rng.int(4, 7))) {
        const user = `${"A".repeat(rng.int(600, 900))}${"%27%20OR%201%3D1--".repeat(rng.int(20, 40))}`;
        pino(t, 30, `login attempt for user ${user}`, { req: { method: "POST", url: "/oauth/token" }, client: rng.pick(["unknown", "curl/8.5.0"]) }, "pattern");
      }
    } else if (e.kind === "header-dump") {
      for (const t of uniformTimes(rng, e.start, e.end, rng.int(4, 7))) {
        const headers: Record<string, string> = {};
        for (let i = 0; i < rng.int(25, 40); i++) headers[`X-Debug-${rng.alnum(6)}`] = rng.hex(rng.int(20, 60));
        serilog(
          t,
          "Information",
          "Request headers {Headers}",
          { Headers: JSON.stringify(headers), SourceContext: "Bank.Accounts.Diagnostics.HeaderLogger" },
          "pattern",
        );
      }
    } else if (e.kind === "fx-zero") {
      structlog(
        e.start + 2 * SEC,
        "info",
        "rate refreshed",
        { pair: `EUR${rng.pick(currencies)}`, rate: 0, source: "ecb", latency_ms: round(rng.float(80, 160), 1) },
        "pattern",
      );
    }
  }
  return tl.build(
    name,
    "bank back end with latency tiers 100x apart (1-3 ms cache, 30-150 ms API, 3-20 s statements); short episodes of all four types scattered",
  );
}
