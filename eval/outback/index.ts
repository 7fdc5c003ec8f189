// The outback family: twelve blind-written incident scenarios.
import type { Scenario } from "../blind/types.js";
import { freightScatteredFaults } from "./s01-freight-scattered-faults.js";
import { ledgerLatencyTiers } from "./s02-ledger-latency-tiers.js";
import { kafkaDiskCascade } from "./s03-kafka-disk-cascade.js";
import { hpcBulkPowerFault } from "./s04-hpc-bulk-power-fault.js";
import { journalDiskMediumErrors } from "./s05-journal-disk-medium-errors.js";
import { claimsOddInfoLines } from "./s06-claims-odd-info-lines.js";
import { ledgerGatewayDbOutage } from "./s07-ledger-gateway-db-outage.js";
import { edgeNginxSearchScraper } from "./s08-edge-nginx-search-scraper.js";
import { jvmHeapLeakGc } from "./s09-jvm-heap-leak-gc.js";
import { k8sRecsOomkilled } from "./s10-k8s-recs-oomkilled.js";
import { mongoCollscanFromStart } from "./s11-mongo-collscan-from-start.js";
import { celeryBrokerReconnectStorm } from "./s12-celery-broker-reconnect-storm.js";

export function outbackScenarios(seed: number): Scenario[] {
  return [
    freightScatteredFaults(seed),
    ledgerLatencyTiers(seed),
    kafkaDiskCascade(seed),
    hpcBulkPowerFault(seed),
    journalDiskMediumErrors(seed),
    claimsOddInfoLines(seed),
    ledgerGatewayDbOutage(seed),
    edgeNginxSearchScraper(seed),
    jvmHeapLeakGc(seed),
    k8sRecsOomkilled(seed),
    mongoCollscanFromStart(seed),
    celeryBrokerReconnectStorm(seed),
  ];
}
