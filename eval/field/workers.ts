// Background job workers: a Celery worker logging through structlog, and Sidekiq with its JSON
// formatter.

import type { Scenario } from "../blind/types.js";
import { arrivals, Incident, type Label, rngFor, round, structlog, ticks, windowStart } from "./gen.js";

/**
 * A new report template loads whole datasets into memory and never frees them: the Celery
 * worker's memory_percent creeps from ~45 % towards its limit, the kernel kills a pool process,
 * its task is lost, and the creep starts again.
 */
export function celeryReportMemoryCreep(seed: number): Scenario {
  const name = "celery-report-worker-memory-creep";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 50 * 60_000;
  const leakStart = t0 + rng.int(8, 12) * 60_000;
  const workers = ["report-worker-0", "report-worker-1"];
  // When each worker's pool process is killed; the creep restarts from the baseline after it.
  const kills = new Map(workers.map((w, i) => [w, leakStart + (24 + i * 5 + rng.int(0, 3)) * 60_000]));
  const memory = (w: string, t: number): number => {
    const base = 44 + rng.normal() * 2.5;
    if (t < leakStart) return base;
    const kill = kills.get(w)!;
    const from = t < kill ? leakStart : kill + 20_000;
    const ramp = (56 * (t - from)) / (kill - leakStart);
    return Math.min(99.2, base + ramp);
  };

  const tasks = [
    ["reports.generate_pdf", 2.4, 5],
    ["reports.generate_quarterly_summary", 14, 1],
    ["notifications.send_digest", 0.35, 4],
    ["billing.sync_invoices", 1.1, 2],
    ["search.reindex_customer", 0.2, 3],
  ] as const;
  const log = (t: number, level: string, w: string, logger: string, event: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    inc.add(t, structlog(t, level, "report-worker", logger, event, { hostname: `celery@${w}`, ...extra }), label);

  for (const t of arrivals(rng, t0, end, 0.45)) {
    const w = rng.pick(workers);
    const [task, median] = rng.weighted(tasks.map((x) => [x, x[2]] as const));
    const id = rng.uuid();
    log(t, "info", w, "celery.worker.strategy", `Task ${task}[${id}] received`, { task_id: id, task_name: task });
    const runtime = rng.logNormal(median, 0.5);
    const done = t + runtime * 1000 + rng.int(2, 40);
    if (task === "billing.sync_invoices" && rng.chance(0.12)) {
      // Routine: the billing provider is flaky; the task retries itself a minute later.
      log(
        done,
        "warning",
        w,
        "celery.app.trace",
        `Task ${task}[${id}] retry: Retry in 60s: ConnectionError(ReadTimeoutError("HTTPSConnectionPool(host='api.billing.example', port=443): Read timed out. (read timeout=10)"))`,
        {
          task_id: id,
          task_name: task,
        },
      );
      continue;
    }
    if (task === "reports.generate_pdf")
      log(t + 30, "info", w, "reports.pdf", "rendering report", {
        report_id: rng.int(1e5, 9e5),
        pages: rng.int(1, 40),
        template: rng.pick(["invoice-v3", "statement-v2", "usage-v5"]),
      });
    if (task === "reports.generate_quarterly_summary" && t >= leakStart)
      log(t + 50, "info", w, "reports.summary", "loaded dataset", {
        rows: rng.int(2_000_000, 6_000_000),
        template: "quarterly-summary-v2",
        tenant: `t-${rng.int(100, 999)}`,
      });
    log(done, "info", w, "celery.app.trace", `Task ${task}[${id}] succeeded in ${runtime.toFixed(6)}s: None`, {
      task_id: id,
      task_name: task,
      duration_ms: round(runtime * 1000, 1),
    });
  }

  // The kernel's OOM killer takes the pool process running the biggest summary; its task is lost.
  for (const [w, kill] of kills) {
    const id = rng.uuid();
    const task = "reports.generate_quarterly_summary";
    const received = kill - rng.int(20_000, 60_000);
    log(received, "info", w, "celery.worker.strategy", `Task ${task}[${id}] received`, { task_id: id, task_name: task });
    log(received + 50, "info", w, "reports.summary", "loaded dataset", {
      rows: rng.int(6_000_000, 9_000_000),
      template: "quarterly-summary-v2",
      tenant: `t-${rng.int(100, 999)}`,
    });
    log(
      kill,
      "error",
      w,
      "celery.concurrency.asynpool",
      `Process 'ForkPoolWorker-${rng.int(1, 4)}' pid:${rng.int(200, 900)} exited with 'signal 9 (SIGKILL)'`,
      {},
      "memory",
    );
    const job = rng.int(1000, 9000);
    log(
      kill + rng.int(5, 40),
      "error",
      w,
      "celery.app.trace",
      `Task handler raised error: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${job}.')`,
      { task_id: id, task_name: task, exception: `billiard.exceptions.WorkerLostError: Worker exited prematurely: signal 9 (SIGKILL) Job: ${job}.` },
      "error",
    );
  }

  // Heartbeat from a worker_heartbeat hook: pool size and the container's memory against its limit.
  for (const w of workers) {
    for (const t of ticks(rng, t0, end, 15_000, 1000)) {
      const pct = memory(w, t);
      log(
        t,
        pct > 85 ? "warning" : "info",
        w,
        "worker.health",
        "worker heartbeat",
        { memory_percent: round(pct, 1), rss_mb: Math.round((pct / 100) * 4096), pool_processes: 4, active_tasks: rng.int(0, 4) },
        pct >= 65 ? "memory" : null,
      );
    }
  }

  // celery beat, the scheduler.
  const beatTasks = [
    "cleanup-expired-sessions (sessions.cleanup)",
    "send-daily-digests (notifications.send_digest)",
    "sync-invoices (billing.sync_invoices)",
    "refresh-exchange-rates (billing.refresh_rates)",
  ];
  for (const t of ticks(rng, t0, end, 30_000, 500)) {
    inc.add(t, structlog(t, "info", "celery-beat", "celery.beat", `Scheduler: Sending due task ${rng.pick(beatTasks)}`, { hostname: "celery-beat-0" }));
  }

  return inc.scenario(
    name,
    "A report template leaks memory in Celery workers: memory_percent creeps towards the limit, pool processes are SIGKILLed and their tasks lost",
  );
}

/**
 * A deploy at the start of the window ships a webhook job that calls a method on a nil signing
 * secret: from the first minute every WebhookDeliveryJob fails with the same NoMethodError and is
 * retried, among jobs that succeed and a feed sync that times out routinely.
 */
export function sidekiqDeployNoMethodError(seed: number): Scenario {
  const name = "sidekiq-deploy-webhook-nomethoderror";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 30 * 60_000;
  const pids = [rng.int(7, 40), rng.int(41, 90)];
  const host = ["sidekiq-default-85c6d-b7x2k", "sidekiq-default-85c6d-q9m4w"];
  const tid = () => rng.alnum(4);

  const line = (t: number, lvl: string, msg: string, ctx: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => {
    const i = rng.int(0, 1);
    return { ts: new Date(t).toISOString(), pid: pids[i], tid: tid(), lvl, msg, ctx, service: "sidekiq-default", host: host[i], ...extra };
  };

  // Boot, as every deploy writes it.
  for (let i = 0; i < 2; i++) {
    const t = t0 + i * 700 + rng.int(0, 300);
    inc.add(t, line(t, "INFO", `Booting Sidekiq 7.2.4 with Sidekiq::RedisConnection::RedisClientAdapter options {:url=>"redis://redis-jobs:6379/0"}`));
    inc.add(t + 900, line(t + 900, "INFO", "Running in ruby 3.3.1 (2024-04-23 revision c56cd86388) [x86_64-linux]"));
    inc.add(t + 901, line(t + 901, "INFO", "Sidekiq Pro 7.2.0, commercially licensed."));
    inc.add(t + 1200, line(t + 1200, "INFO", "Starting processing, hit Ctrl-C to stop"));
  }

  const jobs = [
    ["ActionMailer::MailDeliveryJob", 0.45, 4],
    ["SearchIndexJob", 0.12, 4],
    ["ImageVariantJob", 1.6, 2],
    ["AbandonedCartReminderJob", 0.3, 1],
    ["ExternalFeedSyncJob", 4.5, 0.6],
    ["WebhookDeliveryJob", 0.25, 2.5],
  ] as const;
  for (const t of arrivals(rng, t0 + 2500, end, 0.55)) {
    const [klass, median] = rng.weighted(jobs.map((j) => [j, j[2]] as const));
    const jid = rng.hex(24);
    const ctx = { class: klass, jid };
    inc.add(t, line(t, "INFO", "start", ctx));
    if (klass === "WebhookDeliveryJob") {
      const el = rng.logNormal(0.02, 0.4);
      const tf = t + el * 1000;
      const retry = rng.weighted([
        [0, 5],
        [1, 3],
        [2, 2],
        [3, 1],
        [4, 0.5],
      ] as const);
      inc.add(tf, line(tf, "INFO", "fail", { ...ctx, elapsed: el.toFixed(3) }, { elapsed_ms: round(el * 1000, 1) }), "error");
      const job = {
        retry: true,
        queue: "webhooks",
        class: klass,
        args: [rng.int(1e6, 9e6), "order.shipped"],
        jid,
        retry_count: retry,
        created_at: (t - retry * 60_000) / 1000,
      };
      inc.add(tf + 1, line(tf + 1, "WARN", JSON.stringify({ context: "Job raised exception", job }), ctx), "error");
      inc.add(tf + 1, line(tf + 1, "WARN", "NoMethodError: undefined method `signing_secret' for nil", ctx), "error");
      inc.add(
        tf + 2,
        line(
          tf + 2,
          "WARN",
          "/app/app/jobs/webhook_delivery_job.rb:23:in `perform'\n/app/vendor/bundle/ruby/3.3.0/gems/sidekiq-7.2.4/lib/sidekiq/processor.rb:220:in `execute_job'\n/app/vendor/bundle/ruby/3.3.0/gems/sidekiq-7.2.4/lib/sidekiq/processor.rb:185:in `block (4 levels) in process'",
          ctx,
        ),
        "error",
      );
      continue;
    }
    if (klass === "ExternalFeedSyncJob" && rng.chance(0.3)) {
      // Routine: the supplier's feed endpoint often times out; the job is retried and catches up.
      const el = 15 + rng.next() * 0.05;
      const tf = t + el * 1000;
      inc.add(tf, line(tf, "INFO", "fail", { ...ctx, elapsed: el.toFixed(3) }, { elapsed_ms: round(el * 1000, 1) }));
      const job = {
        retry: 5,
        queue: "low",
        class: klass,
        args: [rng.pick(["supplier-acme", "supplier-northwind", "supplier-globex"])],
        jid,
        retry_count: rng.int(0, 2),
      };
      inc.add(tf + 1, line(tf + 1, "WARN", JSON.stringify({ context: "Job raised exception", job }), ctx));
      inc.add(tf + 1, line(tf + 1, "WARN", "Net::ReadTimeout: Net::ReadTimeout with #<TCPSocket:(closed)>", ctx));
      inc.add(
        tf + 2,
        line(
          tf + 2,
          "WARN",
          "/usr/local/lib/ruby/3.3.0/net/protocol.rb:229:in `rbuf_fill'\n/app/app/services/feed_client.rb:41:in `fetch'\n/app/app/jobs/external_feed_sync_job.rb:12:in `perform'",
          ctx,
        ),
      );
      continue;
    }
    const el = rng.logNormal(median, 0.5);
    const td = t + el * 1000;
    if (klass === "SearchIndexJob" && rng.chance(0.3)) inc.add(t + 5, line(t + 5, "INFO", `Indexed Product#${rng.int(1, 90_000)} into products_v12`, ctx));
    if (klass === "ActionMailer::MailDeliveryJob" && rng.chance(0.5))
      inc.add(t + 10, line(t + 10, "INFO", `Delivered mail ${rng.hex(12)}@mail.shop.example (${Math.round(el * 700)}ms)`, ctx));
    inc.add(td, line(td, "INFO", "done", { ...ctx, elapsed: el.toFixed(3) }, { elapsed_ms: round(el * 1000, 1) }));
  }
  for (const t of ticks(rng, t0 + 5000, end, 60_000, 2000)) {
    inc.add(t, line(t, "INFO", `Pruned ${rng.int(0, 30)} dead jobs, retry set size ${rng.int(10, 400)}`, {}, {}));
  }

  return inc.scenario(
    name,
    "From the first minute after a deploy every Sidekiq WebhookDeliveryJob fails with the same NoMethodError, among routine feed-sync timeouts",
  );
}
