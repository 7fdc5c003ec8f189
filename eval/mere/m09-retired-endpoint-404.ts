// Rule right (an everyday flood worded as a rejection): feed-api retired its v1 routes months ago, but app
// builds older than 4.0 (a few percent of active devices, never force-upgraded) still poll them every 30 s in
// the foreground; each call is a WARNING and a 404. Nobody acts on it. The real incident is elsewhere: the
// session Redis fills to maxmemory (noeviction) and auth-svc cannot store sessions for a few minutes (memory).
import { Timeline, around, chance, every, int, iso, pick, poisson, rngFor, round, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const OLD = ["ios/3.8.2", "ios/3.9.0", "android/3.7.5", "android/3.9.1"];
const V2 = ["/api/v2/feed", "/api/v2/feed/badges", "/api/v2/profile", "/api/v2/feed/highlights"];

export default function m09(seed: number): Scenario {
  const r = rngFor(seed, "m09");
  const t0 = windowStart(seed, "m09");
  const t1 = t0 + 25 * 60_000;
  const tl = new Timeline();
  const oomFrom = t0 + int(r, 8, 16) * 60_000 + int(r, 0, 59_000);
  const oomTo = oomFrom + int(r, 4, 6) * 60_000;
  const full = (t: number) => t >= oomFrom && t < oomTo;
  const dotnet = (t: number, level: string, eventId: number, category: string, message: string, state: Record<string, unknown>) => ({
    time: iso(t),
    stream: "stdout",
    log: `${JSON.stringify({ Timestamp: iso(t), EventId: eventId, LogLevel: level, Category: category, Message: message, State: { Message: message, ...state } })}\n`,
    kubernetes: {
      namespace_name: "feed",
      pod_name: pick(r, ["feed-api-7d4b8-qk2zx", "feed-api-7d4b8-w9c4n", "feed-api-7d4b8-j3t6p"]),
      container_name: "feed-api",
      labels: { app: "feed-api" },
    },
  });

  // The flood: old app builds calling retired v1 routes.
  poisson(r, t0, t1, 1.4, (t) => {
    const route = chance(r, 0.8) ? "/api/v1/feed/badges" : "/api/v1/feed/highlights";
    const client = pick(r, OLD);
    tl.add(
      t,
      dotnet(t, "Warning", 404, "Feed.Api.RetiredEndpoints", `Retired endpoint called: GET ${route} rejected with 404 Not Found`, {
        Path: route,
        Client: client,
        "{OriginalFormat}": "Retired endpoint called: GET {Path} rejected with 404 Not Found",
      }),
    );
  });
  // feed-api's ordinary v2 traffic.
  poisson(r, t0, t1, 0.6, (t) => {
    const path = pick(r, V2);
    const ms = around(r, 36, 0.3);
    tl.add(
      t,
      dotnet(
        t,
        "Information",
        2,
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        `Request finished HTTP/1.1 GET http://feed-api${path} - 200 ${int(r, 300, 9000)} application/json ${ms.toFixed(4)}ms`,
        { ElapsedMilliseconds: round(ms, 4), StatusCode: 200, Path: path },
      ),
    );
  });
  // session-redis memory reporter (logfmt-style JSON from a sidecar), every 15 s.
  every(r, t0, t1, 15_000, (t) => {
    const max = 4_294_967_296;
    const s = full(t);
    const frac = s ? Math.min(1, 0.955 + (0.045 * (t - oomFrom)) / (oomTo - oomFrom - 60_000)) : 0.58 + r() * 0.06;
    tl.add(
      t,
      {
        time: iso(t),
        level: s ? "warn" : "info",
        msg: s ? "redis memory near maxmemory" : "redis memory",
        service: "session-redis",
        used_memory: Math.round(max * frac),
        maxmemory: max,
        policy: "noeviction",
      },
      s ? "memory" : null,
    );
  });
  // auth-svc (logrus JSON): sessions stored, or refused while Redis is full.
  poisson(r, t0, t1, 0.5, (t) => {
    if (full(t) && chance(r, 0.75)) {
      tl.add(
        t,
        {
          level: "error",
          msg: "failed to store session: OOM command not allowed when used memory > 'maxmemory'.",
          service: "auth-svc",
          time: iso(t),
          user_agent: pick(r, ["ios", "android", "web"]),
        },
        "memory",
      );
      return;
    }
    tl.add(t, { level: "info", msg: "session created", service: "auth-svc", time: iso(t), latency_ms: round(around(r, 12, 0.3)) });
  });
  // push-gateway (Elixir LoggerJSON): ordinary.
  poisson(r, t0, t1, 0.4, (t) => {
    tl.add(t, {
      time: iso(t),
      severity: "info",
      message: `delivered ${int(r, 1, 60)} pushes to ${pick(r, ["apns", "fcm"])}`,
      metadata: { application: "push_gateway", node: "push@10.42.3.8" },
    });
  });
  return tl.build(
    "m09-retired-endpoint-404",
    "Old app builds keep calling retired v1 routes (404, routine); the session Redis hits maxmemory and auth-svc cannot store sessions for ~5 min",
  );
}
