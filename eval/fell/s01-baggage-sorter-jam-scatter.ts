import { type Ev, assemble, HOUR, MIN, chance, every, hex, int, iso, lognormal, pick, rngFor, round, slow, spread, startTime } from "./rng.js";
import type { Scenario } from "./types.js";

// Airport baggage sorter, 3 h. Jams, slow scans and failed tag reads scattered from the first minute.
// Healthy bands (bounded lognormal, within 3x of the median):
//   sorter-plc-gw (zap, latency in s): "barcode scan decoded" median 2 ms
//   bag-routing (Go slog, duration in ns): "route lookup done" median 300 ms
//   bsm-ingest (pino): "BSM message parsed" responseTime median 15 ms
// Routine noise (null): ATR no-read retried on second head (WARN), duplicate BSM ignored (ERROR).
// Anomalies: scans > 4x (performance), route lookups > 4x (performance), "ATR read failed,
// bag sent to manual encoding" (error), "tray jam detected, merge halted" (pattern).
export function baggageSorterJamScatter(seed: number): Scenario {
  const r = rngFor(seed, "s01-baggage");
  const t0 = startTime(r);
  const t1 = t0 + 3 * HOUR;
  const evs: Ev[] = [];
  const flights = ["BA0117", "LH0902", "KL1003", "AF1480", "SK0531", "IB3167", "EI0153"];
  const merges = ["M1", "M2", "M3", "M4"];
  const zap = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    level,
    ts: round(t / 1000, 3),
    caller: "scanner/array.go:212",
    msg,
    service: "sorter-plc-gw",
    ...extra,
  });
  const scan = (t: number, lat: number) =>
    zap(t, "info", "barcode scan decoded", {
      tag: `0${int(r, 100000000, 999999999)}`,
      head: `ATR-${int(r, 1, 6)}`,
      latency: round(lat / 1000, 5),
    });
  for (const t of every(r, t0, t1, 9_000)) evs.push({ t, label: null, make: (tt) => scan(tt, lognormal(r, 2)) });
  const slog = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    time: iso(t),
    level,
    msg,
    service: "bag-routing",
    ...extra,
  });
  const route = (t: number, ms: number) =>
    slog(t, "INFO", "route lookup done", {
      flight: pick(r, flights),
      chute: `C${int(r, 10, 48)}`,
      duration: Math.round(ms * 1e6),
    });
  for (const t of every(r, t0, t1, 12_000)) evs.push({ t, label: null, make: (tt) => route(tt, lognormal(r, 300)) });
  const pino = (t: number, level: number, msg: string, extra: Record<string, unknown>) => ({
    level,
    time: t,
    pid: 41,
    hostname: "bsm-ingest-7c9d",
    name: "bsm-ingest",
    msg,
    ...extra,
  });
  for (const t of every(r, t0, t1, 20_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) => pino(tt, 30, "BSM message parsed", { flight: pick(r, flights), responseTime: round(lognormal(r, 15)) }),
    });
  }
  for (const t of every(r, t0, t1, 90_000, 0.6)) {
    evs.push({
      t,
      label: null,
      make: (tt) => zap(tt, "warn", "ATR no-read, retrying on second head", { head: `ATR-${int(r, 1, 6)}`, attempt: 1 }),
    });
  }
  for (const t of every(r, t0, t1, 6 * MIN, 0.6)) {
    evs.push({
      t,
      label: null,
      make: (tt) => pino(tt, 50, "duplicate BSM ignored", { flight: pick(r, flights), msgId: hex(r, 10) }),
    });
  }
  // Scattered anomalies over the whole window, the first within the first minute.
  const n = int(r, 40, 70);
  const ats = [t0 + int(r, 5_000, 50_000), ...spread(r, t0 + MIN, t1, n)];
  ats.forEach((t, i) => {
    const kind = i === 0 ? 0 : int(r, 0, 3);
    if (kind === 0) evs.push({ t, label: "performance", make: (tt) => scan(tt, slow(r, 2, 6, 60)) });
    else if (kind === 1) evs.push({ t, label: "performance", make: (tt) => route(tt, slow(r, 300, 5, 20)) });
    else if (kind === 2) {
      evs.push({
        t,
        label: "error",
        make: (tt) =>
          zap(tt, "error", "ATR read failed, bag sent to manual encoding", {
            tag: `0${int(r, 100000000, 999999999)}`,
            error: "checksum mismatch on all heads",
          }),
      });
    } else {
      const merge = pick(r, merges);
      evs.push({
        t,
        label: "pattern",
        make: (tt) =>
          slog(tt, "WARN", "tray jam detected, merge halted", {
            merge,
            tray: int(r, 1, 640),
            photo_eye: `PE-${hex(r, 3)}`,
          }),
      });
      if (chance(r, 0.8)) {
        evs.push({
          t: t + int(r, 20_000, 90_000),
          label: "pattern",
          make: (tt) => slog(tt, "INFO", "merge restarted after jam clear", { merge }),
        });
      }
    }
  });
  return {
    name: "baggage-sorter-jam-scatter",
    description: "airport baggage sorter: jams, slow scans and failed tag reads scattered over 3 h from the first minute",
    ...assemble(evs),
  };
}
