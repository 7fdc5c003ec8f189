/**
 * planned-region-failover: traffic-manager drains eu-central-1 for a planned DR exercise (the
 * change is named in its lines) and eu-west-1's catalog-cache, cold until then, logs a
 * cache-warming WARNING every minute or so to the end: expected while the standby region
 * fills its cache. Earlier, recommendations' model store slows its answers for a while; later
 * fraud-scorer in eu-west-1 refuses connections and payments fail for a few minutes.
 */
import { edgeLine } from "./common.js";
import { clef, kubeEvent, logback, pino, pyjson, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, ticks, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "planned-region-failover";

export function plannedRegionFailover(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-04-14", 9);
  const end = start + 3 * HOUR + rng.int(-8, 8) * MINUTE;
  const tl = new Timeline(start, end);

  // ── traffic-manager (Go): health rounds; the planned drain of eu-central-1 ────────────────
  const failAt = tl.at(rng.float(0.25, 0.4));
  const halfAt = failAt + rng.int(4, 6) * MINUTE;
  const chg = `CHG-${rng.int(50000, 59999)}`;
  const weights = (t: number): [number, number] => (t < failAt ? [100, 0] : t < halfAt ? [50, 50] : [0, 100]);
  const tm = { service: "traffic-manager" };
  for (const t of ticks(rng, start, end, MINUTE, 2000)) {
    const [c, w] = weights(t);
    tl.add(
      t,
      zap(t, "info", "traffic-manager", "health/round.go:88", "health round complete", {
        ...tm,
        "eu-central-1": "healthy",
        "eu-west-1": "healthy",
        weight_euc1: c,
        weight_euw1: w,
        latency: Number(rng.logNormal(0.09, 0.3).toFixed(6)),
      }),
    );
  }
  tl.add(
    failAt,
    zap(failAt, "info", "traffic-manager", "drain/drain.go:41", `region drain started for eu-central-1 (planned DR exercise, change ${chg})`, {
      ...tm,
      operator: "m.okafor",
    }),
  );
  tl.add(
    failAt + 40,
    zap(failAt + 40, "info", "traffic-manager", "dns/weights.go:63", "weights updated", { ...tm, "eu-central-1": 50, "eu-west-1": 50, ttl: "30s" }),
  );
  tl.add(halfAt, zap(halfAt, "info", "traffic-manager", "dns/weights.go:63", "weights updated", { ...tm, "eu-central-1": 0, "eu-west-1": 100, ttl: "30s" }));
  const drained = halfAt + rng.int(60, 120) * SECOND;
  tl.add(drained, zap(drained, "info", "traffic-manager", "drain/drain.go:77", "region eu-central-1 drained: 0 active sessions", tm));

  // ── catalog-cache (.NET): per-region stats; eu-west-1 warms its cache after the failover ──
  const euc = { application: "catalog-cache", machine: "catalog-cache-euc1-0" };
  const euw = { application: "catalog-cache", machine: "catalog-cache-euw1-0" };
  for (const [app, region] of [
    [euc, 0],
    [euw, 1],
  ] as const) {
    for (const t of ticks(rng, start, end, MINUTE, 1500)) {
      const share = weights(t)[region] / 100;
      const lookups = Math.round(share * rng.int(2600, 3400) + rng.int(0, 12));
      const warm = region === 1 && t >= failAt;
      const hit = lookups < 20 ? 100 : warm ? Math.min(93, 40 + ((t - failAt) / HOUR) * 30 + rng.float(-3, 3)) : rng.float(95.5, 97.5);
      tl.add(
        t,
        clef(t, app, "Information", "CatalogCache.Stats.StatsReporter", "Served {Lookups} lookups in the last 60 s, hit ratio {HitRatio:0.0}%", {
          Lookups: lookups,
          HitRatio: Number(hit.toFixed(1)),
          Region: region === 0 ? "eu-central-1" : "eu-west-1",
        }),
      );
    }
  }
  const prefixes = ["product:", "price:", "stock:", "category:", "bundle:"];
  for (const t of ticks(rng, failAt + 2 * MINUTE, end, 45 * SECOND, 12 * SECOND)) {
    const hit = Math.min(93, 40 + ((t - failAt) / HOUR) * 30 + rng.float(-3, 3));
    tl.add(
      t,
      clef(
        t,
        euw,
        "Warning",
        "CatalogCache.Warmup.WarmupCoordinator",
        "Cache warm-up: {KeyPrefix} hit ratio {HitRatio:0.0}% below target {Target}%, fetching from origin",
        {
          KeyPrefix: rng.pick(prefixes),
          HitRatio: Number(hit.toFixed(1)),
          Target: 95,
          Region: "eu-west-1",
        },
      ),
    );
  }
  for (const t of ticks(rng, failAt + MINUTE, end, 25 * SECOND, 8 * SECOND)) {
    const elapsed = rng.logNormal(180, 0.4);
    tl.add(
      t,
      clef(t, euw, "Information", "CatalogCache.Warmup.OriginFetcher", "Refreshed {Count} entries for {KeyPrefix} from origin in {Elapsed:0} ms", {
        Count: rng.int(200, 1000),
        KeyPrefix: rng.pick(prefixes),
        Elapsed: Number(elapsed.toFixed(2)),
        Region: "eu-west-1",
      }),
    );
  }

  // ── product-api (Node): both regions, by weight ────────────────────────────────────────────
  const prod = [
    { name: "product-api", hostname: rng.pod("product-api"), pid: 1 },
    { name: "product-api", hostname: rng.pod("product-api"), pid: 1 },
  ];
  for (const t of arrivals(rng, start, end, 3)) {
    const region = rng.next() * 100 < weights(t)[0] ? 0 : 1;
    const took = Math.round(rng.logNormal(region === 1 && t < failAt + 30 * MINUTE ? 35 : 22, 0.4));
    tl.add(
      t + took,
      pino(t + took, prod[region]!, "info", "product served", {
        region: region === 0 ? "eu-central-1" : "eu-west-1",
        productId: rng.int(10000, 99999),
        responseTime: took,
      }),
    );
  }

  // ── recommendations (Python): the model store is slow for a while before the failover ─────
  const recs = { service: "recommendations", host: rng.pod("recommendations") };
  const slowFrom = tl.at(rng.float(0.08, 0.16));
  const slowTo = slowFrom + rng.int(10, 15) * MINUTE;
  const edge = "shop-edge";
  const recUp = `10.8.${rng.int(1, 60)}.${rng.int(2, 250)}:8000`;
  for (const t of arrivals(rng, start, end, 1.6)) {
    const slow = t >= slowFrom && t < slowTo;
    const took = slow ? rng.logNormal(4200, 0.35) : rng.logNormal(120, 0.3);
    const label: AnomalyType | null = took > 1500 ? "performance" : null;
    const d = t + Math.round(took);
    tl.add(
      d,
      pyjson(d, recs, "INFO", "recs.api", `recommendations for user computed in ${Math.round(took)} ms`, {
        duration_ms: Math.round(took),
        items: rng.int(8, 24),
        model: "als-2026-04",
      }),
      label,
    );
    const [e, entry] = edgeLine(rng, t - 2, edge, "GET", `/api/recs?user=${rng.int(100000, 999999)}`, 200, took + 4, recUp);
    tl.add(e, entry, label);
  }

  // ── payments (Java): fraud-scorer in eu-west-1 refuses connections for a few minutes ───────
  const pay = { app: "payments", host: rng.pod("payments") };
  const refuseFrom = tl.at(rng.float(0.62, 0.8));
  const refuseTo = refuseFrom + rng.int(5, 9) * MINUTE;
  const scorer = rng.pod("fraud-scorer");
  const payUp = `10.8.${rng.int(1, 60)}.${rng.int(2, 250)}:8080`;
  for (const t of arrivals(rng, start, end, 1.3)) {
    const id = `pay_${rng.alnum(14)}`;
    const thread = `http-nio-8080-exec-${rng.int(1, 20)}`;
    if (t >= refuseFrom && t < refuseTo) {
      const d = t + rng.int(3, 12);
      tl.add(
        d,
        logback(
          d,
          pay,
          "ERROR",
          "com.shop.payments.fraud.FraudClient",
          thread,
          `Fraud check failed for payment ${id}`,
          { payment_id: id },
          "java.net.ConnectException: Connection refused: fraud-scorer.payments.svc/10.8.3.41:7070\n\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)\n\tat io.grpc.netty.shaded.io.netty.channel.epoll.AbstractEpollChannel.doFinishConnect(AbstractEpollChannel.java:674)\n\tat com.shop.payments.fraud.FraudClient.score(FraudClient.java:58)",
        ),
        "error",
      );
      const [e, entry] = edgeLine(rng, t - 3, edge, "POST", "/api/pay", 503, d - t + 5, payUp);
      tl.add(e, entry, "error");
    } else {
      const took = Math.round(rng.logNormal(420, 0.3));
      tl.add(
        t + took,
        logback(
          t + took,
          pay,
          "INFO",
          "com.shop.payments.PaymentService",
          thread,
          `Payment ${id} authorised in ${took} ms (fraud score ${rng.float(0.01, 0.3).toFixed(2)})`,
          {
            payment_id: id,
            duration_ms: took,
          },
        ),
      );
      const [e, entry] = edgeLine(rng, t - 3, edge, "POST", "/api/pay", 200, took + 6, payUp);
      tl.add(e, entry);
    }
  }
  for (let i = 0; i < 3; i++) {
    const t = refuseFrom + rng.int(10, 50) * SECOND + i * rng.int(60, 100) * SECOND;
    if (t >= refuseTo) break;
    tl.add(
      t,
      kubeEvent(
        t,
        "Warning",
        "Unhealthy",
        `Readiness probe failed: Get "http://10.8.3.41:7070/ready": dial tcp 10.8.3.41:7070: connect: connection refused`,
        { kind: "Pod", name: scorer, namespace: "payments" },
        { component: "kubelet", host: `ip-10-8-3-${rng.int(2, 250)}.eu-west-1.compute.internal` },
        rng.uuid(),
        i + 1,
      ),
      "error",
    );
  }

  // ── shop-edge (nginx): the rest of the traffic ──────────────────────────────────────────────
  const routes = [
    ["GET /", 10],
    ["GET /p/<id>", 45],
    ["GET /api/cart", 18],
    ["GET /api/catalog/<id>", 12],
    ["GET /assets/<asset>", 15],
  ] as const;
  const webUp = [`10.7.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`, `10.8.${rng.int(1, 60)}.${rng.int(2, 250)}:3000`];
  for (const s of arrivals(rng, start, end, 6, swell(start, end, 0.15, rng.float(0, 6)), 1.2)) {
    const [method, path] = rng.weighted(routes).split(" ") as [string, string];
    const uri = path.replace("<id>", String(rng.int(10000, 99999))).replace("<asset>", `app.${rng.hex(8)}.js`);
    const status = path.startsWith("/p/") && rng.chance(0.02) ? 404 : 200;
    const region = rng.next() * 100 < weights(s)[0] ? 0 : 1;
    const [e, entry] = edgeLine(rng, s, edge, method, uri, status, rng.logNormal(path.startsWith("/assets") ? 3 : 42, 0.5), webUp[region]!);
    tl.add(e, entry);
  }

  return tl.build(
    NAME,
    "a planned DR exercise fails traffic over to eu-west-1, whose catalog-cache logs a cache-warming WARNING every minute to the end; recommendations slow down earlier and payments fail while fraud-scorer refuses connections",
  );
}
