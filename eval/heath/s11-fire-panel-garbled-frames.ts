// Fire-alarm panel gateway for a campus, about two hours. A firmware update on panel FP-07 changes its frame layout.
// The bridge cannot parse it: it logs checksum mismatches, dumps the raw frame as a long hex INFO line a dozen times
// (600-1,500 characters, never written when healthy), and misdecodes frames as hundreds of alarms. The bogus alarms
// flood the event router (queue and routing latency climb), which floods the alarm-receiving-centre link (acks slow,
// time out, the link fails over to its secondary path), and the building dashboard, which reads the router, times
// out. A technician rolls FP-07's firmware back and everything drains.
//
// Producers: panel-bridge (rsyslog JSON template, programname panelbridge), event-router (zap, string durations),
// arc-link (logback JSON), building-dashboard (pino-http).
// Healthy bands (median; healthy values stay within 3x of it): event-router "event routed" 15 ms; arc-link "DC-09
// message acknowledged" 120 ms (durationMs); dashboard GET /api/panels 40 ms, GET /api/panels/:id/points 25 ms
// (responseTime). Event queue depth 0-20; a poll reports 0-1 points in alarm; a frame decodes 0-4 events.
// Routine noise (null): FP-02's known low standby battery (WARN), duplicate events suppressed (WARN), the hourly
// PSTN secondary-path test failing on a busy line (ERROR).
// Labelled: hex frame dumps, mass-alarm polls and decodes, failover and recovery (pattern); checksum mismatches and
// 503s (error); queue depth above band, slow routing and acks, ack and dashboard timeouts (performance).
import { arrivals, epochS, isoOffset, type Label, LogBook, type Log, MIN, Rng, SEC, startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function firePanelGarbledFrames(seed: number): Scenario {
  const r = new Rng(seed, 1111);
  const t0 = startOf(r);
  const span = (120 + r.int(-10, 10)) * MIN;
  const end = t0 + span;
  const book = new LogBook();
  const updateAt = t0 + span * r.float(0.25, 0.33);
  const floodAt = updateAt + r.int(60, 120) * SEC;
  const failoverAt = floodAt + r.int(8, 14) * MIN;
  const rollbackAt = t0 + span * r.float(0.76, 0.82);
  const drainedAt = rollbackAt + r.int(3, 6) * MIN;
  const restoreAt = drainedAt + r.int(1, 3) * MIN;
  const garbled = (t: number): boolean => t >= updateAt && t < rollbackAt;
  const flooding = (t: number): boolean => t >= floodAt && t < drainedAt;
  const panels = ["FP-01", "FP-02", "FP-03", "FP-04", "FP-05", "FP-06", "FP-07", "FP-08"];
  const account = r.int(1_000, 9_999);
  const arcHost = r.pod("arc-link");
  const dashHost = r.pod("building-dashboard");
  let reqId = r.int(100, 9_999);

  const syslog = (severity: string, message: string) => (t: number) => ({
    "@timestamp": isoOffset(t),
    host: "fire-gw-01",
    severity,
    facility: "local3",
    programname: "panelbridge",
    procid: "1408",
    message,
  });
  const zap = (level: string, msg: string, extra: Log) => (t: number) => ({
    level,
    ts: epochS(t),
    caller: "router/dispatch.go:201",
    msg,
    service: "event-router",
    ...extra,
  });
  const logback = (level: string, message: string, extra: Log) => (t: number) => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: "campus.fire.arc.Dc09Link",
    thread_name: `dc09-sender-${r.int(1, 4)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "arc-link",
    host: arcHost,
    ...extra,
  });
  const pino = (level: number, msg: string, extra: Log) => (t: number) => ({
    level,
    time: t,
    pid: 1,
    hostname: dashHost,
    name: "building-dashboard",
    ...extra,
    msg,
  });

  // Panel polls every two minutes.
  for (const panel of panels) {
    for (const t of ticks(r, t0 + r.int(0, 119) * SEC, end, 2 * MIN, 0.02)) {
      const bad = panel === "FP-07" && garbled(t);
      const points = panel === "FP-07" ? 212 : r.pick([96, 128, 180, 240]);
      const alarms = bad ? r.int(150, 212) : r.chance(0.02) ? 1 : 0;
      const trouble = panel === "FP-02" ? 1 : 0;
      const msg = `panel ${panel} poll ok: ${points} points, ${alarms} in alarm, ${trouble} in trouble`;
      book.add(t, bad ? "pattern" : null, syslog(bad ? "warning" : "info", msg));
    }
  }
  for (const t of ticks(r, t0 + r.int(0, 599) * SEC, end, 10 * MIN)) {
    book.add(t, null, syslog("warning", "panel FP-02 trouble: standby battery low (known, ticket FM-441)"));
  }

  // Events decoded from frames; FP-07's garbled frames decode as hundreds of alarms.
  const route = (t: number, panel: string, point: string, kind: string): void => {
    const slow = flooding(t);
    const ms = slow ? r.slow(15, 10, 200) : r.healthy(15);
    const label: Label = slow ? "performance" : null;
    book.add(t + ms, label, zap("info", "event routed", { panel, point, kind, duration: `${ms.toFixed(1)}ms` }));
    const ackSlow = flooding(t) && t < failoverAt && r.chance(0.7);
    if (ackSlow && r.chance(0.3)) {
      const msg = `ARC ack timeout after 10000ms for account ${account}, retrying`;
      book.add(t + ms + 10_000, "performance", logback("WARN", msg, { event: kind, point }));
      return;
    }
    const ack = ackSlow ? r.slow(120, 6, 40) : r.healthy(120);
    const msg = "DC-09 message acknowledged by ARC";
    const ackLabel: Label = ackSlow ? "performance" : null;
    book.add(t + ms + ack, ackLabel, logback("INFO", msg, { durationMs: Math.round(ack), event: kind }));
  };
  for (const t of arrivals(r, t0, end, 2)) {
    const panel = r.pick(panels.filter((p) => p !== "FP-07"));
    const n = r.int(1, 4);
    book.add(t, null, syslog("info", `decoded ${n} events from panel ${panel}`));
    route(t + 5, panel, `${r.int(1, 4)}/${r.int(1, 64)}`, r.pick(["TROUBLE", "RESTORE", "SUPERVISORY", "ACK"]));
  }
  for (const t of arrivals(r, updateAt, rollbackAt, 3)) {
    const got = r.hex(2);
    const want = r.hex(2);
    const msg = `checksum mismatch on frame from FP-07 (got 0x${got}, want 0x${want}), resync requested`;
    book.add(t, "error", syslog("err", msg));
  }
  const every = (rollbackAt - updateAt - MIN) / 12;
  const dumps = Array.from({ length: 12 }, (_, k) => updateAt + 30 * SEC + k * every + r.float(0, 0.5) * every);
  for (const t of dumps) {
    const len = r.int(200, 460);
    const bytes = Array.from({ length: len }, () => r.hex(2)).join(" ");
    book.add(t, "pattern", syslog("info", `frame dump FP-07 len=${len}: ${bytes}`.slice(0, 1_500)));
  }
  for (const t of arrivals(r, floodAt, rollbackAt, 0.6)) {
    book.add(t, "pattern", syslog("warning", `decoded ${r.int(150, 212)} events from panel FP-07`));
  }
  for (const t of arrivals(r, floodAt, rollbackAt, 7)) {
    route(t, "FP-07", `${r.int(1, 4)}/${r.int(1, 64)}`, "FIRE");
  }
  for (const t of arrivals(r, t0, end, 0.2)) {
    book.add(t, null, zap("warn", "duplicate event suppressed", { panel: r.pick(panels), window_s: 30 }));
  }

  // Router queue every minute (five when calm).
  for (const t of ticks(r, t0 + r.int(0, 59) * SEC, end, MIN)) {
    const busy = flooding(t);
    if (!busy && r.chance(0.8)) continue;
    const depth = busy ? r.int(600, 5_500) : r.int(0, 14);
    const label: Label = busy ? "performance" : null;
    book.add(t, label, zap(busy ? "warn" : "info", "event queue depth", { depth, high_water: 500 }));
  }

  // The alarm-receiving-centre link fails over and back.
  const degraded = "ARC link marked DEGRADED, switching to secondary path";
  book.add(failoverAt, "pattern", logback("WARN", degraded, { account }));
  book.add(restoreAt, "pattern", logback("INFO", "ARC link restored to primary path", { account }));
  for (const t of ticks(r, t0 + r.int(0, 299) * SEC, end, 5 * MIN)) {
    book.add(t, null, logback("INFO", "DC-09 supervision poll ok", { account }));
  }
  for (const t of ticks(r, t0 + r.int(1, 59) * MIN, end, 60 * MIN)) {
    book.add(t, null, logback("ERROR", "ARC secondary path test failed: PSTN line busy", { account }));
  }
  book.add(rollbackAt, "pattern", syslog("notice", "panel FP-07 firmware 4.1.3 restored, link re-initialised"));

  // Dashboard reads the router.
  for (const t of arrivals(r, t0, end, 3)) {
    const panel = r.pick(panels);
    const points = r.chance(0.5);
    const url = points ? `/api/panels/${panel}/points` : "/api/panels";
    const median = points ? 25 : 40;
    let status = 200;
    let ms = r.healthy(median);
    let label: Label = null;
    if (flooding(t)) {
      if (points && panel === "FP-07") {
        status = 503;
        label = "error";
      } else if (r.chance(0.6)) {
        ms = r.chance(0.3) ? 30_000 : r.slow(median, 8, 60);
        status = ms >= 30_000 ? 504 : 200;
        label = "performance";
      }
    }
    book.add(
      t + ms,
      label,
      pino(30, "request completed", {
        req: { id: reqId++, method: "GET", url },
        res: { statusCode: status },
        responseTime: Math.round(ms),
      }),
    );
  }

  return {
    name: "fire-panel-garbled-frames",
    description: "Fire panel firmware garbles frames: hex dumps, bogus alarms flood router, ARC link and dashboard",
    ...book.build(),
  };
}
