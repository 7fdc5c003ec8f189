/**
 * atoll: ten labelled log scenarios, written from the product's design and log format only
 * (without reading the detector). Each is 2000-6000 JSON objects, oldest first, deterministic
 * for a seed: the seed moves start times, ids, counts, values and incident times, never the story.
 *
 * | name                                  | span  | producers                                                          | what happens                                                                                         | labelled types                      |
 * |---------------------------------------|-------|--------------------------------------------------------------------|------------------------------------------------------------------------------------------------------|-------------------------------------|
 * | atoll-rideshare-scatter               | 3 h   | 7 ride-hailing services (timestamp/level/service/message, response_time, memory_usage) | 40-48 events, each block of four has one of each type, laid over the whole window from minute 1-5 to the end | performance, memory, error, pattern |
 * | atoll-hundredfold-latency-tiers       | 4 h   | 5 observatory services, normals 2 ms (plate-cache) .. 6.5 s (mosaic-builder) (time/severity/app/msg, latency_ms, heap_used_pct) | same scatter; a slow call is 25-90x its own service's normal (a 60 ms cache read is one, a 4 s report is not) | performance, memory, error, pattern |
 * | atoll-tollplaza-pg-cascade            | 90 m  | PostgreSQL jsonlog, pino service, Envoy JSON access log           | a migration's AccessExclusiveLock: pg lock timeouts first, then toll-accounts pool timeouts, then gateway 504/503 | error, performance                  |
 * | atoll-tariff-keyerror-repeat          | 4 h   | structlog (fares.api, gunicorn.access, celery)                     | after a tariff import the same KeyError traceback 15-40 times; no ERROR otherwise                    | error                               |
 * | atoll-odd-info-recurrences            | 3 h   | Spring logstash-encoder (claims-api, claims-worker, docs-store)    | ~12 each: 600-1500 char payload dump, SQL IN list of ~100 ids, cert "expires in 0 days", config reloaded by unknown actor | pattern                             |
 * | atoll-storage-routine-critical        | 24 h  | HPC cluster system log (ts epoch s, host, component, severity, text) | envmon CRITICAL on ~15% of its lines, ECC/LNet ERRORs, job FATALs all day; alert: 30-60 ldiskfs FATAL journal failures | error                               |
 * | atoll-session-redis-maxmemory-outage  | 60 m  | Redis INFO sidecar, Go slog login-api, web-edge, cart-api          | session Redis at maxmemory (noeviction) for ~70% of the hour: OOM rejections, i/o timeouts, 503/504 | memory, performance, error          |
 * | atoll-k8s-node-mempressure-oomkill    | 2 h   | Fluent Bit k8s-enriched app JSON with trace/span ids, kubelet JSON, kernel, k8s events | recsys-api heap leak: GC thrash + slow requests, evictions, 2 OOM kills, crash loop; cart-ui ECONNREFUSED | memory, performance, error          |
 * | atoll-nginx-quote-route-504           | 3 h   | nginx log_format escape=json access log                            | for 20-35 min /api/v1/quotes/* answers 504 after 60 s, 502, 499, slow 200s; other routes normal     | performance, error                  |
 * | atoll-quiet-rack-syslog               | 6 h   | syslog as JSON (timestamp, host, program, pid, message; no level)  | healthy rack: cron, sysstat, deploy ssh sessions, DHCP, chrony, UFW drops                            | none (all null)                     |
 *
 * Labelling rules
 * - A line is labelled only if an on-call engineer would want it pointed at; everything else is null,
 *   including look-alikes that are routine for their producer (benign WARN retries, healthy cert checks,
 *   a deploy-bot config reload, envmon's CRITICALs, corrected-ECC ERRORs, job FATALs, 404 scanner probes).
 * - The type is what the line itself shows: performance = slow (far above its own service's or route's
 *   normal) or timed out (504, 499 after a long wait, "timed out", "i/o timeout", lock waits); memory = high
 *   heap/memory, GC overhead, out of memory, maxmemory/OOM rejections, OOM kills, memory pressure and
 *   evictions; error = exceptions, failed requests (5xx other than timeouts), FATAL/ERROR that matter,
 *   crash-loop back-offs; pattern = messages unusual in shape or content at an ordinary level (very long
 *   dumps, huge SQL IN lists, unrendered templates, hex frame dumps, a certificate at 0 days, a reload by
 *   an unknown actor).
 * - In a cascade every affected line of every tier is labelled (root, then callers), by what it shows.
 * - A failed request's access line is labelled with its application error line (both point at it).
 * - Lines of an outage that still succeed normally (reads, static files, other routes) stay null.
 */
import { rideshareScatter, hundredfoldTiers } from "./s-spread.js";
import { tollplazaCascade, tariffKeyErrorRepeat } from "./s-cascade.js";
import { oddInfoRecurrences, storageRoutineCritical } from "./s-odd.js";
import { sessionRedisOutage, k8sNodeMemoryPressure } from "./s-outage.js";
import { nginxQuoteRoute, quietRackSyslog } from "./s-edge.js";
import type { Scenario } from "./types.js";

export type { AnomalyType, Scenario } from "./types.js";

export function atollScenarios(seed: number): Scenario[] {
  return [
    rideshareScatter(seed),
    hundredfoldTiers(seed),
    tollplazaCascade(seed),
    tariffKeyErrorRepeat(seed),
    oddInfoRecurrences(seed),
    storageRoutineCritical(seed),
    sessionRedisOutage(seed),
    k8sNodeMemoryPressure(seed),
    nginxQuoteRoute(seed),
    quietRackSyslog(seed),
  ];
}
