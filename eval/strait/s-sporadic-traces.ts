/**
 * sporadic-retry-traces: two routine retry messages carry an exception on a few percent of
 * their lines, whenever the failure behind the retry happens to be a timeout rather than an
 * answered error: shipping-rates' `Rate request to … failed (attempt 1 of 3), retrying` (a stack
 * trace for a read timeout, an HTTP status otherwise) and label-printer's `printer … busy,
 * re-queueing label` (a traceback when the printer's socket timed out). By chance the first
 * exception-bearing line of each comes late, after a long morning of plain retries. Meanwhile
 * catalog-bff leaks heap: its monitor warns, GC stalls its answers, V8 aborts at the heap limit
 * and the storefront's catalog calls fail while it restarts.
 */
import { edgeTraffic, openWindow, podRestart, upstreamAddr, viaEdge } from "./common.js";
import { fluentRaw, javaTrace, logback, pino, pinoHttp, pyjson, pyTraceback } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "sporadic-retry-traces";

export function sporadicRetryTraces(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-03-02", 7, 6);

  // ── shipping-rates (Java): carrier quotes; a retry WARN now and then, a stack trace on a few ──
  const rates = { app: "shipping-rates", host: rng.pod("shipping-rates") };
  const carriers = ["DHL", "UPS", "DPD", "GLS", "PostNL"];
  for (const t of arrivals(rng, start, end, 1.2, shape, 1.25)) {
    const took = Math.round(rng.logNormal(180, 0.35));
    const carrier = rng.pick(carriers);
    tl.add(
      t + took,
      logback(
        t + took,
        rates,
        "INFO",
        "com.shop.shipping.RateService",
        `http-nio-8080-exec-${rng.int(1, 24)}`,
        `Quoted ${rng.int(2, 7)} rates from ${carrier} in ${took} ms`,
        {
          carrier,
          duration_ms: took,
        },
      ),
    );
  }
  const firstRateTrace = tl.at(rng.float(0.42, 0.62));
  let rateTraced = false;
  for (const t of arrivals(rng, start, end, 0.6, shape, 1.25)) {
    const carrier = rng.pick(carriers);
    const timedOut = t >= firstRateTrace && (!rateTraced || rng.chance(0.045));
    const backoff = rng.pick([250, 500]);
    const message = `Rate request to ${carrier} failed (attempt 1 of 3), retrying in ${backoff} ms`;
    const thread = `http-nio-8080-exec-${rng.int(1, 24)}`;
    if (timedOut) {
      rateTraced = true;
      const trace = javaTrace("java.net.SocketTimeoutException", "Read timed out", [
        "java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
        "java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
        "org.apache.hc.core5.http.impl.io.SessionInputBufferImpl.fillBuffer(SessionInputBufferImpl.java:149)",
        "org.apache.hc.client5.http.impl.classic.InternalHttpClient.doExecute(InternalHttpClient.java:174)",
        "com.shop.shipping.carrier.CarrierClient.quote(CarrierClient.java:97)",
        "com.shop.shipping.RateService.fetch(RateService.java:142)",
      ]);
      tl.add(t, logback(t, rates, "WARN", "com.shop.shipping.RateService", thread, message, { carrier }, trace));
    } else {
      tl.add(
        t,
        logback(t, rates, "WARN", "com.shop.shipping.RateService", thread, message, {
          carrier,
          http_status: rng.weighted([
            [503, 5],
            [502, 2],
            [429, 3],
          ] as const),
        }),
      );
    }
  }

  // ── label-printer (Python): warehouse labels; a busy printer is retried, a traceback when it timed out ──
  const printer = { service: "label-printer", host: rng.pod("label-printer") };
  const printers = ["zebra-dock-1", "zebra-dock-2", "zebra-dock-3", "zebra-returns"];
  for (const t of arrivals(rng, start, end, 0.8, shape, 1.25)) {
    tl.add(
      t,
      pyjson(t, printer, "INFO", "labels.print", `printed label for shipment SH${rng.int(1000000, 9999999)} on ${rng.pick(printers)}`, {
        duration_ms: Math.round(rng.logNormal(420, 0.3)),
      }),
    );
  }
  const firstPrinterTrace = tl.at(rng.float(0.55, 0.78));
  let printerTraced = false;
  for (const t of arrivals(rng, start, end, 0.2)) {
    const name = rng.pick(printers);
    const message = `printer ${name} busy, re-queueing label for shipment SH${rng.int(1000000, 9999999)}`;
    if (t >= firstPrinterTrace && (!printerTraced || rng.chance(0.06))) {
      printerTraced = true;
      const tb = pyTraceback(
        [
          ["/app/labels/print.py", 61, "send", "sock.sendall(zpl)"],
          ["/usr/local/lib/python3.12/socket.py", 720, "sendall", "return self._sock.sendall(data)"],
        ],
        "TimeoutError: timed out",
      );
      tl.add(t, pyjson(t, printer, "WARNING", "labels.print", message, { printer: name }, tb));
    } else {
      tl.add(t, pyjson(t, printer, "WARNING", "labels.print", message, { printer: name, queue_depth: rng.int(1, 6) }));
    }
  }

  // ── catalog-bff (Node): its heap leaks from a third in, V8 aborts at the limit ──────────────
  const bff = { name: "catalog-bff", hostname: rng.pod("catalog-bff"), pid: 1 };
  const node = `ip-10-4-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-west-1.compute.internal`;
  const k8s = { pod: bff.hostname, namespace: "storefront", container: "catalog-bff", app: "catalog-bff", host: node };
  const leakFrom = tl.at(rng.float(0.22, 0.32));
  const abortAt = tl.at(rng.float(0.58, 0.68));
  const limitMb = 2048;
  const heapAt = (t: number): number => {
    if (t < leakFrom) return 38 + 5 * Math.sin(t / 420000);
    if (t < abortAt) return Math.min(99.4, 40 + 60 * ((t - leakFrom) / (abortAt - leakFrom)) ** 1.7);
    return 30 + 4 * Math.sin(t / 420000);
  };
  const bootAt = podRestart(rng, tl, abortAt + rng.int(2, 5) * SECOND, { ...k8s, node, image: "registry.shop.internal/catalog-bff:7.3.2" });
  const upAt = bootAt + rng.int(35, 60) * SECOND;
  const down = (t: number): boolean => t >= abortAt && t < upAt;
  tl.add(bootAt + 2100, pino(bootAt + 2100, bff, "info", "loading category tree and price lists into memory"));
  tl.add(upAt - 40, pino(upAt - 40, bff, "info", `catalog cache warmed: ${rng.int(38000, 42000)} products, ${rng.int(900, 1100)} categories`));
  tl.add(upAt, pino(upAt, bff, "info", "Server listening at http://0.0.0.0:3000"));
  for (const t of ticks(rng, start, end, MINUTE, 2 * SECOND)) {
    if (down(t)) continue;
    const heap = heapAt(t);
    const used = Math.round((heap / 100) * limitMb);
    if (heap >= 85) {
      tl.add(
        t,
        pino(t, bff, "warn", "heap usage high", {
          heapUsedMB: used,
          heapLimitMB: limitMb,
          heapUsedPct: Number(heap.toFixed(1)),
          gcPauseMs: rng.int(400, 2600),
        }),
        "memory",
      );
    } else {
      tl.add(
        t,
        pino(t, bff, "info", "heap statistics", { heapUsedMB: used, heapLimitMB: limitMb, heapUsedPct: Number(heap.toFixed(1)), gcPauseMs: rng.int(2, 30) }),
      );
    }
  }
  tl.add(abortAt - 900, fluentRaw(abortAt - 900, "<--- Last few GCs --->", k8s), "memory");
  tl.add(
    abortAt - 880,
    fluentRaw(
      abortAt - 880,
      `[1:0x5f1c2a0]  ${abortAt - start + 5_400_000} ms: Mark-Compact (reduce) ${limitMb - 3}.9 (${limitMb + 40}.2) -> ${limitMb - 4}.7 (${limitMb + 40}.2) MB, 1890.41 / 0.00 ms  (average mu = 0.101, current mu = 0.011) allocation failure; scavenge might not succeed`,
      k8s,
    ),
    "memory",
  );
  tl.add(abortAt, fluentRaw(abortAt, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", k8s), "memory");

  // ── storefront-edge (nginx): catalog calls through catalog-bff, the rest of the shop ────────
  const bffUp = upstreamAddr(rng, "10.4", 3000);
  const paths = ["/api/catalog/categories", "/api/catalog/products/<id>", "/api/catalog/search", "/api/catalog/products/<id>/variants"];
  for (const s of arrivals(rng, start, end, 2.4, shape, 1.25)) {
    const url = rng.pick(paths).replace("<id>", String(rng.int(10000, 99999)));
    if (down(s)) {
      viaEdge(rng, tl, s, "storefront-edge", { method: "GET", uri: url, status: 502, tookMs: rng.logNormal(2, 0.3), upstream: bffUp }, "error");
      continue;
    }
    const heap = heapAt(s);
    if (heap >= 95 && rng.chance(0.4)) {
      // the edge gives up after its 5 s read timeout; catalog-bff answers nobody
      viaEdge(rng, tl, s, "storefront-edge", { method: "GET", uri: url, status: 504, tookMs: 5000 + rng.int(0, 30), upstream: bffUp }, "error");
      continue;
    }
    const took = heap >= 88 ? rng.logNormal(1900, 0.45) : rng.logNormal(35, 0.45);
    const label: AnomalyType | null = took > 800 ? "performance" : null;
    const status = url.includes("/products/") && rng.chance(0.025) ? 404 : 200;
    const d = s + Math.round(took);
    if (d >= abortAt && s < abortAt) {
      // in flight when the process died: the edge sees the connection closed
      viaEdge(rng, tl, s, "storefront-edge", { method: "GET", uri: url, status: 502, tookMs: abortAt - s, upstream: bffUp }, "error");
      continue;
    }
    tl.add(d, pinoHttp(d, bff, { id: rng.uuid(), method: "GET", url, remoteAddress: `::ffff:${rng.privateIp("10.4")}` }, status, took), label);
    viaEdge(rng, tl, s, "storefront-edge", { method: "GET", uri: url, status, tookMs: took + rng.int(1, 3), upstream: bffUp }, label);
  }
  edgeTraffic(rng, tl, {
    service: "storefront-edge",
    perMinute: 1.5,
    routes: [
      ["GET /", 20],
      ["GET /p/<id>", 40],
      ["GET /static/<asset>", 30],
      ["POST /api/cart", 10],
    ],
    upstream: upstreamAddr(rng, "10.4", 8080),
    shape,
    peak: 1.25,
  });

  return tl.build(
    NAME,
    "routine carrier and printer retry warnings carry an exception on a few percent of their lines, the first of them late by chance; catalog-bff leaks heap, slows, aborts at the V8 heap limit and catalog calls fail during its restart",
  );
}
