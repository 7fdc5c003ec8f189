/*
 * catalog-deploy-regression
 *
 * catalog-api (Python/FastAPI, python-json-logger, three pods) is rolled from
 * 3.8.2 to 3.9.0 by Argo CD in the middle of the window. The rollout itself is
 * benign and chatty: each new pod logs its version, config, feature flags,
 * connections and cache warm-up; old pods log a graceful uvicorn shutdown. The
 * new version also rewrites its request log line (old: "GET /path -> 200
 * (23.4 ms)", new: "request handled" with structured fields) and starts
 * emitting a new deprecation warning for an old query parameter. None of that
 * is a problem.
 *
 * The real problem it ships: with eager loading of variants turned off, the
 * /variants route on new pods goes from ~30 ms to 0.6-2.4 s, and the new
 * pricing engine raises KeyError('price_tier') for products without a tier,
 * returning 500 on a few percent of /price calls. web-bff (Node, pino) sees
 * slow product pages and renders some pages without a price. search-indexer
 * (Go, zap) keeps indexing undisturbed.
 */
import { rng } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

interface Ev {
  t: number;
  seq: number;
  rec: Record<string, unknown>;
  label: AnomalyType | null;
}

const iso = (t: number): string => new Date(Math.floor(t)).toISOString();
const pyTimestamp = (t: number): string => iso(t).replace("Z", "000+00:00");
const asctime = (t: number): string => {
  const s = iso(t);
  return `${s.slice(0, 10)} ${s.slice(11, 19)},${s.slice(20, 23)}`;
};

const SLUG_WORDS = [
  "trail",
  "runner",
  "gtx",
  "merino",
  "hoodie",
  "down",
  "jacket",
  "ultralight",
  "tent",
  "2p",
  "pack",
  "35l",
  "fleece",
  "beanie",
  "gaiter",
  "pro",
  "wmns",
  "mens",
];
const CATEGORIES = ["running-shoes", "hiking-boots", "rain-jackets", "base-layers", "tents", "backpacks", "sleeping-bags", "headlamps", "socks", "kids"];

interface Pod {
  name: string;
  version: "3.8.2" | "3.9.0";
  from: number; // serving from
  to: number; // serving until
}

export function s06CatalogDeployRegression(seed: number): Scenario {
  const r = rng(seed, "tundra/s06");
  const evs: Ev[] = [];
  let seq = 0;
  const push = (t: number, rec: Record<string, unknown>, label: AnomalyType | null = null): void => {
    evs.push({ t: Math.floor(t), seq: seq++, rec, label });
  };

  const start = Date.UTC(2026, r.int(0, 10), r.int(1, 28), r.int(7, 16), r.int(0, 59), r.int(0, 59)) + r.int(0, 999);
  const windowMs = r.int(80, 100) * 60_000;
  const end = start + windowMs;
  const deployAt = start + windowMs * r.float(0.35, 0.6);
  const oldRs = r.alnum(10, "bcdfghjklmnpqrstvwxz2456789");
  const newRs = r.alnum(10, "bcdfghjklmnpqrstvwxz2456789");
  const gitSha = r.hex(7);

  // rollout schedule: new pod i becomes ready, then old pod i is terminated
  const pods: Pod[] = [];
  const rollout: { newPod: string; startAt: number; readyAt: number; oldPod: string; termAt: number }[] = [];
  let tcur = deployAt + r.int(5_000, 15_000);
  for (let i = 0; i < 3; i++) {
    const oldPod = `catalog-api-${oldRs}-${r.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
    const newPod = `catalog-api-${newRs}-${r.alnum(5, "bcdfghjklmnpqrstvwxz2456789")}`;
    const startAt = tcur;
    const readyAt = startAt + r.int(14_000, 24_000);
    const termAt = readyAt + r.int(1_000, 4_000);
    pods.push({ name: oldPod, version: "3.8.2", from: start - 3_600_000, to: termAt });
    pods.push({ name: newPod, version: "3.9.0", from: readyAt, to: end + 1 });
    rollout.push({ newPod, startAt, readyAt, oldPod, termAt });
    tcur = termAt + r.int(20_000, 50_000);
  }
  const podFor = (t: number): Pod => {
    const live = pods.filter((p) => t >= p.from && t < p.to);
    return r.pick(live.length ? live : pods);
  };

  // --- catalog-api producer ---
  const cat = (t: number, pod: string, levelname: string, name: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    asctime: asctime(t),
    levelname,
    name,
    message,
    service: "catalog-api",
    pod,
    ...extra,
    timestamp: pyTimestamp(t),
  });
  const catRequest = (
    t: number,
    pod: Pod,
    method: string,
    route: string,
    path: string,
    status: number,
    ms: number,
    extra: Record<string, unknown> = {},
  ): Record<string, unknown> => {
    const lvl = status >= 500 ? "ERROR" : status >= 400 ? "WARNING" : "INFO";
    if (pod.version === "3.8.2") {
      return cat(t, pod.name, lvl, "catalog.http", `${method} ${path} -> ${status} (${ms.toFixed(1)} ms)`, { version: pod.version, ...extra });
    }
    return cat(t, pod.name, lvl, "catalog.http", "request handled", {
      version: pod.version,
      method,
      route,
      path,
      status,
      duration_ms: Number(ms.toFixed(1)),
      ...extra,
    });
  };

  // one catalog call; returns latency and status
  const catalogCall = (
    t: number,
    kind: "product" | "variants" | "price" | "category" | "suggest",
    pid: number,
    client: string,
    trace: string,
  ): { ms: number; status: number; label: AnomalyType | null } => {
    const pod = podFor(t);
    const isNew = pod.version === "3.9.0";
    let ms: number;
    let status = 200;
    let label: AnomalyType | null = null;
    let route: string;
    let path: string;
    switch (kind) {
      case "product":
        ms = r.logn(34, 0.35);
        route = "/v2/products/{product_id}";
        path = `/v2/products/${pid}`;
        if (r.chance(0.015)) status = 404;
        break;
      case "variants":
        route = "/v2/products/{product_id}/variants";
        path = `/v2/products/${pid}/variants`;
        if (isNew) {
          ms = r.float(600, 2400);
          label = "performance";
        } else ms = r.logn(28, 0.35);
        break;
      case "price":
        ms = r.logn(14, 0.35);
        route = "/v2/products/{product_id}/price";
        path = `/v2/products/${pid}/price`;
        if (isNew && r.chance(0.07)) {
          status = 500;
          label = "error";
        }
        break;
      case "category": {
        const cat0 = r.pick(CATEGORIES);
        ms = r.logn(75, 0.35);
        route = "/v2/categories/{slug}/products";
        const legacyParam = client.startsWith("ios/5.12") || client.startsWith("android/5.12");
        path = `/v2/categories/${cat0}/products?page=${r.int(1, 6)}&per_page=48${legacyParam ? "&sort_by=popularity" : "&sort=popularity"}`;
        if (isNew && legacyParam && r.chance(0.3)) {
          const tw = t + 2;
          push(
            tw,
            cat(
              tw,
              pod.name,
              "WARNING",
              "catalog.compat",
              `Deprecated query parameter 'sort_by' used by client ${client}; use 'sort' instead (removal planned for 4.0)`,
              { version: pod.version, trace_id: trace },
            ),
          );
        }
        break;
      }
      default:
        ms = r.logn(16, 0.4);
        route = "/v2/search/suggest";
        path = `/v2/search/suggest?q=${r.pick(SLUG_WORDS)}`;
    }
    if (status === 500) {
      const te = t + ms - 1;
      push(
        te,
        cat(te, pod.name, "ERROR", "uvicorn.error", "Exception in ASGI application", {
          version: pod.version,
          trace_id: trace,
          exc_info:
            "Traceback (most recent call last):\n" +
            '  File "/usr/local/lib/python3.12/site-packages/uvicorn/protocols/http/httptools_impl.py", line 409, in run_asgi\n    result = await app(  # type: ignore[func-returns-value]\n' +
            '  File "/app/catalog/api/prices.py", line 61, in get_price\n    return await engine.quote(product, ctx)\n' +
            '  File "/app/catalog/pricing/engine_v2.py", line 118, in quote\n    tier = product.attributes["price_tier"]\n' +
            "KeyError: 'price_tier'",
        }),
        "error",
      );
    }
    push(t + ms, catRequest(t + ms, pod, "GET", route, path, status, ms, { client, trace_id: trace }), label);
    return { ms, status, label };
  };

  // --- web-bff (pino) product detail pages ---
  const bffHosts = [0, 1, 2].map(() => `web-bff-${r.hex(10)}-${r.alnum(5)}`);
  const bff = (t: number, level: number, msg: string, extra: Record<string, unknown>): Record<string, unknown> => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: r.pick(bffHosts),
    service: "web-bff",
    ...extra,
    msg,
  });
  const slug = (): string => `${r.pick(SLUG_WORDS)}-${r.pick(SLUG_WORDS)}-${r.pick(SLUG_WORDS)}`;
  for (let t = start + r.exp(4000); t < end; t += r.exp(r.float(6500, 7500))) {
    const pid = r.int(10_000, 99_999);
    const trace = r.hex(32);
    const s = slug();
    const p1 = catalogCall(t + r.float(2, 6), "product", pid, "web-bff", trace);
    if (p1.status === 404) {
      const tt = t + p1.ms + r.float(5, 10);
      push(tt, bff(tt, 30, `GET /p/${s}-${pid} 404 ${Math.round(tt - t)}ms`, { trace_id: trace, response_time_ms: Math.round(tt - t) }));
      continue;
    }
    const tpar = t + p1.ms + r.float(4, 8);
    // only products sold in several sizes/colours have a variants call
    const hasVariants = pid % 20 < 7;
    const v = hasVariants ? catalogCall(tpar, "variants", pid, "web-bff", trace) : { ms: 0, status: 200, label: null };
    const pr = catalogCall(tpar + r.float(0, 2), "price", pid, "web-bff", trace);
    const tt = tpar + Math.max(v.ms, pr.ms) + r.logn(25, 0.3);
    const lab: AnomalyType | null = v.label === "performance" ? "performance" : null;
    if (pr.status === 500) {
      push(
        tt - 2,
        bff(tt - 2, 40, `catalog price unavailable for product ${pid} (HTTP 500), rendering page without price`, { trace_id: trace, upstream: "catalog-api" }),
        "error",
      );
    }
    push(tt, bff(tt, 30, `GET /p/${s}-${pid} 200 ${Math.round(tt - t)}ms`, { trace_id: trace, response_time_ms: Math.round(tt - t) }), lab);
  }

  // --- other catalog clients (mobile apps, search page) ---
  for (let t = start + r.exp(3000); t < end; t += r.exp(r.float(5200, 6400))) {
    const kind = r.weighted([
      ["category", 45],
      ["suggest", 30],
      ["product", 15],
      ["price", 10],
    ] as const);
    const client = r.pick(["ios/5.12.0", "android/5.12.1", "ios/5.13.0", "web-search"]);
    catalogCall(t, kind, r.int(10_000, 99_999), client, r.hex(32));
  }

  // --- rollout lines ---
  const argo = (t: number, msg: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    application: "catalog-api",
    level: "info",
    msg,
    time: iso(t),
    app: "argocd-application-controller",
    ...extra,
  });
  push(deployAt, argo(deployAt, `Initiated automated sync to '${gitSha}'`, { dest_namespace: "catalog", dest_server: "https://kubernetes.default.svc" }));
  push(deployAt + 1200, argo(deployAt + 1200, `Updated sync status: OutOfSync -> Synced`));
  push(deployAt + 2600, argo(deployAt + 2600, `Partial sync operation to ${gitSha} succeeded`, { "sync-id": r.alnum(5) }));
  for (const ro of rollout) {
    const lines: [string, string][] = [
      ["catalog.main", `Starting catalog-api 3.9.0 (git ${gitSha}, python 3.12.7, pid 1)`],
      ["catalog.config", "Configuration loaded: env=production db_pool_size=20 db_pool_timeout=5s cache_ttl=300s log_format=json-v2"],
      ["catalog.flags", "Feature flag pricing_engine_v2=enabled (rollout 100%)"],
      ["catalog.flags", "Feature flag variants_eager_load=disabled"],
      ["catalog.flags", "Feature flag legacy_facets=disabled"],
      ["catalog.flags", "Feature flag suggest_typo_tolerance=enabled (rollout 25%)"],
      ["catalog.db", "Connected to postgres catalog-db-primary:5432/catalog (pool 20, statement_timeout=3000ms)"],
      ["catalog.cache", "Connected to redis catalog-cache:6379 db=2"],
      ["catalog.cache", `Warmed category cache: ${r.int(900, 1600)} categories, ${r.int(20_000, 60_000)} products in ${r.int(300, 900)}ms`],
      ["uvicorn.error", "Started server process [1]"],
      ["uvicorn.error", "Waiting for application startup."],
      ["uvicorn.error", "Application startup complete."],
      ["uvicorn.error", "Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)"],
    ];
    let tl = ro.startAt;
    for (const [name, m] of lines) {
      push(tl, cat(tl, ro.newPod, "INFO", name, m, { version: "3.9.0" }));
      tl += r.int(30, Math.max(60, Math.floor((ro.readyAt - ro.startAt) / lines.length)));
    }
    const shutdown = ["Shutting down", "Waiting for application shutdown.", "Application shutdown complete.", "Finished server process [1]"];
    let ts = ro.termAt;
    for (const m of shutdown) {
      push(ts, cat(ts, ro.oldPod, "INFO", "uvicorn.error", m, { version: "3.8.2" }));
      ts += r.int(200, 1500);
    }
  }
  const lastReady = rollout[rollout.length - 1]!.termAt + r.int(5000, 15_000);
  push(lastReady, argo(lastReady, "Updated health status: Progressing -> Healthy"));

  // --- search-indexer (zap), undisturbed ---
  for (let t = start + r.exp(9000); t < end; t += r.exp(r.float(9000, 11_000))) {
    const batch = r.int(1, 40);
    push(t, {
      level: "info",
      ts: Math.floor(t) / 1000,
      caller: "indexer/consumer.go:203",
      msg: "indexed product batch",
      service: "search-indexer",
      products: batch,
      partition: r.int(0, 11),
      offset: r.int(3_000_000, 3_900_000),
      latency_ms: Math.round(r.logn(8 * Math.sqrt(batch), 0.3)),
    });
  }

  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  return {
    name: "catalog-deploy-regression",
    description:
      "catalog-api rolls from 3.8.2 to 3.9.0 (chatty but benign startup, new log wording); the new version makes /variants 20-80x slower and throws KeyError 'price_tier' on some /price calls.",
    logs: evs.map((e) => e.rec),
    labels: evs.map((e) => e.label),
  };
}
