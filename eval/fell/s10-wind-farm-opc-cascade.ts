import { type Ev, HOUR, MIN, assemble, chance, every, hex, int, iso, lognormal, pick, rngFor, round, slow, startTime, uniform } from "./rng.js";
import type { Scenario } from "./types.js";

// Wind turbine SCADA, 6 h. CRITICAL turbine alarms and curtailment ERRORs are everyday; the real incident is
// the OPC UA bridge backing up (the turbine controller's server hangs): the SCADA core's polls time out,
// setpoint writes fail and the grid dispatch API returns 502, until the bridge fails over.
// Healthy bands:
//   opc-bridge (logback JSON) "subscription batch published" queue_depth median 10 (<= 30), took_ms median 20
//   farm-scada (Serilog CLEF) "Polled {TagCount} tags in {Elapsed:0.00} ms" median 150 ms
//   grid-dispatch (nginx JSON via Fluent Bit) POST /api/dispatch/setpoint request_time median 0.2 s
//   pitch-ctl (journald) "pitch cycle ok"
// Routine noise (null): WTG yaw misalignment alarm (CRITICAL), gust limit curtailment (ERROR),
// pitch motor temperature high (WARN).
// Anomalies: backlog and slow batches, poll timeouts, slow polls (performance); setpoint write failures, 502s
// (error); OPC session failover, "server not responding" state change (pattern).
export function windFarmOpcCascade(seed: number): Scenario {
  const r = rngFor(seed, "s10-wind");
  const t0 = startTime(r);
  const t1 = t0 + 6 * HOUR;
  const i0 = t0 + uniform(r, 0.3, 0.6) * (t1 - t0);
  const i1 = i0 + int(r, 35, 70) * MIN;
  const inInc = (t: number) => t >= i0 && t < i1;
  const wtgs = Array.from({ length: 24 }, (_, i) => `WTG${String(i + 1).padStart(2, "0")}`);
  const evs: Ev[] = [];
  const lb = (t: number, level: string, msg: string, extra: Record<string, unknown>) => ({
    "@timestamp": iso(t),
    "@version": "1",
    message: msg,
    logger_name: "farm.opc.SubscriptionPump",
    thread_name: "opc-pump",
    level,
    level_value: level === "WARN" ? 30000 : 20000,
    app: "opc-bridge",
    ...extra,
  });
  const clef = (t: number, level: string | null, mt: string, props: Record<string, unknown>) => ({
    "@t": iso(t),
    "@mt": mt,
    ...(level ? { "@l": level } : {}),
    Application: "farm-scada",
    ...props,
  });
  for (const t of every(r, t0, t1, 30_000, 0.2)) {
    const bad = inInc(t);
    evs.push({
      t,
      label: bad ? "performance" : null,
      make: (tt) =>
        lb(tt, "INFO", "subscription batch published", {
          items: int(r, 300, 480),
          queue_depth: bad ? int(r, 400, 6000) : Math.round(lognormal(r, 10)),
          took_ms: round(bad ? slow(r, 20, 6, 80) : lognormal(r, 20)),
        }),
    });
  }
  evs.push({
    t: i0 + 10_000,
    label: "pattern",
    make: (tt) => lb(tt, "WARN", "OPC UA server opc.tcp://wtg-ctl-a:4840 not responding, session state RUNNING -> STALLED", {}),
  });
  evs.push({
    t: i1 - 30_000,
    label: "pattern",
    make: (tt) => lb(tt, "WARN", "OPC session failover to secondary endpoint opc.tcp://wtg-ctl-b:4840", {}),
  });
  for (const t of every(r, t0, t1, 30_000, 0.2)) {
    if (inInc(t) && chance(r, 0.7)) {
      evs.push({
        t,
        label: "performance",
        make: (tt) =>
          clef(tt, "Warning", "Tag poll timed out after {Timeout} ms", {
            Timeout: 5000,
            Group: pick(r, ["power", "met", "pitch"]),
          }),
      });
    } else {
      const slowPoll = inInc(t);
      evs.push({
        t,
        label: slowPoll ? "performance" : null,
        make: (tt) =>
          clef(tt, null, "Polled {TagCount} tags in {Elapsed:0.00} ms", {
            TagCount: int(r, 1100, 1300),
            Elapsed: round(slowPoll ? slow(r, 150, 5, 20) : lognormal(r, 150), 2),
          }),
      });
    }
  }
  for (const t of every(r, t0, t1, 60_000, 0.3)) {
    const bad = inInc(t) && chance(r, 0.75);
    const turbine = pick(r, wtgs);
    if (bad) {
      evs.push({
        t: t - 200,
        label: "error",
        make: (tt) =>
          clef(tt, "Error", "Setpoint write to {Turbine} failed: {Error}", {
            Turbine: turbine,
            Error: "BadCommunicationError",
          }),
      });
    }
    evs.push({
      t,
      label: bad ? "error" : null,
      make: (tt) => ({
        time_iso8601: iso(tt),
        remote_addr: `10.60.${int(r, 0, 3)}.${int(r, 2, 250)}`,
        request: "POST /api/dispatch/setpoint HTTP/1.1",
        status: bad ? 502 : 200,
        request_time: round(bad ? uniform(r, 0.01, 0.3) : lognormal(r, 0.2), 3),
        kubernetes: { pod_name: `grid-dispatch-${hex(r, 5)}`, labels: { app: "grid-dispatch" } },
      }),
    });
  }
  const jd = (t: number, prio: number, msg: string) => ({
    __REALTIME_TIMESTAMP: String(t * 1000),
    PRIORITY: String(prio),
    SYSLOG_IDENTIFIER: "pitch-ctl",
    _HOSTNAME: `nacelle-${int(r, 1, 24)}`,
    MESSAGE: msg,
  });
  for (const t of every(r, t0, t1, 2 * MIN, 0.3)) {
    evs.push({ t, label: null, make: (tt) => jd(tt, 6, `pitch cycle ok blades=3 angle=${round(uniform(r, -2, 25))}`) });
  }
  for (const t of every(r, t0, t1, 6 * MIN, 0.7)) {
    evs.push({ t, label: null, make: (tt) => jd(tt, 4, `pitch motor temperature high: ${int(r, 71, 79)} C`) });
  }
  for (const t of every(r, t0, t1, 4 * MIN, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) =>
        clef(tt, "Fatal", "{Turbine} ALARM 3120 yaw misalignment {Deg} deg", {
          Turbine: pick(r, wtgs),
          Deg: int(r, 8, 15),
        }),
    });
  }
  for (const t of every(r, t0, t1, 7 * MIN, 0.7)) {
    evs.push({
      t,
      label: null,
      make: (tt) => clef(tt, "Error", "Gust limit reached on {Turbine}, power curtailed", { Turbine: pick(r, wtgs) }),
    });
  }
  return {
    name: "wind-farm-opc-cascade",
    description: "wind farm SCADA: OPC bridge backs up, polls time out, setpoint writes fail, dispatch API 502s",
    ...assemble(evs),
  };
}
