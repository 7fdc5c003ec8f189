// One instance failing where its peers do not: a replica throwing on a stale table, an edge host
// with a stale upstream list, a pod still holding a revoked API key.

import type { Scenario } from "../blind/types.js";
import { otel, pino, pyjson } from "./producers.js";
import { hashSeed, Rng } from "./rng.js";
import { isoMs, MIN, round, SEC, startTime, Timeline } from "./timeline.js";
import { eachRequest, every, type Inst, type Req, route } from "./traffic.js";

const CURRENCIES = ["USD", "USD", "USD", "USD", "EUR", "EUR", "GBP", "CAD", "AUD", "JPY"];

/** A Node service's pino-http line for one finished request. */
function pinoHttp(r: Rng, name: string, q: Req, o: { status: number; dur: number; err?: Record<string, unknown>; reqId: string }) {
  const failed = o.status >= 500;
  return pino(q.t + o.dur, {
    name,
    hostname: q.inst.name,
    lvl: failed ? "error" : o.status >= 400 ? "warn" : "info",
    msg: failed ? "request errored" : "request completed",
    f: {
      req: { id: o.reqId, method: q.route.method, url: q.path, remoteAddress: `::ffff:10.0.${r.int(0, 7)}.${r.int(2, 250)}`, remotePort: r.int(32768, 60999) },
      res: { statusCode: o.status },
      ...(o.err === undefined ? {} : { err: o.err }),
      responseTime: Math.round(o.dur),
    },
  });
}

export function checkoutReplicaCurrency500s(seed: number): Scenario {
  const name = "checkout-replica-null-currency-500s";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 70 * MIN;

  const checkoutRs = r.k8s(10);
  const checkout: Inst[] = Array.from({ length: 6 }, () => ({ name: `checkout-api-${checkoutRs}-${r.k8s(5)}` }));
  const cartRs = r.k8s(9);
  const cart: Inst[] = Array.from({ length: 4 }, () => ({ name: `cart-api-${cartRs}-${r.k8s(5)}` }));
  const pricingRs = r.k8s(10);
  const pricing: Inst[] = Array.from({ length: 3 }, () => ({ name: `pricing-svc-${pricingRs}-${r.k8s(5)}` }));
  const bad = r.pick(checkout);
  const onset = start + r.int(26, 38) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);
  const failShare = r.float(0.45, 0.7);
  const id = (prefix: string) => `${prefix}_${r.alnum(24)}`;

  // The bad replica reloads its currency table from the config service and gets only the default.
  tl.add(
    onset,
    pino(onset, {
      name: "checkout-api",
      hostname: bad.name,
      lvl: "info",
      msg: "currency table reloaded",
      f: { currencies: 1, source: "config-service", etag: `W/"${r.hex(8)}"` },
    }),
    "pattern",
  );

  let reqN = r.int(1000, 9000);
  eachRequest(
    r,
    {
      start,
      end,
      perMin: 18,
      insts: checkout,
      routes: [
        route("POST", "/v1/checkout/sessions", 140, 4, () => "", { ok: 201 }),
        route("GET", "/v1/checkout/sessions/{id}", 32, 5, () => id("cs")),
        route("POST", "/v1/checkout/sessions/{id}/confirm", 260, 2, () => id("cs")),
      ],
    },
    (q) => {
      const reqId = `req-${(reqN++).toString(36)}`;
      const currency = r.pick(CURRENCIES);
      const creating = q.route.tpl === "/v1/checkout/sessions";
      const confirming = q.route.tpl.endsWith("/confirm");
      const sessionId = creating ? id("cs") : q.path.split("/")[4];
      if ((creating || confirming) && q.inst === bad && q.t >= onset && currency !== "USD" && r.chance(failShare / 0.6)) {
        const dur = r.float(6, 24);
        const fn = creating ? "buildLineItems" : "confirmSession";
        const err = {
          type: "TypeError",
          message: "Cannot read properties of undefined (reading 'minorUnits')",
          stack: `TypeError: Cannot read properties of undefined (reading 'minorUnits')\n    at toMinorUnits (/app/dist/lib/money.js:41:27)\n    at ${fn} (/app/dist/checkout/session.js:${creating ? 118 : 203}:19)\n    at async SessionController.${creating ? "create" : "confirm"} (/app/dist/checkout/controller.js:57:22)`,
        };
        tl.add(
          q.t + dur - 1,
          pino(q.t + dur - 1, {
            name: "checkout-api",
            hostname: q.inst.name,
            lvl: "error",
            msg: creating ? "checkout session creation failed" : "session confirmation failed",
            f: { reqId, sessionId, currency, err },
          }),
          "error",
        );
        tl.add(q.t + dur, pinoHttp(r, "checkout-api", q, { status: 500, dur, err, reqId }), "error");
        return;
      }
      let dur = q.dur;
      if (creating) {
        if (r.chance(0.02)) {
          // A flaky carrier API: routine on every replica, the session is still created.
          dur += 3000;
          const tw = q.t + 3000 + r.float(5, 30);
          tl.add(
            tw,
            pino(tw, {
              name: "checkout-api",
              hostname: q.inst.name,
              lvl: "warn",
              msg: "shipping rate lookup timed out after 3000 ms, serving cached rates",
              f: { reqId, provider: "shipfast", attempt: 2, err: { type: "TimeoutError", message: "The operation was aborted due to timeout" } },
            }),
          );
        }
        const items = r.int(1, 6);
        tl.add(
          q.t + dur * 0.95,
          pino(q.t + dur * 0.95, {
            name: "checkout-api",
            hostname: q.inst.name,
            lvl: "info",
            msg: "checkout session created",
            f: { reqId, sessionId, currency, items, amountMinor: r.int(800, 42000) },
          }),
        );
      } else if (confirming) {
        tl.add(
          q.t + dur * 0.97,
          pino(q.t + dur * 0.97, {
            name: "checkout-api",
            hostname: q.inst.name,
            lvl: "info",
            msg: "payment intent confirmed",
            f: { reqId, sessionId, paymentIntent: id("pi"), provider: "stripe", currency },
          }),
        );
      }
      tl.add(q.t + dur, pinoHttp(r, "checkout-api", q, { status: q.status, dur, reqId }));
    },
  );

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 20,
      insts: cart,
      routes: [
        route("GET", "/v1/carts/{id}", 16, 6, (x) => x.uuid()),
        route("POST", "/v1/carts/{id}/items", 38, 3, (x) => x.uuid(), { ok: 201 }),
        route("DELETE", "/v1/carts/{id}/items/{id}", 29, 1, (x) => x.uuid(), { ok: 204 }),
      ],
    },
    (q) => {
      const reqId = `req-${(reqN++).toString(36)}`;
      if (q.route.method === "POST" && r.chance(0.03)) {
        tl.add(
          q.t + q.dur * 0.9,
          pino(q.t + q.dur * 0.9, {
            name: "cart-api",
            hostname: q.inst.name,
            lvl: "info",
            msg: "idempotent replay detected, returning stored response",
            f: { reqId, idempotencyKey: r.uuid() },
          }),
        );
      }
      const notFound = q.route.method === "GET" && r.chance(0.015);
      tl.add(q.t + q.dur, pinoHttp(r, "cart-api", q, { status: notFound ? 404 : q.status, dur: q.dur, reqId }));
    },
  );

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 10,
      insts: pricing,
      routes: [route("POST", "/v1/quotes", 48, 5), route("GET", "/v1/fx/rates", 7, 2, () => "", { sigma: 0.25 })],
    },
    (q) => tl.add(q.t + q.dur, pinoHttp(r, "pricing-svc", q, { status: q.status, dur: q.dur, reqId: `req-${(reqN++).toString(36)}` })),
  );

  // The pricing leader alone refreshes FX rates every five minutes: lines its followers never write.
  const leader = pricing[0]!;
  every(r, start, end, 5 * MIN, (t) => {
    tl.add(t, pino(t, { name: "pricing-svc", hostname: leader.name, lvl: "info", msg: "fetching fx rates", f: { provider: "ecb", job: "fx-refresh" } }));
    const took = Math.round(r.logNormal(380, 0.3));
    tl.add(
      t + took,
      pino(t + took, {
        name: "pricing-svc",
        hostname: leader.name,
        lvl: "info",
        msg: `fx rates refreshed: ${r.int(30, 32)} currencies`,
        f: { provider: "ecb", job: "fx-refresh", tookMs: took },
      }),
    );
  });
  every(r, start, end, 10 * MIN, (t) => {
    tl.add(
      t,
      pino(t, { name: "pricing-svc", hostname: leader.name, lvl: "info", msg: "leader lease renewed", f: { lease: "pricing-fx-refresh", ttlSeconds: 900 } }),
    );
  });

  return tl.scenario(
    name,
    "one of six checkout-api replicas reloads a currency table holding only USD mid-window and then throws TypeError 500s on non-USD sessions; shipping-rate timeouts on every replica and the pricing leader's FX refresh stay normal (pino, hostname)",
  );
}

export function edgeNginxHostUpstream502(seed: number): Scenario {
  const name = "edge-nginx-host-stale-upstream-502";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 65 * MIN;

  const edges: (Inst & { region: string })[] = [
    { name: "edge-fra-01", region: "eu-central" },
    { name: "edge-fra-02", region: "eu-central" },
    { name: "edge-fra-03", region: "eu-central" },
    { name: "edge-fra-04", region: "eu-central" },
    { name: "edge-fra-05", region: "eu-central", weight: 1.35, slow: 1.15 }, // busier, barely slower
    { name: "edge-iad-01", region: "us-east", weight: 0.8, slow: 2.3 }, // across the Atlantic from the origin: steady extra latency
  ];
  const bad = edges[2]!;
  const reload = start + r.int(16, 26) * MIN + r.int(0, 50) * SEC;
  const storefront = ["storefront-1", "storefront-2", "storefront-3", "storefront-4"];
  const shopUpstreams = storefront.map((_, i) => `10.12.3.${21 + i}:8080`);
  const apiUpstreams = ["10.12.5.11:9000", "10.12.5.12:9000", "10.12.5.13:9000"];
  const staleApi = ["10.12.4.31:9000", "10.12.4.32:9000"];
  const agents = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "ShopApp/5.12.1 (Android 14; Pixel 8)",
  ];
  const clientIp = () => `${r.pick(["203.0.113", "198.51.100", "192.0.2", "100.64.12"])}.${r.int(1, 254)}`;
  // nginx writes times to the second; the shipper (Filebeat) stamps each line in ms as it reads it.
  const secIso = (t: number) => `${new Date(Math.floor(t / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
  const errTime = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString().slice(0, 19).replace(/-/g, "/").replace("T", " ");
  let pid = 48000 + r.int(0, 900);

  const errorLog = (t: number, host: string, level: string, message: string) => ({
    "@timestamp": isoMs(t),
    nginx_time: errTime(t),
    hostname: host,
    app: "edge-nginx",
    log_type: "error",
    level,
    pid: 2100 + host.length,
    tid: 2100 + host.length,
    connection: r.int(100000, 999999),
    message,
  });

  // A config push reloads every edge within a minute (routine); edge-fra-03's resolver hands it the
  // api pool's decommissioned addresses.
  for (const e of edges) {
    const t0 = reload + r.float(0, 50) * SEC;
    const master = 2100 + e.name.length;
    const lines = [
      `signal 1 (SIGHUP) received from ${pid++}, reconfiguring`,
      "reconfiguring",
      'using the "epoll" event method',
      "start worker processes",
      `start worker process ${pid++}`,
      `start worker process ${pid++}`,
      `gracefully shutting down`,
      "exiting",
      "exit",
    ];
    lines.forEach((m, i) => {
      const t = t0 + i * r.float(2, 40);
      tl.add(t, { ...errorLog(t, e.name, "notice", m), pid: master, tid: master });
    });
  }

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 45,
      insts: edges,
      routes: [
        route("GET", "/shop/p/{id}", 95, 6, (x) => String(x.int(10000, 99999))),
        route("GET", "/shop/c/{id}", 140, 3, (x) => x.pick(["shoes", "outdoor", "kitchen", "sale", "new-in", "kids"])),
        route("GET", "/api/v2/cart", 45, 3),
        route("POST", "/api/v2/cart/items", 70, 2, () => "", { ok: 201 }),
        route("GET", "/api/v2/recommendations", 120, 2),
        route("GET", "/static/{id}", 1, 8, (x) => `js/app.${x.hex(8)}.js`),
      ],
    },
    (q) => {
      const isApi = q.path.startsWith("/api/");
      const isStatic = q.path.startsWith("/static/");
      const region = (q.inst as (typeof edges)[number]).region;
      let status = q.status;
      let upstream: string | undefined;
      let upstreamStatus: string | undefined;
      let reqTime = q.dur / 1000;
      let upTime: string | undefined;
      let label: "error" | null = null;
      let bytes = isStatic ? r.int(20000, 240000) : r.int(2000, 60000);
      const query = q.path.startsWith("/shop/c/") && r.chance(0.4) ? `?page=${r.int(2, 9)}` : "";
      const reqLine = `${q.route.method} ${q.path}${query} HTTP/2.0`;
      if (isStatic) {
        reqTime = r.float(0, 0.002);
      } else if (isApi && q.inst === bad && q.t > reload + 60 * SEC) {
        const stale = r.pick(staleApi);
        label = "error";
        status = 502;
        bytes = 157;
        reqTime = r.float(0.001, 0.004);
        if (r.chance(0.35)) {
          upstream = stale;
          upstreamStatus = "502";
          upTime = "0.001";
          tl.add(
            q.t + 0.6,
            errorLog(
              q.t + 0.6,
              bad.name,
              "error",
              `connect() failed (111: Connection refused) while connecting to upstream, client: ${clientIp()}, server: shop.example.com, request: "${reqLine}", upstream: "http://${stale}${q.path}", host: "shop.example.com"`,
            ),
            "error",
          );
          tl.add(
            q.t + 0.7,
            errorLog(
              q.t + 0.7,
              bad.name,
              "warn",
              `upstream server temporarily disabled while connecting to upstream, client: ${clientIp()}, server: shop.example.com, request: "${reqLine}", upstream: "http://${stale}${q.path}", host: "shop.example.com"`,
            ),
            "error",
          );
        } else {
          upstream = "api_backend";
          upstreamStatus = "502";
          upTime = "0.000";
          tl.add(
            q.t + 0.5,
            errorLog(
              q.t + 0.5,
              bad.name,
              "error",
              `no live upstreams while connecting to upstream, client: ${clientIp()}, server: shop.example.com, request: "${reqLine}", upstream: "http://api_backend${q.path}", host: "shop.example.com"`,
            ),
            "error",
          );
        }
      } else {
        upstream = isApi ? r.pick(apiUpstreams) : r.pick(shopUpstreams);
        const up = Math.max(0.001, reqTime - r.float(0.0005, 0.003));
        upTime = up.toFixed(3);
        upstreamStatus = String(status);
        if (r.chance(0.012)) {
          status = 499; // the client went away first
          upstreamStatus = "-";
          bytes = 0;
        } else if (q.path.startsWith("/shop/p/") && r.chance(0.03)) {
          status = 404;
          upstreamStatus = "404";
        } else if (q.route.method === "POST" && r.chance(0.01)) {
          status = 413;
          upstream = undefined;
          upTime = undefined;
          upstreamStatus = undefined;
          reqTime = 0.001;
          tl.add(
            q.t + 0.4,
            errorLog(
              q.t + 0.4,
              q.inst.name,
              "error",
              `client intended to send too large body: ${r.int(1048577, 9000000)} bytes, client: ${clientIp()}, server: shop.example.com, request: "${reqLine}", host: "shop.example.com"`,
            ),
          );
        }
        if (!isApi && upstream !== undefined && status !== 499) {
          // The storefront VM that served it logs the render (Django, python-json-logger).
          const vm = storefront[shopUpstreams.indexOf(upstream)] ?? "storefront-1";
          const appMs = q.dur / (q.inst.slow ?? 1) - r.float(0.5, 2);
          const ta = q.t + Math.max(1, appMs);
          tl.add(
            ta,
            pyjson(ta, {
              logger: "storefront.views",
              lvl: status === 404 ? "warn" : "info",
              msg: status === 404 ? `product not found: ${q.path.split("/")[3]}` : `rendered ${q.path.startsWith("/shop/p/") ? "product" : "category"} page`,
              f: {
                service: "storefront",
                host: vm,
                path: q.path,
                status_code: status,
                duration_ms: round(Math.max(2, appMs), 1),
                cache: r.chance(0.7) ? "hit" : "miss",
                request_id: `${r.hex(32)}`,
              },
            }),
          );
        }
      }
      const te = q.t + reqTime * 1000;
      const e: Record<string, unknown> = {
        "@timestamp": isoMs(te),
        time_iso8601: secIso(te),
        msec: (Math.floor(te) / 1000).toFixed(3),
        hostname: q.inst.name,
        app: "edge-nginx",
        log_type: "access",
        region,
        remote_addr: clientIp(),
        request_id: `${r.hex(32)}`,
        request: reqLine,
        request_uri: `${q.path}${query}`,
        status,
        body_bytes_sent: bytes,
        request_time: Number(reqTime.toFixed(3)),
      };
      if (upstream !== undefined) {
        e.upstream_addr = upstream;
        e.upstream_status = upstreamStatus ?? "-";
        e.upstream_response_time = upTime ?? "-";
      }
      e.http_host = "shop.example.com";
      e.http_referer = r.chance(0.5) ? "https://shop.example.com/" : "-";
      e.http_user_agent = r.pick(agents);
      e.ssl_protocol = "TLSv1.3";
      tl.add(te, e, label);
    },
  );

  return tl.scenario(
    name,
    "after a routine config reload on all six edges, edge-fra-03 alone resolves the api upstream to decommissioned addresses and answers every /api request 502 with connect()-failed and no-live-upstreams errors; a busier edge, a transatlantic edge with steady extra latency and routine 499/404/413 stay normal (nginx JSON, hostname)",
  );
}

export function billingPodRevokedTaxKey(seed: number): Scenario {
  const name = "billing-pod-revoked-tax-api-key";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 70 * MIN;

  const nodes = Array.from({ length: 6 }, () => `ip-10-40-${r.int(0, 15)}-${r.int(2, 250)}.eu-west-1.compute.internal`);
  const billingRs = r.k8s(10);
  const billing = Array.from({ length: 5 }, () => ({ name: `billing-api-${billingRs}-${r.k8s(5)}`, node: r.pick(nodes) }));
  const bad = r.pick(billing);
  const rendererRs = [r.k8s(10), r.k8s(10)];
  const renderers = Array.from({ length: 3 }, () => ({ name: `invoice-renderer-${rendererRs[0]}-${r.k8s(5)}`, node: r.pick(nodes) }));
  const rolloutAt = start + r.int(30, 45) * MIN;
  const keyTail = r.hex(4);

  const res = (svc: string, version: string, p: { name: string; node: string }) => ({
    "service.name": svc,
    "service.namespace": "billing",
    "service.version": version,
    "k8s.namespace.name": "billing",
    "k8s.pod.name": p.name,
    "k8s.node.name": p.node,
    "telemetry.sdk.language": "python",
  });
  const trace = () => ({ traceId: r.hex(32), spanId: r.hex(16) });
  const jurisdictions = ["GB", "DE", "FR", "NL", "US-CA", "US-NY", "US-TX", "IE", "ES"];

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 40,
      insts: billing,
      routes: [
        route("POST", "/v1/invoices", 120, 3, () => "", { ok: 201 }),
        route("GET", "/v1/invoices/{id}", 25, 6, (x) => `inv_${x.alnum(14)}`),
        route("GET", "/v1/customers/{id}/invoices", 60, 3, (x) => `cus_${x.alnum(14)}`),
        route("POST", "/v1/invoices/{id}/finalize", 210, 2, (x) => `inv_${x.alnum(14)}`),
      ],
    },
    (q) => {
      const p = billing.find((b) => b.name === q.inst.name)!;
      const tr = trace();
      let dur = q.dur;
      if (q.route.tpl === "/v1/invoices") {
        const inv = `inv_${r.alnum(14)}`;
        const jur = r.pick(jurisdictions);
        if (p === bad) {
          // The key was rotated before the window; this pod never re-read the secret.
          const took = r.float(40, 90);
          const t1 = q.t + 10 + took;
          tl.add(
            t1,
            otel(t1, {
              lvl: "error",
              body: `tax provider rejected request: 401 Unauthorized {"error":"invalid_api_key","message":"API key tr_live_...${keyTail} has been revoked"}`,
              resource: res("billing-api", "2.31.0", p),
              attributes: {
                "code.function": "quote_tax",
                "tax.provider": "taxrates.io",
                "invoice.id": inv,
                "tax.jurisdiction": jur,
                "http.response.status_code": 401,
                "error.type": "TaxProviderAuthError",
                duration_ms: round(took, 1),
              },
              scope: "billing.tax",
              ...tr,
            }),
            "error",
          );
          tl.add(
            t1 + 0.8,
            otel(t1 + 0.8, {
              lvl: "warn",
              body: `falling back to estimated tax rate ${r.pick(["0.2", "0.19", "0.21", "0.0825"])} for invoice ${inv} (${jur}): tax provider unavailable`,
              resource: res("billing-api", "2.31.0", p),
              attributes: { "code.function": "quote_tax", "invoice.id": inv, "tax.jurisdiction": jur, "tax.estimated": true },
              scope: "billing.tax",
              ...tr,
            }),
            "error",
          );
          dur = took + r.logNormal(60, 0.3);
        } else {
          let took = r.logNormal(180, 0.35);
          if (r.chance(0.025)) {
            // The provider's routine stalls: every pod sees them, the retry succeeds.
            const t0 = q.t + 10 + 5000;
            tl.add(
              t0,
              otel(t0, {
                lvl: "warn",
                body: "tax provider request timed out after 5000 ms, retrying (attempt 1 of 2)",
                resource: res("billing-api", "2.31.0", p),
                attributes: { "code.function": "quote_tax", "tax.provider": "taxrates.io", "invoice.id": inv, duration_ms: 5000 },
                scope: "billing.tax",
                ...tr,
              }),
            );
            took += 5000;
          }
          const t1 = q.t + 10 + took;
          tl.add(
            t1,
            otel(t1, {
              lvl: "info",
              body: `tax quote received for ${inv}: ${r.int(0, 4800)} minor units (${jur})`,
              resource: res("billing-api", "2.31.0", p),
              attributes: {
                "code.function": "quote_tax",
                "tax.provider": "taxrates.io",
                "invoice.id": inv,
                "tax.jurisdiction": jur,
                "http.response.status_code": 200,
                duration_ms: round(took, 1),
              },
              scope: "billing.tax",
              ...tr,
            }),
          );
          dur = took + r.logNormal(60, 0.3);
        }
      }
      const te = q.t + dur;
      tl.add(
        te,
        otel(te, {
          lvl: "info",
          body: `${q.route.method} ${q.path} ${q.status}`,
          resource: res("billing-api", "2.31.0", p),
          attributes: {
            "http.request.method": q.route.method,
            "http.route": q.route.tpl,
            "url.path": q.path,
            "http.response.status_code": q.status,
            "client.address": `10.40.${r.int(0, 15)}.${r.int(2, 250)}`,
            duration_ms: round(dur, 1),
          },
          scope: "opentelemetry.instrumentation.fastapi",
          ...tr,
        }),
      );
    },
  );

  // invoice-renderer: PDF rendering for finalized invoices, rolled to a new version mid-window.
  const renderRes = (p: { name: string; node: string }, t: number) => res("invoice-renderer", t < rolloutAt ? "4.11.2" : "4.12.0", p);
  const lifecycle: { t: number; p: { name: string; node: string }; lines: [string, number][] }[] = [];
  const next: typeof renderers = [];
  renderers.forEach((old, i) => {
    const t0 = rolloutAt + i * r.float(70, 110) * SEC;
    const fresh = { name: `invoice-renderer-${rendererRs[1]}-${r.k8s(5)}`, node: r.pick(nodes) };
    next.push(fresh);
    lifecycle.push({
      t: t0,
      p: fresh,
      lines: [
        ["starting invoice-renderer 4.12.0 (python 3.12.3, 2 workers)", 0],
        ["connected to queue invoices.finalized (prefetch 8)", 1400],
        ["chromium pool ready (4 browsers)", 5200],
      ],
    });
    lifecycle.push({
      t: t0 + 9000,
      p: old,
      lines: [
        ["received SIGTERM, draining in-flight jobs", 0],
        ["drained 0 in-flight jobs, closing queue connection", 1800],
        ["renderer stopped", 2300],
      ],
    });
  });
  for (const l of lifecycle)
    for (const [msg, d] of l.lines) tl.add(l.t + d, otel(l.t + d, { lvl: "info", body: msg, resource: renderRes(l.p, l.t + d), scope: "renderer.main" }));
  const aliveAt = (t: number) => {
    const out: { name: string }[] = [];
    renderers.forEach((old, i) => {
      const swap = lifecycle[i * 2]!.t + 6000;
      out.push(t < swap ? old : next[i]!);
    });
    return out;
  };
  eachRequest(r, { start, end, perMin: 6, insts: aliveAt, routes: [route("CONSUME", "invoices.finalized", 820, 1)] }, (q) => {
    const p = [...renderers, ...next].find((x) => x.name === q.inst.name)!;
    const te = q.t + q.dur;
    tl.add(
      te,
      otel(te, {
        lvl: "info",
        body: `rendered invoice PDF inv_${r.alnum(14)} (${r.int(1, 6)} pages, ${r.int(38, 420)} KiB)`,
        resource: renderRes(p, te),
        attributes: { "messaging.system": "rabbitmq", "messaging.destination.name": "invoices.finalized", duration_ms: round(q.dur, 1) },
        scope: "renderer.worker",
        ...trace(),
      }),
    );
  });

  return tl.scenario(
    name,
    "from the first minute to the end one of five billing-api pods still holds the revoked tax-provider key: each invoice it creates logs a 401 rejection and an estimated-tax fallback, while every pod's routine provider timeouts and the invoice-renderer rollout stay normal (OpenTelemetry, resource k8s.pod.name)",
  );
}
