/**
 * s05 quiet-cluster-journal: six hours of `journalctl -o json` from a small bare-metal Kubernetes
 * cluster (a bastion, a control-plane node, four workers, an NFS server) on a healthy night. The
 * usual noise only: cron sessions and hourly/daily jobs, scanners' failed SSH logins on the bastion
 * (invalid users, preauth disconnects, kex errors at PRIORITY 3), firewall drops (PRIORITY 4), chrony
 * source changes, DHCP renewals, systemd timers (apt, tmpfiles, logrotate, man-db), journald
 * rotation, SMART temperature changes, kubelet and containerd chatter (pod starts of CronJobs,
 * klog E-lines about cAdvisor partial stats that every kubelet logs), an operator's sudo session,
 * NFS mounts, and the hourly disk check warning that /var/lib/containerd on one worker is at 81 %.
 * No line is anomalous: every label is null.
 */
import { epochMicros, HOUR, MIN, publicIp, SEC, Timeline, ticks, uniformTimes } from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

interface Host {
  name: string;
  boot: string;
  machine: string;
  bootAt: number;
  seqId: string;
  seq: number;
}

export function s05QuietClusterJournal(seed: number): Scenario {
  const name = "quiet-cluster-journal";
  const rng = new Rng(seed, name);
  const span = 6 * HOUR;
  // a night: the window opens between 22:00 and 01:00 UTC
  const start = rng.start2026(span, 22, 23) + rng.int(0, 2) * HOUR;
  const end = start + span;
  const tl = new Timeline();

  const mk = (n: string): Host => ({
    name: n,
    boot: rng.hex(32),
    machine: rng.hex(32),
    bootAt: start - rng.int(3, 60) * 86_400_000,
    seqId: rng.hex(32),
    seq: rng.int(100_000, 9_000_000),
  });
  const bastion = mk("bastion-1");
  const cp = mk("k8s-cp-1");
  const workers = [mk("k8s-w-1"), mk("k8s-w-2"), mk("k8s-w-3"), mk("k8s-w-4")];
  const nfs = mk("nfs-1");
  const all = [bastion, cp, ...workers, nfs];
  const k8sNodes = [cp, ...workers];
  const hostIp = new Map(all.map((h, i) => [h.name, `10.40.1.${21 + i}`]));
  const byName = new Map(all.map((h) => [h.name, h]));

  const pids = new Map<string, number>();
  const pidOf = (h: Host, ident: string): number => {
    const k = `${h.name}/${ident}`;
    if (!pids.has(k)) pids.set(k, rng.int(400, 3000));
    return pids.get(k) as number;
  };
  const UNITS: Record<string, [string, string, string]> = {
    // ident: [unit, comm, exe]
    sshd: ["ssh.service", "sshd", "/usr/sbin/sshd"],
    CRON: ["cron.service", "cron", "/usr/sbin/cron"],
    chronyd: ["chrony.service", "chronyd", "/usr/sbin/chronyd"],
    systemd: ["init.scope", "systemd", "/usr/lib/systemd/systemd"],
    "systemd-logind": ["systemd-logind.service", "systemd-logind", "/usr/lib/systemd/systemd-logind"],
    "systemd-journald": ["systemd-journald.service", "systemd-journal", "/usr/lib/systemd/systemd-journald"],
    "systemd-resolved": ["systemd-resolved.service", "systemd-resolve", "/usr/lib/systemd/systemd-resolved"],
    kubelet: ["kubelet.service", "kubelet", "/usr/bin/kubelet"],
    containerd: ["containerd.service", "containerd", "/usr/bin/containerd"],
    smartd: ["smartmontools.service", "smartd", "/usr/sbin/smartd"],
    dhclient: ["networking.service", "dhclient", "/usr/sbin/dhclient"],
    sudo: ["session-scope", "sudo", "/usr/bin/sudo"],
    "rpc.mountd": ["nfs-mountd.service", "rpc.mountd", "/usr/sbin/rpc.mountd"],
    rsyslogd: ["rsyslog.service", "rsyslogd", "/usr/sbin/rsyslogd"],
    diskcheck: ["cron.service", "logger", "/usr/bin/logger"],
  };
  const FACILITY: Record<string, string> = { sshd: "4", CRON: "9", sudo: "10", kubelet: "3", containerd: "3", chronyd: "3", diskcheck: "1" };

  const j = (t: number, h: Host, ident: string, prio: number, message: string, extra: Record<string, unknown> = {}): void => {
    if (t >= end) return; // the export stops at the window's end
    const log: Record<string, unknown> = { __CURSOR: "", __REALTIME_TIMESTAMP: epochMicros(t), __MONOTONIC_TIMESTAMP: "", _BOOT_ID: h.boot };
    if (ident === "kernel") {
      Object.assign(log, {
        _TRANSPORT: "kernel",
        PRIORITY: String(prio),
        SYSLOG_FACILITY: "0",
        SYSLOG_IDENTIFIER: "kernel",
        _MACHINE_ID: h.machine,
        _HOSTNAME: h.name,
        _SOURCE_MONOTONIC_TIMESTAMP: String(Math.round((t - h.bootAt) * 1000) - rng.int(10, 900)),
        MESSAGE: message,
      });
    } else {
      const [unit, comm, exe] = UNITS[ident] ?? ["session.scope", ident, `/usr/bin/${ident}`];
      const stdout = ident === "kubelet" || ident === "containerd";
      Object.assign(log, {
        _TRANSPORT: stdout ? "stdout" : ident === "systemd" || ident === "systemd-journald" ? "journal" : "syslog",
        PRIORITY: String(prio),
        SYSLOG_FACILITY: FACILITY[ident] ?? "3",
        SYSLOG_IDENTIFIER: ident,
        _PID: String(ident === "systemd" ? 1 : pidOf(h, ident)),
        _UID: "0",
        _GID: "0",
        _COMM: comm,
        _EXE: exe,
        _SYSTEMD_CGROUP: `/system.slice/${unit}`,
        _SYSTEMD_UNIT: unit,
        _SYSTEMD_SLICE: "system.slice",
        _MACHINE_ID: h.machine,
        _HOSTNAME: h.name,
        MESSAGE: message,
      });
      if (!stdout) log._SOURCE_REALTIME_TIMESTAMP = epochMicros(t);
    }
    Object.assign(log, extra);
    tl.add(t, log);
  };

  // ---- cron on every host -------------------------------------------------------------------
  for (const h of all) {
    for (const t of ticks(rng, start, end, 10 * MIN, 0)) {
      const at = Math.floor(t / MIN) * MIN + rng.int(0, 900);
      if (at < start) continue;
      const minute = new Date(at).getUTCMinutes();
      const pid = rng.int(10_000, 60_000);
      j(at, h, "CRON", 6, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", { _PID: String(pid) });
      const cmd = minute < 10 && rng.chance(0.9) ? "cd / && run-parts --report /etc/cron.hourly" : "command -v debian-sa1 > /dev/null && debian-sa1 1 1";
      j(at + 2, h, "CRON", 6, `(root) CMD (${cmd})`, { _PID: String(pid + 1) });
      j(at + rng.int(40, 900), h, "CRON", 6, "pam_unix(cron:session): session closed for user root", { _PID: String(pid) });
    }
  }

  // ---- sshd on the bastion: scanners and an operator ----------------------------------------
  const badUsers = [
    "admin",
    "test",
    "user",
    "oracle",
    "ubuntu",
    "postgres",
    "git",
    "ftpuser",
    "pi",
    "support",
    "deploy",
    "guest",
    "hadoop",
    "minecraft",
    "solana",
    "validator",
    "steam",
  ];
  for (const t of uniformTimes(rng, start, end, rng.int(420, 520))) {
    const ip = publicIp(rng);
    const port = rng.int(30_000, 65_000);
    const kind = rng.weighted([
      ["invalid", 45],
      ["root", 25],
      ["kex", 15],
      ["banner", 15],
    ] as const);
    if (kind === "invalid") {
      const u = rng.pick(badUsers);
      j(t, bastion, "sshd", 6, `Invalid user ${u} from ${ip} port ${port}`);
      if (rng.chance(0.5)) {
        j(t + 300, bastion, "sshd", 5, `pam_unix(sshd:auth): check pass; user unknown`);
        j(t + 310, bastion, "sshd", 5, `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}`);
        j(t + 2100, bastion, "sshd", 6, `Failed password for invalid user ${u} from ${ip} port ${port} ssh2`);
      }
      j(t + 2400, bastion, "sshd", 6, `Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`);
      j(t + 2401, bastion, "sshd", 6, `Disconnected from invalid user ${u} ${ip} port ${port} [preauth]`);
    } else if (kind === "root") {
      j(t, bastion, "sshd", 6, `Connection closed by authenticating user root ${ip} port ${port} [preauth]`);
    } else if (kind === "kex") {
      j(t, bastion, "sshd", 3, "error: kex_exchange_identification: Connection closed by remote host");
      j(t + 1, bastion, "sshd", 6, `Connection closed by ${ip} port ${port}`);
    } else {
      j(t, bastion, "sshd", 6, `banner exchange: Connection from ${ip} port ${port}: invalid format`);
    }
  }
  // firewall drops on the bastion (telnet, RDP, SMB scanners)
  for (const t of uniformTimes(rng, start, end, rng.int(260, 340))) {
    const dpt = rng.pick([23, 445, 3389, 5900, 8080, 2323, 6379, 9200, 1433]);
    j(
      t,
      bastion,
      "kernel",
      4,
      `[UFW BLOCK] IN=eno1 OUT= MAC=3c:ec:ef:12:9a:41:00:1c:73:00:00:99:08:00 SRC=${publicIp(rng)} DST=203.0.113.17 LEN=${rng.pick([40, 44, 60])} TOS=0x00 PREC=0x00 TTL=${rng.int(40, 250)} ID=${rng.int(1, 65_535)} PROTO=TCP SPT=${rng.int(1024, 65_535)} DPT=${dpt} WINDOW=${rng.pick([1024, 65_535, 29_200])} RES=0x00 SYN URGP=0`,
    );
  }
  // an operator looks around between 02:00 and 03:00
  const opAt = start + rng.float(1.5, 3.5) * HOUR;
  const session = rng.int(3000, 9000);
  const opIp = "10.20.0.14";
  j(opAt, bastion, "sshd", 6, `Accepted publickey for ops from ${opIp} port ${rng.int(40_000, 60_000)} ssh2: ED25519 SHA256:${rng.alnum(43)}`);
  j(opAt + 40, bastion, "sshd", 6, "pam_unix(sshd:session): session opened for user ops(uid=1000) by (uid=0)");
  j(opAt + 60, bastion, "systemd-logind", 6, `New session ${session} of user ops.`);
  j(opAt + 80, bastion, "systemd", 6, `Started Session ${session} of User ops.`);
  const cmds = ["/usr/bin/kubectl get nodes -o wide", "/usr/bin/journalctl -u kubelet --since -1h", "/usr/bin/systemctl status chrony", "/usr/bin/df -h"];
  let ct = opAt + 30 * SEC;
  for (const c of cmds) {
    ct += rng.int(20, 200) * SEC;
    j(ct, bastion, "sudo", 5, `     ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=${c}`);
    j(ct + 5, bastion, "sudo", 6, "pam_unix(sudo:session): session opened for user root(uid=0) by ops(uid=1000)");
    j(ct + rng.int(200, 4000), bastion, "sudo", 6, "pam_unix(sudo:session): session closed for user root");
  }
  j(ct + 5 * MIN, bastion, "sshd", 6, `Received disconnect from ${opIp} port 51022:11: disconnected by user`);
  j(ct + 5 * MIN + 20, bastion, "sshd", 6, "pam_unix(sshd:session): session closed for user ops");
  j(ct + 5 * MIN + 40, bastion, "systemd-logind", 6, `Session ${session} logged out. Waiting for processes to exit.`);
  j(ct + 5 * MIN + 60, bastion, "systemd-logind", 6, `Removed session ${session}.`);

  // ---- time, network, timers, journald, SMART ------------------------------------------------
  for (const h of all) {
    for (const t of uniformTimes(rng, start, end, rng.int(1, 3)))
      j(
        t,
        h,
        "chronyd",
        6,
        rng.chance(0.5)
          ? `Selected source ${rng.pick(["10.40.0.1", "162.159.200.123", "185.125.190.56"])} (${rng.pick(["ntp.ubuntu.com", "time.cloudflare.com", "gw.lan"])})`
          : `Source ${publicIp(rng)} replaced with ${publicIp(rng)} (2.debian.pool.ntp.org)`,
      );
    const ip = hostIp.get(h.name) as string;
    for (const t of ticks(rng, start, end, 1800 * SEC, 60 * SEC)) {
      j(t, h, "dhclient", 6, `DHCPREQUEST for ${ip} on eno1 to 10.40.0.1 port 67`);
      j(t + 3, h, "dhclient", 6, `DHCPACK of ${ip} from 10.40.0.1`);
      j(t + 9, h, "dhclient", 6, `bound to ${ip} -- renewal in ${rng.int(1600, 1900)} seconds.`);
    }
    if (rng.chance(0.6)) {
      const t = rng.float(start, end);
      j(t, h, "systemd-resolved", 5, "Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 10.40.0.2.");
      j(t + rng.int(5, 40) * MIN, h, "systemd-resolved", 5, "Grace period over, resuming full feature set (UDP+EDNS0) for DNS server 10.40.0.2.");
    }
    const timers: [string, string, string][] = [
      ["systemd-tmpfiles-clean.service", "Cleanup of Temporary Directories", "Cleanup of Temporary Directories"],
      ["apt-daily.service", "Daily apt download activities", "Daily apt download activities"],
      ["man-db.service", "Daily man-db regeneration", "Daily man-db regeneration"],
      ["logrotate.service", "Rotate log files", "Rotate log files"],
      ["sysstat-summary.service", "Generate a daily summary of process accounting", "Generate a daily summary of process accounting"],
      ["fstrim.service", "Discard unused blocks on filesystems from /etc/fstab", "Discard unused blocks on filesystems from /etc/fstab"],
    ];
    for (const [unit, what] of rng.shuffle([...timers]).slice(0, rng.int(3, 6))) {
      const t = rng.float(start + 10 * MIN, end - 10 * MIN);
      j(t, h, "systemd", 6, `Starting ${what}...`);
      const d = rng.int(200, 40_000);
      if (unit === "fstrim.service")
        j(
          t + d - 10,
          h,
          "fstrim",
          6,
          `/var/lib: ${rng.float(1, 40).toFixed(1)} GiB (${rng.int(1_000_000_000, 40_000_000_000)} bytes) trimmed on /dev/nvme0n1p3`,
        );
      j(t + d, h, "systemd", 6, `${unit}: Deactivated successfully.`);
      j(t + d + 2, h, "systemd", 6, `Finished ${what}.`);
      if (unit === "logrotate.service")
        j(
          t + d + 50,
          h,
          "rsyslogd",
          6,
          `[origin software="rsyslogd" swVersion="8.2112.0" x-pid="${pidOf(h, "rsyslogd")}" x-info="https://www.rsyslog.com"] rsyslogd was HUPed`,
        );
      if (unit === "sysstat-summary.service") j(t + d - 20, h, "systemd", 6, `${unit}: Consumed ${rng.float(0.05, 0.9).toFixed(3)}s CPU time.`);
    }
    if (rng.chance(0.5))
      j(
        rng.float(start, end),
        h,
        "systemd-journald",
        6,
        `Data hash table of /var/log/journal/${h.machine}/system.journal has a fill level at 75.0 (${rng.int(8000, 9000)} of 11377 items, 6553600 file size, 768 bytes per hash table item), suggesting rotation.`,
      );
    for (const t of ticks(rng, start, end, 30 * MIN, 2 * MIN)) {
      if (!rng.chance(0.35)) continue;
      const a = rng.int(30, 41);
      j(
        t,
        h,
        "smartd",
        6,
        `Device: /dev/${rng.pick(["sda", "sdb"])} [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${a} to ${a + rng.pick([-1, 1])}`,
      );
    }
  }

  // ---- kubelet and containerd on the Kubernetes nodes ----------------------------------------
  const cronJobs = [
    "batch/etl-nightly",
    "batch/report-export",
    "monitoring/blackbox-probe",
    "platform/cert-checker",
    "platform/backup-etcd",
    "default/cleanup-tmp",
  ];
  const klog = (t: number, sev: string, file: string, msg: string): string => {
    const d = new Date(t);
    const mm = String(d.getUTCMonth() + 1).padStart(2, "0");
    const dd = String(d.getUTCDate()).padStart(2, "0");
    return `${sev}${mm}${dd} ${d.toISOString().slice(11, 23)}000 ${rng.int(900, 1400)} ${file}] ${msg}`;
  };
  for (const t of uniformTimes(rng, start, end - 5 * MIN, rng.int(150, 190))) {
    const h = rng.pick(workers);
    const job = rng.pick(cronJobs);
    const pod = `${job.split("/")[1]}-${rng.int(29_000_000, 29_999_999)}-${rng.alnum(5)}`;
    const ns = job.split("/")[0];
    j(t, h, "kubelet", 6, klog(t, "I", "kubelet.go:2421", `"SyncLoop ADD" source="api" pods=["${ns}/${pod}"]`));
    const cali = `cali${rng.hex(11)}`;
    j(t + 400, h, "kernel", 6, `IPv6: ADDRCONF(NETDEV_CHANGE): ${cali}: link becomes ready`);
    j(t + 900, h, "containerd", 6, `time="${new Date(t + 900).toISOString()}" level=info msg="StartContainer for \\"${rng.hex(64)}\\" returns successfully"`);
    const startS = rng.float(1.2, 4.5);
    j(
      t + startS * 1000,
      h,
      "kubelet",
      6,
      klog(
        t + startS * 1000,
        "I",
        "pod_startup_latency_tracker.go:102",
        `"Observed pod startup duration" pod="${ns}/${pod}" podStartSLOduration=${(startS - 0.3).toFixed(3)} podStartE2EDuration="${startS.toFixed(1)}s"`,
      ),
    );
    const runS = rng.int(4, 240);
    j(
      t + (startS + runS) * 1000,
      h,
      "kubelet",
      6,
      klog(
        t + (startS + runS) * 1000,
        "I",
        "kubelet.go:2453",
        `"SyncLoop (PLEG): event for pod" pod="${ns}/${pod}" event={"ID":"${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}","Type":"ContainerDied","Data":"${rng.hex(64)}"}`,
      ),
    );
    j(
      t + (startS + runS + 60) * 1000,
      h,
      "kubelet",
      6,
      klog(t + (startS + runS + 60) * 1000, "I", "kubelet.go:2437", `"SyncLoop DELETE" source="api" pods=["${ns}/${pod}"]`),
    );
  }
  const fullish = rng.pick(workers);
  for (const h of k8sNodes) {
    for (const t of ticks(rng, start, end, rng.int(9, 14) * MIN, 3 * MIN)) {
      j(
        t,
        h,
        "kubelet",
        6,
        klog(
          t,
          "E",
          "cadvisor_stats_provider.go:486",
          `"Partial failure issuing cadvisor.ContainerInfoV2" err="partial failures: [\\"/system.slice/containerd.service\\": RecentStats: unable to find data in memory cache]"`,
        ),
      );
    }
    for (const t of ticks(rng, start, end, 47 * MIN, 5 * MIN))
      j(t, h, "kubelet", 6, klog(t, "I", "container_gc.go:88", `"Attempting to delete unused containers"`));
    if (h === fullish)
      for (const t of ticks(rng, start, end, 61 * MIN, 5 * MIN))
        j(
          t,
          h,
          "kubelet",
          6,
          klog(
            t,
            "I",
            "image_gc_manager.go:395",
            `"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage=81 highThreshold=80 amountToFree=${rng.int(300_000_000, 900_000_000)} lowThreshold=75`,
          ),
        );
  }
  // the hourly disk check: routine 81 % on one worker's containerd volume
  for (const t of ticks(rng, start, end, HOUR, 30 * SEC)) {
    const at = Math.floor(t / HOUR) * HOUR + 17 * MIN + rng.int(0, 2000);
    if (at < start || at >= end) continue;
    j(
      at,
      fullish,
      "diskcheck",
      4,
      `WARNING: /var/lib/containerd at ${(81 + rng.float(0, 0.4)).toFixed(0)}% (warn at 80%), ${rng.int(38, 40)}.${rng.int(0, 9)}G free of 200G`,
    );
  }
  // NFS server: mounts from the workers' nightly jobs
  for (const t of uniformTimes(rng, start, end, rng.int(40, 70))) {
    const w = rng.pick(workers);
    j(
      t,
      nfs,
      "rpc.mountd",
      6,
      `authenticated mount request from ${hostIp.get(w.name)}:${rng.int(600, 1023)} for /export/${rng.pick(["batch", "home", "reports"])} (/export/${rng.pick(["batch", "home", "reports"])})`,
    );
    if (rng.chance(0.5))
      j(
        t + rng.int(60, 1800) * SEC,
        nfs,
        "rpc.mountd",
        6,
        `authenticated unmount request from ${hostIp.get(w.name)}:${rng.int(600, 1023)} for /export/batch (/export/batch)`,
      );
  }

  const scenario = tl.build(
    name,
    "healthy night of a small cluster's journald JSON: cron, scanners' failed SSH logins, firewall drops, timers, kubelet chatter, a routine 81% disk warning; nothing anomalous",
  );
  // journald's per-host sequence numbers, cursors and monotonic clocks in the order written
  for (const log of scenario.logs) {
    const h = byName.get(log._HOSTNAME as string) as Host;
    h.seq++;
    const rt = Number(log.__REALTIME_TIMESTAMP);
    const mono = rt - h.bootAt * 1000;
    log.__MONOTONIC_TIMESTAMP = String(mono);
    log.__CURSOR = `s=${h.seqId};i=${h.seq.toString(16)};b=${h.boot};m=${mono.toString(16)};t=${rt.toString(16)};x=${rng.hex(16)}`;
  }
  return scenario;
}
