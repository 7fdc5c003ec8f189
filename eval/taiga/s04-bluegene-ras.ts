/**
 * s04 bluegene-ras: six hours of a Blue Gene/L-style RAS event log, one JSON record per event with
 * the fields of the classic dumps (recid, type RAS, component, severity, location, node, message,
 * block). Severities FATAL and FAILURE are routine for some message kinds all day: users' jobs that
 * fail to load their program image or chdir (APP FATAL, in bursts over a job's block), a
 * link card that keeps failing to clear a port (LINKCARD FATAL), a service card monitor stopping on
 * a missing power module (MONITOR FAILURE), node-card VPD checks (DISCOVERY SEVERE); plus the
 * INFO noise of corrected parity and DDR errors and core dumps of crashed user jobs (bursts).
 * About 5.5-7.5% of the lines are real alerts of kinds that are otherwise absent: a node card
 * spilling data TLB error interrupts with register dumps, uncorrectable torus errors over a
 * midplane, an I/O node's Lustre mounts failing, control-stream read failures, machine checks
 * (error); a job's nodes running out of memory (memory); an NFS server not responding and jobs
 * stalling on their heartbeat (performance).
 */
import { HOUR, iso, type Label, MIN, SEC, Timeline, uniformTimes } from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

export function s04BluegeneRas(seed: number): Scenario {
  const name = "bluegene-ras";
  const rng = new Rng(seed, name);
  const span = 6 * HOUR;
  const start = rng.start2026(span);
  const end = start + span;
  const tl = new Timeline();
  let recid = rng.int(4_000_000, 9_000_000);

  const rack = (): string => `R${rng.int(0, 7)}${rng.int(0, 7)}`;
  const midplane = (): string => `${rack()}-M${rng.int(0, 1)}`;
  const nodeCard = (mp = midplane()): string => `${mp}-N${rng.pick("0123456789ABCDEF".split(""))}`;
  const computeNode = (nc = nodeCard()): string => `${nc}-C:J${String(rng.int(2, 17)).padStart(2, "0")}-U${rng.pick(["01", "11"])}`;
  const ioNode = (mp = midplane()): string => `${mp}-N${rng.pick(["4", "C"])}-I:J18-U${rng.pick(["01", "11"])}`;
  const users = ["ajones", "pkumar", "mlopez", "tnguyen", "schen", "rwalsh", "hbauer", "ksato"];
  const apps = ["lammps", "qbox", "ddcmd", "miranda", "sweep3d", "umt2k", "raptor", "paradis"];

  const ras = (t: number, component: string, severity: string, location: string, message: string, label: Label = null, block?: string): void => {
    const log: Record<string, unknown> = { timestamp: iso(t), recid: 0, type: "RAS", component, severity, location, node: location, message };
    if (block) log.block = block;
    tl.add(t, log, label);
  };

  // ---- routine noise --------------------------------------------------------------------------
  const noisyLinkCards = [
    `${midplane()}-L${rng.int(0, 3)}-U${rng.pick(["18", "19"])}-${rng.pick(["A", "B", "C", "D"])}`,
    `${midplane()}-L${rng.int(0, 3)}-U18-${rng.pick(["A", "C"])}`,
  ];
  const noisyServiceCards = [`${midplane()}-S`, `${midplane()}-S`];
  const vpdCards = [nodeCard(), nodeCard(), nodeCard()];
  const routine = (t: number): void => {
    const kind = rng.weighted([
      ["icache", 30],
      ["ce", 12],
      ["ddr", 9],
      ["ddrtotal", 6],
      ["load", 5],
      ["chdir", 3],
      ["monitor", 4],
      ["linkcard", 3],
      ["vpd", 3],
      ["idochip", 3],
      ["block", 8],
      ["steer", 2],
      ["fpcr", 2],
    ] as const);
    switch (kind) {
      case "icache":
        ras(t, "KERNEL", "INFO", computeNode(), "instruction cache parity error corrected");
        break;
      case "ce":
        ras(t, "KERNEL", "INFO", computeNode(), `CE sym ${rng.int(0, 31)}, at 0x${rng.hex(8)}, mask 0x${rng.hex(2)}`);
        break;
      case "ddr":
        ras(
          t,
          "KERNEL",
          "INFO",
          computeNode(),
          `${rng.int(1, 9)} ddr error(s) detected and corrected on rank 0, symbol ${rng.int(0, 35)}, bit ${rng.int(0, 7)}`,
        );
        break;
      case "ddrtotal":
        ras(t, "KERNEL", "INFO", computeNode(), `total of ${rng.int(1, 40)} ddr error(s) detected and corrected`);
        break;
      case "load": {
        const app = rng.pick(apps);
        ras(
          t,
          "APP",
          "FATAL",
          computeNode(),
          `ciod: Error loading /p/gb1/${rng.pick(users)}/${app}/bin/${app}.x: invalid or missing program image, No such file or directory`,
        );
        break;
      }
      case "chdir":
        ras(t, "APP", "FATAL", computeNode(), `ciod: LOGIN chdir(/p/gb2/${rng.pick(users)}/run${rng.int(1, 40)}) failed: No such file or directory`);
        break;
      case "monitor":
        ras(
          t,
          "MONITOR",
          "FAILURE",
          rng.pick(noisyServiceCards),
          `monitor caught java.lang.UnsupportedOperationException: power module U${rng.pick(["69", "70", "71"])} not present and is stopping`,
        );
        break;
      case "linkcard":
        ras(t, "LINKCARD", "FATAL", rng.pick(noisyLinkCards), `MidplaneSwitchController::clearPort() bll_clear_port failed: ${rng.pick(noisyLinkCards)}`);
        break;
      case "vpd":
        ras(
          t,
          "DISCOVERY",
          "SEVERE",
          rng.pick(vpdCards),
          `Node card VPD check: missing U${rng.pick(["01", "11"])} node, VPD ecid ${rng.hex(26).toUpperCase()} in processor card slot J${String(rng.int(2, 17)).padStart(2, "0")}`,
        );
        break;
      case "idochip":
        ras(
          t,
          "DISCOVERY",
          "WARNING",
          rng.pick(noisyServiceCards),
          `Problem communicating with service card, ido chip: ${rng.hex(2).toUpperCase()}:F2:9F:16:D7:${rng.hex(2).toUpperCase()}:00:0D java.io.IOException: Could not find EthernetSwitch on port:address 1:${rng.int(100, 160)}`,
        );
        break;
      case "block": {
        const mp = midplane();
        ras(
          t,
          "MMCS",
          "INFO",
          mp,
          rng.chance(0.5)
            ? `Block ${mp} allocated for job ${rng.int(40_000, 49_999)} (user ${rng.pick(users)}, ${rng.pick([32, 128, 512])} nodes)`
            : `Block ${mp} freed`,
          null,
          mp,
        );
        break;
      }
      case "steer":
        ras(t, "KERNEL", "WARNING", computeNode(), `ddr: activating redundant bit steering: rank=0 symbol=${rng.int(0, 35)}`);
        break;
      case "fpcr":
        ras(t, "KERNEL", "INFO", computeNode(), `program interrupt: fp cr update ${rng.pick(["0x00000000", "0x08000000"])}`);
        break;
    }
  };
  const nRoutine = rng.int(3000, 3400);
  for (const t of uniformTimes(rng, start, end, nRoutine)) routine(t);
  // bursts: a crashed user job dumps core on every node of its block; a job that cannot load
  // its image fails on every node; both recur through the day
  let burstLines = 0;
  for (const t of uniformTimes(rng, start, end, rng.int(8, 12))) {
    const nc = nodeCard();
    const mp = nc.slice(0, 6);
    const n = rng.int(12, 40);
    const crash = rng.chance(0.6);
    const user = rng.pick(users);
    const app = rng.pick(apps);
    for (let i = 0; i < n; i++) {
      const ti = t + i * rng.int(5, 60);
      if (crash) ras(ti, "KERNEL", "INFO", computeNode(nodeCard(mp)), `generating core.${rng.int(100, 4095)}`, null, mp);
      else
        ras(
          ti,
          "APP",
          "FATAL",
          computeNode(nodeCard(mp)),
          `ciod: Error loading /p/gb1/${user}/${app}/bin/${app}.x: invalid or missing program image, Permission denied`,
          null,
          mp,
        );
    }
    burstLines += n;
  }

  // ---- real alerts ------------------------------------------------------------------------------
  const total = nRoutine + burstLines;
  const share = rng.float(0.058, 0.074);
  let budget = Math.round((share * total) / (1 - share));
  const alerts: (() => number)[] = [];
  const at = (): number => rng.float(start + 5 * MIN, end - 60 * MIN);

  // 1. a node card spilling data TLB interrupts with register dumps
  alerts.push(() => {
    const nc = nodeCard();
    const t0 = at();
    let n = 0;
    const nodes = Array.from({ length: rng.int(3, 6) }, () => computeNode(nc));
    let t = t0;
    for (let k = 0; k < rng.int(4, 7); k++) {
      for (const node of nodes) {
        ras(t, "KERNEL", "FATAL", node, "data TLB error interrupt", "error");
        n++;
        ras(t + 1, "KERNEL", "FATAL", node, `r00=0x${rng.hex(8)} r01=0x${rng.hex(8)} r02=0x${rng.hex(8)} r03=0x${rng.hex(8)}`, "error");
        n++;
        t += rng.int(200, 3000);
      }
      t += rng.int(60, 400) * SEC;
    }
    return n;
  });
  // 2. uncorrectable torus errors over a midplane, then rts kernel terminations
  alerts.push(() => {
    const mp = midplane();
    let t = at();
    let n = 0;
    for (let i = 0; i < rng.int(25, 45); i++) {
      ras(t, "KERNEL", "FATAL", computeNode(nodeCard(mp)), `external input interrupt (unit=0x02 bit=0x00): uncorrectable torus error`, "error", mp);
      n++;
      if (rng.chance(0.4)) {
        ras(
          t + 2,
          "KERNEL",
          "FATAL",
          computeNode(nodeCard(mp)),
          `rts: kernel terminated for reason 1004rts: bad message header: invalid cpu, type=${rng.int(40_000, 45_000)}, cpu=${rng.int(0, 511)}, index=${rng.int(1000, 1999)}, total=${rng.int(1, 4)}`,
          "error",
          mp,
        );
        n++;
      }
      t += rng.int(2, 40) * SEC;
    }
    return n;
  });
  // 3. an I/O node's Lustre mounts failing, and compute nodes losing their control stream
  alerts.push(() => {
    const mp = midplane();
    const io = ioNode(mp);
    let t = at();
    let n = 0;
    for (let i = 0; i < rng.int(12, 22); i++) {
      ras(t, "KERNEL", "FAILURE", io, `Lustre mount FAILED : bglio${rng.int(1, 64)} : block_id : location`, "error", mp);
      ras(
        t + 500,
        "APP",
        "FATAL",
        computeNode(nodeCard(mp)),
        `ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.${rng.int(2, 250)}:${rng.int(32_000, 60_000)})`,
        "error",
        mp,
      );
      n += 2;
      t += rng.int(20, 90) * SEC;
    }
    return n;
  });
  // 4. a job's nodes run out of memory
  alerts.push(() => {
    const mp = midplane();
    const job = rng.int(40_000, 49_999);
    const app = rng.pick(apps);
    let t = at();
    let n = 0;
    for (let i = 0; i < rng.int(10, 20); i++) {
      ras(
        t,
        "KERNEL",
        "FATAL",
        computeNode(nodeCard(mp)),
        `ciod: Application ${app}.x (job ${job}) exceeded available memory: ${rng.int(509, 512)} MB of 512 MB in use on node, killing job`,
        "memory",
        mp,
      );
      n++;
      if (rng.chance(0.4)) {
        ras(
          t + 5,
          "KERNEL",
          "FATAL",
          computeNode(nodeCard(mp)),
          `Out of memory: heap exhausted at 0x${rng.hex(8)} (requested ${rng.int(1, 64)} MB, ${rng.int(0, 2)} MB free)`,
          "memory",
          mp,
        );
        n++;
      }
      t += rng.int(1, 15) * SEC;
    }
    return n;
  });
  // 5. NFS server not responding, jobs stalling on their heartbeat
  alerts.push(() => {
    let t = at();
    let n = 0;
    for (let i = 0; i < rng.int(8, 14); i++) {
      const io = ioNode();
      ras(t, "KERNEL", "WARNING", io, "nfs: server bglsn-nfs01 not responding, still trying", "performance");
      n++;
      if (rng.chance(0.5)) {
        const mp = io.slice(0, 6);
        ras(
          t + 30 * SEC,
          "MMCS",
          "ERROR",
          mp,
          `job ${rng.int(40_000, 49_999)} stalled: no I/O progress for ${rng.int(600, 1800)} seconds, ciod heartbeat timeout after 300 s`,
          "performance",
          mp,
        );
        n++;
      }
      t += rng.int(30, 120) * SEC;
    }
    return n;
  });
  // 6. sporadic machine checks on single nodes
  const sporadic = (): number => {
    const node = computeNode();
    ras(
      at(),
      "KERNEL",
      "FATAL",
      node,
      `machine check interrupt (bit=0x${rng.pick(["1d", "10", "08"])}): L2 dcache unit ${rng.pick(["data parity error", "read return parity error"])}`,
      "error",
    );
    return 1;
  };
  for (const f of rng.shuffle(alerts)) budget -= f();
  while (budget > 0) budget -= sporadic();
  const scenario = tl.build(name, "Blue Gene/L-style RAS log where FATAL/FAILURE are routine for some kinds; about 6-7% real alerts of otherwise absent kinds");
  // record ids follow the order the control system wrote the events in
  for (const log of scenario.logs) log.recid = recid++;
  return scenario;
}
