// "Wilds": twelve labelled incidents whose logs are stored the way real clusters store them (syslog, CRI, Docker
// json-file, Fluent Bit / Fluentd / Vector envelopes, GELF, journald, Cloud Logging, OpenTelemetry, ...).

import { s01NodeMemoryEviction } from "./s01-node-memory-eviction.js";
import { s02PostgresFailover } from "./s02-postgres-failover.js";
import { s03JvmHeapLeak } from "./s03-jvm-heap-leak.js";
import { s04DnsOutage } from "./s04-dns-outage.js";
import { s05CredentialStuffing } from "./s05-credential-stuffing.js";
import { s06BadConfigCrashloop } from "./s06-bad-config-crashloop.js";
import { s07KafkaDiskFull } from "./s07-kafka-disk-full.js";
import { s08SlowUpstreamRetries } from "./s08-slow-upstream-retries.js";
import { s09CronFlood } from "./s09-cron-flood.js";
import { s10CertExpiry } from "./s10-cert-expiry.js";
import { s11NoisyNeighbourCpu } from "./s11-noisy-neighbour-cpu.js";
import { s12CacheStampede } from "./s12-cache-stampede.js";
import type { WildScenario } from "./types.js";

export type { WildScenario } from "./types.js";

/** The twelve scenarios for a seed: same seed, same output; each scenario draws from its own seeded stream. */
export function wildsScenarios(seed: number): WildScenario[] {
  return [
    s01NodeMemoryEviction(seed),
    s02PostgresFailover(seed),
    s03JvmHeapLeak(seed),
    s04DnsOutage(seed),
    s05CredentialStuffing(seed),
    s06BadConfigCrashloop(seed),
    s07KafkaDiskFull(seed),
    s08SlowUpstreamRetries(seed),
    s09CronFlood(seed),
    s10CertExpiry(seed),
    s11NoisyNeighbourCpu(seed),
    s12CacheStampede(seed),
  ];
}
