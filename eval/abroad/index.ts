// The abroad family: incidents written blind, as an outside evaluator would use to judge an
// incident-log anomaly detector. Micro-service incidents with anomalies scattered from the
// first minute, latencies 100x apart, cascades, BlueGene/L RAS and cluster syslog, logs where
// ERROR and CRITICAL are routine, many real producers' JSON shapes, a mostly anomalous
// outage, a quiet night and rare routine decoys.

import type { Scenario } from "../blind/types.js";
import { cascadeScenarios } from "./cascades.js";
import { extremeScenarios } from "./extremes.js";
import { latencySpreadScenarios } from "./latency-spread.js";
import { noisyScenarios } from "./noisy.js";
import { hashString, Rng } from "./prng.js";
import { producerScenarios } from "./producers.js";
import { rasScenarios } from "./ras.js";
import { scatteredScenarios } from "./scattered.js";
import { securityScenarios } from "./security.js";
import { syslogScenarios } from "./syslog.js";

export function abroadScenarios(seed: number): Scenario[] {
  const root = new Rng((hashString("abroad") ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0);
  const part = (name: string) => new Rng((root.u32() ^ hashString(name)) >>> 0);
  const parts: [string, (r: Rng) => Scenario[]][] = [
    ["scattered", scatteredScenarios],
    ["latency-spread", latencySpreadScenarios],
    ["cascades", cascadeScenarios],
    ["ras", rasScenarios],
    ["syslog", syslogScenarios],
    ["noisy", noisyScenarios],
    ["producers", producerScenarios],
    ["extremes", extremeScenarios],
    ["security", securityScenarios],
  ];
  return parts.flatMap(([name, build]) => build(part(name)));
}
