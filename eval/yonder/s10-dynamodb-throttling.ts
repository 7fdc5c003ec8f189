// Throttling at the end of the window: a marketing push sends traffic through the roof; API
// Gateway starts answering 429, the Kinesis consumer Lambda's BatchWriteItem calls come back with
// UnprocessedItems and ProvisionedThroughputExceededException, batches are retried, durations
// stretch to the timeout and the iterator age climbs.
// Decoys: an earlier small campaign that the system absorbs, frequent cold starts, a steady trickle
// of UnprocessedItems retried once, a profile-sync function that logs ConditionalCheckFailed at
// ERROR all day, DynamoDB auto scaling adjusting capacity.

import type { Scenario } from "../blind/types.js";
import { type FnLine, type Invocation, invoke, type LambdaFn, LambdaPool } from "./lambda.js";
import { canonical, zap } from "./producers.js";
import { Rng } from "./rng.js";
import { every, type Label, MIN, pickStart, poissonVar, SEC, Timeline } from "./timeline.js";

const REGION = "eu-west-1";
const TABLE = "session-aggregates";

export function dynamodbThrottling(seed: number): Scenario {
  const rng = new Rng(seed, "dynamodb-throttling");
  const start = pickStart(rng, [8, 11, 12, 17, 18, 19]);
  const tl = new Timeline(start, start + rng.int(56, 70) * MIN);
  const end = tl.end;
  const surgeAt = tl.at(rng.float(0.88, 0.925));
  const smallAt = tl.at(rng.float(0.25, 0.45));
  const surge = (t: number) => {
    let f = 1;
    if (t > smallAt && t < smallAt + 6 * MIN) f += 0.6 * Math.exp(-(t - smallAt) / (2 * MIN));
    if (t > surgeAt) f += 4.2 * (1 - Math.exp(-(t - surgeAt) / (40 * SEC)));
    return f;
  };

  // --- push campaigns (zap)
  const pRng = rng.fork("push");
  const pushPod = pRng.pod("push-service");
  const campaign = (t: number, audience: number, name: string) => {
    const id = `cmp_${pRng.base62(10)}`;
    tl.add(t - 60 * SEC, (tt) =>
      zap(tt, "info", "campaign/dispatch.go:77", "campaign dispatch started", {
        service: "push-service",
        pod: pushPod,
        campaign_id: id,
        name,
        audience,
        rate_limit_per_s: 20000,
      }),
    );
    const steps = Math.max(2, Math.round(audience / 20000 / 30));
    for (let k = 1; k <= steps; k++) {
      const sent = Math.min(audience, Math.round((audience * k) / steps));
      tl.add(t - 60 * SEC + k * 30 * SEC, (tt) =>
        zap(tt, "info", "campaign/dispatch.go:121", "campaign dispatch progress", { service: "push-service", pod: pushPod, campaign_id: id, sent, audience }),
      );
    }
  };
  campaign(smallAt, pRng.int(40_000, 90_000), "winback-reminder-de");
  campaign(surgeAt, pRng.int(2_000_000, 3_200_000), pRng.pick(["flash-sale-eu", "black-friday-early-access", "summer-drop-all"]));

  // --- API Gateway access logs (REST API → Kinesis service integration)
  const gRng = rng.fork("apigw");
  const throttleFrom = surgeAt + gRng.int(40, 90) * SEC;
  poissonVar(
    gRng,
    start,
    end,
    (t) => 4300 / surge(t),
    (t) => {
      const throttled = t > throttleFrom && gRng.chance(0.35);
      const route = gRng.weighted([
        ["/v1/events", 8],
        ["/v1/sessions/heartbeat", 2],
      ] as const);
      const lat = throttled ? gRng.int(2, 6) : Math.round(gRng.logn(38, 0.35));
      const status = throttled ? 429 : gRng.chance(0.004) ? 400 : 200;
      const label: Label = throttled ? "error" : null;
      tl.add(
        t,
        (tt) =>
          canonical(tt, "events-api-gateway", "info", `POST ${route} ${status}`, {
            requestId: gRng.uuid(),
            ip: `${gRng.int(2, 223)}.${gRng.int(0, 255)}.${gRng.int(0, 255)}.${gRng.int(1, 254)}`,
            httpMethod: "POST",
            resourcePath: route,
            status: String(status),
            protocol: "HTTP/1.1",
            responseLength: throttled ? "41" : "96",
            responseLatency: lat,
            integrationLatency: throttled ? "-" : String(Math.max(1, lat - gRng.int(2, 8))),
            errorMessage: throttled ? "Too Many Requests" : "-",
            stage: "prod",
          }),
        label,
      );
    },
  );

  // --- session-aggregator: Kinesis → Lambda → DynamoDB, three shards, 30 s batching window
  const fn: LambdaFn = { name: "session-aggregator", runtime: "python3.12", memoryMb: 512, timeoutS: 60, region: REGION, xray: false };
  const pool = new LambdaPool(fn, rng.fork("agg-envs"));
  const invs: Invocation[] = [];
  const aRng = rng.fork("aggregator");
  const throttled = (t: number) => t > surgeAt + 70 * SEC;
  for (let shard = 0; shard < 3; shard++) {
    const sid = `shardId-00000000000${shard}`;
    let t = start - aRng.int(0, 20) * SEC;
    let age = aRng.int(2_000, 30_000);
    let seq = BigInt(`4964${aRng.int(1000000, 9999999)}${aRng.int(10000000, 99999999)}${aRng.int(100000000, 999999999)}`);
    while (t < end) {
      const load = surge(t);
      const records = Math.min(500, Math.round(aRng.float(90, 170) * load * (age > 60_000 ? 3 : 1)));
      const lines: FnLine[] = [];
      const ageLabel: Label = throttled(t) && age > 60_000 ? "performance" : null;
      lines.push({
        at: aRng.int(2, 8),
        level: "INFO",
        text: `Processing ${records} records from ${sid} (iterator age ${Math.round(age)} ms, first sequence ${seq})`,
        label: ageLabel,
      });
      let dur = aRng.logn(650, 0.3) + records * 1.6;
      let outcome: Invocation["outcome"] = "ok";
      let reportLabel: Label = null;
      let failed = false;
      if (throttled(t)) {
        const p = Math.min(0.95, 0.55 + (t - surgeAt) / (8 * MIN));
        let at = 300;
        let attempt = 1;
        let unprocessed = Math.round(records * aRng.float(0.3, 0.6));
        while (attempt < 10 && unprocessed > 0) {
          const delay = Math.min(20_000, 50 * 2 ** attempt) * aRng.float(0.6, 1.2);
          const un = unprocessed;
          const att = attempt + 1;
          lines.push({
            at,
            level: "WARN",
            text: `BatchWriteItem to ${TABLE} returned ${un} UnprocessedItems (ProvisionedThroughputExceededException); retrying in ${Math.round(delay)} ms (attempt ${att})`,
            label: "error",
          });
          at += delay + aRng.int(80, 300);
          unprocessed = aRng.chance(p) ? Math.round(unprocessed * aRng.float(0.5, 0.95)) : 0;
          attempt++;
        }
        if (unprocessed > 0) {
          failed = true;
          lines.push({
            at,
            level: "ERROR",
            text: `ProvisionedThroughputExceededException: An error occurred (ProvisionedThroughputExceededException) when calling the BatchWriteItem operation (reached max retries: 9): The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.\nTraceback (most recent call last):\n  File "/var/task/handler.py", line 64, in lambda_handler\n    write_aggregates(aggs)\n  File "/var/task/store.py", line 41, in write_aggregates\n    resp = client.batch_write_item(RequestItems=chunk)`,
            label: "error",
          });
          at += 20;
        }
        dur = Math.max(dur, at + aRng.int(30, 200));
        if (!failed && dur < fn.timeoutS * 1000)
          lines.push({
            at: dur - 20,
            level: "INFO",
            text: `Wrote ${Math.round(records * aRng.float(0.6, 0.85))} aggregates to ${TABLE} in ${Math.round(dur - 200)} ms`,
            label: dur > 4000 ? "performance" : null,
          });
        if (dur > fn.timeoutS * 1000) outcome = "timeout";
        else if (failed) outcome = "error";
        reportLabel = dur > 4000 ? "performance" : null;
      } else {
        if (aRng.chance(0.03)) {
          const un = aRng.int(1, 6);
          lines.push({
            at: 400,
            level: "WARN",
            text: `BatchWriteItem to ${TABLE} returned ${un} UnprocessedItems (ProvisionedThroughputExceededException); retrying in ${aRng.int(40, 110)} ms (attempt 2)`,
          });
        }
        if (aRng.chance(0.05)) lines.push({ at: 120, level: "WARN", text: `Skipping ${aRng.int(1, 4)} records with unknown schema_version 0 from legacy SDK` });
        lines.push({
          at: dur - 30,
          level: "INFO",
          text: `Wrote ${Math.round(records * aRng.float(0.6, 0.85))} aggregates to ${TABLE} in ${Math.round(dur - 200)} ms`,
        });
      }
      if (outcome === "error")
        lines.push({ at: dur - 2, level: "ERROR", text: "Batch failed; Lambda will retry it from the same position (bisect on error: false)", label: "error" });
      invs.push({ t, durationMs: dur, maxMemMb: aRng.int(118, 160), lines, outcome, reportLabel, faultLabel: "performance" });
      const took = outcome === "timeout" ? fn.timeoutS * 1000 : dur;
      if (outcome === "ok") {
        seq += BigInt(records * 1000 + aRng.int(1, 999));
        age = aRng.int(900, 29_000) + (age > 60_000 ? age * 0.4 : 0);
        t += 30 * SEC + aRng.int(50, 900);
      } else {
        age += took + aRng.int(500, 1500);
        t += took + aRng.int(800, 1500);
      }
    }
  }
  invs.sort((a, b) => a.t - b.t);
  const iRng = rng.fork("invoke");
  for (const inv of invs) invoke(tl, iRng, pool, inv);

  // --- profile-sync (Node Lambda): ConditionalCheckFailed logged at ERROR, routinely
  const psFn: LambdaFn = { name: "user-profile-sync", runtime: "nodejs20.x", memoryMb: 256, timeoutS: 15, region: REGION, xray: false };
  const psPool = new LambdaPool(psFn, rng.fork("ps-envs"));
  const psRng = rng.fork("profile-sync");
  const psInvs: Invocation[] = [];
  poissonVar(
    psRng,
    start,
    end,
    () => 30_000,
    (t) => {
      const conflict = psRng.chance(0.18);
      const user = `usr_${psRng.base62(12)}`;
      const lines: FnLine[] = [{ at: 3, level: "INFO", text: `Syncing profile ${user} (source=crm, version ${psRng.int(2, 40)})` }];
      if (conflict)
        lines.push({
          at: psRng.int(30, 80),
          level: "ERROR",
          text: `ConditionalCheckFailedException: The conditional request failed (profile ${user} has a newer version; skipping)`,
        });
      else lines.push({ at: psRng.int(30, 80), level: "INFO", text: `Profile ${user} updated` });
      psInvs.push({ t, durationMs: psRng.logn(95, 0.4), maxMemMb: psRng.int(78, 92), lines, outcome: "ok" });
    },
  );
  for (const inv of psInvs) invoke(tl, psRng, psPool, inv);

  // --- DynamoDB auto scaling activity (Application Auto Scaling events via EventBridge)
  const asRng = rng.fork("autoscaling");
  let wcu = asRng.pick([800, 1000, 1200]);
  const scale = (t: number, to: number) => {
    const from = wcu;
    wcu = to;
    tl.add(t, (tt) =>
      canonical(tt, "application-autoscaling", "info", `Successfully set write capacity units to ${to}. Change successfully fulfilled by dynamodb.`, {
        resource: `table/${TABLE}`,
        dimension: "dynamodb:table:WriteCapacityUnits",
        from,
        to,
        cause: `monitor alarm TargetTracking-table/${TABLE}-AlarmHigh in state ALARM triggered policy ${TABLE}-wcu-tracking`,
      }),
    );
  };
  scale(smallAt + asRng.int(3, 5) * MIN, Math.round(wcu * 1.3));
  scale(smallAt + asRng.int(20, 30) * MIN, Math.round(wcu / 1.3));
  scale(surgeAt + asRng.int(150, 240) * SEC, Math.round(wcu * 1.8));
  every(asRng, start + asRng.int(0, 600) * SEC, end, 15 * MIN, 30_000, (t) => {
    tl.add(t, (tt) =>
      canonical(tt, "cloudwatch-metrics", "info", `GetRecords.IteratorAgeMilliseconds clickstream-prod p99 ${asRng.int(8_000, 24_000)} ms`, {
        stream: "clickstream-prod",
        period_s: 900,
      }),
    );
  });

  return tl.build(
    "dynamodb-throttling",
    "In the last minutes a marketing push floods the pipeline: API Gateway returns 429s and the Kinesis consumer Lambda's DynamoDB writes are throttled (ProvisionedThroughputExceeded), retried and timed out while the iterator age climbs",
    rng,
  );
}
