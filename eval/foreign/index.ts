// The foreign family: incidents written from the log format (README, stream contract) and the
// scenario types alone, each in the JSON a real producer or shipper writes, for reporting.
import type { Scenario } from "../blind/types.js";
import { airflowOomRetries } from "./airflow.js";
import { asyncioLoopBlocking } from "./asyncio.js";
import { cassandraTombstones } from "./cassandra.js";
import { ciTerraformStateLock } from "./ci.js";
import { clickhouseTooManyParts } from "./clickhouse.js";
import { cloudtrailLeakedKey } from "./cloudtrail.js";
import { consulLeaderFlapping } from "./consul.js";
import { envoyCircuitBreaker } from "./envoy.js";
import { featureStoreSplitBrain } from "./featurestore.js";
import { goroutineLeakDrift } from "./gorun.js";
import { mqttTakeoverStorm } from "./mqtt.js";
import { phpFpmSlowCheckout } from "./phpfpm.js";
import { postfixCompromisedMailbox } from "./postfix.js";
import { postgresIdleInTransaction } from "./postgres.js";
import { pushGatewayQuota } from "./pushgw.js";
import { rankerCanaryNan } from "./ranker.js";
import { settlementDoubleRun } from "./settlement.js";
import { transcodeSpreadFaults } from "./transcode.js";
import { iisAppPoolRecycle } from "./windows.js";
import { zookeeperSolrSessions } from "./zookeeper.js";

/** Twenty incidents, 2,000 to 6,000 lines each, deterministic for a seed; each scenario draws from its own generator. */
export function foreignScenarios(seed: number): Scenario[] {
  return [
    envoyCircuitBreaker(seed),
    cassandraTombstones(seed),
    clickhouseTooManyParts(seed),
    airflowOomRetries(seed),
    ciTerraformStateLock(seed),
    consulLeaderFlapping(seed),
    phpFpmSlowCheckout(seed),
    goroutineLeakDrift(seed),
    iisAppPoolRecycle(seed),
    asyncioLoopBlocking(seed),
    postgresIdleInTransaction(seed),
    zookeeperSolrSessions(seed),
    mqttTakeoverStorm(seed),
    transcodeSpreadFaults(seed),
    featureStoreSplitBrain(seed),
    settlementDoubleRun(seed),
    postfixCompromisedMailbox(seed),
    cloudtrailLeakedKey(seed),
    pushGatewayQuota(seed),
    rankerCanaryNan(seed),
  ];
}
