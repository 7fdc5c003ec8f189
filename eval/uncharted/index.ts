// The uncharted family: incidents from many domains and log shapes, each deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import {
  configChangeUnknownActor,
  credentialStuffingWave,
  eodSettlementHeapLeak,
  gameServerReconnectStorm,
  iotGatewayRepeatedPublishError,
  rankerGpuOomMostly,
} from "./apps.js";
import { elasticsearchOldGenThrash, kafkaConsumerSlowDrift, postgresDroppedIndex, rabbitmqMemoryAlarm } from "./data.js";
import { cdnShieldOriginStall, dnsOutageMixedProducers, ledgerLockCascade, sessionCacheLatencyTiers, storefrontScatteredTwelve } from "./services.js";
import { bglRasRareEvents, cephDiskDegradeDrift, sipScannerGatewayFailure, slurmOomSubmitFlood, syslogDayRootLoginOom } from "./systems.js";

export function unchartedScenarios(seed: number): Scenario[] {
  return [
    sessionCacheLatencyTiers(seed),
    ledgerLockCascade(seed),
    dnsOutageMixedProducers(seed),
    storefrontScatteredTwelve(seed),
    cdnShieldOriginStall(seed),
    bglRasRareEvents(seed),
    syslogDayRootLoginOom(seed),
    slurmOomSubmitFlood(seed),
    cephDiskDegradeDrift(seed),
    sipScannerGatewayFailure(seed),
    postgresDroppedIndex(seed),
    elasticsearchOldGenThrash(seed),
    kafkaConsumerSlowDrift(seed),
    rabbitmqMemoryAlarm(seed),
    rankerGpuOomMostly(seed),
    iotGatewayRepeatedPublishError(seed),
    gameServerReconnectStorm(seed),
    eodSettlementHeapLeak(seed),
    configChangeUnknownActor(seed),
    credentialStuffingWave(seed),
  ];
}
