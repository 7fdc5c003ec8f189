/**
 * s09: an agricultural IoT telemetry pipeline (Rust services logging with tracing-subscriber's
 * JSON formatter). The window opens with the incident already under way: the TimescaleDB
 * volume is full, every sink flush fails and retries, the in-memory ingest buffer climbs to
 * its limit and starts dropping points, the MQTT bridge's acks slow down and the rule engine
 * falls behind. Late in the window the volume is grown; flushes succeed slowly until the
 * backlog drains. Most lines (60-80%) belong to the incident.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { MIN, SEC, Timeline, arrivals, every, isoUs, round, uuid, type Label, type Log } from "./common.js";

const NAME = "ingest-meltdown";

const TENANTS = ["greenacre-farms", "valle-irrigacion", "nordic-greenhouses", "outback-cattle-co", "rice-delta-coop"];

export function s09IngestMeltdown(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(35, 50) * MIN;
  const start = rng.start2026(span);
  const end = start + span;
  const tl = new Timeline();

  const fixed = start + span * rng.float(0.74, 0.84); // volume grown, inserts succeed again
  const drained = fixed + rng.float(3, 5) * MIN; // backlog flushed
  const limit = 4 * 1024 ** 3; // buffer memory limit (bytes)

  const dur = (ms: number): string =>
    ms >= 1000 ? `${(ms / 1000).toFixed(6).replace(/0+$/, "")}s` : ms >= 1 ? `${ms.toFixed(3)}ms` : `${Math.round(ms * 1000)}µs`;
  const thread = (): string => `ThreadId(${rng.int(2, 17)})`;
  /** tracing-subscriber JSON with current span and span list. */
  const tr = (t: number, level: string, target: string, fields: Log, spans: Log[] = []): Log => {
    const log: Log = { timestamp: isoUs(t), level, fields, target };
    if (spans.length) {
      log.span = spans[spans.length - 1];
      log.spans = spans;
    }
    log.threadName = "tokio-runtime-worker";
    log.threadId = thread();
    return log;
  };

  // ------------------------------------------------------------ sink workers: flush attempts
  const workers = 6;
  for (let w = 0; w < workers; w++) {
    let t = start + rng.float(0, 6) * SEC;
    let attempt = rng.int(8, 40); // retries have been going on before the window opened
    let batch = uuid(rng);
    while (t < end) {
      const tenant = rng.pick(TENANTS);
      const spans: Log[] = [
        { name: "sink_worker", worker: w },
        { name: "flush", batch_id: batch, tenant },
      ];
      if (t < fixed) {
        const points = rng.pick([5000, 5000, 5000, 4200, 3100]);
        tl.add(
          t,
          tr(
            t,
            "ERROR",
            "telemetry_ingest::sink::timescale",
            {
              message: "batch insert failed",
              error: `db error: ERROR: could not extend file "base/16384/${rng.int(2600000, 2699999)}.${rng.int(1, 40)}": No space left on device`,
              points,
              elapsed: dur(rng.float(3, 40)),
            },
            spans,
          ),
          "error",
        );
        const backoff = Math.min(30, 2 ** Math.min(attempt, 5)) * rng.float(0.5, 1.0);
        const tw = t + rng.float(0.1, 0.5);
        tl.add(tw, tr(tw, "WARN", "telemetry_ingest::sink::retry", { message: "retrying batch", attempt, backoff: dur(backoff * 1000) }, spans), "error");
        attempt += 1;
        t += backoff * SEC + rng.float(5, 60);
      } else if (t < drained) {
        const points = rng.int(40_000, 120_000);
        const ms = rng.float(4000, 14000);
        tl.add(
          t + ms,
          tr(
            t + ms,
            "INFO",
            "telemetry_ingest::sink::timescale",
            { message: "batch inserted", points, elapsed: dur(ms), backlog_batches: rng.int(10, 400) },
            spans,
          ),
          "performance",
        );
        t += ms + rng.float(50, 400);
        batch = uuid(rng);
        attempt = 1;
      } else {
        const points = rng.int(300, 5000);
        const ms = rng.logNormal(40, 0.35, 2.2);
        tl.add(
          t + ms,
          tr(t + ms, "INFO", "telemetry_ingest::sink::timescale", { message: "batch inserted", points, elapsed: dur(ms), backlog_batches: 0 }, spans),
        );
        t += ms + rng.float(10, 20) * SEC;
        batch = uuid(rng);
      }
    }
  }

  // ------------------------------------------------------------ ingest buffer
  let used = limit * rng.float(0.8, 0.86);
  for (const t of every(rng, start, end, 10 * SEC, 300)) {
    if (t < fixed) used = Math.min(limit * 0.995, used + limit * rng.float(0.001, 0.005));
    else if (t < drained) used = Math.max(limit * 0.22, used - limit * rng.float(0.03, 0.07));
    else used = limit * rng.float(0.2, 0.3);
    const pct = used / limit;
    const fields: Log = {
      message: pct > 0.75 ? "ingest buffer above high watermark" : "ingest buffer",
      buffered_points: Math.round(used / 96),
      memory_used_bytes: Math.round(used),
      memory_limit_bytes: limit,
    };
    tl.add(t, tr(t, pct > 0.75 ? "WARN" : "INFO", "telemetry_ingest::buffer", fields), pct > 0.6 ? "memory" : null);
    if (t < fixed && pct > 0.93 && rng.chance(0.7)) {
      const td = t + rng.float(100, 4000);
      tl.add(
        td,
        tr(td, "ERROR", "telemetry_ingest::buffer", { message: "buffer full, dropping points", dropped: rng.int(2000, 60000), tenant: rng.pick(TENANTS) }),
        "error",
      );
    }
  }

  // ------------------------------------------------------------ MQTT bridge stats and backpressure
  for (const t of every(rng, start, end, 15 * SEC, 500)) {
    const bad = t < drained;
    const ack = bad ? rng.float(900, 6500) : rng.logNormal(14, 0.3, 2);
    tl.add(
      t,
      tr(t, bad ? "WARN" : "INFO", "mqtt_bridge::stats", {
        message: bad ? "publish acks delayed by ingest backpressure" : "bridge stats",
        msgs_per_s: bad ? rng.int(1500, 3800) : rng.int(3800, 5200),
        inflight: bad ? rng.int(8000, 20000) : rng.int(40, 600),
        ack_p99: dur(ack),
      }),
      bad ? "performance" : null,
    );
    if (bad && rng.chance(0.35)) {
      const tc = t + rng.float(200, 9000);
      tl.add(
        tc,
        tr(tc, "WARN", "mqtt_bridge::session", { message: "slow consumer: inflight window full, pausing reads", client_id: `gw-${rng.hex(8)}`, window: 1000 }, [
          { name: "session", client_id: `gw-${rng.hex(8)}` },
        ]),
        "performance",
      );
    }
  }
  // ------------------------------------------------------------ rule engine lag
  for (const t of every(rng, start, end, 30 * SEC, 2000)) {
    const lagS = t < drained ? 60 + ((t - start) / 1000) * rng.float(0.25, 0.35) : rng.float(0.2, 1.5);
    const bad = t < drained;
    tl.add(
      t,
      tr(t, bad ? "WARN" : "INFO", "rule_engine::scheduler", {
        message: bad ? "evaluation lagging behind ingest" : "evaluation cycle complete",
        lag: dur(lagS * 1000),
        rules: rng.int(1400, 1600),
      }),
      bad ? "performance" : null,
    );
  }

  // ------------------------------------------------------------ normal lines
  const normal = (t: number): void => {
    const k = rng.weighted([
      ["conn", 5],
      ["disc", 4],
      ["hb", 6],
      ["rule", 4],
      ["health", 3],
      ["ota", 1],
    ] as const);
    const dev = `${rng.pick(["soil", "valve", "weather", "tank", "collar"])}-${rng.hex(6)}`;
    const tenant = rng.pick(TENANTS);
    const label: Label = null;
    let log: Log;
    if (k === "conn")
      log = tr(t, "INFO", "mqtt_bridge::session", { message: "client connected", client_id: dev, clean_session: false, keep_alive: 120 }, [
        { name: "session", client_id: dev },
      ]);
    else if (k === "disc")
      log = tr(
        t,
        "INFO",
        "mqtt_bridge::session",
        { message: "client disconnected", client_id: dev, reason: rng.pick(["keep alive timeout", "client closed", "network error"]) },
        [{ name: "session", client_id: dev }],
      );
    else if (k === "hb")
      log = tr(t, "DEBUG", "device_registry::heartbeat", {
        message: "heartbeat",
        device_id: dev,
        tenant,
        battery_pct: rng.int(8, 100),
        rssi: -rng.int(60, 115),
        fw: rng.pick(["3.2.1", "3.2.4", "3.3.0"]),
      });
    else if (k === "rule")
      log = tr(t, "INFO", "rule_engine::alerts", {
        message: "alert raised",
        rule: rng.pick(["soil_moisture_low", "tank_level_low", "frost_risk", "valve_stuck_open"]),
        device_id: dev,
        tenant,
        value: round(rng.float(0, 40), 2),
      });
    else if (k === "health")
      log = tr(
        t,
        "INFO",
        "telemetry_ingest::http",
        { message: "request", method: "GET", uri: rng.pick(["/healthz", "/metrics"]), status: 200, latency: dur(rng.float(0.1, 2)) },
        [{ name: "http_request", method: "GET", uri: "/healthz" }],
      );
    else log = tr(t, "INFO", "device_registry::ota", { message: "firmware rollout progress", campaign: "fw-3.3.0", updated: rng.int(100, 4000), total: 4210 });
    tl.add(t, log, label);
  };
  for (const t of arrivals(rng, start, end, span / 560)) normal(t);

  // a few operator actions
  const op = (t: number, target: string, fields: Log, label: Label, level = "INFO"): void => tl.add(t, tr(t, level, target, fields), label);
  op(
    fixed - rng.float(20, 60) * SEC,
    "telemetry_ingest::admin",
    { message: "operator request: pause low-priority tenants", tenants: ["rice-delta-coop"], requested_by: "oncall" },
    "pattern",
  );
  op(
    fixed + rng.float(1, 4) * SEC,
    "telemetry_ingest::sink::timescale",
    { message: "database accepting writes again, draining backlog", backlog_batches: rng.int(300, 600) },
    "pattern",
  );
  op(drained + rng.float(5, 20) * SEC, "telemetry_ingest::sink::timescale", { message: "backlog drained", elapsed: dur(drained - fixed) }, "pattern");

  return tl.build(
    NAME,
    "IoT telemetry pipeline in Rust tracing JSON, captured mid-incident: a full TimescaleDB volume makes every flush fail and retry, the buffer fills and drops points, acks and rules lag.",
  );
}
