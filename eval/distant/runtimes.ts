// Memory incidents as language runtimes report them: Go's gctrace and fatal OOM, Node's heap
// limit crash, Python's MemoryError in Celery, .NET's LOH and gen2 storm, a Rust service's RSS.

import type { Scenario } from "../blind/types.js";
import { dotnetTime, type Entry, epochSec, Incident, isoMicro, isoNano, type Label, MIN, MiB, Rng, SEC, startOf } from "./lib.js";

/** A line a container wrote to stderr/stdout, as Docker's json-file driver stores it. */
function docker(t: number, log: string, stream = "stderr"): Entry {
  return { log: `${log}\n`, stream, time: isoNano(t) };
}

/** metrics-ingester (Go): a new tenant's unbounded label explodes series; the live heap climbs to GOMEMLIMIT and the runtime dies. */
export function ingesterGoRuntimeOom(seed: number): Scenario {
  const rng = new Rng(seed, "metrics-ingester-go-runtime-oom");
  const start = startOf(rng, 3, 20);
  const inc = new Incident(start, start + rng.int(150, 190) * MIN);
  const leakFrom = inc.at(rng.float(0.12, 0.22));
  const oomAt = inc.at(rng.float(0.8, 0.87));
  const restartAt = oomAt + rng.int(15, 40) * SEC;
  const limitMB = 2750;
  const baseLive = rng.int(640, 860);
  let procStart = start - rng.int(3, 40) * 3600 * SEC;
  const liveAt = (t: number): number => {
    if (t < leakFrom || t >= restartAt) return baseLive + rng.normal(0, 35);
    const x = Math.min(1, (t - leakFrom) / (oomAt - leakFrom));
    return Math.min(limitMB - 30, baseLive + x ** 1.1 * (limitMB - 40 - baseLive) + rng.normal(0, 20));
  };
  const leaking = (t: number, live: number): boolean => t >= leakFrom && t < oomAt && live > baseLive * 1.6;
  const zap = (t: number, level: string, caller: string, msg: string, fields: Entry = {}, label: Label = null): void =>
    inc.add(t, { level, ts: epochSec(t), caller, msg, ...fields }, label);

  // gctrace on stderr.
  let n = rng.int(4000, 40000);
  let cpuPct = rng.int(1, 3);
  for (let t = start + rng.float(0, 10) * SEC; t < inc.end; ) {
    if (t >= oomAt && t < restartAt) {
      t = restartAt + rng.float(3, 8) * SEC;
      procStart = restartAt;
      n = 1;
      cpuPct = 1;
      continue;
    }
    const live = liveAt(t);
    const goal = Math.min(2 * live, limitMB - 25);
    const heapStart = goal * rng.float(0.98, 1.01);
    const heapEnd = heapStart + rng.float(2, 30);
    const bad = leaking(t, live);
    if (bad) cpuPct = Math.min(48, Math.max(cpuPct, Math.round(2 + (40 * (live - baseLive)) / (limitMB - baseLive))));
    const conc = bad ? rng.float(40, 190) : rng.float(4, 22);
    inc.add(
      t,
      docker(
        t,
        `gc ${n++} @${((t - procStart) / 1000).toFixed(3)}s ${cpuPct}%: 0.0${rng.int(20, 99)}+${conc.toFixed(0)}+0.0${rng.int(10, 60)} ms clock, 0.${rng.int(10, 60)}+${rng.float(0.5, 4).toFixed(1)}/${(conc * 1.6).toFixed(0)}/${rng.int(10, 90)}+0.${rng.int(10, 50)} ms cpu, ${Math.round(heapStart)}->${Math.round(heapEnd)}->${Math.round(live)} MB, ${Math.round(goal)} MB goal, 0 MB stacks, 0 MB globals, 8 P`,
      ),
      bad ? "memory" : null,
    );
    t += Math.max(1.4, (goal - live) / rng.float(36, 48)) * SEC * rng.float(0.9, 1.1);
  }

  // Runtime stats every 30 s, from the service's own reporter.
  inc.every(30 * SEC, SEC, rng, (t) => {
    if (t >= oomAt && t < restartAt) return;
    const live = liveAt(t);
    const inuse = Math.round((live + rng.float(40, 120)) * MiB);
    const series =
      t < leakFrom || t >= restartAt ? rng.int(1_150_000, 1_260_000) : Math.round(1_200_000 + ((live - baseLive) / (limitMB - baseLive)) * 5_400_000);
    zap(
      t,
      "info",
      "runtimestats/reporter.go:58",
      "runtime stats",
      {
        heap_inuse_bytes: inuse,
        heap_sys_bytes: Math.round(inuse * 1.12),
        next_gc_bytes: Math.round(Math.min(2 * live, limitMB) * MiB),
        goroutines: rng.int(610, 690),
        active_series: series,
      },
      leaking(t, live) ? "memory" : null,
    );
  });

  // The crash.
  const dump = [
    `runtime: out of memory: cannot allocate 67108864-byte block (${Math.round((limitMB + 10) * MiB)} in use)`,
    "fatal error: runtime: out of memory",
    "runtime stack:",
    "runtime.throw({0x2b8c1e5?, 0x2000?})",
    "\t/usr/local/go/src/runtime/panic.go:1077 +0x5c fp=0x7ffc8b1e2c48 sp=0x7ffc8b1e2c18 pc=0x43d81c",
    "runtime.(*mheap).grow(0x4d2f2e0, 0x8000)",
    "\t/usr/local/go/src/runtime/mheap.go:1512 +0x237 fp=0x7ffc8b1e2cd0 sp=0x7ffc8b1e2c48 pc=0x42d7b7",
    `goroutine ${rng.int(40000, 90000)} [running]:`,
    "github.com/acme/ingester/pkg/series.(*stripeSeries).getOrSet(0xc000512000, 0x1f3a9c2e8b7d10a4, {0xc09ab12000, 0x9, 0x9})",
    "\t/src/pkg/series/stripe.go:211 +0x1c4",
  ];
  for (const [i, line] of dump.entries()) inc.add(oomAt + i * 0.05, docker(oomAt + i * 0.05, line), "memory");
  zap(restartAt, "info", "cmd/ingester/main.go:71", "starting ingester", { version: "2.9.4", revision: "a91c3e0", go: "go1.21.6", gomemlimit: "2750MiB" });
  zap(restartAt + 400, "info", "wal/replay.go:102", "replaying WAL", { segments: rng.int(40, 90) });
  zap(restartAt + rng.int(20, 40) * SEC, "info", "wal/replay.go:166", "WAL replay completed", {
    series: rng.int(1_100_000, 1_250_000),
    duration: `${rng.float(18, 39).toFixed(3)}s`,
  });

  // Pushes, flushes, compactions and routine rejections.
  const tenants = ["t-0193", "t-0207", "t-1180", "t-2291", "t-3310", "t-4411"];
  zap(leakFrom - 20 * SEC, "info", "tenants/overrides.go:88", "runtime config reloaded", { tenants: tenants.length, hash: rng.hex(12) });
  inc.every(15 * MIN, MIN, rng, (t) => {
    if (t >= oomAt && t < restartAt + MIN) return;
    zap(t, "info", "compactor/compactor.go:310", "compaction completed", { blocks: rng.int(4, 12), duration: `${rng.float(8, 40).toFixed(2)}s` });
  });
  inc.fill(rng.int(3200, 4800), rng, (t) => {
    if (t >= oomAt - SEC && t < restartAt + 30 * SEC) return;
    const tenant = t > leakFrom && rng.chance(0.15) ? "t-4411" : rng.pick(tenants.slice(0, 5));
    const r = rng.next();
    if (r < 0.06)
      zap(t, "info", "ingester/flush.go:214", "flushed head block", {
        tenant,
        series: rng.int(20000, 400000),
        chunks: rng.int(50000, 900000),
        duration: `${rng.float(0.2, 3).toFixed(3)}s`,
      });
    else if (r < 0.09 && tenant === "t-0193")
      zap(t, "warn", "distributor/limits.go:97", "push rejected", {
        tenant,
        status: 429,
        err: "ingestion rate limit (50000) exceeded while adding 812 samples",
      });
    else if (r < 0.1)
      zap(t, "warn", "ingester/append.go:143", "push partially rejected", { tenant, status: 400, err: "out of order sample", samples: rng.int(1, 40) });
    else
      zap(t, "info", "server/http.go:122", "request", {
        method: "POST",
        path: "/api/v1/push",
        tenant,
        status: 204,
        duration: `${rng.logn(3.2, 0.5).toFixed(1)}ms`,
        samples: rng.int(200, 5000),
      });
  });

  return inc.build(
    "metrics-ingester-go-runtime-oom",
    "metrics-ingester (Go, GOMEMLIMIT 2750MiB): a new tenant's unbounded label grows series for two hours; gctrace's live heap and runtime stats climb, GC runs back to back, and the runtime dies with fatal error: runtime: out of memory",
  );
}

// ---------------------------------------------------------------------------------------------

/** storefront-bff (Node, pino): an error listener added per request on a shared socket leaks until V8 hits its heap limit. */
export function storefrontBffNodeHeapOom(seed: number): Scenario {
  const rng = new Rng(seed, "storefront-bff-node-heap-oom");
  const start = startOf(rng, 8, 20);
  const inc = new Incident(start, start + rng.int(110, 150) * MIN);
  const deployAt = inc.at(rng.float(0.05, 0.15));
  const oomAt = inc.at(rng.float(0.78, 0.86));
  const restartAt = oomAt + rng.int(8, 20) * SEC;
  const hostname = `storefront-bff-${rng.podSuffix()}`;
  const baseHeap = rng.int(150, 210) * MiB;
  const heapLimit = 2048 * MiB;
  const pid = 1;
  const heapAt = (t: number): number => {
    if (t < deployAt || t >= restartAt) return baseHeap + rng.normal(0, 12) * MiB;
    const x = Math.min(1, (t - deployAt) / (oomAt - deployAt));
    return Math.min(heapLimit - 8 * MiB, baseHeap + x * (heapLimit - baseHeap) + rng.normal(0, 8) * MiB);
  };
  const pino = (t: number, level: number, msg: string, fields: Entry = {}, label: Label = null): void =>
    inc.add(t, { level, time: Math.floor(t), pid, hostname, ...fields, msg }, label);

  pino(deployAt, 30, "server listening", { port: 3000, version: "5.12.0", node: "v16.20.2" });
  inc.every(MIN, 2 * SEC, rng, (t) => {
    if (t >= oomAt && t < restartAt) return;
    const heapUsed = Math.round(heapAt(t));
    const heapTotal = Math.round(heapUsed * rng.float(1.03, 1.12));
    const bad = t > deployAt && heapUsed > baseHeap * 2.2 && t < restartAt;
    pino(
      t,
      30,
      "process memory",
      { rss: Math.round(heapTotal + rng.int(90, 140) * MiB), heapTotal, heapUsed, external: rng.int(3, 6) * MiB, arrayBuffers: rng.int(200, 900) * 1024 },
      bad ? "memory" : null,
    );
  });
  // Node prints the listener warning once per emitter; reconnects create new sockets.
  for (let t = deployAt + rng.int(2, 6) * MIN; t < oomAt; t += rng.float(9, 22) * MIN) {
    inc.add(
      t,
      docker(
        t,
        "(node:1) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 error listeners added to [Socket]. Use emitter.setMaxListeners() to increase limit",
      ),
      "memory",
    );
    inc.add(t + 0.2, docker(t + 0.2, "(Use `node --trace-warnings ...` to show where the warning was created)"), "memory");
  }
  const last = [rng.float(2020, 2030), rng.float(2031, 2038)];
  const crash = [
    "<--- Last few GCs --->",
    `[1:0x5a8e2c0]  ${Math.round(oomAt - deployAt - 4100)} ms: Mark-sweep (reduce) ${last[0]!.toFixed(1)} (2083.2) -> ${(last[0]! - 3.1).toFixed(1)} (2084.7) MB, 1872.3 / 0.0 ms  (average mu = 0.114, current mu = 0.021) allocation failure scavenge might not succeed`,
    `[1:0x5a8e2c0]  ${Math.round(oomAt - deployAt - 1900)} ms: Mark-sweep (reduce) ${last[1]!.toFixed(1)} (2084.7) -> ${(last[1]! - 1.4).toFixed(1)} (2087.4) MB, 2101.6 / 0.0 ms  (average mu = 0.071, current mu = 0.017) allocation failure scavenge might not succeed`,
    "<--- JS stacktrace --->",
    "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    " 1: 0xb09c10 node::Abort() [node]",
    " 2: 0xa1c193 node::FatalError(char const*, char const*) [node]",
    " 3: 0xcf8dde v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, bool) [node]",
    " 4: 0xcf9157 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, bool) [node]",
    " 5: 0xeb09f5  [node]",
  ];
  for (const [i, l] of crash.entries()) inc.add(oomAt + i * 0.3, docker(oomAt + i * 0.3, l), "memory");
  pino(restartAt, 30, "server listening", { port: 3000, version: "5.12.0", node: "v16.20.2" });

  const routes: [string, string, number, number][] = [
    ["GET", "/api/products/:id", 45, 0.3],
    ["GET", "/api/search", 120, 0.2],
    ["GET", "/api/cart", 30, 0.18],
    ["POST", "/api/cart/items", 60, 0.1],
    ["GET", "/healthz", 1, 0.17],
    ["POST", "/api/session/refresh", 25, 0.05],
  ];
  inc.fill(rng.int(3000, 4600), rng, (t) => {
    if (t >= oomAt - SEC && t < restartAt + 2 * SEC) return;
    const [method, route, median] = rng.weighted(routes.map((r) => [r, r[3]] as const));
    const url =
      route.replace(":id", String(rng.int(100000, 999999))) +
      (route === "/api/search" ? `?q=${rng.pick(["shoes", "jacket", "lamp", "desk", "mug"])}&page=${rng.int(1, 5)}` : "");
    const req = { id: `req-${rng.alnum(6)}`, method, url, remoteAddress: `::ffff:${rng.ip()}`, remotePort: rng.int(30000, 60000) };
    let statusCode = method === "POST" && route === "/api/cart/items" ? 201 : 200;
    let level = 30;
    let msg = "request completed";
    if (route === "/api/session/refresh" && rng.chance(0.2)) statusCode = 401;
    else if (route === "/api/products/:id" && rng.chance(0.04)) statusCode = 404;
    else if (route === "/api/search" && rng.chance(0.02)) {
      statusCode = 502;
      level = 50;
      msg = "request errored";
    }
    let ms = rng.logn(median, 0.45);
    let label: Label = null;
    const heap = heapAt(t);
    if (t > deployAt && t < oomAt && route !== "/healthz" && heap > heapLimit * 0.8 && rng.chance((heap / heapLimit - 0.8) * 4)) {
      ms += rng.float(800, 4000);
      label = "performance";
    }
    if (route === "/healthz") {
      pino(t, 20, msg, { req: { ...req, remoteAddress: `::ffff:10.42.0.${rng.int(2, 9)}` }, res: { statusCode }, responseTime: Math.round(ms * 10) / 10 });
      return;
    }
    if (statusCode === 200 && route === "/api/products/:id" && rng.chance(0.02))
      pino(t - 5, 40, "catalog upstream returned 503, serving stale product", { productId: url.split("/").pop(), ageSeconds: rng.int(30, 600) });
    pino(t, level, msg, { req, res: { statusCode }, responseTime: Math.round(ms) }, label);
  });

  return inc.build(
    "storefront-bff-node-heap-oom",
    "storefront-bff (Node 16): after a deploy each request adds an error listener to a shared socket; MaxListenersExceededWarning, heapUsed climbing at INFO to the 2 GiB limit, slow requests under Mark-sweep, then JavaScript heap out of memory",
  );
}

// ---------------------------------------------------------------------------------------------

/** exports-worker (Python, Celery with structlog): CSV exports for one large tenant build every row in memory. */
export function celeryExportMemoryError(seed: number): Scenario {
  const rng = new Rng(seed, "celery-export-worker-memoryerror");
  const start = startOf(rng, 6, 18);
  const inc = new Incident(start, start + rng.int(160, 220) * MIN);
  const workers = ["celery@exports-worker-0", "celery@exports-worker-1", "celery@exports-worker-2"];
  const log = (t: number, level: string, logger: string, event: string, fields: Entry = {}, label: Label = null): void =>
    inc.add(t, { event, level, logger, timestamp: isoMicro(t), ...fields }, label);
  const bigTenant = `tenant_${rng.int(1000, 9999)}`;

  // Worker memory reports per child, once a minute: rss_mb against the container limit.
  const episodes: [number, number, string][] = [];
  const nEp = rng.int(3, 5);
  for (let i = 0; i < nEp; i++) {
    const s = inc.at(0.1 + (0.82 * (i + rng.float(0.1, 0.6))) / nEp);
    episodes.push([s, s + rng.int(6, 11) * MIN, rng.pick(workers)]);
  }
  const inEpisode = (t: number, w: string): [number, number, string] | undefined => episodes.find(([s, e, ew]) => ew === w && t >= s && t <= e);
  for (const w of workers) {
    inc.every(MIN, 2 * SEC, rng, (t) => {
      const ep = inEpisode(t, w);
      const rss = ep ? Math.min(3980, 380 + ((t - ep[0]) / (ep[1] - ep[0])) * 3700 + rng.normal(0, 30)) : rng.float(280, 470);
      log(
        t,
        rss > 1400 ? "warning" : "info",
        "exports.ops.memwatch",
        "worker memory",
        { worker: w, rss_mb: Math.round(rss), limit_mb: 4096 },
        ep && rss > 900 ? "memory" : null,
      );
    });
  }
  for (const [s, e, w] of episodes) {
    const task = rng.uuid();
    log(s, "info", "celery.worker.strategy", `Task exports.tasks.export_csv[${task}] received`, { worker: w, tenant: bigTenant });
    log(s + 200, "info", "exports.builder", "export started", {
      worker: w,
      tenant: bigTenant,
      task_id: task,
      format: "csv",
      rows_estimate: rng.int(14, 30) * 1_000_000,
    });
    const tm = s + (e - s) * 0.6;
    log(
      tm,
      "warning",
      "exports.ops.tracemalloc",
      "tracemalloc top allocations",
      {
        worker: w,
        task_id: task,
        top: [
          `/app/exports/builder.py:88: size=${rng.int(1400, 2100)} MiB, count=${rng.int(15, 22)}_${rng.int(100, 999)}_${rng.int(100, 999)}, average=${rng.int(96, 120)} B`,
          `/usr/local/lib/python3.11/csv.py:151: size=${rng.int(180, 320)} MiB, count=${rng.int(1, 3)}_${rng.int(100, 999)}_${rng.int(100, 999)}, average=${rng.int(110, 190)} B`,
          `/app/exports/serializers.py:40: size=${rng.int(60, 140)} MiB, count=${rng.int(400, 900)}_${rng.int(100, 999)}, average=${rng.int(140, 220)} B`,
        ],
      },
      "memory",
    );
    if (rng.chance(0.5)) {
      log(
        e,
        "error",
        "celery.app.trace",
        `Task exports.tasks.export_csv[${task}] raised unexpected: MemoryError()`,
        {
          worker: w,
          tenant: bigTenant,
          exception:
            'Traceback (most recent call last):\n  File "/usr/local/lib/python3.11/site-packages/celery/app/trace.py", line 477, in trace_task\n    R = retval = fun(*args, **kwargs)\n  File "/app/exports/tasks.py", line 52, in export_csv\n    rows = builder.build_rows(query)\n  File "/app/exports/builder.py", line 88, in build_rows\n    rows.append(serialize(row))\nMemoryError',
        },
        "memory",
      );
    } else {
      log(
        e,
        "error",
        "celery.worker.request",
        `Process 'ForkPoolWorker-3' pid:${rng.int(2000, 9000)} exited with 'signal 9 (SIGKILL)'`,
        { worker: w },
        "error",
      );
      log(
        e + 30,
        "error",
        "celery.app.trace",
        `Task handler raised error: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${rng.int(100, 900)}.')`,
        { worker: w, task_id: task },
        "error",
      );
    }
  }

  // Routine child recycling under --max-memory-per-child: just over the 500000 KiB limit.
  inc.every(25 * MIN, 5 * MIN, rng, (t) => {
    const w = rng.pick(workers);
    log(
      t,
      "info",
      "celery.concurrency.asynpool",
      `child process ${rng.int(2000, 9000)} exiting after exceeding memory limit (${rng.int(500100, 512000)}KiB / 500000KiB)`,
      { worker: w },
    );
  });
  inc.every(5 * MIN, 10 * SEC, rng, (t) =>
    log(t, "info", "celery.beat", "Scheduler: Sending due task cleanup-expired-exports (exports.tasks.cleanup_expired)"),
  );

  const tasks: [string, number][] = [
    ["exports.tasks.send_receipt", 0.21],
    ["exports.tasks.render_invoice_pdf", 1.4],
    ["exports.tasks.sync_crm_contact", 0.6],
    ["exports.tasks.export_csv", 8],
    ["exports.tasks.cleanup_expired", 0.3],
  ];
  inc.fill(rng.int(2800, 4200), rng, (t) => {
    const [name, median] = rng.pick(tasks);
    const id = rng.uuid();
    const w = rng.pick(workers);
    const r = rng.next();
    if (name === "exports.tasks.sync_crm_contact" && r < 0.08) {
      log(
        t,
        "warning",
        "celery.app.trace",
        `Task ${name}[${id}] retry: Retry in 60s: ReadTimeout("HTTPSConnectionPool(host='api.crm.example.com', port=443): Read timed out. (read timeout=10)")`,
        { worker: w },
      );
      return;
    }
    if (name === "exports.tasks.send_receipt" && r < 0.02) {
      log(
        t,
        "error",
        "celery.app.trace",
        `Task ${name}[${id}] raised unexpected: SMTPRecipientsRefused({'${rng.alnum(7).toLowerCase()}@example.org': (550, b'5.1.1 User unknown')})`,
        { worker: w },
      );
      return;
    }
    log(t - rng.logn(median, 0.5) * 1000, "info", "celery.worker.strategy", `Task ${name}[${id}] received`, { worker: w });
    log(t, "info", "celery.app.trace", `Task ${name}[${id}] succeeded in ${rng.logn(median, 0.5).toFixed(6)}s: None`, { worker: w });
  });

  return inc.build(
    "celery-export-worker-memoryerror",
    `exports-worker: CSV exports for ${bigTenant} build every row in a list; worker RSS reports climb to ~4 GiB, tracemalloc points at builder.py:88, and the tasks die with MemoryError or SIGKILL, several times over the afternoon`,
  );
}

// ---------------------------------------------------------------------------------------------

/** Serilog's ElasticsearchJsonFormatter. */
function serilog(t: number, level: string, template: string, message: string, fields: Entry, exception?: Entry): Entry {
  const e: Entry = { "@timestamp": dotnetTime(t), level, messageTemplate: template, message, fields };
  if (exception) e.exceptions = [exception];
  return e;
}

/** pricing-api (.NET 8): a new price-list export buffers 90 MB byte arrays; LOH fragments, gen2 GCs pile up, requests stall. */
export function dotnetLohGen2Storm(seed: number): Scenario {
  const rng = new Rng(seed, "dotnet-pricing-api-loh-gen2-storm");
  const start = startOf(rng, 6, 17);
  const inc = new Incident(start, start + rng.int(100, 140) * MIN);
  const machine = `pricing-api-${rng.podSuffix()}`;
  const onset = inc.at(rng.float(0.3, 0.45));
  const oomAt = inc.at(rng.float(0.85, 0.93));
  const severity = (t: number): number => (t < onset ? 0 : Math.min(1, (t - onset) / (oomAt - onset)));
  const base = { MachineName: machine, EnvironmentName: "Production", Application: "Acme.Pricing.Api" };
  let gen2 = rng.int(300, 900);
  let gen1 = rng.int(3000, 9000);
  let gen0 = rng.int(40000, 90000);

  inc.every(30 * SEC, SEC, rng, (t) => {
    const s = severity(t);
    gen0 += rng.int(30, 60);
    gen1 += rng.int(2, 8);
    const g2 = s > 0 ? rng.int(1, 3) + Math.round(s * rng.int(8, 18)) : rng.chance(0.3) ? 1 : 0;
    gen2 += g2;
    const heapMb = s > 0 ? 700 + s * 2900 + rng.normal(0, 60) : rng.float(420, 690);
    const lohMb = s > 0 ? 120 + s * 2400 + rng.normal(0, 40) : rng.float(70, 150);
    const frag = s > 0 ? Math.min(71, 12 + s * 55 + rng.normal(0, 3)) : rng.float(4, 14);
    const inGc = s > 0 ? Math.min(68, 5 + s * 55 + rng.normal(0, 4)) : rng.float(0.4, 3.5);
    const bad = s > 0.1;
    const template =
      "Runtime counters: GC heap {GcHeapSizeMB} MB, gen0/gen1/gen2 {Gen0Count}/{Gen1Count}/{Gen2Count}, LOH {LohSizeMB} MB, fragmentation {FragmentationPct}%, time in GC {TimeInGcPct}%";
    inc.add(
      t,
      serilog(
        t,
        "Information",
        template,
        `Runtime counters: GC heap ${heapMb.toFixed(0)} MB, gen0/gen1/gen2 ${gen0}/${gen1}/${gen2}, LOH ${lohMb.toFixed(0)} MB, fragmentation ${frag.toFixed(1)}%, time in GC ${inGc.toFixed(1)}%`,
        {
          ...base,
          SourceContext: "Acme.Pricing.Api.Diagnostics.RuntimeCountersLogger",
          GcHeapSizeMB: Math.round(heapMb),
          Gen0Count: gen0,
          Gen1Count: gen1,
          Gen2Count: gen2,
          LohSizeMB: Math.round(lohMb),
          FragmentationPct: Math.round(frag * 10) / 10,
          TimeInGcPct: Math.round(inGc * 10) / 10,
        },
      ),
      bad ? "memory" : null,
    );
  });

  // The exports that cause it, and the out-of-memory end.
  for (let t = onset; t < oomAt; t += rng.float(40, 140) * SEC) {
    const list = `PL-${rng.int(2025001, 2025400)}`;
    inc.add(
      t,
      serilog(
        t,
        "Information",
        "Exporting price list {PriceListId} as {Format} ({RowCount} rows)",
        `Exporting price list "${list}" as "xlsx" (${rng.int(600000, 1400000)} rows)`,
        { ...base, SourceContext: "Acme.Pricing.Api.Exports.PriceListExporter", PriceListId: list, Format: "xlsx" },
      ),
    );
  }
  for (let i = 0; i < rng.int(4, 7); i++) {
    const t = oomAt + i * rng.float(5, 40) * SEC;
    inc.add(
      t,
      serilog(
        t,
        "Error",
        "Unhandled exception while processing {RequestPath}",
        'Unhandled exception while processing "/api/pricelists/export"',
        { ...base, SourceContext: "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", RequestPath: "/api/pricelists/export" },
        {
          Depth: 0,
          ClassName: "System.OutOfMemoryException",
          Message: "Exception of type 'System.OutOfMemoryException' was thrown.",
          StackTraceString:
            "   at System.IO.MemoryStream.set_Capacity(Int32 value)\n   at System.IO.MemoryStream.EnsureCapacity(Int32 value)\n   at System.IO.MemoryStream.Write(ReadOnlySpan`1 buffer)\n   at Acme.Pricing.Api.Exports.PriceListExporter.WriteSheetAsync(PriceList list, Stream output)",
        },
      ),
      "memory",
    );
  }
  const fatal = oomAt + rng.int(3, 5) * MIN;
  if (fatal < inc.end)
    inc.add(
      fatal,
      serilog(
        fatal,
        "Fatal",
        "Insufficient memory to continue the execution of the program.",
        "Insufficient memory to continue the execution of the program.",
        { ...base, SourceContext: "Acme.Pricing.Api.Program" },
      ),
      "memory",
    );

  const routes: [string, number][] = [
    ["/api/prices/{sku}", 9],
    ["/api/prices/batch", 45],
    ["/api/pricelists/{id}", 30],
    ["/api/promotions/active", 14],
    ["/health/ready", 1.5],
  ];
  inc.fill(rng.int(2800, 4400), rng, (t) => {
    if (t > fatal) return;
    const [route, median] = rng.pick(routes);
    const path = route.replace("{sku}", `SKU-${rng.int(100000, 999999)}`).replace("{id}", `PL-${rng.int(2024001, 2025400)}`);
    let elapsed = rng.logn(median, 0.5);
    let label: Label = null;
    const s = severity(t);
    if (s > 0.15 && route !== "/health/ready" && rng.chance(s * 0.7)) {
      elapsed += rng.float(400, 2500) * (0.5 + s);
      label = "performance";
    }
    let status = 200;
    if (route === "/api/prices/{sku}" && rng.chance(0.04)) status = 404;
    if (route === "/api/prices/batch" && rng.chance(0.01)) status = 400;
    const level = status >= 400 ? "Warning" : "Information";
    inc.add(
      t,
      serilog(
        t,
        level,
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
        `HTTP "GET" "${path}" responded ${status} in ${elapsed.toFixed(4)} ms`,
        {
          ...base,
          SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
          RequestMethod: "GET",
          RequestPath: path,
          StatusCode: status,
          Elapsed: Math.round(elapsed * 10000) / 10000,
          RequestId: `0HN${rng.alnum(9).toUpperCase()}:0000000${rng.int(1, 9)}`,
        },
      ),
      label,
    );
    if (rng.chance(0.004))
      inc.add(
        t + 1,
        serilog(
          t + 1,
          "Warning",
          "Promotion cache refresh took {Elapsed} ms (budget {Budget} ms)",
          `Promotion cache refresh took ${rng.int(520, 900)} ms (budget 500 ms)`,
          { ...base, SourceContext: "Acme.Pricing.Api.Promotions.PromotionCache" },
        ),
      );
  });

  return inc.build(
    "dotnet-pricing-api-loh-gen2-storm",
    "pricing-api (.NET 8): a new xlsx price-list export buffers whole workbooks in MemoryStreams; LOH grows and fragments, gen2 counts and time in GC climb at Information level, all requests slow down, then OutOfMemoryException",
  );
}

// ---------------------------------------------------------------------------------------------

/** thumbnailer (Rust, tracing JSON): the canary on a new codec build leaks; the same line reports a growing RSS. */
export function thumbnailerCanaryRssLeak(seed: number): Scenario {
  const rng = new Rng(seed, "thumbnailer-canary-rss-slow-leak");
  const start = startOf(rng, 0, 20);
  const inc = new Incident(start, start + rng.int(200, 300) * MIN);
  const pods = [`thumbnailer-${rng.podSuffix()}`, `thumbnailer-${rng.podSuffix()}`, `thumbnailer-canary-${rng.podSuffix()}`];
  const canary = pods[2]!;
  const baseRss = pods.map(() => rng.int(380, 460) * MiB);
  const leakPerMin = rng.float(4.2, 5.4) * MiB;
  const rssAt = (pod: number, t: number): number => {
    const b = baseRss[pod]! + rng.normal(0, 14) * MiB;
    return pod === 2 ? b + ((t - start) / MIN) * leakPerMin : b;
  };
  const tr = (t: number, level: string, target: string, pod: string, fields: Entry, label: Label = null): void =>
    inc.add(t, { timestamp: isoMicro(t), level, fields, target, threadName: "tokio-runtime-worker", "kubernetes.pod_name": pod }, label);

  tr(start + rng.int(1, 20) * SEC, "INFO", "thumbnailer", canary, { message: "starting thumbnailer", version: "1.9.0-rc.2", codec: "libvips 8.15.1" });
  inc.every(20 * SEC, 3 * SEC, rng, (t) => {
    pods.forEach((pod, i) => {
      const rss = rssAt(i, t);
      const bad = i === 2 && rss > baseRss[2]! * 1.6;
      tr(
        t + i * 3,
        "INFO",
        "thumbnailer::worker",
        pod,
        {
          message: "processed batch",
          batch_size: rng.int(16, 64),
          failed: rng.chance(0.1) ? 1 : 0,
          elapsed_ms: rng.int(700, 2400),
          rss_bytes: Math.round(rss),
        },
        bad ? "memory" : null,
      );
    });
  });

  inc.fill(rng.int(2600, 4000), rng, (t) => {
    const pod = rng.pick(pods);
    const key = `uploads/${rng.hex(2)}/${rng.hex(16)}.${rng.pick(["jpg", "jpg", "png", "heic", "webp"])}`;
    const r = rng.next();
    if (r < 0.02)
      tr(t, "WARN", "thumbnailer::decode", pod, {
        message: "unsupported colour profile, falling back to sRGB",
        key,
        profile: rng.pick(["Display P3", "ProPhoto RGB", "Adobe RGB (1998)"]),
      });
    else if (r < 0.03) tr(t, "ERROR", "thumbnailer::fetch", pod, { message: "source object not found", key, status: 404 });
    else if (r < 0.5)
      tr(t, "DEBUG", "thumbnailer::fetch", pod, {
        message: "fetched object",
        key,
        bytes: rng.int(80_000, 9_000_000),
        latency_ms: Math.round(rng.logn(35, 0.5)),
      });
    else
      tr(t, "DEBUG", "thumbnailer::upload", pod, {
        message: "uploaded thumbnail",
        key: key.replace("uploads/", "thumbs/"),
        sizes: "64,256,1024",
        latency_ms: Math.round(rng.logn(28, 0.5)),
      });
  });

  return inc.build(
    "thumbnailer-canary-rss-slow-leak",
    "thumbnailer: the canary pod on codec build 1.9.0-rc.2 leaks ~5 MiB a minute; its 'processed batch' lines read the same as the stable pods' but rss_bytes climbs from ~420 MiB past 1.5 GiB",
  );
}
