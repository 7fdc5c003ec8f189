// Incident: the access-policy service of a coworking building's door system has been
// crash-looping since before the window (its policy bundle's signing certificate expired
// overnight). Every badge check at the door gateway fails with 503 and falls back to the offline
// allow-list; badges missing from it are turned away. Room booking and HVAC are unaffected.
import type { Scenario } from "./types.js";
import { makeRng } from "./rng.js";
import { Timeline, poisson, every, iso, isoOff, k8sEvent, MIN, HOUR, type Rec } from "./util.js";

export default function s08(seed: number): Scenario {
  const r = makeRng(seed, "s08-cowork-door-policy-unavailable");
  const tl = new Timeline();
  const start = Date.UTC(2026, 10, 16, 6, 0, 0) + r.int(0, 59) * 1000;
  const end = start + 2.5 * HOUR;
  const doors = ["main-entrance", "bike-room", "floor2-east", "floor3-west", "roof-terrace"];
  const gw = (t: number, level: string, eventId: number, message: string, state: Rec): Rec => ({
    Timestamp: isoOff(t, 60),
    EventId: eventId,
    LogLevel: level,
    Category: "Doorlink.Gateway.AccessCheck",
    Message: message,
    State: state,
    kubernetes: { pod_name: "door-gateway-0", namespace_name: "building", container_name: "door-gateway", labels: { app: "door-gateway" } },
  });

  // Dominant failure: every badge check fails against the policy service.
  poisson(r, start, end, 3500, (t) => {
    const badge = `B${r.int(10000, 99999)}`;
    const door = r.pick(doors);
    tl.add(
      t,
      gw(t, "Error", 3101, "Access check failed: policy service returned 503 Service Unavailable; using offline allow-list", {
        Badge: badge,
        Door: door,
        PolicyEndpoint: "http://policy-svc.building.svc:8080/v2/decide",
        StatusCode: 503,
        ElapsedMilliseconds: r.lat(4),
      }),
      "error",
    );
    if (r.chance(0.08))
      tl.add(t + 3, gw(t + 3, "Warning", 3104, "Badge not in offline allow-list, entry denied", { Badge: badge, Door: door, AllowListAgeHours: 31 }), "error");
  });

  // policy-svc (Go slog JSON): restarts every ~2.5 min and dies on the expired bundle cert.
  const ps = (t: number, level: string, msg: string, extra: Rec = {}): Rec => ({
    time: iso(t),
    level,
    msg,
    service: "policy-svc",
    pod: "policy-svc-6d4b8-kp9sx",
    ...extra,
  });
  let t0 = start + r.int(2_000, 60_000);
  let n = 0;
  while (t0 < end - 5_000) {
    tl.add(t0, ps(t0, "INFO", "starting policy-svc", { version: "2.14.3" }), "pattern");
    tl.add(t0 + 140, ps(t0 + 140, "INFO", "loading policy bundle", { source: "s3://bldg-policy/bundles/current.tar.gz" }), "pattern");
    tl.add(
      t0 + 610,
      ps(t0 + 610, "ERROR", "failed to load policy bundle", {
        err: `verify bundle signature: x509: certificate has expired or is not yet valid: current time ${isoOff(t0 + 610, 60).replace(/\.\d+/, "")} is after 2026-11-15T23:59:59Z`,
      }),
      "error",
    );
    if (n++ % 2 === 1)
      tl.add(
        t0 + 5_000,
        k8sEvent(
          t0 + 5_000,
          "building",
          "policy-svc-6d4b8-kp9sx",
          "BackOff",
          "Back-off restarting failed container policy-svc in pod policy-svc-6d4b8-kp9sx_building(1f2c)",
        ),
        "error",
      );
    t0 += 150_000 + r.int(0, 20_000);
  }

  // room-booking (pino), unaffected
  const routes = [
    ["GET", "/rooms", 22, 200],
    ["POST", "/bookings", 65, 201],
    ["GET", "/bookings/mine", 30, 200],
  ] as const;
  poisson(r, start, end, 6000, (t) => {
    const [m, url, med, st] = r.pick(routes);
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: `room-booking-5c8f-${r.pick(["d2w7k", "h6n3t"])}`,
      name: "room-booking",
      msg: "request completed",
      req: { method: m, url },
      res: { statusCode: st },
      responseTime: r.lat(med, 0),
    });
  });

  // hvac-scheduler (logrus JSON), unaffected
  every(r, start, end, 15_000, (t) => {
    const zone = r.pick(["f1", "f2", "f3", "lobby"]);
    tl.add(t, {
      level: "info",
      msg: "setpoint applied",
      time: isoOff(t, 60),
      service: "hvac-scheduler",
      host: "bms-edge-01",
      zone,
      setpoint_c: r.pick([20.5, 21, 21.5]),
      duration_ms: r.lat(120),
    });
  });
  every(r, start, end, 30 * MIN, (t) =>
    tl.add(t, { level: "info", msg: "occupancy schedule refreshed", time: isoOff(t, 60), service: "hvac-scheduler", host: "bms-edge-01", zones: 4 }),
  );

  return tl.build(
    "s08-cowork-door-policy-unavailable",
    "Policy service crash-looping (expired bundle cert) since before the window: every badge check fails with 503; offline allow-list misses turned away.",
  );
}
