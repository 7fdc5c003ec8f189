// Fell: ten labelled synthetic incident-log scenarios (each a pure function of its seed).
// name | duration | producers | what happens | types labelled
// baggage-sorter-jam-scatter | 3 h | zap, slog, pino | jams, slow scans, tag read failures from min 1 | perf err pat
// telescope-correlator-heap-leak | 6 h | logback, GC env, tracing, structlog | heap leak, no OOM | mem perf
// ski-kiosk-refused-flood | ~100 min | pino, journald, GELF | acquirer refused from start, >50% bad | err pat
// milking-robot-herd-db-cascade | 8 h | slog, tracing, nginx, zap | herd DB lock cascade, ~5.7k lines | perf err pat
// ivr-trunk-noisy-alarms | 4 h | CLEF, GELF, journald | routine ERROR/CRITICAL, rare carrier outage | err perf pat
// timetable-solver-oom-loop | 5 h | structlog, nginx, k8s events | leak to OOMKilled, crash loop | mem err pat
// bus-validator-field-flip | 4 h | GELF, slog, nginx | scattered failures seen only in field values | err perf
// auction-ledger-outage | ~2 h | zap, logback, nginx | ledger down from start, identical refusals | err pat
// greenhouse-climate-quiet-day | 12 h | slog, GELF, journald, pino | healthy day, routine noise only | none
// wind-farm-opc-cascade | 6 h | logback, CLEF, nginx, journald | OPC backlog to poll timeouts to 502s | perf err pat
//
// LABELLING RULES
// A line is labelled when an on-call engineer working that incident would want it pointed at: it is evidence
// of the incident, i.e. it reports something the same component does not produce when healthy: a message type
// (template) that component never writes in healthy operation, or a routine template whose reported value
// (latency, memory, size, depth, status) is outside that operation's healthy band. Templates and bands are
// judged per component and per operation. Everything else is null (normal): routine WARN/ERROR/CRITICAL lines
// that are everyday for that system at their everyday wording and rate, and requests during the incident that
// succeed at healthy latency.
// The type is what the line itself reports; the first rule that matches wins:
//   1. memory - the line reports memory: a memory reading above the component's healthy band (each scenario
//      states its band), out-of-memory, GC distress or a memory-pressure warning.
//   2. performance - the line reports time or throughput: a latency/duration above 4x the healthy median of
//      that same operation (healthy values never exceed 3x), a timeout or deadline exceeded, throttling, a
//      queue/backlog/lag above its healthy band, a starved pool.
//   3. error - the line reports a failure: an exception or failed operation, a 5xx (or a 4xx the incident
//      causes), a refused/reset connection, a rejected record, a failed task/retry attempt, a crash-loop
//      back-off.
//   4. pattern - any other evidence line: a rare or structurally odd message type, unexpected state changes
//      (circuit breaker transitions, failovers, quarantines), restarts and recoveries caused by the incident,
//      and routine templates with values far outside their band that are not latency or memory.
// Healthy values must stay within 3x of their operation's median (bounded lognormal), anomalous latencies
// above 4x. Each scenario file states its healthy bands in a comment.

import { baggageSorterJamScatter } from "./s01-baggage-sorter-jam-scatter.js";
import { telescopeCorrelatorHeapLeak } from "./s02-telescope-correlator-heap-leak.js";
import { skiKioskRefusedFlood } from "./s03-ski-kiosk-refused-flood.js";
import { milkingRobotHerdDbCascade } from "./s04-milking-robot-herd-db-cascade.js";
import { ivrTrunkNoisyAlarms } from "./s05-ivr-trunk-noisy-alarms.js";
import { timetableSolverOomLoop } from "./s06-timetable-solver-oom-loop.js";
import { busValidatorFieldFlip } from "./s07-bus-validator-field-flip.js";
import { auctionLedgerOutage } from "./s08-auction-ledger-outage.js";
import { greenhouseClimateQuietDay } from "./s09-greenhouse-climate-quiet-day.js";
import { windFarmOpcCascade } from "./s10-wind-farm-opc-cascade.js";
import type { Scenario } from "./types.js";

export function fellScenarios(seed: number): Scenario[] {
  return [
    baggageSorterJamScatter(seed),
    telescopeCorrelatorHeapLeak(seed),
    skiKioskRefusedFlood(seed),
    milkingRobotHerdDbCascade(seed),
    ivrTrunkNoisyAlarms(seed),
    timetableSolverOomLoop(seed),
    busValidatorFieldFlip(seed),
    auctionLedgerOutage(seed),
    greenhouseClimateQuietDay(seed),
    windFarmOpcCascade(seed),
  ];
}
