// Elasticsearch under heap pressure: fielddata fills the heap, old-gen GCs take seconds and the
// parent and fielddata circuit breakers reject searches.

import type { Scenario } from "../blind/types.js";
import { type Entry, GiB, Incident, iso, type Label, MIN, Rng, SEC, startOf } from "./lib.js";

/** Elasticsearch 8's ECS JSON server log. */
function esLog(t: number, level: string, logger: string, node: string, thread: string, message: string, extra: Entry = {}): Entry {
  return {
    "@timestamp": iso(t),
    "log.level": level,
    message,
    "ecs.version": "1.2.0",
    "service.name": "ES_ECS",
    "event.dataset": "elasticsearch.server",
    "process.thread.name": thread,
    "log.logger": logger,
    "elasticsearch.cluster.name": "logs-prod",
    "elasticsearch.node.name": node,
    ...extra,
  };
}

const gb = (b: number): string => `${(b / GiB).toFixed(1)}gb`;

/** logs-prod: a dashboard aggregating on a text field loads fielddata until the parent breaker trips on every node. */
export function elasticsearchParentBreaker(seed: number): Scenario {
  const rng = new Rng(seed, "elasticsearch-parent-breaker-data-too-large");
  const start = startOf(rng, 6, 18);
  const inc = new Incident(start, start + rng.int(150, 200) * MIN);
  const nodes = ["es-data-0", "es-data-1", "es-data-2", "es-data-3"];
  const heap = 30 * GiB;
  const limit = Math.round(heap * 0.95);
  const onset = inc.at(rng.float(0.35, 0.5));
  const relief = onset + rng.int(35, 55) * MIN; // someone disables the dashboard panel and clears the fielddata cache
  const heapAt = (t: number): number => {
    if (t < onset || t > relief) return heap * rng.float(0.45, 0.72);
    return heap * Math.min(0.985, 0.8 + ((t - onset) / (relief - onset)) * 0.4 + rng.float(-0.03, 0.03));
  };
  const inIncident = (t: number): boolean => t >= onset && t <= relief;

  // GC monitor: routine young-gen overhead at INFO; old-gen collections and high overhead during the incident.
  for (const node of nodes) {
    let gcN = rng.int(20000, 90000);
    inc.every(rng.int(70, 130) * SEC, 20 * SEC, rng, (t) => {
      if (inIncident(t)) return;
      const spent = rng.int(260, 420);
      inc.add(
        t,
        esLog(
          t,
          "INFO",
          "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
          node,
          `elasticsearch[${node}][scheduler][T#1]`,
          `[gc][${gcN++}] overhead, spent [${spent}ms] collecting in the last [1s]`,
        ),
      );
    });
    inc.every(
      rng.int(40, 70) * SEC,
      10 * SEC,
      rng,
      (t) => {
        const used = heapAt(t);
        const after = Math.min(used * rng.float(0.96, 0.995), heap * 0.975);
        const dur = rng.float(3.2, 9.8);
        inc.add(
          t,
          esLog(
            t,
            "WARN",
            "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
            node,
            `elasticsearch[${node}][scheduler][T#1]`,
            `[gc][old][${gcN}][${rng.int(40, 400)}] duration [${dur.toFixed(1)}s], collections [1]/[${(dur + rng.float(0.2, 0.9)).toFixed(1)}s], total [${dur.toFixed(1)}s]/[${rng.float(1, 9).toFixed(1)}m], memory [${gb(used)}]->[${gb(after)}]/[${gb(heap)}], all_pools {[young] [${rng.int(100, 900)}mb]->[0b]/[0b]}{[old] [${gb(used * 0.97)}]->[${gb(after * 0.97)}]/[${gb(heap)}]}`,
          ),
          "memory",
        );
        inc.add(
          t + 20,
          esLog(
            t + 20,
            "WARN",
            "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
            node,
            `elasticsearch[${node}][scheduler][T#1]`,
            `[gc][${gcN++}] overhead, spent [${dur.toFixed(1)}s] collecting in the last [${(dur + rng.float(0.3, 1)).toFixed(1)}s]`,
          ),
          "memory",
        );
        if (rng.chance(0.5)) {
          const before = Math.round(used);
          inc.add(
            t + 40,
            esLog(
              t + 40,
              "INFO",
              "org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService",
              node,
              `elasticsearch[${node}][search][T#${rng.int(1, 13)}]`,
              `attempting to trigger G1GC due to high heap usage [${before}]`,
            ),
            "memory",
          );
          inc.add(
            t + 90,
            esLog(
              t + 90,
              "INFO",
              "org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService",
              node,
              `elasticsearch[${node}][search][T#${rng.int(1, 13)}]`,
              `GC did not bring memory usage down, before [${before}], after [${Math.round(after)}], allocations [${rng.int(1, 40)}], duration [${rng.int(20, 90)}]`,
            ),
            "memory",
          );
        }
      },
      onset + rng.int(2, 6) * MIN,
      relief,
    );
  }

  // Rejected searches: the REST layer's suppressed exceptions.
  for (let t = onset + rng.int(4, 8) * MIN; t < relief; t += rng.float(3, 25) * SEC) {
    const node = rng.pick(nodes);
    const would = Math.round(limit + rng.float(0.002, 0.03) * heap);
    const which = rng.chance(0.75) ? "parent" : "fielddata";
    const msg =
      which === "parent"
        ? `path: /logs-app-*/_search, params: {index=logs-app-*, ignore_unavailable=true}\norg.elasticsearch.common.breaker.CircuitBreakingException: [parent] Data too large, data for [<http_request>] would be [${would}/${gb(would)}], which is larger than the limit of [${limit}/${gb(limit)}], real usage: [${would - 232}/${gb(would)}], new bytes reserved: [${rng.int(200, 9000)}/${rng.int(1, 8)}kb], usages [request=0/0b, fielddata=${Math.round(heap * 0.38)}/${gb(heap * 0.38)}, in_flight_requests=${rng.int(1000, 90000)}/${rng.int(1, 87)}kb, model_inference=0/0b, eql_sequence=0/0b, accounting=${rng.int(10, 90)}mb]`
        : `path: /logs-app-*/_search, params: {index=logs-app-*}\norg.elasticsearch.common.breaker.CircuitBreakingException: [fielddata] Data too large, data for [user_agent.original] would be [${Math.round(heap * 0.41)}/${gb(heap * 0.41)}], which is larger than the limit of [${Math.round(heap * 0.4)}/${gb(heap * 0.4)}]`;
    inc.add(
      t,
      esLog(t, "WARN", "rest.suppressed", node, `elasticsearch[${node}][search][T#${rng.int(1, 13)}]`, msg, {
        "error.type": "org.elasticsearch.common.breaker.CircuitBreakingException",
      }),
      "memory",
    );
  }

  // Routine cluster life: ILM, snapshots, slow-log entries, mapping updates.
  inc.every(20 * MIN, MIN, rng, (t, i) => {
    const idx = `.ds-logs-app-default-2025.${rng.int(1, 12)}.${rng.int(1, 28)}-${String(1200 + i).padStart(6, "0")}`;
    inc.add(
      t,
      esLog(
        t,
        "INFO",
        "org.elasticsearch.cluster.metadata.MetadataCreateIndexService",
        "es-master-0",
        "elasticsearch[es-master-0][masterService#updateTask][T#1]",
        `[${idx}] creating index, cause [rollover_data_stream], templates [logs-app], shards [3]/[1]`,
      ),
    );
    inc.add(
      t + 1200,
      esLog(
        t + 1200,
        "INFO",
        "org.elasticsearch.xpack.ilm.IndexLifecycleTransition",
        "es-master-0",
        "elasticsearch[es-master-0][masterService#updateTask][T#1]",
        `moving index [${idx}] from [null] to [{"phase":"new","action":"complete","name":"complete"}] in policy [logs-app]`,
      ),
    );
  });
  inc.every(30 * MIN, 2 * MIN, rng, (t) => {
    const snap = `nightly-snap-${iso(t).slice(0, 10).replaceAll("-", ".")}-${rng.alnum(22).toLowerCase()}`;
    inc.add(
      t,
      esLog(
        t,
        "INFO",
        "org.elasticsearch.snapshots.SnapshotsService",
        "es-master-0",
        "elasticsearch[es-master-0][masterService#updateTask][T#1]",
        `snapshot [s3-repo:${snap}] started`,
      ),
    );
    const done = t + rng.int(60, 240) * SEC;
    inc.add(
      done,
      esLog(
        done,
        "INFO",
        "org.elasticsearch.snapshots.SnapshotsService",
        "es-master-0",
        "elasticsearch[es-master-0][snapshot][T#1]",
        `snapshot [s3-repo:${snap}] completed with state [SUCCESS]`,
      ),
    );
  });

  // The dashboards API (Python, structlog) in front of the cluster, most of the volume.
  inc.fill(rng.int(3000, 4400), rng, (t) => {
    const r = rng.next();
    const node = rng.pick(nodes);
    if (r < 0.12) {
      const took = Math.round(rng.logn(1400, 0.35));
      inc.add(
        t,
        esLog(
          t,
          took > 2000 ? "WARN" : "INFO",
          "index.search.slowlog.query",
          node,
          `elasticsearch[${node}][search][T#${rng.int(1, 13)}]`,
          `[logs-app-default][${rng.int(0, 2)}] took[${(took / 1000).toFixed(1)}s], took_millis[${took}], total_hits[10000+ hits], stats[], search_type[QUERY_THEN_FETCH], total_shards[${rng.int(30, 60)}], source[{"size":0,"query":{"range":{"@timestamp":{"gte":"now-24h"}}},"aggs":{"by_service":{"terms":{"field":"service.name"}}}}]`,
        ),
      );
      return;
    }
    const panel = rng.pick(["errors-by-service", "latency-heatmap", "top-endpoints", "log-volume", "slow-requests"]);
    let took = rng.logn(320, 0.6);
    let level = "info";
    let event = "panel query served";
    let label: Label = null;
    const extra: Entry = {};
    if (inIncident(t) && t > onset + 4 * MIN && rng.chance(0.45)) {
      level = "error";
      event = "panel query failed";
      extra.error = `ApiError(429, 'circuit_breaking_exception', '[parent] Data too large, data for [<http_request>] would be [${gb(limit * 1.01)}], which is larger than the limit of [${gb(limit)}]')`;
      label = "memory";
      took = rng.float(20, 300);
    } else if (inIncident(t) && rng.chance(0.5)) {
      took = rng.float(9000, 30000);
      label = "performance";
    } else if (rng.chance(0.01)) {
      level = "warning";
      event = "panel query timed out, served cached result";
      took = 10000;
    }
    inc.add(
      t,
      {
        event,
        level,
        timestamp: iso(t),
        logger: "dashboards_api.panels",
        panel,
        dashboard: rng.pick(["ops-overview", "checkout-health", "platform-logs"]),
        took_ms: Math.round(took),
        user: `u${rng.int(100, 999)}`,
        ...extra,
      },
      label,
    );
  });

  // The trigger, and the relief.
  inc.add(onset - 30 * SEC, {
    event: "dashboard saved",
    level: "info",
    timestamp: iso(onset - 30 * SEC),
    logger: "dashboards_api.admin",
    dashboard: "platform-logs",
    panel: "top-user-agents",
    user: `u${rng.int(100, 999)}`,
  });
  inc.add(
    relief,
    esLog(
      relief,
      "INFO",
      "org.elasticsearch.indices.fielddata.cache.IndicesFieldDataCache",
      "es-data-0",
      "elasticsearch[es-data-0][clear_indices_cache][T#1]",
      "cleared fielddata cache for [logs-app-*] on request [_cache/clear?fielddata=true]",
    ),
  );

  return inc.build(
    "elasticsearch-parent-breaker-data-too-large",
    "logs-prod Elasticsearch: a new dashboard panel aggregates on user_agent.original, fielddata fills the heap, old-gen GCs take seconds and the parent/fielddata breakers reject searches with Data too large until the cache is cleared",
  );
}
