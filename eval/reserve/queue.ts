// A Kafka consumer group that keeps rebalancing because some batches take too long.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, javaStack, type Ln, MIN, Rng, windowStart, Lines } from "./kit.js";

/**
 * After an enrichment call is added to an order-events listener, now and then a batch takes
 * longer than max.poll.interval.ms: the member is dropped, the group rebalances, its commit
 * fails; episodes recur every quarter hour or so until the window ends, one with an OOM.
 */
export function kafkaPollTimeoutRebalances(seed: number): Scenario {
  const r = new Rng(seed, "kafka-poll-timeout-rebalances");
  const start = windowStart(r, 11);
  const end = start + 4 * HOUR;
  const lines = new Lines();
  const members = [0, 1, 2].map((i) => ({
    host: `order-events-consumer-${i}`,
    client: `consumer-order-events-${i + 1}`,
    id: `consumer-order-events-${i + 1}-${r.uuid()}`,
  }));
  const consumer = (
    t: number,
    m: number,
    lvl: Ln["lvl"],
    msg: string,
    label: Ln["label"],
    logger: string,
    f: Record<string, unknown> = {},
    stack?: string,
    exc?: string,
  ): Ln => ({
    t,
    svc: "order-events-consumer",
    lvl,
    msg,
    label,
    fmt: "logback",
    host: members[m]?.host ?? "order-events-consumer-0",
    logger,
    meta: { thread: "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1" },
    f,
    ...(stack !== undefined ? { stack, exc: exc ?? "java.lang.RuntimeException" } : {}),
  });
  const broker = (t: number, msg: string, label: Ln["label"], logger = "kafka.coordinator.group.GroupCoordinator"): Ln => ({
    t,
    svc: "kafka-broker",
    lvl: "INFO",
    msg,
    label,
    fmt: "log4j2",
    host: "kafka-2",
    logger,
    meta: { thread: "data-plane-kafka-request-handler-3", threadId: 88 },
  });
  const prefix = (m: number) => `[Consumer clientId=${members[m]?.client}, groupId=order-events]`;
  const parts: number[][] = [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
    [8, 9, 10, 11],
  ];

  // ---- normal flow ----
  members.forEach((_, m) => {
    for (const t of r.every(start, end, 20_000, 4000)) {
      const p = r.pick(parts[m] ?? [0]);
      const n = r.int(120, 500);
      const ms = Math.round(r.logn(170, 0.35));
      lines.push(
        consumer(t, m, "INFO", `Processed batch of ${n} records from orders-${p} in ${ms} ms`, null, "com.acme.orders.events.OrderEventsListener", {
          records: n,
          partition: p,
          elapsed_ms: ms,
        }),
      );
    }
    for (const t of r.every(start, end, MIN, 3000))
      lines.push(
        consumer(t, m, "INFO", "jvm heap", null, "com.acme.orders.metrics.HeapReporter", { heap_used_pct: r.int(38, 62), gc_pause_ms_1m: r.int(20, 140) }),
      );
  });
  for (const t of r.every(start, end, 30_000, 5000)) {
    const n = r.int(200, 1400);
    lines.push({
      t,
      svc: "order-producer",
      lvl: "INFO",
      msg: "published order events",
      label: null,
      fmt: "zap",
      host: "checkout-outbox-relay-0",
      logger: "relay",
      meta: { caller: "relay/publish.go:92" },
      f: { topic: "orders", count: n, latency_ms: Math.round(r.logn(14, 0.35)) },
    });
  }
  for (const t of r.every(start, end, 10 * MIN, 20_000))
    lines.push(
      broker(t, "[GroupMetadataManager brokerId=2] Removed 0 expired offsets in 1 milliseconds.", null, "kafka.coordinator.group.GroupMetadataManager"),
    );
  for (const t of r.times(r.int(40, 60), start, end)) {
    const p = r.int(0, 11);
    lines.push(
      broker(
        t,
        `[LocalLog partition=orders-${p}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${r.int(40_000_000, 60_000_000)} in ${r.int(1, 6)} ms.`,
        null,
        "kafka.log.LocalLog",
      ),
    );
  }

  // ---- recurring episodes ----
  let gen = r.int(300, 600);
  const episodes: number[] = [];
  for (let t = start + Math.floor(r.float(0.3, 0.45) * 4 * HOUR); t < end - 8 * MIN; t += r.int(12, 26) * MIN) episodes.push(t);
  const oomEpisode = r.int(0, episodes.length - 1);
  episodes.forEach((t0, ei) => {
    const m = r.int(0, 2);
    const p = r.pick(parts[m] ?? [0]);
    const over = 300_000 + r.int(5000, 200_000);
    lines.push(
      consumer(t0 + 120_000, m, "INFO", "jvm heap", "memory", "com.acme.orders.metrics.HeapReporter", {
        heap_used_pct: r.int(86, 95),
        gc_pause_ms_1m: r.int(2500, 9000),
      }),
    );
    if (ei === oomEpisode) {
      lines.push(
        consumer(
          t0 + 200_000,
          m,
          "ERROR",
          "Stopping container due to an Error",
          "memory",
          "org.springframework.kafka.listener.KafkaMessageListenerContainer",
          {},
          javaStack(r, "java.lang.OutOfMemoryError: Java heap space", "com.acme.orders.events", [
            "java.base/java.util.Arrays.copyOf",
            "com.fasterxml.jackson.core.util.ByteArrayBuilder.toByteArray",
            "com.acme.orders.events.EnrichmentClient.fetchCustomerHistory",
          ]),
          "java.lang.OutOfMemoryError",
        ),
      );
    }
    lines.push(
      consumer(
        t0 + 300_000,
        m,
        "WARNING",
        `${prefix(m)} consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.`,
        "performance",
        "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
      ),
    );
    lines.push(
      consumer(
        t0 + 300_004,
        m,
        "INFO",
        `${prefix(m)} Member ${members[m]?.id} sending LeaveGroup request to coordinator kafka-2:9092 (id: 2147483645 rack: null) due to consumer poll timeout has expired.`,
        "pattern",
        "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
      ),
    );
    lines.push(
      broker(
        t0 + 300_030,
        `[GroupCoordinator 2]: Preparing to rebalance group order-events in state PreparingRebalance with old generation ${gen} (__consumer_offsets-17) (reason: Removing member ${members[m]?.id} on LeaveGroup; client reason: consumer poll timeout has expired)`,
        "pattern",
      ),
    );
    gen += 1;
    lines.push(
      broker(
        t0 + 303_000 + r.int(0, 2000),
        `[GroupCoordinator 2]: Stabilized group order-events generation ${gen} (__consumer_offsets-17) with 3 members`,
        "pattern",
      ),
    );
    lines.push(
      broker(
        t0 + 306_000 + r.int(0, 2000),
        `[GroupCoordinator 2]: Assignment received from leader ${members[(m + 1) % 3]?.id} for group order-events for generation ${gen}. The group has 3 members, 0 of which are static.`,
        "pattern",
      ),
    );
    members.forEach((_, k) => {
      lines.push(
        consumer(
          t0 + 306_500 + k * 40,
          k,
          "INFO",
          `${prefix(k)} Revoke previously assigned partitions ${(parts[k] ?? []).map((x) => `orders-${x}`).join(", ")}`,
          "pattern",
          "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
        ),
      );
      lines.push(
        consumer(
          t0 + 306_900 + k * 40,
          k,
          "INFO",
          `${prefix(k)} Adding newly assigned partitions: ${(parts[k] ?? []).map((x) => `orders-${x}`).join(", ")}`,
          "pattern",
          "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
        ),
      );
    });
    lines.push(
      consumer(
        t0 + over,
        m,
        "INFO",
        `Processed batch of 500 records from orders-${p} in ${over} ms`,
        "performance",
        "com.acme.orders.events.OrderEventsListener",
        { records: 500, partition: p, elapsed_ms: over },
      ),
    );
    lines.push(
      consumer(
        t0 + over + 15,
        m,
        "ERROR",
        "Consumer exception",
        "error",
        "org.springframework.kafka.listener.KafkaMessageListenerContainer",
        {},
        javaStack(
          r,
          "org.apache.kafka.clients.consumer.CommitFailedException: Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.",
          "org.springframework.kafka.listener",
          [
            "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.sendOffsetCommitRequest",
            "org.apache.kafka.clients.consumer.KafkaConsumer.commitSync",
            "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doCommitSync",
          ],
        ),
        "org.apache.kafka.clients.consumer.CommitFailedException",
      ),
    );
  });

  return finish(
    "kafka-poll-timeout-rebalances",
    "An order-events consumer group where some batches outlast max.poll.interval.ms: poll timeouts, LeaveGroup, rebalances and failed commits recur every quarter hour, once with an OOM",
    lines,
  );
}
