// Family "bog": one frequent failure-looking message fills 25-60% of the window, from a service
// most of whose lines are WARN/ERROR/CRITICAL, steady from the first minute to the last.
// Is it everyday behaviour (decoys, dominant message labelled null) or the incident?
//
// name                                        | dur  | producers                                                                  | what happens                                                                                     | types labelled
// ------------------------------------------- | ---- | -------------------------------------------------------------------------- | ------------------------------------------------------------------------------------------------ | ------------------------
// s01-survey-intake-validator-rejects  (decoy)| 2.5h | structlog JSON validator, python-json-logger access, pino export-worker    | validator rejects ~40% of records at ERROR all day; one export-worker pod leaks heap, OOMs, restarts | memory, pattern
// s02-web-archive-crawler-dead-links   (decoy)| 2h   | zap JSON crawler, Rust tracing WARC writer, journald kernel, nginx JSON    | crawler logs dead links as 404 WARN; WARC storage stalls ~9 min (append >4x median, backlog, hung tasks) | performance
// s03-render-farm-fatal-completions    (decoy)| 3h   | log4j2 JsonLayout scheduler, journald agents + systemd, .NET console JSON  | every completed batch logged at FATAL (misconfig); license daemon killed, ~3 min refused checkouts | error, pattern
// s04-campus-portal-waf-denied-probes  (decoy)| 2h   | Go slog WAF, logstash-logback portal-api, journald chrony/kernel, nginx    | WAF denies scanner probes at WARN; one node's clock steps 94 s, it rejects tokens for ~4 min     | pattern, error
// s05-orchard-frost-gateway-checksum-drops (decoy) | 4h | journald radio gateway, python-json-logger controller, logrus historian | gateway drops CRC-failed frames at ERR all night; historian WAL hits disk quota ~6 min          | error, performance, pattern
// s06-teetime-booking-replica-refused  (incident) | 2h | structlog API, ingress-nginx JSON, k8s events, PG jsonlog, pino       | read replica crash-looping since before window: availability queries refused, 503s all window    | error
// s07-herbarium-imaging-objectstore-timeouts (incident) | 3h | Rust tracing uploader, Serilog compact scanner, k8s events, pino | object store unreachable since before window: every upload times out at 30 s, queue grows        | performance
// s08-cowork-door-policy-unavailable   (incident) | 2.5h | .NET console JSON gateway, Go slog policy-svc, k8s events, pino, logrus | policy service crash-looping (expired cert): every badge check fails 503, offline fallback denies | error, pattern
//
// Labelling rules:
// - A line is labelled when an on-call engineer working that incident would want it pointed at:
//   it reports something the same component does not produce when healthy (a message type it
//   never writes in healthy operation, or a routine message whose value is outside its healthy
//   band: memory above its band, latency above 4x its operation's median).
// - Routine WARN/ERROR/CRITICAL lines that are everyday for that system at their everyday wording
//   and rate are null (the decoys' dominant messages, heartbeat-late warnings, robots.txt skips...).
//   Healthy latencies stay within 3x of their operation's median.
// - Type, first rule that matches: memory (memory above band, OOM, GC distress); performance
//   (latency above 4x median, timeouts, backlog/queue growth, hung tasks); error (failed
//   operations, exceptions, 5xx, refused connections, crash-loop back-offs); pattern (any other
//   evidence line: restarts/start-up lines of a crashed component, clock steps, recovery lines).
// - In the incidents the dominant failure IS the incident: every occurrence is labelled, as are
//   the 5xx access lines and dependency crash-loop lines it causes.
import type { Scenario } from "./types.js";
import s01 from "./s01-survey-intake-validator-rejects.js";
import s02 from "./s02-web-archive-crawler-dead-links.js";
import s03 from "./s03-render-farm-fatal-completions.js";
import s04 from "./s04-campus-portal-waf-denied-probes.js";
import s05 from "./s05-orchard-frost-gateway-checksum-drops.js";
import s06 from "./s06-teetime-booking-replica-refused.js";
import s07 from "./s07-herbarium-imaging-objectstore-timeouts.js";
import s08 from "./s08-cowork-door-policy-unavailable.js";

export type { Scenario, AnomalyType } from "./types.js";

export function bogScenarios(seed: number): Scenario[] {
  return [s01, s02, s03, s04, s05, s06, s07, s08].map((f) => f(seed));
}
