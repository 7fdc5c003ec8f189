/**
 * guest-traffic-unknown-actors: a shop where most visitors are guests. Every guest's cart
 * change says `by unknown actor`, the rate limiter updates buckets for `principal=<none>`,
 * auth grants anonymous sessions and sees logins for unknown users, and after a marketing email
 * guests start updating shared wishlists `by an unidentified user`: traffic, not changes to
 * the system. The incidents are ordinary: a slow Redis for cart-service, a pgbouncer restart
 * that fails recs-service's requests, and a recommendations fallback that logs a huge IN list.
 */
import { logback, nginx, pino, pinoHttp, pyjson, USER_AGENTS, zap } from "./producers.js";
import { scenarioRng } from "./rng.js";
import { arrivals, HOUR, MINUTE, SECOND, swell, Timeline, windowStart } from "./timeline.js";
import type { AnomalyType, Scenario } from "./types.js";

const NAME = "guest-traffic-unknown-actors";

export function guestTrafficUnknownActors(seed: number): Scenario {
  const rng = scenarioRng(seed, NAME);
  const start = windowStart(rng, "2026-03-09", 17);
  const end = start + 3 * HOUR + rng.int(-8, 8) * MINUTE;
  const tl = new Timeline(start, end);

  const redisSlowFrom = tl.at(rng.float(0.22, 0.3));
  const redisSlowTo = redisSlowFrom + rng.int(4, 6) * MINUTE;
  const campaignAt = tl.at(rng.float(0.5, 0.56));
  const pgbFrom = tl.at(rng.float(0.68, 0.74));
  const pgbTo = pgbFrom + rng.int(5, 7) * MINUTE;
  const inListAt = [tl.at(rng.float(0.38, 0.45)), tl.at(rng.float(0.84, 0.92))];

  const cart = [0, 1].map(() => ({ src: { name: "cart-service", hostname: rng.pod("cart-service"), pid: 1 }, ip: rng.privateIp("10.8") }));
  const wish = { src: { name: "wishlist-service", hostname: rng.pod("wishlist-service"), pid: 1 }, ip: rng.privateIp("10.8") };
  const recsHosts = [rng.pod("recs-service"), rng.pod("recs-service")];
  const authHosts = [rng.pod("auth-service"), rng.pod("auth-service")];
  const rlLogger = "ratelimit";
  const catalogIps = [rng.privateIp("10.8"), rng.privateIp("10.8"), rng.privateIp("10.8")];
  const recsIps = recsHosts.map(() => rng.privateIp("10.8"));
  const authIps = authHosts.map(() => rng.privateIp("10.8"));

  const routes = [
    ["GET /api/cart", 15],
    ["POST /api/cart/items", 12],
    ["DELETE /api/cart/items/<sku>", 4],
    ["GET /api/recs/home", 14],
    ["GET /api/recs/product/<id>", 12],
    ["GET /api/products/<id>", 25],
    ["POST /api/auth/login", 5],
    ["GET /api/wishlist/<wl>", 5],
  ] as const;
  const firstNames = ["admin", "test", "jsmith", "maria", "info", "sales", "k.weber", "support", "peter.h", "shop"];
  const surfaces = ["home", "product", "cart", "checkout"];
  const sku = (): string => `${rng.int(100, 999)}-${rng.int(100, 999)}`;
  const users = Array.from({ length: 60 }, () => rng.int(10000, 99999));

  const shape = swell(start, end, 0.2, rng.float(0, 2));
  for (const s of arrivals(rng, start, end, 7, shape, 1.2)) {
    const route = rng.weighted(routes);
    const [method, path] = route.split(" ") as [string, string];
    const guest = rng.chance(0.7);
    const uid = rng.pick(users);
    const remote = rng.publicIp();
    const reqId = rng.uuid();
    let uri = path;
    let status = 200;
    let took = rng.logNormal(24, 0.45);
    let label: AnomalyType | null = null;
    let upstream = rng.pick(catalogIps);

    // The rate limiter sees every API call; it logs its bucket updates at debug.
    if (rng.chance(0.3)) {
      const rl = s + rng.int(1, 3);
      tl.add(
        rl,
        zap(
          rl,
          "debug",
          rlLogger,
          "limiter/bucket.go:91",
          `token bucket updated for principal=${guest ? "<none>" : `user:${uid}`}, ${rng.int(60, 119)}/120 remaining`,
          {
            remote_address: remote,
            descriptor: guest ? "remote_address" : "user_id",
          },
        ),
      );
    }
    if (guest && rng.chance(0.12)) {
      const a = s + rng.int(4, 15);
      tl.add(
        a,
        logback(
          a,
          { app: "auth-service", host: rng.pick(authHosts) },
          "INFO",
          "com.shop.auth.session.SessionService",
          `http-nio-8080-exec-${rng.int(1, 30)}`,
          "Anonymous session granted, principal=<none>, ttl=30m",
          {
            traceId: rng.hex(32),
          },
        ),
      );
    }

    if (path.startsWith("/api/cart")) {
      const node = rng.pick(cart);
      upstream = node.ip;
      if (path.includes("<sku>")) uri = `/api/cart/items/${sku()}`;
      const slowRedis = s >= redisSlowFrom && s < redisSlowTo;
      if (slowRedis) {
        const redisMs = rng.logNormal(2400, 0.45);
        took += redisMs;
        label = "performance";
        const w = s + Math.round(redisMs);
        tl.add(
          w,
          pino(w, node.src, "warn", `redis command HGETALL took ${Math.round(redisMs)} ms`, { reqId, command: "HGETALL", key: `cart:${rng.alnum(10)}` }),
          "performance",
        );
      }
      if (method !== "GET") {
        const cartId = `c_${rng.alnum(10)}`;
        const change = method === "POST" ? `added sku ${sku()} x${rng.int(1, 3)}` : `removed sku ${uri.split("/").pop()}`;
        const c = s + Math.round(took) - 2;
        tl.add(
          c,
          pino(
            c,
            node.src,
            "info",
            guest ? `cart ${cartId} updated by unknown actor (guest session): ${change}` : `cart ${cartId} updated by user:${uid}: ${change}`,
            { reqId },
          ),
        );
      }
      const done = s + Math.round(took);
      tl.add(done, pinoHttp(done, node.src, { id: reqId, method, url: uri, remoteAddress: remote }, status, took), label);
    } else if (path.startsWith("/api/recs")) {
      const surface = path.includes("home") ? "home" : rng.pick(surfaces);
      if (path.includes("<id>")) uri = `/api/recs/product/${rng.int(100000, 999999)}`;
      took = rng.logNormal(62, 0.4);
      const ri = rng.int(0, recsHosts.length - 1);
      const host = recsHosts[ri]!;
      upstream = recsIps[ri]!;
      const src = { service: "recs-service", host };
      const done = s + Math.round(took);
      if (s >= pgbFrom && s < pgbTo && rng.chance(0.85)) {
        status = 500;
        label = "error";
        took = rng.logNormal(9, 0.4);
        const e = s + Math.round(took);
        tl.add(
          e,
          pyjson(
            e,
            src,
            "ERROR",
            "django.request",
            `Internal Server Error: ${uri}`,
            { status_code: 500, request_id: reqId },
            'Traceback (most recent call last):\n  File "/usr/local/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute\n    return self.cursor.execute(sql, params)\npsycopg2.OperationalError: server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.',
          ),
          "error",
        );
      } else {
        tl.add(
          done,
          pyjson(done, src, "INFO", "recs.views", `served ${rng.int(8, 24)} recommendations for ${surface}`, {
            surface,
            model: "two-tower-v14",
            duration_ms: Math.round(took),
            request_id: reqId,
          }),
        );
      }
    } else if (path === "/api/auth/login") {
      const ai = rng.int(0, authHosts.length - 1);
      const authSrc = { app: "auth-service", host: authHosts[ai]! };
      upstream = authIps[ai]!;
      took = rng.logNormal(140, 0.3); // bcrypt
      const done = s + Math.round(took);
      if (rng.chance(0.14)) {
        status = 401;
        tl.add(
          done,
          logback(
            done,
            authSrc,
            "INFO",
            "com.shop.auth.login.LoginController",
            `http-nio-8080-exec-${rng.int(1, 30)}`,
            `Login attempt for unknown user '${rng.pick(firstNames)}' from ${remote}`,
            { traceId: rng.hex(32) },
          ),
        );
      } else {
        tl.add(
          done,
          logback(
            done,
            authSrc,
            "INFO",
            "com.shop.auth.login.LoginController",
            `http-nio-8080-exec-${rng.int(1, 30)}`,
            `Login succeeded for user id=${uid} (method=password)`,
            { traceId: rng.hex(32) },
          ),
        );
      }
    } else if (path.startsWith("/api/wishlist")) {
      uri = `/api/wishlist/wl_${rng.alnum(8)}`;
      upstream = wish.ip;
    } else {
      uri = `/api/products/${rng.int(100000, 999999)}`;
      took = rng.logNormal(18, 0.4);
      if (rng.chance(0.012)) status = 404;
    }

    const edgeAt = s + Math.round(took) + rng.int(1, 3);
    tl.add(
      edgeAt,
      nginx(edgeAt, "edge", {
        remote,
        method,
        uri,
        status,
        bytes: status === 200 ? rng.int(400, 30000) : rng.int(90, 300),
        requestTime: (took + 2) / 1000,
        upstream: `${upstream}:8080`,
        upstreamTime: took / 1000,
        userAgent: rng.pick(USER_AGENTS),
        requestId: reqId.replaceAll("-", ""),
      }),
      label,
    );
  }

  // ── wishlist-service: signed-in users all window; guests on shared wishlists after the email ─
  for (const t of arrivals(rng, start, end, 0.22)) {
    tl.add(t, pino(t, wish.src, "info", `wishlist wl_${rng.alnum(8)} item added by user:${rng.pick(users)}`, { sku: sku() }));
  }
  for (const t of arrivals(rng, campaignAt + 3 * MINUTE, end, 0.25, (x) => Math.exp(-(x - campaignAt) / (50 * MINUTE)), 1)) {
    tl.add(
      t,
      pino(t, wish.src, "info", `wishlist wl_${rng.alnum(8)} share link updated by an unidentified user (guest wishlist, utm_campaign=spring-sale)`, {
        sku: sku(),
      }),
    );
  }

  // ── mailer (Python worker): the spring-sale email goes out in batches ──────────────────────
  const mailer = { service: "mailer", host: rng.pod("mailer-worker") };
  const batches = rng.int(8, 12);
  const recipients = rng.int(42000, 56000);
  tl.add(
    campaignAt - 40 * SECOND,
    pyjson(
      campaignAt - 40 * SECOND,
      mailer,
      "INFO",
      "mailer.campaigns",
      `campaign spring-sale scheduled send started: ${recipients} recipients in ${batches} batches`,
    ),
  );
  for (let b = 1; b <= batches; b++) {
    const t = campaignAt + b * rng.int(50, 70) * SECOND;
    tl.add(
      t,
      pyjson(t, mailer, "INFO", "mailer.campaigns", `campaign spring-sale batch ${b}/${batches} accepted by provider`, {
        batch: b,
        duration_ms: Math.round(rng.logNormal(2200, 0.3)),
      }),
    );
  }
  for (let t = start + rng.int(0, 600) * SECOND; t < end; t += 10 * MINUTE + rng.int(-5, 5) * SECOND) {
    tl.add(t, pyjson(t, mailer, "INFO", "mailer.outbox", `outbox drained: ${rng.int(3, 40)} transactional emails sent`));
  }

  // ── recs-service: the fallback path logs its whole candidate query ─────────────────────────
  for (const t of inListAt) {
    const ids = Array.from({ length: rng.int(1500, 2100) }, () => rng.int(100000, 999999));
    const sql = `SELECT p.id, p.title, p.price_cents, p.image_url FROM catalog_product p WHERE p.is_active AND p.id IN (${ids.join(", ")}) ORDER BY p.popularity DESC`;
    tl.add(
      t,
      pyjson(t, { service: "recs-service", host: rng.pick(recsHosts) }, "INFO", "recs.candidates", `candidate fallback query: ${sql}`, {
        candidates: ids.length,
      }),
      "pattern",
    );
  }
  // gunicorn's own lines when pgbouncer comes back: routine.
  const back = pgbTo + rng.int(5, 20) * SECOND;
  tl.add(back, pyjson(back, { service: "recs-service", host: recsHosts[0]! }, "INFO", "recs.health", "database reachable again via pgbouncer:6432"));

  return tl.build(
    NAME,
    "guests change carts by unknown actor and shared wishlists by an unidentified user (traffic); a slow Redis, a pgbouncer restart failing recs and a huge IN list",
  );
}
