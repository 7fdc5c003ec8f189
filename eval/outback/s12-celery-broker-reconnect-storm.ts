// Celery billing workers (python-json-logger) and their RabbitMQ broker (RabbitMQ's JSON log
// formatter). A dead-letter queue nobody consumes grows until the broker's memory alarm blocks
// publishers; missed heartbeats follow and the workers' ordinary "Connection to broker lost"
// reconnect, normally a handful of times a day, storms at many times its usual rate while task
// runtimes balloon. Purging the queue clears the alarm.
import type { Scenario } from "../blind/types.js";
import { HOUR, isoMicro, type Label, MIN, Rand, round, Timeline, windowStart } from "./lib.js";

export function celeryBrokerReconnectStorm(seed: number): Scenario {
  const r = new Rand(seed, "s12-celery");
  const tl = new Timeline();
  const t0 = windowStart(r, 0, 23);
  const t1 = t0 + 3 * HOUR;
  const alarm = t0 + r.float(70, 110) * MIN;
  const cleared = alarm + r.float(24, 34) * MIN;
  const workers = Array.from({ length: r.int(5, 7) }, (_, i) => `celery@billing-worker-${i}`);
  const node = "rabbit@mq-0";
  let erlPid = r.int(10_000, 60_000);

  const rabbit = (t: number, level: string, msg: string, domain: string, label: Label) =>
    tl.add(t, { time: isoMicro(t, " "), level, msg, pid: `<0.${erlPid++}.0>`, domain, node }, label);
  const celery = (t: number, level: string, name: string, message: string, host: string, extra: Record<string, unknown>, label: Label) =>
    tl.add(
      t,
      {
        timestamp: isoMicro(t),
        levelname: level,
        name,
        message,
        service: "billing-worker",
        hostname: host,
        processName: extra.processName ?? "MainProcess",
        ...extra,
      },
      label,
    );

  const inAlarm = (t: number) => t >= alarm && t < cleared;

  // Tasks: received + succeeded.
  for (const t of r.stream(8200, t0, t1)) {
    const w = r.pick(workers);
    const id = r.uuid();
    const task = r.weighted([
      ["billing.tasks.render_invoice_pdf", 5],
      ["billing.tasks.send_invoice_email", 4],
      ["billing.tasks.sync_payment_status", 3],
    ] as const);
    const base = task.endsWith("pdf") ? 0.6 : task.endsWith("email") ? 0.25 : 0.12;
    const slow = inAlarm(t) && r.chance(0.55);
    const secs = slow ? r.float(8, 45) : r.logNormal(base, 0.35);
    celery(t, "INFO", "celery.worker.strategy", `Task ${task}[${id}] received`, w, {}, null);
    celery(
      t + secs * 1000,
      "INFO",
      "celery.app.trace",
      `Task ${task}[${id}] succeeded in ${round(secs, 6)}s: None`,
      w,
      { processName: `ForkPoolWorker-${r.int(1, 8)}`, task_name: task, task_id: id, runtime: round(secs, 6) },
      slow ? "performance" : null,
    );
  }
  // Routine broker chatter: short-lived connections from the billing API publishers.
  for (const t of r.stream(150_000, t0, t1)) {
    const c = `<0.${r.int(10_000, 60_000)}.0>`;
    const peer = `10.0.${r.int(1, 3)}.${r.int(10, 90)}:${r.int(30000, 61000)} -> 10.0.9.5:5672`;
    rabbit(t, "info", `accepting AMQP connection ${c} (${peer})`, "rabbitmq.connection", null);
    rabbit(
      t + r.float(3, 20),
      "info",
      `connection ${c} (${peer}): user 'billing' authenticated and granted access to vhost '/billing'`,
      "rabbitmq.connection",
      null,
    );
    rabbit(t + r.float(1000, 90_000), "info", `closing AMQP connection ${c} (${peer}, vhost: '/billing', user: 'billing')`, "rabbitmq.connection", null);
  }
  // The ordinary reconnect: a few times in a normal window (idle LB timeouts).
  const ordinaryReconnect = (t: number, w: string, label: Label) => {
    celery(
      t,
      "WARNING",
      "celery.worker.consumer.consumer",
      "consumer: Connection to broker lost. Trying to re-establish the connection...",
      w,
      {
        exc_info:
          'Traceback (most recent call last):\n  File "/usr/local/lib/python3.11/site-packages/celery/worker/consumer/consumer.py", line 340, in start\n    blueprint.start(self)\nConnectionResetError: [Errno 104] Connection reset by peer',
      },
      label,
    );
    const peer = `10.0.4.${r.int(10, 90)}:${r.int(30000, 61000)} -> 10.0.9.5:5672`;
    rabbit(
      t - r.float(5, 200),
      "warning",
      `closing AMQP connection <0.${r.int(10_000, 60_000)}.0> (${peer}, vhost: '/billing', user: 'celery'):\nclient unexpectedly closed TCP connection`,
      "rabbitmq.connection",
      label,
    );
    rabbit(t + r.float(1500, 4000), "info", `accepting AMQP connection <0.${r.int(10_000, 60_000)}.0> (${peer})`, "rabbitmq.connection", label);
    celery(
      t + r.float(4100, 6000),
      "INFO",
      "celery.worker.consumer.connection",
      "Connected to amqp://celery:**@rabbitmq.billing.svc:5672//billing",
      w,
      {},
      label,
    );
  };
  for (const t of r.times(r.int(3, 6), t0, t1)) ordinaryReconnect(t, r.pick(workers), null);

  // The incident.
  const dlq = r.int(1_800_000, 2_600_000);
  for (let t = alarm - r.float(30, 50) * MIN; t < alarm; t += r.float(4, 7) * MIN) {
    rabbit(
      t,
      "warning",
      `Queue 'billing.invoices.dlq' in vhost '/billing' has ${Math.round(dlq * (1 - (alarm - t) / (60 * MIN)))} messages ready and 0 consumers`,
      "rabbitmq.queue",
      "memory",
    );
  }
  rabbit(
    alarm,
    "warning",
    `memory resource limit alarm set on node '${node}'.\n\n**********************************************************\n*** Publishers will be blocked until this alarm clears ***\n**********************************************************`,
    "rabbitmq.alarm",
    "memory",
  );
  rabbit(
    alarm + 5,
    "info",
    `vm_memory_high_watermark set. Memory used:${r.int(3_300_000_000, 3_400_000_000)} allowed:${3_298_534_883}`,
    "rabbitmq.alarm",
    "memory",
  );
  for (let t = alarm + 10 * MIN; t < cleared; t += 10 * MIN) {
    rabbit(
      t,
      "warning",
      `memory resource limit alarm still set on node '${node}': used ${r.int(3_300_000_000, 3_500_000_000)} bytes, limit 3298534883 bytes`,
      "rabbitmq.alarm",
      "memory",
    );
  }
  for (const t of r.times(r.int(8, 16), alarm + 20_000, cleared)) {
    const c = `<0.${r.int(10_000, 60_000)}.0>`;
    rabbit(
      t,
      "error",
      `closing AMQP connection ${c} (10.0.${r.int(1, 3)}.${r.int(10, 90)}:${r.int(30000, 61000)} -> 10.0.9.5:5672):\nmissed heartbeats from client, timeout: 60s`,
      "rabbitmq.connection",
      "error",
    );
  }
  // The storm: every worker reconnects again and again.
  for (const w of workers) {
    for (let t = alarm + r.float(60_000, 120_000); t < cleared; t += r.float(150_000, 270_000)) {
      ordinaryReconnect(t, w, "pattern");
      if (r.chance(0.4))
        celery(
          t + r.float(2000, 3000),
          "ERROR",
          "celery.worker.consumer.consumer",
          `consumer: Cannot connect to amqp://celery:**@rabbitmq.billing.svc:5672//billing: [Errno 104] Connection reset by peer.\nTrying again in ${r.pick(["2.00", "4.00", "6.00"])} seconds... (${r.int(1, 4)}/100)`,
          w,
          {},
          "pattern",
        );
    }
  }
  rabbit(cleared - 30_000, "info", `Purged ${dlq} messages from queue 'billing.invoices.dlq' in vhost '/billing' (user: 'ops-admin')`, "rabbitmq.queue", null);
  rabbit(cleared, "info", `memory resource limit alarm cleared on node '${node}'`, "rabbitmq.alarm", null);
  rabbit(cleared + 2, "info", "Publishers are unblocked", "rabbitmq.alarm", null);

  return tl.build(
    "celery-broker-reconnect-storm",
    "Celery JSON and RabbitMQ JSON logs: a growing dead-letter queue trips the broker's memory alarm and the workers' ordinary broker-reconnect line storms at many times its usual rate.",
  );
}
