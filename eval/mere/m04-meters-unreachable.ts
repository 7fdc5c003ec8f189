// Everyday flood worded as a dependency being unreachable/timing out: a utility's smart-meter head-end polls
// residential meters over cellular modems; at any moment a few percent are out of reach (basements, holiday
// homes with the main breaker off, modems rebooting), and each failed read is a zap WARN retried 15 min later.
// Operations reads a daily coverage report, not these lines. The real incident is elsewhere: mdm-ingest's
// writes slow down and its Kafka backlog grows for several minutes (performance).
import { Timeline, around, chance, every, int, pick, poisson, rngFor, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const GATEWAYS = ["gw-03", "gw-07", "gw-11", "gw-17", "gw-22"];
const SHARDS = ["shard-0", "shard-1", "shard-2", "shard-3"];

export default function m04(seed: number): Scenario {
  const r = rngFor(seed, "m04");
  const t0 = windowStart(seed, "m04");
  const t1 = t0 + 30 * 60_000;
  const tl = new Timeline();
  const lagFrom = t0 + int(r, 6, 14) * 60_000 + int(r, 0, 59_000);
  const lagTo = lagFrom + int(r, 7, 10) * 60_000;
  const lagging = (t: number) => t >= lagFrom && t < lagTo;
  const zap = (t: number, level: string, caller: string, msg: string, extra: Record<string, unknown>) => ({
    level,
    ts: t / 1000,
    logger: "headend-poller",
    caller,
    msg,
    ...extra,
  });

  // The flood: failed meter reads, all window long (the same few thousand meters, rotating through retries).
  poisson(r, t0, t1, 1.2, (t) => {
    const meter = `MTR-${String(int(r, 1_000_000, 1_240_000)).padStart(7, "0")}`;
    const timedOut = chance(r, 0.86);
    const msg = timedOut ? "meter unreachable: DLMS association timed out after 30s" : "meter unreachable: no route to modem (PDP context inactive)";
    tl.add(
      t,
      zap(t, "warn", timedOut ? "dlms/session.go:212" : "transport/modem.go:88", msg, {
        meter_id: meter,
        gateway: pick(r, GATEWAYS),
        attempt: int(r, 1, 6),
        next_try: "15m0s",
      }),
    );
  });
  // The poller's own cycle summaries.
  for (const shard of SHARDS) {
    every(r, t0, t1, 30_000, (t) => {
      const ok = int(r, 1900, 2100);
      tl.add(
        t,
        zap(t, "info", "poller/cycle.go:140", "poll cycle complete", {
          shard,
          reads_ok: ok,
          unreachable: int(r, 30, 45),
          duration: `${(around(r, 26, 0.08)).toFixed(2)}s`,
        }),
      );
    });
  }
  // mdm-ingest (log4j2 JsonLayout): batches from Kafka into the measurement store; a slow-write spell.
  const instant = (t: number) => ({ epochSecond: Math.floor(t / 1000), nanoOfSecond: (t % 1000) * 1_000_000 });
  const j = (t: number, level: string, loggerName: string, message: string, more: Record<string, unknown> = {}) => ({
    instant: instant(t),
    thread: `ingest-worker-${int(r, 1, 8)}`,
    level,
    loggerName,
    message,
    endOfBatch: false,
    loggerFqcn: "org.apache.logging.slf4j.Log4jLogger",
    contextMap: { service: "mdm-ingest", ...more },
  });
  poisson(r, t0, t1, 0.6, (t) => {
    const s = lagging(t);
    const took = Math.round(s ? around(r, 4200, 0.3) : around(r, 130, 0.25));
    const msg = `wrote batch of 500 readings from meter-readings-${int(r, 0, 11)} in ${took} ms`;
    tl.add(t, j(t, s ? "WARN" : "INFO", "com.grid.mdm.ingest.BatchWriter", msg, { took_ms: String(took) }), s ? "performance" : null);
  });
  every(r, t0, t1, 30_000, (t) => {
    const s = lagging(t);
    const lag = s ? Math.round(4000 + ((t - lagFrom) / (lagTo - lagFrom)) * 380_000 * (0.9 + r() * 0.2)) : int(r, 80, 900);
    const msg = s ? `consumer lag growing on meter-readings: ${lag} records behind` : `consumer lag on meter-readings: ${lag} records`;
    tl.add(t, j(t, s ? "WARN" : "INFO", "com.grid.mdm.ingest.LagMonitor", msg), s ? "performance" : null);
  });
  // outage-portal (pino): customers checking outage maps and usage.
  poisson(r, t0, t1, 0.45, (t) => {
    const url = pick(r, ["/api/outages/map", "/api/usage/daily", "/api/account", "/api/outages/report"]);
    tl.add(t, {
      level: 30,
      time: t,
      pid: 1,
      hostname: pick(r, ["outage-portal-6d8f-p2x9k", "outage-portal-6d8f-w7h3c"]),
      name: "outage-portal",
      msg: "request completed",
      req: { method: url.endsWith("report") ? "POST" : "GET", url },
      res: { statusCode: 200 },
      responseTime: Math.round(around(r, 70, 0.3)),
    });
  });
  return tl.build(
    "m04-meters-unreachable",
    "Head-end poller logs unreachable/timed-out meters all day (routine); mdm-ingest writes slow and its Kafka backlog grows for ~8 min",
  );
}
