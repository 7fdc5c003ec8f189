// Logs in the style of real systems: a supercomputer's RAS events and a Hadoop cluster's syslog,
// each with a few percent of lines an operator must act on.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, type Ln, MIN, Rng, windowStart, Lines } from "./kit.js";

function bglNode(r: Rng, rack?: string, mid?: string): string {
  return `R${rack ?? `0${r.int(0, 7)}`}-M${mid ?? r.int(0, 1)}-N${"0123456789ABCDEF"[r.int(0, 15)]}-C:J${String(r.int(2, 17)).padStart(2, "0")}-U${r.pick(["01", "11"])}`;
}

/**
 * Six hours of Blue Gene-style RAS events: routine corrected parity and DDR errors, some in long
 * bursts on one node; a few jobs die across a midplane at once (TLB errors with register dumps,
 * severed ciod links, failed Lustre mounts), DDR cards wear out, service actions interrupt.
 */
export function bglRasMidplaneFailures(seed: number): Scenario {
  const r = new Rng(seed, "bgl-ras-midplane-failures");
  const start = windowStart(r, 0);
  const end = start + 6 * HOUR;
  const lines = new Lines();
  const ras = (t: number, svc: string, lvl: Ln["lvl"], msg: string, label: Ln["label"], host: string, raw?: string): Ln => ({
    t,
    svc,
    lvl,
    msg,
    label,
    fmt: "ras",
    host,
    ...(raw !== undefined ? { raw } : {}),
  });

  // ---- routine ----
  for (const t of r.times(r.int(2000, 2300), start, end)) {
    const host = bglNode(r);
    const msg = r.weighted([
      ["instruction cache parity error corrected", 40],
      [`CE sym ${r.int(0, 31)}, at 0x${r.hex(8)}, mask 0x${r.hex(2)}`, 20],
      [`${r.int(1, 9)} ddr error(s) detected and corrected on rank 0, symbol ${r.int(0, 31)} over ${r.int(60, 9000)} seconds`, 12],
      [`total of ${r.int(1, 30)} ddr error(s) detected and corrected`, 10],
      [`${r.int(1, 4000)} double-hummer alignment exceptions`, 8],
      [`generating core.${r.int(100, 9999)}`, 6],
      [
        `torus receiver ${r.pick(["x+", "x-", "y+", "y-", "z+", "z-"])} input pipe error(s) (dcr 0x02ec) detected and corrected over ${r.int(100, 5000)} seconds`,
        4,
      ],
    ] as const);
    lines.push(ras(t, "KERNEL", "INFO", msg, null, host));
  }
  // long bursts of corrected parity errors on a single node are routine too
  for (let b = 0, end_b = r.int(8, 12); b < end_b; b++) {
    const host = bglNode(r);
    const t0 = start + r.int(0, 6 * HOUR - 10 * MIN);
    for (let i = 0, end_i = r.int(40, 140); i < end_i; i++)
      lines.push(ras(t0 + i * r.int(200, 2500), "KERNEL", "INFO", "instruction cache parity error corrected", null, host));
  }
  for (const t of r.times(r.int(500, 600), start, end)) {
    const host = `R0${r.int(0, 7)}-M${r.int(0, 1)}-L${r.int(0, 3)}-U${r.int(10, 19)}-${r.pick(["A", "C"])}`;
    lines.push(ras(t, "HARDWARE", "INFO", `MidplaneSwitchController performing bit sparing on ${host} bit ${r.int(0, 23)}`, null, host));
  }
  for (const t of r.times(r.int(350, 450), start, end)) {
    const host = `R0${r.int(0, 7)}-M${r.int(0, 1)}-N${"0123456789ABCDEF"[r.int(0, 15)]}-I:J18-U${r.pick(["01", "11"])}`;
    lines.push(
      ras(
        t,
        "APP",
        "INFO",
        `ciod: generated ${r.pick([32, 64, 128])} core files for program /bgl/apps/${r.pick(["sweep3d", "umt2k", "smg2000", "irs"])}/bin/${r.pick(["a.out", "run.rts"])}`,
        null,
        host,
      ),
    );
  }
  for (const t of r.every(start, end, 20 * MIN, 2 * MIN))
    lines.push(
      ras(
        t,
        "MMCS",
        "INFO",
        `idoproxydb has been started: $Name: V1R2M1_020_2006-060110 $ Input parameters: -enableflush -loguserinfo db.properties BlueGene1`,
        null,
        "NULL",
      ),
    );
  for (const t of r.times(r.int(40, 70), start, end))
    lines.push(
      ras(
        t,
        "DISCOVERY",
        "WARNING",
        `Node card VPD check: ${r.pick(["U01", "U11"])} node in processor card slot J${r.int(2, 17)} do not match. VPD ecid ${r.hex(32).toUpperCase()}, found ${r.hex(32).toUpperCase()}`,
        null,
        `R0${r.int(0, 7)}-M${r.int(0, 1)}-N${r.int(0, 9)}`,
      ),
    );

  // ---- alerts: jobs dying across a midplane, cards wearing out ----
  for (let b = 0, end_b = r.int(4, 6); b < end_b; b++) {
    const rack = `0${r.int(0, 7)}`;
    const mid = String(r.int(0, 1));
    const t0 = start + r.int(10 * MIN, 6 * HOUR - 5 * MIN);
    const kind = r.int(0, 3);
    const n = r.int(30, 70);
    for (let i = 0; i < n; i++) {
      const t = t0 + i * r.int(20, 400);
      const host = bglNode(r, rack, mid);
      if (kind === 0) {
        lines.push(ras(t, "KERNEL", "CRITICAL", "data TLB error interrupt", "error", host));
        if (i % 6 === 0)
          for (let k = 0; k < 4; k++)
            lines.push(
              ras(
                t + 1 + k,
                "KERNEL",
                "CRITICAL",
                Array.from({ length: 4 }, (_, j) => `r${String(k * 4 + j).padStart(2, "0")}=0x${r.hex(8)}`).join(" "),
                "error",
                host,
              ),
            );
      } else if (kind === 1)
        lines.push(
          ras(
            t,
            "APP",
            "CRITICAL",
            `ciod: Error reading message prefix after LOAD_MESSAGE on CioStream socket to 172.16.96.${r.int(10, 250)}:${r.int(30000, 40000)}: Link has been severed`,
            "error",
            host.replace(/-C:/, "-I:"),
          ),
        );
      else if (kind === 2) lines.push(ras(t, "KERNEL", "CRITICAL", `Lustre mount FAILED : bglio${r.int(10, 99)} : block_id : location`, "error", host));
      else
        lines.push(
          ras(
            t,
            "KERNEL",
            "CRITICAL",
            "rts: kernel terminated for reason 1004rts: bad message header: invalid cpu, type=42315, cpu=2, index=1476338285, total=1",
            "error",
            host,
          ),
        );
    }
  }
  for (let c = 0, end_c = r.int(2, 3); c < end_c; c++) {
    const host = bglNode(r);
    const t0 = start + r.int(20 * MIN, 5 * HOUR);
    for (let i = 0, end_i = r.int(6, 14); i < end_i; i++) {
      const t = t0 + i * r.int(30_000, 300_000);
      if (t >= end) break;
      lines.push(
        r.chance(0.6)
          ? ras(t, "KERNEL", "ERROR", "ddr: excessive soft failures, consider replacing the card", "memory", host, "SEVERE")
          : ras(
              t,
              "KERNEL",
              "CRITICAL",
              `ddr: Unable to steer rank=0 group=${r.int(0, 3)} - rank is already steered symbol=${r.int(0, 31)}. Due to multiple symbols being over the correctable error threshold, consider replacing the card`,
              "memory",
              host,
            ),
      );
    }
  }
  for (const t of r.times(r.int(4, 8), start + 10 * MIN, end))
    lines.push(
      ras(t, "KERNEL", "CRITICAL", `machine check interrupt (bit=0x${r.pick(["1d", "1e", "08"])}): L2 dcache unit data parity error`, "memory", bglNode(r)),
    );
  for (const t of r.times(r.int(2, 4), start + 10 * MIN, end)) {
    const nc = `R0${r.int(0, 7)}-M${r.int(0, 1)}-N${r.int(0, 9)}`;
    lines.push(ras(t, "MONITOR", "CRITICAL", "power module status fault detected on node card. status registers are: 0/0/0/0/0/0/0/2/0/0", "error", nc));
    lines.push(
      ras(
        t + r.int(60_000, 200_000),
        "MMCS",
        "INFO",
        `PrepareForService shutting down NodeCard(mLctn(${nc}), mCardSernum(203231503833343000000000594c31403${r.int(1000, 9999)}), mType(4)) as part of Service Action ${r.int(100, 900)}`,
        "pattern",
        nc,
      ),
    );
  }
  for (const t of r.times(r.int(2, 4), start + 10 * MIN, end))
    lines.push(
      ras(
        t,
        "MMCS",
        "CRITICAL",
        "idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line=1043 Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPavTrace*)",
        "error",
        "NULL",
      ),
    );
  for (const t of r.times(r.int(2, 3), start + 10 * MIN, end)) lines.push(ras(t, "MMCS", "INFO", "ciodb has been restarted.", "pattern", "NULL"));

  return finish(
    "bgl-ras-midplane-failures",
    "Six hours of supercomputer RAS events: routine corrected errors, some in long bursts, and a few percent of alerts (jobs dying across a midplane, DDR cards wearing out, power faults)",
    lines,
  );
}

/**
 * Eight hours of syslog from a forty-node Hadoop cluster: cron, logins of the deploy user, SNMP
 * polls, routine kernel chatter; among them an SSH password spray on the edge node, a failing
 * disk on one worker, NFS stalls blocking tasks and the OOM killer on two workers.
 */
export function hadoopClusterSyslog(seed: number): Scenario {
  const r = new Rng(seed, "hadoop-cluster-syslog");
  const start = windowStart(r, 20);
  const end = start + 8 * HOUR;
  const lines = new Lines();
  const nodes = Array.from({ length: 40 }, (_, i) => `hdp-wrk${String(i + 1).padStart(2, "0")}.dc1.acme.internal`);
  const edge = "hdp-edge01.dc1.acme.internal";
  const sys = (t: number, host: string, app: string, lvl: Ln["lvl"], msg: string, label: Ln["label"], pid?: number, facility = "daemon"): Ln => ({
    t,
    svc: app,
    lvl,
    msg,
    label,
    fmt: "syslog",
    host,
    meta: { ...(pid !== undefined ? { pid } : {}), facility },
  });

  // ---- routine ----
  for (const host of nodes) {
    for (const t of r.every(start, end, HOUR, 30_000)) {
      const pid = r.int(10000, 99999);
      lines.push(sys(t, host, "CRON", "INFO", "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", null, pid, "authpriv"));
      lines.push(sys(t + 2, host, "CRON", "INFO", "(root) CMD (run-parts /etc/cron.hourly)", null, pid, "cron"));
    }
  }
  for (const t of r.times(r.int(260, 320), start, end)) {
    const host = r.pick(nodes);
    const pid = r.int(10000, 99999);
    const port = r.int(40000, 65000);
    const session = r.int(1000, 99999);
    lines.push(sys(t, host, "sshd", "INFO", `Accepted publickey for deploy from 10.1.0.5 port ${port} ssh2: ED25519 SHA256:${r.alnum(43)}`, null, pid, "auth"));
    lines.push(sys(t + 30, host, "sshd", "INFO", "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)", null, pid, "authpriv"));
    lines.push(sys(t + 60, host, "systemd", "INFO", `Started Session ${session} of User deploy.`, null, 1));
    lines.push(sys(t + r.int(3000, 60000), host, "sshd", "INFO", "pam_unix(sshd:session): session closed for user deploy", null, pid, "authpriv"));
  }
  for (const t of r.times(r.int(1300, 1500), start, end)) {
    const host = r.pick(nodes);
    lines.push(
      sys(
        t,
        host,
        "snmpd",
        "INFO",
        `Connection from UDP: [10.1.0.2]:${r.int(30000, 60000)}->[${`10.1.3.${nodes.indexOf(host) + 10}`}]:161`,
        null,
        r.int(900, 1200),
      ),
    );
  }
  for (const t of r.times(r.int(120, 180), start, end)) {
    const host = r.pick(nodes);
    lines.push(
      r.chance(0.5)
        ? sys(t, host, "kernel", "WARNING", `IPv4: martian source 10.1.3.255 from 10.1.3.${r.int(10, 60)}, on dev bond0`, null, undefined, "kern")
        : sys(
            t,
            host,
            "kernel",
            "INFO",
            `perf: interrupt took too long (${r.int(2501, 3200)} > 2500), lowering kernel.perf_event_max_sample_rate to ${r.int(60000, 79000)}`,
            null,
            undefined,
            "kern",
          ),
    );
  }
  for (const t of r.times(r.int(60, 90), start, end))
    lines.push(sys(t, r.pick(nodes), "chronyd", "INFO", `Selected source 10.1.0.${r.int(1, 2)} (ntp${r.int(1, 2)}.dc1.acme.internal)`, null, r.int(700, 900)));
  for (const t of r.times(r.int(6, 10), start, end))
    lines.push(
      sys(
        t,
        edge,
        "sshd",
        "INFO",
        `Failed password for ${r.pick(["alice", "bob", "deploy"])} from 10.1.${r.int(4, 9)}.${r.int(2, 250)} port ${r.int(40000, 65000)} ssh2`,
        null,
        r.int(10000, 99999),
        "auth",
      ),
    );

  // ---- alerts ----
  const sprayAt = start + r.int(30, 300) * MIN;
  const attacker = r.publicIp();
  for (let i = 0, end_i = r.int(60, 100); i < end_i; i++) {
    const t = sprayAt + i * r.int(4000, 12_000);
    const user = r.pick(["oracle", "admin", "test", "hadoop", "postgres", "ubuntu", "git", "support"]);
    const port = r.int(30000, 65000);
    const pid = r.int(10000, 99999);
    lines.push(sys(t, edge, "sshd", "INFO", `Invalid user ${user} from ${attacker} port ${port}`, "pattern", pid, "auth"));
    lines.push(
      sys(t + r.int(1500, 2500), edge, "sshd", "INFO", `Failed password for invalid user ${user} from ${attacker} port ${port} ssh2`, "pattern", pid, "auth"),
    );
  }
  const sick = r.pick(nodes);
  const diskAt = start + r.int(60, 420) * MIN;
  for (let i = 0, end_i = r.int(6, 10); i < end_i; i++) {
    const t = diskAt + i * r.int(20_000, 180_000);
    const sector = r.int(100_000_000, 900_000_000);
    lines.push(
      sys(t, sick, "kernel", "INFO", "sd 2:0:0:0: [sdc] tag#0 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE cmd_age=3s", "error", undefined, "kern"),
    );
    lines.push(sys(t + 1, sick, "kernel", "INFO", "sd 2:0:0:0: [sdc] tag#0 Sense Key : Medium Error [current]", "error", undefined, "kern"));
    lines.push(
      sys(
        t + 2,
        sick,
        "kernel",
        "ERROR",
        `blk_update_request: critical medium error, dev sdc, sector ${sector} op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0`,
        "error",
        undefined,
        "kern",
      ),
    );
    if (r.chance(0.5))
      lines.push(
        sys(
          t + 3,
          sick,
          "kernel",
          "ERROR",
          "EXT4-fs error (device sdc1): ext4_find_entry:1455: inode #2: comm java: reading directory lblock 0",
          "error",
          undefined,
          "kern",
        ),
      );
    else
      lines.push(
        sys(
          t + 3,
          sick,
          "kernel",
          "ERROR",
          `Buffer I/O error on dev sdc1, logical block ${Math.floor(sector / 8)}, async page read`,
          "error",
          undefined,
          "kern",
        ),
      );
  }
  lines.push(
    sys(
      diskAt + r.int(5, 40) * MIN,
      sick,
      "smartd",
      "WARNING",
      `Device: /dev/sdc [SAT], ${r.int(8, 40)} Currently unreadable (pending) sectors`,
      "error",
      r.int(600, 900),
    ),
  );
  const nfsAt = start + r.int(60, 420) * MIN;
  const stalled = Array.from({ length: r.int(6, 12) }, () => r.pick(nodes));
  for (const host of stalled) {
    const t = nfsAt + r.int(0, 90_000);
    lines.push(sys(t, host, "kernel", "WARNING", "nfs: server nas01 not responding, still trying", "performance", undefined, "kern"));
    if (r.chance(0.5)) {
      const pid = r.int(2000, 40000);
      lines.push(sys(t + 121_000, host, "kernel", "ERROR", `INFO: task java:${pid} blocked for more than 120 seconds.`, "performance", undefined, "kern"));
      lines.push(sys(t + 121_001, host, "kernel", "ERROR", `      Not tainted 5.14.0-427.22.1.el9_4.x86_64 #1`, "performance", undefined, "kern"));
      lines.push(
        sys(
          t + 121_002,
          host,
          "kernel",
          "ERROR",
          `"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.`,
          "performance",
          undefined,
          "kern",
        ),
      );
    }
    lines.push(sys(t + r.int(200_000, 400_000), host, "kernel", "INFO", "nfs: server nas01 OK", null, undefined, "kern"));
  }
  for (const host of [r.pick(nodes), r.pick(nodes)]) {
    const t = start + r.int(30, 460) * MIN;
    const pid = r.int(2000, 60000);
    lines.push(
      sys(
        t,
        host,
        "kernel",
        "WARNING",
        "java invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
        "memory",
        undefined,
        "kern",
      ),
    );
    lines.push(
      sys(
        t + 3,
        host,
        "kernel",
        "INFO",
        `Mem-Info: active_anon:${r.int(7_000_000, 8_000_000)} inactive_anon:${r.int(100_000, 300_000)} isolated_anon:0 free:${r.int(20_000, 40_000)} free_pcp:${r.int(0, 400)}`,
        "memory",
        undefined,
        "kern",
      ),
    );
    lines.push(
      sys(
        t + 9,
        host,
        "kernel",
        "ERROR",
        `Out of memory: Killed process ${pid} (java) total-vm:${r.int(40_000_000, 48_000_000)}kB, anon-rss:${r.int(30_000_000, 33_000_000)}kB, file-rss:0kB, shmem-rss:0kB, UID:${r.pick([1005, 1006])} pgtables:${r.int(60000, 70000)}kB oom_score_adj:0`,
        "memory",
        undefined,
        "kern",
      ),
    );
    lines.push(
      sys(
        t + 60,
        host,
        "kernel",
        "INFO",
        `oom_reaper: reaped process ${pid} (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`,
        "memory",
        undefined,
        "kern",
      ),
    );
  }

  return finish(
    "hadoop-cluster-syslog",
    "Eight hours of a forty-node Hadoop cluster's syslog with a few percent of alerts: an SSH password spray on the edge node, a failing disk, NFS stalls blocking tasks, the OOM killer",
    lines,
  );
}
