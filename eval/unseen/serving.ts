// Model serving and a Node API: memory that creeps and then jumps, and a deploy that starts a leak.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, iso, type Label, MIN, SEC } from "./kit.js";

/**
 * A FastAPI ranker under gunicorn/uvicorn: a feature cache without eviction makes each worker's
 * memory creep for most of an hour, then a bulk re-rank request loads a second embedding table
 * and workers are SIGKILLed by the OOM killer. Latency climbs as the workers swap and collect.
 */
export function rankerMemoryCreep(seed: number): Scenario {
  const g = new Gen(seed, "ranker-memory-creep");
  const inc = new Incident();
  const start = baseTime(seed, 9);
  const end = start + 70 * MIN;
  const creepFrom = start + (8 + g.int(0, 6)) * MIN;
  const jump = start + (56 + g.int(0, 6)) * MIN;
  const pids = [41, 42, 43, 44].map((p) => p + g.int(0, 3) * 10);
  const pod = `ranker-6b5d9c7f4-${g.hex(5)}`;
  const killed = new Map<number, number>(); // pid → kill time
  let nextPid = 200 + g.int(0, 50);

  const py = (t: number, level: string, name: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) => {
    inc.add(t, { timestamp: iso(t), levelname: level, name, message, service: "ranker", hostname: pod, ...extra }, label);
  };

  const memAt = (t: number, w: number): number => {
    const base = 44 + w * 1.5 + g.normal() * 1.2;
    const since = killed.get(w);
    if (since !== undefined && t > since) return 41 + g.normal() * 1.5 + ((t - since) / MIN) * 0.2;
    const creep = t > creepFrom ? ((Math.min(t, jump) - creepFrom) / (jump - creepFrom)) * (30 + w * 2) : 0;
    const jumped = t > jump ? 14 + ((t - jump) / MIN) * 4 : 0;
    return Math.min(99.6, base + creep + jumped);
  };

  // Who is OOM-killed after the jump: the two biggest workers, a minute or two apart.
  const kills = [jump + g.int(70, 110) * SEC, jump + g.int(150, 220) * SEC];
  const victims = [3, 2];
  victims.forEach((w, k) => {
    killed.set(w, kills[k] as number);
  });

  // Resource lines every 20 s per worker, from a background task in each worker.
  for (let w = 0; w < 4; w++) {
    for (const t of g.every(start, end, 20 * SEC, 900)) {
      const m = memAt(t, w);
      const rss = Math.round((m / 100) * 4096);
      py(
        t,
        "INFO",
        "ranker.telemetry",
        `worker resources rss=${rss}MiB cache_entries=${Math.round(18000 + (m - 44) * 2200)}`,
        { pid: pids[w], memory_pct: Math.round(m * 10) / 10, rss_mb: rss },
        m > 70 ? "memory" : null,
      );
    }
  }

  // Requests: feature fetch + model inference; latency follows memory pressure.
  type Route = readonly [method: string, path: string, median: number, sigma: number];
  const routes: Route[] = [
    ["POST", "/v1/rank", 95, 0.35],
    ["POST", "/v1/rank/batch", 640, 0.4],
    ["GET", "/healthz", 1.2, 0.3],
    ["GET", "/metrics", 6, 0.3],
  ];
  for (const t of g.times(start, end, 3000)) {
    const [method, path, median, sigma] = g.weighted<Route>([
      [routes[0] as Route, 70],
      [routes[1] as Route, 6],
      [routes[2] as Route, 16],
      [routes[3] as Route, 8],
    ]);
    const w = g.int(0, 3);
    const m = memAt(t, w);
    const slow = m > 75 ? 1 + (m - 75) * 0.45 : 1;
    const d = g.logNormal(median, sigma) * (path === "/healthz" || path === "/metrics" ? 1 : slow);
    const status = path === "/v1/rank" && g.chance(0.004) ? 422 : 200;
    const limit = median * 4;
    py(
      t,
      "INFO",
      "uvicorn.access",
      `${g.ip("10.8.")}:${g.int(30000, 65000)} - "${method} ${path} HTTP/1.1" ${status}`,
      { pid: pids[w], duration_ms: Math.round(d * 10) / 10, status_code: status, request_id: g.hex(16) },
      d > limit ? "performance" : null,
    );
  }

  // Routine lines: model refresh, cache stats, a deprecation warning pydantic prints every reload.
  for (const t of g.every(start, end, 10 * MIN, 5000)) {
    py(t, "INFO", "ranker.models", `model ltr-xgb v${g.int(140, 142)} already current (sha256 ${g.hex(12)}), skipping reload`);
    py(t + 40, "WARNING", "py.warnings", "PydanticDeprecatedSince20: `dict` method is deprecated; use `model_dump` instead.");
  }

  // The jump: a bulk re-rank loads a second embedding table; then the OOM killer.
  py(
    jump - 5 * SEC,
    "INFO",
    "ranker.api",
    "bulk rerank requested catalog=eu-full items=1840000, loading embeddings table emb_eu_full_v7 (3.1 GiB)",
    {
      pid: pids[3],
    },
    "pattern",
  );
  for (let k = 0; k < kills.length; k++) {
    const t = kills[k] as number;
    const v = victims[k] as number;
    py(
      t - 2 * SEC,
      "ERROR",
      "ranker.api",
      "Exception in ASGI application: MemoryError: Unable to allocate 512. MiB for an array with shape (1048576, 128) and data type float32",
      {
        pid: pids[v],
        exc_info:
          'Traceback (most recent call last):\n  File "/app/ranker/features.py", line 212, in fetch\n    mat = np.empty((n, dim), dtype=np.float32)\nnumpy.core._exceptions._ArrayMemoryError: Unable to allocate 512. MiB for an array with shape (1048576, 128) and data type float32',
      },
      "memory",
    );
    py(t, "ERROR", "gunicorn.error", `Worker (pid:${pids[v]}) was sent SIGKILL! Perhaps out of memory?`, { pid: 1 }, "memory");
    py(t + 300, "INFO", "gunicorn.error", `Booting worker with pid: ${nextPid}`, { pid: 1 });
    py(t + 2100, "INFO", "uvicorn.error", "Application startup complete.", { pid: nextPid });
    nextPid += g.int(1, 9);
  }

  return inc.build(
    "ranker-memory-creep",
    "A FastAPI ranker's workers creep up in memory for an hour, then a bulk request makes them jump and the OOM killer SIGKILLs two",
  );
}

/**
 * A NestJS BFF deploys 2.14.0, which adds a socket listener per request and never removes it: the
 * heap (heapUsed/heapTotal in its own stats lines) fills over half an hour, requests slow under GC,
 * and two pods die with V8's heap-limit abort.
 */
export function nestHeapLeakAfterDeploy(seed: number): Scenario {
  const g = new Gen(seed, "nest-heap-leak-after-deploy");
  const inc = new Incident();
  const start = baseTime(seed, 11);
  const end = start + 75 * MIN;
  const deploy = start + (16 + g.int(0, 5)) * MIN;
  const pods = [0, 1, 2].map(() => `bff-${g.hex(9)}-${g.hex(5)}`);
  const newPods = [0, 1, 2].map(() => `bff-${g.hex(9)}-${g.hex(5)}`);
  const podStart = newPods.map((_, i) => deploy + i * 40 * SEC);
  const crash = [end - g.int(9, 12) * MIN, end - g.int(3, 5) * MIN];
  const crashed = [0, 2];
  const MB = 1024 * 1024;

  const pino = (t: number, level: number, host: string, context: string, msg: string, extra: Record<string, unknown> = {}, label: Label = null) => {
    inc.add(t, { level, time: t, pid: 1, hostname: host, service: "shop-bff", context, msg, ...extra }, label);
  };
  const podAt = (t: number, i: number) => (t < (podStart[i] as number) ? (pods[i] as string) : (newPods[i] as string));
  const heapUsedAt = (t: number, i: number): number => {
    if (t < (podStart[i] as number)) return (120 + g.normal() * 12) * MB;
    const mins = (t - (podStart[i] as number)) / MIN;
    const rate = 30 + i * 8 + (crashed.includes(i) ? 14 : 0);
    return Math.min(2030, 110 + mins * rate + g.normal() * 8) * MB;
  };
  const heapTotalAt = (used: number): number => {
    const usedMb = used / MB;
    if (usedMb < 400) return (usedMb / (0.6 + g.next() * 0.12)) * MB;
    return Math.min(2090, usedMb / (0.9 + Math.min(0.09, (usedMb - 400) / 18000))) * MB;
  };

  // Heap stats every 30 s per pod.
  for (let i = 0; i < 3; i++) {
    for (const t of g.every(start, end, 30 * SEC, 600)) {
      const host = podAt(t, i);
      const ci = crashed.indexOf(i);
      if (ci >= 0 && t > (crash[ci] as number) && t < (crash[ci] as number) + 50 * SEC) continue;
      const used = ci >= 0 && t > (crash[ci] as number) ? (115 + g.normal() * 8) * MB : heapUsedAt(t, i);
      const total = heapTotalAt(used);
      pino(
        t,
        30,
        host,
        "HeapMonitor",
        "heap stats",
        { heapUsed: Math.round(used), heapTotal: Math.round(total), rss: Math.round(total + 90 * MB), external: Math.round(4 * MB + g.next() * MB) },
        used > 400 * MB ? "memory" : null,
      );
    }
  }

  // Requests: the BFF calls catalog and cart; GC pauses make it slow once the heap is full.
  for (const t of g.times(start, end, 3100)) {
    const i = g.int(0, 2);
    const host = podAt(t, i);
    const ci = crashed.indexOf(i);
    const afterCrash = ci >= 0 && t > (crash[ci] as number);
    const used = afterCrash ? 120 * MB : heapUsedAt(t, i);
    const press = used > 1500 * MB ? 1 + ((used - 1500 * MB) / MB) * 0.02 : 1;
    const [method, url, median] = g.weighted([
      [["GET", `/bff/home?locale=${g.pick(["de-DE", "en-GB", "fr-FR"])}`, 60], 30],
      [["GET", `/bff/product/SKU-${g.int(10000, 99999)}`, 45], 35],
      [["POST", "/bff/cart/items", 70], 15],
      [["GET", "/bff/session", 12], 15],
      [["GET", "/health", 2], 5],
    ] as const);
    const d = Math.round(g.logNormal(median, 0.45) * (url === "/health" ? 1 : press));
    const status = g.chance(0.01) ? 404 : 200;
    pino(
      t,
      30,
      host,
      "HTTP",
      "request completed",
      { reqId: `req-${g.int(1, 999999).toString(36)}`, req: { method, url }, res: { statusCode: status }, responseTime: d, latency_ms: d },
      d > median * 5 ? "performance" : null,
    );
  }

  // Startup lines of the deploy: routine for a rollout.
  newPods.forEach((host, i) => {
    const t = podStart[i] as number;
    pino(t, 30, host, "NestFactory", "Starting Nest application...", { version: "2.14.0" });
    pino(t + 180, 30, host, "InstanceLoader", "AppModule dependencies initialized");
    pino(t + 260, 30, host, "RoutesResolver", "BffController {/bff}:");
    pino(t + 900, 30, host, "NestApplication", "Nest application successfully started", { version: "2.14.0" });
    pods.forEach((_, j) => {
      if (j === i) pino(t + 30 * SEC, 30, pods[j] as string, "NestApplication", "SIGTERM received, draining connections");
    });
  });

  // The leak's own warning, new with 2.14.0, printed by Node once per socket that crosses the limit.
  for (let i = 0; i < 3; i++) {
    for (const t of g.times((podStart[i] as number) + 2 * MIN, end, 6)) {
      inc.add(
        t,
        {
          time: iso(t),
          stream: "stderr",
          log: `(node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 close listeners added to [TLSSocket]. Use emitter.setMaxListeners() to increase limit`,
          service: "shop-bff",
          hostname: newPods[i],
        },
        "pattern",
      );
    }
  }

  // The aborts.
  crashed.forEach((i, k) => {
    const t = crash[k] as number;
    const host = newPods[i] as string;
    const stderr = (dt: number, log: string, label: Label) =>
      inc.add(t + dt, { time: iso(t + dt), stream: "stderr", log, service: "shop-bff", hostname: host }, label);
    stderr(0, "<--- Last few GCs --->", "memory");
    stderr(
      1,
      `[1:0x${g.hex(12)}]  ${g.int(1700, 1900)}012 ms: Mark-Compact 2029.${g.int(1, 9)} (2083.${g.int(1, 9)}) -> 2027.${g.int(1, 9)} (2084.${g.int(1, 9)}) MB, ${g.int(1400, 2100)}.21 / 0.00 ms  (average mu = 0.121, current mu = 0.024) allocation failure; scavenge might not succeed`,
      "memory",
    );
    stderr(2, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "memory");
    inc.add(
      t + 4 * SEC,
      {
        time: iso(t + 4 * SEC),
        stream: "stdout",
        log: `Back-off restarting failed container bff in pod ${host}`,
        service: "kubelet",
        reason: "BackOff",
        level: "warning",
      },
      "error",
    );
    pino(t + 35 * SEC, 30, host, "NestFactory", "Starting Nest application...", { version: "2.14.0" });
    pino(t + 36 * SEC, 30, host, "NestApplication", "Nest application successfully started", { version: "2.14.0" });
  });

  return inc.build(
    "nest-heap-leak-after-deploy",
    "After a NestJS BFF deploy an EventEmitter leak fills the V8 heap, slows requests under GC and aborts two pods",
  );
}
