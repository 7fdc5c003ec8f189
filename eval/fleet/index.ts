// The fleet family: services run as several instances, each line naming the instance that wrote
// it; one bad instance, a share of them, or all of them together, among instances that
// legitimately differ.

import type { Scenario } from "../blind/types.js";
import { billingPodRevokedTaxKey, checkoutReplicaCurrency500s, edgeNginxHostUpstream502 } from "./scenarios-errors.js";
import { ordersPostgresFailoverFleetwide } from "./scenarios-fleetwide.js";
import { catalogContainerGcThrash, reportWorkerMemoryLeak } from "./scenarios-memory.js";
import { authHostClockSkew, gameServerAllocatorFlapping } from "./scenarios-patterns.js";
import { ingestConsumersHotBroker, paymentsCanarySlowBuild, sessionVmNoisyNeighbour, storageHostFailingDisk } from "./scenarios-slow.js";

export function fleetScenarios(seed: number): Scenario[] {
  return [
    checkoutReplicaCurrency500s(seed),
    paymentsCanarySlowBuild(seed),
    storageHostFailingDisk(seed),
    reportWorkerMemoryLeak(seed),
    ordersPostgresFailoverFleetwide(seed),
    ingestConsumersHotBroker(seed),
    gameServerAllocatorFlapping(seed),
    edgeNginxHostUpstream502(seed),
    catalogContainerGcThrash(seed),
    authHostClockSkew(seed),
    sessionVmNoisyNeighbour(seed),
    billingPodRevokedTaxKey(seed),
  ];
}
