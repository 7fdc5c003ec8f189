// A rolling deploy of catalog-api (v2.31.0) ships an N+1 query in the search handler: once the new
// pods take traffic, GET /api/v2/search goes from ~45 ms to seconds, the longest hit the ingress's
// 10 s proxy timeout (504 and "upstream timed out" in the nginx error log), and the new code logs
// "slow query" warnings. On-call rolls back ~30 min later and search recovers.
// Labelled: slow search requests (app and ingress lines), the slow-query warnings, the 504s and the
// upstream timeouts (performance). Decoys: deploy and rollback chatter (scheduler/kubelet events,
// a readiness probe refused while a pod starts, startup and shutdown lines), the admin report export
// that always takes seconds, 404s and 422s, scanner probes, a deprecated cart endpoint warning,
// recommendation-widget timeouts the cart tolerates all night, a periodic category refresh.

import type { Scenario } from "../blind/types.js";
import { MINUTE, nightStart, SECOND, slashTime } from "./clock.js";
import { ipPool, podIp, podName, type Req, type Route, traffic, isSlow } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { type Entry, kubeEvent, k8sLine, nginxJson, type PinoBase, type PodRef, pino, pinoHttp, withPod, zap } from "./producers.js";
import { Timeline } from "./timeline.js";

const NAME = "deploy-regression-slow-search";
const HOST = "api.larkspur.shop";
const NODES = ["ip-10-0-1-37.eu-west-1.compute.internal", "ip-10-0-2-118.eu-west-1.compute.internal", "ip-10-0-3-201.eu-west-1.compute.internal"];

const QUERIES = [
  "red+sneakers",
  "linen+shirt",
  "usb-c+hub",
  "running+shoes",
  "desk+lamp",
  "wool+socks",
  "air+fryer",
  "yoga+mat",
  "rain+jacket",
  "coffee+grinder",
];

interface Pod {
  ref: PodRef;
  ip: string;
  from: number;
  to: number;
  isNew: boolean;
}

export function deployRegressionSlowSearch(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const tl = new Timeline();
  const deployAt = start + rng.int(18, 38) * MINUTE;
  const rollbackAt = deployAt + rng.int(24, 36) * MINUTE;
  const end = rollbackAt + rng.int(10, 16) * MINUTE;
  const oldHash = rng.kube(10);
  const newHash = rng.kube(10);
  const image = (v: string) => `registry.larkspur.shop/catalog-api:${v}`;

  // Pods of catalog-api: three old ones, replaced one by one by three new ones, then the reverse.
  const pods: Pod[] = [];
  const mkPod = (hash: string, isNew: boolean, from: number, to: number): Pod => {
    const node = NODES[pods.length % 3]!;
    const pod = podName(rng, "catalog-api", hash);
    const p: Pod = {
      ref: { pod, ns: "prod", container: "catalog-api", node, app: "catalog-api", image: image(isNew ? "v2.31.0" : "v2.30.4") },
      ip: podIp(rng),
      from,
      to,
      isNew,
    };
    pods.push(p);
    return p;
  };
  const stepsUp = [0, 1, 2].map((i) => deployAt + i * rng.int(40, 55) * SECOND);
  const stepsBack = [0, 1, 2].map((i) => rollbackAt + i * rng.int(35, 50) * SECOND);
  const old1 = [0, 1, 2].map((i) => mkPod(oldHash, false, start - 3600_000, stepsUp[i]! + 28 * SECOND));
  const news = [0, 1, 2].map((i) => mkPod(newHash, true, stepsUp[i]! + 26 * SECOND, stepsBack[i]! + 24 * SECOND));
  const old2 = [0, 1, 2].map((i) => mkPod(oldHash, false, stepsBack[i]! + 22 * SECOND, end + MINUTE));

  // --- rollout chatter -----------------------------------------------------------------------
  const ev = (
    t: number,
    kind: string,
    name: string,
    reason: string,
    message: string,
    component: string,
    type: "Normal" | "Warning" = "Normal",
    host?: string,
  ) => tl.add(t, kubeEvent(t, { ns: "prod", kind, name, reason, message, type, component, uid: rng.uuid(), ...(host === undefined ? {} : { host }) }));
  const rollout = (ups: Pod[], downs: Pod[], steps: number[], version: string, fromHash: string, toHash: string) => {
    ups.forEach((p, i) => {
      const t0 = steps[i]!;
      ev(t0, "Deployment", "catalog-api", "ScalingReplicaSet", `Scaled up replica set catalog-api-${toHash} to ${i + 1}`, "deployment-controller");
      ev(t0 + 150, "Pod", p.ref.pod, "Scheduled", `Successfully assigned prod/${p.ref.pod} to ${p.ref.node}`, "default-scheduler");
      ev(t0 + 1900, "Pod", p.ref.pod, "Pulling", `Pulling image "${p.ref.image}"`, "kubelet", "Normal", p.ref.node);
      ev(
        t0 + 4300,
        "Pod",
        p.ref.pod,
        "Pulled",
        `Successfully pulled image "${p.ref.image}" in 2.36s (2.36s including waiting). Image size: 48213775 bytes.`,
        "kubelet",
        "Normal",
        p.ref.node,
      );
      ev(t0 + 4500, "Pod", p.ref.pod, "Created", "Created container catalog-api", "kubelet", "Normal", p.ref.node);
      ev(t0 + 4700, "Pod", p.ref.pod, "Started", "Started container catalog-api", "kubelet", "Normal", p.ref.node);
      const z = (dt: number, msg: string, f: Entry, caller: string) =>
        tl.add(t0 + dt, withPod(zap(t0 + dt, "info", caller, msg, { service: "catalog-api", ...f }), p.ref));
      z(5100, "starting catalog-api", { version, commit: rng.hex(7), go: "go1.23.3" }, "cmd/catalog/main.go:48");
      z(5600, "connected to postgres", { host: "catalog-db-rw.prod.svc", pool_max: 20 }, "internal/db/pool.go:77");
      if (rng.chance(0.7))
        ev(
          t0 + 9000,
          "Pod",
          p.ref.pod,
          "Unhealthy",
          `Readiness probe failed: Get "http://${p.ip}:8080/readyz": dial tcp ${p.ip}:8080: connect: connection refused`,
          "kubelet",
          "Warning",
          p.ref.node,
        );
      z(
        rng.int(14, 21) * SECOND,
        "search index warmup complete",
        { docs: rng.int(181000, 184000), elapsed: Number(rng.float(8, 15).toFixed(9)) },
        "internal/search/warmup.go:93",
      );
      z(22 * SECOND, "http server listening", { addr: ":8080" }, "cmd/catalog/main.go:112");
      const d = downs[i]!;
      const td = t0 + 27 * SECOND;
      ev(td, "Deployment", "catalog-api", "ScalingReplicaSet", `Scaled down replica set catalog-api-${fromHash} to ${2 - i}`, "deployment-controller");
      ev(td + 200, "Pod", d.ref.pod, "Killing", "Stopping container catalog-api", "kubelet", "Normal", d.ref.node);
      tl.add(
        td + 300,
        withPod(zap(td + 300, "info", "cmd/catalog/main.go:131", "shutting down http server", { service: "catalog-api", signal: "terminated" }), d.ref),
      );
      tl.add(
        td + 1800,
        withPod(zap(td + 1800, "info", "cmd/catalog/main.go:140", "server stopped", { service: "catalog-api", drained: rng.int(3, 19) }), d.ref),
      );
    });
  };
  rollout(news, old1, stepsUp, "v2.31.0", oldHash, newHash);
  rollout(old2, news, stepsBack, "v2.30.4", newHash, oldHash);

  // --- request traffic through the ingress ------------------------------------------------
  const ips = ipPool(rng, 220);
  const routes: Route[] = [
    {
      method: "GET",
      route: "search",
      path: (r) => `/api/v2/search?q=${r.pick(QUERIES)}&page=${r.int(1, 3)}`,
      weight: 30,
      med: 45,
      sigma: 0.45,
      statuses: [[400, 0.01]],
      bytes: 5200,
    },
    {
      method: "GET",
      route: "product",
      path: (r) => `/api/v2/products/${r.int(10000, 99999)}`,
      weight: 28,
      med: 18,
      sigma: 0.4,
      statuses: [[404, 0.03]],
      bytes: 2400,
    },
    {
      method: "GET",
      route: "category",
      path: (r) => `/api/v2/categories/${r.pick(["shoes", "women", "men", "kitchen", "outdoor", "electronics"])}`,
      weight: 9,
      med: 26,
      sigma: 0.4,
    },
    { method: "GET", route: "export", path: () => "/api/v1/reports/catalog-export?format=csv", weight: 0.6, med: 3400, sigma: 0.3, bytes: 480000 },
    { method: "GET", route: "cart", path: () => "/api/v2/cart", weight: 14, med: 22, sigma: 0.35, statuses: [[401, 0.02]] },
    { method: "GET", route: "cart-v1", path: () => "/api/v1/cart", weight: 1.2, med: 25, sigma: 0.35 },
    {
      method: "POST",
      route: "cart-add",
      path: () => "/api/v2/cart/items",
      weight: 8,
      med: 34,
      sigma: 0.4,
      statuses: [
        [422, 0.04],
        [409, 0.01],
      ],
    },
    { method: "DELETE", route: "cart-del", path: (r) => `/api/v2/cart/items/${r.int(1, 40)}`, weight: 2.5, med: 20, sigma: 0.35, statuses: [[204, 1]] },
  ];
  const reqs = traffic(rng, { start, end, count: rng.int(1450, 1750), routes, insts: ["-"], ips });
  const cartHash = rng.kube(10);
  const cartPods: PinoBase[] = [0, 1].map(() => ({ name: "cart-api", hostname: podName(rng, "cart-api", cartHash), pid: 1 }));
  const cartIps = cartPods.map(() => podIp(rng));
  const ingressPod: PodRef = {
    pod: podName(rng, "ingress-nginx-controller"),
    ns: "ingress-nginx",
    container: "controller",
    node: NODES[0]!,
    app: "ingress-nginx",
    image: "registry.k8s.io/ingress-nginx/controller:v1.11.3",
  };

  for (const q of reqs) {
    const catalog = q.route === "search" || q.route === "product" || q.route === "category" || q.route === "export";
    if (catalog) {
      const live = pods.filter((p) => p.from <= q.t && q.t < p.to);
      const pod = rng.pick(live.length > 0 ? live : pods);
      q.inst = pod.ref.pod;
      if (pod.isNew && q.route === "search" && q.status === 200 && !rng.chance(0.12)) {
        q.ms = Math.min(rng.logNormal(1900, 0.65), 16000);
        q.hit = true;
        if (isSlow(q)) q.label = "performance";
      }
      writeCatalog(tl, rng, q, pod);
    } else {
      const i = rng.int(0, 1);
      q.inst = cartPods[i]!.hostname;
      writeCart(tl, rng, q, cartPods[i]!);
      q.inst = cartIps[i]!;
    }
    // The ingress line: the edge gives up after 10 s.
    const timedOut = q.ms > 10000;
    const seconds = timedOut ? 10 + rng.float(0.001, 0.004) : q.ms / 1000 + rng.float(0.0005, 0.002);
    const upstream = catalog ? `${(pods.find((p) => p.ref.pod === q.inst) ?? pods[0]!).ip}:8080` : `${q.inst}:3000`;
    const tEdge = q.t + Math.round(seconds * 1000) - Math.round(q.ms);
    tl.add(
      tEdge,
      nginxJson(tEdge, {
        remote: q.ip,
        method: q.method,
        uri: q.path,
        status: timedOut ? 504 : q.status,
        bytes: timedOut ? 160 : q.bytes,
        seconds,
        upstreamSeconds: timedOut ? 10 : q.ms / 1000,
        upstream,
        ua: q.ua,
        host: HOST,
        requestId: q.id.replaceAll("-", ""),
      }),
      q.label,
    );
    if (timedOut) {
      const tt = q.t - Math.round(q.ms) + 10000;
      tl.add(
        tt,
        k8sLine(
          tt,
          ingressPod,
          "stderr",
          `${slashTime(tt)} [error] 31#31: *${rng.int(100000, 999999)} upstream timed out (110: Operation timed out) while reading response header from upstream, client: ${q.ip}, server: ${HOST}, request: "GET ${q.path} HTTP/1.1", upstream: "http://${upstream}${q.path}", host: "${HOST}"`,
        ),
        "performance",
      );
    }
  }

  // --- background noise ----------------------------------------------------------------------
  for (const t of rng.ticks(start, end, 5 * MINUTE, 20 * SECOND)) {
    const live = pods.filter((p) => p.from <= t && t < p.to);
    const p = rng.pick(live);
    tl.add(
      t,
      withPod(
        zap(t, "info", "internal/taxonomy/refresh.go:54", "refreshed category tree", {
          service: "catalog-api",
          categories: rng.int(408, 415),
          elapsed: Number(rng.float(0.2, 0.5).toFixed(9)),
        }),
        p.ref,
      ),
    );
  }
  for (const t of rng.times(start, end, rng.int(12, 22))) {
    const path = rng.pick(["/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/index.php", "/xmlrpc.php", "/server-status"]);
    tl.add(
      t,
      nginxJson(t, {
        remote: `${rng.int(45, 195)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
        method: "GET",
        uri: path,
        status: 404,
        bytes: 548,
        seconds: 0.001,
        ua: "Mozilla/5.0 zgrab/0.x",
        host: HOST,
        requestId: rng.hex(32),
      }),
    );
  }
  for (const t of rng.times(start, end, rng.int(14, 24))) {
    const i = rng.int(0, 1);
    tl.add(
      t,
      pino(t, cartPods[i]!, "warn", "recommendations widget timed out, rendering cart without it", {
        cartId: rng.uuid(),
        timeoutMs: 800,
        upstream: "recs-api.prod.svc:8080",
      }),
    );
  }
  return tl.scenario(NAME, "A rolling deploy of catalog-api makes search seconds slow on the new pods, with ingress 504s, until a rollback.");
}

function writeCatalog(tl: Timeline, rng: Rng, q: Req, pod: Pod): void {
  const path = q.path.split("?")[0]!;
  const query = q.path.includes("?") ? q.path.split("?")[1]! : "";
  const lvl = q.status >= 500 ? "error" : "info";
  tl.add(
    q.t,
    withPod(
      zap(
        q.t,
        lvl,
        "internal/httpx/middleware.go:61",
        "request completed",
        {
          service: "catalog-api",
          method: q.method,
          path,
          query,
          status: q.status,
          latency: Number((q.ms / 1000).toFixed(9)),
          bytes: q.bytes,
          request_id: q.id,
          remote_ip: q.ip,
        },
        { logger: "http" },
      ),
      pod.ref,
    ),
    q.label,
  );
  if (q.hit && q.label !== null && rng.chance(0.45)) {
    const calls = Math.round(q.ms / 38);
    const t = q.t - rng.int(2, 30);
    tl.add(
      t,
      withPod(
        zap(
          t,
          "warn",
          "internal/search/hydrate.go:142",
          "slow query",
          {
            service: "catalog-api",
            request_id: q.id,
            "db.statement": "SELECT i.product_id, i.warehouse_id, i.qty_available FROM inventory_levels i WHERE i.product_id = $1",
            "db.calls": calls,
            duration: Number(((q.ms * 0.93) / 1000).toFixed(9)),
            threshold: 0.5,
          },
          { logger: "db" },
        ),
        pod.ref,
      ),
      "performance",
    );
  }
}

function writeCart(tl: Timeline, rng: Rng, q: Req, b: PinoBase): void {
  if (q.route === "cart-v1") {
    tl.add(
      q.t - 2,
      pino(q.t - 2, b, "warn", "deprecated endpoint called: /api/v1/cart will be removed on 2026-01-31, use /api/v2/cart", {
        reqId: q.id,
        client: q.ua.split(" ")[0],
      }),
    );
  }
  if (q.status === 422) {
    tl.add(
      q.t - 1,
      pino(q.t - 1, b, "warn", "validation failed", { reqId: q.id, errors: [{ path: "quantity", message: rng.pick(["must be >= 1", "exceeds stock"]) }] }),
    );
  }
  tl.add(q.t, pinoHttp(q.t, b, { id: q.id, method: q.method, url: q.path, status: q.status, ms: q.ms, ip: q.ip, ua: q.ua }));
}
