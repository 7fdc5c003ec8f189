// The reserve family: incidents written without sight of the detector or of the other families,
// in the log formats their producers write, each deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { nightlyEtlSkewOverrun } from "./batch.js";
import { ledgerMigrationCascade } from "./cascade.js";
import { imageCdnGiantOriginals } from "./cdn.js";
import { bglRasMidplaneFailures, hadoopClusterSyslog } from "./clusters.js";
import { sessionCacheFullFromStart, vaultSealedCrashloop } from "./from-start.js";
import { iotGatewayFirmwareRc } from "./iot.js";
import { quoteEngineHeapLeak } from "./jvm.js";
import { routineFatalNoise } from "./legacy.js";
import { latencyTiersHundredfold, scatteredStorefrontStalls } from "./mesh.js";
import { notifierRepeatedFailures } from "./notifications.js";
import { checkoutPayloadDumps } from "./payloads.js";
import { kafkaPollTimeoutRebalances } from "./queue.js";
import { quietEtcdSlowDisk, quietIdentityOddities } from "./quiet.js";

const BUILDERS: ((seed: number) => Scenario)[] = [
  scatteredStorefrontStalls,
  latencyTiersHundredfold,
  ledgerMigrationCascade,
  notifierRepeatedFailures,
  checkoutPayloadDumps,
  routineFatalNoise,
  sessionCacheFullFromStart,
  vaultSealedCrashloop,
  quietIdentityOddities,
  quietEtcdSlowDisk,
  bglRasMidplaneFailures,
  hadoopClusterSyslog,
  nightlyEtlSkewOverrun,
  kafkaPollTimeoutRebalances,
  iotGatewayFirmwareRc,
  imageCdnGiantOriginals,
  quoteEngineHeapLeak,
];

export function reserveScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
