// The lagoon family: twelve labelled, synthetic incident logs, written blind from the seed design and
// the stream contract's log format, to judge the anomaly detector from the outside. Each scenario is
// a function of a seed: the same seed gives byte-identical logs; another seed moves times, ids,
// volumes, details and where anomalies fall, never the nature of the incident.
//
// Scenarios (name | duration | producers | what happens | types labelled), one line each:
//  s01 orchard-probe-bus-flaky-gateway | 4 h | zap, Rust tracing, structlog, journald | gw-east's RS-485 probe bus fails ~1 poll cycle in 13, scattered from the first minute to the last | performance, error, pattern
//  s02 ride-dispatch-slow-mongo-secondary | 2 h | pino-http, Envoy access log, slog, MongoDB JSON | a degraded secondary stalls ~1 driver lookup in 30 (some past Envoy's 1 s timeout), scattered over the window | performance
//  s03 port-crane-twistlock-sensor-fault | 3 h | log4j2 JsonLayout, GELF, python-json-logger | TOS ERRORs are routine (~17%); a false twistlock sensor repeats one WARN 150+ times and crane cycles stretch | pattern, performance
//  s04 newsroom-cms-migration-lock-cascade | 2.5 h | nginx JSON, winston, logstash-logback-encoder, PostgreSQL jsonlog | a mid-day Flyway migration (a dozen INFO batch lines) locks a table; lock waits cascade to API, pool, render breaker and nginx 5xx | performance, error, pattern
//  s05 courier-geocoder-quota-cascade | 3 h | logrus, structlog, Celery, Traefik | the geocoding quota runs out; one back-off WARN repeats ~200 times and throttling cascades to planner, Celery retries and edge 502/504s | performance, error, pattern
//  s06 library-catalogue-unknown-flag-flip | 5 h | Monolog, OpenTelemetry OTLP/JSON, log4j2 EcsLayout, log4j2 JsonLayout | an unknown actor flips a flag; a dozen 1,000-char INFO SQL lines with 100+ ids, config flip-flops, slow and failed holds | pattern, performance, error
//  s07 lottery-draw-entropy-fallback | 6 h | Bunyan, Serilog CLEF, zap (etcd raft), Sidekiq | gateway ERRORs are routine (~12%); a dozen entropy fallbacks (WARN) and raft leader elections (INFO) scattered over the evening | pattern
//  s08 genomics-variant-caller-heap-leak | 6 h | JVM GC log + log4j2 EcsLayout in Fluent Bit's Kubernetes envelope, python-json-logger, Kubernetes events | one JVM's heap after GC climbs for five hours, then GC distress, OOM and a restart | memory, performance, error, pattern
//  s09 chat-presence-node-heap-leak | 5 h | pino in Docker json-file, Caddy, winston | one Node container's heapUsed climbs for four hours, GC pauses slow it, V8 aborts out of memory and it restarts | memory, performance, error, pattern
//  s10 dns-resolver-dnssec-expiry-servfail | 65 min | Rust tracing, slog, journald | internal zone signatures expire: over half the lines are SERVFAIL and one validation line repeats ~180 times | error, pattern
//  s11 parking-garage-exit-payment-link-down | 62 min, ~500 lines | journald, Bunyan, structlog | the payment link dies; exits jam for most of the small window | error, performance, pattern
//  s12 water-utility-quiet-day | 6 h | GELF, PostgreSQL jsonlog, Celery, HAProxy JSON | an ordinary day with only routine warnings and errors | none
//
// LABELLING RULES
// A line is labelled when an on-call engineer working that incident would want it pointed at: it is
// evidence of the incident, i.e. it reports something the same component does not produce when healthy:
// a message type (template) that component never writes in healthy operation, or a routine template
// whose reported value (latency, memory, size, depth, status) is outside that operation's healthy band.
// Templates and bands are judged per component and per operation. Everything else is null (normal):
// routine WARN/ERROR/CRITICAL lines that are everyday for that system at their everyday wording and rate,
// and requests during the incident that succeed at healthy latency.
// The type is what the line itself reports; the first rule that matches wins:
//   1. memory      - the line reports memory: a memory reading above the component's healthy band
//                    (each scenario states its band), out-of-memory, GC distress or a memory-pressure warning.
//   2. performance - the line reports time or throughput: a latency/duration above 4x the healthy median
//                    of that same operation (healthy values never exceed 3x), a timeout or deadline
//                    exceeded, throttling, a queue/backlog/lag above its healthy band, a starved pool.
//   3. error       - the line reports a failure: an exception or failed operation, a 5xx (or a failed 404
//                    the incident causes), a refused/reset connection, a rejected record, a failed
//                    task/retry attempt, a crash-loop back-off.
//   4. pattern     - any other evidence line: a rare or structurally odd message type, unexpected state
//                    changes (circuit breaker transitions, failovers, quarantines), restarts and recoveries
//                    caused by the incident, and routine templates with values far outside their band
//                    that are not latency or memory.
// Healthy values must really stay within 3x of their operation's median (use a bounded lognormal), and
// anomalous latencies must really be above 4x, so the labels are honest.
import { orchardProbeBus } from "./s01-orchard-probe-bus.js";
import { rideDispatchReplica } from "./s02-ride-dispatch-replica.js";
import { portCraneTwistlock } from "./s03-port-crane-twistlock.js";
import { newsroomMigrationCascade } from "./s04-newsroom-migration-cascade.js";
import { courierGeocoderQuota } from "./s05-courier-geocoder-quota.js";
import { libraryFlagFlip } from "./s06-library-flag-flip.js";
import { lotteryEntropyFallback } from "./s07-lottery-entropy-fallback.js";
import { genomicsHeapLeak } from "./s08-genomics-heap-leak.js";
import { chatPresenceLeak } from "./s09-chat-presence-leak.js";
import { dnsDnssecExpiry } from "./s10-dns-dnssec-expiry.js";
import { parkingExitPayment } from "./s11-parking-exit-payment.js";
import { waterUtilityQuietDay } from "./s12-water-utility-quiet-day.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function lagoonScenarios(seed: number): Scenario[] {
  return [
    orchardProbeBus(seed),
    rideDispatchReplica(seed),
    portCraneTwistlock(seed),
    newsroomMigrationCascade(seed),
    courierGeocoderQuota(seed),
    libraryFlagFlip(seed),
    lotteryEntropyFallback(seed),
    genomicsHeapLeak(seed),
    chatPresenceLeak(seed),
    dnsDnssecExpiry(seed),
    parkingExitPayment(seed),
    waterUtilityQuietDay(seed),
  ];
}
