// s04: the RAS event log of a Blue Gene-style supercomputer (one JSON record per RAS event).
// FATAL, SEVERE, FAILURE, ERROR and CRITICAL are everyday severities here: TLB interrupts,
// severed ciod links after user jobs die, idoproxy ASSERTs, a monitor exception, bogus sensor
// readings. The real alert is a kind of FATAL otherwise absent: a node card's power module
// drops PGOOD; its nodes throw machine checks and tree-network errors, running jobs die, and
// the card is taken out for a service action.
import { MIN, Rng, SEC, Timeline, arrivals, baseTime, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

export function hpcRasEventlog(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s04-hpc-ras-eventlog"));
  const tl = new Timeline();
  const start = baseTime(r, 0, 20);
  const end = start + r.int(180, 300) * MIN;
  const vol = r.float(0.85, 1.2);
  const rack = `R${r.int(1, 3)}${r.int(0, 7)}`;
  const mid = `M${r.int(0, 1)}`;
  const card = `N${r.int(0, 15).toString(16).toUpperCase()}`;
  const badCard = `${rack}-${mid}-${card}`;
  const badMid = `${rack}-${mid}`;
  const iStart = start + (end - start) * r.float(0.35, 0.65);
  const iEnd = iStart + r.int(18, 30) * MIN;
  const tService = iEnd + r.int(3, 9) * MIN;
  const serviceAction = r.int(1200, 4800);
  const users = ["kmeyer", "tnguyen", "aprakash", "jsilva", "mharris", "lchen", "rkowal"];

  const loc = (): string => {
    const rk = `R${r.int(0, 3)}${r.int(0, 7)}`;
    return `${rk}-M${r.int(0, 1)}-N${r.int(0, 15).toString(16).toUpperCase()}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;
  };
  const badLoc = () => `${badCard}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;
  const ioNode = () => `172.16.96.${r.int(20, 200)}:${r.int(32768, 60999)}`;
  const evTime = (t: number) => {
    const s = new Date(Math.floor(t)).toISOString();
    const micro = String(Math.floor((t % 1000) * 1000)).padStart(6, "0");
    return `${s.slice(0, 10)}-${s.slice(11, 13)}.${s.slice(14, 16)}.${s.slice(17, 19)}.${micro}`;
  };
  const ras = (t: number, node: string, component: string, severity: string, message: string) => ({
    recid: 0,
    timestamp: Math.floor(t / 1000),
    node,
    event_time: evTime(t),
    type: "RAS",
    component,
    severity,
    message,
  });
  const add = (t: number, node: string, comp: string, sev: string, msg: string, label: "error" | "pattern" | null = null) =>
    tl.add(t, ras(t, node, comp, sev, msg), label);

  // ---------- everyday traffic ----------
  const everyday: [() => void, number][] = [];
  let now = 0;
  const kernelInfo = () => {
    const n = loc();
    const k = r.next();
    if (k < 0.35) add(now, n, "KERNEL", "INFO", "instruction cache parity error corrected");
    else if (k < 0.55) add(now, n, "KERNEL", "INFO", `CE sym ${r.int(0, 35)}, at 0x${r.hex(8)}, mask 0x${r.hex(2)}`);
    else if (k < 0.7)
      add(now, n, "KERNEL", "INFO", `${r.int(1, 9)} ddr error(s) detected and corrected on rank 0, symbol ${r.int(0, 35)} over ${r.int(100, 9000)} seconds`);
    else if (k < 0.8) add(now, n, "KERNEL", "INFO", `total of ${r.int(1, 40)} ddr error(s) detected and corrected`);
    else if (k < 0.9) add(now, n, "KERNEL", "INFO", `generating core.${r.int(100, 9999)}`);
    else add(now, n, "KERNEL", "INFO", "program interrupt: fp cr field .............0");
  };
  // A user job dying: a burst of FATAL interrupts and severed ciod links from its nodes.
  const jobCrash = () => {
    const rk = `R${r.int(0, 3)}${r.int(0, 7)}-M${r.int(0, 1)}-N${r.int(0, 15).toString(16).toUpperCase()}`;
    const kind = r.next();
    const n = r.int(2, 9);
    for (let i = 0; i < n; i++) {
      const t = now + r.int(0, 4000);
      const node = `${rk}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;
      if (kind < 0.45) {
        add(t, node, "KERNEL", "FATAL", "data TLB error interrupt");
        add(t + 1, node, "KERNEL", "FATAL", `instruction address: 0x${r.hex(8)}`);
      } else if (kind < 0.7) {
        add(t, node, "KERNEL", "FATAL", "data storage interrupt");
      } else {
        add(t, node, "APP", "FATAL", `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to ${ioNode()}: Link has been severed`);
      }
    }
    if (r.chance(0.5)) add(now + 5000, `${rk}-C:J18-U11`, "KERNEL", "FATAL", "rts: kernel terminated for reason 1004");
  };
  const appLogin = () =>
    add(
      now,
      loc(),
      "APP",
      "FATAL",
      `ciod: LOGIN chdir(/p/gb${r.int(1, 2)}/${r.pick(users)}/${r.pick(["runs", "scratch", "sweep"])}${r.int(1, 40)}) failed: No such file or directory`,
    );
  const mmcsAssert = () =>
    add(
      now,
      "NULL",
      "MMCS",
      "ERROR",
      "idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=1043 Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)",
    );
  const monitor = () => add(now, "NULL", "MONITOR", "FAILURE", "monitor caught java.lang.IllegalStateException: while executing CONTROL Operation");
  const vpd = () => {
    const l = loc();
    add(
      now,
      l.slice(0, 10),
      "DISCOVERY",
      "WARNING",
      `Node card VPD check: U${String(r.int(1, 99)).padStart(2, "0")} node in processor card slot J${String(r.int(2, 17)).padStart(2, "0")} do not match. VPD ecid ${r.hex(24).toUpperCase()}, found ${r.hex(24).toUpperCase()}`,
    );
  };
  const assembly = () => add(now, loc().slice(0, 10), "DISCOVERY", "SEVERE", "Can not get assembly information for node card");
  const idoChip = () =>
    add(
      now,
      loc().slice(0, 10),
      "DISCOVERY",
      "INFO",
      `Ido chip status changed: FF:F2:9F:${r.hex(2).toUpperCase()}:${r.hex(2).toUpperCase()}:${r.hex(2).toUpperCase()} ip=10.0.${r.int(0, 3)}.${r.int(1, 250)} v=13 t=4 status=M`,
    );
  const envmon = () => {
    const rk = `R${r.pick(["07", "15", "31"])}`;
    if (r.chance(0.6)) add(now, `${rk}-M1-S`, "ENVMON", "CRITICAL", `Temperature sensor ${rk}-M1-S on service card reads 0xFFFF (sensor not present)`);
    else add(now, `${rk}-B`, "ENVMON", "CRITICAL", `Fan module ${rk}-B-F${r.int(0, 5)} reports 0 rpm (module not installed)`);
  };
  const linkcard = () =>
    add(now, `${loc().slice(0, 6)}-L${r.int(0, 3)}`, "LINKCARD", "FATAL", "MidplaneSwitchController::receiveTrain() iDo->getBytes(2, 32) failed");
  const mcheck = () => add(now, loc(), "KERNEL", "FATAL", "machine check interrupt (bit=0x1d): L2 dcache unit data parity error");
  let jobId = r.int(40000, 90000);
  const jobs = () => {
    const blk = `R${r.int(0, 3)}${r.int(0, 7)}-M${r.int(0, 1)}`;
    const j = jobId++;
    if (r.chance(0.55)) add(now, "NULL", "MMCS", "INFO", `job ${j} started on block ${blk} by ${r.pick(users)} (${r.pick([32, 64, 128, 512])} nodes)`);
    else add(now, "NULL", "MMCS", "INFO", `job ${j} ended on block ${blk}: exit status ${r.chance(0.85) ? 0 : r.pick([1, 2, 139])}`);
  };
  const mmcsInfo = () => {
    const blk = `R${r.int(0, 3)}${r.int(0, 7)}-M${r.int(0, 1)}`;
    add(
      now,
      "NULL",
      "MMCS",
      "INFO",
      r.chance(0.5) ? `block ${blk} booted successfully in ${r.int(80, 240)} seconds` : `block ${blk} freed by ${r.pick(users)}`,
    );
  };

  everyday.push(
    [kernelInfo, 38],
    [jobCrash, 3.2],
    [appLogin, 2.2],
    [mmcsAssert, 1.6],
    [monitor, 0.8],
    [vpd, 1.2],
    [assembly, 0.7],
    [idoChip, 1.4],
    [envmon, 1.3],
    [linkcard, 0.5],
    [mcheck, 0.4],
    [jobs, 6],
    [mmcsInfo, 3],
  );
  for (const t of arrivals(r, start, end, 5200 / vol)) {
    now = t;
    const f = r.weighted(everyday);
    f();
  }
  for (const t of arrivals(r, start, end, 75 * MIN)) {
    now = t;
    add(
      t,
      "NULL",
      "MMCS",
      "INFO",
      r.chance(0.5)
        ? "ciodb has been restarted."
        : "idoproxydb has been started: $Name: DRV410_2005 $ Input parameters: -enableflush -loguserinfo db.properties BlueGene1",
    );
  }

  // ---------- the incident: node card power fault ----------
  const module = `U${r.int(50, 69)}`;
  let tp = iStart;
  while (tp < iEnd) {
    const volts = (1.24 + r.float(0, 0.12)).toFixed(2);
    add(
      tp,
      badCard,
      "HARDWARE",
      "FATAL",
      `Node card ${badCard} power module ${module} reports PGOOD deasserted: 1.5V rail at ${volts}V (limit 1.42V)`,
      "error",
    );
    tp += r.int(90, 240) * SEC;
  }
  // Node card status dumps from discovery.
  for (const t of arrivals(r, iStart + 20 * SEC, iEnd, 5 * MIN)) {
    add(
      t,
      badCard,
      "DISCOVERY",
      "SEVERE",
      "Node card status: no ALERTs are active. Clock Mode is Low. Clock Select is Midplane. Phy JTAG Reset is asserted. ASIC JTAG Reset is not asserted. Temperature Mask is not active. No temperature error. Temperature Limit Error Latch is clear. PGOOD IS NOT ASSERTED. PGOOD ERROR LATCH IS ACTIVE. MPGOOD IS NOT OK. MPGOOD ERROR LATCH IS ACTIVE. The 2.5 volt rail is OK. The 1.5 volt rail is NOT OK.",
      "error",
    );
  }
  // The nodes on the card fail.
  for (const t of arrivals(r, iStart + 5 * SEC, iEnd, 9 * SEC)) {
    const n = badLoc();
    const k = r.next();
    if (k < 0.35) add(t, n, "KERNEL", "FATAL", "machine check interrupt (bit=0x10): L2 dcache unit read return parity error", "error");
    else if (k < 0.6)
      add(
        t,
        n,
        "KERNEL",
        "FATAL",
        `Error receiving packet on tree network, expecting type 57 instead of type ${r.int(1, 9)} (softheader=${r.hex(8)} ${r.hex(8)} ${r.hex(8)} ${r.hex(8)}) PSR0=${r.hex(8)} PSR1=${r.hex(8)} PRXF=${r.hex(8)} PIXF=${r.hex(8)}`,
        "error",
      );
    else if (k < 0.85)
      add(t, n, "APP", "FATAL", `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to ${ioNode()}: Link has been severed`, "error");
    else add(t, n, "KERNEL", "FATAL", "rts: kernel terminated for reason 1004", "error");
  }
  const nJobs = r.int(2, 5);
  for (let i = 0; i < nJobs; i++) {
    const t = iStart + r.int(30, 600) * SEC;
    add(t, "NULL", "MMCS", "ERROR", `job ${jobId++} terminated abnormally on block ${badMid}: node card ${badCard} lost power (exit status 143)`, "error");
  }
  // Taken out of service.
  add(iEnd + 20 * SEC, "NULL", "MMCS", "INFO", `block ${badMid} freed; marking node card ${badCard} in error state`, "pattern");
  add(
    tService,
    badCard,
    "HARDWARE",
    "WARNING",
    `PrepareForService shutting down Node card(mLctn(${badCard}), mCardSernum(${r.hex(56)}), mLp(FF:F2:9F:${r.hex(2).toUpperCase()}:${r.hex(2).toUpperCase()}:${r.hex(2).toUpperCase()}), mIp(10.1.${r.int(0, 3)}.${r.int(1, 250)}), mType(4)) as part of Service Action ${serviceAction}`,
    "pattern",
  );
  if (end - tService > 25 * MIN) {
    const tEnd = tService + r.int(18, 24) * MIN;
    add(
      tEnd,
      badCard,
      "HARDWARE",
      "WARNING",
      `EndServiceAction ${serviceAction} performed upon ${badCard} by ${r.pick(["hwadmin", "sysop1", "fieldeng"])}`,
      "pattern",
    );
    add(
      tEnd + 40 * SEC,
      "NULL",
      "MMCS",
      "INFO",
      `EndServiceAction is restarting the NodeCards in midplane ${badMid} as part of Service Action ${serviceAction}`,
      "pattern",
    );
  }

  const scenario = tl.build(
    "hpc-ras-node-card-power-fault",
    "Blue Gene-style RAS event log where FATAL/SEVERE/CRITICAL are everyday; a node card's power module drops PGOOD (a FATAL otherwise absent), its nodes fail and jobs die.",
  );
  // The RAS database numbers its records in the order they were written.
  const firstRecid = r.int(4000000, 9000000);
  scenario.logs.forEach((log, i) => {
    log.recid = firstRecid + i;
  });
  return scenario;
}
