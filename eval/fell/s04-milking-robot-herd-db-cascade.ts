import { type Ev, HOUR, MIN, assemble, chance, every, hex, int, iso, lognormal, pick, rngFor, round, slow, startTime, uniform } from "./rng.js";
import type { Scenario } from "./types.js";

// Dairy milking robots, 8 h, ~5,500 lines. The herd database proxy slows (a lock held by autovacuum), its
// pool starves, robot controllers time out on cow lookups and abort sessions, the parlour dashboard 504s.
// Healthy bands:
//   herd-db-proxy (Go slog, duration ns) "query served" median 3 ms
//   robot-controller (Rust tracing) "cow identified" latency_ms median 12; "milking session completed"
//     duration_s median 420
//   parlour-dashboard (nginx JSON via Fluent Bit) GET /api/parlour/stalls request_time median 0.040 s
//   feed-dispenser (zap) "ration dispensed" latency median 0.8 s
// Routine noise (null): teat cup reattach (WARN), hopper level sensor glitch (ERROR).
// Anomalies: slow queries, pool exhausted, lookup timeouts, 504s (performance); aborted sessions, 502s (error);
// autovacuum lock, circuit breaker transitions (pattern).
export function milkingRobotHerdDbCascade(seed: number): Scenario {
  const r = rngFor(seed, "s04-milking");
  const t0 = startTime(r);
  const t1 = t0 + 8 * HOUR;
  const i0 = t0 + uniform(r, 0.55, 0.65) * (t1 - t0);
  const i1 = i0 + int(r, 60, 100) * MIN;
  const inInc = (t: number) => t >= i0 && t < i1;
  const robots = Array.from({ length: int(r, 4, 6) }, (_, i) => `vms-${i + 1}`);
  const evs: Ev[] = [];
  const slog = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    time: iso(t),
    level,
    msg,
    service: "herd-db-proxy",
    ...extra,
  });
  const tr = (t: number, level: string, robot: string, message: string, fields: Record<string, unknown>) => ({
    timestamp: iso(t),
    level,
    fields: { message, ...fields },
    target: "robot_controller::stall",
    span: { robot, name: "session" },
  });
  const zap = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    level,
    ts: round(t / 1000, 3),
    caller: "dispense/auger.go:88",
    msg,
    service: "feed-dispenser",
    ...extra,
  });
  const ngx = (t: number, status: number, rt: number) => ({
    time_iso8601: iso(t),
    remote_addr: `10.20.${int(r, 0, 3)}.${int(r, 2, 250)}`,
    request: `GET /api/parlour/stalls?robot=${pick(r, robots)} HTTP/1.1`,
    status,
    body_bytes_sent: status === 200 ? int(r, 1800, 4200) : 0,
    request_time: round(rt, 3),
    upstream_response_time: round(rt * 0.95, 3),
    kubernetes: { pod_name: `parlour-dashboard-${hex(r, 5)}`, labels: { app: "parlour-dashboard" } },
  });
  const tables = ["cow_records", "lactation", "health_events", "yield_daily"];
  for (const t of every(r, t0, t1, 12_000)) {
    const bad = inInc(t) && chance(r, 0.75);
    evs.push({
      t,
      label: bad ? "performance" : null,
      make: (tt) =>
        slog(tt, "INFO", "query served", {
          table: pick(r, tables),
          rows: int(r, 1, 40),
          duration: Math.round((bad ? slow(r, 3, 8, 600) : lognormal(r, 3)) * 1e6),
        }),
    });
  }
  for (const t of every(r, i0 + 2 * MIN, i1, 70_000, 0.4)) {
    evs.push({
      t,
      label: "performance",
      make: (tt) => slog(tt, "WARN", "connection pool exhausted, request queued", { waiting: int(r, 12, 60), pool: 20 }),
    });
  }
  evs.push({
    t: i0 - 20_000,
    label: "pattern",
    make: (tt) => slog(tt, "WARN", "autovacuum holding AccessExclusiveLock on cow_records", { pid: int(r, 2000, 9000) }),
  });
  for (const robot of robots) {
    for (const t of every(r, t0, t1, 200_000, 0.3)) {
      const cow = `DK-${int(r, 100000, 999999)}`;
      if (inInc(t) && chance(r, 0.7)) {
        evs.push({
          t,
          label: "performance",
          make: (tt) => tr(tt, "WARN", robot, "herd record lookup timed out after 2000 ms", { cow }),
        });
        if (chance(r, 0.6)) {
          evs.push({
            t: t + 500,
            label: "error",
            make: (tt) => tr(tt, "ERROR", robot, "milking session aborted: herd record unavailable", { cow }),
          });
        }
        continue;
      }
      evs.push({
        t,
        label: null,
        make: (tt) => tr(tt, "INFO", robot, "cow identified", { cow, latency_ms: round(lognormal(r, 12)) }),
      });
      evs.push({
        t: t + 30_000,
        label: null,
        make: (tt) =>
          tr(tt, "INFO", robot, "milking session completed", {
            cow,
            yield_kg: round(uniform(r, 8, 16)),
            duration_s: Math.round(lognormal(r, 420, 0.2)),
          }),
      });
      if (chance(r, 0.05)) {
        evs.push({
          t: t + 10_000,
          label: null,
          make: (tt) => tr(tt, "WARN", robot, "teat cup reattach", { cup: int(r, 1, 4) }),
        });
      }
    }
  }
  evs.push({
    t: i0 + int(r, 3, 6) * MIN,
    label: "pattern",
    make: (tt) => tr(tt, "WARN", "all", "circuit breaker herd-db state CLOSED -> OPEN", { failures: int(r, 20, 40) }),
  });
  evs.push({
    t: i1 + 30_000,
    label: "pattern",
    make: (tt) => tr(tt, "INFO", "all", "circuit breaker herd-db state OPEN -> HALF_OPEN", {}),
  });
  evs.push({
    t: i1 + 90_000,
    label: "pattern",
    make: (tt) => tr(tt, "INFO", "all", "circuit breaker herd-db state HALF_OPEN -> CLOSED", {}),
  });
  for (const t of every(r, t0, t1, 20_000)) {
    if (inInc(t) && chance(r, 0.6)) {
      const gw = chance(r, 0.8);
      evs.push({
        t,
        label: gw ? "performance" : "error",
        make: (tt) => (gw ? ngx(tt, 504, uniform(r, 5, 5.01)) : ngx(tt, 502, uniform(r, 0.005, 0.05))),
      });
    } else evs.push({ t, label: null, make: (tt) => ngx(tt, 200, lognormal(r, 0.04)) });
  }
  for (const t of every(r, t0, t1, 150_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        zap(tt, "info", "ration dispensed", {
          stall: int(r, 1, 60),
          kg: round(uniform(r, 1, 4)),
          latency: round(lognormal(r, 0.8), 3),
        }),
    });
  }
  for (const t of every(r, t0, t1, 20 * MIN, 0.6)) {
    evs.push({
      t,
      label: null,
      make: (tt) => zap(tt, "error", "hopper level sensor glitch, using last value", { hopper: int(r, 1, 3) }),
    });
  }
  return {
    name: "milking-robot-herd-db-cascade",
    description: "dairy milking robots: herd DB lock slows queries, pool starves, robots abort sessions, dashboard 504s",
    ...assemble(evs),
  };
}
