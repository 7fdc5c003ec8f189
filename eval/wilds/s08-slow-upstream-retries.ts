// The card processor (PSP) slows from ~250 ms to many seconds. The payments service (.NET, Polly) times out at 10 s,
// retries twice and trips its circuit breaker, which then flaps; the Node checkout API piles up pending requests until
// V8 runs out of heap and the container restarts. Fraud scoring is unaffected; the ledger reverses failed payments.

import { Build, fluentBit, type Label, mkPod, type Pod, restarted } from "./build.js";
import type { WildScenario } from "./types.js";

export function s08SlowUpstreamRetries(seed: number): WildScenario {
  const b = new Build(seed, "s08-slow-upstream-retries");
  const { rng, f } = b;
  const start = b.start([10, 11, 12, 17, 18, 19, 20]);
  const dur = rng.int(40, 58) * 60000;
  const end = start + dur;
  const tSlow = start + Math.round(dur * rng.float(0.32, 0.42));
  const tOk = tSlow + rng.int(11, 16) * 60000;
  const tOom = tSlow + rng.int(6, 9) * 60000;
  const slow = (t: number): boolean => t >= tSlow && t < tOk;
  const nodes = [0, 1, 2].map(() => `aks-userpool-${rng.int(10000000, 99999999)}-vmss0000${rng.k8s(2)}`);
  let checkout = mkPod(rng, "shop", "checkout-api", nodes[0] ?? "", "acmeshop.azurecr.io/checkout-api:5.3.1");
  const pay = [0, 1].map((i) => mkPod(rng, "payments", "payments-svc", nodes[i + 1] ?? "", "acmeshop.azurecr.io/payments-svc:1.9.4"));

  // ---------------------------------------------------------------- PSP latency; circuit breaker timeline (30s breaks, half-open probes fail until the PSP recovers)
  const pspLatency = (t: number): number => (slow(t) ? rng.logn(7000, 0.5) : rng.logn(260, 0.35));
  type Brk = "Closed" | "Open" | "HalfOpen";
  const brkTimeline: [number, Brk][] = [];
  {
    let t = tSlow + rng.int(35000, 60000);
    while (t < tOk + 60000) {
      brkTimeline.push([t, "Open"]);
      t += 30000;
      brkTimeline.push([t, "HalfOpen"]);
      t += rng.int(3000, 12000);
      if (t >= tOk) {
        brkTimeline.push([t, "Closed"]);
        break;
      }
      // sometimes a probe succeeds and the breaker closes for a short while before tripping again
      if (rng.chance(0.35)) {
        brkTimeline.push([t, "Closed"]);
        t += rng.int(25000, 60000);
      }
    }
  }
  const brkAt = (t: number): Brk => {
    let st: Brk = "Closed";
    for (const [tt, s] of brkTimeline) if (tt <= t) st = s;
    return st;
  };
  // ---------------------------------------------------------------- payments-svc: Serilog CLEF, Fluent Bit Merge_Log (Keep_Log Off)
  const clef = (t: number, p: Pod, mt: string, props: Record<string, unknown>, l: Label, level?: string, x?: string): void => {
    const o: Record<string, unknown> = { "@t": f.isoD(t, 7), "@mt": mt };
    if (level) o["@l"] = level;
    if (x) o["@x"] = x;
    Object.assign(o, props);
    o.SourceContext = (props.SourceContext as string | undefined) ?? "Payments.Psp.AdyenClient";
    o.Application = "payments-svc";
    b.add(t + rng.int(0, 2), fluentBit(b, t, p, "stdout", "", { keepLog: false, obj: o }), l);
  };
  const envoy = (t: number, p: Pod, code: number, flags: string, details: string, dur: number, l: Label): void => {
    const line = `[${f.iso(t)}] "POST /v71/payments HTTP/1.1" ${code} ${flags} ${details} - "-" ${rng.int(900, 1400)} ${code === 200 ? rng.int(300, 700) : 24} ${dur} ${code === 200 ? dur - rng.int(0, 3) : "-"} "-" "payments-svc/1.9.4" "${rng.uuid()}" "checkout-live.adyenpayments.com" "${code === 200 || flags === "UT" ? `20.${rng.int(30, 60)}.${rng.int(0, 255)}.${rng.int(1, 254)}:443` : "-"}" outbound|443||checkout-live.adyenpayments.com ${p.ip}:${rng.int(32768, 60999)} 20.${rng.int(30, 60)}.${rng.int(0, 255)}.${rng.int(1, 254)}:443 ${p.ip}:${rng.int(32768, 60999)} checkout-live.adyenpayments.com -`;
    b.add(t + dur, fluentBit(b, t + dur, { ...p, container: "istio-proxy" }, "stdout", line), l);
  };
  for (const [t, to] of brkTimeline) {
    const p = rng.pick(pay);
    if (to === "Open")
      clef(
        t,
        p,
        "Circuit breaker for {Pipeline} opened for {BreakDuration} after {Failures} failures",
        { Pipeline: "psp", BreakDuration: "00:00:30", Failures: rng.int(5, 12), SourceContext: "Payments.Resilience.PipelineEvents" },
        "pattern",
        "Warning",
      );
    else if (to === "HalfOpen")
      clef(
        t,
        p,
        "Circuit breaker for {Pipeline} is half-open, probing",
        { Pipeline: "psp", SourceContext: "Payments.Resilience.PipelineEvents" },
        "pattern",
        "Warning",
      );
    else clef(t, p, "Circuit breaker for {Pipeline} closed", { Pipeline: "psp", SourceContext: "Payments.Resilience.PipelineEvents" }, "pattern");
  }
  /** one charge: returns [done time, ok] */
  const charge = (t0: number, amount: string): [number, boolean] => {
    const p = rng.pick(pay);
    const id = `ch_${rng.alnum(14)}`;
    if (brkAt(t0) === "Open") {
      clef(
        t0 + 1,
        p,
        "Charge {ChargeId} rejected: circuit open",
        { ChargeId: id, Amount: amount },
        "error",
        "Error",
        "Polly.CircuitBreaker.BrokenCircuitException: The circuit is now open and is not allowing calls.\n   at Polly.CircuitBreaker.CircuitStateController`1.OnActionPreExecute()\n   at Payments.Psp.AdyenClient.ChargeAsync(ChargeRequest request, CancellationToken ct) in /src/Payments/Psp/AdyenClient.cs:line 74",
      );
      return [t0 + 2, false];
    }
    let t = t0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1 && brkAt(t) === "Open") break;
      const lat = pspLatency(t);
      if (lat < 10000) {
        envoy(t, p, 200, "-", "via_upstream", Math.round(lat), lat > 3000 ? "performance" : null);
        clef(
          t + Math.round(lat) + 2,
          p,
          "PSP {Provider} charge {ChargeId} authorised in {Elapsed:0.0} ms",
          { Provider: "adyen", ChargeId: id, Elapsed: Number(lat.toFixed(1)), Attempt: attempt },
          lat > 3000 ? "performance" : null,
        );
        return [t + Math.round(lat) + 3, true];
      }
      envoy(t, p, 504, "UT", "response_timeout", 10000, "performance");
      if (attempt < 3) {
        const delay = 500 * attempt + rng.int(0, 200);
        clef(
          t + 10001,
          p,
          "Execution attempt. Source: '{PipelineName}/{PipelineInstanceName}/{StrategyName}', Operation Key: '{OperationKey}', Result: '{Result}', Handled: '{Handled}', Attempt: '{NumberOfAttempts}', Execution Time: {ExecutionTimeMs}ms",
          {
            PipelineName: "psp",
            PipelineInstanceName: "",
            StrategyName: "Retry",
            OperationKey: id,
            Result: "Polly.Timeout.TimeoutRejectedException: The operation didn't complete within the allowed timeout of '00:00:10'.",
            Handled: true,
            NumberOfAttempts: attempt - 1,
            ExecutionTimeMs: 10000.7,
            SourceContext: "Polly",
          },
          "pattern",
          "Warning",
        );
        t += 10000 + delay;
      } else t += 10000;
    }
    clef(
      t + 3,
      p,
      "Charge {ChargeId} failed after {Attempts} attempts",
      { ChargeId: id, Attempts: 3, Amount: amount },
      "error",
      "Error",
      "Polly.Timeout.TimeoutRejectedException: The operation didn't complete within the allowed timeout of '00:00:10'.\n ---> System.Threading.Tasks.TaskCanceledException: The operation was canceled.\n   at System.Net.Http.HttpConnectionPool.SendWithVersionDetectionAndRetryAsync(HttpRequestMessage request, Boolean async, Boolean doRequestAuth, CancellationToken cancellationToken)\n   at Payments.Psp.AdyenClient.ChargeAsync(ChargeRequest request, CancellationToken ct) in /src/Payments/Psp/AdyenClient.cs:line 81",
    );
    return [t + 4, false];
  };

  // ---------------------------------------------------------------- checkout-api: Fastify/pino JSON, raw containerd CRI lines
  const pino = (t: number, level: number, fields: Record<string, unknown>, msg: string, l: Label): void =>
    b.add(t, f.cri(t, "stdout", JSON.stringify({ level, time: t, pid: 1, hostname: checkout.name, ...fields, msg })), l);
  let rq = 1;
  let crashed = false;
  const tRestart = tOom + rng.int(6000, 12000);
  const up = (t: number): boolean => !(t >= tOom && t < tRestart + 1500);
  b.flow(start, end, 0.26, (t) => {
    if (!up(t)) return;
    if (!crashed && t >= tOom) crashed = true;
    const route = rng.weighted([
      ["POST /checkout/pay", 4],
      ["GET /checkout/summary", 3],
      ["POST /checkout/address", 2],
      ["GET /health", 2],
    ] as const);
    const [method, url] = route.split(" ") as [string, string];
    const reqId = `req-${(rq++).toString(36)}`;
    const remote = `10.244.${rng.int(0, 15)}.${rng.int(2, 250)}`;
    pino(
      t,
      30,
      { reqId, req: { method, url, hostname: "checkout-api.shop.svc.cluster.local:3000", remoteAddress: remote, remotePort: rng.int(32768, 60999) } },
      "incoming request",
      null,
    );
    if (url !== "/checkout/pay") {
      const rt = url === "/health" ? rng.float(0.3, 1.5) : rng.logn(18, 0.5);
      pino(t + Math.round(rt), 30, { reqId, res: { statusCode: 200 }, responseTime: Number(rt.toFixed(6)) }, "request completed", null);
      return;
    }
    const [done, ok] = charge(t + rng.int(5, 20), `${rng.int(5, 400)}.${rng.int(10, 99)} EUR`);
    const rt = done - t + rng.float(1, 6);
    if (done > tOom && t < tOom) return; // the process died before answering
    const l: Label = !ok ? "error" : rt > 3000 ? "performance" : null;
    if (!ok)
      pino(done, 50, { reqId, err: { type: "PaymentError", message: "payment service returned 502", code: "PAYMENT_UNAVAILABLE" } }, "payment failed", "error");
    pino(
      done + 1,
      ok ? 30 : 50,
      { reqId, res: { statusCode: ok ? 200 : 502 }, responseTime: Number(rt.toFixed(6)) },
      ok ? "request completed" : "request errored",
      l,
    );
  });
  // heap monitor while requests pile up
  b.every(start + rng.int(0, 30000), end, 30000, 500, (t) => {
    if (!up(t)) return;
    const before = t < tOom;
    const grow = before && slow(t) ? (t - tSlow) / (tOom - tSlow) : 0;
    const used = Math.round(before ? 180 + grow * 1790 + rng.float(-15, 15) : 160 + rng.float(-10, 30));
    const l: Label = used > 1200 ? "memory" : null;
    if (used > 1500)
      pino(
        t,
        40,
        {
          heapUsedMB: used,
          heapLimitMB: 2048,
          rssMB: used + rng.int(90, 160),
          pendingUpstream: Math.round(grow * 900),
          eventLoopDelayMs: Math.round(grow * 400),
        },
        "heap usage above 75% of limit",
        "memory",
      );
    else
      pino(
        t,
        30,
        {
          heapUsedMB: used,
          heapLimitMB: 2048,
          rssMB: used + rng.int(90, 160),
          pendingUpstream: before && slow(t) ? Math.round(grow * 900) : rng.int(0, 3),
          eventLoopDelayMs: rng.int(1, 9),
        },
        "runtime stats",
        l,
      );
  });
  // V8 gives up
  {
    const e = (t: number, s: string): void => b.add(t, f.cri(t, "stderr", s), "memory");
    const addr = `0x${rng.hex(7)}`;
    const up0 = tOom - start + rng.int(3000000, 9000000);
    e(tOom - 4, "");
    e(tOom - 4, "<--- Last few GCs --->");
    e(tOom - 4, "");
    e(
      tOom - 4,
      `[1:${addr}] ${String(up0 - 2100).padStart(9)} ms: Mark-Compact (reduce) 2045.1 (2082.4) -> 2043.8 (2082.9) MB, pooled: 0 MB, 1812.43 / 0.00 ms  (average mu = 0.114, current mu = 0.027) allocation failure; scavenge might not succeed`,
    );
    e(
      tOom - 4,
      `[1:${addr}] ${String(up0).padStart(9)} ms: Mark-Compact (reduce) 2046.0 (2083.1) -> 2044.6 (2083.4) MB, pooled: 0 MB, 2026.91 / 0.00 ms  (average mu = 0.069, current mu = 0.021) allocation failure; scavenge might not succeed`,
    );
    e(tOom - 3, "");
    e(tOom - 3, "");
    e(tOom - 3, "<--- JS stacktrace --->");
    e(tOom - 3, "");
    e(tOom - 2, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory");
    e(tOom - 2, "----- Native stack trace -----");
    e(tOom - 2, "");
    const frames = [
      "node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]",
      "v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
      "v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]",
      " [node]",
      "v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace, v8::internal::GarbageCollectionReason, v8::GCCallbackFlags) [node]",
      "v8::internal::HeapAllocator::AllocateRawWithLightRetrySlowPath(int, v8::internal::AllocationType, v8::internal::AllocationOrigin, v8::internal::AllocationAlignment) [node]",
      "v8::internal::Factory::NewFillerObject(int, v8::internal::AllocationAlignment, v8::internal::AllocationType, v8::internal::AllocationOrigin) [node]",
      "v8::internal::Runtime_AllocateInYoungGeneration(int, unsigned long*, v8::internal::Isolate*) [node]",
    ];
    frames.forEach((fr, i) => {
      e(tOom - 1, `${String(i + 1).padStart(2)}: 0x${rng.hex(7).replace(/^0/, "b")} ${fr}`);
    });
  }
  // restarted container
  checkout = restarted(rng, checkout);
  pino(tRestart, 30, {}, "Server listening at http://0.0.0.0:3000", null);
  pino(tRestart + rng.int(1, 5), 30, { version: "5.3.1", node: "v20.18.1" }, "checkout-api started", null);

  // payments-svc other endpoints (normal)
  b.flow(start, end, 0.08, (t) => {
    const p = rng.pick(pay);
    const ep = rng.pick(["/api/payments/{id}", "/api/refunds", "/api/payments/{id}/capture"]);
    const path = ep.replace("{id}", `pay_${rng.alnum(12)}`);
    const el = rng.logn(11, 0.5);
    clef(
      t,
      p,
      "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
      {
        RequestMethod: ep === "/api/refunds" ? "POST" : "GET",
        RequestPath: path,
        StatusCode: 200,
        Elapsed: Number(el.toFixed(4)),
        SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
      },
      null,
    );
  });

  // ---------------------------------------------------------------- fraud-score (Go): OTLP/JSON as written by the collector's file exporter
  const fraudPod = mkPod(rng, "payments", "fraud-score", nodes[2] ?? "", "acmeshop.azurecr.io/fraud-score:0.14.2");
  const otlp = (t: number, sevText: string, sevNum: number, body: string, attrs: [string, string | number][]): Record<string, unknown> => ({
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: "service.name", value: { stringValue: "fraud-score" } },
            { key: "service.version", value: { stringValue: "0.14.2" } },
            { key: "k8s.namespace.name", value: { stringValue: "payments" } },
            { key: "k8s.pod.name", value: { stringValue: fraudPod.name } },
            { key: "k8s.node.name", value: { stringValue: fraudPod.node } },
          ],
        },
        scopeLogs: [
          {
            scope: { name: "github.com/acme/fraud-score/internal/score" },
            logRecords: [
              {
                timeUnixNano: f.epochNs(t),
                observedTimeUnixNano: f.epochNs(t + rng.int(1, 30)),
                severityNumber: sevNum,
                severityText: sevText,
                body: { stringValue: body },
                attributes: attrs.map(([k, v]) => ({
                  key: k,
                  value: typeof v === "number" ? (Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v }) : { stringValue: v },
                })),
                flags: 1,
                traceId: rng.hex(32),
                spanId: rng.hex(16),
              },
            ],
          },
        ],
        schemaUrl: "https://opentelemetry.io/schemas/1.26.0",
      },
    ],
  });
  b.flow(start, end, 0.15, (t) => {
    const score = Number(rng.float(0, 0.4).toFixed(3));
    b.add(
      t,
      otlp(t, "INFO", 9, "scored transaction", [
        ["score", score],
        ["model", "gbm-2026-02"],
        ["latency_ms", rng.int(3, 20)],
        ["decision", score > 0.35 ? "review" : "allow"],
      ]),
    );
  });
  b.flow(start, end, 1 / 300, (t) =>
    b.add(
      t,
      otlp(t, "WARN", 13, "feature store lookup missed, using defaults", [
        ["feature", "device_fingerprint_age"],
        ["key", rng.hex(12)],
      ]),
    ),
  );

  // ---------------------------------------------------------------- ledger (Java): OpenTelemetry rows as stored by the ClickHouse exporter
  const ledgerPod = mkPod(rng, "payments", "ledger", nodes[1] ?? "", "acmeshop.azurecr.io/ledger:2.3.0");
  const row = (t: number, sev: string, num: number, body: string, scope: string, attrs: Record<string, string>, l: Label): void =>
    b.add(
      t,
      {
        Timestamp: f.space(t, 9, "."),
        TraceId: rng.hex(32),
        SpanId: rng.hex(16),
        TraceFlags: 1,
        SeverityText: sev,
        SeverityNumber: num,
        ServiceName: "ledger",
        Body: body,
        ResourceSchemaUrl: "",
        ResourceAttributes: {
          "service.name": "ledger",
          "service.version": "2.3.0",
          "k8s.namespace.name": "payments",
          "k8s.pod.name": ledgerPod.name,
          "telemetry.sdk.language": "java",
          "telemetry.sdk.name": "opentelemetry",
          "telemetry.sdk.version": "1.44.1",
        },
        ScopeSchemaUrl: "",
        ScopeName: scope,
        ScopeVersion: "",
        ScopeAttributes: {},
        LogAttributes: attrs,
      },
      l,
    );
  b.flow(start, end, 0.09, (t) =>
    row(
      t,
      "INFO",
      9,
      `Posted journal entry JE-${rng.int(1000000, 9999999)} (2 lines, balanced)`,
      "com.acme.ledger.posting.PostingService",
      { "payment.id": `pay_${rng.alnum(12)}` },
      null,
    ),
  );
  b.flow(tSlow + 60000, tOk + 60000, 0.04, (t) =>
    row(
      t,
      "ERROR",
      17,
      `Payment authorisation failed, reversing pending entry JE-${rng.int(1000000, 9999999)}`,
      "com.acme.ledger.posting.ReversalHandler",
      { "payment.id": `pay_${rng.alnum(12)}`, "failure.reason": rng.chance(0.5) ? "PSP_TIMEOUT" : "CIRCUIT_OPEN" },
      "error",
    ),
  );

  return b.finish(
    "s08-slow-upstream-retries",
    "The card processor slows to several seconds: Envoy upstream timeouts, Polly retries and a flapping circuit breaker in the payments service, failed charges and ledger reversals, and a Node checkout API that piles up requests until V8 runs out of heap.",
  );
}
