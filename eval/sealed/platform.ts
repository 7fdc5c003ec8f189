// Platform incidents: a Vault intrusion hidden in routine audit traffic, IoT gateways reporting
// memory as a field, game servers lagging from the first second, a mobile backend's odd lines
// and a RabbitMQ broker blocking publishers on memory.

import type { Scenario } from "../blind/types.js";
import { arrivals, baseTime, epochS, HOUR, Incident, iso, MIN, Rng, round, SEC, ticks } from "./kit.js";

/**
 * Vault audit events (shipped with a generated message) over three quiet hours: Kubernetes
 * logins, secret reads, dynamic database credentials, CI AppRole logins, and a metrics exporter
 * denied every minute as it has been for months. Hidden in it: password guesses and a userpass
 * login from a Tor exit node, secret enumeration, an orphan admin token and an attempt to
 * disable the audit device.
 */
export function vaultTokenAbuse(seed: number): Scenario {
  const r = new Rng(seed, "vault-token-abuse");
  const inc = new Incident();
  const t0 = baseTime(seed, 1);
  const end = t0 + 3 * HOUR;
  const apps = ["payments", "orders", "ledger", "notifications", "search", "identity"];
  const ev = (
    t: number,
    level: string,
    message: string,
    request: Record<string, unknown>,
    auth: Record<string, unknown>,
    extra: Record<string, unknown> = {},
    label: "pattern" | null = null,
  ) => inc.add(t, { time: iso(t), type: "response", service: "vault", level, message, request: { id: r.uuid(), ...request }, auth, ...extra }, label);
  for (const t of arrivals(r, t0, end, () => 0.36, 0.36)) {
    const app = r.pick(apps);
    const ip = r.ip("10.12.");
    const auth = { display_name: `kubernetes-${app}-${app}-sa`, policies: ["default", `${app}-read`], token_type: "service", entity_id: r.uuid() };
    const kind = r.weighted([
      ["read", 45],
      ["login", 15],
      ["dbcreds", 12],
      ["renew", 14],
      ["revoke", 6],
      ["approle", 5],
      ["transit", 8],
    ] as const);
    if (kind === "read") {
      const path = `secret/data/${app}/${r.pick(["config", "stripe", "smtp", "jwt-signing", "s3", "oauth-client"])}`;
      ev(t, "info", `read ${path} by ${auth.display_name} (200)`, { operation: "read", path, remote_address: ip, mount_type: "kv" }, auth, {
        duration_ms: round(r.logn(1.2, 0.4), 2),
      });
    } else if (kind === "login") {
      ev(
        t,
        "info",
        `update auth/kubernetes/login role=${app} (200)`,
        { operation: "update", path: "auth/kubernetes/login", remote_address: ip },
        { ...auth, token_ttl: 3600 },
      );
    } else if (kind === "dbcreds") {
      ev(
        t,
        "info",
        `read database/creds/${app}-rw by ${auth.display_name} (200)`,
        { operation: "read", path: `database/creds/${app}-rw`, remote_address: ip },
        auth,
        { lease_id: `database/creds/${app}-rw/${r.alnum(24)}`, duration_ms: round(r.logn(38, 0.4), 1) },
      );
    } else if (kind === "renew") {
      ev(t, "info", `update sys/leases/renew by ${auth.display_name} (200)`, { operation: "update", path: "sys/leases/renew", remote_address: ip }, auth);
    } else if (kind === "revoke") {
      ev(
        t,
        "info",
        `lease expired and revoked: database/creds/${app}-rw/${r.alnum(24)}`,
        { operation: "revoke", path: "sys/leases/revoke", remote_address: "127.0.0.1" },
        { display_name: "expiration-manager" },
      );
    } else if (kind === "approle") {
      ev(
        t,
        "info",
        "update auth/approle/login role=gitlab-deployer (200)",
        { operation: "update", path: "auth/approle/login", remote_address: r.ip("10.30.4.") },
        { display_name: "approle", policies: ["default", "deployer"], metadata: { role_name: "gitlab-deployer" } },
      );
    } else {
      ev(
        t,
        "info",
        `update transit/${r.pick(["encrypt", "decrypt"])}/pii by ${auth.display_name} (200)`,
        { operation: "update", path: "transit/encrypt/pii", remote_address: ip },
        auth,
        { duration_ms: round(r.logn(2, 0.4), 2) },
      );
    }
  }
  // Routine denial: the metrics exporter's token lacks sys/metrics, every minute.
  for (const t of ticks(r, t0, end, 60 * SEC, 500))
    ev(
      t,
      "error",
      "read sys/metrics by kubernetes-monitoring-vault-exporter (403): 1 error occurred: * permission denied",
      { operation: "read", path: "sys/metrics", remote_address: "10.12.9.14" },
      { display_name: "kubernetes-monitoring-vault-exporter", policies: ["default"] },
      { error: "permission denied" },
    );
  // Occasional humans through OIDC from the VPN range.
  for (const t of arrivals(r, t0, end, () => 0.0015, 0.0015))
    ev(
      t,
      "info",
      `update auth/oidc/oidc/callback (200) user ${r.pick(["a.moreau", "k.schmidt", "p.rossi", "l.nguyen"])}@example.com`,
      { operation: "update", path: "auth/oidc/oidc/callback", remote_address: r.ip("10.20.") },
      { display_name: "oidc", policies: ["default", "sre"] },
    );
  // The intrusion, spread over twenty minutes somewhere in the second half.
  const start = t0 + 100 * MIN + r.int(0, 40) * MIN;
  const tor = `185.220.101.${r.int(2, 250)}`;
  const who = { display_name: "userpass-svc-backup", policies: ["default", "backup-operator"], token_type: "service" };
  let t = start;
  for (let i = 0; i < 3; i++) {
    ev(
      t,
      "error",
      "update auth/userpass/login/svc-backup (400): invalid username or password",
      { operation: "update", path: "auth/userpass/login/svc-backup", remote_address: tor },
      {},
      { error: "invalid username or password" },
      "pattern",
    );
    t += r.int(20, 90) * SEC;
  }
  ev(
    t,
    "info",
    "update auth/userpass/login/svc-backup (200)",
    { operation: "update", path: "auth/userpass/login/svc-backup", remote_address: tor },
    who,
    {},
    "pattern",
  );
  t += r.int(60, 200) * SEC;
  ev(t, "info", "read sys/mounts by userpass-svc-backup (200)", { operation: "read", path: "sys/mounts", remote_address: tor }, who, {}, "pattern");
  for (const p of ["secret/metadata/", "secret/metadata/payments/", "secret/metadata/identity/", "secret/metadata/infra/", "secret/metadata/infra/aws/"]) {
    t += r.int(2, 9) * SEC;
    ev(t, "info", `list ${p} by userpass-svc-backup (200)`, { operation: "list", path: p, remote_address: tor }, who, {}, "pattern");
  }
  t += r.int(20, 60) * SEC;
  ev(
    t,
    "info",
    "read secret/data/infra/aws/root-access-key by userpass-svc-backup (200)",
    { operation: "read", path: "secret/data/infra/aws/root-access-key", remote_address: tor, mount_type: "kv" },
    who,
    {},
    "pattern",
  );
  t += r.int(60, 180) * SEC;
  ev(
    t,
    "info",
    "update auth/token/create-orphan by userpass-svc-backup (200) policies=[admin] ttl=768h",
    { operation: "update", path: "auth/token/create-orphan", remote_address: tor },
    who,
    {},
    "pattern",
  );
  t += r.int(120, 400) * SEC;
  ev(
    t,
    "warn",
    "delete sys/audit/file by token-orphan (403): permission denied",
    { operation: "delete", path: "sys/audit/file", remote_address: tor },
    { display_name: "token", policies: ["admin"] },
    { error: "permission denied" },
    "pattern",
  );
  return inc.finish(
    "vault-token-abuse",
    "Three hours of routine Vault audit traffic hiding a brute-forced userpass login from a Tor exit node, secret enumeration, an orphan admin token and an audit-disable attempt",
  );
}

/**
 * Six factory-floor IoT gateways send a heartbeat every 10 s with mem_pct as a field. One gets a
 * beta firmware; its memory climbs steadily from ~40% to the OOM killer, it restarts, and climbs
 * again. The broker and the gateway's buffer report what the crash cost.
 */
export function iotGatewayMemoryLeak(seed: number): Scenario {
  const r = new Rng(seed, "iot-gateway-memory-leak");
  const inc = new Incident();
  const t0 = baseTime(seed, 5);
  const end = t0 + 110 * MIN;
  const gws = ["gw-hall1-a", "gw-hall1-b", "gw-hall2-a", "gw-hall2-b", "gw-hall3-a", "gw-dock-a"];
  const leaky = r.pick(gws);
  const update = t0 + 8 * MIN + r.int(0, 4) * MIN;
  const climbMs = 55 * MIN + r.int(0, 10) * MIN; // from ~40% to ~97%
  const crash = update + climbMs;
  const restart = crash + 45 * SEC;
  const base = new Map(gws.map((g) => [g, 34 + r.next() * 10]));
  for (const g of gws) {
    let uptime = r.int(100000, 900000);
    let restarted = false;
    for (const t of ticks(r, t0, end, 10 * SEC, 300)) {
      uptime += 10;
      let mem = base.get(g)! + r.normal() * 1.2;
      let label: "memory" | null = null;
      if (g === leaky && t > update) {
        if (t >= crash && t < restart) continue;
        const since = t < crash ? t - update : t - restart;
        if (t >= restart && !restarted) {
          uptime = 0;
          restarted = true;
        }
        mem = Math.min(98.5, 38 + (since / climbMs) * 59 + r.normal() * 0.8);
        if (mem >= 65) label = "memory";
      }
      const q = label ? r.int(0, 40) : r.int(0, 6);
      inc.add(
        t,
        {
          timestamp: iso(t),
          level: "info",
          service: "edge-gateway",
          device: g,
          message: `heartbeat ${g} uptime=${uptime}s readings=${r.int(180, 260)}/10s queue=${q}`,
          mem_pct: round(mem, 1),
          cpu_pct: round(8 + r.next() * 14, 1),
          temp_c: round(41 + r.next() * 6, 1),
          firmware: g === leaky && t > update ? "4.8.0-rc2" : "4.7.3",
        },
        label,
      );
    }
  }
  // Sensor ingestion on the broker side, and routine device warnings.
  for (const t of arrivals(r, t0, end, () => 0.15, 0.15)) {
    const g = r.pick(gws);
    if (g === leaky && t >= crash && t < restart) continue;
    inc.add(t, {
      timestamp: iso(t),
      level: "info",
      service: "mqtt-bridge",
      message: `batch from ${g}: ${r.int(40, 300)} readings on plant/${g.split("-")[1]}/sensors, ${r.int(0, 2)} duplicates dropped`,
      latency_ms: round(r.logn(35, 0.5), 1),
    });
  }
  for (const t of arrivals(r, t0, end, () => 0.004, 0.004))
    inc.add(t, {
      timestamp: iso(t),
      level: "warning",
      service: "edge-gateway",
      device: r.pick(gws),
      message: `modbus read timeout on unit ${r.int(1, 24)} register 40${r.int(100, 999)}, retrying`,
    });
  inc.add(
    update,
    {
      timestamp: iso(update),
      level: "info",
      service: "edge-gateway",
      device: leaky,
      message: `firmware updated 4.7.3 -> 4.8.0-rc2 (channel=beta, signed_by=dev-key-2)`,
    },
    "pattern",
  );
  inc.add(update + 20 * SEC, {
    timestamp: iso(update + 20 * SEC),
    level: "info",
    service: "edge-gateway",
    device: leaky,
    message: "gatewayd 4.8.0-rc2 starting",
  });
  inc.add(
    crash - 12 * SEC,
    {
      timestamp: iso(crash - 12 * SEC),
      level: "warning",
      service: "edge-gateway",
      device: leaky,
      message: "memory low: malloc arena exhausted, shrinking reading cache to 1024 entries",
      mem_pct: 97.9,
    },
    "memory",
  );
  inc.add(
    crash,
    {
      timestamp: iso(crash),
      level: "error",
      service: "kernel",
      device: leaky,
      message: `Out of memory: Killed process ${r.int(300, 900)} (gatewayd) total-vm:${r.int(480000, 520000)}kB, anon-rss:${r.int(440000, 470000)}kB, file-rss:812kB`,
    },
    "memory",
  );
  inc.add(
    crash + 2 * SEC,
    {
      timestamp: iso(crash + 2 * SEC),
      level: "error",
      service: "mqtt-bridge",
      message: `client ${leaky} disconnected unexpectedly (keepalive timeout), will message published to plant/status`,
    },
    "error",
  );
  inc.add(restart, { timestamp: iso(restart), level: "info", service: "edge-gateway", device: leaky, message: "gatewayd 4.8.0-rc2 starting" });
  inc.add(
    restart + 3 * SEC,
    {
      timestamp: iso(restart + 3 * SEC),
      level: "error",
      service: "edge-gateway",
      device: leaky,
      message: `store-and-forward buffer corrupt after unclean shutdown: ${r.int(1200, 2400)} readings discarded`,
    },
    "error",
  );
  inc.add(restart + 5 * SEC, {
    timestamp: iso(restart + 5 * SEC),
    level: "info",
    service: "mqtt-bridge",
    message: `client ${leaky} connected (clean_session=false)`,
  });
  return inc.finish(
    "iot-gateway-memory-leak",
    "One of six IoT gateways on a beta firmware leaks memory: its mem_pct heartbeat field climbs to the OOM killer, it restarts with its buffer lost and starts climbing again",
  );
}

/**
 * Dedicated game servers (JSON lines, epoch seconds) for a shooter; a new map went live just
 * before the window, so from the first second the servers running it overrun their 33 ms tick
 * budget and kick lagging players, while servers on other maps run normally.
 */
export function gameServerTickOverrun(seed: number): Scenario {
  const r = new Rng(seed, "game-server-tick-overrun");
  const inc = new Incident();
  const t0 = baseTime(seed, 20);
  const end = t0 + 30 * MIN;
  const servers = Array.from({ length: 12 }, (_, i) => `gs-eu-${String(i + 1).padStart(2, "0")}`);
  const mapOf = new Map(servers.map((s) => [s, r.pick(["dockyard", "canyon", "old_town", "refinery"])]));
  const onNewMap = r.int(3, 4);
  for (let i = 0; i < onNewMap; i++) mapOf.set(servers[r.int(0, servers.length - 1)]!, "frostbite_v2");
  const line = (t: number, server: string, level: string, msg: string, extra: Record<string, unknown> = {}, label: "performance" | null = null) =>
    inc.add(t, { ts: epochS(t), level, service: "match-server", server, map: mapOf.get(server), msg, ...extra }, label);
  for (const s of servers) {
    const bad = mapOf.get(s) === "frostbite_v2";
    for (const t of ticks(r, t0, end, 10 * SEC, 400)) {
      const avg = bad ? r.logn(31, 0.15) : r.logn(9, 0.2);
      const p99 = bad ? avg * (1.8 + r.next()) : avg * (1.4 + r.next() * 0.4);
      line(
        t,
        s,
        "info",
        `tick stats: ${r.int(298, 301)} ticks avg ${avg.toFixed(1)}ms p99 ${p99.toFixed(1)}ms players ${r.int(14, 24)}`,
        { duration_ms: round(p99, 1), tick_avg_ms: round(avg, 1) },
        bad ? "performance" : null,
      );
    }
    if (bad)
      for (const t of arrivals(r, t0, end, () => 0.08, 0.08)) {
        const ms = r.logn(70, 0.3);
        line(
          t,
          s,
          "warn",
          `tick overrun: tick ${r.int(10000, 90000)} took ${ms.toFixed(1)}ms (budget 33.3ms), ${r.int(2, 9)} ticks skipped`,
          { duration_ms: round(ms, 1) },
          "performance",
        );
      }
  }
  // Player traffic on every server; lag kicks only where the server lags.
  for (const t of arrivals(r, t0, end, () => 0.7, 0.7)) {
    const s = r.pick(servers);
    const bad = mapOf.get(s) === "frostbite_v2";
    const player = `p_${r.alnum(8)}`;
    const what = r.weighted([
      ["join", 20],
      ["leave", 18],
      ["kill", 40],
      ["chat", 8],
      ["ac", 3],
      ["kick", bad ? 9 : 0.3],
    ] as const);
    if (what === "join")
      line(
        t,
        s,
        "info",
        `player ${player} joined (team ${r.pick(["red", "blue"])}, ping ${r.int(18, 90)}ms, region ${r.pick(["eu-west", "eu-central", "uk"])})`,
      );
    else if (what === "leave") line(t, s, "info", `player ${player} left (reason: ${r.pick(["quit", "quit", "match_end", "disconnect"])})`);
    else if (what === "kill")
      line(t, s, "debug", `kill ${player} -> p_${r.alnum(8)} weapon=${r.pick(["ar_m4", "smg_vec", "sniper_l96", "knife", "grenade"])} dist=${r.int(1, 140)}m`);
    else if (what === "chat") line(t, s, "info", `chat message from ${player} filtered: ${r.int(0, 1)} words replaced`);
    else if (what === "ac") line(t, s, "warn", `anticheat: movement validation correction for ${player} (delta ${r.int(1, 4)}.${r.int(0, 9)}m)`);
    else {
      const ping = r.int(250, 600);
      line(
        t,
        s,
        "warn",
        `player ${player} kicked: connection quality (ping ${ping}ms, ${r.int(8, 30)}% packet loss over 30s)`,
        { latency_ms: ping },
        bad ? "performance" : null,
      );
    }
  }
  for (const t of ticks(r, t0, end, 3 * MIN, 20 * SEC)) {
    const s = r.pick(servers);
    line(t, s, "info", `match ${r.hex(8)} ended on ${mapOf.get(s)}: score ${r.int(40, 100)}-${r.int(40, 100)}, duration ${r.int(9, 15)}m`);
  }
  return inc.finish(
    "game-server-tick-overrun",
    "Game servers running a newly released map overrun their 33 ms tick budget from the first second of the logs and kick lagging players; servers on other maps are fine",
  );
}

/**
 * A mobile API backend (pino) with long INFO lines that are routine: a push batch summary every
 * minute and a feature-config snapshot every five. Late in a quiet evening an environment
 * override switches JWT verification off and a new kind of line appears, the API now accepting
 * tokens it cannot verify.
 */
export function mobileApiConfigOverride(seed: number): Scenario {
  const r = new Rng(seed, "mobile-api-config-override");
  const inc = new Incident();
  const t0 = baseTime(seed, 19);
  const end = t0 + 2 * HOUR;
  const override = t0 + 85 * MIN + r.int(0, 15) * MIN;
  const host = () => `mobile-api-${r.hex(10)}-${r.alnum(5).toLowerCase()}`;
  const hosts = [host(), host(), host()];
  const pino = (t: number, level: number, msg: string, extra: Record<string, unknown> = {}, label: "pattern" | "error" | null = null) =>
    inc.add(t, { level, time: Math.floor(t), pid: 1, hostname: r.pick(hosts), service: "mobile-api", msg, ...extra }, label);
  const routes = [
    ["GET", "/v3/feed", 85, 25],
    ["GET", "/v3/me", 20, 15],
    ["GET", "/v3/notifications", 30, 10],
    ["POST", "/v3/events/batch", 15, 20],
    ["GET", "/v3/stories/:id", 45, 12],
    ["POST", "/v3/auth/refresh", 35, 6],
    ["PUT", "/v3/me/settings", 40, 2],
    ["GET", "/v3/search", 120, 5],
    ["POST", "/v3/media/upload-url", 60, 2],
  ] as const;
  const appVersions = ["6.0.2", "6.0.3", "5.14.1", "6.0.3", "6.0.3"];
  for (const t of arrivals(r, t0, end, () => 0.38, 0.38)) {
    const [method, route, med] = r.weighted(routes.map((x) => [x, x[3]] as const));
    const url = route.replace(":id", r.alnum(11));
    const ms = r.logn(med, 0.55);
    const status = route === "/v3/auth/refresh" && r.chance(0.06) ? 401 : r.chance(0.004) ? 404 : 200;
    const platform = r.pick(["ios", "android"]);
    pino(t + ms, status >= 400 ? 40 : 30, "request completed", {
      reqId: `req-${r.alnum(6)}`,
      req: { method, url, remoteAddress: r.ip("100.64."), headers: { "x-app-version": r.pick(appVersions), "x-platform": platform } },
      res: { statusCode: status },
      duration_ms: Math.round(ms),
      user_id: r.int(1, 2_000_000),
    });
    if (t > override && route !== "/v3/auth/refresh" && r.chance(0.018))
      pino(
        t + 1,
        40,
        `jwt signature not verified (JWT_VERIFY=false), accepted token for sub=${r.int(1, 2_000_000)} kid=${r.pick(["k-2024-11", "k-2025-02", "unknown"])} alg=${r.pick(["RS256", "none"])}`,
        {},
        "pattern",
      );
  }
  for (const t of ticks(r, t0, end, 60 * SEC, 3 * SEC)) {
    const sent = r.int(800, 6000);
    pino(
      t,
      30,
      `push batch summary: {"provider":"apns","sent":${sent},"failed":${r.int(0, 40)},"invalid_tokens":${r.int(0, 25)},"throttled":0,"topics":{"likes":${r.int(100, 2000)},"comments":${r.int(50, 900)},"follows":${r.int(20, 400)},"digest":${r.int(0, 300)}},"p50_ms":${r.int(30, 60)},"p99_ms":${r.int(200, 900)}} {"provider":"fcm","sent":${r.int(1000, 9000)},"failed":${r.int(0, 60)},"invalid_tokens":${r.int(0, 30)}}`,
    );
  }
  for (const t of ticks(r, t0, end, 5 * MIN, 10 * SEC))
    pino(
      t,
      30,
      `feature config snapshot rev=${r.hex(12)} flags={feed_ranker:"v7",stories_autoplay:true,upload_chunk_kb:512,search_backend:"os-2",push_digest_hour:19,ab_onboarding:{variant_a:0.5,variant_b:0.5},kill_switches:[]} etag="${r.hex(16)}"`,
    );
  for (const t of arrivals(r, t0, end, () => 0.01, 0.01)) pino(t, 40, `APNs token invalid, unregistering device ${r.hex(16)}`, { provider: "apns" });
  for (const t of arrivals(r, t0, end, () => 0.004, 0.004))
    pino(t, 50, "upstream media-resizer returned 503, serving original", { err: { type: "HTTPError", statusCode: 503 } });
  pino(override - 40 * SEC, 30, "config reloaded from environment (SIGHUP)");
  pino(override, 40, "config override applied: AUTH_JWT_VERIFY=false (source=MOBILE_API_DEBUG_OVERRIDES, set by deploy pipeline job 88123)", {}, "pattern");
  return inc.finish(
    "mobile-api-config-override",
    "Mobile API with routine long summary lines: an environment override switches JWT verification off and a new line starts accepting unverified tokens",
  );
}

/**
 * RabbitMQ 3.12 with JSON logging, memory only ever in its messages. The invoice-pdf consumer
 * is deployed with a bug and crashes on every message; its queue grows until the broker's memory
 * alarm fires and blocks every publisher, whose publishes then wait seconds.
 */
export function rabbitmqMemoryAlarm(seed: number): Scenario {
  const r = new Rng(seed, "rabbitmq-memory-alarm");
  const inc = new Incident();
  const t0 = baseTime(seed, 14);
  const end = t0 + 70 * MIN;
  const deploy = t0 + 18 * MIN + r.int(0, 4) * MIN;
  const alarm = deploy + 32 * MIN + r.int(0, 3) * MIN;
  const rmq = (t: number, level: string, msg: string, label: "memory" | null = null) =>
    inc.add(t, { time: iso(t), level, service: "rabbitmq", node: "rabbit@mq-1", domain: "rabbitmq", msg }, label);
  const consumer = (t: number, levelname: string, message: string, extra: Record<string, unknown> = {}, label: "error" | null = null) =>
    inc.add(t, { timestamp: iso(t), levelname, name: "invoice_pdf.consumer", service: "invoice-pdf-worker", message, ...extra }, label);
  const publisher = (t: number, level: string, message: string, extra: Record<string, unknown> = {}, label: "memory" | "performance" | null = null) =>
    inc.add(
      t,
      {
        timeMillis: Math.floor(t),
        thread: `pool-3-thread-${r.int(1, 16)}`,
        level,
        loggerName: "com.acme.orders.events.OrderEventPublisher",
        service: "order-service",
        message,
        ...extra,
      },
      label,
    );
  for (const t of arrivals(r, t0, end, () => 0.5, 0.5)) {
    const blocked = t >= alarm;
    const orderId = r.int(3_000_000, 3_999_999);
    const key = r.pick(["order.created", "order.paid", "order.shipped", "invoice.requested"]);
    if (blocked) {
      const wait = r.logn(9000, 0.4);
      publisher(
        t + wait,
        "WARN",
        `Publish of ${key} for order ${orderId} confirmed after ${Math.round(wait)} ms (connection blocked by broker)`,
        { latency_ms: Math.round(wait) },
        "performance",
      );
    } else publisher(t, "INFO", `Published ${key} for order ${orderId}`, { latency_ms: round(r.logn(3, 0.4), 1), exchange: "orders" });
    if (key === "invoice.requested") {
      if (t < deploy)
        consumer(t + r.logn(400, 0.3), "INFO", `rendered invoice INV-${orderId} (${r.int(1, 6)} pages) in ${r.int(200, 900)} ms`, {
          duration_ms: r.int(200, 900),
        });
      else if (r.chance(0.7)) {
        consumer(
          t + r.logn(60, 0.3),
          "ERROR",
          "Unhandled exception while processing message, nacking with requeue=False to DLX",
          {
            exc_info:
              "Traceback (most recent call last):\n  File \"/app/invoice_pdf/consumer.py\", line 88, in on_message\n    tpl = TEMPLATES[msg['locale']]\nKeyError: 'locale'",
          },
          "error",
        );
      }
    }
  }
  for (const t of arrivals(r, t0, end, () => 0.15, 0.15)) {
    const pid = `<0.${r.int(1000, 60000)}.0>`;
    const peer = `${r.ip("10.4.")}:${r.int(30000, 60000)}`;
    rmq(t, "info", `accepting AMQP connection ${pid} (${peer} -> 10.4.0.10:5672)`);
    rmq(
      t + 8,
      "info",
      `connection ${pid} (${peer} -> 10.4.0.10:5672): user '${r.pick(["orders", "billing", "notifier"])}' authenticated and granted access to vhost '/'`,
    );
    if (r.chance(0.3))
      rmq(
        t + r.int(2000, 60000),
        "warning",
        `closing AMQP connection ${pid} (${peer} -> 10.4.0.10:5672, vhost: '/', user: 'notifier'):\nclient unexpectedly closed TCP connection`,
      );
    else rmq(t + r.int(2000, 60000), "info", `closing AMQP connection ${pid} (${peer} -> 10.4.0.10:5672, vhost: '/', user: 'orders')`);
  }
  // The crash loop is also seen as churning consumer connections; the backlog pages to disk.
  for (let t = deploy + 5 * MIN; t < alarm; t += r.int(4, 7) * MIN)
    rmq(
      t,
      "info",
      `Queue 'invoice-pdf.dlq' in vhost '/': paging ${r.int(20, 90)}000 messages to disk, memory ${Math.round(((t - deploy) / (alarm - deploy)) * 3000 + 600)} MB of 3276 MB allowed`,
      t > deploy + 15 * MIN ? "memory" : null,
    );
  const used = 3435973837 + r.int(0, 9999);
  rmq(alarm - 300, "warning", `vm_memory_high_watermark set. Memory used:${used} allowed:3435973836`, "memory");
  rmq(
    alarm - 200,
    "warning",
    "memory resource limit alarm set on node 'rabbit@mq-1'.\n\n**********************************************************\n*** Publishers will be blocked until this alarm clears ***\n**********************************************************",
    "memory",
  );
  for (let t = alarm + 1000; t < alarm + 60 * SEC; t += r.int(2, 6) * SEC)
    publisher(t, "WARN", "AMQP connection blocked by broker: low on memory", { connection: `amqp://orders@mq-1:5672/ (${r.int(1, 4)})` }, "memory");
  for (let t = alarm + 3 * MIN; t < end; t += r.int(90, 180) * SEC)
    rmq(t, "warning", `vm_memory_high_watermark set. Memory used:${used + r.int(1, 90000000)} allowed:3435973836`, "memory");
  return inc.finish(
    "rabbitmq-memory-alarm",
    "A crashing invoice consumer lets its RabbitMQ queue grow until the broker's memory alarm blocks all publishers; memory appears only in the broker's messages",
  );
}
