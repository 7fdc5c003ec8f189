/**
 * deploy-deprecation-warnings: inventory-api 2.15.0 is rolled out a third of the way in (Argo
 * CD's sync and the pods' events are in the window); from then on every call from the two
 * clients that still send `warehouse_code` logs a deprecation WARNING, steadily to the end:
 * expected with the release. Later the payment provider slows down: checkouts take seconds, some
 * time out and are left for async capture, a few fail.
 */
import { edgeLine, rollout } from "./common.js";
import { logback, logrusK8s, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "deploy-deprecation-warnings";

export function deployDeprecationWarnings(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-02-10", 13);
  const end = start + 4 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);

  // ── Argo CD: routine reconciliations, then the sync of inventory-api 2.15.0 ────────────────
  const argo = {
    pod: "argocd-application-controller-0",
    namespace: "argocd",
    container: "application-controller",
    app: "argocd-application-controller",
    host: "ip-10-4-12-7",
  };
  const apps = ["inventory-api", "checkout-api", "storefront", "search", "notifications"];
  for (const t of ticks(rng, start, end, 3 * MINUTE, 20 * SECOND)) {
    let u = t;
    for (const a of apps) {
      u += rng.int(40, 900);
      tl.add(
        u,
        logrusK8s(u, "info", "Reconciliation completed", { application: `argocd/${a}`, dedup_ms: 0, diff_ms: rng.int(1, 9), time_ms: rng.int(40, 260) }, argo),
      );
    }
  }
  const deployAt = tl.at(rng.float(0.28, 0.42));
  const sha = rng.hex(40);
  tl.add(deployAt, logrusK8s(deployAt, "info", `Initiated automated sync to '${sha}'`, { application: "argocd/inventory-api", dest_namespace: "shop" }, argo));
  tl.add(
    deployAt + 300,
    logrusK8s(
      deployAt + 300,
      "info",
      "Updating operation state. phase: Running -> Running, message: '' -> 'one or more tasks are running'",
      { application: "argocd/inventory-api" },
      argo,
    ),
  );

  // ── inventory-api (Go): stock lookups and reservations; 2.15.0 deprecates warehouse_code ──
  const node = `ip-10-4-${rng.int(1, 60)}-${rng.int(2, 250)}.eu-west-1.compute.internal`;
  const oldPods = [rng.pod("inventory-api"), rng.pod("inventory-api")];
  const newRs = rng.alnum(9, "bcdfghjklmnpqrstvwxz2456789");
  const newPods = oldPods.map(() => `inventory-api-${newRs}-${rng.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`);
  const podUp: number[] = [];
  let u = deployAt + rng.int(2, 6) * SECOND;
  for (const [i, oldPod] of oldPods.entries()) {
    const newPod = newPods[i]!;
    const evs = rollout(rng, u, "shop", "inventory-api", "registry.shop.internal/inventory-api:2.15.0", oldPod, newPod, node);
    for (const [t, e] of evs) tl.add(t, e);
    const started = evs[5]![0];
    const svc = { service: "inventory-api", pod: newPod };
    tl.add(
      started + 180,
      zap(started + 180, "info", "inventory-api", "cmd/server/main.go:48", "starting inventory-api", {
        ...svc,
        version: "2.15.0",
        commit: sha.slice(0, 7),
        go: "go1.22.1",
      }),
    );
    tl.add(
      started + 420,
      zap(started + 420, "info", "inventory-api", "internal/db/pool.go:61", "connected to postgres", { ...svc, host: "inventory-db.shop.svc", max_conns: 20 }),
    );
    tl.add(started + 460, zap(started + 460, "info", "inventory-api", "cmd/server/main.go:97", "listening", { ...svc, addr: ":8080" }));
    const stop = evs[7]![0];
    tl.add(
      stop + 30,
      zap(stop + 30, "info", "inventory-api", "cmd/server/main.go:121", "shutting down: draining connections", {
        service: "inventory-api",
        pod: oldPod,
        timeout: "30s",
      }),
    );
    const stopped = stop + rng.int(400, 1800);
    tl.add(stopped, zap(stopped, "info", "inventory-api", "cmd/server/main.go:133", "server stopped", { service: "inventory-api", pod: oldPod }));
    podUp.push(started + 460);
    u = stop + rng.int(3, 8) * SECOND;
  }
  const podAt = (t: number, i: number): string => (t >= podUp[i]! ? newPods[i]! : oldPods[i]!);
  const clients = [
    ["storefront", 40],
    ["checkout-api", 22],
    ["pos-gateway", 18],
    ["warehouse-sync", 10],
    ["search-indexer", 10],
  ] as const;
  for (const t of arrivals(rng, start, end, 2.3, swell(start, end, 0.2, rng.float(0, 6)), 1.2)) {
    const client = rng.weighted(clients);
    const pod = podAt(t, rng.int(0, 1));
    const reserve = client === "checkout-api";
    const sku = `SKU-${rng.int(100000, 999999)}`;
    const path = reserve ? "/v1/reservations" : `/v1/stock/${sku}`;
    const legacy = (client === "pos-gateway" || client === "warehouse-sync") && newPods.includes(pod);
    if (legacy) {
      tl.add(
        t + 1,
        zap(
          t + 1,
          "warn",
          "inventory-api",
          "internal/api/compat.go:34",
          `deprecated request field "warehouse_code" used by client ${client}; use "location_id" (removal planned in v3.0)`,
          {
            service: "inventory-api",
            pod,
            path,
          },
        ),
      );
    }
    const took = rng.logNormal(reserve ? 24 : 9, 0.45);
    const status = !reserve && rng.chance(0.03) ? 404 : reserve ? 201 : 200;
    const d = t + Math.round(took);
    tl.add(
      d,
      zap(d, "info", "inventory-api", "internal/api/middleware.go:77", "request served", {
        service: "inventory-api",
        pod,
        method: reserve ? "POST" : "GET",
        path,
        status,
        client,
        latency: Number((took / 1000).toFixed(6)),
      }),
    );
  }

  // ── checkout-api (Java): the payment provider slows down late in the window ────────────────
  const checkout = { app: "checkout-api", host: rng.pod("checkout-api") };
  const pspFrom = tl.at(rng.float(0.62, 0.72));
  const pspTo = pspFrom + rng.int(14, 22) * MINUTE;
  const upstream = `10.4.${rng.int(1, 60)}.${rng.int(2, 250)}:8080`;
  for (const t of arrivals(rng, start, end, 1.5)) {
    const id = `co_${rng.alnum(12)}`;
    const thread = `http-nio-8080-exec-${rng.int(1, 24)}`;
    const slow = t >= pspFrom && t < pspTo;
    const psp = slow ? rng.logNormal(6800, 0.4) : rng.logNormal(380, 0.3);
    let label: AnomalyType | null = null;
    let status = 200;
    let took: number;
    if (slow && rng.chance(0.18)) {
      took = psp + rng.int(20, 80);
      const d = t + Math.round(took);
      tl.add(
        d,
        logback(
          d,
          checkout,
          "ERROR",
          "com.shop.checkout.CheckoutController",
          thread,
          `Checkout ${id} failed`,
          { checkout_id: id },
          "com.shop.payments.PaymentGatewayException: upstream connect error or disconnect/reset before headers. reset reason: connection termination\n\tat com.shop.payments.PspClient.authorise(PspClient.java:142)\n\tat com.shop.checkout.CheckoutService.pay(CheckoutService.java:88)",
        ),
        "error",
      );
      status = 502;
      label = "error";
    } else if (psp >= 10000) {
      took = 10000 + rng.int(30, 120);
      const d = t + Math.round(took);
      tl.add(
        d,
        logback(
          d,
          checkout,
          "WARN",
          "com.shop.checkout.CheckoutService",
          thread,
          `Payment authorisation for checkout ${id} timed out after 10000 ms; order left pending for async capture`,
          {
            checkout_id: id,
            duration_ms: 10000,
          },
        ),
        "performance",
      );
      status = 202;
      label = "performance";
    } else {
      took = psp + rng.logNormal(60, 0.3);
      const d = t + Math.round(took);
      label = took > 2000 ? "performance" : null;
      tl.add(
        d,
        logback(d, checkout, "INFO", "com.shop.checkout.CheckoutService", thread, `Checkout ${id} completed: payment authorised in ${Math.round(psp)} ms`, {
          checkout_id: id,
          duration_ms: Math.round(took),
        }),
        label,
      );
    }
    const [e, entry] = edgeLine(rng, t - rng.int(2, 6), "shop-edge", "POST", "/api/checkout", status, took + rng.int(2, 8), upstream);
    tl.add(e, entry, label);
  }

  // ── shop-edge (nginx): the rest of the shop's traffic ──────────────────────────────────────
  const routes = [
    ["GET /", 10],
    ["GET /p/<id>", 40],
    ["GET /api/cart", 18],
    ["POST /api/cart/items", 9],
    ["GET /api/account", 8],
    ["GET /assets/<asset>", 15],
  ] as const;
  const web = `10.4.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`;
  for (const s of arrivals(rng, start, end, 5.2, swell(start, end, 0.25, rng.float(0, 6)), 1.3)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", String(rng.int(10000, 99999))).replace("<asset>", `main.${rng.hex(8)}.css`);
    const status = path === "/api/account" && rng.chance(0.06) ? 401 : path.startsWith("/p/") && rng.chance(0.02) ? 404 : 200;
    const [e, entry] = edgeLine(rng, s, "shop-edge", method, uri, status, rng.logNormal(path.startsWith("/assets") ? 3 : 38, 0.5), web);
    tl.add(e, entry);
  }

  return tl.build(
    NAME,
    "inventory-api 2.15.0 is deployed mid-window and logs a deprecation WARNING on every legacy client call to the end; later the payment provider slows checkouts, some time out or fail",
  );
}
