/**
 * export-aborts-leak: reports-web (Node, pino-http, behind ingress-nginx) builds spreadsheet and
 * PDF exports on `GET /api/reports/:id/export`, which take seconds to most of a minute. People
 * click Export and then close the dialog or leave the page: a fifth to a third of exports end
 * `request aborted` at ERROR (pino-http) with the app's `export aborted by client` and nginx's
 * 499, all window long. That is how the page is used, not an outage. The incident is elsewhere:
 * session-service (Node, Winston), which every request's session check goes through, shipped a
 * per-session rate limiter yesterday whose map is never pruned. Its heap climbs all window; past
 * 85 % of the 1.5 GB limit its stats show the event loop stalling and session checks slow every
 * page; V8 aborts with `Reached heap limit` about half-way, the kubelet restarts it, and for
 * those seconds every reports-web request fails with 503 on `ECONNREFUSED`. It climbs again and
 * dies again late in the window; the on-call then rolls session-service back.
 */
import { browser, containerRestart, nodeName, openWindow, podMeta } from "./common.js";
import { fluentRaw, type KubeMeta, kubeEvent, nginxJson, type PinoSource, pino, pinoErr, pinoHttp, winston } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "export-aborts-leak";
const HEAP_LIMIT_MB = 1536;

export function exportAbortsLeak(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-04-22", 7, 3);
  const abortShare = rng.float(0.22, 0.33);

  // ── session-service: the leak, two crashes, the rollback ────────────────────────────────────
  const host = nodeName(rng, "10.44");
  const session: KubeMeta = podMeta(rng, "session-service", "accounts", "session-service", host);
  const image = "registry.internal/accounts/session-service:3.8.0";
  const crash1 = tl.at(rng.float(0.42, 0.5));
  const back1 = crash1 + rng.int(45, 80) * SECOND;
  const crash2 = back1 + rng.int(50, 60) * MINUTE;
  const back2 = crash2 + rng.int(45, 80) * SECOND;
  const rollbackAt = back2 + rng.int(4, 8) * MINUTE;
  const startHeap = rng.float(0.5, 0.56);
  /** Old-space in use as a fraction of the limit at `t`. */
  const heap = (t: number): number => {
    if (t >= rollbackAt) return 0.3 + 0.02 * Math.sin(t / 97_000);
    if (t >= back2) return 0.2 + ((t - back2) / (crash2 - back1)) * 0.8;
    if (t >= back1) return 0.2 + ((t - back1) / (crash2 - back1)) * 0.8;
    return startHeap + ((t - start) / (crash1 - start)) * (1 - startHeap);
  };
  const down = (t: number): boolean => (t >= crash1 && t < back1) || (t >= crash2 && t < back2);
  /** The session check's stall at `t`, in ms: GC pauses once the heap is nearly full. */
  const stall = (t: number): number => {
    const h = heap(t);
    return h < 0.85 ? 0 : rng.float(0, 1) < (h - 0.85) * 5 ? rng.float(150, 1800) * (h - 0.8) * 5 : 0;
  };
  for (const t of ticks(rng, start, end, 2 * MINUTE, 15 * SECOND)) {
    if (down(t)) continue;
    const h = heap(t);
    const used = Math.round(h * HEAP_LIMIT_MB);
    const lag = h < 0.85 ? rng.float(1, 9) : rng.float(120, 900) * (h - 0.8) * 5;
    const label: AnomalyType | null = h >= 0.85 && t < rollbackAt ? "memory" : null;
    tl.add(
      t,
      winston(
        t,
        "session-service",
        h >= 0.85 && t < rollbackAt ? "warn" : "info",
        h >= 0.85 && t < rollbackAt ? "process stats: heap near limit" : "process stats",
        {
          heapUsedMB: used,
          heapTotalMB: Math.min(HEAP_LIMIT_MB + 24, used + rng.int(20, 60)),
          heapLimitMB: HEAP_LIMIT_MB,
          rssMB: used + rng.int(90, 140),
          eventLoopLagMs: Number(lag.toFixed(1)),
          activeSessions: rng.int(9000, 14000),
          pod: session.pod,
        },
      ),
      label,
    );
  }
  const pid = 1;
  for (const [crash, back] of [
    [crash1, back1],
    [crash2, back2],
  ] as const) {
    const uptimeMs = crash - (crash === crash1 ? start - rng.int(10, 20) * 60 * MINUTE : back1);
    const addr = `0x${rng.hex(7)}`;
    const lines = [
      "",
      "<--- Last few GCs --->",
      "",
      `[${pid}:${addr}] ${uptimeMs - rng.int(3000, 5000)} ms: Mark-Compact ${(HEAP_LIMIT_MB - rng.float(30, 40)).toFixed(1)} (${(HEAP_LIMIT_MB - 6).toFixed(1)}) -> ${(HEAP_LIMIT_MB - rng.float(36, 44)).toFixed(1)} (${(HEAP_LIMIT_MB - 5).toFixed(1)}) MB, ${rng.float(1500, 2100).toFixed(2)} / 0.00 ms  (average mu = 0.1${rng.int(10, 99)}, current mu = 0.0${rng.int(10, 40)}) allocation failure; scavenge might not succeed`,
      `[${pid}:${addr}] ${uptimeMs - rng.int(500, 1500)} ms: Mark-Compact ${(HEAP_LIMIT_MB - rng.float(28, 34)).toFixed(1)} (${(HEAP_LIMIT_MB - 4).toFixed(1)}) -> ${(HEAP_LIMIT_MB - rng.float(33, 38)).toFixed(1)} (${(HEAP_LIMIT_MB - 3).toFixed(1)}) MB, ${rng.float(1700, 2300).toFixed(2)} / 0.00 ms  (average mu = 0.0${rng.int(50, 99)}, current mu = 0.0${rng.int(10, 30)}) allocation failure; GC in old space requested`,
      "",
      "",
      "<--- JS stacktrace --->",
      "",
      "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
      " 1: 0xb8a6a0 node::Abort() [node]",
      " 2: 0xa96834  [node]",
      " 3: 0xd66640 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
      " 4: 0xd66a07 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
      " 5: 0xf43f15  [node]",
    ];
    for (const [i, line] of lines.entries()) tl.add(crash - 40 + i, fluentRaw(crash - 40 + i, line, session, "stderr"), "memory");
    // the new process loads the session store from Redis before it is ready
    const started = containerRestart(rng, tl, crash + rng.int(600, 1500), session, image);
    const podObj = { kind: "Pod", name: session.pod, namespace: "accounts", fieldPath: "spec.containers{session-service}" };
    for (let p = started + rng.int(3, 6) * SECOND, k = 1; p < back - SECOND; p += 10 * SECOND, k++) {
      tl.add(
        p,
        kubeEvent(
          p,
          "Warning",
          "Unhealthy",
          `Readiness probe failed: HTTP probe failed with statuscode: 503`,
          podObj,
          { component: "kubelet", host },
          rng.uuid(),
          k,
          started,
        ),
        "error",
      );
    }
    tl.add(
      back - 200,
      winston(back - 200, "session-service", "info", "session store warmed", { sessions: rng.int(9000, 14000), ms: back - 200 - started, pod: session.pod }),
    );
  }
  const dep = { kind: "Deployment", name: "session-service", namespace: "accounts" };
  tl.add(
    rollbackAt - 40 * SECOND,
    kubeEvent(
      rollbackAt - 40 * SECOND,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set session-service-${rng.hex(10)} to 1`,
      dep,
      { component: "deployment-controller" },
      rng.uuid(),
    ),
  );
  tl.add(
    rollbackAt,
    kubeEvent(
      rollbackAt,
      "Normal",
      "ScalingReplicaSet",
      `Scaled down replica set session-service-${rng.hex(10)} to 0 from 1`,
      dep,
      { component: "deployment-controller" },
      rng.uuid(),
    ),
  );

  // ── reports-web (Node, pino-http) behind ingress-nginx ──────────────────────────────────────
  const pods: (PinoSource & { ip: string })[] = [0, 1].map(() => ({ hostname: rng.pod("reports-web"), pid: 1, ip: `${rng.privateIp("10.44")}:3000` }));
  const vhost = "reports.shop.example";
  const request = (
    s: number,
    url: string,
    tookMs: number,
    status: number,
    outcome: "done" | "aborted",
    label: AnomalyType | null,
    appLine?: (d: number, pod: PinoSource, reqId: string) => void,
  ) => {
    const pod = rng.pick(pods);
    const reqId = rng.uuid();
    const ua = browser(rng);
    const d = s + Math.round(tookMs);
    appLine?.(d - 1, pod, reqId);
    tl.add(
      d,
      pinoHttp(
        d,
        pod,
        { id: reqId, method: "GET", url, remoteAddress: `::ffff:${rng.privateIp("10.44")}`, userAgent: ua, host: vhost },
        status,
        tookMs,
        outcome,
      ),
      label,
    );
    tl.add(
      d + 1,
      nginxJson(d + 1, {
        remoteAddr: rng.clientIp(),
        requestId: reqId,
        method: "GET",
        uri: url,
        status: outcome === "aborted" ? 499 : status,
        requestTimeMs: tookMs + 1,
        bytesSent: outcome === "aborted" ? 0 : status >= 500 ? 180 : url.includes("/export") ? rng.int(40_000, 4_000_000) : rng.int(1200, 30000),
        userAgent: ua,
        host: vhost,
        upstreamAddr: pod.ip,
        upstreamStatus: outcome === "aborted" ? "-" : String(status),
        upstreamTimeMs: tookMs,
        proxyUpstreamName: "reports-reports-web-3000",
        referer: `https://${vhost}/reports`,
      }),
      label,
    );
  };
  /** A request that needs the session check at `s`: 503 while session-service is down. */
  const sessionDown = (s: number, url: string): boolean => {
    if (!down(s)) return false;
    const took = rng.float(2, 9);
    request(s, url, took, 503, "done", "error", (d, pod, reqId) =>
      tl.add(
        d,
        pino(d, pod, "error", "session check failed", {
          reqId,
          err: pinoErr("Error", "connect ECONNREFUSED 10.100.41.12:8080", ["TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)"], {
            errno: -111,
            code: "ECONNREFUSED",
            syscall: "connect",
            address: "10.100.41.12",
            port: 8080,
          }),
        }),
        "error",
      ),
    );
    return true;
  };

  const reports = Array.from({ length: 40 }, () => rng.int(1000, 99999));
  for (const s of arrivals(rng, start, end, 2.4, shape, 1.2)) {
    const id = rng.pick(reports);
    const format = rng.weighted([
      ["xlsx", 55],
      ["csv", 30],
      ["pdf", 15],
    ] as const);
    const url = `/api/reports/${id}/export?format=${format}`;
    if (sessionDown(s, url)) continue;
    const work = stall(s) + (format === "csv" ? rng.logNormal(3800, 0.6) : rng.logNormal(11000, 0.55));
    if (rng.chance(abortShare)) {
      const gone = Math.min(work - 50, rng.float(1200, 26000));
      if (gone > 300) {
        request(s, url, gone, 200, "aborted", null, (d, pod, reqId) =>
          tl.add(
            d,
            pino(d, pod, "error", "export aborted by client", {
              reqId,
              reportId: id,
              format,
              rowsWritten: rng.int(0, 40000),
              err: pinoErr("Error", "aborted", ["abortIncoming (node:_http_server:806:17)", "socketOnClose (node:_http_server:800:3)"], { code: "ECONNRESET" }),
            }),
            null,
          ),
        );
        continue;
      }
    }
    request(s, url, work, 200, "done", null, (d, pod, reqId) =>
      tl.add(d, pino(d, pod, "info", "export finished", { reqId, reportId: id, format, rows: rng.int(200, 250000), ms: Math.round(work) })),
    );
  }
  for (const s of arrivals(rng, start, end, 4.6, shape, 1.2)) {
    const id = rng.pick(reports);
    const url = rng.chance(0.75) ? `/api/reports/${id}` : `/api/reports?page=${rng.int(1, 6)}`;
    if (sessionDown(s, url)) continue;
    const extra = stall(s);
    const took = rng.logNormal(url.includes("?") ? 40 : 78, 0.4) + extra;
    request(s, url, took, rng.chance(0.01) ? 404 : 200, "done", took > 600 ? "performance" : null);
  }
  for (const pod of pods) {
    for (const t of ticks(rng, start, end, 5 * MINUTE, 20 * SECOND))
      tl.add(t, pino(t, pod, "info", "report cache pruned", { entries: rng.int(20, 400), bytes: rng.int(1e6, 9e7) }));
  }

  return tl.build(
    NAME,
    "a fifth to a third of report exports are aborted by their users all window (pino-http `request aborted` at ERROR, nginx 499: routine); session-service leaks heap, stalls every page's session check near the limit and aborts on `Reached heap limit` twice, each time failing every request with 503 until it restarts, then is rolled back",
  );
}
