// s08 print-farm-firmware-brick: a 3D print farm of 40 printers for forty minutes. A few minutes in, a
// firmware rollout (v2.3.0, a broken thermistor table) reaches most printers in waves; each flashed
// printer misreads its hotend, trips the heater checks and shuts down, its job fails and is requeued, the
// orchestrator quarantines printers and its queue backs up, and the rollout is paused and rolled back.
// Over half the lines are evidence.
//
// Producers: klippy-host (python-json-logger JSON with asctime), farm-orchestrator (Elixir logger_json),
// firmware-updater (Go log/slog JSON).
// Healthy bands:
//   klippy "Stats" lines: extruder within 3 C of its target (215 or 240 C), bed within 2 C of 60/100 C.
//   farm-orchestrator "queue depth" 0-12; "job ... completed" duration_ms is a print time (not judged).
//   firmware-updater "flashed" duration_ms median 46000 ms (46 s).
//   Routine noise: klippy WARNING "filament runout sensor debounce: spurious trigger ignored" (~6/h per
//   printer) and orchestrator warning "printer ... camera snapshot failed: :timeout" (~10/h).
// Evidence: heater errors and MCU shutdowns (error), Stats with impossible temperatures (pattern),
// shutdown state transitions (pattern), failed and requeued jobs (error), quarantines (pattern), queue
// depth > 12 (performance), the rollout start, pause and rollback (pattern).
import { MIN, SEC, Timeline, iso, isoMicro, log4jTime, makeRng, poisson, round, startTime, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function printFarmFirmwareBrick(seed: number): Scenario {
  const rng = makeRng(seed * 5231 + 808);
  const tl = new Timeline();
  const t0 = startTime(rng, 7, 19);
  const t1 = t0 + rng.int(38, 46) * MIN;
  const printers = Array.from({ length: 40 }, (_, i) => `prn-${String(i + 1).padStart(2, "0")}`);
  const order = rng.shuffle([...printers]);
  const rollout = t0 + rng.int(150, 280) * SEC;
  const flashedAt = new Map<string, number>();
  const affected = order.slice(0, rng.int(30, 36));
  affected.forEach((p, i) => {
    flashedAt.set(p, rollout + Math.floor(i / 10) * 2 * MIN + rng.int(30, 110) * SEC);
  });
  const pause = rollout + 9 * MIN + rng.int(0, 90) * SEC;
  const fw = (t: number, level: string, msg: string, extra: Record<string, unknown> = {}) => ({
    time: iso(t),
    level,
    msg,
    service: "firmware-updater",
    ...extra,
  });
  const kl = (t: number, level: string, printer: string, message: string) => ({
    asctime: log4jTime(t),
    levelname: level,
    name: "klippy",
    message,
    printer,
    app: "klippy-host",
  });
  const orch = (t: number, severity: string, message: string, metadata: Record<string, unknown>) => ({
    time: isoMicro(t),
    severity,
    message,
    metadata: { application: "farm_orchestrator", node: "farm@orch-1", ...metadata },
  });

  tl.add(rollout, fw(rollout, "INFO", "rollout started", { version: "2.3.0", from: "2.2.4", targets: 40, waves: 4, channel: "stable" }), "pattern");
  let job = rng.int(20000, 60000);
  let depth = rng.int(2, 6);
  for (const p of printers) {
    const tf = flashedAt.get(p);
    const hot = rng.chance(0.5) ? 240 : 215;
    const bed = hot === 240 ? 100 : 60;
    let shut = Number.POSITIVE_INFINITY;
    if (tf !== undefined && tf < pause) {
      const d = Math.round(rng.band(46000, 0.15));
      tl.add(tf, fw(tf, "INFO", "flashed", { printer: p, version: "2.3.0", duration_ms: d }));
      shut = tf + rng.int(50, 200) * SEC;
    }
    let stat = rng.int(100, 9000);
    for (const t of ticks(rng, t0, t1, 60 * SEC, 0.05)) {
      if (t >= shut) break;
      const bad = tf !== undefined && t > tf + 20 * SEC;
      const ext = bad ? round(rng.float(hot + 35, hot + 90), 1) : round(hot + rng.float(-2.5, 2.5), 1);
      tl.add(
        t,
        kl(
          t,
          "INFO",
          p,
          `Stats ${stat++}.0: gcodein=0 mcu: mcu_awake=0.0${rng.int(10, 40)} mcu_task_avg=0.0000${rng.int(10, 90)} print_time=${rng.int(200, 9000)}.${rng.int(100, 999)} extruder: target=${hot} temp=${ext} pwm=${bad ? "0.000" : round(rng.float(0.2, 0.6), 3)} heater_bed: target=${bed} temp=${round(bed + rng.float(-1.5, 1.5), 1)}`,
        ),
        bad ? "pattern" : null,
      );
    }
    if (shut < t1) {
      tl.add(shut, kl(shut, "ERROR", p, "Heater extruder not heating at expected rate"), "error");
      tl.add(shut + 3, kl(shut + 3, "ERROR", p, "Transition to shutdown state: Heater extruder not heating at expected rate"), "pattern");
      tl.add(shut + 40, kl(shut + 40, "ERROR", p, "MCU 'mcu' shutdown: ADC out of range"), "error");
      for (const tr of ticks(rng, shut + 30 * SEC, t1, 45 * SEC)) tl.add(tr, kl(tr, "ERROR", p, "Printer is shutdown"), "error");
      const j = `J-${job++}`;
      const tj = shut + rng.int(1, 3) * SEC;
      tl.add(tj, orch(tj, "error", `job ${j} failed on ${p}: printer shutdown (ADC out of range)`, { printer: p, job_id: j }), "error");
      tl.add(tj + 200, orch(tj + 200, "warning", `requeued job ${j} (attempt 2/3)`, { printer: p, job_id: j }), "error");
      const tq = tj + rng.int(20, 60) * SEC;
      tl.add(tq, orch(tq, "warning", `printer ${p} quarantined after heater fault`, { printer: p, reason: "heater_fault" }), "pattern");
    }
    for (const t of poisson(rng, t0, Math.min(t1, shut), 10 * MIN)) tl.add(t, kl(t, "WARNING", p, "filament runout sensor debounce: spurious trigger ignored"));
    // healthy jobs on this printer
    for (const t of poisson(rng, t0, Math.min(t1, shut), 14 * MIN)) {
      const j = `J-${job++}`;
      tl.add(t, orch(t, "info", `job ${j} completed on ${p}`, { printer: p, job_id: j, print_seconds: rng.int(1800, 14000) }));
      tl.add(t + 1500, orch(t + 1500, "info", `job J-${job} assigned to ${p}`, { printer: p, job_id: `J-${job}` }));
      job++;
    }
  }
  for (const t of ticks(rng, t0, t1, 30 * SEC, 0.02)) {
    const down = [...flashedAt.values()].filter((x) => x + 120 * SEC < t && x < pause).length;
    depth = down > 0 ? Math.min(400, depth + rng.int(2, 8)) : rng.int(0, 10);
    tl.add(
      t,
      orch(t, depth > 12 ? "warning" : "info", `queue depth ${depth}, ${40 - down} printers available`, { queue_depth: depth, available: 40 - down }),
      depth > 12 ? "performance" : null,
    );
  }
  for (const t of poisson(rng, t0, t1, 6 * MIN))
    tl.add(t, orch(t, "warning", `printer ${rng.pick(printers)} camera snapshot failed: :timeout`, { reason: "camera" }));
  tl.add(
    pause,
    fw(pause, "WARN", "rollout paused", {
      version: "2.3.0",
      reason: "health gate: printers in shutdown",
      failed: [...flashedAt.values()].filter((x) => x < pause - 2 * MIN).length,
    }),
    "pattern",
  );
  const rb = pause + rng.int(3, 6) * MIN;
  tl.add(rb, fw(rb, "WARN", "rollback started", { to: "2.2.4", targets: [...flashedAt.values()].filter((x) => x < pause).length }), "pattern");
  return tl.build(
    "print-farm-firmware-brick",
    "a firmware rollout breaks most of a 40-printer farm's hotend readings: heater faults, shutdowns, failed and requeued jobs, quarantines and a growing queue; mostly anomalous",
  );
}
