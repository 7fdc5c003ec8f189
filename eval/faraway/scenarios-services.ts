// Single services under ordinary traffic, each with one kind of trouble: a bad replica from the
// first minute, a slowly degrading endpoint, a long outage.

import type { Scenario } from "../blind/types.js";
import { iso, MIN, SEC, startTime } from "./clock.js";
import { type JavaLevel, log4j2, structlog, zerolog } from "./formats.js";
import { every, Incident, type Label, poisson, round } from "./incident.js";
import type { Rng } from "./rng.js";
import { BROWSER_AGENTS, FIRST_NAMES, javaStack, podName, pythonTraceback } from "./vocab.js";

/**
 * pricing-api (FastAPI under gunicorn, structlog) on four pods; one pod sits on a failing volume
 * from the start: scattered slow requests, I/O errors and gunicorn worker timeouts over the whole
 * window, beginning in the first minute.
 */
export function scatteredBadReplica(rng: Rng): Scenario {
  const start = startTime(rng, 6, 22);
  const inc = new Incident(start, start + rng.int(40, 50) * MIN);
  const pods = Array.from({ length: 4 }, () => podName(rng, "pricing-api"));
  const bad = rng.int(0, 3);
  const badPod = pods[bad] as string;
  const routes = [
    {
      method: "GET",
      path: () => `/v2/quote?from=${rng.pick(["EUR", "USD", "GBP", "CHF"])}&to=${rng.pick(["USD", "JPY", "EUR", "PLN", "SEK"])}`,
      median: 38,
      w: 55,
    },
    { method: "POST", path: () => "/v2/quotes/batch", median: 140, w: 10 },
    { method: "GET", path: () => "/v2/currencies", median: 9, w: 15 },
    { method: "GET", path: () => `/v2/rates/history?pair=EURUSD&days=${rng.pick([7, 30, 90])}`, median: 95, w: 10 },
    { method: "GET", path: () => `/v2/quote/${rng.uuid()}`, median: 21, w: 10 },
  ];
  let workerPid = rng.int(40, 90);
  const line = (
    t: number,
    pod: string,
    level: "info" | "warning" | "error" | "critical",
    event: string,
    fields: Record<string, unknown>,
    label: Label = null,
    logger = "pricing.http",
  ): void => {
    inc.add(t, structlog(t, level, event, { logger, service: "pricing-api", pod, ...fields }), label);
  };

  const request = (t: number, forceSlow = false): void => {
    const pod = forceSlow ? badPod : rng.pick(pods);
    const r = rng.weighted(routes.map((x) => [x, x.w] as const));
    const requestId = rng.uuid();
    const path = r.path();
    if (pod === badPod && (forceSlow || rng.chance(0.055))) {
      const d = Math.min(9000, r.median * rng.float(30, 150));
      line(
        t + d,
        pod,
        "info",
        "request finished",
        { method: r.method, path, status_code: 200, duration_ms: round(d, 2), request_id: requestId },
        "performance",
      );
      return;
    }
    if (pod === badPod && rng.chance(0.014)) {
      const d = rng.logn(700, 0.5);
      line(
        t + d,
        pod,
        "error",
        "request failed",
        {
          method: r.method,
          path,
          status_code: 500,
          duration_ms: round(d, 2),
          request_id: requestId,
          exception: pythonTraceback(
            [
              ["/app/pricing/api/quotes.py", 88, "get_quote", "rate = await rates.lookup(pair, at=ts)"],
              ["/app/pricing/rates/store.py", 141, "lookup", "table = self._load_partition(day)"],
              ["/app/pricing/rates/store.py", 97, "_load_partition", "return pq.read_table(path, memory_map=True)"],
            ],
            "OSError: [Errno 5] Input/output error: '/data/rates/2025/partition=latest/part-0003.parquet'",
          ),
        },
        "error",
      );
      return;
    }
    const d = rng.logn(r.median, 0.4);
    const status = rng.chance(0.01) ? 422 : 200;
    line(t + d, pod, "info", "request finished", { method: r.method, path, status_code: status, duration_ms: round(d, 2), request_id: requestId });
  };

  poisson(rng, inc.start, inc.end, rng.float(1.3, 1.6), (t) => request(t));
  request(inc.start + rng.float(8, 40) * SEC, true); // the first sign, within the first minute
  request(inc.start + rng.float(45, 58) * SEC, true);

  // gunicorn worker timeouts on the bad pod, spread over the window
  const timeouts = rng.int(5, 8);
  for (let i = 0; i < timeouts; i++) {
    const t = inc.start + ((i + rng.float(0.1, 0.9)) / timeouts) * (inc.end - inc.start);
    const pid = workerPid;
    workerPid += rng.int(1, 30);
    line(t, badPod, "critical", `WORKER TIMEOUT (pid:${pid})`, {}, "performance", "gunicorn.error");
    line(t + 40, badPod, "error", `Worker (pid:${pid}) was sent code 134!`, {}, "error", "gunicorn.error");
    line(t + rng.float(300, 900), badPod, "info", `Booting worker with pid: ${workerPid}`, {}, "pattern", "gunicorn.error");
  }

  // background jobs on every pod
  for (const pod of pods) {
    every(rng, inc.start, inc.end, 60 * SEC, 1500, (t) => {
      const slow = pod === badPod && rng.chance(0.3);
      const d = slow ? rng.float(2200, 7000) : rng.logn(60, 0.3);
      line(
        t + d,
        pod,
        "info",
        "fx snapshot reloaded",
        { source: "/data/rates/2025/partition=latest", pairs: 182, duration_ms: round(d, 1) },
        slow ? "performance" : null,
        "pricing.rates",
      );
    });
    every(rng, inc.start, inc.end, 2 * MIN, 3000, (t) =>
      line(
        t,
        pod,
        "info",
        "quote cache stats",
        { hits: rng.int(800, 2400), misses: rng.int(20, 140), evictions: rng.int(0, 12), size: rng.int(4000, 5000) },
        null,
        "pricing.cache",
      ),
    );
  }
  every(rng, inc.start, inc.end, 10 * MIN, 30 * SEC, (t) =>
    line(t, rng.pick(pods), "warning", "upstream feed stale, serving cached rates", { feed: "ecb-daily", age_s: rng.int(3700, 5400) }, null, "pricing.rates"),
  );

  return inc.build(
    "pricing-bad-replica-from-first-minute",
    "one of four pricing-api pods sits on a failing volume: slow requests, I/O errors and worker timeouts scattered over the whole window from the first minute (structlog)",
  );
}

/**
 * search-api (Go, zerolog): a config reload disables segment merges; /v1/search gets slower and
 * slower over most of the window while the other endpoints stay fast.
 */
export function searchSlowDegradation(rng: Rng): Scenario {
  const start = startTime(rng, 7, 21);
  const inc = new Incident(start, start + rng.int(60, 75) * MIN);
  const d0 = inc.at(rng.float(0.22, 0.32));
  const worst = rng.float(22, 40);
  const hosts = Array.from({ length: 3 }, () => podName(rng, "search-api"));
  const mult = (t: number): number => (t < d0 ? 1 : Math.exp(Math.log(worst) * ((t - d0) / (inc.end - d0)) ** 1.4));
  const base = (host: string) => ({ service: "search-api", host });
  const SEARCH_MEDIAN = 85;

  poisson(rng, inc.start, inc.end, rng.float(0.9, 1.05), (t) => {
    const host = rng.pick(hosts);
    const r = rng.weighted([
      ["search", 35],
      ["suggest", 30],
      ["item", 25],
      ["facets", 10],
    ] as const);
    let url: string;
    let d: number;
    let label: Label = null;
    switch (r) {
      case "search":
        url = `/v1/search?q=${rng.pick(["running+shoes", "usb-c+hub", "desk+lamp", "rain+jacket", "espresso", "yoga+mat", "headphones", "backpack"])}&page=${rng.int(1, 4)}`;
        d = rng.logn(SEARCH_MEDIAN, 0.45) * mult(t);
        if (t >= d0 && d > 4 * SEARCH_MEDIAN) label = "performance";
        break;
      case "suggest":
        url = `/v1/suggest?prefix=${rng.alnum(rng.int(2, 5), "abcdefghijklmnoprstuw")}`;
        d = rng.logn(14, 0.4);
        break;
      case "item":
        url = `/v1/items/${rng.int(1000000, 9999999)}`;
        d = rng.logn(22, 0.4);
        break;
      default:
        url = `/v1/facets?category=${rng.pick(["shoes", "electronics", "home", "outdoor"])}`;
        d = rng.logn(55, 0.4) * (t >= d0 ? 1 + 0.15 * Math.log(mult(t)) : 1);
        if (t >= d0 && d > 5 * 55) label = "performance";
    }
    const status = rng.chance(0.004) ? 400 : 200;
    inc.add(
      t + d,
      zerolog(
        t + d,
        "info",
        {
          ...base(host),
          method: "GET",
          url,
          status,
          size: rng.int(400, 38000),
          duration: round(d, 3),
          request_id: rng.alnum(20, "0123456789abcdefghijklmnopqrstuv"),
        },
        "request",
      ),
      label,
    );
    if (r === "search" && d > 1000) {
      inc.add(
        t + d + 1,
        zerolog(
          t + d + 1,
          "warn",
          { ...base(host), index: "products_v7", took: round(d * 0.93, 1), shards: 6, segments_searched: Math.round(40 * mult(t)) },
          "slow search",
        ),
        "performance",
      );
    }
  });

  // index statistics every two minutes; segments pile up once merges are off
  every(rng, inc.start, inc.end, 2 * MIN, 2000, (t) => {
    const segs = Math.round(rng.float(34, 46) * (t < d0 ? 1 : 1 + (t - d0) / (4 * MIN)));
    inc.add(
      t,
      zerolog(
        t,
        "info",
        {
          ...base(hosts[0] as string),
          index: "products_v7",
          docs: 4_812_000 + rng.int(0, 30000),
          segments: segs,
          deleted_docs: rng.int(20000, 90000),
          size_bytes: 6_100_000_000 + rng.int(0, 90_000_000),
        },
        "index stats",
      ),
      segs > 130 ? "pattern" : null,
    );
  });
  const reload = d0 - rng.float(20, 60) * SEC;
  inc.add(
    reload,
    zerolog(
      reload,
      "info",
      {
        ...base(hosts[0] as string),
        source: "configmap/search-api-tuning",
        changed: { "merge.policy": "none", "merge.max_threads": 0 },
        revision: rng.int(40, 90),
      },
      "config reloaded",
    ),
    "pattern",
  );

  // routine background
  for (const h of hosts)
    every(rng, inc.start, inc.end, 20 * SEC, 400, (t) =>
      inc.add(t, zerolog(t, "debug", { ...base(h), method: "GET", url: "/healthz", status: 200, duration: round(rng.float(0.05, 0.4), 3) }, "request")),
    );
  every(rng, inc.start, inc.end, 3 * MIN, 20 * SEC, (t) =>
    inc.add(
      t,
      zerolog(
        t,
        "warn",
        { ...base(rng.pick(hosts)), sink: "clickstream", dropped: rng.int(3, 40), buffer: 4096 },
        "analytics sink dropped events: buffer full",
      ),
    ),
  );
  every(rng, inc.start, inc.end, 60 * SEC, 1000, (t) =>
    inc.add(
      t,
      zerolog(
        t,
        "info",
        { ...base(rng.pick(hosts)), cache: "query", hit_ratio: round(rng.float(0.55, 0.72), 3), entries: rng.int(18000, 20000) },
        "cache stats",
      ),
    ),
  );

  return inc.build(
    "search-endpoint-slow-degradation",
    "a config reload turns off segment merges and /v1/search slows gradually from ~85 ms to seconds over most of the window; other endpoints stay fast (zerolog)",
  );
}

/**
 * auth-service (Spring, log4j2 JsonLayout) loses its LDAP directory early and stays down for most
 * of the window: password logins and userinfo fail, refresh tokens and introspection keep working.
 * Envoy's JSON access log in front of it.
 */
export function authLdapOutage(rng: Rng): Scenario {
  const start = startTime(rng, 7, 11);
  const inc = new Incident(start, start + rng.int(60, 80) * MIN);
  const down = inc.at(rng.float(0.05, 0.1));
  const up = inc.at(rng.float(0.9, 0.95));
  const outage = (t: number): boolean => t >= down && t < up;
  const ldapHost = `ldap-0${rng.int(1, 3)}.corp.internal`;
  const authPods = Array.from({ length: 2 }, () => podName(rng, "auth-service"));
  const threads = Array.from({ length: 12 }, (_, i) => `http-nio-8080-exec-${i + 1}`);
  const a = (
    t: number,
    level: JavaLevel | "FATAL",
    logger: string,
    message: string,
    label: Label,
    ctx: Record<string, unknown> = {},
    thrown?: Record<string, unknown>,
  ): void => {
    inc.add(t, log4j2(t, level, "auth-service", logger, rng.pick(threads), message, { pod: rng.pick(authPods), ...ctx }, thrown), label);
  };
  const envoy = (t: number, method: string, path: string, code: number, dur: number, cluster: string, label: Label, flags = "-"): void => {
    inc.add(
      t,
      {
        timestamp: iso(t),
        method,
        path,
        protocol: "HTTP/1.1",
        response_code: code,
        response_flags: flags,
        bytes_received: method === "POST" ? rng.int(80, 600) : 0,
        bytes_sent: code < 300 ? rng.int(300, 2400) : rng.int(40, 180),
        duration: Math.round(dur),
        upstream_service_time: code === 503 && flags === "UF" ? null : String(Math.max(0, Math.round(dur - 1))),
        x_forwarded_for: rng.publicIp(),
        user_agent: rng.chance(0.6) ? rng.pick(BROWSER_AGENTS) : rng.pick(["okhttp/4.12.0", "AcmeApp/5.14.2 (iOS 17.6)", "AcmeApp/5.13.0 (Android 14)"]),
        request_id: rng.uuid(),
        upstream_cluster: cluster,
        upstream_host: `10.42.${rng.int(0, 7)}.${rng.int(2, 250)}:8080`,
        source: "envoy",
      },
      label,
    );
  };
  const ldapThrown = (): Record<string, unknown> => ({
    commonElementCount: 0,
    localizedMessage: `${ldapHost}:636`,
    message: `${ldapHost}:636`,
    name: "org.springframework.ldap.CommunicationException",
    cause: { commonElementCount: 41, localizedMessage: "Connection refused", message: "Connection refused", name: "java.net.ConnectException" },
    extendedStackTrace: javaStack(
      `org.springframework.ldap.CommunicationException: ${ldapHost}:636; nested exception is javax.naming.CommunicationException: ${ldapHost}:636 [Root exception is java.net.ConnectException: Connection refused]`,
      [
        "org.springframework.ldap.support.LdapUtils.convertLdapException(LdapUtils.java:108)",
        "org.springframework.ldap.core.support.AbstractContextSource.createContext(AbstractContextSource.java:363)",
        "org.springframework.security.ldap.authentication.BindAuthenticator.bindWithDn(BindAuthenticator.java:125)",
        "com.acme.auth.login.PasswordGrantHandler.authenticate(PasswordGrantHandler.java:74)",
      ],
    ),
  });

  poisson(rng, inc.start, inc.end, rng.float(0.5, 0.58), (t) => {
    const op = rng.weighted([
      ["password", 20],
      ["refresh", 34],
      ["client", 10],
      ["userinfo", 11],
      ["jwks", 9],
      ["introspect", 16],
    ] as const);
    const user = `${rng.pick(FIRST_NAMES)}.${rng.alnum(1, "abcdefghklmnprstw")}${rng.int(1, 99)}`;
    const traceId = rng.hex(32);
    const out = outage(t);
    switch (op) {
      case "password": {
        if (out) {
          const d = rng.chance(0.7) ? rng.logn(35, 0.3) : 5000 + rng.float(0, 40);
          a(
            t + d - 2,
            "ERROR",
            "com.acme.auth.login.PasswordGrantHandler",
            `LDAP bind failed for ${user.slice(0, 2)}***; answering 503`,
            "error",
            { traceId, clientId: "web-portal" },
            ldapThrown(),
          );
          envoy(t + d, "POST", "/oauth/token", 503, d + 2, "auth-service", "error");
        } else if (rng.chance(0.05)) {
          const d = rng.logn(140, 0.3);
          a(t + d - 1, "WARN", "com.acme.auth.login.PasswordGrantHandler", `Invalid credentials for ${user.slice(0, 2)}*** (attempt ${rng.int(1, 4)})`, null, {
            traceId,
            clientId: "web-portal",
          });
          envoy(t + d, "POST", "/oauth/token", 401, d + 1, "auth-service", null);
        } else {
          const d = rng.logn(160, 0.3);
          a(
            t + d - 1,
            "INFO",
            "com.acme.auth.login.PasswordGrantHandler",
            `Issued access token for ${user.slice(0, 2)}*** (grant=password, scope=openid profile orders)`,
            null,
            { traceId, clientId: "web-portal" },
          );
          envoy(t + d, "POST", "/oauth/token", 200, d + 1, "auth-service", null);
        }
        break;
      }
      case "refresh": {
        const d = rng.logn(24, 0.3);
        a(t + d - 1, "INFO", "com.acme.auth.token.RefreshGrantHandler", "Refreshed access token (grant=refresh_token)", null, {
          traceId,
          clientId: rng.pick(["web-portal", "mobile-ios", "mobile-android"]),
        });
        envoy(t + d, "POST", "/oauth/token", 200, d + 1, "auth-service", null);
        break;
      }
      case "client": {
        const d = rng.logn(18, 0.3);
        envoy(t + d, "POST", "/oauth/token", 200, d, "auth-service", null);
        break;
      }
      case "userinfo": {
        if (out && rng.chance(0.7)) {
          const d = rng.logn(30, 0.3);
          a(
            t + d - 1,
            "ERROR",
            "com.acme.auth.userinfo.UserInfoController",
            `Could not load directory attributes for ${user.slice(0, 2)}***`,
            "error",
            { traceId },
            ldapThrown(),
          );
          envoy(t + d, "GET", "/userinfo", 503, d + 1, "auth-service", "error");
        } else {
          const d = rng.logn(out ? 6 : 45, 0.3);
          envoy(t + d, "GET", "/userinfo", 200, d, "auth-service", null);
        }
        break;
      }
      case "jwks": {
        const d = rng.logn(3, 0.3);
        envoy(t + d, "GET", "/.well-known/jwks.json", 200, d, "auth-service", null);
        break;
      }
      case "introspect": {
        const d = rng.logn(9, 0.3);
        const p = rng.logn(40, 0.4) + d;
        inc.add(
          t + p,
          log4j2(
            t + p,
            "INFO",
            "profile-service",
            "com.acme.profile.web.ProfileController",
            rng.pick(threads),
            `GET /profiles/${rng.int(100000, 999999)} 200 ${Math.round(p)}ms`,
            { traceId },
          ),
        );
        envoy(t + d, "POST", "/oauth/introspect", 200, d, "auth-service", null);
        break;
      }
    }
  });

  // health probes, pool reconnects, profile-service chatter
  for (const pod of authPods) {
    every(rng, inc.start, inc.end, 30 * SEC, 300, (t) => {
      if (outage(t))
        inc.add(
          t,
          log4j2(
            t,
            "WARN",
            "auth-service",
            "org.springframework.boot.actuate.ldap.LdapHealthIndicator",
            "http-nio-8081-exec-1",
            `LDAP health check failed: ${ldapHost}:636 Connection refused`,
            { pod },
          ),
          "error",
        );
    });
    every(rng, down + 5 * SEC, up, 30 * SEC, 500, (t, i) => {
      inc.add(
        t,
        log4j2(
          t,
          "WARN",
          "auth-service",
          "com.acme.auth.ldap.PooledContextSource",
          "ldap-pool-evictor",
          `Reconnecting to ldaps://${ldapHost}:636 (attempt ${i + 1}, backoff 30s)`,
          { pod },
        ),
        "error",
      );
    });
    const back = up + rng.float(2, 9) * SEC;
    inc.add(
      back,
      log4j2(
        back,
        "INFO",
        "auth-service",
        "com.acme.auth.ldap.PooledContextSource",
        "ldap-pool-evictor",
        `LDAP connection pool re-established (4/8 connections to ldaps://${ldapHost}:636)`,
        { pod },
      ),
    );
  }
  a(
    down,
    "WARN",
    "com.acme.auth.ldap.PooledContextSource",
    `Connection to ldaps://${ldapHost}:636 lost: javax.naming.ServiceUnavailableException: ${ldapHost}:636; socket closed`,
    "error",
  );
  poisson(rng, inc.start, inc.end, 1 / 25, (t) => {
    inc.add(
      t,
      log4j2(
        t,
        "INFO",
        "profile-service",
        "com.acme.profile.web.ProfileController",
        rng.pick(threads),
        `PATCH /profiles/${rng.int(100000, 999999)}/preferences 204 ${Math.round(rng.logn(60, 0.4))}ms`,
        { traceId: rng.hex(32) },
      ),
    );
  });
  every(rng, inc.start, inc.end, 5 * MIN, 20 * SEC, (t) =>
    a(
      t,
      "ERROR",
      "com.acme.auth.revocation.RevocationNotifier",
      "Token revocation callback to https://crm-legacy.corp.internal/hooks/revoke failed: 404 Not Found (will not retry)",
      null,
    ),
  );
  every(rng, inc.start, inc.end, 10 * MIN, 30 * SEC, (t) =>
    a(
      t,
      "INFO",
      "com.acme.auth.keys.KeyRotationScheduler",
      `Signing key kid=${rng.hex(8)} valid for ${rng.int(20, 29)} more days; next rotation check in 10m`,
      null,
    ),
  );

  return inc.build(
    "auth-ldap-outage-most-of-window",
    "auth-service loses its LDAP directory minutes in and stays down until near the end: password logins and userinfo fail for most of the window (log4j2 + envoy)",
  );
}
