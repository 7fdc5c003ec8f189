/**
 * taiga: twelve labelled incidents written blind (without looking at how the detector works),
 * each from a different domain, every entry a JSON object as its producer writes it (pino, zap,
 * Go slog, logrus, Rust tracing, log4j2 JsonLayout and EcsLayout, logstash-logback-encoder,
 * lograge, Serilog compact JSON, hclog, structlog, python-json-logger, GELF, OpenTelemetry,
 * journald, PostgreSQL jsonlog, Elasticsearch's slow log, Envoy and ingress-nginx access logs,
 * Kubernetes events, Fluent Bit/Docker envelopes with Kubernetes metadata), oldest first.
 *
 * LABELLING RULES (the same in every scenario)
 *
 * A line is anomalous when a careful on-call engineer would want it pointed at: it reports the
 * incident, a symptom of it, or a consequence of it. Its type is what the line itself reports:
 * - memory: memory readings above the healthy band (more than about 15 % over the highest reading
 *   the same process shows when healthy, or near a limit: heap, RSS, Redis maxmemory), GC lines of
 *   a leak or of a full heap (heap left after collection above the healthy band, pauses more than
 *   three times the healthy maximum, Full GCs, to-space exhaustion), out-of-memory errors and
 *   kills, and the restart sequence of a process killed for memory (kill, back-off and start
 *   events, the restarted process's startup lines).
 * - performance: a duration more than three times the longest the same operation (service and
 *   route, or task) takes when healthy (the anomalous ones are in practice 5-100x their operation's
 *   median, whatever other services' normal times are); timeouts, deadline exceeded, cancelled
 *   requests and 504s; things that wait or stall (pool waiters, dropped/queued work, consumer lag
 *   and backpressure during an incident, probes timing out, local pauses).
 * - error: failures that are not part of the routine background: exceptions, 5xx responses,
 *   refused or reset connections, unavailable dependencies, failed deserialization, aborted
 *   failovers, nodes marked down or flapping, degraded results served because something failed,
 *   hardware and kernel alerts of kinds the log otherwise lacks (RAS), restarts that are not
 *   memory kills, and the callers' failures caused by those.
 * - pattern: lines that fail nothing and are not slow or memory but whose kind, shape or content
 *   is unusual: very long dumped objects or payloads, SQL with hundreds of ids, stray debug prints,
 *   absurd values (zero FX rates, a certificate expiring in 0 days), config changed by an unknown
 *   actor, giant probing usernames, header dumps.
 * When a line could take two types, the order above decides (memory before performance before
 * error before pattern): an OutOfMemoryError is memory, a timeout at ERROR level is performance.
 *
 * Normal (null): routine traffic of every kind; routine WARNs (declined payments, validation
 * rejects, deprecated fields, retried commits, widened search radii, cache misses); ERROR,
 * CRITICAL, FATAL or FAILURE lines that recur at a steady rate through the whole window and
 * need no action (a flaky third party the service retries and falls back from, users' jobs that
 * fail to load, known-bad hardware reporting all day, scanners' failed SSH logins, kubelet's
 * cAdvisor complaints, invalid phone numbers); outliers that recur at a steady rate through the
 * whole window (a database's routine slow statements of 0.5-0.9 s, a document store answering in
 * 1-2 s now and then: they belong to the healthy maximum of their operation); values inside or
 * within three times their healthy range (a ramp's first steps are normal until they leave it);
 * healthy requests during an incident; the root cause's routine-looking trigger (an automatic
 * ANALYZE, a deploy line); remediation by operators and the all-clear after an incident
 * (promotions, re-analysis, node restarts, "reachable again", hint replays).
 * In the cascade (s03) every line caused by the fault is anomalous, including those that are only
 * slower than usual. Scenario s05 is a healthy night: every label is null.
 */
import { s01DinnerRushMesh } from "./s01-dinner-rush-mesh.js";
import { s02NeobankLatencyTiers } from "./s02-neobank-latency-tiers.js";
import { s03FarePoolCascade } from "./s03-fare-pool-cascade.js";
import { s04BluegeneRas } from "./s04-bluegene-ras.js";
import { s05QuietClusterJournal } from "./s05-quiet-cluster-journal.js";
import { s06ClaimsRecurringErrors } from "./s06-claims-recurring-errors.js";
import { s07CampusOddInfo } from "./s07-campus-odd-info.js";
import { s08ParcelLabelOom } from "./s08-parcel-label-oom.js";
import { s09ArenaSessionStorm } from "./s09-arena-session-storm.js";
import { s10MeterWritesDegraded } from "./s10-meter-writes-degraded.js";
import { s11HomesNginxUpstream } from "./s11-homes-nginx-upstream.js";
import { s12FhirHeapLeak } from "./s12-fhir-heap-leak.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function taigaScenarios(seed: number): Scenario[] {
  return [
    s01DinnerRushMesh(seed),
    s02NeobankLatencyTiers(seed),
    s03FarePoolCascade(seed),
    s04BluegeneRas(seed),
    s05QuietClusterJournal(seed),
    s06ClaimsRecurringErrors(seed),
    s07CampusOddInfo(seed),
    s08ParcelLabelOom(seed),
    s09ArenaSessionStorm(seed),
    s10MeterWritesDegraded(seed),
    s11HomesNginxUpstream(seed),
    s12FhirHeapLeak(seed),
  ];
}
