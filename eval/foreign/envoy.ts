// A service mesh shop as Vector's kubernetes_logs source ships it: Envoy sidecar access logs in
// Istio's text format, a Node checkout writing pino JSON (merged into the record) and a Go
// inventory writing logrus text. The inventory's reservations slow down after a migration, the
// checkout sidecar's circuit breaker starts refusing (503 UO) and its route times out (504 UT).
import type { Scenario } from "../blind/types.js";
import { type Entry, Incident, iso, isoUs, type Label, MIN, type Rng, rngFor, SEC, startTime } from "./kit.js";

interface Pod {
  app: string;
  name: string;
  ip: string;
  node: string;
  uid: string;
  image: string;
}

function pod(rng: Rng, app: string, hash: string, image: string): Pod {
  return {
    app,
    name: `${app}-${hash}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`,
    ip: rng.ip("10.1"),
    node: `ip-10-1-${rng.int(0, 15)}-${rng.int(2, 250)}.eu-west-1.compute.internal`,
    uid: rng.uuid(),
    image,
  };
}

/** `message` undefined: the process wrote JSON, which the pipeline merged into the record and dropped. */
function record(t: number, p: Pod, container: string, message: string | undefined, extra: Entry = {}): Entry {
  return {
    file: `/var/log/pods/shop_${p.name}_${p.uid}/${container}/0.log`,
    kubernetes: {
      container_image: container === "istio-proxy" ? "docker.io/istio/proxyv2:1.21.2" : p.image,
      container_name: container,
      pod_labels: { app: p.app, "pod-template-hash": p.name.split("-").slice(-2, -1)[0], "security.istio.io/tlsMode": "istio" },
      pod_name: p.name,
      pod_namespace: "shop",
      pod_node_name: p.node,
      pod_uid: p.uid,
    },
    ...(message === undefined ? {} : { message }),
    source_type: "kubernetes_logs",
    stream: "stdout",
    timestamp: iso(t),
    app: p.app,
    ...extra,
  };
}

interface Access {
  method: string;
  path: string;
  code: number;
  flags: string;
  details: string;
  rx: number;
  tx: number;
  dur: number;
  ust: string;
  ua: string;
  rid: string;
  authority: string;
  upstreamHost: string;
  cluster: string;
  localUp: string;
  downLocal: string;
  downRemote: string;
  route: string;
}

function envoyLine(start: number, a: Access): string {
  return `[${iso(start)}] "${a.method} ${a.path} HTTP/1.1" ${a.code} ${a.flags} ${a.details} - "-" ${a.rx} ${a.tx} ${a.dur} ${a.ust} "-" "${a.ua}" "${a.rid}" "${a.authority}" "${a.upstreamHost}" ${a.cluster} ${a.localUp} ${a.downLocal} ${a.downRemote} - ${a.route}`;
}

export function envoyCircuitBreaker(seed: number): Scenario {
  const name = "envoy-circuit-breaker-overflow";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "Inventory reservations slow down after a migration; the checkout sidecar's circuit breaker answers 503 UO and its route times out, seen through Envoy access logs in Vector's Kubernetes records",
  );
  const t0 = startTime(rng, 8, 20);
  const span = rng.int(40, 50) * MIN;
  const onset = t0 + Math.floor(span * rng.float(0.38, 0.55));
  const recovery = onset + Math.floor(span * rng.float(0.16, 0.22));
  const checkoutHash = rng.alnum(10, "bcdfghjklmnpqrstvwxz2456789");
  const invHash = rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789");
  const checkouts = [0, 1, 2].map(() => pod(rng, "checkout", checkoutHash, "registry.shop.internal/checkout:2.14.1"));
  const inventories = [0, 1].map(() => pod(rng, "inventory", invHash, "registry.shop.internal/inventory:1.9.4"));
  const gateways = [rng.ip("10.1"), rng.ip("10.1")];
  const invVip = `10.96.${rng.int(0, 255)}.${rng.int(2, 254)}`;
  const payVip = `10.96.${rng.int(0, 255)}.${rng.int(2, 254)}`;
  const payHost = rng.ip("10.1");

  const inFault = (t: number): boolean => t >= onset && t < recovery;
  const addLine = (t: number, p: Pod, container: string, msg: string | undefined, label: Label, extra: Entry = {}): void =>
    inc.add(t, record(t, p, container, msg, extra), label);

  const sku = (): string => `SKU-${rng.int(10000, 99999)}`;
  // Medians and the 10x ratio that makes a line slow for an on-call engineer.
  const rate = rng.float(19, 24);
  const n = Math.floor((span / MIN) * rate);
  for (let i = 0; i < n; i++) {
    const start = t0 + Math.floor(rng.float(0, span));
    const co = rng.pick(checkouts);
    const inv = rng.pick(inventories);
    const rid = rng.uuid();
    const kind = rng.weighted([
      ["cart", 45],
      ["checkout", 20],
      ["shipping", 25],
      ["availability", 10],
    ] as const);
    const ua = "checkout/2.14.1";
    let cursor = start + Math.floor(rng.float(1, 4));
    let failed: "overflow" | "timeout" | null = null;
    let slowUpstream = false;
    const callInventory = (method: string, path: string, median: number, faultMedian: number): void => {
      const callStart = cursor;
      let dur = Math.min(rng.logn(median, 0.4), median * 4);
      let code = 200;
      let flags = "-";
      let details = "via_upstream";
      const fault = inFault(callStart);
      if (fault && rng.chance(0.3)) {
        dur = rng.int(0, 1);
        code = 503;
        flags = "UO";
        details = "upstream_reset_before_response_started{overflow}";
      } else if (fault) {
        dur = rng.logn(faultMedian, 0.6);
        if (dur > 3000) {
          dur = 3000 + rng.int(0, 3);
          code = 504;
          flags = "UT";
          details = "response_timeout";
        }
      }
      dur = Math.round(dur);
      const end = callStart + dur;
      const slow = dur >= median * 10;
      const label: Label = code === 503 ? "error" : code === 504 || slow ? "performance" : null;
      if (label === "performance") slowUpstream = true;
      const rx = method === "POST" ? rng.int(180, 260) : 0;
      addLine(
        end,
        co,
        "istio-proxy",
        envoyLine(callStart, {
          method,
          path,
          code,
          flags,
          details,
          rx,
          tx: code === 503 ? 81 : code === 504 ? 24 : rng.int(120, 900),
          dur,
          ust: code === 200 ? String(Math.max(0, dur - rng.int(0, 2))) : "-",
          ua,
          rid,
          authority: "inventory.shop.svc.cluster.local:8080",
          upstreamHost: code === 503 ? "-" : `${inv.ip}:8080`,
          cluster: "outbound|8080||inventory.shop.svc.cluster.local",
          localUp: code === 503 ? "-" : `${co.ip}:${rng.int(32768, 60999)}`,
          downLocal: `${invVip}:8080`,
          downRemote: `${co.ip}:${rng.int(32768, 60999)}`,
          route: "default",
        }),
        label,
      );
      if (code !== 503) {
        // The inventory's own sidecar and, now and then, the inventory process.
        const invDur = code === 504 ? 3000 : Math.max(0, dur - rng.int(0, 1));
        addLine(
          end,
          inv,
          "istio-proxy",
          envoyLine(callStart + 1, {
            method,
            path,
            code: code === 504 ? 0 : 200,
            flags: code === 504 ? "DC" : "-",
            details: code === 504 ? "downstream_remote_disconnect" : "via_upstream",
            rx,
            tx: code === 504 ? 0 : rng.int(120, 900),
            dur: invDur,
            ust: code === 504 ? "-" : String(Math.max(0, invDur - 1)),
            ua,
            rid,
            authority: "inventory.shop.svc.cluster.local:8080",
            upstreamHost: `${inv.ip}:8080`,
            cluster: "inbound|8080||",
            localUp: `127.0.0.6:${rng.int(32768, 60999)}`,
            downLocal: `${inv.ip}:8080`,
            downRemote: `${co.ip}:${rng.int(32768, 60999)}`,
            route: "default",
          }),
          label === "error" ? null : label,
        );
        const took = (d: number): string => (d >= 1000 ? `${(d / 1000).toFixed(2)}s` : `${d.toFixed(1)}ms`);
        if (path.startsWith("/v1/reservations")) {
          const dbDur = Math.max(1, invDur - rng.int(1, 4));
          if (code === 504) {
            addLine(
              end + 2,
              inv,
              "inventory",
              `time="${iso(end + 2).slice(0, 19)}Z" level=error msg="reserve stock: pq: canceling statement due to user request" order=${rng.int(100000, 999999)} took=${took(dbDur)}`,
              "error",
            );
          } else if (dbDur >= 400) {
            addLine(
              end - 1,
              inv,
              "inventory",
              `time="${iso(end - 1).slice(0, 19)}Z" level=warning msg="slow query" query="UPDATE stock_reservations SET qty = qty + $1 WHERE sku = $2 AND warehouse_id = $3" took=${took(dbDur)} rows=1`,
              "performance",
            );
          } else if (rng.chance(0.5)) {
            addLine(
              end - 1,
              inv,
              "inventory",
              `time="${iso(end - 1).slice(0, 19)}Z" level=info msg="reserved stock" sku=${sku()} qty=${rng.int(1, 3)} took=${took(dbDur)}`,
              null,
            );
          }
        } else if (rng.chance(0.15)) {
          addLine(
            end - 1,
            inv,
            "inventory",
            `time="${iso(end - 1).slice(0, 19)}Z" level=info msg="stock lookup" skus=${rng.int(1, 6)} cache_hits=${rng.int(0, 3)} took=${took(Math.max(0.3, invDur - 1))}`,
            null,
          );
        }
      }
      cursor = end + rng.int(0, 2);
      if (code === 503) failed = "overflow";
      if (code === 504) failed = "timeout";
    };

    let path = "";
    let method = "GET";
    let ownMedian = 6;
    if (kind === "cart") {
      path = `/api/v1/cart/${rng.uuid()}`;
      callInventory("GET", `/v1/stock?skus=${sku()},${sku()}`, 9, 70);
    } else if (kind === "availability") {
      path = `/api/v1/products/${rng.int(1000, 99999)}/availability`;
      callInventory("GET", `/v1/stock?skus=${sku()}`, 8, 60);
    } else if (kind === "shipping") {
      path = `/api/v1/shipping-options?country=${rng.pick(["DE", "FR", "NL", "BE", "AT", "PL"])}`;
      ownMedian = 14;
    } else {
      method = "POST";
      path = "/api/v1/checkout";
      callInventory("POST", "/v1/reservations", 18, 2200);
      if (!failed) {
        const payStart = cursor;
        const payDur = Math.round(Math.min(rng.logn(120, 0.35), 420));
        addLine(
          payStart + payDur,
          co,
          "istio-proxy",
          envoyLine(payStart, {
            method: "POST",
            path: "/v1/charges",
            code: 201,
            flags: "-",
            details: "via_upstream",
            rx: rng.int(300, 420),
            tx: rng.int(200, 320),
            dur: payDur,
            ust: String(payDur - 1),
            ua,
            rid,
            authority: "payments.shop.svc.cluster.local:8080",
            upstreamHost: `${payHost}:8080`,
            cluster: "outbound|8080||payments.shop.svc.cluster.local",
            localUp: `${co.ip}:${rng.int(32768, 60999)}`,
            downLocal: `${payVip}:8080`,
            downRemote: `${co.ip}:${rng.int(32768, 60999)}`,
            route: "default",
          }),
          null,
        );
        cursor = payStart + payDur + 1;
      }
    }
    const own = Math.round(Math.min(rng.logn(ownMedian, 0.4), ownMedian * 4));
    const end = cursor + own;
    const dur = end - start;
    const code = failed === "overflow" ? 503 : failed === "timeout" ? 504 : 200;
    const orderId = rng.int(1000000, 9999999);
    if (failed) {
      addLine(end - 1, co, "checkout", undefined, "error", {
        level: 50,
        time: end - 1,
        pid: 1,
        hostname: co.name,
        reqId: rid,
        msg: `inventory ${kind === "checkout" ? "reservation" : "lookup"} failed`,
        err: {
          type: "UpstreamError",
          message: failed === "overflow" ? "upstream connect error or disconnect/reset before headers. reset reason: overflow" : "upstream request timeout",
          statusCode: code,
          stack: `UpstreamError: ${failed === "overflow" ? "upstream connect error or disconnect/reset before headers. reset reason: overflow" : "upstream request timeout"}\n    at InventoryClient.request (/app/dist/clients/inventory.js:88:19)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n    at async CheckoutService.${kind === "checkout" ? "reserve" : "availability"} (/app/dist/services/checkout.js:141:23)`,
        },
        ...(kind === "checkout" ? { orderId } : {}),
      });
    } else if (kind === "checkout") {
      addLine(end - 1, co, "checkout", undefined, null, {
        level: 30,
        time: end - 1,
        pid: 1,
        hostname: co.name,
        reqId: rid,
        msg: "order placed",
        orderId,
        items: rng.int(1, 5),
        total_cents: rng.int(1500, 42000),
        currency: "EUR",
      });
    }
    const inboundLabel: Label = code === 503 ? "error" : code === 504 || slowUpstream ? "performance" : null;
    addLine(
      end,
      co,
      "istio-proxy",
      envoyLine(start, {
        method,
        path,
        code,
        flags: "-",
        details: "via_upstream",
        rx: method === "POST" ? rng.int(400, 1400) : 0,
        tx: code === 200 ? rng.int(200, 4000) : rng.int(60, 140),
        dur,
        ust: String(Math.max(0, dur - 1)),
        ua: rng.pick([
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0",
          "ShopApp/5.12.0 (Android 14)",
        ]),
        rid,
        authority: "shop.example.com",
        upstreamHost: `${co.ip}:8080`,
        cluster: "inbound|8080||",
        localUp: `127.0.0.6:${rng.int(32768, 60999)}`,
        downLocal: `${co.ip}:8080`,
        downRemote: `${rng.pick(gateways)}:${rng.int(32768, 60999)}`,
        route: "default",
      }),
      inboundLabel,
    );
  }

  // Envoy's own lines: the xDS stream is recycled about every 30 minutes on every sidecar, all day.
  for (const p of [...checkouts, ...inventories]) {
    for (let t = t0 + rng.int(0, 30) * MIN; t < t0 + span; t += rng.int(25, 32) * MIN) {
      const ago = rng.int(1500, 1900);
      addLine(
        t,
        p,
        "istio-proxy",
        `${isoUs(t)}\twarning\tenvoy config external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:152\tStreamAggregatedResources gRPC config stream to xds-grpc closed since ${ago}s ago: 13, \tthread=15`,
        null,
        { stream: "stderr" },
      );
      addLine(
        t + rng.int(20, 200),
        p,
        "istio-proxy",
        `${isoUs(t + 200)}\tinfo\txdsproxy\tconnected to upstream XDS server: istiod.istio-system.svc:15012\tid=${rng.int(2, 40)}`,
        null,
        { stream: "stderr" },
      );
    }
  }
  // The checkout answers Prometheus' scrape and logs its pool every minute.
  for (const p of checkouts) {
    for (let t = t0 + rng.int(0, 59) * SEC; t < t0 + span; t += MIN) {
      const busy = inFault(t) ? rng.int(40, 64) : rng.int(1, 9);
      addLine(t, p, "checkout", undefined, inFault(t) ? "performance" : null, {
        level: 30,
        time: t,
        pid: 1,
        hostname: p.name,
        msg: "http agent pool",
        upstream: "inventory",
        sockets: busy,
        freeSockets: Math.max(0, 12 - busy),
        pending: inFault(t) ? rng.int(20, 140) : 0,
      });
    }
  }
  return inc.finish();
}
