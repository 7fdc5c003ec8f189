// The distant family: incidents written blind from the log format and the type definitions,
// with an emphasis on memory problems as real producers report them. Deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { postgresWorkMemSharedMemory, redisMaxmemoryNoeviction } from "./datastores.js";
import { elasticsearchParentBreaker } from "./elastic.js";
import { dbHostKernelOomKiller, k8sRecommenderOomKilled, searchHostSwapStorm } from "./infra.js";
import { orderServiceG1OldGenCreep, reportingBatchGcOverhead } from "./jvm.js";
import { gatewayDirectBufferMemory, tomcatMetaspaceRedeploys } from "./jvm-offheap.js";
import { adminApiExportBurst, etlSchedulerSplitBrain, quoteServiceDebugDumps } from "./patterns.js";
import { celeryExportMemoryError, dotnetLohGen2Storm, ingesterGoRuntimeOom, storefrontBffNodeHeapOom, thumbnailerCanaryRssLeak } from "./runtimes.js";
import {
  checkoutConfirmTailLatency,
  inventoryGrpcDeadlines,
  jwksRotationInvalidSignature,
  mailerSmtpThrottling,
  mysqlSlowQueryIndexDrop,
  paymentsNpeAfterDeploy,
} from "./services.js";

export function distantScenarios(seed: number): Scenario[] {
  return [
    orderServiceG1OldGenCreep(seed),
    reportingBatchGcOverhead(seed),
    tomcatMetaspaceRedeploys(seed),
    gatewayDirectBufferMemory(seed),
    elasticsearchParentBreaker(seed),
    ingesterGoRuntimeOom(seed),
    storefrontBffNodeHeapOom(seed),
    celeryExportMemoryError(seed),
    dotnetLohGen2Storm(seed),
    thumbnailerCanaryRssLeak(seed),
    k8sRecommenderOomKilled(seed),
    dbHostKernelOomKiller(seed),
    searchHostSwapStorm(seed),
    redisMaxmemoryNoeviction(seed),
    postgresWorkMemSharedMemory(seed),
    checkoutConfirmTailLatency(seed),
    mysqlSlowQueryIndexDrop(seed),
    inventoryGrpcDeadlines(seed),
    paymentsNpeAfterDeploy(seed),
    mailerSmtpThrottling(seed),
    jwksRotationInvalidSignature(seed),
    etlSchedulerSplitBrain(seed),
    adminApiExportBurst(seed),
    quoteServiceDebugDumps(seed),
  ];
}
