// An afternoon of a ride-hailing backend: dispatch (Go slog), geo (Go zap), pricing (Python),
// trips (Java) and the driver gateway (Node.js). Normal traffic has warnings (late driver
// heartbeats, search radius expansions, surge caps) but no ERROR. Scattered across the whole
// window: five distinct errors that keep recurring (driver-lock pool timeouts, NaN surge
// model outputs, OSRM 502s, duplicate trip events, rejected APNs tokens), matches and ETAs
// that take seconds, the geo service near its memory limit, drivers teleporting hundreds of
// kilometres, and surge multipliers set by hand.
import type { Scenario } from "../blind/types.js";
import {
  baseDay,
  javaStack,
  type Label,
  logback,
  MIN,
  type PinoCtx,
  pino,
  pyTrace,
  python,
  Rng,
  round,
  SEC,
  Story,
  sampleTimes,
  scatterTimes,
  slog,
  zap,
} from "./lib.js";

export function s12DispatchScattered(seed: number): Scenario {
  const rng = new Rng(seed);
  const story = new Story();
  const start = baseDay(rng) + rng.int(13 * 60, 15 * 60) * MIN + rng.int(0, 59) * SEC;
  const end = start + rng.int(300, 360) * MIN;
  const zones = ["lis-baixa", "lis-alfama", "lis-belem", "lis-parque", "lis-oriente", "lis-airport", "lis-campolide"];
  const dispatchPods = rng.pods("dispatch", 3);
  const geoPods = rng.pods("geo", 2);
  const pricingPods = rng.pods("pricing", 2);
  const tripsPods = rng.pods("trips", 2);
  const gw: PinoCtx[] = rng.pods("driver-gateway", 3).map((hostname) => ({ pid: 1, hostname, name: "driver-gateway" }));
  const drivers = Array.from({ length: 600 }, () => `D-${rng.int(100000, 999999)}`);
  let rideSeq = rng.int(5_000_000, 6_000_000);
  const firstRide = rideSeq;
  const ride = () => `R-${rideSeq++}`;
  // Trouble lines refer to rides already in the system.
  const pastRide = () => `R-${rng.int(firstRide, Math.max(firstRide, rideSeq - 1))}`;

  const dispatch = (t: number, lvl: "info" | "warn" | "error", msg: string, f: Record<string, unknown>, label: Label) =>
    story.add(t, label, slog(t, lvl, msg, { service: "dispatch", pod: rng.pick(dispatchPods), ...f }));
  const geo = (t: number, lvl: "info" | "warn" | "error", caller: string, msg: string, f: Record<string, unknown>, label: Label) =>
    story.add(t, label, zap(t, lvl, caller, msg, { service: "geo", pod: rng.pick(geoPods), ...f }));
  const pricing = (t: number, lvl: "info" | "warn" | "error", msg: string, f: Record<string, unknown>, label: Label, exc?: string) =>
    story.add(t, label, python(t, lvl, "pricing.quote", msg, { service: "pricing", host: rng.pick(pricingPods), ...f }, exc));
  const trips = (t: number, lvl: "info" | "warn" | "error", logger: string, msg: string, f: Record<string, unknown>, label: Label, stack?: string) =>
    story.add(t, label, logback(t, lvl, logger, `trip-events-${rng.int(1, 8)}`, msg, { app: "trips", pod: rng.pick(tripsPods), ...f }, stack));

  // ---------------------------------------------------------------- normal flow of rides
  for (const t0 of sampleTimes(rng, rng.int(900, 1050), start, end)) {
    const r = ride();
    const zone = rng.pick(zones);
    const surge = rng.chance(0.2) ? round(rng.float(1.1, 1.8), 1) : 1.0;
    const tq = t0 + rng.int(20, 90);
    pricing(
      tq,
      "info",
      `quote computed for ${r}`,
      { ride_id: r, zone, surge, fare_eur: round(rng.float(4, 38), 2), duration_ms: round(rng.logn(18, 0.3), 1) },
      null,
    );
    const tEta = tq + rng.int(50, 300);
    geo(tEta, "info", "eta/handler.go:58", "eta computed", { ride_id: r, zone, eta_s: rng.int(120, 900), took: round(rng.logn(0.014, 0.3), 6) }, null);
    if (rng.chance(0.08))
      dispatch(tEta + 200, "warn", "no driver in radius, expanding search", { ride_id: r, zone, radius_m: 1500, next_radius_m: 3000 }, null);
    const dm = rng.logn(85, 0.35);
    const tm = tEta + Math.round(dm) + 300;
    const d = rng.pick(drivers);
    dispatch(tm, "info", "match found", { ride_id: r, driver_id: d, zone, candidates: rng.int(1, 14), duration: Math.round(dm * 1e6) }, null);
    const tDone = tm + rng.int(6, 35) * MIN;
    if (tDone < end)
      trips(
        tDone,
        "info",
        "com.ride.trips.TripLifecycle",
        `Trip ${r} completed (driver=${d}, distance_km=${round(rng.float(1.2, 24), 1)})`,
        { ride_id: r, driver_id: d },
        null,
      );
  }
  for (const t of sampleTimes(rng, rng.int(700, 850), start, end)) {
    story.add(
      t,
      null,
      pino(t, "info", rng.pick(gw), "location batch received", { drivers: rng.int(180, 520), bytes: rng.int(20000, 90000), lagMs: rng.int(40, 400) }),
    );
  }
  for (const t of sampleTimes(rng, rng.int(50, 80), start, end)) {
    story.add(t, null, pino(t, "warn", rng.pick(gw), "driver heartbeat late", { driverId: rng.pick(drivers), wsPingMs: rng.int(3000, 6000) }));
  }
  for (const t of sampleTimes(rng, rng.int(20, 35), start, end)) {
    pricing(t, "warn", "surge cap applied", { zone: rng.pick(zones), model_surge: round(rng.float(2.6, 3.4), 2), capped_to: 2.5 }, null);
  }
  for (let t = start + rng.int(0, 60) * SEC; t < end; t += 5 * MIN + rng.int(-15, 15) * SEC) {
    geo(t, "info", "graph/reload.go:40", "traffic overlay refreshed", { segments: rng.int(180000, 200000), took: round(rng.float(0.8, 2.2), 6) }, null);
  }

  // ---------------------------------------------------------------- scattered trouble
  const a0 = start + 4 * MIN;
  const a1 = end - 4 * MIN;
  for (const t of scatterTimes(rng, rng.int(15, 24), a0, a1)) {
    dispatch(
      t,
      "error",
      "failed to acquire driver lock",
      { ride_id: pastRide(), driver_id: rng.pick(drivers), err: "redis: connection pool timeout", duration: rng.int(1000, 1010) * 1e6 },
      "error",
    );
  }
  for (const t of scatterTimes(rng, rng.int(15, 22), a0, a1)) {
    const zone = rng.pick(zones);
    pricing(
      t,
      "error",
      `surge model returned NaN for zone ${zone}`,
      { zone, model: "surge-gbm-2024-05", ride_id: pastRide() },
      "error",
      pyTrace(
        [
          ["/app/pricing/quote.py", 88, "compute_quote", "surge = surge_model.predict(features)"],
          ["/app/pricing/surge.py", 142, "predict", "return _validate(multiplier)"],
          ["/app/pricing/surge.py", 61, "_validate", 'raise ValueError(f"surge multiplier must be finite, got {value}")'],
        ],
        "ValueError: surge multiplier must be finite, got nan",
      ),
    );
  }
  for (const t of scatterTimes(rng, rng.int(15, 23), a0, a1)) {
    geo(
      t,
      "error",
      "route/osrm.go:131",
      "route computation failed",
      { ride_id: pastRide(), upstream: "osrm-eu:5000", error: "osrm: unexpected status 502 Bad Gateway" },
      "error",
    );
  }
  for (const t of scatterTimes(rng, rng.int(16, 25), a0, a1)) {
    const r = `R-${rng.int(5_000_000, rideSeq)}`;
    trips(
      t,
      "error",
      "com.ride.trips.events.TripEventStore",
      `Failed to persist TripCompleted for ${r}`,
      { ride_id: r },
      "error",
      javaStack('org.postgresql.util.PSQLException: ERROR: duplicate key value violates unique constraint "trip_event_pkey"', [
        "org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2713)",
        "com.ride.trips.events.TripEventStore.append(TripEventStore.java:64)",
      ]),
    );
  }
  for (const t of scatterTimes(rng, rng.int(15, 21), a0, a1)) {
    story.add(
      t,
      "error",
      pino(t, "error", rng.pick(gw), "push notification failed", {
        driverId: rng.pick(drivers),
        provider: "apns",
        err: { type: "ApnsError", message: "403 ExpiredProviderToken" },
      }),
    );
  }
  for (const t of scatterTimes(rng, rng.int(10, 16), a0, a1)) {
    dispatch(
      t,
      "info",
      "match found",
      { ride_id: pastRide(), driver_id: rng.pick(drivers), zone: rng.pick(zones), candidates: rng.int(1, 4), duration: rng.int(6000, 15000) * 1e6 },
      "performance",
    );
  }
  for (const t of scatterTimes(rng, rng.int(8, 12), a0, a1)) {
    geo(
      t,
      "info",
      "eta/handler.go:58",
      "eta computed",
      { ride_id: pastRide(), zone: rng.pick(zones), eta_s: rng.int(120, 900), took: round(rng.float(2, 5.5), 6) },
      "performance",
    );
  }
  for (const t of scatterTimes(rng, rng.int(5, 8), a0, a1)) {
    const pct = rng.int(90, 97);
    geo(
      t,
      "warn",
      "runtime/mem.go:29",
      "memory usage high",
      { heap_alloc_mb: Math.round(6144 * (pct / 100)), gomemlimit_mb: 6144, memory_percent: pct, num_gc: rng.int(40000, 60000) },
      "memory",
    );
  }
  for (const t of scatterTimes(rng, rng.int(8, 12), a0, a1)) {
    const km = rng.int(300, 2400);
    story.add(
      t,
      "pattern",
      pino(t, "info", rng.pick(gw), `driver location jumped ${km} km in ${rng.int(2, 6)} s`, {
        driverId: rng.pick(drivers),
        from: "38.72,-9.14",
        to: rng.pick(["40.41,-3.70", "48.85,2.35", "41.15,-8.61", "52.52,13.40"]),
      }),
    );
  }
  for (const t of scatterTimes(rng, rng.int(3, 5), a0, a1)) {
    pricing(
      t,
      "info",
      `surge multiplier manually set to ${rng.pick([3.5, 4.0, 5.0])} for zone ${rng.pick(zones)}`,
      { actor: "ops-console:guest-ops-12", ttl_min: 120 },
      "pattern",
    );
  }

  return story.build(
    "dispatch-scattered",
    "A ride-hailing afternoon with no ERROR in normal traffic, where five distinct errors (driver-lock pool timeouts, NaN surge outputs, OSRM 502s, duplicate trip events, expired APNs tokens) recur across the window, with multi-second matches and ETAs, the geo service near its memory limit, teleporting drivers and hand-set surge.",
  );
}
