/**
 * partner-refused-retries: partner-gateway routinely WARNs `retrying partner request` with
 * `status: 429` when a shipping partner rate-limits it, all window, with no exception. Late in
 * the window (seven tenths in or later) Argo CD syncs an egress-proxy config with a duplicated
 * ACL domain: squid refuses it and crash-loops, and from then on the same WARN carries
 * `error: "… proxyconnect tcp: dial tcp …:3128: connect: connection refused"`, every partner
 * request fails after its retries, and checkout's shipping quotes fail with 502 to the end.
 * Early on, tax-api slows down for a while and checkout's tax step takes seconds.
 */
import { argoController, edgeTraffic, openWindow, upstreamAddr, viaEdge } from "./common.js";
import { clef, fluentRaw, kubeEvent, pino, pinoErr, pinoHttp, zap } from "./producers.js";
import { arrivals, MINUTE, SECOND } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "partner-refused-retries";

export function partnerRefusedRetries(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-04-06", 14, 4);

  // ── Argo CD syncs the egress-proxy config; squid rejects it and crash-loops ────────────────
  const argo = argoController(rng, tl, "ip-10-14", "platform", ["egress-proxy", "partner-gateway", "checkout"]);
  const syncAt = tl.at(rng.float(0.7, 0.8));
  argo(syncAt, "egress-proxy", `Initiated automated sync to '${rng.hex(40)}'`);
  const proxyPod = rng.pod("egress-proxy");
  const proxyNode = `ip-10-14-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-west-1.compute.internal`;
  const proxyK8s = { pod: proxyPod, namespace: "platform", container: "squid", app: "egress-proxy", host: proxyNode };
  const proxyIp = `10.14.${rng.int(1, 60)}.${rng.int(2, 250)}`;
  const failAt = syncAt + rng.int(20, 40) * SECOND;
  const podObj = { kind: "Pod", name: proxyPod, namespace: "platform" };
  const kubelet = { component: "kubelet", host: proxyNode };
  // squid restarts with the new config, fails to parse it, and is restarted with a growing back-off
  let attempt = 0;
  for (let t = failAt; t < end; t += Math.min(300, 10 * 2 ** attempt) * SECOND + rng.int(0, 3000)) {
    attempt += 1;
    tl.add(
      t,
      fluentRaw(
        t,
        `${new Date(t).toISOString().slice(0, 19).replace("T", " ")} kid1| Processing Configuration File: /etc/squid/squid.conf (depth 0)`,
        proxyK8s,
        "stdout",
      ),
    );
    tl.add(
      t + 40,
      fluentRaw(
        t + 40,
        `${new Date(t + 40).toISOString().slice(0, 19).replace("T", " ")} kid1| ERROR: 'api.parcel-partner.example' is a subdomain of '.parcel-partner.example'`,
        proxyK8s,
        "stdout",
      ),
      "error",
    );
    tl.add(
      t + 42,
      fluentRaw(
        t + 42,
        "FATAL: Bungled /etc/squid/conf.d/partners.conf line 7: acl partners dstdomain .parcel-partner.example api.parcel-partner.example",
        proxyK8s,
      ),
      "error",
    );
    const u = t + rng.int(2, 8) * SECOND;
    if (attempt === 1) {
      tl.add(
        u,
        kubeEvent(u, "Warning", "Unhealthy", `Readiness probe failed: dial tcp ${proxyIp}:3128: connect: connection refused`, podObj, kubelet, rng.uuid()),
        "error",
      );
    } else {
      tl.add(
        u,
        kubeEvent(
          u,
          "Warning",
          "BackOff",
          `Back-off restarting failed container squid in pod ${proxyPod}_platform(${rng.uuid()})`,
          podObj,
          kubelet,
          rng.uuid(),
          attempt,
        ),
        "error",
      );
    }
  }
  const refused = (t: number): boolean => t >= failAt;

  // ── partner-gateway (Go): partner calls through the proxy; 429 retries routine ────────────
  const partners = ["parcel-partner", "freight-hub", "pickup-points"];
  const gw = (t: number, level: "info" | "warn" | "error", caller: string, msg: string, fields: Record<string, unknown>) =>
    zap(t, level, "partner-gateway", caller, msg, { service: "partner-gateway", ...fields });
  const refusedErr = (partner: string) =>
    `Post "https://api.${partner}.example/v2/quotes": proxyconnect tcp: dial tcp ${proxyIp}:3128: connect: connection refused`;
  const quote = (s: number, partner: string): { ok: boolean; end: number } => {
    const requestId = rng.uuid();
    if (refused(s)) {
      let t = s;
      for (let a = 1; a <= 2; a++) {
        t += rng.int(1, 4);
        tl.add(
          t,
          gw(t, "warn", "partner/client.go:141", "retrying partner request", {
            request_id: requestId,
            partner,
            attempt: a,
            backoff: `${a}s`,
            error: refusedErr(partner),
          }),
          "error",
        );
        t += a * SECOND;
      }
      t += rng.int(1, 4);
      tl.add(
        t,
        gw(t, "error", "partner/client.go:152", "partner request failed", { request_id: requestId, partner, attempts: 3, error: refusedErr(partner) }),
        "error",
      );
      return { ok: false, end: t + 2 };
    }
    let t = s;
    if (rng.chance(0.12)) {
      t += rng.int(60, 200);
      tl.add(t, gw(t, "warn", "partner/client.go:141", "retrying partner request", { request_id: requestId, partner, attempt: 1, backoff: "1s", status: 429 }));
      t += SECOND;
    }
    const took = rng.logNormal(210, 0.35);
    t += Math.round(took);
    tl.add(
      t,
      gw(t, "info", "partner/client.go:118", "partner request completed", {
        request_id: requestId,
        partner,
        status: 200,
        latency: Number((took / 1000).toFixed(6)),
      }),
    );
    return { ok: true, end: t + 2 };
  };
  // partner-gateway's own tracking syncs, besides checkout's quotes
  for (const s of arrivals(rng, start, end, 1.2, shape, 1.2)) quote(s, rng.pick(partners));

  // ── checkout (Node): shipping quotes through partner-gateway, tax through tax-api ──────────
  const checkout = [0, 1].map(() => ({ name: "checkout", hostname: rng.pod("checkout"), pid: 1 }));
  const checkoutUp = upstreamAddr(rng, "10.14", 3000);
  for (const s of arrivals(rng, start, end, 1.2, shape, 1.2)) {
    const src = rng.pick(checkout);
    const basket = `bsk_${rng.alnum(12)}`;
    const q = quote(s + 3, rng.pick(partners));
    const d = q.end + rng.int(2, 9);
    const label: AnomalyType | null = q.ok ? null : "error";
    if (!q.ok) {
      const err = pinoErr("HTTPError", "Response code 502 (Bad Gateway)", [
        "Request._onResponseBase (/app/node_modules/got/dist/source/core/index.js:913:31)",
        "async ShippingClient.quote (/app/dist/shipping/client.js:37:22)",
      ]);
      tl.add(d - 1, pino(d - 1, src, "error", "shipping quote unavailable", { basketId: basket, err }), "error");
    }
    const status = q.ok ? 200 : 502;
    tl.add(
      d,
      pinoHttp(
        d,
        src,
        { id: rng.uuid(), method: "POST", url: "/api/checkout/shipping-quote", remoteAddress: `::ffff:${rng.privateIp("10.14")}` },
        status,
        d - s,
      ),
      label,
    );
    viaEdge(rng, tl, s - 2, "shop-edge", { method: "POST", uri: "/api/checkout/shipping-quote", status, tookMs: d - s + 3, upstream: checkoutUp }, label);
  }

  // ── tax-api (.NET): slow for a while early on ─────────────────────────────────────────────
  const tax = { application: "tax-api", machine: rng.pod("tax-api") };
  const slowFrom = tl.at(rng.float(0.08, 0.18));
  const slowTo = slowFrom + rng.int(9, 16) * MINUTE;
  for (const s of arrivals(rng, start, end, 1.4, shape, 1.2)) {
    const src = rng.pick(checkout);
    const slow = s >= slowFrom && s < slowTo;
    const took = slow ? rng.logNormal(2800, 0.4) : rng.logNormal(28, 0.35);
    const label: AnomalyType | null = took > 700 ? "performance" : null;
    const d = s + Math.round(took);
    tl.add(
      d - 2,
      clef(d - 2, tax, "Information", "TaxApi.Calculation.TaxCalculator", "Calculated tax for {BasketId} ({Country}) in {Elapsed:0.0} ms", {
        BasketId: `bsk_${rng.alnum(12)}`,
        Country: rng.pick(["DE", "FR", "NL", "AT", "IT"]),
        Elapsed: Number((took - 2).toFixed(1)),
      }),
      label,
    );
    tl.add(
      d + 2,
      pinoHttp(d + 2, src, { id: rng.uuid(), method: "POST", url: "/api/checkout/tax", remoteAddress: `::ffff:${rng.privateIp("10.14")}` }, 200, took + 4),
      label,
    );
    viaEdge(rng, tl, s - 2, "shop-edge", { method: "POST", uri: "/api/checkout/tax", status: 200, tookMs: took + 7, upstream: checkoutUp }, label);
  }

  edgeTraffic(rng, tl, {
    service: "shop-edge",
    perMinute: 2,
    routes: [
      ["GET /", 20],
      ["GET /p/<id>", 45],
      ["GET /static/<asset>", 35],
    ],
    upstream: upstreamAddr(rng, "10.14", 8080),
    shape,
    peak: 1.2,
  });

  return tl.build(
    NAME,
    "late in the window an egress-proxy config with a duplicated ACL domain crash-loops squid; partner-gateway's routine 429 retry WARN now carries connection refused and every partner call and shipping quote fails to the end; tax-api slows early on",
  );
}
