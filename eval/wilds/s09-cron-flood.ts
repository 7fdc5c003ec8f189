// A Puppet run changes the inventory sync cron entry from hourly ('0 * * * *') to every minute on both app servers.
// Runs overlap and pile up (no locking), hammer MySQL with conflicting UPDATEs (lock waits, deadlocks, slow queries),
// starve PHP-FPM of database time, and finally exhaust the hosts' memory until the OOM killer steps in and the change
// is reverted. The VMs log in local time (Europe/Berlin), MySQL in UTC.

import { Build, type Label, publicIp } from "./build.js";
import type { WildScenario } from "./types.js";

export function s09CronFlood(seed: number): WildScenario {
  const b = new Build(seed, "s09-cron-flood");
  const { rng, f } = b;
  const start = b.start([7, 8, 9, 13, 14, 15]);
  const dur = rng.int(52, 70) * 60000;
  const end = start + dur;
  // Europe/Berlin offset (DST from 29 Mar 2026 to 25 Oct 2026)
  const off = (t: number): number => (t >= Date.UTC(2026, 2, 29, 1) && t < Date.UTC(2026, 9, 25, 1) ? 120 : 60);
  const loc = (t: number): number => t + off(t) * 60000;
  const tPush = Math.ceil((start + Math.round(dur * rng.float(0.12, 0.2))) / 60000) * 60000 - rng.int(15000, 40000);
  const tFix = tPush + rng.int(18, 24) * 60000;
  const hosts = ["app-1", "app-2"];
  const hostIp: Record<string, string> = { "app-1": "10.0.1.11", "app-2": "10.0.1.12" };

  const sys = (t: number, host: string, prog: string, pid: number | null, msg: string, l: Label = null): void =>
    b.add(t, f.syslog(loc(t), host, prog, pid, msg), l);
  const cronRun = (t: number, host: string, user: string, uid: number, cmd: string, durMs: number, l: Label): void => {
    const pid = rng.int(10000, 99999);
    sys(t, host, "CRON", pid, `pam_unix(cron:session): session opened for user ${user}(uid=${uid}) by (uid=0)`, l);
    sys(t + rng.int(1, 5), host, "CRON", pid + 1, `(${user}) CMD (${cmd})`, l);
    if (t + durMs < end) sys(t + durMs, host, "CRON", pid, `pam_unix(cron:session): session closed for user ${user}`, l);
  };

  // ---------------------------------------------------------------- routine cron on both hosts
  for (const h of hosts) {
    for (let m = Math.ceil(start / 60000) * 60000; m < end; m += 60000) {
      const lm = new Date(loc(m)).getUTCMinutes();
      if (lm === 17) cronRun(m + rng.int(0, 900), h, "root", 0, "   cd / && run-parts --report /etc/cron.hourly", rng.int(200, 900), null);
      if (lm === 9 || lm === 39)
        cronRun(
          m + rng.int(0, 900),
          h,
          "root",
          0,
          "[ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi",
          rng.int(100, 400),
          null,
        );
      if (lm % 10 === 5) cronRun(m + rng.int(0, 900), h, "root", 0, "command -v debian-sa1 > /dev/null && debian-sa1 1 1", rng.int(50, 300), null);
    }
  }

  // ---------------------------------------------------------------- the sync job runs (hourly, then every minute)
  interface Run {
    host: string;
    t0: number;
    pid: number;
    id: string;
  }
  const runs: Run[] = [];
  for (const h of hosts) {
    for (let m = Math.ceil(start / 60000) * 60000; m < tFix; m += 60000) {
      const lm = new Date(loc(m)).getUTCMinutes();
      if (m < tPush && lm !== 0) continue;
      runs.push({
        host: h,
        t0: m + rng.int(20, 400),
        pid: rng.int(10000, 99999),
        id: `${new Date(loc(m)).toISOString().slice(0, 16).replace(/[-:T]/g, "")}-${h}`,
      });
    }
  }
  // concurrency per host over time (for contention and memory)
  const active = (h: string, t: number): number => runs.filter((r) => r.host === h && r.t0 <= t && (runEnd.get(r) ?? end) > t).length;
  const runEnd = new Map<Run, number>();
  const tOom: Record<string, number> = {};
  // simulate sequentially in start order: durations stretch with the number of concurrent runs
  for (const r of runs.sort((a, z) => a.t0 - z.t0)) {
    const c = active(r.host, r.t0) + active(r.host === "app-1" ? "app-2" : "app-1", r.t0);
    const d = Math.round(rng.float(170, 230) * 1000 * (1 + 0.55 * c));
    runEnd.set(r, Math.min(r.t0 + d, r.t0 >= tPush ? tFix + rng.int(20000, 60000) : r.t0 + d));
    if (c >= 14 && tOom[r.host] === undefined) tOom[r.host] = r.t0 + rng.int(30000, 90000);
  }
  const py = (t: number, r: Run, level: string, msg: string, l: Label): void =>
    b.add(t, f.py(loc(t), "inventory.sync", level, `[${r.host}:${r.pid}] ${msg}`), l);
  const killed = new Set<Run>();
  for (const [h, to] of Object.entries(tOom)) {
    if (to > tFix) continue;
    const victims = runs.filter((r) => r.host === h && r.t0 < to && (runEnd.get(r) ?? 0) > to);
    const nk = Math.min(victims.length, rng.int(2, 4));
    for (let i = 0; i < nk; i++) {
      const v = victims[i];
      if (!v) continue;
      const t = to + i * rng.int(4000, 15000);
      killed.add(v);
      runEnd.set(v, t);
      const up = `[${rng.int(800000, 2000000)}.${String(rng.int(0, 999999)).padStart(6, "0")}]`;
      if (i === 0) {
        sys(
          t - 2,
          h,
          "kernel",
          null,
          `${up} python3 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0`,
          "memory",
        );
        sys(t - 1, h, "kernel", null, `${up} Mem-Info:`, "memory");
        sys(t - 1, h, "kernel", null, `${up} active_anon:${rng.int(1800000, 1950000)} inactive_anon:${rng.int(20000, 60000)} isolated_anon:0`, "memory");
      }
      sys(
        t,
        h,
        "kernel",
        null,
        `${up} oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/cron.service,task=python3,pid=${v.pid},uid=1001`,
        "memory",
      );
      sys(
        t,
        h,
        "kernel",
        null,
        `${up} Out of memory: Killed process ${v.pid} (python3) total-vm:${rng.int(900000, 1400000)}kB, anon-rss:${rng.int(600000, 900000)}kB, file-rss:${rng.int(4000, 9000)}kB, shmem-rss:0kB, UID:1001 pgtables:${rng.int(1500, 2500)}kB oom_score_adj:0`,
        "memory",
      );
      sys(t + rng.int(50, 200), h, "systemd", 1, "cron.service: A process of this unit has been killed by the OOM killer.", "memory");
    }
  }
  for (const r of runs) {
    const flood = r.t0 >= tPush;
    const lab = (x: Label): Label => (flood ? x : null);
    const e = runEnd.get(r) ?? r.t0 + 200000;
    cronRun(
      r.t0 - rng.int(5, 20),
      r.host,
      "inventory",
      1001,
      "/opt/inventory/bin/sync-inventory --full >> /var/log/inventory/sync.log 2>&1",
      e - r.t0 + 30,
      lab("pattern"),
    );
    py(r.t0 + 300, r, "INFO", `Starting inventory sync run_id=${r.id} mode=full`, lab("pattern"));
    const others = runs.filter((o) => o !== r && o.host === r.host && o.t0 < r.t0 && (runEnd.get(o) ?? 0) > r.t0);
    if (others.length > 0)
      py(
        r.t0 + 320,
        r,
        "WARNING",
        `previous run still active (pids ${others
          .slice(0, 6)
          .map((o) => o.pid)
          .join(", ")}${others.length > 6 ? ", ..." : ""}), starting anyway`,
        "pattern",
      );
    py(r.t0 + rng.int(2500, 4500), r, "INFO", `Fetched ${rng.int(48000, 49000)} SKUs from supplier feed in ${rng.float(2, 4).toFixed(1)}s`, lab("pattern"));
    const batches = 97;
    const span = e - r.t0;
    for (const frac of [0.3, 0.65]) {
      const t = r.t0 + Math.round(span * frac);
      if (t >= e) break;
      const c = active(r.host, t);
      const slowB = flood && c > 3;
      const bt = slowB ? rng.float(6, 30) : rng.float(1.2, 2.6);
      py(t, r, "INFO", `batch ${Math.round(batches * frac)}/${batches} committed (${500} rows, ${bt.toFixed(1)}s)`, slowB ? "performance" : lab("pattern"));
      if (flood && c > 4 && rng.chance(0.35))
        py(
          t + rng.int(100, 3000),
          r,
          "ERROR",
          `batch ${Math.round(batches * frac) + 1}/${batches} failed: (1205, 'Lock wait timeout exceeded; try restarting transaction')`,
          "performance",
        );
      if (flood && c > 6 && rng.chance(0.35))
        py(
          t + rng.int(100, 3000),
          r,
          "ERROR",
          `batch ${Math.round(batches * frac) + 2}/${batches} failed: (1213, 'Deadlock found when trying to get lock; try restarting transaction')`,
          "error",
        );
      if (flood && c > 10 && rng.chance(0.3))
        py(t + rng.int(100, 3000), r, "ERROR", `could not open a new connection: (1040, 'Too many connections')`, "error");
    }
    if (killed.has(r)) continue;
    if (e > tFix && flood) py(e, r, "ERROR", `received SIGTERM, aborting run_id=${r.id}`, null);
    else
      py(
        e,
        r,
        "INFO",
        `Sync finished run_id=${r.id} updated=${rng.int(3000, 9000)} unchanged=${rng.int(39000, 45000)} duration=${((e - r.t0) / 1000).toFixed(1)}s`,
        lab("pattern"),
      );
  }
  // the change and its revert
  for (const h of hosts) {
    const pp = rng.int(20000, 90000);
    const t1 = tPush - rng.int(60000, 600000) + (h === "app-2" ? rng.int(1000, 20000) : 0);
    sys(t1, h, "puppet-agent", pp, "(/Stage[main]/Inventory::Cron/Cron[sync-inventory]/minute) minute changed ['0'] to ['*']", "pattern");
    sys(t1 + rng.int(2000, 8000), h, "puppet-agent", pp, `Applied catalog in ${rng.float(8, 25).toFixed(2)} seconds`, null);
    const t2 = tFix - rng.int(20000, 60000);
    sys(t2, h, "puppet-agent", pp + 7, "(/Stage[main]/Inventory::Cron/Cron[sync-inventory]/minute) minute changed ['*'] to ['0']", null);
    sys(t2 + rng.int(2000, 8000), h, "puppet-agent", pp + 7, `Applied catalog in ${rng.float(8, 25).toFixed(2)} seconds`, null);
    sys(tFix, h, "sudo", null, "     ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/bin/pkill -TERM -f sync-inventory", null);
    for (let k = 0; k < 4; k++) {
      const t3 = tPush - 3600000 + k * 1800000 + rng.int(0, 600000);
      if (t3 > start && t3 < end) sys(t3, h, "puppet-agent", rng.int(20000, 90000), `Applied catalog in ${rng.float(8, 25).toFixed(2)} seconds`, null);
    }
  }

  // ---------------------------------------------------------------- MySQL (db-1): error log (UTC) and slow query log
  const my = (t: number, prio: "System" | "Warning" | "ERROR" | "Note", code: string, sub: string, msg: string, l: Label = null, thread = 0): void =>
    b.add(t, f.mysql(t, thread, prio, code, sub, msg), l);
  const slowQ = (t: number, who: string, ip: string, qt: number, lock: number, sent: number, exam: number, sql: string, l: Label): void => {
    const id = rng.int(10000, 99999);
    b.add(t, `# Time: ${f.isoD(t, 6)}`, l);
    b.add(t, `# User@Host: ${who}[${who}] @ ${ip === "10.0.3.20" ? "bi-1" : ip === hostIp["app-1"] ? "app-1" : "app-2"} [${ip}]  Id: ${id}`, l);
    b.add(t, `# Query_time: ${qt.toFixed(6)}  Lock_time: ${lock.toFixed(6)} Rows_sent: ${sent}  Rows_examined: ${exam}`, l);
    b.add(t, `SET timestamp=${Math.floor((t - qt * 1000) / 1000)};`, l);
    b.add(t, sql, l);
  };
  b.flow(start, end, 1 / 240, (t) =>
    slowQ(
      t,
      "reporting",
      "10.0.3.20",
      rng.float(2.1, 4.5),
      rng.float(0, 0.0003),
      rng.int(10, 400),
      rng.int(800000, 2500000),
      "SELECT s.warehouse_id, SUM(s.qty) FROM stock_levels s JOIN skus k ON k.id = s.sku_id WHERE k.active = 1 GROUP BY s.warehouse_id;",
      null,
    ),
  );
  b.flow(start, end, 1 / 420, (t) =>
    my(
      t,
      "Note",
      "MY-010914",
      "Server",
      `Aborted connection ${rng.int(100000, 999999)} to db: 'inventory' user: 'inventory_api' host: '${rng.pick(Object.values(hostIp))}' (Got timeout reading communication packets).`,
      null,
      rng.int(1000, 99999),
    ),
  );
  const contention = (t: number): number => active("app-1", t) + active("app-2", t);
  b.flow(
    tPush + 120000,
    tFix + 30000,
    (t) => Math.min(0.03, contention(t) * 0.003),
    (t) => {
      const h = rng.pick(hosts);
      const qt = rng.float(3, 50);
      slowQ(
        t,
        "inventory",
        hostIp[h] ?? "",
        qt,
        qt * rng.float(0.5, 0.95),
        0,
        rng.int(400, 5000),
        `UPDATE stock_levels SET qty = CASE sku_id ${Array.from({ length: 3 }, () => `WHEN ${rng.int(100000, 999999)} THEN ${rng.int(0, 400)}`).join(" ")} ... END, updated_at = NOW() WHERE warehouse_id = ${rng.int(1, 6)} AND sku_id IN (${rng.int(100000, 999999)}, ${rng.int(100000, 999999)}, ...);`,
        "performance",
      );
    },
  );
  b.flow(
    tPush + 300000,
    tFix,
    (t) => (contention(t) > 8 ? 1 / 90 : 0),
    (t) => {
      const th = rng.int(10000, 99999);
      my(t, "Note", "MY-012468", "InnoDB", "Transactions deadlock detected, dumping detailed information.", "error", th);
      my(t, "Note", "MY-012469", "InnoDB", "\n*** (1) TRANSACTION:\n", "error", th);
      my(
        t,
        "Note",
        "MY-012469",
        "InnoDB",
        `TRANSACTION ${rng.int(10000000, 99999999)}, ACTIVE ${rng.int(2, 40)} sec starting index read\nmysql tables in use 1, locked 1\nLOCK WAIT ${rng.int(3, 40)} lock struct(s), heap size 1128, ${rng.int(2, 500)} row lock(s)\nMySQL thread id ${rng.int(10000, 99999)}, OS thread handle ${rng.int(100000000000, 999999999999)}, query id ${rng.int(1000000, 9999999)} ${rng.pick(hosts)} ${rng.pick(Object.values(hostIp))} inventory updating\nUPDATE stock_levels SET qty = CASE sku_id ...`,
        "error",
        th,
      );
      my(t, "Note", "MY-012469", "InnoDB", "*** WE ROLL BACK TRANSACTION (2)", "error", th);
    },
  );
  for (const [h, to] of Object.entries(tOom)) {
    if (to > tFix) continue;
    for (let i = 0; i < rng.int(2, 4); i++)
      my(
        to + rng.int(200, 20000),
        "Note",
        "MY-010914",
        "Server",
        `Aborted connection ${rng.int(100000, 999999)} to db: 'inventory' user: 'inventory' host: '${h}' (Got an error reading communication packets).`,
        "error",
        rng.int(1000, 99999),
      );
  }

  // ---------------------------------------------------------------- inventory-api: Apache access (%D) + error log, local time
  b.flow(start, end, 1.0, (t) => {
    const route = rng.weighted([
      ["GET /api/v2/stock/{sku}", 12],
      ["GET /api/v2/stock?warehouse={w}", 3],
      ["POST /api/v2/reservations", 3],
      ["GET /server-status?auto", 1],
      ["GET /healthcheck.php", 2],
    ] as const);
    const [m, p0] = route.split(" ") as [string, string];
    const path = p0.replace("{sku}", `SKU-${rng.int(10000, 99999)}`).replace("{w}", String(rng.int(1, 6)));
    const c = contention(t);
    let us = path.startsWith("/server-status") || path.startsWith("/healthcheck") ? rng.int(300, 2000) : Math.round(rng.logn(18000, 0.5));
    let st = m === "POST" ? 201 : 200;
    let l: Label = null;
    const writes = m === "POST" || path.includes("warehouse");
    if (c > 4 && !path.startsWith("/server-status") && rng.chance(writes ? Math.min(0.45, c * 0.025) : Math.min(0.1, c * 0.006))) {
      us = Math.round(rng.logn(writes ? 9000000 : 2200000, 0.6));
      l = us > 1500000 ? "performance" : null;
      if (us > 30000000) {
        us = 30000000 + rng.int(100, 900);
        st = 504;
        l = "performance";
        b.add(
          t + 30000,
          f.apacheErr(
            loc(t + 30000),
            "proxy_fcgi",
            "error",
            rng.int(2000, 9000),
            rng.int(139700000000000, 140000000000000),
            `(70007)The timeout specified has expired: [client ${publicIp(rng)}:${rng.int(30000, 65000)}] AH01075: Error dispatching request to : (polling)`,
          ),
          "performance",
        );
      }
    }
    if (c > 12 && rng.chance(0.03)) {
      us = rng.int(200, 900);
      st = 503;
      l = "error";
      b.add(
        t,
        f.apacheErr(
          loc(t),
          "proxy",
          "error",
          rng.int(2000, 9000),
          rng.int(139700000000000, 140000000000000),
          `(11)Resource temporarily unavailable: AH02454: FCGI: attempt to connect to Unix domain socket /run/php/php8.2-fpm.sock (*:80) failed`,
        ),
        "error",
      );
      b.add(
        t,
        f.apacheErr(
          loc(t),
          "proxy_fcgi",
          "error",
          rng.int(2000, 9000),
          rng.int(139700000000000, 140000000000000),
          `[client ${publicIp(rng)}:${rng.int(30000, 65000)}] AH01079: failed to make connection to backend: httpd-UDS`,
        ),
        "error",
      );
    }
    const ip = path.startsWith("/server-status") ? "127.0.0.1" : `10.0.2.${rng.int(10, 60)}`;
    const ua = path.startsWith("/server-status")
      ? "Go-http-client/1.1"
      : path.startsWith("/healthcheck")
        ? "ELB-HealthChecker/2.0"
        : rng.pick(["shop-web/7.2 (+guzzle)", "GuzzleHttp/7", "python-requests/2.32.3"]);
    const done = t + Math.round(us / 1000);
    // LogFormat "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %D" (vhost_combined plus %D)
    b.add(
      done,
      `inventory-api.acme.lan:80 ${f.combined(ip, "-", done, `${m} ${path} HTTP/1.1`, st, st === 503 ? 299 : rng.int(120, 3000), "-", ua, ` ${us}`, off(done))}`,
      l,
    );
  });

  // ---------------------------------------------------------------- PHP-FPM via journald (journalctl -o json)
  const boot = hosts.map((h) => ({ id: rng.hex(32), at: start - rng.int(3, 90) * 86400000, host: h, machine: rng.hex(32), pid: rng.int(700, 1200) }));
  const fpmTs = (t: number): string => {
    const d = new Date(loc(t));
    const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
    return `${String(d.getUTCDate()).padStart(2, "0")}-${mon}-${d.getUTCFullYear()} ${d.toISOString().slice(11, 19)}`;
  };
  const fpm = (t: number, hi: number, prio: string, msg: string, l: Label): void => {
    const bt = boot[hi];
    if (!bt) return;
    b.add(
      t,
      f.journal(t, bt, {
        _MACHINE_ID: bt.machine,
        _HOSTNAME: bt.host,
        PRIORITY: prio,
        SYSLOG_FACILITY: "3",
        SYSLOG_IDENTIFIER: "php-fpm8.2",
        _PID: String(bt.pid),
        _COMM: "php-fpm8.2",
        _EXE: "/usr/sbin/php-fpm8.2",
        _CMDLINE: "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)",
        _SYSTEMD_CGROUP: "/system.slice/php8.2-fpm.service",
        _SYSTEMD_UNIT: "php8.2-fpm.service",
        _SYSTEMD_SLICE: "system.slice",
        _TRANSPORT: "stdout",
        _UID: "0",
        _GID: "0",
        MESSAGE: `[${fpmTs(t)}] ${msg}`,
      }),
      l,
    );
  };
  b.flow(start, end, 1 / 90, (t) => {
    const hi = rng.int(0, 1);
    const child = rng.int(10000, 99999);
    fpm(t, hi, "5", `NOTICE: [pool www] child ${child} exited with code 0 after ${rng.float(3000, 3700).toFixed(6)} seconds from start`, null);
    fpm(t + rng.int(1, 4), hi, "5", `NOTICE: [pool www] child ${child + rng.int(1, 900)} started`, null);
  });
  b.flow(
    tPush + 240000,
    tFix + 20000,
    (t) => (contention(t) > 6 ? 1 / 45 : 0),
    (t) => fpm(t, rng.int(0, 1), "4", "WARNING: [pool www] server reached pm.max_children setting (24), consider raising it", "performance"),
  );

  return b.finish(
    "s09-cron-flood",
    "A Puppet change makes the hourly inventory sync cron run every minute on two app servers: overlapping runs pile up, MySQL lock waits, deadlocks and slow UPDATEs, PHP-FPM saturation and Apache timeouts, then the OOM killer, until the change is reverted.",
  );
}
