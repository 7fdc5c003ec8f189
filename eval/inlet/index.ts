/**
 * The inlet family: six windows written to break one detection rule where real operations
 * make it wrong, and to hold it where it is right. Written blind: without reading or running the
 * detector.
 *
 * The rule: an INFO or DEBUG line whose message holds a named placeholder its logger left
 * unfilled (`${entity_id}`, `{{tenant}}`, Python's `%(route)s`) is a formatting bug, and when
 * such a message is rare for its service (a few percent of its lines or less) it is flagged as a
 * `pattern` anomaly. Single braces (`/orders/{id}`) are not read.
 *
 * | Scenario          | Span | Producers                                                                                  | What happens                                                                                                                                                                                                                                                  | Labelled                      | Rule   |
 * |-------------------|------|--------------------------------------------------------------------------------------------|---------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------|-------------------------------|--------|
 * | runner-heap       | ~3 h | GitLab CI job traces (JSON lines), gitlab-runner (logrus), rsyslog JSON (kernel)            | GitLab echoes script lines unexpanded (`$ docker build -t ${CI_REGISTRY_IMAGE}:${CI_COMMIT_SHORT_SHA} .`, `helm package ... ${CI_PIPELINE_IID}`): routine. A third in a dependency bump makes web-shop's webpack build run out of V8 heap (exit 134) or be OOM-killed (exit 137) until NODE_OPTIONS and the limit are raised | memory, error                 | breaks |
 * | template-reload   | ~3 h | python-json-logger (worker, api), ingress-nginx JSON, rsyslog JSON (Postfix)                | the worker logs its format string `%(asctime)s %(levelname)s ...` at start-up and each template subject it loads (`"Hi {{ customer.first_name }}, ..."`) on start-up and CMS publishes: routine. Two fifths in SES throttles the account, the relay defers and backs up, sends take seconds, time out and fail until a marketing send is paused | performance, error            | breaks |
 * | helm-debug        | ~3 h | GitHub Actions job logs (JSON lines), zap, ingress-nginx JSON                               | `helm upgrade --debug` prints manifests with Prometheus `{{ $labels.pod }}` annotations and Fluent Bit `${ELASTICSEARCH_HOST}`, and the workflow's `${IMAGE_TAG}` script: routine. cart-api 2.14.0 ships a DB pool of 4: requests take seconds, some fail 503 on pool acquire, until `helm rollback` | performance, error            | breaks |
 * | scheduler-leak    | ~3 h | logrus (job scheduler), Logback LogstashEncoder, JVM GC log via Fluent Bit, python-json-logger, Kubernetes events | the scheduler logs its jobs' shell commands (`pg_dump ... ${PGDATABASE}`) at registration and each run, report-api logs its `%(asctime)s ...` format at start-up: routine. ledger-batch leaks heap across reconcile runs: long full GCs, heap warnings, OutOfMemoryError, the JVM exits and restarts, until rolled back | memory, error                 | breaks |
 * | notifier-unfilled | ~3 h | pino, ingress-nginx JSON, python-json-logger                                               | notification-service 3.9.0's template engine leaves the legacy templates unfilled: out-for-delivery SMS and e-mails go to customers as "{{customer.first_name}}, your Northwind order ${order_id} ...", tracking links 404, support tickets about it arrive, until rollback | pattern, error                | holds  |
 * | env-unsubstituted | ~3 h | python-json-logger (worker, api), ingress-nginx JSON, Kubernetes events                     | a rollout's config leaves DB_HOST unsubstituted: new pods log `connecting to postgres at ${DB_HOST}:5432/invoices`, fail to resolve it and crash-loop, the rollout stalls on one old pod, invoice jobs wait minutes in the queue, until the fixed config | pattern, error, performance   | holds  |
 *
 * Labelling, as a careful on-call engineer would: a line is labelled only if they would want it
 * pointed at during this incident.
 * - performance: requests and sends far above their normal (cart calls in seconds, SMTP sends
 *   in seconds), sends that time out and are retried, invoice jobs that waited minutes and the
 *   queue depth warnings that say so.
 * - memory: V8's last GCs and heap-limit abort, a build `Killed`, the kernel's cgroup OOM kill,
 *   long back-to-back full GCs, heap-usage warnings, OutOfMemoryError and the JVM's exit on it.
 * - error: failed jobs and batch runs, mails given up on and deferred by the provider, the relay's
 *   full active queue, 503s, 404s on the broken tracking links, DNS failures and exits of the
 *   crash-looping pods, their BackOff and the stalled rollout's ProgressDeadlineExceeded.
 * - pattern: messages sent or logged with their placeholders unfilled (the SMS and e-mail text,
 *   the `connecting to ${DB_HOST}` line), and the support tickets they cause.
 * - null: everything routine, including every look-alike: CI script lines echoed unexpanded,
 *   manifests and alert templates printed by Helm, job commands as configured, logging format
 *   strings and template subjects logged at start-up; deploys, restarts, rollbacks, start-up lines.
 *
 * Deterministic for a seed: the seed moves times, ids, counts and values, never the story.
 */
import { envUnsubstituted } from "./s-env-unsubstituted.js";
import { helmDebug } from "./s-helm-debug.js";
import { notifierUnfilled } from "./s-notifier-unfilled.js";
import { runnerHeap } from "./s-runner-heap.js";
import { schedulerLeak } from "./s-scheduler-leak.js";
import { templateReload } from "./s-template-reload.js";
import type { Scenario } from "./types.js";

export function inletScenarios(seed: number): Scenario[] {
  return [runnerHeap(seed), templateReload(seed), helmDebug(seed), schedulerLeak(seed), notifierUnfilled(seed), envUnsubstituted(seed)];
}
