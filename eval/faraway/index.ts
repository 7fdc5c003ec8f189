// The faraway family: labelled incidents written from the outside, without looking at the
// detector. farawayScenarios(seed) is deterministic in its seed.

import type { Scenario } from "../blind/types.js";
import { linuxHostDiskFailure, corednsUpstreamServfail, postgresLockQueue } from "./scenarios-infra.js";
import { apachePhpFpmSaturation, nginxUpstreamTimeouts } from "./scenarios-access.js";
import { checkoutCascade, ledgerRetryStorm } from "./scenarios-cascade.js";
import { grpcDeadlinesAtInfo, k8sOtelBadRollout } from "./scenarios-cloud.js";
import { jvmGcHeapLeak, nodeHeapLeak, redisNoevictionFill } from "./scenarios-memory.js";
import { billingNoisyErrorsQuietStall, kafkaOutboxRepeatedError, quietNightFailover, railsOddInfoLines } from "./scenarios-noise.js";
import { authLdapOutage, scatteredBadReplica, searchSlowDegradation } from "./scenarios-services.js";
import { mixSeed, Rng } from "./rng.js";

const BUILDERS: readonly (readonly [string, (rng: Rng) => Scenario])[] = [
  ["checkout-cascade", checkoutCascade],
  ["scattered", scatteredBadReplica],
  ["repeated-error", kafkaOutboxRepeatedError],
  ["odd-info", railsOddInfoLines],
  ["noisy-errors", billingNoisyErrorsQuietStall],
  ["nginx", nginxUpstreamTimeouts],
  ["apache", apachePhpFpmSaturation],
  ["jvm-gc", jvmGcHeapLeak],
  ["k8s-otel", k8sOtelBadRollout],
  ["node-leak", nodeHeapLeak],
  ["slow-endpoint", searchSlowDegradation],
  ["retry-storm", ledgerRetryStorm],
  ["outage", authLdapOutage],
  ["quiet-night", quietNightFailover],
  ["postgres", postgresLockQueue],
  ["syslog", linuxHostDiskFailure],
  ["redis", redisNoevictionFill],
  ["coredns", corednsUpstreamServfail],
  ["grpc-slog", grpcDeadlinesAtInfo],
];

export function farawayScenarios(seed: number): Scenario[] {
  return BUILDERS.map(([key, build]) => build(new Rng(mixSeed("faraway", seed, key))));
}
