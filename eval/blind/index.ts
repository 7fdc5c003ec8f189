/*
 * Blind evaluation set for the log anomaly detector, built only from LOG-FORMAT.md.
 *
 * Labelling rules: a line gets a type exactly when an on-call engineer investigating this incident
 * should be pointed at it; everything else is null. The type follows what the line itself says.
 *  - performance: a request/operation far outside its OWN service's latency spread (>= ~15x that
 *    route's median; normal latencies are log-normal clipped at 3 sigma, i.e. < ~6x), and every
 *    timeout the incident causes (client read timeouts, pool-acquire timeouts, 504s, lock timeouts,
 *    probe/PLEG timeouts, hung tasks); pool saturation; straggler tasks. A failed request that ran
 *    into its timeout (e.g. "500" after 30 s) is performance.
 *  - memory: heap/RSS reports clearly outside the service's normal band (heap after GC >= 50% where
 *    normal is 15-24%; heap/rss >= ~10 points above the service's normal maximum; any >= 90%),
 *    GC overhead, full-GC storms, to-space exhausted, OutOfMemoryError, MemoryError, kernel OOM
 *    kills, containers killed for exceeding memory.
 *  - error: exceptions and failures that belong to the incident: stack traces, 5xx caused by it,
 *    refused connections, deadlocks, ENOSPC, I/O errors, read-only filesystems, circuit breakers
 *    opening / short-circuiting, task and job failures, a FATAL/CRITICAL kind never seen normally.
 *  - pattern: a message kind the service does not normally write (odd or very long INFO lines,
 *    unknown-actor config changes, SQL with 100+ ids, a scanner's odd paths, a template new since a
 *    deploy or new in a sequence), and bursts: every occurrence of the bursting message inside the
 *    burst window (normal-rate occurrences there cannot be told apart from the extra ones).
 *  - cascades: the root's failing lines and every caller's timeouts/errors it causes, at every hop
 *    (a gateway 504 is performance, a 502/503 or "connection refused" is error).
 *  - null: routine noise however scary: errors a service writes every day (TLS handshake EOF, SMTP
 *    4xx, Kafka NOT_LEADER retries, duplicate-key errors), HPC KERNEL FATAL interrupts on ~15% of
 *    its lines, nightly jobs' warnings, ssh-scanner and firewall lines, routine slow-query warnings;
 *    start-up lines (also after a crash restart or a deploy), rare one-off harmless ops lines,
 *    requests that were served normally during an incident, and all of every history incident.
 */

import { blindCascades } from "./cascades.js";
import { hashSeed, Rng } from "./random.js";
import { oddInfoLines, relativeLatency, repeatedNpe, scatteredMixed } from "./scenarios-micro.js";
import { celeryLeak, badDeploy, otelIdpSlow } from "./scenarios-extra.js";
import { jvmGcStorm } from "./scenarios-jvm.js";
import { k8sNodePressure, majorityOutage, quietBurst } from "./scenarios-k8s.js";
import { nginxIngress } from "./scenarios-nginx.js";
import { hpcRasNewFatal, syslogFleet } from "./scenarios-system.js";
import { blindSequences } from "./sequences.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, CascadeScenario, IncidentSequence, Scenario } from "./types.js";
export { blindCascades, blindSequences };

const BUILDERS: [string, (r: Rng) => Scenario][] = [
  ["scattered", scatteredMixed],
  ["relative-latency", relativeLatency],
  ["repeated-npe", repeatedNpe],
  ["odd-info", oddInfoLines],
  ["hpc", hpcRasNewFatal],
  ["nginx", nginxIngress],
  ["jvm-gc", jvmGcStorm],
  ["k8s", k8sNodePressure],
  ["outage", majorityOutage],
  ["quiet-burst", quietBurst],
  ["syslog", syslogFleet],
  ["celery", celeryLeak],
  ["deploy", badDeploy],
  ["otel", otelIdpSlow],
];

export function blindScenarios(seed: number): Scenario[] {
  return BUILDERS.map(([key, build]) => build(new Rng(hashSeed(seed, `scenario:${key}`))));
}
