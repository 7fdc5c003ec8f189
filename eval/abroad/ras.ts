// BlueGene/L-style RAS event logs: component, severity (FATAL, FAILURE, SEVERE, ERROR,
// WARNING, INFO) and location. Many severe lines are routine (user errors at APP FATAL,
// discovery and known-hardware noise); the alerts are particular event kinds, arriving in
// bursts across a midplane's nodes, about 6-7 % of lines.

import type { AnomalyType, Ev, Level, Scenario } from "../blind/types.js";
import { assemble } from "./assemble.js";
import type { Rng } from "./prng.js";
import { HOUR } from "./timeline.js";

const LEVEL: Record<string, Level> = { INFO: "INFO", WARNING: "WARNING", SEVERE: "ERROR", ERROR: "ERROR", FAILURE: "CRITICAL", FATAL: "CRITICAL" };
const USERS = ["bglsysadm", "jwalsh", "kmori", "pchen", "rthomas", "dlee", "ssingh", "mgarcia"];
const PROGS = ["sppm", "umt2k", "irs", "miranda", "ddcmd", "qbox", "linpack", "enzo", "smg2000"];

const hex = (r: Rng, n: number) => r.hex(n);
const two = (n: number) => String(n).padStart(2, "0");

class Machine {
  readonly racks: number[];
  constructor(private r: Rng) {
    this.racks = Array.from({ length: 10 }, () => r.int(0, 77)).filter((x) => x % 10 < 8);
    if (this.racks.length === 0) this.racks.push(0);
  }
  midplane(): string {
    return `R${two(this.r.pick(this.racks))}-M${this.r.int(0, 1)}`;
  }
  node(mp = this.midplane()): string {
    return `${mp}-N${this.r.int(0, 15).toString(16).toUpperCase()}-C:J${two(2 + 2 * this.r.int(0, 8))}-U${this.r.pick(["01", "11"])}`;
  }
  io(mp = this.midplane()): string {
    return `${mp}-N${this.r.int(0, 15).toString(16).toUpperCase()}-I:J18-U${this.r.pick(["01", "11"])}`;
  }
  nodeCard(mp = this.midplane()): string {
    return `${mp}-N${this.r.int(0, 15).toString(16).toUpperCase()}`;
  }
  linkCard(mp = this.midplane()): string {
    return `${mp}-L${this.r.int(0, 3)}-U${two(this.r.int(0, 3) * 10 + this.r.int(0, 9))}-${this.r.pick(["A", "B", "C", "D"])}`;
  }
}

type Tmpl = (r: Rng, m: Machine) => [component: string, severity: string, loc: string, msg: string];

const ROUTINE: [Tmpl, number][] = [
  [(_r, m) => ["KERNEL", "INFO", m.node(), "instruction cache parity error corrected"], 22],
  [(r, m) => ["KERNEL", "INFO", m.node(), `generating core.${r.int(100, 9999)}`], 10],
  [(r, m) => ["KERNEL", "INFO", m.node(), `CE sym ${r.int(0, 35)}, at 0x${hex(r, 8)}, mask 0x${hex(r, 2)}`], 7],
  [(r, m) => ["KERNEL", "INFO", m.node(), `${r.int(1, 40)} double-hummer alignment exceptions`], 4],
  [(r, m) => ["KERNEL", "INFO", m.node(), `${r.int(1, 12)} floating point alignment exceptions`], 3],
  [(r, m) => ["KERNEL", "INFO", m.node(), `total of ${r.int(1, 24)} ddr error(s) detected and corrected over ${r.int(300, 90000)} seconds`], 4],
  [(_r, m) => ["KERNEL", "INFO", m.node(), "data cache search parity error detected. attempting to correct"], 1.5],
  [
    (r, m) => [
      "KERNEL",
      "INFO",
      m.node(),
      `torus receiver ${r.pick(["x+", "x-", "y+", "y-", "z+", "z-"])} input pipe error(s) (dcr 0x02${hex(r, 2)}) detected and corrected`,
    ],
    2,
  ],
  [
    (r, m) => [
      "KERNEL",
      "INFO",
      m.io(),
      `ciod: generated ${r.pick([32, 64, 128, 256])} core files for program /g/g${r.int(10, 30)}/${r.pick(USERS)}/${r.pick(PROGS)}`,
    ],
    2,
  ],
  [
    (r, m) => [
      "APP",
      "FATAL",
      m.io(),
      `ciod: LOGIN chdir(/p/gb${r.int(1, 2)}/${r.pick(USERS)}/${r.pick(PROGS)}/run${r.int(1, 40)}) failed: No such file or directory`,
    ],
    3,
  ],
  [
    (r, m) => [
      "APP",
      "FATAL",
      m.io(),
      `ciod: Error loading /g/g${r.int(10, 30)}/${r.pick(USERS)}/${r.pick(PROGS)}.rts: invalid or missing program image, No such file or directory`,
    ],
    1.5,
  ],
  [(r, m) => ["MMCS", "INFO", "NULL", `Block ${m.midplane()} boot requested by ${r.pick(USERS)}`], 1.5],
  [(r, m) => ["MMCS", "INFO", "NULL", `Block ${m.midplane()} freed by ${r.pick(USERS)} (job ${r.int(10000, 99999)} completed)`], 1.5],
  [() => ["MMCS", "INFO", "NULL", "ciodb has been restarted."], 0.2],
  [
    () => ["MMCS", "INFO", "NULL", "idoproxydb has been started: $Name: DRV142_2005 $ Input parameters: -enableflush -loguserinfo db.properties BlueGene1"],
    0.2,
  ],
  [(_r, m) => ["DISCOVERY", "WARNING", m.nodeCard(), "Node card is not fully functional"], 1.2],
  [
    (r, m) => [
      "DISCOVERY",
      "SEVERE",
      m.nodeCard(),
      `Node card VPD check: U${r.pick(["01", "11"])} node in processor card slot J${two(2 + 2 * r.int(0, 8))} do not match. VPD ecid ${hex(r, 24).toUpperCase()}, found ${hex(r, 24).toUpperCase()}`,
    ],
    1.2,
  ],
  [(r, m) => ["DISCOVERY", "INFO", m.nodeCard(), `Ido chip status changed: ${m.node()} ido ip=10.0.${r.int(0, 7)}.${r.int(1, 254)} v=13 t=4 status=M`], 1],
  [
    (r, m) => [
      "DISCOVERY",
      "ERROR",
      m.nodeCard(),
      `Problem communicating with service card, ido chip: ${hex(r, 16).toUpperCase()}. java.io.IOException: Could not find EthernetSwitch on port:address 1:${r.int(100, 200)}`,
    ],
    0.8,
  ],
  [(r, m) => ["HARDWARE", "SEVERE", m.linkCard(), `LinkCard power module U${r.int(50, 70)} is not accessible`], 0.6],
  [(r, m) => ["HARDWARE", "WARNING", m.nodeCard(), `PrepareForService is being done on this part (${m.nodeCard()}) by ${r.pick(USERS)}`], 0.2],
  [(r) => ["MONITOR", "INFO", "NULL", `monitor: ${r.int(40, 60)} node cards polled, ambient ${r.int(18, 24)}C`], 0.6],
];

interface Alert {
  kind: string;
  label: AnomalyType;
  /** lines per occurrence on one midplane */
  lines: (r: Rng, m: Machine, mp: string) => [string, string, string, string][];
}

const dump = (r: Rng, loc: string): [string, string, string, string][] => [
  ["KERNEL", "FATAL", loc, `data address: 0x${hex(r, 8)}`],
  ["KERNEL", "FATAL", loc, `machine state register: 0x${hex(r, 8)}`],
];

const ALERTS: Record<string, Alert> = {
  dtlb: {
    kind: "dtlb",
    label: "error",
    lines: (r, m, mp) =>
      Array.from({ length: r.int(10, 30) }, () => m.node(mp)).flatMap((loc) => [
        ["KERNEL", "FATAL", loc, "data TLB error interrupt"] as [string, string, string, string],
        ...(r.chance(0.4) ? dump(r, loc) : []),
      ]),
  },
  rts: {
    kind: "rts",
    label: "error",
    lines: (r, m, mp) =>
      Array.from({ length: r.int(12, 40) }, () => [
        "KERNEL",
        "FATAL",
        m.node(mp),
        `rts: kernel terminated for reason 1004rts: bad message header: invalid cpu, type=${r.int(10000, 60000)}, cpu=${r.int(0, 255)}, index=${r.int(1e8, 2e9)}, total=${r.pick([32768, 65536])}`,
      ]),
  },
  ciod: {
    kind: "ciod",
    label: "error",
    lines: (r, m, mp) =>
      Array.from({ length: r.int(8, 30) }, () => [
        "APP",
        "FATAL",
        m.io(mp),
        `ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:${r.int(33000, 60000)}`,
      ]),
  },
  severed: {
    kind: "severed",
    label: "error",
    lines: (r, m, mp) =>
      Array.from({ length: r.int(4, 16) }, () => [
        "APP",
        "FATAL",
        m.io(mp),
        `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to 172.16.96.116:${r.int(33000, 60000)}: Link has been severed`,
      ]),
  },
  lustre: {
    kind: "lustre",
    label: "error",
    lines: (r, m, mp) =>
      Array.from({ length: r.int(8, 24) }, () => ["KERNEL", "FATAL", m.io(mp), `Lustre mount FAILED : bglio${r.int(1, 64)} : block_id : location`]),
  },
  mcheck: {
    kind: "mcheck",
    label: "error",
    lines: (r, m, mp) => [["KERNEL", "FATAL", m.node(mp), `machine check interrupt (bit=0x${r.pick(["1d", "0b", "1f"])}): L2 dcache unit data parity error`]],
  },
  monitor: {
    kind: "monitor",
    label: "error",
    lines: () => [["MONITOR", "FAILURE", "NULL", "monitor caught java.lang.IllegalStateException: while executing CONTROL Operation"]],
  },
  sparing: {
    kind: "sparing",
    label: "error",
    lines: (r, m, mp) =>
      Array.from({ length: r.int(1, 3) }, () => [
        "LINKCARD",
        "FATAL",
        m.linkCard(mp),
        `MidplaneSwitchController performing bit sparing on ${m.linkCard(mp)} bit ${r.int(0, 23)}`,
      ]),
  },
  ddr: {
    kind: "ddr",
    label: "memory",
    lines: (r, m, mp) => {
      const loc = m.node(mp);
      return [
        ["KERNEL", "FATAL", loc, `ddr: excessive soft failures, consider replacing the card`],
        ...(r.chance(0.5)
          ? [
              ["KERNEL", "FATAL", loc, `uncorrectable error detected in ddr rank ${r.int(0, 1)} symbol ${r.int(0, 35)}, job terminated`] as [
                string,
                string,
                string,
                string,
              ],
            ]
          : []),
      ];
    },
  },
  nomem: {
    kind: "nomem",
    label: "memory",
    lines: (r, m, mp) =>
      Array.from({ length: r.int(2, 8) }, () => [
        "APP",
        "FATAL",
        m.io(mp),
        `ciod: Error creating node map from file /p/gb${r.int(1, 2)}/${r.pick(USERS)}/map${r.int(1, 9)}.txt: Cannot allocate memory`,
      ]),
  },
  heap: {
    kind: "heap",
    label: "memory",
    lines: (r, m, mp) =>
      Array.from({ length: r.int(3, 10) }, () => [
        "KERNEL",
        "FATAL",
        m.node(mp),
        `Out of memory: unable to allocate ${r.int(2, 64) * 1048576} bytes for application heap, program terminated`,
      ]),
  },
  flood: {
    kind: "flood",
    label: "pattern",
    lines: (r, m, mp) => {
      const loc = m.node(mp);
      return Array.from(
        { length: r.int(30, 55) },
        () => ["KERNEL", "INFO", loc, "instruction cache parity error corrected"] as [string, string, string, string],
      );
    },
  },
  master: {
    kind: "master",
    label: "pattern",
    lines: () => [["MMCS", "FATAL", "NULL", "BGLMaster has exited abnormally; restarting ciodb, idoproxydb, mmcs_db_server"]],
  },
};

function rasEv(t: number, c: [string, string, string, string], label: AnomalyType | null): Ev {
  const [component, severity, loc, msg] = c;
  return { t, svc: component, level: LEVEL[severity] ?? "INFO", rawLevel: severity, msg, label, prod: "ras", inst: loc };
}

function rasScenario(r: Rng, name: string, description: string, total: number, hours: number, mix: [string, number][]): Scenario {
  const m = new Machine(r);
  const t0 = Date.UTC(2005, 5, 1) + r.int(0, 200) * 86_400_000 + r.int(0, 86399) * 1000;
  const t1 = t0 + hours * HOUR;
  const anomalies: Ev[] = [];
  for (const [kind, n] of mix) {
    const a = ALERTS[kind] as Alert;
    for (let i = 0; i < n; i++) {
      const at = r.int(t0 + 60_000, t1 - 60_000);
      const mp = m.midplane();
      const lines = a.lines(r, m, mp);
      let t = at;
      for (const c of lines) {
        anomalies.push(rasEv(t, c, a.label));
        t += kind === "flood" ? r.int(500, 4000) : r.int(0, 400);
      }
    }
  }
  const normal = r.times(Math.max(0, total - anomalies.length), t0, t1).map((t) => rasEv(t, r.weighted(ROUTINE)(r, m), null));
  return assemble(name, description, anomalies.concat(normal));
}

export function rasScenarios(r: Rng): Scenario[] {
  const a = r.fork("bgl-a");
  const b = r.fork("bgl-b");
  return [
    rasScenario(
      a,
      "bgl-ras-midplane-alerts",
      "BlueGene/L RAS log over eight hours where APP FATAL and DISCOVERY SEVERE lines are routine; the alerts are TLB-error, rts-panic and ciod-stream bursts across midplane nodes, a parity-error flood from one node, machine checks and monitor failures",
      5000,
      8,
      [
        ["dtlb", a.int(3, 4)],
        ["rts", a.int(3, 4)],
        ["ciod", a.int(3, 4)],
        ["severed", a.int(1, 2)],
        ["mcheck", a.int(2, 4)],
        ["monitor", a.int(2, 4)],
        ["sparing", a.int(1, 3)],
        ["flood", 1],
        ["ddr", a.int(1, 3)],
        ["master", 1],
      ],
    ),
    rasScenario(
      b,
      "bgl-ras-lustre-and-memory",
      "BlueGene/L RAS log over twelve hours: routine corrected-error and user-error FATAL lines around alerts of Lustre mount failures on I/O nodes, nodes out of memory, failing DDR and severed ciod links",
      4200,
      12,
      [
        ["lustre", b.int(6, 8)],
        ["nomem", b.int(4, 6)],
        ["heap", b.int(3, 5)],
        ["ddr", b.int(3, 5)],
        ["severed", b.int(3, 4)],
        ["rts", b.int(1, 2)],
        ["monitor", b.int(2, 3)],
      ],
    ),
  ];
}
