// d04: a Blue Gene-style supercomputer RAS log over 8 hours. FATAL (ciod job teardown) and
// CRITICAL (node card VPD mismatches) are everyday levels for APP and DISCOVERY; correctable
// parity/CE lines are everyday KERNEL INFO. A failing node card in midplane R63-M0 produces ~7 %
// true alerts: machine checks, TLB errors, DDR steering failures, link bit sparing (a line type
// otherwise absent), severed ciod links, power faults and slow/timed-out control responses.
import { arrivals, HOUR, iso, type Label, MIN, Rng, round, SEC, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

export default function d04(seed: number): Scenario {
  const r = new Rng(seed, "d04-bgl-nodecard-fault");
  const t0 = startTime(r);
  const t1 = t0 + 8 * HOUR;
  const T = t0 + r.int(200, 330) * MIN + r.int(0, 59_999);
  const E = T + r.int(40, 60) * MIN;
  const tl = new Timeline();
  const rack = () => `R${String(r.int(0, 62)).padStart(2, "0")}-M${r.int(0, 1)}-N${r.int(0, 15).toString(16).toUpperCase()}`;
  const chip = () => `C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;
  const bad = () => `R63-M0-N4-${chip()}`;
  const ras = (t: number, node: string, component: string, level: string, message: string, label: Label = null) =>
    tl.add(t, { timestamp: iso(t), node, type: "RAS", component, level, message }, label);
  const ip = () => `172.16.${r.int(96, 99)}.${r.int(1, 254)}:${r.int(32_768, 60_999)}`;

  // everyday traffic
  for (const t of arrivals(r, t0, t1, 15 * SEC)) ras(t, `${rack()}-${chip()}`, "KERNEL", "INFO", "instruction cache parity error corrected");
  for (const t of arrivals(r, t0, t1, 40 * SEC)) {
    if (r.chance(0.6)) ras(t, `${rack()}-${chip()}`, "KERNEL", "INFO", `CE sym ${r.int(0, 31)}, at 0x${r.hex(8)}, mask 0x${r.hex(2)}`);
    else ras(t, `${rack()}-${chip()}`, "KERNEL", "INFO", `total of ${r.int(1, 4)} ddr error(s) detected and corrected`);
  }
  for (const t of arrivals(r, t0, t1, 3 * MIN)) {
    const u = String(r.int(1, 9)).padStart(2, "0");
    ras(
      t,
      rack(),
      "DISCOVERY",
      "CRITICAL",
      `Node card VPD check: U${u} node in processor card slot J${String(r.int(2, 17)).padStart(2, "0")} do not match. VPD ecid ${r.hex(24).toUpperCase()}, found ${r.hex(24).toUpperCase()}`,
    );
  }
  for (const t of arrivals(r, t0, t1, 5 * MIN))
    ras(
      t,
      `${rack()}`,
      "MMCS",
      "INFO",
      `block ${rack().slice(0, 6)} booted, job ${r.int(40_000, 49_999)} started by ${r.pick(["llnl-batch", "slurm", "moab"])}`,
    );
  for (const t of arrivals(r, t0, t1, 10 * MIN))
    ras(t, rack(), "MONITOR", "WARNING", `fan module ${r.int(0, 5)} speed ${r.int(2600, 2900)} rpm below nominal 3000 rpm`);
  for (const t of arrivals(r, t0, t1, 4 * MIN))
    ras(t, `${rack()}-${chip()}`, "APP", "FATAL", `ciod: failed to read message prefix on control stream (CioStream socket to ${ip()}`);
  // job teardowns: bursts of core generation and ciod FATALs on one block
  for (const b of arrivals(r, t0, t1, 45 * MIN)) {
    const blk = rack();
    const n = r.int(15, 35);
    for (let i = 0; i < n; i++) {
      const t = b + r.int(0, 8_000);
      if (r.chance(0.5)) ras(t, `${blk}-${chip()}`, "KERNEL", "INFO", `generating core.${r.int(100, 4095)}`);
      else ras(t, `${blk}-${chip()}`, "APP", "FATAL", `ciod: failed to read message prefix on control stream (CioStream socket to ${ip()}`);
    }
  }

  // the failing node card R63-M0-N4
  ras(T, "R63-M0-L2", "LINKCARD", "FATAL", "MidplaneSwitchController performing bit sparing on R63-M0-L2 bit 11", "pattern");
  for (let ev = T + r.int(5, 60) * SEC; ev < E; ev += r.int(2, 5) * MIN) {
    const kind = r.int(0, 9);
    const n = r.int(10, 22);
    for (let i = 0; i < n; i++) {
      const t = ev + r.int(0, 3_000);
      if (kind <= 3) ras(t, bad(), "KERNEL", "FATAL", "machine check interrupt (bit=0x1d): L2 dcache unit data parity error", "error");
      else if (kind <= 5) ras(t, bad(), "KERNEL", "FATAL", "data TLB error interrupt", "error");
      else if (kind === 6) ras(t, bad(), "KERNEL", "INFO", `total of ${r.int(1_200, 9_000)} ddr error(s) detected and corrected`, "pattern");
      else if (kind === 7)
        ras(t, bad(), "APP", "FATAL", `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to ${ip()}: Link has been severed`, "error");
      else if (kind === 8)
        ras(
          t,
          bad(),
          "KERNEL",
          "FATAL",
          `ddr: Unable to steer rank=${r.int(0, 1)} symbol=${r.int(0, 31)} - rank is already steering symbol ${r.int(0, 31)}. Due to multiple symbols being over the correctable error threshold, consider replacing the card`,
          "error",
        );
      else
        ras(
          t,
          `R63-M0-L${r.int(0, 3)}`,
          "LINKCARD",
          "FATAL",
          `MidplaneSwitchController performing bit sparing on R63-M0-L${r.int(0, 3)} bit ${r.int(0, 23)}`,
          "pattern",
        );
    }
    if (r.chance(0.4))
      ras(
        ev + r.int(3_000, 9_000),
        "R63-M0-N4",
        "HARDWARE",
        "ERROR",
        `power module U${r.int(50, 57)} status fault, 1.5V domain read ${round(r.float(1.31, 1.4), 3)}V out of range`,
        "error",
      );
    if (r.chance(0.35))
      ras(
        ev + r.int(3_000, 9_000),
        "R63-M0-N4",
        "MMCS",
        "WARNING",
        `idoproxy: response from node card R63-M0-N4 took ${r.int(12_000, 48_000)} ms (limit 5000 ms)`,
        "performance",
      );
  }
  ras(E - r.int(1, 4) * MIN, "R63-M0", "MMCS", "ERROR", "boot of block R63-M0 timed out after 1800 seconds: 1 of 16 node cards not responding", "performance");
  ras(E + r.int(1, 3) * MIN, "R63-M0-N4", "MMCS", "INFO", "node card R63-M0-N4 marked in service action, block R63-M0 drained", "pattern");
  return tl.build("d04-bgl-nodecard-fault", "Supercomputer RAS log with everyday FATAL/CRITICAL noise; a failing node card in R63-M0 raises ~7 % true alerts");
}
