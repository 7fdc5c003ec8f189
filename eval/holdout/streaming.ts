// Two incidents of long-running consumers: a Kafka consumer group (log4j2 JsonLayout) whose sink
// slows until polls time out and the group rebalances in a loop, and a Node.js service (pino with
// level labels) whose export starts while one pod is already near its heap limit.

import type { Scenario } from "../blind/types.js";
import { type Entry, iso, isoNano, type Label, LogBook, MIN, poissonTimes, podName, ramp, rngFor, SEC, slowLimit, startTime } from "./kit.js";

export function kafkaLagRebalanceStorm(seed: number): Scenario {
  const name = "kafka-lag-rebalance-storm";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const svc = r.pick(["orders-projector", "search-feeder", "audit-sink"]);
  const topic = r.pick(["orders", "order-events", "audit-log"]);
  const sink = r.pick(["elasticsearch", "opensearch", "clickhouse"]);
  const n = 4;
  const parts = 12;
  const members = Array.from({ length: n }, (_, i) => `consumer-${svc}-${i + 1}-${r.uuid()}`);
  const t0 = startTime(r);
  const deployRebalance = t0 + r.int(2, 5) * MIN;
  const onset = t0 + r.int(12, 18) * MIN;
  const end = onset + r.int(18, 24) * MIN;
  let gen = r.int(20, 90);
  const log = (t: number, label: Label, level: string, logger: string, message: string, i: number, extra: Entry = {}): void => {
    book.add(t, label, {
      timeMillis: t,
      thread: `${svc}-consumer-${i}`,
      level,
      loggerName: logger,
      message,
      endOfBatch: false,
      loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
      threadId: 40 + i,
      threadPriority: 5,
      service: svc,
      ...extra,
    });
  };
  const prefix = (i: number) => `[Consumer clientId=${svc}-${i + 1}, groupId=${svc}]`;
  const assignment = (i: number, members_: number) =>
    Array.from({ length: parts }, (_, p) => p)
      .filter((p) => p % members_ === i % members_)
      .map((p) => `${topic}-${p}`)
      .join(", ");
  const rebalance = (t: number, label: Label, reason: string): void => {
    gen++;
    for (let i = 0; i < n; i++) {
      const c = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator";
      const a = "org.apache.kafka.clients.consumer.internals.AbstractCoordinator";
      const dt = r.int(0, 400);
      log(t + dt, label, "INFO", a, `${prefix(i)} Request joining group due to: ${reason}`, i);
      log(t + dt + 2, label, "INFO", c, `${prefix(i)} Revoke previously assigned partitions ${assignment(i, n)}`, i);
      log(t + dt + 5, label, "INFO", a, `${prefix(i)} (Re-)joining group`, i);
      log(
        t + 3000 + dt,
        label,
        "INFO",
        a,
        `${prefix(i)} Successfully joined group with generation Generation{generationId=${gen}, memberId='${members[i]}', protocol='cooperative-sticky'}`,
        i,
      );
      log(t + 3050 + dt, label, "INFO", c, `${prefix(i)} Adding newly assigned partitions: ${assignment(i, n)}`, i);
    }
  };
  const batchMedian = 140;
  const batchLimit = slowLimit(batchMedian, 0.35);
  rebalance(deployRebalance, null, "group is already rebalancing");
  const storms: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = t0 + r.int(0, 3000);
    while (t < end) {
      const slow = t >= onset ? ramp(t, onset, onset + 6 * MIN, 1, r.float(1500, 3000)) : 1;
      const ms = Math.round(r.logNormal(batchMedian * slow, 0.35));
      const records = r.int(200, 500);
      const label: Label = ms > batchLimit ? "performance" : null;
      log(
        t + ms,
        label,
        "INFO",
        "c.s.projector.BatchProcessor",
        `Processed batch of ${records} records in ${ms} ms (bulk ${sink} ${Math.round(ms * 0.85)} ms)`,
        i,
        { records, duration_ms: ms },
      );
      if (ms > 300_000) {
        // Past max.poll.interval.ms: the member is kicked, its commit fails, the group rebalances.
        log(
          t + 300_000,
          "performance",
          "WARN",
          "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
          `${prefix(i)} consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.`,
          i,
        );
        log(
          t + 300_001,
          "pattern",
          "INFO",
          "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
          `${prefix(i)} Member ${members[i]} sending LeaveGroup request to coordinator b-${r.int(1, 3)}.kafka:9092 (id: ${2147483644 + r.int(0, 3)} rack: null) due to consumer poll timeout has expired.`,
          i,
        );
        log(
          t + ms + 5,
          "error",
          "ERROR",
          "c.s.projector.OffsetCommitter",
          `Commit of offsets failed: org.apache.kafka.clients.consumer.CommitFailedException: Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.`,
          i,
        );
        storms.push(t + 300_002);
      }
      // Polls wait for fetch.min.bytes between batches when the consumer keeps up.
      t += ms + r.int(600, 1800);
    }
  }
  for (const s of storms) rebalance(s, "pattern", "consumer pro-actively leaving the group");
  // The group's lag, reported by the app every 30 s.
  for (let t = t0 + r.int(0, 30 * SEC); t < end; t += 30 * SEC) {
    const lag = t < onset ? r.int(50, 1500) : Math.round(ramp(t, onset, end, 1500, r.float(1.5e6, 3e6)) * r.float(0.9, 1.1));
    log(
      t,
      lag > 20_000 ? "performance" : null,
      "INFO",
      "c.s.projector.LagReporter",
      `consumer group ${svc} lag: total=${lag} max_partition=${Math.round(lag / parts) + r.int(0, 100)}`,
      0,
      { lag },
    );
  }
  for (const t of poissonTimes(r, t0, end, 0.6))
    log(
      t,
      null,
      "WARN",
      "c.s.projector.EventMapper",
      `Skipping event with unknown type '${r.pick(["order.archived", "order.gdpr_erased", "order.tagged"])}'`,
      r.int(0, n - 1),
    );
  for (const t of poissonTimes(r, t0, end, 0.2))
    log(t, null, "INFO", "org.apache.kafka.clients.NetworkClient", `${prefix(r.int(0, n - 1))} Node -1 disconnected.`, 0);
  return book.scenario(
    name,
    `the ${sink} sink of ${svc} slows down until batches exceed max.poll.interval.ms; members are kicked, rebalances loop and lag grows`,
  );
}

export function nodeHeapEarlyOnset(seed: number): Scenario {
  const name = "node-heap-early-onset";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const svc = r.pick(["realtime-gateway", "notifications-ws", "presence-svc"]);
  const pods = [podName(r, svc), podName(r, svc)];
  const limitMb = r.pick([2048, 4096]);
  const t0 = startTime(r);
  const end = t0 + r.int(35, 45) * MIN;
  // Pod A is already near its heap limit when the export starts; pod B reaches it later.
  const crashA = t0 + r.int(2, 5) * MIN;
  const crashB = t0 + r.int(16, 24) * MIN;
  const heapAt = (pod: number, t: number): number => {
    const crash = pod === 0 ? crashA : crashB;
    if (t < crash) return pod === 0 ? ramp(t, t0, crash, 0.9, 0.995) * limitMb : ramp(t, t0, crash, 0.55, 0.995) * limitMb;
    return ramp(t, crash, crash + 40 * MIN, 0.12, 0.5) * limitMb;
  };
  const pino = (t: number, label: Label, pod: number, level: string, msg: string, extra: Entry = {}): void => {
    book.add(t, label, { level, time: iso(t), pid: 1, hostname: pods[pod], app: svc, ...extra, msg });
  };
  const v8 = (t: number, pod: number, text: string): void => {
    book.add(t, "memory", { log: `${text}\n`, stream: "stderr", time: isoNano(t, r), app: svc, pod: pods[pod] });
  };
  const memLimit = 0.8 * limitMb;
  for (let pod = 0; pod < 2; pod++) {
    const crash = pod === 0 ? crashA : crashB;
    for (let t = t0 + r.int(0, 10 * SEC); t < end; t += 10 * SEC) {
      if (t >= crash && t < crash + 8 * SEC) continue;
      const heap = heapAt(pod, t);
      const label: Label = heap > memLimit ? "memory" : null;
      pino(t, label, pod, heap > memLimit ? "warn" : "info", "memory stats", {
        heapUsedMB: Math.round(heap),
        heapTotalMB: Math.round(Math.min(limitMb, heap * 1.08)),
        rssMB: Math.round(heap * 1.2 + 90),
        subscriptions: Math.round(heap * 23),
      });
    }
    // Requests (websocket publishes); GC pauses stretch them when the heap is near the limit.
    for (const t of poissonTimes(r, t0, end, r.float(45, 60))) {
      if (t >= crash && t < crash + 8 * SEC) continue;
      const pressure = heapAt(pod, t) / limitMb;
      const ms = Math.round(r.logNormal(6, 0.4) * (pressure > 0.85 ? r.float(30, 200) : 1));
      pino(t + ms, ms > slowLimit(6, 0.4) ? "performance" : null, pod, "info", "message fanned out", {
        channel: `room:${r.int(1, 4000)}`,
        recipients: r.int(1, 400),
        duration_ms: ms,
      });
      if (pressure > 0.9 && r.chance(0.05))
        pino(t + ms + 1, "performance", pod, "warn", `event loop blocked for ${r.int(800, 2600)}ms`, { lag_ms: r.int(800, 2600) });
    }
    // The OOM: V8's last words on stderr, then the restart.
    const mb = (f: number) => (limitMb * f).toFixed(1);
    const upMs = crash - t0 + r.int(3600, 90000) * 1000;
    v8(crash, pod, "<--- Last few GCs --->");
    for (let k = 0; k < 2; k++)
      v8(
        crash,
        pod,
        `[1:0x${r.hex(7)}] ${upMs - (1 - k) * 1900} ms: Mark-Compact ${mb(0.997)} (${mb(1.017)}) -> ${mb(0.996)} (${mb(1.017)}) MB, ${r.int(1500, 2100)}.${r.int(10, 99)} / 0.00 ms  (average mu = 0.${r.int(100, 140)}, current mu = 0.0${r.int(20, 60)}) allocation failure; scavenge might not succeed`,
      );
    v8(crash + 1, pod, "<--- JS stacktrace --->");
    v8(crash + 1, pod, "FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory");
    const frames = [
      "node::Abort()",
      "node::OOMErrorHandler(char const*, v8::OOMDetails const&)",
      "v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&)",
      "v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, v8::OOMDetails const&)",
      "v8::internal::Heap::FatalProcessOutOfMemory(char const*)",
    ];
    frames.forEach((f, k) => {
      v8(crash + 2, pod, ` ${k + 1}: 0x${r.hex(6)} ${f} [node]`);
    });
    const up = crash + r.int(4, 8) * SEC;
    pino(up, "pattern", pod, "info", `${svc} listening on :8080`, { version: "3.18.2", node: "v20.14.0" });
    pino(up + 40, "pattern", pod, "info", "connected to redis pub/sub", { url: "redis://presence-redis:6379" });
  }
  for (const t of poissonTimes(r, t0, end, 1.2)) pino(t, null, r.int(0, 1), "warn", "client disconnected without close frame", { code: 1006 });
  for (const t of poissonTimes(r, t0, end, 0.3))
    pino(t, null, r.int(0, 1), "error", "publish rejected: payload too large", { bytes: r.int(1_100_000, 4_000_000), limit: 1_048_576 });
  return book.scenario(name, `${svc} leaks subscriptions: one pod is already at its ${limitMb} MB heap limit in the first minute and dies, the other follows`);
}
