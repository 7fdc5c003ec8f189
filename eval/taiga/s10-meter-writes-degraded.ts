/**
 * s10 meter-writes-degraded: a smart-meter utility's ingestion platform over two and a half hours,
 * with an outage already under way when the window opens. One Cassandra node of the readings
 * cluster (readings-db, logback JSON via Fluent Bit, Kubernetes metadata) is stuck in long G1 old
 * generation collections with its heap nearly full, drops mutations and flaps DOWN/UP in gossip.
 * The Kafka consumer that writes readings (ingest-writer, Go slog, `duration` in ns, no route or
 * endpoint field) has slow batch writes, write timeouts and Unavailable errors from the first line
 * on, with its consumer lag growing. Healthy services beside it: device-registry (pino-http, routed
 * API), mqtt-bridge (zap), billing-export (structlog) and firmware-ota (python-json-logger).
 * In most seeds an operator restarts the sick node 12-20 minutes before the end (the restart and
 * the hint replay that follows are normal) and writes are healthy afterwards; in the rest the
 * outage lasts to the last line.
 * Labels: the sick node's GC pauses with a full heap are memory; slow writes (healthy 20-90 ms),
 * write timeouts, dropped mutations, local pauses and lag/backpressure lines are performance;
 * Unavailable/NoHostAvailable failures and gossip DOWN/UP flaps are error; everything on the healthy
 * services and every healthy write is normal.
 */
import { asctime, epochSeconds, HOUR, iso, isoMicro, isoNano, type Label, ln, MIN, podName, round, SEC, Timeline, ticks, uniformTimes } from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

export function s10MeterWritesDegraded(seed: number): Scenario {
  const name = "meter-writes-degraded";
  const rng = new Rng(seed, name);
  const span = 2.5 * HOUR;
  const start = rng.start2026(span, 0, 20);
  const end = start + span;
  const tl = new Timeline();

  const recovers = rng.chance(0.7);
  const tFix = recovers ? end - rng.float(12, 20) * MIN : end + HOUR;
  const sick = (t: number): boolean => t < tFix;
  const sickIp = `10.4.2.${rng.int(5, 60)}`;
  const peers = [`10.4.1.${rng.int(5, 60)}`, `10.4.3.${rng.int(5, 60)}`, `10.4.1.${rng.int(61, 120)}`];
  const sickPod = "readings-db-dc1-rack2-sts-0";
  const peerPods = ["readings-db-dc1-rack1-sts-0", "readings-db-dc1-rack3-sts-0", "readings-db-dc1-rack1-sts-1"];
  const writers = [podName(rng, "ingest-writer"), podName(rng, "ingest-writer"), podName(rng, "ingest-writer")];
  const registryPods = [podName(rng, "device-registry"), podName(rng, "device-registry")];
  const bridgePod = "mqtt-bridge-0";
  const meter = (): string => `MTR-${String(rng.int(1, 999_999)).padStart(6, "0")}`;

  // ---- producers ---------------------------------------------------------------------------
  const cass = (t: number, pod: string, level: string, thread: string, logger: string, message: string, label: Label = null): void => {
    tl.add(
      t,
      {
        "@timestamp": iso(t),
        level,
        thread_name: thread,
        logger_name: logger,
        message,
        kubernetes: {
          pod_name: pod,
          namespace_name: "readings",
          container_name: "cassandra",
          labels: { "app.kubernetes.io/name": "readings-db", "cassandra.datastax.com/datacenter": "dc1" },
        },
      },
      label,
    );
  };
  const slog = (t: number, level: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { time: isoNano(t), level, msg, service: "ingest-writer", instance: rng.pick(writers), ...fields }, label);
  };

  // ---- ingest-writer batches ----------------------------------------------------------------
  let lag = rng.int(800_000, 1_400_000);
  for (const t of uniformTimes(rng, start, end - 10 * SEC, rng.int(1300, 1450))) {
    const rows = rng.int(200, 500);
    const batch = rng.hex(12);
    const partition = rng.int(0, 23);
    if (!sick(t) || rng.chance(0.15)) {
      const ms = ln(rng, 40, 0.35, 18, 90);
      slog(t + ms, "INFO", "batch written", {
        batch_id: batch,
        rows,
        partition,
        keyspace: "readings",
        table: "meter_readings",
        duration: Math.round(ms * 1e6),
      });
      continue;
    }
    const roll = rng.next();
    if (roll < 0.4) {
      const ms = rng.float(2000, 2100);
      slog(
        t + ms,
        "ERROR",
        "batch write failed",
        {
          batch_id: batch,
          rows,
          partition,
          keyspace: "readings",
          duration: Math.round(ms * 1e6),
          error: `gocql: WriteTimeoutException: Cassandra timeout during write query at consistency LOCAL_QUORUM (1 replica(s) acknowledged the write over 2 required)`,
          write_type: "UNLOGGED_BATCH",
        },
        "performance",
      );
      if (rng.chance(0.5)) slog(t + ms + 5, "WARN", "batch requeued for retry", { batch_id: batch, attempt: rng.int(2, 5), backoff: "2s" }, "performance");
    } else if (roll < 0.6) {
      const ms = rng.float(1, 12);
      slog(
        t + ms,
        "ERROR",
        "batch write failed",
        {
          batch_id: batch,
          rows,
          partition,
          keyspace: "readings",
          duration: Math.round(ms * 1e6),
          error: rng.chance(0.6)
            ? "gocql: Cannot achieve consistency level LOCAL_QUORUM (Unavailable: 2 required, 1 alive)"
            : "gocql: no hosts available in the pool",
        },
        "error",
      );
    } else {
      const ms = rng.float(900, 1950);
      slog(
        t + ms,
        "WARN",
        "slow batch write",
        {
          batch_id: batch,
          rows,
          partition,
          keyspace: "readings",
          table: "meter_readings",
          duration: Math.round(ms * 1e6),
          coordinator: rng.pick([sickIp, ...peers]),
        },
        "performance",
      );
    }
  }
  for (const t of ticks(rng, start, end, 60 * SEC, 3000)) {
    if (sick(t)) {
      lag += rng.int(20_000, 60_000);
      slog(t, "WARN", "consumer lag", { group: "ingest-writer", topic: "meter.readings.v2", lag, paused_partitions: rng.int(4, 12) }, "performance");
      if (rng.chance(0.3))
        slog(t + 200, "WARN", "backpressure: pausing partitions until retry queue drains", { retry_queue: rng.int(800, 4000), limit: 800 }, "performance");
    } else {
      lag = Math.max(rng.int(0, 2000), Math.round(lag * 0.55));
      slog(t, "INFO", "consumer lag", { group: "ingest-writer", topic: "meter.readings.v2", lag, paused_partitions: 0 });
    }
  }

  // ---- readings-db ---------------------------------------------------------------------------
  const heapMax = 8 * 1024 ** 3;
  for (let t = start + rng.int(5, 40) * SEC; t < Math.min(tFix, end); t += rng.int(25, 70) * SEC) {
    const before = Math.round(heapMax * rng.float(0.96, 0.995));
    const after = before - rng.int(5_000_000, 90_000_000);
    cass(
      t,
      sickPod,
      "WARN",
      "Service Thread",
      "org.apache.cassandra.service.GCInspector",
      `G1 Old Generation GC in ${rng.int(4200, 11_800)}ms.  G1 Old Gen: ${before} -> ${after}; G1 Eden Space: ${rng.int(100_000_000, 400_000_000)} -> 0;`,
      "memory",
    );
    if (rng.chance(0.6))
      cass(
        t + rng.int(500, 3000),
        sickPod,
        "INFO",
        "ScheduledTasks:1",
        "org.apache.cassandra.net.MessagingService",
        `MUTATION messages were dropped in last 5000 ms: ${rng.int(0, 40)} internal and ${rng.int(400, 4000)} cross node. Mean internal dropped latency: ${rng.int(0, 3000)} ms and Mean cross-node dropped latency: ${rng.int(3000, 9000)} ms`,
        "performance",
      );
    if (rng.chance(0.3))
      cass(
        t + 100,
        sickPod,
        "WARN",
        "GossipTasks:1",
        "org.apache.cassandra.gms.FailureDetector",
        `Not marking nodes down due to local pause of ${rng.int(5_100_000_000, 12_000_000_000)}ns > 5000000000ns`,
        "performance",
      );
    if (rng.chance(0.25)) {
      const peer = rng.pick(peerPods);
      cass(t + 1500, peer, "INFO", "GossipStage:1", "org.apache.cassandra.gms.Gossiper", `InetAddress /${sickIp}:7000 is now DOWN`, "error");
      cass(t + rng.int(15, 40) * SEC, peer, "INFO", "GossipStage:1", "org.apache.cassandra.gms.Gossiper", `InetAddress /${sickIp}:7000 is now UP`, "error");
    }
  }
  for (const [i, pod] of peerPods.entries()) {
    for (const t of ticks(rng, start, end, 6 * MIN, 60 * SEC)) {
      if (sick(t) && rng.chance(0.5))
        cass(
          t,
          pod,
          "WARN",
          "HintsWriteExecutor:1",
          "org.apache.cassandra.hints.HintsWriteExecutor",
          `Hints for /${sickIp}:7000 accumulating: ${rng.int(200_000, 4_000_000)} rows pending`,
          "performance",
        );
      const y = rng.int(30, 120);
      cass(
        t + 4000,
        pod,
        "INFO",
        "ScheduledTasks:1",
        "org.apache.cassandra.service.GCInspector",
        `G1 Young Generation GC in ${y}ms.  G1 Eden Space: ${rng.int(1_000_000_000, 2_000_000_000)} -> 0; G1 Old Gen: ${rng.int(2_000_000_000, 3_400_000_000)} -> ${rng.int(2_000_000_000, 3_400_000_000)}; G1 Survivor Space: ${rng.int(50_000_000, 150_000_000)} -> ${rng.int(50_000_000, 150_000_000)};`,
      );
      if (rng.chance(0.3))
        cass(
          t + 9000,
          pod,
          "INFO",
          `CompactionExecutor:${i + 1}`,
          "org.apache.cassandra.db.compaction.CompactionTask",
          `Compacted (${rng.hex(8)}-${rng.hex(4)}) ${rng.int(2, 6)} sstables to [/var/lib/cassandra/data/readings/meter_readings-${rng.hex(32)}/nb-${rng.int(1000, 9999)}-big,] to level=0.  ${rng.int(100, 900)}.${rng.int(100, 999)}MiB to ${rng.int(80, 800)}.${rng.int(100, 999)}MiB (~${rng.int(70, 95)}% of original) in ${rng.int(8000, 60_000)}ms.`,
        );
    }
  }
  if (recovers) {
    cass(tFix - 90 * SEC, sickPod, "INFO", "StorageServiceShutdownHook", "org.apache.cassandra.service.StorageService", "Announcing shutdown");
    cass(tFix - 60 * SEC, sickPod, "INFO", "main", "org.apache.cassandra.service.CassandraDaemon", "Hostname: readings-db-dc1-rack2-sts-0:7000:7001");
    cass(
      tFix - 20 * SEC,
      sickPod,
      "INFO",
      "main",
      "org.apache.cassandra.service.StorageService",
      "Node /10.4.2.0 state jump to NORMAL".replace("10.4.2.0", sickIp),
    );
    for (const pod of peerPods)
      cass(tFix + rng.int(1, 10) * SEC, pod, "INFO", "GossipStage:1", "org.apache.cassandra.gms.Gossiper", `InetAddress /${sickIp}:7000 is now UP`);
    for (const pod of peerPods)
      cass(
        tFix + rng.int(60, 400) * SEC,
        pod,
        "INFO",
        "HintsDispatcher:1",
        "org.apache.cassandra.hints.HintsDispatchExecutor",
        `Finished hinted handoff of file ${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}-${Math.round(tFix)}-2.hints to endpoint /${sickIp}:7000: ${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
      );
    for (const t of ticks(rng, tFix, end, 2 * MIN, 30 * SEC)) {
      const y = rng.int(30, 120);
      cass(
        t,
        sickPod,
        "INFO",
        "ScheduledTasks:1",
        "org.apache.cassandra.service.GCInspector",
        `G1 Young Generation GC in ${y}ms.  G1 Eden Space: ${rng.int(1_000_000_000, 2_000_000_000)} -> 0; G1 Old Gen: ${rng.int(1_200_000_000, 2_000_000_000)} -> ${rng.int(1_200_000_000, 2_000_000_000)};`,
      );
    }
  }

  // ---- healthy services --------------------------------------------------------------------------
  for (const t of uniformTimes(rng, start, end - 2 * SEC, rng.int(850, 950))) {
    const m = meter();
    const route = rng.weighted([
      [`/v1/devices/${m}`, 50],
      [`/v1/devices/${m}/config`, 20],
      [`/v1/devices/${m}/certificates`, 10],
      ["/v1/devices?status=offline&page=1", 8],
      [`/v1/sites/${rng.int(1000, 9999)}/devices`, 12],
    ] as const);
    const ms = ln(rng, 22, 0.4, 6, 80);
    const nf = rng.chance(0.03);
    tl.add(t + ms, {
      level: nf ? 40 : 30,
      time: Math.round(t + ms),
      pid: 1,
      hostname: rng.pick(registryPods),
      name: "device-registry",
      req: { method: "GET", url: route },
      res: { statusCode: nf ? 404 : 200 },
      responseTime: Math.round(ms),
      msg: "request completed",
    });
  }
  for (const t of uniformTimes(rng, start, end - 2 * SEC, rng.int(650, 750))) {
    const kind = rng.weighted([
      ["connected", 30],
      ["disconnected", 25],
      ["published", 40],
      ["keepalive", 5],
    ] as const);
    const m = meter();
    if (kind === "connected")
      tl.add(t, {
        level: "info",
        ts: epochSeconds(t),
        caller: "bridge/session.go:88",
        msg: "client connected",
        service: "mqtt-bridge",
        pod: bridgePod,
        client_id: m,
        proto: "MQTT 3.1.1",
        tls: "TLS1.3",
      });
    else if (kind === "disconnected")
      tl.add(t, {
        level: "info",
        ts: epochSeconds(t),
        caller: "bridge/session.go:131",
        msg: "client disconnected",
        service: "mqtt-bridge",
        pod: bridgePod,
        client_id: m,
        reason: rng.pick(["normal", "normal", "keepalive_timeout", "tcp_closed"]),
      });
    else if (kind === "keepalive")
      tl.add(t, {
        level: "warn",
        ts: epochSeconds(t),
        caller: "bridge/session.go:150",
        msg: "keepalive timeout, closing session",
        service: "mqtt-bridge",
        pod: bridgePod,
        client_id: m,
        keepalive: "90s",
      });
    else
      tl.add(t, {
        level: "info",
        ts: epochSeconds(t),
        caller: "bridge/forward.go:54",
        msg: "forwarded to kafka",
        service: "mqtt-bridge",
        pod: bridgePod,
        topic: "meter.readings.v2",
        messages: rng.int(50, 900),
        latency: round(rng.float(0.002, 0.02), 6),
      });
  }
  for (const t of ticks(rng, start, end, 10 * MIN, 60 * SEC)) {
    const rows = rng.int(40_000, 90_000);
    tl.add(t, { event: "billing export started", period: "2026-D-1", tariff_groups: 14, service: "billing-export", level: "info", timestamp: isoMicro(t) });
    const done = t + rng.int(20, 90) * SEC;
    tl.add(done, {
      event: "billing export finished",
      rows,
      file: `s3://utility-billing/exports/${iso(t).slice(0, 10)}/${rng.hex(8)}.parquet`,
      service: "billing-export",
      level: "info",
      timestamp: isoMicro(done),
    });
  }
  for (const t of uniformTimes(rng, start, end, rng.int(150, 200))) {
    const m = meter();
    const ok = rng.chance(0.92);
    tl.add(t, {
      asctime: asctime(t),
      name: "ota.rollout",
      levelname: ok ? "INFO" : "WARNING",
      message: ok
        ? `firmware 4.${rng.int(2, 3)}.${rng.int(0, 9)} delivered to ${m} (${rng.int(120, 900)} KB in ${rng.int(4, 60)} s)`
        : `firmware delivery to ${m} deferred: device reported low battery`,
      service: "firmware-ota",
    });
  }
  return tl.build(
    name,
    "readings database already degraded when the window opens: slow writes, timeouts and Unavailable from the first line, healthy services beside; recovers near the end in most seeds",
  );
}
