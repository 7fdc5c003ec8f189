/**
 * fx-rates-down-all-window: fx-rates is already crash-looping when the window opens (its
 * snapshot volume was lost) and stays down to the end: every restart ends in the same fatal
 * line and a BackOff event, every non-euro checkout in checkout-api logs the same `connect
 * ECONNREFUSED` and fails with 503 (a quarter to a third of checkout-api's lines), and
 * pricing-web's Envoy sidecar logs a 503 UF for each of its refreshes while pricing-web serves
 * stale rates. Once, checkout-api receives a webhook event type it has never seen.
 */
import { envoy, kubeEvent, pino, pinoHttp, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "fx-rates-down-all-window";

export function fxRatesDownAllWindow(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-07-13", 9);
  const end = start + 2 * HOUR + rng.int(0, 30) * MINUTE;
  const tl = new Timeline(start, end);

  const fxIp = `10.60.${rng.int(1, 40)}.${rng.int(2, 250)}`;
  const fxPod = rng.pod("fx-rates");
  const node = `ip-10-60-${rng.int(1, 40)}-${rng.int(2, 250)}.eu-central-1.compute.internal`;

  // ── fx-rates (Go, zap): each restart fails at start-up; the kubelet backs off (5 min cap) ──
  let restarts = rng.int(14, 30);
  for (let t = start + rng.int(5, 50) * SECOND; t < end; t += 5 * MINUTE + rng.int(1, 20) * SECOND) {
    restarts += 1;
    const ref = { kind: "Pod", name: fxPod, namespace: "pricing" };
    tl.add(
      t,
      kubeEvent(
        t,
        "Normal",
        "Pulled",
        'Container image "registry.acme.io/pricing/fx-rates:1.9.2" already present on machine',
        ref,
        { component: "kubelet", host: node },
        rng.uuid(),
        restarts,
      ),
    );
    tl.add(t + 300, kubeEvent(t + 300, "Normal", "Started", "Started container fx-rates", ref, { component: "kubelet", host: node }, rng.uuid(), restarts));
    const s = t + rng.int(600, 900);
    tl.add(s, zap(s, "info", "fx-rates", "cmd/fxrates/main.go:48", "starting fx-rates", { service: "fx-rates", version: "1.9.2", listen: ":8080" }));
    const f = s + rng.int(20, 60);
    tl.add(
      f,
      zap(f, "fatal", "fx-rates", "cmd/fxrates/main.go:71", "cannot load rates snapshot", {
        service: "fx-rates",
        path: "/data/rates/snapshot.bin",
        error: "open /data/rates/snapshot.bin: no such file or directory",
      }),
      "error",
    );
    const b = s + rng.int(2, 8) * SECOND;
    tl.add(
      b,
      kubeEvent(
        b,
        "Warning",
        "BackOff",
        `Back-off restarting failed container fx-rates in pod ${fxPod}_pricing(${rng.uuid()})`,
        ref,
        { component: "kubelet", host: node },
        rng.uuid(),
        restarts,
      ),
      "error",
    );
  }

  // ── checkout-api (Node, pino): checkouts need a rate for non-euro carts ────────────────────
  const co = [0, 1, 2].map(() => ({ name: "checkout-api", hostname: rng.pod("checkout-api"), pid: 1 }));
  const share = rng.float(0.38, 0.5);
  for (const t of arrivals(rng, start, end, 5, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const src = rng.pick(co);
    const reqId = rng.uuid();
    const currency = rng.chance(share) ? rng.pick(["SEK", "GBP", "PLN", "CHF", "DKK", "NOK"]) : "EUR";
    const cartId = `cart_${rng.alnum(12)}`;
    let status = 201;
    let took = rng.logNormal(180, 0.35);
    let label: AnomalyType | null = null;
    if (currency !== "EUR") {
      took = rng.logNormal(14, 0.4);
      status = 503;
      label = "error";
      const port = 8080;
      tl.add(
        t + Math.round(took) - 1,
        pino(t + Math.round(took) - 1, src, "error", "fx rate lookup failed", {
          reqId,
          cartId,
          currency,
          err: {
            type: "Error",
            message: `connect ECONNREFUSED ${fxIp}:${port}`,
            stack: `Error: connect ECONNREFUSED ${fxIp}:${port}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16)`,
            errno: -111,
            code: "ECONNREFUSED",
            syscall: "connect",
            address: fxIp,
            port,
          },
        }),
        "error",
      );
    }
    const d = t + Math.round(took);
    tl.add(
      d,
      pinoHttp(d, src, { id: reqId, method: "POST", url: "/api/checkout", remoteAddress: `::ffff:10.60.0.${rng.int(2, 250)}` }, status, took, {
        cartId,
        currency,
      }),
      label,
    );
  }
  for (const t of arrivals(rng, start, end, 6, swell(start, end, 0.3, rng.float(0, 6)), 1.3)) {
    const took = rng.logNormal(30, 0.4);
    const d = t + Math.round(took);
    const status = rng.chance(0.04) ? 404 : 200;
    tl.add(
      d,
      pinoHttp(
        d,
        rng.pick(co),
        { id: rng.uuid(), method: "GET", url: `/api/cart/cart_${rng.alnum(12)}`, remoteAddress: `::ffff:10.60.0.${rng.int(2, 250)}` },
        status,
        took,
      ),
    );
  }
  for (const t of ticks(rng, start, end, 2 * MINUTE, 5 * SECOND)) {
    tl.add(
      t,
      pino(t, rng.pick(co), "info", "payment webhook processed", {
        provider: "adyen",
        eventCode: rng.pick(["AUTHORISATION", "CAPTURE", "REFUND"]),
        durationMs: rng.int(8, 40),
      }),
    );
  }
  const oddAt = tl.at(rng.float(0.2, 0.9));
  tl.add(
    oddAt,
    pino(oddAt, rng.pick(co), "warn", "payment webhook with unknown eventCode ignored", {
      provider: "adyen",
      eventCode: "CHARGEBACK_REVERSED_EXTERNALLY_WITH_INFO",
      pspReference: rng.alnum(16).toUpperCase(),
    }),
    "pattern",
  );

  // ── pricing-web (Go, zap) refreshes rates every 30 s through its Envoy sidecar ─────────────
  const pwPod = rng.pod("pricing-web");
  const pwMeta = { pod: pwPod, namespace: "pricing", container: "istio-proxy", app: "pricing-web", host: node };
  const staleSince = start - rng.int(40, 200) * MINUTE;
  for (const t of ticks(rng, start, end, 30 * SECOND, 2 * SECOND)) {
    tl.add(
      t,
      envoy(
        t,
        {
          method: "GET",
          path: "/v1/rates?base=EUR",
          authority: "fx-rates.pricing.svc.cluster.local:8080",
          code: 503,
          flags: "UF",
          details: "upstream_reset_before_response_started{remote_connection_failure,delayed_connect_error:_Connection_refused}",
          failure: "delayed_connect_error:_Connection_refused",
          durationMs: rng.int(0, 3),
          upstreamHost: `${fxIp}:8080`,
          upstreamCluster: "outbound|8080||fx-rates.pricing.svc.cluster.local",
          requestId: rng.uuid(),
        },
        pwMeta,
      ),
      "error",
    );
    const age = Math.round((t - staleSince) / MINUTE);
    const w = t + rng.int(4, 9);
    tl.add(
      w,
      zap(w, "warn", "pricing-web.rates", "rates/refresh.go:66", "rates refresh failed, serving stale rates", {
        service: "pricing-web",
        age: `${Math.floor(age / 60)}h${age % 60}m0s`,
        error:
          "unexpected status 503: upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused",
      }),
      "error",
    );
  }
  for (const t of arrivals(rng, start, end, 4)) {
    const took = rng.logNormal(9, 0.4);
    tl.add(
      t,
      zap(t, "info", "pricing-web.http", "http/log.go:31", "served", {
        service: "pricing-web",
        method: "GET",
        path: `/prices/${rng.int(10000, 99999)}`,
        status: 200,
        latency: Number((took / 1000).toFixed(6)),
      }),
    );
  }

  return tl.build(
    NAME,
    "fx-rates is crash-looping from the first minute to the end: every non-euro checkout logs the same ECONNREFUSED and fails, pricing-web's sidecar logs a 503 UF for each refresh; one unknown webhook event type",
  );
}
