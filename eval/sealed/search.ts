// An Elasticsearch cluster (its own ECS JSON logs) and the search API in front of it: a new
// dashboard's huge aggregation fills the data nodes' heaps.

import type { Scenario } from "../blind/types.js";
import { arrivals, baseTime, Incident, iso, MIN, Rng, round, SEC, ticks } from "./kit.js";

/**
 * A dashboard refreshing a terms aggregation of size 500,000 every 30 s: old-generation GC
 * pauses and circuit breakers on the data nodes (memory appears only in the messages), slow
 * search logs, and the search API's requests slowing and failing with 429 and 503.
 */
export function elasticsearchHeapPressure(seed: number): Scenario {
  const r = new Rng(seed, "elasticsearch-heap-pressure");
  const inc = new Incident();
  const t0 = baseTime(seed, 16);
  const end = t0 + 60 * MIN;
  const dash = t0 + 29 * MIN + r.int(0, 5) * MIN;
  const stop = dash + 16 * MIN + r.int(0, 4) * MIN;
  const nodes = ["es-data-1", "es-data-2", "es-data-3"];
  const es = (t: number, level: string, logger: string, message: string, node = r.pick(nodes), label: "memory" | "performance" | "error" | null = null) =>
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        "log.level": level,
        message,
        "ecs.version": "1.2.0",
        "service.name": "ES_ECS",
        "event.dataset": "elasticsearch.server",
        "process.thread.name": `elasticsearch[${node}][${r.pick(["generic", "search", "management", "scheduler"])}][T#${r.int(1, 12)}]`,
        "log.logger": logger,
        "elasticsearch.cluster.name": "logs-prod",
        "elasticsearch.node.name": node,
      },
      label,
    );
  const gcLog = "org.elasticsearch.monitor.jvm.JvmGcMonitorService";
  // Routine: young-generation overhead notices, ILM and rollover.
  for (const t of arrivals(r, t0, end, () => 0.02, 0.02))
    es(t, "INFO", gcLog, `[gc][${r.int(100000, 300000)}] overhead, spent [${r.int(250, 480)}ms] collecting in the last [1s]`);
  for (const t of ticks(r, t0, end, 10 * MIN, MIN)) {
    const idx = `.ds-logs-app-default-2025.03.${r.int(10, 28)}-0000${r.int(10, 99)}`;
    es(
      t,
      "INFO",
      "org.elasticsearch.xpack.core.ilm.IndexLifecycleTransition",
      `moving index [${idx}] from [{"phase":"hot","action":"rollover","name":"check-rollover-ready"}] to [{"phase":"hot","action":"rollover","name":"attempt-rollover"}] in policy [logs-30d]`,
      "es-master-1",
    );
  }
  for (const t of arrivals(r, t0, end, () => 0.006, 0.006)) {
    const ms = r.logn(1400, 0.2);
    es(
      t,
      "WARN",
      "index.search.slowlog.query",
      `[logs-app-000${r.int(40, 49)}][${r.int(0, 5)}] took[${(ms / 1000).toFixed(1)}s], took_millis[${Math.round(ms)}], total_hits[${r.int(1000, 900000)} hits], stats[], search_type[QUERY_THEN_FETCH], total_shards[18], source[{"size":50,"query":{"bool":{"filter":[{"range":{"@timestamp":{"gte":"now-24h"}}}]}}}]`,
    );
  }
  // The search API (structured JSON from a Go service) in front of the cluster.
  for (const t of arrivals(r, t0, end, () => 0.7, 0.7)) {
    const during = t >= dash && t < stop;
    const endpoint = r.weighted([
      ["/search/logs", 50],
      ["/search/traces", 20],
      ["/suggest", 25],
      ["/search/export", 5],
    ] as const);
    const med = { "/search/logs": 60, "/search/traces": 90, "/suggest": 12, "/search/export": 700 }[endpoint];
    let ms = r.logn(med, 0.5);
    let status = 200;
    let label: "performance" | "error" | null = null;
    let msg = "search ok";
    if (during) {
      ms *= r.logn(9, 0.5);
      if (r.chance(0.12)) {
        status = r.chance(0.6) ? 429 : 503;
        msg =
          status === 429
            ? "elasticsearch rejected search: circuit_breaking_exception [parent] Data too large"
            : "elasticsearch unavailable: search_phase_execution_exception all shards failed";
        label = "error";
      } else if (ms > med * 5) label = "performance";
    }
    inc.add(
      t + ms,
      {
        time: iso(t + ms),
        level: status === 200 ? "INFO" : "ERROR",
        service: "search-api",
        msg,
        path: endpoint,
        status,
        took_ms: Math.round(ms),
        tenant: `t-${r.int(100, 180)}`,
        hits: status === 200 ? r.int(0, 5000) : 0,
      },
      label,
    );
  }
  // The dashboard's aggregation every 30 s, and the heaps that fill behind it.
  for (let t = dash; t < stop; t += 30 * SEC + r.int(-500, 500)) {
    const ms = r.logn(24000, 0.2);
    es(
      t + ms,
      "WARN",
      "index.search.slowlog.query",
      `[logs-app-000${r.int(40, 49)}][${r.int(0, 5)}] took[${(ms / 1000).toFixed(1)}s], took_millis[${Math.round(ms)}], total_hits[10000+ hits], stats[], search_type[QUERY_THEN_FETCH], total_shards[18], source[{"size":0,"aggs":{"by_session":{"terms":{"field":"session.id","size":500000}}}}]`,
      r.pick(nodes),
      "performance",
    );
  }
  for (let t = dash + 2 * MIN; t < stop + MIN; t += r.int(15, 45) * SEC) {
    const node = r.pick(nodes);
    const before = round(28.4 + r.next() * 1.4, 1);
    const pause = round(r.logn(6.5, 0.3), 1);
    const kind = r.weighted([
      ["old", 4],
      ["overhead", 3],
      ["breaker", 3],
    ] as const);
    if (kind === "old")
      es(
        t,
        "WARN",
        gcLog,
        `[gc][old][${r.int(100000, 300000)}][${r.int(40, 200)}] duration [${pause}s], collections [1]/[${round(pause + 0.4, 1)}s], total [${pause}s]/[${r.int(2, 9)}.${r.int(0, 9)}m], memory [${before}gb]->[${round(before - r.next() * 0.6, 1)}gb]/[30gb], all_pools {[young] [0b]->[0b]/[0b]}{[old] [${round(before - 0.3, 1)}gb]->[${round(before - 0.6, 1)}gb]/[30gb]}`,
        node,
        "memory",
      );
    else if (kind === "overhead")
      es(t, "WARN", gcLog, `[gc][${r.int(100000, 300000)}] overhead, spent [${pause}s] collecting in the last [${round(pause + 0.5, 1)}s]`, node, "memory");
    else
      es(
        t,
        "WARN",
        "org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService",
        `[parent] Data too large, data for [<transport_request>] would be [${round(before + 0.9, 1)}gb/${round(before + 0.9, 1)}gb], which is larger than the limit of [28.5gb/28.5gb], real usage: [${before}gb/${before}gb], new bytes reserved: [${r.int(20, 90)}mb], usages [request=${r.int(2, 9)}gb, fielddata=${r.int(100, 900)}mb, in_flight_requests=${r.int(1, 90)}mb, model_inference=0b, eql_sequence=0b, accounting=${r.int(10, 40)}mb]`,
        node,
        "memory",
      );
  }
  return inc.finish(
    "elasticsearch-heap-pressure",
    "A dashboard's 500,000-bucket aggregation every 30 s fills Elasticsearch data node heaps: old-GC pauses and circuit breakers, slow searches, 429s and 503s at the search API",
  );
}
