// s11 bikeshare-dock-firmware-leak: a city bike-share's docks over six hours. Eight of the 80 docks run
// firmware 4.8.2, which leaks heap in its lock task; they were already running it before the window, so
// the evidence is scattered over the whole window from the first minute: heartbeats with heap above the
// band, slow lock cycles and long "lock diag snapshot" INFO lines, watchdog reboots, MQTT keepalive
// drops and reconnects, and rentals at those docks failing. A few percent of lines.
//
// Producers: dock-fw (GELF 1.1 JSON: short_message, timestamp, level, _fields), rental-api (Rails lograge
// JSON), dock-bridge (Elixir logger_json).
// Healthy bands:
//   dock-fw "heartbeat" heap_used_pct 35-65 %; battery_mv 12100-13100.
//   dock-fw "lock cycle complete" duration_ms median 420 ms.
//   rental-api POST /v1/rentals 201 duration median 85 ms; POST /v1/returns 201 median 60 ms;
//     GET /v1/stations/:id 200 median 12 ms.
//   Routine noise: dock-fw WARN "bike tag read retry" (~1 % of cycles); rental-api 422 "payment
//   method declined" (~1 % of rentals); dock-bridge warning "dock ... disconnected: :tcp_closed" then
//   "reconnected" (~2/h, LTE), error "malformed telemetry frame dropped" (~2/h).
// Evidence: heartbeats above 65 % (memory); lock cycles > 4x and unlock timeouts (performance);
// diag snapshots, watchdog boots, keepalive drops and reconnects of those docks (pattern); rentals
// answered 503 because the dock is rebooting (error).
import { HOUR, MIN, SEC, Timeline, epochS, isoMicro, makeRng, poisson, round, startTime } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export function bikeshareDockFirmwareLeak(seed: number): Scenario {
  const rng = makeRng(seed * 7307 + 1111);
  const tl = new Timeline();
  const t0 = startTime(rng, 5, 12);
  const t1 = t0 + 6 * HOUR + rng.int(0, 30) * MIN;
  const docks = Array.from({ length: 80 }, () => ({ id: `dock-${rng.digits(4)}`, station: `S-${rng.int(100, 460)}`, bad: false, heap0: 0, rate: 0 }));
  const badDocks = rng.shuffle([...docks]).slice(0, 8);
  const firstBad = badDocks[0];
  badDocks.forEach((d, i) => {
    d.bad = true;
    d.heap0 = i === 0 ? rng.float(72, 80) : rng.float(40, 88);
    d.rate = rng.float(14, 24) / HOUR; // % per ms
  });
  const gelf = (t: number, d: { id: string; station: string; bad: boolean }, level: number, msg: string, extra: Record<string, unknown> = {}) => {
    const o: Record<string, unknown> = {
      version: "1.1",
      host: d.id,
      short_message: msg,
      timestamp: epochS(t),
      level,
      _app: "dock-fw",
      _station: d.station,
      _fw: d.bad ? "4.8.2" : "4.7.9",
    };
    for (const [k, v] of Object.entries(extra)) o[`_${k}`] = v;
    return o;
  };
  const br = (t: number, severity: string, message: string, metadata: Record<string, unknown>) => ({
    time: isoMicro(t),
    severity,
    message,
    metadata: { application: "dock_bridge", node: "bridge@mqtt-1", ...metadata },
  });

  // heap model for the bad docks: linear growth, watchdog reset at ~94 %
  const resets = new Map<string, number[]>();
  for (const d of docks.filter((x) => x.bad)) {
    const rs: number[] = [];
    let h = d.heap0;
    let tt = t0;
    while (true) {
      const tr = tt + (94 - h) / d.rate;
      if (tr >= t1) break;
      rs.push(tr);
      tt = tr + 90 * SEC;
      h = rng.float(40, 46);
    }
    resets.set(d.id, rs);
  }
  const heapOf = (d: (typeof docks)[number], t: number): number | null => {
    if (!d.bad) return rng.float(38, 62);
    const rs = resets.get(d.id) ?? [];
    let start = t0;
    let h0 = d.heap0;
    for (const r of rs) {
      if (t >= r && t < r + 90 * SEC) return null; // rebooting
      if (t >= r + 90 * SEC) {
        start = r + 90 * SEC;
        h0 = 43;
      }
    }
    return Math.min(93.9, h0 + d.rate * (t - start));
  };

  const rails = (t: number, method: string, path: string, action: string, status: number, duration: number, extra: Record<string, unknown> = {}) => ({
    method,
    path,
    format: "json",
    controller: path.startsWith("/v1/stations")
      ? "Api::V1::StationsController"
      : path === "/v1/rentals"
        ? "Api::V1::RentalsController"
        : "Api::V1::ReturnsController",
    action,
    status,
    duration: round(duration, 2),
    view: round(rng.float(0.2, 1.4), 2),
    db: round(duration * rng.float(0.1, 0.3), 2),
    time: isoMicro(t),
    app: "rental-api",
    request_id: rng.uuid(),
    ...extra,
  });
  for (const d of docks) {
    const first = d === firstBad ? t0 + rng.int(5, 55) * SEC : t0 + rng.float(0, 15 * MIN);
    for (let t = Math.round(first * 1000) / 1000; t < t1; t = Math.round((t + 15 * MIN * (1 + rng.float(-0.03, 0.03))) * 1000) / 1000) {
      const h = heapOf(d, t);
      if (h === null) continue;
      tl.add(
        t,
        gelf(t, d, 6, "heartbeat", {
          heap_used_pct: round(h, 1),
          battery_mv: rng.int(12150, 13050),
          rssi_dbm: rng.int(-95, -61),
          bikes: rng.int(0, 14),
          uptime_s: rng.int(3600, 900000),
        }),
        h > 65 ? "memory" : null,
      );
    }
    for (const r of resets.get(d.id) ?? []) {
      tl.add(r + 80 * SEC, gelf(r + 80 * SEC, d, 4, "boot: reset_reason=WDT task=lock_ctl", { boot_count: rng.int(40, 400) }), "pattern");
      tl.add(r + 45 * SEC, br(r + 45 * SEC, "warning", `dock ${d.id} disconnected: :keepalive_timeout`, { dock_id: d.id }), "pattern");
      tl.add(r + 95 * SEC, br(r + 95 * SEC, "info", `dock ${d.id} reconnected`, { dock_id: d.id, session_present: false }), "pattern");
      for (let k = rng.int(1, 3); k > 0; k--) {
        const ta = r + rng.int(46, 88) * SEC + rng.int(0, 999);
        tl.add(ta, rails(ta, "POST", "/v1/rentals", "create", 503, rng.band(30), { dock_id: d.id, error: "dock_unavailable" }), "error");
      }
    }
  }
  // lock cycles and rentals
  for (const t of poisson(rng, t0, t1, 15 * SEC)) {
    const d = rng.pick(docks);
    const rental = rng.chance(0.55);
    const h = heapOf(d, t);
    if (h === null) {
      if (rental) tl.add(t, rails(t, "POST", "/v1/rentals", "create", 503, rng.band(30), { dock_id: d.id, error: "dock_unavailable" }), "error");
      continue;
    }
    const starving = d.bad && h > 75 && rng.chance(0.6);
    const timeout = starving && rng.chance(0.3);
    const lockMs = starving ? rng.slow(420, 6, 14) : rng.band(420);
    const tl1 = t + rng.int(100, 400);
    let label: AnomalyType | null = null;
    if (timeout) {
      tl.add(tl1 + 8000, gelf(tl1 + 8000, d, 3, "lock actuator timeout, bike not released", { slot: rng.int(1, 14), timeout_ms: 8000 }), "performance");
    } else {
      tl.add(
        tl1 + lockMs,
        gelf(tl1 + lockMs, d, 6, "lock cycle complete", { slot: rng.int(1, 14), op: rental ? "unlock" : "lock", duration_ms: Math.round(lockMs) }),
        starving ? "performance" : null,
      );
    }
    if (starving && rng.chance(0.7)) {
      const ts = tl1 + lockMs + 30;
      const prof = Array.from({ length: 64 }, () => rng.int(40, 2600)).join(",");
      const text = `lock diag snapshot slot=${rng.int(1, 14)} op=${rental ? "unlock" : "lock"} state_seq=IDLE>ARM>DRIVE>DRIVE>DRIVE>STALL_RETRY>DRIVE>HOLD motor_ma=[${prof}] hall=${rng.int(0, 1)}${rng.int(0, 1)}${rng.int(0, 1)} endstop_open=${rng.int(0, 1)} endstop_closed=${rng.int(0, 1)} pawl_sensor=0x${rng.hex(2)} can_tx_err=${rng.int(0, 40)} can_rx_err=${rng.int(0, 40)} task_lag_ticks=${rng.int(40, 400)} sched_misses=${rng.int(5, 90)} rfid_tag=${rng.hex(16)} v_bus=${rng.int(11800, 12400)}mV t_board=${rng.int(18, 41)}C build=4.8.2+${rng.hex(7)} cfg_crc=0x${rng.hex(8)} lock_ctl_prio=5 retry_budget=${rng.int(0, 3)}/3 last_fault=STALL_RETRY`;
      tl.add(ts, gelf(ts, d, 6, text), "pattern");
    }
    if (rng.chance(0.01)) tl.add(tl1 + 50, gelf(tl1 + 50, d, 4, "bike tag read retry", { slot: rng.int(1, 14) }));
    if (rental) {
      const declined = rng.chance(0.01);
      if (timeout) label = "performance";
      const dur = timeout ? 8000 + rng.band(90) : rng.band(85);
      tl.add(t, rails(t, "POST", "/v1/rentals", "create", timeout ? 504 : declined ? 422 : 201, dur, { dock_id: d.id }), label);
    } else {
      tl.add(t, rails(t, "POST", "/v1/returns", "create", 201, rng.band(60), { dock_id: d.id }));
    }
  }
  for (const t of poisson(rng, t0, t1, 22 * SEC)) {
    const d = rng.pick(docks);
    tl.add(t, rails(t, "GET", `/v1/stations/${d.station.slice(2)}`, "show", 200, rng.band(12)));
  }
  for (const t of poisson(rng, t0, t1, 30 * MIN)) {
    const d = rng.pick(docks.filter((x) => !x.bad));
    tl.add(t, br(t, "warning", `dock ${d.id} disconnected: :tcp_closed`, { dock_id: d.id }));
    const tr = t + rng.int(20, 90) * SEC;
    tl.add(tr, br(tr, "info", `dock ${d.id} reconnected`, { dock_id: d.id, session_present: true }));
  }
  for (const t of poisson(rng, t0, t1, 30 * MIN)) {
    tl.add(t, br(t, "error", "malformed telemetry frame dropped", { dock_id: rng.pick(docks).id, bytes: rng.int(3, 40) }));
  }
  return tl.build(
    "bikeshare-dock-firmware-leak",
    "eight bike-share docks on firmware 4.8.2 leak heap all day: high-heap heartbeats, slow lock cycles, long lock diag dumps, watchdog reboots and failed rentals scattered over six hours from the first minute",
  );
}
