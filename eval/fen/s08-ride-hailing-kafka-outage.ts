// Ride-hailing trip pipeline: Spring Boot trip service (logstash-logback JSON), Go dispatch
// (zap production JSON), Kafka brokers (log4j lines in Fluent Bit envelopes). Outage under way
// since before the window: broker 2 lost its data disk and crash-loops; partitions it alone led
// (an auto-created topic with replication factor 1) accept nothing, so trip events expire in the
// producer's buffer, and the notification consumer's lag keeps growing.
import { MIN, Rng, Timeline, iso, windowStart } from "./common.js";
import type { Label } from "./common.js";
import type { Scenario } from "./types.js";

export default function kafkaOutage(seed: number): Scenario {
  const rng = new Rng(seed, "s08-ride-hailing-kafka");
  const start = windowStart(rng);
  const end = start + rng.int(35, 55) * MIN;
  const tl = new Timeline(rng, start, end);
  const city = rng.pick(["lisbon", "bogota", "nairobi", "manila", "krakow"]);
  const partitions = rng.int(8, 12);
  const dead = [rng.int(0, partitions - 1)];
  while (dead.length < 2) {
    const p = rng.int(0, partitions - 1);
    if (p !== dead[0]) dead.push(p);
  }
  const alive = Array.from({ length: partitions }, (_, i) => i).filter((p) => !dead.includes(p));
  const spring = (t: number, level: string, logger: string, thread: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(
      t,
      {
        "@timestamp": iso(t).replace("Z", "+00:00"),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: thread,
        level,
        level_value: { INFO: 20000, WARN: 30000, ERROR: 40000 }[level],
        springAppName: "trip-service",
        ...extra,
      },
      label,
    );
  const zap = (t: number, level: string, msg: string, extra: Record<string, unknown>, label: Label = null) =>
    tl.add(t, { level, ts: +(t / 1000).toFixed(6), caller: "dispatch/matcher.go:214", msg, service: "dispatch", city, ...extra }, label);
  const kafkaLine = (t: number, broker: number, text: string, label: Label = null) =>
    tl.add(
      t,
      {
        log: `[${iso(t).replace("T", " ").replace("Z", "").replace(".", ",")}] ${text}\n`,
        stream: "stdout",
        time: iso(t),
        kubernetes: { pod_name: `kafka-${broker}`, namespace_name: "data", container_name: "kafka", labels: { app: "kafka" } },
      },
      label,
    );
  const trip = () => `trp_${rng.hex(12)}`;
  const events = ["TripRequested", "DriverAssigned", "DriverArrived", "TripStarted", "TripCompleted", "FareFinalized"];

  // Healthy: publishes to partitions led by live brokers, and dispatch matching.
  tl.every(rng.float(2.5, 3.5) * 1000, (t) => {
    const p = rng.pick(alive);
    spring(
      t,
      "INFO",
      "com.ride.trip.events.TripEventPublisher",
      `kafka-producer-network-thread | trip-service-1`,
      `Published ${rng.pick(events)} for trip ${trip()} to trip-events-${p}@${rng.int(1000000, 9000000)}`,
      { partition: p, latency_ms: Math.round(rng.around(9)) },
    );
  });
  tl.every(rng.float(4, 6) * 1000, (t) =>
    zap(t, "info", "driver matched", { trip_id: trip(), candidates: rng.int(2, 14), eta_s: rng.int(90, 600), latency: +rng.around(0.042).toFixed(4) }),
  );
  tl.every(rng.float(8, 14) * 1000, (t) =>
    spring(
      t,
      "INFO",
      "org.springframework.web.servlet.DispatcherServlet",
      `http-nio-8080-exec-${rng.int(1, 40)}`,
      `Completed 200 OK in ${Math.round(rng.around(28))} ms (GET /v1/trips/${trip()})`,
    ),
  );
  for (const b of [0, 1, 3])
    tl.every(5 * MIN, (t) =>
      kafkaLine(
        t,
        b,
        `INFO [ProducerStateManager partition=__consumer_offsets-${rng.int(0, 49)}] Wrote producer snapshot at offset ${rng.int(1e6, 9e6)} with 0 producer ids in ${rng.int(1, 9)} ms. (kafka.log.ProducerStateManager)`,
      ),
    );

  // Broker 2 crash-looping: start, fail on the broken log dir, back-off.
  for (let t = start + rng.float(0.5, 3) * MIN; t < end; t += rng.float(5, 5.5) * MIN) {
    kafkaLine(t, 2, "INFO [KafkaServer id=2] starting (kafka.server.KafkaServer)", "pattern");
    kafkaLine(t + 2100, 2, "INFO Loading logs from log dirs ArraySeq(/var/lib/kafka/data) (kafka.log.LogManager)", "pattern");
    kafkaLine(
      t + 2600,
      2,
      "ERROR Error while loading log dir /var/lib/kafka/data (kafka.log.LogManager)\njava.io.IOException: Input/output error\n\tat java.base/sun.nio.ch.FileDispatcherImpl.read0(Native Method)",
      "error",
    );
    kafkaLine(t + 2700, 2, "ERROR Shutdown broker because all log dirs in /var/lib/kafka/data have failed (kafka.log.LogManager)", "error");
    tl.add(
      t + 4000,
      {
        reason: "BackOff",
        type: "Warning",
        message: "Back-off restarting failed container kafka in pod kafka-2_data",
        source: { component: "kubelet", host: `node-${rng.int(1, 6)}` },
        involvedObject: { kind: "Pod", name: "kafka-2", namespace: "data" },
        lastTimestamp: iso(t + 4000),
        count: rng.int(40, 400),
      },
      "error",
    );
  }
  // The producer cannot reach node 2; the notification consumer falls further behind.
  tl.every(rng.float(12, 20) * 1000, (t) =>
    spring(
      t,
      "WARN",
      "org.apache.kafka.clients.NetworkClient",
      "kafka-producer-network-thread | trip-service-1",
      `[Producer clientId=trip-service-1] Connection to node 2 (kafka-2.kafka-headless.data.svc.cluster.local/10.42.${rng.int(1, 9)}.${rng.int(2, 250)}:9092) could not be established. Broker may not be available.`,
      {},
      "error",
    ),
  );
  const lag0 = rng.int(40000, 90000);
  tl.spread(Math.round((end - start) / MIN), (t, i) =>
    tl.add(
      t,
      {
        timestamp: iso(t),
        level: "warning",
        logger: "rider-notify.consumer",
        message: `consumer group rider-notify lag ${lag0 + i * rng.int(900, 1500)} on trip-events (partitions ${dead.join(",")} without leader)`,
        service: "rider-notify",
      },
      "performance",
    ),
  );
  tl.every(rng.float(0.7, 1.3) * MIN, (t) =>
    zap(t, "warn", "trip state stale, rider app showing last known state", { trip_id: trip(), stale_s: rng.int(180, 900) }, "pattern"),
  );

  // The flood: events for partitions without a leader expire after delivery.timeout.ms.
  tl.spread(tl.floodCount(rng.float(0.3, 0.55)), (t) => {
    const p = rng.pick(dead),
      n = rng.int(1, 12);
    spring(
      t,
      "ERROR",
      "com.ride.trip.events.TripEventPublisher",
      "kafka-producer-network-thread | trip-service-1",
      `Failed to publish trip event for trip ${trip()}`,
      {
        eventType: rng.pick(events),
        partition: p,
        stack_trace: `org.apache.kafka.common.errors.TimeoutException: Expiring ${n} record(s) for trip-events-${p}:${120000 + rng.int(1, 40)} ms has passed since batch creation\n`,
      },
      "performance",
    );
  });
  return tl.build(
    "s08-ride-hailing-kafka-outage",
    "Ride-hailing events: a broker crash-loops on a failed disk, its unreplicated partitions are leaderless, trip events expire, consumer lag grows",
  );
}
