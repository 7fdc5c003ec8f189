/**
 * s09 arena-session-storm: a multiplayer game's back end over three hours. After 12-20 minutes of
 * normal traffic the Redis master holding player sessions dies; Sentinel cannot fail over (every
 * replica has replica-priority 0 after a bad config push), so the session store stays down for
 * most of the window while clients retry logins and matchmaking at three to four times the normal
 * rate. Producers: hclog JSON (matchmaker), Serilog rendered compact JSON (lobby-service, with
 * request logging), pino (player-profile), structlog (leaderboard), zap (chat-service), and Redis
 * and Sentinel lines parsed by Fluent Bit with Kubernetes metadata.
 * More than half of the lines are anomalous: session-store timeouts, stalled queues and timed-out
 * logins are performance; refused connections, failed logins, Sentinel's aborted failovers,
 * replicas failing to sync and degraded-mode fallbacks are error. Profile and leaderboard reads that
 * do not touch sessions stay normal. In about half the seeds an operator promotes a replica in
 * the last 10 minutes (the promotion itself is normal) and traffic is healthy again afterwards.
 */
import { epochSeconds, HOUR, iso, isoMicro, type Label, ln, MIN, podName, round, SEC, Timeline, ticks, uniformTimes, uuid } from "./common.js";
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";

export function s09ArenaSessionStorm(seed: number): Scenario {
  const name = "arena-session-storm";
  const rng = new Rng(seed, name);
  const span = 3 * HOUR;
  const start = rng.start2026(span, 15, 20);
  const end = start + span;
  const tl = new Timeline();

  const tDown = start + rng.float(12, 20) * MIN;
  const recovers = rng.chance(0.5);
  const tUp = recovers ? end - rng.float(7, 10) * MIN : end + HOUR;
  const down = (t: number): boolean => t >= tDown && t < tUp;
  const master = "10.12.0.4";
  const replicas = ["10.12.0.5", "10.12.0.6"];
  const lobbyPods = [podName(rng, "lobby-service"), podName(rng, "lobby-service"), podName(rng, "lobby-service")];
  const mmPods = [podName(rng, "matchmaker"), podName(rng, "matchmaker")];
  const profilePod = podName(rng, "player-profile");
  const chatPod = podName(rng, "chat-service");
  const player = (): number => rng.int(10_000_000, 99_999_999);
  const modes = ["ranked-duo", "ranked-squad", "casual-squad", "arena-1v1", "limited-time-zombies"];
  const regions = ["eu-west", "eu-central", "us-east", "us-west", "ap-south"];

  // ---- producers ---------------------------------------------------------------------------
  const hclog = (t: number, level: string, message: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(
      t,
      { "@level": level, "@message": message, "@module": "matchmaker", "@timestamp": `${iso(t).slice(0, 23)}000Z`, host: rng.pick(mmPods), ...fields },
      label,
    );
  };
  const serilog = (t: number, level: string | null, m: string, props: Record<string, unknown>, label: Label = null, x?: string): void => {
    const log: Record<string, unknown> = { "@t": iso(t), "@m": m, "@i": rng.hex(8) };
    if (level) log["@l"] = level;
    if (x) log["@x"] = x;
    Object.assign(log, props, { Application: "lobby-service", MachineName: rng.pick(lobbyPods) });
    tl.add(t, log, label);
  };
  const pino = (t: number, level: number, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, time: Math.round(t), pid: 1, hostname: profilePod, name: "player-profile", ...fields, msg }, label);
  };
  const structlog = (t: number, level: string, event: string, fields: Record<string, unknown>): void => {
    tl.add(t, { event, ...fields, service: "leaderboard", level, timestamp: isoMicro(t) });
  };
  const zap = (t: number, level: string, msg: string, fields: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, { level, ts: epochSeconds(t), caller: "chat/presence.go:71", msg, service: "chat-service", pod: chatPod, ...fields }, label);
  };
  const redis = (t: number, pod: string, role: string, level: string, message: string, label: Label = null): void => {
    tl.add(
      t,
      {
        time: iso(t),
        pid: 1,
        role,
        level,
        message,
        kubernetes: {
          pod_name: pod,
          namespace_name: "sessions",
          container_name: role === "X" ? "sentinel" : "redis",
          labels: { "app.kubernetes.io/name": role === "X" ? "session-sentinel" : "session-redis" },
        },
      },
      label,
    );
  };
  const redisPods = ["session-redis-0", "session-redis-1", "session-redis-2"];

  // ---- login (lobby-service) ---------------------------------------------------------------
  const login = (t: number): void => {
    const p = player();
    const path = "/v1/login";
    if (down(t)) {
      const timeout = rng.chance(0.55);
      if (timeout) {
        serilog(
          t + 5000,
          "Error",
          `Redis timeout while loading session for player ${p}`,
          { PlayerId: p, SourceContext: "Lobby.Sessions.SessionStore" },
          "performance",
          `StackExchange.Redis.RedisTimeoutException: Timeout performing GET (5000ms), next: GET session:${p}, inst: 0, qu: ${rng.int(200, 900)}, qs: ${rng.int(800, 4000)}, aw: False, bw: SpinningDown, rs: ReadAsync, ws: Idle, in: 0, last-in: 0, cur-in: 0, sync-ops: 0, async-ops: ${rng.int(100_000, 900_000)}, serverEndpoint: ${master}:6379, conn-sec: n/a, mgr: 10 of 10 available, clientName: lobby(SE.Redis-v2.7.33), IOCP: (Busy=0,Free=1000,Min=1,Max=1000), WORKER: (Busy=${rng.int(20, 90)},Free=32677,Min=8,Max=32767), POOL: (Threads=${rng.int(30, 100)},QueuedItems=${rng.int(50, 900)},CompletedItems=${rng.int(1_000_000, 9_000_000)}), v: 2.7.33.41805`,
        );
        serilog(
          t + 5010,
          null,
          `HTTP POST ${path} responded 503 in ${(5010 + rng.float(0, 9)).toFixed(4)} ms`,
          {
            RequestMethod: "POST",
            RequestPath: path,
            StatusCode: 503,
            Elapsed: round(5010 + rng.float(0, 9), 4),
            SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
          },
          "performance",
        );
      } else {
        const ms = rng.float(1, 6);
        serilog(
          t + ms,
          "Error",
          `Login failed for player ${p}: session store unavailable`,
          { PlayerId: p, SourceContext: "Lobby.Auth.LoginHandler" },
          "error",
          `StackExchange.Redis.RedisConnectionException: No connection is active/available to service this operation: GET session:${p}; UnableToConnect on ${master}:6379/Interactive, Initializing/NotStarted, last: NONE, origin: BeginConnectAsync, outstanding: 0, last-read: 0s ago, last-write: 0s ago, keep-alive: 60s, state: Connecting, mgr: 10 of 10 available, last-heartbeat: never`,
        );
        serilog(
          t + ms + 1,
          null,
          `HTTP POST ${path} responded 503 in ${(ms + 1).toFixed(4)} ms`,
          {
            RequestMethod: "POST",
            RequestPath: path,
            StatusCode: 503,
            Elapsed: round(ms + 1, 4),
            SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
          },
          "error",
        );
      }
      return;
    }
    const ms = ln(rng, 45, 0.35, 15, 130);
    const bad = rng.chance(0.04);
    serilog(
      t + ms - 1,
      bad ? "Warning" : null,
      bad
        ? `Login rejected for player ${p}: client version 1.${rng.int(40, 44)}.0 below minimum 1.45.0`
        : `Player ${p} logged in from ${rng.pick(regions)} (platform ${rng.pick(["pc", "ps5", "xbox", "switch", "ios"])})`,
      { PlayerId: p, SourceContext: "Lobby.Auth.LoginHandler" },
    );
    serilog(t + ms, null, `HTTP POST ${path} responded ${bad ? 426 : 200} in ${ms.toFixed(4)} ms`, {
      RequestMethod: "POST",
      RequestPath: path,
      StatusCode: bad ? 426 : 200,
      Elapsed: round(ms, 4),
      SourceContext: "Serilog.AspNetCore.RequestLoggingMiddleware",
    });
  };

  // ---- matchmaking (matchmaker) ------------------------------------------------------------
  const matchmake = (t: number): void => {
    const party = uuid(rng);
    const mode = rng.pick(modes);
    if (down(t)) {
      if (rng.chance(0.5))
        hclog(
          t + 3000,
          "error",
          "failed to load party session",
          { party_id: party, mode, error: `redis: i/o timeout after 3s (${master}:6379)` },
          "performance",
        );
      else
        hclog(
          t + 2,
          "error",
          "failed to load party session",
          { party_id: party, mode, error: `dial tcp ${master}:6379: connect: connection refused` },
          "error",
        );
      return;
    }
    const wait = ln(rng, 25, 0.5, 4, 120);
    hclog(t, "info", "party queued", { party_id: party, mode, size: rng.int(1, 4), region: rng.pick(regions) });
    hclog(t + wait * 1000, "info", "match found", {
      party_id: party,
      mode,
      match_id: uuid(rng),
      wait_ms: Math.round(wait * 1000),
      skill_spread: round(rng.float(20, 240), 1),
    });
    if (rng.chance(0.06)) hclog(t + wait * 1000 + 50, "warn", "widening skill window", { party_id: party, mode, from: 150, to: 300 });
  };

  const normalFactor = (t: number): number => (down(t) ? rng.float(3, 4) : 1);
  // logins and matchmaking, amplified by client retries while sessions are down
  for (const t of uniformTimes(rng, start, end - 10 * SEC, rng.int(250, 290))) {
    const n = Math.round(normalFactor(t));
    for (let i = 0; i < n; i++) login(t + i * rng.int(2, 9) * SEC);
  }
  for (const t of uniformTimes(rng, start, end - 3 * MIN, rng.int(180, 210))) {
    const n = Math.round(normalFactor(t));
    for (let i = 0; i < n; i++) matchmake(t + i * rng.int(5, 20) * SEC);
  }

  // ---- services that keep working --------------------------------------------------------------
  for (const t of uniformTimes(rng, start, end - 2 * SEC, rng.int(520, 600))) {
    const p = player();
    const ms = ln(rng, 18, 0.35, 6, 50);
    if (down(t) && rng.chance(0.15))
      pino(t + ms - 1, 40, `session check skipped for player ${p}: session store unavailable, trusting JWT claims`, { playerId: p }, "error");
    pino(t + ms, 30, "request completed", { req: { method: "GET", url: `/v1/players/${p}/profile` }, res: { statusCode: 200 }, responseTime: Math.round(ms) });
  }
  for (const t of uniformTimes(rng, start, end - 2 * SEC, rng.int(260, 320))) {
    structlog(t, "info", "leaderboard page served", {
      board: rng.pick(["global", ...regions]),
      season: 14,
      page: rng.int(1, 40),
      latency_ms: round(ln(rng, 12, 0.35, 4, 35), 2),
    });
  }
  for (const t of ticks(rng, start, end, 5 * MIN, 20_000))
    structlog(t, "info", "leaderboard snapshot written", { rows: rng.int(2_000_000, 2_400_000), duration_ms: rng.int(1800, 4200) });
  for (const t of uniformTimes(rng, start, end - 2 * SEC, rng.int(240, 300))) {
    if (down(t)) zap(t, "error", "presence update dropped", { player: player(), error: `dial tcp ${master}:6379: connect: connection refused` }, "error");
    else
      zap(t, "info", "presence updated", { player: player(), status: rng.pick(["online", "in-match", "away"]), latency: round(rng.float(0.0008, 0.004), 6) });
  }

  // ---- redis and sentinel -----------------------------------------------------------------------
  for (const t of ticks(rng, start, Math.min(tDown, end), 5 * MIN, 30 * SEC)) {
    redis(t, redisPods[0] as string, "M", "notice", `${rng.int(100, 9000)} changes in 300 seconds. Saving...`);
    redis(t + 20, redisPods[0] as string, "M", "notice", `Background saving started by pid ${rng.int(100, 9999)}`);
    redis(t + rng.int(2000, 5000), redisPods[0] as string, "M", "notice", "Background saving terminated with success");
  }
  // the crash: no line from the master itself after tDown
  const sentinel = (t: number, msg: string, label: Label): void => redis(t, `session-sentinel-${rng.int(0, 2)}`, "X", "warning", msg, label);
  sentinel(tDown + 5000, `+sdown master mymaster ${master} 6379`, "error");
  sentinel(tDown + 5200, `+odown master mymaster ${master} 6379 #quorum 3/2`, "error");
  let epoch = rng.int(10, 30);
  for (let t = tDown + 6000; t < Math.min(tUp, end); t += 3 * MIN + rng.int(0, 20) * SEC) {
    epoch++;
    sentinel(t, `+new-epoch ${epoch}`, "error");
    sentinel(t + 30, `+try-failover master mymaster ${master} 6379`, "error");
    sentinel(t + 400, `+vote-for-leader ${rng.hex(40)} ${epoch}`, "error");
    sentinel(t + 1200, `-failover-abort-no-good-slave master mymaster ${master} 6379`, "error");
  }
  for (const pod of redisPods.slice(1)) {
    redis(tDown + 900, pod, "S", "warning", "Connection with master lost.", "error");
    redis(tDown + 901, pod, "S", "notice", "* Caching the disconnected master state.", "error");
    for (let t = tDown + 2000; t < Math.min(tUp, end); t += rng.int(60, 120) * SEC) {
      redis(t, pod, "S", "notice", `Connecting to MASTER ${master}:6379`, "error");
      redis(t + 3, pod, "S", "warning", "Error condition on socket for SYNC: Connection refused", "error");
    }
  }
  for (let t = tDown + 60 * SEC; t < Math.min(tUp, end); t += 60 * SEC + rng.int(0, 5000)) {
    hclog(t, "warn", "queue stalled", { matches_last_60s: 0, queue_depth: rng.int(8000, 30_000) }, "performance");
  }
  if (recovers) {
    const r = replicas[0] as string;
    redis(
      tUp - 20 * SEC,
      redisPods[1] as string,
      "S",
      "notice",
      `MASTER MODE enabled (user request from 'id=${rng.int(100, 999)} addr=10.20.0.14:${rng.int(40_000, 60_000)} laddr=${r}:6379 fd=12 name= age=4 idle=0 flags=N db=0 sub=0 psub=0 cmd=replicaof')`,
    );
    sentinel(tUp - 10 * SEC, `+switch-master mymaster ${master} 6379 ${r} 6379`, null);
    redis(
      tUp - 9 * SEC,
      `session-sentinel-${rng.int(0, 2)}`,
      "X",
      "notice",
      `+config-update-from sentinel ${rng.hex(40)} 10.12.0.${rng.int(20, 22)} 26379 @ mymaster ${r} 6379`,
    );
    serilog(tUp, "Information", `Reconnected to ${r}:6379/Interactive`, { SourceContext: "Lobby.Sessions.SessionStore" });
    hclog(tUp + 2000, "info", "session store reachable again", { endpoint: `${r}:6379` });
  }
  return tl.build(name, "game back end whose session Redis dies with a failover that cannot happen; login/matchmaking retry storm makes most lines anomalous");
}
