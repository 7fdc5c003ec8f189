// t05: the identity provider rotated its signing key; orders-api caches the JWKS for 24 h and
// does not refetch on an unknown kid, so every token signed with the new key is refused with 401
// (pino via Fastify, request logging off, warnings only). Worded as a refused request, it is the
// incident: signed-in customers cannot see or place orders. web-bff (OTLP/JSON log records)
// answers each 401 by dropping the session. Healthy: inventory-svc (zap), payments (Serilog).
import type { Scenario } from "./types.js";
import { Kit, MIN, SEC, Timeline, iso7, nsStr, opening, steady } from "./util.js";

export default function t05(seed: number): Scenario {
  const k = new Kit(seed, "t05");
  const t0 = opening(seed, "t05");
  const t1 = t0 + 45 * MIN;
  const tl = new Timeline();
  const pods = [0, 1, 2, 3].map(() => `orders-api-${k.hex(9).slice(0, 8)}-${k.alnum(5)}`);
  const routes = [() => "/v1/orders?status=open", () => `/v1/orders/${k.int(1_000_000, 9_999_999)}`, () => "/v1/orders", () => "/v1/cart/checkout"];

  // The flood: every request with a token signed by the new key is refused.
  steady(k, t0, t1, 1.1 * SEC, (t) => {
    const url = k.pick(routes)();
    tl.add(
      t,
      {
        level: 40,
        time: t,
        pid: 1,
        hostname: k.pick(pods),
        name: "orders-api",
        reqId: `req-${k.alnum(6)}`,
        req: { method: url === "/v1/orders" || url === "/v1/cart/checkout" ? "POST" : "GET", url, remoteAddress: k.ip("10.12") },
        res: { statusCode: 401 },
        responseTime: k.num(0.8, 4.5, 3),
        msg: "token rejected: JWKSNoMatchingKey: no applicable key found in the JSON Web Key Set",
      },
      "error",
    );
  });

  // web-bff: OTLP/JSON log records; each 401 from orders-api ends the customer's session.
  const rec = (t: number, sev: string, num: number, body: string, route: string, dur: number) => ({
    timeUnixNano: nsStr(t),
    severityNumber: num,
    severityText: sev,
    body: { stringValue: body },
    attributes: [
      { key: "http.route", value: { stringValue: route } },
      { key: "duration_ms", value: { doubleValue: dur } },
    ],
    resource: {
      attributes: [
        { key: "service.name", value: { stringValue: "web-bff" } },
        { key: "service.instance.id", value: { stringValue: `web-bff-${k.int(1, 3)}` } },
      ],
    },
  });
  steady(k, t0, t1, 4.5 * SEC, (t) => {
    tl.add(
      t,
      rec(t, "WARN", 13, "orders-api answered 401 for a signed-in session; clearing session and redirecting to /login", "/account/orders", k.num(6, 20, 1)),
      "error",
    );
  });
  const pages = ["/", "/products/:slug", "/search", "/help/:topic"];
  steady(k, t0, t1, 5 * SEC, (t) => {
    const page = k.pick(pages);
    tl.add(t, rec(t, "INFO", 9, `rendered ${page}`, page, k.num(25, 160, 1)));
  });

  // inventory-svc: zap production JSON (latency in seconds), healthy.
  steady(k, t0, t1, 3 * SEC, (t) => {
    const reserve = k.chance(0.3);
    tl.add(t, {
      level: "info",
      ts: t / 1000,
      caller: reserve ? "stock/reserve.go:61" : "stock/query.go:33",
      msg: reserve ? "reserved stock" : "stock level served",
      service: "inventory-svc",
      sku: `SKU-${k.int(10_000, 99_999)}`,
      latency: reserve ? k.num(0.01, 0.045, 4) : k.num(0.002, 0.012, 4),
    });
  });
  // payments: Serilog compact JSON, healthy.
  steady(k, t0, t1, 4 * SEC, (t) => {
    const ms = k.num(180, 650, 2);
    tl.add(t, {
      "@t": iso7(t),
      "@mt": "Authorized payment {PaymentId} for {Amount} {Currency} via {Provider} in {Elapsed:0.00} ms",
      PaymentId: `pay_${k.alnum(14)}`,
      Amount: k.num(5, 400, 2),
      Currency: k.pick(["EUR", "EUR", "GBP", "SEK"]),
      Provider: k.pick(["adyen", "adyen", "paypal"]),
      Elapsed: ms,
      SourceContext: "Payments.Authorization.AuthorizeHandler",
      Application: "payments",
    });
  });

  return tl.build(
    "t05-orders-jwks-stale",
    "orders-api refuses every token signed with the rotated IdP key (stale JWKS cache): signed-in customers are logged out",
  );
}
