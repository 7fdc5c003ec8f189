/**
 * The strait family: eight windows written to break one detection rule with everyday
 * look-alikes, and to hold the windows where that rule is right. Written blind: without
 * reading or running the detector.
 *
 * The rule: a message a service writes both with and without an exception attached (zap's
 * `error`, pino's and bunyan's `err`, Logback's `stack_trace`, python-json-logger's `exc_info` or
 * `exc_type`/`exc_msg`, structlog's `exception`, Winston's `stack`, ECS `error.*`, a `reason`
 * field) is two kinds of line: the lines that carry an exception are judged on their own for
 * whether they are new in the window or routine for the service, apart from the same message
 * without one; so when a message written routinely without an exception starts carrying one
 * partway in, those lines are judged new and flagged as errors. A line's response time is
 * still judged against its message's usual time, exception or not.
 *
 * | Scenario                | Span | Producers                                                                  | What happens                                                                                                                                                                                                                                                                                              | Labelled                                   | Rule     |
 * |-------------------------|------|----------------------------------------------------------------------------|-----------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|--------------------------------------------|----------|
 * | sporadic-retry-traces   | ~6 h | logback, python-json-logger, pino/pino-http, Fluent Bit (raw stderr), Kubernetes events, nginx JSON | shipping-rates' routine carrier retry WARN carries a read-timeout stack trace on ~4 % of its lines, label-printer's busy-printer WARNING a traceback on ~6 %; by chance the first of each comes late (two fifths to four fifths in). catalog-bff leaks heap from a quarter in: heap warnings, catalog calls take seconds, some 504, V8 aborts at the heap limit, 502s while it restarts | memory, performance, error                 | breaks   |
 * | release-attaches-errors | ~4 h | logrus via Fluent Bit (Argo CD), Kubernetes events, zap, pino/pino-http, rsyslog JSON (postgres), nginx JSON | Argo CD syncs profile-api 3.4.0 a fifth in; its logging middleware now attaches `error` to lines it already wrote: `redis: nil` on cache misses, `context canceled` on 499s, `profile …: not found` on 404s, at the old rates, to the end. Later a DBA builds indexes on the order tables without CONCURRENTLY: order writes wait seconds behind each build, postgres logs the lock waits, some orders time out with 504 | performance, error                         | breaks   |
 * | session-reason-fields   | ~5 h | zap, structlog, logback, JVM GC log and raw stderr via Fluent Bit, rsyslog JSON (kernel, cron), Kubernetes events, nginx JSON | auth-service's `session closed` gains `reason: "idle timeout"` once the first morning sessions idle out (a tenth to a sixth in; logouts carry none); billing's `refund created` gains agents' `reason` when the support desk opens at 09:00 (automatic refunds carry none). A node's kernel logs corrected ECC errors for a while; late, search-indexer's heap fills: full GCs free nothing, indexing slows, OutOfMemoryError, restart | pattern, memory, performance               | breaks   |
 * | reindex-skip-errors     | ~5 h | bunyan, pino/pino-http, python-json-logger, rsyslog JSON (postfix, systemd), Kubernetes events, nginx JSON | the hourly media-reindex job logs `skipping asset` for unchanged assets all window; after a customer hard-deletes a large album (two fifths to half in) every run also skips the album's assets with the S3 client's `err` (NoSuchKey), to the end. A fifth in the mail relay's postfix fails to bind after a reload: the mailer's sends fail and are queued for retry until it is started again; late, thumbnails take seconds | error, performance                         | breaks   |
 * | stacked-warnings        | ~4 h | logback, Winston, Logback ECS encoder, python-json-logger, rsyslog JSON (kernel, smartd), Kubernetes events, nginx JSON | order-sync (stack_trace), notifier (stack) and pricing (error.*) log every routine warning with its exception from the first minute to the end. A quarter in, image-worker's resident set climbs on huge panoramas (jobs take several times their usual time) until the kernel's cgroup OOM killer ends it and its job is lost; later the database host's disk fails reads (ATA and I/O errors, pending sectors) | memory, performance, error (1 line), pattern | breaks   |
 * | partner-refused-retries | ~4 h | zap, logrus via Fluent Bit (Argo CD), squid raw output via Fluent Bit, Kubernetes events, pino/pino-http, Serilog CLEF, nginx JSON | partner-gateway's `retrying partner request` WARN with `status: 429` is routine, with no exception. Seven to eight tenths in, an egress-proxy config with a duplicated ACL domain crash-loops squid; the same WARN now carries `error: "… proxyconnect tcp: dial tcp …:3128: connect: connection refused"`, every partner call fails after its retries and checkout's shipping quotes fail with 502 to the end. Early on, tax-api's answers take seconds for a while | error, performance                         | confirms |
 * | mail-auth-cause-change  | ~5 h | Logback ECS encoder, structlog, Kubernetes events, rsyslog JSON (postfix, kernel, systemd), pino/pino-http, nginx JSON | notification-service's `Failed to send email` ERROR carries `error.*` for recipients rejected as unknown (550 5.1.1) a few times an hour, routine. A fifth to three tenths in, the weekly rotation changes the relay's SMTP password; every send now fails on the same message with a new cause (MailAuthenticationException, 535 5.7.8) and the relay logs each failed SASL login, until the on-call restarts the service. Late, a node's kernel logs a soft lockup and an RCU stall | error, pattern                             | confirms |
 * | retry-disk-full         | ~4 h | structlog, python-json-logger (exc_type/exc_msg), rsyslog JSON (postgres, kernel), zap, Kubernetes events, nginx JSON | export-worker's `task retried` WARN is routine without an exception (a held export lock). Half-way in reports-db's volume fills: the same WARN carries a DiskFull traceback, tasks fail after their retries, postgres logs each failed write, reports-api answers new export requests with 500, until the volume is expanded. From the first minute session-gateway's heap is above 85 % of its limit and climbing until the kernel OOM-kills it a fifth in | error, memory                              | confirms |
 *
 * Labelling, as a careful on-call engineer would: a line is labelled only if they would want it
 * pointed at during this incident.
 * - performance: a request or step far above its own normal (catalog calls in seconds where they
 *   take ~35 ms, order writes waiting seconds behind a lock where they take ~85 ms, and the
 *   postgres lock-wait lines for them, batch indexing in seconds where it takes ~600 ms, thumbnails
 *   in seconds and the slow-storage warnings, image jobs several times their usual time, tax in
 *   seconds where it takes ~30 ms); each hop that logs the slow request (app, proxy) is labelled.
 * - memory: heap in use at 85 % of its limit or more (and the monitors' warnings saying so), a
 *   full GC that frees almost nothing near the limit, a resident set at 88 % of its limit or more,
 *   V8's heap-limit abort and its last GCs, OutOfMemoryError, the kernel's cgroup OOM kill and the
 *   node's OOMKilling event.
 * - error: exceptions that are the incident, failed requests (5xx at every hop that logs them),
 *   failed sends and their retry notices, failed tasks and the retries that carry the failure,
 *   a crash-looping proxy's fatal config error, failed readiness probes and back-offs, refused
 *   connections, the relay's failed logins, postgres' failed writes, a job lost when its worker
 *   died.
 * - pattern: a rare, odd event for its host: corrected ECC memory errors and machine-check
 *   notices, ATA and block I/O read errors and smartd's pending sectors, a soft lockup, an RCU
 *   stall and its NMI backtrace.
 * - null: everything routine, including every look-alike: a routine message's exception-bearing
 *   lines however late the first comes (a timeout behind a retry now and then), exceptions a
 *   release newly attaches to expected outcomes (a cache miss, a client that went away, a 404),
 *   `reason` fields for ordinary outcomes (an idle timeout, an agent's refund), a job's deliberate
 *   skips with the storage client's error, services that log every warning with its stack trace,
 *   and the already-failing message's old, routine cause (unknown recipients) before and after
 *   the incident; deploys, restarts' events and start-up lines; 4xx and 499 answers at their
 *   usual rate; the change that starts an incident (a config sync, a credential rotation, a DBA's
 *   statements, an album deletion) is not itself labelled.
 *
 * Deterministic for a seed: the seed moves times, ids, counts and values, never the story.
 */
import { mailAuthCauseChange } from "./s-mail-cause.js";
import { partnerRefusedRetries } from "./s-partner-refused.js";
import { reindexSkipErrors } from "./s-reindex-skips.js";
import { releaseAttachesErrors } from "./s-release-errors.js";
import { retryDiskFull } from "./s-retry-disk-full.js";
import { sessionReasonFields } from "./s-session-reasons.js";
import { sporadicRetryTraces } from "./s-sporadic-traces.js";
import { stackedWarnings } from "./s-stacked-warnings.js";
import type { Scenario } from "./types.js";

export function straitScenarios(seed: number): Scenario[] {
  return [
    sporadicRetryTraces(seed),
    releaseAttachesErrors(seed),
    sessionReasonFields(seed),
    reindexSkipErrors(seed),
    stackedWarnings(seed),
    partnerRefusedRetries(seed),
    mailAuthCauseChange(seed),
    retryDiskFull(seed),
  ];
}
