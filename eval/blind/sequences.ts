// Incident sequences: one incident per day; history days are normal operation with recurring harmless-but-odd noise.

import { exceptionLine, memoryLine, oomLine, slowRequest, timeoutLine } from "./anomalies.js";
import { apiGateway, inventory, orders, payments } from "./catalog-shop.js";
import { hashSeed, poissonTimes, Rng, scatteredTimes } from "./random.js";
import { episode, normalTraffic, windowOf, type Window } from "./scen-util.js";
import { etlSequence, hpcSequence } from "./sequences-batch.js";
import { MIN } from "./time.js";
import { ev, finalize, type Svc } from "./traffic.js";
import type { Ev, IncidentSequence, Scenario } from "./types.js";

/** Lines of the nightly backup job: scary-looking WARNING/ERROR lines that appear every single night. */
function nightlyBackup(r: Rng, job: Svc, t0: number): Ev[] {
  const out: Ev[] = [];
  let t = t0;
  const step = (lo: number, hi: number): number => (t += r.float(lo, hi));
  const runId = r.alnum(8);
  const took = r.int(380, 460);
  out.push(ev(job, r, t, `starting nightly backup run=${runId} targets=orders-db,inventory-db`));
  out.push(ev(job, r, step(2_000, 5_000), "pg_dump: warning: there are circular foreign-key constraints on this table: order_items", null, "WARNING"));
  out.push(
    ev(
      job,
      r,
      step(50, 200),
      "pg_dump: hint: You might not be able to restore the dump without using --disable-triggers or temporarily dropping the constraints.",
      null,
      "WARNING",
    ),
  );
  out.push(
    ev(
      job,
      r,
      step(60_000, 120_000),
      `rsync: [sender] file has vanished: "/var/lib/uploads/tmp/upload-${r.int(1000, 9999)}.part" (code 24) at main.c(1338) [sender=3.2.7]`,
      null,
      "ERROR",
    ),
  );
  out.push(ev(job, r, step(took * 1000 - 150_000, took * 1000 - 120_000), `backup of orders-db exceeded soft limit (${took}s > 300s)`, null, "WARNING"));
  out.push(
    ev(
      job,
      r,
      step(5_000, 20_000),
      `backup finished run=${runId}: ${r.float(13.8, 14.9).toFixed(1)} GiB uploaded to s3://acme-backups/ in ${Math.floor(took / 60)}m${took % 60}s`,
    ),
  );
  return out;
}

function backupJob(r: Rng): Svc {
  const s = apiGateway(r, "syslog", "backup-runner");
  s.lang = "python";
  s.insts = ["ops-cron-1"];
  s.reqPerMin = 0;
  s.bg = [];
  s.periodic = [];
  s.startup = [];
  s.oneOffs = [];
  return s;
}

function shopSequence(seed: number): IncidentSequence {
  const base = new Rng(hashSeed(seed, "seq-shop"));
  const sr = base.fork("services");
  const gw = apiGateway(sr, "canonical");
  const ord = orders(sr, "logback");
  const inv = inventory(sr, "zap");
  const pay = payments(sr, "python");
  const job = backupJob(sr);
  const svcs = [gw, ord, inv, pay];
  const day0 = base.int(0, 30);
  const days = base.int(7, 9);
  const history = days - 3;
  const incidents: Scenario[] = [];
  for (let d = 0; d < days; d++) {
    const r = base.fork(`day-${d}`);
    const w = windowOf(r, r.int(110, 140), day0 + d, 1);
    const backupAt = w.start + r.float(0.25, 0.35) * (w.end - w.start);
    const evs = [...normalTraffic(r, svcs, w, r.int(1800, 2800)), ...nightlyBackup(r, job, backupAt)];
    let what = "a normal night with the backup job's routine warnings";
    if (d === history) {
      // the backup takes table locks longer than usual: orders' pool drains and the gateway times out
      what = "backup locks hold orders' connections: pool timeouts, slow checkouts, gateway timeouts";
      const t0 = backupAt + r.float(60_000, 120_000);
      evs.push(ev(ord, r, t0, { msg: "db pool saturated: active=20/20 idle=0 waiting=17 (HikariPool-1)", level: "WARNING" }, "performance"));
      for (const t of poissonTimes(r, t0 + 2000, t0 + r.float(8, 14) * MIN, 6)) {
        evs.push(
          ev(
            ord,
            r,
            t,
            {
              msg: "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
              level: "ERROR",
              logger: "com.zaxxer.hikari.pool.HikariPool",
            },
            "performance",
          ),
        );
        if (r.chance(0.5)) evs.push(slowRequest(ord, r, t + 50, r.float(60, 200)));
        if (r.chance(0.6)) evs.push(timeoutLine(gw, r, t + r.int(100, 900), "orders", 10_000));
      }
    } else if (d === history + 1) {
      what = "inventory leaks memory after a config change: heap climbs, OOM";
      const t0 = w.start + r.float(0.4, 0.6) * (w.end - w.start);
      let pct = 90;
      for (let t = t0; pct < 99.5; t += r.float(40_000, 70_000)) {
        evs.push(memoryLine(inv, r, t, pct));
        pct += r.float(0.6, 1.4);
      }
      evs.push(oomLine(inv, r, t0 + 12 * MIN));
      for (const t of poissonTimes(r, t0 + 8 * MIN, t0 + 12 * MIN, 3)) evs.push(timeoutLine(ord, r, t, "inventory", 5000));
    } else if (d > history + 1) {
      what = "a payments bug: the same KeyError on POST /v1/charges recurs, plus scattered anomalies";
      for (const t of scatteredTimes(r, w.start + MIN, w.end - MIN, r.int(14, 20))) evs.push(exceptionLine(pay, r, t, 0));
      for (const t of scatteredTimes(r, w.start + 2 * MIN, w.end - 2 * MIN, 4)) evs.push(...episode(r, r.pick(["performance", "pattern"] as const), svcs, t));
    }
    incidents.push(finalize(r, `shop-nightly-day-${d + 1}`, `Day ${d + 1}: ${what}.`, evs));
  }
  return {
    name: "shop-nightly-backup",
    description:
      "Shop services around the nightly backup; every night the backup job logs pg_dump warnings, an rsync 'file has vanished' ERROR and a soft-limit WARNING (routine). The last three nights carry real incidents.",
    incidents,
    historyCount: history,
  };
}

function fintechSequence(seed: number): IncidentSequence {
  const base = new Rng(hashSeed(seed, "seq-fintech"));
  const sr = base.fork("services");
  const ledger = payments(sr, "k8s", "ledger");
  const risk = inventory(sr, "zap", "risk-engine");
  risk.routes = [{ m: "POST", path: () => "/v1/score", med: 28, sig: 0.45, w: 1 }];
  risk.bg = [
    // noisy-but-routine template: an advisory drift warning at ~60/h, every day
    {
      perHour: 60,
      level: "WARNING",
      gen: (r) => `model drift score 0.0${r.int(21, 39)} above advisory threshold 0.02 for feature set fs-v12 (advisory only, no action)`,
    },
  ];
  risk.periodic = [
    {
      everySec: 300,
      level: "INFO",
      // an unusual-looking but routine INFO line
      gen: (r) =>
        `rebalance: partitions=[${Array.from({ length: 12 }, () => r.int(0, 47))
          .sort((a, b) => a - b)
          .join(",")}] assigned to member risk-engine-${r.uuid()} generation=${r.int(800, 900)} protocol=cooperative-sticky`,
    },
  ];
  risk.startup = ["risk-engine v4.1.0 starting, model=gbm-2025-08 features=fs-v12"];
  risk.oneOffs = ["model gbm-2025-08 warmed up in 3.2s"];
  const gw = apiGateway(sr, "pino", "payments-api");
  const svcs = [ledger, risk, gw];
  const day0 = base.int(0, 30);
  const days = base.int(8, 10);
  const history = days - 3;
  const incidents: Scenario[] = [];
  for (let d = 0; d < days; d++) {
    const r = base.fork(`day-${d}`);
    const w: Window = windowOf(r, r.int(90, 120), day0 + d, 13);
    const evs = normalTraffic(r, svcs, w, r.int(1800, 2600));
    let what = "a normal day (drift warnings and rebalance lines are routine)";
    if (d === history) {
      what = "a new template appears: manual ledger adjustments by an unknown service account";
      for (const t of scatteredTimes(r, w.start + 3 * MIN, w.end - MIN, r.int(10, 14)))
        evs.push(
          ev(
            ledger,
            r,
            t,
            { msg: `manual adjustment posted to account acc_${r.alnum(10)} amount=-${r.int(10, 900)}.00 EUR by svc-batch-tmp (reason: '')`, level: "INFO" },
            "pattern",
          ),
        );
    } else if (d === history + 1) {
      what = "a new error template: ledger balance invariant violations";
      for (const t of scatteredTimes(r, w.start + 5 * MIN, w.end - MIN, r.int(12, 18))) {
        const exp = r.int(100, 5000);
        evs.push(
          ev(
            ledger,
            r,
            t,
            { msg: `balance invariant violated for account acc_${r.alnum(10)} (expected ${exp}.00, got ${exp - r.int(1, 90)}.50)`, level: "ERROR" },
            "error",
          ),
        );
      }
    } else if (d > history + 1) {
      what = "the routine drift warning bursts ~30x for a minute while features are missing";
      const b0 = w.start + r.float(0.3, 0.7) * (w.end - w.start);
      const b1 = b0 + r.float(55, 75) * 1000;
      const isDrift = (e: Ev): boolean => e.svc === risk.name && e.msg.startsWith("model drift score");
      const kept = evs.filter((e) => !(isDrift(e) && e.t >= b0 && e.t < b1));
      evs.length = 0;
      evs.push(...kept);
      for (const t of poissonTimes(r, b0, b1, r.float(25, 40)))
        evs.push(
          ev(
            risk,
            r,
            t,
            { msg: `model drift score 0.0${r.int(21, 39)} above advisory threshold 0.02 for feature set fs-v12 (advisory only, no action)`, level: "WARNING" },
            "pattern",
          ),
        );
      for (const t of poissonTimes(r, b0, b1 + 2 * MIN, 4)) evs.push(timeoutLine(gw, r, t, "risk-engine", 2000));
    }
    incidents.push(finalize(r, `fintech-day-${d + 1}`, `Day ${d + 1}: ${what}.`, evs));
  }
  return {
    name: "fintech-noisy-routine-then-new",
    description:
      "Ledger, risk engine and payments API; the risk engine's drift WARNING (60/h) and long rebalance INFO lines are routine in every history day; later days bring a truly new pattern, a new error, and a burst of the routine template.",
    incidents,
    historyCount: history,
  };
}

export function blindSequences(seed: number): IncidentSequence[] {
  return [shopSequence(seed), fintechSequence(seed), hpcSequence(seed), etlSequence(seed)];
}
