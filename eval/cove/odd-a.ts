// c01 (an upstream body echoed whole, an unseen client) and c02 (ORM IN lists of hundreds of ids,
// a bulk queue capacity of 0 or 2^31-1).
import {
  BROWSERS,
  ecs,
  HOUR,
  logback,
  MIN,
  nginx,
  pino,
  periodic,
  podName,
  poisson,
  Rng,
  round,
  SEC,
  scatter,
  structlog,
  Timeline,
  windowStart,
  zap,
} from "./lib.js";
import type { Scenario } from "./types.js";

/** A charge object as a PSP returns it, grown with line items to about `target` characters. */
function chargeBody(r: Rng, target: number): string {
  const body: Record<string, unknown> = {
    id: `ch_${r.alnum(24)}`,
    object: "charge",
    amount: r.int(500, 40000),
    currency: "eur",
    status: "succeeded",
    customer: {
      id: `cus_${r.alnum(14)}`,
      email_sha256: r.hex(64),
      address: {
        line1: `${r.int(1, 180)} Rue ${r.pick(["de Rivoli", "Lafayette", "du Bac"])}`,
        city: "Paris",
        postal_code: `750${r.int(10, 20)}`,
        country: "FR",
      },
    },
    payment_method_details: {
      type: "card",
      card: {
        brand: r.pick(["visa", "mastercard"]),
        last4: String(r.int(1000, 9999)),
        exp_month: r.int(1, 12),
        exp_year: r.int(2026, 2031),
        fingerprint: r.alnum(16),
        checks: { cvc_check: "pass", address_line1_check: "pass", address_postal_code_check: "pass" },
        three_d_secure: { version: "2.2.0", result: "authenticated" },
      },
    },
    metadata: { order_id: `ord_${r.int(1e6, 9e6)}`, cart_id: r.uuid(), channel: "web" },
    line_items: [] as unknown[],
  };
  const items = body.line_items as unknown[];
  while (JSON.stringify(body).length < target)
    items.push({
      sku: `SKU-${r.int(10000, 99999)}`,
      name: r.pick(["Linen shirt", "Wool scarf", "Leather belt", "Canvas tote", "Merino socks"]),
      qty: r.int(1, 3),
      unit_amount: r.int(900, 12000),
      tax_rate: "txr_fr_20",
    });
  return JSON.stringify(body);
}

export function c01(seed: number): Scenario {
  const name = "c01-storefront-psp-body-echo";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 13);
  const t1 = t0 + 2 * HOUR;
  const pods = [podName(r, "storefront-bff"), podName(r, "storefront-bff"), podName(r, "storefront-bff")];
  const routes = ["/api/cart", "/api/products/:id", "/api/checkout", "/api/session", "/api/search"];
  poisson(r, t0, t1, 4 * SEC, (t) => {
    const route = r.pick(routes);
    const status = r.chance(0.97) ? 200 : r.pick([304, 404, 401]);
    tl.add(
      pino(t, "storefront-bff", r.pick(pods), 30, "request completed", {
        reqId: `req-${r.alnum(8)}`,
        req: { method: route === "/api/checkout" ? "POST" : "GET", url: route.replace(":id", String(r.int(1000, 99999))) },
        res: { statusCode: status },
        responseTime: Math.round(r.logn(45, 0.5)),
      }),
    );
  });
  const upstream = (t: number, body: string | null) => {
    const bytes = body ? body.length : Math.round(r.logn(1800, 0.3));
    const msg = body
      ? `upstream response payments-psp POST /v1/charges 200 body=${body}`
      : `upstream response payments-psp POST /v1/charges 200 (${bytes} bytes) charge=ch_${r.alnum(24)} status=succeeded`;
    tl.add(
      pino(t, "storefront-bff", r.pick(pods), 30, msg, { upstream: "payments-psp", statusCode: 200, bytes, responseTime: Math.round(r.logn(310, 0.35)) }),
      body ? "pattern" : null,
    );
  };
  poisson(r, t0, t1, 8 * SEC, (t) => upstream(t, null));
  scatter(r, t0, t1, r.int(6, 16), r.chance(0.5), (t) => upstream(t, chargeBody(r, r.int(600, 4800))));
  const clients = [
    ["ios", "7.4.2", "en-GB"],
    ["ios", "7.4.1", "fr-FR"],
    ["android", "7.4.0", "fr-FR"],
    ["android", "7.3.9", "de-DE"],
    ["web", "2025.10.2", "fr-FR"],
    ["web", "2025.10.2", "en-US"],
  ] as const;
  const session = (t: number, odd: boolean) => {
    const [platform, version, locale] = odd
      ? r.pick([
          ["web", "0.0.1-dev+local", "tlh"],
          ["android", "1.0.0-internal-qa", "xx-XX"],
          ["ios", "99.99.99", "en-XA"],
        ] as const)
      : r.pick(clients);
    const ua = odd
      ? r.pick(["okhttp/2.7.5", "Dalvik/1.6.0 (Linux; U; Android 4.0.4)", "StorefrontQA/0.0.1 CFNetwork/1.0 Darwin/9.0"])
      : platform === "web"
        ? r.pick(BROWSERS)
        : platform === "ios"
          ? `Storefront/${version} (iPhone; iOS 17.6)`
          : `Storefront/${version} (Android 14)`;
    tl.add(
      ecs(t, "cart-svc", "info", `session started platform=${platform} client=${version} locale=${locale}`, {
        "event.dataset": "cart-svc.log",
        "log.logger": "cart.session",
        "user_agent.original": ua,
        "client.ip": r.publicIp(),
        "session.id": r.uuid(),
      }),
      odd ? "pattern" : null,
    );
  };
  poisson(r, t0, t1, 10 * SEC, (t) => session(t, false));
  scatter(r, t0, t1, r.int(5, 12), false, (t) => session(t, true));
  poisson(r, t0, t1, 15 * SEC, (t) =>
    tl.add(
      structlog(t, "payments.capture", "info", "charge captured", {
        charge_id: `ch_${r.alnum(24)}`,
        amount_cents: Math.round(r.logn(5200, 0.7)),
        currency: "EUR",
        duration_ms: round(r.logn(180, 0.4), 1),
      }),
    ),
  );
  periodic(r, t0, t1, 5 * MIN, 20 * SEC, (t) => tl.add(structlog(t, "payments.reconcile", "info", "capture queue drained", { pending: r.int(0, 3) })));
  return tl.build(
    name,
    "Storefront BFF logs a PSP response body whole at INFO (600-4,800 chars) where its siblings log a one-line summary; cart-svc sees a few sessions from never-seen client versions/locales.",
  );
}

export function c02(seed: number): Scenario {
  const name = "c02-catalog-orm-in-list-blowup";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = windowStart(r, 9);
  const t1 = t0 + 3 * HOUR;
  const threads = Array.from({ length: 12 }, (_, i) => `http-nio-8080-exec-${i + 1}`);
  const sql = (t: number, n: number) => {
    const ids = Array.from({ length: n }, () => r.int(100000, 999999)).join(", ");
    tl.add(
      logback(
        t,
        "catalog-api",
        "org.hibernate.SQL",
        r.pick(threads),
        "DEBUG",
        `select p1_0.id,p1_0.sku,p1_0.name,p1_0.price_cents,p1_0.updated_at from product p1_0 where p1_0.id in (${ids})`,
      ),
      n >= 100 ? "pattern" : null,
    );
  };
  poisson(r, t0, t1, 7 * SEC, (t) => sql(t, r.int(1, 5)));
  scatter(r, t0, t1, r.int(8, 18), r.chance(0.5), (t) => sql(t, r.chance(0.3) ? r.int(600, 900) : r.int(100, 350)));
  poisson(r, t0, t1, 12 * SEC, (t) =>
    tl.add(
      logback(
        t,
        "catalog-api",
        "c.s.catalog.web.ProductController",
        r.pick(threads),
        "INFO",
        `GET /products/${r.int(100000, 999999)} served from ${r.chance(0.8) ? "cache" : "db"}`,
        { duration_ms: Math.round(r.logn(22, 0.5)) },
      ),
    ),
  );
  const stats = (t: number, cap: number, odd: boolean) =>
    tl.add(
      zap(t, "search-indexer.bulk", "bulk/processor.go:214", "info", "bulk processor stats", {
        queue_capacity: cap,
        queued: odd ? 0 : r.int(0, 60),
        workers: 8,
        flushed_total: r.int(1e5, 9e5),
      }),
      odd ? "pattern" : null,
    );
  periodic(r, t0, t1, 30 * SEC, 2 * SEC, (t) => stats(t, 1024, false));
  scatter(r, t0, t1, r.int(5, 10), false, (t) => stats(t, r.pick([0, 2147483647]), true));
  poisson(r, t0, t1, 20 * SEC, (t) =>
    tl.add(
      zap(t, "search-indexer.bulk", "bulk/processor.go:301", "info", "bulk flush", {
        docs: r.int(420, 520),
        bytes: Math.round(r.logn(1.9e6, 0.15)),
        took: round(r.logn(0.35, 0.3), 3),
      }),
    ),
  );
  const paths = ["/products/", "/categories/", "/search?q=", "/static/app."];
  poisson(r, t0, t1, 10 * SEC, (t) => {
    const p = r.pick(paths);
    tl.add(
      nginx(
        t,
        r,
        "catalog.example.com",
        "GET",
        `${p}${p === "/static/app." ? `${r.hex(8)}.js` : r.int(1000, 99999)}`,
        r.chance(0.96) ? 200 : r.pick([304, 404]),
        r.logn(0.03, 0.6),
        r.pick(BROWSERS),
      ),
    );
  });
  return tl.build(
    name,
    "catalog-api's Hibernate DEBUG SQL sometimes carries an IN list of 100-900 literal ids where siblings have 1-5; search-indexer's bulk stats sometimes report queue_capacity 0 or 2147483647 instead of 1024.",
  );
}
