// A new topic with unlimited retention fills the data volume of Kafka broker 2. Appends fail with "No space left on
// device", the log dir goes offline and the broker shuts down; systemd keeps restarting it and it keeps failing during
// log recovery. The other brokers shrink ISRs and take leadership, producers retry NOT_LEADER / NOT_ENOUGH_REPLICAS,
// consumer groups rebalance and lag grows, until the EBS volume is grown and the broker comes back.

import { Build, type Label } from "./build.js";
import { logfmt } from "./fmt.js";
import type { WildScenario } from "./types.js";

export function s07KafkaDiskFull(seed: number): WildScenario {
  const b = new Build(seed, "s07-kafka-disk-full");
  const { rng, f } = b;
  const start = b.start([1, 4, 6, 7, 12, 17, 18, 22]);
  const dur = rng.int(40, 60) * 60000;
  const end = start + dur;
  const tFull = start + Math.round(dur * rng.float(0.35, 0.45));
  const tFix = tFull + rng.int(11, 17) * 60000;
  const tBack = tFix + rng.int(25, 45) * 1000;
  const down = (t: number): boolean => t >= tFull && t < tBack;
  const brokerIp = ["10.0.8.10", "10.0.8.11", "10.0.8.12"];
  const topics: [string, number][] = [
    ["orders", 12],
    ["payments", 6],
    ["clickstream-raw", 24],
    ["inventory-changes", 6],
    ["__consumer_offsets", 50],
  ];
  const leaderOf = (topic: string, p: number): number => (topic.length * 7 + p) % 3;
  const offs = new Map<string, number>();
  const off = (tp: string): number => {
    const v = (offs.get(tp) ?? rng.int(1000000, 90000000)) + rng.int(5000, 90000);
    offs.set(tp, v);
    return v;
  };

  // ---------------------------------------------------------------- Kafka server.log (plain text, each physical line an entry)
  const k = (t: number, level: string, msg: string, logger: string, l: Label = null): void => b.add(t, f.kafka(t, level, msg, logger), l);
  const raw = (t: number, line: string, l: Label): void => b.add(t, line, l);
  const dir = "/var/lib/kafka/data";
  b.flow(start, end, 0.2, (t) => {
    const broker = rng.int(0, 2);
    if (broker === 2 && down(t)) return;
    const [topic, n] = rng.weighted(topics.map(([tp, np]) => [[tp, np] as const, tp === "clickstream-raw" ? 5 : 2] as const));
    const p = rng.int(0, n - 1);
    const tp = `${topic}-${p}`;
    const o = off(tp);
    if (topic !== "clickstream-raw" && rng.chance(0.25)) {
      const base = o - rng.int(9000000, 20000000);
      const ts = t - rng.int(604800, 700000) * 1000;
      k(
        t,
        "INFO",
        `[UnifiedLog partition=${tp}, dir=${dir}] Deleting segment LogSegment(baseOffset=${base}, size=${rng.int(1073000000, 1073741800)}, lastModifiedTime=${ts}, largestRecordTimestamp=${ts - rng.int(1, 9000)}) due to log retention time 604800000ms breach based on the largest record timestamp in the segment`,
        "kafka.log.UnifiedLog",
      );
      k(
        t + rng.int(1, 5),
        "INFO",
        `[LocalLog partition=${tp}, dir=${dir}] Deleting segment files LogSegment(baseOffset=${base}, size=${rng.int(1073000000, 1073741800)}, lastModifiedTime=${ts}, largestRecordTimestamp=${ts - rng.int(1, 9000)})`,
        "kafka.log.LocalLog$",
      );
      return;
    }
    k(t, "INFO", `[LocalLog partition=${tp}, dir=${dir}] Rolled new log segment at offset ${o} in ${rng.int(0, 4)} ms.`, "kafka.log.LocalLog");
    k(
      t + rng.int(0, 3),
      "INFO",
      `[ProducerStateManager partition=${tp}] Wrote producer snapshot at offset ${o} with ${rng.int(0, 12)} producer ids in ${rng.int(0, 6)} ms.`,
      "org.apache.kafka.storage.internals.log.ProducerStateManager",
    );
  });
  b.flow(start, end, 1 / 240, (t) => {
    const broker = rng.int(0, 1);
    const member = `search-indexer-${rng.int(1, 4)}-${rng.uuid()}`;
    k(
      t,
      "INFO",
      `[GroupCoordinator ${broker}]: Member ${member} in group search-indexer has failed, removing it from the group`,
      "kafka.coordinator.group.GroupCoordinator",
    );
    k(
      t + 2,
      "INFO",
      `[GroupCoordinator ${broker}]: Preparing to rebalance group search-indexer in state PreparingRebalance with old generation ${rng.int(300, 900)} (__consumer_offsets-${rng.int(0, 49)}) (reason: removing member ${member} on heartbeat expiration)`,
      "kafka.coordinator.group.GroupCoordinator",
    );
  });

  // broker 2 runs out of disk
  const ioStack = (l: Label, t: number, tail: string[]): void => {
    raw(t, "java.io.IOException: No space left on device", l);
    for (const s of tail) raw(t, s, l);
  };
  const appendTail = [
    "\tat java.base/sun.nio.ch.FileDispatcherImpl.write0(Native Method)",
    "\tat java.base/sun.nio.ch.FileDispatcherImpl.write(FileDispatcherImpl.java:62)",
    "\tat java.base/sun.nio.ch.IOUtil.writeFromNativeBuffer(IOUtil.java:132)",
    "\tat java.base/sun.nio.ch.IOUtil.write(IOUtil.java:97)",
    "\tat java.base/sun.nio.ch.FileChannelImpl.write(FileChannelImpl.java:285)",
    "\tat org.apache.kafka.common.record.MemoryRecords.writeFullyTo(MemoryRecords.java:92)",
    "\tat org.apache.kafka.common.record.FileRecords.append(FileRecords.java:188)",
    "\tat kafka.log.LogSegment.append(LogSegment.scala:161)",
    "\tat kafka.log.LocalLog.append(LocalLog.scala:438)",
    "\tat kafka.log.UnifiedLog.append(UnifiedLog.scala:949)",
    "\tat kafka.log.UnifiedLog.appendAsLeader(UnifiedLog.scala:760)",
    "\tat kafka.cluster.Partition.$anonfun$appendRecordsToLeader$1(Partition.scala:1367)",
    "\tat kafka.server.ReplicaManager.$anonfun$appendToLocalLog$6(ReplicaManager.scala:1322)",
    "\tat java.base/java.lang.Thread.run(Thread.java:840)",
  ];
  k(
    tFull,
    "ERROR",
    `Error while appending records to clickstream-raw-${rng.int(0, 23)} in dir ${dir}`,
    "org.apache.kafka.storage.internals.log.LogDirFailureChannel",
    "error",
  );
  ioStack("error", tFull, appendTail);
  k(tFull + rng.int(5, 30), "WARN", `[ReplicaManager broker=2] Stopping serving replicas in dir ${dir}`, "kafka.server.ReplicaManager", "error");
  const onTwo = topics.flatMap(([tp, n]) => Array.from({ length: n }, (_, p) => `${tp}-${p}`)).filter((_, i) => i % 3 !== 0);
  const sample = rng.shuffle(onTwo).slice(0, 14);
  k(
    tFull + rng.int(31, 60),
    "WARN",
    `[ReplicaManager broker=2] Broker 2 stopped fetcher for partitions ${sample.join(",")} and stopped moving logs for partitions  because they are in the failed log directory ${dir}.`,
    "kafka.server.ReplicaManager",
    "error",
  );
  k(tFull + rng.int(61, 90), "WARN", `Stopping serving logs in dir ${dir}`, "kafka.log.LogManager", "error");
  k(tFull + rng.int(91, 140), "ERROR", `Shutdown broker because all log dirs in ${dir} have failed`, "kafka.log.LogManager", "error");

  // ---------------------------------------------------------------- kafka-2 VM syslog (RFC 3164): systemd restart loop, volume resize
  const host = "kafka-2";
  const sys = (t: number, prog: string, pid: number | null, msg: string, l: Label = null): void => b.add(t, f.syslog(t, host, prog, pid, msg), l);
  b.flow(start, end, 1 / 300, (t) => {
    const pid = rng.int(20000, 90000);
    sys(t, "sshd", pid, `Accepted publickey for ops from 10.0.1.${rng.int(10, 40)} port ${rng.int(40000, 65000)} ssh2: ED25519 SHA256:${rng.alnum(43)}`);
    sys(t + 30, "systemd-logind", rng.int(600, 700), `New session ${rng.int(1000, 9999)} of user ops.`);
  });
  b.every(start + rng.int(0, 600000), end, 600000, 0, (t) => {
    sys(t, "CRON", rng.int(20000, 90000), "(root) CMD (/usr/local/bin/kafka-log-cleanup.sh >/dev/null 2>&1)");
  });
  let tRun = tFull + rng.int(900, 1600);
  let restart = 0;
  const fail = (t: number): void => {
    sys(t, "systemd", 1, "kafka.service: Main process exited, code=exited, status=1/FAILURE", "error");
    sys(t + 1, "systemd", 1, "kafka.service: Failed with result 'exit-code'.", "error");
    sys(
      t + 2,
      "systemd",
      1,
      `kafka.service: Consumed ${restart === 0 ? `${rng.int(3, 9)}h ${rng.int(1, 59)}min ${rng.float(1, 59).toFixed(3)}s` : `${rng.float(20, 40).toFixed(3)}s`} CPU time.`,
      restart === 0 ? "error" : "pattern",
    );
  };
  fail(tRun);
  while (true) {
    const tRestart = tRun + 30000 + rng.int(0, 200);
    if (tRestart > tFix) break;
    restart++;
    sys(tRestart, "systemd", 1, `kafka.service: Scheduled restart job, restart counter is at ${restart}.`, "pattern");
    sys(tRestart + 3, "systemd", 1, "Stopped kafka.service - Apache Kafka.", "pattern");
    sys(tRestart + 10, "systemd", 1, "Started kafka.service - Apache Kafka.", "pattern");
    const s0 = tRestart + rng.int(1500, 2500);
    k(s0, "INFO", "Registered kafka:type=kafka.Log4jController MBean", "kafka.utils.Log4jControllerRegistration$", "pattern");
    k(s0 + rng.int(300, 700), "INFO", "[BrokerServer id=2] Transition from SHUTDOWN to STARTING", "kafka.server.BrokerServer", "pattern");
    k(s0 + rng.int(800, 1500), "INFO", `Loading logs from log dirs ArraySeq(${dir})`, "kafka.log.LogManager", "pattern");
    k(
      s0 + rng.int(1600, 2200),
      "INFO",
      `Skipping recovery of ${rng.int(380, 420)} logs from ${dir} since clean shutdown file was found`,
      "kafka.log.LogManager",
      "pattern",
    );
    const tf = s0 + rng.int(6000, 14000);
    k(
      tf,
      "ERROR",
      `Error while writing to checkpoint file ${dir}/recovery-point-offset-checkpoint`,
      "org.apache.kafka.storage.internals.log.LogDirFailureChannel",
      "error",
    );
    ioStack("error", tf, [
      "\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)",
      "\tat java.base/java.io.FileOutputStream.write(FileOutputStream.java:349)",
      "\tat java.base/sun.nio.cs.StreamEncoder.writeBytes(StreamEncoder.java:234)",
      "\tat java.base/java.io.BufferedWriter.flushBuffer(BufferedWriter.java:120)",
      "\tat org.apache.kafka.server.common.CheckpointFile.write(CheckpointFile.java:87)",
      "\tat kafka.log.LogManager.checkpointRecoveryOffsetsInDir(LogManager.scala:741)",
    ]);
    k(tf + rng.int(20, 80), "ERROR", `Shutdown broker because all log dirs in ${dir} have failed`, "kafka.log.LogManager", "error");
    tRun = tf + rng.int(300, 900);
    fail(tRun);
  }
  // the fix: grow the EBS volume and the filesystem, then start the broker
  const kt = (t: number, msg: string): void =>
    sys(t, "kernel", null, `[${String(rng.int(2000000, 3000000))}.${String(rng.int(0, 999999)).padStart(6, "0")}] ${msg}`, null);
  kt(tFix - rng.int(60000, 90000), "nvme nvme1: rescanning namespaces.");
  kt(tFix - rng.int(50000, 59000), "nvme1n1: detected capacity change from 2147483648 to 4294967296");
  sys(tFix - rng.int(30000, 45000), "sudo", null, "     ops : TTY=pts/0 ; PWD=/home/ops ; USER=root ; COMMAND=/usr/sbin/resize2fs /dev/nvme1n1");
  kt(tFix - rng.int(25000, 29000), "EXT4-fs (nvme1n1): resizing filesystem from 524288000 to 1048576000 blocks");
  kt(tFix - rng.int(15000, 24000), "EXT4-fs (nvme1n1): resized filesystem to 1048576000");
  sys(tFix, "systemd", 1, "Started kafka.service - Apache Kafka.");
  k(tFix + 2000, "INFO", "[BrokerServer id=2] Transition from SHUTDOWN to STARTING", "kafka.server.BrokerServer");
  k(tFix + rng.int(3000, 5000), "INFO", `Loading logs from log dirs ArraySeq(${dir})`, "kafka.log.LogManager");
  k(tBack - rng.int(3000, 8000), "INFO", `Loaded ${rng.int(390, 420)} logs in ${rng.int(9000, 20000)}ms`, "kafka.log.LogManager");
  k(tBack, "INFO", "[BrokerServer id=2] Transition from STARTING to STARTED", "kafka.server.BrokerServer");

  // leaders on brokers 0/1: ISR shrinks when broker 2 goes, expands when it is back
  for (const tp of rng.shuffle(onTwo).slice(0, rng.int(10, 16))) {
    const [topic, ps] = [tp.slice(0, tp.lastIndexOf("-")), Number(tp.slice(tp.lastIndexOf("-") + 1))];
    const leader = leaderOf(topic, ps) === 2 ? rng.int(0, 1) : leaderOf(topic, ps);
    const hw = off(tp);
    const t1 = tFull + rng.int(10000, 32000);
    k(
      t1,
      "INFO",
      `[Partition ${tp} broker=${leader}] Shrinking ISR from ${leader},${1 - leader},2 to ${leader},${1 - leader}. Leader: (highWatermark: ${hw}, endOffset: ${hw + rng.int(1, 40)}). Out of sync replicas: (brokerId: 2, endOffset: ${hw}, lastCaughtUpTimeMs: ${tFull - rng.int(0, 400)}).`,
      "kafka.cluster.Partition",
      "pattern",
    );
    const t2 = tBack + rng.int(5000, 60000);
    k(
      t2,
      "INFO",
      `[Partition ${tp} broker=${leader}] ISR updated to ${leader},${1 - leader},2 and version updated to ${rng.int(20, 90)}`,
      "kafka.cluster.Partition",
    );
  }
  for (let i = 0; i < rng.int(6, 10); i++) {
    k(
      tFull + rng.int(9000, 20000),
      "INFO",
      `[Broker id=${rng.int(0, 1)}] Transitioning ${rng.int(20, 60)} partition(s) to local leaders.`,
      "state.change.logger",
      "pattern",
    );
  }

  // ---------------------------------------------------------------- order-events producer: go-kit logfmt in Docker json-file
  const dk = (t: number, stream: "stdout" | "stderr", line: string, l: Label): void => b.add(t, f.docker(t, stream, line), l);
  b.flow(start, end, 0.4, (t) => {
    const topic = rng.pick(["orders", "orders", "payments", "inventory-changes"]);
    const p = rng.int(0, 5);
    let lat = Math.round(rng.logn(6, 0.5));
    let l: Label = null;
    if (t > tFull && t < tFull + 45000 && leaderOf(topic, p) === 2) {
      for (let a = 1; a <= rng.int(1, 3); a++)
        dk(
          t - 300 * (4 - a),
          "stderr",
          logfmt([
            ["ts", f.iso(t - 300 * (4 - a))],
            ["caller", "publisher.go:131"],
            ["level", "warn"],
            ["msg", "produce retry"],
            ["topic", topic],
            ["partition", p],
            ["attempt", a],
            ["err", "NOT_LEADER_OR_FOLLOWER: This server is not the leader for that topic-partition."],
          ]),
          "pattern",
        );
      lat = rng.int(400, 1500);
      l = "performance";
    } else if (down(t) && rng.chance(0.12)) {
      dk(
        t - 200,
        "stderr",
        logfmt([
          ["ts", f.iso(t - 200)],
          ["caller", "publisher.go:131"],
          ["level", "warn"],
          ["msg", "produce retry"],
          ["topic", topic],
          ["partition", p],
          ["attempt", 1],
          ["err", "NOT_ENOUGH_REPLICAS: Messages are rejected since there are fewer in-sync replicas than required."],
        ]),
        "pattern",
      );
      lat = rng.int(250, 900);
      l = lat > 500 ? "performance" : null;
    } else if (down(t) && rng.chance(0.3)) {
      lat = Math.round(rng.logn(60, 0.6));
    }
    dk(
      t,
      "stdout",
      logfmt([
        ["ts", f.iso(t)],
        ["caller", "publisher.go:88"],
        ["level", "info"],
        ["msg", "published batch"],
        ["topic", topic],
        ["records", rng.int(1, 40)],
        ["latency_ms", lat],
      ]),
      l,
    );
  });
  b.flow(tFull + 45000, tBack, 1 / 40, (t) => {
    dk(
      t,
      "stderr",
      logfmt([
        ["ts", f.iso(t)],
        ["caller", "publisher.go:140"],
        ["level", "error"],
        ["msg", "produce failed, event parked in outbox"],
        ["topic", "orders"],
        ["partition", rng.int(0, 11)],
        ["err", "REQUEST_TIMED_OUT: The request timed out."],
        ["timeout_ms", 30000],
      ]),
      "performance",
    );
  });

  // ---------------------------------------------------------------- ledger-consumer: structlog JSON in Docker json-file
  const sl = (t: number, level: string, event: string, fields: Record<string, unknown>, l: Label): void =>
    dk(t, "stderr", JSON.stringify({ event, ...fields, level, logger: "ledger.consumer", timestamp: f.isoD(t, 6) }), l);
  let lag = rng.int(0, 40);
  b.flow(start, end, 0.18, (t) => {
    if (down(t)) lag = Math.min(400000, lag + rng.int(200, 900));
    else lag = Math.max(rng.int(0, 30), Math.round(lag * 0.93));
    const l: Label = lag > 5000 ? "performance" : null;
    sl(
      t,
      "info",
      "committed offsets",
      { topic: "payments", partition: rng.int(0, 5), offset: off(`payments-${rng.int(0, 5)}`), batch: rng.int(1, 200), lag },
      l,
    );
  });
  const gen = rng.int(200, 400);
  const rebal = (t: number, g: number): void => {
    sl(t, "warning", "rebalance started", { group: "ledger", generation: g, reason: "coordinator changed" }, "pattern");
    sl(t + rng.int(30, 300), "info", "partitions revoked", { group: "ledger", partitions: [0, 1, 2, 3, 4, 5] }, "pattern");
    sl(t + rng.int(3000, 9000), "info", "partitions assigned", { group: "ledger", generation: g + 1, partitions: [0, 1, 2] }, "pattern");
  };
  sl(
    tFull + rng.int(1500, 4000),
    "error",
    "kafka error",
    { error: `KafkaError{code=_TRANSPORT,val=-195,str="kafka-2.prod.internal:9092/2: Disconnected (after ${rng.int(100000, 900000)}ms in state UP)"}` },
    "error",
  );
  sl(
    tFull + rng.int(4000, 7000),
    "error",
    "kafka error",
    { error: 'KafkaError{code=NOT_COORDINATOR,val=16,str="Commit failed: Broker: Not coordinator"}' },
    "error",
  );
  rebal(tFull + rng.int(8000, 12000), gen);
  for (let t = tFull + 30000; t < tBack; t += rng.int(60000, 140000)) {
    sl(
      t,
      "error",
      "kafka error",
      {
        error: `KafkaError{code=_TRANSPORT,val=-195,str="kafka-2.prod.internal:9092/2: Connect to ipv4#${brokerIp[2]}:9092 failed: Connection refused (after 0ms in state CONNECT, ${rng.int(2, 30)} identical error(s) suppressed)"}`,
      },
      "error",
    );
  }
  rebal(tBack + rng.int(20000, 50000), gen + 1);
  b.every(start + rng.int(0, 60000), end, 60000, 2000, (t) =>
    sl(t, "info", "consumer stats", { group: "ledger", assigned: 6, lag, rate_per_s: rng.int(20, 60) }, lag > 5000 ? "performance" : null),
  );

  // ---------------------------------------------------------------- search-indexer: Java consumer on a Docker host, GELF
  const gc = {
    name: "search-indexer",
    id: rng.hex(64),
    image: "registry.acme.io/search/search-indexer:5.0.7",
    imageId: `sha256:${rng.hex(64)}`,
    command: "java -jar /app/indexer.jar",
    created: f.nano(start - 9 * 86400000),
  };
  const gelf = (t: number, stream: "stdout" | "stderr", level: string, logger: string, msg: string, l: Label): void =>
    b.add(t, f.gelfDocker(t, "docker-batch-3", gc, stream, f.log4j(t, level, "kafka-coordinator-heartbeat-thread | search-indexer", logger, msg)), l);
  b.flow(start, end, 0.12, (t) => {
    b.add(
      t,
      f.gelfDocker(
        t,
        "docker-batch-3",
        gc,
        "stdout",
        f.log4j(
          t,
          "INFO",
          "indexer-1",
          "com.acme.search.indexer.BulkIndexer",
          `Indexed ${rng.int(10, 500)} documents into products-v41 in ${rng.int(30, 400)} ms`,
        ),
      ),
      null,
    );
  });
  const ci = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator";
  const nc = "org.apache.kafka.clients.NetworkClient";
  gelf(tFull + rng.int(500, 3000), "stdout", "INFO", nc, "[Consumer clientId=search-indexer-1, groupId=search-indexer] Node 2 disconnected.", "error");
  gelf(
    tFull + rng.int(3000, 5000),
    "stdout",
    "INFO",
    ci,
    "[Consumer clientId=search-indexer-1, groupId=search-indexer] Group coordinator kafka-2.prod.internal:9092 (id: 2147483645 rack: null) is unavailable or invalid due to cause: coordinator unavailable. isDisconnected: true. Rediscovery will be attempted.",
    "error",
  );
  gelf(
    tFull + rng.int(6000, 8000),
    "stdout",
    "INFO",
    ci,
    "[Consumer clientId=search-indexer-1, groupId=search-indexer] Discovered group coordinator kafka-0.prod.internal:9092 (id: 2147483647 rack: null)",
    "pattern",
  );
  for (let t = tFull + rng.int(8000, 12000); t < tFull + 60000; t += rng.int(3000, 5000))
    gelf(
      t,
      "stdout",
      "INFO",
      ci,
      "[Consumer clientId=search-indexer-1, groupId=search-indexer] Attempt to heartbeat failed since group is rebalancing",
      "pattern",
    );
  for (let t = tFull + 20000; t < tBack; t += rng.int(40000, 90000))
    gelf(
      t,
      "stdout",
      "WARN",
      nc,
      `[Consumer clientId=search-indexer-1, groupId=search-indexer] Connection to node 2 (kafka-2.prod.internal/${brokerIp[2]}:9092) could not be established. Broker may not be available.`,
      "error",
    );

  return b.finish(
    "s07-kafka-disk-full",
    "A topic with unlimited retention fills Kafka broker 2's data volume: append failures, log dir offline, a systemd restart loop failing in log recovery, ISR shrinks and leader moves, producer retries and timeouts, consumer rebalances and lag, until the EBS volume is grown.",
  );
}
