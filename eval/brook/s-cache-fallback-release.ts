/**
 * cache-fallback-release: storefront-bff (Node, pino and pino-http) caches recommendation
 * carousels in Redis; a few times a minute an entry written by a pod that was cut off mid-write
 * comes back truncated, and the bff recomputes from the recommendations service: `recommendations
 * cache entry unusable, falling back to origin` at error, every day, from before the window to its
 * end. Healthy. The incident is elsewhere: two fifths in, checkout-api 4.3.0 (Node, Winston,
 * behind ingress-nginx) rolls out. It left a debug dump of every checkout's payload at info (a line
 * of several kilobytes where its lines are a hundred characters), and its new shipping-label code
 * reads `delivery.address.postcode`, which pickup-point orders do not have: every pickup-point
 * checkout fails with `TypeError: Cannot read properties of undefined (reading 'postcode')` and a
 * 500, until 4.2.4 is rolled back late in the window.
 */
import { browser, openWindow } from "./common.js";
import { kubeEvent, nginxJson, type PinoSource, pino, pinoHttp, winston } from "./producers.js";
import { arrivals, MINUTE, SECOND } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "cache-fallback-release";

export function cacheFallbackRelease(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-07-01", 14, 2.5);

  const releaseAt = tl.at(rng.float(0.38, 0.48));
  const rollbackAt = tl.at(rng.float(0.8, 0.88));
  const broken = (t: number): boolean => t >= releaseAt && t < rollbackAt;

  // ── storefront-bff: pages, and the recommendation cache's routine fallback ──────────────────
  const bff: (PinoSource & { ip: string })[] = [0, 1, 2].map(() => ({
    hostname: rng.pod("storefront-bff"),
    pid: 1,
    name: "storefront-bff",
    ip: rng.privateIp("10.50"),
  }));
  const products = Array.from({ length: 50 }, () => rng.int(100000, 999999));
  for (const s of arrivals(rng, start, end, rng.float(7.6, 8.4), shape, 1.2)) {
    const pod = rng.pick(bff);
    const url = rng.weighted([
      ["/api/home", 25],
      [`/api/products/${rng.pick(products)}`, 45],
      [`/api/recommendations?product=${rng.pick(products)}&slot=pdp`, 20],
      ["/api/cart", 10],
    ] as const);
    const took = rng.logNormal(url.startsWith("/api/rec") ? 60 : 35, 0.4);
    const status = url.startsWith("/api/products") && rng.chance(0.015) ? 404 : 200;
    tl.add(
      s + Math.round(took),
      pinoHttp(
        s + Math.round(took),
        pod,
        { id: rng.uuid(), method: "GET", url, remoteAddress: `::ffff:${rng.privateIp("10.50")}`, userAgent: browser(rng), host: "www.shop.example" },
        status,
        took,
      ),
    );
  }
  for (const s of arrivals(rng, start, end, rng.float(2.2, 2.8))) {
    const pod = rng.pick(bff);
    const product = rng.pick(products);
    tl.add(
      s,
      pino(s, pod, "error", "recommendations cache entry unusable, falling back to origin", {
        key: `reco:v3:pdp:${product}`,
        reason: "truncated entry",
        bytes: rng.int(40, 900),
        expectedBytes: rng.int(2000, 9000),
      }),
    );
  }

  // ── checkout-api (Winston) behind ingress-nginx: the release and its rollback ───────────────
  const pods = [0, 1].map(() => ({ name: rng.pod("checkout-api"), ip: `${rng.privateIp("10.50")}:3000` }));
  const dep = { kind: "Deployment", name: "checkout-api", namespace: "shop" };
  for (const [at, version] of [
    [releaseAt, "4.3.0"],
    [rollbackAt, "4.2.4"],
  ] as const) {
    tl.add(
      at - 50 * SECOND,
      kubeEvent(
        at - 50 * SECOND,
        "Normal",
        "ScalingReplicaSet",
        `Scaled up replica set checkout-api-${rng.hex(10)} to 2`,
        dep,
        { component: "deployment-controller" },
        rng.uuid(),
      ),
    );
    for (const pod of pods) {
      const t = at - rng.int(10, 40) * SECOND;
      tl.add(t, winston(t, "checkout-api", "info", `checkout-api ${version} listening on :3000`, { pod: pod.name, node: "v20.12.2" }));
    }
    tl.add(
      at,
      kubeEvent(
        at,
        "Normal",
        "ScalingReplicaSet",
        `Scaled down replica set checkout-api-${rng.hex(10)} to 0 from 2`,
        dep,
        { component: "deployment-controller" },
        rng.uuid(),
      ),
    );
  }
  for (const s of arrivals(rng, start, end, rng.float(2.2, 2.6), shape, 1.2)) {
    const pod = rng.pick(pods);
    const reqId = rng.uuid();
    const orderId = `CO-${rng.int(3_000_000, 3_999_999)}`;
    const pickup = rng.chance(0.22);
    const lines = Array.from({ length: rng.int(1, 6) }, () => ({ productId: rng.pick(products), qty: rng.int(1, 3), unitPriceMinor: rng.int(299, 15999) }));
    let t = s + rng.int(5, 20);
    let label: AnomalyType | null = null;
    let status = 201;
    if (broken(s)) {
      const payload = {
        orderId,
        customer: { id: `cus_${rng.alnum(14)}`, email: `${rng.alnum(8)}@example.com`, segment: rng.pick(["new", "returning", "vip"]) },
        cart: { id: `cart_${rng.alnum(16)}`, currency: "EUR", lines, coupons: rng.chance(0.2) ? ["SUMMER10"] : [] },
        delivery: pickup
          ? {
              method: "pickup_point",
              pickupPoint: { id: `pp_${rng.int(10000, 99999)}`, carrier: "postnord", name: "Coop Konsum", openingHours: "Mo-Fr 08:00-21:00; Sa 09:00-18:00" },
            }
          : { method: "home", address: { line1: `${rng.int(1, 200)} Storgatan`, postcode: String(rng.int(10000, 99999)), city: "Uppsala", country: "SE" } },
        payment: {
          method: rng.pick(["card", "klarna", "swish"]),
          authorisationId: `auth_${rng.alnum(20)}`,
          threeDS: { version: "2.2.0", eci: "05", liabilityShift: true },
        },
        totals: { subtotalMinor: lines.reduce((a, l) => a + l.qty * l.unitPriceMinor, 0), shippingMinor: pickup ? 0 : 4900, taxMinor: rng.int(500, 9000) },
        client: {
          userAgent: browser(rng),
          locale: "sv-SE",
          experiments: { "checkout-v2": "treatment", "pickup-points": "on", "upsell-carousel": rng.pick(["a", "b"]) },
        },
      };
      tl.add(t, winston(t, "checkout-api", "info", "checkout payload", { requestId: reqId, payload, pod: pod.name }), "pattern");
      t += rng.int(20, 60);
      if (pickup) {
        status = 500;
        label = "error";
        tl.add(
          t,
          winston(t, "checkout-api", "error", "checkout failed: Cannot read properties of undefined (reading 'postcode')", {
            requestId: reqId,
            orderId,
            stack: [
              "TypeError: Cannot read properties of undefined (reading 'postcode')",
              "    at buildShippingLabel (/app/dist/shipping/label.js:42:37)",
              "    at ShippingService.prepare (/app/dist/shipping/service.js:88:21)",
              "    at CheckoutService.place (/app/dist/checkout/service.js:131:34)",
              "    at async /app/dist/routes/checkout.js:27:20",
            ].join("\n"),
            pod: pod.name,
          }),
          "error",
        );
      }
    }
    const took = t - s + rng.logNormal(status === 500 ? 30 : 240, 0.35);
    if (status === 201) {
      const at = s + Math.round(took) - 1;
      tl.add(
        at,
        winston(at, "checkout-api", "info", "order confirmed", {
          requestId: reqId,
          orderId,
          delivery: pickup ? "pickup_point" : "home",
          lines: lines.length,
          pod: pod.name,
        }),
      );
    }
    tl.add(
      s + Math.round(took),
      nginxJson(s + Math.round(took), {
        remoteAddr: rng.clientIp(),
        requestId: reqId,
        method: "POST",
        uri: "/api/checkout",
        status,
        requestTimeMs: took,
        bytesSent: status === 500 ? 96 : rng.int(400, 900),
        userAgent: browser(rng),
        host: "www.shop.example",
        upstreamAddr: pod.ip,
        upstreamStatus: String(status),
        upstreamTimeMs: took - 1,
        proxyUpstreamName: "shop-checkout-api-3000",
        referer: "https://www.shop.example/checkout",
        requestLength: rng.int(900, 2400),
      }),
      label,
    );
  }
  // checkout-api's own housekeeping
  for (const pod of pods) {
    for (let t = start + rng.int(0, 5 * MINUTE); t < end; t += 5 * MINUTE + rng.int(-20, 20) * SECOND)
      tl.add(t, winston(t, "checkout-api", "info", "abandoned carts swept", { carts: rng.int(0, 30), pod: pod.name }));
  }

  return tl.build(
    NAME,
    "storefront-bff falls back to origin on a truncated recommendation cache entry a few times a minute (error, routine); two fifths in checkout-api 4.3.0 dumps every checkout payload at info and fails every pickup-point checkout with TypeError and 500 until it is rolled back",
  );
}
