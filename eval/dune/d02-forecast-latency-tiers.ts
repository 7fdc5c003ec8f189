// d02: a weather-forecast platform whose services' normal latencies are ~100x apart
// (grid-point cache ~0.9 ms, forecast API ~90 ms, ensemble renderer ~9 s). A page-cache eviction
// slows all three for ~15 minutes; a few stray slow lines elsewhere. A 30 ms cache lookup is
// anomalous though it is faster than any normal API call.
import { arrivals, HOUR, iso, MIN, Rng, round, scatter, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

export default function d02(seed: number): Scenario {
  const r = new Rng(seed, "d02-forecast-latency-tiers");
  const t0 = startTime(r);
  const t1 = t0 + 2 * HOUR;
  const a = t0 + r.int(35, 70) * MIN + r.int(0, 59_999);
  const b = a + r.int(12, 18) * MIN;
  const inc = (t: number) => t >= a && t < b;
  const tl = new Timeline();
  const cell = () => `${round(r.float(45, 55), 2)},${round(r.float(5, 15), 2)}`;
  const cache = (t: number, level: string, msg: string, ms: number, hit: boolean, label: "performance" | null = null) =>
    tl.add(t, { time: iso(t), level, msg, service: "gridpoint-cache", host: "gpc-2", cell: cell(), hit, latency_ms: round(ms, 3) }, label);
  const api = (t: number, level: string, status: number, ms: number, note: string, label: "performance" | "error" | null = null) => {
    const path = `/v2/points/${cell()}/forecast`;
    tl.add(
      t,
      {
        timestamp: iso(t),
        level,
        logger: "forecast_api.access",
        service: "forecast-api",
        message: `GET ${path} ${status}${note}`,
        path,
        status,
        duration_ms: round(ms),
      },
      label,
    );
  };
  const render = (t: number, level: string, ms: number, note: string, label: "performance" | null = null) => {
    const prod = r.pick(["t2m_spaghetti", "precip_plume", "wind10m_prob", "cape_meteogram"]);
    tl.add(
      t,
      {
        timestamp: iso(t),
        level,
        service: "ensemble-render",
        message: `rendered ensemble product=${prod} members=51 in ${round(ms / 1000, 2)}s${note}`,
        elapsed_ms: Math.round(ms),
      },
      label,
    );
  };

  for (const t of arrivals(r, t0, t1, 3_000)) {
    const hit = r.chance(0.94);
    if (inc(t) && r.chance(0.7)) cache(t, "INFO", "grid lookup", Math.max(9, r.logn(38, 0.5)), hit, "performance");
    else cache(t, "INFO", "grid lookup", r.logn(hit ? 0.85 : 1.6, 0.25), hit);
  }
  for (const t of arrivals(r, t0, t1, 5_000)) {
    if (inc(t) && r.chance(0.08)) api(t, "ERROR", 503, 250 + r.float(0, 40), " upstream gridpoint-cache timeout after 250ms", "performance");
    else if (inc(t) && r.chance(0.06)) api(t, "ERROR", 500, r.logn(900, 0.3), " incomplete grid response (got 312 of 384 steps)", "error");
    else if (inc(t) && r.chance(0.75)) api(t, "WARNING", 200, Math.max(700, r.logn(1900, 0.4)), " slow", "performance");
    else api(t, "INFO", 200, r.logn(90, 0.3), "");
  }
  for (const t of arrivals(r, t0, t1, 60_000)) {
    if (inc(t) && r.chance(0.2)) {
      tl.add(
        t,
        {
          timestamp: iso(t),
          level: "ERROR",
          service: "ensemble-render",
          message: "render aborted: deadline 180s exceeded while reading grid members",
          elapsed_ms: 180_000,
        },
        "performance",
      );
    } else if (inc(t)) render(t, "WARNING", r.logn(75_000, 0.3), " (grid read stalled)", "performance");
    else render(t, "INFO", r.logn(9_000, 0.2), "");
  }
  // routine: cache warm-up notices and a few 404s for points outside the domain
  for (const t of arrivals(r, t0, t1, 9 * MIN)) {
    tl.add(t, {
      timestamp: iso(t),
      level: "WARNING",
      logger: "forecast_api.access",
      service: "forecast-api",
      message: "GET /v2/points/71.20,-8.40/forecast 404 point outside model domain",
      path: "/v2/points/71.20,-8.40/forecast",
      status: 404,
      duration_ms: round(r.logn(4, 0.2)),
    });
  }
  const tr = a - r.int(2_000, 20_000);
  tl.add(
    tr,
    {
      time: iso(tr),
      level: "WARNING",
      msg: "grid file remapped after page-cache eviction",
      service: "gridpoint-cache",
      host: "gpc-2",
      file: "/data/gfs/0p25/run.grb2",
      resident_pct: 3,
    },
    "pattern",
  );
  // stray slow lines outside the incident window
  for (const t of scatter(r, t0, t1, 12)) {
    if (inc(t)) continue;
    if (r.chance(0.5)) cache(t, "INFO", "grid lookup", r.float(20, 70), false, "performance");
    else api(t, "WARNING", 200, r.float(2_000, 4_000), " slow", "performance");
  }
  return tl.build(
    "d02-forecast-latency-tiers",
    "Forecast services ~100x apart in latency; a page-cache eviction slows each for ~15 min relative to its own normal",
  );
}
