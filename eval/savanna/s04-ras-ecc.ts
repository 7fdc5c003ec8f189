/**
 * s04: the RAS event log of a Blue Gene-style supercomputer at a climate-modelling centre,
 * exported from the RAS database by a shipper (Logstash adds `@timestamp`). FATAL, FAILURE,
 * SEVERE and CRITICAL events are everyday noise for some components (APP's ciod messages at
 * every job end, DISCOVERY's VPD mismatches, MONITOR's sensor reads, HARDWARE's service
 * actions). The real alert is a node card's memory going bad: event kinds the log otherwise
 * lacks (DDR soft-failure bursts, then uncorrectable errors, a machine check and a block freed).
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { HOUR, MIN, SEC, Timeline, arrivals, every, isoUs, pad, spread, type Label, type Log } from "./common.js";

const NAME = "ras-ecc";

export function s04RasEcc(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(6, 8) * HOUR - rng.int(0, 40) * MIN;
  const start = rng.start2026(span);
  const end = start + span;
  const tl = new Timeline();

  let recid = rng.int(4_000_000, 9_000_000);
  const rack = (): string => `R${pad(rng.int(0, 63))}`;
  const mid = (): string => `${rack()}-M${rng.int(0, 1)}`;
  const nodeCard = (): string => `${mid()}-N${rng.int(0, 15).toString(16).toUpperCase()}`;
  const nodeLoc = (card = nodeCard()): string => `${card}-C:J${pad(rng.int(2, 17))}-U${rng.pick(["01", "11"])}`;
  /** RAS database's own stamp, `2026-03-04-10.11.12.123456`. */
  const rasTime = (t: number): string => isoUs(t).slice(0, 26).replace("T", "-").replace(/:/g, ".");
  const ciodAddr = (): string => `172.16.${rng.int(96, 127)}.${rng.int(1, 254)}:${rng.int(32768, 60999)}`;
  const jobs: number[] = Array.from({ length: 60 }, () => rng.int(400_000, 999_999));

  const ras = (
    t: number,
    component: string,
    subcomponent: string,
    msgId: string,
    severity: string,
    location: string,
    message: string,
    extra: Log = {},
  ): Log => ({
    "@timestamp": isoUs(t),
    recid: recid++,
    event_time: rasTime(t),
    msg_id: msgId,
    component,
    subcomponent,
    errcode: msgId.split("_")[1] ?? "",
    severity,
    location,
    block: location.slice(0, 6),
    jobid: rng.chance(0.6) ? rng.pick(jobs) : null,
    message,
    ...extra,
  });

  // ------------------------------------------------------------ everyday events (noise)
  const noise = (t: number): void => {
    const k = rng.weighted([
      ["ciod-prefix", 14],
      ["ciod-severed", 6],
      ["ciod-chdir", 4],
      ["ciod-exec", 3],
      ["icache", 10],
      ["core", 7],
      ["ce", 3],
      ["vpd", 6],
      ["ncstatus", 4],
      ["idochip", 3],
      ["sensor", 4],
      ["service", 1],
      ["jobstart", 7],
      ["jobend", 7],
      ["blockalloc", 3],
      ["linkpgood", 1],
    ] as const);
    const card = nodeCard();
    const loc = nodeLoc(card);
    switch (k) {
      case "ciod-prefix":
        tl.add(t, ras(t, "APP", "CIOD", "CIOD_0025", "FATAL", loc, `ciod: failed to read message prefix on control stream (CioStream socket to ${ciodAddr()}`));
        return;
      case "ciod-severed":
        tl.add(
          t,
          ras(
            t,
            "APP",
            "CIOD",
            "CIOD_0031",
            "FATAL",
            loc,
            `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to ${ciodAddr()}: Link has been severed`,
          ),
        );
        return;
      case "ciod-chdir":
        tl.add(
          t,
          ras(
            t,
            "APP",
            "CIOD",
            "CIOD_0012",
            "FATAL",
            loc,
            `ciod: LOGIN chdir(/p/gb1/${rng.pick(["cesm", "wrf", "e3sm", "icon"])}_${rng.alnum(5)}/run${rng.int(1, 90)}) failed: No such file or directory`,
          ),
        );
        return;
      case "ciod-exec":
        tl.add(
          t,
          ras(
            t,
            "APP",
            "CIOD",
            "CIOD_0014",
            "FATAL",
            loc,
            `ciod: Error loading /p/gb1/${rng.pick(["cesm", "wrf", "e3sm"])}_${rng.alnum(5)}/bin/model.exe: invalid or missing program image, Exec format error`,
          ),
        );
        return;
      case "icache":
        tl.add(t, ras(t, "KERNEL", "_bgp_unit_ppc450", "KERN_0802", "INFO", loc, "instruction cache parity error corrected"));
        return;
      case "core":
        tl.add(t, ras(t, "KERNEL", "_bgp_unit_cns", "KERN_1002", "INFO", loc, `generating core.${rng.int(0, 4095)}`));
        return;
      case "ce":
        tl.add(t, ras(t, "KERNEL", "_bgp_unit_ddr", "KERN_0606", "INFO", loc, `CE sym ${rng.int(0, 35)}, at 0x${rng.hex(8)}, mask 0x${rng.hex(2)}`));
        return;
      case "vpd":
        tl.add(
          t,
          ras(
            t,
            "DISCOVERY",
            "NodeCardVPD",
            "DISC_0104",
            "SEVERE",
            loc,
            `Node card VPD check: U${rng.pick(["01", "11"])} node in processor card slot J${pad(rng.int(2, 17))} do not match. VPD ecid ${rng.hex(24).toUpperCase()}, found ${rng.hex(24).toUpperCase()}`,
          ),
        );
        return;
      case "ncstatus":
        tl.add(
          t,
          ras(
            t,
            "DISCOVERY",
            "NodeCardStatus",
            "DISC_0201",
            "ERROR",
            card,
            "Node card status: no ALERTs are active. Clock Mode is Low. Clock Select is Midplane. Phy JTAG Reset is asserted. ASIC JTAG Reset is not asserted. Temperature Mask is not active. No temperature error. Temperature Limit Error Latch is clear. PGOOD IS NOT ASSERTED. PGOOD ERROR LATCH IS ACTIVE.",
          ),
        );
        return;
      case "idochip":
        tl.add(
          t,
          ras(
            t,
            "DISCOVERY",
            "ServiceCard",
            "DISC_0310",
            "WARNING",
            `${mid()}-S`,
            `Problem communicating with service card, ido chip: ${rng.hex(12).toUpperCase()}. java.io.IOException: Could not find EthernetSwitch on port:address 1:${rng.int(100, 160)}`,
          ),
        );
        return;
      case "sensor":
        tl.add(
          t,
          ras(
            t,
            "MONITOR",
            "EnvMonitor",
            "MON_0420",
            "FAILURE",
            card,
            `temperature sensor on ${card} returned no data (read timeout), using last known value ${rng.int(38, 52)}C`,
          ),
        );
        return;
      case "service": {
        const sa = rng.int(300, 900);
        tl.add(
          t,
          ras(
            t,
            "HARDWARE",
            "ServiceAction",
            "HW_0501",
            "CRITICAL",
            card,
            `PrepareForService shutting down Node card(mLctn(${card}), mCardSernum(203231503833343${rng.int(1000, 9999)}), mLp(FF:F2:9F:${rng.hex(2).toUpperCase()}:${rng.hex(2).toUpperCase()}), mIp(10.2.${rng.int(0, 63)}.${rng.int(2, 250)}), mType(4)) as part of Service Action ${sa}`,
          ),
        );
        const t2 = t + rng.float(20, 50) * MIN;
        if (t2 < end)
          tl.add(
            t2,
            ras(
              t2,
              "HARDWARE",
              "ServiceAction",
              "HW_0509",
              "INFO",
              card,
              `EndServiceAction ${sa} was performed upon ${card} by ${rng.pick(["svcops1", "svcops2", "ibmce"])}`,
            ),
          );
        return;
      }
      case "jobstart": {
        const j = rng.int(400_000, 999_999);
        jobs[rng.int(0, jobs.length - 1)] = j;
        tl.add(
          t,
          ras(
            t,
            "MMCS",
            "JobControl",
            "MMCS_0101",
            "INFO",
            mid(),
            `job ${j} started on block ${mid()}-${rng.pick(["512", "1024", "2048"])} by ${rng.pick(["cesm_ops", "wrf_ens", "e3sm_dev", "icon_lr", "osse_da"])}`,
            { jobid: j },
          ),
        );
        return;
      }
      case "jobend":
        tl.add(
          t,
          ras(
            t,
            "MMCS",
            "JobControl",
            "MMCS_0102",
            "INFO",
            mid(),
            `job ${rng.pick(jobs)} ended ${rng.weighted([
              ["normally", 8],
              ["with exit status 1", 2],
              ["by signal 6 (SIGABRT)", 1],
            ] as const)}`,
          ),
        );
        return;
      case "blockalloc":
        tl.add(
          t,
          ras(
            t,
            "MMCS",
            "BlockControl",
            rng.chance(0.5) ? "MMCS_0201" : "MMCS_0202",
            "INFO",
            mid(),
            rng.chance(0.5) ? `block ${mid()}-512 allocated` : `block ${mid()}-512 freed`,
          ),
        );
        return;
      case "linkpgood":
        tl.add(t, ras(t, "LINKCARD", "LinkCardPower", "LNK_0130", "WARNING", `${mid()}-L${rng.int(0, 3)}`, "Link PGOOD error latched on link card"));
        return;
    }
  };
  for (const t of arrivals(rng, start, end, span / 3200)) noise(t);
  for (const t of every(rng, start, end, 20 * MIN, 30 * SEC)) {
    tl.add(
      t,
      ras(t, "BGLMASTER", "Master", "MAST_0001", "INFO", "SN0", `health check: mmcs_server, idoproxy, ciodb, monitor running; ${rng.int(60, 64)}/64 racks up`),
    );
  }

  // ------------------------------------------------------------ the alert: one node card's DDR going bad
  const card = nodeCard();
  const bad = nodeLoc(card);
  const block = `${card.slice(0, 6)}-512`;
  const tA = start + span * rng.float(0.35, 0.55); // soft-failure burst starts
  const tB = tA + rng.float(30, 70) * MIN; // uncorrectable errors
  const add = (t: number, component: string, sub: string, id: string, sev: string, loc: string, msg: string, label: Label): void => {
    tl.add(t, ras(t, component, sub, id, sev, loc, msg, { block }), label);
  };
  let corrected = rng.int(20, 60);
  for (const t of spread(rng, tA, tB, rng.int(8, 12))) {
    corrected += rng.int(40, 400);
    add(
      t,
      "KERNEL",
      "_bgp_unit_ddr",
      "KERN_0611",
      "INFO",
      bad,
      `total of ${corrected} ddr error(s) detected and corrected over ${rng.int(280, 900)} seconds`,
      "pattern",
    );
    if (rng.chance(0.4))
      add(t + 3, "KERNEL", "_bgp_unit_ddr", "KERN_0612", "INFO", bad, "ddr: excessive soft failures, consider replacing the card", "pattern");
  }
  add(
    tB - rng.float(2, 6) * MIN,
    "KERNEL",
    "_bgp_unit_ddr",
    "KERN_0612",
    "WARNING",
    bad,
    `ddr: activating redundant bit steering on rank ${rng.int(0, 1)} symbol ${rng.int(0, 35)}`,
    "pattern",
  );
  let t = tB;
  const ue = rng.int(3, 6);
  for (let i = 0; i < ue; i++) {
    add(
      t,
      "KERNEL",
      "_bgp_unit_ddr",
      "KERN_0620",
      "FATAL",
      bad,
      `uncorrectable error detected in DDR: chipkill failed on rank ${rng.int(0, 1)}, address 0x${rng.hex(8)}`,
      "error",
    );
    t += rng.float(0.2, 3) * SEC;
  }
  add(t, "KERNEL", "_bgp_unit_ppc450", "KERN_0901", "FATAL", bad, "machine check interrupt (bit=0x1d): L3 major internal error", "error");
  add(t + 0.4 * SEC, "KERNEL", "_bgp_unit_cns", "KERN_0905", "FATAL", bad, "rts: kernel terminated for reason 1001 (machine check)", "error");
  for (let i = 0; i < rng.int(4, 9); i++) {
    const peer = nodeLoc(card);
    add(
      t + rng.float(1, 20) * SEC,
      "KERNEL",
      "_bgp_unit_torus",
      "KERN_0702",
      "INFO",
      peer,
      `torus receiver ${rng.pick(["x+", "x-", "y+", "y-", "z+", "z-"])} input pipe error(s) (dcr 0x02ec) detected and corrected over ${rng.int(1, 20)} seconds`,
      "pattern",
    );
  }
  const victims = Array.from({ length: rng.int(2, 4) }, () => rng.pick(jobs));
  t += rng.float(20, 60) * SEC;
  add(
    t,
    "MMCS",
    "BlockControl",
    "MMCS_0230",
    "ERROR",
    card.slice(0, 6),
    `block ${block} in error state: node ${bad} failed (hardware error), ${victims.length} job(s) will be terminated`,
    "error",
  );
  for (const j of victims) {
    t += rng.float(1, 8) * SEC;
    add(
      t,
      "MMCS",
      "JobControl",
      "MMCS_0110",
      "ERROR",
      card.slice(0, 6),
      `job ${j} terminated: block ${block} freed due to fatal hardware event on ${bad}`,
      "error",
    );
  }
  t += rng.float(1, 4) * MIN;
  add(t, "MMCS", "BlockControl", "MMCS_0202", "INFO", card.slice(0, 6), `block ${block} freed`, null);
  t += rng.float(2, 10) * MIN;
  add(
    t,
    "HARDWARE",
    "ServiceAction",
    "HW_0503",
    "INFO",
    card,
    `ServiceAction ${rng.int(900, 999)} opened for ${card} (reason: uncorrectable memory error on ${bad.split("-C:")[1] ?? bad})`,
    "pattern",
  );
  // the card stays in error and its peers keep retrying the link for a while
  for (const tt of spread(rng, t, Math.min(end, t + rng.float(20, 60) * MIN), rng.int(4, 8))) {
    add(
      tt,
      "KERNEL",
      "_bgp_unit_ddr",
      "KERN_0620",
      "FATAL",
      nodeLoc(card),
      `uncorrectable error detected in DDR: chipkill failed on rank ${rng.int(0, 1)}, address 0x${rng.hex(8)}`,
      "error",
    );
  }

  return tl.build(
    NAME,
    "Supercomputer RAS log where APP/DISCOVERY/MONITOR FATAL-SEVERE-FAILURE events are daily noise; the alert is one node card's DDR degrading into uncorrectable errors, a machine check and a freed block.",
  );
}
