// s01: orchard irrigation telemetry, 4 h. The RS-485 probe bus behind gw-east is flaky from the
// first minute to the last: about one poll cycle in thirteen has a CRC error, a read timeout or a
// probe returning its 0x8000 fault sentinel. Nothing else is wrong.
//
// Producers: probe-gateway (Go zap, production encoder: ts float seconds, durations in seconds),
// valve-controller (Rust tracing-subscriber JSON), telemetry-ingest (structlog JSONRenderer),
// mosquitto (journald JSON export).
// Healthy bands: poll cycle duration per gateway within 2.8x of its median (gw-north 0.41 s,
// gw-south 0.31 s, gw-east 0.48 s, gw-west 0.35 s); uplink publish 12 ms; ingest flush 42 ms;
// schedule pass 38 ms. No memory readings.
import { epochS6, epochUsStr, HOUR, isoSec, isoUs, MIN, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;

const GATEWAYS = [
  { name: "gw-north", prefix: "n", probes: 12, median: 0.41 },
  { name: "gw-south", prefix: "s", probes: 9, median: 0.31 },
  { name: "gw-east", prefix: "e", probes: 14, median: 0.48 },
  { name: "gw-west", prefix: "w", probes: 10, median: 0.35 },
] as const;
const ZONES = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "E1", "E2", "E3", "E4"] as const;

type FaultKind = "crc" | "timeout" | "sentinel";

export function orchardProbeBus(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s01");
  const tl = new Timeline();
  const from = startTime(r, 4, 7);
  const to = from + 4 * HOUR;
  const probe = (prefix: string, n: number): string => `${prefix}-${String(n).padStart(2, "0")}`;

  // ---- probe-gateway (zap) ------------------------------------------------------------------
  const zap = (t: number, level: string, logger: string, caller: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "us", { level, ts: epochS6(t), logger, caller, msg, service: "probe-gateway", ...fields }, label);
  };

  // The east bus faults fall on cycles chosen up front: the first and last cycle of the window and
  // about one in thirteen between them.
  const eastTicks = ticks(r, from, to, 30 * SEC, 800);
  const faultAt = new Map<number, FaultKind>();
  faultAt.set(0, "timeout");
  faultAt.set(eastTicks.length - 1, "crc");
  for (let i = 1; i < eastTicks.length - 1; i++) {
    if (r.chance(1 / 13))
      faultAt.set(
        i,
        r.weighted<FaultKind>([
          ["crc", 45],
          ["timeout", 35],
          ["sentinel", 20],
        ]),
      );
  }
  const gaps: { t: number; zone: string }[] = [];
  const sentinels: { t: number; probe: string }[] = [];

  for (const gw of GATEWAYS) {
    const host = { host: gw.name, bus: "/dev/ttyRS485-0" };
    const cycles = gw.name === "gw-east" ? eastTicks : ticks(r, from, to, 30 * SEC, 800);
    cycles.forEach((t, i) => {
      let duration = r.healthy(gw.median, 0.3);
      let ok: number = gw.probes;
      let failed = 0;
      let label: Label = null;
      const fault = gw.name === "gw-east" ? faultAt.get(i) : undefined;
      if (gw.name === "gw-south") ok -= 1; // s-14 has been offline for a week
      if (fault !== undefined) {
        const n = r.int(1, gw.probes);
        const p = probe(gw.prefix, n);
        const tf = us(t + duration * 1000 * r.float(0.2, 0.8));
        if (fault === "crc") {
          const got = r.hex(4);
          zap(
            tf,
            "error",
            "modbus",
            "modbus/rtu.go:211",
            "modbus read failed",
            {
              ...host,
              probe: p,
              slave_id: n,
              register: "0x0010",
              attempt: 1,
              error: `modbus: response crc mismatch: got 0x${got} want 0x${r.hex(4)}`,
            },
            "error",
          );
          zap(
            tf + 61,
            "info",
            "modbus",
            "modbus/rtu.go:236",
            "modbus read recovered after retry",
            {
              ...host,
              probe: p,
              slave_id: n,
              attempts: 2,
            },
            "pattern",
          );
          duration = Math.min(duration + 0.06, gw.median * 2.8);
        } else if (fault === "timeout") {
          for (let a = 1; a <= 2; a++) {
            zap(
              us(tf + a * 1500),
              "warn",
              "modbus",
              "modbus/rtu.go:198",
              "modbus read failed",
              {
                ...host,
                probe: p,
                slave_id: n,
                register: "0x0010",
                attempt: a,
                timeout: 1.5,
                error: "modbus: request timed out",
              },
              "performance",
            );
          }
          duration += 3.0 + r.float(0.01, 0.05);
          ok -= 1;
          failed = 1;
          label = "performance";
          gaps.push({ t, zone: `E${1 + ((n - 1) % 4)}` });
        } else {
          zap(
            tf,
            "warn",
            "modbus",
            "modbus/decode.go:77",
            "probe returned fault sentinel",
            {
              ...host,
              probe: p,
              slave_id: n,
              raw: "0x8000",
            },
            "pattern",
          );
          sentinels.push({ t: us(t + duration * 1000 + 40), probe: p });
        }
      }
      zap(
        us(t + duration * 1000),
        "info",
        "poller",
        "poller/cycle.go:118",
        "poll cycle complete",
        {
          ...host,
          cycle: 18_000 + i,
          probes: gw.probes,
          ok,
          failed,
          duration: round(duration, 6),
        },
        label,
      );
      if (gw.name === "gw-south" && i % 20 === 7) {
        zap(us(t + 5), "warn", "poller", "poller/cycle.go:96", "probe marked offline, skipping", {
          ...host,
          probe: "s-14",
          offline_since: isoSec(from - r.float(6, 7) * 24 * HOUR),
        });
      }
      if (gw.name === "gw-north" && i % 30 === 11) {
        zap(us(t + 3), "error", "health", "health/enclosure.go:52", "failed to read enclosure temperature", {
          ...host,
          sensor: "tmp117@0x48",
          error: "i2c: read /dev/i2c-1: no such device or address",
        });
      }
      if (i % 10 === 3) {
        const readings = (ok + failed) * 10;
        zap(us(t + duration * 1000 + 200), "info", "uplink", "uplink/mqtt.go:88", "uplink batch published", {
          ...host,
          topic: `orchard/${gw.name}/soil`,
          readings,
          bytes: readings * 46 + r.int(0, 40),
          qos: 1,
          duration: round(r.healthy(0.012, 0.3), 6),
        });
      }
    });
    for (const p of gw.name === "gw-west" ? ["w-03", "w-08"] : gw.name === "gw-north" ? ["n-05"] : []) {
      for (const t of ticks(r, from, to, HOUR, 5 * MIN)) {
        zap(t, "warn", "poller", "poller/battery.go:31", "probe battery low", {
          ...host,
          probe: p,
          battery_mv: r.int(3380, 3440),
        });
      }
    }
  }

  // ---- valve-controller (Rust tracing JSON) -------------------------------------------------
  const rust = (t: number, level: string, target: string, fields: Record<string, unknown>, span: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "us", { timestamp: isoUs(t), level, fields, target, span, spans: [span] }, label);
  };
  let prevPass = from - 15 * MIN;
  ticks(r, from, to, 15 * MIN, 2 * SEC).forEach((t, k) => {
    const span = { pass: 4200 + k, name: "schedule_pass" };
    let at = t;
    for (const zone of ZONES) {
      at = us(at + r.float(1, 4));
      const missing = gaps.filter((g) => g.zone === zone && g.t > prevPass && g.t <= t).length;
      if (missing > 0) {
        rust(
          at,
          "INFO",
          "valve_controller::moisture",
          {
            message: "moisture series has gaps, using remaining readings",
            zone,
            expected: 30,
            missing,
          },
          span,
          "pattern",
        );
      }
      const vwc = round(r.float(19, 34), 1);
      const irrigate = vwc < 26;
      const runS = irrigate ? r.int(12, 40) * 10 : 0;
      rust(
        at + 0.3,
        "INFO",
        "valve_controller::schedule",
        {
          message: "zone evaluated",
          zone,
          vwc_pct: vwc,
          target_pct: 28,
          decision: irrigate ? "irrigate" : "skip",
          run_s: runS,
        },
        span,
      );
      if (irrigate) {
        const vspan = { zone, valve: `V-${zone}`, name: "valve_run" };
        const flow = zone === "B4" ? r.float(29, 33) : r.float(44, 52);
        rust(at + 800, "INFO", "valve_controller::valve", { message: "valve opened", flow_lpm: round(flow, 1) }, vspan);
        if (zone === "B4") {
          rust(
            at + 60_000,
            "WARN",
            "valve_controller::valve",
            {
              message: "flow below expected for zone",
              flow_lpm: round(flow, 1),
              expected_lpm: 48,
            },
            vspan,
          );
        }
        rust(
          at + 800 + runS * 1000,
          "INFO",
          "valve_controller::valve",
          {
            message: "valve closed",
            delivered_l: round((flow * runS) / 60, 1),
          },
          vspan,
        );
      }
    }
    rust(
      us(at + r.healthy(38, 0.3)),
      "INFO",
      "valve_controller::schedule",
      {
        message: "schedule pass complete",
        zones: ZONES.length,
        elapsed_ms: round(r.healthy(38, 0.3), 2),
      },
      span,
    );
    prevPass = t;
  });
  for (const t of ticks(r, from, to, MIN, 500)) {
    rust(
      t,
      "INFO",
      "valve_controller::pump",
      { message: "line pressure", pump: "P1", kpa: round(r.float(296, 324), 1) },
      {
        name: "pressure_monitor",
      },
    );
  }

  // ---- telemetry-ingest (structlog) ---------------------------------------------------------
  const slog = (t: number, event: string, level: string, logger: string, kw: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "us", { service: "telemetry-ingest", event, ...kw, level, logger, timestamp: isoUs(t) }, label);
  };
  for (const t of ticks(r, from, to, 10 * SEC, 300)) {
    slog(t, "flushed points to tsdb", "info", "ingest.writer", {
      points: r.int(720, 900),
      bucket: "orchard_raw",
      duration_ms: round(r.healthy(42, 0.3), 1),
    });
  }
  for (const t of ticks(r, from, to, 8 * MIN, 3 * MIN)) {
    slog(t, "payload rejected: schema validation failed", "error", "ingest.decode", {
      device: "legacy-rain-gauge-1",
      topic: "orchard/legacy/rain",
      error: "'ts' is a required property",
    });
  }
  for (const t of ticks(r, from, to, 15 * MIN, 5 * MIN)) {
    slog(t, "late reading dropped", "warning", "ingest.decode", { device: "ws-01", lag_s: r.int(380, 620) });
  }
  for (const s of sentinels) {
    slog(
      s.t,
      "reading rejected",
      "warning",
      "ingest.decode",
      {
        device: s.probe,
        gateway: "gw-east",
        reason: "value out of physical range",
        field: "vwc_pct",
        value: -327.68,
      },
      "error",
    );
  }

  // ---- mosquitto (journald JSON export) -----------------------------------------------------
  const boot = r.hex(32);
  const machine = r.hex(32);
  const stream = r.hex(32);
  const seq0 = 0x3a1f0 + r.int(0, 4000);
  const bootAt = from - r.float(9, 30) * 24 * HOUR;
  const mosq = (t: number, message: string): void => {
    const seq = seq0 + Math.floor((t - from) / 37); // journal entries are numbered in time order
    const mono = Math.floor((t - bootAt) * 1000);
    tl.add(t, "us", {
      __CURSOR: `s=${stream};i=${seq.toString(16)};b=${boot};m=${mono.toString(16)};t=${epochUsStr(t).slice(0, 16)};x=${r.hex(16)}`,
      __REALTIME_TIMESTAMP: epochUsStr(t),
      __MONOTONIC_TIMESTAMP: String(mono),
      _BOOT_ID: boot,
      _TRANSPORT: "stdout",
      PRIORITY: "6",
      SYSLOG_FACILITY: "3",
      SYSLOG_IDENTIFIER: "mosquitto",
      _PID: "812",
      _UID: "107",
      _GID: "113",
      _COMM: "mosquitto",
      _EXE: "/usr/sbin/mosquitto",
      _CMDLINE: "/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf",
      _SYSTEMD_UNIT: "mosquitto.service",
      _HOSTNAME: "orchard-edge-01",
      _MACHINE_ID: machine,
      _STREAM_ID: stream,
      MESSAGE: message,
    });
  };
  for (const t of ticks(r, from, to, 10 * MIN, 20 * SEC)) {
    const port = r.port();
    mosq(t, `New connection from 10.20.3.40:${port} on port 1883.`);
    mosq(us(t + 40), `New client connected from 10.20.3.40:${port} as ws-01 (p2, c1, k90).`);
    mosq(us(t + 135_000 + r.float(0, 2000)), "Client ws-01 has exceeded timeout, disconnecting.");
  }
  for (const t of ticks(r, from, to, 7 * MIN, 3 * MIN)) {
    const id = `agronomist-app-${r.hex(6)}`;
    const ip = r.ip("10.20.9");
    const port = r.port();
    mosq(t, `New connection from ${ip}:${port} on port 8883.`);
    mosq(us(t + 90), `New client connected from ${ip}:${port} as ${id} (p2, c1, k60, u'app').`);
    mosq(us(t + r.float(30, 240) * 1000), `Client ${id} closed its connection.`);
  }
  for (const t of ticks(r, from, to, 30 * MIN, 0)) {
    mosq(t, "Saving in-memory database to /var/lib/mosquitto/mosquitto.db.");
  }

  return tl.build(
    "orchard-probe-bus-flaky-gateway",
    "Orchard irrigation: gw-east's RS-485 probe bus throws CRC errors, read timeouts and fault sentinels in about one poll cycle in thirteen, scattered from the first minute to the last, amid routine offline-probe, battery and legacy-gauge noise.",
  );
}
