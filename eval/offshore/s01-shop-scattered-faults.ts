// A web shop's working morning: gateway, cart, catalog, checkout, payments and a notifier.
// Normal traffic carries warnings but never an ERROR. Over the whole window, five distinct
// faults recur (PSP 502s, Kafka publish timeouts, a cart TypeError, a catalog KeyError,
// gateway upstream resets), mixed with slow checkouts, slow catalog queries, heap / RSS
// warnings and a few odd actors (an API key created by a contractor account, bulk price
// overrides from a manual CSV).
import type { Scenario } from "../blind/types.js";
import {
  baseDay,
  javaStack,
  type Label,
  logback,
  MIN,
  nodeStack,
  type PinoCtx,
  pino,
  pyTrace,
  python,
  Rng,
  round,
  SEC,
  Story,
  sampleTimes,
  scatterTimes,
  USER_AGENTS,
} from "./lib.js";

export function s01ShopScatteredFaults(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(7 * 60, 9 * 60) * MIN + rng.int(0, 59) * SEC;
  const end = start + rng.int(330, 390) * MIN;

  const gwHosts: PinoCtx[] = rng.pods("api-gateway", 3).map((hostname) => ({ pid: rng.int(7, 60), hostname, name: "api-gateway" }));
  const cartHosts: PinoCtx[] = rng.pods("cart", 2).map((hostname) => ({ pid: rng.int(7, 60), hostname, name: "cart-service" }));
  const checkoutHosts = rng.pods("checkout", 2);
  const paymentsHosts = rng.pods("payments", 2);
  const catalogHosts = rng.pods("catalog", 2);
  const notifierHost = rng.pod("notifier");
  const skus = Array.from({ length: 140 }, () => `SKU-${rng.int(10000, 99999)}`);
  const clientIps = Array.from({ length: 260 }, () => rng.publicIp());
  let orderSeq = rng.int(480000, 520000);
  const nextOrder = () => `ORD-${orderSeq++}`;
  let reqSeq = rng.int(1000, 9000);

  const gw = (t: number, method: string, url: string, status: number, rt: number, label: Label, extra: Record<string, unknown> = {}) => {
    const lvl = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    story.add(
      t,
      label,
      pino(t, lvl, rng.pick(gwHosts), "request completed", {
        req: { id: `req-${(reqSeq++).toString(36)}`, method, url, remoteAddress: rng.pick(clientIps), userAgent: rng.pick(USER_AGENTS) },
        res: { statusCode: status },
        responseTime: Math.round(rt),
        ...extra,
      }),
    );
  };
  const catalogLine = (t: number, lvl: "info" | "warn" | "error", msg: string, f: Record<string, unknown>, label: Label, exc?: string) =>
    story.add(t, label, python(t, lvl, "catalog.api", msg, { service: "catalog", host: rng.pick(catalogHosts), process: rng.int(8, 14), ...f }, exc));
  const javaLine = (
    t: number,
    app: string,
    host: string,
    lvl: "info" | "warn" | "error",
    logger: string,
    msg: string,
    f: Record<string, unknown>,
    label: Label,
    stack?: string,
  ) =>
    story.add(
      t,
      label,
      logback(t, lvl, logger, `http-nio-8080-exec-${rng.int(1, 40)}`, msg, { app, HOSTNAME: host, traceId: rng.hex(32), spanId: rng.hex(16), ...f }, stack),
    );

  // ---------------------------------------------------------------- normal traffic
  const nReq = rng.int(1450, 1750);
  for (const t0 of sampleTimes(rng, nReq, start, end)) {
    const kind = rng.weighted([
      ["catalog", 0.55],
      ["cart", 0.3],
      ["checkout", 0.15],
    ] as const);
    if (kind === "catalog") {
      const sku = rng.pick(skus);
      const notFound = rng.chance(0.03);
      const search = rng.chance(0.35);
      const dur = search ? rng.logn(55, 0.35) : rng.logn(28, 0.3);
      const path = search
        ? `/products/search?q=${rng.pick(["boots", "rain+jacket", "tent", "headlamp", "socks", "stove", "backpack"])}&page=${rng.int(1, 4)}`
        : `/products/${sku}`;
      const status = notFound ? 404 : 200;
      catalogLine(
        t0 + Math.round(dur),
        notFound ? "warn" : "info",
        `GET ${path} ${status}`,
        { method: "GET", path, status_code: status, duration_ms: round(dur, 1) },
        null,
      );
      gw(t0 + Math.round(dur) + rng.int(1, 4), "GET", `/api/catalog${path}`, status, dur + rng.int(2, 6), null);
    } else if (kind === "cart") {
      const ctx = rng.pick(cartHosts);
      const method = rng.pick(["GET", "GET", "POST", "PATCH"]);
      const url = method === "GET" ? "/cart" : method === "POST" ? "/cart/items" : `/cart/items/${rng.int(1, 9)}`;
      const status = rng.chance(0.04) ? 401 : method === "POST" ? 201 : 200;
      const dur = rng.logn(14, 0.35);
      const t1 = t0 + Math.round(dur);
      story.add(
        t1,
        null,
        pino(t1, status >= 400 ? "warn" : "info", ctx, "request completed", {
          req: { id: rng.int(1, 99999), method, url },
          res: { statusCode: status },
          responseTime: Math.round(dur),
        }),
      );
      if (method === "PATCH" && rng.chance(0.12)) {
        story.add(
          t1,
          null,
          pino(t1, "warn", ctx, "cart item price changed since it was added", {
            sku: rng.pick(skus),
            oldPrice: rng.int(10, 200) + 0.99,
            newPrice: rng.int(10, 200) + 0.49,
          }),
        );
      }
      gw(t1 + rng.int(1, 3), method, `/api${url}`, status, dur + rng.int(2, 5), null);
    } else {
      const order = nextOrder();
      const payDur = rng.logn(380, 0.3);
      const coDur = payDur + rng.logn(90, 0.3);
      const payHost = rng.pick(paymentsHosts);
      const coHost = rng.pick(checkoutHosts);
      const amount = round(rng.float(12, 480), 2);
      const tPay = t0 + Math.round(coDur - 20);
      javaLine(
        tPay,
        "payments",
        payHost,
        "info",
        "com.shop.payments.ChargeService",
        `Charge authorized for order ${order} (psp=adyen, amount=${amount} EUR)`,
        { order_id: order, psp: "adyen", duration_ms: Math.round(payDur) },
        null,
      );
      if (rng.chance(0.08)) {
        javaLine(
          tPay - 5,
          "payments",
          payHost,
          "info",
          "com.shop.payments.ThreeDsFlow",
          `3DS challenge required for order ${order}`,
          { order_id: order },
          null,
        );
      }
      const tCo = t0 + Math.round(coDur);
      javaLine(
        tCo,
        "checkout",
        coHost,
        "info",
        "com.shop.checkout.CheckoutController",
        `Checkout completed for order ${order}`,
        { order_id: order, duration_ms: Math.round(coDur) },
        null,
      );
      gw(tCo + rng.int(1, 4), "POST", "/api/checkout", 201, coDur + rng.int(3, 8), null);
      const tMail = tCo + rng.int(800, 4000);
      story.add(
        tMail,
        null,
        python(tMail, "info", "notifier.mail", `Sent order confirmation for ${order}`, {
          service: "notifier",
          host: notifierHost,
          template: "order-confirmation-v3",
        }),
      );
    }
  }
  // Background chores and everyday warnings.
  for (let t = start + rng.int(0, 5 * MIN); t < end; t += 5 * MIN + rng.int(-20, 20) * SEC) {
    catalogLine(t, "info", `Refreshed product cache: ${rng.int(9400, 9900)} items in ${rng.int(800, 1600)} ms`, { job: "cache-refresh" }, null);
  }
  for (const t of sampleTimes(rng, rng.int(14, 24), start, end)) {
    story.add(
      t,
      null,
      pino(t, "warn", rng.pick(gwHosts), "rate limit at 80% for client", { clientId: rng.pick(["ios-app", "android-app", "partner-feed"]), windowSec: 60 }),
    );
  }
  for (const t of sampleTimes(rng, rng.int(10, 18), start, end)) {
    story.add(
      t,
      null,
      python(t, "warn", "notifier.mail", "SMTP 421 4.7.0 temporary deferral from mx.example-mail.net, retrying in 60s", {
        service: "notifier",
        host: notifierHost,
      }),
    );
  }
  for (const t of sampleTimes(rng, rng.int(6, 12), start, end)) {
    javaLine(
      t,
      "checkout",
      rng.pick(checkoutHosts),
      "warn",
      "com.shop.checkout.AddressValidator",
      "Address validation service returned partial match, accepting user input",
      { country: rng.pick(["DE", "FR", "NL", "AT"]) },
      null,
    );
  }

  // ---------------------------------------------------------------- scattered faults
  const a0 = start + 3 * MIN;
  const a1 = end - 3 * MIN;
  // 1. PSP 502 on charge: payments and checkout log it, the gateway returns 502.
  for (const t of scatterTimes(rng, rng.int(15, 24), a0, a1)) {
    const order = nextOrder();
    const host = rng.pick(paymentsHosts);
    javaLine(
      t,
      "payments",
      host,
      "error",
      "com.shop.payments.ChargeService",
      `Charge failed for order ${order}: PSP responded 502 Bad Gateway`,
      { order_id: order, psp: "adyen", duration_ms: rng.int(300, 900) },
      "error",
      javaStack("com.shop.payments.psp.PspGatewayException: PSP responded 502 Bad Gateway", [
        "com.shop.payments.psp.AdyenClient.authorise(AdyenClient.java:212)",
        "com.shop.payments.ChargeService.charge(ChargeService.java:88)",
      ]),
    );
    javaLine(
      t + rng.int(5, 30),
      "checkout",
      rng.pick(checkoutHosts),
      "error",
      "com.shop.checkout.CheckoutController",
      `Checkout failed for order ${order}: payment declined by gateway error`,
      { order_id: order },
      "error",
    );
    gw(t + rng.int(35, 60), "POST", "/api/checkout", 502, rng.int(400, 1000), "error");
  }
  // 2. OrderPlaced events not published (the order itself succeeded).
  for (const t of scatterTimes(rng, rng.int(15, 22), a0, a1)) {
    const order = nextOrder();
    javaLine(
      t,
      "checkout",
      rng.pick(checkoutHosts),
      "error",
      "com.shop.checkout.events.OrderEventPublisher",
      `Failed to publish OrderPlaced for ${order} to orders.v1: org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for orders.v1-${rng.int(0, 11)}:120000 ms has passed since batch creation`,
      { order_id: order, topic: "orders.v1" },
      "error",
    );
  }
  // 3. Cart crashes on a line item without a sku.
  for (const t of scatterTimes(rng, rng.int(16, 25), a0, a1)) {
    const ctx = rng.pick(cartHosts);
    const item = rng.int(1, 9);
    story.add(
      t,
      "error",
      pino(t, "error", ctx, "Unhandled error in PATCH /cart/items/:itemId", {
        err: {
          type: "TypeError",
          message: "Cannot read properties of undefined (reading 'sku')",
          stack: nodeStack("TypeError: Cannot read properties of undefined (reading 'sku')", [
            "applyQuantity (/app/dist/cart/items.js:118:31)",
            "async patchItem (/app/dist/cart/routes.js:64:5)",
          ]),
        },
        itemId: item,
      }),
    );
    story.add(
      t + 2,
      "error",
      pino(t + 2, "error", ctx, "request completed", {
        req: { id: rng.int(1, 99999), method: "PATCH", url: `/cart/items/${item}` },
        res: { statusCode: 500 },
        responseTime: rng.int(8, 25),
      }),
    );
    gw(t + rng.int(4, 9), "PATCH", `/api/cart/items/${item}`, 500, rng.int(12, 30), "error");
  }
  // 4. Catalog fails to render products whose pricing record lacks tiers.
  for (const t of scatterTimes(rng, rng.int(15, 23), a0, a1)) {
    const sku = rng.pick(skus);
    catalogLine(
      t,
      "error",
      `Failed to render product page for sku=${sku}`,
      { method: "GET", path: `/products/${sku}`, status_code: 500 },
      "error",
      pyTrace(
        [
          ["/srv/catalog/api/products.py", 141, "get_product", "price = render_price(record)"],
          ["/srv/catalog/pricing/render.py", 57, "render_price", "tiers = record['price_tiers']"],
        ],
        "KeyError: 'price_tiers'",
      ),
    );
    gw(t + rng.int(3, 8), "GET", `/api/catalog/products/${sku}`, 500, rng.int(30, 70), "error");
  }
  // 5. Gateway loses connections to the cart upstream.
  for (const t of scatterTimes(rng, rng.int(15, 22), a0, a1)) {
    story.add(
      t,
      "error",
      pino(t, "error", rng.pick(gwHosts), "upstream connect error or disconnect/reset before headers. reset reason: connection termination", {
        upstream: "cart-service.shop.svc:8080",
        req: { method: rng.pick(["GET", "POST"]), url: rng.pick(["/api/cart", "/api/cart/items"]) },
        res: { statusCode: 503 },
        responseTime: rng.int(2, 15),
      }),
    );
  }
  // Slow checkouts: the PSP takes seconds to authorise.
  for (const t of scatterTimes(rng, rng.int(12, 18), a0, a1)) {
    const order = nextOrder();
    const payDur = rng.int(3800, 10500);
    const coDur = payDur + rng.int(80, 200);
    javaLine(
      t + payDur,
      "payments",
      rng.pick(paymentsHosts),
      "info",
      "com.shop.payments.ChargeService",
      `Charge authorized for order ${order} (psp=adyen, amount=${round(rng.float(12, 480), 2)} EUR)`,
      { order_id: order, psp: "adyen", duration_ms: payDur },
      "performance",
    );
    javaLine(
      t + coDur,
      "checkout",
      rng.pick(checkoutHosts),
      "info",
      "com.shop.checkout.CheckoutController",
      `Checkout completed for order ${order}`,
      { order_id: order, duration_ms: coDur },
      "performance",
    );
    gw(t + coDur + 4, "POST", "/api/checkout", 201, coDur + 6, "performance");
  }
  for (const t of scatterTimes(rng, rng.int(5, 8), a0, a1)) {
    const secs = round(rng.float(3.8, 9.5), 2);
    catalogLine(
      t,
      "warn",
      `Slow query (${secs}s): SELECT p.id, p.title, p.price FROM product_search_mv p WHERE p.tsv @@ plainto_tsquery($1) ORDER BY p.rank DESC LIMIT 48`,
      { duration_ms: Math.round(secs * 1000), db: "catalog-ro" },
      "performance",
    );
  }
  // Memory: one checkout JVM runs hot, the notifier worker outgrows its soft limit.
  const hotCheckout = checkoutHosts[0] ?? "checkout";
  for (const t of scatterTimes(rng, rng.int(5, 8), a0, a1)) {
    const pct = rng.int(89, 96);
    javaLine(
      t,
      "checkout",
      hotCheckout,
      "warn",
      "com.shop.ops.HeapWatcher",
      `Heap usage ${pct}% after GC (${Math.round((2048 * pct) / 100)} MiB of 2048 MiB)`,
      { heap_used_pct: pct },
      "memory",
    );
  }
  for (const t of scatterTimes(rng, rng.int(4, 6), a0, a1)) {
    const rss = round(rng.float(1.58, 1.9), 2);
    story.add(
      t,
      "memory",
      python(t, "warn", "notifier.worker", `Worker RSS ${rss} GiB above soft limit 1.50 GiB; recycling after current task`, {
        service: "notifier",
        host: notifierHost,
        rss_bytes: Math.round(rss * 1024 ** 3),
      }),
    );
  }
  // Odd actors.
  for (const t of scatterTimes(rng, rng.int(4, 6), a0, a1)) {
    story.add(
      t,
      "pattern",
      pino(t, "info", rng.pick(gwHosts), "API key created", {
        keyId: `ak_${rng.alnum(12)}`,
        scopes: ["orders:read", "customers:read", "customers:export"],
        createdBy: "temp-contractor-07",
        sourceIp: rng.publicIp(),
      }),
    );
  }
  for (const t of scatterTimes(rng, rng.int(4, 6), a0, a1)) {
    catalogLine(
      t,
      "info",
      `Bulk price override applied to ${rng.int(180, 420)} SKUs (source=manual-csv, user=temp-contractor-07, discount=${rng.int(40, 90)}%)`,
      { job: "price-override" },
      "pattern",
    );
  }

  return story.build(
    "shop-scattered-faults",
    "A web shop's morning where five distinct errors (PSP 502s, Kafka publish timeouts, a cart TypeError, a catalog KeyError, upstream resets) recur across the whole window amid slow checkouts, heap/RSS warnings and a contractor account creating API keys and bulk price overrides; normal traffic has no ERROR.",
  );
}
