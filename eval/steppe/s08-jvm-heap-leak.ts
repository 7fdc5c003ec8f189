/**
 * Pricing platform. pricing-engine is a Spring Boot service on a 4 GiB G1 heap whose
 * unified GC log (gc.log, shipped line by line) sits beside its logstash-JSON
 * application log. A release deployed shortly before the window keeps every quote
 * context in an unbounded cache: the periodic cache-size line grows far past its usual
 * ~50k entries, the live set left after each young collection creeps up, eden shrinks
 * so collections come faster, concurrent mark cycles and mixed collections reclaim
 * almost nothing, young pauses stretch to hundreds of milliseconds, evacuation fails and
 * multi-second full collections follow. Request latency climbs, api-gateway starts timing
 * out, and finally the JVM dies with java.lang.OutOfMemoryError: Java heap space, the
 * pod restarts (gateway 503s while it is down) and the heap starts again from a small
 * live set. Other services (rate-feed, rules-admin, audit-writer) carry on normally.
 */
import type { AnomalyType, Scenario } from "./types.js";
import { Rng } from "./rng.js";

type Label = AnomalyType | null;
interface Line {
  t: number;
  n: number;
  e: Record<string, unknown>;
  l: Label;
}

function isoOff(t: number): string {
  return new Date(Math.floor(t)).toISOString().replace("Z", "+00:00");
}
function gcStamp(t: number): string {
  return new Date(Math.floor(t)).toISOString().replace("Z", "+0000");
}

export function s08JvmHeapLeak(seed: number): Scenario {
  const rng = new Rng(seed, "s08-jvm-heap-leak");
  const lines: Line[] = [];
  let n = 0;
  const add = (t: number, e: Record<string, unknown>, l: Label): void => {
    lines.push({ t, n: n++, e, l });
  };

  const spanMin = rng.int(150, 210);
  const span = spanMin * 60_000;
  const start = rng.start2026(span, 8, 14);
  const end = start + span;
  const MAX = 4096;
  const live0 = rng.int(620, 820);
  const leakStart = start - rng.int(5, 25) * 60_000;
  const oom = start + Math.floor(span * rng.float(0.62, 0.88));
  const restartUp = oom + rng.int(35, 80) * 1000; // application ready again
  const curve = rng.float(2.0, 2.6);
  const leakPerMs = (4000 - live0) / (oom - leakStart) ** curve;
  // live set (MB) as a function of time; resets after the restart
  const liveAt = (t: number): number => {
    if (t < oom) return live0 + leakPerMs * Math.max(0, t - leakStart) ** curve + rng.float(0, 25);
    return live0 * 0.9 + leakPerMs * Math.max(0, t - restartUp) ** curve + rng.float(0, 25);
  };
  const edenFor = (live: number): number => Math.max(120, Math.min(1500, (MAX - live) * 0.6));

  const host = `pricing-engine-${rng.alnum(9)}-${rng.alnum(5)}`;
  const jvmStart0 = start - rng.int(2, 20) * 3_600_000;
  const gcLine = (t: number, uptimeBase: number, gcId: number, text: string, l: Label, level = "info", tags = "gc"): void => {
    const up = ((t - uptimeBase) / 1000).toFixed(3);
    add(
      t,
      {
        "@timestamp": isoOff(t),
        service: "pricing-engine",
        host,
        "log.file.path": "/var/log/app/gc.log",
        message: `[${gcStamp(t)}][${up}s][${level}][${tags}] GC(${gcId}) ${text}`,
      },
      l,
    );
  };
  const app = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    "@timestamp": isoOff(t),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: `http-nio-8080-exec-${rng.int(1, 48)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    service: "pricing-engine",
    host,
    ...extra,
  });

  // ---- GC simulation -------------------------------------------------------------------
  interface GcState {
    live: number;
    occ: number;
  }
  const states: { t: number; s: GcState }[] = [];
  const fullGcFrom = oom - rng.int(150, 300) * 1000;
  let gcId = rng.int(2000, 9000);
  let upBase = jvmStart0;
  let t = start + rng.int(0, 10_000);
  let lastConc = start - rng.int(0, 30) * 60_000;
  let restarted = false;
  while (t < end) {
    if (!restarted && t >= oom) {
      // JVM gone; the pod restarts it
      restarted = true;
      t = oom + rng.int(8, 20) * 1000;
      upBase = t - 15;
      gcId = 0;
      add(
        t,
        {
          "@timestamp": isoOff(t),
          service: "pricing-engine",
          host,
          "log.file.path": "/var/log/app/gc.log",
          message: `[${gcStamp(t)}][0.015s][info][gc] Using G1`,
        },
        "pattern",
      );
      t += rng.int(4000, 9000);
      continue;
    }
    const live = Math.min(4090, liveAt(t));
    const eden = edenFor(live);
    const occ = live / MAX;
    const surv = rng.int(30, 120);
    const before = Math.min(MAX - 2, Math.round(live + eden + rng.float(-40, 40)));
    const after = Math.min(MAX - 4, Math.round(live + surv));
    const afterOcc = after / MAX;
    const stress = afterOcc > 0.8 ? 1 + (afterOcc - 0.8) * 45 : 1;
    const pause = rng.logNormal(9 + live * 0.008, 0.25) * stress;
    const lab: Label = afterOcc > 0.55 ? "memory" : null;
    if (t < oom && t >= fullGcFrom && rng.chance(0.35)) {
      gcLine(
        t,
        upBase,
        gcId,
        `Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure) ${before}M->${Math.min(MAX - 1, before - rng.int(0, 30))}M(${MAX}M) ${(pause * 2).toFixed(3)}ms`,
        "memory",
      );
      gcId++;
      const tf = t + pause * 2 + rng.int(50, 400);
      const fp = rng.float(2400, 6500);
      gcLine(
        tf,
        upBase,
        gcId,
        `Pause Full (G1 Compaction Pause) ${MAX - rng.int(1, 8)}M->${Math.round(live - rng.int(0, 60))}M(${MAX}M) ${fp.toFixed(3)}ms`,
        "memory",
      );
      gcId++;
      states.push({ t: tf, s: { live, occ } });
      t = tf + fp + rng.int(1500, 6000);
      continue;
    }
    const concurrent = afterOcc > 0.45 ? rng.chance(0.12) : t - lastConc > rng.int(25, 50) * 60_000 && rng.chance(0.2);
    if (concurrent) {
      lastConc = t;
      const why = afterOcc > 0.45 ? "G1 Evacuation Pause" : "G1 Humongous Allocation";
      gcLine(t, upBase, gcId, `Pause Young (Concurrent Start) (${why}) ${before}M->${after}M(${MAX}M) ${pause.toFixed(3)}ms`, lab);
      const cm = rng.float(300, 900) * (afterOcc > 0.6 ? 2.5 : 1);
      gcLine(t + pause + 2, upBase, gcId + 1, "Concurrent Mark Cycle", lab);
      const tr = t + pause + cm * 0.9;
      gcLine(tr, upBase, gcId + 1, `Pause Remark ${after + rng.int(40, 300)}M->${after + rng.int(0, 30)}M(${MAX}M) ${rng.float(6, 25).toFixed(3)}ms`, lab);
      gcLine(
        tr + cm * 0.08,
        upBase,
        gcId + 1,
        `Pause Cleanup ${after + rng.int(40, 300)}M->${after + rng.int(40, 300)}M(${MAX}M) ${rng.float(0.1, 0.9).toFixed(3)}ms`,
        lab,
      );
      gcLine(tr + cm * 0.1, upBase, gcId + 1, `Concurrent Mark Cycle ${cm.toFixed(3)}ms`, lab);
      gcId += 2;
    } else {
      const kind = afterOcc > 0.45 && rng.chance(0.4) ? "Pause Young (Mixed) (G1 Evacuation Pause)" : "Pause Young (Normal) (G1 Evacuation Pause)";
      gcLine(t, upBase, gcId, `${kind} ${before}M->${after}M(${MAX}M) ${pause.toFixed(3)}ms`, lab);
      gcId++;
    }
    states.push({ t, s: { live, occ } });
    const allocRate = rng.float(55, 85); // MB/s
    t += Math.max(2500, (eden / allocRate) * 1000);
  }
  const stateAt = (tt: number): GcState => {
    let lo = 0;
    let hi = states.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((states[mid] as { t: number }).t <= tt) lo = mid;
      else hi = mid - 1;
    }
    return (states[lo] ?? { s: { live: live0, occ: live0 / MAX } }).s;
  };
  const down = (tt: number): boolean => tt >= oom && tt < restartUp;

  // ---- requests: gateway -> pricing-engine ----------------------------------------------
  const gw = (tt: number, level: string, message: string, extra: Record<string, unknown>): Record<string, unknown> => ({
    "@timestamp": isoOff(tt),
    level,
    logger_name: "reactor.netty.http.server.AccessLog",
    service: "api-gateway",
    message,
    ...extra,
  });
  const reqGap = 60_000 / rng.float(6, 8);
  t = start + rng.exp(reqGap);
  while (t < end) {
    const trace = rng.hex(32);
    const basket = `bsk_${rng.alnum(10)}`;
    const items = rng.int(1, 30);
    if (down(t)) {
      const ms = rng.int(2, 9);
      add(
        t + ms,
        gw(
          t + ms,
          "ERROR",
          `POST /api/v2/price 503 in ${ms}ms upstream=pricing-engine error="Connection refused: pricing-engine/10.12.${rng.int(0, 9)}.${rng.int(2, 250)}:8080"`,
          { traceId: trace, duration_ms: ms, status: 503 },
        ),
        "error",
      );
    } else {
      const st = stateAt(t);
      const occ = st.live / MAX;
      let ms = rng.logNormal(34 + items * 0.6, 0.3, 2.4);
      if (occ > 0.72) ms *= 1 + (occ - 0.72) * rng.float(40, 90);
      ms = Math.round(ms);
      const slow = ms > 250;
      if (ms >= 2000) {
        add(
          t + 2000,
          gw(t + 2000, "WARN", `POST /api/v2/price 504 in 2001ms upstream=pricing-engine error="Response took longer than timeout: PT2S"`, {
            traceId: trace,
            duration_ms: 2001,
            status: 504,
          }),
          "performance",
        );
        add(
          t + ms,
          app(t + ms, "WARN", "com.tariffa.pricing.web.PriceController", `Priced basket ${basket} items=${items} in ${ms}ms (client gone)`, {
            traceId: trace,
            duration_ms: ms,
          }),
          "performance",
        );
      } else {
        add(
          t + ms,
          app(t + ms, "INFO", "com.tariffa.pricing.web.PriceController", `Priced basket ${basket} items=${items} in ${ms}ms`, {
            traceId: trace,
            duration_ms: ms,
          }),
          slow ? "performance" : null,
        );
        const g = ms + rng.int(4, 15);
        add(
          t + g,
          gw(t + g, "INFO", `POST /api/v2/price 200 in ${g}ms upstream=pricing-engine`, { traceId: trace, duration_ms: g, status: 200 }),
          g > 260 ? "performance" : null,
        );
      }
    }
    t += rng.exp(reqGap);
  }
  // other gateway routes
  const otherGap = 60_000 / rng.float(3, 4);
  t = start + rng.exp(otherGap);
  while (t < end) {
    const ms = Math.round(rng.logNormal(18, 0.35));
    const route = rng.pick(["GET /api/v2/rates/latest 200", "GET /api/v2/rules/active 200", "GET /api/v2/rates/latest 304"]);
    add(
      t,
      gw(t, "INFO", `${route} in ${ms}ms upstream=${route.includes("rules") ? "rules-admin" : "rate-feed"}`, {
        traceId: rng.hex(32),
        duration_ms: ms,
        status: Number(route.slice(-3)),
      }),
      null,
    );
    t += rng.exp(otherGap);
  }

  // ---- pricing-engine periodic lines --------------------------------------------------------
  for (let m = start + rng.int(0, 59_999); m < end; m += 60_000) {
    if (down(m)) continue;
    const st = stateAt(m);
    const eden = edenFor(st.live);
    const used = Math.min(MAX - 1, Math.round(st.live + rng.float(0.05, 0.95) * eden));
    const pct = Math.round((used / MAX) * 1000) / 10;
    add(
      m,
      app(m, "INFO", "com.tariffa.pricing.ops.JvmStats", `jvm heap used=${used}MB max=${MAX}MB (${pct}%) threads=${rng.int(80, 96)}`, {
        memory_usage: pct,
        heap_used_mb: used,
        thread_name: "jvm-stats",
      }),
      pct >= 75 ? "memory" : null,
    );
  }
  for (let m = start + rng.int(0, 299_999); m < end; m += 300_000) {
    if (down(m)) continue;
    const st = stateAt(m);
    const extraEntries = Math.max(0, st.live - live0) * 650; // ~1.5 KB per leaked entry
    const size = Math.round(rng.int(42_000, 58_000) + extraEntries);
    add(
      m,
      app(m, "INFO", "com.tariffa.pricing.cache.CacheReporter", `quote context cache size=${size} entries hitRatio=${rng.float(0.9, 0.97).toFixed(2)}`, {
        thread_name: "cache-reporter",
      }),
      size > 150_000 ? "memory" : null,
    );
  }

  // ---- the end of the JVM and its restart ----------------------------------------------------
  add(
    oom - rng.int(200, 900),
    app(
      oom - 500,
      "ERROR",
      "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
      "Servlet.service() for servlet [dispatcherServlet] threw exception",
      {
        stack_trace:
          "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.HashMap.resize(HashMap.java:702)\n\tat com.tariffa.pricing.context.QuoteContextCache.put(QuoteContextCache.java:58)\n\tat com.tariffa.pricing.web.PriceController.price(PriceController.java:77)",
      },
    ),
    "memory",
  );
  add(
    oom - 120,
    app(
      oom - 120,
      "ERROR",
      "org.springframework.kafka.listener.KafkaMessageListenerContainer",
      'Exception in thread "pricing-rules-consumer-0-C-1" java.lang.OutOfMemoryError: Java heap space',
      { thread_name: "pricing-rules-consumer-0-C-1" },
    ),
    "memory",
  );
  add(
    oom,
    { "@timestamp": isoOff(oom), service: "pricing-engine", host, stream: "stderr", message: "Terminating due to java.lang.OutOfMemoryError: Java heap space" },
    "memory",
  );
  const boot = oom + rng.int(22, 30) * 1000;
  add(
    boot,
    app(
      boot,
      "INFO",
      "com.tariffa.pricing.PricingEngineApplication",
      "Starting PricingEngineApplication v4.12.0 using Java 21.0.5 with PID 1 (/app/app.jar started by app in /app)",
      { thread_name: "main" },
    ),
    "pattern",
  );
  add(
    restartUp - 50,
    app(
      restartUp - 50,
      "INFO",
      "com.tariffa.pricing.PricingEngineApplication",
      `Started PricingEngineApplication in ${((restartUp - boot) / 1000).toFixed(3)} seconds (process running for ${((restartUp - boot) / 1000 + 1.2).toFixed(3)})`,
      { thread_name: "main" },
    ),
    "pattern",
  );

  // ---- neighbours ------------------------------------------------------------------------------
  const loop = (perMin: number, fn: (tt: number) => void): void => {
    const g = 60_000 / perMin;
    let tt = start + rng.exp(g);
    while (tt < end) {
      fn(tt);
      tt += rng.exp(g);
    }
  };
  loop(1.2, (tt) =>
    add(
      tt,
      {
        level: "info",
        ts: new Date(Math.floor(tt)).toISOString(),
        caller: "feed/ecb.go:71",
        msg: "fx rates refreshed",
        service: "rate-feed",
        pairs: rng.int(28, 32),
        latency_ms: rng.int(40, 160),
      },
      null,
    ),
  );
  loop(0.15, (tt) =>
    add(
      tt,
      {
        level: "warn",
        ts: new Date(Math.floor(tt)).toISOString(),
        caller: "feed/ecb.go:88",
        msg: "upstream quote older than 5s, keeping previous",
        service: "rate-feed",
        pair: rng.pick(["EURCHF", "USDJPY", "GBPUSD"]),
      },
      null,
    ),
  );
  loop(0.3, (tt) =>
    add(
      tt,
      {
        level: "info",
        time: Math.floor(tt),
        service: "rules-admin",
        msg: `rule set ${rng.pick(["retail-ch", "retail-de", "b2b"])} validated (${rng.int(120, 400)} rules)`,
      },
      null,
    ),
  );
  loop(2, (tt) =>
    add(
      tt,
      {
        timestamp: isoOff(tt),
        levelname: "INFO",
        service: "audit-writer",
        name: "audit.sink",
        message: `audit batch written n=${rng.int(10, 200)} in ${rng.int(5, 30)}ms`,
      },
      null,
    ),
  );

  lines.sort((x, y) => x.t - y.t || x.n - y.n);
  return {
    name: "s08-jvm-heap-leak",
    description:
      "JVM pricing service whose unbounded cache leaks heap: GC log shows rising live set, longer and more frequent pauses, full GCs; latency and gateway timeouts follow, then OutOfMemoryError and a restart.",
    logs: lines.map((x) => x.e),
    labels: lines.map((x) => x.l),
  };
}
