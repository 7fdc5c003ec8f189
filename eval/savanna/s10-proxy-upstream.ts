/**
 * s10: Caddy in front of a city transit trip planner (OpenTripPlanner upstream), a realtime
 * vehicle feed, a tile server and static assets; Caddy's JSON access and error logs. The trip
 * planner upstream slows down (graph rebuild starving its heap), then stops answering: Caddy
 * returns 504 after its 30 s header timeout and 502 while the instances restart, then it
 * recovers. The other upstreams stay healthy throughout.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, epochSeconds, publicIp, round, type Label, type Log } from "./common.js";

const NAME = "proxy-upstream";

interface Route {
  kind: "plan" | "stoptimes" | "geocode" | "vehicles" | "tiles" | "asset";
  median: number; // seconds
  sigma: number;
  weight: number;
}
const ROUTES: Route[] = [
  { kind: "plan", median: 0.35, sigma: 0.4, weight: 22 },
  { kind: "stoptimes", median: 0.045, sigma: 0.35, weight: 16 },
  { kind: "geocode", median: 0.03, sigma: 0.35, weight: 8 },
  { kind: "vehicles", median: 0.02, sigma: 0.3, weight: 18 },
  { kind: "tiles", median: 0.012, sigma: 0.4, weight: 22 },
  { kind: "asset", median: 0.0006, sigma: 0.5, weight: 10 },
];
const CAP = 2.5; // logNormal cap used for healthy draws: the most an operation takes is median * CAP
const STOPS = ["metro:1021", "metro:1107", "metro:2210", "bus:40512", "bus:40877", "tram:T301", "tram:T355", "rail:HBF"];

export function s10ProxyUpstream(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(150, 210) * MIN;
  const start = rng.start2026(span, 5, 18);
  const end = start + span;
  const tl = new Timeline();

  const s1 = start + span * rng.float(0.5, 0.6); // OTP starts slowing
  const s2 = s1 + rng.float(12, 20) * MIN; // stops answering
  const s3 = s2 + rng.float(9, 15) * MIN; // back after restart
  const otp = ["10.0.4.21:8080", "10.0.4.22:8080"];
  const host = "plan.metrolink.example";
  const clients = Array.from({ length: 400 }, () => publicIp(rng));

  const ua = (): string =>
    rng.pick([
      "MetroLink/6.2.0 (iPhone; iOS 17.5; Scale/3.00)",
      "MetroLink/6.2.0 (Android 14; Pixel 8)",
      "MetroLink/6.1.3 (Android 13; SM-A546B)",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    ]);
  const request = (method: string, uri: string): Log => {
    const ip = rng.pick(clients);
    return {
      remote_ip: ip,
      remote_port: String(rng.int(1024, 65535)),
      client_ip: ip,
      proto: "HTTP/2.0",
      method,
      host,
      uri,
      headers: {
        "User-Agent": [ua()],
        Accept: [uri.startsWith("/tiles") ? "application/x-protobuf" : "application/json, text/plain, */*"],
        "Accept-Encoding": ["gzip, deflate, br"],
      },
      tls: { resumed: rng.chance(0.3), version: 772, cipher_suite: 4865, proto: "h2", server_name: host },
    };
  };
  const access = (t: number, req: Log, status: number, dur: number, size: number, label: Label, contentType = "application/json"): void => {
    tl.add(
      t,
      {
        level: status >= 500 ? "error" : "info",
        ts: epochSeconds(t),
        logger: "http.log.access.planner",
        msg: "handled request",
        request: req,
        bytes_read: 0,
        user_id: "",
        duration: round(dur, 9),
        size,
        status,
        resp_headers:
          status >= 500 ? { Server: ["Caddy"] } : { Server: ["Caddy"], "Content-Type": [contentType], "Content-Encoding": ["gzip"], Vary: ["Accept-Encoding"] },
      },
      label,
    );
  };
  const errLog = (t: number, req: Log, status: number, dur: number, msg: string, label: Label): void => {
    tl.add(
      t,
      {
        level: "error",
        ts: epochSeconds(t),
        logger: "http.log.error.planner",
        msg,
        request: req,
        duration: round(dur, 9),
        status,
        err_id: rng.alnum(9),
        err_trace: "reverseproxy.statusError (reverseproxy.go:1373)",
      },
      label,
    );
  };

  const uriFor = (kind: Route["kind"]): string => {
    switch (kind) {
      case "plan": {
        const lat = (): string => `${round(rng.float(48.05, 48.25), 5)}`;
        const lon = (): string => `${round(rng.float(11.4, 11.7), 5)}`;
        return `/otp/routers/default/plan?fromPlace=${lat()}%2C${lon()}&toPlace=${lat()}%2C${lon()}&time=${rng.int(5, 23)}%3A${rng.pick(["00", "15", "30", "45"])}&date=${new Date(start).toISOString().slice(0, 10)}&mode=TRANSIT%2CWALK&arriveBy=${rng.chance(0.2)}&numItineraries=5`;
      }
      case "stoptimes":
        return `/otp/routers/default/index/stops/${rng.pick(STOPS)}/stoptimes?numberOfDepartures=${rng.pick([5, 10, 20])}`;
      case "geocode":
        return `/otp/routers/default/geocode?query=${encodeURIComponent(rng.pick(["hauptbahnhof", "marienplatz", "olympiapark", "klinikum", "uni", "flughafen", "messe"]))}&autocomplete=true`;
      case "vehicles":
        return `/api/realtime/vehicles?route=${rng.pick(["U1", "U2", "U3", "U6", "S8", "T17", "B54", "B100"])}`;
      case "tiles":
        return `/tiles/${rng.int(11, 16)}/${rng.int(34000, 35000)}/${rng.int(22000, 23000)}.pbf`;
      case "asset":
        return rng.pick([
          "/",
          "/assets/index-4f9c2a1e.js",
          "/assets/index-b81d0e77.css",
          "/assets/vendor-9a0c3f12.js",
          "/favicon.ico",
          "/manifest.webmanifest",
        ]);
    }
  };

  // ------------------------------------------------------------ requests
  for (const t0 of arrivals(rng, start, end, span / 4600)) {
    const r = rng.weighted(ROUTES.map((x) => [x, x.weight] as const));
    const uri = uriFor(r.kind);
    const req = request("GET", uri);
    const normalDur = rng.logNormal(r.median, r.sigma, CAP);
    const onOtp = r.kind === "plan" || r.kind === "stoptimes" || r.kind === "geocode";
    const size = (): number =>
      r.kind === "plan" ? rng.int(9000, 90000) : r.kind === "tiles" ? rng.int(300, 60000) : r.kind === "asset" ? rng.int(900, 420000) : rng.int(400, 12000);
    const ctype =
      r.kind === "tiles"
        ? "application/x-protobuf"
        : r.kind === "asset"
          ? uri.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : uri.endsWith(".css")
              ? "text/css; charset=utf-8"
              : "text/html; charset=utf-8"
          : "application/json";

    if (!onOtp || t0 < s1 || t0 >= s3) {
      const status = r.kind === "asset" && rng.chance(0.35) ? 304 : rng.chance(0.006) ? 404 : r.kind === "plan" && rng.chance(0.01) ? 400 : 200;
      access(t0 + normalDur * 1000, req, status, normalDur, status === 304 ? 0 : size(), null, ctype);
      continue;
    }
    if (t0 < s2) {
      // slowing: a multiplier that grows through the phase
      const f = (t0 - s1) / (s2 - s1);
      const dur = normalDur * (1.5 + 28 * f * f) * rng.float(0.7, 1.3);
      const slow = dur > r.median * CAP * 1.5;
      if (dur >= 30) {
        const d = 30 + rng.float(0.0005, 0.004);
        errLog(t0 + d * 1000, req, 504, d, "net/http: timeout awaiting response headers", "performance");
        access(t0 + d * 1000 + 0.2, req, 504, d, 0, "performance");
      } else {
        access(t0 + dur * 1000, req, 200, dur, size(), slow ? "performance" : null, ctype);
      }
      continue;
    }
    // s2..s3: not answering; instances restart in turn
    const u = rng.weighted([
      ["timeout", 5],
      ["refused", 3],
      ["reset", 1],
      ["ok-slow", 1],
    ] as const);
    if (u === "timeout") {
      const d = 30 + rng.float(0.0005, 0.004);
      errLog(t0 + d * 1000, req, 504, d, "net/http: timeout awaiting response headers", "performance");
      access(t0 + d * 1000 + 0.2, req, 504, d, 0, "performance");
    } else if (u === "refused" || u === "reset") {
      const d = rng.float(0.0006, 0.004);
      const msg =
        u === "refused"
          ? `dial tcp ${rng.pick(otp)}: connect: connection refused`
          : `read tcp 10.0.2.5:${rng.int(40000, 60000)}->${rng.pick(otp)}: read: connection reset by peer`;
      errLog(t0 + d * 1000, req, 502, d, msg, "error");
      access(t0 + d * 1000 + 0.1, req, 502, d, 0, "error");
    } else {
      const dur = rng.float(8, 28);
      access(t0 + dur * 1000, req, 200, dur, size(), "performance", ctype);
    }
  }

  // ------------------------------------------------------------ active health checks of the OTP pool
  const hc = (t: number, level: string, msg: string, h: string, label: Label, extra: Log = {}): void => {
    tl.add(t, { level, ts: epochSeconds(t), logger: "http.handlers.reverse_proxy.health_checker.active", msg, host: h, ...extra }, label);
  };
  for (const [i, h] of otp.entries()) {
    const down = s2 + rng.float(0, 90) * SEC + i * rng.float(20, 60) * SEC;
    hc(down, "info", "HTTP request failed", h, "performance", {
      error: `Get "http://${h}/otp/actuators/health": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
    hc(down + 5, "info", "host is down", h, "error");
    const up = s3 - rng.float(10, 120) * SEC + i * rng.float(5, 40) * SEC;
    hc(up, "info", "host is up", h, "pattern");
  }
  // routine: clients that go away mid-response, all day long
  for (const t of arrivals(rng, start, end, 7 * MIN)) {
    tl.add(t, {
      level: "debug",
      ts: epochSeconds(t),
      logger: "http.handlers.reverse_proxy",
      msg: "aborting with incomplete response",
      upstream: "10.0.6.11:8088",
      duration: round(rng.float(0.01, 0.2), 9),
      request: request("GET", uriFor("tiles")),
      error: "writing: http2: stream closed",
    });
  }

  return tl.build(
    NAME,
    "Caddy access/error logs in front of a trip planner whose upstream slows over ~15 minutes, then answers 504 (30 s header timeout) and 502 while restarting; other upstreams unaffected.",
  );
}
