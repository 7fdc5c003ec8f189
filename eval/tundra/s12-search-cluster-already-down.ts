/*
 * search-cluster-already-down
 *
 * The window opens in the middle of an ongoing outage. One Elasticsearch data
 * node (es-data-2) is stuck with an almost-full heap: it logs GC overhead and
 * parent circuit-breaker trips, its search thread pool rejects work and its
 * slow log is full of multi-second queries; the master flips cluster health
 * between YELLOW and RED, drops the node and lets it rejoin. Elasticsearch
 * writes its own ECS JSON (log.level, service.name). Downstream, search-api
 * (Go, zap) times out or gets "all shards failed" on most queries and dumps the
 * query body of a few, product-indexer (Python) has most bulk requests rejected
 * or circuit-broken, and web-frontend (Node, pino) serves slow or failed search
 * pages.
 *
 * Some lines are normal throughout: non-search pages, the occasional search
 * served quickly from a healthy replica, successful bulk batches, probes.
 * Around two thirds of the lines belong to the outage.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const iso = (t: number): string => new Date(Math.floor(t)).toISOString();
const pyTimestamp = (t: number): string => iso(t).replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};

const QUERIES = [
  "winter boots",
  "gore-tex jacket",
  "kids helmet",
  "sleeping bag -10",
  "merino base layer",
  "trekking poles",
  "headlamp 400 lumen",
  "camping stove",
  "rain pants",
  "down vest",
];

export function s12SearchClusterAlreadyDown(seed: number): Scenario {
  const r = rng(seed, "tundra/s12");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(6, 21), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(25, 40) * 60_000;
  const end = start + windowMs;
  const index = `products-v${r.int(9, 14)}`;
  const nodeLeftAt = start + windowMs * r.float(0.35, 0.6);
  const nodeBackAt = nodeLeftAt + r.int(90, 200) * 1000;
  const nodeGone = (t: number): boolean => t >= nodeLeftAt && t < nodeBackAt;

  // --- Elasticsearch (ECS JSON) ---
  const es = (t: number, level: string, logger: string, node: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "@timestamp": iso(t),
    "log.level": level,
    message,
    "ecs.version": "1.2.0",
    "service.name": "elasticsearch",
    "event.dataset": "elasticsearch.server",
    "process.thread.name": `elasticsearch[${node}][${logger.includes("Gc") ? "scheduler" : "search"}][T#${r.int(1, 12)}]`,
    "log.logger": logger,
    "elasticsearch.node.name": node,
    "elasticsearch.cluster.name": "search-prod",
    ...extra,
  });
  let gcNo = r.int(40_000, 90_000);
  for (let t = start + r.int(0, 5000); t < end; t += r.int(6000, 16_000)) {
    if (nodeGone(t)) continue;
    gcNo += r.int(3, 9);
    const spent = r.float(3.1, 9.8);
    push(
      t,
      es(
        t,
        "WARN",
        "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
        "es-data-2",
        `[gc][${gcNo}] overhead, spent [${spent.toFixed(1)}s] collecting in the last [${(spent + r.float(0.1, 0.6)).toFixed(1)}s]`,
      ),
      "memory",
    );
  }
  for (let t = start + r.int(0, 15_000); t < end; t += r.int(12_000, 30_000)) {
    if (nodeGone(t)) continue;
    const used = r.float(7.6, 7.98);
    push(
      t,
      es(
        t,
        "WARN",
        "org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService",
        "es-data-2",
        `[parent] Data too large, data for [indices:data/read/search[phase/query]] would be [${Math.round(used * 1073741824)}/${used.toFixed(1)}gb], which is larger than the limit of [8160437862/7.5gb], real usage: [${Math.round((used - 0.01) * 1073741824)}/${(used - 0.01).toFixed(1)}gb], new bytes reserved: [${r.int(8000, 90_000)}/${r.int(8, 88)}kb], usages [model_inference=0/0b, inflight_requests=${r.int(1000, 9000)}/${r.int(1, 9)}kb, request=0/0b, fielddata=${r.int(200, 900)}mb, eql_sequence=0/0b]`,
      ),
      "memory",
    );
  }
  for (let t = start + r.int(0, 10_000); t < end; t += r.int(8000, 20_000)) {
    if (nodeGone(t)) continue;
    push(
      t,
      es(t, "DEBUG", "org.elasticsearch.action.search.SearchService", "es-data-2", `[${index}][${r.int(0, 5)}] failed to execute query phase`, {
        "error.type": "org.elasticsearch.common.util.concurrent.EsRejectedExecutionException",
        "error.message": `rejected execution of TimedRunnable{original=ActionRunnable#wrap[org.elasticsearch.search.SearchService$$Lambda/0x00000008017a3c48@${r.hex(8)}]} on TaskExecutionTimeTrackingEsThreadPoolExecutor[name = es-data-2/search, queue capacity = 1000, task execution EWMA = ${r.float(2, 9).toFixed(1)}s, total task execution time = ${r.int(3, 40)}h, org.elasticsearch.common.util.concurrent.TaskExecutionTimeTrackingEsThreadPoolExecutor@${r.hex(8)}[Running, pool size = 13, active threads = 13, queued tasks = 1000, completed tasks = ${r.int(10_000_000, 90_000_000)}]]`,
      }),
      "error",
    );
  }
  for (let t = start + r.int(0, 8000); t < end; t += r.int(5000, 14_000)) {
    if (nodeGone(t)) continue;
    const took = r.float(5.2, 19);
    const shard = r.int(0, 5);
    push(
      t,
      {
        "@timestamp": iso(t),
        "log.level": "WARN",
        message: `[${index}][${shard}]`,
        "ecs.version": "1.2.0",
        "service.name": "elasticsearch",
        "event.dataset": "elasticsearch.index_search_slowlog",
        "elasticsearch.node.name": "es-data-2",
        "elasticsearch.cluster.name": "search-prod",
        "elasticsearch.slowlog.took": `${took.toFixed(1)}s`,
        "elasticsearch.slowlog.took_millis": String(Math.round(took * 1000)),
        "elasticsearch.slowlog.total_hits": `${r.int(0, 9000)} hits`,
        "elasticsearch.slowlog.search_type": "QUERY_THEN_FETCH",
        "elasticsearch.slowlog.total_shards": "6",
        "elasticsearch.slowlog.source": `{"size":48,"query":{"bool":{"must":[{"multi_match":{"query":"${r.pick(QUERIES)}","fields":["name^3","brand^2","description"],"type":"best_fields","fuzziness":"AUTO"}}],"filter":[{"term":{"in_stock":true}}]}},"aggregations":{"brand":{"terms":{"field":"brand.keyword","size":50}},"price":{"histogram":{"field":"price","interval":25}}}}`,
      },
      "performance",
    );
  }
  // master: health flapping and the node leaving/rejoining
  const master = "es-master-0";
  let health = "RED";
  for (let t = start + r.int(20_000, 90_000); t < end; t += r.int(90_000, 240_000)) {
    const next = health === "RED" ? "YELLOW" : "RED";
    push(
      t,
      es(
        t,
        "INFO",
        "org.elasticsearch.cluster.routing.allocation.AllocationService",
        master,
        `current.health="${next}" message="Cluster health status changed from [${health}] to [${next}] (reason: [${next === "RED" ? `shards failed [[${index}][${r.int(0, 5)}]]` : `shards started [[${index}][${r.int(0, 5)}]]`}])." previous.health="${health}" reason="${next === "RED" ? "shards failed" : "shards started"}"`,
      ),
      "error",
    );
    health = next;
  }
  push(
    nodeLeftAt,
    es(
      nodeLeftAt,
      "INFO",
      "org.elasticsearch.cluster.service.MasterService",
      master,
      `node-left[{es-data-2}{${r.alnum(22)}}{${r.alnum(22)}}{es-data-2}{10.4.2.${r.int(10, 99)}}{10.4.2.${r.int(10, 99)}:9300}{dirs} reason: followers check retry count exceeded [timeouts=3, failures=0]], term: ${r.int(20, 60)}, version: ${r.int(90_000, 99_000)}, delta: removed {{es-data-2}}`,
    ),
    "error",
  );
  push(
    nodeLeftAt + 400,
    es(
      nodeLeftAt + 400,
      "WARN",
      "org.elasticsearch.cluster.routing.allocation.AllocationService",
      master,
      `[${index}][${r.int(0, 5)}] marking unavailable shards as stale: [${r.alnum(22)}]`,
    ),
    "error",
  );
  push(
    nodeBackAt,
    es(
      nodeBackAt,
      "INFO",
      "org.elasticsearch.cluster.service.MasterService",
      master,
      `node-join[{es-data-2}{${r.alnum(22)}}{es-data-2}{10.4.2.${r.int(10, 99)}:9300}{dirs} rejoining], term: ${r.int(20, 60)}, version: ${r.int(99_001, 99_999)}`,
    ),
  );
  // healthy data nodes write the odd normal line
  for (let t = start + r.int(0, 120_000); t < end; t += r.int(120_000, 300_000)) {
    const n = r.pick(["es-data-1", "es-data-3"]);
    push(
      t,
      es(
        t,
        "INFO",
        "org.elasticsearch.index.engine.Engine",
        n,
        `[${index}][${r.int(0, 5)}] flushed segments: ${r.int(3, 30)} committed, translog generation ${r.int(800, 2000)}`,
      ),
    );
  }

  // --- search-api (zap) ---
  const saPods = [0, 1].map(() => `search-api-${r.hex(10)}-${r.alnum(5)}`);
  const sa = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    level,
    ts: Math.floor(t) / 1000,
    caller,
    msg,
    service: "search-api",
    pod: r.pick(saPods),
    ...fields,
  });
  for (const pod of saPods) {
    for (let t = start + r.int(0, 15_000); t < end; t += 15_000 + r.int(-50, 50)) {
      push(t, {
        ...sa(t, "info", "httpmw/log.go:39", "request", {
          method: "GET",
          path: "/livez",
          status: 200,
          latency_ms: Number(r.float(0.1, 0.9).toFixed(2)),
          user_agent: "kube-probe/1.30",
        }),
        pod,
      });
    }
  }

  // --- web-frontend (pino) and the search calls it makes ---
  const wfHosts = [0, 1, 2].map(() => `web-frontend-${r.hex(10)}-${r.alnum(5)}`);
  const wf = (t: number, level: number, msg: string, extra: Record<string, unknown>): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: r.pick(wfHosts),
    service: "web-frontend",
    ...extra,
    msg,
  });
  let dumped = 0;
  const maxDumps = r.int(4, 12);
  for (let t = start + r.exp(1500); t < end; t += r.exp(r.float(1500, 1800))) {
    const reqId = r.uuid();
    if (r.chance(0.35)) {
      const path = r.pick(["/", "/cart", `/p/${r.int(10_000, 99_999)}`, "/account/orders", "/help/shipping", "/stores"]);
      const ms = r.logn(path.startsWith("/p/") ? 140 : 60, 0.35);
      push(t + ms, wf(t + ms, 30, `${path} 200 ${Math.round(ms)}ms`, { reqId, response_time_ms: Math.round(ms) }));
      continue;
    }
    const q = r.pick(QUERIES);
    const ts = t + r.float(2, 8);
    const roll = r.next();
    const healthyReplica = nodeGone(ts) ? 0.35 : 0.2;
    let webStatus: number;
    let webLabel: AnomalyType | null;
    let saMs: number;
    if (roll < healthyReplica) {
      saMs = r.logn(85, 0.35);
      push(
        ts + saMs,
        sa(ts + saMs, "info", "search/handler.go:77", "search ok", {
          q,
          hits: r.int(0, 900),
          es_took_ms: Math.round(saMs - 8),
          latency_ms: Math.round(saMs),
          request_id: reqId,
        }),
      );
      webStatus = 200;
      webLabel = null;
    } else if (roll < healthyReplica + 0.45) {
      saMs = 5000 + r.float(1, 30);
      push(
        ts + saMs,
        sa(ts + saMs, "error", "search/handler.go:91", "search failed", {
          q,
          error: "elasticsearch: context deadline exceeded (timeout 5s)",
          latency_ms: Math.round(saMs),
          request_id: reqId,
        }),
        "performance",
      );
      if (dumped < maxDumps && r.chance(0.025)) {
        dumped++;
        const body = JSON.stringify({
          size: 48,
          from: 0,
          track_total_hits: 10_000,
          query: {
            bool: {
              must: [
                {
                  multi_match: {
                    query: q,
                    fields: ["name^3", "brand^2", "description", "category.path", "attributes.*"],
                    type: "best_fields",
                    fuzziness: "AUTO",
                  },
                },
              ],
              filter: [
                { term: { in_stock: true } },
                { terms: { "store.id": Array.from({ length: 40 }, () => r.int(100, 999)) } },
                { range: { price: { gte: 0, lte: r.int(50, 900) } } },
              ],
            },
          },
          aggs: Object.fromEntries(["brand", "color", "size", "material", "gender", "season"].map((f) => [f, { terms: { field: `${f}.keyword`, size: 100 } }])),
          sort: [{ _score: "desc" }, { popularity: "desc" }],
        });
        push(ts + saMs + 2, sa(ts + saMs + 2, "warn", "search/debug.go:22", `slow query dump (request ${reqId}): ${body}`, { request_id: reqId }), "pattern");
      }
      webStatus = 504;
      webLabel = "performance";
    } else if (roll < healthyReplica + 0.62) {
      saMs = r.float(40, 900);
      push(
        ts + saMs,
        sa(ts + saMs, "error", "search/handler.go:95", "search failed", {
          q,
          error: `elasticsearch: [503] search_phase_execution_exception: all shards failed (${index}: 6 shards, 6 failed)`,
          latency_ms: Math.round(saMs),
          request_id: reqId,
        }),
        "error",
      );
      webStatus = 502;
      webLabel = "error";
    } else {
      saMs = r.float(1800, 4900);
      push(
        ts + saMs,
        sa(ts + saMs, "warn", "search/handler.go:81", "search ok (slow)", {
          q,
          hits: r.int(0, 900),
          es_took_ms: Math.round(saMs - 10),
          latency_ms: Math.round(saMs),
          request_id: reqId,
        }),
        "performance",
      );
      webStatus = 200;
      webLabel = "performance";
    }
    const tw = ts + saMs + r.float(4, 20);
    const path = `/search?q=${encodeURIComponent(q)}`;
    if (webStatus >= 500) {
      push(
        tw,
        wf(tw, 50, `${path} ${webStatus} ${Math.round(tw - t)}ms`, {
          reqId,
          response_time_ms: Math.round(tw - t),
          err: { type: "UpstreamError", message: webStatus === 504 ? "search-api timed out" : "search-api returned 502" },
        }),
        webLabel,
      );
    } else {
      push(tw, wf(tw, 30, `${path} 200 ${Math.round(tw - t)}ms`, { reqId, response_time_ms: Math.round(tw - t) }), webLabel);
    }
  }

  // --- product-indexer (python) ---
  const pi = (t: number, levelname: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name: "indexer.bulk",
    message,
    service: "product-indexer",
    ...extra,
    timestamp: pyTimestamp(t),
  });
  for (let t = start + r.exp(3000); t < end; t += r.exp(r.float(3200, 4200))) {
    const docs = r.int(200, 500);
    const roll = r.next();
    if (roll < 0.3) {
      const ms = r.logn(420, 0.3);
      push(t + ms, pi(t + ms, "INFO", `bulk indexed ${docs} docs into ${index} in ${Math.round(ms)}ms (errors=false)`));
    } else if (roll < 0.7) {
      const rej = r.int(Math.floor(docs * 0.3), docs);
      const ms = r.logn(900, 0.4);
      push(
        t + ms,
        pi(
          t + ms,
          "ERROR",
          `bulk request partially failed: ${rej}/${docs} items rejected (es_rejected_execution_exception: rejected execution of coordinating operation [coordinating_and_primary_bytes=${r.int(400, 520)}mb, replica_bytes=0, all_bytes=${r.int(400, 520)}mb, coordinating_operation_bytes=${r.int(1, 9)}mb, max_coordinating_and_primary_bytes=512mb]), will retry batch`,
          { batch: r.hex(8) },
        ),
        "error",
      );
    } else {
      const ms = r.logn(600, 0.4);
      push(
        t + ms,
        pi(
          t + ms,
          "ERROR",
          `bulk request failed: TransportError(429, 'circuit_breaking_exception', '[parent] Data too large, data for [<http_request>] would be [${r.int(8_170_000_000, 8_580_000_000)}/${r.float(7.6, 7.99).toFixed(1)}gb], which is larger than the limit of [8160437862/7.5gb]')`,
          {
            batch: r.hex(8),
            exc_info:
              'Traceback (most recent call last):\n  File "/app/indexer/bulk.py", line 88, in flush\n    resp = self.es.bulk(operations=ops, index=self.index)\n  File "/usr/local/lib/python3.12/site-packages/elasticsearch/_sync/client/__init__.py", line 752, in bulk\n    return self.perform_request(  # type: ignore[return-value]\nelasticsearch.ApiError: ApiError(429, \'circuit_breaking_exception\')',
          },
        ),
        "memory",
      );
    }
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "search-cluster-already-down",
    description:
      "Window opens mid-outage: an Elasticsearch data node with a full heap (GC overhead, circuit breakers, rejections, slowlog) breaks search; search-api, indexer and frontend lines are mostly failures and timeouts.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
