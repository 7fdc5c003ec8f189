// Online chess server, about an hour, already broken when the window opens. The primary of game-state shard 2 (Redis)
// died before the first line and Sentinel cannot fail over (no replica is in sync), so it retries and aborts every
// few minutes. Every move, clock update and new game that lands on shard 2 fails, with the same refused-connection
// line written hundreds of times; the matchmaking queue backs up. Shards 0 and 1 keep working. Most lines are
// anomalous, from the first minute to the last.
//
// Producers: move-relay (zap, three instances, string durations), matchmaker (Rust tracing JSON), lobby-web (nginx
// JSON access log with Fluent Bit Kubernetes metadata), clock-service (pino), redis-sentinel (raw Redis log lines in
// Docker json-file envelopes).
// Healthy bands (median; healthy values stay within 3x of it): move-relay "move relayed" 1.8 ms; clock-service
// "clock state persisted" 2 ms; lobby-web GET /api/lobby 15 ms, POST /api/games 40 ms, GET /api/games/:id 6 ms;
// matchmaking queue depth 0-150.
// Routine noise (null): illegal moves rejected (WARN), provisional ratings (WARN), 401 on expired sessions.
// Labelled: refused persistence (error, repeated), failed pairings and 503s (error), clock persist timeouts and queue
// depth above 150 (performance), Sentinel's failover attempts and aborts (pattern).
import { arrivals, epochS, isoMicro, isoNano, type Label, LogBook, type Log, MIN, Rng } from "./rng.js";
import { round, SEC, startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

const AGENTS = ["Mozilla/5.0 (X11; Linux x86_64)", "ChessApp/5.1 (iOS 17.4)", "ChessApp/5.1 (Android 14)"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function chessServerStoreOutage(seed: number): Scenario {
  const r = new Rng(seed, 909);
  const t0 = startOf(r);
  const end = t0 + (60 + r.int(-5, 5)) * MIN;
  const book = new LogBook();
  const deadIp = `10.8.${r.int(0, 3)}.${r.int(10, 60)}`;
  const refused = `failed to persist move: dial tcp ${deadIp}:6379: connect: connection refused`;
  const relays = ["move-relay-0", "move-relay-1", "move-relay-2"];
  const lobbyPods = [r.pod("lobby-web"), r.pod("lobby-web")];
  const clockHost = r.pod("clock-service");
  const game = (): string => r.lower(8);
  // Shard 2 of 3 is down; an uneven slot split gives it over half of the active games.
  const shardOf = (): number =>
    r.weighted([
      [0, 1],
      [1, 1],
      [2, 2.7],
    ] as const);
  const files = ["a", "b", "c", "d", "e", "f", "g", "h"];
  const uci = (): string => `${r.pick(files)}${r.int(1, 8)}${r.pick(files)}${r.int(1, 8)}`;

  const zap = (host: string, level: string, msg: string, extra: Log) => (t: number) => ({
    level,
    ts: epochS(t),
    caller: level === "error" ? "relay/persist.go:57" : "relay/relay.go:112",
    msg,
    service: "move-relay",
    instance: host,
    ...extra,
  });
  const tracing = (level: string, message: string, fields: Log) => (t: number) => ({
    timestamp: isoMicro(t),
    level,
    fields: { message, ...fields },
    target: "matchmaker::pairing",
  });
  const nginx = (method: string, uri: string, status: number, ms: number) => (t: number) => ({
    time_iso8601: `${new Date(t).toISOString().slice(0, 19)}+00:00`,
    msec: (t / 1000).toFixed(3),
    remote_addr: `${r.int(20, 220)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
    request: `${method} ${uri} HTTP/2.0`,
    status,
    request_time: round(ms / 1000, 3),
    upstream_response_time: (ms / 1000 - 0.001).toFixed(3),
    body_bytes_sent: status >= 400 ? r.int(90, 200) : r.int(300, 6_000),
    http_user_agent: r.pick(AGENTS),
    kubernetes: { pod_name: r.pick(lobbyPods), container_name: "nginx", labels: { app: "lobby-web" } },
  });
  const pino = (level: number, msg: string, extra: Log) => (t: number) => ({
    level,
    time: t,
    pid: 1,
    hostname: clockHost,
    name: "clock-service",
    ...extra,
    msg,
  });
  const sentinel = (t: number, mark: string, text: string): Log => {
    const d = new Date(t);
    const hh = d.toISOString().slice(11, 23);
    const stamp = `${String(d.getUTCDate()).padStart(2, "0")} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}`;
    return {
      log: `1:X ${stamp} ${mark} ${text}\n`,
      stream: "stdout",
      time: isoNano(t),
      kubernetes: { pod_name: "redis-sentinel-1", container_name: "sentinel", labels: { app: "redis-sentinel" } },
    };
  };

  // Moves.
  for (const t of arrivals(r, t0, end, 25)) {
    const host = r.pick(relays);
    if (shardOf() === 2) {
      book.add(t, "error", zap(host, "error", refused, {}));
      continue;
    }
    const ms = r.healthy(1.8);
    book.add(t, null, zap(host, "info", "move relayed", { game: game(), move: uci(), duration: `${ms.toFixed(2)}ms` }));
  }
  for (const t of arrivals(r, t0, end, 0.5)) {
    book.add(t, null, zap(r.pick(relays), "warn", "illegal move rejected", { game: game(), move: uci() }));
  }

  // Clock updates.
  for (const t of arrivals(r, t0, end, 6)) {
    if (shardOf() === 2) {
      const err = { type: "TimeoutError", message: "Command timed out" };
      book.add(t + 2_000, "performance", pino(50, "clock state persist timed out after 2000ms", { game: game(), err }));
      continue;
    }
    book.add(t, null, pino(30, "clock state persisted", { game: game(), responseTime: round(r.healthy(2), 1) }));
  }

  // Matchmaking.
  for (const t of arrivals(r, t0, end, 3)) {
    const pool = r.pick(["bullet", "blitz", "rapid"]);
    if (shardOf() === 2) {
      const msg = "pairing failed: game-state store unavailable (connection refused)";
      book.add(t, "error", tracing("ERROR", msg, { pool, shard: 2 }));
      continue;
    }
    book.add(t, null, tracing("INFO", "pair created", { pool, rating_gap: r.int(0, 180), game: game() }));
  }
  let depth = r.int(600, 900);
  for (const t of ticks(r, t0 + r.int(5, 40) * SEC, end, MIN)) {
    depth += r.int(10, 60);
    book.add(
      t,
      "performance",
      tracing("WARN", "matchmaking queue depth above high-water mark", {
        queue_depth: depth,
        high_water: 150,
      }),
    );
  }
  for (const t of arrivals(r, t0, end, 0.3)) {
    const fields = { player: r.lower(10), games: r.int(0, 9) };
    book.add(t, null, tracing("WARN", "rating is provisional for new player", fields));
  }

  // Lobby.
  for (const t of arrivals(r, t0, end, 4)) book.add(t, null, nginx("GET", "/api/lobby", 200, r.healthy(15)));
  for (const t of arrivals(r, t0, end, 3)) {
    const bad = shardOf() === 2;
    const label: Label = bad ? "error" : null;
    book.add(t, label, nginx("POST", "/api/games", bad ? 503 : 201, r.healthy(40)));
  }
  for (const t of arrivals(r, t0, end, 3)) {
    const bad = shardOf() === 2;
    book.add(t, bad ? "error" : null, nginx("GET", `/api/games/${game()}`, bad ? 503 : 200, r.healthy(6)));
  }
  for (const t of arrivals(r, t0, end, 0.3)) book.add(t, null, nginx("GET", "/api/me", 401, r.healthy(4)));

  // Sentinel keeps trying to fail over and aborting.
  let epoch = r.int(30, 60);
  const master = `master game-state-2 ${deadIp} 6379`;
  for (let t = t0 + r.int(10, 50) * SEC; t < end; t += r.int(170, 200) * SEC) {
    book.add(t, "pattern", (ts) => sentinel(ts, "#", `+new-epoch ${++epoch}`));
    book.add(t + 2, "pattern", (ts) => sentinel(ts, "#", `+try-failover ${master}`));
    book.add(t + 40, "pattern", (ts) => sentinel(ts, "#", `+vote-for-leader ${r.hex(40)} ${epoch}`));
    book.add(t + 1_200, "pattern", (ts) => sentinel(ts, "#", `-failover-abort-no-good-slave ${master}`));
  }

  return {
    name: "chess-server-store-outage",
    description: "Chess server with one game-state shard down all window: hundreds of identical refused lines",
    ...book.build(),
  };
}
