// Vineyard irrigation controller, a six-hour night programme. The logs are loud every night: a valve with a known
// broken position sensor logs ERROR every few minutes, LoRa soil probes drop frames (ERROR) and a dead probe raises
// CRITICAL every hour. The one real alert is short: the main line bursts on one block, the pump sees pressure collapse
// and flow jump for a few readings, emergency-stops, two valves fail to close, the block's programme aborts and the
// operator restarts the pump with the block isolated.
//
// Producers: valve-controller (Go log/slog JSON, durations in ns), sensor-hub (GELF), irrigation-scheduler
// (structlog), pumpd (journald JSON).
// Healthy bands: pump pressure 3.0-3.8 bar and flow 120-320 l/min; valve actuation 800 ms (duration, ns; healthy
// values stay within 3x of the median); soil moisture 15-38 %.
// Routine noise (null): V-23 position feedback missing (ERROR), LoRa CRC mismatches (GELF 3), probe P-14 offline
// (GELF 2, hourly), stale evapotranspiration forecast (WARN).
// Labelled: out-of-band pressure/flow readings (pattern), the emergency stop and the operator restart (pattern),
// failed valve closes (error), the aborted programme (error).
import { arrivals, epochS, epochUs, HOUR, isoMicro, isoNano, LogBook, type Log, MIN, Rng, round, SEC } from "./rng.js";
import { startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function vineyardIrrigationNoisyAlarms(seed: number): Scenario {
  const r = new Rng(seed, 606);
  const t0 = startOf(r);
  const end = t0 + 6 * HOUR + r.int(-15, 15) * MIN;
  const book = new LogBook();
  const blocks = Array.from({ length: 12 }, (_, i) => i + 1);
  const valvesOf = (b: number): string[] => [`V-${b}1`, `V-${b}2`, `V-${b}3`];
  // Programmes: each block irrigates once in the night. The burst happens during one of the middle ones.
  const order = r.shuffle(blocks);
  const slotLen = (end - t0 - 20 * MIN) / order.length;
  const programmes = order.map((b, i) => {
    const start = t0 + 5 * MIN + i * slotLen + r.int(0, 120) * SEC;
    return { b, start, stop: start + slotLen * r.float(0.6, 0.9) };
  });
  const burst = programmes[r.int(5, 8)] ?? programmes[0];
  if (burst === undefined) throw new Error("no programmes");
  const burstBlock = burst.b;
  const burstAt = burst.start + (burst.stop - burst.start) * r.float(0.3, 0.6);
  const stopAt = burstAt + r.int(150, 200) * SEC;
  const restartAt = stopAt + r.int(12, 25) * MIN;

  const slog = (level: string, msg: string, extra: Log) => (t: number) => ({
    time: isoNano(t),
    level,
    msg,
    service: "valve-controller",
    ...extra,
  });
  const actuated = (valve: string, action: string, ms: number) => {
    return slog("INFO", "valve actuated", { valve, action, duration: Math.round(ms * 1e6) });
  };
  const gelf = (level: number, msg: string, extra: Log) => (t: number) => ({
    version: "1.1",
    host: "sensor-hub-01",
    short_message: msg,
    timestamp: epochS(t),
    level,
    _app: "sensor-hub",
    ...extra,
  });
  const structlog = (level: string, event: string, extra: Log) => (t: number) => ({
    event,
    service: "irrigation-scheduler",
    ...extra,
    level,
    timestamp: isoMicro(t),
  });
  const pumpd = (priority: string, message: string) => (t: number) => ({
    __REALTIME_TIMESTAMP: epochUs(t),
    _HOSTNAME: "pumphouse-2",
    PRIORITY: priority,
    SYSLOG_IDENTIFIER: "pumpd",
    _PID: "812",
    MESSAGE: message,
  });

  for (const { b, start, stop } of programmes) {
    const aborted = b === burstBlock;
    const target = { block: b, target_mm: round(r.float(2, 6), 1) };
    book.add(start, null, structlog("info", "irrigation program started", target));
    for (const v of valvesOf(b)) {
      const ms = r.healthy(800, 0.25);
      book.add(start + 2_000 + ms, null, actuated(v, "open", ms));
    }
    if (aborted) {
      const aborted = "irrigation program aborted: supply pressure lost";
      book.add(stopAt + 8 * SEC, "error", structlog("error", aborted, { block: b }));
      continue;
    }
    for (const v of valvesOf(b)) {
      const ms = r.healthy(800, 0.25);
      book.add(stop + ms, null, actuated(v, "close", ms));
    }
    const applied = { block: b, applied_mm: round(r.float(2, 6), 1) };
    book.add(stop + 3_000, null, structlog("info", "irrigation program completed", applied));
  }
  // Frost-protection and flush valves cycle all night.
  for (const t of arrivals(r, t0, end, 1.4)) {
    const ms = r.healthy(800, 0.25);
    const v = r.pick(["V-F1", "V-F2", "V-FL", "V-M1"]);
    const action = r.pick(["open", "close"]);
    book.add(t, null, actuated(v, action, ms));
  }
  for (const t of ticks(r, t0 + r.int(1, 200) * SEC, end, 4 * MIN, 0.2)) {
    book.add(t, null, slog("ERROR", "valve V-23 position feedback missing (sensor fault, ticket AG-117)", {}));
  }
  for (const t of arrivals(r, t0, end, 0.01)) {
    const stale = "evapotranspiration forecast stale, using yesterday's ET0";
    book.add(t, null, structlog("warning", stale, { age_h: r.int(7, 14) }));
  }

  // Soil probes.
  for (const t of arrivals(r, t0, end, 1.5)) {
    const probe = `P-${r.int(1, 40)}`;
    const m = round(r.float(15, 38), 1);
    book.add(t, null, gelf(6, `soil moisture reading ${probe}: ${m}%`, { _probe: probe, _moisture_pct: m }));
  }
  for (const t of arrivals(r, t0, end, 0.5)) {
    const crc = "LoRa frame CRC mismatch from probe P-31, discarded";
    book.add(t, null, gelf(3, crc, { _probe: "P-31", _rssi: -r.int(110, 124) }));
  }
  for (const t of ticks(r, t0 + r.int(1, 50) * MIN, end, HOUR, 0.02)) {
    book.add(t, null, gelf(2, "probe P-14 offline: no uplink for more than 6h", { _probe: "P-14" }));
  }

  // Pump readings every minute while it runs.
  const reading = (p: number, f: number): string => {
    return `pump P2 running: pressure ${p.toFixed(1)} bar, flow ${Math.round(f)} l/min`;
  };
  for (const t of ticks(r, t0 + r.int(5, 55) * SEC, end, MIN)) {
    if (t >= stopAt && t < restartAt) continue;
    if (t >= burstAt && t < stopAt) {
      book.add(t, "pattern", pumpd("4", reading(r.float(0.6, 0.95), r.float(600, 720))));
      continue;
    }
    book.add(t, null, pumpd("6", reading(Math.min(3.8, Math.max(3.0, r.normal(3.4, 0.15))), r.float(140, 300))));
  }
  book.add(stopAt, "pattern", pumpd("2", "pump P2 emergency stop: pressure below cut-out 1.0 bar for 30s"));
  const [va, vb] = [valvesOf(burstBlock)[0], valvesOf(burstBlock)[2]];
  const noAck = (v: string | undefined) => {
    return slog("ERROR", `close command for ${v} failed: no ack after 3 retries`, { valve: v });
  };
  book.add(stopAt + 20 * SEC, "error", noAck(va));
  book.add(stopAt + 24 * SEC, "error", noAck(vb));
  const restart = `pump P2 restarted by operator, block ${burstBlock} isolated at manual valve`;
  book.add(restartAt, "pattern", pumpd("5", restart));

  return {
    name: "vineyard-irrigation-noisy-alarms",
    description: "Noisy vineyard irrigation night (routine ERROR/CRITICAL); a short main-line burst stops the pump",
    ...book.build(),
  };
}
