import { type Ev, HOUR, MIN, assemble, every, hex, int, iso, lognormal, pick, rngFor, round, startTime, uniform } from "./rng.js";
import type { Scenario } from "./types.js";

// Greenhouse climate controller, 12 h, a healthy day: only routine warnings and errors, no labelled line.
// Healthy bands:
//   climate-ctl (Go slog, duration ns) "control loop tick" median 45 ms, every ~20 s
//   vent-actuator (GELF) "vent position set" _took_ms median 600
//   sensor-bridge (journald) "sensor sweep complete" every ~60 s
//   co2-dosing (pino) "dose cycle" responseTime median 8 ms
// Routine noise (null): humidity probe read retried (WARN), vent limit switch bounce ignored (WARN),
// CO2 sensor calibration drift (ERROR, a few an hour), Modbus CRC error on bus 2, frame resent (ERROR).
export function greenhouseClimateQuietDay(seed: number): Scenario {
  const r = rngFor(seed, "s09-greenhouse");
  const t0 = startTime(r);
  const t1 = t0 + 12 * HOUR;
  const evs: Ev[] = [];
  const zones = ["tomato-A", "tomato-B", "cucumber", "pepper", "propagation"];
  const slog = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    time: iso(t),
    level,
    msg,
    service: "climate-ctl",
    ...extra,
  });
  const gelf = (t: number, level: number, msg: string, extra: Record<string, unknown>) => ({
    version: "1.1",
    host: `vent-plc-${int(r, 1, 4)}`,
    short_message: msg,
    timestamp: round(t / 1000, 3),
    level,
    _app: "vent-actuator",
    ...extra,
  });
  const jd = (t: number, prio: number, msg: string) => ({
    __REALTIME_TIMESTAMP: String(t * 1000),
    PRIORITY: String(prio),
    SYSLOG_IDENTIFIER: "sensor-bridge",
    _HOSTNAME: "gh-edge-1",
    MESSAGE: msg,
  });
  const pino = (t: number, level: number, msg: string, extra: Record<string, unknown>) => ({
    level,
    time: t,
    pid: 88,
    hostname: "co2-dosing-0",
    name: "co2-dosing",
    msg,
    ...extra,
  });
  for (const t of every(r, t0, t1, 60_000, 0.1)) {
    for (const z of zones) {
      evs.push({
        t: t + int(r, 0, 20_000),
        label: null,
        make: (tt) =>
          slog(tt, "INFO", "control loop tick", {
            zone: z,
            temp_c: round(uniform(r, 18, 27)),
            rh_pct: round(uniform(r, 60, 85)),
            duration: Math.round(lognormal(r, 45) * 1e6),
          }),
      });
    }
  }
  for (const t of every(r, t0, t1, 4 * MIN, 0.5)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        gelf(tt, 6, "vent position set", {
          _zone: pick(r, zones),
          _pct: int(r, 0, 60),
          _took_ms: round(lognormal(r, 600)),
        }),
    });
  }
  for (const t of every(r, t0, t1, 60_000, 0.1)) {
    evs.push({ t, label: null, make: (tt) => jd(tt, 6, `sensor sweep complete probes=${int(r, 46, 48)}/48`) });
  }
  for (const t of every(r, t0, t1, 3 * MIN, 0.3)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        pino(tt, 30, "dose cycle", {
          zone: pick(r, zones),
          ppm: int(r, 650, 900),
          responseTime: round(lognormal(r, 8)),
        }),
    });
  }
  for (const t of every(r, t0, t1, 9 * MIN, 0.7)) {
    evs.push({ t, label: null, make: (tt) => jd(tt, 4, `humidity probe H${int(r, 1, 24)} read retried`) });
  }
  for (const t of every(r, t0, t1, 25 * MIN, 0.7)) {
    evs.push({ t, label: null, make: (tt) => gelf(tt, 4, "vent limit switch bounce ignored", { _vent: hex(r, 3) }) });
  }
  for (const t of every(r, t0, t1, 20 * MIN, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) => pino(tt, 50, "CO2 sensor calibration drift", { sensor: `C${int(r, 1, 6)}`, drift_ppm: int(r, 20, 60) }),
    });
  }
  for (const t of every(r, t0, t1, 40 * MIN, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) => slog(tt, "ERROR", "Modbus CRC error on bus 2, frame resent", { unit: int(r, 1, 30) }),
    });
  }
  return {
    name: "greenhouse-climate-quiet-day",
    description: "greenhouse climate controller: a healthy 12 h day with routine warnings and errors only",
    ...assemble(evs),
  };
}
