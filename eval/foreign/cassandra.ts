// A six-node Cassandra ring as Filebeat ships system.log in ECS: a messaging table's hot
// partitions fill with tombstones (a delete-heavy feature shipped the day before), so reads on
// the three replicas scan tens of thousands of tombstones, then abort, the old generation fills
// and reads are dropped. A sessions table with a TTL warns about a few thousand tombstones all
// day, as it always has.
import type { Scenario } from "../blind/types.js";
import { type Entry, HOUR, Incident, iso, type Label, MIN, round, rngFor, SEC, startTime, times } from "./kit.js";

export function cassandraTombstones(seed: number): Scenario {
  const name = "cassandra-tombstone-storm";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "Tombstone-heavy inbox partitions on three Cassandra replicas: reads scan and abort, G1 old-generation pauses grow and reads are dropped; a TTL table's small tombstone warnings stay routine",
  );
  const t0 = startTime(rng);
  const span = rng.int(7, 9) * HOUR;
  const end = t0 + span;
  const nodes = ["cass-1", "cass-2", "cass-3", "cass-4", "cass-5", "cass-6"].map((h, i) => ({ host: h, ip: `10.20.${i + 1}.${rng.int(10, 200)}` }));
  const replicas = rng.shuffle([...nodes]).slice(0, 3);
  // The feature's traffic grows through the evening: the replicas' trouble ramps up, it is not a step.
  const esc = (t: number): number => Math.min(1, Math.max(0, (t - t0) / span) ** 1.5 * 1.4);

  const add = (t: number, host: string, level: string, logger: string, file: string, line: number, thread: string, message: string, label: Label): void => {
    const e: Entry = {
      "@timestamp": iso(t),
      log: { level, logger, origin: { file: { name: file, line } } },
      message,
      process: { thread: { name: thread } },
      host: { name: host, hostname: host },
      service: { name: "cassandra", type: "cassandra" },
      event: { dataset: "cassandra.log", module: "cassandra" },
      agent: { type: "filebeat", version: "8.13.2" },
      ecs: { version: "8.0.0" },
    };
    inc.add(t, e, label);
  };
  const tables = ["inbox", "threads", "contacts", "attachments_meta", "read_markers"];
  const ks = "messaging";
  const tableId = Object.fromEntries(tables.map((tb) => [tb, rng.hex(32)]));

  // Routine flushes and compactions on every node.
  for (const n of nodes) {
    for (const t of times(rng, t0, end, rng.int(95, 130))) {
      const tb = rng.pick(tables);
      const mib = round(rng.float(4, 64), 3);
      add(
        t,
        n.host,
        "INFO",
        "org.apache.cassandra.db.ColumnFamilyStore",
        "ColumnFamilyStore.java",
        1018,
        `MemtableFlushWriter:${rng.int(1, 4)}`,
        `Enqueuing flush of ${ks}.${tb}, Reason: MEMTABLE_LIMIT, Usage: ${mib}MiB (${rng.int(1, 9)}%) on-heap, 0.000KiB (0%) off-heap`,
        null,
      );
      const ops = rng.int(20000, 400000);
      add(
        t + rng.int(80, 900),
        n.host,
        "INFO",
        "org.apache.cassandra.db.memtable.Flushing",
        "Flushing.java",
        145,
        `PerDiskMemtableFlushWriter_0:${rng.int(1, 4)}`,
        `Writing Memtable-${tb}@${rng.int(100000000, 2000000000)}(${round(mib * 0.8, 3)}MiB serialized bytes, ${ops} ops, ${rng.int(1, 9)}%/0% of on/off-heap limit), flushed range = (min(-9223372036854775808), max(9223372036854775807)]`,
        null,
      );
      if (rng.chance(0.55)) {
        const inMiB = rng.float(40, 900);
        const ratio = rng.float(0.62, 0.93);
        const ms = Math.round(inMiB * rng.float(60, 140));
        const parts = rng.int(5000, 400000);
        add(
          t + rng.int(2, 40) * SEC,
          n.host,
          "INFO",
          "org.apache.cassandra.db.compaction.CompactionTask",
          "CompactionTask.java",
          253,
          `CompactionExecutor:${rng.int(1, 8)}`,
          `Compacted (${rng.uuid()}) ${rng.int(2, 6)} sstables to [/var/lib/cassandra/data/${ks}/${tb}-${tableId[tb]}/nb-${rng.int(1000, 9000)}-big,] to level=0.  ${inMiB.toFixed(3)}MiB to ${(inMiB * ratio).toFixed(3)}MiB (~${Math.round(ratio * 100)}% of original) in ${ms.toLocaleString("en-US")}ms.  Read Throughput = ${(inMiB / (ms / 1000)).toFixed(3)}MiB/s, Write Throughput = ${((inMiB * ratio) / (ms / 1000)).toFixed(3)}MiB/s, Row Throughput = ~${Math.round(parts / (ms / 1000)).toLocaleString("en-US")}/s.  ${parts.toLocaleString("en-US")} total partitions merged to ${Math.round(parts * ratio).toLocaleString("en-US")}.  Partition merge counts were {1:${Math.round(parts * ratio * 0.8)}, 2:${Math.round(parts * ratio * 0.2)}, }. Time spent writing keys = ${Math.round(ms * 0.7)}ms`,
          null,
        );
      }
    }
    // GCInspector logs every young pause over 200 ms at INFO; healthy nodes have a few an hour.
    for (const t of times(rng, t0, end, rng.int(30, 45))) {
      const ms = rng.int(201, 340);
      add(
        t,
        n.host,
        "INFO",
        "org.apache.cassandra.service.GCInspector",
        "GCInspector.java",
        294,
        "Service Thread",
        `G1 Young Generation GC in ${ms}ms.  G1 Eden Space: ${rng.int(3000, 4200) * 1048576} -> 0; G1 Old Gen: ${rng.int(2200, 3400) * 1048576} -> ${rng.int(2200, 3500) * 1048576}; G1 Survivor Space: ${rng.int(60, 200) * 1048576} -> ${rng.int(60, 200) * 1048576}; `,
        null,
      );
    }
    // The sessions table expires rows by TTL: a few thousand tombstones per read, warned about all day.
    for (const t of times(rng, t0, end, rng.int(28, 40))) {
      add(
        t,
        n.host,
        "WARN",
        "org.apache.cassandra.db.ReadCommand",
        "ReadCommand.java",
        598,
        `ReadStage-${rng.int(1, 32)}`,
        `Read ${rng.int(1, 40)} live rows and ${rng.int(1001, 3400)} tombstone cells for query SELECT * FROM auth.sessions WHERE user_id = ${rng.uuid()} LIMIT 100; token ${rng.int(-9e15, 9e15)} (see tombstone_warn_threshold)`,
        null,
      );
    }
    for (let t = t0 + rng.int(0, 59) * MIN; t < end; t += HOUR) {
      add(
        t,
        n.host,
        "INFO",
        "org.apache.cassandra.io.sstable.indexsummary.IndexSummaryRedistribution",
        "IndexSummaryRedistribution.java",
        77,
        "IndexSummaryManager:1",
        "Redistributing index summaries",
        null,
      );
    }
    for (const t of times(rng, t0, end, rng.int(5, 9))) {
      const peer = rng.pick(nodes.filter((x) => x.host !== n.host));
      add(
        t,
        n.host,
        "INFO",
        "org.apache.cassandra.hints.HintsDispatchExecutor",
        "HintsDispatchExecutor.java",
        300,
        `HintsDispatcher:${rng.int(1, 4)}`,
        `Finished hinted handoff of file ${rng.uuid()}-${t - rng.int(60000, 600000)}-2.hints to endpoint /${peer.ip}:7000: ${rng.uuid()}`,
        null,
      );
    }
  }
  // A nightly repair finishes its sessions on schedule.
  for (const t of times(rng, t0, end, rng.int(40, 60))) {
    const n = rng.pick(nodes);
    add(
      t,
      n.host,
      "INFO",
      "org.apache.cassandra.repair.RepairSession",
      "RepairSession.java",
      202,
      `RepairJobTask:${rng.int(1, 6)}`,
      `[repair #${rng.uuid()}] ${ks}.${rng.pick(tables)} is fully synced`,
      null,
    );
  }

  // The fault on the replicas of the hot partitions.
  const user = (): string => rng.pick(hotUsers);
  const hotUsers = Array.from({ length: rng.int(3, 6) }, () => rng.uuid());
  for (const r of replicas) {
    for (const t of times(rng, t0, end, rng.int(70, 95))) {
      const e = esc(t);
      if (!rng.chance(0.15 + 0.85 * e)) continue;
      const cells = Math.round(rng.float(8000, 30000) + e * rng.float(20000, 90000));
      if (cells > 100000 || (e > 0.5 && rng.chance(0.2))) {
        add(
          t,
          r.host,
          "ERROR",
          "org.apache.cassandra.db.ReadCommand",
          "ReadCommand.java",
          590,
          `ReadStage-${rng.int(1, 32)}`,
          `Scanned over 100001 tombstones during query 'SELECT * FROM ${ks}.inbox WHERE user_id = ${user()} AND folder = 'INBOX' LIMIT 5000 ALLOW FILTERING' (last scanned row token was ${rng.int(-9e15, 9e15)} and partion key was ((${user()}, INBOX))); query aborted`,
          "error",
        );
      } else {
        add(
          t,
          r.host,
          "WARN",
          "org.apache.cassandra.db.ReadCommand",
          "ReadCommand.java",
          598,
          `ReadStage-${rng.int(1, 32)}`,
          `Read ${rng.int(0, 12)} live rows and ${cells} tombstone cells for query SELECT * FROM ${ks}.inbox WHERE user_id = ${user()} AND folder = 'INBOX' LIMIT 5000; token ${rng.int(-9e15, 9e15)} (see tombstone_warn_threshold)`,
          "performance",
        );
      }
    }
    // Old generation pauses once the tombstones pile up in the heap.
    for (const t of times(rng, t0 + span * 0.35, end, rng.int(14, 20))) {
      const ms = Math.round(1100 + esc(t) * rng.float(1500, 7500));
      const old = rng.int(7600, 7990);
      add(
        t,
        r.host,
        "WARN",
        "org.apache.cassandra.service.GCInspector",
        "GCInspector.java",
        292,
        "Service Thread",
        `G1 Old Generation GC in ${ms}ms.  G1 Old Gen: ${old * 1048576} -> ${(old - rng.int(40, 400)) * 1048576}; G1 Eden Space: ${rng.int(100, 400) * 1048576} -> 0; Metaspace: 71122472 -> 71122472; `,
        "memory",
      );
      if (ms > 3000) {
        add(
          t + 3,
          r.host,
          "INFO",
          "org.apache.cassandra.utils.StatusLogger",
          "StatusLogger.java",
          65,
          "ScheduledTasks:1",
          "Pool Name                       Active   Pending      Completed   Blocked  All Time Blocked",
          null,
        );
        const pend = rng.int(800, 6000);
        add(
          t + 4,
          r.host,
          "INFO",
          "org.apache.cassandra.utils.StatusLogger",
          "StatusLogger.java",
          69,
          "ScheduledTasks:1",
          `ReadStage                           32      ${pend}      ${rng.int(10_000_000, 90_000_000)}         0                 0`,
          "performance",
        );
        add(
          t + 4,
          r.host,
          "INFO",
          "org.apache.cassandra.utils.StatusLogger",
          "StatusLogger.java",
          69,
          "ScheduledTasks:1",
          `MutationStage                        ${rng.int(0, 4)}         0      ${rng.int(10_000_000, 90_000_000)}         0                 0`,
          null,
        );
        add(
          t + 5,
          r.host,
          "INFO",
          "org.apache.cassandra.utils.StatusLogger",
          "StatusLogger.java",
          69,
          "ScheduledTasks:1",
          `Native-Transport-Requests          128      ${rng.int(200, 1200)}      ${rng.int(50_000_000, 300_000_000)}        ${rng.int(0, 40)}            ${rng.int(100, 9000)}`,
          "performance",
        );
        add(
          t + 5,
          r.host,
          "INFO",
          "org.apache.cassandra.utils.StatusLogger",
          "StatusLogger.java",
          69,
          "ScheduledTasks:1",
          `CompactionExecutor                   ${rng.int(1, 4)}        ${rng.int(2, 30)}        ${rng.int(10_000, 90_000)}         0                 0`,
          null,
        );
      }
    }
    // Dropped reads and slow queries, reported every five seconds while they happen.
    for (const t of times(rng, t0 + span * 0.45, end, rng.int(18, 26))) {
      const e = esc(t);
      if (e < 0.25) continue;
      const internal = Math.round(e * rng.float(40, 900));
      add(
        t,
        r.host,
        "INFO",
        "org.apache.cassandra.metrics.MessagingMetrics",
        "MessagingMetrics.java",
        206,
        "ScheduledTasks:1",
        `READ_REQ messages were dropped in last 5000 ms: ${internal} internal and ${rng.int(0, Math.max(1, internal >> 2))} cross node. Mean internal dropped latency: ${rng.int(5001, 9800)} ms and Mean cross-node dropped latency: ${rng.int(5001, 9800)} ms`,
        "error",
      );
      if (rng.chance(0.6))
        add(
          t + rng.int(10, 900),
          r.host,
          "INFO",
          "org.apache.cassandra.db.monitoring.MonitoringTask",
          "MonitoringTask.java",
          190,
          "ScheduledTasks:1",
          `${rng.int(3, 60)} operations were slow in the last ${rng.int(4998, 5003)} msecs:\n<SELECT * FROM ${ks}.inbox WHERE user_id = ${user()} AND folder = INBOX LIMIT 5000>, time ${rng.int(1800, 9000)} msec - slow timeout 500 msec/cross-node\n<SELECT * FROM ${ks}.inbox WHERE user_id = ${user()} AND folder = INBOX LIMIT 5000>, was slow ${rng.int(2, 20)} times: avg/min/max ${rng.int(900, 2000)}/${rng.int(501, 900)}/${rng.int(2000, 9000)} msec - slow timeout 500 msec/cross-node`,
          "performance",
        );
    }
  }
  return inc.finish();
}
