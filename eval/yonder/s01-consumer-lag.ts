// A Kafka consumer group falls behind: a migration drops the index the enrichment lookups use, the
// profile service's tier endpoint slows, the consumer's batches take longer and longer, lag
// explodes, and at the end members are kicked out for exceeding max.poll.interval.ms.
// Decoys: a rolling deploy of the consumer (rebalances, a lag bump), routine 404s, a rare
// deserialization error sent to the DLT, slow analytics queries on the database.

import type { Scenario } from "../blind/types.js";
import { COMMIT_FAILED_MSG, COORD, type KafkaMember, type KafkaWrite, kafkaMember, POLL_TIMEOUT_MSG, prefix, rebalance } from "./kafka.js";
import { type Lvl, logback, pglog, pino, type PinoProc, slog, zap } from "./producers.js";
import { Rng } from "./rng.js";
import { every, fmtInt, type Label, MIN, pickStart, poisson, ramp, round, SEC, Timeline } from "./timeline.js";

const GROUP = "order-enrichment";
const TOPIC = "orders.v1";
const PARTS = 12;
const SERVICE = "order-enrichment-consumer";
const BROKERS = ["kafka-0.kafka-headless.streaming.svc", "kafka-1.kafka-headless.streaming.svc", "kafka-2.kafka-headless.streaming.svc"];
const THREAD = "org.springframework.kafka.KafkaListenerEndpointContainer#0-0-C-1";

export function consumerLagSpiral(seed: number): Scenario {
  const rng = new Rng(seed, "consumer-lag-spiral");
  const start = pickStart(rng, [8, 9, 10, 13, 14, 15, 16]);
  const tl = new Timeline(start, start + rng.int(66, 84) * MIN);
  const end = tl.end;
  const deployAt = tl.at(rng.float(0.07, 0.18));
  const onset = tl.at(rng.float(0.4, 0.52));
  const rampEnd = onset + (end - onset) * rng.float(0.78, 0.9);
  const latCap = rng.float(3150, 4300);
  const baseLat = rng.float(14, 22);
  const prodRate = rng.float(90, 140); // records/s into orders.v1

  /** Median latency of the tier lookup at t (ms). */
  const tierLat = (t: number) => baseLat * Math.exp(Math.log(latCap / baseLat) * ramp(t, onset, rampEnd));
  const perRecord = (t: number) => 0.9 + 0.2 * tierLat(t);

  // Consumer pods: four before the deploy, replaced one by one.
  const oldPods = [0, 1, 2, 3].map((i) => kafkaMember(rng, rng.pod(SERVICE), GROUP, i + 1));
  const newPods = [0, 1, 2, 3].map((i) => kafkaMember(rng, rng.pod(SERVICE), GROUP, i + 1));
  const swapAt = [0, 1, 2, 3].map((i) => deployAt + i * rng.int(38, 55) * SEC);
  const lastSwap = swapAt[3] ?? deployAt;

  const write: KafkaWrite = (t, m, logger, level, message) => logback(t, SERVICE, logger, THREAD, level, message, { pod: m.pod, "kafka.group": GROUP });
  const appLog = (t: number, m: KafkaMember, level: Lvl, message: string, extra: Record<string, unknown> = {}, stack?: string) =>
    logback(t, SERVICE, "com.acme.orders.enrich.OrderEnrichmentListener", THREAD, level, message, { pod: m.pod, ...extra }, stack);

  // Lag model in 5 s steps.
  const lagSteps: number[] = [];
  let lag = rng.int(40, 300);
  for (let t = start; t <= end; t += 5 * SEC) {
    const down = t >= deployAt && t < lastSwap + 30 * SEC ? 2.2 : 4;
    const capacity = (down * 1000 * 5) / perRecord(t);
    const produced = prodRate * 5 * rng.float(0.8, 1.2);
    lag = Math.max(rng.int(0, 60), lag + produced - capacity);
    if (t >= deployAt && t < lastSwap + 20 * SEC) lag += rng.int(150, 500);
    lagSteps.push(lag);
  }
  const lagAt = (t: number) => lagSteps[Math.min(lagSteps.length - 1, Math.max(0, Math.floor((t - start) / (5 * SEC))))] ?? 0;

  // --- the deploy of the consumer: rebalances, labelled null
  let generation = rng.int(30, 140);
  let members = [...oldPods];
  let assignment = new Map<string, number[]>();
  for (const [i, m] of oldPods.entries()) {
    assignment.set(
      m.memberId,
      Array.from({ length: PARTS }, (_, p) => p).filter((p) => p % 4 === i),
    );
  }
  const offsetBase = rng.int(40_000_000, 90_000_000);
  const offsetOf = (p: number) => offsetBase + p * 1_731 + rng.int(0, 999);
  swapAt.forEach((at, i) => {
    const old = oldPods[i];
    const fresh = newPods[i];
    if (old === undefined || fresh === undefined) return;
    const owned = (assignment.get(old.memberId) ?? []).map((p) => `${TOPIC}-${p}`).join(", ");
    tl.add(at, (t) => write(t, old, COORD, "info", `${prefix(old, GROUP)} Revoke previously assigned partitions ${owned}`));
    tl.add(at + 40, (t) =>
      write(
        t,
        old,
        "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator",
        "info",
        `${prefix(old, GROUP)} Member ${old.memberId} sending LeaveGroup request to coordinator ${BROKERS[1]}:9092 (id: 2147483646 rack: null) due to the consumer is being closed`,
      ),
    );
    tl.add(at + 180, (t) => appLog(t, old, "info", "Closing Kafka listener container; in-flight batch committed"));
    generation += 1;
    members = members.filter((m) => m !== old);
    assignment = rebalance(tl, rng, {
      t0: at + 320,
      group: GROUP,
      topic: TOPIC,
      partitions: PARTS,
      members,
      previous: assignment,
      generation,
      protocol: "cooperative-sticky",
      reason: "group is already rebalancing",
      initiator: 0,
      write,
      label: null,
      offsets: false,
      offsetOf,
      leaderEpoch: 17,
      brokers: BROKERS,
    });
    const boot = at + rng.int(9, 14) * SEC;
    tl.add(boot, (t) => appLog(t, fresh, "info", "Starting OrderEnrichmentApplication v4.18.2 using Java 17.0.11 with PID 1"));
    tl.add(boot + rng.int(7000, 9500), (t) =>
      appLog(
        t,
        fresh,
        "info",
        `Started OrderEnrichmentApplication in ${round(rng.float(7.1, 9.4), 3)} seconds (process running for ${round(rng.float(9.5, 11), 2)})`,
      ),
    );
    members = [...members, fresh];
    generation += 1;
    assignment = rebalance(tl, rng, {
      t0: boot + 10_000,
      group: GROUP,
      topic: TOPIC,
      partitions: PARTS,
      members,
      previous: assignment,
      generation,
      protocol: "cooperative-sticky",
      reason: `rebalance failed due to 'The group member needs to have a valid member id before actually entering a consumer group.' (MemberIdRequiredException)`,
      initiator: members.length - 1,
      write,
      label: null,
      offsets: true,
      offsetOf,
      leaderEpoch: 17,
      brokers: BROKERS,
    });
  });

  // --- consumer batches per pod, summarised every 60 s
  const kicked = new Map<string, number>();
  const kicks: { m: KafkaMember; expiry: number; done: number; part: number }[] = [];
  const podRng = rng.fork("pods");
  for (let i = 0; i < 4; i++) {
    const segments: [KafkaMember, number, number][] = [
      [oldPods[i] as KafkaMember, start, swapAt[i] ?? start],
      [newPods[i] as KafkaMember, (swapAt[i] ?? start) + 30 * SEC, end],
    ];
    for (const [m, from, to] of segments) {
      let t = from + podRng.int(0, 2000);
      let bucketStart = from;
      let records = 0;
      let busy = 0;
      let maxBatch = 0;
      let batches = 0;
      const flush = (at: number) => {
        const avg = records > 0 ? busy / records : 0;
        const parts = (assignment.get(m.memberId) ?? [i, i + 4, i + 8]).map((p) => `${TOPIC}-${p}`).join(",");
        const slow = at > onset && (avg > 15 || (records === 0 && lagAt(at) > 5000));
        const msg = `Processed ${fmtInt(records)} records in ${batches} batches over the last 60s (avg ${round(avg, 2)} ms/record, slowest batch ${fmtInt(maxBatch)} ms) on [${parts}]`;
        const fields = { records, batches, avg_ms_per_record: round(avg, 2), max_batch_ms: Math.round(maxBatch) };
        tl.add(at, (tt) => appLog(tt, m, "info", msg, fields), slow ? "performance" : null);
        records = 0;
        busy = 0;
        maxBatch = 0;
        batches = 0;
      };
      while (t < to) {
        const l = lagAt(t);
        const n = Math.max(1, Math.min(500, Math.round((l / 4) * podRng.float(0.6, 1.4)) + podRng.int(0, 25)));
        const d = n * perRecord(t) * podRng.float(0.85, 1.2);
        const done = t + d;
        if (d > 300_000 && !kicked.has(m.memberId)) {
          // The heartbeat thread notices the poll interval has expired while the batch is still running.
          kicked.set(m.memberId, t + 300_000);
          kicks.push({ m, expiry: t + 300_000, done, part: (assignment.get(m.memberId) ?? [i])[0] ?? i });
        }
        if (d > 10_000) {
          const slowMsg = `Batch of ${n} records from ${TOPIC} took ${fmtInt(d)} ms (max.poll.interval.ms=300000, max.poll.records=500)`;
          tl.add(done + 1, (tt) => appLog(tt, m, "warn", slowMsg, { batch_size: n, elapsed_ms: Math.round(d) }), "performance");
        }
        records += n;
        busy += d;
        batches += 1;
        maxBatch = Math.max(maxBatch, d);
        t = done + (l < 50 ? podRng.int(100, 600) : podRng.int(2, 15));
        while (t - bucketStart >= 60_000 && bucketStart + 60_000 < to) {
          bucketStart += 60_000;
          flush(bucketStart + podRng.int(0, 300));
        }
        if (podRng.chance(0.0009)) {
          const cust = `C-${podRng.int(100000, 999999)}`;
          tl.add(t, (tt) =>
            appLog(tt, m, "warn", `Customer ${cust} not found in customer-profile-api (404); enriching with default tier`, { customer_id: cust }),
          );
        }
        if (podRng.chance(0.00012)) {
          const p = podRng.int(0, PARTS - 1);
          const off = offsetOf(p) + podRng.int(100, 90000);
          tl.add(t, (tt) =>
            logback(
              tt,
              SERVICE,
              "org.springframework.kafka.listener.DeadLetterPublishingRecoverer",
              THREAD,
              "error",
              `Failed to deserialize record at ${TOPIC}-${p}@${off}; publishing to ${TOPIC}.DLT`,
              { pod: m.pod },
              "org.apache.kafka.common.errors.SerializationException: Unknown magic byte!\n\tat io.confluent.kafka.serializers.AbstractKafkaSchemaSerDe.getByteBuffer(AbstractKafkaSchemaSerDe.java:600)",
            ),
          );
        }
      }
    }
  }

  // --- members kicked out for exceeding max.poll.interval.ms, and their rejoining
  interface Rejoin {
    at: number;
    members: KafkaMember[];
    initiator: number;
    reason: string;
  }
  const rebalances: Rejoin[] = [];
  const outUntil = new Map<string, number>();
  const active = (at: number, except: KafkaMember) =>
    newPods.filter((x) => x !== except && !((outUntil.get(x.memberId) ?? 0) > at && (kicked.get(x.memberId) ?? Infinity) <= at));
  kicks.sort((x, y) => x.expiry - y.expiry);
  for (const k of kicks) {
    const m = k.m;
    tl.add(k.expiry, (tt) => write(tt, m, COORD, "warn", `${prefix(m, GROUP)} ${POLL_TIMEOUT_MSG}`), "pattern");
    tl.add(
      k.expiry + 3,
      (tt) =>
        write(
          tt,
          m,
          COORD,
          "info",
          `${prefix(m, GROUP)} Member ${m.memberId} sending LeaveGroup request to coordinator ${BROKERS[1]}:9092 (id: 2147483646 rack: null) due to consumer poll timeout has expired.`,
        ),
      "pattern",
    );
    const others = active(k.expiry, m);
    if (others.length > 0) rebalances.push({ at: k.expiry + rng.int(400, 2500), members: others, initiator: 0, reason: "group is already rebalancing" });
    outUntil.set(m.memberId, k.done + 1500);
    tl.add(
      k.done,
      (tt) =>
        write(
          tt,
          m,
          COORD,
          "error",
          `${prefix(m, GROUP)} Offset commit failed on partition ${TOPIC}-${k.part} at offset ${offsetOf(k.part)}: The coordinator is not aware of this member.`,
        ),
      "error",
    );
    tl.add(
      k.done + 6,
      (tt) =>
        logback(
          tt,
          SERVICE,
          "org.springframework.kafka.listener.KafkaMessageListenerContainer",
          THREAD,
          "error",
          "Consumer exception",
          { pod: m.pod },
          `org.apache.kafka.clients.consumer.CommitFailedException: ${COMMIT_FAILED_MSG}\n\tat org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.sendOffsetCommitRequest(ConsumerCoordinator.java:1351)\n\tat org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.commitOffsetsSync(ConsumerCoordinator.java:1188)\n\tat org.apache.kafka.clients.consumer.KafkaConsumer.commitSync(KafkaConsumer.java:1518)\n\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.commitSync(KafkaMessageListenerContainer.java:2912)`,
        ),
      "error",
    );
    const back = [...active(k.done + 1500, m), m];
    rebalances.push({ at: k.done + 1500, members: back, initiator: back.length - 1, reason: "need to re-join with the given member-id" });
  }
  rebalances.sort((x, y) => x.at - y.at);
  for (const r of rebalances) {
    generation += 1;
    assignment = rebalance(tl, rng, {
      t0: r.at,
      group: GROUP,
      topic: TOPIC,
      partitions: PARTS,
      members: r.members,
      previous: assignment,
      generation,
      protocol: "cooperative-sticky",
      reason: r.reason,
      initiator: r.initiator,
      write,
      label: "pattern",
      offsets: false,
      offsetOf,
      leaderEpoch: 17,
      brokers: BROKERS,
    });
  }

  // --- customer-profile-api (pino)
  const apiRng = rng.fork("api");
  const apiPods: PinoProc[] = [0, 1, 2].map(() => ({ name: "customer-profile-api", hostname: apiRng.pod("customer-profile-api"), pid: 1 }));
  const routes: [string, string, number][] = [
    ["GET", "/v1/customers/{id}/tier", 18],
    ["GET", "/v1/customers/{id}", 30],
    ["GET", "/v1/customers/{id}/addresses", 14],
    ["PATCH", "/v1/customers/{id}/preferences", 6],
    ["GET", "/v1/customers/search", 8],
    ["POST", "/v1/customers/{id}/consents", 4],
  ];
  let poolWarnAt = 0;
  poisson(apiRng, start, end, 3300, (t) => {
    const [method, route] = apiRng.weighted(routes.map((r) => [r, r[2]] as const));
    const id = String(apiRng.int(100000, 999999));
    const url = route.replace("{id}", id) + (route.endsWith("search") ? `?q=${apiRng.alnum(4)}&limit=20` : "");
    const p = apiRng.pick(apiPods);
    let rt: number;
    let status = 200;
    let label: Label = null;
    if (route.endsWith("/tier")) {
      rt = apiRng.logn(tierLat(t), 0.45);
      if (t > onset && rt > 150) label = "performance";
    } else {
      rt = apiRng.logn(route.endsWith("search") ? 45 : 11, 0.5);
    }
    if (method === "GET" && apiRng.chance(0.025)) status = 404;
    if (method !== "GET" && apiRng.chance(0.03)) status = 422;
    const reqId = `req-${apiRng.base62(6)}`;
    tl.add(
      t,
      (tt) =>
        pino(tt, p, status >= 400 ? "warn" : "info", "request completed", {
          reqId,
          req: { method, url, remoteAddress: apiRng.ip(), remotePort: apiRng.int(30000, 60000) },
          res: { statusCode: status },
          responseTime: round(rt, 3),
        }),
      label,
    );
    if (label !== null && rt > 250 && apiRng.chance(0.35)) {
      tl.add(
        t - rt * 0.1,
        (tt) =>
          pglog(
            tt,
            "customers-db-0",
            4000 + apiRng.int(0, 900),
            "LOG",
            `duration: ${round(rt * 0.93, 3)} ms  execute <unnamed>: SELECT ct.tier, ct.lifetime_value, ct.region FROM customer_tiers ct WHERE ct.customer_id = $1 ORDER BY ct.valid_from DESC LIMIT 1`,
            { user: "profile_api", dbname: "customers", application_name: "customer-profile-api" },
          ),
        "performance",
      );
    }
    if (t > onset && tierLat(t) > 700 && t - poolWarnAt > 40_000) {
      poolWarnAt = t;
      const waiting = Math.round(tierLat(t) / 60 + apiRng.int(0, 15));
      tl.add(
        t + 5,
        (tt) => pino(tt, p, "warn", "pg pool saturated", { pool: { total: 20, idle: 0, waiting }, waitMs: Math.round(tierLat(t) * 0.7) }),
        "performance",
      );
    }
  });
  // The profile service's own deploy, with its migration.
  const migAt = onset - rng.int(40, 90) * SEC;
  const flyway = (t: number, level: Lvl, msg: string) =>
    logback(t, "customer-profile-migrations", "org.flywaydb.core.internal.command.DbMigrate", "main", level, msg, { pod: "customer-profile-migrate-28741" });
  tl.add(migAt, (t) => flyway(t, "info", "Flyway Community Edition 9.22.3 by Redgate"));
  tl.add(migAt + 420, (t) => flyway(t, "info", "Database: jdbc:postgresql://customers-db.internal:5432/customers (PostgreSQL 15.6)"));
  tl.add(migAt + 610, (t) => flyway(t, "info", `Successfully validated ${rng.int(80, 140)} migrations (execution time 00:00.${rng.int(100, 400)}s)`));
  tl.add(migAt + 700, (t) => flyway(t, "info", 'Current version of schema "public": 2024.08.29.2'));
  tl.add(migAt + 760, (t) => flyway(t, "info", 'Migrating schema "public" to version "2024.09.18.1 - customer tiers by region"'), "pattern");
  tl.add(migAt + 1900, (t) => flyway(t, "warn", 'DB: index "idx_customer_tiers_customer_id" does not exist, skipping'), "pattern");
  tl.add(
    migAt + 2600,
    (t) => flyway(t, "info", `Successfully applied 1 migration to schema "public", now at version v2024.09.18.1 (execution time 00:01.${rng.int(100, 900)}s)`),
    "pattern",
  );
  apiPods.forEach((p, i) => {
    const at = migAt + 20 * SEC + i * rng.int(25, 40) * SEC;
    tl.add(at, (t) => pino(t, p, "info", "received SIGTERM, draining connections"));
    tl.add(at + rng.int(6, 10) * SEC, (t) => pino(t, p, "info", "Server listening at http://0.0.0.0:8080"));
  });

  // --- customers-db background
  const dbRng = rng.fork("db");
  every(dbRng, start + dbRng.int(0, 300) * SEC, end, 5 * MIN, 3000, (t) => {
    tl.add(t, (tt) => pglog(tt, "customers-db-0", 62, "LOG", "checkpoint starting: time", { user: "", dbname: "", backend_type: "checkpointer" }));
    const bufs = dbRng.int(900, 6000);
    tl.add(t + dbRng.int(20_000, 60_000), (tt) =>
      pglog(
        tt,
        "customers-db-0",
        62,
        "LOG",
        `checkpoint complete: wrote ${bufs} buffers (${round(bufs / 1638.4, 1)}%); 0 WAL file(s) added, 0 removed, ${dbRng.int(0, 3)} recycled; write=${round(dbRng.float(20, 55), 3)} s, sync=0.${dbRng.int(10, 99)} s, total=${round(dbRng.float(25, 60), 3)} s`,
        { user: "", dbname: "", backend_type: "checkpointer" },
      ),
    );
  });
  poisson(dbRng, start, end, 7 * MIN, (t) => {
    const d = dbRng.logn(1900, 0.5);
    tl.add(t, (tt) =>
      pglog(
        tt,
        "customers-db-0",
        5000 + dbRng.int(0, 300),
        "LOG",
        `duration: ${round(d, 3)} ms  statement: SELECT region, tier, count(*) FROM customer_tiers GROUP BY region, tier`,
        { user: "metabase", dbname: "customers", application_name: "Metabase v0.49" },
      ),
    );
  });
  poisson(dbRng, start, end, 11 * MIN, (t) => {
    tl.add(t, (tt) =>
      pglog(
        tt,
        "customers-db-0",
        7000 + dbRng.int(0, 300),
        "LOG",
        `automatic vacuum of table "customers.public.customer_addresses": index scans: 1, pages: 0 removed, ${dbRng.int(3000, 9000)} remain, tuples: ${dbRng.int(100, 3000)} removed`,
        { user: "", dbname: "customers", backend_type: "autovacuum worker" },
      ),
    );
  });

  // --- order-api (zap): requests and published events
  const oaRng = rng.fork("order-api");
  const oaPods = [0, 1, 2].map(() => oaRng.pod("order-api"));
  poisson(oaRng, start, end, 3900, (t) => {
    const pod = oaRng.pick(oaPods);
    const kind = oaRng.weighted([
      ["create", 5],
      ["get", 4],
      ["list", 2],
      ["cancel", 0.4],
    ] as const);
    const rid = oaRng.hex(16);
    if (kind === "create") {
      const order = `ord_${oaRng.base62(14)}`;
      const lat = oaRng.logn(0.038, 0.4);
      const status = oaRng.chance(0.02) ? 409 : oaRng.chance(0.02) ? 422 : 201;
      tl.add(t, (tt) =>
        zap(tt, status >= 400 ? "warn" : "info", "http/middleware.go:61", "request", {
          service: "order-api",
          pod,
          method: "POST",
          path: "/v2/orders",
          status,
          latency: round(lat, 6),
          request_id: rid,
        }),
      );
      if (status === 201) {
        const p = oaRng.int(0, PARTS - 1);
        tl.add(t + lat * 900, (tt) =>
          zap(tt, "info", "events/publisher.go:88", "order event published", {
            service: "order-api",
            pod,
            topic: TOPIC,
            partition: p,
            offset: offsetOf(p) + Math.round((tt - start) / 80),
            order_id: order,
            request_id: rid,
          }),
        );
      }
    } else if (kind === "get") {
      tl.add(t, (tt) =>
        zap(tt, "info", "http/middleware.go:61", "request", {
          service: "order-api",
          pod,
          method: "GET",
          path: `/v2/orders/ord_${oaRng.base62(14)}`,
          status: oaRng.chance(0.03) ? 404 : 200,
          latency: round(oaRng.logn(0.009, 0.5), 6),
          request_id: rid,
        }),
      );
    } else if (kind === "list") {
      tl.add(t, (tt) =>
        zap(tt, "info", "http/middleware.go:61", "request", {
          service: "order-api",
          pod,
          method: "GET",
          path: "/v2/orders",
          query: `customer_id=C-${oaRng.int(100000, 999999)}&limit=25`,
          status: 200,
          latency: round(oaRng.logn(0.024, 0.5), 6),
          request_id: rid,
        }),
      );
    } else {
      tl.add(t, (tt) =>
        zap(tt, "info", "orders/cancel.go:142", "order cancelled", {
          service: "order-api",
          pod,
          order_id: `ord_${oaRng.base62(14)}`,
          reason: oaRng.pick(["customer_request", "payment_failed", "out_of_stock"]),
          request_id: rid,
        }),
      );
    }
  });

  // --- search-indexer, another group on the same topic (healthy)
  const siRng = rng.fork("indexer");
  const siPods = [siRng.pod("order-search-indexer"), siRng.pod("order-search-indexer")];
  for (const pod of siPods) {
    every(siRng, start + siRng.int(0, 60_000), end, 60_000, 800, (t) => {
      const n = Math.round(prodRate * 30 * siRng.float(0.85, 1.15));
      tl.add(t, (tt) =>
        logback(
          tt,
          "order-search-indexer",
          "com.acme.search.IndexerStats",
          "indexer-stats",
          "info",
          `Indexed ${fmtInt(n)} documents into orders-v7 in the last 60s (bulk p95 ${siRng.int(40, 140)} ms)`,
          { pod, documents: n },
        ),
      );
      if (siRng.chance(0.04))
        tl.add(t + 2000, (tt) =>
          logback(
            tt,
            "order-search-indexer",
            "com.acme.search.BulkWriter",
            "bulk-1",
            "warn",
            `Bulk request to elasticsearch took ${siRng.int(1100, 2600)} ms (${siRng.int(300, 500)} actions)`,
            { pod },
          ),
        );
    });
  }

  // --- lag monitor (slog)
  const lagRng = rng.fork("lag");
  every(lagRng, start + lagRng.int(0, 60_000), end, 60_000, 500, (t) => {
    const l = Math.round(lagAt(t));
    const maxP = Math.round((l / PARTS) * lagRng.float(1.05, 1.6));
    const label: Label = t > onset && l > 5000 ? "performance" : null;
    tl.add(
      t,
      (tt) =>
        slog(tt, l > 20000 ? "warn" : "info", "consumer group lag", {
          service: "lag-monitor",
          group: GROUP,
          topic: TOPIC,
          total_lag: l,
          max_partition_lag: maxP,
          members: 4,
          state: "Stable",
        }),
      label,
    );
    const li = lagRng.int(0, 400);
    tl.add(t + 30, (tt) =>
      slog(tt, "info", "consumer group lag", {
        service: "lag-monitor",
        group: "order-search-indexer",
        topic: TOPIC,
        total_lag: li,
        max_partition_lag: Math.round(li / 5),
        members: 2,
        state: "Stable",
      }),
    );
    const lb = lagRng.int(0, 90);
    tl.add(t + 55, (tt) =>
      slog(tt, "info", "consumer group lag", {
        service: "lag-monitor",
        group: "billing-projector",
        topic: "payments.v2",
        total_lag: lb,
        max_partition_lag: lb,
        members: 3,
        state: "Stable",
      }),
    );
  });

  return tl.build(
    "consumer-lag-spiral",
    "A migration drops an index, the Kafka enrichment consumer's lookups slow down until lag explodes and members exceed max.poll.interval.ms; a consumer deploy earlier rebalances normally",
    rng,
  );
}
