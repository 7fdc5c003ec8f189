/**
 * The savanna family: twelve labelled incident logs for judging an incident-log
 * anomaly-detection service from the outside. Each scenario is a whole incident window as its
 * producers wrote it (JSON objects with their own field names, oldest first), from a
 * different domain and a different mix of producers: Go zap and winston (video streaming),
 * OpenTelemetry log records and structlog (analytics dashboards), logstash-logback-encoder,
 * PostgreSQL jsonlog and Envoy (airline booking), a RAS event export (supercomputer),
 * journald (CI runners), Serilog compact (online learning), pino (ticketing),
 * python-json-logger (game backend), Rust tracing (IoT telemetry), Caddy (transit planner),
 * log4j2 JsonLayout with a JVM GC log and Kubernetes events behind Fluent Bit (listings
 * search), and Go slog, ingress-nginx and events.k8s.io events (telehealth rollout).
 * Everything is generated deterministically from a seed; different seeds give the same
 * incidents with different times, ids, volumes and details.
 *
 * LABELLING RULES (applied the same way in every scenario)
 *
 * A line is labelled when an on-call engineer working the incident would want it pointed at:
 * it reports the incident, was caused by it, or is out of the ordinary in its own right.
 * Its type is what the line itself reports, first match wins:
 *
 *  1. memory: memory use abnormal for that process: heap / RSS / after-GC occupancy or
 *     buffer memory above the range it keeps when healthy (and climbing), GC thrash (full
 *     collections, to-space exhausted), OutOfMemoryError, cgroup OOM kills, jobs killed at
 *     the memory limit, memory watermark alarms.
 *  2. performance: an operation slower than that same operation's own healthy range (judged
 *     per operation, never globally: a 40 ms cache call is slow, a 4 s report is not), and
 *     timeouts of any kind (read/deadline/lock/statement timeouts, HTTP 504, probes that
 *     time out), plus retries, backlogs, lag and pool saturation whose stated cause is
 *     slowness. A failed request that took far longer than the operation ever does is
 *     performance too.
 *  3. error: a failure caused by the incident: exceptions, 5xx other than 504 answered
 *     quickly, connection refused/reset, crashes and non-zero exits, failed probes, rejected
 *     or dropped work, a circuit breaker opening or re-opening, hardware faults, retries
 *     after failures, degraded answers served because of a failure.
 *  4. pattern: a line of the incident that reports no failure, slowness or memory itself but
 *     is out of the ordinary: a message kind the log otherwise lacks, or one recurring far
 *     above its usual rate; abnormal length or content (a dumped multi-KB payload, an IN list
 *     of a hundred literal ids, a certificate expiring in 0 days, a change made by an unknown
 *     actor, a scraper's odd requests); and lifecycle lines the incident caused or that
 *     changed the system (the change that started it, restarts and startup banners of a
 *     replacement process, failovers, rollbacks, breaker half-open/closed transitions,
 *     service actions).
 *
 * Normal (null): everything else, including WARN/ERROR/CRITICAL/FATAL lines whose kind occurs
 * at its usual rate through the healthy part of the log (expected 4xx, client mistakes,
 * failed CI builds, scanner noise, a component that is noisy all day, routine hardware
 * noise), housekeeping at normal values (GC, checkpoints, stats), and lines written during
 * the incident that are themselves healthy (a request answered in its normal time).
 */
import type { Scenario } from "./types.js";
import { s01VideoMesh } from "./s01-video-mesh.js";
import { s02LatencyBands } from "./s02-latency-bands.js";
import { s03SeatCascade } from "./s03-seat-cascade.js";
import { s04RasEcc } from "./s04-ras-ecc.js";
import { s05QuietRunners } from "./s05-quiet-runners.js";
import { s06RecurringErrors } from "./s06-recurring-errors.js";
import { s07OddInfo } from "./s07-odd-info.js";
import { s08NoisyNeighbour } from "./s08-noisy-neighbour.js";
import { s09IngestMeltdown } from "./s09-ingest-meltdown.js";
import { s10ProxyUpstream } from "./s10-proxy-upstream.js";
import { s11JvmLeak } from "./s11-jvm-leak.js";
import { s12RolloutCrashloop } from "./s12-rollout-crashloop.js";

export type { AnomalyType, Scenario } from "./types.js";

export function savannaScenarios(seed: number): Scenario[] {
  return [
    s01VideoMesh(seed),
    s02LatencyBands(seed),
    s03SeatCascade(seed),
    s04RasEcc(seed),
    s05QuietRunners(seed),
    s06RecurringErrors(seed),
    s07OddInfo(seed),
    s08NoisyNeighbour(seed),
    s09IngestMeltdown(seed),
    s10ProxyUpstream(seed),
    s11JvmLeak(seed),
    s12RolloutCrashloop(seed),
  ];
}
