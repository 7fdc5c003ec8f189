// s05 ground-station-encoder-drift: a satellite ground station's 7.3 m antenna over a working day of
// passes. The demodulator's Reed-Solomon failures (ERROR) and low Eb/N0 warnings at every horizon, and the
// ACU's wind-load warnings, are routine. Part-way through, the azimuth absolute encoder starts to glitch:
// the ACU writes encoder-discontinuity lines and long "servo diagnostic snapshot" dumps (an INFO line of
// ~650 characters that it never writes when healthy), its tracking error leaves its band, passes lose
// frames and one or two are aborted on a following-error limit.
//
// Producers: acu (zerolog JSON), demod (Python structlog JSON), pass-scheduler (Go log/slog JSON).
// Healthy bands:
//   acu "tracking" az_err_deg / el_err_deg: 0.002-0.03 deg. "parked" every 2 min between passes.
//   demod "link stats" every 30 s: frames_bad 0-4 per interval, ebn0_db 6-14 dB.
//   pass-scheduler "pass complete": lost_pct 0.0-0.5 %.
//   Routine noise: demod ERROR "Reed-Solomon decode failed: uncorrectable frame" (5-15 per pass),
//   WARN "Eb/N0 below threshold" near AOS/LOS, "frame sync lost" at LOS; acu WARN "wind load
//   compensation active". No latency or memory fields are used.
// Evidence (from the first glitching pass): encoder discontinuities, servo snapshots, tracking lines with
// az_err_deg > 0.15, link stats with frames_bad > 100, passes with lost_pct > 5 (pattern); following
// error aborts and aborted passes (error).
import { HOUR, MIN, SEC, Timeline, iso, isoMicro, makeRng, round, startTime, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

const SATS = ["AURORA-3", "KESTREL-1B", "NORDSAT-2", "TERRA-VIEW 4", "HALCYON-7", "MISTRAL-A"];

export function groundStationEncoderDrift(seed: number): Scenario {
  const rng = makeRng(seed * 4099 + 505);
  const tl = new Timeline();
  const t0 = startTime(rng, 4, 10);
  const t1 = t0 + 8 * HOUR + rng.int(0, 40) * MIN;
  const acu = (t: number, level: string, message: string, extra: Record<string, unknown> = {}) => ({
    level,
    component: "acu",
    antenna: "ANT-2",
    ...extra,
    time: iso(t),
    message,
  });
  const demod = (t: number, level: string, event: string, extra: Record<string, unknown> = {}) => ({
    event,
    level,
    timestamp: isoMicro(t),
    logger: "demod.receiver",
    service: "demod",
    channel: "X-band-1",
    ...extra,
  });
  const sched = (t: number, level: string, msg: string, extra: Record<string, unknown> = {}) => ({
    time: iso(t),
    level,
    msg,
    service: "pass-scheduler",
    station: "GS-NORD-2",
    ...extra,
  });

  // plan passes
  const passes: { aos: number; los: number; sat: string; n: number }[] = [];
  let t = t0 + rng.int(8, 25) * MIN;
  let n = rng.int(4100, 9800);
  while (t < t1 - 20 * MIN) {
    const len = rng.int(8, 14) * MIN + rng.int(0, 59) * SEC;
    passes.push({ aos: t, los: t + len, sat: rng.pick(SATS), n: n++ });
    t += len + rng.int(22, 48) * MIN;
  }
  const firstBad = Math.max(2, Math.floor(passes.length * rng.float(0.4, 0.55)));
  let lastEnd = t0;
  passes.forEach((p, i) => {
    const bad = i >= firstBad;
    // parked between passes
    for (const tp of ticks(rng, lastEnd + 30 * SEC, p.aos - 3 * MIN, 2 * MIN))
      tl.add(tp, acu(tp, "info", "parked", { az_deg: 180, el_deg: 89.5, brake: "engaged" }));
    lastEnd = p.los;
    const id = `P${p.n}`;
    tl.add(
      p.aos - 3 * MIN,
      sched(p.aos - 3 * MIN, "INFO", "pass scheduled", {
        pass_id: id,
        satellite: p.sat,
        aos: iso(p.aos),
        los: iso(p.los),
        max_el_deg: round(rng.float(12, 84), 1),
      }),
    );
    tl.add(p.aos - 2 * MIN, acu(p.aos - 2 * MIN, "info", "slewing to AOS position", { pass_id: id, az_deg: round(rng.float(0, 360), 2), el_deg: 0 }));
    tl.add(p.aos, sched(p.aos, "INFO", "AOS", { pass_id: id, satellite: p.sat }));
    // demod at the horizons
    for (const tw of [p.aos + rng.int(2, 10) * SEC, p.aos + rng.int(20, 40) * SEC, p.los - rng.int(20, 40) * SEC])
      tl.add(tw, demod(tw, "warning", "Eb/N0 below threshold", { ebn0_db: round(rng.float(3.2, 5.9), 1), threshold_db: 6.0, pass_id: id }));
    tl.add(p.aos + 45 * SEC, demod(p.aos + 45 * SEC, "info", "frame sync acquired", { pass_id: id, symbol_rate_msps: 150, modcod: "8PSK 5/6" }));
    for (let k = rng.int(5, 15); k > 0; k--) {
      const tr = rng.float(p.aos + 50 * SEC, p.los);
      tl.add(
        tr,
        demod(tr, "error", "Reed-Solomon decode failed: uncorrectable frame", { pass_id: id, vcid: rng.int(0, 3), frame_counter: rng.int(0, 16777215) }),
      );
    }
    // the glitches of a bad pass
    const glitches = bad ? rng.int(3, 6) : 0;
    const gt = Array.from({ length: glitches }, () => rng.float(p.aos + 90 * SEC, p.los - 60 * SEC)).sort((a, b) => a - b);
    const near = (x: number) => gt.some((g) => x >= g && x < g + 60 * SEC);
    for (const g of gt) {
      tl.add(
        g,
        acu(g, "warn", "azimuth encoder discontinuity detected", {
          pass_id: id,
          encoder: "AZ-ABS-2",
          jump_deg: round(rng.float(0.21, 0.9), 3),
          sample_gap_ms: 10,
        }),
        "pattern",
      );
      if (rng.chance(0.8)) {
        const ts = g + rng.int(300, 2000);
        const regs = Array.from({ length: 12 }, (_, r) => `r${r}=0x${rng.hex(8)}`).join(" ");
        const hist = Array.from({ length: 24 }, () => round(rng.float(-0.9, 0.9), 3)).join(",");
        const text = `servo diagnostic snapshot axis=AZ loop=position mode=PROGRAM_TRACK kp=${round(rng.float(38, 42), 2)} ki=${round(rng.float(1.9, 2.1), 3)} kd=0.450 ff_vel=1.000 ff_acc=0.820 cmd_az=${round(rng.float(0, 360), 4)} enc_az=${round(rng.float(0, 360), 4)} enc_src=AZ-ABS-2 enc_status=0x${rng.hex(4)} enc_crc_err=${rng.int(3, 40)} motor_a_current=${round(rng.float(6, 14), 2)}A motor_b_current=${round(rng.float(6, 14), 2)}A tach=${round(rng.float(-1.5, 1.5), 3)}dps err_hist=[${hist}] dsp_regs={${regs}} brake=released limit_sw=none interlocks=OK temp_drive=${rng.int(41, 55)}C`;
        tl.add(ts, acu(ts, "info", text, { pass_id: id }), "pattern");
      }
    }
    const abort = bad && gt.length > 0 && rng.chance(0.35) ? (gt[gt.length - 1] as number) + 20 * SEC : Number.POSITIVE_INFINITY;
    for (const tt of ticks(rng, p.aos + 5 * SEC, Math.min(p.los, abort), 5 * SEC, 0.02)) {
      if (bad && near(tt) && rng.chance(0.7))
        tl.add(
          tt,
          acu(tt, "info", "tracking", {
            pass_id: id,
            mode: "PROGRAM_TRACK",
            az_deg: round(rng.float(0, 360), 3),
            el_deg: round(rng.float(5, 85), 3),
            az_err_deg: round(rng.float(0.16, 0.95), 3),
            el_err_deg: round(rng.float(0.002, 0.02), 4),
          }),
          "pattern",
        );
      else
        tl.add(
          tt,
          acu(tt, "info", "tracking", {
            pass_id: id,
            mode: "PROGRAM_TRACK",
            az_deg: round(rng.float(0, 360), 3),
            el_deg: round(rng.float(5, 85), 3),
            az_err_deg: round(rng.float(0.002, 0.03), 4),
            el_err_deg: round(rng.float(0.002, 0.02), 4),
          }),
        );
    }
    for (let k = rng.int(0, 3); k > 0; k--) {
      const tw = rng.float(p.aos, p.los);
      if (tw < abort) tl.add(tw, acu(tw, "warn", "wind load compensation active", { pass_id: id, gust_mps: round(rng.float(11, 17), 1) }));
    }
    for (const ts of ticks(rng, p.aos + 60 * SEC, Math.min(p.los, abort), 30 * SEC, 0.01)) {
      const badInt = bad && gt.some((g) => g > ts - 30 * SEC && g <= ts + 10 * SEC);
      tl.add(
        ts,
        demod(ts, "info", "link stats", {
          pass_id: id,
          ebn0_db: round(rng.float(6.2, 13.8), 1),
          frames_ok: rng.int(2400, 2600),
          frames_bad: badInt ? rng.int(140, 900) : rng.int(0, 4),
          ber: `${rng.int(1, 9)}e-${rng.int(7, 9)}`,
        }),
        badInt ? "pattern" : null,
      );
    }
    const received = rng.int(26000, 42000);
    if (abort < p.los) {
      tl.add(
        abort,
        acu(abort, "error", "servo following error limit exceeded, tracking aborted", {
          pass_id: id,
          axis: "AZ",
          err_deg: round(rng.float(1.01, 1.6), 3),
          limit_deg: 1.0,
        }),
        "error",
      );
      tl.add(abort + 400, acu(abort + 400, "info", "brake engaged, axis AZ disabled", { pass_id: id }), "pattern");
      tl.add(abort + 1200, demod(abort + 1200, "info", "frame sync lost", { pass_id: id }));
      tl.add(
        abort + 3000,
        sched(abort + 3000, "ERROR", "pass aborted", {
          pass_id: id,
          satellite: p.sat,
          reason: "ACU tracking aborted",
          frames_received: Math.floor(received * rng.float(0.4, 0.7)),
        }),
        "error",
      );
      lastEnd = abort + 5 * SEC;
      return;
    }
    tl.add(p.los - 5 * SEC, demod(p.los - 5 * SEC, "info", "frame sync lost", { pass_id: id }));
    tl.add(p.los, sched(p.los, "INFO", "LOS", { pass_id: id, satellite: p.sat }));
    const lost = bad && gt.length ? round(rng.float(6, 38), 2) : round(rng.float(0, 0.5), 2);
    tl.add(
      p.los + 20 * SEC,
      sched(p.los + 20 * SEC, "INFO", "pass complete", { pass_id: id, satellite: p.sat, frames_received: received, lost_pct: lost, bytes: received * 8920 }),
      lost > 5 ? "pattern" : null,
    );
    tl.add(p.los + 30 * SEC, acu(p.los + 30 * SEC, "info", "stowing", { pass_id: id }));
  });
  for (const tp of ticks(rng, lastEnd + 60 * SEC, t1, 2 * MIN)) tl.add(tp, acu(tp, "info", "parked", { az_deg: 180, el_deg: 89.5, brake: "engaged" }));
  return tl.build(
    "ground-station-encoder-drift",
    "ground station whose demodulator and ACU warn and error all day; mid-day the azimuth encoder glitches: discontinuities, long servo snapshot dumps, tracking error out of band, lost frames and aborted passes",
  );
}
