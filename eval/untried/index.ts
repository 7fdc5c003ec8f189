// The untried family: incidents written without sight of the detector, in the formats their
// producers write (pino, zap, structlog, logback, log4j2, Serilog, Monolog, OpenTelemetry,
// fluent-bit, rsyslog, PostgreSQL jsonlog, RAS events), each deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { ledgerLockCascade } from "./cascade.js";
import { clusterSyslogAlerts, rasMachineCheckStorm } from "./hpc.js";
import { billingRoutineFatalNoise, clusterDnsOutageMostly, orderHistoryLeakFromStart } from "./onset.js";
import { quietBastionLogin, quietClientCertExpiry, quietSessionCacheFull } from "./quiet.js";
import { catalogRecurringErrors, shopOddInfoLines } from "./repeats.js";
import { gpuServingRolloutOom, imsRegistrationStorm } from "./serving.js";
import { latencyTiers100x, shopMeshScatteredFaults } from "./services.js";

const BUILDERS: ((seed: number) => Scenario)[] = [
  shopMeshScatteredFaults,
  latencyTiers100x,
  ledgerLockCascade,
  catalogRecurringErrors,
  shopOddInfoLines,
  billingRoutineFatalNoise,
  orderHistoryLeakFromStart,
  clusterDnsOutageMostly,
  quietClientCertExpiry,
  quietSessionCacheFull,
  quietBastionLogin,
  rasMachineCheckStorm,
  clusterSyslogAlerts,
  gpuServingRolloutOom,
  imsRegistrationStorm,
];

export function untriedScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
