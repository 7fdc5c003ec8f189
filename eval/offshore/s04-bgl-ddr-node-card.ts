// Half a day of BlueGene/L-style RAS events. FATAL and CRITICAL are everyday levels here: ciod
// control-stream FATALs whenever a user kills a job, DISCOVERY node-card status lines at
// CRITICAL, plus a steady stream of corrected cache-parity / DDR errors and core dumps.
// Partway through, one node card's DDR starts failing: redundant bit steering kicks in, then
// all 32 compute nodes on the card report excessive soft failures, steering exhaustion and
// uncorrectable DDR errors in bursts, and each job booted there dies with rts kernel
// terminations until the card is freed — events of kinds absent from the rest of the log.
import type { Scenario } from "../blind/types.js";
import { baseDay, type Label, MIN, Rng, ras, SEC, Story, sampleTimes } from "./lib.js";

function hex(rng: Rng, n: number): string {
  return rng.hex(n);
}

export function s04BglDdrNodeCard(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng, 2005) + rng.int(0, 6 * 60) * MIN + rng.int(0, 59) * SEC;
  const end = start + rng.int(12 * 60, 16 * 60) * MIN;

  const rack = () => `R${rng.int(0, 7)}${rng.int(0, 7)}`;
  const nodeLoc = (card: string) => `${card}-C:J${String(rng.int(2, 17)).padStart(2, "0")}-U${rng.pick(["01", "11"])}`;
  const randomCard = () => `${rack()}-M${rng.int(0, 1)}-N${"0123456789ABCDEF"[rng.int(0, 15)]}`;
  const badCard = `R${rng.int(2, 6)}${rng.int(0, 7)}-M${rng.int(0, 1)}-N${"0123456789ABCDEF"[rng.int(0, 15)]}`;
  const badNodes: string[] = [];
  for (let j = 2; j <= 17; j++) for (const u of ["01", "11"]) badNodes.push(`${badCard}-C:J${String(j).padStart(2, "0")}-U${u}`);
  const ioNode = `${badCard}-I:J18-U01`;
  const users = ["pjones", "mkumar", "lchen", "agarcia", "tnakamura", "sfischer"];
  const ciodIp = () => `172.16.${rng.int(96, 127)}.${rng.int(1, 254)}:${rng.int(32768, 60999)}`;

  const add = (t: number, loc: string, comp: string, level: string, msg: string, label: Label) => story.add(t, label, ras(t, loc, comp, level, msg));

  // ---------------------------------------------------------------- routine fleet chatter
  const nBase = rng.int(3700, 4300);
  // Routine events come in small clumps (a job's nodes report together): place clump heads, then members.
  let placed = 0;
  const heads = sampleTimes(rng, Math.round(nBase / 2.6), start, end, () => 1);
  for (const t0 of heads) {
    if (placed >= nBase) break;
    const kind = rng.weighted([
      ["icache", 0.2],
      ["ddrce", 0.08],
      ["cesym", 0.07],
      ["core", 0.08],
      ["totalddr", 0.04],
      ["hummer", 0.06],
      ["ciod", 0.075],
      ["ciodsev", 0.02],
      ["discovery", 0.055],
      ["idochip", 0.04],
      ["linkcard", 0.012],
      ["mmcs", 0.008],
      ["prep", 0.004],
      ["torus", 0.03],
    ] as const);
    const card = randomCard();
    const size = kind === "mmcs" || kind === "prep" || kind === "linkcard" ? 1 : rng.int(1, 5);
    for (let k = 0; k < size && placed < nBase; k++) {
      const t = t0 + k * rng.int(0, 400);
      const loc = nodeLoc(card);
      placed++;
      switch (kind) {
        case "icache":
          add(t, loc, "KERNEL", "INFO", "instruction cache parity error corrected", null);
          break;
        case "ddrce":
          add(t, loc, "KERNEL", "INFO", `${rng.int(1, 4)} ddr error(s) detected and corrected on rank 0, symbol ${rng.int(0, 35)}, bit ${rng.int(0, 7)}`, null);
          break;
        case "cesym":
          add(t, loc, "KERNEL", "INFO", `CE sym ${rng.int(0, 35)}, at 0x${hex(rng, 8)}, mask 0x${hex(rng, 2)}`, null);
          break;
        case "core":
          add(t, loc, "KERNEL", "INFO", `generating core.${rng.int(100, 9999)}`, null);
          break;
        case "totalddr":
          add(t, loc, "KERNEL", "INFO", `total of ${rng.int(1, 12)} ddr error(s) detected and corrected`, null);
          break;
        case "hummer":
          add(t, loc, "KERNEL", "INFO", `${rng.int(1, 40)} double-hummer alignment exceptions`, null);
          break;
        case "ciod":
          add(
            t,
            `${card}-I:J18-U${rng.pick(["01", "11"])}`,
            "APP",
            "FATAL",
            `ciod: failed to read message prefix on control stream (CioStream socket to ${ciodIp()})`,
            null,
          );
          break;
        case "ciodsev":
          add(
            t,
            `${card}-I:J18-U${rng.pick(["01", "11"])}`,
            "APP",
            "FATAL",
            `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to ${ciodIp()}: Link has been severed`,
            null,
          );
          break;
        case "discovery":
          add(
            t,
            `${card}`,
            "DISCOVERY",
            "CRITICAL",
            "Node card status: no ALERTs are active. Clock Mode is Low; Clock Select is Midplane; Phy JTAG Reset is asserted; ASIC JTAG Reset is not asserted; Temperature Mask is not active; No temperature error. Temperature Limit Error Latch is clear. PGOOD IS NOT ASSERTED. PGOOD ERROR LATCH IS ACTIVE. MPGOOD IS NOT OK. MPGOOD ERROR LATCH IS ACTIVE.",
            null,
          );
          break;
        case "idochip":
          add(
            t,
            `${card}`,
            "DISCOVERY",
            "INFO",
            `Ido chip status changed: FF:F2:9F:${hex(rng, 2).toUpperCase()}:${hex(rng, 2).toUpperCase()}:${hex(rng, 2).toUpperCase()}:00:0D:60:E9:${hex(rng, 2).toUpperCase()}:${hex(rng, 2).toUpperCase()} ip=10.${rng.int(0, 3)}.${rng.int(0, 3)}.${rng.int(1, 254)} v=13 t=4 status=M`,
            null,
          );
          break;
        case "linkcard":
          add(
            t,
            `${card.slice(0, 6)}-L${rng.int(0, 3)}-U${rng.int(10, 19)}-A`,
            "LINKCARD",
            "INFO",
            `MidplaneSwitchController performing bit sparing on ${card.slice(0, 6)}-L${rng.int(0, 3)}-U${rng.int(10, 19)}-A bit ${rng.int(0, 21)}`,
            null,
          );
          break;
        case "mmcs":
          add(
            t,
            "NULL",
            "MMCS",
            "INFO",
            rng.pick([
              "ciodb has been restarted.",
              "idoproxydb has been started: $Name: DRV160_2005 $ Input parameters: -enableflush -loguserinfo db.properties BlueGene1",
              `BglIdoChip table has 2 IDOs with the same IP address (10.${rng.int(0, 3)}.${rng.int(0, 3)}.${rng.int(1, 254)})`,
            ]),
            null,
          );
          break;
        case "prep":
          add(
            t,
            card,
            "HARDWARE",
            "WARNING",
            `PrepareForService is being done on this part (${card}) mcardSernum(${hex(rng, 24)}) partNumber(25R${rng.int(1000, 9999)}) by root`,
            null,
          );
          break;
        case "torus":
          add(
            t,
            loc,
            "KERNEL",
            "INFO",
            `${rng.int(1, 9)} torus receiver ${rng.pick(["x+", "x-", "y+", "y-", "z+", "z-"])} input pipe error(s) (dcr 0x02ec) detected and corrected`,
            null,
          );
          break;
      }
    }
  }
  // Every node card reports status through its service card every couple of hours.
  // (The job-kill FATALs and the CRITICAL status lines above are the routine high levels.)

  // ---------------------------------------------------------------- the failing node card
  const target = Math.round(nBase * rng.float(0.045, 0.06));
  let alerts = 0;
  const span = end - start;
  const onset = start + Math.round(span * rng.float(0.4, 0.55));
  const alert = (t: number, loc: string, comp: string, level: string, msg: string, label: Label) => {
    add(t, loc, comp, level, msg, label);
    alerts++;
  };
  // Precursor: redundant bit steering on a few nodes.
  const steered = rng.int(3, 8);
  for (let i = 0; i < steered; i++) {
    const t = onset + i * rng.int(2, 6) * MIN;
    alert(t, rng.pick(badNodes), "KERNEL", "INFO", `ddr: activating redundant bit steering for next allocation: rank=0 symbol=${rng.int(0, 35)}`, "memory");
  }
  // Each job booted on the card dies; the card's nodes report in bursts.
  let t = onset + steered * 6 * MIN + rng.int(5, 15) * MIN;
  let cycle = 0;
  while (alerts < target && t < end - 10 * MIN) {
    const burst = (msg: (loc: string) => string, level: string, label: Label, share = 1) => {
      const base = t;
      for (const loc of badNodes) {
        if (share < 1 && !rng.chance(share)) continue;
        alert(base + rng.int(0, 1800), loc, "KERNEL", level, msg(loc), label);
      }
      t += rng.int(3, 40) * SEC;
    };
    const symA = rng.int(0, 35);
    const symB = rng.int(0, 35);
    if (cycle % 2 === 0) burst(() => "ddr: excessive soft failures, consider replacing the card", "FATAL", "memory");
    else
      burst(
        () =>
          `ddr: Unable to steer rank=0, symbol=${symB} - rank is already steering symbol ${symA}. Due to multiple symbols being over the correctable error threshold, consider replacing the card`,
        "FATAL",
        "memory",
      );
    burst(() => `uncorrectable ddr error detected on rank 0, ecc syndrome 0x${hex(rng, 4)}, address 0x${hex(rng, 8)}`, "FATAL", "memory", rng.float(0.3, 0.7));
    burst(
      () =>
        `rts: kernel terminated for reason 1004rts: bad message header: invalid cpu, type=${rng.int(40000, 49999)}, cpu=${rng.int(2, 3)}, index=${rng.int(1000000, 1999999)}, total=4`,
      "FATAL",
      "error",
    );
    alert(t, ioNode, "APP", "FATAL", `ciod: Error reading message prefix on CioStream socket to ${ciodIp()}: node card ${badCard} not responding`, "error");
    alert(
      t + 2 * SEC,
      "NULL",
      "MMCS",
      "ERROR",
      `idoproxy communication failure: socket closed (block ${badCard.slice(0, 6)}, job ${rng.int(80000, 99999)} user ${rng.pick(users)})`,
      "error",
    );
    if (cycle > 0) alert(t + 5 * SEC, badCard, "DISCOVERY", "WARNING", "Node card is not fully functional", "error");
    t += rng.int(25, 50) * MIN;
    cycle++;
  }
  // The card is finally taken out of service (a routine procedure).
  const tFix = Math.min(t - rng.int(10, 20) * MIN + 5 * MIN, end - 2 * MIN);
  add(
    tFix,
    badCard,
    "HARDWARE",
    "WARNING",
    `PrepareForService is being done on this part (${badCard}) mcardSernum(${hex(rng, 24)}) partNumber(25R${rng.int(1000, 9999)}) by root`,
    null,
  );

  return story.build(
    "bgl-ddr-node-card",
    "BlueGene-style RAS log where ciod FATALs and DISCOVERY CRITICAL status lines are routine, until one node card's DDR fails: bit steering, excessive soft failures and uncorrectable errors on all its nodes in bursts, and every job booted there dies with rts kernel terminations.",
  );
}
