// s01: ride-hailing micro-services (pino / pino-http JSON). A canary of the ETA service
// carries a corrupted routing-graph shard: from the first minutes to the end of the window
// some ETA calls are slow or fail, dispatch retries and falls back, the shard keeps being
// reloaded, and one dispatch pod's resident set climbs with its retry queue. No quiet part.
import { type Label, MIN, Rng, SEC, Timeline, arrivals, baseTime, between, every, progress, seedFor } from "./rng.js";
import type { Scenario } from "./types.js";

interface Pod {
  svc: string;
  host: string;
  pid: number;
}

export function rideHailingMesh(seed: number): Scenario {
  const r = new Rng(seedFor(seed, "s01-ride-hailing-mesh"));
  const tl = new Timeline();
  const start = baseTime(r, 5, 18);
  const end = start + r.int(130, 200) * MIN;
  const city = r.pick(["lisbon", "porto", "madrid", "valencia", "seville"]);
  const zones = Array.from({ length: 14 }, (_, i) => `${city}-${["n", "s", "e", "w", "c"][i % 5]}${i + 1}`);
  const badShard = `${r.pick(["north", "east", "river"])}-${r.int(3, 19)}`;
  const etaCanary = `v2.${r.int(28, 40)}.0`;
  const etaStable = `v2.${r.int(20, 27)}.${r.int(1, 9)}`;

  const pods = (svc: string, n: number): Pod[] => Array.from({ length: n }, () => ({ svc, host: r.podName(svc), pid: r.pick([1, 1, 1, 7, 19]) }));
  const loc = pods("driver-location", 4);
  const eta = pods("eta-service", 3);
  const pricing = pods("pricing-service", 2);
  const dispatch = pods("dispatch-service", 3);
  const trip = pods("trip-service", 3);
  const wallet = pods("wallet-service", 2);
  const notif = pods("notification-service", 2);
  const rollout = pods("rollout-controller", 1);
  const leaky = dispatch[1] as Pod;

  const line = (p: Pod, t: number, level: number, fields: Record<string, unknown>, msg: string) => ({
    level,
    time: Math.floor(t),
    pid: p.pid,
    hostname: p.host,
    name: p.svc,
    ...fields,
    msg,
  });
  const reqId = () => `req-${r.alnum(8)}`;
  const remote = () => `::ffff:${r.ip("10.60")}`;
  const http = (p: Pod, t: number, method: string, url: string, status: number, ms: number, label: Label, extra: Record<string, unknown> = {}) => {
    const level = status >= 500 ? 50 : status >= 400 ? 40 : 30;
    tl.add(
      t,
      line(
        p,
        t,
        level,
        {
          req: { id: reqId(), method, url, remoteAddress: remote() },
          res: { statusCode: status },
          responseTime: Math.max(1, Math.round(ms)),
          ...extra,
        },
        status >= 500 ? "request errored" : "request completed",
      ),
      label,
    );
  };
  const drv = () => `drv_${r.alnum(10)}`;
  const rdr = () => `rdr_${r.alnum(10)}`;
  const coord = () => `${(38.6 + r.float(0, 0.3)).toFixed(5)},${(-9.3 + r.float(0, 0.4)).toFixed(5)}`;

  // Fault intensity: a low steady rate everywhere, plus bursts (one in the first minutes).
  const bursts: [number, number][] = [];
  const b0 = start + r.int(2, 9) * MIN;
  bursts.push([b0, b0 + r.int(4, 8) * MIN]);
  const nb = r.int(3, 5);
  for (let i = 0; i < nb; i++) {
    const a = start + ((i + 1) / (nb + 1)) * (end - start) + r.int(-8, 8) * MIN;
    bursts.push([a, a + r.int(4, 10) * MIN]);
  }
  const fault = (t: number) => (bursts.some(([a, b]) => between(t, a, b)) ? 0.38 : 0.06);
  const volume = r.float(0.8, 1.1);

  // Rollout: the canary is already at 25 % a minute into the window, then goes to 50 %.
  const tRoll = start + r.int(40, 150) * SEC;
  tl.add(
    tRoll,
    line(
      rollout[0] as Pod,
      tRoll,
      30,
      { rollout: "eta-service", step: 3, canaryWeight: 25, image: `registry.internal/eta-service:${etaCanary}` },
      `canary step 3/6: eta-service ${etaCanary} weight set to 25%`,
    ),
    "pattern",
  );
  const tRoll2 = start + (end - start) * r.float(0.4, 0.55);
  tl.add(
    tRoll2,
    line(
      rollout[0] as Pod,
      tRoll2,
      30,
      { rollout: "eta-service", step: 4, canaryWeight: 50, image: `registry.internal/eta-service:${etaCanary}` },
      `canary step 4/6: eta-service ${etaCanary} weight set to 50% (analysis inconclusive: only 41 samples)`,
    ),
    "pattern",
  );
  // Healthy rollout analysis heartbeats.
  for (const t of every(r, start, end, 5 * MIN, 20 * SEC)) {
    tl.add(
      t,
      line(rollout[0] as Pod, t, 30, { rollout: "eta-service", successRate: Number(r.float(0.985, 0.999).toFixed(3)) }, "canary analysis run completed"),
    );
  }

  // driver-location: very frequent, ~3 ms.
  for (const t of arrivals(r, start, end, 7000 / volume)) {
    const p = r.pick(loc);
    http(p, t, "POST", `/v1/drivers/${drv()}/location`, 204, r.logNormal(3.2, 0.4), null, {
      accuracyM: r.int(3, 40),
    });
  }
  for (const t of every(r, start, end, 90 * SEC, 5 * SEC)) {
    const p = r.pick(loc);
    tl.add(t, line(p, t, 30, { points: r.int(180, 900), cells: r.int(40, 160) }, "location batch flushed to geo index"));
  }
  for (const t of arrivals(r, start, end, 95 * SEC)) {
    const p = r.pick(loc);
    tl.add(t, line(p, t, 40, { driverId: drv(), lagMs: r.int(2100, 9000) }, "dropping out-of-order location ping"));
  }

  // eta-service: the canary pod answers part of the calls.
  const canaryPod = eta[2] as Pod;
  for (const t of arrivals(r, start, end, 11000 / volume)) {
    const onCanary = r.chance(t < tRoll2 ? 0.3 : 0.5);
    const p = onCanary ? canaryPod : r.pick(eta.slice(0, 2));
    const url = `/v1/eta?origin=${coord()}&dest=${coord()}&zone=${r.pick(zones)}`;
    const u = r.next();
    const f = onCanary ? fault(t) * 2 : 0;
    if (u < f * 0.55) {
      http(p, t, "GET", url, 200, r.float(700, 4200), "performance", { etaSec: r.int(120, 1500), version: etaCanary });
    } else if (u < f) {
      const a = r.int(10000, 99999);
      tl.add(
        t,
        line(
          p,
          t,
          50,
          {
            err: {
              type: "RoutingError",
              message: `no path between snapped nodes ${a}->${a + r.int(3, 400)} (shard ${badShard})`,
              stack: `RoutingError: no path between snapped nodes\n    at Graph.route (/app/dist/graph.js:412:13)\n    at EtaHandler.handle (/app/dist/handlers/eta.js:88:24)`,
            },
            version: etaCanary,
          },
          `route computation failed for shard ${badShard}`,
        ),
        "error",
      );
      http(p, t + r.float(1, 5), "GET", url, 500, r.float(18, 70), "error", { version: etaCanary });
    } else {
      http(p, t, "GET", url, 200, r.logNormal(36, 0.35), null, {
        etaSec: r.int(90, 1500),
        version: onCanary ? etaCanary : etaStable,
      });
    }
  }
  // The canary keeps failing its shard checksum and reloading it.
  let tr = start + r.int(4, 14) * MIN;
  while (tr < end) {
    const got = r.hex(8);
    tl.add(tr, line(canaryPod, tr, 40, { shard: badShard, expected: r.hex(8), got }, `graph shard ${badShard} failed checksum verification`), "error");
    const tl2 = tr + r.float(6, 14) * SEC;
    tl.add(
      tl2,
      line(
        canaryPod,
        tl2,
        30,
        { shard: badShard, nodes: r.int(310000, 330000), edges: r.int(720000, 760000), source: "s3://geo-graphs/osm/2025w" },
        `graph shard ${badShard} reloaded from object storage`,
      ),
      "pattern",
    );
    tr += r.int(14, 26) * MIN;
  }
  for (const t of every(r, start, end, 10 * MIN, MIN)) {
    const p = r.pick(eta);
    tl.add(t, line(p, t, 30, { entries: r.int(20000, 60000), hitRatio: Number(r.float(0.6, 0.8).toFixed(2)) }, "eta cache stats"));
  }

  // pricing-service
  for (const t of arrivals(r, start, end, 30000 / volume)) {
    http(r.pick(pricing), t, "GET", `/v1/quotes?zone=${r.pick(zones)}&product=${r.pick(["x", "comfort", "xl", "green"])}`, 200, r.logNormal(21, 0.3), null);
  }
  for (const t of every(r, start, end, 2 * MIN, 15 * SEC)) {
    tl.add(
      t,
      line(
        r.pick(pricing),
        t,
        30,
        { zone: r.pick(zones), multiplier: Number(r.float(1, 1.9).toFixed(2)), openRequests: r.int(3, 60) },
        "surge multiplier updated",
      ),
    );
  }

  // dispatch-service: match requests call the ETA service.
  for (const t of arrivals(r, start, end, 30000 / volume)) {
    const p = r.pick(dispatch);
    const rider = rdr();
    const viaCanary = r.chance(t < tRoll2 ? 0.3 : 0.5);
    if (viaCanary && r.chance(fault(t) * 1.4)) {
      tl.add(
        t,
        line(p, t, 40, { riderId: rider, attempt: 2, maxAttempts: 3, upstream: "eta-service" }, "eta lookup timed out after 800ms, retrying"),
        "performance",
      );
      if (r.chance(0.35)) {
        const tf = t + r.float(800, 1700);
        tl.add(tf, line(p, tf, 40, { riderId: rider, attempts: 3, lastError: "ETIMEDOUT" }, "eta lookup timed out after 3 attempts"), "performance");
        tl.add(tf + 2, line(p, tf + 2, 30, { riderId: rider, method: "haversine", speedKmh: 24 }, "using straight-line fallback ETA for match"), "pattern");
      }
      http(p, t + r.float(900, 2600), "POST", "/v1/dispatch/match", 200, r.float(950, 2700), "performance", {
        candidates: r.int(2, 12),
      });
    } else {
      const ms = r.logNormal(88, 0.3);
      http(p, t + ms, "POST", "/v1/dispatch/match", 200, ms, null, { candidates: r.int(1, 14) });
      tl.add(t + ms + 1, line(p, t + ms + 1, 30, { riderId: rider, driverId: drv(), etaSec: r.int(60, 720), candidates: r.int(1, 14) }, "match found"));
    }
  }
  for (const t of arrivals(r, start, end, 80 * SEC)) {
    tl.add(t, line(r.pick(dispatch), t, 30, { riderId: rdr(), zone: r.pick(zones), searchedKm: r.int(3, 8) }, "no driver available, rider queued"));
  }
  // Memory watchdog on each dispatch pod; the leaky one grows with its retry queue.
  for (const p of dispatch) {
    const base = r.float(0.36, 0.46);
    for (const t of every(r, start, end, 60 * SEC, 2 * SEC)) {
      const k = progress(t, start, end);
      const pct = p === leaky ? 0.5 + 0.45 * k ** 1.1 + r.float(-0.01, 0.01) : base + r.float(-0.03, 0.03);
      const label: Label = p === leaky && pct > 0.66 ? "memory" : null;
      tl.add(
        t,
        line(
          p,
          t,
          label ? 40 : 30,
          {
            rss_mb: Math.round(pct * 1024),
            limit_mb: 1024,
            eventLoopDelayMs: Number(r.float(1, p === leaky ? 4 + 30 * k : 6).toFixed(1)),
            retryQueue: p === leaky ? Math.round(40 + 2400 * k) : r.int(0, 12),
          },
          label ? "memory watchdog: resident set above soft limit" : "memory watchdog",
        ),
        label,
      );
    }
  }

  // trip-service
  for (const t of arrivals(r, start, end, 24000 / volume)) {
    const k = r.next();
    if (k < 0.55) http(r.pick(trip), t, "GET", `/v1/trips/${r.uuid()}`, 200, r.logNormal(11, 0.35), null);
    else if (k < 0.75) http(r.pick(trip), t, "POST", "/v1/trips", 201, r.logNormal(54, 0.3), null);
    else if (k < 0.97)
      http(r.pick(trip), t, "PATCH", `/v1/trips/${r.uuid()}/status`, 200, r.logNormal(14, 0.3), null, {
        status: r.pick(["driver_arrived", "in_progress", "completed", "cancelled_by_rider"]),
      });
    else http(r.pick(trip), t, "GET", `/v1/trips/${r.uuid()}`, 404, r.logNormal(6, 0.3), null);
  }
  for (const t of arrivals(r, start, end, 150 * SEC)) {
    tl.add(
      t,
      line(
        r.pick(trip),
        t,
        50,
        { err: { type: "SyntaxError", message: "Unexpected end of JSON input" }, appVersion: `rider-ios/${r.int(5, 7)}.${r.int(0, 30)}.0` },
        "failed to parse client telemetry payload",
      ),
    );
  }

  // wallet-service
  for (const t of arrivals(r, start, end, 90000 / volume)) {
    const declined = r.chance(0.04);
    http(r.pick(wallet), t, "POST", "/v1/wallet/charges", declined ? 402 : 201, r.logNormal(205, 0.3), null, {
      amountCents: r.int(350, 5400),
      currency: "EUR",
    });
    if (declined)
      tl.add(t + 3, line(r.pick(wallet), t + 3, 40, { reason: r.pick(["insufficient_funds", "card_expired", "do_not_honor"]) }, "charge declined by issuer"));
  }

  // notification-service
  for (const t of arrivals(r, start, end, 60000 / volume)) {
    const p = r.pick(notif);
    http(p, t, "POST", "/v1/push", 202, r.logNormal(118, 0.4), null, { channel: r.pick(["apns", "fcm", "fcm", "sms"]) });
  }
  for (const t of arrivals(r, start, end, 70 * SEC)) {
    tl.add(t, line(r.pick(notif), t, 40, { provider: "apns", status: 410 }, "push token unregistered, removing device"));
  }

  // Near the end the rollout controller finally aborts the canary.
  const tAbort = end - r.int(2, 6) * MIN;
  tl.add(
    tAbort,
    line(
      rollout[0] as Pod,
      tAbort,
      50,
      { rollout: "eta-service", errorRate: Number(r.float(0.03, 0.06).toFixed(3)), threshold: 0.01 },
      `canary analysis failed for eta-service ${etaCanary}`,
    ),
    "error",
  );
  tl.add(
    tAbort + 1500,
    line(rollout[0] as Pod, tAbort + 1500, 30, { rollout: "eta-service", to: etaStable }, `aborting rollout, scaling canary ${etaCanary} to 0`),
    "pattern",
  );

  return tl.build(
    "ride-hailing-eta-canary-flapping",
    "Ride-hailing micro-services (pino): an ETA canary with a corrupted graph shard makes ETA calls slow or fail throughout the window, dispatch retries and leaks memory.",
  );
}
