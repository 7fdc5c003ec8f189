// A Blue Gene-style supercomputer's RAS event stream exported as JSON. FATAL, ERROR and FAILURE
// are everyday severities here (TLB interrupts from buggy user codes, ciod control-stream resets,
// the idoproxy ASSERT, corrected parity errors). The incident: a bulk power module in one rack
// sags, node boards lose power-good, link cards latch errors, the service monitor fails, and the
// jobs on those midplanes die. Those alert kinds never appear on an ordinary day.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoMicro, type Label, MIN, Rand, Timeline, windowStart } from "./lib.js";

export function hpcBulkPowerFault(seed: number): Scenario {
  const r = new Rand(seed, "s04-hpc");
  const tl = new Timeline();
  const t0 = windowStart(r);
  const t1 = t0 + 12 * HOUR;
  const onset = t0 + r.float(5.5, 8.5) * HOUR;
  const badRack = `R${r.int(10, 47)}`;
  const badMid = `${badRack}-M${r.int(0, 1)}`;
  const firstRecid = r.int(2_000_000, 9_000_000);

  const rack = () => `R${r.int(0, 47).toString().padStart(2, "0")}`;
  const nodeLoc = (mid?: string) =>
    `${mid ?? `${rack()}-M${r.int(0, 1)}`}-N${r.int(0, 15).toString().padStart(2, "0")}-J${r.int(4, 35).toString().padStart(2, "0")}`;
  const blockOf = (loc: string) => `${loc.slice(0, 10)}-512`;

  const ev = (
    t: number,
    severity: string,
    component: string,
    category: string,
    msgId: string,
    location: string,
    message: string,
    label: Label,
    extra: Record<string, unknown> = {},
  ) => {
    tl.add(
      t,
      {
        recid: 0, // numbered in time order below
        timestamp: isoMicro(t, " "),
        system: "kestrel",
        msg_id: msgId,
        category,
        component,
        severity,
        location,
        block: /^R\d+-M\d-N/.test(location) ? blockOf(location) : null,
        jobid: category === "BQC" || component === "CNK" ? r.int(800000, 899999) : null,
        count: 1,
        ctlaction: null,
        message,
        ...extra,
      },
      label,
    );
  };

  // Everyday traffic, including alarming-looking severities.
  const everyday: readonly (readonly [number, (t: number) => void])[] = [
    [26, (t) => ev(t, "INFO", "CNK", "BQC", "00040001", nodeLoc(), "instruction cache parity error corrected", null)],
    [14, (t) => ev(t, "FATAL", "CNK", "BQC", "00010001", nodeLoc(), `data TLB error interrupt: vaddr=0x${r.hex(8)} esr=0x00800000`, null)],
    [
      12,
      (t) =>
        ev(
          t,
          "FATAL",
          "CIOS",
          "Software_Error",
          "00060005",
          nodeLoc(),
          `ciod: failed to read message prefix on control stream (CioStream socket to 172.16.${r.int(96, 127)}.${r.int(1, 254)}:${r.int(30000, 60000)})`,
          null,
        ),
    ],
    [
      8,
      (t) =>
        ev(
          t,
          "ERROR",
          "MMCS",
          "Software_Error",
          "00080003",
          "mmcs_db_server",
          "idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cc Source line=1043 Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)",
          null,
        ),
    ],
    [
      18,
      (t) =>
        ev(
          t,
          "INFO",
          "MMCS",
          "Block",
          "00080010",
          nodeLoc().slice(0, 6),
          `block ${rack()}-M${r.int(0, 1)}-${r.pick(["64", "128", "512"])} booted for job ${r.int(800000, 899999)} (user ${r.pick(["jchen", "okafor", "mrossi", "pnair", "lgarcia"])})`,
          null,
        ),
    ],
    [
      18,
      (t) =>
        ev(
          t,
          "INFO",
          "MMCS",
          "Block",
          "00080011",
          nodeLoc().slice(0, 6),
          `job ${r.int(800000, 899999)} exited normally with status 0 after ${r.int(60, 86000)}s`,
          null,
        ),
    ],
    [
      5,
      (t) =>
        ev(
          t,
          "WARNING",
          "MC",
          "Card",
          "00061004",
          `${rack()}-M${r.int(0, 1)}-N${r.int(0, 15)}`,
          `node board temperature ${r.int(52, 61)}C above warning threshold 50C; fan speed increased`,
          null,
        ),
    ],
    [
      4,
      (t) =>
        ev(t, "ERROR", "CNK", "BQC", "00010007", nodeLoc(), `correctable DDR error: rank ${r.int(0, 1)} symbol ${r.int(0, 71)} count 1 (threshold 1000)`, null),
    ],
    [3, (t) => ev(t, "FAILURE", "CNK", "BQC", "00010009", nodeLoc(), `Job ${r.int(800000, 899999)} terminated by signal 9 (user request)`, null)],
    [
      3,
      (t) =>
        ev(
          t,
          "SEVERE",
          "BGMASTER",
          "Software_Error",
          "00070002",
          "sn1",
          `subnet_mc ${r.pick(["SubnetMc_2", "SubnetMc_5"])} heartbeat late by ${r.int(2, 9)}s; continuing`,
          null,
        ),
    ],
  ];
  for (const t of r.times(r.int(3200, 3900), t0, t1)) r.weighted(everyday.map(([w, f]) => [f, w] as const))(t);

  // The incident.
  const bpm = `${badRack}-B:P${r.int(0, 5)}`;
  let t = onset;
  const sags = r.int(3, 5);
  for (let i = 0; i < sags; i++) {
    ev(
      t,
      "WARNING",
      "BULKPOWER",
      "Power",
      "00040510",
      bpm,
      `Bulk Power Module ${bpm} output voltage out of range: V=${(r.float(43.2, 46.1)).toFixed(2)} (nominal 48.00)`,
      "error",
    );
    t += r.float(15_000, 60_000);
  }
  ev(
    t,
    "FATAL",
    "BULKPOWER",
    "Power",
    "00040512",
    bpm,
    `Bulk Power Module ${bpm} fault: over-current shutdown, ${r.int(2, 3)} of 6 modules remaining in ${badRack}-B`,
    "error",
  );
  const boards = Array.from({ length: r.int(5, 9) }, (_, i) => `${badMid}-N${String((i * 2 + r.int(0, 1)) % 16).padStart(2, "0")}`);
  for (const b of boards) {
    const tb = t + r.float(500, 20_000);
    ev(tb, "FATAL", "MC", "Card", "00061A01", b, `Power Good signal deasserted on node board ${b}; 32 compute cards powered off`, "error");
    const latches = r.int(2, 4);
    for (let k = 0; k < latches; k++)
      ev(
        tb + r.float(100, 5000),
        "FATAL",
        "MC",
        "Card",
        "00061A07",
        `${badMid}-L${r.int(0, 3)}`,
        `Link PGOOD error latched on link card ${badMid}-L${r.int(0, 3)} (port ${r.pick(["A", "B", "C", "D"])}${r.int(0, 9)})`,
        "error",
      );
  }
  // Jobs on the midplane die; kernels report bad message headers in a burst.
  const burstStart = t + 10_000;
  for (const tt of r.times(r.int(60, 120), burstStart, burstStart + 8 * MIN)) {
    ev(
      tt,
      "FATAL",
      "CNK",
      "BQC",
      "00010015",
      nodeLoc(badMid),
      `rts: kernel terminated for reason 1004rts: bad message header: invalid cpu, type=${r.int(30000, 50000)}, cpu=${r.int(0, 511)}, index=${r.int(1e6, 9e6)}, total=${r.int(1, 4)}`,
      "error",
    );
  }
  const deadJobs = r.int(4, 9);
  for (let k = 0; k < deadJobs; k++) {
    const job = r.int(800000, 899999);
    ev(
      burstStart + r.float(30_000, 9 * MIN),
      "ERROR",
      "MMCS",
      "Block",
      "00080021",
      badMid,
      `job ${job} ended abnormally: block ${badMid}-512 in error state (node failure); ${r.int(512, 4096)} ranks lost`,
      "error",
    );
  }
  // The control system's monitor keeps failing to talk to the dead boards.
  for (let tt = t + r.float(60_000, 120_000); tt < Math.min(t1, t + 3 * HOUR); tt += r.float(3 * MIN, 9 * MIN)) {
    ev(
      tt,
      "FAILURE",
      "MONITOR",
      "Software_Error",
      "00090201",
      r.pick(boards),
      "monitor caught java.lang.IllegalStateException: while executing I2C Operation caught java.net.SocketException: Broken pipe and is stopping",
      "pattern",
    );
    ev(
      tt + r.float(200, 2000),
      "WARNING",
      "MONITOR",
      "Software_Error",
      "00090205",
      r.pick(boards),
      `EnvMon: no environmental data from ${r.pick(boards)} for ${Math.round((tt - t) / 60_000)} minutes`,
      "pattern",
    );
  }
  ev(
    t + r.float(20, 40) * MIN,
    "INFO",
    "MMCS",
    "Block",
    "00080030",
    badMid,
    `service action ${r.int(100, 999)} opened on ${badRack}-B by ${r.pick(["ops-hdavis", "ops-kim"])}: replace bulk power module`,
    null,
  );

  const scenario = tl.build(
    "hpc-bulk-power-fault",
    "RAS events of a Blue Gene-style machine where FATAL/ERROR are everyday; a bulk power module fault brings alert kinds (power-good loss, link-card latches, monitor failures) seen only during the incident.",
  );
  scenario.logs.forEach((e, i) => {
    e.recid = firstRecid + i;
  });
  return scenario;
}
