// Data systems: PostgreSQL losing an index (durations only in the message text), an
// Elasticsearch node thrashing in GC, a Kafka consumer slowly falling behind, and a RabbitMQ
// node hitting its memory watermark and blocking publishers.

import type { Scenario } from "../blind/types.js";
import { epochS, Incident, isoMicro, isoOffset, pgTime, Rng, seedFor, startAt } from "./lib.js";

/**
 * PostgreSQL with every statement logged (log_min_duration_statement = 0). An analyst account
 * drops the index on orders.customer_id; the customer-orders query goes from about 1 ms to
 * seconds, some hit the statement timeout, and the pool runs out of connection slots. Durations
 * appear only in the message text; checkpoints that take 27 s and duplicate-key errors are normal.
 */
export function postgresDroppedIndex(seed: number): Scenario {
  const name = "postgres-dropped-index";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-08-19T10:00:00Z");
  const span = 50 * 60_000;
  const drop = t0 + r.int(12, 30) * 60_000;
  let line = 1;
  const pg = (tt: number, sev: string, message: string, f: Record<string, unknown> = {}) => ({
    timestamp: pgTime(tt),
    user: "shop_app",
    dbname: "shop",
    pid: r.int(41000, 48000),
    remote_host: `10.8.${r.int(1, 4)}.${r.int(2, 250)}`,
    session_id: `${r.hex(8)}.${r.hex(4)}`,
    line_num: line++,
    backend_type: "client backend",
    error_severity: sev,
    message,
    application_name: "shop-api",
    ...f,
  });
  const stmts: [string, number, boolean][] = [
    ["SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20", 0.9, true],
    ["SELECT * FROM products WHERE id = ANY($1)", 0.4, false],
    ["UPDATE carts SET updated_at = now(), items = $2 WHERE id = $1", 0.7, false],
    ["INSERT INTO order_events (order_id, kind, payload) VALUES ($1, $2, $3)", 0.5, false],
    ["SELECT count(*) FROM orders WHERE customer_id = $1 AND status = 'open'", 0.6, true],
    ["BEGIN", 0.02, false],
    ["COMMIT", 0.3, false],
  ];
  for (const t of r.times(r.int(2600, 3800), t0, t0 + span)) {
    const [sql, med, usesIdx] = r.pick(stmts);
    const broken = usesIdx && t > drop;
    if (broken && r.chance(0.06)) {
      inc.add(t, (tt) => pg(tt, "ERROR", "canceling statement due to statement timeout", { state_code: "57014", statement: sql }), "performance");
      continue;
    }
    const ms = broken ? r.logn(2400, 0.35) : r.logn(med, 0.4);
    inc.add(t, (tt) => pg(tt, "LOG", `duration: ${ms.toFixed(3)} ms  statement: ${sql}`), broken ? "performance" : null);
  }
  inc.add(
    drop,
    (tt) =>
      pg(tt, "LOG", "statement: DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx", {
        user: "analyst_km",
        application_name: "DBeaver 24.1.0 - SQLEditor <shop>",
      }),
    "pattern",
  );
  for (let t = t0 + r.int(0, 300_000); t < t0 + span; t += 300_000) {
    inc.add(t, (tt) => ({ timestamp: pgTime(tt), pid: 88, backend_type: "checkpointer", error_severity: "LOG", message: "checkpoint starting: time" }));
    const w = r.range(26.5, 27.0);
    inc.add(t + 27_100, (tt) => ({
      timestamp: pgTime(tt),
      pid: 88,
      backend_type: "checkpointer",
      error_severity: "LOG",
      message: `checkpoint complete: wrote ${r.int(2000, 9000)} buffers (${r.range(2, 9).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 2 recycled; write=${w.toFixed(3)} s, sync=0.011 s, total=${(w + 0.1).toFixed(3)} s; sync files=63, longest=0.004 s, average=0.001 s; distance=${r.int(20000, 60000)} kB, estimate=${r.int(40000, 60000)} kB`,
    }));
  }
  for (const t of r.times(r.int(10, 25), t0, t0 + span)) {
    inc.add(t, (tt) =>
      pg(tt, "ERROR", 'duplicate key value violates unique constraint "users_email_key"', {
        state_code: "23505",
        detail: `Key (email)=(${r.alnum(7).toLowerCase()}@example.com) already exists.`,
      }),
    );
  }
  for (const t of r.times(r.int(2, 4), t0, t0 + span)) {
    inc.add(t, (tt) => ({
      timestamp: pgTime(tt),
      pid: r.int(50000, 52000),
      backend_type: "autovacuum worker",
      error_severity: "LOG",
      message: `automatic vacuum of table "shop.public.order_events": index scans: 1\npages: 0 removed, ${r.int(40000, 90000)} remain, ${r.int(1000, 9000)} scanned (${r.range(1, 9).toFixed(2)}% of total)\ntuples: ${r.int(1000, 40000)} removed, ${r.int(1e6, 4e6)} remain, 0 are dead but not yet removable\nsystem usage: CPU: user: ${r.range(0.5, 2).toFixed(2)} s, system: 0.05 s, elapsed: ${r.range(2, 4).toFixed(2)} s`,
    }));
  }
  const exhaust = drop + r.int(4, 10) * 60_000;
  for (const t of r.times(r.int(12, 30), exhaust, Math.min(t0 + span, exhaust + 180_000))) {
    inc.add(t, (tt) => pg(tt, "FATAL", "sorry, too many clients already", { state_code: "53300" }), "error");
  }
  return inc.build(
    name,
    "An analyst drops an index in PostgreSQL; the orders query goes from 1 ms to seconds (only in 'duration: ... ms' text), then statement timeouts and connection-slot exhaustion.",
  );
}

/**
 * An Elasticsearch 8 node (ECS JSON logs) whose old generation fills up after a heavy
 * aggregation dashboard is opened: GC overhead warnings, long old-generation collections,
 * parent circuit breaker trips, slow searches, and finally the node leaves the cluster.
 * Light young-GC overhead lines and two-second search slow logs are routine.
 */
export function elasticsearchOldGenThrash(seed: number): Scenario {
  const name = "elasticsearch-old-gen-thrash";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-02-27T14:00:00Z");
  const span = 90 * 60_000;
  const onset = t0 + r.int(30, 55) * 60_000;
  const node = "es-data-3";
  let gcNo = r.int(10000, 90000);
  const ecs = (tt: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": isoOffset(tt, 0).replace("+00:00", "Z"),
    "log.level": level,
    message,
    "ecs.version": "1.2.0",
    "service.name": "ES_ECS",
    "event.dataset": logger.includes("slowlog") ? "elasticsearch.index_search_slowlog" : "elasticsearch.server",
    "process.thread.name": `elasticsearch[${node}][${r.pick(["search", "write", "management", "generic"])}][T#${r.int(1, 24)}]`,
    "log.logger": logger,
    "elasticsearch.cluster.name": "logs-prod",
    "elasticsearch.node.name": node,
    ...extra,
  });
  for (const t of r.times(r.int(2200, 3000), t0, t0 + span)) {
    const k = r.weighted([
      ["gc", 12],
      ["slow", 8],
      ["ilm", 6],
      ["mapping", 5],
      ["http", 4],
    ] as const);
    if (k === "gc") {
      const n = gcNo++;
      inc.add(t, (tt) =>
        ecs(tt, "INFO", "org.elasticsearch.monitor.jvm.JvmGcMonitorService", `[gc][${n}] overhead, spent [${r.int(260, 420)}ms] collecting in the last [1s]`),
      );
    } else if (k === "slow") {
      const ms = r.int(2000, 4800);
      inc.add(t, (tt) =>
        ecs(
          tt,
          "INFO",
          "index.search.slowlog.query",
          `[logs-app-2025.02.27][${r.int(0, 5)}] took[${(ms / 1000).toFixed(1)}s], took_millis[${ms}], total_hits[${r.int(1000, 900000)}+ hits], search_type[QUERY_THEN_FETCH], total_shards[6]`,
          {
            "elasticsearch.slowlog.took_millis": ms,
          },
        ),
      );
    } else if (k === "ilm")
      inc.add(t, (tt) =>
        ecs(
          tt,
          "INFO",
          "org.elasticsearch.xpack.ilm.IndexLifecycleTransition",
          `moving index [.ds-logs-app-2025.02.${r.int(10, 26)}-000${r.int(100, 999)}] from [{"phase":"hot","action":"rollover","name":"check-rollover-ready"}] to [{"phase":"hot","action":"rollover","name":"check-rollover-ready"}] in policy [logs]`,
        ),
      );
    else if (k === "mapping")
      inc.add(t, (tt) =>
        ecs(tt, "INFO", "org.elasticsearch.cluster.metadata.MetadataMappingService", `[logs-app-2025.02.27/${r.alnum(22)}] update_mapping [_doc]`),
      );
    else
      inc.add(t, (tt) =>
        ecs(
          tt,
          "WARN",
          "org.elasticsearch.http.AbstractHttpServerTransport",
          `caught exception while handling client http traffic, closing connection Netty4HttpChannel{localAddress=/10.6.0.13:9200, remoteAddress=/10.6.${r.int(1, 9)}.${r.int(2, 250)}:${r.int(30000, 60000)}}`,
          {
            "error.type": "java.io.IOException",
            "error.message": "Connection reset by peer",
          },
        ),
      );
  }
  const dashMs = r.int(6000, 9000);
  inc.add(
    onset - r.int(30_000, 120_000),
    (tt) =>
      ecs(
        tt,
        "INFO",
        "index.search.slowlog.query",
        `[logs-app-*][0] took[${(dashMs / 1000).toFixed(1)}s], took_millis[${dashMs}], total_hits[41200311 hits], source[{"size":0,"aggregations":{"by_user":{"terms":{"field":"user.id","size":500000},"aggregations":{"p":{"percentiles":{"field":"duration"}}}}}}]`,
      ),
    "pattern",
  );
  for (const t of r.times(r.int(120, 220), onset, t0 + span)) {
    const k = r.weighted([
      ["overhead", 5],
      ["old", 3],
      ["breaker", 3],
      ["slow", 3],
    ] as const);
    const n = gcNo++;
    if (k === "overhead") {
      const last = r.range(4.5, 9);
      inc.add(
        t,
        (tt) =>
          ecs(
            tt,
            "WARN",
            "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
            `[gc][${n}] overhead, spent [${(last * r.range(0.85, 0.97)).toFixed(1)}s] collecting in the last [${last.toFixed(1)}s]`,
          ),
        "memory",
      );
    } else if (k === "old") {
      const d = r.range(6, 16);
      const before = r.range(29.2, 29.8);
      inc.add(
        t,
        (tt) =>
          ecs(
            tt,
            "WARN",
            "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
            `[gc][old][${n}][${r.int(200, 400)}] duration [${d.toFixed(1)}s], collections [1]/[${(d + 0.4).toFixed(1)}s], total [${d.toFixed(1)}s]/[2.1h], memory [${before.toFixed(1)}gb]->[${(before - r.range(0.05, 0.3)).toFixed(1)}gb]/[30gb], all_pools {[young] [0b]->[0b]/[0b]}{[old] [${(before - 0.4).toFixed(1)}gb]->[${(before - 0.5).toFixed(1)}gb]/[30gb]}{[survivor] [0b]->[0b]/[0b]}`,
          ),
        "memory",
      );
    } else if (k === "breaker") {
      inc.add(
        t,
        (tt) =>
          ecs(tt, "WARN", "org.elasticsearch.search.SearchService", "failed to execute search request", {
            "error.type": "org.elasticsearch.common.breaker.CircuitBreakingException",
            "error.message": `[parent] Data too large, data for [<reduce_aggs>] would be [${r.range(29.2, 30).toFixed(1)}gb/${r.range(29.2, 30).toFixed(1)}gb], which is larger than the limit of [28.5gb/28.5gb], real usage: [${r.range(28.6, 29.9).toFixed(1)}gb], new bytes reserved: [${r.int(20, 900)}mb]`,
          }),
        "memory",
      );
    } else {
      const ms = r.int(22_000, 65_000);
      inc.add(
        t,
        (tt) =>
          ecs(
            tt,
            "WARN",
            "index.search.slowlog.query",
            `[logs-app-2025.02.27][${r.int(0, 5)}] took[${(ms / 1000).toFixed(1)}s], took_millis[${ms}], total_hits[${r.int(1000, 900000)}+ hits], search_type[QUERY_THEN_FETCH], total_shards[6]`,
            {
              "elasticsearch.slowlog.took_millis": ms,
            },
          ),
        "performance",
      );
    }
  }
  const leave = t0 + span - r.int(60_000, 240_000);
  inc.add(
    leave,
    (tt) =>
      ecs(
        tt,
        "INFO",
        "org.elasticsearch.cluster.service.ClusterApplierService",
        `removed {{${node}}{${r.alnum(22)}}{${r.alnum(22)}}{10.6.0.13}{10.6.0.13:9300}{dh}}, term: 41, version: ${r.int(90000, 99999)}, reason: ApplyCommitRequest{term=41, version=${r.int(90000, 99999)}, sourceNode={es-master-1}}`,
      ),
    "error",
  );
  inc.add(
    leave + 1500,
    (tt) =>
      ecs(
        tt,
        "WARN",
        "org.elasticsearch.cluster.coordination.FollowersChecker",
        `FollowerChecker{discoveryNode={${node}}, failureCountSinceLastSuccess=3, timeoutCountSinceLastSuccess=3, [cluster.fault_detection.follower_check.retry_count]=3} failed too many times`,
      ),
    "error",
  );
  return inc.build(
    name,
    "An aggregation over all logs fills an Elasticsearch node's old generation: GC overhead, 10 s old collections, circuit breaker trips, 30-60 s searches, then the node leaves the cluster.",
  );
}

/**
 * A Kafka Streams consumer over six hours. A state store grows without compaction and batch
 * processing time drifts from about 80 ms to several seconds; lag climbs; finally poll
 * intervals are exceeded and the group rebalances again and again. Most of the later window is
 * degraded.
 */
export function kafkaConsumerSlowDrift(seed: number): Scenario {
  const name = "kafka-consumer-slow-drift";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-12-03T00:00:00Z");
  const span = 6 * 3600_000;
  const driftStart = t0 + r.int(40, 80) * 60_000;
  const base = 80;
  const growth = (t: number) => (t < driftStart ? 0 : (t - driftStart) / (t0 + span - driftStart));
  const lb = (tt: number, level: string, logger: string, message: string) => ({
    "@timestamp": isoOffset(tt, 60),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `billing-aggregator-${r.hex(8)}-StreamThread-${r.int(1, 4)}`,
    level,
    level_value: level === "WARN" ? 30000 : level === "ERROR" ? 40000 : 20000,
    app: "billing-aggregator",
  });
  for (const t of r.times(r.int(3000, 4200), t0, t0 + span)) {
    const g = growth(t);
    const ms = Math.round(r.logn(base * (1 + 40 * g * g), 0.2));
    inc.add(
      t,
      (tt) => ({
        ...lb(tt, "INFO", "c.a.billing.UsageAggregator", "Processed batch"),
        partition: r.int(0, 23),
        records: r.int(400, 500),
        duration_ms: ms,
        store_entries: Math.round(2.1e6 * (1 + 6 * g)),
      }),
      ms > base * 4 ? "performance" : null,
    );
  }
  for (let t = t0 + r.int(0, 60_000); t < t0 + span; t += 60_000) {
    const g = growth(t);
    const lag = Math.round(r.range(200, 1500) + 2.4e6 * g * g);
    inc.add(
      t,
      (tt) => ({
        ...lb(tt, lag > 50_000 ? "WARN" : "INFO", "c.a.billing.LagReporter", "Consumer lag"),
        group: "billing-aggregator",
        topic: "usage-events",
        lag_records: lag,
      }),
      lag > 50_000 ? "performance" : null,
    );
  }
  // the late phase: poll interval exceeded, rebalances
  const late = driftStart + Math.floor((t0 + span - driftStart) * 0.75);
  for (const t of r.times(r.int(8, 16), late, t0 + span)) {
    inc.add(
      t,
      (tt) =>
        lb(
          tt,
          "WARN",
          "o.a.k.clients.consumer.internals.ConsumerCoordinator",
          `[Consumer clientId=billing-aggregator-${r.hex(8)}-StreamThread-${r.int(1, 4)}-consumer, groupId=billing-aggregator] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.`,
        ),
      "performance",
    );
    inc.add(
      t + r.int(200, 3000),
      (tt) =>
        lb(
          tt,
          "INFO",
          "o.a.k.clients.consumer.internals.ConsumerCoordinator",
          `[Consumer clientId=billing-aggregator-consumer, groupId=billing-aggregator] Revoke previously assigned partitions usage-events-${r.int(0, 23)}, usage-events-${r.int(0, 23)}`,
        ),
      "pattern",
    );
    inc.add(
      t + r.int(3000, 9000),
      (tt) => lb(tt, "INFO", "o.a.k.streams.KafkaStreams", "stream-client [billing-aggregator] State transition from RUNNING to REBALANCING"),
      "pattern",
    );
  }
  return inc.build(
    name,
    "A Kafka Streams consumer drifts from 80 ms batches to seconds over six hours as its state store grows; lag climbs, poll intervals expire and the group rebalances.",
  );
}

/**
 * RabbitMQ (JSON logging) hits its memory high watermark after a consumer deployment stops
 * acknowledging; the alarm blocks publishers, whose Python clients report blocked connections
 * and multi-second publish confirms. Abruptly closed client connections are everyday noise.
 */
export function rabbitmqMemoryAlarm(seed: number): Scenario {
  const name = "rabbitmq-memory-alarm";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-06-30T07:00:00Z");
  const span = 75 * 60_000;
  const alarm = t0 + r.int(30, 50) * 60_000;
  const cleared = alarm + r.int(10, 16) * 60_000;
  const blocked = (t: number) => t >= alarm && t < cleared;
  const rmq = (tt: number, level: string, msg: string) => ({
    time: `${isoMicro(tt).replace("T", " ")}`,
    level,
    msg,
    pid: `<0.${r.int(600, 40000)}.0>`,
    domain: "rabbitmq",
    node: "rabbit@mq-1",
  });
  for (const t of r.times(r.int(700, 1000), t0, t0 + span)) {
    const src = `10.12.${r.int(1, 9)}.${r.int(2, 250)}:${r.int(30000, 60000)}`;
    const k = r.weighted([
      ["accept", 5],
      ["auth", 5],
      ["close", 4],
      ["abrupt", 2],
    ] as const);
    if (k === "accept") inc.add(t, (tt) => rmq(tt, "info", `accepting AMQP connection <0.${r.int(600, 40000)}.0> (${src} -> 10.12.0.4:5672)`));
    else if (k === "auth")
      inc.add(t, (tt) =>
        rmq(tt, "info", `connection <0.${r.int(600, 40000)}.0> (${src} -> 10.12.0.4:5672): user 'orders' authenticated and granted access to vhost '/'`),
      );
    else if (k === "close")
      inc.add(t, (tt) => rmq(tt, "info", `closing AMQP connection <0.${r.int(600, 40000)}.0> (${src} -> 10.12.0.4:5672, vhost: '/', user: 'orders')`));
    else
      inc.add(t, (tt) =>
        rmq(
          tt,
          "warning",
          `closing AMQP connection <0.${r.int(600, 40000)}.0> (${src} -> 10.12.0.4:5672, vhost: '/', user: 'orders'):\nclient unexpectedly closed TCP connection`,
        ),
      );
  }
  inc.add(
    alarm - r.int(10, 20) * 60_000,
    (tt) => ({
      timestamp: isoMicro(tt),
      levelname: "INFO",
      name: "deploy",
      message: "invoice-consumer rolled out version 4.18.0 (prefetch_count=0, manual ack)",
      service: "invoice-consumer",
    }),
    "pattern",
  );
  const used = r.range(3.5, 3.9);
  inc.add(
    alarm,
    (tt) => rmq(tt, "info", `vm_memory_high_watermark set. Memory used:${Math.round(used * 2 ** 30)} allowed:${Math.round(3.2 * 2 ** 30)}`),
    "memory",
  );
  inc.add(
    alarm + 2,
    (tt) =>
      rmq(
        tt,
        "warning",
        "memory resource limit alarm set on node 'rabbit@mq-1'.\n\n**********************************************************\n*** Publishers will be blocked until this alarm clears ***\n**********************************************************",
      ),
    "memory",
  );
  inc.add(cleared, (tt) => rmq(tt, "info", `vm_memory_high_watermark clear. Memory used:${Math.round(3.0 * 2 ** 30)} allowed:${Math.round(3.2 * 2 ** 30)}`));
  inc.add(cleared + 2, (tt) => rmq(tt, "warning", "memory resource limit alarm cleared on node 'rabbit@mq-1'"));
  // publishers (Python, pika)
  for (const t of r.times(r.int(1600, 2400), t0, t0 + span)) {
    const svc = r.pick(["orders-api", "orders-api", "billing-api"]);
    const b = blocked(t);
    const ms = b ? r.range(4000, 30_000) : r.logn(3.5, 0.4);
    inc.add(
      t,
      (tt) => ({
        timestamp: isoMicro(tt),
        levelname: b ? "WARNING" : "INFO",
        name: "amqp.publisher",
        service: svc,
        message: b
          ? `publish confirm took ${(ms / 1000).toFixed(1)} s for routing key invoices.created`
          : `published invoices.created (confirm ${ms.toFixed(1)} ms)`,
      }),
      b ? "performance" : null,
    );
  }
  for (const t of r.times(r.int(6, 12), alarm + 500, alarm + 20_000)) {
    inc.add(
      t,
      (tt) => ({
        timestamp: isoMicro(tt),
        levelname: "WARNING",
        name: "pika.connection",
        service: r.pick(["orders-api", "billing-api"]),
        message: "Connection.Blocked received from broker: reason='low on memory'",
      }),
      "memory",
    );
  }
  // consumers: invoice-consumer unacked growth, mailer routine
  for (let t = t0 + r.int(0, 30_000); t < t0 + span; t += 30_000) {
    const after = t > alarm - 15 * 60_000 && t < cleared;
    const unacked = after ? Math.round(r.range(0.9, 1.1) * 12_000 * ((t - (alarm - 15 * 60_000)) / 60_000)) : r.int(0, 40);
    inc.add(
      t,
      (tt) => ({
        timestamp: epochS(tt),
        level: "info",
        logger: "consumer.stats",
        msg: "queue stats",
        queue: "invoices",
        messages_ready: r.int(0, 30),
        messages_unacknowledged: unacked,
      }),
      unacked > 50_000 ? "memory" : null,
    );
  }
  return inc.build(
    name,
    "A consumer deploy stops acking, RabbitMQ crosses its memory watermark and blocks publishers; publish confirms go from 3 ms to tens of seconds, stated only in message text.",
  );
}
