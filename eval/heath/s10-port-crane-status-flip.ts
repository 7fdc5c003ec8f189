// Port quay-crane scheduler, about three hours. The gateway's trusted client-CA bundle is rotated without the old
// intermediate: three cranes still present certificates issued by it, and from then on every request they make is
// answered 403, with the same request line and the usual fast timing (the only sign is the status field). With no
// move plans, their spreader heartbeats change state to WAIT_PLAN (same message, a state value never seen when
// healthy). The bundle is fixed near the end. The gateway serves two operations 100x apart: position updates (~2 ms)
// and move planning (~300 ms); both stay at healthy latency throughout.
//
// Producers: crane-gateway (nginx JSON access log, status and times as strings, Fluent Bit Kubernetes metadata),
// crane-telemetry (Go log/slog JSON), move-planner (logback JSON), yard-sync (structlog).
// Healthy bands (median; healthy values stay within 3x of it): PUT /v2/cranes/:id/position 2 ms, POST
// /v2/cranes/:id/moves 300 ms, GET /v2/berths/:id/plan 50 ms (request_time); move-planner "Planned move sequence"
// 290 ms (durationMs); yard-sync 1,200 ms (duration_ms). Heartbeat states: IDLE, MOVING, LOCKED, LANDED.
// Routine noise (null): stowage conflicts (WARN), duplicate yard positions (WARN), 404 on retired berth ids.
// Labelled: the affected cranes' 403s (error, status only) and their WAIT_PLAN heartbeats (pattern).
import { arrivals, HOUR, isoMicro, isoNano, isoOffset, type Label, LogBook, type Log, MIN } from "./rng.js";
import { Rng, round, SEC, startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function portCraneStatusFlip(seed: number): Scenario {
  const r = new Rng(seed, 1010);
  const t0 = startOf(r);
  const span = 3 * HOUR + r.int(-10, 10) * MIN;
  const end = t0 + span;
  const book = new LogBook();
  const rotateAt = t0 + span * r.float(0.3, 0.42);
  const fixAt = t0 + span * r.float(0.84, 0.9);
  const cranes = Array.from({ length: 12 }, (_, i) => `QC${String(i + 1).padStart(2, "0")}`);
  const first = r.int(0, 9);
  const affected = new Set(cranes.slice(first, first + 3));
  const broken = (crane: string, t: number): boolean => affected.has(crane) && t >= rotateAt && t < fixAt;
  const berths = ["B1", "B2", "B3", "B4", "B5"];
  const gwPods = [r.pod("crane-gateway"), r.pod("crane-gateway")];
  const plannerHost = r.pod("move-planner");

  const nginx = (method: string, uri: string, status: number, ms: number, crane: string) => (t: number) => ({
    time_iso8601: `${new Date(t).toISOString().slice(0, 19)}+00:00`,
    msec: (t / 1000).toFixed(3),
    remote_addr: `172.20.${r.int(1, 12)}.${r.int(2, 60)}`,
    request: `${method} ${uri} HTTP/1.1`,
    status: String(status),
    request_time: (ms / 1000).toFixed(3),
    upstream_response_time: status === 403 ? "-" : (Math.max(0, ms - 0.4) / 1000).toFixed(3),
    ssl_client_s_dn: `CN=${crane}.plc.terminal.internal,O=Terminal OT`,
    body_bytes_sent: String(status === 204 ? 0 : r.int(150, 4_000)),
    kubernetes: { pod_name: r.pick(gwPods), container_name: "nginx", labels: { app: "crane-gateway" } },
  });
  const slog = (level: string, msg: string, extra: Log) => (t: number) => ({
    time: isoNano(t),
    level,
    msg,
    service: "crane-telemetry",
    ...extra,
  });
  const logback = (level: string, message: string, extra: Log) => (t: number) => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: "terminal.planning.MoveSequencer",
    thread_name: `planner-${r.int(1, 16)}`,
    level,
    level_value: level === "WARN" ? 30000 : 20000,
    app: "move-planner",
    host: plannerHost,
    ...extra,
  });
  const structlog = (level: string, event: string, extra: Log) => (t: number) => ({
    event,
    service: "yard-sync",
    ...extra,
    level,
    timestamp: isoMicro(t),
  });

  // Position updates, ~2 ms.
  for (const t of arrivals(r, t0, end, 8)) {
    const crane = r.pick(cranes);
    const bad = broken(crane, t);
    const ms = r.healthy(2);
    const label: Label = bad ? "error" : null;
    book.add(t, label, nginx("PUT", `/v2/cranes/${crane}/position`, bad ? 403 : 204, ms, crane));
  }
  // Move planning, ~300 ms.
  for (const t of arrivals(r, t0, end, 3)) {
    const crane = r.pick(cranes);
    if (broken(crane, t)) {
      book.add(t, "error", nginx("POST", `/v2/cranes/${crane}/moves`, 403, r.healthy(2), crane));
      continue;
    }
    const plan = r.healthy(290);
    const moves = r.int(4, 30);
    book.add(
      t + plan,
      null,
      logback("INFO", `Planned move sequence for ${crane}: ${moves} moves`, {
        durationMs: Math.round(plan),
        crane,
        vessel: `IMO${r.digits(7)}`,
      }),
    );
    const ms = plan + r.float(2, 12);
    book.add(t + ms, null, nginx("POST", `/v2/cranes/${crane}/moves`, 200, ms, crane));
  }
  for (const t of arrivals(r, t0, end, 1)) {
    const berth = r.chance(0.03) ? "B0" : r.pick(berths);
    const crane = r.pick(cranes);
    book.add(t, null, nginx("GET", `/v2/berths/${berth}/plan`, berth === "B0" ? 404 : 200, r.healthy(50), crane));
  }
  for (const t of arrivals(r, t0, end, 0.2)) {
    book.add(t, null, logback("WARN", `Stowage conflict on bay ${r.int(1, 60)}, replanning`, {}));
  }

  // Spreader heartbeats, every two minutes per crane.
  for (const crane of cranes) {
    for (const t of ticks(r, t0 + r.int(0, 119) * SEC, end, 2 * MIN, 0.03)) {
      const bad = broken(crane, t - 60 * SEC);
      const state = bad ? "WAIT_PLAN" : r.pick(["IDLE", "MOVING", "MOVING", "LOCKED", "LANDED"]);
      book.add(
        t,
        bad ? "pattern" : null,
        slog("INFO", "spreader heartbeat", {
          crane,
          state,
          hoist_m: round(r.float(0, 42), 1),
          trolley_m: round(r.float(-20, 60), 1),
          twistlocks: state === "LOCKED" || state === "MOVING" ? "locked" : "open",
        }),
      );
    }
  }

  // Yard sync.
  for (const t of ticks(r, t0 + r.int(0, 299) * SEC, end, 5 * MIN)) {
    const ms = r.healthy(1_200);
    const fields = { containers: r.int(18_000, 24_000), duration_ms: round(ms, 1) };
    book.add(t + ms, null, structlog("info", "yard inventory synced", fields));
  }
  for (const t of arrivals(r, t0, end, 0.1)) {
    const box = `${r.upper(4)}${r.digits(7)}`;
    const msg = "container reported at two yard positions, keeping latest";
    book.add(t, null, structlog("warning", msg, { container: box }));
  }

  return {
    name: "port-crane-status-flip",
    description: "Port crane gateway answers 403 to three cranes after a CA bundle rotation; heartbeats go WAIT_PLAN",
    ...book.build(),
  };
}
