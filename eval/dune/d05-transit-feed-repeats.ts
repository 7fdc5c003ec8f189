// d05: a public-transit realtime pipeline (pino JSON, numeric levels) whose normal traffic has
// no ERROR at all. Five distinct failures each repeat the very same line about 20 times on their
// own cadence: a feed that no longer decodes, a trip missing from the schedule, a 500 on one stop,
// an archive upload denied, and a Redis write timing out.
import { arrivals, HOUR, type Label, MIN, Rng, round, SEC, startTime, Timeline } from "./shared.js";
import type { Scenario } from "./types.js";

export default function d05(seed: number): Scenario {
  const r = new Rng(seed, "d05-transit-feed-repeats");
  const t0 = startTime(r);
  const t1 = t0 + 3 * HOUR;
  const tl = new Timeline();
  const pids = { "feed-poller": r.int(7, 99), "vehicle-matcher": r.int(7, 99), "arrivals-api": r.int(7, 99) };
  const host = { "feed-poller": `feed-poller-${r.hex(5)}`, "vehicle-matcher": `vehicle-matcher-${r.hex(5)}`, "arrivals-api": `arrivals-api-${r.hex(5)}` };
  const log = (t: number, name: keyof typeof pids, level: number, msg: string, extra: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, { level, time: t, pid: pids[name], hostname: host[name], name, msg, ...extra }, label);
  const agencies = ["metro-tram", "harbour-ferries", "city-bus", "regional-rail"];
  const broken = r.pick(agencies);
  const decodeFrom = t0 + r.int(70, 140) * MIN;
  const decodeMsg = `failed to decode GTFS-RT feed agency=${broken}: proto: cannot parse invalid wire-format data`;
  let decodeLeft = r.int(19, 22);

  // pollers: one fetch per agency every 30 s
  for (const [i, ag] of agencies.entries()) {
    for (let t = t0 + i * 7_000 + r.int(0, 999); t < t1; t += 30 * SEC + r.int(-300, 300)) {
      if (ag === broken && t >= decodeFrom && decodeLeft > 0) {
        decodeLeft--;
        log(t, "feed-poller", 50, decodeMsg, { agency: ag }, "error");
        continue;
      }
      const ms = round(r.logn(ag === "regional-rail" ? 420 : 160, 0.3));
      log(t, "feed-poller", 30, `fetched feed agency=${ag} entities=${r.int(80, 900)}`, { agency: ag, duration_ms: ms });
    }
  }
  for (const t of arrivals(r, t0, t1, 10 * SEC)) {
    const v = `bus-${r.int(1000, 2999)}`;
    log(t, "vehicle-matcher", 30, `matched ${r.int(20, 140)} vehicles to trips`, { duration_ms: round(r.logn(35, 0.3)), sample_vehicle: v });
  }
  for (const t of arrivals(r, t0, t1, 8 * SEC)) {
    const stop = `STOP-${r.int(1000, 9999)}`;
    log(t, "arrivals-api", 30, "request completed", {
      req: { method: "GET", url: `/v1/stops/${stop}/arrivals` },
      res: { statusCode: 200 },
      responseTime: r.int(4, 40),
    });
  }
  for (const t of arrivals(r, t0, t1, 10 * MIN))
    log(t, "feed-poller", 40, "feed agency=metro-tram stale by 64s, keeping previous snapshot", { agency: "metro-tram" });
  for (const t of arrivals(r, t0, t1, 15 * MIN))
    log(t, "arrivals-api", 40, "request completed", {
      req: { method: "GET", url: "/v1/stops/STOP-0000/arrivals" },
      res: { statusCode: 404 },
      responseTime: r.int(2, 6),
    });

  // the other repeated failures: identical text each time, ~20 times, own cadence
  const repeat = (from: number, gap: () => number, n: number, fn: (t: number) => void) => {
    let t = from;
    for (let i = 0; i < n && t < t1; i++, t += gap()) fn(Math.floor(t));
  };
  const trip = `${r.int(1000, 9999)}-WKD-0${r.int(5, 9)}${r.pick(["05", "35"])}`;
  repeat(
    t0 + r.int(20, 150) * MIN,
    () => r.gap(90 * SEC),
    r.int(19, 22),
    (t) => log(t, "vehicle-matcher", 50, `trip_id ${trip} not found in static schedule version 2026-02-14`, {}, "error"),
  );
  const stop = `STOP-${r.int(1000, 9999)}`;
  repeat(
    t0 + r.int(20, 150) * MIN,
    () => r.gap(2 * MIN),
    r.int(19, 22),
    (t) =>
      log(
        t,
        "arrivals-api",
        50,
        "TypeError: Cannot read properties of undefined (reading 'headsign')",
        { req: { method: "GET", url: `/v1/stops/${stop}/arrivals` }, res: { statusCode: 500 }, responseTime: 3 },
        "error",
      ),
  );
  repeat(
    t0 + r.int(20, 150) * MIN,
    () => 60 * SEC + r.int(-200, 200),
    r.int(19, 22),
    (t) => log(t, "feed-poller", 50, "upload snapshot to s3://transit-rt-archive/vehicle_positions failed: AccessDenied: Access Denied", {}, "error"),
  );
  repeat(
    t0 + r.int(20, 150) * MIN,
    () => r.gap(70 * SEC),
    r.int(19, 22),
    (t) => log(t, "vehicle-matcher", 50, "redis SET vehicle:latest timed out after 500ms", { duration_ms: 500 }, "performance"),
  );
  return tl.build("d05-transit-feed-repeats", "Transit realtime pipeline with no normal ERRORs; five distinct errors each repeat the same line ~20 times");
}
