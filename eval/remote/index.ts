// The remote family: incidents written blind, from the log layouts the service reads and the four
// anomaly type definitions only, with an emphasis on pattern anomalies as real systems produce them
// (new templates after a deploy, loops and floods of a routine line, oversized or oddly shaped lines,
// audit lines at INFO, silent heartbeats and unknown hosts) beside rare but routine lines labelled
// normal, and enough latency, memory and error incidents to cover every type. Deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { auditUnknownActor, loginFromNewCountry, quietDayCrontabEdit, unexpectedNewHost } from "./audit.js";
import { cacheMissStampede, consumerRebalanceLoop, gatewayRetryFlood, heartbeatReplacedByWaiting, leaderElectionLoop } from "./loops.js";
import {
  base64AttachmentsInLog,
  dumpedRequestBodies,
  flagFlipNewSerializer,
  oversizedLinesAtTheEnd,
  pricingFallbackAfterDeploy,
  schedulerRerunsSameJob,
} from "./newpaths.js";
import {
  jvmHeapLeakGc,
  lambdaTimeoutsAndMemory,
  nodeHeapOomRestart,
  pspTimeoutExceptionCascade,
  redisMaxmemorySessions,
  searchLatencyTail,
} from "./resources.js";
import { configDumpReloadLoop, giantInListQuery, panicStackAtInfo } from "./shapes.js";

export function remoteScenarios(seed: number): Scenario[] {
  return [
    pricingFallbackAfterDeploy(seed),
    schedulerRerunsSameJob(seed),
    dumpedRequestBodies(seed),
    base64AttachmentsInLog(seed),
    flagFlipNewSerializer(seed),
    oversizedLinesAtTheEnd(seed),
    leaderElectionLoop(seed),
    cacheMissStampede(seed),
    gatewayRetryFlood(seed),
    consumerRebalanceLoop(seed),
    heartbeatReplacedByWaiting(seed),
    auditUnknownActor(seed),
    loginFromNewCountry(seed),
    unexpectedNewHost(seed),
    quietDayCrontabEdit(seed),
    giantInListQuery(seed),
    panicStackAtInfo(seed),
    configDumpReloadLoop(seed),
    jvmHeapLeakGc(seed),
    nodeHeapOomRestart(seed),
    searchLatencyTail(seed),
    pspTimeoutExceptionCascade(seed),
    redisMaxmemorySessions(seed),
    lambdaTimeoutsAndMemory(seed),
  ];
}
