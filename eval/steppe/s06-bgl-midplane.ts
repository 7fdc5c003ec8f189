/**
 * RAS event stream of a Blue Gene-style supercomputer, shipped as JSON by the service
 * node's syslog forwarder (component in `service`, RAS severity in `severity`, plus the
 * original BG timestamp and location). FATAL and SEVERE are everyday words here: user
 * jobs that crash leave groups of KERNEL FATAL register dumps, ciod refuses logins to
 * missing directories, MMCS hits its well-known idoproxy ASSERT, DISCOVERY complains
 * about VPD mismatches and unreachable service-card chips, and corrected parity/DDR
 * errors stream by in bursts. Part-way through a 5-8 hour window one midplane starts
 * failing: bursts of L2/EDRAM/DDR hardware errors, machine checks, rts panics and tree
 * network packet errors from its compute nodes, I/O nodes dropping ciod control
 * streams, link-card training timeouts, node-card faults reported by MMCS and MONITOR,
 * and a RAS-storm suppression notice. These message kinds never appear otherwise and
 * make up roughly 5-8% of the lines.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

function pad(v: number, w = 2): string {
  return String(v).padStart(w, "0");
}

export function s06BglMidplane(seed: number): Scenario {
  const rng = new Rng(seed, "s06-bgl-midplane");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(300, 480);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 0, 15);
  const end = start + span;

  const ras = (t: number, comp: string, sev: string, loc: string, message: string): Record<string, unknown> => {
    const d = new Date(Math.floor(t));
    const micro = pad(d.getUTCMilliseconds(), 3) + pad(rng.int(0, 999), 3);
    const bg = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}-${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}.${pad(d.getUTCSeconds())}.${micro}`;
    return {
      "@timestamp": d.toISOString(),
      epoch: Math.floor(t / 1000),
      bg_time: bg,
      location: loc,
      event_type: "RAS",
      service: comp,
      severity: sev,
      message,
    };
  };

  const rack = (): string => `R${pad(rng.int(0, 37))}`;
  const mid = (): string => `M${rng.int(0, 1)}`;
  const ncard = (): string => `N${"0123456789ABCDEF"[rng.int(0, 15)]}`;
  const compute = (prefix?: string): string => `${prefix ?? `${rack()}-${mid()}`}-${ncard()}-C:J${pad(rng.int(2, 17))}-U${rng.pick(["01", "11"])}`;
  const ionode = (prefix?: string): string => `${prefix ?? `${rack()}-${mid()}`}-${ncard()}-I:J18-U${rng.pick(["01", "11"])}`;
  const users = ["wmiller", "sgupta", "jchen", "akowalski", "lmartin", "pnguyen", "rdiaz"];

  // the failing midplane is never the source of routine bursts
  const badRack = rack();
  const badMid = mid();
  const bad = `${badRack}-${badMid}`;
  const routineLoc = (): string => {
    for (;;) {
      const p = `${rack()}-${mid()}`;
      if (p !== bad) return p;
    }
  };

  // ---- routine traffic, in bursts ---------------------------------------------------
  type Kind = (t: number) => void;
  const kinds: [Kind, number][] = [
    [
      (t) => {
        const loc = compute(routineLoc());
        const k = rng.weighted([
          [1, 4],
          [rng.int(2, 6), 3],
          [rng.int(8, 24), 1],
        ] as const);
        let tt = t;
        for (let i = 0; i < k; i++) {
          add(tt, ras(tt, "KERNEL", "INFO", loc, "instruction cache parity error corrected"), null);
          tt += rng.int(0, 3);
        }
      },
      16,
    ],
    [
      (t) => {
        const loc = compute(routineLoc());
        const k = rng.int(1, 4);
        for (let i = 0; i < k; i++) add(t + i, ras(t + i, "KERNEL", "INFO", loc, `CE sym ${rng.int(0, 35)}, at 0x${rng.hex(8)}, mask 0x${rng.hex(2)}`), null);
        add(t + k + 5, ras(t + k + 5, "KERNEL", "INFO", loc, `total of ${rng.int(1, 12)} ddr error(s) detected and corrected`), null);
      },
      10,
    ],
    [
      (t) => {
        const p = routineLoc();
        const k = rng.int(2, 16);
        for (let i = 0; i < k; i++) add(t + i * 2, ras(t + i * 2, "KERNEL", "INFO", compute(p), `${rng.int(1, 9)} double-hummer alignment exceptions`), null);
      },
      6,
    ],
    [
      (t) => {
        // a user job crashes: register dump groups at FATAL, then core generation
        const p = routineLoc();
        const k = rng.int(1, 8);
        for (let i = 0; i < k; i++) {
          const loc = compute(p);
          const tt = t + i * rng.int(1, 40);
          add(tt, ras(tt, "KERNEL", "FATAL", loc, "program interrupt: fp cr field .............0"), null);
          add(tt + 1, ras(tt + 1, "KERNEL", "FATAL", loc, `instruction address: 0x${rng.hex(8)}`), null);
          add(tt + 2, ras(tt + 2, "KERNEL", "FATAL", loc, `data address: 0x${rng.hex(8)}`), null);
          add(tt + 3, ras(tt + 3, "KERNEL", "FATAL", loc, `core configuration register: 0x${rng.pick(["00002000", "00003000"])}`), null);
          add(tt + 9, ras(tt + 9, "KERNEL", "INFO", loc, `generating core.${rng.int(100, 9999)}`), null);
        }
      },
      7,
    ],
    [
      (t) => {
        const u = rng.pick(users);
        add(
          t,
          ras(t, "APP", "FATAL", ionode(routineLoc()), `ciod: LOGIN chdir(/p/gb${rng.int(1, 2)}/${u}/run${rng.int(1, 400)}) failed: No such file or directory`),
          null,
        );
      },
      5,
    ],
    [
      (t) => {
        const u = rng.pick(users);
        add(
          t,
          ras(
            t,
            "APP",
            "FATAL",
            ionode(routineLoc()),
            `ciod: Error loading /g/g${rng.int(10, 99)}/${u}/${rng.pick(["a.out", "sweep3d", "umt2k", "smg2000"])}: invalid or missing program image, No such file or directory`,
          ),
          null,
        );
      },
      3,
    ],
    [
      (t) => {
        add(
          t,
          ras(
            t,
            "MMCS",
            "SEVERE",
            "NULL",
            "idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=1043 Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)",
          ),
          null,
        );
      },
      5,
    ],
    [
      (t) => {
        const p = routineLoc();
        add(
          t,
          ras(
            t,
            "MMCS",
            "INFO",
            "NULL",
            `job ${rng.int(100000, 999999)} started on block RMP${pad(rng.int(1, 12))}${pad(rng.int(1, 28))}${rng.int(100000, 999999)} (${p}) by ${rng.pick(users)}`,
          ),
          null,
        );
      },
      6,
    ],
    [
      (t) => {
        const loc = `${routineLoc()}-${ncard()}`;
        add(
          t,
          ras(
            t,
            "DISCOVERY",
            "WARNING",
            loc,
            `Node card VPD check: U${pad(rng.int(1, 20))} node in processor card slot J${pad(rng.int(2, 17))} do not match. VPD ecid 0x${rng.hex(20).toUpperCase()}, found 0x${rng.hex(20).toUpperCase()}`,
          ),
          null,
        );
      },
      4,
    ],
    [
      (t) => {
        const loc = `${routineLoc()}-S`;
        add(
          t,
          ras(
            t,
            "DISCOVERY",
            "SEVERE",
            loc,
            `Problem communicating with service card, ido chip: U${pad(rng.int(1, 20))}. java.io.IOException: Could not find EthernetSwitch on port:address 1:${rng.int(100, 160)}`,
          ),
          null,
        );
      },
      3,
    ],
    [
      (t) => {
        const loc = `${routineLoc()}-${ncard()}`;
        add(
          t,
          ras(
            t,
            "DISCOVERY",
            "INFO",
            loc,
            "Node card status: no ALERTs are active. Clock Mode is Low. Clock Select is Midplane. Phy JTAG Reset is asserted. ASIC JTAG Reset is not asserted. Temperature Mask is not active. No temperature error. Temperature Limit Error Latch is clear. PGOOD IS NOT ASSERTED. PGOOD ERROR LATCH IS NOT ACTIVE. MPGOOD IS NOT OK. MPGOOD ERROR LATCH IS NOT ACTIVE. The 2.5 volt rail is OK. The 1.5 volt rail is OK.",
          ),
          null,
        );
      },
      3,
    ],
    [
      (t) => {
        const loc = `${routineLoc()}-L${rng.int(0, 3)}-U${pad(rng.int(0, 5))}-${rng.pick(["A", "C"])}`;
        add(t, ras(t, "LINKCARD", "INFO", loc, `MidplaneSwitchController performing bit sparing on ${loc} bit ${rng.int(0, 21)}`), null);
      },
      3,
    ],
    [
      (t) => {
        const loc = `${routineLoc()}-${ncard()}`;
        add(
          t,
          ras(
            t,
            "MONITOR",
            "INFO",
            loc,
            `power module status: ${loc}-P${rng.int(0, 5)} ok, ${(rng.float(1.45, 1.55)).toFixed(3)}V ${(rng.float(30, 60)).toFixed(1)}A`,
          ),
          null,
        );
      },
      4,
    ],
    [
      (t) => {
        const loc = `${routineLoc()}-${ncard()}`;
        add(t, ras(t, "MONITOR", "WARNING", loc, `fan module ${loc}-F${rng.int(0, 3)} speed ${rng.int(2100, 2400)} rpm below nominal 2500 rpm`), null);
      },
      1,
    ],
  ];

  const normalTarget = rng.int(2900, 4300);
  // each burst yields about 4.3 lines on average
  const bursts = Math.round(normalTarget / 4.3);
  const gap = span / bursts;
  let t = start + rng.exp(gap);
  while (t < end - 5000) {
    rng.weighted(kinds)(t);
    t += rng.exp(gap);
  }
  const normalCount = lines.length;

  // ---- the failing midplane -------------------------------------------------------------
  const alertTarget = Math.round(normalCount * rng.float(0.052, 0.068));
  const onset = start + Math.floor(span * rng.float(0.12, 0.5));
  let alerts = 0;
  const emit = (tt: number, comp: string, sev: string, loc: string, msg: string, l: AnomalyType): void => {
    if (tt >= end) return;
    add(tt, ras(tt, comp, sev, loc, msg), l);
    alerts++;
  };
  let te = onset;
  let stormNoticed = false;
  while (alerts < alertTarget && te < end - 60_000) {
    const block = `RMP${pad(rng.int(1, 12))}${pad(rng.int(1, 28))}${rng.int(100000, 999999)}`;
    const jobId = rng.int(100000, 999999);
    // memory hardware first
    const memNodes = rng.int(2, 6);
    for (let i = 0; i < memNodes; i++) {
      const loc = compute(bad);
      const tt = te + i * rng.int(200, 4000);
      if (rng.chance(0.5))
        emit(
          tt,
          "KERNEL",
          "FATAL",
          loc,
          `ddr: Unable to steer rank=${rng.int(0, 1)}, symbol=${rng.int(0, 35)} - rank is already steering symbol ${rng.int(0, 35)}. Due to multiple symbols being over the correctable error threshold, consider replacing the card`,
          "memory",
        );
      else emit(tt, "KERNEL", "FATAL", loc, `uncorrectable error detected in EDRAM bank ${rng.int(0, 1)}`, "memory");
    }
    // machine checks ripple across the midplane
    const mc = rng.int(10, 48);
    const tm = te + rng.int(5000, 20_000);
    for (let i = 0; i < mc; i++) {
      const loc = compute(bad);
      const tt = tm + i * rng.int(5, 120);
      emit(
        tt,
        "KERNEL",
        "FATAL",
        loc,
        rng.chance(0.8) ? "machine check interrupt (bit=0x1d): L2 dcache unit data parity error" : "L3 major internal error",
        "error",
      );
    }
    const panics = rng.int(4, 20);
    for (let i = 0; i < panics; i++) {
      const loc = compute(bad);
      const tt = tm + 3000 + i * rng.int(20, 300);
      emit(
        tt,
        "KERNEL",
        "FATAL",
        loc,
        rng.chance(0.55)
          ? "rts panic! - stopping execution"
          : `Error receiving packet on tree network, expecting type 57 instead of type ${rng.int(2, 9)} (softheader=${rng.hex(8)} ${rng.hex(8)} 00000000 00000000) PSR0=${rng.hex(8)} PSR1=00000000 PRXF=00000002 PIXF=00000007`,
        "error",
      );
    }
    const ios = rng.int(2, 8);
    for (let i = 0; i < ios; i++) {
      const tt = tm + 6000 + i * rng.int(100, 2000);
      emit(
        tt,
        "APP",
        "FATAL",
        ionode(bad),
        `ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.${rng.int(2, 250)}:${rng.int(32768, 60999)}`,
        "error",
      );
    }
    const tl = tm + rng.int(20_000, 90_000);
    if (rng.chance(0.7)) {
      const k = rng.int(1, 4);
      for (let i = 0; i < k; i++)
        emit(
          tl + i * 1500,
          "LINKCARD",
          "FAILURE",
          `${bad}-L${rng.int(0, 3)}-U${pad(rng.int(0, 5))}-${rng.pick(["A", "C"])}`,
          `MidplaneSwitchController::receiveTrain() iDo macaddr 00004F${rng.hex(6).toUpperCase()} on ${bad}: Timeout receiving training sequence after 30000 ms`,
          "performance",
        );
    }
    emit(
      tl + 2000,
      "MMCS",
      "ERROR",
      "NULL",
      `job ${jobId} on block ${block} (${bad}) terminated: ${rng.int(30, 400)} compute nodes failed, block state set to ERROR`,
      "error",
    );
    if (rng.chance(0.6))
      emit(tl + 2500, "MMCS", "FAILURE", `${bad}-${ncard()}`, `node card ${bad}-${ncard()} power module U${pad(rng.int(50, 59))} is not accessible`, "error");
    if (rng.chance(0.6))
      emit(tl + 4000, "MONITOR", "FAILURE", `${bad}-${ncard()}`, "monitor caught java.lang.IllegalStateException: while executing CONTROL Operation", "error");
    if (rng.chance(0.4))
      emit(tl + 9000, "MMCS", "WARNING", "NULL", `boot of block ${block} (${bad}) exceeded 600 s, still waiting for ${rng.int(8, 64)} nodes`, "performance");
    if (!stormNoticed && mc > 30) {
      stormNoticed = true;
      emit(tm + 60_000, "MMCS", "INFO", "NULL", `RAS event storm from ${bad}: ${rng.int(2000, 9000)} duplicate events suppressed in the last 60 s`, "pattern");
    }
    te = tl + rng.int(5, 30) * 60_000;
  }

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s06-bgl-midplane",
    description:
      "Supercomputer RAS stream where FATAL/SEVERE lines are routine, and a failing midplane adds bursts of never-seen hardware, panic, I/O-node and link-card alerts (~5-8% of lines).",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
