// HPC logs: a Blue Gene style RAS event log (component, level, location and a terse message) and
// the rsyslog stream of a Slurm cluster, both mostly routine with a few real alerts.

import type { Scenario } from "../blind/types.js";
import { arrivals, burst, HOUR, type Label, Lines, MIN, Rng, rasDate, rasTime, rsyslog, SEC, startTime } from "./kit.js";

/**
 * A RAS event log of a Blue Gene style machine over a day: parity and ECC corrections, core
 * files when jobs die, node card checks and ciod chatter are routine (some at WARNING and
 * SEVERE); the alerts are a data TLB error and machine checks on one node card, a Lustre mount
 * failure on an I/O node, and a few kernel terminations, FATAL among routine FATAL-free noise.
 */
export function rasEventLog(seed: number): Scenario {
  const r = new Rng(seed, "ras-event-log");
  const L = new Lines();
  const start = startTime(r, 0, 24);
  const end = start + r.float(18, 30) * HOUR;
  const rec = (t: number, loc: string, component: string, level: string, message: string, label: Label = null) =>
    L.add(
      t,
      { timestamp: new Date(t).toISOString(), date: rasDate(t), node: loc, event_time: rasTime(t), node_repeat: loc, type: "RAS", component, level, message },
      label,
    );

  // routine events, several fanning out over a midplane's nodes at once
  const midplane = () => `R${r.int(0, 7)}${r.int(0, 7)}-M${r.int(0, 1)}`;
  let budget = r.int(2600, 4600);
  for (const t of arrivals(r, start, end, Math.floor(budget / 5), () => 1)) {
    if (budget <= 0) break;
    const kind = r.weighted([
      ["parity", 30],
      ["core", 12],
      ["ce", 15],
      ["ddr", 10],
      ["ciod", 12],
      ["vpd", 4],
      ["idoproxy", 2],
      ["shutdown", 6],
      ["ciodLogin", 5],
    ] as const);
    const mp = midplane();
    const node = () => `${mp}-N${r.pick(["0", "2", "4", "6", "8", "A", "C", "E"])}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;
    switch (kind) {
      case "parity": {
        const loc = node();
        for (const dt of burst(r, t, r.int(1, 6), 400)) {
          rec(dt, loc, "KERNEL", "INFO", "instruction cache parity error corrected");
          budget--;
        }
        break;
      }
      case "core": {
        const n = r.pick([1, 2, 8, 32]);
        for (let i = 0; i < n; i++) {
          rec(t + r.int(0, 3000), node(), "KERNEL", "INFO", `generating core.${r.int(100, 9999)}`);
          budget--;
        }
        break;
      }
      case "ce":
        rec(t, node(), "KERNEL", "INFO", `CE sym ${r.int(0, 31)}, at 0x${r.hex(8)}, mask 0x${r.hex(2)}`);
        budget--;
        break;
      case "ddr":
        rec(t, node(), "KERNEL", "INFO", `total of ${r.int(1, 12)} ddr error(s) detected and corrected`);
        budget--;
        break;
      case "ciod":
        rec(
          t,
          node(),
          "APP",
          "INFO",
          `ciod: failed to read message prefix on control stream (CioStream socket to 172.16.${r.int(96, 127)}.${r.int(1, 254)}:${r.int(30000, 60000)}`,
        );
        budget--;
        break;
      case "vpd":
        rec(
          t,
          `${mp}-N${r.pick(["0", "4", "8", "C"])}`,
          "DISCOVERY",
          "WARNING",
          `Node card VPD check: U${r.pick(["01", "11"])} node in processor card slot J${String(r.int(2, 17)).padStart(2, "0")} do not match. VPD ecid ${r.hex(24).toUpperCase()}, found ${r.hex(24).toUpperCase()}`,
        );
        budget--;
        break;
      case "idoproxy":
        rec(t, "NULL", "MMCS", "INFO", "idoproxydb has been started: $Name: DRV142_2025 $ Input parameters: -enableflush -loguserinfo db.properties BlueGene1");
        budget--;
        break;
      case "shutdown": {
        const n = r.pick([16, 32, 64]);
        for (let i = 0; i < n; i++) {
          rec(t + r.int(0, 2000), node(), "KERNEL", "INFO", "shutdown complete");
          budget--;
        }
        break;
      }
      case "ciodLogin":
        rec(
          t,
          node(),
          "APP",
          "SEVERE",
          `ciod: LOGIN chdir(/p/gb${r.int(1, 2)}/${r.pick(["stella", "kumar", "mwang", "jlopez"])}/runs/${r.int(100, 999)}) failed: No such file or directory`,
        );
        budget--;
        break;
    }
  }
  // the alerts
  const badCard = `${midplane()}-N${r.pick(["1", "3", "5", "7"])}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U11`;
  const tlbAt = start + r.float(0.15, 0.4) * (end - start);
  for (const t of burst(r, tlbAt, r.int(4, 9), 2000)) rec(t, badCard, "KERNEL", "FATAL", "data TLB error interrupt", "error");
  rec(
    tlbAt + 30 * SEC,
    badCard,
    "KERNEL",
    "FATAL",
    `rts: kernel terminated for reason 1004rts: bad message header: invalid cpu, type=${r.int(40000, 49999)}, cpu=${r.int(0, 3)}, index=${r.int(1e9, 2e9)}, total=1`,
    "error",
  );
  const mcAt = start + r.float(0.45, 0.65) * (end - start);
  for (const t of burst(r, mcAt, r.int(3, 7), 5000))
    rec(t, badCard, "KERNEL", "FATAL", `machine check interrupt (bit=0x${r.pick(["1d", "08", "0b"])}): L2 dcache unit data parity error`, "error");
  rec(mcAt + 2 * MIN, badCard, "KERNEL", "WARNING", "ddr: excessive soft failures, consider replacing the card", "error");
  const ioNode = `R${r.int(0, 7)}${r.int(0, 7)}-M${r.int(0, 1)}-N${r.pick(["4", "8", "C"])}-I:J18-U${r.pick(["01", "11"])}`;
  const lustreAt = start + r.float(0.7, 0.9) * (end - start);
  for (const t of burst(r, lustreAt, r.int(2, 4), 20000))
    rec(t, ioNode, "KERNEL", "FATAL", `Lustre mount FAILED : bglio${r.int(10, 60)} : block_id : location`, "error");
  for (const t of burst(r, lustreAt + 10 * SEC, r.int(3, 6), 20000)) {
    rec(
      t,
      ioNode,
      "APP",
      "FATAL",
      `ciod: Error loading /p/gb1/${r.pick(["stella", "kumar"])}/bin/mdrun: invalid or missing program image, No such file or directory`,
      "error",
    );
  }
  rec(
    start + r.float(0.05, 0.95) * (end - start),
    "NULL",
    "MONITOR",
    "FAILURE",
    "monitor caught java.lang.IllegalStateException: while executing CONTROL Operation and is now waiting for the next request",
    "error",
  );
  return L.scenario(
    "ras-event-log",
    "a day of Blue Gene style RAS events, mostly routine corrections and core files, with a few FATAL data TLB, machine check and Lustre mount alerts",
  );
}

/**
 * The rsyslog stream of a Slurm cluster (head, two login nodes, compute nodes): cron, sessions,
 * slurmd steps, chrony, corrected-ECC lines and internet ssh noise are routine. Alerts: an NFS
 * server stops answering for a few minutes, one compute node's cgroup kills a job for memory,
 * a DIMM reports uncorrected errors and the node is set DOWN, and a root login by password
 * from an outside address on a login node.
 */
export function slurmClusterSyslog(seed: number): Scenario {
  const r = new Rng(seed, "slurm-cluster-syslog");
  const L = new Lines();
  const start = startTime(r, 0, 24);
  const end = start + r.float(8, 14) * HOUR;
  const computes = Array.from({ length: 48 }, (_, i) => `cn${String(i + 1).padStart(3, "0")}`);
  const logins = ["login01", "login02"];
  const users = ["alice", "bkumar", "cwei", "dlopez", "efischer", "fnguyen", "gmoreau"];
  const log = (
    t: number,
    host: string,
    facility: string,
    severity: Parameters<typeof rsyslog>[3],
    app: string,
    pid: number | string,
    msg: string,
    label: Label = null,
  ) => L.add(t, rsyslog(t, host, facility, severity, app, pid, msg), label);
  let job = r.int(400000, 800000);

  for (const t of arrivals(r, start, end, r.int(2700, 4300), () => 1)) {
    const kind = r.weighted([
      ["cron", 20],
      ["session", 10],
      ["sshok", 8],
      ["sshclose", 8],
      ["launch", 16],
      ["done", 10],
      ["chrony", 2],
      ["edacCE", 2],
      ["sshfail", 4],
      ["munge", 3],
      ["perf", 1],
    ] as const);
    const cn = r.pick(computes);
    const ln = r.pick(logins);
    const u = r.pick(users);
    switch (kind) {
      case "cron":
        log(t, r.chance(0.8) ? cn : "head01", "cron", "info", "CROND", r.int(1000, 99999), `(root) CMD (/usr/lib64/sa/sa1 1 1)`);
        break;
      case "session":
        log(t, ln, "daemon", "info", "systemd", 1, `Started Session ${r.int(1000, 99999)} of User ${u}.`);
        break;
      case "sshok":
        log(
          t,
          ln,
          "authpriv",
          "info",
          "sshd",
          r.int(1000, 99999),
          `Accepted publickey for ${u} from 10.10.${r.int(0, 9)}.${r.int(2, 254)} port ${r.int(40000, 65000)} ssh2: ED25519 SHA256:${r.alnum(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}`,
        );
        break;
      case "sshclose":
        log(t, ln, "authpriv", "info", "sshd", r.int(1000, 99999), `pam_unix(sshd:session): session closed for user ${u}`);
        break;
      case "launch":
        job += r.chance(0.3) ? 1 : 0;
        log(
          t,
          cn,
          "daemon",
          "info",
          "slurmd",
          r.int(1000, 3000),
          `launch task StepId=${job}.0 request from UID:${1000 + users.indexOf(u)} GID:1000 HOST:10.1.0.1 PORT:${r.int(30000, 60000)}`,
        );
        break;
      case "done":
        log(t, cn, "daemon", "info", "slurmd", r.int(1000, 3000), `[${job - r.int(0, 30)}.batch] done with job`);
        break;
      case "chrony":
        log(t, r.pick([...computes, "head01"]), "daemon", "info", "chronyd", r.int(500, 900), "Selected source 10.1.0.2 (ntp1.cluster)");
        break;
      case "edacCE":
        log(
          t,
          r.pick(computes.slice(0, 6)),
          "kern",
          "warning",
          "kernel",
          "-",
          `EDAC MC${r.int(0, 1)}: 1 CE memory read error on CPU_SrcID#${r.int(0, 1)}_Ha#0_Chan#${r.int(0, 3)}_DIMM#${r.int(0, 1)} (channel:${r.int(0, 3)} slot:0 page:0x${r.hex(6)} offset:0x0 grain:32 syndrome:0x0)`,
        );
        break;
      case "sshfail":
        log(
          t,
          ln,
          "authpriv",
          "info",
          "sshd",
          r.int(1000, 99999),
          `Failed password for invalid user ${r.pick(["admin", "test", "oracle", "ubuntu", "user1"])} from ${r.int(20, 220)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)} port ${r.int(30000, 65000)} ssh2`,
        );
        break;
      case "munge":
        log(t, r.pick(computes), "daemon", "info", "munged", r.int(500, 900), `Purged ${r.int(1, 9)} credentials from replay hash`);
        break;
      case "perf":
        log(
          t,
          r.pick(computes),
          "kern",
          "warning",
          "kernel",
          "-",
          `perf: interrupt took too long (${r.int(2501, 4000)} > 2500), lowering kernel.perf_event_max_sample_rate to ${r.int(40000, 79000)}`,
        );
        break;
    }
  }
  // NFS server stops answering: compute nodes complain, then recover
  const nfsAt = start + r.float(0.15, 0.35) * (end - start);
  const nfsLen = r.float(3, 8) * MIN;
  for (const cn of r.sample(computes, r.int(12, 30))) {
    const t = nfsAt + r.float(0, 40) * SEC;
    log(t, cn, "kern", "warning", "kernel", "-", "nfs: server nas01 not responding, still trying", "performance");
    if (r.chance(0.3))
      log(
        t + r.int(30, 120) * SEC,
        cn,
        "kern",
        "err",
        "kernel",
        "-",
        `INFO: task ${r.pick(["python3", "mdrun", "lmp_mpi", "cp2k.psmp"])}:${r.int(10000, 99999)} blocked for more than 120 seconds.`,
        "performance",
      );
    log(nfsAt + nfsLen + r.float(0, 20) * SEC, cn, "kern", "notice", "kernel", "-", "nfs: server nas01 OK");
  }
  // a job's cgroup runs out of memory on one node
  const oomNode = r.pick(computes);
  const oomAt = start + r.float(0.45, 0.6) * (end - start);
  const oomJob = job + r.int(1, 40);
  const victim = r.int(10000, 99999);
  log(oomAt, oomNode, "kern", "warning", "kernel", "-", `python3 invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0`, "memory");
  log(
    oomAt + 1,
    oomNode,
    "kern",
    "info",
    "kernel",
    "-",
    `Memory cgroup out of memory: Killed process ${victim} (python3) total-vm:${r.int(200, 260)}00000kB, anon-rss:${r.int(180, 190)}00000kB, file-rss:${r.int(1000, 9000)}kB, shmem-rss:0kB, UID:${1000 + r.int(0, 6)} pgtables:${r.int(300000, 400000)}kB oom_score_adj:0`,
    "memory",
  );
  log(
    oomAt + 40,
    oomNode,
    "daemon",
    "err",
    "slurmstepd",
    r.int(1000, 3000),
    `error: Detected 1 oom_kill event in StepId=${oomJob}.batch. Some of your processes may have been killed by the cgroup out-of-memory handler.`,
    "memory",
  );
  // a DIMM fails on another node; the controller sets it DOWN
  const dimmNode = r.pick(computes.filter((c) => c !== oomNode));
  const ueAt = start + r.float(0.65, 0.85) * (end - start);
  for (const t of burst(r, ueAt, r.int(2, 4), 3000)) {
    log(
      t,
      dimmNode,
      "kern",
      "crit",
      "kernel",
      "-",
      `EDAC MC1: 1 UE memory read error on CPU_SrcID#1_Ha#0_Chan#2_DIMM#1 (channel:2 slot:1 page:0x${r.hex(6)} offset:0x0 grain:32 - err_code:0x0101:0x0090)`,
      "error",
    );
  }
  log(ueAt + 2 * SEC, dimmNode, "daemon", "crit", "mcelog", r.int(500, 900), "Hardware event. This is not a software error.", "error");
  log(ueAt + 95 * SEC, "head01", "daemon", "err", "slurmctld", r.int(1000, 3000), `error: Nodes ${dimmNode} not responding, setting DOWN`, "error");
  // a root password login from outside on a login node
  const rootAt = start + r.float(0.05, 0.95) * (end - start);
  const from = `${r.int(90, 200)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  const login = r.pick(logins);
  log(rootAt, login, "authpriv", "info", "sshd", r.int(1000, 99999), `Accepted password for root from ${from} port ${r.int(30000, 65000)} ssh2`, "pattern");
  log(rootAt + 200, login, "authpriv", "info", "sshd", r.int(1000, 99999), "pam_unix(sshd:session): session opened for user root(uid=0) by (uid=0)", "pattern");
  return L.scenario(
    "slurm-cluster-syslog",
    "a Slurm cluster's rsyslog stream, mostly routine, with an NFS stall, a cgroup OOM kill, uncorrected DIMM errors with a node set DOWN, and a root password login",
  );
}
