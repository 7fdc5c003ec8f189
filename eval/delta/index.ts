// The "delta" family: twelve labelled incident logs, written blind (from the log-format contract
// and the prototype's four anomaly types only) to judge the detector from the outside. Each
// scenario is a whole incident window (1.5-6 hours and 2,000-8,000 entries, except one small
// incident of 300-600), entries oldest first, as real producers write them: pino, log/slog,
// structlog, logstash-logback, PostgreSQL jsonlog, Envoy and nginx access logs, a Blue Gene RAS
// log, journald exports, python-json-logger, Serilog CLEF, log4j2 JSONLayout and JVM GC logs via
// Fluent Bit, OpenTelemetry-style fields, zap, Kubernetes events, CoreDNS, GELF. None is an
// e-commerce shop. Seeds change times, ids, volumes, details and where the anomalies fall, never
// the incident itself; the same seed always gives byte-identical logs.
//
//   s01 ride-hailing micro-services, anomalies scattered over the whole window
//   s02 online banking: a 2 ms cache and a 2 s report; only the cache path gets slow
//   s03 clinic booking: a migration's table lock spreads to callers (timeouts, breaker, 5xx)
//   s04 supercomputer RAS log: FATAL is everyday, a node-card power fault is the real alert
//   s05 a quiet, noisy, healthy day of a research cluster's syslog: no labelled line at all
//   s06 smart-meter ingestion: five error lines repeated 15-30 times each, almost no ERROR before
//   s07 university LMS: unusual INFO lines (long message, 100+ id SQL, cert in 0 days, unknown actor)
//   s08 transit API nginx access/error log with a degrading upstream
//   s09 JVM quote engine: GC log and heap leak to OutOfMemoryError
//   s10 Kubernetes fleet tracking: node memory pressure, evictions
//   s11 ISP DNS resolvers: most of the log is the outage (over half the lines labelled)
//   s12 small: Celery workers and a Redis broker hitting maxmemory
//
// LABELLING RULES (the same in every scenario)
// A line is labelled when an on-call engineer working the incident would want it pointed at: it
// reports the incident, was caused by it, or is out of the ordinary in its own right. Its type
// is what the line itself reports, first match wins:
//   1. memory: memory use abnormal for that process (heap/RSS/after-GC occupancy above its
//      healthy range and climbing, GC thrash, OutOfMemoryError, OOM kills, memory-pressure
//      evictions, memory watermark alarms).
//   2. performance: an operation slower than that same operation's own healthy range (judged
//      per operation, never globally), timeouts of any kind, and retries/backlogs/lag/pool
//      saturation whose stated cause is slowness.
//   3. error: a failure caused by the incident: exceptions, 5xx (other than 504) answered
//      quickly, connection refused/reset, crashes, non-zero exits, failed probes, rejected or
//      dropped work, circuit breakers opening, hardware faults.
//   4. pattern: a line of the incident that reports no failure, slowness or memory itself but
//      is out of the ordinary: a message kind the log otherwise lacks, or one recurring far
//      above its usual rate; abnormal length or content; lifecycle lines the incident caused
//      or that changed the system (the change that started it, restarts, failovers, rollbacks).
// Normal (null): everything else, including WARN/ERROR/CRITICAL/FATAL lines whose kind occurs at
// its usual rate through the healthy part of the log, housekeeping at normal values, and
// healthy lines written during the incident.
import { rideHailingMesh } from "./s01-ride-hailing-mesh.js";
import { bankingLatencyScales } from "./s02-banking-latency-scales.js";
import { clinicDbLockCascade } from "./s03-clinic-db-lock-cascade.js";
import { hpcRasEventlog } from "./s04-hpc-ras-eventlog.js";
import { quietClusterSyslog } from "./s05-quiet-cluster-syslog.js";
import { meterIngestRepeatedErrors } from "./s06-meter-ingest-repeated-errors.js";
import { lmsUnusualInfo } from "./s07-lms-unusual-info.js";
import { nginxUpstreamDegrading } from "./s08-nginx-upstream-degrading.js";
import { jvmGcLeak } from "./s09-jvm-gc-leak.js";
import { k8sMemoryPressure } from "./s10-k8s-memory-pressure.js";
import { dnsResolverOutage } from "./s11-dns-resolver-outage.js";
import { libraryCeleryBrokerOom } from "./s12-library-celery-broker-oom.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function deltaScenarios(seed: number): Scenario[] {
  return [
    rideHailingMesh(seed),
    bankingLatencyScales(seed),
    clinicDbLockCascade(seed),
    hpcRasEventlog(seed),
    quietClusterSyslog(seed),
    meterIngestRepeatedErrors(seed),
    lmsUnusualInfo(seed),
    nginxUpstreamDegrading(seed),
    jvmGcLeak(seed),
    k8sMemoryPressure(seed),
    dnsResolverOutage(seed),
    libraryCeleryBrokerOom(seed),
  ];
}
