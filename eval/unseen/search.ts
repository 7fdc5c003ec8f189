// Elasticsearch speaks of its heap only in words: GC overhead, old-generation collections with
// used/max sizes, the parent circuit breaker. The Go search API in front of it shows the
// consequence as latency and failed queries.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, iso, isoNano, type Label, MIN, SEC } from "./kit.js";

export function elasticsearchHeapPressure(seed: number): Scenario {
  const g = new Gen(seed, "elasticsearch-heap-pressure");
  const inc = new Incident();
  const start = baseTime(seed, 13);
  const end = start + 60 * MIN;
  const onset = start + (24 + g.int(0, 8)) * MIN; // a dashboard with a huge terms aggregation goes live
  const relief = onset + (18 + g.int(0, 5)) * MIN;
  const nodes = ["es-data-0", "es-data-1", "es-data-2"];
  const hot = "es-data-2";
  let gcCount = 18000 + g.int(0, 900);

  const es = (t: number, level: string, logger: string, node: string, message: string, label: Label = null) => {
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        "log.level": level,
        message,
        "ecs.version": "1.2.0",
        "service.name": "ES_ECS",
        "event.dataset": "elasticsearch.server",
        "process.thread.name": `elasticsearch[${node}][${g.pick(["generic", "management", "search", "write"])}][T#${g.int(1, 12)}]`,
        "log.logger": logger,
        "elasticsearch.cluster.uuid": "q3Xz8sJ1RkGm0a7bT2vLfw",
        "elasticsearch.node.id": node === hot ? "Wp4nE2yqQ6u1Hk0cZr9aMg" : "Nf7sB1dxT0eWq3m8Lk2yPa",
        "elasticsearch.node.name": node,
        "elasticsearch.cluster.name": "search-prod",
      },
      label,
    );
  };
  const api = (t: number, level: string, msg: string, attrs: Record<string, unknown>, label: Label = null) => {
    inc.add(t, { time: isoNano(t, g), level, msg, service: "search-api", ...attrs }, label);
  };

  // search-api: product search, suggest and facets; a few 400s for bad queries are routine.
  for (const t of g.times(start, end, 3200)) {
    const inc2 = t >= onset && t < relief;
    const kind = g.weighted([
      ["search", 55],
      ["suggest", 30],
      ["facets", 15],
    ] as const);
    const median = kind === "suggest" ? 9 : kind === "search" ? 38 : 65;
    const q = g.pick(["running shoes", "usb-c cable", "desk lamp", "garden hose", "winter jacket", "coffee grinder", "hdmi", "yoga mat"]);
    const base = { method: "GET", path: `/v2/${kind}`, query: q, trace_id: g.hex(32), pod: `search-api-7f9c-${g.hex(5)}` };
    if (inc2 && kind !== "suggest" && g.chance(0.22)) {
      const cb = g.chance(0.6);
      api(
        t,
        "ERROR",
        "search request failed",
        {
          ...base,
          status: cb ? 503 : 429,
          latency_ms: Math.round(g.logNormal(cb ? 2400 : 300, 0.4)),
          err: cb
            ? "elastic: Error 429 (Too Many Requests): [parent] Data too large, data for [<http_request>] [type=circuit_breaking_exception]"
            : "elastic: Error 429 (Too Many Requests): rejected execution of coordinating operation [type=es_rejected_execution_exception]",
        },
        "error",
      );
    } else if (inc2) {
      const d = g.logNormal(median * (kind === "suggest" ? 12 : 30), 0.5);
      api(t, "INFO", "search request", { ...base, status: 200, hits: g.int(0, 4000), latency_ms: Math.round(d) }, d > median * 6 ? "performance" : null);
    } else {
      const status = g.chance(0.008) ? 400 : 200;
      api(t, status === 400 ? "WARN" : "INFO", status === 400 ? "search request rejected" : "search request", {
        ...base,
        status,
        hits: g.int(0, 4000),
        latency_ms: Math.round(g.logNormal(median, 0.5)),
      });
    }
  }

  // Routine cluster chatter on every node.
  for (const t of g.times(start, end, 520)) {
    const node = g.pick(nodes);
    const day = new Date(t).toISOString().slice(0, 10).replaceAll("-", ".");
    const [level, logger, message] = g.weighted([
      [["INFO", "o.e.c.m.MetadataMappingService", `[.ds-logs-app-${day}-${String(g.int(1, 9)).padStart(6, "0")}/${g.hex(22)}] update_mapping [_doc]`], 30],
      [
        [
          "INFO",
          "o.e.x.i.IndexLifecycleTransition",
          `moving index [.ds-metrics-${day}-000${g.int(1, 9)}] from [{"phase":"hot","action":"rollover","name":"check-rollover-ready"}] to [{"phase":"hot","action":"rollover","name":"attempt-rollover"}] in policy [metrics]`,
        ],
        8,
      ],
      [["INFO", "o.e.m.j.JvmGcMonitorService", `[gc][${gcCount++}] overhead, spent [${g.int(260, 420)}ms] collecting in the last [1s]`], 10],
      [
        [
          "WARN",
          "o.e.c.r.a.DiskThresholdMonitor",
          `high disk watermark [90%] exceeded on [${g.hex(22)}][es-data-0][/usr/share/elasticsearch/data] free: ${g.int(40, 49)}.${g.int(1, 9)}gb[${g.int(9, 10)}.${g.int(1, 9)}%], shards will be relocated away from this node`,
        ],
        3,
      ],
      [
        [
          "INFO",
          "o.e.c.r.a.AllocationService",
          `current.health="GREEN" message="Cluster health status changed from [YELLOW] to [GREEN] (reason: [shards started [[products-v41][${g.int(0, 5)}]]])." previous.health="YELLOW" reason="shards started [[products-v41][${g.int(0, 5)}]]"`,
        ],
        4,
      ],
      [["INFO", "o.e.i.s.IndexShard", `[products-v41][${g.int(0, 5)}] primary-replica resync completed with 0 operations`], 2],
    ] as const);
    es(t, level, logger, node, message);
  }

  // Heap pressure on the hot node: GC overhead, long old collections, the parent breaker.
  for (const t of g.times(onset + 2 * MIN, relief, 70)) {
    const r = g.next();
    if (r < 0.35) {
      const s = g.int(20, 58) / 10;
      es(
        t,
        "WARN",
        "o.e.m.j.JvmGcMonitorService",
        hot,
        `[gc][${gcCount++}] overhead, spent [${s}s] collecting in the last [${(s + g.int(1, 5) / 10).toFixed(1)}s]`,
        "memory",
      );
    } else if (r < 0.6) {
      const before = 15 + g.int(1, 8) / 10;
      es(
        t,
        "WARN",
        "o.e.m.j.JvmGcMonitorService",
        hot,
        `[gc][old][${gcCount++}][${g.int(100, 140)}] duration [${g.int(3, 9)}.${g.int(0, 9)}s], collections [1]/[${g.int(4, 10)}.${g.int(0, 9)}s], total [${g.int(3, 9)}.${g.int(0, 9)}s]/[2.1h], memory [${before}gb]->[${(before - 0.2).toFixed(1)}gb]/[15.9gb], all_pools {[young] [0b]->[0b]/[0b]}{[old] [${before}gb]->[${(before - 0.2).toFixed(1)}gb]/[15.9gb]}{[survivor] [0b]->[0b]/[0b]}`,
        "memory",
      );
    } else if (r < 0.8) {
      es(
        t,
        "INFO",
        "o.e.i.b.HierarchyCircuitBreakerService",
        hot,
        `attempting to trigger G1GC due to high heap usage [${16_800_000_000 + g.int(0, 300_000_000)}]`,
        "memory",
      );
    } else {
      es(
        t,
        "WARN",
        "r.suppressed",
        hot,
        `path: /products-v41/_search, params: {index=products-v41, typed_keys=true}, status: 429 org.elasticsearch.common.breaker.CircuitBreakingException: [parent] Data too large, data for [indices:data/read/search[phase/query]] would be [${16_300_000_000 + g.int(0, 200_000_000)}/15.2gb], which is larger than the limit of [16320875724/15.1gb], real usage: [${16_280_000_000 + g.int(0, 40_000_000)}/15.1gb], new bytes reserved: [${g.int(10_000, 90_000_000)}/${g.int(1, 85)}mb], usages [eql_sequence=0/0b, model_inference=0/0b, inflight_requests=${g.int(1000, 9000)}/${g.int(1, 8)}kb, request=${g.int(100, 900)}/${g.int(1, 9)}kb, fielddata=${g.int(9_000_000_000, 11_000_000_000)}/9.5gb]`,
        "memory",
      );
    }
  }
  es(
    onset + 30 * SEC,
    "WARN",
    "i.s.s.query",
    hot,
    `[products-v41][${g.int(0, 5)}] took[${g.int(12, 30)}.${g.int(0, 9)}s], took_millis[${g.int(12000, 30000)}], total_hits[2391 hits], stats[], search_type[QUERY_THEN_FETCH], total_shards[6], source[{"size":0,"aggregations":{"by_sku":{"terms":{"field":"sku.keyword","size":500000}}}}], id[grafana-dashboard-sku-heatmap]`,
    "performance",
  );

  return inc.build(
    "elasticsearch-heap-pressure",
    "A huge terms aggregation fills one Elasticsearch node's heap: GC overhead and breaker trips in words only, slow and failed searches in the Go API",
  );
}
