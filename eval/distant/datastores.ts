// Datastores out of memory: Redis at maxmemory under noeviction, PostgreSQL spilling work_mem to
// temp files and running out of shared memory.

import type { Scenario } from "../blind/types.js";
import { type Entry, GiB, Incident, iso, isoNano, type Label, MiB, MIN, pgTime, redisTime, Rng, SEC, startOf } from "./lib.js";

/** session-redis: rate-limit keys written without TTL fill Redis to maxmemory under noeviction; writes fail with OOM. */
export function redisMaxmemoryNoeviction(seed: number): Scenario {
  const rng = new Rng(seed, "session-redis-maxmemory-noeviction");
  const start = startOf(rng, 6, 20);
  const inc = new Incident(start, start + rng.int(130, 180) * MIN);
  const maxmem = 2 * GiB;
  const growFrom = inc.at(rng.float(0.05, 0.12));
  const fullAt = inc.at(rng.float(0.68, 0.78));
  const usedAt = (t: number): number => {
    const b = rng.float(0.42, 0.47) * maxmem;
    if (t < growFrom) return b;
    return Math.min(maxmem * 1.0004, b + ((t - growFrom) / (fullAt - growFrom)) * (maxmem - b) * rng.float(0.995, 1.001));
  };
  const full = (t: number): boolean => t >= fullAt;
  const redis = (t: number, role: string, pid: number, sym: string, msg: string, label: Label = null): void =>
    inc.add(t, { log: `${pid}:${role} ${redisTime(t)} ${sym} ${msg}\n`, stream: "stdout", time: isoNano(t), container_name: "session-redis-0" }, label);

  // RDB saves every 5 minutes; with the data set near maxmemory and overcommit off, fork fails.
  inc.every(5 * MIN, 10 * SEC, rng, (t) => {
    const used = usedAt(t);
    redis(t, "M", 1, "*", `${rng.int(100, 9000)} changes in 300 seconds. Saving...`);
    if (used > maxmem * 0.93) {
      redis(t + 3, "M", 1, "#", "Can't save in background: fork: Cannot allocate memory", "memory");
      return;
    }
    const child = rng.int(1000, 60000);
    redis(t + 3, "M", 1, "*", `Background saving started by pid ${child}`);
    redis(t + rng.int(2, 9) * SEC, "C", child, "*", "DB saved on disk");
    const cow = used > maxmem * 0.8 ? rng.int(300, 700) : rng.int(2, 24);
    redis(
      t + 10 * SEC,
      "C",
      child,
      "*",
      `Fork CoW for RDB: current ${cow} MB, peak ${cow} MB, average ${Math.round(cow / 2)} MB`,
      used > maxmem * 0.8 ? "memory" : null,
    );
    redis(t + 10.2 * SEC, "M", 1, "*", "Background saving terminated with success");
  });

  // The INFO sidecar.
  let keys = rng.int(400000, 460000);
  inc.every(MIN, 2 * SEC, rng, (t) => {
    const used = Math.min(usedAt(t), maxmem);
    if (t > growFrom) keys += rng.int(9000, 16000);
    const bad = used > maxmem * 0.85;
    inc.add(
      t,
      {
        ts: epochSecs(t),
        level: bad ? "warn" : "info",
        msg: "redis info",
        app: "redis-info-logger",
        used_memory: Math.round(used),
        maxmemory: maxmem,
        maxmemory_policy: "noeviction",
        used_memory_rss: Math.round(used * rng.float(1.05, 1.12)),
        mem_fragmentation_ratio: rng.float(1.04, 1.12).toFixed(2),
        evicted_keys: 0,
        db0_keys: keys,
        db0_expires: rng.int(395000, 405000),
      },
      bad ? "memory" : null,
    );
  });

  // The Rails app (lograge), with its error log lines.
  const routes: [string, string, string, string, number][] = [
    ["POST", "/api/login", "SessionsController", "create", 0.15],
    ["GET", "/api/me", "UsersController", "show", 0.35],
    ["GET", "/api/feed", "FeedController", "index", 0.3],
    ["POST", "/api/posts", "PostsController", "create", 0.1],
    ["DELETE", "/api/session", "SessionsController", "destroy", 0.1],
  ];
  inc.fill(rng.int(2800, 4400), rng, (t) => {
    const [method, path, controller, action] = rng.weighted(routes.map((r) => [r, r[4]] as const));
    const writes = method !== "GET";
    let status = method === "POST" && path === "/api/posts" ? 201 : 200;
    let label: Label = null;
    if (path === "/api/login" && rng.chance(0.12)) status = 401;
    if (path === "/api/posts" && rng.chance(0.05)) status = 422;
    const requestId = rng.uuid();
    if (full(t) && (writes || rng.chance(0.5))) {
      status = 500;
      label = "error";
      inc.add(
        t - 2,
        {
          time: iso(t - 2),
          level: "ERROR",
          request_id: requestId,
          message: "Redis::CommandError (OOM command not allowed when used memory > 'maxmemory'.):",
          backtrace: ["app/middleware/rate_limiter.rb:31:in `call'", "app/models/session_store.rb:18:in `write'"],
        },
        "memory",
      );
    } else if (rng.chance(0.004)) {
      status = 500;
      inc.add(t - 2, {
        time: iso(t - 2),
        level: "ERROR",
        request_id: requestId,
        message: "ActiveRecord::Deadlocked (PG::TRDeadlockDetected: ERROR:  deadlock detected)",
      });
    }
    inc.add(
      t,
      {
        method,
        path,
        format: "json",
        controller,
        action,
        status,
        duration: Math.round(rng.logn(28, 0.5) * 100) / 100,
        view: Math.round(rng.float(0, 4) * 100) / 100,
        db: Math.round(rng.float(0.5, 9) * 100) / 100,
        request_id: requestId,
        time: iso(t),
        level: status >= 500 ? "ERROR" : "INFO",
      },
      label,
    );
  });

  return inc.build(
    "session-redis-maxmemory-noeviction",
    "session-redis (2 GiB, noeviction): rate-limiter keys written without TTL grow used_memory for two hours; RDB forks get huge CoW then fail with Cannot allocate memory, and every write returns OOM command not allowed, failing logins",
  );
}

function epochSecs(t: number): number {
  return Math.round(t) / 1000;
}
// ---------------------------------------------------------------------------------------------
/** PostgreSQL 16's jsonlog. */
function pgJson(t: number, pid: number, sev: string, message: string, extra: Entry = {}): Entry {
  const e: Entry = {
    timestamp: pgTime(t),
    user: "app",
    dbname: "warehouse",
    pid,
    remote_host: "10.0.4.21",
    remote_port: 40000 + (pid % 20000),
    session_id: `${(0x68400000 + ((pid * 7919) % 0xfffff)).toString(16)}.${pid.toString(16)}`,
    line_num: 1 + (pid % 40),
    ps: message.startsWith("duration") ? "SELECT" : sev === "ERROR" ? "ALTER TABLE" : "idle",
    session_start: `${pgTime(t - 3600 * SEC).slice(0, 19)} UTC`,
    vxid: `${pid % 50}/${pid}`,
    txid: 0,
    error_severity: sev,
    message,
    application_name: "api",
    backend_type: "client backend",
    query_id: 0,
    ...extra,
  };
  if (e.backend_type !== "client backend") {
    for (const k of ["user", "dbname", "remote_host", "remote_port", "application_name", "vxid", "ps"]) delete e[k];
  }
  return e;
}

/** warehouse db: a new hourly report spills gigabytes to temp files and fails to resize parallel-hash shared memory; a partition migration runs out of lock memory. */
export function postgresWorkMemSharedMemory(seed: number): Scenario {
  const rng = new Rng(seed, "postgres-report-work-mem-spills-shared-memory");
  const start = startOf(rng, 4, 18);
  const inc = new Incident(start, start + rng.int(180, 240) * MIN);
  const reportFrom = inc.at(rng.float(0.15, 0.3));
  const migrationAt = inc.at(rng.float(0.55, 0.75));
  const report =
    "SELECT sku, date_trunc('day', created_at), sum(qty), percentile_cont(0.95) WITHIN GROUP (ORDER BY unit_price) FROM sales_lines GROUP BY 1, 2 ORDER BY 3 DESC";
  const add = (t: number, pid: number, sev: string, msg: string, label: Label = null, extra: Entry = {}): void =>
    inc.add(t, pgJson(t, pid, sev, msg, extra), label);

  // The report, every 12 minutes from its deploy: temp files in gigabytes, minutes of duration, a DSM resize failure now and then.
  inc.every(
    12 * MIN,
    30 * SEC,
    rng,
    (t) => {
      const pid = rng.int(10000, 99999);
      const took = rng.float(45, 190) * SEC;
      const files = rng.int(2, 5);
      for (let i = 0; i < files; i++) {
        const size = rng.int(700, 4200) * MiB;
        add(t + took * ((i + 1) / (files + 1)), pid, "LOG", `temporary file: path "base/pgsql_tmp/pgsql_tmp${pid}.${i}", size ${size}`, "memory", {
          statement: report,
          ps: "SELECT",
        });
      }
      if (rng.chance(0.3)) {
        add(
          t + took * 0.9,
          pid,
          "ERROR",
          `could not resize shared memory segment "/PostgreSQL.${rng.int(100000000, 999999999)}" to ${rng.pick([67145728, 134217728, 268435456])} bytes: No space left on device`,
          "memory",
          { statement: report, ps: "SELECT" },
        );
        return;
      }
      add(t + took, pid, "LOG", `duration: ${(took).toFixed(3)} ms  statement: ${report}`, "performance", { ps: "SELECT" });
    },
    reportFrom,
  );

  // The migration attaching a year of daily partitions in one transaction.
  const mpid = rng.int(10000, 99999);
  add(migrationAt, mpid, "LOG", "statement: BEGIN; -- migrate 20250301_attach_sales_partitions", null, { application_name: "flyway" });
  for (let i = 0; i < rng.int(3, 5); i++) {
    add(migrationAt + (i + 1) * rng.float(2, 9) * SEC, mpid, "ERROR", "out of shared memory", "memory", {
      application_name: "flyway",
      hint: "You might need to increase max_locks_per_transaction.",
      statement: `ALTER TABLE sales_lines ATTACH PARTITION sales_lines_2024_${String(rng.int(1, 12)).padStart(2, "0")}_${String(rng.int(1, 28)).padStart(2, "0")} FOR VALUES FROM (...) TO (...)`,
    });
  }
  add(migrationAt + 50 * SEC, mpid, "ERROR", "current transaction is aborted, commands ignored until end of transaction block", "error", {
    application_name: "flyway",
  });
  for (let i = 0; i < rng.int(2, 5); i++) {
    const t = migrationAt + rng.float(3, 40) * SEC;
    add(t, rng.int(10000, 99999), "ERROR", "out of shared memory", "memory", {
      hint: "You might need to increase max_locks_per_transaction.",
      statement: "SELECT count(*) FROM sales_lines WHERE created_at >= $1",
    });
  }

  // Routine: checkpoints, autovacuum, small temp files, the occasional slow query, serialization failures.
  inc.every(5 * MIN, 2 * SEC, rng, (t) => {
    add(t, 88, "LOG", "checkpoint starting: time", null, { backend_type: "checkpointer" });
    const took = rng.float(150, 269);
    add(
      t + took * SEC,
      88,
      "LOG",
      `checkpoint complete: wrote ${rng.int(300, 6000)} buffers (${rng.float(0.1, 2).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(0, 6)} recycled; write=${took.toFixed(3)} s, sync=0.004 s, total=${(took + 0.01).toFixed(3)} s`,
      null,
      { backend_type: "checkpointer" },
    );
  });
  inc.fill(rng.int(2600, 4200), rng, (t) => {
    const pid = rng.int(10000, 99999);
    const r = rng.next();
    if (r < 0.4) add(t, pid, "LOG", "connection authorized: user=app database=warehouse application_name=api");
    else if (r < 0.8)
      add(
        t,
        pid,
        "LOG",
        `disconnection: session time: 0:00:${rng.float(0, 59).toFixed(3).padStart(6, "0")} user=app database=warehouse host=10.0.4.21 port=${rng.int(30000, 60000)}`,
      );
    else if (r < 0.86)
      add(
        t,
        pid,
        "LOG",
        `duration: ${rng.float(500, 2400).toFixed(3)} ms  statement: SELECT * FROM inventory_snapshots WHERE warehouse_id = $1 AND day = $2`,
        null,
        { ps: "SELECT" },
      );
    else if (r < 0.9)
      add(t, pid, "LOG", `temporary file: path "base/pgsql_tmp/pgsql_tmp${pid}.0", size ${rng.int(10, 60) * MiB}`, null, {
        statement: "SELECT warehouse_id, sku FROM inventory_snapshots ORDER BY updated_at DESC LIMIT 5000",
      });
    else if (r < 0.93)
      add(t, pid, "ERROR", "could not serialize access due to concurrent update", null, { statement: "UPDATE stock_levels SET qty = qty - $1 WHERE sku = $2" });
    else if (r < 0.96)
      add(t, pid, "LOG", `automatic analyze of table "warehouse.public.${rng.pick(["stock_levels", "inventory_snapshots", "shipments"])}"`, null, {
        backend_type: "autovacuum worker",
      });
    else
      add(t, pid, "LOG", `automatic vacuum of table "warehouse.public.${rng.pick(["stock_levels", "shipments"])}": index scans: 1`, null, {
        backend_type: "autovacuum worker",
      });
  });

  return inc.build(
    "postgres-report-work-mem-spills-shared-memory",
    "warehouse PostgreSQL: a new 12-minute report spills 1-4 GB temp files (work_mem) and fails to resize parallel-hash DSM segments, taking minutes; a partition migration then hits out of shared memory (max_locks_per_transaction)",
  );
}
