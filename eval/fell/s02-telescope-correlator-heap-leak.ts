import { type Ev, assemble, HOUR, MIN, every, hex, int, iso, lognormal, pick, rngFor, round, slow, startTime, uniform } from "./rng.js";
import type { Scenario } from "./types.js";

// Radio telescope correlator, 6 h. The correlator's heap leaks from ~40% of the window on (no OOM).
// Healthy bands:
//   correlator (logback JSON) "heap status" heap_used_pct 35-60 %; "integration correlated" took_ms median 80
//   correlator GC lines (Docker json-file envelope, JVM unified logging): heap after GC <= 55 % of 8192M,
//     Pause Young median 18 ms
//   beamformer-ctl (Rust tracing) "beam weights applied" latency_ms median 4
//   obs-scheduler (structlog): "schedule snapshot" INFO lines of 700-1400 chars every ~30 min (routine, null)
// Routine noise (null): RFI flagged on baseline (WARN), antenna pointing offset flagged (ERROR).
// Anomalies: heap readings above 60 %, GC heap-after above 60 %, Full GC / to-space exhausted (memory);
// integrations slowed by GC above 4x (performance).
export function telescopeCorrelatorHeapLeak(seed: number): Scenario {
  const r = rngFor(seed, "s02-telescope");
  const t0 = startTime(r);
  const t1 = t0 + 6 * HOUR;
  const leak0 = t0 + (0.35 + 0.1 * r()) * (t1 - t0);
  const evs: Ev[] = [];
  const heapAt = (t: number) => (t < leak0 ? uniform(r, 38, 55) : Math.min(94, uniform(r, 48, 52) + ((t - leak0) / (t1 - leak0)) * 42));
  const lb = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    "@timestamp": iso(t),
    "@version": "1",
    message: msg,
    logger_name: "org.array.corr.XEngine",
    thread_name: `xeng-${int(r, 0, 15)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "correlator",
    ...extra,
  });
  for (const t of every(r, t0, t1, MIN, 0.1)) {
    evs.push({
      t,
      label: null,
      make: (tt) => {
        const pct = heapAt(tt);
        return {
          ...lb(tt, pct > 85 ? "WARN" : "INFO", "heap status", { heap_used_pct: round(pct) }),
          _label: pct > 60 ? "memory" : null,
        };
      },
    });
  }
  for (const t of every(r, t0, t1, 15_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) => {
        const gcSlow = tt > leak0 + 0.4 * (t1 - leak0) && r() < 0.08;
        return {
          ...lb(tt, "INFO", "integration correlated", {
            scan: `scan-${hex(r, 6)}`,
            baselines: 2016,
            took_ms: round(gcSlow ? slow(r, 80, 5, 25) : lognormal(r, 80)),
          }),
          _label: gcSlow ? "performance" : null,
        };
      },
    });
  }
  let gcN = int(r, 100, 900);
  for (const t of every(r, t0, t1, 45_000, 0.3)) {
    evs.push({
      t,
      label: null,
      make: (tt) => {
        const after = (heapAt(tt) / 100) * 8192;
        const before = after + uniform(r, 900, 2200);
        const full = tt > leak0 + 0.6 * (t1 - leak0) && r() < 0.25;
        const kind = full ? "Pause Full (G1 Compaction Pause)" : "Pause Young (Normal) (G1 Evacuation Pause)";
        const ms = full ? uniform(r, 900, 3500) : lognormal(r, 18);
        const heap = `${Math.round(before)}M->${Math.round(after)}M(8192M)`;
        const line = `[${iso(tt)}][info][gc] GC(${gcN++}) ${kind} ${heap} ${ms.toFixed(3)}ms`;
        const mem = full || after / 8192 > 0.6;
        return { log: `${line}\n`, stream: "stdout", time: iso(tt), _label: mem ? "memory" : null };
      },
    });
  }
  const tr = (t: number, level: string, message: string, fields: Record<string, unknown>) => ({
    timestamp: iso(t),
    level,
    fields: { message, ...fields },
    target: "beamformer_ctl::weights",
  });
  for (const t of every(r, t0, t1, 20_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) => tr(tt, "INFO", "beam weights applied", { beam: int(r, 0, 35), latency_ms: round(lognormal(r, 4), 2) }),
    });
  }
  const sources = ["3C286", "3C147", "J1331+3030", "PKS1934-638", "CasA", "CygA", "TauA", "VirA", "3C48"];
  for (const t of every(r, t0, t1, 30 * MIN, 0.1)) {
    evs.push({
      t,
      label: null,
      make: (tt) => {
        const blocks = [];
        for (let i = 0; i < int(r, 8, 14); i++) {
          blocks.push(
            `{src=${pick(r, sources)};ra=${uniform(r, 0, 24).toFixed(4)}h;dec=${uniform(r, -60, 60).toFixed(3)};` +
              `band=L;dur=${int(r, 5, 40)}m;cal=${pick(r, ["flux", "phase", "bandpass", "none"])}}`,
          );
        }
        return {
          event: `schedule snapshot blocks=${blocks.length} ${blocks.join("|")}`,
          level: "info",
          timestamp: iso(tt),
          logger: "obs-scheduler",
          epoch: "J2000",
        };
      },
    });
  }
  for (const t of every(r, t0, t1, 4 * MIN, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        lb(tt, "WARN", "RFI flagged on baseline", {
          baseline: `${int(r, 1, 64)}-${int(r, 1, 64)}`,
          chans: int(r, 2, 40),
        }),
    });
  }
  for (const t of every(r, t0, t1, 25 * MIN, 0.6)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        tr(tt, "ERROR", "antenna pointing offset exceeds tolerance; flagged", {
          antenna: `ant${int(r, 1, 64)}`,
          offset_arcsec: round(uniform(r, 20, 45)),
        }),
    });
  }
  for (const t of every(r, leak0 + 0.75 * (t1 - leak0), t1, 6 * MIN, 0.5)) {
    evs.push({
      t,
      label: "memory",
      make: (tt) => ({
        log: `[${iso(tt)}][warning][gc] GC(${gcN++}) To-space exhausted\n`,
        stream: "stdout",
        time: iso(tt),
      }),
    });
  }
  return {
    name: "telescope-correlator-heap-leak",
    description: "radio telescope correlator: heap climbs from 45% to 90%+ over the second half, GC distress, no OOM",
    ...assemble(evs),
  };
}
