// s12 (small): a public library's notice and catalogue workers (Celery) and their Redis broker,
// all logging GELF (short_message, numeric syslog level, _app and other underscored fields).
// A newly deployed report worker keeps every report payload in the result backend without an
// expiry; Redis (maxmemory 2 GiB, noeviction) fills up, tasks slow, writes fail with OOM
// errors, ops restarts Redis with a larger limit, workers lose and regain the broker.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, every, progress, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

export function libraryCeleryBrokerOom(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s12-library-celery-broker-oom"));
  const tl = new Timeline();
  const start = baseTime(r, 6, 18);
  const end = start + r.int(32, 44) * MIN;
  const vol = r.float(0.85, 1.15);
  const tDeploy = start + r.int(3, 7) * MIN;
  const tFull = start + (end - start) * r.float(0.55, 0.65);
  const tStop = tFull + r.int(4, 7) * MIN;
  const tUp = tStop + r.int(20, 50) * SEC;
  const MAX = 2147483648;
  const base = r.float(0.42, 0.5);
  const usedAt = (t: number) => {
    if (t >= tUp) return MAX * 2 * r.float(0.18, 0.2); // restarted with 4 GiB and results flushed
    if (t < tDeploy) return MAX * (base + r.float(-0.01, 0.01));
    if (t >= tFull) return MAX * r.float(0.998, 1.0);
    return MAX * (base + (1 - base) * progress(t, tDeploy, tFull) ** 1.2);
  };
  const workers = ["notices-worker-1", "notices-worker-2"];
  const down = (t: number) => t >= tStop && t < tUp + 3 * SEC;

  const gelf = (t: number, host: string, level: number, msg: string, app: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, { version: "1.1", host, short_message: msg, timestamp: Number((t / 1000).toFixed(3)), level, _app: app, ...extra }, label);
  const task = (t: number, host: string, name: string, took: number, result: string, label: Label = null) => {
    const id = r.uuid();
    gelf(t, host, 6, `Task ${name}[${id}] received`, host.replace(/-\d$/, ""), { _logger: "celery.worker.strategy" });
    gelf(
      t + took * 1000,
      host,
      6,
      `Task ${name}[${id}] succeeded in ${took.toFixed(r.chance(0.5) ? 3 : 2)}s: ${result}`,
      host.replace(/-\d$/, ""),
      { _logger: "celery.app.trace" },
      label,
    );
  };
  const redis = (t: number, sym: string, msg: string, level = 6, label: Label = null) => {
    const d = new Date(Math.floor(t));
    const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
    const stamp = `${String(d.getUTCDate()).padStart(2, "0")} ${mon} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
    gelf(t, "redis-broker-0", level, `1:M ${stamp} ${sym} ${msg}`, "redis-broker", { _logger: "redis" }, label);
  };

  // ---- the deploy that starts it ----
  gelf(
    tDeploy,
    "reports-worker-1",
    6,
    "Connected to redis://redis-broker:6379/0",
    "reports-worker",
    { _logger: "celery.worker.consumer.connection" },
    "pattern",
  );
  gelf(
    tDeploy + 800,
    "reports-worker-1",
    6,
    "celery@reports-worker-1 ready. (v3.2.0, result_expires=None, result_extended=True)",
    "reports-worker",
    { _logger: "celery.apps.worker" },
    "pattern",
  );

  // ---- beat and scheduled tasks ----
  for (const t of every(r, start, end, MIN, 300)) {
    if (down(t)) continue;
    const full = t >= tFull && t < tStop;
    if (full) {
      gelf(
        t,
        "celery-beat-0",
        3,
        "Message Error: Couldn't apply scheduled task send-due-reminders: OOM command not allowed when used memory > 'maxmemory'.",
        "celery-beat",
        { _logger: "celery.beat" },
        "memory",
      );
      continue;
    }
    gelf(t, "celery-beat-0", 6, "Scheduler: Sending due task send-due-reminders (notices.tasks.send_due_reminders)", "celery-beat", { _logger: "celery.beat" });
    const slow = t > tFull - 5 * MIN && t < tFull;
    const took = slow ? r.float(14, 40) : r.logNormal(1.9, 0.3);
    task(t + r.int(20, 200), r.pick(workers), "notices.tasks.send_due_reminders", took, `{'sent': ${r.int(3, 80)}}`, slow ? "performance" : null);
  }
  for (const t of every(r, start, end, 5 * MIN, 2 * SEC)) {
    if (down(t) || (t >= tFull && t < tStop)) continue;
    gelf(t, "celery-beat-0", 6, "Scheduler: Sending due task sync-holds (catalogue.tasks.sync_holds)", "celery-beat", { _logger: "celery.beat" });
    task(t + r.int(20, 300), "catalogue-worker-1", "catalogue.tasks.sync_holds", r.logNormal(11, 0.25), "None");
  }
  for (const t of every(r, start, end, 10 * MIN, 2 * SEC)) {
    if (down(t) || (t >= tFull && t < tStop)) continue;
    gelf(t, "celery-beat-0", 6, "Scheduler: Sending due task overdue-report (reports.tasks.build_overdue_report)", "celery-beat", { _logger: "celery.beat" });
    task(
      t + r.int(20, 300),
      "reports-worker-1",
      "reports.tasks.build_overdue_report",
      r.logNormal(6.5, 0.2),
      `{'rows': ${r.int(1200, 2400)}, 'format': 'xlsx'}`,
    );
  }
  // ---- e-mail notices (the bulk of the log) ----
  for (const t of arrivals(r, start, end, (22 * SEC) / vol)) {
    const host = r.pick(workers);
    if (down(t)) continue;
    if (t >= tFull && t < tStop) {
      const id = r.uuid();
      gelf(t, host, 6, `Task notices.tasks.send_email[${id}] received`, "notices-worker", { _logger: "celery.worker.strategy" });
      gelf(
        t + r.int(300, 900),
        host,
        3,
        `Task notices.tasks.send_email[${id}] raised unexpected: OutOfMemoryError("command not allowed when used memory > 'maxmemory'.")`,
        "notices-worker",
        { _logger: "celery.app.trace", _exc_type: "redis.exceptions.OutOfMemoryError" },
        "memory",
      );
      continue;
    }
    if (r.chance(0.04)) {
      const id = r.uuid();
      gelf(
        t,
        host,
        4,
        `Task notices.tasks.send_email[${id}] retry: Retry in 60s: SMTPRecipientsRefused({'${r.alnum(7)}@${r.pick(["gmail.com", "btinternet.com", "outlook.com"])}': (550, b'5.1.1 <mailbox unavailable>')})`,
        "notices-worker",
        { _logger: "celery.app.trace" },
      );
      continue;
    }
    task(t, host, "notices.tasks.send_email", r.logNormal(0.42, 0.3), "None");
  }

  // ---- Redis broker: memory monitor and persistence ----
  for (const t of every(r, start, end, 60 * SEC, SEC)) {
    if (down(t)) continue;
    const used = Math.round(usedAt(t));
    const max = t >= tUp ? MAX * 2 : MAX;
    const pct = used / max;
    const label: Label = pct > 0.7 ? "memory" : null;
    gelf(
      t,
      "redis-exporter-0",
      label ? 4 : 6,
      "redis memory",
      "redis-monitor",
      { _used_memory: used, _maxmemory: max, _keys: Math.round(used / 6100), _evicted_keys: 0 },
      label,
    );
  }
  for (const t of every(r, start, end, 5 * MIN, 20 * SEC)) {
    if (down(t)) continue;
    const pid = r.int(2000, 90000);
    const heavy = t > tDeploy + 8 * MIN && t < tUp;
    redis(t, "*", `${r.int(100, 900)} changes in 300 seconds. Saving...`);
    redis(t + 5, "*", `Background saving started by pid ${pid}`);
    const cow = heavy ? r.int(300, 900) : r.int(1, 6);
    redis(t + (heavy ? r.int(9000, 20000) : r.int(600, 1900)), "*", "DB saved on disk", 6);
    redis(
      t + (heavy ? r.int(20000, 21000) : r.int(2000, 2100)),
      "*",
      `Fork CoW for RDB: current ${cow} MB, peak ${cow} MB, average ${Math.max(1, Math.round(cow / 2))} MB`,
      6,
      heavy ? "memory" : null,
    );
    redis(t + (heavy ? r.int(21000, 22000) : r.int(2100, 2300)), "*", "Background saving terminated with success");
  }
  // OOM rejections seen by the broker's clients while full.
  for (const t of arrivals(r, tFull, tStop, 40 * SEC)) {
    gelf(
      t,
      "reports-worker-1",
      3,
      "Failed to store result for task reports.tasks.build_overdue_report: OOM command not allowed when used memory > 'maxmemory'.",
      "reports-worker",
      { _logger: "celery.backends.redis" },
      "memory",
    );
  }

  // ---- ops restarts Redis with maxmemory 4gb ----
  redis(tStop, "#", "User requested shutdown...", 4, "pattern");
  redis(tStop + 30, "*", "Saving the final RDB snapshot before exiting.", 6, "pattern");
  redis(tStop + 9000, "#", "Redis is now ready to exit, bye bye...", 4, "pattern");
  for (const [i, w] of [...workers, "catalogue-worker-1", "reports-worker-1"].entries()) {
    const t = tStop + 9200 + i * r.int(50, 300);
    const app = w.replace(/-\d$/, "");
    gelf(
      t,
      w,
      4,
      "consumer: Connection to broker lost. Trying to re-establish the connection...",
      app,
      { _logger: "celery.worker.consumer.consumer" },
      "error",
    );
    let tt = t + 2000;
    for (let k = 1; tt < tUp; k++) {
      gelf(
        tt,
        w,
        3,
        `consumer: Cannot connect to redis://redis-broker:6379/0: Error 111 connecting to redis-broker:6379. Connection refused.. Trying again in ${(2 * k).toFixed(2)} seconds... (${k}/100)`,
        app,
        { _logger: "celery.worker.consumer.consumer" },
        "error",
      );
      tt += 2000 * k + r.int(0, 200);
    }
    gelf(tt + 100, w, 6, "Connected to redis://redis-broker:6379/0", app, { _logger: "celery.worker.consumer.connection" }, "pattern");
    gelf(tt + 300, w, 6, "mingle: searching for neighbors", app, { _logger: "celery.worker.consumer.mingle" }, "pattern");
    gelf(tt + 1400, w, 6, "mingle: sync with 3 nodes", app, { _logger: "celery.worker.consumer.mingle" }, "pattern");
    gelf(tt + 1450, w, 6, "mingle: sync complete", app, { _logger: "celery.worker.consumer.mingle" }, "pattern");
    gelf(tt + 1600, w, 6, `celery@${w} ready.`, app, { _logger: "celery.apps.worker" }, "pattern");
  }
  redis(tUp - 900, "*", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo", 6, "pattern");
  redis(tUp - 890, "*", "Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started", 6, "pattern");
  redis(tUp - 880, "*", "Configuration loaded", 6, "pattern");
  redis(tUp - 700, "*", "Server initialized", 6, "pattern");
  redis(tUp - 690, "*", "Loading RDB produced by version 7.2.4", 6, "pattern");
  redis(tUp - 20, "*", `DB loaded from disk: ${r.float(2, 5).toFixed(3)} seconds`, 6, "pattern");
  redis(tUp, "*", "Ready to accept connections tcp", 6, "pattern");
  gelf(
    tUp + r.int(60, 120) * SEC,
    "ops-runbook",
    5,
    `FLUSH of celery-task-meta-* keys: ${r.int(180000, 260000)} keys removed by on-call`,
    "ops-runbook",
    {},
    "pattern",
  );

  return tl.build(
    "library-celery-redis-broker-oom",
    "Small incident: library notice workers (Celery, GELF); results without expiry fill the Redis broker to maxmemory, tasks fail with OOM errors, Redis is restarted, workers reconnect.",
  );
}
