// s03: warehouse robots (AMR fleet), four producers: map-service (Rust tracing-subscriber JSON),
// path-planner (Python structlog), fleet-manager (Java, logstash-logback-encoder) and robot-gateway
// (Go logrus JSON, second-precision RFC 3339 times).
// Incident (a cascade): map-service's Redis tile cache runs out of pooled connections; tile reads
// slow down and fail, path-planner times out or gets 503s from it, fleet-manager's dispatches fail,
// its queue backs up and its circuit breaker opens, and robots fall into SAFE_HOLD; then recovery.
// Healthy medians: tile hit 3 ms, tile miss 25 ms, path planning 35 ms.
import type { AnomalyType, Scenario } from "./types.js";
import { MIN, SEC, HOUR, Rng, Timeline, every, hashSeed, healthy, iso, isoNumeric, poisson, slow, startTime } from "./rng.js";

export function s03WarehouseRobotCascade(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s03-warehouse"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 4, 12, 12, 0));
  const end = start + 2 * HOUR;
  const tz = 120; // CEST site clock for the JVM and the Go gateway
  const incStart = start + rng.float(0.45, 0.6) * (end - start);
  const incEnd = incStart + rng.float(24, 34) * MIN;
  const inInc = (t: number) => t >= incStart && t < incEnd;
  // the planner feels it ~20 s later, the fleet manager ~40 s later
  const plannerHit = (t: number) => t >= incStart + 20 * SEC && t < incEnd + 30 * SEC;
  const fleetHit = (t: number) => t >= incStart + 40 * SEC && t < incEnd + 60 * SEC;

  const robots: string[] = [];
  for (let i = 0; i < 42; i++) robots.push(`AMR-${String(rng.int(100, 999)).padStart(4, "0")}`);
  const stations = ["PICK-01", "PICK-02", "PICK-03", "PICK-04", "PACK-A", "PACK-B", "DOCK-3", "DOCK-4"] as const;
  const tiles = () => `L${rng.int(1, 3)}/${rng.int(0, 31)}/${rng.int(0, 23)}`;
  const trace = () => rng.hex(32);

  // ---- map-service (Rust tracing JSON)
  const mapLog = (t: number, level: string, target: string, fields: Record<string, unknown>, span: Record<string, unknown> | null): Record<string, unknown> => {
    const o: Record<string, unknown> = { timestamp: iso(t, 6), level, fields, target };
    if (span) {
      o.span = span;
      o.spans = [span];
    }
    return o;
  };
  poisson(rng, start, end, 8 * SEC, (t) => {
    const tile = tiles();
    const hit = rng.chance(0.7);
    const span = { method: "GET", uri: `/v1/tiles/${tile}`, name: "request" };
    let label: AnomalyType | null = null;
    let elapsed = hit ? healthy(rng, 3) : healthy(rng, 25);
    if (inInc(t)) {
      const r = rng.next();
      if (r < 0.35) {
        tl.add(
          t,
          mapLog(
            t,
            "ERROR",
            "map_service::tiles",
            { message: "tile backend error", tile, error: "redis: timed out waiting for a pooled connection (pool_size=16)" },
            span,
          ),
          "performance",
        );
        return;
      }
      if (r < 0.5) {
        tl.add(
          t,
          mapLog(t, "ERROR", "map_service::tiles", { message: "tile backend error", tile, error: "Connection reset by peer (os error 104)" }, span),
          "error",
        );
        return;
      }
      elapsed = slow(rng, hit ? 3 : 25, 10, 60);
      label = "performance";
    }
    tl.add(
      t,
      mapLog(
        t,
        "INFO",
        "map_service::tiles",
        { message: "tile served", tile, cache: hit ? "hit" : "miss", elapsed_ms: Math.max(1, Math.round(elapsed)) },
        span,
      ),
      label,
    );
  });
  every(rng, start, end, MIN, SEC, (t) => {
    const inc = inInc(t);
    tl.add(
      t,
      mapLog(
        t,
        inc ? "WARN" : "INFO",
        "map_service::cache",
        inc
          ? { message: "redis connection pool exhausted", pool_size: 16, waiters: rng.int(40, 180) }
          : { message: "tile cache stats", hit_ratio: Number(rng.float(0.66, 0.74).toFixed(3)), keys: rng.int(11800, 12100), pool_in_use: rng.int(2, 9) },
        null,
      ),
      inc ? "performance" : null,
    );
  });
  const recoveredAt = incEnd + rng.float(5, 25) * SEC;
  tl.add(
    recoveredAt,
    mapLog(recoveredAt, "INFO", "map_service::cache", { message: "redis connection pool recovered", pool_size: 16, in_use: rng.int(3, 8) }, null),
    "pattern",
  );

  // ---- path-planner (structlog)
  const plan = (t: number, fields: Record<string, unknown>, event: string, level: string, label: AnomalyType | null) => {
    tl.add(t, { ...fields, event, level, logger: "planner.service", timestamp: iso(t, 6) }, label);
  };
  poisson(rng, start, end, 6.5 * SEC, (t) => {
    const robot = rng.pick(robots);
    const from = `N${rng.int(1, 880)}`;
    const to = rng.pick(stations);
    if (plannerHit(t)) {
      const r = rng.next();
      if (r < 0.3) {
        plan(t, { robot_id: robot, from_node: from, to_node: to, tile: tiles(), timeout_ms: 2000 }, "map tile fetch timed out", "error", "performance");
        return;
      }
      if (r < 0.5) {
        plan(
          t,
          {
            robot_id: robot,
            from_node: from,
            to_node: to,
            exc_info: `Traceback (most recent call last):\n  File "/srv/planner/service.py", line 141, in plan\n    grid = await self.maps.fetch(region)\n  File "/srv/planner/maps.py", line 58, in fetch\n    resp.raise_for_status()\nhttpx.HTTPStatusError: Server error '503 Service Unavailable' for url 'http://map-service:8080/v1/tiles/${tiles()}'`,
          },
          "path planning failed",
          "error",
          "error",
        );
        return;
      }
      if (r < 0.85) {
        plan(
          t,
          { robot_id: robot, from_node: from, to_node: to, nodes_expanded: rng.int(400, 4000), duration_ms: Math.round(slow(rng, 35, 8, 70)) },
          "path planned",
          "info",
          "performance",
        );
        return;
      }
    }
    plan(
      t,
      { robot_id: robot, from_node: from, to_node: to, nodes_expanded: rng.int(400, 4000), duration_ms: Math.round(healthy(rng, 35)) },
      "path planned",
      "info",
      null,
    );
  });
  poisson(rng, start, end, 9 * MIN, (t) => {
    plan(
      t,
      { robot_id: rng.pick(robots), blocked_edge: `E${rng.int(1, 2400)}`, detour_nodes: rng.int(3, 40) },
      "edge blocked by obstacle report, replanning",
      "warning",
      null,
    );
  });

  // ---- fleet-manager (logstash-logback-encoder)
  let thread = 1;
  const fleet = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown>, label: AnomalyType | null) => {
    thread = (thread % 8) + 1;
    tl.add(
      t,
      {
        "@timestamp": isoNumeric(t, 3, tz),
        "@version": "1",
        message,
        logger_name: logger,
        thread_name: `dispatch-${thread}`,
        level,
        level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
        app: "fleet-manager",
        ...extra,
      },
      label,
    );
  };
  let taskSeq = rng.int(400000, 800000);
  poisson(rng, start, end, 7 * SEC, (t) => {
    const taskId = `T-${taskSeq++}`;
    const robotId = rng.pick(robots);
    if (fleetHit(t) && rng.chance(0.6)) {
      fleet(
        t,
        "ERROR",
        "com.northbay.fleet.dispatch.TaskDispatcher",
        `Task dispatch failed, requeueing task ${taskId}`,
        {
          taskId,
          robotId,
          stack_trace: `com.northbay.fleet.planner.PlannerUnavailableException: path-planner returned 503 for robot ${robotId}\n\tat com.northbay.fleet.planner.PlannerClient.plan(PlannerClient.java:94)\n\tat com.northbay.fleet.dispatch.TaskDispatcher.dispatch(TaskDispatcher.java:151)\n\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)`,
        },
        "error",
      );
      return;
    }
    fleet(
      t,
      "INFO",
      "com.northbay.fleet.dispatch.TaskDispatcher",
      `Task ${taskId} dispatched to ${robotId}`,
      { taskId, robotId, station: rng.pick(stations), tote: `TOTE-${rng.digits(6)}` },
      null,
    );
  });
  poisson(rng, start, end, 7.5 * SEC, (t) => {
    const taskId = `T-${taskSeq - rng.int(5, 60)}`;
    if (fleetHit(t) && rng.chance(0.5)) return; // fewer completions while dispatching stalls
    fleet(
      t,
      "INFO",
      "com.northbay.fleet.dispatch.TaskTracker",
      `Task ${taskId} completed in ${rng.int(40, 260)}s`,
      { taskId, robotId: rng.pick(robots) },
      null,
    );
  });
  every(rng, start, end, MIN, 2 * SEC, (t) => {
    if (fleetHit(t) && t > incStart + 2 * MIN) {
      fleet(
        t,
        "WARN",
        "com.northbay.fleet.dispatch.QueueMonitor",
        `Dispatch queue depth ${rng.int(180, 640)} above threshold 150, oldest task waiting ${rng.int(200, 1500)}s`,
        {},
        "performance",
      );
    } else {
      fleet(t, "INFO", "com.northbay.fleet.dispatch.QueueMonitor", `Dispatch queue depth ${rng.int(4, 60)}`, {}, null);
    }
  });
  poisson(rng, start, end, 13 * MIN, (t) => {
    fleet(
      t,
      "WARN",
      "com.northbay.fleet.robots.BatteryPolicy",
      "Robot battery below 20%, sending to charger",
      { robotId: rng.pick(robots), battery: rng.int(12, 19) },
      null,
    );
  });
  const cbOpen = incStart + rng.float(70, 110) * SEC;
  fleet(
    cbOpen,
    "INFO",
    "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
    "CircuitBreaker 'pathPlanner' changed state from CLOSED to OPEN",
    {},
    "pattern",
  );
  for (let t = cbOpen + 60 * SEC; t < incEnd; t += 60 * SEC + rng.float(0, 5) * SEC) {
    fleet(
      t,
      "INFO",
      "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
      "CircuitBreaker 'pathPlanner' changed state from OPEN to HALF_OPEN",
      {},
      "pattern",
    );
    fleet(
      t + rng.float(1, 4) * SEC,
      "INFO",
      "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
      "CircuitBreaker 'pathPlanner' changed state from HALF_OPEN to OPEN",
      {},
      "pattern",
    );
  }
  const closeAt = incEnd + rng.float(35, 70) * SEC;
  fleet(
    closeAt,
    "INFO",
    "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
    "CircuitBreaker 'pathPlanner' changed state from OPEN to HALF_OPEN",
    {},
    "pattern",
  );
  fleet(
    closeAt + 8 * SEC,
    "INFO",
    "io.github.resilience4j.circuitbreaker.internal.CircuitBreakerStateMachine",
    "CircuitBreaker 'pathPlanner' changed state from HALF_OPEN to CLOSED",
    {},
    "pattern",
  );

  // ---- robot-gateway (logrus JSON, keys sorted, RFC 3339 seconds)
  const gw = (t: number, level: string, msg: string, fields: Record<string, unknown>, label: AnomalyType | null) => {
    const o: Record<string, unknown> = { ...fields, level, msg, service: "robot-gateway", time: isoNumeric(t, 0, tz) };
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) sorted[k] = o[k];
    tl.add(t, sorted, label);
  };
  const states = ["IDLE", "NAVIGATING", "PICKING", "DOCKING", "CHARGING"] as const;
  poisson(rng, start, end, 8 * SEC, (t) => {
    const from = rng.pick(states);
    let to = rng.pick(states);
    if (to === from) to = "IDLE";
    gw(t, "info", "robot state changed", { robot: rng.pick(robots), from, to, trace_id: trace() }, null);
  });
  for (const robot of robots) {
    every(rng, start, end, 10 * MIN, 30 * SEC, (t) => {
      gw(t, "info", "battery report", { robot, soc: rng.int(22, 98), temp_c: rng.int(24, 39), cycles: rng.int(300, 1900) }, null);
    });
  }
  poisson(rng, start, end, 70 * SEC, (t) => {
    gw(t, "warning", "wifi roam", { robot: rng.pick(robots), ap_from: `AP-${rng.int(1, 40)}`, ap_to: `AP-${rng.int(1, 40)}`, rssi: -rng.int(58, 77) }, null);
  });
  const held = new Set<string>();
  poisson(rng, incStart + 70 * SEC, incEnd, 25 * SEC, (t) => {
    const robot = rng.pick(robots);
    if (held.has(robot)) return;
    held.add(robot);
    gw(t, "warning", "robot entered SAFE_HOLD", { robot, reason: "PATH_STALE", last_path_age_s: rng.int(31, 120) }, "pattern");
  });
  let i = 0;
  for (const robot of held) {
    const t = incEnd + 70 * SEC + i * rng.float(2, 6) * SEC;
    gw(t, "info", "robot left SAFE_HOLD", { robot, reason: "PATH_RECEIVED" }, "pattern");
    i++;
  }

  return tl.build(
    "warehouse-robot-map-cache-cascade",
    "Warehouse AMR fleet: map-service's Redis pool runs dry and the fault cascades to path-planner, fleet-manager dispatching and robots in SAFE_HOLD, then recovers (tracing/structlog/logback/logrus).",
  );
}
