// Incidents that do not shout: a new message kind inside a service whose WARNs are a third of its
// log, a rate-limit misconfiguration visible only as INFO lines, and a quiet day with four lines worth reading.

import type { Scenario } from "../blind/types.js";
import { type Entry, iso, isoOffset, type Label, LogBook, MIN, poissonTimes, podName, rngFor, SEC, spanId, startTime, traceId } from "./kit.js";

export function noisyWarnNewKind(seed: number): Scenario {
  const name = "noisy-warn-new-kind";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const app = r.pick(["search-indexer", "catalog-indexer", "listing-indexer"]);
  const index = `products-v${r.int(5, 12)}`;
  const producer = r.pick(["catalog-v2", "pim-sync", "merchant-feed"]);
  const tz = r.pick([60, 120, 0, 330]);
  const t0 = startTime(r);
  const onset = t0 + r.int(14, 24) * MIN;
  const end = onset + r.int(16, 24) * MIN;
  const field = r.pick(["price", "stock_level", "rating"]);
  const log = (t: number, label: Label, level: string, logger: string, message: string, extra: Entry = {}): void => {
    book.add(t, label, {
      "@timestamp": isoOffset(t, tz),
      "@version": "1",
      message,
      logger_name: logger,
      thread_name: r.pick(["indexer-1", "indexer-2", "indexer-3", "kafka-listener-0"]),
      level,
      level_value: { INFO: 20000, WARN: 30000, ERROR: 40000 }[level],
      app,
      ...extra,
    });
  };
  let dlq = r.int(20, 200);
  for (const t of poissonTimes(r, t0, end, r.float(95, 120))) {
    const after = t >= onset;
    // A share of the events now carries the producer's new field type, and the index rejects them.
    if (after && r.chance(0.16)) {
      dlq++;
      log(
        t,
        "pattern",
        "WARN",
        "c.s.indexer.BulkResponseHandler",
        `document ${r.int(1e6, 9e6)} rejected: mapper_parsing_exception: failed to parse field [${field}] of type [scaled_float] in document with id '${r.int(1e6, 9e6)}'. Preview of field's value: '${r.pick(["12,99", "n/a", "{currency=EUR, amount=12.99}"])}'`,
        { index },
      );
      continue;
    }
    const kind = r.weighted([
      ["batch", 30],
      ["recv", 25],
      ["flush", 8],
      ["deprecated", 17],
      ["skipped", 8],
      ["slow", 5],
      ["retry", 4],
      ["parse", 2],
      ["lag", 1],
    ] as const);
    if (kind === "batch")
      log(t, null, "INFO", "c.s.indexer.BatchIndexer", `Indexed batch of ${r.int(50, 500)} documents into ${index} in ${Math.round(r.logNormal(120, 0.4))} ms`);
    else if (kind === "recv")
      log(t, null, "INFO", "c.s.indexer.EventListener", `Received ${r.int(1, 500)} events from topic product-updates partition ${r.int(0, 11)}`);
    else if (kind === "flush")
      log(t, null, "INFO", "c.s.indexer.BulkProcessor", `Flushed bulk request (${r.int(100, 1000)} actions) in ${Math.round(r.logNormal(180, 0.4))} ms`);
    else if (kind === "deprecated")
      log(
        t,
        null,
        "WARN",
        "c.s.indexer.EventMapper",
        `Deprecated field 'legacy_category' present in event from producer ${r.pick(["catalog-v1", "merchant-feed", "pim-sync"])}, ignoring`,
      );
    else if (kind === "skipped")
      log(t, null, "WARN", "c.s.indexer.EventMapper", `Document ${r.int(1e6, 9e6)} skipped: no price for market ${r.pick(["DE", "FR", "NL", "IT", "ES"])}`);
    else if (kind === "slow") log(t, null, "WARN", "c.s.indexer.BulkProcessor", `Bulk request took ${r.int(520, 1400)} ms, exceeding soft limit of 500 ms`);
    else if (kind === "retry")
      log(t, null, "WARN", "c.s.indexer.BulkProcessor", `Retrying bulk request after EsRejectedExecutionException (attempt ${r.int(1, 2)}/3)`);
    else if (kind === "parse")
      log(t, null, "ERROR", "c.s.indexer.EventListener", "Failed to deserialize event: Unexpected character ('<' (code 60)): expected a valid value", {
        stack_trace:
          "com.fasterxml.jackson.core.JsonParseException: Unexpected character ('<' (code 60))\n\tat com.fasterxml.jackson.core.JsonParser._constructError(JsonParser.java:2477)",
      });
    else log(t, null, "WARN", "c.s.indexer.LagMonitor", `Consumer lag ${r.int(800, 4000)} on product-updates above soft limit 500`);
  }
  log(
    onset - r.int(1, 20) * SEC,
    "pattern",
    "INFO",
    "c.s.indexer.EventMapper",
    `First event with schema version ${r.int(5, 9)} seen from producer ${producer}; mapping with compatibility rules`,
  );
  for (let t = onset + r.int(2, 4) * MIN; t < end; t += r.int(2, 4) * MIN) {
    dlq += r.int(300, 900);
    log(t, "pattern", "WARN", "c.s.indexer.DeadLetterPublisher", `Dead-letter topic product-updates.dlq now holds ${dlq} events`);
  }
  return book.scenario(name, `an indexer that logs WARN all day starts rejecting a share of documents after ${producer} changes the type of [${field}]`);
}

export function rateLimitMisconfig(seed: number): Scenario {
  const name = "rate-limit-misconfig";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const svc = r.pick(["public-api", "partner-api", "api-edge"]);
  const pods = Array.from({ length: r.int(2, 4) }, () => podName(r, svc));
  // A few integrations make most of the calls (Zipf-like), as on any partner API.
  const clients = Array.from({ length: 15 }, () => `cl_${r.alnum(10)}`);
  const weights = clients.map((c, i) => [c, 1 / (i + 1)] as const);
  const abusive = clients[r.int(8, 14)] ?? "cl_unknown";
  const t0 = startTime(r);
  const onset = t0 + r.int(12, 20) * MIN;
  const end = onset + r.int(14, 20) * MIN;
  const flag = r.pick(["ratelimit.per_tenant_v2", "edge.limits.new_engine", "quota.tiered_limits"]);
  const log = (t: number, label: Label, level: string, logger: string, event: string, extra: Entry = {}): void => {
    book.add(t, label, { event, level, logger, timestamp: iso(t), service: svc, pod: r.pick(pods), ...extra });
  };
  // The new policy limits each client to a few requests a minute; count per client and minute.
  const used = new Map<string, number>();
  const limit = r.pick([5, 8, 10]);
  for (const t of poissonTimes(r, t0, end, r.float(70, 95))) {
    const client = r.chance(0.08) ? abusive : r.weighted(weights);
    const path = r.pick(["/v1/orders", "/v1/orders/{id}", "/v1/inventory", "/v1/shipments", "/v1/webhooks"]);
    const key = `${client}:${Math.floor(t / MIN)}`;
    const n = (used.get(key) ?? 0) + 1;
    used.set(key, n);
    const throttled = t >= onset ? n > limit : client === abusive && r.chance(0.25);
    const rid = r.uuid();
    if (throttled) {
      const label: Label = t >= onset && client !== abusive ? "pattern" : null;
      log(t, label, "info", "ratelimit.middleware", "rate limit applied", {
        client_id: client,
        bucket: t >= onset ? "tenant" : "global",
        limit: t >= onset ? `${limit}/min` : "600/min",
        request_id: rid,
      });
      log(t + 1, label, "info", "api.access", "request completed", { method: "GET", path, status: 429, duration_ms: 1, client_id: client, request_id: rid });
      continue;
    }
    const ms = Math.round(r.logNormal(35, 0.5));
    log(t + ms, null, "info", "api.access", "request completed", {
      method: r.pick(["GET", "GET", "GET", "POST"]),
      path,
      status: r.chance(0.03) ? r.pick([400, 404, 422]) : 200,
      duration_ms: ms,
      client_id: client,
      request_id: rid,
    });
  }
  for (const pod of pods) {
    for (let t = t0 + r.int(0, 30 * SEC); t < end; t += 30 * SEC) {
      book.add(t, null, {
        event: "feature flags refreshed",
        level: "info",
        logger: "flags.client",
        timestamp: iso(t),
        service: svc,
        pod,
        flags: 142,
        etag: t >= onset ? 'W/"8c1f"' : 'W/"77a0"',
      });
    }
    const seen = onset + r.int(1, 29) * SEC;
    book.add(seen, "pattern", {
      event: "flag changed",
      level: "info",
      logger: "flags.client",
      timestamp: iso(seen),
      service: svc,
      pod,
      flag,
      old: false,
      new: true,
      rollout_pct: 100,
    });
    book.add(seen + 3, "pattern", {
      event: "rate limit policy loaded",
      level: "info",
      logger: "ratelimit.policy",
      timestamp: iso(seen + 3),
      service: svc,
      pod,
      source: "flags",
      version: "v2",
      rules: 3,
      default_limit: `${limit}/min`,
    });
  }
  for (const t of poissonTimes(r, t0, end, 0.6))
    log(t, null, "warning", "api.auth", "api key close to expiry", { client_id: r.pick(clients), days_left: r.int(1, 14) });
  for (const t of poissonTimes(r, t0, end, 0.3))
    log(t, null, "error", "api.webhooks", "webhook delivery failed", { client_id: r.pick(clients), status: r.pick([500, 502, 410]), attempt: r.int(1, 6) });
  return book.scenario(name, `a feature flag switches ${svc} to a rate-limit policy of ${limit}/min per client; throttling shows only as INFO lines and 429s`);
}

export function quietFewLines(seed: number): Scenario {
  const name = "quiet-day-few-lines";
  const r = rngFor(seed, name);
  const book = new LogBook();
  const svc = r.pick(["auth-svc", "identity-api", "sso-gateway"]);
  const dir = r.pick(["user-directory", "ldap-proxy"]);
  const t0 = startTime(r);
  const end = t0 + r.int(55, 70) * MIN;
  const idp = r.pick(["login.partner-idp.com", "sso.corp-okta.example", "auth.example-entra.net"]);
  const otel = (t: number, label: Label, service: string, sev: string, body: string, attrs: Entry = {}): void => {
    const num = { DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17 }[sev];
    book.add(t, label, {
      timestamp: iso(t),
      severity_text: sev,
      severity_number: num,
      body,
      "service.name": service,
      trace_id: traceId(r),
      span_id: spanId(r),
      attributes: attrs,
    });
  };
  for (const t of poissonTimes(r, t0, end, r.float(38, 50))) {
    const k = r.weighted([
      ["login", 30],
      ["refresh", 40],
      ["badpw", 10],
      ["mfa", 3],
      ["expired", 8],
      ["lookup", 12],
    ] as const);
    const user = `u${r.int(10000, 99999)}`;
    if (k === "login")
      otel(t, null, svc, "INFO", `login succeeded for ${user} via ${r.pick(["password", "sso", "passkey"])}`, {
        "user.id": user,
        "http.status_code": 200,
        duration_ms: Math.round(r.logNormal(140, 0.35)),
      });
    else if (k === "refresh") otel(t, null, svc, "INFO", "access token refreshed", { "user.id": user, duration_ms: Math.round(r.logNormal(9, 0.35)) });
    else if (k === "badpw")
      otel(t, null, svc, "WARN", `invalid credentials for ${user} (attempt ${r.int(1, 4)})`, { "user.id": user, "http.status_code": 401 });
    else if (k === "mfa") otel(t, null, svc, "WARN", `MFA challenge timed out for ${user}`, { "user.id": user });
    else if (k === "expired") otel(t, null, svc, "INFO", "token verification failed: token expired", { "user.id": user, "http.status_code": 401 });
    else otel(t, null, dir, "INFO", `directory lookup ${user} ok`, { duration_ms: Math.round(r.logNormal(22, 0.35)) });
  }
  for (const t of poissonTimes(r, t0, end, 0.15))
    otel(t, null, dir, "ERROR", "LDAP search failed: Size limit exceeded (4)", { base: "ou=people,dc=corp", filter: "(mail=*)" });
  // The external IdP's keys: fetched every ten minutes.
  const jwksAt: number[] = [];
  for (let t = t0 + r.int(0, 10 * MIN); t < end; t += 10 * MIN) jwksAt.push(t);
  const odd = jwksAt[Math.max(1, jwksAt.length - r.int(2, 3))] ?? t0 + 30 * MIN;
  const kid = r.alnum(10);
  for (const t of jwksAt) {
    if (t === odd) {
      otel(t, "performance", svc, "INFO", `fetched JWKS from https://${idp}/.well-known/jwks.json keys=1 in ${r.int(21000, 29000)} ms`, {
        "http.status_code": 200,
      });
      continue;
    }
    otel(t, null, svc, "INFO", `fetched JWKS from https://${idp}/.well-known/jwks.json keys=${t > odd ? 1 : 3} in ${Math.round(r.logNormal(85, 0.3))} ms`, {
      "http.status_code": 200,
    });
  }
  otel(odd + r.int(40, 90) * SEC, "pattern", svc, "WARN", `signing key kid=${kid} not found in cached JWKS, forcing refresh`, { idp });
  otel(odd + r.int(91, 120) * SEC, "error", svc, "ERROR", `token verification failed: no key for kid=${kid} after refresh`, { idp, "http.status_code": 401 });
  if (r.chance(0.5))
    otel(odd + r.int(121, 140) * SEC, "error", svc, "ERROR", `token verification failed: no key for kid=${kid} after refresh`, {
      idp,
      "http.status_code": 401,
    });
  if (r.chance(0.5)) otel(odd + r.int(141, 200) * SEC, "pattern", svc, "INFO", `JWKS for ${idp} changed: 3 keys -> 1 key`, { idp });
  // The hourly session sweep writes a burst: routine.
  for (let t = t0 + r.int(0, 60) * MIN; t < end; t += 60 * MIN) {
    for (let s = 0; s < 48; s++)
      otel(t + s * r.int(20, 60), null, svc, "INFO", `session sweep shard ${s}/48 removed ${r.int(0, 900)} expired sessions`, { shard: s });
  }
  for (const t of poissonTimes(r, t0, end, 0.1)) otel(t, null, svc, "DEBUG", "cache warmup finished", { entries: r.int(100, 300) });
  return book.scenario(name, `a quiet hour on ${svc}: the external IdP rotates keys, one JWKS fetch is slow and a few lines say a key went missing`);
}
