// E-discovery review platform: Elasticsearch 8 (ECS JSON logs) behind a review-search API that
// logs in the OpenTelemetry data model. Outage under way since before the window: a mapping change
// enabled fielddata on a large text field, the heap of two data nodes is full, the JVM spends most
// of its time collecting garbage; searches are slow or refused by the circuit breaker.
import { MIN, Rng, Timeline, iso, windowStart } from "./common.js";
import type { Label } from "./common.js";
import type { Scenario } from "./types.js";

export default function esOutage(seed: number): Scenario {
  const rng = new Rng(seed, "s10-ediscovery-search");
  const start = windowStart(rng);
  const end = start + rng.int(45, 80) * MIN;
  const tl = new Timeline(rng, start, end);
  const cluster = rng.pick(["discovery-prod", "review-es-eu", "lit-search-01"]);
  const clusterUuid = rng.hex(22);
  const sick = ["es-data-1", "es-data-2"];
  const heapGb = rng.pick([30, 31]);
  const es = (t: number, level: string, node: string, logger: string, message: string, label: Label = null, thread = "generic") =>
    tl.add(
      t,
      {
        "@timestamp": iso(t),
        "log.level": level,
        message,
        "ecs.version": "1.2.0",
        "service.name": "ES_ECS",
        "event.dataset": "elasticsearch.server",
        "process.thread.name": `elasticsearch[${node}][${thread}][T#${rng.int(1, 8)}]`,
        "log.logger": logger,
        "elasticsearch.cluster.uuid": clusterUuid,
        "elasticsearch.node.name": node,
        "elasticsearch.cluster.name": cluster,
      },
      label,
    );
  const inst = `review-search-${rng.hex(5)}`;
  const otel = (t: number, sev: string, num: number, body: string, attrs: Record<string, unknown>, label: Label = null) =>
    tl.add(
      t,
      {
        Timestamp: `${Math.round(t)}${String(rng.int(0, 999999)).padStart(6, "0")}`,
        SeverityText: sev,
        SeverityNumber: num,
        Body: body,
        Resource: { "service.name": "review-search", "service.instance.id": inst, "deployment.environment": "prod" },
        Attributes: attrs,
        TraceId: rng.hex(32),
        SpanId: rng.hex(16),
      },
      label,
    );
  const matter = () => `M-${rng.int(2019, 2026)}-${String(rng.int(1, 999)).padStart(4, "0")}`;

  // Normal: document viewer and auth calls, bulk indexing from the processing pipeline, snapshots.
  tl.every(rng.float(4, 6) * 1000, (t) => {
    const route = rng.pick(["/api/documents/{docId}/native", "/api/documents/{docId}/metadata", "/api/session/refresh", "/api/matters/{matterId}/tags"]);
    otel(t, "INFO", 9, `GET ${route} 200`, {
      "http.route": route,
      "http.request.method": "GET",
      "http.response.status_code": 200,
      duration_ms: +rng.around(route.includes("native") ? 85 : 18).toFixed(1),
    });
  });
  tl.every(rng.float(15, 25) * 1000, (t) =>
    otel(t, "INFO", 9, `bulk indexed ${rng.int(200, 1000)} documents for matter ${matter()} in ${Math.round(rng.around(420))} ms`, {
      "processing.batch": rng.int(10000, 99999),
      errors: false,
    }),
  );
  tl.every(rng.float(40, 80) * 1000, (t) =>
    es(
      t,
      "INFO",
      "es-master-0",
      "org.elasticsearch.cluster.metadata.MetadataMappingService",
      `[review-${matter().toLowerCase()}/${rng.hex(22)}] update_mapping [_doc]`,
    ),
  );
  tl.every(30 * MIN, (t) =>
    es(
      t,
      "INFO",
      "es-master-0",
      "org.elasticsearch.snapshots.SnapshotsService",
      `snapshot [s3-backups:nightly-${iso(t).slice(0, 10)}-${rng.hex(6)}/${rng.hex(22)}] started`,
    ),
  );

  // Consequences: searches slow on the sick nodes, or refused by the parent circuit breaker.
  tl.every(rng.float(8, 12) * 1000, (t) => {
    const m = matter();
    if (rng.chance(0.35)) {
      const used = (heapGb * rng.float(0.985, 0.999)).toFixed(1);
      es(
        t,
        "WARN",
        rng.pick(sick),
        "org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService",
        `[parent] Data too large, data for [<http_request>] would be [${used}gb/${used}gb], which is larger than the limit of [${(heapGb * 0.95).toFixed(1)}gb/${(heapGb * 0.95).toFixed(1)}gb], real usage: [${used}gb/${used}gb], new bytes reserved: [${rng.int(100, 9000)}kb]`,
        "memory",
      );
      otel(
        t + 30,
        "ERROR",
        17,
        `search in matter ${m} failed: circuit_breaking_exception [parent] Data too large`,
        {
          "http.route": "/api/matters/{matterId}/search",
          "http.response.status_code": 503,
          duration_ms: +rng.around(900).toFixed(1),
          "exception.type": "Elastic.Transport.TransportException",
        },
        "memory",
      );
      return;
    }
    const took = rng.float(9000, 28000);
    es(
      t + took,
      "WARN",
      rng.pick(sick),
      "index.search.slowlog.query",
      `[review-${m.toLowerCase()}][${rng.int(0, 5)}] took[${(took / 1000).toFixed(1)}s], took_millis[${Math.round(took)}], total_hits[${rng.int(10, 90000)} hits], search_type[QUERY_THEN_FETCH], total_shards[6]`,
      "performance",
      "search",
    );
    otel(
      t + took + 20,
      "WARN",
      13,
      `GET /api/matters/{matterId}/search 200`,
      { "http.route": "/api/matters/{matterId}/search", "http.response.status_code": 200, duration_ms: +(took + 40).toFixed(1) },
      "performance",
    );
  });
  tl.every(rng.float(6, 9) * MIN, (t) => {
    es(
      t,
      "INFO",
      "es-master-0",
      "org.elasticsearch.cluster.service.MasterService",
      `node-left[{${sick[1]}}{${rng.hex(22)}} reason: followers check retry count exceeded], term: ${rng.int(20, 40)}, version: ${rng.int(90000, 99999)}`,
      "pattern",
    );
    es(
      t + rng.int(15, 40) * 1000,
      "INFO",
      "es-master-0",
      "org.elasticsearch.cluster.service.MasterService",
      `node-join[{${sick[1]}}{${rng.hex(22)}} joining after restart], term: ${rng.int(20, 40)}`,
      "pattern",
    );
  });
  tl.every(rng.float(1.5, 3) * MIN, (t) => {
    const node = rng.pick(sick),
      dur = rng.float(8, 16),
      after = heapGb * rng.float(0.96, 0.99);
    es(
      t,
      "WARN",
      node,
      "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
      `[gc][old][${rng.int(100000, 200000)}][${rng.int(300, 900)}] duration [${dur.toFixed(1)}s], collections [1]/[${(dur + 0.4).toFixed(1)}s], total [${dur.toFixed(1)}s]/[${rng.float(1, 3).toFixed(1)}h], memory [${(after + 0.2).toFixed(1)}gb]->[${after.toFixed(1)}gb]/[${heapGb}gb], all_pools {[young] [0b]->[0b]/[0b]}{[old] [${(after + 0.1).toFixed(1)}gb]->[${(after - 0.1).toFixed(1)}gb]/[${heapGb}gb]}`,
      "memory",
      "scheduler",
    );
  });

  // The flood: both sick data nodes report GC overhead on every monitor tick.
  tl.spread(tl.floodCount(rng.float(0.3, 0.55)), (t, i) => {
    const spent = rng.float(3.8, 5.2),
      last = spent + rng.float(0.2, 1);
    es(
      t,
      "WARN",
      sick[i % 2] as string,
      "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
      `[gc][${rng.int(100000, 200000)}] overhead, spent [${spent.toFixed(1)}s] collecting in the last [${last.toFixed(1)}s]`,
      "memory",
      "scheduler",
    );
  });
  return tl.build(
    "s10-ediscovery-search-outage",
    "E-discovery search: two Elasticsearch data nodes with full heaps spend most time in GC, searches slow or refused by the breaker",
  );
}
