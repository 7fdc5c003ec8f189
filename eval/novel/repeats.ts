// Lines that repeat: one error message dozens of times in a service that otherwise never logs
// ERROR, and long or oddly shaped INFO lines that come back about a dozen times each.

import type { Scenario } from "../blind/types.js";
import { arrivals, ecsLog4j, every, HOUR, type Label, Lines, MIN, podName, pyjson, Rng, round, SEC, startTime, traceId } from "./kit.js";

/**
 * A Python search indexer (python-json-logger) consuming product changes and bulk-writing them
 * to OpenSearch (ECS JSON). A data node passes the flood-stage disk watermark, the index gets a
 * read-only-allow-delete block, and every bulk request fails with the same message, dozens of
 * times, in a service whose log has no ERROR otherwise; the consumer lag grows until the block
 * is lifted.
 */
export function indexerRepeatedBulkError(seed: number): Scenario {
  const r = new Rng(seed, "indexer-repeated-bulk-error");
  const L = new Lines();
  const start = startTime(r, 0, 20);
  const end = start + r.float(3, 5) * HOUR;
  const index = `products-v${r.int(5, 12)}`;
  const node = `os-data-${r.int(0, 5)}`;
  const indexer = "search-indexer";
  const pod = podName(r, indexer);
  const watermarkAt = start + r.float(0.35, 0.55) * (end - start);
  const failFrom = watermarkAt + r.int(60, 240) * SEC;
  const failTo = failFrom + r.float(25, 50) * MIN;
  const failing = (t: number) => t >= failFrom && t < failTo;
  let offset = r.int(1_000_000, 9_000_000);

  const ix = (
    t: number,
    level: "INFO" | "WARNING" | "ERROR",
    name: string,
    message: string,
    extra: Record<string, unknown> = {},
    label: Label = null,
    exc?: string,
  ) => L.add(t, pyjson(t, level, indexer, name, message, { process: 1, hostname: pod, ...extra }, exc), label);
  const os = (t: number, level: "INFO" | "WARN" | "ERROR", logger: string, message: string, label: Label = null, n = node) =>
    L.add(
      t,
      ecsLog4j(t, level, "opensearch", logger, `opensearch[${n}][generic][T#${r.int(1, 8)}]`, message, {
        "opensearch.cluster.name": "search-prod",
        "opensearch.node.name": n,
      }),
      label,
    );

  // bulk batches every few seconds, more in the day; while the index is blocked the consumer
  // is paused and retries one batch with a back-off, so the same error comes back dozens of times
  const batches = arrivals(r, start, end, r.int(1900, 2600));
  for (const t of batches) {
    if (failing(t)) continue;
    const docs = r.int(20, 500);
    const partition = r.int(0, 11);
    offset += docs;
    const ms = r.logn(120 + docs * 0.6, 0.35);
    if (r.chance(0.015)) {
      // routine back-pressure: one 429 from a busy node, retried and fine
      ix(t, "WARNING", "indexer.bulk", "bulk request rejected with 429, retrying in 500ms", { partition, docs, attempt: 1 });
      ix(t + 600 + Math.round(ms), "INFO", "indexer.bulk", "bulk request indexed", { partition, docs, took_ms: Math.round(ms), attempt: 2 });
    } else {
      ix(t + Math.round(ms), "INFO", "indexer.bulk", "bulk request indexed", { partition, docs, took_ms: Math.round(ms), attempt: 1 });
    }
    if (r.chance(0.25)) ix(t + Math.round(ms) + 5, "INFO", "indexer.consumer", "committed offsets", { partition, offset });
  }
  let failures = 0;
  for (const t of every(r, failFrom, failTo, 40 * SEC, 0.3)) {
    failures++;
    const partition = r.int(0, 11);
    ix(
      t,
      "ERROR",
      "indexer.bulk",
      `Bulk indexing failed: index [${index}] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block]`,
      { partition, docs: r.int(300, 500), attempt: failures },
      "error",
    );
    if (failures % 10 === 0)
      ix(
        t + 40,
        "WARNING",
        "indexer.consumer",
        `pausing partitions after ${failures} consecutive bulk failures, backing off 30s`,
        { paused: [partition] },
        "error",
      );
  }
  // lag reports every minute
  let lag = 0;
  for (const t of every(r, start, end, MIN)) {
    lag = failing(t) ? lag + r.int(1500, 5000) : Math.max(r.int(40, 400), Math.round(lag * 0.35));
    ix(t, "INFO", "indexer.metrics", "consumer lag", { group: "search-indexer", lag, lag_seconds: round(lag / 80, 1) }, lag > 5000 ? "performance" : null);
  }
  // OpenSearch's own log: routine GC summaries and merges, then the watermarks
  for (const t of every(r, start, end, 3 * MIN, 0.3)) {
    const n = `os-data-${r.int(0, 5)}`;
    os(t, "INFO", "o.o.m.j.JvmGcMonitorService", `[gc][${r.int(100000, 999999)}] overhead, spent [${r.int(250, 600)}ms] collecting in the last [1s]`, null, n);
  }
  for (const t of every(r, start, end, 20 * MIN, 0.2))
    os(t, "INFO", "o.o.s.SnapshotsService", `snapshot [nightly-repo:hourly-${r.alnum(8)}] completed with state [SUCCESS]`, null, "os-master-0");
  for (const t of every(r, watermarkAt - 25 * MIN, watermarkAt, 5 * MIN, 0.1)) {
    os(
      t,
      "WARN",
      "o.o.c.r.a.DiskThresholdMonitor",
      `high disk watermark [90%] exceeded on [${node}][/usr/share/opensearch/data/nodes/0] free: ${round(r.float(18, 28))}gb[${round(r.float(8, 9.8))}%], shards will be relocated away from this node`,
      "pattern",
    );
  }
  os(
    watermarkAt,
    "WARN",
    "o.o.c.r.a.DiskThresholdMonitor",
    `flood stage disk watermark [95%] exceeded on [${node}][/usr/share/opensearch/data/nodes/0] free: ${round(r.float(5, 9))}gb[${round(r.float(2.5, 4.9))}%], all indices on this node will be marked read-only`,
    "pattern",
  );
  for (const t of every(r, watermarkAt + 60 * SEC, failTo, 60 * SEC, 0.1)) {
    os(
      t,
      "WARN",
      "o.o.c.r.a.DiskThresholdMonitor",
      `flood stage disk watermark [95%] exceeded on [${node}][/usr/share/opensearch/data/nodes/0] free: ${round(r.float(4, 8))}gb[${round(r.float(2, 4.5))}%], all indices on this node will be marked read-only`,
      "pattern",
    );
  }
  os(
    failTo - 30 * SEC,
    "INFO",
    "o.o.c.m.MetadataUpdateSettingsService",
    `updating number_of_replicas to [1] for indices [${index}]; [${index}/${r.alnum(22)}] removing index.blocks.read_only_allow_delete`,
    "pattern",
    "os-master-0",
  );
  os(failTo - 10 * SEC, "INFO", "o.o.c.r.a.DiskThresholdMonitor", `low disk watermark [85%] no longer exceeded on [${node}]`, null);
  ix(failTo + 5 * SEC, "INFO", "indexer.consumer", "resuming partitions", { paused: [] });
  return L.scenario(
    "indexer-repeated-bulk-error",
    "one bulk-indexing error repeated dozens of times by an indexer that never logs ERROR otherwise, after an OpenSearch node passes its flood-stage watermark",
  );
}

const THREAD_DUMP = (r: Rng) =>
  [
    `Full thread dump OpenJDK 64-Bit Server VM (21.0.4+7-LTS mixed mode, sharing):`,
    ...Array.from({ length: r.int(14, 26) }, (_, i) => {
      const state = r.pick(["RUNNABLE", "WAITING (parking)", "TIMED_WAITING (sleeping)", "BLOCKED (on object monitor)"]);
      return `"http-nio-8080-exec-${i + 1}" #${40 + i} daemon prio=5 os_prio=0 cpu=${round(r.float(10, 9000), 2)}ms elapsed=${round(r.float(100, 90000), 2)}s tid=0x00007f${r.hex(10)} nid=${r.int(100, 999)} ${state.split(" ")[0]!.toLowerCase()}\n   java.lang.Thread.State: ${state}\n\tat java.base/jdk.internal.misc.Unsafe.park(Native Method)\n\tat java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:371)\n\tat org.apache.tomcat.util.threads.TaskQueue.take(TaskQueue.java:141)`;
    }),
  ].join("\n\n");

/**
 * A Spring loyalty service (log4j2 EcsLayout) with ordinary short INFO lines; four kinds of odd
 * INFO lines recur about a dozen times each: an ORM query with a two-thousand-id IN list, a thread
 * dump someone triggers from a monitoring agent, a webhook's base64 payload logged whole, and the
 * effective configuration dumped by a watcher that reloads when nothing changed.
 */
export function loyaltyOddInfoLines(seed: number): Scenario {
  const r = new Rng(seed, "loyalty-odd-info-lines");
  const L = new Lines();
  const start = startTime(r, 6, 16);
  const end = start + r.float(3, 6) * HOUR;
  const svc = "loyalty";
  const threads = Array.from({ length: 30 }, (_, i) => `http-nio-8080-exec-${i + 1}`);
  const members = Array.from({ length: 1500 }, () => `M${r.int(10000000, 99999999)}`);
  const log = (
    t: number,
    level: "INFO" | "WARN" | "DEBUG",
    logger: string,
    message: string,
    extra: Record<string, unknown> = {},
    label: Label = null,
    thread = r.pick(threads),
  ) => L.add(t, ecsLog4j(t, level, svc, logger, thread, message, { "trace.id": traceId(r), ...extra }), label);

  for (const t of arrivals(r, start, end, r.int(2600, 4200))) {
    const kind = r.weighted([
      ["earn", 40],
      ["balance", 35],
      ["redeem", 10],
      ["tier", 5],
      ["partner", 10],
    ] as const);
    const m = r.pick(members);
    switch (kind) {
      case "earn":
        log(t, "INFO", "c.a.loyalty.points.EarnService", `Credited ${r.int(1, 400)} points to ${m} for order ord_${r.alnum(10)}`, {
          "event.duration": Math.round(r.logn(14, 0.4) * 1e6),
        });
        break;
      case "balance":
        log(t, "INFO", "c.a.loyalty.web.BalanceController", `GET /members/${m}/balance 200`, { duration_ms: Math.round(r.logn(9, 0.4)) });
        break;
      case "redeem":
        if (r.chance(0.08))
          log(
            t,
            "WARN",
            "c.a.loyalty.points.RedeemService",
            `Redemption refused for ${m}: insufficient points (have ${r.int(0, 900)}, need ${r.int(1000, 5000)})`,
          );
        else
          log(t, "INFO", "c.a.loyalty.points.RedeemService", `Redeemed ${r.int(500, 5000)} points for ${m}, voucher V-${r.alnum(8).toUpperCase()}`, {
            duration_ms: Math.round(r.logn(40, 0.4)),
          });
        break;
      case "tier":
        log(
          t,
          "INFO",
          "c.a.loyalty.tiers.TierEvaluator",
          `Member ${m} tier ${r.pick(["SILVER->GOLD", "GOLD->PLATINUM", "BRONZE->SILVER"])} (12-month spend ${r.int(500, 9000)}.00 EUR)`,
        );
        break;
      case "partner":
        log(
          t,
          "INFO",
          "c.a.loyalty.partner.WebhookController",
          `Partner webhook accepted: partner=${r.pick(["airline-x", "hotel-group-y", "fuel-z"])} event=${r.pick(["accrual", "reversal", "profile_update"])} bytes=${r.int(300, 2400)}`,
        );
        break;
    }
  }
  for (const t of every(r, start, end, 10 * MIN))
    log(t, "INFO", "c.a.loyalty.tiers.ExpiryJob", `Points expiry run: ${r.int(0, 60)} members, ${r.int(0, 20000)} points expired`, {}, null, "scheduling-1");
  for (const t of every(r, start, end, MIN))
    log(t, "DEBUG", "o.s.b.a.health.HealthEndpointWebExtension", "Health UP: db, redis, diskSpace", {}, null, "http-nio-8081-exec-1");

  // the odd lines, about a dozen of each, scattered
  const odd = (k: number, write: (t: number) => void) => {
    for (let i = 0; i < k; i++) write(Math.floor(r.float(start + 2 * MIN, end - MIN)));
  };
  odd(r.int(10, 14), (t) => {
    const ids = r.sample(members, r.int(1800, 2400)).map((m) => `'${m}'`);
    log(
      t,
      "INFO",
      "org.hibernate.SQL",
      `select m1_0.member_id,m1_0.tier,m1_0.points_balance,m1_0.updated_at from member m1_0 where m1_0.member_id in (${ids.join(",")})`,
      {},
      "pattern",
    );
  });
  odd(r.int(10, 14), (t) =>
    log(t, "INFO", "c.a.loyalty.ops.DiagnosticsEndpoint", THREAD_DUMP(r), { "event.reason": "jmx:threadDump" }, "pattern", "RMI TCP Connection(7)-10.0.4.12"),
  );
  odd(r.int(10, 14), (t) => {
    let blob = "";
    const len = r.int(2400, 6000);
    const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    blob = "eyJwYXJ0bmVyIjoiYWlybGluZS14IiwiZXZlbnRzIjpb";
    while (blob.length < len) blob += b64[r.int(0, 63)];
    log(t, "INFO", "c.a.loyalty.partner.WebhookController", `Partner webhook raw body (base64): ${blob}==`, {}, "pattern");
  });
  odd(r.int(10, 14), (t) => {
    const cfg = {
      spring: {
        datasource: { url: "jdbc:postgresql://loyalty-db:5432/loyalty", hikari: { maximumPoolSize: 30, connectionTimeout: 30000 } },
        redis: { host: "loyalty-cache", port: 6379 },
      },
      loyalty: {
        earnRate: 1.0,
        tiers: { SILVER: 500, GOLD: 2000, PLATINUM: 8000 },
        expiry: { months: 24, batchSize: 5000 },
        partners: ["airline-x", "hotel-group-y", "fuel-z"],
      },
      management: { endpoints: { web: { exposure: { include: "health,info,prometheus,threaddump" } } } },
    };
    log(
      t,
      "INFO",
      "c.a.loyalty.config.ConfigWatcher",
      `Configuration reloaded (no keys changed), effective configuration: ${JSON.stringify(cfg)}`,
      {},
      "pattern",
      "config-watcher",
    );
  });
  return L.scenario(
    "loyalty-odd-info-lines",
    "a loyalty service whose only oddities are INFO lines that recur about a dozen times: a 2,000-id SQL IN list, thread dumps, base64 webhook bodies, config dumps",
  );
}
