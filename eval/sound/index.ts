/**
 * The sound family: eight windows written to break one detection rule with everyday
 * look-alikes, and to hold the windows where that rule is right. Written blind: without
 * reading or running the detector.
 *
 * The rule: a message template that first appears partway into the window and then recurs
 * steadily to the end is judged new (not an established, routine part of its service) unless
 * its steady rate, estimated both over the whole window and from its first line on, makes its
 * late start plausible; so an ERROR or WARNING message that begins after a fifth to a half of
 * the window and recurs steadily is not damped as routine, even at 10-30 % of a small
 * service's lines, and its lines are flagged as errors.
 *
 * | Scenario                      | Span | Producers                                                                 | What happens                                                                                                                                                                                                                                                                                           | Labelled                              | Rule     |
 * |-------------------------------|------|---------------------------------------------------------------------------|--------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|---------------------------------------|----------|
 * | nightly-archive-skips         | ~7 h | python-json-logger, logback, Fluent Bit (raw stderr), Kubernetes events, pino/pino-http, nginx JSON, rsyslog JSON | the dunning batch starts on its 01:00 cron (a third or more in, APScheduler's line names the trigger) and WARNs `skipping archived account …` for each archived account to the end (~20 % of its lines). search-service's heap fills: GC overhead, indexing and searches slow, OutOfMemoryError, restart; searches 504/502 meanwhile | memory, performance, error            | breaks   |
 * | deploy-deprecation-warnings   | ~4 h | logrus via Fluent Bit (Argo CD), Kubernetes events, zap, logback, nginx JSON | Argo CD syncs inventory-api 2.15.0 a third in (rollout events, start-up lines); each call from the two legacy clients then WARNs `deprecated request field "warehouse_code" …` to the end (~13 %). Later the payment provider slows: checkouts take seconds, some time out at 10 s and are left pending, a few fail with 502 | performance, error                    | breaks   |
 * | replica-maintenance-paused    | ~5 h | python-json-logger, rsyslog JSON (haproxy, pg_repmon, kernel, systemd), Kubernetes events, logback, nginx JSON | ops-bot reminds of and then starts maintenance window MW-…, haproxy drains orders-db-replica-2, and the replication monitor logs `replication paused for maintenance` at err every minute to the end (~23 %). A quarterly report drives reporting-worker's RSS to its limit and the kernel kills it (report lost, requeued); the edge host's kernel logs a SYN flood and a full conntrack table | memory, error (1 line), pattern       | breaks   |
 * | planned-region-failover       | ~3 h | zap, Serilog CLEF, pino, python-json-logger, logback, Kubernetes events, nginx JSON | traffic-manager drains eu-central-1 for a planned DR exercise (change named); eu-west-1's catalog-cache WARNs `Cache warm-up: … hit ratio … below target` every ~45 s to the end (~20 %). Earlier recommendations' answers take seconds for a while; later fraud-scorer refuses connections and payments fail with 503 for a few minutes | performance, error                    | breaks   |
 * | desk-shift-login-errors       | ~8 h | logback, python-json-logger, pino, Fluent Bit (raw stderr), Kubernetes events, nginx JSON | agents start at 08:00, half-way in (nothing announces it but their own activity); every (re)login logs an ERROR for the legacy directory's failed LDAP referral before falling back to the primary, to the end (~11 %). attachment-scanner's heap runs out late (slow scans, heap out of memory, restart, lost scans); mail-ingest suspects a mail loop with the desk's own auto-replies | memory, performance, error, pattern   | breaks   |
 * | config-push-keyerror          | ~4 h | zap, python-json-logger, pino/pino-http, logback, Serilog CLEF, nginx JSON | config-sync applies a pricing revision (author named) that maps Nordic countries to a region without VAT; pricing-rules then fails each Nordic basket with `KeyError: 'nordics'` (~20-30 times to the end, never before), cart-api logs the 500 and answers 502. Look-alike: the daily full feed export from 12:00 WARNs per product without a GTIN to the end. Earlier search slows for a while | error, performance                    | confirms |
 * | cert-rotation-tls-failure     | ~5 h | logrus via Fluent Bit (cert-manager), Kubernetes events, zap, rsyslog JSON (postgres, kernel, sshd), pino, logback, nginx JSON | cert-manager renews ledger-sync's client certificate from a new intermediate ledger-db does not trust; from the reload every sync cycle fails the handshake (`tls: bad certificate`, ~30 cycles) and postgres rejects each attempt. Look-alike: payments-api WARNs in rate-limit shadow mode after a named flag change, to the end. ledger-db's kernel logs a full directory index and a slow interrupt | error, pattern                        | confirms |
 * | role-change-permission-denied | ~3 h | zap (Atlantis, flag-admin), pino, python-json-logger, rsyslog JSON (kernel), Kubernetes events, nginx JSON | Atlantis applies an IAM change (PR and author named); every export job then fails with AccessDenied on s3:PutObject (~15-25 jobs, never before). Look-alike: a named experiment start makes search-api WARN `no model for locale …, falling back` to the end. Large TIFFs push thumbnailer's workers past 90 % of their limit: recycled, one OOM-killed | error, memory                         | confirms |
 *
 * Labelling, as a careful on-call engineer would: a line is labelled only if they would want it
 * pointed at during this incident.
 * - performance: a request or step far above its own normal (indexing in seconds where it takes
 *   ~340 ms, a search over 1 s where it takes ~50-70 ms, a payment authorised in seconds where it
 *   takes ~380 ms, attachment scans in seconds while the heap thrashes), or a timeout the caller
 *   absorbed (a checkout left pending after the 10 s provider timeout); each hop that logs the
 *   slow request (app, proxy) is labelled.
 * - memory: heap after GC or heap in use at 85 % of its limit or more, a resident set at 88 % of
 *   its limit or more, GC overhead, OutOfMemoryError and V8's heap-limit abort, the kernel's
 *   cgroup OOM kill and the node's OOMKilling event, a watchdog recycling a worker for memory.
 * - error: exceptions and failed requests (5xx at every hop that logs them), failed jobs and
 *   their retry notices, refused connections and failed readiness probes, handshakes rejected
 *   by the server, reports or scans lost when their worker died.
 * - pattern: a rare, odd event for its service: the kernel's SYN-flood and conntrack-table-full
 *   lines, a full ext4 directory index, a slow hrtimer interrupt, a suspected mail loop.
 * - null: everything routine, including every look-alike: WARNINGs and ERRORs that begin
 *   partway into the window for a benign, explainable reason and recur to the end (a cron
 *   batch's per-item skips, a release's deprecation warnings, a paused replica in an announced
 *   maintenance window, a standby region warming its cache, a legacy-directory referral error
 *   on each login once the shift starts, a full feed export's per-product skips, a rate
 *   limiter's shadow-mode warnings, an experiment's locale fallbacks); deploys, restarts' events
 *   and start-up lines; 4xx answers at their usual rate.
 *
 * Deterministic for a seed: the seed moves times, ids, counts and values, never the story.
 */
import { certRotationTlsFailure } from "./s-cert-rotation.js";
import { configPushKeyError } from "./s-config-keyerror.js";
import { deployDeprecationWarnings } from "./s-deploy-deprecation.js";
import { deskShiftLoginErrors } from "./s-desk-shift.js";
import { nightlyArchiveSkips } from "./s-nightly-skips.js";
import { plannedRegionFailover } from "./s-region-failover.js";
import { replicaMaintenancePaused } from "./s-replica-maintenance.js";
import { roleChangePermissionDenied } from "./s-role-change.js";
import type { Scenario } from "./types.js";

export function soundScenarios(seed: number): Scenario[] {
  return [
    nightlyArchiveSkips(seed),
    deployDeprecationWarnings(seed),
    replicaMaintenancePaused(seed),
    plannedRegionFailover(seed),
    deskShiftLoginErrors(seed),
    configPushKeyError(seed),
    certRotationTlsFailure(seed),
    roleChangePermissionDenied(seed),
  ];
}
