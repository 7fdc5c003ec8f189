// estuary: a family of 12 labelled incident logs for judging the anomaly-detection service from the
// outside. Each scenario is a different domain and a different mix of real producers' JSON shapes
// (pino, zap, Rust tracing, structlog, logstash-logback, logrus, Bunyan, python-json-logger, GELF,
// log4j2 JsonLayout and EcsLayout, journald, slog, nginx, lograge, Sidekiq, Docker json-file,
// Fluent Bit with Kubernetes metadata, Kubernetes core/v1 events, Serilog CLEF, PostgreSQL jsonlog,
// Monolog, winston, Envoy). Everything is generated from the seed with a small mulberry32 PRNG:
// the same seed gives byte-identical logs; another seed moves times, ids, volumes, details and where
// the anomalies fall, never the nature of the incident. Logs are oldest first.
//
// Scenarios (lines are approximate; one small incident of 300-600 lines, the rest 2,000-8,000):
//  s01 airline-gate-allocation-lock-contention   3 h  pino: ops-DB locks, deadlocks/lock timeouts/slow gate & duty checks scattered over the whole window from the first minute (error, performance)
//  s02 telecom-smsc-bind-reject-storm            2 h  zap: one identical bind-rejected ERROR repeated hundreds of times, gateway B starved and throttling (error, performance, pattern)
//  s03 warehouse-robot-map-cache-cascade         2 h  tracing/structlog/logback/logrus: Redis pool exhaustion in map-service cascades to path-planner, fleet-manager and robots (performance, error, pattern)
//  s04 streaming-feed-flap-playlist-discontinuities 2.5 h Bunyan/python-json-logger/GELF: a dozen odd multi-line M3U8 INFO lines, ffmpeg restarts, throttled uploads; a routine long INFO line also recurs a dozen times unlabelled (pattern, error, performance)
//  s05 grid-scada-gps-loss-clock-drift           4 h  python-json-logger/log4j2/journald: ERROR/CRITICAL are routine; the real alert is rare gpsd/chronyd/skew lines, then rejected samples (pattern, error)
//  s06 adtech-feature-store-node-latency         2 h  slog (ns durations)/structlog: 4 ms bids become 25-160 ms while the 0.6-1.4 s reporting API is normal; slowness per operation (performance, error)
//  s07 transit-ticketing-peak-db-pool-exhaustion 2 h  nginx JSON access log/lograge/Sidekiq: DB pool exhaustion at the morning peak, 500/502/504 and slow requests (performance, error)
//  s08 claims-jvm-humongous-gc-oom               3 h  Docker-wrapped JVM GC log + logback JSON/python-json-logger: humongous allocations, to-space exhausted, full GCs, OOM, restart (memory, performance, pattern, error)
//  s09 observatory-k8s-calib-worker-oom-loop     4 h  Fluent Bit Kubernetes JSON with trace ids + core/v1 events: calibration pods climb to their memory limit, OOMKilled, CrashLoopBackOff, backlog (memory, error, performance, pattern)
//  s10 payroll-run-tax-table-rollover-collapse   1 h  Serilog CLEF, the small incident (~300-600 lines), mostly anomalous: the new tax table 404s and nearly every employee fails (error, performance, pattern)
//  s11 met-office-ingest-quiet-day               6 h  structlog/PostgreSQL jsonlog/Monolog/journald: a healthy quiet day with routine warnings and routine ERRORs; NO labelled line
//  s12 scooter-telemetry-canary-heap-leak        6 h  winston/Envoy JSON/Fluent Bit raw stderr: one pod's heap climbs slowly for hours while its peers stay flat, then GC thrash, timeouts, V8 OOM (memory, performance, error, pattern)
//
// LABELLING RULES (written once, applied identically in every scenario).
// A line is labelled when an on-call engineer working that incident would want it pointed at: it is
// evidence of the incident, i.e. it reports something the same component does not produce when healthy:
// a message type (template) that component never writes in healthy operation, or a routine template
// whose reported value (latency, memory, size, depth, status) is outside that operation's healthy band.
// Templates and bands are judged per component and per operation (a 600 ms report query is normal,
// a 60 ms bid is not; archive-sync's routine pod-start events are normal, a calibration pod's restart is not).
// Everything else is null (normal): routine WARN/ERROR/CRITICAL lines that are everyday for that system
// at their everyday wording and rate, and requests during the incident that succeed at healthy latency.
// The type is what the line itself reports; the first rule that matches wins:
//   1. memory      - the line reports memory: a memory reading above the component's healthy band
//                    (each scenario states its band), out-of-memory (OutOfMemoryError, OOMKilled/OOM
//                    killer, "heap out of memory"), GC distress (humongous allocations, to-space
//                    exhausted, full GCs, last-GCs dumps) or a memory-pressure warning.
//   2. performance - the line reports time or throughput: a latency/duration above 4x the healthy median
//                    of that same operation (healthy values never exceed 3x), a timeout or deadline
//                    exceeded (including exceptions that say timed out / could not obtain ... within N s,
//                    HTTP 504, Envoy UT), throttling, a queue/backlog/lag above its healthy band, a
//                    starved pool or a GC-starvation warning.
//   3. error       - the line reports a failure: an exception or failed operation, a 5xx (or a failed 404
//                    the incident causes), a refused/reset connection, a rejected record, a failed
//                    task/retry attempt, a crash-loop back-off.
//   4. pattern     - any other evidence line: a rare or structurally odd message type (clock-source loss,
//                    odd multi-line dumps), unexpected state changes (circuit breaker transitions,
//                    SAFE_HOLD, failovers, quarantines, run status changes), restarts and recoveries
//                    caused by the incident, and routine templates with values far outside their band
//                    that are not latency or memory (a 100 MB document where 0.2-4 MB is normal).
import type { Scenario } from "./types.js";
import { s01AirlineGateLockContention } from "./s01-airline-gate-lock-contention.js";
import { s02TelecomSmppBindStorm } from "./s02-telecom-smpp-bind-storm.js";
import { s03WarehouseRobotCascade } from "./s03-warehouse-robot-cascade.js";
import { s04StreamingPackagerDiscontinuities } from "./s04-streaming-packager-discontinuities.js";
import { s05GridScadaClockDrift } from "./s05-grid-scada-clock-drift.js";
import { s06AdtechFeatureStoreLatency } from "./s06-adtech-feature-store-latency.js";
import { s07TransitTicketingDbPool } from "./s07-transit-ticketing-db-pool.js";
import { s08ClaimsJvmGcPressure } from "./s08-claims-jvm-gc-pressure.js";
import { s09ObservatoryK8sCalibOom } from "./s09-observatory-k8s-calib-oom.js";
import { s10PayrollRunTaxTableCollapse } from "./s10-payroll-run-tax-table-collapse.js";
import { s11MetOfficeQuietDay } from "./s11-met-office-quiet-day.js";
import { s12ScooterTelemetryHeapLeak } from "./s12-scooter-telemetry-heap-leak.js";

export type { AnomalyType, Scenario } from "./types.js";

export function estuaryScenarios(seed: number): Scenario[] {
  return [
    s01AirlineGateLockContention(seed),
    s02TelecomSmppBindStorm(seed),
    s03WarehouseRobotCascade(seed),
    s04StreamingPackagerDiscontinuities(seed),
    s05GridScadaClockDrift(seed),
    s06AdtechFeatureStoreLatency(seed),
    s07TransitTicketingDbPool(seed),
    s08ClaimsJvmGcPressure(seed),
    s09ObservatoryK8sCalibOom(seed),
    s10PayrollRunTaxTableCollapse(seed),
    s11MetOfficeQuietDay(seed),
    s12ScooterTelemetryHeapLeak(seed),
  ];
}
