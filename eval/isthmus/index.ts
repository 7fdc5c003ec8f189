/**
 * The isthmus family: eight windows written to break two detection rules with everyday
 * look-alikes, and to hold the windows where those rules are right.
 *
 * Rule 1, a change by an actor the line cannot name: a verb of change with `by unknown actor`,
 * `by an unidentified user`, `actor=unknown` or `principal=<none>` in an INFO or DEBUG line.
 * Rule 2, a lifetime run out: a certificate, licence or key with `expires in 0 days`, `valid for
 * 0 days`, `0 days left` or `days_left=0` in an INFO or DEBUG line.
 *
 * | Scenario                      | Span  | Producers                                                  | What happens                                                                                                                                                                                                                                | Labelled                     | Rule        |
 * |-------------------------------|-------|------------------------------------------------------------|---------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|------------------------------|-------------|
 * | flag-relay-snapshot-polls     | ~4 h  | zap, Serilog CLEF, logback, pino/pino-http, nginx JSON     | flag-relay says `actor=unknown` on every 60 s poll and on each change it relays (the admin's audit line names the author seconds before; actors like `terraform-cloud (run-…)` are named). A named flip turns on a price cache that leaks: pricing-service's heap fills, its calls slow and time out, both pods hit OutOfMemoryError and restart, cart calls fail meanwhile | memory, performance, error   | 1, breaks   |
 * | guest-traffic-unknown-actors  | ~3 h  | pino/pino-http, zap, logback, python-json-logger, nginx JSON | guests' cart changes `by unknown actor`, rate-limit buckets for `principal=<none>`, anonymous sessions granted, logins for unknown users all window; after a marketing email, guests update shared wishlists `by an unidentified user` (only late in the window). A slow Redis slows cart calls, a pgbouncer restart fails recs requests, a fallback logs a 2,000-id SQL IN list twice | performance, error, pattern  | 1, breaks   |
 * | mesh-certs-zero-days          | ~6 h  | python-json-logger, logrus via Fluent Bit, hclog, logback, zap, nginx JSON | 24-hour SPIFFE SVIDs rotated at half-life say `expires in 0 days` on every 10-minute scan (the exporter exempts them); one-hour Vault database leases are printed `valid for 0 days`. A flash sale piles locks on the stock table: orders slow, some time out at the 10 s lock timeout and fail | performance, error           | 2, breaks   |
 * | perpetual-licence-and-trials  | ~8 h  | python-json-logger, logback (Spring Batch), Serilog CLEF, zap, rsyslog JSON, nginx JSON | a perpetual PDF-engine licence reported as `days_left=0` on every check, trials converted at `trial_days_left=0` by the nightly batch, the daily signing key rotated at `days_left=0` at midnight. The PDF renderer's working set climbs through the invoice run until the kernel kills it; invoices and statements rendered meanwhile fail | memory, error                | 2, breaks   |
 * | flag-flipped-by-nobody        | ~2 h  | Serilog CLEF, zap, pino/pino-http, python-json-logger, nginx JSON | audit lines name every flip until a subject-less API token turns 3-D Secure off `by unknown actor`; payments-service's confirmations are refused and checkouts fail until a named engineer turns it back on; later the token updates a segment `by unknown actor`. Relay polls and logins for unknown users are routine | pattern (2 lines), error     | 1, right    |
 * | partner-cert-zero-days        | ~5 h  | python-json-logger, logback, pino, nginx JSON              | the certificate monitor lists 11 certificates every 15 minutes (28 to 2,800 days left); the partner bank's mTLS client certificate says `expires in 0 days` on each scan, runs out mid-window, payouts and IBAN checks fail the handshake until it is renewed. One-hour access tokens say `expires in 0 days` on every line; an SMTP slowdown delays emails | pattern, error, performance  | 2, right    |
 * | rbac-granted-principal-none   | ~3 h  | zap, logrus via Fluent Bit, rsyslog JSON, Kubernetes events, klog via Fluent Bit, nginx JSON | the admission webhook names every change (people, HPA, external-secrets, cert-manager, Argo CD's service account); Argo CD's selfHeal syncs say `actor=unknown` every 3 minutes. An unattributed request grants cluster-admin (`principal=<none>`), updates a secret (`actor=unknown`) and opens a network policy (`by an unidentified user`). A node runs out of memory: evictions, a kernel OOM kill, orders has no endpoint for a few minutes. sshd/PAM "user unknown" all window | pattern (3 lines), memory, error | 1, right |
 * | report-licence-runs-out       | ~4 h  | logback, zap, python-json-logger, pino, nginx JSON         | the reporting engine's licence says `0 days left` at every check and start-up, runs out at midnight: the nightly exports and on-demand reports fail until the renewed licence is uploaded. Service accounts whose passwords never expire are synced as `expires in 0 days`, the scheduler counts down `next run in 0 days 02:48:11`, the gateway says keys were `last rotated 0 days ago` | pattern, error               | 2, right    |
 *
 * Labelling, as a careful on-call engineer would: a line is labelled only if they would want it
 * pointed at.
 * - performance: a request or step far above its own route's or service's normal (a cart
 *   priced in seconds where it takes ~30 ms, an email in 8-25 s where it takes ~300 ms, a stock
 *   reservation over 1 s where it takes ~15 ms), or a timeout the caller absorbed (the cart served
 *   without promotions after 5 s); each hop that logs the slow request (app, proxy) is labelled.
 * - memory: heap after GC at 85 % of the maximum or more, a working set at 88 % of its limit or
 *   more, GC overhead warnings, OutOfMemoryError, the kernel's OOM kill and reap, kubelet's memory
 *   pressure, reclaim and eviction events.
 * - error: exceptions and failed requests (5xx at every hop that logs them), a timeout that failed
 *   the request (a lock timeout answered with 500), retries and skips of a failing batch, a job
 *   that finished with failures, an ingress with no endpoint for a service, a certificate
 *   monitor's "has expired" line.
 * - pattern: a very long SQL dump with a 2,000-id IN list; a change whose actor the line cannot
 *   name when nothing around it makes it routine (rule 1 right); a certificate or licence that
 *   has 0 days left and is meant to last (rule 2 right), every line that says so.
 * - null: everything routine, including every look-alike: a reloader or syncer that never knows
 *   who asked (on its clock, or relaying a change the admin's audit line attributes), guests and
 *   anonymous visitors changing their own carts and wishlists, logins for unknown users, named
 *   actors however odd, lifetimes short by design (24-hour SVIDs, one-hour leases and tokens, a
 *   daily key rotated on time), zeros that mean "none" (perpetual licence, password never expires,
 *   trials converted by design, countdowns and ages in days); restarts' start-up lines and the
 *   replacement pods' events; 4xx answers at their usual rate.
 *
 * Deterministic for a seed: the seed moves times, ids, counts and values, never the story.
 */
import { flagFlippedByNobody } from "./s-flag-nobody.js";
import { flagRelaySnapshotPolls } from "./s-flag-relay.js";
import { guestTrafficUnknownActors } from "./s-guest-traffic.js";
import { perpetualLicenceAndTrials } from "./s-licence-trials.js";
import { meshCertsZeroDays } from "./s-mesh-certs.js";
import { partnerCertZeroDays } from "./s-partner-cert.js";
import { rbacGrantedPrincipalNone } from "./s-rbac-nameless.js";
import { reportLicenceRunsOut } from "./s-report-licence.js";
import type { Scenario } from "./types.js";

export function isthmusScenarios(seed: number): Scenario[] {
  return [
    flagRelaySnapshotPolls(seed),
    guestTrafficUnknownActors(seed),
    meshCertsZeroDays(seed),
    perpetualLicenceAndTrials(seed),
    flagFlippedByNobody(seed),
    partnerCertZeroDays(seed),
    rbacGrantedPrincipalNone(seed),
    reportLicenceRunsOut(seed),
  ];
}
