// Twelve night-time incidents of a mid-size SaaS company, each in the formats its producers write,
// with the normal background of the hours around it.

import type { Scenario } from "../blind/types.js";
import { deployRegressionSlowSearch } from "./s01-deploy-regression-slow-search.js";
import { featureFlagPricingExceptions } from "./s02-feature-flag-pricing-exceptions.js";
import { tlsCertificateExpiredCardVault } from "./s03-tls-certificate-expired-card-vault.js";
import { dnsServfailPartnerBank } from "./s04-dns-servfail-partner-bank.js";
import { postgresPrimaryFailover } from "./s05-postgres-primary-failover.js";
import { logVolumeDiskFull } from "./s06-log-volume-disk-full.js";
import { clockSkewTokenRejections } from "./s07-clock-skew-token-rejections.js";
import { workerHeapLeakAfterUpgrade } from "./s08-worker-heap-leak-after-upgrade.js";
import { noisyNeighbourNodePressure } from "./s09-noisy-neighbour-node-pressure.js";
import { connectionPoolExhaustion } from "./s10-connection-pool-exhaustion.js";
import { runawayCronExport } from "./s11-runaway-cron-export.js";
import { credentialStuffingWave } from "./s12-credential-stuffing-wave.js";

const BUILDERS: ((seed: number) => Scenario)[] = [
  deployRegressionSlowSearch,
  featureFlagPricingExceptions,
  tlsCertificateExpiredCardVault,
  dnsServfailPartnerBank,
  postgresPrimaryFailover,
  logVolumeDiskFull,
  clockSkewTokenRejections,
  workerHeapLeakAfterUpgrade,
  noisyNeighbourNodePressure,
  connectionPoolExhaustion,
  runawayCronExport,
  credentialStuffingWave,
];

export function frontierScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
