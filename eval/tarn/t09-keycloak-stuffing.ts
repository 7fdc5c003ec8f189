// t09: the shop's public login sees its usual background of credential stuffing from rotating
// addresses; Keycloak logs every failed login as a WARN event (Quarkus JSON log with Kubernetes
// metadata). Here the rule is right: worded as a refused login, it is routine. The real incident
// is small and elsewhere: the SMTP relay behind mailer slows down for ~10 minutes (slog JSON).
// Healthy: Caddy's access log (zap, durations in seconds).
import type { Scenario } from "./types.js";
import { Kit, MIN, SEC, Timeline, iso, isoNs, opening, span, steady } from "./util.js";

export default function t09(seed: number): Scenario {
  const k = new Kit(seed, "t09");
  const t0 = opening(seed, "t09");
  const t1 = t0 + 90 * MIN;
  const tl = new Timeline();
  const realmId = k.uuid();
  const client = k.pick(["shop-web", "shop-spa", "storefront"]);
  const domains = ["gmail.com", "yahoo.com", "hotmail.com", "web.de", "outlook.com", "gmx.net"];
  const first = ["anna", "mark", "julia", "tom", "lena", "max", "sara", "paul", "nina", "leo"];
  let seq = k.int(100_000, 900_000);

  steady(k, t0, t1, 2 * SEC, (t) => {
    const x = k.r();
    const error = x < 0.76 ? "invalid_user_credentials" : x < 0.95 ? "user_not_found" : "user_temporarily_disabled";
    const user = `${k.pick(first)}${k.pick([".", "_", ""])}${k.pick(first)}${k.int(1, 99)}@${k.pick(domains)}`;
    const userId = error === "user_not_found" ? "null" : k.uuid();
    const ip = k.chance(0.5) ? k.ip(k.pick(["185.220", "45.155", "193.32", "91.240"])) : k.ip(`${k.int(31, 212)}`);
    const pod = `keycloak-${k.int(0, 1)}`;
    tl.add(t, {
      timestamp: iso(t),
      sequence: seq++,
      loggerClassName: "org.jboss.logging.Logger",
      loggerName: "org.keycloak.events",
      level: "WARN",
      message: `type="LOGIN_ERROR", realmId="${realmId}", realmName="shop", clientId="${client}", userId="${userId}", sessionId="null", ipAddress="${ip}", error="${error}", auth_method="openid-connect", auth_type="code", redirect_uri="https://shop.example.com/auth/callback", code_id="${k.uuid()}", username="${user}"`,
      threadName: `executor-thread-${k.int(1, 40)}`,
      threadId: k.int(40, 200),
      mdc: {},
      ndc: "",
      hostName: pod,
      processName: "QuarkusEntryPoint",
      processId: 1,
      kubernetes: { pod_name: pod, namespace_name: "iam", container_name: "keycloak", labels: { app: "keycloak" } },
    });
  });

  // shop-edge: Caddy's JSON access log (zap production: level, ts, duration in seconds).
  const uris = [() => `/products/${k.int(1000, 99_999)}`, () => "/", () => "/cart", () => `/category/${k.pick(["sofas", "lamps", "rugs"])}`];
  steady(k, t0, t1, 3 * SEC, (t) => {
    tl.add(t, {
      level: "info",
      ts: t / 1000,
      logger: "http.log.access.log0",
      msg: "handled request",
      request: { remote_ip: k.ip("84"), proto: "HTTP/2.0", method: "GET", host: "shop.example.com", uri: k.pick(uris)() },
      bytes_read: 0,
      user_id: "",
      duration: k.num(0.004, 0.09, 4),
      size: k.int(800, 60_000),
      status: 200,
    });
  });

  // mailer: slog JSON (integer duration in ns). The relay slows down for ~10 minutes.
  const [m0, m1] = span(k, t0, t1, k.int(9, 12) * MIN);
  const templates = ["order-confirmation", "shipping-update", "password-reset", "newsletter-optin"];
  steady(k, t0, t1, 9 * SEC, (t) => {
    const bad = t >= m0 && t < m1;
    const timeout = bad && k.chance(0.2);
    const ms = timeout ? 30_000 : bad ? k.int(9000, 27_000) : k.int(180, 900);
    tl.add(
      t,
      {
        time: isoNs(t),
        level: timeout ? "ERROR" : bad ? "WARN" : "INFO",
        msg: timeout ? "smtp send failed: dial tcp relay.mail.internal:587: i/o timeout" : bad ? "email sent slowly" : "email sent",
        service: "mailer",
        template: k.pick(templates),
        relay: "relay.mail.internal:587",
        duration: ms * 1_000_000 + k.int(0, 999_999),
      },
      bad ? "performance" : null,
    );
  });

  return tl.build(
    "t09-keycloak-stuffing",
    "Background credential stuffing fills Keycloak's log with failed logins (routine); the SMTP relay behind mailer slows for ~10 minutes",
  );
}
