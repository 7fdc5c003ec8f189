// The holdout family: incidents written without sight of the detector, in the styles and log
// formats on-call teams meet, each deterministic for a seed.

import type { Scenario } from "../blind/types.js";
import { redisEvictionStorm } from "./cache.js";
import { goPanicCrashloop } from "./crashloop.js";
import { postgresDiskFull } from "./database.js";
import { paymentDependencyCreep } from "./payments.js";
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
];

export function holdoutScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
