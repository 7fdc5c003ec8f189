// Cloud-native services: OpenTelemetry log records with Kubernetes resources and trace ids, and
// Go gRPC services logging with slog where a failure shows at INFO.

import type { Scenario } from "../blind/types.js";
import { iso, MIN, SEC, startTime } from "./clock.js";
import { otel, slog } from "./formats.js";
import { every, Incident, type Label, poisson, round } from "./incident.js";
import type { Rng } from "./rng.js";
import { podName, spanId, traceId } from "./vocab.js";

/**
 * An OpenTelemetry-demo-like shop on Kubernetes (OTLP log records as JSON, nested resource and
 * attributes, trace ids): a product-catalog rollout ships a build that cannot decode part of the
 * catalogue; GetProduct fails with INTERNAL for those ids, the frontend and recommendations fail
 * on the same traces; a rollback ends it. Kubernetes events ride along.
 */
export function k8sOtelBadRollout(rng: Rng): Scenario {
  const start = startTime(rng, 7, 21);
  const inc = new Incident(start, start + rng.int(45, 55) * MIN);
  const rollout = inc.at(rng.float(0.35, 0.45));
  const rollback = inc.at(rng.float(0.68, 0.76));
  const badLive = (t: number): boolean => t >= rollout + 70 * SEC && t < rollback + 50 * SEC;
  const node = () => `gke-shop-pool-${rng.alnum(8)}-${rng.alnum(4)}`;
  const res = (service: string, version: string, pod: string, lang: string, n: string): Record<string, unknown> => ({
    "service.name": service,
    "service.version": version,
    "service.namespace": "shop",
    "deployment.environment": "production",
    "k8s.namespace.name": "shop",
    "k8s.pod.name": pod,
    "k8s.node.name": n,
    "k8s.deployment.name": service,
    "telemetry.sdk.language": lang,
  });
  const oldRs = `product-catalog-${rng.alnum(10)}`;
  const newRs = `product-catalog-${rng.alnum(10)}`;
  const catOld = [0, 1].map(() => res("product-catalog", "1.8.2", `${oldRs}-${rng.alnum(5)}`, "go", node()));
  const catNew = [0, 1].map(() => res("product-catalog", "1.9.0", `${newRs}-${rng.alnum(5)}`, "go", node()));
  const front = [0, 1, 2].map(() => res("frontend", "2.4.1", podName(rng, "frontend"), "nodejs", node()));
  const reco = [0, 1].map(() => res("recommendation", "1.3.0", podName(rng, "recommendation"), "python", node()));
  const ads = [res("ad", "1.1.7", podName(rng, "ad"), "java", node())];
  const catalog = (t: number): Record<string, unknown>[] => (badLive(t) ? catNew : catOld);
  const productIds = Array.from({ length: 40 }, () => rng.alnum(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"));
  const brokenIds = new Set(productIds.filter(() => rng.chance(0.12)));
  const add = (
    t: number,
    sev: "DEBUG" | "INFO" | "WARN" | "ERROR",
    body: string,
    r: Record<string, unknown>,
    attrs: Record<string, unknown>,
    tr: string | undefined,
    label: Label,
  ): void => {
    inc.add(t, otel(t, sev, body, r, attrs, tr, tr ? spanId(rng) : undefined), label);
  };
  /** one GetProduct on the catalog at t; returns whether it failed and how long it took */
  const getProduct = (t: number, id: string, tr: string): { failed: boolean; ms: number } => {
    const r = rng.pick(catalog(t));
    if (badLive(t) && brokenIds.has(id)) {
      const ms = rng.logn(3, 0.3);
      add(
        t + ms,
        "ERROR",
        `failed to decode product ${id}: proto: cannot parse invalid wire-format data`,
        r,
        {
          "rpc.system": "grpc",
          "rpc.service": "oteldemo.ProductCatalogService",
          "rpc.method": "GetProduct",
          "rpc.grpc.status_code": 13,
          "app.product.id": id,
          "code.filepath": "/app/catalog/decode.go",
          "code.lineno": 88,
        },
        tr,
        "error",
      );
      return { failed: true, ms };
    }
    const ms = rng.logn(2.5, 0.35);
    if (rng.chance(0.25))
      add(
        t + ms,
        "DEBUG",
        `served GetProduct ${id}`,
        r,
        {
          "rpc.system": "grpc",
          "rpc.service": "oteldemo.ProductCatalogService",
          "rpc.method": "GetProduct",
          "rpc.grpc.status_code": 0,
          "app.product.id": id,
          duration_ms: round(ms, 3),
        },
        tr,
        null,
      );
    return { failed: false, ms };
  };

  poisson(rng, inc.start, inc.end, rng.float(0.5, 0.6), (t) => {
    const tr = traceId(rng);
    const f = rng.pick(front);
    const kind = rng.weighted([
      ["product", 40],
      ["home", 20],
      ["reco", 20],
      ["ads", 12],
      ["cart", 8],
    ] as const);
    const http = (
      t2: number,
      route: string,
      path: string,
      status: number,
      ms: number,
      label: Label,
      sev: "INFO" | "WARN" | "ERROR" = "INFO",
      body?: string,
    ): void => {
      add(
        t2,
        sev,
        body ?? `GET ${path} ${status}`,
        f,
        {
          "http.request.method": "GET",
          "http.route": route,
          "url.path": path,
          "http.response.status_code": status,
          duration_ms: round(ms, 2),
          "user_agent.original": "Mozilla/5.0",
          "session.id": rng.uuid(),
        },
        tr,
        label,
      );
    };
    switch (kind) {
      case "product": {
        const id = rng.pick(productIds);
        const g = getProduct(t + 2, id, tr);
        const ms = g.ms + rng.logn(25, 0.35);
        if (g.failed)
          http(
            t + ms,
            "/api/products/[productId]",
            `/api/products/${id}`,
            500,
            ms,
            "error",
            "ERROR",
            `Error fetching product ${id}: 13 INTERNAL: failed to decode product ${id}: proto: cannot parse invalid wire-format data`,
          );
        else http(t + ms, "/api/products/[productId]", `/api/products/${id}`, 200, ms, null);
        break;
      }
      case "home":
      case "reco": {
        const r = rng.pick(reco);
        const ids = [0, 1, 2].map(() => rng.pick(productIds));
        const t1 = t + rng.logn(4, 0.3);
        add(
          t1,
          "INFO",
          `Receive ListRecommendations for product ids:[${ids
            .slice(0, 2)
            .map((x) => `'${x}'`)
            .join(", ")}]`,
          r,
          { "rpc.system": "grpc", "rpc.method": "ListRecommendations", "code.function": "ListRecommendations" },
          tr,
          null,
        );
        let failed = false;
        for (const id of ids) if (getProduct(t1 + 2, id, tr).failed) failed = true;
        const ms = rng.logn(kind === "home" ? 90 : 35, 0.35);
        if (failed) {
          add(
            t1 + 12,
            "ERROR",
            'ListRecommendations failed: <_InactiveRpcError of RPC that terminated with:\n\tstatus = StatusCode.INTERNAL\n\tdetails = "failed to decode product: proto: cannot parse invalid wire-format data"\n\tdebug_error_string = "UNKNOWN:Error received from peer  {grpc_status:13, grpc_message:"failed to decode product"}"\n>',
            r,
            { "rpc.system": "grpc", "rpc.method": "ListRecommendations", "exception.type": "grpc._channel._InactiveRpcError" },
            tr,
            "error",
          );
          http(
            t + ms,
            kind === "home" ? "/" : "/api/recommendations",
            kind === "home" ? "/" : `/api/recommendations?productIds=${ids[0]}`,
            kind === "home" ? 200 : 500,
            ms,
            "error",
            kind === "home" ? "WARN" : "ERROR",
            kind === "home" ? "rendered / without recommendations: upstream 13 INTERNAL" : undefined,
          );
        } else http(t + ms, kind === "home" ? "/" : "/api/recommendations", kind === "home" ? "/" : `/api/recommendations?productIds=${ids[0]}`, 200, ms, null);
        break;
      }
      case "ads": {
        const a = rng.pick(ads);
        const word = rng.pick(["binoculars", "telescopes", "accessories", "assembly", "travel", "books", "kitchen"]);
        const t1 = t + rng.logn(3, 0.3);
        if (word === "kitchen") add(t1, "WARN", "no ads found for context key 'kitchen', returning random ads", a, { "app.ads.contextKeys": [word] }, tr, null);
        else add(t1, "INFO", `received ad request (context_words=[${word}])`, a, { "app.ads.contextKeys": [word], "app.ads.count": 2 }, tr, null);
        const ms = rng.logn(12, 0.35);
        http(t + ms, "/api/data", `/api/data?contextKeys=${word}`, 200, ms, null);
        break;
      }
      default: {
        const ms = rng.logn(18, 0.35);
        http(t + ms, "/api/cart", "/api/cart", 200, ms, null);
      }
    }
  });

  // Kubernetes events for the rollout and the rollback
  const kev = (t: number, type: "Normal" | "Warning", reason: string, kind: string, name: string, msg: string, label: Label = null): void => {
    add(
      t,
      type === "Normal" ? "INFO" : "WARN",
      msg,
      { "service.name": "k8s-events", "k8s.namespace.name": "shop", "k8s.cluster.name": "prod-eu-1" },
      { "k8s.event.reason": reason, "k8s.event.type": type, "k8s.object.kind": kind, "k8s.object.name": name, "k8s.event.count": 1 },
      undefined,
      label,
    );
  };
  const rolloutEvents = (t0: number, fromRs: string, toRs: string, toPods: Record<string, unknown>[], image: string): void => {
    let t = t0;
    kev(t, "Normal", "ScalingReplicaSet", "Deployment", "product-catalog", `Scaled up replica set ${toRs} to 1`);
    for (const [i, p] of toPods.entries()) {
      const pod = String(p["k8s.pod.name"]);
      t += rng.float(1, 3) * SEC;
      kev(t, "Normal", "Scheduled", "Pod", pod, `Successfully assigned shop/${pod} to ${String(p["k8s.node.name"])}`);
      kev(t + 400, "Normal", "Pulling", "Pod", pod, `Pulling image "${image}"`);
      kev(t + 2800, "Normal", "Pulled", "Pod", pod, `Successfully pulled image "${image}" in 2.31s (2.31s including waiting). Image size: 18812345 bytes.`);
      kev(t + 2900, "Normal", "Created", "Pod", pod, "Created container product-catalog");
      kev(t + 3100, "Normal", "Started", "Pod", pod, "Started container product-catalog");
      t += rng.float(15, 25) * SEC;
      kev(t, "Normal", "ScalingReplicaSet", "Deployment", "product-catalog", `Scaled down replica set ${fromRs} to ${1 - i}`);
      if (i === 0) kev(t + 200, "Normal", "ScalingReplicaSet", "Deployment", "product-catalog", `Scaled up replica set ${toRs} to 2`);
    }
  };
  rolloutEvents(rollout, oldRs, newRs, catNew, "ghcr.io/acme-shop/product-catalog:1.9.0");
  for (const p of catNew)
    add(
      rollout + 10 * SEC,
      "INFO",
      "product catalog gRPC server started on port 3550 (catalog v1.9.0, 40 products from catalog.pb)",
      p,
      { "server.port": 3550 },
      undefined,
      null,
    );
  rolloutEvents(rollback, newRs, oldRs, catOld, "ghcr.io/acme-shop/product-catalog:1.8.2");

  // routine
  every(rng, inc.start, inc.end, 4 * MIN, 30 * SEC, (t) =>
    add(
      t,
      "ERROR",
      "flagd provider error: 14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 10.12.0.44:8013; using default flag values",
      rng.pick(front),
      { "feature_flag.provider_name": "flagd" },
      undefined,
      null,
    ),
  );
  every(rng, inc.start, inc.end, 60 * SEC, 2 * SEC, (t) =>
    add(t, "INFO", "ReadProductsFile: catalog reloaded, 40 products", rng.pick(catalog(t)), { "app.products.count": 40 }, undefined, null),
  );

  return inc.build(
    "k8s-otel-bad-catalog-rollout",
    "OTLP JSON with k8s resources and trace ids: a product-catalog rollout cannot decode 30% of products, GetProduct INTERNAL errors propagate to frontend and recommendations on the same traces until a rollback",
  );
}

/**
 * Go services logging with slog (RFC 3339 nanoseconds, +02:00): carrier-adapter's calls to one
 * carrier slow down, fulfillment's client deadline of 2 s expires, order-api answers 503. The
 * gRPC interceptors log every finished call at INFO, whatever its code; durations are integer
 * nanoseconds as slog writes a time.Duration.
 */
export function grpcDeadlinesAtInfo(rng: Rng): Scenario {
  const start = startTime(rng, 6, 20);
  const inc = new Incident(start, start + rng.int(40, 50) * MIN);
  const onset = inc.at(rng.float(0.45, 0.6));
  const recover = onset + rng.float(8, 13) * MIN;
  const slowUps = (t: number): boolean => t >= onset && t < recover;
  const OFF = 120;
  const pods = {
    api: [podName(rng, "order-api"), podName(rng, "order-api")],
    ful: [podName(rng, "fulfillment"), podName(rng, "fulfillment")],
    car: [podName(rng, "carrier-adapter")],
  };
  const line = (
    t: number,
    level: "DEBUG" | "INFO" | "WARN" | "ERROR",
    msg: string,
    service: string,
    pod: string,
    fields: Record<string, unknown>,
    label: Label,
  ): void => {
    inc.add(t, slog(t, OFF, level, msg, { service, pod, ...fields }), label);
  };
  const call = (
    t: number,
    component: "server" | "client",
    service: string,
    pod: string,
    grpcService: string,
    method: string,
    code: string,
    ms: number,
    startedAt: number,
    label: Label,
    extra: Record<string, unknown> = {},
  ): void => {
    line(
      t,
      "INFO",
      "finished call",
      service,
      pod,
      {
        protocol: "grpc",
        "grpc.component": component,
        "grpc.service": grpcService,
        "grpc.method": method,
        "grpc.method_type": "unary",
        "peer.address": `10.42.${rng.int(0, 5)}.${rng.int(2, 250)}:${rng.int(30000, 60000)}`,
        "grpc.start_time": iso(startedAt, { offsetMin: OFF, frac: 9 }),
        "grpc.code": code,
        "grpc.time_ms": ms.toFixed(3),
        ...extra,
      },
      label,
    );
  };
  const FUL = "acme.fulfillment.v1.FulfillmentService";
  const CAR = "acme.carriers.v1.CarrierService";

  poisson(rng, inc.start, inc.end, rng.float(0.42, 0.5), (t) => {
    const api = rng.pick(pods.api);
    const ful = rng.pick(pods.ful);
    const car = pods.car[0] as string;
    const traceId = rng.hex(32);
    const order = `o_${rng.alnum(12)}`;
    if (rng.chance(0.7)) {
      const d = rng.logn(4, 0.35);
      call(t + 1 + d, "server", "fulfillment", ful, FUL, "GetShipment", "OK", d, t + 1, null, { trace_id: traceId });
      const total = d + rng.logn(3, 0.3);
      line(
        t + total,
        "INFO",
        "request",
        "order-api",
        api,
        { method: "GET", path: `/v1/orders/${order}/shipment`, status: 200, duration: Math.round(total * 1e6), trace_id: traceId },
        null,
      );
      return;
    }
    const carrier = rng.weighted([
      ["ups", 4],
      ["dhl", 5],
      ["dpd", 1],
    ] as const);
    const t1 = t + 2;
    const t2 = t1 + 2;
    const upstream = slowUps(t2) && carrier === "ups" ? rng.logn(2600, 0.35) : rng.logn(carrier === "ups" ? 240 : 180, 0.3);
    const deadline = 2000;
    if (upstream > deadline - 10) {
      // the client gives up at its deadline; the server notices the cancellation later
      line(
        t2 + upstream,
        "INFO",
        "carrier request",
        "carrier-adapter",
        car,
        { carrier, endpoint: "/api/shipments/v2409/ship", status: 200, duration: Math.round(upstream * 1e6), trace_id: traceId },
        "performance",
      );
      call(t2 + upstream + 1, "server", "carrier-adapter", car, CAR, "CreateLabel", "Canceled", upstream + 1, t2, "performance", {
        trace_id: traceId,
        "grpc.error": "context canceled",
      });
      call(t1 + deadline, "client", "fulfillment", ful, CAR, "CreateLabel", "DeadlineExceeded", deadline, t1, "performance", {
        trace_id: traceId,
        "grpc.error": "rpc error: code = DeadlineExceeded desc = context deadline exceeded",
      });
      call(t1 + deadline + 1, "server", "fulfillment", ful, FUL, "CreateShipment", "Unavailable", deadline + 2, t1 - 1, "error", {
        trace_id: traceId,
        "grpc.error": "rpc error: code = Unavailable desc = carrier ups did not answer in time",
      });
      line(
        t1 + deadline + 3,
        "ERROR",
        "request",
        "order-api",
        api,
        {
          method: "POST",
          path: `/v1/orders/${order}/shipment`,
          status: 503,
          duration: Math.round((deadline + 5) * 1e6),
          trace_id: traceId,
          error: "fulfillment: Unavailable: carrier ups did not answer in time",
        },
        "error",
      );
      return;
    }
    const slow = upstream > 900;
    line(
      t2 + upstream,
      "INFO",
      "carrier request",
      "carrier-adapter",
      car,
      {
        carrier,
        endpoint: carrier === "ups" ? "/api/shipments/v2409/ship" : carrier === "dhl" ? "/parcel/de/shipping/v2/orders" : "/rest/services/shipment/v1",
        status: 200,
        duration: Math.round(upstream * 1e6),
        trace_id: traceId,
      },
      slow ? "performance" : null,
    );
    call(t2 + upstream + 1, "server", "carrier-adapter", car, CAR, "CreateLabel", "OK", upstream + 1, t2, slow ? "performance" : null, { trace_id: traceId });
    call(t2 + upstream + 2, "client", "fulfillment", ful, CAR, "CreateLabel", "OK", upstream + 2, t1, slow ? "performance" : null, { trace_id: traceId });
    const fd = upstream + rng.logn(12, 0.3);
    call(t1 + fd, "server", "fulfillment", ful, FUL, "CreateShipment", "OK", fd, t1 - 1, slow ? "performance" : null, { trace_id: traceId });
    line(
      t + fd + 4,
      "INFO",
      "request",
      "order-api",
      api,
      { method: "POST", path: `/v1/orders/${order}/shipment`, status: 201, duration: Math.round((fd + 4) * 1e6), trace_id: traceId },
      slow ? "performance" : null,
    );
  });

  // routine: token refresh, outbox polling, webhook signature noise, kube probes
  every(rng, inc.start, inc.end, 10 * MIN, 10 * SEC, (t) => {
    for (const c of ["ups", "dhl"])
      line(t + (c === "dhl" ? 700 : 0), "INFO", "refreshed oauth token", "carrier-adapter", pods.car[0] as string, { carrier: c, expires_in: 3599 }, null);
  });
  for (const p of pods.ful)
    every(rng, inc.start, inc.end, 30 * SEC, 2000, (t) =>
      line(t, "DEBUG", "outbox poll", "fulfillment", p, { batch: rng.int(0, 6), duration: Math.round(rng.logn(3, 0.3) * 1e6) }, null),
    );
  poisson(rng, inc.start, inc.end, 1 / 200, (t) =>
    line(
      t,
      "ERROR",
      "tracking webhook rejected",
      "carrier-adapter",
      pods.car[0] as string,
      { carrier: "dhl", error: "signature mismatch", remote: rng.publicIp() },
      null,
    ),
  );
  for (const p of pods.api)
    every(rng, inc.start, inc.end, 20 * SEC, 200, (t) =>
      line(t, "DEBUG", "request", "order-api", p, { method: "GET", path: "/readyz", status: 200, duration: rng.int(20000, 90000) }, null),
    );

  return inc.build(
    "grpc-deadline-exceeded-at-info",
    "Go slog services: one carrier's API slows, gRPC client deadlines expire (logged at INFO as 'finished call' with a code), fulfillment returns Unavailable, order-api 503s; durations in ns",
  );
}
