// s09 stadium-gates-shard-503: a stadium's ticket gates from doors-open to just after kick-off. A Redis
// replica of the ticket store's shard 3 loses its master and full-resyncs. For those minutes the gate
// ingress answers a share of scans 503 (its upstream's max_conns is exhausted): the failure is visible
// only in the access log's status, and on the turnstiles only in a field (SCAN_MODE=OFFLINE) of an
// otherwise routine "scan processed" line. The validator's 2 ms lookups and the seat-map renderer's
// 300 ms renders (100x apart) both slow down.
//
// Producers: gate-ingress (nginx JSON access log, escape=json, shipped by Fluent Bit with kubernetes
// metadata), ticket-validator (Go log/slog JSON), turnstile-agent (journald JSON with custom fields),
// seatmap-renderer (pino), tix-redis (Redis server log lines in the container runtime's JSON envelope).
// Healthy bands:
//   gate-ingress POST /v2/scan 200, request_time median 0.016 s; GET /v2/seatmap/:section 200 median 0.32 s.
//   ticket-validator "scan validated" duration_ms median 2 ms (Redis lookup).
//   seatmap-renderer "seatmap rendered" responseTime median 300 ms.
//   turnstile-agent "scan processed": SCAN_MODE=ONLINE; SCAN_RESULT ACCEPT, REJECT_DUPLICATE (~2 %) or
//   REJECT_WRONG_GATE (~1 %) are routine.
//   Routine noise: turnstile WARN "card reader retry" (~1 % of scans), ingress 404 for
//   /favicon.ico, Redis background saves.
// Evidence: 503s (error), OFFLINE scans (pattern), slow lookups and renders > 4x (performance), the
// replica's lost-master / resync / sync-finished lines (pattern).
import { HOUR, MIN, SEC, Timeline, iso, isoMicro, isoOff, journalTs, makeRng, poisson, round, startTime } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

export function stadiumGatesShard503(seed: number): Scenario {
  const rng = makeRng(seed * 9173 + 909);
  const tl = new Timeline();
  const t0 = startTime(rng, 11, 18);
  const t1 = t0 + 2 * HOUR + rng.int(0, 10) * MIN;
  const lost = t0 + Math.floor((t1 - t0) * rng.float(0.42, 0.6));
  const synced = lost + rng.int(12, 20) * MIN;
  const inc = (t: number) => t >= lost + 20 * SEC && t < synced;
  const gates = Array.from({ length: 24 }, (_, i) => `G${String(i + 1).padStart(2, "0")}`);
  const ingressPod = `gate-ingress-${rng.hex(10)}-${rng.alnum(5)}`;
  const redisPod = "tix-redis-shard3-replica-0";
  const sections = Array.from({ length: 40 }, (_, i) => `${100 + i * 5}`);
  const rate = (t: number) => 0.22 + 0.6 * ((t - t0) / (t1 - t0)); // scans per second ramp up towards kick-off

  let scanNo = 0;
  for (let t = t0 + rng.exp(1000 / rate(t0)); t < t1; t += rng.exp(1000 / rate(t))) {
    const tm = Math.round(t * 1000) / 1000;
    const gate = rng.pick(gates);
    const lane = rng.int(1, 6);
    const ticket = `TK${rng.digits(10)}`;
    const shard = Number.parseInt(ticket.slice(-2), 10) % 6;
    const shed = inc(tm) && shard === 3 && rng.chance(0.7);
    scanNo++;
    // ingress (whole seconds only in time_iso8601, so stamp at the second)
    const ts = Math.floor(tm / 1000) * 1000;
    if (scanNo % 2 === 0 || shed) {
      const rt = shed ? rng.float(0.001, 0.004) : rng.band(0.016);
      tl.add(
        ts,
        {
          time_iso8601: isoOff(ts).replace(".000", ""),
          remote_addr: `10.77.${gates.indexOf(gate) + 1}.${10 + lane}`,
          request: "POST /v2/scan HTTP/1.1",
          status: shed ? "503" : "200",
          body_bytes_sent: shed ? "197" : String(rng.int(120, 180)),
          request_time: String(round(rt, 3)),
          upstream_status: shed ? "-" : "200",
          upstream_response_time: shed ? "-" : String(round(rt * 0.9, 3)),
          http_user_agent: "TurnstileAgent/3.8.2",
          request_id: rng.hex(32),
          kubernetes: { pod_name: ingressPod, namespace_name: "gates", container_name: "nginx", labels: { app: "gate-ingress" } },
        },
        shed ? "error" : null,
      );
    }
    // turnstile
    const mode = shed ? "OFFLINE" : "ONLINE";
    const result = shed
      ? "ACCEPT_OFFLINE"
      : rng.weighted([
          ["ACCEPT", 97],
          ["REJECT_DUPLICATE", 2],
          ["REJECT_WRONG_GATE", 1],
        ] as const);
    if (scanNo % 3 === 0 || shed) {
      const tt = tm + rng.int(5, 40);
      tl.add(
        tt,
        {
          __REALTIME_TIMESTAMP: journalTs(tt),
          _HOSTNAME: `gate-${gate.toLowerCase()}-ctl`,
          SYSLOG_IDENTIFIER: "turnstile-agent",
          _PID: "812",
          PRIORITY: "6",
          MESSAGE: "scan processed",
          GATE: gate,
          LANE: String(lane),
          SCAN_RESULT: result,
          SCAN_MODE: mode,
          TICKET_HASH: rng.hex(12),
        },
        shed ? "pattern" : null,
      );
    }
    if (rng.chance(0.01)) {
      const tw = tm + 2;
      tl.add(tw, {
        __REALTIME_TIMESTAMP: journalTs(tw),
        _HOSTNAME: `gate-${gate.toLowerCase()}-ctl`,
        SYSLOG_IDENTIFIER: "turnstile-agent",
        _PID: "812",
        PRIORITY: "4",
        MESSAGE: "card reader retry: NFC field lost",
        GATE: gate,
        LANE: String(lane),
      });
    }
    // validator
    if (!shed && scanNo % 2 === 1) {
      const slow = inc(tm) && shard === 3 && rng.chance(0.6);
      const tv = tm + 1;
      tl.add(
        tv,
        {
          time: isoMicro(tv),
          level: "INFO",
          msg: "scan validated",
          service: "ticket-validator",
          gate,
          shard: `shard-${shard}`,
          result,
          duration_ms: round(slow ? rng.slow(2, 8, 40) : rng.band(2), 3),
        },
        slow ? "performance" : null,
      );
    }
  }
  // seat maps
  const rendererHost = `seatmap-renderer-${rng.hex(9)}-${rng.alnum(5)}`;
  for (const t of poisson(rng, t0, t1, 16 * SEC)) {
    const sec = rng.pick(sections);
    const slow = inc(t) && rng.chance(0.5);
    const rt = slow ? rng.slow(300, 6, 25) : rng.band(300);
    const label: AnomalyType | null = slow ? "performance" : null;
    tl.add(
      t,
      {
        level: 30,
        time: Math.floor(t),
        pid: 7,
        hostname: rendererHost,
        name: "seatmap-renderer",
        section: sec,
        seats: rng.int(300, 1400),
        responseTime: Math.round(rt),
        msg: "seatmap rendered",
      },
      label,
    );
    const ts = Math.floor((t + rt) / 1000) * 1000;
    tl.add(
      ts,
      {
        time_iso8601: isoOff(ts).replace(".000", ""),
        remote_addr: `100.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
        request: `GET /v2/seatmap/${sec}?v=${rng.int(1, 9)} HTTP/2.0`,
        status: "200",
        body_bytes_sent: String(rng.int(40000, 160000)),
        request_time: String(round((rt + rng.float(2, 9)) / 1000, 3)),
        upstream_status: "200",
        upstream_response_time: String(round(rt / 1000, 3)),
        http_user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X)",
        request_id: rng.hex(32),
        kubernetes: { pod_name: ingressPod, namespace_name: "gates", container_name: "nginx", labels: { app: "gate-ingress" } },
      },
      label,
    );
  }
  for (const t of poisson(rng, t0, t1, 9 * MIN)) {
    const ts = Math.floor(t / 1000) * 1000;
    tl.add(ts, {
      time_iso8601: isoOff(ts).replace(".000", ""),
      remote_addr: `100.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      request: "GET /favicon.ico HTTP/2.0",
      status: "404",
      body_bytes_sent: "153",
      request_time: "0.000",
      http_user_agent: "Mozilla/5.0 (Linux; Android 14)",
      request_id: rng.hex(32),
      kubernetes: { pod_name: ingressPod, namespace_name: "gates", container_name: "nginx", labels: { app: "gate-ingress" } },
    });
  }
  // redis replica log
  const k8s = { pod_name: redisPod, namespace_name: "gates", container_name: "redis", labels: { app: "tix-redis" } };
  const rlog = (t: number, s: string) => {
    const d = new Date(Math.floor(t));
    const stamp = `${d.getUTCDate()} ${d.toUTCString().slice(8, 11)} ${d.getUTCFullYear()} ${iso(t).slice(11, 23)}`;
    return { log: `1:S ${stamp} ${s}\n`, stream: "stdout", time: isoMicro(t), kubernetes: k8s };
  };
  for (const t of poisson(rng, t0, t1, 6 * MIN)) {
    tl.add(t, rlog(t, `* ${rng.int(10, 9000)} changes in 300 seconds. Saving...`));
    tl.add(t + 3, rlog(t + 3, `* Background saving started by pid ${rng.int(100, 9999)}`));
    tl.add(t + 900, rlog(t + 900, "* DB saved on disk"));
    tl.add(t + 950, rlog(t + 950, "* Background saving terminated with success"));
  }
  tl.add(lost, rlog(lost, "# Connection with master lost."), "pattern");
  tl.add(lost + 2, rlog(lost + 2, "* Caching the disconnected master state."), "pattern");
  tl.add(lost + 4 * SEC, rlog(lost + 4 * SEC, "* Connecting to MASTER tix-redis-shard3-0.tix-redis:6379"), "pattern");
  tl.add(lost + 4 * SEC + 5, rlog(lost + 4 * SEC + 5, "* MASTER <-> REPLICA sync started"), "pattern");
  tl.add(lost + 5 * SEC, rlog(lost + 5 * SEC, `* Full resync from master: ${rng.hex(40)}:${rng.int(1e9, 9e9)}`), "pattern");
  tl.add(
    synced - 30 * SEC,
    rlog(synced - 30 * SEC, `* MASTER <-> REPLICA sync: receiving ${rng.int(3, 9)}${rng.digits(9)} bytes from master to disk`),
    "pattern",
  );
  tl.add(synced, rlog(synced, "* MASTER <-> REPLICA sync: Finished with success"), "pattern");
  return tl.build(
    "stadium-gates-shard-503",
    "a Redis replica of the ticket store full-resyncs during gate rush: scans 503 only in the ingress status and go OFFLINE only in a turnstile field; 2 ms lookups and 300 ms seat-map renders both slow down",
  );
}
