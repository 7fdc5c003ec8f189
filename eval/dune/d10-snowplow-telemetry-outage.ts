// d10: a city's snowplow telemetry during a storm. Some 12-20 minutes into the 90-minute window
// the time-series database's disk fills; from then on most lines are anomalous: the gateway spools
// pings with a growing backlog and a swelling resident set, the tracker's batch inserts fail or
// crawl, the database reports no space left, and the public map serves stale positions or 503s.
// More than half of all lines are labelled.
import { arrivals, iso, type Label, MIN, Rng, round, SEC, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

export default function d10(seed: number): Scenario {
  const r = new Rng(seed, "d10-snowplow-telemetry-outage");
  const t0 = startTime(r);
  const t1 = t0 + 90 * MIN;
  const F = t0 + r.int(12, 20) * MIN + r.int(0, 59_999);
  const out = (t: number) => t >= F;
  const tl = new Timeline();
  const put = (t: number, service: string, level: string, message: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, { ts: iso(t), level, service, message, ...extra }, label);
  const plow = () => `plow-${String(r.int(1, 64)).padStart(2, "0")}`;

  let backlog = 0;
  for (const t of arrivals(r, t0, t1, 2_500)) {
    if (out(t) && r.chance(0.8)) {
      const n = r.int(20, 80);
      backlog += n;
      put(t, "plow-gateway", "WARNING", `db writer unavailable, spooled ${n} pings to disk queue, backlog=${backlog}`, { backlog }, "performance");
    } else if (out(t)) put(t, "plow-gateway", "INFO", `mqtt client ${plow()} keepalive ok`);
    else put(t, "plow-gateway", "INFO", `accepted ${r.int(20, 80)} pings from ${r.int(40, 64)} plows`, { duration_ms: round(r.logn(6, 0.3)) });
  }
  for (let t = t0 + r.int(0, 29_999); t < t1; t += 30 * SEC) {
    const grow = out(t) ? Math.min(1_000, 320 + ((t - F) / (t1 - F)) * 700 + r.normal(0, 15)) : r.normal(310, 20);
    const rss = Math.round(grow);
    put(
      t,
      "plow-gateway",
      out(t) && rss > 600 ? "WARNING" : "INFO",
      `memory watchdog rss_mb=${rss} limit_mb=1024`,
      { rss_mb: rss, limit_mb: 1024 },
      rss > 400 ? "memory" : null,
    );
  }
  let attempt = 0;
  for (const t of arrivals(r, t0, t1, 5_000)) {
    const n = r.int(200, 900);
    const x = r.next();
    if (out(t) && x < 0.6)
      put(
        t,
        "route-tracker",
        "ERROR",
        `batch insert of ${n} positions failed (attempt ${++attempt}): could not extend file "base/16384/24719.3": No space left on device`,
        { rows: n },
        "error",
      );
    else if (out(t) && x < 0.88) {
      const ms = r.int(8_000, 30_000);
      put(t, "route-tracker", "WARNING", `batch insert of ${n} positions took ${ms}ms`, { rows: n, duration_ms: ms }, "performance");
    } else put(t, "route-tracker", "INFO", `batch insert of ${n} positions ok`, { rows: n, duration_ms: round(r.logn(45, 0.3)) });
  }
  for (const t of arrivals(r, t0, t1, 20_000)) {
    if (out(t) && r.chance(0.7)) {
      if (r.chance(0.5)) put(t, "plow-tsdb", "ERROR", 'could not write to file "pg_wal/xlogtemp.3121": No space left on device', {}, "error");
      else put(t, "plow-tsdb", "FATAL", "the database system is in recovery mode", {}, "error");
    } else put(t, "plow-tsdb", "LOG", `automatic vacuum of table "telemetry.positions_${r.int(1, 9)}": index scans: 1, pages: 0 removed`);
  }
  for (const t of arrivals(r, t0, t1, 4_000)) {
    const x = r.next();
    if (out(t) && x < 0.5) {
      const age = Math.round((t - F) / 1000 + r.int(5, 30));
      put(
        t,
        "public-map-api",
        "WARNING",
        `GET /v1/plows/positions 200 served stale cache age_s=${age}`,
        { path: "/v1/plows/positions", status: 200, stale: true, age_s: age, duration_ms: round(r.logn(8, 0.3)) },
        "pattern",
      );
    } else if (out(t) && x < 0.72)
      put(
        t,
        "public-map-api",
        "ERROR",
        "GET /v1/plows/trails 503 upstream tracker unavailable",
        { path: "/v1/plows/trails", status: 503, duration_ms: r.int(2, 9) },
        "error",
      );
    else if (out(t))
      put(t, "public-map-api", "INFO", "GET /v1/layers/routes 200", { path: "/v1/layers/routes", status: 200, duration_ms: round(r.logn(12, 0.3)) });
    else {
      const path = r.pick(["/v1/plows/positions", "/v1/plows/trails", "/v1/layers/routes"]);
      put(t, "public-map-api", "INFO", `GET ${path} 200`, { path, status: 200, duration_ms: round(r.logn(path.includes("trails") ? 40 : 12, 0.3)) });
    }
  }
  put(F + r.int(1_000, 8_000), "plow-tsdb", "PANIC", 'could not write to file "pg_wal/xlogtemp.3121": No space left on device', {}, "error");
  return tl.build(
    "d10-snowplow-telemetry-outage",
    "Snowplow telemetry: a full database disk makes most of the window anomalous (spooling backlog, failed inserts, stale map)",
  );
}
