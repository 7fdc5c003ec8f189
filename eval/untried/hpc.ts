// Real-system-style logs: a supercomputer's RAS events and a Linux cluster's syslog, each with
// about 5-10% of lines labelled alerts, in bursts across many nodes as such alerts come.

import type { Scenario } from "../blind/types.js";
import type { Label, Rng } from "./kit.js";
import { iso, MIN, rng, syslog, Timeline, times, weighted, windowStart } from "./kit.js";

const loc = (r: Rng) =>
  `R${String(r.int(0, 7)).padStart(2, "0")}-M${r.int(0, 1)}-N${r.int(0, 15).toString(16).toUpperCase()}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;

export function rasMachineCheckStorm(seed: number): Scenario {
  const name = "ras-machine-check-storm";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 600 * MIN;
  const tl = new Timeline();
  const ras = (t: number, location: string, component: string, level: string, message: string, l: Label) => {
    const d = iso(t);
    tl.add(
      t,
      {
        timestamp: Math.floor(t / 1000),
        date: d.slice(0, 10).replace(/-/g, "."),
        node: location,
        time: `${d.slice(0, 10)}-${d.slice(11, 19).replace(/:/g, ".")}.${String(t % 1000).padStart(3, "0")}000`,
        location,
        type: "RAS",
        component,
        level,
        message,
      },
      l,
    );
  };
  const total = r.int(4800, 5400);
  const target = Math.round(total * (0.05 + r.next() * 0.04));
  let alerts = 0;
  // Bursts: one midplane's nodes report the same fault within a minute or two.
  while (alerts < target) {
    const tb = t0 + Math.floor(r.next() * (t1 - t0 - 3 * MIN));
    const mid = `R${String(r.int(0, 7)).padStart(2, "0")}-M${r.int(0, 1)}`;
    const kind = weighted(r, [
      [4, ["KERNEL", "FATAL", "data TLB error interrupt", "error"]],
      [3, ["KERNEL", "FATAL", "machine check interrupt (bit=0x1d): L2 dcache unit data parity error", "error"]],
      [3, ["APP", "FATAL", "ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.116:33569", "error"]],
      [
        2,
        [
          "KERNEL",
          "FATAL",
          "rts: kernel terminated for reason 1004rts: bad message header: invalid cpu, type=42315, cpu=105, index=1207960804, total=21",
          "error",
        ],
      ],
      [2, ["MMCS", "FAILURE", "Lustre mount FAILED : bglio11 : block_id : location", "error"]],
      [
        2,
        [
          "KERNEL",
          "FATAL",
          "ddr: Unable to steer rank=0, symbol=8 - rank is already steering symbol 2. Due to multiple symbols being over the correctable error threshold, consider replacing the card",
          "error",
        ],
      ],
      [2, ["KERNEL", "FATAL", "Out of memory: heap exhausted in job 4217, application terminated (requested 67108864 bytes, 0 free)", "memory"]],
    ] as const);
    const [component, level, message, lbl] = kind;
    const n = Math.min(target - alerts, r.int(8, 40));
    for (const t of times(r, n, tb, tb + r.int(30, 150) * 1000))
      ras(
        t,
        `${mid}-N${r.int(0, 15).toString(16).toUpperCase()}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`,
        component,
        level,
        message,
        lbl,
      );
    alerts += n;
  }
  for (const t of times(r, total - alerts, t0, t1)) {
    const [component, level, message] = weighted(r, [
      [30, ["KERNEL", "INFO", "instruction cache parity error corrected"]],
      [14, ["KERNEL", "INFO", `${r.int(1, 9)} ddr error(s) detected and corrected on rank 0, symbol ${r.int(0, 35)}, bit ${r.int(0, 7)}`]],
      [12, ["KERNEL", "INFO", `CE sym ${r.int(0, 35)}, at 0x${r.hex(8)}, mask 0x${r.hex(2)}`]],
      [10, ["KERNEL", "INFO", `generating core.${r.int(100, 9999)}`]],
      [8, ["APP", "INFO", `ciod: generated ${r.int(64, 512)} core files for program /g/g${r.int(10, 99)}/user${r.int(1, 90)}/xhpl`]],
      [
        6,
        [
          "MMCS",
          "INFO",
          `idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=${r.int(1000, 1100)} Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)`,
        ],
      ],
      [6, ["KERNEL", "WARNING", `total of ${r.int(1, 30)} ddr error(s) detected and corrected over ${r.int(100, 9000)} seconds`]],
      [
        5,
        [
          "DISCOVERY",
          "SEVERE",
          `Node card VPD check: missing U${r.int(10, 19)} node, VPD ecid 0x${r.hex(16).toUpperCase()} in processor card slot J${r.int(10, 18)}`,
        ],
      ],
      [4, ["KERNEL", "INFO", `program interrupt: fp cr field .............${r.int(0, 7)}`]],
      [5, ["MONITOR", "ERROR", `monitor caught java.lang.IllegalStateException: while executing CONTROL Operation on node card ${loc(r)}`]],
    ] as const);
    ras(t, loc(r), component, level, message, null);
  }
  return tl.scenario(
    name,
    "Ten hours of supercomputer RAS events, mostly corrected-error INFO and routine SEVERE/ERROR chatter, with bursts of FATAL kernel and I/O alerts across midplanes making 5-9% of lines",
  );
}

export function clusterSyslogAlerts(seed: number): Scenario {
  const name = "cluster-syslog-node-alerts";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 480 * MIN;
  const tl = new Timeline();
  const node = () => `cn${String(r.int(1, 512)).padStart(3, "0")}`;
  const total = r.int(4600, 5300);
  const target = Math.round(total * (0.05 + r.next() * 0.04));
  let alerts = 0;
  while (alerts < target) {
    const tb = t0 + Math.floor(r.next() * (t1 - t0 - 5 * MIN));
    const kind = weighted(r, [
      [3, "nfs"],
      [3, "ib"],
      [2, "oom"],
      [2, "ext"],
      [1, "mce"],
    ] as const);
    const hosts = Array.from({ length: r.int(2, 10) }, node);
    const n = Math.min(target - alerts, r.int(6, 30));
    for (const t of times(r, n, tb, tb + r.int(60, 280) * 1000)) {
      const h = r.pick(hosts);
      if (kind === "nfs")
        tl.add(
          t,
          syslog(
            t,
            h,
            "kernel",
            null,
            4,
            "kern",
            r.chance(0.8) ? "nfs: server fs02 not responding, still trying" : "nfs: server fs02 not responding, timed out",
          ),
          "performance",
        );
      else if (kind === "ib")
        tl.add(
          t,
          syslog(
            t,
            h,
            "kernel",
            null,
            3,
            "kern",
            `mlx5_core 0000:3b:00.0: mlx5_cmd_out_err:803: ACCESS_REG(0x805) op_mod(0x1) failed, status bad system state(0x4), syndrome (0x${r.hex(6)}), err(-5)`,
          ),
          "error",
        );
      else if (kind === "ext")
        tl.add(
          t,
          syslog(
            t,
            h,
            "kernel",
            null,
            2,
            "kern",
            `EXT4-fs error (device sda5): ext4_find_entry:1463: inode #${r.int(100000, 999999)}: comm slurmstepd: reading directory lblock 0`,
          ),
          "error",
        );
      else if (kind === "mce")
        tl.add(
          t,
          syslog(t, h, "kernel", null, 0, "kern", `mce: [Hardware Error]: CPU ${r.int(0, 63)}: Machine Check Exception: 5 Bank 7: be00000000800400`),
          "error",
        );
      else
        tl.add(
          t,
          syslog(
            t,
            h,
            "kernel",
            null,
            3,
            "kern",
            `Out of memory: Killed process ${r.int(10000, 99999)} (lmp_mpi) total-vm:${r.int(90, 190)}00000kB, anon-rss:${r.int(80, 180)}00000kB, file-rss:0kB, shmem-rss:0kB, UID:${r.int(5000, 9000)} pgtables:${r.int(100, 400)}000kB oom_score_adj:0`,
          ),
          "memory",
        );
    }
    alerts += n;
  }
  for (const t of times(r, total - alerts, t0, t1)) {
    const h = node();
    const p = r.int(1000, 60000);
    const line = weighted(r, [
      [
        20,
        () =>
          syslog(
            t,
            h,
            "slurmd",
            p,
            6,
            "daemon",
            `launch task StepId=${r.int(800000, 900000)}.${r.int(0, 9)} request from UID:${r.int(5000, 9000)} GID:${r.int(5000, 9000)} HOST:10.10.0.1 PORT:${r.int(30000, 60000)}`,
          ),
      ],
      [15, () => syslog(t, h, "slurmstepd", p, 6, "daemon", `done with job ${r.int(800000, 900000)}`)],
      [
        12,
        () =>
          syslog(
            t,
            h,
            "sshd",
            p,
            6,
            "authpriv",
            `Accepted publickey for ${r.pick(["slurm", "hpcadmin", "u4412", "u1180"])} from 10.10.0.${r.int(2, 9)} port ${r.int(30000, 60000)} ssh2`,
          ),
      ],
      [10, () => syslog(t, h, "chronyd", p, 6, "daemon", `Selected source 10.10.0.${r.int(2, 4)}`)],
      [
        10,
        () =>
          syslog(
            t,
            h,
            "kernel",
            null,
            4,
            "kern",
            `EDAC MC${r.int(0, 1)}: 1 CE memory read error on CPU_SrcID#${r.int(0, 1)}_MC#${r.int(0, 1)}_Chan#${r.int(0, 5)}_DIMM#0 (channel:${r.int(0, 5)} slot:0 page:0x${r.hex(6)} offset:0x0 grain:32 syndrome:0x0)`,
          ),
      ],
      [8, () => syslog(t, h, "CRON", p, 6, "cron", "(root) CMD (/usr/lib64/sa/sa1 1 1)")],
      [8, () => syslog(t, h, "systemd", 1, 6, "daemon", `Started Session ${r.int(100, 9000)} of user slurm.`)],
      [6, () => syslog(t, h, "kernel", null, 6, "kern", `slurm.${r.int(800000, 900000)}: task ${r.int(0, 63)} cpu affinity set`)],
      [5, () => syslog(t, h, "slurmd", p, 3, "daemon", `error: _rpc_terminate_job: ${r.int(800000, 900000)} not running`)],
      [3, () => syslog(t, h, "ntpd", p, 4, "daemon", "kernel reports TIME_ERROR: 0x41: Clock Unsynchronized")],
    ] as const)();
    tl.add(t, line);
  }
  return tl.scenario(
    name,
    "A compute cluster's syslog over eight hours: Slurm, sshd and corrected-ECC chatter, with bursts of NFS stalls, InfiniBand and filesystem errors and OOM kills making 5-9% of lines",
  );
}
