// s06: adtech real-time bidding. bidder and budget-pacer are Go services using log/slog's
// JSONHandler (time, level, msg; time.Duration written as integer nanoseconds); reporting-api and
// model-refresher are Python services using structlog (duration_ms).
// Normal latencies differ by 100x and more: a bid takes ~4 ms, a pacing tick ~12 ms, a report
// query ~650 ms or ~1.4 s, a model refresh ~40 s. Slowness is judged per operation.
// Incident: one Aerospike feature-store node degrades; bids that hit its partitions take 25-95 ms
// and more (tmax 100 ms), feature lookups time out or get reset, pacing ticks slow down.
// The reporting API keeps answering in its usual 0.4-4 s and is never labelled.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, every, hashSeed, healthy, iso, poisson, round, slow, startTime } from "./rng.js";

export function s06AdtechFeatureStoreLatency(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s06-adtech"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 5, 2, 9, 0));
  const end = start + 2 * HOUR;
  const tz = -240; // New York
  const incStart = start + rng.float(0.35, 0.55) * (end - start);
  const incEnd = incStart + rng.float(25, 40) * MIN;
  const inInc = (t: number) => t >= incStart && t < incEnd;
  const badNode = `BB9${rng.hex(3).toUpperCase()}${rng.digits(3)}AC4202`;
  const badAddr = `10.12.4.${rng.int(2, 60)}:3000`;

  const slog = (t: number, level: string, msg: string, fields: Record<string, unknown>): Record<string, unknown> => ({
    time: iso(t, 3, tz),
    level,
    msg,
    ...fields,
  });
  const ns = (ms: number) => Math.round(ms * 1e6);
  const exchanges = ["openx", "magnite", "pubmatic", "index", "xandr"] as const;
  const bidderHosts = [`bidder-${rng.k8s(5)}`, `bidder-${rng.k8s(5)}`, `bidder-${rng.k8s(5)}`];
  const campaigns: string[] = [];
  for (let i = 0; i < 30; i++) campaigns.push(`cmp_${rng.alnum(8)}`);

  // ---- bidder, 1-in-200 sampled bid logs
  poisson(rng, start, end, 1.9 * SEC, (t) => {
    const host = rng.pick(bidderHosts);
    const exchange = rng.pick(exchanges);
    const auction = rng.uuid();
    const base = {
      service: "bidder",
      host,
      exchange,
      auction_id: auction,
      imp_count: rng.weighted([
        [1, 8],
        [2, 2],
        [3, 1],
      ] as const),
    };
    if (inInc(t) && rng.chance(0.42)) {
      const r = rng.next();
      if (r < 0.3) {
        const d = rng.float(101, 160);
        tl.add(t, slog(t, "WARN", "no bid", { ...base, reason: "tmax_exceeded", tmax_ms: 100, duration: ns(d) }), "performance");
      } else {
        const d = slow(rng, 4, 6, 24);
        const bid = rng.chance(0.55);
        tl.add(
          t,
          slog(t, "INFO", bid ? "bid response" : "no bid", {
            ...base,
            ...(bid ? { campaign: rng.pick(campaigns), price_cpm: round(rng.float(0.4, 6.5), 3) } : { reason: "no_eligible_campaign" }),
            duration: ns(d),
          }),
          "performance",
        );
      }
      return;
    }
    const bid = rng.chance(0.55);
    tl.add(
      t,
      slog(t, "INFO", bid ? "bid response" : "no bid", {
        ...base,
        ...(bid ? { campaign: rng.pick(campaigns), price_cpm: round(rng.float(0.4, 6.5), 3) } : { reason: "no_eligible_campaign" }),
        duration: ns(healthy(rng, 4)),
      }),
    );
  });
  poisson(rng, start, end, 2.5 * MIN, (t) => {
    tl.add(
      t,
      slog(t, "WARN", "malformed bid request", {
        service: "bidder",
        host: rng.pick(bidderHosts),
        exchange: rng.pick(exchanges),
        error: rng.pick(["openrtb: imp[0].banner missing w/h", "openrtb: site and app both set", 'openrtb: unsupported currency "BRL"']),
      }),
    );
  });
  every(rng, start, end, 5 * MIN, 5 * SEC, (t) => {
    for (const host of bidderHosts) {
      const at = t + rng.float(0, 800);
      tl.add(
        at,
        slog(at, "INFO", "campaign index reloaded", {
          service: "bidder",
          host,
          campaigns: rng.int(1180, 1220),
          line_items: rng.int(8200, 8400),
          duration: ns(healthy(rng, 180, 0.3)),
        }),
      );
    }
  });
  poisson(rng, incStart + 20 * SEC, incEnd, 35 * SEC, (t) => {
    const host = rng.pick(bidderHosts);
    if (rng.chance(0.7)) {
      tl.add(
        t,
        slog(t, "ERROR", "feature lookup failed", {
          service: "bidder",
          host,
          set: "user_features",
          error: `ResultCode: TIMEOUT, Iteration: 1, InDoubt: false, Node: ${badNode} ${badAddr}: command execution timed out on client: See \`Policy.TotalTimeout\``,
        }),
        "performance",
      );
    } else {
      tl.add(
        t,
        slog(t, "ERROR", "feature lookup failed", {
          service: "bidder",
          host,
          set: "user_features",
          error: `ResultCode: NETWORK_ERROR, Iteration: 0, InDoubt: false, Node: ${badNode} ${badAddr}: read tcp 10.12.9.14:51234->${badAddr}: read: connection reset by peer`,
        }),
        "error",
      );
    }
  });

  // ---- budget-pacer (slog)
  every(rng, start, end, 10 * SEC, 0.5 * SEC, (t) => {
    if (inInc(t) && rng.chance(0.8)) {
      tl.add(
        t,
        slog(t, "INFO", "pacing tick", {
          service: "budget-pacer",
          host: "pacer-0",
          campaigns: rng.int(1180, 1220),
          throttled: rng.int(10, 40),
          duration: ns(slow(rng, 12, 8, 50)),
        }),
        "performance",
      );
      return;
    }
    tl.add(
      t,
      slog(t, "INFO", "pacing tick", {
        service: "budget-pacer",
        host: "pacer-0",
        campaigns: rng.int(1180, 1220),
        throttled: rng.int(10, 40),
        duration: ns(healthy(rng, 12)),
      }),
    );
  });
  poisson(rng, start, end, 9 * MIN, (t) => {
    tl.add(
      t,
      slog(t, "WARN", "campaign budget exhausted", {
        service: "budget-pacer",
        host: "pacer-0",
        campaign: rng.pick(campaigns),
        spent_usd: round(rng.float(500, 20000), 2),
      }),
    );
  });

  // ---- reporting-api and model-refresher (structlog)
  const sl = (t: number, fields: Record<string, unknown>, event: string, level: string, logger: string, label: AnomalyType | null = null) => {
    tl.add(t, { ...fields, event, level, logger, timestamp: iso(t, 6) }, label);
  };
  poisson(rng, start, end, 14 * SEC, (t) => {
    const hourly = rng.chance(0.35);
    const adv = `adv_${rng.int(1000, 1999)}`;
    sl(
      t,
      {
        method: "GET",
        path: hourly ? "/v1/reports/hourly" : "/v1/reports/delivery",
        advertiser_id: adv,
        rows: rng.int(20, 9000),
        status: rng.chance(0.02) ? 404 : 200,
        duration_ms: round(healthy(rng, hourly ? 1400 : 650, 0.45), 1),
        request_id: rng.uuid(),
      },
      "request finished",
      "info",
      "reporting.api",
    );
  });
  poisson(rng, start, end, 20 * MIN, (t) => {
    sl(
      t,
      { query_id: rng.uuid(), elapsed_s: round(rng.float(3, 8), 2), rows_read: rng.int(1e7, 9e7) },
      "clickhouse query over soft limit, consider narrowing date range",
      "warning",
      "reporting.clickhouse",
    );
  });
  every(rng, start, end, 10 * MIN, 20 * SEC, (t) => {
    sl(
      t,
      { model: "ctr-gbdt-v41", features: 412, auc: round(rng.float(0.781, 0.789), 4), duration_ms: Math.round(healthy(rng, 42000, 0.2)) },
      "model refreshed",
      "info",
      "modelrefresh.job",
    );
  });

  return tl.build(
    "adtech-feature-store-node-latency",
    "Adtech RTB: a degraded Aerospike node pushes 4 ms bids to 25-160 ms and slows pacing, while the 0.6-1.4 s reporting API stays normal (slog ns durations / structlog ms).",
  );
}
