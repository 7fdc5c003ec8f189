// The unseen family: incidents written without sight of the detector or of the other families,
// in the log formats their producers write, each deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { keycloakCredentialStuffing } from "./auth.js";
import { cronInjectedJob, ledgerReconciliationQuiet } from "./batch.js";
import { pgbouncerPoolCascade } from "./checkout.js";
import { nodeMemoryEviction } from "./node.js";
import { webhookSecretAfterDeploy } from "./payments.js";
import { elasticsearchHeapPressure } from "./search.js";
import { nestHeapLeakAfterDeploy, rankerMemoryCreep } from "./serving.js";
import { blobMetaScatteredStalls } from "./storage.js";
import { flinkCheckpointCreep, kafkaConnectTaskDeath } from "./streaming.js";
import { smsProvider503Flood, temporalActivityTimeouts } from "./workflows.js";

const BUILDERS: ((seed: number) => Scenario)[] = [
  pgbouncerPoolCascade,
  keycloakCredentialStuffing,
  rankerMemoryCreep,
  nestHeapLeakAfterDeploy,
  elasticsearchHeapPressure,
  kafkaConnectTaskDeath,
  flinkCheckpointCreep,
  temporalActivityTimeouts,
  smsProvider503Flood,
  ledgerReconciliationQuiet,
  cronInjectedJob,
  webhookSecretAfterDeploy,
  blobMetaScatteredStalls,
  nodeMemoryEviction,
];

export function unseenScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
