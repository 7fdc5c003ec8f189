/**
 * `npm run bench`: the service's performance figures, as a table on stdout and as JSON.
 *
 *   npm run bench                      everything (about 10 minutes on 2 cores)
 *   npm run bench -- --quick           fewer runs and smaller sizes, to try it out
 *   npm run bench -- --only core,e2e   sections: headline, core, e2e, stream, memory, load, history, page
 *   npm run bench -- --only pairs --against DIR
 *                                      this build and DIR's (a built checkout) in turn, request by request
 *   npm run bench -- --no-sklearn      skip the scikit-learn reference
 *   npm run bench -- --out FILE        JSON output (default .bench/results.json)
 *
 * Each figure is a median of several runs after a warm-up, on logs generated from a fixed seed
 * (bench/data.ts). The service runs as its own process (dist/main.js, built by `npm run
 * bench`) against a server the bench starts on a free port: the binary TEST_SERVER_BIN names, as
 * for the tests, else valkey-server, else redis-server on PATH. The output and the JSON name that
 * server and its version (`server`) for every figure read through it (all but the detection core):
 *
 *   TEST_SERVER_BIN=$(../shared/tools/valkey-server) npm run bench
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { startLocalServer, type LocalServer } from "../src/valkey/local-server.js";
import { parseServerInfo } from "../src/valkey/server-info.js";
import { chooseServerBinary, describeChosen, SERVER_BIN_SETTING } from "../test/helpers/server-binary.js";
import { benchCore, type CoreResult } from "./core.js";
import { benchBig, benchE2e, benchIdle, benchLoad, storeIncident, type BigResult, type E2eRow, type IdleResult, type LoadResult } from "./e2e.js";
import { benchPage, type PageResult } from "./page.js";
import { ROOT } from "./service.js";
import { benchStream, type StreamResult } from "./stream.js";
import { benchHistory, type HistoryRow } from "./history.js";
import { benchHeadline, fmtSpread, type HeadlineResult } from "./headline.js";
import { benchPairs, type PairsResult } from "./pairs.js";
import { fmtInt, fmtMs, loadAverage, log, machine, reportedKib, round, table } from "./util.js";

const SECTIONS = ["headline", "core", "e2e", "stream", "memory", "load", "history", "page", "pairs"] as const;
type Section = (typeof SECTIONS)[number];
/** Sections run without --only: pairs needs another build (--against). */
const DEFAULT_SECTIONS = SECTIONS.filter((s) => s !== "pairs");

function parseArgs(argv: string[]) {
  const quick = argv.includes("--quick");
  const only = argv.find((a) => a.startsWith("--only"))?.split("=")[1] ?? (argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined);
  const outArg = argv.find((a) => a.startsWith("--out="))?.split("=")[1] ?? (argv.includes("--out") ? argv[argv.indexOf("--out") + 1] : undefined);
  const sections = new Set<Section>(only ? (only.split(",") as Section[]) : DEFAULT_SECTIONS);
  for (const s of sections) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; known: ${SECTIONS.join(", ")}`);
  const against = argv.find((a) => a.startsWith("--against="))?.split("=")[1] ?? (argv.includes("--against") ? argv[argv.indexOf("--against") + 1] : undefined);
  if (sections.has("pairs") && against === undefined)
    throw new Error("--only pairs needs --against DIR: a checkout of the build to compare with, built (npm run build there)");
  return { quick, sections, against, sklearn: !argv.includes("--no-sklearn"), out: path.resolve(ROOT, outArg ?? ".bench/results.json") };
}

interface Results {
  date: string;
  command: string;
  machine: ReturnType<typeof machine>;
  load_average_start: [number, number, number];
  load_average_end?: [number, number, number];
  /** KiB the guest handed back to its host during the run (free page reporting), where counted. */
  reported_kib?: number;
  quick: boolean;
  /** The server of every section but core (which does no I/O); absent when only core ran. */
  server?: BenchServer;
  headline?: HeadlineResult;
  core?: CoreResult;
  e2e?: E2eRow[];
  stream?: StreamResult;
  memory?: BigResult[];
  /** A fresh service's RSS just after start and at rest (memory section, not --quick). */
  idle?: IdleResult;
  load?: LoadResult;
  page?: PageResult;
  /** The memory across incidents: its cost per incident. */
  history?: HistoryRow[];
  pairs?: PairsResult;
}

interface BenchServer {
  /** "valkey" or "redis", and its version, as the running server's INFO says. */
  name: string;
  version: string;
  binary: string;
  /** How the binary was chosen (TEST_SERVER_BIN, or the order on PATH). */
  chosen_by: string;
  /** The sections whose figures went through it. */
  sections: Section[];
}

function report(res: Results): string {
  const out: string[] = [];
  const m = res.machine;
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}, ${m.platform}; a new page's first touch ${m.page_fault_us} µs`);
  out.push(
    `Load average (1/5/15 min) at start ${res.load_average_start.join(" / ")}, at end ${res.load_average_end?.join(" / ") ?? "-"}${res.quick ? "  (--quick: indicative only)" : ""}`,
  );
  const srv = res.server;
  if (m.page_reporting)
    out.push(
      `The guest hands freed memory back to its host (${Object.entries(m.page_reporting)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ", ",
        )})${res.reported_kib === undefined ? "" : `: ${fmtInt(res.reported_kib / 1024)} MB during this run`}; a page handed back costs a host fault when next touched`,
    );
  if (srv) out.push(`Server: ${srv.name} ${srv.version} (${srv.binary}; ${srv.chosen_by}), for ${srv.sections.join(", ")}`);
  const on = srv ? ` [${srv.name} ${srv.version}]` : "";
  if (res.headline) {
    const h = res.headline;
    out.push("", `Headline${on}, on ${m.cpu}: medians (min-max, runs); the reference on the same lines, interleaved with the requests`);
    out.push(
      table(
        ["measure", "measured", "target"],
        [
          [
            "100k-log incident end to end (Valkey read + detection, memory on + HTTP)",
            `${fmtSpread(h.e2e_100k_ms, " ms")}${h.ratio === undefined ? "" : `: ${h.ratio}x faster than scikit-learn (${fmtSpread(h.sklearn_100k_ms!, " ms")})`}`,
            ">= 15x",
          ],
          [
            `the same, its last ${h.late_100k_ms.runs} runs only (the ${h.late_from}th request after start on: the threads' code by then compiled)`,
            fmtSpread(h.late_100k_ms, " ms"),
            "-",
          ],
          ["the I/O floor of that request (the same LRANGE pages and JSON.parse, one thread, in the bench process)", fmtSpread(h.floor_100k_ms, " ms"), "-"],
          ["detect() alone on those 100k logs (one thread, in the bench process; the fastest of three each round)", fmtSpread(h.detect_100k_ms, " ms"), "-"],
          ["1M-log incident end to end", fmtSpread(h.e2e_1m_ms, " ms"), "<= 3 s"],
          ["peak RSS during that 1M-log incident (fresh process)", fmtSpread(h.peak_rss_1m_mb, " MB"), "<= 800 MB"],
          [
            `pages of new memory it touched (minor page faults; at ${m.page_fault_us} µs each, ${fmtMs((h.faults_1m.median * m.page_fault_us) / 1000)} of CPU)`,
            fmtSpread(h.faults_1m, ""),
            "-",
          ],
          [`GET /health while it is analysed (every 100 ms, ~${h.health_checks_per_run} per run): p99`, fmtSpread(h.health_p99_1m_ms, " ms"), "< 50 ms"],
          ["first 100k-log incident after start (threads started for it, code not yet optimised; one run)", `${h.cold_100k_ms} ms`, "-"],
          ["the same with DETECTION_THREADS_READY=1 (a thread started with the service; one run)", `${h.ready_100k_ms} ms`, "-"],
          ["1M-log incident on a warm thread (the third of three back to back in one process; one run)", `${h.warm_1m_ms} ms`, "-"],
        ],
      ),
    );
    out.push(`Reference: ${h.sklearn_note}`);
    // Absent from results recorded before the bench kept the series.
    if (h.e2e_100k_series_ms)
      out.push(
        `The 100k requests in the order made, from the ${h.late_from - h.e2e_100k_ms.runs + h.late_100k_ms.runs}th after start: ${h.e2e_100k_series_ms.map((ms) => Math.round(ms)).join(", ")} ms`,
      );
    if (h.sklearn_100k_ms) {
      const budget = h.sklearn_100k_ms.median / 15;
      const parts = h.floor_100k_ms.median + h.detect_100k_ms.median;
      out.push(
        `15x at this scikit-learn time is a request of ${fmtMs(budget)}; the I/O floor and detect() alone take ${fmtMs(parts)} of one core (${fmtMs(parts / 2)} split perfectly over two).`,
      );
    }
  }
  if (res.core) {
    out.push("", "Detection core (no I/O), median of runs after warm-up; scikit-learn: features + fit + one decision_function");
    out.push(
      table(
        ["logs", "detect()", "logs/s", "distinct feature rows", "scikit-learn", "sklearn logs/s", "ratio"],
        res.core.rows.map((r) => [
          fmtInt(r.n),
          fmtMs(r.detect_ms),
          fmtInt(r.logs_per_s),
          `${r.distinct_rows_pct}%`,
          r.sklearn ? fmtMs(r.sklearn.total_s * 1000) : "-",
          r.sklearn ? fmtInt(r.sklearn.logs_per_s) : "-",
          r.ratio ? `${r.ratio}x` : "-",
        ]),
      ),
    );
    const w = res.core.worst_case_100k;
    if (w) out.push(`Worst case, 100,000 logs with every feature row distinct: ${fmtMs(w.detect_ms)}, ${fmtInt(w.logs_per_s)} logs/s`);
    out.push(`Reference: ${res.core.sklearn_note}`);
  }
  if (res.e2e) {
    out.push("", `End to end${on}: POST /detect-anomalies, incident stored as a list; I/O floor = the same LRANGE pages + JSON.parse`);
    out.push(
      table(
        ["logs", "p50", "p95", "I/O floor", "p50 / floor", "CPU / request", "new pages / request", "CPU / floor read", "p50, helper thread off"],
        res.e2e.map((r) => [
          fmtInt(r.n),
          fmtMs(r.p50_ms),
          fmtMs(r.p95_ms),
          fmtMs(r.floor_ms),
          `${r.ratio}x`,
          fmtMs(r.cpu_ms),
          fmtInt(r.faults),
          fmtMs(r.floor_cpu_ms),
          r.p50_forest_thread_off_ms === undefined ? "-" : fmtMs(r.p50_forest_thread_off_ms),
        ]),
      ),
    );
    out.push("(each run: one request, one to a service with DETECTION_FOREST_THREAD=false from 100k, one floor read, interleaved)");
    out.push("(CPU: all threads of the service process until it is idle again, GC included; the floor's in the bench process; medians)");
    out.push(`(new pages: the service's minor page faults until it is idle again; at ${m.page_fault_us} µs each here)`);
  }
  if (res.stream) {
    const s = res.stream;
    out.push("", `Stream consumer${on}: ${fmtInt(s.events)} events, ${s.logs_per_incident}-log incidents`);
    out.push(
      table(
        ["", "incidents/s"],
        [
          [`bare LangGraph invoke, empty 4-node graph (${s.bare_invoke_us} µs each)`, fmtInt(s.bare_invoke_per_s)],
          [`1 consumer process (${s.ratio}x the bare invoke rate)`, fmtInt(s.one_process_per_s)],
          ["2 consumer processes", fmtInt(s.two_processes_per_s)],
          [`1 consumer process, one invoke per event (CONSUMER_BATCH_SIZE=1; ${s.unbatched_ratio}x the bare rate)`, fmtInt(s.one_process_unbatched_per_s)],
        ],
      ),
    );
    out.push(
      `CPU per incident, 1 consumer process: ${s.one_process_cpu_ms_per_incident} ms (+ ${s.server_cpu_ms_per_incident} ms in ${srv ? `${srv.name}-server` : "the server"}); bare invoke: ${s.bare_invoke_cpu_us} µs`,
    );
    out.push(
      `Memory across incidents: 1 consumer process ${fmtInt(s.one_process_per_s)} incidents/s with MEMORY=on (the default, the runs above), ${fmtInt(s.one_process_memory_off_per_s)} with MEMORY=off, in rounds alternating with them (${s.memory_on_ratio}x); CPU per incident ${s.one_process_cpu_ms_per_incident} vs ${s.one_process_memory_off_cpu_ms_per_incident} ms`,
    );
  }
  if (res.memory) {
    out.push("", `Memory and responsiveness${on}: one 1M-log incident in a fresh service process, GET /health polled meanwhile`);
    out.push(
      table(
        ["logs", "DETECTION_THREADS", "helper thread", "idle RSS", "peak RSS", "detection", "/health p50", "/health p99", "/health max", "health checks"],
        res.memory.map((b) => [
          fmtInt(b.n),
          b.detection_threads,
          b.forest_thread ? "on" : "off",
          `${b.idle_rss_mb} MB`,
          `${b.peak_rss_mb} MB`,
          fmtMs(b.duration_ms),
          fmtMs(b.health_p50_ms),
          fmtMs(b.health_p99_ms),
          fmtMs(b.health_max_ms),
          b.health_requests,
        ]),
      ),
    );
    if (res.idle)
      out.push(
        `Idle RSS of a fresh service: ${res.idle.started_mb} MB 1 s after start (the rows above), ${res.idle.rested_mb} MB after ${res.idle.rested_after_ms / 1000} s at rest (V8's memory reducer gives back the heap its start grew)`,
      );
  }
  if (res.load) {
    const l = res.load;
    out.push("", `Load${on}: ${l.seconds} s of POST /detect-anomalies on a 1k-log incident, ${l.connections} connections (autocannon)`);
    out.push(
      table(
        ["requests/s", "requests", "p50", "p99", "errors", "non-2xx", "timeouts"],
        [[l.requests_per_s, fmtInt(l.requests), fmtMs(l.p50_ms), fmtMs(l.p99_ms), l.errors, l.non2xx, l.timeouts]],
      ),
    );
  }
  if (res.pairs) {
    out.push(
      "",
      `This build and ${res.pairs.against} in turn${on}: one request each per pair, the order alternating; both warm; CPU of the service process until idle`,
    );
    out.push(
      table(
        ["logs", "pairs", "this build p50", "other p50", "this build CPU p50", "other CPU p50", "per pair: difference p50", "per pair: ratio p50"],
        res.pairs.rows.map((p) => [
          fmtInt(p.n),
          p.pairs,
          fmtMs(p.this_p50_ms),
          fmtMs(p.other_p50_ms),
          fmtMs(p.this_cpu_p50_ms),
          fmtMs(p.other_cpu_p50_ms),
          `${p.diff_p50_ms > 0 ? "+" : ""}${fmtMs(p.diff_p50_ms)}`,
          `${p.ratio_p50}x`,
        ]),
      ),
    );
  }
  if (res.page) {
    const p = res.page;
    out.push("", `Incident page${on}: headless ${p.browser}, ${fmtInt(p.n)}-log incident through the consumer, ${p.runs} loads after a warm-up`);
    out.push(
      table(
        ["logs", "stored result", "lines listed", "findings", "findings fetched p50", "rendered p50", "rendered max", "expand largest finding p50"],
        [
          [
            fmtInt(p.n),
            `${round(p.result_bytes / 1e6, 2)} MB`,
            fmtInt(p.anomalies_listed),
            fmtInt(p.findings),
            fmtMs(p.fetched_p50_ms),
            fmtMs(p.rendered_p50_ms),
            fmtMs(p.rendered_max_ms),
            fmtMs(p.expand_p50_ms),
          ],
        ],
      ),
    );
    out.push("(from navigation start, as the browser counts: findings fetched = the result without its lines parsed; rendered = the page drawn)");
  }
  if (res.history) {
    out.push("", `Memory across incidents${on}: cost per incident with five earlier incidents learnt (medians; this process, uncached recall)`);
    out.push(
      table(
        ["logs", "services", "templates", "recall", "write (similar + learn + record)", "detect() for scale", "keys after the runs", "per service"],
        res.history.map((h) => [
          fmtInt(h.n),
          h.services,
          h.templates,
          fmtMs(h.recall_ms),
          fmtMs(h.write_ms),
          fmtMs(h.detect_ms),
          `${fmtInt(Math.round(h.keys_bytes / 1024))} KB`,
          `${fmtInt(Math.round(h.bytes_per_service / 1024))} KB`,
        ]),
      ),
    );
  }
  out.push("", "Targets");
  out.push(
    table(
      ["target", "measured", "met"],
      targets(res).map((t) => [t.what, t.measured, t.met ? "yes" : "no"]),
    ),
  );
  return out.join("\n");
}

function targets(res: Results): { what: string; measured: string; met: boolean }[] {
  const t: { what: string; measured: string; met: boolean }[] = [];
  const core100k = res.core?.rows.find((r) => r.n === 100_000);
  if (core100k) {
    t.push({ what: "core >= 300,000 logs/s at 100k", measured: `${fmtInt(core100k.logs_per_s)} logs/s`, met: core100k.logs_per_s >= 300_000 });
    if (core100k.ratio !== undefined) t.push({ what: "core >= 15x scikit-learn at 100k", measured: `${core100k.ratio}x`, met: core100k.ratio >= 15 });
  }
  const e100k = res.e2e?.find((r) => r.n === 100_000);
  if (e100k) {
    t.push({ what: "100k stored incident end to end < 1 s", measured: `p50 ${fmtMs(e100k.p50_ms)}`, met: e100k.p50_ms < 1000 });
    t.push({ what: "100k end to end within 2x its I/O floor", measured: `${e100k.ratio}x`, met: e100k.ratio <= 2 });
  }
  const e10k = res.e2e?.find((r) => r.n === 10_000);
  if (e10k) t.push({ what: "10k end to end p50 < 80 ms", measured: fmtMs(e10k.p50_ms), met: e10k.p50_ms < 80 });
  if (res.stream) t.push({ what: "stream >= 0.7x the bare invoke rate", measured: `${res.stream.ratio}x`, met: res.stream.ratio >= 0.7 });
  if (res.stream)
    t.push({
      what: "stream with the memory on >= 0.8x with it off",
      measured: `${res.stream.memory_on_ratio}x`,
      met: res.stream.memory_on_ratio >= 0.8,
    });
  const sk100k = core100k?.sklearn?.total_s;
  if (e100k && sk100k !== undefined)
    t.push({
      what: "100k end to end (memory on) >= 10x faster than scikit-learn's IsolationForest in memory",
      measured: `${round((sk100k * 1000) / e100k.p50_ms, 1)}x`,
      met: (sk100k * 1000) / e100k.p50_ms >= 10,
    });
  const h = res.headline;
  if (h) {
    if (h.ratio !== undefined) t.push({ what: "100k end to end >= 15x faster than scikit-learn (headline)", measured: `${h.ratio}x`, met: h.ratio >= 15 });
    t.push({ what: "1M-log incident end to end <= 3 s (headline)", measured: `${h.e2e_1m_ms.median} ms`, met: h.e2e_1m_ms.median <= 3000 });
    t.push({ what: "peak RSS during it <= 800 MB (headline)", measured: `${h.peak_rss_1m_mb.median} MB`, met: h.peak_rss_1m_mb.median <= 800 });
    t.push({ what: "/health p99 < 50 ms during it (headline)", measured: `${h.health_p99_1m_ms.median} ms`, met: h.health_p99_1m_ms.median < 50 });
  }
  const big = res.memory?.find((b) => b.detection_threads > 0);
  if (big) {
    t.push({ what: "1M-log incident peak RSS < 1.5 GB", measured: `${big.peak_rss_mb} MB`, met: big.peak_rss_mb < 1536 });
    t.push({ what: "/health p99 < 100 ms during it", measured: fmtMs(big.health_p99_ms), met: big.health_p99_ms < 100 });
    const rest = res.idle ? ` (${res.idle.rested_mb} MB at rest, ${res.idle.rested_after_ms / 1000} s after start)` : "";
    t.push({ what: "idle RSS < 120 MB (1 s after start)", measured: `${big.idle_rss_mb} MB${rest}`, met: big.idle_rss_mb < 120 });
  }
  if (res.page)
    t.push({
      what: "incident page of a 100k-log incident renders < 1 s",
      measured: `p50 ${fmtMs(res.page.rendered_p50_ms)}, max ${fmtMs(res.page.rendered_max_ms)}`,
      met: res.page.rendered_p50_ms < 1000,
    });
  if (res.load)
    t.push({
      what: "load test: zero errors",
      measured: `${res.load.errors + res.load.non2xx + res.load.timeouts}`,
      met: res.load.errors + res.load.non2xx + res.load.timeouts === 0,
    });
  return t;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const res: Results = {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    machine: machine(),
    load_average_start: loadAverage(),
    quick: opts.quick,
  };
  log(`load average ${res.load_average_start.join(" / ")}`);
  const reportedAtStart = reportedKib();
  if (opts.sections.has("core")) {
    res.core = await benchCore({
      sizes: opts.quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000],
      quick: opts.quick,
      sklearn: opts.sklearn,
    });
  }
  const needServer = [...opts.sections].some((s) => s !== "core");
  let server: LocalServer | undefined;
  let redis: Redis | undefined;
  try {
    if (needServer) {
      const chosen = chooseServerBinary();
      if (!chosen) throw new Error(`no server binary: set ${SERVER_BIN_SETTING}, or put valkey-server or redis-server on PATH`);
      server = await startLocalServer({ binary: chosen.binary });
      redis = new Redis(server.url);
      const id = parseServerInfo(await redis.info("server"));
      res.server = {
        name: id.name,
        version: id.version,
        binary: chosen.binary,
        chosen_by: chosen.source,
        sections: [...opts.sections].filter((s) => s !== "core"),
      };
      log(`server: ${describeChosen(chosen)} on ${server.url}`);
    }
    if (opts.sections.has("headline")) res.headline = await benchHeadline(redis!, server!.url, { rounds: opts.quick ? 2 : 5, sklearn: opts.sklearn });
    if (opts.sections.has("e2e") || opts.sections.has("load")) {
      const { rows, service } = await benchE2e(redis!, server!.url, opts.sections.has("e2e") ? [1_000, 10_000, 100_000] : [1_000], opts.quick);
      if (opts.sections.has("e2e")) res.e2e = rows;
      try {
        if (opts.sections.has("load")) res.load = await benchLoad(service, opts.quick ? 5 : 30);
      } finally {
        await service.stop();
      }
    }
    if (opts.sections.has("history")) res.history = await benchHistory(redis!, server!.url, [100, 100_000], opts.quick);
    if (opts.sections.has("stream")) res.stream = await benchStream(redis!, server!.process.pid!, server!.url, opts.quick);
    if (opts.sections.has("memory")) {
      const n = 1_000_000;
      log(`memory: storing ${n} logs`);
      await storeIncident(redis!, n);
      res.memory = [await benchBig(redis!, server!.url, n, 2, true)];
      // The same incident on the main thread, to show what the worker threads buy.
      if (!opts.quick) res.memory.push(await benchBig(redis!, server!.url, n, 0, true));
      // And with the workers but without their forest helper threads.
      if (!opts.quick) res.memory.push(await benchBig(redis!, server!.url, n, 2, true, { DETECTION_FOREST_THREAD: "false" }));
      if (!opts.quick) res.idle = await benchIdle(server!.url);
    }
    if (opts.sections.has("page")) res.page = await benchPage(redis!, server!.url, 100_000, opts.quick);
    if (opts.sections.has("pairs")) res.pairs = await benchPairs(redis!, server!.url, opts.against!, opts.quick);
  } finally {
    redis?.disconnect();
    await server?.stop();
  }
  res.load_average_end = loadAverage();
  const reportedAtEnd = reportedKib();
  if (reportedAtStart !== undefined && reportedAtEnd !== undefined) res.reported_kib = reportedAtEnd - reportedAtStart;
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(res, null, 2)}\n`);
  process.stdout.write(`${report(res)}\n\nJSON: ${path.relative(ROOT, opts.out)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
