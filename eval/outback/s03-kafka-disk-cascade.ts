// A cascade: one Kafka broker's log directory fills and the broker halts; partitions it led go
// leaderless, the Spring order-service's producer times out, the Node checkout front end returns
// 502/504 on order submission, and the fulfillment consumers rebalance over and over, until the
// broker is brought back.
import type { Scenario } from "../blind/types.js";
import { epochMs, HOUR, isoMicro, type Label, MIN, Rand, round, Timeline, windowStart } from "./lib.js";

export function kafkaDiskCascade(seed: number): Scenario {
  const r = new Rand(seed, "s03-kafka");
  const tl = new Timeline();
  const t0 = windowStart(r, 9, 18);
  const t1 = t0 + 2 * HOUR;
  const onset = t0 + r.float(52, 68) * MIN;
  const recovered = onset + r.float(28, 38) * MIN;
  const badBroker = r.int(0, 2);
  const topicParts = 12;
  const ledByBad = new Set<number>();
  for (let p = 0; p < topicParts; p++) if (p % 3 === badBroker) ledByBad.add(p);

  // Share of order submissions hitting a partition led by the failed broker.
  const hit = (t: number): number => {
    if (t < onset + 1.5 * MIN || t > recovered) return 0;
    return Math.min(1, (t - onset - 1.5 * MIN) / (4 * MIN)) * 0.33;
  };

  // --- Kafka brokers: log4j2 JsonLayout ---
  const broker = (t: number, id: number, level: string, logger: string, thread: string, message: string, label: Label, thrown?: Record<string, unknown>) => {
    tl.add(
      t,
      {
        timeMillis: epochMs(t),
        thread,
        level,
        loggerName: logger,
        message,
        ...(thrown ? { thrown } : {}),
        endOfBatch: false,
        loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
        threadId: r.int(20, 180),
        threadPriority: 5,
        service: "kafka",
        host: `kafka-${id}`,
      },
      label,
    );
  };
  for (const t of r.stream(25_000, t0, t1)) {
    const id = r.int(0, 2);
    if (id === badBroker && t > onset && t < recovered) continue;
    const part = r.int(0, topicParts - 1);
    const kind = r.int(0, 3);
    if (kind === 0)
      broker(
        t,
        id,
        "INFO",
        "kafka.log.UnifiedLog",
        "kafka-scheduler-4",
        `[UnifiedLog partition=orders-${part}, dir=/var/lib/kafka/data] Deleting segment LogSegment(baseOffset=${r.int(1e6, 9e6)}, size=${r.int(1e8, 1.07e9)}) due to retention size`,
        null,
      );
    else if (kind === 1)
      broker(
        t,
        id,
        "INFO",
        "kafka.log.UnifiedLog",
        `data-plane-kafka-request-handler-${r.int(0, 7)}`,
        `[UnifiedLog partition=order-events-${part}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${r.int(1e6, 9e6)} in ${r.int(1, 6)} ms.`,
        null,
      );
    else if (kind === 2)
      broker(
        t,
        id,
        "INFO",
        "kafka.coordinator.group.GroupCoordinator",
        "group-metadata-manager-0",
        `[GroupCoordinator ${id}]: Member analytics-sink-${r.alnum(8)} in group analytics has left, removing it from the group`,
        null,
      );
    else
      broker(
        t,
        id,
        "INFO",
        "kafka.server.ReplicaFetcherThread",
        `ReplicaFetcherThread-0-${(id + 1) % 3}`,
        `[ReplicaFetcher replicaId=${id}, leaderId=${(id + 1) % 3}, fetcherId=0] Truncating partition payments-${part} with TruncationState(offset=${r.int(1e5, 9e5)}, completed=true) due to local high watermark`,
        null,
      );
  }
  // The fault itself.
  const ioThrown = {
    commonElementCount: 0,
    localizedMessage: "No space left on device",
    message: "No space left on device",
    name: "java.io.IOException",
    extendedStackTrace:
      "java.io.IOException: No space left on device\n\tat java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)\n\tat org.apache.kafka.common.record.FileRecords.append(FileRecords.java:186)\n\tat kafka.log.LogSegment.append(LogSegment.scala:158)\n\tat kafka.log.UnifiedLog.append(UnifiedLog.scala:915)",
  };
  const ledList = [...ledByBad];
  const appendErrors = r.int(4, 7);
  for (let i = 0; i < appendErrors; i++) {
    const t = onset + i * r.float(80, 900);
    broker(
      t,
      badBroker,
      "ERROR",
      "kafka.server.LogDirFailureChannel",
      `data-plane-kafka-request-handler-${r.int(0, 7)}`,
      `Error while appending records to order-events-${r.pick(ledList)} in dir /var/lib/kafka/data`,
      "error",
      ioThrown,
    );
  }
  broker(
    onset + 1300,
    badBroker,
    "ERROR",
    "kafka.server.ReplicaManager",
    "LogDirFailureHandler",
    `[ReplicaManager broker=${badBroker}] Stopping serving replicas in dir /var/lib/kafka/data`,
    "error",
  );
  broker(
    onset + 1450,
    badBroker,
    "ERROR",
    "kafka.log.LogManager",
    "LogDirFailureHandler",
    "Shutdown broker because all log dirs in /var/lib/kafka/data have failed",
    "error",
  );
  for (const id of [0, 1, 2]) {
    if (id === badBroker) continue;
    for (const p of ledList) {
      broker(
        onset + r.float(3000, 9000),
        id,
        "INFO",
        "kafka.cluster.Partition",
        `data-plane-kafka-request-handler-${r.int(0, 7)}`,
        `[Partition order-events-${p} broker=${id}] Shrinking ISR from ${[0, 1, 2].join(",")} to ${[0, 1, 2].filter((b) => b !== badBroker).join(",")}. Leader: (highWatermark: ${r.int(1e6, 9e6)}, endOffset: ${r.int(1e6, 9e6)}). Out of sync replicas: (brokerId: ${badBroker}, endOffset: ${r.int(1e6, 9e6)}).`,
        "pattern",
      );
    }
  }
  for (const p of ledList) {
    broker(
      onset + r.float(30_000, 50_000),
      (badBroker + 1) % 3,
      "WARN",
      "kafka.controller.KafkaController",
      "controller-event-thread",
      `[Controller id=${(badBroker + 1) % 3}] Partition order-events-${p} lost its leader; unclean.leader.election.enable=false, leaving partition offline`,
      "error",
    );
  }
  // Recovery (disk cleared, broker restarted): ordinary startup lines.
  broker(recovered - 40_000, badBroker, "INFO", "kafka.server.KafkaServer", "main", `[KafkaServer id=${badBroker}] starting`, null);
  broker(recovered - 5_000, badBroker, "INFO", "kafka.server.KafkaServer", "main", `[KafkaServer id=${badBroker}] started`, null);
  for (const p of ledList) {
    broker(
      recovered + r.float(2000, 30_000),
      (badBroker + 1) % 3,
      "INFO",
      "kafka.cluster.Partition",
      "data-plane-kafka-request-handler-2",
      `[Partition order-events-${p} broker=${(badBroker + 1) % 3}] ISR updated to 0,1,2 and version updated to ${r.int(20, 90)}`,
      null,
    );
  }

  // --- order-service: Spring Boot with logstash-logback-encoder ---
  const order = (t: number, level: string, logger: string, thread: string, message: string, extra: Record<string, unknown>, label: Label) => {
    const lv: Record<string, number> = { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };
    tl.add(
      t,
      {
        "@timestamp": isoMicro(t),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: thread,
        level,
        level_value: lv[level],
        app: "order-service",
        pod: `order-service-7d9f${r.alnum(5)}`,
        ...extra,
      },
      label,
    );
  };
  for (const t of r.stream(5000, t0, t1)) {
    const traceId = r.hex(32);
    const thread = `http-nio-8080-exec-${r.int(1, 40)}`;
    const isPost = r.chance(0.55);
    if (!isPost) {
      order(
        t,
        "INFO",
        "com.acme.order.web.RequestLoggingFilter",
        thread,
        `Completed GET /api/orders/${r.int(1e6, 9e6)} 200 in ${Math.round(r.logNormal(14, 0.4))}ms`,
        { traceId },
        null,
      );
      continue;
    }
    const p = hit(t);
    const orderId = r.int(1e6, 9e6);
    if (r.chance(p)) {
      if (r.chance(0.55)) {
        const ms = r.int(30000, 30250);
        const part = r.pick(ledList);
        order(
          t + ms - 40,
          "ERROR",
          "com.acme.order.events.OrderEventPublisher",
          thread,
          `Failed to publish OrderPlaced for order ${orderId}`,
          {
            traceId,
            stack_trace: `org.springframework.kafka.KafkaException: Send failed\n\tat org.springframework.kafka.core.KafkaTemplate.doSend(KafkaTemplate.java:742)\nCaused by: org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for order-events-${part}:30004 ms has passed since batch creation`,
          },
          "error",
        );
        order(t + ms, "INFO", "com.acme.order.web.RequestLoggingFilter", thread, `Completed POST /api/orders 500 in ${ms}ms`, { traceId }, "performance");
      } else {
        const ms = Math.round(r.float(2500, 24000));
        order(
          t + ms - 5,
          "WARN",
          "org.apache.kafka.clients.producer.internals.Sender",
          "kafka-producer-network-thread | order-service-producer",
          `[Producer clientId=order-service-producer] Got error produce response with correlation id ${r.int(1000, 99999)} on topic-partition order-events-${r.pick(ledList)}, retrying (${r.int(2147483600, 2147483646)} attempts left). Error: NOT_LEADER_OR_FOLLOWER`,
          {},
          "error",
        );
        order(t + ms, "INFO", "com.acme.order.web.RequestLoggingFilter", thread, `Completed POST /api/orders 201 in ${ms}ms`, { traceId }, "performance");
      }
    } else {
      order(
        t,
        "INFO",
        "com.acme.order.web.RequestLoggingFilter",
        thread,
        `Completed POST /api/orders 201 in ${Math.round(r.logNormal(42, 0.35))}ms`,
        { traceId },
        null,
      );
    }
  }

  // --- checkout-web: Node.js with pino-http ---
  const pid = r.int(20, 400);
  const hostname = `checkout-web-${r.alnum(9)}-${r.alnum(5)}`;
  for (const t of r.stream(4500, t0, t1)) {
    const route = r.weighted([
      ["GET /cart", 4],
      ["GET /products", 5],
      ["POST /checkout/submit", 2],
    ] as const);
    const [method, url] = route.split(" ") as [string, string];
    const id = r.int(1, 1e9);
    let status = 200;
    let rt = r.logNormal(method === "POST" ? 70 : 25, 0.4);
    let label: Label = null;
    let level = 30;
    let msg = "request completed";
    if (method === "POST" && r.chance(hit(t) * 0.9)) {
      if (r.chance(0.6)) {
        status = 504;
        rt = r.float(30000, 30100);
        label = "performance";
      } else {
        status = 502;
        rt = r.float(31, 600);
        label = "error";
      }
      level = 50;
      msg = "request errored";
    }
    tl.add(
      t + rt,
      {
        level,
        time: epochMs(t + rt),
        pid,
        hostname,
        name: "checkout-web",
        reqId: `req-${id.toString(36)}`,
        req: { id, method, url, remoteAddress: r.ip("10.8."), remotePort: r.int(30000, 60000) },
        res: { statusCode: status },
        responseTime: round(rt, 0),
        msg,
      },
      label,
    );
  }

  // --- fulfillment-worker: Spring Kafka consumer, logback JSON ---
  const ful = (t: number, level: string, logger: string, message: string, label: Label) =>
    tl.add(
      t,
      {
        "@timestamp": isoMicro(t),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1",
        level,
        level_value: level === "INFO" ? 20000 : 30000,
        app: "fulfillment-worker",
      },
      label,
    );
  for (const t of r.stream(10_000, t0, t1)) {
    ful(t, "INFO", "com.acme.fulfillment.OrderPlacedListener", `Reserved stock for order ${r.int(1e6, 9e6)} (${r.int(1, 9)} lines) in ${r.int(8, 60)}ms`, null);
  }
  // A deploy-time rebalance early in the window: routine.
  const deploy = t0 + r.float(10, 30) * MIN;
  ful(
    deploy,
    "INFO",
    "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
    "[Consumer clientId=consumer-fulfillment-1, groupId=fulfillment] Request joining group due to: need to re-join with the given member-id",
    null,
  );
  ful(
    deploy + 3100,
    "INFO",
    "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
    `[Consumer clientId=consumer-fulfillment-1, groupId=fulfillment] Successfully joined group with generation Generation{generationId=${r.int(100, 200)}}`,
    null,
  );
  // During the incident: rebalance after rebalance.
  let gen = r.int(300, 400);
  for (let t = onset + r.float(6, 9) * MIN; t < recovered; t += r.float(60_000, 150_000)) {
    ful(
      t,
      "WARN",
      "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
      `[Consumer clientId=consumer-fulfillment-1, groupId=fulfillment] Offset commit failed on partition order-events-${r.pick(ledList)} at offset ${r.int(1e6, 9e6)}: The request timed out.`,
      "pattern",
    );
    ful(
      t + 800,
      "INFO",
      "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
      "[Consumer clientId=consumer-fulfillment-1, groupId=fulfillment] Request joining group due to: encountered REBALANCE_IN_PROGRESS from JOIN_GROUP response",
      "pattern",
    );
    ful(
      t + 4200,
      "INFO",
      "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
      `[Consumer clientId=consumer-fulfillment-1, groupId=fulfillment] Successfully joined group with generation Generation{generationId=${gen++}}`,
      "pattern",
    );
  }

  return tl.build(
    "kafka-disk-cascade",
    "A Kafka broker's disk fills and it halts; its partitions go offline, the order service's producer times out, checkout returns 502/504 and consumers rebalance repeatedly until the broker returns.",
  );
}
