/**
 * replica-maintenance-paused: ops-bot announces maintenance window MW-… (storage migration of
 * orders-db-replica-2) and haproxy takes the replica out of the read pool; from then on the
 * replication monitor logs `replication paused for maintenance` at err every minute to the end:
 * planned. Meanwhile a quarterly report drives reporting-worker's resident set to its limit
 * and the kernel kills it (its report is lost and requeued), and the edge host's kernel logs a
 * SYN flood and a full conntrack table, lines it has never written.
 */
import { edgeLine } from "./common.js";
import { kubeEvent, logback, pyjson, rsyslog } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "replica-maintenance-paused";
const MIB = 1024 * 1024;

export function replicaMaintenancePaused(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-03-02", 2);
  const end = start + 5 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);
  const hhmm = (t: number): string => new Date(t).toISOString().slice(11, 16);

  // ── ops-bot (Python): on-call schedule syncs; the maintenance window is announced ─────────
  const bot = { service: "ops-bot", host: rng.pod("ops-bot") };
  const mwAt = tl.at(rng.float(0.25, 0.4));
  const mw = `MW-${rng.int(2000, 2999)}`;
  const chg = `CHG-${rng.int(40000, 49999)}`;
  const mwUntil = mwAt + rng.int(5, 7) * HOUR;
  for (const t of ticks(rng, start, end, 15 * MINUTE, 20 * SECOND)) {
    tl.add(t, pyjson(t, bot, "INFO", "opsbot.oncall", `synced ${rng.int(12, 15)} on-call schedules from PagerDuty`, { duration_ms: rng.int(300, 1400) }));
  }
  const remindAt = mwAt - rng.int(40, 50) * MINUTE;
  tl.add(
    remindAt,
    pyjson(
      remindAt,
      bot,
      "INFO",
      "opsbot.maintenance",
      `reminder posted to #ops-announce: ${mw} (storage migration of orders-db-replica-2) starts at ${hhmm(mwAt)} UTC`,
      {
        change: chg,
      },
    ),
  );
  tl.add(
    mwAt,
    pyjson(
      mwAt,
      bot,
      "INFO",
      "opsbot.maintenance",
      `maintenance window ${mw} started: storage migration of orders-db-replica-2 (planned until ${hhmm(mwUntil)} UTC, change ${chg}, owner dba-team); alerts for orders-db-replica-2 silenced`,
      { change: chg },
    ),
  );

  // ── haproxy (rsyslog): the read pool loses replica-2 for the window ─────────────────────────
  const lb = "db-lb-01";
  const drainAt = mwAt + rng.int(20, 90) * SECOND;
  tl.add(
    drainAt,
    rsyslog(
      drainAt,
      lb,
      "local0",
      "notice",
      "haproxy",
      812,
      "Server pg_read/orders-db-replica-2 is going DOWN for maintenance. 2 active and 0 backup servers left. 3 sessions active, 0 requeued, 0 remaining in queue.",
    ),
  );

  // ── pg-repmon (rsyslog): each replica's state every minute ──────────────────────────────────
  const mon = "db-mon-01";
  const pauseAt = mwAt + rng.int(2, 4) * MINUTE;
  const walAt = (t: number): number => 0.2 + ((t - pauseAt) / HOUR) * rng.float(0.9, 1.0);
  for (const t of ticks(rng, start, end, MINUTE, 1500)) {
    for (const [i, r] of ["orders-db-replica-1", "orders-db-replica-3"].entries()) {
      const v = t + i * rng.int(5, 40);
      tl.add(
        v,
        rsyslog(v, mon, "local3", "info", "pg_repmon", 2211, `${r}: streaming from orders-db-primary, replay lag ${rng.float(0.05, 0.9).toFixed(2)} s`),
      );
    }
    const u = t + rng.int(45, 90);
    if (u < pauseAt) {
      tl.add(
        u,
        rsyslog(
          u,
          mon,
          "local3",
          "info",
          "pg_repmon",
          2211,
          `orders-db-replica-2: streaming from orders-db-primary, replay lag ${rng.float(0.05, 0.9).toFixed(2)} s`,
        ),
      );
    } else {
      tl.add(
        u,
        rsyslog(
          u,
          mon,
          "local3",
          "err",
          "pg_repmon",
          2211,
          `orders-db-replica-2: replication paused for maintenance (${mw}), replay lag ${Math.round((u - pauseAt) / 1000)} s, WAL retained ${walAt(u).toFixed(1)} GB`,
        ),
      );
    }
  }

  // ── reporting-worker (Python): reports every few minutes; a quarterly one exhausts memory ──
  const rpt = { service: "reporting-worker", host: rng.pod("reporting-worker") };
  const node = `ip-10-6-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-central-1.compute.internal`;
  const bigAt = tl.at(rng.float(0.55, 0.68));
  const killAt = bigAt + rng.int(16, 26) * MINUTE;
  const backAt = killAt + rng.int(25, 50) * SECOND;
  const bigId = `rpt_${rng.alnum(10)}`;
  const limit = 2048 * MIB;
  const rssAt = (t: number): number => {
    if (t >= bigAt && t < killAt) return limit * Math.min(0.995, 0.42 + 0.58 * ((t - bigAt) / (killAt - bigAt)) ** 0.8);
    return limit * (0.36 + 0.05 * Math.sin(t / 400000));
  };
  const kinds = ["daily-sales", "stock-aging", "returns-by-reason", "carrier-sla", "refunds"];
  for (const t of ticks(rng, start, end, 3 * MINUTE, 40 * SECOND)) {
    if (t >= bigAt && t < backAt) continue;
    const took = rng.logNormal(14, 0.4);
    tl.add(
      t,
      pyjson(
        t,
        rpt,
        "INFO",
        "reports.runner",
        `report ${rng.pick(kinds)} ${`rpt_${rng.alnum(10)}`} generated: ${rng.int(800, 60000)} rows in ${took.toFixed(1)} s`,
        {
          duration_s: Number(took.toFixed(2)),
        },
      ),
    );
  }
  tl.add(bigAt, pyjson(bigAt, rpt, "INFO", "reports.runner", `report quarterly-ledger ${bigId} started: Q4 2025, 14 warehouses`, { report_id: bigId }));
  for (const t of ticks(rng, start, end, MINUTE, 2000)) {
    if (t >= killAt && t < backAt) continue;
    const rss = rssAt(t);
    const pct = rss / limit;
    const mib = Math.round(rss / MIB);
    if (pct >= 0.85) {
      tl.add(
        t,
        pyjson(
          t,
          rpt,
          "WARNING",
          "reports.watchdog",
          `memory watchdog: rss ${mib} MiB of 2048 MiB limit (${Math.round(pct * 100)}%), report ${bigId} still running`,
          {
            rss_bytes: Math.round(rss),
            limit_bytes: limit,
          },
        ),
        pct >= 0.88 ? "memory" : null,
      );
    } else {
      tl.add(
        t,
        pyjson(t, rpt, "INFO", "reports.watchdog", `memory watchdog: rss ${mib} MiB of 2048 MiB limit`, { rss_bytes: Math.round(rss), limit_bytes: limit }),
      );
    }
  }
  const pid = rng.int(40, 900);
  tl.add(
    killAt,
    rsyslog(
      killAt,
      node,
      "kern",
      "err",
      "kernel",
      undefined,
      `Memory cgroup out of memory: Killed process ${pid} (python3) total-vm:${rng.int(2400000, 2600000)}kB, anon-rss:${rng.int(2080000, 2096000)}kB, file-rss:${rng.int(9000, 20000)}kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(4200, 4800)}kB oom_score_adj:${rng.int(900, 999)}`,
    ),
    "memory",
  );
  tl.add(
    killAt + 600,
    kubeEvent(
      killAt + 600,
      "Warning",
      "OOMKilling",
      `Memory cgroup out of memory: Killed process ${pid} (python3)`,
      { kind: "Node", name: node, namespace: "default" },
      { component: "kernel-monitor", host: node },
      rng.uuid(),
    ),
    "memory",
  );
  tl.add(
    killAt + 2100,
    kubeEvent(
      killAt + 2100,
      "Normal",
      "Pulled",
      'Container image "registry.shop.internal/reporting-worker:1.31.4" already present on machine',
      { kind: "Pod", name: rpt.host, namespace: "reporting" },
      { component: "kubelet", host: node },
      rng.uuid(),
    ),
  );
  tl.add(
    killAt + 2300,
    kubeEvent(
      killAt + 2300,
      "Normal",
      "Started",
      "Started container reporting-worker",
      { kind: "Pod", name: rpt.host, namespace: "reporting" },
      { component: "kubelet", host: node },
      rng.uuid(),
    ),
  );
  tl.add(backAt, pyjson(backAt, rpt, "INFO", "reports.main", "reporting-worker 1.31.4 started, 4 runner threads"));
  tl.add(
    backAt + 900,
    pyjson(backAt + 900, rpt, "ERROR", "reports.queue", `report quarterly-ledger ${bigId} lost: worker terminated while running (attempt 1/3), requeued`, {
      report_id: bigId,
    }),
    "error",
  );

  // ── orders-api (Java): reads from the replica pool ─────────────────────────────────────────
  const orders = { app: "orders-api", host: rng.pod("orders-api") };
  for (const t of arrivals(rng, start, end, 2.4, swell(start, end, 0.4, rng.float(0, 6)), 1.4)) {
    const replica = rng.pick(
      t >= drainAt ? ["orders-db-replica-1", "orders-db-replica-3"] : ["orders-db-replica-1", "orders-db-replica-2", "orders-db-replica-3"],
    );
    const took = Math.round(rng.logNormal(22, 0.4));
    tl.add(
      t + took,
      logback(
        t + took,
        orders,
        "INFO",
        "com.shop.orders.web.OrderController",
        `http-nio-8080-exec-${rng.int(1, 30)}`,
        `Order ${rng.int(5000000, 5999999)} fetched in ${took} ms`,
        {
          duration_ms: took,
          db: replica,
        },
      ),
    );
  }

  // ── shop-edge (nginx) and its host's kernel ─────────────────────────────────────────────────
  const edgeHost = "edge-02";
  const routes = [
    ["GET /", 10],
    ["GET /p/<id>", 45],
    ["GET /api/orders/<id>", 15],
    ["GET /api/cart", 15],
    ["GET /assets/<asset>", 15],
  ] as const;
  const up = `10.6.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`;
  for (const s of arrivals(rng, start, end, 4.8, swell(start, end, 0.4, rng.float(0, 6)), 1.4)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", String(rng.int(10000, 99999))).replace("<asset>", `chunk.${rng.hex(8)}.js`);
    const status = path.startsWith("/p/") && rng.chance(0.02) ? 404 : 200;
    const [e, entry] = edgeLine(rng, s, "shop-edge", method, uri, status, rng.logNormal(path.startsWith("/assets") ? 3 : 40, 0.5), up);
    tl.add(e, entry);
  }
  for (const t of arrivals(rng, start, end, 0.08)) {
    tl.add(t, rsyslog(t, edgeHost, "authpriv", "info", "systemd-logind", 611, `New session ${rng.int(4000, 9000)} of user deploy.`));
  }
  for (const t of ticks(rng, start, end, HOUR, 5 * MINUTE)) {
    tl.add(t, rsyslog(t, edgeHost, "daemon", "info", "systemd", 1, "Starting Rotate log files..."));
    tl.add(t + 900, rsyslog(t + 900, edgeHost, "daemon", "info", "systemd", 1, "logrotate.service: Deactivated successfully."));
  }
  const synAt = tl.at(rng.float(0.12, 0.9));
  tl.add(
    synAt,
    rsyslog(
      synAt,
      edgeHost,
      "kern",
      "info",
      "kernel",
      undefined,
      "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.",
    ),
    "pattern",
  );
  const drops = rng.int(2, 5);
  for (let i = 0; i < drops; i++) {
    const t = synAt + rng.int(5, 60) * SECOND + i * rng.int(5, 12) * SECOND;
    tl.add(t, rsyslog(t, edgeHost, "kern", "warning", "kernel", undefined, "nf_conntrack: nf_conntrack: table full, dropping packet"), "pattern");
  }

  return tl.build(
    NAME,
    "after an announced maintenance window the replication monitor logs replication paused for maintenance at err every minute to the end; a quarterly report gets reporting-worker OOM-killed and the edge kernel logs a SYN flood",
  );
}
