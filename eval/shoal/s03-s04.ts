// h03: IdP issues a 1-day admin-console token, service accounts carry role=unknown (null);
// h04: VPN sessions carry country=unknown, big carts print long item lists (null).
import { ecs, HOUR, lograge, logback, MIN, pino, Rng, SEC, slog, Timeline, ticks } from "./lib.js";
import type { Scenario } from "./types.js";

export function h03(seed: number): Scenario {
  const name = "h03-dispatch-idp-admin-day-token";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 7, 13, 0, 0);
  const t1 = t0 + 2 * HOUR;
  const inc = t0 + r.int(35, 95) * MIN; // the LDAP directory stalls for ~3 minutes
  const clients: [string, string, number][] = [
    ["dispatch-web", "authorization_code", 300],
    ["driver-app", "refresh_token", 900],
    ["planner-web", "authorization_code", 600],
    ["partner-edi", "client_credentials", 300],
  ];
  const users = Array.from({ length: 60 }, (_, i) => `u${1000 + i * 37}`);
  for (const t of ticks(r, t0, t1, 3 * SEC)) {
    const admin = r.chance(0.015);
    const [c, g, ttl] = admin ? (["admin-console", "authorization_code", 86400] as const) : r.pick(clients);
    const sub = c === "partner-edi" ? "svc-edi-sync" : admin ? r.pick(["ops-anna", "ops-deniz", "ops-lukas"]) : r.pick(users);
    tl.add(
      t,
      logback(
        t,
        "auth-server",
        "INFO",
        "org.keycloak.protocol.oidc.TokenManager",
        `executor-thread-${r.int(1, 16)}`,
        `issued access token client=${c} grant=${g} ttl=${ttl}s sub=${sub}`,
        { realm: "dispatch" },
      ),
    );
  }
  const roles = ["dispatcher", "driver", "driver", "planner", "fleet-manager"];
  const routes = ["/v2/tours", "/v2/tours/assign", "/v2/vehicles/positions", "/v2/stops/eta", "/v2/drivers/shift"];
  for (const t of ticks(r, t0, t1, 4 * SEC)) {
    const svc = r.chance(0.03);
    const sub = svc ? r.pick(["svc-telematics", "svc-edi-sync", "svc-billing-export"]) : r.pick(users);
    const role = svc ? "unknown" : r.pick(roles);
    tl.add(t, slog(t, "INFO", `authorized request route=${r.pick(routes)} sub=${sub} role=${role}`, { service: "route-gateway", latency_ms: r.lat(6, 1) }));
  }
  for (const t of ticks(r, t0, t1, 20 * SEC)) {
    tl.add(
      t,
      ecs(t, "user-federation", "ldap-fed-0", "info", `LDAP bind ok dn=uid=${r.pick(users)},ou=people,dc=dispatch took_ms=${Math.round(r.lat(14, 0))}`),
    );
  }
  for (let i = 0; i < 6; i++) {
    const t = inc + i * 28 * SEC + r.int(0, 9) * SEC;
    tl.add(
      t,
      ecs(t, "user-federation", "ldap-fed-0", "warn", "LDAP search timed out after 5000ms base=ou=people,dc=dispatch", { "event.duration": 5_000_000_000 }),
      "performance",
    );
  }
  for (let i = 0; i < 4; i++) {
    const t = inc + 40 * SEC + i * 35 * SEC + r.int(0, 9) * SEC;
    tl.add(
      t,
      logback(
        t,
        "auth-server",
        "ERROR",
        "org.keycloak.services",
        `executor-thread-${r.int(1, 16)}`,
        "login failed: federation provider ldap-dispatch unavailable",
        { error: "ModelException: LDAP Query failed" },
      ),
      "error",
    );
  }
  return {
    name,
    description:
      "IdP issues ttl=86400s admin-console tokens among 300-900s ones and service accounts pass the gateway with role=unknown (everyday); LDAP directory stalls: timeouts and failed logins",
    ...tl.build(),
  };
}

export function h04(seed: number): Scenario {
  const name = "h04-outdoor-shop-vpn-country-big-carts";
  const r = new Rng(seed, name);
  const tl = new Timeline();
  const t0 = Date.UTC(2026, 1, 10, 18, 0, 0);
  const t1 = t0 + 2.5 * HOUR;
  const inc = t0 + r.int(40, 120) * MIN; // the card processor slows for ~7 minutes
  const ccs = ["DE", "DE", "DE", "FR", "NL", "AT", "PL", "IT", "ES", "BE", "CH", "DK"];
  for (const t of ticks(r, t0, t1, 6 * SEC)) {
    const cc = r.chance(0.03) ? "unknown" : r.pick(ccs);
    tl.add(
      t,
      pino(
        t,
        "storefront-bff",
        `storefront-bff-${r.pick(["7bq2", "9hx1"])}`,
        30,
        `session started sid=${r.hex(12)} country=${cc} device=${r.pick(["mobile", "mobile", "desktop", "tablet"])}`,
      ),
    );
  }
  const sku = () => `sku-${r.int(10000, 99999)}x${r.pick([1, 1, 1, 2, 3])}`;
  for (const t of ticks(r, t0, t1, 5 * SEC)) {
    const n = r.chance(0.025) ? r.int(18, 34) : r.pick([1, 1, 2, 2, 3]);
    const items = Array.from({ length: n }, sku).join(",");
    tl.add(
      t,
      pino(
        t,
        "cart-svc",
        `cart-svc-${r.pick(["4kd8", "c1m0"])}`,
        30,
        `cart priced cart=c_${r.hex(8)} items=${items} total=${(n * r.lat(24, 2)).toFixed(2)} currency=EUR`,
      ),
    );
  }
  const acts: [string, string, string, string, number][] = [
    ["GET", "/orders/", "OrdersController", "show", 28],
    ["GET", "/account/addresses", "AddressesController", "index", 22],
    ["POST", "/checkout", "CheckoutController", "create", 420],
    ["GET", "/orders", "OrdersController", "index", 40],
  ];
  for (const t of ticks(r, t0, t1, 8 * SEC)) {
    const [m, p, c, a, d] = r.pick(acts);
    const path = p.endsWith("/") ? `${p}${r.int(400000, 499999)}` : p;
    tl.add(t, lograge(t, "orders-web", m, path, c, a, 200, r.lat(d, 2), { request_id: r.hex(16) }));
  }
  for (let i = 0; i < 10; i++) {
    const t = inc + i * 40 * SEC + r.int(0, 15) * SEC;
    const failed = i % 3 === 2;
    tl.add(
      t,
      lograge(
        t,
        "orders-web",
        "POST",
        "/checkout",
        "CheckoutController",
        "create",
        failed ? 504 : 200,
        failed ? 30012.4 : r.int(9000, 16000) + 0.5,
        failed ? { request_id: r.hex(16), error: "Stripe::APIConnectionError: Request to Stripe timed out" } : { request_id: r.hex(16) },
      ),
      failed ? "error" : "performance",
    );
  }
  return {
    name,
    description:
      "VPN shoppers open sessions with country=unknown and multi-item carts print 18-34 items in one long cart line (everyday); card processor slows: slow and failed checkouts",
    ...tl.build(),
  };
}
