// A credential-stuffing run hits POST /api/v1/login: leaked email/password pairs from thousands of
// residential proxy addresses (one or two tries each) plus a few datacenter hosts that go much
// faster, all with the same dated Chrome user agent. Most emails are unknown, most of the rest have
// the wrong password, a handful succeed from a new device and country (the account-takeover guard flags them),
// and a few real accounts get locked. bcrypt work saturates auth-service, so genuine users' logins
// slow from ~0.3 s to seconds. The WAF's rate-based rule blocks the fast hosts after a few minutes;
// on-call adds a CAPTCHA challenge on the login route and the wave dies out.
// Labelled: the attack's login outcomes and request lines, accounts locked by it, the takeovers and
// their alerts, the WAF blocks and challenges of attack traffic (pattern); genuine users' login
// requests slowed by the CPU saturation (performance). Decoys: genuine mistyped passwords followed
// by a success, one genuine lockout, invalid MFA codes, password resets, the synthetic login check
// every minute, WordPress and .env scanners blocked by a managed WAF rule, session and refresh
// traffic, a deprecation warning for the v0 token route.

import type { Scenario } from "../blind/types.js";
import { MINUTE, nightStart, SECOND } from "./clock.js";
import { email, ipPool, USER_AGENTS } from "./fake.js";
import { hashSeed, Rng } from "./prng.js";
import { type Entry, type PinoBase, pino, pinoHttp } from "./producers.js";
import { type Label, Timeline } from "./timeline.js";

const NAME = "credential-stuffing-wave";
const ATTACK_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36";
const ACL = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/larkspur-edge/5b1c3e0a-8d2f-4c61-9e1a-7f3b2d6c9a10";

function waf(
  t: number,
  rng: Rng,
  ip: string,
  country: string,
  uri: string,
  method: string,
  ua: string,
  ruleId: string,
  ruleType: string,
  action: string,
  rateLimited: boolean,
): Entry {
  return {
    timestamp: Math.floor(t),
    formatVersion: 1,
    webaclId: ACL,
    terminatingRuleId: ruleId,
    terminatingRuleType: ruleType,
    action,
    terminatingRuleMatchDetails: [],
    httpSourceName: "ALB",
    httpSourceId: "123456789012-app/larkspur-prod/5f2a9c7e1b3d4a60",
    ruleGroupList: [],
    rateBasedRuleList: rateLimited
      ? [
          {
            rateBasedRuleId: "d1e2f3a4-5b6c-7d8e-9f01-23456789abcd",
            rateBasedRuleName: "login-rate-limit",
            limitKey: "IP",
            maxRateAllowed: 100,
            evaluationWindowSec: 300,
            limitValue: ip,
          },
        ]
      : [],
    nonTerminatingMatchingRules: [],
    requestHeadersInserted: null,
    responseCodeSent: null,
    httpRequest: {
      clientIp: ip,
      country,
      headers: [
        { name: "Host", value: "auth.larkspur.shop" },
        { name: "User-Agent", value: ua },
        { name: "Content-Type", value: "application/json" },
      ],
      uri,
      args: "",
      httpVersion: "HTTP/1.1",
      httpMethod: method,
      requestId: `1-${Math.floor(t / 1000).toString(16)}-${rng.hex(24)}`,
    },
  };
}

export function credentialStuffingWave(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, NAME));
  const tl = new Timeline();
  const start = nightStart(rng.int(0, 50), rng.int(0, 70));
  const onset = start + rng.int(5, 40) * MINUTE;
  const captcha = onset + rng.int(15, 22) * MINUTE;
  const attackEnd = captcha + rng.int(2, 5) * MINUTE;
  const end = attackEnd + rng.int(12, 22) * MINUTE;
  const authHash = rng.kube(10);
  const auth: PinoBase[] = [0, 1, 2].map(() => ({ name: "auth-service", hostname: `auth-service-${authHash}-${rng.kube(5)}`, pid: 1 }));
  /** Load on the login path: 0 normally, up to 1 at the height of the wave. */
  const load = (t: number) => (t < onset || t > attackEnd ? 0 : Math.min(1, (t - onset) / (3 * MINUTE), (attackEnd - t) / (2 * MINUTE) + 0.2));

  const login = (
    t: number,
    ip: string,
    ua: string,
    user: string,
    outcome: "ok" | "invalid_password" | "unknown_user" | "mfa_invalid" | "locked",
    label: Label,
    extra: Entry = {},
  ) => {
    const a = rng.pick(auth);
    let ms = rng.logNormal(290, 0.2);
    if (load(t) > 0) ms *= 1 + load(t) * rng.float(3, 12);
    const reqId = rng.uuid();
    const fields = { reqId, username: user, ip, ...extra };
    if (outcome === "ok") tl.add(t - 2, pino(t - 2, a, "info", "login succeeded", { ...fields, mfa: extra.mfa ?? "none" }), label);
    else if (outcome === "locked") tl.add(t - 2, pino(t - 2, a, "warn", "account locked after 5 failed attempts", { ...fields, lockMinutes: 30 }), label);
    else if (outcome === "mfa_invalid") tl.add(t - 2, pino(t - 2, a, "warn", "mfa code invalid", fields), label);
    else tl.add(t - 2, pino(t - 2, a, "warn", "login failed", { ...fields, reason: outcome }), label);
    const status = outcome === "ok" ? 200 : outcome === "locked" ? 423 : 401;
    const reqLabel = label ?? (ms > 290 * Math.exp(3.2 * 0.2) ? "performance" : null);
    tl.add(t, pinoHttp(t, a, { id: reqId, method: "POST", url: "/api/v1/login", status, ms, ip, ua }), reqLabel);
  };

  // --- genuine users ---------------------------------------------------------------------------
  const people = ipPool(rng, 300);
  for (const t of rng.times(start, end, rng.int(420, 520))) {
    const ip = rng.pick(people);
    const ua = rng.pick(USER_AGENTS.slice(0, 7));
    const user = email(rng);
    if (rng.chance(0.1)) {
      login(t, ip, ua, user, "invalid_password", null);
      login(t + rng.int(6, 25) * SECOND, ip, ua, user, "ok", null);
    } else if (rng.chance(0.03)) {
      login(t, ip, ua, user, "ok", null, { mfa: "totp" });
      login(t + rng.int(10, 30) * SECOND, ip, ua, user, "mfa_invalid", null);
    } else login(t, ip, ua, user, "ok", null, { mfa: rng.chance(0.3) ? "totp" : "none" });
  }
  // One genuine lockout.
  const lockT = rng.int(start, end - 5 * MINUTE);
  const lockUser = email(rng);
  const lockIp = rng.pick(people);
  for (let i = 0; i < 5; i++) login(lockT + i * rng.int(8, 20) * SECOND, lockIp, USER_AGENTS[2]!, lockUser, i < 4 ? "invalid_password" : "locked", null);
  // The synthetic check.
  for (const t of rng.ticks(start, end, MINUTE, 2 * SECOND))
    login(t, "3.233.146.12", "Datadog/Synthetics", "synthetics+login@larkspur.shop", "ok", null, { mfa: "none" });
  // Sessions, refreshes, resets.
  for (const t of rng.times(start, end, rng.int(900, 1100))) {
    const a = rng.pick(auth);
    const r = rng.weighted([
      ["GET /api/v1/session", 60],
      ["POST /api/v1/token/refresh", 30],
      ["POST /api/v1/password/reset", 2],
      ["POST /api/v0/token", 1.5],
    ] as const);
    const [method, url] = r.split(" ") as [string, string];
    const ip = rng.pick(people);
    const status = url.endsWith("session") && rng.chance(0.06) ? 401 : url.endsWith("reset") ? 202 : 200;
    if (url === "/api/v0/token")
      tl.add(t - 1, pino(t - 1, a, "warn", "deprecated route /api/v0/token called; migrate to /api/v1/token/refresh", { ip, client: "AcmeShop/5.9" }));
    if (url.endsWith("reset")) tl.add(t - 1, pino(t - 1, a, "info", "password reset email queued", { username: email(rng), ip }));
    tl.add(t, pinoHttp(t, a, { id: rng.uuid(), method, url, status, ms: rng.logNormal(url.endsWith("session") ? 6 : 18, 0.4), ip, ua: rng.pick(USER_AGENTS) }));
  }
  // Scanners, blocked by a managed rule all night.
  for (const t of rng.times(start, end, rng.int(15, 30))) {
    const ip = `${rng.int(45, 200)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    tl.add(
      t,
      waf(
        t,
        rng,
        ip,
        rng.pick(["US", "CN", "RU", "DE", "BR"]),
        rng.pick(["/wp-login.php", "/.env", "/xmlrpc.php", "/.git/HEAD"]),
        "GET",
        "Mozilla/5.0 zgrab/0.x",
        "AWS-AWSManagedRulesKnownBadInputsRuleSet",
        "MANAGED_RULE_GROUP",
        "BLOCK",
        false,
      ),
    );
  }

  // --- the attack ---------------------------------------------------------------------------------
  const proxies = Array.from(
    { length: 900 },
    () => `${rng.pick([24, 47, 67, 71, 73, 76, 98, 99, 104, 172, 174, 189, 190, 201])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
  );
  const fast = Array.from({ length: rng.int(3, 5) }, () => `${rng.pick([45, 91, 185, 193])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`);
  const blockedFrom = new Map(fast.map((ip) => [ip, onset + rng.int(3, 7) * MINUTE] as const));
  const countries = ["US", "BR", "VN", "IN", "ID", "MX", "TR", "PH"];
  let compromised = 0;
  for (const t0 of rng.times(onset, attackEnd, rng.int(460, 620))) {
    const isFast = rng.chance(0.3);
    const ip = isFast ? rng.pick(fast) : rng.pick(proxies);
    const country = isFast ? "NL" : rng.pick(countries);
    const tries = isFast ? 1 : rng.int(1, 2);
    for (let i = 0; i < tries; i++) {
      const t = t0 + i * rng.int(2, 9) * SECOND;
      if (t >= captcha) {
        tl.add(t, waf(t, rng, ip, country, "/api/v1/login", "POST", ATTACK_UA, "login-captcha", "REGULAR", "CAPTCHA", false), "pattern");
        continue;
      }
      if (isFast && t >= blockedFrom.get(ip)!) {
        tl.add(t, waf(t, rng, ip, country, "/api/v1/login", "POST", ATTACK_UA, "login-rate-limit", "RATE_BASED", "BLOCK", true), "pattern");
        continue;
      }
      const user = email(rng);
      const roll = rng.next();
      if (roll < 0.006 && compromised < 6) {
        compromised += 1;
        login(t, ip, ATTACK_UA, user, "ok", "pattern", { mfa: "none", newDevice: true, country });
        const ta = t + rng.int(200, 900);
        tl.add(
          ta,
          pino(ta, rng.pick(auth), "warn", "ato-guard: impossible travel", {
            username: user,
            previousCountry: rng.pick(["GB", "DE", "FR", "IE"]),
            country,
            distanceKm: rng.int(4000, 11000),
            minutesSinceLastLogin: rng.int(20, 300),
            ip,
          }),
          "pattern",
        );
      } else if (roll < 0.02) login(t, ip, ATTACK_UA, user, "locked", "pattern");
      else if (roll < 0.4) login(t, ip, ATTACK_UA, user, "invalid_password", "pattern");
      else login(t, ip, ATTACK_UA, user, "unknown_user", "pattern");
    }
  }
  return tl.scenario(
    NAME,
    "A credential-stuffing wave of leaked email/password pairs hits the login route from thousands of proxies, takes over a few accounts and slows genuine logins.",
  );
}
