// 1) A Kafka consumer group falls behind: the ledger projector's batches slow
// down (its Cassandra store is under a heavy repair), lag climbs into the hundreds
// of thousands, poll timeouts cause rebalances. Late in the window.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, ramp, clamp, round, log4jTime, ipIn } from "./lib.js";
import { logstash, slog, pino, pyJson, filebeat, type Lv, type F } from "./producers.js";

export function s01ConsumerLag(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(112, 128) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const onset = T0 + W * r.float(0.5, 0.6);
  const rampMs = r.int(18, 30) * MIN;
  const peak = r.float(7.5, 10); // per-record cost multiplier at the worst
  const lambda = r.float(160, 260); // payment events per second
  const topic = "payment-events";
  const group = "ledger-projector";
  const nPart = 12;

  // ------------------------------------------------------------ consumer instances
  const rs = r.rsHash();
  const inst = [0, 1, 2].map((i) => ({
    pod: `${group}-${rs}-${r.podSuffix()}`,
    client: `consumer-${group}-${i + 1}`,
    member: `consumer-${group}-${i + 1}-${r.uuid()}`,
    parts: [0, 1, 2, 3].map((k) => i * 4 + k),
  }));
  const costMs = r.float(2.2, 3.0); // ms per record when healthy
  const factor = (t: number): number => 1 + (peak - 1) * ramp(t, onset, onset + rampMs) * (0.9 + 0.2 * Math.sin((t - onset) / (7 * MIN)));

  // Simulate lag in 5-second steps.
  const step = 5000;
  const lagAt: number[] = [];
  let lag = r.int(150, 500);
  for (let t = T0; t <= T1 + step; t += step) {
    const cap = (3 * 1000) / (costMs * factor(t)); // records per second the group can do
    const inRate = lambda * (1 + 0.08 * Math.sin((t - T0) / (23 * MIN)));
    const out = Math.min(inRate + lag / 10, cap);
    lag = Math.max(r.int(80, 400), lag + (inRate - out) * (step / 1000));
    lagAt.push(lag);
  }
  const lagOf = (t: number): number => lagAt[clamp(Math.floor((t - T0) / step), 0, lagAt.length - 1)] ?? 0;

  const thread = (i: number): string => `org.springframework.kafka.KafkaListenerEndpointContainer#0-${i}-C-1`;
  const COORD = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator";
  const jlog = (t: number, lv: Lv, i: number, logger: string, msg: string, extra?: F, stack?: string): F => {
    const c = inst[i];
    return logstash(t, lv, logger, thread(i), msg, { app: group, pod: c?.pod, ...extra }, stack);
  };

  const offsets = [0, r.int(1e6, 9e6), r.int(1e6, 9e6), r.int(1e6, 9e6)];
  function kafkaLine(t: number, lv: string, broker: number, component: string, cls: string, msg: string): F {
    offsets[broker] = (offsets[broker] ?? 0) + 240 + msg.length;
    return filebeat(t, msg, {
      path: "/opt/kafka/logs/server.log",
      host: `kafka-${broker}`,
      offset: offsets[broker] ?? 0,
      parsed: {
        log: { level: lv, file: { path: "/opt/kafka/logs/server.log" }, offset: offsets[broker] ?? 0, original: `[${log4jTime(t)}] ${lv} ${msg} (${cls})` },
        kafka: { log: { component, class: cls } },
        event: { dataset: "kafka.log", module: "kafka", kind: "event" },
        service: { type: "kafka" },
      },
    });
  }
  let generation = r.int(30, 80);
  // stats every 30 s per instance
  inst.forEach((c, i) => {
    for (const t of ticks(r, T0, T1, 30000, 300)) {
      const f = factor(t);
      const backlog = lagOf(t) > 3000;
      const inRate = lambda / 3;
      const cap = 1000 / (costMs * f);
      const recs = Math.round(Math.min(inRate * (backlog ? 3 : 1), cap) * 30 * r.float(0.93, 1.07));
      const bsize = backlog ? r.int(470, 500) : r.int(60, 160);
      const batches = Math.max(1, Math.round(recs / bsize));
      const avg = Math.round(bsize * costMs * f * r.float(0.9, 1.1));
      const mx = Math.round(avg * r.float(1.3, 2.4));
      const lbl = f > 2 ? "performance" : null;
      sink.add(
        t,
        jlog(
          t,
          "info",
          i,
          "com.acme.ledger.projector.ConsumerStats",
          `Consumer stats (last 30s): records=${recs} batches=${batches} avg_batch_ms=${avg} max_batch_ms=${mx} partitions=${JSON.stringify(c.parts)}`,
          {
            records: recs,
            batches,
            avg_batch_ms: avg,
            max_batch_ms: mx,
          },
        ),
        lbl,
      );
      if (mx > 5000 && r.chance(0.8)) {
        const p = r.pick(c.parts);
        const tt = t - r.int(1000, 25000);
        sink.add(
          tt,
          jlog(
            tt,
            "warn",
            i,
            "com.acme.ledger.projector.BatchProjector",
            `Slow batch: ${bsize} records from ${topic}-${p} projected in ${mx} ms (threshold 5000 ms)`,
            { duration_ms: mx, partition: p, records: bsize },
          ),
          "performance",
        );
      }
    }
  });

  // poll timeouts and rebalances during the worst of it
  const rebalanceAt: number[] = [];
  for (let t = onset + rampMs * 0.7 + r.int(0, 4) * MIN; t < T1 - 2 * MIN; t += r.int(7, 14) * MIN) rebalanceAt.push(t);
  const brokerOfGroup = r.int(1, 3);
  for (const t0 of rebalanceAt) {
    const i = r.int(0, 2);
    const c = inst[i];
    if (!c) continue;
    sink.add(
      t0,
      jlog(
        t0,
        "warn",
        i,
        COORD,
        `[Consumer clientId=${c.client}, groupId=${group}] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.`,
      ),
      "performance",
    );
    const t1 = t0 + r.int(2, 40);
    sink.add(
      t1,
      jlog(
        t1,
        "info",
        i,
        COORD,
        `[Consumer clientId=${c.client}, groupId=${group}] Member ${c.member} sending LeaveGroup request to coordinator kafka-${brokerOfGroup}.kafka-headless.streaming.svc.cluster.local:9092 (id: ${2147483647 - brokerOfGroup} rack: null) due to consumer poll timeout has expired.`,
      ),
      "pattern",
    );
    sink.add(
      t1 + 5,
      kafkaLine(
        t1 + 5,
        "INFO",
        brokerOfGroup,
        `GroupCoordinator ${brokerOfGroup}`,
        "kafka.coordinator.group.GroupCoordinator",
        `[GroupCoordinator ${brokerOfGroup}]: Preparing to rebalance group ${group} in state PreparingRebalance with old generation ${generation} (__consumer_offsets-17) (reason: Removing member ${c.member} on LeaveGroup; client reason: consumer poll timeout has expired.)`,
      ),
      "pattern",
    );
    sink.add(
      t1 + 8,
      kafkaLine(
        t1 + 8,
        "INFO",
        brokerOfGroup,
        `GroupCoordinator ${brokerOfGroup}`,
        "kafka.coordinator.group.GroupCoordinator",
        `[GroupCoordinator ${brokerOfGroup}]: Member MemberMetadata(memberId=${c.member}, groupInstanceId=None, clientId=${c.client}, clientHost=/${ipIn(r, "10.40")}, sessionTimeoutMs=45000, rebalanceTimeoutMs=300000, supportedProtocols=List(cooperative-sticky)) has left group ${group} through explicit \`LeaveGroup\`; client reason: consumer poll timeout has expired.`,
      ),
      "pattern",
    );
    generation++;
    const tj = t1 + r.int(2000, 9000);
    inst.forEach((m, k) => {
      const tk = tj + k * r.int(20, 300);
      sink.add(
        tk,
        jlog(tk, "info", k, COORD, `[Consumer clientId=${m.client}, groupId=${group}] Request joining group due to: group is already rebalancing`),
        "pattern",
      );
      sink.add(tk + 3, jlog(tk + 3, "info", k, COORD, `[Consumer clientId=${m.client}, groupId=${group}] (Re-)joining group`), "pattern");
    });
    const ts = tj + r.int(1500, 4000);
    sink.add(
      ts,
      kafkaLine(
        ts,
        "INFO",
        brokerOfGroup,
        `GroupCoordinator ${brokerOfGroup}`,
        "kafka.coordinator.group.GroupCoordinator",
        `[GroupCoordinator ${brokerOfGroup}]: Stabilized group ${group} generation ${generation} (__consumer_offsets-17) with 3 members`,
      ),
      "pattern",
    );
    sink.add(
      ts + 40,
      kafkaLine(
        ts + 40,
        "INFO",
        brokerOfGroup,
        `GroupCoordinator ${brokerOfGroup}`,
        "kafka.coordinator.group.GroupCoordinator",
        `[GroupCoordinator ${brokerOfGroup}]: Assignment received from leader ${inst[0]?.member ?? ""} for group ${group} for generation ${generation}. The group has 3 members, 0 of which are static.`,
      ),
      "pattern",
    );
    inst.forEach((m, k) => {
      const tk = ts + 60 + k * r.int(5, 60);
      const parts = m.parts.map((p) => `${topic}-${p}`).join(", ");
      sink.add(
        tk,
        jlog(
          tk,
          "info",
          k,
          COORD,
          `[Consumer clientId=${m.client}, groupId=${group}] Successfully joined group with generation Generation{generationId=${generation}, memberId='${m.member}', protocol='cooperative-sticky'}`,
        ),
        "pattern",
      );
      sink.add(
        tk + 4,
        jlog(tk + 4, "info", k, COORD, `[Consumer clientId=${m.client}, groupId=${group}] Notifying assignor about the new Assignment(partitions=[${parts}])`),
        "pattern",
      );
      sink.add(
        tk + 6,
        jlog(tk + 6, "info", k, COORD, `[Consumer clientId=${m.client}, groupId=${group}] Adding newly assigned partitions: ${parts}`),
        "pattern",
      );
    });
  }

  // ------------------------------------------------------------ lag monitor (Go slog)
  for (const t of ticks(r, T0, T1, 60000, 400)) {
    const L = Math.round(lagOf(t) * r.float(0.95, 1.05));
    const maxP = Math.round((L / nPart) * r.float(1.1, 1.6));
    const high = L > 20000;
    sink.add(
      t,
      slog(t, high ? "warn" : "info", high ? "consumer group lag above threshold" : "consumer group lag", {
        group,
        topic,
        partitions: nPart,
        total_lag: L,
        max_partition_lag: maxP,
        threshold: 20000,
        component: "lag-monitor",
      }),
      L > 3000 ? "performance" : null,
    );
  }
  // a second, healthy group the monitor also watches
  for (const t of ticks(r, T0, T1, 60000, 400)) {
    sink.add(
      t,
      slog(t, "info", "consumer group lag", {
        group: "notification-dispatcher",
        topic,
        partitions: nPart,
        total_lag: r.int(0, 260),
        max_partition_lag: r.int(0, 60),
        threshold: 20000,
        component: "lag-monitor",
      }),
    );
  }

  // ------------------------------------------------------------ Kafka brokers (filebeat kafka module)
  for (let b = 1; b <= 3; b++) {
    for (const t of ticks(r, T0, T1, 10 * MIN, 20000)) {
      sink.add(
        t,
        kafkaLine(
          t,
          "INFO",
          b,
          `GroupMetadataManager brokerId=${b}`,
          "kafka.coordinator.group.GroupMetadataManager",
          `[GroupMetadataManager brokerId=${b}] Removed ${r.int(0, 3)} expired offsets in ${r.int(0, 2)} milliseconds.`,
        ),
      );
    }
    let base = r.int(80_000_000, 95_000_000);
    for (const t of arrivals(r, T0, T1, 0.22)) {
      const p = r.int(0, nPart - 1);
      base += r.int(400_000, 900_000);
      sink.add(
        t,
        kafkaLine(
          t,
          "INFO",
          b,
          `LocalLog partition=${topic}-${p}, dir=/var/lib/kafka/data`,
          "kafka.log.LocalLog$",
          `[LocalLog partition=${topic}-${p}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${base} in ${r.int(1, 6)} ms.`,
        ),
      );
      sink.add(
        t + 1,
        kafkaLine(
          t + 1,
          "INFO",
          b,
          `ProducerStateManager partition=${topic}-${p}`,
          "kafka.log.ProducerStateManager",
          `[ProducerStateManager partition=${topic}-${p}] Wrote producer snapshot at offset ${base} with ${r.int(2, 9)} producer ids in ${r.int(0, 3)} ms.`,
        ),
      );
      if (r.chance(0.5)) {
        const tt = t + r.int(30000, 90000);
        sink.add(
          tt,
          kafkaLine(
            tt,
            "INFO",
            b,
            `UnifiedLog partition=${topic}-${p}, dir=/var/lib/kafka/data`,
            "kafka.log.UnifiedLog",
            `[UnifiedLog partition=${topic}-${p}, dir=/var/lib/kafka/data] Deleting segment LogSegment(baseOffset=${base - r.int(9e6, 12e6)}, size=1073741${r.int(100, 823)}, lastModifiedTime=${Math.floor(t - 7 * 86400000)}, largestRecordTimestamp=Some(${Math.floor(t - 7 * 86400000 - 1000)})) due to retention time 604800000ms breach based on the largest record timestamp in the segment`,
          ),
        );
      }
    }
    // routine: clients occasionally disconnect
    for (const t of arrivals(r, T0, T1, 0.05)) {
      sink.add(
        t,
        kafkaLine(
          t,
          "INFO",
          b,
          `SocketServer listenerType=ZK_BROKER, nodeId=${b}`,
          "kafka.network.Processor",
          `[SocketServer listenerType=ZK_BROKER, nodeId=${b}] Failed authentication with /${ipIn(r, "10.40")} (channelId=10.40.${r.int(0, 9)}.${r.int(2, 250)}:9093-${ipIn(r, "10.40")}:${r.int(30000, 60000)}-${r.int(1, 90)}) (SSL handshake failed)`,
        ),
      );
    }
  }
  // decoy: a normal deploy of notification-dispatcher triggers an ordinary rebalance early on
  {
    const td = T0 + W * r.float(0.12, 0.3);
    let gen = r.int(100, 140);
    for (let k = 0; k < 3; k++) {
      const t = td + k * r.int(25000, 45000);
      const member = `consumer-notification-dispatcher-1-${r.uuid()}`;
      sink.add(
        t,
        kafkaLine(
          t,
          "INFO",
          2,
          "GroupCoordinator 2",
          "kafka.coordinator.group.GroupCoordinator",
          `[GroupCoordinator 2]: Preparing to rebalance group notification-dispatcher in state PreparingRebalance with old generation ${gen} (__consumer_offsets-31) (reason: Adding new member ${member} with group instance id None; client reason: rebalance failed due to MemberIdRequiredException)`,
        ),
      );
      gen++;
      sink.add(
        t + 3100,
        kafkaLine(
          t + 3100,
          "INFO",
          2,
          "GroupCoordinator 2",
          "kafka.coordinator.group.GroupCoordinator",
          `[GroupCoordinator 2]: Stabilized group notification-dispatcher generation ${gen} (__consumer_offsets-31) with 3 members`,
        ),
      );
      sink.add(
        t + 3140,
        kafkaLine(
          t + 3140,
          "INFO",
          2,
          "GroupCoordinator 2",
          "kafka.coordinator.group.GroupCoordinator",
          `[GroupCoordinator 2]: Assignment received from leader ${member} for group notification-dispatcher for generation ${gen}. The group has 3 members, 0 of which are static.`,
        ),
      );
    }
  }

  // ------------------------------------------------------------ Cassandra (ledger-store), plain text via filebeat
  const cass = [1, 2, 3].map((n) => ({ host: `ledger-store-${n - 1}`, off: r.int(1e6, 9e6) }));
  const cline = (t: number, n: number, lv: string, thr: string, src: string, msg: string): F => {
    const c = cass[n];
    const line = `${lv.padEnd(5)} [${thr}] ${log4jTime(t)} ${src} - ${msg}`;
    if (c) c.off += line.length + 1;
    return filebeat(t, line, {
      path: "/var/log/cassandra/system.log",
      host: c?.host ?? "ledger-store-0",
      offset: c?.off ?? 0,
      fields: { service: "ledger-store", env: "prod" },
    });
  };
  cass.forEach((_, n) => {
    for (const t of arrivals(r, T0, T1, 0.35)) {
      const k = r.int(0, 2);
      if (k === 0) {
        sink.add(
          t,
          cline(
            t,
            n,
            "INFO",
            `NativeTransportRequests-${r.int(1, 32)}`,
            "ColumnFamilyStore.java:878",
            `Enqueuing flush of projections: ${round(r.float(90, 140), 3)}MiB (${r.int(2, 4)}%) on-heap, 0.000KiB (0%) off-heap`,
          ),
        );
        const t2 = t + r.int(300, 1500);
        sink.add(
          t2,
          cline(
            t2,
            n,
            "INFO",
            `PerDiskMemtableFlushWriter_0:${r.int(100, 900)}`,
            "Memtable.java:469",
            `Writing Memtable-projections@${r.int(1e8, 2e9)}(${round(r.float(30, 55), 3)}MiB serialized bytes, ${r.int(300000, 500000)} ops, ${r.int(2, 4)}%/0% of on/off-heap limit), flushed range = (min(-9223372036854775808), max(9223372036854775807)]`,
          ),
        );
      } else if (k === 1) {
        const sec = r.int(20, 70);
        sink.add(
          t,
          cline(
            t,
            n,
            "INFO",
            `CompactionExecutor:${r.int(100, 400)}`,
            "CompactionTask.java:241",
            `Compacted (${r.uuid().slice(0, 8)}) 4 sstables to [/var/lib/cassandra/data/ledger/projections-${r.hex(32)}/nb-${r.int(1000, 9999)}-big,] to level=0.  ${round(r.float(0.8, 1.6), 3)}GiB to ${round(r.float(0.7, 1.5), 3)}GiB (~${r.int(88, 98)}% of original) in ${sec},${r.int(100, 999)}ms.  Read Throughput = ${round(r.float(20, 40), 3)}MiB/s, Write Throughput = ${round(r.float(18, 38), 3)}MiB/s, Row Throughput = ~${r.int(300, 500)},${r.int(100, 999)}/s.`,
          ),
        );
      } else {
        // routine GC inspector notices (>200 ms young GCs happen every day)
        sink.add(
          t,
          cline(
            t,
            n,
            "INFO",
            "ScheduledTasks:1",
            "GCInspector.java:285",
            `G1 Young Generation GC in ${r.int(201, 290)}ms.  G1 Eden Space: ${r.int(1200, 1300) * 1048576} -> 0; G1 Old Gen: ${r.int(2000, 2300) * 1048576} -> ${r.int(2050, 2350) * 1048576}; G1 Survivor Space: ${r.int(40, 60) * 1048576} -> ${r.int(40, 70) * 1048576};`,
          ),
        );
      }
    }
    // the repair that loads the cluster (ordinary maintenance line, not labelled)
    if (n === 0) {
      const tr = onset - r.int(2, 6) * MIN;
      sink.add(
        tr,
        cline(
          tr,
          n,
          "INFO",
          "Repair-Task-2",
          "RepairRunnable.java:263",
          `[repair #${r.uuid()}] Starting repair command #${r.int(20, 60)} (${r.uuid()}), repairing keyspace ledger with repair options (parallelism: parallel, primary range: false, incremental: false, job threads: 4, ColumnFamilies: [projections], dataCenters: [], hosts: [], previewKind: NONE, # of ranges: 768, pull repair: false, force repair: false, optimise streams: false, ignore unreplicated keyspaces: false)`,
        ),
      );
    }
    // slow operations once the store is loaded
    for (const t of ticks(r, onset + r.int(1, 4) * MIN, T1, r.int(50, 80) * 1000, 15000)) {
      if (factor(t) < 2.5) continue;
      sink.add(
        t,
        cline(t, n, "WARN", "ScheduledTasks:1", "NoSpamLogger.java:95", "Some operations were slow, details available at debug level (debug.log)"),
        "performance",
      );
      if (r.chance(0.45)) {
        sink.add(
          t + 120,
          cline(
            t + 120,
            n,
            "INFO",
            "ScheduledTasks:1",
            "MessagingMetrics.java:206",
            `MUTATION_REQ messages were dropped in last 5000 ms: 0 internal and ${r.int(5, 80)} cross node. Mean internal dropped latency: 0 ms and Mean cross-node dropped latency: ${r.int(2100, 4800)} ms`,
          ),
          "performance",
        );
      }
    }
  });

  // ------------------------------------------------------------ payments-api (pino-http), the producer side
  const apiRs = r.rsHash();
  const apiPods = [0, 1, 2].map(() => ({ pid: 1, hostname: `payments-api-${apiRs}-${r.podSuffix()}` }));
  let reqId = r.int(1000, 50000);
  for (const t of arrivals(r, T0, T1, (x) => 8 * (1 + 0.15 * Math.sin((x - T0) / (31 * MIN))))) {
    const base = r.pick(apiPods);
    const route = r.weighted([
      ["create", 40],
      ["get", 30],
      ["capture", 15],
      ["balance", 15],
    ] as const);
    const acct = r.int(100000, 999999);
    const payId = `pay_${r.b62(14)}`;
    let method = "GET";
    let url = `/v1/payments/${payId}`;
    let status = 200;
    let ms = r.logn(18, 0.5);
    if (route === "create") {
      method = "POST";
      url = "/v1/payments";
      status = r.weighted([
        [201, 92],
        [402, 5],
        [409, 2],
        [422, 1],
      ] as const);
      ms = r.logn(42, 0.45);
    } else if (route === "capture") {
      method = "POST";
      url = `/v1/payments/${payId}/capture`;
      status = r.chance(0.02) ? 409 : 200;
      ms = r.logn(35, 0.4);
    } else if (route === "balance") {
      url = `/v1/accounts/${acct}/balance`;
      ms = r.logn(9, 0.4);
    } else if (r.chance(0.03)) status = 404;
    sink.add(
      t,
      pino(t, status >= 500 ? "error" : "info", base, "request completed", {
        req: { id: reqId++, method, url, remoteAddress: `::ffff:${ipIn(r, "10.40")}`, remotePort: r.int(30000, 60000) },
        res: { statusCode: status },
        responseTime: Math.round(ms),
      }),
    );
    if (route === "create" && status === 409) {
      sink.add(t - 2, pino(t - 2, "warn", base, "idempotency key replayed with a different payload", { idempotencyKey: r.uuid(), reqId: reqId - 1 }));
    }
  }

  // ------------------------------------------------------------ notification-dispatcher (python)
  for (const t of arrivals(r, T0, T1, 3.2)) {
    const to = `${r.fromAlphabet(1, "abcdefghijklmnoprstw")}***@${r.pick(["gmail.com", "outlook.com", "web.de", "icloud.com", "gmx.net", "yahoo.com"])}`;
    sink.add(
      t,
      pyJson(t, "info", "dispatcher.email", `sent payment receipt to ${to} via ses (message id 0102018${r.hex(9)}-${r.uuid()}-000000)`, {
        payment_id: `pay_${r.b62(14)}`,
        template: "receipt_v4",
        elapsed_ms: r.int(40, 180),
      }),
    );
  }
  for (const t of arrivals(r, T0, T1, 0.08)) {
    sink.add(
      t,
      pyJson(t, "warn", "dispatcher.email", "SES throttled the request (Maximum sending rate exceeded.), retrying in 1.0s", {
        attempt: 1,
        error_code: "Throttling",
      }),
    );
  }

  return sink.build(
    "ledger-projector-consumer-lag",
    "A Kafka consumer group (ledger-projector) slows as its Cassandra store struggles: batch times climb, lag grows to six figures, poll timeouts trigger repeated rebalances.",
  );
}
