// Family "mere": tests one rule — a message filling >= 25 % of a window, from a service whose lines are mostly
// WARNING or worse, is the incident when its words say the service failed on its own side (a dependency
// refused / timed out / unreachable / unresolvable, a resource ran out, a maximum exceeded) unless it is
// telemetry on its way out, and routine when its words say a request was turned down for what it carried.
//
// | name                             | min | producers                                              | what happens                                                     | rule                       | labelled types          |
// |----------------------------------|-----|--------------------------------------------------------|------------------------------------------------------------------|----------------------------|-------------------------|
// | m01-webhook-dead-endpoints       | 30  | structlog, slog JSON, structlog                        | retries to long-dead merchant webhook URLs; ledger queries slow  | errs: flags routine flood  | performance             |
// | m02-analytics-queue-full         | 30  | python-json-logger, pino, Celery JSON                  | analytics client queue full, events dropped; image worker OOM    | errs: flags routine flood  | memory                  |
// | m03-longpoll-upstream-timeouts   | 25  | nginx error via Fluent Bit, slog, logback, k8s events  | ingress cuts idle long-polls at 60 s; search-api crash loop      | errs: flags routine flood  | error, pattern          |
// | m04-meters-unreachable           | 30  | zap, log4j2 JsonLayout, pino                           | smart meters out of reach, retried; MDM ingest backlog grows     | errs: flags routine flood  | performance             |
// | m05-jwks-stale-signing-key       | 20  | pino, logback, Bunyan, Keycloak JSON, zap              | gateway rejects every new-key token as invalid (401)             | errs: misses incident      | error                   |
// | m06-thumbnail-access-denied      | 20  | Rust tracing JSON, pino, nginx JSON, structlog         | IAM policy refactor denies thumbnail uploads (403)               | errs: misses incident      | error                   |
// | m07-schema-subject-not-found     | 25  | logback (+ Jetty request log), python-json-logger, zap | schema registry lost subjects; every publish 404s                | errs: misses incident      | error, pattern          |
// | m08-shop-mysql-refused           | 20  | Monolog, nginx combined via Fluent Bit, journald, pino | MySQL fails recovery; every query refused, 500s                  | rule right (incident)      | error                   |
// | m09-retired-endpoint-404         | 25  | .NET JSON console in Docker envelope, logrus, Elixir   | old app builds call retired v1 routes (404); session Redis full  | rule right (routine)       | memory                  |
// | m10-otel-exporter-unreachable    | 30  | Java agent via Fluent Bit, lograge, semantic_logger    | spot-node pods cannot reach the OTel collector; order 500s       | rule right (routine)       | error                   |
//
// Labelling rules:
// - Each window's flood (25-65 % of lines, one dominant message, steady from first minute to last; it began
//   before the window) comes from a service whose lines are mostly WARNING or worse.
// - An everyday flood is null on every line; an incident flood is labelled on every occurrence, and so are the
//   lines it causes elsewhere (refusals, 5xx, forced re-logins, 404s for what never got written, "nothing
//   arrived" warnings).
// - Everyday-flood windows also hold a small real incident elsewhere, labelled on every line it touches.
// - Type, first that matches: memory (memory above its healthy band, OOM kills); performance (latency well above
//   its operation's normal, timeouts, backlog growth); error (failed operations, exceptions, 5xx, crash loops);
//   pattern (other evidence: restarts, unusual messages such as "no events received").
// - Ordinary lines stay in their healthy bands and are null.
import m01 from "./m01-webhook-dead-endpoints.js";
import m02 from "./m02-analytics-queue-full.js";
import m03 from "./m03-longpoll-upstream-timeouts.js";
import m04 from "./m04-meters-unreachable.js";
import m05 from "./m05-jwks-stale-signing-key.js";
import m06 from "./m06-thumbnail-access-denied.js";
import m07 from "./m07-schema-subject-not-found.js";
import m08 from "./m08-shop-mysql-refused.js";
import m09 from "./m09-retired-endpoint-404.js";
import m10 from "./m10-otel-exporter-unreachable.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function mereScenarios(seed: number): Scenario[] {
  return [m01, m02, m03, m04, m05, m06, m07, m08, m09, m10].map((f) => f(seed));
}
