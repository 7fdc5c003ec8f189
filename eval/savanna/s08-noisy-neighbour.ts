/**
 * s08: a multiplayer game backend (Python services logging with python-json-logger). The
 * telemetry relay writes ERROR and CRITICAL lines all day at a steady rate (a vendor that
 * rate-limits it, a legacy anti-cheat licence server that is long gone): routine, labelled
 * normal. The real incident is in matchmaking: its Redis primary dies, tickets cannot be
 * written, queue waits explode, the lobby fails party joins, until a replica is promoted.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { HOUR, MIN, SEC, Timeline, arrivals, every, pyAsctime, round, uuid, within, type Label, type Log } from "./common.js";

const NAME = "noisy-neighbour";

const QUEUES = ["ranked-solo", "ranked-duo", "casual-squads", "arena-3v3", "custom-tournament"];
const REGIONS = ["eu-west", "eu-central", "us-east", "us-west", "ap-southeast"];

export function s08NoisyNeighbour(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(5, 7) * HOUR;
  const start = rng.start2026(span, 10, 17);
  const end = start + span;
  const tl = new Timeline();

  const i0 = start + span * rng.float(0.45, 0.7); // redis-mm primary lost
  const promoted = i0 + rng.float(9, 16) * MIN; // sentinel promotes a replica, clients reconnect
  const drained = promoted + rng.float(4, 8) * MIN; // backlog of waiting tickets drained
  const redisDown = (t: number): boolean => within(t, i0, promoted);

  // python-json-logger with "%(asctime)s %(levelname)s %(name)s %(message)s" plus extras
  const pjl = (t: number, level: string, logger: string, service: string, message: string, extra: Log = {}, excInfo?: string): Log => {
    const log: Log = { asctime: pyAsctime(t), levelname: level, name: logger, message, service, hostname: `${service}-${rng.int(0, 3)}`, ...extra };
    if (excInfo !== undefined) log.exc_info = excInfo;
    return log;
  };
  const pyTb = (frames: [string, number, string][], exc: string): string =>
    `Traceback (most recent call last):\n${frames.map(([f, l, fn]) => `  File "${f}", line ${l}, in ${fn}`).join("\n")}\n${exc}`;

  // ------------------------------------------------------------ normal traffic
  const normal = (t: number): void => {
    const k = rng.weighted([
      ["ticket", 14],
      ["match", 9],
      ["cancel", 1.5],
      ["lobby", 14],
      ["party", 5],
      ["inventory", 12],
      ["grant", 4],
      ["leader", 8],
      ["chat", 10],
      ["chatmod", 1],
    ] as const);
    const player = `p_${rng.alnum(10)}`;
    const q = rng.pick(QUEUES);
    const region = rng.pick(REGIONS);
    switch (k) {
      case "ticket":
        if (redisDown(t)) {
          tl.add(
            t,
            pjl(
              t,
              "ERROR",
              "matchmaker.tickets",
              "matchmaker",
              "failed to enqueue ticket",
              { queue: q, region, player_id: player },
              pyTb(
                [
                  ["/app/matchmaker/tickets.py", 88, "enqueue"],
                  ["/usr/local/lib/python3.12/site-packages/redis/client.py", 1269, "execute_command"],
                  ["/usr/local/lib/python3.12/site-packages/redis/connection.py", 708, "connect"],
                ],
                `redis.exceptions.ConnectionError: Error 111 connecting to redis-mm-0.redis-mm.games.svc.cluster.local:6379. Connection refused.`,
              ),
            ),
            "error",
          );
          return;
        }
        tl.add(
          t,
          pjl(t, "INFO", "matchmaker.tickets", "matchmaker", "ticket created", {
            queue: q,
            region,
            player_id: player,
            ticket_id: uuid(rng),
            mmr: rng.int(600, 3400),
          }),
        );
        return;
      case "match": {
        if (redisDown(t)) return; // the formation loop cannot read candidates (its errors are below)
        const slow = within(t, i0, drained);
        const wait = slow ? rng.float(150, 900) : rng.logNormal(16, 0.55, 3);
        tl.add(
          t,
          pjl(t, "INFO", "matchmaker.formation", "matchmaker", "match formed", {
            queue: q,
            region,
            players: q.includes("solo") ? 10 : q.includes("duo") ? 10 : q.includes("arena") ? 6 : 40,
            wait_s: round(wait, 1),
            mmr_spread: rng.int(40, 400),
            match_id: uuid(rng),
          }),
          slow && wait > 48 ? "performance" : null,
        );
        return;
      }
      case "cancel":
        tl.add(
          t,
          pjl(t, "WARNING", "matchmaker.tickets", "matchmaker", "ticket cancelled by client", {
            queue: q,
            player_id: player,
            waited_s: round(rng.float(2, 60), 1),
          }),
        );
        return;
      case "lobby": {
        const ms = rng.logNormal(18, 0.4, 2.5);
        if (redisDown(t) && rng.chance(0.35)) {
          tl.add(
            t,
            pjl(t, "ERROR", "lobby.api", "lobby-service", "GET /v2/match-tickets/{ticket_id} 503", {
              method: "GET",
              path: `/v2/match-tickets/${uuid(rng)}`,
              status_code: 503,
              latency_ms: round(rng.float(2, 12), 1),
              upstream: "matchmaker",
            }),
            "error",
          );
          return;
        }
        const path = rng.pick(["/v2/lobbies", "/v2/lobbies/{id}", "/v2/match-tickets/{ticket_id}", "/v2/friends/online"]);
        tl.add(
          t,
          pjl(t, "INFO", "lobby.api", "lobby-service", `GET ${path} 200`, {
            method: "GET",
            path: path.replace("{id}", String(rng.int(1, 99999))).replace("{ticket_id}", uuid(rng)),
            status_code: 200,
            latency_ms: round(ms, 1),
          }),
        );
        return;
      }
      case "party":
        if (redisDown(t)) {
          tl.add(
            t,
            pjl(t, "ERROR", "lobby.parties", "lobby-service", "party join failed: matchmaker unavailable", {
              party_id: `pt_${rng.alnum(8)}`,
              player_id: player,
              error: "upstream matchmaker returned 503",
            }),
            "error",
          );
          return;
        }
        tl.add(
          t,
          pjl(t, "INFO", "lobby.parties", "lobby-service", "player joined party", { party_id: `pt_${rng.alnum(8)}`, player_id: player, size: rng.int(2, 4) }),
        );
        return;
      case "inventory":
        tl.add(
          t,
          pjl(t, "INFO", "inventory.api", "inventory-service", "loadout saved", {
            player_id: player,
            items: rng.int(4, 12),
            latency_ms: round(rng.logNormal(22, 0.35, 2), 1),
          }),
        );
        return;
      case "grant":
        tl.add(
          t,
          pjl(t, "INFO", "inventory.grants", "inventory-service", "reward granted", {
            player_id: player,
            sku: rng.pick(["skin_neon_fox", "xp_boost_1h", "emote_wave", "battlepass_tier", "crate_common"]),
            source: rng.pick(["match_end", "daily_login", "battlepass"]),
          }),
        );
        return;
      case "leader":
        tl.add(
          t,
          pjl(t, "INFO", "leaderboard.writer", "leaderboard", "scores written", {
            board: `${q}:${region}:season-14`,
            entries: rng.int(6, 40),
            latency_ms: round(rng.logNormal(9, 0.35, 2), 1),
          }),
        );
        return;
      case "chat":
        tl.add(
          t,
          pjl(t, "INFO", "chat.gateway", "chat-gateway", rng.chance(0.5) ? "websocket connected" : "websocket closed", {
            player_id: player,
            region,
            code: 1000,
          }),
        );
        return;
      case "chatmod":
        tl.add(
          t,
          pjl(t, "WARNING", "chat.moderation", "chat-gateway", "message blocked by profanity filter", { player_id: player, channel: `party:${rng.alnum(8)}` }),
        );
        return;
    }
  };
  for (const t of arrivals(rng, start, end, span / 3600)) normal(t);

  // ------------------------------------------------------------ periodic queue stats
  for (const q of QUEUES) {
    for (const t of every(rng, start, end, 2 * MIN, 2 * SEC)) {
      const bad = within(t, i0 + 45 * SEC, drained); // the backlog builds within a minute
      const depth = bad ? rng.int(2500, 9000) : rng.int(20, 420);
      const p50 = bad ? rng.float(120, 600) : rng.logNormal(14, 0.3, 2);
      tl.add(
        t,
        pjl(t, "INFO", "matchmaker.stats", "matchmaker", "queue stats", {
          queue: q,
          depth,
          wait_p50_s: round(p50, 1),
          wait_p95_s: round(p50 * rng.float(1.8, 2.6), 1),
        }),
        bad ? "performance" : null,
      );
    }
  }

  // ------------------------------------------------------------ the noisy neighbour: steady errors all day
  for (const t of arrivals(rng, start, end, 35 * SEC)) {
    if (rng.chance(0.8)) {
      tl.add(
        t,
        pjl(t, "ERROR", "telemetry.forwarder", "telemetry-relay", "failed to forward telemetry batch to vendor endpoint (HTTP 429), batch dropped", {
          batch_size: rng.pick([250, 500, 500, 1000]),
          endpoint: "https://ingest.gamepulse-analytics.example/v1/batch",
          retry_after_s: rng.int(1, 30),
        }),
      );
    } else {
      tl.add(
        t,
        pjl(
          t,
          "ERROR",
          "telemetry.forwarder",
          "telemetry-relay",
          "vendor connection reset, batch dropped",
          { batch_size: 500 },
          pyTb(
            [
              ["/app/relay/forwarder.py", 142, "flush"],
              ["/usr/local/lib/python3.12/site-packages/requests/api.py", 115, "post"],
              ["/usr/local/lib/python3.12/site-packages/requests/adapters.py", 501, "send"],
            ],
            "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
          ),
        ),
      );
    }
  }
  for (const t of every(rng, start, end, 3 * MIN, 20 * SEC)) {
    tl.add(
      t,
      pjl(t, "CRITICAL", "telemetry.anticheat", "telemetry-relay", "legacy anti-cheat licence server unreachable; running in degraded mode", {
        licence_host: "ac-licence.legacy.internal:7443",
        degraded_since: "2025-11-02T09:14:00Z",
      }),
    );
  }

  // ------------------------------------------------------------ the incident in matchmaking
  const inc = (t: number, level: string, logger: string, message: string, label: Label, extra: Log = {}, exc?: string): void => {
    tl.add(t, pjl(t, level, logger, "matchmaker", message, extra, exc), label);
  };
  inc(
    i0 + rng.float(0.5, 3) * SEC,
    "ERROR",
    "matchmaker.store",
    "lost connection to redis-mm primary",
    "error",
    { host: "redis-mm-0.redis-mm.games.svc.cluster.local", port: 6379 },
    pyTb(
      [
        ["/app/matchmaker/store.py", 61, "heartbeat"],
        ["/usr/local/lib/python3.12/site-packages/redis/connection.py", 520, "read_response"],
      ],
      "redis.exceptions.ConnectionError: Connection closed by server.",
    ),
  );
  for (const t of arrivals(rng, i0 + 5 * SEC, promoted, 9 * SEC)) {
    const r = rng.next();
    if (r < 0.35) {
      inc(
        t,
        "ERROR",
        "matchmaker.formation",
        "match formation loop failed, retrying in 2s",
        "error",
        { queue: rng.pick(QUEUES) },
        pyTb(
          [
            ["/app/matchmaker/formation.py", 203, "run_once"],
            ["/app/matchmaker/store.py", 112, "pop_candidates"],
            ["/usr/local/lib/python3.12/site-packages/redis/connection.py", 708, "connect"],
          ],
          "redis.exceptions.ConnectionError: Error 111 connecting to redis-mm-0.redis-mm.games.svc.cluster.local:6379. Connection refused.",
        ),
      );
    } else if (r < 0.55) {
      inc(
        t,
        "ERROR",
        "matchmaker.store",
        "write rejected by replica",
        "error",
        { key: `tickets:${rng.pick(QUEUES)}` },
        pyTb(
          [
            ["/app/matchmaker/store.py", 94, "put_ticket"],
            ["/usr/local/lib/python3.12/site-packages/redis/client.py", 1276, "execute_command"],
          ],
          "redis.exceptions.ReadOnlyError: You can't write against a read only replica.",
        ),
      );
    } else if (r < 0.8) {
      inc(t, "WARNING", "matchmaker.tickets", "ticket expired in queue", "performance", {
        queue: rng.pick(QUEUES),
        region: rng.pick(REGIONS),
        waited_s: round(rng.float(300, 320), 1),
        ticket_id: uuid(rng),
      });
    } else {
      inc(t, "WARNING", "matchmaker.health", "readiness check failed: redis ping timed out after 1.0s", "performance", { check: "redis", timeout_s: 1.0 });
    }
  }
  inc(promoted, "WARNING", "matchmaker.store", "sentinel reports new primary for redis-mm, reconnecting", "pattern", {
    old_primary: "redis-mm-0",
    new_primary: "redis-mm-2",
    sentinel: "redis-mm-sentinel:26379",
  });
  inc(promoted + rng.float(1, 3) * SEC, "INFO", "matchmaker.store", "connected to redis-mm primary", "pattern", {
    host: "redis-mm-2.redis-mm.games.svc.cluster.local",
    port: 6379,
  });
  const requeued = rng.int(300, 1400);
  inc(
    promoted + rng.float(5, 15) * SEC,
    "INFO",
    "matchmaker.tickets",
    `re-enqueued ${requeued} tickets recovered from client retries after failover`,
    "pattern",
    { count: requeued },
  );

  return tl.build(
    NAME,
    "Game backend in python-json-logger: telemetry-relay logs ERROR/CRITICAL all day (routine) while matchmaking's Redis primary dies, tickets fail and queue waits explode until failover.",
  );
}
