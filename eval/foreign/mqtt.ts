// An EMQX cluster for smart meters, writing its JSON log with `time` in epoch microseconds and
// short snake_case `msg` tags. A firmware rollout ships with the factory default client id: every
// upgraded meter connects as the same client, each connection takes the previous one's session
// over, and the kicked meter reconnects at once. The storm grows as the rollout proceeds until
// it is most of the log; the connection limiter and the memory alarm follow.
import type { Scenario } from "../blind/types.js";
import { Incident, type Label, MIN, rngFor, SEC, startTime, times } from "./kit.js";

export function mqttTakeoverStorm(seed: number): Scenario {
  const name = "mqtt-client-id-takeover-storm";
  const rng = rngFor(seed, name);
  const inc = new Incident(
    name,
    "Meters on a new firmware all connect to EMQX with the factory client id and take each other's session over in a loop, a storm that grows to most of the log, with limiter and memory alarms",
  );
  const t0 = startTime(rng);
  const span = rng.int(28, 34) * MIN;
  const end = t0 + span;
  const onset = t0 + Math.floor(span * rng.float(0.35, 0.45));
  const nodes = ["emqx@10.30.1.11", "emqx@10.30.1.12", "emqx@10.30.1.13"];
  const dup = "meter-000000";

  const log = (t: number, node: string, level: string, msg: string, label: Label, kv: Record<string, unknown> = {}): void => {
    const us = Math.floor(t) * 1000 + ((Math.floor(t) * 389) % 1000);
    inc.add(t, { time: us, level, msg, node, ...kv }, label);
  };
  const meter = (): string => `meter-${String(rng.int(1, 48000)).padStart(6, "0")}`;
  const peer = (): string => `100.64.${rng.int(0, 63)}.${rng.int(1, 254)}:${rng.int(1024, 65000)}`;

  // The fleet's ordinary churn: cellular links drop, keepalives expire, meters come back.
  for (const t of times(rng, t0, end, rng.int(520, 620))) {
    const node = rng.pick(nodes);
    const id = meter();
    const p = peer();
    log(t, node, "info", "client_connected", null, {
      clientid: id,
      username: "meter",
      peername: p,
      proto_name: "MQTT",
      proto_ver: 4,
      keepalive: 300,
      clean_start: false,
      mfa: "emqx_cm:register_channel/3",
      line: 218,
    });
    if (rng.chance(0.06))
      log(t + 2, node, "info", "session_takenover", null, { clientid: id, peername: p, reason: "takenover", mfa: "emqx_cm:takeover_session_end/1", line: 337 });
    const gone = t + rng.int(1, 25) * MIN;
    if (gone < end)
      log(gone, node, "info", "client_disconnected", null, {
        clientid: id,
        peername: p,
        reason: rng.weighted([
          ["keepalive_timeout", 5],
          ["sock_closed", 4],
          ["normal", 1],
        ] as const),
        mfa: "emqx_channel:handle_info/2",
        line: 1419,
      });
  }
  // Decommissioned meters keep trying with revoked credentials, all day.
  for (const t of times(rng, t0, end, rng.int(40, 60))) {
    log(t, rng.pick(nodes), "warning", "authentication_failure", null, {
      clientid: meter(),
      username: "meter",
      peername: peer(),
      reason: "bad_username_or_password",
      mfa: "emqx_access_control:authenticate/1",
      line: 96,
    });
  }
  // Rule engine to Kafka, reported every 30 s per node.
  for (const node of nodes) {
    for (let t = t0 + rng.int(0, 29) * SEC; t < end; t += 30 * SEC) {
      log(t, node, "info", "bridge_stats", null, {
        bridge: "kafka_producer:meter_readings",
        matched: rng.int(4000, 6000),
        success: rng.int(4000, 6000),
        failed: 0,
        inflight: rng.int(0, 30),
      });
    }
  }
  // The storm: connect, take the last one's session over, the last one is kicked and reconnects.
  const storm = times(rng, onset, end, rng.int(850, 1050)).filter((t) => rng.chance(Math.min(1, 0.15 + (1.7 * (t - onset)) / (end - onset))));
  for (const t of storm) {
    const node = rng.pick(nodes);
    const p = peer();
    log(t, node, "info", "client_connected", "pattern", {
      clientid: dup,
      username: "meter",
      peername: p,
      proto_name: "MQTT",
      proto_ver: 4,
      keepalive: 300,
      clean_start: false,
      mfa: "emqx_cm:register_channel/3",
      line: 218,
    });
    log(t + 1, node, "info", "session_takenover", "pattern", {
      clientid: dup,
      peername: p,
      reason: "takenover",
      mfa: "emqx_cm:takeover_session_end/1",
      line: 337,
    });
    log(t + rng.int(2, 8), rng.pick(nodes), "info", "client_disconnected", "pattern", {
      clientid: dup,
      peername: peer(),
      reason: "takenover",
      mfa: "emqx_channel:handle_info/2",
      line: 1419,
    });
  }
  // The listener's connection limiter starts refusing, and the session churn eats memory.
  const late = onset + Math.floor((end - onset) * 0.5);
  for (const t of times(rng, late, end, rng.int(40, 70))) {
    log(t, rng.pick(nodes), "warning", "listener_conn_rate_limit_exceeded", "performance", {
      listener: "ssl:default",
      rate: `${rng.int(500, 900)}/s`,
      limit: "500/s",
      paused_ms: rng.pick([100, 200, 400, 800]),
    });
  }
  for (const node of nodes) {
    const at = late + rng.int(1, 6) * MIN;
    if (at < end) {
      log(at, node, "warning", "alarm_is_activated", "memory", {
        name: "high_system_memory_usage",
        message: "System memory usage is higher than 70%",
        details: { high_watermark: 70, usage: `${rng.float(71, 79).toFixed(2)}%` },
      });
      for (let t = at + 30 * SEC; t < end; t += 30 * SEC) {
        if (rng.chance(0.5))
          log(t, node, "warning", "process_memory_high", "memory", {
            pid: `<0.${rng.int(1000, 99999)}.0>`,
            memory_bytes: rng.int(80, 400) * 1048576,
            mqueue_len: rng.int(1000, 90000),
            registered_name: "emqx_cm",
            info: "message queue growing",
          });
      }
    }
  }
  return inc.finish();
}
