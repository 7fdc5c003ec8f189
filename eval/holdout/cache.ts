// A catalogue API (python-json-logger) in front of Redis (container stdout via the runtime): a new
// import job fills the cache to maxmemory, eviction wipes the hot keys and the database takes the load.

import type { Scenario } from "../blind/types.js";
import { type Entry, isoNano, type Label, LogBook, MIN, poissonTimes, podName, pyIso, ramp, redisTime, rngFor, SEC, slowLimit, startTime } from "./kit.js";

export function redisEvictionStorm(seed: number): Scenario {
  const name = "redis-eviction-storm";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const api = r.pick(["catalog-api", "product-api", "listing-service"]);
  const redis = r.pick(["catalog-redis", "cache-redis-main", "redis-hot"]);
  const importer = r.pick(["feed-importer", "catalog-sync", "bulk-loader"]);
  const apiPods = Array.from({ length: r.int(3, 4) }, () => podName(r, api));
  const maxGb = r.pick([4, 6, 8]);
  const policy = r.pick(["allkeys-lru", "volatile-lru"]);
  const redisPid = 1;

  const t0 = startTime(r);
  const onset = t0 + r.int(8, 14) * MIN; // the import job starts
  const full = onset + r.int(5, 8) * MIN; // maxmemory reached
  const end = full + r.int(14, 20) * MIN;
  const baseUsed = r.float(0.55, 0.68);

  const usedFrac = (t: number): number => (t < onset ? baseUsed + r.float(-0.01, 0.01) : Math.min(1, ramp(t, onset, full, baseUsed, 1.0)));
  const hitRatio = (t: number): number => (t < full ? r.float(0.955, 0.985) : ramp(t, full, full + 3 * MIN, 0.95, r.float(0.32, 0.45)) + r.float(-0.03, 0.03));

  const py = (t: number, label: Label, level: string, logger: string, message: string, extra: Entry = {}, svc = api): void => {
    book.add(t, label, {
      timestamp: pyIso(t, r),
      levelname: level,
      name: logger,
      message,
      service: svc,
      host: svc === api ? r.pick(apiPods) : podName(r, svc),
      ...extra,
    });
  };
  const redisLine = (t: number, label: Label, role: "M" | "C", sym: string, text: string): void => {
    const pid = role === "M" ? redisPid : r.int(200, 9000);
    book.add(t, label, {
      log: `${pid}:${role} ${redisTime(t)} ${sym} ${text}\n`,
      stream: "stdout",
      time: isoNano(t, r),
      app: redis,
      kubernetes: { namespace_name: "catalog", container_name: "redis", pod_name: `${redis}-0` },
    });
  };

  // API requests: a cache read, a database read on a miss.
  const dbLimit = slowLimit(9, 0.4);
  const reqLimit = slowLimit(14, 0.45);
  for (const t of poissonTimes(r, t0, end, r.float(55, 75))) {
    const path = r.weighted([
      [`/api/v1/products/${r.int(10000, 999999)}`, 6],
      [`/api/v1/categories/${r.pick(["shoes", "garden", "kitchen", "toys", "audio"])}/products`, 2],
      ["/api/v1/search", 2],
    ] as const);
    const miss = !r.chance(hitRatio(t));
    let ms = r.logNormal(4, 0.35);
    if (miss) {
      // The database saturates once most reads miss; the pool queues, then times out.
      const load = t > full ? ramp(t, full, full + 4 * MIN, 1, r.float(25, 45)) : 1;
      const dbMs = r.logNormal(9 * load, 0.4);
      ms += dbMs;
      // The ORM logs a query only past 100 ms; the join below is routinely that slow, a lookup by id never.
      if (dbMs > 100 && dbMs > dbLimit) {
        py(t + ms, "performance", "WARNING", "catalog.db", `slow query took ${dbMs.toFixed(1)}ms: SELECT ... FROM product WHERE product.id = %(id_1)s`, {
          duration_ms: Math.round(dbMs),
        });
      } else if (r.chance(0.01)) {
        py(t + ms, null, "WARNING", "catalog.db", `slow query took ${(dbMs + 260).toFixed(1)}ms: SELECT ... FROM product JOIN price ON ...`, {
          duration_ms: Math.round(dbMs + 260),
        });
      }
      if (t > full + 2 * MIN && r.chance(ramp(t, full + 2 * MIN, end, 0.02, 0.25))) {
        py(t + 30_000, "performance", "ERROR", "catalog.views", "Exception on request", {
          exc_info: [
            "Traceback (most recent call last):",
            '  File "/app/.venv/lib/python3.11/site-packages/sqlalchemy/pool/impl.py", line 170, in _do_get',
            "    return self._pool.get(wait, self._timeout)",
            "sqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 10 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)",
          ].join("\n"),
          path,
          status: 500,
        });
        py(t + 30_002, "performance", "INFO", "gunicorn.access", `10.${r.int(0, 3)}.${r.int(0, 255)}.${r.int(2, 254)} "GET ${path} HTTP/1.1" 500 265`, {
          duration_ms: 30002,
          status: 500,
        });
        continue;
      }
    }
    const label: Label = ms > reqLimit ? "performance" : null;
    py(t + ms, label, "INFO", "gunicorn.access", `10.${r.int(0, 3)}.${r.int(0, 255)}.${r.int(2, 254)} "GET ${path} HTTP/1.1" 200 ${r.int(600, 9000)}`, {
      duration_ms: Math.round(ms),
      status: 200,
    });
  }

  // Per-worker cache statistics every minute.
  for (const pod of apiPods) {
    for (let t = t0 + r.int(0, MIN); t < end; t += MIN + r.int(-300, 300)) {
      const h = Math.max(0.2, Math.min(0.995, hitRatio(t)));
      const label: Label = h < 0.85 ? "memory" : null;
      const total = r.int(900, 1400);
      book.add(t, label, {
        timestamp: pyIso(t, r),
        levelname: "INFO",
        name: "catalog.cache",
        message: `cache stats last 60s: hit_ratio=${h.toFixed(3)} hits=${Math.round(total * h)} misses=${Math.round(total * (1 - h))}`,
        service: api,
        host: pod,
      });
    }
  }

  // The memory probe of the cache client every 30 s.
  let evicted = 0;
  for (let t = t0 + r.int(0, 30 * SEC); t < end; t += 30 * SEC) {
    const u = usedFrac(t);
    if (t > full) evicted += r.int(40_000, 160_000);
    const label: Label = u > 0.93 ? "memory" : null;
    py(
      t,
      label,
      "INFO",
      "catalog.health",
      `redis memory used_memory=${((u * maxGb * 1024) | 0).toString()}M maxmemory=${maxGb * 1024}M evicted_keys=${evicted} policy=${policy}`,
      { used_memory_pct: Math.round(u * 1000) / 10 },
    );
  }

  // Redis's own log: RDB snapshots every 5 minutes; the fork hurts once memory is full.
  for (let t = t0 + r.int(0, 5 * MIN); t < end; t += 5 * MIN) {
    const full0 = t > full;
    redisLine(t, null, "M", "*", `${r.int(100, 9000)} changes in 300 seconds. Saving...`);
    const child = r.int(2000, 60000);
    if (full0 && r.chance(0.6)) {
      redisLine(t + 3, "memory", "M", "#", "Can't save in background: fork: Cannot allocate memory");
      continue;
    }
    redisLine(t + 4, null, "M", "*", `Background saving started by pid ${child}`);
    const dur = full0 ? r.int(9000, 20000) : r.int(800, 2500);
    book.add(t + dur - 2, null, {
      log: `${child}:C ${redisTime(t + dur - 2)} * DB saved on disk\n`,
      stream: "stdout",
      time: isoNano(t + dur - 2, r),
      app: redis,
      kubernetes: { namespace_name: "catalog", container_name: "redis", pod_name: `${redis}-0` },
    });
    const cow = full0 ? r.int(900, 2400) : r.int(2, 30);
    book.add(t + dur - 1, full0 ? "memory" : null, {
      log: `${child}:C ${redisTime(t + dur - 1)} * Fork CoW for RDB: current ${cow} MB, peak ${cow} MB, average ${Math.round(cow / 2)} MB\n`,
      stream: "stdout",
      time: isoNano(t + dur - 1, r),
      app: redis,
      kubernetes: { namespace_name: "catalog", container_name: "redis", pod_name: `${redis}-0` },
    });
    redisLine(t + dur, null, "M", "*", "Background saving terminated with success");
  }

  // The import job: new to this log, its progress, and, under volatile-lru, rejected writes.
  py(
    onset,
    "pattern",
    "INFO",
    "importer.main",
    `starting full import feed=${r.pick(["supplier-eu", "marketplace-all", "pim-export"])} items=${r.int(18, 32) / 10}M target=redis key_prefix=prod:v2: ttl=none`,
    {},
    importer,
  );
  let done = 0;
  const totalItems = r.int(1_800_000, 3_200_000);
  for (let t = onset + 20 * SEC; t < end && done < totalItems; t += r.int(20, 40) * SEC) {
    done += r.int(40_000, 90_000);
    py(t, "pattern", "INFO", "importer.main", `imported ${Math.min(done, totalItems)}/${totalItems} items (${r.int(1800, 4200)} items/s)`, {}, importer);
    if (policy === "volatile-lru" && t > full) {
      for (let k = 0; k < r.int(2, 6); k++) {
        py(
          t + k * 150,
          "memory",
          "ERROR",
          "importer.writer",
          "pipeline write failed: redis.exceptions.OutOfMemoryError: command not allowed when used memory > 'maxmemory'.",
          {},
          importer,
        );
      }
    }
  }
  // Routine noise of the API.
  for (const t of poissonTimes(r, t0, end, 0.8)) {
    py(
      t,
      null,
      "WARNING",
      "catalog.views",
      `price missing for product ${r.int(10000, 999999)} in market ${r.pick(["de", "fr", "nl", "pl", "se"])}, falling back to list price`,
    );
  }
  for (const t of poissonTimes(r, t0, end, 0.2)) {
    py(t, null, "ERROR", "catalog.views", `image service returned 404 for asset ${r.hex(12)}.webp`);
  }
  return book.scenario(
    name,
    `an import job fills ${redis} to maxmemory (${policy}); evictions collapse the hit ratio of ${api} and its database pool times out`,
  );
}
