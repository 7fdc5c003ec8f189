// The "dune" family: 10 labelled incidents for the anomaly detector's evaluation.
//
// | name                            | span  | producers                                   | what happens                                                  | labelled types               |
// |---------------------------------|-------|---------------------------------------------|---------------------------------------------------------------|------------------------------|
// | d01-radio-array-scatter         | 4 h   | structured JSON (3 services)                | isolated anomalies of every kind scattered over the window    | performance, error, memory, pattern |
// | d02-forecast-latency-tiers      | 2 h   | slog-style JSON, Python JSON                | ~100x latency tiers; a page-cache eviction slows each tier    | performance, error, pattern  |
// | d03-enrolment-lock-cascade      | 2.5 h | PostgreSQL jsonlog, Spring, Node, edge JSON | migration lock in the DB spreads to API, BFF, edge            | performance, error, pattern  |
// | d04-bgl-nodecard-fault          | 8 h   | Blue Gene RAS records as JSON               | everyday FATAL/CRITICAL noise; a node card fails (~7 % alerts)| error, pattern, performance  |
// | d05-transit-feed-repeats        | 3 h   | pino JSON (numeric levels)                  | five distinct failures, each the same line ~20 times          | error, performance           |
// | d06-vet-records-odd-info        | 4 h   | Elastic ECS JSON, all INFO                  | four odd INFO line kinds recur ~12 times each                 | pattern                      |
// | d07-opendata-nginx-upstream     | 2 h   | nginx JSON access log (no level)            | one upstream slow for ~25 min: seconds, 504, 502/500          | performance, error           |
// | d08-quake-catalog-heap-leak     | 3 h   | logback JSON + unified G1 GC log lines      | heap leak, full GCs, stalls, OOM, restart                     | memory, performance, pattern |
// | d09-pacs-k8s-crashloop          | 2 h   | Fluent Bit-merged k8s JSON, k8s Events      | a rollout crash-loops in one deployment until rolled back     | error, pattern, performance  |
// | d10-snowplow-telemetry-outage   | 1.5 h | structured JSON (4 services)                | full DB disk: most of the window anomalous (>50 % of lines)   | performance, error, memory, pattern |
//
// Labelling rules: a line is labelled when an on-call engineer working the incident would want it
// pointed at; its type is the first that matches of memory (memory above its healthy band, OOM,
// GC distress), performance (latency well above its own operation's normal, timeouts, backlog
// growth), error (failed operations, exceptions, 5xx, crash loops) and pattern (other evidence:
// unusual message types, odd recurring lines, restarts, clock steps, the change that caused it).
// Routine WARN/ERROR/CRITICAL/FATAL lines at their everyday rate are null; normal lines are drawn
// from their healthy bands. Each entry carries its own time and entries are stored oldest first.
import d01 from "./d01-radio-array-scatter.js";
import d02 from "./d02-forecast-latency-tiers.js";
import d03 from "./d03-enrolment-lock-cascade.js";
import d04 from "./d04-bgl-nodecard-fault.js";
import d05 from "./d05-transit-feed-repeats.js";
import d06 from "./d06-vet-records-odd-info.js";
import d07 from "./d07-opendata-nginx-upstream.js";
import d08 from "./d08-quake-catalog-heap-leak.js";
import d09 from "./d09-pacs-k8s-crashloop.js";
import d10 from "./d10-snowplow-telemetry-outage.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function duneScenarios(seed: number): Scenario[] {
  return [d01, d02, d03, d04, d05, d06, d07, d08, d09, d10].map((make) => make(seed));
}
