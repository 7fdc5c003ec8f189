import { type Ev, HOUR, MIN, assemble, chance, every, hex, int, iso, lognormal, pick, rngFor, round, slow, spread, startTime } from "./rng.js";
import type { Scenario } from "./types.js";

// Bus ticket validator fleet, 4 h. The back office intermittently fails, from the first minute on, and the
// failures show only in field values: the message text of each failing line is the healthy one.
// Healthy bands:
//   validator-gw (GELF) "tap batch forwarded" _status_code 200, _took_ms median 40
//   fare-sync (Go slog) "deny-list sync cycle finished" rejected=0, duration (ns) median 250 ms
//   ticket-api (nginx JSON via Fluent Bit) GET /v2/fares request_time median 0.020 s
// Routine noise (null): validator clock drift corrected (WARN), card removed too early (ERROR).
// Anomalies: "tap batch forwarded" with _status_code 503 (error) or _took_ms > 4x (performance);
// "deny-list sync cycle finished" with rejected > 0 (error).
export function busValidatorFieldFlip(seed: number): Scenario {
  const r = rngFor(seed, "s07-bus");
  const t0 = startTime(r);
  const t1 = t0 + 4 * HOUR;
  const evs: Ev[] = [];
  const buses = Array.from({ length: 40 }, (_, i) => `bus-${3100 + i * int(r, 1, 3)}`);
  const gelf = (t: number, level: number, msg: string, extra: Record<string, unknown>) => ({
    version: "1.1",
    host: pick(r, buses),
    short_message: msg,
    timestamp: round(t / 1000, 3),
    level,
    _app: "validator-gw",
    ...extra,
  });
  const batch = (t: number, status: number, took: number) =>
    gelf(t, 6, "tap batch forwarded", {
      _batch: hex(r, 10),
      _taps: int(r, 3, 40),
      _status_code: status,
      _took_ms: round(took),
    });
  const slog = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    time: iso(t),
    level,
    msg,
    service: "fare-sync",
    ...extra,
  });
  const sync = (t: number, rejected: number) =>
    slog(t, "INFO", "deny-list sync cycle finished", {
      entries: int(r, 180000, 190000),
      rejected,
      duration: Math.round(lognormal(r, 250) * 1e6),
    });
  // Bad moments scattered over the whole window, the first in the first minute.
  const bad = [t0 + int(r, 3_000, 50_000), ...spread(r, t0 + MIN, t1, int(r, 60, 90))];
  for (const t of every(r, t0, t1, 6_000)) evs.push({ t, label: null, make: (tt) => batch(tt, 200, lognormal(r, 40)) });
  for (const t of bad) {
    const k = int(r, 0, 2);
    if (k === 0) evs.push({ t, label: "error", make: (tt) => batch(tt, 503, lognormal(r, 40)) });
    else if (k === 1) evs.push({ t, label: "performance", make: (tt) => batch(tt, 200, slow(r, 40, 6, 50)) });
    else evs.push({ t, label: "error", make: (tt) => sync(tt, int(r, 40, 300)) });
  }
  for (const t of every(r, t0, t1, 60_000, 0.1)) evs.push({ t, label: null, make: (tt) => sync(tt, 0) });
  for (const t of every(r, t0, t1, 12_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) => ({
        time_iso8601: iso(tt),
        remote_addr: `10.44.${int(r, 0, 9)}.${int(r, 2, 250)}`,
        request: `GET /v2/fares?zone=${int(r, 1, 6)} HTTP/1.1`,
        status: 200,
        request_time: round(lognormal(r, 0.02), 3),
        kubernetes: { pod_name: `ticket-api-${hex(r, 5)}`, labels: { app: "ticket-api" } },
      }),
    });
  }
  for (const t of every(r, t0, t1, 2 * MIN, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) => gelf(tt, 4, "validator clock drift corrected", { _drift_ms: int(r, 200, 900) }),
    });
  }
  for (const t of every(r, t0, t1, 3 * MIN, 0.7)) {
    if (chance(r, 0.9)) evs.push({ t, label: null, make: (tt) => gelf(tt, 3, "card read aborted: card removed too early", {}) });
  }
  return {
    name: "bus-validator-field-flip",
    description: "bus ticket validators: back-office failures scattered from minute one, visible only in field values",
    ...assemble(evs),
  };
}
