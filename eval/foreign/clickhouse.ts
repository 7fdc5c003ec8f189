// Two ClickHouse replicas writing their JSON server log (date_time as epoch seconds with
// microseconds, levels spelt Information/Debug/Trace), with the shipper's timestamp and host. A
// new ingest client sends single-row INSERTs hundreds of times a second; parts pile up faster
// than merges absorb them, inserts are delayed and then refused, and a dashboard query runs the
// server out of its memory limit meanwhile.
import type { Scenario } from "../blind/types.js";
import { Incident, iso, type Label, MIN, type Rng, rngFor, SEC, startTime, times } from "./kit.js";

export function clickhouseTooManyParts(seed: number): Scenario {
  const name = "clickhouse-too-many-parts";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "A new ingest client sends small unbatched INSERTs across many partitions to ClickHouse; parts outrun merges, inserts are delayed then refused with TOO_MANY_PARTS, and a dashboard query hits the memory limit",
  );
  const t0 = startTime(rng, 6, 18);
  const span = rng.int(34, 42) * MIN;
  const end = t0 + span;
  const onset = t0 + Math.floor(span * rng.float(0.3, 0.45));
  const hosts = ["ch-events-01", "ch-events-02"];
  const tableUuid = rng.uuid();
  const table = `events.raw (${tableUuid})`;
  const day = iso(t0).slice(0, 10).replace(/-/g, "");
  let block = rng.int(4000, 9000);

  const add = (t: number, host: string, level: string, logger: string, thread: string, queryId: string, message: string, src: string, label: Label): void => {
    const us = Math.floor(t * 1000) + ((t * 613) % 1000);
    inc.add(
      t,
      {
        date_time: `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}`,
        thread_name: thread,
        thread_id: String(rng.int(400, 9000)),
        level,
        query_id: queryId,
        logger_name: logger,
        message,
        source_file: src,
        source_line: String(rng.int(80, 1800)),
        app: "clickhouse-server",
        host,
        timestamp: iso(t),
      },
      label,
    );
  };
  const qid = (r: Rng): string => r.uuid();
  const ingestIps = [rng.ip("10.40.2"), rng.ip("10.40.2"), rng.ip("10.40.2")];
  const newClient = rng.ip("10.40.7");

  // The healthy ingest: one batch per client every few seconds, thousands of rows each.
  const batches = times(rng, t0, end, rng.int(230, 300));
  for (const t of batches) {
    const host = rng.pick(hosts);
    const q = qid(rng);
    const rows = rng.int(20000, 120000);
    const kib = rows * rng.float(0.18, 0.26);
    add(
      t,
      host,
      "Debug",
      "executeQuery",
      "TCPHandler",
      q,
      `(from ${rng.pick(ingestIps)}:${rng.int(30000, 60000)}, user: ingest) INSERT INTO events.raw (event_time, tenant_id, event_type, session_id, props) FORMAT RowBinary  (stage: Complete)`,
      "src/Interpreters/executeQuery.cpp; void DB::logQuery(const String &, ContextPtr, bool, QueryProcessingStage::Enum)",
      null,
    );
    block++;
    add(
      t + rng.int(40, 300),
      host,
      "Trace",
      `${table}`,
      "TCPHandler",
      q,
      `Renaming temporary part tmp_insert_${day}_${block}_${block}_0 to ${day}_${block}_${block}_0 with tid (1, 1, 00000000-0000-0000-0000-000000000000).`,
      "src/Storages/MergeTree/MergeTreeData.cpp; bool DB::MergeTreeData::renameTempPartAndReplaceImpl(...)",
      null,
    );
    const dur = rng.float(0.08, 0.6);
    add(
      t + Math.round(dur * 1000),
      host,
      "Information",
      "executeQuery",
      "TCPHandler",
      q,
      `Read ${rows} rows, ${(kib / 1024).toFixed(2)} MiB in ${dur.toFixed(6)} sec., ${Math.round(rows / dur)} rows/sec., ${(kib / 1024 / dur).toFixed(2)} MiB/sec.`,
      "src/Interpreters/executeQuery.cpp; void DB::logQueryFinish(...)",
      null,
    );
    if (rng.chance(0.5))
      add(
        t + Math.round(dur * 1000) + 1,
        host,
        "Debug",
        "MemoryTracker",
        "TCPHandler",
        q,
        `Peak memory usage (for query): ${rng.float(20, 160).toFixed(2)} MiB.`,
        "src/Common/MemoryTracker.cpp; void MemoryTracker::logPeakMemoryUsage()",
        null,
      );
    add(
      t + Math.round(dur * 1000) + 2,
      host,
      "Debug",
      "TCPHandler",
      "TCPHandler",
      q,
      `Processed in ${(dur + 0.001).toFixed(6)} sec.`,
      "src/Server/TCPHandler.cpp; void DB::TCPHandler::runImpl()",
      null,
    );
  }
  // Background merges keep the part count around a hundred.
  for (const t of times(rng, t0, end, rng.int(130, 170))) {
    const host = rng.pick(hosts);
    const n = rng.int(2, 10);
    const a = rng.int(1, Math.max(2, block - 200));
    const b = a + rng.int(10, 150);
    add(
      t,
      host,
      "Debug",
      `${table} (MergerMutator)`,
      "BgSchPool",
      "",
      `Selected ${n} parts from ${day}_${a}_${a + 3}_1 to ${day}_${b}_${b}_0`,
      "src/Storages/MergeTree/MergeTreeDataMergerMutator.cpp; SelectPartsDecision DB::MergeTreeDataMergerMutator::selectPartsToMerge(...)",
      null,
    );
    add(
      t + rng.int(300, 4000),
      host,
      "Debug",
      `MergeTask::PrepareStage`,
      "MergeMutate",
      `${tableUuid}::${day}_${a}_${b}_2`,
      `Merging ${n} parts: from ${day}_${a}_${a + 3}_1 to ${day}_${b}_${b}_0 into Wide with storage Full`,
      "src/Storages/MergeTree/MergeTask.cpp; bool DB::MergeTask::ExecuteAndFinalizeHorizontalPart::prepare()",
      null,
    );
    add(
      t + rng.int(4000, 12000),
      host,
      "Debug",
      `MergeTask::MergeProjectionsStage`,
      "MergeMutate",
      `${tableUuid}::${day}_${a}_${b}_2`,
      `Merge sorted ${rng.int(200000, 4000000)} rows, containing 9 columns (9 merged, 0 gathered) in ${rng.float(0.5, 9).toFixed(6)} sec., ${rng.int(300000, 900000)} rows/sec., ${rng.float(60, 220).toFixed(2)} MiB/sec.`,
      "src/Storages/MergeTree/MergeTask.cpp; bool DB::MergeTask::MergeProjectionsStage::finalizeProjectionsAndWholeMerge() const",
      null,
    );
  }
  // Dashboards read from the same servers all along.
  for (const t of times(rng, t0, end, rng.int(150, 200))) {
    const host = rng.pick(hosts);
    const q = qid(rng);
    add(
      t,
      host,
      "Debug",
      "executeQuery",
      "TCPHandler",
      q,
      `(from ${rng.ip("10.40.9")}:${rng.int(30000, 60000)}, user: grafana) SELECT toStartOfMinute(event_time) AS t, event_type, count() FROM events.raw WHERE tenant_id = ${rng.int(1, 400)} AND event_time >= now() - INTERVAL ${rng.pick([1, 6, 24])} HOUR GROUP BY t, event_type ORDER BY t (stage: Complete)`,
      "src/Interpreters/executeQuery.cpp; void DB::logQuery(const String &, ContextPtr, bool, QueryProcessingStage::Enum)",
      null,
    );
    const dur = rng.float(0.02, 0.4);
    add(
      t + Math.round(dur * 1000),
      host,
      "Information",
      "executeQuery",
      "TCPHandler",
      q,
      `Read ${rng.int(100000, 8000000)} rows, ${rng.float(1, 90).toFixed(2)} MiB in ${dur.toFixed(6)} sec., ${rng.int(5_000_000, 60_000_000)} rows/sec., ${rng.float(100, 900).toFixed(2)} MiB/sec.`,
      "src/Interpreters/executeQuery.cpp; void DB::logQueryFinish(...)",
      null,
    );
  }
  for (const host of hosts) {
    for (let t = t0 + rng.int(0, 29) * SEC; t < end; t += 30 * SEC) {
      add(
        t,
        host,
        "Debug",
        "DNSResolver",
        "DNSCacheUpdater",
        "",
        "Updating DNS cache",
        "src/Common/DNSResolver.cpp; bool DB::DNSResolver::updateCache(UInt32)",
        null,
      );
    }
  }

  // The new client: a few dozen rows per INSERT, each INSERT a dozen new parts, from the onset on.
  const tiny = times(rng, onset, end, rng.int(150, 190));
  let partsNow = 300;
  for (const [i, t] of tiny.entries()) {
    const host = rng.pick(hosts);
    const q = qid(rng);
    partsNow = 300 + Math.floor((i / tiny.length) * 2900);
    add(
      t,
      host,
      "Debug",
      "executeQuery",
      "TCPHandler",
      q,
      `(from ${newClient}:${rng.int(30000, 60000)}, user: ingest_v2) INSERT INTO events.raw (event_time, tenant_id, event_type, session_id, props) VALUES  (stage: Complete)`,
      "src/Interpreters/executeQuery.cpp; void DB::logQuery(const String &, ContextPtr, bool, QueryProcessingStage::Enum)",
      "pattern",
    );
    if (partsNow >= 3000) {
      add(
        t + 1,
        host,
        "Error",
        "executeQuery",
        "TCPHandler",
        q,
        `Code: 252. DB::Exception: Too many parts (${partsNow} with average size of ${rng.float(0.9, 1.4).toFixed(2)} KiB) in table '${table}'. Merges are processing significantly slower than inserts. (TOO_MANY_PARTS) (version 24.3.2.23 (official build)) (from ${newClient}:${rng.int(30000, 60000)}) (in query: INSERT INTO events.raw (event_time, tenant_id, event_type, session_id, props) VALUES), Stack trace (when copying this message, always include the lines below):\n\n0. DB::Exception::Exception(DB::Exception::MessageMasked&&, int, bool) @ 0x000000000c800f1b\n1. DB::MergeTreeData::delayInsertOrThrowIfNeeded(Poco::Event*, std::shared_ptr<DB::Context const> const&, bool) const @ 0x0000000012c1a6f3\n2. DB::MergeTreeSink::onStart() @ 0x0000000012f0e3a1`,
        "src/Interpreters/executeQuery.cpp; void DB::onExceptionBeforeStart(...)",
        "error",
      );
    } else if (partsNow >= 1000 && rng.chance(0.8)) {
      const delay = Math.round(((partsNow - 1000) / 2000) * rng.float(200, 1000) + 5);
      add(
        t + 1,
        host,
        "Information",
        table,
        "TCPHandler",
        q,
        `Delaying inserting block by ${delay} ms. because there are ${partsNow} parts and their average size is ${rng.float(0.9, 1.6).toFixed(2)} KiB`,
        "src/Storages/MergeTree/MergeTreeData.cpp; void DB::MergeTreeData::delayInsertOrThrowIfNeeded(...) const",
        "performance",
      );
    } else {
      const rows = rng.int(12, 80);
      const kib = rows * rng.float(0.15, 0.22);
      const dur = rng.float(0.002, 0.009);
      add(
        t + Math.ceil(dur * 1000),
        host,
        "Information",
        "executeQuery",
        "TCPHandler",
        q,
        `Read ${rows} rows, ${kib.toFixed(2)} KiB in ${dur.toFixed(6)} sec., ${Math.round(rows / dur)} rows/sec., ${(kib / dur).toFixed(2)} KiB/sec.`,
        "src/Interpreters/executeQuery.cpp; void DB::logQueryFinish(...)",
        "pattern",
      );
    }
  }
  // Merges of thousands of tiny parts: the merge selector says it cannot keep up.
  for (const t of times(rng, onset + 4 * MIN, end, rng.int(14, 22))) {
    add(
      t,
      rng.pick(hosts),
      "Warning",
      `${table} (MergerMutator)`,
      "BgSchPool",
      "",
      `Not enough idle threads to apply mutations at the moment. See settings 'number_of_free_entries_in_pool_to_execute_mutation' and 'background_pool_size'`,
      "src/Storages/StorageMergeTree.cpp; void DB::StorageMergeTree::scheduleDataProcessingJob(...)",
      "performance",
    );
  }
  // A heavy dashboard query while the merges eat the memory.
  for (const t of times(rng, onset + Math.floor((end - onset) * 0.5), end, rng.int(3, 6))) {
    const host = rng.pick(hosts);
    const q = qid(rng);
    add(
      t,
      host,
      "Debug",
      "executeQuery",
      "TCPHandler",
      q,
      `(from ${rng.ip("10.40.9")}:${rng.int(30000, 60000)}, user: grafana) SELECT session_id, groupArray(event_type) AS path, count() FROM events.raw WHERE event_time >= now() - INTERVAL 7 DAY GROUP BY session_id ORDER BY count() DESC LIMIT 100 (stage: Complete)`,
      "src/Interpreters/executeQuery.cpp; void DB::logQuery(const String &, ContextPtr, bool, QueryProcessingStage::Enum)",
      null,
    );
    add(
      t + rng.int(2000, 9000),
      host,
      "Error",
      "executeQuery",
      "TCPHandler",
      q,
      `Code: 241. DB::Exception: Memory limit (total) exceeded: would use 28.${rng.int(10, 99)} GiB (attempt to allocate chunk of 4194304 bytes), maximum: 28.00 GiB. OvercommitTracker decision: Query was selected to stop by OvercommitTracker.: While executing AggregatingTransform. (MEMORY_LIMIT_EXCEEDED) (version 24.3.2.23 (official build))`,
      "src/Interpreters/executeQuery.cpp; void DB::onExceptionBeforeStart(...)",
      "memory",
    );
  }
  return inc.finish();
}
