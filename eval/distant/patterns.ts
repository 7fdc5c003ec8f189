// Pattern incidents: sequences that should not happen, rare events in a burst, odd messages.

import type { Scenario } from "../blind/types.js";
import { type Entry, Incident, iso, isoNano, type Label, MIN, Rng, SEC, startOf } from "./lib.js";

/** etl scheduler (Go slog): a network blip leaves the old leader scheduling after a new one took the lease; pipelines run twice and out of order. */
export function etlSchedulerSplitBrain(seed: number): Scenario {
  const rng = new Rng(seed, "etl-scheduler-split-brain-duplicate-runs");
  const start = startOf(rng, 0, 20);
  const inc = new Incident(start, start + rng.int(110, 160) * MIN);
  const splitAt = inc.at(rng.float(0.4, 0.6));
  const healAt = splitAt + rng.int(14, 26) * MIN;
  const slog = (t: number, level: string, component: string, msg: string, attrs: Entry = {}, label: Label = null): void =>
    inc.add(t, { time: isoNano(t), level, msg, component, ...attrs }, label);

  // Leases: scheduler-0 renews until the split, scheduler-1 takes over at the split.
  inc.every(10 * SEC, 500, rng, (t) => {
    if (t < splitAt) slog(t, "DEBUG", "scheduler-0", "lease renewed", { lease: "etl-scheduler", holder: "scheduler-0", ttl: "15s" });
    else if (t < healAt) {
      slog(
        t,
        "WARN",
        "scheduler-0",
        "lease renew failed, still within grace period; continuing as leader",
        { lease: "etl-scheduler", err: "context deadline exceeded" },
        "pattern",
      );
      slog(t + 40, "DEBUG", "scheduler-1", "lease renewed", { lease: "etl-scheduler", holder: "scheduler-1", ttl: "15s" });
    } else slog(t, "DEBUG", "scheduler-1", "lease renewed", { lease: "etl-scheduler", holder: "scheduler-1", ttl: "15s" });
  });
  slog(splitAt + 16 * SEC, "INFO", "scheduler-1", "acquired lease", { lease: "etl-scheduler", previous_holder: "scheduler-0" }, "pattern");
  slog(splitAt + 16.1 * SEC, "INFO", "scheduler-1", "became leader", { term: rng.int(40, 90) }, "pattern");
  slog(healAt, "WARN", "scheduler-0", "lease lost to scheduler-1, stepping down", { lease: "etl-scheduler", scheduled_while_stale: rng.int(8, 30) }, "pattern");

  const pipelines = ["orders_to_warehouse", "clicks_hourly", "inventory_snapshot", "payments_ledger"];
  const run = (t: number, leader: string, pipe: string, window: string, bad: boolean, outOfOrder: boolean): void => {
    const label: Label = bad ? "pattern" : null;
    const id = `run_${rng.alnum(10).toLowerCase()}`;
    const worker = `etl-worker-${rng.int(0, 5)}`;
    slog(t, "INFO", leader, "run scheduled", { pipeline: pipe, run_id: id, window }, label);
    let tt = t + rng.float(0.5, 3) * SEC;
    const rows = rng.int(10000, 900000);
    const step = (name: string, fields: Entry = {}): void => {
      slog(tt, "INFO", worker, `${name}`, { pipeline: pipe, run_id: id, window, ...fields }, label);
      tt += rng.float(3, 40) * SEC;
    };
    if (outOfOrder) {
      slog(tt, "WARN", worker, "step skipped: extract claimed by another run", { pipeline: pipe, run_id: id, window }, "pattern");
      tt += rng.float(1, 3) * SEC;
      step("transform started");
      step("load started");
      step("transform finished", { rows: 0 });
      slog(
        tt,
        "WARN",
        worker,
        "upsert conflict on partition, retrying",
        { pipeline: pipe, run_id: id, window, table: `dw.${pipe}`, attempt: rng.int(1, 3) },
        "pattern",
      );
      tt += rng.float(2, 9) * SEC;
      step("load finished", { rows: 0 });
      step("run completed", { status: "succeeded", rows: 0 });
      return;
    }
    step("extract started");
    step("extract finished", { rows });
    step("transform started");
    step("transform finished", { rows: Math.round(rows * rng.float(0.9, 1)) });
    step("load started");
    if (bad && rng.chance(0.5)) {
      slog(tt, "WARN", worker, "upsert conflict on partition, retrying", { pipeline: pipe, run_id: id, window, table: `dw.${pipe}`, attempt: 1 }, "pattern");
      tt += rng.float(2, 9) * SEC;
    }
    step("load finished", { rows: Math.round(rows * rng.float(0.9, 1)) });
    slog(tt, "INFO", leader, "run completed", { pipeline: pipe, run_id: id, window, status: "succeeded", duration: `${((tt - t) / 1000).toFixed(2)}s` }, label);
  };
  pipelines.forEach((pipe, pi) => {
    const every = (pi % 2 === 0 ? 5 : 10) * MIN;
    for (let t = start + pi * 37 * SEC; t < inc.end - 6 * MIN; t += every) {
      const win = `${iso(t - every).slice(0, 16)}/${iso(t).slice(11, 16)}`;
      if (t < splitAt + 16 * SEC) run(t, "scheduler-0", pipe, win, false, false);
      else if (t < healAt) {
        run(t + rng.float(0, 2) * SEC, "scheduler-1", pipe, win, false, false);
        run(t + rng.float(0.5, 4) * SEC, "scheduler-0", pipe, win, true, rng.chance(0.5));
      } else run(t, "scheduler-1", pipe, win, false, false);
    }
  });

  // Workers' heartbeats and the API in front of it.
  inc.every(30 * SEC, 2 * SEC, rng, (t) => {
    for (let w = 0; w < 6; w++) if (rng.chance(0.5)) slog(t + w * 10, "DEBUG", `etl-worker-${w}`, "heartbeat", { slots_free: rng.int(0, 4) });
  });
  inc.fill(rng.int(2800, 4000), rng, (t) => {
    const r = rng.next();
    if (r < 0.03)
      slog(t, "WARN", "etl-api", "request", {
        method: "GET",
        path: `/api/runs/run_${rng.alnum(10).toLowerCase()}`,
        status: 404,
        duration: `${rng.float(0.5, 3).toFixed(3)}ms`,
      });
    else if (r < 0.04) slog(t, "ERROR", `etl-worker-${rng.int(0, 5)}`, "source connection reset, retrying", { source: "postgres-orders-replica", attempt: 1 });
    else
      slog(t, "INFO", "etl-api", "request", {
        method: "GET",
        path: rng.pick(["/api/pipelines", "/api/runs?limit=50", "/api/health"]),
        status: 200,
        duration: `${rng.logn(4, 0.5).toFixed(3)}ms`,
      });
  });

  return inc.build(
    "etl-scheduler-split-brain-duplicate-runs",
    "etl: scheduler-0 keeps acting as leader after its lease renewals fail and scheduler-1 takes over; for ~20 minutes every pipeline window runs twice, some runs skip extract and load before transform finishes, with upsert conflicts",
  );
}

// ---------------------------------------------------------------------------------------------

/** admin-api audit (ECS nested): a support account creates an API key at night; minutes later a new client pages through every customer and exports them. */
export function adminApiExportBurst(seed: number): Scenario {
  const rng = new Rng(seed, "admin-api-export-burst-new-api-key");
  const start = startOf(rng, 0, 18);
  const inc = new Incident(start, start + rng.int(180, 260) * MIN);
  const keyAt = inc.at(rng.float(0.3, 0.7));
  const burstAt = keyAt + rng.int(2, 6) * MIN;
  const badIp = rng.publicIp();
  const badKey = `ak_live_${rng.alnum(6)}…${rng.alnum(4)}`;
  const agent = `agent.${rng.pick(["k.morris", "j.osei", "l.fischer", "p.nair"])}`;
  const audit = (
    t: number,
    action: string,
    outcome: string,
    user: string,
    ip: string,
    message: string,
    extra: Entry = {},
    label: Label = null,
    level = "info",
  ): void =>
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        log: { level },
        message,
        event: {
          action,
          category: ["web", "iam"].slice(0, action.startsWith("api_key") || action.startsWith("session") ? 2 : 1),
          outcome,
          dataset: "admin_api.audit",
        },
        user: { id: user },
        source: { ip },
        service: { name: "admin-api" },
        ...extra,
      },
      label,
    );

  audit(
    keyAt,
    "api_key.created",
    "success",
    agent,
    rng.publicIp(),
    `API key ${badKey} created with scopes customers:read,customers:export`,
    { api_key: { id: badKey, scopes: ["customers:read", "customers:export"] } },
    "pattern",
  );
  let page = 1;
  let t = burstAt;
  const pages = rng.int(260, 480);
  while (page <= pages) {
    audit(
      t,
      "customer.list",
      "success",
      badKey,
      badIp,
      `GET /admin/v1/customers?page=${page}&per_page=200 200`,
      { url: { path: "/admin/v1/customers" }, http: { response: { status_code: 200 } }, user_agent: { original: "python-requests/2.31.0" }, page },
      "pattern",
    );
    page++;
    t += rng.float(120, 450);
  }
  for (let i = 0; i < rng.int(6, 12); i++) {
    t += rng.float(1, 5) * SEC;
    audit(
      t,
      "customer.export",
      "success",
      badKey,
      badIp,
      `POST /admin/v1/customers/export 202 (segment=all, format=csv, part ${i + 1})`,
      { url: { path: "/admin/v1/customers/export" }, http: { response: { status_code: 202 } }, user_agent: { original: "python-requests/2.31.0" } },
      "pattern",
    );
    audit(
      t + rng.float(5, 30) * SEC,
      "export.download",
      "success",
      badKey,
      badIp,
      `GET /admin/v1/exports/exp_${rng.alnum(12)}/download 200`,
      { url: { path: "/admin/v1/exports/download" }, http: { response: { status_code: 200 } }, user_agent: { original: "python-requests/2.31.0" } },
      "pattern",
    );
  }
  const revokeAt = t + rng.int(15, 40) * MIN;
  if (revokeAt < inc.end)
    audit(
      revokeAt,
      "api_key.revoked",
      "success",
      "sec.oncall",
      rng.ip(),
      `API key ${badKey} revoked: suspicious export volume`,
      { api_key: { id: badKey } },
      "pattern",
      "warn",
    );

  // Normal: support agents, the helpdesk integration, logins.
  const agents = ["agent.k.morris", "agent.j.osei", "agent.l.fischer", "agent.p.nair", "agent.r.silva", "agent.m.chen"];
  const agentIp = new Map(agents.map((a) => [a, rng.ip("10.8")]));
  inc.every(2 * MIN, 20 * SEC, rng, (tt) => {
    audit(tt, "customer.lookup", "success", "ak_live_zendesk", "34.120.18.4", `GET /admin/v1/customers/lookup?email=<redacted> 200`, {
      url: { path: "/admin/v1/customers/lookup" },
      http: { response: { status_code: 200 } },
      user_agent: { original: "Zendesk-Integration/3.4" },
    });
  });
  inc.fill(rng.int(2600, 4000), rng, (tt) => {
    const a = rng.pick(agents);
    const ip = agentIp.get(a)!;
    const id = rng.int(100000, 999999);
    const r = rng.next();
    if (r < 0.55)
      audit(tt, "customer.view", "success", a, ip, `GET /admin/v1/customers/${id} 200`, {
        url: { path: `/admin/v1/customers/${id}` },
        http: { response: { status_code: 200 } },
      });
    else if (r < 0.7)
      audit(tt, "order.view", "success", a, ip, `GET /admin/v1/orders/${id} 200`, {
        url: { path: `/admin/v1/orders/${id}` },
        http: { response: { status_code: 200 } },
      });
    else if (r < 0.8)
      audit(tt, "note.create", "success", a, ip, `POST /admin/v1/customers/${id}/notes 201`, {
        url: { path: `/admin/v1/customers/${id}/notes` },
        http: { response: { status_code: 201 } },
      });
    else if (r < 0.83)
      audit(tt, "order.refund", "success", a, ip, `POST /admin/v1/orders/${id}/refund 200`, {
        url: { path: `/admin/v1/orders/${id}/refund` },
        http: { response: { status_code: 200 } },
      });
    else if (r < 0.85) audit(tt, "session.mfa", "failure", a, ip, "MFA code rejected", {}, null, "warn");
    else if (r < 0.87) audit(tt, "session.created", "success", a, ip, "Signed in with SSO");
    else if (r < 0.88)
      audit(tt, "customer.view", "failure", a, ip, `GET /admin/v1/customers/${id} 404`, {
        url: { path: `/admin/v1/customers/${id}` },
        http: { response: { status_code: 404 } },
      });
    else
      audit(tt, "customer.search", "success", a, ip, `GET /admin/v1/customers?q=<redacted> 200`, {
        url: { path: "/admin/v1/customers" },
        http: { response: { status_code: 200 } },
      });
  });

  return inc.build(
    "admin-api-export-burst-new-api-key",
    `admin-api: ${agent} creates an API key with export scope; minutes later a python-requests client from ${badIp} pages through every customer (hundreds of calls in a few minutes) and downloads full exports until security revokes the key`,
  );
}

// ---------------------------------------------------------------------------------------------

/** quote-service (Python, Logstash json): a config reload turns on httpx DEBUG; logs fill with body dumps, header lists and raw frames. */
export function quoteServiceDebugDumps(seed: number): Scenario {
  const rng = new Rng(seed, "quote-service-debug-body-dumps");
  const start = startOf(rng, 6, 20);
  const inc = new Incident(start, start + rng.int(90, 140) * MIN);
  const reloadAt = inc.at(rng.float(0.3, 0.55));
  const revertAt = inc.at(rng.float(0.85, 0.95));
  const host = `quote-${rng.int(1, 4)}`;
  const ls = (t: number, level: string, logger: string, message: string, extra: Entry = {}, label: Label = null): void =>
    inc.add(
      t,
      {
        "@timestamp": iso(t),
        "@version": "1",
        message,
        host: { name: host },
        type: "quote-service",
        level,
        logger_name: logger,
        tags: ["python", "prod"],
        ...extra,
      },
      label,
    );
  const b64 = (n: number): string => {
    const cs = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let s = "";
    for (let i = 0; i < n; i++) s += cs[Math.floor(rng.next() * 64)];
    return s;
  };

  ls(reloadAt - 300, "INFO", "quote.main", "SIGHUP received, reloading configuration from /etc/quote/logging.yaml");
  ls(reloadAt, "INFO", "quote.main", "logger levels changed: httpx=DEBUG, httpcore=DEBUG, quote=INFO", {}, "pattern");
  ls(revertAt - 300, "INFO", "quote.main", "SIGHUP received, reloading configuration from /etc/quote/logging.yaml");
  ls(revertAt, "INFO", "quote.main", "logger levels changed: httpx=WARNING, httpcore=WARNING, quote=INFO");
  inc.every(5 * MIN, 20 * SEC, rng, (t) => ls(t, "INFO", "quote.rates", `FX rates refreshed: ${rng.int(160, 170)} pairs, source=ecb, age=${rng.int(1, 60)}s`));

  const carriers = ["dhl", "ups", "fedex", "dpd", "gls"];
  inc.fill(rng.int(2800, 4400), rng, (t) => {
    const carrier = rng.pick(carriers);
    const qid = `q_${rng.alnum(12)}`;
    const ms = Math.round(rng.logn(180, 0.4));
    const debug = t > reloadAt && t < revertAt;
    const r = rng.next();
    if (r < 0.02) {
      ls(t, "WARNING", "quote.carriers", `carrier ${carrier} quote timed out after 2.0s, excluded from comparison`, { quote_id: qid });
      return;
    }
    if (r < 0.03) {
      ls(t, "ERROR", "quote.api", `invalid postcode for ${rng.pick(["GB", "NL", "CA"])}: '${rng.alnum(5).toUpperCase()}'`, { quote_id: qid, status: 422 });
      return;
    }
    if (debug) {
      const d = rng.next();
      if (d < 0.45) {
        ls(
          t - 40,
          "DEBUG",
          "httpcore.http11",
          `send_request_body.started request=<Request [b'POST']> body=b'${b64(rng.int(1500, 9000))}'`,
          { quote_id: qid },
          "pattern",
        );
      } else if (d < 0.8) {
        const headers = `[(b'date', b'${new Date(Math.floor(t)).toUTCString()}'), (b'content-type', b'application/json'), (b'x-request-id', b'${rng.uuid()}'), (b'x-ratelimit-remaining', b'${rng.int(0, 900)}'), (b'set-cookie', b'AWSALB=${b64(120)}; Expires=${new Date(Math.floor(t) + 604800000).toUTCString()}; Path=/'), (b'strict-transport-security', b'max-age=31536000'), (b'via', b'1.1 ${rng.hex(16)}.cloudfront.net (CloudFront)')]`;
        ls(
          t - 20,
          "DEBUG",
          "httpcore.http11",
          `receive_response_headers.complete return_value=(b'HTTP/1.1', 200, b'OK', ${headers})`,
          { quote_id: qid },
          "pattern",
        );
      } else if (d < 0.83) {
        const frame = Array.from({ length: rng.int(24, 60) }, () => String.fromCharCode(rng.pick([0, 1, 2, 4, 0x12, 0x7f, 0xfffd, 0x1b]))).join("");
        ls(t - 10, "DEBUG", "httpcore.http2", `receive_frame: ${frame}`, { quote_id: qid }, "pattern");
      } else {
        ls(t - 30, "DEBUG", "httpx", `HTTP Request: POST https://api.${carrier}.example/v2/rates "HTTP/1.1 200 OK"`, { quote_id: qid }, "pattern");
      }
    }
    ls(t, "INFO", "quote.api", `quote ${qid} computed: ${rng.int(2, 5)} carriers, best=${carrier}, ${ms} ms`, { quote_id: qid, duration_ms: ms });
  });

  return inc.build(
    "quote-service-debug-body-dumps",
    "quote-service: a logging config reload sets httpx/httpcore to DEBUG; for most of an hour the log fills with multi-KB base64 request bodies, header lists with cookies and raw HTTP/2 frames until it is reverted",
  );
}
