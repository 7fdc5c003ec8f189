// s09: chat app presence service, 5 h. One of three presence containers (presence-2) leaks
// subscription closures: its V8 heapUsed climbs from ~200 MB to the 2 GB old-space limit over four
// hours while the other two stay flat. Late on, long mark-sweep-compact pauses stall it, so edge
// requests routed to it and message-router's presence lookups time out; then V8 aborts with
// "JavaScript heap out of memory", Docker restarts the container, Caddy sees refused connections
// and the other two absorb a reconnect surge.
//
// Producers: presence (Node, pino inside Docker's json-file envelope; the crash dump is raw stderr),
// ws-edge (Caddy 2 JSON access and error logs, zap-based: ts and duration in seconds),
// message-router (Node, winston JSON).
// Healthy bands: presence heapUsed <= 320 MB (peers 150-290 MB), no GC pause over 100 ms logged;
// heartbeat batch 4.2 ms; Caddy members 12 ms, typing 4 ms, history 35 ms; router message 6 ms.
import { arrivals, epochMs, epochS6, HOUR, isoMs, isoNs, MIN, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;
interface Inst {
  name: string;
  host: string;
  ip: string;
  leak: boolean;
}

const MB = 1024 * 1024;

export function chatPresenceLeak(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s09");
  const tl = new Timeline();
  const from = startTime(r, 12, 16);
  const to = from + 5 * HOUR;
  const tOom = us(from + r.float(4.1, 4.5) * HOUR);
  const back = us(tOom + r.float(30, 45) * SEC); // listening again, after the core dump is written
  const insts: Inst[] = [1, 2, 3].map((i) => ({ name: `presence-${i}`, host: r.hex(12), ip: `172.18.0.${3 + 2 * i}`, leak: i === 2 }));
  const leaker = insts[1] as Inst;
  /** heapUsed in MB of an instance at t. */
  const heap = (inst: Inst, t: number): number => {
    if (!inst.leak) return r.healthy(205, 0.1);
    const start = t < tOom ? from : back;
    return Math.min(2035, 190 + (1840 * (t - start)) / (tOom - from) + r.float(-10, 10));
  };
  const gcStall = (t: number): boolean => t < tOom && heap(leaker, t) > 1500;
  const down = (t: number): boolean => t >= tOom && t < back;

  // ---- producers ----------------------------------------------------------------------------------------
  const docker = (t: number, log: string, stream: string, label: Label): void => {
    tl.add(t, "ms", { log: `${log}\n`, stream, time: isoNs(Math.floor(t)) }, label);
  };
  const pino = (t: number, inst: Inst, level: number, fields: Record<string, unknown>, msg: string, label: Label = null): void => {
    docker(t, JSON.stringify({ level, time: epochMs(t), pid: 1, hostname: inst.host, name: "presence", ...fields, msg }), "stdout", label);
  };
  const caddy = (t: number, level: string, logger: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "us", { level, ts: epochS6(t), logger, msg, ...fields }, label);
  };
  const winston = (t: number, level: string, message: string, meta: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "ms", { level, message, service: "message-router", ...meta, timestamp: isoMs(t) }, label);
  };
  const request = (method: string, uri: string): Record<string, unknown> => {
    const ip = r.ip(r.pick(["77.102", "88.97", "151.224", "2.28"]));
    return {
      remote_ip: ip,
      remote_port: String(r.port()),
      client_ip: ip,
      proto: "HTTP/2.0",
      method,
      host: "chat.lumen.example",
      uri,
      headers: {
        "User-Agent": [r.pick(["Lumen/6.2.0 (iPhone; iOS 17.4)", "Lumen/6.2.1 (Android 14)", "Mozilla/5.0 Lumen-Desktop/6.1.9"])],
        Authorization: ["REDACTED"],
        "X-Request-Id": [r.uuid()],
      },
      tls: { resumed: r.chance(0.6), version: 772, cipher_suite: 4865, proto: "h2", server_name: "chat.lumen.example" },
    };
  };

  // ---- presence instances -----------------------------------------------------------------------------------
  for (const inst of insts) {
    for (const t of ticks(r, from, to, 30 * SEC, 2 * SEC)) {
      if (inst.leak && down(t)) continue;
      const ms = r.healthy(4.2, 0.3);
      pino(us(t + ms), inst, 30, { batch: r.int(800, 2400), users: r.int(3000, 4600), took_ms: round(ms, 2) }, "heartbeat batch applied");
    }
    for (const t of ticks(r, from, to, MIN, 3 * SEC)) {
      if (inst.leak && down(t)) continue;
      const used = heap(inst, t);
      const lag = inst.leak && used > 1200 ? r.float(120, 900) * (used / 2000) : r.healthy(12, 0.25);
      pino(
        t,
        inst,
        30,
        {
          rss: Math.round((used * 1.1 + 140 + r.float(0, 20)) * MB),
          heapTotal: Math.round((used * 1.08 + 24) * MB),
          heapUsed: Math.round(used * MB),
          external: Math.round(r.float(18, 26) * MB),
          arrayBuffers: Math.round(r.float(2, 6) * MB),
          connections: r.int(3900, 4400),
          eventLoopDelayP99Ms: round(lag, 1),
        },
        "process metrics",
        used > 320 ? "memory" : null,
      );
    }
    if (inst.leak) {
      // perf_hooks reports GC pauses over 100 ms: none until the old space gets crowded
      for (let t = from; t < tOom; ) {
        const used = heap(inst, t);
        if (used > 1150) {
          const ms = 100 + (used - 1100) * r.float(0.9, 1.6);
          pino(us(t), inst, 40, { kind: "mark-sweep-compact", duration_ms: round(ms, 1), heapUsedAfter: Math.round(used * MB) }, "long GC pause", "memory");
        }
        t += used > 1700 ? r.float(20, 45) * SEC : r.float(3, 6) * MIN;
      }
    }
  }
  // The abort, as V8 writes it to stderr.
  const pid = "[1:0x6b4b2a0]";
  const upMs = Math.round(tOom - from + r.float(6, 30) * HOUR);
  docker(us(tOom - 8), "<--- Last few GCs --->", "stderr", "memory");
  docker(
    us(tOom - 7),
    `${pid} ${upMs - 2300} ms: Mark-Compact (reduce) 2041.3 (2083.1) -> 2040.8 (2083.6) MB, 1812.45 / 0.00 ms  (average mu = 0.094, current mu = 0.011) allocation failure; scavenge might not succeed`,
    "stderr",
    "memory",
  );
  docker(
    us(tOom - 6),
    `${pid} ${upMs} ms: Mark-Compact (reduce) 2041.9 (2083.6) -> 2041.2 (2084.1) MB, 2044.10 / 0.00 ms  (average mu = 0.061, current mu = 0.006) allocation failure; GC in old space requested`,
    "stderr",
    "memory",
  );
  docker(us(tOom - 5), "<--- JS stacktrace --->", "stderr", "pattern");
  docker(us(tOom - 4), "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "stderr", "memory");
  docker(us(tOom - 3), " 1: 0xb7a940 node::Abort() [node]", "stderr", "pattern");
  docker(us(tOom - 2), " 2: 0xa8e823  [node]", "stderr", "pattern");
  docker(us(tOom - 1), " 3: 0xd5c0d0 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]", "stderr", "pattern");
  pino(back, leaker, 30, { port: 8080, node: "v20.11.1" }, "presence service listening", "pattern");
  pino(us(back + 140), leaker, 30, { channels: 3 }, "redis subscriptions restored", "pattern");
  for (const inst of insts.filter((i) => !i.leak)) {
    pino(us(tOom + r.float(3, 8) * SEC), inst, 40, { reconnects: r.int(1800, 2300), window_s: 30 }, "client reconnect surge", "pattern");
  }

  // ---- ws-edge (Caddy) ------------------------------------------------------------------------------------------
  for (const t of arrivals(r, from, to, 5)) {
    const kind = r.weighted<string>([
      ["members", 45],
      ["typing", 35],
      ["history", 20],
    ]);
    const room = `r_${r.alnum(10)}`;
    const up = r.pick(insts);
    const uri =
      kind === "members"
        ? `/v1/rooms/${room}/members`
        : kind === "typing"
          ? "/v1/presence/typing"
          : `/v1/rooms/${room}/messages?before=${Math.floor(t / 1000)}`;
    const method = kind === "typing" ? "POST" : "GET";
    const median = kind === "members" ? 0.012 : kind === "typing" ? 0.004 : 0.035;
    let dur = r.healthy(median, 0.3);
    let status = r.chance(0.02) ? 401 : kind === "members" && r.chance(0.01) ? 404 : 200;
    let label: Label = null;
    if (kind !== "history" && up.leak && status === 200) {
      if (down(t)) {
        status = 502;
        dur = r.float(0.0008, 0.002);
        label = "error";
        caddy(
          us(t + dur * 1000),
          "error",
          "http.log.error.log0",
          `dial tcp ${up.ip}:8080: connect: connection refused`,
          {
            request: request(method, uri),
            duration: round(dur, 6),
            status: 502,
            err_id: r.alnum(9),
            err_trace: "reverseproxy.statusError (reverseproxy.go:1269)",
          },
          "error",
        );
      } else if (gcStall(t) && r.chance(0.35)) {
        dur = r.slow(median, 8, 120);
        label = "performance";
      }
    }
    caddy(
      us(t + dur * 1000),
      status >= 500 ? "error" : "info",
      "http.log.access.log0",
      "handled request",
      {
        request: request(method, uri),
        bytes_read: method === "POST" ? r.int(40, 120) : 0,
        user_id: "",
        duration: round(dur, 9),
        size: status === 200 ? r.int(80, 6000) : 0,
        status,
        resp_headers: { Server: ["Caddy"], "Content-Type": ["application/json"] },
      },
      label,
    );
  }
  for (const inst of insts) {
    for (const t of ticks(r, from, to, 10 * SEC, 0)) {
      if (inst.leak && down(t)) {
        caddy(
          t,
          "info",
          "http.handlers.reverse_proxy.health_checker.active",
          "HTTP request failed",
          { host: `${inst.name}:8080`, error: `Get "http://${inst.name}:8080/healthz": dial tcp ${inst.ip}:8080: connect: connection refused` },
          "error",
        );
      }
    }
  }
  caddy(us(back + r.float(5, 30) * SEC), "info", "http.handlers.reverse_proxy.health_checker.active", "host is up", { host: `${leaker.name}:8080` }, "pattern");

  // ---- message-router -----------------------------------------------------------------------------------------------
  for (const t of arrivals(r, from, to, 6)) {
    const conv = `c_${r.alnum(12)}`;
    const shard = r.pick(insts);
    if (shard.leak && down(t)) {
      winston(
        us(t + 2),
        "error",
        "presence lookup failed",
        { conversationId: conv, instance: shard.name, error: `connect ECONNREFUSED ${shard.ip}:8080` },
        "error",
      );
      winston(us(t + 4), "warn", "recipient offline, queued push notification", { conversationId: conv, reason: "presence-unavailable" }, "pattern");
      continue;
    }
    if (shard.leak && gcStall(t) && r.chance(0.3)) {
      winston(us(t + 1500), "warn", "presence lookup timed out", { conversationId: conv, instance: shard.name, timeoutMs: 1500 }, "performance");
      winston(
        us(t + 1506),
        "info",
        "message routed",
        { conversationId: conv, recipients: r.int(1, 8), durationMs: round(1500 + r.healthy(6, 0.3), 1) },
        "performance",
      );
      continue;
    }
    const ms = r.healthy(6, 0.3);
    winston(us(t + ms), "info", "message routed", { conversationId: conv, recipients: r.int(1, 8), durationMs: round(ms, 1) });
    if (r.chance(0.1)) winston(us(t + ms + 1), "warn", "recipient offline, queued push notification", { conversationId: conv, reason: "no-active-session" });
    if (r.chance(0.02)) winston(us(t + ms + 40), "error", "APNs rejected notification", { conversationId: conv, reason: "BadDeviceToken", status: 400 });
  }

  return tl.build(
    "chat-presence-node-heap-leak",
    "Chat app: one Node presence container's heapUsed climbs from 200 MB to the 2 GB limit over four hours while its peers stay flat, then long GC pauses slow its requests and lookups, V8 aborts with JavaScript heap out of memory, Docker restarts it and Caddy sees refused connections.",
  );
}
