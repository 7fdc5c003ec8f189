// An incident that is most of its log: Kafka brokers fill their disks after a retention change,
// fail one after another, and every producer and consumer of the cluster complains.

import type { Scenario } from "../blind/types.js";
import { arrivals, container, every, goDur, type Label, Lines, log4jTime, logback, MIN, type Pod, podName, replicas, Rng, SEC, startTime, zap } from "./kit.js";

/**
 * Three Kafka brokers (log4j text through the container runtime, level parsed), a Java order
 * service producing with acks=all (logback) and a Go consumer (zap). Minutes into the window a
 * topic's retention is set to -1; two brokers run out of disk, stop serving their log dirs and
 * shut down, partitions fall under min.insync.replicas, and for the rest of the window nearly
 * every produce fails or times out and the consumer cannot fetch: well over half the lines.
 */
export function kafkaDiskFullMostly(seed: number): Scenario {
  const r = new Rng(seed, "kafka-disk-full-mostly");
  const L = new Lines();
  const start = startTime(r, 0, 24);
  const end = start + r.float(45, 75) * MIN;
  const brokers: Pod[] = [0, 1, 2].map((i) => ({ app: "kafka", pod: `kafka-${i}`, namespace: "streaming", node: `ip-10-40-${r.int(1, 9)}-${r.int(10, 250)}` }));
  const order = r.shuffle([0, 1, 2]);
  const first = order[0]!;
  const second = order[1]!;
  const survivor = order[2]!;
  const configAt = start + r.int(2, 5) * MIN;
  const fail1 = configAt + r.int(5, 9) * MIN;
  const fail2 = fail1 + r.int(2, 5) * MIN;
  const topics = ["orders", "payments", "shipments"];
  const producerPods = replicas(r, "order-service", 2);
  const consumerPod = podName(r, "fulfilment-consumer");
  const kafka = (t: number, b: number, level: "INFO" | "WARN" | "ERROR", text: string, logger: string, label: Label = null, stack?: string) =>
    L.add(t, container(t, brokers[b]!, `[${log4jTime(t)}] ${level} ${text} (${logger})${stack ? `\n${stack}` : ""}`, { level }), label);
  const down = (b: number, t: number) => (b === first && t >= fail1) || (b === second && t >= fail2);

  // routine broker lines before and after
  for (const b of [0, 1, 2]) {
    for (const t of every(r, start, end, r.float(20, 40) * SEC, 0.3)) {
      if (down(b, t)) continue;
      const tp = `${r.pick(topics)}-${r.int(0, 11)}`;
      if (t < configAt || r.chance(0.5)) {
        kafka(
          t,
          b,
          "INFO",
          `[LocalLog partition=${tp}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${r.int(1e6, 9e7)} in ${r.int(1, 9)} ms.`,
          "kafka.log.LocalLog",
        );
      } else {
        kafka(
          t,
          b,
          "INFO",
          `[ProducerStateManager partition=${tp}] Wrote producer snapshot at offset ${r.int(1e6, 9e7)} with ${r.int(0, 40)} producer ids in ${r.int(1, 30)} ms.`,
          "kafka.log.ProducerStateManager",
        );
      }
      if (t < configAt && r.chance(0.4))
        kafka(
          t + 50,
          b,
          "INFO",
          `[UnifiedLog partition=${tp}, dir=/var/lib/kafka/data] Deleting segment LogSegment(baseOffset=${r.int(1e5, 9e5)}, size=1073741824) due to retention time 604800000ms breach`,
          "kafka.log.UnifiedLog",
        );
    }
  }
  // the change
  kafka(
    configAt,
    survivor,
    "INFO",
    `[Admin Manager on Broker ${survivor}]: Updating topic orders with new configuration : retention.ms -> -1,retention.bytes -> -1`,
    "kafka.server.ZkAdminManager",
    "pattern",
  );
  // disk filling then failing on two brokers
  for (const [b, at] of [
    [first, fail1],
    [second, fail2],
  ] as const) {
    for (const t of every(r, at - 4 * MIN, at, 40 * SEC, 0.2)) {
      // the pod's disk-check sidecar
      const line = `${new Date(t).toISOString()} WARN volume /var/lib/kafka/data ${(96 + r.float(0, 3.9)).toFixed(1)}% used, ${r.int(80, 900)} MiB free`;
      L.add(t, container(t, { ...brokers[b]!, container: "disk-check" }, line, { level: "WARN" }), "pattern");
    }
    kafka(
      at,
      b,
      "ERROR",
      `Error while appending records to orders-${r.int(0, 11)} in dir /var/lib/kafka/data`,
      "kafka.server.LogDirFailureChannel",
      "error",
      "java.io.IOException: No space left on device\n\tat java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)\n\tat kafka.log.LogSegment.append(LogSegment.scala:158)",
    );
    kafka(at + 40, b, "WARN", "Stopping serving logs in dir /var/lib/kafka/data", "kafka.log.LogManager", "error");
    kafka(at + 90, b, "ERROR", "Shutdown broker because all log dirs in /var/lib/kafka/data have failed", "kafka.log.LogManager", "error");
    for (let p = 0; p < 12; p++) {
      const t = at + r.int(2, 20) * SEC;
      const live = [0, 1, 2].filter((x) => !down(x, t + 1) && x !== b);
      const leader = live[0] ?? survivor;
      kafka(
        t,
        leader,
        "INFO",
        `[Partition orders-${p} broker=${leader}] Shrinking ISR from ${[0, 1, 2].filter((x) => !down(x, at - 1)).join(",")} to ${live.join(",")}. Leader: (highWatermark: ${r.int(1e6, 9e6)}, endOffset: ${r.int(1e6, 9e6)}). Out of sync replicas: (brokerId: ${b}, endOffset: ${r.int(1e6, 9e6)}).`,
        "kafka.cluster.Partition",
        "pattern",
      );
    }
  }
  for (const t of every(r, fail2 + 30 * SEC, end, 45 * SEC, 0.3)) {
    kafka(
      t,
      survivor,
      "WARN",
      `[ReplicaManager broker=${survivor}] Produce request to orders-${r.int(0, 11)} rejected: the size of the current ISR Set(${survivor}) is insufficient to satisfy the min.isr requirement of 2`,
      "kafka.server.ReplicaManager",
      "error",
    );
  }

  // the order service produces; with acks=all it fails once fewer than two replicas are in sync
  for (const t of arrivals(r, start, end, r.int(1300, 2000), () => 1)) {
    const pod = r.pick(producerPods);
    const order = `ord_${r.alnum(10)}`;
    const degraded = t >= fail1 && t < fail2 && r.chance(0.35);
    if (t < fail1 || (t < fail2 && !degraded)) {
      L.add(
        t,
        logback(
          t,
          "INFO",
          "order-service",
          "c.a.orders.events.OrderEventPublisher",
          `kafka-producer-network-thread | ${pod}`,
          `Published OrderCreated ${order} to orders`,
          { duration_ms: Math.round(r.logn(9, 0.5)) },
        ),
      );
      continue;
    }
    if (degraded || r.chance(0.6)) {
      L.add(
        t,
        logback(
          t,
          "WARN",
          "order-service",
          "o.a.k.clients.producer.internals.Sender",
          `kafka-producer-network-thread | ${pod}`,
          `[Producer clientId=${pod}] Got error produce response with correlation id ${r.int(1e5, 9e6)} on topic-partition orders-${r.int(0, 11)}, retrying (${r.int(2147483600, 2147483646)} attempts left). Error: NOT_ENOUGH_REPLICAS`,
        ),
        "error",
      );
    } else {
      L.add(
        t,
        logback(
          t,
          "ERROR",
          "order-service",
          "c.a.orders.events.OrderEventPublisher",
          `http-nio-8080-exec-${r.int(1, 40)}`,
          `Publishing OrderCreated ${order} failed after 120000 ms`,
          { duration_ms: 120000 },
          `org.apache.kafka.common.errors.TimeoutException: Expiring ${r.int(1, 60)} record(s) for orders-${r.int(0, 11)}:120001 ms has passed since batch creation`,
        ),
        "performance",
      );
    }
  }
  // the consumer: fetches, commits, lag
  for (const t of arrivals(r, start, end, r.int(800, 1300), () => 1)) {
    const broken = t >= fail1;
    if (!broken) {
      L.add(
        t,
        zap(t, "info", "consumer", "consume/loop.go:88", "processed batch", {
          service: "fulfilment-consumer",
          pod: consumerPod,
          records: r.int(1, 200),
          took: goDur(r.logn(40, 0.5)),
        }),
      );
      continue;
    }
    const k = r.weighted([
      ["fetch", 5],
      ["ok", t < fail2 ? 5 : 1],
      ["commit", 2],
    ] as const);
    if (k === "ok")
      L.add(
        t,
        zap(t, "info", "consumer", "consume/loop.go:88", "processed batch", {
          service: "fulfilment-consumer",
          pod: consumerPod,
          records: r.int(1, 30),
          took: goDur(r.logn(40, 0.5)),
        }),
      );
    else if (k === "fetch") {
      const b = r.pick([first, second]);
      L.add(
        t,
        zap(t, "error", "kgo", "kgo/broker.go:412", "unable to fetch", {
          service: "fulfilment-consumer",
          pod: consumerPod,
          broker: b,
          err: `dial tcp 10.40.${b}.12:9092: connect: connection refused`,
        }),
        "error",
      );
    } else {
      L.add(
        t,
        zap(t, "warn", "consumer", "consume/commit.go:51", "offset commit failed, will retry", {
          service: "fulfilment-consumer",
          pod: consumerPod,
          err: "NOT_COORDINATOR: this is not the correct coordinator for this group",
        }),
        "error",
      );
    }
  }
  for (const t of every(r, start, end, 30 * SEC)) {
    const lag = t < fail1 ? r.int(0, 300) : Math.round((t - fail1) / 1000) * r.int(30, 60);
    L.add(
      t,
      zap(t, "info", "consumer", "consume/metrics.go:30", "lag", {
        service: "fulfilment-consumer",
        pod: consumerPod,
        group: "fulfilment",
        lag,
        max_latency: goDur(t < fail1 ? r.logn(800, 0.4) : (t - fail1) * r.float(0.8, 1)),
      }),
      lag > 5000 ? "performance" : null,
    );
  }
  return L.scenario(
    "kafka-disk-full-mostly",
    "after a topic's retention is set to -1 two Kafka brokers fill their disks and shut down; most of the log is failing produces, fetches and ISR shrinks",
  );
}
