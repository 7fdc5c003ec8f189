/**
 * The bay family: eight incidents in which ONE failure repeats many times, logged both by the
 * service that fails and by the services or proxies that call it. Written blind: without
 * reading or running the detector.
 *
 * The theme: the same exception for every call to one route after a deploy, the same decode
 * error each time a broker redelivers a poison message, the same TLS handshake failure on every
 * sync cycle, the same constraint violation for each item of a batch, the same `connection
 * refused` from every caller of a dependency dead from the first minute, one new error among
 * errors a system logs routinely, the same failure at WARN in a producer that uses WARN for
 * failed retries, and the same messages from every pod of one service. Repeats vary in when they
 * start (first minute, a quarter, half way, late), how regular they are (per request, every few
 * seconds, every cycle, per item, with backoff), how many (10 to over a thousand) and level
 * (ERROR, error, fatal, Fatal/Error in Serilog, CRITICAL/critical, WARN, Warning events,
 * OpenTelemetry severity numbers).
 *
 * | Scenario                              | Span    | Producers                                                                 | What happens                                                                                                                                                                                                                                             | Labelled                         |
 * |---------------------------------------|---------|---------------------------------------------------------------------------|----------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|----------------------------------|
 * | deploy-invoice-npe                    | ~3 h    | logback JSON (stack_trace), Kubernetes events, pino/pino-http, nginx JSON | orders-service 3.14.0 rolls out 35-55 % in; every GET /api/orders/{id}/invoice then throws the same NullPointerException (stack trace in `stack_trace`), its access filter logs the 500 and shop-edge logs each 500 (~25-55 calls). Earlier a few order-history queries take ~6 s | error, performance               |
 * | poison-message-redelivery             | ~2-2.3 h| python-json-logger (exc_info), zap (broker), pino                          | a quarter to half way in, one truncated InvoiceEvent: billing-projector fails to decode it (same DecodeError traceback) and eventbus redelivers it every 3-9 s, 30-80 times, until the delivery limit dead-letters it. statement-renderer's heap reaches 85-99 % of 2 GiB during a batch | error, memory                    |
 * | expired-client-cert-sync              | ~6 h    | Go slog JSON, Envoy access log (Fluent Bit), rsyslog JSON (cron, chronyd, kernel) | inventory-sync's client certificate expires 45-62 % in; each ~5-minute cycle tries 3 times, each attempt failing at the client (WARN, then ERROR) and rejected by warehouse-api's Go server (`http: TLS handshake error ... certificate has expired`), ~30 cycles to the end. The host logs a forward clock jump and a martian source once | error, pattern                   |
 * | settlement-resend-duplicates          | ~3-3.3 h| Serilog CLEF (@x), PostgreSQL jsonlog (Fluent Bit), pino                   | statement files post line by line; 55-72 % in the bank re-sends yesterday's file and each of its 70-160 lines fails with the same 23505 unique violation (Error with the Npgsql exception; PostgreSQL's ERROR per INSERT), the file's summary reports them failed. Two deadlocks (40P01) elsewhere; reconciliation reports take ~9 s for 10-18 minutes | error, performance               |
 * | fx-rates-down-all-window              | ~2-2.5 h| zap (fatal), Kubernetes events, pino/pino-http (err), Envoy access log     | fx-rates crash-loops from before the window to the end (fatal start-up line and BackOff event every ~5 min); every non-euro checkout logs the same `connect ECONNREFUSED` and a 503 (about a third of checkout-api's lines); pricing-web's sidecar logs a 503 UF per 30-s refresh and pricing-web WARNs it serves stale rates. One unknown webhook event type | error, pattern                   |
 * | payout-typeerror-among-routine-errors | ~4 h    | pino/pino-http (err), nginx JSON, OpenTelemetry OTLP/JSON (severityNumber) | account-api logs ERROR all window for aborted requests, scanner probes (404) and rejected input (400); notification-service logs deferred mail at severity 17. 52-70 % in a flag turns on the payout-settings page and each call throws the same TypeError, 10-25 times (error line, 500, edge 500). Late, search-indexer's heap after GC climbs past 85 % of 4 GiB and it asks for a restart | error, memory                    |
 * | webhook-retries-exhausted             | ~5 h    | zap, Go slog, rsyslog JSON (postgres), nginx JSON                         | 48-66 % in, acme-erp's endpoint refuses connections: webhook-dispatcher WARNs the same failed retry for the head event every 45-75 s, 30-60 times, then ERRORs when retries run out and disables the endpoint. Benign 429-then-retry WARNs for other partners all window. Earlier, refund listings take ~5 s for 10-16 minutes (PostgreSQL logs each slow statement) | error, performance               |
 * | fleet-vault-permission-denied         | ~3-3.5 h| structlog JSON, zap (Atlantis), hclog (Vault), rsyslog JSON (postgres, kernel), Kubernetes events | an Atlantis apply (PR, author) changes the fulfilment-worker Vault role 30-50 % in; each of 6-12 pods fails its next lease renewal (403), its jobs (`password authentication failed`, PostgreSQL FATAL each), exits CRITICAL and fails the Vault login on 2-4 restarts with BackOff events. image-resizer's RSS passes 88 % of its limit and the kernel OOM-kills it; once, a job payload with an unknown schema version | error, memory, pattern           |
 *
 * Labelling, as a careful on-call engineer would: a line is labelled only if they would want it
 * pointed at during this incident.
 * - error: every repetition of the failure at every hop that logs it: the exception line, the
 *   service's own 5xx access line and the proxy's 5xx (nginx, Envoy), each failed decode and
 *   each broker redelivery and the dead-lettering, each client handshake failure and each
 *   server-side rejection, each rejected INSERT and each per-item Error and the failed file's
 *   summary, deadlocks and their retry notice, each `connection refused` and its 503, a crash
 *   looping service's fatal start-up line and BackOff events, each WARN of a failed retry and
 *   the ERROR when retries run out, the denied lease renewals, failed jobs, CRITICAL exits and
 *   BackOff events of every pod. A failure present from the first minute to the end is still
 *   labelled: it is the incident.
 * - performance: a request or step far above its route's normal (an order-history query ~6 s
 *   where it takes ~95 ms, a reconciliation report ~9 s where it takes ~320 ms, a refund listing
 *   ~5 s where it takes ~70 ms), at every hop that logs it, including the database's
 *   slow-statement line for it.
 * - memory: heap or heap after GC at 85 % of its limit or more, a resident set at 88 % or more,
 *   a restart requested for memory, the kernel's cgroup OOM kill and the node's OOMKilling event.
 * - pattern: a rare, odd line for its service: a forward clock jump, a martian source, a webhook
 *   event type never seen, a job payload with an unknown schema version.
 * - null: everything routine, including ERRORs a system logs all window for benign reasons
 *   (aborted requests, 404 probes, validation failures, deferred mail), benign retry WARNs (429
 *   then delivered), 4xx at their usual rate, deploys, rollout events and start-up lines, the
 *   change that caused a failure (a rollout, a flag flip, an Atlantis apply), periodic jobs,
 *   health checks, checkpoints, GC and heap lines below the thresholds above.
 *
 * Deterministic for a seed: the seed moves times, ids, counts and values, never the story.
 */
import { expiredClientCertSync } from "./s-cert-expiry-sync.js";
import { fxRatesDownAllWindow } from "./s-dead-fx-rates.js";
import { fleetVaultPermissionDenied } from "./s-fleet-vault-denied.js";
import { deployInvoiceNpe } from "./s-invoice-npe.js";
import { payoutTypeErrorAmongRoutine } from "./s-new-error-among-routine.js";
import { poisonMessageRedelivery } from "./s-poison-message.js";
import { settlementResendDuplicates } from "./s-settlement-duplicates.js";
import { webhookRetriesExhausted } from "./s-webhook-warn-retries.js";
import type { Scenario } from "./types.js";

export function bayScenarios(seed: number): Scenario[] {
  return [
    deployInvoiceNpe(seed),
    poisonMessageRedelivery(seed),
    expiredClientCertSync(seed),
    settlementResendDuplicates(seed),
    fxRatesDownAllWindow(seed),
    payoutTypeErrorAmongRoutine(seed),
    webhookRetriesExhausted(seed),
    fleetVaultPermissionDenied(seed),
  ];
}
