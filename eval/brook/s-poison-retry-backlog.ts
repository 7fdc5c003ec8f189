/**
 * poison-retry-backlog: fulfilment-consumer (Spring Boot, Logback's LogstashEncoder) reads the
 * order events of `orders.v2` (six partitions) and turns them into pick lists. Last night a
 * point-of-sale integration published one OrderPlaced event with its price written as "12,50";
 * Jackson cannot read it, and the listener's error handler has retried that record on a fixed
 * back-off ever since: `Failed to process record orders.v2-3@…, will retry in 30000 ms
 * (attempt …)` at ERROR, every back-off, from before the window to its end. The record is never
 * skipped, so everything behind it on that partition waits: the lag monitor reports the
 * partition hours and thousands of records behind, and order-api's SLA watchdog counts more and
 * more orders past their fulfilment SLA. The other five partitions are processed as usual;
 * checkout, payments and status polls (pino, ingress-nginx) look healthy. A retry that says
 * "will retry" is how the consumer lives with a bad record, but here it is the incident: a
 * sixth of all orders are stuck.
 */
import { openWindow } from "./common.js";
import { javaTrace, logstash, nginxJson, type PinoSource, pino } from "./producers.js";
import { arrivals, HOUR, MINUTE, SECOND, ticks } from "./timeline.js";
import type { Scenario } from "./types.js";

const NAME = "poison-retry-backlog";
const TOPIC = "orders.v2";
const PARTITIONS = 6;
const LISTENER = "com.shop.fulfilment.kafka.OrderEventListener";
/** The listener container's consumer thread for a partition (concurrency 6: one a partition). */
const thread = (partition: number): string => `org.springframework.kafka.KafkaListenerEndpointContainer#0-${partition}-C-1`;

/** `9h 12m` */
function age(ms: number): string {
  const m = Math.floor(ms / MINUTE);
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function poisonRetryBacklog(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-05-12", 6, 3);

  const poisonPartition = rng.int(0, PARTITIONS - 1);
  const stuckSince = start - rng.int(6, 9) * HOUR - rng.int(0, 59) * MINUTE;
  const backOffMs = rng.pick([20_000, 30_000]);
  const offsets = Array.from({ length: PARTITIONS }, () => rng.int(1_800_000, 2_400_000));
  const poisonOffset = offsets[poisonPartition]!;
  const orderRate = rng.float(2.6, 3.2);
  // events (two an order) that queue behind the poison record: before the window at the night's rate, then as they arrive
  const nightRate = (orderRate * 2 * 0.7) / PARTITIONS / MINUTE;
  const queued: number[] = [];
  const queuedOrders: number[] = [];
  const lagAt = (t: number): number => Math.round((start - stuckSince) * nightRate) + queued.filter((q) => q <= t).length;
  /** Orders on the partition placed more than the SLA ago and not fulfilled. */
  const lateAt = (t: number, slaMs: number): number => {
    const cut = t - slaMs;
    const before = Math.max(0, Math.min(cut, start) - stuckSince) * (nightRate / 2);
    return Math.round(before) + queuedOrders.filter((q) => q <= cut).length;
  };
  const consumerPod = rng.pod("fulfilment-consumer");
  const stuckOrder = `ord_${rng.alnum(12)}`;

  // ── the poison record, retried on a fixed back-off since last night ─────────────────────────
  const causeFrames = [
    "com.fasterxml.jackson.databind.exc.InvalidFormatException.from(InvalidFormatException.java:67)",
    "com.fasterxml.jackson.databind.DeserializationContext.weirdStringException(DeserializationContext.java:1959)",
    "com.fasterxml.jackson.databind.deser.std.NumberDeserializers$BigDecimalDeserializer.deserialize(NumberDeserializers.java:1106)",
    "com.fasterxml.jackson.databind.ObjectMapper.readValue(ObjectMapper.java:3848)",
    "com.shop.fulfilment.kafka.OrderEventListener.onOrderEvent(OrderEventListener.java:58)",
  ];
  const trace = javaTrace(
    "org.springframework.kafka.listener.ListenerExecutionFailedException",
    `Listener method 'public void ${LISTENER}.onOrderEvent(org.apache.kafka.clients.consumer.ConsumerRecord<java.lang.String, java.lang.String>)' threw exception`,
    [
      "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2996)",
      "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2903)",
      "org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.invokeOnMessage(KafkaMessageListenerContainer.java:2867)",
    ],
    `com.fasterxml.jackson.databind.exc.InvalidFormatException: Cannot deserialize value of type \`java.math.BigDecimal\` from String "12,50": not a valid representation\n at [Source: (String)"{"eventType":"OrderPlaced","orderId":"${stuckOrder}","placedAt":"…"; line: 1, column: 412] (through reference chain: com.shop.fulfilment.events.OrderPlaced["lines"]->java.util.ArrayList[2]->com.shop.fulfilment.events.OrderLine["unitPrice"])\n${causeFrames.map((f) => `\tat ${f}`).join("\n")}`,
    31,
  );
  let attempt = Math.floor((start - stuckSince) / (backOffMs + 60));
  for (let t = start + rng.int(0, backOffMs); t < end; t += backOffMs + rng.int(35, 90)) {
    attempt++;
    tl.add(
      t,
      logstash(
        t,
        "ERROR",
        LISTENER,
        thread(poisonPartition),
        `Failed to process record ${TOPIC}-${poisonPartition}@${poisonOffset}, will retry in ${backOffMs} ms (attempt ${attempt})`,
        { topic: TOPIC, partition: poisonPartition, offset: poisonOffset, attempt, consumerGroup: "fulfilment", pod: consumerPod },
        trace,
      ),
      "error",
    );
  }

  // ── checkout and payment through order-api (pino) and ingress-nginx; events to the consumer ─
  const apiPods: (PinoSource & { ip: string })[] = [0, 1].map(() => ({
    hostname: rng.pod("order-api"),
    pid: 1,
    name: "order-api",
    ip: `${rng.privateIp("10.40")}:3000`,
  }));
  const vhost = "shop.example.com";
  const ua = () =>
    rng.pick([
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
      "ShopApp/7.2.1 (Android 14; Pixel 8)",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    ]);
  const edge = (t: number, method: string, uri: string, status: number, tookMs: number, pod: (typeof apiPods)[number], reqId: string) =>
    tl.add(
      t,
      nginxJson(t, {
        remoteAddr: rng.clientIp(),
        requestId: reqId,
        method,
        uri,
        status,
        requestTimeMs: tookMs,
        bytesSent: status >= 400 ? rng.int(90, 200) : rng.int(300, 2400),
        userAgent: ua(),
        host: vhost,
        upstreamAddr: pod.ip,
        upstreamStatus: String(status),
        upstreamTimeMs: tookMs - 1,
        proxyUpstreamName: "shop-order-api-3000",
        referer: `https://${vhost}/checkout`,
      }),
    );
  const consumed = (t: number, partition: number, orderId: string, eventType: string) => {
    offsets[partition]! += 1;
    if (partition === poisonPartition) {
      queued.push(t);
      if (eventType === "OrderPlaced") queuedOrders.push(t);
      return;
    }
    tl.add(
      t,
      logstash(t, "INFO", LISTENER, thread(partition), "Order event processed", {
        topic: TOPIC,
        partition,
        offset: offsets[partition],
        orderId,
        eventType,
        tookMs: Math.round(rng.logNormal(eventType === "OrderPlaced" ? 42 : 18, 0.4)),
        consumerGroup: "fulfilment",
        pod: consumerPod,
      }),
    );
  };
  const placed: string[] = [];
  const placedAt: number[] = [];
  for (const s of arrivals(rng, start, end, orderRate, shape, 1.2)) {
    const pod = rng.pick(apiPods);
    const reqId = rng.uuid();
    const orderId = `ord_${rng.alnum(12)}`;
    const partition = rng.int(0, PARTITIONS - 1);
    const took = Math.round(rng.logNormal(190, 0.35));
    const amountMinor = Math.round(rng.logNormal(5400, 0.8));
    tl.add(s + took - 2, pino(s + took - 2, pod, "info", "order created", { reqId, orderId, amountMinor, currency: "EUR", lines: rng.int(1, 6) }));
    edge(s + took, "POST", "/api/checkout", 201, took, pod, reqId);
    consumed(s + took + rng.int(30, 400), partition, orderId, "OrderPlaced");
    const paid = s + took + rng.int(4, 40) * SECOND;
    tl.add(paid, pino(paid, pod, "info", "payment captured", { orderId, amountMinor, psp: rng.pick(["adyen", "adyen", "paypal"]) }));
    consumed(paid + rng.int(30, 400), partition, orderId, "PaymentCaptured");
    placed.push(orderId);
    placedAt.push(s);
  }
  // customers poll their recent orders' status
  let known = 0;
  for (const s of arrivals(rng, start, end, rng.float(2.6, 3.2), shape, 1.2)) {
    while (known < placedAt.length && placedAt[known]! < s) known++;
    const pod = rng.pick(apiPods);
    const id = known > 0 && rng.chance(0.8) ? placed[rng.int(Math.max(0, known - 120), known - 1)]! : `ord_${rng.alnum(12)}`;
    const took = Math.round(rng.logNormal(22, 0.4));
    edge(s + took, "GET", `/api/orders/${id}/status`, rng.chance(0.02) ? 404 : 200, took, pod, rng.uuid());
  }

  // ── the lag monitor and order-api's SLA watchdog ──────────────────────────────────────────────
  for (const t of ticks(rng, start, end, 2 * MINUTE, 5 * SECOND)) {
    tl.add(
      t,
      logstash(
        t,
        "WARN",
        "com.shop.fulfilment.kafka.LagMonitor",
        "lag-monitor-1",
        `Consumer group fulfilment lagging on ${TOPIC}-${poisonPartition}: ${lagAt(t)} records behind, oldest unprocessed record ${age(t - stuckSince)} old`,
        { topic: TOPIC, partition: poisonPartition, lag: lagAt(t), committedOffset: poisonOffset, pod: consumerPod },
      ),
      "performance",
    );
  }
  const watchdog: PinoSource = { hostname: apiPods[0]!.hostname, pid: 1, name: "sla-watchdog" };
  for (const t of ticks(rng, start, end, 5 * MINUTE, 10 * SECOND)) {
    tl.add(
      t,
      pino(t, watchdog, "warn", "orders past fulfilment SLA", {
        count: lateAt(t, 2 * HOUR),
        slaMinutes: 120,
        oldestMinutes: Math.round((t - stuckSince) / MINUTE),
        oldestOrderId: stuckOrder,
      }),
      "performance",
    );
  }
  // the consumer's own housekeeping
  for (const t of ticks(rng, start, end, 10 * MINUTE, 30 * SECOND)) {
    tl.add(
      t,
      logstash(t, "INFO", "com.shop.fulfilment.picklist.PickListPublisher", "scheduling-1", "Pick lists published", {
        warehouses: 3,
        lists: rng.int(8, 30),
        pod: consumerPod,
      }),
    );
  }

  return tl.build(
    NAME,
    'fulfilment-consumer has retried one unreadable order event (price "12,50") on a fixed back-off since last night, `will retry` at ERROR all window, while everything behind it on that partition waits: lag warnings and orders past their SLA grow; checkout and the other partitions look healthy',
  );
}
