// Security-flavoured incidents: a credential-stuffing burst against a Go auth service, and a
// quiet day whose only sign of trouble is one policy change.

import type { Scenario } from "../blind/types.js";
import { arrivals, Incident, PINO, pino, type Rng, rngFor, round, structlog, ticks, windowStart, zap } from "./gen.js";

const DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "web.de", "icloud.com", "proton.me", "acme-corp.com", "example.org"];
const email = (rng: Rng): string =>
  `${rng.pick(["anna", "ben", "chris", "dana", "erik", "fatima", "george", "hana", "ivan", "julia", "kai", "lena"])}.${rng.alnum(rng.int(3, 7))}@${rng.pick(DOMAINS)}`;

/** The policy table auth-service logs whole each time it reloads: long, many lines, every few minutes. */
function policyTable(rng: Rng): string {
  const rows = ["acme-corp", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "cyberdyne", "soylent", "vandelay"].map(
    (tenant) =>
      `  ${tenant.padEnd(12)} ${String(rng.int(4, 30)).padStart(5)}  ${rng.pick(["req", "req", "opt"]).padEnd(4)} ${rng.pick(["12h", "24h", "8h", "72h"]).padStart(6)}  ${rng.pick(["saml", "oidc", "password", "password"])}`,
  );
  return `policy snapshot reloaded (etag ${rng.hex(16)}):\n  tenant       rules  mfa  session  idp\n${rows.join("\n")}`;
}

/**
 * Someone replays a leaked credential list against the login endpoint: for a few minutes failed
 * logins, a handful an hour on a normal day, arrive by the hundred from a few networks, and
 * accounts lock out.
 */
export function authCredentialStuffingBurst(seed: number): Scenario {
  const name = "auth-credential-stuffing-burst";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 45 * 60_000;
  const burst = t0 + rng.int(24, 32) * 60_000;
  const burstEnd = burst + rng.int(3, 5) * 60_000;
  const pods = ["auth-service-59d7b-4rk8w", "auth-service-59d7b-dn2xq", "auth-service-59d7b-p6vzs"];
  const users = Array.from({ length: 400 }, () => email(rng));
  const clientIp = () => rng.ip(rng.pick(["84.", "93.", "178.", "62.", "2."]));
  const ua = () =>
    rng.pick([
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/128.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6) Safari/604.1",
      "ShopApp/5.31.0 (Android 14)",
    ]);
  const log = (t: number, level: string, caller: string, msg: string, extra: Record<string, unknown>) =>
    zap(t, level, "auth-service", caller, msg, { pod: rng.pick(pods), request_id: rng.hex(16), ...extra });

  for (const t of arrivals(rng, t0, end, 1.25)) {
    const user = rng.pick(users);
    const kind = rng.weighted([
      ["login", 3],
      ["refresh", 4],
      ["introspect", 2],
      ["failed", 0.18],
      ["mfa", 0.8],
      ["reset", 0.08],
      ["logout", 0.5],
      ["jwks", 0.2],
      ["locked", 0.004],
    ] as const);
    if (kind === "login") {
      inc.add(
        t,
        log(t, "info", "handler/login.go:88", "login succeeded", {
          user,
          method: rng.pick(["password", "password", "sso", "passkey"]),
          ip: clientIp(),
          latency_ms: Math.round(rng.logNormal(180, 0.35)),
        }),
      );
      inc.add(t + 2, log(t + 2, "info", "token/issuer.go:41", "token issued", { user, kind: "access+refresh", ttl_s: 900 }));
    } else if (kind === "refresh") {
      inc.add(t, log(t, "info", "token/issuer.go:63", "token refreshed", { user, latency_ms: Math.round(rng.logNormal(6, 0.4)) }));
    } else if (kind === "introspect") {
      inc.add(
        t,
        log(t, "debug", "handler/introspect.go:30", "token introspected", {
          client: rng.pick(["orders-api", "payments-api", "web-bff", "support-console"]),
          active: rng.chance(0.97),
        }),
      );
    } else if (kind === "failed") {
      // Routine: people mistype passwords.
      inc.add(
        t,
        log(t, "warn", "handler/login.go:102", "login failed", {
          user,
          reason: rng.chance(0.85) ? "invalid_password" : "unknown_user",
          ip: clientIp(),
          user_agent: ua(),
        }),
      );
    } else if (kind === "mfa") {
      inc.add(t, log(t, "info", "mfa/totp.go:57", "mfa challenge passed", { user, factor: rng.pick(["totp", "totp", "webauthn", "sms"]) }));
    } else if (kind === "reset") {
      inc.add(t, log(t, "info", "handler/reset.go:35", "password reset requested", { user, ip: clientIp() }));
    } else if (kind === "logout") {
      inc.add(t, log(t, "info", "handler/logout.go:22", "session revoked", { user, reason: "logout" }));
    } else if (kind === "jwks") {
      inc.add(t, log(t, "debug", "keys/jwks.go:19", "jwks served", { keys: 2, etag: rng.hex(8) }));
    } else {
      inc.add(t, log(t, "warn", "handler/login.go:131", "account locked after repeated failures", { user, failures: 5, unlock_after_s: 900 }));
    }
  }
  for (const pod of pods) {
    for (const t of ticks(rng, t0, end, 5 * 60_000, 10_000)) {
      inc.add(t, zap(t, "info", "auth-service", "policy/store.go:112", policyTable(rng), { pod, source: "s3://auth-config-prod/policies.json" }));
    }
  }

  // The attack: a few networks, a script's user agent, mostly addresses that were never customers.
  const nets = ["45.155.205.", "193.56.29.", "185.220.101."];
  const tried = new Map<string, number>();
  for (const t of arrivals(rng, burst, burstEnd, rng.int(16, 22) / 10)) {
    const known = rng.chance(0.3);
    const user = known ? rng.pick(users) : email(rng);
    const n = (tried.get(user) ?? 0) + 1;
    tried.set(user, n);
    inc.add(
      t,
      log(t, "warn", "handler/login.go:102", "login failed", {
        user,
        reason: known ? "invalid_password" : "unknown_user",
        ip: rng.ip(rng.pick(nets)),
        user_agent: rng.pick(["python-requests/2.31.0", "python-requests/2.31.0", "Go-http-client/1.1"]),
      }),
      "pattern",
    );
    if (known && n === 5) {
      inc.add(
        t + 3,
        log(t + 3, "warn", "handler/login.go:131", "account locked after repeated failures", { user, failures: 5, unlock_after_s: 900 }),
        "pattern",
      );
    }
  }
  // Known users hit more than once: the list holds several passwords per address.
  for (const t of arrivals(rng, burst, burstEnd, 0.35)) {
    const user = rng.pick(users.slice(0, 25));
    for (let k = 0; k < 5; k++) {
      const tk = t + k * rng.int(200, 900);
      inc.add(
        tk,
        log(tk, "warn", "handler/login.go:102", "login failed", {
          user,
          reason: "invalid_password",
          ip: rng.ip(rng.pick(nets)),
          user_agent: "python-requests/2.31.0",
        }),
        "pattern",
      );
    }
    const tl = t + 5000;
    inc.add(tl, log(tl, "warn", "handler/login.go:131", "account locked after repeated failures", { user, failures: 5, unlock_after_s: 900 }), "pattern");
  }

  return inc.scenario(
    name,
    "Failed logins, a few an hour on a normal day, arrive by the hundred for minutes from three networks and lock accounts: a credential-stuffing burst",
  );
}

/**
 * Forty-five minutes of an ordinary afternoon across three services; the only line that matters
 * is a support agent's change turning off an organisation's MFA requirement from an unusual address.
 */
export function quietDayMfaDisabled(seed: number): Scenario {
  const name = "quiet-day-mfa-disabled";
  const rng = rngFor(seed, name);
  const inc = new Incident();
  const t0 = windowStart(rng);
  const end = t0 + 45 * 60_000;
  const orgs = ["acme-corp", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka"];

  // accounts-service (Python, structlog).
  for (const t of arrivals(rng, t0, end, 0.6)) {
    const org = rng.pick(orgs);
    const uid = rng.int(10_000, 999_999);
    const kind = rng.weighted([
      ["profile", 4],
      ["invite", 0.6],
      ["role", 0.5],
      ["seat", 0.8],
      ["sso", 0.7],
      ["export", 0.1],
      ["avatar", 0.6],
      ["validation", 0.4],
    ] as const);
    const extra: Record<string, unknown> = { org, request_id: rng.uuid() };
    if (kind === "profile")
      inc.add(
        t,
        structlog(t, "info", "accounts-service", "accounts.api.profile", "profile_viewed", {
          ...extra,
          user_id: uid,
          duration_ms: round(rng.logNormal(22, 0.5), 1),
        }),
      );
    else if (kind === "invite")
      inc.add(
        t,
        structlog(t, "info", "accounts-service", "accounts.api.members", "member_invited", {
          ...extra,
          inviter_id: uid,
          role: rng.pick(["member", "member", "admin", "billing"]),
        }),
      );
    else if (kind === "role")
      inc.add(
        t,
        structlog(t, "info", "accounts-service", "accounts.api.members", "member_role_changed", {
          ...extra,
          user_id: uid,
          from: "member",
          to: rng.pick(["admin", "billing"]),
        }),
      );
    else if (kind === "seat")
      inc.add(
        t,
        structlog(t, "info", "accounts-service", "accounts.billing", "seat_count_synced", {
          ...extra,
          seats: rng.int(5, 800),
          plan: rng.pick(["team", "business", "enterprise"]),
        }),
      );
    else if (kind === "sso")
      inc.add(
        t,
        structlog(t, "info", "accounts-service", "accounts.sso", "saml_assertion_accepted", {
          ...extra,
          user_id: uid,
          idp: rng.pick(["okta", "azuread", "google"]),
        }),
      );
    else if (kind === "export") inc.add(t, structlog(t, "info", "accounts-service", "accounts.gdpr", "data_export_requested", { ...extra, user_id: uid }));
    else if (kind === "avatar")
      inc.add(
        t,
        structlog(t, "info", "accounts-service", "accounts.api.profile", "avatar_uploaded", { ...extra, user_id: uid, bytes: rng.int(8_000, 900_000) }),
      );
    else
      inc.add(
        t,
        structlog(t, "warning", "accounts-service", "accounts.api.members", "invite_rejected", {
          ...extra,
          reason: rng.pick(["email_domain_not_allowed", "seat_limit_reached", "already_member"]),
        }),
      );
  }

  // notification-service (Node, pino).
  for (const t of arrivals(rng, t0, end, 0.5)) {
    const channel = rng.weighted([
      ["email", 5],
      ["push", 3],
      ["sms", 0.5],
      ["webhook", 1],
    ] as const);
    const pod = rng.pick(["notify-6c9d-a1", "notify-6c9d-b2"]);
    if (rng.chance(0.02)) {
      inc.add(
        t,
        pino(t, PINO.warn, "notification-service", pod, "provider returned a soft bounce, will retry", {
          channel,
          provider: rng.pick(["ses", "sendgrid"]),
          attempt: rng.int(1, 3),
        }),
      );
      continue;
    }
    inc.add(
      t,
      pino(t, PINO.info, "notification-service", pod, `${channel} sent`, {
        channel,
        template: rng.pick(["invite", "password-reset", "weekly-summary", "invoice-ready", "mention"]),
        provider_latency_ms: Math.round(rng.logNormal(channel === "sms" ? 900 : 140, 0.5)),
      }),
    );
  }

  // web-bff (Go, zap): the API the web app talks to.
  const routes = ["/api/me", "/api/projects", "/api/projects/:id", "/api/projects/:id/tasks", "/api/search", "/api/notifications", "/api/billing/invoices"];
  for (const t of arrivals(rng, t0, end, 0.8)) {
    const route = rng.pick(routes);
    const median = route === "/api/search" ? 120 : route.includes("billing") ? 300 : 35;
    const status = rng.chance(0.015) ? rng.pick([401, 403, 404, 429]) : 200;
    inc.add(
      t,
      zap(t, status === 200 ? "info" : "warn", "web-bff", "middleware/log.go:27", "request", {
        method: rng.chance(0.8) ? "GET" : "POST",
        route,
        status,
        duration_ms: round(rng.logNormal(median, 0.5), 2),
        org: rng.pick(orgs),
        trace_id: rng.hex(32),
      }),
    );
  }
  for (const t of ticks(rng, t0, end, 60_000, 2000)) {
    inc.add(
      t,
      zap(t, "debug", "web-bff", "cache/redis.go:88", "session cache stats", { keys: rng.int(40_000, 46_000), hit_ratio: round(0.9 + rng.next() * 0.08, 3) }),
    );
  }

  const tc = t0 + rng.int(15, 40) * 60_000 + rng.int(0, 59_999);
  inc.add(
    tc,
    structlog(tc, "info", "accounts-service", "accounts.admin.security", "org_security_policy_updated", {
      org: rng.pick(orgs.slice(0, 3)),
      request_id: rng.uuid(),
      actor: `support-agent-${rng.int(10, 40)}`,
      via: "admin-console",
      ip: rng.ip("185.220.101."),
      changes: { mfa_required: [true, false], session_ttl_hours: [12, 720], allowed_ip_ranges: [["10.0.0.0/8"], []] },
    }),
    "pattern",
  );

  return inc.scenario(
    name,
    "An ordinary afternoon across three services whose only anomaly is one policy change disabling an organisation's MFA from an unusual address",
  );
}
