// Keycloak on an ordinary afternoon, with a credential-stuffing run hidden in it: failed logins
// are routine here (people mistype passwords), so only the run's shape gives it away — one
// residential-proxy range cycling through usernames, then a few accounts taken over.

import type { Scenario } from "../blind/types.js";
import { baseTime, Gen, Incident, iso, type Label, MIN, SEC } from "./kit.js";

const FIRST = [
  "anna",
  "ben",
  "chloe",
  "dmitri",
  "elena",
  "farid",
  "grace",
  "hugo",
  "ines",
  "jonas",
  "kim",
  "lena",
  "marco",
  "nora",
  "omar",
  "paula",
  "quinn",
  "rosa",
  "sven",
  "tara",
];
const LAST = ["mueller", "smith", "rossi", "novak", "garcia", "kowalski", "jensen", "dubois", "silva", "tanaka", "berg", "costa"];
const DOMAINS = ["gmail.com", "outlook.com", "web.de", "yahoo.com", "icloud.com", "gmx.net", "proton.me"];

export function keycloakCredentialStuffing(seed: number): Scenario {
  const g = new Gen(seed, "keycloak-credential-stuffing");
  const inc = new Incident();
  const start = baseTime(seed, 15);
  const end = start + 90 * MIN;
  const realmId = g.uuid();
  const pods = ["keycloak-0", "keycloak-1", "keycloak-2"];
  const attackStart = start + (40 + g.int(0, 20)) * MIN;
  const attackEnd = attackStart + (14 + g.int(0, 6)) * MIN;
  const attackNet = `185.${g.int(100, 230)}.${g.int(0, 255)}.`;
  let seq = 1;

  const user = () => `${g.pick(FIRST)}.${g.pick(LAST)}${g.chance(0.4) ? g.int(1, 99) : ""}@${g.pick(DOMAINS)}`;
  const users = Array.from({ length: 400 }, () => ({ id: g.uuid(), name: user(), ip: g.ip(g.pick(["84.", "91.", "77.", "62."])) }));

  const log = (t: number, level: string, logger: string, message: string, label: Label = null) => {
    inc.add(
      t,
      {
        timestamp: iso(t),
        sequence: seq++,
        loggerClassName: "org.jboss.logging.Logger",
        loggerName: logger,
        level,
        message,
        threadName: `executor-thread-${g.int(1, 64)}`,
        threadId: g.int(40, 220),
        mdc: {},
        ndc: "",
        hostName: g.pick(pods),
        processName: "QuarkusEntryPoint",
        processId: 1,
        service: "keycloak",
      },
      label,
    );
  };
  const event = (
    t: number,
    level: string,
    type: string,
    u: { id: string; name: string; ip: string } | null,
    ip: string,
    client: string,
    extra: string,
    label: Label = null,
  ) => {
    const userId = u ? u.id : "null";
    log(
      t,
      level,
      "org.keycloak.events",
      `type="${type}", realmId="${realmId}", realmName="shop", clientId="${client}", userId="${userId}", ipAddress="${ip}"${extra}`,
      label,
    );
  };

  // Ordinary sign-ins, token exchanges and refreshes; typos make LOGIN_ERROR routine.
  for (const t of g.times(start, end, 3900)) {
    const u = g.pick(users);
    const client = g.weighted([
      ["web-shop", 60],
      ["shop-ios", 25],
      ["backoffice", 10],
      ["partner-api", 5],
    ] as const);
    const kind = g.weighted([
      ["login", 22],
      ["code", 20],
      ["refresh", 34],
      ["logout", 6],
      ["badpw", 4],
      ["expired", 1],
      ["cc", 6],
      ["infra", 3],
      ["introspect", 4],
    ] as const);
    const sid = g.uuid();
    if (kind === "login") {
      event(
        t,
        "INFO",
        "LOGIN",
        u,
        u.ip,
        client,
        `, sessionId="${sid}", auth_method="openid-connect", auth_type="code", redirect_uri="https://shop.example.com/auth/callback", consent="no_consent_required", code_id="${sid}", username="${u.name}", authSessionParentId="${sid}", authSessionTabId="${g.hex(11)}"`,
      );
    } else if (kind === "code") {
      event(
        t,
        "INFO",
        "CODE_TO_TOKEN",
        u,
        u.ip,
        client,
        `, sessionId="${sid}", token_id="${g.uuid()}", grant_type="authorization_code", refresh_token_type="Refresh", scope="openid profile email", refresh_token_id="${g.uuid()}", code_id="${sid}", client_auth_method="client-secret"`,
      );
    } else if (kind === "refresh") {
      event(
        t,
        "INFO",
        "REFRESH_TOKEN",
        u,
        u.ip,
        client,
        `, sessionId="${sid}", token_id="${g.uuid()}", grant_type="refresh_token", refresh_token_type="Refresh", scope="openid profile email", updated_refresh_token_id="${g.uuid()}", refresh_token_id="${g.uuid()}", client_auth_method="client-secret"`,
      );
    } else if (kind === "logout") {
      event(t, "INFO", "LOGOUT", u, u.ip, client, `, sessionId="${sid}", redirect_uri="https://shop.example.com/"`);
    } else if (kind === "badpw") {
      const err = g.weighted([
        ["invalid_user_credentials", 80],
        ["user_not_found", 20],
      ] as const);
      event(
        t,
        "WARN",
        "LOGIN_ERROR",
        err === "user_not_found" ? null : u,
        u.ip,
        client,
        `, error="${err}", auth_method="openid-connect", auth_type="code", redirect_uri="https://shop.example.com/auth/callback", code_id="${sid}", username="${err === "user_not_found" ? user() : u.name}", authSessionParentId="${sid}", authSessionTabId="${g.hex(11)}"`,
      );
    } else if (kind === "expired") {
      event(
        t,
        "WARN",
        "CODE_TO_TOKEN_ERROR",
        u,
        u.ip,
        client,
        `, error="invalid_code", grant_type="authorization_code", code_id="${sid}", client_auth_method="client-secret"`,
      );
    } else if (kind === "cc") {
      event(
        t,
        "INFO",
        "CLIENT_LOGIN",
        null,
        g.ip("10.60."),
        "partner-api",
        `, token_id="${g.uuid()}", grant_type="client_credentials", scope="orders:read", client_auth_method="client-secret", username="service-account-partner-api"`,
      );
    } else if (kind === "introspect") {
      event(t, "INFO", "INTROSPECT_TOKEN", null, g.ip("10.60."), "orders-api", `, token_id="${g.uuid()}", client_auth_method="client-secret"`);
    } else {
      const line = g.weighted([
        [
          [
            "INFO",
            "org.infinispan.CLUSTER",
            `[Context=authenticationSessions] ISPN100002: Starting rebalance with members [${pods.join(", ")}], phase READ_OLD_WRITE_ALL, topology id ${g.int(20, 90)}`,
          ],
          1,
        ],
        [["INFO", "org.keycloak.services", `KC-SERVICES0009: Added user 'service-account-${g.pick(["reports", "mailer"])}' to realm 'shop'`], 0.2],
        [["WARN", "org.keycloak.protocol.oidc.utils.AcrUtils", "Invalid realm configuration (ACR-LOA map)"], 1],
        [["INFO", "io.quarkus.vertx.http.runtime.VertxHttpRecorder", `Closing idle connection from ${g.ip("10.60.")}`], 1.5],
      ] as const);
      log(t, line[0], line[1], line[2]);
    }
  }

  // The run: many usernames from one /24, most wrong, brute-force protection kicking in, three take-overs.
  const attackTimes = g.times(attackStart, attackEnd, 150 + g.int(0, 40));
  const hit = new Set([g.int(30, 60), g.int(70, 110), g.int(115, 140)]);
  attackTimes.forEach((t, i) => {
    const ip = `${attackNet}${g.int(2, 254)}`;
    const sid = g.uuid();
    if (hit.has(i)) {
      const victim = g.pick(users);
      event(
        t,
        "INFO",
        "LOGIN",
        victim,
        ip,
        "web-shop",
        `, sessionId="${sid}", auth_method="openid-connect", auth_type="code", redirect_uri="https://shop.example.com/auth/callback", consent="no_consent_required", code_id="${sid}", username="${victim.name}"`,
        "pattern",
      );
      event(
        t + g.int(3, 9) * SEC,
        "INFO",
        "UPDATE_EMAIL",
        victim,
        ip,
        "account-console",
        `, previous_email="${victim.name}", updated_email="${g.hex(6)}.${g.pick(["drop", "mx", "inbox"])}@${g.pick(["tutanota.com", "mail.ru", "cock.li"])}", context="ACCOUNT"`,
        "pattern",
      );
      return;
    }
    const known = g.chance(0.55);
    const err = known ? (g.chance(0.12) ? "user_temporarily_disabled" : "invalid_user_credentials") : "user_not_found";
    const u = known ? g.pick(users) : null;
    event(
      t,
      "WARN",
      "LOGIN_ERROR",
      u,
      ip,
      "web-shop",
      `, error="${err}", auth_method="openid-connect", auth_type="code", redirect_uri="https://shop.example.com/auth/callback", code_id="${sid}", username="${u ? u.name : user()}"`,
      "pattern",
    );
  });

  return inc.build(
    "keycloak-credential-stuffing",
    "A credential-stuffing run from one /24 hides among routine Keycloak login errors and ends in account take-overs",
  );
}
