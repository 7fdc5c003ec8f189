// s02: online-banking services whose normal latencies are 1,000x apart: a ~2 ms session
// cache (Go, log/slog JSONHandler, durations in integer nanoseconds), ~20-120 ms account APIs
// and a ~2 s PDF statement renderer (Python structlog, yearly statements take 6-11 s). A config
// rollout shrinks the session cache's Redis pool from 128 to 8 connections: cache operations
// take tens to hundreds of milliseconds (slow for THEM, still far below a statement's normal
// time), balance calls slow down, logins fail fast; statements and FX stay healthy.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, between, every, fixed, isoMicro, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

export function bankingLatencyScales(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s02-banking-latency-scales"));
  const tl = new Timeline();
  const start = baseTime(r, 6, 16);
  const end = start + r.int(110, 180) * MIN;
  const iStart = start + (end - start) * r.float(0.3, 0.55);
  const iEnd = iStart + r.int(28, 45) * MIN;
  const vol = r.float(0.8, 1.15);
  const configRev = r.int(300, 900);

  // log/slog JSONHandler: time, level, msg first; durations are integer nanoseconds.
  const slog = (t: number, level: string, msg: string, attrs: Record<string, unknown>) => ({
    time: isoMicro(t),
    level,
    msg,
    ...attrs,
  });
  const ns = (ms: number) => Math.max(20000, Math.round(ms * 1e6));
  const cachePods = ["session-cache-0", "session-cache-1"];
  const acctPods = [r.podName("accounts-api"), r.podName("accounts-api"), r.podName("accounts-api")];
  const authPods = [r.podName("auth-service"), r.podName("auth-service")];
  const fxPod = r.podName("fx-rates");
  const stmtPods = [r.podName("statements"), r.podName("statements")];
  const acct = () => r.digits(9);
  const sid = () => r.alnum(24);
  const incident = (t: number) => between(t, iStart, iEnd);
  // Cache latency during the incident (pool starvation), in ms.
  const cacheSlow = () => r.float(18, 260);

  // The change that starts it, and the rollback that ends it.
  for (const [i, pod] of cachePods.entries()) {
    const t = iStart + i * r.int(2, 9) * SEC;
    tl.add(
      t,
      slog(t, "INFO", "config reloaded", {
        service: "session-cache",
        instance: pod,
        source: `configmap/session-cache@rev-${configRev}`,
        "redis.pool_size": 8,
        "redis.pool_size_previous": 128,
        applied_by: "argocd",
      }),
      "pattern",
    );
  }
  for (const [i, pod] of cachePods.entries()) {
    const t = iEnd + i * r.int(1, 5) * SEC;
    tl.add(
      t,
      slog(t, "INFO", "config reloaded", {
        service: "session-cache",
        instance: pod,
        source: `configmap/session-cache@rev-${configRev + 1}`,
        "redis.pool_size": 128,
        "redis.pool_size_previous": 8,
        applied_by: "argocd",
        note: "rollback",
      }),
      "pattern",
    );
  }

  // session-cache: sampled operation log (1 in 50), ~2 ms.
  for (const t of arrivals(r, start, end, 4200 / vol)) {
    const op = r.weighted([
      ["GET", 0.7],
      ["SET", 0.15],
      ["EXPIRE", 0.1],
      ["DEL", 0.05],
    ] as const);
    const slow = incident(t) && r.chance(0.8);
    const ms = slow ? cacheSlow() : r.logNormal(op === "GET" ? 1.6 : 2.1, 0.35);
    const label: Label = slow ? "performance" : null;
    tl.add(
      t,
      slog(t, "INFO", "cache op", {
        service: "session-cache",
        instance: r.pick(cachePods),
        op,
        key: `sess:${sid()}`,
        ...(op === "GET" ? { hit: r.chance(0.93) } : {}),
        duration: ns(ms),
        sampled: "1/50",
      }),
      label,
    );
  }
  // Pool saturation and timeouts during the incident.
  for (const t of arrivals(r, iStart, iEnd, 14 * SEC)) {
    if (r.chance(0.7)) {
      tl.add(
        t,
        slog(t, "WARN", "redis pool wait", {
          service: "session-cache",
          instance: r.pick(cachePods),
          pool_size: 8,
          waiters: r.int(14, 70),
          wait: ns(r.float(40, 420)),
        }),
        "performance",
      );
    } else {
      tl.add(
        t,
        slog(t, "ERROR", "cache op failed", {
          service: "session-cache",
          instance: r.pick(cachePods),
          op: "GET",
          err: "redis: connection pool timeout",
          duration: ns(r.float(500, 520)),
        }),
        "performance",
      );
    }
  }
  // Healthy housekeeping.
  for (const t of every(r, start, end, 60 * SEC, 2 * SEC)) {
    const pod = r.pick(cachePods);
    const total = incident(t) ? 8 : r.int(40, 128);
    tl.add(
      t,
      slog(t, "INFO", "pool stats", {
        service: "session-cache",
        instance: pod,
        total_conns: total,
        idle_conns: incident(t) ? 0 : r.int(Math.floor(total * 0.4), total - 2),
        stale_conns: r.int(0, 3),
        hits: r.int(18000, 40000),
        misses: r.int(900, 3000),
      }),
      incident(t) ? "pattern" : null,
    );
  }

  // accounts-api: balance ~20 ms, transactions ~110 ms, transfers ~170 ms.
  for (const t of arrivals(r, start, end, 6000 / vol)) {
    const pod = r.pick(acctPods);
    const k = r.weighted([
      ["balance", 0.5],
      ["transactions", 0.3],
      ["transfer", 0.12],
      ["beneficiaries", 0.08],
    ] as const);
    const slow = incident(t) && r.chance(0.8);
    const extra = slow ? cacheSlow() * r.float(1, 2.2) : 0;
    let path: string;
    let base: number;
    let method = "GET";
    let status = 200;
    if (k === "balance") {
      path = `/v1/accounts/${acct()}/balance`;
      base = r.logNormal(19, 0.3);
    } else if (k === "transactions") {
      path = `/v1/accounts/${acct()}/transactions`;
      base = r.logNormal(112, 0.3);
    } else if (k === "transfer") {
      path = "/v1/transfers";
      method = "POST";
      status = r.chance(0.05) ? 422 : 201;
      base = r.logNormal(170, 0.3);
    } else {
      path = `/v1/accounts/${acct()}/beneficiaries`;
      base = r.logNormal(34, 0.3);
    }
    const ms = base + extra;
    const healthyMax = k === "balance" ? 60 : k === "transactions" ? 300 : k === "transfer" ? 420 : 95;
    const label: Label = extra > 0 && ms > healthyMax * 1.15 ? "performance" : null;
    tl.add(
      t,
      slog(t, status >= 400 ? "WARN" : "INFO", "request", {
        service: "accounts-api",
        instance: pod,
        method,
        path,
        status,
        latency: `${ms.toFixed(3)}ms`,
        request_id: r.uuid(),
      }),
      label,
    );
    if (status === 422)
      tl.add(
        t + 1,
        slog(t + 1, "WARN", "transfer rejected", {
          service: "accounts-api",
          instance: pod,
          reason: r.pick(["iban checksum invalid", "daily limit exceeded", "beneficiary not verified"]),
        }),
      );
  }
  for (const t of arrivals(r, start, end, 7 * MIN)) {
    tl.add(
      t,
      slog(t, "ERROR", "core-banking rejected idempotency key", {
        service: "accounts-api",
        instance: r.pick(acctPods),
        status: 409,
        idempotency_key: r.uuid(),
      }),
    );
  }

  // auth-service: token issue ~55 ms; needs the session store.
  for (const t of arrivals(r, start, end, 12000 / vol)) {
    const pod = r.pick(authPods);
    const refresh = r.chance(0.45);
    const path = refresh ? "/v1/auth/refresh" : "/v1/auth/token";
    if (incident(t) && r.chance(0.35)) {
      tl.add(
        t,
        slog(t, "ERROR", "session store unavailable", {
          service: "auth-service",
          instance: pod,
          err: "session-cache: pool exhausted, request rejected",
          path,
        }),
        "error",
      );
      tl.add(
        t + 1,
        slog(t + 1, "ERROR", "request", {
          service: "auth-service",
          instance: pod,
          method: "POST",
          path,
          status: 503,
          duration: ns(r.float(4, 14)),
        }),
        "error",
      );
      continue;
    }
    const badPw = !refresh && r.chance(0.06);
    const base = refresh ? r.logNormal(21, 0.3) : r.logNormal(56, 0.3);
    const extra = incident(t) && r.chance(0.8) ? cacheSlow() : 0;
    const ms = base + extra;
    const healthyMax = refresh ? 55 : 140;
    tl.add(
      t,
      slog(t, badPw ? "WARN" : "INFO", "request", {
        service: "auth-service",
        instance: pod,
        method: "POST",
        path,
        status: badPw ? 401 : 200,
        duration: ns(ms),
      }),
      extra > 0 && ms > healthyMax * 1.15 ? "performance" : null,
    );
  }

  // fx-rates: ~6 ms, never touches the session cache.
  for (const t of arrivals(r, start, end, 16000 / vol)) {
    tl.add(
      t,
      slog(t, "INFO", "request", {
        service: "fx-rates",
        instance: fxPod,
        method: "GET",
        path: `/v1/fx/rates?base=${r.pick(["EUR", "GBP", "USD", "CHF"])}`,
        status: 200,
        duration: ns(r.logNormal(6, 0.35)),
      }),
    );
  }
  for (const t of every(r, start, end, 5 * MIN, 10 * SEC)) {
    tl.add(t, slog(t, "INFO", "rates refreshed", { service: "fx-rates", instance: fxPod, provider: "ecb", pairs: 31 }));
  }

  // statements (Python structlog): ~2 s per monthly PDF, yearly ones 6-11 s.
  for (const t of arrivals(r, start, end, 22000 / vol)) {
    const yearly = r.chance(0.08);
    const ms = yearly ? r.float(6000, 11000) : r.logNormal(1950, 0.22);
    tl.add(t, {
      event: yearly ? "annual statement rendered" : "statement rendered",
      level: "info",
      timestamp: isoMicro(t),
      service: "statements",
      pod: r.pick(stmtPods),
      account: acct(),
      pages: yearly ? r.int(24, 60) : r.int(1, 6),
      format: "pdf",
      duration_ms: fixed(ms, 1),
    });
  }
  for (const t of arrivals(r, start, end, 11 * MIN)) {
    tl.add(t, {
      event: "font fallback used",
      level: "warning",
      timestamp: isoMicro(t),
      service: "statements",
      pod: r.pick(stmtPods),
      glyph: r.pick(["U+20BF", "U+1F4B8", "U+2116"]),
      font: "NotoSans-Regular",
    });
  }
  for (const t of every(r, start, end, 15 * MIN, 30 * SEC)) {
    tl.add(t, {
      event: "render queue drained",
      level: "info",
      timestamp: isoMicro(t),
      service: "statements",
      pod: r.pick(stmtPods),
      rendered: r.int(30, 90),
    });
  }

  return tl.build(
    "banking-session-cache-pool-starvation",
    "Online banking (slog + structlog): a config rollout starves the 2 ms session cache's pool; cache ops and balance calls slow relative to their own normal while 2 s statements stay healthy.",
  );
}
