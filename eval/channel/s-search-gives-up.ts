/**
 * search-gives-up: storefront-bff's product search (pino-http behind ingress-nginx) answers in
 * ~90 ms, and a shopper's browser cancels one now and then (a new query typed, a page left): a
 * percent or two of searches end `request aborted` (nginx 499) all window, routine. A third of
 * the way in merchandising starts the spring catalogue bulk import; its new attribute fields
 * blow up the facet aggregation's global ordinals and the Elasticsearch data nodes' heaps fill:
 * old-generation GCs back to back, most of each interval spent collecting. Searches take
 * seconds; the storefront's search box gives up after 8 s (AbortController), so most searches
 * now end `request aborted` at ~8 s and nginx logs 499: the aborts are the outage. After the
 * on-call pauses the import the heaps drain and searches are fast again.
 */
import { browser, openWindow, q, SEARCH_TERMS } from "./common.js";
import { type EsNode, esSearchSlowlog, esServer, nginxJson, type PinoSource, pino, pinoHttp, structlog } from "./producers.js";
import { arrivals, MINUTE, ramp, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "search-gives-up";
const CLIENT_TIMEOUT_MS = 8000;

export function searchGivesUp(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-09", 8, 3);

  const importAt = tl.at(rng.float(0.3, 0.4));
  const hotAt = importAt + rng.int(4, 7) * MINUTE; // heaps full enough to slow searches
  const pausedAt = hotAt + rng.int(45, 60) * MINUTE; // the on-call pauses the import
  const clearAt = pausedAt + rng.int(3, 5) * MINUTE; // heaps drained, searches fast again
  /** How far into the heap trouble `t` is: 0 before and after, up to 1 in the thick of it. */
  const pressure = (t: number): number =>
    t < hotAt || t >= clearAt ? 0 : Math.min(ramp(t, hotAt, hotAt + 8 * MINUTE) + 0.25, 1) * (t < pausedAt ? 1 : 1 - ramp(t, pausedAt, clearAt));

  // ── Elasticsearch: three data nodes ─────────────────────────────────────────────────────────
  const clusterUuid = rng.alnum(22);
  const es: EsNode[] = [0, 1, 2].map((i) => ({ cluster: "catalog-es", clusterUuid, node: `catalog-es-data-${i}`, nodeId: rng.alnum(22) }));
  const gcCounter = es.map(() => rng.int(30000, 60000));
  const oldCount = es.map(() => rng.int(80, 200));
  // routine young GCs the monitor reports at INFO now and then
  for (const [i, n] of es.entries()) {
    for (const t of ticks(rng, start, end, 9 * MINUTE, 3 * MINUTE)) {
      if (pressure(t) > 0) continue;
      gcCounter[i]! += rng.int(300, 600);
      const ms = rng.int(210, 480);
      tl.add(
        t,
        esServer(
          t,
          n,
          "INFO",
          "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
          `elasticsearch[${n.node}][scheduler][T#1]`,
          `[gc][${gcCounter[i]}] overhead, spent [${ms}ms] collecting in the last [${(ms / 1000 + rng.float(0.6, 1)).toFixed(1)}s]`,
        ),
      );
    }
  }
  // the heap trouble: the two nodes holding the product index' primaries collect back to back
  for (const i of [1, 2]) {
    const n = es[i]!;
    const heap = 30;
    for (let t = hotAt + rng.int(0, 40) * SECOND; t < clearAt; t += rng.int(25, 70) * SECOND) {
      const p = pressure(t);
      if (p <= 0) continue;
      gcCounter[i]! += rng.int(20, 60);
      oldCount[i]! += 1;
      const dur = rng.float(2.5, 5) + 6 * p;
      const interval = dur + rng.float(0.3, 1.2);
      const before = heap * rng.float(0.955, 0.985);
      const young = rng.int(300, 900);
      const survivor = rng.int(40, 120);
      const after = before - (young + survivor) / 1024 - rng.float(0, 0.2);
      const thread = `elasticsearch[${n.node}][scheduler][T#1]`;
      tl.add(
        t,
        esServer(
          t,
          n,
          "WARN",
          "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
          thread,
          `[gc][old][${gcCounter[i]}][${oldCount[i]}] duration [${dur.toFixed(1)}s], collections [1]/[${interval.toFixed(1)}s], total [${dur.toFixed(1)}s]/[${rng.int(8, 40)}.${rng.int(0, 9)}m], memory [${before.toFixed(1)}gb]->[${after.toFixed(1)}gb]/[${heap}gb], all_pools {[young] [${young}mb]->[0b]/[0b]}{[old] [${(before - (young + survivor) / 1024).toFixed(1)}gb]->[${after.toFixed(1)}gb]/[${heap}gb]}{[survivor] [${survivor}mb]->[0b]/[0b]}`,
        ),
        "memory",
      );
      tl.add(
        t + 2,
        esServer(
          t + 2,
          n,
          "WARN",
          "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
          thread,
          `[gc][${gcCounter[i]}] overhead, spent [${dur.toFixed(1)}s] collecting in the last [${interval.toFixed(1)}s]`,
        ),
        "memory",
      );
    }
    // once the import is paused a last long collection frees the heap: the end of it
    const freed = clearAt - rng.int(20, 60) * SECOND;
    gcCounter[i]! += 30;
    oldCount[i]! += 1;
    tl.add(
      freed,
      esServer(
        freed,
        n,
        "INFO",
        "org.elasticsearch.monitor.jvm.JvmGcMonitorService",
        `elasticsearch[${n.node}][scheduler][T#1]`,
        `[gc][old][${gcCounter[i]}][${oldCount[i]}] duration [${rng.float(1.1, 1.9).toFixed(1)}s], collections [1]/[${rng.float(2, 2.6).toFixed(1)}s], total [${rng.float(1.1, 1.9).toFixed(1)}s]/[${rng.int(9, 41)}.${rng.int(0, 9)}m], memory [${rng.float(27.5, 28.5).toFixed(1)}gb]->[${rng.float(11, 15).toFixed(1)}gb]/[${heap}gb], all_pools {[young] [${rng.int(300, 900)}mb]->[0b]/[0b]}{[old] [27.4gb]->[${rng.float(10.5, 14.5).toFixed(1)}gb]/[${heap}gb]}{[survivor] [${rng.int(40, 120)}mb]->[0b]/[0b]}`,
      ),
    );
  }

  // ── catalog-indexer (Python, structlog): the bulk import ───────────────────────────────────
  const jobId = `imp_${rng.alnum(10)}`;
  const idx = (t: number, level: "info" | "warning", event: string, fields: Record<string, unknown>, label: AnomalyType | null = null) =>
    tl.add(t, structlog(t, level, "catalog_indexer.bulk", event, { job_id: jobId, index: "catalog-products-v7", ...fields }), label);
  const total = rng.int(1_700_000, 1_950_000);
  idx(importAt, "info", "bulk import started", { source: "s3://merch-feeds/spring-2026/catalogue.ndjson.gz", documents: total, batch_size: 5000 });
  for (let k = 0; k < rng.int(3, 6); k++) {
    const t = importAt + rng.int(20, 180) * SECOND;
    tl.add(
      t,
      esServer(
        t,
        rng.pick(es),
        "INFO",
        "org.elasticsearch.cluster.metadata.MetadataMappingService",
        `elasticsearch[${es[0]!.node}][masterService#updateTask][T#1]`,
        `[catalog-products-v7/${rng.alnum(22)}] update_mapping [_doc]`,
      ),
    );
  }
  let done = 0;
  let batch = 0;
  for (let t = importAt + rng.int(8, 15) * SECOND; t < pausedAt; ) {
    const p = pressure(t);
    const took = p > 0 ? rng.logNormal(9000 + 20000 * p, 0.35) : rng.logNormal(2600, 0.25);
    batch += 1;
    done += 5000;
    t += Math.round(took) + rng.int(200, 900);
    if (t >= pausedAt) break;
    if (batch % 4 === 0 || p > 0) {
      idx(
        t,
        p > 0 ? "warning" : "info",
        p > 0 ? "bulk batch slow" : "bulk batch indexed",
        { batch, indexed: done, took_ms: Math.round(took) },
        p > 0 ? "performance" : null,
      );
    }
  }
  idx(pausedAt, "info", "bulk import paused", { indexed: done, remaining: total - done, requested_by: "ops-oncall" });

  // ── storefront-bff (Node, pino-http) behind ingress-nginx ───────────────────────────────────
  const bff: (PinoSource & { ip: string })[] = [0, 1, 2].map(() => ({ hostname: rng.pod("storefront-bff"), pid: 1, ip: `${rng.privateIp("10.42")}:3000` }));
  const upstreamName = "storefront-storefront-bff-3000";
  const host = "www.shop.example";
  const request = (s: number, method: string, url: string, tookMs: number, status: number, aborted: boolean, label: AnomalyType | null) => {
    const pod = rng.pick(bff);
    const id = rng.hex(32);
    const ua = browser(rng);
    const client = rng.clientIp();
    const d = s + Math.round(tookMs);
    tl.add(
      d,
      pinoHttp(
        d,
        pod,
        { id, method, url, remoteAddress: `::ffff:${rng.privateIp("10.42")}`, userAgent: ua, host },
        status,
        tookMs,
        aborted ? "aborted" : "done",
      ),
      label,
    );
    tl.add(
      d + 1,
      nginxJson(d + 1, {
        remoteAddr: client,
        requestId: id,
        method,
        uri: url,
        status: aborted ? 499 : status,
        requestTimeMs: tookMs + 1,
        bytesSent: aborted ? 0 : rng.int(1800, 24000),
        userAgent: ua,
        host,
        upstreamAddr: pod.ip,
        upstreamStatus: aborted ? "-" : String(status),
        upstreamTimeMs: tookMs,
        proxyUpstreamName: upstreamName,
        referer: `https://${host}/`,
      }),
      label,
    );
  };

  // searches: the box gives up at 8 s; shoppers now and then leave or retype first
  for (const s of arrivals(rng, start, end, 3.2, shape, 1.2)) {
    const term = rng.pick(SEARCH_TERMS);
    const url = `/api/search?q=${q(term)}&page=${rng.chance(0.85) ? 1 : rng.int(2, 4)}&sort=relevance`;
    const p = pressure(s);
    const took = p > 0 ? rng.logNormal(1500 + 9000 * p, 0.55) : rng.logNormal(88, 0.4);
    if (took >= CLIENT_TIMEOUT_MS) {
      request(s, "GET", url, CLIENT_TIMEOUT_MS + rng.int(2, 40), 200, true, "performance");
    } else if (rng.chance(p > 0 ? 0.12 : 0.015)) {
      // left before the answer came: routine when searches are fast, a symptom when they take seconds
      const gone = p > 0 ? took * rng.float(0.4, 0.95) : rng.float(30, Math.max(40, took * 0.9));
      request(s, "GET", url, gone, 200, true, p > 0 && gone > 1000 ? "performance" : null);
    } else {
      request(s, "GET", url, took, 200, false, took > 1000 ? "performance" : null);
    }
    if (took > 2000) {
      const n = es[rng.pick([1, 2])]!;
      const esTook = Math.min(took, CLIENT_TIMEOUT_MS * 3) - rng.int(10, 40);
      const source = `{"size":24,"query":{"multi_match":{"query":"${term}","fields":["name^3","brand^2","description"]}},"aggs":{"facets":{"terms":{"field":"attributes.*","size":500}}}}`;
      tl.add(
        s + Math.round(esTook),
        esSearchSlowlog(s + Math.round(esTook), n, esTook > 5000 ? "WARN" : "INFO", "catalog-products-v7", rng.int(0, 2), esTook, rng.int(40, 4000), source),
        "performance",
      );
    }
  }
  // product pages and cart: Postgres-backed, untouched by the search cluster
  for (const s of arrivals(rng, start, end, 2.8, shape, 1.2)) {
    const id = rng.int(100000, 999999);
    const missing = rng.chance(0.02);
    const aborted = !missing && rng.chance(0.004);
    const took = rng.logNormal(46, 0.45);
    request(s, "GET", `/api/products/${id}`, aborted ? took * 0.5 : took, missing ? 404 : 200, aborted, null);
  }
  for (const s of arrivals(rng, start, end, 1.3, shape, 1.2)) request(s, "GET", "/api/cart", rng.logNormal(31, 0.4), 200, false, null);
  for (const s of arrivals(rng, start, end, 0.6, shape, 1.2))
    request(s, "POST", "/api/cart/items", rng.logNormal(64, 0.4), rng.chance(0.03) ? 409 : 201, false, null);

  // bff's own periodic lines: the feature-flag refresh
  for (const pod of bff) {
    for (const t of ticks(rng, start, end, 5 * MINUTE, 20 * SECOND))
      tl.add(t, pino(t, pod, "info", "feature flags refreshed", { flags: rng.int(38, 41), etag: `W/"${rng.hex(8)}"` }));
  }

  return tl.build(
    NAME,
    "a bulk catalogue import fills the search cluster's heaps (back-to-back old GCs); searches take seconds and the storefront's search box gives up at 8 s, so most searches end `request aborted` (nginx 499) until the import is paused; a percent or two of aborts before and after is routine",
  );
}
