// s07 elevator-fleet-heap-leak: telemetry and maintenance services for a fleet of elevators over five
// hours. The maintenance-report service (JVM, G1, 4 GiB heap) retains every car's trip history it has
// ever loaded: its heap after each young collection climbs slowly past its band, full collections and
// to-space exhaustion appear, its 300 ms reports become multi-second, and its retrying sweep makes the
// 2 ms fleet-status cache slow too. It does not die inside the window (no OOM, no restart).
//
// Producers: fleet-status-cache (zap production JSON), maintenance-report (logstash-logback-encoder JSON,
// plus JVM unified GC log lines in the container runtime's JSON envelope shipped by Fluent Bit),
// car-gateway (Rust tracing JSON).
// Healthy bands:
//   fleet-status-cache GET /v1/cars/:car/status latency (zap: seconds) median 0.002 s (2 ms).
//   maintenance-report GET /reports/cars/:car/monthly duration_ms median 300 ms (100x the cache's).
//   GC: heap after young collection <= 1500M of 4096M (<= 37 %); pause median 12 ms.
//   "JVM heap after GC" heap_used_pct <= 37 %.
//   car-gateway "trip recorded" elapsed_ms median 6 ms.
//   Routine noise: car-gateway WARN "door reversal count high" (~8/h), ERROR "CAN frame timeout on car
//   controller, link re-established" (~3/h); cache WARN "stale entry served" (~6/h).
// Evidence: GC lines and heap readings above the band, full GCs and to-space exhaustion (memory); slow
// reports and slow cache reads > 4x and the cache's pool timeouts (performance); sweep retries (error).
import { HOUR, MIN, SEC, Timeline, epochS, isoMicro, isoOff, jvmTime, makeRng, poisson, round, startTime, ticks } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export function elevatorFleetHeapLeak(seed: number): Scenario {
  const rng = makeRng(seed * 8837 + 707);
  const tl = new Timeline();
  const t0 = startTime(rng, 6, 16);
  const t1 = t0 + 5 * HOUR + rng.int(0, 30) * MIN;
  const live0 = rng.float(780, 900);
  const live1 = rng.float(3700, 3880);
  const live = (t: number) => live0 + (live1 - live0) * ((t - t0) / (t1 - t0)) ** 1.15;
  const stressed = (t: number) => live(t) > 3000;
  const cars = Array.from({ length: 60 }, () => `EL-${rng.pick(["A", "B", "C", "D"])}${rng.int(100, 499)}`);
  const pod = `maintenance-report-6d4b${rng.hex(6)}-${rng.alnum(5)}`;
  const k8s = { pod_name: pod, namespace_name: "fleet", container_name: "app", labels: { app: "maintenance-report" } };
  const lb = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": isoOff(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `http-nio-8080-exec-${rng.int(1, 20)}`,
    level,
    level_value: level === "INFO" ? 20000 : level === "WARN" ? 30000 : 40000,
    app: "maintenance-report",
    ...extra,
  });

  // GC log
  let gc = rng.int(1200, 4000);
  let nextFull = t0 + 3 * HOUR;
  for (const t of ticks(rng, t0, t1, 19 * SEC, 0.3)) {
    const l = live(t);
    const before = Math.min(4090, l + rng.float(1400, 2100));
    const after = Math.min(4010, Math.round(l + rng.float(40, 220)));
    let line: string;
    let label: AnomalyType | null = after > 1500 ? "memory" : null;
    if (stressed(t) && rng.chance(0.08)) {
      line = `[${jvmTime(t)}][info][gc] GC(${gc}) To-space exhausted`;
      label = "memory";
    } else if (stressed(t) && t > nextFull) {
      nextFull = t + rng.int(6, 12) * MIN;
      line = `[${jvmTime(t)}][info][gc] GC(${gc}) Pause Full (G1 Compaction Pause) 4090M->${after - 60}M(4096M) ${round(rng.float(1800, 4200), 3)}ms`;
      label = "memory";
    } else {
      const pause = stressed(t) ? rng.float(60, 240) : rng.band(12);
      line = `[${jvmTime(t)}][info][gc] GC(${gc}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(before)}M->${after}M(4096M) ${round(pause, 3)}ms`;
    }
    gc++;
    tl.add(t, { log: `${line}\n`, stream: "stdout", time: isoMicro(t), kubernetes: k8s }, label);
  }
  for (const t of ticks(rng, t0, t1, 5 * MIN, 0.01)) {
    const pct = round(((live(t) + 120) / 4096) * 100, 1);
    tl.add(
      t,
      lb(t, pct > 37 ? "WARN" : "INFO", "org.liftco.report.ops.JvmMemoryWatchdog", "JVM heap after GC", {
        heap_used_pct: pct,
        heap_max_mb: 4096,
        thread_name: "memory-watchdog",
      }),
      pct > 37 ? "memory" : null,
    );
  }

  // reports
  for (const t of poisson(rng, t0, t1, 26 * SEC)) {
    const slow = stressed(t) && rng.chance(0.55);
    tl.add(
      t,
      lb(t, "INFO", "org.liftco.report.web.ReportController", "Report generated", {
        uri: "/reports/cars/{car}/monthly",
        car: rng.pick(cars),
        status: 200,
        duration_ms: Math.round(slow ? rng.slow(300, 5, 30) : rng.band(300)),
      }),
      slow ? "performance" : null,
    );
  }
  // the nightly sweep retries when reports time out
  for (const t of poisson(rng, t0 + (t1 - t0) * 0.72, t1, 2.2 * MIN)) {
    if (!stressed(t)) continue;
    tl.add(
      t,
      lb(
        t,
        "ERROR",
        "org.liftco.report.sweep.StatusSweep",
        `Status sweep batch failed, retrying all ${rng.int(40, 60)} cars: org.springframework.web.client.ResourceAccessException: I/O error on GET request for "http://fleet-status-cache:8080/v1/cars/batch": Connection reset`,
        { thread_name: "sweep-1", attempt: rng.int(1, 3) },
      ),
      "error",
    );
  }

  // fleet-status-cache (zap)
  for (const t of poisson(rng, t0, t1, 9 * SEC)) {
    const burst = stressed(t) && rng.chance(0.3);
    tl.add(
      t,
      {
        level: "info",
        ts: epochS(t),
        logger: "fleet-status-cache",
        caller: "api/status.go:61",
        msg: "served",
        method: "GET",
        path: `/v1/cars/${rng.pick(cars)}/status`,
        status: 200,
        latency: round(burst ? rng.slow(0.002, 8, 40) : rng.band(0.002), 6),
        cache: "hit",
      },
      burst ? "performance" : null,
    );
  }
  for (const t of poisson(rng, t0, t1, 10 * MIN)) {
    tl.add(t, {
      level: "warn",
      ts: epochS(t),
      logger: "fleet-status-cache",
      caller: "api/status.go:88",
      msg: "stale entry served",
      car: rng.pick(cars),
      age_s: rng.int(31, 90),
    });
  }
  for (const t of poisson(rng, t0 + (t1 - t0) * 0.72, t1, 4 * MIN)) {
    if (!stressed(t)) continue;
    tl.add(
      t,
      {
        level: "warn",
        ts: epochS(t),
        logger: "fleet-status-cache",
        caller: "store/redis.go:112",
        msg: "redis: connection pool timeout",
        pool_size: 32,
        waiting: rng.int(40, 180),
        error: "redis: connection pool timeout",
      },
      "performance",
    );
  }

  // car-gateway (Rust tracing)
  for (const t of poisson(rng, t0, t1, 14 * SEC)) {
    tl.add(t, {
      timestamp: isoMicro(t),
      level: "INFO",
      fields: { message: "trip recorded", car: rng.pick(cars), from_floor: rng.int(-2, 30), to_floor: rng.int(-2, 30), elapsed_ms: round(rng.band(6), 2) },
      target: "car_gateway::trips",
      threadName: "tokio-runtime-worker",
      threadId: `ThreadId(${rng.int(2, 9)})`,
    });
  }
  for (const t of poisson(rng, t0, t1, 7.5 * MIN)) {
    tl.add(t, {
      timestamp: isoMicro(t),
      level: "WARN",
      fields: { message: "door reversal count high", car: rng.pick(cars), reversals_1h: rng.int(12, 30) },
      target: "car_gateway::doors",
      threadName: "tokio-runtime-worker",
      threadId: `ThreadId(${rng.int(2, 9)})`,
    });
  }
  for (const t of poisson(rng, t0, t1, 20 * MIN)) {
    tl.add(t, {
      timestamp: isoMicro(t),
      level: "ERROR",
      fields: { message: "CAN frame timeout on car controller, link re-established", car: rng.pick(cars), bus: "can0" },
      target: "car_gateway::can",
      threadName: "can-reader",
      threadId: "ThreadId(3)",
    });
  }
  return tl.build(
    "elevator-fleet-heap-leak",
    "maintenance-report JVM leaks trip histories for five hours: heap after GC climbs, full GCs appear, its 300 ms reports and the 2 ms status cache slow down; no OOM within the window",
  );
}
