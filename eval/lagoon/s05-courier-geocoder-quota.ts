// s05: parcel courier, 3 h around midnight UTC. A bulk address re-geocode run has eaten the
// geocoding vendor's daily quota: from t0 the vendor answers a growing share of cache misses with
// 429. geocoder-proxy retries and backs off (its rate-limited "backing off" WARN repeats ~200 times),
// then fails requests; route-planner's plans and ETAs fail or time out and fall back to postcode
// centroids; Celery's assign_route tasks retry and finally give up; Traefik returns 502/504 for
// ETAs. The quota resets at 00:00 UTC and everything recovers. Cache hits stay healthy throughout.
//
// Producers: geocoder-proxy (Go logrus JSONFormatter: keys sorted, RFC3339 seconds, Go duration
// strings), route-planner (structlog JSONRenderer), label-worker (Celery 5 with python-json-logger),
// traefik (Traefik v2 JSON access log, Duration in ns).
// Healthy medians: proxy cache hit 0.4 ms, vendor miss 140 ms; planner plan 2400 ms, ETA 60 ms,
// stop insertion 180 ms; Celery render_label 0.42 s, assign_route 1.1 s, notify_customer 0.2 s;
// Traefik parcel 18 ms, ETA 70 ms, pickups 140 ms. No memory readings.
import { arrivals, HOUR, isoNs, isoSec, isoUs, MIN, pyTime, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;
interface Res {
  ok: boolean;
  ms: number;
}

const DEPOTS = ["LDN-1", "LDN-3", "LDN-6", "MAN-1", "BHM-2", "LDS-1", "BRS-1", "GLA-2"] as const;

/** A time.Duration as Go's String() writes it. */
function goDur(ms: number): string {
  if (ms < 1) return `${round(ms * 1000, 3)}µs`;
  if (ms < 1000) return `${round(ms, 6)}ms`;
  return `${round(ms / 1000, 9)}s`;
}

export function courierGeocoderQuota(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s05");
  const tl = new Timeline();
  const from = startTime(r, 21.5, 22.15);
  const to = from + 3 * HOUR;
  const t0 = us(from + r.float(35, 55) * MIN);
  const t1 = Math.ceil(from / (24 * HOUR)) * 24 * HOUR; // the vendor's quota day ends at 00:00 UTC
  const share429 = (t: number): number => (t < t0 || t >= t1 ? 0 : Math.min(1, 0.15 + (t - t0) / (8 * MIN)));
  const queued = (t: number): boolean => t >= t0 + 15 * MIN && t < t1;

  // ---- producers ----------------------------------------------------------------------------------
  const logrus = (t: number, level: string, msg: string, f: Record<string, unknown>, label: Label = null): void => {
    const all: Record<string, unknown> = { ...f, level, msg, service: "geocoder-proxy", time: isoSec(t) };
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(all).sort()) sorted[k] = all[k];
    tl.add(t, "s", sorted, label);
  };
  const slog = (t: number, event: string, level: string, kw: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "us", { event, ...kw, service: "route-planner", level, logger: "planner.api", timestamp: isoUs(t) }, label);
  };
  const celery = (t: number, level: string, name: string, message: string, extra: Record<string, unknown> = {}, label: Label = null): void => {
    tl.add(
      t,
      "ms",
      { asctime: pyTime(t), levelname: level, name, processName: `ForkPoolWorker-${r.int(1, 8)}`, message, service: "label-worker", ...extra },
      label,
    );
  };
  let reqCount = r.int(200_000, 400_000);
  const traefik = (t: number, method: string, path: string, status: number, ms: number, service: string, label: Label = null): void => {
    const end = us(t + ms);
    const host = r.ip(r.pick(["82.132", "86.2", "31.94"]));
    tl.add(
      end,
      "s",
      {
        ClientAddr: `${host}:${r.port()}`,
        ClientHost: host,
        ClientPort: String(r.port()),
        ClientUsername: "-",
        DownstreamContentSize: status >= 400 ? r.int(19, 120) : r.int(300, 4000),
        DownstreamStatus: status,
        Duration: Math.round(ms * 1e6),
        OriginContentSize: status >= 400 ? r.int(19, 120) : r.int(300, 4000),
        OriginDuration: Math.round((ms - 0.3) * 1e6),
        OriginStatus: status,
        Overhead: r.int(150_000, 400_000),
        RequestAddr: "api.swiftparcel.example",
        RequestContentSize: method === "POST" ? r.int(300, 900) : 0,
        RequestCount: reqCount++,
        RequestHost: "api.swiftparcel.example",
        RequestMethod: method,
        RequestPath: path,
        RequestPort: "-",
        RequestProtocol: "HTTP/2.0",
        RequestScheme: "https",
        RetryAttempts: 0,
        RouterName: `${service}@kubernetescrd`,
        ServiceAddr: `10.60.${r.int(1, 4)}.${r.int(10, 90)}:8080`,
        ServiceName: `${service}@kubernetescrd`,
        ServiceURL: { Scheme: "http", Host: `10.60.${r.int(1, 4)}.${r.int(10, 90)}:8080`, Path: "" },
        StartLocal: isoNs(t),
        StartUTC: isoNs(t),
        TLSCipher: "TLS_AES_128_GCM_SHA256",
        TLSVersion: "1.3",
        entryPointName: "websecure",
        level: "info",
        msg: "",
        "request_X-Request-Id": r.uuid(),
        time: isoSec(end),
      },
      label,
    );
  };

  // ---- geocoder-proxy --------------------------------------------------------------------------------
  const backoffLogged = new Set<number>(); // the proxy logs its back-off at most once per 25 s window
  const geocode = (t: number, caller: string, hitRate: number): Res => {
    const rid = r.hex(16);
    const addr = r.hex(12);
    const base = { address_hash: addr, caller, request_id: rid, vendor: "mapgrid" };
    if (r.chance(hitRate)) {
      const ms = r.healthy(0.4, 0.3);
      logrus(us(t + ms), "info", "geocode resolved", { ...base, cache: "hit", took: goDur(ms) });
      return { ok: true, ms };
    }
    if (!r.chance(share429(t))) {
      const ms = r.healthy(140, 0.3);
      if (r.chance(0.015)) {
        logrus(us(t + ms), "error", "vendor returned ZERO_RESULTS", { ...base, cache: "miss", provider_status: 200, took: goDur(ms) });
        return { ok: true, ms };
      }
      if (r.chance(0.03)) logrus(us(t + ms - 0.2), "warning", "address ambiguous, returning best candidate", { ...base, candidates: r.int(2, 4) });
      logrus(us(t + ms), "info", "geocode resolved", { ...base, cache: "miss", provider_status: 200, took: goDur(ms) });
      return { ok: true, ms };
    }
    // The vendor says 429: back off 1 s, then 2 s.
    let at = t + r.healthy(60, 0.3);
    const wait = queued(t) ? r.float(2, 6) * SEC : 0;
    at += wait;
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (attempt > 1 && !r.chance(share429(at))) {
        const ms = at - t + r.healthy(140, 0.3);
        logrus(us(t + ms), "info", "geocode resolved", { ...base, cache: "miss", provider_status: 200, took: goDur(ms), attempts: attempt }, "performance");
        return { ok: true, ms };
      }
      if (attempt < 3 && !backoffLogged.has(Math.floor(at / (25 * SEC)))) {
        backoffLogged.add(Math.floor(at / (25 * SEC)));
        logrus(
          us(at),
          "warning",
          "vendor rate limited request, backing off",
          { ...base, provider_status: 429, quota: "eu-west-daily", retry_after: attempt === 1 ? "1s" : "2s" },
          "performance",
        );
      }
      if (attempt < 3) at += attempt * 1000 + r.healthy(60, 0.3);
    }
    const ms = at - t;
    logrus(
      us(t + ms),
      "error",
      "geocode failed: vendor quota exhausted",
      { ...base, cache: "miss", provider_status: 429, attempts: 3, status: 503, took: goDur(ms) },
      "performance",
    );
    return { ok: false, ms };
  };

  // ---- route-planner ---------------------------------------------------------------------------------
  // Calls geocoder-proxy with a 5 s timeout; reports what the caller saw.
  const plannerGeocode = (t: number, ctx: Record<string, unknown>, hitRate: number): Res => {
    const g = geocode(t, "route-planner", hitRate);
    if (g.ms > 5000) {
      slog(us(t + 5000), "geocode call timed out", "warning", { ...ctx, timeout_s: 5.0 }, "performance");
      return { ok: false, ms: 5000 };
    }
    if (!g.ok)
      slog(us(t + g.ms + 1), "geocode call failed", "warning", { ...ctx, error: "GeocoderUnavailable: 503 Service Unavailable from geocoder-proxy" }, "error");
    return g;
  };
  for (const depot of DEPOTS) {
    for (const t of ticks(r, from, to, 10 * MIN, 30 * SEC)) {
      const planId = r.hex(8);
      const stops = r.int(140, 260);
      const ctx = { depot, plan_id: planId };
      let at = t;
      let failed = 0;
      for (let k = 0; k < r.int(3, 6); k++) {
        const g = plannerGeocode(at, ctx, 0);
        at += g.ms + 2;
        if (!g.ok) failed += 1;
      }
      if (failed > 0) slog(us(at + 1), "fell back to postcode centroid", "warning", { ...ctx, stops_affected: failed + r.int(5, 30), stops }, "pattern");
      const ms = failed > 0 ? Math.max(at - t + r.healthy(2400, 0.3), 2400 * r.float(4.5, 6)) : r.healthy(2400, 0.3);
      slog(us(t + ms), "route plan computed", "info", { ...ctx, stops, vehicles: r.int(9, 22), duration_ms: round(ms, 1) }, failed > 0 ? "performance" : null);
      if (r.chance(0.3)) slog(us(t + ms + 2), "stop unreachable within shift window; deferred", "warning", { ...ctx, parcel_id: `SP${r.digits(10)}` });
    }
  }
  const eta = (t: number, parcel: string): Res => {
    const g = plannerGeocode(t, { parcel_id: parcel }, 0.85);
    if (!g.ok) {
      const ms = g.ms + r.float(1, 3);
      slog(
        us(t + ms),
        "eta recompute failed",
        "error",
        { parcel_id: parcel, error: "upstream geocoder unavailable", status: g.ms >= 5000 ? 504 : 502 },
        "error",
      );
      return { ok: false, ms };
    }
    // a slow geocode (a 429 retried) shows; a healthy vendor miss does not
    const ms = g.ms > 140 * 2.8 ? g.ms + 30 : r.healthy(60, 0.3);
    slog(us(t + ms), "eta recomputed", "info", { parcel_id: parcel, duration_ms: round(ms, 1) }, ms > 60 * 4 ? "performance" : null);
    return { ok: true, ms };
  };
  const insertStop = (t: number, parcel: string): Res => {
    const g = plannerGeocode(t, { parcel_id: parcel }, 0.3);
    if (!g.ok) {
      slog(us(t + g.ms + 2), "stop insertion failed", "error", { parcel_id: parcel, error: "GeocoderUnavailable", status: 503 }, "error");
      return { ok: false, ms: g.ms + 2 };
    }
    const ms = g.ms > 140 * 2.8 ? g.ms + 40 : r.healthy(180, 0.3);
    slog(us(t + ms), "stop inserted", "info", { parcel_id: parcel, duration_ms: round(ms, 1) }, ms > 180 * 4 ? "performance" : null);
    return { ok: true, ms };
  };

  // ---- label-worker (Celery) ------------------------------------------------------------------------------
  const task = (t: number, name: string, median: number, parcel: string, retries = 0): void => {
    const id = r.uuid();
    celery(t, "INFO", "celery.worker.strategy", `Task shipping.tasks.${name}[${id}] received`);
    const start = us(t + r.float(5, 60));
    if (name === "assign_route") {
      const res = insertStop(start, parcel);
      if (!res.ok) {
        const end = us(start + res.ms + 5);
        if (retries < 3) {
          celery(
            end,
            "INFO",
            "celery.app.trace",
            `Task shipping.tasks.assign_route[${id}] retry: Retry in 30s: PlannerError('route-planner returned 503 for /v1/stops/insert')`,
            {},
            "error",
          );
          task(us(end + 30 * SEC), name, median, parcel, retries + 1);
        } else {
          celery(
            end,
            "ERROR",
            "celery.app.trace",
            `Task shipping.tasks.assign_route[${id}] raised unexpected: MaxRetriesExceededError("Can't retry shipping.tasks.assign_route[${id}] args:('${parcel}',) kwargs:{}")`,
            {
              exc_info: `Traceback (most recent call last):\n  File "/app/shipping/tasks.py", line 88, in assign_route\n    planner.insert_stop(parcel_id)\n  File "/app/shipping/planner_client.py", line 41, in insert_stop\n    raise PlannerError(f"route-planner returned {resp.status_code} for /v1/stops/insert")\nshipping.planner_client.PlannerError: route-planner returned 503 for /v1/stops/insert`,
            },
            "error",
          );
        }
        return;
      }
      const s = res.ms > 180 * 2.8 ? Math.max(res.ms / 1000 + r.healthy(0.9, 0.3), median * 4.5) : r.healthy(median, 0.3);
      celery(
        us(start + s * 1000),
        "INFO",
        "celery.app.trace",
        `Task shipping.tasks.assign_route[${id}] succeeded in ${s.toFixed(3)}s: None`,
        {},
        s > median * 4 ? "performance" : null,
      );
      return;
    }
    if (name === "notify_customer" && r.chance(0.02)) {
      celery(
        us(start + 1500),
        "INFO",
        "celery.app.trace",
        `Task shipping.tasks.notify_customer[${id}] retry: Retry in 60s: SMTPServerDisconnected('Connection unexpectedly closed')`,
      );
      return;
    }
    const s = r.healthy(median, 0.3);
    celery(us(start + s * 1000), "INFO", "celery.app.trace", `Task shipping.tasks.${name}[${id}] succeeded in ${s.toFixed(3)}s: None`);
  };

  // ---- traffic ---------------------------------------------------------------------------------------------
  for (const t of arrivals(r, from, to, 7)) {
    const parcel = `SP${r.digits(10)}`;
    const kind = r.weighted<string>([
      ["parcel", 55],
      ["eta", 30],
      ["pickup", 15],
    ]);
    if (kind === "parcel") {
      traefik(t, "GET", `/api/v2/parcels/${parcel}`, r.chance(0.04) ? 404 : 200, r.healthy(18, 0.3), "tracking-api-parcels");
    } else if (kind === "eta") {
      const res = eta(us(t + 1), parcel);
      const ms = res.ms + r.float(1, 3);
      const status = res.ok ? 200 : res.ms >= 5000 ? 504 : 502;
      traefik(
        t,
        "GET",
        `/api/v2/parcels/${parcel}/eta`,
        status,
        res.ok && ms <= 70 * 2.8 ? r.healthy(70, 0.3) : ms,
        "route-planner-eta",
        ms > 70 * 4 ? "performance" : res.ok ? null : "error",
      );
    } else {
      traefik(t, "POST", "/api/v2/pickups", 201, r.healthy(140, 0.3), "pickups-api");
      task(us(t + r.float(200, 800)), "assign_route", 1.1, parcel);
      task(us(t + r.float(300, 900)), "render_label", 0.42, parcel);
    }
  }
  for (const t of arrivals(r, from, to, 4)) task(t, "notify_customer", 0.2, `SP${r.digits(10)}`);
  for (const t of arrivals(r, from, to, 1.5)) task(t, "render_label", 0.42, `SP${r.digits(10)}`);
  for (const t of ticks(r, from, to, 20 * MIN, 5 * MIN)) {
    celery(t, "WARNING", "shipping.printing", `Printer queue paused at depot ${r.pick(DEPOTS)}: out of labels`, {});
  }

  return tl.build(
    "courier-geocoder-quota-cascade",
    "Parcel courier: the geocoding vendor's daily quota runs out before midnight; geocoder-proxy's 429 back-offs and failures cascade into route-planner timeouts and centroid fallbacks, Celery assign_route retries and give-ups, and Traefik 502/504s on ETAs until the quota resets at 00:00 UTC.",
  );
}
