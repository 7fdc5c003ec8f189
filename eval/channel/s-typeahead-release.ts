/**
 * typeahead-release: the storefront's search box asks suggest-service (Go, zap) for completions
 * on every keystroke through the Istio ingress gateway (Envoy), and cancels the request in
 * flight when the next keystroke comes: a fifth to a third of `GET /api/suggest` calls end with
 * Envoy `DC` (code 0) and suggest-service's `suggest query failed … context canceled` at ERROR,
 * all window long. That is how a typeahead works. The incident is elsewhere: a third to two
 * fifths in, checkout-service 5.2.0 (Python, FastAPI, structlog) rolls out with a promotions
 * refactor that reads `gift_card_id` from every applied tender; orders paid partly with a gift
 * card fail with `KeyError` and 500 until 5.2.1 is rolled out. Early on, one node's kernel marks
 * its TSC clocksource unstable and chrony steps the clock: rare and odd on that node.
 */
import { hourlyCron, kernel, nodeName, openWindow, podMeta, q, SEARCH_TERMS } from "./common.js";
import { envoyJson, type KubeMeta, kubeEvent, pyTraceback, rsyslog, structlog, zap } from "./producers.js";
import { arrivals, MINUTE, SECOND, ticks } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "typeahead-release";

export function typeaheadRelease(seed: number): Scenario {
  const { rng, start, end, tl, shape } = openWindow(seed, NAME, "2026-06-03", 9, 2.5);

  const releaseAt = tl.at(rng.float(0.33, 0.42));
  const brokenAt = releaseAt + rng.int(60, 120) * SECOND; // the second replica has rolled too
  const hotfixAt = tl.at(rng.float(0.76, 0.84));
  const broken = (t: number): boolean => t >= releaseAt && t < hotfixAt;
  const nodes = [nodeName(rng, "10.46"), nodeName(rng, "10.46"), nodeName(rng, "10.46")];
  const gwIp = rng.privateIp("10.46");
  const gateway: KubeMeta = podMeta(rng, "istio-ingressgateway", "istio-system", "istio-proxy", nodes[0]!);
  const edge = (
    s: number,
    r: {
      method: string;
      path: string;
      code: number;
      dc?: boolean;
      tookMs: number;
      upstream: string;
      cluster: string;
      ua: string;
      reqId: string;
      label: AnomalyType | null;
    },
  ) =>
    tl.add(
      s + Math.round(r.tookMs),
      envoyJson(
        s,
        {
          method: r.method,
          path: r.path,
          authority: "www.shop.example",
          protocol: "HTTP/2",
          responseCode: r.dc ? 0 : r.code,
          responseFlags: r.dc ? "DC" : "-",
          responseCodeDetails: r.dc ? "downstream_remote_disconnect" : "via_upstream",
          durationMs: r.tookMs,
          upstreamServiceTimeMs: r.dc ? undefined : r.tookMs - 1,
          bytesReceived: r.method === "POST" ? rng.int(600, 2400) : 0,
          bytesSent: r.dc ? 0 : r.code >= 500 ? 21 : rng.int(300, 4000),
          requestId: r.reqId,
          userAgent: r.ua,
          xForwardedFor: rng.clientIp(),
          downstreamRemote: `${rng.privateIp("10.0")}:${rng.int(1024, 65000)}`,
          downstreamLocal: `${gwIp}:8443`,
          upstreamHost: r.upstream,
          upstreamCluster: r.cluster,
          upstreamLocal: `${gwIp}:${rng.int(32768, 60999)}`,
          routeName: "default",
          requestedServerName: "www.shop.example",
        },
        gateway,
      ),
      r.label,
    );
  const uas = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36",
  ];

  // ── suggest-service (Go, zap): one request per keystroke, the previous one cancelled ────────
  const suggest = [0, 1, 2].map(() => ({ pod: rng.pod("suggest-service"), ip: `${rng.privateIp("10.46")}:8080` }));
  const cluster = "outbound|8080||suggest-service.search.svc.cluster.local";
  for (const s0 of arrivals(rng, start, end, 1.25, shape, 1.2)) {
    const term = rng.pick(SEARCH_TERMS);
    const ua = rng.pick(uas);
    const typed = rng.int(3, Math.min(term.length, 9));
    let t = s0;
    for (let n = 2; n <= typed; n++) {
      const prefix = term.slice(0, n);
      const gap = n === typed ? Number.POSITIVE_INFINITY : rng.float(100, 320);
      const work = rng.logNormal(150, 0.65);
      const a = rng.pick(suggest);
      const reqId = rng.uuid();
      const path = `/api/suggest?q=${q(prefix)}&limit=8`;
      if (n > 2 && prefix.endsWith(" ")) {
        t += Math.round(gap);
        continue;
      }
      if (work > gap) {
        // the next keystroke's request replaces this one: the browser aborts it
        const d = t + Math.round(gap);
        tl.add(
          d + 2,
          zap(d + 2, "error", "suggest", "suggest/handler.go:74", "suggest query failed", { request_id: reqId, prefix, error: "context canceled" }),
        );
        tl.add(
          d + 3,
          zap(d + 3, "info", "http", "middleware/access.go:39", "request", {
            method: "GET",
            path: "/api/suggest",
            status: 499,
            duration: Number((gap / 1000).toFixed(6)),
            request_id: reqId,
          }),
        );
        edge(t, { method: "GET", path, code: 0, dc: true, tookMs: gap, upstream: a.ip, cluster, ua, reqId, label: null });
      } else {
        const d = t + Math.round(work);
        tl.add(
          d,
          zap(d, "info", "http", "middleware/access.go:39", "request", {
            method: "GET",
            path: "/api/suggest",
            status: 200,
            duration: Number((work / 1000).toFixed(6)),
            request_id: reqId,
          }),
        );
        edge(t, { method: "GET", path, code: 200, tookMs: work + 1, upstream: a.ip, cluster, ua, reqId, label: null });
      }
      t += Math.round(Number.isFinite(gap) ? gap : 0);
    }
  }
  for (const a of suggest) {
    for (const t of ticks(rng, start, end, 10 * MINUTE, MINUTE)) {
      tl.add(
        t,
        zap(t, "info", "index", "index/refresh.go:51", "completion index refreshed", {
          entries: rng.int(1_200_000, 1_300_000),
          took: Number(rng.float(0.4, 1.9).toFixed(6)),
          pod: a.pod,
        }),
      );
    }
  }

  // ── checkout-service (Python, FastAPI, structlog): 5.2.0 breaks gift-card orders ────────────
  const checkout = [0, 1].map(() => ({ pod: rng.pod("checkout-service"), ip: `${rng.privateIp("10.46")}:8000` }));
  const ccluster = "outbound|8000||checkout-service.shop.svc.cluster.local";
  const deploy = { kind: "Deployment", name: "checkout-service", namespace: "shop" };
  tl.add(
    releaseAt - 20 * SECOND,
    kubeEvent(
      releaseAt - 20 * SECOND,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set checkout-service-${rng.hex(10)} to 1`,
      deploy,
      { component: "deployment-controller" },
      rng.uuid(),
    ),
  );
  tl.add(
    brokenAt,
    kubeEvent(
      brokenAt,
      "Normal",
      "ScalingReplicaSet",
      `Scaled down replica set checkout-service-${rng.hex(10)} to 0 from 1`,
      deploy,
      { component: "deployment-controller" },
      rng.uuid(),
    ),
  );
  tl.add(
    hotfixAt - 20 * SECOND,
    kubeEvent(
      hotfixAt - 20 * SECOND,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set checkout-service-${rng.hex(10)} to 1`,
      deploy,
      { component: "deployment-controller" },
      rng.uuid(),
    ),
  );
  for (const [t, version] of [
    [releaseAt - 5 * SECOND, "5.2.0"],
    [hotfixAt - 5 * SECOND, "5.2.1"],
  ] as const) {
    tl.add(t, structlog(t, "info", "checkout.app", "application startup complete", { version, workers: 4, pod: rng.pod("checkout-service") }));
  }
  const tb = pyTraceback(
    [
      ["/usr/local/lib/python3.12/site-packages/starlette/middleware/errors.py", 164, "__call__", "await self.app(scope, receive, _send)"],
      ["/usr/local/lib/python3.12/site-packages/fastapi/routing.py", 301, "app", "raw_response = await run_endpoint_function("],
      ["/app/checkout/api/orders.py", 58, "create_order", "order = await service.place(basket, tenders)"],
      ["/app/checkout/service.py", 141, "place", "discounts = self.promotions.apply(basket, tenders)"],
      ["/app/checkout/promotions/engine.py", 88, "apply", "excluded = {t['gift_card_id'] for t in tenders if t['kind'] != 'card'}"],
    ],
    "KeyError: 'gift_card_id'",
  );
  for (const s of arrivals(rng, start, end, 2.2, shape, 1.2)) {
    const a = rng.pick(checkout);
    const reqId = rng.uuid();
    const orderFields = { request_id: reqId, basket_id: `bsk_${rng.alnum(12)}`, pod: a.pod };
    const giftCard = rng.chance(0.28);
    const ua = rng.pick(uas);
    if (broken(s) && (s >= brokenAt || rng.chance(0.5)) && giftCard) {
      const took = rng.logNormal(60, 0.3);
      const d = s + Math.round(took);
      tl.add(
        d - 1,
        structlog(d - 1, "error", "checkout.api", "unhandled exception", { ...orderFields, method: "POST", path: "/api/checkout/orders" }, tb),
        "error",
      );
      tl.add(
        d,
        structlog(d, "info", "checkout.access", "request finished", {
          ...orderFields,
          method: "POST",
          path: "/api/checkout/orders",
          status_code: 500,
          duration_ms: Math.round(took),
        }),
        "error",
      );
      edge(s, { method: "POST", path: "/api/checkout/orders", code: 500, tookMs: took + 2, upstream: a.ip, cluster: ccluster, ua, reqId, label: "error" });
      continue;
    }
    const took = rng.logNormal(240, 0.3);
    const d = s + Math.round(took);
    tl.add(
      d - 2,
      structlog(d - 2, "info", "checkout.service", "order placed", {
        ...orderFields,
        order_id: `ord_${rng.alnum(12)}`,
        tenders: giftCard ? ["gift_card", "card"] : ["card"],
        total_minor: rng.int(900, 32000),
      }),
    );
    tl.add(
      d,
      structlog(d, "info", "checkout.access", "request finished", {
        ...orderFields,
        method: "POST",
        path: "/api/checkout/orders",
        status_code: 201,
        duration_ms: Math.round(took),
      }),
    );
    edge(s, { method: "POST", path: "/api/checkout/orders", code: 201, tookMs: took + 2, upstream: a.ip, cluster: ccluster, ua, reqId, label: null });
  }
  for (const s of arrivals(rng, start, end, 1.6, shape, 1.2)) {
    const a = rng.pick(checkout);
    const reqId = rng.uuid();
    const took = rng.logNormal(35, 0.35);
    const d = s + Math.round(took);
    tl.add(
      d,
      structlog(d, "info", "checkout.access", "request finished", {
        request_id: reqId,
        method: "GET",
        path: "/api/checkout/basket",
        status_code: 200,
        duration_ms: Math.round(took),
        pod: a.pod,
      }),
    );
    edge(s, {
      method: "GET",
      path: "/api/checkout/basket",
      code: 200,
      tookMs: took + 2,
      upstream: a.ip,
      cluster: ccluster,
      ua: rng.pick(uas),
      reqId,
      label: null,
    });
  }

  // ── one node's clocksource goes unstable; chrony steps the clock ────────────────────────────
  const odd = nodes[2]!;
  const tsc = tl.at(rng.float(0.12, 0.22));
  const cpu = rng.int(1, 15);
  const wd = rng.int(1e9, 9e9);
  tl.add(
    tsc,
    kernel(tsc, odd, "warning", `clocksource: timekeeping watchdog on CPU${cpu}: Marking clocksource 'tsc' as unstable because the skew is too large:`),
    "pattern",
  );
  tl.add(
    tsc + 1,
    kernel(
      tsc + 1,
      odd,
      "warning",
      `clocksource:                       'hpet' wd_nsec: ${rng.int(480000000, 520000000)} wd_now: ${rng.hex(8)} wd_last: ${rng.hex(8)} mask: ffffffff`,
    ),
    "pattern",
  );
  tl.add(
    tsc + 2,
    kernel(
      tsc + 2,
      odd,
      "warning",
      `clocksource:                       'tsc' cs_nsec: ${rng.int(900000000, 990000000)} cs_now: ${wd.toString(16)} cs_last: ${(wd - 1e8).toString(16)} mask: ffffffffffffffff`,
    ),
    "pattern",
  );
  tl.add(tsc + 3, kernel(tsc + 3, odd, "info", "tsc: Marking TSC unstable due to clocksource watchdog"), "pattern");
  tl.add(tsc + 40, kernel(tsc + 40, odd, "info", "clocksource: Switched to clocksource hpet"), "pattern");
  const step = tsc + rng.int(60, 200) * SECOND;
  const chronyPid = rng.int(600, 900);
  const wrongBy = rng.float(1.2, 3.8).toFixed(6);
  tl.add(step, rsyslog(step, odd, "daemon", "warning", "chronyd", chronyPid, `System clock wrong by ${wrongBy} seconds`), "pattern");
  tl.add(step + 2, rsyslog(step + 2, odd, "daemon", "warning", "chronyd", chronyPid, `System clock was stepped by ${wrongBy} seconds`), "pattern");
  hourlyCron(rng, tl, nodes);

  return tl.build(
    NAME,
    "a fifth to a third of typeahead requests are cancelled by the browser's next keystroke all window (Envoy DC, `context canceled` at ERROR: routine); checkout-service 5.2.0 fails every order paid partly by gift card with KeyError and 500 until 5.2.1; a node marks its TSC clocksource unstable and chrony steps its clock",
  );
}
