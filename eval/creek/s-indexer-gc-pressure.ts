/**
 * indexer-gc-pressure (holds the rule): catalog-indexer (Java, Logback with LogstashEncoder)
 * bulk-indexes product updates into the `products` Elasticsearch cluster and reports docs/s every
 * ten seconds; storefront-search (Node, pino-http) searches the same cluster; feed-importer
 * (python-json-logger) imports suppliers' feeds into the indexer's queue. The window opens on
 * the incident: a supplier's full-catalogue feed with thousands of attributes per product is
 * being imported, the bulk requests are huge, and the data nodes' heaps are full. From the first
 * minute their GC overhead warnings come back to back, the parent circuit breaker rejects bulk
 * requests (`Data too large`), the indexer retries them and its docs/s collapses to a tenth,
 * feed-importer is held back to a few hundred items/s, and searches take seconds. A quarter in
 * the on-call pauses the feed; the heaps drain, the indexer catches up, and feed-importer resumes
 * half-way with attributes capped, at its usual pace.
 */
import { hourlyCron, openWindow, replicaPods } from "./common.js";
import { type EsNode, esServer, javaTrace, logstash, type PinoSource, pinoHttp, pyJson } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "indexer-gc-pressure";
const HEAP_GB = 31;

export function indexerGcPressure(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-05-05", 6, 2);
  const pauseAt = tl.at(rng.float(0.22, 0.28));
  const drainedAt = pauseAt + rng.int(3, 6) * MINUTE;
  const resumeAt = tl.at(rng.float(0.48, 0.54));
  const pressure = (t: number): number => (t < pauseAt ? 1 : t < drainedAt ? 1 - (t - pauseAt) / (drainedAt - pauseAt) : 0);
  const clusterUuid = rng.alnum(22);
  const nodes: EsNode[] = [1, 2, 3].map((i) => ({ cluster: "products", clusterUuid, node: `products-es-data-${i - 1}`, nodeId: rng.alnum(22) }));

  // ── Elasticsearch data nodes: GC overhead and the parent breaker under the feed ─────────────
  const gcCount = nodes.map(() => rng.int(200, 900));
  for (const [i, es] of nodes.entries()) {
    for (let t = start + rng.int(2, 20) * SECOND; t < drainedAt; t += rng.int(8, 25) * SECOND) {
      const p = pressure(t);
      if (p <= 0.15) break;
      gcCount[i] = gcCount[i]! + rng.int(1, 3);
      const n = gcCount[i]!;
      const spent = rng.float(1.4, 4.5) * p + 0.4;
      const window = spent * rng.float(1.05, 1.3);
      const level = spent / window > 0.75 ? "WARN" : "INFO";
      tl.add(
        t,
        esServer(
          t,
          es,
          level,
          "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
          `elasticsearch[${es.node}][scheduler][T#1]`,
          `[gc][${n}] overhead, spent [${spent.toFixed(1)}s] collecting in the last [${window.toFixed(1)}s]`,
        ),
        "memory",
      );
      if (rng.chance(0.25)) {
        const used = HEAP_GB * rng.float(0.95, 0.99);
        tl.add(
          t + 300,
          esServer(
            t + 300,
            es,
            "INFO",
            "org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService",
            `elasticsearch[${es.node}][write][T#${rng.int(1, 8)}]`,
            `attempting to trigger G1GC due to high heap usage [${Math.round(used * 1024 ** 3)}]`,
          ),
          "memory",
        );
        const after = t + 300 + rng.int(300, 2000);
        tl.add(
          after,
          esServer(
            after,
            es,
            "INFO",
            "org.elasticsearch.indices.breaker.HierarchyCircuitBreakerService",
            `elasticsearch[${es.node}][write][T#${rng.int(1, 8)}]`,
            `GC did not bring memory usage down, before [${Math.round(used * 1024 ** 3)}], after [${Math.round(used * 0.995 * 1024 ** 3)}], allocations [${rng.int(1, 40)}], duration [${rng.int(40, 300)}]`,
          ),
          "memory",
        );
      }
    }
  }

  // the master applies the mappings the feed's new attributes add
  const master: EsNode = { cluster: "products", clusterUuid, node: "products-es-master-0", nodeId: rng.alnum(22) };
  const indexUuid = rng.alnum(22);
  for (const t of ticks(rng, start, end, 12 * MINUTE, 4 * MINUTE)) {
    const index = `products-${new Date(t).toISOString().slice(0, 7).replace("-", ".")}`;
    tl.add(
      t,
      esServer(
        t,
        master,
        "INFO",
        "org.elasticsearch.cluster.metadata.MetadataMappingService",
        `elasticsearch[${master.node}][masterService#updateTask][T#1]`,
        `[${index}/${indexUuid}] update_mapping [_doc]`,
      ),
    );
  }

  // ── catalog-indexer: bulk requests, retries, docs/s every ten seconds ──────────────────────
  const indexerPod = rng.pod("catalog-indexer");
  const idx = (
    t: number,
    level: "INFO" | "WARN" | "ERROR",
    logger: string,
    msg: string,
    fields: Record<string, unknown> = {},
    label: AnomalyType | null = null,
    trace?: string,
  ) => tl.add(t, logstash(t, level, logger, "bulk-flusher-1", msg, { service: "catalog-indexer", HOSTNAME: indexerPod, ...fields }, trace), label);
  let backlog = rng.int(600_000, 900_000);
  const usual = rng.float(1150, 1400);
  for (let t = start + rng.int(1, 9) * SECOND; t < end; t += 10 * SECOND + rng.int(0, 60)) {
    const p = pressure(t);
    const inflow = (t < resumeAt && t >= pauseAt ? 0.55 : 1) * usual * shape(t) * rng.float(0.9, 1.1);
    let rate: number;
    if (p > 0.15) rate = usual * rng.float(0.03, 0.14);
    else if (backlog > 20_000) rate = usual * rng.float(1.7, 2.1);
    else rate = inflow;
    const docs = Math.round(rate * 10);
    backlog = Math.max(0, backlog + Math.round(inflow * 10) - docs);
    const slow = p > 0.15;
    idx(
      t,
      "INFO",
      "com.shop.indexer.BulkStats",
      `indexed ${docs} docs in last 10s (${(docs / 10).toFixed(1)} docs/s), queue backlog ${backlog}`,
      { docs, backlog },
      slow ? "performance" : null,
    );
    if (slow && rng.chance(0.7)) {
      const at = t - rng.int(1000, 9000);
      const es = rng.pick(nodes);
      const attempt = rng.int(1, 5);
      const would = HEAP_GB * rng.float(0.985, 1.0);
      const reason = `[parent] Data too large, data for [indices:data/write/bulk[s]] would be [${Math.round(would * 1024 ** 3)}/${would.toFixed(1)}gb], which is larger than the limit of [${Math.round(HEAP_GB * 0.95 * 1024 ** 3)}/${(HEAP_GB * 0.95).toFixed(1)}gb], real usage: [${Math.round((would - 0.04) * 1024 ** 3)}/${(would - 0.04).toFixed(1)}gb], new bytes reserved: [${rng.int(30, 60) * 1024 ** 2}/${rng.int(30, 60)}mb], usages [model_inference=0/0b, inflight_requests=${rng.int(30, 300)}mb, request=0/0b, fielddata=${rng.int(100, 900)}mb, eql_sequence=0/0b]`;
      if (attempt < 5) {
        idx(
          at,
          "WARN",
          "com.shop.indexer.BulkFlusher",
          `bulk request of ${rng.int(800, 1000)} actions rejected by ${es.node} with 429 circuit_breaking_exception, retrying in ${2 ** attempt}s (attempt ${attempt}/5)`,
          { node: es.node },
          "error",
        );
      } else {
        idx(
          at,
          "ERROR",
          "com.shop.indexer.BulkFlusher",
          `bulk request of ${rng.int(800, 1000)} actions failed after 5 attempts, returned to queue`,
          { node: es.node },
          "error",
          javaTrace("co.elastic.clients.elasticsearch._types.ElasticsearchException", `[es/bulk] failed: [circuit_breaking_exception] ${reason}`, [
            "co.elastic.clients.transport.ElasticsearchTransportBase.getApiResponse(ElasticsearchTransportBase.java:345)",
            "co.elastic.clients.transport.ElasticsearchTransportBase.performRequest(ElasticsearchTransportBase.java:147)",
            "co.elastic.clients.elasticsearch.ElasticsearchClient.bulk(ElasticsearchClient.java:358)",
            "com.shop.indexer.BulkFlusher.flush(BulkFlusher.java:91)",
          ]),
        );
      }
    }
  }

  // ── feed-importer: the supplier feed, held back, paused, resumed with attributes capped ──────
  const feedRun = rng.hex(8);
  const feed = (t: number, level: "INFO" | "WARNING", msg: string, extra: Record<string, unknown> = {}, label: AnomalyType | null = null) =>
    tl.add(t, pyJson(t, "feed-importer", level, "feed_importer.run", msg, { run_id: feedRun, supplier: "megastore-eu", ...extra }), label);
  let page = rng.int(40, 90);
  let paused = false;
  for (let t = start + rng.int(5, 25) * SECOND; t < end; t += 30 * SECOND + rng.int(0, 500)) {
    if (t >= pauseAt && t < resumeAt) {
      if (!paused) feed(pauseAt + 800, "WARNING", "import paused by operator", { page, requested_by: "oncall" });
      paused = true;
      continue;
    }
    if (paused) {
      feed(t - 2000, "INFO", "import resumed with max_attributes=200", { page, max_attributes: 200 });
      paused = false;
    }
    const held = t < pauseAt;
    const rate = held ? rng.float(140, 420) : rng.float(2100, 2700);
    const items = Math.round(rate * 30);
    page += Math.max(1, Math.round(items / 5000));
    feed(
      t,
      held ? "WARNING" : "INFO",
      `imported ${items} products in last 30s (${Math.round(rate)} items/s), feed page ${page}`,
      { page, items, queue_blocked: held },
      held ? "performance" : null,
    );
  }

  // ── storefront-search: searches on the same cluster ─────────────────────────────────────────
  const pods = replicaPods(rng, "storefront-search", 3);
  const terms = ["sneakers", "tent", "desk lamp", "coffee", "hoodie", "monitor", "kettle", "backpack", "jeans", "headphones"];
  let reqId = rng.int(1000, 9000);
  for (const s of arrivals(rng, start, end, 10, shape, 1.2)) {
    const p = pressure(s);
    let took = rng.logNormal(70, 0.4);
    if (p > 0.15) took += rng.chance(0.7) ? rng.logNormal(2200, 0.5) * p : rng.float(0, 400);
    const src: PinoSource = { hostname: rng.pick(pods), pid: 1, name: "storefront-search" };
    const url = `/search?q=${encodeURIComponent(rng.pick(terms)).replaceAll("%20", "+")}&page=1`;
    reqId += rng.int(1, 7);
    tl.add(
      s + Math.round(took),
      pinoHttp(s + Math.round(took), src, { id: `req-${reqId}`, method: "GET", url, remoteAddress: rng.clientIp(), host: "search.shop.example" }, 200, took),
      took > 1000 ? "performance" : null,
    );
  }

  hourlyCron(rng, tl, ["ip-10-48-3-17.eu-west-1.compute.internal"]);
  return tl.build(
    NAME,
    "the window opens on Elasticsearch's data nodes out of heap under a supplier feed's huge bulk requests: GC overhead back to back, the parent breaker rejects bulks, catalog-indexer's docs/s collapses to a tenth, feed-importer is held to a few hundred items/s and searches take seconds, until the feed is paused a quarter in and resumes half-way with attributes capped",
  );
}
