// An online feature store on the JVM, logging through logstash-logback-encoder (@timestamp with
// the servers' local offset, @version, logger_name, thread_name, level_value, an `app` custom
// field, structured arguments such as latency_us and an ISO 8601 `duration`). During a rolling
// deploy the old materializer misses its lease renewal but keeps writing as if it led, fenced
// off by the store, while the new one fails on a schema change: nothing is materialized, the
// features served grow stale and the model gateway scores with defaults.
import type { Scenario } from "../blind/types.js";
import { Incident, isoDuration, isoOffset, type Label, MIN, rngFor, SEC, startTime, times } from "./kit.js";

export function featureStoreSplitBrain(seed: number): Scenario {
  const name = "feature-store-materializer-split-brain";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "Two feature-store materializers both act as leader during a deploy: the old one's writes are fenced, the new one fails on a schema change, served features go stale and scoring falls back to defaults; logstash-logback-encoder JSON",
  );
  const t0 = startTime(rng, 6, 18);
  const span = rng.int(75, 95) * MIN;
  const end = t0 + span;
  const deploy = t0 + Math.floor(span * rng.float(0.28, 0.38));
  const rollback = deploy + Math.floor(span * rng.float(0.38, 0.45));
  const offset = rng.pick([60, 120]);
  const views = ["user_txn_30d", "merchant_risk_7d", "device_fingerprint_1d", "user_session_1h"];
  const old = `materializer-${rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789")}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
  const fresh = `materializer-${rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789")}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
  const servingPods = [0, 1, 2].map(() => `feature-serving-${rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789")}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`);
  const gatewayPods = [0, 1].map(() => `model-gateway-${rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789")}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`);
  let epoch = rng.int(30, 60);

  const LV: Record<string, number> = { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 };
  const log = (
    t: number,
    app: string,
    pod: string,
    level: string,
    logger: string,
    thread: string,
    message: string,
    label: Label,
    args: Record<string, unknown> = {},
  ): void => {
    inc.add(
      t,
      {
        "@timestamp": isoOffset(t, offset, 3),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: thread,
        level,
        level_value: LV[level],
        app,
        pod,
        ...args,
      },
      label,
    );
  };

  // When each view was last materialized, so the serving side can say how stale it is.
  const lastWritten: Record<string, number> = Object.fromEntries(views.map((v) => [v, t0 - rng.int(0, 4) * MIN]));
  const stalled = (t: number): boolean => t >= deploy + 40 * SEC && t < rollback + 2 * MIN;

  // Materialization every five minutes per view.
  const leaderOld = epoch;
  for (let w = Math.ceil(t0 / (5 * MIN)) * 5 * MIN; w < end; w += 5 * MIN) {
    for (const v of views) {
      const t = w + rng.int(5, 40) * SEC;
      const from = isoOffset(w - 5 * MIN, offset, 0).slice(11, 19);
      const to = isoOffset(w, offset, 0).slice(11, 19);
      const rows = rng.int(8000, 90000);
      if (t < deploy) {
        const ms = rng.float(1500, 9000);
        log(
          t,
          "materializer",
          old,
          "INFO",
          "ai.acme.features.materialize.WindowJob",
          `materialize-${v}`,
          `materialization window [${from}, ${to}) for ${v}: ${rows} rows written to online store`,
          null,
          { feature_view: v, rows, epoch: leaderOld, duration: isoDuration(ms) },
        );
        lastWritten[v] = t;
      } else if (stalled(t)) {
        // The old pod still believes it leads: its writes carry the old epoch and are refused.
        log(
          t,
          "materializer",
          old,
          "INFO",
          "ai.acme.features.materialize.WindowJob",
          `materialize-${v}`,
          `materialization window [${from}, ${to}) for ${v} started`,
          "pattern",
          { feature_view: v, epoch: leaderOld },
        );
        log(
          t + rng.int(800, 4000),
          "materializer",
          old,
          "ERROR",
          "ai.acme.features.store.OnlineStoreWriter",
          `materialize-${v}`,
          `write batch rejected for ${v}: ConditionalCheckFailedException: stale lease epoch ${leaderOld} < ${leaderOld + 1} (Service: DynamoDb, Status Code: 400, Request ID: ${rng.alnum(52, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")})`,
          "error",
          { feature_view: v, epoch: leaderOld },
        );
        // The new pod leads but its job fails on the renamed column.
        log(
          t + rng.int(1, 9) * SEC,
          "materializer",
          fresh,
          "ERROR",
          "ai.acme.features.materialize.WindowJob",
          `materialize-${v}`,
          `materialization failed for ${v}: org.apache.parquet.io.InvalidRecordException: txn_count_30d_v2 not found in message schema spark_schema`,
          "error",
          {
            feature_view: v,
            epoch: leaderOld + 1,
            stack_trace: `org.apache.parquet.io.InvalidRecordException: txn_count_30d_v2 not found in message schema spark_schema\n\tat org.apache.parquet.schema.GroupType.getFieldIndex(GroupType.java:175)\n\tat ai.acme.features.materialize.SourceReader.project(SourceReader.kt:88)\n\tat ai.acme.features.materialize.WindowJob.run(WindowJob.kt:61)`,
          },
        );
      } else {
        const backlog = Math.max(1, Math.round((t - lastWritten[v]!) / (5 * MIN)));
        const ms = rng.float(1500, 9000) * (backlog > 1 ? backlog * 0.8 : 1);
        log(
          t,
          "materializer",
          fresh,
          "INFO",
          "ai.acme.features.materialize.WindowJob",
          `materialize-${v}`,
          backlog > 1
            ? `backfilled ${backlog} windows up to ${to} for ${v}: ${rows * backlog} rows written to online store`
            : `materialization window [${from}, ${to}) for ${v}: ${rows} rows written to online store`,
          null,
          { feature_view: v, rows: rows * backlog, epoch, duration: isoDuration(ms) },
        );
        lastWritten[v] = t;
      }
    }
  }
  // The deploy and the lease.
  log(
    deploy,
    "materializer",
    fresh,
    "INFO",
    "ai.acme.features.MaterializerApp",
    "main",
    "Started MaterializerApp in 14.212 seconds (process running for 15.9)",
    null,
    { version: "3.5.0" },
  );
  log(
    deploy + 20 * SEC,
    "materializer",
    old,
    "WARN",
    "ai.acme.features.lease.LeaseKeeper",
    "lease-renewer",
    "lease renewal failed: software.amazon.awssdk.core.exception.ApiCallTimeoutException: Client execution did not complete before the specified timeout configuration: 2000 millis",
    "pattern",
    { lease: "materializer-leader", epoch: leaderOld },
  );
  epoch = leaderOld + 1;
  log(
    deploy + 32 * SEC,
    "materializer",
    fresh,
    "INFO",
    "ai.acme.features.lease.LeaseKeeper",
    "lease-renewer",
    `acquired lease materializer-leader (epoch ${epoch})`,
    "pattern",
    { lease: "materializer-leader", epoch },
  );
  for (let t = deploy + 50 * SEC; t < rollback; t += 30 * SEC) {
    log(t, "materializer", old, "INFO", "ai.acme.features.lease.LeaseKeeper", "lease-renewer", `lease renewed (epoch ${leaderOld}), leading`, "pattern", {
      lease: "materializer-leader",
      epoch: leaderOld,
    });
  }
  log(
    rollback - 10 * SEC,
    "materializer",
    old,
    "INFO",
    "ai.acme.features.MaterializerApp",
    "SpringApplicationShutdownHook",
    "Commencing graceful shutdown. Waiting for active requests to complete",
    null,
  );
  log(
    rollback,
    "materializer",
    fresh,
    "INFO",
    "ai.acme.features.MaterializerApp",
    "main",
    "Started MaterializerApp in 13.877 seconds (process running for 15.2)",
    null,
    { version: "3.4.0" },
  );
  epoch++;
  log(
    rollback + 20 * SEC,
    "materializer",
    fresh,
    "INFO",
    "ai.acme.features.lease.LeaseKeeper",
    "lease-renewer",
    `acquired lease materializer-leader (epoch ${epoch})`,
    null,
    { lease: "materializer-leader", epoch },
  );

  // Online lookups.
  for (const t of times(rng, t0, end, rng.int(2300, 2800))) {
    const pod = rng.pick(servingPods);
    const vs = rng.shuffle([...views]).slice(0, rng.int(1, 3));
    const us = Math.round(Math.min(rng.logn(1400, 0.45), 6000));
    log(
      t,
      "feature-serving",
      pod,
      "INFO",
      "ai.acme.features.serving.OnlineFeatureService",
      `grpc-default-executor-${rng.int(1, 60)}`,
      "served online features",
      null,
      { feature_views: vs, entities: rng.pick([1, 1, 1, 16, 64]), latency_us: us, trace_id: rng.hex(32) },
    );
  }
  // Freshness, checked every two minutes per view on every serving pod.
  for (const pod of servingPods) {
    for (let t = t0 + rng.int(0, 119) * SEC; t < end; t += 2 * MIN) {
      for (const v of views) {
        const age = t - lastWrittenAt(t);
        if (age > 15 * MIN)
          log(
            t,
            "feature-serving",
            pod,
            "WARN",
            "ai.acme.features.serving.FreshnessMonitor",
            "freshness-monitor",
            `feature view ${v} is stale: age ${isoDuration(Math.round(age / SEC) * SEC)} exceeds SLO PT15M`,
            "performance",
            { feature_view: v, age: isoDuration(Math.round(age / SEC) * SEC), slo: "PT15M" },
          );
      }
    }
  }
  // Scoring.
  for (const t of times(rng, t0, end, rng.int(500, 650))) {
    const pod = rng.pick(gatewayPods);
    const stale = t - lastWrittenAt(t) > 15 * MIN ? views : [];
    const ms = Math.round(Math.min(rng.logn(9, 0.4), 30));
    if (stale.length && rng.chance(0.8)) {
      log(
        t,
        "model-gateway",
        pod,
        "WARN",
        "ai.acme.scoring.FeatureAssembler",
        `http-nio-8080-exec-${rng.int(1, 40)}`,
        `scored with defaults for ${stale.length * rng.int(3, 6)} features from stale views ${stale.join(",")}`,
        "pattern",
        { model: "fraud-gbm-v17", latency_ms: ms, decision: rng.pick(["approve", "approve", "review"]) },
      );
    } else {
      log(t, "model-gateway", pod, "INFO", "ai.acme.scoring.ScoringController", `http-nio-8080-exec-${rng.int(1, 40)}`, "scored", null, {
        model: "fraud-gbm-v17",
        latency_ms: ms,
        decision: rng.pick(["approve", "approve", "approve", "approve", "review", "decline"]),
      });
    }
  }
  return inc.finish();

  // When the last successful window finished before t: the same for every view, as they run together.
  function lastWrittenAt(t: number): number {
    let last = t0 - 5 * MIN;
    for (let w = Math.ceil(t0 / (5 * MIN)) * 5 * MIN; w <= t; w += 5 * MIN) {
      const done = w + 40 * SEC;
      if (done > t) break;
      if (!stalled(done)) last = done;
    }
    return last;
  }
}
