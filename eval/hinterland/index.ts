// The "hinterland" scenario family: twelve labelled incidents written blind, each
// built deterministically from a seed (same seed, same logs; another seed moves
// times, ids, counts and values but keeps the story).
import type { Scenario } from "../blind/types.js";
import { mixSeed } from "./lib.js";
import { s01ConsumerLag } from "./s01-consumer-lag.js";
import { s02GcSpiral } from "./s02-gc-spiral.js";
import { s03CacheStampede } from "./s03-cache-stampede.js";
import { s04BadCanary } from "./s04-bad-canary.js";
import { s05NoisyNeighbour } from "./s05-noisy-neighbour.js";
import { s06HpaFlapping } from "./s06-hpa-flapping.js";
import { s07NodeHeapLeak } from "./s07-node-heap-leak.js";
import { s08ZonePartition } from "./s08-zone-partition.js";
import { s09BatchLoopFlood } from "./s09-batch-loop-flood.js";
import { s10MysqlLockContention } from "./s10-mysql-lock-contention.js";
import { s11AdminNewClient } from "./s11-admin-new-client.js";
import { s12PspDegraded } from "./s12-psp-degraded.js";

const BUILDERS: [string, (seed: number) => Scenario][] = [
  ["s01", s01ConsumerLag],
  ["s02", s02GcSpiral],
  ["s03", s03CacheStampede],
  ["s04", s04BadCanary],
  ["s05", s05NoisyNeighbour],
  ["s06", s06HpaFlapping],
  ["s07", s07NodeHeapLeak],
  ["s08", s08ZonePartition],
  ["s09", s09BatchLoopFlood],
  ["s10", s10MysqlLockContention],
  ["s11", s11AdminNewClient],
  ["s12", s12PspDegraded],
];

export function hinterlandScenarios(seed: number): Scenario[] {
  return BUILDERS.map(([salt, build]) => build(mixSeed(seed, `hinterland/${salt}`)));
}
