// A SolrCloud cluster and its ZooKeeper ensemble, both logging with log4j2's JsonLayout (epoch
// `timeMillis`, loggerName, thread, the MDC in contextMap, exceptions in `thrown`, and an
// `application` key-value pair). A backup job saturates the ZooKeeper leader's disk: fsync
// takes seconds, Solr's sessions time out and expire, updates are refused while Solr cannot talk
// to ZooKeeper, replicas go into recovery and queries slow down.
import type { Scenario } from "../blind/types.js";
import { Incident, type Label, MIN, rngFor, SEC, startTime, times } from "./kit.js";

export function zookeeperSolrSessions(seed: number): Scenario {
  const name = "zookeeper-fsync-solr-session-expiry";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "Slow fsync on the ZooKeeper leader expires SolrCloud's sessions: updates refused with 'Cannot talk to ZooKeeper', replicas in recovery and slow queries, in log4j2 JsonLayout records",
  );
  const t0 = startTime(rng, 6, 21);
  const span = rng.int(55, 70) * MIN;
  const end = t0 + span;
  const onset = t0 + Math.floor(span * rng.float(0.35, 0.5));
  const recovered = onset + Math.floor(span * rng.float(0.18, 0.26));
  const zks = ["zk-1", "zk-2", "zk-3"];
  const leader = rng.pick(zks);
  const solrs = ["solr-1", "solr-2", "solr-3", "solr-4"];
  const sessions = Object.fromEntries(solrs.map((s) => [s, `0x${rng.pick(["1", "2", "3"])}000${rng.hex(3)}e1c5${rng.hex(4)}`]));
  const cores = solrs.map((s, i) => ({
    host: s,
    shard: `shard${(i % 2) + 1}`,
    replica: `core_node${i * 2 + 3}`,
    core: `products_shard${(i % 2) + 1}_replica_n${i * 2 + 1}`,
  }));
  let zxid = BigInt(`0x${rng.int(0x2e, 0x3a).toString(16)}00${rng.hex(6)}`);

  const j = (
    t: number,
    app: "solr" | "zookeeper",
    host: string,
    level: string,
    logger: string,
    thread: string,
    message: string,
    label: Label,
    more: Record<string, unknown> = {},
  ): void => {
    inc.add(
      t,
      {
        timeMillis: Math.floor(t),
        thread,
        level,
        loggerName: logger,
        message,
        endOfBatch: false,
        loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
        threadId: rng.int(20, 400),
        threadPriority: 5,
        ...more,
        application: app,
        host,
      },
      label,
    );
  };
  const ctx = (c: (typeof cores)[number]) => ({
    contextMap: { collection: "c:products", core: `x:${c.core}`, node_name: `n:${c.host}:8983_solr`, replica: `r:${c.replica}`, shard: `s:${c.shard}` },
  });
  const slow = (t: number): number => (t >= onset && t < recovered ? 1 : 0);

  // Queries and updates on every replica.
  for (const t of times(rng, t0, end, rng.int(1700, 2100))) {
    const c = rng.pick(cores);
    const q = rng.pick(["waterproof jacket", "trail running shoes", "merino", "down vest", "gore-tex boots", "camping stove", "headlamp"]);
    let qtime = Math.round(Math.min(rng.logn(14, 0.5), 60));
    let label: Label = null;
    // A replica rebuilding its index after the expiry answers from a cold searcher, the others take its share.
    if (slow(t) && t > onset + 60 * SEC && rng.chance(0.55)) {
      qtime = Math.round(rng.logn(2400, 0.6));
      label = qtime >= 140 ? "performance" : null;
    }
    j(
      t,
      "solr",
      c.host,
      "INFO",
      "org.apache.solr.core.SolrCore.Request",
      `qtp${rng.int(1000000, 1999999)}-${rng.int(20, 90)}`,
      `webapp=/solr path=/select params={q=${encodeURIComponent(q)}&defType=edismax&qf=name^3+description&fq=in_stock:true&rows=24&start=${rng.pick([0, 24, 48])}&facet=true&facet.field=brand&wt=json} hits=${rng.int(0, 4000)} status=0 QTime=${qtime}`,
      label,
      ctx(c),
    );
  }
  for (const t of times(rng, t0, end, rng.int(420, 520))) {
    const c = rng.pick(cores);
    const thread = `qtp${rng.int(1000000, 1999999)}-${rng.int(20, 90)}`;
    if (slow(t) && t > onset + 20 * SEC && rng.chance(0.7)) {
      j(
        t,
        "solr",
        c.host,
        "ERROR",
        "org.apache.solr.servlet.HttpSolrCall",
        thread,
        "org.apache.solr.common.SolrException: Cannot talk to ZooKeeper - Updates are disabled.",
        "error",
        {
          ...ctx(c),
          thrown: {
            commonElementCount: 0,
            localizedMessage: "Cannot talk to ZooKeeper - Updates are disabled.",
            message: "Cannot talk to ZooKeeper - Updates are disabled.",
            name: "org.apache.solr.common.SolrException",
            extendedStackTrace:
              "org.apache.solr.common.SolrException: Cannot talk to ZooKeeper - Updates are disabled.\n\tat org.apache.solr.update.processor.DistributedZkUpdateProcessor.zkCheck(DistributedZkUpdateProcessor.java:1245)\n\tat org.apache.solr.update.processor.DistributedZkUpdateProcessor.setupRequest(DistributedZkUpdateProcessor.java:582)\n\tat org.apache.solr.update.processor.DistributedZkUpdateProcessor.processAdd(DistributedZkUpdateProcessor.java:236)",
          },
        },
      );
      continue;
    }
    const skus = Array.from(
      { length: rng.int(1, 4) },
      () => `sku-${rng.int(100000, 999999)} (${rng.int(1790000000, 1799999999)}${rng.int(100000000, 999999999)})`,
    ).join(", ");
    j(
      t,
      "solr",
      c.host,
      "INFO",
      "org.apache.solr.update.processor.LogUpdateProcessorFactory",
      thread,
      `webapp=/solr path=/update params={update.distrib=FROMLEADER&distrib.from=http://${c.host}:8983/solr/${c.core}/&wt=javabin&version=2}{add=[${skus}]} 0 ${rng.int(1, 20)}`,
      null,
      ctx(c),
    );
  }
  // Soft commits every 15 s open a new searcher.
  for (const c of cores) {
    for (let t = t0 + rng.int(0, 14) * SEC; t < end; t += 15 * SEC) {
      if (rng.chance(0.55)) continue;
      j(
        t,
        "solr",
        c.host,
        "INFO",
        "org.apache.solr.update.DirectUpdateHandler2",
        "commitScheduler-7-thread-1",
        "start commit{,optimize=false,openSearcher=true,waitSearcher=true,expungeDeletes=false,softCommit=true,prepareCommit=false}",
        null,
        ctx(c),
      );
      j(
        t + rng.int(2, 40),
        "solr",
        c.host,
        "INFO",
        "org.apache.solr.search.SolrIndexSearcher",
        "commitScheduler-7-thread-1",
        `Opening [Searcher@${rng.hex(7)}[${c.core}] main]`,
        null,
        ctx(c),
      );
      j(
        t + rng.int(41, 90),
        "solr",
        c.host,
        "INFO",
        "org.apache.solr.update.DirectUpdateHandler2",
        "commitScheduler-7-thread-1",
        "end_commit_flush",
        null,
        ctx(c),
      );
    }
  }
  // ZooKeeper: monitoring's four-letter words, log rolls and snapshots.
  for (const z of zks) {
    for (let t = t0 + rng.int(0, 29) * SEC; t < end; t += 30 * SEC) {
      j(
        t,
        "zookeeper",
        z,
        "INFO",
        "org.apache.zookeeper.server.NettyServerCnxn",
        `nioEventLoopGroup-7-${rng.int(1, 4)}`,
        `Processing mntr command from /10.0.9.${rng.int(10, 20)}:${rng.int(30000, 60000)}`,
        null,
      );
    }
    for (const t of times(rng, t0, end, rng.int(5, 9))) {
      zxid += BigInt(rng.int(50000, 200000));
      j(
        t,
        "zookeeper",
        z,
        "INFO",
        "org.apache.zookeeper.server.persistence.FileTxnLog",
        `SyncThread:${zks.indexOf(z) + 1}`,
        `Creating new log file: log.${zxid.toString(16)}`,
        null,
      );
      j(
        t + rng.int(1, 30),
        "zookeeper",
        z,
        "INFO",
        "org.apache.zookeeper.server.persistence.FileTxnSnapLog",
        "Snapshot Thread",
        `Snapshotting: 0x${zxid.toString(16)} to /data/zookeeper/version-2/snapshot.${zxid.toString(16)}`,
        null,
      );
    }
  }
  // The leader's disk during the backup.
  const sync = `SyncThread:${zks.indexOf(leader) + 1}`;
  for (const t of times(rng, onset - 30 * SEC, recovered, rng.int(22, 34))) {
    const ms = rng.int(2100, 14000);
    j(
      t,
      "zookeeper",
      leader,
      "WARN",
      "org.apache.zookeeper.server.persistence.FileTxnLog",
      sync,
      `fsync-ing the write ahead log in ${sync} took ${ms}ms which will adversely effect operation latency.File size is ${rng.int(20, 67) * 1048576 + rng.int(0, 9999)} bytes. See the ZooKeeper troubleshooting guide`,
      "performance",
    );
  }
  for (const t of times(rng, onset, recovered, rng.int(3, 6)))
    j(t, "zookeeper", leader, "WARN", "org.apache.zookeeper.server.SyncRequestProcessor", sync, "Too busy to snap, skipping", "performance");
  // Every Solr node loses its session once, a few seconds apart.
  const zkClient = "org.apache.zookeeper.ClientCnxn";
  for (const [i, s] of solrs.entries()) {
    const at = onset + rng.int(5, 40) * SEC + i * rng.int(1, 6) * SEC;
    const sid = sessions[s]!;
    const z = rng.pick(zks);
    j(
      at,
      "solr",
      s,
      "WARN",
      zkClient,
      `zkConnectionManagerCallback-${rng.int(10, 16)}-thread-1-SendThread(${z}:2181)`,
      `Client session timed out, have not heard from server in ${rng.int(10001, 10090)}ms for session id ${sid}`,
      "error",
    );
    j(
      at + 3,
      "solr",
      s,
      "WARN",
      zkClient,
      `main-SendThread(${z}:2181)`,
      `Session ${sid} for server ${z}/10.0.9.${zks.indexOf(z) + 31}:2181, Closing socket connection. Attempting reconnect except it is a SessionExpiredException.`,
      "error",
    );
    j(
      at + 5 * SEC + rng.int(0, 900),
      "zookeeper",
      leader,
      "INFO",
      "org.apache.zookeeper.server.ZooKeeperServer",
      "SessionTracker",
      `Expiring session ${sid}, timeout of 15000ms exceeded`,
      "error",
    );
    const back = at + rng.int(12, 30) * SEC;
    j(
      back,
      "solr",
      s,
      "WARN",
      "org.apache.solr.common.cloud.ConnectionManager",
      "zkConnectionManagerCallback-13-thread-1",
      "Our previously connected session was expired. Attempting to reconnect to recover relationship with ZooKeeper...",
      "error",
    );
    const newSid = `0x${rng.pick(["1", "2", "3"])}000${rng.hex(3)}e1c5${rng.hex(4)}`;
    j(
      back + rng.int(2, 9) * SEC,
      "zookeeper",
      rng.pick(zks),
      "INFO",
      "org.apache.zookeeper.server.ZooKeeperServer",
      `NIOWorkerThread-${rng.int(1, 8)}`,
      `Established session ${newSid} with negotiated timeout 15000 for client /10.0.9.${solrs.indexOf(s) + 41}:${rng.int(30000, 60000)}`,
      null,
    );
    j(
      back + rng.int(10, 12) * SEC,
      "solr",
      s,
      "INFO",
      "org.apache.solr.common.cloud.ConnectionManager",
      "zkConnectionManagerCallback-13-thread-1",
      "zkClient has connected",
      null,
    );
    const c = cores[i]!;
    const rec = back + rng.int(13, 20) * SEC;
    j(
      rec,
      "solr",
      s,
      "INFO",
      "org.apache.solr.cloud.RecoveryStrategy",
      `recoveryExecutor-${rng.int(10, 20)}-thread-1`,
      "Starting recovery process. recoveringAfterStartup=false",
      "pattern",
      ctx(c),
    );
    j(
      rec + 200,
      "solr",
      s,
      "INFO",
      "org.apache.solr.cloud.RecoveryStrategy",
      `recoveryExecutor-${rng.int(10, 20)}-thread-1`,
      "Starting Replication Recovery.",
      "pattern",
      ctx(c),
    );
    j(
      rec + rng.int(20, 60) * SEC,
      "solr",
      s,
      "INFO",
      "org.apache.solr.handler.IndexFetcher",
      `recoveryExecutor-${rng.int(10, 20)}-thread-1`,
      `Total time taken for download (fullCopy=true,bytesDownloaded=${rng.int(900, 4000) * 1048576}) : ${rng.int(30, 90)} secs (${rng.int(20, 60)} MB/s)`,
      "pattern",
      ctx(c),
    );
    j(
      rec + rng.int(91, 120) * SEC,
      "solr",
      s,
      "INFO",
      "org.apache.solr.cloud.RecoveryStrategy",
      `recoveryExecutor-${rng.int(10, 20)}-thread-1`,
      "Replication Recovery was successful.",
      null,
      ctx(c),
    );
    j(
      rec + rng.int(121, 130) * SEC,
      "solr",
      s,
      "INFO",
      "org.apache.solr.cloud.RecoveryStrategy",
      `recoveryExecutor-${rng.int(10, 20)}-thread-1`,
      `Finished recovery process, successful=[true] msTimeTaken=${rng.int(90000, 130000)}`,
      null,
      ctx(c),
    );
  }
  return inc.finish();
}
