// Recurring INFO lines that are wrong in form: payload dumps with secrets, raw binary from a
// client speaking TLS to a plaintext port.

import type { Scenario } from "../blind/types.js";
import { finish, HOUR, Lines, MIN, Rng, windowStart } from "./kit.js";

function jwt(r: Rng): string {
  const b64 = (n: number) => {
    const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let s = "";
    for (let i = 0; i < n; i++) s += abc[Math.floor(r.next() * abc.length)];
    return s;
  };
  return `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImsyMDI1In0.${b64(220)}.${b64(342)}`;
}

function webhookDump(r: Rng): string {
  const first = r.pick(["Marta", "Jonas", "Aiko", "Samir", "Lena", "Tomasz", "Grace"]);
  const last = r.pick(["Kowalski", "Lindqvist", "Okafor", "Brandt", "Moreau", "Haddad"]);
  const payload = {
    id: `evt_${r.alnum(24)}`,
    object: "event",
    api_version: "2024-06-20",
    created: 1_700_000_000 + r.int(0, 90_000_000),
    type: "payment_intent.succeeded",
    data: {
      object: {
        id: `pi_${r.alnum(24)}`,
        amount: r.int(500, 90000),
        currency: "eur",
        customer: `cus_${r.alnum(14)}`,
        description: `Order ${r.int(100000, 999999)}`,
        metadata: { cart_id: `cart_${r.alnum(10)}`, campaign: "autumn", ab_bucket: String(r.int(0, 9)) },
        payment_method_details: {
          card: {
            brand: "visa",
            country: "DE",
            exp_month: r.int(1, 12),
            exp_year: r.int(2026, 2031),
            fingerprint: r.alnum(16),
            last4: String(r.int(1000, 9999)),
            network: "visa",
            three_d_secure: { authentication_flow: "challenge", result: "authenticated", version: "2.2.0" },
          },
        },
        billing_details: {
          address: {
            city: r.pick(["Berlin", "Hamburg", "Munich"]),
            country: "DE",
            line1: `${r.pick(["Hauptstr.", "Bahnhofstr.", "Lindenweg"])} ${r.int(1, 120)}`,
            postal_code: String(r.int(10000, 99999)),
          },
          email: `${first.toLowerCase()}.${last.toLowerCase()}@example.com`,
          name: `${first} ${last}`,
          phone: `+49 ${r.int(150, 179)} ${r.int(1000000, 9999999)}`,
        },
        charges: {
          data: [
            {
              id: `ch_${r.alnum(24)}`,
              balance_transaction: `txn_${r.alnum(24)}`,
              outcome: {
                network_status: "approved_by_network",
                risk_level: "normal",
                risk_score: r.int(0, 60),
                seller_message: "Payment complete.",
                type: "authorized",
              },
            },
          ],
        },
      },
    },
    headers: {
      authorization: `Bearer ${jwt(r)}`,
      "stripe-signature": `t=${1_700_000_000 + r.int(0, 90_000_000)},v1=${r.hex(64)}`,
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    },
  };
  return `inbound webhook payload: ${JSON.stringify(payload)}`;
}

function clientHello(r: Rng): string {
  const bytes = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03];
  for (let i = 0, end_i = r.int(90, 180); i < end_i; i++) bytes.push(r.int(0, 255));
  return bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b < 0x20 ? String.fromCharCode(b) : "\ufffd")).join("");
}

/**
 * A checkout API whose INFO lines are short and regular, except two kinds that each recur about
 * a dozen times: whole webhook payloads with a bearer token and card details, left in by a
 * debugging statement, and raw TLS handshakes logged as malformed request lines.
 */
export function checkoutPayloadDumps(seed: number): Scenario {
  const r = new Rng(seed, "checkout-payload-dumps");
  const start = windowStart(r, 10);
  const end = start + 3 * HOUR;
  const lines = new Lines();
  const apiHosts = ["checkout-api-1", "checkout-api-2"];
  const workerHost = "orders-worker-1";
  const routes: [string, string][] = [
    ["POST", "/checkout/session"],
    ["GET", "/checkout/session/:id"],
    ["POST", "/checkout/confirm"],
    ["GET", "/healthz"],
    ["POST", "/webhooks/stripe"],
  ];

  for (const t of r.times(r.int(2100, 2400), start, end)) {
    const [method, url] = r.weighted(routes.map((route, i) => [route, [30, 35, 15, 12, 8][i] ?? 1] as const));
    const status = url === "/checkout/confirm" && r.chance(0.04) ? 402 : r.chance(0.02) ? 404 : 200;
    const ms = url === "/healthz" ? r.int(0, 2) : Math.max(2, Math.round(r.logn(url === "/checkout/confirm" ? 140 : 35, 0.4)));
    lines.push({
      t,
      svc: "checkout-api",
      lvl: "INFO",
      msg: `${method} ${url.replace(":id", `cs_${r.alnum(10)}`)} ${status} ${ms}ms`,
      label: null,
      fmt: "bunyan",
      host: r.pick(apiHosts),
      logger: "http",
      f: { req_id: r.uuid(), statusCode: status, duration_ms: ms },
    });
  }
  for (const t of r.times(r.int(500, 600), start, end)) {
    const items = Array.from({ length: r.int(1, 6) }, () => `${r.pick(["SKU", "BND"])}-${r.int(10000, 99999)}x${r.int(1, 3)}`);
    lines.push({
      t,
      svc: "orders-worker",
      lvl: "INFO",
      msg: `order job completed: order=${r.int(100000, 999999)} items=[${items.join(",")}] warehouse=${r.pick(["BER1", "HAM2", "MUC1"])} carrier=${r.pick(["dhl", "dpd", "ups"])}`,
      label: null,
      fmt: "bunyan",
      host: workerHost,
      logger: "jobs",
      f: { duration_ms: r.int(40, 300) },
    });
  }
  for (const t of r.every(start, end, 5 * MIN, 10_000))
    lines.push({
      t,
      svc: "orders-worker",
      lvl: "INFO",
      msg: "queue depth",
      label: null,
      fmt: "bunyan",
      host: workerHost,
      logger: "metrics",
      f: { depth: r.int(0, 30), heapUsed: r.int(60, 110) * 1_048_576, heapTotal: 160 * 1_048_576 },
    });
  for (const t of r.times(r.int(20, 30), start, end))
    lines.push({
      t,
      svc: "checkout-api",
      lvl: "WARNING",
      msg: "card declined by issuer",
      label: null,
      fmt: "bunyan",
      host: r.pick(apiHosts),
      logger: "payments",
      f: { decline_code: r.pick(["insufficient_funds", "do_not_honor", "expired_card"]) },
    });

  // the debugging statement shipped in a release a little after the window opens
  const release = start + r.int(15, 40) * MIN;
  lines.push({
    t: release,
    svc: "checkout-api",
    lvl: "INFO",
    msg: `checkout-api v${r.int(3, 4)}.${r.int(10, 30)}.0 listening on :8080`,
    label: null,
    fmt: "bunyan",
    host: apiHosts[0],
    logger: "server",
  });
  for (const t of r.times(r.int(11, 14), release + MIN, end))
    lines.push({ t, svc: "checkout-api", lvl: "INFO", msg: webhookDump(r), label: "pattern", fmt: "bunyan", host: r.pick(apiHosts), logger: "webhooks" });
  for (const t of r.times(r.int(11, 14), start, end)) {
    const ip = r.publicIp();
    lines.push({
      t,
      svc: "checkout-api",
      lvl: "INFO",
      msg: `client error HPE_INVALID_METHOD from ${ip}:${r.int(30000, 65000)}, raw request line: ${clientHello(r)}`,
      label: "pattern",
      fmt: "bunyan",
      host: r.pick(apiHosts),
      logger: "http",
    });
  }

  return finish(
    "checkout-payload-dumps",
    "A checkout API's short INFO lines, among which about a dozen whole webhook payloads with a bearer token and card details and a dozen raw TLS handshakes logged as request lines",
    lines,
  );
}
