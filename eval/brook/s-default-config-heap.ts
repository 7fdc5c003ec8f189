/**
 * default-config-heap: catalog-cache (Go, log/slog) keeps product documents in memory for
 * catalog-api (Go, zap) and re-reads its ConfigMap-mounted `config.yaml` every couple of minutes.
 * Yesterday afternoon a config change put a tab into the file; since then every re-read fails to
 * parse it and the service runs on its built-in defaults: `config reload failed, using default
 * config` at ERROR, every re-read, from before the window to its end. The defaults have no entry
 * limit and a 24-hour TTL, so the cache never evicts: its heap has climbed since the restart that
 * loaded the bad file and crosses 85-95 % of GOMEMLIMIT in this window; the runtime stats and
 * cache stats say so, near the limit the GC runs all the time and some product lookups take
 * hundreds of milliseconds. Nothing has failed yet; the fallback line every two minutes is the
 * cause the on-call must see before the pod is OOM-killed.
 */
import { hourlyCron, nodeName, openWindow } from "./common.js";
import { nginxJson, slog, zap } from "./producers.js";
import { arrivals, HOUR, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "default-config-heap";
const CONFIG = "/etc/catalog-cache/config.yaml";

export function defaultConfigHeap(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-06-09", 7, 5);

  const limitMb = rng.pick([6144, 8192]);
  const loadedAt = start - rng.int(15, 19) * HOUR;
  const startFrac = rng.float(0.52, 0.6);
  const endFrac = rng.float(0.92, 0.96);
  /** Heap in use as a fraction of GOMEMLIMIT at `t`: climbing since the restart that loaded the bad file. */
  const heap = (t: number): number => startFrac + ((t - start) / (end - start)) * (endFrac - startFrac) + 0.008 * Math.sin(t / 170_000);
  const entriesAt = (t: number): number => Math.round(((t - loadedAt) / HOUR) * rng.float(52_000, 54_000));
  const pod = rng.pod("catalog-cache");
  const line = rng.int(12, 31);

  // ── the re-read that fails every time ───────────────────────────────────────────────────────
  const every = rng.pick([90, 120]) * SECOND;
  for (let t = start + rng.int(0, every); t < end; t += every + rng.int(-5, 5)) {
    tl.add(
      t,
      slog(t, "ERROR", "config reload failed, using default config", {
        path: CONFIG,
        err: `yaml: line ${line}: found character that cannot start any token`,
        defaults: { max_entries: 0, ttl: "24h0m0s", shards: 16 },
        pod,
      }),
      "error",
    );
  }

  // ── runtime and cache stats ─────────────────────────────────────────────────────────────────
  let numGc = rng.int(40_000, 60_000);
  for (const t of ticks(rng, start, end, MINUTE, 2 * SECOND)) {
    const h = heap(t);
    const gcPerMin = h < 0.8 ? rng.int(2, 5) : Math.round(rng.int(6, 12) * (1 + (h - 0.8) * 25));
    numGc += gcPerMin;
    const label: AnomalyType | null = h >= 0.75 ? "memory" : null;
    tl.add(
      t,
      slog(t, "INFO", "runtime stats", {
        heap_alloc_mb: Math.round(h * limitMb),
        heap_inuse_mb: Math.round(h * limitMb * 1.04),
        sys_mb: Math.round(h * limitMb * 1.09 + 180),
        gomemlimit_mb: limitMb,
        num_gc: numGc,
        gc_cpu_fraction: Number((h < 0.8 ? rng.float(0.004, 0.012) : rng.float(0.04, 0.09) * (1 + (h - 0.8) * 30)).toFixed(4)),
        goroutines: rng.int(180, 240),
        pod,
      }),
      label,
    );
    if (h >= 0.85 && rng.chance(0.25)) {
      tl.add(
        t + 3,
        slog(t + 3, "WARN", "heap close to GOMEMLIMIT, GC running continuously", {
          heap_alloc_mb: Math.round(h * limitMb),
          gomemlimit_mb: limitMb,
          gc_per_min: gcPerMin,
          pod,
        }),
        "memory",
      );
    }
  }
  for (const t of ticks(rng, start, end, 5 * MINUTE, 10 * SECOND)) {
    tl.add(
      t,
      slog(t, "INFO", "cache stats", {
        entries: entriesAt(t),
        max_entries: 0,
        evictions: 0,
        expired: rng.int(0, 40),
        hit_ratio: Number(rng.float(0.955, 0.975).toFixed(3)),
        pod,
      }),
      heap(t) >= 0.75 ? "memory" : null,
    );
  }

  // ── catalog-api (zap): product lookups through the cache ───────────────────────────────────
  const apiPods = [rng.pod("catalog-api"), rng.pod("catalog-api")];
  for (const s of arrivals(rng, start, end, rng.float(4.2, 4.8), shape, 1.2)) {
    const h = heap(s);
    // near the limit a lookup now and then waits on GC assist
    const assist = h >= 0.85 && rng.chance((h - 0.85) * 4) ? rng.float(250, 900) : 0;
    const cacheMs = rng.logNormal(2.4, 0.4) + assist;
    const took = cacheMs + rng.logNormal(9, 0.35);
    const miss = rng.chance(0.012);
    const d = s + Math.round(took);
    tl.add(
      d,
      zap(d, "info", "http", "server/middleware.go:74", "request", {
        method: "GET",
        path: `/v1/products/${rng.int(100000, 999999)}`,
        status: miss ? 404 : 200,
        latency: Number((took / 1000).toFixed(6)),
        cache_ms: Number(cacheMs.toFixed(3)),
        request_id: rng.uuid(),
        pod: rng.pick(apiPods),
      }),
      assist > 0 ? "performance" : null,
    );
  }

  // ── the shop's search through ingress-nginx, unrelated ─────────────────────────────────────
  const vhost = "www.northwind.example";
  const search = [`${rng.privateIp("10.47")}:8080`, `${rng.privateIp("10.47")}:8080`];
  const terms = ["drill", "ladder", "paint", "hose", "tile+cutter", "sander", "shelf", "led+bulb", "saw", "glue"];
  for (const s of arrivals(rng, start, end, rng.float(1.8, 2.2), shape, 1.2)) {
    const took = rng.logNormal(60, 0.45);
    const d = s + Math.round(took);
    tl.add(
      d,
      nginxJson(d, {
        remoteAddr: rng.clientIp(),
        requestId: rng.hex(32),
        method: "GET",
        uri: `/search?q=${rng.pick(terms)}&page=${rng.int(1, 3)}`,
        status: 200,
        requestTimeMs: took,
        bytesSent: rng.int(20000, 90000),
        userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        host: vhost,
        upstreamAddr: rng.pick(search),
        upstreamStatus: "200",
        upstreamTimeMs: took - 1,
        proxyUpstreamName: "shop-search-web-8080",
      }),
    );
  }

  hourlyCron(rng, tl, [nodeName(rng, "10.47"), nodeName(rng, "10.47")]);

  return tl.build(
    NAME,
    "a tab in catalog-cache's config.yaml since yesterday: every re-read fails and it runs on defaults (`config reload failed, using default config` at ERROR all window) with no entry limit, so its heap climbs past 85-95 % of GOMEMLIMIT, the GC runs continuously and some lookups slow down",
  );
}
