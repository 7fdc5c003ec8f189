// Application incidents: a model server out of GPU memory for most of the window, an IoT
// gateway fleet repeating one publish error, a game server's reconnect storm, a bank's
// end-of-day batch leaking heap all night, a quiet config change by an unknown account, and a
// credential-stuffing attack against a login endpoint.

import type { Scenario } from "../blind/types.js";
import { epochS, Incident, iso, isoMicro, isoOffset, type Label, Rng, round, seedFor, startAt } from "./lib.js";

/**
 * A ranking model server (structlog JSON). A bigger model version is rolled out; from then on
 * most requests fail with CUDA out-of-memory or fall back to CPU and take seconds. The incident
 * window is mostly the bad part.
 */
export function rankerGpuOomMostly(seed: number): Scenario {
  const name = "ranker-gpu-oom-mostly";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-04-15T16:00:00Z");
  const span = 25 * 60_000;
  const rollout = t0 + r.int(3, 6) * 60_000;
  const sl = (tt: number, level: string, event: string, f: Record<string, unknown> = {}) => ({
    timestamp: iso(tt),
    level,
    logger: "ranker.serve",
    event,
    pod: `ranker-${r.pick(["0", "1", "2", "3"])}`,
    ...f,
  });
  inc.add(
    rollout,
    (tt) => sl(tt, "info", "model loaded", { model: "ranker-v42", params: "3.1B", dtype: "float16", replaced: "ranker-v41", load_s: 48.2 }),
    "pattern",
  );
  for (const t of r.times(r.int(2400, 3400), t0, t0 + span)) {
    const after = t > rollout;
    const gpuUsed = after ? r.range(38.1, 39.3) : r.range(21, 24);
    if (!after || r.chance(0.3)) {
      const slow = after && r.chance(0.6);
      const ms = slow ? r.range(1800, 5200) : r.logn(34, 0.25);
      inc.add(
        t,
        (tt) =>
          sl(tt, "info", "inference done", {
            request_id: r.uuid(),
            batch_size: r.pick([1, 4, 8, 16, 32]),
            device: slow ? "cpu" : "cuda:0",
            latency_ms: round(ms, 1),
            gpu_mem_used_gib: round(gpuUsed, 2),
            gpu_mem_total_gib: 39.39,
          }),
        slow ? "performance" : null,
      );
    } else {
      const kind = r.weighted([
        ["oom", 6],
        ["fail", 3],
      ] as const);
      if (kind === "oom") {
        const alloc = r.pick([0.5, 1.0, 1.5, 2.0]);
        inc.add(
          t,
          (tt) =>
            sl(tt, "error", "batch failed", {
              request_id: r.uuid(),
              exc_type: "torch.cuda.OutOfMemoryError",
              exc_msg: `CUDA out of memory. Tried to allocate ${alloc.toFixed(2)} GiB (GPU 0; 39.39 GiB total capacity; ${gpuUsed.toFixed(2)} GiB already allocated; ${r.int(80, 900)}.00 MiB free; ${(gpuUsed + 0.4).toFixed(2)} GiB reserved in total by PyTorch) If reserved memory is >> allocated memory try setting max_split_size_mb to avoid fragmentation.`,
            }),
          "memory",
        );
      } else {
        inc.add(
          t,
          (tt) =>
            sl(tt, "error", "request failed", {
              request_id: r.uuid(),
              status: 503,
              path: "/v1/rank",
              error: "no healthy GPU worker: all 4 workers restarting",
            }),
          "error",
        );
      }
    }
  }
  // feature fetches (Go zap sidecar), unaffected
  for (const t of r.times(r.int(300, 500), t0, t0 + span)) {
    inc.add(t, (tt) => ({
      level: "info",
      ts: epochS(tt),
      logger: "featurecache",
      msg: "batch get",
      keys: r.int(8, 200),
      hit_ratio: round(r.range(0.9, 0.99), 3),
      duration: `${r.logn(1.2, 0.3).toFixed(3)}ms`,
    }));
  }
  return inc.build(
    name,
    "A larger model version is rolled out to a GPU ranking server; most of the window is CUDA out-of-memory failures, 503s and CPU fallbacks taking seconds.",
  );
}

/**
 * An IoT gateway fleet (zerolog, millisecond epoch times) over two hours. A few flaky devices
 * miss heartbeats every day. The MQTT broker fails over and the gateways log the same publish
 * error hundreds of times, their offline buffers fill up; a device announces a development
 * firmware build that nobody deployed.
 */
export function iotGatewayRepeatedPublishError(seed: number): Scenario {
  const name = "iot-gateway-repeated-publish-error";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-01-30T05:00:00Z");
  const span = 2 * 3600_000;
  const fail = t0 + r.int(40, 80) * 60_000;
  const back = fail + r.int(6, 12) * 60_000;
  const gws = Array.from({ length: 8 }, (_, i) => `gw-${String(i + 1).padStart(2, "0")}`);
  const flaky = ["dev-0a31", "dev-17fe", "dev-88c2"];
  const zl = (tt: number, level: string, gw: string, message: string, f: Record<string, unknown> = {}) => ({
    level,
    time: tt,
    gateway: gw,
    component: "uplink",
    message,
    ...f,
  });
  for (const t of r.times(r.int(2400, 3200), t0, t0 + span)) {
    if (t >= fail && t < back && r.chance(0.8)) continue;
    const gw = r.pick(gws);
    const k = r.weighted([
      ["telemetry", 20],
      ["hb", 2],
      ["rssi", 3],
    ] as const);
    if (k === "telemetry")
      inc.add(t, (tt) =>
        zl(tt, "info", gw, "telemetry ingested", {
          device: `dev-${r.hex(4)}`,
          readings: r.int(1, 12),
          temp_c: round(r.range(2, 8), 2),
          battery_pct: r.int(20, 100),
          fw: r.pick(["3.4.1", "3.4.1", "3.4.2"]),
        }),
      );
    else if (k === "hb") inc.add(t, (tt) => zl(tt, "warn", gw, "heartbeat missed", { device: r.pick(flaky), missed: r.int(1, 3) }));
    else inc.add(t, (tt) => zl(tt, "debug", gw, "link quality", { rssi_dbm: r.int(-95, -60), snr_db: round(r.range(-5, 12), 1) }));
  }
  // the failover: one identical error line, many times
  for (const t of r.times(r.int(300, 480), fail, back)) {
    const gw = r.pick(gws);
    inc.add(t, (tt) => zl(tt, "error", gw, "mqtt publish failed: EOF", { broker: "tls://mqtt-a.iot.internal:8883", topic: "fleet/telemetry" }), "error");
  }
  for (const gw of gws) {
    for (let t = fail + r.int(1000, 5000); t < back; t += r.int(20_000, 40_000)) {
      inc.add(t, (tt) => zl(tt, "warn", gw, "reconnecting to broker", { broker: "tls://mqtt-a.iot.internal:8883", backoff: "30s" }), "error");
    }
    const full = fail + Math.floor((back - fail) * r.range(0.5, 0.9));
    inc.add(
      full,
      (tt) =>
        zl(tt, "warn", gw, `offline buffer ${r.range(96, 99.5).toFixed(1)}% full (${r.range(15.4, 15.9).toFixed(1)} MiB of 16 MiB), dropping oldest readings`),
      "memory",
    );
    inc.add(back + r.int(1000, 30_000), (tt) => zl(tt, "info", gw, "connected to broker", { broker: "tls://mqtt-b.iot.internal:8883" }));
  }
  inc.add(
    t0 + r.int(0, span),
    (tt) => zl(tt, "info", r.pick(gws), "telemetry ingested", { device: `dev-${r.hex(4)}`, readings: 1, temp_c: 4.1, battery_pct: 100, fw: "0.0.0-dev+dirty" }),
    "pattern",
  );
  return inc.build(
    name,
    "An MQTT broker fails over and eight IoT gateways log the same 'mqtt publish failed: EOF' hundreds of times as buffers fill; one device reports an undeployed dev firmware.",
  );
}

/**
 * A multiplayer game server (Rust tracing JSON) over forty minutes. Every match end writes a
 * long scoreboard summary line: routine. A network flap causes a reconnect storm (a burst of
 * INFO session-resume lines), simulation ticks overrun their 16 ms budget, and the anti-cheat
 * flags impossible movement speeds.
 */
export function gameServerReconnectStorm(seed: number): Scenario {
  const name = "game-server-reconnect-storm";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-10-31T20:00:00Z");
  const span = 40 * 60_000;
  const flap = t0 + r.int(10, 30) * 60_000;
  const tr = (tt: number, level: string, target: string, fields: Record<string, unknown>, span_: Record<string, unknown> = {}) => ({
    timestamp: iso(tt),
    level,
    fields,
    target,
    span: span_,
  });
  const matchId = () => `m-${r.alnum(10)}`;
  for (let t = t0 + r.int(0, 1000); t < t0 + span; t += r.int(900, 1300)) {
    const tick = r.logn(6, 0.25);
    inc.add(t, (tt) =>
      tr(
        tt,
        "INFO",
        "game_server::sim",
        { message: "tick stats", tick_ms: round(tick, 2), budget_ms: 16.6, entities: r.int(1800, 2600), players: r.int(48, 64) },
        { name: "shard", id: "eu-west-3" },
      ),
    );
  }
  for (const t of r.times(r.int(500, 800), t0, t0 + span)) {
    const k = r.weighted([
      ["join", 5],
      ["leave", 4],
      ["kill", 8],
      ["chat", 3],
    ] as const);
    if (k === "join")
      inc.add(t, (tt) =>
        tr(tt, "INFO", "game_server::session", { message: "player joined", player_id: r.int(100000, 999999), region: "eu-west", ping_ms: r.int(12, 80) }),
      );
    else if (k === "leave")
      inc.add(t, (tt) =>
        tr(tt, "INFO", "game_server::session", { message: "player left", player_id: r.int(100000, 999999), reason: r.pick(["quit", "quit", "afk_kick"]) }),
      );
    else if (k === "kill")
      inc.add(t, (tt) =>
        tr(tt, "DEBUG", "game_server::combat", {
          message: "elimination",
          killer: r.int(100000, 999999),
          victim: r.int(100000, 999999),
          weapon: r.pick(["ar_m4", "smg_vector", "sniper_awp", "shotgun_spas"]),
          distance_m: round(r.range(2, 300), 1),
        }),
      );
    else inc.add(t, (tt) => tr(tt, "WARN", "game_server::chat", { message: "chat message filtered", player_id: r.int(100000, 999999), rule: "profanity" }));
  }
  // match summaries: long, structurally odd, routine
  for (let t = t0 + r.int(30_000, 200_000); t < t0 + span; t += r.int(150_000, 260_000)) {
    const rows: string[] = [];
    for (let i = 0; i < r.int(40, 64); i++) rows.push(`${r.int(100000, 999999)}:${r.int(0, 30)}/${r.int(0, 30)}/${r.int(0, 12)}:${r.int(0, 9000)}`);
    const id = matchId();
    inc.add(t, (tt) =>
      tr(tt, "INFO", "game_server::match", {
        message: `match ${id} ended; scoreboard=[${rows.join(",")}]; mvp=${r.int(100000, 999999)}; duration_s=${r.int(600, 1500)}`,
      }),
    );
  }
  // the flap: reconnect storm and tick overruns
  for (const t of r.times(r.int(140, 260), flap, flap + r.int(30_000, 50_000))) {
    inc.add(
      t,
      (tt) =>
        tr(tt, "INFO", "game_server::session", {
          message: "session resumed",
          player_id: r.int(100000, 999999),
          gap_ms: r.int(4000, 9000),
          resync_entities: r.int(1800, 2600),
        }),
      "pattern",
    );
  }
  for (let t = flap + 200; t < flap + 45_000; t += r.int(900, 1300)) {
    inc.add(
      t,
      (tt) =>
        tr(
          tt,
          "WARN",
          "game_server::sim",
          { message: "tick stats", tick_ms: round(r.range(60, 240), 2), budget_ms: 16.6, entities: r.int(1800, 2600), players: r.int(48, 64) },
          { name: "shard", id: "eu-west-3" },
        ),
      "performance",
    );
  }
  for (let i = 0; i < r.int(2, 4); i++) {
    const p = r.int(100000, 999999);
    inc.add(
      t0 + r.int(0, span),
      (tt) =>
        tr(tt, "WARN", "game_server::anticheat", { message: "movement validation failed", player_id: p, speed_mps: round(r.range(38, 60), 1), max_mps: 7.5 }),
      "pattern",
    );
  }
  return inc.build(
    name,
    "A game server with long routine scoreboard lines sees a network flap: a burst of session-resumed INFO lines, ticks overrunning their 16 ms budget, and anti-cheat speed flags.",
  );
}

/**
 * A bank's end-of-day settlement batch (Spring Batch, logback JSON) running through the night,
 * plus its JVM's unified GC log. A cache of processed accounts is never cleared: heap after each
 * chunk climbs steadily, full collections start, and the job dies with OutOfMemoryError. The
 * chunk message never changes; only its heap fields do.
 */
export function eodSettlementHeapLeak(seed: number): Scenario {
  const name = "eod-settlement-heap-leak";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-03-31T18:00:00Z");
  const span = r.int(9, 11) * 3600_000;
  const end = t0 + span;
  const maxMb = 8192;
  const heapAt = (t: number) => {
    const x = (t - t0) / span;
    return maxMb * (0.28 + 0.7 * x ** 1.4);
  };
  const lb = (tt: number, level: string, logger: string, message: string, extra: Record<string, unknown> = {}) => ({
    "@timestamp": isoOffset(tt, 120),
    "@version": "1",
    message,
    logger_name: logger,
    thread_name: "eodSettlement-step-1",
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "eod-settlement",
    ...extra,
  });
  inc.add(t0, (tt) =>
    lb(
      tt,
      "INFO",
      "o.s.b.c.l.support.SimpleJobLauncher",
      "Job: [FlowJob: [name=eodSettlement]] launched with the following parameters: [{businessDate=2025-03-31}]",
    ),
  );
  let chunk = 0;
  const n = r.int(2600, 3600);
  for (const t of r.times(n, t0 + 5000, end - 60_000)) {
    const used = heapAt(t) * r.range(0.97, 1.03);
    const c = chunk++;
    inc.add(
      t,
      (tt) =>
        lb(tt, "INFO", "c.b.eod.SettlementChunkListener", "chunk committed", {
          step: "settleAccounts",
          chunk: c,
          items: 500,
          duration_ms: Math.round(r.logn(180, 0.2) * (used > maxMb * 0.9 ? 6 : 1)),
          heap_used_bytes: Math.round(used * 1048576),
          heap_max_bytes: maxMb * 1048576,
        }),
      used > maxMb * 0.88 ? "memory" : null,
    );
  }
  let gc = r.int(100, 300);
  for (let t = t0 + 20_000; t < end - 60_000; t += r.int(40_000, 90_000)) {
    const after = Math.min(heapAt(t), maxMb * 0.995);
    const full = after > maxMb * 0.9;
    const g = gc++;
    const before = full ? after + r.range(5, 40) : after + r.range(600, 1400);
    const line = full
      ? `[${isoOffset(t, 0).replace("+00:00", "+0000")}][info][gc] GC(${g}) Pause Full (G1 Compaction Pause) ${Math.round(before)}M->${Math.round(after)}M(${maxMb}M) ${r.range(2200, 6800).toFixed(3)}ms`
      : `[${isoOffset(t, 0).replace("+00:00", "+0000")}][info][gc] GC(${g}) Pause Young (Normal) (G1 Evacuation Pause) ${Math.round(before)}M->${Math.round(after)}M(${maxMb}M) ${r.range(8, 40).toFixed(3)}ms`;
    inc.add(
      t,
      (tt) => ({ "@timestamp": iso(tt), log: line, stream: "stdout", source: "jvm-gc", app: "eod-settlement" }),
      after > maxMb * 0.88 ? "memory" : null,
    );
  }
  inc.add(
    end - 30_000,
    (tt) =>
      lb(tt, "ERROR", "o.s.batch.core.step.AbstractStep", "Encountered an error executing step settleAccounts in job eodSettlement", {
        stack_trace:
          "java.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.HashMap.resize(HashMap.java:702)\n\tat c.b.eod.ProcessedAccountCache.remember(ProcessedAccountCache.java:41)",
      }),
    "memory",
  );
  inc.add(
    end - 29_000,
    (tt) =>
      lb(
        tt,
        "INFO",
        "o.s.b.c.l.support.SimpleJobLauncher",
        "Job: [FlowJob: [name=eodSettlement]] completed with the following parameters: [{businessDate=2025-03-31}] and the following status: [FAILED] in 10h4m12s",
      ),
    "error",
  );
  return inc.build(
    name,
    "A night-long settlement batch leaks heap: the constant 'chunk committed' line's heap fields climb to 99%, full GCs follow, then OutOfMemoryError and a FAILED job.",
  );
}

/**
 * A payments platform over a day, mostly healthy: config service changes by the deploy bot and
 * known engineers in office hours, routine API noise. At night a dormant service account logs in
 * from a new country, mints an admin token and raises the fraud threshold. Fewer than one line
 * in two hundred matters.
 */
export function configChangeUnknownActor(seed: number): Scenario {
  const name = "config-change-unknown-actor";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = Date.parse("2025-09-16T00:00:00Z") + r.int(0, 59) * 1000;
  const span = 24 * 3600_000;
  const pino = (tt: number, level: number, name_: string, msg: string, f: Record<string, unknown> = {}) => ({
    level,
    time: tt,
    pid: 1,
    hostname: `${name_}-${r.hex(6)}`,
    name: name_,
    msg,
    ...f,
  });
  for (const t of r.times(r.int(2600, 3600), t0, t0 + span)) {
    const svc = r.pick(["payments-api", "payments-api", "fraud-scorer", "config-svc"]);
    if (svc === "config-svc") {
      const office = new Date(t).getUTCHours() >= 7 && new Date(t).getUTCHours() <= 17;
      if (office && r.chance(0.3)) {
        const actor = r.pick(["deploy-bot", "deploy-bot", "a.nowak@corp", "j.silva@corp"]);
        const key = r.pick(["payments.retry.max", "payments.3ds.exemption_limit_eur", "fraud.model.version", "payments.psp.weights"]);
        inc.add(t, (tt) => pino(tt, 30, svc, "config key updated", { key, actor, source_ip: `10.1.${r.int(1, 9)}.${r.int(2, 250)}`, change_id: r.uuid() }));
      } else inc.add(t, (tt) => pino(tt, 20, svc, "config snapshot served", { clients: r.int(30, 60), version: r.int(4400, 4500) }));
    } else if (svc === "fraud-scorer") {
      inc.add(t, (tt) =>
        pino(tt, 30, svc, "transaction scored", { risk: round(r.range(0, 0.7), 3), threshold: 0.82, decision: "approve", took_ms: r.int(3, 15) }),
      );
    } else {
      const u = r.f();
      inc.add(t, (tt) =>
        u < 0.02
          ? pino(tt, 40, svc, "request failed", { req: { method: "POST", url: "/v2/payments" }, res: { statusCode: 422 }, err: "card_declined" })
          : u < 0.03
            ? pino(tt, 50, svc, "webhook delivery failed, will retry", {
                endpoint: `https://merchant-${r.int(1, 400)}.example.com/hooks`,
                status: r.pick([500, 502, 410]),
              })
            : pino(tt, 30, svc, "request completed", {
                req: { method: r.pick(["GET", "POST"]), url: r.pick(["/v2/payments", "/v2/refunds", "/v2/payments/status"]) },
                res: { statusCode: 200 },
                responseTime: r.int(40, 300),
              }),
      );
    }
  }
  const night = t0 + r.int(1, 4) * 3600_000 + r.int(0, 3_000_000);
  const ip = `203.0.113.${r.int(2, 250)}`;
  inc.add(
    night,
    (tt) => pino(tt, 30, "config-svc", "login succeeded", { actor: "svc-legacy-export", source_ip: ip, geo_country: "RO", new_device: true, mfa: "none" }),
    "pattern",
  );
  inc.add(
    night + r.int(20_000, 60_000),
    (tt) => pino(tt, 30, "config-svc", "api token created", { actor: "svc-legacy-export", scopes: ["config:write", "admin:*"], ttl_days: 365, source_ip: ip }),
    "pattern",
  );
  const change = night + r.int(120_000, 400_000);
  inc.add(
    change,
    (tt) =>
      pino(tt, 30, "config-svc", "config key updated", {
        key: "fraud.decision.threshold",
        from: 0.82,
        to: 0.99,
        actor: "svc-legacy-export",
        source_ip: ip,
        change_id: r.uuid(),
      }),
    "pattern",
  );
  inc.add(change + r.int(5000, 30_000), (tt) => pino(tt, 30, "fraud-scorer", "threshold reloaded", { threshold: 0.99, previous: 0.82 }), "pattern");
  return inc.build(
    name,
    "A day of payments logs where, at night, a dormant service account logs in from a new country, mints an admin token and raises the fraud threshold; under 0.2% of lines.",
  );
}

/**
 * An nginx front end and a Python auth service over one hour. Failed logins happen every day at a
 * low rate. A botnet of a few dozen addresses runs a credential-stuffing wave against the login
 * endpoint for several minutes: a flood of 401s, account lockouts, and a few successful logins
 * from bot addresses. Much of the window is the attack.
 */
export function credentialStuffingWave(seed: number): Scenario {
  const name = "credential-stuffing-wave";
  const r = new Rng(seedFor(name, seed));
  const inc = new Incident();
  const t0 = startAt(r, "2025-05-03T21:00:00Z");
  const span = 60 * 60_000;
  const start = t0 + r.int(15, 30) * 60_000;
  const stop = start + r.int(6, 10) * 60_000;
  const bots = Array.from({ length: r.int(25, 45) }, () => `${r.pick([45, 91, 103, 176, 185, 194])}.${r.int(1, 254)}.${r.int(1, 254)}.${r.int(2, 250)}`);
  const nginx = (tt: number, ip: string, method: string, uri: string, status: number, ua: string, rt: number) => ({
    ts: epochS(tt),
    remote_addr: ip,
    request_method: method,
    request_uri: uri,
    status,
    body_bytes_sent: status === 200 ? r.int(300, 40_000) : 112,
    request_time: round(rt, 3),
    http_user_agent: ua,
    http_referer: method === "GET" ? "https://shop.example.com/" : "-",
  });
  const auth = (tt: number, level: string, message: string, f: Record<string, unknown> = {}) => ({
    timestamp: isoMicro(tt),
    levelname: level,
    name: "auth.login",
    message,
    ...f,
  });
  const uas = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Firefox/125.0",
  ];
  for (const t of r.times(r.int(1500, 2200), t0, t0 + span)) {
    const ip = r.ip(`${r.int(60, 90)}.`);
    const ua = r.pick(uas);
    if (r.chance(0.12)) {
      const ok = r.chance(0.85);
      const user = `u${r.int(10000, 99999)}`;
      inc.add(t, (tt) => nginx(tt, ip, "POST", "/api/login", ok ? 200 : 401, ua, r.logn(0.12, 0.3)));
      inc.add(t + 3, (tt) => (ok ? auth(tt, "INFO", "login succeeded", { user, ip }) : auth(tt, "WARNING", "login failed: bad password", { user, ip })));
    } else
      inc.add(t, (tt) =>
        nginx(
          tt,
          ip,
          "GET",
          r.pick(["/", "/products?page=2", "/static/app.js", "/api/cart", "/api/products/812"]),
          r.chance(0.02) ? 404 : 200,
          ua,
          r.logn(0.03, 0.5),
        ),
      );
  }
  for (const t of r.times(r.int(1100, 1700), start, stop)) {
    const ip = r.pick(bots);
    const user = `${r.alnum(6).toLowerCase()}@${r.pick(["gmail.com", "yahoo.com", "outlook.com", "web.de"])}`;
    const ok = r.chance(0.004);
    const ua = r.pick([...uas, "python-requests/2.31.0"]);
    const lbl: Label = "pattern";
    inc.add(t, (tt) => nginx(tt, ip, "POST", "/api/login", ok ? 200 : 401, ua, r.logn(0.12, 0.3)), lbl);
    if (r.chance(0.5) || ok)
      inc.add(t + 3, (tt) => (ok ? auth(tt, "INFO", "login succeeded", { user, ip }) : auth(tt, "WARNING", "login failed: bad password", { user, ip })), lbl);
    if (!ok && r.chance(0.04)) inc.add(t + 5, (tt) => auth(tt, "WARNING", "account locked after 5 failed attempts", { user, ip, lock_minutes: 30 }), lbl);
  }
  return inc.build(
    name,
    "A botnet runs a credential-stuffing wave against a login endpoint: a flood of 401s and lockouts from a few dozen addresses, a few successful logins, among everyday failed logins.",
  );
}
