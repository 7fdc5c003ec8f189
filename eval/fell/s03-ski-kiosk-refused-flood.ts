import { type Ev, MIN, assemble, every, hex, int, lognormal, pick, rngFor, round, startTime, uniform } from "./rng.js";
import type { Scenario } from "./types.js";

// Ski-rental kiosk fleet, ~100 min. The card-terminal proxy cannot reach the acquirer from the start:
// the same "connect ECONNREFUSED" line hundreds of times, checkouts failing, most lines anomalous.
// Healthy bands:
//   kiosk-api (pino) "request completed" responseTime: GET /inventory median 25 ms, POST /rentals/checkout
//     median 180 ms (status 200/201)
//   kiosk-agent (journald) "heartbeat ok" every ~60 s per kiosk; "cash rental printed"
//   card-proxy (GELF) "authorisation approved" took_ms median 120 (none in the incident)
// Routine noise (null): receipt printer paper low (WARN), boot-fitting scanner glare retry (ERROR).
// Anomalies: ECONNREFUSED (error), checkout 502 (error), kiosk "card payment failed" (error),
// retry attempts (error), proxy restart / pool recovered (pattern).
export function skiKioskRefusedFlood(seed: number): Scenario {
  const r = rngFor(seed, "s03-ski");
  const t0 = startTime(r);
  const t1 = t0 + int(r, 90, 110) * MIN;
  const fixAt = t1 - int(r, 6, 12) * MIN;
  const kiosks = Array.from({ length: int(r, 6, 10) }, (_, i) => `kiosk-${String(i + 1).padStart(2, "0")}`);
  const acq = `10.${int(r, 2, 9)}.${int(r, 0, 9)}.${int(r, 10, 99)}:8443`;
  const evs: Ev[] = [];
  const pino = (t: number, level: number, msg: string, extra: Record<string, unknown>) => ({
    level,
    time: t,
    pid: 17,
    hostname: "kiosk-api-5f6b",
    name: "kiosk-api",
    msg,
    ...extra,
  });
  const gelf = (t: number, level: number, msg: string, extra: Record<string, unknown>) => ({
    version: "1.1",
    host: "card-proxy-1",
    short_message: msg,
    timestamp: round(t / 1000, 3),
    level,
    _app: "card-proxy",
    ...extra,
  });
  const jd = (t: number, kiosk: string, prio: number, msg: string) => ({
    __REALTIME_TIMESTAMP: String(t * 1000),
    PRIORITY: String(prio),
    SYSLOG_IDENTIFIER: "kiosk-agent",
    _HOSTNAME: kiosk,
    _PID: String(int(r, 300, 900)),
    MESSAGE: msg,
  });
  for (const t of every(r, t0, t1, 10_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        pino(tt, 30, "request completed", {
          req: { method: "GET", url: `/inventory?size=${int(r, 22, 32)}` },
          res: { statusCode: 200 },
          responseTime: round(lognormal(r, 25)),
        }),
    });
  }
  for (const k of kiosks) {
    for (const t of every(r, t0, t1, 60_000, 0.1)) evs.push({ t, label: null, make: (tt) => jd(tt, k, 6, "heartbeat ok") });
  }
  // Checkout attempts: card payments fail while the acquirer refuses; a few succeed after the fix.
  for (const t of every(r, t0, t1, 9_000, 0.5)) {
    const k = pick(r, kiosks);
    const rental = `R${hex(r, 8)}`;
    if (t < fixAt) {
      const tries = int(r, 1, 3);
      for (let a = 0; a < tries; a++) {
        const ta = t + a * 1500;
        evs.push({
          t: ta,
          label: "error",
          make: (tt) => gelf(tt, 3, `connect ECONNREFUSED ${acq}`, { _rental: rental }),
        });
        if (a > 0) {
          evs.push({
            t: ta + 1,
            label: "error",
            make: (tt) => gelf(tt, 4, `authorisation retry ${a + 1}/3 failed`, { _rental: rental }),
          });
        }
      }
      evs.push({
        t: t + tries * 1500 + 20,
        label: "error",
        make: (tt) =>
          pino(tt, 50, "request completed", {
            req: { method: "POST", url: "/rentals/checkout" },
            res: { statusCode: 502 },
            responseTime: round(lognormal(r, 180)),
            rental,
          }),
      });
      evs.push({
        t: t + tries * 1500 + 300,
        label: "error",
        make: (tt) => jd(tt, k, 3, `card payment failed for ${rental}, showing retry screen`),
      });
    } else {
      evs.push({
        t,
        label: null,
        make: (tt) => gelf(tt, 6, "authorisation approved", { _took_ms: round(lognormal(r, 120)) }),
      });
      evs.push({
        t: t + 400,
        label: null,
        make: (tt) =>
          pino(tt, 30, "request completed", {
            req: { method: "POST", url: "/rentals/checkout" },
            res: { statusCode: 201 },
            responseTime: round(lognormal(r, 180)),
            rental,
          }),
      });
    }
  }
  for (const t of every(r, t0, t1, 5 * MIN, 0.6)) {
    evs.push({ t, label: null, make: (tt) => jd(tt, pick(r, kiosks), 6, `cash rental printed ticket=${hex(r, 6)}`) });
  }
  for (const t of every(r, t0, t1, 12 * MIN, 0.5)) {
    evs.push({ t, label: null, make: (tt) => jd(tt, pick(r, kiosks), 4, "receipt printer paper low") });
  }
  for (const t of every(r, t0, t1, 7 * MIN, 0.6)) {
    evs.push({
      t,
      label: null,
      make: (tt) => jd(tt, pick(r, kiosks), 3, `boot-fitting scanner glare, retrying capture ${int(r, 1, 2)}`),
    });
  }
  const restart = t0 + uniform(r, 0.3, 0.5) * (fixAt - t0);
  evs.push({
    t: restart,
    label: "pattern",
    make: (tt) => gelf(tt, 5, "card-proxy restarted by supervisor (exit 1)", {}),
  });
  evs.push({
    t: fixAt - 2_000,
    label: "pattern",
    make: (tt) => gelf(tt, 5, "acquirer connection pool recovered", { _pool_size: 8 }),
  });
  return {
    name: "ski-kiosk-refused-flood",
    description: "ski-rental kiosks: card proxy refused by the acquirer from the start, hundreds of ECONNREFUSED",
    ...assemble(evs),
  };
}
