// One instance running out of memory while its peers stay flat: a Celery worker pod leaking, a
// JVM container thrashing in GC until it dies.

import type { Scenario } from "../blind/types.js";
import { type Lvl, logback, pyjson } from "./producers.js";
import { hashSeed, Rng } from "./rng.js";
import { isoMsOffset, type Label, MIN, round, SEC, startTime, Timeline } from "./timeline.js";
import { eachRequest, every, type Inst, route } from "./traffic.js";

const MEMORY_ERROR_TB = `Traceback (most recent call last):
  File "/usr/local/lib/python3.11/site-packages/celery/app/trace.py", line 477, in trace_task
    R = retval = fun(*args, **kwargs)
  File "/usr/local/lib/python3.11/site-packages/celery/app/trace.py", line 760, in __protected_call__
    return self.run(*args, **kwargs)
  File "/app/reports/tasks.py", line 88, in render_pdf
    doc = renderer.render(template, context)
  File "/app/reports/render.py", line 214, in render
    pages.append(self._rasterize(page))
  File "/app/reports/render.py", line 301, in _rasterize
    buf = bytearray(width * height * 4)
MemoryError`;

export function reportWorkerMemoryLeak(seed: number): Scenario {
  const name = "report-worker-pod-memory-leak";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 70 * MIN;

  const workerRs = r.k8s(10);
  const workers: Inst[] = Array.from({ length: 5 }, () => ({ name: `report-worker-${workerRs}-${r.k8s(5)}` }));
  const leaky = r.pick(workers);
  const leakFrom = start + r.int(4, 12) * MIN;
  const killAt = start + r.int(56, 63) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);
  const apiRs = r.k8s(10);
  const api: Inst[] = Array.from({ length: 3 }, () => ({ name: `reports-api-${apiRs}-${r.k8s(5)}` }));
  const etlRs = r.k8s(9);
  const etl: Inst[] = Array.from({ length: 2 }, () => ({ name: `etl-batch-${etlRs}-${r.k8s(5)}` }));
  const base = { service: "report-worker", env: "prod", version: "7.3.1" };
  const log = (t: number, pod: string, logger: string, lvl: Lvl, msg: string, f: Record<string, unknown> = {}, label: Label = null, exc?: string, svc = base) =>
    tl.add(t, pyjson(t, { logger, lvl, msg, f: { ...svc, pod, ...f }, ...(exc === undefined ? {} : { exc }) }), label);

  // Celery tasks on the workers.
  const tasks = [
    { name: "reports.render_pdf", med: 2300, w: 5 },
    { name: "reports.export_csv", med: 900, w: 3 },
    { name: "reports.send_digest", med: 300, w: 2 },
  ];
  eachRequest(r, { start, end, perMin: 14, insts: workers, routes: tasks.map((k) => route("TASK", k.name, k.med, k.w, () => "", { sigma: 0.4 })) }, (q) => {
    const id = r.uuid();
    const task = q.route.tpl;
    log(q.t, q.inst.name, "celery.worker.strategy", "info", `Task ${task}[${id}] received`);
    if (task === "reports.render_pdf" && r.chance(0.018)) {
      // S3 read timeouts: routine on every worker, the retry succeeds.
      log(
        q.t + 15000,
        q.inst.name,
        "celery.app.trace",
        "warn",
        `Task ${task}[${id}] retry: Retry in 10s: ReadTimeoutError("HTTPSConnectionPool(host='s3.eu-west-1.amazonaws.com', port=443): Read timed out. (read timeout=15)")`,
        { task_id: id },
      );
      log(
        q.t + 25000 + q.dur,
        q.inst.name,
        "celery.app.trace",
        "info",
        `Task ${task}[${id}] succeeded in ${(q.dur / 1000).toFixed(3)}s: {'pages': ${r.int(1, 40)}, 'bytes': ${r.int(40000, 900000)}}`,
        { task_id: id },
      );
      return;
    }
    const result =
      task === "reports.render_pdf"
        ? `{'pages': ${r.int(1, 40)}, 'bytes': ${r.int(40000, 900000)}}`
        : task === "reports.export_csv"
          ? `{'rows': ${r.int(100, 80000)}}`
          : "None";
    log(q.t + q.dur, q.inst.name, "celery.app.trace", "info", `Task ${task}[${id}] succeeded in ${(q.dur / 1000).toFixed(3)}s: ${result}`, { task_id: id });
  });

  // The leaking child finally fails to allocate during a render, and the kernel kills it.
  {
    const id = r.uuid();
    log(killAt - r.float(800, 2500), leaky.name, "celery.worker.strategy", "info", `Task reports.render_pdf[${id}] received`);
    log(
      killAt,
      leaky.name,
      "celery.app.trace",
      "error",
      `Task reports.render_pdf[${id}] raised unexpected: MemoryError()`,
      { task_id: id },
      "memory",
      MEMORY_ERROR_TB,
    );
    log(
      killAt + 4200,
      leaky.name,
      "celery.worker.request",
      "error",
      `Process 'ForkPoolWorker-${r.int(2, 4)}' pid:${r.int(40, 90)} exited with 'signal 9 (SIGKILL)'`,
      {},
      "memory",
    );
    log(
      killAt + 4230,
      leaky.name,
      "celery.worker.request",
      "error",
      `Task handler raised error: WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: ${r.int(1000, 9000)}.')`,
      { task_id: r.uuid() },
      "memory",
    );
  }

  // The memory watchdog in every worker pod, every 30 s: resident set against the container's limit.
  for (const w of workers) {
    let rss = r.float(600, 760);
    every(
      r,
      start,
      end,
      30 * SEC,
      (t) => {
        let label: Label = null;
        if (w === leaky && t >= leakFrom) {
          const afterKill = t > killAt + 5000;
          const progress = (Math.min(t, killAt) - leakFrom) / (killAt - leakFrom);
          rss = afterKill ? 1080 + ((t - killAt) / MIN) * 24 + r.float(-10, 10) : 690 + progress * 1290 + r.float(-15, 15);
        } else {
          rss = Math.min(800, Math.max(560, rss + r.float(-18, 18)));
        }
        const pct = rss / 2048;
        if (w === leaky && pct > 0.5) label = "memory";
        log(
          t,
          w.name,
          "reports.watchdog",
          "info",
          `memory watchdog: rss=${Math.round(rss)}MiB limit=2048MiB children=4`,
          { rss_mb: Math.round(rss), limit_mb: 2048 },
          label,
        );
        if (w === leaky && pct > 0.88 && t < killAt) {
          log(
            t + 2,
            w.name,
            "reports.watchdog",
            "warn",
            `memory watchdog: rss ${Math.round(rss)}MiB is ${Math.round(pct * 100)}% of limit 2048MiB, recycling pool child after current task`,
            { rss_mb: Math.round(rss), limit_mb: 2048 },
            "memory",
          );
        }
      },
      800,
    );
  }

  // reports-api (FastAPI): the web pods in front.
  eachRequest(
    r,
    {
      start,
      end,
      perMin: 16,
      insts: api,
      routes: [
        route("GET", "/api/v1/reports/{id}", 18, 5, (x) => String(x.int(100000, 999999))),
        route("POST", "/api/v1/reports", 45, 2, () => "", { ok: 202 }),
        route("GET", "/api/v1/reports/{id}/download", 120, 2, (x) => String(x.int(100000, 999999))),
      ],
    },
    (q) => {
      const notFound = q.route.method === "GET" && r.chance(0.02);
      const status = notFound ? 404 : q.status;
      log(
        q.t + q.dur,
        q.inst.name,
        "reports.api.access",
        notFound ? "warn" : "info",
        `${q.route.method} ${q.path} ${status}`,
        { method: q.route.method, path: q.path, status_code: status, duration_ms: round(q.dur, 1), client_ip: `10.8.${r.int(0, 7)}.${r.int(2, 250)}` },
        null,
        undefined,
        { service: "reports-api", env: "prod", version: "7.3.1" },
      );
    },
  );

  // etl-batch: heavier, long chunks and a steadily high resident set (a different service, normal).
  for (const e of etl) {
    let chunk = r.int(1, 20);
    every(r, start, end, 45 * SEC, (t) => {
      const took = r.logNormal(38000, 0.15);
      const rows = r.pick([250000, 250000, 250000, r.int(80000, 249999)]);
      log(
        t,
        e.name,
        "etl.rollup",
        "info",
        `rollup chunk ${chunk++}/96: ${rows} rows upserted into analytics.daily_usage in ${(took / 1000).toFixed(1)}s`,
        { duration_ms: Math.round(took), rows },
        null,
        undefined,
        { service: "etl-batch", env: "prod", version: "2.0.4" },
      );
    });
    let rss = r.float(2950, 3150);
    every(r, start, end, 30 * SEC, (t) => {
      rss = Math.min(3250, Math.max(2850, rss + r.float(-40, 40)));
      log(
        t,
        e.name,
        "etl.watchdog",
        "info",
        `memory watchdog: rss=${Math.round(rss)}MiB limit=4096MiB children=2`,
        { rss_mb: Math.round(rss), limit_mb: 4096 },
        null,
        undefined,
        {
          service: "etl-batch",
          env: "prod",
          version: "2.0.4",
        },
      );
    });
  }

  return tl.scenario(
    name,
    "one of five report-worker pods leaks memory from early in the window, its watchdog's resident set climbing past its peers' flat 30-38% until a render task raises MemoryError and the child is SIGKILLed; an etl-batch pod steady at 75% of its limit and routine S3 read-timeout retries on every worker stay normal (python-json-logger, pod)",
  );
}

export function catalogContainerGcThrash(seed: number): Scenario {
  const name = "catalog-container-gc-thrash-oom";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 65 * MIN;

  const containers = [1, 2, 3, 4].map((i) => ({ name: `/catalog-service-${i}`, id: r.hex(64), weight: i === 1 ? 1.4 : 1, slow: i === 1 ? 1.2 : 1 }));
  const bad = containers[r.int(1, 3)]!;
  const leakFrom = start + r.int(8, 18) * MIN;
  const oomAt = start + r.int(50, 57) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);
  const restartedAt = oomAt + 40 * SEC;
  const upAgain = restartedAt + 14 * SEC;
  const inventory = [1, 2, 3].map((i) => ({ name: `/inventory-service-${i}`, id: r.hex(64) }));
  const indexer = { name: "/search-indexer-1", id: r.hex(64) };

  const docker = (c: { name: string; id: string }, stream = "stdout") => ({ container_id: c.id, container_name: c.name, source: stream });
  const thread = () => `http-nio-8080-exec-${r.int(1, 50)}`;
  const app = (c: { id: string }, service: string) => ({ service, HOSTNAME: c.id.slice(0, 12), trace_id: r.hex(32) });

  // Heap after each collection on the bad container: flat, then climbing toward the limit.
  const heapAfter = (c: (typeof containers)[number], t: number) => {
    if (c !== bad || t < leakFrom || t >= restartedAt) return r.float(280, 900);
    const p = (t - leakFrom) / (oomAt - leakFrom);
    return Math.min(4060, 700 + 3360 * p ** 1.3 + r.float(-40, 40));
  };
  const down = (c: (typeof containers)[number], t: number) => c === bad && t >= oomAt && t < upAgain;

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 34,
      insts: (t) => containers.filter((c) => !down(c, t)),
      routes: [
        route("GET", "/api/products/{id}", 24, 6, (x) => String(x.int(100000, 999999))),
        route("GET", "/api/categories/{id}/products", 85, 3, (x) => x.pick(["shoes", "garden", "kitchen", "toys", "outdoor", "lighting"])),
        route("GET", "/api/products/search", 140, 2),
      ],
    },
    (q) => {
      const c = q.inst as (typeof containers)[number];
      let dur = q.dur;
      let status = q.status;
      let label: Label = null;
      const heap = heapAfter(c, q.t);
      if (c === bad && heap > 3200 && q.t < restartedAt) {
        // Full collections stop the world: requests stall behind them.
        dur *= r.float(3, 14);
        if (dur > 2.5 * q.route.med) label = "performance";
      }
      if (c === bad && q.t >= oomAt - 75 * SEC && q.t < oomAt && r.chance(0.75)) {
        status = 500;
        dur = r.float(200, 1800);
        const te = q.t + dur;
        tl.add(
          te - 1,
          {
            ...logback(te - 1, {
              logger: "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
              thread: thread(),
              lvl: "error",
              msg: `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause`,
              mdc: app(c, "catalog-service"),
              stack:
                "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)\n\tat com.fasterxml.jackson.core.util.ByteArrayBuilder.toByteArray(ByteArrayBuilder.java:129)\n\tat com.acme.catalog.cache.ProductViewCache.put(ProductViewCache.java:77)\n\tat com.acme.catalog.web.ProductController.get(ProductController.java:52)",
            }),
            ...docker(c),
          },
          "memory",
        );
        label = "error";
      } else if (q.route.tpl === "/api/products/{id}" && r.chance(0.02)) {
        status = 404;
        tl.add(q.t + dur - 0.5, {
          ...logback(q.t + dur - 0.5, {
            logger: "com.acme.catalog.web.ApiExceptionHandler",
            thread: thread(),
            lvl: "warn",
            msg: `ProductNotFoundException: product ${q.path.split("/")[3]} does not exist`,
            mdc: app(c, "catalog-service"),
          }),
          ...docker(c),
        });
      }
      const te = q.t + dur;
      tl.add(
        te,
        {
          ...logback(te, {
            logger: "com.acme.catalog.web.RequestLoggingFilter",
            thread: thread(),
            lvl: "info",
            msg: `Completed ${q.route.method} ${q.path} ${status} in ${Math.round(dur)} ms`,
            mdc: app(c, "catalog-service"),
            f: { http_method: q.route.method, uri: q.path, status, duration_ms: Math.round(dur) },
          }),
          ...docker(c),
        },
        label,
      );
    },
  );

  // G1 collections as the GC notification listener logs them.
  for (const c of containers) {
    let gc = r.int(800, 4000);
    let t = start + r.float(0, 20) * SEC;
    while (t < end) {
      if (down(c, t)) {
        gc = 0;
        t = upAgain + r.float(5, 20) * SEC;
        continue;
      }
      const after = heapAfter(c, t);
      const pct = after / 4096;
      let msg: string;
      let label: Label = null;
      if (pct > 0.9) {
        const before = Math.min(4096, after + r.float(5, 60));
        msg = `GC(${gc++}) Pause Full (G1 Compaction Pause) ${Math.round(before)}M->${Math.round(after)}M(4096M) ${r.float(900, 3400).toFixed(3)}ms`;
      } else if (pct > 0.72) {
        const before = Math.min(4096, after + r.float(40, 250));
        msg = `GC(${gc++}) Pause Young (Concurrent Start) (G1 Humongous Allocation) ${Math.round(before)}M->${Math.round(after)}M(4096M) ${r.float(30, 160).toFixed(3)}ms`;
      } else {
        const before = Math.min(4096, after + r.float(900, 1800));
        msg = `GC(${gc++}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(before)}M->${Math.round(after)}M(4096M) ${r.float(6, 28).toFixed(3)}ms`;
      }
      if (c === bad && pct > 0.5 && t < restartedAt) label = "memory";
      tl.add(
        t,
        {
          ...logback(t, {
            logger: "com.acme.jvm.GcNotificationLogger",
            thread: "GC notification",
            lvl: pct > 0.9 ? "warn" : "info",
            msg,
            mdc: { service: "catalog-service", HOSTNAME: c.id.slice(0, 12) },
          }),
          ...docker(c),
        },
        label,
      );
      // The fuller the heap, the more often it collects.
      t += pct > 0.9 ? r.float(4, 9) * SEC : pct > 0.72 ? r.float(8, 14) * SEC : r.float(16, 26) * SEC;
    }
  }

  // The JVM exits on the OutOfMemoryError (stderr, shipped raw), Docker restarts the container.
  tl.add(
    oomAt,
    {
      "@timestamp": isoMsOffset(oomAt),
      log: "Terminating due to java.lang.OutOfMemoryError: Java heap space",
      service: "catalog-service",
      ...docker(bad, "stderr"),
    },
    "memory",
  );
  const boot: [number, string, string][] = [
    [0, "com.acme.catalog.CatalogApplication", "Starting CatalogApplication v4.8.2 using Java 21.0.4 with PID 1 (/app/app.jar started by app in /app)"],
    [3100, "org.springframework.boot.web.embedded.tomcat.TomcatWebServer", "Tomcat initialized with port 8080 (http)"],
    [6200, "com.zaxxer.hikari.HikariDataSource", "HikariPool-1 - Start completed."],
    [13400, "com.acme.catalog.CatalogApplication", `Started CatalogApplication in ${r.float(12.5, 13.4).toFixed(3)} seconds (process running for 14.1)`],
  ];
  for (const [d, logger, msg] of boot)
    tl.add(restartedAt + d, {
      ...logback(restartedAt + d, { logger, thread: "main", lvl: "info", msg, mdc: { service: "catalog-service", HOSTNAME: bad.id.slice(0, 12) } }),
      ...docker(bad),
    });

  // inventory-service: reservations, with routine duplicate reservations on every container.
  eachRequest(
    r,
    {
      start,
      end,
      perMin: 14,
      insts: inventory,
      routes: [route("POST", "/api/reservations", 32, 3, () => "", { ok: 201 }), route("GET", "/api/stock/{id}", 9, 4, (x) => `SKU-${x.int(10000, 99999)}`)],
    },
    (q) => {
      const c = inventory.find((x) => x.name === q.inst.name)!;
      const te = q.t + q.dur;
      if (q.route.method === "POST" && r.chance(0.03)) {
        tl.add(te - 0.5, {
          ...logback(te - 0.5, {
            logger: "com.acme.inventory.service.ReservationService",
            thread: thread(),
            lvl: "warn",
            msg: `could not execute statement; constraint [uk_reservation_order_line]; duplicate reservation for order ${r.int(1e6, 9e6)} line ${r.int(1, 9)} ignored`,
            mdc: app(c, "inventory-service"),
          }),
          ...docker(c),
        });
      }
      tl.add(te, {
        ...logback(te, {
          logger: "com.acme.inventory.web.RequestLoggingFilter",
          thread: thread(),
          lvl: "info",
          msg: `Completed ${q.route.method} ${q.path} ${q.status} in ${Math.round(q.dur)} ms`,
          mdc: app(c, "inventory-service"),
          f: { http_method: q.route.method, uri: q.path, status: q.status, duration_ms: Math.round(q.dur) },
        }),
        ...docker(c),
      });
    },
  );

  every(r, start, end, 2 * MIN, (t) => {
    const took = r.logNormal(2300, 0.3);
    tl.add(t, {
      ...logback(t, {
        logger: "com.acme.search.IndexRefresher",
        thread: "scheduling-1",
        lvl: "info",
        msg: `refreshed search index products_v7: ${r.int(40, 1400)} docs changed in ${(took / 1000).toFixed(1)} s`,
        mdc: { service: "search-indexer", HOSTNAME: indexer.id.slice(0, 12) },
        f: { duration_ms: Math.round(took) },
      }),
      ...docker(indexer),
    });
  });

  return tl.scenario(
    name,
    "mid-window one of four catalog-service containers starts retaining heap: its G1 collections free less and less, full GCs stall its requests, then OutOfMemoryError 500s and a JVM exit and restart; a busier container barely slower, routine 404s and duplicate inventory reservations stay normal (logback JSON via Docker fluentd, container_name)",
  );
}
