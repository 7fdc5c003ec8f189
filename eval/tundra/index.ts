import type { Scenario } from "./types.js";
import { s01SmallPricingCacheBlip } from "./s01-small-pricing-cache-blip.js";
import { s02MediaUploadDecompressionBombs } from "./s02-media-upload-decompression-bombs.js";
import { s03FlagLookupSlowdown } from "./s03-flag-lookup-slowdown.js";
import { s04ClockSkewPspTimeouts } from "./s04-clock-skew-psp-timeouts.js";
import { s05GermanWarehouseHeapExhaustion } from "./s05-german-warehouse-heap-exhaustion.js";
import { s06CatalogDeployRegression } from "./s06-catalog-deploy-regression.js";
import { s07BenignErrorWordsKafkaOutage } from "./s07-benign-error-words-kafka-outage.js";
import { s08SessionLeakOomkill } from "./s08-session-leak-oomkill.js";
import { s09NightlyEtlSlowStage } from "./s09-nightly-etl-slow-stage.js";
import { s10ProbeNoiseOrdersDbPool } from "./s10-probe-noise-orders-db-pool.js";
import { s11SmsProviderRetryExhaustion } from "./s11-sms-provider-retry-exhaustion.js";
import { s12SearchClusterAlreadyDown } from "./s12-search-cluster-already-down.js";

export function tundraScenarios(seed: number): Scenario[] {
  return [
    s01SmallPricingCacheBlip(seed),
    s02MediaUploadDecompressionBombs(seed),
    s03FlagLookupSlowdown(seed),
    s04ClockSkewPspTimeouts(seed),
    s05GermanWarehouseHeapExhaustion(seed),
    s06CatalogDeployRegression(seed),
    s07BenignErrorWordsKafkaOutage(seed),
    s08SessionLeakOomkill(seed),
    s09NightlyEtlSlowStage(seed),
    s10ProbeNoiseOrdersDbPool(seed),
    s11SmsProviderRetryExhaustion(seed),
    s12SearchClusterAlreadyDown(seed),
  ];
}
