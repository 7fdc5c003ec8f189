// The field family: incidents as on-call engineers meet them, in the JSON formats real producers
// write, labelled line by line without sight of the detector; each deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { mongoDroppedIndexCollscan, nightlyEtlScratchFull } from "./data.js";
import { ordersApiSqlDeadlocks } from "./dotnet.js";
import { autocompleteLatencyJump } from "./edge.js";
import { inventoryGcThrashCascade, mysqlLockCreepCascade } from "./jvm.js";
import { paymentsEgressResetStorm } from "./node.js";
import { k8sNodeMemoryPressure, kafkaNotEnoughReplicasFlood } from "./platform.js";
import { authCredentialStuffingBurst, quietDayMfaDisabled } from "./security.js";
import { lambdaImageResizeOom } from "./serverless.js";
import { celeryReportMemoryCreep, sidekiqDeployNoMethodError } from "./workers.js";

const BUILDERS: ((seed: number) => Scenario)[] = [
  mysqlLockCreepCascade,
  inventoryGcThrashCascade,
  lambdaImageResizeOom,
  paymentsEgressResetStorm,
  autocompleteLatencyJump,
  celeryReportMemoryCreep,
  sidekiqDeployNoMethodError,
  k8sNodeMemoryPressure,
  kafkaNotEnoughReplicasFlood,
  authCredentialStuffingBurst,
  quietDayMfaDisabled,
  ordersApiSqlDeadlocks,
  mongoDroppedIndexCollscan,
  nightlyEtlScratchFull,
];

export function fieldScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
