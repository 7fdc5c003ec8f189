// s01 ski-lift-grip-scatter: a ski resort's lift control on a busy morning. One detachable chairlift
// has a worn grip spring set from before opening: its grip-force readings, grip tests, Modbus polls and
// the telemetry ingest's range checks misbehave a little at a time over the whole window, from the first
// minute on. Nothing is healthy to compare against; a few percent of lines are evidence.
//
// Producers: liftctl-gateway (Go log/slog JSON), lift-ops-api (pino), lift-telemetry (Rust tracing JSON).
// Healthy bands (per component and operation):
//   liftctl-gateway "plc poll ok" duration_ms: median 18 ms, within [7, 45]; grip_force_kn 5.6-6.6 kN.
//   lift-ops-api GET /api/v1/lifts/:id/status median 9 ms; GET /api/v1/lifts median 14 ms;
//     POST /api/v1/lifts/:id/speed median 40 ms (all within 2.5x of the median).
//   lift-telemetry "batch committed" elapsed_ms median 42 ms.
//   Routine noise: gateway WARN "wind gust above advisory threshold" (~6/h), ERROR "anemometer frame
//   checksum mismatch, sample dropped" (~3/h), telemetry WARN "late sample dropped" (~4/h).
// Evidence: low grip_force_kn on the worn lift (pattern), slow polls > 6x (performance), Modbus read
// timeouts (performance), failed grip tests (error), rejected samples (error), speed setpoint changes and
// carriers removed from the line (pattern).
import { HOUR, MIN, SEC, Timeline, isoMicro, makeRng, poisson, round, spread, startTime, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

const LIFTS = [
  { id: "L1", name: "Talbahn", plc: "10.40.1.11:502", speed: 5.0 },
  { id: "L2", name: "Panorama 6er", plc: "10.40.1.12:502", speed: 6.0 },
  { id: "L3", name: "Gipfelbahn", plc: "10.40.1.13:502", speed: 5.0 },
  { id: "L4", name: "Nordhang", plc: "10.40.1.14:502", speed: 4.5 },
] as const;

export function skiLiftGripScatter(seed: number): Scenario {
  const rng = makeRng(seed * 7919 + 101);
  const tl = new Timeline();
  const t0 = startTime(rng, 7, 9);
  const t1 = t0 + 4 * HOUR + rng.int(-20, 20) * MIN;
  const bad = rng.pick(LIFTS);
  const gw = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    time: isoMicro(t),
    level,
    msg,
    service: "liftctl-gateway",
    host: "lift-gw-01",
    ...extra,
  });

  // gateway polls
  for (const lift of LIFTS) {
    for (const t of ticks(rng, t0, t1, 45 * SEC)) {
      const carriers = rng.int(70, 96);
      const base = { lift: lift.id, plc: lift.plc, unit_id: 1, line_speed_mps: lift.speed, carriers_on_line: carriers };
      if (lift.id === bad.id && rng.chance(0.06)) {
        tl.add(
          t,
          gw(t, "INFO", "plc poll ok", { ...base, duration_ms: round(rng.slow(18, 7, 25), 1), grip_force_kn: round(rng.float(5.7, 6.4), 2) }),
          "performance",
        );
      } else if (lift.id === bad.id && rng.chance(0.12)) {
        tl.add(t, gw(t, "INFO", "plc poll ok", { ...base, duration_ms: round(rng.band(18), 1), grip_force_kn: round(rng.float(3.6, 4.6), 2) }), "pattern");
      } else {
        tl.add(t, gw(t, "INFO", "plc poll ok", { ...base, duration_ms: round(rng.band(18), 1), grip_force_kn: round(rng.float(5.75, 6.45), 2) }));
      }
    }
  }
  for (const t of poisson(rng, t0, t1, 10 * MIN)) {
    const lift = rng.pick(LIFTS);
    tl.add(
      t,
      gw(t, "WARN", "wind gust above advisory threshold", {
        lift: lift.id,
        tower: rng.int(3, 14),
        gust_mps: round(rng.float(12.1, 15.4), 1),
        advisory_mps: 12,
      }),
    );
  }
  for (const t of poisson(rng, t0, t1, 20 * MIN)) {
    tl.add(
      t,
      gw(t, "ERROR", "anemometer frame checksum mismatch, sample dropped", {
        lift: rng.pick(LIFTS).id,
        sensor: `anemo-T${rng.int(3, 14)}`,
        crc_expected: rng.hex(4),
        crc_got: rng.hex(4),
      }),
    );
  }

  // incident evidence, scattered from the first minute
  const firstFail = t0 + rng.int(8, 50) * SEC;
  const fails = [firstFail, ...spread(rng, t0 + MIN, t1, rng.int(22, 32))];
  for (const t of fails) {
    const carrier = rng.int(1, 96);
    const force = round(rng.float(3.7, 4.9), 2);
    tl.add(
      t,
      gw(t, "ERROR", "grip test failed", { lift: bad.id, station: rng.pick(["valley", "summit"]), carrier, grip_force_kn: force, min_kn: 5.2 }),
      "error",
    );
    if (rng.chance(0.7)) {
      const tr = t + rng.int(200, 1500);
      tl.add(
        tr,
        {
          timestamp: isoMicro(tr),
          level: "WARN",
          fields: { message: "rejected sample: grip_force_kn below plausible range", lift: bad.id, carrier, value: force, min_plausible: 5.0 },
          target: "lift_telemetry::validate",
          threadName: "ingest-worker-2",
          threadId: "ThreadId(7)",
        },
        "error",
      );
    }
  }
  for (const t of spread(rng, t0 + 2 * MIN, t1, rng.int(18, 26))) {
    tl.add(
      t,
      gw(t, "WARN", "modbus read timeout, retrying", {
        lift: bad.id,
        plc: bad.plc,
        unit_id: 1,
        register: 40021 + rng.int(0, 6),
        timeout_ms: 250,
        attempt: rng.int(1, 2),
      }),
      "performance",
    );
  }
  const changes = spread(rng, t0 + 10 * MIN, t1, rng.int(4, 7));
  changes.forEach((t, i) => {
    const to = i % 2 === 0 ? round(bad.speed - rng.pick([1, 1.5]), 1) : bad.speed;
    tl.add(
      t,
      gw(t, "INFO", "line speed setpoint changed", {
        lift: bad.id,
        from_mps: i % 2 === 0 ? bad.speed : round(bad.speed - 1, 1),
        to_mps: to,
        by: `op-console-${rng.int(1, 3)}`,
        reason: "grip inspection",
      }),
      "pattern",
    );
  });
  for (const t of spread(rng, t0 + 20 * MIN, t1, rng.int(3, 6))) {
    tl.add(t, gw(t, "INFO", "carrier removed from line", { lift: bad.id, carrier: rng.int(1, 96), parking_rail: "valley-B", by: "maintenance" }), "pattern");
  }

  // lift-ops-api (pino)
  const host = `lift-ops-api-${rng.hex(9)}-${rng.alnum(5)}`;
  for (const t of poisson(rng, t0, t1, 18 * SEC)) {
    const r = rng.weighted([
      ["status", 6],
      ["list", 3],
      ["speed", 0.15],
    ] as const);
    const lift = rng.pick(LIFTS).id;
    const [method, url, med] =
      r === "status" ? ["GET", `/api/v1/lifts/${lift}/status`, 9] : r === "list" ? ["GET", "/api/v1/lifts", 14] : ["POST", `/api/v1/lifts/${lift}/speed`, 40];
    tl.add(t, {
      level: 30,
      time: Math.floor(t),
      pid: 1,
      hostname: host,
      name: "lift-ops-api",
      req: { id: rng.int(1000, 999999), method, url, remoteAddress: `10.40.8.${rng.int(2, 60)}` },
      res: { statusCode: 200 },
      responseTime: Math.max(1, Math.round(rng.band(med as number))),
      msg: "request completed",
    });
  }

  // lift-telemetry (Rust tracing)
  for (const t of ticks(rng, t0, t1, 20 * SEC)) {
    tl.add(t, {
      timestamp: isoMicro(t),
      level: "INFO",
      fields: { message: "batch committed", rows: rng.int(180, 260), elapsed_ms: round(rng.band(42), 2) },
      target: "lift_telemetry::ingest",
      threadName: "ingest-writer",
      threadId: "ThreadId(4)",
    });
  }
  for (const t of poisson(rng, t0, t1, 15 * MIN)) {
    tl.add(t, {
      timestamp: isoMicro(t),
      level: "WARN",
      fields: { message: "late sample dropped", lift: rng.pick(LIFTS).id, skew_ms: rng.int(2100, 4800) },
      target: "lift_telemetry::ingest",
      threadName: "ingest-worker-1",
      threadId: "ThreadId(6)",
    });
  }
  return tl.build(
    "ski-lift-grip-scatter",
    `worn grip springs on chairlift ${bad.id} ${bad.name}: failed grip tests, low grip-force readings, slow Modbus polls and rejected samples scattered over a 4 h morning from the first minute`,
  );
}
