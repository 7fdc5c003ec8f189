// Incident worded as a rejection of input: the identity provider rotated its signing key, but the edge
// gateway's JWKS cache never refreshed (a bug pinned the cache for 24 h). Every access token signed with the
// new key is "invalid" and turned away with 401, so most signed-in users cannot use the app at all; the
// mobile BFF forces re-logins that only mint more new-key tokens. Labelled error throughout, with the 401s
// it causes in the BFF and the web front end; the IdP's and orders-api's own lines are normal.
import { Timeline, around, chance, int, ip, iso, pick, poisson, rngFor, uuid, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const ROUTES = ["/v2/orders", "/v2/account", "/v2/cart", "/v2/orders/{id}", "/v2/wishlist", "/v2/addresses"];
const GW = ["edge-gateway-5b7d9-8xq2c", "edge-gateway-5b7d9-kw4mz", "edge-gateway-5b7d9-t6pfn"];

export default function m05(seed: number): Scenario {
  const r = rngFor(seed, "m05");
  const t0 = windowStart(seed, "m05");
  const t1 = t0 + 20 * 60_000;
  const tl = new Timeline();
  const kid = `k-2026-0${int(r, 2, 3)}-${String.fromCharCode(97 + int(r, 0, 5))}`;
  const route = () => pick(r, ROUTES).replace("{id}", String(int(r, 40_000_000, 49_999_999)));

  // edge-gateway (pino): ~70 % of requests carry a new-key token and are rejected before reaching a backend.
  poisson(r, t0, t1, 2.0, (t) => {
    const url = route();
    const base = { time: t, pid: 1, hostname: pick(r, GW), name: "edge-gateway", reqId: uuid(r) };
    if (chance(r, 0.7)) {
      tl.add(
        t,
        {
          level: 40,
          ...base,
          msg: `request rejected: invalid token: signing key kid="${kid}" not found in JWKS`,
          req: { method: "GET", url },
          res: { statusCode: 401 },
          responseTime: int(r, 1, 3),
        },
        "error",
      );
    } else if (chance(r, 0.03)) {
      tl.add(t, {
        level: 30,
        ...base,
        msg: "request rejected: token expired",
        req: { method: "GET", url },
        res: { statusCode: 401 },
        responseTime: int(r, 1, 3),
      });
    } else {
      tl.add(t, {
        level: 30,
        ...base,
        msg: "request completed",
        req: { method: chance(r, 0.8) ? "GET" : "POST", url },
        res: { statusCode: 200 },
        responseTime: Math.round(around(r, 48, 0.3)),
      });
    }
  });
  // mobile-bff (logstash-logback-encoder): re-logins forced by the 401s.
  poisson(r, t0, t1, 0.35, (t) => {
    tl.add(
      t,
      {
        "@timestamp": iso(t),
        "@version": "1",
        level: "WARN",
        level_value: 30000,
        service: "mobile-bff",
        logger_name: "com.shop.bff.auth.SessionGuard",
        thread_name: `reactor-http-epoll-${int(r, 1, 8)}`,
        message: `upstream GET ${route()} returned 401 Unauthorized, clearing session and forcing re-login`,
      },
      "error",
    );
  });
  // web-ssr (Bunyan): server-side renders; the ones that call the API with a new-key token fail.
  poisson(r, t0, t1, 0.5, (t) => {
    const fail = chance(r, 0.4);
    const page = pick(r, ["/account", "/orders", "/cart", "/"]);
    tl.add(
      t,
      fail
        ? {
            name: "web-ssr",
            hostname: "web-ssr-84c6-2mzqp",
            pid: 18,
            level: 50,
            msg: `getServerSideProps failed for ${page}: API responded 401 Unauthorized`,
            time: iso(t),
            v: 0,
          }
        : {
            name: "web-ssr",
            hostname: "web-ssr-84c6-2mzqp",
            pid: 18,
            level: 30,
            msg: `rendered ${page}`,
            duration_ms: Math.round(around(r, 140, 0.3)),
            time: iso(t),
            v: 0,
          },
      fail ? "error" : null,
    );
  });
  // keycloak (Quarkus JSON): token grants and refreshes, as every day.
  poisson(r, t0, t1, 0.4, (t) => {
    const type = pick(r, ["REFRESH_TOKEN", "REFRESH_TOKEN", "LOGIN", "CODE_TO_TOKEN"]);
    tl.add(t, {
      timestamp: iso(t),
      sequence: int(r, 100_000, 999_999),
      loggerClassName: "org.jboss.logging.Logger",
      loggerName: "org.keycloak.events",
      level: "INFO",
      app: "keycloak",
      hostName: "keycloak-1",
      message: `type="${type}", realmId="shop", clientId="${pick(r, ["mobile-app", "web"])}", userId="${uuid(r)}", ipAddress="${ip(r, "100.64")}"`,
    });
  });
  // orders-api (zap): the requests that got through.
  poisson(r, t0, t1, 0.5, (t) => {
    tl.add(t, {
      level: "info",
      ts: t / 1000,
      logger: "orders-api",
      caller: "http/handler.go:77",
      msg: "request served",
      route: pick(r, ["/orders", "/orders/{id}", "/cart"]),
      status: 200,
      latency_ms: Math.round(around(r, 35, 0.3)),
    });
  });
  return tl.build(
    "m05-jwks-stale-signing-key",
    "Gateway's stale JWKS rejects every new-key token as invalid (401) after a key rotation: most signed-in users locked out",
  );
}
