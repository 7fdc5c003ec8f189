// Hospital pager gateway, about 90 minutes. Paging carrier B's SNPP endpoint starts refusing connections soon after
// the window opens. The SNPP bridge retries every few seconds and writes the very same error line each time (over a
// thousand identical lines), its carrier-B queue grows, undeliverable pages are handed back and the escalation engine
// re-routes them to carrier A. Most lines of the incident are anomalous. Carrier B comes back near the end.
//
// Producers: page-router (logback JSON), snpp-bridge (rsyslog JSON template, programname snppd),
// escalation-engine (structlog), nurse-call-adapter (GELF).
// Healthy bands: snpp-bridge queue depth 0-5 pages per carrier; page acceptance is not timed.
// Routine noise (null): pagers not acknowledging and being re-paged (ERROR), unknown pager numbers (ERROR),
// on-call schedule gaps (ERROR), bed-exit and nurse-call alarms (CRITICAL, GELF level 2), low pager batteries (WARN).
// Labelled: the refused connection (error, repeated), carrier-B queue depth above 5 (performance), pages handed back
// undeliverable (error), re-routing to the backup carrier (pattern), reconnection and queue flush (pattern).
import { arrivals, epochS, isoMicro, isoOffset, type Label, LogBook, type Log, MIN, pad2, Rng, SEC } from "./rng.js";
import { startOf, ticks } from "./rng.js";
import type { Scenario } from "./types.js";

export function pagerGatewayRefusedFlood(seed: number): Scenario {
  const r = new Rng(seed, 404);
  const t0 = startOf(r);
  const span = (90 + r.int(-8, 8)) * MIN;
  const end = t0 + span;
  const book = new LogBook();
  const downAt = t0 + span * r.float(0.07, 0.11);
  const upAt = t0 + span * r.float(0.93, 0.96);
  const down = (t: number): boolean => t >= downAt && t < upAt;

  const bIp = `10.40.${r.int(1, 9)}.${r.int(10, 60)}`;
  const aIp = `10.40.${r.int(10, 19)}.${r.int(10, 60)}`;
  const bridgeHost = `pgw-bridge-0${r.int(1, 3)}`;
  const bridgePid = String(r.int(900, 9_000));
  const routerHost = r.pod("page-router");
  const wards = ["3A", "3B", "4B", "ICU-2", "ED", "MAT-1", "ONC-5"];
  const pager = (): number => r.int(1_000, 4_999);
  let pageSeq = r.int(80_000, 90_000);

  const logback = (level: string, message: string, extra: Log) => (t: number) => ({
    "@timestamp": isoOffset(t),
    "@version": "1",
    message,
    logger_name: "nhs.paging.router.PageRouter",
    thread_name: `router-${r.int(1, 6)}`,
    level,
    level_value: level === "ERROR" ? 40000 : level === "WARN" ? 30000 : 20000,
    app: "page-router",
    host: routerHost,
    ...extra,
  });
  const syslog = (severity: string, message: string) => (t: number) => ({
    "@timestamp": isoOffset(t),
    host: bridgeHost,
    severity,
    facility: "daemon",
    programname: "snppd",
    procid: bridgePid,
    message,
  });
  const structlog = (level: string, event: string, extra: Log) => (t: number) => ({
    event,
    service: "escalation-engine",
    ...extra,
    level,
    timestamp: isoMicro(t),
  });
  const gelf = (level: number, msg: string, extra: Log) => (t: number) => ({
    version: "1.1",
    host: "nc-adapter-1",
    short_message: msg,
    timestamp: epochS(t),
    level,
    _app: "nurse-call-adapter",
    ...extra,
  });

  // Pages: routed by page-router, sent by the SNPP bridge to carrier A or B.
  const pending: number[] = [];
  for (const t of arrivals(r, t0, end, 3.3)) {
    const id = pageSeq++;
    const p = pager();
    const carrier = r.chance(0.45) ? "carrier-b" : "carrier-a";
    const prio = r.weighted([
      ["routine", 6],
      ["urgent", 3],
      ["code-blue", 1],
    ] as const);
    book.add(t, null, logback("INFO", `Page ${id} routed to ${carrier} for pager ${p}`, { priority: prio }));
    if (carrier === "carrier-a" || !down(t + 400)) {
      const ip = carrier === "carrier-a" ? aIp : bIp;
      const sent = `page ${id} to ${p} via ${carrier} ${ip}:444: 250 Message Sent OK`;
      book.add(t + r.int(150, 900), null, syslog("info", sent));
      if (r.chance(0.06)) {
        const msg = `Pager ${p} did not acknowledge page ${id} within 120s, re-paging (attempt 2/3)`;
        book.add(t + 120 * SEC, null, logback("ERROR", msg, {}));
      }
      continue;
    }
    // Carrier B is refusing: the page waits in its queue, is handed back after 180 s and re-routed to carrier A.
    pending.push(t);
    const back = t + 180 * SEC + r.int(0, 4_000);
    const msg = `page ${id} to ${p} undeliverable: carrier-b unreachable for 180s, returned to escalation`;
    book.add(back, "error", syslog("warning", msg));
    const alert = `AL-${r.digits(6)}`;
    book.add(
      back + r.int(50, 400),
      "pattern",
      structlog("warning", "alert re-routed to backup carrier", {
        alert,
        page_id: id,
        pager: p,
        from_carrier: "carrier-b",
        to_carrier: "carrier-a",
        reason: "delivery_failed",
      }),
    );
    const sent = `page ${id} to ${p} via carrier-a ${aIp}:444: 250 Message Sent OK`;
    book.add(back + r.int(600, 1_500), null, syslog("info", sent));
  }
  for (const t of arrivals(r, t0, end, 0.2)) {
    book.add(t, null, logback("ERROR", `Pager ${r.int(5_000, 9_999)} unknown to directory, page dropped`, {}));
  }

  // The same refused line every few seconds while carrier B is down.
  const refused = `connect to carrier-b ${bIp}:444 failed: Connection refused`;
  for (let t = downAt; t < upAt; t += r.int(3_500, 4_500)) book.add(t, "error", syslog("err", refused));
  const outage = Math.round((upAt - downAt) / SEC);
  book.add(upAt, "pattern", syslog("notice", `connected to carrier-b ${bIp}:444 after ${outage}s`));
  const flushed = pending.length;
  book.add(upAt + 2_000, "pattern", syslog("notice", `flushed ${flushed} queued pages to carrier-b`));

  // Queue depth per carrier every minute.
  for (const t of ticks(r, t0 + r.int(10, 50) * SEC, end, MIN)) {
    const queued = down(t) ? pending.filter((p) => p < t).length : r.int(0, 2);
    const label: Label = queued > 5 ? "performance" : null;
    const severity = queued > 5 ? "warning" : "info";
    book.add(t, label, syslog(severity, `queue carrier-b depth=${queued} oldest=${queued > 0 ? r.int(5, 60) : 0}s`));
    book.add(t + 3, null, syslog("info", `queue carrier-a depth=${r.int(0, 3)} oldest=${r.int(0, 20)}s`));
  }

  // Escalation engine and nurse-call adapter, routine.
  for (const t of arrivals(r, t0, end, 1)) {
    book.add(
      t,
      null,
      structlog("info", "escalation step advanced", {
        alert: `AL-${r.digits(6)}`,
        step: r.int(1, 3),
        ward: r.pick(wards),
      }),
    );
  }
  for (const t of arrivals(r, t0, end, 0.15)) {
    const ward = r.pick(wards);
    book.add(
      t,
      null,
      structlog("error", "on-call schedule gap, falling back to charge nurse", {
        ward,
        gap: `${pad2(r.int(0, 23))}:00-${pad2(r.int(0, 23))}:00`,
      }),
    );
  }
  for (const t of arrivals(r, t0, end, 1.6)) {
    const ward = r.pick(wards);
    const bed = r.int(1, 30);
    const kind = r.weighted([
      ["nurse-call", 6],
      ["bed-exit", 3],
      ["bathroom pull-cord", 1],
    ] as const);
    const level = kind === "nurse-call" ? 3 : 2;
    book.add(t, null, gelf(level, `${kind} alarm bed ${bed} ward ${ward}`, { _ward: ward, _bed: bed }));
  }
  for (const t of arrivals(r, t0, end, 0.08)) {
    book.add(t, null, gelf(4, `pager ${pager()} battery low (${r.int(5, 15)}%)`, {}));
  }

  return {
    name: "pager-gateway-refused-flood",
    description: "Hospital paging carrier B refuses SNPP connections: one error line repeated over a thousand times",
    ...book.build(),
  };
}
