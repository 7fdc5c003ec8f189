// s05: a quiet, healthy day of a university research cluster's syslog, exported with
// `journalctl -o json` (MESSAGE, PRIORITY as a string, SYSLOG_IDENTIFIER, _HOSTNAME,
// __REALTIME_TIMESTAMP in microseconds). It is noisy: SSH scanners, firewall drops, user jobs
// that fail or get OOM-killed inside their cgroup, corrected ECC errors on one DIMM, a brief
// NFS hiccup now and then, cron and systemd housekeeping. Nothing here is an incident: every
// line is labelled null.
import { HOUR, MIN, Rng, SEC, Timeline, arrivals, baseTime, every, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

export function quietClusterSyslog(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s05-quiet-cluster-syslog"));
  const tl = new Timeline();
  const start = baseTime(r, 6, 12);
  const end = start + r.int(300, 390) * MIN;
  const vol = r.float(0.85, 1.2);
  const computes = Array.from({ length: 32 }, (_, i) => `gx-c${String(i + 1).padStart(3, "0")}`);
  const gpus = ["gx-gpu01", "gx-gpu02", "gx-gpu03", "gx-gpu04"];
  const logins = ["gx-login1", "gx-login2"];
  const users = ["amorales", "bwei", "cfischer", "dokoro", "eandersson", "fkhan", "gpetrov", "hlindqvist", "iyamada"];
  const uid = new Map(users.map((u, i) => [u, 20100 + i * 7]));
  const boot = new Map<string, string>();
  const pids = new Map<string, number>();
  const allHosts = [...computes, ...gpus, ...logins, "gx-sched1", "gx-nfs1"];
  for (const h of allHosts) boot.set(h, r.hex(32));
  const eccHost = r.pick(computes);
  let seqnum = r.int(100000, 900000);

  const j = (t: number, host: string, ident: string, prio: number, msg: string, o: { pid?: number; unit?: string; transport?: string } = {}) => {
    const micros = Math.floor(t) * 1000 + r.int(0, 999);
    const key = `${host}/${ident}`;
    if (!pids.has(key)) pids.set(key, r.int(600, 4000));
    const pid = o.pid ?? (pids.get(key) as number);
    seqnum++;
    const rec: Record<string, unknown> = {
      __CURSOR: `s=${r.hex(32)};i=${seqnum.toString(16)};b=${boot.get(host)};m=${r.hex(9)};t=${micros.toString(16)};x=${r.hex(16)}`,
      __REALTIME_TIMESTAMP: String(micros),
      _BOOT_ID: boot.get(host),
      _HOSTNAME: host,
      PRIORITY: String(prio),
      SYSLOG_FACILITY: ident === "kernel" ? "0" : ident === "CRON" ? "9" : ident === "sshd" || ident === "sudo" ? "10" : "3",
      SYSLOG_IDENTIFIER: ident,
      _TRANSPORT: o.transport ?? (ident === "kernel" ? "kernel" : "syslog"),
      MESSAGE: msg,
    };
    if (ident !== "kernel") {
      rec._PID = String(pid);
      if (o.unit) rec._SYSTEMD_UNIT = o.unit;
    }
    return rec;
  };
  const add = (t: number, host: string, ident: string, prio: number, msg: string, o: { pid?: number; unit?: string; transport?: string } = {}) =>
    tl.add(t, j(t, host, ident, prio, msg, o));
  const extIp = () => `${r.pick(["45.134", "103.72", "185.220", "193.32", "61.177", "218.92"])}.${r.int(1, 254)}.${r.int(1, 254)}`;
  const intIp = () => `10.20.${r.int(1, 4)}.${r.int(2, 250)}`;

  // ---- SSH: users logging in, scanners knocking ----
  for (const t of arrivals(r, start, end, (210 * SEC) / vol)) {
    const h = r.pick(logins);
    const u = r.pick(users);
    const port = r.int(40000, 65000);
    const ip = r.chance(0.8) ? intIp() : `${r.pick(["131.111", "129.67"])}.${r.int(1, 254)}.${r.int(1, 254)}`;
    const pid = r.int(100000, 999999);
    const sess = r.int(1000, 99999);
    add(t, h, "sshd", 6, `Accepted publickey for ${u} from ${ip} port ${port} ssh2: ED25519 SHA256:${r.alnum(43)}`, { pid, unit: "sshd.service" });
    add(t + 40, h, "sshd", 6, `pam_unix(sshd:session): session opened for user ${u}(uid=${uid.get(u)}) by (uid=0)`, { pid, unit: "sshd.service" });
    add(t + 60, h, "systemd-logind", 6, `New session ${sess} of user ${u}.`, { unit: "systemd-logind.service" });
    const te = t + r.int(2, 90) * MIN;
    if (te < end) {
      add(te, h, "sshd", 6, `Disconnected from user ${u} ${ip} port ${port}`, { pid, unit: "sshd.service" });
      add(te + 5, h, "sshd", 6, `pam_unix(sshd:session): session closed for user ${u}`, { pid, unit: "sshd.service" });
      add(te + 30, h, "systemd-logind", 6, `Session ${sess} logged out. Waiting for processes to exit.`, { unit: "systemd-logind.service" });
      add(te + 200, h, "systemd-logind", 6, `Removed session ${sess}.`, { unit: "systemd-logind.service" });
    }
  }
  for (const t of arrivals(r, start, end, (55 * SEC) / vol)) {
    const h = r.pick(logins);
    const ip = extIp();
    const port = r.int(1024, 65000);
    const pid = r.int(100000, 999999);
    const k = r.next();
    const name = r.pick(["admin", "ubuntu", "test", "oracle", "git", "postgres", "user", "support", "ftpuser", "pi"]);
    if (k < 0.45) {
      add(t, h, "sshd", 6, `Invalid user ${name} from ${ip} port ${port}`, { pid, unit: "sshd.service" });
      add(t + r.int(200, 2000), h, "sshd", 6, `Connection closed by invalid user ${name} ${ip} port ${port} [preauth]`, { pid, unit: "sshd.service" });
    } else if (k < 0.7) {
      add(t, h, "sshd", 6, `Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`, { pid, unit: "sshd.service" });
    } else if (k < 0.85) {
      add(t, h, "sshd", 3, "error: kex_exchange_identification: read: Connection reset by peer", { pid, unit: "sshd.service" });
    } else {
      add(t, h, "sshd", 3, `error: maximum authentication attempts exceeded for root from ${ip} port ${port} ssh2 [preauth]`, { pid, unit: "sshd.service" });
      add(t + 3, h, "sshd", 6, `Disconnecting authenticating user root ${ip} port ${port}: Too many authentication failures [preauth]`, {
        pid,
        unit: "sshd.service",
      });
    }
  }
  for (const t of arrivals(r, start, end, (40 * SEC) / vol)) {
    add(
      t,
      r.pick(logins),
      "kernel",
      4,
      `[UFW BLOCK] IN=ens3 OUT= MAC=52:54:00:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:00:1c:73:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:08:00 SRC=${extIp()} DST=10.20.0.${r.int(11, 12)} LEN=${r.pick([40, 44, 60])} TOS=0x00 PREC=0x00 TTL=${r.int(40, 250)} ID=${r.int(1, 65000)} PROTO=TCP SPT=${r.int(1024, 65000)} DPT=${r.pick([23, 445, 3389, 5900, 8080, 6379, 2375])} WINDOW=${r.pick([1024, 65535, 29200])} RES=0x00 SYN URGP=0`,
    );
  }
  for (const t of arrivals(r, start, end, 25 * MIN)) {
    add(t, r.pick(logins), "sudo", 5, `  hpcadm : TTY=pts/${r.int(0, 6)} ; PWD=/root ; USER=root ; COMMAND=/usr/bin/scontrol show node ${r.pick(computes)}`, {
      unit: "session-1.scope",
    });
  }

  // ---- Slurm: jobs submitted, started, finished (some fail, some time out, some OOM) ----
  let jobId = r.int(3000000, 3900000);
  for (const t of arrivals(r, start, end, (75 * SEC) / vol)) {
    const id = jobId++;
    const u = r.pick(users);
    const part = r.weighted([
      ["standard", 0.6],
      ["gpu", 0.15],
      ["long", 0.1],
      ["debug", 0.15],
    ] as const);
    add(t, "gx-sched1", "slurmctld", 6, `_slurm_rpc_submit_batch_job: JobId=${id} InitPrio=${r.int(4000, 90000)} usec=${r.int(300, 4000)}`, {
      unit: "slurmctld.service",
    });
    const ts = t + r.float(0.2, 240) * SEC;
    if (ts > end) continue;
    const pool = part === "gpu" ? gpus : computes;
    const n0 = r.int(0, pool.length - 1);
    const nn = Math.min(pool.length - n0, part === "gpu" ? 1 : r.int(1, 4));
    const nodes = pool.slice(n0, n0 + nn);
    const nodeList =
      nodes.length === 1
        ? (nodes[0] as string)
        : `${(nodes[0] as string).slice(0, 4)}[${(nodes[0] as string).slice(4)}-${(nodes[nodes.length - 1] as string).slice(4)}]`;
    add(ts, "gx-sched1", "slurmctld", 6, `sched: Allocate JobId=${id} NodeList=${nodeList} #CPUs=${nn * r.pick([16, 32, 64])} Partition=${part}`, {
      unit: "slurmctld.service",
    });
    for (const n of nodes) {
      add(
        ts + r.int(20, 400),
        n,
        "slurmd",
        6,
        `launch task StepId=${id}.batch request from UID:${uid.get(u)} GID:${uid.get(u)} HOST:10.20.0.5 PORT:${r.int(30000, 60000)}`,
        { unit: "slurmd.service" },
      );
    }
    const te = ts + r.int(1, 150) * MIN;
    if (te > end) continue;
    const outcome = r.weighted([
      ["ok", 0.78],
      ["fail", 0.12],
      ["timeout", 0.05],
      ["oom", 0.05],
    ] as const);
    const n0n = nodes[0] as string;
    if (outcome === "oom") {
      const kpid = r.int(10000, 400000);
      add(
        te - 800,
        n0n,
        "kernel",
        3,
        `Memory cgroup out of memory: Killed process ${kpid} (${r.pick(["python3", "R", "java", "orca", "gmx_mpi"])}) total-vm:${r.int(9000000, 90000000)}kB, anon-rss:${r.int(8000000, 60000000)}kB, file-rss:${r.int(1000, 90000)}kB, shmem-rss:0kB, UID:${uid.get(u)} pgtables:${r.int(10000, 200000)}kB oom_score_adj:0`,
      );
      add(
        te - 200,
        n0n,
        "slurmstepd",
        3,
        `error: Detected 1 oom-kill event(s) in StepId=${id}.batch. Some of your processes may have been killed by the cgroup out-of-memory handler.`,
        { unit: "slurmd.service" },
      );
      add(te, "gx-sched1", "slurmctld", 6, `_job_complete: JobId=${id} OOM failure`, { unit: "slurmctld.service" });
    } else if (outcome === "timeout") {
      add(te, "gx-sched1", "slurmctld", 6, `job_time_limit: Configured JobId=${id} TimeLimit=${r.pick([60, 120, 240])} exceeded`, {
        unit: "slurmctld.service",
      });
      add(
        te + 30,
        n0n,
        "slurmstepd",
        3,
        `error: *** JOB ${id} ON ${n0n} CANCELLED AT ${new Date(Math.floor(te)).toISOString().slice(0, 19)} DUE TO TIME LIMIT ***`,
        { unit: "slurmd.service" },
      );
      add(te + 400, "gx-sched1", "slurmctld", 6, `_job_complete: JobId=${id} WTERMSIG 15`, { unit: "slurmctld.service" });
    } else {
      add(te, "gx-sched1", "slurmctld", 6, `_job_complete: JobId=${id} WEXITSTATUS ${outcome === "ok" ? 0 : r.pick([1, 1, 2, 127, 134])}`, {
        unit: "slurmctld.service",
      });
    }
    add(te + 50, "gx-sched1", "slurmctld", 6, `_job_complete: JobId=${id} done`, { unit: "slurmctld.service" });
    for (const n of nodes) add(te + r.int(60, 900), n, "slurmd", 6, `[${id}.batch] done with job`, { unit: "slurmd.service" });
  }
  for (const t of every(r, start, end, 30 * SEC, 0)) {
    if (r.chance(0.25)) add(t, "gx-sched1", "slurmctld", 6, `backfill: beginning`, { unit: "slurmctld.service" });
    else if (r.chance(0.12)) add(t, "gx-sched1", "slurmctld", 6, `backfill: reached end of job queue`, { unit: "slurmctld.service" });
  }

  // ---- cron and systemd housekeeping ----
  for (const h of [...logins, "gx-sched1", "gx-nfs1"]) {
    for (const t of every(r, start, end, 10 * MIN, 500)) {
      const pid = r.int(100000, 999999);
      add(t, h, "CRON", 6, `(root) CMD (/usr/lib64/sa/sa1 1 1)`, { pid, unit: "crond.service" });
    }
  }
  for (const t of every(r, start, end, HOUR, 0)) {
    for (const h of [...logins, "gx-sched1", "gx-nfs1"]) {
      const tt = t + r.int(1000, 3000);
      add(tt, h, "CRON", 6, `(root) CMD (run-parts /etc/cron.hourly)`, { pid: r.int(100000, 999999), unit: "crond.service" });
      add(tt + 80, h, "run-parts", 6, `(/etc/cron.hourly) starting 0anacron`, { pid: r.int(100000, 999999), unit: "crond.service" });
      add(tt + 160, h, "run-parts", 6, `(/etc/cron.hourly) finished 0anacron`, { pid: r.int(100000, 999999), unit: "crond.service" });
    }
  }
  for (const t of arrivals(r, start, end, 6 * MIN)) {
    const h = r.pick(allHosts);
    const k = r.next();
    if (k < 0.3) {
      add(t, h, "systemd", 6, "Starting dnf makecache...", { pid: 1, unit: "init.scope" });
      add(t + r.int(2000, 9000), h, "dnf", 6, "Metadata cache created.", { unit: "dnf-makecache.service" });
      add(t + r.int(9000, 12000), h, "systemd", 6, "dnf-makecache.service: Deactivated successfully.", { pid: 1, unit: "init.scope" });
    } else if (k < 0.55) {
      add(t, h, "systemd", 6, "Starting Cleanup of Temporary Directories...", { pid: 1, unit: "init.scope" });
      add(t + 200, h, "systemd", 6, "systemd-tmpfiles-clean.service: Deactivated successfully.", { pid: 1, unit: "init.scope" });
      add(t + 210, h, "systemd", 6, "Finished Cleanup of Temporary Directories.", { pid: 1, unit: "init.scope" });
    } else if (k < 0.75) {
      add(t, h, "chronyd", 6, `Selected source 10.20.0.${r.int(1, 2)} (ntp${r.int(1, 2)}.gx.local)`, { unit: "chronyd.service" });
    } else if (k < 0.9) {
      add(t, h, "rsyslogd", 6, "imjournal: journal files changed, reloading...  [v8.2102.0-117.el9 try https://www.rsyslog.com/e/0 ]", {
        unit: "rsyslog.service",
      });
    } else {
      add(t, h, "systemd", 6, `Started /usr/bin/systemctl start man-db-cache-update.`, { pid: 1, unit: "init.scope" });
    }
  }

  // ---- NFS server, SMART, mail ----
  for (const t of arrivals(r, start, end, (3 * MIN) / vol)) {
    add(
      t,
      "gx-nfs1",
      "rpc.mountd",
      6,
      `authenticated mount request from ${intIp()}:${r.int(600, 1023)} for /export/${r.pick(["home", "apps", "scratch"])} (/export/${r.pick(["home", "apps", "scratch"])})`,
      { unit: "nfs-mountd.service" },
    );
  }
  const disks = ["sda", "sdb", "sdc", "sdd", "sde", "sdf"];
  const temp = new Map(disks.map((d) => [d, r.int(33, 41)]));
  for (const t of every(r, start, end, 30 * MIN, 5 * SEC)) {
    for (const d of disks) {
      if (!r.chance(0.5)) continue;
      const old = temp.get(d) as number;
      const nu = old + r.pick([-1, 1]);
      temp.set(d, nu);
      add(t + r.int(0, 900), "gx-nfs1", "smartd", 6, `Device: /dev/${d} [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${old} to ${nu}`, {
        unit: "smartd.service",
      });
    }
  }
  for (const t of arrivals(r, start, end, 20 * MIN)) {
    const q = r.upper(10);
    const pid = r.int(10000, 99999);
    add(t, "gx-login1", "postfix/pickup", 6, `${q}: uid=0 from=<root>`, { pid, unit: "postfix.service" });
    add(t + 20, "gx-login1", "postfix/qmgr", 6, `${q}: from=<root@gx-login1.gx.local>, size=${r.int(700, 4000)}, nrcpt=1 (queue active)`, {
      unit: "postfix.service",
    });
    add(
      t + 300,
      "gx-login1",
      "postfix/smtp",
      6,
      `${q}: to=<hpc-admins@research.example.ac.uk>, relay=smtp.research.example.ac.uk[10.1.1.25]:25, delay=0.${r.int(10, 60)}, delays=0.01/0/0.${r.int(1, 9)}/0.${r.int(1, 9)}, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ${r.upper(11)})`,
      { unit: "postfix.service" },
    );
    add(t + 310, "gx-login1", "postfix/qmgr", 6, `${q}: removed`, { unit: "postfix.service" });
  }

  // ---- steady hardware noise: corrected ECC on one DIMM, brief NFS stalls ----
  for (const t of arrivals(r, start, end, 22 * MIN)) {
    add(
      t,
      eccHost,
      "kernel",
      4,
      `EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x${r.hex(6)} offset:0x${r.hex(3)} grain:32 syndrome:0x0 - area:DRAM err_code:0001:0090 socket:0 ha:0 channel_mask:2 rank:0)`,
    );
    add(t + 40, eccHost, "kernel", 4, "mce: [Hardware Error]: Machine check events logged");
  }
  for (const t of arrivals(r, start, end, 70 * MIN)) {
    const h = r.pick(computes);
    add(t, h, "kernel", 4, "nfs: server gx-nfs1 not responding, still trying");
    add(t + r.int(3, 40) * SEC, h, "kernel", 5, "nfs: server gx-nfs1 OK");
  }

  return tl.build(
    "research-cluster-quiet-day",
    "A healthy day of a research cluster's journald export: noisy (scanners, failing and OOM-killed user jobs, corrected ECC, brief NFS stalls) but no incident; no line is labelled.",
  );
}
