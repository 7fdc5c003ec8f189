// A JVM service leaking heap through an unbounded cache, seen in its GC log and its callers.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, javaStack, type Ln, MIN, nodeStack, podName, Rng, windowStart, Lines } from "./kit.js";

/**
 * A quote engine whose cache lost its bound in a release: the heap left after each GC climbs
 * for hours, young pauses lengthen, full GCs stall requests for seconds, and the JVM finally
 * exits on OutOfMemoryError; the pricing gateway in front sees slow quotes, then refused ones.
 */
export function quoteEngineHeapLeak(seed: number): Scenario {
  const r = new Rng(seed, "quote-engine-heap-leak");
  const start = windowStart(r, 7);
  const end = start + 3 * HOUR;
  const lines = new Lines();
  const host = podName(r, "quote-engine");
  const gwPods = [podName(r, "pricing-gw"), podName(r, "pricing-gw")];
  const leakFrom = start + Math.floor(r.float(0.1, 0.2) * 3 * HOUR);
  const oomAt = end - r.int(6, 12) * MIN;
  const heapMax = 4096;
  /** heap left after a young GC, in MB, at time t */
  const floor = (t: number) => (t < leakFrom ? 900 + r.int(-80, 80) : Math.min(heapMax - 40, 900 + ((t - leakFrom) / (oomAt - leakFrom)) * (heapMax - 900)));
  const jvmStart = start - r.int(1, 5) * HOUR;
  const uptime = (t: number) => `${((t - jvmStart) / 1000).toFixed(3)}s`;
  let gc = r.int(2000, 6000);
  const fullGcs: [number, number][] = [];

  for (const t of r.every(start, oomAt, 20_000, 6000)) {
    const after = Math.round(floor(t));
    const pct = after / heapMax;
    const pause = pct < 0.6 ? r.logn(18, 0.3) : r.logn(18 + (pct - 0.6) * 400, 0.3);
    const label: Ln["label"] = pct >= 0.8 ? "memory" : null;
    const before = Math.min(heapMax, after + r.int(1200, 1900));
    lines.push({
      t,
      svc: "quote-engine",
      lvl: "INFO",
      msg: `GC(${gc++}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(${heapMax}M) ${pause.toFixed(3)}ms`,
      label,
      fmt: "gclog",
      host,
      meta: { uptime: uptime(t), tags: "gc" },
    });
    if (pct >= 0.45 && r.chance(0.12)) {
      const n = gc++;
      lines.push({
        t: t + 5,
        svc: "quote-engine",
        lvl: "INFO",
        msg: `GC(${n}) Pause Young (Concurrent Start) (G1 Humongous Allocation) ${after + 200}M->${after}M(${heapMax}M) ${r.logn(30, 0.3).toFixed(3)}ms`,
        label,
        fmt: "gclog",
        host,
        meta: { uptime: uptime(t), tags: "gc" },
      });
      lines.push({
        t: t + 6,
        svc: "quote-engine",
        lvl: "INFO",
        msg: `GC(${n}) Concurrent Mark Cycle`,
        label,
        fmt: "gclog",
        host,
        meta: { uptime: uptime(t), tags: "gc" },
      });
      lines.push({
        t: t + r.int(400, 2000),
        svc: "quote-engine",
        lvl: "INFO",
        msg: `GC(${n}) Concurrent Mark Cycle ${r.logn(600, 0.3).toFixed(3)}ms`,
        label,
        fmt: "gclog",
        host,
        meta: { uptime: uptime(t), tags: "gc" },
      });
    }
    if (pct >= 0.9 && r.chance(0.5)) {
      const fullPause = r.float(1200, 5200);
      const at = t + 3000;
      fullGcs.push([at, fullPause]);
      lines.push({
        t: at,
        svc: "quote-engine",
        lvl: "INFO",
        msg: `GC(${gc++}) Pause Full (G1 Compaction Pause) ${heapMax - r.int(1, 20)}M->${after - r.int(0, 60)}M(${heapMax}M) ${fullPause.toFixed(3)}ms`,
        label: "memory",
        fmt: "gclog",
        host,
        meta: { uptime: uptime(at), tags: "gc" },
      });
    }
  }
  const stalledBy = (t: number): number => {
    for (const [at, p] of fullGcs) if (t >= at && t < at + p) return at + p - t;
    return 0;
  };

  for (const t of r.times(r.int(1900, 2100), start, end)) {
    const gw = r.pick(gwPods);
    if (t >= oomAt) {
      if (r.chance(0.5))
        lines.push({
          t,
          svc: "pricing-gw",
          lvl: "ERROR",
          msg: "quote-engine unavailable",
          label: "error",
          fmt: "pino",
          host: gw,
          exc: "Error",
          stack: nodeStack(r, "Error: connect ECONNREFUSED 10.0.12.41:8080", ["TCPConnectWrap.afterConnect", "QuoteClient.fetch", "PricingRoute.handle"]),
          f: { statusCode: 503, duration_ms: r.int(1, 6) },
        });
      continue;
    }
    const stall = stalledBy(t);
    const slow = stall > 0 || (t > leakFrom && floor(t) / heapMax > 0.9 && r.chance(0.12));
    const ms = slow ? Math.round(Math.max(stall, r.float(900, 4200))) + r.int(5, 40) : Math.max(4, Math.round(r.logn(24, 0.35)));
    lines.push({
      t: t + ms,
      svc: "quote-engine",
      lvl: "INFO",
      msg: "Quote calculated",
      label: slow ? "performance" : null,
      fmt: "logback",
      host,
      logger: "com.acme.quotes.QuoteService",
      meta: { thread: `http-nio-8080-exec-${r.int(1, 80)}` },
      f: { product: r.pick(["motor", "home", "travel", "pet"]), elapsed_ms: ms, cache: r.chance(0.7) ? "hit" : "miss" },
    });
    const gms = ms + Math.max(3, Math.round(r.logn(9, 0.3)));
    lines.push({
      t: t + gms,
      svc: "pricing-gw",
      lvl: "INFO",
      msg: "quote served",
      label: gms > 600 ? "performance" : null,
      fmt: "pino",
      host: gw,
      f: { statusCode: 200, duration_ms: gms },
    });
  }
  for (const t of r.every(start, oomAt, 10 * MIN, 30_000)) {
    const size = t < leakFrom ? r.int(150_000, 195_000) : Math.round(190_000 + ((t - leakFrom) / (oomAt - leakFrom)) * 2_400_000);
    lines.push({
      t,
      svc: "quote-engine",
      lvl: "INFO",
      msg: `quoteCache stats: size=${size} hitRate=${r.float(0.66, 0.74).toFixed(3)} evictions=${t < leakFrom ? r.int(2000, 9000) : 0}`,
      label: size > 400_000 ? "memory" : null,
      fmt: "logback",
      host,
      logger: "com.acme.quotes.cache.CacheStatsReporter",
      meta: { thread: "cache-stats" },
      f: { cache: "quoteCache", size },
    });
  }
  lines.push({
    t: oomAt - 1500,
    svc: "quote-engine",
    lvl: "ERROR",
    msg: "Servlet.service() for servlet [dispatcherServlet] threw exception",
    label: "memory",
    fmt: "logback",
    host,
    logger: "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
    meta: { thread: "http-nio-8080-exec-17" },
    stack: javaStack(r, "java.lang.OutOfMemoryError: Java heap space", "com.acme.quotes", [
      "java.base/java.util.HashMap.resize",
      "com.acme.quotes.cache.QuoteCache.put",
      "com.acme.quotes.QuoteService.calculate",
    ]),
  });
  lines.push({
    t: oomAt - 200,
    svc: "quote-engine",
    lvl: "ERROR",
    msg: "Terminating due to java.lang.OutOfMemoryError: Java heap space",
    label: "memory",
    fmt: "k8s",
    host,
    raw: "error",
  });

  return finish(
    "quote-engine-heap-leak",
    "A quote engine's unbounded cache grows its heap for hours: GCs leave more behind, full GCs stall requests, the JVM exits on OutOfMemoryError and the gateway's quotes are refused",
    lines,
  );
}
