// shoal: ten incidents that test two new detector rules, "a value its message rarely carries"
// (an odd magnitude or an "unknown"-like word in a settings token) and "a length its message
// rarely has" (a line >= 3x its template's median length).
//
// | name                                        | span | producers                                              | what happens                                                                                          | labelled types                 |
// |---------------------------------------------|------|--------------------------------------------------------|-------------------------------------------------------------------------------------------------------|--------------------------------|
// | h01-shield-cache-no-store-ttl-zero          | 3h   | ECS JSON (cdn-shield), nginx JSON, pino (catalog-api)  | shield admits no-store responses with ttl=0s among ttl=120-900s; catalog-api loses Postgres for 6 min | error, performance             |
// | h02-cdc-loader-tail-batch-rows              | 4h   | Python JSON (orders-loader), slog (cdc-relay), k8s JSON| rows=5000 batches + a rows=3-95 tail batch every run; one run: warehouse disk full                   | memory, error                  |
// | h03-dispatch-idp-admin-day-token            | 2h   | logback JSON (auth-server), slog (route-gateway), ECS  | admin-console tokens ttl=86400s among 300-900s; service accounts role=unknown; LDAP stall             | performance, error             |
// | h04-outdoor-shop-vpn-country-big-carts      | 2.5h | pino (storefront-bff, cart-svc), Rails lograge         | VPN sessions country=unknown; 18-34-item carts in one long line; card processor slows                 | performance, error             |
// | h05-orders-graphql-4xx-query-echo           | 1.5h | pino (graphql-gateway), Python JSON, nginx JSON        | gateway echoes the whole query on 4xx; probes client=unknown; orders-svc DB pool exhausted            | error, performance             |
// | h06-telemetry-ingest-burst-buffer-grow      | 5h   | zap (ingest), slog (tsdb-writer), k8s JSON (keda)      | buf_cap=4096 -> 262144 in hourly fleet bursts; legacy agents tenant=unknown; tsdb-writer OOMKilled    | memory, performance            |
// | h07-payments-ledger-timeout-hotfix-profile  | 3h   | logback JSON (payments-core), ECS (ledger), nginx JSON | pod 2 back on a hotfix profile with timeout_ms=300000 (vs 3000); ledger locks; pod 2 hangs, saturates | pattern, performance, error    |
// | h08-treasury-release-approver-unrecognized  | 6h   | Python JSON (treasury-api), slog, logback, nginx JSON  | three ~49k EUR releases with approver=unrecognized; bank SFTP auth fails; screening slow spell        | pattern, error, performance    |
// | h09-marketplace-session-claims-stuffed      | 2h   | pino (session-svc), nginx JSON, ECS (profile-api)      | forged token with 300 groups: ~7 KB claims logged whole among ~90-char ones; nginx 502s; Redis slow   | pattern, error, performance    |
// | h10-media-thumbnailer-width-bomb            | 1h   | Python JSON (thumbnailer), nginx JSON, k8s JSON        | width=48000 (vs 160-800) requests: worker memory high, OOMKilled, edge 502s                           | pattern, memory, error         |
//
// Labelling rules: a line is labelled only where an on-call engineer would want it pointed at.
// - error: a failed request or operation (5xx, exceptions, failed uploads/logins, executor rejections).
// - performance: a request or call far slower than its peers, or a timeout.
// - memory: memory pressure lines (high rss/heap, OOMKilled).
// - pattern: an INFO line whose value or length is itself the problem (an absurd setting, an actor
//   nobody knows, a payload dumped whole). Everyday odd values (ttl=0s for no-store, a tail batch, a
//   day-long admin token, role/country/client/tenant=unknown, a 4xx echo, a big cart) are null.
// - Lines around an incident that look routine (restarts, requests that succeeded fast) stay null.
//
// Rule each scenario tries to break (h01-h06, labelled null) or where it is right (h07-h10):
// - h01 breaks 1a: ttl=0s (1 digit) among ttl=120/300/600/900s (3 digits), ~3% of "cache admit" lines.
// - h02 breaks 1a: tail batch rows=3-95 (1-2 digits) among rows=5000 (4 digits), ~3% of "flushed batch" lines.
// - h03 breaks 1a and 1b: ttl=86400s (5 digits) among 300-900s (~1.5%); role=unknown for service accounts (~3%).
// - h04 breaks 1b and 2: country=unknown for VPN users (~3%); multi-item cart lines 3-6x the median (~2.5%).
// - h05 breaks 2 and 1b: 4xx lines echo the GraphQL query, 4-7x the median (~2%); HealthProbe client=unknown (~2%).
// - h06 breaks 1a and 1b: buf_cap=262144 (6 digits) among 4096 (4 digits) in bursts (~3%); tenant=unknown (~2.5%).
// - h07 rule 1a is right: timeout_ms=300000 (6 digits) among 3000 (4 digits) on one pod for 14 min (~2.5%).
// - h08 rule 1b is right: approver=unrecognized on 3 of ~360 release lines that name approver roles.
// - h09 rule 2 is right: 5 "session decoded" lines of ~7 KB among ~110-char siblings.
// - h10 rule 1a is right: width=48000 (5 digits) among width=160-800 (3 digits), 4 of ~1200 lines.
import { h01, h02 } from "./s01-s02.js";
import { h03, h04 } from "./s03-s04.js";
import { h05, h06 } from "./s05-s06.js";
import { h07, h08 } from "./s07-s08.js";
import { h09, h10 } from "./s09-s10.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function shoalScenarios(seed: number): Scenario[] {
  return [h01, h02, h03, h04, h05, h06, h07, h08, h09, h10].map((f) => f(seed));
}
