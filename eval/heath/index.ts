// heath: twelve labelled synthetic incident-log scenarios, written blind (from the seed design, the log-format
// section of the stream contract and the Scenario type only). Each is a pure function of its seed.
//
// name | duration | producers | what happens | types labelled
// ferry-booking-scatter | 3 h | pino-http, zap, logback, structlog | flaky HSM from minute 1; 502 by status | E P T
// seismograph-latency-tiers | 2 h | tracing, slog, pino, structlog, journald | RAID: 2 ms append 10-60 ms | P E T
// museum-ticketing-cascade | 2 h, 6k | nginx, pino, logback, CLEF, structlog | lock, pool, breaker, edge 5xx | P E T
// pager-gateway-refused-flood | 1.5 h | logback, rsyslog, structlog, GELF | refused line ~1,000x; >50% bad | E P T
// satellite-cas-routine-noise | 4 h | logback, tracing, CLEF, journald | noisy, long INFO x12; HSM blip | E T P
// vineyard-irrigation-noisy-alarms | 6 h | slog, GELF, structlog, journald | noisy; short main-line burst | T E
// library-selfcheckout-heap-oom | 5 h | logback, GC envelopes, pino, zap, k8s events | leak, OOM, restart | M P E T
// bloodbank-coldchain-heap-creep | 8 h | pino, trace-gc, tracing, CLEF | leak, no OOM; 3 ms vs 280 ms | M P
// chess-server-store-outage | 1 h | zap, tracing, nginx, pino, sentinel | shard down all window; >50% bad | E P T
// port-crane-status-flip | 3 h | nginx, slog, logback, structlog | 403 and state by field only; 2 vs 300 ms | E T
// fire-panel-garbled-frames | 2 h | rsyslog, zap, logback, pino-http | hex-dump INFO x12, flood cascade | T E P
// tide-gauge-quiet-day | 24 h | slog, structlog, nginx, logback, k8s events | healthy, routine WARN/ERROR | none
// (types: M memory, P performance, E error, T pattern)
//
// LABELLING RULES
// A line is labelled when an on-call engineer working that incident would want it pointed at: it is evidence of the
// incident, i.e. it reports something the same component does not produce when healthy: a message type (template)
// that component never writes in healthy operation, or a routine template whose reported value (latency, memory,
// size, depth, status) is outside that operation's healthy band. Templates and bands are judged per component and
// per operation. Everything else is null (normal): routine WARN/ERROR/CRITICAL lines that are everyday for that
// system at their everyday wording and rate, and requests during the incident that succeed at healthy latency.
// The type is what the line itself reports; the first rule that matches wins:
//   1. memory - the line reports memory: a memory reading above the component's healthy band (each scenario states
//      its band), out-of-memory, GC distress or a memory-pressure warning.
//   2. performance - the line reports time or throughput: a latency/duration above 4x the healthy median of that
//      same operation (healthy values never exceed 3x), a timeout or deadline exceeded, throttling, a
//      queue/backlog/lag above its healthy band, a starved pool.
//   3. error - the line reports a failure: an exception or failed operation, a 5xx (or a 4xx the incident causes),
//      a refused/reset connection, a rejected record, a failed task/retry attempt, a crash-loop back-off.
//   4. pattern - any other evidence line: a rare or structurally odd message type, unexpected state changes
//      (circuit breaker transitions, failovers, quarantines), restarts and recoveries caused by the incident, and
//      routine templates with values far outside their band that are not latency or memory.
// Healthy values really stay within 3x of their operation's median (a bounded lognormal), and anomalous latencies
// are really above 4x, so the labels are honest. Each scenario file states its healthy bands in a comment.
import { ferryBookingScatter } from "./s01-ferry-booking-scatter.js";
import { seismographLatencyTiers } from "./s02-seismograph-latency-tiers.js";
import { museumTicketingCascade } from "./s03-museum-ticketing-cascade.js";
import { pagerGatewayRefusedFlood } from "./s04-pager-gateway-refused-flood.js";
import { satelliteCasRoutineNoise } from "./s05-satellite-cas-routine-noise.js";
import { vineyardIrrigationNoisyAlarms } from "./s06-vineyard-irrigation-noisy-alarms.js";
import { librarySelfcheckoutHeapOom } from "./s07-library-selfcheckout-heap-oom.js";
import { bloodbankColdchainHeapCreep } from "./s08-bloodbank-coldchain-heap-creep.js";
import { chessServerStoreOutage } from "./s09-chess-server-store-outage.js";
import { portCraneStatusFlip } from "./s10-port-crane-status-flip.js";
import { firePanelGarbledFrames } from "./s11-fire-panel-garbled-frames.js";
import { tideGaugeQuietDay } from "./s12-tide-gauge-quiet-day.js";
import type { Scenario } from "./types.js";

export function heathScenarios(seed: number): Scenario[] {
  return [
    ferryBookingScatter(seed),
    seismographLatencyTiers(seed),
    museumTicketingCascade(seed),
    pagerGatewayRefusedFlood(seed),
    satelliteCasRoutineNoise(seed),
    vineyardIrrigationNoisyAlarms(seed),
    librarySelfcheckoutHeapOom(seed),
    bloodbankColdchainHeapCreep(seed),
    chessServerStoreOutage(seed),
    portCraneStatusFlip(seed),
    firePanelGarbledFrames(seed),
    tideGaugeQuietDay(seed),
  ];
}
