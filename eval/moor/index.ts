// The "moor" family: twelve labelled synthetic incidents written blind (from the seed design and the
// stream contract's log format only), each a pure function of its seed.
//
// name | duration | producers | what happens | types labelled
// ski-lift-grip-scatter | ~4 h | Go slog, pino, Rust tracing | worn grips on one chairlift: failed grip tests, low grip-force readings, slow Modbus polls, rejected samples, scattered from the first minute (~5 %) | performance, error, pattern
// pharmacy-robot-jam-loop | ~55 min | Serilog CLEF, logback JSON, nginx JSON | robot RX-2 jams and repeats the same jam error hundreds of times; orders back up, fail, reroute; ward terminals get 503s (mostly anomalous) | performance, error, pattern
// crew-roster-pool-cascade | ~2 h | Envoy JSON, logback JSON (3 services), pino | roster publication run starves legality-engine's pool; timeouts cascade to roster-api (breaker opens), gateway 504/503 (status only) and the BFF (~6,000 lines) | performance, error, pattern
// hpc-ras-power-module | ~6 h | rsyslog JSON (ras-kernel, ipmiseld), journald JSON (slurmctld, slurmd) | routine CRITICAL/ERROR RAS noise (~18 % CRITICAL in ras-kernel); real alert is a rare power-module fault; 8 nodes DOWN, jobs killed | error, pattern
// ground-station-encoder-drift | ~8 h | zerolog, structlog, Go slog | routine demod errors/warnings; an azimuth encoder glitches: discontinuities, ~650-char servo snapshot INFO lines, tracking error out of band, lost frames, aborted passes | error, pattern
// brewery-aggregator-leak-oom | ~10 h | structlog, zap, Monolog, Kubernetes events | aggregator leaks memory, warns, slows, is OOM-killed, restarts, replays backlog, leaks again | memory, performance, error, pattern
// elevator-fleet-heap-leak | ~5 h | zap, logback JSON, JVM GC lines in container envelope, Rust tracing | JVM heap leak without OOM: heap after GC climbs, full GCs, 300 ms reports and 2 ms cache reads both slow | memory, performance, error
// print-farm-firmware-brick | ~40 min | python-json-logger, Elixir logger_json, Go slog | firmware rollout breaks most printers' hotend readings: heater faults, shutdowns, failed jobs, quarantines, queue backlog (mostly anomalous) | performance, error, pattern
// stadium-gates-shard-503 | ~2 h | nginx JSON, Go slog, journald JSON, pino, Redis log in envelope | Redis replica resync: scans 503 only in ingress status, OFFLINE only in a turnstile field; 2 ms lookups and 300 ms seat maps slow | performance, error, pattern
// cdn-purge-kafka-cascade | ~3 h | Kafka log4j in envelope, zap, log4j2 JSON, Rust tracing, nginx JSON | stalling broker disk: the same produce-timeout error repeated hundreds of times, 503s, consumer lag, late purges, negative-cached 404s, broker restart | performance, error, pattern
// bikeshare-dock-firmware-leak | ~6 h | GELF, Rails lograge JSON, Elixir logger_json | 8 docks on a leaky firmware all day: high-heap heartbeats, slow locks, ~650-char lock diag INFO dumps, watchdog reboots, failed rentals, scattered from the first minute | memory, performance, error, pattern
// tolling-gantries-quiet-day | ~20 h | zerolog, logback JSON, structlog, nginx JSON | healthy day with routine warnings/errors only | none
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
// anomalous latencies must really be above 4x, so the labels are honest. Each scenario file states its
// healthy bands in a comment.
import { skiLiftGripScatter } from "./s01-ski-lift-grip-scatter.js";
import { pharmacyRobotJamLoop } from "./s02-pharmacy-robot-jam-loop.js";
import { crewRosterPoolCascade } from "./s03-crew-roster-pool-cascade.js";
import { hpcRasPowerModule } from "./s04-hpc-ras-power-module.js";
import { groundStationEncoderDrift } from "./s05-ground-station-encoder-drift.js";
import { breweryAggregatorLeakOom } from "./s06-brewery-aggregator-leak-oom.js";
import { elevatorFleetHeapLeak } from "./s07-elevator-fleet-heap-leak.js";
import { printFarmFirmwareBrick } from "./s08-print-farm-firmware-brick.js";
import { stadiumGatesShard503 } from "./s09-stadium-gates-shard-503.js";
import { cdnPurgeKafkaCascade } from "./s10-cdn-purge-kafka-cascade.js";
import { bikeshareDockFirmwareLeak } from "./s11-bikeshare-dock-firmware-leak.js";
import { tollingGantriesQuietDay } from "./s12-tolling-gantries-quiet-day.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function moorScenarios(seed: number): Scenario[] {
  return [
    skiLiftGripScatter(seed),
    pharmacyRobotJamLoop(seed),
    crewRosterPoolCascade(seed),
    hpcRasPowerModule(seed),
    groundStationEncoderDrift(seed),
    breweryAggregatorLeakOom(seed),
    elevatorFleetHeapLeak(seed),
    printFarmFirmwareBrick(seed),
    stadiumGatesShard503(seed),
    cdnPurgeKafkaCascade(seed),
    bikeshareDockFirmwareLeak(seed),
    tollingGantriesQuietDay(seed),
  ];
}
