// Servers rather than services: a PostgreSQL server log, a Linux host's syslog, CoreDNS in a
// cluster with the applications that depend on it.

import type { Scenario } from "../blind/types.js";
import { hms, iso, MIN, SEC, startTime } from "./clock.js";
import { fluentbit, pino, type PinoBase, rsyslog, type SyslogSeverity } from "./formats.js";
import { every, Incident, type Label, poisson } from "./incident.js";
import type { Rng } from "./rng.js";
import { podName } from "./vocab.js";

/**
 * PostgreSQL 16 with jsonlog: an ALTER TABLE waits for AccessExclusiveLock behind a long analytics
 * transaction, every query on the table queues behind it, statement timeouts, too many clients, a
 * deadlock; a DBA terminates the blocker. Routine: duplicate-key ERRORs and a monitoring agent's
 * FATAL password failures all day.
 */
export function postgresLockQueue(rng: Rng): Scenario {
  const start = startTime(rng, 8, 18);
  const inc = new Incident(start, start + rng.int(55, 70) * MIN);
  const ddl = inc.at(rng.float(0.45, 0.6));
  const release = ddl + rng.float(2.5, 4.5) * MIN;
  const blocked = (t: number): boolean => t >= ddl && t < release;
  const blockerPid = rng.int(3000, 9000);
  const ddlPid = rng.int(10000, 20000);
  let nextPid = rng.int(20000, 30000);
  let vxid = rng.int(100, 900);
  let txid = rng.int(80_000_000, 90_000_000);
  const waitQueue: number[] = [ddlPid];
  const sessions = new Map<number, { start: number; line: number; id: string; host: string; port: number; user: string; db: string; app: string }>();
  const newSession = (t: number, user = "orders_app", app = "PostgreSQL JDBC Driver"): number => {
    const pid = nextPid++;
    sessions.set(pid, {
      start: t,
      line: 0,
      id: `${Math.floor(t / 1000).toString(16)}.${pid.toString(16)}`,
      host: `10.0.2.${rng.int(10, 60)}`,
      port: rng.int(30000, 65000),
      user,
      db: "orders",
      app,
    });
    return pid;
  };
  const pg = (
    t: number,
    pid: number,
    severity: string,
    state: string,
    message: string,
    label: Label,
    more: Record<string, unknown> = {},
    backend = "client backend",
  ): void => {
    const s = sessions.get(pid);
    const o: Record<string, unknown> = { timestamp: iso(t, { numericUtc: true }) };
    if (s) {
      s.line++;
      Object.assign(o, {
        user: s.user,
        dbname: s.db,
        pid,
        remote_host: s.host,
        remote_port: s.port,
        session_id: s.id,
        line_num: s.line,
        ps: "idle",
        session_start: iso(s.start, { frac: 0, numericUtc: true }),
        vxid: `${rng.int(1, 90)}/${vxid++}`,
        txid: 0,
      });
    } else
      Object.assign(o, {
        pid,
        session_id: `${Math.floor(start / 1000).toString(16)}.${pid.toString(16)}`,
        line_num: rng.int(1, 9000),
        session_start: iso(start - 86400_000 * 9, { frac: 0, numericUtc: true }),
        txid: 0,
      });
    Object.assign(o, { error_severity: severity, state_code: state, message, ...more, application_name: s?.app ?? "", backend_type: backend, query_id: 0 });
    inc.add(t, o, label);
  };
  const pool = Array.from({ length: 24 }, () => newSession(start - rng.float(60, 3600) * SEC));
  const ORDER_QUERIES = [
    "SELECT o.id, o.status, o.total_cents FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 20",
    "UPDATE orders SET status = $1, updated_at = now() WHERE id = $2",
    "SELECT * FROM orders WHERE id = $1 FOR UPDATE",
    "INSERT INTO orders (id, customer_id, status, total_cents, currency) VALUES ($1, $2, $3, $4, $5)",
  ];

  // connection churn from the pools and ad-hoc clients
  poisson(rng, inc.start, inc.end, rng.float(0.16, 0.22), (t) => {
    const storm = blocked(t);
    const k = storm ? rng.int(2, 4) : 1;
    for (let i = 0; i < k; i++) {
      const ti = t + i * rng.float(20, 300);
      const pid = newSession(
        ti,
        rng.pick(["orders_app", "orders_app", "orders_worker", "reporting"]),
        rng.pick(["PostgreSQL JDBC Driver", "orders-worker", "psql", "metabase"]),
      );
      const s = sessions.get(pid);
      pg(ti, pid, "LOG", "00000", `connection received: host=${s?.host} port=${s?.port}`, null, {}, "not initialized");
      if (storm && rng.chance(0.35)) {
        pg(ti + 2, pid, "FATAL", "53300", "sorry, too many clients already", "error");
        continue;
      }
      pg(ti + 3, pid, "LOG", "00000", `connection authorized: user=${s?.user} database=orders application_name=${s?.app}`, null);
      const dur = rng.logn(storm ? 20_000 : 240_000, 0.8);
      if (ti + dur < inc.end)
        pg(ti + dur, pid, "LOG", "00000", `disconnection: session time: ${hms(dur)} user=${s?.user} database=orders host=${s?.host} port=${s?.port}`, null);
    }
  });
  // slow statements above log_min_duration_statement=500ms
  poisson(rng, inc.start, inc.end, 1 / 50, (t) => {
    const d = rng.logn(800, 0.35);
    pg(
      t,
      rng.pick(pool),
      "LOG",
      "00000",
      `duration: ${d.toFixed(3)} ms  statement: ${rng.pick(["SELECT date_trunc('day', created_at) d, count(*) FROM orders WHERE created_at > now() - interval '30 days' GROUP BY 1", "SELECT * FROM order_items WHERE order_id = ANY($1)", "SELECT c.id, sum(o.total_cents) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.created_at > $1 GROUP BY c.id"])}`,
      null,
    );
  });
  // routine ERROR and FATAL
  poisson(rng, inc.start, inc.end, 1 / 40, (t) => {
    const key = rng.uuid();
    pg(t, rng.pick(pool), "ERROR", "23505", 'duplicate key value violates unique constraint "idempotency_keys_pkey"', null, {
      detail: `Key (key)=(${key}) already exists.`,
      statement: "INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES ($1, $2, now())",
    });
  });
  every(rng, inc.start, inc.end, 60 * SEC, 2 * SEC, (t) => {
    const pid = newSession(t, "datadog", "");
    const s = sessions.get(pid);
    pg(t, pid, "LOG", "00000", `connection received: host=${s?.host} port=${s?.port}`, null, {}, "not initialized");
    pg(t + 4, pid, "FATAL", "28P01", 'password authentication failed for user "datadog"', null, {
      detail: 'Connection matched file "/etc/postgresql/16/main/pg_hba.conf" line 104: "host    all    all    10.0.0.0/16    scram-sha-256"',
    });
  });
  // checkpoints and autovacuum
  every(rng, inc.start, inc.end, 5 * MIN, 500, (t) => {
    pg(t, 41, "LOG", "00000", "checkpoint starting: time", null, {}, "checkpointer");
    const w = rng.float(260, 275);
    const bufs = rng.int(800, 6000);
    pg(
      t + w * 1000,
      41,
      "LOG",
      "00000",
      `checkpoint complete: wrote ${bufs} buffers (${(bufs / 163.84).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(1, 4)} recycled; write=${w.toFixed(3)} s, sync=${rng.float(0.002, 0.03).toFixed(3)} s, total=${(w + 0.05).toFixed(3)} s; sync files=${rng.int(20, 80)}, longest=0.004 s, average=0.001 s; distance=${rng.int(20000, 90000)} kB, estimate=${rng.int(50000, 90000)} kB; lsn=3A/${rng.hex(8).toUpperCase()}, redo lsn=3A/${rng.hex(8).toUpperCase()}`,
      null,
      {},
      "checkpointer",
    );
  });
  poisson(rng, inc.start, inc.end, 1 / 240, (t) => {
    const table = rng.pick(["order_items", "idempotency_keys", "outbox_events", "sessions"]);
    const pages = rng.int(2000, 90000);
    pg(
      t,
      nextPid++,
      "LOG",
      "00000",
      `automatic vacuum of table "orders.public.${table}": index scans: 1\npages: 0 removed, ${pages} remain, ${rng.int(100, 3000)} scanned (${rng.float(0.5, 9).toFixed(2)}% of total)\ntuples: ${rng.int(1000, 40000)} removed, ${pages * 40} remain, ${rng.int(0, 90)} are dead but not yet removable\nremovable cutoff: ${txid - rng.int(10, 900)}, which was ${rng.int(1, 40)} XIDs old when operation ended\nindex scan needed: ${rng.int(100, 2000)} pages from table (${rng.float(0.1, 3).toFixed(2)}% of total) had ${rng.int(1000, 30000)} dead item identifiers removed\navg read rate: ${rng.float(0.5, 20).toFixed(3)} MB/s, avg write rate: ${rng.float(0.5, 20).toFixed(3)} MB/s\nbuffer usage: ${rng.int(5000, 90000)} hits, ${rng.int(0, 900)} misses, ${rng.int(100, 3000)} dirtied\nWAL usage: ${rng.int(1000, 9000)} records, ${rng.int(100, 2000)} full page images, ${rng.int(100000, 9000000)} bytes\nsystem usage: CPU: user: ${rng.float(0.01, 1).toFixed(2)} s, system: 0.01 s, elapsed: ${rng.float(0.2, 9).toFixed(2)} s`,
      null,
      {},
      "autovacuum worker",
    );
  });
  poisson(rng, inc.start, inc.end, 1 / 400, (t) => {
    const w = rng.float(1000.01, 1000.2);
    const a = rng.pick(pool);
    pg(t, a, "LOG", "00000", `process ${a} still waiting for ShareLock on transaction ${txid - rng.int(1, 50)} after ${w.toFixed(3)} ms`, null, {
      detail: `Process holding the lock: ${rng.pick(pool)}. Wait queue: ${a}.`,
      statement: ORDER_QUERIES[1],
    });
    pg(
      t + rng.float(50, 600),
      a,
      "LOG",
      "00000",
      `process ${a} acquired ShareLock on transaction ${txid - rng.int(1, 50)} after ${(w + rng.float(50, 600)).toFixed(3)} ms`,
      null,
      { statement: ORDER_QUERIES[1] },
    );
  });
  poisson(rng, inc.start, inc.end, 1 / 300, (t) =>
    pg(
      t,
      rng.pick(pool),
      "LOG",
      "00000",
      `temporary file: path "base/pgsql_tmp/pgsql_tmp${rng.int(1000, 9999)}.${rng.int(0, 3)}", size ${rng.int(10_000_000, 400_000_000)}`,
      null,
      { statement: "SELECT c.id, sum(o.total_cents) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.created_at > $1 GROUP BY c.id" },
    ),
  );

  // the incident
  sessions.set(blockerPid, {
    start: ddl - rng.float(25, 40) * MIN,
    line: 3,
    id: `66f0a1b2.${blockerPid.toString(16)}`,
    host: "10.0.9.14",
    port: 52311,
    user: "analyst_ro",
    db: "orders",
    app: "DBeaver 24.1.5 - SQLEditor <orders>",
  });
  sessions.set(ddlPid, {
    start: ddl - 2000,
    line: 0,
    id: `66f0c3d4.${ddlPid.toString(16)}`,
    host: "10.0.3.77",
    port: 40112,
    user: "migrator",
    db: "orders",
    app: "flyway",
  });
  const ddlSql = "ALTER TABLE orders ADD COLUMN fulfillment_region text NOT NULL DEFAULT 'eu-central'";
  pg(ddl, ddlPid, "LOG", "00000", `statement: ${ddlSql}`, "pattern");
  pg(
    ddl + 1000.06,
    ddlPid,
    "LOG",
    "00000",
    `process ${ddlPid} still waiting for AccessExclusiveLock on relation 16403 of database 16384 after 1000.058 ms`,
    "performance",
    { detail: `Process holding the lock: ${blockerPid}. Wait queue: ${ddlPid}.`, statement: ddlSql },
  );
  poisson(rng, ddl + 1500, release, rng.float(0.4, 0.6), (t) => {
    const pid = rng.chance(0.5) ? rng.pick(pool) : newSession(t - rng.float(1000, 30000), "orders_app");
    waitQueue.push(pid);
    const q = rng.pick(ORDER_QUERIES);
    pg(
      t,
      pid,
      "LOG",
      "00000",
      `process ${pid} still waiting for ${q.startsWith("SELECT * ") || q.startsWith("UPDATE") ? "RowExclusiveLock" : "AccessShareLock"} on relation 16403 of database 16384 after ${rng.float(1000.01, 1000.3).toFixed(3)} ms`,
      "performance",
      {
        detail: `Process holding the lock: ${blockerPid}. Wait queue: ${waitQueue.slice(-12).join(", ")}${waitQueue.length > 12 ? ", ..." : ""}.`,
        statement: q,
      },
    );
    const waited = 30_000 - 1000;
    if (t + waited < release) pg(t + waited, pid, "ERROR", "57014", "canceling statement due to statement timeout", "performance", { statement: q });
  });
  const dl = ddl + (release - ddl) * rng.float(0.4, 0.7);
  const [p1, p2] = [rng.pick(pool), rng.pick(pool)];
  pg(dl, p1, "ERROR", "40P01", "deadlock detected", "error", {
    detail: `Process ${p1} waits for ShareLock on transaction ${txid + 12}; blocked by process ${p2}.\nProcess ${p2} waits for ShareLock on transaction ${txid + 9}; blocked by process ${p1}.\nProcess ${p1}: ${ORDER_QUERIES[1]}\nProcess ${p2}: ${ORDER_QUERIES[1]}`,
    hint: "See server log for query details.",
    context: 'while updating tuple (4812,7) in relation "orders"',
    statement: ORDER_QUERIES[1],
  });
  pg(release, blockerPid, "FATAL", "57P01", "terminating connection due to administrator command", "pattern");
  const waitedMs = release - ddl + 3;
  pg(
    release + 3,
    ddlPid,
    "LOG",
    "00000",
    `process ${ddlPid} acquired AccessExclusiveLock on relation 16403 of database 16384 after ${waitedMs.toFixed(3)} ms`,
    "performance",
    { statement: ddlSql },
  );
  pg(release + 60, ddlPid, "LOG", "00000", `duration: ${(waitedMs + 58).toFixed(3)} ms  statement: ${ddlSql}`, "performance");
  for (const pid of waitQueue.slice(-rng.int(4, 9))) {
    if (pid === ddlPid) continue;
    pg(
      release + rng.float(70, 400),
      pid,
      "LOG",
      "00000",
      `process ${pid} acquired AccessShareLock on relation 16403 of database 16384 after ${rng.float(2000, 28000).toFixed(3)} ms`,
      "performance",
      { statement: ORDER_QUERIES[0] },
    );
  }
  txid++;

  return inc.build(
    "postgres-ddl-lock-queue",
    "PostgreSQL jsonlog: an ALTER TABLE queues behind a long analytics transaction, lock waits, statement timeouts, too many clients and a deadlock; routine duplicate-key ERRORs and a monitor's FATAL auth failures",
  );
}

/**
 * A Linux database host's syslog (rsyslog JSON): cron, systemd timers, sshd with the internet's
 * brute-force noise, UFW blocks; an NVMe drive times out, ext4 aborts its journal and remounts
 * read-only, PostgreSQL panics and systemd marks it failed.
 */
export function linuxHostDiskFailure(rng: Rng): Scenario {
  const start = startTime(rng, 0, 23);
  const inc = new Incident(start, start + rng.int(150, 170) * MIN);
  const onset = inc.at(rng.float(0.55, 0.7));
  const host = `db-${String(rng.int(1, 12)).padStart(2, "0")}`;
  const ipAddr = `10.0.1.${rng.int(10, 200)}`;
  let session = rng.int(2000, 9000);
  const sys = (t: number, sev: SyslogSeverity, fac: string, prog: string, pid: number | null, msg: string, label: Label = null): void => {
    inc.add(t, rsyslog(t, host, sev, fac, prog, pid === null ? null : String(pid), msg), label);
  };
  const kern = (t: number, sev: SyslogSeverity, msg: string, label: Label = null): void => {
    const up = ((t - start) / 1000 + 3_456_789.123).toFixed(6);
    sys(t, sev, "kern", "kernel", null, `[${up.padStart(14, " ")}] ${msg}`, label);
  };
  const cronPid = () => rng.int(100000, 999999);

  // cron: a per-minute health check, sysstat every 10 minutes
  every(rng, inc.start, inc.end, 60 * SEC, 0, (t) => {
    const p = cronPid();
    const job =
      Math.floor((t - start) / 60000) % 10 === 0
        ? "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"
        : "(postgres) CMD (/usr/local/bin/pg_healthcheck.sh >/dev/null 2>&1)";
    const user = job.startsWith("(root)") ? "root" : "postgres";
    sys(t, "info", "cron", "CRON", p, `pam_unix(cron:session): session opened for user ${user}(uid=${user === "root" ? 0 : 114}) by (uid=0)`);
    sys(t + 2, "info", "cron", "CRON", p, job);
    if (rng.chance(0.04)) sys(t + 900, "info", "cron", "CRON", p, "(CRON) info (No MTA installed, discarding output)");
    sys(t + rng.float(200, 1500), "info", "cron", "CRON", p, `pam_unix(cron:session): session closed for user ${user}`);
  });
  every(rng, inc.start, inc.end, 10 * MIN, 3 * SEC, (t) => {
    sys(t, "info", "daemon", "systemd", 1, "Starting sysstat-collect.service - system activity accounting tool...");
    sys(t + 60, "info", "daemon", "systemd", 1, "sysstat-collect.service: Deactivated successfully.");
    sys(t + 61, "info", "daemon", "systemd", 1, "Finished sysstat-collect.service - system activity accounting tool.");
  });
  // internet noise: ssh brute force, UFW blocks
  poisson(rng, inc.start, inc.end, 1 / 28, (t) => {
    const ip = rng.publicIp();
    const port = rng.int(30000, 65000);
    const pid = rng.int(100000, 999999);
    const user = rng.pick(["admin", "ubuntu", "test", "oracle", "user", "postgres", "git", "deploy1", "support", "guest"]);
    const r = rng.next();
    if (r < 0.2) sys(t, "err", "auth", "sshd", pid, "error: kex_exchange_identification: Connection closed by remote host");
    else if (r < 0.35) sys(t, "info", "auth", "sshd", pid, `Connection closed by ${ip} port ${port} [preauth]`);
    else {
      sys(t, "info", "auth", "sshd", pid, `Invalid user ${user} from ${ip} port ${port}`);
      sys(t + rng.float(200, 2500), "info", "auth", "sshd", pid, `Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`);
      sys(t + rng.float(2600, 2700), "info", "auth", "sshd", pid, `Disconnected from invalid user ${user} ${ip} port ${port} [preauth]`);
    }
  });
  poisson(rng, inc.start, inc.end, 1 / 20, (t) => {
    kern(
      t,
      "warning",
      `[UFW BLOCK] IN=ens5 OUT= MAC=0a:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:0a:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}:08:00 SRC=${rng.publicIp()} DST=${ipAddr} LEN=${rng.pick([40, 44, 60])} TOS=0x00 PREC=0x00 TTL=${rng.int(40, 250)} ID=${rng.int(1, 65000)} PROTO=TCP SPT=${rng.int(1024, 65000)} DPT=${rng.pick([23, 3389, 5900, 8080, 6379, 445, 9200, 2375])} WINDOW=${rng.pick([1024, 65535, 29200])} RES=0x00 SYN URGP=0`,
    );
  });
  // a legitimate deploy login, chrony, postgres via syslog
  const login = inc.at(rng.float(0.1, 0.3));
  const sp = rng.int(100000, 999999);
  sys(
    login,
    "info",
    "auth",
    "sshd",
    sp,
    `Accepted publickey for deploy from 10.0.0.5 port ${rng.int(40000, 60000)} ssh2: ED25519 SHA256:${rng.alnum(43, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}`,
  );
  sys(login + 20, "info", "auth", "sshd", sp, "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)");
  sys(login + 40, "info", "auth", "systemd-logind", 812, `New session ${++session} of user deploy.`);
  sys(login + 60, "info", "daemon", "systemd", 1, `Started session-${session}.scope - Session ${session} of User deploy.`);
  sys(login + rng.float(3, 9) * MIN, "info", "auth", "sshd", sp, "pam_unix(sshd:session): session closed for user deploy");
  every(rng, inc.start, inc.end, 17 * MIN, 2 * MIN, (t) =>
    sys(
      t,
      "info",
      "daemon",
      "chronyd",
      598,
      rng.chance(0.7)
        ? "Selected source 169.254.169.123"
        : `Source ${rng.int(1, 4)}.ubuntu.pool.ntp.org replaced with ${rng.publicIp()} (${rng.int(1, 4)}.ubuntu.pool.ntp.org)`,
    ),
  );
  every(rng, inc.start, onset, 5 * MIN, 2 * SEC, (t, i) => {
    sys(t, "info", "local0", "postgres", 1102, `[${i + 10}-1] LOG:  checkpoint starting: time`);
    sys(
      t + 270_000,
      "info",
      "local0",
      "postgres",
      1102,
      `[${i + 10}-2] LOG:  checkpoint complete: wrote ${rng.int(500, 4000)} buffers (${rng.float(1, 20).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(1, 3)} recycled`,
    );
  });

  // the failing drive
  const sector = () => rng.int(100_000_000, 900_000_000);
  let t = onset;
  const timeouts = rng.int(4, 7);
  for (let i = 0; i < timeouts; i++) {
    const tag = rng.int(100, 1000);
    kern(t, "warning", `nvme nvme1: I/O ${tag} QID ${rng.int(1, 8)} timeout, aborting`, "performance");
    kern(t + 5, "warning", `nvme nvme1: Abort status: 0x371`, "error");
    t += rng.float(5, 30) * SEC;
  }
  kern(t, "warning", `nvme nvme1: I/O ${rng.int(100, 1000)} QID ${rng.int(1, 8)} timeout, reset controller`, "performance");
  const hung = t + rng.float(20, 60) * SEC;
  kern(hung, "err", `INFO: task jbd2/nvme1n1p1-8:${rng.int(400, 900)} blocked for more than 122 seconds.`, "performance");
  kern(hung + 1, "err", "      Not tainted 6.8.0-45-generic #45-Ubuntu", "performance");
  kern(hung + 2, "err", '"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.', "performance");
  kern(
    hung + 3,
    "info",
    `task:postgres         state:D stack:0     pid:${rng.int(2000, 9000)}  tgid:${rng.int(2000, 9000)}  ppid:1102   flags:0x00000002`,
    "performance",
  );
  t = hung + rng.float(10, 40) * SEC;
  const ioErrors = rng.int(8, 16);
  for (let i = 0; i < ioErrors; i++) {
    const s = sector();
    kern(t, "err", `nvme1n1: I/O Cmd(0x1) @ LBA ${s}, 8 blocks, I/O Error (sct 0x3 / sc 0x71)`, "error");
    kern(t + 1, "err", `I/O error, dev nvme1n1, sector ${s} op 0x1:(WRITE) flags 0x8800 phys_seg 1 prio class 2`, "error");
    if (rng.chance(0.5)) kern(t + 2, "err", `Buffer I/O error on dev nvme1n1p1, logical block ${Math.floor(s / 8)}, lost async page write`, "error");
    t += rng.float(0.2, 6) * SEC;
  }
  kern(
    t,
    "err",
    `EXT4-fs warning (device nvme1n1p1): ext4_end_bio:343: I/O error 10 writing to inode ${rng.int(100000, 999999)} starting block ${rng.int(1000000, 9000000)})`,
    "error",
  );
  kern(t + 40, "err", "JBD2: Detected IO errors while flushing file data on nvme1n1p1-8", "error");
  kern(t + 90, "crit", "Aborting journal on device nvme1n1p1-8.", "error");
  kern(t + 120, "crit", "EXT4-fs error (device nvme1n1p1): ext4_journal_check_start:83: comm postgres: Detected aborted journal", "error");
  kern(t + 130, "crit", "EXT4-fs (nvme1n1p1): Remounting filesystem read-only", "error");
  const pgT = t + rng.float(1, 4) * SEC;
  sys(
    pgT,
    "crit",
    "local0",
    "postgres",
    rng.int(2000, 9000),
    `[4-1] PANIC:  could not fdatasync file "pg_wal/0000000100000A3F000000${rng.hex(2).toUpperCase()}": Input/output error`,
    "error",
  );
  sys(pgT + 200, "info", "local0", "postgres", 1102, "[31-1] LOG:  WAL writer process (PID 1187) was terminated by signal 6: Aborted", "error");
  sys(pgT + 201, "info", "local0", "postgres", 1102, "[32-1] LOG:  terminating any other active server processes", "error");
  sys(pgT + 900, "info", "local0", "postgres", 1102, "[33-1] LOG:  all server processes terminated; reinitializing", "error");
  sys(pgT + 950, "crit", "local0", "postgres", 1102, '[34-1] FATAL:  could not open file "postmaster.pid": Read-only file system', "error");
  sys(pgT + 1000, "notice", "daemon", "systemd", 1, "postgresql@16-main.service: Main process exited, code=exited, status=1/FAILURE", "error");
  sys(pgT + 1001, "warning", "daemon", "systemd", 1, "postgresql@16-main.service: Failed with result 'exit-code'.", "error");
  sys(pgT + 1002, "info", "daemon", "systemd", 1, "postgresql@16-main.service: Consumed 3d 4h 12min 33.214s CPU time.", null);
  sys(pgT + 1003, "err", "daemon", "systemd", 1, "Failed to start postgresql@16-main.service - PostgreSQL Cluster 16-main.", "error");

  return inc.build(
    "linux-host-nvme-failure",
    "a database host's syslog (rsyslog JSON): cron, systemd timers, ssh brute force and UFW noise; an NVMe drive times out, ext4 aborts its journal and goes read-only, PostgreSQL panics",
  );
}

/**
 * CoreDNS in a cluster (fluent-bit, the query log as text): the VPC resolver throttles, external
 * names SERVFAIL after 2 s while cluster names keep resolving; payments-worker (pino, merged by
 * fluent-bit) fails with EAI_AGAIN. Search-path NXDOMAINs are routine.
 */
export function corednsUpstreamServfail(rng: Rng): Scenario {
  const start = startTime(rng, 6, 22);
  const inc = new Incident(start, start + rng.int(25, 32) * MIN);
  const onset = inc.at(rng.float(0.5, 0.65));
  const recover = onset + rng.float(4, 7) * MIN;
  const throttled = (t: number): boolean => t >= onset && t < recover;
  const node = () => `ip-10-0-${rng.int(1, 3)}-${rng.int(10, 250)}.eu-west-1.compute.internal`;
  const corePods = [podName(rng, "coredns"), podName(rng, "coredns")].map((p) => ({ pod: p, node: node(), ip: `10.244.${rng.int(0, 3)}.${rng.int(2, 250)}` }));
  const k8s = (pod: string, ns: string, container: string, host: string, app: string): Record<string, unknown> => ({
    pod_name: pod,
    namespace_name: ns,
    pod_id: rng.uuid(),
    labels: { app, "pod-template-hash": pod.split("-").slice(-2, -1)[0] },
    host,
    container_name: container,
    docker_id: rng.hex(64).slice(0, 64),
    container_image:
      ns === "kube-system"
        ? "registry.k8s.io/coredns/coredns:v1.11.1"
        : `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${app}:2025.${rng.int(1, 9)}.${rng.int(1, 30)}`,
  });
  const dns = (t: number, line: string, label: Label): void => {
    const c = rng.pick(corePods);
    inc.add(t, fluentbit(t, line, "coredns", k8s(c.pod, "kube-system", "coredns", c.node, "coredns")), label);
  };
  const clients = ["payments-worker", "orders-api", "catalog-api", "notifications"].map((app) => ({
    app,
    ns: app === "notifications" ? "messaging" : "shop",
    ip: `10.244.${rng.int(0, 3)}.${rng.int(2, 250)}`,
  }));
  const internal = [
    "orders-db.shop.svc.cluster.local.",
    "redis-master.shop.svc.cluster.local.",
    "catalog-api.shop.svc.cluster.local.",
    "kafka-0.kafka-headless.messaging.svc.cluster.local.",
    "orders-api.shop.svc.cluster.local.",
  ];
  const external = ["api.stripe.com.", "sqs.eu-west-1.amazonaws.com.", "hooks.slack.com.", "api.sendgrid.com.", "sts.eu-west-1.amazonaws.com."];
  const q = (t: number, client: { ip: string }, name: string, type: string, rcode: string, flags: string, size: number, secs: number, label: Label): void => {
    dns(
      t + secs * 1000,
      `[INFO] ${client.ip}:${rng.int(30000, 60999)} - ${rng.int(1, 65535)} "${type} IN ${name} udp ${30 + name.length} false 512" ${rcode} ${flags} ${size} ${secs.toFixed(6)}s`,
      label,
    );
  };

  // internal lookups: fast, from every client
  poisson(rng, inc.start, inc.end, rng.float(1.0, 1.3), (t) => {
    const c = rng.pick(clients);
    q(t, c, rng.pick(internal), rng.chance(0.8) ? "A" : "AAAA", "NOERROR", "qr,aa,rd", rng.int(90, 180), rng.logn(0.00012, 0.4), null);
  });
  // external lookups walk the search path first (ndots:5)
  poisson(rng, inc.start, inc.end, rng.float(0.12, 0.16), (t) => {
    const c = rng.pick(clients);
    const name = rng.pick(external);
    const types = rng.chance(0.5) ? ["A", "AAAA"] : ["A"];
    let tt = t;
    for (const suffix of [`${c.ns}.svc.cluster.local.`, "svc.cluster.local.", "cluster.local.", "eu-west-1.compute.internal."]) {
      for (const ty of types) q(tt, c, `${name}${suffix}`, ty, "NXDOMAIN", "qr,aa,rd", 150 + name.length, rng.logn(0.0001, 0.4), null);
      tt += 1;
    }
    for (const ty of types) {
      if (throttled(tt) && rng.chance(0.7)) {
        if (rng.chance(0.75)) {
          dns(
            tt + 2000,
            `[ERROR] plugin/errors: 2 ${name} ${ty}: read udp ${rng.pick(corePods).ip}:${rng.int(30000, 60999)}->169.254.169.253:53: i/o timeout`,
            "performance",
          );
          q(tt, c, name, ty, "SERVFAIL", "qr,rd", 30 + name.length, 2.0 + rng.float(0.0001, 0.003), "error");
        } else q(tt, c, name, ty, "NOERROR", "qr,rd,ra", rng.int(100, 400), rng.float(1.2, 1.9), "performance");
      } else q(tt, c, name, ty, "NOERROR", "qr,rd,ra", rng.int(100, 400), rng.logn(0.004, 0.6), null);
    }
  });

  // payments-worker, pino lines merged at the top level by fluent-bit
  const pw: PinoBase = { pid: 1, hostname: podName(rng, "payments-worker"), service: "payments-worker" };
  const kpw = k8s(pw.hostname, "shop", "payments-worker", node(), "payments-worker");
  const app = (t: number, level: "info" | "warn" | "error", fields: Record<string, unknown>, msg: string, label: Label): void => {
    inc.add(t, { ...pino(t, level, pw, fields, msg), stream: "stdout", app: "payments-worker", kubernetes: kpw }, label);
  };
  poisson(rng, inc.start, inc.end, rng.float(0.35, 0.45), (t) => {
    const k = rng.weighted([
      ["charge", 3],
      ["sqs", 4],
      ["refund", 1],
    ] as const);
    if (throttled(t) && rng.chance(0.6)) {
      const host = k === "sqs" ? "sqs.eu-west-1.amazonaws.com" : "api.stripe.com";
      const d = 2000 + rng.float(5, 40);
      app(
        t + d,
        "error",
        {
          err: { type: "Error", code: "EAI_AGAIN", errno: -3001, syscall: "getaddrinfo", hostname: host, message: `getaddrinfo EAI_AGAIN ${host}` },
          durationMs: Math.round(d),
          job: k,
        },
        k === "sqs" ? "sqs receive failed" : `${k} request failed, will retry`,
        "error",
      );
      return;
    }
    if (k === "sqs") {
      const n = rng.int(0, 10);
      app(t, "info", { queue: "payments-events", messages: n, durationMs: Math.round(rng.logn(n ? 40 : 20000, 0.2)) }, "sqs receive", null);
    } else {
      const d = rng.logn(k === "charge" ? 420 : 380, 0.3);
      app(
        t + d,
        "info",
        {
          [`${k}Id`]: `${k === "charge" ? "ch" : "re"}_${rng.alnum(24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`,
          amount: rng.int(500, 90000),
          currency: "eur",
          durationMs: Math.round(d),
        },
        `${k} created`,
        null,
      );
    }
  });
  poisson(rng, inc.start, inc.end, 1 / 120, (t) =>
    app(t, "warn", { eventId: `evt_${rng.alnum(24)}`, type: "charge.dispute.created" }, "unhandled stripe event type, acknowledging", null),
  );
  // coredns housekeeping
  const sha = rng.hex(128);
  every(rng, inc.start, inc.end, 20 * MIN, 5 * SEC, (t) => dns(t, `[INFO] plugin/reload: Running configuration SHA512 = ${sha}`, null));

  return inc.build(
    "coredns-upstream-servfail",
    "CoreDNS query log via fluent-bit: the VPC resolver throttles, external names SERVFAIL after 2 s with i/o timeouts, payments-worker fails with EAI_AGAIN; search-path NXDOMAINs are routine",
  );
}
