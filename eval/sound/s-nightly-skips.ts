/**
 * nightly-archive-skips: the dunning batch starts on its cron at 01:00, a third or more into
 * a night window, and from then on writes a WARNING for every archived account it skips
 * (`skipping archived account ...`), steadily to the end: the batch's known, benign behaviour.
 * Meanwhile search-service's heap fills: GC overhead, slow indexing, an OutOfMemoryError and a
 * restart during which the storefront's searches fail.
 */
import { edgeLine } from "./common.js";
import { fluentRaw, kubeEvent, logback, pino, pinoHttp, pyjson, rsyslog } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, DAY, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "nightly-archive-skips";

export function nightlyArchiveSkips(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-01-05", 22);
  const end = start + 7 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);
  const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");

  // ── dunning-batch (Python): idle until its 01:00 cron, then works through overdue accounts ──
  const dun = { service: "dunning-batch", host: rng.pod("dunning-batch") };
  const cronAt = Math.floor(start / DAY) * DAY + DAY + HOUR;
  const batchAt = cronAt + rng.int(3, 900);
  for (const t of ticks(rng, start, end, 10 * MINUTE, 400)) {
    const running = t >= batchAt ? 1 : 0;
    const next = t >= batchAt ? cronAt + DAY : cronAt;
    tl.add(t, pyjson(t, dun, "INFO", "dunning.scheduler", `scheduler heartbeat: ${running} jobs running, next run dunning-nightly at ${iso(next)}`));
  }
  const runId = `dn-${rng.hex(8)}`;
  const queued = rng.int(14000, 19000);
  tl.add(
    batchAt,
    pyjson(
      batchAt,
      dun,
      "INFO",
      "apscheduler.executors.default",
      `Running job "dunning-nightly (trigger: cron[hour='1', minute='0'], next run at: ${iso(cronAt + DAY)})" (scheduled at ${iso(cronAt)})`,
    ),
  );
  tl.add(
    batchAt + 40,
    pyjson(batchAt + 40, dun, "INFO", "dunning.run", `dunning run ${runId} started: ${queued} accounts with overdue invoices queued`, { run_id: runId }),
  );
  const skips = arrivals(rng, batchAt + 30 * SECOND, end, rng.float(0.3, 0.5));
  const chunkSize = 50;
  const totalChunks = Math.ceil(queued / chunkSize);
  let prev = batchAt + 40;
  let si = 0;
  let chunk = 0;
  for (let t = batchAt + rng.int(35, 55) * SECOND; t < end; t += rng.int(38, 55) * SECOND + rng.int(0, 999)) {
    chunk += 1;
    let skipped = 0;
    while (si < skips.length && skips[si]! <= t) {
      const s = skips[si++]!;
      if (s <= prev) continue;
      skipped += 1;
      const y = rng.int(2021, 2024);
      tl.add(
        s,
        pyjson(
          s,
          dun,
          "WARNING",
          "dunning.run",
          `skipping archived account acc_${rng.alnum(10)} (archived ${y}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}, retention hold)`,
          { run_id: runId },
        ),
      );
    }
    const reminders = rng.int(18, 41);
    tl.add(
      t,
      pyjson(
        t,
        dun,
        "INFO",
        "dunning.run",
        `chunk ${chunk}/${totalChunks} done: ${chunkSize - skipped} accounts processed, ${reminders} reminders queued, ${skipped} skipped`,
        {
          run_id: runId,
          duration_ms: Math.round(rng.logNormal(2100, 0.25)),
        },
      ),
    );
    prev = t;
  }

  // ── search-service (Java): indexes every minute, GC summaries; its heap fills late in the window ──
  const search = { app: "search-service", host: rng.pod("search-service") };
  const k8s = {
    pod: search.host,
    namespace: "shop",
    container: "search-service",
    app: "search-service",
    host: `ip-10-2-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-central-1.compute.internal`,
  };
  const leakFrom = tl.at(rng.float(0.45, 0.55));
  const oomAt = leakFrom + rng.int(70, 95) * MINUTE;
  const upAt = oomAt + rng.int(170, 290) * SECOND;
  const heapAt = (t: number): number => {
    if (t < leakFrom) return 32 + 6 * Math.sin(t / 600000);
    if (t < oomAt) return Math.min(99.2, 36 + 64 * ((t - leakFrom) / (oomAt - leakFrom)) ** 1.6);
    return 24 + 10 * ((t - upAt) / (end - upAt + 1));
  };
  const down = (t: number): boolean => t >= oomAt && t < upAt;
  for (const t of ticks(rng, start, end, MINUTE, 3000)) {
    if (down(t)) continue;
    const heap = heapAt(t);
    const thrash = heap >= 85;
    const took = thrash ? rng.logNormal(9000, 0.3) : rng.logNormal(340, 0.3);
    const docs = rng.int(120, 640);
    tl.add(
      t,
      logback(t, search, "INFO", "com.shop.search.index.IncrementalIndexer", "indexer-1", `Indexed ${docs} documents in ${Math.round(took)} ms`, {
        docs,
        duration_ms: Math.round(took),
      }),
      took > 3000 ? "performance" : null,
    );
  }
  for (const t of ticks(rng, start, end, 2 * MINUTE, 5000)) {
    if (down(t)) continue;
    const heap = heapAt(t);
    const used = Math.round((heap / 100) * 4096);
    const gcPct = heap >= 85 ? rng.int(31, 74) : rng.int(1, 4);
    if (heap >= 85) {
      tl.add(
        t,
        logback(
          t,
          search,
          "WARN",
          "com.shop.search.ops.GcMonitor",
          "gc-monitor",
          `GC overhead ${gcPct}% over the last 120 s; heap after GC ${used}MiB of 4096MiB`,
          {
            heap_used_pct: Number(heap.toFixed(1)),
          },
        ),
        "memory",
      );
    } else {
      tl.add(
        t,
        logback(
          t,
          search,
          "INFO",
          "com.shop.search.ops.GcMonitor",
          "gc-monitor",
          `GC summary: ${rng.int(8, 30)} young, 0 full collections; heap after GC ${used}MiB of 4096MiB`,
          {
            heap_used_pct: Number(heap.toFixed(1)),
          },
        ),
      );
    }
  }
  tl.add(
    oomAt,
    logback(
      oomAt,
      search,
      "ERROR",
      "com.shop.search.index.IncrementalIndexer",
      "indexer-1",
      "Indexing batch failed",
      {},
      "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n\tat org.apache.lucene.util.ArrayUtil.growExact(ArrayUtil.java:323)\n\tat org.apache.lucene.index.DocumentsWriterPerThread.updateDocuments(DocumentsWriterPerThread.java:232)\n\tat com.shop.search.index.IncrementalIndexer.flush(IncrementalIndexer.java:118)",
    ),
    "memory",
  );
  tl.add(oomAt + 220, fluentRaw(oomAt + 220, "Terminating due to java.lang.OutOfMemoryError: Java heap space", k8s), "memory");
  const restart = oomAt + rng.int(8, 14) * SECOND;
  tl.add(
    restart,
    kubeEvent(
      restart,
      "Normal",
      "Pulled",
      'Container image "registry.shop.internal/search-service:4.2.1" already present on machine',
      { kind: "Pod", name: search.host, namespace: "shop" },
      { component: "kubelet", host: k8s.host },
      rng.uuid(),
    ),
  );
  tl.add(
    restart + 90,
    kubeEvent(
      restart + 90,
      "Normal",
      "Created",
      "Created container search-service",
      { kind: "Pod", name: search.host, namespace: "shop" },
      { component: "kubelet", host: k8s.host },
      rng.uuid(),
    ),
  );
  tl.add(
    restart + 400,
    kubeEvent(
      restart + 400,
      "Normal",
      "Started",
      "Started container search-service",
      { kind: "Pod", name: search.host, namespace: "shop" },
      { component: "kubelet", host: k8s.host },
      rng.uuid(),
    ),
  );
  tl.add(
    restart + 4200,
    logback(restart + 4200, search, "INFO", "com.shop.search.SearchApplication", "main", "Starting SearchApplication v4.2.1 using Java 17.0.10 with PID 1"),
  );
  tl.add(
    upAt - 200,
    logback(
      upAt - 200,
      search,
      "INFO",
      "com.shop.search.SearchApplication",
      "main",
      `Started SearchApplication in ${((upAt - restart - 4400) / 1000).toFixed(3)} seconds`,
    ),
  );

  // ── orders-api (Node): a quiet night of orders ──────────────────────────────────────────────
  const orders = [0, 1].map(() => ({ name: "orders-api", hostname: rng.pod("orders-api"), pid: 1 }));
  for (const t of arrivals(rng, start, end, 1.3)) {
    const src = rng.pick(orders);
    const get = rng.chance(0.7);
    const took = rng.logNormal(get ? 28 : 95, 0.4);
    const status = get && rng.chance(0.04) ? 404 : get ? 200 : 201;
    const id = rng.int(4000000, 4999999);
    const d = t + Math.round(took);
    tl.add(
      d,
      pinoHttp(
        d,
        src,
        { id: rng.uuid(), method: get ? "GET" : "POST", url: get ? `/orders/${id}` : "/orders", remoteAddress: `::ffff:${rng.privateIp("10.2")}` },
        status,
        took,
      ),
    );
    if (!get) tl.add(d + 1, pino(d + 1, src, "info", `order ${id} placed`, { orderId: id, items: rng.int(1, 6) }));
  }

  // ── storefront-edge (nginx): night traffic; searches fail while search-service restarts ────
  const shape = swell(start, end, 0.35, rng.float(0, 6));
  const routes = [
    ["GET /", 12],
    ["GET /products/<id>", 35],
    ["GET /search", 22],
    ["GET /api/suggest", 16],
    ["POST /api/cart", 10],
    ["GET /api/orders/<id>", 6],
    ["POST /api/checkout", 3],
    ["GET /static/<asset>", 12],
  ] as const;
  const ups = { search: `10.2.${rng.int(1, 60)}.${rng.int(2, 250)}:8080`, web: `10.2.${rng.int(1, 60)}.${rng.int(2, 250)}:3000` };
  for (const s of arrivals(rng, start, end, 3.2, shape, 1.35)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    let uri = path.replace("<id>", String(rng.int(10000, 99999))).replace("<asset>", `app.${rng.hex(8)}.js`);
    let took = rng.logNormal(path.startsWith("/static") ? 4 : 45, 0.5);
    let status = 200;
    let label: AnomalyType | null = null;
    const searching = path === "/search" || path === "/api/suggest";
    if (searching) {
      const q = rng.pick(["winter+coat", "boots", "scarf", "gloves", "lamp", "desk", "sofa"]);
      uri = path === "/search" ? `/search?q=${q}` : `/api/suggest?prefix=${q.slice(0, rng.int(2, 4))}`;
      took = rng.logNormal(70, 0.4);
      if (down(s)) {
        status = 502;
        took = rng.logNormal(3, 0.3);
        label = "error";
      } else if (heapAt(s) >= 93 && rng.chance(0.35)) {
        status = 504;
        took = 5000 + rng.int(0, 40);
        label = "error";
      } else if (heapAt(s) >= 85) {
        took = rng.logNormal(2600, 0.4);
        label = took > 1000 ? "performance" : null;
      }
    }
    if (path === "/products/<id>" && rng.chance(0.03)) status = 404;
    const [e, entry] = edgeLine(rng, s, "storefront-edge", method, uri, status, took, searching ? ups.search : ups.web);
    tl.add(e, entry, label);
  }

  // ── cron on the batch hosts (rsyslog) ───────────────────────────────────────────────────────
  const hosts = ["batch-01", "batch-02"];
  for (const h of hosts) {
    for (let t = Math.ceil(start / HOUR) * HOUR + 17 * MINUTE + rng.int(0, 900); t < end; t += HOUR) {
      tl.add(t, rsyslog(t, h, "cron", "info", "CRON", rng.int(20000, 40000), "(root) CMD (cd / && run-parts --report /etc/cron.hourly)"));
    }
  }

  return tl.build(
    NAME,
    "the 01:00 dunning batch logs a benign WARNING for every archived account it skips, steadily to the end; search-service runs out of heap, searches slow and then fail during its restart",
  );
}
