// Duplicate deliveries after a RabbitMQ memory alarm: a manually triggered catalog reindex floods
// a queue, the broker node crosses its memory high watermark and blocks publishers, order-service's
// publisher confirms time out and it republishes, and after the alarm clears the fulfillment
// workers receive the same orders twice (skipped as duplicates, or failing on a unique shipment).
// Decoys: a rolling restart of the workers (connections closed and reopened), monitoring
// connections opened and closed every few seconds, routine nack-and-redeliver of a few messages.

import type { Scenario } from "../blind/types.js";
import { canonical, type Lvl, logback, rabbit, structlog } from "./producers.js";
import { Rng } from "./rng.js";
import { every, fmtInt, type Label, MIN, pickStart, poisson, round, SEC, Timeline } from "./timeline.js";

const NODES = ["rabbit@rmq-0", "rabbit@rmq-1", "rabbit@rmq-2"];

export function rabbitDuplicateDeliveries(seed: number): Scenario {
  const rng = new Rng(seed, "rabbitmq-duplicate-deliveries");
  const start = pickStart(rng, [9, 10, 11, 14, 15, 16]);
  const tl = new Timeline(start, start + rng.int(50, 64) * MIN);
  const end = tl.end;
  const deployAt = tl.at(rng.float(0.12, 0.25));
  const reindexAt = tl.at(rng.float(0.5, 0.6));
  const warnAt = reindexAt + rng.int(150, 260) * SEC;
  const alarmAt = warnAt + rng.int(70, 140) * SEC;
  const clearAt = alarmAt + rng.int(300, 480) * SEC;
  const limit = 3435973836;

  let pidN = rng.int(9000, 30000);
  const erlPid = () => {
    pidN += rng.int(3, 400);
    return `<0.${pidN}.0>`;
  };
  const brokerIp = ["10.0.2.7", "10.0.2.8", "10.0.2.9"];

  // --- broker: monitoring connections open and close, routinely
  const mRng = rng.fork("monitoring");
  for (const [ni, node] of NODES.entries()) {
    every(mRng, start + mRng.int(0, 45_000), end, 45 * SEC, 3000, (t) => {
      const pid = erlPid();
      const from = `10.0.9.${mRng.int(10, 20)}:${mRng.int(32000, 61000)}`;
      const conn = `${from} -> ${brokerIp[ni]}:5672`;
      tl.add(t, (tt) => rabbit(tt, node, "info", `accepting AMQP connection ${conn}`, pid, "rabbitmq.connection"));
      tl.add(t + 4, (tt) =>
        rabbit(tt, node, "info", `connection ${pid} (${conn}): user 'monitoring' authenticated and granted access to vhost '/'`, pid, "rabbitmq.connection"),
      );
      tl.add(t + mRng.int(30, 90), (tt) =>
        rabbit(tt, node, "info", `closing AMQP connection ${pid} (${conn}, vhost: '/', user: 'monitoring')`, pid, "rabbitmq.connection"),
      );
    });
    poisson(mRng, start, end, 6 * MIN, (t) => {
      const pid = erlPid();
      tl.add(t, (tt) =>
        rabbit(
          tt,
          node,
          "warn",
          `closing AMQP connection ${pid} (10.0.${mRng.int(3, 8)}.${mRng.int(2, 250)}:${mRng.int(32000, 61000)} -> ${brokerIp[ni]}:5672):\nclient unexpectedly closed TCP connection`,
          pid,
          "rabbitmq.connection",
        ),
      );
    });
  }

  // --- the reindex job floods search.reindex; the memory alarm on rmq-1
  const jRng = rng.fork("reindex");
  const job = `catalog-reindex-manual-${jRng.alnum(3)}`;
  const jpod = jRng.podSuffix(job);
  const jlog = (t: number, level: Lvl, msg: string, extra: Record<string, unknown> = {}) =>
    structlog(t, "reindex.publisher", level, msg, { service: "catalog-reindex", pod: jpod, job, ...extra });
  const total = jRng.int(1_600_000, 2_400_000);
  tl.add(
    reindexAt,
    (t) => jlog(t, "info", "starting full catalog reindex", { trigger: "manual", requested_by: "kubectl", batch_size: 5000, target_queue: "search.reindex" }),
    "pattern",
  );
  tl.add(reindexAt + 2200, (t) => jlog(t, "info", "loaded product snapshot", { products: total, snapshot: "s3://acme-catalog/snapshots/latest.parquet" }));
  let published = 0;
  for (let t = reindexAt + 30 * SEC; t < clearAt; t += jRng.int(28, 34) * SEC) {
    const blocked = t > alarmAt;
    published += blocked ? 0 : jRng.int(150_000, 230_000);
    if (published > total) break;
    const p = published;
    tl.add(
      t,
      (tt) =>
        jlog(tt, blocked ? "warn" : "info", blocked ? "publisher blocked by broker; waiting" : "progress", {
          published: p,
          total,
          confirm_lag: blocked ? jRng.int(5000, 9000) : jRng.int(200, 3000),
        }),
      "pattern",
    );
  }
  tl.add(
    clearAt - jRng.int(20, 50) * SEC,
    (t) => jlog(t, "warn", "received SIGTERM; aborting reindex", { published, unpublished: total - published }),
    "pattern",
  );

  tl.add(
    warnAt,
    (t) =>
      canonical(t, "alertmanager", "warn", "[FIRING:1] RabbitMQMemoryHigh rabbit@rmq-1 (memory used 91% of high watermark)", {
        alertname: "RabbitMQMemoryHigh",
        severity: "warning",
        instance: "rabbit@rmq-1",
        status: "firing",
        memory_pct: round(jRng.float(90, 93), 1),
      }),
    "memory",
  );
  const used = limit + jRng.int(1000, 900000);
  tl.add(alarmAt, (t) => rabbit(t, "rabbit@rmq-1", "info", `vm_memory_high_watermark set. Memory used:${used} allowed:${limit}`, "<0.241.0>"), "memory");
  tl.add(
    alarmAt + 2,
    (t) =>
      rabbit(
        t,
        "rabbit@rmq-1",
        "warn",
        "memory resource limit alarm set on node 'rabbit@rmq-1'.\n\n**********************************************************\n*** Publishers will be blocked until this alarm clears ***\n**********************************************************",
        "<0.238.0>",
      ),
    "memory",
  );
  for (const other of ["rabbit@rmq-0", "rabbit@rmq-2"]) {
    tl.add(
      alarmAt + jRng.int(5, 60),
      (t) =>
        rabbit(
          t,
          other,
          "info",
          "memory resource limit alarm set on node 'rabbit@rmq-1'.\n\n**********************************************************\n*** Publishers will be blocked until this alarm clears ***\n**********************************************************",
          "<0.238.0>",
        ),
      "memory",
    );
  }
  tl.add(
    alarmAt + 60 * SEC,
    (t) =>
      canonical(t, "alertmanager", "error", "[FIRING:1] RabbitMQMemoryAlarm rabbit@rmq-1 (memory alarm active, publishers blocked)", {
        alertname: "RabbitMQMemoryAlarm",
        severity: "critical",
        instance: "rabbit@rmq-1",
        status: "firing",
      }),
    "memory",
  );
  const freed = limit - jRng.int(600_000_000, 900_000_000);
  tl.add(clearAt, (t) => rabbit(t, "rabbit@rmq-1", "info", `vm_memory_high_watermark clear. Memory used:${freed} allowed:${limit}`, "<0.241.0>"));
  tl.add(clearAt + 2, (t) => rabbit(t, "rabbit@rmq-1", "info", "memory resource limit alarm cleared on node 'rabbit@rmq-1'", "<0.238.0>"));
  tl.add(clearAt + jRng.int(90, 200) * SEC, (t) =>
    canonical(t, "alertmanager", "info", "[RESOLVED] RabbitMQMemoryAlarm rabbit@rmq-1", {
      alertname: "RabbitMQMemoryAlarm",
      severity: "critical",
      instance: "rabbit@rmq-1",
      status: "resolved",
    }),
  );

  // --- order-service (Spring AMQP publisher) and the fulfillment workers
  const oRng = rng.fork("orders");
  const oPods = [oRng.pod("order-service"), oRng.pod("order-service")];
  const olog = (t: number, pod: string, level: Lvl, logger: string, msg: string, extra: Record<string, unknown> = {}) =>
    logback(t, "order-service", logger, `http-nio-8080-exec-${oRng.int(1, 40)}`, level, msg, { pod, ...extra });
  const wRng = rng.fork("workers");
  const oldWorkers = [0, 1, 2].map(() => wRng.pod("fulfillment-worker"));
  const newWorkers = [0, 1, 2].map(() => wRng.pod("fulfillment-worker"));
  const swap = [0, 1, 2].map((i) => deployAt + i * wRng.int(25, 45) * SEC);
  const workerAt = (t: number) => {
    const i = wRng.int(0, 2);
    return t < (swap[i] ?? deployAt) + 12 * SEC ? (oldWorkers[i] as string) : (newWorkers[i] as string);
  };
  const tags = new Map<string, number>();
  const wlog = (t: number, pod: string, level: Lvl, msg: string, extra: Record<string, unknown> = {}) =>
    structlog(t, "fulfillment.consumer", level, msg, { service: "fulfillment-worker", pod, queue: "fulfillment.orders", ...extra });
  const deliver = (t: number, order: string, msgId: string, redelivered: boolean, dup: "none" | "skip" | "conflict") => {
    const pod = workerAt(t);
    const tag = (tags.get(pod) ?? wRng.int(1, 400)) + 1;
    tags.set(pod, tag);
    const label: Label = dup === "none" ? null : "pattern";
    tl.add(
      t,
      (tt) => wlog(tt, pod, "info", "processing order.placed", { order_id: order, message_id: msgId, delivery_tag: tag, redelivered }),
      dup === "none" ? null : label,
    );
    if (dup === "skip") {
      tl.add(
        t + wRng.int(3, 20),
        (tt) =>
          wlog(tt, pod, "info", "duplicate message: idempotency key already processed; acking without side effects", {
            order_id: order,
            message_id: msgId,
            delivery_tag: tag,
          }),
        "pattern",
      );
      return;
    }
    if (dup === "conflict") {
      tl.add(
        t + wRng.int(80, 300),
        (tt) =>
          wlog(tt, pod, "error", "failed to create shipment", {
            order_id: order,
            message_id: msgId,
            delivery_tag: tag,
            exception: `psycopg.errors.UniqueViolation: duplicate key value violates unique constraint "shipments_order_id_key"\nDETAIL:  Key (order_id)=(${order}) already exists.`,
          }),
        "error",
      );
      if (wRng.chance(0.5)) {
        tl.add(
          t + wRng.int(400, 900),
          (tt) =>
            wlog(tt, pod, "error", "channel closed by broker", {
              reply_code: 406,
              reply_text: `PRECONDITION_FAILED - unknown delivery tag ${tag}`,
              class_id: 60,
              method_id: 80,
            }),
          "error",
        );
      }
      return;
    }
    const ms = Math.round(wRng.logn(230, 0.4));
    tl.add(t + ms, (tt) =>
      wlog(tt, pod, "info", "shipment created", {
        order_id: order,
        message_id: msgId,
        shipment_id: `shp_${wRng.base62(14)}`,
        duration_ms: ms,
        carrier: wRng.pick(["dhl", "ups", "dpd", "gls"]),
      }),
    );
  };

  poisson(oRng, start, end, 4600, (t) => {
    const order = `ord_${oRng.base62(16)}`;
    const msgId = oRng.uuid();
    const pod = oRng.pick(oPods);
    const total = round(oRng.logn(64, 0.8), 2);
    tl.add(t, (tt) => olog(tt, pod, "info", "com.acme.orders.OrderController", `Order ${order} placed`, { order_id: order, total, currency: "EUR" }));
    const blocked = t >= alarmAt && t < clearAt;
    if (!blocked) {
      tl.add(t + oRng.int(3, 20), (tt) =>
        olog(tt, pod, "debug", "com.acme.orders.events.OrderEventPublisher", `Published order.placed for ${order}`, {
          order_id: order,
          message_id: msgId,
          exchange: "orders",
          routing_key: "order.placed",
        }),
      );
      if (oRng.chance(0.012)) {
        // routine: nack on a transient inventory error, redelivered once
        const w = workerAt(t + 200);
        tl.add(t + 200, (tt) =>
          wlog(tt, w, "warn", "transient error reserving stock; nacking with requeue", {
            order_id: order,
            message_id: msgId,
            error: "inventory-service returned 503",
          }),
        );
        deliver(t + oRng.int(800, 3000), order, msgId, true, "none");
      } else {
        deliver(t + oRng.int(20, 400), order, msgId, false, "none");
      }
      return;
    }
    // Blocked: the publish is held by the broker; the confirm times out after 10 s and the publisher
    // republishes. Both copies are delivered once the alarm clears.
    tl.add(
      t + 10_000 + oRng.int(1, 30),
      (tt) =>
        olog(tt, pod, "warn", "com.acme.orders.events.OrderEventPublisher", `Publisher confirm not received within 10000 ms for ${order}; republishing`, {
          order_id: order,
          message_id: msgId,
          attempt: 1,
        }),
      "error",
    );
    const firstAt = clearAt + oRng.int(200, 60_000);
    const secondAt = firstAt + oRng.int(-400, 3000);
    deliver(firstAt, order, msgId, false, "none");
    deliver(Math.max(secondAt, firstAt + 1), order, msgId, false, secondAt - firstAt < 300 ? "conflict" : "skip");
  });
  // order-service's connection blocked / unblocked notifications
  for (const pod of oPods) {
    tl.add(
      alarmAt + oRng.int(20, 400),
      (t) =>
        olog(t, pod, "warn", "org.springframework.amqp.rabbit.connection.CachingConnectionFactory", "AMQP connection blocked by broker: low on memory", {
          connection: "rabbitConnectionFactory#1:0/SimpleConnection@6b1e7ad3",
        }),
      "pattern",
    );
    tl.add(clearAt + oRng.int(20, 400), (t) =>
      olog(t, pod, "info", "org.springframework.amqp.rabbit.connection.CachingConnectionFactory", "AMQP connection unblocked", {
        connection: "rabbitConnectionFactory#1:0/SimpleConnection@6b1e7ad3",
      }),
    );
  }
  // Order API latency while blocked (the publish is synchronous with the request)
  poisson(oRng, start, end, 8500, (t) => {
    const pod = oRng.pick(oPods);
    const blocked = t >= alarmAt && t < clearAt;
    const ms = blocked && oRng.chance(0.7) ? 10_000 + oRng.int(20, 400) : Math.round(oRng.logn(48, 0.4));
    const status = ms > 10_000 ? 201 : oRng.chance(0.02) ? 422 : 201;
    tl.add(
      t,
      (tt) =>
        olog(tt, pod, "info", "com.acme.orders.web.AccessLog", `POST /api/orders ${status} ${ms}ms`, {
          http_status: status,
          duration_ms: ms,
          route: "/api/orders",
        }),
      ms > 10_000 ? "performance" : null,
    );
  });

  // --- rolling restart of the workers (decoy)
  oldWorkers.forEach((pod, i) => {
    const at = swap[i] ?? deployAt;
    const fresh = newWorkers[i] as string;
    tl.add(at, (t) => wlog(t, pod, "info", "received SIGTERM; cancelling consumer and draining in-flight messages", { prefetch: 20 }));
    const pid = erlPid();
    const conn = `10.0.5.${wRng.int(10, 99)}:${wRng.int(32000, 61000)} -> 10.0.2.8:5672`;
    tl.add(at + 2500, (t) =>
      rabbit(t, "rabbit@rmq-1", "info", `closing AMQP connection ${pid} (${conn}, vhost: '/', user: 'fulfillment')`, pid, "rabbitmq.connection"),
    );
    const pid2 = erlPid();
    const conn2 = `10.0.5.${wRng.int(10, 99)}:${wRng.int(32000, 61000)} -> 10.0.2.8:5672`;
    const up = at + wRng.int(9, 14) * SEC;
    tl.add(up, (t) => rabbit(t, "rabbit@rmq-1", "info", `accepting AMQP connection ${conn2}`, pid2, "rabbitmq.connection"));
    tl.add(up + 5, (t) =>
      rabbit(
        t,
        "rabbit@rmq-1",
        "info",
        `connection ${pid2} (${conn2}): user 'fulfillment' authenticated and granted access to vhost '/'`,
        pid2,
        "rabbitmq.connection",
      ),
    );
    tl.add(up + 300, (t) => wlog(t, fresh, "info", "connected; consuming", { broker: "amqp://rmq-1.rabbitmq.messaging.svc:5672/", prefetch: 20 }));
  });

  // --- search-indexer consumes search.reindex (slower than the flood)
  const sRng = rng.fork("search");
  const sPod = sRng.pod("search-indexer");
  every(sRng, start + sRng.int(0, 60) * SEC, end, 60 * SEC, 2000, (t) => {
    const flood = t > reindexAt && t < clearAt;
    const n = flood ? sRng.int(110_000, 140_000) : sRng.int(200, 1500);
    const depth = flood ? Math.round(((t - reindexAt) / 1000) * sRng.float(4200, 5200)) : sRng.int(0, 40);
    tl.add(t, (tt) =>
      canonical(tt, "search-indexer", "info", `indexed ${fmtInt(n)} documents in the last 60s`, {
        pod: sPod,
        queue: "search.reindex",
        queue_depth: Math.max(0, depth),
        bulk_p95_ms: sRng.int(90, 400),
      }),
    );
  });

  return tl.build(
    "rabbitmq-duplicate-deliveries",
    "A manual catalog reindex floods RabbitMQ until a node's memory alarm blocks publishers; order-service republishes after confirm timeouts and the fulfillment workers receive duplicate orders once the alarm clears",
    rng,
  );
}
