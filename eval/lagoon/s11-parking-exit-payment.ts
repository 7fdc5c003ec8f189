// s11: multi-storey car park, 62 min, a small incident. A few minutes in, the payment bridge loses
// its TLS link to the card acquirer and never gets it back: every reconnect fails, every exit
// authorisation times out after 30 s, exit barriers stay down, queues build, drivers press the help
// button, attendants raise barriers by hand and finally switch both exits to free exit. Entries keep
// working. Most of the window's lines are the incident.
//
// Producers: barrierd (lane controller on garage-edge-01, journald JSON export), pay-bridge (Node,
// Bunyan), occupancy (Python, structlog JSONRenderer).
// Healthy bands: card authorisation 850 ms median; exit queue 0-2 vehicles. No memory readings.
import { arrivals, epochUsStr, isoMs, isoUs, MIN, Rng, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;

const EXITS = ["EXIT-1", "EXIT-2"] as const;
const LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ";

export function parkingExitPayment(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s11");
  const tl = new Timeline();
  const from = startTime(r, 16, 18);
  const to = from + 62 * MIN;
  const t0 = us(from + r.float(3, 5) * MIN);
  const freeExit = us(t0 + r.float(28, 34) * MIN);
  const plate = (): string => {
    const l = (): string => LETTERS[r.int(0, LETTERS.length - 1)] ?? "A";
    return `${l()}${l()}${r.int(10, 74)} ${l()}${l()}${l()}`;
  };

  // ---- producers --------------------------------------------------------------------------------------
  const boot = r.hex(32);
  const stream = r.hex(32);
  const seq0 = r.int(0x40000, 0x90000);
  const barrierd = (t: number, prio: number, message: string, label: Label = null): void => {
    const seq = seq0 + Math.floor((t - from) / 37); // journal entries are numbered in time order
    tl.add(
      t,
      "us",
      {
        __CURSOR: `s=${stream};i=${seq.toString(16)};b=${boot};m=${r.hex(9)};t=${Math.floor(t * 1000).toString(16)};x=${r.hex(16)}`,
        __REALTIME_TIMESTAMP: epochUsStr(t),
        __MONOTONIC_TIMESTAMP: String(Math.floor((t - from + 12 * 86_400_000) * 1000)),
        _BOOT_ID: boot,
        _TRANSPORT: "stdout",
        PRIORITY: String(prio),
        SYSLOG_FACILITY: "3",
        SYSLOG_IDENTIFIER: "barrierd",
        _PID: "1187",
        _UID: "998",
        _GID: "998",
        _COMM: "barrierd",
        _EXE: "/opt/parkline/bin/barrierd",
        _CMDLINE: "/opt/parkline/bin/barrierd --config /etc/parkline/lanes.toml",
        _SYSTEMD_UNIT: "barrierd.service",
        _HOSTNAME: "garage-edge-01",
        _STREAM_ID: stream,
        MESSAGE: message,
      },
      label,
    );
  };
  const bunyan = (t: number, level: number, fields: Record<string, unknown>, msg: string, label: Label = null): void => {
    tl.add(t, "ms", { name: "pay-bridge", hostname: "garage-edge-01", pid: 2214, level, ...fields, msg, time: isoMs(t), v: 0 }, label);
  };
  const occupancy = (t: number, event: string, kw: Record<string, unknown>): void => {
    tl.add(t, "us", { event, ...kw, service: "occupancy", level: "info", logger: "occupancy.counter", timestamp: isoUs(t) });
  };

  // ---- entries: unaffected ------------------------------------------------------------------------------
  let ticket = r.int(440_000, 450_000);
  let inside = r.int(310, 360);
  for (const t of arrivals(r, from, to, 0.6)) {
    const lane = r.pick(["ENTRY-1", "ENTRY-2"]);
    barrierd(t, 6, `lane ${lane}: plate read '${plate()}' conf=${r.float(0.88, 0.99).toFixed(2)}`);
    barrierd(us(t + r.float(1.5, 3) * SEC), 6, `lane ${lane}: barrier raised (ticket ${ticket++} issued)`);
    inside += 1;
  }

  // ---- exits -------------------------------------------------------------------------------------------------
  const queue: Record<string, number> = { "EXIT-1": 0, "EXIT-2": 0 };
  for (const t of arrivals(r, from, to, 0.95)) {
    const lane = r.pick(EXITS);
    const p = plate();
    const amount = r.pick([250, 400, 650, 900, 1200, 1800]);
    barrierd(t, 6, `lane ${lane}: plate read '${p}' conf=${r.float(0.88, 0.99).toFixed(2)}`);
    inside -= 1;
    if (t >= freeExit) {
      barrierd(us(t + 800), 6, `lane ${lane}: barrier raised (free exit)`, "pattern");
      continue;
    }
    const ref = `${r.hex(8)}`.toUpperCase();
    if (t < t0) {
      const ms = r.healthy(850, 0.3);
      bunyan(us(t + 2 * SEC + ms), 30, { lane, amount_pence: amount, auth_ref: ref, latency_ms: Math.round(ms) }, "authorization approved");
      barrierd(us(t + 2 * SEC + ms + 300), 6, `lane ${lane}: barrier raised (paid ${ref})`);
      continue;
    }
    const at = us(t + 2 * SEC + 30_000);
    bunyan(
      at,
      50,
      { lane, amount_pence: amount, auth_ref: ref, timeout_ms: 30000, latency_ms: 30000 + r.int(1, 40) },
      "authorization timed out after 30000 ms",
      "performance",
    );
    barrierd(us(at + 200), 4, `lane ${lane}: vend denied, payment not confirmed; barrier held`, "error");
    if (r.chance(0.45)) barrierd(us(at + r.float(10, 40) * SEC), 5, `lane ${lane}: help button pressed, intercom call to control room`, "pattern");
    barrierd(us(at + r.float(45, 150) * SEC), 5, `lane ${lane}: manual raise by attendant badge ${r.pick(["2231", "2240", "1987"])}`, "pattern");
  }
  for (const lane of EXITS) {
    barrierd(us(freeExit + r.float(0, 20) * SEC), 5, `lane ${lane}: mode changed NORMAL -> FREE_EXIT by operator console`, "pattern");
    for (const t of ticks(r, from, to, MIN, 2 * SEC)) {
      const jammed = t >= t0 + 2 * MIN && t < freeExit + 3 * MIN;
      queue[lane] = jammed ? r.int(5, 14) : r.int(0, 2);
      barrierd(t, jammed ? 4 : 6, `lane ${lane}: exit queue length ${queue[lane]} vehicles (camera count)`, jammed ? "performance" : null);
    }
  }

  // ---- pay-bridge: the acquirer link ----------------------------------------------------------------------------
  bunyan(
    t0,
    50,
    { acquirer: "gw-acq.cardpath.example:443", err: { message: "read ECONNRESET", name: "Error", code: "ECONNRESET" } },
    "acquirer link down",
    "error",
  );
  let attempt = 1;
  for (const t of ticks(r, us(t0 + 5 * SEC), to, 30 * SEC, 2 * SEC)) {
    bunyan(
      t,
      50,
      {
        acquirer: "gw-acq.cardpath.example:443",
        attempt: attempt++,
        err: { message: "Client network socket disconnected before secure TLS connection was established", name: "Error", code: "ECONNRESET" },
      },
      "reconnect to acquirer failed",
      "error",
    );
  }
  for (const t of ticks(r, from, t0, MIN, 2 * SEC)) {
    bunyan(t, 30, { acquirer: "gw-acq.cardpath.example:443", rtt_ms: Math.round(r.healthy(38, 0.3)) }, "acquirer keepalive ok");
  }

  // ---- occupancy ------------------------------------------------------------------------------------------------
  for (const t of ticks(r, from, to, 3 * MIN, 5 * SEC)) {
    occupancy(t, "occupancy updated", { spaces_total: 620, occupied: inside, levels: { L1: r.int(90, 120), L2: r.int(100, 130), L3: r.int(80, 110) } });
  }

  return tl.build(
    "parking-garage-exit-payment-link-down",
    "Car park: the payment bridge loses its acquirer link a few minutes in and never recovers; exit authorisations time out, barriers stay down, queues build, attendants raise barriers by hand and switch to free exit; most of the small window is the incident.",
  );
}
