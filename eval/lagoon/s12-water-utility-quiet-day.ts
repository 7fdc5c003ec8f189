// s12: water utility telemetry and customer portal, 6 h of an ordinary day. Nothing goes wrong: the
// logs hold only what this system always writes, at its everyday rate and values: a station that
// answers on its backup link, checksum errors from an old RTU and the duplicate-key errors its
// re-polls cause, a cellular RTU that misses a cycle now and then, a reservoir below its advisory
// level at the evening peak, a Celery retry when the meter head-end blips, and the portal's 404s and
// 401s. No line is labelled.
//
// Producers: rtu-poller (GELF 1.1), historian-db (PostgreSQL 16 jsonlog), meter-ingest (Celery 5 and
// beat with python-json-logger), customer-portal edge (HAProxy 2.8 JSON log-format, times in ms).
// Healthy medians: RTU poll 40 ms (fibre) / 220 ms (cellular); portal account 45 ms, usage 210 ms,
// payments 600 ms, outages 30 ms, static 3 ms; ingest batch 12.4 s, leak detection 42 s, reminders
// 3.1 s; the hourly consumption report 800 ms. No memory readings.
import { arrivals, epochS3, HOUR, isoMs, MIN, pgTime, pyTime, Rng, round, SEC, startTime, Timeline, ticks, us } from "./rng.js";
import type { Scenario } from "./types.js";

const STATIONS = Array.from({ length: 14 }, (_, i) => ({
  id: `PS-${String(i + 1).padStart(2, "0")}`,
  cellular: [2, 5, 6, 9, 11, 13].includes(i + 1),
}));

export function waterUtilityQuietDay(seed: number): Scenario {
  const r = new Rng(seed, "lagoon/s12");
  const tl = new Timeline();
  const from = startTime(r, 13, 15);
  const to = from + 6 * HOUR;
  const pgStart = pgTime(from - r.float(5, 20) * 24 * HOUR);

  // ---- producers ---------------------------------------------------------------------------------------
  const gelf = (t: number, level: number, msg: string, extra: Record<string, unknown>): void => {
    tl.add(t, "ms", { version: "1.1", host: "scada-poller-01", short_message: msg, timestamp: epochS3(t), level, _app: "rtu-poller", ...extra });
  };
  const pg = (t: number, sev: string, message: string, extra: Record<string, unknown> = {}): void => {
    const pid = (extra.pid as number | undefined) ?? r.int(30_000, 39_000);
    tl.add(t, "ms", {
      timestamp: pgTime(t),
      user: "historian",
      dbname: "historian",
      pid,
      remote_host: "10.40.1.20",
      remote_port: r.port(),
      session_id: `66a1f0c2.${pid.toString(16)}`,
      line_num: r.int(1, 400),
      ps: "idle",
      session_start: pgStart,
      vxid: `${r.int(2, 20)}/${r.int(10_000, 99_999)}`,
      txid: 0,
      error_severity: sev,
      message,
      application_name: "rtu-poller",
      backend_type: "client backend",
      query_id: 0,
      ...extra,
    });
  };
  const celery = (t: number, level: string, name: string, message: string, extra: Record<string, unknown> = {}): void => {
    tl.add(t, "ms", {
      asctime: pyTime(t),
      levelname: level,
      name,
      processName: name === "celery.beat" ? "Beat" : `ForkPoolWorker-${r.int(1, 4)}`,
      message,
      service: "meter-ingest",
      ...extra,
    });
  };
  const haproxy = (t: number, method: string, path: string, status: number, ta: number, server: string): void => {
    const tr = Math.max(0, Math.round(ta - r.float(0.5, 2)));
    tl.add(t, "ms", {
      timestamp: isoMs(t),
      client_ip: r.ip(r.pick(["81.98", "94.2", "176.24", "2.99"])),
      client_port: r.port(),
      frontend: "fe_https~",
      backend: server ? "be_portal" : "be_static",
      server: server || "static-1",
      TR: r.int(0, 3),
      Tw: 0,
      Tc: r.int(0, 1),
      Tr: tr,
      Ta: Math.round(ta),
      status_code: status,
      bytes_read: status >= 400 ? r.int(180, 400) : r.int(900, 48_000),
      termination_state: "----",
      actconn: r.int(20, 60),
      feconn: r.int(18, 58),
      beconn: r.int(4, 20),
      srv_conn: r.int(1, 8),
      retries: 0,
      srv_queue: 0,
      backend_queue: 0,
      http_method: method,
      http_request: path,
      http_version: "HTTP/2.0",
      unique_id: r.hex(24).toUpperCase(),
    });
  };

  // ---- rtu-poller ----------------------------------------------------------------------------------------
  for (const st of STATIONS) {
    for (const t of ticks(r, from, to, 2 * MIN, SEC)) {
      const ms = r.healthy(st.cellular ? 220 : 40, 0.3);
      if (st.id === "PS-13" && r.chance(0.05)) {
        gelf(us(t + 5000), 3, "RTU PS-13 did not respond within 5 s; skipped this cycle", { _station: st.id, _link: "cellular" });
        continue;
      }
      if (st.id === "PS-06" && r.chance(0.025)) {
        gelf(us(t + ms), 3, "frame checksum error from RTU PS-06, frame discarded; will re-poll", { _station: st.id, _link: "fibre" });
        pg(us(t + ms + 2300), "ERROR", 'duplicate key value violates unique constraint "readings_pkey"', {
          state_code: "23505",
          detail: `Key (station_id, ts)=(PS-06, ${isoMs(t).slice(0, 19).replace("T", " ")}+00) already exists.`,
          statement: "INSERT INTO readings (station_id, ts, flow_lps, pressure_bar) VALUES ($1, $2, $3, $4)",
        });
        continue;
      }
      gelf(us(t + ms), 6, `poll ${st.id} ok`, {
        _station: st.id,
        _link: st.cellular ? "cellular" : "fibre",
        _poll_ms: Math.round(ms),
        _flow_lps: round(r.float(12, 95), 1),
        _pressure_bar: round(r.float(3.1, 5.4), 2),
      });
    }
  }
  for (const t of ticks(r, from, to, 30 * MIN, 10 * MIN)) {
    gelf(t, 4, "RTU PS-09 answered on secondary link (primary cellular unavailable)", { _station: "PS-09", _link: "secondary" });
  }
  const peak = us(from + r.float(3.5, 4.2) * HOUR);
  for (const t of ticks(r, peak, us(peak + 2 * HOUR), 20 * MIN, 2 * MIN)) {
    const lvl = r.float(36, 39.8);
    gelf(t, 4, `Reservoir R2 level ${lvl.toFixed(1)}% below advisory 40%`, { _reservoir: "R2", _level_pct: round(lvl, 1) });
  }

  // ---- historian-db -----------------------------------------------------------------------------------------
  const bg = { user: null, dbname: null, remote_host: null, remote_port: null, application_name: "", ps: "" };
  for (const t of ticks(r, from, to, 5 * MIN, 0)) {
    pg(t, "LOG", "checkpoint starting: time", { ...bg, pid: 58, backend_type: "checkpointer" });
    const w = r.float(268, 270);
    pg(
      us(t + w * 1000),
      "LOG",
      `checkpoint complete: wrote ${r.int(300, 900)} buffers (${r.float(1.5, 5).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 1)} recycled; write=${w.toFixed(3)} s, sync=0.00${r.int(2, 9)} s, total=${(w + 0.01).toFixed(3)} s; sync files=${r.int(20, 40)}, longest=0.002 s, average=0.001 s; distance=${r.int(3000, 9000)} kB, estimate=${r.int(6000, 9000)} kB; lsn=1C/${r.hex(8).toUpperCase()}, redo lsn=1C/${r.hex(8).toUpperCase()}`,
      { ...bg, pid: 58, backend_type: "checkpointer" },
    );
  }
  for (const t of ticks(r, from, to, 15 * MIN, 5 * MIN)) {
    pg(
      t,
      "LOG",
      `automatic vacuum of table "historian.public.readings": index scans: 1\npages: 0 removed, ${r.int(90_000, 99_000)} remain, ${r.int(900, 3000)} scanned (${r.float(1, 3).toFixed(2)}% of total)\ntuples: ${r.int(2000, 9000)} removed, ${r.int(9_000_000, 9_900_000)} remain, 0 are dead but not yet removable`,
      { ...bg, pid: r.int(40_000, 49_000), backend_type: "autovacuum worker" },
    );
  }
  for (const t of ticks(r, from, to, 2 * MIN, 40 * SEC)) {
    pg(t, "LOG", "connection authorized: user=grafana database=historian application_name=grafana", {
      user: "grafana",
      application_name: "grafana",
      ps: "authentication",
    });
  }
  for (const t of ticks(r, from, to, HOUR, 2 * MIN)) {
    const ms = r.healthy(800, 0.3);
    pg(
      us(t + ms),
      "LOG",
      `duration: ${ms.toFixed(3)} ms  execute <unnamed>: SELECT zone_id, date_trunc('hour', ts) AS h, sum(volume_m3) FROM meter_reads WHERE ts >= now() - interval '24 hours' GROUP BY 1, 2 ORDER BY 1, 2`,
      { user: "reports", application_name: "consumption-report", ps: "SELECT" },
    );
  }

  // ---- meter-ingest (Celery) ------------------------------------------------------------------------------------
  const task = (t: number, name: string, median: number, result: string, retryNote?: string): void => {
    const id = r.uuid();
    celery(t, "INFO", "celery.worker.strategy", `Task meters.tasks.${name}[${id}] received`);
    const s = r.healthy(median, 0.3);
    if (retryNote) {
      celery(us(t + s * 300), "INFO", "celery.app.trace", `Task meters.tasks.${name}[${id}] retry: Retry in 60s: ${retryNote}`);
      return;
    }
    celery(us(t + s * 1000), "INFO", "celery.app.trace", `Task meters.tasks.${name}[${id}] succeeded in ${s.toFixed(3)}s: ${result}`);
  };
  const blips = new Set([r.int(10, 30), r.int(40, 70)]);
  ticks(r, from, to, 5 * MIN, 0).forEach((t, k) => {
    celery(t, "INFO", "celery.beat", "Scheduler: Sending due task ingest-ami-batch (meters.tasks.ingest_batch)");
    task(
      us(t + r.float(20, 200)),
      "ingest_batch",
      12.4,
      `{'rows': ${r.int(16_000, 21_000)}}`,
      blips.has(k) ? "ConnectionError('head-end API returned 503 Service Unavailable')" : undefined,
    );
  });
  for (const t of ticks(r, from, to, HOUR, 0)) {
    celery(us(t + 30 * SEC), "INFO", "celery.beat", "Scheduler: Sending due task detect-leaks (meters.tasks.detect_leaks)");
    task(us(t + 30 * SEC + 150), "detect_leaks", 42, `{'flagged_meters': ${r.int(3, 14)}}`);
    celery(us(t + 10 * MIN), "INFO", "celery.beat", "Scheduler: Sending due task bill-reminders (meters.tasks.send_bill_reminders)");
    task(us(t + 10 * MIN + 120), "send_bill_reminders", 3.1, `{'sent': ${r.int(40, 300)}}`);
  }

  // ---- customer portal -----------------------------------------------------------------------------------------------
  const ROUTES = [
    ["GET", "/account", 45, 20, true],
    ["GET", "/usage?range=30d", 210, 12, true],
    ["POST", "/payments", 600, 3, true],
    ["GET", "/outages", 30, 8, true],
    ["GET", "/static/", 3, 45, false],
  ] as const;
  for (const t of arrivals(r, from, to, 6)) {
    const [method, path, median, , app] = r.weighted(ROUTES.map((x) => [x, x[3]] as const));
    const full = app ? path : `${path}${r.pick(["app.91c2e1.js", "app.91c2e1.css", "logo.svg", "fonts/inter.woff2"])}`;
    const status = app ? (r.chance(0.01) ? 401 : r.chance(0.02) ? 404 : method === "POST" ? 201 : 200) : r.chance(0.1) ? 304 : 200;
    haproxy(t, method, full, status, r.healthy(median, 0.3), app ? `portal-${r.int(1, 3)}` : "");
  }

  return tl.build(
    "water-utility-quiet-day",
    "Water utility: an ordinary six hours of RTU polling, historian upkeep, meter ingestion and customer-portal traffic, with only the everyday warnings and errors (backup link, checksum re-polls and their duplicate keys, a missed cellular cycle, a low reservoir at peak, a head-end retry); nothing is labelled.",
  );
}
