// Memory incidents seen from the platform: Kubernetes OOMKilled and cgroup throttling, the kernel's
// oom-killer on a database host, a swap storm evicting a search index from the page cache.

import type { Scenario } from "../blind/types.js";
import { type Entry, GiB, HOUR, Incident, iso, isoMicro, isoOffset, isoSec, type Label, MIN, pgTime, Rng, SEC, startOf } from "./lib.js";

/** kubernetes-event-exporter's JSON, with the shipper's @timestamp. */
function k8sEvent(
  rng: Rng,
  t: number,
  type: string,
  reason: string,
  message: string,
  kind: string,
  ns: string,
  name: string,
  component: string,
  host?: string,
): Entry {
  const e: Entry = {
    "@timestamp": iso(t),
    metadata: { name: `${name}.${rng.hex(16)}`, namespace: ns, uid: rng.uuid(), creationTimestamp: isoSec(t) },
    reason,
    message,
    source: host ? { component, host } : { component },
    firstTimestamp: isoSec(t),
    lastTimestamp: isoSec(t),
    count: 1,
    type,
    involvedObject: { kind, namespace: ns, name, apiVersion: kind === "Node" ? "v1" : kind === "HorizontalPodAutoscaler" ? "autoscaling/v2" : "v1" },
    reportingComponent: component,
  };
  return e;
}

/** recommender: a bigger embedding table pushes the container into memory.high throttling, then OOMKilled, then CrashLoopBackOff. */
export function k8sRecommenderOomKilled(seed: number): Scenario {
  const rng = new Rng(seed, "k8s-recommender-oomkilled-crashloop");
  const start = startOf(rng, 4, 18);
  const inc = new Incident(start, start + rng.int(120, 160) * MIN);
  const ns = "ml";
  const node = `ip-10-42-${rng.int(1, 15)}-${rng.int(2, 250)}.eu-west-1.compute.internal`;
  const pod = `recommender-${rng.podSuffix()}`;
  const high = 3.5 * GiB;
  const max = 4 * GiB;
  const refreshAt = inc.at(rng.float(0.2, 0.35));
  const firstKill = refreshAt + rng.int(12, 20) * MIN;
  const kills: number[] = [firstKill];
  let gap = rng.int(50, 80) * SEC;
  while (kills[kills.length - 1]! + gap < inc.end - 4 * MIN) {
    kills.push(kills[kills.length - 1]! + gap);
    gap = Math.min(5 * MIN + 60 * SEC, gap * 2 + rng.int(20, 60) * SEC);
  }
  const memAt = (t: number): number => {
    if (t < refreshAt) return rng.float(1.6, 1.9) * GiB;
    if (t < firstKill) return Math.min(high * 1.02, 1.9 * GiB + ((t - refreshAt) / (firstKill - refreshAt)) * 1.8 * GiB);
    return high * rng.float(0.96, 1.03);
  };
  let restarts = 0;
  const ev = (
    t: number,
    type: string,
    reason: string,
    message: string,
    kind: string,
    name: string,
    component: string,
    label: Label = null,
    host?: string,
  ): void => inc.add(t, k8sEvent(rng, t, type, reason, message, kind, ns, name, component, host), label);

  // The memwatch sidecar reads the container's cgroup every 30 s.
  let highEvents = rng.int(0, 3);
  let oomKills = 0;
  inc.every(30 * SEC, SEC, rng, (t) => {
    const cur = memAt(t);
    const throttled = t >= refreshAt && cur > high * 0.95;
    if (throttled) highEvents += rng.int(200, 2600);
    oomKills = kills.filter((k) => k < t).length;
    const msg = throttled ? "memory.high exceeded, reclaim throttling" : "cgroup memory sample";
    inc.add(
      t,
      {
        ts: iso(t),
        level: throttled ? "WARN" : "INFO",
        msg,
        app: "memwatch",
        pod,
        cgroup: `/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${rng.hex(8)}.slice`,
        memory_current_bytes: Math.round(cur),
        memory_high_bytes: high,
        memory_max_bytes: max,
        events: { low: 0, high: highEvents, max: throttled ? rng.int(0, 40) : 0, oom: oomKills, oom_kill: oomKills },
        psi_some_avg10: throttled ? rng.float(18, 64).toFixed(2) : rng.float(0, 0.6).toFixed(2),
      },
      t >= refreshAt && cur > 2.6 * GiB ? "memory" : null,
    );
  });

  // The app: model refresh, then request traffic.
  const app = (t: number, level: string, logger: string, message: string, extra: Entry = {}, label: Label = null): void =>
    inc.add(t, { timestamp: iso(t), levelname: level, name: logger, message, pod, ...extra }, label);
  const loadModel = (t: number, bad: boolean): void => {
    app(t, "INFO", "recommender.model", `loading model ${bad ? "two-tower-v42" : "two-tower-v41"} from s3://ml-models/recommender/`);
    app(
      t + rng.int(40, 90) * SEC,
      "INFO",
      "recommender.model",
      bad
        ? `embedding table loaded: ${rng.int(46, 52)}_${rng.int(100, 999)}_${rng.int(100, 999)} rows x 64 dims, resident ${(rng.float(3.0, 3.3)).toFixed(1)} GiB`
        : `embedding table loaded: ${rng.int(17, 19)}_${rng.int(100, 999)}_${rng.int(100, 999)} rows x 64 dims, resident 1.2 GiB`,
      {},
      bad ? "memory" : null,
    );
  };
  loadModel(start + rng.int(1, 5) * MIN, false);
  loadModel(refreshAt, true);
  kills.forEach((k, i) => {
    const pid = rng.int(10000, 60000);
    const anon = Math.round((max / 1024) * rng.float(0.985, 0.999));
    ev(
      k,
      "Warning",
      "OOMKilling",
      `Memory cgroup out of memory: Killed process ${pid} (python) total-vm:${Math.round(anon * 1.6)}kB, anon-rss:${anon}kB, file-rss:${rng.int(20000, 60000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(8000, 9500)}kB oom_score_adj:${rng.int(970, 999)}`,
      "Node",
      node,
      "kernel-monitor",
      "memory",
      node,
    );
    restarts++;
    const seen = k + rng.int(500, 2000);
    inc.add(
      seen,
      {
        ts: iso(seen),
        level: "WARN",
        msg: "container terminated",
        app: "pod-watcher",
        namespace: ns,
        pod,
        container: "recommender",
        reason: "OOMKilled",
        exit_code: 137,
        restart_count: restarts,
      },
      "memory",
    );
    if (i > 0)
      ev(
        k + rng.int(3, 6) * SEC,
        "Warning",
        "BackOff",
        `Back-off restarting failed container recommender in pod ${pod}_${ns}(${rng.uuid()})`,
        "Pod",
        pod,
        "kubelet",
        "error",
        node,
      );
    const back = k + Math.min(300, 10 * 2 ** i) * SEC;
    if (back < (kills[i + 1] ?? inc.end)) {
      ev(
        back,
        "Normal",
        "Pulled",
        'Container image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ml/recommender:2025.3.1" already present on machine',
        "Pod",
        pod,
        "kubelet",
        null,
        node,
      );
      ev(back + 300, "Normal", "Created", "Created container recommender", "Pod", pod, "kubelet", null, node);
      ev(back + 500, "Normal", "Started", "Started container recommender", "Pod", pod, "kubelet", null, node);
      loadModel(back + 3 * SEC, true);
    }
  });

  // Routine cluster events elsewhere: a rollout, HPA, a flaky readiness probe.
  const rollAt = inc.at(rng.float(0.05, 0.7));
  for (let i = 0; i < 3; i++) {
    const p = `checkout-${rng.podSuffix()}`;
    const t0 = rollAt + i * rng.int(40, 80) * SEC;
    inc.add(
      t0,
      k8sEvent(
        rng,
        t0,
        "Normal",
        "Scheduled",
        `Successfully assigned shop/${p} to ip-10-42-${rng.int(1, 15)}-${rng.int(2, 250)}.eu-west-1.compute.internal`,
        "Pod",
        "shop",
        p,
        "default-scheduler",
      ),
    );
    inc.add(
      t0 + 900,
      k8sEvent(
        rng,
        t0 + 900,
        "Normal",
        "Pulling",
        'Pulling image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/checkout:4.18.2"',
        "Pod",
        "shop",
        p,
        "kubelet",
      ),
    );
    inc.add(
      t0 + 6000,
      k8sEvent(
        rng,
        t0 + 6000,
        "Normal",
        "Pulled",
        `Successfully pulled image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/checkout:4.18.2" in 4.9${rng.int(10, 99)}s (4.9${rng.int(10, 99)}s including waiting)`,
        "Pod",
        "shop",
        p,
        "kubelet",
      ),
    );
    inc.add(t0 + 6300, k8sEvent(rng, t0 + 6300, "Normal", "Started", "Started container checkout", "Pod", "shop", p, "kubelet"));
  }
  inc.every(11 * MIN, 4 * MIN, rng, (t) => {
    inc.add(
      t,
      k8sEvent(
        rng,
        t,
        "Normal",
        "SuccessfulRescale",
        `New size: ${rng.int(3, 8)}; reason: cpu resource utilization (percentage of request) ${rng.chance(0.5) ? "above" : "below"} target`,
        "HorizontalPodAutoscaler",
        "shop",
        "checkout",
        "horizontal-pod-autoscaler",
      ),
    );
  });
  inc.every(17 * MIN, 8 * MIN, rng, (t) => {
    const p = `search-${rng.podSuffix()}`;
    inc.add(
      t,
      k8sEvent(
        rng,
        t,
        "Warning",
        "Unhealthy",
        `Readiness probe failed: Get "http://10.42.${rng.int(0, 15)}.${rng.int(2, 250)}:8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        "Pod",
        "shop",
        p,
        "kubelet",
      ),
    );
  });

  inc.fill(rng.int(2600, 4200), rng, (t) => {
    const down = kills.some((k, i) => t >= k && t < k + Math.min(300, 10 * 2 ** i) * SEC + 90 * SEC);
    if (down) return;
    const user = rng.int(1, 9_000_000);
    const cur = memAt(t);
    let ms = rng.logn(38, 0.45);
    let label: Label = null;
    if (t > refreshAt && cur > high * 0.95 && rng.chance(0.6)) {
      ms += rng.float(400, 3000);
      label = "performance";
    }
    const r = rng.next();
    if (r < 0.01) app(t, "WARNING", "recommender.features", `feature store lookup missed for user ${user}, using popularity fallback`);
    else
      app(
        t,
        "INFO",
        "uvicorn.access",
        `${rng.ip()}:${rng.int(30000, 60000)} - "GET /v1/recommendations?user=${user}&n=20 HTTP/1.1" 200`,
        { duration_ms: Math.round(ms) },
        label,
      );
  });

  return inc.build(
    "k8s-recommender-oomkilled-crashloop",
    "ml/recommender: the v42 model's embedding table needs 3.1 GiB; the container sits at memory.high (reclaim throttling, slow requests), is OOMKilled at 4 GiB and goes into CrashLoopBackOff",
  );
}
// ---------------------------------------------------------------------------------------------
/** Vector's journald source: journald fields plus timestamp/host/message. */
function journal(t: number, host: string, ident: string, message: string, priority: number, extra: Entry = {}): Entry {
  return {
    timestamp: isoMicro(t),
    host,
    message,
    PRIORITY: String(priority),
    SYSLOG_IDENTIFIER: ident,
    _TRANSPORT: ident === "kernel" ? "kernel" : "stdout",
    source_type: "journald",
    ...extra,
  };
}

/** db-3: an analyst's query with parallel hash aggregates exhausts host memory; the kernel kills a postgres backend and the server restarts. */
export function dbHostKernelOomKiller(seed: number): Scenario {
  const rng = new Rng(seed, "db-host-kernel-oom-killer-postgres");
  const start = startOf(rng, 7, 19);
  const inc = new Incident(start, start + rng.int(140, 200) * MIN);
  const host = `db-${rng.int(1, 6)}`;
  const totalKb = 64 * 1024 * 1024;
  const queryAt = inc.at(rng.float(0.5, 0.65));
  const killAt = queryAt + rng.int(6, 11) * MIN;
  const readyAt = killAt + rng.int(40, 110) * SEC;
  const pgPid = rng.int(900, 1200);
  const pg = (t: number, pid: number, sev: string, msg: string, label: Label = null, pri = 6): void =>
    inc.add(
      t,
      journal(t, host, "postgres", `${pgTime(t)} [${pid}] ${sev}:  ${msg}`, pri, { _PID: String(pid), _SYSTEMD_UNIT: "postgresql@15-main.service" }),
      label,
    );
  const kern = (t: number, msg: string, label: Label = "memory", pri = 4): void => inc.add(t, journal(t, host, "kernel", msg, pri), label);

  // memwatch: a cron'd script reporting MemAvailable every minute.
  inc.every(MIN, 2 * SEC, rng, (t) => {
    let avail = rng.float(17, 22) * GiB;
    if (t >= queryAt && t < killAt) avail = Math.max(0.18 * GiB, 20 * GiB * (1 - (t - queryAt) / (killAt - queryAt)) ** 1.5);
    const bad = t >= queryAt && t < killAt && avail < 8 * GiB;
    inc.add(
      t,
      journal(
        t,
        host,
        "memwatch",
        `MemAvailable ${(avail / GiB).toFixed(1)} GiB of 62.8 GiB (${((avail / (62.8 * GiB)) * 100).toFixed(1)}%), SwapTotal 0 kB`,
        bad ? 4 : 6,
      ),
      bad ? "memory" : null,
    );
  });

  // The oom-kill report.
  const victim = rng.int(200000, 400000);
  const anon = Math.round(totalKb * rng.float(0.6, 0.72));
  const report = [
    `postgres invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0`,
    `CPU: ${rng.int(0, 15)} PID: ${victim + rng.int(1, 40)} Comm: postgres Not tainted 5.15.0-1051-aws #56~20.04.1-Ubuntu`,
    "Hardware name: Amazon EC2 r6i.2xlarge/, BIOS 1.0 10/16/2017",
    "Mem-Info:",
    `active_anon:${rng.int(30, 60)} inactive_anon:${Math.round(anon / 4)} isolated_anon:0 active_file:${rng.int(100, 400)} inactive_file:${rng.int(50, 300)} isolated_file:0 unevictable:0 dirty:0 writeback:0 slab_reclaimable:${rng.int(20000, 40000)} slab_unreclaimable:${rng.int(30000, 50000)} mapped:${rng.int(2000000, 3000000)} shmem:${rng.int(4000000, 4200000)} pagetables:${rng.int(90000, 140000)} bounce:0 free:${rng.int(40000, 50000)} free_pcp:0 free_cma:0`,
    `Node 0 Normal free:${rng.int(160000, 190000)}kB boost:0kB min:${rng.int(60000, 70000)}kB low:${rng.int(80000, 90000)}kB high:${rng.int(100000, 110000)}kB reserved_highatomic:0KB active_anon:${rng.int(100, 300)}kB inactive_anon:${anon}kB`,
    "Tasks state (memory values in pages):",
    "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
    `[ ${victim}]   113 ${victim} ${rng.int(7000000, 9000000)} ${Math.round(anon / 4)} ${rng.int(60000000, 90000000)}        0             0 postgres`,
    `[ ${victim + 3}]   113 ${victim + 3} ${rng.int(4000000, 5000000)} ${rng.int(900000, 1400000)} ${rng.int(9000000, 14000000)}        0             0 postgres`,
    `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/system-postgresql.slice/postgresql@15-main.service,task=postgres,pid=${victim},uid=113`,
    `Out of memory: Killed process ${victim} (postgres) total-vm:${rng.int(28000000, 36000000)}kB, anon-rss:${anon}kB, file-rss:${rng.int(2000, 9000)}kB, shmem-rss:${rng.int(3000000, 4000000)}kB, UID:113 pgtables:${rng.int(70000, 90000)}kB oom_score_adj:0`,
  ];
  for (const [i, l] of report.entries()) kern(killAt + i * 0.4, l, "memory", i === 0 || i >= 10 ? 3 : 4);

  // PostgreSQL's crash and recovery.
  const q = "SELECT customer_id, sku, sum(amount) FROM order_lines ol JOIN orders o USING (order_id) GROUP BY 1, 2 ORDER BY 3 DESC";
  pg(queryAt, victim, "LOG", `connection authorized: user=analyst database=shop application_name=DBeaver 24.0.2 - SQLEditor`);
  pg(killAt + 900, pgPid, "LOG", `server process (PID ${victim}) was terminated by signal 9: Killed`, "error", 3);
  pg(killAt + 901, pgPid, "DETAIL", `Failed process was running: ${q}`, "error", 3);
  pg(killAt + 902, pgPid, "LOG", "terminating any other active server processes", "error", 3);
  for (let i = 0; i < rng.int(6, 12); i++)
    pg(killAt + 950 + i * 7, rng.int(200000, 400000), "WARNING", "terminating connection because of crash of another server process", "error", 4);
  pg(killAt + 1500, pgPid, "LOG", "all server processes terminated; reinitializing", "pattern");
  const rec = rng.int(4000, 9000);
  pg(killAt + 1800, rec, "LOG", `database system was interrupted; last known up at ${pgTime(killAt - rng.int(60, 280) * SEC)}`, "pattern");
  pg(killAt + 2100, rec, "LOG", "database system was not properly shut down; automatic recovery in progress", "pattern");
  const lsn = `${rng.hex(2).toUpperCase()}/${rng.hex(8).toUpperCase()}`;
  pg(killAt + 2300, rec, "LOG", `redo starts at ${lsn}`, "pattern");
  for (let t = killAt + 3 * SEC; t < readyAt; t += rng.float(1, 6) * SEC)
    pg(t, rng.int(200000, 400000), "FATAL", "the database system is in recovery mode", "error", 3);
  pg(
    readyAt - 2 * SEC,
    rec,
    "LOG",
    `redo done at ${lsn.slice(0, 3)}${rng.hex(8).toUpperCase()} system usage: CPU: user: ${rng.float(3, 9).toFixed(2)} s, system: ${rng.float(1, 3).toFixed(2)} s, elapsed: ${rng.float(20, 60).toFixed(2)} s`,
    "pattern",
  );
  pg(readyAt, pgPid, "LOG", "database system is ready to accept connections", "pattern");

  // Routine life of the host and the database.
  inc.every(5 * MIN, 3 * SEC, rng, (t) => {
    if (t > killAt - 10 * SEC && t < readyAt + 10 * SEC) return;
    pg(t, rng.int(900, 1100) + 40, "LOG", "checkpoint starting: time");
    const took = rng.float(260, 290);
    pg(
      t + took * SEC,
      1140,
      "LOG",
      `checkpoint complete: wrote ${rng.int(800, 9000)} buffers (${rng.float(0.1, 3).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${rng.int(1, 9)} recycled; write=${(took - 0.2).toFixed(3)} s, sync=0.0${rng.int(10, 99)} s, total=${took.toFixed(3)} s; sync files=${rng.int(20, 90)}, longest=0.00${rng.int(1, 9)} s, average=0.001 s; distance=${rng.int(20000, 90000)} kB, estimate=${rng.int(40000, 90000)} kB`,
    );
  });
  inc.every(HOUR / 4, 2 * MIN, rng, (t) => {
    inc.add(t, journal(t, host, "CRON", "(postgres) CMD (/usr/local/bin/pg_wal_archive_check.sh)", 6, { _PID: String(rng.int(10000, 90000)) }));
  });
  inc.every(23 * MIN, 6 * MIN, rng, (t) => {
    pg(t, 1180, "FATAL", 'password authentication failed for user "metabase"', null, 3);
    pg(t + 1, 1180, "DETAIL", 'Connection matched pg_hba.conf line 99: "host all all 10.0.0.0/8 scram-sha-256"', null, 3);
  });
  const tables = ["sessions", "order_lines", "events_2025", "carts"];
  inc.fill(rng.int(2600, 4200), rng, (t) => {
    if (t > killAt && t < readyAt + 5 * SEC) return;
    const pid = rng.int(200000, 400000);
    const r = rng.next();
    const ip = rng.ip("10.0");
    if (r < 0.3) pg(t, pid, "LOG", `connection authorized: user=app database=shop application_name=${rng.pick(["api", "worker", "pgbouncer"])}`);
    else if (r < 0.6)
      pg(
        t,
        pid,
        "LOG",
        `disconnection: session time: 0:${String(rng.int(0, 59)).padStart(2, "0")}:${rng.float(0, 59).toFixed(3).padStart(6, "0")} user=app database=shop host=${ip} port=${rng.int(30000, 60000)}`,
      );
    else if (r < 0.85) pg(t, pid, "LOG", `connection received: host=${ip} port=${rng.int(30000, 60000)}`);
    else if (r < 0.9)
      pg(
        t,
        pid,
        "LOG",
        `automatic vacuum of table "shop.public.${rng.pick(tables)}": index scans: ${rng.int(0, 1)}\n\tpages: 0 removed, ${rng.int(1000, 90000)} remain, ${rng.int(100, 900)} scanned\n\ttuples: ${rng.int(100, 9000)} removed, ${rng.int(100000, 9000000)} remain, 0 are dead but not yet removable`,
      );
    else if (r < 0.93) {
      pg(t, pid, "ERROR", 'duplicate key value violates unique constraint "carts_user_id_active_key"', null, 3);
      pg(t + 0.5, pid, "DETAIL", `Key (user_id, active)=(${rng.int(100000, 999999)}, t) already exists.`, null, 3);
    } else if (r < 0.95) pg(t, pid, "LOG", `duration: ${rng.float(500, 1900).toFixed(3)} ms  statement: SELECT * FROM order_lines WHERE order_id = ANY($1)`);
    else inc.add(t, journal(t, host, "systemd", `Started Session ${rng.int(1000, 9999)} of User ${rng.pick(["ubuntu", "postgres"])}.`, 6));
  });

  return inc.build(
    "db-host-kernel-oom-killer-postgres",
    `${host}: an analyst's GROUP BY over order_lines eats MemAvailable from 20 GiB to nothing; the kernel oom-killer kills the backend, PostgreSQL terminates every connection and goes through crash recovery`,
  );
}
// ---------------------------------------------------------------------------------------------
/** search-7: a co-located reindex job evicts Solr's index from the page cache, the host swaps, queries crawl until systemd-oomd kills the job. */
export function searchHostSwapStorm(seed: number): Scenario {
  const rng = new Rng(seed, "search-host-swap-storm-page-cache");
  const start = startOf(rng, 0, 4);
  const inc = new Incident(start, start + rng.int(140, 190) * MIN);
  const host = `search-${rng.int(2, 9)}`;
  const jobAt = inc.at(rng.float(0.25, 0.4));
  const killAt = jobAt + rng.int(28, 45) * MIN;
  const recovered = killAt + rng.int(8, 15) * MIN;
  const offset = rng.pick([0, 60, 120]);
  const stormAt = (t: number): number => {
    if (t < jobAt || t > recovered) return 0;
    if (t < killAt) return Math.min(1, (t - jobAt) / (10 * MIN));
    return Math.max(0, 1 - (t - killAt) / (recovered - killAt));
  };
  const logrus = (t: number, level: string, msg: string, fields: Entry, label: Label = null): void =>
    inc.add(t, { time: isoOffset(t, offset), level, msg, host, ...fields }, label);

  inc.every(15 * SEC, SEC, rng, (t) => {
    const s = stormAt(t);
    const cache = s > 0 ? 21000 - s * 19500 + rng.normal(0, 300) : rng.float(20500, 22500);
    const swapUsed = s > 0 ? 200 + s * 6800 : rng.float(150, 260);
    const si = s > 0.2 ? s * rng.float(3000, 9000) : rng.float(0, 2);
    const so = s > 0.2 ? s * rng.float(2000, 8000) : rng.float(0, 1);
    const majflt = s > 0.2 ? s * rng.float(4000, 16000) : rng.float(0, 30);
    const usedPct = s > 0 ? 62 + s * 36 : rng.float(55, 64);
    const bad = s > 0.25;
    logrus(
      t,
      "info",
      "host memory",
      {
        mem_used_pct: Math.round(usedPct * 10) / 10,
        mem_available_mb: Math.round(32768 * (1 - usedPct / 100)),
        page_cache_mb: Math.round(cache),
        swap_used_mb: Math.round(swapUsed),
        pswpin_per_s: Math.round(si),
        pswpout_per_s: Math.round(so),
        pgmajfault_per_s: Math.round(majflt),
      },
      bad ? "memory" : null,
    );
    if (bad && rng.chance(0.25))
      logrus(
        t + 200,
        "warning",
        `memory pressure high: some avg10=${(s * rng.float(40, 70)).toFixed(2)} avg60=${(s * rng.float(30, 55)).toFixed(2)} full avg10=${(s * rng.float(15, 40)).toFixed(2)}`,
        { source: "psi" },
        "memory",
      );
  });

  const sysd = (t: number, ident: string, msg: string, label: Label = null): void =>
    inc.add(t, { time: isoOffset(t, offset), level: ident === "systemd-oomd" ? "warning" : "info", msg, host, syslog_identifier: ident }, label);
  sysd(jobAt, "systemd", "Started Catalog reindex builder.");
  inc.add(jobAt + 4 * SEC, {
    time: isoOffset(jobAt + 4 * SEC, offset),
    level: "info",
    msg: "reindex-builder starting with -Xms20g -Xmx20g, source=catalog_v7, target=/var/lib/reindex",
    host,
    syslog_identifier: "reindex-builder",
  });
  sysd(
    killAt,
    "systemd-oomd",
    `Killed /system.slice/reindex-builder.service due to memory pressure for /system.slice being ${rng.float(62, 80).toFixed(2)}% > 60.00% for > 20s with reclaim activity`,
    "memory",
  );
  sysd(killAt + 300, "systemd", "reindex-builder.service: A process of this unit has been killed by the OOM killer.", "memory");
  sysd(killAt + 310, "systemd", "reindex-builder.service: Failed with result 'oom-kill'.", "memory");
  inc.every(HOUR, 2 * MIN, rng, (t) => sysd(t, "systemd", "Started Run anacron jobs."));

  const cores = ["products", "products", "products", "suggest", "brands"];
  inc.fill(rng.int(2700, 4300), rng, (t) => {
    const core = rng.pick(cores);
    const s = stormAt(t);
    const q = rng.pick(["shoes", "red+dress", "laptop+bag", "garden+chair", "kids+jacket", "usb-c+cable", "desk+lamp"]);
    let qtime = core === "suggest" ? rng.logn(3, 0.5) : rng.logn(14, 0.6);
    let label: Label = null;
    if (s > 0.2 && rng.chance(Math.min(0.95, s + 0.1))) {
      qtime = rng.float(800, 9000) * s + qtime;
      label = "performance";
    }
    const thread = `qtp${rng.int(100000000, 999999999)}-${rng.int(20, 400)}`;
    if (rng.chance(0.006)) {
      inc.add(t, {
        "@timestamp": iso(t),
        "log.level": "WARN",
        message: `[${core}_shard1_replica_n1]  webapp=/solr path=/select params={q=${q}&defType=edismax&rows=24&wt=json} hits=0 status=400 QTime=1 undefined field: colour_s`,
        "log.logger": "org.apache.solr.core.SolrCore.Request",
        "process.thread.name": thread,
        "host.name": host,
      });
      return;
    }
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        "log.level": "INFO",
        message: `[${core}_shard1_replica_n1]  webapp=/solr path=/${core === "suggest" ? "suggest" : "select"} params={q=${q}&defType=edismax&rows=24&wt=json} hits=${rng.int(0, 40000)} status=0 QTime=${Math.round(qtime)}`,
        "log.logger": "org.apache.solr.core.SolrCore.Request",
        "process.thread.name": thread,
        "host.name": host,
      },
      label,
    );
  });

  return inc.build(
    "search-host-swap-storm-page-cache",
    `${host}: a reindex job with a 20 GiB heap starts on the Solr host, page cache collapses from ~21 GB to ~1.5 GB, swap-in/out and major faults soar, Solr QTime goes from ms to seconds until systemd-oomd kills the job`,
  );
}
