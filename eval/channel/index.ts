/**
 * The channel family: eight windows written to break one detection rule where real operations
 * make it wrong, and to hold it where it is right. Written blind: without reading or running the
 * detector.
 *
 * The rule: a route (an HTTP method and path, ids masked) that fails a fifth of its calls or more
 * in the window (20 calls or more; a failed call is a line on that route at ERROR or worse) is
 * down, and each of its failed calls is flagged as an error however routine ERROR lines are for
 * its service; but a failed call whose words say the client ended it ('request aborted',
 * 'aborted by client', 'client closed request', 'client disconnected', 'cancelled by the
 * caller', 'reset by peer' and the like) does not count as a failure of its route. So ERROR
 * lines that say a client hung up never make a route down.
 *
 * | Scenario            | Span   | Producers                                                                                     | What happens                                                                                                                                                                                                                                                                                                                                                            | Labelled                                | Rule   |
 * |---------------------|--------|-----------------------------------------------------------------------------------------------|-------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|-----------------------------------------|--------|
 * | search-gives-up     | ~3 h   | pino/pino-http, ingress-nginx JSON, Elasticsearch 8 ECS server and search slow logs, structlog  | storefront-bff's searches take ~90 ms and a percent or two are aborted by shoppers, routine. A third in the spring catalogue bulk import blows up the facet aggregation's heap on two search nodes: old GCs back to back, searches take seconds, the search box gives up at 8 s, so most searches end `request aborted` at ERROR (nginx 499) until the import is paused  | performance, memory                     | breaks |
 * | vendor-resets       | ~2.5 h | zap, Envoy (JSON access log via Fluent Bit)                                                    | a third in, the fraud vendor's bot protection resets connections from one zone's NAT address, then a second's: payments-api logs `read: connection reset by peer` on its outbound risk calls (retry at WARN, give-up at ERROR), card payments over €30 fail with 502, smaller ones fall back with a WARN, until the block is lifted; lookups whose caller left (`context canceled`, Envoy DC) are routine | error                                   | breaks |
 * | idle-timeout-cut    | ~3 h   | Go log/slog, ingress-nginx JSON, zap (Atlantis), rsyslog JSON (postgres)                       | month-end exports that build for one to three minutes; a few abandoned by users (499, `context canceled` at ERROR, postgres cancels the COPY), routine. A third in a Terraform module upgrade drops the load balancer's idle timeout to 60 s: every long export is cut at 60 s with the same lines, users retry into the same wall, until the timeout is pinned back     | error                                   | breaks |
 * | app-cancel-storm    | ~2 h   | Envoy JSON, Logback LogstashEncoder and logback-access, pino-http                              | a phone leaving the feed now and then (Envoy DC, ClientAbortException at ERROR), routine. A quarter to a third in, iOS 7.3.0's feed screen cancels and re-issues its request every second: storms of DC requests and ClientAbortExceptions from ShopApp/7.3.0; the wasted work fills the recommendations bulkhead, every feed takes seconds, some get 503, until 7.3.0 is rate-limited (429 RL) | pattern, performance, error             | breaks |
 * | export-aborts-leak  | ~3 h   | pino/pino-http, ingress-nginx JSON, Winston, raw stderr via Fluent Bit (V8), Kubernetes events   | a fifth to a third of report exports are aborted by users all window (`request aborted`, `export aborted by client` at ERROR, nginx 499): routine. session-service leaks heap: near the limit its event loop stalls every page's session check, V8 aborts on `Reached heap limit` twice, every request fails with 503 while it restarts, then it is rolled back | memory, error, performance              | holds  |
 * | typeahead-release   | ~2.5 h | zap, Envoy (Istio ingress gateway), structlog, Kubernetes events, rsyslog JSON (kernel, chronyd, cron) | a fifth to a third of typeahead requests are cancelled by the next keystroke all window (Envoy DC, `context canceled` at ERROR): routine. checkout-service 5.2.0 fails every order paid partly by gift card with `KeyError` and 500 until 5.2.1; early on a node marks its TSC clocksource unstable and chrony steps its clock | error, pattern                          | holds  |
 * | dashboard-cancels   | ~3 h   | structlog, Traefik JSON, Go log/slog, Strimzi Kafka raw via Fluent Bit, rsyslog JSON (kernel)  | a fifth to a third of dashboard panel queries are cancelled by people leaving (Traefik 499, `panel query cancelled`, reason `client disconnected`, at ERROR) all window: routine. Kafka broker 2's volume degrades: NVMe timeouts and hung tasks, ISR shrinks, ingest-api's event batches take seconds, some time out (503) and SDKs give up at 10 s (499), until it recovers | pattern, performance, error             | holds  |
 * | statement-pdf       | ~3 h   | Logback LogstashEncoder and logback-access, ingress-nginx JSON, pino, rsyslog JSON (kernel), Kubernetes events | a fifth to a third of statement PDFs are abandoned by readers (nginx 499, Tomcat's ClientAbortException at ERROR): routine before and after. Two fifths in pdf-renderer leaks Chromium processes: renders take tens of seconds, most PDF requests are abandoned the same way (the app gives up at 30 s), the cgroup OOM killer kills Chromium every several minutes (502s), until a rollout restart | performance, memory, error              | both   |
 *
 * Labelling, as a careful on-call engineer would: a line is labelled only if they would want it
 * pointed at during this incident. Every hop that logs a labelled request (app, proxy) is
 * labelled the same.
 * - performance: a request far above its own normal (searches in seconds where they take
 *   ~90 ms, feeds in seconds where they take ~120 ms, event batches in seconds where they take
 *   ~25 ms, PDFs in tens of seconds where they take a few, page loads stalled by a session check)
 *   and the slow logs, slow batches and slow-produce warnings that say so; and the client aborts
 *   that are that slowness: requests abandoned at the client's timeout or after waiting seconds
 *   on a route that has become slow (pino-http `request aborted`, nginx and Traefik 499, Tomcat's
 *   ClientAbortException when the late answer is written).
 * - memory: old GCs back to back and GC overhead warnings, heap stats at 85 % of the limit or
 *   more, V8's heap-limit abort and its last GCs, a pool monitor's memory warnings, the kernel's
 *   cgroup OOM kill and the node's OOMKilling event.
 * - error: calls that fail: outbound calls reset by the vendor (`connection reset by peer`) and
 *   the retries, give-ups, fallbacks and 502s they cause; exports cut by the load balancer's
 *   idle timeout (499 at 60 s, `context canceled`, the cancelled COPY), whose users get 504s;
 *   503s from a full bulkhead, a dead session store or a timed-out produce; 500s with a new
 *   exception; renders killed with Chromium and their 502s; readiness probes failing while the
 *   crashed service restarts.
 * - pattern: a rare, odd event: storms of cancel-and-retry requests from one app version and
 *   the ClientAbortExceptions they leave; a clocksource marked unstable and the clock stepped;
 *   NVMe I/O timeouts, hung tasks, and Kafka shrinking ISRs off the sick broker.
 * - null: everything routine, including every look-alike: the share of requests users abandon
 *   on a route where that is how it is used (exports, typeahead, dashboards, statement PDFs, a
 *   phone leaving a screen), however large and however it is worded at ERROR, before, during and
 *   after the incident, when they do not reflect the incident's slowness; a vendor timeout retried
 *   now and then; 4xx answers; deploys, restarts' events and start-up lines; the change that
 *   starts an incident (an import, a Terraform apply, a release) and the mitigation (a rate limit's
 *   429s, a rollback, a restart).
 *
 * Deterministic for a seed: the seed moves times, ids, counts and values, never the story.
 */
import { appCancelStorm } from "./s-app-cancel-storm.js";
import { dashboardCancels } from "./s-dashboard-cancels.js";
import { exportAbortsLeak } from "./s-export-aborts-leak.js";
import { idleTimeoutCut } from "./s-idle-timeout-cut.js";
import { searchGivesUp } from "./s-search-gives-up.js";
import { statementPdf } from "./s-statement-pdf.js";
import { typeaheadRelease } from "./s-typeahead-release.js";
import { vendorResets } from "./s-vendor-resets.js";
import type { Scenario } from "./types.js";

export function channelScenarios(seed: number): Scenario[] {
  return [
    searchGivesUp(seed),
    vendorResets(seed),
    idleTimeoutCut(seed),
    appCancelStorm(seed),
    exportAbortsLeak(seed),
    typeaheadRelease(seed),
    dashboardCancels(seed),
    statementPdf(seed),
  ];
}
