// The holdout family: incidents written without sight of the detector, in the styles and log
// formats on-call teams meet, each deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { sparkStragglerOom } from "./batch.js";
import { redisEvictionStorm } from "./cache.js";
import { goPanicCrashloop } from "./crashloop.js";
import { postgresDiskFull } from "./database.js";
import { gatewayRouteSurge } from "./gateway.js";
import { paymentDependencyCreep } from "./payments.js";
import { kafkaLagRebalanceStorm, nodeHeapEarlyOnset } from "./streaming.js";
import { noisyWarnNewKind, quietFewLines, rateLimitMisconfig } from "./subtle.js";
import { tlsCertificateExpiry } from "./tls.js";

const BUILDERS: ((seed: number) => Scenario)[] = [
  paymentDependencyCreep,
  redisEvictionStorm,
  postgresDiskFull,
  tlsCertificateExpiry,
  goPanicCrashloop,
  noisyWarnNewKind,
  rateLimitMisconfig,
  quietFewLines,
  sparkStragglerOom,
  gatewayRouteSurge,
  kafkaLagRebalanceStorm,
  nodeHeapEarlyOnset,
];

export function holdoutScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
