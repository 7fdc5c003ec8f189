// A routine-looking flag push turns on pricing.bundle_discounts_v2 for everyone. The new code path
// reads item.metadata["bundle_id"], which carts built by the mobile app do not carry: every quote
// with a bundle item raises KeyError (a few a TypeError on a missing bundle price), pricing answers
// 500 and checkout-bff turns it into 502 on the checkout summary. The flag is switched off again
// 20-30 minutes later.
// Labelled: the pricing exceptions and 500 request lines, checkout-bff's failed pricing calls and
// its 502 responses (error). Decoys: earlier and later flag pushes of other flags with the same
// shape, the pods' "flags refreshed" lines, coupon rejections (422), a tax provider 503 that is
// retried successfully, gunicorn worker recycling with its Pydantic deprecation warning, the slow
// bulk quote endpoint, exchange-rate refreshes.

import type { Scenario } from "../blind/types.js";
import { MINUTE, nightStart, SECOND } from "./clock.js";
import { ipPool, podIp, podName, type Req, traffic } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { k8sLine, type PinoBase, type PodRef, pino, pinoErr, pinoHttp, slog, structlog, withPod } from "./producers.js";
import { nodeStack, type PyFrame, pyTraceback } from "./stacks.js";
import { Timeline } from "./timeline.js";

const NAME = "feature-flag-pricing-exceptions";
const BAD_FLAG = "pricing.bundle_discounts_v2";

const STARLETTE: PyFrame[] = [
  ["/app/.venv/lib/python3.12/site-packages/starlette/middleware/errors.py", 165, "__call__", "await self.app(scope, receive, _send)"],
  ["/app/.venv/lib/python3.12/site-packages/starlette/routing.py", 73, "app", "response = await f(request)"],
  ["/app/.venv/lib/python3.12/site-packages/fastapi/routing.py", 301, "app", "raw_response = await run_endpoint_function("],
  ["/app/pricing/api/quotes.py", 88, "create_quote", "return await engine.quote(payload, flags=request.state.flags)"],
  ["/app/pricing/engine.py", 141, "quote", "discounts = self._discounts(cart, flags)"],
];

export function featureFlagPricingExceptions(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const onset = start + rng.int(22, 48) * MINUTE;
  const rollback = onset + rng.int(19, 31) * MINUTE;
  const end = rollback + rng.int(10, 22) * MINUTE;

  const nodes = ["ip-10-0-4-12.ec2.internal", "ip-10-0-5-77.ec2.internal", "ip-10-0-6-140.ec2.internal"];
  const pricingHash = rng.kube(10);
  const pricing: PodRef[] = [0, 1, 2].map((i) => ({
    pod: podName(rng, "pricing", pricingHash),
    ns: "commerce",
    container: "pricing",
    node: nodes[i]!,
    app: "pricing",
    image: "ghcr.io/larkspur/pricing:2025.11.3",
  }));
  const refreshLag = pricing.map(() => rng.int(2, 28) * SECOND);
  const bffHash = rng.kube(10);
  const bff: PinoBase[] = [0, 1].map(() => ({ name: "checkout-bff", hostname: podName(rng, "checkout-bff", bffHash), pid: 1 }));
  const relay = podName(rng, "flags-relay");

  // --- flag pushes: routine ones before and after, the bad one, its rollback -----------------
  let revision = rng.int(8700, 8800);
  const routine = [
    "checkout.new_address_form",
    "search.typo_tolerance",
    "cart.save_for_later",
    "notifications.digest_v3",
    "pricing.show_unit_price",
    "account.passkeys_beta",
  ];
  const push = (t: number, changed: string, enabled: boolean) => {
    revision += 1;
    tl.add(
      t,
      slog(t, "info", "flag configuration updated", {
        service: "flags-relay",
        pod: relay,
        source: "s3://larkspur-flags/prod/flags.json",
        revision,
        changed: [changed],
        enabled,
        author: rng.pick(["m.okafor", "j.lindqvist", "deploy-bot", "s.brandt"]),
      }),
    );
    pricing.forEach((p, i) => {
      const tr = t + refreshLag[i]!;
      tl.add(
        tr,
        withPod(structlog(tr, "pricing", "info", "pricing.flags", "flags_refreshed", { revision, flags: rng.int(140, 146), etag: `"${rng.hex(16)}"` }), p),
      );
    });
  };
  const pushes: [number, string, boolean][] = [];
  for (let i = 0, n = rng.int(2, 3); i < n; i++) pushes.push([rng.int(start + 2 * MINUTE, onset - 3 * MINUTE), rng.pick(routine), rng.chance(0.6)]);
  pushes.push([onset, BAD_FLAG, true], [rollback, BAD_FLAG, false], [rng.int(rollback + 3 * MINUTE, end - MINUTE), rng.pick(routine), true]);
  pushes.sort((a, b) => a[0] - b[0]);
  for (const [t, f, on] of pushes) push(t, f, on);
  const flagOn = (t: number, pod: number) => t >= onset + refreshLag[pod]! && t < rollback + refreshLag[pod]!;

  // --- checkout-bff traffic; summary and confirm call pricing for a quote ---------------------
  const ips = ipPool(rng, 180);
  const bffReqs = traffic(rng, {
    start,
    end,
    count: rng.int(950, 1100),
    insts: ["-"],
    ips,
    routes: [
      { method: "GET", route: "summary", path: () => "/checkout/summary", weight: 34, med: 70, sigma: 0.35 },
      { method: "POST", route: "confirm", path: () => "/checkout/confirm", weight: 9, med: 240, sigma: 0.4, statuses: [[402, 0.04]] },
      { method: "GET", route: "orders", path: (r) => `/account/orders?page=${r.int(1, 4)}`, weight: 26, med: 45, sigma: 0.4, statuses: [[401, 0.03]] },
      { method: "PUT", route: "address", path: () => "/checkout/address", weight: 11, med: 30, sigma: 0.35, statuses: [[422, 0.05]] },
    ],
  });
  const pricingIps = ["10.244.3.19", "10.244.7.41", "10.244.1.88", "10.244.9.12"];
  const pricingReqs = traffic(rng, {
    start,
    end,
    count: rng.int(1250, 1500),
    insts: ["-"],
    ips: pricingIps,
    uas: ["python-httpx/0.27.2", "Go-http-client/1.1"],
    routes: [
      { method: "POST", route: "quote", path: () => "/v1/quotes", weight: 40, med: 38, sigma: 0.4, statuses: [[422, 0.03]] },
      {
        method: "GET",
        route: "price-list",
        path: (r) => `/v1/price-lists/${r.pick(["eu-retail", "uk-retail", "us-retail", "b2b-tier2"])}`,
        weight: 22,
        med: 11,
        sigma: 0.35,
        statuses: [[404, 0.01]],
      },
      { method: "POST", route: "bulk", path: () => "/v1/quotes/bulk", weight: 2.5, med: 520, sigma: 0.45 },
      { method: "GET", route: "currencies", path: () => "/v1/currencies", weight: 6, med: 4, sigma: 0.3 },
    ],
  });
  const bffIp = bff.map(() => podIp(rng));

  for (const b of bffReqs) {
    const bi = rng.int(0, 1);
    const base = bff[bi]!;
    let failed = false;
    if (b.route === "summary" || b.route === "confirm") {
      const q: Req = {
        ...b,
        t: b.t - Math.round(b.ms * 0.4),
        method: "POST",
        route: "quote",
        path: "/v1/quotes",
        ms: rng.logNormal(38, 0.4),
        ip: bffIp[bi]!,
        ua: "got (https://github.com/sindresorhus/got)",
        id: rng.uuid(),
        status: 200,
      };
      failed = writeQuote(tl, rng, q, pricing, flagOn);
      if (failed) {
        const tf = q.t + 4;
        tl.add(
          tf,
          pino(tf, base, "error", "pricing quote failed", {
            reqId: b.id,
            upstream: "http://pricing.commerce.svc:8000/v1/quotes",
            err: pinoErr(
              "HTTPError",
              "Response code 500 (Internal Server Error)",
              nodeStack("HTTPError: Response code 500 (Internal Server Error)", [
                "Request._onResponseBase (/app/node_modules/got/dist/source/core/index.js:913:31)",
                "Request._onResponse (/app/node_modules/got/dist/source/core/index.js:955:24)",
                "ClientRequest.<anonymous> (/app/node_modules/got/dist/source/core/index.js:969:23)",
                "process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
              ]),
              { code: "ERR_NON_2XX_3XX_RESPONSE" },
            ),
          }),
          "error",
        );
        b.status = 502;
        b.ms = b.ms * 0.5;
        b.label = "error";
      }
    }
    if (b.status === 422)
      tl.add(
        b.t - 2,
        pino(b.t - 2, base, "warn", "address validation failed", { reqId: b.id, field: rng.pick(["postcode", "line1", "country"]), reason: "invalid_format" }),
      );
    tl.add(b.t, pinoHttp(b.t, base, { id: b.id, method: b.method, url: b.path, status: b.status, ms: b.ms, ip: b.ip, ua: b.ua }), b.label);
  }
  for (const q of pricingReqs) writeQuote(tl, rng, q, pricing, flagOn);

  // --- background: tax provider retries, exchange rates, worker recycling ---------------------
  for (const t of rng.times(start, end, rng.int(8, 14))) {
    const p = rng.pick(pricing);
    tl.add(
      t,
      withPod(structlog(t, "pricing", "error", "pricing.tax", "tax_provider_error", { provider: "taxjar", status: 503, attempt: 1, will_retry: true }), p),
    );
    const t2 = t + rng.int(300, 900);
    tl.add(
      t2,
      withPod(
        structlog(t2, "pricing", "info", "pricing.tax", "tax_provider_retry_succeeded", { provider: "taxjar", attempt: 2, duration_ms: rng.int(120, 380) }),
        p,
      ),
    );
  }
  for (const t of rng.ticks(start, end, 10 * MINUTE, 30 * SECOND)) {
    const p = rng.pick(pricing);
    tl.add(
      t,
      withPod(structlog(t, "pricing", "info", "pricing.fx", "exchange_rates_refreshed", { currencies: 32, source: "ecb", duration_ms: rng.int(180, 520) }), p),
    );
  }
  for (const t of rng.times(start, end, rng.int(2, 4))) {
    const p = rng.pick(pricing);
    const old = rng.int(20, 90);
    const neu = rng.int(100, 400);
    const g = (dt: number, lvl: string, msg: string) => {
      const tt = t + dt;
      const d = new Date(tt).toISOString();
      tl.add(tt, k8sLine(tt, p, "stderr", `[${d.slice(0, 10)} ${d.slice(11, 19)} +0000] [1] [${lvl}] ${msg}`));
    };
    g(0, "INFO", `Autorestarting worker after current request. (pid: ${old})`);
    g(40, "INFO", `Worker exiting (pid: ${old})`);
    g(rng.int(300, 700), "INFO", `Booting worker with pid: ${neu}`);
    const tw = t + rng.int(2200, 3200);
    tl.add(
      tw,
      withPod(
        structlog(
          tw,
          "pricing",
          "warn",
          "py.warnings",
          "/app/.venv/lib/python3.12/site-packages/pydantic/main.py:1114: PydanticDeprecatedSince20: The `dict` method is deprecated; use `model_dump` instead. Deprecated in Pydantic V2.0 to be removed in V3.0. See Pydantic V2 Migration Guide at https://errors.pydantic.dev/2.9/migration/\n  warnings.warn(",
          { pid: neu },
        ),
        p,
      ),
    );
  }
  return tl.scenario(
    NAME,
    "A feature-flag push sends pricing quotes down a code path that raises KeyError; quotes fail with 500 and checkout with 502 until the flag is turned off.",
  );
}

/** Writes a pricing request (and its exception when the flag breaks it); true when it failed. */
function writeQuote(tl: Timeline, rng: Rng, q: Req, pods: PodRef[], flagOn: (t: number, pod: number) => boolean): boolean {
  const pi = rng.int(0, pods.length - 1);
  const pod = pods[pi]!;
  let failed = false;
  if (q.route === "quote" && q.status === 200 && flagOn(q.t, pi) && rng.chance(0.31)) {
    failed = true;
    q.status = 500;
    q.ms = rng.logNormal(24, 0.4);
    const typeError = rng.chance(0.12);
    const last: PyFrame = typeError
      ? ["/app/pricing/discounts/bundles.py", 64, "apply_bundle_discounts_v2", "saving = item.unit_price * item.quantity - bundle.price"]
      : ["/app/pricing/discounts/bundles.py", 57, "apply_bundle_discounts_v2", 'bundle = self._bundles[item.metadata["bundle_id"]]'];
    const exc = pyTraceback(
      [...STARLETTE, ["/app/pricing/engine.py", 203, "_discounts", "out.extend(rule.apply(cart))"], last],
      typeError ? "TypeError: unsupported operand type(s) for -: 'decimal.Decimal' and 'NoneType'" : "KeyError: 'bundle_id'",
    );
    tl.add(
      q.t - 1,
      withPod(
        structlog(
          q.t - 1,
          "pricing",
          "error",
          "pricing.api",
          "unhandled_exception",
          { request_id: q.id, method: "POST", path: q.path, cart_items: rng.int(2, 9) },
          exc,
        ),
        pod,
      ),
      "error",
    );
    q.label = "error";
  }
  if (q.status === 422)
    tl.add(
      q.t - 1,
      withPod(
        structlog(q.t - 1, "pricing", "warn", "pricing.coupons", "coupon_rejected", {
          request_id: q.id,
          code: rng.alnum(8).toUpperCase(),
          reason: rng.pick(["expired", "min_basket_not_met", "not_found"]),
        }),
        pod,
      ),
    );
  tl.add(
    q.t,
    withPod(
      structlog(q.t, "pricing", q.status >= 500 ? "error" : "info", "pricing.access", "request_finished", {
        request_id: q.id,
        method: q.method,
        path: q.path,
        status_code: q.status,
        duration_ms: Number(q.ms.toFixed(2)),
        client: q.ip,
      }),
      pod,
    ),
    q.label,
  );
  return failed;
}
