/**
 * s06 claims-recurring-errors: an insurer's claims platform over three hours, six services whose
 * normal traffic logs INFO, DEBUG and WARN only (validation rejects, cache misses, deprecated
 * fields, retried commits) and never ERROR. Producers: logstash-logback-encoder (claims-api, `app`
 * field), pino + pino-http (policy-service), zap (quote-engine), structlog (document-ingest, a Kafka
 * consumer), python-json-logger (fraud-scoring) and GELF (payout-service).
 * Five distinct errors each recur 15-30 times over the window, scattered with a burst or two:
 * a NullPointerException in claims-api's document attach handler (and its 500 responses); HTTP 500
 * on quote-engine's bind route from a duplicate-key violation; a deserialization failure in
 * document-ingest (records sent to the DLQ); a TypeError in policy-service's coverage route (500);
 * an HSM session error when payout-service signs a payout. Each of those lines, with the failed
 * request's own completion line, is error; everything else is normal.
 */
import {
  asctime,
  epochSeconds,
  HOUR,
  isoMicro,
  isoMillisOffset,
  type Label,
  ln,
  MIN,
  podName,
  privateIp,
  round,
  SEC,
  Timeline,
  ticks,
  uniformTimes,
  uuid,
} from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

export function s06ClaimsRecurringErrors(seed: number): Scenario {
  const name = "claims-recurring-errors";
  const rng = new Rng(seed, name);
  const span = 3 * HOUR;
  const start = rng.start2026(span, 8, 14);
  const end = start + span;
  const tl = new Timeline();

  const claimsPods = [podName(rng, "claims-api"), podName(rng, "claims-api")];
  const policyPods = [podName(rng, "policy-service"), podName(rng, "policy-service")];
  const quotePods = [podName(rng, "quote-engine"), podName(rng, "quote-engine")];
  const ingestPod = podName(rng, "document-ingest");
  const fraudPod = podName(rng, "fraud-scoring");
  const payoutPod = podName(rng, "payout-service");
  const claimId = (): string => `CLM-2026-${rng.int(100_000, 999_999)}`;
  const policyId = (): string => `POL-${rng.pick(["MTR", "HOM", "TRV"])}-${rng.int(1_000_000, 9_999_999)}`;

  // ---- producers ---------------------------------------------------------------------------
  const logback = (t: number, level: string, logger: string, message: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(
      t,
      {
        "@timestamp": isoMillisOffset(t),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: `http-nio-8080-exec-${rng.int(1, 50)}`,
        level,
        level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : level === "DEBUG" ? 10000 : 20000,
        app: "claims-api",
        HOSTNAME: rng.pick(claimsPods),
        ...fields,
      },
      label,
    );
  };
  const pino = (t: number, level: number, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, time: Math.round(t), pid: 1, hostname: rng.pick(policyPods), name: "policy-service", ...fields, msg }, label);
  };
  const zap = (t: number, level: string, caller: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, ts: epochSeconds(t), caller, msg, service: "quote-engine", pod: rng.pick(quotePods), ...fields }, label);
  };
  const structlog = (t: number, level: string, event: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { event, ...fields, service: "document-ingest", pod: ingestPod, level, logger: "ingest.consumer", timestamp: isoMicro(t) }, label);
  };
  const pyjson = (t: number, levelname: string, message: string, fields: Record<string, unknown>): void => {
    tl.add(t, { asctime: asctime(t), name: "fraud.scoring", levelname, message, service: "fraud-scoring", hostname: fraudPod, ...fields });
  };
  const gelf = (t: number, level: number, short: string, fields: Record<string, unknown>, label: Label = null, full?: string): void => {
    const log: Record<string, unknown> = { version: "1.1", host: payoutPod, short_message: short };
    if (full) log.full_message = full;
    Object.assign(log, { timestamp: epochSeconds(t), level, _app: "payout-service", _env: "prod", ...fields });
    tl.add(t, log, label);
  };

  // ---- the five recurring errors: when they happen --------------------------------------------
  const schedule = (): number[] => {
    const n = rng.int(15, 30);
    const burst = rng.int(3, Math.min(9, n - 6));
    const at = rng.float(start + 10 * MIN, end - 20 * MIN);
    return [...uniformTimes(rng, start + 2 * MIN, end - 2 * MIN, n - burst), ...uniformTimes(rng, at, at + rng.float(2, 8) * MIN, burst)].sort((a, b) => a - b);
  };
  const npeAt = schedule();
  const bindAt = schedule();
  const deserAt = schedule();
  const typeErrAt = schedule();
  const hsmAt = schedule();

  // ---- claims-api ------------------------------------------------------------------------------
  const claimsRoutes: [string, string, number][] = [
    ["GET", "/v2/claims/{id}", 45],
    ["POST", "/v2/claims", 18],
    ["GET", "/v2/claims/{id}/timeline", 15],
    ["PATCH", "/v2/claims/{id}", 8],
    ["POST", "/v2/claims/{id}/documents", 14],
  ];
  const claimsReq = (t: number, forceAttach = false, npe = false): void => {
    const [method, tmpl] = forceAttach
      ? ["POST", "/v2/claims/{id}/documents"]
      : rng.weighted(claimsRoutes.map(([m, p, w]) => [[m, p] as [string, string], w] as const));
    const cid = claimId();
    const uri = tmpl.replace("{id}", cid);
    const trace = rng.hex(32);
    const ms = tmpl.endsWith("documents") ? ln(rng, 120, 0.35, 40, 380) : ln(rng, 45, 0.4, 12, 160);
    let status = method === "POST" ? 201 : 200;
    let label: Label = null;
    const logger = tmpl.endsWith("documents") ? "com.acme.claims.web.DocumentController" : "com.acme.claims.web.ClaimController";
    if (npe) {
      logback(
        t + ms - 2,
        "ERROR",
        "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
        `Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed: java.lang.NullPointerException: Cannot invoke "com.acme.claims.model.Document.getMimeType()" because "doc" is null] with root cause`,
        {
          traceId: trace,
          stack_trace: `java.lang.NullPointerException: Cannot invoke "com.acme.claims.model.Document.getMimeType()" because "doc" is null\n\tat com.acme.claims.web.DocumentController.attach(DocumentController.java:112)\n\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)\n\tat org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod.invokeAndHandle(ServletInvocableHandlerMethod.java:118)\n\t... 48 common frames omitted`,
        },
        "error",
      );
      status = 500;
      label = "error";
    } else if (method !== "GET" && rng.chance(0.06)) {
      status = rng.pick([400, 422]);
      logback(
        t + ms - 1,
        "WARN",
        "com.acme.claims.web.ApiExceptionHandler",
        `Validation failed for ${method} ${tmpl}: ${rng.pick(["incidentDate must not be in the future", "lossAmount must be greater than 0", "document size exceeds 20 MB", "field 'vehicleReg' is deprecated, use 'vehicle.registration'"])}`,
        { traceId: trace },
      );
    } else if (rng.chance(0.03)) {
      logback(t + ms - 1, "DEBUG", "com.acme.claims.cache.PolicyCache", `policy cache miss for ${policyId()}, loading from policy-service`, { traceId: trace });
    }
    if (tmpl.endsWith("documents") && status === 201)
      logback(
        t + ms - 1,
        "INFO",
        logger,
        `document ${uuid(rng)} attached to ${cid} (${rng.pick(["image/jpeg", "application/pdf", "image/heic"])}, ${rng.int(80, 9000)} KB)`,
        { traceId: trace },
      );
    logback(
      t + ms,
      "INFO",
      "com.acme.claims.web.AccessLogFilter",
      `${method} ${uri} completed ${status} in ${Math.round(ms)} ms`,
      { traceId: trace, http_method: method, uri, status, duration_ms: Math.round(ms) },
      label,
    );
  };

  // ---- policy-service --------------------------------------------------------------------------
  const policyReq = (t: number, coverage = false, typeErr = false): void => {
    const pid = policyId();
    const route = coverage
      ? "coverage"
      : rng.weighted([
          ["", 50],
          ["coverage", 25],
          ["documents", 10],
          ["renewal-quote", 15],
        ] as const);
    const url = `/policies/${pid}${route ? `/${route}` : ""}`;
    const ms = ln(rng, 25, 0.4, 8, 90);
    const trace = rng.hex(32);
    if (typeErr) {
      pino(
        t + ms - 1,
        50,
        "unhandled error in route handler",
        {
          trace_id: trace,
          err: {
            type: "TypeError",
            message: "Cannot read properties of undefined (reading 'effectiveDate')",
            stack:
              "TypeError: Cannot read properties of undefined (reading 'effectiveDate')\n    at coverageWindow (/app/dist/coverage/window.js:41:37)\n    at async getCoverage (/app/dist/routes/coverage.js:22:18)",
          },
        },
        "error",
      );
      pino(t + ms, 30, "request completed", { trace_id: trace, req: { method: "GET", url }, res: { statusCode: 500 }, responseTime: Math.round(ms) }, "error");
      return;
    }
    const notFound = rng.chance(0.03);
    if (notFound) pino(t + ms - 1, 40, `policy ${pid} not found`, { trace_id: trace });
    pino(t + ms, 30, "request completed", {
      trace_id: trace,
      req: { method: "GET", url },
      res: { statusCode: notFound ? 404 : 200 },
      responseTime: Math.round(ms),
    });
  };

  // ---- quote-engine ------------------------------------------------------------------------------
  const quoteReq = (t: number, bind = false, dup = false): void => {
    const qid = uuid(rng);
    const route = bind
      ? "/v1/quotes/{id}/bind"
      : rng.weighted([
          ["/v1/quotes", 60],
          ["/v1/quotes/{id}", 25],
          ["/v1/quotes/{id}/bind", 15],
        ] as const);
    const path = route.replace("{id}", qid);
    const method = route === "/v1/quotes/{id}" ? "GET" : "POST";
    const ms = route === "/v1/quotes" ? ln(rng, 180, 0.35, 60, 480) : ln(rng, 40, 0.35, 12, 120);
    const trace = rng.hex(32);
    if (dup) {
      zap(
        t + ms - 1,
        "error",
        "quotes/bind.go:77",
        "bind failed",
        { quote_id: qid, trace_id: trace, error: 'pq: duplicate key value violates unique constraint "policy_binds_quote_id_key"' },
        "error",
      );
      zap(
        t + ms,
        "error",
        "httpx/middleware.go:54",
        "request completed",
        { method, path, route, status: 500, latency: round(ms / 1000, 6), trace_id: trace },
        "error",
      );
      return;
    }
    if (route === "/v1/quotes")
      zap(t + ms - 2, "info", "quotes/price.go:131", "quote priced", {
        quote_id: qid,
        product: rng.pick(["motor", "home", "travel"]),
        premium_minor: rng.int(4000, 190_000),
        rating_factors: rng.int(12, 40),
        trace_id: trace,
      });
    if (route.endsWith("bind")) zap(t + ms - 2, "info", "quotes/bind.go:92", "quote bound", { quote_id: qid, policy_id: policyId(), trace_id: trace });
    const expired = route.endsWith("bind") && rng.chance(0.05);
    if (expired) zap(t + ms - 1, "warn", "quotes/bind.go:61", "quote expired, rejecting bind", { quote_id: qid, age: `${rng.int(31, 90)}d`, trace_id: trace });
    zap(t + ms, "info", "httpx/middleware.go:54", "request completed", {
      method,
      path,
      route,
      status: expired ? 409 : method === "POST" ? 201 : 200,
      latency: round(ms / 1000, 6),
      trace_id: trace,
    });
  };

  // ---- document-ingest ---------------------------------------------------------------------------
  let offset = rng.int(1_000_000, 2_000_000);
  const ingest = (t: number, bad = false): void => {
    const partition = rng.int(0, 5);
    offset += rng.int(1, 4);
    const doc = uuid(rng);
    if (bad) {
      const v = round(rng.float(1000, 99_999) + rng.float(0.01, 0.99), 2);
      structlog(
        t,
        "error",
        "failed to deserialize record",
        {
          topic: "claims.documents.v3",
          partition,
          offset,
          exception: `Traceback (most recent call last):\n  File "/app/ingest/consumer.py", line 88, in handle\n    event = DocumentUploaded.model_validate_json(record.value)\npydantic_core._pydantic_core.ValidationError: 1 validation error for DocumentUploaded\nsize_bytes\n  Input should be a valid integer, got a number with a fractional part [type=int_from_float, input_value=${v}, input_type=float]`,
        },
        "error",
      );
      structlog(t + 15, "warning", "record sent to dead-letter topic", { topic: "claims.documents.dlq", source_offset: offset, partition }, "error");
      return;
    }
    const ms = ln(rng, 300, 0.4, 90, 900);
    structlog(t + ms, "info", "document processed", {
      document_id: doc,
      claim_id: claimId(),
      pages: rng.int(1, 14),
      ocr: rng.chance(0.6),
      duration_ms: round(ms, 1),
      partition,
      offset,
    });
    if (rng.chance(0.02)) structlog(t + ms + 20, "warning", "commit failed, retrying", { attempt: 1, error: "KafkaError{code=REBALANCE_IN_PROGRESS,val=27}" });
  };

  // ---- fraud-scoring and payouts -----------------------------------------------------------------
  const fraud = (t: number): void => {
    const score = round(rng.float(0, 1) ** 3, 3);
    pyjson(
      t,
      score > 0.8 ? "WARNING" : "INFO",
      score > 0.8 ? `claim ${claimId()} flagged for manual review (score ${score})` : `claim ${claimId()} scored ${score}`,
      { model: "gbm-v17", elapsed_ms: round(ln(rng, 60, 0.3, 25, 150), 1) },
    );
  };
  const payout = (t: number, hsm = false): void => {
    const id = `PO-${rng.int(1_000_000, 9_999_999)}`;
    if (hsm) {
      gelf(
        t,
        3,
        `failed to sign payout instruction ${id}: HSM session expired (CKR_SESSION_HANDLE_INVALID)`,
        { _payout_id: id, _scheme: "SEPA_CT", _exception: "Pkcs11Exception" },
        "error",
        `Net.Pkcs11Interop.Common.Pkcs11Exception: Method C_Sign returned CKR_SESSION_HANDLE_INVALID\n   at Acme.Payouts.Signing.HsmSigner.Sign(Byte[] payload) in /src/Payouts/Signing/HsmSigner.cs:line 64`,
      );
      return;
    }
    const ms = ln(rng, 400, 0.35, 150, 1100);
    gelf(t, 6, `payout ${id} submitted (${rng.pick(["SEPA_CT", "SEPA_INST", "FPS"])}, ${(rng.int(5000, 900_000) / 100).toFixed(2)} EUR)`, {
      _payout_id: id,
      _took_ms: Math.round(ms),
    });
    if (rng.chance(0.04)) gelf(t + 50, 4, `payout ${id} held: beneficiary name mismatch (confidence 0.${rng.int(40, 69)})`, { _payout_id: id });
  };

  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(1150, 1250))) claimsReq(t);
  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(900, 1000))) policyReq(t);
  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(700, 780))) quoteReq(t);
  for (const t of uniformTimes(rng, start, end - 5 * SEC, rng.int(500, 560))) ingest(t);
  for (const t of uniformTimes(rng, start, end, rng.int(300, 340))) fraud(t);
  for (const t of uniformTimes(rng, start, end, rng.int(160, 200))) payout(t);
  for (const t of npeAt) claimsReq(t, true, true);
  for (const t of bindAt) quoteReq(t, true, true);
  for (const t of deserAt) ingest(t, true);
  for (const t of typeErrAt) policyReq(t, true, true);
  for (const t of hsmAt) payout(t, true);

  // housekeeping
  for (const t of ticks(rng, start, end, 5 * MIN, 5000))
    logback(
      t,
      "INFO",
      "com.zaxxer.hikari.pool.HikariPool",
      `HikariPool-1 - Pool stats (total=20, active=${rng.int(0, 6)}, idle=${rng.int(14, 20)}, waiting=0)`,
      {},
    );
  for (const t of ticks(rng, start, end, 10 * MIN, 20_000))
    structlog(t, "info", "consumer lag", { topic: "claims.documents.v3", lag: rng.int(0, 60), members: 2 });
  for (const t of ticks(rng, start, end, 15 * MIN, 30_000))
    gelf(t, 6, `payout batch window closed: ${rng.int(5, 40)} instructions sent to ${rng.pick(["bank-a", "bank-b"])}`, { _batch: rng.int(1000, 9999) });
  for (const t of ticks(rng, start, end, 20 * MIN, 60_000))
    zap(t, "info", "rates/refresh.go:40", "rating tables refreshed", { tables: 14, source: `s3://acme-rating/${rng.int(2026_01, 2026_03)}` });
  for (const t of uniformTimes(rng, start, end, rng.int(6, 12)))
    pino(t, 40, `slow downstream: document-store responded in ${rng.float(1.1, 2.4).toFixed(1)}s`, { upstream: "document-store", host: privateIp(rng) });

  return tl.build(
    name,
    "claims platform whose services log no ERROR normally; five distinct errors (NPE, HTTP 500 on one route, deserialization failure, TypeError, HSM session) recur 15-30 times each",
  );
}
