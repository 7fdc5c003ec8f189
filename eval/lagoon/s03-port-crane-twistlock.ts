// s03: container terminal quay cranes, 3 h. The TOS logs ERROR all day (rejected EDI, unknown
// containers at the gate, silent reefer plugs: about 15% of its lines). The incident is quieter:
// for over an hour the twistlock sensor TL3 on QC-07's spreader keeps reporting LOCKED, and the PLC
// bridge repeats one WARN line ("Twistlock state disagreement ...; hoist interlock held") well over
// a hundred times while QC-07's move cycles stretch to 7-15 minutes, until the spreader is swapped.
//
// Producers: tos-core (log4j2 JsonLayout, compact, instant + contextMap + thrown), crane-bridge
// (GELF 1.1 from the PLC gateway), yard-planner (python-json-logger).
// Healthy bands: quay crane move cycle 95 s median (PLC cycle_s and TOS confirmation alike), yard
// plan computation 1.8 s. No memory readings.
import { arrivals, epochS3, HOUR, MIN, pyTime, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { AnomalyType, Scenario } from "./types.js";

type Label = AnomalyType | null;

const CRANES = ["QC-02", "QC-03", "QC-04", "QC-05", "QC-06", "QC-07"] as const;
const OWNERS = ["MSCU", "MAEU", "CMAU", "HLXU", "OOLU", "TGHU", "SEGU"] as const;
const VESSELS = ["MAERSK KOWLOON 612W", "CMA CGM RIGOLETTO 0FL3KE1MA", "MSC ARINA 405S"] as const;
const TWISTLOCK = "Twistlock state disagreement on spreader SP-07: TL3=LOCKED TL1,TL2,TL4=UNLOCKED; hoist interlock held";

export function portCraneTwistlock(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s03");
  const tl = new Timeline();
  const from = startTime(r, 0, 20);
  const to = from + 3 * HOUR;
  const t0 = us(from + r.float(40, 70) * MIN);
  const t1 = us(t0 + r.float(65, 90) * MIN);
  const container = (): string => `${r.pick(OWNERS)}${r.digits(7)}`;

  let tid = 40;
  const tos = (
    t: number,
    level: string,
    logger: string,
    message: string,
    ctx: Record<string, unknown>,
    thrown?: Record<string, unknown>,
    label: Label = null,
  ): void => {
    const ms = Math.floor(t);
    tl.add(
      t,
      "ms",
      {
        instant: { epochSecond: Math.floor(ms / 1000), nanoOfSecond: (ms % 1000) * 1_000_000 },
        thread: logger.includes("edi") ? "edi-inbound-1" : logger.includes("gate") ? "gate-worker-2" : `tos-dispatch-${(tid++ % 4) + 1}`,
        level,
        loggerName: `com.harbourline.tos.${logger}`,
        message,
        ...(thrown ? { thrown } : {}),
        endOfBatch: false,
        loggerFqcn: "org.apache.logging.log4j.spi.AbstractLogger",
        contextMap: { terminal: "HLT-2", ...ctx },
        threadId: 40 + (tid % 9),
        threadPriority: 5,
      },
      label,
    );
  };
  const gelf = (t: number, crane: string, level: number, msg: string, extra: Record<string, unknown>, label: Label = null): void => {
    tl.add(
      t,
      "ms",
      {
        version: "1.1",
        host: `${crane.toLowerCase()}-plc-bridge`,
        short_message: msg,
        timestamp: epochS3(t),
        level,
        _app: "crane-bridge",
        _crane: crane,
        ...extra,
      },
      label,
    );
  };
  const planner = (t: number, level: string, logger: string, message: string, extra: Record<string, unknown>, label: Label = null): void => {
    tl.add(t, "ms", { asctime: pyTime(t), name: logger, levelname: level, message, service: "yard-planner", ...extra }, label);
  };

  // ---- crane moves ----------------------------------------------------------------------------
  let wi = r.int(880_000, 900_000);
  for (const crane of CRANES) {
    const vessel = r.pick(VESSELS);
    const spreaderOf = (t: number): string => (crane !== "QC-07" ? `SP-${crane.slice(3)}` : t < t1 ? "SP-07" : "SP-11");
    let t = us(from + r.float(0, 90) * SEC);
    while (t < to) {
      wi += 1;
      const id = `WI-${wi}`;
      const box = container();
      const iso = r.pick(["45G1", "22G1", "45R1", "42G1"]);
      const faulty = crane === "QC-07" && t >= t0 && t < t1;
      const spreader = spreaderOf(t);
      const cycle = faulty ? r.slow(95, 4.5, 9) : r.healthy(95, 0.3);
      const lbl: Label = faulty ? "performance" : null;
      tos(t, "INFO", "dispatch.WorkInstructionDispatcher", `Dispatched ${id} (${box}, ${iso}) to ${crane} for ${vessel}`, { crane, vessel, wi: id });
      const lockAt = us(t + cycle * 1000 * 0.35);
      gelf(lockAt, crane, 6, "Spreader locked: TL1-TL4 LOCKED", { _spreader: spreader, _wi: id, _container: box, _load_t: round(r.float(8, 31), 1) });
      if (faulty) {
        const holdStart = us(t + 95_000 * 0.6);
        const n = Math.max(3, Math.floor((cycle - 95) / r.float(22, 32)));
        for (let k = 0; k < n; k++) {
          gelf(
            us(holdStart + (k * ((cycle - 95) * 1000)) / n + r.float(0, 900)),
            crane,
            4,
            TWISTLOCK,
            { _spreader: spreader, _wi: id, _interlock: "HOIST" },
            "pattern",
          );
        }
        gelf(
          us(holdStart + (cycle - 95) * 1000 * 0.8),
          crane,
          5,
          `Manual twistlock override requested by operator badge ${r.pick(["40213", "40877", "41102"])}`,
          { _spreader: spreader, _wi: id },
          "pattern",
        );
      }
      const done = us(t + cycle * 1000);
      gelf(done, crane, 6, `Move cycle complete: ${id}`, { _spreader: spreader, _wi: id, _cycle_s: round(cycle, 1) }, lbl);
      tos(
        us(done + r.float(200, 900)),
        "INFO",
        "dispatch.MoveConfirmationHandler",
        `Move ${id} confirmed by ${crane} in ${Math.round(cycle)} s`,
        { crane, vessel, wi: id, container: box },
        undefined,
        lbl,
      );
      t = us(done + r.float(2, 12) * SEC);
    }
  }
  // The swap that ends it.
  gelf(us(t1 - 40 * SEC), "QC-07", 5, "Spreader SP-07 taken out of service by maintenance", { _spreader: "SP-07" }, "pattern");
  gelf(us(t1 - 5 * SEC), "QC-07", 5, "Spreader SP-11 self-test passed: TL1-TL4 OK, flippers OK, telescopic OK", { _spreader: "SP-11" }, "pattern");
  tos(
    us(t1 - 2 * SEC),
    "INFO",
    "equipment.EquipmentRegistry",
    "Equipment change registered: QC-07 spreader SP-07 -> SP-11 by user m.tan",
    { crane: "QC-07" },
    undefined,
    "pattern",
  );

  // Anemometers every two minutes; a gust over the advisory threshold now and then.
  for (const crane of CRANES) {
    for (const t of ticks(r, from, to, 2 * MIN, 3 * SEC)) {
      const gust = r.chance(0.05) ? r.float(13.1, 15.2) : r.float(4, 12.5);
      gelf(t, crane, 6, "Anemometer reading", { _wind_ms: round(gust * 0.7, 1), _gust_ms: round(gust, 1) });
      if (gust > 13) gelf(us(t + 5), crane, 4, `Wind gust ${gust.toFixed(1)} m/s above advisory threshold 13.0 m/s`, { _gust_ms: round(gust, 1) });
    }
  }
  for (const t of ticks(r, from, to, 25 * MIN, 10 * MIN)) {
    gelf(t, r.pick(CRANES), 3, "CAN bus error frame on node 0x21 (trolley drive), error counter 1, auto-recovered", { _can_node: "0x21" });
  }

  // ---- TOS: gate, EDI and reefer noise ---------------------------------------------------------
  for (const t of arrivals(r, from, to, 2)) {
    const lane = r.int(1, 8);
    tos(
      t,
      "INFO",
      "gate.GateTransactionService",
      `Gate-in completed for truck ${r.pick(["SG", "LM", "KT"])}${r.digits(4)} container ${container()} lane ${lane}`,
      { lane },
    );
  }
  const ediTrace = (file: string, line: number): Record<string, unknown>[] => [
    {
      class: "com.harbourline.tos.edi.coprar.EqdSegmentParser",
      method: "parseSizeType",
      file,
      line,
      exact: true,
      location: "tos-edi-4.2.1.jar",
      version: "4.2.1",
    },
    {
      class: "com.harbourline.tos.edi.coprar.CoprarParser",
      method: "parse",
      file: "CoprarParser.java",
      line: 212,
      exact: true,
      location: "tos-edi-4.2.1.jar",
      version: "4.2.1",
    },
    {
      class: "com.harbourline.tos.edi.EdiInboundListener",
      method: "onMessage",
      file: "EdiInboundListener.java",
      line: 74,
      exact: true,
      location: "tos-edi-4.2.1.jar",
      version: "4.2.1",
    },
  ];
  for (const t of arrivals(r, from, to, 0.8)) {
    const seg = r.int(9, 40);
    const msg = `COPRAR from ZIMU rejected: EQD segment ${seg} unknown ISO size-type code 'L5G1'`;
    tos(
      t,
      "ERROR",
      "edi.coprar.CoprarInboundProcessor",
      msg,
      { partner: "ZIMU", interchange: `ZIM${r.digits(8)}` },
      {
        commonElementCount: 0,
        localizedMessage: `Unknown ISO 6346 size-type 'L5G1' in EQD+CN segment ${seg}`,
        message: `Unknown ISO 6346 size-type 'L5G1' in EQD+CN segment ${seg}`,
        name: "com.harbourline.tos.edi.EdiParseException",
        extendedStackTrace: ediTrace("EqdSegmentParser.java", 58),
      },
    );
  }
  for (const t of arrivals(r, from, to, 0.5)) {
    tos(t, "ERROR", "gate.GateTransactionService", `Gate transaction GT-${r.digits(7)} failed: container ${container()} not found in yard inventory`, {
      lane: r.int(1, 8),
    });
  }
  for (const t of arrivals(r, from, to, 0.4)) {
    tos(t, "ERROR", "reefer.ReeferMonitor", `Reefer plug R-${r.int(10, 18)}-${String(r.int(1, 24)).padStart(2, "0")} reported no telemetry for 15 min`, {
      block: "R",
    });
  }

  // ---- yard-planner -----------------------------------------------------------------------------
  for (const t of ticks(r, from, to, 2 * MIN, 5 * SEC)) {
    const s = r.healthy(1.8, 0.3);
    planner(
      us(t + s * 1000),
      "INFO",
      "yard_planner.solver",
      `Yard plan recomputed in ${s.toFixed(2)} s: ${r.int(380, 460)} pending moves, ${r.int(20, 24)} straddle carriers`,
      { duration_s: round(s, 3), solver: "ortools-cp-sat" },
    );
  }
  for (const t of ticks(r, from, to, HOUR, 10 * MIN)) {
    planner(t, "WARNING", "yard_planner.fleet", `Straddle carrier SC-${r.pick(["09", "14", "17"])} reported fuel below 15%`, {
      carrier_fuel_pct: r.int(9, 14),
    });
  }
  for (const t of ticks(r, us(t0 + 8 * MIN), t1, 10 * MIN, MIN)) {
    const mph = r.float(3.5, 7.5).toFixed(1);
    planner(
      t,
      "INFO",
      "yard_planner.rebalance",
      `Rebalanced ${r.int(6, 15)} moves from QC-07 to QC-06,QC-05; QC-07 productivity ${mph} mph below threshold 18 mph`,
      { crane: "QC-07" },
      "pattern",
    );
  }

  return tl.build(
    "port-crane-twistlock-sensor-fault",
    "Container terminal: amid the TOS's all-day ERROR noise, QC-07's spreader twistlock sensor reports a false LOCKED and the PLC bridge repeats the same interlock WARN over a hundred times while QC-07's moves take 7-15 minutes, until the spreader is swapped.",
  );
}
