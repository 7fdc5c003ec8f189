/**
 * s07: a concert-ticketing platform (Node services logging with pino and pino-http). Four kinds
 * of unusual INFO lines recur about a dozen times each beside their normal look-alikes:
 * a webhook whose whole payload (tens of KB) is dumped, a query with an IN list of over a
 * hundred literal ids, a certificate that expires in 0 days, and feature flags flipped by an
 * actor nobody knows, with no change request.
 */
import { Rng } from "./rng.js";
import type { Scenario } from "./types.js";
import { HOUR, MIN, SEC, Timeline, arrivals, every, isoMs, podName, privateIp, spread, uuid, type Label, type Log } from "./common.js";

const NAME = "odd-info";

const HOSTS = [
  "www.tickethive.example",
  "api.tickethive.example",
  "scan.tickethive.example",
  "partners.tickethive.example",
  "admin.tickethive.example",
  "cdn.tickethive.example",
];
const STAFF = ["maria.kovacs", "dev.patel", "li.wen", "tom.brandt", "ines.garcia"];
const FLAGS = [
  "checkout.apple_pay",
  "seatmap.webgl_renderer",
  "waiting_room.enabled",
  "search.semantic_ranking",
  "checkout.insurance_upsell",
  "resale.price_cap",
];
const ODD_FLAGS = ["checkout.skip_fraud_screening", "waiting_room.bypass_all", "resale.price_cap", "checkout.max_tickets_per_order"];

export function s07OddInfo(seed: number): Scenario {
  const rng = new Rng(seed, NAME);
  const span = rng.int(4, 6) * HOUR;
  const start = rng.start2026(span, 8, 16);
  const end = start + span;
  const tl = new Timeline();

  const pods: Record<string, string[]> = {};
  for (const app of ["event-catalog", "seat-map", "checkout-api", "webhook-ingest", "admin-api", "cert-monitor"]) {
    const rs = rng.alnum(9);
    pods[app] = Array.from({ length: app === "cert-monitor" || app === "admin-api" ? 1 : 3 }, () => podName(rng, app, rs));
  }
  const events = Array.from({ length: 120 }, () => rng.int(10_000, 99_999));

  // pino: level, time, pid, hostname, bindings (name), fields, msg last
  const pino = (t: number, level: number, name: string, fields: Log, msg: string): Log => ({
    level,
    time: Math.floor(t),
    pid: 1,
    hostname: rng.pick(pods[name] ?? [name]),
    name,
    ...fields,
    msg,
  });
  const httpLine = (t: number, name: string, method: string, url: string, status: number, ms: number): Log =>
    pino(
      t,
      status >= 500 ? 50 : status >= 400 ? 40 : 30,
      name,
      {
        req: {
          id: rng.int(1, 9_000_000),
          method,
          url,
          headers: {
            host: "api.tickethive.example",
            "user-agent": rng.pick(["TicketHive/9.4.1 (iOS 17.5)", "TicketHive/9.4.0 (Android 14)", "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"]),
            "x-request-id": uuid(rng),
          },
          remoteAddress: `::ffff:${privateIp(rng)}`,
          remotePort: rng.int(30000, 65000),
        },
        res: { statusCode: status, headers: { "content-type": "application/json; charset=utf-8" } },
        responseTime: ms,
      },
      status >= 400 ? "request errored" : "request completed",
    );

  // ------------------------------------------------------------ look-alike builders
  const smallPayload = (t: number): Log => ({
    id: `evt_${rng.alnum(14)}`,
    type: rng.pick(["event.updated", "event.onsale", "scan.accepted", "scan.rejected", "venue.capacity_changed"]),
    eventId: rng.pick(events),
    occurredAt: isoMs(t - rng.float(50, 4000)),
    data: { status: rng.pick(["onsale", "soldout", "rescheduled"]), capacity: rng.int(800, 60000), changedFields: ["status"] },
  });
  const hugePayload = (t: number): Log => {
    const seats = Array.from({ length: rng.int(350, 900) }, () => ({
      s: `${rng.pick(["A", "B", "C", "D", "FL", "BAL"])}${rng.int(1, 40)}-${rng.int(1, 60)}`,
      p: rng.int(3500, 42000),
      st: rng.pick(["open", "held", "sold"]),
    }));
    return {
      id: `evt_${rng.alnum(14)}`,
      type: "event.updated",
      eventId: rng.pick(events),
      occurredAt: isoMs(t - rng.float(50, 4000)),
      data: { status: "onsale", capacity: seats.length, changedFields: ["inventory"], inventory: seats, raw: rng.hex(rng.int(4000, 12000)) },
    };
  };
  const webhook = (t: number, payload: Log, label: Label): void => {
    const size = JSON.stringify(payload).length;
    tl.add(
      t,
      pino(t, 30, "webhook-ingest", { provider: rng.pick(["promoter-sync", "scanner-gateway", "venue-ops"]), bytes: size, payload }, "webhook received"),
      label,
    );
  };
  const query = (t: number, literalIds: number): void => {
    if (literalIds === 0) {
      const n = rng.int(1, 8);
      const ph = Array.from({ length: n }, (_, i) => `$${i + 2}`).join(", ");
      tl.add(
        t,
        pino(
          t,
          30,
          "checkout-api",
          {
            sql: `select t.id, t.seat_id, t.status, t.price_cents from tickets t where t.order_id = $1 and t.seat_id in (${ph})`,
            params: n + 1,
            rows: rng.int(0, n),
            durationMs: rng.int(1, 14),
          },
          "query executed",
        ),
      );
      return;
    }
    let id = rng.int(1_000_000, 9_000_000);
    const ids = Array.from({ length: literalIds }, () => (id += rng.int(1, 40)));
    tl.add(
      t,
      pino(
        t,
        30,
        "checkout-api",
        {
          sql: `select t.id, t.seat_id, t.status, t.price_cents from tickets t where t.id in (${ids.join(", ")})`,
          params: 0,
          rows: literalIds,
          durationMs: rng.int(6, 40),
        },
        "query executed",
      ),
      "pattern",
    );
  };
  const cert = (t: number, host: string, days: number, label: Label): void => {
    const notAfter = new Date(Math.floor(t + days * 24 * HOUR + rng.int(1, 10) * HOUR)).toUTCString();
    tl.add(
      t,
      pino(
        t,
        30,
        "cert-monitor",
        { host, daysRemaining: days, notAfter, issuer: host.startsWith("partners") ? "CN=TicketHive Internal CA 2" : "CN=R11, O=Let's Encrypt, C=US" },
        `certificate for ${host} expires in ${days} days`,
      ),
      label,
    );
  };
  const flag = (t: number, name: string, to: unknown, actor: string, cr: string | null, label: Label): void => {
    const fields: Log = { flag: name, from: typeof to === "boolean" ? !to : rng.int(4, 10), to, actor, environment: "production" };
    if (cr) fields.changeRequest = cr;
    tl.add(t, pino(t, 30, "admin-api", fields, "feature flag updated"), label);
  };

  // ------------------------------------------------------------ normal traffic
  for (const t of arrivals(rng, start, end, span / 3600)) {
    const k = rng.weighted([
      ["catalog", 26],
      ["seatmap", 18],
      ["checkout", 12],
      ["hold", 8],
      ["order", 5],
      ["query", 10],
      ["webhook", 6],
      ["waiting", 3],
      ["declined", 1],
      ["expired", 2],
    ] as const);
    const ev = rng.pick(events);
    if (k === "catalog")
      tl.add(
        t,
        httpLine(
          t,
          "event-catalog",
          "GET",
          rng.chance(0.7) ? `/v1/events/${ev}` : `/v1/events?city=${rng.pick(["berlin", "lisbon", "austin", "melbourne", "osaka"])}&page=${rng.int(1, 6)}`,
          rng.chance(0.01) ? 404 : 200,
          rng.int(8, 70),
        ),
      );
    else if (k === "seatmap")
      tl.add(t, httpLine(t, "seat-map", "GET", `/v1/events/${ev}/seatmap?section=${rng.pick(["A", "B", "C", "FL", "BAL"])}`, 200, rng.int(20, 140)));
    else if (k === "checkout")
      tl.add(
        t,
        httpLine(
          t,
          "checkout-api",
          "POST",
          rng.pick(["/v1/carts", "/v1/carts/items", "/v1/orders"]),
          rng.chance(0.02) ? 409 : rng.chance(0.01) ? 422 : 201,
          rng.int(30, 260),
        ),
      );
    else if (k === "hold")
      tl.add(t, pino(t, 30, "checkout-api", { eventId: ev, holdId: `hold_${rng.alnum(12)}`, seats: rng.int(1, 6), ttlSeconds: 600 }, "seat hold created"));
    else if (k === "order")
      tl.add(
        t,
        pino(
          t,
          30,
          "checkout-api",
          {
            orderId: `ord_${rng.alnum(12)}`,
            eventId: ev,
            tickets: rng.int(1, 6),
            totalCents: rng.int(4000, 90000),
            currency: rng.pick(["EUR", "USD", "AUD", "JPY"]),
          },
          "order confirmed",
        ),
      );
    else if (k === "query") query(t, 0);
    else if (k === "webhook") webhook(t, smallPayload(t), null);
    else if (k === "waiting")
      tl.add(t, pino(t, 30, "checkout-api", { eventId: ev, admitted: rng.int(50, 500), queueDepth: rng.int(0, 20000) }, "waiting room admitted batch"));
    else if (k === "declined")
      tl.add(
        t,
        pino(
          t,
          40,
          "checkout-api",
          { orderId: `ord_${rng.alnum(12)}`, reason: rng.pick(["card_declined", "insufficient_funds", "expired_card"]) },
          "payment declined",
        ),
      );
    else tl.add(t, pino(t, 40, "checkout-api", { holdId: `hold_${rng.alnum(12)}`, seats: rng.int(1, 6) }, "seat hold expired before checkout"));
  }
  // routine error: a partner sends webhooks signed with a rotated secret all day
  for (const t of arrivals(rng, start, end, 11 * MIN)) {
    tl.add(
      t,
      pino(
        t,
        50,
        "webhook-ingest",
        {
          provider: "venue-ops",
          err: {
            type: "SignatureError",
            message: "webhook signature verification failed: no matching v1 signature",
            stack:
              "SignatureError: webhook signature verification failed: no matching v1 signature\n    at verify (/app/src/webhooks/verify.js:41:11)\n    at /app/src/webhooks/router.js:22:5",
          },
        },
        "rejected webhook",
      ),
    );
  }
  // cert-monitor runs every ~25 minutes and checks all hosts
  const expiring = rng.pick(HOSTS.slice(1, 4));
  const days: Record<string, number> = Object.fromEntries(HOSTS.map((h) => [h, rng.int(21, 88)]));
  for (const t of every(rng, start, end, (span - 5 * MIN) / 12, 20 * SEC)) {
    let tt = t;
    for (const h of HOSTS) {
      tt += rng.float(80, 600);
      if (h === expiring) cert(tt, h, 0, "pattern");
      else cert(tt, h, days[h] ?? 60, null);
    }
    tt += 300;
    tl.add(tt, pino(tt, 30, "cert-monitor", { checked: HOSTS.length, durationMs: Math.round(tt - t) }, "certificate check run finished"));
  }
  // normal flag changes by staff, with change requests
  for (const t of arrivals(rng, start, end, 14 * MIN)) {
    const f = rng.pick(FLAGS);
    flag(t, f, f === "resale.price_cap" ? rng.int(4, 10) : rng.chance(0.5), `${rng.pick(STAFF)}@tickethive.example`, `CR-${rng.int(4000, 4999)}`, null);
  }

  // ------------------------------------------------------------ the unusual INFO lines
  for (const t of spread(rng, start + 5 * MIN, end - 5 * MIN, rng.int(10, 14))) webhook(t, hugePayload(t), "pattern");
  for (const t of spread(rng, start + 3 * MIN, end - 3 * MIN, rng.int(10, 14))) query(t, rng.int(100, 180));
  const actor = rng.pick(["unknown", "svc-legacy-cron", "api-key:ak_7f3c…e1", "admin@localhost"]);
  for (const t of spread(rng, start + 10 * MIN, end - 2 * MIN, rng.int(10, 14))) {
    const f = rng.pick(ODD_FLAGS);
    flag(t, f, f === "resale.price_cap" || f === "checkout.max_tickets_per_order" ? rng.int(40, 500) : true, actor, null, "pattern");
  }

  return tl.build(
    NAME,
    "Ticketing platform in pino JSON; unusual INFO lines recur about a dozen times each (dumped 20-40 KB webhook payloads, IN lists of 100+ ids, a certificate expiring in 0 days, flags flipped by an unknown actor) beside normal look-alikes.",
  );
}
