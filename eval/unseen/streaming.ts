// Stream processing on log4j2's JsonLayout (epoch `timeMillis`): a Kafka Connect task that dies
// quietly among thousands of commits, and a Flink job whose checkpoints creep until YARN kills it.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, type Label, MIN, SEC } from "./kit.js";

function log4j(
  inc: Incident,
  g: Gen,
  service: string,
  t: number,
  level: string,
  logger: string,
  message: string,
  thread: string,
  label: Label = null,
  thrown?: Record<string, unknown>,
) {
  const entry: Record<string, unknown> = {
    timeMillis: t,
    thread,
    level,
    loggerName: logger,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    threadId: g.int(20, 400),
    threadPriority: 5,
    service,
  };
  if (thrown) entry.thrown = thrown;
  inc.add(t, entry, label);
}

/** One S3 sink task dies on a record that is not Avro; three lines say so among ~4,000 commits. */
export function kafkaConnectTaskDeath(seed: number): Scenario {
  const g = new Gen(seed, "kafka-connect-task-death");
  const inc = new Incident();
  const start = baseTime(seed, 3);
  const end = start + 120 * MIN;
  const configChange = start + (35 + g.int(0, 20)) * MIN;
  const death = configChange + (4 + g.int(0, 6)) * MIN;
  const sinkTasks = [0, 1, 2, 3].map((i) => `s3-sink-orders-${i}`);
  const deadTask = sinkTasks[g.int(0, 3)] as string;
  let seqNo = g.int(1000, 5000);
  const offsets = Array.from({ length: 12 }, () => g.int(8_000_000, 9_000_000));

  const connect = (t: number, level: string, logger: string, message: string, label: Label = null, thrown?: Record<string, unknown>) =>
    log4j(inc, g, "kafka-connect", t, level, logger, message, `task-thread-${g.pick([...sinkTasks, "pg-cdc-orders-0"])}`, label, thrown);

  for (const t of g.times(start, end, 3900)) {
    const task = g.pick(sinkTasks);
    if (task === deadTask && t > death) continue; // a dead task writes nothing
    const p = g.int(0, 11);
    offsets[p] = (offsets[p] as number) + g.int(50, 900);
    const kind = g.weighted([
      ["commit", 36],
      ["s3", 22],
      ["cdc", 18],
      ["srccommit", 14],
      ["rest", 8],
      ["notleader", 1],
      ["rotate", 1],
    ] as const);
    if (kind === "commit") {
      connect(
        t,
        "INFO",
        "org.apache.kafka.connect.runtime.WorkerSinkTask",
        `WorkerSinkTask{id=${task}} Committing offsets asynchronously using sequence number ${seqNo++}: {orders.events-${p}=OffsetAndMetadata{offset=${offsets[p]}, leaderEpoch=null, metadata=''}}`,
      );
    } else if (kind === "s3") {
      connect(t, "INFO", "io.confluent.connect.s3.TopicPartitionWriter", `Files committed to S3. Target commit offset for orders.events-${p} is ${offsets[p]}`);
    } else if (kind === "cdc") {
      connect(
        t,
        "INFO",
        "io.debezium.connector.common.BaseSourceTask",
        `${g.int(200, 4000)} records sent during previous 00:01:0${g.int(0, 9)}.${g.int(100, 999)}, last recorded offset of {server=orders} partition is {transaction_id=null, lsn_proc=${g.int(1e9, 2e9)}, lsn_commit=${g.int(1e9, 2e9)}, lsn=${g.int(1e9, 2e9)}, txId=${g.int(1e6, 9e6)}, ts_usec=${t * 1000}}`,
      );
    } else if (kind === "srccommit") {
      connect(
        t,
        "INFO",
        "org.apache.kafka.connect.runtime.WorkerSourceTask",
        `WorkerSourceTask{id=pg-cdc-orders-0} Committing offsets for ${g.int(100, 3000)} acknowledged messages`,
      );
    } else if (kind === "rest") {
      connect(
        t,
        "INFO",
        "org.apache.kafka.connect.runtime.rest.RestServer",
        `10.9.${g.int(0, 9)}.${g.int(2, 250)} - - [${new Date(t).toUTCString()}] "GET /connectors/${g.pick(["s3-sink-orders", "pg-cdc-orders"])}/status HTTP/1.1" 200 ${g.int(380, 520)} "-" "Prometheus/2.51.0" ${g.int(2, 30)}`,
      );
    } else if (kind === "notleader") {
      connect(
        t,
        "WARN",
        "org.apache.kafka.clients.producer.internals.Sender",
        `[Producer clientId=connector-producer-pg-cdc-orders-0] Got error produce response with correlation id ${g.int(1e5, 9e5)} on topic-partition orders.cdc-${g.int(0, 5)}, retrying (2147483646 attempts left). Error: NOT_LEADER_OR_FOLLOWER`,
      );
    } else {
      connect(
        t,
        "INFO",
        "io.confluent.connect.s3.TopicPartitionWriter",
        `Starting commit and rotation for topic partition orders.events-${p} with start offset {partition=${p}=${offsets[p]}}`,
      );
    }
  }

  const herder = "org.apache.kafka.connect.runtime.distributed.DistributedHerder";
  log4j(
    inc,
    g,
    "kafka-connect",
    configChange,
    "INFO",
    herder,
    "[Worker clientId=connect-1, groupId=connect-cluster] Connector s3-sink-orders config updated",
    `DistributedHerder-connect-1-1`,
    "pattern",
  );
  log4j(
    inc,
    g,
    "kafka-connect",
    configChange + 40,
    "INFO",
    "org.apache.kafka.connect.runtime.SinkConnectorConfig",
    `SinkConnectorConfig values: \n\tconfig.action.reload = restart\n\tconnector.class = io.confluent.connect.s3.S3SinkConnector\n\terrors.tolerance = none\n\tkey.converter = null\n\tname = s3-sink-orders\n\ttasks.max = 4\n\ttopics = [orders.events]\n\tvalue.converter = class org.apache.kafka.connect.json.JsonConverter\n`,
    `DistributedHerder-connect-1-1`,
    "pattern",
  );
  log4j(
    inc,
    g,
    "kafka-connect",
    configChange + 1 * SEC,
    "INFO",
    herder,
    `[Worker clientId=connect-1, groupId=connect-cluster] Rebalance started`,
    "DistributedHerder-connect-1-1",
  );
  log4j(
    inc,
    g,
    "kafka-connect",
    configChange + 3 * SEC,
    "INFO",
    herder,
    `[Worker clientId=connect-1, groupId=connect-cluster] Finished starting connectors and tasks`,
    "DistributedHerder-connect-1-1",
  );

  const thread = `task-thread-${deadTask}`;
  const offset = g.int(9_100_000, 9_200_000);
  log4j(
    inc,
    g,
    "kafka-connect",
    death,
    "ERROR",
    "org.apache.kafka.connect.runtime.WorkerSinkTask",
    `WorkerSinkTask{id=${deadTask}} Error converting message value in topic 'orders.events' partition ${g.int(0, 11)} at offset ${offset} and timestamp ${death - 2000}: Converting byte[] to Kafka Connect data failed due to serialization error: `,
    thread,
    "error",
  );
  log4j(
    inc,
    g,
    "kafka-connect",
    death + 2,
    "ERROR",
    "org.apache.kafka.connect.runtime.WorkerTask",
    `WorkerSinkTask{id=${deadTask}} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`,
    thread,
    "error",
    {
      name: "org.apache.kafka.connect.errors.ConnectException",
      message: "Tolerance exceeded in error handler",
      extendedStackTrace:
        "org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler\n\tat org.apache.kafka.connect.runtime.errors.RetryWithToleranceOperator.execAndHandleError(RetryWithToleranceOperator.java:230)\nCaused by: org.apache.kafka.common.errors.SerializationException: Unknown magic byte!",
    },
  );
  log4j(
    inc,
    g,
    "kafka-connect",
    death + 4,
    "INFO",
    "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
    `[Consumer clientId=connector-consumer-${deadTask}, groupId=connect-s3-sink-orders] Revoke previously assigned partitions orders.events-${g.int(0, 5)}, orders.events-${g.int(6, 11)}`,
    thread,
  );
  log4j(inc, g, "kafka-connect", death + 9, "INFO", "org.apache.kafka.common.metrics.Metrics", "Metrics scheduler closed", thread);

  return inc.build(
    "kafka-connect-task-death",
    "A converter change kills one Kafka Connect S3 sink task; a config line and two errors among thousands of routine commits",
  );
}

/**
 * A Flink enrichment job's keyed state grows after a join window was widened: checkpoint durations
 * creep, then checkpoints expire, a TaskManager container goes over its physical memory limit and
 * YARN kills it, and the job restarts.
 */
export function flinkCheckpointCreep(seed: number): Scenario {
  const g = new Gen(seed, "flink-checkpoint-creep");
  const inc = new Incident();
  const start = baseTime(seed, 6);
  const end = start + 100 * MIN;
  const creep = start + (15 + g.int(0, 10)) * MIN;
  const kill = end - (14 + g.int(0, 4)) * MIN;
  const job = g.hex(32);
  const tms = [1, 2, 3, 4].map((i) => `container_e17_1710${g.int(100000, 999999)}_0042_01_00000${i + 1}`);
  let cp = g.int(4000, 9000);

  const jm = (t: number, level: string, logger: string, message: string, label: Label = null) =>
    log4j(
      inc,
      g,
      "flink-jobmanager",
      t,
      level,
      logger,
      message,
      g.pick(["jobmanager-io-thread-4", "Checkpoint Timer", "flink-akka.actor.default-dispatcher-17"]),
      label,
    );
  const tm = (t: number, level: string, logger: string, message: string, label: Label = null) =>
    log4j(
      inc,
      g,
      "flink-taskmanager",
      t,
      level,
      logger,
      message,
      `${g.pick(["Enrich", "Source: kafka-orders", "Sink: orders-enriched"])} (${g.int(1, 8)}/8)#0`,
      label,
    );

  // Checkpoints every 30 s: trigger and completion; duration normal ~1.5 s, creeping to minutes.
  for (let t = start + g.int(0, 30) * SEC; t < end; t += 30 * SEC) {
    cp++;
    const after = t > kill + 2 * MIN;
    if (t > kill && !after) continue;
    jm(
      t,
      "INFO",
      "org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
      `Triggering checkpoint ${cp} (type=CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD}) @ ${t} for job ${job}.`,
    );
    const frac = t > creep && !after ? (t - creep) / (kill - creep) : 0;
    const dur = Math.round(g.logNormal(1500, 0.25) * (1 + frac * frac * 60));
    if (dur > 120_000 && !after) {
      jm(
        t + 120 * SEC,
        "INFO",
        "org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
        `Checkpoint ${cp} of job ${job} expired before completing.`,
        "performance",
      );
      continue;
    }
    const size = Math.round(g.logNormal(180e6, 0.1) * (1 + frac * 9));
    jm(
      t + Math.min(dur, 29_000),
      "INFO",
      "org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
      `Completed checkpoint ${cp} for job ${job} (${size} bytes, checkpointDuration=${dur} ms, finalizationTime=${g.int(3, 40)} ms).`,
      dur > 5000 ? "performance" : null,
    );
  }

  // TaskManager chatter: Kafka source, sink transactions, RocksDB compaction notes.
  for (const t of g.times(start, end, 3200)) {
    if (t > kill && t < kill + 2 * MIN) continue;
    const [level, logger, message] = g.weighted([
      [
        [
          "INFO",
          "org.apache.kafka.clients.consumer.internals.SubscriptionState",
          `[Consumer clientId=orders-enrich-${g.int(0, 7)}, groupId=orders-enrich] Resetting offset for partition orders.events-${g.int(0, 11)} to position FetchPosition{offset=${g.int(8e6, 9e6)}, offsetEpoch=Optional.empty, currentLeader=LeaderAndEpoch{leader=Optional[kafka-${g.int(0, 2)}:9092 (id: ${g.int(0, 2)} rack: null)], epoch=${g.int(10, 30)}}}.`,
        ],
        10,
      ],
      [
        [
          "INFO",
          "org.apache.flink.connector.kafka.sink.KafkaCommitter",
          `Committing transaction orders-enriched-sink-${g.int(0, 7)}-${cp} of ${g.int(200, 4000)} records`,
        ],
        40,
      ],
      [
        [
          "INFO",
          "org.apache.flink.connector.kafka.source.reader.KafkaSourceReader",
          `Committing offsets {orders.events-${g.int(0, 11)}=${g.int(8e6, 9e6)}} for checkpoint ${cp}`,
        ],
        40,
      ],
      [
        [
          "INFO",
          "org.apache.flink.contrib.streaming.state.RocksDBKeyedStateBackend",
          `Asynchronous RocksDB snapshot (${g.pick(["s3://flink-state/orders-enrich", "s3://flink-state/orders-enrich"])}/chk-${cp}, asynchronous part) in thread Thread[pool-${g.int(10, 20)}-thread-${g.int(1, 8)},5,Flink Task Threads] took ${g.int(200, 900)} ms.`,
        ],
        8,
      ],
      [
        [
          "WARN",
          "org.apache.kafka.clients.NetworkClient",
          `[Producer clientId=orders-enriched-sink-${g.int(0, 7)}] Connection to node -${g.int(1, 3)} (kafka-${g.int(0, 2)}/10.4.1.${g.int(10, 40)}:9092) could not be established. Broker may not be available.`,
        ],
        0.6,
      ],
    ] as const);
    tm(t, level, logger, message);
  }

  // Backpressure warnings as the checkpoints creep.
  for (const t of g.times(creep + 30 * MIN, kill, 25)) {
    tm(
      t,
      "WARN",
      "org.apache.flink.streaming.runtime.tasks.SubtaskCheckpointCoordinatorImpl",
      `Time from receiving all checkpoint barriers to triggering checkpoint ${cp} exceeded ${g.int(30, 120)} s on Enrich (${g.int(1, 8)}/8); alignment blocked by backpressure from Sink: orders-enriched`,
      "performance",
    );
  }

  // The kill and the restart.
  const victim = g.pick(tms);
  inc.add(
    kill - 20 * SEC,
    {
      timeMillis: kill - 20 * SEC,
      level: "WARN",
      loggerName: "org.apache.hadoop.yarn.server.nodemanager.containermanager.monitor.ContainersMonitorImpl",
      message: `Container [pid=${g.int(10000, 60000)},containerID=${victim}] is running ${g.int(300, 900)}MB beyond the 'PHYSICAL' memory limit. Current usage: 8.${g.int(3, 9)} GB of 8 GB physical memory used; 10.1 GB of 16.8 GB virtual memory used. Killing container.`,
      thread: "Container Monitor",
      service: "yarn-nodemanager",
    },
    "memory",
  );
  jm(
    kill,
    "WARN",
    "org.apache.flink.yarn.YarnResourceManagerDriver",
    `Container ${victim} on host worker-${g.int(1, 9)}.hadoop.internal completed with exit code -104 (Container exited with a non-zero exit code 143. Container is running beyond physical memory limits.)`,
    "memory",
  );
  jm(
    kill + 100,
    "INFO",
    "org.apache.flink.runtime.executiongraph.ExecutionGraph",
    `Enrich (${g.int(1, 8)}/8) (${g.hex(32)}_${g.hex(32)}_${g.int(0, 7)}_0) switched from RUNNING to FAILED on ${victim} @ worker.hadoop.internal (dataPort=${g.int(30000, 40000)}).`,
    "error",
  );
  jm(
    kill + 150,
    "INFO",
    "org.apache.flink.runtime.executiongraph.ExecutionGraph",
    `Job orders-enrich (${job}) switched from state RUNNING to RESTARTING.`,
    "error",
  );
  jm(
    kill + 11 * SEC,
    "INFO",
    "org.apache.flink.runtime.executiongraph.ExecutionGraph",
    `Job orders-enrich (${job}) switched from state RESTARTING to RUNNING.`,
  );
  jm(
    kill + 12 * SEC,
    "INFO",
    "org.apache.flink.runtime.checkpoint.CheckpointCoordinator",
    `Restoring job ${job} from Checkpoint ${cp - 30} @ ${kill - 16 * MIN} for ${job} located at s3://flink-state/orders-enrich/chk-${cp - 30}.`,
  );

  return inc.build(
    "flink-checkpoint-creep",
    "A Flink job's checkpoints creep from seconds to expiry as state grows, then YARN kills a TaskManager over its memory limit",
  );
}
