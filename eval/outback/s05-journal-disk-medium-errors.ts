// A quiet day on a PostgreSQL replica host, as systemd journal JSON shipped with an added
// @timestamp. Cron, sshd scanners, UFW blocks, chrony, apt timers, node_exporter's routine hwmon
// "error" and smartd's temperature chatter are everyday. The one real problem: the data disk
// develops unreadable sectors: libata exceptions, medium errors, I/O errors, XFS metadata errors,
// hung postgres tasks and smartd pending-sector alerts.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoMicro, isoMs, type Label, MIN, Rand, Timeline, windowStart } from "./lib.js";

export function journalDiskMediumErrors(seed: number): Scenario {
  const r = new Rand(seed, "s05-journal");
  const tl = new Timeline();
  const t0 = windowStart(r, 0, 0);
  const t1 = t0 + 24 * HOUR;
  const host = `pg-replica-${String(r.int(1, 9)).padStart(2, "0")}`;
  const bootId = r.hex(32);
  const machineId = r.hex(32);
  const firstSeqnum = r.int(1e6, 9e6);
  const pids: Record<string, number> = {
    sshd: 0,
    CRON: 0,
    postgres: r.int(900, 1500),
    chronyd: r.int(500, 700),
    smartd: r.int(700, 800),
    node_exporter: r.int(800, 900),
  };

  const j = (
    t: number,
    ident: string,
    prio: number,
    msg: string,
    label: Label,
    opts: { unit?: string; transport?: string; pid?: number; facility?: number } = {},
  ) => {
    const us = Math.floor(t * 1000);
    const e: Record<string, unknown> = {
      "@timestamp": isoMicro(t),
      __CURSOR: "", // numbered in time order below
      __REALTIME_TIMESTAMP: String(us),
      _BOOT_ID: bootId,
      _MACHINE_ID: machineId,
      _HOSTNAME: host,
      PRIORITY: String(prio),
      _TRANSPORT: opts.transport ?? "syslog",
      SYSLOG_IDENTIFIER: ident,
      MESSAGE: msg,
    };
    if (opts.facility !== undefined) e.SYSLOG_FACILITY = String(opts.facility);
    if (opts.unit) e._SYSTEMD_UNIT = opts.unit;
    if (opts.pid !== undefined) e._PID = String(opts.pid);
    tl.add(t, e, label);
  };
  const kern = (t: number, prio: number, msg: string, label: Label) => j(t, "kernel", prio, msg, label, { transport: "kernel", facility: 0 });

  // cron every 10 minutes, with PAM session lines.
  for (let t = t0 + r.float(0, 60_000); t < t1; t += 10 * MIN) {
    const pid = r.int(10000, 60000);
    j(t, "CRON", 6, "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", null, { unit: "cron.service", pid, facility: 10 });
    j(t + 2, "CRON", 6, "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)", null, { unit: "cron.service", pid, facility: 9 });
    j(t + r.float(300, 900), "CRON", 6, "pam_unix(cron:session): session closed for user root", null, { unit: "cron.service", pid, facility: 10 });
  }
  // postgres checkpoints every 5 minutes.
  for (let t = t0 + r.float(0, 300_000); t < t1; t += 5 * MIN) {
    const bufs = r.int(200, 4000);
    j(t, "postgres", 6, `${isoMicro(t).slice(0, 23).replace("T", " ")} UTC [${pids.postgres}] LOG:  restartpoint starting: time`, null, {
      unit: "postgresql@15-main.service",
      pid: pids.postgres,
      transport: "stdout",
    });
    j(
      t + r.float(20_000, 150_000),
      "postgres",
      6,
      `${isoMicro(t).slice(0, 23).replace("T", " ")} UTC [${pids.postgres}] LOG:  restartpoint complete: wrote ${bufs} buffers (${(bufs / 1310.72).toFixed(1)}%); 0 WAL file(s) added, ${r.int(0, 3)} removed, ${r.int(0, 4)} recycled; write=${(r.float(20, 140)).toFixed(3)} s, sync=${(r.float(0.001, 0.2)).toFixed(3)} s, total=${(r.float(20, 150)).toFixed(3)} s`,
      null,
      { unit: "postgresql@15-main.service", pid: pids.postgres, transport: "stdout" },
    );
  }
  // Internet scanners against sshd and UFW blocks.
  for (const t of r.times(r.int(330, 420), t0, t1)) {
    const ip = `${r.int(45, 223)}.${r.int(1, 254)}.${r.int(1, 254)}.${r.int(1, 254)}`;
    const user = r.pick(["admin", "test", "ubuntu", "oracle", "git", "user", "postgres", "support"]);
    const pid = r.int(10000, 60000);
    const port = r.int(30000, 65000);
    j(t, "sshd", 6, `Invalid user ${user} from ${ip} port ${port}`, null, { unit: "ssh.service", pid, facility: 4 });
    j(t + r.float(200, 2000), "sshd", 6, `Connection closed by invalid user ${user} ${ip} port ${port} [preauth]`, null, {
      unit: "ssh.service",
      pid,
      facility: 4,
    });
  }
  for (const t of r.times(r.int(650, 800), t0, t1)) {
    kern(
      t,
      4,
      `[UFW BLOCK] IN=eth0 OUT= MAC=0c:c4:7a:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:00:1c:73:${r.hex(2)}:${r.hex(2)}:${r.hex(2)}:08:00 SRC=${r.int(45, 223)}.${r.int(1, 254)}.${r.int(1, 254)}.${r.int(1, 254)} DST=10.20.4.${r.int(10, 40)} LEN=${r.pick([40, 44, 60])} TOS=0x00 PREC=0x00 TTL=${r.int(40, 250)} ID=${r.int(1, 65535)} PROTO=TCP SPT=${r.int(1024, 65535)} DPT=${r.pick([23, 445, 3389, 8080, 5900, 6379, 9200])} WINDOW=${r.pick([1024, 65535, 29200])} RES=0x00 SYN URGP=0`,
      null,
    );
  }
  // ansible logins from the bastion.
  for (const t of r.times(r.int(6, 12), t0, t1)) {
    const pid = r.int(10000, 60000);
    j(t, "sshd", 6, `Accepted publickey for ansible from 10.20.0.5 port ${r.int(30000, 65000)} ssh2: ED25519 SHA256:${r.alnum(43)}`, null, {
      unit: "ssh.service",
      pid,
      facility: 4,
    });
    j(t + 40, "systemd-logind", 6, `New session ${r.int(1000, 9999)} of user ansible.`, null, { unit: "systemd-logind.service", pid: 612 });
    j(t + r.float(5000, 60_000), "sshd", 6, "pam_unix(sshd:session): session closed for user ansible", null, { unit: "ssh.service", pid, facility: 10 });
  }
  // chrony, node_exporter's routine hwmon error, smartd temperature chatter, apt timers.
  for (const t of r.stream(40 * MIN, t0, t1))
    j(t, "chronyd", 6, `Selected source 169.254.169.123 (${r.pick(["+", "-"])}${r.int(1, 900)}us offset)`, null, { unit: "chrony.service", pid: pids.chronyd });
  for (const t of r.stream(9 * MIN, t0, t1)) {
    j(
      t,
      "node_exporter",
      6,
      `ts=${isoMs(t)} caller=collector.go:169 level=error msg="collector failed" name=hwmon duration_seconds=${(r.float(0.0001, 0.004)).toFixed(6)} err="open /sys/class/hwmon/hwmon3/temp1_input: no such device or address"`,
      null,
      { unit: "prometheus-node-exporter.service", pid: pids.node_exporter, transport: "stdout" },
    );
  }
  let temp = r.int(33, 36);
  for (let t = t0 + r.float(0, 30 * MIN); t < t1; t += 30 * MIN) {
    const next = temp + r.pick([-1, 1]);
    j(t, "smartd", 6, `Device: /dev/sda [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${100 - temp} to ${100 - next}`, null, {
      unit: "smartd.service",
      pid: pids.smartd,
      facility: 3,
    });
    temp = next;
  }
  for (const [name, desc] of [
    ["apt-daily.service", "Daily apt download activities"],
    ["apt-daily-upgrade.service", "Daily apt upgrade and clean activities"],
    ["logrotate.service", "Rotate log files"],
    ["man-db.service", "Daily man-db regeneration"],
    ["sysstat-summary.service", "Generate a daily summary of process accounting"],
  ] as const) {
    const t = t0 + r.float(0, 23) * HOUR;
    j(t, "systemd", 6, `Starting ${desc}...`, null, { unit: "init.scope", pid: 1 });
    j(t + r.float(500, 40_000), "systemd", 6, `${name}: Deactivated successfully.`, null, { unit: "init.scope", pid: 1 });
    j(t + r.float(40_001, 41_000), "systemd", 6, `Finished ${desc}.`, null, { unit: "init.scope", pid: 1 });
  }
  for (const t of r.times(r.int(20, 40), t0, t1)) {
    kern(
      t,
      5,
      `audit: type=1400 audit(${(t / 1000).toFixed(3)}:${r.int(100, 999)}): apparmor="DENIED" operation="open" class="file" profile="/usr/sbin/chronyd" name="/sys/devices/system/cpu/cpu${r.int(0, 31)}/cpufreq/scaling_cur_freq" pid=${pids.chronyd} comm="chronyd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0`,
      null,
    );
  }

  // The failing disk.
  const onset = t0 + r.float(11, 16) * HOUR;
  const episodes = r.int(5, 8);
  let t = onset;
  for (let e = 0; e < episodes; e++) {
    const tag = r.int(0, 31);
    const sector = r.int(523_000_000, 523_100_000);
    const lba = sector.toString(16).padStart(8, "0");
    const steps: [number, string][] = [
      [3, `ata4.00: exception Emask 0x0 SAct 0x${(1 << tag).toString(16)} SErr 0x0 action 0x0`],
      [3, "ata4.00: irq_stat 0x40000008"],
      [3, "ata4.00: failed command: READ FPDMA QUEUED"],
      [
        3,
        `ata4.00: cmd 60/08:${(tag * 8).toString(16).padStart(2, "0")}:${lba.slice(6)}:${lba.slice(4, 6)}:${lba.slice(2, 4)}/00:00:${lba.slice(0, 2)}:00:00/40 tag ${tag} ncq dma 4096 in\n         res 41/40:00:${lba.slice(6)}:${lba.slice(4, 6)}:${lba.slice(2, 4)}/00:00:${lba.slice(0, 2)}:00:00/00 Emask 0x409 (media error) <F>`,
      ],
      [3, "ata4.00: status: { DRDY ERR }"],
      [3, "ata4.00: error: { UNC }"],
      [6, "ata4.00: configured for UDMA/133"],
      [3, `sd 3:0:0:0: [sdb] tag#${tag} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=${r.int(2, 7)}s`],
      [3, `sd 3:0:0:0: [sdb] tag#${tag} Sense Key : Medium Error [current]`],
      [3, `sd 3:0:0:0: [sdb] tag#${tag} Add. Sense: Unrecovered read error - auto reallocate failed`],
      [3, `I/O error, dev sdb, sector ${sector} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 2`],
      [6, "ata4: EH complete"],
    ];
    for (const [prio, msg] of steps) {
      kern(t, prio, msg, "error");
      t += r.float(0.05, 2);
    }
    if (r.chance(0.6))
      kern(t + 50, 3, `XFS (sdb1): metadata I/O error in "xfs_imap_to_bp+0x${r.hex(2)}/0xa0 [xfs]" at daddr 0x${sector.toString(16)} len 32 error 5`, "error");
    // postgres fails to read a relation block
    const pgErrors = r.int(1, 4);
    for (let k = 0; k < pgErrors; k++) {
      const tt = t + r.float(100, 20_000);
      j(
        tt,
        "postgres",
        3,
        `${isoMicro(tt).slice(0, 23).replace("T", " ")} UTC [${r.int(20000, 40000)}] ERROR:  could not read block ${r.int(10000, 90000)} in file "base/16401/${r.pick([24617, 24633, 24690])}": Input/output error`,
        "error",
        { unit: "postgresql@15-main.service", pid: pids.postgres, transport: "stdout" },
      );
    }
    if (e === 1 || e === episodes - 2) {
      const th = t + r.float(125_000, 140_000);
      const ppid = r.int(20000, 40000);
      kern(th, 3, `INFO: task postgres:${ppid} blocked for more than 122 seconds.`, "performance");
      kern(th + 1, 3, "      Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1", "performance");
      kern(th + 2, 3, '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.', "performance");
      kern(th + 3, 6, `task:postgres         state:D stack:0     pid:${ppid}  ppid:${pids.postgres} flags:0x00000002`, "performance");
    }
    t += r.float(12, 45) * MIN;
  }
  j(onset + r.float(20, 60) * MIN, "smartd", 2, `Device: /dev/sdb [SAT], ${r.int(8, 24)} Currently unreadable (pending) sectors`, "error", {
    unit: "smartd.service",
    pid: pids.smartd,
    facility: 3,
  });
  j(onset + r.float(60, 100) * MIN, "smartd", 2, `Device: /dev/sdb [SAT], ${r.int(2, 8)} Offline uncorrectable sectors`, "error", {
    unit: "smartd.service",
    pid: pids.smartd,
    facility: 3,
  });
  j(
    onset + r.float(100, 140) * MIN,
    "smartd",
    6,
    `Device: /dev/sdb [SAT], SMART Usage Attribute: 5 Reallocated_Sector_Ct changed from 100 to ${r.int(95, 99)}`,
    "error",
    { unit: "smartd.service", pid: pids.smartd, facility: 3 },
  );

  const scenario = tl.build(
    "journal-disk-medium-errors",
    "A quiet day of systemd journal JSON on a Postgres replica with routine scanner, cron and exporter noise; the data disk develops unreadable sectors (libata media errors, XFS I/O errors, hung tasks).",
  );
  const seqnumId = r.hex(32);
  scenario.logs.forEach((e, i) => {
    const us = Number(e.__REALTIME_TIMESTAMP);
    e.__CURSOR = `s=${seqnumId};i=${(firstSeqnum + i).toString(16)};b=${bootId};m=${(us - Date.parse("2024-01-01T00:00:00Z") * 1000).toString(16)};t=${us.toString(16)};x=${r.hex(16)}`;
    e.__SEQNUM = String(firstSeqnum + i);
  });
  return scenario;
}
