// tarn: one rule, tested from both sides. The rule under test: a failure message that fills a
// quarter or more of the window, from a service whose lines are mostly WARNING or worse, is the
// incident when its words blame a dependency or a resource (refused, reset, timed out,
// unavailable, unreachable, 502-504, name not resolved, circuit open, no space, pool/queue full,
// exhausted, maximum exceeded) and routine when they describe a request turned down (invalid,
// not found, denied, rejected, 4xx). Every window's flood is 25-65 % of its lines, steady from the
// first minute to the last (it began before the window), beside ordinary traffic of other services.
//
// | name                          | dur    | producers                                               | what happens                                                             | rule                         | labelled             |
// |-------------------------------|--------|---------------------------------------------------------|--------------------------------------------------------------------------|------------------------------|----------------------|
// | t01-intranet-legacy-resolver  | 90 min | Vector nginx error + k8s, Serilog compact, slog JSON    | probes poll a retired nginx location (name not resolved); PDF route 500s | errs: flags routine flood    | error                |
// | t02-ledger-collector-gone     | 80 min | logstash-logback, Envoy JSON + k8s, Docker env (GC, JSON)| span export to a switched-off collector fails; batch heap creeps to OOM | errs: flags routine flood    | memory, perf, pattern|
// | t03-catalog-pool-full         | 60 min | python-json-logger, zap, GELF                           | urllib3 "pool is full, discarding" all day; search cluster slows        | errs: flags routine flood    | performance          |
// | t04-gpu-queue-pending         | 100 min| events.k8s.io events, logfmt, Mongo in Docker env, structlog, zap | GPU queue: FailedScheduling for pending jobs; ranker crash-loop  | errs: flags routine flood    | error, pattern       |
// | t05-orders-jwks-stale         | 45 min | pino, OTLP/JSON records, zap, Serilog compact           | stale JWKS: every new-key token refused 401; BFF drops sessions         | errs: misses incident        | error                |
// | t06-billing-grant-lost        | 60 min | Celery JSON, slog JSON, structlog, journald JSON        | table recreated without grant: tasks denied; PDFs 404                   | errs: misses incident        | error                |
// | t07-checkout-key-revoked      | 40 min | semantic_logger, .NET JSON in Docker env, nginx JSON, slog | stale payment key: every charge 401 Invalid API Key; orders parked   | errs: misses incident        | error                |
// | t08-session-redis-refused     | 30 min | Bunyan, Envoy JSON + k8s, rsyslog JSON, zap, pino       | Redis primary down, no failover: ECONNREFUSED; edge 503                 | rule right (incident)        | error                |
// | t09-keycloak-stuffing         | 90 min | Keycloak Quarkus JSON + k8s, Caddy access, slog JSON    | background credential stuffing; SMTP relay slow ~10 min                 | rule right (routine)         | performance          |
// | t10-clickstream-disk-full     | 30 min | Rust tracing JSON, logfmt, GELF, Serilog compact, pino  | writer volume full: ENOSPC on every append; backlog grows, edge sheds  | rule right (incident)        | error, performance   |
//
// Labelling rules. labels[i] is the anomaly type of logs[i], null for normal; the type is the
// first that matches: memory (heap above its healthy band, OOM, GC distress); performance
// (latency well above its operation's normal, timeouts, backlog growth); error (failed
// operations, exceptions, 5xx, crash loops, refusals that are the incident); pattern (other
// evidence: restarts, start-up lines of a restarted process). An everyday flood is null on every
// line, however alarming its words; an incident flood is labelled on every occurrence, and so are
// the lines it causes elsewhere (a BFF dropping sessions, a 404 for invoices never posted, a
// backlog growing, 503s at the edge). Each everyday-flood window holds a small real incident
// elsewhere, labelled. Everything else stays in its healthy band and is null. Entries are oldest
// first by the time each carries; everything is deterministic in the seed.
import t01 from "./t01-intranet-legacy-resolver.js";
import t02 from "./t02-ledger-collector-gone.js";
import t03 from "./t03-catalog-pool-full.js";
import t04 from "./t04-gpu-queue-pending.js";
import t05 from "./t05-orders-jwks-stale.js";
import t06 from "./t06-billing-grant-lost.js";
import t07 from "./t07-checkout-key-revoked.js";
import t08 from "./t08-session-redis-refused.js";
import t09 from "./t09-keycloak-stuffing.js";
import t10 from "./t10-clickstream-disk-full.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function tarnScenarios(seed: number): Scenario[] {
  return [t01, t02, t03, t04, t05, t06, t07, t08, t09, t10].map((make) => make(seed));
}
