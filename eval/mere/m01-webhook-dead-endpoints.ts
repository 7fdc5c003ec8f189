// Everyday flood worded as dependency failure: a payments platform's webhook dispatcher keeps retrying
// merchants' endpoints that are long dead (decommissioned servers, expired domains). Each retry logs a
// WARNING; it is the merchants' problem, retried with backoff for days, and nobody is paged for it.
// The real incident is elsewhere: ledger-api's queries slow down for a few minutes (performance).
import { type Log, Timeline, around, chance, int, iso, pick, poisson, rngFor, round, uuid, windowStart } from "./shared.js";
import type { Scenario } from "./types.js";

const DEAD = ["hooks.brightcart-shop.com", "api.lunatea.co", "webhooks.oldfashion-outlet.net", "pay-notify.tinyplanters.io", "erp.kessler-gmbh.de"];
const LIVE = ["hooks.zalto.io", "api.brewbox.com", "notify.gardenly.app", "ipn.fastfolio.net", "events.rowanhouse.co.uk", "hooks.mapleorders.ca"];
const EVENTS = ["charge.succeeded", "payout.paid", "charge.refunded", "invoice.paid", "customer.updated"];
const ROUTES = ["/v1/charges", "/v1/customers", "/v1/payouts", "/v1/refunds", "/v1/invoices"];

export default function m01(seed: number): Scenario {
  const r = rngFor(seed, "m01");
  const t0 = windowStart(seed, "m01");
  const t1 = t0 + 30 * 60_000;
  const tl = new Timeline();
  const slowFrom = t0 + int(r, 8, 18) * 60_000 + int(r, 0, 59_000);
  const slowTo = slowFrom + int(r, 4, 6) * 60_000;
  const slow = (t: number) => t >= slowFrom && t < slowTo;
  const deadIds = DEAD.map(() => `we_${uuid(r).slice(0, 8)}`);

  // The flood: retries to dead endpoints, steady all window (the endpoints died days ago).
  poisson(r, t0, t1, 1.1, (t) => {
    const k = int(r, 0, DEAD.length - 1);
    const attempt = int(r, 1, 8);
    const u = r();
    const why =
      u < 0.85
        ? "Max retries exceeded (Failed to establish a new connection: [Errno 111] Connection refused)"
        : u < 0.95
          ? "Max retries exceeded (Failed to resolve host: [Errno -2] Name or service not known)"
          : "Read timed out (read timeout=10)";
    tl.add(t, {
      timestamp: iso(t),
      level: attempt === 8 ? "error" : "warning",
      event: `delivery attempt ${attempt}/8 failed: ${why}`,
      service: "webhook-dispatcher",
      logger: "dispatch.worker",
      endpoint_id: deadIds[k],
      host: DEAD[k],
      event_type: pick(r, EVENTS),
      delivery_id: `evt_${uuid(r).replace(/-/g, "").slice(0, 20)}`,
      next_retry_in_s: attempt === 8 ? null : 2 ** attempt * 30,
    });
  });
  // Successful deliveries to live endpoints.
  poisson(r, t0, t1, 0.4, (t) => {
    tl.add(t, {
      timestamp: iso(t),
      level: "info",
      event: "webhook delivered",
      service: "webhook-dispatcher",
      logger: "dispatch.worker",
      host: pick(r, LIVE),
      event_type: pick(r, EVENTS),
      status_code: 200,
      duration_ms: round(around(r, 180, 0.35)),
    });
  });
  // merchant-api: its balance reads go through ledger-api and slow down with it.
  poisson(r, t0, t1, 0.7, (t) => {
    const balance = chance(r, 0.2);
    const path = balance ? "/v1/balance" : pick(r, ROUTES);
    const hit = balance && slow(t);
    const status = hit && chance(r, 0.3) ? 504 : pick(r, [200, 200, 200, 200, 201]);
    const log: Log = {
      timestamp: iso(t),
      level: status >= 500 ? "error" : "info",
      event: "request completed",
      service: "merchant-api",
      method: path === "/v1/balance" ? "GET" : pick(r, ["GET", "POST"]),
      path,
      status_code: status,
      duration_ms: round(hit ? around(r, status === 504 ? 10_000 : 4200, 0.2) : around(r, 45, 0.3)),
      request_id: `req_${uuid(r).slice(0, 13)}`,
    };
    tl.add(t, log, hit ? "performance" : null);
  });
  // ledger-api (Go log/slog JSON; duration in nanoseconds): a lock-heavy migration slows its queries.
  poisson(r, t0, t1, 0.5, (t) => {
    const s = slow(t);
    if (s && chance(r, 0.15)) {
      tl.add(
        t,
        {
          time: iso(t),
          level: "ERROR",
          msg: "query failed: pq: canceling statement due to statement timeout",
          service: "ledger-api",
          route: "/internal/balances/{account}",
          duration: 5_000_000_000 + int(r, 0, 9_000_000),
        },
        "performance",
      );
      return;
    }
    const ms = s ? around(r, 3800, 0.3) : around(r, 24, 0.3);
    tl.add(
      t,
      {
        time: iso(t),
        level: s ? "WARN" : "INFO",
        msg: s ? "slow query served" : "query served",
        service: "ledger-api",
        route: pick(r, ["/internal/balances/{account}", "/internal/entries", "/internal/balances/{account}"]),
        duration: Math.round(ms * 1_000_000),
        rows: int(r, 1, 40),
      },
      s ? "performance" : null,
    );
  });
  return tl.build(
    "m01-webhook-dead-endpoints",
    "Webhook dispatcher retries dead merchant endpoints all day (refused/unresolvable, routine); ledger-api queries slow for ~5 min",
  );
}
