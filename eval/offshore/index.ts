// The "offshore" scenario family: labelled incidents written blind, each built
// deterministically from a seed (same seed, same logs; another seed moves times, ids,
// counts and values but keeps the story).
import type { Scenario } from "../blind/types.js";
import { mixSeed } from "./lib.js";
import { s01ShopScatteredFaults } from "./s01-shop-scattered-faults.js";
import { s02LatencyTiers } from "./s02-latency-tiers.js";
import { s03InventoryLockCascade } from "./s03-inventory-lock-cascade.js";
import { s04BglDdrNodeCard } from "./s04-bgl-ddr-node-card.js";
import { s05QuietSyslogDay } from "./s05-quiet-syslog-day.js";
import { s06OddInfoLines } from "./s06-odd-info-lines.js";
import { s07AcquirerOutage } from "./s07-acquirer-outage.js";
import { s08RecommenderLeakLoop } from "./s08-recommender-leak-loop.js";
import { s09NginxEdge } from "./s09-nginx-edge.js";
import { s10JvmOldGenLeak } from "./s10-jvm-old-gen-leak.js";
import { s11LedgerRolloutSecret } from "./s11-ledger-rollout-secret.js";
import { s12DispatchScattered } from "./s12-dispatch-scattered.js";

const BUILDERS: [string, (seed: number) => Scenario][] = [
  ["s01", s01ShopScatteredFaults],
  ["s02", s02LatencyTiers],
  ["s03", s03InventoryLockCascade],
  ["s04", s04BglDdrNodeCard],
  ["s05", s05QuietSyslogDay],
  ["s06", s06OddInfoLines],
  ["s07", s07AcquirerOutage],
  ["s08", s08RecommenderLeakLoop],
  ["s09", s09NginxEdge],
  ["s10", s10JvmOldGenLeak],
  ["s11", s11LedgerRolloutSecret],
  ["s12", s12DispatchScattered],
];

export function offshoreScenarios(seed: number): Scenario[] {
  return BUILDERS.map(([salt, build]) => build(mixSeed(seed, `offshore/${salt}`)));
}
