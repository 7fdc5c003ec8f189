/**
 * statement-pdf: statements-service (Spring Boot: LogstashEncoder, logback-access; behind nginx)
 * serves account statements; `GET /api/statements/{id}/pdf` has pdf-renderer (Node, pino,
 * a pool of headless Chromium pages) print the statement, which takes a few seconds. It is the
 * first of the month and people open their statements and leave before the PDF arrives: a fifth
 * to a quarter of PDF requests end with nginx 499 and, when the service writes the PDF to the
 * closed connection, Tomcat's `ClientAbortException` at ERROR. Routine, before and after. Two
 * fifths to half-way in, pdf-renderer starts leaking Chromium renderer processes (pages closed
 * without awaiting): the pod's memory fills, renders take tens of seconds, and now most PDF
 * requests are abandoned (the app gives up at 30 s): the same 499s and ClientAbortExceptions are
 * the slowness this time. The kernel's cgroup OOM killer kills Chromium every several minutes
 * and the renders in flight fail (502). A rollout restart of pdf-renderer ends it.
 */
import { browser, cgroupOomKill, nodeName, openWindow, podMeta } from "./common.js";
import { javaTrace, type KubeMeta, kubeEvent, logstash, logstashAccess, nginxJson, type PinoSource, pino, pinoErr } from "./producers.js";
import { arrivals, MINUTE, ramp, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "statement-pdf";
const APP_TIMEOUT_MS = 30_000;
const LIMIT_MB = 3072;

const ABORT_TRACE = [
  "java.base/sun.nio.ch.SocketDispatcher.write0(Native Method)",
  "java.base/sun.nio.ch.SocketDispatcher.write(SocketDispatcher.java:62)",
  "java.base/sun.nio.ch.NioSocketImpl.tryWrite(NioSocketImpl.java:394)",
  "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper.doWrite(NioEndpoint.java:1410)",
  "org.apache.tomcat.util.net.SocketWrapperBase.doWrite(SocketWrapperBase.java:732)",
  "org.apache.coyote.http11.Http11OutputBuffer.flushBuffer(Http11OutputBuffer.java:574)",
  "org.apache.catalina.connector.OutputBuffer.realWriteBytes(OutputBuffer.java:341)",
  "org.springframework.util.StreamUtils.copy(StreamUtils.java:136)",
  "org.springframework.http.converter.ByteArrayHttpMessageConverter.writeInternal(ByteArrayHttpMessageConverter.java:65)",
];

export function statementPdf(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-07-01", 5, 3);
  const routineAbort = rng.float(0.3, 0.37);

  const leakAt = tl.at(rng.float(0.4, 0.48));
  const restartAt = tl.at(rng.float(0.8, 0.87));
  /** How full pdf-renderer's memory is at `t`, 0 (normal) to 1 (at the limit). */
  const fill = (t: number): number => (t < leakAt || t >= restartAt ? 0 : ramp(t, leakAt, leakAt + rng.int(18, 26) * MINUTE));
  const node = nodeName(rng, "10.50");
  const renderer: KubeMeta = podMeta(rng, "pdf-renderer", "statements", "pdf-renderer", node);
  const rsrc: PinoSource = { hostname: renderer.pod, pid: 1, name: "pdf-renderer" };

  // the OOM kills: once memory is full, every several minutes
  const kills: number[] = [];
  for (let t = leakAt + rng.int(20, 28) * MINUTE; t < restartAt; t += rng.int(6, 11) * MINUTE) kills.push(t);
  for (const k of kills) cgroupOomKill(rng, tl, k, node, node, "chrome", rng.int(20000, 90000), LIMIT_MB);

  // pdf-renderer's pool monitor
  for (let t = start + rng.int(0, 60) * SECOND; t < end; ) {
    const f = fill(t);
    const rss = f > 0 ? Math.round(LIMIT_MB * (0.5 + 0.48 * f) - rng.int(0, 60)) : rng.int(900, 1250);
    const procs = f > 0 ? Math.round(6 + 60 * f + rng.int(0, 8)) : rng.int(5, 8);
    if (f >= 0.6) {
      tl.add(
        t,
        pino(t, rsrc, "warn", "browser pool memory high", { rssMB: rss, limitMB: LIMIT_MB, chromiumProcesses: procs, openPages: rng.int(1, 4) }),
        "memory",
      );
      t += rng.int(50, 70) * SECOND;
    } else {
      tl.add(t, pino(t, rsrc, "info", "browser pool stats", { rssMB: rss, limitMB: LIMIT_MB, chromiumProcesses: procs, openPages: rng.int(0, 4) }));
      t += rng.int(4, 6) * MINUTE;
    }
  }
  const podObj = { kind: "Pod", name: renderer.pod, namespace: "statements" };
  tl.add(
    restartAt - 30 * SECOND,
    kubeEvent(
      restartAt - 30 * SECOND,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set pdf-renderer-${rng.hex(10)} to 1`,
      { kind: "Deployment", name: "pdf-renderer", namespace: "statements" },
      { component: "deployment-controller" },
      rng.uuid(),
    ),
  );
  tl.add(restartAt, kubeEvent(restartAt, "Normal", "Killing", "Stopping container pdf-renderer", podObj, { component: "kubelet", host: node }, rng.uuid()));

  // ── statements-service behind nginx ─────────────────────────────────────────────────────────
  const pods = [0, 1].map(() => ({ name: rng.pod("statements-service"), ip: `${rng.privateIp("10.50")}:8080` }));
  const vhost = "bank.example";
  const nginx = (
    t: number,
    reqId: string,
    uri: string,
    status: number,
    tookMs: number,
    pod: (typeof pods)[number],
    ua: string,
    label: AnomalyType | null,
    size: number,
  ) =>
    tl.add(
      t,
      nginxJson(t, {
        remoteAddr: rng.clientIp(),
        requestId: reqId,
        method: "GET",
        uri,
        status,
        requestTimeMs: tookMs,
        bytesSent: status === 499 ? 0 : size,
        userAgent: ua,
        host: vhost,
        upstreamAddr: pod.ip,
        upstreamStatus: status === 499 ? "-" : String(status),
        upstreamTimeMs: tookMs - 1,
        proxyUpstreamName: "statements-statements-service-8080",
      }),
      label,
    );
  const access = (t: number, pod: (typeof pods)[number], uri: string, status: number, size: number, elapsedMs: number, label: AnomalyType | null) =>
    tl.add(
      t,
      { ...logstashAccess(t, { remoteHost: rng.privateIp("10.50"), method: "GET", uri, status, contentLength: size, elapsedMs }), HOSTNAME: pod.name },
      label,
    );
  const uas = () => (rng.chance(0.6) ? `BankApp/${rng.pick(["12.4.0", "12.4.1"])} (${rng.pick(["iOS 17.5", "Android 14", "Android 13"])})` : browser(rng));

  for (const s of arrivals(rng, start, end, 3, shape, 1.2)) {
    const pod = rng.pick(pods);
    const reqId = rng.hex(32);
    const ua = uas();
    const id = `st_${rng.alnum(12)}`;
    const uri = `/api/statements/${id}/pdf`;
    const f = fill(s);
    const pages = rng.int(1, 9);
    const renderMs = rng.logNormal(2400 + 350 * pages, 0.35) * (1 + 9 * f * rng.float(0.6, 1.4));
    const slow = f > 0.15;
    const jobId = rng.alnum(10);
    const renderEnd = s + 15 + Math.round(renderMs);
    // a render in flight when Chromium is killed fails
    const killedAt = kills.find((k) => s < k && renderEnd > k);
    if (killedAt !== undefined) {
      const fail = killedAt + rng.int(5, 400);
      tl.add(
        fail,
        pino(fail, rsrc, "error", "render failed", {
          jobId,
          statementId: id,
          err: pinoErr("Error", "Navigation failed because browser has disconnected!", [
            "CdpFrame.goto (/app/node_modules/puppeteer-core/lib/cjs/puppeteer/cdp/Frame.js:168:27)",
            "async render (/app/dist/render.js:41:9)",
          ]),
        }),
        "error",
      );
      const d = fail + rng.int(3, 12);
      tl.add(
        d - 1,
        logstash(
          d - 1,
          "ERROR",
          "com.bank.statements.pdf.PdfController",
          `http-nio-8080-exec-${rng.int(1, 40)}`,
          `PDF rendering failed for statement ${id}`,
          { HOSTNAME: pod.name, requestId: reqId },
          javaTrace("org.springframework.web.client.HttpServerErrorException$InternalServerError", '500 Internal Server Error: "{"error":"render failed"}"', [
            "org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:102)",
            "org.springframework.web.client.StatusHandler.lambda$defaultHandler$3(StatusHandler.java:86)",
            "com.bank.statements.pdf.RendererClient.render(RendererClient.java:58)",
            "com.bank.statements.pdf.PdfController.pdf(PdfController.java:44)",
          ]),
        ),
        "error",
      );
      access(d, pod, uri, 502, 112, d - s, "error");
      if (d - s < APP_TIMEOUT_MS) {
        nginx(d + 1, reqId, uri, 502, d - s + 1, pod, ua, "error", 270);
        continue;
      }
      nginx(s + APP_TIMEOUT_MS, reqId, uri, 499, APP_TIMEOUT_MS, pod, ua, "performance", 0);
      continue;
    }
    tl.add(
      renderEnd,
      pino(renderEnd, rsrc, "info", "render finished", { jobId, statementId: id, pages, ms: Math.round(renderMs) }),
      slow && renderMs > 10_000 ? "performance" : null,
    );
    const d = renderEnd + rng.int(8, 30);
    const size = rng.int(40_000, 90_000) + pages * 30_000;
    // who is still waiting when the PDF is ready
    const patience = rng.chance(routineAbort) ? rng.float(500, 4500) : slow ? rng.float(6000, APP_TIMEOUT_MS * 1.6) : Number.POSITIVE_INFINITY;
    const gone = Math.min(patience, APP_TIMEOUT_MS);
    if (d - s > gone) {
      const label: AnomalyType | null = slow && gone > 6000 ? "performance" : null;
      nginx(s + Math.round(gone), reqId, uri, 499, gone, pod, ua, label, 0);
      const cause = rng.chance(0.5) ? "Broken pipe" : "Connection reset by peer";
      tl.add(
        d,
        logstash(
          d,
          "ERROR",
          "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
          `http-nio-8080-exec-${rng.int(1, 40)}`,
          `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [org.apache.catalina.connector.ClientAbortException: java.io.IOException: ${cause}] with root cause`,
          { HOSTNAME: pod.name, requestId: reqId },
          javaTrace("java.io.IOException", cause, ABORT_TRACE),
        ),
        label,
      );
      access(d + 1, pod, uri, 200, 0, d + 1 - s, label);
      continue;
    }
    const label: AnomalyType | null = slow && d - s > 10_000 ? "performance" : null;
    access(d, pod, uri, 200, size, d - s, label);
    nginx(d + 1, reqId, uri, 200, d - s + 1, pod, ua, label, size);
  }
  for (const s of arrivals(rng, start, end, 5, shape, 1.2)) {
    const pod = rng.pick(pods);
    const list = rng.chance(0.45);
    const uri = list ? `/api/statements?account=acc_${rng.alnum(10)}&year=2026` : `/api/statements/st_${rng.alnum(12)}`;
    const took = rng.logNormal(list ? 44 : 61, 0.4);
    const d = s + Math.round(took);
    const size = rng.int(900, 12000);
    access(d, pod, uri.split("?")[0]!, 200, size, took, null);
    nginx(d + 1, rng.hex(32), uri, 200, took + 1, pod, uas(), null, size);
  }
  for (const pod of pods) {
    for (const t of ticks(rng, start, end, 7 * MINUTE, 40 * SECOND)) {
      tl.add(
        t,
        logstash(
          t,
          "INFO",
          "com.zaxxer.hikari.pool.HikariPool",
          "HikariPool-1 housekeeper",
          `HikariPool-1 - Pool stats (total=10, active=${rng.int(0, 3)}, idle=${rng.int(7, 10)}, waiting=0)`,
          { HOSTNAME: pod.name },
        ),
      );
    }
  }

  return tl.build(
    NAME,
    "a fifth to a quarter of statement PDFs are abandoned by their readers (nginx 499, Tomcat ClientAbortException at ERROR: routine); pdf-renderer leaks Chromium processes, renders take tens of seconds and most PDF requests are abandoned the same way, the cgroup OOM killer kills Chromium every several minutes (502s), until a rollout restart",
  );
}
