/**
 * flag-relay-snapshot-polls: a feature-flag relay that reads flag snapshots from S3 says
 * `actor=unknown` on every poll and on every change it propagates (the snapshot has no author;
 * the admin's audit line, seconds before, names one). A named flip turns on a price cache that
 * leaks: pricing-service's heap fills, its calls slow, both pods run out and restart.
 */
import { clef, logback, nginx, pino, pinoHttp, USER_AGENTS, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "flag-relay-snapshot-polls";
const HEAP_MAX = 4096;

interface PricingPod {
  host: string;
  ip: string;
  base: number; // old generation in MB before the leak
  oom: number;
  restartAt: number;
}

export function flagRelaySnapshotPolls(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-03-02", 9);
  const end = start + 4 * HOUR + rng.int(-10, 10) * MINUTE;
  const tl = new Timeline(start, end);

  // The story: a named flip at ~30 %, the leak visible at ~58 %, two OOMs, the flag turned off.
  const flipOn = tl.at(rng.float(0.27, 0.33));
  const leakVisible = tl.at(rng.float(0.55, 0.6));
  const oomA = leakVisible + rng.int(33, 39) * MINUTE;
  const oomB = oomA + rng.int(5, 8) * MINUTE;
  const flipOff = oomB + rng.int(7, 11) * MINUTE;
  const pods: PricingPod[] = [oomA, oomB].map((oom) => ({
    host: rng.pod("pricing-service"),
    ip: rng.privateIp("10.4"),
    base: rng.int(820, 1150),
    oom,
    restartAt: oom + rng.int(75, 110) * SECOND,
  }));

  const oldGen = (p: PricingPod, t: number): number => {
    if (t >= p.restartAt) {
      const since = t - p.restartAt;
      const leakFor = Math.max(0, Math.min(t, flipOff) - p.restartAt);
      return p.base * 0.75 + Math.min(since / (6 * MINUTE), 1) * 180 + (leakFor / HOUR) * 380;
    }
    if (t < flipOn) return p.base;
    const slow = ((Math.min(t, leakVisible) - flipOn) / HOUR) * 140;
    if (t < leakVisible) return p.base + slow;
    const from = p.base + slow;
    const frac = Math.min((t - leakVisible) / (p.oom - leakVisible), 1);
    return from + (4040 - from) * frac ** 2.3;
  };
  const heapRatio = (p: PricingPod, t: number): number => (oldGen(p, t) + 60) / HEAP_MAX;
  const isDown = (p: PricingPod, t: number): boolean => t >= p.oom && t < p.restartAt;

  // ── pricing-service (Spring Boot, logback + logstash encoder) ──────────────────────────────
  const pricingSrc = (p: PricingPod) => ({ app: "pricing-service", host: p.host });
  for (const p of pods) {
    // GC notifications, logged by the service's own GcLogger (GarbageCollectionNotificationInfo).
    const gcLine = (t: number, young: boolean): void => {
      const after = Math.round(oldGen(p, t) + rng.int(20, 110));
      // G1 shrinks the young generation as the old one fills.
      const eden = Math.min(rng.int(1200, 1750), Math.round((HEAP_MAX - after) * rng.float(0.5, 0.95)));
      const before = Math.min(after + Math.max(eden, rng.int(12, 40)), HEAP_MAX);
      const ratio = after / HEAP_MAX;
      const took = young ? Math.round(ratio > 0.85 ? rng.float(60, 240) : rng.float(6, 22)) : Math.round(rng.float(1400, 3900));
      const kind = young ? "G1 Young Generation (end of minor GC)" : "G1 Old Generation (end of major GC)";
      const label: AnomalyType | null = ratio >= 0.85 ? "memory" : null;
      tl.add(
        t,
        logback(t, pricingSrc(p), "INFO", "com.shop.pricing.jvm.GcLogger", "GcNotifier", `GC ${kind} took ${took}ms, heap ${before}M->${after}M(${HEAP_MAX}M)`),
        label,
      );
    };
    const runGc = (from: number, to: number): void => {
      let t = from + rng.int(5, 60) * SECOND;
      let lastOverhead = 0;
      while (t < to) {
        const r = heapRatio(p, t);
        gcLine(t, true);
        if (r > 0.93 && rng.chance(0.5)) gcLine(t + rng.int(300, 900), false);
        if (r > 0.9 && t - lastOverhead > 55 * SECOND) {
          lastOverhead = t;
          const pct = (25 + ((r - 0.9) / 0.1) * 60 + rng.float(-4, 4)).toFixed(1);
          tl.add(
            t + rng.int(1000, 1500),
            logback(t + 1000, pricingSrc(p), "WARN", "com.shop.pricing.jvm.GcLogger", "GcNotifier", `GC overhead ${pct}% of wall time over the last 60s`),
            "memory",
          );
        }
        t += r > 0.7 ? rng.int(8, 20) * SECOND : rng.int(45, 75) * SECOND;
      }
    };
    runGc(start, p.oom);
    runGc(p.restartAt + 30 * SECOND, end);

    // Out of memory: a few requests die with it, then the liveness probe fails and the kubelet restarts the container.
    const ooms = rng.int(2, 3);
    for (let i = 0; i < ooms; i++) {
      const t = p.oom - rng.int(1, 25) * SECOND;
      tl.add(
        t,
        logback(
          t,
          pricingSrc(p),
          "ERROR",
          "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
          `http-nio-8080-exec-${rng.int(1, 40)}`,
          "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Handler dispatch failed: java.lang.OutOfMemoryError: Java heap space] with root cause",
          { traceId: rng.hex(32), spanId: rng.hex(16) },
          "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3512)\n\tat java.base/java.util.HashMap.resize(HashMap.java:702)\n\tat com.shop.pricing.cache.TieredPriceCache.put(TieredPriceCache.java:88)\n\tat com.shop.pricing.PriceService.priceCart(PriceService.java:141)\n\tat com.shop.pricing.web.PriceController.price(PriceController.java:52)",
        ),
        "memory",
      );
    }
    // The restart: routine startup lines.
    const s = p.restartAt - rng.int(22, 28) * SECOND;
    tl.add(
      s,
      logback(
        s,
        pricingSrc(p),
        "INFO",
        "com.shop.pricing.PricingApplication",
        "main",
        "Starting PricingApplication v3.14.2 using Java 21.0.2 with PID 1 (/app/app.jar started by app in /app)",
      ),
    );
    tl.add(s + 1200, logback(s + 1200, pricingSrc(p), "INFO", "com.shop.pricing.PricingApplication", "main", 'The following 1 profile is active: "prod"'));
    tl.add(s + 9800, logback(s + 9800, pricingSrc(p), "INFO", "com.zaxxer.hikari.HikariDataSource", "main", "HikariPool-1 - Start completed."));
    const took = ((p.restartAt - s) / 1000).toFixed(3);
    tl.add(
      p.restartAt,
      logback(
        p.restartAt,
        pricingSrc(p),
        "INFO",
        "com.shop.pricing.PricingApplication",
        "main",
        `Started PricingApplication in ${took} seconds (process running for ${(Number(took) + 1.4).toFixed(3)})`,
      ),
    );
  }

  // ── storefront-bff (Node, pino + pino-http) behind edge nginx ───────────────────────────────
  const bff = [0, 1, 2].map(() => ({ src: { name: "storefront-bff", hostname: rng.pod("storefront-bff"), pid: 1 }, ip: rng.privateIp("10.4") }));
  const routes = [
    ["GET /api/products/<id>", 30],
    ["GET /api/cart", 20],
    ["POST /api/cart/items", 12],
    ["GET /api/search", 18],
    ["GET /api/categories/<slug>", 12],
    ["POST /api/checkout/session", 5],
    ["GET /api/me", 3],
  ] as const;
  const slugs = ["shoes", "outdoor", "kitchen", "kids", "garden", "sale", "new-in", "electronics"];
  const queries = ["rain+jacket", "usb-c+cable", "running+shoes", "coffee+grinder", "tent", "lego", "desk+lamp", "yoga+mat"];
  const shape = swell(start, end, 0.15, rng.float(0, 1));
  // Requests in flight to a pod when it dies, and in the ~30 s before its endpoint is removed.
  const forced: { s: number; pod: PricingPod }[] = pods.flatMap((p) =>
    Array.from({ length: rng.int(3, 5) }, () => ({ s: p.oom + rng.int(-4000, 28000), pod: p })),
  );
  const requests = [...arrivals(rng, start, end, 5.2, shape, 1.15).map((s) => ({ s, pod: undefined as PricingPod | undefined })), ...forced].sort(
    (a, b) => a.s - b.s,
  );
  for (const { s, pod: forcedPod } of requests) {
    const node = rng.pick(bff);
    const route = forcedPod ? rng.pick(["GET /api/cart", "POST /api/cart/items"] as const) : rng.weighted(routes);
    const [method, path] = route.split(" ") as [string, string];
    let uri = path;
    if (path.includes("<id>")) uri = `/api/products/${rng.int(100000, 999999)}`;
    if (path.includes("<slug>")) uri = `/api/categories/${rng.pick(slugs)}?page=${rng.int(1, 4)}`;
    if (path === "/api/search") uri = `/api/search?q=${rng.pick(queries)}&page=1`;
    const reqId = rng.uuid();
    const remote = rng.publicIp();
    let own = rng.logNormal(route.includes("search") ? 85 : 38, 0.45);
    let status = 200;
    let label: AnomalyType | null = null;
    const callsPricing = route.includes("cart") || route.includes("checkout");
    if (route.includes("products") && rng.chance(0.015)) status = 404;
    if (route.includes("/api/me") && rng.chance(0.2)) status = 401;
    if (callsPricing) {
      let p = forcedPod ?? rng.pick(pods);
      // Once the endpoint is gone (readiness failed three times), calls go to the other pod.
      const other = pods.find((q) => q !== p)!;
      if (isDown(p, s) && s - p.oom > 30 * SECOND && !isDown(other, s)) p = other;
      const callAt = forcedPod ? Math.max(s + Math.round(own * 0.4), p.oom - 3000) : s + Math.round(own * 0.4);
      const ratio = heapRatio(p, callAt);
      const latency = ratio > 0.85 ? rng.logNormal(1500 * (1 + (ratio - 0.85) * 40), 0.45) : rng.logNormal(31, 0.35);
      // A call in flight when the JVM exits ends with the connection.
      const cut = callAt < p.oom && callAt + Math.min(latency, 5000) >= p.oom;
      if (isDown(p, callAt) || cut) {
        const failAt = cut ? p.oom + rng.int(2, 30) : callAt + rng.int(2, 30);
        const err = cut || callAt - p.oom < 6 * SECOND ? "socket hang up" : `connect ECONNREFUSED ${p.ip}:8080`;
        tl.add(
          failAt,
          pino(failAt, node.src, "error", `pricing request failed: ${err}`, {
            reqId,
            err: { type: "Error", message: err, stack: `Error: ${err}\n    at PricingClient.price (/app/dist/clients/pricing.js:48:19)` },
          }),
          "error",
        );
        status = 502;
        own += failAt - s;
        label = "error";
      } else {
        const items = rng.int(1, 9);
        if (latency > 5000) {
          // The client gives up at 5 s and serves the cart without promotions.
          const gaveUp = callAt + 5000;
          tl.add(
            gaveUp,
            pino(gaveUp, node.src, "warn", "pricing call timed out after 5000 ms, serving cart without promotions", { reqId, timeoutMs: 5000 }),
            "performance",
          );
          const pricedAt = callAt + Math.round(latency);
          tl.add(
            pricedAt,
            logback(
              pricedAt,
              pricingSrc(p),
              "INFO",
              "com.shop.pricing.PriceService",
              `http-nio-8080-exec-${rng.int(1, 40)}`,
              `Priced cart ${rng.alnum(10)} (${items} items) in ${Math.round(latency)} ms`,
              { traceId: rng.hex(32), spanId: rng.hex(16) },
            ),
            "performance",
          );
          own += 5000;
          label = "performance";
        } else {
          const pricedAt = callAt + Math.round(latency);
          const slow = latency > 1000;
          tl.add(
            pricedAt,
            logback(
              pricedAt,
              pricingSrc(p),
              "INFO",
              "com.shop.pricing.PriceService",
              `http-nio-8080-exec-${rng.int(1, 40)}`,
              `Priced cart ${rng.alnum(10)} (${items} items) in ${Math.round(latency)} ms`,
              { traceId: rng.hex(32), spanId: rng.hex(16) },
            ),
            slow ? "performance" : null,
          );
          own += latency;
          if (slow) label = "performance";
        }
      }
    }
    const doneAt = s + Math.round(own);
    tl.add(doneAt, pinoHttp(doneAt, node.src, { id: reqId, method, url: uri, remoteAddress: remote }, status, own), label);
    const edgeAt = doneAt + rng.int(1, 4);
    tl.add(
      edgeAt,
      nginx(edgeAt, "edge", {
        remote,
        method,
        uri,
        status,
        bytes: status === 200 ? rng.int(800, 42000) : rng.int(120, 400),
        requestTime: (own + 3) / 1000,
        upstream: `${node.ip}:3000`,
        upstreamTime: (own + 1) / 1000,
        userAgent: rng.pick(USER_AGENTS),
        requestId: reqId.replaceAll("-", ""),
        referer: "https://shop.example.com/",
      }),
      label,
    );
  }
  // Routine background work of the bff.
  for (const node of bff) {
    for (let t = start + rng.int(0, 300) * SECOND; t < end; t += 5 * MINUTE + rng.int(-3, 3) * SECOND) {
      tl.add(t, pino(t, node.src, "info", `catalog cache refreshed (${rng.int(1830, 1860)} products) in ${rng.int(180, 460)} ms`));
    }
  }

  // ── flag-admin (ASP.NET Core, Serilog CLEF): who changed which flag ────────────────────────
  const admin = { application: "flag-admin", machine: rng.pod("flag-admin") };
  const flags = [
    "checkout.new_address_form",
    "search.typo_tolerance",
    "catalog.lazy_images",
    "cart.save_for_later",
    "promo.spring_banner",
    "recs.homepage_carousel_v2",
  ];
  const actors = [
    "svc-release-train",
    "terraform-cloud (run-8fQ2kP)",
    "jenkins@build-07",
    "m.bianchi@shop.example",
    "renovate-flags[bot]",
    "k.yamamoto@shop.example",
  ];
  const values = ["on", "off", "25%", "50%", "100%", "variant-b"];
  const flips: { t: number; key: string; value: string; actor: string; channel: string }[] = [
    { t: flipOn, key: "pricing.tiered_cache", value: "on", actor: "dana.okafor@shop.example", channel: "ui" },
    { t: flipOff, key: "pricing.tiered_cache", value: "off", actor: "lena.fischer@shop.example", channel: "ui" },
  ];
  const nFlips = rng.int(5, 7);
  for (let i = 0; i < nFlips; i++) {
    const actor = rng.pick(actors);
    flips.push({
      t: tl.at(rng.float(0.03, 0.97)),
      key: rng.pick(flags),
      value: rng.pick(values),
      actor,
      channel: actor.includes("@shop") ? "ui" : "api",
    });
  }
  flips.sort((a, b) => a.t - b.t);
  for (const f of flips) {
    tl.add(
      f.t,
      clef(f.t, admin, "Information", "FlagAdmin.Audit.AuditTrail", "Flag {FlagKey} set to {Value} by {Actor} via {Channel}", {
        FlagKey: f.key,
        Value: f.value,
        Actor: f.actor,
        Channel: f.channel,
      }),
    );
  }
  const adminRoutes = ["/api/flags", "/api/flags", "/api/audit", "/api/segments", "/api/flags/pricing.tiered_cache", "/api/flags/promo.spring_banner"];
  for (const t of arrivals(rng, start, end, 0.45)) {
    tl.add(
      t,
      clef(
        t,
        admin,
        "Information",
        "Serilog.AspNetCore.RequestLoggingMiddleware",
        "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
        {
          RequestMethod: "GET",
          RequestPath: rng.pick(adminRoutes),
          StatusCode: 200,
          Elapsed: rng.logNormal(14, 0.5),
        },
      ),
    );
  }

  // ── flag-relay (Go, zap): polls the snapshot every 60 s; the snapshot names no author ──────
  let version = rng.int(1800, 4200);
  let etag = rng.hex(32);
  let fi = 0;
  const relayClients = ["storefront-bff", "pricing-service", "search-api", "checkout-api"];
  for (let t = start + rng.int(0, 59) * SECOND; t < end; t += 60 * SECOND + rng.int(-1500, 1500)) {
    const changed: typeof flips = [];
    while (fi < flips.length && flips[fi]!.t + 4 * SECOND < t) changed.push(flips[fi++]!);
    if (changed.length > 0) {
      version += 1;
      etag = rng.hex(32);
    }
    tl.add(
      t,
      zap(t, "info", "relay.poller", "poller/s3.go:142", `applied flag snapshot v${version} (214 flags, ${changed.length} changed), actor=unknown`, {
        bucket: "flags-prod",
        key: "snapshots/latest.json",
        etag,
        latency: Number(rng.logNormal(0.042, 0.3).toFixed(6)),
      }),
    );
    for (const f of changed) {
      const u = t + rng.int(1, 4);
      tl.add(
        u,
        zap(u, "info", "relay.store", "store/apply.go:77", `flag ${f.key} updated to ${f.value} from snapshot v${version}, actor=unknown`, {
          flag: f.key,
          snapshot: version,
        }),
      );
    }
  }
  for (const t of arrivals(rng, start, end, 0.25)) {
    tl.add(
      t,
      zap(t, "info", "relay.stream", "stream/server.go:213", "sdk client connected", {
        client: rng.pick(relayClients),
        sdk: "go-server/7.1.0",
        remote: `${rng.privateIp("10.4")}:${rng.int(30000, 60000)}`,
      }),
    );
  }

  return tl.build(
    NAME,
    "pricing-service leaks heap after a named flip turns on a price cache (both pods run out); flag-relay says actor=unknown on every poll and change it relays",
  );
}
