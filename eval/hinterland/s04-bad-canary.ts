// 4) A canary of pricing-svc ships a rules file with locale-formatted numbers;
// the one canary pod (20 % of traffic) answers 500 for every quote with a
// promotion, checkout shows 502s, the rollout analysis fails and aborts. Late.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, round, ipIn, ipPublic, BROWSER_UAS, isoZ, type Label } from "./lib.js";
import { slog, logrus, lograge, rubyLogstash, pyJson, k8sEvent, type F } from "./producers.js";

export function s04BadCanary(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(112, 126) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const decoyT = T0 + W * r.float(0.14, 0.3);
  const canaryT = T0 + W * r.float(0.62, 0.72);
  const canaryReady = canaryT + r.int(20, 35) * 1000;
  const abortT = canaryReady + r.int(17, 24) * MIN;
  const weight = 20;
  const inCanary = (t: number): boolean => t >= canaryReady && t < abortT;

  const stableRs = r.rsHash();
  const canaryRs = r.rsHash();
  const stable = [0, 1, 2, 3].map(() => `pricing-svc-${stableRs}-${r.podSuffix()}`);
  const canary = `pricing-svc-${canaryRs}-${r.podSuffix()}`;
  const stableVer = "v2.30.4";
  const canaryVer = "v2.31.0";
  const rev = r.int(38, 60);
  const nodes = Array.from({ length: 4 }, () => `ip-10-7-${r.int(0, 255)}-${r.int(2, 254)}.eu-central-1.compute.internal`);
  const rules = ["BF", "WINTER", "LOYAL", "APP", "BUNDLE", "NEWCUST", "STAFF", "VIP"].map((p) => ({
    id: `${p}-${2024 + r.int(0, 1)}-${r.int(10, 99)}`,
    // in the new rules file a few percentages were written with decimal commas
    bad: r.chance(0.5) ? `${r.int(5, 30)},${r.pick(["5", "25", "75", "9"])}` : null,
  }));
  if (!rules.some((x) => x.bad)) rules[0] = { id: rules[0]?.id ?? "BF-2024-11", bad: "12,5" };

  // ------------------------------------------------------------ pricing-svc request handling (slog)
  const quote = (t: number, caller: string): { status: number; lbl: Label; err?: string } => {
    const toCanary = inCanary(t) && r.chance(weight / 100);
    const pod = toCanary ? canary : r.pick(stable);
    const promo = r.chance(0.6);
    const rid = r.uuid();
    const ms = r.logn(promo ? 11 : 7, 0.45);
    const base: F = { method: "POST", path: "/v1/quote", request_id: rid, caller, pod, version: toCanary ? canaryVer : stableVer };
    const rule = r.pick(rules);
    if (toCanary && promo && rule.bad) {
      const val = rule.bad;
      const err = `rule "${rule.id}": parse percentage "${val}": strconv.ParseFloat: parsing "${val}": invalid syntax`;
      sink.add(t + ms - 0.5, slog(t + ms - 0.5, "error", "apply discount rules", { request_id: rid, pod, cart_items: r.int(1, 6), err }), "error");
      sink.add(t + ms, slog(t + ms, "error", "request handled", { ...base, status: 500, duration: Math.round(ms * 1e6), bytes: 92 }), "error");
      return { status: 500, lbl: "error", err };
    }
    const st = r.chance(0.015) ? 422 : 200;
    if (st === 422)
      sink.add(
        t + ms - 0.3,
        slog(t + ms - 0.3, "warn", "coupon rejected", { request_id: rid, pod, reason: r.pick(["expired", "min_basket_not_met", "not_found"]) }),
      );
    sink.add(t + ms, slog(t + ms, "info", "request handled", { ...base, status: st, duration: Math.round(ms * 1e6), bytes: r.int(400, 2400) }));
    return { status: st, lbl: null };
  };
  for (const t of arrivals(r, T0, T1, 10)) quote(t, r.pick(["cart-svc", "cart-svc", "web-bff"]));
  // stable pods' other endpoints
  for (const t of arrivals(r, T0, T1, 2.5)) {
    const pod = inCanary(t) && r.chance(weight / 100) ? canary : r.pick(stable);
    const sku = `SKU-${r.int(10000, 99999)}`;
    const ms = r.logn(3, 0.4);
    sink.add(
      t,
      slog(t, "info", "request handled", {
        method: "GET",
        path: `/v1/prices/${sku}`,
        request_id: r.uuid(),
        caller: "catalog-bff",
        pod,
        version: pod === canary ? canaryVer : stableVer,
        status: r.chance(0.02) ? 404 : 200,
        duration: Math.round(ms * 1e6),
        bytes: r.int(200, 600),
      }),
    );
  }
  // routine: rule cache refresh on every pod
  for (const p of stable) {
    for (const t of ticks(r, T0, T1, 10 * MIN, 20000)) {
      sink.add(t, slog(t, "info", "discount rules refreshed", { pod: p, rules: 214 + r.int(0, 3), checksum: r.hex(12), duration: r.int(2, 9) * 1e6 }));
    }
  }

  // ------------------------------------------------------------ checkout (Rails) + envoy ingress
  const ckRs = r.rsHash();
  let ckPods = [0, 1, 2].map(() => `checkout-${ckRs}-${r.podSuffix()}`);
  const ckNewRs = r.rsHash();
  const ckNew = [0, 1, 2].map(() => `checkout-${ckNewRs}-${r.podSuffix()}`);
  const ingressPod = `istio-ingressgateway-${r.rsHash()}-${r.podSuffix()}`;
  const envoy = (t: number, method: string, path: string, code: number, ms: number, upstream: string, ua: string, xff: string, lbl: Label): void => {
    const start = t - ms;
    sink.add(
      t,
      {
        timestamp: isoZ(t, 6),
        start_time: isoZ(start, 3),
        method,
        path,
        protocol: "HTTP/2",
        response_code: code,
        response_flags: "-",
        response_code_details: code >= 500 ? "via_upstream" : "via_upstream",
        bytes_received: method === "POST" ? r.int(200, 1400) : 0,
        bytes_sent: code >= 400 ? r.int(80, 300) : r.int(600, 9000),
        duration: Math.round(ms),
        upstream_service_time: String(Math.max(0, Math.round(ms - 1))),
        x_forwarded_for: xff,
        user_agent: ua,
        request_id: r.uuid(),
        authority: "shop.example.com",
        upstream_host: `${upstream}:3000`,
        upstream_cluster: "outbound|3000||checkout.shop.svc.cluster.local",
        route_name: "checkout",
        kubernetes: { pod_name: ingressPod, pod_namespace: "istio-system", container_name: "istio-proxy" },
        source_type: "kubernetes_logs",
        stream: "stdout",
      },
      lbl,
    );
  };
  const podIp = new Map<string, string>();
  const ipOf = (p: string): string => {
    let v = podIp.get(p);
    if (!v) {
      v = ipIn(r, "10.7");
      podIp.set(p, v);
    }
    return v;
  };
  for (const t of arrivals(r, T0, T1, 6.2)) {
    if (t > decoyT + 60000) ckPods = ckNew;
    const pod = r.pick(ckPods);
    const ua = r.pick(BROWSER_UAS);
    const xff = ipPublic(r);
    const rid = r.uuid();
    const kind = r.weighted([
      ["quote", 40],
      ["cart", 30],
      ["confirm", 20],
      ["addr", 10],
    ] as const);
    let status = 200;
    let lbl: Label = null;
    let ms: number;
    let path: string;
    let method = "POST";
    let ctrl = "CheckoutController";
    let action = "quote";
    let db = r.float(1, 6);
    if (kind === "quote") {
      path = "/checkout/quote";
      const q = quote(t + 8, "checkout");
      ms = r.logn(48, 0.35);
      if (q.status === 500) {
        status = 502;
        lbl = "error";
        const te = t + ms - 2;
        sink.add(
          te,
          rubyLogstash(
            te,
            "ERROR",
            `PricingClient::ServerError (pricing-svc returned 500 for POST /v1/quote: ${q.err ?? ""}):\n  app/clients/pricing_client.rb:58:in \`post!'\n  app/services/checkout/quote_builder.rb:23:in \`call'\n  app/controllers/checkout_controller.rb:31:in \`quote'`,
            pod,
          ),
          "error",
        );
      } else if (q.status === 422) status = 422;
    } else if (kind === "cart") {
      method = "GET";
      path = "/cart";
      ctrl = "CartsController";
      action = "show";
      ms = r.logn(22, 0.35);
    } else if (kind === "confirm") {
      path = "/checkout/confirm";
      action = "confirm";
      ms = r.logn(420, 0.3);
      db = r.float(8, 25);
      if (r.chance(0.05)) {
        // card declines are part of every day
        status = 402;
        const te = t + ms - 3;
        sink.add(
          te,
          rubyLogstash(
            te,
            "ERROR",
            `Stripe::CardError (Your card was declined.):\n  app/services/checkout/charge.rb:41:in \`call'\n  app/controllers/checkout_controller.rb:52:in \`confirm'`,
            pod,
          ),
        );
      }
    } else {
      path = "/checkout/address";
      ctrl = "AddressesController";
      action = "update";
      method = "PATCH";
      ms = r.logn(30, 0.3);
      if (r.chance(0.06)) status = 422;
    }
    const end = t + ms;
    sink.add(
      end,
      lograge(end, {
        method,
        path,
        controller: ctrl,
        action,
        status,
        duration: round(ms, 2),
        view: round(r.float(0.2, 2), 2),
        db: round(db, 2),
        request_id: rid,
        remote_ip: xff,
        extra: { host: pod },
      }),
      lbl,
    );
    envoy(end + 1, method, path, status, ms + r.float(0.5, 2), ipOf(pod), ua, xff, lbl);
  }

  // ------------------------------------------------------------ Argo Rollouts controller (logrus JSON)
  const argo = (t: number, lvl: "info" | "warn" | "error", msg: string, f: F, lbl: Label = null): void => {
    sink.add(t, logrus(t, lvl, msg, { namespace: f.namespace ?? "shop", rollout: f.rollout ?? "pricing-svc", ...f }), lbl);
  };
  const rolloutSeq = (t0: number, app: string, ns: string, newRs: string, revision: number): number => {
    let t = t0;
    const f = { namespace: ns, rollout: app };
    argo(t, "info", "Started syncing rollout", { ...f, generation: revision + 100, resourceVersion: String(r.int(1e7, 9e7)) });
    t += 30;
    argo(t, "info", `Created ReplicaSet ${app}-${newRs} (revision ${revision})`, f);
    t += 20;
    argo(t, "info", `Scaled up ReplicaSet ${app}-${newRs} (revision ${revision}) from 0 to 1`, { ...f, event_reason: "ScalingReplicaSet" });
    t += 15;
    argo(t, "info", `Step 1/5: setWeight ${weight}`, f);
    t += 12;
    argo(t, "info", `VirtualService \`${app}\` set to desiredWeight '${weight}'`, { ...f, event_reason: "TrafficWeightUpdated" });
    t += 9;
    argo(t, "info", "Reconciliation completed", { ...f, time_ms: round(r.float(20, 90), 3) });
    return t;
  };
  // the decoy: an ordinary checkout rollout that succeeds
  {
    const ckRev = r.int(100, 140);
    let t = rolloutSeq(decoyT, "checkout", "shop", ckNewRs, ckRev);
    for (let k = 1; k <= 3; k++) {
      t += 5 * MIN;
      argo(
        t,
        "info",
        `AnalysisRun 'checkout-${ckNewRs}-${k}' metric 'success-rate' measurement ${k}: value ${round(r.float(0.996, 0.9995), 4)}, phase Successful`,
        { namespace: "shop", rollout: "checkout" },
      );
    }
    argo(t + 200, "info", "Step 5/5: promote", { namespace: "shop", rollout: "checkout" });
    argo(t + 260, "info", `Scaled down ReplicaSet checkout-${ckRs} (revision ${ckRev - 1}) from 3 to 0`, {
      namespace: "shop",
      rollout: "checkout",
      event_reason: "ScalingReplicaSet",
    });
    argo(t + 300, "info", "Rollout completed update to revision, now healthy", { namespace: "shop", rollout: "checkout", event_reason: "RolloutCompleted" });
  }
  rolloutSeq(canaryT, "pricing-svc", "shop", canaryRs, rev);
  {
    let failures = 0;
    for (let t = canaryReady + 5 * MIN; t < abortT + 1000; t += 5 * MIN) {
      const v = round(r.float(0.86, 0.91), 4);
      failures++;
      argo(
        t,
        "warn",
        `AnalysisRun 'pricing-svc-${canaryRs}-${rev}-1' metric 'success-rate' measurement ${failures}: value ${v}, phase Failed`,
        { analysisrun: `pricing-svc-${canaryRs}-${rev}-1`, metric: "success-rate" },
        "error",
      );
    }
    argo(
      abortT,
      "warn",
      `Rollout aborted update to revision ${rev}: Metric "success-rate" assessed Failed due to failed (${failures}) > failureLimit (${failures - 1})`,
      { event_reason: "RolloutAborted" },
      "error",
    );
    argo(abortT + 40, "info", `VirtualService \`pricing-svc\` set to desiredWeight '0'`, { event_reason: "TrafficWeightUpdated" });
    argo(abortT + 2000, "info", `Scaled down ReplicaSet pricing-svc-${canaryRs} (revision ${rev}) from 1 to 0`, { event_reason: "ScalingReplicaSet" });
    argo(abortT + 2050, "info", "Reconciliation completed", { time_ms: round(r.float(20, 90), 3) });
  }
  // periodic controller noise
  for (const t of arrivals(r, T0, T1, 0.2)) {
    argo(t, "info", "Reconciliation completed", { rollout: r.pick(["pricing-svc", "checkout", "cart-svc"]), time_ms: round(r.float(5, 40), 3) });
  }

  // ------------------------------------------------------------ canary pod lifecycle: events + startup lines
  const ev = (t: number, reason: string, message: string, kind = "Pod", name = canary, component = "kubelet"): void => {
    sink.add(
      t,
      k8sEvent(t, {
        type: "Normal",
        reason,
        message,
        kind,
        name,
        ns: "shop",
        component,
        host: component === "kubelet" ? nodes[1] : undefined,
        uidSeed: r.uuid(),
        fieldPath: kind === "Pod" && component === "kubelet" ? "spec.containers{pricing-svc}" : undefined,
      }),
    );
  };
  ev(canaryT + 60, "SuccessfulCreate", `Created pod: ${canary}`, "ReplicaSet", `pricing-svc-${canaryRs}`, "replicaset-controller");
  ev(canaryT + 80, "Scheduled", `Successfully assigned shop/${canary} to ${nodes[1] ?? ""}`, "Pod", canary, "default-scheduler");
  ev(canaryT + 3500, "Pulling", `Pulling image "registry.acme.internal/shop/pricing-svc:${canaryVer}"`);
  ev(canaryT + 9800, "Pulled", `Successfully pulled image "registry.acme.internal/shop/pricing-svc:${canaryVer}" in 6.212s (6.212s including waiting)`);
  ev(canaryT + 9900, "Created", "Created container pricing-svc");
  ev(canaryT + 10300, "Started", "Started container pricing-svc");
  const ts = canaryT + 10600;
  sink.add(ts, slog(ts, "info", "starting pricing-svc", { version: canaryVer, commit: r.hex(7), go: "go1.22.4", pod: canary }));
  sink.add(ts + 40, slog(ts + 40, "info", "loaded discount rules", { path: "/etc/pricing/rules.yaml", rules: 216, checksum: r.hex(12), pod: canary }));
  sink.add(ts + 60, slog(ts + 60, "info", "http server listening", { addr: ":8080", pod: canary }));
  ev(abortT + 2100, "Killing", "Stopping container pricing-svc");
  sink.add(abortT + 2200, slog(abortT + 2200, "info", "shutting down", { signal: "terminated", pod: canary }));

  // ------------------------------------------------------------ fx-rates-sync (python, every 5 min)
  for (const t of ticks(r, T0, T1, 5 * MIN, 3000)) {
    sink.add(
      t,
      pyJson(t, "info", "fxsync.ecb", `fetched ${r.int(160, 170)} FX rates from ECB (as of ${isoZ(t - 86400000, 0).slice(0, 10)})`, {
        source: "ecb",
        elapsed_ms: r.int(120, 600),
      }),
    );
    if (r.chance(0.35)) sink.add(t + 50, pyJson(t + 50, "warn", "fxsync.ecb", "rate for ARS is stale by 26h, keeping last known value", { currency: "ARS" }));
    sink.add(t + 200, pyJson(t + 200, "info", "fxsync.store", "published rates to redis", { key: "fx:latest", ttl_s: 900 }));
  }

  return sink.build(
    "pricing-canary-bad-config",
    "A pricing-svc canary ships a rules file with comma decimals: the single canary pod returns 500 on every promotional quote, checkout returns 502s, and the rollout analysis aborts it.",
  );
}
