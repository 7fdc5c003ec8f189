// s02 trail-tiles-cache-gone-slow
//
// A hiking app's vector-tile server (tile-api, Node pino-http) normally answers most topo
// tiles from a memcached tier. A Terraform change removed that memcached Service before the
// window opened, so from the first minute every topo tile is rendered from PostGIS: each one
// is slow (INFO "request completed" lines with responseTime 5-25x the healthy miss median),
// PostGIS writes slow-statement lines, every pod warns that the cache host does not resolve,
// and the trail BFF (.NET JSON console) times out fetching preview tiles and answers its map
// route slowly. Hillshade tiles come from object storage and stay healthy, as do the other
// BFF routes and the route planner. No recovery inside the window.
//
// Healthy bands (latency, per operation):
//   tile-api GET /tiles/topo/.. cacheStatus HIT   responseTime median 9 ms  (band 3-25 ms)
//   tile-api GET /tiles/topo/.. cacheStatus MISS  responseTime median 150 ms (band 54-420 ms)
//   tile-api GET /tiles/hillshade/..              responseTime median 70 ms
//   PostGIS: log_min_duration_statement=500ms; a healthy hour has no slow-statement lines
//   trail-bff GET /api/trails/{id}/map            median 190 ms; /api/trails/search 85 ms; /api/me/favourites 40 ms
//   trail-bff tile client: per-attempt timeout 1.5 s, never hit when healthy
//   route-planner POST /v1/route                  duration_ms median 240 ms
// Labels: slow topo tiles (cacheStatus BYPASS, >= 4.5x the MISS median) = performance; PostGIS
// slow statements = performance; BFF timeouts and slow map responses = performance;
// tile-api "tile cache unavailable" (ENOTFOUND) = error. Hillshade, search, favourites,
// route planner, health checks = null.
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, deploymentPods, isoUs, pgSec, pgTs, pyAsctime, round, ticks, type Label } from "./util.js";

const NAME = "trail-tiles-cache-gone-slow";

export function trailTilesCacheGoneSlow(seed: number): Scenario {
  const r = new Rng(seed, NAME);
  const tl = new Timeline();
  const start = Date.UTC(2026, 4, 23, 7, 30) + r.int(0, 60) * MIN + r.int(0, 59) * SEC;
  const dur = 60 * MIN;
  const end = start + dur;

  const tilePods = deploymentPods(r, "tile-api", 3);
  const bffPods = deploymentPods(r, "trail-bff", 2);
  const plannerPods = deploymentPods(r, "route-planner", 2);
  const cacheHost = "tilecache-memcached.maps.svc.cluster.local";
  const k8s = (pod: string, container: string, app: string) => ({ pod_name: pod, namespace_name: "maps", container_name: container, labels: { app } });

  const tileRate = (t: number): number => 36 * (1 + 0.3 * ((t - start) / dur)); // Saturday morning ramp
  const tile = (z: number): string => `${z}/${r.int(0, 2 ** z - 1)}/${r.int(0, 2 ** z - 1)}`;

  // pino-http request lines from tile-api
  const pino = (t: number, pod: string, url: string, status: number, ms: number, cacheStatus: string | undefined, label: Label): void => {
    const log: Record<string, unknown> = {
      level: 30,
      time: Math.floor(t),
      pid: 1,
      hostname: pod,
      name: "tile-api",
      req: { id: r.hex(16), method: "GET", url, remoteAddress: `10.0.${r.int(2, 7)}.${r.int(2, 250)}`, remotePort: r.int(30000, 60999) },
      res: { statusCode: status },
      responseTime: Math.round(ms),
    };
    if (cacheStatus !== undefined) log.cacheStatus = cacheStatus;
    log.msg = "request completed";
    tl.add(t, log, label);
  };

  let pgLine = 1;
  const pgPid = r.int(30000, 39000);
  const sessionStart = start - r.int(2, 9) * 3600 * SEC;
  const slowQuery = (t: number, ms: number, z: number): void => {
    tl.add(
      t,
      {
        timestamp: pgTs(t),
        user: "tiles",
        dbname: "osm",
        pid: pgPid + r.int(0, 40),
        remote_host: `10.0.${r.int(2, 7)}.${r.int(2, 250)}`,
        remote_port: r.int(40000, 60999),
        session_id: `${Math.floor(sessionStart / 1000).toString(16)}.${r.hex(4)}`,
        line_num: pgLine++,
        ps: "SELECT",
        session_start: pgSec(sessionStart),
        vxid: `${r.int(3, 40)}/${r.int(100000, 999999)}`,
        txid: 0,
        error_severity: "LOG",
        message: `duration: ${ms.toFixed(3)} ms  execute tile_topo: SELECT ST_AsMVT(q, 'topo', 4096, 'geom') FROM (SELECT kind, name, ele, ST_AsMVTGeom(geom, ST_TileEnvelope($1, $2, $3), 4096, 64) AS geom FROM topo_features WHERE geom && ST_TileEnvelope($1, $2, $3, margin => 0.015625) AND minzoom <= $1) q`,
        detail: `parameters: $1 = '${z}', $2 = '${r.int(0, 2 ** z - 1)}', $3 = '${r.int(0, 2 ** z - 1)}'`,
        application_name: "tile-api",
        backend_type: "client backend",
        query_id: -r.int(1_000_000_000, 2_000_000_000) * 4096,
        kubernetes: k8s("tiles-db-0", "postgres", "tiles-db"),
      },
      "performance",
    );
  };

  for (const t of arrivals(r, start, end, tileRate, 48)) {
    const pod = r.pick(tilePods);
    if (r.chance(0.78)) {
      const z = r.int(9, 16);
      const ms = r.slow(150, r.float(6, 11), 0.45, 40);
      pino(t + ms, pod, `/tiles/topo/${tile(z)}.pbf`, 200, ms, "BYPASS", "performance");
      if (ms > 600 && r.chance(0.5)) slowQuery(t + ms - r.float(5, 20), ms - r.float(8, 30), z);
    } else {
      const ms = r.healthy(70);
      pino(t + ms, pod, `/tiles/hillshade/${tile(r.int(8, 14))}.png`, 200, ms, undefined, null);
    }
  }
  // liveness probes (every 10 s per pod; logged at info by the app's pino-http)
  for (const pod of tilePods) {
    for (const t of ticks(r, start, end, 10 * SEC, 400, r.float(0, 10) * SEC)) {
      const ms = r.healthy(1.2, 0.3);
      tl.add(
        t,
        {
          level: 30,
          time: Math.floor(t),
          pid: 1,
          hostname: pod,
          name: "tile-api",
          req: { id: r.hex(16), method: "GET", url: "/healthz", remoteAddress: "10.0.0.1", remotePort: r.int(30000, 60999) },
          res: { statusCode: 200 },
          responseTime: Math.max(1, Math.round(ms)),
          msg: "request completed",
        },
        null,
      );
    }
  }
  // memcached client retries the host every 30 s per pod
  for (const pod of tilePods) {
    for (const t of ticks(r, start, end, 30 * SEC, 800, r.float(0, 30) * SEC)) {
      tl.add(
        t,
        {
          level: 40,
          time: Math.floor(t),
          pid: 1,
          hostname: pod,
          name: "tile-api",
          err: {
            type: "Error",
            message: `getaddrinfo ENOTFOUND ${cacheHost}`,
            stack: `Error: getaddrinfo ENOTFOUND ${cacheHost}\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)`,
            errno: -3008,
            code: "ENOTFOUND",
            syscall: "getaddrinfo",
            hostname: cacheHost,
          },
          servers: [`${cacheHost}:11211`],
          msg: "tile cache unavailable, rendering from source",
        },
        "error",
      );
    }
  }

  // trail-bff (.NET JSON console formatter, shipped by Fluent Bit)
  const dotnetTs = (t: number): string => `${isoUs(t).slice(0, 26)}0Z`;
  const bffFinished = (t: number, pod: string, path: string, status: number, ms: number, bytes: number, label: Label): void => {
    const msg = `Request finished HTTP/1.1 GET http://trail-bff.maps.svc${path} - ${status} ${bytes} application/json;+charset=utf-8 ${ms.toFixed(4)}ms`;
    tl.add(
      t,
      {
        Timestamp: dotnetTs(t),
        EventId: 2,
        LogLevel: "Information",
        Category: "Microsoft.AspNetCore.Hosting.Diagnostics",
        Message: msg,
        State: {
          Message: msg,
          ElapsedMilliseconds: round(ms, 4),
          StatusCode: status,
          ContentType: "application/json; charset=utf-8",
          ContentLength: bytes,
          Protocol: "HTTP/1.1",
          Method: "GET",
          Scheme: "http",
          Host: "trail-bff.maps.svc",
          PathBase: "",
          Path: path,
          QueryString: "",
        },
        kubernetes: k8s(pod, "trail-bff", "trail-bff"),
      },
      label,
    );
  };
  for (const t of arrivals(r, start, end, () => 9, 9)) {
    const pod = r.pick(bffPods);
    const trail = r.int(10000, 99999);
    let tt = t;
    const tries = r.chance(0.55) ? r.int(1, 2) : 0;
    for (let a = 0; a < tries; a++) {
      tt += 1500 + r.float(0.3, 1.5);
      const execMs = 1500 + r.float(0.2, 1.8);
      const m = `Execution attempt. Source: 'TileClient-standard//Standard-Retry', Operation Key: '', Result: 'The operation didn't complete within the allowed timeout of '00:00:01.5000000'.', Handled: '${a === 0 ? "True" : "False"}', Attempt: '${a}', Execution Time: ${execMs.toFixed(4)}ms`;
      tl.add(
        tt,
        {
          Timestamp: dotnetTs(tt),
          EventId: 3,
          LogLevel: "Warning",
          Category: "Polly",
          Message: m,
          State: {
            Message: m,
            PipelineName: "TileClient-standard",
            PipelineInstance: "",
            StrategyName: "Standard-Retry",
            OperationKey: "",
            Handled: a === 0,
            Attempt: a,
            ExecutionTimeMs: round(execMs, 4),
          },
          kubernetes: k8s(pod, "trail-bff", "trail-bff"),
        },
        "performance",
      );
    }
    const ms = Math.max(tt - t + r.float(200, 900), r.slow(190, r.float(7, 12), 0.35, 40));
    bffFinished(t + ms, pod, `/api/trails/${trail}/map`, 200, ms, r.int(14000, 52000), "performance");
  }
  for (const t of arrivals(r, start, end, () => 11, 11)) {
    const pod = r.pick(bffPods);
    if (r.chance(0.6)) {
      const ms = r.healthy(85);
      bffFinished(t + ms, pod, "/api/trails/search", 200, ms, r.int(3000, 12000), null);
    } else {
      const ms = r.healthy(40);
      bffFinished(t + ms, pod, "/api/me/favourites", 200, ms, r.int(400, 3000), null);
    }
  }

  // route-planner (python-json-logger)
  for (const t of arrivals(r, start, end, () => 7, 7)) {
    const ms = r.healthy(240);
    const pod = r.pick(plannerPods);
    tl.add(
      t + ms,
      {
        asctime: pyAsctime(t + ms),
        levelname: "INFO",
        name: "planner.http",
        message: "request handled",
        method: "POST",
        path: "/v1/route",
        status: 200,
        duration_ms: round(ms, 1),
        profile: r.pick(["hike", "hike", "trail_run", "mtb"]),
        waypoints: r.int(2, 9),
        service: "route-planner",
        pod,
      },
      null,
    );
  }

  return tl.build(
    NAME,
    "Hiking map tile cache was removed before the window: every topo tile is rendered from PostGIS for the whole hour (slow INFO request lines, slow statements, cache ENOTFOUND warnings, BFF preview timeouts); hillshade and other routes stay healthy.",
  );
}
