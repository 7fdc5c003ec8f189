// Scenario family "fen": in every window ONE failure-looking message fills 25-70 % of the lines,
// steadily from the first minute to the last (it began before the window opened). In the
// "-decoy" scenarios that flood is everyday behaviour of the system (labelled null) and a small
// real incident happens elsewhere; in the "-outage" scenarios the flood IS the incident.
//
// | name                                  | duration  | producers                                              | what happens                                                                 | types labelled                       |
// |---------------------------------------|-----------|--------------------------------------------------------|------------------------------------------------------------------------------|--------------------------------------|
// | s01-mail-relay-decoy                  | 80-100 m  | rsyslog JSON (Postfix, amavis, Dovecot, systemd, kernel)| routine DNSBL rejections; amavis OOM-killed, mail deferred then flushed late | memory, error, pattern, performance  |
// | s02-bastion-ssh-decoy                 | 100-140 m | journald JSON (sshd, sssd, logind, sudo, cron, chronyd) | routine password guessing; SSSD loses LDAP, staff logins fail               | error, pattern                       |
// | s03-lorawan-network-decoy             | 50-75 m   | logrus JSON in Fluent Bit envelopes, pino, mosquitto    | routine unknown-device uplinks; meter-ingest DB stalls, integrations time out| performance, error, pattern          |
// | s04-subscription-billing-decoy        | 60-90 m   | Serilog compact JSON (CLEF)                             | routine dunning declines; tax provider slow, timeouts, breaker, 503s         | performance, error, pattern          |
// | s05-k8s-worker-node-decoy             | 40-60 m   | journald (kubelet klog, containerd, kernel), CRI via Fluent Bit, k8s events | routine orphaned-volume errors; CronJob OOM-killed twice  | memory, error, pattern               |
// | s06-eprescription-gateway-outage      | 45-75 m   | Envoy JSON access log, .NET JSON console (Fluent Bit)   | expired mTLS client cert: every registry submission refused, outbox grows   | error, performance                   |
// | s07-hydrology-telemetry-outage        | 60-100 m  | PostgreSQL jsonlog (Vector), python-json-logger, nginx JSON | tablespace full: every insert fails, spool grows, stations stale         | error, performance, pattern          |
// | s08-ride-hailing-kafka-outage         | 35-55 m   | logstash-logback JSON, zap, Kafka log4j in Fluent Bit, k8s events | broker crash-loops, leaderless partitions, events expire, lag grows | performance, error, pattern          |
// | s09-course-registration-vault-outage  | 40-70 m   | hclog JSON (Vault, Nomad, Consul), GELF                 | Vault cannot auto-unseal: secret reads refused, DB creds lapse, writes fail  | error, performance, pattern          |
// | s10-ediscovery-search-outage          | 45-80 m   | Elasticsearch 8 ECS JSON, OpenTelemetry data-model logs | two data nodes' heaps full: GC overhead, breaker trips, slow searches       | memory, performance, pattern         |
//
// Labelling rules:
// - A line is labelled when it is evidence of the incident; the type is the first that matches:
//   memory (heap/RSS above its healthy band, OOM kills, GC distress, memory circuit breakers),
//   performance (latency well above the operation's normal, timeouts, growing backlogs/lag/outbox),
//   error (failed operations, exceptions, 5xx, refusals, crash loops, failed units),
//   pattern (other evidence: restarts, node leave/join, unusual message types, staleness notices).
// - Decoys: the dominant routine message is null everywhere; only the small incident is labelled.
// - Outages: every occurrence of the dominant message is labelled, and so are the lines the
//   outage causes elsewhere (retries, backlogs, crash-loop restarts, downstream failures).
// - Normal traffic of other services stays within its healthy bands and is null.
import type { Scenario } from "./types.js";
import s01 from "./s01-mail-relay-decoy.js";
import s02 from "./s02-bastion-ssh-decoy.js";
import s03 from "./s03-lorawan-network-decoy.js";
import s04 from "./s04-subscription-billing-decoy.js";
import s05 from "./s05-k8s-worker-node-decoy.js";
import s06 from "./s06-eprescription-gateway-outage.js";
import s07 from "./s07-hydrology-telemetry-outage.js";
import s08 from "./s08-ride-hailing-kafka-outage.js";
import s09 from "./s09-course-registration-vault-outage.js";
import s10 from "./s10-ediscovery-search-outage.js";

export type { Scenario, AnomalyType } from "./types.js";

export function fenScenarios(seed: number): Scenario[] {
  return [s01, s02, s03, s04, s05, s06, s07, s08, s09, s10].map((make) => make(seed));
}
