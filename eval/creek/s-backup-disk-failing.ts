/**
 * backup-disk-failing (holds the rule): the night's Postgres base backups. pgbackup-agent (Go,
 * logrus) streams each database's base backup to object storage in 1 GiB parts at about 100
 * MiB/s and archives WAL segments from the primaries; pg-monitor (python-json-logger) reports
 * each standby's replay lag every minute, pgbouncer its stats, a disk-stats script each data
 * disk's utilisation and latency, Postgres its checkpoints and slow reports (rsyslog JSON).
 * Orders is backed up from its standby, pg-orders-2. About half-way, that host's data disk starts
 * failing: the kernel logs ATA bus errors and failed reads, smartd counts pending sectors. Nothing
 * stops: the backup's parts crawl at a few MiB/s, now and then a part fails on an input/output
 * error and is retried, reports on the standby take a minute or fail on a block they cannot read,
 * restartpoints take minutes to sync, and replay falls behind. Late in the window the on-call
 * aborts the backup; the disk is still failing when the window ends.
 */
import { hourlyCron, kernel, openWindow } from "./common.js";
import { logrus, pyJson, rsyslog } from "./producers.js";
import { MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "backup-disk-failing";
const GIB_MIB = 1024;

/** A WAL segment's name after `n` segments from a start. */
function walName(timeline: number, n: number): string {
  const hi = Math.floor(n / 256);
  const lo = n % 256;
  return `${timeline.toString(16).padStart(8, "0")}${hi.toString(16).padStart(8, "0")}${lo.toString(16).padStart(8, "0")}`.toUpperCase();
}

export function backupDiskFailing(seed: number): Scenario {
  const { rng, start, end, tl } = openWindow(seed, NAME, "2026-01-28", 0, 4);
  const failAt = tl.at(rng.float(0.46, 0.54));
  const abortAt = tl.at(rng.float(0.84, 0.9));
  const hosts = {
    orders1: "pg-orders-1.db.internal",
    orders2: "pg-orders-2.db.internal",
    billing: "pg-billing-1.db.internal",
    users: "pg-users-1.db.internal",
  };
  const failing = (t: number): boolean => t >= failAt;
  const agent = (
    t: number,
    host: string,
    level: "info" | "warning" | "error",
    msg: string,
    fields: Record<string, unknown>,
    label: AnomalyType | null = null,
  ) => tl.add(t, logrus(t, "pgbackup-agent", level, msg, { host, ...fields }), label);

  // ── base backups in 1 GiB parts ─────────────────────────────────────────────────────────────
  const backups = [
    { db: "users", host: hosts.users, at: start + rng.int(3, 8) * MINUTE, gib: rng.int(100, 140) },
    { db: "billing", host: hosts.billing, at: start + rng.int(28, 36) * MINUTE, gib: rng.int(190, 240) },
    { db: "orders", host: hosts.orders2, at: tl.at(rng.float(0.26, 0.3)), gib: rng.int(640, 760) },
  ];
  for (const b of backups) {
    const label = `nightly-${new Date(b.at).toISOString().slice(0, 10).replaceAll("-", "")}-${b.db}`;
    agent(b.at, b.host, "info", "base backup started", { db: b.db, backup_label: label, estimated_size: `${b.gib} GiB`, bucket: "s3://pg-backups-eu" });
    let t = b.at + rng.int(2, 6) * SECOND;
    let part = 0;
    let aborted = false;
    while (part < b.gib) {
      const sick = b.host === hosts.orders2 && failing(t);
      if (sick && t >= abortAt) {
        agent(abortAt + rng.int(1, 20) * SECOND, b.host, "warning", `base backup of ${b.db} aborted: context canceled`, {
          db: b.db,
          backup_label: label,
          parts_done: part,
          requested_by: "oncall",
        });
        aborted = true;
        break;
      }
      const rate = sick ? rng.logNormal(4.5, 0.45) : rng.logNormal(104, 0.08);
      const secs = GIB_MIB / rate;
      if (sick && rng.chance(0.2)) {
        // a read fails mid-part: the agent retries the part
        const failedAfter = secs * rng.float(0.2, 0.9);
        t += Math.round(failedAfter * 1000);
        agent(
          t,
          b.host,
          "error",
          `upload of part ${part + 1} failed: read /var/lib/postgresql/16/main/base/16384/${rng.int(24000, 25999)}.${rng.int(1, 9)}: input/output error; retrying in 30s`,
          { db: b.db, backup_label: label, part: part + 1 },
          "error",
        );
        t += 30 * SECOND;
        continue;
      }
      t += Math.round(secs * 1000);
      if (t > end) break;
      part++;
      agent(
        t,
        b.host,
        "info",
        `uploaded part ${part}/${b.gib} of ${b.db} base backup (1.00 GiB in ${secs.toFixed(2)}s, ${rate.toFixed(1)} MiB/s)`,
        { db: b.db, backup_label: label, part, object: `${label}/base.tar.zst.${String(part).padStart(4, "0")}` },
        sick ? "performance" : null,
      );
      t += rng.int(40, 300);
    }
    if (!aborted && part >= b.gib) {
      const total = (t - b.at) / 1000;
      agent(
        t + 200,
        b.host,
        "info",
        `base backup of ${b.db} finished: ${b.gib}.0 GiB in ${Math.floor(total / 60)}m${Math.round(total % 60)}s (${((b.gib * GIB_MIB) / total).toFixed(1)} MiB/s)`,
        {
          db: b.db,
          backup_label: label,
        },
      );
    }
  }

  // ── WAL archiving from the primaries ────────────────────────────────────────────────────────
  for (const [host, every] of [
    [hosts.orders1, 45],
    [hosts.billing, 110],
    [hosts.users, 140],
  ] as const) {
    let seg = rng.int(0x2b_00, 0x2b_ff) * 256 + rng.int(0, 200);
    const tli = rng.int(1, 4);
    for (const t of ticks(rng, start, end, every * SECOND, (every * SECOND) / 3)) {
      seg++;
      const rate = rng.logNormal(72, 0.2);
      agent(t, host, "info", `archived WAL segment ${walName(tli, seg)} (16.0 MiB in ${(16 / rate).toFixed(2)}s, ${rate.toFixed(1)} MiB/s)`, {
        segment: walName(tli, seg),
      });
    }
  }

  // ── the failing disk on pg-orders-2 ─────────────────────────────────────────────────────────
  const h2 = hosts.orders2;
  for (let t = failAt; t < end; t += rng.int(50, 200) * SECOND) {
    const sector = rng.int(180_000_000, 960_000_000);
    const tag = rng.int(0, 31);
    const lines = [
      `ata3.00: exception Emask 0x0 SAct 0x${rng.hex(6)} SErr 0x0 action 0x0`,
      "ata3.00: irq_stat 0x40000008",
      "ata3.00: failed command: READ FPDMA QUEUED",
      `ata3.00: cmd 60/00:${tag.toString(16).padStart(2, "0")}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}/01:00:00:00:00/40 tag ${tag} ncq dma 131072 in`,
      "ata3.00: status: { DRDY ERR }",
      "ata3.00: error: { UNC }",
      `I/O error, dev sdb, sector ${sector} op 0x0:(READ) flags 0x80700 phys_seg 32 prio class 2`,
    ];
    if (rng.chance(0.3)) lines.push("ata3: hard resetting link", "ata3: SATA link up 6.0 Gbps (SStatus 133 SControl 300)", "ata3.00: configured for UDMA/133");
    for (const [i, l] of lines.entries()) tl.add(t + i, kernel(t + i, h2, "err", l), "pattern");
  }
  for (const t of ticks(rng, start, end, 30 * MINUTE, 0)) {
    for (const [host, dev] of [
      [h2, "sdb"],
      [hosts.orders1, "sdb"],
    ] as const) {
      if (host === h2 && failing(t)) {
        const pending = Math.round(8 + ((t - failAt) / MINUTE) * rng.float(0.8, 1.4));
        tl.add(t, rsyslog(t, host, "daemon", "crit", "smartd", 911, `Device: /dev/${dev} [SAT], ${pending} Currently unreadable (pending) sectors`), "pattern");
        tl.add(
          t + 2,
          rsyslog(t + 2, host, "daemon", "crit", "smartd", 911, `Device: /dev/${dev} [SAT], ${Math.round(pending / 3)} Offline uncorrectable sectors`),
          "pattern",
        );
      } else {
        tl.add(
          t,
          rsyslog(
            t,
            host,
            "daemon",
            "info",
            "smartd",
            911,
            `Device: /dev/${dev} [SAT], SMART Usage Attribute: 194 Temperature_Celsius changed from ${rng.int(31, 34)} to ${rng.int(31, 34)}`,
          ),
        );
      }
    }
  }
  const firstSmart = failAt + rng.int(2, 6) * MINUTE;
  tl.add(
    firstSmart,
    rsyslog(
      firstSmart,
      h2,
      "daemon",
      "crit",
      "smartd",
      911,
      "Device: /dev/sdb [SAT], SMART Prefailure Attribute: 5 Reallocated_Sector_Ct changed from 100 to 97",
    ),
    "pattern",
  );

  // disk-stats: every data disk every five minutes (its rates are rd/wr: not the work's speed)
  for (const host of Object.values(hosts)) {
    for (const t of ticks(rng, start, end, 5 * MINUTE, 10 * SECOND)) {
      const sick = host === h2 && failing(t);
      const backingUp = backups.some((b) => b.host === host && t >= b.at && t < b.at + b.gib * 10 * SECOND);
      const util = sick ? rng.float(98, 100) : backingUp ? rng.float(55, 80) : rng.float(4, 30);
      const awaitMs = sick ? rng.logNormal(1400, 0.4) : rng.logNormal(backingUp ? 4.5 : 1.6, 0.3);
      const rd = sick ? rng.float(1.5, 6) : backingUp ? rng.float(95, 115) : rng.float(2, 40);
      tl.add(
        t,
        rsyslog(
          t,
          host,
          "user",
          "info",
          "disk-stats",
          rng.int(2000, 30000),
          `sdb: util ${util.toFixed(1)}%, await ${awaitMs.toFixed(1)} ms, ${rd.toFixed(1)} MiB/s rd, ${rng.float(0.2, 9).toFixed(1)} MiB/s wr`,
        ),
        sick ? "performance" : null,
      );
    }
  }

  // ── Postgres: checkpoints, restartpoints, reports on the standby ────────────────────────────
  const pgPid: Record<string, number> = Object.fromEntries(Object.values(hosts).map((h) => [h, rng.int(900, 3000)]));
  const seqs: Record<string, number> = {};
  const pg = (t: number, host: string, pid: number, prefix: string, msg: string, label: AnomalyType | null = null) => {
    const key = `${host}/${pid}`;
    seqs[key] = (seqs[key] ?? 0) + 1;
    tl.add(t, rsyslog(t, host, "local0", msg.startsWith("ERROR") ? "err" : "info", "postgres", pid, `[${pid}-${seqs[key]}] ${prefix}${msg}`), label);
  };
  for (const host of Object.values(hosts)) {
    const standby = host === h2;
    for (const t of ticks(rng, start, end, 5 * MINUTE, 20 * SECOND)) {
      const sick = standby && failing(t);
      const write = sick ? rng.float(269, 290) : rng.float(269, 271);
      const sync = sick ? rng.logNormal(95, 0.4) : rng.float(0.05, 0.6);
      const what = standby ? "restartpoint" : "checkpoint";
      pg(
        t,
        host,
        pgPid[host]!,
        "",
        `LOG:  ${what} complete: wrote ${rng.int(900, 9000)} buffers (${rng.float(0.5, 6).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(3, 20)} recycled; write=${write.toFixed(3)} s, sync=${sync.toFixed(3)} s, total=${(write + sync + 0.1).toFixed(3)} s; sync files=${rng.int(40, 400)}, longest=${(sync * rng.float(0.5, 0.95)).toFixed(3)} s, average=${(sync / 80).toFixed(3)} s; distance=${rng.int(40000, 200000)} kB, estimate=${rng.int(90000, 200000)} kB`,
        sick ? "performance" : null,
      );
    }
  }
  const reports = [
    "SELECT date_trunc('day', created_at) AS d, sum(total_cents) FROM orders WHERE created_at >= now() - interval '35 days' GROUP BY 1 ORDER BY 1",
    "SELECT o.customer_id, count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.created_at >= $1 GROUP BY 1 HAVING count(*) > 20",
    "SELECT status, count(*) FROM shipments WHERE updated_at >= now() - interval '7 days' GROUP BY status",
  ];
  for (const t of ticks(rng, start, end, 80 * SECOND, 40 * SECOND)) {
    const pid = rng.int(20000, 60000);
    const sql = rng.pick(reports);
    const prefix = `user=reporting,db=orders,app=metabase `;
    if (failing(t) && rng.chance(0.3)) {
      pg(
        t + rng.int(2, 40) * SECOND,
        h2,
        pid,
        prefix,
        `ERROR:  could not read block ${rng.int(10000, 400000)} in file "base/16384/${rng.int(24000, 25999)}.${rng.int(1, 9)}": Input/output error`,
        "error",
      );
      continue;
    }
    const ms = failing(t) ? rng.logNormal(48000, 0.5) : rng.logNormal(1400, 0.5);
    if (ms < 500) continue;
    pg(t + Math.round(ms), h2, pid, prefix, `LOG:  duration: ${ms.toFixed(3)} ms  statement: ${sql}`, failing(t) && ms > 8000 ? "performance" : null);
  }

  // ── pg-monitor: replay lag of each standby, every minute ────────────────────────────────────
  let behindMb = 0;
  for (let t = start + rng.int(0, 59) * SECOND; t < end; t += MINUTE + rng.int(0, 300)) {
    for (const standby of ["pg-orders-2", "pg-billing-2", "pg-users-2"]) {
      let lag = rng.logNormal(0.35, 0.5);
      let behind = rng.chance(0.7) ? 0 : rng.int(8, 900) * 1024;
      let label: AnomalyType | null = null;
      if (standby === "pg-orders-2" && failing(t)) {
        behindMb += rng.float(2, 9);
        lag = ((t - failAt) / 1000) * rng.float(0.25, 0.35);
        behind = Math.round(behindMb * 1024 * 1024);
        label = lag > 30 ? "performance" : null;
      }
      const at = t + rng.int(0, 400);
      tl.add(
        at,
        pyJson(
          at,
          "pg-monitor",
          lag > 30 ? "WARNING" : "INFO",
          "pgmon.replication",
          `replication lag for ${standby}: replay ${lag.toFixed(1)} s, ${behind} bytes behind`,
          {
            standby,
            primary: standby.replace("-2", "-1"),
            replay_lag_s: Number(lag.toFixed(3)),
            bytes_behind: behind,
          },
        ),
        label,
      );
    }
  }

  // ── pgbouncer: its own stats every minute (load, not the speed of a piece of work) ─────────
  for (const host of [hosts.orders1, hosts.billing]) {
    const pid = rng.int(700, 900);
    for (let t = start + rng.int(0, 59) * SECOND; t < end; t += MINUTE) {
      const q = rng.int(900, 2400);
      tl.add(
        t,
        rsyslog(
          t,
          host,
          "local1",
          "info",
          "pgbouncer",
          pid,
          `stats: ${Math.round(q / rng.float(3, 5))} xacts/s, ${q} queries/s, in ${rng.int(200000, 600000)} B/s, out ${rng.int(2_000_000, 9_000_000)} B/s, xact ${rng.int(900, 3000)} us, query ${rng.int(200, 700)} us, wait ${rng.int(0, 40)} us`,
        ),
      );
    }
  }

  hourlyCron(rng, tl, Object.values(hosts));
  return tl.build(
    NAME,
    "half-way, the data disk of the Postgres standby that orders is backed up from starts failing (ATA errors, pending sectors): the base backup's parts crawl at a few MiB/s where they run at 100, some fail on I/O errors and are retried, reports on the standby take a minute or fail, restartpoints take minutes and replay falls behind, until the on-call aborts the backup",
  );
}
