// System and infrastructure logs: a supercomputer's RAS stream where FATAL is an everyday level,
// a day of syslog from six hosts, a Slurm cluster, a Ceph cluster with a failing disk, and a
// SIP registrar being scanned while its media gateway fails.

import type { Scenario } from "../blind/types.js";
import { Incident, iso, isoMicro, type Label, type Rng as RngT, Rng, seedFor, startAt } from "./lib.js";

function bglLocation(r: RngT): string {
  return `R${r.int(0, 7)}${r.int(0, 7)}-M${r.int(0, 1)}-N${r.int(0, 15).toString(16).toUpperCase()}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;
}

/**
 * Blue Gene style RAS events over six hours. FATAL and ERROR are everyday levels here (ciod
 * control-stream resets, missing program images, corrected parity errors). What matters is a
 * handful of rare events: a machine check, data TLB error interrupts, a Lustre mount failure,
 * a node map allocation failure and an mmcs_server abort.
 */
export function bglRasRareEvents(seed: number): Scenario {
  const name = "bgl-ras-rare-events";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-01-14T00:00:00Z");
  const span = 6 * 3600_000;
  const ras = (tt: number, facility: string, severity: string, message: string, location = bglLocation(r)) => ({
    timestamp: isoMicro(tt),
    block: `RMP${r.pick(["0410", "0412", "0415"])}0${r.int(100, 999)}`,
    location,
    event_type: "RAS",
    facility,
    severity,
    message,
  });
  const routine: [string, string, () => string, number][] = [
    ["KERNEL", "INFO", () => "instruction cache parity error corrected", 30],
    ["KERNEL", "INFO", () => `CE sym ${r.int(0, 31)}, at 0x${r.hex(8)}, mask 0x${r.hex(2)}`, 18],
    ["KERNEL", "WARNING", () => `total of ${r.int(1, 40)} ddr error(s) detected and corrected`, 6],
    ["KERNEL", "INFO", () => `generating core.${r.int(100, 9999)}`, 10],
    ["APP", "FATAL", () => `ciod: failed to read message prefix on control stream (CioStream socket to 172.16.96.${r.int(1, 254)}:${r.int(30000, 40000)}`, 14],
    [
      "KERNEL",
      "ERROR",
      () =>
        `ciod: Error loading /p/gb1/${r.pick(["stella", "kohl", "reyes"])}/RAPTOR/${r.int(1000, 3000)}/raptor: invalid or missing program image, No such file or directory`,
      8,
    ],
    [
      "MMCS",
      "INFO",
      () =>
        `idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=1043 Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)`,
      3,
    ],
    [
      "APP",
      "FATAL",
      () =>
        `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to 172.16.96.${r.int(1, 254)}:${r.int(30000, 40000)}: Link has been severed`,
      2,
    ],
    [
      "DISCOVERY",
      "WARNING",
      () =>
        `Node card VPD check: U${r.pick(["01", "11"])} node in processor card slot J${r.int(2, 17)} do not match. VPD ecid ${r.hex(24).toUpperCase()}, found ${r.hex(24).toUpperCase()}`,
      2,
    ],
    ["KERNEL", "INFO", () => `${r.int(1, 9)} floating point alignment exceptions`, 6],
  ];
  for (const t of r.times(r.int(3300, 4500), t0, t0 + span)) {
    const [facility, severity, msg] = r.weighted(routine.map(([f, s, m, w]) => [[f, s, m] as const, w] as const));
    inc.add(t, (tt) => ras(tt, facility, severity, msg()));
  }
  const bad = bglLocation(r);
  const rare: [string, string, () => string, Label][] = [
    ["KERNEL", "FATAL", () => "machine check interrupt (bit=0x1d): L2 dcache unit data parity error", "error"],
    ["KERNEL", "FATAL", () => "data TLB error interrupt", "error"],
    ["KERNEL", "FATAL", () => "data TLB error interrupt", "error"],
    ["APP", "FATAL", () => `Lustre mount FAILED : bglio${r.int(10, 60)} : block_id : location`, "error"],
    ["KERNEL", "FATAL", () => "L3 major internal error", "error"],
    ["APP", "FATAL", () => `ciod: Error creating node map from file /p/gb2/${r.pick(["stella", "kohl"])}/nodemap.txt: Cannot allocate memory`, "memory"],
    ["KERNEL", "FATAL", () => "kernel panic: out of memory: Killed process (raptor) rss 511.8 MiB of 512 MiB per node", "memory"],
    ["MMCS", "FAILURE", () => "BGLMASTER FAILURE mmcs_server exited abnormally due to signal: Aborted", "error"],
    ["MMCS", "INFO", () => "ciodb has been restarted.", "pattern"],
  ];
  const count = r.int(9, 16);
  for (let i = 0; i < count; i++) {
    const [facility, severity, msg, label] = i < rare.length ? (rare[i] as (typeof rare)[number]) : r.pick(rare);
    inc.add(t0 + r.int(0, span), (tt) => ras(tt, facility, severity, msg(), r.chance(0.6) ? bad : bglLocation(r)), label);
  }
  return inc.build(
    name,
    "Six hours of supercomputer RAS events where FATAL is routine; the incident is a dozen rare lines: machine check, TLB errors, Lustre mount failure, OOM, an mmcs_server abort.",
  );
}

/**
 * A day of syslog from six hosts shipped as JSON. Brute-force SSH attempts, UFW blocks, cron and
 * snapd errors are everyday. On db-02 someone logs in as root with a key from an outside address
 * and adds a UID 0 user; hours later Elasticsearch on the same host is OOM-killed and systemd
 * reports the unit failed.
 */
export function syslogDayRootLoginOom(seed: number): Scenario {
  const name = "syslog-day-root-login-oom";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = Date.parse("2025-07-08T00:00:00Z") + r.int(0, 59) * 1000;
  const span = 24 * 3600_000;
  const hosts = ["web-01", "web-02", "db-01", "db-02", "mq-01", "bastion"];
  let pid = r.int(2000, 9000);
  const sys = (tt: number, host: string, facility: string, severity: string, program: string, message: string, procid: number | string = pid++) => ({
    "@timestamp": isoMicro(tt),
    host,
    facility,
    severity,
    programname: program,
    procid: String(procid),
    message,
  });
  const users = ["admin", "test", "oracle", "ubuntu", "git", "postgres", "user1", "support"];
  for (const t of r.times(r.int(3200, 4300), t0, t0 + span)) {
    const host = r.pick(hosts);
    const k = r.weighted([
      ["sshfail", 25],
      ["cron", 20],
      ["session", 12],
      ["ufw", 15],
      ["resolved", 4],
      ["chrony", 5],
      ["snapd", 2],
      ["logrotate", 2],
      ["sudo", 4],
    ] as const);
    switch (k) {
      case "sshfail": {
        const u = r.pick(users);
        const ip = r.ip(`${r.int(40, 220)}.`);
        inc.add(t, (tt) =>
          sys(
            tt,
            host,
            "authpriv",
            "info",
            "sshd",
            r.chance(0.5)
              ? `Invalid user ${u} from ${ip} port ${r.int(30000, 65000)}`
              : `Failed password for invalid user ${u} from ${ip} port ${r.int(30000, 65000)} ssh2`,
          ),
        );
        break;
      }
      case "cron":
        inc.add(t, (tt) =>
          sys(
            tt,
            host,
            "cron",
            "info",
            "CRON",
            `(root) CMD (${r.pick(["/usr/lib/sa/sa1 1 1", "run-parts /etc/cron.hourly", "/opt/backup/pg_dump_rotate.sh", "test -x /usr/sbin/anacron"])})`,
          ),
        );
        break;
      case "session":
        inc.add(t, (tt) => sys(tt, host, "daemon", "info", "systemd", `Started Session ${r.int(1000, 9999)} of User deploy.`, 1));
        break;
      case "ufw":
        inc.add(t, (tt) =>
          sys(
            tt,
            host,
            "kern",
            "warning",
            "kernel",
            `[UFW BLOCK] IN=eth0 OUT= MAC=0a:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:${r.hex(2)} SRC=${r.ip(`${r.int(40, 220)}.`)} DST=10.0.1.${r.int(2, 60)} LEN=44 TOS=0x00 PREC=0x00 TTL=${r.int(40, 250)} ID=${r.int(1, 65535)} PROTO=TCP SPT=${r.int(1024, 65535)} DPT=${r.pick([23, 445, 3389, 5900, 8080, 6379])} WINDOW=1024 RES=0x00 SYN URGP=0`,
            "-",
          ),
        );
        break;
      case "resolved":
        inc.add(t, (tt) =>
          sys(tt, host, "daemon", "notice", "systemd-resolved", "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.0.0.2.", 611),
        );
        break;
      case "chrony":
        inc.add(t, (tt) => sys(tt, host, "daemon", "info", "chronyd", `Selected source 169.254.169.123 (${r.pick(["+", "-"])}${r.int(1, 900)}us)`, 702));
        break;
      case "snapd":
        inc.add(t, (tt) =>
          sys(
            tt,
            host,
            "daemon",
            "err",
            "snapd",
            'autorefresh.go:540: auto-refresh: cannot refresh snaps: cannot query the store: Get "https://api.snapcraft.io/v2/snaps/refresh": dial tcp: i/o timeout',
            801,
          ),
        );
        break;
      case "logrotate":
        inc.add(t, (tt) => sys(tt, host, "daemon", "info", "systemd", "logrotate.service: Deactivated successfully.", 1));
        break;
      case "sudo":
        inc.add(t, (tt) =>
          sys(
            tt,
            host,
            "authpriv",
            "notice",
            "sudo",
            `deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl ${r.pick(["status", "restart"])} ${r.pick(["nginx", "app", "node_exporter"])}`,
          ),
        );
        break;
    }
  }
  // the intrusion on db-02, then the OOM of Elasticsearch there
  const login = t0 + r.int(2, 9) * 3600_000 + r.int(0, 3_000_000);
  const attacker = `185.220.${r.int(100, 103)}.${r.int(2, 250)}`;
  const sshPid = r.int(40000, 50000);
  inc.add(
    login,
    (tt) =>
      sys(
        tt,
        "db-02",
        "authpriv",
        "info",
        "sshd",
        `Accepted publickey for root from ${attacker} port ${r.int(40000, 60000)} ssh2: ED25519 SHA256:${r.alnum(43)}`,
        sshPid,
      ),
    "pattern",
  );
  inc.add(
    login + 400,
    (tt) => sys(tt, "db-02", "authpriv", "info", "sshd", "pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)", sshPid),
    "pattern",
  );
  inc.add(
    login + r.int(30_000, 90_000),
    (tt) => sys(tt, "db-02", "authpriv", "info", "useradd", "new user: name=sysupd, UID=0, GID=0, home=/var/lib/sysupd, shell=/bin/bash, from=/dev/pts/1"),
    "pattern",
  );
  inc.add(login + r.int(100_000, 200_000), (tt) => sys(tt, "db-02", "cron", "info", "crontab", "(root) REPLACE (root)"), "pattern");
  const oom = login + r.int(3, 10) * 3600_000;
  const victim = r.int(1200, 1900);
  const oomLines: [string, string, string, string, Label][] = [
    ["kern", "warning", "kernel", "java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0", "memory"],
    [
      "kern",
      "warning",
      "kernel",
      "Mem-Info: active_anon:3912044 inactive_anon:12201 isolated_anon:0 active_file:310 inactive_file:188 free:33812 free_pcp:61 free_cma:0",
      "memory",
    ],
    [
      "kern",
      "err",
      "kernel",
      `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/elasticsearch.service,task=java,pid=${victim},uid=112`,
      "memory",
    ],
    [
      "kern",
      "err",
      "kernel",
      `Out of memory: Killed process ${victim} (java) total-vm:21734412kB, anon-rss:15621904kB, file-rss:0kB, shmem-rss:0kB, UID:112 pgtables:31208kB oom_score_adj:0`,
      "memory",
    ],
    ["kern", "info", "kernel", `oom_reaper: reaped process ${victim} (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`, "memory"],
    ["daemon", "notice", "systemd", "elasticsearch.service: Main process exited, code=killed, status=9/KILL", "error"],
    ["daemon", "warning", "systemd", "elasticsearch.service: Failed with result 'oom-kill'.", "error"],
    ["daemon", "info", "systemd", "elasticsearch.service: Consumed 4h 12min 31.802s CPU time.", null],
  ];
  oomLines.forEach(([fac, sev, prog, msg, label], i) => {
    inc.add(oom + i * 3, (tt) => sys(tt, "db-02", fac, sev, prog, msg, prog === "kernel" ? "-" : 1), label);
  });
  return inc.build(
    name,
    "A day of syslog from six hosts: an outside root key login and a new UID 0 user on db-02, hours later Elasticsearch there is OOM-killed, among routine brute-force and firewall noise.",
  );
}

/**
 * Slurm controller and node daemons over four hours. Unresponsive-node errors for one flaky
 * node and RPC zero-byte errors are routine. A new user floods the controller with two hundred
 * job submissions in ninety seconds, the accounting database times out under it, and several
 * genomics jobs are OOM-killed by their cgroup.
 */
export function slurmOomSubmitFlood(seed: number): Scenario {
  const name = "slurm-oom-submit-flood";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-09-02T06:00:00Z");
  const span = 4 * 3600_000;
  let jobId = r.int(700000, 790000);
  const ev = (tt: number, host: string, proc: string, message: string) => ({
    "@timestamp": iso(tt),
    host: { hostname: host },
    process: { name: proc, pid: proc === "slurmctld" ? 2114 : 1903 },
    message,
  });
  const node = () => `c${String(r.int(1, 96)).padStart(3, "0")}`;
  for (const t of r.times(r.int(2600, 3600), t0, t0 + span)) {
    const k = r.weighted([
      ["submit", 14],
      ["alloc", 14],
      ["launch", 14],
      ["done", 14],
      ["cg", 10],
      ["backfill", 8],
      ["flaky", 3],
      ["zero", 2],
    ] as const);
    const id = jobId++;
    const n = node();
    if (k === "submit")
      inc.add(t, (tt) => ev(tt, "slurm-head", "slurmctld", `_slurm_rpc_submit_batch_job: JobId=${id} InitPrio=${r.int(4000, 90000)} usec=${r.int(300, 2400)}`));
    else if (k === "alloc")
      inc.add(t, (tt) =>
        ev(
          tt,
          "slurm-head",
          "slurmctld",
          `sched: Allocate JobId=${id} NodeList=${n} #CPUs=${r.pick([16, 32, 64, 128])} Partition=${r.pick(["batch", "batch", "gpu", "bigmem"])}`,
        ),
      );
    else if (k === "launch")
      inc.add(t, (tt) =>
        ev(
          tt,
          n,
          "slurmd",
          `launch task StepId=${id}.0 request from UID:${r.pick([1021, 1044, 1102, 1187, 1230])} GID:${r.pick([500, 501])} HOST:10.1.1.1 PORT:${r.int(30000, 60000)}`,
        ),
      );
    else if (k === "done")
      inc.add(t, (tt) => ev(tt, "slurm-head", "slurmctld", `_job_complete: JobId=${id} WEXITSTATUS ${r.chance(0.92) ? 0 : r.pick([1, 2, 127])}`));
    else if (k === "cg")
      inc.add(t, (tt) =>
        ev(
          tt,
          n,
          "slurmd",
          `task/cgroup: _memcg_initialize: job: alloc=${r.pick([16000, 64000, 128000])}MB mem.limit=${r.pick([16000, 64000, 128000])}MB memsw.limit=unlimited`,
        ),
      );
    else if (k === "backfill")
      inc.add(t, (tt) =>
        ev(tt, "slurm-head", "slurmctld", `backfill: ${r.pick(["beginning", "reached end of job queue"])}, ${r.int(100, 900)} jobs considered`),
      );
    else if (k === "flaky") inc.add(t, (tt) => ev(tt, "slurm-head", "slurmctld", "error: Nodes c077 not responding"));
    else
      inc.add(t, (tt) => ev(tt, "slurm-head", "slurmctld", `error: slurm_receive_msg [10.1.1.${r.int(2, 97)}:6818]: Zero Bytes were transmitted or received`));
  }
  // the submission flood from a user never seen before
  const flood = t0 + r.int(30, 150) * 60_000;
  for (const t of r.times(r.int(170, 230), flood, flood + 90_000)) {
    const id = jobId++;
    inc.add(
      t,
      (tt) => ev(tt, "slurm-head", "slurmctld", `_slurm_rpc_submit_batch_job: JobId=${id} InitPrio=${r.int(1, 40)} usec=${r.int(300, 2400)} uid=1733`),
      "pattern",
    );
  }
  for (const t of r.times(r.int(4, 9), flood + 40_000, flood + 240_000)) {
    inc.add(
      t,
      (tt) =>
        ev(
          tt,
          "slurm-db",
          "slurmdbd",
          `error: mysql_query failed: 1205 Lock wait timeout exceeded; try restarting transaction, insert into "cluster_job_table" (... took ${r.int(50, 54)}.${r.int(0, 9)} s)`,
        ),
      "performance",
    );
  }
  for (const t of r.times(r.int(2, 4), flood + 60_000, flood + 300_000)) {
    inc.add(
      t,
      (tt) =>
        ev(
          tt,
          "slurm-head",
          "slurmctld",
          `Warning: Note very large processing time from _slurm_rpc_submit_batch_job: usec=${r.int(8_000_000, 30_000_000)} began=${new Date(tt - 20_000).toISOString().slice(11, 23)}`,
        ),
      "performance",
    );
  }
  // OOM kills of the genomics jobs
  const oomJobs = r.int(3, 6);
  for (let i = 0; i < oomJobs; i++) {
    const id = jobId + 1000 + i;
    const n = node();
    const t = t0 + r.int(10 * 60_000, span - 60_000);
    inc.add(
      t,
      (tt) =>
        ev(
          tt,
          n,
          "slurmstepd",
          `error: Detected 1 oom_kill event in StepId=${id}.batch. Some of your processes may have been killed by the cgroup out-of-memory handler.`,
        ),
      "memory",
    );
    inc.add(t + 80, (tt) => ev(tt, "slurm-head", "slurmctld", `_job_complete: JobId=${id} OOM failure`), "memory");
    inc.add(t + 120, (tt) => ev(tt, "slurm-head", "slurmctld", `_job_complete: JobId=${id} done`));
  }
  return inc.build(
    name,
    "A Slurm cluster where a never-seen user submits two hundred jobs in ninety seconds, the accounting database times out, and genomics jobs are OOM-killed by their cgroups.",
  );
}

/**
 * A Ceph cluster over two hours. One disk behind osd.7 degrades slowly: BlueStore commit latency
 * creeps up, slow ops appear and grow older, heartbeats fail, the OSD is marked down and a
 * deep scrub finds inconsistencies. The pgmap status line, long and repetitive, is routine.
 */
export function cephDiskDegradeDrift(seed: number): Scenario {
  const name = "ceph-disk-degrade-drift";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-10-10T03:00:00Z");
  const span = 2 * 3600_000;
  const downAt = t0 + span - r.int(10, 20) * 60_000;
  const clog = (tt: number, host: string, daemon: string, level: string, message: string) => ({
    timestamp: isoMicro(tt),
    host,
    daemon,
    level,
    channel: "cluster",
    message,
  });
  // pgmap every 2 s from the active mgr: long, routine
  let v = r.int(100000, 200000);
  for (let t = t0 + r.int(0, 2000); t < t0 + span; t += 2000 + r.int(0, 400)) {
    const degraded = t >= downAt;
    const ver = v++;
    const rd = r.range(0.5, 40).toFixed(1);
    const wr = r.range(2, 90).toFixed(1);
    inc.add(t, (tt) =>
      clog(
        tt,
        "ceph-mon-a",
        "mgr.ceph-mon-a",
        "DBG",
        degraded
          ? `pgmap v${ver}: 1024 pgs: 61 active+undersized+degraded, 963 active+clean; 12 TiB data, 36 TiB used, 84 TiB / 120 TiB avail; ${rd} MiB/s rd, ${wr} MiB/s wr, ${r.int(200, 900)} op/s; 210422/9512211 objects degraded (2.212%)`
          : `pgmap v${ver}: 1024 pgs: 1024 active+clean; 12 TiB data, 36 TiB used, 84 TiB / 120 TiB avail; ${rd} MiB/s rd, ${wr} MiB/s wr, ${r.int(200, 900)} op/s`,
      ),
    );
  }
  // scrubs, routine
  for (const t of r.times(r.int(60, 120), t0, t0 + span)) {
    const pg = `${r.int(1, 6)}.${r.hex(2)}`;
    const osd = r.pick([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
    inc.add(t, (tt) =>
      clog(tt, `ceph-osd-${Math.floor(osd / 4)}`, `osd.${osd}`, "DBG", `${pg} ${r.pick(["scrub", "deep-scrub"])} ${r.chance(0.5) ? "starts" : "ok"}`),
    );
  }
  // BlueStore commit latency on osd.7, a slow drift
  const drift = (t: number) => (t - t0) / (downAt - t0);
  for (let t = t0 + r.int(0, 60_000); t < downAt; t += r.int(40_000, 80_000)) {
    const x = drift(t);
    const lat = 0.8 + 14 * x * x + r.range(0, 0.6);
    if (lat < 5) continue;
    inc.add(
      t,
      (tt) =>
        clog(
          tt,
          "ceph-osd-1",
          "osd.7",
          "WRN",
          `bluestore(/var/lib/ceph/osd/ceph-7) log_latency slow operation observed for submit_transact, latency = ${lat.toFixed(6)}s`,
        ),
      "performance",
    );
  }
  for (let t = t0 + Math.floor(span * 0.45); t < downAt; t += r.int(15_000, 35_000)) {
    const oldest = Math.round(30 + 200 * (drift(t) - 0.45) + r.range(0, 5));
    inc.add(
      t,
      (tt) =>
        clog(
          tt,
          "ceph-mon-a",
          "mon.ceph-mon-a",
          "WRN",
          `Health check update: ${r.int(3, 60)} slow ops, oldest one blocked for ${oldest} sec, osd.7 has slow ops (SLOW_OPS)`,
        ),
      "performance",
    );
    if (r.chance(0.5))
      inc.add(
        t + 900,
        (tt) =>
          clog(
            tt,
            "ceph-osd-1",
            "osd.7",
            "WRN",
            `slow request osd_op(client.${r.int(4000, 9000)}.0:${r.int(1000, 90000)} 3.${r.hex(2)} 3:${r.hex(8)}:::rbd_data.${r.hex(12)}.${r.hex(16)}:head [write ${r.int(0, 4)}~4096] snapc 0=[] ondisk+write+known_if_redirected e${r.int(1100, 1200)}) initiated ${iso(tt - oldest * 1000)} currently waiting for sub ops`,
          ),
        "performance",
      );
  }
  // heartbeats fail, OSD down, scrub errors
  for (let i = 0; i < r.int(6, 12); i++) {
    const peer = r.pick([0, 1, 2, 4, 5, 8, 9]);
    inc.add(
      downAt - r.int(0, 120_000),
      (tt) =>
        clog(
          tt,
          `ceph-osd-${Math.floor(peer / 4)}`,
          `osd.${peer}`,
          "DBG",
          `heartbeat_check: no reply from 10.0.3.17:6804 osd.7 since back ${iso(tt - 21_000)} front ${iso(tt - 21_000)} (oldest deadline ${iso(tt - 1_000)})`,
        ),
      "error",
    );
  }
  inc.add(
    downAt,
    (tt) =>
      clog(
        tt,
        "ceph-mon-a",
        "mon.ceph-mon-a",
        "INF",
        "osd.7 failed (root=default,host=ceph-osd-1) (3 reporters from different host after 21.000412 >= grace 20.000000)",
      ),
    "error",
  );
  inc.add(downAt + 600, (tt) => clog(tt, "ceph-mon-a", "mon.ceph-mon-a", "WRN", "Health check failed: 1 osds down (OSD_DOWN)"), "error");
  inc.add(
    downAt + 5_000,
    (tt) =>
      clog(
        tt,
        "ceph-mon-a",
        "mon.ceph-mon-a",
        "WRN",
        "Health check failed: Degraded data redundancy: 210422/9512211 objects degraded (2.212%), 61 pgs degraded (PG_DEGRADED)",
      ),
    "error",
  );
  inc.add(downAt + r.int(60_000, 300_000), (tt) => clog(tt, "ceph-osd-2", "osd.9", "ERR", `3.${r.hex(2)} deep-scrub 2 errors`), "error");
  inc.add(
    downAt + r.int(300_000, 500_000),
    (tt) => clog(tt, "ceph-mon-a", "mon.ceph-mon-a", "ERR", "Health check failed: Possible data damage: 1 pg inconsistent (PG_DAMAGED)"),
    "error",
  );
  return inc.build(
    name,
    "A disk behind one Ceph OSD degrades over two hours: commit latency and slow ops creep up, heartbeats fail, the OSD goes down and a scrub finds damage, among long routine pgmap lines.",
  );
}

/**
 * A SIP proxy over one hour. 401 challenges, busy callees and the odd request timeout are
 * normal. A scanner (friendly-scanner user agent) walks extensions from one address; later the
 * media gateway stops answering and INVITEs end in 503 and branch failures.
 */
export function sipScannerGatewayFailure(seed: number): Scenario {
  const name = "sip-scanner-gateway-failure";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-11-25T19:00:00Z");
  const span = 60 * 60_000;
  const mgwDown = t0 + r.int(35, 45) * 60_000;
  const mgwUp = mgwDown + r.int(5, 9) * 60_000;
  const uas = ["Yealink SIP-T46U 108.86.0.75", "Polycom/7.1.3 PolycomVVX-VVX_450-UA/7.1.3", "Linphone/5.2.0 (belle-sip/5.2.0)", "Zoiper rv2.10.20.3"];
  const sip = (tt: number, level: string, module: string, msg: string, f: Record<string, unknown>) => ({
    timestamp: iso(tt),
    level,
    module,
    msg,
    ...f,
  });
  const ext = () => `${r.int(2000, 2300)}`;
  for (const t of r.times(r.int(2200, 3200), t0, t0 + span)) {
    const k = r.weighted([
      ["reg401", 14],
      ["reg200", 14],
      ["invite", 12],
      ["bye", 10],
      ["busy", 2],
      ["timeout", 1],
      ["options", 10],
    ] as const);
    const e = ext();
    const ua = r.pick(uas);
    const src = `10.20.${r.int(1, 40)}.${r.int(2, 250)}`;
    const callid = `${r.hex(16)}@${src}`;
    const base = { callid, from_uri: `sip:${e}@voip.example.net`, src_ip: src, user_agent: ua };
    if (k === "reg401") inc.add(t, (tt) => sip(tt, "INFO", "auth", "REGISTER challenged", { ...base, method: "REGISTER", response_code: 401 }));
    else if (k === "reg200")
      inc.add(t, (tt) => sip(tt, "INFO", "registrar", "REGISTER accepted", { ...base, method: "REGISTER", response_code: 200, expires: 3600 }));
    else if (k === "options")
      inc.add(t, (tt) =>
        sip(tt, "DEBUG", "dispatcher", "OPTIONS keepalive ok", {
          callid,
          method: "OPTIONS",
          dst: `sip:${r.pick(["10.20.0.5", "10.20.0.6"])}:5060`,
          response_code: 200,
        }),
      );
    else if (k === "bye")
      inc.add(t, (tt) => sip(tt, "INFO", "dialog", "dialog ended", { ...base, method: "BYE", response_code: 200, duration_s: r.int(5, 1800) }));
    else if (k === "busy")
      inc.add(t, (tt) =>
        sip(tt, "NOTICE", "tm", "INVITE final response", { ...base, method: "INVITE", to_uri: `sip:${ext()}@voip.example.net`, response_code: 486 }),
      );
    else if (k === "timeout")
      inc.add(t, (tt) =>
        sip(tt, "NOTICE", "tm", "INVITE final response", { ...base, method: "INVITE", to_uri: `sip:${ext()}@voip.example.net`, response_code: 408 }),
      );
    else {
      const pstn = r.chance(0.4);
      const failed = pstn && t >= mgwDown && t < mgwUp && r.chance(0.85);
      inc.add(
        t,
        (tt) =>
          sip(tt, failed ? "ERROR" : "INFO", "tm", "INVITE final response", {
            ...base,
            method: "INVITE",
            to_uri: pstn ? `sip:+4930${r.int(1000000, 9999999)}@voip.example.net` : `sip:${ext()}@voip.example.net`,
            response_code: failed ? 503 : 200,
            setup_ms: failed ? undefined : r.int(900, 4500),
          }),
        failed ? "error" : null,
      );
    }
  }
  // the scanner
  const scan = t0 + r.int(5, 30) * 60_000;
  const scanner = `${r.int(45, 212)}.${r.int(1, 254)}.${r.int(1, 254)}.${r.int(2, 250)}`;
  let x = r.int(100, 200);
  for (const t of r.times(r.int(200, 420), scan, scan + r.int(120_000, 300_000))) {
    const e = x++;
    inc.add(
      t,
      (tt) =>
        sip(tt, "INFO", "auth", "REGISTER challenged", {
          callid: `${r.hex(12)}`,
          method: "REGISTER",
          from_uri: `sip:${e}@${scanner}`,
          src_ip: scanner,
          user_agent: "friendly-scanner",
          response_code: r.chance(0.7) ? 404 : 401,
        }),
      "pattern",
    );
  }
  for (const t of r.times(r.int(15, 30), mgwDown, mgwUp)) {
    inc.add(
      t,
      (tt) =>
        sip(tt, "ERROR", "tm", "t_forward_nonack(): failure to add branches", {
          callid: `${r.hex(16)}@10.20.${r.int(1, 40)}.${r.int(2, 250)}`,
          method: "INVITE",
          dst: "sip:10.20.0.9:5060",
        }),
      "error",
    );
  }
  for (let t = mgwDown + r.int(0, 10_000); t < mgwUp; t += 30_000) {
    inc.add(
      t,
      (tt) =>
        sip(tt, "WARNING", "dispatcher", "destination probing failed, marking inactive", {
          dst: "sip:10.20.0.9:5060",
          method: "OPTIONS",
          response_code: 408,
          timeout_ms: 5000,
        }),
      "error",
    );
  }
  return inc.build(
    name,
    "A SIP proxy: a friendly-scanner walks hundreds of extensions from one address, then the PSTN media gateway stops answering and INVITEs fail with 503.",
  );
}
