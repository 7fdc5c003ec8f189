// s02: ride-hailing dispatch, 2 h. The MongoDB secondary mongo-2 has a degraded disk: about one
// in ten of the geo queries it serves stalls for 0.6-2.4 s, and it serves a third of them, so one
// driver lookup in thirty is slow (or times out at Envoy's 1 s route timeout) from the first
// minute to the last. The stall shows on mongo-2, the locator, the Envoy sidecar and rider-api.
//
// Producers: rider-api (pino + pino-http), envoy (Istio sidecar JSON access log, keys sorted),
// driver-locator (Go log/slog JSONHandler, durations in ns), location-store (MongoDB 6 JSON log,
// shipped by Vector with host/file).
// Healthy medians: rider-api POST /v1/quotes 48 ms, POST /v1/rides 130 ms, GET /v1/rides/:id 9 ms,
// GET /v1/drivers/nearby 38 ms, POST /v1/rides/:id/cancel 26 ms; locator nearby query 9 ms;
// envoy nearby 10 ms, payments 85 ms; mongo "Slow query" (only logged over 100 ms) exists in
// healthy operation only for the Metabase trips aggregate on mongo-1 (380 ms). No memory readings.
import { arrivals, epochMs, HOUR, isoMs, isoMsOffset, isoNs, MIN, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;

const ROUTES = [
  { method: "POST", path: "/v1/quotes", median: 48, locator: true, weight: 35 },
  { method: "POST", path: "/v1/rides", median: 130, locator: true, weight: 10 },
  { method: "GET", path: "/v1/rides/:id", median: 9, locator: false, weight: 30 },
  { method: "GET", path: "/v1/drivers/nearby", median: 38, locator: true, weight: 20 },
  { method: "POST", path: "/v1/rides/:id/cancel", median: 26, locator: false, weight: 5 },
] as const;
const MEMBERS = ["mongo-0", "mongo-1", "mongo-2"] as const;

export function rideDispatchReplica(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s02");
  const tl = new Timeline();
  const from = startTime(r, 6, 9);
  const to = from + 2 * HOUR;
  const riderPods = [0, 1, 2].map(() => `rider-api-${r.podSuffix()}`);
  const locPods = [0, 1].map(() => `driver-locator-${r.podSuffix()}`);
  const locIps = locPods.map(() => r.ip("10.42.7"));

  const pino = (t: number, level: number, pod: string, extra: Record<string, unknown>, msg: string, label: Label = null): void => {
    tl.add(t, "ms", { level, time: epochMs(t), pid: 1, hostname: pod, name: "rider-api", ...extra, msg }, label);
  };
  const slog = (t: number, level: string, msg: string, attrs: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "us", { time: isoNs(t), level, msg, service: "driver-locator", ...attrs }, label);
  };
  const envoy = (start: number, f: Record<string, unknown>, label: Label = null): void => {
    const entry: Record<string, unknown> = {
      authority: null,
      bytes_received: 0,
      bytes_sent: 0,
      connection_termination_details: null,
      downstream_local_address: null,
      downstream_remote_address: null,
      duration: 0,
      method: "GET",
      path: "/",
      protocol: "HTTP/1.1",
      request_id: r.uuid(),
      requested_server_name: null,
      response_code: 200,
      response_code_details: "via_upstream",
      response_flags: "-",
      route_name: "default",
      start_time: isoMs(start),
      upstream_cluster: null,
      upstream_host: null,
      upstream_local_address: null,
      upstream_service_time: null,
      upstream_transport_failure_reason: null,
      user_agent: "rider-api/4.12.0 node-fetch",
      x_forwarded_for: null,
      ...f,
    };
    tl.add(start, "ms", entry, label);
  };
  const mongo = (
    t: number,
    member: string,
    s: string,
    c: string,
    id: number,
    ctx: string,
    msg: string,
    attr: Record<string, unknown>,
    label: Label = null,
  ): void => {
    tl.add(
      t,
      "ms",
      {
        t: { $date: isoMsOffset(t) },
        s,
        c,
        id,
        ctx,
        msg,
        attr,
        host: `${member}.dispatch.internal`,
        file: "/var/log/mongodb/mongod.log",
        source_type: "file",
      },
      label,
    );
  };
  const geoCommand = (lng: number, lat: number): Record<string, unknown> => ({
    aggregate: "driver_positions",
    pipeline: [
      { $geoNear: { near: { type: "Point", coordinates: [lng, lat] }, distanceField: "dist", maxDistance: 1500, query: { status: "available" } } },
      { $limit: 25 },
    ],
    cursor: {},
    lsid: { id: { $uuid: r.uuid() } },
    $readPreference: { mode: "nearest" },
    $db: "dispatch",
  });

  // ---- requests ----------------------------------------------------------------------------
  const times = arrivals(r, from, to, 15);
  times.unshift(us(from + r.float(3, 20) * SEC));
  times.push(us(to - r.float(5, 30) * SEC));
  times.forEach((t, i) => {
    // the first and the last request of the window are among the stalled ones
    const forced = i === 0 || i === times.length - 1;
    const route = forced ? ROUTES[0] : r.weighted(ROUTES.map((x) => [x, x.weight] as const));
    const pod = r.pick(riderPods);
    const traceId = r.traceId();
    const reqId = r.uuid();
    const url = route.path.replace(":id", `rd_${r.alnum(12)}`);
    let rt = r.healthy(route.median);
    let status = 200;
    let label: Label = null;
    let timedOut = false;
    if (route.path === "/v1/rides/:id" && r.chance(0.04)) status = 404;
    else if (!forced && r.chance(0.01)) status = 401;

    if (route.locator && status === 200) {
      const member = forced ? "mongo-2" : r.pick(MEMBERS);
      const locIdx = r.int(0, 1);
      const lat = round(r.float(51.45, 51.56), 4);
      const lng = round(r.float(-0.22, -0.02), 4);
      const stall = forced || (member === "mongo-2" && r.chance(0.1));
      const h3 = `882a10${r.hex(4)}bfffff`;
      let locMs = r.healthy(9, 0.3);
      let lbl: Label = null;
      if (stall) {
        locMs = r.slow(9, 600 / 9, 2400 / 9);
        timedOut = locMs > 1000;
        if (timedOut) locMs = 1000 + r.float(0.2, 1.5);
        lbl = "performance";
      }
      const ts = us(t + r.float(1, 4));
      const mongoMs = Math.max(1, Math.round(locMs - r.float(0.3, 0.9)));
      if (stall) {
        const conn = `conn${r.int(8000, 9900)}`;
        mongo(
          us(ts + mongoMs),
          member,
          "I",
          "COMMAND",
          51803,
          conn,
          "Slow query",
          {
            type: "command",
            ns: "dispatch.driver_positions",
            appName: "driver-locator",
            command: geoCommand(lng, lat),
            planSummary: 'IXSCAN { loc: "2dsphere" }',
            keysExamined: r.int(300, 900),
            docsExamined: r.int(60, 200),
            numYields: r.int(20, 90),
            nreturned: timedOut ? 0 : 25,
            queryHash: "5D9C0F6A",
            planCacheKey: "8A1E2B77",
            ...(timedOut ? { ok: 0, errMsg: "operation exceeded time limit", errName: "MaxTimeMSExpired", errCode: 50 } : { reslen: r.int(5000, 7000) }),
            readConcern: { level: "local", provenance: "implicitDefault" },
            storage: { data: { bytesRead: r.int(2, 40) * 4096, timeReadingMicros: Math.round(mongoMs * 900) } },
            remote: `${locIps[locIdx]}:${r.port()}`,
            protocol: "op_msg",
            durationMillis: mongoMs,
          },
          "performance",
        );
      }
      const cand = timedOut ? 0 : r.int(3, 25);
      if (timedOut) {
        slog(
          us(ts + locMs),
          "ERROR",
          "nearby query failed",
          {
            instance: locPods[locIdx],
            trace_id: traceId,
            h3,
            member: `${member}:27017`,
            err: "context deadline exceeded",
            duration: Math.round(locMs * 1e6),
          },
          "performance",
        );
      } else {
        slog(
          us(ts + locMs),
          "INFO",
          "nearby query",
          {
            instance: locPods[locIdx],
            trace_id: traceId,
            h3,
            radius_m: 1500,
            candidates: cand,
            member: `${member}:27017`,
            duration: Math.round(locMs * 1e6),
          },
          lbl,
        );
      }
      const envMs = timedOut ? 1000 + r.int(0, 2) : Math.round(locMs + r.float(0.4, 1.6));
      envoy(
        ts,
        {
          authority: "driver-locator.dispatch.svc.cluster.local:8080",
          bytes_sent: timedOut ? 24 : 180 + cand * 96,
          downstream_local_address: `${locIps[locIdx]}:8080`,
          downstream_remote_address: `${r.ip("10.42.3")}:${r.port()}`,
          duration: envMs,
          path: `/internal/v1/nearby?h3=${h3}&r=1500`,
          response_code: timedOut ? 504 : 200,
          response_code_details: timedOut ? "upstream_response_timeout" : "via_upstream",
          response_flags: timedOut ? "UT" : "-",
          upstream_cluster: "outbound|8080||driver-locator.dispatch.svc.cluster.local",
          upstream_host: `${locIps[locIdx]}:8080`,
          upstream_local_address: `${r.ip("10.42.3")}:${r.port()}`,
          upstream_service_time: timedOut ? null : String(Math.round(locMs)),
        },
        lbl,
      );
      if (stall) {
        rt = Math.max(rt, route.median * 4.5) + envMs;
        label = "performance";
        if (timedOut) status = 503;
      }
      if (route.path === "/v1/rides" && !timedOut) {
        const payMs = Math.round(r.healthy(85, 0.3));
        const declined = r.chance(0.03);
        envoy(us(ts + envMs + 2), {
          authority: "payments.payments.svc.cluster.local:8443",
          bytes_received: 412,
          bytes_sent: declined ? 210 : 388,
          duration: payMs,
          method: "POST",
          path: "/v2/authorizations",
          response_code: declined ? 402 : 201,
          upstream_cluster: "outbound|8443||payments.payments.svc.cluster.local",
          upstream_host: `${r.ip("10.42.11")}:8443`,
          upstream_service_time: String(payMs - 1),
        });
        if (declined) status = 402;
      }
    }
    const req = {
      id: reqId,
      method: route.method,
      url,
      headers: {
        host: "api.ridego.example",
        "user-agent": r.pick(["RideGo/8.14.1 (iOS 17.4)", "RideGo/8.14.0 (Android 14)", "RideGo/8.13.2 (iOS 17.3)"]),
        "x-request-id": reqId,
      },
      remoteAddress: `::ffff:${r.ip("10.42.0")}`,
      remotePort: r.port(),
    };
    const ids = { trace_id: traceId, span_id: r.spanId(), trace_flags: "01" };
    const tEnd = us(t + rt);
    if (status >= 500) {
      pino(
        tEnd,
        50,
        pod,
        {
          ...ids,
          req,
          res: { statusCode: status },
          err: {
            type: "Error",
            message: "driver lookup unavailable: upstream 504 from driver-locator",
            stack:
              "Error: driver lookup unavailable: upstream 504 from driver-locator\n    at LocatorClient.nearby (/app/dist/clients/locator.js:88:15)\n    at async QuoteService.quote (/app/dist/services/quote.js:41:23)",
          },
          responseTime: Math.round(rt),
        },
        "request errored",
        label,
      );
    } else {
      pino(tEnd, status >= 400 ? 40 : 30, pod, { ...ids, req, res: { statusCode: status }, responseTime: Math.round(rt) }, "request completed", label);
    }
  });

  // ---- routine noise ----------------------------------------------------------------------
  for (const t of ticks(r, from, to, 2 * MIN, 40 * SEC)) {
    slog(t, "WARN", "stale driver positions excluded", { instance: r.pick(locPods), excluded: r.int(1, 6), max_age_s: 30 });
  }
  for (const t of ticks(r, from, to, 20 * MIN, 8 * MIN)) {
    const pod = r.pick(riderPods);
    pino(
      t,
      50,
      pod,
      {
        topic: "ride-events",
        err: {
          type: "KafkaJSConnectionError",
          message: "Connection error: read ECONNRESET",
          stack:
            "KafkaJSConnectionError: Connection error: read ECONNRESET\n    at Socket.onError (/app/node_modules/kafkajs/src/network/connection.js:210:23)",
        },
      },
      "failed to publish ride event, retrying",
    );
    pino(us(t + r.float(200, 600)), 30, pod, { topic: "ride-events", attempts: 2 }, "ride event published after retry");
  }
  for (const member of MEMBERS) {
    for (const t of ticks(r, from, to, MIN, 2 * SEC)) {
      mongo(t, member, "I", "WTCHKPT", 22430, "Checkpointer", "WiredTiger message", {
        message: {
          ts_sec: Math.floor(t / 1000),
          ts_usec: Math.floor((t % 1000) * 1000),
          thread: `${r.int(1000, 1100)}:0x7f${r.hex(10)}`,
          session_name: "WT_SESSION.checkpoint",
          category: "WT_VERB_CHECKPOINT_PROGRESS",
          category_id: 6,
          verbose_level: "DEBUG_1",
          verbose_level_id: 1,
          msg: `saving checkpoint snapshot min: ${r.int(9000, 99000)}, snapshot max: ${r.int(9000, 99000)} snapshot count: 0, oldest timestamp: (0, 0) , meta checkpoint timestamp: (0, 0) base write gen: ${r.int(100000, 999999)}`,
        },
      });
    }
    let connId = r.int(8000, 9000);
    for (const t of ticks(r, from, to, 3 * MIN, MIN)) {
      connId += r.int(1, 9);
      const remote = `${r.pick(locIps)}:${r.port()}`;
      mongo(t, member, "I", "NETWORK", 22943, "listener", "Connection accepted", {
        remote,
        uuid: { uuid: { $uuid: r.uuid() } },
        connectionId: connId,
        connectionCount: r.int(40, 60),
      });
      mongo(us(t + r.float(1, 3) * SEC), member, "I", "NETWORK", 22944, `conn${connId - r.int(30, 80)}`, "Connection ended", {
        remote: `${r.pick(locIps)}:${r.port()}`,
        uuid: { uuid: { $uuid: r.uuid() } },
        connectionId: connId - r.int(30, 80),
        connectionCount: r.int(40, 60),
      });
    }
  }
  for (const t of ticks(r, from, to, 10 * MIN, 20 * SEC)) {
    mongo(t, "mongo-1", "I", "COMMAND", 51803, `conn${r.int(7000, 7999)}`, "Slow query", {
      type: "command",
      ns: "dispatch.trips",
      appName: "metabase",
      command: {
        aggregate: "trips",
        pipeline: [{ $match: { completed_at: { $gte: { $date: isoMs(t - 24 * HOUR) } } } }, { $group: { _id: "$zone", trips: { $sum: 1 } } }],
        cursor: {},
        $db: "dispatch",
      },
      planSummary: "IXSCAN { completed_at: 1 }",
      keysExamined: r.int(38000, 46000),
      docsExamined: r.int(38000, 46000),
      nreturned: r.int(40, 60),
      reslen: r.int(3000, 4000),
      remote: `10.42.20.5:${r.port()}`,
      protocol: "op_msg",
      durationMillis: Math.round(r.healthy(380, 0.3)),
    });
  }

  return tl.build(
    "ride-dispatch-slow-mongo-secondary",
    "Ride-hailing dispatch: mongo-2's degraded disk stalls one driver lookup in thirty for 0.6-2.4 s (some hit Envoy's 1 s timeout and become 503s), scattered over the whole window across mongo, locator, sidecar and rider-api.",
  );
}
