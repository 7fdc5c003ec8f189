// Cluster syslog as rsyslog forwards it in JSON: kernel, sshd, cron, systemd, slurm, chrony,
// smartd lines from compute, login and storage nodes, with a few real alerts among them.

import type { AnomalyType, Ev, Level, Scenario } from "../blind/types.js";
import { assemble } from "./assemble.js";
import type { Rng } from "./prng.js";
import { burst, HOUR, MIN } from "./timeline.js";

const USERS = ["akumar", "bnguyen", "cmuller", "dsato", "eroberts", "fzhang", "gsilva", "hpatel", "ijones", "kwozniak"];
const ADMINS = ["opsadm", "rlindqvist"];
const CMDS = ["lmp_mpi", "gmx_mpi", "python3", "vasp_std", "cp2k.psmp", "nwchem", "R", "matlab"];

interface Cluster {
  compute: string[];
  login: string[];
  mgmt: string;
  storage: string;
}

function cluster(r: Rng, n: number): Cluster {
  const pre = r.pick(["cn", "node", "c"]);
  return {
    compute: Array.from({ length: n }, (_, i) => `${pre}${String(i + 1).padStart(3, "0")}`),
    login: ["login01", "login02"],
    mgmt: "mgmt01",
    storage: r.pick(["nfs01", "fs01", "home-nfs"]),
  };
}

type Line = [prog: string, level: Level, host: string, msg: string, facility: string, raw?: string];
type Tmpl = (r: Rng, c: Cluster) => Line;

const b64 = (r: Rng) => Array.from({ length: 43 }, () => r.pick([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"])).join("");
const job = (r: Rng) => r.int(4_100_000, 4_199_999);
const uid = (r: Rng) => r.int(10001, 10999);
const extIp = (r: Rng) => `${r.pick([45, 61, 92, 103, 141, 176, 185, 193, 218])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;

export const ROUTINE: [Tmpl, number][] = [
  [
    (r, c) => {
      const u = r.pick(USERS);
      return [
        "sshd",
        "INFO",
        r.pick(c.login),
        `Accepted publickey for ${u} from 10.${r.int(20, 40)}.${r.int(0, 255)}.${r.int(2, 254)} port ${r.int(40000, 65000)} ssh2: RSA SHA256:${b64(r)}`,
        "authpriv",
      ];
    },
    3,
  ],
  [(r, c) => ["sshd", "INFO", r.pick(c.login), `pam_unix(sshd:session): session opened for user ${r.pick(USERS)}(uid=${uid(r)}) by (uid=0)`, "authpriv"], 3],
  [(r, c) => ["sshd", "INFO", r.pick(c.login), `pam_unix(sshd:session): session closed for user ${r.pick(USERS)}`, "authpriv"], 2.5],
  [
    (r, c) => [
      "sshd",
      "INFO",
      r.pick(c.login),
      `Received disconnect from 10.${r.int(20, 40)}.${r.int(0, 255)}.${r.int(2, 254)} port ${r.int(40000, 65000)}:11: disconnected by user`,
      "authpriv",
    ],
    2,
  ],
  [(r, c) => ["sshd", "INFO", r.pick(c.login), `Connection closed by ${extIp(r)} port ${r.int(1024, 65000)} [preauth]`, "authpriv"], 1.2],
  [
    (r, c) => [
      "sshd",
      "INFO",
      r.pick(c.login),
      `Invalid user ${r.pick(["admin", "test", "ubuntu", "oracle", "user", "git", "postgres"])} from ${extIp(r)} port ${r.int(1024, 65000)}`,
      "authpriv",
    ],
    0.8,
  ],
  [
    (r, c) => [
      "sshd",
      "INFO",
      r.pick(c.compute),
      `Accepted publickey for root from 10.1.0.5 port ${r.int(40000, 65000)} ssh2: ED25519 SHA256:${b64(r)}`,
      "authpriv",
    ],
    1.5,
  ],
  [(r, c) => ["CROND", "INFO", r.pick([...c.compute, ...c.login]), "(root) CMD (/usr/lib64/sa/sa1 1 1)", "cron"], 6],
  [(r, c) => ["CROND", "INFO", r.pick([...c.compute, ...c.login]), "(root) CMD (run-parts /etc/cron.hourly)", "cron"], 1],
  [(r, c) => ["CROND", "INFO", r.pick(c.compute), "(root) CMD (/usr/sbin/nhc -t 60 >/dev/null 2>&1)", "cron"], 3],
  [(r, c) => ["systemd", "INFO", r.pick(c.login), `Started Session ${r.int(1000, 99999)} of user ${r.pick(USERS)}.`, "daemon"], 2.5],
  [(r, c) => ["systemd", "INFO", r.pick(c.login), `Created slice User Slice of UID ${uid(r)}.`, "daemon"], 1],
  [(r, c) => ["systemd", "INFO", r.pick(c.login), `Removed slice User Slice of UID ${uid(r)}.`, "daemon"], 1],
  [(r, c) => ["systemd", "INFO", r.pick([...c.compute, ...c.login]), "sysstat-collect.service: Succeeded.", "daemon"], 3],
  [(r, c) => ["systemd", "INFO", r.pick([...c.compute, ...c.login]), "Starting system activity accounting tool...", "daemon"], 2],
  [
    (r, c) => [
      "systemd",
      "INFO",
      r.pick([...c.compute, ...c.login]),
      r.pick(["Starting dnf makecache...", "dnf-makecache.service: Succeeded.", "Started dnf makecache."]),
      "daemon",
    ],
    0.8,
  ],
  [(r, c) => ["systemd-logind", "INFO", r.pick(c.login), `New session ${r.int(1000, 99999)} of user ${r.pick(USERS)}.`, "authpriv"], 2.5],
  [(r, c) => ["systemd-logind", "INFO", r.pick(c.login), `Removed session ${r.int(1000, 99999)}.`, "authpriv"], 2],
  [
    (r, c) => [
      "slurmd",
      "INFO",
      r.pick(c.compute),
      `launch task StepId=${job(r)}.0 request from UID:${uid(r)} GID:${uid(r)} HOST:10.1.0.5 PORT:${r.int(40000, 65000)}`,
      "daemon",
    ],
    3,
  ],
  [(r, c) => ["slurmd", "INFO", r.pick(c.compute), `task/affinity: lllp_distribution: JobId=${job(r)} binding: threads, dist 1`, "daemon"], 2],
  [(r, c) => ["slurmd", "INFO", r.pick(c.compute), `Launching batch job ${job(r)} for UID ${uid(r)}`, "daemon"], 2],
  [(r, c) => ["slurmstepd", "INFO", r.pick(c.compute), `[${job(r)}.batch] done with job`, "daemon"], 2],
  [
    (r, c) => ["slurmctld", "INFO", c.mgmt, `_slurm_rpc_submit_batch_job: JobId=${job(r)} InitPrio=${r.int(4000, 90000)} usec=${r.int(200, 3000)}`, "daemon"],
    2.5,
  ],
  [
    (r, c) => {
      const a = r.int(1, 60);
      return [
        "slurmctld",
        "INFO",
        c.mgmt,
        `sched: Allocate JobId=${job(r)} NodeList=${c.compute[0]?.replace(/\d+$/, "")}[${String(a).padStart(3, "0")}-${String(a + r.int(0, 3)).padStart(3, "0")}] #CPUs=${r.pick([32, 64, 128, 256])} Partition=${r.pick(["batch", "batch", "long", "debug"])}`,
        "daemon",
      ];
    },
    2.5,
  ],
  [(r, c) => ["slurmctld", "INFO", c.mgmt, `_job_complete: JobId=${job(r)} WEXITSTATUS ${r.chance(0.9) ? 0 : r.pick([1, 2, 127])}`, "daemon"], 2],
  [(r, c) => ["slurmctld", "INFO", c.mgmt, `_job_complete: JobId=${job(r)} done`, "daemon"], 2],
  [
    (r, c) => [
      "slurmctld",
      "ERROR",
      c.mgmt,
      `error: slurm_receive_msg [10.1.${r.int(1, 3)}.${r.int(1, 250)}:${r.int(40000, 65000)}]: Zero Bytes were transmitted or received`,
      "daemon",
    ],
    0.4,
  ],
  [(r, c) => ["slurmctld", "INFO", c.mgmt, `_job_complete: JobId=${job(r)} WTERMSIG 15`, "daemon"], 0.3],
  [
    (r, c) => [
      "kernel",
      "WARNING",
      r.pick(c.compute),
      `perf: interrupt took too long (${r.int(2501, 3900)} > ${r.int(2496, 2500)}), lowering kernel.perf_event_max_sample_rate to ${r.int(50, 79) * 1000}`,
      "kern",
    ],
    0.5,
  ],
  [(r, c) => ["kernel", "WARNING", r.pick(c.compute), "mce: [Hardware Error]: Machine check events logged", "kern"], 0.4],
  [
    (r, c) => [
      "kernel",
      "INFO",
      r.pick(c.compute),
      `EDAC MC${r.int(0, 1)}: 1 CE memory read error on CPU_SrcID#${r.int(0, 1)}_Ha#0_Chan#${r.int(0, 3)}_DIMM#0 (channel:${r.int(0, 3)} slot:0 page:0x${r.hex(6)} offset:0x0 grain:32 syndrome:0x0 - area:DRAM err_code:0001:0091)`,
      "kern",
    ],
    0.6,
  ],
  [(r, c) => ["kernel", "INFO", r.pick(c.compute), `ib0: multicast join failed for ff12:401b:ffff:0000:0000:0000:ffff:ffff, status -22`, "kern"], 0.3],
  [(r, c) => ["chronyd", "INFO", r.pick([...c.compute, ...c.login, c.mgmt]), `Selected source 10.1.0.${r.int(1, 3)}`, "daemon"], 0.7],
  [
    (r, c) => [
      "smartd",
      "INFO",
      r.pick(c.compute),
      `Device: /dev/sda [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${r.int(30, 40)} to ${r.int(30, 41)}`,
      "daemon",
    ],
    0.8,
  ],
  [
    (r, c) => [
      "sudo",
      "INFO",
      c.mgmt,
      `${r.pick(ADMINS)} : TTY=pts/${r.int(0, 5)} ; PWD=/home/${r.pick(ADMINS)} ; USER=root ; COMMAND=/usr/bin/${r.pick(["systemctl status slurmctld", "scontrol show node", "sinfo -R", "journalctl -u slurmctld --since today"])}`,
      "authpriv",
    ],
    0.6,
  ],
  [
    (r, c) => [
      "rpc.mountd",
      "INFO",
      c.storage,
      `authenticated mount request from 10.1.${r.int(1, 3)}.${r.int(1, 250)}:${r.int(600, 1023)} for /export/home (/export/home)`,
      "daemon",
    ],
    0.8,
  ],
];

function sysEv(t: number, l: Line, label: AnomalyType | null): Ev {
  const [prog, level, host, msg, facility, raw] = l;
  const e: Ev = { t, svc: prog, level, msg, label, prod: "syslog", inst: host, f: { facility } };
  if (raw !== undefined) e.rawLevel = raw;
  return e;
}

/** Nightly routine: log rotation, tmpfiles cleanup, backups. Rare but normal. */
function nightly(r: Rng, c: Cluster, at: number): Ev[] {
  const out: Ev[] = [];
  for (const host of [...c.login, c.mgmt, c.storage, ...c.compute.slice(0, 6)]) {
    const t = at + r.int(0, 90_000);
    out.push(sysEv(t, ["systemd", "INFO", host, "Starting Rotate log files...", "daemon"], null));
    out.push(
      sysEv(
        t + r.int(200, 900),
        [
          "rsyslogd",
          "INFO",
          host,
          `[origin software="rsyslogd" swVersion="8.2102.0-105.el9" x-pid="${r.int(800, 1900)}" x-info="https://www.rsyslog.com"] rsyslogd was HUPed`,
          "syslog",
        ],
        null,
      ),
    );
    out.push(sysEv(t + r.int(1000, 3000), ["systemd", "INFO", host, "logrotate.service: Deactivated successfully.", "daemon"], null));
    out.push(sysEv(t + r.int(3100, 4000), ["systemd", "INFO", host, "Finished Rotate log files.", "daemon"], null));
  }
  return out;
}

function computeCluster(r: Rng): Scenario {
  const c = cluster(r, 64);
  const t0 = Date.UTC(2024, 0, 1) + r.int(0, 500) * 86_400_000 + r.int(20, 22) * HOUR + r.int(0, 3599) * 1000;
  const t1 = t0 + 6 * HOUR;
  const a: Ev[] = [];
  // 1. jobs killed by the OOM killer on two or three nodes
  for (let k = 0, n = r.int(2, 3); k < n; k++) {
    const host = r.pick(c.compute);
    const t = r.int(t0 + 20 * MIN, t1 - 20 * MIN);
    const j = job(r);
    const pid = r.int(20000, 90000);
    const cmd = r.pick(CMDS);
    const limitKb = r.pick([128, 192, 256]) * 1048576;
    const seq: Line[] = [
      ["kernel", "WARNING", host, `${cmd} invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0`, "kern"],
      ["kernel", "INFO", host, `memory: usage ${limitKb}kB, limit ${limitKb}kB, failcnt ${r.int(1, 900)}`, "kern"],
      [
        "kernel",
        "ERROR",
        host,
        `Memory cgroup out of memory: Killed process ${pid} (${cmd}) total-vm:${Math.round(limitKb * r.float(1.05, 1.3))}kB, anon-rss:${Math.round(limitKb * r.float(0.97, 0.995))}kB, file-rss:${r.int(1e4, 9e4)}kB, shmem-rss:0kB, UID:${uid(r)} pgtables:${r.int(3e5, 5e5)}kB oom_score_adj:0`,
        "kern",
      ],
      ["kernel", "INFO", host, `oom_reaper: reaped process ${pid} (${cmd}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`, "kern"],
      [
        "slurmstepd",
        "ERROR",
        host,
        `error: Detected 1 oom-kill event(s) in StepId=${j}.0. Some of your processes may have been killed by the cgroup out-of-memory handler.`,
        "daemon",
      ],
    ];
    seq.forEach((l, i) => {
      a.push(sysEv(t + i * r.int(1, 300), l, "memory"));
    });
  }
  // 2. the home NFS server stops answering for a few minutes; blocked tasks on compute nodes
  {
    const t = r.int(t0 + 90 * MIN, t1 - 60 * MIN);
    const hosts = r.shuffle([...c.compute]).slice(0, r.int(8, 14));
    for (const h of hosts)
      a.push(sysEv(t + r.int(0, 60_000), ["kernel", "WARNING", h, `nfs: server ${c.storage} not responding, still trying`, "kern"], "performance"));
    for (const h of hosts.slice(0, r.int(3, 5))) {
      const tt = t + r.int(125_000, 200_000);
      const pid = r.int(20000, 90000);
      a.push(sysEv(tt, ["kernel", "ERROR", h, `INFO: task ${r.pick(CMDS)}:${pid} blocked for more than 120 seconds.`, "kern", "3"], "performance"));
      a.push(sysEv(tt + 1, ["kernel", "ERROR", h, '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.', "kern", "3"], "performance"));
    }
    for (const h of hosts) a.push(sysEv(t + r.int(6 * MIN, 9 * MIN), ["kernel", "WARNING", h, `nfs: server ${c.storage} OK`, "kern"], "performance"));
  }
  // 3. a failing local disk on one node
  {
    const host = r.pick(c.compute);
    const t = r.int(t0 + 30 * MIN, t1 - 30 * MIN);
    for (let i = 0, n = r.int(4, 7); i < n; i++) {
      const sector = r.int(1e7, 9e8);
      a.push(
        sysEv(
          t + i * r.int(500, 40_000),
          ["kernel", "ERROR", host, `blk_update_request: I/O error, dev sda, sector ${sector} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0`, "kern"],
          "error",
        ),
      );
      if (r.chance(0.6))
        a.push(
          sysEv(
            t + i * 41_000 + 5,
            ["kernel", "ERROR", host, `Buffer I/O error on dev sda2, logical block ${Math.floor(sector / 8)}, async page read`, "kern"],
            "error",
          ),
        );
    }
    a.push(
      sysEv(
        t + 5 * MIN,
        [
          "kernel",
          "ERROR",
          host,
          `EXT4-fs error (device sda2): ext4_find_entry:1455: inode #${r.int(1e5, 9e5)}: comm slurmd: reading directory lblock 0`,
          "kern",
        ],
        "error",
      ),
    );
    a.push(
      sysEv(t + 9 * MIN, ["smartd", "CRITICAL", host, `Device: /dev/sda [SAT], ${r.int(8, 40)} Currently unreadable (pending) sectors`, "daemon"], "error"),
    );
  }
  // 4. a compromised compute node trying root logins on its neighbours, then a uid-0 account
  {
    const bad = c.compute[r.int(30, 50)] as string;
    const badIp = `10.1.2.${r.int(10, 250)}`;
    const t = r.int(t0 + 2 * HOUR, t1 - 40 * MIN);
    const targets = r.shuffle(c.compute.filter((h) => h !== bad)).slice(0, 12);
    burst(r, r.int(24, 34), t, 6000).forEach((tt, i) => {
      const h = targets[i % targets.length] as string;
      const l: Line = r.chance(0.7)
        ? ["sshd", "INFO", h, `Failed password for root from ${badIp} port ${r.int(40000, 65000)} ssh2`, "authpriv"]
        : ["sshd", "INFO", h, `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${badIp}  user=root`, "authpriv"];
      a.push(sysEv(tt, l, "pattern"));
    });
    a.push(sysEv(t + 4 * MIN, ["useradd", "INFO", bad, "new user: name=sysupd, UID=0, GID=0, home=/root, shell=/bin/bash, from=none", "authpriv"], "pattern"));
    a.push(
      sysEv(t + 4 * MIN + 2500, ["sshd", "INFO", bad, `Accepted password for sysupd from ${extIp(r)} port ${r.int(40000, 65000)} ssh2`, "authpriv"], "pattern"),
    );
  }
  const normal = r.times(5000 - a.length - 40, t0, t1).map((t) => sysEv(t, r.weighted(ROUTINE)(r, c), null));
  const rot = nightly(r, c, t0 + r.int(150, 200) * MIN);
  return assemble(
    "hpc-cluster-syslog",
    "Six hours of a 64-node cluster's syslog (sshd, cron, systemd, slurm, kernel) with nightly log rotation: OOM-killed jobs, an NFS server not responding, a failing disk and a compromised node brute-forcing root",
    [...a, ...normal, ...rot.slice(0, 40)],
  );
}

function storageNode(r: Rng): Scenario {
  const c = cluster(r, 32);
  const t0 = Date.UTC(2024, 0, 1) + r.int(0, 500) * 86_400_000 + r.int(0, 20) * HOUR;
  const t1 = t0 + 4 * HOUR;
  const s = c.storage;
  const routine: [Tmpl, number][] = [
    ...ROUTINE,
    [
      (rr) => [
        "rpc.mountd",
        "INFO",
        s,
        `authenticated mount request from 10.1.${rr.int(1, 3)}.${rr.int(1, 250)}:${rr.int(600, 1023)} for /export/scratch (/export/scratch)`,
        "daemon",
      ],
      1.5,
    ],
    [() => ["smartd", "INFO", s, "Device: /dev/sdc [SAT], SMART Prefailure Attribute: 1 Raw_Read_Error_Rate changed from 81 to 82", "daemon"], 0.5],
    [() => ["kernel", "INFO", s, "nfsd: peername failed (err 107)!", "kern"], 0.2],
  ];
  const a: Ev[] = [];
  const t = r.int(t0 + 60 * MIN, t1 - 90 * MIN);
  const disk = r.pick(["sdc", "sdd", "sdf"]);
  const seq: [number, Line, AnomalyType][] = [
    [
      0,
      [
        "kernel",
        "ERROR",
        s,
        `sd 0:0:${r.int(2, 5)}:0: [${disk}] tag#${r.int(0, 31)} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE cmd_age=${r.int(7, 30)}s`,
        "kern",
      ],
      "error",
    ],
    [
      200,
      [
        "kernel",
        "ERROR",
        s,
        `blk_update_request: critical medium error, dev ${disk}, sector ${r.int(1e8, 9e8)} op 0x0:(READ) flags 0x0 phys_seg 8 prio class 0`,
        "kern",
      ],
      "error",
    ],
    [900, ["kernel", "CRITICAL", s, `md/raid:md0: Disk failure on ${disk}1, disabling device.`, "kern", "2"], "error"],
    [905, ["kernel", "CRITICAL", s, "md/raid:md0: Operation continuing on 5 devices.", "kern", "2"], "error"],
    [4000, ["mdadm", "CRITICAL", s, `DegradedArray event detected on md device /dev/md0`, "daemon", "2"], "error"],
    [5000, ["mdadm", "WARNING", s, `Fail event detected on md device /dev/md0, component device /dev/${disk}1`, "daemon"], "error"],
  ];
  for (const [d, l, lab] of seq) a.push(sysEv(t + d, l, lab));
  // degraded array: the NFS server slows, clients notice
  for (const tt of burst(r, r.int(8, 14), t + 2 * MIN, 40_000))
    a.push(sysEv(tt, ["kernel", "WARNING", s, `nfsd: too many open TCP sockets, consider increasing the number of nfsd threads`, "kern"], "performance"));
  for (const tt of burst(r, r.int(10, 18), t + 4 * MIN, 20_000))
    a.push(sysEv(tt, ["kernel", "WARNING", r.pick(c.compute), `nfs: server ${s} not responding, still trying`, "kern"], "performance"));
  for (const tt of burst(r, r.int(3, 6), t + 6 * MIN, 30_000))
    a.push(
      sysEv(
        tt,
        ["kernel", "ERROR", r.pick(c.compute), `INFO: task ${r.pick(CMDS)}:${r.int(20000, 90000)} blocked for more than 120 seconds.`, "kern", "3"],
        "performance",
      ),
    );
  for (const tt of burst(r, r.int(4, 8), t + 7 * MIN, 25_000))
    a.push(
      sysEv(
        tt,
        [
          "kernel",
          "WARNING",
          s,
          `XFS: nfsd(${r.int(2000, 2100)}) possible memory allocation deadlock size ${r.pick([65552, 131088])} in kmem_alloc (mode:0x2400240)`,
          "kern",
        ],
        "memory",
      ),
    );
  a.push(
    sysEv(
      t + 8 * MIN,
      [
        "kernel",
        "WARNING",
        s,
        `nfsd: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0-1`,
        "kern",
      ],
      "memory",
    ),
  );
  a.push(sysEv(t + 25 * MIN, ["kernel", "INFO", s, "md: recovery of RAID array md0", "kern"], "error"));
  a.push(sysEv(t + 25 * MIN + 50, ["kernel", "INFO", s, "md: md0: recovery interrupted.", "kern"], "error"));
  const normal = r.times(4200 - a.length, t0, t1).map((tt) => sysEv(tt, r.weighted(routine)(r, c), null));
  return assemble(
    "storage-node-raid-degraded",
    "Cluster syslog in which the home server's RAID loses a disk: medium errors and a degraded md array, nfsd thread exhaustion, clients' NFS timeouts and hung tasks, kernel memory-allocation stalls",
    [...a, ...normal],
  );
}

export function syslogScenarios(r: Rng): Scenario[] {
  return [computeCluster(r.fork("compute")), storageNode(r.fork("storage"))];
}

export { extIp, sysEv, cluster, type Cluster, type Line as SysLine };
