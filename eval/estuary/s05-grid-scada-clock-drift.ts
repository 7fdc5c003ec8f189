// s05: energy grid telemetry at a SCADA front-end. rtu-poller (Python, python-json-logger),
// historian-writer (Java, log4j2 JsonLayout with `instant` and an added `service` key) and the
// host's journald (journalctl -o json: string values, PRIORITY, SYSLOG_IDENTIFIER, __REALTIME_TIMESTAMP).
// ERROR and CRITICAL are routine here: radio-linked RTUs miss polls all day and two test feeders
// report INVALID breaker status every few minutes; none of that is labelled.
// Incident: the GPS/PPS reference of the front-end is lost, chronyd has no selectable source and the
// clock drifts; rare lines (gpsd, chronyd, CP56Time2a skew notices) are the real alert, and the
// historian starts rejecting future-stamped samples. Few labelled lines.
import type { AnomalyType, Scenario } from "./types.js";
import { HOUR, MIN, SEC, Rng, Timeline, asctime, epochMicros, every, hashSeed, healthy, poisson, round, startTime } from "./rng.js";

export function s05GridScadaClockDrift(seed: number): Scenario {
  const rng = new Rng(hashSeed(seed, "s05-grid"));
  const tl = new Timeline();
  const start = startTime(rng, Date.UTC(2025, 0, 14, 3, 0));
  const end = start + 4 * HOUR;
  const lost = start + rng.float(0.45, 0.6) * (end - start);
  const fallback = lost + rng.float(55, 80) * MIN; // NTP fallback picked, clock slewed back
  const skewAt = (t: number) => round(((t - lost) / MIN) * DRIFT + rng.float(-0.02, 0.02), 3); // drift in s per minute
  const localTz = 60;
  const DRIFT = 0.045; // s of drift per minute without a reference

  const rtus = ["0x11", "0x12", "0x17", "0x1C", "0x2A", "0x2F", "0x3A", "0x41", "0x4D", "0x52"] as const;
  const radioRtus = ["0x3A", "0x4D", "0x52"] as const;
  const subs = ["SUB03", "SUB07", "SUB11", "SUB14", "SUB19"] as const;
  const feeders = ["F-02", "F-05", "F-09", "F-12", "F-16"] as const;
  const points = () => `${rng.pick(subs)}.${rng.pick(feeders)}.${rng.pick(["IA", "IB", "IC", "P", "Q", "V12", "V23", "F"])}`;

  // ---- rtu-poller (python-json-logger)
  const py = (t: number, name: string, levelname: string, message: string, extra: Record<string, unknown>, label: AnomalyType | null = null) => {
    tl.add(t, { asctime: asctime(t, localTz), name, levelname, message, ...extra }, label);
  };
  every(rng, start, end, 15 * SEC, 0.4 * SEC, (t) => {
    py(t, "rtu_poller.cycle", "INFO", "poll cycle complete", {
      rtus_polled: rtus.length,
      points: rng.int(1480, 1530),
      cycle_ms: Math.round(healthy(rng, 420, 0.25)),
    });
  });
  poisson(rng, start, end, 6 * SEC, (t) => {
    const unit = rng.pick(["A", "kV", "MW", "MVAr", "Hz"] as const);
    const value = unit === "Hz" ? round(rng.float(49.95, 50.05), 3) : unit === "kV" ? round(rng.float(10.6, 11.3), 2) : round(rng.float(5, 480), 1);
    py(t, "rtu_poller.iec104", "INFO", "spontaneous measurement (COT=3)", {
      rtu: rng.pick(rtus),
      ioa: rng.int(1000, 4999),
      point: points(),
      value,
      unit,
      quality: "GOOD",
    });
  });
  poisson(rng, start, end, 2 * MIN, (t) => {
    const r = rng.pick(radioRtus);
    py(t, "rtu_poller.link", "ERROR", `RTU ${r} poll failed: no response after 3 retries`, { rtu: r, link: "UHF-radio", retries: 3 });
  });
  poisson(rng, start, end, 6 * MIN, (t) => {
    const f = rng.pick(["F-12", "F-16"] as const);
    py(t, "rtu_poller.alarms", "CRITICAL", `Breaker status INVALID on ${f} (quality bits 0x40 IV)`, {
      feeder: f,
      rtu: "0x2F",
      quality: "IV",
      test_feeder: true,
    });
  });
  poisson(rng, start, end, 70 * SEC, (t) => {
    py(t, "rtu_poller.iec104", "WARNING", "quality flag NT (not topical) on point", { rtu: rng.pick(radioRtus), point: points() });
  });
  every(rng, start, end, 10 * MIN, 5 * SEC, (t) => {
    py(t, "rtu_poller.timesync", "INFO", "clock sync command (C_CS_NA_1) sent to all RTUs", { rtus: rtus.length, confirmed: rtus.length - rng.int(0, 2) });
  });

  // ---- historian-writer (log4j2 JsonLayout)
  let threadId = 20;
  const j = (t: number, level: string, loggerName: string, message: string, label: AnomalyType | null = null) => {
    threadId = 20 + ((threadId - 19) % 4);
    tl.add(
      t,
      {
        instant: { epochSecond: Math.floor(t / 1000), nanoOfSecond: Math.floor((t % 1000) * 1e6) },
        thread: `historian-writer-${threadId - 19}`,
        level,
        loggerName,
        message,
        endOfBatch: false,
        loggerFqcn: "org.apache.logging.log4j.spi.AbstractLogger",
        threadId,
        threadPriority: 5,
        service: "historian-writer",
        host: "scada-fe-01",
      },
      label,
    );
  };
  every(rng, start, end, 20 * SEC, 1 * SEC, (t) => {
    j(t, "INFO", "com.gridco.historian.BatchWriter", `Flushed batch of ${rng.int(900, 1600)} samples to archive in ${Math.round(healthy(rng, 140, 0.3))} ms`);
  });
  poisson(rng, start, end, 3 * MIN, (t) => {
    j(t, "ERROR", "com.gridco.historian.IngestFilter", `Late sample dropped (age ${rng.int(301, 900)}s > 300s) for point ${points()}`);
  });
  every(rng, start, end, 30 * MIN, 30 * SEC, (t) => {
    j(t, "INFO", "com.gridco.historian.Compaction", `Compacted archive segment ${rng.int(20000, 40000)} (${rng.int(2, 9)} files) in ${rng.int(8, 30)} s`);
  });

  // ---- journald
  let cursorI = rng.int(100000, 900000);
  const boot = rng.hex(32);
  const machine = rng.hex(32);
  const jd = (t: number, ident: string, pid: number, prio: number, msg: string, unit: string, label: AnomalyType | null = null) => {
    cursorI++;
    tl.add(
      t,
      {
        __CURSOR: `s=${rng.hex(32)};i=${cursorI.toString(16)};b=${boot};m=${Math.floor(t % 1e9).toString(16)};t=${Math.floor(t * 1000).toString(16)};x=${rng.hex(16)}`,
        __REALTIME_TIMESTAMP: epochMicros(t),
        __MONOTONIC_TIMESTAMP: String(Math.floor((t - start + 8.6e8) * 1000)),
        _BOOT_ID: boot,
        _MACHINE_ID: machine,
        _HOSTNAME: "scada-fe-01",
        PRIORITY: String(prio),
        SYSLOG_FACILITY: ident === "CRON" ? "9" : "3",
        SYSLOG_IDENTIFIER: ident,
        _PID: String(pid),
        _COMM: ident.toLowerCase(),
        _SYSTEMD_UNIT: unit,
        _TRANSPORT: ident === "systemd" ? "journal" : "syslog",
        MESSAGE: msg,
      },
      label,
    );
  };
  const cronPid = rng.int(600, 900);
  every(rng, start, end, 15 * MIN, 1 * SEC, (t) => {
    const p = rng.int(100000, 400000);
    jd(t, "CRON", p, 6, `(historian) CMD (/opt/historian/bin/export-15min.sh >/dev/null 2>&1)`, "cron.service");
    jd(t + 50, "CRON", cronPid, 6, `pam_unix(cron:session): session opened for user historian(uid=992) by (uid=0)`, "cron.service");
  });
  poisson(rng, start, end, 50 * MIN, (t) => {
    jd(
      t,
      "sshd",
      rng.int(100000, 400000),
      6,
      `Accepted publickey for ops from 10.20.${rng.int(1, 9)}.${rng.int(2, 250)} port ${rng.int(40000, 65000)} ssh2: ED25519 SHA256:${rng.alnum(43)}`,
      "ssh.service",
    );
  });
  every(rng, start, end, HOUR, 60 * SEC, (t) => {
    jd(t, "systemd", 1, 6, "Starting Rotate log files...", "init.scope");
    jd(t + 900, "systemd", 1, 6, "logrotate.service: Deactivated successfully.", "init.scope");
    jd(t + 950, "systemd", 1, 6, "Finished Rotate log files.", "init.scope");
  });

  // ---- the incident: rare line types
  const gpsdPid = rng.int(700, 900);
  const chronyPid = rng.int(700, 900);
  jd(lost, "gpsd", gpsdPid, 4, "gpsd:WARN: PPS:/dev/pps0 lost signal, no edges for 5 seconds", "gpsd.service", "pattern");
  jd(lost + rng.float(2, 6) * SEC, "gpsd", gpsdPid, 5, "gpsd:INFO: device /dev/ttyS1 lost fix (mode 1)", "gpsd.service", "pattern");
  jd(lost + rng.float(30, 70) * SEC, "chronyd", chronyPid, 4, "Source PPS0 offline", "chronyd.service", "pattern");
  jd(lost + rng.float(80, 130) * SEC, "chronyd", chronyPid, 4, "Can't synchronise: no selectable sources", "chronyd.service", "pattern");
  // CP56Time2a skew notices once the drift crosses 1 s, a rare INFO line type
  let firstSkew = lost + (1.0 / DRIFT) * MIN;
  for (let t = firstSkew; t < fallback; t += rng.float(2.5, 6) * MIN) {
    const r = rng.pick(rtus);
    py(
      t,
      "rtu_poller.timesync",
      "INFO",
      `CP56Time2a timestamp skew on RTU ${r}: +${skewAt(t).toFixed(3)}s vs local clock`,
      { rtu: r, skew_s: skewAt(t) },
      "pattern",
    );
  }
  // RTUs with strict time-sync checks refuse the sync command once skew > 1.5 s
  firstSkew = lost + (1.5 / DRIFT) * MIN;
  every(rng, firstSkew, fallback, 10 * MIN, 5 * SEC, (t) => {
    for (const r of ["0x17", "0x41"] as const) {
      py(
        t + rng.float(100, 900),
        "rtu_poller.timesync",
        "ERROR",
        `Time sync (C_CS_NA_1) to RTU ${r} refused: negative confirmation (P/N=1)`,
        { rtu: r, cot: 7 },
        "error",
      );
    }
  });
  // historian rejects samples whose RTU timestamps are ahead of the drifted local clock by > 2 s
  const rejectFrom = lost + (2.0 / DRIFT) * MIN;
  if (rejectFrom < fallback) {
    poisson(rng, rejectFrom, fallback, 70 * SEC, (t) => {
      j(
        t,
        "ERROR",
        "com.gridco.historian.IngestFilter",
        `Rejected sample with future timestamp (skew +${skewAt(t).toFixed(2)}s > 2.00s) for point ${points()}`,
        "error",
      );
    });
  }
  jd(fallback, "chronyd", chronyPid, 6, `Selected source 10.20.0.${rng.int(2, 9)} (ntp1.grid.local)`, "chronyd.service", "pattern");
  const wrong = skewAt(fallback);
  jd(
    fallback + rng.float(0.5, 2) * SEC,
    "chronyd",
    chronyPid,
    4,
    `System clock wrong by -${wrong.toFixed(6)} seconds, adjustment started`,
    "chronyd.service",
    "pattern",
  );

  return tl.build(
    "grid-scada-gps-loss-clock-drift",
    "Grid SCADA front-end where ERROR/CRITICAL are routine radio/test-feeder noise; the real alert is rare gpsd/chronyd/time-skew lines after the GPS reference is lost (python-json-logger/log4j2/journald).",
  );
}
