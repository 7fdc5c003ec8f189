// 11) A security-ish pattern in INFO lines: a service account that only ever uses
// client credentials from inside the network logs in with a password from a VPN
// host abroad, through a client id nobody has seen, without MFA, mints an admin
// token, grants itself a role, exports the customer list, disables someone's MFA
// and registers a webhook. Every line is an ordinary, successful INFO line. Late.
import type { Scenario } from "../blind/types.js";
import { Rng, Sink, MIN, arrivals, ticks, windowStart, round, ipIn, isoOff, BROWSER_UAS, type Label } from "./lib.js";
import { zap, lograge, otel, type F } from "./producers.js";

interface User {
  id: string;
  email: string;
  country: string;
  asn: string;
  ipPrefix: string;
  client: string;
  ua: string;
}

const ISPS: [string, string, string][] = [
  ["DE", "AS3320 Deutsche Telekom AG", "91.4"],
  ["DE", "AS3209 Vodafone GmbH", "88.64"],
  ["DE", "AS8881 1&1 Versatel Deutschland GmbH", "62.54"],
  ["AT", "AS8447 A1 Telekom Austria AG", "77.116"],
  ["CH", "AS3303 Swisscom (Schweiz) AG", "85.1"],
  ["NL", "AS1136 KPN B.V.", "145.53"],
  ["NL", "AS33915 Vodafone Libertel B.V.", "31.151"],
  ["FR", "AS12322 Free SAS", "78.192"],
  ["GB", "AS2856 British Telecommunications PLC", "81.128"],
  ["GB", "AS5089 Virgin Media Limited", "86.0"],
  ["PL", "AS5617 Orange Polska Spolka Akcyjna", "83.24"],
  ["US", "AS7922 Comcast Cable Communications, LLC", "73.12"],
];

export function s11AdminNewClient(seed: number): Scenario {
  const r = new Rng(seed);
  const sink = new Sink();
  const W = r.int(330, 390) * MIN;
  const T0 = windowStart(r);
  const T1 = T0 + W;
  const incT = T0 + W * r.float(0.68, 0.82);

  const clients = ["web-app", "web-app", "web-app", "ios-app", "android-app"];
  const users: User[] = Array.from({ length: 70 }, () => {
    const [country, asn, pfx] = r.pick(ISPS);
    const client = r.pick(clients);
    const ua =
      client === "ios-app"
        ? `AcmeApp/5.${r.int(10, 14)}.0 (iPhone; iOS 17.${r.int(0, 3)}; Scale/3.00)`
        : client === "android-app"
          ? `AcmeApp/5.${r.int(10, 14)}.0 (Android 14; Pixel ${r.int(6, 8)})`
          : r.pick(BROWSER_UAS);
    return {
      id: `usr_${r.b62(12)}`,
      email: `${r.fromAlphabet(1, "abcdefghijklmnoprstw")}***@${r.pick(["gmail.com", "gmx.de", "outlook.com", "web.de", "icloud.com", "proton.me"])}`,
      country,
      asn,
      ipPrefix: pfx,
      client,
      ua,
    };
  });
  const staff = ["a.bauer", "k.osei", "m.rossi", "t.nguyen", "l.schmidt", "p.kowalski"].map((n) => ({
    id: `stf_${r.b62(10)}`,
    name: n,
    ua: r.pick(BROWSER_UAS),
    ip: ipIn(r, "10.200"),
  }));
  const ipOf = (u: User): string => `${u.ipPrefix}.${r.int(0, 255)}.${r.int(1, 254)}`;
  const authPods = [0, 1].map(() => `auth-svc-${r.rsHash()}-${r.podSuffix()}`);
  const auth = (t: number, lv: "info" | "warn", msg: string, f: F, lbl: Label = null): void => {
    sink.add(
      t,
      zap(t, lv, msg, { logger: "auth", caller: lv === "warn" ? "auth/login.go:131" : "auth/login.go:164", fields: { pod: r.pick(authPods), ...f } }),
      lbl,
    );
  };
  const edge = (t: number, ip: string, method: string, path: string, status: number, ms: number, ua: string, lbl: Label = null): void => {
    sink.add(
      t,
      {
        time: isoOff(t, 0, 0),
        remote_addr: ip,
        request: `${method} ${path} HTTP/2.0`,
        status: String(status),
        body_bytes_sent: String(r.int(120, 9000)),
        request_time: (ms / 1000).toFixed(3),
        http_user_agent: ua,
        host: path.startsWith("/admin") ? "admin.example.com" : "api.example.com",
        request_id: r.hex(32),
      },
      lbl,
    );
  };

  // ------------------------------------------------------------ customer logins, refreshes, failures
  for (const t of arrivals(r, T0, T1, 1.6)) {
    const u = r.pick(users);
    const ip = ipOf(u);
    const mfa = u.client === "web-app" ? r.pick(["totp", "totp", "webauthn", "none"]) : "device";
    auth(t, "info", "login succeeded", {
      user_id: u.id,
      email: u.email,
      client_id: u.client,
      method: "password",
      ip,
      geo_country: u.country,
      asn: u.asn,
      mfa,
      user_agent: u.ua,
    });
    edge(t + 1, ip, "POST", "/v1/auth/login", 200, r.logn(180, 0.3), u.ua);
  }
  for (const t of arrivals(r, T0, T1, 1.0)) {
    const u = r.pick(users);
    auth(t, "info", "token refreshed", { user_id: u.id, client_id: u.client, ip: ipOf(u), geo_country: u.country });
    edge(t + 1, ipOf(u), "POST", "/v1/auth/refresh", 200, r.logn(25, 0.3), u.ua);
  }
  for (const t of arrivals(r, T0, T1, 0.12)) {
    // people mistype passwords; sometimes twice
    const u = r.pick(users);
    const ip = ipOf(u);
    const n = r.chance(0.3) ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const tt = t + k * r.int(4000, 15000);
      auth(tt, "warn", "login failed", { email: u.email, client_id: u.client, reason: "invalid_password", ip, geo_country: u.country, asn: u.asn });
      edge(tt + 1, ip, "POST", "/v1/auth/login", 401, r.logn(170, 0.3), u.ua);
    }
  }
  // ordinary API traffic
  for (const t of arrivals(r, T0, T1, 2.0)) {
    const u = r.pick(users);
    const path = r.pick(["/v1/me", "/v1/projects", `/v1/projects/${r.int(1000, 9999)}/tasks`, "/v1/notifications", `/v1/files/${r.uuid()}`]);
    edge(t, ipOf(u), r.chance(0.8) ? "GET" : "POST", path, r.chance(0.02) ? 404 : 200, r.logn(35, 0.5), u.ua);
  }
  // the WAF's everyday scanner blocks
  for (const t of arrivals(r, T0, T1, 0.06)) {
    const ip = `${r.pick(["45.148", "193.35", "162.142", "104.248"])}.${r.int(0, 255)}.${r.int(1, 254)}`;
    const path = r.pick(["/.env", "/wp-login.php", "/admin/.git/config", "/phpmyadmin/", "/cgi-bin/luci", "/actuator/env"]);
    edge(t, ip, "GET", path, 403, 1, r.pick(["Mozilla/5.0 zgrab/0.x", "python-requests/2.28.1", "Go-http-client/1.1", "curl/7.68.0"]));
  }
  // the service account's usual behaviour: client credentials from inside, every 15 min
  const svcIp = ipIn(r, "10.40");
  for (const t of ticks(r, T0, T1, 15 * MIN, 20000)) {
    auth(t, "info", "client credentials token issued", {
      client_id: "backoffice-sync",
      subject: "svc-backoffice",
      scopes: ["customers:read", "invoices:read"],
      ip: svcIp,
      geo_country: "",
      asn: "",
      expires_in_s: 3600,
    });
  }

  // ------------------------------------------------------------ staff in the admin portal (Rails) + audit (OTel)
  const resource = { "service.name": "audit-log", "service.version": "1.9.2", "deployment.environment": "production", "k8s.namespace.name": "platform" };
  const audit = (t: number, action: string, actor: string, attrs: F, lbl: Label = null): void => {
    sink.add(t, otel(t, "INFO", action, { "audit.action": action, "actor.id": actor, ...attrs }, resource, { trace_id: r.hex(32), span_id: r.hex(16) }), lbl);
  };
  const adminRoutes: [string, string, string, string][] = [
    ["GET", "/admin/customers", "Admin::CustomersController", "index"],
    ["GET", "/admin/customers/{id}", "Admin::CustomersController", "show"],
    ["GET", "/admin/invoices/{id}", "Admin::InvoicesController", "show"],
    ["POST", "/admin/customers/{id}/password_reset", "Admin::CustomersController", "password_reset"],
    ["PATCH", "/admin/customers/{id}/plan", "Admin::CustomersController", "update_plan"],
    ["POST", "/admin/invoices/{id}/void", "Admin::InvoicesController", "void"],
  ];
  for (const t of arrivals(r, T0, T1, 0.85)) {
    const s = r.pick(staff);
    const [m, p, ctrl, action] = r.weighted(adminRoutes.map((x, i) => [x, [30, 30, 15, 8, 10, 7][i] ?? 1] as const));
    const id = String(r.int(10000, 99999));
    const path = p.replace("{id}", id);
    const ms = r.logn(m === "GET" ? 60 : 110, 0.4);
    sink.add(
      t + ms,
      lograge(t + ms, {
        method: m,
        path,
        controller: ctrl,
        action,
        status: m === "POST" && action === "password_reset" ? 202 : 200,
        duration: round(ms, 2),
        view: round(ms * 0.3, 2),
        db: round(ms * 0.4, 2),
        request_id: r.uuid(),
        remote_ip: s.ip,
        extra: { user_id: s.id, auth: "sso:okta" },
      }),
    );
    if (m !== "GET") {
      const act = action === "password_reset" ? "customer.password_reset_sent" : action === "update_plan" ? "customer.plan_changed" : "invoice.voided";
      audit(t + ms + 5, act, s.id, { "actor.name": s.name, "target.id": id, "source.ip": s.ip, "client.id": "admin-portal" });
    }
  }
  // staff sign-ins (SSO)
  for (const s of staff) {
    const t = T0 + r.float(0, W * 0.6);
    auth(t, "info", "login succeeded", {
      user_id: s.id,
      email: `${s.name}@acme.example`,
      client_id: "admin-portal",
      method: "sso:okta",
      ip: s.ip,
      geo_country: "DE",
      asn: "",
      mfa: "okta_verify",
      user_agent: s.ua,
    });
  }
  // decoys: an ordinary role grant and a small finance export by staff; a staff API token for reports
  {
    const a = r.pick(staff);
    const b = r.pick(staff.filter((x) => x !== a));
    const t1 = T0 + W * r.float(0.1, 0.5);
    audit(t1, "user.role_granted", a.id, { "actor.name": a.name, "target.id": b.id, role: "support", "source.ip": a.ip, "client.id": "admin-portal" });
    const t2 = T0 + W * r.float(0.1, 0.6);
    audit(t2, "export.created", b.id, {
      "actor.name": b.name,
      "export.type": "invoices",
      "export.rows": r.int(80, 400),
      "source.ip": b.ip,
      "client.id": "admin-portal",
    });
    const t3 = T0 + W * r.float(0.1, 0.6);
    auth(t3, "info", "api token created", {
      user_id: a.id,
      client_id: "admin-portal",
      scopes: ["reports:read"],
      expires_in_days: 30,
      ip: a.ip,
      geo_country: "DE",
    });
  }

  // ------------------------------------------------------------ the incident
  {
    const ip = `${r.pick(["185.236.200", "5.181.234", "89.238.178"])}.${r.int(2, 250)}`;
    const cli = `cli-${r.hex(6)}`;
    const ua = "python-requests/2.31.0";
    const country = "RO";
    const asn = "AS9009 M247 Europe SRL";
    let t = incT;
    auth(
      t,
      "warn",
      "login failed",
      { email: "svc-backoffice@acme.example", client_id: cli, reason: "invalid_password", ip, geo_country: country, asn },
      "pattern",
    );
    edge(t + 1, ip, "POST", "/v1/auth/login", 401, 160, ua, "pattern");
    t += r.int(20, 70) * 1000;
    auth(
      t,
      "info",
      "login succeeded",
      {
        user_id: "svc-backoffice",
        email: "svc-backoffice@acme.example",
        client_id: cli,
        method: "password",
        ip,
        geo_country: country,
        asn,
        mfa: "none",
        user_agent: ua,
      },
      "pattern",
    );
    edge(t + 1, ip, "POST", "/v1/auth/login", 200, 190, ua, "pattern");
    t += r.int(8, 30) * 1000;
    auth(
      t,
      "info",
      "api token created",
      { user_id: "svc-backoffice", client_id: cli, scopes: ["admin:*"], expires_in_days: 365, ip, geo_country: country },
      "pattern",
    );
    edge(t + 1, ip, "POST", "/v1/tokens", 201, 80, ua, "pattern");
    const victim = r.pick(staff);
    const steps: [string, string, string, string, number, string | null, F][] = [
      ["GET", "/admin/users?role=admin", "Admin::UsersController", "index", 200, null, {}],
      [
        "PATCH",
        "/admin/users/svc-backoffice/roles",
        "Admin::UsersController",
        "update_roles",
        200,
        "user.role_granted",
        { "target.id": "svc-backoffice", role: "owner" },
      ],
      ["GET", "/admin/customers?per_page=500", "Admin::CustomersController", "index", 200, null, {}],
      [
        "POST",
        "/admin/exports",
        "Admin::ExportsController",
        "create",
        201,
        "export.created",
        { "export.type": "customers", "export.rows": r.int(160000, 240000) },
      ],
      ["GET", `/admin/exports/${r.int(3000, 9000)}/download`, "Admin::ExportsController", "download", 200, null, {}],
      ["DELETE", `/admin/users/${victim.id}/mfa`, "Admin::UsersController", "disable_mfa", 200, "mfa.disabled", { "target.id": victim.id }],
      [
        "POST",
        "/admin/webhooks",
        "Admin::WebhooksController",
        "create",
        201,
        "webhook.created",
        {
          "webhook.url": `https://${r.pick(["amber", "quiet", "noble", "rapid"])}-${r.pick(["fox", "lake", "tower", "field"])}-${r.int(10, 99)}.trycloudflare.com/hook`,
          "webhook.events": ["customer.*", "invoice.*"],
        },
      ],
    ];
    for (const [m, path, ctrl, action, st, act, extra] of steps) {
      t += r.int(15, 90) * 1000;
      const ms = r.logn(action === "create" && ctrl.includes("Exports") ? 4200 : 90, 0.3);
      sink.add(
        t + ms,
        lograge(t + ms, {
          method: m,
          path: path.split("?")[0] ?? path,
          controller: ctrl,
          action,
          status: st,
          duration: round(ms, 2),
          view: round(ms * 0.2, 2),
          db: round(ms * 0.6, 2),
          request_id: r.uuid(),
          remote_ip: ip,
          extra: { user_id: "svc-backoffice", auth: `token:${cli}` },
        }),
        "pattern",
      );
      edge(t + ms + 1, ip, m, path, st, ms + 2, ua, "pattern");
      if (act) audit(t + ms + 8, act, "svc-backoffice", { "actor.name": "svc-backoffice", "source.ip": ip, "client.id": cli, ...extra }, "pattern");
    }
  }

  return sink.build(
    "admin-token-from-new-client",
    "A service account signs in with a password from an unfamiliar VPN host and client id, without MFA, mints an admin:* token and quietly grants itself owner, exports customers, disables MFA and adds a webhook: all successful INFO lines.",
  );
}
