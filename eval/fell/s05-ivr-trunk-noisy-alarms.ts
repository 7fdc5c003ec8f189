import { type Ev, HOUR, MIN, assemble, chance, every, hex, int, iso, lognormal, pick, rngFor, round, slow, startTime, uniform } from "./rng.js";
import type { Scenario } from "./types.js";

// Toll-free call centre IVR, 4 h. ERROR and CRITICAL lines are everyday noise (hang-ups, ASR fallbacks, trunk
// OPTIONS misses); the one real alert is a short carrier outage on trunk group TG-2: a handful of lines.
// Healthy bands (latencies 100x apart):
//   ivr-media (Serilog CLEF) "DTMF digit decoded in {Elapsed:0.00} ms" median 2 ms;
//     "Speech recognised in {Elapsed:0.00} ms" median 300 ms
//   call-router (GELF) "call routed" _took_ms median 40
//   trunk-monitor (journald) "trunk TGn OPTIONS ok"
// Routine noise (null): caller hung up during prompt (ERROR), ASR low confidence fallback to DTMF (CRITICAL),
// OPTIONS ping missed on TG-3 (CRITICAL), no agent available, queued (WARN).
// Anomalies: "all circuits busy" on TG-2 (error), call setup 503 from carrier (error),
// ASR recognition > 4x during the outage (performance), "trunk group TG-2 taken out of rotation" (pattern).
export function ivrTrunkNoisyAlarms(seed: number): Scenario {
  const r = rngFor(seed, "s05-ivr");
  const t0 = startTime(r);
  const t1 = t0 + 4 * HOUR;
  const a0 = t0 + uniform(r, 0.4, 0.8) * (t1 - t0);
  const a1 = a0 + int(r, 4, 9) * MIN;
  const evs: Ev[] = [];
  const clef = (t: number, level: string | null, mt: string, props: Record<string, unknown>) => ({
    "@t": iso(t),
    "@mt": mt,
    ...(level ? { "@l": level } : {}),
    Application: "ivr-media",
    CallId: `${hex(r, 8)}@sbc`,
    ...props,
  });
  const gelf = (t: number, level: number, msg: string, extra: Record<string, unknown>) => ({
    version: "1.1",
    host: `router-${int(r, 1, 2)}`,
    short_message: msg,
    timestamp: round(t / 1000, 3),
    level,
    _app: "call-router",
    ...extra,
  });
  const jd = (t: number, prio: number, msg: string) => ({
    __REALTIME_TIMESTAMP: String(t * 1000),
    PRIORITY: String(prio),
    SYSLOG_IDENTIFIER: "trunk-monitor",
    _HOSTNAME: "sbc-edge-1",
    MESSAGE: msg,
  });
  for (const t of every(r, t0, t1, 10_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) => clef(tt, null, "DTMF digit decoded in {Elapsed:0.00} ms", { Elapsed: round(lognormal(r, 2), 2) }),
    });
  }
  for (const t of every(r, t0, t1, 15_000)) {
    const bad = t >= a0 && t < a1 + MIN && chance(r, 0.5);
    evs.push({
      t,
      label: bad ? "performance" : null,
      make: (tt) =>
        clef(tt, null, "Speech recognised in {Elapsed:0.00} ms", {
          Elapsed: round(bad ? slow(r, 300, 5, 12) : lognormal(r, 300), 2),
        }),
    });
  }
  for (const t of every(r, t0, t1, 20_000)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        gelf(tt, 6, "call routed", {
          _queue: pick(r, ["billing", "sales", "support", "lost-card"]),
          _took_ms: round(lognormal(r, 40)),
        }),
    });
  }
  for (const tg of ["TG-1", "TG-2", "TG-3"]) {
    for (const t of every(r, t0, t1, 60_000, 0.05)) {
      if (tg === "TG-2" && t >= a0 && t < a1) continue;
      evs.push({ t, label: null, make: (tt) => jd(tt, 6, `trunk ${tg} OPTIONS ok rtt=${int(r, 8, 30)}ms`) });
    }
  }
  for (const t of every(r, t0, t1, 40_000, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        clef(tt, "Error", "Caller hung up during prompt {Prompt}", {
          Prompt: pick(r, ["menu-main", "pin-entry", "confirm"]),
        }),
    });
  }
  for (const t of every(r, t0, t1, 70_000, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        clef(tt, "Fatal", "ASR confidence {Confidence} below threshold, falling back to DTMF", {
          Confidence: round(uniform(r, 0.2, 0.45), 2),
        }),
    });
  }
  for (const t of every(r, t0, t1, 9 * MIN, 0.5)) {
    evs.push({ t, label: null, make: (tt) => jd(tt, 2, "trunk TG-3 OPTIONS ping missed, retrying") });
  }
  for (const t of every(r, t0, t1, 100_000, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) => gelf(tt, 4, "no agent available, call queued", { _queue: pick(r, ["billing", "support"]) }),
    });
  }
  // The real alert.
  evs.push({
    t: a0,
    label: "error",
    make: (tt) => jd(tt, 2, "trunk TG-2 all circuits busy: carrier answered 503 to INVITE"),
  });
  for (const t of every(r, a0 + 5_000, a1, 50_000, 0.5)) {
    evs.push({
      t,
      label: "error",
      make: (tt) => gelf(tt, 3, "call setup failed on TG-2", { _sip_status: 503, _reason: "Service Unavailable" }),
    });
  }
  evs.push({
    t: a0 + 40_000,
    label: "pattern",
    make: (tt) => gelf(tt, 5, "trunk group TG-2 taken out of rotation", {}),
  });
  evs.push({
    t: a1 + 20_000,
    label: "pattern",
    make: (tt) => gelf(tt, 5, "trunk group TG-2 restored to rotation", {}),
  });
  return {
    name: "ivr-trunk-noisy-alarms",
    description: "call centre IVR: routine ERROR/CRITICAL noise all day, one short carrier outage on TG-2",
    ...assemble(evs),
  };
}
