// The yonder family: asynchronous and scheduled work (queues, serverless functions, batch and
// cron jobs, webhooks, workflow engines), twelve labelled scenarios built from a seed.

import type { Scenario } from "../blind/types.js";
import { consumerLagSpiral } from "./s01-consumer-lag.js";
import { sqsPoisonMessages } from "./s02-sqs-poison.js";
import { lambdaOutOfMemory } from "./s03-lambda-oom.js";
import { nightlyEtlSlowRun } from "./s04-nightly-etl.js";
import { webhookBackoff } from "./s05-webhook-backoff.js";
import { rebalanceStorm } from "./s06-rebalance-storm.js";
import { etlSchemaDrift } from "./s07-schema-drift.js";
import { rabbitDuplicateDeliveries } from "./s08-rabbit-duplicates.js";
import { stuckCronjob } from "./s09-stuck-cronjob.js";
import { dynamodbThrottling } from "./s10-dynamodb-throttling.js";
import { temporalActivityTimeouts } from "./s11-temporal-timeouts.js";
import { celeryMemoryLeak } from "./s12-celery-leak.js";

export function yonderScenarios(seed: number): Scenario[] {
  return [
    consumerLagSpiral(seed),
    sqsPoisonMessages(seed),
    lambdaOutOfMemory(seed),
    nightlyEtlSlowRun(seed),
    webhookBackoff(seed),
    rebalanceStorm(seed),
    etlSchemaDrift(seed),
    rabbitDuplicateDeliveries(seed),
    stuckCronjob(seed),
    dynamodbThrottling(seed),
    temporalActivityTimeouts(seed),
    celeryMemoryLeak(seed),
  ];
}
