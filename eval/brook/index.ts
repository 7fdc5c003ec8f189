/**
 * The brook family: eight windows written to break one detection rule where real operations
 * make it wrong, and to hold it where it is right. Written blind: without reading or running the
 * detector.
 *
 * The rule: a failure line (ERROR or worse, or words of failure) is its service's everyday, and
 * not flagged on its level alone, when its message (variable parts aside) appears in nearly every
 * stretch of the window (90 % or more of twenty slices of equal line count) at its usual rate with
 * no burst, its words say the service lived with the failure (it retries, re-queues, falls back,
 * serves something stale, cached, original or default, skips or ignores the item, or turned the
 * request down for what it carried: invalid, malformed, unparseable, validation failed, duplicate,
 * already exists...), and its words do not say a dependency or resource failed (refused, timed
 * out, unavailable, 503, circuit open, disk full...); unless it is a defect in the code, its route
 * or its service's timed calls fail a fifth or more, it is a quarter of the window from a service
 * whose lines are mostly failures, or its process is in a crash loop. A failure that starts
 * partway through or bursts is not covered. The windows that break it hold a steady lived-with
 * failure, from before the window to its end, that is itself the incident; the windows that hold
 * it hold the same kinds of steady failure as routine background beside a real incident of
 * another kind that starts partway through.
 *
 * | Scenario                  | Span   | Producers                                                                                                                                              | What happens                                                                                                                                                                                                                                                                                                                                                                                                                                                | Labelled                   | Rule   |
 * |---------------------------|--------|--------------------------------------------------------------------------------------------------------------------------------------------------------|-------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|----------------------------|--------|
 * | poison-retry-backlog      | ~3 h   | Logback LogstashEncoder (Spring Kafka consumer), pino, ingress-nginx JSON                                                                              | since last night fulfilment-consumer retries one order event Jackson cannot read (price "12,50") on a fixed back-off: `Failed to process record orders.v2-N@…, will retry in … ms (attempt …)` at ERROR every 20-30 s all window; everything behind it on that partition waits: the lag monitor's WARNs and order-api's SLA watchdog count thousands of records and more and more orders stuck; the other partitions, checkout and status polls are healthy | error, performance         | breaks |
 * | stale-price-feed          | ~4 h   | python-json-logger (APScheduler job), structlog, Go log/slog, ingress-nginx JSON, rsyslog JSON (cron)                                                  | since the supplier's exporter began writing decimal commas last night, every 2-3 min price-sync skips the refresh on an unparseable price and keeps the cached price list (ERROR; APScheduler still says `executed successfully`); pricing-api logs at error that it serves a stale copy hours old; order-service's margin check fails on below-cost lines and uses the original listed price (WARN); every page answers 200                                | error                      | breaks |
 * | default-config-heap       | ~5 h   | Go log/slog, zap, ingress-nginx JSON, rsyslog JSON (cron)                                                                                              | a tab in catalog-cache's config.yaml since yesterday: every re-read (90-120 s) logs `config reload failed, using default config` at ERROR all window; the defaults have no entry limit, so the cache never evicts: the heap climbs from ~55 % to 92-96 % of GOMEMLIMIT, cache stats show millions of entries and 0 evictions, the GC runs continuously near the limit and some product lookups wait hundreds of ms                                          | error, memory, performance | breaks |
 * | tenant-key-rotation       | ~2 h   | Serilog compact JSON (ASP.NET Core, Serilog.AspNetCore request logging), ingress-nginx JSON                                                            | other tenants' expired tokens are rejected now and then (`Token for tenant {TenantId} rejected as invalid: {Reason}`, IDX10223, Error, 401): routine. One tenant rotated its signing key at 02:00 without partner-api knowing the new one: every one of its calls is rejected with the same template (IDX10516) and 401, a tenth of the API's calls, steady all window, no shipment of theirs booked since                                                  | error                      | breaks |
 * | scanner-junk-resizer-leak | ~3 h   | python-json-logger, ingress-nginx JSON, OpenTelemetry log records (severity numbers, Elasticsearch exporter), Kubernetes events, rsyslog JSON (kernel) | scanners post malformed JSON to account-api all day (`request rejected: malformed JSON body` at ERROR, 400): routine. A fifth to a quarter in, image-resizer 2.9.0 leaks native memory: RSS climbs while the Go heap stays flat, the watchdog warns (severity 13) then exits at FATAL (21); next time the cgroup OOM killer kills it; images get 503 while it restarts and warms up; rolled back late                                                       | memory, error              | holds  |
 * | carrier-retry-slow-scan   | ~4 h   | zap, PostgreSQL 16 jsonlog, Logback LogstashEncoder and logback-access                                                                                 | a carrier's 429s are retried by shipping-quotes all window (`carrier quote attempt failed, will retry` at error): routine. Half-way, order-api 7.4.0's stock check scans order_items without an index: slow statements of seconds, lock waits on the stock rows, statement timeouts and 500s, checkouts in seconds, until a DBA builds the index concurrently                                                                                               | performance                | holds  |
 * | cache-fallback-release    | ~2.5 h | pino and pino-http, Winston, ingress-nginx JSON, Kubernetes events                                                                                     | storefront-bff falls back to origin on a truncated recommendation cache entry a few times a minute (pino level 50): routine. Two fifths in checkout-api 4.3.0 dumps every checkout's payload (kilobytes) at info and fails every pickup-point checkout with `TypeError: Cannot read properties of undefined (reading 'postcode')` and 500, until rolled back                                                                                                | pattern, error             | holds  |
 * | webhook-dupes-resend-loop | ~3 h   | structlog, Serilog compact JSON (.NET worker), Kubernetes events, rsyslog JSON (cron)                                                                  | payments-webhooks turns down the provider's duplicate deliveries (`duplicate webhook delivery rejected: event already processed` at error): routine. Three fifths in, notification-worker 2.9.0 fails every SQS DeleteMessage (ReceiptHandleIsInvalid, Error): each message comes back after its visibility timeout and the customer gets the same e-mail again, up to the redrive limit, until purge and rollback                                          | error, pattern             | holds  |
 *
 * Labelling, as a careful on-call engineer would: a line is labelled only if they would want it
 * pointed at during this incident. Every hop that logs a labelled request (app, proxy) is
 * labelled the same.
 * - error: the steady failure that is the incident in the windows that break the rule (the poison
 *   record's retries, the skipped refreshes and the stale price list served, the margin checks
 *   that fall back to the original price, the config re-reads that fall back to defaults, one
 *   tenant's tokens rejected as invalid and their 401s at the app and the proxy); and in the
 *   others calls that fail: 500s with a new TypeError, failed SQS deletes, 503s while no replica
 *   is ready and its failing readiness probes.
 * - performance: a backlog or request far above its normal: the stuck partition's lag warnings
 *   and the orders past their SLA; lookups waiting on GC assist; checkouts in seconds, the slow
 *   statements and lock waits behind them, and the statement timeouts that fail them.
 * - memory: a heap or RSS climbing towards its limit (runtime stats and cache stats at 75-80 % of
 *   the limit or more, GC and watchdog warnings), a watchdog's FATAL exit, the kernel's cgroup
 *   OOM kill and the node's OOMKilling event.
 * - pattern: odd messages new to the window: a release's payload dumps of kilobytes, a worker
 *   warning that messages come back again and again and the duplicate e-mails it sends.
 * - null: everything routine, including every look-alike: scanners' malformed JSON, a carrier's
 *   429s retried, a cache fallback a few times a minute, duplicate webhooks turned down, other
 *   tenants' expired tokens, 4xx answers; releases, rollbacks, restarts' events and start-up lines,
 *   the index build that ends an incident.
 *
 * Deterministic for a seed: the seed moves times, ids, counts and values, never the story.
 */
import { cacheFallbackRelease } from "./s-cache-fallback-release.js";
import { carrierRetrySlowScan } from "./s-carrier-retry-slow-scan.js";
import { defaultConfigHeap } from "./s-default-config-heap.js";
import { poisonRetryBacklog } from "./s-poison-retry-backlog.js";
import { scannerJunkResizerLeak } from "./s-scanner-junk-resizer-leak.js";
import { stalePriceFeed } from "./s-stale-price-feed.js";
import { tenantKeyRotation } from "./s-tenant-key-rotation.js";
import { webhookDupesResendLoop } from "./s-webhook-dupes-resend-loop.js";
import type { Scenario } from "./types.js";

export function brookScenarios(seed: number): Scenario[] {
  return [
    poisonRetryBacklog(seed),
    stalePriceFeed(seed),
    defaultConfigHeap(seed),
    tenantKeyRotation(seed),
    scannerJunkResizerLeak(seed),
    carrierRetrySlowScan(seed),
    cacheFallbackRelease(seed),
    webhookDupesResendLoop(seed),
  ];
}
