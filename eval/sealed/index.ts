// The sealed family: incidents written without sight of the detector, each in the JSON its
// producers really write, labelled line by line with what an on-call engineer would want shown.

import type { Scenario } from "../blind/types.js";
import { cdnOriginIntermittent, dnsUpstreamsUnreachable, grpcLatencyTiers, haproxyRetryStorm, phoenixPostgresLockCascade } from "./infra.js";
import { gameServerTickOverrun, iotGatewayMemoryLeak, mobileApiConfigOverride, rabbitmqMemoryAlarm, vaultTokenAbuse } from "./platform.js";
import { elasticsearchHeapPressure } from "./search.js";
import { aspnetNoisyLogsNewException, djangoWorkerOomKills, laravelProviderLatencyJump, railsLockWaitCreep } from "./web.js";

const BUILDERS: ((seed: number) => Scenario)[] = [
  railsLockWaitCreep,
  djangoWorkerOomKills,
  laravelProviderLatencyJump,
  aspnetNoisyLogsNewException,
  phoenixPostgresLockCascade,
  haproxyRetryStorm,
  grpcLatencyTiers,
  dnsUpstreamsUnreachable,
  cdnOriginIntermittent,
  vaultTokenAbuse,
  iotGatewayMemoryLeak,
  gameServerTickOverrun,
  mobileApiConfigOverride,
  rabbitmqMemoryAlarm,
  elasticsearchHeapPressure,
];

export function sealedScenarios(seed: number): Scenario[] {
  return BUILDERS.map((build) => build(seed));
}
