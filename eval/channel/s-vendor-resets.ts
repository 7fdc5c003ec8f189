/**
 * vendor-resets: payments-api (Go, zap, three replicas, one per availability zone) scores every
 * card payment with an external fraud vendor before booking it, and answers through an Envoy
 * edge proxy. A third of the way in the vendor's bot protection starts dropping our traffic:
 * connections from one zone's NAT gateway address, and ten to twenty minutes later a second
 * zone's, are reset during the TLS handshake. The replicas there log every attempt's
 * `read tcp …->…:443: read: connection reset by peer` on their outbound call (the retry at WARN,
 * the give-up at ERROR); card payments above €30 fail with 502, smaller ones go through on the
 * fallback rules with a WARN. The peer that resets is the vendor, not our client: these are real
 * failures of `POST /v1/payments`. Late in the window the vendor lifts the block. Routine all
 * window: a vendor timeout retried now and then, and payment lookups whose caller went away
 * (`context canceled` at ERROR, Envoy `DC`).
 */
import { nodeName, openWindow, podMeta } from "./common.js";
import { envoyJson, type KubeMeta, zap } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "vendor-resets";
const VENDOR = "https://api.riskscore.example/v3/score";

export function vendorResets(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-02-17", 12, 2.5);

  const blockAt = tl.at(rng.float(0.3, 0.4));
  const secondAt = blockAt + rng.int(10, 20) * MINUTE;
  const liftAt = tl.at(rng.float(0.78, 0.86));
  const zones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
  const order = rng.chance(0.5) ? [0, 1, 2] : [1, 2, 0];
  /** Whether the vendor resets connections from zone `z` at `t`. */
  const blocked = (z: number, t: number): boolean => t < liftAt && ((z === order[0] && t >= blockAt) || (z === order[1] && t >= secondAt));
  const vendorIp = `203.0.113.${rng.int(10, 250)}`;

  const api = zones.map((zone, z) => ({ zone, z, ip: rng.privateIp("10.42"), pod: rng.pod("payments-api") }));
  const edge: KubeMeta = podMeta(rng, "envoy-edge", "edge", "envoy", nodeName(rng, "10.42"));
  const edgeIp = rng.privateIp("10.42");
  const log = (
    t: number,
    level: "info" | "warn" | "error",
    logger: string,
    caller: string,
    msg: string,
    fields: Record<string, unknown>,
    label: AnomalyType | null,
    stack?: string,
  ) => tl.add(t, zap(t, level, logger, caller, msg, fields, stack), label);

  /** payments-api's access line and the edge's line for one request. */
  const served = (
    s: number,
    a: (typeof api)[number],
    reqId: string,
    r: { method: string; path: string; route: string; status: number; tookMs: number; label: AnomalyType | null; dc?: boolean; client: string; ua: string },
  ) => {
    const d = s + Math.round(r.tookMs);
    if (r.status !== 0) {
      log(
        d,
        r.status >= 500 ? "error" : "info",
        "http",
        "middleware/logging.go:58",
        "request",
        {
          method: r.method,
          path: r.path,
          route: r.route,
          status: r.status,
          latency: Number((r.tookMs / 1000).toFixed(6)),
          request_id: reqId,
          remote_addr: `${edgeIp}:${rng.int(40000, 60000)}`,
          bytes: r.status >= 400 ? rng.int(60, 140) : rng.int(280, 900),
          pod: a.pod,
        },
        r.label,
      );
    }
    tl.add(
      d + 1,
      envoyJson(
        s,
        {
          method: r.method,
          path: r.path,
          authority: "api.pay.example.com",
          responseCode: r.dc ? 0 : r.status,
          responseFlags: r.dc ? "DC" : "-",
          responseCodeDetails: r.dc ? "downstream_remote_disconnect" : "via_upstream",
          durationMs: r.tookMs + 1,
          upstreamServiceTimeMs: r.dc ? undefined : r.tookMs,
          bytesReceived: r.method === "POST" ? rng.int(300, 700) : 0,
          bytesSent: r.dc ? 0 : rng.int(200, 900),
          requestId: reqId,
          userAgent: r.ua,
          xForwardedFor: r.client,
          downstreamRemote: `${r.client}:${rng.int(1024, 65000)}`,
          downstreamLocal: `${edgeIp}:8443`,
          upstreamHost: `${a.ip}:8080`,
          upstreamCluster: "payments/payments-api/8080/da39a3ee5e",
          upstreamLocal: `${edgeIp}:${rng.int(32768, 60999)}`,
          routeName: r.route,
        },
        edge,
      ),
      r.label,
    );
  };

  const merchants = Array.from({ length: 14 }, () => `mch_${rng.alnum(10)}`);
  const uas = [
    "shop-checkout/4.12.0 (+okhttp/4.12.0)",
    "shop-checkout/4.12.0 (+okhttp/4.12.0)",
    "PayClient-Go/1.8",
    "python-requests/2.31.0",
    "Stripe-Connector/2.3 (+java 17)",
  ];

  // ── card payments: scored by the vendor, then booked ─────────────────────────────────────────
  for (const s of arrivals(rng, start, end, 5, shape, 1.2)) {
    const a = rng.pick(api);
    const reqId = rng.uuid();
    const merchant = rng.pick(merchants);
    const amount = Math.round(rng.logNormal(4200, 0.9));
    const ctx = { request_id: reqId, merchant_id: merchant, amount_minor: amount, currency: rng.pick(["EUR", "EUR", "EUR", "GBP"]) };
    let t = s + Math.round(rng.logNormal(6, 0.3));
    const reset = () => `Post "${VENDOR}": read tcp ${a.ip}:${rng.int(32768, 60999)}->${vendorIp}:443: read: connection reset by peer`;
    let scored = false;
    if (blocked(a.z, t)) {
      // both attempts are reset during the handshake
      t += rng.int(25, 70);
      log(t, "warn", "risk", "risk/client.go:97", "risk score attempt failed, retrying", { ...ctx, attempt: 1, backoff: "200ms", error: reset() }, "error");
      t += 200 + rng.int(25, 70);
      log(
        t,
        "error",
        "risk",
        "risk/client.go:104",
        "risk score failed",
        { ...ctx, attempts: 2, error: reset() },
        "error",
        "github.com/shop/payments-api/internal/risk.(*Client).Score\n\t/src/internal/risk/client.go:104\ngithub.com/shop/payments-api/internal/payments.(*Service).Create\n\t/src/internal/payments/service.go:71",
      );
      if (amount >= 3000) {
        t += rng.int(1, 3);
        served(s, a, reqId, {
          method: "POST",
          path: "/v1/payments",
          route: "create_payment",
          status: 502,
          tookMs: t - s + 1,
          label: "error",
          client: rng.clientIp(),
          ua: rng.pick(uas),
        });
        continue;
      }
      t += 1;
      log(t, "warn", "payments", "payments/service.go:78", "risk score unavailable, applying fallback rules", { ...ctx, rules: "fallback-v3" }, "error");
    } else if (rng.chance(0.004)) {
      // the vendor is slow now and then: the first attempt times out and the retry scores it
      t += 2000;
      log(
        t,
        "warn",
        "risk",
        "risk/client.go:97",
        "risk score attempt failed, retrying",
        { ...ctx, attempt: 1, backoff: "200ms", error: `Post "${VENDOR}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` },
        null,
      );
      t += 200 + Math.round(rng.logNormal(140, 0.3));
      scored = true;
    } else {
      t += Math.round(rng.logNormal(140, 0.3));
      scored = true;
    }
    if (scored)
      log(
        t,
        "info",
        "risk",
        "risk/client.go:88",
        "risk scored",
        { ...ctx, score: rng.int(2, 61), decision: "approve", latency: Number(rng.float(0.09, 0.3).toFixed(6)) },
        null,
      );
    t += Math.round(rng.logNormal(38, 0.35));
    served(s, a, reqId, {
      method: "POST",
      path: "/v1/payments",
      route: "create_payment",
      status: 201,
      tookMs: t - s,
      label: null,
      client: rng.clientIp(),
      ua: rng.pick(uas),
    });
  }

  // ── refunds and lookups: no vendor call ─────────────────────────────────────────────────────
  for (const s of arrivals(rng, start, end, 0.6, shape, 1.2)) {
    served(s, rng.pick(api), rng.uuid(), {
      method: "POST",
      path: `/v1/payments/pay_${rng.alnum(14)}/refunds`,
      route: "create_refund",
      status: rng.chance(0.04) ? 409 : 200,
      tookMs: rng.logNormal(52, 0.35),
      label: null,
      client: rng.clientIp(),
      ua: rng.pick(uas),
    });
  }
  for (const s of arrivals(rng, start, end, 3.2, shape, 1.2)) {
    const a = rng.pick(api);
    const reqId = rng.uuid();
    const path = `/v1/payments/pay_${rng.alnum(14)}`;
    const ua = rng.pick(uas);
    const client = rng.clientIp();
    if (rng.chance(0.015)) {
      // the caller went away while the lookup waited on a replica: routine
      const gone = rng.float(800, 4000);
      log(s + Math.round(gone), "error", "payments", "payments/handler.go:142", "lookup failed", { request_id: reqId, error: "context canceled" }, null);
      served(s, a, reqId, { method: "GET", path, route: "get_payment", status: 0, tookMs: gone, label: null, dc: true, client, ua });
      continue;
    }
    served(s, a, reqId, {
      method: "GET",
      path,
      route: "get_payment",
      status: rng.chance(0.02) ? 404 : 200,
      tookMs: rng.logNormal(18, 0.4),
      label: null,
      client,
      ua,
    });
  }

  // payments-api's outbox relay and the settlement export's schedule
  for (const t of ticks(rng, start, end, 3 * MINUTE, 30 * SECOND)) {
    log(
      t,
      "info",
      "outbox",
      "outbox/relay.go:77",
      "outbox batch relayed",
      { events: rng.int(3, 60), topic: "payments.events.v1", latency: Number(rng.float(0.01, 0.09).toFixed(6)), pod: rng.pick(api).pod },
      null,
    );
  }

  return tl.build(
    NAME,
    "the fraud vendor's bot protection resets connections from two zones' NAT addresses; payments-api logs `connection reset by peer` at ERROR on its outbound risk calls and card payments over €30 fail with 502 until the block is lifted; lookups whose caller went away (`context canceled`) are routine",
  );
}
