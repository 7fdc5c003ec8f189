import { type Ev, MIN, assemble, chance, every, hex, int, iso, lognormal, rngFor, round, startTime, uniform } from "./rng.js";
import type { Scenario } from "./types.js";

// Auction house bidding engine, ~2 h. The lot ledger primary is already down when the window opens and stays
// down for most of it: hundreds of identical "connection refused" lines, bids answered 503 with the healthy
// message text, until a replica is promoted near the end. Over half the lines are anomalous.
// Healthy bands:
//   bid-engine (zap, latency s) "bid processed" http_status 200, latency median 0.035 s
//   lot-ledger-proxy (logback JSON) "health check ok" every 30 s
//   auction-web (nginx JSON via Fluent Bit) GET /api/lots/<id> request_time median 0.012 s
// Routine noise (null): bid below increment rejected 422 (WARN), websocket client dropped (ERROR).
// Anomalies: "bid processed" with http_status 503, "failed to persist bid ... connection refused",
// failed health checks (error); promotion pending / replica promoted / pool re-established (pattern).
export function auctionLedgerOutage(seed: number): Scenario {
  const r = rngFor(seed, "s08-auction");
  const t0 = startTime(r);
  const t1 = t0 + int(r, 110, 130) * MIN;
  const fix = t0 + uniform(r, 0.8, 0.88) * (t1 - t0);
  const ledgerIp = `10.8.${int(r, 0, 9)}.${int(r, 10, 60)}:5432`;
  const refused = `failed to persist bid: dial tcp ${ledgerIp}: connect: connection refused`;
  const evs: Ev[] = [];
  const zap = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    level,
    ts: round(t / 1000, 3),
    caller: "engine/bids.go:141",
    msg,
    service: "bid-engine",
    ...extra,
  });
  const lb = (t: number, level: string, msg: string) => ({
    "@timestamp": iso(t),
    "@version": "1",
    message: msg,
    logger_name: "house.ledger.ProxyHealth",
    thread_name: "health-1",
    level,
    level_value: level === "ERROR" ? 40000 : 20000,
    app: "lot-ledger-proxy",
  });
  for (const t of every(r, t0, t1, 6_000, 0.5)) {
    const lot = int(r, 1000, 1400);
    const down = t < fix && chance(r, 0.92);
    evs.push({
      t,
      label: down ? "error" : null,
      make: (tt) =>
        zap(tt, "info", "bid processed", {
          lot,
          bidder: `B${hex(r, 6)}`,
          amount: int(r, 50, 9000) * 10,
          http_status: down ? 503 : 200,
          latency: round(lognormal(r, 0.035), 4),
        }),
    });
    if (down) evs.push({ t: t - 3, label: "error", make: (tt) => zap(tt, "error", refused, {}) });
  }
  for (const t of every(r, t0, t1, 30_000, 0.05)) {
    const down = t < fix;
    evs.push({
      t,
      label: down ? "error" : null,
      make: (tt) => (down ? lb(tt, "ERROR", "health check failed: primary lot-ledger-0 unreachable") : lb(tt, "INFO", "health check ok")),
    });
  }
  evs.push({
    t: t0 + uniform(r, 0.2, 0.4) * (fix - t0),
    label: "pattern",
    make: (tt) => lb(tt, "WARN", "replica promotion pending operator approval: lot-ledger-1 lag 0 bytes"),
  });
  evs.push({
    t: fix - 4_000,
    label: "pattern",
    make: (tt) => lb(tt, "WARN", "promoted replica lot-ledger-1 to primary"),
  });
  evs.push({
    t: fix - 1_000,
    label: "pattern",
    make: (tt) => lb(tt, "INFO", "ledger connection pool re-established (20/20)"),
  });
  for (const t of every(r, t0, t1, 8_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) => ({
        time_iso8601: iso(tt),
        remote_addr: `81.${int(r, 2, 250)}.${int(r, 0, 255)}.${int(r, 2, 250)}`,
        request: `GET /api/lots/${int(r, 1000, 1400)} HTTP/2.0`,
        status: 200,
        request_time: round(lognormal(r, 0.012), 3),
        kubernetes: { pod_name: `auction-web-${hex(r, 5)}`, labels: { app: "auction-web" } },
      }),
    });
  }
  for (const t of every(r, t0, t1, 2 * MIN, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) => zap(tt, "warn", "bid below increment rejected", { lot: int(r, 1000, 1400), http_status: 422 }),
    });
  }
  for (const t of every(r, t0, t1, 5 * MIN, 0.7)) {
    evs.push({ t, label: null, make: (tt) => zap(tt, "error", "websocket client dropped", { conn: hex(r, 8) }) });
  }
  return {
    name: "auction-ledger-outage",
    description: "auction bidding engine: lot ledger down from the start for most of the window, bids fail with 503",
    ...assemble(evs),
  };
}
