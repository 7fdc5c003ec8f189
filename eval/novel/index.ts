// The novel family: incidents written without sight of the detector, in the JSON that real
// producers write, each deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { inventoryLockCascade, paymentsCertExpiry } from "./cascade.js";
import { rasEventLog, slurmClusterSyslog } from "./hpc.js";
import { k8sNodeMemoryPressure, pricingHeapLeakGc, valkeyMaxmemoryQueue } from "./memory.js";
import { keycloakCredentialStuffing, mediationRoutineFatalNoise, valkeyCrossProtocolQuiet } from "./noise.js";
import { kafkaDiskFullMostly } from "./outage.js";
import { dispatchMixedDurationUnits, lambdaImageTimeouts, storefrontMysqlSlowQueries } from "./performance.js";
import { indexerRepeatedBulkError, loyaltyOddInfoLines } from "./repeats.js";
import { gatewayFieldSignals, latencyTiers100x, shopMeshScatteredFaults } from "./services.js";

const BUILDERS: ((seed: number) => Scenario)[] = [
  shopMeshScatteredFaults,
  latencyTiers100x,
  inventoryLockCascade,
  paymentsCertExpiry,
  indexerRepeatedBulkError,
  loyaltyOddInfoLines,
  gatewayFieldSignals,
  mediationRoutineFatalNoise,
  valkeyCrossProtocolQuiet,
  keycloakCredentialStuffing,
  rasEventLog,
  slurmClusterSyslog,
  kafkaDiskFullMostly,
  pricingHeapLeakGc,
  k8sNodeMemoryPressure,
  valkeyMaxmemoryQueue,
  lambdaImageTimeouts,
  storefrontMysqlSlowQueries,
  dispatchMixedDurationUnits,
];

export function novelScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
