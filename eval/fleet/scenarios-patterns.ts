// Unusual lines and sequences from one instance: a game server flapping its allocator lease, an
// auth host whose clock jumps ahead.

import type { Scenario } from "../blind/types.js";
import { journald, type Lvl, slog, structlog } from "./producers.js";
import { hashSeed, Rng } from "./rng.js";
import { type Label, MIN, round, SEC, startTime, Timeline } from "./timeline.js";
import { eachRequest, every, type Inst, route } from "./traffic.js";

const MAPS = ["harbor", "refinery", "citadel", "dunes", "glacier", "foundry", "canal"];

export function gameServerAllocatorFlapping(seed: number): Scenario {
  const name = "game-server-allocator-flapping";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 60 * MIN;

  const eu = Array.from({ length: 10 }, (_, i) => `gs-euw-${String(i + 1).padStart(2, "0")}`);
  const sae = "gs-sae-01"; // São Paulo: the backends are in Europe, every call is farther
  const servers = [...eu, sae];
  const flapper = eu[r.int(0, 6)]!;
  const restarted = eu.filter((s) => s !== flapper).slice(-3);
  const flapFrom = start + r.int(34, 46) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);
  const flapTo = flapFrom + r.int(4, 7) * MIN;
  const restartAt = start + r.int(6, 14) * MIN;
  const mm = ["matchmaker-0", "matchmaker-1", "matchmaker-2"];
  const ns = (ms: number) => Math.round(ms * 1e6);
  const rtt = (srv: string, ms: number) => (srv === sae ? ms + r.float(175, 195) : ms);
  const log = (t: number, service: string, server: string, lvl: Lvl, msg: string, f: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, slog(t, { lvl, msg, f: { service, server, build: "2025.03.4", ...f } }), label);
  const lease = () => `lease-${r.hex(10)}`;

  // Rolling restart early in the window: each drains, restarts and registers in turn.
  const offline = new Map<string, [number, number]>();
  restarted.forEach((s, i) => {
    const t0 = restartAt + i * r.float(100, 160) * SEC;
    const t1 = t0 + r.float(20, 40) * SEC;
    offline.set(s, [t0, t1 + 8 * SEC]);
    log(t0, "gameserver", s, "info", "draining: no new matches will be allocated", { reason: "rolling-update" });
    log(t0 + 300, "matchmaker", r.pick(mm), "info", "gameserver deregistered", { gameserver: s, reason: "drained" });
    log(t0 + 2500, "gameserver", s, "info", "shutdown complete", { uptime: "71h12m4s" });
    log(t1, "gameserver", s, "info", "starting gameserver", { region: "eu-west", port: 7777, tickrate: 64 });
    log(t1 + 1200, "gameserver", s, "info", `loaded map rotation: ${MAPS.length} maps`);
    log(t1 + 5200, "gameserver", s, "info", "registered with allocator", { lease_id: lease(), duration: ns(r.float(3, 9)) });
    log(t1 + 5400, "matchmaker", r.pick(mm), "info", "gameserver registered", { gameserver: s, region: "eu-west", capacity: 10 });
  });
  const down = (s: string, t: number) => {
    const o = offline.get(s);
    return (o !== undefined && t >= o[0] && t < o[1]) || (s === flapper && t >= flapFrom && t < flapTo);
  };

  for (const s of servers) {
    every(r, start, end, 30 * SEC, (t) => {
      if (!down(s, t)) log(t, "gameserver", s, "info", "allocator heartbeat ok", { duration: ns(rtt(s, r.logNormal(4, 0.3))) });
    });
    every(r, start, end, MIN, (t) => {
      if (!down(s, t)) log(t, "gameserver", s, "info", "stats flushed to stats-api", { events: r.int(40, 900), duration: ns(rtt(s, r.logNormal(12, 0.35))) });
    });
    // Matches back to back.
    let t = start + r.float(0, 6) * MIN;
    while (t < end) {
      if (down(s, t)) {
        t += 2 * MIN;
        continue;
      }
      const matchId = `m_${r.hex(12)}`;
      const players = Array.from({ length: 10 }, () => `p_${r.alnum(10)}`);
      const mapName = r.pick(MAPS);
      log(t - 400, "matchmaker", r.pick(mm), "info", "allocated server", { gameserver: s, match_id: matchId, duration: ns(rtt(s, r.logNormal(20, 0.3))) });
      for (const [i, p] of players.entries())
        log(t + i * r.float(300, 2500), "gameserver", s, "info", "player joined", { match_id: matchId, player_id: p, slot: i });
      const t1 = t + 25 * SEC;
      log(t1, "gameserver", s, "info", "match started", { match_id: matchId, map: mapName, mode: r.pick(["ranked", "casual", "casual"]), players: 10 });
      const len = r.float(6, 11) * MIN;
      if (r.chance(0.5))
        log(t1 + r.float(0.2, 0.9) * len, "gameserver", s, "info", "player left", { match_id: matchId, player_id: r.pick(players), reason: "quit" });
      log(t1 + len, "gameserver", s, "info", "match ended", { match_id: matchId, winner: r.pick(["red", "blue"]), score: `${r.int(0, 13)}-${r.int(0, 13)}` });
      t = t1 + len + r.float(20, 90) * SEC;
    }
  }

  // Matchmaking tickets.
  eachRequest(r, { start, end, perMin: 9, insts: mm.map((m) => ({ name: m })), routes: [route("TICKET", "ticket", 1, 1)] }, (q) => {
    const ticket = `t_${r.hex(12)}`;
    log(q.t, "matchmaker", q.inst.name, "info", "ticket created", { ticket_id: ticket, mode: r.pick(["ranked", "casual", "casual"]), party_size: r.int(1, 4) });
    if (r.chance(0.03)) log(q.t + r.float(60, 120) * SEC, "matchmaker", q.inst.name, "info", "ticket cancelled by player", { ticket_id: ticket });
  });

  // The flapping server: its allocator lease expires every few seconds and it re-registers, over and over.
  for (let t = flapFrom, n = 0; t < flapTo; t += r.float(16, 30) * SEC, n++) {
    log(
      t,
      "gameserver",
      flapper,
      "warn",
      "allocator lease lost, re-registering",
      { lease_id: lease(), reason: "lease expired", missed_heartbeats: 3 },
      "pattern",
    );
    log(t + r.float(200, 900), "matchmaker", r.pick(mm), "warn", "gameserver deregistered", { gameserver: flapper, reason: "lease expired" }, "pattern");
    log(t + r.float(1000, 2500), "gameserver", flapper, "info", "registered with allocator", { lease_id: lease(), duration: ns(r.float(3, 9)) }, "pattern");
    if (n % 2 === 0)
      log(
        t + r.float(2600, 4000),
        "gameserver",
        flapper,
        "warn",
        "player connection dropped",
        { player_id: `p_${r.alnum(10)}`, reason: "server_unregistered" },
        "pattern",
      );
  }

  return tl.scenario(
    name,
    "late in the window one of eleven game servers loses its allocator lease every 16-30 s for a few minutes and re-registers each time, dropping players; an early rolling restart with the same registration lines and a São Paulo server with steady 180 ms extra latency stay normal (Go slog, server)",
  );
}

export function authHostClockSkew(seed: number): Scenario {
  const name = "auth-host-clock-skew";
  const r = new Rng(hashSeed(seed, name));
  const tl = new Timeline();
  const start = startTime(r);
  const end = start + 70 * MIN;

  const auth: Inst[] = ["a", "b", "c"].flatMap((z) => [1, 2].map((i) => ({ name: `auth-use1-${z}-0${i}` })));
  const bad = auth[r.int(0, 5)]!;
  const gateways: Inst[] = ["a", "b", "c", "d"].map((z) => ({ name: `gw-use1-${z}` }));
  const profile: Inst[] = [1, 2, 3].map((i) => ({ name: `profile-use1-0${i}` }));
  const skewFrom = start + r.int(44, 56) * MIN + r.int(0, 59) * SEC + r.float(0, 1000);
  const skewTo = skewFrom + r.int(4, 7) * MIN;
  const skew = round(r.float(60, 140), 1);
  const pids = new Map([...auth, ...profile].map((h) => [h.name, r.int(500, 900)]));

  const slogLine = (t: number, gw: string, lvl: Lvl, msg: string, f: Record<string, unknown>, label: Label = null) =>
    tl.add(t, slog(t, { lvl, msg, f: { service: "api-gateway", instance: gw, ...f } }), label);
  const py = (t: number, svc: string, inst: string, lvl: Lvl, logger: string, event: string, f: Record<string, unknown> = {}, label: Label = null) =>
    tl.add(t, structlog(t, { event, lvl, logger, f: { service: svc, instance: inst, ...f } }), label);
  const sys = (t: number, host: string, priority: number, msg: string, label: Label = null) =>
    tl.add(t, journald(t, { host, ident: "chronyd", priority, pid: pids.get(host) ?? 600, msg, unit: "chronyd.service" }), label);

  // Tokens issued by the skewed host while its clock is ahead are rejected by the gateways.
  const badTokens: number[] = [];
  eachRequest(
    r,
    {
      start,
      end,
      perMin: 26,
      insts: auth,
      routes: [route("POST", "/oauth/token", 35, 6, () => "", { sigma: 0.3 }), route("POST", "/login", 120, 2, () => "", { sigma: 0.3 })],
    },
    (q) => {
      const te = q.t + q.dur;
      if (q.route.tpl === "/login" && r.chance(0.05)) {
        py(te, "auth-service", q.inst.name, "warn", "auth.login", "login failed: invalid credentials", {
          user_id: r.int(100000, 999999),
          duration_ms: round(q.dur, 1),
          attempt: r.int(1, 4),
        });
        return;
      }
      const grant = q.route.tpl === "/login" ? "password" : r.pick(["refresh_token", "refresh_token", "client_credentials"]);
      py(te, "auth-service", q.inst.name, "info", "auth.tokens", "token issued", {
        client_id: r.pick(["web-app", "ios-app", "android-app", "partner-sync"]),
        grant_type: grant,
        jti: r.hex(16),
        expires_in: 900,
        duration_ms: round(q.dur, 1),
      });
      if (q.inst === bad && te >= skewFrom && te < skewTo) badTokens.push(te);
    },
  );

  // The skewed host itself notices the gap against its peers.
  every(r, skewFrom + 20 * SEC, skewTo, 30 * SEC, (t) => {
    const peer = r.pick(auth.filter((a) => a !== bad)).name;
    py(
      t,
      "auth-service",
      bad.name,
      "warn",
      "auth.clock",
      `clock skew against peer ${peer} is +${(skew + r.float(-0.5, 0.5)).toFixed(1)}s`,
      { peer, threshold_s: 5 },
      "pattern",
    );
  });
  sys(skewFrom - r.float(20, 60) * SEC, bad.name, 4, "Can't synchronise: no selectable sources", "pattern");
  sys(skewFrom + r.float(5, 15) * SEC, bad.name, 4, `System clock wrong by ${skew.toFixed(6)} seconds`, "pattern");
  sys(skewTo - 2 * SEC, bad.name, 6, `Selected source 169.254.169.123`, null);
  sys(skewTo, bad.name, 4, `System clock was stepped by -${skew.toFixed(6)} seconds`, "pattern");
  for (const h of [...auth, ...profile]) {
    every(r, start, end, r.int(14, 22) * MIN, (t) => {
      if (h === bad && t > skewFrom - 5 * MIN && t < skewTo + MIN) return;
      sys(t, h.name, 6, r.pick(["Selected source 169.254.169.123", "Source 169.254.169.123 online"]), null);
    });
  }

  // Clients use a token a few times in the next minute; a gateway rejects the ones from the future.
  for (const issued of badTokens) {
    const uses = r.int(1, 3);
    for (let i = 0; i < uses; i++) {
      const t = issued + r.float(0.2, 60) * SEC;
      if (t >= end) continue;
      const ahead = Math.round(skew - (t - issued) / 1000);
      if (ahead <= 5) continue;
      slogLine(
        t,
        r.pick(gateways).name,
        "warn",
        `rejected token: nbf is ${ahead}s in the future`,
        {
          status: 401,
          path: r.pick(["/v1/profile", "/v1/orders", "/v1/feed", "/v1/notifications"]),
          reason: "token_not_yet_valid",
          latency_ms: round(r.float(0.3, 1.5), 2),
        },
        "error",
      );
    }
  }

  eachRequest(
    r,
    {
      start,
      end,
      perMin: 30,
      insts: gateways,
      routes: [
        route("GET", "/v1/profile", 22, 4),
        route("GET", "/v1/orders", 48, 2),
        route("GET", "/v1/feed", 95, 3),
        route("GET", "/v1/notifications", 30, 2),
        route("POST", "/v1/profile/avatar", 180, 1),
      ],
    },
    (q) => {
      if (r.chance(0.015)) {
        // Expired tokens from clients that slept: routine on every gateway.
        slogLine(q.t + 1, q.inst.name, "warn", `rejected token: expired ${r.int(1, 3000)}s ago`, {
          status: 401,
          path: q.path,
          reason: "token_expired",
          latency_ms: round(r.float(0.3, 1.5), 2),
        });
        return;
      }
      slogLine(q.t + q.dur, q.inst.name, "info", "proxied request", {
        method: q.route.method,
        path: q.path,
        status: q.status,
        upstream: q.path.startsWith("/v1/profile") ? "profile" : q.path.slice(4),
        latency_ms: round(q.dur, 1),
      });
      if (q.path.startsWith("/v1/profile")) {
        const p = r.pick(profile).name;
        py(q.t + q.dur * 0.8, "user-profile", p, "info", "profile.api", q.route.method === "POST" ? "avatar updated" : "profile served", {
          user_id: r.int(100000, 999999),
          duration_ms: round(q.dur * 0.7, 1),
          cache: r.chance(0.8) ? "hit" : "miss",
        });
      }
    },
  );

  return tl.scenario(
    name,
    "late in the window one of six auth hosts loses NTP and its clock jumps a minute or two ahead for a few minutes: chronyd and skew warnings on that host, gateways rejecting its fresh tokens as not yet valid, then the clock is stepped back; routine expired-token rejections and failed logins on every instance stay normal (structlog and slog, instance; journald, host)",
  );
}
